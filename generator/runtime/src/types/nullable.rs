//! `Nullable<T>`: a property whose absence and `null` mean different things.
//!
//! This file is copied verbatim into every generated crate that needs it, from
//! `generator/runtime/src/types/nullable.rs`, where it is compiled and tested.

/// A property that may be absent, `null`, or set, where absent and `null` mean different
/// things: in an update, absent leaves the stored value alone and `null` clears it.
///
/// Decoding maps a missing key to [`Nullable::Absent`] (with `#[serde(default)]`) and
/// `null` to [`Nullable::Null`]; encoding skips `Absent` and writes `Null` as `null`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// The key is not sent: the server keeps what it has.
    #[default]
    Absent,
    /// The key is sent as `null`.
    Null,
    /// The key is sent with this value.
    Present(T),
}

impl<T> Nullable<T> {
    /// Whether the key is absent (used to skip it when encoding).
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// The value, if one is set.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Self::Present(value) => Some(value),
            _ => None,
        }
    }

    /// The same state, with a set value replaced by `f(value)` (`Debug` uses it to show that a
    /// secret is set without showing it).
    pub fn map_ref<U>(&self, f: impl FnOnce(&T) -> U) -> Nullable<U> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Present(value) => Nullable::Present(f(value)),
        }
    }

    /// The value, if one is set, dropping the absent/`null` distinction.
    pub fn into_option(self) -> Option<T> {
        match self {
            Self::Present(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `Null`: an explicit `Option` is a decision to send a value.
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Present)
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Present(value) => value.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Self::Null, Self::Present))
    }
}
