//! Helpers shared by the hardening tests: where things are, and the built `xtask` binary.

#![allow(dead_code)] // Each test file uses its own subset.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The `xtask` binary, built once per test process. `CARGO_BIN_EXE_xtask` only exists inside
/// the xtask package, so this builds it with the cargo running the tests (cheap when fresh)
/// and finds it next to this test binary's `deps/` folder.
pub fn xtask() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "--package", "xtask"])
            .current_dir(root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo build -p xtask failed");
        let exe = std::env::current_exe().expect("test binary path");
        // target/<profile>/deps/<test> → target/<profile>/xtask
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("test binary sits in target/<profile>/deps");
        let bin = profile_dir.join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} not found", bin.display());
        bin
    })
}

/// A fresh empty folder under the target dir for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}
