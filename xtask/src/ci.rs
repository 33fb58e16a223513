//! `cargo xtask ci`: exactly what CI (`.ci/run`) checks, in order: formatting, clippy on the
//! workspace, the generated crate without its client feature (and without reqwest or tokio in
//! its tree), its rustdoc with warnings denied, the spec review against the previous commit,
//! then everything `cargo xtask test` runs.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::run::{cargo, status, step};

pub fn run(root: &Path) -> Result<()> {
    step("cargo fmt --check");
    status(
        cargo()
            .args(["fmt", "--all", "--", "--check"])
            .current_dir(root),
        "cargo fmt --check",
    )?;

    step("cargo clippy (workspace, all targets, -D warnings)");
    status(
        cargo()
            .args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(root),
        "cargo clippy",
    )?;

    step("generated crate without the client feature (no reqwest, no tokio, no tracing)");
    status(
        cargo()
            .args([
                "clippy",
                "-p",
                "sphere-api",
                "--no-default-features",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(root),
        "models-only clippy of sphere-api",
    )?;
    let tree = cargo()
        .args([
            "tree",
            "-p",
            "sphere-api",
            "--no-default-features",
            "-e",
            "normal",
        ])
        .args(["--prefix", "none"])
        .current_dir(root)
        .output()
        .context("cannot run cargo tree")?;
    if !tree.status.success() {
        bail!(
            "cargo tree failed: {}",
            String::from_utf8_lossy(&tree.stderr)
        );
    }
    let tree = String::from_utf8_lossy(&tree.stdout);
    let pulled = http_crates(&tree);
    if !pulled.is_empty() {
        bail!("sphere-api without the client feature still pulls {pulled:?}");
    }
    // With its default features the crate must not depend on `tracing` itself (reqwest's
    // stack does, which is not ours to remove): spans are opt-in.
    let direct = cargo()
        .args(["tree", "-p", "sphere-api", "-e", "normal", "--depth", "1"])
        .args(["--prefix", "none"])
        .current_dir(root)
        .output()
        .context("cannot run cargo tree")?;
    let direct = String::from_utf8_lossy(&direct.stdout);
    if http_crates(&direct).contains(&"tracing") {
        bail!("sphere-api with its default features depends on tracing; it must be opt-in");
    }

    step("rustdoc of the generated crate (-D warnings)");
    status(
        cargo()
            .args(["doc", "-p", "sphere-api", "--no-deps"])
            .env("RUSTDOCFLAGS", "-D warnings")
            .current_dir(root),
        "cargo doc",
    )?;

    step("spec review: the working tree against the previous commit (README: Reviewing a spec change)");
    // Prints the review; fails only when codegen.toml's crate version lacks the bump it needs.
    let has_parent = std::process::Command::new("git")
        .args(["rev-parse", "--verify", "-q", "HEAD~1"])
        .current_dir(root)
        .output()
        .is_ok_and(|o| o.status.success());
    if has_parent {
        let args: Vec<String> = ["--base", "HEAD~1", "--check-version"]
            .map(str::to_owned)
            .to_vec();
        let code = crate::review::run(root, &args);
        if code != std::process::ExitCode::SUCCESS {
            bail!("the spec review failed (see above)");
        }
    } else {
        println!("no previous commit to compare with");
    }

    crate::test::run(root)
}

/// The HTTP crates named in `cargo tree --prefix none` output.
fn http_crates(tree: &str) -> Vec<&str> {
    tree.lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| matches!(*name, "reqwest" | "tokio" | "tracing"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_http_crates_in_a_tree() {
        let clean = "sphere-api v0.1.0 (/x)\nserde v1.0.0\ntokio-util v0.7.0\n";
        assert!(http_crates(clean).is_empty());
        let dirty = "sphere-api v0.1.0 (/x)\nreqwest v0.12.5\ntokio v1.38.0\ntracing v0.1.44\n";
        assert_eq!(http_crates(dirty), ["reqwest", "tokio", "tracing"]);
    }
}
