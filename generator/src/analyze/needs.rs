//! Which crates and support types the emitted code needs: every type the crate mentions,
//! in models, parameters, request bodies, success bodies and error bodies.

use crate::ir::{Api, BodyKind, ModelKind, Needs, Presence, Primitive, TypeRef, Union};

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
        }
    }
    for op in &api.operations {
        types.extend(op.params.iter().map(|p| &p.ty));
        if let Some(BodyKind::Json { ty, .. }) = op.body.as_ref().map(|b| &b.kind) {
            types.push(ty);
        }
        types.extend(op.success.body_type());
        types.extend(op.success.resource_type());
        types.extend(op.errors.iter().filter_map(|e| e.body.as_ref()));
    }
    for ty in types {
        match leaf(ty) {
            Some(Primitive::DateTime | Primitive::Date) => needs.chrono = true,
            Some(Primitive::Uuid) => needs.uuid = true,
            Some(Primitive::Bytes) => needs.base64 = true,
            _ => {}
        }
    }
    needs
}

/// The scalar at the bottom of `ty`, through arrays, maps and boxes.
fn leaf(ty: &TypeRef) -> Option<Primitive> {
    match ty {
        TypeRef::Primitive(p) => Some(*p),
        TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => leaf(t),
        TypeRef::Named(_) | TypeRef::Any | TypeRef::Object => None,
    }
}
