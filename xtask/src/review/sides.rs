//! Loads the two sides of a review (two files, or a git ref and the working tree) into JSON
//! values, with the same parser and error messages as codegen, and follows local `$ref`s.

use std::path::Path;
use std::process::Command;

use generator::load::{line_of, parse_value};
use generator::pointer::JsonPointer;
use serde_json::Value;

/// One version of the spec: where it came from, its text and its parsed tree.
pub struct Side {
    /// The name used in reports and errors (a path, or `REF:path`).
    pub label: String,
    pub bytes: Vec<u8>,
    pub text: String,
    pub doc: Value,
}

/// Why the two specs could not be compared: one line, naming the file (exit status 2).
#[derive(Debug)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Side {
    /// Reads and parses a spec file.
    pub fn from_file(path: &Path) -> Result<Self, LoadError> {
        let bytes = std::fs::read(path)
            .map_err(|e| LoadError(format!("{}: cannot read: {e}", path.display())))?;
        Self::from_bytes(path.display().to_string(), bytes)
    }

    /// The file `path` (relative to the repository root `root`) as committed at `git_ref`.
    pub fn from_git(root: &Path, git_ref: &str, path: &Path) -> Result<Self, LoadError> {
        let rel = path.to_string_lossy().replace('\\', "/");
        let label = format!("{git_ref}:{rel}");
        let bytes = git_show(root, git_ref, &rel)?;
        Self::from_bytes(label, bytes)
    }

    fn from_bytes(label: String, bytes: Vec<u8>) -> Result<Self, LoadError> {
        let parsed = parse_value(&bytes).and_then(|doc| {
            check_openapi(&doc)?;
            Ok(doc)
        });
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let doc = parsed.map_err(|e| {
            // Same shape as codegen's errors: FILE:LINE: at POINTER: problem.
            let line = e.line.or_else(|| line_of(&text, &e.pointer));
            let e = generator::Error { line, ..e }.in_file(&label);
            LoadError(e.to_string())
        })?;
        Ok(Self {
            label,
            bytes,
            text,
            doc,
        })
    }

    /// The line of `pointer` in this side's text or, when the node itself cannot be found
    /// (a key inside a flow mapping, say), of the nearest enclosing node that can.
    pub fn line(&self, pointer: &JsonPointer) -> Option<usize> {
        let tokens: Vec<String> = pointer.tokens().collect();
        (1..=tokens.len()).rev().find_map(|n| {
            let mut at = JsonPointer::root();
            for t in &tokens[..n] {
                at.push(t);
            }
            line_of(&self.text, &at)
        })
    }

    /// The node at `pointer`.
    pub fn at(&self, pointer: &JsonPointer) -> Option<&Value> {
        pointer.resolve(&self.doc)
    }

    /// Follows `$ref`s from `node` (at `pointer`) to the node they name, returning it and its
    /// pointer. Gives up after a few hops so a reference cycle cannot loop.
    pub fn deref<'a>(&'a self, node: &'a Value, pointer: &JsonPointer) -> (&'a Value, JsonPointer) {
        let mut node = node;
        let mut pointer = pointer.clone();
        for _ in 0..32 {
            let Some(target) = ref_target(node) else {
                break;
            };
            match target.resolve(&self.doc) {
                Some(next) => {
                    node = next;
                    pointer = target;
                }
                None => break,
            }
        }
        (node, pointer)
    }
}

/// The pointer a node's local `$ref` names, if it is a reference.
pub fn ref_target(node: &Value) -> Option<JsonPointer> {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(JsonPointer::from_ref)
}

/// Rejects what is not an OpenAPI 3.x document, as the generator would, so a review of a
/// Swagger 2.0 file or an unrelated YAML file is an error rather than an empty report.
fn check_openapi(doc: &Value) -> generator::Result<()> {
    use generator::{Error, ErrorKind};
    let Some(map) = doc.as_object() else {
        return Err(Error::at(
            "",
            ErrorKind::NotOpenApi("the document is not a mapping".into()),
        ));
    };
    match map.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.") => Ok(()),
        Some(v) => Err(Error::at(
            "/openapi",
            ErrorKind::Version(format!("OpenAPI {v}")),
        )),
        None if map.contains_key("swagger") => Err(Error::at(
            "/swagger",
            ErrorKind::Version("Swagger 2.0; only OpenAPI 3 is read".into()),
        )),
        None => Err(Error::at(
            "",
            ErrorKind::NotOpenApi("no `openapi` version field".into()),
        )),
    }
}

/// `git show REF:PATH`, as bytes.
pub fn git_show(root: &Path, git_ref: &str, rel: &str) -> Result<Vec<u8>, LoadError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("{git_ref}:{rel}")])
        .output()
        .map_err(|e| LoadError(format!("{git_ref}:{rel}: cannot run git: {e}")))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        let why = why.lines().next().unwrap_or("git show failed").trim();
        return Err(LoadError(format!("{git_ref}:{rel}: {why}")));
    }
    Ok(out.stdout)
}
