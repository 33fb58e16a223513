//! `lib.rs` and `README.md` of the emitted crate: the crate docs are the README, written as
//! one Markdown document and included with `#![doc = include_str!("../README.md")]`.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::crate_example;
use super::docs;
use crate::error::Result;
use crate::ir::Api;

/// The body of `lib.rs`.
pub(super) fn emit_lib(api: &Api, has_client: bool, _crate_name: &str) -> TokenStream {
    let client = has_client.then(|| {
        let server = (!api.servers.is_empty()).then(|| quote!(Server,));
        quote! {
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod client;

            #[cfg(feature = "client")]
            pub use client::{
                Auth, Call, CallOptions, Client, ClientBuilder, Enveloped, Error, ErrorBody, RawResponse,
                Response, RetryPolicy, #server WithHeaders
            };
        }
    });
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod webhooks;
        }
    });
    quote! {
        #![doc = include_str!("../README.md")]
        #![deny(missing_docs)]
        // prettyplease lays out the generated files; `cargo fmt` must not fight
        // `cargo xtask codegen --check` over them.
        #![cfg_attr(rustfmt, rustfmt::skip)]

        #[rustfmt::skip]
        pub mod models;

        #[rustfmt::skip]
        pub mod types;

        #webhooks

        #client
    }
}

/// `README.md`: what the crate is, its layout, and an example that doctests compile.
pub(super) fn readme(api: &Api, has_client: bool, crate_name: &str) -> Result<String> {
    let mut lines = vec![format!(
        "{} (version {}), generated from its OpenAPI description.",
        api.title, api.version
    )];
    if let Some(d) = &api.description {
        lines.push(String::new());
        lines.extend(docs::sanitize(d));
    }
    lines.extend(
        [
            "",
            "# Layout",
            "",
            "- [`models`]: a type for every schema. Enums are open: values the spec does not list",
            "  decode into an `Unknown` variant instead of failing, and so do tagged unions.",
        ]
        .map(str::to_owned),
    );
    if has_client {
        lines.extend(
            [
                "- `client` (feature `client`, on by default): `Client`, one method per operation",
                "  returning a `Call` to await, with auth, timeouts and retries; a call can take its",
                "  own headers, timeout, retry policy or idempotency key, and `send_with_response()`",
                "  gives the status, headers and raw body beside the value. Feature `tracing` (off by",
                "  default) records one span per call.",
            ]
            .map(str::to_owned),
        );
        lines.extend(client_extras(api));
    }
    if !api.webhooks.is_empty() {
        lines.extend(
            [
                "- [`webhooks`]: the requests the API sends to your service (webhooks and callbacks),",
                "  each with its name, method, payload type and a `parse` function; no HTTP client needed.",
            ]
            .map(str::to_owned),
        );
    }
    lines.push("- [`types`]: support types the models use.".to_owned());
    if has_client {
        lines.extend(
            [
                "",
                "Build with `default-features = false` to get the models without `reqwest` and `tokio`.",
            ]
            .map(str::to_owned),
        );
        if let Some(example) = crate_example(api, crate_name)? {
            lines.extend(
                [
                    "",
                    "# Example",
                    "",
                    "With the `client` feature: each call awaits the API and returns the decoded",
                    "resource or an `Error`.",
                    "",
                    "```no_run",
                ]
                .map(str::to_owned),
            );
            lines.extend(example);
            lines.push("```".to_owned());
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Ok(text)
}

/// README lines for what only some clients have: typed response headers and methods for
/// extra request media types.
fn client_extras(api: &Api) -> Vec<String> {
    let mut lines = Vec::new();
    if api
        .operations
        .iter()
        .any(|op| op.response_headers.is_some())
    {
        lines.push(
            "  Where the spec declares response headers, `send_with_headers()` also returns them"
                .to_owned(),
        );
        lines.push("  decoded into the operation's generated `…Headers` struct.".to_owned());
    }
    if api.operations.iter().any(|op| op.is_extra_body_method()) {
        lines.push(
            "  An operation accepting several request media types has a method per type".to_owned(),
        );
        lines.push(
            "  (`…_form`, `…_multipart`, …); its plain method sends JSON when offered.".to_owned(),
        );
    }
    lines
}
