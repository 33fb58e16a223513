//! The OpenAPI 3.2 operations `load` carried through `openapiv3` in a path-item extension
//! (`query`, `additionalOperations`), read back as ordinary operations with the method as
//! sent and the pointer where the author wrote them.

use std::borrow::Cow;

use openapiv3::{Operation, PathItem};

use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::Method;
use crate::load::{authored_pointer, OPERATIONS_EXTENSION};
use crate::pointer::JsonPointer;

/// One operation of a path item: its method, the name used for a method-and-path function
/// name, where the author wrote it, and the operation.
pub(super) type Found<'i> = (Method, String, String, Cow<'i, Operation>);

/// The carried operations of the path item `item` at `path`, in the order written.
pub(super) fn carried<'i>(
    item: &'i PathItem,
    path: &str,
) -> impl Iterator<Item = Result<Found<'i>>> + 'i {
    let item_at = JsonPointer::from(push_pointer("/paths", path).as_str());
    item.extensions
        .get(OPERATIONS_EXTENSION)
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flatten()
        .map(move |(wire, value)| {
            let at = authored_pointer(&item_at, wire).into_string();
            let op: Operation = serde_path_to_error::deserialize(value).map_err(|e| {
                use serde_path_to_error::Segment;
                let mut pointer = JsonPointer::from(at.as_str());
                for segment in e.path().iter() {
                    match segment {
                        Segment::Seq { index } => pointer.push(&index.to_string()),
                        Segment::Map { key } => pointer.push(key),
                        Segment::Enum { variant } => pointer.push(variant),
                        Segment::Unknown => {}
                    }
                }
                Error::at(pointer, ErrorKind::Invalid(e.into_inner().to_string()))
            })?;
            let method = match wire.as_str() {
                "QUERY" => Method::Query,
                other => Method::Other(other.to_owned()),
            };
            Ok((method, wire.to_ascii_lowercase(), at, Cow::Owned(op)))
        })
}
