//! `cargo xtask test`: lints the spec with the pinned tools (installed again when their
//! lockfiles change), checks `generated/` is fresh, starts Prism on a free port for the contract
//! tests, and runs every Rust test and doctest with a clean test environment (see
//! [`crate::run::cargo`]). Prism is stopped whatever happens, Ctrl-C included.

use std::path::Path;
use std::process::Command;

use anyhow::Result;

use crate::prism::Prism;
use crate::run::{cargo, status, step};
use crate::tools;

pub fn run(root: &Path) -> Result<()> {
    tools::npm(root)?;
    let python = tools::venv(root)?;

    step("redocly lint spec/sphere.yaml");
    status(
        Command::new(root.join("node_modules/.bin/redocly"))
            .args(["lint", "spec/sphere.yaml"])
            .current_dir(root),
        "redocly lint",
    )?;

    step("openapi-spec-validator spec/sphere.yaml");
    status(
        Command::new(&python)
            .args(["-m", "openapi_spec_validator", "spec/sphere.yaml"])
            .current_dir(root),
        "openapi-spec-validator",
    )?;

    step("cargo xtask codegen --check");
    status(
        cargo()
            .args(["xtask", "codegen", "--check"])
            .current_dir(root),
        "codegen --check",
    )?;

    step("prism mock spec/sphere.yaml on a free port");
    let prism = Prism::start(root, "spec/sphere.yaml")?;
    println!("prism listens on {}", prism.url);

    step("cargo test --workspace");
    status(
        cargo()
            .args(["test", "--workspace", "--all-targets"])
            .env("SPHERE_MOCK_URL", &prism.url)
            // The contract test fails rather than skips when the URL is missing.
            .env("CI", "1")
            .current_dir(root),
        "cargo test",
    )?;
    status(
        cargo()
            .args(["test", "--workspace", "--doc"])
            .current_dir(root),
        "cargo test --doc",
    )?;
    drop(prism);
    Ok(())
}
