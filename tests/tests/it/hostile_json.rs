//! Arbitrary JSON into every generated Sphere model (`sphere_api::models::*`): decoding never
//! panics, only returns `Ok` or `Err`; and every `Ok` value re-encodes to JSON that decodes to
//! an equal value. The JSON is biased towards the spec (its property names, enum values, dates
//! and base64) so that many values get past the first field and into the interesting paths.
//!
//! A fresh seed per run (printed, and in any failure; `FUZZ_SEED=<n>` replays one) and
//! `FUZZ_CASES` cases (default 256). Longer runs: `cargo xtask fuzz`.

use crate::support;

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::{Map, Value};
use sphere_api::models::*;

/// One check per model type.
type Check = fn(&str, &Value, &mut Vec<String>) -> Result<(), TestCaseError>;

/// `(name, round_trip::<T>)` for every model type.
macro_rules! models {
    ($($ty:ident),* $(,)?) => {
        vec![$((stringify!($ty), round_trip::<$ty> as Check)),*]
    };
}

// `for_each_model!`, from the build script: every public type in the generated models.
include!(concat!(env!("OUT_DIR"), "/models.rs"));

fn all_models() -> Vec<(&'static str, Check)> {
    for_each_model!(models)
}

/// Public type names declared in the generated models file, read with `syn`: a cross-check of
/// the build script's line-based list.
fn declared_models() -> BTreeSet<String> {
    let path = support::root().join("generated/src/models.rs");
    let file = syn::parse_file(&std::fs::read_to_string(path).expect("models.rs")).expect("parses");
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                Some(s.ident.to_string())
            }
            syn::Item::Enum(e) if matches!(e.vis, syn::Visibility::Public(_)) => {
                Some(e.ident.to_string())
            }
            syn::Item::Type(t) if matches!(t.vis, syn::Visibility::Public(_)) => {
                Some(t.ident.to_string())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn every_model_is_covered() {
    let listed: BTreeSet<String> = all_models()
        .into_iter()
        .map(|(name, _)| name.to_owned())
        .collect();
    assert_eq!(
        listed,
        declared_models(),
        "the build script's model list (tests/build.rs) missed or invented a type"
    );
}

/// Decodes `value` as `T`; an `Ok` must survive encode → decode unchanged.
fn round_trip<T>(name: &str, value: &Value, oks: &mut Vec<String>) -> Result<(), TestCaseError>
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let decoded = std::panic::catch_unwind(|| serde_json::from_value::<T>(value.clone()));
    let Ok(decoded) = decoded else {
        return Err(TestCaseError::fail(format!(
            "{name} panicked decoding {value}"
        )));
    };
    // Decoding from text takes other serde paths (borrowed strings) than from a `Value`.
    let text = value.to_string();
    let from_text = std::panic::catch_unwind(|| serde_json::from_str::<T>(&text));
    let Ok(from_text) = from_text else {
        return Err(TestCaseError::fail(format!(
            "{name} panicked decoding text {text}"
        )));
    };
    prop_assert_eq!(
        decoded.is_ok(),
        from_text.is_ok(),
        "{} value vs text on {}",
        name,
        text
    );
    let Ok(decoded) = decoded else {
        return Ok(());
    };
    oks.push(name.to_owned());
    let encoded = serde_json::to_value(&decoded)
        .map_err(|e| TestCaseError::fail(format!("{name} does not re-encode: {e}")))?;
    let again: T = serde_json::from_value(encoded.clone()).map_err(|e| {
        TestCaseError::fail(format!(
            "{name}: re-encoded {encoded} does not decode ({e}); input {value}"
        ))
    })?;
    prop_assert_eq!(
        &again,
        &decoded,
        "{} changed through {} (input {})",
        name,
        encoded,
        value
    );
    Ok(())
}

/// Property names, enum values and other strings of the spec.
fn spec_words() -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(support::root().join("spec/sphere.yaml")).expect("spec");
    let spec: Value = serde_yaml::from_str(&text).expect("spec parses");
    let mut keys = BTreeSet::new();
    let mut strings = BTreeSet::new();
    let mut stack = vec![&spec];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if let Some(Value::Object(props)) = m.get("properties") {
                    keys.extend(props.keys().cloned());
                }
                if let Some(Value::Array(values)) = m.get("enum") {
                    strings.extend(values.iter().filter_map(|v| v.as_str().map(str::to_owned)));
                }
                stack.extend(m.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    strings.extend(
        [
            "",
            "2024-02-29",
            "2024-13-01",
            "1990-01-01T00:00:00Z",
            "2024-01-02T03:04:05.123+02:00",
            "aGVsbG8=",
            "aGVsbG8",
            "@@==",
            "00000000-0000-0000-0000-000000000000",
            "\u{0}",
            "\u{fffd}\u{1F600}",
            "individual",
            "business",
            "null",
            "true",
            "1e999",
        ]
        .map(str::to_owned),
    );
    (keys.into_iter().collect(), strings.into_iter().collect())
}

fn json(keys: Vec<String>, strings: Vec<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => (-1e6f64..1e6).prop_map(Value::from),
        1 => any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        4 => proptest::sample::select(strings).prop_map(Value::String),
        1 => ".{0,12}".prop_map(Value::String),
    ];
    let key = prop_oneof![
        6 => proptest::sample::select(keys),
        1 => ".{0,8}",
    ];
    leaf.prop_recursive(4, 64, 12, move |inner| {
        prop_oneof![
            1 => proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            3 => proptest::collection::vec((key.clone(), inner), 0..12)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Struct models that must accept at least one value per run, so their round trip is really
/// exercised. Each accepted 60-180 of 256 values in trial runs. Not listed: structs with a
/// required field random JSON rarely spells right (`Ubo`, about 10 of 256), or with whole
/// nested documents required (`Customer`, the envelopes and `ErrorResponse`, never).
const MUST_ACCEPT: &[&str] = &[
    "Address",
    "AddressInput",
    "BusinessDetails",
    "CreateBusinessCustomer",
    "CreateCustomerCommon",
    "CreateIndividualCustomer",
    "DateOfBirth",
    "IndividualIdentity",
    "IndividualUpdateExtras",
    "Meta",
    "UboInput",
    "UboUpdateInput",
    "UpdateCustomerRequest",
];

#[test]
fn arbitrary_json_never_panics_and_ok_values_round_trip() {
    let cases = support::fuzz::cases(256);
    let seed = support::fuzz::seed();
    let mut runner = support::fuzz::runner(cases, seed);
    let (keys, strings) = spec_words();
    let oks = std::sync::Mutex::new(Vec::new());
    let result = runner.run(&json(keys, strings), |value| {
        let mut local = Vec::new();
        for (name, check) in all_models() {
            check(name, &value, &mut local)?;
        }
        oks.lock().expect("not poisoned").extend(local);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{}: {e}", support::fuzz::replay(seed));
    }
    let oks = oks.into_inner().expect("not poisoned");
    let mut per_type: std::collections::BTreeMap<&str, usize> = Default::default();
    for name in &oks {
        *per_type.entry(name.as_str()).or_default() += 1;
    }
    eprintln!(
        "{cases} JSON values × {} types, seed {seed}: {} decoded Ok; per type: {per_type:?}",
        declared_models().len(),
        oks.len(),
    );
    // Not vacuous: each of these structs accepted values, so its round trip was exercised.
    let starved: Vec<&&str> = MUST_ACCEPT
        .iter()
        .filter(|n| per_type.get(**n).copied().unwrap_or(0) == 0)
        .collect();
    assert!(
        starved.is_empty(),
        "no value decoded as {starved:?} ({}); counts: {per_type:?}",
        support::fuzz::replay(seed)
    );
}
