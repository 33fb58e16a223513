//! Server-sent events told apart by name: the kinds `load` found in a 3.2 `itemSchema`
//! (see `load::EVENT_KINDS`), each with its `data` type, for the enum `emit` writes.

use openapiv3::{MediaType, ReferenceOr, Schema};
use serde_json::Value;

use super::Lowerer;
use crate::error::{Error, ErrorKind, Result};
use crate::ir::{EventData, EventKind, EventKinds, Primitive, TypeRef};
use crate::load::EVENT_KINDS;
use crate::naming::{Scope, TypeName, VariantName};

/// Whether `load` found kinds of event in this media type's `itemSchema`.
pub(super) fn has_kinds(media: &MediaType) -> bool {
    media.extensions.contains_key(EVENT_KINDS)
}

/// The kinds of event of a stream, with the enum's name claimed; `at` is the media type.
pub(super) fn event_kinds(
    cx: &mut Lowerer<'_>,
    media: &MediaType,
    type_base: &TypeName,
    at: &str,
) -> Result<EventData> {
    let entries = match media.extensions.get(EVENT_KINDS) {
        Some(Value::Array(entries)) => entries.as_slice(),
        _ => &[],
    };
    let name = cx.types.claim(type_base.child("event"));
    // The catch-all variant's name is taken first: an event named `Unknown` gets a suffix.
    let unknown = VariantName::new("Unknown");
    let mut variants = Scope::with_reserved(&[unknown.as_str()]);
    let mut kinds = Vec::new();
    for entry in entries {
        // `load` writes a name for every entry; anything else came from the author's own
        // extension of that name, and is skipped.
        let Some(event) = entry.get("event").and_then(Value::as_str) else {
            continue;
        };
        let event = event.to_owned();
        let data = match entry.get("schema") {
            None => None,
            Some(schema) => {
                let pointer = entry.get("at").and_then(Value::as_str).unwrap_or(at);
                let schema: ReferenceOr<Box<Schema>> = serde_json::from_value(schema.clone())
                    .map_err(|e| {
                        Error::at(
                            pointer,
                            ErrorKind::Invalid(format!(
                                "the `data` schema of the `{event}` event: {e}"
                            )),
                        )
                    })?;
                match cx.type_of(&schema, &name.child(&event), pointer)? {
                    TypeRef::Primitive(Primitive::String) => None,
                    ty => Some(ty),
                }
            }
        };
        kinds.push(EventKind {
            variant: variants.claim(VariantName::new(&event)),
            event,
            data,
        });
    }
    Ok(EventData::Kinds(EventKinds {
        name,
        kinds,
        unknown,
    }))
}
