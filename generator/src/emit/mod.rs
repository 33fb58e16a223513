//! Stage 3, `emit`: [`Api`] → one `TokenStream` per part of each generated source file, the
//! runtime files copied as they are, and the manifest and README as text. Rust is only ever
//! built with `quote!`/`format_ident!`.

mod client;
mod constants;
pub(crate) mod docs;
mod lib_rs;
mod manifest;
mod models;
pub mod runtime;
mod rust_type;
mod support;
mod tuples;
mod webhooks;

use proc_macro2::TokenStream;

use crate::error::Result;
use crate::ir::Api;

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

/// One generated source file. Files are emitted in parts so callers can render them in
/// parallel and free each part's tokens as soon as it is rendered.
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
    /// `src/webhooks.rs`.
    Webhooks,
}

impl Source {
    /// The file's path below `src/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Source::Models => "models.rs",
            Source::Client => "client.rs",
            Source::Types => "types.rs",
            Source::Lib => "lib.rs",
            Source::Webhooks => "webhooks.rs",
        }
    }
}

/// A spec with no operations describes data only: no client, no HTTP dependencies.
fn has_client(api: &Api) -> bool {
    !api.operations.is_empty()
}

/// The generated files the crate for `api` has, largest first.
pub fn sources(api: &Api) -> Vec<Source> {
    let mut out = vec![Source::Models];
    if has_client(api) {
        out.push(Source::Client);
    }
    if !api.webhooks.is_empty() {
        out.push(Source::Webhooks);
    }
    out.extend([Source::Types, Source::Lib]);
    out
}

/// Models per part of `models.rs`: bounds the tokens and syntax tree held at once (a whole
/// 10,000-schema file took over a gigabyte) and lets workers share the largest file.
const MODELS_PER_PART: usize = 200;

/// How many parts `source` is emitted in (see [`emit_part`]).
pub fn part_count(api: &Api, source: Source) -> usize {
    match source {
        Source::Models => api.models.len().div_ceil(MODELS_PER_PART).max(1),
        Source::Client => client::client_part_count(api),
        Source::Types | Source::Lib | Source::Webhooks => 1,
    }
}

/// Part `index` of `source`. Rendering the parts in order and joining the text is how every
/// caller gets a file: there is no other emit path to disagree with this one.
pub fn emit_part(api: &Api, options: &Options, source: Source, index: usize) -> TokenStream {
    match source {
        Source::Models => {
            let start = (index * MODELS_PER_PART).min(api.models.len());
            let end = (start + MODELS_PER_PART).min(api.models.len());
            models::emit_models_part(&api.models[start..end], index == 0)
        }
        Source::Client => client::emit_client_part(api, index),
        Source::Types => support::emit_support(api.needs),
        Source::Lib => lib_rs::emit_lib(api, has_client(api), &options.crate_name),
        Source::Webhooks => webhooks::emit_webhooks(api),
    }
}

/// Text files of the crate that are not Rust: `Cargo.toml` and `README.md`, by path.
pub fn text_files(api: &Api, options: &Options) -> Result<Vec<(&'static str, String)>> {
    Ok(vec![
        (
            "Cargo.toml",
            manifest::manifest(options, api.needs, has_client(api)),
        ),
        (
            "README.md",
            lib_rs::readme(api, has_client(api), &options.crate_name)?,
        ),
    ])
}

/// The runtime files the crate for `api` gets, copied verbatim.
pub fn runtime_files(api: &Api) -> Vec<runtime::RuntimeFile> {
    runtime::files(&api.needs, has_client(api))
}

/// Every part of every generated file, in order: what `generate` renders on its workers,
/// emitted on one thread (for benchmarks and tests of the emit stage alone).
pub fn emit_all(api: &Api, options: &Options) -> Vec<(Source, Vec<TokenStream>)> {
    sources(api)
        .into_iter()
        .map(|source| {
            let parts = (0..part_count(api, source))
                .map(|index| emit_part(api, options, source, index))
                .collect();
            (source, parts)
        })
        .collect()
}
