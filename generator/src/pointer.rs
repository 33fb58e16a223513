//! JSON pointers (RFC 6901): the one place that escapes and unescapes reference tokens.
//!
//! Every error names the node it is about by pointer, and every `$ref` within a document is a
//! pointer after its `#`. Building and splitting them anywhere else would sooner or later get
//! `~0`/`~1` wrong for a path like `/v1/customer/{id}`.

use std::fmt;

/// A JSON pointer such as `/paths/~1v1~1customer/get`; the empty pointer is the whole document.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The whole document.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// A pointer from its escaped text (`/a/b~1c`), checking that it is one.
    pub fn parse(text: &str) -> Option<Self> {
        if !(text.is_empty() || text.starts_with('/')) {
            return None;
        }
        // `~` must be followed by `0` or `1`.
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
                return None;
            }
        }
        Some(Self(text.to_owned()))
    }

    /// The pointer a local `$ref` names (`#/components/schemas/X`), if it is local.
    pub fn from_ref(reference: &str) -> Option<Self> {
        Self::parse(reference.strip_prefix('#')?)
    }

    /// This pointer with one more (unescaped) reference token.
    pub fn join(&self, token: &str) -> Self {
        let mut out = self.clone();
        out.push(token);
        out
    }

    /// Appends one (unescaped) reference token.
    pub fn push(&mut self, token: &str) {
        self.0.reserve(token.len() + 1);
        self.0.push('/');
        for c in token.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
    }

    /// The reference tokens, unescaped.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(unescape)
    }

    /// The last reference token, unescaped (`None` for the root).
    pub fn last(&self) -> Option<String> {
        self.0.rsplit_once('/').map(|(_, t)| unescape(t))
    }

    /// The escaped text, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The escaped text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is the whole document.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The node this pointer names in `value`.
    pub fn resolve<'v>(&self, value: &'v serde_json::Value) -> Option<&'v serde_json::Value> {
        self.tokens().try_fold(value, |node, token| match node {
            serde_json::Value::Object(map) => map.get(&token),
            serde_json::Value::Array(items) => items.get(token.parse::<usize>().ok()?),
            _ => None,
        })
    }
}

/// One reference token with `~1` → `/` and `~0` → `~`, in that order (RFC 6901 §4).
pub fn unescape(token: &str) -> String {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~")
    } else {
        token.to_owned()
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Takes already-escaped pointer text as it is (as built by `push_pointer`); use
/// [`JsonPointer::parse`] to check text from outside.
impl From<&str> for JsonPointer {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

/// As `From<&str>`.
impl From<String> for JsonPointer {
    fn from(text: String) -> Self {
        Self(text)
    }
}

/// As `From<&str>`.
impl From<&String> for JsonPointer {
    fn from(text: &String) -> Self {
        Self(text.clone())
    }
}

impl From<&JsonPointer> for JsonPointer {
    fn from(p: &JsonPointer) -> Self {
        p.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_slashes_and_tildes() {
        let p = JsonPointer::root().join("paths").join("/v1/customer/{id}");
        assert_eq!(p.as_str(), "/paths/~1v1~1customer~1{id}");
        assert_eq!(JsonPointer::root().join("a~b").as_str(), "/a~0b");
        // `~01` is `~1` unescaped, not `/`: `~1` is replaced first.
        assert_eq!(JsonPointer::root().join("~1").as_str(), "/~01");
    }

    #[test]
    fn tokens_round_trip() {
        for token in ["a", "", "~", "/", "~1", "~0/~1", "{id}"] {
            let p = JsonPointer::root().join("x").join(token);
            assert_eq!(p.tokens().collect::<Vec<_>>(), ["x", token]);
            assert_eq!(p.last().as_deref(), Some(token));
        }
        assert_eq!(JsonPointer::root().tokens().count(), 0);
        assert_eq!(JsonPointer::root().last(), None);
    }

    #[test]
    fn parses_only_pointers() {
        assert_eq!(JsonPointer::parse(""), Some(JsonPointer::root()));
        assert!(JsonPointer::parse("/a/~1b").is_some());
        assert!(JsonPointer::parse("a").is_none());
        assert!(JsonPointer::parse("/a~2").is_none());
        assert!(JsonPointer::parse("/a~").is_none());
        assert_eq!(
            JsonPointer::from_ref("#/components/schemas/A").map(|p| p.last()),
            Some(Some("A".to_owned()))
        );
        assert!(JsonPointer::from_ref("other.yaml#/A").is_none());
    }

    #[test]
    fn resolves_in_objects_and_arrays() {
        let doc = serde_json::json!({"a/b": [{"c~d": 1}]});
        let p = JsonPointer::root().join("a/b").join("0").join("c~d");
        assert_eq!(p.resolve(&doc), Some(&serde_json::json!(1)));
        assert_eq!(JsonPointer::root().join("zz").resolve(&doc), None);
        assert_eq!(
            JsonPointer::root().join("a/b").join("x").resolve(&doc),
            None
        );
    }
}
