//! Rejects type aliases that reach themselves. Rust has no recursive `type` aliases, so
//! `A: {allOf: [$ref: B]}` / `B: {allOf: [$ref: A]}` or `A: {type: array, items: {$ref: A}}`
//! would otherwise emit code that does not compile; a clear error is the honest answer.

use std::collections::BTreeMap;

use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Model, ModelKind, TypeRef};
use crate::naming::TypeName;

/// Aliases that reach themselves only through lists or maps: these become newtypes.
pub(crate) fn wrapped(models: &[Model]) -> Vec<TypeName> {
    let by_name: BTreeMap<&TypeName, &Model> = models.iter().map(|m| (&m.name, m)).collect();
    models
        .iter()
        .filter(|m| matches!(cycle(&by_name, m), Some((_, true))))
        .map(|m| m.name.clone())
        .collect()
}

/// Fails on the first alias whose definition leads back to itself through aliases only.
pub(crate) fn check(models: &[Model]) -> Result<()> {
    let by_name: BTreeMap<&TypeName, &Model> = models.iter().map(|m| (&m.name, m)).collect();
    for model in models {
        if let Some((chain, wrapped)) = cycle(&by_name, model) {
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

/// The chain by which `model`, an alias, reaches itself through aliases only, and whether a
/// list or map lies on the way.
fn cycle(by_name: &BTreeMap<&TypeName, &Model>, model: &Model) -> Option<(String, bool)> {
    {
        let ModelKind::Alias(ty) = &model.kind else {
            return None;
        };
        // Depth-first through alias targets, iterative and visiting each alias once.
        let mut path = vec![model.name.clone()];
        let mut stack: Vec<(Vec<&TypeName>, usize)> = vec![(ty.named().into_iter().collect(), 0)];
        let mut seen = std::collections::BTreeSet::new();
        let mut wrapped = contains_wrapper(ty);
        while let Some((targets, next)) = stack.last_mut() {
            let Some(target) = targets.get(*next).copied() else {
                stack.pop();
                path.pop();
                continue;
            };
            *next += 1;
            if *target == model.name {
                path.push(target.clone());
                let chain: Vec<String> = path.iter().map(|n| n.as_str().to_owned()).collect();
                return Some((chain.join(" → "), wrapped));
            }
            if !seen.insert(target) {
                continue;
            }
            if let Some(Model {
                kind: ModelKind::Alias(inner),
                ..
            }) = by_name.get(target)
            {
                wrapped |= contains_wrapper(inner);
                path.push(target.clone());
                stack.push((inner.named().into_iter().collect(), 0));
            }
        }
    }
    None
}

fn contains_wrapper(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Boxed(_))
}
