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
            ModelKind::Union(u) => u.variants().filter_map(|v| v.ty.named()).collect(),
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
    /// What a success response gives the caller.
    pub success: Success,
    /// Error responses: exact codes (those with the same body grouped) first, then ranges,
    /// then `default`, so no pattern shadows a more specific one.
    pub errors: Vec<ErrorCase>,
    /// The schemes (by `Auth` variant) whose credentials this operation sends (empty: none).
    pub security: Vec<VariantName>,
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
    /// A path parameter's value, percent-encoded.
    Param {
        /// The method argument.
        name: FieldName,
        /// The name in the template.
        wire: String,
    },
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string, written in this style.
    Query(ParamStyle),
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
    /// How it is encoded.
    pub kind: BodyKind,
    /// Whether the body must be given.
    pub required: bool,
}

/// How a request body is encoded.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyKind {
    /// A typed value, sent as JSON.
    Json {
        /// Its type.
        ty: TypeRef,
        /// Where its sensitive values are, so errors can mask them (analysis).
        secret_paths: Vec<SecretPath>,
    },
    /// Bytes sent as they are: in memory or streamed (`application/octet-stream`, images,
    /// any media type with no structure the generator knows).
    Bytes,
    /// Text (`text/plain` and other `text/*` types), sent as UTF-8.
    Text,
    /// `application/x-www-form-urlencoded`: a typed value, flattened into `key=value` pairs.
    Form(FormBody),
    /// `multipart/form-data`: a struct emitted for this body, a part per property.
    Multipart(MultipartBody),
}

/// A form-encoded request body.
#[derive(Clone, Debug, PartialEq)]
pub struct FormBody {
    /// The value's type: an object.
    pub ty: TypeRef,
    /// How each property is written, for those whose `encoding` says something; the rest
    /// use the default (`style: form`, `explode: true`).
    pub encoding: Vec<FormEncoding>,
    /// Where its sensitive values are, so errors can mask them (analysis).
    pub secret_paths: Vec<SecretPath>,
}

/// How one property of a form body is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormEncoding {
    /// The property.
    pub wire: String,
    /// Its rule.
    pub rule: FormRule,
}

/// The `encoding` of one form property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormRule {
    /// `style` and `explode`; `deepObject` writes Stripe's brackets (`a[b]=1`, `a[]=1`,
    /// `a[0][b]=1`).
    Style(ParamStyle),
    /// `contentType: application/json`: the property's value as JSON text.
    Json,
}

/// A multipart request body: the struct emitted for it and its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct MultipartBody {
    /// The struct's name (in the client module: file parts are a client type).
    pub name: TypeName,
    /// Docs.
    pub docs: Docs,
    /// Parts, in property order.
    pub parts: Vec<Part>,
}

/// One part (or, when repeated, several) of a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The struct field.
    pub name: FieldName,
    /// The part's name on the wire.
    pub wire: String,
    /// What the part holds.
    pub kind: PartKind,
    /// Whether the property is required.
    pub required: bool,
    /// An array: one part per item, all with this name.
    pub repeated: bool,
    /// `encoding.contentType`, when the spec gives one.
    pub content_type: Option<String>,
    /// Header names `encoding.headers` declares for the part.
    pub headers: Vec<String>,
    /// Docs.
    pub docs: Docs,
}

/// What a multipart part holds.
#[derive(Clone, Debug, PartialEq)]
pub enum PartKind {
    /// A file: bytes or a stream, with a file name and content type.
    File,
    /// A scalar sent as its text.
    Text(TypeRef),
    /// An object or array sent as JSON.
    Json(TypeRef),
}

/// The way from a body to the sensitive values inside it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SecretPath(pub Vec<PathStep>);

/// One step of a [`SecretPath`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PathStep {
    /// The value of this object key.
    Key(String),
    /// Every item of an array, or every value of a map.
    Each,
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

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Success {
    /// Nothing: no success response has a body.
    Empty,
    /// The body's bytes: a success response without a JSON schema.
    Bytes,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A JSON envelope around the resource the caller wants (`x-unwrap`).
    Enveloped(Envelope),
    /// A `text/*` body, as a `String`.
    Text,
    /// A binary body (`application/octet-stream`, images, archives…), read as a stream or
    /// collected, with its headers.
    Binary,
    /// `text/event-stream`: a stream of events whose `data` is of this type.
    EventStream(EventData),
    /// JSON Lines (`application/jsonl`, `application/x-ndjson`, `application/json-seq`): a
    /// stream of items of this type.
    JsonLines(TypeRef),
}

/// How the `data` of a server-sent event is decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum EventData {
    /// As JSON, into this type.
    Json(TypeRef),
    /// As it is: a string schema, or none.
    Text,
}

impl Success {
    /// The type of the decoded body, if the body is JSON.
    pub fn body_type(&self) -> Option<&TypeRef> {
        match self {
            Success::Json(ty) => Some(ty),
            Success::Enveloped(e) => Some(&e.ty),
            Success::Empty
            | Success::Bytes
            | Success::Text
            | Success::Binary
            | Success::EventStream(_)
            | Success::JsonLines(_) => None,
        }
    }

    /// The type each item of a streamed response decodes into, if it is typed.
    pub fn item_type(&self) -> Option<&TypeRef> {
        match self {
            Success::EventStream(EventData::Json(ty)) | Success::JsonLines(ty) => Some(ty),
            _ => None,
        }
    }

    /// The type of the value the caller works with, if the body is JSON.
    pub fn resource_type(&self) -> Option<&TypeRef> {
        match self {
            Success::Json(ty) => Some(ty),
            Success::Enveloped(e) => Some(&e.resource),
            _ => None,
        }
    }
}

/// Where the resource sits inside a response envelope (`x-unwrap`).
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// The envelope's type: the whole body.
    pub ty: TypeRef,
    /// The field path from the envelope to the resource.
    pub path: Vec<FieldName>,
    /// The resource's type.
    pub resource: TypeRef,
}

/// Error statuses handled alike.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCase {
    /// The statuses.
    pub statuses: Vec<StatusMatch>,
    /// The JSON body declared for them, if any.
    pub body: Option<TypeRef>,
}

/// One variant of the crate's `ErrorBody` (analysis).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorBodyVariant {
    /// The variant name.
    pub name: VariantName,
    /// The body's type.
    pub ty: TypeRef,
    /// The string property holding the server's message, if the body has one.
    pub message: Option<Accessor>,
    /// The string property holding the request id, if the body has one.
    pub request_id: Option<Accessor>,
}

/// A string property read from a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Accessor {
    /// The field.
    pub field: FieldName,
    /// How it is held, which decides how to borrow it.
    pub presence: Presence,
}
