//! Turns spec names into valid, idiomatic Rust identifiers, and keeps them unique.
//!
//! Every identifier that reaches `format_ident!` goes through one of the newtypes here
//! ([`TypeName`], [`FieldName`], [`VariantName`]); they can only be built by sanitising,
//! so an arbitrary spec string can never become a token.

use std::collections::BTreeSet;
use std::fmt;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Words that cannot be identifiers (strict and reserved keywords of every edition), plus
/// `self`/`Self`/`super`/`crate`, which cannot even be raw identifiers.
pub(crate) const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code refers to unqualified; a schema with one of these names is
/// renamed so it cannot shadow them.
const RESERVED_TYPES: &[&str] = &[
    // The prelude (traits and types the emitted code names unqualified).
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "Default",
    "Iterator",
    "IntoIterator",
    "Extend",
    "FromIterator",
    "Self",
    // Derives and the emitted crate's own items.
    "Debug",
    "Serialize",
    "Deserialize",
    "Hash",
    "Nullable",
    "Base64Bytes",
    "OpenEnumVisitor",
    "Map",
    "Value",
    "Client",
    "Error",
    "ErrorBody",
    "Enveloped",
    "Auth",
    "Secret",
    "RetryPolicy",
    "Server",
    "ClientBuilder",
    "Duration",
    "BTreeMap",
    // The typed response headers of the client.
    "FromHeaders",
    "HeaderError",
    "WithHeaders",
];

/// Names the emitted client code relies on, in one place for `lower` (which keeps spec names
/// off them) and `emit` (which must name its own items from these lists only). A name used by
/// the emitted code but missing here can collide with a name taken from the spec.
pub mod reserved {
    /// Arguments and locals of every generated operation method. A parameter must not take one
    /// of these names: it would clash with an argument, or a local would shadow it before use.
    /// The receiver `self` needs no entry: no sanitised name can be a keyword.
    pub const METHOD_LOCALS: &[&str] = &[
        // Arguments besides the path parameters.
        "body",
        "params",
        "request",
        "response",
        "url",
        "client",
        // Locals of the method bodies.
        "path",
        "parts",
        "status",
        "retry_after",
        "bytes",
        "envelope",
        "reply",
    ];

    /// Methods of the generated `Client`, its own and from the traits it implements; an
    /// operation must not be named after one.
    pub const CLIENT_METHODS: &[&str] = &[
        "new",
        "builder",
        "base_url",
        "for_server",
        "send",
        "http",
        "default",
        "clone",
        "fmt",
    ];
}

/// The words an extra request media-type method adds to its operation's name
/// (`create_pet` + `form`): a short word for the common types, otherwise the subtype's words
/// (`application/xml` gives `xml`, `image/png` gives `png`, `application/vnd.api+json` gives
/// `api json`). `media_type` is lower-case and without parameters.
pub fn media_type_words(media_type: &str) -> String {
    match media_type {
        "application/json" => "json".to_owned(),
        "application/x-www-form-urlencoded" => "form".to_owned(),
        "multipart/form-data" => "multipart".to_owned(),
        "text/plain" => "text".to_owned(),
        "application/octet-stream" => "bytes".to_owned(),
        _ => {
            let subtype = media_type.split_once('/').map_or(media_type, |(_, s)| s);
            let subtype = subtype.strip_prefix("x-").unwrap_or(subtype);
            let subtype = subtype.strip_prefix("vnd.").unwrap_or(subtype);
            subtype.replace(['.', '+', '-'], " ")
        }
    }
}

/// Spelled-out names for punctuation, so symbolic enum values (`+`, `>=`) get readable variants.
const SYMBOLS: &[(char, &str)] = &[
    ('+', "plus"),
    ('-', "minus"),
    ('*', "star"),
    ('/', "slash"),
    ('\\', "backslash"),
    ('<', "lt"),
    ('>', "gt"),
    ('=', "eq"),
    ('!', "not"),
    ('.', "dot"),
    ('@', "at"),
    ('#', "hash"),
    ('$', "dollar"),
    ('%', "percent"),
    ('&', "and"),
    ('|', "pipe"),
    ('~', "tilde"),
    ('^', "caret"),
    ('?', "question"),
    (':', "colon"),
    (',', "comma"),
    (';', "semicolon"),
    ('(', "lparen"),
    (')', "rparen"),
    ('[', "lbracket"),
    (']', "rbracket"),
    ('{', "lbrace"),
    ('}', "rbrace"),
    ('\'', "quote"),
    ('"', "dquote"),
    ('`', "backtick"),
    (' ', "space"),
    ('_', "underscore"),
];

/// Splits a name into words on everything that is not an ASCII letter or digit, keeping the
/// words' own case so heck can find camel-case boundaries. Non-ASCII letters are dropped.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

/// When a name has no letters or digits at all, spell its punctuation out.
fn spell_symbols(raw: &str) -> String {
    let spelled: Vec<&str> = raw
        .chars()
        .filter_map(|c| SYMBOLS.iter().find(|(s, _)| *s == c).map(|(_, w)| *w))
        .collect();
    spelled.join(" ")
}

fn base_words(raw: &str) -> String {
    let w = words(raw);
    // `+1` and `-1` (reaction counts) must not both become `_1`: spell a leading symbol out
    // when only digits follow it.
    if let Some(first) = raw.chars().next() {
        if w.starts_with(|c: char| c.is_ascii_digit())
            && !first.is_ascii_alphanumeric()
            && first != '_'
        {
            if let Some((_, word)) = SYMBOLS.iter().find(|(s, _)| *s == first) {
                return format!("{word} {w}");
            }
        }
    }
    if w.is_empty() {
        let spelled = spell_symbols(raw);
        if spelled.is_empty() {
            "empty".to_owned()
        } else {
            spelled
        }
    } else {
        w
    }
}

/// Makes `candidate` a legal identifier: a leading digit gets a prefix, a keyword a trailing `_`.
fn legalise(candidate: String, digit_prefix: &str) -> String {
    let mut s = candidate;
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, digit_prefix);
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `UpperCamelCase`, keeping a `_` between adjacent digit groups so `0 99999` stays
/// `0_99999` rather than `099999` (rustc's camel-case lint allows `_` between digits).
fn upper_camel(raw: &str) -> String {
    let mut out = String::new();
    for word in base_words(raw).split(' ') {
        let camel = word.to_upper_camel_case();
        if out.ends_with(|c: char| c.is_ascii_digit())
            && camel.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push('_');
        }
        out.push_str(&camel);
    }
    out
}

fn snake(raw: &str) -> String {
    legalise(base_words(raw).to_snake_case(), "_")
}

macro_rules! ident_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The identifier as a token.
            pub fn ident(&self) -> Ident {
                Ident::new(&self.0, Span::call_site())
            }

            /// This name with a numeric suffix, used to break collisions.
            fn suffixed(&self, n: usize) -> Self {
                // `v1` + 2 reads as `v12`; keep the numbers apart.
                if self.0.ends_with(|c: char| c.is_ascii_digit()) {
                    Self(format!("{}_{}", self.0, n))
                } else {
                    Self(format!("{}{}", self.0, n))
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl quote::ToTokens for $name {
            fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
                self.ident().to_tokens(tokens);
            }
        }
    };
}

ident_newtype!(
    /// An `UpperCamelCase` type name (struct, enum, alias).
    TypeName
);
ident_newtype!(
    /// A `snake_case` name for a field, function, argument or module.
    FieldName
);
ident_newtype!(
    /// An `UpperCamelCase` enum variant name.
    VariantName
);

impl TypeName {
    /// Sanitises a schema name; names that would shadow prelude or support types get `Model`.
    pub fn new(raw: &str) -> Self {
        let mut s = upper_camel(raw);
        if RESERVED_TYPES.contains(&s.as_str()) {
            s.push_str("Model");
        }
        Self(legalise(s, "_"))
    }

    /// Joins a parent type name and a child name into a name for an inline schema.
    pub fn child(&self, raw: &str) -> Self {
        Self::new(&format!("{} {}", self.0, base_words(raw)))
    }
}

impl FieldName {
    /// Sanitises a property, parameter or operation name into `snake_case`.
    pub fn new(raw: &str) -> Self {
        Self(snake(raw))
    }

    /// The name the `serde` derive will use for this field when it has no `rename`.
    pub fn serde_name(&self) -> &str {
        &self.0
    }
}

impl VariantName {
    /// Sanitises an enum value or variant label into `UpperCamelCase`.
    pub fn new(raw: &str) -> Self {
        let s = upper_camel(raw);
        if s == "Self" {
            return Self("SelfValue".to_owned());
        }
        Self(legalise(s, "_"))
    }

    /// The name the `serde` derive will use for this variant when it has no `rename`.
    pub fn serde_name(&self) -> &str {
        &self.0
    }
}

/// Hands out unique names in one scope: the first claim of a name gets it as is, later claims
/// get `2`, `3`, … in the order they ask, so the same input always yields the same names.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

/// A name type a [`Scope`] can make unique.
pub trait Unique: Sized {
    /// The text that must be unique.
    fn key(&self) -> &str;
    /// The name with a numeric suffix.
    fn with_suffix(&self, n: usize) -> Self;
}

macro_rules! unique {
    ($name:ident) => {
        impl Unique for $name {
            fn key(&self) -> &str {
                &self.0
            }
            fn with_suffix(&self, n: usize) -> Self {
                self.suffixed(n)
            }
        }
    };
}
unique!(TypeName);
unique!(FieldName);
unique!(VariantName);

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims `name`, or the first free suffixed form of it.
    pub fn claim<N: Unique>(&mut self, name: N) -> N {
        if self.taken.insert(name.key().to_owned()) {
            return name;
        }
        let mut n = 2;
        loop {
            let candidate = name.with_suffix(n);
            if self.taken.insert(candidate.key().to_owned()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_upper_camel() {
        assert_eq!(TypeName::new("customer").as_str(), "Customer");
        assert_eq!(TypeName::new("kyc_status").as_str(), "KycStatus");
        assert_eq!(
            TypeName::new("Customer.Address-v2").as_str(),
            "CustomerAddressV2"
        );
        assert_eq!(TypeName::new("2fa").as_str(), "_2fa");
    }

    #[test]
    fn prelude_names_are_not_shadowed() {
        assert_eq!(TypeName::new("Option").as_str(), "OptionModel");
        assert_eq!(TypeName::new("result").as_str(), "ResultModel");
        assert_eq!(TypeName::new("Self").as_str(), "SelfModel");
        assert_eq!(TypeName::new("self").as_str(), "SelfModel");
        assert_eq!(TypeName::new("Into").as_str(), "IntoModel");
        assert_eq!(TypeName::new("Duration").as_str(), "DurationModel");
    }

    #[test]
    fn fields_are_snake_and_legal() {
        assert_eq!(FieldName::new("firstName").as_str(), "first_name");
        assert_eq!(FieldName::new("type").as_str(), "type_");
        assert_eq!(FieldName::new("self").as_str(), "self_");
        assert_eq!(FieldName::new("Self").as_str(), "self_");
        assert_eq!(FieldName::new("crate").as_str(), "crate_");
        assert_eq!(FieldName::new("async").as_str(), "async_");
        assert_eq!(FieldName::new("2fa").as_str(), "_2fa");
        assert_eq!(FieldName::new("x-request-id").as_str(), "x_request_id");
        assert_eq!(FieldName::new("$ref").as_str(), "ref_");
        assert_eq!(FieldName::new("").as_str(), "empty");
        assert_eq!(FieldName::new("名前").as_str(), "empty");
        assert_eq!(FieldName::new("café au lait").as_str(), "caf_au_lait");
        assert_eq!(FieldName::new("+1").as_str(), "plus_1");
        assert_eq!(FieldName::new("-1").as_str(), "minus_1");
        assert_eq!(FieldName::new("_links").as_str(), "links");
    }

    #[test]
    fn variants_handle_digits_symbols_and_empty() {
        assert_eq!(VariantName::new("_0_99999").as_str(), "_0_99999");
        assert_eq!(
            VariantName::new("_250000000_plus").as_str(),
            "_250000000Plus"
        );
        assert_eq!(VariantName::new("ach_pull").as_str(), "AchPull");
        assert_eq!(VariantName::new("").as_str(), "Empty");
        assert_eq!(VariantName::new("+").as_str(), "Plus");
        assert_eq!(VariantName::new(">=").as_str(), "GtEq");
        assert_eq!(VariantName::new("self").as_str(), "SelfValue");
        assert_eq!(VariantName::new("Self").as_str(), "SelfValue");
    }

    #[test]
    fn collisions_get_deterministic_suffixes() {
        let mut scope = Scope::default();
        let a = scope.claim(FieldName::new("foo_bar"));
        let b = scope.claim(FieldName::new("fooBar"));
        let c = scope.claim(FieldName::new("FooBar"));
        assert_eq!(
            (a.as_str(), b.as_str(), c.as_str()),
            ("foo_bar", "foo_bar2", "foo_bar3")
        );

        let mut types = Scope::default();
        assert_eq!(types.claim(TypeName::new("customer")).as_str(), "Customer");
        assert_eq!(types.claim(TypeName::new("Customer")).as_str(), "Customer2");
        let mut vars = Scope::default();
        assert_eq!(vars.claim(VariantName::new("a")).as_str(), "A");
        assert_eq!(vars.claim(VariantName::new("A")).as_str(), "A2");
        let mut digits = Scope::default();
        assert_eq!(digits.claim(FieldName::new("v1")).as_str(), "v1");
        assert_eq!(digits.claim(FieldName::new("V1")).as_str(), "v1_2");
    }

    #[test]
    fn reserved_names_are_skipped() {
        let mut scope = Scope::with_reserved(&["body", "Unknown"]);
        assert_eq!(scope.claim(FieldName::new("body")).as_str(), "body2");
        assert_eq!(
            scope.claim(VariantName::new("unknown")).as_str(),
            "Unknown2"
        );
    }

    #[test]
    fn every_name_is_a_valid_ident() {
        for raw in [
            "", " ", "-", "0", "type", "Self", "self", "über", "a b c", "__", "9lives",
        ] {
            for s in [
                TypeName::new(raw).0,
                FieldName::new(raw).0,
                VariantName::new(raw).0,
            ] {
                assert!(
                    syn::parse_str::<syn::Ident>(&s).is_ok(),
                    "{raw:?} gave {s:?}"
                );
            }
        }
    }

    #[test]
    fn reserved_names_are_distinct_sanitised_identifiers() {
        for list in [reserved::METHOD_LOCALS, reserved::CLIENT_METHODS] {
            let distinct: BTreeSet<&str> = list.iter().copied().collect();
            assert_eq!(distinct.len(), list.len(), "duplicate in {list:?}");
            for &name in list {
                assert!(syn::parse_str::<syn::Ident>(name).is_ok(), "{name:?}");
                // A `Scope` compares sanitised names, so a reserved name that sanitising
                // would change could never be matched, and would reserve nothing.
                assert_eq!(FieldName::new(name).as_str(), name);
            }
        }
    }

    #[test]
    fn child_names_join_parent_and_field() {
        assert_eq!(
            TypeName::new("Customer").child("address").as_str(),
            "CustomerAddress"
        );
        assert_eq!(
            TypeName::new("Customer")
                .child("verification_levels")
                .as_str(),
            "CustomerVerificationLevels"
        );
    }
}
