//! Responses: status matching, body types, and the `x-unwrap` path to the value a call returns.

use openapiv3::{ReferenceOr, Response as OaResponse, StatusCode};
use serde_json::Value;

use super::bodies::{essence, media_of, pick_content, Media};
use super::operations::{clone_box, resolve_component};
use super::Lowerer;
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{
    Envelope, ErrorCase, EventData, Model, ModelKind, Presence, Primitive, StatusMatch, Success,
    TypeRef,
};
use crate::naming::TypeName;
use crate::pointer::unescape;

/// The success outcome, the error cases, and every response body type of an operation.
pub(super) fn lower_responses(
    cx: &mut Lowerer<'_>,
    op: &openapiv3::Operation,
    type_base: &TypeName,
    pointer: &str,
) -> Result<(Success, Vec<ErrorCase>, Vec<TypeRef>)> {
    let responses_pointer = push_pointer(pointer, "responses");
    let mut entries: Vec<(StatusMatch, String, &ReferenceOr<OaResponse>)> = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| match code {
            StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string(), r),
            StatusCode::Range(c) => (StatusMatch::Range(*c), format!("{c}XX"), r),
        })
        .collect();
    if let Some(d) = &op.responses.default {
        entries.push((StatusMatch::Default, "default".to_owned(), d));
    }
    entries.sort_by_key(|e| e.0);
    let is_2xx = |s: StatusMatch| matches!(s, StatusMatch::Code(200..=299) | StatusMatch::Range(2));
    // `default` describes success only when no 2xx response is declared.
    let default_is_success = !entries.iter().any(|e| is_2xx(e.0));
    let mut successes: Vec<(StatusMatch, Option<TypeRef>, Option<Envelope>)> = Vec::new();
    // Success responses whose body is not JSON, with what they give the caller.
    let mut other_successes: Vec<Success> = Vec::new();
    let mut errors: Vec<ErrorCase> = Vec::new();
    let mut ranges: Vec<ErrorCase> = Vec::new();
    let mut default_error = None;
    let mut types = Vec::new();
    for (status, key, r) in entries {
        let at = push_pointer(&responses_pointer, &key);
        let table = cx.doc.components.as_ref().map(|c| &c.responses);
        let r: &OaResponse = resolve_component(r, "responses", table, &at)?;
        let ty = match pick_content(&r.content) {
            Some((media, m)) if media_of(media, m) == Media::Json => match &m.schema {
                Some(s) => {
                    let hint = type_base.child(&format!("response {key}"));
                    let schema_pointer = push_pointer(
                        &push_pointer(&push_pointer(&at, "content"), media),
                        "schema",
                    );
                    Some(cx.type_of(&clone_box(s), &hint, &schema_pointer)?)
                }
                None => Some(TypeRef::Any),
            },
            _ => None,
        };
        let envelope =
            match (r.extensions.get("x-unwrap"), &ty) {
                (Some(Value::String(target)), Some(ty)) => Some(resolve_unwrap(
                    cx,
                    ty,
                    target,
                    &push_pointer(&at, "x-unwrap"),
                )?),
                (Some(_), _) => return Err(Error::at(
                    push_pointer(&at, "x-unwrap"),
                    ErrorKind::Invalid(
                        "`x-unwrap` must be a JSON pointer string on a response with a JSON body"
                            .into(),
                    ),
                )),
                (None, _) => None,
            };
        types.extend(ty.clone());
        match status {
            _ if is_2xx(status) || (status == StatusMatch::Default && default_is_success) => {
                if ty.is_none() {
                    if let Some(other) = non_json_success(cx, r, type_base, &key, &at)? {
                        types.extend(other.item_types().into_iter().cloned());
                        other_successes.push(other);
                    }
                }
                successes.push((status, ty, envelope))
            }
            // Exact codes that decode the same body share one case.
            StatusMatch::Code(_) => match errors.iter_mut().find(|e| e.body == ty) {
                Some(case) => case.statuses.push(status),
                None => errors.push(ErrorCase {
                    statuses: vec![status],
                    body: ty,
                }),
            },
            StatusMatch::Range(_) => ranges.push(ErrorCase {
                statuses: vec![status],
                body: ty,
            }),
            StatusMatch::Default => {
                default_error = Some(ErrorCase {
                    statuses: vec![status],
                    body: ty,
                })
            }
        }
    }
    // The first success response with a JSON body decides what a call returns.
    let chosen = successes
        .iter()
        .find(|(_, ty, _)| ty.is_some())
        .or_else(|| successes.first());
    let success = match chosen {
        Some((_, Some(_), Some(envelope))) => Success::Enveloped(envelope.clone()),
        Some((_, Some(ty), None)) => Success::Json(ty.clone()),
        // Without a JSON body, the first declared body of another kind.
        Some(_) if !other_successes.is_empty() => other_successes.swap_remove(0),
        // No success response declares content (a 201 with only a `Location`, a 202): the
        // call gives `()`, as for a 204, rather than bytes the spec says are not there.
        Some((_, None, _)) | None => Success::Empty,
    };
    errors.extend(ranges);
    errors.extend(default_error);
    Ok((success, errors, types))
}

/// What a success response without a JSON body gives the caller, if it declares a body.
fn non_json_success(
    cx: &mut Lowerer<'_>,
    r: &OaResponse,
    type_base: &TypeName,
    key: &str,
    at: &str,
) -> Result<Option<Success>> {
    let Some((media_type, m)) = pick_content(&r.content) else {
        return Ok(None);
    };
    media_success(cx, (media_type, m), type_base, key, at)
}

/// What a success response's body of one media type gives the caller (`None` for JSON,
/// which the caller types itself).
pub(super) fn media_success(
    cx: &mut Lowerer<'_>,
    (media_type, m): (&str, &openapiv3::MediaType),
    type_base: &TypeName,
    key: &str,
    at: &str,
) -> Result<Option<Success>> {
    let schema_pointer = push_pointer(
        &push_pointer(&push_pointer(at, "content"), media_type),
        "schema",
    );
    let hint = type_base.child(&format!("response {key}"));
    Ok(Some(match media_of(media_type, m) {
        // Events told apart by name (a 3.2 `itemSchema`): an enum of their data types.
        Media::EventStream if super::events::has_kinds(m) => {
            Success::EventStream(super::events::event_kinds(
                cx,
                m,
                type_base,
                &push_pointer(&push_pointer(at, "content"), media_type),
            )?)
        }
        // Each event's `data`, or each line, is one value of the schema.
        Media::EventStream => match &m.schema {
            Some(s) => match cx.type_of(&clone_box(s), &hint.child("event"), &schema_pointer)? {
                TypeRef::Primitive(Primitive::String) => Success::EventStream(EventData::Text),
                ty => Success::EventStream(EventData::Json(ty)),
            },
            None => Success::EventStream(EventData::Text),
        },
        Media::JsonLines => Success::JsonLines(match &m.schema {
            Some(s) => cx.type_of(&clone_box(s), &hint.child("item"), &schema_pointer)?,
            None => TypeRef::Any,
        }),
        Media::Text => Success::Text,
        Media::Binary | Media::Form | Media::Multipart => Success::Binary,
        Media::Json => return Ok(None),
    }))
}

/// Follows an `x-unwrap` pointer through required, non-null fields of generated structs.
fn resolve_unwrap(cx: &Lowerer<'_>, ty: &TypeRef, target: &str, pointer: &str) -> Result<Envelope> {
    let mut current = ty.clone();
    let mut path = Vec::new();
    // Split by hand rather than through `JsonPointer::parse`, which would reject a target
    // without the leading `/` that this has always accepted as the whole body.
    for key in target.split('/').skip(1).map(unescape) {
        let model = match &current {
            TypeRef::Named(n) => resolve_alias(cx, n),
            _ => None,
        };
        let Some(ModelKind::Struct(s)) = model.map(|m| &m.kind) else {
            return Err(Error::at(
                pointer,
                ErrorKind::Invalid(format!(
                    "`x-unwrap` {target:?}: `{key}` is not inside an object"
                )),
            ));
        };
        let Some(field) = s.fields.iter().find(|f| f.wire == key) else {
            return Err(Error::at(
                pointer,
                ErrorKind::Invalid(format!(
                    "`x-unwrap` {target:?}: the object has no property `{key}`"
                )),
            ));
        };
        if field.presence != Presence::Required {
            return Err(Error::at(
                pointer,
                ErrorKind::Invalid(format!(
                    "`x-unwrap` {target:?}: `{key}` must be required and not nullable"
                )),
            ));
        }
        path.push(field.name.clone());
        current = field.ty.clone();
    }
    Ok(Envelope {
        ty: ty.clone(),
        path,
        resource: current,
    })
}

fn resolve_alias<'m>(cx: &'m Lowerer<'_>, name: &TypeName) -> Option<&'m Model> {
    let mut model = cx.models.get(name)?;
    for _ in 0..cx.models.len() {
        match &model.kind {
            ModelKind::Alias(TypeRef::Named(next)) => model = cx.models.get(next)?,
            _ => return Some(model),
        }
    }
    None
}

/// The `Accept` header a call with this `success` sends, when it is not the runtime's
/// `application/json`: the text type the spec names (`text/csv`) or the streamed or binary
/// kind, or for JSON a declared JSON media type other than `application/json`
/// (`application/vnd.api+json`) first, since a server that negotiates (JSON:API's must) may
/// refuse plain JSON.
pub(super) fn accept(
    cx: &Lowerer<'_>,
    op: &openapiv3::Operation,
    success: &Success,
    pointer: &str,
) -> Result<Option<String>> {
    Ok(match success {
        Success::Text => Some(match declared_media(cx, op, Media::Text, pointer)? {
            Some(text) => format!("{text}, */*;q=0.5"),
            None => TEXT_ACCEPT.to_owned(),
        }),
        Success::Json(_) | Success::Enveloped(_) => declared_media(cx, op, Media::Json, pointer)?
            .filter(|json| json != "application/json" && !json.contains('*'))
            .map(|json| format!("{json}, application/json;q=0.9")),
        _ => kind_accept(success).map(str::to_owned),
    })
}

/// What a text call accepts when no text media type is declared by name.
const TEXT_ACCEPT: &str = "text/plain, */*;q=0.5";

/// The `Accept` header for a success body by its kind alone (a stream twin's).
pub(super) fn kind_accept(success: &Success) -> Option<&'static str> {
    match success {
        Success::Text => Some(TEXT_ACCEPT),
        Success::Binary => Some("*/*"),
        Success::EventStream(_) => Some("text/event-stream"),
        Success::JsonLines(_) => {
            Some("application/jsonl, application/x-ndjson, application/json-seq, */*;q=0.5")
        }
        Success::Empty | Success::Json(_) | Success::Enveloped(_) => None,
    }
}

/// The media type (without parameters) of the first 2xx response whose body is of `kind`.
fn declared_media(
    cx: &Lowerer<'_>,
    op: &openapiv3::Operation,
    kind: Media,
    pointer: &str,
) -> Result<Option<String>> {
    let responses_pointer = push_pointer(pointer, "responses");
    for (code, r) in &op.responses.responses {
        let StatusCode::Code(200..=299) = code else {
            continue;
        };
        let at = push_pointer(&responses_pointer, &code.to_string());
        let table = cx.doc.components.as_ref().map(|c| &c.responses);
        let r: &OaResponse = resolve_component(r, "responses", table, &at)?;
        if let Some((media, m)) = pick_content(&r.content) {
            if media_of(media, m) == kind {
                return Ok(Some(essence(media)));
            }
        }
    }
    Ok(None)
}
