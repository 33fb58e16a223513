//! `cargo xtask review`: what a spec change does to HTTP clients (the wire) and to code that
//! imports the generated crate (its public API and SemVer bump).
//!
//! ```text
//! cargo xtask review OLD NEW [--format markdown|json|github] [--check-version --old-version V --new-version V]
//! cargo xtask review --base GIT_REF [SPEC] [--format ...] [--check-version]
//! ```
//!
//! Exit status: 0 nothing breaking, 1 something breaking (wire-breaking, or a major crate bump),
//! 2 the specs could not be compared. When the generator rejects a side the crate bump is
//! unknown: the status then follows the wire alone, and the report warns. With
//! `--check-version` the status is about the version alone: 1 when the crate version did not
//! get the bump the changes need, or when that bump is unknown.

mod api_diff;
mod effects;
mod report;
mod sides;
mod surface;
pub mod version;
mod wire;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use report::{CrateVerdict, Report, VersionCheck};
use sides::{LoadError, Side};

const USAGE: &str = "\
usage:
  cargo xtask review OLD NEW [--format markdown|json|github]
                     [--check-version --old-version X.Y.Z --new-version X.Y.Z]
  cargo xtask review --base GIT_REF [SPEC] [--format markdown|json|github] [--check-version]";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Json,
    Github,
}

struct Args {
    files: Vec<PathBuf>,
    base: Option<String>,
    format: Format,
    check_version: bool,
    old_version: Option<String>,
    new_version: Option<String>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut out = Args {
        files: Vec::new(),
        base: None,
        format: Format::Markdown,
        check_version: false,
        old_version: None,
        new_version: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |what: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs {what}"))
        };
        match arg.as_str() {
            "--base" => out.base = Some(value("a git ref")?),
            "--format" => {
                out.format = match value("a format")?.as_str() {
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    "github" => Format::Github,
                    other => {
                        return Err(format!(
                            "unknown format {other:?} (markdown, json or github)"
                        ))
                    }
                }
            }
            "--check-version" => out.check_version = true,
            "--old-version" => out.old_version = Some(value("a version")?),
            "--new-version" => out.new_version = Some(value("a version")?),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag:?}")),
            file => out.files.push(PathBuf::from(file)),
        }
    }
    match (&out.base, out.files.len()) {
        (None, 2) | (Some(_), 0 | 1) => Ok(out),
        _ => Err("give two spec files, or --base GIT_REF and at most one spec".into()),
    }
}

/// Runs the command; `root` is the repository root (for `--base` and `codegen.toml`).
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match review(root, &args) {
        Ok((text, code)) => {
            print!("{text}");
            ExitCode::from(code)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The configured spec path (relative to the root) for `--base` without a SPEC.
fn configured_spec(root: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root.join(version::CONFIG)).unwrap_or_default();
    text.parse::<toml::Table>()
        .ok()
        .and_then(|t| {
            t.get(version::CRATE)?
                .get("spec")?
                .as_str()
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| PathBuf::from("spec/sphere.yaml"))
}

fn load(root: &Path, args: &Args) -> Result<(Side, Side), LoadError> {
    match &args.base {
        Some(git_ref) => {
            let spec = args
                .files
                .first()
                .cloned()
                .unwrap_or_else(|| configured_spec(root));
            let rel = spec
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or(spec);
            let old = Side::from_git(root, git_ref, &rel)?;
            let new = Side::from_file(&root.join(&rel)).map(|mut s| {
                s.label = rel.display().to_string();
                s
            })?;
            Ok((old, new))
        }
        None => Ok((
            Side::from_file(&args.files[0])?,
            Side::from_file(&args.files[1])?,
        )),
    }
}

/// The crate versions of both sides: from the flags, or from `codegen.toml` at the base ref
/// and in the working tree.
fn versions(root: &Path, args: &Args) -> Result<(semver::Version, semver::Version), LoadError> {
    let err = |e: String| LoadError(e);
    match (&args.old_version, &args.new_version, &args.base) {
        (Some(a), Some(b), _) => Ok((
            version::parse(a).map_err(err)?,
            version::parse(b).map_err(err)?,
        )),
        (None, None, Some(git_ref)) => {
            let old = match sides::git_show(root, git_ref, version::CONFIG) {
                Ok(bytes) => version::from_config(&String::from_utf8_lossy(&bytes))
                    .map_err(|e| LoadError(format!("{git_ref}:{e}")))?,
                // Before the file existed the crate was always generated as 0.1.0.
                Err(_) => version::parse(version::DEFAULT).map_err(err)?,
            };
            Ok((old, version::current(root).map_err(err)?))
        }
        _ => Err(LoadError(
            "--check-version on two files needs --old-version and --new-version".into(),
        )),
    }
}

fn review(root: &Path, args: &Args) -> Result<(String, u8), LoadError> {
    let (old, new) = load(root, args)?;
    let wire = wire::compare(&old, &new);
    // The wire half needs only the JSON; when the generator rejects a side (an OpenAPI 3.1
    // construct, say), the review goes on without the crate half and says so.
    let (api_changes, crate_semver) = match effects::crate_diff(&old, &new) {
        Ok(diff) => (diff.changes, CrateVerdict::Known(diff.bump)),
        Err(e) => (Vec::new(), CrateVerdict::Unknown(e)),
    };
    let entries = effects::join(&old, &new, wire, &api_changes);
    let mut report = Report {
        old_label: old.label.clone(),
        new_label: new.label.clone(),
        entries,
        crate_semver,
        version: None,
    };
    if args.check_version {
        let (a, b) = versions(root, args)?;
        let needed = match report.crate_semver {
            CrateVerdict::Known(bump) => Some(bump),
            CrateVerdict::Unknown(_) => None,
        };
        report.version = Some(VersionCheck {
            ok: needed.is_some_and(|n| version::satisfies(&a, &b, n)),
            suggestion: needed.map_or_else(String::new, |n| version::suggest(&a, n).to_string()),
            old: a.to_string(),
            new: b.to_string(),
            needed,
        });
    }
    let text = match args.format {
        Format::Markdown => report::markdown(&report),
        Format::Json => report::json(&report),
        Format::Github => report::github(&report),
    };
    let code = match &report.version {
        Some(v) => u8::from(!v.ok),
        None => u8::from(
            report.wire_breaking()
                || matches!(
                    report.crate_semver,
                    CrateVerdict::Known(api_diff::Bump::Major)
                ),
        ),
    };
    Ok((text, code))
}
