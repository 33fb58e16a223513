//! Reads an OpenAPI 3.0, 3.1 or 3.2 document (YAML or JSON) and emits a typed Rust crate.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! load(&[u8]) -> OpenAPI         bytes → parsed document           (load/)
//! lower(&OpenAPI) -> Api         document → our IR                 (lower/)
//! analyze(&mut Api)              crate-wide facts into the IR      (analyze/, run by lower)
//! emit_part(&Api, ..) -> Tokens  IR → tokens, a part of a file     (emit/)
//! render_part(Tokens) -> String tokens → formatted source          (render.rs)
//! ```
//!
//! [`generate`] runs them all; [`output`] writes the result to disk. A panic in any stage, or
//! emitted code that does not parse, is reported as a generator bug ([`ErrorKind::Bug`], exit
//! code [`error::EXIT_BUG`]), never as a problem with the spec.

#![deny(missing_docs)]

pub mod analyze;
pub mod crate_name;
pub mod emit;
pub mod error;
#[cfg(feature = "fault-injection")]
mod fault;
pub mod graph;
pub mod guard;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod output;
pub mod pointer;
pub mod render;

use std::path::{Path, PathBuf};

pub use emit::Options;
pub use error::{Error, ErrorKind, Result, Stage};
pub use load::load;
pub use lower::lower;
pub use output::Files;
pub use render::render;

/// Emits and renders every source file on a few worker threads. Token streams cannot cross
/// threads, so each worker emits the parts it renders; rendering (parsing the tokens with
/// `syn`, printing with `prettyplease`) is most of the pipeline's time. Large files come in
/// parts, so no worker holds a whole file's syntax tree.
fn render_parallel(
    api: &ir::Api,
    options: &Options,
    workers: usize,
    fault: Option<Fault>,
) -> Result<Vec<(&'static str, String)>> {
    let sources = emit::sources(api);
    let jobs: Vec<(usize, emit::Source, usize)> = sources
        .iter()
        .enumerate()
        .flat_map(|(order, &s)| (0..emit::part_count(api, s)).map(move |i| (order, s, i)))
        .collect();
    let queue = std::sync::Mutex::new(jobs.into_iter());
    let work = || -> Result<Vec<((usize, usize), String)>> {
        let mut out = Vec::new();
        loop {
            let next = queue
                .lock()
                .map_err(|_| {
                    Error::bug(Stage::Render, "", "a render worker died holding the queue")
                })?
                .next();
            let Some((order, source, index)) = next else {
                return Ok(out);
            };
            let place = format!("src/{} part {}", source.file_name(), index + 1);
            let tokens = guard::catch(Stage::Emit, || {
                trip(fault, Stage::Emit);
                let mut tokens = emit::emit_part(api, options, source, index);
                garble(fault, &mut tokens);
                Ok(tokens)
            })
            .map_err(|e| e.within(&place))?;
            let text = guard::catch(Stage::Render, || {
                trip(fault, Stage::Render);
                render::render_part(tokens)
            })
            .map_err(|e| e.within(&place))?;
            out.push(((order, index), text));
        }
    };
    let mut parts = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(64 << 20)
                    .spawn_scoped(s, work)
            })
            .collect();
        let mut all = Vec::new();
        for handle in handles {
            // No thread means no parallelism, not no crate: do the work here.
            let done = match handle {
                // Workers catch their own panics; one that escapes is still ours.
                Ok(h) => h
                    .join()
                    .map_err(|_| Error::bug(Stage::Render, "", "a render worker panicked"))?,
                Err(_) => work(),
            };
            all.extend(done?);
        }
        Ok::<_, Error>(all)
    })?;
    parts.sort_by_key(|(key, _)| *key);
    let mut files: Vec<(&'static str, String)> = sources
        .iter()
        .map(|s| (s.file_name(), String::from(render::HEADER)))
        .collect();
    for ((order, _), text) in parts {
        files[order].1.push_str(&text);
    }
    Ok(files)
}

/// What the `fault-injection` feature lets a spec ask for (test builds only); without the
/// feature nothing is ever asked and these compile to nothing.
#[cfg(feature = "fault-injection")]
use fault::{garble, planned, trip, Fault};

#[cfg(not(feature = "fault-injection"))]
#[derive(Clone, Copy)]
enum Fault {}

#[cfg(not(feature = "fault-injection"))]
fn planned(_: &[u8]) -> Option<Fault> {
    None
}

#[cfg(not(feature = "fault-injection"))]
fn trip(_: Option<Fault>, _: Stage) {}

#[cfg(not(feature = "fault-injection"))]
fn garble(_: Option<Fault>, _: &mut proc_macro2::TokenStream) {}

/// Render workers: the machine's cores, at most four (past that, memory grows faster than
/// the time shrinks).
fn default_workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
}

/// Runs the whole pipeline on the bytes of a spec. `file` names the spec in errors, which then
/// also carry the line of the offending node where it can be found; files the spec references
/// are read relative to `file`'s folder.
pub fn generate(bytes: &[u8], file: &Path, options: &Options) -> Result<Files> {
    generate_with_workers(bytes, file, options, default_workers())
}

/// [`generate`] with `workers` render threads: the output is the same for any number.
pub fn generate_with_workers(
    bytes: &[u8],
    file: &Path,
    options: &Options,
    workers: usize,
) -> Result<Files> {
    let dir = file.parent().unwrap_or(Path::new(""));
    generate_in(bytes, file, dir, options, workers)
}

/// [`generate`] for a spec named `file` in messages whose referenced files are read from
/// `dir` (for callers whose working directory is not the one `file` is relative to).
pub fn generate_in(
    bytes: &[u8],
    file: &Path,
    dir: &Path,
    options: &Options,
    workers: usize,
) -> Result<Files> {
    // Checked first: the name reaches `Cargo.toml`, `use` lines and identifiers in the output.
    crate_name::checked(&options.crate_name)?;
    let fault = planned(bytes);
    let loaded = guard::catch(Stage::Load, || {
        trip(fault, Stage::Load);
        load::load_spec(bytes, file, dir)
    })
    .map_err(|e| {
        // `load_spec` placed its own errors; a caught panic is placed here.
        if e.file.is_some() {
            return e;
        }
        let line = e.line.or_else(|| {
            std::str::from_utf8(bytes)
                .ok()
                .and_then(|t| load::line_of(t, &e.pointer))
        });
        Error { line, ..e }.in_file(file)
    })?;
    let load::Loaded { doc, origins } = loaded;
    // Lowering recurses once per nesting level of inline schemas; give it the same room as
    // decoding so a deep spec is an error, never a stack overflow.
    let api = guard::on_big_stack(Stage::Lower, || {
        let api = lower(&doc);
        trip(fault, Stage::Lower);
        api
    })
    .map_err(|e| origins.place(e, bytes))?;
    // Each stage's input is dropped as soon as the next stage has what it needs: on a large
    // spec the parsed document, the IR and the token trees are each hundreds of megabytes.
    drop(doc);
    let mut files = Files::new();
    for (name, text) in emit::text_files(&api, options).map_err(|e| e.in_file(file))? {
        files.insert(PathBuf::from(name), text);
    }
    for runtime in emit::runtime_files(&api) {
        let text = format!("{}{}", render::HEADER, runtime.text);
        files.insert(PathBuf::from("src").join(runtime.path), text);
    }
    let rendered = render_parallel(&api, options, workers, fault).map_err(|e| e.in_file(file))?;
    for (name, text) in rendered {
        files.insert(PathBuf::from("src").join(name), text);
    }
    Ok(files)
}
