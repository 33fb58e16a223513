//! Typed response headers: `FromHeaders`, which the struct generated for an operation's
//! declared headers implements, `WithHeaders`, a call's value beside those headers, and the
//! decoding of one header value per its schema (`style: simple`: lists are comma-separated).
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/headers.rs`, where it is compiled and tested.

// Which helpers a crate calls depends on the headers its spec declares.
#![allow(dead_code)]

use serde::de::{self, DeserializeOwned, IntoDeserializer as _, Visitor};

use super::send::Reply;
use super::Error;

/// Headers decoded from a success response: implemented by the struct generated for each
/// operation whose success responses declare headers, and read with
/// [`Call::send_with_headers`](super::Call::send_with_headers).
#[diagnostic::on_unimplemented(
    message = "the responses of this operation declare no headers",
    note = "`send_with_response()` gives the raw headers of any call"
)]
pub trait FromHeaders: Sized {
    /// Decodes the declared headers of `headers`; a required header that is missing, or any
    /// declared header that does not match its schema, is an error naming that header.
    fn from_headers(headers: &reqwest::header::HeaderMap) -> Result<Self, HeaderError>;
}

/// A declared response header that is missing or does not match its schema. It names the
/// header and never holds its value, which may be a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderError {
    name: &'static str,
    message: String,
}

impl HeaderError {
    /// The header's name, as the spec writes it.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// What is wrong with it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A call's typed value with the headers its response declares. Derefs to the value.
#[derive(Clone, Debug)]
pub struct WithHeaders<T, H> {
    value: T,
    headers: H,
}

impl<T, H> WithHeaders<T, H> {
    /// Pairs a value with its headers (useful for test doubles of the client, too).
    pub fn new(value: T, headers: H) -> Self {
        Self { value, headers }
    }

    /// The decoded headers.
    pub fn headers(&self) -> &H {
        &self.headers
    }

    /// The typed value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The typed value, dropping the headers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The typed value and the headers.
    pub fn into_parts(self) -> (T, H) {
        (self.value, self.headers)
    }
}

impl<T, H> std::ops::Deref for WithHeaders<T, H> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Header `name` decoded as text in `style: simple`; missing is an error.
pub(super) fn required<T: DeserializeOwned>(
    headers: &reqwest::header::HeaderMap,
    name: &'static str,
) -> Result<T, HeaderError> {
    optional(headers, name)?.ok_or_else(|| HeaderError {
        name,
        message: "is required but missing".to_owned(),
    })
}

/// Header `name` decoded as text in `style: simple`, `None` when missing.
pub(super) fn optional<T: DeserializeOwned>(
    headers: &reqwest::header::HeaderMap,
    name: &'static str,
) -> Result<Option<T>, HeaderError> {
    let Some(text) = joined(headers, name)? else {
        return Ok(None);
    };
    T::deserialize(Simple(&text))
        .map(Some)
        .map_err(|e| mismatch(name, &text, &e.0))
}

/// Header `name` decoded as JSON text (a header declared with `content: application/json`);
/// missing is an error.
pub(super) fn required_json<T: DeserializeOwned>(
    headers: &reqwest::header::HeaderMap,
    name: &'static str,
) -> Result<T, HeaderError> {
    optional_json(headers, name)?.ok_or_else(|| HeaderError {
        name,
        message: "is required but missing".to_owned(),
    })
}

/// Header `name` decoded as JSON text, `None` when missing.
pub(super) fn optional_json<T: DeserializeOwned>(
    headers: &reqwest::header::HeaderMap,
    name: &'static str,
) -> Result<Option<T>, HeaderError> {
    let Some(text) = joined(headers, name)? else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| HeaderError {
            name,
            message: json_mismatch(&e),
        })
}

/// Why JSON text did not decode, by kind and column only: serde's own message quotes the
/// offending part of the value (a string inside it), which masking the whole value misses.
fn json_mismatch(e: &serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Data => {
            format!("does not match its schema (JSON column {})", e.column())
        }
        _ => format!("is not valid JSON (column {})", e.column()),
    }
}

/// Every value of header `name` (any case), joined with `", "` as HTTP allows for repeated
/// fields; `None` when there is none.
fn joined(
    headers: &reqwest::header::HeaderMap,
    name: &'static str,
) -> Result<Option<String>, HeaderError> {
    let mut out: Option<String> = None;
    for value in headers.get_all(name) {
        let text = std::str::from_utf8(value.as_bytes()).map_err(|_| HeaderError {
            name,
            message: "is not valid UTF-8".to_owned(),
        })?;
        match &mut out {
            Some(all) => {
                all.push_str(", ");
                all.push_str(text.trim());
            }
            None => out = Some(text.trim().to_owned()),
        }
    }
    Ok(out)
}

/// The error for a value that does not decode; `detail` loses every copy of the value.
fn mismatch(name: &'static str, value: &str, detail: &str) -> HeaderError {
    let detail = match value.is_empty() {
        true => detail.to_owned(),
        false => detail.replace(value, "[value]"),
    };
    HeaderError {
        name,
        message: format!("does not match its schema: {detail}"),
    }
}

impl Reply {
    /// An [`Error::Header`] for this reply.
    pub(super) fn header_error(&self, e: HeaderError) -> Error {
        Error::Header {
            status: self.status,
            name: e.name.to_owned(),
            message: e.message,
            response: Box::new(self.raw_scrubbed(self.scrubbed())),
        }
    }
}

/// Why a value did not decode, said without the value.
#[derive(Debug)]
struct Mismatch(String);

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<M: std::fmt::Display>(message: M) -> Self {
        Self(message.to_string())
    }

    // serde's own wording quotes the value; these say only what was expected.
    fn invalid_type(_: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self(format!("expected {expected}"))
    }

    fn invalid_value(_: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self(format!("expected {expected}"))
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Self {
        Self(format!("expected one of {}", expected.join(", ")))
    }
}

/// One header value in `style: simple`: scalars as their text, lists split at commas.
struct Simple<'a>(&'a str);

impl Simple<'_> {
    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, Mismatch> {
        self.0
            .trim()
            .parse()
            .map_err(|_| Mismatch(format!("expected {what}")))
    }
}

macro_rules! numbers {
    ($($method:ident $visit:ident $ty:ty, $what:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
            visitor.$visit(self.parse::<$ty>($what)?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Simple<'_> {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_str(self.0)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.0.trim() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(Mismatch("expected `true` or `false`".to_owned())),
        }
    }

    numbers! {
        deserialize_i8 visit_i8 i8, "an integer";
        deserialize_i16 visit_i16 i16, "an integer";
        deserialize_i32 visit_i32 i32, "an integer";
        deserialize_i64 visit_i64 i64, "an integer";
        deserialize_u8 visit_u8 u8, "a non-negative integer";
        deserialize_u16 visit_u16 u16, "a non-negative integer";
        deserialize_u32 visit_u32 u32, "a non-negative integer";
        deserialize_u64 visit_u64 u64, "a non-negative integer";
        deserialize_f32 visit_f32 f32, "a number";
        deserialize_f64 visit_f64 f64, "a number";
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        // An empty value is an empty list, not a list of one empty item.
        let items = self
            .0
            .split(',')
            .map(str::trim)
            .filter(|_| !self.0.trim().is_empty());
        visitor.visit_seq(de::value::SeqDeserializer::new(items.map(Simple)))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        let text: de::value::StrDeserializer<'_, Mismatch> = self.0.trim().into_deserializer();
        de::Deserializer::deserialize_enum(text, name, variants, visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit_struct tuple tuple_struct map struct
        identifier ignored_any
    }
}

impl<'de, 'a> de::IntoDeserializer<'de, Mismatch> for Simple<'a> {
    type Deserializer = Simple<'a>;

    fn into_deserializer(self) -> Simple<'a> {
        self
    }
}
