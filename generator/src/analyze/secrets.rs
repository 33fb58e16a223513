//! Where request bodies hold secrets: the paths from a body type to its `x-sensitive`
//! values, so a client can mask them in errors when a server echoes them back.
//!
//! Only models that can reach a sensitive field are entered, so the search stays linear in
//! the part of the type graph that matters, however large the rest is.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Model, ModelKind, PathStep, SecretPath, TypeRef};
use crate::naming::TypeName;

/// At most this many secret paths per body: a shared type graph can have exponentially many
/// distinct paths, and past this the masking of echoed secrets is best effort anyway.
const MAX_SECRET_PATHS: usize = 256;

/// Answers "where are the secrets in a value of this type?".
pub(super) struct Finder<'a> {
    models: BTreeMap<&'a TypeName, &'a Model>,
    /// Models from which some sensitive field can be reached.
    reach: BTreeSet<&'a TypeName>,
}

impl<'a> Finder<'a> {
    pub(super) fn new(models: &'a [Model]) -> Self {
        let by_name: BTreeMap<&TypeName, &Model> = models.iter().map(|m| (&m.name, m)).collect();
        let direct = |m: &Model| matches!(&m.kind, ModelKind::Struct(s) if s.fields.iter().any(|f| f.sensitive));
        let mut reach: BTreeSet<&TypeName> = models
            .iter()
            .filter(|m| direct(m))
            .map(|m| &m.name)
            .collect();
        // Fixpoint: a type reaches a secret if anything it refers to does.
        loop {
            let before = reach.len();
            for m in models {
                if !reach.contains(&m.name) && m.kind.refs().iter().any(|n| reach.contains(n)) {
                    reach.insert(&m.name);
                }
            }
            if reach.len() == before {
                break;
            }
        }
        Self {
            models: by_name,
            reach,
        }
    }

    /// The paths to the sensitive values inside a value of type `ty`, in field order.
    pub(super) fn paths(&self, ty: &TypeRef) -> Vec<SecretPath> {
        let mut out = Vec::new();
        self.walk(ty, &mut Vec::new(), &mut Vec::new(), &mut out);
        out
    }

    fn walk(
        &self,
        ty: &TypeRef,
        prefix: &mut Vec<PathStep>,
        stack: &mut Vec<&'a TypeName>,
        out: &mut Vec<SecretPath>,
    ) {
        if out.len() >= MAX_SECRET_PATHS {
            return;
        }
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => {
                prefix.push(PathStep::Each);
                self.walk(inner, prefix, stack, out);
                prefix.pop();
            }
            TypeRef::Boxed(inner) => self.walk(inner, prefix, stack, out),
            TypeRef::Named(n) => {
                // A recursive type repeats its paths deeper down; one level finds them all.
                let Some((&name, model)) = self.models.get_key_value(n) else {
                    return;
                };
                if stack.contains(&name) || !self.reach.contains(name) {
                    return;
                }
                stack.push(name);
                match &model.kind {
                    ModelKind::Struct(s) => {
                        for f in &s.fields {
                            prefix.push(PathStep::Key(f.wire.clone()));
                            if f.sensitive {
                                let path = SecretPath(prefix.clone());
                                if !out.contains(&path) {
                                    out.push(path);
                                }
                            } else {
                                self.walk(&f.ty, prefix, stack, out);
                            }
                            prefix.pop();
                        }
                        if let Some(extra) = &s.additional {
                            prefix.push(PathStep::Each);
                            self.walk(extra, prefix, stack, out);
                            prefix.pop();
                        }
                    }
                    // Tagged variants share the object with the tag; untagged ones are the
                    // value itself: either way their paths start here.
                    ModelKind::Union(u) => {
                        for v in u.variants() {
                            self.walk(&v.ty, prefix, stack, out);
                        }
                    }
                    ModelKind::Alias(inner) | ModelKind::Newtype(inner) => {
                        self.walk(inner, prefix, stack, out)
                    }
                    ModelKind::Tuple(t) => {
                        prefix.push(PathStep::Each);
                        for ty in t.prefix.iter().chain([&t.rest]) {
                            self.walk(ty, prefix, stack, out);
                        }
                        prefix.pop();
                    }
                    ModelKind::Enum(_) | ModelKind::Const(_) => {}
                }
                stack.pop();
            }
            TypeRef::Tuple(ts) => {
                prefix.push(PathStep::Each);
                for ty in ts {
                    self.walk(ty, prefix, stack, out);
                }
                prefix.pop();
            }
            TypeRef::Primitive(_) | TypeRef::Any | TypeRef::Object => {}
        }
    }
}
