//! Schema rules: types, formats, nullability, enums, properties and required-ness, limits,
//! patterns, defaults, `readOnly`/`writeOnly` and `additionalProperties` (composition in
//! `composition.rs`), each graded by the direction the data flows.

use std::collections::BTreeSet;

use generator::pointer::JsonPointer;
use serde_json::Value;

use super::{keys, show, Diff, Direction, Severity, Spot, Subject, Where};

/// Nesting guard: schemas deeper than this are not compared further (the generator itself
/// stops far earlier).
const MAX_DEPTH: usize = 64;

/// Picks a severity by direction: what it means for data a client sends, or receives.
pub(super) fn by_dir(dir: Direction, request: Severity, response: Severity) -> Severity {
    match dir {
        Direction::Request => request,
        Direction::Response => response,
        Direction::Both => request.max(response),
    }
}

pub(super) fn dir_words(dir: Direction) -> &'static str {
    match dir {
        Direction::Request => "in requests",
        Direction::Response => "in responses",
        Direction::Both => "in requests and responses",
    }
}

/// The component schema a pointer is in (`/components/schemas/NAME/...`), if any.
pub fn component_name(pointer: &JsonPointer) -> Option<String> {
    let mut tokens = pointer.tokens();
    if tokens.next()? == "components" && tokens.next()? == "schemas" {
        tokens.next()
    } else {
        None
    }
}

/// Compares the schemas of a spot for data flowing in `dir` (never `Both`: callers walk the
/// two directions separately and the findings are merged afterwards).
pub fn compare<'a>(d: &mut Diff<'a>, spot: &Spot<'a>, dir: Direction) {
    compare_at(d, spot, dir, 0);
}

pub(super) fn compare_at<'a>(d: &mut Diff<'a>, spot: &Spot<'a>, dir: Direction, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let old_ref = super::super::sides::ref_target(spot.old);
    let new_ref = super::super::sides::ref_target(spot.new);
    // Where the reference is written, and what it belongs to (an operation, a property).
    let (site, site_subject) = (spot.new_ptr.clone(), spot.subject.clone());
    let mut spot = d.deref(spot);
    if old_ref.is_some() || new_ref.is_some() {
        if let Some(name) = component_name(&spot.new_ptr) {
            spot.subject = Subject::Schema(name);
        }
        if let (Some(o), Some(n)) = (&old_ref, &new_ref) {
            if o.last() != n.last() {
                let message = format!(
                    "now refers to schema `{}` instead of `{}`",
                    n.last().unwrap_or_default(),
                    o.last().unwrap_or_default()
                );
                d.report(
                    Where::New,
                    &site,
                    Severity::Info,
                    Some(dir),
                    "schema-ref-changed",
                    &site_subject,
                    message,
                );
            }
        }
        d.reached.insert(spot.new_ptr.clone());
        d.reached.insert(spot.old_ptr.clone());
        let key = (spot.old_ptr.clone(), spot.new_ptr.clone(), dir);
        if !d.seen.insert(key) {
            return;
        }
    }
    compare_node(d, &spot, dir, depth);
}

/// The types a schema allows, without `null` (empty: any type).
pub(super) fn types(node: &Value) -> BTreeSet<String> {
    match node.get("type") {
        Some(Value::String(t)) if t != "null" => BTreeSet::from([t.clone()]),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .map(str::to_owned)
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// Whether a schema allows `null` (3.0 `nullable`; 3.1 `type: [.., "null"]`, or a
/// `{type: "null"}` alternative in `anyOf`/`oneOf`).
fn nullable(node: &Value) -> bool {
    node.get("nullable") == Some(&Value::Bool(true))
        || node
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|l| l.iter().any(|t| t == "null"))
        || ["anyOf", "oneOf"].iter().any(|k| {
            super::composition::members(node, k)
                .iter()
                .any(super::composition::is_null_schema)
        })
}

fn compare_node<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction, depth: usize) {
    if !(s.old.is_object() && s.new.is_object()) {
        return;
    }
    use super::composition::wrapped;
    let (old_wrap, new_wrap) = (wrapped(s.old, &s.old_ptr), wrapped(s.new, &s.new_ptr));
    if old_wrap.is_some() != new_wrap.is_some() {
        // A schema put in (or taken out of) a wrapper: only nullability and what the
        // wrapped schema says can differ on the wire.
        compare_nullable(d, s, dir);
        let (old, old_ptr) = old_wrap.unwrap_or((s.old, s.old_ptr.clone()));
        let (new, new_ptr) = new_wrap.unwrap_or((s.new, s.new_ptr.clone()));
        let inner = Spot {
            old,
            new,
            old_ptr,
            new_ptr,
            subject: s.subject.clone(),
        };
        compare_at(d, &inner, dir, depth + 1);
        return;
    }
    if super::composition::compare_alternatives(d, s, dir, depth) {
        return;
    }
    compare_types(d, s, dir);
    compare_format(d, s, dir);
    compare_nullable(d, s, dir);
    super::values::compare_enum(d, s, dir);
    super::values::compare_limits(d, s, dir);
    super::values::compare_default(d, s, dir);
    compare_properties(d, s, dir, depth);
    compare_additional(d, s, dir, depth);
    if let Some(items) = s.child("items") {
        let items = Spot {
            old_ptr: s.old_ptr.join("items"),
            ..items
        };
        compare_at(d, &items, dir, depth + 1);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        super::composition::compare_members(d, s, dir, depth, key);
    }
    super::composition::compare_discriminator(d, s, dir);
}

pub(super) fn compare_nullable<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction) {
    let (was, is) = (nullable(s.old), nullable(s.new));
    if was != is {
        let (sev, what) = if is {
            (
                by_dir(dir, Severity::Info, Severity::Breaking),
                "may now be null",
            )
        } else {
            (
                by_dir(dir, Severity::Breaking, Severity::Info),
                "may no longer be null",
            )
        };
        d.report(
            Where::New,
            &s.new_ptr,
            sev,
            Some(dir),
            "nullable-changed",
            &s.subject,
            format!("{what} {}", dir_words(dir)),
        );
    }
}

fn compare_types<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction) {
    let (old, new) = (types(s.old), types(s.new));
    if old == new {
        return;
    }
    let list = |t: &BTreeSet<String>| {
        if t.is_empty() {
            "any type".to_owned()
        } else {
            t.iter().cloned().collect::<Vec<_>>().join(" or ")
        }
    };
    // `number` includes every `integer`.
    let covers = |wide: &BTreeSet<String>, narrow: &BTreeSet<String>| {
        wide.is_empty()
            || narrow
                .iter()
                .all(|t| wide.contains(t) || (t == "integer" && wide.contains("number")))
    };
    let sev = if covers(&new, &old) {
        // Widened: anything sent before is still accepted, but clients may now receive
        // values they cannot hold.
        by_dir(dir, Severity::Info, Severity::Breaking)
    } else if !old.is_empty() && covers(&old, &new) {
        by_dir(dir, Severity::Breaking, Severity::Info)
    } else {
        Severity::Breaking
    };
    let message = format!(
        "type changed from {} to {} {}",
        list(&old),
        list(&new),
        dir_words(dir)
    );
    d.report(
        Where::New,
        &s.new_ptr,
        sev,
        Some(dir),
        "type-changed",
        &s.subject,
        message,
    );
}

fn compare_format<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction) {
    let old = s.old.get("format").and_then(Value::as_str);
    let new = s.new.get("format").and_then(Value::as_str);
    if old == new {
        return;
    }
    let widening = matches!(
        (old, new),
        (Some("int32"), Some("int64")) | (Some("float"), Some("double"))
    );
    let sev = match (old, new) {
        _ if widening => by_dir(dir, Severity::Info, Severity::Breaking),
        (None, Some(_)) => by_dir(dir, Severity::Warning, Severity::Info),
        (Some(_), None) => by_dir(dir, Severity::Info, Severity::Warning),
        _ => Severity::Breaking,
    };
    let message = format!(
        "format changed from {} to {} {}",
        old.map_or("none".into(), |f| format!("`{f}`")),
        new.map_or("none".into(), |f| format!("`{f}`")),
        dir_words(dir)
    );
    d.report(
        Where::New,
        &s.new_ptr,
        sev,
        Some(dir),
        "format-changed",
        &s.subject,
        message,
    );
}

/// Properties that travel in `dir`: `readOnly` ones are never sent, `writeOnly` ones never
/// received. With whether each is required there.
fn visible(node: &Value, dir: Direction) -> Vec<(String, bool)> {
    let required: BTreeSet<&str> = node
        .get("required")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = node.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    props
        .iter()
        .filter(|(_, p)| {
            let flag = |k: &str| p.get(k) == Some(&Value::Bool(true));
            !(dir == Direction::Request && flag("readOnly")
                || dir == Direction::Response && flag("writeOnly"))
        })
        .map(|(name, _)| (name.clone(), required.contains(name.as_str())))
        .collect()
}

fn closed(node: &Value) -> bool {
    node.get("additionalProperties") == Some(&Value::Bool(false))
}

fn compare_properties<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction, depth: usize) {
    let old = visible(s.old, dir);
    let new = visible(s.new, dir);
    let access_note = |p: &str, n: &Value| {
        let flag = |k: &str| {
            n.get("properties")
                .and_then(|m| m.get(p))
                .and_then(|v| v.get(k))
                == Some(&Value::Bool(true))
        };
        if flag("readOnly") {
            " (it is now `readOnly`)"
        } else if flag("writeOnly") {
            " (it is now `writeOnly`)"
        } else {
            ""
        }
    };
    for (name, was_required) in &old {
        let ptr_old = s.old_ptr.join("properties").join(name);
        match new.iter().find(|(n, _)| n == name) {
            None => {
                let note = access_note(name, s.new);
                let sev = match dir {
                    Direction::Request if closed(s.new) => Severity::Breaking,
                    Direction::Request => Severity::Warning,
                    _ if *was_required => Severity::Breaking,
                    _ => Severity::Warning,
                };
                let what = if *was_required {
                    "required"
                } else {
                    "optional"
                };
                let message = format!("{what} property `{name}` removed {}{note}", dir_words(dir));
                d.report(
                    Where::Old,
                    &ptr_old,
                    sev,
                    Some(dir),
                    "property-removed",
                    &s.subject,
                    message,
                );
            }
            Some((_, is_required)) => {
                let ptr_new = s.new_ptr.join("properties").join(name);
                if was_required != is_required {
                    let (sev, what) = if *is_required {
                        (
                            by_dir(dir, Severity::Breaking, Severity::Info),
                            "is now required",
                        )
                    } else {
                        (
                            by_dir(dir, Severity::Info, Severity::Breaking),
                            "is no longer required",
                        )
                    };
                    let message = format!("property `{name}` {what} {}", dir_words(dir));
                    d.report(
                        Where::New,
                        &ptr_new,
                        sev,
                        Some(dir),
                        "required-changed",
                        &s.subject,
                        message,
                    );
                }
                let child = Spot {
                    old: &s.old["properties"][name.as_str()],
                    new: &s.new["properties"][name.as_str()],
                    old_ptr: ptr_old,
                    new_ptr: ptr_new,
                    subject: s.subject.clone(),
                };
                compare_at(d, &child, dir, depth + 1);
            }
        }
    }
    for (name, is_required) in &new {
        if old.iter().any(|(n, _)| n == name) {
            continue;
        }
        let sev = if *is_required {
            by_dir(dir, Severity::Breaking, Severity::Info)
        } else {
            Severity::Info
        };
        let what = if *is_required { "required" } else { "optional" };
        let message = format!("{what} property `{name}` added {}", dir_words(dir));
        let at = s.new_ptr.join("properties").join(name);
        d.report(
            Where::New,
            &at,
            sev,
            Some(dir),
            "property-added",
            &s.subject,
            message,
        );
    }
}

fn compare_additional<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction, depth: usize) {
    let (old, new) = (
        s.old.get("additionalProperties"),
        s.new.get("additionalProperties"),
    );
    if old == new {
        return;
    }
    let (was_closed, is_closed) = (closed(s.old), closed(s.new));
    if was_closed != is_closed {
        let (sev, what) = if is_closed {
            (
                by_dir(dir, Severity::Breaking, Severity::Info),
                "no longer allows properties it does not list",
            )
        } else {
            (
                by_dir(dir, Severity::Info, Severity::Info),
                "now allows properties it does not list",
            )
        };
        d.report(
            Where::New,
            &s.new_ptr,
            sev,
            Some(dir),
            "additional-properties-changed",
            &s.subject,
            format!("{what} {}", dir_words(dir)),
        );
        return;
    }
    match (old, new) {
        (Some(o), Some(n)) if o.is_object() && n.is_object() => {
            let child = Spot {
                old: o,
                new: n,
                old_ptr: s.old_ptr.join("additionalProperties"),
                new_ptr: s.new_ptr.join("additionalProperties"),
                subject: s.subject.clone(),
            };
            compare_at(d, &child, dir, depth + 1);
        }
        _ => {
            let message = format!(
                "`additionalProperties` changed from {} to {} {}",
                old.map_or("none".into(), show),
                new.map_or("none".into(), show),
                dir_words(dir)
            );
            d.report(
                Where::New,
                &s.new_ptr,
                Severity::Warning,
                Some(dir),
                "additional-properties-changed",
                &s.subject,
                message,
            );
        }
    }
}

/// Component schemas no operation reached (all of them in a models-only spec): compared as
/// both sent and received. Added and removed components are reported here too.
pub fn compare_unreached_components(d: &mut Diff) {
    let root = JsonPointer::root().join("components").join("schemas");
    static NULL: Value = Value::Null;
    let (old_side, new_side) = (d.old, d.new);
    let old_all = old_side.at(&root).unwrap_or(&NULL);
    let new_all = new_side.at(&root).unwrap_or(&NULL);
    let renamed = renames(old_all, new_all);
    for (old_name, new_name) in &renamed {
        let subject = Subject::Renamed {
            old: old_name.clone(),
            new: new_name.clone(),
        };
        d.report(
            Where::New,
            &root.join(new_name),
            Severity::Info,
            None,
            "schema-renamed",
            &subject,
            format!(
                "schema `{old_name}` renamed to `{new_name}` with the same shape: nothing changes on the wire"
            ),
        );
    }
    for name in keys(old_all) {
        let ptr = root.join(name);
        let subject = Subject::Schema(name.clone());
        if renamed.iter().any(|(o, _)| o == name) {
            continue;
        }
        let Some(new) = new_all.get(name.as_str()) else {
            d.report(
                Where::Old,
                &ptr,
                Severity::Info,
                None,
                "schema-removed",
                &subject,
                format!("schema `{name}` removed"),
            );
            continue;
        };
        if d.reached.contains(&ptr) {
            continue;
        }
        let spot = Spot {
            old: &old_all[name.as_str()],
            new,
            old_ptr: ptr.clone(),
            new_ptr: ptr.clone(),
            subject,
        };
        for dir in [Direction::Request, Direction::Response] {
            if d.seen.insert((ptr.clone(), ptr.clone(), dir)) {
                compare_node(d, &spot, dir, 0);
            }
        }
    }
    for name in keys(new_all) {
        if old_all.get(name.as_str()).is_none() && !renamed.iter().any(|(_, n)| n == name) {
            let ptr = root.join(name);
            d.report(
                Where::New,
                &ptr,
                Severity::Info,
                None,
                "schema-added",
                &Subject::Schema(name.clone()),
                format!("schema `{name}` added"),
            );
        }
    }
}

/// A schema without the keys that only document it, for comparing shapes.
fn shape_of(node: &Value) -> Value {
    match node {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    !matches!(k.as_str(), "description" | "title" | "example" | "examples")
                })
                .map(|(k, v)| (k.clone(), shape_of(v)))
                .collect(),
        ),
        Value::Array(list) => Value::Array(list.iter().map(shape_of).collect()),
        other => other.clone(),
    }
}

/// Component schemas that left under one name and came back under another with the same
/// shape, each paired once (old name, new name), in name order.
fn renames(old_all: &Value, new_all: &Value) -> Vec<(String, String)> {
    let gone: Vec<&String> = keys(old_all)
        .into_iter()
        .filter(|n| new_all.get(n.as_str()).is_none())
        .collect();
    let mut came: Vec<(&String, Value)> = keys(new_all)
        .into_iter()
        .filter(|n| old_all.get(n.as_str()).is_none())
        .map(|n| (n, shape_of(&new_all[n.as_str()])))
        .collect();
    let gone: Vec<(&String, Value)> = gone
        .into_iter()
        .map(|n| (n, shape_of(&old_all[n.as_str()])))
        .collect();
    let mut out = Vec::new();
    for (name, shape) in &gone {
        if gone.iter().filter(|(_, s)| s == shape).count() > 1 {
            continue;
        }
        let same: Vec<usize> = came
            .iter()
            .enumerate()
            .filter(|(_, (_, s))| s == shape)
            .map(|(i, _)| i)
            .collect();
        // Two schemas of the same shape on either side: which became which is a guess, so
        // they stay reported as removed and added.
        if let [i] = same.as_slice() {
            let (new_name, _) = came.remove(*i);
            out.push(((*name).clone(), new_name.clone()));
        }
    }
    out
}
