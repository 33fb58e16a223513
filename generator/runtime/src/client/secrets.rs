//! Keeping secrets out of errors: where the secret values of a request body are, and masking
//! them (and the credentials) in any text that may reach an error message or a log.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/secrets.rs`, where it is compiled and tested.

// Which steps a crate's secret paths use depends on its spec.
#![allow(dead_code)]

/// One step of the path from a request body to a secret value inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PathStep {
    /// The value of this object key.
    Key(&'static str),
    /// Every item of an array, or every value of an object.
    Each,
}

/// What replaces a secret in text.
pub(super) const REDACTED: &str = "[redacted]";

/// Every string or number found at `path` in `value`.
pub(super) fn collect(value: &serde_json::Value, path: &[PathStep], out: &mut Vec<String>) {
    use serde_json::Value;
    match (path.split_first(), value) {
        (None, Value::String(s)) => out.push(s.clone()),
        (None, Value::Number(n)) => out.push(n.to_string()),
        (None | Some((PathStep::Each, _)), Value::Array(items)) => {
            let rest = path.get(1..).unwrap_or_default();
            items.iter().for_each(|v| collect(v, rest, out));
        }
        (None | Some((PathStep::Each, _)), Value::Object(map)) => {
            let rest = path.get(1..).unwrap_or_default();
            map.values().for_each(|v| collect(v, rest, out));
        }
        (Some((PathStep::Key(key), rest)), Value::Object(map)) => {
            if let Some(v) = map.get(*key) {
                collect(v, rest, out);
            }
        }
        _ => {}
    }
}

/// `text` with each secret masked, as sent and in its JSON-escaped and percent-encoded
/// forms, so a server that echoes a secret back cannot get it into an error message.
pub(super) fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let escaped = serde_json::to_string(secret).unwrap_or_default();
        let escaped = escaped.trim_matches('"');
        let encoded = super::encode::percent_encode(secret);
        for form in [secret.as_str(), escaped, encoded.as_str()] {
            if !form.is_empty() && out.contains(form) {
                out = out.replace(form, REDACTED);
            }
        }
    }
    out
}
