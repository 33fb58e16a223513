//! `types.rs` of the emitted crate: the few support types the models use, each emitted only
//! when some model needs it.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::Needs;

/// The body of `types.rs`.
pub fn emit_support(needs: &Needs, has_enums: bool) -> TokenStream {
    let open_enum = has_enums.then(open_enum_visitor);
    let nullable = needs.nullable.then(nullable);
    let bytes = needs.base64.then(base64_bytes);
    quote! {
        //! Support types used by the models.
        #open_enum
        #nullable
        #bytes
    }
}

fn open_enum_visitor() -> TokenStream {
    quote! {
        /// Decodes an open enum from a string without allocating for known values.
        #[doc(hidden)]
        pub struct OpenEnumVisitor<T>(std::marker::PhantomData<T>);

        impl<T> OpenEnumVisitor<T> {
            /// A visitor for `T`.
            pub fn new() -> Self {
                Self(std::marker::PhantomData)
            }
        }

        impl<T> Default for OpenEnumVisitor<T> {
            fn default() -> Self {
                Self::new()
            }
        }

        impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for OpenEnumVisitor<T> {
            type Value = T;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
                Ok(T::from(value))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
                Ok(T::from(value))
            }
        }
    }
}

fn nullable() -> TokenStream {
    quote! {
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
    }
}

fn base64_bytes() -> TokenStream {
    quote! {
        /// Binary data, sent as standard base64 (`format: byte`).
        ///
        /// `Debug` shows only the length, so documents never end up in logs.
        #[derive(Clone, Default, PartialEq, Eq, Hash)]
        pub struct Base64Bytes(pub Vec<u8>);

        impl std::fmt::Debug for Base64Bytes {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "Base64Bytes({} bytes)", self.0.len())
            }
        }

        impl From<Vec<u8>> for Base64Bytes {
            fn from(value: Vec<u8>) -> Self {
                Self(value)
            }
        }

        impl From<&[u8]> for Base64Bytes {
            fn from(value: &[u8]) -> Self {
                Self(value.to_vec())
            }
        }

        impl std::ops::Deref for Base64Bytes {
            type Target = [u8];
            fn deref(&self) -> &[u8] {
                &self.0
            }
        }

        impl serde::Serialize for Base64Bytes {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use base64::Engine as _;
                serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
            }
        }

        impl<'de> serde::Deserialize<'de> for Base64Bytes {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use base64::Engine as _;
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                base64::engine::general_purpose::STANDARD
                    .decode(text.as_bytes())
                    .map(Self)
                    .map_err(serde::de::Error::custom)
            }
        }
    }
}
