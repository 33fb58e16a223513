//! Stage 3, `emit`: [`Api`] → one `TokenStream` per source file, plus the crate's manifest.
//! Rust is only ever built with `quote!`/`format_ident!`.

mod client;
pub(crate) mod docs;
mod models;
mod support;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, ModelKind};
pub use types::Needs;

/// Settings for the emitted crate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The package name in `Cargo.toml`.
    pub crate_name: String,
    /// The package version.
    pub crate_version: String,
    /// Adds an empty `[workspace]` table so the crate builds on its own wherever it is
    /// written, even inside another workspace's folder.
    pub standalone: bool,
}

/// What `emit` produces: source files as tokens, and the manifest as text.
pub struct Emitted {
    /// `src/*.rs` by file name.
    pub sources: BTreeMap<String, TokenStream>,
    /// `Cargo.toml`.
    pub manifest: String,
}

/// Emits the crate for `api`.
pub fn emit(api: &Api, options: &Options) -> Emitted {
    let needs = Needs::of(api);
    let has_enums = api
        .models
        .iter()
        .any(|m| matches!(m.kind, ModelKind::Enum(_)));
    let mut sources = BTreeMap::new();
    sources.insert(
        "lib.rs".to_owned(),
        emit_lib(
            api,
            !api.operations.is_empty(),
            &client::crate_example(api, &options.crate_name),
        ),
    );
    sources.insert("models.rs".to_owned(), models::emit_models(&api.models));
    sources.insert(
        "types.rs".to_owned(),
        support::emit_support(&needs, has_enums),
    );
    // A spec with no operations describes data only: no client, no HTTP dependencies.
    let has_client = !api.operations.is_empty();
    if has_client {
        sources.insert("client.rs".to_owned(), client::emit_client(api));
    }
    Emitted {
        sources,
        manifest: manifest(options, &needs, has_client),
    }
}

fn emit_lib(api: &Api, has_client: bool, example: &[String]) -> TokenStream {
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
            "  decode into an `Unknown` variant instead of failing.",
        ]
        .map(str::to_owned),
    );
    if has_client {
        lines.extend(
            [
                "- `client` (feature `client`, on by default): `client::Client`, one async",
                "  method per operation, with auth, timeouts and retries.",
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
    }
    let docs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #l])
    });
    // The example calls the client, so it exists only with the feature.
    let example = example.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![cfg_attr(feature = "client", doc = #l)])
    });
    let client = has_client.then(|| {
        quote! {
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod client;

            #[cfg(feature = "client")]
            pub use client::{Client, ClientBuilder, Error, ErrorBody, RetryPolicy};
        }
    });
    quote! {
        #(#docs)*
        #(#example)*
        #![deny(missing_docs)]
        // The file is laid out by prettyplease; rustfmt would re-wrap the long doc attributes
        // and make `cargo fmt` fight `cargo xtask codegen --check`.
        #![cfg_attr(rustfmt, rustfmt::skip)]

        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod types;
        #client
    }
}

/// `Cargo.toml` of the emitted crate, with exactly the dependencies its code uses. TOML is
/// data, not Rust, so plain text is the right tool here.
fn manifest(options: &Options, needs: &Needs, has_client: bool) -> String {
    let mut deps = vec![
        r#"serde = { version = "1.0.200", default-features = false, features = ["std", "derive"] }"#.to_owned(),
        r#"serde_json = { version = "1.0.100", default-features = false, features = ["std"] }"#.to_owned(),
    ];
    if needs.chrono {
        deps.push(r#"chrono = { version = "0.4.38", default-features = false, features = ["std", "serde"] }"#.to_owned());
    }
    if needs.uuid {
        deps.push(
            r#"uuid = { version = "1.8", default-features = false, features = ["serde"] }"#
                .to_owned(),
        );
    }
    if needs.base64 {
        deps.push(
            r#"base64 = { version = "0.22", default-features = false, features = ["std"] }"#
                .to_owned(),
        );
    }
    if has_client {
        deps.extend([
        r#"reqwest = { version = "0.12.5", default-features = false, features = ["json", "rustls-tls"], optional = true }"#.to_owned(),
        r#"tokio = { version = "1.38", default-features = false, features = ["time"], optional = true }"#.to_owned(),
        r#"fastrand = { version = "2.1", optional = true }"#.to_owned(),
        r#"percent-encoding = { version = "2.3", optional = true }"#.to_owned(),
    ]);
    }
    let features = if has_client {
        "[features]\n\
         default = [\"client\"]\n\
         # The async HTTP client. Without it the crate is models only (serde, no reqwest/tokio).\n\
         client = [\"dep:reqwest\", \"dep:tokio\", \"dep:fastrand\", \"dep:percent-encoding\"]\n\n"
    } else {
        ""
    };
    format!(
        "# @generated by cargo xtask codegen. Do not edit.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"{version}\"\n\
         edition = \"2021\"\n\
         rust-version = \"1.80\"\n\
         publish = false\n\
         \n\
         {features}\
         [dependencies]\n\
         {deps}\n",
        name = options.crate_name,
        version = options.crate_version,
        deps = deps.join("\n"),
    ) + if options.standalone {
        "\n[workspace]\n"
    } else {
        ""
    }
}
