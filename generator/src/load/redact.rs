//! Keeps decoder messages from quoting values the spec marks `x-sensitive`.

use serde_json::Value;

use crate::pointer::JsonPointer;

/// Whether the node at `pointer`, one of its ancestors or anything inside it is marked
/// `x-sensitive`: then a decoder message must not quote values from it (an `example` or
/// `default` there may be a real secret pasted into the spec).
pub(super) fn touches_sensitive(doc: &Value, pointer: &JsonPointer) -> bool {
    let marked = |v: &Value| v.get("x-sensitive") == Some(&Value::Bool(true));
    let mut node = doc;
    if marked(node) {
        return true;
    }
    for token in pointer.tokens() {
        let next = match node {
            Value::Object(m) => m.get(&token),
            Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        };
        let Some(next) = next else { break };
        node = next;
        if marked(node) {
            return true;
        }
    }
    let mut stack = vec![node];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if marked(v) {
                    return true;
                }
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    false
}

/// Replaces every `"quoted"` (and `` `backquoted` `` value) in a serde message.
pub(super) fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = &rest[open..open + 1];
        let Some(len) = rest[open + 1..].find(quote) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(quote);
        out.push_str("[redacted]");
        out.push_str(quote);
        rest = &rest[open + 1 + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    #[test]
    fn decoder_messages_do_not_quote_sensitive_values() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    P:\n      type: object\n      properties:\n        ssn:\n          type: string\n          x-sensitive: true\n          minLength: SECRET-123-45-6789\n";
        let err = load(spec.as_bytes()).expect_err("bad enum");
        assert!(!err.to_string().contains("SECRET"), "{err}");
        assert!(err.to_string().contains("[redacted]"), "{err}");
        assert_eq!(
            redact_quoted("invalid type: string \"x\", expected `y`"),
            "invalid type: string \"[redacted]\", expected `[redacted]`"
        );
    }
}
