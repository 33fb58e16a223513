//! Schemas → models and type references: named models, structs from their properties, and
//! the type of a schema in a field, item, parameter or body position.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::schema_view::View;
use super::{docs, Lowerer, Part};
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{Docs, Field, Model, ModelKind, Presence, Primitive, StructModel, TypeRef};
use crate::naming::{FieldName, Scope, TypeName};

impl Lowerer<'_> {
    /// Lowers a schema that gets a name of its own.
    pub(super) fn lower_model(
        &mut self,
        name: TypeName,
        schema: &Schema,
        pointer: &str,
    ) -> Result<Model> {
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
        } else if view.prefix_items.is_some() && !view.tuple_closed {
            ModelKind::Tuple(self.lower_tuple(&name, &view, pointer)?)
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

    /// Merges the properties of `parts` into one struct (`required` lists united).
    pub(super) fn lower_struct(
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
            self.note_access(name, wire, prop, &prop_pointer)?;
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
                fixed: false,
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
                    || super::enums::single_value(&view).is_some()
                    || (view.prefix_items.is_some() && !view.tuple_closed)
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
    pub(super) fn type_of_view(
        &mut self,
        hint: &TypeName,
        view: &View<'_>,
        pointer: &str,
    ) -> Result<TypeRef> {
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
            Some("array") if view.prefix_items.is_some() => {
                TypeRef::Tuple(self.tuple_positions(hint, view, pointer)?)
            }
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
}

pub(super) trait MapBox {
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
