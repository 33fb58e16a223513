//! `$dynamicRef` to a `$dynamicAnchor` declared once in the document: with a single anchor of
//! that name no dynamic scope can pick another, so 2020-12 resolves it exactly as a `$ref` to
//! that schema (the usual recursive `Tree`/`children` pattern), and it becomes one. A name
//! declared more than once (a generic schema its users override) keeps the base schema's type
//! and the "not enforced" docs `downlevel` writes.

use std::collections::BTreeMap;

use serde_json::Value;

use super::walk::{walk_document, Visit};
use crate::error::Result;
use crate::pointer::JsonPointer;

/// How often each anchor name is declared, by `$anchor` or `$dynamicAnchor`.
#[derive(Default)]
struct Anchors {
    count: BTreeMap<String, usize>,
}

impl Visit for Anchors {
    fn schema(&mut self, node: &mut Value, _at: &JsonPointer) -> Result<()> {
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(name) = node.get(key).and_then(Value::as_str) {
                *self.count.entry(name.to_owned()).or_default() += 1;
            }
        }
        Ok(())
    }
}

/// Rewrites `$dynamicRef: "#name"` to `$ref: "#name"`, and the one `$dynamicAnchor: name` to
/// `$anchor: name`, where `name` is declared once.
struct Rewrite {
    unique: Vec<String>,
}

impl Visit for Rewrite {
    fn schema(&mut self, node: &mut Value, _at: &JsonPointer) -> Result<()> {
        let Value::Object(map) = node else {
            return Ok(());
        };
        let unique = |name: Option<&str>| name.is_some_and(|n| self.unique.iter().any(|u| u == n));
        if unique(map.get("$dynamicAnchor").and_then(Value::as_str)) {
            if let Some(name) = map.remove("$dynamicAnchor") {
                map.entry("$anchor").or_insert(name);
            }
        }
        let target = map
            .get("$dynamicRef")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'));
        if unique(target) && !map.contains_key("$ref") {
            if let Some(reference) = map.remove("$dynamicRef") {
                map.insert("$ref".to_owned(), reference);
            }
        }
        Ok(())
    }
}

/// Resolves every `$dynamicRef` whose anchor name is declared once in the document.
pub(super) fn resolve_dynamic_refs(doc: &mut Value) -> Result<()> {
    let mut anchors = Anchors::default();
    walk_document(doc, &mut anchors)?;
    let unique: Vec<String> = anchors
        .count
        .into_iter()
        .filter(|(_, n)| *n == 1)
        .map(|(name, _)| name)
        .collect();
    if unique.is_empty() {
        return Ok(());
    }
    walk_document(doc, &mut Rewrite { unique })
}
