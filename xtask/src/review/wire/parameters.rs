//! Parameter rules: parameters added, removed, moved between locations, made required or
//! optional, restyled and retyped. Path parameters are matched by their place in the
//! template; a shared component parameter's changes are found per operation and reported once.

use generator::pointer::JsonPointer;
use serde_json::Value;

use super::operations::compare_content;
use super::{schema, Diff, Direction, Severity, Spot, Where};

/// A parameter's identity: where it goes and its name (header names ignore case).
fn param_key(p: &Value) -> Option<(String, String)> {
    let place = p.get("in")?.as_str()?.to_owned();
    let name = p.get("name")?.as_str()?;
    let name = if place == "header" {
        name.to_ascii_lowercase()
    } else {
        name.to_owned()
    };
    Some((place, name))
}

/// One parameter that applies to an operation.
struct Param<'a> {
    /// Where it goes and its name (a path parameter's position, `#0`, instead).
    key: (String, String),
    /// Its declared name.
    name: String,
    node: &'a Value,
    /// The parameter itself, after `$ref`s: a shared component's changes point here.
    at: JsonPointer,
    /// Where the operation lists it: additions and removals point here, so they say which
    /// operation they concern.
    site: JsonPointer,
}

/// The parameters that apply to an operation on one side: the path item's, overridden by the
/// operation's own, each with `$ref`s followed.
fn effective_params<'a>(
    d: &Diff<'a>,
    old: bool,
    item: &Spot<'a>,
    op: &Spot<'a>,
    path: &str,
) -> Vec<Param<'a>> {
    let side = if old { d.old } else { d.new };
    let (item_node, item_ptr, op_node, op_ptr) = if old {
        (item.old, &item.old_ptr, op.old, &op.old_ptr)
    } else {
        (item.new, &item.new_ptr, op.new, &op.new_ptr)
    };
    let mut out: Vec<Param<'a>> = Vec::new();
    for (node, ptr) in [(item_node, item_ptr), (op_node, op_ptr)] {
        let Some(list) = node.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for (i, p) in list.iter().enumerate() {
            let site = ptr.join("parameters").join(&i.to_string());
            let (p, at) = side.deref(p, &site);
            let Some(mut key) = param_key(p) else {
                continue;
            };
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if key.0 == "path" {
                // Path parameters are matched by their place in the template: renaming
                // `{id}` to `{petId}` changes nothing a client sends.
                if let Some(pos) = path_params(path).iter().position(|n| *n == key.1) {
                    key.1 = format!("#{pos}");
                }
            }
            out.retain(|q| q.key != key);
            out.push(Param {
                key,
                name,
                node: p,
                at,
                site,
            });
        }
    }
    out
}

/// The parameter names of a path template, in order.
fn path_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(name, _)| name))
        .collect()
}

fn default_style(place: &str) -> &'static str {
    match place {
        "query" | "cookie" => "form",
        _ => "simple",
    }
}

/// Whether a parameter schema is a single value (not an array or object), for which
/// `explode` and the query styles make no difference to what is sent.
fn scalar(d: &Diff, old: bool, param: &Value) -> bool {
    let side = if old { d.old } else { d.new };
    let Some(schema) = param.get("schema") else {
        return false;
    };
    let (schema, _) = side.deref(schema, &JsonPointer::root());
    let primitive = ["string", "integer", "number", "boolean"];
    match schema.get("type") {
        Some(Value::String(t)) => primitive.contains(&t.as_str()),
        Some(Value::Array(l)) => l
            .iter()
            .all(|t| t == "null" || t.as_str().is_some_and(|t| primitive.contains(&t))),
        _ => false,
    }
}

pub(super) fn compare_parameters<'a>(
    d: &mut Diff<'a>,
    item: &Spot<'a>,
    op: &Spot<'a>,
    paths: (&str, &str),
) {
    let old = effective_params(d, true, item, op, paths.0);
    let new = effective_params(d, false, item, op, paths.1);
    let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
    for p in &old {
        let (place, name) = (&p.key.0, &p.name);
        let Some(q) = new.iter().find(|q| q.key == p.key) else {
            if let Some(q) = new.iter().find(|q| q.key.1 == p.key.1) {
                let message = format!("parameter `{name}` moved from {place} to {}", q.key.0);
                d.report(
                    Where::New,
                    &q.site,
                    Severity::Breaking,
                    Some(Direction::Request),
                    "parameter-moved",
                    &op.subject,
                    message,
                );
            } else if place != "path" {
                let message = format!("{place} parameter `{name}` removed: servers may reject or ignore it when clients still send it");
                d.report(
                    Where::Old,
                    &p.site,
                    Severity::Warning,
                    Some(Direction::Request),
                    "parameter-removed",
                    &op.subject,
                    message,
                );
            }
            continue;
        };
        let (a, b) = (p.node, q.node);
        if required(a) != required(b) {
            let (sev, what) = if required(b) {
                (Severity::Breaking, "is now required")
            } else {
                (Severity::Info, "is no longer required")
            };
            let message = format!("{place} parameter `{name}` {what}");
            d.report(
                Where::New,
                &q.at,
                sev,
                Some(Direction::Request),
                "parameter-required-changed",
                &op.subject,
                message,
            );
        }
        let style = |v: &Value| {
            v.get("style")
                .and_then(Value::as_str)
                .unwrap_or(default_style(place))
                .to_owned()
        };
        let explode = |v: &Value| {
            v.get("explode")
                .and_then(Value::as_bool)
                .unwrap_or(style(v) == "form")
        };
        if style(a) != style(b) || explode(a) != explode(b) {
            // A single value is sent the same way by every query style, exploded or not:
            // only what old clients send matters.
            let query_styles = ["form", "spaceDelimited", "pipeDelimited", "deepObject"];
            let same_for_scalars = scalar(d, true, a)
                && (style(a) == style(b)
                    || (query_styles.contains(&style(a).as_str())
                        && query_styles.contains(&style(b).as_str())));
            let (sev, note) = if same_for_scalars {
                (
                    Severity::Info,
                    ": a single value, as clients sent before, is serialized the same",
                )
            } else {
                (Severity::Breaking, "")
            };
            let message = format!(
                "{place} parameter `{name}` serialization changed from style {} (explode {}) to style {} (explode {}){note}",
                style(a), explode(a), style(b), explode(b)
            );
            d.report(
                Where::New,
                &q.at,
                sev,
                Some(Direction::Request),
                "parameter-style-changed",
                &op.subject,
                message,
            );
        }
        if let (Some(x), Some(y)) = (a.get("schema"), b.get("schema")) {
            let spot = Spot {
                old: x,
                new: y,
                old_ptr: p.at.join("schema"),
                new_ptr: q.at.join("schema"),
                subject: op.subject.clone(),
            };
            schema::compare(d, &spot, Direction::Request);
        }
        if let (Some(x), Some(y)) = (a.get("content"), b.get("content")) {
            let spot = Spot {
                old: x,
                new: y,
                old_ptr: p.at.join("content"),
                new_ptr: q.at.join("content"),
                subject: op.subject.clone(),
            };
            compare_content(d, &spot, Direction::Request, "parameter");
        }
    }
    let old_slots = path_params(paths.0).len();
    for q in &new {
        if old.iter().any(|p| p.key.1 == q.key.1) {
            continue;
        }
        let (place, name) = (&q.key.0, &q.name);
        // A path parameter for a `{...}` the old template already had: clients already
        // filled it in; only its declaration is new.
        let slot = q
            .key
            .1
            .strip_prefix('#')
            .and_then(|n| n.parse::<usize>().ok());
        let (sev, message) = match slot {
            Some(n) if place == "path" && n < old_slots => (
                Severity::Info,
                format!(
                    "path parameter `{name}` is now declared (the URL template already had it)"
                ),
            ),
            _ if required(q.node) => (
                Severity::Breaking,
                format!("required {place} parameter `{name}` added"),
            ),
            _ => (
                Severity::Info,
                format!("optional {place} parameter `{name}` added"),
            ),
        };
        d.report(
            Where::New,
            &q.site,
            sev,
            Some(Direction::Request),
            "parameter-added",
            &op.subject,
            message,
        );
    }
}
