//! `OpenUnion`: decoding for tagged unions that keep variants they do not know, so a new
//! kind of object the server starts sending fails nothing and is sent back unchanged.
//!
//! This file is copied verbatim into every generated crate that needs it, from
//! `generator/runtime/src/types/open_union.rs`, where it is compiled and tested.

use serde::de::{DeserializeOwned, Error};
use serde_json::Value;

/// The steps of decoding a tagged union by hand: read the tag, then decode the variant it
/// names (the generated `Deserialize` impls match on the tag in between).
pub struct OpenUnion;

impl OpenUnion {
    /// The value of the discriminator `property` in `value`: an error when `value` is not an
    /// object, or the property is missing or not a string.
    pub fn tag<'v, E: Error>(value: &'v Value, property: &'static str) -> Result<&'v str, E> {
        let Value::Object(object) = value else {
            return Err(E::custom(format_args!(
                "expected an object with a `{property}` property"
            )));
        };
        match object.get(property) {
            Some(Value::String(tag)) => Ok(tag),
            Some(_) => Err(E::custom(format_args!(
                "the `{property}` property must be a string"
            ))),
            None => Err(E::missing_field(property)),
        }
    }

    /// The variant `T` from `value`, without the discriminator `property` (the variant's type
    /// does not hold it: the union writes it).
    pub fn variant<T: DeserializeOwned, E: Error>(
        mut value: Value,
        property: &'static str,
    ) -> Result<T, E> {
        if let Value::Object(object) = &mut value {
            object.remove(property);
        }
        serde_json::from_value(value).map_err(E::custom)
    }
}
