//! `Timestamp`: a `date-time` value that keeps the exact text it was decoded from, so it is
//! sent back byte for byte, and gives the chrono value for computing with it.
//!
//! This file is copied verbatim into every generated crate that needs it, from
//! `generator/runtime/src/types/timestamp.rs`, where it is compiled and tested.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};

/// An RFC 3339 timestamp (`format: date-time`), kept as received.
///
/// Decoding checks the text and keeps it; encoding writes that same text, so
/// `2024-09-01T10:00:00.000Z`, `…00Z`, microseconds and `+02:00` offsets all round-trip
/// byte for byte. It derefs to a `chrono::DateTime<FixedOffset>` (with the offset that was
/// sent); [`Timestamp::to_utc`] gives the instant in UTC. Two timestamps are equal, and
/// ordered, by the instant they name, whatever their text.
#[derive(Clone)]
pub struct Timestamp {
    text: String,
    value: DateTime<FixedOffset>,
}

impl Timestamp {
    /// Parses RFC 3339 text, keeping it as it is.
    pub fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        Ok(Self {
            value: DateTime::parse_from_rfc3339(text)?,
            text: text.to_owned(),
        })
    }

    /// The text as received (or as written from a chrono value).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The chrono value, with the offset that was sent.
    pub fn datetime(&self) -> DateTime<FixedOffset> {
        self.value
    }

    /// The instant in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.value.with_timezone(&Utc)
    }
}

impl<Tz: chrono::TimeZone> From<DateTime<Tz>> for Timestamp {
    /// Written with as many fractional digits as the value needs (none, 3, 6 or 9), with `Z`
    /// for UTC.
    fn from(value: DateTime<Tz>) -> Self {
        let value = value.fixed_offset();
        let utc = value.offset().local_minus_utc() == 0;
        Self {
            text: value.to_rfc3339_opts(SecondsFormat::AutoSi, utc),
            value,
        }
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(value: Timestamp) -> Self {
        value.to_utc()
    }
}

impl std::str::FromStr for Timestamp {
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl std::ops::Deref for Timestamp {
    type Target = DateTime<FixedOffset>;

    fn deref(&self) -> &Self::Target {
        &self.value
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl std::fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Timestamp({:?})", self.text)
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an RFC 3339 timestamp such as `2024-09-01T10:00:00Z`")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(|e| {
                    E::custom(format_args!(
                        "{text:?} is not an RFC 3339 timestamp such as `2024-09-01T10:00:00Z` ({e})"
                    ))
                })
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}
