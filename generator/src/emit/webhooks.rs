//! `webhooks.rs` of the emitted crate: the requests the API sends to its users' services
//! (`webhooks`, and operations' `callbacks`), each a module with its name, method, payload
//! type and parse function, and a `Webhook` enum that decodes any webhook by name. It needs
//! no HTTP client: a receiving service brings its own server.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, lines_to_attrs};
use super::rust_type::{rust_type, Ctx};
use crate::ir::{Api, Webhook};

/// The body of `webhooks.rs`.
pub(super) fn emit_webhooks(api: &Api) -> TokenStream {
    let modules = api.webhooks.iter().map(emit_module);
    let hooks: Vec<&Webhook> = api
        .webhooks
        .iter()
        .filter(|w| w.callback.is_none())
        .collect();
    let dispatch = (!hooks.is_empty()).then(|| emit_enum(&hooks));
    quote! {
        //! The requests this API sends to your service: a module per webhook and callback, with
        //! its name, HTTP method, payload type and a `parse` function for the body.

        pub use crate::types::WebhookError;

        #dispatch
        #(#modules)*
    }
}

/// `Webhook`: one variant per webhook, decoded by name.
fn emit_enum(hooks: &[&Webhook]) -> TokenStream {
    let variants = hooks.iter().map(|w| {
        let variant = &w.variant;
        let module = &w.module;
        let doc = format!(
            " [`{module}`]: `{}` ({}).",
            w.name.replace('`', "'"),
            w.method
        );
        quote!(#[doc = #doc] #variant(#module::Payload),)
    });
    let dispatched: Vec<&&Webhook> = hooks.iter().filter(|w| w.dispatched).collect();
    let arms = dispatched.iter().map(|w| {
        let variant = &w.variant;
        let module = &w.module;
        quote!(#module::NAME => #module::parse(body).map(Self::#variant),)
    });
    let names: Vec<&str> = dispatched.iter().map(|w| w.name.as_str()).collect();
    let name_arms = hooks.iter().map(|w| {
        let variant = &w.variant;
        let module = &w.module;
        quote!(Self::#variant(_) => #module::NAME,)
    });
    let method_arms = hooks.iter().map(|w| {
        let variant = &w.variant;
        let module = &w.module;
        quote!(Self::#variant(_) => #module::METHOD,)
    });
    quote! {
        /// A webhook this API sends, decoded from its body: for a service that receives
        /// several webhooks at one URL and knows each one's name.
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum Webhook {
            #(#variants)*
        }

        impl Webhook {
            /// The name of every webhook, as the spec gives it.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// Decodes the body of the webhook the spec calls `name`.
            pub fn parse(name: &str, body: &[u8]) -> Result<Self, WebhookError> {
                match name {
                    #(#arms)*
                    other => Err(WebhookError::UnknownName(other.to_owned())),
                }
            }

            /// The webhook's name in the spec.
            pub fn name(&self) -> &'static str {
                match self {
                    #(#name_arms)*
                }
            }

            /// The HTTP method the webhook arrives with.
            pub fn method(&self) -> &'static str {
                match self {
                    #(#method_arms)*
                }
            }
        }
    }
}

/// The module of one webhook or callback.
fn emit_module(w: &Webhook) -> TokenStream {
    let module = &w.module;
    let name = &w.name;
    let method = &w.method;
    let shown = name.replace('`', "'");
    let fallback = match &w.callback {
        Some(of) => format!(
            "The `{shown}` callback of `{}`.",
            of.operation.replace('`', "'")
        ),
        None => format!("The `{shown}` webhook."),
    };
    let docs = doc_attrs(&w.docs, &fallback);
    let kind = if w.callback.is_some() {
        "callback"
    } else {
        "webhook"
    };
    let name_doc = format!(" The {kind}'s name in the spec.");
    let method_doc = format!(" The HTTP method the {kind} arrives with.");
    let callback = w.callback.as_ref().map(|of| {
        let operation = &of.operation;
        let expression = &of.expression;
        quote! {
            /// The operation that registers the callback (its `operationId`, or method and path).
            pub const OPERATION: &str = #operation;
            /// Where the callback is sent: the spec's runtime expression for its URL.
            pub const URL: &str = #expression;
        }
    });
    let (payload, parse) = match &w.payload {
        Some(ty) => {
            let ty = rust_type(ty, Ctx::Crate);
            (
                quote! {
                    /// The body it carries.
                    pub type Payload = #ty;
                },
                quote! {
                    /// Decodes its JSON body.
                    pub fn parse(body: &[u8]) -> Result<Payload, super::WebhookError> {
                        super::WebhookError::parse(NAME, body)
                    }
                },
            )
        }
        None => {
            let note = lines_to_attrs(&[
                "It declares no JSON body: there is nothing to decode.".to_owned()
            ]);
            (
                quote! {
                    #note
                    pub type Payload = ();
                },
                quote! {
                    /// Accepts any body: the spec declares no JSON body for it.
                    pub fn parse(_body: &[u8]) -> Result<Payload, super::WebhookError> {
                        Ok(())
                    }
                },
            )
        }
    };
    quote! {
        #docs
        pub mod #module {
            #[doc = #name_doc]
            pub const NAME: &str = #name;
            #[doc = #method_doc]
            pub const METHOD: &str = #method;
            #callback
            #payload
            #parse
        }
    }
}
