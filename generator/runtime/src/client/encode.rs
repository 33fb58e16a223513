//! Parameters on the wire: path segments, query strings in every OpenAPI style, headers and
//! cookies, each from any value that serializes to JSON.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/encode.rs`, where it is compiled and tested.

// Which encoders and styles a crate calls depends on its spec's parameters.
#![allow(dead_code)]

use serde_json::Value;

use super::Error;

/// Characters left as they are in a path segment or query value: RFC 3986 unreserved.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How a query parameter is written (the OpenAPI `style` and `explode` pair).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum QueryStyle {
    /// `style: form, explode: false`: `ids=1,2,3`.
    Form,
    /// `style: form, explode: true` (the default): `ids=1&ids=2`.
    FormExplode,
    /// `style: deepObject`: `filter[name]=x`.
    DeepObject,
    /// `style: spaceDelimited`: `ids=1 2 3`.
    SpaceDelimited,
    /// `style: pipeDelimited`: `ids=1|2|3`.
    PipeDelimited,
}

/// `value` with every byte outside RFC 3986's unreserved set percent-encoded.
pub(super) fn percent_encode(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, UNRESERVED).to_string()
}

/// A path parameter as one percent-encoded segment (the `simple` style: arrays join with
/// commas). Empty, `.` and `..` are refused: URL parsing would drop or resolve them and send
/// the request to another resource.
pub(super) fn path_segment(name: &str, value: &impl serde::Serialize) -> Result<String, Error> {
    let text = text(&to_json(value)?, ",");
    if matches!(text.as_str(), "" | "." | "..") {
        return Err(Error::Encode(format!(
            "path parameter `{name}` cannot be {text:?}"
        )));
    }
    Ok(percent_encode(&text))
}

/// Appends query pairs for one parameter; `null` and absent values add nothing.
pub(super) fn query(
    out: &mut Vec<(String, String)>,
    name: &str,
    value: &impl serde::Serialize,
    style: QueryStyle,
) -> Result<(), Error> {
    let value = to_json(value)?;
    match (&value, style) {
        (Value::Null, _) => {}
        (Value::Array(items), QueryStyle::FormExplode) => {
            out.extend(items.iter().map(|v| (name.to_owned(), text(v, ","))));
        }
        (Value::Object(map), QueryStyle::FormExplode) => {
            out.extend(map.iter().map(|(k, v)| (k.clone(), text(v, ","))));
        }
        (Value::Object(_), QueryStyle::DeepObject) => deep_object(out, name, &value),
        (_, QueryStyle::SpaceDelimited) => out.push((name.to_owned(), text(&value, " "))),
        (_, QueryStyle::PipeDelimited) => out.push((name.to_owned(), text(&value, "|"))),
        _ => out.push((name.to_owned(), text(&value, ","))),
    }
    Ok(())
}

/// `prefix[key][…]=value` pairs for every leaf of `value`; array items repeat `prefix[]`.
fn deep_object(out: &mut Vec<(String, String)>, prefix: &str, value: &Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                deep_object(out, &format!("{prefix}[{k}]"), v);
            }
        }
        Value::Array(items) => {
            for v in items {
                deep_object(out, &format!("{prefix}[]"), v);
            }
        }
        Value::Null => {}
        other => out.push((prefix.to_owned(), text(other, ","))),
    }
}

/// A header parameter's value (the `simple` style), or `None` for `null` and absent values.
pub(super) fn header(value: &impl serde::Serialize) -> Result<Option<String>, Error> {
    let value = to_json(value)?;
    Ok((!value.is_null()).then(|| text(&value, ",")))
}

/// A cookie parameter as `name=value` (the `form` style), or `None` for `null` and absent
/// values.
pub(super) fn cookie(name: &str, value: &impl serde::Serialize) -> Result<Option<String>, Error> {
    Ok(header(value)?.map(|value| format!("{name}={value}")))
}

/// Every string and number inside a parameter's value, as sent: what a sensitive parameter
/// must never let into an error.
pub(super) fn secret_values(value: &impl serde::Serialize) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    super::secrets::collect(&to_json(value)?, &[], &mut out);
    Ok(out)
}

/// A method outside the fixed set (QUERY, or an `additionalOperations` key such as `COPY`).
/// The generator only emits RFC 9110 tokens, so this does not fail in practice; an error
/// rather than a panic keeps it that way if it ever did.
pub(super) fn method(name: &str) -> Result<reqwest::Method, Error> {
    reqwest::Method::from_bytes(name.as_bytes())
        .map_err(|_| Error::Encode(format!("{name:?} is not an HTTP method token")))
}

/// The whole query string of an `in: querystring` parameter with `application/json` content:
/// the value's JSON text with every byte outside RFC 3986's unreserved set percent-encoded.
/// `null` (an absent optional value) is no query string at all.
pub(super) fn json_query(value: &impl serde::Serialize) -> Result<String, Error> {
    // Written straight to text: through `Value` a struct's fields could come out sorted.
    let text = serde_json::to_string(value).map_err(|e| Error::Encode(e.to_string()))?;
    if text == "null" {
        return Ok(String::new());
    }
    Ok(percent_encode(&text))
}

pub(super) fn to_json(value: &impl serde::Serialize) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))
}

/// A JSON value as parameter text: strings bare, arrays and objects flattened with
/// `separator` (objects as `key,value` pairs), `null` empty.
fn text(value: &Value, separator: &str) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|v| text(v, separator))
            .collect::<Vec<_>>()
            .join(separator),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}{separator}{}", text(v, separator)))
            .collect::<Vec<_>>()
            .join(separator),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
