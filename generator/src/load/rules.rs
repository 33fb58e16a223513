//! The OpenAPI Specification's MUST rules whose violation would make the generated code wrong
//! or misleading, checked on the raw JSON tree with one clear error each. The README lists
//! them, and the rules deliberately tolerated, with the reason.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::pointer::JsonPointer;

/// The HTTP methods a Path Item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Checks every rule below on `doc`, stopping at the first violation. `minor` is the version
/// the author wrote (`1` for 3.1.x): by now a later document has the 3.0 shape and says 3.0.3.
pub(super) fn check(doc: &Value, minor: u32) -> Result<()> {
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        check_paths(doc, paths, minor)?;
    }
    check_schemas(doc, &JsonPointer::root())
}

fn invalid(pointer: JsonPointer, message: String) -> Error {
    Error::at(pointer, ErrorKind::Invalid(message))
}

/// `value`, or what its local `$ref` points to (a dangling one is reported elsewhere).
fn resolve<'v>(doc: &'v Value, value: &'v Value) -> &'v Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => JsonPointer::from_ref(reference)
            .and_then(|p| p.resolve(doc))
            .unwrap_or(value),
        None => value,
    }
}

/// Paths: each starts with `/`; no two templates that differ only in their parameter names
/// share a method. (Vercel's published spec has `GET /v13/deployments/{idOrUrl}` beside
/// `DELETE /v13/deployments/{id}`: each request still has one operation.)
fn check_paths(doc: &Value, paths: &Map<String, Value>, minor: u32) -> Result<()> {
    let root = JsonPointer::root().join("paths");
    let mut shapes: BTreeMap<(String, &str), &str> = BTreeMap::new();
    for (path, item) in paths {
        let at = root.join(path);
        if path.starts_with("x-") {
            continue;
        }
        if !path.starts_with('/') {
            return Err(invalid(
                at,
                format!(
                    "path {path:?} must begin with `/`: the client appends it to the server URL"
                ),
            ));
        }
        let item = resolve(doc, item);
        let shape = template_shape(path);
        for method in METHODS.into_iter().filter(|m| item.get(*m).is_some()) {
            if let Some(other) = shapes.insert((shape.clone(), method), path) {
                return Err(invalid(
                    at,
                    format!("paths {other:?} and {path:?} differ only in parameter names, so a request URL cannot tell them apart"),
                ));
            }
        }
        check_path_item(doc, path, item, &at, minor)?;
    }
    Ok(())
}

/// A path with every `{name}` replaced by `{}`.
fn template_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push_str("{}");
            }
            '}' => in_name = false,
            c if !in_name => out.push(c),
            _ => {}
        }
    }
    out
}

/// The names in a path template's `{…}` expressions.
fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn check_path_item(
    doc: &Value,
    path: &str,
    item: &Value,
    at: &JsonPointer,
    minor: u32,
) -> Result<()> {
    let shared = item.get("parameters");
    if let Some(list) = shared {
        check_parameters(doc, path, list, &at.join("parameters"))?;
    }
    let fixed = METHODS
        .iter()
        .filter_map(|method| Some((item.get(*method)?, at.join(method))));
    for (op, op_at) in fixed.chain(super::operations32::carried(item, at)) {
        if let Some(list) = op.get("parameters") {
            check_parameters(doc, path, list, &op_at.join("parameters"))?;
        }
        if let Some(body) = op.get("requestBody") {
            check_request_body(resolve(doc, body), &op_at.join("requestBody"))?;
        }
        check_responses(op.get("responses"), &op_at, minor == 0)?;
    }
    Ok(())
}

/// Parameters: unique by name and location; path ones required and in the template; `schema`
/// or `content` (one entry), not both; a `style` their location allows.
fn check_parameters(doc: &Value, path: &str, list: &Value, at: &JsonPointer) -> Result<()> {
    let Some(items) = list.as_array() else {
        return Ok(());
    };
    let names = template_names(path);
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, param) in items.iter().enumerate() {
        let at = at.join(&i.to_string());
        let param = resolve(doc, param);
        let (Some(name), Some(location)) = (
            param.get("name").and_then(Value::as_str),
            param.get("in").and_then(Value::as_str),
        ) else {
            continue;
        };
        // Header names are case-insensitive (RFC 9110), so `X-Id` and `x-id` are one header.
        let key = if location == "header" {
            name.to_ascii_lowercase()
        } else {
            name.to_owned()
        };
        if let Some(first) = seen.insert((key, location.to_owned()), i) {
            return Err(invalid(
                at,
                format!("parameter `{name}` (in: {location}) is declared twice in this list (also at index {first})"),
            ));
        }
        if location == "path" {
            if param.get("required") != Some(&Value::Bool(true)) {
                return Err(invalid(
                    at,
                    format!("path parameter `{name}` must have `required: true`: a path cannot leave a segment out"),
                ));
            }
            if !names.contains(&name) {
                return Err(invalid(
                    at,
                    format!(
                        "path parameter `{name}` does not appear in the path template {path:?}"
                    ),
                ));
            }
        }
        match (param.get("schema"), param.get("content")) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    at,
                    format!("parameter `{name}` has both `schema` and `content`; it must have exactly one"),
                ))
            }
            (None, None) => {
                return Err(invalid(
                    at,
                    format!("parameter `{name}` has neither `schema` nor `content`; it must have exactly one"),
                ))
            }
            (None, Some(content)) => {
                let entries = content.as_object().map_or(0, Map::len);
                if entries != 1 {
                    return Err(invalid(
                        at.join("content"),
                        format!("the `content` of parameter `{name}` must have exactly one media type, not {entries}"),
                    ));
                }
            }
            (Some(_), None) => {}
        }
        if let Some(style) = param.get("style").and_then(Value::as_str) {
            let allowed: &[&str] = match location {
                "path" => &["matrix", "label", "simple"],
                "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
                "header" => &["simple"],
                "cookie" => &["form"],
                _ => continue,
            };
            if !allowed.contains(&style) {
                return Err(invalid(
                    at.join("style"),
                    format!("style `{style}` is not allowed for an `in: {location}` parameter (allowed: {})", allowed.join(", ")),
                ));
            }
        }
    }
    Ok(())
}

/// A Request Body's `content` is required and holds at least one media type.
fn check_request_body(body: &Value, at: &JsonPointer) -> Result<()> {
    if body.get("$ref").is_some() {
        return Ok(());
    }
    match body.get("content").and_then(Value::as_object) {
        Some(content) if !content.is_empty() => Ok(()),
        _ => Err(invalid(
            at.clone(),
            "a request body must have a `content` with at least one media type".to_owned(),
        )),
    }
}

/// Responses: required, at least one, each key `default`, a status code or a range `1XX`–`5XX`.
/// (OpenAPI 3.1 made `responses` optional. `load` writes an absent one as `{}`, so from 3.1 on
/// an empty one is read as absent: the crate is the same either way.)
fn check_responses(responses: Option<&Value>, op_at: &JsonPointer, required: bool) -> Result<()> {
    let Some(responses) = responses.and_then(Value::as_object) else {
        if !required {
            return Ok(());
        }
        return Err(invalid(
            op_at.clone(),
            "an operation must have `responses`".to_owned(),
        ));
    };
    let at = op_at.join("responses");
    if required && responses.keys().all(|k| k.starts_with("x-")) {
        return Err(invalid(
            at,
            "`responses` must hold at least one response".to_owned(),
        ));
    }
    for key in responses.keys().filter(|k| !k.starts_with("x-")) {
        let bytes = key.as_bytes();
        let valid = key == "default"
            || (bytes.len() == 3
                && (b'1'..=b'5').contains(&bytes[0])
                && (bytes[1..].iter().all(u8::is_ascii_digit) || &bytes[1..] == b"XX"));
        if !valid {
            return Err(invalid(
                at.join(key),
                format!("response key {key:?} is not `default`, an HTTP status code (100–599) or a range (`1XX` to `5XX`)"),
            ));
        }
    }
    Ok(())
}

/// Keys whose values are data, not schemas: their contents are never checked as schemas.
const DATA_KEYS: [&str; 4] = ["example", "examples", "default", "enum"];

/// Schemas anywhere: none is both `readOnly` and `writeOnly`. (An array without `items` is
/// tolerated: it reads as an array of any JSON, which is what it allows.)
fn check_schemas(node: &Value, at: &JsonPointer) -> Result<()> {
    match node {
        Value::Object(map) => {
            if map.get("readOnly") == Some(&Value::Bool(true))
                && map.get("writeOnly") == Some(&Value::Bool(true))
            {
                return Err(invalid(
                    at.clone(),
                    "a schema cannot be both `readOnly` and `writeOnly`: it would be in neither requests nor responses".to_owned(),
                ));
            }
            check_discriminator_mapping(map, at)?;
            check_ref_and_enum(map, at)?;
            for (k, v) in map {
                if DATA_KEYS.contains(&k.as_str()) || k.starts_with("x-") {
                    continue;
                }
                check_schemas(v, &at.join(k))?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_schemas(v, &at.join(&i.to_string()))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A `$ref` that is not text, or an `enum` with no values, would otherwise be passed over and
/// leave a type that admits anything. (An object under `$ref` or `enum` is a property of that
/// name inside `properties`, not the keyword.)
fn check_ref_and_enum(map: &Map<String, Value>, at: &JsonPointer) -> Result<()> {
    if map
        .get("$ref")
        .is_some_and(|r| !r.is_string() && !r.is_object())
    {
        return Err(invalid(
            at.join("$ref"),
            "`$ref` must be a string: a JSON pointer (`#/components/schemas/X`) or a file path"
                .to_owned(),
        ));
    }
    if map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
    {
        return Err(invalid(
            at.join("enum"),
            "`enum` is empty, so no value is valid; list the allowed values or drop `enum`"
                .to_owned(),
        ));
    }
    Ok(())
}

/// A discriminator's `mapping` names only alternatives of the `oneOf`/`anyOf` beside it: a
/// tag mapped elsewhere would decode as an unknown variant, as if the spec had not listed it.
fn check_discriminator_mapping(schema: &Map<String, Value>, at: &JsonPointer) -> Result<()> {
    let Some(mapping) = schema
        .get("discriminator")
        .and_then(|d| d.get("mapping"))
        .and_then(Value::as_object)
    else {
        return Ok(());
    };
    let Some((keyword, alternatives)) = ["oneOf", "anyOf"]
        .into_iter()
        .find_map(|k| Some((k, schema.get(k)?.as_array()?)))
    else {
        return Ok(());
    };
    // Blaming the first mapping entry would send the reader to the wrong line.
    if alternatives.is_empty() && !mapping.is_empty() {
        return Err(invalid(
            at.join(keyword),
            format!("`{keyword}` is empty: it lists no alternatives, so nothing can match it and the discriminator's mapping has nothing to point to; list the schemas the mapping names"),
        ));
    }
    let refs: Vec<&str> = alternatives.iter().filter_map(alternative_ref).collect();
    for (tag, target) in mapping {
        let Some(target) = target.as_str() else {
            continue;
        };
        // A bare name is a schema in `components/schemas`.
        let reference = if target.contains('/') || target.starts_with('#') {
            target.to_owned()
        } else {
            format!("#/components/schemas/{target}")
        };
        if !refs.contains(&reference.as_str()) {
            return Err(invalid(
                at.join("discriminator").join("mapping").join(tag),
                format!("discriminator mapping {tag:?} points to {target:?}, which is not one of the `{keyword}` alternatives beside it; objects tagged {tag:?} would decode as unknown"),
            ));
        }
    }
    Ok(())
}

/// Keywords that give a schema a shape of its own, beyond what an `allOf` member says.
const SHAPE_KEYS: [&str; 10] = [
    "type",
    "properties",
    "items",
    "additionalProperties",
    "oneOf",
    "anyOf",
    "not",
    "enum",
    "format",
    "nullable",
];

/// The schema an alternative stands for: a bare `$ref`, or one only described
/// (`{allOf: [{$ref}], description}`, which a 3.1 `{$ref, description}` becomes), as `lower`
/// reads it.
fn alternative_ref(alternative: &Value) -> Option<&str> {
    if let Some(reference) = alternative.get("$ref") {
        return reference.as_str();
    }
    let map = alternative.as_object()?;
    match map.get("allOf")?.as_array()?.as_slice() {
        [member] if !SHAPE_KEYS.iter().any(|k| map.contains_key(*k)) => {
            member.get("$ref")?.as_str()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn template_shapes_and_names() {
        assert_eq!(template_shape("/a/{id}/b/{x}"), "/a/{}/b/{}");
        assert_eq!(template_names("/a/{id}/b/{x}.json"), ["id", "x"]);
    }

    #[test]
    fn paths_differing_only_in_parameter_names_may_not_share_a_method() {
        let doc = |second: &str| {
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a/{{id}}:\n    get: {{responses: {{'200': {{description: ok}}}}, parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]}}\n  /a/{{name}}:\n    {second}: {{responses: {{'200': {{description: ok}}}}, parameters: [{{name: name, in: path, required: true, schema: {{type: string}}}}]}}\n")
        };
        let load = |text: String| {
            crate::load::load(text.as_bytes())
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        assert_eq!(load(doc("delete")), Ok(()));
        assert_eq!(
            load(doc("get")),
            Err("at /paths/~1a~1{name}: invalid OpenAPI: paths \"/a/{id}\" and \"/a/{name}\" differ only in parameter names, so a request URL cannot tell them apart".to_owned())
        );
    }

    #[test]
    fn responses_may_be_absent_or_empty_from_3_1_on_only() {
        let doc = |version: &str, op: &str| {
            format!("openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get: {op}\n")
        };
        let load = |text: String| {
            crate::load::load(text.as_bytes())
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        for version in ["3.1.0", "3.2.0"] {
            assert_eq!(load(doc(version, "{}")), Ok(()), "{version}, absent");
            assert_eq!(
                load(doc(version, "{responses: {}}")),
                Ok(()),
                "{version}, empty"
            );
        }
        assert_eq!(
            load(doc("3.0.3", "{}")),
            Err(
                "at /paths/~1a/get: invalid OpenAPI: an operation must have `responses`".to_owned()
            )
        );
        assert_eq!(
            load(doc("3.0.3", "{responses: {}}")),
            Err("at /paths/~1a/get/responses: invalid OpenAPI: `responses` must hold at least one response".to_owned())
        );
    }

    #[test]
    fn a_mapping_may_name_an_alternative_that_only_describes_its_reference() {
        let text = json!({"$ref": "#/components/schemas/Text"});
        let described = json!({"allOf": [text.clone()], "description": "Plain text."});
        let shaped = json!({"allOf": [text.clone()], "type": "object"});
        let union = |alternative: Value| {
            json!({
                "oneOf": [alternative],
                "discriminator": {"propertyName": "type", "mapping": {"text": "Text"}},
            })
        };
        let at = JsonPointer::root();
        let check = |schema: Value| match schema {
            Value::Object(map) => check_discriminator_mapping(&map, &at).map_err(|e| e.to_string()),
            _ => Ok(()),
        };
        assert_eq!(check(union(text)), Ok(()));
        assert_eq!(check(union(described)), Ok(()));
        assert_eq!(
            check(union(shaped)),
            Err("at /discriminator/mapping/text: invalid OpenAPI: discriminator mapping \"text\" points to \"Text\", which is not one of the `oneOf` alternatives beside it; objects tagged \"text\" would decode as unknown".to_owned())
        );
    }
}
