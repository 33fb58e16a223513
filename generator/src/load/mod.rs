//! Stage 1, `load`: bytes of YAML or JSON → `openapiv3::OpenAPI`, rejecting what is not an
//! OpenAPI 3.0, 3.1 or 3.2 document with an error that says where and why.
//!
//! One file per concern: [`parse`] (text → JSON value, with its limits), [`checks`] (structural
//! checks on that value), [`bundle`] (specs split across files), [`dynamic_refs`]
//! (`$dynamicRef`s only one anchor can answer), [`downlevel`] (3.1/3.2 and
//! JSON Schema 2020-12 → the 3.0 shape `lower` reads), [`hoist`] (references to schemas that
//! are not components), [`items`] (3.2 `itemSchema` → the shape `lower` reads for streams),
//! [`walk`] (which nodes are schemas), [`origins`] (where each bundled node
//! was written, for messages), [`merge_cycles`], [`redact`] (keeping secrets out of decoder
//! messages) and [`locate`] (the line of a pointer's node, for messages).

mod bundle;
mod checks;
mod downlevel;
mod dynamic_refs;
mod hoist;
mod id_refs;
mod items;
mod locate;
mod merge_cycles;
mod mutual_tls;
mod operations32;
mod origins;
mod parse;
mod redact;
mod rules;
mod walk;

use std::path::Path;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result, Stage};
use crate::guard::on_big_stack;
use crate::pointer::JsonPointer;

pub(crate) use downlevel::{CONTENT_MEDIA_TYPE, PREFIX_ITEMS, TUPLE_CLOSED};
pub use items::EVENT_KINDS;
pub use locate::line_of;
pub use operations32::{
    authored_pointer, COOKIE_STYLE_EXTENSION, OPERATIONS_EXTENSION, QUERYSTRING_EXTENSION,
};
pub use origins::Origins;
pub use parse::{parse_value, MAX_NESTING};

/// A loaded spec: the document, and where each of its nodes was written.
pub struct Loaded {
    /// The bundled document, in the OpenAPI 3.0 shape whatever version it was written in.
    pub doc: OpenAPI,
    /// The source map, to report later errors at the file and line the author wrote.
    pub origins: Origins,
}

/// Parses a YAML or JSON OpenAPI document that stands alone: a `$ref` to another file is an
/// error (use [`load_spec`] to read the files beside it).
pub fn load(bytes: &[u8]) -> Result<OpenAPI> {
    let files = bundle::Files {
        dir: None,
        shown: Path::new(""),
    };
    let mut origins = Origins::new(Path::new(""));
    load_value(bytes, &files, &mut origins)
}

/// Parses the spec `shown` names (its bytes given), reading the files it references from
/// `dir`, its folder. Errors name the file and line they are about, the root spec's or
/// another's.
pub fn load_spec(bytes: &[u8], shown: &Path, dir: &Path) -> Result<Loaded> {
    let files = bundle::Files {
        dir: Some(dir),
        shown,
    };
    let mut origins = Origins::new(shown);
    match load_value(bytes, &files, &mut origins) {
        Ok(doc) => Ok(Loaded { doc, origins }),
        Err(e) => Err(origins.place(e, bytes)),
    }
}

/// The `major.minor` of the document's `openapi` field, once `check_version` accepted it.
fn minor_version(doc: &Value) -> u32 {
    let version = match doc.get("openapi") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    version
        .strip_prefix("3.")
        .and_then(|rest| rest.split('.').next())
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

fn load_value(bytes: &[u8], files: &bundle::Files<'_>, origins: &mut Origins) -> Result<OpenAPI> {
    let mut value = parse_value(bytes)?;
    checks::check_version(&value)?;
    // Read before `downlevel` rewrites it to 3.0.
    let minor = minor_version(&value);
    if minor >= 1 {
        id_refs::resolve_id_refs(&mut value)?;
    }
    bundle::bundle(&mut value, files, origins)?;
    if minor == 0 {
        checks::check_schema_types(&value, &JsonPointer::root())?;
    } else {
        dynamic_refs::resolve_dynamic_refs(&mut value)?;
        downlevel::downlevel(&mut value, origins)?;
        mutual_tls::remove_mutual_tls(&mut value);
        // The parser reads 3.0; the document now has that shape.
        if let Some(root) = value.as_object_mut() {
            root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
        }
    }
    hoist::hoist(&mut value, origins)?;
    hoist::drop_definitions(&mut value)?;
    // After hoisting, so every reference in an item schema is to a component.
    items::rewrite(&mut value, origins, minor >= 2)?;
    merge_cycles::check_merge_cycles(&value)?;
    if minor >= 2 {
        operations32::carry(&mut value);
    }
    rules::check(&value, minor)?;
    let mut value = checks::drop_unrepresentable_bounds(value);
    keep_webhooks(&mut value, origins);
    decode(value, bytes)
}

/// Where the document's `webhooks` go: the 3.0 parser has no field for them and keeps only
/// `x-` keys beyond its own, so `lower` reads them (as path items) from here.
pub(crate) const WEBHOOKS: &str = "x-codegen-webhooks";

fn keep_webhooks(value: &mut Value, origins: &mut Origins) {
    let Some(root) = value.as_object_mut() else {
        return;
    };
    if let Some(hooks) = root.remove("webhooks") {
        root.insert(WEBHOOKS.to_owned(), hooks);
        origins.record(
            JsonPointer::root().join(WEBHOOKS),
            None,
            JsonPointer::root().join("webhooks"),
        );
    }
}

/// Decoding consumes the JSON tree, freeing it as the typed document is built; an error
/// (rare) parses the bytes again to see whether it may quote a secret.
fn decode(value: Value, bytes: &[u8]) -> Result<OpenAPI> {
    on_big_stack(Stage::Load, move || {
        serde_path_to_error::deserialize::<_, OpenAPI>(value).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let mut message = e.into_inner().to_string();
            let sensitive = parse_value(bytes)
                .map(|v| {
                    redact::touches_sensitive(&checks::drop_unrepresentable_bounds(v), &pointer)
                })
                .unwrap_or(true);
            if sensitive {
                message = redact::redact_quoted(&message);
            }
            Error::at(pointer, ErrorKind::Invalid(message))
        })
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> JsonPointer {
    use serde_path_to_error::Segment;
    let mut out = JsonPointer::root();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push(&index.to_string()),
            Segment::Map { key } => out.push(key),
            Segment::Enum { variant } => out.push(variant),
            Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn rejects_non_openapi_input() {
        assert!(matches!(load(b"").unwrap_err().kind, ErrorKind::Empty));
        assert!(matches!(
            load(b"\0\x01").unwrap_err().kind,
            ErrorKind::Binary
        ));
        assert!(matches!(
            load(b"a: [").unwrap_err().kind,
            ErrorKind::Syntax(_)
        ));
        assert!(matches!(
            load(b"- 1").unwrap_err().kind,
            ErrorKind::NotOpenApi(_)
        ));
        assert!(matches!(
            load(b"swagger: '2.0'").unwrap_err().kind,
            ErrorKind::Version(_)
        ));
        assert!(matches!(
            load(b"openapi: 4.0.0").unwrap_err().kind,
            ErrorKind::Version(_)
        ));
    }
    #[test]
    fn numeric_keys_become_strings() {
        let doc = load(b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n").expect("loads");
        assert_eq!(doc.paths.paths.len(), 1);
    }
}
