//! Every broken spec in `tests/bad-specs/` fails with one clear line naming the file, the
//! JSON pointer (and line where it can be found) and what is wrong, never a panic. The exact
//! messages are insta snapshots, so a worse message shows up in review.

use crate::support;

use std::path::Path;
use std::process::Command;

/// Cases that must stay in the corpus; the test fails if one goes missing.
const REQUIRED: &[&str] = &[
    "invalid_yaml.yaml",
    "not_openapi.yaml",
    "swagger2.yaml",
    "openapi31.yaml",
    "empty.yaml",
    "binary.yaml",
    "dangling_ref.yaml",
    "external_ref.yaml",
    "ref_cycle.yaml",
    "ref_not_schema.yaml",
    "unknown_type.yaml",
    "type_list_31.yaml",
    "duplicate_operation_id.yaml",
    "undeclared_path_param.yaml",
    "mixed_enum.yaml",
];

/// Errors about the whole document (or its syntax) have no pointer; these do not.
const NO_POINTER: &[&str] = &[
    "binary.yaml",
    "empty.yaml",
    "invalid_yaml.yaml",
    "not_openapi.yaml",
    "too_deep_flow.json",
    "too_deep_block.yaml",
    "duplicate_key.yaml",
    "alias_bomb.yaml",
    "missing_info.yaml",
];

fn corpus() -> Vec<String> {
    let dir = support::root().join("tests/bad-specs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/bad-specs exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn corpus_has_every_required_case() {
    let names = corpus();
    for required in REQUIRED {
        assert!(names.iter().any(|n| n == required), "missing {required}");
    }
}

#[test]
fn every_bad_spec_gets_one_clear_message() {
    let root = support::root();
    for name in corpus() {
        let shown = Path::new("tests/bad-specs").join(&name);
        let bytes = std::fs::read(root.join(&shown)).expect("read");
        let err = match generator::generate(&bytes, &shown, &support::options("bad")) {
            Ok(_) => panic!("{name} generated a crate; it should fail"),
            Err(e) => e,
        };
        let message = support::refusal(&err, &shown.display().to_string())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        if !NO_POINTER.contains(&name.as_str()) {
            assert!(
                message.contains(": at /"),
                "{name}: no JSON pointer: {message}"
            );
            assert!(err.line.is_some(), "{name}: no line: {message}");
        }
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        insta::assert_snapshot!(stem, message);
    }
}

/// The real command line: non-zero exit, nothing on stdout, and stderr exactly one
/// `error:` line (no panic, no backtrace, no usage text).
#[test]
fn xtask_exits_non_zero_with_one_error_line() {
    let root = support::root();
    let out = support::scratch("bad-specs-xtask").join("out");
    for name in corpus() {
        let spec = Path::new("tests/bad-specs").join(&name);
        let run = Command::new(support::xtask())
            .args(["codegen", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .current_dir(&root)
            .env("RUST_BACKTRACE", "1")
            .output()
            .expect("xtask runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{name}: {stderr}");
        assert!(run.stdout.is_empty(), "{name}: wrote to stdout");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: {stderr}");
        assert!(
            lines[0].starts_with(&format!("error: {}", spec.display())),
            "{name}: {stderr}"
        );
        assert!(
            !out.exists(),
            "{name}: a failed run created the output folder"
        );
    }
}
