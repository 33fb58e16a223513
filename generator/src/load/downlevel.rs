//! OpenAPI 3.1 and 3.2 (JSON Schema 2020-12) → the OpenAPI 3.0 shape that the parser and
//! `lower` read, so the IR has no per-version cases. Each rewrite keeps the meaning the
//! generated types can hold; what they cannot enforce is written into the schema's docs.
//! Nodes the rewrites create are mapped back to where the author wrote them ([`Origins`]).

use serde_json::{Map, Value};

use super::operations32;
use super::origins::Origins;
use super::walk::{walk_document, Visit};
use crate::error::{Error, ErrorKind, Result};
use crate::pointer::JsonPointer;

/// The dialects that mean "OpenAPI's own JSON Schema": 3.1's and 3.2's base dialects, and
/// plain 2020-12.
const KNOWN_DIALECTS: &[&str] = &[
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://spec.openapis.org/oas/3.1/dialect/2024-11-10",
    "https://spec.openapis.org/oas/3.2/dialect/2025-09-17",
    "https://json-schema.org/draft/2020-12/schema",
];

/// Where a tuple's `prefixItems` go: the 3.0 parser keeps only `x-` keys beyond its own, and
/// the walk treats this one as a list of schemas, so later passes still reach its members.
pub(crate) const PREFIX_ITEMS: &str = "x-codegen-prefix-items";
/// Set (to `true`) beside [`PREFIX_ITEMS`] when the tuple is closed (`items: false`).
pub(crate) const TUPLE_CLOSED: &str = "x-codegen-tuple-closed";
/// Set on a 3.1 schema with `contentMediaType` and no `contentEncoding`: raw bytes of that
/// media type, which a multipart part sends as a file (3.0 said `format: binary`).
pub(crate) const CONTENT_MEDIA_TYPE: &str = "x-codegen-content-media-type";

/// Keywords kept only as documentation, with how the docs describe them.
const DOCUMENTED_ONLY: &[(&str, &str)] = &[
    ("if", "`if`/`then`/`else`"),
    ("dependentRequired", "`dependentRequired`"),
    ("dependentSchemas", "`dependentSchemas`"),
    ("contains", "`contains`"),
    ("minContains", "`minContains`"),
    ("maxContains", "`maxContains`"),
    ("propertyNames", "`propertyNames`"),
    ("unevaluatedItems", "`unevaluatedItems`"),
    ("$dynamicRef", "`$dynamicRef`"),
];

/// Keywords that constrain one JSON type, moved with it when a type list becomes `oneOf`.
fn keyword_type(key: &str) -> Option<&'static str> {
    Some(match key {
        "minLength" | "maxLength" | "pattern" | "contentEncoding" | "contentMediaType" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "properties"
        | "required"
        | "additionalProperties"
        | "patternProperties"
        | "minProperties"
        | "maxProperties"
        | "propertyNames"
        | "unevaluatedProperties" => "object",
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" | "contains" => "array",
        _ => return None,
    })
}

/// Rewrites a 3.1 or 3.2 document into the 3.0 shape.
pub(super) fn downlevel(doc: &mut Value, origins: &mut Origins) -> Result<()> {
    check_document(doc)?;
    operations32::check(doc)?;
    walk_document(doc, &mut Downlevel { origins })
}

/// Document-level 3.1/3.2 features: the dialect, optional `paths`, 3.2 operations.
fn check_document(doc: &mut Value) -> Result<()> {
    let Some(root) = doc.as_object_mut() else {
        return Ok(());
    };
    if let Some(dialect) = root.get("jsonSchemaDialect") {
        if !dialect
            .as_str()
            .is_some_and(|d| KNOWN_DIALECTS.contains(&d))
        {
            return Err(Error::at(
                "/jsonSchemaDialect",
                ErrorKind::Unsupported(format!(
                    "`jsonSchemaDialect` {dialect}: only OpenAPI's own dialect (JSON Schema 2020-12 with the OpenAPI vocabulary) is read"
                )),
            ));
        }
    }
    // `info.version` is required, but one published 3.1 document (Anthropic's) leaves it
    // out; it only ever reaches the crate's docs.
    if let Some(Value::Object(info)) = root.get_mut("info") {
        info.entry("version")
            .or_insert_with(|| Value::String(String::new()));
    }
    // 3.1 made `paths` optional (a document of webhooks or components only).
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    Ok(())
}

/// The keys of a path item that hold an operation.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

struct Downlevel<'a> {
    origins: &'a mut Origins,
}

impl Visit for Downlevel<'_> {
    fn other(&mut self, node: &mut Value, at: &JsonPointer) -> Result<()> {
        // 3.1 made an operation's `responses` optional.
        let method = at.last().is_some_and(|m| METHODS.contains(&m.as_str()))
            || operations32::is_operation(at);
        if let (true, Value::Object(op)) = (method, &mut *node) {
            op.entry("responses")
                .or_insert_with(|| Value::Object(Map::new()));
        }
        if let Value::Object(param) = node {
            operations32::mark_parameter(param);
        }
        Ok(())
    }

    fn schema(&mut self, node: &mut Value, at: &JsonPointer) -> Result<()> {
        if let Value::Bool(admits) = node {
            // `true` admits anything; `false` nothing, which 3.0 spells `not: {}`.
            let mut map = Map::new();
            if !*admits {
                map.insert("not".to_owned(), Value::Object(Map::new()));
            }
            *node = Value::Object(map);
            return Ok(());
        }
        let Value::Object(map) = node else {
            return Ok(());
        };
        // `nullable` and boolean exclusive bounds are gone from 3.1, but real 3.1 documents
        // keep them (6 of the 22 published ones tried); their 3.0 meaning is not in doubt, so
        // they keep it. Only a contradiction with the 3.1 form is an error.
        if map.get("nullable") == Some(&Value::Bool(false)) && admits_null_by_type(map) {
            return Err(Error::at(
                at.join("nullable"),
                ErrorKind::Invalid(
                    "`nullable: false` contradicts the `\"null\"` in this schema's `type` list; `nullable` is OpenAPI 3.0, so drop it and let the type list say whether null is allowed".into(),
                ),
            ));
        }
        // Docs that are not text (`description: {$ref: ...}`) say nothing a type can carry.
        for key in ["description", "title"] {
            if map.get(key).is_some_and(|v| !v.is_string()) {
                map.remove(key);
            }
        }
        check_shapes(map, at)?;
        // `{$ref, type: [object, "null"]}`: the target says what the value is; the list only
        // adds null, as 3.0's `{$ref, nullable: true}` did, and takes that same path below.
        if map.contains_key("$ref") && admits_null_by_type(map) {
            map.remove("type");
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
        if ref_with_siblings(map, at, self.origins) {
            return Ok(());
        }
        let mut nullable = map.remove("nullable") == Some(Value::Bool(true));
        nullable |= types(map, at, self.origins);
        nullable |= null_members(map);
        if nullable {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
        let (mut notes, mut facts) = (Vec::new(), Vec::new());
        keywords(map, at, &mut notes, &mut facts, self.origins);
        default_mapping(map, &mut facts);
        for (key, label) in DOCUMENTED_ONLY {
            if map.contains_key(*key) {
                notes.push((*label).to_owned());
            }
        }
        if !notes.is_empty() {
            facts.push(format!(
                "Not enforced by the generated type: {}.",
                notes.join(", ")
            ));
        }
        if !facts.is_empty() {
            let note = facts.join(" ");
            let text = match map.get("description").and_then(Value::as_str) {
                Some(d) if !d.trim().is_empty() => format!("{}\n\n{note}", d.trim_end()),
                _ => note,
            };
            map.insert("description".to_owned(), Value::String(text));
        }
        Ok(())
    }
}

/// 2020-12 keywords whose value has the wrong JSON shape would otherwise be dropped by the
/// rewrites below, leaving a type that silently ignores what the author wrote.
fn check_shapes(map: &Map<String, Value>, at: &JsonPointer) -> Result<()> {
    let wrong = |key: &str, expected: &str| {
        Err(Error::at(
            at.join(key),
            ErrorKind::Invalid(format!("`{key}` must be {expected}")),
        ))
    };
    match map.get("type") {
        Some(Value::Array(list)) if list.is_empty() || !list.iter().all(Value::is_string) => {
            return wrong("type", "a type name or a non-empty list of type names");
        }
        Some(Value::Array(_) | Value::String(_)) | None => {}
        Some(_) => return wrong("type", "a type name or a list of type names"),
    }
    for (key, expected) in [
        ("prefixItems", "a list of schemas"),
        ("$defs", "a mapping of names to schemas"),
        ("patternProperties", "a mapping of patterns to schemas"),
    ] {
        let fits = match map.get(key) {
            None => true,
            Some(v) if key == "prefixItems" => v.is_array(),
            Some(v) => v.is_object(),
        };
        if !fits {
            return wrong(key, expected);
        }
    }
    Ok(())
}

/// 3.2's discriminator `defaultMapping` names the member for tag values the mapping does not
/// list. The generated tagged enum decodes those into its `Unknown` variant (the raw JSON), so
/// the docs say which schema that JSON follows rather than the keyword vanishing unseen.
fn default_mapping(map: &Map<String, Value>, facts: &mut Vec<String>) {
    let Some(default) = map
        .get("discriminator")
        .and_then(|d| d.get("defaultMapping"))
        .and_then(Value::as_str)
    else {
        return;
    };
    let name = default.rsplit('/').next().unwrap_or(default);
    facts.push(format!(
        "A tag value the mapping does not list is a `{name}` (`defaultMapping`); it decodes as `Unknown`, holding the JSON as sent."
    ));
}

fn admits_null_by_type(map: &Map<String, Value>) -> bool {
    map.get("type")
        .and_then(Value::as_array)
        .is_some_and(|types| types.iter().any(|t| t == "null"))
}

/// `{$ref, description: ...}`: 2020-12 applies siblings of `$ref` too. Docs override the
/// target's; anything else applies as `allOf: [$ref, {siblings}]` would.
fn ref_with_siblings(
    map: &mut Map<String, Value>,
    at: &JsonPointer,
    origins: &mut Origins,
) -> bool {
    if !map.contains_key("$ref") {
        return false;
    }
    let ignorable = |k: &str| {
        k.starts_with("x-")
            || matches!(
                k,
                "$ref" | "$defs" | "$id" | "$anchor" | "$schema" | "$comment"
            )
    };
    if map.keys().all(|k| ignorable(k)) {
        return true;
    }
    let reference = map.remove("$ref").unwrap_or(Value::Null);
    let mut member = Map::new();
    member.insert("$ref".to_owned(), reference);
    let mut all_of = vec![Value::Object(member)];
    let mut rest = Map::new();
    for key in map.keys().cloned().collect::<Vec<_>>() {
        let docs = matches!(
            key.as_str(),
            "description" | "title" | "summary" | "deprecated"
        );
        if !docs && !ignorable(&key) {
            if let Some(v) = map.remove(&key) {
                rest.insert(key, v);
            }
        }
    }
    if let Some(summary) = map.remove("summary") {
        map.entry("title").or_insert(summary);
    }
    origins.record(at.join("allOf").join("0"), None, at.clone());
    if !rest.is_empty() {
        all_of.push(Value::Object(rest));
        origins.record(at.join("allOf").join("1"), None, at.clone());
    }
    map.insert("allOf".to_owned(), Value::Array(all_of));
    // The walk goes on into the new members, which may need rewriting themselves.
    false
}

/// `type` lists and `type: "null"`; returns whether the schema admits null.
fn types(map: &mut Map<String, Value>, at: &JsonPointer, origins: &mut Origins) -> bool {
    let list: Vec<String> = match map.get("type") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(t)) if t == "null" => vec![t.clone()],
        _ => return false,
    };
    let nullable = list.iter().any(|t| t == "null");
    let mut others: Vec<String> = list.into_iter().filter(|t| t != "null").collect();
    others.dedup();
    // `integer` is a `number`: the list says `number`.
    if others.contains(&"number".to_owned()) {
        others.retain(|t| t != "integer");
    }
    match others.as_slice() {
        [] => {
            map.remove("type");
        }
        [one] => {
            map.insert("type".to_owned(), Value::String(one.clone()));
        }
        several => {
            map.remove("type");
            let members: Vec<Value> = several
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    origins.record(at.join("oneOf").join(&i.to_string()), None, at.clone());
                    Value::Object(member_of_type(map, t))
                })
                .collect();
            for key in map.keys().cloned().collect::<Vec<_>>() {
                if keyword_type(&key).is_some() || key == "format" {
                    map.remove(&key);
                }
            }
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.retain(Value::is_null);
                if values.is_empty() {
                    map.remove("enum");
                }
            }
            let slot = if map.contains_key("oneOf") {
                "anyOf"
            } else {
                "oneOf"
            };
            map.insert(slot.to_owned(), Value::Array(members));
        }
    }
    nullable
}

/// The member of a split type list for JSON type `t`: the keywords that constrain it, the
/// formats that fit it and the enum values of its type.
fn member_of_type(map: &Map<String, Value>, t: &str) -> Map<String, Value> {
    let mut member = Map::new();
    member.insert("type".to_owned(), Value::String(t.to_owned()));
    let family = if t == "integer" { "number" } else { t };
    for (key, value) in map {
        if keyword_type(key) == Some(family) {
            member.insert(key.clone(), value.clone());
        }
    }
    if let Some(format) = map.get("format").and_then(Value::as_str) {
        let numeric = matches!(
            format,
            "int32" | "int64" | "uint32" | "uint64" | "float" | "double"
        );
        if (family == "number") == numeric && matches!(family, "number" | "string") {
            member.insert("format".to_owned(), Value::String(format.to_owned()));
        }
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        let fits: Vec<Value> = values
            .iter()
            .filter(|v| match t {
                "string" => v.is_string(),
                "integer" => v.is_i64() || v.is_u64(),
                "number" => v.is_number(),
                "boolean" => v.is_boolean(),
                _ => false,
            })
            .cloned()
            .collect();
        if !fits.is_empty() {
            member.insert("enum".to_owned(), Value::Array(fits));
        }
    }
    member
}

/// Whether a schema admits only `null`.
fn null_only(v: &Value) -> bool {
    match v.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().all(|t| t == "null") && !ts.is_empty(),
        _ => {
            v.get("const").is_some_and(Value::is_null)
                || v.get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.len() == 1 && e[0].is_null())
        }
    }
}

/// `oneOf`/`anyOf` with a `{type: "null"}` member is the nullable form of the rest; one member
/// left is that member itself. Returns whether a null member was removed.
fn null_members(map: &mut Map<String, Value>) -> bool {
    let mut nullable = false;
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !null_only(m));
        if members.len() == before {
            continue;
        }
        nullable = true;
        if members.len() != 1 {
            continue;
        }
        let Some(Value::Array(mut members)) = map.remove(key) else {
            continue;
        };
        let member = members.pop().unwrap_or(Value::Null);
        let disjoint = member
            .as_object()
            .is_some_and(|m| !m.contains_key("$ref") && m.keys().all(|k| !map.contains_key(k)));
        match member {
            Value::Object(m) if disjoint => map.extend(m),
            other if !map.contains_key("allOf") => {
                map.insert("allOf".to_owned(), Value::Array(vec![other]));
            }
            other => {
                map.insert(key.to_owned(), Value::Array(vec![other]));
            }
        }
    }
    nullable
}

/// The keyword-by-keyword rewrites; `notes` collects the constraints the type does not
/// enforce, `facts` other things only the docs can say.
fn keywords(
    map: &mut Map<String, Value>,
    at: &JsonPointer,
    notes: &mut Vec<String>,
    facts: &mut Vec<String>,
    origins: &mut Origins,
) {
    if let Some(value) = map.remove("const") {
        // A constant object or array has no Rust constant to become: the field holds any JSON
        // value, and the docs say which one it must be.
        if value.is_object() || value.is_array() {
            notes.push(format!("`const: {value}`"));
            return keywords_after_const(map, at, notes, facts, origins);
        }
        // `const: 2` alone says its type by its value; 3.0's `enum` needs it said.
        let typ = match &value {
            Value::String(_) => Some("string"),
            Value::Number(n) if n.is_f64() => Some("number"),
            Value::Number(_) => Some("integer"),
            Value::Bool(_) => Some("boolean"),
            _ => None,
        };
        if let (Some(typ), false) = (typ, map.contains_key("type")) {
            map.insert("type".to_owned(), Value::String(typ.to_owned()));
        }
        if !map.contains_key("enum") {
            map.insert("enum".to_owned(), Value::Array(vec![value]));
            origins.record(at.join("enum"), None, at.join("const"));
        }
    }
    keywords_after_const(map, at, notes, facts, origins);
}

/// The rewrites of [`keywords`] that do not depend on `const`.
fn keywords_after_const(
    map: &mut Map<String, Value>,
    at: &JsonPointer,
    notes: &mut Vec<String>,
    facts: &mut Vec<String>,
    origins: &mut Origins,
) {
    if !map.contains_key("example") {
        if let Some(first) = map
            .get("examples")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            let first = first.clone();
            map.insert("example".to_owned(), first);
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if map.get(exclusive).is_some_and(Value::is_number) {
            if let Some(value) = map.remove(exclusive) {
                map.insert(bound.to_owned(), value);
                map.insert(exclusive.to_owned(), Value::Bool(true));
            }
        }
    }
    let is_string = map.get("type").and_then(Value::as_str) == Some("string");
    if is_string
        && !map.contains_key("format")
        && map.get("contentEncoding").and_then(Value::as_str) == Some("base64")
    {
        map.insert("format".to_owned(), Value::String("byte".to_owned()));
    }
    if let Some(media) = map.get("contentMediaType").and_then(Value::as_str) {
        facts.push(format!("The content's media type is `{media}`."));
        if !map.contains_key("contentEncoding") {
            let media = Value::String(media.to_owned());
            map.insert(CONTENT_MEDIA_TYPE.to_owned(), media);
        }
    }
    let closed = map.get("items") == Some(&Value::Bool(false));
    if closed {
        map.remove("items");
    }
    match map.remove("prefixItems") {
        // A tuple: `lower` types each position (see `PREFIX_ITEMS`).
        Some(Value::Array(prefix)) if !prefix.is_empty() => {
            map.insert(PREFIX_ITEMS.to_owned(), Value::Array(prefix));
            origins.record(at.join(PREFIX_ITEMS), None, at.join("prefixItems"));
            if closed {
                map.insert(TUPLE_CLOSED.to_owned(), Value::Bool(true));
            }
            map.entry("type")
                .or_insert_with(|| Value::String("array".to_owned()));
        }
        // No positions: what follows them is the whole array.
        _ if closed => {
            notes.push("`items: false` (an empty array)".to_owned());
        }
        _ => {}
    }
    if let Some(Value::Object(patterns)) = map.remove("patternProperties") {
        let keys: Vec<String> = patterns.keys().map(|p| format!("`{p}`")).collect();
        notes.push(format!("property names match {}", keys.join(" or ")));
        if !map.contains_key("additionalProperties") {
            let value = match patterns.into_iter().collect::<Vec<_>>().as_slice() {
                [(pattern, schema)] => {
                    origins.record(
                        at.join("additionalProperties"),
                        None,
                        at.join("patternProperties").join(pattern),
                    );
                    schema.clone()
                }
                _ => Value::Object(Map::new()),
            };
            map.insert("additionalProperties".to_owned(), value);
        }
    }
    if map.get("unevaluatedProperties") == Some(&Value::Bool(false))
        && !map.contains_key("additionalProperties")
    {
        notes.push("`unevaluatedProperties: false` (unknown keys are accepted and dropped)".into());
    }
}
