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

/// One source file of the emitted crate. Files are emitted one at a time so callers can
/// render them in parallel and free each file's tokens as soon as it is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// `src/models.rs`.
    Models,
    /// `src/client.rs`.
    Client,
    /// `src/types.rs`.
    Types,
    /// `src/lib.rs`.
    Lib,
}

impl Source {
    /// The file name under `src/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Source::Models => "models.rs",
            Source::Client => "client.rs",
            Source::Types => "types.rs",
            Source::Lib => "lib.rs",
        }
    }
}

/// A spec with no operations describes data only: no client, no HTTP dependencies.
fn has_client(api: &Api) -> bool {
    !api.operations.is_empty()
}

/// The files the crate for `api` has, largest first.
pub fn sources(api: &Api) -> Vec<Source> {
    let mut out = vec![Source::Models];
    if has_client(api) {
        out.push(Source::Client);
    }
    out.extend([Source::Types, Source::Lib]);
    out
}

/// Models per rendering run of `models.rs`: bounds the tokens and syntax tree held at once
/// (a whole 10,000-schema file took over a gigabyte) and lets workers share the largest file.
const MODELS_PER_PART: usize = 200;

/// How many parts `source` is emitted in (see [`emit_part`]).
pub fn part_count(api: &Api, source: Source) -> usize {
    match source {
        Source::Models => api.models.len().div_ceil(MODELS_PER_PART).max(1),
        Source::Client => client::client_part_count(api),
        _ => 1,
    }
}

/// What emitting parts needs beyond the IR, prepared once per crate and shared by the
/// threads that emit parts.
pub struct Plan<'a> {
    api: &'a Api,
    options: &'a Options,
    client: Option<client::ClientPlan<'a>>,
}

impl<'a> Plan<'a> {
    /// Prepares to emit the crate for `api`.
    pub fn new(api: &'a Api, options: &'a Options) -> Self {
        Self {
            api,
            options,
            client: has_client(api).then(|| client::ClientPlan::new(api)),
        }
    }
}

/// Part `index` of `source`; rendering the parts in order and concatenating the text gives
/// the same file as rendering [`emit_source`].
pub fn emit_part(plan: &Plan<'_>, source: Source, index: usize) -> TokenStream {
    let (api, options) = (plan.api, plan.options);
    match source {
        Source::Models => {
            let start = (index * MODELS_PER_PART).min(api.models.len());
            let end = (start + MODELS_PER_PART).min(api.models.len());
            models::emit_models_part(&api.models[start..end], index == 0)
        }
        Source::Client => match &plan.client {
            Some(client) => client::emit_client_part(api, client, index),
            None => TokenStream::new(),
        },
        _ => emit_source(api, options, source),
    }
}

/// Emits one source file.
pub fn emit_source(api: &Api, options: &Options, source: Source) -> TokenStream {
    match source {
        Source::Models => models::emit_models(&api.models),
        Source::Client => client::emit_client(api),
        Source::Types => {
            let has_enums = api
                .models
                .iter()
                .any(|m| matches!(m.kind, ModelKind::Enum(_)));
            support::emit_support(&Needs::of(api), has_enums)
        }
        Source::Lib => emit_lib(
            api,
            has_client(api),
            &client::crate_example(api, &options.crate_name),
        ),
    }
}

/// `Cargo.toml` of the crate for `api`.
pub fn emit_manifest(api: &Api, options: &Options) -> String {
    manifest(options, &Needs::of(api), has_client(api))
}

/// Emits the crate for `api`.
pub fn emit(api: &Api, options: &Options) -> Emitted {
    let sources = sources(api)
        .into_iter()
        .map(|s| (s.file_name().to_owned(), emit_source(api, options, s)))
        .collect();
    Emitted {
        sources,
        manifest: emit_manifest(api, options),
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
        let l = docs::doc_text(l);
        quote!(#![doc = #l])
    });
    // The example calls the client, so it exists only with the feature.
    let example = example.iter().map(|l| {
        let l = docs::doc_text(l);
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
