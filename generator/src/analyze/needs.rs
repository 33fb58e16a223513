//! Which crates and support types the emitted code needs: every type the crate mentions,
//! in models, parameters, request bodies, success bodies, error bodies and response headers.

use crate::ir::{
    Api, BodyKind, BodyNeeds, ModelKind, Needs, PartKind, Presence, Primitive, Success, TypeRef,
    Union,
};

/// Scans every type `api` mentions.
pub(super) fn of(api: &Api) -> Needs {
    let mut needs = Needs::default();
    let mut types: Vec<&TypeRef> = Vec::new();
    for m in &api.models {
        match &m.kind {
            ModelKind::Struct(s) => {
                types.extend(s.fields.iter().map(|f| &f.ty));
                types.extend(&s.additional);
                needs.nullable |= s
                    .fields
                    .iter()
                    .any(|f| f.presence == Presence::OptionalNullable);
            }
            ModelKind::Union(u) => {
                types.extend(u.variants().map(|v| &v.ty));
                needs.tagged_unions |= matches!(u, Union::Tagged { .. });
            }
            ModelKind::Alias(t) | ModelKind::Newtype(t) => types.push(t),
            ModelKind::Enum(_) => needs.enums = true,
            ModelKind::Const(_) => needs.constants = true,
            ModelKind::Tuple(t) => types.extend(t.prefix.iter().chain([&t.rest])),
        }
    }
    for op in &api.operations {
        types.extend(op.params.iter().map(|p| &p.ty));
        match op.body.as_ref().map(|b| &b.kind) {
            Some(BodyKind::Json { ty, .. }) => types.push(ty),
            Some(BodyKind::Form(form)) => types.push(&form.ty),
            Some(BodyKind::Multipart(m)) => {
                types.extend(m.parts.iter().filter_map(|p| match &p.kind {
                    PartKind::Text(ty) | PartKind::Json(ty) => Some(ty),
                    PartKind::File => None,
                }))
            }
            Some(BodyKind::Bytes | BodyKind::Text) | None => {}
        }
        bodies(op, &mut needs.bodies);
        types.extend(op.success.item_types());
        types.extend(op.success.body_type());
        types.extend(op.success.resource_type());
        types.extend(op.errors.iter().filter_map(|e| e.body.as_ref()));
        types.extend(
            op.response_headers
                .iter()
                .flat_map(|h| h.headers.iter().map(|h| &h.ty)),
        );
    }
    let mut scalars = Vec::new();
    for ty in types {
        leaves(ty, &mut scalars);
    }
    for scalar in scalars {
        match scalar {
            Primitive::DateTime | Primitive::Date => needs.chrono = true,
            Primitive::Uuid => needs.uuid = true,
            Primitive::Bytes => needs.base64 = true,
            _ => {}
        }
    }
    needs
}

/// The runtime modules `op`'s request body and success response need.
fn bodies(op: &crate::ir::Operation, needs: &mut BodyNeeds) {
    // A form-encoded `in: querystring` parameter uses the form body encoder.
    if op.params.iter().any(|p| {
        p.location == crate::ir::ParamLocation::QueryString(crate::ir::QueryStringContent::Form)
    }) {
        needs.form = true;
    }
    match op.body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Form(_)) => needs.form = true,
        // Files are `Upload`s.
        Some(BodyKind::Multipart(_)) => (needs.multipart, needs.upload) = (true, true),
        Some(BodyKind::Bytes) => needs.upload = true,
        Some(BodyKind::Json { .. } | BodyKind::Text) | None => {}
    }
    match op.success {
        Success::Binary => needs.download = true,
        // Both read the body through `ByteStream`.
        Success::EventStream(_) => (needs.event_stream, needs.download) = (true, true),
        Success::JsonLines(_) => (needs.json_lines, needs.download) = (true, true),
        _ => {}
    }
}

/// The scalars at the bottom of `ty`, through arrays, maps, boxes and every position of a
/// tuple, however they nest (`Vec<(Timestamp, f64)>` needs chrono as much as `Timestamp`).
fn leaves(ty: &TypeRef, out: &mut Vec<Primitive>) {
    match ty {
        TypeRef::Primitive(p) => out.push(*p),
        TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => leaves(t, out),
        TypeRef::Tuple(ts) => ts.iter().for_each(|t| leaves(t, out)),
        TypeRef::Named(_) | TypeRef::Any | TypeRef::Object => {}
    }
}
