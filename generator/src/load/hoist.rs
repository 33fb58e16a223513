//! Every `$ref` lowers the same way: to a component schema. A reference to a schema that is
//! not one (`#/components/schemas/A/$defs/B`, a property or the `items` of another schema, a
//! schema under `paths`, a 2020-12 `$anchor`) moves its target into `components/schemas` under
//! a stable name and leaves a reference behind, so the referring and the referred places share
//! one Rust type. Path items given by reference are copied to where they are used, and the
//! inline payload schemas of webhooks and callbacks become components, so each is a model.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::origins::Origins;
use super::walk::{walk_document, Visit};
use crate::error::{Error, ErrorKind, Result, Stage};
use crate::pointer::JsonPointer;

/// Tokens that say how a schema is nested rather than what it is, left out of names.
const STRUCTURAL: &[&str] = &[
    "components",
    "schemas",
    "properties",
    "$defs",
    "definitions",
    "content",
    "schema",
];

/// Collects schema references and `$anchor`s; with a plan, rewrites the references.
#[derive(Default)]
struct Refs {
    /// Targets of references that are not a whole component schema.
    targets: BTreeSet<JsonPointer>,
    /// `$anchor` name → where it is declared.
    anchors: BTreeMap<String, JsonPointer>,
    /// Old target → new reference text (the rewrite pass).
    rewrite: BTreeMap<String, String>,
    /// Every local reference that is not to a whole component: where it is, its text and
    /// target, checked once the walk is done.
    uses: Vec<(JsonPointer, String, JsonPointer)>,
}

impl Visit for Refs {
    fn schema(&mut self, node: &mut Value, at: &JsonPointer) -> Result<()> {
        let Some(map) = node.as_object_mut() else {
            return Ok(());
        };
        if let Some(anchor) = map.get("$anchor").and_then(Value::as_str) {
            self.anchors.insert(anchor.to_owned(), at.clone());
        }
        let Some(Value::String(reference)) = map.get_mut("$ref") else {
            return Ok(());
        };
        if !self.rewrite.is_empty() {
            if let Some(new) = self.rewrite.get(reference.as_str()) {
                *reference = new.clone();
            }
            return Ok(());
        }
        if let Some(pointer) = JsonPointer::from_ref(reference) {
            if !is_component(&pointer) {
                self.uses
                    .push((at.join("$ref"), reference.clone(), pointer.clone()));
            }
            if !is_component(&pointer) && lands_on_schema(&pointer) {
                self.targets.insert(pointer);
            }
        }
        Ok(())
    }
}

/// `/components/schemas/<name>`, exactly.
fn is_component(pointer: &JsonPointer) -> bool {
    pointer
        .as_str()
        .strip_prefix("/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'))
}

/// Whether a pointer can only name a schema: one inside `components/schemas`, or below a
/// `schema` of a parameter, header or media type. Anything else (`#/components/responses/X`)
/// is left for lowering to report as the wrong kind of reference.
fn lands_on_schema(pointer: &JsonPointer) -> bool {
    pointer.as_str().starts_with("/components/schemas/")
        || pointer.tokens().any(|t| t == "schema" || t == "itemSchema")
}

/// Moves referenced non-component schemas into `components/schemas`.
pub(super) fn hoist(doc: &mut Value, origins: &mut Origins) -> Result<()> {
    inline_path_items(doc, origins)?;
    inline_callbacks(doc, origins)?;
    hoist_payloads(doc, origins)?;
    let mut refs = Refs::default();
    walk_document(doc, &mut refs)?;
    check_uses(doc, &refs.uses)?;
    // `#name` references name a schema by its `$anchor`.
    let mut anchored = BTreeMap::new();
    if !refs.anchors.is_empty() {
        let mut finder = AnchorRefs::default();
        walk_document(doc, &mut finder)?;
        for name in finder.names {
            if let Some(at) = refs.anchors.get(&name) {
                anchored.insert(format!("#{name}"), at.clone());
                if !is_component(at) {
                    refs.targets.insert(at.clone());
                }
            }
        }
    }
    if refs.targets.is_empty() && anchored.is_empty() {
        return Ok(());
    }
    let mut taken = component_names(doc);
    // Deepest first: a target inside another target moves out before its parent does, and
    // the parent then carries a reference to it.
    let mut targets: Vec<JsonPointer> = refs
        .targets
        .iter()
        .filter(|t| {
            t.resolve(doc)
                .is_some_and(|n| n.is_object() || n.is_boolean())
        })
        .cloned()
        .collect();
    targets.sort_by(|a, b| depth(b).cmp(&depth(a)).then_with(|| a.cmp(b)));
    let mut rewrite = BTreeMap::new();
    for target in targets {
        let (candidates, base) = name_candidates(&target);
        let name = claim(candidates, &base, &mut taken);
        let Some(new_at) = move_to_components(doc, &target, name)? else {
            continue;
        };
        origins.record(new_at.clone(), None, target.clone());
        rewrite.insert(format!("#{target}"), format!("#{new_at}"));
    }
    for (anchor, at) in anchored {
        let to = rewrite
            .get(&format!("#{at}"))
            .cloned()
            .unwrap_or_else(|| format!("#{at}"));
        rewrite.insert(anchor, to);
    }
    let mut apply = Refs {
        rewrite,
        ..Refs::default()
    };
    walk_document(doc, &mut apply)
}

/// A reference into the middle of the document must land on something, and on a schema: said
/// here, where the referring place is known, rather than left for lowering to misreport.
fn check_uses(doc: &Value, uses: &[(JsonPointer, String, JsonPointer)]) -> Result<()> {
    for (at, reference, target) in uses {
        let Some(node) = target.resolve(doc) else {
            return Err(Error::at(
                at.clone(),
                ErrorKind::DanglingRef(reference.clone()),
            ));
        };
        let schema_like = node.is_object() || node.is_boolean();
        // `#/components/responses/X` and the like stay for lowering to name the kind it wants.
        let elsewhere = !target.as_str().starts_with("/components/") && !lands_on_schema(target);
        if !schema_like || elsewhere {
            return Err(Error::at(
                at.clone(),
                ErrorKind::WrongRef(reference.clone(), "schema"),
            ));
        }
    }
    Ok(())
}

/// Drops `$defs`/`definitions` once their referenced entries have moved out: they constrain
/// nothing themselves, and what is left in them need not be a schema the parser reads.
pub(super) fn drop_definitions(doc: &mut Value) -> Result<()> {
    struct Drop;
    impl Visit for Drop {
        fn schema(&mut self, node: &mut Value, _at: &JsonPointer) -> Result<()> {
            if let Value::Object(map) = node {
                map.remove("$defs");
                map.remove("definitions");
            }
            Ok(())
        }
    }
    walk_document(doc, &mut Drop)
}

/// Names of `#name` (anchor) references.
#[derive(Default)]
struct AnchorRefs {
    names: BTreeSet<String>,
}

impl Visit for AnchorRefs {
    fn schema(&mut self, node: &mut Value, _at: &JsonPointer) -> Result<()> {
        if let Some(anchor) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .filter(|r| !r.is_empty() && !r.starts_with('/'))
        {
            self.names.insert(anchor.to_owned());
        }
        Ok(())
    }
}

fn depth(pointer: &JsonPointer) -> usize {
    pointer.as_str().matches('/').count()
}

/// Moves the schema at `at` to `components/schemas/<name>`, leaving a `$ref` to it in its
/// place; `None` when nothing is at `at`.
fn move_to_components(
    doc: &mut Value,
    at: &JsonPointer,
    name: String,
) -> Result<Option<JsonPointer>> {
    let new_at = JsonPointer::root()
        .join("components")
        .join("schemas")
        .join(&name);
    let Some(slot) = doc.pointer_mut(at.as_str()) else {
        return Ok(None);
    };
    let mut stub = Map::new();
    stub.insert("$ref".to_owned(), Value::String(format!("#{new_at}")));
    let schema = std::mem::replace(slot, Value::Object(stub));
    let Some(schemas) = schemas_mut(doc) else {
        return Err(Error::bug(
            Stage::Load,
            at.clone(),
            "components/schemas is not a mapping",
        ));
    };
    schemas.insert(name, schema);
    Ok(Some(new_at))
}

fn schemas_mut(doc: &mut Value) -> Option<&mut Map<String, Value>> {
    doc.as_object_mut()?
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// The names already in `components/schemas`, which a moved schema must not take.
pub(super) fn component_names(doc: &Value) -> BTreeSet<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// The first of `candidates` not yet taken, else `base_2`, `base_3`, …; marked as taken.
/// Every schema moved into `components/schemas` (hoisted here, or bundled from another file)
/// is named this way.
pub(super) fn claim(
    candidates: impl IntoIterator<Item = String>,
    base: &str,
    taken: &mut BTreeSet<String>,
) -> String {
    let name = candidates
        .into_iter()
        .chain((2..).map(|n| format!("{base}_{n}")))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| base.to_owned());
    taken.insert(name.clone());
    name
}

/// Stable names for a moved schema, best first, and the base numbered names grow from: a
/// `$defs` entry keeps its own name; anything else is named by the last two tokens of its
/// pointer that say what it is (`Order_items`, `Customer_address`). Collisions take more of
/// the pointer, then a number.
fn name_candidates(target: &JsonPointer) -> (Vec<String>, String) {
    let tokens: Vec<String> = target.tokens().collect();
    let in_defs =
        tokens.len() >= 2 && matches!(tokens[tokens.len() - 2].as_str(), "$defs" | "definitions");
    // A `/` or `~` from a property name (`kubernetes.io/name`) would have to be escaped in
    // every reference to the new component; the Rust name drops them anyway.
    let meaningful: Vec<String> = tokens
        .iter()
        .filter(|t| !STRUCTURAL.contains(&t.as_str()))
        .map(|t| t.replace(['/', '~'], "_"))
        .collect();
    let mut candidates = Vec::new();
    if in_defs {
        if let Some(last) = tokens.last() {
            candidates.push(last.replace(['/', '~'], "_"));
        }
    }
    for n in 2..=meaningful.len().max(2) {
        let from = meaningful.len().saturating_sub(n);
        candidates.push(meaningful[from..].join("_"));
    }
    let base = candidates
        .last()
        .cloned()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "Schema".to_owned());
    candidates.retain(|c| !c.is_empty());
    (candidates, base)
}

/// Path items given as a local `$ref` (`#/components/pathItems/X`, 3.1) are copied in place.
fn inline_path_items(doc: &mut Value, origins: &mut Origins) -> Result<()> {
    for section in ["paths", "webhooks"] {
        let keys: Vec<String> = match doc.get(section).and_then(Value::as_object) {
            Some(m) => m.keys().cloned().collect(),
            None => continue,
        };
        for key in keys {
            inline_at(doc, &JsonPointer::root().join(section).join(&key), origins)?;
        }
    }
    Ok(())
}

/// The methods of a path item whose operations may carry callbacks and request bodies.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where each operation of a path item under `sections` (`paths`, `webhooks`) keeps a
/// callback: `/{section}/{key}/{method}/callbacks/{name}`, in document order.
fn operation_callbacks(doc: &Value, sections: &[&str]) -> Vec<JsonPointer> {
    let mut found = Vec::new();
    for section in sections {
        let Some(items) = doc.get(*section).and_then(Value::as_object) else {
            continue;
        };
        for (key, item) in items {
            for method in METHODS {
                let Some(Value::Object(callbacks)) =
                    item.get(method).and_then(|o| o.get("callbacks"))
                else {
                    continue;
                };
                let at = JsonPointer::root()
                    .join(section)
                    .join(key)
                    .join(method)
                    .join("callbacks");
                found.extend(callbacks.keys().map(|name| at.join(name)));
            }
        }
    }
    found
}

/// Callbacks given as a local `$ref` (`#/components/callbacks/X`, 3.0 too), and path items
/// inside a callback given so, are copied in place: the parser reads neither as a reference.
fn inline_callbacks(doc: &mut Value, origins: &mut Origins) -> Result<()> {
    for at in operation_callbacks(doc, &["paths", "webhooks"]) {
        inline_at(doc, &at, origins)?;
        let expressions: Vec<String> = match doc.pointer(at.as_str()).and_then(Value::as_object) {
            Some(m) => m.keys().cloned().collect(),
            None => continue,
        };
        for expression in expressions {
            inline_at(doc, &at.join(&expression), origins)?;
        }
    }
    Ok(())
}

/// Replaces the node at `at`, while it is a local `$ref`, by a copy of what it points to.
fn inline_at(doc: &mut Value, at: &JsonPointer, origins: &mut Origins) -> Result<()> {
    let mut seen = BTreeSet::new();
    while let Some(reference) = doc
        .pointer(at.as_str())
        .and_then(|n| n.get("$ref"))
        .and_then(Value::as_str)
        .map(str::to_owned)
    {
        let Some(target) = JsonPointer::from_ref(&reference) else {
            break;
        };
        if !seen.insert(reference.clone()) {
            return Err(Error::at(
                at.join("$ref"),
                ErrorKind::RefCycle(seen.into_iter().collect::<Vec<_>>().join(" → ")),
            ));
        }
        let Some(copy) = target.resolve(doc).cloned() else {
            return Err(Error::at(
                at.join("$ref"),
                ErrorKind::DanglingRef(reference),
            ));
        };
        if let Some(slot) = doc.pointer_mut(at.as_str()) {
            *slot = copy;
        }
        origins.record(at.clone(), None, target);
    }
    Ok(())
}

/// The inline request body schemas of `webhooks` (3.1) and operation `callbacks` (3.0 too)
/// move into `components/schemas` as `<name>_payload`: nothing else would make them models.
fn hoist_payloads(doc: &mut Value, origins: &mut Origins) -> Result<()> {
    let mut found: Vec<(String, JsonPointer)> = Vec::new();
    let mut payloads_of = |name: &str, item: &Value, at: &JsonPointer| {
        for method in METHODS {
            let Some(content) = item
                .get(method)
                .and_then(|op| op.get("requestBody"))
                .and_then(|b| b.get("content"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            for (media, body) in content {
                if body.get("schema").is_some_and(|s| s.get("$ref").is_none()) {
                    let at = at
                        .join(method)
                        .join("requestBody")
                        .join("content")
                        .join(media)
                        .join("schema");
                    found.push((format!("{name}_payload"), at));
                }
            }
        }
    };
    if let Some(Value::Object(hooks)) = doc.get("webhooks") {
        for (name, item) in hooks {
            payloads_of(name, item, &JsonPointer::root().join("webhooks").join(name));
        }
    }
    for callback_at in operation_callbacks(doc, &["paths"]) {
        let (Some(name), Some(Value::Object(expressions))) =
            (callback_at.last(), doc.pointer(callback_at.as_str()))
        else {
            continue;
        };
        for (expression, item) in expressions {
            payloads_of(&name, item, &callback_at.join(expression));
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    let mut taken = component_names(doc);
    for (base, at) in found {
        let name = claim([base.clone()], &base, &mut taken);
        let Some(new_at) = move_to_components(doc, &at, name)? else {
            continue;
        };
        origins.record(new_at, None, at);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// A callback, and a path item inside one, may each be a `$ref` (the parser takes neither).
    #[test]
    fn callbacks_and_their_path_items_given_by_ref_are_copied_in() {
        let text = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /subscriptions:
    post:
      responses: {"201": {description: subscribed}}
      callbacks:
        onEvent: {$ref: "#/components/callbacks/Event"}
        onClose:
          "{$request.query.url}/closed": {$ref: "#/components/callbacks/Event/{$request.query.url}"}
components:
  callbacks:
    Event:
      "{$request.query.url}":
        post:
          requestBody:
            content:
              application/json: {schema: {type: object}}
          responses: {"200": {description: received}}
"##;
        let doc = match crate::load::load(text.as_bytes()) {
            Ok(doc) => doc,
            Err(e) => panic!("does not load: {e}"),
        };
        let op = doc
            .paths
            .paths
            .get("/subscriptions")
            .and_then(|item| item.as_item())
            .and_then(|item| item.post.as_ref());
        let Some(op) = op else { panic!("no operation") };
        let expressions = |name: &str| -> Vec<(String, bool)> {
            op.callbacks[name]
                .iter()
                .map(|(k, item)| (k.clone(), item.post.is_some()))
                .collect()
        };
        assert_eq!(
            expressions("onEvent"),
            [("{$request.query.url}".to_owned(), true)]
        );
        assert_eq!(
            expressions("onClose"),
            [("{$request.query.url}/closed".to_owned(), true)]
        );
    }
}
