//! Structural checks on the raw JSON tree before decoding: OpenAPI version, 3.1-style type
//! lists, and integer bounds no Rust integer can hold.

use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::pointer::JsonPointer;

/// Integer bounds beyond 64 bits (`maximum: 18446744073709552000`) are valid JSON Schema but
/// fit no Rust integer the parsed document can hold; they constrain nothing we generate, so
/// they are dropped rather than failing the whole spec.
pub(super) fn drop_unrepresentable_bounds(mut value: Value) -> Value {
    fn walk(node: &mut Value) {
        match node {
            Value::Object(map) => {
                if map.get("type").and_then(Value::as_str) == Some("integer") {
                    for key in ["minimum", "maximum", "multipleOf"] {
                        if map
                            .get(key)
                            .is_some_and(|v| v.is_number() && v.as_i64().is_none())
                        {
                            map.remove(key);
                        }
                    }
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}

pub(super) fn check_version(doc: &Value) -> Result<()> {
    let Some(root) = doc.as_object() else {
        return Err(Error::at(
            "",
            ErrorKind::NotOpenApi("the top level is not a mapping".into()),
        ));
    };
    if let Some(v) = root.get("swagger") {
        return Err(Error::at(
            "/swagger",
            ErrorKind::Version(format!(
                "Swagger {} (OpenAPI 2.0); convert it to OpenAPI 3.0 first",
                v.as_str().unwrap_or("?")
            )),
        ));
    }
    let Some(version) = root.get("openapi") else {
        return Err(Error::at(
            "",
            ErrorKind::NotOpenApi("there is no `openapi` version field".into()),
        ));
    };
    let version = match version {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if ["3.0", "3.1", "3.2"].iter().any(|v| version.starts_with(v)) {
        Ok(())
    } else {
        Err(Error::at(
            "/openapi",
            ErrorKind::Version(format!(
                "OpenAPI {version}: only 3.0.x, 3.1.x and 3.2.x are supported"
            )),
        ))
    }
}

/// Rejects 3.1-style `type: [string, "null"]` with a message that says so; without this the
/// document fails deep inside an untagged enum with no hint of the cause.
pub(super) fn check_schema_types(node: &Value, pointer: &JsonPointer) -> Result<()> {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                let child = pointer.join(k);
                if k == "type" && v.is_array() {
                    return Err(Error::at(
                        child,
                        ErrorKind::Invalid(
                            "`type` must be a single string in OpenAPI 3.0; a list of types is 3.1 syntax (use `nullable: true`)".into(),
                        ),
                    ));
                }
                // Examples and extensions are free-form JSON, not schemas.
                if k == "example" || k == "examples" || k.starts_with("x-") {
                    continue;
                }
                check_schema_types(v, &child)?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_schema_types(v, &pointer.join(&i.to_string()))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
