//! `ErrorBody`: the bodies the spec declares for error statuses, one variant each (found by
//! `analyze`), plus the raw text, with accessors for the message and request id.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::rust_type::{rust_type, Ctx};
use crate::ir::{Accessor, Api, ErrorBodyVariant, Presence, TypeRef};

/// The `ErrorBody` enum and its accessors.
pub(super) fn emit_error_body(api: &Api) -> TokenStream {
    let variants = api.error_bodies.iter().map(|v| {
        let name = &v.name;
        let t = rust_type(&v.ty, Ctx::Crate);
        let doc = match &v.ty {
            TypeRef::Named(n) => {
                format!(" The body the spec declares: [`{n}`](crate::models::{n}).")
            }
            _ => " The body the spec declares, decoded as JSON.".to_owned(),
        };
        quote!(#[doc = #doc] #name(#t),)
    });
    let message = accessor_match(api, |v| v.message.as_ref());
    let request_id = accessor_match(api, |v| v.request_id.as_ref());
    // Boxing every variant would make matching on bodies clumsier than the size difference
    // is worth: the whole body is boxed inside `Error` already.
    let large_variants =
        (!api.error_bodies.is_empty()).then(|| quote!(#[allow(clippy::large_enum_variant)]));
    quote! {
        /// The body of an error response: the schema the spec declares for its status, or the
        /// raw text when it declares none or the body does not match it.
        #[derive(Clone, Debug, PartialEq)]
        #large_variants
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
    }
}

/// A `match self` borrowing the string property `pick` names from each variant.
fn accessor_match(api: &Api, pick: impl Fn(&ErrorBodyVariant) -> Option<&Accessor>) -> TokenStream {
    let arms = api.error_bodies.iter().map(|v| {
        let name = &v.name;
        match pick(v) {
            Some(Accessor {
                field,
                presence: Presence::Required,
            }) => quote!(Self::#name(body) => Some(body.#field.as_str()),),
            Some(Accessor {
                field,
                presence: Presence::Optional | Presence::RequiredNullable,
            }) => quote!(Self::#name(body) => body.#field.as_deref(),),
            Some(Accessor {
                field,
                presence: Presence::OptionalNullable,
            }) => quote!(Self::#name(body) => body.#field.as_ref().map(String::as_str),),
            None => quote!(Self::#name(_) => None,),
        }
    });
    quote!(match self { #(#arms)* Self::Raw(_) => None })
}
