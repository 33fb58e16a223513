//! The one value of a `const` schema (or a one-value `enum`), behind every generated constant
//! type's `Serialize` and `Deserialize`.
//!
//! This file is copied verbatim into every generated crate that has constant types, from
//! `generator/runtime/src/types/constant.rs`, where it is compiled and tested.

/// The value a constant type stands for: it writes it, and decoding accepts it and nothing
/// else, with an error that names the value expected.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Constant {
    /// A string.
    Str(&'static str),
    /// An integer.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl Constant {
    /// Reads one value and checks it is this constant.
    pub fn decode<'de, D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self {
            Self::Str(_) => deserializer.deserialize_str(self),
            Self::Int(_) => deserializer.deserialize_i64(self),
            Self::Float(_) => deserializer.deserialize_f64(self),
            Self::Bool(_) => deserializer.deserialize_bool(self),
        }
    }

    fn check<E: serde::de::Error>(self, found: Constant) -> Result<(), E> {
        let same = match (self, found) {
            (Self::Float(a), Self::Int(b)) | (Self::Int(b), Self::Float(a)) => a == b as f64,
            (a, b) => a == b,
        };
        if same {
            return Ok(());
        }
        let unexpected = match found {
            Self::Str(_) => serde::de::Unexpected::Other("another string"),
            Self::Int(i) => serde::de::Unexpected::Signed(i),
            Self::Float(f) => serde::de::Unexpected::Float(f),
            Self::Bool(b) => serde::de::Unexpected::Bool(b),
        };
        Err(E::invalid_value(unexpected, &self))
    }
}

impl std::fmt::Display for Constant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Str(s) => f.write_str(s),
            Self::Int(i) => write!(f, "{i}"),
            Self::Float(x) => write!(f, "{x}"),
            Self::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl serde::Serialize for Constant {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Self::Str(s) => serializer.serialize_str(s),
            Self::Int(i) => serializer.serialize_i64(i),
            Self::Float(x) => serializer.serialize_f64(x),
            Self::Bool(b) => serializer.serialize_bool(b),
        }
    }
}

impl serde::de::Visitor<'_> for Constant {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Str(s) => write!(f, "the constant {s:?}"),
            other => write!(f, "the constant {other}"),
        }
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<(), E> {
        match self {
            Self::Str(s) if s == value => Ok(()),
            // The value received is quoted: it may be long, and it is what a reader needs.
            Self::Str(_) => Err(E::invalid_value(serde::de::Unexpected::Str(value), &self)),
            _ => Err(E::invalid_type(serde::de::Unexpected::Str(value), &self)),
        }
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<(), E> {
        self.numeric(Self::Int(value), serde::de::Unexpected::Signed(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<(), E> {
        match i64::try_from(value) {
            Ok(i) => self.visit_i64(i),
            Err(_) => Err(E::invalid_value(
                serde::de::Unexpected::Unsigned(value),
                &self,
            )),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<(), E> {
        self.numeric(Self::Float(value), serde::de::Unexpected::Float(value))
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<(), E> {
        match self {
            Self::Bool(_) => self.check(Self::Bool(value)),
            _ => Err(E::invalid_type(serde::de::Unexpected::Bool(value), &self)),
        }
    }
}

impl Constant {
    fn numeric<E: serde::de::Error>(
        self,
        found: Constant,
        unexpected: serde::de::Unexpected<'_>,
    ) -> Result<(), E> {
        match self {
            Self::Int(_) | Self::Float(_) => self.check(found),
            _ => Err(E::invalid_type(unexpected, &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Constant;

    /// As the generator writes a constant type.
    #[derive(Debug, PartialEq)]
    struct Kind;

    impl<'de> serde::Deserialize<'de> for Kind {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Constant::Str("customer").decode(d).map(|()| Self)
        }
    }

    fn decode(c: Constant, json: &str) -> Result<(), String> {
        c.decode(&mut serde_json::Deserializer::from_str(json))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_its_value_and_refuses_others_saying_which() {
        assert_eq!(serde_json::from_str::<Kind>(r#""customer""#).unwrap(), Kind);
        let err = serde_json::from_str::<Kind>(r#""business""#).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"invalid value: string "business", expected the constant "customer" at line 1 column 10"#
        );
        assert_eq!(
            decode(Constant::Str("a"), "1").unwrap_err(),
            r#"invalid type: integer `1`, expected the constant "a" at line 1 column 1"#
        );
        assert_eq!(decode(Constant::Int(2), "2"), Ok(()));
        assert_eq!(decode(Constant::Int(2), "2.0"), Ok(()));
        assert_eq!(
            decode(Constant::Int(2), "3").unwrap_err(),
            "invalid value: integer `3`, expected the constant 2 at line 1 column 1"
        );
        assert_eq!(decode(Constant::Float(1.5), "1.5"), Ok(()));
        assert!(decode(Constant::Float(1.5), "1").is_err());
        assert_eq!(decode(Constant::Bool(false), "false"), Ok(()));
        assert_eq!(
            decode(Constant::Bool(false), "true").unwrap_err(),
            "invalid value: boolean `true`, expected the constant false at line 1 column 4"
        );
        assert!(decode(Constant::Bool(true), r#""true""#).is_err());
        assert!(decode(Constant::Int(1), "18446744073709551615").is_err());
    }

    #[test]
    fn writes_its_value() {
        for (c, json) in [
            (Constant::Str("list"), r#""list""#),
            (Constant::Int(-3), "-3"),
            (Constant::Float(0.25), "0.25"),
            (Constant::Bool(true), "true"),
        ] {
            assert_eq!(serde_json::to_string(&c).unwrap(), json);
        }
    }
}
