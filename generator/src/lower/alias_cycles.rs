//! Rejects type aliases that reach themselves. Rust has no recursive `type` aliases, so
//! `A: {allOf: [$ref: B]}` / `B: {allOf: [$ref: A]}` or `A: {type: array, items: {$ref: A}}`
//! would otherwise emit code that does not compile; a clear error is the honest answer.

use std::collections::BTreeMap;

use crate::error::{Error, ErrorKind, Result};
use crate::graph::Graph;
use crate::ir::{Model, ModelKind, TypeRef};
use crate::naming::TypeName;

/// Aliases that reach themselves only through lists or maps: these become newtypes.
pub(crate) fn wrapped(models: &[Model]) -> Vec<TypeName> {
    let aliases = Aliases::of(models);
    models
        .iter()
        .filter(|m| matches!(aliases.cycle(&m.name), Some((_, true))))
        .map(|m| m.name.clone())
        .collect()
}

/// Fails on the first alias whose definition leads back to itself through aliases only.
pub(crate) fn check(models: &[Model]) -> Result<()> {
    let aliases = Aliases::of(models);
    for model in models {
        if let Some((chain, wrapped)) = aliases.cycle(&model.name) {
            let kind = if wrapped {
                ErrorKind::Unsupported(format!(
                    "`{}` contains itself ({chain}) only through lists or maps; Rust type aliases cannot be recursive, so wrap it in an object",
                    model.name.as_str()
                ))
            } else {
                ErrorKind::RefCycle(chain)
            };
            return Err(Error::at(model.docs.origin.clone(), kind));
        }
    }
    Ok(())
}

/// The aliases among the models: each one's target, and the graph of alias → named target.
struct Aliases<'m> {
    targets: BTreeMap<&'m TypeName, &'m TypeRef>,
    graph: Graph<&'m TypeName>,
}

impl<'m> Aliases<'m> {
    fn of(models: &'m [Model]) -> Self {
        let mut targets = BTreeMap::new();
        let mut graph = Graph::new();
        for model in models {
            if let ModelKind::Alias(ty) = &model.kind {
                targets.insert(&model.name, ty);
                if let Some(target) = ty.named() {
                    graph.add_edge(&&model.name, &target);
                }
            }
        }
        Self { targets, graph }
    }

    /// The chain by which the alias `name` reaches itself through aliases only, and whether a
    /// list or map lies on the way.
    fn cycle(&self, name: &TypeName) -> Option<(String, bool)> {
        let chain = self.graph.cycle_through(&name)?;
        // Every node of the chain but the repeated last one is an alias with an edge onward.
        let (_, on_the_way) = chain.split_last()?;
        let wrapped = on_the_way
            .iter()
            .any(|n| self.targets.get(n).is_some_and(|ty| contains_wrapper(ty)));
        let names: Vec<&str> = chain.iter().map(|n| n.as_str()).collect();
        Some((names.join(" → "), wrapped))
    }
}

fn contains_wrapper(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Boxed(_))
}
