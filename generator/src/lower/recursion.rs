//! Boxing of recursive types: the by-value references that close a cycle get a `Box`, so every
//! generated type has a finite size.

use std::collections::BTreeMap;

use crate::graph::Graph;
use crate::ir::{Model, ModelKind, TypeRef};
use crate::naming::TypeName;

/// Named types held by value (not behind a `Vec` or map, which already allocate).
fn by_value(ty: &TypeRef) -> Option<&TypeName> {
    match ty {
        TypeRef::Named(n) => Some(n),
        _ => None,
    }
}

/// Boxes the by-value references that close a cycle, so recursive types have a finite size,
/// and nothing else. Struct fields inside a cycle are boxed first; union variants only where a
/// cycle remains without going through a struct (`enum A { B(B) } enum B { A(A) }`).
pub(super) fn box_recursion(models: &mut BTreeMap<TypeName, Model>) {
    for pass in [Pass::StructFields, Pass::Everything] {
        let mut graph = Graph::new();
        for (name, model) in models.iter() {
            graph.add_node(name);
            for target in by_value_refs(&model.kind) {
                graph.add_edge(name, target);
            }
        }
        let components = graph.sccs();
        for (name, model) in models.iter_mut() {
            // An edge within a component lies on a cycle.
            let wrap = |ty: &mut TypeRef| {
                if by_value(ty).is_some_and(|target| components.same(name, target)) {
                    *ty = TypeRef::Boxed(Box::new(ty.clone()));
                }
            };
            match (&mut model.kind, pass) {
                (ModelKind::Struct(s), _) => s.fields.iter_mut().for_each(|f| wrap(&mut f.ty)),
                (ModelKind::Union(u), Pass::Everything) => {
                    u.variants_mut().for_each(|v| wrap(&mut v.ty))
                }
                _ => {}
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Pass {
    StructFields,
    Everything,
}

/// Named types a model holds by value (aliases count: `type A = B` is `B`).
fn by_value_refs(kind: &ModelKind) -> Vec<&TypeName> {
    match kind {
        ModelKind::Struct(s) => s.fields.iter().filter_map(|f| by_value(&f.ty)).collect(),
        ModelKind::Union(u) => u.variants().filter_map(|v| by_value(&v.ty)).collect(),
        ModelKind::Alias(t) | ModelKind::Newtype(t) => by_value(t).into_iter().collect(),
        ModelKind::Enum(_) => Vec::new(),
    }
}
