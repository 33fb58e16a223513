//! Nothing is lost: a failed run, or a run killed just before it swaps its output in, leaves
//! the previous output byte-identical, and the next run cleans up what the killed one left.
//! Every run goes through the real `xtask` binary, built from this source by the test; the
//! killed one uses its hidden `--pause-before-swap-ms` test option to wait at the swap.

use crate::support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What `xtask codegen --pause-before-swap-ms` prints when it starts waiting (xtask's
/// `PAUSE_MARKER`; xtask is a binary, so the text is repeated here).
const PAUSE_MARKER: &str = "codegen: paused before swap";

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
        .arg(out);
    cmd
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
    assert_eq!(st.status.code(), Some(1), "a bad spec exits with 1");
    assert_eq!(snapshot(&out), before, "a failed run changed the output");
    assert!(junk(&work, "api").is_empty(), "{:?}", junk(&work, "api"));

    // A run on a different spec, killed once its new tree is staged, just before the swap.
    let other = work.join("other.yaml");
    std::fs::write(&other, small_spec("Other")).expect("write spec");
    let mut child = codegen(&other, &out)
        .args(["--pause-before-swap-ms", "60000"])
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
    let st = codegen(&other, &out).output().expect("runs");
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
