//! Stage 1, `load`: bytes of YAML or JSON → `openapiv3::OpenAPI`, rejecting what is not an
//! OpenAPI 3.0 document with an error that says where and why.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{push_pointer, Error, ErrorKind, Result};

/// Parses a YAML or JSON OpenAPI 3.0 document.
pub fn load(bytes: &[u8]) -> Result<OpenAPI> {
    let value = parse_value(bytes)?;
    check_version(&value)?;
    check_schema_types(&value, "")?;
    serde_path_to_error::deserialize::<_, OpenAPI>(value).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        Error::at(pointer, ErrorKind::Invalid(e.into_inner().to_string()))
    })
}

/// Parses bytes as YAML (a superset of JSON) into a JSON value.
pub fn parse_value(bytes: &[u8]) -> Result<Value> {
    if bytes.contains(&0) {
        return Err(Error::at("", ErrorKind::Binary));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Error::at("", ErrorKind::Binary))?;
    if text.trim().is_empty() {
        return Err(Error::at("", ErrorKind::Empty));
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        // serde_yaml's message repeats the position; ours goes in front instead.
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        Error {
            line,
            ..Error::at("", ErrorKind::Syntax(message))
        }
    })?;
    yaml_to_json(yaml, "")
}

/// Converts YAML to JSON: keys become strings (`200:` is a number in YAML), tags are dropped.
fn yaml_to_json(yaml: serde_yaml::Value, pointer: &str) -> Result<Value> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| {
                        Error::at(
                            pointer,
                            ErrorKind::Invalid(format!("{f} is not a number JSON can hold")),
                        )
                    })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| yaml_to_json(v, &push_pointer(pointer, &i.to_string())))
                .collect::<Result<_>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => {
                        return Err(Error::at(
                            pointer,
                            ErrorKind::Invalid("a mapping key is itself a list or mapping".into()),
                        ))
                    }
                };
                let child = push_pointer(pointer, &key);
                let value = yaml_to_json(v, &child)?;
                out.insert(key, value);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

fn check_version(doc: &Value) -> Result<()> {
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
    if version.starts_with("3.0") {
        Ok(())
    } else if version.starts_with("3.1") {
        Err(Error::at(
            "/openapi",
            ErrorKind::Version(format!(
                "OpenAPI {version}: 3.1 is not supported, only 3.0.x"
            )),
        ))
    } else {
        Err(Error::at(
            "/openapi",
            ErrorKind::Version(format!("OpenAPI {version}: only 3.0.x is supported")),
        ))
    }
}

/// Rejects 3.1-style `type: [string, "null"]` with a message that says so; without this the
/// document fails deep inside an untagged enum with no hint of the cause.
fn check_schema_types(node: &Value, pointer: &str) -> Result<()> {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                let child = push_pointer(pointer, k);
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
                check_schema_types(v, &push_pointer(pointer, &i.to_string()))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out = push_pointer(&out, &index.to_string()),
            Segment::Map { key } => out = push_pointer(&out, key),
            Segment::Enum { variant } => out = push_pointer(&out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

/// Finds the 1-based line of the node at `pointer` in YAML or pretty-printed JSON text, by
/// following the pointer's keys through increasing indentation. Best effort: `None` when the
/// layout defeats it (flow style, one-line JSON).
pub fn line_of(text: &str, pointer: &str) -> Option<usize> {
    if pointer.is_empty() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut start = 0usize;
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for raw in pointer.split('/').skip(1) {
        let token = raw.replace("~1", "/").replace("~0", "~");
        let mut hit = None;
        if let Ok(index) = token.parse::<usize>() {
            // A list item: the index-th `- ` at the first deeper indentation.
            let mut count = 0usize;
            let mut item_indent = None;
            for (i, line) in lines.iter().enumerate().skip(start) {
                let indent = line.len() - line.trim_start().len();
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                if i > start
                    && parent_indent.is_some_and(|p| indent <= p)
                    && !trimmed.starts_with("- ")
                {
                    break;
                }
                if (trimmed.starts_with("- ") || trimmed == "-")
                    && *item_indent.get_or_insert(indent) == indent
                {
                    if count == index {
                        hit = Some((i, indent + 1));
                        break;
                    }
                    count += 1;
                }
            }
        }
        if hit.is_none() {
            for (i, line) in lines.iter().enumerate().skip(start) {
                let indent = line.len() - line.trim_start().len();
                let trimmed = line.trim_start().trim_start_matches("- ");
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                if i > start && parent_indent.is_some_and(|p| indent <= p) {
                    break;
                }
                let key_matches = [
                    format!("{token}:"),
                    format!("\"{token}\":"),
                    format!("'{token}':"),
                ]
                .iter()
                .any(|k| trimmed.starts_with(k.as_str()));
                if key_matches {
                    hit = Some((i, indent));
                    break;
                }
            }
        }
        let (i, indent) = hit?;
        found = Some(i + 1);
        start = i + 1;
        parent_indent = Some(indent);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_of_nested_keys() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n";
        assert_eq!(line_of(text, "/paths/~1a/get"), Some(4));
        assert_eq!(line_of(text, "/components/schemas/A/type"), Some(9));
        assert_eq!(line_of(text, "/components/schemas/B"), None);
    }

    #[test]
    fn finds_lines_of_list_items() {
        let text = "a:\n  - x: 1\n  - x: 2\n    y: 3\n";
        assert_eq!(line_of(text, "/a/1/y"), Some(4));
    }

    #[test]
    fn rejects_non_openapi_input() {
        assert!(matches!(load(b"").unwrap_err().kind, ErrorKind::Empty));
        assert!(matches!(
            load(b"\0\x01").unwrap_err().kind,
            ErrorKind::Binary
        ));
        assert!(matches!(
            load(b"a: [").unwrap_err().kind,
            ErrorKind::Syntax(_)
        ));
        assert!(matches!(
            load(b"- 1").unwrap_err().kind,
            ErrorKind::NotOpenApi(_)
        ));
        assert!(matches!(
            load(b"swagger: '2.0'").unwrap_err().kind,
            ErrorKind::Version(_)
        ));
        assert!(matches!(
            load(b"openapi: 3.1.0").unwrap_err().kind,
            ErrorKind::Version(_)
        ));
    }

    #[test]
    fn numeric_keys_become_strings() {
        let doc = load(b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n").expect("loads");
        assert_eq!(doc.paths.paths.len(), 1);
    }
}
