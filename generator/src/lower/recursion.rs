//! Boxing of recursive types: the by-value references that close a cycle get a `Box`, so every
//! generated type has a finite size.

use std::collections::BTreeMap;

use crate::graph::{Graph, Sccs};
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
    let (fields, everything) = {
        let graph = by_value_graph(models);
        let components = graph.sccs();
        let fields = plan(models, &components, Pass::StructFields);
        // When no struct field closes a cycle the second pass would see this same graph, so
        // it is planned on this one (most specs have no recursion at all).
        let everything =
            (!fields.contains(&true)).then(|| plan(models, &components, Pass::Everything));
        (fields, everything)
    };
    let everything = match everything {
        Some(everything) => everything,
        None => {
            apply(models, Pass::StructFields, fields);
            let graph = by_value_graph(models);
            plan(models, &graph.sccs(), Pass::Everything)
        }
    };
    apply(models, Pass::Everything, everything);
}

/// Each model to the named types it holds by value. The graph borrows the names: cloning
/// them into it cost more than the search itself.
fn by_value_graph(models: &BTreeMap<TypeName, Model>) -> Graph<&TypeName> {
    let mut graph = Graph::new();
    for (name, model) in models {
        graph.add_edges(&name, &by_value_refs(&model.kind));
    }
    graph
}

/// Whether to box each slot `pass` visits, in visiting order: a slot is boxed when its type
/// is in its model's component, as the edge then lies on a cycle.
fn plan(
    models: &BTreeMap<TypeName, Model>,
    components: &Sccs<'_, &TypeName>,
    pass: Pass,
) -> Vec<bool> {
    let mut wrap = Vec::new();
    for (name, model) in models {
        let own = components.component(&name);
        slots(&model.kind, pass, &mut |ty| {
            wrap.push(by_value(ty).is_some_and(|t| components.component(&t) == own));
        });
    }
    wrap
}

fn apply(models: &mut BTreeMap<TypeName, Model>, pass: Pass, wrap: Vec<bool>) {
    let mut wrap = wrap.into_iter();
    for model in models.values_mut() {
        slots_mut(&mut model.kind, pass, &mut |ty| {
            if wrap.next() == Some(true) {
                *ty = TypeRef::Boxed(Box::new(ty.clone()));
            }
        });
    }
}

/// The types `pass` may box in a model, in a fixed order; [`slots_mut`] visits the same ones.
/// The typed positions of an open tuple count as struct fields.
fn slots(kind: &ModelKind, pass: Pass, visit: &mut impl FnMut(&TypeRef)) {
    match (kind, pass) {
        (ModelKind::Struct(s), _) => s.fields.iter().for_each(|f| each_slot(&f.ty, visit)),
        (ModelKind::Tuple(t), _) => t.prefix.iter().for_each(|ty| each_slot(ty, visit)),
        (ModelKind::Union(u), Pass::Everything) => {
            u.variants().for_each(|v| each_slot(&v.ty, visit))
        }
        _ => {}
    }
}

fn slots_mut(kind: &mut ModelKind, pass: Pass, visit: &mut impl FnMut(&mut TypeRef)) {
    match (kind, pass) {
        (ModelKind::Struct(s), _) => s
            .fields
            .iter_mut()
            .for_each(|f| each_slot_mut(&mut f.ty, visit)),
        (ModelKind::Tuple(t), _) => t.prefix.iter_mut().for_each(|ty| each_slot_mut(ty, visit)),
        (ModelKind::Union(u), Pass::Everything) => u
            .variants_mut()
            .for_each(|v| each_slot_mut(&mut v.ty, visit)),
        _ => {}
    }
}

/// `ty`, or each position of a closed tuple `ty` (a Rust tuple holds its positions by value,
/// so a `Box` goes around the position, not the tuple).
fn each_slot<'t>(ty: &'t TypeRef, visit: &mut impl FnMut(&'t TypeRef)) {
    match ty {
        TypeRef::Tuple(ts) => ts.iter().for_each(|t| each_slot(t, visit)),
        _ => visit(ty),
    }
}

fn each_slot_mut(ty: &mut TypeRef, visit: &mut impl FnMut(&mut TypeRef)) {
    match ty {
        TypeRef::Tuple(ts) => ts.iter_mut().for_each(|t| each_slot_mut(t, visit)),
        _ => visit(ty),
    }
}

#[derive(Clone, Copy)]
enum Pass {
    StructFields,
    Everything,
}

/// Named types a model holds by value (aliases count: `type A = B` is `B`; so do the
/// positions of a closed tuple).
fn by_value_refs(kind: &ModelKind) -> Vec<&TypeName> {
    let mut out = Vec::new();
    let mut add = |ty| out.extend(by_value(ty));
    match kind {
        ModelKind::Struct(s) => s.fields.iter().for_each(|f| each_slot(&f.ty, &mut add)),
        ModelKind::Union(u) => u.variants().for_each(|v| each_slot(&v.ty, &mut add)),
        ModelKind::Alias(t) | ModelKind::Newtype(t) => each_slot(t, &mut add),
        ModelKind::Tuple(t) => t.prefix.iter().for_each(|ty| each_slot(ty, &mut add)),
        ModelKind::Enum(_) | ModelKind::Const(_) => {}
    }
    out
}
