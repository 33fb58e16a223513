//! Writing a generated crate to disk: atomically for whole directories, only-if-changed for
//! single files, and a check mode that reports staleness instead of writing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// A generated crate: relative path → file contents.
pub type Files = BTreeMap<PathBuf, String>;

/// How a file on disk differs from what was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The file does not exist yet.
    Added(PathBuf),
    /// The file exists with other contents.
    Modified(PathBuf),
    /// The file exists but would no longer be generated.
    Removed(PathBuf),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added(p) => write!(f, "added    {}", p.display()),
            Change::Modified(p) => write!(f, "modified {}", p.display()),
            Change::Removed(p) => write!(f, "removed  {}", p.display()),
        }
    }
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::at(
        "",
        ErrorKind::Io(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        )),
    )
}

/// Every file below `dir`, relative to it, sorted.
/// What cargo leaves in a crate built in place (`target/`, and `Cargo.lock` for a standalone
/// crate): not generated, so neither compared nor removed, and carried over on a rewrite.
const NOT_OURS: &[&str] = &["target", "Cargo.lock"];

fn existing_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).map_err(|e| io_error(&d, e))? {
            let entry = entry.map_err(|e| io_error(&d, e))?;
            let path = entry.path();
            if entry.file_type().map_err(|e| io_error(&path, e))?.is_dir() {
                if d == dir
                    && path
                        .file_name()
                        .is_some_and(|n| NOT_OURS.iter().any(|o| n == *o))
                {
                    continue;
                }
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                if rel.to_str().is_some_and(|r| NOT_OURS.contains(&r)) {
                    continue;
                }
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// What writing `files` to `dir` would change, without writing anything.
pub fn diff_dir(dir: &Path, files: &Files) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        match fs::read(&path) {
            Ok(bytes) if bytes == text.as_bytes() => {}
            Ok(_) => changes.push(Change::Modified(rel.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                changes.push(Change::Added(rel.clone()))
            }
            Err(e) => return Err(io_error(&path, e)),
        }
    }
    for rel in existing_files(dir)? {
        if !files.contains_key(&rel) {
            changes.push(Change::Removed(rel));
        }
    }
    changes.sort_by(|a, b| change_path(a).cmp(change_path(b)));
    Ok(changes)
}

fn change_path(c: &Change) -> &Path {
    match c {
        Change::Added(p) | Change::Modified(p) | Change::Removed(p) => p,
    }
}

/// Prefix of the sibling folders a write stages in; `.NAME.codegen-new-PID` holds the new tree
/// while it is written, `.NAME.codegen-old-PID` the previous one during the swap.
fn staging_prefix(name: &str) -> String {
    format!(".{name}.codegen-")
}

/// Whether the process `pid` may still be running (so its staging folder is not stale).
fn may_be_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    // Without /proc (not Linux) there is no cheap check; a leftover is then presumed dead.
    proc.is_dir() && proc.join(pid.to_string()).exists()
}

/// Cleans up after runs that were killed: puts back a previous tree that was moved aside but
/// never replaced (killed between the two renames of the swap), and removes staging folders
/// of processes that are gone.
fn recover(parent: &Path, name: &str, dir: &Path) -> Result<()> {
    let prefix = staging_prefix(name);
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let (is_old, pid) = match (rest.strip_prefix("old-"), rest.strip_prefix("new-")) {
            (Some(pid), _) => (true, pid),
            (_, Some(pid)) => (false, pid),
            _ => continue,
        };
        if pid.parse().is_ok_and(may_be_alive) {
            continue;
        }
        leftovers.push((entry.path(), is_old));
    }
    for (path, is_old) in leftovers {
        if is_old && !dir.exists() {
            fs::rename(&path, dir).map_err(|e| io_error(&path, e))?;
        } else {
            fs::remove_dir_all(&path).map_err(|e| io_error(&path, e))?;
        }
    }
    Ok(())
}

/// Makes `dir` hold exactly `files`. The new tree is written to a sibling temporary folder and
/// swapped in with renames, so a failure (or a kill) at any point leaves either the old tree or
/// the new one, never a mix; the next run cleans up what a killed one left. Returns what
/// changed; nothing is touched when nothing did.
pub fn write_dir(dir: &Path, files: &Files) -> Result<Vec<Change>> {
    write_dir_pausing(dir, files, || {})
}

/// Test hook, not part of the API: [`write_dir`], calling `before_swap` once the new tree is
/// fully staged, just before the swap. The atomic-output test pauses there (through `xtask
/// codegen`'s hidden `--pause-before-swap-ms`) to kill the process in that window; the
/// production path passes a no-op, so no environment variable or flag is consulted there.
#[doc(hidden)]
pub fn write_dir_pausing(
    dir: &Path,
    files: &Files,
    before_swap: impl FnOnce(),
) -> Result<Vec<Change>> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    recover(&parent, &name, dir)?;
    let changes = diff_dir(dir, files)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
    let prefix = staging_prefix(&name);
    let staging = parent.join(format!("{prefix}new-{}", std::process::id()));
    let old = parent.join(format!("{prefix}old-{}", std::process::id()));
    let result = (|| {
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| io_error(&staging, e))?;
        }
        fs::create_dir_all(&staging).map_err(|e| io_error(&staging, e))?;
        for (rel, text) in files {
            let path = staging.join(rel);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p).map_err(|e| io_error(p, e))?;
            }
            fs::write(&path, text).map_err(|e| io_error(&path, e))?;
        }
        before_swap();
        if dir.exists() {
            fs::rename(dir, &old).map_err(|e| io_error(dir, e))?;
        }
        fs::rename(&staging, dir).map_err(|e| io_error(dir, e))?;
        // Keep what the generator does not own.
        for name in NOT_OURS {
            let kept = old.join(name);
            if kept.exists() && !files.contains_key(Path::new(name)) {
                fs::rename(&kept, dir.join(name)).map_err(|e| io_error(&kept, e))?;
            }
        }
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| io_error(&old, e))?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
        if old.exists() && !dir.exists() {
            let _ = fs::rename(&old, dir);
        }
    }
    result.map(|()| changes)
}

/// Writes one file if its contents differ; in check mode, fails instead, naming `fix`, the
/// command that brings it up to date. Returns whether it changed.
pub fn ensure_file_contents(path: &Path, contents: &str, check: bool, fix: &str) -> Result<bool> {
    match fs::read(path) {
        Ok(old) if old == contents.as_bytes() => return Ok(false),
        Ok(_) | Err(_) if check => {
            return Err(Error::at(
                "",
                ErrorKind::Io(std::io::Error::other(format!(
                    "{} is out of date; run `{fix}`",
                    path.display()
                ))),
            ))
        }
        _ => {}
    }
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).map_err(|e| io_error(p, e))?;
    }
    let tmp = path.with_extension("codegen-tmp");
    fs::write(&tmp, contents).map_err(|e| io_error(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| io_error(path, e))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, t)| (PathBuf::from(p), (*t).to_owned()))
            .collect()
    }

    #[test]
    fn write_dir_replaces_whole_tree_and_reports_changes() {
        let tmp = std::env::temp_dir().join(format!("gen-out-test-{}", std::process::id()));
        let dir = tmp.join("crate");
        let _ = fs::remove_dir_all(&tmp);
        let first = files(&[("Cargo.toml", "a"), ("src/lib.rs", "b")]);
        assert_eq!(write_dir(&dir, &first).expect("write").len(), 2);
        assert!(
            write_dir(&dir, &first).expect("rewrite").is_empty(),
            "no change, no write"
        );
        let second = files(&[("Cargo.toml", "a2")]);
        let changes = write_dir(&dir, &second).expect("write");
        assert_eq!(
            changes,
            vec![
                Change::Modified("Cargo.toml".into()),
                Change::Removed("src/lib.rs".into())
            ]
        );
        assert!(!dir.join("src/lib.rs").exists());
        assert!(diff_dir(&dir, &second).expect("diff").is_empty());
        let _ = fs::remove_dir_all(&tmp);
    }

    #[test]
    fn write_dir_recovers_what_a_killed_run_left() {
        let tmp = std::env::temp_dir().join(format!("gen-recover-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let dir = tmp.join("crate");
        let first = files(&[("Cargo.toml", "a")]);
        write_dir(&dir, &first).expect("write");
        // Killed mid-swap: the old tree moved aside, the new one staged, `dir` gone. PID 0 is
        // never a user process, so these leftovers count as dead.
        fs::rename(&dir, tmp.join(".crate.codegen-old-0")).expect("move aside");
        fs::create_dir_all(tmp.join(".crate.codegen-new-0/src")).expect("stage");
        assert!(diff_dir(&dir, &first).expect("diff").len() == 1);
        assert!(write_dir(&dir, &first).expect("recover").is_empty());
        assert_eq!(
            fs::read_to_string(dir.join("Cargo.toml")).expect("read"),
            "a"
        );
        let names: Vec<_> = fs::read_dir(&tmp)
            .expect("list")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("crate")]);
        let _ = fs::remove_dir_all(&tmp);
    }

    #[test]
    fn ensure_file_contents_checks_without_writing() {
        let tmp = std::env::temp_dir().join(format!("gen-efc-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let path = tmp.join("f.txt");
        let err = ensure_file_contents(&path, "x", true, "cargo xtask codegen")
            .expect_err("missing file is stale");
        assert!(err.to_string().contains("cargo xtask codegen"));
        assert!(!path.exists());
        assert!(ensure_file_contents(&path, "x", false, "").expect("write"));
        assert!(!ensure_file_contents(&path, "x", true, "").expect("fresh"));
        let _ = fs::remove_dir_all(&tmp);
    }
}
