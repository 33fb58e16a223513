//! What OpenAPI 3.2 added to the request line of a generated method: a method outside the
//! fixed set (QUERY, an `additionalOperations` key), and the whole query string taken from one
//! `in: querystring` parameter.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::query_style;
use crate::ir::{FormEncoding, FormRule, Method, Param, QueryStringContent};

/// The `reqwest::Method` expression: a constant for the methods `reqwest` names, else the
/// token as written (checked by `load`, so building it does not fail).
pub(super) fn method_expr(method: &Method) -> TokenStream {
    match method {
        Method::Query | Method::Other(_) => {
            let name = method.as_str();
            quote!(encode::method(#name)?)
        }
        fixed => {
            let ident = format_ident!("{}", fixed.as_str());
            quote!(reqwest::Method::#ident)
        }
    }
}

/// The statement that encodes the parameters-struct field of `param` as the whole query
/// string (the runtime sends none for an absent optional value).
pub(super) fn query_string(param: &Param, content: QueryStringContent) -> TokenStream {
    let name = &param.name;
    let rules = form_rules(&param.query_string_rules);
    match content {
        QueryStringContent::Form => quote!(request.form_query(&params.#name, &[#(#rules),*])?;),
        QueryStringContent::Json => quote!(request.json_query(&params.#name)?;),
    }
}

/// The runtime's `(wire name, rule)` pairs for `encoding`: how each property of a form body,
/// or of a form-encoded query string, is written.
pub(super) fn form_rules(encoding: &[FormEncoding]) -> Vec<TokenStream> {
    encoding
        .iter()
        .map(|e| {
            let wire = &e.wire;
            let rule = match e.rule {
                FormRule::Json => quote!(form::FormRule::Json),
                FormRule::Style(style) => {
                    let style = query_style(style);
                    quote!(form::FormRule::Style(encode::QueryStyle::#style))
                }
            };
            quote!((#wire, #rule))
        })
        .collect()
}
