//! The generated crate's version: where it lives (`codegen.toml`, read by codegen and by
//! review) and whether a version change carries the bump a set of changes needs.

use std::path::Path;

use semver::Version;

use super::api_diff::Bump;

/// The file that holds the generated crate's version, at the repository root.
pub const CONFIG: &str = "codegen.toml";
/// The crate it configures.
pub const CRATE: &str = "sphere-api";
/// The version used before `codegen.toml` existed (and when it is missing).
pub const DEFAULT: &str = "0.1.0";

/// The crate version in the text of a `codegen.toml`.
pub fn from_config(text: &str) -> Result<Version, String> {
    let table: toml::Table = text.parse().map_err(|e| format!("{CONFIG}: {e}"))?;
    let raw = table
        .get(CRATE)
        .and_then(|t| t.get("version"))
        .and_then(|v| v.as_str())
        .ok_or_else(|| format!("{CONFIG}: no `[{CRATE}] version = \"X.Y.Z\"`"))?;
    parse(raw).map_err(|e| format!("{CONFIG}: {e}"))
}

/// The crate version configured in the working tree (the default when there is no config).
pub fn current(root: &Path) -> Result<Version, String> {
    match std::fs::read_to_string(root.join(CONFIG)) {
        Ok(text) => from_config(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => parse(DEFAULT),
        Err(e) => Err(format!("{CONFIG}: {e}")),
    }
}

pub fn parse(text: &str) -> Result<Version, String> {
    Version::parse(text.trim()).map_err(|e| format!("`{text}` is not a version: {e}"))
}

/// The bump going from `old` to `new` amounts to, in Cargo's terms: for `0.y.z` a change of
/// `y` is major and a change of `z` is minor-or-patch, as Cargo treats `0.y` as the major
/// version.
pub fn bump_between(old: &Version, new: &Version) -> Bump {
    if new <= old {
        return Bump::None;
    }
    if old.major > 0 {
        if new.major != old.major {
            Bump::Major
        } else if new.minor != old.minor {
            Bump::Minor
        } else {
            Bump::Patch
        }
    } else if old.minor > 0 {
        // In 0.y.z, y is the compatibility range and a z bump carries additions and fixes.
        if new.major != 0 || new.minor != old.minor {
            Bump::Major
        } else {
            Bump::Minor
        }
    } else {
        // Every 0.0.z release is its own range.
        Bump::Major
    }
}

/// Whether going from `old` to `new` is enough for changes that need `needed`.
pub fn satisfies(old: &Version, new: &Version, needed: Bump) -> bool {
    needed == Bump::None || bump_between(old, new) >= needed
}

/// The smallest version after `old` that carries `needed`.
pub fn suggest(old: &Version, needed: Bump) -> Version {
    let mut v = Version::new(old.major, old.minor, old.patch);
    match (needed, old.major, old.minor) {
        (Bump::None, ..) => return old.clone(),
        (Bump::Major, 0, 0) | (Bump::Minor | Bump::Patch, 0, 0) => v.patch += 1,
        (Bump::Major, 0, _) => {
            v.minor += 1;
            v.patch = 0;
        }
        (Bump::Minor | Bump::Patch, 0, _) => v.patch += 1,
        (Bump::Major, ..) => v = Version::new(old.major + 1, 0, 0),
        (Bump::Minor, ..) => v = Version::new(old.major, old.minor + 1, 0),
        (Bump::Patch, ..) => v.patch += 1,
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        parse(s).expect("version")
    }

    #[test]
    fn bumps_follow_cargo() {
        assert_eq!(bump_between(&v("1.2.3"), &v("2.0.0")), Bump::Major);
        assert_eq!(bump_between(&v("1.2.3"), &v("1.3.0")), Bump::Minor);
        assert_eq!(bump_between(&v("1.2.3"), &v("1.2.4")), Bump::Patch);
        assert_eq!(bump_between(&v("0.1.0"), &v("0.2.0")), Bump::Major);
        assert_eq!(bump_between(&v("0.1.0"), &v("0.1.1")), Bump::Minor);
        assert_eq!(bump_between(&v("0.0.1"), &v("0.0.2")), Bump::Major);
        assert_eq!(bump_between(&v("0.1.0"), &v("0.1.0")), Bump::None);
        assert_eq!(bump_between(&v("0.2.0"), &v("0.1.0")), Bump::None);
    }

    #[test]
    fn suggestions_satisfy_the_need() {
        for old in ["0.0.3", "0.1.0", "0.4.2", "1.0.0", "2.3.4"] {
            for need in [Bump::Patch, Bump::Minor, Bump::Major] {
                let next = suggest(&v(old), need);
                assert!(
                    satisfies(&v(old), &next, need),
                    "{old} -> {next} for {need:?}"
                );
            }
        }
        assert_eq!(suggest(&v("0.1.0"), Bump::Major), v("0.2.0"));
        assert_eq!(suggest(&v("0.1.0"), Bump::Minor), v("0.1.1"));
        assert_eq!(suggest(&v("1.4.2"), Bump::Minor), v("1.5.0"));
        assert!(!satisfies(&v("0.1.0"), &v("0.1.1"), Bump::Major));
    }
}
