//! Stand-in for a generated `types.rs`: every support type, as a crate that needs them all
//! declares them.

mod base64_bytes;
mod constant;
mod nullable;
mod open_enum_visitor;
mod open_union;
mod timestamp;
mod webhook_error;

pub use base64_bytes::Base64Bytes;
pub use constant::Constant;
pub use nullable::Nullable;
pub use open_enum_visitor::OpenEnumVisitor;
pub use open_union::OpenUnion;
pub use timestamp::Timestamp;
pub use webhook_error::WebhookError;

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

    #[test]
    fn timestamps_round_trip_byte_for_byte_at_any_precision_and_offset() {
        for text in [
            "2024-09-01T10:00:00Z",
            "2024-09-01T10:00:00.000Z",
            "2024-09-01T10:00:00.120Z",
            "2024-09-01T10:00:00.123456Z",
            "2024-09-01T10:00:00.123456789Z",
            "2024-09-01T12:00:00+02:00",
            "2024-09-01T12:00:00.5+02:00",
            "2024-09-01T05:30:00-04:30",
            "2024-09-01T10:00:00+00:00",
            "2024-09-01t10:00:00z",
        ] {
            let json = format!("{text:?}");
            let t: Timestamp = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&t).unwrap(), json);
            assert_eq!(t.as_str(), text);
            assert_eq!(t.to_string(), text);
        }
        let a: Timestamp = "2024-09-01T12:00:00+02:00".parse().unwrap();
        let b: Timestamp = "2024-09-01T10:00:00.000Z".parse().unwrap();
        assert_eq!(a, b, "equal as instants");
        assert_eq!(a.to_utc(), b.to_utc());
        assert_eq!(a.offset().local_minus_utc(), 7200);
        assert_eq!(
            format!("{a:?}"),
            r#"Timestamp("2024-09-01T12:00:00+02:00")"#
        );
    }

    #[test]
    fn timestamps_from_chrono_and_bad_text() {
        use chrono::TimeZone;
        let utc = chrono::Utc.with_ymd_and_hms(2024, 9, 1, 10, 0, 0).unwrap();
        assert_eq!(Timestamp::from(utc).as_str(), "2024-09-01T10:00:00Z");
        let millis = utc + chrono::Duration::milliseconds(5);
        assert_eq!(Timestamp::from(millis).as_str(), "2024-09-01T10:00:00.005Z");
        let east = chrono::FixedOffset::east_opt(3600).unwrap();
        assert_eq!(
            Timestamp::from(utc.with_timezone(&east)).as_str(),
            "2024-09-01T11:00:00+01:00"
        );
        let err = serde_json::from_str::<Timestamp>(r#""2024-09-01T10:00:61Z""#).unwrap_err();
        assert!(
            err.to_string().starts_with(
                r#""2024-09-01T10:00:61Z" is not an RFC 3339 timestamp such as `2024-09-01T10:00:00Z`"#
            ),
            "{err}"
        );
        assert!(serde_json::from_str::<Timestamp>("12345").is_err());
    }

    /// As the generator writes a tagged union: serde's tagging for encoding, the tag matched
    /// by hand for decoding.
    #[derive(Clone, Debug, PartialEq, serde::Serialize)]
    #[serde(tag = "kind")]
    enum Shape {
        #[serde(rename = "circle")]
        Circle(Circle),
        #[serde(untagged)]
        Unknown(serde_json::Value),
    }

    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Circle {
        radius: f64,
    }

    impl<'de> serde::Deserialize<'de> for Shape {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let value = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
            match OpenUnion::tag(&value, "kind")? {
                "circle" => OpenUnion::variant(value, "kind").map(Self::Circle),
                _ => Ok(Self::Unknown(value)),
            }
        }
    }

    #[test]
    fn open_unions_keep_unknown_variants_and_reject_bad_known_ones() {
        let circle = r#"{"kind":"circle","radius":1.5}"#;
        let decoded: Shape = serde_json::from_str(circle).unwrap();
        assert_eq!(decoded, Shape::Circle(Circle { radius: 1.5 }));
        assert_eq!(serde_json::to_string(&decoded).unwrap(), circle);

        // Keys in serde_json's map order (sorted), so the text is the same, not just the value.
        let hexagon = r#"{"kind":"hexagon","nested":{"a":[1,null]},"side":2}"#;
        let decoded: Shape = serde_json::from_str(hexagon).unwrap();
        assert!(matches!(decoded, Shape::Unknown(_)));
        assert_eq!(serde_json::to_string(&decoded).unwrap(), hexagon);

        for (bad, message) in [
            (
                r#"{"kind":"circle","radius":"x"}"#,
                "invalid type: string \"x\", expected f64",
            ),
            (r#"{"radius":1}"#, "missing field `kind`"),
            (r#"{"kind":7}"#, "the `kind` property must be a string"),
            ("[1]", "expected an object with a `kind` property"),
        ] {
            let err = serde_json::from_str::<Shape>(bad).unwrap_err().to_string();
            assert!(err.starts_with(message), "{bad}: {err}");
        }
    }
}
