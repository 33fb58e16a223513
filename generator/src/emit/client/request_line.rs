//! What OpenAPI 3.2 added to the request line of a generated method: a method outside the
//! fixed set (QUERY, an `additionalOperations` key), and the whole query string taken from one
//! `in: querystring` parameter.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Method, QueryStringContent};
use crate::naming::FieldName;

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

/// The statement that encodes the parameters-struct field `name` as the whole query string;
/// an absent optional value sends none.
pub(super) fn query_string(
    name: &FieldName,
    required: bool,
    content: QueryStringContent,
) -> TokenStream {
    let encoded = |value: TokenStream| match content {
        QueryStringContent::Form => quote!(form::encode(#value, &[])?),
        QueryStringContent::Json => quote!(encode::json_query(#value)?),
    };
    if required {
        let text = encoded(quote!(&params.#name));
        quote!(request.raw_query(&#text);)
    } else {
        let text = encoded(quote!(value));
        quote!(if let Some(value) = &params.#name { request.raw_query(&#text); })
    }
}
