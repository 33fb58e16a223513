//! The shape of what the generator writes, checked on the project's own outputs: the same
//! bytes whatever the number of render threads, and generated code free of the slips a
//! reviewer of hand-written code would flag.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use generator::emit::runtime;
use generator::{generate_with_workers, Options};
use proc_macro2::{TokenStream, TokenTree};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// The Sphere spec and every fixture spec.
fn specs() -> Vec<PathBuf> {
    let mut out = vec![root().join("spec/sphere.yaml")];
    let fixtures = root().join("tests/fixtures");
    let mut more: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    more.sort();
    out.extend(more);
    out
}

#[test]
fn rendering_on_one_thread_or_several_gives_the_same_bytes() {
    let options = Options {
        crate_name: "shape".into(),
        crate_version: "0.1.0".into(),
        standalone: false,
    };
    for spec in specs() {
        let bytes = std::fs::read(&spec).expect("spec");
        let one = generate_with_workers(&bytes, &spec, &options, 1).expect("generates");
        let four = generate_with_workers(&bytes, &spec, &options, 4).expect("generates");
        assert_eq!(one, four, "{}", spec.display());
    }
}

/// The generated (not runtime) Rust files of every checked-in crate.
fn generated_sources() -> Vec<(PathBuf, String)> {
    let mut crates = vec![root().join("generated")];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures-out"))
        .expect("tests/fixtures-out")
        .map(|e| e.expect("entry").path())
        .collect();
    fixtures.sort();
    crates.extend(fixtures);
    let runtime = runtime::all();
    let mut out = Vec::new();
    for krate in crates {
        let mut stack = vec![krate.join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("text");
                if !runtime.iter().any(|r| text.ends_with(r.text)) {
                    out.push((path, text));
                }
            }
        }
    }
    assert!(out.len() > 20, "found only {} generated files", out.len());
    out
}

fn suffixed_integers(tokens: TokenStream, out: &mut Vec<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Group(g) => suffixed_integers(g.stream(), out),
            TokenTree::Literal(lit) => {
                if let Ok(syn::Lit::Int(int)) = syn::parse_str::<syn::Lit>(&lit.to_string()) {
                    if !int.suffix().is_empty() {
                        out.push(lit.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn generated_code_has_no_suffixed_integer_literals() {
    for (path, text) in generated_sources() {
        let tokens = TokenStream::from_str(&text).expect("generated code lexes");
        let mut found = Vec::new();
        suffixed_integers(tokens, &mut found);
        assert!(found.is_empty(), "{}: {found:?}", path.display());
    }
}

#[test]
fn generated_docs_have_no_known_slips() {
    for (path, text) in generated_sources() {
        let lines: Vec<&str> = text.lines().map(str::trim_start).collect();
        for (i, pair) in lines.windows(2).enumerate() {
            let at = format!("{}:{}", path.display(), i + 1);
            // An attribute between an item and its doc comment splits the doc in rustdoc's
            // eyes and reads as a slip.
            assert!(
                !(pair[0].starts_with("#[") && pair[1].starts_with("///")),
                "{at}: attribute above a doc comment: {pair:?}"
            );
        }
        for (i, line) in lines.iter().enumerate() {
            let at = format!("{}:{}", path.display(), i + 1);
            let doc = line
                .strip_prefix("///")
                .or_else(|| line.strip_prefix("//!"));
            if let Some(doc) = doc {
                // "A `ErrorResponse` body": the article the generator wrote, not the spec.
                let article = doc.trim_start().strip_prefix("A `");
                assert!(
                    !article.is_some_and(|rest| rest.starts_with(['A', 'E', 'I', 'O', 'U'])),
                    "{at}: {line}"
                );
            }
            // Paths are literals or one `format!`, never assembled piece by piece.
            assert!(!line.contains("path.push_str("), "{at}: {line}");
        }
    }
}
