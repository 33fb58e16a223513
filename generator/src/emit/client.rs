//! Operations, servers and security schemes → `client.rs`: an async `reqwest` client with one
//! method per operation, typed errors, auth, timeouts and bounded retries.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_lines, lines_to_attrs};
use super::types::{rust_type, Ctx};
use crate::ir::{
    Api, AuthKind, Model, ModelKind, Operation, ParamLocation, ParamStyle, PathSegment, Presence,
    Response, StatusMatch, TypeRef,
};
use std::collections::{BTreeMap, BTreeSet};

use crate::naming::{Scope, TypeName, VariantName};

/// Operations per `impl Client` block. Each block is rendered on its own (see
/// `emit::part_count`), so a spec with thousands of operations never holds them all as tokens.
pub const OPERATIONS_PER_PART: usize = 200;

/// What every part of `client.rs` needs, computed once per crate rather than once per part.
pub struct ClientPlan<'a> {
    error_types: Vec<(VariantName, TypeRef)>,
    secrets: Secrets<'a>,
}

impl<'a> ClientPlan<'a> {
    /// Collects the error body types and which models can hold secrets.
    pub fn new(api: &'a Api) -> Self {
        Self {
            error_types: error_types(api),
            secrets: Secrets::new(api),
        }
    }
}

/// The body of `client.rs`.
pub fn emit_client(api: &Api) -> TokenStream {
    let plan = ClientPlan::new(api);
    let parts = (0..client_part_count(api)).map(|i| emit_client_part(api, &plan, i));
    quote!(#(#parts)*)
}

/// How many parts `client.rs` is emitted in.
pub fn client_part_count(api: &Api) -> usize {
    api.operations.len().div_ceil(OPERATIONS_PER_PART).max(1)
}

/// Part `index` of `client.rs`: the first holds everything but the later methods; each later
/// one is another `impl Client` block of operations.
pub fn emit_client_part(api: &Api, plan: &ClientPlan<'_>, index: usize) -> TokenStream {
    let ClientPlan {
        error_types,
        secrets,
    } = plan;
    let start = (index * OPERATIONS_PER_PART).min(api.operations.len());
    let end = (start + OPERATIONS_PER_PART).min(api.operations.len());
    let methods = api.operations[start..end]
        .iter()
        .map(|op| emit_operation(op, error_types, secrets));
    if index > 0 {
        return quote! {
            impl Client {
                #(#methods)*
            }
        };
    }
    let servers = emit_servers(api);
    let auth = emit_auth(api);
    let error = emit_error(api, error_types);
    let constructors = emit_constructors(api);
    let runtime = runtime();
    let path_helpers = path_helpers(api);
    let decode_helpers = decode_helpers(api);
    // `new()` without arguments is what `Default` means; clippy asks for both.
    let single_credential = api.default_security.len() == 1;
    let default = (!single_credential && !api.servers.is_empty()).then(|| {
        quote! {
            impl Default for Client {
                /// The same as [`Client::new`].
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        //! The HTTP client: one async method per operation of the spec.

        use std::time::Duration;

        #servers
        #auth
        #error
        #runtime
        #path_helpers
        #decode_helpers
        #default

        impl Client {
            #constructors
            #(#methods)*
        }
    }
}

/// Distinct body types of error responses, each an `ErrorBody` variant.
fn error_types(api: &Api) -> Vec<(VariantName, TypeRef)> {
    let mut scope = Scope::with_reserved(&["Raw"]);
    let mut out: Vec<(VariantName, TypeRef)> = Vec::new();
    for op in &api.operations {
        for r in op.responses.iter().filter(|r| !r.success) {
            if let Some(ty) = &r.ty {
                if !out.iter().any(|(_, t)| t == ty) {
                    let label = match ty {
                        TypeRef::Named(n) => n.to_string(),
                        _ => "json".to_owned(),
                    };
                    out.push((scope.claim(VariantName::new(&label)), ty.clone()));
                }
            }
        }
    }
    out
}

fn emit_servers(api: &Api) -> TokenStream {
    if api.servers.is_empty() {
        return quote! {
            /// The spec lists no servers: a base URL must be given.
            fn default_base_url() -> String {
                String::new()
            }
        };
    }
    let variants = api.servers.iter().map(|s| {
        let name = &s.name;
        let lines = match &s.description {
            Some(d) => {
                let mut l = doc_lines(
                    &crate::ir::Docs {
                        description: Some(d.clone()),
                        ..Default::default()
                    },
                    "",
                );
                l.push(String::new());
                l.push(format!("`{}`", s.url));
                l
            }
            None => vec![format!("`{}`", s.url)],
        };
        let docs = lines_to_attrs(&lines);
        quote!(#docs #name,)
    });
    let urls = api.servers.iter().map(|s| {
        let name = &s.name;
        let url = &s.url;
        quote!(Self::#name => #url,)
    });
    let first = &api.servers[0].name;
    quote! {
        /// The servers the spec lists; the first is the default.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub enum Server {
            #[default]
            #(#variants)*
        }

        impl Server {
            /// The server's base URL.
            pub const fn url(self) -> &'static str {
                match self {
                    #(#urls)*
                }
            }
        }

        fn default_base_url() -> String {
            Server::#first.url().to_owned()
        }

        impl ClientBuilder {
            /// Sends requests to one of the spec's servers.
            pub fn server(self, server: Server) -> Self {
                self.base_url(server.url())
            }
        }
    }
}

fn emit_auth(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() {
        return quote! {
            /// Credentials (the spec declares no security schemes).
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub enum Auth {}

            impl Auth {
                fn index(&self) -> usize {
                    match *self {}
                }

                fn apply(&self, _request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
                    match *self {}
                }

                fn secret(&self) -> &str {
                    match *self {}
                }
            }
        };
    }
    let variants = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        let how = match &s.kind {
            AuthKind::Bearer => "Sent as `Authorization: Bearer <token>`.".to_owned(),
            AuthKind::Basic => "Sent as HTTP basic authentication.".to_owned(),
            AuthKind::ApiKeyHeader(h) => format!("Sent in the `{h}` header."),
            AuthKind::ApiKeyQuery(q) => format!("Sent as the `{q}` query parameter."),
            AuthKind::ApiKeyCookie(c) => format!("Sent as the `{c}` cookie."),
        };
        let mut lines = doc_lines(&s.docs, &format!("The `{}` security scheme.", s.wire));
        lines.push(String::new());
        lines.push(how);
        let docs = lines_to_attrs(&lines);
        match s.kind {
            AuthKind::Basic => quote! {
                #docs
                #name {
                    /// The user name.
                    username: String,
                    /// The password.
                    password: String,
                },
            },
            _ => quote!(#docs #name(String),),
        }
    });
    let indexes = api.security_schemes.iter().enumerate().map(|(i, s)| {
        let name = &s.name;
        match s.kind {
            AuthKind::Basic => quote!(Self::#name { .. } => #i,),
            _ => quote!(Self::#name(_) => #i,),
        }
    });
    let labels = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        let label = name.as_str();
        match s.kind {
            AuthKind::Basic => quote!(Self::#name { .. } => #label,),
            _ => quote!(Self::#name(_) => #label,),
        }
    });
    let secrets = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        match s.kind {
            AuthKind::Basic => quote!(Self::#name { password, .. } => password,),
            _ => quote!(Self::#name(secret) => secret,),
        }
    });
    let applies = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        match &s.kind {
            AuthKind::Bearer => quote!(Self::#name(token) => request.bearer_auth(token),),
            AuthKind::Basic => {
                quote!(Self::#name { username, password } => request.basic_auth(username, Some(password)),)
            }
            AuthKind::ApiKeyHeader(h) => quote!(Self::#name(key) => request.header(#h, key),),
            AuthKind::ApiKeyQuery(q) => quote!(Self::#name(key) => request.query(&[(#q, key)]),),
            AuthKind::ApiKeyCookie(c) => {
                quote!(Self::#name(key) => request.header(reqwest::header::COOKIE, format!("{}={}", #c, key)),)
            }
        }
    });
    quote! {
        /// Credentials for the spec's security schemes. `Debug` never shows them.
        #[derive(Clone, PartialEq, Eq)]
        pub enum Auth {
            #(#variants)*
        }

        impl std::fmt::Debug for Auth {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let scheme = match self {
                    #(#labels)*
                };
                write!(f, "{scheme}([redacted])")
            }
        }

        impl Auth {
            fn index(&self) -> usize {
                match self {
                    #(#indexes)*
                }
            }

            fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
                match self {
                    #(#applies)*
                }
            }

            /// The part of the credential that must never reach an error message.
            fn secret(&self) -> &str {
                match self {
                    #(#secrets)*
                }
            }
        }
    }
}

/// Surfaces `message` and request-id properties of error bodies, by the convention the README
/// documents: a string property named `message`, and one named `request`, `requestId` or
/// `request_id`.
fn error_accessor(
    api: &Api,
    ty: &TypeRef,
    wires: &[&str],
) -> Option<(crate::naming::FieldName, Presence)> {
    let TypeRef::Named(n) = ty else { return None };
    let mut model: &Model = api.models.iter().find(|m| &m.name == n)?;
    for _ in 0..api.models.len() {
        match &model.kind {
            ModelKind::Alias(TypeRef::Named(next)) => {
                model = api.models.iter().find(|m| &m.name == next)?
            }
            _ => break,
        }
    }
    let ModelKind::Struct(s) = &model.kind else {
        return None;
    };
    let f = s.fields.iter().find(|f| {
        wires.contains(&f.wire.as_str())
            && f.ty == TypeRef::Primitive(crate::ir::Primitive::String)
            && !f.sensitive
    })?;
    Some((f.name.clone(), f.presence))
}

fn emit_error(api: &Api, error_types: &[(VariantName, TypeRef)]) -> TokenStream {
    let variants = error_types.iter().map(|(name, ty)| {
        let t = rust_type(ty, Ctx::Crate);
        let doc = format!(" A `{}` body.", name);
        quote!(#[doc = #doc] #name(#t),)
    });
    let accessor = |wires: &[&str]| {
        let arms = error_types
            .iter()
            .map(|(name, ty)| match error_accessor(api, ty, wires) {
                Some((field, Presence::Required)) => {
                    quote!(Self::#name(body) => Some(body.#field.as_str()),)
                }
                Some((field, Presence::Optional | Presence::RequiredNullable)) => {
                    quote!(Self::#name(body) => body.#field.as_deref(),)
                }
                Some((field, Presence::OptionalNullable)) => {
                    quote!(Self::#name(body) => body.#field.as_ref().map(String::as_str),)
                }
                None => quote!(Self::#name(_) => None,),
            });
        quote!(match self { #(#arms)* Self::Raw(_) => None })
    };
    let message = accessor(&["message"]);
    let request_id = accessor(&REQUEST_ID_WIRES);
    quote! {
        /// The body of an error response: the schema the spec declares for its status, or the
        /// raw text when it declares none or the body does not match it.
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum ErrorBody {
            #(#variants)*
            /// The body as received.
            Raw(String),
        }

        impl ErrorBody {
            /// The server's error message, when the body has one.
            pub fn message(&self) -> Option<&str> {
                #message
            }

            /// The server's request id, when the body has one.
            pub fn request_id(&self) -> Option<&str> {
                #request_id
            }
        }

        /// Everything a call can fail with. Never contains credentials.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// The server answered with an error status.
            Api {
                /// The HTTP status.
                status: u16,
                /// The decoded body (boxed: it can be large, and errors travel in `Result`s).
                body: Box<ErrorBody>,
                /// `Retry-After`, when the server sent one.
                retry_after: Option<Duration>,
            },
            /// The request could not be sent, or the response could not be read.
            Transport(reqwest::Error),
            /// No response arrived within the configured timeout.
            Timeout,
            /// A success response whose body does not match the spec.
            Decode {
                /// The HTTP status.
                status: u16,
                /// What did not match.
                message: String,
                /// The start of the body.
                excerpt: String,
            },
            /// A request body or parameter could not be encoded.
            Encode(String),
            /// The client was configured with an unusable base URL.
            InvalidBaseUrl(String),
        }

        impl Error {
            /// The HTTP status, for errors that have one.
            pub fn status(&self) -> Option<u16> {
                match self {
                    Self::Api { status, .. } | Self::Decode { status, .. } => Some(*status),
                    _ => None,
                }
            }

            /// The decoded error body, for API errors.
            pub fn body(&self) -> Option<&ErrorBody> {
                match self {
                    Self::Api { body, .. } => Some(body),
                    _ => None,
                }
            }

            /// Whether sending the request again may succeed: connection failures, timeouts,
            /// `429 Too Many Requests` and `5xx` statuses.
            pub fn is_retryable(&self) -> bool {
                match self {
                    Self::Api { status, .. } => *status == 429 || *status >= 500,
                    Self::Transport(e) => e.is_connect() || e.is_timeout(),
                    Self::Timeout => true,
                    _ => false,
                }
            }

            fn transport(e: reqwest::Error) -> Self {
                // URLs can carry query-string API keys; errors never show them.
                if e.is_timeout() {
                    Self::Timeout
                } else {
                    Self::Transport(e.without_url())
                }
            }
        }

        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Api { status, body, .. } => {
                        write!(f, "the API answered HTTP {status}")?;
                        if let Some(message) = body.message() {
                            write!(f, ": {message}")?;
                        }
                        if let Some(id) = body.request_id() {
                            write!(f, " (request {id})")?;
                        }
                        Ok(())
                    }
                    Self::Transport(e) => write!(f, "could not reach the API: {e}"),
                    Self::Timeout => f.write_str("the API did not answer in time"),
                    Self::Decode { status, message, excerpt } => {
                        write!(f, "HTTP {status} response does not match the spec ({message}); body starts: {excerpt}")
                    }
                    Self::Encode(message) => write!(f, "could not encode the request: {message}"),
                    Self::InvalidBaseUrl(message) => write!(f, "invalid base URL: {message}"),
                }
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Self::Transport(e) => Some(e),
                    _ => None,
                }
            }
        }
    }
}

/// `Client::new`, `Client::for_server`: the constructors the spec's servers and default
/// security make possible.
fn emit_constructors(api: &Api) -> TokenStream {
    let default_schemes: Vec<_> = api
        .default_security
        .iter()
        .map(|&i| &api.security_schemes[i])
        .collect();
    let (args, auths, what) = match default_schemes.as_slice() {
        [s] => {
            let name = &s.name;
            match s.kind {
                AuthKind::Basic => (
                    quote!(username: impl Into<String>, password: impl Into<String>),
                    quote!(.auth(Auth::#name { username: username.into(), password: password.into() })),
                    "user name and password",
                ),
                _ => (
                    quote!(token: impl Into<String>),
                    quote!(.auth(Auth::#name(token.into()))),
                    "token",
                ),
            }
        }
        _ => (
            quote!(),
            quote!(),
            "no credentials (add them with the builder)",
        ),
    };
    let has_servers = !api.servers.is_empty();
    let new_doc = if has_servers {
        format!(
            " A client for the default server (`{}`) with a {what}.",
            api.servers[0].url
        )
    } else {
        format!(" A client for the API at `base_url`, with {what}.")
    };
    let (new_args, new_base) = if has_servers {
        (args.clone(), quote!())
    } else {
        let comma = (!args.is_empty()).then(|| quote!(,));
        (
            quote!(base_url: impl Into<String> #comma #args),
            quote!(.base_url(base_url)),
        )
    };
    let for_server = has_servers.then(|| {
        quote! {
            /// A client for `server`, otherwise like [`Client::new`].
            ///
            /// # Panics
            ///
            /// When the TLS backend cannot be initialised, like `reqwest::Client::new`.
            pub fn for_server(server: Server, #args) -> Self {
                match Self::builder().server(server) #auths .build() {
                    Ok(client) => client,
                    Err(e) => panic!("cannot build the HTTP client: {e}"),
                }
            }
        }
    });
    quote! {
        #[doc = #new_doc]
        ///
        /// # Panics
        ///
        /// When the TLS backend cannot be initialised, like `reqwest::Client::new`.
        pub fn new(#new_args) -> Self {
            match Self::builder() #new_base #auths .build() {
                Ok(client) => client,
                Err(e) => panic!("cannot build the HTTP client: {e}"),
            }
        }

        #for_server
    }
}

fn status_pattern(s: StatusMatch) -> TokenStream {
    match s {
        StatusMatch::Code(c) => quote!(#c),
        StatusMatch::Range(r) => {
            let lo = r * 100;
            let hi = lo + 99;
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// The models, indexed, and which of them can reach an `x-sensitive` field at all, so the
/// search for secret paths never enters the (often huge) rest of the type graph.
pub(crate) struct Secrets<'a> {
    models: BTreeMap<&'a TypeName, &'a Model>,
    reach: BTreeSet<&'a TypeName>,
}

/// At most this many secret paths per body: a shared type graph can have exponentially many
/// distinct paths, and past this the masking of echoed secrets is best effort anyway.
const MAX_SECRET_PATHS: usize = 256;

impl<'a> Secrets<'a> {
    pub(crate) fn new(api: &'a Api) -> Self {
        let models: BTreeMap<&TypeName, &Model> = api.models.iter().map(|m| (&m.name, m)).collect();
        let direct = |m: &Model| matches!(&m.kind, ModelKind::Struct(s) if s.fields.iter().any(|f| f.sensitive));
        let mut reach: BTreeSet<&TypeName> = api
            .models
            .iter()
            .filter(|m| direct(m))
            .map(|m| &m.name)
            .collect();
        // Fixpoint: a type reaches a secret if anything it refers to does.
        loop {
            let before = reach.len();
            for m in &api.models {
                if !reach.contains(&m.name) && m.kind.refs().iter().any(|n| reach.contains(n)) {
                    reach.insert(&m.name);
                }
            }
            if reach.len() == before {
                break;
            }
        }
        Self { models, reach }
    }

    /// JSON paths (`None` = any item) to the sensitive values inside a body of type `ty`.
    fn paths(&self, ty: &TypeRef) -> Vec<Vec<Option<String>>> {
        let mut out = Vec::new();
        self.walk(ty, &mut Vec::new(), &mut Vec::new(), &mut out);
        out
    }

    fn walk(
        &self,
        ty: &TypeRef,
        prefix: &mut Vec<Option<String>>,
        stack: &mut Vec<TypeName>,
        out: &mut Vec<Vec<Option<String>>>,
    ) {
        if out.len() >= MAX_SECRET_PATHS {
            return;
        }
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => {
                prefix.push(None);
                self.walk(inner, prefix, stack, out);
                prefix.pop();
            }
            TypeRef::Boxed(inner) => self.walk(inner, prefix, stack, out),
            TypeRef::Named(n) => {
                // A recursive type repeats its paths deeper down; one level finds them all.
                if stack.contains(n) || !self.reach.contains(n) {
                    return;
                }
                let Some(model) = self.models.get(n) else {
                    return;
                };
                stack.push(n.clone());
                match &model.kind {
                    ModelKind::Struct(s) => {
                        for f in &s.fields {
                            prefix.push(Some(f.wire.clone()));
                            if f.sensitive {
                                if !out.contains(prefix) {
                                    out.push(prefix.clone());
                                }
                            } else {
                                self.walk(&f.ty, prefix, stack, out);
                            }
                            prefix.pop();
                        }
                        if let Some(extra) = &s.additional {
                            prefix.push(None);
                            self.walk(extra, prefix, stack, out);
                            prefix.pop();
                        }
                    }
                    // Tagged variants share the object with the tag; untagged ones are the
                    // value itself: either way their paths start here.
                    ModelKind::Union(u) => {
                        for v in &u.variants {
                            self.walk(&v.ty, prefix, stack, out);
                        }
                    }
                    ModelKind::Alias(inner) | ModelKind::Newtype(inner) => {
                        self.walk(inner, prefix, stack, out)
                    }
                    ModelKind::Enum(_) => {}
                }
                stack.pop();
            }
            TypeRef::Primitive(_) | TypeRef::Any | TypeRef::Object => {}
        }
    }
}

fn path_tokens(path: &[Option<String>]) -> TokenStream {
    let parts = path.iter().map(|p| match p {
        Some(key) => quote!(Some(#key)),
        None => quote!(None),
    });
    quote!(&[#(#parts),*])
}

fn emit_operation(
    op: &Operation,
    error_types: &[(VariantName, TypeRef)],
    secrets: &Secrets<'_>,
) -> TokenStream {
    let name = &op.name;
    let method = format_ident!("{}", op.method.as_str());
    let verb_path = format!("`{} {}`", op.method.as_str(), op.path);
    let mut lines = doc_lines(&op.docs, &verb_path);
    if op.docs.summary.is_some() || op.docs.description.is_some() {
        lines.push(String::new());
        lines.push(verb_path.clone());
    }
    if let Some(id) = &op.operation_id {
        lines.push(String::new());
        lines.push(format!("Operation `{}`.", id.replace('`', "'")));
    }
    let docs = lines_to_attrs(&lines);

    // Arguments: path parameters, then the parameters struct, then the body.
    let mut args = Vec::new();
    let mut path_values = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        if p.location == ParamLocation::Path {
            let pname = &p.name;
            args.push(path_arg_type(pname, &p.ty));
            path_values.push((i, quote!(&#pname)));
        }
    }
    let params_arg = op.params_type.as_ref().map(|t| {
        args.push(quote!(params: &crate::models::#t));
    });
    let _ = params_arg;
    let body = op.body.as_ref().map(|b| {
        let content_type = &b.content_type;
        let (t, encode) = match &b.ty {
            Some(ty) => {
                let t = rust_type(ty, Ctx::Crate);
                (
                    quote!(&#t),
                    quote!(serde_json::to_vec(body).map_err(|e| Error::Encode(e.to_string()))?),
                )
            }
            None => (quote!(&[u8]), quote!(body.to_vec())),
        };
        if b.required {
            args.push(quote!(body: #t));
            quote!(Some((#content_type, #encode)))
        } else {
            args.push(quote!(body: Option<#t>));
            quote!(match body { Some(body) => Some((#content_type, #encode)), None => None })
        }
    });
    let body = body.unwrap_or_else(|| quote!(None));

    let path_parts = op.segments.iter().map(|seg| match seg {
        // A one-character literal is a `char` (clippy::single_char_add_str).
        PathSegment::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
            [c] => quote!(path.push(#c);),
            _ => quote!(path.push_str(#text);),
        },
        PathSegment::Param(i) => {
            let value = &path_values
                .iter()
                .find(|(j, _)| j == i)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let wire = op
                .params
                .get(*i)
                .map(|p| p.wire.as_str())
                .unwrap_or_default();
            quote!(path.push_str(&encode_path_segment(#wire, &scalar_text(#value)?)?);)
        }
    });
    let pushes = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let pname = &p.name;
            let wire = &p.wire;
            let style = match p.style {
                ParamStyle::Form { explode: true } => quote!(QueryStyle::FormExplode),
                ParamStyle::Form { explode: false } => quote!(QueryStyle::Form),
                ParamStyle::DeepObject => quote!(QueryStyle::DeepObject),
                ParamStyle::SpaceDelimited => quote!(QueryStyle::SpaceDelimited),
                ParamStyle::PipeDelimited => quote!(QueryStyle::PipeDelimited),
            };
            match p.location {
                ParamLocation::Query => {
                    quote!(push_query(&mut parts.query, #wire, &params.#pname, #style)?;)
                }
                ParamLocation::Header => {
                    quote!(push_header(&mut parts.headers, #wire, &params.#pname)?;)
                }
                _ => quote!(push_cookie(&mut parts.cookies, #wire, &params.#pname)?;),
            }
        });
    let param_secrets = op.params.iter().filter(|p| p.sensitive).map(|p| {
        let pname = &p.name;
        match p.location {
            ParamLocation::Path => quote!(parts.secrets.push(scalar_text(&#pname)?);),
            _ => quote!(secrets_at(&to_json(&params.#pname)?, &[], &mut parts.secrets);),
        }
    });
    let body_secrets = op
        .body
        .as_ref()
        .and_then(|b| Some((b, b.ty.as_ref()?)))
        .map(|(b, ty)| {
            let paths: Vec<TokenStream> =
                secrets.paths(ty).iter().map(|p| path_tokens(p)).collect();
            if paths.is_empty() {
                return quote!();
            }
            let count = paths.len();
            let collect = quote! {
                let value = to_json(body)?;
                let paths: [&[Option<&str>]; #count] = [#(#paths),*];
                for path in paths {
                    secrets_at(&value, path, &mut parts.secrets);
                }
            };
            if b.required {
                collect
            } else {
                quote!(if let Some(body) = body { #collect })
            }
        });
    let security = &op.security;
    let idempotent = op.method.is_idempotent();

    let success = op
        .responses
        .iter()
        .find(|r| r.success && r.ty.is_some())
        .or_else(|| op.responses.iter().find(|r| r.success));
    let (ret, ok) = success_handling(success);
    // Exact codes that decode the same body share one arm; ranges (`4XX`) keep their own, after
    // every code, so a range never shadows a more specific code of another type.
    let mut code_groups: Vec<(Option<&TypeRef>, Vec<StatusMatch>)> = Vec::new();
    let mut ranges = Vec::new();
    for r in op.responses.iter().filter(|r| !r.success) {
        match r.status {
            StatusMatch::Code(_) => match code_groups.iter_mut().find(|(t, _)| *t == r.ty.as_ref())
            {
                Some((_, statuses)) => statuses.push(r.status),
                None => code_groups.push((r.ty.as_ref(), vec![r.status])),
            },
            StatusMatch::Range(_) => ranges.push((r.ty.as_ref(), vec![r.status])),
            StatusMatch::Default => {}
        }
    }
    let error_arms: Vec<TokenStream> = code_groups
        .iter()
        .chain(&ranges)
        .map(|(ty, statuses)| error_arm(statuses, *ty, error_types))
        .collect();
    let default_arm = op
        .responses
        .iter()
        .find(|r| !r.success && r.status == StatusMatch::Default)
        .map(|r| error_arm(&[r.status], r.ty.as_ref(), error_types))
        .unwrap_or_else(|| quote!(_ => Err(api_error(reply, |_| None)),));

    quote! {
        #docs
        pub async fn #name(&self, #(#args),*) -> Result<#ret, Error> {
            let mut path = String::new();
            #(#path_parts)*
            let mut parts = RequestParts { method: reqwest::Method::#method, path, ..RequestParts::default() };
            #(#pushes)*
            #(#param_secrets)*
            #body_secrets
            parts.body = #body;
            let reply = self.send(parts, &[#(#security),*], #idempotent).await?;
            match reply.status {
                200..=299 => #ok,
                #(#error_arms)*
                #default_arm
            }
        }
    }
}

/// How a path parameter is taken: `&str` for strings, by value for `Copy` scalars, by
/// reference otherwise.
fn path_arg_type(name: &crate::naming::FieldName, ty: &TypeRef) -> TokenStream {
    use crate::ir::Primitive as P;
    match ty {
        TypeRef::Primitive(P::String) => quote!(#name: &str),
        TypeRef::Primitive(
            P::Bool | P::I32 | P::I64 | P::U32 | P::U64 | P::F32 | P::F64 | P::Uuid | P::Date,
        ) => {
            let t = rust_type(ty, Ctx::Crate);
            quote!(#name: #t)
        }
        _ => {
            let t = rust_type(ty, Ctx::Crate);
            quote!(#name: &#t)
        }
    }
}

fn success_handling(success: Option<&Response>) -> (TokenStream, TokenStream) {
    match success {
        Some(Response {
            ty: Some(ty),
            unwrap: Some(unwrap),
            ..
        }) => {
            let envelope = rust_type(ty, Ctx::Crate);
            let inner = rust_type(&unwrap.ty, Ctx::Crate);
            let path = &unwrap.path;
            (
                quote!(Enveloped<#envelope, #inner>),
                quote!({
                    let envelope: #envelope = decode(&reply)?;
                    Ok(Enveloped { envelope, get: |e| &e #(.#path)*, take: |e| e #(.#path)* })
                }),
            )
        }
        Some(Response { ty: Some(ty), .. }) => {
            let t = rust_type(ty, Ctx::Crate);
            (quote!(#t), quote!(decode(&reply)))
        }
        Some(Response {
            ty: None,
            status: StatusMatch::Code(204),
            ..
        })
        | None => (quote!(()), quote!(Ok(()))),
        Some(Response { ty: None, .. }) => (quote!(Vec<u8>), quote!(Ok(reply.bytes))),
    }
}

fn error_arm(
    statuses: &[StatusMatch],
    ty: Option<&TypeRef>,
    error_types: &[(VariantName, TypeRef)],
) -> TokenStream {
    let patterns = statuses.iter().map(|s| status_pattern(*s));
    let pattern = quote!(#(#patterns)|*);
    let variant = ty.and_then(|ty| error_types.iter().find(|(_, t)| t == ty));
    match variant {
        Some((name, ty)) => {
            let t = rust_type(ty, Ctx::Crate);
            quote!(#pattern => Err(api_error(reply, |b| serde_json::from_slice::<#t>(b).ok().map(ErrorBody::#name))),)
        }
        None => quote!(#pattern => Err(api_error(reply, |_| None)),),
    }
}

/// Encoding of path parameters, emitted only when some operation has them (unused private
/// functions would fail `-D warnings`).
fn path_helpers(api: &Api) -> TokenStream {
    let used = api
        .operations
        .iter()
        .any(|op| op.params.iter().any(|p| p.location == ParamLocation::Path));
    if !used {
        return quote!();
    }
    quote! {
        /// A path parameter as one percent-encoded segment. Empty, `.` and `..` are refused:
        /// URL parsing would drop or resolve them and send the request to another resource.
        fn encode_path_segment(name: &str, value: &str) -> Result<String, Error> {
            if matches!(value, "" | "." | "..") {
                return Err(Error::Encode(format!("path parameter `{name}` cannot be {value:?}")));
            }
            Ok(percent_encoding::utf8_percent_encode(value, UNRESERVED).to_string())
        }

        /// A scalar parameter as text; arrays join with commas (the `simple` style).
        fn scalar_text(value: &impl serde::Serialize) -> Result<String, Error> {
            Ok(json_text(&to_json(value)?, ","))
        }
    }
}

/// Decoding of JSON success bodies, emitted only when some operation returns one.
fn decode_helpers(api: &Api) -> TokenStream {
    let used = api
        .operations
        .iter()
        .any(|op| op.responses.iter().any(|r| r.success && r.ty.is_some()));
    if !used {
        return quote!();
    }
    quote! {
        fn decode<T: serde::de::DeserializeOwned>(reply: &Reply) -> Result<T, Error> {
            serde_json::from_slice(&reply.bytes).map_err(|e| Error::Decode {
                status: reply.status,
                // serde quotes the offending value, which may be one the request sent.
                message: scrub(&e.to_string(), &reply.secrets),
                excerpt: excerpt(&reply.scrubbed()),
            })
        }

        /// The first 200 characters of a body, for error messages.
        fn excerpt(text: &str) -> String {
            match text.char_indices().nth(200) {
                Some((end, _)) => format!("{}…", &text[..end]),
                None => text.to_owned(),
            }
        }
    }
}

/// The non-generated half of the client: builder, retry loop and parameter encoding.
fn runtime() -> TokenStream {
    quote! {
        /// A response body wrapped in an envelope: derefs to the resource inside, and keeps
        /// the rest of the envelope (request id, timestamp, …) reachable through
        /// [`Enveloped::envelope`].
        pub struct Enveloped<E, T> {
            envelope: E,
            get: fn(&E) -> &T,
            take: fn(E) -> T,
        }

        impl<E, T> Enveloped<E, T> {
            /// The whole response body.
            pub fn envelope(&self) -> &E {
                &self.envelope
            }

            /// The resource, dropping the envelope.
            pub fn into_inner(self) -> T {
                (self.take)(self.envelope)
            }

            /// The whole response body, dropping the accessor.
            pub fn into_envelope(self) -> E {
                self.envelope
            }
        }

        impl<E, T> std::ops::Deref for Enveloped<E, T> {
            type Target = T;
            fn deref(&self) -> &T {
                (self.get)(&self.envelope)
            }
        }

        impl<E: std::fmt::Debug, T> std::fmt::Debug for Enveloped<E, T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.envelope.fmt(f)
            }
        }

        impl<E: Clone, T> Clone for Enveloped<E, T> {
            fn clone(&self) -> Self {
                Self { envelope: self.envelope.clone(), get: self.get, take: self.take }
            }
        }

        /// When and how often failed requests are sent again.
        ///
        /// Connection failures and `429 Too Many Requests` are retried for every method (the
        /// server did not act on the request); timeouts and `5xx` only for idempotent methods,
        /// unless [`RetryPolicy::retry_non_idempotent`] is set. Waits grow exponentially with
        /// full jitter. A `Retry-After` header (seconds or an HTTP date) replaces the computed
        /// wait; when it asks for longer than `max_backoff`, the error is returned at once with
        /// [`Error::Api`]'s `retry_after` set, so the caller can schedule the retry.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct RetryPolicy {
            /// Attempts in total, the first included (1 = never retry).
            pub max_attempts: u32,
            /// The wait before the first retry, doubled for each further one.
            pub initial_backoff: Duration,
            /// The longest wait between attempts.
            pub max_backoff: Duration,
            /// Also retry timeouts and `5xx` for non-idempotent methods (POST, PATCH).
            pub retry_non_idempotent: bool,
        }

        impl Default for RetryPolicy {
            fn default() -> Self {
                Self {
                    max_attempts: 3,
                    initial_backoff: Duration::from_millis(200),
                    max_backoff: Duration::from_secs(10),
                    retry_non_idempotent: false,
                }
            }
        }

        impl RetryPolicy {
            /// Never retry.
            pub fn none() -> Self {
                Self { max_attempts: 1, ..Self::default() }
            }

            fn backoff(&self, retry: u32) -> Duration {
                let cap = self.initial_backoff.saturating_mul(1u32 << retry.min(16)).min(self.max_backoff);
                // Full jitter: a uniform wait in [0, cap] spreads retrying clients apart.
                cap.mul_f64(fastrand::f64())
            }
        }

        /// Configures a [`Client`].
        pub struct ClientBuilder {
            base_url: String,
            timeout: Duration,
            connect_timeout: Duration,
            user_agent: String,
            retry: RetryPolicy,
            http: Option<reqwest::Client>,
            auth: Vec<Auth>,
        }

        impl std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                // A caller's own reqwest client may carry default headers with credentials.
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("connect_timeout", &self.connect_timeout)
                    .field("user_agent", &self.user_agent)
                    .field("retry", &self.retry)
                    .field("custom_http_client", &self.http.is_some())
                    .field("auth", &self.auth)
                    .finish()
            }
        }

        impl Default for ClientBuilder {
            fn default() -> Self {
                Self {
                    base_url: default_base_url(),
                    timeout: Duration::from_secs(30),
                    connect_timeout: Duration::from_secs(10),
                    user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
                    retry: RetryPolicy::default(),
                    http: None,
                    auth: Vec::new(),
                }
            }
        }

        impl ClientBuilder {
            /// Sends requests to `base_url` (for example a mock server).
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.base_url = base_url.into();
                self
            }

            /// The longest one attempt may take, from connecting to the last byte of the body
            /// (default 30 s). Each retry gets the full time again.
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.timeout = timeout;
                self
            }

            /// The longest connecting may take (default 10 s; ignored with
            /// [`ClientBuilder::http_client`]).
            pub fn connect_timeout(mut self, timeout: Duration) -> Self {
                self.connect_timeout = timeout;
                self
            }

            /// The `User-Agent` header (default: this crate's name and version).
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.user_agent = user_agent.into();
                self
            }

            /// How failed requests are retried.
            pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
                self.retry = retry;
                self
            }

            /// Uses a `reqwest::Client` you configured (proxies, TLS roots, connection pool).
            pub fn http_client(mut self, http: reqwest::Client) -> Self {
                self.http = Some(http);
                self
            }

            /// Adds credentials for one security scheme.
            pub fn auth(mut self, auth: Auth) -> Self {
                self.auth.retain(|a| a.index() != auth.index());
                self.auth.push(auth);
                self
            }

            /// Builds the client.
            pub fn build(self) -> Result<Client, Error> {
                let base_url = self.base_url.trim_end_matches('/').to_owned();
                reqwest::Url::parse(&base_url).map_err(|e| Error::InvalidBaseUrl(format!("{base_url:?}: {e}")))?;
                let http = match self.http {
                    Some(http) => http,
                    None => reqwest::Client::builder()
                        .connect_timeout(self.connect_timeout)
                        .user_agent(self.user_agent.clone())
                        .build()
                        .map_err(Error::transport)?,
                };
                Ok(Client { http, base_url, timeout: self.timeout, user_agent: self.user_agent, retry: self.retry, auth: self.auth })
            }
        }

        /// The API client. Cheap to clone: clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            http: reqwest::Client,
            base_url: String,
            timeout: Duration,
            user_agent: String,
            retry: RetryPolicy,
            auth: Vec<Auth>,
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("retry", &self.retry)
                    .field("auth", &self.auth)
                    .finish_non_exhaustive()
            }
        }

        #[derive(Default)]
        struct RequestParts {
            method: reqwest::Method,
            path: String,
            query: Vec<(String, String)>,
            headers: Vec<(String, String)>,
            cookies: Vec<String>,
            body: Option<(&'static str, Vec<u8>)>,
            /// Values of sensitive fields and parameters sent with the request; a server that
            /// echoes them back must not get them into an error message.
            secrets: Vec<String>,
        }

        /// The final answer to a request, after retries.
        struct Reply {
            status: u16,
            retry_after: Option<Duration>,
            bytes: Vec<u8>,
            secrets: Vec<String>,
        }

        impl Reply {
            /// The body as text, with every secret the request carried masked.
            fn scrubbed(&self) -> String {
                scrub(&String::from_utf8_lossy(&self.bytes), &self.secrets)
            }
        }

        impl Client {
            /// A builder, starting from the default server with no credentials.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// Sends a request, retrying as the policy allows, and returns the final answer.
            async fn send(&self, mut parts: RequestParts, security: &[usize], idempotent: bool) -> Result<Reply, Error> {
                let url = format!("{}{}", self.base_url, parts.path);
                let max_attempts = self.retry.max_attempts.max(1);
                let repeatable = idempotent || self.retry.retry_non_idempotent;
                let auth: Vec<&Auth> = self.auth.iter().filter(|a| security.contains(&a.index())).collect();
                parts.secrets.extend(self.auth.iter().map(|a| a.secret().to_owned()));
                let mut attempt = 0;
                loop {
                    attempt += 1;
                    let mut request = self
                        .http
                        .request(parts.method.clone(), &url)
                        .timeout(self.timeout)
                        .header(reqwest::header::USER_AGENT, &self.user_agent)
                        .header(reqwest::header::ACCEPT, "application/json");
                    if !parts.query.is_empty() {
                        request = request.query(&parts.query);
                    }
                    for (name, value) in &parts.headers {
                        request = request.header(name.as_str(), value.as_str());
                    }
                    if !parts.cookies.is_empty() {
                        request = request.header(reqwest::header::COOKIE, parts.cookies.join("; "));
                    }
                    for a in &auth {
                        request = a.apply(request);
                    }
                    if let Some((content_type, body)) = &parts.body {
                        request = request.header(reqwest::header::CONTENT_TYPE, *content_type).body(body.clone());
                    }
                    let may_retry = attempt < max_attempts;
                    match request.send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            let retry_after = retry_after(response.headers());
                            let retryable = status == 429 || (status >= 500 && repeatable);
                            // A server asking for a longer pause than the policy allows gets
                            // the error back at once rather than an early retry it refused.
                            let wait = match retry_after {
                                Some(wait) if wait <= self.retry.max_backoff => Some(wait),
                                Some(_) => None,
                                None => Some(self.retry.backoff(attempt - 1)),
                            };
                            if let (true, true, Some(wait)) = (retryable, may_retry, wait) {
                                tokio::time::sleep(wait).await;
                                continue;
                            }
                            let bytes = response.bytes().await.map_err(Error::transport)?;
                            return Ok(Reply { status, retry_after, bytes: Vec::from(bytes), secrets: parts.secrets });
                        }
                        Err(e) => {
                            // A refused connection never reached the server, so any method
                            // may try again; a timeout may have, so only repeatable ones do.
                            let retryable = e.is_connect() || (e.is_timeout() && repeatable);
                            if retryable && may_retry {
                                tokio::time::sleep(self.retry.backoff(attempt - 1)).await;
                                continue;
                            }
                            return Err(Error::transport(e));
                        }
                    }
                }
            }
        }

        /// `Retry-After` as delay-seconds or an IMF-fixdate (RFC 9110 §10.2.3); anything else
        /// is ignored and the policy's own backoff applies.
        fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
            let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
            if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
                return value.parse::<u64>().ok().map(Duration::from_secs);
            }
            let at = http_date(value)?;
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
            Some(Duration::from_secs(at.saturating_sub(now)))
        }

        /// Seconds since the Unix epoch of an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`.
        fn http_date(value: &str) -> Option<u64> {
            let mut words = value.split_ascii_whitespace();
            let _weekday = words.next()?;
            let day: u64 = words.next()?.parse().ok()?;
            let month = words.next()?;
            let year: u64 = words.next()?.parse().ok()?;
            let mut clock = words.next()?.split(':').map(|p| p.parse::<u64>().ok());
            let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
            if words.next()? != "GMT" || words.next().is_some() || clock.next().is_some() {
                return None;
            }
            const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
            if !(1970..=9999).contains(&year) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
                return None;
            }
            // Days since 1970-01-01 in the proleptic Gregorian calendar, counting years from
            // March so the leap day falls at the end.
            let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
            let era = y / 400;
            let year_of_era = y % 400;
            let day_of_year = (153 * m + 2) / 5 + day - 1;
            let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
            let days = (era * 146_097 + day_of_era).checked_sub(719_468)?;
            Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
        }

        fn api_error(reply: Reply, typed: impl FnOnce(&[u8]) -> Option<ErrorBody>) -> Error {
            let text = reply.scrubbed();
            let body = typed(text.as_bytes()).unwrap_or(ErrorBody::Raw(text));
            Error::Api { status: reply.status, body: Box::new(body), retry_after: reply.retry_after }
        }

        /// Masks each secret in `text`, as sent and in its JSON-escaped and percent-encoded
        /// forms, so an echoing server cannot leak it into logs.
        fn scrub(text: &str, secrets: &[String]) -> String {
            let mut out = text.to_owned();
            for secret in secrets.iter().filter(|s| !s.is_empty()) {
                let escaped = serde_json::to_string(secret).unwrap_or_default();
                let escaped = escaped.trim_matches('"').to_owned();
                let encoded = percent_encoding::utf8_percent_encode(secret, UNRESERVED).to_string();
                for form in [secret.as_str(), escaped.as_str(), encoded.as_str()] {
                    if !form.is_empty() && out.contains(form) {
                        out = out.replace(form, "[redacted]");
                    }
                }
            }
            out
        }

        /// Every string or number found at `path` in `value`; `None` in a path matches all
        /// items of an array or values of a map.
        #[allow(dead_code)]
        fn secrets_at(value: &serde_json::Value, path: &[Option<&str>], out: &mut Vec<String>) {
            match (path.split_first(), value) {
                (None, serde_json::Value::String(s)) => out.push(s.clone()),
                (None, serde_json::Value::Number(n)) => out.push(n.to_string()),
                (None, serde_json::Value::Array(items)) => items.iter().for_each(|v| secrets_at(v, path, out)),
                (None, serde_json::Value::Object(map)) => map.values().for_each(|v| secrets_at(v, path, out)),
                (None, _) => {}
                (Some((None, rest)), serde_json::Value::Array(items)) => items.iter().for_each(|v| secrets_at(v, rest, out)),
                (Some((None, rest)), serde_json::Value::Object(map)) => map.values().for_each(|v| secrets_at(v, rest, out)),
                (Some((Some(key), rest)), serde_json::Value::Object(map)) => {
                    if let Some(v) = map.get(*key) {
                        secrets_at(v, rest, out);
                    }
                }
                _ => {}
            }
        }

        /// Characters left as they are in a path segment: RFC 3986 unreserved.
        const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

        fn to_json(value: &impl serde::Serialize) -> Result<serde_json::Value, Error> {
            serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))
        }

        fn json_text(value: &serde_json::Value, separator: &str) -> String {
            match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(items) => items.iter().map(|v| json_text(v, separator)).collect::<Vec<_>>().join(separator),
                serde_json::Value::Object(map) => map.iter().map(|(k, v)| format!("{k}{separator}{}", json_text(v, separator))).collect::<Vec<_>>().join(separator),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            }
        }

        #[derive(Clone, Copy)]
        #[allow(dead_code)]
        enum QueryStyle {
            Form,
            FormExplode,
            DeepObject,
            SpaceDelimited,
            PipeDelimited,
        }

        #[allow(dead_code)]
        fn push_query(out: &mut Vec<(String, String)>, name: &str, value: &impl serde::Serialize, style: QueryStyle) -> Result<(), Error> {
            let value = to_json(value)?;
            match (&value, style) {
                (serde_json::Value::Null, _) => {}
                (serde_json::Value::Array(items), QueryStyle::FormExplode) => {
                    out.extend(items.iter().map(|v| (name.to_owned(), json_text(v, ","))));
                }
                (serde_json::Value::Object(map), QueryStyle::FormExplode) => {
                    out.extend(map.iter().map(|(k, v)| (k.clone(), json_text(v, ","))));
                }
                (serde_json::Value::Object(_), QueryStyle::DeepObject) => deep_object(out, name, &value),
                (_, QueryStyle::SpaceDelimited) => out.push((name.to_owned(), json_text(&value, " "))),
                (_, QueryStyle::PipeDelimited) => out.push((name.to_owned(), json_text(&value, "|"))),
                _ => out.push((name.to_owned(), json_text(&value, ","))),
            }
            Ok(())
        }

        #[allow(dead_code)]
        fn deep_object(out: &mut Vec<(String, String)>, prefix: &str, value: &serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        deep_object(out, &format!("{prefix}[{k}]"), v);
                    }
                }
                serde_json::Value::Array(items) => {
                    for v in items {
                        deep_object(out, &format!("{prefix}[]"), v);
                    }
                }
                serde_json::Value::Null => {}
                other => out.push((prefix.to_owned(), json_text(other, ","))),
            }
        }

        #[allow(dead_code)]
        fn push_header(out: &mut Vec<(String, String)>, name: &str, value: &impl serde::Serialize) -> Result<(), Error> {
            let value = to_json(value)?;
            if !value.is_null() {
                out.push((name.to_owned(), json_text(&value, ",")));
            }
            Ok(())
        }

        #[allow(dead_code)]
        fn push_cookie(out: &mut Vec<String>, name: &str, value: &impl serde::Serialize) -> Result<(), Error> {
            let value = to_json(value)?;
            if !value.is_null() {
                out.push(format!("{name}={}", json_text(&value, ",")));
            }
            Ok(())
        }
    }
}

/// The crate-level example: a client, then one call per operation that can be written without
/// guessing values, each feeding identifiers from earlier results into path parameters
/// (create → retrieve → update for a typical resource). Lines of Markdown, empty when no
/// operation qualifies.
pub(super) fn crate_example(api: &Api, crate_name: &str) -> Vec<String> {
    let krate = format_ident!("{}", crate_name.replace('-', "_"));
    let client = example_client(api);
    // Creating comes first, reading next, then changing, then deleting.
    let rank = |op: &Operation| {
        let has_path = op.params.iter().any(|p| p.location == ParamLocation::Path);
        match (op.method, has_path) {
            (crate::ir::Method::Post | crate::ir::Method::Put, false) => 0,
            (crate::ir::Method::Get, _) => 1,
            (crate::ir::Method::Delete, _) => 3,
            _ => 2,
        }
    };
    let mut ops: Vec<&Operation> = api.operations.iter().collect();
    ops.sort_by_key(|op| rank(op));
    let mut bound: Vec<(proc_macro2::Ident, &Model)> = Vec::new();
    let mut calls = Vec::new();
    let mut request_id = quote!();
    for op in ops {
        if calls.len() == 4 || op.params_type.is_some() {
            continue;
        }
        let mut args = Vec::new();
        for p in op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
        {
            if p.ty != TypeRef::Primitive(crate::ir::Primitive::String) {
                break;
            }
            let from_earlier = bound.iter().rev().find_map(|(var, model)| {
                let ModelKind::Struct(s) = &model.kind else {
                    return None;
                };
                let f = s.fields.iter().find(|f| {
                    f.wire == p.wire && f.ty == p.ty && f.presence == Presence::Required
                })?;
                let field = &f.name;
                Some(quote!(&#var.#field))
            });
            args.push(from_earlier.unwrap_or_else(|| quote!(&"...".to_owned())));
        }
        if args.len()
            != op
                .params
                .iter()
                .filter(|p| p.location == ParamLocation::Path)
                .count()
        {
            continue;
        }
        if let Some(b) = &op.body {
            let Some(body) = b.ty.as_ref().and_then(|ty| example_value(api, ty)) else {
                continue;
            };
            args.push(if b.required {
                quote!(&#body)
            } else {
                quote!(Some(&#body))
            });
        }
        let name = &op.name;
        let success = op.responses.iter().find(|r| r.success && r.ty.is_some());
        let resource = success.and_then(|r| {
            let ty = r.unwrap.as_ref().map_or(r.ty.as_ref()?, |u| &u.ty);
            let TypeRef::Named(n) = ty else { return None };
            api.models.iter().find(|m| &m.name == n)
        });
        match resource {
            Some(model) => {
                let var = syn::parse_str::<syn::Ident>(&heck::ToSnakeCase::to_snake_case(
                    model.name.as_str(),
                ))
                .unwrap_or_else(|_| format_ident!("resource"));
                calls.push(quote!(let #var = client.#name(#(#args),*).await?;));
                if request_id.is_empty() {
                    if let Some(field) = success
                        .filter(|r| r.unwrap.is_some())
                        .and_then(|r| error_accessor(api, r.ty.as_ref()?, &REQUEST_ID_WIRES))
                        .filter(|(_, presence)| *presence == Presence::Required)
                        .map(|(field, _)| field)
                    {
                        request_id = quote! {
                            // The envelope around the resource stays reachable.
                            println!("request id: {}", #var.envelope().#field);
                        };
                        calls.push(request_id.clone());
                    }
                }
                bound.push((var, model));
            }
            None => calls.push(quote!(client.#name(#(#args),*).await?;)),
        }
    }
    if calls.is_empty() {
        return Vec::new();
    }
    let tokens = quote! {
        async fn example() -> Result<(), #krate::Error> {
            use #krate::{models, Client};
            #client
            #(#calls)*
            Ok(())
        }
    };
    let Ok(file) = syn::parse2::<syn::File>(tokens) else {
        return Vec::new();
    };
    let code = prettyplease::unparse(&file);
    let mut lines = vec![
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "With the `client` feature: each call awaits the API and returns the decoded resource \
         or an [`Error`]."
            .to_owned(),
        String::new(),
        "```no_run".to_owned(),
    ];
    let body: Vec<&str> = code.lines().collect();
    for (i, line) in body.iter().enumerate() {
        // The wrapping function is hidden; doctests still compile it.
        if i == 0 || i + 1 == body.len() || line.trim() == "Ok(())" {
            lines.push(format!("# {line}"));
        } else {
            lines.push(line.strip_prefix("    ").unwrap_or(line).to_owned());
        }
    }
    lines.push("```".to_owned());
    lines
}

const REQUEST_ID_WIRES: [&str; 3] = ["request", "requestId", "request_id"];

/// `Client::new(…)` with placeholder credentials, matching `emit_constructors`.
fn example_client(api: &Api) -> TokenStream {
    let schemes: Vec<_> = api
        .default_security
        .iter()
        .filter_map(|&i| api.security_schemes.get(i))
        .collect();
    let mut args = Vec::new();
    if api.servers.is_empty() {
        args.push(quote!("https://api.example.com"));
    }
    match schemes.as_slice() {
        [s] if s.kind == AuthKind::Basic => args.extend([quote!("user"), quote!("password")]),
        [_] => args.push(quote!("your-api-token")),
        _ => {}
    }
    quote!(let client = Client::new(#(#args),*);)
}

/// A value of `ty` built with the generated constructors and no invented data beyond
/// placeholder text, or `None` when that needs more than the example should guess.
fn example_value(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    let TypeRef::Named(n) = ty else { return None };
    let model = api.models.iter().find(|m| &m.name == n)?;
    let name = &model.name;
    match &model.kind {
        ModelKind::Struct(s) if s.is_request => {
            if s.fields.iter().any(|f| f.presence == Presence::Required) {
                return None;
            }
            let setters = s
                .fields
                .iter()
                .filter(|f| {
                    f.presence == Presence::Optional
                        && !f.sensitive
                        && f.ty == TypeRef::Primitive(crate::ir::Primitive::String)
                })
                .take(2)
                .map(|f| {
                    let setter = format_ident!("with_{}", f.name.as_str().trim_end_matches('_'));
                    quote!(.#setter("..."))
                });
            Some(quote!(models::#name::new() #(#setters)*))
        }
        ModelKind::Union(u) => u.variants.iter().find_map(|v| {
            let inner = example_value(api, &v.ty)?;
            let variant = &v.name;
            Some(quote!(models::#name::#variant(#inner)))
        }),
        _ => None,
    }
}
