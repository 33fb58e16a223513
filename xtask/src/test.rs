//! `cargo xtask test`: everything CI checks, in one command. Installs the pinned npm and PyPI
//! tools, lints the spec, starts the Prism mock server from the spec on 127.0.0.1 for the
//! contract tests, runs every Rust test, and stops Prism whatever happened.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// Where the contract tests find the mock server.
const MOCK_ADDR: &str = "127.0.0.1:4010";

fn step(name: &str) {
    println!("\n==> {name}");
}

fn status(cmd: &mut Command, what: &str) -> Result<()> {
    let st = cmd
        .status()
        .with_context(|| format!("cannot start {what}"))?;
    if !st.success() {
        bail!("{what} failed ({st})");
    }
    Ok(())
}

/// Stops the mock server when dropped, on success, failure or panic alike.
struct Mock(Child);

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run(root: &Path) -> Result<ExitCode> {
    step("npm ci (pinned Redocly CLI and Prism)");
    if !root.join("node_modules/.package-lock.json").exists() {
        status(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(root),
            "npm ci",
        )?;
    }

    step("redocly lint spec/sphere.yaml");
    status(
        Command::new(root.join("node_modules/.bin/redocly"))
            .args(["lint", "spec/sphere.yaml"])
            .current_dir(root),
        "redocly lint",
    )?;

    step("openapi-spec-validator spec/sphere.yaml");
    let venv = root.join("target/spec-venv");
    let python = venv.join("bin/python");
    if !python.exists() {
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
    }
    status(
        Command::new(&python)
            .args(["-m", "openapi_spec_validator", "spec/sphere.yaml"])
            .current_dir(root),
        "openapi-spec-validator",
    )?;

    step("cargo xtask codegen --check");
    status(
        Command::new("cargo")
            .args(["xtask", "codegen", "--check"])
            .current_dir(root),
        "codegen --check",
    )?;

    step(&format!("prism mock spec/sphere.yaml on {MOCK_ADDR}"));
    if TcpStream::connect(MOCK_ADDR).is_ok() {
        bail!("something already listens on {MOCK_ADDR}; stop it first");
    }
    let log = std::fs::File::create(root.join("target/prism.log"))
        .context("cannot create target/prism.log")?;
    let (host, port) = MOCK_ADDR.split_once(':').unwrap_or(("127.0.0.1", "4010"));
    let child = Command::new(root.join("node_modules/.bin/prism"))
        .args([
            "mock",
            "--host",
            host,
            "--port",
            port,
            "--errors",
            "spec/sphere.yaml",
        ])
        .current_dir(root)
        .stdout(Stdio::from(log.try_clone()?))
        .stderr(Stdio::from(log))
        .stdin(Stdio::null())
        .spawn()
        .context("cannot start prism")?;
    let _mock = Mock(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(MOCK_ADDR).is_err() {
        if Instant::now() > deadline {
            bail!("prism did not start within 60 s; see target/prism.log");
        }
        std::thread::sleep(Duration::from_millis(200));
    }

    step("cargo test --workspace");
    status(
        Command::new("cargo")
            .args(["test", "--workspace", "--all-targets"])
            .env("SPHERE_MOCK_URL", format!("http://{MOCK_ADDR}"))
            .current_dir(root),
        "cargo test",
    )?;
    status(
        Command::new("cargo")
            .args(["test", "--workspace", "--doc"])
            .current_dir(root),
        "cargo test --doc",
    )?;
    Ok(ExitCode::SUCCESS)
}
