//! The three output formats: markdown for a pull-request comment, JSON (stable, documented in
//! the README) and GitHub workflow commands.

use serde_json::{json, Value};

use super::api_diff::Bump;
use super::effects::{CrateError, Entry};
use super::wire::{Severity, Where};

/// The result of a `--check-version` run.
pub struct VersionCheck {
    pub old: String,
    pub new: String,
    /// `None` when the crate side could not be computed: the check cannot pass then.
    pub needed: Option<Bump>,
    pub ok: bool,
    pub suggestion: String,
}

/// The bump the generated crate needs, or why it is not known.
pub enum CrateVerdict {
    Known(Bump),
    /// The generator rejects one side: the wire review stands alone.
    Unknown(CrateError),
}

impl CrateVerdict {
    /// The JSON value of `crate_semver`: a bump, or `"unknown"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            CrateVerdict::Known(b) => b.as_str(),
            CrateVerdict::Unknown(_) => "unknown",
        }
    }

    pub fn error(&self) -> Option<&CrateError> {
        match self {
            CrateVerdict::Known(_) => None,
            CrateVerdict::Unknown(e) => Some(e),
        }
    }
}

/// Everything a report shows.
pub struct Report {
    pub old_label: String,
    pub new_label: String,
    pub entries: Vec<Entry>,
    pub crate_semver: CrateVerdict,
    pub version: Option<VersionCheck>,
}

impl Report {
    pub fn wire_breaking(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.severity == Severity::Breaking)
    }

    fn count(&self, s: Severity) -> usize {
        self.entries.iter().filter(|e| e.severity == s).count()
    }

    fn file(&self, e: &Entry) -> &str {
        match e.place {
            Where::Old => &self.old_label,
            Where::New => &self.new_label,
        }
    }

    /// Whether an entry goes in the table of breaking changes: on the wire or for Rust code.
    fn is_breaking(e: &Entry) -> bool {
        e.severity == Severity::Breaking || e.crate_bump() == Bump::Major
    }
}

fn crate_effect_json(r: &Report, e: &Entry) -> Value {
    let semver = match r.crate_semver {
        CrateVerdict::Known(_) => e.crate_bump().as_str(),
        CrateVerdict::Unknown(_) => "unknown",
    };
    json!({
        "semver": semver,
        "items": e.crate_effects.iter().map(|c| json!({
            "path": c.path,
            "semver": c.bump.as_str(),
            "change": c.what,
        })).collect::<Vec<_>>(),
    })
}

/// The JSON document: see the README for its fields.
pub fn json(r: &Report) -> String {
    let changes: Vec<Value> = r
        .entries
        .iter()
        .map(|e| {
            json!({
                "pointer": e.pointer.as_str(),
                "file": r.file(e),
                "line": e.line,
                "severity": e.severity.as_str(),
                "direction": e.direction,
                "rule": e.rule,
                "message": e.message,
                "crate_effect": crate_effect_json(r, e),
            })
        })
        .collect();
    let mut doc = json!({
        "old": r.old_label,
        "new": r.new_label,
        "wire_breaking": r.wire_breaking(),
        "crate_semver": r.crate_semver.as_str(),
        "counts": {
            "breaking": r.count(Severity::Breaking),
            "warning": r.count(Severity::Warning),
            "info": r.count(Severity::Info),
        },
        "changes": changes,
    });
    if let Some(e) = r.crate_semver.error() {
        doc["crate_error"] = json!(e.message);
    }
    if let Some(v) = &r.version {
        doc["version_check"] = json!({
            "old": v.old,
            "new": v.new,
            "needed": v.needed.map_or("unknown", Bump::as_str),
            "ok": v.ok,
        });
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn location(r: &Report, e: &Entry) -> String {
    let file = r.file(e);
    let at = match e.line {
        Some(l) => format!("{file}:{l}"),
        None => file.to_owned(),
    };
    let pointer = if e.pointer.is_root() {
        String::new()
    } else {
        format!(" `{}`", e.pointer)
    };
    format!("`{at}`{pointer}")
}

fn crate_cell(r: &Report, e: &Entry) -> String {
    if r.crate_semver.error().is_some() {
        return "not computed".to_owned();
    }
    if e.crate_effects.is_empty() {
        return "none".to_owned();
    }
    let items: Vec<String> = e
        .crate_effects
        .iter()
        .map(|c| format!("`{}` {}", c.path, c.what))
        .collect();
    format!("**{}**: {}", e.crate_bump().as_str(), items.join("; "))
}

/// Table cells cannot hold `|` or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The pull-request comment: a summary line, the breaking changes in a table, the rest folded.
pub fn markdown(r: &Report) -> String {
    let mut out = String::new();
    let verdict = if r.wire_breaking() {
        "**breaking on the wire**"
    } else {
        "not breaking on the wire"
    };
    let bump = match &r.crate_semver {
        CrateVerdict::Known(Bump::None) => "no change to the generated crate".to_owned(),
        CrateVerdict::Known(b) => format!("the generated crate needs a **{}** bump", b.as_str()),
        CrateVerdict::Unknown(_) => "the crate bump is **unknown**".to_owned(),
    };
    out.push_str(&format!(
        "### Spec review: {verdict}; {bump}\n\n`{}` → `{}`: {} breaking, {} warning(s), {} info.\n",
        r.old_label,
        r.new_label,
        r.count(Severity::Breaking),
        r.count(Severity::Warning),
        r.count(Severity::Info)
    ));
    if let Some(e) = r.crate_semver.error() {
        out.push_str(&format!(
            "\n**Warning: the crate side was not computed**: the generator rejects a spec, so \
             only the wire changes below are reviewed.\n\n> {}\n",
            e.message
        ));
    }
    if let Some(v) = &r.version {
        let line = if let Some(needed) = v.needed.filter(|n| *n != Bump::None) {
            if v.ok {
                format!(
                    "Crate version {} → {} carries the {} bump needed.",
                    v.old,
                    v.new,
                    needed.as_str()
                )
            } else {
                format!(
                    "**Crate version {} → {} does not carry the {} bump needed**: set it to at least {} in `codegen.toml`.",
                    v.old, v.new, needed.as_str(), v.suggestion
                )
            }
        } else if v.needed.is_none() {
            format!(
                "**Crate version {} → {} cannot be checked**: the bump needed is unknown.",
                v.old, v.new
            )
        } else {
            format!(
                "No version bump is needed (crate version {} → {}).",
                v.old, v.new
            )
        };
        out.push_str(&format!("\n{line}\n"));
    }
    let breaking: Vec<&Entry> = r
        .entries
        .iter()
        .filter(|e| Report::is_breaking(e))
        .collect();
    if !breaking.is_empty() {
        out.push_str("\n| wire | where | change | flow | crate |\n|---|---|---|---|---|\n");
        for e in &breaking {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                e.severity.as_str(),
                cell(&location(r, e)),
                cell(&e.message),
                e.direction.unwrap_or(""),
                cell(&crate_cell(r, e))
            ));
        }
    }
    for (title, severity) in [("Warnings", Severity::Warning), ("Info", Severity::Info)] {
        let rest: Vec<&Entry> = r
            .entries
            .iter()
            .filter(|e| e.severity == severity && !Report::is_breaking(e))
            .collect();
        if rest.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n<details><summary>{title} ({})</summary>\n\n",
            rest.len()
        ));
        for e in rest {
            let flow = e.direction.map(|d| format!(" ({d})")).unwrap_or_default();
            out.push_str(&format!(
                "- {}{flow}: {}; crate: {}\n",
                location(r, e),
                e.message,
                crate_cell(r, e)
            ));
        }
        out.push_str("\n</details>\n");
    }
    if r.entries.is_empty() {
        out.push_str("\nNo changes to the API.\n");
    }
    out
}

/// Escapes a workflow command's message (`%`, CR, LF) and, for properties, `:` and `,`.
fn escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// One workflow command per change: `::error` for breaking ones, `::warning`, `::notice`.
pub fn github(r: &Report) -> String {
    let mut out = String::new();
    for e in &r.entries {
        let level = if Report::is_breaking(e) {
            "error"
        } else if e.severity == Severity::Warning {
            "warning"
        } else {
            "notice"
        };
        let mut props = format!("file={}", escape(r.file(e), true));
        if let Some(l) = e.line {
            props.push_str(&format!(",line={l}"));
        }
        let title = format!("{} ({})", e.rule, e.severity.as_str());
        props.push_str(&format!(",title={}", escape(&title, true)));
        let crate_note = if e.crate_effects.is_empty() {
            String::new()
        } else {
            format!(" [crate: {}]", e.crate_bump().as_str())
        };
        let message = format!("{}: {}{crate_note}", e.pointer, e.message);
        out.push_str(&format!("::{level} {props}::{}\n", escape(&message, false)));
    }
    let summary = format!(
        "spec review: wire {}, crate bump {}",
        if r.wire_breaking() {
            "breaking"
        } else {
            "not breaking"
        },
        r.crate_semver.as_str()
    );
    out.push_str(&format!(
        "::notice title=spec review::{}\n",
        escape(&summary, false)
    ));
    if let Some(e) = r.crate_semver.error() {
        let mut props = format!("file={}", escape(&e.file, true));
        if let Some(l) = e.line {
            props.push_str(&format!(",line={l}"));
        }
        let message = format!(
            "crate side not computed, only the wire is reviewed: {}",
            e.message
        );
        out.push_str(&format!(
            "::warning {props},title=crate side::{}\n",
            escape(&message, false)
        ));
    }
    if let Some(v) = r.version.as_ref().filter(|v| !v.ok) {
        let message = match v.needed {
            Some(needed) => format!(
                "crate version {} -> {} does not carry the {} bump needed; use at least {}",
                v.old,
                v.new,
                needed.as_str(),
                v.suggestion
            ),
            None => format!(
                "crate version {} -> {} cannot be checked: the bump needed is unknown",
                v.old, v.new
            ),
        };
        out.push_str(&format!(
            "::error file=codegen.toml,title=crate version::{}\n",
            escape(&message, false)
        ));
    }
    out
}
