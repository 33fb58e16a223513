//! Rejects component schemas that only are, or merge, each other (`$ref`/`allOf` cycles).

use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::graph::Graph;
use crate::pointer::JsonPointer;

/// Rejects component schemas that merge themselves: `A: {$ref: B}` / `B: {$ref: A}`, or
/// `Node: {allOf: [{$ref: Node}, ...]}`. Lowering would follow such a chain until its depth
/// guard, hundreds of frames deep, which overflows a small (2 MiB) thread stack first.
pub(super) fn check_merge_cycles(doc: &Value) -> Result<()> {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Ok(());
    };
    // Edges: the components a schema is, or merges through `allOf` (inline members included).
    let mut graph: Graph<&str> = Graph::new();
    // Every name first, in document order, so the search starts from them in that order.
    for name in schemas.keys() {
        graph.add_node(&name.as_str());
    }
    for (name, schema) in schemas {
        let mut targets = Vec::new();
        let mut stack = vec![schema];
        while let Some(schema) = stack.pop() {
            if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
                targets.extend(component(schemas, r));
            }
            if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
                stack.extend(members.iter());
            }
        }
        graph.add_edges(&name.as_str(), &targets);
    }
    match graph.find_cycle() {
        Some(chain) => Err(Error::at(
            JsonPointer::root()
                .join("components")
                .join("schemas")
                .join(chain.first().copied().unwrap_or_default()),
            ErrorKind::RefCycle(chain.join(" → ")),
        )),
        None => Ok(()),
    }
}

/// The component schema a local `$ref` names, as the key it has in `schemas`.
fn component<'d>(schemas: &'d serde_json::Map<String, Value>, reference: &str) -> Option<&'d str> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    schemas
        .get_key_value(crate::pointer::unescape(name).as_str())
        .map(|(k, _)| k.as_str())
}
