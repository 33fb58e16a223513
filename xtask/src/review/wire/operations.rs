//! Path and operation rules: paths, methods and operationIds; request bodies and their
//! content types; responses, their content types and headers (parameters in
//! `parameters.rs`).

use generator::pointer::JsonPointer;
use serde_json::Value;

use super::super::sides::Side;
use super::{keys, schema, Diff, Direction, Severity, Spot, Subject, Where};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A path template with its parameter names blanked: `/pets/{id}` and `/pets/{petId}` are
/// the same URL to a client.
fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

fn operation_subject(op: &Value, method: &str, path: &str) -> Subject {
    match op.get("operationId").and_then(Value::as_str) {
        Some(id) => Subject::Operation(id.to_owned()),
        None => Subject::Operation(format!("{} {path}", method.to_uppercase())),
    }
}

pub fn compare_paths(d: &mut Diff) {
    static NULL: Value = Value::Null;
    let (old_side, new_side) = (d.old, d.new);
    let paths = JsonPointer::root().join("paths");
    let old_paths = old_side.at(&paths).unwrap_or(&NULL);
    let new_paths = new_side.at(&paths).unwrap_or(&NULL);
    for path in keys(old_paths) {
        let old_item = &old_paths[path.as_str()];
        let old_ptr = paths.join(path);
        let matched = keys(new_paths)
            .into_iter()
            .find(|p| *p == path)
            .or_else(|| {
                keys(new_paths)
                    .into_iter()
                    .find(|p| shape(p) == shape(path))
            });
        let Some(new_path) = matched else {
            for method in METHODS.iter().filter(|m| old_item.get(**m).is_some()) {
                let op = &old_item[*method];
                let subject = operation_subject(op, method, path);
                let message = format!(
                    "operation {} {path} removed (the whole path is gone)",
                    method.to_uppercase()
                );
                d.report(
                    Where::Old,
                    &old_ptr.join(method),
                    Severity::Breaking,
                    None,
                    "operation-removed",
                    &subject,
                    message,
                );
            }
            continue;
        };
        let new_item = &new_paths[new_path.as_str()];
        let new_ptr = paths.join(new_path);
        if new_path != path {
            let message = format!("path parameter names changed: `{path}` is now `{new_path}` (the URL a client builds is the same)");
            d.report(
                Where::New,
                &new_ptr,
                Severity::Info,
                None,
                "path-parameter-renamed",
                &Subject::None,
                message,
            );
        }
        let item = Spot {
            old: old_item,
            new: new_item,
            old_ptr,
            new_ptr,
            subject: Subject::None,
        };
        compare_path_item(d, &item, path, new_path);
    }
    for path in keys(new_paths) {
        if keys(old_paths)
            .iter()
            .any(|p| *p == path || shape(p) == shape(path))
        {
            continue;
        }
        for method in METHODS
            .iter()
            .filter(|m| new_paths[path.as_str()].get(**m).is_some())
        {
            let op = &new_paths[path.as_str()][*method];
            let subject = operation_subject(op, method, path);
            let at = paths.join(path).join(method);
            d.report(
                Where::New,
                &at,
                Severity::Info,
                None,
                "operation-added",
                &subject,
                format!("operation {} {path} added", method.to_uppercase()),
            );
        }
    }
}

fn compare_path_item<'a>(d: &mut Diff<'a>, item: &Spot<'a>, old_path: &str, new_path: &str) {
    let item = d.deref(item);
    for method in METHODS {
        match (item.old.get(method), item.new.get(method)) {
            (Some(op), None) => {
                let subject = operation_subject(op, method, old_path);
                let message = format!("operation {} {old_path} removed", method.to_uppercase());
                d.report(
                    Where::Old,
                    &item.old_ptr.join(method),
                    Severity::Breaking,
                    None,
                    "operation-removed",
                    &subject,
                    message,
                );
            }
            (None, Some(op)) => {
                let subject = operation_subject(op, method, new_path);
                let message = format!("operation {} {new_path} added", method.to_uppercase());
                d.report(
                    Where::New,
                    &item.new_ptr.join(method),
                    Severity::Info,
                    None,
                    "operation-added",
                    &subject,
                    message,
                );
            }
            (Some(old), Some(new)) => {
                let subject = operation_subject(new, method, new_path);
                let op = Spot {
                    old,
                    new,
                    old_ptr: item.old_ptr.join(method),
                    new_ptr: item.new_ptr.join(method),
                    subject,
                };
                compare_operation(d, &item, &op, method, (old_path, new_path));
            }
            (None, None) => {}
        }
    }
}

fn compare_operation<'a>(
    d: &mut Diff<'a>,
    item: &Spot<'a>,
    op: &Spot<'a>,
    method: &str,
    paths: (&str, &str),
) {
    let id = |v: &Value| {
        v.get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (old_id, new_id) = (id(op.old), id(op.new));
    if old_id != new_id {
        let message = format!(
            "operationId changed from {} to {}: no HTTP client notices; generated method names follow it",
            old_id.as_ref().map_or("none".into(), |i| format!("`{i}`")),
            new_id.as_ref().map_or("none".into(), |i| format!("`{i}`"))
        );
        let at = if op.new.get("operationId").is_some() {
            op.new_ptr.join("operationId")
        } else {
            op.new_ptr.clone()
        };
        let name = |id: Option<String>| {
            id.unwrap_or_else(|| {
                format!(
                    "{} {}",
                    method.to_uppercase(),
                    op.new_ptr.tokens().nth(1).unwrap_or_default()
                )
            })
        };
        let subject = Subject::Renamed {
            old: name(id(op.old)),
            new: name(id(op.new)),
        };
        d.report(
            Where::New,
            &at,
            Severity::Info,
            None,
            "operation-id-changed",
            &subject,
            message,
        );
    }
    let deprecated = |v: &Value| v.get("deprecated") == Some(&Value::Bool(true));
    if !deprecated(op.old) && deprecated(op.new) {
        let message = format!("operation {} is now deprecated", method.to_uppercase());
        d.report(
            Where::New,
            &op.new_ptr.join("deprecated"),
            Severity::Warning,
            None,
            "operation-deprecated",
            &op.subject,
            message,
        );
    }
    super::parameters::compare_parameters(d, item, op, paths);
    compare_request_body(d, op);
    compare_responses(d, op);
    super::security::compare_operation_security(d, op);
}

fn compare_request_body<'a>(d: &mut Diff<'a>, op: &Spot<'a>) {
    let required = |v: &Value| v.get("required") == Some(&Value::Bool(true));
    match (op.old.get("requestBody"), op.new.get("requestBody")) {
        (None, None) => {}
        (None, Some(b)) => {
            let (b, _) = d.new.deref(b, &op.new_ptr);
            let (sev, what) = if required(b) {
                (Severity::Breaking, "required")
            } else {
                (Severity::Info, "optional")
            };
            let at = op.new_ptr.join("requestBody");
            d.report(
                Where::New,
                &at,
                sev,
                Some(Direction::Request),
                "request-body-added",
                &op.subject,
                format!("{what} request body added"),
            );
        }
        (Some(_), None) => {
            let at = op.old_ptr.join("requestBody");
            let message =
                "request body removed: servers may reject or ignore the body clients still send"
                    .to_owned();
            d.report(
                Where::Old,
                &at,
                Severity::Warning,
                Some(Direction::Request),
                "request-body-removed",
                &op.subject,
                message,
            );
        }
        (Some(_), Some(_)) => {
            let Some(body) = op.child("requestBody") else {
                return;
            };
            let body = d.deref(&body);
            if required(body.old) != required(body.new) {
                let (sev, what) = if required(body.new) {
                    (Severity::Breaking, "is now required")
                } else {
                    (Severity::Info, "is no longer required")
                };
                d.report(
                    Where::New,
                    &body.new_ptr,
                    sev,
                    Some(Direction::Request),
                    "request-body-required-changed",
                    &op.subject,
                    format!("request body {what}"),
                );
            }
            if let Some(content) = body.child("content") {
                compare_content(d, &content, Direction::Request, "request body");
            }
        }
    }
}

/// Media types of a body: removed ones break the side that relied on them; kept ones have
/// their schemas compared.
pub(super) fn compare_content<'a>(
    d: &mut Diff<'a>,
    content: &Spot<'a>,
    dir: Direction,
    what: &str,
) {
    for media in keys(content.old) {
        match content.new.get(media.as_str()) {
            None => {
                let at = content.old_ptr.join(media);
                let message = format!("{what} content type `{media}` removed");
                d.report(
                    Where::Old,
                    &at,
                    Severity::Breaking,
                    Some(dir),
                    "content-type-removed",
                    &content.subject,
                    message,
                );
            }
            Some(_) => {
                let Some(m) = content.child(media) else {
                    continue;
                };
                if let Some(s) = m.child("schema") {
                    schema::compare(d, &s, dir);
                }
            }
        }
    }
    for media in keys(content.new) {
        if content.old.get(media.as_str()).is_none() {
            let at = content.new_ptr.join(media);
            let message = format!("{what} content type `{media}` added");
            d.report(
                Where::New,
                &at,
                Severity::Info,
                Some(dir),
                "content-type-added",
                &content.subject,
                message,
            );
        }
    }
}

fn compare_responses<'a>(d: &mut Diff<'a>, op: &Spot<'a>) {
    let Some(responses) = op.child("responses") else {
        return;
    };
    let success = |code: &str| code.starts_with('2') || code == "default";
    for code in keys(responses.old) {
        match responses.new.get(code.as_str()) {
            None => {
                let at = responses.old_ptr.join(code);
                // A success without a body that became another success without a body
                // (`200` → `204`): only clients that check the exact status notice.
                let bodyless = |side: &Side, node: &Value, at: &JsonPointer| {
                    side.deref(node, at).0.get("content").is_none()
                };
                let replacement = keys(responses.new).into_iter().find(|c| {
                    success(c)
                        && responses.old.get(c.as_str()).is_none()
                        && bodyless(d.new, &responses.new[c.as_str()], &responses.new_ptr)
                });
                let (sev, message) = match replacement {
                    Some(other)
                        if success(code)
                            && bodyless(d.old, &responses.old[code.as_str()], &at) =>
                    {
                        (
                            Severity::Warning,
                            format!("response status `{code}` replaced by `{other}`, without a body either way: clients that check for exactly `{code}` break"),
                        )
                    }
                    _ if success(code) => (
                        Severity::Breaking,
                        format!("response status `{code}` removed"),
                    ),
                    _ => (
                        Severity::Warning,
                        format!("response status `{code}` removed"),
                    ),
                };
                d.report(
                    Where::Old,
                    &at,
                    sev,
                    Some(Direction::Response),
                    "response-removed",
                    &op.subject,
                    message,
                );
            }
            Some(_) => {
                let Some(r) = responses.child(code) else {
                    continue;
                };
                let r = d.deref(&r);
                if let (Some(_), Some(_)) = (r.old.get("content"), r.new.get("content")) {
                    if let Some(c) = r.child("content") {
                        compare_content(d, &c, Direction::Response, &format!("response `{code}`"));
                    }
                } else if r.old.get("content").is_some() {
                    let message = format!("response `{code}` no longer has a body");
                    d.report(
                        Where::Old,
                        &r.old_ptr.join("content"),
                        Severity::Breaking,
                        Some(Direction::Response),
                        "response-body-removed",
                        &op.subject,
                        message,
                    );
                } else if r.new.get("content").is_some() {
                    let message = format!("response `{code}` now has a body");
                    d.report(
                        Where::New,
                        &r.new_ptr.join("content"),
                        Severity::Info,
                        Some(Direction::Response),
                        "response-body-added",
                        &op.subject,
                        message,
                    );
                }
                compare_headers(d, &r, code);
            }
        }
    }
    for code in keys(responses.new) {
        if responses.old.get(code.as_str()).is_none() {
            let at = responses.new_ptr.join(code);
            let message = format!("response status `{code}` added");
            d.report(
                Where::New,
                &at,
                Severity::Info,
                Some(Direction::Response),
                "response-added",
                &op.subject,
                message,
            );
        }
    }
}

fn compare_headers<'a>(d: &mut Diff<'a>, response: &Spot<'a>, code: &str) {
    static NULL: Value = Value::Null;
    let old = response.old.get("headers").unwrap_or(&NULL);
    let new = response.new.get("headers").unwrap_or(&NULL);
    let required = |v: &Value| v.get("required") == Some(&Value::Bool(true));
    let find = |map: &'a Value, name: &str| {
        keys(map)
            .into_iter()
            .find(|k| k.eq_ignore_ascii_case(name))
            .cloned()
    };
    for name in keys(old) {
        let old_ptr = response.old_ptr.join("headers").join(name);
        match find(new, name) {
            None => {
                let (h, _) = d.old.deref(&old[name.as_str()], &old_ptr);
                let sev = if required(h) {
                    Severity::Breaking
                } else {
                    Severity::Warning
                };
                let message = format!("response `{code}` header `{name}` removed");
                d.report(
                    Where::Old,
                    &old_ptr,
                    sev,
                    Some(Direction::Response),
                    "response-header-removed",
                    &response.subject,
                    message,
                );
            }
            Some(new_name) => {
                let spot = Spot {
                    old: &old[name.as_str()],
                    new: &new[new_name.as_str()],
                    old_ptr,
                    new_ptr: response.new_ptr.join("headers").join(&new_name),
                    subject: response.subject.clone(),
                };
                let h = d.deref(&spot);
                if required(h.old) && !required(h.new) {
                    let message =
                        format!("response `{code}` header `{name}` is no longer always sent");
                    d.report(
                        Where::New,
                        &h.new_ptr,
                        Severity::Warning,
                        Some(Direction::Response),
                        "response-header-required-changed",
                        &h.subject,
                        message,
                    );
                }
                if let Some(s) = h.child("schema") {
                    schema::compare(d, &s, Direction::Response);
                }
            }
        }
    }
    for name in keys(new) {
        if find(old, name).is_none() {
            let at = response.new_ptr.join("headers").join(name);
            let message = format!("response `{code}` header `{name}` added");
            d.report(
                Where::New,
                &at,
                Severity::Info,
                Some(Direction::Response),
                "response-header-added",
                &response.subject,
                message,
            );
        }
    }
}
