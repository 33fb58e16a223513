//! Size and depth limits: deep inline nesting and huge enums generate in bounded time without
//! overflowing the stack (these run on the test harness's 2 MiB threads, smaller than a main
//! thread's 8 MiB); nesting past the parser's limit is a clear error naming the limit.

use std::path::Path;
use std::time::{Duration, Instant};

use generator::Files;

use crate::support;

/// `levels` inline objects, each the only property of the one above.
fn nested_objects(levels: usize) -> String {
    let mut s = String::from(
        "openapi: 3.0.3\ninfo:\n  title: Deep\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Root:\n",
    );
    let mut indent = String::from("      ");
    for i in 0..levels {
        s += &format!("{indent}type: object\n{indent}properties:\n{indent}  level{i}:\n");
        indent += "    ";
    }
    s += &format!("{indent}type: string\n");
    s
}

fn generate_timed(spec: &str, limit: Duration) -> generator::Result<Files> {
    let started = Instant::now();
    let options = support::options("limits");
    let result = generator::generate(spec.as_bytes(), Path::new("limits.yaml"), &options);
    let took = started.elapsed();
    assert!(took < limit, "took {took:?}, limit {limit:?}");
    result
}

fn assert_parses(files: &Files) {
    if let Err(e) = support::check_rendered(files) {
        panic!("{e}");
    }
}

#[test]
fn fifty_nested_inline_objects_generate() {
    let files = generate_timed(&nested_objects(50), Duration::from_secs(20)).expect("generates");
    assert_parses(&files);
    let models = &files[Path::new("src/models.rs")];
    // One struct per object level (the innermost property is a string).
    assert_eq!(models.matches("pub struct ").count(), 50, "{models}");
}

/// The deepest inline nesting the parser admits (two YAML levels per schema level).
#[test]
fn nesting_just_under_the_parser_limit_generates() {
    let levels = generator::load::MAX_NESTING / 2 - 4;
    let files =
        generate_timed(&nested_objects(levels), Duration::from_secs(30)).expect("generates");
    assert_parses(&files);
}

#[test]
fn nesting_past_the_parser_limit_names_the_limit() {
    for spec in [
        nested_objects(100),
        format!(
            "{{\"openapi\": \"3.0.3\", \"x\": {}{}}}",
            "[".repeat(1_000_000),
            "]".repeat(1_000_000)
        ),
    ] {
        let err = generate_timed(&spec, Duration::from_secs(5)).expect_err("too deep");
        let message = support::refusal(&err, "limits.yaml").unwrap_or_else(|e| panic!("{e}"));
        assert!(
            message.contains("nested more than 128 levels deep"),
            "{message}"
        );
        assert!(err.line.is_some(), "{message}");
    }
}

#[test]
fn five_thousand_value_enum_generates() {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo:\n  title: Big\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Big:\n      type: string\n      enum:\n",
    );
    for i in 0..5000 {
        spec += &format!("        - value-{i}\n");
    }
    let files = generate_timed(&spec, Duration::from_secs(60)).expect("generates");
    assert_parses(&files);
    let models = &files[Path::new("src/models.rs")];
    assert!(models.contains("Value4999"), "last variant missing");
}

/// A request body whose types share sub-types level after level (`N0 → N1` twice, …) has
/// 2^levels paths to its leaf. The search for `x-sensitive` values (masked out of client
/// errors) once walked every one of them: 28 levels took minutes. It must stay linear.
fn shared_levels(levels: usize, sensitive_leaf: bool) -> String {
    let mut s = String::from(
        "openapi: 3.0.3\ninfo: {title: shared, version: '1'}\npaths:\n  /a:\n    post:\n      operationId: postA\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/N0'}\n      responses:\n        '204': {description: ok}\ncomponents:\n  schemas:\n",
    );
    for i in 0..levels {
        s.push_str(&format!(
            "    N{i}:\n      type: object\n      properties:\n        left: {{$ref: '#/components/schemas/N{n}'}}\n        right: {{$ref: '#/components/schemas/N{n}'}}\n",
            n = i + 1
        ));
    }
    let leaf = if sensitive_leaf {
        "{type: string, x-sensitive: true}"
    } else {
        "{type: string}"
    };
    s.push_str(&format!(
        "    N{levels}:\n      type: object\n      properties:\n        name: {leaf}\n"
    ));
    s
}

#[test]
fn exponentially_shared_types_generate_quickly() {
    for sensitive in [false, true] {
        let files = generate_timed(&shared_levels(40, sensitive), Duration::from_secs(20))
            .unwrap_or_else(|e| panic!("sensitive={sensitive}: {e}"));
        assert_parses(&files);
    }
}
