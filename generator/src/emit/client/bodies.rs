//! What bodies beyond JSON add to `client.rs`: the public types of the runtime modules they
//! use, and a struct per multipart body (its file parts are a client type, so these live in
//! the client rather than among the models).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::docs::{doc_lines, lines_to_attrs};
use super::super::rust_type::{rust_type, Ctx};
use crate::ir::{Api, BodyKind, BodyNeeds, MultipartBody, Operation, Part, PartKind};
use crate::naming::FieldName;

/// The `pub use` lines for the runtime types the crate's bodies use.
pub(super) fn exports(needs: &BodyNeeds) -> TokenStream {
    let download = needs.download.then(|| {
        quote!(
            pub use download::{ByteStream, Download};
        )
    });
    let json_lines = needs.json_lines.then(|| {
        quote!(
            pub use json_lines::JsonLines;
        )
    });
    let multipart = needs.multipart.then(|| {
        quote!(
            pub use multipart::FilePart;
        )
    });
    let sse = needs.event_stream.then(|| {
        quote!(
            pub use sse::{Event, EventStream};
        )
    });
    let upload = needs.upload.then(|| {
        quote!(
            pub use upload::Upload;
        )
    });
    quote!(#download #json_lines #multipart #sse #upload)
}

/// The struct of every multipart body, in operation order (a streaming twin shares its
/// plain method's).
pub(super) fn multipart_types(api: &Api) -> Vec<TokenStream> {
    api.operations
        .iter()
        .filter(|op| !op.is_stream_twin())
        .filter_map(|op| match &op.body.as_ref()?.kind {
            BodyKind::Multipart(m) => Some(multipart_struct(m, &op.name)),
            _ => None,
        })
        .collect()
}

/// The field type of a part.
pub(super) fn part_type(part: &Part) -> TokenStream {
    match (&part.kind, part.repeated, part.required) {
        (PartKind::File, true, _) => quote!(Vec<FilePart>),
        (PartKind::File, false, true) => quote!(FilePart),
        (PartKind::File, false, false) => quote!(Option<FilePart>),
        (PartKind::Text(ty) | PartKind::Json(ty), _, required) => {
            let t = rust_type(ty, Ctx::Crate);
            match required {
                true => t,
                false => quote!(Option<#t>),
            }
        }
    }
}

fn multipart_struct(body: &MultipartBody, op: &FieldName) -> TokenStream {
    let name = &body.name;
    let mut lines = vec![format!(
        "The `multipart/form-data` body of [`Client::{op}`]: a part per field."
    )];
    if body.docs.summary.is_some() || body.docs.description.is_some() {
        lines.push(String::new());
        lines.extend(doc_lines(&body.docs, ""));
    }
    let docs = lines_to_attrs(&lines);
    let fields = body.parts.iter().map(|p| {
        let field = &p.name;
        let ty = part_type(p);
        let mut lines = doc_lines(&p.docs, &format!("The `{}` part.", p.wire));
        if !p.headers.is_empty() {
            lines.push(String::new());
            // Only a file part carries headers of the caller's choosing.
            let how = match p.kind {
                PartKind::File => "set them with `FilePart::with_header`",
                _ => "this client does not send them on a text or JSON part",
            };
            lines.push(format!(
                "The spec declares these part headers ({how}): {}.",
                p.headers
                    .iter()
                    .map(|h| format!("`{}`", h.replace('`', "'")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let docs = lines_to_attrs(&lines);
        quote!(#docs pub #field: #ty,)
    });
    // Required parts are constructor arguments; the others start empty.
    let required: Vec<&Part> = body.parts.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let field = &p.name;
        let ty = part_type(p);
        quote!(#field: #ty)
    });
    let inits = body.parts.iter().map(|p| {
        let field = &p.name;
        match (p.required, p.repeated && p.kind == PartKind::File) {
            (true, _) => quote!(#field,),
            (false, true) => quote!(#field: Vec::new(),),
            (false, false) => quote!(#field: None,),
        }
    });
    let setters = body
        .parts
        .iter()
        .filter(|p| !required.iter().any(|r| r.name == p.name))
        .map(|p| {
            let field = &p.name;
            let setter = format_ident!("with_{}", field.as_str().trim_start_matches("r#"));
            let (ty, value) = match (&p.kind, p.repeated) {
                (PartKind::File, true) => (quote!(Vec<FilePart>), quote!(value)),
                (PartKind::File, false) => (quote!(FilePart), quote!(Some(value))),
                (PartKind::Text(ty) | PartKind::Json(ty), _) => {
                    (rust_type(ty, Ctx::Crate), quote!(Some(value)))
                }
            };
            let doc = format!(" Sets the `{}` part.", p.wire.replace('`', "'"));
            quote! {
                #[doc = #doc]
                pub fn #setter(mut self, value: #ty) -> Self {
                    self.#field = #value;
                    self
                }
            }
        });
    // With no required part every field is empty by default.
    let derives = match required.is_empty() {
        true => quote!(#[derive(Debug, Default)]),
        false => quote!(#[derive(Debug)]),
    };
    quote! {
        #docs
        #derives
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// A body with the required parts; the others are set with the `with_` methods.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }
            #(#setters)*
        }
    }
}

/// The lines a method's docs gain when its operation's body may be sent as several media
/// types: which method sends which.
pub(super) fn body_method_doc_lines(op: &Operation) -> Vec<String> {
    let Some((default, others)) = op.body_methods.split_first() else {
        return Vec::new();
    };
    let quote = |text: &str| format!("`{}`", text.replace('`', "'"));
    let link = |m: &crate::ir::BodyMethod| {
        format!("[`Client::{}`] ({})", m.method, quote(&m.content_type))
    };
    let line = match op.is_extra_body_method() {
        false => format!(
            "The body is sent as {}; to send it as another media type the spec offers, call {}.",
            quote(&default.content_type),
            others.iter().map(link).collect::<Vec<_>>().join(", ")
        ),
        true => {
            let own = op
                .body
                .as_ref()
                .map_or(String::new(), |b| quote(&b.content_type));
            let rest: Vec<String> = op
                .body_methods
                .iter()
                .filter(|m| m.method != op.name)
                .map(link)
                .collect();
            format!(
                "This method sends the body as {own}; the same operation is also {}.",
                rest.join(", ")
            )
        }
    };
    vec![String::new(), line]
}
