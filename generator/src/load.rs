//! Stage 1, `load`: bytes of YAML or JSON → `openapiv3::OpenAPI`, rejecting what is not an
//! OpenAPI 3.0 document with an error that says where and why.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{push_pointer, Error, ErrorKind, Result};

/// Parses a YAML or JSON OpenAPI 3.0 document.
pub fn load(bytes: &[u8]) -> Result<OpenAPI> {
    let value = parse_value(bytes)?;
    check_version(&value)?;
    check_schema_types(&value, "")?;
    check_merge_cycles(&value)?;
    let value = drop_unrepresentable_bounds(value);
    // Decoding consumes the JSON tree, freeing it as the typed document is built; an error
    // (rare) parses the bytes again to see whether it may quote a secret.
    on_big_stack("the OpenAPI decoder", move || {
        serde_path_to_error::deserialize::<_, OpenAPI>(value).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let mut message = e.into_inner().to_string();
            let sensitive = parse_value(bytes)
                .map(|v| touches_sensitive(&drop_unrepresentable_bounds(v), &pointer))
                .unwrap_or(true);
            if sensitive {
                message = redact_quoted(&message);
            }
            Error::at(pointer, ErrorKind::Invalid(message))
        })
    })
}

/// Whether the node at `pointer`, one of its ancestors or anything inside it is marked
/// `x-sensitive`: then a decoder message must not quote values from it (an `example` or
/// `default` there may be a real secret pasted into the spec).
fn touches_sensitive(doc: &Value, pointer: &str) -> bool {
    let marked = |v: &Value| v.get("x-sensitive") == Some(&Value::Bool(true));
    let mut node = doc;
    if marked(node) {
        return true;
    }
    for raw in pointer.split('/').skip(1) {
        let token = raw.replace("~1", "/").replace("~0", "~");
        let next = match node {
            Value::Object(m) => m.get(&token),
            Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        };
        let Some(next) = next else { break };
        node = next;
        if marked(node) {
            return true;
        }
    }
    let mut stack = vec![node];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if marked(v) {
                    return true;
                }
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    false
}

/// Replaces every `"quoted"` (and `` `backquoted` `` value) in a serde message.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = &rest[open..open + 1];
        let Some(len) = rest[open + 1..].find(quote) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(quote);
        out.push_str("[redacted]");
        out.push_str(quote);
        rest = &rest[open + 1 + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Stack for decoding the document into `openapiv3` types: serde's untagged enums take
/// several large frames per level, so the parser's 128 levels need about 3 MiB in a debug
/// build, more than a 2 MiB test or worker thread has. Only touched pages are committed.
const DECODE_STACK: usize = 64 << 20;

/// Runs `f` on a thread with [`DECODE_STACK`] of stack (or here, if no thread can be made).
/// `what` names the step in the error a panic inside it becomes.
pub(crate) fn on_big_stack<T: Send>(what: &str, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let f = std::sync::Mutex::new(Some(f));
    let run = || f.lock().ok().and_then(|mut g| g.take()).map(|f| f());
    let spawned = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(DECODE_STACK)
            .spawn_scoped(s, run)
            .map(|h| h.join())
    });
    let outcome = match spawned {
        Ok(Ok(outcome)) => outcome,
        // A panic is reported as an error on this document rather than taking the caller down.
        Ok(Err(_)) => Some(Err(Error::at(
            "",
            ErrorKind::Invalid(format!("{what} failed on this document")),
        ))),
        Err(_) => run(),
    };
    outcome.unwrap_or_else(|| {
        Err(Error::at(
            "",
            ErrorKind::Invalid(format!("{what} did not run")),
        ))
    })
}

/// Parses bytes as YAML (a superset of JSON) into a JSON value.
pub fn parse_value(bytes: &[u8]) -> Result<Value> {
    if bytes.contains(&0) {
        return Err(Error::at("", ErrorKind::Binary));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Error::at("", ErrorKind::Binary))?;
    if text.trim().is_empty() {
        return Err(Error::at("", ErrorKind::Empty));
    }
    check_flow_depth(text)?;
    // JSON is YAML, but not every JSON document is one the YAML parser accepts (surrogate
    // pair escapes, C1 control characters): JSON goes through the JSON parser.
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('{') {
        return serde_json::from_str(body).map_err(|e| {
            let kind = if e.to_string().starts_with("recursion limit exceeded") {
                too_deep()
            } else {
                let message = e.to_string();
                ErrorKind::Syntax(
                    message
                        .split(" at line ")
                        .next()
                        .unwrap_or(&message)
                        .to_owned(),
                )
            };
            Error {
                line: Some(e.line().max(1)),
                ..Error::at("", kind)
            }
        });
    }
    let YamlJson(value) = serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        // serde_yaml's message repeats the position; ours goes in front instead.
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        let lines = text.lines().count().max(1);
        // An error at the end of the file is reported one past its last line; clamp it.
        let mut line = line.map(|l| l.min(lines));
        let kind = if message.starts_with("recursion limit exceeded") {
            too_deep()
        } else if message.starts_with("repetition limit exceeded") {
            ErrorKind::Syntax(
                "`*alias` references expand to too many nodes (the parser's guard against alias bombs)".into(),
            )
        } else {
            if let Some(key) = message
                .strip_prefix("duplicate entry with key ")
                .and_then(|k| serde_json::from_str::<String>(k).ok())
            {
                // serde_yaml reports the mapping; the repeated key is more useful.
                line = duplicate_key_line(text, &key).or(line);
            }
            ErrorKind::Syntax(message)
        };
        Error {
            line,
            ..Error::at("", kind)
        }
    })?;
    Ok(value)
}

/// Whether a (left-trimmed) YAML or JSON line starts with the mapping key `key`, bare or
/// quoted: `key:`, `"key":` or `'key':`.
fn starts_with_key(line: &str, key: &str) -> bool {
    let bare = |l: &str| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
    };
    bare(line)
        || ['"', '\''].into_iter().any(|q| {
            line.strip_prefix(q)
                .and_then(|l| l.strip_prefix(key))
                .and_then(|l| l.strip_prefix(q))
                .is_some_and(|rest| rest.starts_with(':'))
        })
}

/// The line of the second `key:` at the indentation of the first, best effort.
fn duplicate_key_line(text: &str, key: &str) -> Option<usize> {
    let mut first_indent = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if !starts_with_key(trimmed, key) {
            continue;
        }
        match first_indent {
            None => first_indent = Some(indent),
            Some(first) if first == indent => return Some(i + 1),
            Some(_) => {}
        }
    }
    None
}

/// How deeply the YAML parser (serde_yaml) lets lists and mappings nest; deeper documents
/// are rejected with [`too_deep`] rather than risking the stack.
pub const MAX_NESTING: usize = 128;

fn too_deep() -> ErrorKind {
    ErrorKind::Syntax(format!(
        "lists and mappings nested more than {MAX_NESTING} levels deep (the parser's limit)"
    ))
}

/// Rejects flow-style (`[`/`{`, so also JSON) nesting past [`MAX_NESTING`] before parsing:
/// libyaml's scanner is quadratic in flow depth, so 100,000 `[`s would otherwise hang it for
/// minutes before serde_yaml's own limit is ever checked. Quoted strings and comments are
/// skipped; a stray bracket in a plain scalar can only make the count err by one.
fn check_flow_depth(text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut line = 1usize;
    let mut prev = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => line += 1,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Error {
                        line: Some(line),
                        ..Error::at("", too_deep())
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            // A quote opens a quoted scalar only where a scalar can start.
            b'"' | b'\'' if matches!(prev, b' ' | b'\t' | b'\n' | b'[' | b'{' | b',' | b':') => {
                i += 1;
                while i < bytes.len() && bytes[i] != b {
                    if bytes[i] == b'\n' {
                        line += 1;
                    }
                    if b == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'#' if matches!(prev, b' ' | b'\t' | b'\n') => {
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                    i += 1;
                }
            }
            _ => {}
        }
        prev = bytes.get(i).copied().unwrap_or(b' ');
        i += 1;
    }
    Ok(())
}

/// A JSON value read straight from YAML, in one pass: keys become strings (`200:` is a number
/// in YAML), integers beyond 64 bits become floats (as a JSON parser reads them), tags are
/// dropped, and a repeated key is an error.
struct YamlJson(Value);

impl<'de> serde::Deserialize<'de> for YamlJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor).map(YamlJson)
    }
}

struct ValueVisitor;

fn float<E: serde::de::Error>(f: f64) -> std::result::Result<Value, E> {
    serde_json::Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| E::custom(format!("{f} is not a number JSON can hold")))
}

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> std::result::Result<Value, E> {
        float(v as f64)
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> std::result::Result<Value, E> {
        float(v as f64)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Value, E> {
        float(v)
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(YamlJson(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Value, A::Error> {
        use serde::de::Error as _;
        let mut out = serde_json::Map::new();
        while let Some(YamlKey(key)) = map.next_key()? {
            let YamlJson(value) = map.next_value()?;
            if out.contains_key(&key) {
                let quoted = serde_json::to_string(&key).unwrap_or_default();
                return Err(A::Error::custom(format!(
                    "duplicate entry with key {quoted}"
                )));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(
        self,
        data: A,
    ) -> std::result::Result<Value, A::Error> {
        use serde::de::VariantAccess as _;
        // A `!tag value`: the tag means nothing to OpenAPI; keep the value.
        let (_tag, variant): (String, _) = data.variant()?;
        variant.newtype_variant::<YamlJson>().map(|v| v.0)
    }
}

/// A mapping key as a string.
struct YamlKey(String);

impl<'de> serde::Deserialize<'de> for YamlKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        match d.deserialize_any(ValueVisitor)? {
            Value::String(s) => Ok(YamlKey(s)),
            Value::Null => Ok(YamlKey("null".to_owned())),
            Value::Array(_) | Value::Object(_) => Err(serde::de::Error::custom(
                "a mapping key is itself a list or mapping",
            )),
            other => Ok(YamlKey(other.to_string())),
        }
    }
}

/// Integer bounds beyond 64 bits (`maximum: 18446744073709552000`) are valid JSON Schema but
/// fit no Rust integer the parsed document can hold; they constrain nothing we generate, so
/// they are dropped rather than failing the whole spec.
fn drop_unrepresentable_bounds(mut value: Value) -> Value {
    fn walk(node: &mut Value) {
        match node {
            Value::Object(map) => {
                if map.get("type").and_then(Value::as_str) == Some("integer") {
                    for key in ["minimum", "maximum", "multipleOf"] {
                        if map
                            .get(key)
                            .is_some_and(|v| v.is_number() && v.as_i64().is_none())
                        {
                            map.remove(key);
                        }
                    }
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}

fn check_version(doc: &Value) -> Result<()> {
    let Some(root) = doc.as_object() else {
        return Err(Error::at(
            "",
            ErrorKind::NotOpenApi("the top level is not a mapping".into()),
        ));
    };
    if let Some(v) = root.get("swagger") {
        return Err(Error::at(
            "/swagger",
            ErrorKind::Version(format!(
                "Swagger {} (OpenAPI 2.0); convert it to OpenAPI 3.0 first",
                v.as_str().unwrap_or("?")
            )),
        ));
    }
    let Some(version) = root.get("openapi") else {
        return Err(Error::at(
            "",
            ErrorKind::NotOpenApi("there is no `openapi` version field".into()),
        ));
    };
    let version = match version {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if version.starts_with("3.0") {
        Ok(())
    } else if version.starts_with("3.1") {
        Err(Error::at(
            "/openapi",
            ErrorKind::Version(format!(
                "OpenAPI {version}: 3.1 is not supported, only 3.0.x"
            )),
        ))
    } else {
        Err(Error::at(
            "/openapi",
            ErrorKind::Version(format!("OpenAPI {version}: only 3.0.x is supported")),
        ))
    }
}

/// Rejects 3.1-style `type: [string, "null"]` with a message that says so; without this the
/// document fails deep inside an untagged enum with no hint of the cause.
fn check_schema_types(node: &Value, pointer: &str) -> Result<()> {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                let child = push_pointer(pointer, k);
                if k == "type" && v.is_array() {
                    return Err(Error::at(
                        child,
                        ErrorKind::Invalid(
                            "`type` must be a single string in OpenAPI 3.0; a list of types is 3.1 syntax (use `nullable: true`)".into(),
                        ),
                    ));
                }
                // Examples and extensions are free-form JSON, not schemas.
                if k == "example" || k == "examples" || k.starts_with("x-") {
                    continue;
                }
                check_schema_types(v, &child)?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_schema_types(v, &push_pointer(pointer, &i.to_string()))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Rejects component schemas that merge themselves: `A: {$ref: B}` / `B: {$ref: A}`, or
/// `Node: {allOf: [{$ref: Node}, ...]}`. Lowering would follow such a chain until its depth
/// guard, hundreds of frames deep, which overflows a small (2 MiB) thread stack first.
fn check_merge_cycles(doc: &Value) -> Result<()> {
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
            .get(name.replace("~1", "/").replace("~0", "~").as_str())
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
                        push_pointer("/components/schemas", names[to]),
                        ErrorKind::RefCycle(chain.join(" → ")),
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out = push_pointer(&out, &index.to_string()),
            Segment::Map { key } => out = push_pointer(&out, key),
            Segment::Enum { variant } => out = push_pointer(&out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

/// Finds the 1-based line of the node at `pointer` in YAML or pretty-printed JSON text, by
/// following the pointer's keys through increasing indentation. Best effort: `None` when the
/// layout defeats it (flow style, one-line JSON).
pub fn line_of(text: &str, pointer: &str) -> Option<usize> {
    if pointer.is_empty() {
        return None;
    }
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|raw| raw.replace("~1", "/").replace("~0", "~"))
        .collect();
    // A document that is one JSON (or flow YAML) value: scan it as such.
    let first = text.trim_start();
    if first.starts_with('{') {
        let offset = text.len() - first.len();
        return flow_find(text, offset, &tokens).map(|at| line_at(text, at));
    }
    let lines: Vec<&str> = text.lines().collect();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut start = 0usize;
    let mut parent_indent: Option<usize> = None;
    let mut found: Option<usize> = None;
    for (depth, token) in tokens.iter().enumerate() {
        let mut hit = None;
        if let Ok(index) = token.parse::<usize>() {
            // A list item: the index-th `- ` at the first deeper indentation.
            let mut count = 0usize;
            let mut item_indent = None;
            for (i, line) in lines.iter().enumerate().skip(start) {
                let indent = line.len() - line.trim_start().len();
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                if i > start
                    && parent_indent.is_some_and(|p| indent <= p)
                    && !trimmed.starts_with("- ")
                {
                    break;
                }
                if (trimmed.starts_with("- ") || trimmed == "-")
                    && *item_indent.get_or_insert(indent) == indent
                {
                    if count == index {
                        hit = Some((i, indent + 1));
                        break;
                    }
                    count += 1;
                }
            }
        }
        if hit.is_none() {
            let token = token.as_str();
            for (i, line) in lines.iter().enumerate().skip(start) {
                let indent = line.len() - line.trim_start().len();
                let trimmed = line.trim_start().trim_start_matches("- ");
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                if i > start && parent_indent.is_some_and(|p| indent <= p) {
                    break;
                }
                if starts_with_key(trimmed, token) {
                    hit = Some((i, indent));
                    break;
                }
            }
        }
        let Some((i, indent)) = hit else {
            // The parent's value may be written in flow style (`info: {title: t}`) on its
            // line: follow the rest of the pointer through it.
            let parent = found? - 1;
            let line = lines.get(parent)?;
            let colon = flow_value_start(line)?;
            let at = flow_find(text, line_starts.get(parent)? + colon, &tokens[depth..])?;
            return Some(line_at(text, at));
        };
        found = Some(i + 1);
        start = i + 1;
        parent_indent = Some(indent);
    }
    found
}

/// 1-based line of byte offset `at`.
fn line_at(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Where a flow value (`{` or `[`) begins on a `key: {...}` line, if it does.
fn flow_value_start(line: &str) -> Option<usize> {
    let colon = line.find(": ")?;
    let rest = &line[colon + 1..];
    let value = rest.trim_start();
    (value.starts_with('{') || value.starts_with('[')).then(|| colon + 1 + rest.len() - value.len())
}

/// Follows `tokens` through the JSON or flow-YAML value starting at byte `at`; returns the
/// offset of the key (or item) the last token names. Iterative, so no input can exhaust the
/// stack.
fn flow_find(text: &str, mut at: usize, tokens: &[String]) -> Option<usize> {
    let b = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
            i += 1;
        }
        i
    };
    // End of the scalar, string or nested collection starting at `i`.
    let skip_value = |mut i: usize| -> usize {
        let mut depth = 0usize;
        while i < b.len() {
            match b[i] {
                q @ (b'"' | b'\'') => {
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += if q == b'"' && b[i] == b'\\' { 2 } else { 1 };
                    }
                }
                b'[' | b'{' => depth += 1,
                b']' | b'}' if depth == 0 => return i,
                b']' | b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                b',' if depth == 0 => return i,
                _ => {}
            }
            i += 1;
        }
        i
    };
    let mut result = None;
    for token in tokens {
        at = skip_ws(at);
        let open = *b.get(at)?;
        at += 1;
        if open == b'[' {
            let index: usize = token.parse().ok()?;
            for _ in 0..index {
                at = skip_ws(at);
                let next = skip_value(at);
                if next == at {
                    // A stray closing bracket: the pointer does not fit this text.
                    return None;
                }
                at = next;
            }
            at = skip_ws(at);
            if b.get(at) == Some(&b']') {
                return None;
            }
            result = Some(at);
        } else if open == b'{' {
            loop {
                at = skip_ws(at);
                let key_start = at;
                let key = match *b.get(at)? {
                    b'}' => return None,
                    q @ (b'"' | b'\'') => {
                        let end = at + 1 + text.get(at + 1..)?.find(q as char)?;
                        at = end + 1;
                        &text[key_start + 1..end]
                    }
                    _ => {
                        let end = at + text.get(at..)?.find(':')?;
                        at = end;
                        text[key_start..end].trim()
                    }
                };
                at = skip_ws(at);
                if b.get(at) != Some(&b':') {
                    return None;
                }
                at += 1;
                if key == token {
                    result = Some(key_start);
                    break;
                }
                at = skip_value(skip_ws(at));
            }
        } else {
            return None;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_of_nested_keys() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n";
        assert_eq!(line_of(text, "/paths/~1a/get"), Some(4));
        assert_eq!(line_of(text, "/components/schemas/A/type"), Some(9));
        assert_eq!(line_of(text, "/components/schemas/B"), None);
    }

    #[test]
    fn finds_lines_in_json_and_flow_style() {
        let json = "{\"openapi\": \"3.0.3\",\n \"paths\": {\"/a\": {\"get\": {}}},\n \"components\": {\"schemas\": {\"A\": {\"type\": [\"string\", \"null\"]}}}}";
        assert_eq!(line_of(json, "/components/schemas/A/type"), Some(3));
        assert_eq!(line_of(json, "/paths/~1a/get"), Some(2));
        assert_eq!(line_of(json, "/components/schemas/B"), None);
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\ntags:\n  - [a, {b: 1}]\n";
        assert_eq!(line_of(yaml, "/info/version"), Some(2));
        assert_eq!(line_of(yaml, "/tags/0/1/b"), None);
    }

    #[test]
    fn deep_flow_nesting_fails_fast_naming_the_limit() {
        let deep = format!(
            "openapi: 3.0.3\nx: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let started = std::time::Instant::now();
        let err = load(deep.as_bytes()).expect_err("too deep");
        assert!(err.to_string().contains("128 levels"), "{err}");
        assert_eq!(err.line, Some(2));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // Brackets inside quoted strings and comments are not nesting.
        let quoted = format!(
            "openapi: 3.0.3\nx: '{}' # {}\n",
            "[".repeat(200),
            "{".repeat(200)
        );
        assert!(check_flow_depth(&quoted).is_ok());
    }

    #[test]
    fn decoder_messages_do_not_quote_sensitive_values() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    P:\n      type: object\n      properties:\n        ssn:\n          type: string\n          x-sensitive: true\n          minLength: SECRET-123-45-6789\n";
        let err = load(spec.as_bytes()).expect_err("bad enum");
        assert!(!err.to_string().contains("SECRET"), "{err}");
        assert!(err.to_string().contains("[redacted]"), "{err}");
        assert_eq!(
            redact_quoted("invalid type: string \"x\", expected `y`"),
            "invalid type: string \"[redacted]\", expected `[redacted]`"
        );
    }

    #[test]
    fn keys_match_bare_and_quoted_only_whole() {
        for line in ["type: x", "\"type\": 1", "'type': y", "type:"] {
            assert!(starts_with_key(line, "type"), "{line}");
        }
        for line in ["typex: 1", "\"type: 1", "'type\": 1", "types:"] {
            assert!(!starts_with_key(line, "type"), "{line}");
        }
    }

    #[test]
    fn finds_lines_of_list_items() {
        let text = "a:\n  - x: 1\n  - x: 2\n    y: 3\n";
        assert_eq!(line_of(text, "/a/1/y"), Some(4));
    }

    #[test]
    fn rejects_non_openapi_input() {
        assert!(matches!(load(b"").unwrap_err().kind, ErrorKind::Empty));
        assert!(matches!(
            load(b"\0\x01").unwrap_err().kind,
            ErrorKind::Binary
        ));
        assert!(matches!(
            load(b"a: [").unwrap_err().kind,
            ErrorKind::Syntax(_)
        ));
        assert!(matches!(
            load(b"- 1").unwrap_err().kind,
            ErrorKind::NotOpenApi(_)
        ));
        assert!(matches!(
            load(b"swagger: '2.0'").unwrap_err().kind,
            ErrorKind::Version(_)
        ));
        assert!(matches!(
            load(b"openapi: 3.1.0").unwrap_err().kind,
            ErrorKind::Version(_)
        ));
    }

    #[test]
    fn numeric_keys_become_strings() {
        let doc = load(b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n").expect("loads");
        assert_eq!(doc.paths.paths.len(), 1);
    }
}
