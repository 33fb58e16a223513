//! Reads an OpenAPI 3.0 document (YAML or JSON) and emits a typed Rust crate.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! load(&[u8]) -> OpenAPI        bytes → parsed document          (load.rs)
//! lower(&OpenAPI) -> Api        document → our IR                (lower/)
//! emit(&Api) -> Emitted         IR → tokens per file + manifest  (emit/)
//! render(TokenStream) -> String tokens → formatted source         (render.rs)
//! ```
//!
//! [`generate`] runs them all; [`output`] writes the result to disk.

#![deny(missing_docs)]

pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod output;
pub mod render;

use std::path::{Path, PathBuf};

pub use emit::{emit, Options};
pub use error::{Error, ErrorKind, Result};
pub use load::load;
pub use lower::lower;
pub use output::Files;
pub use render::render;

/// Runs the whole pipeline on the bytes of a spec. `file` names the spec in errors, which then
/// also carry the line of the offending node where it can be found.
pub fn generate(bytes: &[u8], file: &Path, options: &Options) -> Result<Files> {
    let locate = |e: Error| {
        let line = e.line.or_else(|| {
            std::str::from_utf8(bytes)
                .ok()
                .and_then(|t| load::line_of(t, &e.pointer))
        });
        Error { line, ..e }.in_file(file)
    };
    let doc = load(bytes).map_err(locate)?;
    // Lowering recurses once per nesting level of inline schemas; give it the same room as
    // decoding so a deep spec is an error, never a stack overflow.
    let api = load::on_big_stack("lowering", || lower(&doc)).map_err(locate)?;
    let emitted = emit(&api, options);
    let mut files = Files::new();
    files.insert(PathBuf::from("Cargo.toml"), emitted.manifest);
    for (name, tokens) in emitted.sources {
        files.insert(
            PathBuf::from("src").join(name),
            render(tokens).map_err(|e| e.in_file(file))?,
        );
    }
    Ok(files)
}
