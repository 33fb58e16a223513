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
    "openapi_future.yaml",
    "nullable_contradiction_31.yaml",
    "unknown_dialect.yaml",
    "outside_folder.yaml",
    "remote_ref.yaml",
    "file_ref_cycle.yaml",
    "error_in_included_file.yaml",
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

/// Specs whose error is in a file they include: the message names that file instead.
const IN_INCLUDED_FILE: &[(&str, &str)] = &[
    (
        "error_in_included_file.yaml",
        "tests/bad-specs/parts/order.yaml",
    ),
    ("file_ref_cycle.yaml", "tests/bad-specs/parts/cycle_a.yaml"),
];

/// The file a spec's error message must start with.
fn blamed(name: &str, shown: &Path) -> String {
    IN_INCLUDED_FILE
        .iter()
        .find(|(spec, _)| *spec == name)
        .map_or_else(
            || shown.display().to_string(),
            |(_, file)| (*file).to_owned(),
        )
}

fn corpus() -> Vec<String> {
    let dir = support::root().join("tests/bad-specs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/bad-specs exists")
        .filter_map(|e| e.ok())
        // Folders hold the files that multi-file bad specs reference.
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
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
        let dir = root.join("tests/bad-specs");
        let err = match generator::generate_in(&bytes, &shown, &dir, &support::options("bad"), 2) {
            Ok(_) => panic!("{name} generated a crate; it should fail"),
            Err(e) => e,
        };
        let message = support::refusal(&err, &blamed(&name, &shown))
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
            lines[0].starts_with(&format!("error: {}", blamed(&name, &spec))),
            "{name}: {stderr}"
        );
        assert!(
            !out.exists(),
            "{name}: a failed run created the output folder"
        );
    }
}
