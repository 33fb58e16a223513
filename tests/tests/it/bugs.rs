//! A generator bug is reported as one: a panic injected at each stage (load, lower, emit,
//! render) and emitted code that does not parse each give the generator-bug message naming
//! the stage, exit code 70 rather than a bad spec's 1, and are rejected by the check the
//! bad-spec, limits and fuzz tests use ([`support::refusal`]). The faults come from the
//! generator's test-only `fault-injection` feature, which this crate turns on.

use std::path::Path;

use generator::error::{EXIT_BAD_SPEC, EXIT_BUG};

use crate::support;

/// A small valid spec asking for `fault`.
fn spec(fault: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nx-codegen-fault: {fault}\npaths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{type: string}}\n"
    )
}

fn generate(text: &str) -> generator::Result<generator::Files> {
    generator::generate(
        text.as_bytes(),
        Path::new("bug.yaml"),
        &support::options("bug"),
    )
}

#[test]
fn the_spec_without_a_fault_generates() {
    let files = generate(&spec("none")).expect("generates");
    support::check_rendered(&files).expect("renders Rust");
}

#[test]
fn a_panic_in_each_stage_is_a_generator_bug() {
    // (fault, the message's start: file, line and pointer where known, stage; then what).
    // Emit and render run on several workers, so which file fails first varies.
    let cases = [
        (
            "load",
            "bug.yaml:3: at /x-codegen-fault: generator bug during load: ",
            "panicked: injected fault in load.",
        ),
        (
            "lower",
            "bug.yaml:10: at /components/schemas/A/properties/b: generator bug during lower: ",
            "panicked: injected fault in lower.",
        ),
        (
            "emit",
            "bug.yaml: generator bug during emit: src/",
            ".rs part 1: panicked: injected fault in emit.",
        ),
        (
            "render",
            "bug.yaml: generator bug during render: src/",
            ".rs part 1: panicked: injected fault in render.",
        ),
        (
            "unparsable",
            "bug.yaml: generator bug during render: src/",
            ".rs part 1: the emitted tokens do not parse as Rust",
        ),
    ];
    for (fault, start, what) in cases {
        let err = generate(&spec(fault)).expect_err(fault);
        let message = err.to_string();
        assert!(err.is_bug(), "{fault}: {message}");
        assert_eq!(err.exit_code(), EXIT_BUG, "{fault}");
        assert!(message.starts_with(start), "{fault}: {message}");
        assert!(message.contains(what), "{fault}: {message}");
        assert!(
            message.ends_with(
                "This is not a problem with your spec; please report it with the spec attached"
            ),
            "{fault}: {message}"
        );
        assert!(!message.contains('\n'), "{fault}: {message}");
        assert!(!message.contains("invalid"), "{fault}: {message}");
        // The bad-spec, limits and fuzz tests all go through this check: each fails on a bug.
        assert!(
            support::refusal(&err, "bug.yaml").is_err(),
            "{fault}: passed as a refusal"
        );
    }
}

#[test]
fn a_bad_spec_is_still_exit_code_one() {
    let err = generate("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n")
        .expect_err("dangling");
    assert!(!err.is_bug());
    assert_eq!(err.exit_code(), EXIT_BAD_SPEC);
    assert_eq!(
        support::refusal(&err, "bug.yaml").as_deref(),
        Ok("bug.yaml:6: at /components/schemas/A/$ref: `$ref` \"#/components/schemas/B\" points to nothing in this document")
    );
}

/// The text check the fuzz and limits tests use fails on text that is not what rendering
/// gives: without the header, not Rust, or not formatted as the generator renders it.
#[test]
fn the_rendered_text_check_can_fail() {
    let mut files = generate(&spec("none")).expect("generates");
    support::check_rendered(&files).expect("fresh output passes");
    let models = std::path::PathBuf::from("src/models.rs");
    let good = files[&models].clone();
    let body = &good[generator::render::HEADER.len()..];
    for (broken, why) in [
        (body.to_owned(), "lacks the @generated header"),
        (format!("{good}fn 1() {{}}\n"), "does not parse"),
        (
            good.replacen("pub struct", "pub  struct", 1),
            "not formatted",
        ),
    ] {
        files.insert(models.clone(), broken);
        let err = support::check_rendered(&files).expect_err(why);
        assert!(err.contains(why), "{err}");
    }
}
