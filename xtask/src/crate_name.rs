//! The generated crate's name: a name given with `--crate-name` is checked against Cargo's
//! rules and refused with a suggestion when it breaks them, since the caller will write it in
//! their own `Cargo.toml` and `use` lines and a silently changed name would not be found; a
//! name derived from the output folder is made to fit instead.

use anyhow::{bail, Result};

/// Words a library cannot be named: Rust's keywords (the library's name is the crate name
/// with `-` as `_`), and the crates every program can already name.
const RESERVED: &[&str] = &[
    "abstract",
    "as",
    "async",
    "await",
    "become",
    "box",
    "break",
    "const",
    "continue",
    "crate",
    "do",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "final",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "macro",
    "match",
    "mod",
    "move",
    "mut",
    "override",
    "priv",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "try",
    "type",
    "typeof",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
    "alloc",
    "core",
    "proc_macro",
    "std",
    "test",
];

/// `name` if Cargo accepts it as a package whose library is lint-clean: lowercase ASCII
/// letters, digits, `-` and `_`, starting with a letter, and no reserved word.
pub fn checked(name: &str) -> Result<String> {
    if fits(name) {
        return Ok(name.to_owned());
    }
    let hint = normalised(name);
    bail!(
        "--crate-name {name:?}: a crate name is made of lowercase ASCII letters, digits, `-` \
         and `_`, starts with a letter and is not a Rust keyword; try {hint:?}"
    )
}

/// `raw` made into a name `checked` accepts: lowercased, other characters as `-`, runs of
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
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !RESERVED.contains(&name.replace('-', "_").as_str())
}

#[cfg(test)]
mod tests {
    use super::{checked, normalised};

    #[test]
    fn cargo_style_names_pass_and_others_are_refused_with_a_suggestion() {
        for ok in ["sphere-api", "stripe_v2", "a1"] {
            assert_eq!(checked(ok).ok().as_deref(), Some(ok));
        }
        let refused: Vec<String> = ["MyAPI", "my api", "2fa", "self", "proc-macro", "", "é"]
            .iter()
            .map(|name| match checked(name) {
                Ok(_) => format!("{name} accepted"),
                Err(e) => e.to_string(),
            })
            .map(|message| message.rsplit("try ").next().unwrap_or("").to_owned())
            .collect();
        assert_eq!(
            refused,
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
    fn folder_names_are_made_to_fit() {
        let names: Vec<String> = ["Stripe API", "openai.v1", "--x--", "crate"]
            .iter()
            .map(|raw| normalised(raw))
            .collect();
        assert_eq!(names, ["stripe-api", "openai-v1", "x", "api-crate"]);
    }
}
