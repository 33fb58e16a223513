//! One `async fn` per operation: arguments from the parameters and body, the request built
//! with the runtime's `send::Request`, and the reply matched by status.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens as _};

use super::super::docs::{doc_lines, lines_to_attrs};
use super::super::rust_type::{rust_type, Ctx};
use super::request_line::{method_expr, query_string};
use crate::ir::{
    Api, BodyKind, ErrorCase, EventData, Operation, ParamLocation, ParamStyle, Part, PartKind,
    PathSegment, PathStep, Primitive, SecretPath, StatusMatch, Success, TypeRef,
};
use crate::naming::FieldName;

/// The method for `op`.
pub(super) fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
    let name = &op.name;
    let docs = operation_docs(op);

    // Arguments: path parameters, then the parameters struct, then the body.
    let mut args: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| path_arg(&p.name, &p.ty))
        .collect();
    if let Some(t) = &op.params_type {
        args.push(quote!(params: &crate::models::#t));
    }

    // What fills the request after it is made.
    let mut fill = Vec::new();
    for p in &op.params {
        let pname = &p.name;
        let wire = &p.wire;
        match p.location {
            ParamLocation::Path => {}
            ParamLocation::Query(style) => {
                let style = query_style(style);
                fill.push(
                    quote!(request.query(#wire, &params.#pname, encode::QueryStyle::#style)?;),
                );
            }
            ParamLocation::QueryString(content) => {
                fill.push(query_string(p, content));
            }
            ParamLocation::Header => fill.push(quote!(request.header(#wire, &params.#pname)?;)),
            ParamLocation::Cookie => fill.push(quote!(request.cookie(#wire, &params.#pname)?;)),
        }
        if p.sensitive {
            fill.push(match p.location {
                ParamLocation::Path => quote!(request.secret(&#pname)?;),
                _ => quote!(request.secret(&params.#pname)?;),
            });
        }
    }
    if let Some(b) = &op.body {
        let content_type = &b.content_type;
        let (ty, set) = match &b.kind {
            BodyKind::Json { ty, secret_paths } => {
                let t = rust_type(ty, Ctx::Crate);
                let paths = secret_paths.iter().map(secret_path);
                (
                    quote!(&#t),
                    quote!(request.json_body(#content_type, body, &[#(#paths),*])?;),
                )
            }
            BodyKind::Bytes if b.required => (
                quote!(impl Into<Upload>),
                quote!(request.upload_body(#content_type, body.into());),
            ),
            // `Option<impl Into<_>>` would make `None` need a type annotation.
            BodyKind::Bytes => (
                quote!(Upload),
                quote!(request.upload_body(#content_type, body);),
            ),
            BodyKind::Text => (
                quote!(&str),
                quote!(request.raw_body(#content_type, body.as_bytes());),
            ),
            BodyKind::Form(form) => {
                let t = rust_type(&form.ty, Ctx::Crate);
                let paths = form.secret_paths.iter().map(secret_path);
                let rules = super::request_line::form_rules(&form.encoding);
                (
                    quote!(&#t),
                    quote!(request.form_body(#content_type, body, &[#(#rules),*], &[#(#paths),*])?;),
                )
            }
            BodyKind::Multipart(m) => {
                let name = &m.name;
                let parts = m.parts.iter().map(multipart_part);
                (
                    quote!(#name),
                    quote!(request.multipart_body(multipart::Form::new() #(#parts)*);),
                )
            }
        };
        if b.required {
            args.push(quote!(body: #ty));
            fill.push(set);
        } else {
            args.push(quote!(body: Option<#ty>));
            fill.push(quote!(if let Some(body) = body { #set }));
        }
    }

    let method = method_expr(&op.method);
    let path = path_expr(&op.segments);
    if let Some(accept) = &op.accept {
        fill.push(quote!(request.accept(#accept);));
    }
    if matches!(
        op.success,
        Success::Binary | Success::EventStream(_) | Success::JsonLines(_)
    ) {
        fill.push(quote!(request.stream_response();));
    }
    let binding = if fill.is_empty() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    let security = op.security.iter().map(|s| quote!(AuthScheme::#s));
    let (ret, ok) = success(&op.success);
    let ret = match super::headers::call_headers(op) {
        Some(headers) => quote!(#ret, #headers),
        None => ret,
    };
    let arms = error_arms(api, &op.errors);
    let idempotency = idempotency_header(op);
    let binding = if idempotency.is_some() {
        quote!(mut request)
    } else {
        binding
    };
    let id = op.operation_id.as_deref().unwrap_or(name.as_str());
    let template = &op.path;
    quote! {
        #docs
        pub fn #name(&self, #(#args),*) -> Call<'_, #ret> {
            let request = send::build(|| {
                let #binding = send::Request::new(#method, #path);
                #idempotency
                #(#fill)*
                Ok(request)
            });
            Call::new(self, (#id, #template), request, &[#(#security),*], |reply| {
                match reply.status {
                    200..=299 => #ok,
                    #(#arms)*
                }
            })
        }
    }
}

/// The call that declares a header parameter named `Idempotency-Key` (any case) as the
/// operation's idempotency key, so the runtime generates one when the caller gives none.
fn idempotency_header(op: &Operation) -> Option<TokenStream> {
    let param = op.params.iter().find(|p| {
        p.location == ParamLocation::Header && p.wire.eq_ignore_ascii_case("idempotency-key")
    })?;
    let wire = &param.wire;
    Some(quote!(request.idempotency_key_header(#wire);))
}

fn operation_docs(op: &Operation) -> TokenStream {
    let verb_path = format!("`{} {}`", op.method.as_str(), op.path);
    let mut lines = doc_lines(&op.docs, &verb_path);
    if op.docs.summary.is_some() || op.docs.description.is_some() {
        lines.push(String::new());
        lines.push(verb_path);
    }
    if let Some(id) = &op.operation_id {
        lines.push(String::new());
        lines.push(format!("Operation `{}`.", id.replace('`', "'")));
    }
    lines.extend(super::bodies::body_method_doc_lines(op));
    lines.extend(stream_twin_doc_lines(op));
    lines.extend(super::headers::method_doc_lines(op));
    lines_to_attrs(&lines)
}

/// The lines a method's docs gain when a response offers JSON and a stream: which method
/// asks for which, and that the server decides from the request.
fn stream_twin_doc_lines(op: &Operation) -> Vec<String> {
    let Some(twin) = &op.stream_twin else {
        return Vec::new();
    };
    let content_type = twin.content_type.replace('`', "'");
    let line = match twin.streams {
        false => format!(
            "The response may also be streamed as `{content_type}`: [`Client::{}`] sends the same \
             request asking for the stream.",
            twin.method
        ),
        true => format!(
            "Sends the same request as [`Client::{}`] but asks for `{content_type}` and returns \
             the stream.",
            twin.method
        ),
    };
    vec![
        String::new(),
        line,
        "Whether the server streams is its decision, often taken from the request itself (a \
         field such as `stream: true` in the body): neither method sets any body field, so \
         build the request the server expects."
            .to_owned(),
    ]
}

/// How a path parameter is taken: `&str` for strings, by value for `Copy` scalars, by
/// reference otherwise.
fn path_arg(name: &FieldName, ty: &TypeRef) -> TokenStream {
    use Primitive as P;
    let t = rust_type(ty, Ctx::Crate);
    match ty {
        TypeRef::Primitive(P::String) => quote!(#name: &str),
        TypeRef::Primitive(
            P::Bool | P::I32 | P::I64 | P::U32 | P::U64 | P::F32 | P::F64 | P::Uuid | P::Date,
        ) => quote!(#name: #t),
        _ => quote!(#name: &#t),
    }
}

/// The request path: a literal when the template has no parameters, else the literal pieces
/// and each parameter, percent-encoded as one segment, concatenated. Not `format!`: the
/// formatter cannot lay out a macro's arguments, and the path should read as written.
fn path_expr(segments: &[PathSegment]) -> TokenStream {
    if let [PathSegment::Literal(text)] = segments {
        return quote!(#text.to_owned());
    }
    let pieces = segments.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote!(#text),
        PathSegment::Param { name, wire } => quote!(&encode::path_segment(#wire, &#name)?),
    });
    quote!([#(#pieces),*].concat())
}

pub(super) fn query_style(style: ParamStyle) -> proc_macro2::Ident {
    format_ident!(
        "{}",
        match style {
            ParamStyle::Form { explode: true } => "FormExplode",
            ParamStyle::Form { explode: false } => "Form",
            ParamStyle::DeepObject => "DeepObject",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
        }
    )
}

fn secret_path(path: &SecretPath) -> TokenStream {
    let steps = path.0.iter().map(|step| match step {
        PathStep::Key(key) => quote!(Key(#key)),
        PathStep::Each => quote!(Each),
    });
    quote!(&[#(#steps),*])
}

/// One part (or repeated parts) of a multipart body, as a call on the runtime's form builder.
fn multipart_part(part: &Part) -> TokenStream {
    let field = &part.name;
    let wire = &part.wire;
    match &part.kind {
        PartKind::File => {
            // A list or pattern (`image/png, image/jpeg`, `image/*`) names no one type to send.
            let content_type = part
                .content_type
                .as_deref()
                .filter(|ct| !ct.contains(',') && !ct.contains('*'))
                .unwrap_or("application/octet-stream");
            quote!(.files(#wire, body.#field, #content_type)?)
        }
        PartKind::Text(_) => {
            let content_type = match &part.content_type {
                Some(ct) => quote!(Some(#ct)),
                None => quote!(None),
            };
            quote!(.text(#wire, &body.#field, #content_type)?)
        }
        PartKind::Json(_) => {
            let content_type = part.content_type.as_deref().unwrap_or("application/json");
            let repeated = part.repeated;
            quote!(.json(#wire, &body.#field, #content_type, #repeated)?)
        }
    }
}

/// The return type of a call, and the expression that makes it from a 2xx reply.
fn success(success: &Success) -> (TokenStream, TokenStream) {
    match success {
        Success::Empty => (quote!(()), quote!(Ok(()))),
        Success::Text => (quote!(String), quote!(reply.into_text())),
        Success::Binary => (quote!(Download), quote!(reply.into_download())),
        Success::EventStream(data) => {
            let (item, make) = match data {
                EventData::Json(ty) => (rust_type(ty, Ctx::Crate), quote!(json)),
                EventData::Text => (quote!(String), quote!(text)),
                EventData::Kinds(kinds) => {
                    let name = &kinds.name;
                    let stream =
                        quote!(EventStream::by_event(reply.into_byte_stream()?, #name::decode));
                    return (quote!(EventStream<#name>), quote!(Ok(#stream)));
                }
            };
            (
                quote!(EventStream<#item>),
                quote!(Ok(EventStream::#make(reply.into_byte_stream()?))),
            )
        }
        Success::JsonLines(ty) => {
            let item = rust_type(ty, Ctx::Crate);
            (
                quote!(JsonLines<#item>),
                quote!(Ok(JsonLines::new(reply.into_byte_stream()?))),
            )
        }
        Success::Json(ty) => (rust_type(ty, Ctx::Crate), quote!(reply.decode())),
        Success::Enveloped(e) => {
            let envelope = rust_type(&e.ty, Ctx::Crate);
            let resource = rust_type(&e.resource, Ctx::Crate);
            let path = &e.path;
            (
                quote!(Enveloped<#envelope, #resource>),
                quote! {
                    reply.decode::<#envelope>().map(|envelope| {
                        Enveloped::new(envelope, |body| &body #(.#path)*, |body| body #(.#path)*)
                    })
                },
            )
        }
    }
}

/// A match arm per error case, ending with a catch-all for statuses the spec does not list.
fn error_arms(api: &Api, errors: &[ErrorCase]) -> Vec<TokenStream> {
    let mut arms: Vec<TokenStream> = errors
        .iter()
        .map(|case| {
            let patterns = status_patterns(&case.statuses);
            let variant = case
                .body
                .as_ref()
                .and_then(|ty| api.error_bodies.iter().find(|v| &v.ty == ty));
            let typed = match variant {
                Some(v) => {
                    let name = &v.name;
                    quote!(|body| serde_json::from_slice(body).ok().map(ErrorBody::#name))
                }
                None => quote!(|_| None),
            };
            quote!(#(#patterns)|* => Err(reply.api_error(#typed)),)
        })
        .collect();
    if errors.last().map(|c| c.statuses.as_slice()) != Some(&[StatusMatch::Default]) {
        arms.push(quote!(_ => Err(reply.api_error(|_| None)),));
    }
    arms
}

/// The patterns for one case's statuses. Three or more consecutive codes become one range:
/// clippy's `manual_range_patterns` rejects `403 | 404 | 405`, and the range reads better.
fn status_patterns(statuses: &[StatusMatch]) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut rest = statuses;
    while let Some((&first, tail)) = rest.split_first() {
        let StatusMatch::Code(low) = first else {
            out.push(status_pattern(first));
            rest = tail;
            continue;
        };
        // How many codes follow `low` one by one.
        let run = tail
            .iter()
            .zip(1..)
            .take_while(|(s, k)| **s == StatusMatch::Code(low.saturating_add(*k)))
            .count();
        if run >= 2 {
            let (low, high) = (Literal::u16_unsuffixed(low), status_pattern(tail[run - 1]));
            out.push(quote!(#low..=#high));
        } else {
            out.extend(rest[..=run].iter().map(|s| status_pattern(*s)));
        }
        rest = &rest[run + 1..];
    }
    out
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => Literal::u16_unsuffixed(code).into_token_stream(),
        StatusMatch::Range(hundreds) => {
            let low = Literal::u16_unsuffixed(hundreds * 100);
            let high = Literal::u16_unsuffixed(hundreds * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proc_macro2::{TokenStream, TokenTree};

    use crate::emit::runtime;
    use crate::naming::reserved::{CLIENT_METHODS, METHOD_LOCALS};

    /// Names bound by `let` and by closure parameters anywhere in `tokens`.
    fn bindings(tokens: TokenStream, out: &mut BTreeSet<String>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Group(g) => bindings(g.stream(), out),
                TokenTree::Ident(id) if id == "let" => {
                    let name = trees[i + 1..].iter().find_map(|t| match t {
                        TokenTree::Ident(n) if n != "mut" => Some(n.to_string()),
                        _ => None,
                    });
                    out.extend(name);
                }
                TokenTree::Punct(p) if p.as_char() == '|' => {
                    if let (Some(TokenTree::Ident(n)), Some(TokenTree::Punct(close))) =
                        (trees.get(i + 1), trees.get(i + 2))
                    {
                        if close.as_char() == '|' && n != "_" {
                            out.insert(n.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Every local an emitted method binds is one `lower` keeps parameter names off, so a
    /// parameter can never be shadowed before it is used.
    #[test]
    fn emitted_locals_are_reserved() {
        let spec = include_bytes!("../../../../spec/sphere.yaml");
        let doc = crate::load(spec).expect("the Sphere spec loads");
        let api = crate::lower(&doc).expect("the Sphere spec lowers");
        let mut found = BTreeSet::new();
        for op in &api.operations {
            bindings(super::emit_operation(&api, op), &mut found);
        }
        assert!(
            found.contains("request") && found.contains("reply"),
            "{found:?}"
        );
        let unreserved: Vec<_> = found
            .iter()
            .filter(|n| !METHOD_LOCALS.contains(&n.as_str()))
            .collect();
        assert!(
            unreserved.is_empty(),
            "not in METHOD_LOCALS: {unreserved:?}"
        );
    }

    /// Runs of three or more codes become ranges (clippy's `manual_range_patterns`); pairs,
    /// gaps and `NXX` ranges stay as they are.
    #[test]
    fn consecutive_statuses_become_ranges() {
        use crate::ir::StatusMatch::{Code, Range};
        let text = |statuses: &[crate::ir::StatusMatch]| {
            let patterns = super::status_patterns(statuses);
            quote::quote!(#(#patterns)|*).to_string()
        };
        assert_eq!(
            text(&[
                Code(400),
                Code(401),
                Code(403),
                Code(404),
                Code(405),
                Code(412)
            ]),
            "400 | 401 | 403 ..= 405 | 412"
        );
        assert_eq!(
            text(&[Code(500), Code(501), Code(502), Code(503)]),
            "500 ..= 503"
        );
        assert_eq!(text(&[Code(404), Range(5)]), "404 | 500 ..= 599");
    }

    /// Every method the runtime gives `Client` is one operations are kept from.
    #[test]
    fn runtime_client_methods_are_reserved() {
        let mut methods = Vec::new();
        for file in runtime::CLIENT {
            let ast: syn::File = syn::parse_str(file.text).expect("runtime parses");
            for item in ast.items {
                let syn::Item::Impl(imp) = item else { continue };
                let syn::Type::Path(ty) = &*imp.self_ty else {
                    continue;
                };
                if imp.trait_.is_none() && ty.path.is_ident("Client") {
                    for member in imp.items {
                        if let syn::ImplItem::Fn(f) = member {
                            methods.push(f.sig.ident.to_string());
                        }
                    }
                }
            }
        }
        assert!(methods.contains(&"send".to_owned()), "{methods:?}");
        for m in methods {
            assert!(
                CLIENT_METHODS.contains(&m.as_str()),
                "`Client::{m}` is not reserved"
            );
        }
    }
}
