//! OpenAPI 3.2's operations beyond the fixed methods: `query` and `additionalOperations`
//! (any method token, such as `COPY`). `openapiv3` reads only 3.0's eight methods, so just
//! before decoding they move into one path-item extension, keyed by the method as sent, which
//! `lower` reads back; errors about them keep the pointer the author wrote. Likewise the
//! parameter forms 3.2 added (`in: querystring`, `style: cookie`) reach `lower` as 3.0 ones
//! with a mark.

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::pointer::JsonPointer;

/// The path-item extension that carries 3.2 operations through `openapiv3`: method as sent on
/// the wire → Operation Object.
pub const OPERATIONS_EXTENSION: &str = "x-rust-generator-operations";

/// The parameter extension that marks an `in: querystring` parameter, which reaches
/// `openapiv3` as `in: query` (it has no fifth location).
pub const QUERYSTRING_EXTENSION: &str = "x-rust-generator-querystring";

/// The parameter extension that marks a cookie parameter written `style: cookie`, which
/// reaches `openapiv3` without a style (it knows only `form` for cookies).
pub const COOKIE_STYLE_EXTENSION: &str = "x-rust-generator-cookie-style";

/// Rewrites a parameter in a form 3.2 added into its 3.0 form with a mark for `lower`:
/// `in: querystring` (a fifth location) and `style: cookie`.
pub(super) fn mark_parameter(param: &mut Map<String, Value>) {
    let mark = match (
        param.get("in").and_then(Value::as_str),
        param.get("style").and_then(Value::as_str),
    ) {
        (Some("querystring"), _) => {
            param.insert("in".to_owned(), Value::String("query".to_owned()));
            QUERYSTRING_EXTENSION
        }
        (Some("cookie"), Some("cookie")) => {
            param.remove("style");
            COOKIE_STYLE_EXTENSION
        }
        _ => return,
    };
    param.insert(mark.to_owned(), Value::Bool(true));
}

/// The method of the `query` field as sent on the wire.
const QUERY: &str = "QUERY";

/// Methods with a field of their own in a 3.2 Path Item, which `additionalOperations` must
/// not repeat.
const FIXED: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// Where the author wrote the operation carried under `method` in the path item at `item`.
pub fn authored_pointer(item: &JsonPointer, method: &str) -> JsonPointer {
    if method == QUERY {
        item.join("query")
    } else {
        item.join("additionalOperations").join(method)
    }
}

/// Whether `at` is an operation 3.2 added: `/paths/{path}/query` or
/// `/paths/{path}/additionalOperations/{method}`.
pub(super) fn is_operation(at: &JsonPointer) -> bool {
    let tokens: Vec<String> = at.tokens().collect();
    match tokens.as_slice() {
        [paths, _, query] => paths == "paths" && query == "query",
        [paths, _, additional, _] => paths == "paths" && additional == "additionalOperations",
        _ => false,
    }
}

/// Checks every `additionalOperations` map under `paths`: each key an RFC 9110 method token,
/// none a method with a field of its own.
pub(super) fn check(doc: &Value) -> Result<()> {
    check_outside_paths(doc)?;
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Ok(());
    };
    for (path, item) in paths {
        let Some(additional) = item.get("additionalOperations") else {
            continue;
        };
        let at = JsonPointer::root()
            .join("paths")
            .join(path)
            .join("additionalOperations");
        let Some(additional) = additional.as_object() else {
            return Err(Error::at(
                at,
                ErrorKind::Invalid(
                    "`additionalOperations` must be a map from HTTP method to Operation Object"
                        .into(),
                ),
            ));
        };
        for method in additional.keys() {
            check_method(method, &at.join(method))?;
        }
    }
    Ok(())
}

/// Webhooks and callbacks are read through the fixed methods only (the `webhooks` module has
/// no place for a `QUERY` or `COPY` delivery yet), so a 3.2 operation there is refused rather
/// than dropped without a word.
fn check_outside_paths(doc: &Value) -> Result<()> {
    let root = JsonPointer::root();
    let mut items: Vec<(JsonPointer, &Value)> = Vec::new();
    for (name, item) in entries(doc.get("webhooks")) {
        items.push((root.join("webhooks").join(name), item));
    }
    let callbacks_at = root.join("components").join("callbacks");
    for (name, callback) in entries(doc.pointer("/components/callbacks")) {
        for (expr, item) in entries(Some(callback)) {
            items.push((callbacks_at.join(name).join(expr), item));
        }
    }
    // Callbacks declared inline on any operation, in `paths` or in a webhook.
    let mut holders: Vec<(JsonPointer, &Value)> = entries(doc.get("paths"))
        .map(|(path, item)| (root.join("paths").join(path), item))
        .collect();
    holders.extend(items.iter().cloned());
    for (item_at, item) in holders {
        for method in FIXED {
            let Some(op) = item.get(method) else { continue };
            let op_at = item_at.join(method);
            for (name, callback) in entries(op.get("callbacks")) {
                for (expr, inner) in entries(Some(callback)) {
                    items.push((op_at.join("callbacks").join(name).join(expr), inner));
                }
            }
        }
    }
    for (at, item) in items {
        for key in ["query", "additionalOperations"] {
            if item.get(key).is_some() {
                return Err(Error::at(
                    at.join(key),
                    ErrorKind::Unsupported(format!(
                        "`{key}` in a webhook or callback: the generated `webhooks` module reads only the fixed methods (`get`, `post`, ...); declare the delivery under one of them"
                    )),
                ));
            }
        }
    }
    Ok(())
}

/// The entries of `v` when it is a map; nothing otherwise (structure is checked elsewhere).
fn entries(v: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    v.and_then(Value::as_object).into_iter().flatten()
}

fn check_method(method: &str, at: &JsonPointer) -> Result<()> {
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(Error::at(
            at,
            ErrorKind::Invalid(format!(
                "{method:?} is not an HTTP method: an `additionalOperations` key is sent as the request's method, so it must be an RFC 9110 token (letters, digits and !#$%&'*+-.^_`|~, no spaces)"
            )),
        ));
    }
    if let Some(field) = FIXED.iter().find(|f| f.eq_ignore_ascii_case(method)) {
        return Err(Error::at(
            at,
            ErrorKind::Invalid(format!(
                "`additionalOperations` must not hold {method:?}: the path item's `{field}` field is where the {} operation goes",
                field.to_ascii_uppercase()
            )),
        ));
    }
    Ok(())
}

/// RFC 9110 §5.6.2 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Moves every path item's `query` and `additionalOperations` into [`OPERATIONS_EXTENSION`].
pub(super) fn carry(doc: &mut Value) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let Value::Object(item) = item else { continue };
        let mut carried = Map::new();
        if let Some(op) = item.remove("query") {
            carried.insert(QUERY.to_owned(), op);
        }
        if let Some(Value::Object(additional)) = item.remove("additionalOperations") {
            carried.extend(additional);
        }
        if !carried.is_empty() {
            item.insert(OPERATIONS_EXTENSION.to_owned(), Value::Object(carried));
        }
    }
}

/// The operations [`carry`] moved out of the path item `item` at `at`, each with the pointer
/// where the author wrote it.
pub(super) fn carried<'v>(
    item: &'v Value,
    at: &JsonPointer,
) -> impl Iterator<Item = (&'v Value, JsonPointer)> {
    let ops = item.get(OPERATIONS_EXTENSION).and_then(Value::as_object);
    let at = at.clone();
    ops.into_iter()
        .flatten()
        .map(move |(method, op)| (op, authored_pointer(&at, method)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_tokens_follow_rfc_9110() {
        let at = JsonPointer::root();
        for ok in ["COPY", "LINK", "PURGE", "M-SEARCH", "x.y~z"] {
            assert!(check_method(ok, &at).is_ok(), "{ok}");
        }
        for bad in ["", "NOT OK", "A/B", "é", "GET", "post", "Query", "TRACE"] {
            assert!(check_method(bad, &at).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_operations_3_2_added_are_recognised() {
        let p = |s: &str| JsonPointer::parse(s).expect("pointer");
        assert!(is_operation(&p("/paths/~1a/query")));
        assert!(is_operation(&p("/paths/~1a/additionalOperations/COPY")));
        assert!(!is_operation(&p("/components/parameters/query")));
        assert!(!is_operation(&p("/paths/~1a/get")));
    }
}
