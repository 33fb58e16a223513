//! Resolution of `$ref`s to component schemas, and the check that a chain of bare `$ref`s
//! ends in a schema.

use openapiv3::{ReferenceOr, Schema};

use super::Lowerer;
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::graph::Graph;
use crate::pointer::unescape;

impl Lowerer<'_> {
    /// The components that are a bare `$ref`, each with an edge to the component it names
    /// (where it names one).
    pub(super) fn ref_graph(&self) -> Graph<String> {
        let mut graph = Graph::new();
        for (name, schema) in self.schemas {
            if let ReferenceOr::Reference { reference } = schema {
                let pointer = push_pointer("/components/schemas", name);
                if let Ok(target) = self.resolve_schema_ref(reference, &pointer) {
                    graph.add_edge(name, &target);
                }
            }
        }
        graph
    }

    /// Checks that the chain of bare `$ref`s from `start` ends in a schema; errors are reported
    /// at `start`, the component whose definition the chain is.
    pub(super) fn follow_ref_chain(
        &self,
        refs: &Graph<String>,
        start: &str,
        pointer: &str,
    ) -> Result<()> {
        let start = start.to_owned();
        if let Some(chain) = refs.find_cycle_from(&start) {
            return Err(Error::at(pointer, ErrorKind::RefCycle(chain.join(" → "))));
        }
        // Each component has at most one edge, so without a cycle the chain is a path; where
        // it stops at a `$ref` rather than a schema, that `$ref` names no component schema.
        let end = refs.reachable(&start).pop().unwrap_or(start);
        if let Some(ReferenceOr::Reference { reference }) = self.schemas.get(&end) {
            self.resolve_schema_ref(reference, pointer)?;
        }
        Ok(())
    }

    /// `#/components/schemas/Name` → `Name`, or a clear error.
    pub(crate) fn resolve_schema_ref(&self, reference: &str, pointer: &str) -> Result<String> {
        let at = push_pointer(pointer, "$ref");
        let Some(local) = reference.strip_prefix('#') else {
            return Err(Error::at(at, ErrorKind::ExternalRef(reference.to_owned())));
        };
        match local.strip_prefix("/components/schemas/") {
            Some(name) => {
                let name = unescape(name);
                if name.contains('/') {
                    return Err(Error::at(
                        at,
                        ErrorKind::Unsupported(format!(
                            "`$ref` {reference:?} points inside a schema; reference a whole component schema"
                        )),
                    ));
                }
                if self.schemas.contains_key(&name) {
                    Ok(name)
                } else {
                    Err(Error::at(at, ErrorKind::DanglingRef(reference.to_owned())))
                }
            }
            None if local.starts_with("/components/") => Err(Error::at(
                at,
                ErrorKind::WrongRef(reference.to_owned(), "schema"),
            )),
            None => Err(Error::at(at, ErrorKind::DanglingRef(reference.to_owned()))),
        }
    }

    /// Follows references to the schema they name.
    pub(super) fn deref_schema(&self, reference: &str, pointer: &str) -> Result<(String, Schema)> {
        let mut name = self.resolve_schema_ref(reference, pointer)?;
        let mut hops = 0;
        loop {
            match &self.schemas[&name] {
                ReferenceOr::Item(s) => return Ok((name, s.clone())),
                ReferenceOr::Reference { reference } => {
                    hops += 1;
                    if hops > self.schemas.len() {
                        return Err(Error::at(pointer, ErrorKind::RefCycle(reference.clone())));
                    }
                    name = self.resolve_schema_ref(
                        reference,
                        &push_pointer("/components/schemas", &name),
                    )?;
                }
            }
        }
    }
}
