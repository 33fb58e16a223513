//! The one error type of the library: what went wrong, where in the spec (JSON pointer, and the
//! file and line once the caller knows them).

use std::fmt;
use std::path::PathBuf;

/// A failure to turn a spec into a crate.
#[derive(Debug)]
pub struct Error {
    /// The spec file, once known.
    pub file: Option<PathBuf>,
    /// JSON pointer to the offending node (`""` for the whole document).
    pub pointer: String,
    /// 1-based line of the offending node, where it could be found.
    pub line: Option<usize>,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// What is wrong with a spec (or with writing its crate).
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    /// The file has no content.
    #[error("the file is empty")]
    Empty,
    /// The file is not text.
    #[error("the file is not UTF-8 text (it looks binary)")]
    Binary,
    /// YAML or JSON syntax error.
    #[error("invalid YAML/JSON: {0}")]
    Syntax(String),
    /// Parses, but is not an OpenAPI document.
    #[error("not an OpenAPI document: {0}")]
    NotOpenApi(String),
    /// An OpenAPI or Swagger version this generator does not read.
    #[error("unsupported version: {0}")]
    Version(String),
    /// The document does not match the OpenAPI 3.0 schema.
    #[error("invalid OpenAPI 3.0: {0}")]
    Invalid(String),
    /// A `$ref` that points nowhere.
    #[error("`$ref` {0:?} points to nothing in this document")]
    DanglingRef(String),
    /// A `$ref` into another file.
    #[error("`$ref` {0:?} points into another file; only references within the document (`#/...`) are supported")]
    ExternalRef(String),
    /// `$ref`s (or `allOf` merges) that only lead to each other.
    #[error("`$ref` cycle that never reaches a definition (each schema only is or merges the next): {0}")]
    RefCycle(String),
    /// A `$ref` to the wrong kind of component.
    #[error("`$ref` {0:?} does not point to a {1}")]
    WrongRef(String, &'static str),
    /// Something valid that this generator cannot turn into Rust.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// Reading or writing files.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// An error at `pointer`.
    pub fn at(pointer: impl Into<String>, kind: ErrorKind) -> Self {
        Self {
            file: None,
            pointer: pointer.into(),
            line: None,
            kind,
        }
    }

    /// The same error, naming the file it came from.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            f.write_str(": ")?;
        } else if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if !self.pointer.is_empty() {
            write!(f, "at {}: ", self.pointer)?;
        }
        write!(f, "{}", self.kind)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::at("", ErrorKind::Io(e))
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn push_pointer(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(
            push_pointer("/paths", "/v1/customer/{id}"),
            "/paths/~1v1~1customer~1{id}"
        );
        assert_eq!(push_pointer("", "a~b"), "/a~0b");
    }

    #[test]
    fn display_names_file_line_and_pointer() {
        let e = Error {
            line: Some(7),
            ..Error::at("/a", ErrorKind::DanglingRef("#/x".into()))
        }
        .in_file("s.yaml");
        assert_eq!(
            e.to_string(),
            "s.yaml:7: at /a: `$ref` \"#/x\" points to nothing in this document"
        );
    }
}
