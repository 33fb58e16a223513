//! Stage 2, `lower`: `openapiv3::OpenAPI` → [`Api`], our own representation, with every type
//! named, every name sanitised and unique, and every reference resolved.

mod access;
mod alias_cycles;
mod bodies;
mod body_methods;
mod empty_bodies;
mod enums;
mod events;
mod headers;
mod merge;
mod negotiate;
mod operations;
mod operations32;
mod params;
mod recursion;
mod refs;
mod responses;
mod schema_view;
mod schemas;
mod security;
#[cfg(test)]
mod tests;
mod tuples;
mod unions;
mod webhooks;

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{Api, Docs, Model, ModelKind, Needs, TypeRef};
use crate::naming::{Scope, TypeName};

/// Lowers a parsed document into the IR.
pub fn lower(doc: &OpenAPI) -> Result<Api> {
    let mut cx = Lowerer::new(doc);
    cx.lower_components()?;
    let ops = operations::lower_operations(&mut cx)?;
    let webhooks = webhooks::lower_webhooks(&mut cx)?;
    let mut api = cx.finish(ops)?;
    api.needs.webhooks = !webhooks.is_empty();
    api.webhooks = webhooks;
    // An alias that contains itself through a list or map becomes a newtype; an alias loop
    // with nothing in between (`A = B`, `B = A`) describes no value at all and is an error.
    let recursive = alias_cycles::wrapped(&api.models);
    for model in &mut api.models {
        if let ModelKind::Alias(ty) = &model.kind {
            if recursive.contains(&model.name) {
                model.kind = ModelKind::Newtype(ty.clone());
            }
        }
    }
    alias_cycles::check(&api.models)?;
    Ok(api)
}

/// Longest chain of nested inline schemas followed before giving up; deeper specs are
/// pathological and would otherwise exhaust the stack.
const MAX_DEPTH: usize = 200;

/// Shared state of one lowering run.
pub(crate) struct Lowerer<'a> {
    pub(crate) doc: &'a OpenAPI,
    /// `components/schemas`, borrowed from the document (cloning them doubled peak memory).
    schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    /// Rust names of `components/schemas`, by spec name.
    component_names: BTreeMap<String, TypeName>,
    pub(crate) types: Scope,
    pub(crate) models: BTreeMap<TypeName, Model>,
    /// Struct models that are variants of a tagged union, with the tag property to drop.
    strip_tags: BTreeMap<TypeName, String>,
    /// Inline schemas already named, by the pointer where they are declared, so a schema
    /// reached twice (through `allOf` in several places) becomes one type.
    inline: BTreeMap<String, TypeName>,
    /// Read-only and write-only properties, by model and key (see `access.rs`).
    access: access::AccessTable,
    depth: usize,
}

/// Where a schema being merged was declared, and which type names its inline schemas.
#[derive(Clone)]
struct Part {
    pointer: String,
    owner: TypeName,
}

pub(crate) fn docs(summary: Option<&String>, description: Option<&String>, origin: &str) -> Docs {
    let clean = |s: Option<&String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    Docs {
        summary: clean(summary),
        description: clean(description),
        origin: origin.to_owned(),
    }
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI) -> Self {
        static NONE: std::sync::OnceLock<IndexMap<String, ReferenceOr<Schema>>> =
            std::sync::OnceLock::new();
        let schemas = match &doc.components {
            Some(c) => &c.schemas,
            None => NONE.get_or_init(IndexMap::new),
        };
        Self {
            doc,
            schemas,
            component_names: BTreeMap::new(),
            types: Scope::default(),
            models: BTreeMap::new(),
            strip_tags: BTreeMap::new(),
            inline: BTreeMap::new(),
            access: BTreeMap::new(),
            depth: 0,
        }
    }

    fn lower_components(&mut self) -> Result<()> {
        // Names first, sorted, so that the same set of schemas always gets the same names
        // whatever order the file lists them in and wherever inline names collide with them.
        let mut raw: Vec<String> = self.schemas.keys().cloned().collect();
        raw.sort();
        for name in &raw {
            let ty = self.types.claim(TypeName::new(name));
            self.component_names.insert(name.clone(), ty);
        }
        let refs = self.ref_graph();
        for name in &raw {
            let pointer = push_pointer("/components/schemas", name);
            let ty = self.component_names[name].clone();
            let schemas = self.schemas;
            let model = match &schemas[name] {
                ReferenceOr::Reference { reference } => {
                    let target = self.resolve_schema_ref(reference, &pointer)?;
                    // A chain of bare references must end in a schema.
                    self.follow_ref_chain(&refs, name, &pointer)?;
                    Model {
                        name: ty.clone(),
                        docs: docs(None, None, &pointer),
                        kind: ModelKind::Alias(TypeRef::Named(
                            self.component_names[&target].clone(),
                        )),
                    }
                }
                ReferenceOr::Item(schema) => self.lower_model(ty.clone(), schema, &pointer)?,
            };
            self.models.insert(ty, model);
        }
        Ok(())
    }

    pub(super) fn enter(&mut self, pointer: &str) -> Result<()> {
        // A panic from here on is reported as a generator bug at this node.
        crate::guard::processing(pointer);
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::at(
                pointer,
                ErrorKind::Unsupported(format!("schemas nested more than {MAX_DEPTH} levels deep")),
            ));
        }
        Ok(())
    }

    fn finish(
        mut self,
        (
            mut operations,
            servers,
            security_schemes,
            default_security,
            mut request_roots,
            response_roots,
        ): operations::Lowered,
    ) -> Result<Api> {
        // Variants of tagged unions lose the tag property: serde writes and reads it.
        for (name, tag) in std::mem::take(&mut self.strip_tags) {
            if let Some(Model {
                kind: ModelKind::Struct(s),
                ..
            }) = self.models.get_mut(&name)
            {
                s.fields.retain(|f| f.wire != tag);
            }
        }
        self.drop_unreferenced_inline(&operations, &request_roots, &response_roots);
        self.split_by_access(&mut operations, &mut request_roots, &response_roots);
        self.mark_requests(request_roots);
        recursion::box_recursion(&mut self.models);
        self.mark_fixed();
        let info = &self.doc.info;
        let mut api = Api {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone().filter(|d| !d.trim().is_empty()),
            models: self.models.into_values().collect(),
            operations,
            servers,
            security_schemes,
            default_security,
            error_bodies: Vec::new(),
            needs: Needs::default(),
            webhooks: Vec::new(),
        };
        crate::analyze::analyze(&mut api);
        Ok(api)
    }

    /// Drops inline models nothing refers to any more (the tag enums of tagged-union variants,
    /// once their property is stripped). Component schemas always stay: they are the API.
    fn drop_unreferenced_inline(
        &mut self,
        operations: &[crate::ir::Operation],
        requests: &[TypeRef],
        responses: &[TypeRef],
    ) {
        let inline: BTreeSet<TypeName> = self.inline.values().cloned().collect();
        let mut stack: Vec<TypeName> = self.component_names.values().cloned().collect();
        stack.extend(
            requests
                .iter()
                .chain(responses)
                .filter_map(TypeRef::named)
                .cloned(),
        );
        for op in operations {
            stack.extend(op.params_type.iter().cloned());
        }
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(model) = self.models.get(&name) {
                stack.extend(model.kind.refs().into_iter().cloned());
            }
        }
        self.models
            .retain(|name, _| !inline.contains(name) || seen.contains(name));
    }

    /// Fields whose type is a constant (directly or through aliases) need no value from callers.
    fn mark_fixed(&mut self) {
        let mut constants: BTreeSet<TypeName> = self
            .models
            .values()
            .filter(|m| matches!(m.kind, ModelKind::Const(_)))
            .map(|m| m.name.clone())
            .collect();
        // `type A = B` where `B` is a constant: `A` is one too. Each round adds a link of a
        // chain, so the loop ends after the longest chain.
        loop {
            let more: Vec<TypeName> = self
                .models
                .values()
                .filter(|m| !constants.contains(&m.name))
                .filter(|m| matches!(&m.kind, ModelKind::Alias(TypeRef::Named(n)) if constants.contains(n)))
                .map(|m| m.name.clone())
                .collect();
            if more.is_empty() {
                break;
            }
            constants.extend(more);
        }
        for model in self.models.values_mut() {
            if let ModelKind::Struct(s) = &mut model.kind {
                for f in &mut s.fields {
                    f.fixed = matches!(&f.ty, TypeRef::Named(n) if constants.contains(n));
                }
            }
        }
    }

    /// Everything reachable from a request body or parameter gets a constructor and setters.
    fn mark_requests(&mut self, roots: Vec<TypeRef>) {
        let mut stack: Vec<TypeName> = roots.iter().filter_map(TypeRef::named).cloned().collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(model) = self.models.get_mut(&name) else {
                continue;
            };
            stack.extend(model.kind.refs().into_iter().cloned());
            if let ModelKind::Struct(s) = &mut model.kind {
                s.is_request = true;
            }
        }
    }
}
