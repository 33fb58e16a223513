//! The crate's `ErrorBody` variants: one per distinct error-response body type, named after
//! it, with accessors for the server's message and request id where the body has them.
//!
//! The accessors follow the convention the README documents: a string property named
//! `message`, and one named `request`, `requestId` or `request_id`.

use std::collections::BTreeMap;

use crate::ir::{Accessor, Api, ErrorBodyVariant, Model, ModelKind, Primitive, TypeRef};
use crate::naming::{Scope, TypeName, VariantName};

/// Wire names of a body's message property.
pub(crate) const MESSAGE_WIRES: &[&str] = &["message"];

/// Wire names of a body's request-id property.
pub(crate) const REQUEST_ID_WIRES: &[&str] = &["request", "requestId", "request_id"];

/// The variant reserved for bodies kept as text.
const RAW: &str = "Raw";

/// Distinct error body types in operation order, each an `ErrorBody` variant.
pub(super) fn variants(api: &Api) -> Vec<ErrorBodyVariant> {
    let models: BTreeMap<&TypeName, &Model> = api.models.iter().map(|m| (&m.name, m)).collect();
    let mut scope = Scope::with_reserved(&[RAW]);
    let mut out: Vec<ErrorBodyVariant> = Vec::new();
    for ty in api
        .operations
        .iter()
        .flat_map(|op| &op.errors)
        .filter_map(|e| e.body.as_ref())
    {
        if out.iter().any(|v| &v.ty == ty) {
            continue;
        }
        let label = match ty {
            TypeRef::Named(n) => n.to_string(),
            _ => "json".to_owned(),
        };
        out.push(ErrorBodyVariant {
            name: scope.claim(VariantName::new(&label)),
            ty: ty.clone(),
            message: accessor(&models, ty, MESSAGE_WIRES),
            request_id: accessor(&models, ty, REQUEST_ID_WIRES),
        });
    }
    out
}

/// The first non-sensitive string property of `ty` named one of `wires`, following aliases.
pub(crate) fn accessor(
    models: &BTreeMap<&TypeName, &Model>,
    ty: &TypeRef,
    wires: &[&str],
) -> Option<Accessor> {
    let mut ty = ty;
    // Each step follows an alias; there are never more steps than models.
    for _ in 0..=models.len() {
        let TypeRef::Named(n) = ty else { return None };
        match &models.get(n)?.kind {
            ModelKind::Alias(next) => ty = next,
            ModelKind::Struct(s) => {
                let f = s.fields.iter().find(|f| {
                    wires.contains(&f.wire.as_str())
                        && f.ty == TypeRef::Primitive(Primitive::String)
                        && !f.sensitive
                })?;
                return Some(Accessor {
                    field: f.name.clone(),
                    presence: f.presence,
                });
            }
            _ => return None,
        }
    }
    None
}
