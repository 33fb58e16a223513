//! A flat view of one `openapiv3::Schema`, whichever `SchemaKind` the parser picked, so the
//! lowering rules read every schema the same way.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::load::{PREFIX_ITEMS, TUPLE_CLOSED};

static NO_PROPERTIES: std::sync::OnceLock<IndexMap<String, ReferenceOr<Box<Schema>>>> =
    std::sync::OnceLock::new();

/// Everything lowering looks at in a schema.
pub struct View<'a> {
    pub data: &'a SchemaData,
    pub typ: Option<&'a str>,
    pub format: Option<String>,
    pub enumeration: Vec<Value>,
    pub properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub one_of: &'a [ReferenceOr<Schema>],
    pub all_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub not: bool,
    /// A tuple's positions (`prefixItems`, unparsed: `load` keeps them as an extension).
    pub prefix_items: Option<&'a Value>,
    /// Whether nothing may follow the positions (`items: false`).
    pub tuple_closed: bool,
}

fn string_format(f: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(f) => Some(
            match f {
                StringFormat::Date => "date",
                StringFormat::DateTime => "date-time",
                StringFormat::Password => "password",
                StringFormat::Byte => "byte",
                StringFormat::Binary => "binary",
            }
            .to_owned(),
        ),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn other_format<T: serde::Serialize>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(f) => serde_json::to_value(f)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned)),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn opt_values<T: Into<Value> + Clone>(values: &[Option<T>]) -> Vec<Value> {
    values
        .iter()
        .map(|v| v.clone().map_or(Value::Null, Into::into))
        .collect()
}

impl<'a> View<'a> {
    pub fn of(schema: &'a Schema) -> Self {
        let empty = NO_PROPERTIES.get_or_init(IndexMap::new);
        let mut v = View {
            data: &schema.schema_data,
            typ: None,
            format: None,
            enumeration: Vec::new(),
            properties: empty,
            required: &[],
            additional: None,
            items: None,
            one_of: &[],
            all_of: &[],
            any_of: &[],
            not: false,
            // Only a list of positions is a tuple (the key is an extension a spec could write).
            prefix_items: schema
                .schema_data
                .extensions
                .get(PREFIX_ITEMS)
                .filter(|v| v.as_array().is_some_and(|a| !a.is_empty())),
            tuple_closed: schema.schema_data.extensions.get(TUPLE_CLOSED)
                == Some(&Value::Bool(true)),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                v.typ = Some("string");
                v.format = string_format(&s.format);
                v.enumeration = opt_values(&s.enumeration);
            }
            SchemaKind::Type(Type::Number(n)) => {
                v.typ = Some("number");
                v.format = other_format(&n.format);
                v.enumeration = n
                    .enumeration
                    .iter()
                    .map(|x| {
                        x.and_then(serde_json::Number::from_f64)
                            .map_or(Value::Null, Value::Number)
                    })
                    .collect();
            }
            SchemaKind::Type(Type::Integer(i)) => {
                v.typ = Some("integer");
                v.format = other_format(&i.format);
                v.enumeration = opt_values(&i.enumeration);
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                v.typ = Some("boolean");
                v.enumeration = opt_values(&b.enumeration);
            }
            SchemaKind::Type(Type::Object(o)) => {
                v.typ = Some("object");
                v.properties = &o.properties;
                v.required = &o.required;
                v.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                v.typ = Some("array");
                v.items = a.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::Not { .. } => v.not = true,
            SchemaKind::Any(a) => {
                v.typ = a.typ.as_deref();
                v.format = a.format.clone();
                v.enumeration = a.enumeration.clone();
                v.properties = &a.properties;
                v.required = &a.required;
                v.additional = a.additional_properties.as_ref();
                v.items = a.items.as_ref();
                v.one_of = &a.one_of;
                v.all_of = &a.all_of;
                v.any_of = &a.any_of;
                v.not = a.not.is_some();
            }
        }
        v
    }

    /// `x-sensitive: true`, or `format: password`.
    pub fn sensitive(&self) -> bool {
        self.data
            .extensions
            .get("x-sensitive")
            .and_then(Value::as_bool)
            .unwrap_or(false)
            || self.format.as_deref() == Some("password")
    }

    /// Whether the schema admits `null`.
    pub fn nullable(&self) -> bool {
        self.data.nullable || self.enumeration.iter().any(Value::is_null)
    }

    /// Whether the schema only annotates (description, title, `xml`, `nullable`, examples…)
    /// and says nothing about the value's shape.
    pub fn is_annotation_only(&self) -> bool {
        self.typ.is_none()
            && self.format.is_none()
            && self.enumeration.is_empty()
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.items.is_none()
            && self.prefix_items.is_none()
            && self.one_of.is_empty()
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && !self.not
    }

    /// `allOf` members that say something about the value, with their indexes. Specs often
    /// write `allOf: [$ref: X, {description: …}]` to describe a reference; that is just `X`.
    pub fn substantive_all_of(&self) -> Vec<(usize, &'a ReferenceOr<Schema>)> {
        self.all_of
            .iter()
            .enumerate()
            .filter(|(_, m)| !matches!(m, ReferenceOr::Item(s) if View::of(s).is_annotation_only()))
            .collect()
    }

    /// Whether an annotation-only `allOf` member says `nullable: true`.
    pub fn annotated_nullable(&self) -> bool {
        self.all_of.iter().any(|m| matches!(m, ReferenceOr::Item(s) if s.schema_data.nullable && View::of(s).is_annotation_only()))
    }

    /// An object, or an `allOf` that merges into one: what a tagged union's variant must be.
    pub fn is_composite_object(&self) -> bool {
        self.is_object_like() || !self.all_of.is_empty()
    }

    /// An object with named properties (or a schema whose only content is properties).
    pub fn is_object_like(&self) -> bool {
        self.typ == Some("object") || (self.typ.is_none() && !self.properties.is_empty())
    }
}
