//! The pinned npm and PyPI tools, installed again whenever their lockfile changes: each install
//! leaves a stamp holding the hash of the lockfile it came from.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::run::{status, step};

/// FNV-1a, 64 bits: enough to notice a changed lockfile, with no dependency.
fn fnv1a(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Whether `stamp` records the current hash of `lockfile`; the hash to record either way.
fn fresh(lockfile: &Path, stamp: &Path) -> Result<(bool, String)> {
    let bytes =
        std::fs::read(lockfile).with_context(|| format!("cannot read {}", lockfile.display()))?;
    let hash = fnv1a(&bytes);
    let recorded = std::fs::read_to_string(stamp).unwrap_or_default();
    Ok((recorded.trim() == hash, hash))
}

/// `npm ci` unless `node_modules` came from this very `package-lock.json`.
pub fn npm(root: &Path) -> Result<()> {
    step("npm ci (pinned Redocly CLI and Prism)");
    let stamp = root.join("node_modules/.xtask-lock-hash");
    let (fresh, hash) = fresh(&root.join("package-lock.json"), &stamp)?;
    if fresh {
        println!("node_modules matches package-lock.json");
        return Ok(());
    }
    status(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(root),
        "npm ci",
    )?;
    std::fs::write(&stamp, hash).with_context(|| format!("cannot write {}", stamp.display()))
}

/// The Python venv with openapi-spec-validator, made again from scratch when
/// `requirements-spec.txt` changed. Returns its `python`.
pub fn venv(root: &Path) -> Result<std::path::PathBuf> {
    step("Python venv (pinned openapi-spec-validator)");
    let venv = root.join("target/spec-venv");
    let python = venv.join("bin/python");
    let stamp = venv.join(".xtask-requirements-hash");
    let (fresh, hash) = fresh(&root.join("requirements-spec.txt"), &stamp)?;
    if fresh && python.exists() {
        println!("target/spec-venv matches requirements-spec.txt");
        return Ok(python);
    }
    if venv.exists() {
        std::fs::remove_dir_all(&venv)
            .with_context(|| format!("cannot remove {}", venv.display()))?;
    }
    status(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv",
    )?;
    status(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                "requirements-spec.txt",
            ])
            .current_dir(root),
        "pip install -r requirements-spec.txt",
    )?;
    std::fs::write(&stamp, hash).with_context(|| format!("cannot write {}", stamp.display()))?;
    Ok(python)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_fnv1a_and_stamps_compare_it() {
        // FNV-1a's published test vectors.
        assert_eq!(fnv1a(b""), "cbf29ce484222325");
        assert_eq!(fnv1a(b"a"), "af63dc4c8601ec8c");
        let dir = std::env::temp_dir().join(format!("xtask-stamp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let (lock, stamp) = (dir.join("lock"), dir.join("stamp"));
        std::fs::write(&lock, "v1").expect("write");
        let (ok, hash) = fresh(&lock, &stamp).expect("reads");
        assert!(!ok, "no stamp yet");
        std::fs::write(&stamp, &hash).expect("write");
        assert!(fresh(&lock, &stamp).expect("reads").0);
        std::fs::write(&lock, "v2").expect("write");
        assert!(!fresh(&lock, &stamp).expect("reads").0, "lockfile changed");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
