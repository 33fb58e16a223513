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
    pub default_security: Vec<usize>,
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
pub struct Union {
    /// The discriminator property, for an internally tagged enum; `None` for untagged.
    pub tag: Option<String>,
    /// Variants, in spec order (the order an untagged enum tries them).
    pub variants: Vec<UnionVariant>,
}

/// One alternative of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// The Rust name.
    pub name: VariantName,
    /// The discriminator value, for tagged unions.
    pub tag_value: Option<String>,
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
            TypeRef::Primitive(_) | TypeRef::Any | TypeRef::Object => None,
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
                .filter_map(TypeRef::named)
                .collect(),
            ModelKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.named()).collect(),
            ModelKind::Alias(t) | ModelKind::Newtype(t) => t.named().into_iter().collect(),
            ModelKind::Enum(_) => Vec::new(),
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

/// A server from `servers`.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    /// A name for the constructor and enum variant.
    pub name: VariantName,
    /// The URL, with variables replaced by their defaults.
    pub url: String,
    /// The description.
    pub description: Option<String>,
}

/// A security scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityScheme {
    /// The Rust name (an `Auth` variant).
    pub name: VariantName,
    /// The key in `components/securitySchemes`.
    pub wire: String,
    /// How the credential is sent.
    pub kind: AuthKind,
    /// Docs.
    pub docs: Docs,
}

/// How a credential is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
    /// A header with this name.
    ApiKeyHeader(String),
    /// A query parameter with this name.
    ApiKeyQuery(String),
    /// A cookie with this name.
    ApiKeyCookie(String),
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// OPTIONS.
    Options,
    /// HEAD.
    Head,
    /// PATCH.
    Patch,
    /// TRACE.
    Trace,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Whether repeating the request has the effect of sending it once (RFC 9110).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// One operation: a method on the client.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The method name.
    pub name: FieldName,
    /// `operationId`, when the spec has one.
    pub operation_id: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// The path template as written.
    pub path: String,
    /// The path split into literal text and parameters.
    pub segments: Vec<PathSegment>,
    /// Parameters: path ones first, in template order, then the rest in spec order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// Declared responses, sorted by status.
    pub responses: Vec<Response>,
    /// Indexes into `Api::security_schemes` this operation sends (empty: none).
    pub security: Vec<usize>,
    /// Docs.
    pub docs: Docs,
    /// A struct for the query, header and cookie parameters, if there are any.
    pub params_type: Option<TypeName>,
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// Text copied as is.
    Literal(String),
    /// The value of `Operation::params[i]`, percent-encoded.
    Param(usize),
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// How a query parameter is serialised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `name=a&name=b` (explode) or `name=a,b`.
    Form {
        /// Whether arrays and objects repeat the key.
        explode: bool,
    },
    /// `name[key]=value`.
    DeepObject,
    /// `name=a%20b`.
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
}

/// One parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The Rust name.
    pub name: FieldName,
    /// The name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Serialisation style (query only).
    pub style: ParamStyle,
    /// The type.
    pub ty: TypeRef,
    /// Whether a value must be given.
    pub required: bool,
    /// Secret value: redacted from `Debug`.
    pub sensitive: bool,
    /// Docs.
    pub docs: Docs,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// The media type sent.
    pub content_type: String,
    /// `Some` for JSON bodies; `None` sends raw bytes.
    pub ty: Option<TypeRef>,
    /// Whether the body must be given.
    pub required: bool,
}

/// Which statuses a response covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `1XX` … `5XX`.
    Range(u16),
    /// `default`.
    Default,
}

/// A declared response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Which statuses it covers.
    pub status: StatusMatch,
    /// Whether it is the operation's success response.
    pub success: bool,
    /// The body type, for JSON responses; `None` when there is no JSON body.
    pub ty: Option<TypeRef>,
    /// For enveloped responses, the fields leading from the body to the resource.
    pub unwrap: Option<Unwrap>,
    /// Docs.
    pub docs: Docs,
}

/// Where the resource sits inside a response envelope (`x-unwrap`).
#[derive(Clone, Debug, PartialEq)]
pub struct Unwrap {
    /// The field path from the envelope to the resource.
    pub path: Vec<FieldName>,
    /// The resource's type.
    pub ty: TypeRef,
}
