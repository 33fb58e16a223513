//! Visits every schema object of an OpenAPI document (and every other object around them),
//! knowing which is which: a key like `type` or `items` means something only inside a schema,
//! and `examples` or `x-` values are free-form data that must never be rewritten.

use serde_json::Value;

use crate::error::Result;
use crate::pointer::JsonPointer;

/// What a pass does at each node. Both hooks run before the node's children are visited, so a
/// hook may rewrite the node (a boolean schema into an object, a type list into `oneOf`) and
/// the visit then goes on into what it wrote.
pub(super) trait Visit {
    /// A schema (an object, or a 2020-12 boolean schema).
    fn schema(&mut self, node: &mut Value, at: &JsonPointer) -> Result<()>;
    /// Any other object of the document (path items, operations, responses, ...).
    fn other(&mut self, _node: &mut Value, _at: &JsonPointer) -> Result<()> {
        Ok(())
    }
}

/// Keywords whose value is a map of schemas.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keywords whose value is one schema.
const SCHEMA_ONE: &[&str] = &[
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "contentSchema",
];

/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &[
    "allOf",
    "anyOf",
    "oneOf",
    "prefixItems",
    super::downlevel::PREFIX_ITEMS,
];

/// Visits the whole document from its root.
pub(super) fn walk_document(doc: &mut Value, v: &mut dyn Visit) -> Result<()> {
    v.other(doc, &JsonPointer::root())?;
    let Value::Object(map) = doc else {
        return Ok(());
    };
    for (key, child) in map.iter_mut() {
        let at = JsonPointer::root().join(key);
        if key == "components" {
            v.other(child, &at)?;
            if let Value::Object(components) = child {
                for (kind, table) in components.iter_mut() {
                    let at = at.join(kind);
                    if kind == "schemas" {
                        if let Value::Object(schemas) = table {
                            for (name, schema) in schemas.iter_mut() {
                                walk_schema(schema, &at.join(name), v)?;
                            }
                        }
                    } else if !skipped(kind) {
                        walk_other(table, &at, v)?;
                    }
                }
            }
        } else if !skipped(key) {
            walk_other(child, &at, v)?;
        }
    }
    Ok(())
}

/// Free-form values outside schemas: examples and extensions.
fn skipped(key: &str) -> bool {
    key.starts_with("x-") || key == "example" || key == "examples"
}

/// Visits a node that is not a schema, and the schemas below it.
pub(super) fn walk_other(node: &mut Value, at: &JsonPointer, v: &mut dyn Visit) -> Result<()> {
    match node {
        Value::Object(_) => {
            v.other(node, at)?;
            if let Value::Object(map) = node {
                for (key, child) in map.iter_mut() {
                    let at = at.join(key);
                    if key == "schema" || key == "itemSchema" {
                        walk_schema(child, &at, v)?;
                    } else if !skipped(key) {
                        walk_other(child, &at, v)?;
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                walk_other(child, &at.join(&i.to_string()), v)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Visits a schema and its subschemas.
pub(super) fn walk_schema(node: &mut Value, at: &JsonPointer, v: &mut dyn Visit) -> Result<()> {
    if !(node.is_object() || node.is_boolean()) {
        return Ok(());
    }
    v.schema(node, at)?;
    let Value::Object(map) = node else {
        return Ok(());
    };
    for (key, child) in map.iter_mut() {
        let key = key.as_str();
        let at = at.join(key);
        if SCHEMA_MAPS.contains(&key) {
            if let Value::Object(members) = child {
                for (name, member) in members.iter_mut() {
                    walk_schema(member, &at.join(name), v)?;
                }
            }
        } else if SCHEMA_ONE.contains(&key) {
            // `additionalProperties: false` is valid 3.0 and means what it says there.
            if !(child.is_boolean()
                && matches!(key, "additionalProperties" | "unevaluatedProperties"))
            {
                match child {
                    Value::Array(list) => {
                        for (i, member) in list.iter_mut().enumerate() {
                            walk_schema(member, &at.join(&i.to_string()), v)?;
                        }
                    }
                    _ => walk_schema(child, &at, v)?,
                }
            }
        } else if SCHEMA_LISTS.contains(&key) {
            if let Value::Array(list) = child {
                for (i, member) in list.iter_mut().enumerate() {
                    walk_schema(member, &at.join(&i.to_string()), v)?;
                }
            }
        }
    }
    Ok(())
}
