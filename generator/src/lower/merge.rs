//! `allOf` merging: the object members of an `allOf`, followed through references and nested
//! `allOf`s, become one struct.

use openapiv3::{ReferenceOr, Schema};

use super::schema_view::View;
use super::schemas::MapBox;
use super::{Lowerer, Part, MAX_DEPTH};
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{ModelKind, TypeRef};
use crate::naming::TypeName;

impl Lowerer<'_> {
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

    /// The object schemas an `allOf` merges, each with where it is declared; `None` when a
    /// member is not an object.
    pub(super) fn all_of_objects(
        &self,
        schema: &Schema,
        pointer: &str,
        owner: &TypeName,
    ) -> Result<Option<Vec<(Schema, String)>>> {
        let at = Part {
            pointer: pointer.to_owned(),
            owner: owner.clone(),
        };
        let mut out = Vec::new();
        let all_objects = self.collect_all_of(schema, &at, &mut out, 0)?;
        Ok(all_objects.then(|| out.into_iter().map(|(s, p)| (s, p.pointer)).collect()))
    }

    pub(super) fn lower_all_of(
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
}
