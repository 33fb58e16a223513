//! Fuzzes the whole pipeline (`generate`) with structured OpenAPI documents built by proptest,
//! plus byte-level mutations of the Sphere spec: no panic, no hang, no generator bug, every
//! error one line naming the file, and every emitted `.rs` file, as text, parses and is what
//! the generator renders it. A minimum share of inputs must generate a crate, so a generator that
//! refused everything would fail.
//!
//! Each run takes a fresh seed (printed, and named in any failure; `FUZZ_SEED=<n>` replays
//! it) and `FUZZ_CASES` cases per property (default [`DEFAULT_CASES`]); the inputs that ever
//! broke the generator are replayed from `tests/fuzz-regressions/`. Longer runs: `cargo xtask
//! fuzz`.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{json, Map, Value};

use crate::support;

/// Longest one case may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(20);

/// Cases per property when `FUZZ_CASES` is not set: 15-22 s per property in a debug build on
/// CI's two cores.
const DEFAULT_CASES: u32 = 192;

/// Least share of structured specs that must generate a crate (runs give 0.31-0.33; the bound
/// is five standard deviations below that at the default case count).
const MIN_STRUCTURED_SHARE: f64 = 0.15;

/// Least share of mutated Sphere specs that must generate a crate (runs give 0.09-0.10: most
/// edits break the YAML; the bound is three standard deviations below).
const MIN_MUTATED_SHARE: f64 = 0.03;

fn cases() -> u32 {
    support::fuzz::cases(DEFAULT_CASES)
}

fn runner(seed: u64) -> TestRunner {
    support::fuzz::runner(cases(), seed)
}

/// Per property: cases that generated a crate, and cases that got an error.
#[derive(Default)]
struct Counts {
    generated: AtomicUsize,
    refused: AtomicUsize,
}

/// Prints the counts and fails unless at least `min_share` of the cases generated a crate.
fn report(what: &str, counts: &Counts, started: std::time::Instant, seed: u64, min_share: f64) {
    let generated = counts.generated.load(Ordering::Relaxed);
    let refused = counts.refused.load(Ordering::Relaxed);
    eprintln!(
        "{what}: {} cases in {:.1?}: {generated} generated a crate, {refused} got an error",
        cases(),
        started.elapsed(),
    );
    let share = generated as f64 / (generated + refused).max(1) as f64;
    assert!(
        share >= min_share,
        "{what}: only {generated} of {} inputs generated a crate ({share:.2} < {min_share}); {}",
        generated + refused,
        support::fuzz::replay(seed)
    );
}

/// Runs the pipeline on another thread so a hang fails the test instead of stalling CI.
fn run_pipeline(bytes: Vec<u8>, counts: &Counts) -> Result<(), TestCaseError> {
    // A stack overflow aborts the process before proptest can print the input: keep the
    // current one on disk when asked (`FUZZ_DUMP=/tmp/case`) to reproduce it.
    if let Some(path) = std::env::var_os("FUZZ_DUMP") {
        let _ = std::fs::write(
            format!(
                "{}.{:?}",
                path.to_string_lossy(),
                std::thread::current().id()
            ),
            &bytes,
        );
    }
    let (tx, rx) = mpsc::channel();
    let shown = bytes.clone();
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let options = support::options("fuzzed");
            let r = std::panic::catch_unwind(|| {
                generator::generate(&bytes, Path::new("fuzz.yaml"), &options)
            });
            let _ = tx.send(r);
        })
        .map_err(|e| TestCaseError::fail(format!("spawn: {e}")))?;
    let text = String::from_utf8_lossy(&shown);
    match rx.recv_timeout(HANG) {
        Err(_) => Err(TestCaseError::fail(format!(
            "hang (> {HANG:?}) on:\n{text}"
        ))),
        Ok(Err(_)) => Err(TestCaseError::fail(format!("panic on:\n{text}"))),
        Ok(Ok(Err(e))) => {
            counts.refused.fetch_add(1, Ordering::Relaxed);
            let message = support::refusal(&e, "fuzz.yaml")
                .map_err(|why| TestCaseError::fail(format!("{why}\non:\n{text}")))?;
            if std::env::var_os("FUZZ_VERBOSE").is_some() {
                eprintln!("{message}");
            }
            Ok(())
        }
        Ok(Ok(Ok(files))) => {
            counts.generated.fetch_add(1, Ordering::Relaxed);
            support::check_rendered(&files)
                .map_err(|why| TestCaseError::fail(format!("{why}, for:\n{text}")))
        }
    }
}

/// Names chosen to collide, clash with Rust and serde, or sanitise to nothing.
const NAMES: &[&str] = &[
    "A",
    "B",
    "Customer",
    "customer",
    "CUSTOMER",
    "self",
    "Self",
    "type",
    "crate",
    "super",
    "r#try",
    "",
    "_",
    "__",
    "1st",
    "a-b",
    "a_b",
    "a b",
    "Unknown",
    "unknown",
    "Option",
    "String",
    "Vec",
    "Box",
    "Result",
    "serde",
    "std",
    "core",
    "Default",
    "new",
    "ünïcödé",
    "名前",
    "$x",
    "a.b",
    "id",
    "ID",
    "Id",
    "body",
    "params",
    "client",
    "status",
    "value",
    "item",
    "-",
    "~",
    "/",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(NAMES).prop_map(str::to_owned),
        1 => "[a-zA-Z_0-9 $-]{0,12}",
    ]
}

/// Component names references aim at; the document always defines the first three.
const DEFINED: &[&str] = &["A", "B", "Customer"];

fn reference() -> impl Strategy<Value = Value> {
    prop_oneof![
        60 => proptest::sample::select(DEFINED).prop_map(|n| json!({"$ref": format!("#/components/schemas/{n}")})),
        10 => name().prop_map(|n| json!({"$ref": format!("#/components/schemas/{n}")})),
        1 => Just(json!({"$ref": "#/components/parameters/P"})),
        1 => Just(json!({"$ref": "other.yaml#/components/schemas/A"})),
        1 => Just(json!({"$ref": "#"})),
        1 => "[#/a-z~01]{0,20}".prop_map(|r| json!({ "$ref": r })),
    ]
}

fn scalar_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        name().prop_map(Value::String),
    ]
}

fn leaf_schema() -> impl Strategy<Value = Value> {
    let typed = (
        prop_oneof![
            40 => proptest::sample::select(&["string", "integer", "number", "boolean", "object", "array"][..]),
            1 => proptest::sample::select(&["null", "uuid", ""][..]),
        ],
        proptest::option::of(proptest::sample::select(
            &[
                "date-time", "date", "uuid", "byte", "binary", "password", "int32", "int64",
                "uint32", "uint64", "float", "double", "email",
            ][..],
        )),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(t, format, nullable, sensitive)| {
            let mut m = Map::new();
            m.insert("type".into(), json!(t));
            if let Some(f) = format {
                m.insert("format".into(), json!(f));
            }
            if nullable {
                m.insert("nullable".into(), json!(true));
            }
            if sensitive {
                m.insert("x-sensitive".into(), json!(true));
            }
            Value::Object(m)
        });
    prop_oneof![
        60 => typed,
        30 => reference(),
        10 => Just(json!({})),
        20 => (proptest::option::of(proptest::sample::select(&["string", "integer", "boolean", "number"][..])),
              prop_oneof![
                  10 => proptest::collection::vec(name().prop_map(Value::String), 0..6),
                  1 => proptest::collection::vec(scalar_value(), 0..6),
              ])
            .prop_map(|(t, values)| {
                let mut m = Map::new();
                if let Some(t) = t { m.insert("type".into(), json!(t)); }
                m.insert("enum".into(), Value::Array(values));
                Value::Object(m)
            }),
        1 => Just(json!({"type": ["string", "null"]})),
        1 => scalar_value(),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf_schema().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            // Objects, with some properties required (and some required that do not exist).
            (
                proptest::collection::vec((name(), inner.clone()), 0..5),
                proptest::collection::vec(name(), 0..3),
                proptest::option::of(inner.clone()),
                any::<bool>(),
            )
                .prop_map(|(props, required, additional, typed)| {
                    let mut m = Map::new();
                    if typed {
                        m.insert("type".into(), json!("object"));
                    }
                    let mut p = Map::new();
                    let mut req: Vec<Value> = required.into_iter().map(Value::String).collect();
                    for (i, (k, v)) in props.into_iter().enumerate() {
                        if i % 2 == 0 {
                            req.push(Value::String(k.clone()));
                        }
                        p.insert(k, v);
                    }
                    m.insert("properties".into(), Value::Object(p));
                    m.insert("required".into(), Value::Array(req));
                    if let Some(a) = additional {
                        m.insert("additionalProperties".into(), a);
                    }
                    Value::Object(m)
                }),
            inner
                .clone()
                .prop_map(|items| json!({"type": "array", "items": items})),
            (
                proptest::sample::select(&["allOf", "oneOf", "anyOf"][..]),
                proptest::collection::vec(inner.clone(), 0..4),
                proptest::option::of(name()),
            )
                .prop_map(|(key, members, tag)| {
                    let mut m = Map::new();
                    m.insert(key.into(), Value::Array(members));
                    if let Some(tag) = tag {
                        m.insert("discriminator".into(), json!({"propertyName": tag}));
                    }
                    Value::Object(m)
                }),
            inner.clone().prop_map(|s| json!({"not": s})),
            inner.prop_map(|s| json!({"allOf": [s], "nullable": true, "description": "d"})),
        ]
    })
}

fn operation() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(name()),
        proptest::collection::vec(
            (
                prop_oneof![
                    2 => proptest::sample::select(&["id", "x", "y", "customerId"][..]).prop_map(str::to_owned),
                    1 => name(),
                ],
                proptest::sample::select(&["path", "query", "header", "cookie"][..]),
                schema(),
                any::<bool>(),
            ),
            0..5,
        ),
        proptest::option::of(schema()),
        proptest::collection::vec(
            (
                proptest::sample::select(&["200", "201", "204", "2XX", "404", "default", "5XX"][..]),
                proptest::option::of(schema()),
                prop_oneof![
                    20 => Just(None),
                    1 => proptest::sample::select(&["/data", "/", "/a/b", "", "data"][..]).prop_map(Some),
                ],
            ),
            0..3,
        ),
    )
        .prop_map(|(id, params, body, responses)| {
            let mut op = Map::new();
            if let Some(id) = id {
                op.insert("operationId".into(), json!(id));
            }
            let params: Vec<Value> = params
                .into_iter()
                .map(|(n, loc, s, req)| json!({"name": n, "in": loc, "required": req || loc == "path", "schema": s}))
                .collect();
            op.insert("parameters".into(), Value::Array(params));
            if let Some(b) = body {
                op.insert(
                    "requestBody".into(),
                    json!({"required": true, "content": {"application/json": {"schema": b}}}),
                );
            }
            let mut rs = Map::new();
            for (code, s, unwrap) in responses {
                let mut r = Map::new();
                r.insert("description".into(), json!("r"));
                if let Some(s) = s {
                    r.insert("content".into(), json!({"application/json": {"schema": s}}));
                }
                if let Some(u) = unwrap {
                    r.insert("x-unwrap".into(), json!(u));
                }
                rs.insert(code.into(), Value::Object(r));
            }
            op.insert("responses".into(), Value::Object(rs));
            Value::Object(op)
        })
}

/// Keeps random operations within the rules `load` enforces (each has its own bad spec), so
/// the fuzzer spends its cases past them: a path parameter the template lacks becomes a query
/// one, a repeated name and location is dropped, and an operation has at least one response.
fn follow_parameter_rules(path: &str, op: &mut Value) {
    if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
        let mut seen = std::collections::BTreeSet::new();
        params.retain_mut(|param| {
            let name = param["name"].as_str().unwrap_or_default().to_owned();
            if param["in"] == "path" && !path.contains(&format!("{{{name}}}")) {
                param["in"] = json!("query");
            }
            let location = param["in"].as_str().unwrap_or_default().to_owned();
            let key = if location == "header" {
                name.to_ascii_lowercase()
            } else {
                name
            };
            seen.insert((key, location))
        });
    }
    if op["responses"].as_object().is_some_and(|r| r.is_empty()) {
        op["responses"] = json!({"204": {"description": "r"}});
    }
}

fn document() -> impl Strategy<Value = Value> {
    let paths = proptest::collection::vec(
        (
            prop_oneof![
                20 => proptest::sample::select(&["/a", "/b", "/", "/customers", "/a/b/c"][..]),
                4 => proptest::sample::select(&["/a/{id}", "/{x}/{y}", "/customers/{customerId}/ubos"][..]),
                1 => proptest::sample::select(&["/a/{", "/a/{}", "a"][..]),
            ],
            proptest::sample::select(&["get", "post", "put", "delete", "patch"][..]),
            operation(),
        ),
        0..4,
    );
    (
        proptest::collection::vec((name(), schema()), 3..9),
        paths,
        any::<bool>(),
    )
        .prop_map(|(schemas, paths, secured)| {
            let mut s = Map::new();
            for (i, (k, v)) in schemas.into_iter().enumerate() {
                let k = DEFINED.get(i).map_or(k, |d| (*d).to_owned());
                s.insert(k, v);
            }
            let mut p = Map::new();
            for (path, method, mut op) in paths {
                follow_parameter_rules(path, &mut op);
                let item = p.entry(path.to_owned()).or_insert_with(|| json!({}));
                item[method] = op;
            }
            let mut doc = json!({
                "openapi": "3.0.3",
                "info": {"title": "Fuzz", "version": "1"},
                "paths": p,
                "components": {
                    "schemas": s,
                    "parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "string"}}},
                    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                },
            });
            if secured {
                doc["security"] = json!([{"bearer": []}]);
            }
            doc
        })
}

#[test]
fn structured_specs_never_panic_hang_or_emit_invalid_rust() {
    let started = std::time::Instant::now();
    let counts = Counts::default();
    let seed = support::fuzz::seed();
    let mut runner = runner(seed);
    let result = runner.run(&(document(), any::<bool>()), |(doc, as_yaml)| {
        let text = if as_yaml {
            serde_yaml::to_string(&doc).map_err(|e| TestCaseError::reject(e.to_string()))?
        } else {
            serde_json::to_string_pretty(&doc).map_err(|e| TestCaseError::reject(e.to_string()))?
        };
        run_pipeline(text.into_bytes(), &counts)
    });
    if let Err(e) = result {
        panic!("{}: {e}", support::fuzz::replay(seed));
    }
    report(
        "structured specs",
        &counts,
        started,
        seed,
        MIN_STRUCTURED_SHARE,
    );
}

/// Random edits of the real spec: deleted, duplicated or truncated lines, flipped bytes.
#[test]
fn mutated_sphere_spec_never_panics_or_hangs() {
    let spec = std::fs::read(support::root().join("spec/sphere.yaml")).expect("spec");
    let len = spec.len();
    let edit = prop_oneof![
        (0..len, 0..64usize).prop_map(|(at, n)| (0u8, at, n, 0u8)),
        (0..len, 0..64usize).prop_map(|(at, n)| (1u8, at, n, 0u8)),
        (0..len, any::<u8>()).prop_map(|(at, b)| (2u8, at, 0, b)),
        (0..len).prop_map(|at| (3u8, at, 0, 0u8)),
        (
            0..len,
            proptest::sample::select(
                &[b'{', b'[', b'\'', b'"', b':', b'-', b'#', b'&', b'*', b'!', b'\t', b'\n', b' ']
                    [..]
            )
        )
            .prop_map(|(at, b)| (4u8, at, 0, b)),
    ];
    let started = std::time::Instant::now();
    let counts = Counts::default();
    let seed = support::fuzz::seed();
    let mut runner = runner(seed);
    let result = runner.run(&proptest::collection::vec(edit, 1..6), |edits| {
        let mut bytes = spec.clone();
        for (kind, at, n, b) in edits {
            let at = at.min(bytes.len());
            let end = (at + n).min(bytes.len());
            match kind {
                0 => {
                    bytes.drain(at..end);
                }
                1 => {
                    let copy = bytes[at..end].to_vec();
                    bytes.splice(at..at, copy);
                }
                2 if at < bytes.len() => bytes[at] = b,
                3 => bytes.truncate(at),
                _ => bytes.insert(at, b),
            }
        }
        run_pipeline(bytes, &counts)
    });
    if let Err(e) = result {
        panic!("{}: {e}", support::fuzz::replay(seed));
    }
    report(
        "mutated sphere.yaml",
        &counts,
        started,
        seed,
        MIN_MUTATED_SHARE,
    );
}

/// Every input the fuzzers ever broke the pipeline with (`tests/fuzz-regressions/`).
#[test]
fn past_findings_stay_fixed() {
    let dir = support::root().join("tests/fuzz-regressions");
    let counts = Counts::default();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz-regressions") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        if let Err(e) = run_pipeline(bytes, &counts) {
            panic!("{}: {e}", path.display());
        }
        seen += 1;
    }
    assert_eq!(seen, support::count_files("tests/fuzz-regressions", ""));
    assert!(seen > 0, "tests/fuzz-regressions is empty");
}
