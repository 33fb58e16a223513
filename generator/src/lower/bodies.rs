//! Request bodies, and the choice of media type shared with responses.

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, RequestBody};

use super::operations::{clone_box, resolve_component};
use super::Lowerer;
use crate::error::{push_pointer, Result};
use crate::ir::{Body, BodyKind, TypeRef};
use crate::naming::TypeName;

pub(super) fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "*/*" || m == "application/*"
}

/// Prefers a JSON media type; otherwise the first one.
pub(super) fn pick_content(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(k, _)| is_json(k))
        .or_else(|| content.first())
}

pub(super) fn lower_body(
    cx: &mut Lowerer<'_>,
    body: &ReferenceOr<RequestBody>,
    type_base: &TypeName,
    pointer: &str,
) -> Result<Option<Body>> {
    let table = cx.doc.components.as_ref().map(|c| &c.request_bodies);
    let body: &RequestBody = resolve_component(body, "requestBodies", table, pointer)?;
    let Some((media, content)) = pick_content(&body.content) else {
        return Ok(None);
    };
    let content_pointer = push_pointer(&push_pointer(pointer, "content"), media);
    let ty = match (&content.schema, is_json(media)) {
        (Some(s), true) => Some(cx.type_of(
            &clone_box(s),
            &type_base.child("body"),
            &push_pointer(&content_pointer, "schema"),
        )?),
        (None, true) => Some(TypeRef::Any),
        _ => None,
    };
    let kind = match ty {
        // Where its secrets are is found once every model exists (`analyze`).
        Some(ty) => BodyKind::Json {
            ty,
            secret_paths: Vec::new(),
        },
        None => BodyKind::Bytes,
    };
    let content_type = if media.contains('*') {
        "application/json".to_owned()
    } else {
        media.clone()
    };
    Ok(Some(Body {
        content_type,
        kind,
        required: body.required,
    }))
}
