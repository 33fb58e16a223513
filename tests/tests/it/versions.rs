//! One API, two OpenAPI versions, one crate: the Sphere spec and every fixture written in 3.0,
//! rewritten here the way a person moves a spec to 3.1 (`nullable` → a type list or a `null`
//! member, `example` → `examples`, boolean exclusive bounds → numbers), generate exactly the
//! same files. This is what "`lower` sees one version-free view" means in practice.

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::support;

/// Keywords whose value is a map of schemas, one schema, or a list of schemas.
const MAPS: &[&str] = &["properties"];
const ONE: &[&str] = &["items", "additionalProperties", "not"];
const LISTS: &[&str] = &["allOf", "anyOf", "oneOf"];

fn to_31_schema(node: &mut Value) {
    let Value::Object(map) = node else { return };
    for key in MAPS {
        if let Some(Value::Object(members)) = map.get_mut(*key) {
            members.values_mut().for_each(to_31_schema);
        }
    }
    for key in ONE {
        if let Some(child @ Value::Object(_)) = map.get_mut(*key) {
            to_31_schema(child);
        }
    }
    for key in LISTS {
        if let Some(Value::Array(members)) = map.get_mut(*key) {
            members.iter_mut().for_each(to_31_schema);
        }
    }
    if let Some(example) = map.remove("example") {
        map.insert("examples".into(), json!([example]));
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Bool(on)) = map.remove(exclusive) {
            if on {
                if let Some(b) = map.remove(bound) {
                    map.insert(exclusive.into(), b);
                }
            }
        }
    }
    if map.remove("nullable") == Some(Value::Bool(true)) {
        match map.get("type").cloned() {
            Some(Value::String(t)) => {
                map.insert("type".into(), json!([t, "null"]));
            }
            _ => {
                let docs = ["description", "title"];
                let rest: Map<String, Value> = map
                    .iter()
                    .filter(|(k, _)| !docs.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                map.retain(|k, _| docs.contains(&k.as_str()));
                map.insert("anyOf".into(), json!([rest, {"type": "null"}]));
            }
        }
    }
}

fn to_31_other(node: &mut Value) {
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "schema" {
                    to_31_schema(child);
                } else if !(key.starts_with("x-") || key == "example" || key == "examples") {
                    to_31_other(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(to_31_other),
        _ => {}
    }
}

/// The same document as OpenAPI 3.1.
fn to_31(mut doc: Value) -> Value {
    doc["openapi"] = json!("3.1.0");
    let schemas = doc
        .pointer_mut("/components/schemas")
        .map(Value::take)
        .unwrap_or(Value::Null);
    to_31_other(&mut doc);
    if let Value::Object(mut schemas) = schemas {
        schemas.values_mut().for_each(to_31_schema);
        doc["components"]["schemas"] = Value::Object(schemas);
    }
    doc
}

#[test]
fn a_spec_in_3_1_generates_the_same_crate_as_in_3_0() {
    let root = support::root();
    let mut specs = vec![root.join("spec/sphere.yaml")];
    for name in [
        "absent_null",
        "all_of",
        "collections",
        "one_of_tagged",
        "scalars",
    ] {
        specs.push(root.join(format!("tests/fixtures/{name}.yaml")));
    }
    for spec in specs {
        let bytes = std::fs::read(&spec).expect("spec");
        let doc = generator::load::parse_value(&bytes).expect("parses");
        let converted = to_31(doc.clone());
        assert_ne!(converted, doc, "{}: nothing to convert", spec.display());
        let text = serde_json::to_string_pretty(&converted).expect("JSON");
        let shown = Path::new("spec.yaml");
        let options = support::options("same");
        let v30 = generator::generate(&bytes, shown, &options).expect("3.0 generates");
        let v31 = generator::generate(text.as_bytes(), shown, &options)
            .unwrap_or_else(|e| panic!("{} as 3.1: {e}", spec.display()));
        assert_eq!(v30.len(), v31.len(), "{}", spec.display());
        for ((p30, t30), (p31, t31)) in v30.iter().zip(v31.iter()) {
            assert_eq!(p30, p31);
            assert!(
                t30 == t31,
                "{}: {} differs in 3.1",
                spec.display(),
                p30.display()
            );
        }
    }
}
