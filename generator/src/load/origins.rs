//! Where each node of the bundled document was written: bundling moves schemas into
//! `components/schemas` (from other files, or from `$defs` and other schemas) and rewrites
//! 2020-12 keywords, so an error found later at a bundled pointer is reported at the file,
//! line and pointer the author wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::locate::line_of;
use crate::error::Error;
use crate::pointer::JsonPointer;

/// One moved subtree: everything under `to` in the bundled document came from `from` in `file`
/// (`None`: the root spec).
#[derive(Clone, Debug)]
struct Move {
    to: JsonPointer,
    file: Option<PathBuf>,
    from: JsonPointer,
}

/// The source map of a bundled document.
#[derive(Debug, Default)]
pub struct Origins {
    /// The root spec as the caller names it.
    root: PathBuf,
    /// Referenced files, by the path shown in messages, with their text.
    texts: BTreeMap<PathBuf, String>,
    moves: Vec<Move>,
}

impl Origins {
    /// A source map for the spec the caller names `root`.
    pub(super) fn new(root: &Path) -> Self {
        Self {
            root: root.to_owned(),
            ..Self::default()
        }
    }

    /// The text of another file, kept to find lines for later errors.
    pub(super) fn add_text(&mut self, shown: &Path, text: String) {
        self.texts.insert(shown.to_owned(), text);
    }

    /// Records that the subtree now at `to` was written at `from` in `file`.
    pub(super) fn record(&mut self, to: JsonPointer, file: Option<&Path>, from: JsonPointer) {
        if to != from || file.is_some() {
            self.moves.push(Move {
                to,
                file: file.map(Path::to_owned),
                from,
            });
        }
    }

    /// Every file the spec includes besides the root, as named in messages.
    pub fn included_files(&self) -> impl Iterator<Item = &Path> {
        self.texts.keys().map(PathBuf::as_path)
    }

    /// The file, line and pointer of an error found at a bundled pointer. An error that
    /// already names its file (a syntax error in an included file) is left as it is.
    pub fn place(&self, e: Error, root_text: &[u8]) -> Error {
        if e.file.is_some() {
            return e;
        }
        let root_text = std::str::from_utf8(root_text).ok();
        let Some((mv, rest)) = self.innermost(&e.pointer) else {
            let line = e
                .line
                .or_else(|| root_text.and_then(|t| line_of(t, &e.pointer)));
            return Error { line, ..e }.in_file(&self.root);
        };
        // Follow moves of moves: a `$defs` entry hoisted out of a schema from another file.
        let mut pointer = join_tokens(&mv.from, rest);
        let mut file = mv.file.clone();
        for _ in 0..self.moves.len() {
            if file.is_some() {
                break;
            }
            match self.innermost(&pointer) {
                Some((next, rest)) => {
                    pointer = join_tokens(&next.from, rest);
                    file = next.file.clone();
                }
                None => break,
            }
        }
        let text = match &file {
            Some(f) => self.texts.get(f).map(String::as_str),
            None => root_text,
        };
        if pointer.is_root() && file.is_some() {
            // An error about a whole included file: a file that only refers onward is
            // reported at its `$ref`, any other at its first line.
            let at_ref = JsonPointer::root().join("$ref");
            if let Some(line) = text.and_then(|t| line_of(t, &at_ref)) {
                return Error {
                    pointer: at_ref,
                    line: Some(line),
                    ..e
                }
                .in_file(file.unwrap_or_default());
            }
            let line = text.and_then(|t| {
                t.lines()
                    .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                    .map(|i| i + 1)
            });
            return Error { pointer, line, ..e }.in_file(file.unwrap_or_default());
        }
        // A node written by a rewrite (a type list split into `oneOf`) has no line of its own:
        // the nearest ancestor that has one is where the author wrote it.
        let mut probe = pointer.clone();
        let mut line = None;
        while let Some(t) = text {
            line = line_of(t, &probe);
            if line.is_some() || probe.is_root() {
                break;
            }
            probe = parent(&probe);
        }
        Error { pointer, line, ..e }.in_file(file.unwrap_or_else(|| self.root.clone()))
    }

    /// The move with the longest `to` that contains `pointer`, and the tokens below it.
    fn innermost<'p>(&self, pointer: &'p JsonPointer) -> Option<(&Move, &'p str)> {
        let text = pointer.as_str();
        self.moves
            .iter()
            .filter_map(|m| {
                let rest = text.strip_prefix(m.to.as_str())?;
                (rest.is_empty() || rest.starts_with('/')).then_some((m, rest))
            })
            .max_by_key(|(m, _)| m.to.as_str().len())
    }
}

/// `base` followed by the escaped tokens `rest` (`/a/b`).
fn join_tokens(base: &JsonPointer, rest: &str) -> JsonPointer {
    JsonPointer::from(format!("{}{rest}", base.as_str()))
}

fn parent(pointer: &JsonPointer) -> JsonPointer {
    match pointer.as_str().rsplit_once('/') {
        Some((head, _)) => JsonPointer::from(head),
        None => JsonPointer::root(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn errors_at_moved_nodes_name_the_file_line_and_pointer_written() {
        let mut origins = Origins::new(Path::new("api.yaml"));
        origins.add_text(
            Path::new("parts/order.yaml"),
            "type: object\nproperties:\n  total:\n    type: money\n".into(),
        );
        origins.record(
            JsonPointer::from("/components/schemas/order"),
            Some(Path::new("parts/order.yaml")),
            JsonPointer::root(),
        );
        // Moved again inside the bundle: a `$defs` entry hoisted out of the imported schema.
        origins.record(
            JsonPointer::from("/components/schemas/Line"),
            None,
            JsonPointer::from("/components/schemas/order/properties"),
        );
        let placed = origins.place(
            Error::at("/components/schemas/Line/total/type", ErrorKind::Empty),
            b"openapi: 3.1.0\n",
        );
        assert_eq!(placed.file.as_deref(), Some(Path::new("parts/order.yaml")));
        assert_eq!(placed.pointer.as_str(), "/properties/total/type");
        assert_eq!(placed.line, Some(4));
        // Anything not moved is in the root spec.
        let root = origins.place(Error::at("/openapi", ErrorKind::Empty), b"openapi: 3.1.0\n");
        assert_eq!(root.file.as_deref(), Some(Path::new("api.yaml")));
        assert_eq!(root.line, Some(1));
    }
}
