//! `readOnly` and `writeOnly` properties: request types leave out the read-only ones,
//! response types the write-only ones. A type used only one way loses its properties in
//! place; a type used both ways that would differ keeps its name for responses and gets a
//! `…Request` twin for requests, as does every type that leads to one.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema};

use super::schema_view::View;
use super::Lowerer;
use crate::error::Result;
use crate::ir::{BodyKind, Model, ModelKind, Operation, TypeRef};
use crate::naming::TypeName;

/// Which way a property travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Access {
    /// Only in responses (`readOnly: true`).
    ReadOnly,
    /// Only in requests (`writeOnly: true`).
    WriteOnly,
}

/// The properties marked one way, by model and JSON key.
pub(super) type AccessTable = BTreeMap<(TypeName, String), Access>;

impl Lowerer<'_> {
    /// Notes whether property `wire` of model `model` is read-only or write-only (on its own
    /// schema or on the schema its `$ref` names).
    pub(super) fn note_access(
        &mut self,
        model: &TypeName,
        wire: &str,
        prop: &ReferenceOr<Box<Schema>>,
        pointer: &str,
    ) -> Result<()> {
        let (read_only, write_only) = match prop {
            ReferenceOr::Reference { reference } => {
                let (_, target) = self.deref_schema(reference, pointer)?;
                let v = View::of(&target);
                (v.data.read_only, v.data.write_only)
            }
            ReferenceOr::Item(schema) => {
                let v = View::of(schema);
                (v.data.read_only, v.data.write_only)
            }
        };
        let access = match (read_only, write_only) {
            (true, false) => Access::ReadOnly,
            (false, true) => Access::WriteOnly,
            // Both is refused at load; neither is the common case.
            _ => return Ok(()),
        };
        self.access.insert((model.clone(), wire.to_owned()), access);
        Ok(())
    }

    /// Applies the table: see the module docs. `request_roots` and the operations' bodies and
    /// parameters are pointed at the request twins.
    pub(super) fn split_by_access(
        &mut self,
        operations: &mut [Operation],
        request_roots: &mut [TypeRef],
        response_roots: &[TypeRef],
    ) {
        if self.access.is_empty() {
            return;
        }
        let mut request_side: Vec<TypeRef> = request_roots.to_vec();
        request_side.extend(
            operations
                .iter()
                .filter_map(|op| op.params_type.clone())
                .map(TypeRef::Named),
        );
        let requests = reachable(&self.models, &request_side);
        let responses = reachable(&self.models, response_roots);
        let marked = |name: &TypeName, access: Access| {
            self.access
                .iter()
                .any(|((model, _), a)| model == name && *a == access)
        };

        // Types used both ways whose two forms differ: those with marked properties, and
        // those leading to one.
        let both: BTreeSet<&TypeName> = requests.intersection(&responses).collect();
        let mut split: BTreeSet<TypeName> = both
            .iter()
            .filter(|n| marked(n, Access::ReadOnly) || marked(n, Access::WriteOnly))
            .map(|n| (*n).clone())
            .collect();
        loop {
            let more: Vec<TypeName> = both
                .iter()
                .filter(|n| !split.contains(**n))
                .filter(|n| {
                    self.models
                        .get(**n)
                        .is_some_and(|m| m.kind.refs().iter().any(|r| split.contains(*r)))
                })
                .map(|n| (*n).clone())
                .collect();
            if more.is_empty() {
                break;
            }
            split.extend(more);
        }
        let twins: BTreeMap<TypeName, TypeName> = split
            .iter()
            .map(|name| {
                let twin = self
                    .types
                    .claim(TypeName::new(&format!("{} Request", name.as_str())));
                (name.clone(), twin)
            })
            .collect();

        let access = std::mem::take(&mut self.access);
        let drop = |model: &mut Model, leave: Access, original: &TypeName| {
            if let ModelKind::Struct(s) = &mut model.kind {
                s.fields
                    .retain(|f| access.get(&(original.clone(), f.wire.clone())) != Some(&leave));
            }
        };
        for (name, twin) in &twins {
            let Some(mut request) = self.models.get(name).cloned() else {
                continue;
            };
            drop(&mut request, Access::ReadOnly, name);
            retarget(&mut request.kind, &twins);
            request.name = twin.clone();
            let note =
                format!("The form of `{name}` sent in requests: without its read-only properties.");
            request.docs.description = Some(match request.docs.description.take() {
                Some(d) => format!("{d}\n\n{note}"),
                None => note,
            });
            self.models.insert(twin.clone(), request);
        }
        for (name, model) in self.models.iter_mut() {
            if twins.values().any(|t| t == name) {
                continue;
            }
            let in_requests = requests.contains(name);
            let in_responses = responses.contains(name);
            if in_requests && !in_responses {
                drop(model, Access::ReadOnly, name);
                retarget(&mut model.kind, &twins);
            } else if in_responses {
                drop(model, Access::WriteOnly, name);
            }
        }
        for ty in request_roots.iter_mut() {
            retarget_type(ty, &twins);
        }
        for op in operations {
            if let Some(BodyKind::Json { ty, .. }) = op.body.as_mut().map(|b| &mut b.kind) {
                retarget_type(ty, &twins);
            }
            for p in &mut op.params {
                retarget_type(&mut p.ty, &twins);
            }
        }
    }
}

/// Every model reachable from `roots`.
fn reachable(models: &BTreeMap<TypeName, Model>, roots: &[TypeRef]) -> BTreeSet<TypeName> {
    let mut stack: Vec<TypeName> = roots.iter().filter_map(TypeRef::named).cloned().collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(model) = models.get(&name) {
            stack.extend(model.kind.refs().into_iter().cloned());
        }
    }
    seen
}

/// Points every reference in `kind` at the request twin of its target, where there is one.
fn retarget(kind: &mut ModelKind, twins: &BTreeMap<TypeName, TypeName>) {
    match kind {
        ModelKind::Struct(s) => {
            for f in &mut s.fields {
                retarget_type(&mut f.ty, twins);
            }
            if let Some(t) = &mut s.additional {
                retarget_type(t, twins);
            }
        }
        ModelKind::Union(u) => {
            for v in u.variants_mut() {
                retarget_type(&mut v.ty, twins);
            }
        }
        ModelKind::Alias(t) | ModelKind::Newtype(t) => retarget_type(t, twins),
        ModelKind::Tuple(t) => {
            for ty in t.prefix.iter_mut().chain([&mut t.rest]) {
                retarget_type(ty, twins);
            }
        }
        ModelKind::Enum(_) | ModelKind::Const(_) => {}
    }
}

fn retarget_type(ty: &mut TypeRef, twins: &BTreeMap<TypeName, TypeName>) {
    match ty {
        TypeRef::Named(n) => {
            if let Some(twin) = twins.get(n) {
                *n = twin.clone();
            }
        }
        TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => retarget_type(t, twins),
        TypeRef::Tuple(ts) => ts.iter_mut().for_each(|t| retarget_type(t, twins)),
        TypeRef::Primitive(_) | TypeRef::Any | TypeRef::Object => {}
    }
}
