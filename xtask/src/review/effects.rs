//! Joins the two halves of a review: generates the crate for both specs, diffs their public
//! APIs, and attaches each API change to the wire change(s) that caused it, by schema or
//! operation name. API changes nothing on the wire explains are kept as crate-only entries.

use std::path::PathBuf;

use generator::pointer::JsonPointer;

use super::api_diff::{self, ApiChange, Bump};
use super::sides::Side;
use super::surface;
use super::wire::{Change, Severity, Subject, Where};

/// One line of the report: a wire change with its crate effects, or a crate-only change.
#[derive(Clone, Debug)]
pub struct Entry {
    pub pointer: JsonPointer,
    pub place: Where,
    pub line: Option<usize>,
    pub severity: Severity,
    pub direction: Option<&'static str>,
    pub rule: &'static str,
    pub message: String,
    pub crate_effects: Vec<ApiChange>,
}

impl Entry {
    pub fn crate_bump(&self) -> Bump {
        self.crate_effects
            .iter()
            .map(|c| c.bump)
            .max()
            .unwrap_or(Bump::None)
    }
}

/// What the spec change does to the crate, overall.
pub struct CrateDiff {
    pub changes: Vec<ApiChange>,
    pub bump: Bump,
}

/// Why the crate half of a review could not be computed: the generator rejects one side (a
/// spec the wire rules can still read, such as OpenAPI 3.1), or its output does not parse.
#[derive(Clone, Debug)]
pub struct CrateError {
    /// The side's label, for annotations.
    pub file: String,
    pub line: Option<usize>,
    /// The generator's one-line error, naming the file.
    pub message: String,
}

fn generate(side: &Side) -> Result<generator::Files, CrateError> {
    let options = generator::Options {
        crate_name: "reviewed-api".into(),
        crate_version: "0.0.0".into(),
        standalone: true,
    };
    generator::generate(&side.bytes, std::path::Path::new(&side.label), &options).map_err(|e| {
        CrateError {
            file: side.label.clone(),
            line: e.line,
            message: e.to_string(),
        }
    })
}

/// Generates both crates and diffs their public APIs.
pub fn crate_diff(old: &Side, new: &Side) -> Result<CrateDiff, CrateError> {
    let (a, b) = (generate(old)?, generate(new)?);
    let src = |files: &generator::Files| -> Vec<(PathBuf, String)> {
        files
            .iter()
            .filter(|(p, _)| p.starts_with("src"))
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect()
    };
    let unparsable = |side: &Side, e: String| CrateError {
        file: side.label.clone(),
        line: None,
        message: format!("{}: generated code {e}", side.label),
    };
    let surface_a = surface::surface(&a).map_err(|e| unparsable(old, e))?;
    let surface_b = surface::surface(&b).map_err(|e| unparsable(new, e))?;
    let changes = api_diff::diff(&surface_a, &surface_b);
    let bump = api_diff::needed(&changes, src(&a) != src(&b));
    Ok(CrateDiff { changes, bump })
}

/// Lower-case letters and digits only: `customer_response`, `CustomerResponse` and
/// `customer-response` all become `customerresponse`.
fn norm(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn last_segment(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

/// The names a wire change can be matched by (a renamed operation answers to both names).
fn names(change: &Change) -> Vec<String> {
    let mut out = Vec::new();
    for subject in std::iter::once(&change.subject).chain(&change.also) {
        match subject {
            Subject::Schema(n) | Subject::Operation(n) => out.push(norm(n)),
            Subject::Renamed { old, new } => out.extend([norm(old), norm(new)]),
            Subject::Client | Subject::None => {}
        }
    }
    out
}

/// Values quoted in a message (`enum value(s) "kos" removed`), normalized.
fn quoted(message: &str) -> Vec<String> {
    message.split('"').skip(1).step_by(2).map(norm).collect()
}

/// How much a wire change's pointer or words name the API item itself: the field, builder or
/// variant by name (2), or the type generated for one of its properties or parameters,
/// named after both (`ListItemsMeta`, `PetOwner`: 1).
fn mentions(api: &ApiChange, change: &Change, owner: &str, subjects: &[String]) -> usize {
    let leaf = norm(&api.leaf);
    if leaf.is_empty() {
        return 0;
    }
    let tokens: Vec<String> = change.pointer.tokens().map(|t| norm(&t)).collect();
    // Builders are `with_FIELD`: they name the same property as the field.
    let by_name = tokens
        .iter()
        .any(|t| *t == leaf || leaf.strip_prefix("with") == Some(t.as_str()))
        || quoted(&change.message).contains(&leaf);
    let by_owner = tokens.iter().any(|t| {
        !t.is_empty()
            && subjects
                .iter()
                .any(|n| owner.strip_prefix(n.as_str()) == Some(t.as_str()))
    });
    2 * usize::from(by_name) + usize::from(by_owner)
}

/// How well an API change matches a wire change: 0 is no match; longer names win, and an
/// item named by the change wins over the rest of its schema or operation.
fn score(api: &ApiChange, change: &Change) -> usize {
    let owner = norm(last_segment(&api.owner));
    let leaf = norm(&api.leaf);
    let subjects = names(change);
    let operation = matches!(
        change.subject,
        Subject::Operation(_) | Subject::Renamed { .. }
    );
    let base = match &change.subject {
        Subject::Client => {
            let fits = (owner == "server" && change.rule.starts_with("server"))
                || (owner == "auth" && change.rule.starts_with("security"));
            usize::from(fits)
        }
        _ if operation && owner == "client" => {
            if subjects.contains(&leaf) || is_media_type_method(change, &subjects, &leaf) {
                1000
            } else {
                0
            }
        }
        // Types and variants made for an operation start with its name, wherever they live
        // (`client::ErrorBody::GetPetResponse404`).
        _ => subjects
            .iter()
            .filter(|n| {
                !n.is_empty()
                    && (owner.starts_with(n.as_str()) || operation && leaf.starts_with(n.as_str()))
            })
            .map(|n| n.len())
            .max()
            .unwrap_or(0),
    };
    if base == 0 {
        0
    } else {
        base * 4 + mentions(api, change, &owner, &subjects)
    }
}

/// Whether `leaf` is the extra method the generator makes for the request media type a
/// change adds or removes: the operation's name with the media type's words
/// (`createpetform`, `uploadphotojpeg`), or with the whole media type's when two clash.
fn is_media_type_method(change: &Change, subjects: &[String], leaf: &str) -> bool {
    let tokens: Vec<String> = change.pointer.tokens().map(|t| t.to_string()).collect();
    let [.., body, content, media] = tokens.as_slice() else {
        return false;
    };
    if body != "requestBody" || content != "content" {
        return false;
    }
    let essence = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    let words = norm(&generator::naming::media_type_words(&essence));
    subjects.iter().any(|n| {
        leaf.strip_prefix(n.as_str())
            .is_some_and(|rest| rest == words || rest == norm(&essence))
    })
}

/// The report's entries: every wire change with the API changes it explains, then the API
/// changes nothing on the wire explains.
pub fn join(old: &Side, new: &Side, wire: Vec<Change>, api: &[ApiChange]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = wire
        .iter()
        .map(|c| Entry {
            pointer: c.pointer.clone(),
            place: c.place,
            line: match c.place {
                Where::Old => old.line(&c.pointer),
                Where::New => new.line(&c.pointer),
            },
            severity: c.severity,
            direction: c.direction.map(|d| d.as_str()),
            rule: c.rule,
            message: c.message.clone(),
            crate_effects: Vec::new(),
        })
        .collect();
    for a in api {
        let scores: Vec<usize> = wire.iter().map(|c| score(a, c)).collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        if best == 0 {
            entries.push(crate_only(new, a));
            continue;
        }
        // The best-matching change(s): with the item named in the pointer, only those.
        for (i, s) in scores.iter().enumerate() {
            if *s == best {
                entries[i].crate_effects.push(a.clone());
            }
        }
    }
    entries
}

fn crate_only(new: &Side, a: &ApiChange) -> Entry {
    // Point at the schema of the same name when there is one.
    let owner = norm(last_segment(&a.owner));
    let schemas = JsonPointer::root().join("components").join("schemas");
    let pointer = new
        .at(&schemas)
        .and_then(|m| m.as_object())
        .and_then(|m| m.keys().find(|k| norm(k) == owner).map(|k| schemas.join(k)))
        .unwrap_or_default();
    Entry {
        line: new.line(&pointer),
        pointer,
        place: Where::New,
        severity: Severity::Info,
        direction: None,
        rule: "crate-only",
        message: format!(
            "generated code changed with no matching wire change: `{}`",
            a.path
        ),
        crate_effects: vec![a.clone()],
    }
}
