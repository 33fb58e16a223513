//! Bytes → JSON value: YAML or JSON text, with limits on nesting and aliases, numeric keys
//! made strings and repeated keys rejected.

use serde_json::Value;

use super::locate::starts_with_key;
use crate::error::{Error, ErrorKind, Result};

/// Parses bytes as YAML (a superset of JSON) into a JSON value.
pub fn parse_value(bytes: &[u8]) -> Result<Value> {
    if bytes.contains(&0) {
        return Err(Error::at("", ErrorKind::Binary));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Error::at("", ErrorKind::Binary))?;
    if text.trim().is_empty() {
        return Err(Error::at("", ErrorKind::Empty));
    }
    check_flow_depth(text)?;
    // JSON is YAML, but not every JSON document is one the YAML parser accepts (surrogate
    // pair escapes, C1 control characters): JSON goes through the JSON parser.
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('{') {
        return serde_json::from_str(body).map_err(|e| {
            let kind = if e.to_string().starts_with("recursion limit exceeded") {
                too_deep()
            } else {
                let message = e.to_string();
                ErrorKind::Syntax(
                    message
                        .split(" at line ")
                        .next()
                        .unwrap_or(&message)
                        .to_owned(),
                )
            };
            Error {
                line: Some(e.line().max(1)),
                ..Error::at("", kind)
            }
        });
    }
    let YamlJson(value) = serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        // serde_yaml's message repeats the position; ours goes in front instead.
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        let lines = text.lines().count().max(1);
        // An error at the end of the file is reported one past its last line; clamp it.
        let mut line = line.map(|l| l.min(lines));
        let kind = if message.starts_with("recursion limit exceeded") {
            too_deep()
        } else if message.starts_with("repetition limit exceeded") {
            ErrorKind::Syntax(
                "`*alias` references expand to too many nodes (the parser's guard against alias bombs)".into(),
            )
        } else {
            if let Some(key) = message
                .strip_prefix("duplicate entry with key ")
                .and_then(|k| serde_json::from_str::<String>(k).ok())
            {
                // serde_yaml reports the mapping; the repeated key is more useful.
                line = duplicate_key_line(text, &key).or(line);
            }
            ErrorKind::Syntax(message)
        };
        Error {
            line,
            ..Error::at("", kind)
        }
    })?;
    Ok(value)
}

/// The line of the second `key:` at the indentation of the first, best effort.
fn duplicate_key_line(text: &str, key: &str) -> Option<usize> {
    let mut first_indent = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if !starts_with_key(trimmed, key) {
            continue;
        }
        match first_indent {
            None => first_indent = Some(indent),
            Some(first) if first == indent => return Some(i + 1),
            Some(_) => {}
        }
    }
    None
}

/// How deeply the YAML parser (serde_yaml) lets lists and mappings nest; deeper documents
/// are rejected with [`too_deep`] rather than risking the stack.
pub const MAX_NESTING: usize = 128;

fn too_deep() -> ErrorKind {
    ErrorKind::Syntax(format!(
        "lists and mappings nested more than {MAX_NESTING} levels deep (the parser's limit)"
    ))
}

/// Rejects flow-style (`[`/`{`, so also JSON) nesting past [`MAX_NESTING`] before parsing:
/// libyaml's scanner is quadratic in flow depth, so 100,000 `[`s would otherwise hang it for
/// minutes before serde_yaml's own limit is ever checked. Quoted strings and comments are
/// skipped; a stray bracket in a plain scalar can only make the count err by one.
fn check_flow_depth(text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut line = 1usize;
    let mut prev = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => line += 1,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Error {
                        line: Some(line),
                        ..Error::at("", too_deep())
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            // A quote opens a quoted scalar only where a scalar can start.
            b'"' | b'\'' if matches!(prev, b' ' | b'\t' | b'\n' | b'[' | b'{' | b',' | b':') => {
                i += 1;
                while i < bytes.len() && bytes[i] != b {
                    if bytes[i] == b'\n' {
                        line += 1;
                    }
                    if b == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'#' if matches!(prev, b' ' | b'\t' | b'\n') => {
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                    i += 1;
                }
            }
            _ => {}
        }
        prev = bytes.get(i).copied().unwrap_or(b' ');
        i += 1;
    }
    Ok(())
}

/// A JSON value read straight from YAML, in one pass: keys become strings (`200:` is a number
/// in YAML), integers beyond 64 bits become floats (as a JSON parser reads them), tags are
/// dropped, and a repeated key is an error.
struct YamlJson(Value);

impl<'de> serde::Deserialize<'de> for YamlJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor).map(YamlJson)
    }
}

struct ValueVisitor;

fn float<E: serde::de::Error>(f: f64) -> std::result::Result<Value, E> {
    serde_json::Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| E::custom(format!("{f} is not a number JSON can hold")))
}

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> std::result::Result<Value, E> {
        float(v as f64)
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> std::result::Result<Value, E> {
        float(v as f64)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Value, E> {
        float(v)
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(YamlJson(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Value, A::Error> {
        use serde::de::Error as _;
        let mut out = serde_json::Map::new();
        while let Some(YamlKey(key)) = map.next_key()? {
            let YamlJson(value) = map.next_value()?;
            if out.contains_key(&key) {
                let quoted = serde_json::to_string(&key).unwrap_or_default();
                return Err(A::Error::custom(format!(
                    "duplicate entry with key {quoted}"
                )));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(
        self,
        data: A,
    ) -> std::result::Result<Value, A::Error> {
        use serde::de::VariantAccess as _;
        // A `!tag value`: the tag means nothing to OpenAPI; keep the value.
        let (_tag, variant): (String, _) = data.variant()?;
        variant.newtype_variant::<YamlJson>().map(|v| v.0)
    }
}

/// A mapping key as a string.
struct YamlKey(String);

impl<'de> serde::Deserialize<'de> for YamlKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        match d.deserialize_any(ValueVisitor)? {
            Value::String(s) => Ok(YamlKey(s)),
            Value::Null => Ok(YamlKey("null".to_owned())),
            Value::Array(_) | Value::Object(_) => Err(serde::de::Error::custom(
                "a mapping key is itself a list or mapping",
            )),
            other => Ok(YamlKey(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    #[test]
    fn deep_flow_nesting_fails_fast_naming_the_limit() {
        let deep = format!(
            "openapi: 3.0.3\nx: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let started = std::time::Instant::now();
        let err = load(deep.as_bytes()).expect_err("too deep");
        assert!(err.to_string().contains("128 levels"), "{err}");
        assert_eq!(err.line, Some(2));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // Brackets inside quoted strings and comments are not nesting.
        let quoted = format!(
            "openapi: 3.0.3\nx: '{}' # {}\n",
            "[".repeat(200),
            "{".repeat(200)
        );
        assert!(check_flow_depth(&quoted).is_ok());
    }
}
