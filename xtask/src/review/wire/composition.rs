//! Composition rules: `allOf`/`anyOf`/`oneOf` members and discriminators, 3.1 `null`
//! alternatives (nullability, not a new shape), wrappers around a single schema, and a plain
//! schema that becomes a choice of alternatives (or the reverse).

use generator::pointer::JsonPointer;
use serde_json::Value;

use super::schema::{by_dir, compare_at, compare_nullable, dir_words, types};
use super::{keys, show, Diff, Direction, Severity, Spot, Where};

/// A composition member: its position, its identity (see `member_key`) and the node.
type Member<'v> = (usize, String, &'v Value);

/// A schema that only admits `null` (3.1): as an `anyOf`/`oneOf` member it is nullability,
/// reported as such rather than as an added or removed alternative.
pub(super) fn is_null_schema(node: &Value) -> bool {
    match node.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(l)) => l.iter().all(|t| t == "null"),
        _ => node.get("const") == Some(&Value::Null),
    }
}

/// The one schema a wrapper stands for: `allOf` with a single member (3.0's way to put a
/// description next to a `$ref`), or `anyOf`/`oneOf` with a single member besides `null`
/// (3.1's nullable reference), on a node with no type or shape of its own.
pub(super) fn wrapped<'v>(node: &'v Value, at: &JsonPointer) -> Option<(&'v Value, JsonPointer)> {
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

/// The `anyOf`/`oneOf` of a node that has no type of its own, with its key.
fn alternatives(node: &Value) -> Option<(&'static str, Vec<Member<'_>>)> {
    if node.get("type").is_some() {
        return None;
    }
    ["anyOf", "oneOf"]
        .into_iter()
        .find(|k| node.get(*k).is_some())
        .map(|k| (k, keyed_members(node, k)))
}

/// A plain schema that became a choice of alternatives, one of which is the old schema
/// (`string` → `oneOf: [string, array]`), or the reverse: the kept alternative is compared
/// with the plain schema, and only the others are reported as added (or removed).
/// Returns whether it handled the spot.
pub(super) fn compare_alternatives<'a>(
    d: &mut Diff<'a>,
    s: &Spot<'a>,
    dir: Direction,
    depth: usize,
) -> bool {
    let plain = |n: &Value| {
        !["anyOf", "oneOf", "allOf"]
            .iter()
            .any(|k| n.get(k).is_some())
            && !types(n).is_empty()
    };
    let (grew, key, choices, single) = match (alternatives(s.old), alternatives(s.new)) {
        (None, Some((key, list))) if plain(s.old) => (true, key, list, s.old),
        (Some((key, list)), None) if plain(s.new) => (false, key, list, s.new),
        _ => return false,
    };
    let (choice_side, choice_ptr) = if grew {
        (d.new, &s.new_ptr)
    } else {
        (d.old, &s.old_ptr)
    };
    let kept = choices.iter().position(|(_, _, m)| {
        let (m, _) = choice_side.deref(m, choice_ptr);
        types(m) == types(single)
    });
    let Some(kept) = kept else {
        return false;
    };
    compare_nullable(d, s, dir);
    let (i, _, member) = &choices[kept];
    let member_ptr = choice_ptr.join(key).join(&i.to_string());
    let inner = if grew {
        Spot {
            old: s.old,
            new: member,
            old_ptr: s.old_ptr.clone(),
            new_ptr: member_ptr,
            subject: s.subject.clone(),
        }
    } else {
        Spot {
            old: member,
            new: s.new,
            old_ptr: member_ptr,
            new_ptr: s.new_ptr.clone(),
            subject: s.subject.clone(),
        }
    };
    compare_at(d, &inner, dir, depth + 1);
    for (n, (i, k, m)) in choices.iter().enumerate() {
        if n == kept {
            continue;
        }
        let (m, _) = choice_side.deref(m, choice_ptr);
        let what = if types(m).is_empty() {
            format!("`{k}`")
        } else {
            types(m).into_iter().collect::<Vec<_>>().join(" or ")
        };
        let at = choice_ptr.join(key).join(&i.to_string());
        if grew {
            // More shapes: fine for senders, a surprise for receivers.
            d.report(
                Where::New,
                &at,
                by_dir(dir, Severity::Info, Severity::Breaking),
                Some(dir),
                "composition-member-added",
                &s.subject,
                format!(
                    "now also allows {what} (`{key}` alternative) {}",
                    dir_words(dir)
                ),
            );
        } else {
            d.report(
                Where::Old,
                &at,
                by_dir(dir, Severity::Breaking, Severity::Info),
                Some(dir),
                "composition-member-removed",
                &s.subject,
                format!(
                    "no longer allows {what} (was a `{key}` alternative) {}",
                    dir_words(dir)
                ),
            );
        }
    }
    true
}

pub(super) fn members<'v>(node: &'v Value, key: &str) -> &'v [Value] {
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
fn keyed_members<'v>(node: &'v Value, key: &str) -> Vec<Member<'v>> {
    members(node, key)
        .iter()
        .enumerate()
        .filter(|(_, m)| key == "allOf" || !is_null_schema(m))
        .enumerate()
        .map(|(n, (i, m))| (i, member_key(m, n), m))
        .collect()
}

pub(super) fn compare_members<'a>(
    d: &mut Diff<'a>,
    s: &Spot<'a>,
    dir: Direction,
    depth: usize,
    key: &str,
) {
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

pub(super) fn compare_discriminator<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction) {
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
