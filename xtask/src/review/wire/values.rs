//! Schema value rules: enum lists, numeric and length limits, patterns and defaults, graded by
//! the direction the data flows.

use serde_json::Value;

use super::schema::{by_dir, dir_words};
use super::{show, Diff, Direction, Severity, Spot, Where};

pub(super) fn compare_enum<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction) {
    let values = |n: &Value| n.get("enum").and_then(Value::as_array).cloned();
    match (values(s.old), values(s.new)) {
        (None, None) => {}
        (None, Some(_)) => {
            let sev = by_dir(dir, Severity::Breaking, Severity::Info);
            d.report(
                Where::New,
                &s.new_ptr.join("enum"),
                sev,
                Some(dir),
                "enum-added",
                &s.subject,
                format!("values are now restricted to a list {}", dir_words(dir)),
            );
        }
        (Some(_), None) => {
            let sev = by_dir(dir, Severity::Info, Severity::Warning);
            d.report(
                Where::Old,
                &s.old_ptr.join("enum"),
                sev,
                Some(dir),
                "enum-removed",
                &s.subject,
                format!(
                    "values are no longer restricted to a list {}",
                    dir_words(dir)
                ),
            );
        }
        (Some(old), Some(new)) => {
            let added: Vec<String> = new.iter().filter(|v| !old.contains(v)).map(show).collect();
            let removed: Vec<String> = old.iter().filter(|v| !new.contains(v)).map(show).collect();
            if !added.is_empty() {
                let (sev, note) = match dir {
                    Direction::Request => (Severity::Info, ""),
                    _ => (
                        Severity::Warning,
                        ": breaks clients with closed enums; this crate's enums are open (unknown values decode as `Unknown`)",
                    ),
                };
                let message = format!(
                    "enum value(s) {} added {}{note}",
                    added.join(", "),
                    dir_words(dir)
                );
                d.report(
                    Where::New,
                    &s.new_ptr.join("enum"),
                    sev,
                    Some(dir),
                    "enum-value-added",
                    &s.subject,
                    message,
                );
            }
            if !removed.is_empty() {
                let sev = by_dir(dir, Severity::Breaking, Severity::Info);
                let message = format!(
                    "enum value(s) {} removed {}",
                    removed.join(", "),
                    dir_words(dir)
                );
                d.report(
                    Where::New,
                    &s.new_ptr.join("enum"),
                    sev,
                    Some(dir),
                    "enum-value-removed",
                    &s.subject,
                    message,
                );
            }
        }
    }
}

/// Upper bounds (tightened when added or lowered) and lower bounds (when added or raised).
/// The exclusive ones are numbers in OpenAPI 3.1 (booleans in 3.0, handled below).
const UPPER: [&str; 5] = [
    "maxLength",
    "maxItems",
    "maxProperties",
    "maximum",
    "exclusiveMaximum",
];
const LOWER: [&str; 5] = [
    "minLength",
    "minItems",
    "minProperties",
    "minimum",
    "exclusiveMinimum",
];

pub(super) fn compare_limits<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction) {
    let num = |n: &Value, k: &str| n.get(k).and_then(Value::as_f64);
    for (key, upper) in UPPER
        .iter()
        .map(|k| (*k, true))
        .chain(LOWER.iter().map(|k| (*k, false)))
    {
        let (old, new) = (num(s.old, key), num(s.new, key));
        if key.starts_with("exclusive")
            && [s.old.get(key), s.new.get(key)]
                .iter()
                .any(|v| v.is_some_and(Value::is_boolean))
        {
            // 3.0 flags: compared with the other flags below.
            continue;
        }
        let tightened = match (old, new) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(o), Some(n)) if o != n => (n < o) == upper,
            _ => continue,
        };
        let show_n = |v: Option<f64>| v.map_or("none".to_owned(), |v| v.to_string());
        limit_change(
            d,
            s,
            dir,
            key,
            tightened,
            format!("`{key}` changed from {} to {}", show_n(old), show_n(new)),
        );
    }
    // Booleans that narrow what is valid when switched on (OpenAPI 3.0 style exclusivity).
    for key in ["exclusiveMaximum", "exclusiveMinimum", "uniqueItems"] {
        let (old, new) = (s.old.get(key), s.new.get(key));
        if old == new || !(old.is_some_and(Value::is_boolean) || new.is_some_and(Value::is_boolean))
        {
            continue;
        }
        let on = |v: Option<&Value>| v.is_some_and(|v| v != &Value::Bool(false));
        let tightened = on(new) && (!on(old) || key != "uniqueItems");
        let text = format!(
            "`{key}` changed from {} to {}",
            old.map_or("none".into(), show),
            new.map_or("none".into(), show)
        );
        limit_change(d, s, dir, key, tightened, text);
    }
    for key in ["pattern", "multipleOf", "const"] {
        let (old, new) = (s.old.get(key), s.new.get(key));
        if old != new {
            let text = format!(
                "`{key}` changed from {} to {}",
                old.map_or("none".into(), show),
                new.map_or("none".into(), show)
            );
            // A different pattern or step may reject values the old one accepted.
            limit_change(d, s, dir, key, new.is_some(), text);
        }
    }
}

fn limit_change<'a>(
    d: &mut Diff<'a>,
    s: &Spot<'a>,
    dir: Direction,
    key: &str,
    tightened: bool,
    text: String,
) {
    let (sev, rule, effect) = if tightened {
        (
            by_dir(dir, Severity::Breaking, Severity::Info),
            "limit-tightened",
            "values valid before may now be rejected",
        )
    } else {
        (
            by_dir(dir, Severity::Info, Severity::Info),
            "limit-relaxed",
            "more values are valid",
        )
    };
    let at = if s.new.get(key).is_some() {
        s.new_ptr.join(key)
    } else {
        s.new_ptr.clone()
    };
    d.report(
        Where::New,
        &at,
        sev,
        Some(dir),
        rule,
        &s.subject,
        format!("{text} {}: {effect}", dir_words(dir)),
    );
}

pub(super) fn compare_default<'a>(d: &mut Diff<'a>, s: &Spot<'a>, dir: Direction) {
    let (old, new) = (s.old.get("default"), s.new.get("default"));
    if old == new {
        return;
    }
    // A request that leaves the field out now means something else to the server.
    let sev = by_dir(dir, Severity::Warning, Severity::Info);
    let message = format!(
        "default changed from {} to {} {}",
        old.map_or("none".into(), show),
        new.map_or("none".into(), show),
        dir_words(dir)
    );
    let at = if new.is_some() {
        s.new_ptr.join("default")
    } else {
        s.new_ptr.clone()
    };
    d.report(
        Where::New,
        &at,
        sev,
        Some(dir),
        "default-changed",
        &s.subject,
        message,
    );
}
