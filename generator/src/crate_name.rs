//! The generated crate's name: checked against Cargo's rules before anything is generated, and
//! a fitting name made from free text (an output folder's name) where the caller has none.
//!
//! A name the caller gives is refused with a suggestion rather than changed: they write it in
//! their own `Cargo.toml` and `use` lines, where a silently different name would not be found.

use crate::error::{Error, ErrorKind, Result};
use crate::naming::KEYWORDS;
use crate::pointer::JsonPointer;

/// Crates every program can already name; a library called one of these would be shadowed.
const BUILTIN_CRATES: &[&str] = &["alloc", "core", "proc_macro", "std", "test"];

/// `name` when Cargo accepts it for a package whose library is lint-clean: lowercase ASCII
/// letters, digits, `-` and `_`, starting with a letter, and neither a Rust keyword nor a
/// built-in crate's name (the library is the name with `-` as `_`).
pub fn checked(name: &str) -> Result<&str> {
    if fits(name) {
        return Ok(name);
    }
    Err(Error::at(
        JsonPointer::root(),
        ErrorKind::CrateName {
            name: name.to_owned(),
            hint: normalised(name),
        },
    ))
}

/// `raw` made into a name [`checked`] accepts: lowercased, other characters as `-`, runs of
/// them and the ends trimmed, prefixed with `api-` when it would not start with a letter or
/// is reserved.
pub fn normalised(raw: &str) -> String {
    let mut name = String::new();
    for c in raw.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_owned();
    if fits(&name) {
        name
    } else {
        format!("api-{name}").trim_end_matches('-').to_owned()
    }
}

fn fits(name: &str) -> bool {
    let library = name.replace('-', "_");
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !KEYWORDS.contains(&library.as_str())
        && !BUILTIN_CRATES.contains(&library.as_str())
}

#[cfg(test)]
mod tests {
    use super::{checked, normalised};

    #[test]
    fn cargo_style_names_pass_and_others_are_refused_with_a_suggestion() {
        for ok in ["sphere-api", "stripe_v2", "a1"] {
            assert_eq!(checked(ok).ok(), Some(ok));
        }
        let refused: Vec<String> = ["MyAPI", "my api", "2fa", "self", "proc-macro", "", "é"]
            .iter()
            .map(|name| match checked(name) {
                Ok(_) => format!("{name} accepted"),
                Err(e) => e.to_string(),
            })
            .collect();
        assert_eq!(
            refused[1],
            "crate name \"my api\" is not one Cargo accepts: use lowercase ASCII letters, digits, `-` and `_`, start with a letter, and avoid Rust keywords; try \"my-api\""
        );
        let hints: Vec<&str> = refused
            .iter()
            .map(|message| message.rsplit("try ").next().unwrap_or(""))
            .collect();
        assert_eq!(
            hints,
            [
                "\"myapi\"",
                "\"my-api\"",
                "\"api-2fa\"",
                "\"api-self\"",
                "\"api-proc-macro\"",
                "\"api\"",
                "\"api\""
            ]
        );
    }

    #[test]
    fn generation_refuses_a_bad_name_before_reading_the_spec() {
        let options = crate::Options {
            crate_name: "my api".into(),
            crate_version: "0.1.0".into(),
            standalone: false,
        };
        let spec = b"openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
        let err = crate::generate(spec, std::path::Path::new("spec.yaml"), &options)
            .expect_err("the name is refused");
        assert!(!err.is_bug());
        assert!(err.to_string().ends_with("try \"my-api\""), "{err}");
    }

    #[test]
    fn free_text_is_made_to_fit() {
        let names: Vec<String> = ["Stripe API", "openai.v1", "--x--", "crate"]
            .iter()
            .map(|raw| normalised(raw))
            .collect();
        assert_eq!(names, ["stripe-api", "openai-v1", "x", "api-crate"]);
    }
}
