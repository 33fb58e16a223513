//! Helpers shared by the integration tests: where things are, the built `xtask` binary,
//! generator options, the check that rendered files are Rust as the generator renders it, and
//! (in [`server`]) a scripted HTTP server with free ports and client option builders.

pub mod alloc;
pub mod fuzz;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The `xtask` binary, built once per test process. `CARGO_BIN_EXE_xtask` only exists inside
/// the xtask package, so this builds it with the cargo running the tests (cheap when fresh)
/// and finds it next to this test binary's `deps/` folder.
pub fn xtask() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "--package", "xtask"])
            .current_dir(root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo build -p xtask failed");
        let exe = std::env::current_exe().expect("test binary path");
        // target/<profile>/deps/<test> → target/<profile>/xtask
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("test binary sits in target/<profile>/deps");
        let bin = profile_dir.join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} not found", bin.display());
        bin
    })
}

/// A fresh empty folder under the target dir for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Options for a standalone crate named `name`.
pub fn options(name: &str) -> generator::Options {
    generator::Options {
        crate_name: name.into(),
        crate_version: "0.1.0".into(),
        standalone: true,
    }
}

/// Checks each emitted `.rs` file as TEXT: it starts with the `@generated` header, the rest
/// parses as a Rust file, and printing that parse again gives the same text. Rendering
/// already parsed the tokens, so parsing the tokens again would prove nothing; this catches
/// text that went wrong after rendering (parts joined badly, a header or edit that breaks
/// the file) and output that is not what prettyplease prints.
pub fn check_rendered(files: &generator::Files) -> Result<(), String> {
    for (path, text) in files {
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let shown = path.display();
        let body = text
            .strip_prefix(generator::render::HEADER)
            .ok_or_else(|| format!("{shown} lacks the @generated header"))?;
        // Runtime files are hand-written source, copied as they are.
        if generator::emit::runtime::all()
            .iter()
            .any(|r| path.ends_with(r.path) && body == r.text)
        {
            continue;
        }
        syn::parse_file(body).map_err(|e| format!("{shown} does not parse: {e}"))?;
        let tokens: proc_macro2::TokenStream = body
            .parse()
            .map_err(|e| format!("{shown} does not lex: {e}"))?;
        let again = generator::render::render_part(tokens)
            .map_err(|e| format!("{shown} does not render again: {e}"))?;
        if again != body {
            return Err(format!(
                "{shown} is not formatted as the generator renders it"
            ));
        }
    }
    Ok(())
}

/// Counts the files in `dir` (relative to the workspace root) whose name ends in `suffix`.
pub fn count_files(dir: &str, suffix: &str) -> usize {
    std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(suffix))
        .count()
}

/// The message of an error the generator gave for a spec it refuses, as the bad-spec, limits
/// and fuzz tests accept it: one line, starting with the spec's name, and not a generator bug
/// (a bug must fail those tests, never pass as "the spec was refused").
pub fn refusal(err: &generator::Error, file: &str) -> Result<String, String> {
    let message = err.to_string();
    if err.is_bug() || err.exit_code() != generator::error::EXIT_BAD_SPEC {
        return Err(format!("generator bug, not a refusal: {message}"));
    }
    if message.contains('\n') {
        return Err(format!("more than one line: {message}"));
    }
    if !message.starts_with(file) {
        return Err(format!("does not name {file}: {message}"));
    }
    Ok(message)
}
