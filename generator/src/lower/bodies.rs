//! Request bodies by kind (JSON, form, multipart, text, bytes), and the classification of
//! media types shared with responses.

use indexmap::IndexMap;
use openapiv3::{
    Encoding, MediaType, QueryStyle, ReferenceOr, RequestBody, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};

use super::operations::{clone_box, resolve_component};
use super::schema_view::View;
use super::{docs, Lowerer};
use crate::error::{push_pointer, Result};
use crate::ir::{
    Body, BodyKind, FormBody, FormEncoding, FormRule, MultipartBody, ParamStyle, Part, PartKind,
    TypeRef,
};
use crate::load::CONTENT_MEDIA_TYPE;
use crate::naming::{self, FieldName, Scope, TypeName};

pub(super) fn is_json(media: &str) -> bool {
    let m = essence(media);
    m == "application/json" || m.ends_with("+json") || m == "*/*" || m == "application/*"
}

/// A media type without parameters, lower-cased.
pub(super) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

/// What the generator does with a media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Media {
    Json,
    Form,
    Multipart,
    EventStream,
    JsonLines,
    Text,
    Binary,
}

pub(super) fn media(media: &str) -> Media {
    let m = essence(media);
    match m.as_str() {
        _ if is_json(&m) => Media::Json,
        "application/x-www-form-urlencoded" => Media::Form,
        "multipart/form-data" | "multipart/mixed" => Media::Multipart,
        "text/event-stream" => Media::EventStream,
        "application/jsonl"
        | "application/x-ndjson"
        | "application/x-jsonl"
        | "application/x-jsonlines"
        | "application/json-seq"
        | "application/jsonlines" => Media::JsonLines,
        _ if m.starts_with("text/") => Media::Text,
        _ => Media::Binary,
    }
}

/// The kind of one declared body: [`media`], except that a pattern (`*/*`, `application/*`)
/// whose schema is raw bytes (`format: binary`, or a 3.1 `contentMediaType` alone) is binary
/// rather than JSON.
pub(super) fn media_of(media_type: &str, content: &MediaType) -> Media {
    let bytes = match &content.schema {
        Some(ReferenceOr::Item(s)) => {
            s.schema_data.extensions.contains_key(CONTENT_MEDIA_TYPE)
                || matches!(&s.schema_kind, SchemaKind::Type(Type::String(t)) if is_binary(&t.format))
        }
        _ => false,
    };
    match media(media_type) {
        Media::Json if bytes && media_type.contains('*') => Media::Binary,
        other => other,
    }
}

/// Prefers a JSON media type; otherwise the first one.
pub(super) fn pick_content(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(k, _)| is_json(k))
        .or_else(|| content.first())
}

/// The request body's media type: JSON first, then a form, then multipart, then the first
/// listed. The others are documented on the method.
fn pick_request_content(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    [Media::Json, Media::Form, Media::Multipart]
        .iter()
        .find_map(|want| content.iter().find(|(k, _)| media(k) == *want))
        .or_else(|| content.first())
}

pub(super) fn lower_body(
    cx: &mut Lowerer<'_>,
    body: &ReferenceOr<RequestBody>,
    type_base: &TypeName,
    pointer: &str,
) -> Result<Option<Body>> {
    let table = cx.doc.components.as_ref().map(|c| &c.request_bodies);
    let body: &RequestBody = resolve_component(body, "requestBodies", table, pointer)?;
    let Some((media_type, content)) = pick_request_content(&body.content) else {
        return Ok(None);
    };
    lower_content(cx, body, (media_type, content), type_base, pointer).map(Some)
}

/// The body sent as one of its media types.
fn lower_content(
    cx: &mut Lowerer<'_>,
    body: &RequestBody,
    (media_type, content): (&String, &MediaType),
    type_base: &TypeName,
    pointer: &str,
) -> Result<Body> {
    let content_pointer = push_pointer(&push_pointer(pointer, "content"), media_type);
    let schema_pointer = push_pointer(&content_pointer, "schema");
    let typed = |cx: &mut Lowerer<'_>, hint: &str| -> Result<TypeRef> {
        match &content.schema {
            Some(s) => cx.type_of(&clone_box(s), &type_base.child(hint), &schema_pointer),
            None => Ok(TypeRef::Any),
        }
    };
    let kind = match media_of(media_type, content) {
        // Where its secrets are is found once every model exists (`analyze`).
        Media::Json => BodyKind::Json {
            ty: typed(cx, "body")?,
            secret_paths: Vec::new(),
        },
        Media::Form => match typed(cx, "body")? {
            // Only an object has names and values to encode: a form declared as a string
            // (or another scalar, or a list) is the caller's own encoded text.
            TypeRef::Primitive(_) | TypeRef::Array(_) | TypeRef::Tuple(_) => BodyKind::Text,
            ty => BodyKind::Form(FormBody {
                ty,
                encoding: form_encoding(&content.encoding),
                secret_paths: Vec::new(),
            }),
        },
        Media::Multipart => {
            match multipart(cx, content, type_base, &content_pointer)? {
                Some(m) => BodyKind::Multipart(m),
                // Not an object with properties: the caller encodes the body.
                None => BodyKind::Bytes,
            }
        }
        Media::Text => BodyKind::Text,
        Media::EventStream | Media::JsonLines | Media::Binary => BodyKind::Bytes,
    };
    let content_type = match (&kind, media_type.contains('*')) {
        (BodyKind::Json { .. }, true) => "application/json".to_owned(),
        (_, true) => "application/octet-stream".to_owned(),
        (_, false) => media_type.clone(),
    };
    Ok(Body {
        content_type,
        kind,
        required: body.required,
    })
}

/// The request body's media types besides the one [`lower_body`] picks, each with the
/// words its method's name adds (see [`naming::media_type_words`]; the whole media type's
/// words when two would add the same). Patterns (`*/*`, `image/*`) and repeats of a media
/// type add nothing and are left out.
pub(super) fn lower_extra_bodies(
    cx: &mut Lowerer<'_>,
    body: &ReferenceOr<RequestBody>,
    op_name: &str,
    type_base: &TypeName,
    pointer: &str,
) -> Result<Vec<(String, Body)>> {
    let table = cx.doc.components.as_ref().map(|c| &c.request_bodies);
    let body: &RequestBody = resolve_component(body, "requestBodies", table, pointer)?;
    let Some((picked, _)) = pick_request_content(&body.content) else {
        return Ok(Vec::new());
    };
    let mut seen = vec![essence(picked)];
    // The default's words are taken too, so no extra method reads like the default one.
    let mut suffixes = vec![naming::media_type_words(&essence(picked))];
    let mut out = Vec::new();
    for (media_type, content) in &body.content {
        let plain = essence(media_type);
        if plain.contains('*') || seen.contains(&plain) {
            continue;
        }
        seen.push(plain.clone());
        let words = naming::media_type_words(&plain);
        let suffix = match suffixes.contains(&words) {
            true => plain.replace(['/', '.', '+', '-'], " "),
            false => words,
        };
        suffixes.push(suffix.clone());
        // A multipart struct is named after the operation (`CreatePetMultipart`); inline
        // schemas of the other kinds after the method (`CreatePetFormBody`).
        let base = match media(media_type) {
            Media::Multipart => type_base.clone(),
            _ => TypeName::new(&format!("{op_name} {suffix}")),
        };
        let lowered = lower_content(cx, body, (media_type, content), &base, pointer)?;
        out.push((suffix, lowered));
    }
    Ok(out)
}

/// The form rules the spec's `encoding` states.
pub(super) fn form_encoding(encoding: &IndexMap<String, Encoding>) -> Vec<FormEncoding> {
    encoding
        .iter()
        .filter_map(|(wire, e)| {
            let rule = match (&e.content_type, &e.style) {
                (Some(ct), _) if is_json(ct) => FormRule::Json,
                // Without a style, `explode` cannot be told from its default: keep the default.
                (_, None) => return None,
                (_, Some(QueryStyle::Form)) => {
                    FormRule::Style(ParamStyle::Form { explode: e.explode })
                }
                (_, Some(QueryStyle::DeepObject)) => FormRule::Style(ParamStyle::DeepObject),
                (_, Some(QueryStyle::SpaceDelimited)) => {
                    FormRule::Style(ParamStyle::SpaceDelimited)
                }
                (_, Some(QueryStyle::PipeDelimited)) => FormRule::Style(ParamStyle::PipeDelimited),
            };
            Some(FormEncoding {
                wire: wire.clone(),
                rule,
            })
        })
        .collect()
}

/// The struct and parts of a multipart body, if its schema is an object with properties.
fn multipart(
    cx: &mut Lowerer<'_>,
    content: &MediaType,
    type_base: &TypeName,
    content_pointer: &str,
) -> Result<Option<MultipartBody>> {
    let Some(schema) = &content.schema else {
        return Ok(None);
    };
    let description = match schema {
        ReferenceOr::Item(s) => s.schema_data.description.as_ref(),
        ReferenceOr::Reference { .. } => None,
    };
    let schema_pointer = push_pointer(content_pointer, "schema");
    let Some((object, object_pointer)) = object_of(cx, schema, &schema_pointer)? else {
        return Ok(None);
    };
    let Some((properties, required)) = part_schemas(cx, object, &object_pointer, type_base)? else {
        return Ok(None);
    };
    if properties.is_empty() {
        return Ok(None);
    }
    let name = cx.types.claim(type_base.child("multipart"));
    let mut fields = Scope::default();
    let mut parts = Vec::new();
    for (wire, (property, at)) in &properties {
        let resolved = resolve_schema(cx, property);
        // A 3.1 part's own media type, the default for the part's `Content-Type`.
        let mut raw = resolved.and_then(raw_media);
        let (kind, repeated) = match resolved.map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::String(s))) if is_binary(&s.format) => {
                (PartKind::File, false)
            }
            _ if raw.is_some() => (PartKind::File, false),
            Some(SchemaKind::Type(Type::Array(a))) => {
                let item = a.items.as_ref().and_then(|i| match i {
                    ReferenceOr::Item(s) => Some(&**s),
                    ReferenceOr::Reference { reference } => component(cx, reference),
                });
                let hint = name.child(wire);
                raw = item.and_then(raw_media);
                match item.map(|s| &s.schema_kind) {
                    Some(SchemaKind::Type(Type::String(s))) if is_binary(&s.format) => {
                        (PartKind::File, true)
                    }
                    _ if raw.is_some() => (PartKind::File, true),
                    Some(SchemaKind::Type(Type::Object(_)) | SchemaKind::Type(Type::Array(_))) => {
                        (PartKind::Json(cx.type_of(property, &hint, at)?), true)
                    }
                    _ => (PartKind::Text(cx.type_of(property, &hint, at)?), true),
                }
            }
            Some(SchemaKind::Type(
                Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_),
            )) => (
                PartKind::Text(cx.type_of(property, &name.child(wire), at)?),
                false,
            ),
            _ => (
                PartKind::Json(cx.type_of(property, &name.child(wire), at)?),
                false,
            ),
        };
        let encoding = content.encoding.get(wire);
        let description = resolved.and_then(|s| s.schema_data.description.as_ref());
        parts.push(Part {
            name: fields.claim(FieldName::new(wire)),
            wire: wire.clone(),
            kind,
            required: required.contains(wire),
            repeated,
            content_type: encoding
                .and_then(|e| e.content_type.clone())
                .or(raw.map(str::to_owned)),
            // OpenAPI says a `Content-Type` entry here is ignored: `contentType` says it.
            headers: encoding
                .map(|e| {
                    e.headers
                        .keys()
                        .filter(|h| !h.eq_ignore_ascii_case("content-type"))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
            docs: docs(None, description, at),
        });
    }
    Ok(Some(MultipartBody {
        name,
        docs: docs(None, description, content_pointer),
        parts,
    }))
}

/// A multipart schema's properties, each with where it is declared, and its required names:
/// an object's own, or those of every object an `allOf` merges (a later one replacing an
/// earlier one of the same name). `None` when the schema is not such an object.
#[allow(clippy::type_complexity)]
fn part_schemas(
    cx: &Lowerer<'_>,
    object: &Schema,
    pointer: &str,
    type_base: &TypeName,
) -> Result<
    Option<(
        IndexMap<String, (ReferenceOr<Box<Schema>>, String)>,
        Vec<String>,
    )>,
> {
    let members = match &object.schema_kind {
        SchemaKind::Type(Type::Object(_)) => vec![(object.clone(), pointer.to_owned())],
        SchemaKind::AllOf { .. } => match cx.all_of_objects(object, pointer, type_base)? {
            Some(members) => members,
            None => return Ok(None),
        },
        SchemaKind::Any(any) if !any.all_of.is_empty() => {
            match cx.all_of_objects(object, pointer, type_base)? {
                Some(members) => members,
                None => return Ok(None),
            }
        }
        _ => return Ok(None),
    };
    let mut properties = IndexMap::new();
    let mut required = Vec::new();
    for (member, at) in &members {
        let view = View::of(member);
        let at = push_pointer(at, "properties");
        for (wire, property) in view.properties {
            properties.insert(wire.clone(), (property.clone(), push_pointer(&at, wire)));
        }
        required.extend(view.required.iter().cloned());
    }
    Ok(Some((properties, required)))
}

/// The media type a 3.1 schema gives its raw bytes (`contentMediaType` without
/// `contentEncoding`), unless text or JSON, which the part's own type already sends as such.
fn raw_media(schema: &Schema) -> Option<&str> {
    let media = schema
        .schema_data
        .extensions
        .get(CONTENT_MEDIA_TYPE)?
        .as_str()?;
    let plain = essence(media);
    (!plain.starts_with("text/") && !is_json(&plain)).then_some(media)
}

fn is_binary(format: &VariantOrUnknownOrEmpty<StringFormat>) -> bool {
    matches!(format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}

/// The schema itself, or the component schema it references.
fn resolve_schema<'s, 'd: 's>(
    cx: &Lowerer<'d>,
    schema: &'s ReferenceOr<Box<Schema>>,
) -> Option<&'s Schema> {
    match schema {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => component(cx, reference),
    }
}

/// The component schema `reference` names, following references between components.
fn component<'d>(cx: &Lowerer<'d>, reference: &str) -> Option<&'d Schema> {
    let schemas = &cx.doc.components.as_ref()?.schemas;
    let mut reference = reference;
    for _ in 0..schemas.len().max(1) {
        let name = reference.strip_prefix("#/components/schemas/")?;
        match schemas.get(&crate::pointer::unescape(name))? {
            ReferenceOr::Item(s) => return Some(s),
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}

/// The object schema of a body, and where it is declared.
fn object_of<'d>(
    cx: &Lowerer<'d>,
    schema: &'d ReferenceOr<Schema>,
    pointer: &str,
) -> Result<Option<(&'d Schema, String)>> {
    Ok(match schema {
        ReferenceOr::Item(s) => Some((s, pointer.to_owned())),
        ReferenceOr::Reference { reference } => {
            let name = cx.resolve_schema_ref(reference, pointer)?;
            component(cx, reference).map(|s| (s, push_pointer("/components/schemas", &name)))
        }
    })
}
