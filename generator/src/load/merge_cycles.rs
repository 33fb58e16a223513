//! Rejects component schemas that only are, or merge, each other (`$ref`/`allOf` cycles).

use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
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
    let names: Vec<&String> = schemas.keys().collect();
    // A map, not a scan per `$ref`: the scan made this quadratic in the number of schemas.
    let positions: std::collections::HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let index = |r: &str| -> Option<usize> {
        let name = r.strip_prefix("#/components/schemas/")?;
        positions
            .get(crate::pointer::unescape(name).as_str())
            .copied()
    };
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|name| {
            let mut out = Vec::new();
            let mut stack = vec![&schemas[name.as_str()]];
            while let Some(schema) = stack.pop() {
                if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
                    out.extend(index(r));
                }
                if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
                    stack.extend(members.iter());
                }
            }
            out
        })
        .collect();
    // Iterative depth-first search; `state` 1 = on the current path, 2 = done.
    let mut state = vec![0u8; names.len()];
    for root in 0..names.len() {
        if state[root] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(&to) = edges[node].get(*next) else {
                state[node] = 2;
                path.pop();
                continue;
            };
            *next += 1;
            match state[to] {
                0 => {
                    state[to] = 1;
                    path.push((to, 0));
                }
                1 => {
                    let from = path.iter().position(|&(n, _)| n == to).unwrap_or(0);
                    let mut chain: Vec<&str> = path[from..]
                        .iter()
                        .map(|&(n, _)| names[n].as_str())
                        .collect();
                    chain.push(names[to].as_str());
                    return Err(Error::at(
                        JsonPointer::root()
                            .join("components")
                            .join("schemas")
                            .join(names[to]),
                        ErrorKind::RefCycle(chain.join(" → ")),
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}
