//! `cargo xtask review` end to end: one pair of specs per rule family under `tests/review/`,
//! with the exact verdicts expected, insta snapshots of the markdown and JSON reports, the wire
//! verdict compared with `redocly diff`'s, the version check and the error exit.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A family, whether the change breaks HTTP clients, the crate bump, and the exit status.
struct Case {
    family: &'static str,
    wire_breaking: bool,
    crate_semver: &'static str,
    exit: i32,
}

const CASES: &[Case] = &[
    // Key order, flow/block style and descriptions: nothing on the wire; the doc comments of
    // the generated crate change, which is a patch.
    Case {
        family: "noop",
        wire_breaking: false,
        crate_semver: "patch",
        exit: 0,
    },
    Case {
        family: "operations",
        wire_breaking: true,
        crate_semver: "major",
        exit: 1,
    },
    Case {
        family: "parameters",
        wire_breaking: true,
        crate_semver: "major",
        exit: 1,
    },
    Case {
        family: "request_bodies",
        wire_breaking: true,
        crate_semver: "major",
        exit: 1,
    },
    Case {
        family: "properties",
        wire_breaking: true,
        crate_semver: "major",
        exit: 1,
    },
    // New enum values in a response: safe for this crate's open enums, so not breaking on the
    // wire; the new variant still breaks exhaustive `match`es in Rust.
    Case {
        family: "enums",
        wire_breaking: false,
        crate_semver: "major",
        exit: 1,
    },
    // Declared success headers are fields of the operation's `…Headers` struct: removing one
    // removes a field. Error statuses are not part of the crate's API.
    Case {
        family: "responses",
        wire_breaking: true,
        crate_semver: "major",
        exit: 1,
    },
    Case {
        family: "security",
        wire_breaking: true,
        crate_semver: "major",
        exit: 1,
    },
    Case {
        family: "constraints",
        wire_breaking: true,
        crate_semver: "major",
        exit: 1,
    },
    Case {
        family: "composition",
        wire_breaking: true,
        crate_semver: "major",
        exit: 1,
    },
    // OpenAPI 3.1: the wire rules read it as written (null alternatives as nullability,
    // numeric exclusive bounds, `const`), and the generator reads it too, so the crate side
    // is computed.
    Case {
        family: "openapi31",
        wire_breaking: true,
        crate_semver: "major",
        exit: 1,
    },
    // An undeclared path parameter and an operation without `responses` (codegen rejects
    // both): nothing breaks on the wire, so the status is 0 and the report warns that the
    // crate side is missing.
    Case {
        family: "rejected",
        wire_breaking: false,
        crate_semver: "unknown",
        exit: 0,
    },
    // A component parameter shared by two operations, as in @directus/specs 15.1.0 → 15.1.1:
    // each finding once, `explode` on a single value harmless, a new `oneOf` alternative
    // reported alone; the new lower bound breaks requests.
    Case {
        family: "shared_parameters",
        wire_breaking: true,
        crate_semver: "major",
        exit: 1,
    },
    // A component schema renamed with the same shape: one `schema-renamed` change, nothing on
    // the wire; the Rust type is renamed, which is major. Two schemas of one shape leaving
    // while one arrives stay removed and added.
    Case {
        family: "schema_rename",
        wire_breaking: false,
        crate_semver: "major",
        exit: 1,
    },
    // A success without a body replaced by another (`200` → `204`): a warning on the wire;
    // both methods return `()`, so the crate does not change.
    Case {
        family: "status_replaced",
        wire_breaking: false,
        crate_semver: "none",
        exit: 0,
    },
];

/// Families where `redocly diff` rates the wire differently, and why ours is right.
const REDOCLY_DISAGREES: &[(&str, &str)] = &[
    (
        "enums",
        "redocly rates a new enum value in a response as major; the issue's rule (and this \
         crate's open enums) make it a warning: it breaks only clients with closed enums",
    ),
    (
        "status_replaced",
        "redocly rates `200` → `204` as major; neither response has a body, so only clients \
         that check for exactly `200` notice, which is what a warning means here",
    ),
    (
        "rejected",
        "redocly rates declaring the path parameter of an unchanged template `/pets/{id}` as a \
         new required parameter (major); clients already put a value there, so the URL they \
         build is the same",
    ),
];

fn dir(family: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/review")
        .join(family)
}

fn review(family: &str, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("review")
        .args(args)
        .current_dir(dir(family))
        .output()
        .expect("xtask runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn each_family_has_the_expected_verdicts_and_reports() {
    for case in CASES {
        let (json, stderr, code) =
            review(case.family, &["old.yaml", "new.yaml", "--format", "json"]);
        assert_eq!(
            code, case.exit,
            "{}: exit status; stderr: {stderr}",
            case.family
        );
        let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
        assert_eq!(
            doc["wire_breaking"], case.wire_breaking,
            "{}: wire verdict",
            case.family
        );
        assert_eq!(
            doc["crate_semver"], case.crate_semver,
            "{}: crate verdict",
            case.family
        );
        for change in doc["changes"].as_array().expect("changes") {
            for key in ["pointer", "line", "severity", "crate_effect", "message"] {
                assert!(
                    change.get(key).is_some(),
                    "{}: change without {key}: {change}",
                    case.family
                );
            }
        }
        insta::assert_snapshot!(format!("{}_json", case.family), json);
        let (markdown, _, code) = review(case.family, &["old.yaml", "new.yaml"]);
        assert_eq!(code, case.exit, "{}: markdown exit status", case.family);
        insta::assert_snapshot!(format!("{}_markdown", case.family), markdown);
    }
}

/// The no-op pair reports nothing at all on the wire.
#[test]
fn reordering_and_descriptions_report_nothing() {
    let (json, _, _) = review("noop", &["old.yaml", "new.yaml", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    assert_eq!(doc["changes"], serde_json::json!([]));
}

#[test]
fn direction_decides_required_property_severity() {
    let (json, _, _) = review("properties", &["old.yaml", "new.yaml", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    let severity = |pointer: &str| {
        doc["changes"]
            .as_array()
            .and_then(|l| l.iter().find(|c| c["pointer"] == pointer))
            .map(|c| c["severity"].as_str().unwrap_or_default().to_owned())
    };
    // The same new required property: breaking when clients send it, info when they get it.
    assert_eq!(
        severity("/components/schemas/NewPet/properties/species").as_deref(),
        Some("breaking")
    );
    assert_eq!(
        severity("/components/schemas/Pet/properties/species").as_deref(),
        Some("info")
    );
}

#[test]
fn github_format_is_workflow_commands() {
    let (out, _, code) = review(
        "operations",
        &["old.yaml", "new.yaml", "--format", "github"],
    );
    assert_eq!(code, 1);
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("::error file=old.yaml,line=21,title=operation-removed (breaking)::"),
        "{first}"
    );
    assert!(out.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
}

#[test]
fn check_version_needs_the_bump() {
    let base = [
        "old.yaml",
        "new.yaml",
        "--check-version",
        "--old-version",
        "0.3.1",
    ];
    let (out, _, code) = review("enums", &[&base[..], &["--new-version", "0.3.2"]].concat());
    assert_eq!(
        code, 1,
        "a major change with a 0.y.z patch bump fails:\n{out}"
    );
    assert!(out.contains("set it to at least 0.4.0"), "{out}");
    let (_, _, code) = review("enums", &[&base[..], &["--new-version", "0.4.0"]].concat());
    assert_eq!(
        code, 0,
        "the breaking change is fine once the version carries it"
    );
    let (_, _, code) = review("noop", &[&base[..], &["--new-version", "0.3.1"]].concat());
    assert_eq!(code, 1, "even a doc change needs a new version");
}

/// When the generator rejects a side, every format says the crate side is missing, with the
/// generator's error, and `--check-version` cannot pass.
#[test]
fn a_spec_the_generator_rejects_still_gets_a_wire_review() {
    let (json, _, _) = review("rejected", &["old.yaml", "new.yaml", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    assert_eq!(
        doc["crate_error"],
        "old.yaml:19: at /paths/~1pets~1{id}/get: invalid OpenAPI: path template parameter \
         `{id}` is not declared as an `in: path` parameter"
    );
    assert_eq!(doc["counts"]["info"], 4);
    let (out, _, code) = review("rejected", &["old.yaml", "new.yaml", "--format", "github"]);
    assert_eq!(code, 0);
    let warning = out
        .lines()
        .find(|l| l.contains("title=crate side"))
        .unwrap_or_default();
    assert_eq!(
        warning,
        "::warning file=old.yaml,line=19,title=crate side::crate side not computed, only the \
         wire is reviewed: old.yaml:19: at /paths/~1pets~1{id}/get: invalid OpenAPI: path \
         template parameter `{id}` is not declared as an `in: path` parameter"
    );
    let args = [
        "old.yaml",
        "new.yaml",
        "--check-version",
        "--old-version",
        "1.0.0",
        "--new-version",
        "2.0.0",
    ];
    let (out, _, code) = review("rejected", &args);
    assert_eq!(code, 1, "an unknown bump cannot be checked:\n{out}");
    assert!(
        out.contains("**Crate version 1.0.0 → 2.0.0 cannot be checked**"),
        "{out}"
    );
}

/// A change inside a component parameter is one entry naming how many operations use it,
/// and additions point at the operation that lists the parameter.
#[test]
fn shared_parameter_changes_are_reported_once() {
    let (json, _, _) = review(
        "shared_parameters",
        &["old.yaml", "new.yaml", "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    let found: Vec<(String, String, String)> = doc["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            let text = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
            (text("severity"), text("pointer"), text("message"))
        })
        .collect();
    let expected = [
        (
            "breaking",
            "/components/parameters/Limit/schema/minimum",
            "`minimum` changed from none to 1 in requests: values valid before may now be rejected",
        ),
        (
            "info",
            "/components/parameters/Meta",
            "query parameter `meta` serialization changed from style form (explode true) to \
             style form (explode false): a single value, as clients sent before, is serialized \
             the same (in 2 operations)",
        ),
        (
            "info",
            "/components/parameters/Meta/schema/oneOf/1",
            "now also allows array (`oneOf` alternative) in requests (in 2 operations)",
        ),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(found, expected);
}

/// A rename is one change; an ambiguous one (two schemas of one shape leave) is not guessed.
#[test]
fn a_renamed_schema_is_one_change() {
    let (json, _, _) = review(
        "schema_rename",
        &["old.yaml", "new.yaml", "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    let rules: Vec<(&str, &str)> = doc["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["rule"].as_str().unwrap_or_default(),
                c["pointer"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("schema-removed", "/components/schemas/Cat"),
            ("schema-removed", "/components/schemas/Dog"),
            ("schema-renamed", "/components/schemas/Animal"),
            ("schema-added", "/components/schemas/Hamster"),
            (
                "schema-ref-changed",
                "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema"
            ),
        ]
    );
}

#[test]
fn unreadable_specs_exit_2_naming_the_file() {
    let (_, stderr, code) = review("noop", &["old.yaml", "missing.yaml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: missing.yaml: cannot read"),
        "{stderr}"
    );
    let bad = std::env::temp_dir().join(format!("review-bad-{}.yaml", std::process::id()));
    std::fs::write(&bad, "openapi: 3.0.3\ninfo: {title: x\n").expect("write");
    let (_, stderr, code) = review("noop", &["old.yaml", bad.to_str().unwrap_or_default()]);
    let _ = std::fs::remove_file(&bad);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("review-bad-") && stderr.contains("invalid YAML/JSON"),
        "{stderr}"
    );
}

/// Redocly CLI as pinned in package-lock.json, installed by `npm ci` (`cargo xtask test` does).
fn redocly() -> Option<PathBuf> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../node_modules/.bin/redocly");
    bin.exists().then_some(bin)
}

#[test]
fn wire_verdicts_agree_with_redocly_diff() {
    let Some(bin) = redocly() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Redocly CLI (npm ci)"
        );
        eprintln!("skipped: node_modules/.bin/redocly is not installed (run `npm ci`)");
        return;
    };
    for case in CASES {
        let out = Command::new(&bin)
            .args([
                "diff",
                "old.yaml",
                "new.yaml",
                "--format",
                "json",
                "--fail-on",
                "none",
            ])
            .current_dir(dir(case.family))
            .output()
            .expect("redocly runs");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{}: redocly JSON: {e}", case.family));
        let theirs = doc["bump"] == "major";
        let known = REDOCLY_DISAGREES.iter().any(|(f, _)| *f == case.family);
        assert_eq!(
            theirs != case.wire_breaking,
            known,
            "{}: redocly says bump {}, we say wire_breaking {}",
            case.family,
            doc["bump"],
            case.wire_breaking
        );
    }
}
