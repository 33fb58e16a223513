//! Specs split across files: `$ref`s to other local files are resolved relative to the file
//! that holds them and bundled into one document before anything else reads it. A schema from
//! another file becomes a component schema (named after its component or its file), so every
//! file that uses it shares one Rust type; any other object (a response, a parameter, a path
//! item) is copied to where it is used. Remote (`http(s)://`) references are refused:
//! generation never touches the network. So are references that leave the root spec's folder,
//! which keeps every input of a generated crate inside one folder.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use super::origins::Origins;
use super::parse::parse_value;
use super::walk::{walk_document, walk_schema, Visit};
use crate::error::{Error, ErrorKind, Result};
use crate::pointer::JsonPointer;

/// How many objects (not schemas) may be copied in from other files before the bundle is
/// taken to be a cycle of references that never ends.
const MAX_COPIES: usize = 10_000;

/// Where the root spec's neighbours are read from, and how the root is named in messages.
pub(super) struct Files<'a> {
    /// The folder relative references in the root spec are read from; `None` refuses them.
    pub dir: Option<&'a Path>,
    /// The root spec as messages name it.
    pub shown: &'a Path,
}

/// A referenced node: a file (relative to the root's folder) and a pointer in it.
type Target = (PathBuf, String);

struct Bundler<'a> {
    files: &'a Files<'a>,
    origins: &'a mut Origins,
    /// Parsed files, by path relative to the root's folder.
    parsed: BTreeMap<PathBuf, Value>,
    /// Component names given to schemas from other files.
    names: BTreeMap<Target, String>,
    /// Component schema names in use.
    taken: BTreeSet<String>,
    /// Schemas named but not yet copied in.
    queue: VecDeque<(Target, String)>,
    copies: usize,
}

/// Bundles every file the root document references into it.
pub(super) fn bundle(doc: &mut Value, files: &Files<'_>, origins: &mut Origins) -> Result<()> {
    if !has_external_ref(doc) {
        return Ok(());
    }
    let mut b = Bundler {
        files,
        origins,
        parsed: BTreeMap::new(),
        names: BTreeMap::new(),
        taken: super::hoist::component_names(doc),
        queue: VecDeque::new(),
        copies: 0,
    };
    // A component that is only a reference to another file takes that schema's place under
    // its own name, rather than becoming an alias of a second type named after the file.
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for (name, schema) in schemas {
            if let Some(reference) = only_ref(schema) {
                if !reference.starts_with('#') && !is_remote(reference) {
                    if let Ok(target) = b.target(reference) {
                        if !b.names.contains_key(&target) {
                            b.names.insert(target.clone(), name.clone());
                            b.queue.push_back((target, name.clone()));
                        }
                    }
                }
            }
        }
    }
    walk_document(doc, &mut b)?;
    while let Some(((file, fragment), name)) = b.queue.pop_front() {
        let at = JsonPointer::root()
            .join("components")
            .join("schemas")
            .join(&name);
        let mut schema = b.fetch(&file, &fragment, &at)?;
        rebase(&mut schema, &file);
        b.origins.record(
            at.clone(),
            Some(&b.shown(&file)),
            JsonPointer::from(fragment),
        );
        walk_schema(&mut schema, &at, &mut b)?;
        let Some(Value::Object(schemas)) = ensure_schemas(doc) else {
            return Err(Error::bug(
                crate::error::Stage::Load,
                at,
                "components/schemas is not a mapping after bundling",
            ));
        };
        schemas.insert(name, schema);
    }
    Ok(())
}

fn ensure_schemas(doc: &mut Value) -> Option<&mut Value> {
    let root = doc.as_object_mut()?;
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    Some(
        components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new())),
    )
}

/// The `$ref` of a node that is nothing but a reference.
fn only_ref(node: &Value) -> Option<&str> {
    let map = node.as_object()?;
    map.get("$ref").and_then(Value::as_str)
}

fn is_remote(reference: &str) -> bool {
    let scheme = reference.split_once(':').map(|(s, _)| s);
    scheme.is_some_and(|s| {
        !s.is_empty()
            && !s.contains(['/', '#', '.'])
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-".contains(c))
            // `C:` is a drive letter, not a scheme; either way it is not a relative path.
            && s.len() > 1
    })
}

/// Whether any `$ref` in the document names another file (a cheap scan, so single-file specs
/// pay nothing for bundling).
fn has_external_ref(node: &Value) -> bool {
    match node {
        Value::Object(map) => map.iter().any(|(k, v)| {
            (k == "$ref" && v.as_str().is_some_and(|r| !r.starts_with('#')))
                || (!k.starts_with("x-") && has_external_ref(v))
        }),
        Value::Array(items) => items.iter().any(has_external_ref),
        _ => false,
    }
}

/// Rewrites the references of a subtree copied from `file` so they name their targets from the
/// root's folder: `#/X` becomes `file#/X`, `other.yaml` becomes `dir-of-file/other.yaml`.
fn rebase(node: &mut Value, file: &Path) {
    let dir = file.parent().unwrap_or(Path::new(""));
    match node {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == "$ref" {
                    if let Value::String(r) = v {
                        if !is_remote(r) {
                            let (path, fragment) = r.split_once('#').unwrap_or((r.as_str(), ""));
                            let joined = if path.is_empty() {
                                file.to_path_buf()
                            } else {
                                dir.join(path)
                            };
                            *r = format!("{}#{fragment}", joined.to_string_lossy());
                        }
                    }
                } else if !k.starts_with("x-") {
                    rebase(v, file);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rebase(v, file)),
        _ => {}
    }
}

/// `a/./b/../c` → `a/c`; `None` when the path climbs above its start or is absolute.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

impl Bundler<'_> {
    /// The file and pointer a reference names, relative to the root's folder.
    fn target(&self, reference: &str) -> Result<Target, ErrorKind> {
        if is_remote(reference) {
            return Err(ErrorKind::RemoteRef(reference.to_owned()));
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let Some(file) = normalize(Path::new(path)) else {
            return Err(ErrorKind::OutsideFolder(reference.to_owned()));
        };
        if !fragment.is_empty() && JsonPointer::parse(fragment).is_none() {
            return Err(ErrorKind::Unsupported(format!(
                "`$ref` {reference:?}: a fragment into another file must be a JSON pointer (`#/...`), not an anchor"
            )));
        }
        Ok((file, fragment.to_owned()))
    }

    /// How messages name a file given relative to the root's folder.
    fn shown(&self, file: &Path) -> PathBuf {
        self.files
            .shown
            .parent()
            .map_or_else(|| file.to_path_buf(), |p| p.join(file))
    }

    /// The node at `fragment` in `file`, parsed on first use; `at` is the referring node.
    fn fetch(&mut self, file: &Path, fragment: &str, at: &JsonPointer) -> Result<Value> {
        let shown = self.shown(file);
        if !self.parsed.contains_key(file) {
            let Some(dir) = self.files.dir else {
                return Err(Error::at(
                    at.join("$ref"),
                    ErrorKind::ExternalRef(shown.display().to_string()),
                ));
            };
            let bytes = std::fs::read(dir.join(file)).map_err(|e| {
                Error::at(
                    at.join("$ref"),
                    ErrorKind::MissingFile(
                        shown.display().to_string(),
                        match e.kind() {
                            std::io::ErrorKind::NotFound => "it does not exist".to_owned(),
                            std::io::ErrorKind::IsADirectory => "it is a folder".to_owned(),
                            _ => e.to_string(),
                        },
                    ),
                )
            })?;
            let value = parse_value(&bytes).map_err(|e| e.in_file(&shown))?;
            if let Ok(text) = String::from_utf8(bytes) {
                self.origins.add_text(&shown, text);
            }
            self.parsed.insert(file.to_path_buf(), value);
        }
        let root = self.parsed.get(file).unwrap_or(&Value::Null);
        match JsonPointer::from(fragment).resolve(root) {
            Some(node) => Ok(node.clone()),
            None => Err(Error::at(
                at.join("$ref"),
                ErrorKind::DanglingRef(format!("{}#{fragment}", shown.display())),
            )),
        }
    }

    /// The component name of a schema in another file: its component's name (the last token
    /// of the pointer) or, for a whole file, the file's name without extension.
    fn name_for(&mut self, target: &Target) -> String {
        if let Some(name) = self.names.get(target) {
            return name.clone();
        }
        let stem = target
            .0
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "schema".to_owned());
        let last = JsonPointer::from(target.1.as_str()).last();
        let mut candidates = vec![last.clone().unwrap_or_else(|| stem.clone())];
        if let Some(last) = &last {
            candidates.push(format!("{stem}_{last}"));
        }
        let base = candidates.last().cloned().unwrap_or_default();
        let name = super::hoist::claim(candidates, &base, &mut self.taken);
        self.names.insert(target.clone(), name.clone());
        self.queue.push_back((target.clone(), name.clone()));
        name
    }

    /// The external reference of a node, if it has one; remote ones are refused here.
    fn external<'v>(&self, node: &'v Value, at: &JsonPointer) -> Result<Option<&'v str>> {
        let Some(reference) = only_ref(node) else {
            return Ok(None);
        };
        if reference.starts_with('#') {
            return Ok(None);
        }
        if is_remote(reference) {
            return Err(Error::at(
                at.join("$ref"),
                ErrorKind::RemoteRef(reference.to_owned()),
            ));
        }
        Ok(Some(reference))
    }

    /// The local reference to a node in the root spec, if `target` is in it.
    fn in_root(&self, target: &Target) -> Option<String> {
        let root = self.files.shown.file_name()?;
        (target.0.as_os_str() == root).then(|| format!("#{}", target.1))
    }
}

impl Visit for Bundler<'_> {
    fn schema(&mut self, node: &mut Value, at: &JsonPointer) -> Result<()> {
        let Some(reference) = self.external(node, at)?.map(str::to_owned) else {
            return Ok(());
        };
        let target = self
            .target(&reference)
            .map_err(|k| Error::at(at.join("$ref"), k))?;
        let local = match self.in_root(&target) {
            Some(local) => local,
            None => {
                // Fail at the referring node when the file is missing or the pointer dangles.
                self.fetch(&target.0, &target.1, at)?;
                let name = self.name_for(&target);
                format!(
                    "#{}",
                    JsonPointer::root()
                        .join("components")
                        .join("schemas")
                        .join(&name)
                )
            }
        };
        if let Some(map) = node.as_object_mut() {
            map.insert("$ref".to_owned(), Value::String(local));
        }
        Ok(())
    }

    fn other(&mut self, node: &mut Value, at: &JsonPointer) -> Result<()> {
        let Some(reference) = self.external(node, at)?.map(str::to_owned) else {
            return Ok(());
        };
        let target = self
            .target(&reference)
            .map_err(|k| Error::at(at.join("$ref"), k))?;
        if let Some(local) = self.in_root(&target) {
            if let Some(map) = node.as_object_mut() {
                map.insert("$ref".to_owned(), Value::String(local));
            }
            return Ok(());
        }
        self.copies += 1;
        if self.copies > MAX_COPIES {
            return Err(Error::at(
                at.join("$ref"),
                ErrorKind::RefCycle(format!(
                    "{reference} (copied in more than {MAX_COPIES} times)"
                )),
            ));
        }
        let mut copy = self.fetch(&target.0, &target.1, at)?;
        rebase(&mut copy, &target.0);
        self.origins.record(
            at.clone(),
            Some(&self.shown(&target.0)),
            JsonPointer::from(target.1.as_str()),
        );
        *node = copy;
        // The copy may itself be a reference onward; the walk visits its children but not it.
        self.other(node, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_references_are_told_from_paths() {
        for remote in [
            "https://x.test/a.yaml",
            "http://x/a#/B",
            "urn:uuid:1",
            "file:///etc/a",
        ] {
            assert!(is_remote(remote), "{remote}");
        }
        for local in [
            "a.yaml",
            "./a.yaml#/B",
            "../a.yaml",
            "dir/a:b.yaml",
            "C:a.yaml",
        ] {
            assert!(!is_remote(local), "{local}");
        }
    }

    #[test]
    fn paths_normalize_and_may_not_climb_out() {
        assert_eq!(
            normalize(Path::new("./a/../b/c.yaml")),
            Some(PathBuf::from("b/c.yaml"))
        );
        assert_eq!(normalize(Path::new("a/../../c.yaml")), None);
        assert_eq!(normalize(Path::new("/etc/c.yaml")), None);
    }

    #[test]
    fn copied_references_are_rebased_on_their_file() {
        let mut node = serde_json::json!({
            "a": {"$ref": "#/X"},
            "b": {"$ref": "../c.yaml#/Y"},
            "x-raw": {"$ref": "#/kept"}
        });
        rebase(&mut node, Path::new("dir/file.yaml"));
        assert_eq!(node["a"]["$ref"], "dir/file.yaml#/X");
        assert_eq!(node["b"]["$ref"], "dir/../c.yaml#/Y");
        assert_eq!(node["x-raw"]["$ref"], "#/kept");
    }
}
