//! Diffs two public API surfaces and grades each difference by Cargo's SemVer rules
//! (<https://doc.rust-lang.org/cargo/reference/semver.html>).

use super::surface::{ApiItem, Surface};

/// The version bump a change needs, in Cargo's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// One difference in the public API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiChange {
    /// The item's path (`models::Pet.name`).
    pub path: String,
    /// The type (or function) the item belongs to.
    pub owner: String,
    /// The last segment of the path (field, variant or method name), for matching.
    pub leaf: String,
    pub bump: Bump,
    /// What changed and why it needs that bump.
    pub what: String,
}

fn leaf(path: &str) -> String {
    path.rsplit(['.', ':']).next().unwrap_or(path).to_owned()
}

fn change(path: &str, item: &ApiItem, bump: Bump, what: String) -> ApiChange {
    ApiChange {
        path: path.to_owned(),
        owner: item.owner.clone(),
        leaf: leaf(path),
        bump,
        what,
    }
}

/// A struct that callers can build with a literal (every field public, not
/// `#[non_exhaustive]`): a new field breaks those literals.
fn constructible(s: Option<&ApiItem>) -> bool {
    s.is_some_and(|s| s.kind == "struct" && !s.non_exhaustive && !s.private_fields)
}

/// Every difference between `old` and `new`, sorted by path.
pub fn diff(old: &Surface, new: &Surface) -> Vec<ApiChange> {
    let mut out = Vec::new();
    for (path, before) in old {
        match new.get(path) {
            None => {
                // Removing an item removes its parts too; report the item alone.
                let parent_gone =
                    (before.kind == "field" || before.kind == "variant" || before.kind == "method")
                        && !new.contains_key(&before.owner)
                        && old.contains_key(&before.owner);
                if parent_gone {
                    continue;
                }
                if before.kind == "impl"
                    && !new.contains_key(&before.owner)
                    && old.contains_key(&before.owner)
                {
                    continue;
                }
                let what = match before.kind {
                    "impl" => "trait impl removed".to_owned(),
                    kind => format!("{kind} removed"),
                };
                out.push(change(path, before, Bump::Major, what));
            }
            Some(after) => {
                if let Some(c) = compare(path, before, after) {
                    out.push(c);
                }
            }
        }
    }
    for (path, after) in new {
        if old.contains_key(path) {
            continue;
        }
        let parent = new.get(&after.owner);
        let parent_new =
            !old.contains_key(&after.owner) && parent.is_some() && after.owner != *path;
        if parent_new {
            // Parts of a new item come with it.
            continue;
        }
        let (bump, what) = match after.kind {
            "field" if constructible(parent) => (
                Bump::Major,
                format!("field added (`{}`) to a struct built with literals (all fields public, not `#[non_exhaustive]`)", after.signature),
            ),
            "variant" if parent.is_some_and(|e| !e.non_exhaustive) => (
                Bump::Major,
                format!("variant added (`{}`) to an exhaustive enum: `match`es without a wildcard stop compiling", after.signature),
            ),
            "impl" => (Bump::Minor, "trait impl added".to_owned()),
            kind => (Bump::Minor, format!("{kind} added")),
        };
        out.push(change(path, after, bump, what));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn compare(path: &str, before: &ApiItem, after: &ApiItem) -> Option<ApiChange> {
    if before.kind != after.kind {
        let what = format!(
            "{} became a {} (`{}`)",
            before.kind, after.kind, after.signature
        );
        return Some(change(path, after, Bump::Major, what));
    }
    if before.kind != "impl" && before.signature != after.signature {
        let what = format!(
            "{} changed from `{}` to `{}`",
            before.kind, before.signature, after.signature
        );
        return Some(change(path, after, Bump::Major, what));
    }
    if !before.non_exhaustive && after.non_exhaustive {
        return Some(change(
            path,
            after,
            Bump::Major,
            format!("{} became `#[non_exhaustive]`", after.kind),
        ));
    }
    if before.non_exhaustive && !after.non_exhaustive {
        return Some(change(
            path,
            after,
            Bump::Minor,
            format!("{} is no longer `#[non_exhaustive]`", after.kind),
        ));
    }
    if !before.private_fields && after.private_fields {
        return Some(change(
            path,
            after,
            Bump::Major,
            "struct gained a private field: struct literals stop compiling".into(),
        ));
    }
    None
}

/// The bump a set of changes needs, with `Patch` when only non-API text differs.
pub fn needed(changes: &[ApiChange], sources_differ: bool) -> Bump {
    let most = changes.iter().map(|c| c.bump).max().unwrap_or(Bump::None);
    if most == Bump::None && sources_differ {
        Bump::Patch
    } else {
        most
    }
}
