//! Running the commands of a check: a heading per step, and failure when one fails.

use std::process::Command;

use anyhow::{bail, Context, Result};

/// Prints the heading of a step.
pub fn step(name: &str) {
    println!("\n==> {name}");
}

/// Runs `cmd`, failing unless it succeeds.
pub fn status(cmd: &mut Command, what: &str) -> Result<()> {
    let st = cmd
        .status()
        .with_context(|| format!("cannot start {what}"))?;
    if !st.success() {
        bail!("{what} failed ({st})");
    }
    Ok(())
}

/// `cargo` with the caller's test-tuning variables removed (`INSTA_*`, `FUZZ_*`), so what a
/// check runs does not depend on the shell it was started from, and snapshots never update.
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (name, _) in std::env::vars_os() {
        let text = name.to_string_lossy();
        if text.starts_with("INSTA_") || text.starts_with("FUZZ_") {
            cmd.env_remove(&name);
        }
    }
    // A snapshot that differs fails the test; it is never written or accepted.
    cmd.env("INSTA_UPDATE", "no");
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_drops_inherited_test_variables_and_sets_its_own() {
        // Only this test uses these names, so setting them cannot disturb another test.
        std::env::set_var("INSTA_FORCE_PASS", "1");
        std::env::set_var("FUZZ_CASES", "0");
        let cmd = cargo();
        let envs: Vec<(String, Option<String>)> = cmd
            .get_envs()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.map(|v| v.to_string_lossy().into_owned()),
                )
            })
            .collect();
        assert!(
            envs.contains(&("INSTA_FORCE_PASS".into(), None)),
            "{envs:?}"
        );
        assert!(envs.contains(&("FUZZ_CASES".into(), None)), "{envs:?}");
        assert!(
            envs.contains(&("INSTA_UPDATE".into(), Some("no".into()))),
            "{envs:?}"
        );
    }
}
