//! The enums of server-sent events told apart by name (an OpenAPI 3.2 `itemSchema` whose
//! `oneOf` members each fix `event`): a variant per name holding that event's decoded
//! `data`, and one for names the spec does not list, so a new kind of event never fails
//! the stream.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::rust_type::{rust_type, Ctx};
use crate::ir::{Api, EventData, EventKinds, Success};
use crate::naming::FieldName;

/// The enum of every operation whose events differ by name, in operation order.
pub(super) fn event_enums(api: &Api) -> Vec<TokenStream> {
    api.operations
        .iter()
        .filter_map(|op| match &op.success {
            Success::EventStream(EventData::Kinds(kinds)) => Some(event_enum(kinds, &op.name)),
            _ => None,
        })
        .collect()
}

fn event_enum(kinds: &EventKinds, op: &FieldName) -> TokenStream {
    let name = &kinds.name;
    let unknown = &kinds.unknown;
    let doc = format!(
        " The events of [`Client::{op}`], told apart by their `event` field: each variant holds the decoded `data` of one kind."
    );
    let variants = kinds.kinds.iter().map(|kind| {
        let variant = &kind.variant;
        let event = kind.event.replace('`', "'");
        let (ty, doc) = match &kind.data {
            Some(ty) => (
                rust_type(ty, Ctx::Crate),
                format!(" A `{event}` event, its `data` decoded from JSON."),
            ),
            None => (
                quote!(String),
                format!(" A `{event}` event, its `data` as text."),
            ),
        };
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let arms = kinds.kinds.iter().map(|kind| {
        let variant = &kind.variant;
        let event = &kind.event;
        match &kind.data {
            Some(_) => quote! {
                #event => serde_json::from_str(data).map(Self::#variant).map_err(|e| e.to_string()),
            },
            None => quote!(#event => Ok(Self::#variant(data.to_owned())),),
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// An event of a kind the spec does not list (`Event::event` names it), its `data` as text.
            #unknown(String),
        }

        impl #name {
            /// Decodes the `data` of an event named `event`.
            fn decode(event: &str, data: &str) -> Result<Self, String> {
                match event {
                    #(#arms)*
                    _ => Ok(Self::#unknown(data.to_owned())),
                }
            }
        }
    }
}
