//! Every example in `spec/sphere.yaml` decodes into the generated type its schema names and
//! encodes back to the same JSON; and the docs' payloads still decode when the server sends
//! enum values the spec does not know.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use sphere_api::models::{
    CreateCustomerRequest, Customer, CustomerResponse, CustomerType, ErrorResponse, KycStatus,
    UpdateCustomerRequest, VerificationLevelStatus,
};

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/sphere.yaml");
    let text = std::fs::read_to_string(path).expect("spec/sphere.yaml is readable");
    serde_yaml::from_str(&text).expect("spec is YAML")
}

fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => spec
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling {r}")),
        None => node,
    }
}

/// Numbers compare by value (`50000` and `50000.0` are one JSON number to a server); every
/// string, timestamps included, must come back byte for byte.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn round_trip<T: DeserializeOwned + Serialize>(name: &str, example: &Value) {
    let decoded: T = serde_json::from_value(example.clone())
        .unwrap_or_else(|e| panic!("example {name} does not decode: {e}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert!(
        same_json(&encoded, example),
        "example {name} changed in a round trip:\n  before: {example}\n  after:  {encoded}"
    );
}

/// Decodes and re-encodes `example` with the generated type for the schema `schema` names.
fn check(schema: &str, name: &str, example: &Value) {
    match schema {
        "CreateCustomerRequest" => round_trip::<CreateCustomerRequest>(name, example),
        "UpdateCustomerRequest" => round_trip::<UpdateCustomerRequest>(name, example),
        "CustomerResponse" => round_trip::<CustomerResponse>(name, example),
        "ErrorResponse" => round_trip::<ErrorResponse>(name, example),
        "Customer" => round_trip::<Customer>(name, example),
        other => {
            panic!("example {name} uses schema {other}, which this test does not map to a type yet")
        }
    }
}

fn schema_name(spec: &Value, media: &Value) -> String {
    let schema = media.get("schema").expect("media type has a schema");
    let r = schema
        .get("$ref")
        .and_then(Value::as_str)
        .expect("bodies reference a named schema");
    let _ = spec;
    r.rsplit('/').next().expect("ref has a name").to_owned()
}

/// Every example attached to a media type of an operation, with its schema's name.
fn media_examples(spec: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    let mut visit = |media: &Value, at: String| {
        let schema = schema_name(spec, media);
        if let Some(ex) = media.get("example") {
            out.push((schema.clone(), at.clone(), ex.clone()));
        }
        for (name, ex) in media
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let ex = resolve(spec, ex);
            let value = ex.get("value").expect("example has a value").clone();
            out.push((schema.clone(), format!("{at} {name}"), value));
        }
    };
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let Some(op) = op.as_object() else { continue };
            if let Some(body) = op.get("requestBody") {
                let body = resolve(spec, body);
                visit(
                    &body["content"]["application/json"],
                    format!("{method} {path} request"),
                );
            }
            for (status, response) in op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let response = resolve(spec, response);
                if let Some(media) = response
                    .get("content")
                    .and_then(|c| c.get("application/json"))
                {
                    visit(media, format!("{method} {path} {status}"));
                }
            }
        }
    }
    out
}

#[test]
fn every_spec_example_round_trips() {
    let spec = spec();
    let mut examples = media_examples(&spec);
    if let Some(ex) = spec.pointer("/components/schemas/Customer/example") {
        examples.push((
            "Customer".into(),
            "Customer schema example".into(),
            ex.clone(),
        ));
    }
    // 13 examples on operations' JSON bodies (9 of them `$ref`s into components/examples, some
    // shared by several operations) and the Customer schema's own example.
    let names: Vec<&str> = examples.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(examples.len(), 14, "{names:#?}");
    // Every named example of the spec is among them.
    for (name, example) in spec["components"]["examples"]
        .as_object()
        .expect("components/examples")
    {
        assert!(
            examples.iter().any(|e| e.2 == example["value"]),
            "components/examples/{name} is never round-tripped"
        );
    }
    for (schema, name, example) in &examples {
        check(schema, name, example);
    }
}

#[test]
fn unknown_enum_values_from_the_server_still_decode() {
    let spec = spec();
    let mut customer = spec
        .pointer("/components/schemas/Customer/example")
        .expect("Customer example")
        .clone();
    customer["kyc"] = "videoCallScheduled".into();
    customer["type"] = "trust".into();
    customer["verificationLevels"][0]["status"] = "escalated".into();
    customer["someFieldAddedLater"] = serde_json::json!({"nested": true});
    let decoded: Customer =
        serde_json::from_value(customer.clone()).expect("decodes despite new values");
    assert_eq!(decoded.kyc, KycStatus::Unknown("videoCallScheduled".into()));
    assert_eq!(decoded.type_, CustomerType::Unknown("trust".into()));
    assert_eq!(
        decoded.verification_levels[0].status,
        VerificationLevelStatus::Unknown("escalated".into())
    );
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(
        encoded["kyc"], "videoCallScheduled",
        "unknown values are sent back byte-exact"
    );
    assert_eq!(encoded["type"], "trust");
    assert_eq!(encoded["verificationLevels"][0]["status"], "escalated");
}

/// Every precision and offset a server may send comes back as it was sent, inside a whole
/// response body, and still gives the instant.
#[test]
fn timestamps_round_trip_byte_exact() {
    let docs = first_customer_response_example();
    for text in [
        "2024-08-22T16:13:01.227Z",
        "2024-09-01T10:00:00.000Z",
        "2024-09-01T10:00:00Z",
        "2024-09-01T10:00:00.123456Z",
        "2024-09-01T12:00:00+02:00",
        "2024-09-01T12:00:00.100-05:30",
    ] {
        let mut body = docs.clone();
        body["data"]["customer"]["created"] = Value::from(text);
        body["ts"] = Value::from(text);
        let decoded: CustomerResponse = serde_json::from_value(body.clone()).expect("decodes");
        let encoded = serde_json::to_value(&decoded).expect("encodes");
        assert_eq!(encoded, body, "{text}");
        let expected = chrono::DateTime::parse_from_rfc3339(text).expect("valid");
        assert_eq!(decoded.data.customer.created.to_utc(), expected);
    }
}

/// The first `CustomerResponse` example of the spec.
fn first_customer_response_example() -> Value {
    let spec = spec();
    media_examples(&spec)
        .into_iter()
        .find(|(schema, _, _)| schema == "CustomerResponse")
        .map(|(_, _, value)| value)
        .expect("the spec has a CustomerResponse example")
}

#[test]
fn the_misspelt_status_stays_misspelt() {
    let status: VerificationLevelStatus =
        serde_json::from_str("\"convereted_to_user\"").expect("decodes");
    assert_eq!(status, VerificationLevelStatus::ConveretedToUser);
    assert_eq!(status.as_str(), "convereted_to_user");
}
