//! Stand-in for a generated `types.rs`: every support type, as a crate that needs them all
//! declares them.

mod base64_bytes;
mod nullable;
mod open_enum_visitor;

pub use base64_bytes::Base64Bytes;
pub use nullable::Nullable;
pub use open_enum_visitor::OpenEnumVisitor;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Update {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
    }

    #[test]
    fn nullable_keeps_absent_null_and_present_apart() {
        for (json, value) in [
            ("{}", Nullable::Absent),
            (r#"{"name":null}"#, Nullable::Null),
            (r#"{"name":"x"}"#, Nullable::Present("x".to_owned())),
        ] {
            let decoded: Update = serde_json::from_str(json).unwrap();
            assert_eq!(decoded.name, value);
            assert_eq!(serde_json::to_string(&decoded).unwrap(), json);
        }
        assert_eq!(Nullable::from(None::<u8>), Nullable::Null);
        assert_eq!(Nullable::from(Some(1)).into_option(), Some(1));
        assert_eq!(Nullable::<u8>::Null.as_ref(), None);
    }

    #[test]
    fn base64_round_trips_and_hides_content_from_debug() {
        let bytes = Base64Bytes(b"secret scan".to_vec());
        let json = serde_json::to_string(&bytes).unwrap();
        assert_eq!(json, r#""c2VjcmV0IHNjYW4=""#);
        assert_eq!(serde_json::from_str::<Base64Bytes>(&json).unwrap(), bytes);
        assert_eq!(format!("{bytes:?}"), "Base64Bytes(11 bytes)");
        assert!(serde_json::from_str::<Base64Bytes>(r#""not base64!""#).is_err());
    }

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unknown(String),
    }

    impl From<&str> for Color {
        fn from(value: &str) -> Self {
            match value {
                "red" => Self::Red,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    impl From<String> for Color {
        fn from(value: String) -> Self {
            Self::from(value.as_str())
        }
    }

    impl<'de> serde::Deserialize<'de> for Color {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_str(OpenEnumVisitor::new())
        }
    }

    #[test]
    fn open_enum_visitor_keeps_unknown_values() {
        assert_eq!(
            serde_json::from_str::<Color>(r#""red""#).unwrap(),
            Color::Red
        );
        assert_eq!(
            serde_json::from_str::<Color>(r#""teal""#).unwrap(),
            Color::Unknown("teal".to_owned())
        );
        assert!(serde_json::from_str::<Color>("1").is_err());
    }
}
