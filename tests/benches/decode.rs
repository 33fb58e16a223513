//! Decode and encode speed of the docs' Customer response (the `RetrieveCustomerResponse`
//! example in `spec/sphere.yaml`, sent compact as a server would) with three types:
//!
//! - `generated`: `sphere_api::models::CustomerResponse`;
//! - `handwritten`: the same shape written by hand with plain serde derives, the ceiling:
//!   closed enums, `Option<Option<T>>` where the generated code tells absent from `null`;
//! - `value`: `serde_json::Value`.
//!
//! ```text
//! cargo bench -p integration-tests --bench decode
//! ```
//!
//! Goal: generated ≥ 0.95× the hand-written struct's speed. Before measuring, the bench checks
//! that all three decode the example and that the two structs encode it to the same JSON.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sphere_api::models::CustomerResponse;

/// The hand-written ceiling: what a careful person would write for the same response.
mod handwritten {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize};

    /// `Some(None)` for `null`, `None` (via `default`) for an absent key.
    fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
    where
        T: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Option::<T>::deserialize(de).map(Some)
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CustomerResponse {
        pub ok: bool,
        pub object: String,
        pub status_code: i64,
        pub error: serde_json::Value,
        pub message: String,
        pub ts: DateTime<Utc>,
        pub request: String,
        pub data: CustomerData,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct CustomerData {
        pub customer: Customer,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Customer {
        pub id: String,
        pub meta: serde_json::Map<String, serde_json::Value>,
        #[serde(
            default,
            deserialize_with = "double_option",
            skip_serializing_if = "Option::is_none"
        )]
        pub description: Option<Option<String>>,
        #[serde(
            default,
            deserialize_with = "double_option",
            skip_serializing_if = "Option::is_none"
        )]
        pub source_of_funds: Option<Option<String>>,
        #[serde(
            default,
            deserialize_with = "double_option",
            skip_serializing_if = "Option::is_none"
        )]
        pub third_party: Option<Option<bool>>,
        #[serde(
            default,
            deserialize_with = "double_option",
            skip_serializing_if = "Option::is_none"
        )]
        pub third_party_message: Option<Option<String>>,
        #[serde(default)]
        pub lookup_key: Option<String>,
        #[serde(rename = "type")]
        pub kind: CustomerType,
        pub kyc: KycStatus,
        pub tos: TosStatus,
        pub msa: MsaStatus,
        pub eu_account_tos: EuAccountTosStatus,
        pub operating_residency: OperatingResidencyStatus,
        #[serde(default)]
        pub is_prohibited_business_type: Option<bool>,
        #[serde(default)]
        pub website: Option<String>,
        #[serde(default)]
        pub additional_review_required_reason: Option<String>,
        pub requirements: Vec<String>,
        pub address: Address,
        pub ubos: Vec<Ubo>,
        pub email: String,
        pub first_name: String,
        #[serde(default)]
        pub last_name: Option<String>,
        pub phone_number: String,
        pub mock: bool,
        pub wallets: Vec<String>,
        pub bank_accounts: Vec<String>,
        #[serde(default)]
        pub ach_pull_user_intent_id: Option<String>,
        pub verification_levels: Vec<VerificationLevel>,
        pub created: DateTime<Utc>,
        pub updated: DateTime<Utc>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Address {
        #[serde(default)]
        pub line1: Option<String>,
        #[serde(default)]
        pub line2: Option<String>,
        #[serde(default)]
        pub city: Option<String>,
        #[serde(default)]
        pub postal_code: Option<String>,
        #[serde(default)]
        pub state: Option<String>,
        #[serde(default)]
        pub country: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Ubo {
        pub id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub requirements: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub email: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub first_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub last_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub phone_number: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub address: Option<Address>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub created: Option<DateTime<Utc>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub updated: Option<DateTime<Utc>>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct VerificationLevel {
        pub name: VerificationLevelName,
        pub status: VerificationLevelStatus,
        pub requirements: Vec<String>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum CustomerType {
        Individual,
        Business,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum KycStatus {
        Incomplete,
        Pending,
        AdditionalReviewRequired,
        Approved,
        Rejected,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum TosStatus {
        Incomplete,
        Pending,
        Approved,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum MsaStatus {
        Incomplete,
        Pending,
        Approved,
        Declined,
        Voided,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum EuAccountTosStatus {
        Incomplete,
        Pending,
        Approved,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum OperatingResidencyStatus {
        Incomplete,
        Approved,
        Rejected,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum VerificationLevelName {
        AchPull,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum VerificationLevelStatus {
        Incomplete,
        Pending,
        Approved,
        Rejected,
    }
}

/// The `RetrieveCustomerResponse` example from the spec, as compact JSON bytes.
fn example() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/sphere.yaml");
    let text = std::fs::read_to_string(path).expect("spec/sphere.yaml");
    let spec: serde_json::Value = serde_yaml::from_str(&text).expect("spec parses");
    let value = spec
        .pointer("/components/examples/RetrieveCustomerResponse/value")
        .expect("RetrieveCustomerResponse example");
    serde_json::to_vec(value).expect("encodes")
}

fn decode_encode(c: &mut Criterion) {
    let bytes = example();
    let generated: CustomerResponse = serde_json::from_slice(&bytes).expect("generated decodes");
    let handwritten: handwritten::CustomerResponse =
        serde_json::from_slice(&bytes).expect("hand-written decodes");
    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("value decodes");
    // Same shape: both structs write the same JSON back (and it is the example, modulo key
    // order and timestamp spelling).
    let a: serde_json::Value =
        serde_json::from_slice(&serde_json::to_vec(&generated).expect("encodes")).expect("json");
    let b: serde_json::Value =
        serde_json::from_slice(&serde_json::to_vec(&handwritten).expect("encodes")).expect("json");
    assert_eq!(a, b, "generated and hand-written types disagree");

    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<CustomerResponse>(black_box(&bytes)).expect("ok"))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| {
            serde_json::from_slice::<handwritten::CustomerResponse>(black_box(&bytes)).expect("ok")
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).expect("ok"))
    });
    group.finish();

    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&generated)).expect("ok"))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| serde_json::to_vec(black_box(&handwritten)).expect("ok"))
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).expect("ok"))
    });
    group.finish();
}

criterion_group!(benches, decode_encode);
criterion_main!(benches);
