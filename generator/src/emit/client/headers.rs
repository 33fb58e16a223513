//! Typed response headers in `client.rs`: a struct per operation whose success responses
//! declare headers, decoded by the runtime's helpers (`client/headers.rs`), and what a
//! method's return type and docs say about it.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::docs::{doc_lines, lines_to_attrs};
use super::super::rust_type::{rust_type, Ctx};
use crate::ir::{Api, Operation, ResponseHeaders};

/// The headers struct of every operation that declares some, in operation order. The extra
/// methods of an operation and its streaming twin share its struct.
pub(super) fn header_types(api: &Api) -> Vec<TokenStream> {
    api.operations
        .iter()
        .filter(|op| !op.is_extra_body_method() && !op.is_stream_twin())
        .filter_map(|op| Some(header_struct(op.response_headers.as_ref()?, op)))
        .collect()
}

/// The `H` of a method's `Call<'_, T, H>`, when its responses declare headers.
pub(super) fn call_headers(op: &Operation) -> Option<TokenStream> {
    let name = &op.response_headers.as_ref()?.name;
    Some(quote!(#name))
}

/// The lines a method's docs gain when its responses declare headers.
pub(super) fn method_doc_lines(op: &Operation) -> Vec<String> {
    let Some(headers) = &op.response_headers else {
        return Vec::new();
    };
    let names: Vec<String> = headers
        .headers
        .iter()
        .map(|h| format!("`{}`", h.wire.replace('`', "'")))
        .collect();
    vec![
        String::new(),
        format!(
            "The response declares headers ({}): `.send_with_headers().await` returns them \
             decoded as [`{}`] beside the value.",
            names.join(", "),
            headers.name
        ),
    ]
}

fn header_struct(headers: &ResponseHeaders, op: &Operation) -> TokenStream {
    let name = &headers.name;
    let method = &op.name;
    let docs = lines_to_attrs(&[
        format!("The headers a successful [`Client::{method}`] response declares."),
        String::new(),
        format!(
            "Read with `client.{method}(..).send_with_headers().await`, which fails with \
             [`Error::Header`] naming the header when a required one is missing or one does \
             not match its schema. Names match in any case; lists are comma-separated."
        ),
        String::new(),
        "Non-exhaustive: a header the spec adds later is a new field, not a breaking change."
            .to_owned(),
    ]);
    let fields = headers.headers.iter().map(|h| {
        let field = &h.name;
        let t = rust_type(&h.ty, Ctx::Crate);
        let ty = match h.required {
            true => t,
            false => quote!(Option<#t>),
        };
        let wire = h.wire.replace('`', "'");
        let mut lines = doc_lines(&h.docs, &format!("The `{wire}` header."));
        lines.push(String::new());
        lines.push(match (h.required, h.json) {
            (true, false) => format!("Header `{wire}`, required."),
            (false, false) => format!("Header `{wire}`; `None` when the response has none."),
            (true, true) => format!("Header `{wire}`, required, its value JSON text."),
            (false, true) => {
                format!("Header `{wire}`, its value JSON text; `None` when the response has none.")
            }
        });
        let docs = lines_to_attrs(&lines);
        quote!(#docs pub #field: #ty,)
    });
    let decoders = headers.headers.iter().map(|h| {
        let field = &h.name;
        let wire = &h.wire;
        let decode = match (h.required, h.json) {
            (true, false) => quote!(headers::required),
            (false, false) => quote!(headers::optional),
            (true, true) => quote!(headers::required_json),
            (false, true) => quote!(headers::optional_json),
        };
        quote!(#field: #decode(map, #wire)?,)
    });
    let (derives, debug) = match headers.headers.iter().any(|h| h.sensitive) {
        true => (
            quote!(#[derive(Clone, PartialEq)]),
            Some(redacted_debug(headers)),
        ),
        false => (quote!(#[derive(Clone, Debug, PartialEq)]), None),
    };
    quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl FromHeaders for #name {
            fn from_headers(map: &reqwest::header::HeaderMap) -> Result<Self, HeaderError> {
                Ok(Self { #(#decoders)* })
            }
        }

        #debug
    }
}

/// `Debug` for a headers struct with secrets: each secret shows whether it is set, never
/// its value.
fn redacted_debug(headers: &ResponseHeaders) -> TokenStream {
    let name = &headers.name;
    let text = name.as_str();
    let fields = headers.headers.iter().map(|h| {
        let field = &h.name;
        let label = field.as_str().trim_start_matches("r#");
        match (h.sensitive, h.required) {
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, true) => quote!(.field(#label, &"[redacted]")),
            (true, false) => quote!(.field(#label, &self.#field.as_ref().map(|_| "[redacted]"))),
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#text) #(#fields)* .finish()
            }
        }
    }
}
