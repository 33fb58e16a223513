//! The intermediate representation between `lower` and `emit`: what the crate will contain,
//! with every name already sanitised and unique. It holds no `openapiv3` types and no tokens.

use crate::naming::{FieldName, TypeName, VariantName};

/// Everything the emitted crate contains.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// Named types, sorted by name.
    pub models: Vec<Model>,
    /// Operations, sorted by function name.
    pub operations: Vec<Operation>,
    /// `servers`, in spec order (the first is the default).
    pub servers: Vec<Server>,
    /// Security schemes, sorted by name.
    pub security_schemes: Vec<SecurityScheme>,
    /// Schemes applied to operations that do not say otherwise (the first alternative).
    pub default_security: Vec<SecurityScheme>,
    /// The distinct bodies of error responses, each an `ErrorBody` variant (analysis).
    pub error_bodies: Vec<ErrorBodyVariant>,
    /// The crates and support types the emitted code needs (analysis).
    pub needs: Needs,
    /// Webhooks, sorted by name, then callbacks, in the order of their paths and operations.
    pub webhooks: Vec<Webhook>,
}

/// Crates and support types the emitted code needs, from every type it mentions: models,
/// parameters, bodies and responses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// `chrono`, for dates and times.
    pub chrono: bool,
    /// `uuid`.
    pub uuid: bool,
    /// `base64` and the `Base64Bytes` type.
    pub base64: bool,
    /// The `Nullable` type.
    pub nullable: bool,
    /// The open-enum visitor: some model is an enum.
    pub enums: bool,
    /// The `Constant` helper: some model is a constant type.
    pub constants: bool,
    /// `WebhookError`: the spec has webhooks or callbacks (set by `lower`).
    pub webhooks: bool,
    /// The open-union decoding helpers: some model is a tagged union.
    pub tagged_unions: bool,
    /// Kinds of request and response bodies beyond JSON, each with its runtime module.
    pub bodies: BodyNeeds,
}

/// The body kinds beyond JSON a crate's operations use: each brings a runtime module and,
/// for some, a crate or a reqwest feature (analysis).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BodyNeeds {
    /// `application/x-www-form-urlencoded` request bodies.
    pub form: bool,
    /// `multipart/form-data` request bodies.
    pub multipart: bool,
    /// Bodies of bytes that may be streamed: binary request bodies and multipart files.
    pub upload: bool,
    /// Streamed responses: binary downloads, event streams and JSON Lines.
    pub download: bool,
    /// `text/event-stream` responses.
    pub event_stream: bool,
    /// JSON Lines (`application/jsonl`, `x-ndjson`, `json-seq`) responses.
    pub json_lines: bool,
}

/// Documentation carried onto a generated item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    /// Title or summary, if any.
    pub summary: Option<String>,
    /// Longer description, if any.
    pub description: Option<String>,
    /// Where the item came from in the spec (a JSON pointer), for the fallback doc.
    pub origin: String,
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The Rust name.
    pub name: TypeName,
    /// Its docs.
    pub docs: Docs,
    /// What kind of type it is.
    pub kind: ModelKind,
}

/// The cases of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelKind {
    /// An object with named properties.
    Struct(StructModel),
    /// A string enum, open to values the spec does not list.
    Enum(EnumModel),
    /// A type with one value (`const`, or an `enum` of one value): it writes that value and
    /// decodes nothing else.
    Const(ConstValue),
    /// A JSON array of fixed positions (`prefixItems`) followed by more items of one type.
    Tuple(TupleModel),
    /// `oneOf`/`anyOf`.
    Union(Union),
    /// Another name for a type (`type X = Vec<Y>`).
    Alias(TypeRef),
    /// A struct wrapping one type (`struct X(Vec<X>)`): an alias that contains itself, which
    /// Rust's `type` cannot express. Transparent on the wire.
    Newtype(TypeRef),
}

/// An object schema.
#[derive(Clone, Debug, PartialEq)]
pub struct StructModel {
    /// Properties in spec order.
    pub fields: Vec<Field>,
    /// Typed `additionalProperties` beside named properties, kept in a flattened map.
    pub additional: Option<TypeRef>,
    /// Whether the type is sent in requests, so it gets a constructor and setters.
    pub is_request: bool,
}

/// One property of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The Rust name.
    pub name: FieldName,
    /// The JSON key.
    pub wire: String,
    /// The value type, without the `Option` that `presence` adds.
    pub ty: TypeRef,
    /// Whether the key is required and whether it may be `null`.
    pub presence: Presence,
    /// Docs.
    pub docs: Docs,
    /// Secret value: redacted from `Debug`.
    pub sensitive: bool,
    /// Its type is a constant: when required, constructors fill it in instead of asking;
    /// when optional, its setter takes no value.
    pub fixed: bool,
}

/// The four combinations of `required` and `nullable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, always serialised.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, skipped when `None`.
    Optional,
    /// May be absent or null, and the two mean different things: `Nullable<T>`.
    OptionalNullable,
}

/// A string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumModel {
    /// The known values, in spec order.
    pub variants: Vec<EnumVariant>,
    /// The name of the catch-all variant that keeps unknown values.
    pub unknown: VariantName,
}

/// The one value of a constant type.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A number with a fraction (or beyond `i64`).
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
}

/// `prefixItems` followed by `items`: the typed positions, then the items after them.
#[derive(Clone, Debug, PartialEq)]
pub struct TupleModel {
    /// The types of the leading positions, in order.
    pub prefix: Vec<TypeRef>,
    /// The type of every item after them.
    pub rest: TypeRef,
}

/// One known enum value.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant {
    /// The Rust name.
    pub name: VariantName,
    /// The exact wire value.
    pub wire: String,
}

/// `oneOf` or `anyOf`.
#[derive(Clone, Debug, PartialEq)]
pub enum Union {
    /// Told apart by a discriminator property inside the object (serde's internal tagging).
    Tagged {
        /// The discriminator property.
        property: String,
        /// Variants, in spec order.
        variants: Vec<TaggedVariant>,
    },
    /// Told apart by shape: decoding tries the variants in spec order.
    Untagged {
        /// Variants, in spec order.
        variants: Vec<UnionVariant>,
    },
}

impl Union {
    /// The variants, in spec order.
    pub fn variants(&self) -> Box<dyn Iterator<Item = &UnionVariant> + '_> {
        match self {
            Union::Tagged { variants, .. } => Box::new(variants.iter().map(|v| &v.variant)),
            Union::Untagged { variants } => Box::new(variants.iter()),
        }
    }
}

impl Union {
    /// The variants, in spec order, to change in place.
    pub fn variants_mut(&mut self) -> Box<dyn Iterator<Item = &mut UnionVariant> + '_> {
        match self {
            Union::Tagged { variants, .. } => Box::new(variants.iter_mut().map(|v| &mut v.variant)),
            Union::Untagged { variants } => Box::new(variants.iter_mut()),
        }
    }
}

/// One alternative of a tagged union.
#[derive(Clone, Debug, PartialEq)]
pub struct TaggedVariant {
    /// The discriminator value that selects it.
    pub tag: String,
    /// The alternative.
    pub variant: UnionVariant,
}

/// One alternative of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// The Rust name.
    pub name: VariantName,
    /// The payload.
    pub ty: TypeRef,
}

/// A reference to a type, as used in a field, parameter or body.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// A generated model.
    Named(TypeName),
    /// A scalar.
    Primitive(Primitive),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A closed tuple, `(A, B)`: a JSON array of exactly these positions (`prefixItems`
    /// with `items: false`).
    Tuple(Vec<TypeRef>),
    /// Any JSON value.
    Any,
    /// A free-form JSON object.
    Object,
    /// `Box<T>`, to break a recursive type.
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// The generated model this reference mentions, if any (through `Vec`, maps and `Box`).
    pub fn named(&self) -> Option<&TypeName> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => t.named(),
            // A tuple may mention several models; `refs` lists them all.
            TypeRef::Tuple(ts) => ts.iter().find_map(TypeRef::named),
            TypeRef::Primitive(_) | TypeRef::Any | TypeRef::Object => None,
        }
    }

    /// Every generated model this reference mentions (a tuple mentions several).
    pub fn all_named(&self) -> Vec<&TypeName> {
        match self {
            TypeRef::Tuple(ts) => ts.iter().flat_map(TypeRef::all_named).collect(),
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => t.all_named(),
            other => other.named().into_iter().collect(),
        }
    }
}

impl ModelKind {
    /// The generated models this one refers to: in fields, extra properties, variants, or as
    /// an alias's or newtype's target.
    pub fn refs(&self) -> Vec<&TypeName> {
        match self {
            ModelKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(&s.additional)
                .flat_map(TypeRef::all_named)
                .collect(),
            ModelKind::Union(u) => u.variants().flat_map(|v| v.ty.all_named()).collect(),
            ModelKind::Alias(t) | ModelKind::Newtype(t) => t.all_named(),
            ModelKind::Tuple(t) => t
                .prefix
                .iter()
                .chain([&t.rest])
                .flat_map(TypeRef::all_named)
                .collect(),
            ModelKind::Enum(_) | ModelKind::Const(_) => Vec::new(),
        }
    }
}

/// Scalar types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Primitive {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `date-time`.
    DateTime,
    /// `date`.
    Date,
    /// `uuid`.
    Uuid,
    /// `byte`: base64 on the wire.
    Bytes,
}

mod operations;
mod webhooks;

pub use operations::*;
pub use webhooks::*;
