//! Operations, servers and security schemes → `client.rs`: what the spec decides about the
//! client. Everything else (the builder, sending and retrying, encoding, errors) is the
//! runtime beside it (`emit/runtime.rs`), which `client.rs` declares as its child modules.

mod auth;
mod bodies;
mod errors;
mod events;
mod example;
mod headers;
mod operations;
mod request_line;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, BodyKind, PathStep};

pub(super) use example::crate_example;

/// Operations per `impl Client` block. Each block is rendered on its own (see
/// `emit::part_count`), so a spec with thousands of operations never holds them all as tokens.
pub const OPERATIONS_PER_PART: usize = 200;

/// How many parts `client.rs` is emitted in.
pub fn client_part_count(api: &Api) -> usize {
    api.operations.len().div_ceil(OPERATIONS_PER_PART).max(1)
}

/// Part `index` of `client.rs`: the first holds everything but the later methods; each later
/// one is another `impl Client` block of operations.
pub fn emit_client_part(api: &Api, index: usize) -> TokenStream {
    let start = (index * OPERATIONS_PER_PART).min(api.operations.len());
    let end = (start + OPERATIONS_PER_PART).min(api.operations.len());
    let methods = api.operations[start..end]
        .iter()
        .map(|op| operations::emit_operation(api, op));
    if index > 0 {
        return quote! {
            impl Client {
                #(#methods)*
            }
        };
    }
    let body_files = super::runtime::body_files(&api.needs.bodies);
    let modules = super::runtime::CLIENT
        .iter()
        .chain(&body_files)
        .map(|f| format_ident!("{}", f.module));
    let body_exports = bodies::exports(&api.needs.bodies);
    let multipart_types = bodies::multipart_types(api);
    let event_types = events::event_enums(api);
    let header_types = headers::header_types(api);
    let servers = auth::emit_servers(api);
    let auth = auth::emit_auth(api);
    let error_body = errors::emit_error_body(api);
    let constructors = auth::emit_constructors(api);
    let default = auth::emit_default(api);
    let steps = path_steps(api);
    quote! {
        //! The HTTP client: one async method per operation of the spec.
        //!
        //! The modules declared here are the same in every generated crate; this file holds
        //! what the spec decides: its servers, security schemes, error bodies and operations.

        #(mod #modules;)*

        pub use builder::{Client, ClientBuilder};
        pub use call::{Call, CallOptions, RawResponse, Response};
        pub use envelope::Enveloped;
        pub use error::Error;
        pub use headers::{FromHeaders, HeaderError, WithHeaders};
        pub use retry::RetryPolicy;
        #body_exports

        #steps

        #servers
        #auth
        #error_body
        #default
        #(#multipart_types)*
        #(#event_types)*
        #(#header_types)*

        impl Client {
            #constructors
            #(#methods)*
        }
    }
}

/// The import of the secret-path steps the operations use, if any.
fn path_steps(api: &Api) -> Option<TokenStream> {
    let paths = api
        .operations
        .iter()
        .filter_map(|op| match &op.body.as_ref()?.kind {
            BodyKind::Json { secret_paths, .. } => Some(secret_paths),
            BodyKind::Form(form) => Some(&form.secret_paths),
            _ => None,
        });
    let (mut key, mut each) = (false, false);
    for step in paths.flatten().flat_map(|p| &p.0) {
        match step {
            PathStep::Key(_) => key = true,
            PathStep::Each => each = true,
        }
    }
    let each = each.then(|| quote!(Each,));
    let key = key.then(|| quote!(Key));
    (key.is_some() || each.is_some()).then(|| quote!(use secrets::PathStep::{#each #key};))
}
