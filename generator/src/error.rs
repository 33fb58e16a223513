//! The one error type of the library: what went wrong, where in the spec (JSON pointer, and the
//! file and line once the caller knows them), and whether it is the spec's fault or ours.

use std::fmt;
use std::path::PathBuf;

use crate::pointer::JsonPointer;

/// Process exit code for a spec the generator refuses (or files it cannot read or write).
pub const EXIT_BAD_SPEC: u8 = 1;

/// Process exit code for a generator bug: `EX_SOFTWARE` from BSD's `sysexits.h`, "an internal
/// software error", so scripts can tell "fix your spec" from "report this".
pub const EXIT_BUG: u8 = 70;

/// A failure to turn a spec into a crate.
#[derive(Debug)]
pub struct Error {
    /// The spec file, once known.
    pub file: Option<PathBuf>,
    /// JSON pointer to the offending node (the root for the whole document).
    pub pointer: JsonPointer,
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
    /// The document does not match the OpenAPI schema.
    #[error("invalid OpenAPI: {0}")]
    Invalid(String),
    /// A `$ref` that points nowhere.
    #[error("`$ref` {0:?} points to nothing in this document")]
    DanglingRef(String),
    /// A `$ref` into another file.
    #[error("`$ref` {0:?} points into another file; only references within the document (`#/...`) are supported")]
    ExternalRef(String),
    /// A `$ref` to a URL: generation never touches the network.
    #[error("`$ref` {0:?} is a remote reference; generation never touches the network: download the file beside the spec and refer to it by a relative path")]
    RemoteRef(String),
    /// A `$ref` to a file outside the root spec's folder.
    #[error("`$ref` {0:?} leaves the folder of the root spec; every file a spec includes must be in that folder or below it (run the generator on a root spec in a common parent folder)")]
    OutsideFolder(String),
    /// A `$ref` to a file that cannot be read.
    #[error("`$ref` names the file {0}, which cannot be read: {1}")]
    MissingFile(String, String),
    /// `$ref`s (or `allOf` merges) that only lead to each other.
    #[error("`$ref` cycle that never reaches a definition (each schema only is or merges the next): {0}")]
    RefCycle(String),
    /// A `$ref` to the wrong kind of component.
    #[error("`$ref` {0:?} does not point to a {1}")]
    WrongRef(String, &'static str),
    /// Something valid that this generator cannot turn into Rust.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The crate name the caller asked for is not one Cargo accepts.
    #[error("crate name {name:?} is not one Cargo accepts: use lowercase ASCII letters, digits, `-` and `_`, start with a letter, and avoid Rust keywords; try {hint:?}")]
    CrateName {
        /// The name as given.
        name: String,
        /// A name that fits, made from it.
        hint: String,
    },
    /// Reading or writing files.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The generator's own fault, whatever the spec: a caught panic, emitted code that does not
    /// parse, a broken internal invariant. Never worded as a problem with the spec.
    #[error("generator bug during {stage}: {what}. This is not a problem with your spec; please report it with the spec attached")]
    Bug {
        /// The pipeline stage that failed.
        stage: Stage,
        /// What went wrong, for the bug report.
        what: String,
    },
}

/// A pipeline stage, as named in a generator-bug report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Bytes → OpenAPI document.
    Load,
    /// Document → IR.
    Lower,
    /// IR → tokens.
    Emit,
    /// Tokens → formatted text.
    Render,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Load => "load",
            Stage::Lower => "lower",
            Stage::Emit => "emit",
            Stage::Render => "render",
        })
    }
}

impl Error {
    /// An error at `pointer`.
    pub fn at(pointer: impl Into<JsonPointer>, kind: ErrorKind) -> Self {
        Self {
            file: None,
            pointer: pointer.into(),
            line: None,
            kind,
        }
    }

    /// A generator bug in `stage` while it processed the node at `pointer`; callable from
    /// anywhere in the library for anything that is the generator's fault, not the spec's.
    pub fn bug(stage: Stage, pointer: impl Into<JsonPointer>, what: impl Into<String>) -> Self {
        Self::at(
            pointer,
            ErrorKind::Bug {
                stage,
                what: what.into(),
            },
        )
    }

    /// Whether this is a generator bug rather than a problem with the spec or the files.
    pub fn is_bug(&self) -> bool {
        matches!(self.kind, ErrorKind::Bug { .. })
    }

    /// The exit code a command-line tool should end with: [`EXIT_BUG`] for a generator bug,
    /// [`EXIT_BAD_SPEC`] otherwise.
    pub fn exit_code(&self) -> u8 {
        if self.is_bug() {
            EXIT_BUG
        } else {
            EXIT_BAD_SPEC
        }
    }

    /// The same error; a bug's description gains where in the output it happened.
    pub(crate) fn within(mut self, place: &str) -> Self {
        if let ErrorKind::Bug { what, .. } = &mut self.kind {
            *what = format!("{place}: {what}");
        }
        self
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
        if !self.pointer.is_root() {
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
        Error::at(JsonPointer::root(), ErrorKind::Io(e))
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Appends one reference token to the (escaped) pointer text `base`; see [`JsonPointer::push`].
pub fn push_pointer(base: &str, token: &str) -> String {
    let mut out = JsonPointer::from(base);
    out.push(token);
    out.into_string()
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

    #[test]
    fn bugs_name_stage_and_pointer_and_never_blame_the_spec() {
        let e = Error::bug(Stage::Lower, "/components/schemas/A", "it broke").in_file("s.yaml");
        assert!(e.is_bug());
        assert_eq!(e.exit_code(), EXIT_BUG);
        assert_eq!(
            e.to_string(),
            "s.yaml: at /components/schemas/A: generator bug during lower: it broke. This is not \
             a problem with your spec; please report it with the spec attached"
        );
        let spec = Error::at("/a", ErrorKind::DanglingRef("#/x".into()));
        assert!(!spec.is_bug());
        assert_eq!(spec.exit_code(), EXIT_BAD_SPEC);
        assert_ne!(EXIT_BUG, EXIT_BAD_SPEC);
    }
}
