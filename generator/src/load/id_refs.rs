//! `$ref`s inside a schema that has an `$id`: JSON Schema 2020-12 resolves them against that
//! `$id`, not against the document. A reference that then names another schema of this
//! document by its `$id` (or a place inside the `$id` schema itself) is rewritten to a local
//! pointer; one that names anything else is one clear error, where reading it against the
//! document would silently pick another file or schema.

use std::collections::BTreeMap;

use serde_json::Value;

use super::walk::{walk_document, Visit};
use crate::error::{Error, ErrorKind, Result};
use crate::pointer::JsonPointer;

/// Rewrites or refuses every `$ref` whose base an `$id` changes.
pub(super) fn resolve_id_refs(doc: &mut Value) -> Result<()> {
    let mut found = Found::default();
    walk_document(doc, &mut found)?;
    if found.ids.is_empty() {
        return Ok(());
    }
    let document = doc
        .get("$self")
        .and_then(Value::as_str)
        .map(|s| without_fragment(s).to_owned())
        .unwrap_or_default();
    // Each `$id` resolved against the `$id`s around it, outermost first.
    let mut bases: BTreeMap<JsonPointer, String> = BTreeMap::new();
    for (at, id) in &found.ids {
        let outer = innermost(&bases, at).map_or(document.as_str(), |(_, b)| b.as_str());
        let base = without_fragment(&resolve(outer, id)).to_owned();
        bases.insert(at.clone(), base);
    }
    let mut rewrites = BTreeMap::new();
    for (at, reference) in &found.refs {
        let Some((scope, base)) = innermost(&bases, at) else {
            continue;
        };
        if *base == document {
            continue;
        }
        let target = resolve(base, reference);
        if target == resolve(&document, reference) {
            continue;
        }
        let (uri, fragment) = target.split_once('#').unwrap_or((&target, ""));
        let local = if reference.starts_with('#') {
            // Inside the `$id` schema when it lands there; otherwise read against the document
            // as OpenAPI tools that ignore `$id` do, which is what such a spec's author meant.
            match JsonPointer::parse(fragment) {
                Some(p)
                    if JsonPointer::from(format!("{scope}{p}"))
                        .resolve(doc)
                        .is_some() =>
                {
                    Some(format!("#{scope}{p}"))
                }
                _ => None,
            }
        } else {
            let named = bases.iter().find(|(_, b)| b.as_str() == uri);
            match (named, JsonPointer::parse(fragment)) {
                (Some((schema, _)), Some(p)) => Some(format!("#{schema}{p}")),
                // An anchor: `load` finds anchors anywhere in the document.
                (Some(_), None) => Some(format!("#{fragment}")),
                // A relative `$id` moved the base within the spec's own folder: the target is
                // a file there, which bundling reads like any other.
                (None, _) if !has_scheme(&target) && !target.starts_with('/') => {
                    Some(target.clone())
                }
                (None, _) => {
                    return Err(Error::at(
                        at.join("$ref"),
                        ErrorKind::Unsupported(format!(
                            "`$ref` {reference:?} is resolved against the `$id` {:?} of the schema at {}, which makes it {target:?}: no schema in this document has that `$id`, and the generator never fetches one. Refer to the schema by its place instead (`#/components/schemas/Name`, or a file path such as `./name.yaml` outside any schema with an `$id`)",
                            found.ids.get(scope).map_or("", String::as_str),
                            display(scope),
                        )),
                    ))
                }
            }
        };
        if let Some(local) = local {
            rewrites.insert(at.clone(), local);
        }
    }
    if rewrites.is_empty() {
        return Ok(());
    }
    walk_document(doc, &mut Rewrite { rewrites })
}

/// Schemas with an `$id`, and every schema `$ref`, by where they are.
#[derive(Default)]
struct Found {
    ids: BTreeMap<JsonPointer, String>,
    refs: Vec<(JsonPointer, String)>,
}

impl Visit for Found {
    fn schema(&mut self, node: &mut Value, at: &JsonPointer) -> Result<()> {
        if let Some(id) = node.get("$id").and_then(Value::as_str) {
            // `$id: "#name"` is draft-07's anchor, not a new base.
            if !id.starts_with('#') {
                self.ids.insert(at.clone(), id.to_owned());
            }
        }
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            self.refs.push((at.clone(), reference.to_owned()));
        }
        Ok(())
    }
}

struct Rewrite {
    rewrites: BTreeMap<JsonPointer, String>,
}

impl Visit for Rewrite {
    fn schema(&mut self, node: &mut Value, at: &JsonPointer) -> Result<()> {
        if let (Some(new), Value::Object(map)) = (self.rewrites.get(at), node) {
            map.insert("$ref".to_owned(), Value::String(new.clone()));
        }
        Ok(())
    }
}

/// The nearest schema at or above `at` with an entry in `bases`.
fn innermost<'b>(
    bases: &'b BTreeMap<JsonPointer, String>,
    at: &JsonPointer,
) -> Option<(&'b JsonPointer, &'b String)> {
    bases
        .iter()
        .filter(|(p, _)| {
            at.as_str() == p.as_str()
                || at
                    .as_str()
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|(p, _)| p.as_str().len())
}

fn display(at: &JsonPointer) -> &str {
    if at.is_root() {
        "the document root"
    } else {
        at.as_str()
    }
}

fn without_fragment(uri: &str) -> &str {
    uri.split_once('#').map_or(uri, |(u, _)| u)
}

/// Whether `reference` starts with a URI scheme (`https:`, `urn:`).
fn has_scheme(reference: &str) -> bool {
    reference.split_once(':').is_some_and(|(s, _)| {
        s.len() > 1
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `reference` resolved against `base` (RFC 3986 §5.2, for the forms schemas use).
fn resolve(base: &str, reference: &str) -> String {
    let base = without_fragment(base);
    if reference.is_empty() {
        return base.to_owned();
    }
    if reference.starts_with('#') {
        return format!("{base}{reference}");
    }
    if has_scheme(reference) || base.is_empty() {
        return remove_dots(reference);
    }
    // `scheme://authority` of the base, if it has one.
    let origin_end = base
        .find("://")
        .map(|i| base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j));
    if let Some(rest) = reference.strip_prefix("//") {
        let scheme = base.split_once(':').map_or("", |(s, _)| s);
        return remove_dots(&format!("{scheme}://{rest}"));
    }
    if reference.starts_with('/') {
        let origin = origin_end.map_or("", |end| &base[..end]);
        return remove_dots(&format!("{origin}{reference}"));
    }
    let dir = base.rfind('/').map_or("", |i| &base[..=i]);
    remove_dots(&format!("{dir}{reference}"))
}

/// Drops `.` and resolves `..` segments in the path of `uri` (never above its authority).
fn remove_dots(uri: &str) -> String {
    let (path, suffix) = match uri.find(['#', '?']) {
        Some(i) => (&uri[..i], &uri[i..]),
        None => (uri, ""),
    };
    let start = path.find("://").map_or(0, |i| {
        path[i + 3..].find('/').map_or(path.len(), |j| i + 3 + j)
    });
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path[start..].split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("{}{}{suffix}", &path[..start], out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_against_their_base() {
        let base = "https://example.com/schemas/order.json";
        for (reference, expected) in [
            ("item.json", "https://example.com/schemas/item.json"),
            (
                "./item.json#/$defs/a",
                "https://example.com/schemas/item.json#/$defs/a",
            ),
            (
                "../common/money.json",
                "https://example.com/common/money.json",
            ),
            ("/root.json", "https://example.com/root.json"),
            (
                "#/$defs/line",
                "https://example.com/schemas/order.json#/$defs/line",
            ),
            ("urn:example:item", "urn:example:item"),
        ] {
            assert_eq!(resolve(base, reference), expected, "{reference}");
        }
        assert_eq!(resolve("", "item.json"), "item.json");
        assert_eq!(resolve(base, ""), base);
    }

    fn run(yaml: &str) -> Result<Value> {
        let mut doc: Value = serde_yaml::from_str(yaml).expect("yaml");
        resolve_id_refs(&mut doc).map(|()| doc)
    }

    #[test]
    fn a_ref_to_another_schemas_id_becomes_a_local_pointer() {
        let doc = run("components:\n  schemas:\n    Order:\n      $id: https://example.com/s/order.json\n      properties:\n        item: {$ref: item.json}\n        line: {$ref: '#/$defs/line'}\n        other: {$ref: '#/components/schemas/Item'}\n      $defs:\n        line: {type: string}\n    Item:\n      $id: https://example.com/s/item.json\n      type: object\n").expect("resolves");
        let props = &doc["components"]["schemas"]["Order"]["properties"];
        assert_eq!(props["item"]["$ref"], "#/components/schemas/Item");
        assert_eq!(
            props["line"]["$ref"],
            "#/components/schemas/Order/$defs/line"
        );
        assert_eq!(props["other"]["$ref"], "#/components/schemas/Item");
    }

    #[test]
    fn a_relative_id_moves_file_refs_only_when_it_changes_the_folder() {
        let doc = run("components:\n  schemas:\n    A:\n      $id: a.json\n      properties:\n        b: {$ref: ./b.yaml}\n    C:\n      $id: schemas/c.json\n      properties:\n        d: {$ref: d.yaml#/D}\n").expect("resolves");
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["A"]["properties"]["b"]["$ref"], "./b.yaml");
        assert_eq!(schemas["C"]["properties"]["d"]["$ref"], "schemas/d.yaml#/D");
    }

    #[test]
    fn a_ref_the_id_sends_elsewhere_is_one_error() {
        let err = run("components:\n  schemas:\n    Order:\n      $id: https://example.com/s/order.json\n      properties:\n        item: {$ref: item.json}\n").unwrap_err();
        assert_eq!(
            err.pointer.as_str(),
            "/components/schemas/Order/properties/item/$ref"
        );
        assert!(
            err.to_string()
                .contains("\"https://example.com/s/item.json\""),
            "{err}"
        );
    }
}
