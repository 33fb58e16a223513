//! `oneOf` / `anyOf` → Rust enums, tagged by the discriminator when every variant allows it.

use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;

use super::schema_view::View;
use super::Lowerer;
use crate::error::{push_pointer, Result};
use crate::ir::{ModelKind, TaggedVariant, TypeRef, Union, UnionVariant};
use crate::naming::{Scope, TypeName, VariantName};

impl Lowerer<'_> {
    pub(super) fn lower_union(
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
            let described = match member {
                ReferenceOr::Item(schema) => described_reference(schema),
                ReferenceOr::Reference { .. } => None,
            };
            let (label, ty, tag_value) = match (described, member) {
                (Some(reference), _) | (None, ReferenceOr::Reference { reference }) => {
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
                (None, ReferenceOr::Item(schema)) => {
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
            let variant = UnionVariant {
                name: scope.claim(VariantName::new(&label)),
                ty,
            };
            variants.push((tag_value, variant));
        }
        let union = match discriminator {
            Some(d) if tagged => {
                let property = d.property_name.clone();
                let mut tagged = Vec::with_capacity(variants.len());
                for (tag, variant) in variants {
                    if let TypeRef::Named(n) = &variant.ty {
                        self.strip_tags.insert(n.clone(), property.clone());
                    }
                    // A tagged union has a tag for every member (`tagged` checked that).
                    let tag = tag.unwrap_or_else(|| variant.name.serde_name().to_owned());
                    tagged.push(TaggedVariant { tag, variant });
                }
                Union::Tagged {
                    property,
                    variants: tagged,
                }
            }
            _ => Union::Untagged {
                variants: variants.into_iter().map(|(_, v)| v).collect(),
            },
        };
        Ok(ModelKind::Union(union))
    }
}

/// The reference a member only describes: `{allOf: [{$ref: X}], description: ...}`, which is
/// also what `load` makes of a 3.1 `{$ref: X, description: ...}`. Such a member is `X` itself,
/// so a discriminator can tag it like a bare reference.
fn described_reference(schema: &Schema) -> Option<&String> {
    let v = View::of(schema);
    match v.all_of {
        [ReferenceOr::Reference { reference }]
            if !v.data.nullable
                && View {
                    all_of: &[],
                    ..View::of(schema)
                }
                .is_annotation_only() =>
        {
            Some(reference)
        }
        _ => None,
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
