//! The client half of the IR: servers, security schemes, operations, parameters, bodies
//! and responses.

use crate::naming::{FieldName, TypeName, VariantName};

use super::{Docs, Presence, TypeRef};

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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
    /// QUERY (OpenAPI 3.2): safe and idempotent, with a request body.
    Query,
    /// Any other method (an OpenAPI 3.2 `additionalOperations` key), exactly as sent on the
    /// wire; `load` checked it is an RFC 9110 token.
    Other(String),
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
            Method::Query => "QUERY",
            Method::Other(name) => name,
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
    /// The headers its success responses declare, if any.
    pub response_headers: Option<ResponseHeaders>,
    /// When the request body may be sent as several media types: a method per media type,
    /// the default one (this operation's own name, JSON when offered) first. Empty otherwise.
    pub body_methods: Vec<BodyMethod>,
    /// When a success response offers JSON and also a stream (server-sent events or JSON
    /// Lines): the other method of the pair. Both send the same request; the server chooses.
    pub stream_twin: Option<StreamTwin>,
    /// The `Accept` header the call sends, when it is not the runtime's `application/json`:
    /// a streamed, text or binary success, or a JSON media type of its own
    /// (`application/vnd.api+json`), which negotiating servers may insist on.
    pub accept: Option<String>,
}

impl Operation {
    /// Whether this method is the streaming twin of an operation whose plain method
    /// returns JSON.
    pub fn is_stream_twin(&self) -> bool {
        self.stream_twin.as_ref().is_some_and(|t| t.streams)
    }

    /// Whether this method is one of an operation's extra methods for a request media type
    /// other than the default one.
    pub fn is_extra_body_method(&self) -> bool {
        self.body_methods
            .first()
            .is_some_and(|default| default.method != self.name)
    }
}

/// The headers an operation's success responses declare, decoded into a struct emitted for
/// the operation.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseHeaders {
    /// The struct's name.
    pub name: TypeName,
    /// The headers, in the order the spec lists them.
    pub headers: Vec<ResponseHeader>,
}

/// One declared response header.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseHeader {
    /// The struct field.
    pub name: FieldName,
    /// The header's name as the spec writes it (matched in any case).
    pub wire: String,
    /// The decoded type (an array for a comma-separated list).
    pub ty: TypeRef,
    /// Required in every success response that can be received: missing is an error.
    pub required: bool,
    /// Declared with `content: application/json`: the value is JSON text.
    pub json: bool,
    /// Secret value (`x-sensitive: true`, `format: password`): redacted from `Debug`.
    pub sensitive: bool,
    /// Docs.
    pub docs: Docs,
}

/// The method paired with this one when a response offers both JSON and a stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamTwin {
    /// The other method of the pair.
    pub method: FieldName,
    /// The streamed media type the twin asks for (`text/event-stream`, `application/jsonl`…).
    pub content_type: String,
    /// Whether this method is the one returning the stream (the other returns JSON).
    pub streams: bool,
}

/// One of the methods of an operation whose request body may be sent as several media types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyMethod {
    /// The method.
    pub method: FieldName,
    /// The media type it sends.
    pub content_type: String,
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
    /// The whole query string (OpenAPI 3.2 `in: querystring`), encoded as this media type.
    QueryString(QueryStringContent),
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// How an `in: querystring` parameter's value becomes the query string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryStringContent {
    /// `application/x-www-form-urlencoded`: the value's properties as `key=value` pairs.
    Form,
    /// `application/json`: the value's JSON text, percent-encoded.
    Json,
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
    /// For a form-encoded `in: querystring` parameter, the `encoding` rules of its properties
    /// (empty otherwise).
    pub query_string_rules: Vec<FormEncoding>,
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
    /// By the event's name: a 3.2 `itemSchema` whose `oneOf` members each fix `event` to one
    /// name, with a `data` schema of their own. An enum is emitted for them.
    Kinds(EventKinds),
}

/// The events of a stream told apart by name, and the enum emitted for them.
#[derive(Clone, Debug, PartialEq)]
pub struct EventKinds {
    /// The enum's name (in the client module, beside the method that returns it).
    pub name: TypeName,
    /// The kinds, in the order the spec lists them.
    pub kinds: Vec<EventKind>,
    /// The variant for events the spec does not list.
    pub unknown: VariantName,
}

/// One named kind of server-sent event.
#[derive(Clone, Debug, PartialEq)]
pub struct EventKind {
    /// The `event` field's value.
    pub event: String,
    /// The enum variant.
    pub variant: VariantName,
    /// The decoded `data`: JSON of this type, or the text as it is (`None`).
    pub data: Option<TypeRef>,
}

impl Success {
    /// The type of the decoded body, if the body is JSON.
    pub fn body_type(&self) -> Option<&TypeRef> {
        match self {
            Success::Json(ty) => Some(ty),
            Success::Enveloped(e) => Some(&e.ty),
            Success::Empty
            | Success::Text
            | Success::Binary
            | Success::EventStream(_)
            | Success::JsonLines(_) => None,
        }
    }

    /// The types the items of a streamed response decode into (several when the events
    /// of a stream differ by name).
    pub fn item_types(&self) -> Vec<&TypeRef> {
        match self {
            Success::EventStream(EventData::Json(ty)) | Success::JsonLines(ty) => vec![ty],
            Success::EventStream(EventData::Kinds(k)) => k
                .kinds
                .iter()
                .filter_map(|kind| kind.data.as_ref())
                .collect(),
            _ => Vec::new(),
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
