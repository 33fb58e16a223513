//! Response content negotiation: when the success response that gives an operation its JSON
//! (or its bytes or text) also offers a stream (server-sent events or JSON Lines), a twin
//! method returns the stream.
//!
//! Such APIs (OpenAI's chat completions, for one) stream when the request asks for it, often
//! through a body field, so both methods send the same request and only `Accept` differs. The
//! twin is named `<operation> stream` for events and `<operation> lines` for JSON Lines, and
//! its name is claimed after every name the spec gives, as the extra body methods' are.

use openapiv3::{ReferenceOr, Response as OaResponse, StatusCode};

use super::bodies::{is_json, media, Media};
use super::operations::resolve_component;
use super::responses::media_success;
use super::Lowerer;
use crate::error::{push_pointer, Result};
use crate::ir::{Operation, StreamTwin, Success, TypeRef};
use crate::naming::{FieldName, Scope, TypeName};

/// An operation waiting for its streaming twin's name.
pub(super) struct PendingTwin {
    /// The plain method's name.
    pub(super) plain: FieldName,
    /// The name the plain method was made from (its `operationId`, or method and path).
    pub(super) raw_name: String,
    /// The streamed media type.
    pub(super) content_type: String,
    /// What the twin returns.
    pub(super) success: Success,
}

/// The stream offered beside JSON (or bytes, or text) by the success response that gives the
/// call its body, with its media type. `None` when the call returns nothing or a stream
/// already, or that response offers no stream; the first streamed media type listed wins.
pub(super) fn stream_alternative(
    cx: &mut Lowerer<'_>,
    op: &openapiv3::Operation,
    success: &Success,
    type_base: &TypeName,
    pointer: &str,
) -> Result<Option<(String, Success)>> {
    // Only a whole body (JSON, binary or text) has a stream beside it worth a second method.
    let json = success.body_type().is_some();
    if !json && !matches!(success, Success::Binary | Success::Text) {
        return Ok(None);
    }
    let responses = push_pointer(pointer, "responses");
    // The same response `lower_responses` chose: the first success one, by status, with JSON
    // (or, for a call returning another kind of body, with any body).
    let mut codes: Vec<(u16, String, &ReferenceOr<OaResponse>)> = op
        .responses
        .responses
        .iter()
        .filter_map(|(code, r)| match code {
            StatusCode::Code(c @ 200..=299) => Some((*c, c.to_string(), r)),
            StatusCode::Range(2) => Some((1000, "2XX".to_owned(), r)),
            _ => None,
        })
        .collect();
    codes.sort_by_key(|c| c.0);
    let mut candidates: Vec<(String, &ReferenceOr<OaResponse>)> =
        codes.into_iter().map(|(_, key, r)| (key, r)).collect();
    if candidates.is_empty() {
        candidates.extend(
            op.responses
                .default
                .iter()
                .map(|r| ("default".to_owned(), r)),
        );
    }
    for (key, r) in candidates {
        let at = push_pointer(&responses, &key);
        let table = cx.doc.components.as_ref().map(|c| &c.responses);
        let r: &OaResponse = resolve_component(r, "responses", table, &at)?;
        let chosen = match json {
            true => r.content.keys().any(|k| is_json(k)),
            false => !r.content.is_empty(),
        };
        if !chosen {
            continue;
        }
        let streamed = r
            .content
            .iter()
            .find(|(k, _)| matches!(media(k), Media::EventStream | Media::JsonLines));
        let Some((media_type, m)) = streamed else {
            return Ok(None);
        };
        return Ok(media_success(cx, (media_type, m), type_base, &key, &at)?
            .map(|success| (media_type.clone(), success)));
    }
    Ok(None)
}

/// Adds each pending twin right after its plain method (or after the plain method's extra
/// body methods, which keep JSON), and links the two; the types the streams' items decode
/// into join `response_roots`.
pub(super) fn add_stream_twins(
    operations: &mut Vec<Operation>,
    pending: Vec<PendingTwin>,
    fn_scope: &mut Scope,
    response_roots: &mut Vec<TypeRef>,
) {
    for twin in pending {
        let suffix = match twin.success {
            Success::JsonLines(_) => "lines",
            _ => "stream",
        };
        let name = fn_scope.claim(FieldName::new(&format!("{} {suffix}", twin.raw_name)));
        let Some(index) = operations.iter().position(|op| op.name == twin.plain) else {
            continue;
        };
        response_roots.extend(twin.success.item_types().into_iter().cloned());
        let mut method = operations[index].clone();
        operations[index].stream_twin = Some(StreamTwin {
            method: name.clone(),
            content_type: twin.content_type.clone(),
            streams: false,
        });
        method.stream_twin = Some(StreamTwin {
            method: twin.plain.clone(),
            content_type: twin.content_type,
            streams: true,
        });
        method.name = name;
        method.accept = super::responses::kind_accept(&twin.success).map(str::to_owned);
        method.success = twin.success;
        // The twin sends the default body only; the plain method's docs list the others.
        method.body_methods = Vec::new();
        // After the operation's extra body methods, which all share its first method's name.
        let after = operations[index + 1..]
            .iter()
            .take_while(|op| {
                op.body_methods
                    .first()
                    .is_some_and(|first| first.method == twin.plain)
            })
            .count();
        operations.insert(index + 1 + after, method);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::{Success, TypeRef};
    use crate::lower::body_methods::tests::lowered;

    /// A method's name, what it returns, and its twin with whether it is the streaming one.
    type Shape<'a> = (&'a str, &'a str, Option<(&'a str, bool)>);

    fn item() -> serde_json::Value {
        json!({"schema": {"type": "object", "properties": {"a": {"type": "string"}}}})
    }

    /// Twins follow their operation (after its extra body methods), are named after every
    /// name the spec gives, `…_lines` for JSON Lines; an operation offering only a stream keeps
    /// it on its plain method, a stream beside JSON in an error response makes no twin, and a
    /// stream beside bytes gets one too.
    #[test]
    fn twins_are_named_after_spec_names_and_placed_after_their_operation() {
        let api = lowered(json!({
            "/a": {"post": {
                "operationId": "chat",
                "requestBody": {"content": {"application/json": item(), "text/plain": {}}},
                "responses": {"200": {"description": "ok", "content": {
                    "application/json": item(),
                    "text/event-stream": item(),
                    "application/x-ndjson": item(),
                }}},
            }},
            "/b": {"get": {
                "operationId": "chatStream",
                "responses": {"200": {"description": "ok", "content": {
                    "application/json": item(),
                    "application/jsonl": item(),
                }}},
            }},
            "/c": {"get": {
                "operationId": "onlyStream",
                "responses": {
                    "200": {"description": "ok", "content": {"text/event-stream": item()}},
                    "400": {"description": "no", "content": {
                        "application/json": item(),
                        "text/event-stream": item(),
                    }},
                },
            }},
            "/d": {"post": {
                "operationId": "speech",
                "responses": {"200": {"description": "ok", "content": {
                    "application/octet-stream": {},
                    "text/event-stream": item(),
                }}},
            }},
        }));
        let shape: Vec<Shape<'_>> = api
            .operations
            .iter()
            .map(|op| {
                let kind = match op.success {
                    Success::Json(_) => "json",
                    Success::EventStream(_) => "events",
                    Success::JsonLines(_) => "lines",
                    Success::Binary => "binary",
                    _ => "other",
                };
                let twin = op
                    .stream_twin
                    .as_ref()
                    .map(|t| (t.method.as_str(), t.streams));
                (op.name.as_str(), kind, twin)
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("chat", "json", Some(("chat_stream2", false))),
                ("chat_text", "json", None),
                ("chat_stream2", "events", Some(("chat", true))),
                ("chat_stream", "json", Some(("chat_stream_lines", false))),
                ("chat_stream_lines", "lines", Some(("chat_stream", true))),
                ("only_stream", "events", None),
                ("speech", "binary", Some(("speech_stream", false))),
                ("speech_stream", "events", Some(("speech", true))),
            ]
        );
        let twin = &api.operations[2];
        assert!(twin.is_stream_twin() && twin.body_methods.is_empty());
        assert_eq!(
            twin.stream_twin.as_ref().map(|t| t.content_type.as_str()),
            Some("text/event-stream")
        );
        assert!(matches!(
            twin.body.as_ref().map(|b| b.content_type.as_str()),
            Some("application/json")
        ));
        assert!(matches!(twin.success.item_types()[..], [TypeRef::Named(_)]));
    }
}
