//! Stage 1, `load`: bytes of YAML or JSON → `openapiv3::OpenAPI`, rejecting what is not an
//! OpenAPI 3.0 document with an error that says where and why.
//!
//! One file per concern: [`parse`] (text → JSON value, with its limits), [`checks`] (structural
//! checks on that value), [`merge_cycles`], [`redact`] (keeping secrets out of decoder
//! messages) and [`locate`] (the line of a pointer's node, for messages).

mod checks;
mod locate;
mod merge_cycles;
mod parse;
mod redact;
mod rules;

use openapiv3::OpenAPI;

use crate::error::{Error, ErrorKind, Result, Stage};
use crate::guard::on_big_stack;
use crate::pointer::JsonPointer;

pub use locate::line_of;
pub use parse::{parse_value, MAX_NESTING};

/// Parses a YAML or JSON OpenAPI 3.0 document.
pub fn load(bytes: &[u8]) -> Result<OpenAPI> {
    let value = parse_value(bytes)?;
    checks::check_version(&value)?;
    checks::check_schema_types(&value, &JsonPointer::root())?;
    merge_cycles::check_merge_cycles(&value)?;
    rules::check(&value)?;
    let value = checks::drop_unrepresentable_bounds(value);
    // Decoding consumes the JSON tree, freeing it as the typed document is built; an error
    // (rare) parses the bytes again to see whether it may quote a secret.
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
            load(b"openapi: 3.1.0").unwrap_err().kind,
            ErrorKind::Version(_)
        ));
    }
    #[test]
    fn numeric_keys_become_strings() {
        let doc = load(b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n").expect("loads");
        assert_eq!(doc.paths.paths.len(), 1);
    }
}
