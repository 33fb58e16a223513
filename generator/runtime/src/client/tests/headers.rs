//! Tests of the typed response header helpers (`client/headers.rs`).

use reqwest::header::{HeaderMap, HeaderValue};

use super::super::headers::{optional, optional_json, required, required_json};

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        let value = HeaderValue::from_str(value).expect("test values are valid");
        map.append(*name, value);
    }
    map
}

#[test]
fn scalars_decode_per_their_type() {
    let map = headers(&[
        ("x-ratelimit-limit", "5000"),
        ("x-ratelimit-remaining", " 4999 "),
        ("x-sampled", "true"),
        ("x-load", "0.25"),
        ("etag", "\"33a64df5\""),
    ]);
    assert_eq!(required::<i64>(&map, "X-RateLimit-Limit"), Ok(5000));
    assert_eq!(required::<u32>(&map, "X-RATELIMIT-REMAINING"), Ok(4999));
    assert_eq!(required::<bool>(&map, "X-Sampled"), Ok(true));
    assert_eq!(required::<f64>(&map, "X-Load"), Ok(0.25));
    assert_eq!(
        required::<String>(&map, "ETag"),
        Ok("\"33a64df5\"".to_owned())
    );
}

#[test]
fn lists_split_at_commas_and_join_repeated_fields() {
    let map = headers(&[("x-tags", "a, b,c"), ("x-ids", "1,2"), ("x-ids", "3")]);
    let tags: Vec<String> = required(&map, "X-Tags").expect("a list");
    assert_eq!(tags, ["a", "b", "c"]);
    assert_eq!(required::<Vec<i32>>(&map, "x-ids"), Ok(vec![1, 2, 3]));
    let empty = headers(&[("x-tags", "")]);
    assert_eq!(required::<Vec<String>>(&empty, "x-tags"), Ok(Vec::new()));
}

#[test]
fn dates_and_enums_decode_from_their_text() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Mode {
        Fast,
        Slow,
    }
    let map = headers(&[
        ("x-reset", "2024-09-01T10:00:00Z"),
        ("x-mode", "slow"),
        ("x-bad-mode", "medium"),
    ]);
    let reset: chrono::DateTime<chrono::FixedOffset> =
        required(&map, "x-reset").expect("a date-time");
    assert_eq!(reset.timestamp(), 1_725_184_800);
    assert_eq!(required::<Mode>(&map, "x-mode"), Ok(Mode::Slow));
    let error = required::<Mode>(&map, "x-bad-mode").expect_err("not listed");
    assert_eq!(
        error.message(),
        "does not match its schema: expected one of fast, slow"
    );
}

#[test]
fn missing_headers_are_none_or_an_error_naming_them() {
    let map = headers(&[]);
    assert_eq!(optional::<i64>(&map, "Retry-After"), Ok(None));
    let error = required::<i64>(&map, "Retry-After").expect_err("missing");
    assert_eq!(error.name(), "Retry-After");
    assert_eq!(error.message(), "is required but missing");
}

#[test]
fn a_mismatch_names_the_header_and_never_its_value() {
    let map = headers(&[
        ("x-count", "sk_live_secret"),
        ("x-when", "sk_live_secret"),
        ("x-flag", "sk_live_secret"),
        ("x-json", "{\"token\": sk_live_secret}"),
    ]);
    let count = required::<i64>(&map, "X-Count").expect_err("not a number");
    assert_eq!(count.name(), "X-Count");
    assert_eq!(
        count.message(),
        "does not match its schema: expected an integer"
    );
    let when =
        required::<chrono::DateTime<chrono::FixedOffset>>(&map, "x-when").expect_err("not a date");
    assert!(!when.message().contains("sk_live"), "{}", when.message());
    let flag = required::<bool>(&map, "x-flag").expect_err("not a boolean");
    assert_eq!(
        flag.message(),
        "does not match its schema: expected `true` or `false`"
    );
    let json = required_json::<serde_json::Value>(&map, "x-json").expect_err("not JSON");
    assert!(!json.message().contains("sk_live"), "{}", json.message());
}

#[test]
fn json_headers_decode_their_text() {
    let map = headers(&[("x-quota", "{\"used\": 3, \"limit\": 10}")]);
    let quota: serde_json::Value = required_json(&map, "X-Quota").expect("JSON");
    assert_eq!(quota, serde_json::json!({"used": 3, "limit": 10}));
    assert_eq!(optional_json::<serde_json::Value>(&map, "x-none"), Ok(None));
}

#[test]
fn invalid_utf8_is_an_error() {
    let mut map = HeaderMap::new();
    let value = HeaderValue::from_bytes(b"caf\xe9").expect("obs-text is allowed");
    map.insert("x-name", value);
    let error = required::<String>(&map, "x-name").expect_err("not UTF-8");
    assert_eq!(error.message(), "is not valid UTF-8");
}

/// A name HTTP cannot carry (a spec may declare anything) is never present, and never panics.
#[test]
fn an_impossible_name_is_missing() {
    let map = headers(&[("x-ok", "1")]);
    assert_eq!(optional::<i64>(&map, "X Bad\nName"), Ok(None));
    let error = required::<i64>(&map, "").expect_err("missing");
    assert_eq!(error.message(), "is required but missing");
}

/// Valid JSON of the wrong shape: serde quotes the offending string, which is only part of
/// the header's value, so masking the whole value is not enough.
#[test]
fn a_json_mismatch_never_quotes_part_of_the_value() {
    let map = headers(&[("x-quota", "{\"token\": \"sk_live_secret\"}")]);
    let error = required_json::<std::collections::BTreeMap<String, i64>>(&map, "X-Quota")
        .expect_err("a string, not an integer");
    assert_eq!(error.name(), "X-Quota");
    assert_eq!(
        error.message(),
        "does not match its schema (JSON column 26)"
    );
}
