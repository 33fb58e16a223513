//! `cargo xtask fuzz [--cases N] [--seed N]`: the fuzz tests in a release build with many more
//! cases than CI runs (default 20,000 per property), printing seeds and counts.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::run::{cargo, status, step};

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let mut cases = String::from("20000");
    let mut seed = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--cases" => cases = it.next().context("--cases needs a number")?.clone(),
            "--seed" => seed = Some(it.next().context("--seed needs a number")?.clone()),
            other => {
                bail!("unknown argument {other:?}; usage: cargo xtask fuzz [--cases N] [--seed N]")
            }
        }
    }
    step(&format!("fuzz: {cases} cases per property, release build"));
    let mut cmd = cargo();
    cmd.args([
        "test",
        "--release",
        "-p",
        "integration-tests",
        "--test",
        "it",
        "--",
    ])
    .args([
        "fuzz_pipeline",
        "hostile_json",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("FUZZ_CASES", &cases)
    .current_dir(root);
    if let Some(seed) = seed {
        cmd.env("FUZZ_SEED", seed);
    }
    status(&mut cmd, "the fuzz tests")
}
