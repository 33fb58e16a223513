//! Schema rules: types, formats, nullability, enums, properties and required-ness, limits,
//! patterns, defaults, `readOnly`/`writeOnly`, `additionalProperties`, composition and
//! discriminators, each graded by the direction the data flows.

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

fn compare_at<'a>(d: &mut Diff<'a>, spot: &Spot<'a>, dir: Direction, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let old_ref = super::super::sides::ref_target(spot.old);
    let new_ref = super::super::sides::ref_target(spot.new);
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
                let at = spot_pointer(&spot, &new_ref);
                d.report(
                    Where::New,
                    &at,
                    Severity::Info,
                    Some(dir),
                    "schema-ref-changed",
                    &spot.subject,
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

fn spot_pointer(spot: &Spot, reference: &Option<JsonPointer>) -> JsonPointer {
    reference.clone().unwrap_or_else(|| spot.new_ptr.clone())
}

/// The types a schema allows, without `null` (empty: any type).
fn types(node: &Value) -> BTreeSet<String> {
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
        || ["anyOf", "oneOf"]
            .iter()
            .any(|k| members(node, k).iter().any(is_null_schema))
}

/// A schema that only admits `null` (3.1): as an `anyOf`/`oneOf` member it is nullability,
/// reported as such rather than as an added or removed alternative.
fn is_null_schema(node: &Value) -> bool {
    match node.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(l)) => l.iter().all(|t| t == "null"),
        _ => node.get("const") == Some(&Value::Null),
    }
}

/// The one schema a wrapper stands for: `allOf` with a single member (3.0's way to put a
/// description next to a `$ref`), or `anyOf`/`oneOf` with a single member besides `null`
/// (3.1's nullable reference), on a node with no type or shape of its own.
fn wrapped<'v>(node: &'v Value, at: &JsonPointer) -> Option<(&'v Value, JsonPointer)> {
    if ["type", "properties", "items", "enum"]
        .iter()
        .any(|k| node.get(k).is_some())
    {
        return None;
    }
    let mut found = None;
    for key in ["allOf", "anyOf", "oneOf"] {
        let Some(list) = node.get(key).and_then(Value::as_array) else {
            continue;
        };
        let kept: Vec<(usize, &Value)> = list
            .iter()
            .enumerate()
            .filter(|(_, m)| key == "allOf" || !is_null_schema(m))
            .collect();
        match (kept.as_slice(), found) {
            ([(i, m)], None) => found = Some((*m, at.join(key).join(&i.to_string()))),
            _ => return None,
        }
    }
    found
}

fn compare_node<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction, depth: usize) {
    if !(s.old.is_object() && s.new.is_object()) {
        return;
    }
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
        compare_members(d, s, dir, depth, key);
    }
    compare_discriminator(d, s, dir);
}

fn compare_nullable<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction) {
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

fn members<'v>(node: &'v Value, key: &str) -> &'v [Value] {
    node.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A composition member's identity: the schema it names, or its position when inline.
fn member_key(member: &Value, index: usize) -> String {
    super::super::sides::ref_target(member)
        .and_then(|p| p.last())
        .unwrap_or_else(|| format!("#{index}"))
}

/// The members of a composition with their positions, leaving out `null`-only members of
/// `anyOf`/`oneOf` (nullability, compared on its own), so inline members keep their
/// identity when a `{type: "null"}` is added or removed before them.
fn keyed_members<'v>(node: &'v Value, key: &str) -> Vec<(usize, String, &'v Value)> {
    members(node, key)
        .iter()
        .enumerate()
        .filter(|(_, m)| key == "allOf" || !is_null_schema(m))
        .enumerate()
        .map(|(n, (i, m))| (i, member_key(m, n), m))
        .collect()
}

fn compare_members<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction, depth: usize, key: &str) {
    let (old, new) = (keyed_members(s.old, key), keyed_members(s.new, key));
    if old.is_empty() && new.is_empty() {
        return;
    }
    // allOf adds constraints (members are all applied); oneOf/anyOf offer alternatives.
    let all = key == "allOf";
    for (i, k, old_member) in &old {
        let i = *i;
        match new.iter().find(|(_, n, _)| n == k) {
            Some((j, _, new_member)) => {
                let child = Spot {
                    old: old_member,
                    new: new_member,
                    old_ptr: s.old_ptr.join(key).join(&i.to_string()),
                    new_ptr: s.new_ptr.join(key).join(&j.to_string()),
                    subject: s.subject.clone(),
                };
                compare_at(d, &child, dir, depth + 1);
            }
            None => {
                let sev = if all {
                    Severity::Breaking
                } else {
                    by_dir(dir, Severity::Breaking, Severity::Info)
                };
                let message = format!("`{key}` member `{k}` removed {}", dir_words(dir));
                let at = s.old_ptr.join(key).join(&i.to_string());
                d.report(
                    Where::Old,
                    &at,
                    sev,
                    Some(dir),
                    "composition-member-removed",
                    &s.subject,
                    message,
                );
            }
        }
    }
    for (j, k, _) in &new {
        if old.iter().any(|(_, o, _)| o == k) {
            continue;
        }
        let sev = if all {
            by_dir(dir, Severity::Breaking, Severity::Info)
        } else {
            // Clients that decode every alternative they know fail on a new one.
            by_dir(dir, Severity::Info, Severity::Breaking)
        };
        let message = format!("`{key}` member `{k}` added {}", dir_words(dir));
        let at = s.new_ptr.join(key).join(&j.to_string());
        d.report(
            Where::New,
            &at,
            sev,
            Some(dir),
            "composition-member-added",
            &s.subject,
            message,
        );
    }
}

fn compare_discriminator<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction) {
    let prop = |n: &Value| n.pointer("/discriminator/propertyName").cloned();
    let (old, new) = (prop(s.old), prop(s.new));
    if old != new {
        let message = format!(
            "discriminator property changed from {} to {}",
            old.as_ref().map_or("none".into(), show),
            new.as_ref().map_or("none".into(), show)
        );
        d.report(
            Where::New,
            &s.new_ptr,
            Severity::Breaking,
            Some(dir),
            "discriminator-changed",
            &s.subject,
            message,
        );
        return;
    }
    let mapping = |n: &Value| {
        n.pointer("/discriminator/mapping")
            .cloned()
            .unwrap_or(Value::Null)
    };
    let (om, nm) = (mapping(s.old), mapping(s.new));
    for tag in keys(&om) {
        match nm.get(tag.as_str()) {
            None => {
                let sev = by_dir(dir, Severity::Breaking, Severity::Info);
                let at = s.old_ptr.join("discriminator").join("mapping").join(tag);
                d.report(
                    Where::Old,
                    &at,
                    sev,
                    Some(dir),
                    "discriminator-value-removed",
                    &s.subject,
                    format!("discriminator value `{tag}` removed {}", dir_words(dir)),
                );
            }
            Some(v) if Some(v) != om.get(tag.as_str()) => {
                let at = s.new_ptr.join("discriminator").join("mapping").join(tag);
                d.report(
                    Where::New,
                    &at,
                    Severity::Breaking,
                    Some(dir),
                    "discriminator-value-changed",
                    &s.subject,
                    format!("discriminator value `{tag}` now selects {}", show(v)),
                );
            }
            Some(_) => {}
        }
    }
    for tag in keys(&nm) {
        if om.get(tag.as_str()).is_none() {
            let sev = by_dir(dir, Severity::Info, Severity::Breaking);
            let at = s.new_ptr.join("discriminator").join("mapping").join(tag);
            d.report(
                Where::New,
                &at,
                sev,
                Some(dir),
                "discriminator-value-added",
                &s.subject,
                format!("discriminator value `{tag}` added {}", dir_words(dir)),
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
    for name in keys(old_all) {
        let ptr = root.join(name);
        let subject = Subject::Schema(name.clone());
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
        if old_all.get(name.as_str()).is_none() {
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
