//! OpenAPI 3.2 `itemSchema`: the schema of each item of a sequential media type, rewritten
//! into the shape `lower` reads (the parser knows only `schema`).
//!
//! - JSON Lines and JSON text sequences (`application/jsonl`, `application/x-ndjson`,
//!   `application/json-seq`): `itemSchema` is each line's schema, which `lower` already takes
//!   `schema` to be for these media types, so it moves there.
//! - `text/event-stream`: `itemSchema` describes each event as an object with `event`,
//!   `data`, `id` and `retry`, where `data` is a string, often JSON text described by
//!   `contentMediaType` and `contentSchema`. The schema of the decoded `data` becomes
//!   `schema`, as 3.0 and 3.1 specs write it. When the schema's `oneOf` (or `anyOf`) members
//!   each fix `event` to one name, the events are told apart by name: the list of names and
//!   data schemas goes into [`EVENT_KINDS`] for `lower`, which emits an enum of them.
//! - Anything else (`multipart/mixed`, a request body streamed as JSON Lines): the item
//!   schema is not read, and the body stays bytes (a `Download` or an `Upload`).
//!
//! In a 3.2 document, `schema` on a sequential media type describes the whole stream as an
//! array: without an `itemSchema`, its `items` are read as one. (3.0 and 3.1 specs write
//! the item's schema in `schema`, which `lower` reads as such.)

use serde_json::{json, Map, Value};

use super::origins::Origins;
use super::walk::{walk_document, Visit};
use crate::error::Result;
use crate::pointer::JsonPointer;

/// The media type extension holding the events of a stream told apart by name: a list of
/// `{event, schema, at}`, `schema` the decoded data's (absent for text), `at` where the spec
/// declares it. Only the generator writes it, after every reference was made local.
pub const EVENT_KINDS: &str = "x-codegen-event-kinds";

/// Rewrites every media type with an `itemSchema`; with `whole_streams` (a 3.2 document),
/// also those whose `schema` is an array of items.
pub(super) fn rewrite(doc: &mut Value, origins: &mut Origins, whole_streams: bool) -> Result<()> {
    let mut finder = Finder {
        media: Vec::new(),
        whole_streams,
    };
    walk_document(doc, &mut finder)?;
    for at in finder.media {
        let item_at = match at.join("itemSchema").resolve(doc) {
            Some(_) => at.join("itemSchema"),
            None => match array_items(doc, &at.join("schema")) {
                Some(items) => items,
                None => continue,
            },
        };
        let Some(item) = item_at.resolve(doc).cloned() else {
            continue;
        };
        let (schema, kinds) = match sequence(&at).unwrap_or(Sequence::Other) {
            Sequence::Json => (Some((item, item_at)), None),
            Sequence::Events => match events(doc, &item, &item_at) {
                Events::One(data) => (Some(data.unwrap_or_else(|| text(&item_at))), None),
                Events::Kinds(kinds) => (None, Some(kinds)),
            },
            Sequence::Other => continue,
        };
        let Some(Value::Object(node)) = doc.pointer_mut(at.as_str()) else {
            continue;
        };
        node.remove("itemSchema");
        if let Some((schema, from)) = schema {
            node.insert("schema".to_owned(), schema);
            origins.record(at.join("schema"), None, from);
        }
        if let Some(kinds) = kinds {
            node.remove("schema");
            node.insert(EVENT_KINDS.to_owned(), kinds);
        }
    }
    Ok(())
}

/// What kind of sequence a media type is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sequence {
    /// JSON Lines or JSON text sequences.
    Json,
    /// `text/event-stream`.
    Events,
    /// Another media type (`multipart/mixed` is sequential, but read as bytes).
    Other,
}

/// The kind of sequence of the media type object at `at` (its key is the media type).
fn sequence(at: &JsonPointer) -> Option<Sequence> {
    let media = at.last()?;
    let essence = media.split(';').next()?.trim().to_ascii_lowercase();
    Some(match essence.as_str() {
        "application/jsonl"
        | "application/x-ndjson"
        | "application/x-jsonlines"
        | "application/jsonlines"
        | "application/json-seq" => Sequence::Json,
        "text/event-stream" => Sequence::Events,
        _ => Sequence::Other,
    })
}

/// Media type objects (values of a `content` map) that have an `itemSchema`, or in a 3.2
/// document a sequential one whose `schema` is an array.
struct Finder {
    media: Vec<JsonPointer>,
    whole_streams: bool,
}

impl Visit for Finder {
    fn schema(&mut self, _: &mut Value, _: &JsonPointer) -> Result<()> {
        Ok(())
    }

    fn other(&mut self, node: &mut Value, at: &JsonPointer) -> Result<()> {
        let tokens: Vec<String> = at.tokens().collect();
        let in_content =
            tokens.len() >= 2 && tokens.get(tokens.len() - 2).is_some_and(|t| t == "content");
        if !in_content {
            return Ok(());
        }
        // Whether `schema` is an array is known once references can be followed.
        let whole = self.whole_streams
            && node.get("schema").is_some()
            && sequence(at).is_some_and(|s| s != Sequence::Other);
        if node.get("itemSchema").is_some() || whole {
            self.media.push(at.clone());
        }
        Ok(())
    }
}

/// A schema and where the spec declares it.
type Located = (Value, JsonPointer);

/// What an event stream's `itemSchema` says about the events' `data`.
enum Events {
    /// One schema for every event's decoded `data`; `None` for text.
    One(Option<Located>),
    /// A `[{event, schema, at}]` list, one entry per event name (see [`EVENT_KINDS`]).
    Kinds(Value),
}

/// The string schema that means "the data as text", placed at the media type.
fn text(at: &JsonPointer) -> Located {
    (json!({"type": "string"}), at.join("itemSchema"))
}

fn events(doc: &Value, item: &Value, at: &JsonPointer) -> Events {
    let base = parts(doc, item, at);
    let base_data = data_of(&base);
    let members = base.iter().find_map(|(part, part_at)| {
        ["oneOf", "anyOf"].iter().find_map(|key| {
            let list = part.get(*key)?.as_array()?;
            Some((list, part_at.join(key)))
        })
    });
    let Some((members, members_at)) = members else {
        return Events::One(decoded(doc, &base_data));
    };
    let mut named = Vec::new();
    let mut datas = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let member = parts(doc, member, &members_at.join(&i.to_string()));
        // A member's `data` keywords apply together with the base schema's.
        let mut data = data_of(&member);
        data.extend(base_data.iter().cloned());
        named.push(member.iter().find_map(|(part, _)| event_name(doc, part)));
        datas.push(decoded(doc, &data));
    }
    let names: Vec<&String> = named.iter().flatten().collect();
    let distinct = names
        .iter()
        .enumerate()
        .all(|(i, n)| !names.iter().take(i).any(|m| m == n));
    if names.len() == named.len() && distinct {
        let kinds = names.iter().zip(datas).map(|(event, data)| {
            let mut entry = Map::new();
            entry.insert("event".to_owned(), Value::String((*event).clone()));
            if let Some((schema, at)) = data {
                entry.insert("schema".to_owned(), schema);
                entry.insert("at".to_owned(), Value::String(at.into_string()));
            }
            Value::Object(entry)
        });
        return Events::Kinds(Value::Array(kinds.collect()));
    }
    // Members not told apart by name: the data is whichever of their schemas fits.
    let mut unique: Vec<Located> = Vec::new();
    for data in datas {
        match data {
            // One member's data is text: so is every event's.
            None => return Events::One(None),
            Some(d) if !unique.iter().any(|u| u.0 == d.0) => unique.push(d),
            Some(_) => {}
        }
    }
    match unique.len() {
        0 | 1 => Events::One(unique.pop()),
        _ => {
            let schemas: Vec<Value> = unique.into_iter().map(|u| u.0).collect();
            Events::One(Some((json!({ "oneOf": schemas }), members_at)))
        }
    }
}

/// The schema objects that apply together at `schema`: itself, what its `$ref` names and
/// its `allOf` members, recursively (a 3.1 `$ref` with siblings is an `allOf` by now).
fn parts<'d>(doc: &'d Value, schema: &'d Value, at: &JsonPointer) -> Vec<(&'d Value, JsonPointer)> {
    let mut out = Vec::new();
    let mut pending = vec![(schema, at.clone())];
    // Bounded: a cycle of references cannot keep it going.
    while let Some((node, node_at)) = pending.pop() {
        if out.len() >= 32 {
            break;
        }
        if let Some((target, target_at)) = ref_target(doc, node) {
            pending.push((target, target_at));
        }
        if let Some(Value::Array(all)) = node.get("allOf") {
            for (i, member) in all.iter().enumerate().rev() {
                pending.push((member, node_at.join("allOf").join(&i.to_string())));
            }
        }
        out.push((node, node_at));
    }
    out
}

/// Where the `items` of the array schema at `at` are, following references to it.
fn array_items(doc: &Value, at: &JsonPointer) -> Option<JsonPointer> {
    let (mut schema, mut at) = (at.resolve(doc)?, at.clone());
    for _ in 0..8 {
        match ref_target(doc, schema) {
            Some((target, target_at)) => (schema, at) = (target, target_at),
            None => break,
        }
    }
    let array = schema.get("type").and_then(Value::as_str) == Some("array");
    (array && schema.get("items").is_some()).then(|| at.join("items"))
}

/// What a local `$ref` names, and where.
fn ref_target<'d>(doc: &'d Value, schema: &Value) -> Option<(&'d Value, JsonPointer)> {
    let target = schema
        .get("$ref")?
        .as_str()?
        .strip_prefix('#')
        .and_then(JsonPointer::parse)?;
    Some((target.resolve(doc)?, target))
}

/// The `data` property schemas, as written (a `$ref` kept), of the parts of an event schema.
fn data_of(parts: &[(&Value, JsonPointer)]) -> Vec<Located> {
    parts
        .iter()
        .filter_map(|(part, at)| {
            let data = part.get("properties")?.get("data")?;
            Some((data.clone(), at.join("properties").join("data")))
        })
        .collect()
}

/// The one name a schema fixes `event` to (`const`, or an `enum` of one, as the 3.1 → 3.0
/// rewrite leaves a `const`).
fn event_name(doc: &Value, event: &Value) -> Option<String> {
    let property = event.get("properties")?.get("event")?;
    let property = ref_target(doc, property).map_or(property, |(target, _)| target);
    if let Some(Value::String(name)) = property.get("const") {
        return Some(name.clone());
    }
    match property.get("enum")?.as_array()?.as_slice() {
        [Value::String(name)] => Some(name.clone()),
        _ => None,
    }
}

/// The schema of an event's `data` once decoded, given the `data` schemas that apply to it
/// (the most specific first); `None` when it is text to keep as it is.
///
/// `data` is always a string on the wire: `contentSchema` (with a JSON `contentMediaType`,
/// or none) describes the JSON it holds; a string with an integer or number `format` is a
/// number written as text (the 3.2 specification's own example), which decodes as JSON too;
/// any other string is text. A schema that is not a string (an object, a `$ref`) is taken
/// to describe the JSON the string holds, as many specs write it.
fn decoded(doc: &Value, datas: &[Located]) -> Option<Located> {
    let views: Vec<(&Value, JsonPointer)> = datas
        .iter()
        .flat_map(|(data, at)| parts(doc, data, at))
        .collect();
    let first = |key: &str| views.iter().find_map(|(v, at)| Some((v.get(key)?, at)));
    if let Some((content, at)) = first("contentSchema") {
        let json = first("contentMediaType")
            .and_then(|(m, _)| m.as_str())
            .is_none_or(|m| {
                let m = m
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase();
                m == "application/json" || m.ends_with("+json")
            });
        return json.then(|| (content.clone(), at.join("contentSchema")));
    }
    let (most_specific, at) = datas.first()?;
    if most_specific.get("$ref").is_some() {
        return Some((most_specific.clone(), at.clone()));
    }
    let format = first("format").and_then(|(f, _)| f.as_str());
    match first("type").and_then(|(t, _)| t.as_str()) {
        Some("string") | None if format.is_some() => {
            let number = match format {
                Some(f @ ("int32" | "int64")) => json!({"type": "integer", "format": f}),
                Some(f @ ("float" | "double")) => json!({"type": "number", "format": f}),
                _ => return None,
            };
            Some((number, at.clone()))
        }
        Some("string") => None,
        Some(_) => Some((most_specific.clone(), at.clone())),
        None => {
            let structured = ["properties", "items", "oneOf", "anyOf", "allOf"]
                .iter()
                .any(|k| first(k).is_some());
            structured.then(|| (most_specific.clone(), at.clone()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(media: Value) -> Value {
        let mut doc = json!({
            "paths": {"/e": {"get": {"responses": {"200": {"content": media}}}}},
            "components": {"schemas": {
                "Done": {"type": "object", "properties": {"reason": {"type": "string"}}},
                "Log": {"type": "array", "maxItems": 100, "items": {"$ref": "#/components/schemas/Done"}},
                "DoneEvent": {
                    "properties": {
                        "event": {"type": "string", "enum": ["done"]},
                        "data": {"type": "string", "contentMediaType": "application/json",
                                 "contentSchema": {"$ref": "#/components/schemas/Done"}}
                    }
                }
            }}
        });
        let mut origins = Origins::new(std::path::Path::new(""));
        rewrite(&mut doc, &mut origins, true).expect("rewrites");
        doc.pointer("/paths/~1e/get/responses/200/content")
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn json_lines_items_become_the_schema() {
        let out = rewritten(
            json!({"application/jsonl": {"itemSchema": {"$ref": "#/components/schemas/Done"}}}),
        );
        assert_eq!(
            out,
            json!({"application/jsonl": {"schema": {"$ref": "#/components/schemas/Done"}}})
        );
    }

    #[test]
    fn event_data_is_its_content_schema_or_text() {
        let data = |d: Value| json!({"text/event-stream": {"itemSchema": {"type": "object", "properties": {"data": d, "id": {"type": "string"}}}}});
        let json_data = data(
            json!({"type": "string", "contentMediaType": "application/json", "contentSchema": {"type": "object"}}),
        );
        assert_eq!(
            rewritten(json_data),
            json!({"text/event-stream": {"schema": {"type": "object"}}})
        );
        let plain = data(json!({"type": "string"}));
        assert_eq!(
            rewritten(plain),
            json!({"text/event-stream": {"schema": {"type": "string"}}})
        );
        let number = data(json!({"type": "string", "format": "int64"}));
        assert_eq!(
            rewritten(number),
            json!({"text/event-stream": {"schema": {"type": "integer", "format": "int64"}}})
        );
        let reference = data(json!({"$ref": "#/components/schemas/Done"}));
        assert_eq!(
            rewritten(reference),
            json!({"text/event-stream": {"schema": {"$ref": "#/components/schemas/Done"}}})
        );
        let html = data(
            json!({"type": "string", "contentMediaType": "text/html", "contentSchema": {"type": "object"}}),
        );
        assert_eq!(
            rewritten(html),
            json!({"text/event-stream": {"schema": {"type": "string"}}})
        );
    }

    #[test]
    fn members_naming_one_event_each_become_kinds() {
        let out = rewritten(json!({"text/event-stream": {"itemSchema": {
            "type": "object",
            "required": ["event"],
            "properties": {"event": {"type": "string"}, "data": {"type": "string"}},
            "oneOf": [
                {"properties": {"event": {"type": "string", "enum": ["token"]}}},
                {"properties": {"event": {"const": "count"}, "data": {"type": "string", "format": "int32"}}},
                {"$ref": "#/components/schemas/DoneEvent"}
            ]
        }}}));
        let at = "/components/schemas/DoneEvent/properties/data/contentSchema";
        assert_eq!(
            out,
            json!({"text/event-stream": {EVENT_KINDS: [
                {"event": "token"},
                {"event": "count", "schema": {"type": "integer", "format": "int32"},
                 "at": "/paths/~1e/get/responses/200/content/text~1event-stream/itemSchema/oneOf/1/properties/data"},
                {"event": "done", "schema": {"$ref": "#/components/schemas/Done"}, "at": at}
            ]}})
        );
    }

    #[test]
    fn members_without_names_give_one_union_of_their_data() {
        let out = rewritten(json!({"text/event-stream": {"itemSchema": {"oneOf": [
            {"properties": {"data": {"$ref": "#/components/schemas/Done"}}},
            {"properties": {"data": {"type": "object"}}}
        ]}}}));
        assert_eq!(
            out,
            json!({"text/event-stream": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/Done"}, {"type": "object"}
            ]}}})
        );
    }

    /// The 3.2 specification's own example: the generic event schema by `$ref`, with
    /// `oneOf` members beside it (an `allOf` once 3.1 is rewritten), one of them giving
    /// `data` only a `format`.
    #[test]
    fn the_specifications_example_gives_three_kinds() {
        let members = json!([
            {"properties": {"event": {"enum": ["addString"], "type": "string"}}},
            {"properties": {"event": {"enum": ["addInt64"], "type": "string"}, "data": {"format": "int64"}}},
            {"properties": {"event": {"enum": ["addJson"], "type": "string"}, "data": {
                "contentMediaType": "application/json",
                "contentSchema": {"type": "object", "required": ["foo"], "properties": {"foo": {"type": "integer"}}}
            }}}
        ]);
        let generic = json!({"type": "object", "required": ["data"], "properties": {
            "data": {"type": "string"}, "event": {"type": "string"}, "id": {"type": "string"},
            "retry": {"type": "integer", "minimum": 0}
        }});
        let at = "/paths/~1e/get/responses/200/content/text~1event-stream/itemSchema/allOf/1/oneOf";
        let expected = json!({"text/event-stream": {EVENT_KINDS: [
            {"event": "addString"},
            {"event": "addInt64", "schema": {"type": "integer", "format": "int64"},
             "at": format!("{at}/1/properties/data")},
            {"event": "addJson", "schema": {"type": "object", "required": ["foo"], "properties": {"foo": {"type": "integer"}}},
             "at": format!("{at}/2/properties/data/contentSchema")}
        ]}});
        let mut doc = json!({
            "paths": {"/e": {"get": {"responses": {"200": {"content": {"text/event-stream": {"itemSchema": {
                "allOf": [{"$ref": "#/components/schemas/Event"}, {"required": ["event"], "oneOf": members}]
            }}}}}}}},
            "components": {"schemas": {"Event": generic}}
        });
        let mut origins = Origins::new(std::path::Path::new(""));
        rewrite(&mut doc, &mut origins, true).expect("rewrites");
        let content = doc.pointer("/paths/~1e/get/responses/200/content").cloned();
        assert_eq!(content, Some(expected));
    }

    /// In 3.2, `schema` describes the whole stream: an array's items are the item schema.
    #[test]
    fn a_whole_stream_array_schema_gives_its_items() {
        let out = rewritten(json!({
            "application/jsonl": {"schema": {"$ref": "#/components/schemas/Log"}},
            "application/json-seq": {"schema": {"$ref": "#/components/schemas/Done"}},
            "application/x-ndjson": {"schema": {"type": "array", "items": {"type": "object"}}},
            "text/event-stream": {"schema": {"type": "array", "items": {
                "properties": {"data": {"$ref": "#/components/schemas/Done"}}
            }}},
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}
        }));
        assert_eq!(
            out,
            json!({
                "application/jsonl": {"schema": {"$ref": "#/components/schemas/Done"}},
            "application/json-seq": {"schema": {"$ref": "#/components/schemas/Done"}},
            "application/x-ndjson": {"schema": {"type": "object"}},
                "text/event-stream": {"schema": {"$ref": "#/components/schemas/Done"}},
                "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}
            })
        );
    }

    #[test]
    fn other_media_types_keep_their_item_schema_unread() {
        let media = json!({"multipart/mixed": {"itemSchema": {"type": "object"}}});
        assert_eq!(rewritten(media.clone()), media);
    }
}
