//! Stage 2, `lower`: `openapiv3::OpenAPI` → [`Api`], our own representation, with every type
//! named, every name sanitised and unique, and every reference resolved.

mod alias_cycles;
mod operations;
mod schema_view;

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema};
use serde_json::Value;

use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{
    Api, Docs, EnumModel, EnumVariant, Field, Model, ModelKind, Presence, Primitive, StructModel,
    TypeRef, Union, UnionVariant,
};
use crate::naming::{FieldName, Scope, TypeName, VariantName};
use schema_view::View;

/// Lowers a parsed document into the IR.
pub fn lower(doc: &OpenAPI) -> Result<Api> {
    let mut cx = Lowerer::new(doc);
    cx.lower_components()?;
    let ops = operations::lower_operations(&mut cx)?;
    let mut api = cx.finish(ops)?;
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
        for name in &raw {
            let pointer = push_pointer("/components/schemas", name);
            let ty = self.component_names[name].clone();
            let schemas = self.schemas;
            let model = match &schemas[name] {
                ReferenceOr::Reference { reference } => {
                    let target = self.resolve_schema_ref(reference, &pointer)?;
                    // A chain of bare references must end in a schema.
                    self.follow_ref_chain(name, &pointer)?;
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

    fn follow_ref_chain(&self, start: &str, pointer: &str) -> Result<()> {
        let mut seen = vec![start.to_owned()];
        let mut current = start.to_owned();
        while let Some(ReferenceOr::Reference { reference }) = self.schemas.get(&current) {
            let next = self.resolve_schema_ref(reference, pointer)?;
            if seen.contains(&next) {
                seen.push(next);
                return Err(Error::at(pointer, ErrorKind::RefCycle(seen.join(" → "))));
            }
            seen.push(next.clone());
            current = next;
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
                let name = name.replace("~1", "/").replace("~0", "~");
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
    fn deref_schema(&self, reference: &str, pointer: &str) -> Result<(String, Schema)> {
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

    fn enter(&mut self, pointer: &str) -> Result<()> {
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

    /// Lowers a schema that gets a name of its own.
    fn lower_model(&mut self, name: TypeName, schema: &Schema, pointer: &str) -> Result<Model> {
        self.enter(pointer)?;
        let result = self.lower_model_inner(name, schema, pointer);
        self.depth -= 1;
        result
    }

    fn lower_model_inner(
        &mut self,
        name: TypeName,
        schema: &Schema,
        pointer: &str,
    ) -> Result<Model> {
        let view = View::of(schema);
        let mut docs = docs(
            view.data.title.as_ref(),
            view.data.description.as_ref(),
            pointer,
        );
        let kind = if view.not {
            ModelKind::Alias(TypeRef::Any)
        } else if !view.all_of.is_empty() {
            match self.lower_all_of(&name, &view, pointer)? {
                Some(kind) => kind,
                None => {
                    // Better a crate that compiles with one raw field than no crate at all.
                    let note = "Kept as raw JSON: its `allOf` members are not all objects, so they cannot be merged into one struct.";
                    docs.description = Some(match docs.description.take() {
                        Some(d) => format!("{d}\n\n{note}"),
                        None => note.to_owned(),
                    });
                    ModelKind::Alias(TypeRef::Any)
                }
            }
        } else if !view.one_of.is_empty() || !view.any_of.is_empty() {
            self.lower_union(&name, &view, pointer)?
        } else if !view.enumeration.is_empty() {
            self.lower_enum(&name, &view, pointer)?
        } else if view.is_object_like() && !view.properties.is_empty() {
            let part = Part {
                pointer: pointer.to_owned(),
                owner: name.clone(),
            };
            ModelKind::Struct(self.lower_struct(&name, &[(&view, &part)], pointer)?)
        } else {
            ModelKind::Alias(self.type_of_view(&name, &view, pointer)?)
        };
        Ok(Model { name, docs, kind })
    }

    fn lower_enum(&mut self, name: &TypeName, view: &View<'_>, pointer: &str) -> Result<ModelKind> {
        // An enum on an array or object (`enum: [[abuse], [bounce]]`) restricts whole
        // values; the value keeps its array or object type.
        if matches!(view.typ, Some("array" | "object")) {
            return Ok(ModelKind::Alias(self.type_of_view(name, view, pointer)?));
        }
        let values: Vec<&Value> = view.enumeration.iter().filter(|v| !v.is_null()).collect();
        let kinds: BTreeSet<&str> = values
            .iter()
            .map(|v| match v {
                Value::String(_) => "string",
                Value::Number(_) => "number",
                Value::Bool(_) => "boolean",
                _ => "other",
            })
            .collect();
        let enum_pointer = push_pointer(pointer, "enum");
        if kinds.contains("other") {
            return Err(Error::at(
                enum_pointer,
                ErrorKind::Unsupported("enum values must be strings, numbers or booleans".into()),
            ));
        }
        let as_strings = view.typ == Some("string")
            || (view.typ.is_none() && kinds.len() == 1 && kinds.contains("string"));
        if !as_strings {
            if kinds.len() > 1 {
                let list: Vec<&str> = kinds.into_iter().collect();
                return Err(Error::at(
                    enum_pointer,
                    ErrorKind::Unsupported(format!(
                        "enum mixes {} values; use one type per enum",
                        list.join(", ")
                    )),
                ));
            }
            // Numeric and boolean enums keep their base type; the values are listed in docs.
            return Ok(ModelKind::Alias(self.type_of_view(name, view, pointer)?));
        }
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for value in values {
            let wire = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if !seen.insert(wire.clone()) {
                continue;
            }
            variants.push(EnumVariant {
                name: scope.claim(VariantName::new(&wire)),
                wire,
            });
        }
        Ok(ModelKind::Enum(EnumModel {
            variants,
            unknown: VariantName::new("Unknown"),
        }))
    }

    /// Collects the object schemas an `allOf` merges, following references and nested
    /// `allOf`s, each with the pointer where it is declared and the type that owns its inline
    /// property schemas. `false` when a member is not an object.
    fn collect_all_of(
        &self,
        schema: &Schema,
        at: &Part,
        out: &mut Vec<(Schema, Part)>,
        depth: usize,
    ) -> Result<bool> {
        if depth > MAX_DEPTH {
            return Err(Error::at(
                &at.pointer,
                ErrorKind::RefCycle("allOf refers back to itself".into()),
            ));
        }
        let view = View::of(schema);
        for (i, member) in view.all_of.iter().enumerate() {
            let member_pointer = push_pointer(&push_pointer(&at.pointer, "allOf"), &i.to_string());
            let (schema, part) = match member {
                ReferenceOr::Reference { reference } => {
                    let (name, schema) = self.deref_schema(reference, &member_pointer)?;
                    let part = Part {
                        pointer: push_pointer("/components/schemas", &name),
                        owner: self.component_names[&name].clone(),
                    };
                    (schema, part)
                }
                ReferenceOr::Item(s) => (
                    s.clone(),
                    Part {
                        pointer: member_pointer,
                        owner: at.owner.clone(),
                    },
                ),
            };
            if !self.collect_all_of(&schema, &part, out, depth + 1)? {
                return Ok(false);
            }
        }
        let mut own = schema.clone();
        match &mut own.schema_kind {
            openapiv3::SchemaKind::Any(a) => a.all_of.clear(),
            openapiv3::SchemaKind::AllOf { .. } => return Ok(true),
            _ => {}
        }
        let own_view = View::of(&own);
        let empty = own_view.properties.is_empty()
            && own_view.typ.is_none()
            && own_view.one_of.is_empty()
            && own_view.any_of.is_empty()
            && own_view.enumeration.is_empty();
        if own_view.is_object_like() || empty {
            out.push((own, at.clone()));
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn lower_all_of(
        &mut self,
        name: &TypeName,
        view: &View<'_>,
        pointer: &str,
    ) -> Result<Option<ModelKind>> {
        let own_empty =
            view.properties.is_empty() && view.one_of.is_empty() && view.any_of.is_empty();
        let members = view.substantive_all_of();
        if members.len() <= 1 && own_empty {
            // `allOf: [$ref]`, often with `nullable` or a description beside it, or in a member
            // of its own: the same type.
            let Some(&(i, member)) = members.first() else {
                return Ok(Some(ModelKind::Alias(TypeRef::Any)));
            };
            let member_pointer = push_pointer(&push_pointer(pointer, "allOf"), &i.to_string());
            return Ok(Some(ModelKind::Alias(self.type_of(
                &member.clone().map_box(),
                name,
                &member_pointer,
            )?)));
        }
        let mut parts = Vec::new();
        let mut whole = Schema {
            schema_data: view.data.clone(),
            schema_kind: openapiv3::SchemaKind::AllOf {
                all_of: view.all_of.to_vec(),
            },
        };
        if !view.properties.is_empty() {
            // Properties beside `allOf` belong to the merge too.
            let mut any = openapiv3::AnySchema {
                typ: Some("object".into()),
                ..Default::default()
            };
            any.properties = view.properties.clone();
            any.required = view.required.to_vec();
            any.all_of = view.all_of.to_vec();
            whole.schema_kind = openapiv3::SchemaKind::Any(any);
        }
        let at = Part {
            pointer: pointer.to_owned(),
            owner: name.clone(),
        };
        if !self.collect_all_of(&whole, &at, &mut parts, 0)? {
            return Ok(None);
        }
        let views: Vec<(View<'_>, &Part)> = parts.iter().map(|(s, p)| (View::of(s), p)).collect();
        let refs: Vec<(&View<'_>, &Part)> = views.iter().map(|(v, p)| (v, *p)).collect();
        Ok(Some(ModelKind::Struct(
            self.lower_struct(name, &refs, pointer)?,
        )))
    }

    /// Merges the properties of `parts` into one struct (`required` lists united).
    fn lower_struct(
        &mut self,
        name: &TypeName,
        parts: &[(&View<'_>, &Part)],
        _pointer: &str,
    ) -> Result<StructModel> {
        let required: BTreeSet<&str> = parts
            .iter()
            .flat_map(|(p, _)| p.required.iter().map(String::as_str))
            .collect();
        let mut props: IndexMap<&str, (&ReferenceOr<Box<Schema>>, &Part)> = IndexMap::new();
        let mut additional = None;
        for (view, part) in parts {
            for (k, v) in view.properties {
                // A later allOf member restating a property refines it; keep the first slot.
                props.insert(k.as_str(), (v, part));
            }
            if let Some(AdditionalProperties::Schema(s)) = view.additional {
                additional = Some((s.as_ref().clone(), *part));
            }
        }
        // The flattened map of extra properties is a field too.
        let mut scope = match additional {
            Some(_) => Scope::with_reserved(&["additional_properties"]),
            None => Scope::default(),
        };
        let mut fields = Vec::with_capacity(props.len());
        for (wire, (prop, part)) in props {
            // Inline property schemas are named after, and cached at, the schema declaring them.
            let prop_pointer = push_pointer(&push_pointer(&part.pointer, "properties"), wire);
            let hint = part.owner.child(wire);
            let (nullable, sensitive, docs) = self.property_traits(prop, &prop_pointer)?;
            let ty = self.type_of(prop, &hint, &prop_pointer)?;
            // A schema with no type admits `null` like any other value; treating it as nullable
            // keeps an explicit `null` apart from a missing key.
            let nullable = nullable || ty == TypeRef::Any;
            let presence = match (required.contains(wire), nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            fields.push(Field {
                name: scope.claim(FieldName::new(wire)),
                wire: wire.to_owned(),
                ty,
                presence,
                docs,
                sensitive,
            });
        }
        let additional = match additional {
            // Cached at the declaring schema, like properties: under the merged struct's own
            // pointer, `X: {additionalProperties: {allOf: [$ref: X, ...]}}` never hit the cache
            // and nested until the depth guard (found by tests/tests/fuzz_pipeline.rs).
            Some((s, part)) => Some(self.type_of(
                &s.map_box(),
                &name.child("value"),
                &push_pointer(&part.pointer, "additionalProperties"),
            )?),
            None => None,
        };
        Ok(StructModel {
            fields,
            additional,
            is_request: false,
        })
    }

    /// Nullability, secrecy and docs of a property, looking through `$ref` and `allOf: [$ref]`.
    fn property_traits(
        &self,
        prop: &ReferenceOr<Box<Schema>>,
        pointer: &str,
    ) -> Result<(bool, bool, Docs)> {
        match prop {
            ReferenceOr::Reference { reference } => {
                let (_, target) = self.deref_schema(reference, pointer)?;
                let v = View::of(&target);
                Ok((
                    v.nullable(),
                    v.sensitive(),
                    docs(v.data.title.as_ref(), v.data.description.as_ref(), pointer),
                ))
            }
            ReferenceOr::Item(schema) => {
                let v = View::of(schema);
                let mut nullable = v.nullable() || v.annotated_nullable();
                let mut sensitive = v.sensitive();
                let mut d = docs(v.data.title.as_ref(), v.data.description.as_ref(), pointer);
                if d.summary.is_none() && d.description.is_none() {
                    // `allOf: [$ref, {description: …}]` keeps its description in a member.
                    if let Some(ReferenceOr::Item(s)) = v.all_of.iter().find(
                        |m| matches!(m, ReferenceOr::Item(s) if View::of(s).is_annotation_only()),
                    ) {
                        d = docs(
                            s.schema_data.title.as_ref(),
                            s.schema_data.description.as_ref(),
                            pointer,
                        );
                    }
                }
                let members = v.substantive_all_of();
                if members.len() == 1 && v.properties.is_empty() {
                    if let (_, ReferenceOr::Reference { reference }) = members[0] {
                        let (_, target) = self.deref_schema(reference, pointer)?;
                        let t = View::of(&target);
                        nullable |= t.nullable();
                        sensitive |= t.sensitive();
                        if d.summary.is_none() && d.description.is_none() {
                            d = docs(t.data.title.as_ref(), t.data.description.as_ref(), pointer);
                        }
                    }
                }
                Ok((nullable, sensitive, d))
            }
        }
    }

    /// The type of a schema in a field, item, parameter or body position; inline schemas that
    /// need a name of their own get `hint` (made unique).
    pub(crate) fn type_of(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &TypeName,
        pointer: &str,
    ) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let name = self.resolve_schema_ref(reference, pointer)?;
                Ok(TypeRef::Named(self.component_names[&name].clone()))
            }
            ReferenceOr::Item(schema) => {
                let view = View::of(schema);
                let members = view.substantive_all_of();
                let structural = view.not
                    || !view.enumeration.iter().all(Value::is_null) && view.typ != Some("boolean")
                    || !view.one_of.is_empty()
                    || !view.any_of.is_empty()
                    || members.len() > 1
                    || (members.len() == 1 && !view.properties.is_empty())
                    || (view.is_object_like() && !view.properties.is_empty());
                if structural {
                    if let Some(name) = self.inline.get(pointer) {
                        return Ok(TypeRef::Named(name.clone()));
                    }
                    let name = self.types.claim(hint.clone());
                    self.inline.insert(pointer.to_owned(), name.clone());
                    let model = self.lower_model(name.clone(), schema, pointer)?;
                    self.models.insert(name.clone(), model);
                    Ok(TypeRef::Named(name))
                } else if let [(i, member)] = members.as_slice() {
                    let member_pointer =
                        push_pointer(&push_pointer(pointer, "allOf"), &i.to_string());
                    self.type_of(&(*member).clone().map_box(), hint, &member_pointer)
                } else {
                    self.enter(pointer)?;
                    let r = self.type_of_view(hint, &view, pointer);
                    self.depth -= 1;
                    r
                }
            }
        }
    }

    /// Types of schemas that need no name: scalars, arrays, maps, free-form values.
    fn type_of_view(&mut self, hint: &TypeName, view: &View<'_>, pointer: &str) -> Result<TypeRef> {
        let format = view.format.as_deref();
        Ok(match view.typ {
            Some("string") => TypeRef::Primitive(match format {
                Some("date-time") => Primitive::DateTime,
                Some("date") => Primitive::Date,
                Some("uuid") => Primitive::Uuid,
                Some("byte") => Primitive::Bytes,
                _ => Primitive::String,
            }),
            Some("integer") => TypeRef::Primitive(match format {
                Some("int32") => Primitive::I32,
                Some("uint32") => Primitive::U32,
                Some("uint64") => Primitive::U64,
                _ => Primitive::I64,
            }),
            Some("number") => TypeRef::Primitive(match format {
                Some("float") => Primitive::F32,
                Some("int32") => Primitive::I32,
                Some("int64") => Primitive::I64,
                _ => Primitive::F64,
            }),
            Some("boolean") => TypeRef::Primitive(Primitive::Bool),
            Some("array") => match view.items {
                Some(items) => TypeRef::Array(Box::new(self.type_of(items, &hint.child("item"), &push_pointer(pointer, "items"))?)),
                None => TypeRef::Array(Box::new(TypeRef::Any)),
            },
            Some("object") | None if view.is_object_like() || view.additional.is_some() => match view.additional {
                Some(AdditionalProperties::Schema(s)) => {
                    TypeRef::Map(Box::new(self.type_of(&s.as_ref().clone().map_box(), &hint.child("value"), &push_pointer(pointer, "additionalProperties"))?))
                }
                _ => TypeRef::Object,
            },
            None => TypeRef::Any,
            Some(other) => {
                return Err(Error::at(
                    push_pointer(pointer, "type"),
                    ErrorKind::Invalid(format!(
                        "unknown type {other:?} (expected string, number, integer, boolean, array or object)"
                    )),
                ))
            }
        })
    }

    fn lower_union(
        &mut self,
        name: &TypeName,
        view: &View<'_>,
        pointer: &str,
    ) -> Result<ModelKind> {
        let (members, key) = if view.one_of.is_empty() {
            (view.any_of, "anyOf")
        } else {
            (view.one_of, "oneOf")
        };
        let discriminator = view.data.discriminator.as_ref();
        let mut scope = Scope::default();
        let mut variants = Vec::with_capacity(members.len());
        let mut tagged = discriminator.is_some();
        for (i, member) in members.iter().enumerate() {
            let member_pointer = push_pointer(&push_pointer(pointer, key), &i.to_string());
            let (label, ty, tag_value) = match member {
                ReferenceOr::Reference { reference } => {
                    let target = self.resolve_schema_ref(reference, &member_pointer)?;
                    let tag_value = discriminator.map(|d| {
                        d.mapping
                            .iter()
                            .find(|(_, v)| *v == reference || **v == target)
                            .map(|(k, _)| k.clone())
                            .unwrap_or_else(|| target.clone())
                    });
                    let (_, schema) = self.deref_schema(reference, &member_pointer)?;
                    let v = View::of(&schema);
                    if !v.is_composite_object() {
                        tagged = false;
                    }
                    let ty = TypeRef::Named(self.component_names[&target].clone());
                    (
                        tag_value.clone().unwrap_or_else(|| target.clone()),
                        ty,
                        tag_value,
                    )
                }
                ReferenceOr::Item(schema) => {
                    let v = View::of(schema);
                    let tag_value =
                        discriminator.and_then(|d| single_enum_value(schema, &d.property_name));
                    if tag_value.is_none() || !v.is_composite_object() {
                        tagged = false;
                    }
                    let label = tag_value
                        .clone()
                        .or_else(|| v.data.title.clone())
                        .unwrap_or_else(|| match v.typ {
                            Some(t) if !v.is_object_like() => t.to_owned(),
                            _ => format!("variant {i}"),
                        });
                    let ty = self.type_of(
                        &ReferenceOr::Item(Box::new(schema.clone())),
                        &name.child(&label),
                        &member_pointer,
                    )?;
                    (label, ty, tag_value)
                }
            };
            variants.push(UnionVariant {
                name: scope.claim(VariantName::new(&label)),
                tag_value,
                ty,
            });
        }
        let tag = match discriminator {
            Some(d) if tagged => {
                for v in &variants {
                    if let TypeRef::Named(n) = &v.ty {
                        self.strip_tags.insert(n.clone(), d.property_name.clone());
                    }
                }
                Some(d.property_name.clone())
            }
            _ => None,
        };
        if tag.is_none() {
            for v in &mut variants {
                v.tag_value = None;
            }
        }
        Ok(ModelKind::Union(Union { tag, variants }))
    }

    fn finish(
        mut self,
        (operations, servers, security_schemes, default_security, request_roots): operations::Lowered,
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
        self.drop_unreferenced_inline(&operations, &request_roots);
        self.mark_requests(request_roots);
        box_recursion(&mut self.models);
        let info = &self.doc.info;
        Ok(Api {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone().filter(|d| !d.trim().is_empty()),
            models: self.models.into_values().collect(),
            operations,
            servers,
            security_schemes,
            default_security,
        })
    }

    /// Drops inline models nothing refers to any more (the tag enums of tagged-union variants,
    /// once their property is stripped). Component schemas always stay: they are the API.
    fn drop_unreferenced_inline(&mut self, operations: &[crate::ir::Operation], roots: &[TypeRef]) {
        let inline: BTreeSet<TypeName> = self.inline.values().cloned().collect();
        let mut stack: Vec<TypeName> = self.component_names.values().cloned().collect();
        stack.extend(roots.iter().filter_map(TypeRef::named).cloned());
        for op in operations {
            stack.extend(op.params_type.iter().cloned());
            for r in &op.responses {
                stack.extend(r.ty.iter().filter_map(TypeRef::named).cloned());
            }
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

/// The single value of `properties.<property>.enum`, if the schema pins one.
fn single_enum_value(schema: &Schema, property: &str) -> Option<String> {
    let v = View::of(schema);
    match v.properties.get(property)? {
        ReferenceOr::Item(p) => match View::of(p).enumeration.as_slice() {
            [Value::String(s)] => Some(s.clone()),
            _ => None,
        },
        ReferenceOr::Reference { .. } => None,
    }
}

/// Named types held by value (not behind a `Vec` or map, which already allocate).
fn by_value(ty: &TypeRef) -> Option<&TypeName> {
    match ty {
        TypeRef::Named(n) => Some(n),
        _ => None,
    }
}

/// Boxes the by-value references that close a cycle, so recursive types have a finite size,
/// and nothing else. Struct fields inside a cycle are boxed first; union variants only where a
/// cycle remains without going through a struct (`enum A { B(B) } enum B { A(A) }`).
fn box_recursion(models: &mut BTreeMap<TypeName, Model>) {
    let index: BTreeMap<TypeName, usize> = models
        .keys()
        .cloned()
        .enumerate()
        .map(|(i, n)| (n, i))
        .collect();
    for pass in [Pass::StructFields, Pass::Everything] {
        let edges: Vec<Vec<usize>> = models
            .values()
            .map(|m| {
                by_value_refs(&m.kind)
                    .into_iter()
                    .filter_map(|n| index.get(n).copied())
                    .collect()
            })
            .collect();
        let component = tarjan(&edges);
        for (name, &i) in &index {
            let Some(model) = models.get_mut(name) else {
                continue;
            };
            let same = |ty: &TypeRef| {
                by_value(ty)
                    .and_then(|n| index.get(n))
                    .is_some_and(|&j| component[j] == component[i])
            };
            let wrap = |ty: &mut TypeRef| {
                if same(ty) {
                    *ty = TypeRef::Boxed(Box::new(ty.clone()));
                }
            };
            match (&mut model.kind, pass) {
                (ModelKind::Struct(s), _) => s.fields.iter_mut().for_each(|f| wrap(&mut f.ty)),
                (ModelKind::Union(u), Pass::Everything) => {
                    u.variants.iter_mut().for_each(|v| wrap(&mut v.ty))
                }
                _ => {}
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Pass {
    StructFields,
    Everything,
}

/// Named types a model holds by value (aliases count: `type A = B` is `B`).
fn by_value_refs(kind: &ModelKind) -> Vec<&TypeName> {
    match kind {
        ModelKind::Struct(s) => s.fields.iter().filter_map(|f| by_value(&f.ty)).collect(),
        ModelKind::Union(u) => u.variants.iter().filter_map(|v| by_value(&v.ty)).collect(),
        ModelKind::Alias(t) | ModelKind::Newtype(t) => by_value(t).into_iter().collect(),
        ModelKind::Enum(_) => Vec::new(),
    }
}

/// Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the stack).
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

trait MapBox {
    fn map_box(self) -> ReferenceOr<Box<Schema>>;
}

impl MapBox for ReferenceOr<Schema> {
    fn map_box(self) -> ReferenceOr<Box<Schema>> {
        match self {
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
            ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s)),
        }
    }
}

impl MapBox for ReferenceOr<Box<Schema>> {
    fn map_box(self) -> ReferenceOr<Box<Schema>> {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::tarjan;

    #[test]
    fn tarjan_finds_cycles_only() {
        // 0 → 1 → 0 is a cycle; 2 → 2 a self-loop; 3 → 0 is not on a cycle.
        let c = tarjan(&[vec![1], vec![0], vec![2], vec![0]]);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[2], c[3]);
        assert_ne!(c[3], c[0]);
    }
}
