//! Security rules (schemes and the requirements of the document and of each operation) and
//! server rules.

use std::collections::{BTreeMap, BTreeSet};

use generator::pointer::JsonPointer;
use serde_json::Value;

use super::{keys, show, Diff, Direction, Severity, Spot, Subject, Where};

/// One alternative of a security requirement list: scheme name → scopes. The empty
/// alternative means "no authentication".
type Alternative = BTreeMap<String, BTreeSet<String>>;

fn alternatives(list: Option<&Value>) -> Vec<Alternative> {
    let Some(list) = list.and_then(Value::as_array) else {
        // No requirement at all: anonymous access.
        return vec![Alternative::new()];
    };
    if list.is_empty() {
        return vec![Alternative::new()];
    }
    list.iter()
        .map(|alt| {
            alt.as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            let scopes = v
                                .as_array()
                                .map(|s| {
                                    s.iter()
                                        .filter_map(Value::as_str)
                                        .map(str::to_owned)
                                        .collect()
                                })
                                .unwrap_or_default();
                            (k.clone(), scopes)
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// A client that satisfies `have` also satisfies `need` when `need` asks for no scheme or
/// scope that `have` lacks.
fn satisfies(have: &Alternative, need: &Alternative) -> bool {
    need.iter()
        .all(|(scheme, scopes)| have.get(scheme).is_some_and(|h| scopes.is_subset(h)))
}

fn describe(alt: &Alternative) -> String {
    if alt.is_empty() {
        return "no authentication".to_owned();
    }
    alt.iter()
        .map(|(k, s)| {
            if s.is_empty() {
                format!("`{k}`")
            } else {
                format!(
                    "`{k}` ({})",
                    s.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Reports each way of authenticating that stops working, and each new one.
#[allow(clippy::too_many_arguments)]
fn compare_requirements(
    d: &mut Diff,
    old: Option<&Value>,
    new: Option<&Value>,
    old_ptr: &JsonPointer,
    new_ptr: &JsonPointer,
    subject: &Subject,
    scope: &str,
) {
    let (old_alts, new_alts) = (alternatives(old), alternatives(new));
    for alt in &old_alts {
        if !new_alts.iter().any(|n| satisfies(alt, n)) {
            let message = format!(
                "{scope}: clients authenticating with {} are no longer accepted",
                describe(alt)
            );
            d.report(
                Where::New,
                new_ptr,
                Severity::Breaking,
                Some(Direction::Request),
                "security-requirement-tightened",
                subject,
                message,
            );
        }
    }
    for alt in &new_alts {
        if !old_alts.contains(alt) {
            let message = format!("{scope}: {} is now accepted", describe(alt));
            let at = if new.is_some() { new_ptr } else { old_ptr };
            d.report(
                Where::New,
                at,
                Severity::Info,
                Some(Direction::Request),
                "security-requirement-added",
                subject,
                message,
            );
        }
    }
}

/// Document-wide requirements and the security schemes.
pub fn compare_security(d: &mut Diff) {
    let root = JsonPointer::root();
    let (old_side, new_side) = (d.old, d.new);
    let ptr = root.join("security");
    compare_requirements(
        d,
        old_side.at(&ptr),
        new_side.at(&ptr),
        &ptr,
        &ptr,
        &Subject::Client,
        "all operations",
    );
    static NULL: Value = Value::Null;
    let schemes = root.join("components").join("securitySchemes");
    let old = old_side.at(&schemes).unwrap_or(&NULL);
    let new = new_side.at(&schemes).unwrap_or(&NULL);
    for name in keys(old) {
        let at = schemes.join(name);
        match new.get(name.as_str()) {
            None => {
                let message = format!("security scheme `{name}` removed");
                d.report(
                    Where::Old,
                    &at,
                    Severity::Breaking,
                    Some(Direction::Request),
                    "security-scheme-removed",
                    &Subject::Client,
                    message,
                );
            }
            Some(n) => {
                let spot = Spot {
                    old: &old[name.as_str()],
                    new: n,
                    old_ptr: at.clone(),
                    new_ptr: at,
                    subject: Subject::Client,
                };
                let spot = d.deref(&spot);
                for key in ["type", "scheme", "in", "name", "bearerFormat"] {
                    let (a, b) = (spot.old.get(key), spot.new.get(key));
                    if a != b {
                        let sev = if key == "bearerFormat" {
                            Severity::Info
                        } else {
                            Severity::Breaking
                        };
                        let message = format!(
                            "security scheme `{name}`: `{key}` changed from {} to {}",
                            a.map_or("none".into(), show),
                            b.map_or("none".into(), show)
                        );
                        d.report(
                            Where::New,
                            &spot.new_ptr,
                            sev,
                            Some(Direction::Request),
                            "security-scheme-changed",
                            &Subject::Client,
                            message,
                        );
                    }
                }
            }
        }
    }
    for name in keys(new) {
        if old.get(name.as_str()).is_none() {
            let message = format!("security scheme `{name}` added");
            d.report(
                Where::New,
                &schemes.join(name),
                Severity::Info,
                None,
                "security-scheme-added",
                &Subject::Client,
                message,
            );
        }
    }
}

/// An operation's own requirements, where either side declares them (otherwise the
/// document-wide comparison already covered it).
pub fn compare_operation_security<'a>(d: &mut Diff<'a>, op: &Spot<'a>) {
    let (a, b) = (op.old.get("security"), op.new.get("security"));
    if a.is_none() && b.is_none() {
        return;
    }
    let global = JsonPointer::root().join("security");
    let (old_side, new_side) = (d.old, d.new);
    let old = a.or_else(|| old_side.at(&global));
    let new = b.or_else(|| new_side.at(&global));
    let (old_ptr, new_ptr) = (op.old_ptr.join("security"), op.new_ptr.join("security"));
    let new_ptr = if b.is_some() {
        new_ptr
    } else {
        op.new_ptr.clone()
    };
    let scope = match &op.subject {
        Subject::Operation(id) => format!("operation `{id}`"),
        _ => "this operation".to_owned(),
    };
    let subject = op.subject.clone();
    compare_requirements(d, old, new, &old_ptr, &new_ptr, &subject, &scope);
}

/// Server URLs: a removed one breaks clients configured with it.
pub fn compare_servers(d: &mut Diff) {
    let ptr = JsonPointer::root().join("servers");
    let urls = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(|s| s.get("url")?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old_side, new_side) = (d.old, d.new);
    let (old, new) = (urls(old_side.at(&ptr)), urls(new_side.at(&ptr)));
    for (i, url) in old.iter().enumerate() {
        if !new.contains(url) {
            let message =
                format!("server `{url}` removed: clients configured with it stop reaching the API");
            d.report(
                Where::Old,
                &ptr.join(&i.to_string()),
                Severity::Warning,
                None,
                "server-removed",
                &Subject::Client,
                message,
            );
        }
    }
    for (i, url) in new.iter().enumerate() {
        if !old.contains(url) {
            let message = format!("server `{url}` added");
            d.report(
                Where::New,
                &ptr.join(&i.to_string()),
                Severity::Info,
                None,
                "server-added",
                &Subject::Client,
                message,
            );
        }
    }
}
