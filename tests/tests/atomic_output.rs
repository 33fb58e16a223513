//! Nothing is lost: a failed run, or a run killed just before it swaps its output in, leaves
//! the previous output byte-identical, and the next run cleans up what the killed one left.
//! Failed runs go through the real `xtask` binary; the killed one is this test binary run
//! again as a child ([`child_writer`]) doing what `xtask codegen` does, so the process that
//! is killed is always built from this very source, even in a target folder other checkouts
//! share.

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use generator::output::{PAUSE_ENV, PAUSE_MARKER};

/// Every file below `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("below dir").to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("read file"));
            }
        }
    }
    out
}

/// Names in `parent` other than `keep`: staging leftovers.
fn junk(parent: &Path, keep: &str) -> Vec<String> {
    std::fs::read_dir(parent)
        .expect("read parent")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != keep && n.starts_with('.'))
        .collect()
}

fn codegen(spec: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(support::xtask());
    cmd.args(["codegen", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .env_remove(PAUSE_ENV);
    cmd
}

/// This test binary, run as [`child_writer`] on `spec` into `out`.
fn writer(spec: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("test binary"));
    cmd.args([
        "--exact",
        "child_writer",
        "--nocapture",
        "--test-threads",
        "1",
    ])
    .env(CHILD_SPEC, spec)
    .env(CHILD_OUT, out)
    .env_remove(PAUSE_ENV);
    cmd
}

const CHILD_SPEC: &str = "ATOMIC_OUTPUT_CHILD_SPEC";
const CHILD_OUT: &str = "ATOMIC_OUTPUT_CHILD_OUT";

/// Not a test on its own: with the env vars above set, generates the spec into the folder as
/// `xtask codegen --spec --out` does (the pause env var makes it wait before the swap).
#[test]
fn child_writer() {
    let (Some(spec), Some(out)) = (std::env::var_os(CHILD_SPEC), std::env::var_os(CHILD_OUT))
    else {
        return;
    };
    let bytes = std::fs::read(&spec).expect("spec");
    let options = generator::Options {
        crate_name: "api".into(),
        crate_version: "0.1.0".into(),
        standalone: true,
    };
    let files = generator::generate(&bytes, Path::new(&spec), &options).expect("generates");
    generator::output::write_dir(Path::new(&out), &files).expect("writes");
}

fn small_spec(title: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo:\n  title: {title}\n  version: '1'\npaths: {{}}\ncomponents:\n  schemas:\n    {title}:\n      type: object\n      properties:\n        id:\n          type: string\n"
    )
}

#[test]
fn failed_and_killed_runs_leave_previous_output_intact() {
    let work = support::scratch("atomic");
    let out = work.join("api");
    let sphere = support::root().join("spec/sphere.yaml");

    // A first, good run.
    let st = codegen(&sphere, &out).output().expect("runs");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let before = snapshot(&out);
    assert!(before.contains_key(Path::new("src/models.rs")));

    // A run on a broken spec fails and touches nothing.
    let bad = support::root().join("tests/bad-specs/dangling_ref.yaml");
    let st = codegen(&bad, &out).output().expect("runs");
    assert!(!st.status.success());
    assert_eq!(snapshot(&out), before, "a failed run changed the output");
    assert!(junk(&work, "api").is_empty(), "{:?}", junk(&work, "api"));

    // A run on a different spec, killed once its new tree is staged, just before the swap.
    let other = work.join("other.yaml");
    std::fs::write(&other, small_spec("Other")).expect("write spec");
    let mut child = writer(&other, &out)
        .env(PAUSE_ENV, "60000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let stderr = child.stderr.take().expect("piped");
    let mut lines = BufReader::new(stderr).lines();
    let paused = lines.any(|l| l.is_ok_and(|l| l.contains(PAUSE_MARKER)));
    assert!(paused, "the run never reached the swap");
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reaped");
    assert!(!status.success());
    assert_eq!(snapshot(&out), before, "a killed run changed the output");
    assert!(
        !junk(&work, "api").is_empty(),
        "expected the killed run's staging folder (else the kill came too late to test)"
    );

    // The next run succeeds, replaces the output, and removes the killed run's leftovers.
    let st = writer(&other, &out).output().expect("runs");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let after = snapshot(&out);
    assert_ne!(after, before);
    assert!(
        String::from_utf8_lossy(&after[Path::new("src/models.rs")]).contains("pub struct Other")
    );
    assert!(junk(&work, "api").is_empty(), "{:?}", junk(&work, "api"));
    let _ = std::fs::remove_dir_all(&work);
}
