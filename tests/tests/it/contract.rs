//! Contract test: every operation, called through the generated client, against Prism mocking
//! `spec/sphere.yaml` with `--errors` (so any request or response that breaks the spec turns
//! into an error response). `cargo xtask test` starts Prism and sets `SPHERE_MOCK_URL`.
//!
//! To run it by hand:
//! `npm ci`, then `node_modules/.bin/prism mock --host 127.0.0.1 --port 4010 --errors
//! spec/sphere.yaml &`, then `SPHERE_MOCK_URL=http://127.0.0.1:4010 cargo test -p integration-tests --test it contract`.

use std::path::Path;
use std::time::Duration;

use sphere_api::client::Auth;
use sphere_api::models::{
    AddressInput, CreateBusinessCustomer, CreateCustomerRequest, CreateIndividualCustomer,
    CustomerResponse, CustomerType, DateOfBirth, EstimatedAnnualRevenueUsd, KycStatus, TosStatus,
    UpdateCustomerRequest, VerificationLevelName, VerificationLevelStatus,
};
use sphere_api::{Client, Error, ErrorBody, RetryPolicy};

/// Every call gives up after this long, so a stuck mock fails the test instead of hanging it.
const CALL_LIMIT: Duration = Duration::from_secs(30);

/// The mock's base URL; `None` (with a note) when it is not running outside CI.
fn mock_url() -> Option<String> {
    match std::env::var("SPHERE_MOCK_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("SPHERE_MOCK_URL is not set in CI: run the tests through `cargo xtask test`")
        }
        _ => {
            eprintln!(
                "note: skipping the Prism contract test (SPHERE_MOCK_URL is not set); \
                 `cargo xtask test` runs it"
            );
            None
        }
    }
}

fn client(url: &str, prefer_example: Option<&str>) -> Client {
    let mut builder = Client::builder()
        .base_url(url)
        .auth(Auth::BearerAuth("sk_test_contract".into()))
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::none());
    if let Some(example) = prefer_example {
        // Prism picks the named response example from `Prefer`; a caller-built reqwest
        // client is how this crate lets extra headers through.
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "prefer",
            reqwest::header::HeaderValue::from_str(&format!("example={example}"))
                .expect("valid header"),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .expect("reqwest client builds");
        builder = builder.http_client(http);
    }
    builder.build().expect("client builds")
}

async fn limited<T>(f: impl std::future::Future<Output = T>) -> T {
    crate::support::server::within(CALL_LIMIT, f).await
}

/// `components/examples/<name>/value` from the spec.
fn spec_example(name: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/sphere.yaml");
    let text = std::fs::read_to_string(&path).expect("spec/sphere.yaml reads");
    let spec: serde_json::Value = serde_yaml::from_str(&text).expect("spec parses");
    spec["components"]["examples"][name]["value"].clone()
}

fn spec_response(name: &str) -> CustomerResponse {
    serde_json::from_value(spec_example(name)).expect("the spec's example decodes")
}

fn unwrap_call<T>(what: &str, result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| panic!("{what} broke the contract: {e}\n{e:?}"))
}

#[tokio::test]
async fn every_operation_round_trips_through_the_mock() {
    let Some(url) = mock_url() else { return };
    let client = client(&url, None);

    // createCustomer, individual, built with the typed builders.
    let individual = CreateCustomerRequest::Individual(
        CreateIndividualCustomer::new()
            .with_first_name("John")
            .with_last_name("Doe")
            .with_email("johndoe123@gmail.com")
            .with_phone_number("+12345678900")
            .with_address(
                AddressInput::new()
                    .with_line1("123 Main St")
                    .with_city("San Francisco")
                    .with_postal_code("94107")
                    .with_state("CA")
                    .with_country("USA"),
            )
            .with_dob(
                DateOfBirth::new()
                    .with_month(3)
                    .with_day(23)
                    .with_year(1990),
            ),
    );
    let created = unwrap_call(
        "createCustomer (individual)",
        limited(client.create_customer(&individual)).await,
    );
    assert_eq!(created.id, "customer_8444b807ac58487d9ed2001e830c9e69");
    assert_eq!(created.type_, CustomerType::Individual);
    assert_eq!(created.kyc, KycStatus::Incomplete);
    assert_eq!(created.first_name, "John");
    assert_eq!(created.address.city.as_deref(), Some("San Francisco"));
    assert_eq!(created.requirements, ["customerIdentityDocument", "ssn"]);
    assert!(created.ubos.is_empty());
    assert_eq!(
        created.envelope().request,
        "request_29562171ced84c5ea09df36ef22101e8"
    );
    assert_eq!(
        created.envelope().ts.to_rfc3339(),
        "2024-08-22T16:13:02.026+00:00"
    );
    assert_eq!(
        *created.envelope(),
        spec_response("CreateIndividualCustomerResponse")
    );

    // retrieveCustomer, with the id the create returned.
    let fetched = unwrap_call(
        "retrieveCustomer",
        limited(client.retrieve_customer(&created.id)).await,
    );
    assert_eq!(fetched.id, created.id);
    assert_eq!(fetched.email, "johndoe123@gmail.com");
    assert_eq!(
        fetched.envelope().request,
        "request_cdde26b2c0534183a1aaba6baebaec1f"
    );
    assert_eq!(
        *fetched.envelope(),
        spec_response("RetrieveCustomerResponse")
    );

    // updateCustomer, with the SSN and a free-form meta map.
    let mut meta = serde_json::Map::new();
    meta.insert("key".into(), "value".into());
    let update = UpdateCustomerRequest::new()
        .with_website("https://www.example.com")
        .with_meta(meta)
        .with_ssn("111-11-1111");
    let updated = unwrap_call(
        "updateCustomer",
        limited(client.update_customer(&fetched.id, &update)).await,
    );
    assert_eq!(updated.website.as_deref(), Some("https://www.example.com"));
    assert_eq!(updated.kyc, KycStatus::Pending);
    assert_eq!(updated.meta.get("key"), Some(&serde_json::json!("value")));
    let level = &updated.verification_levels[0];
    assert_eq!(level.name, VerificationLevelName);
    assert_eq!(level.status, VerificationLevelStatus::Incomplete);
    assert_eq!(*updated.envelope(), spec_response("UpdateCustomerResponse"));
}

#[tokio::test]
async fn business_with_ubos_round_trips_through_the_mock() {
    let Some(url) = mock_url() else { return };
    let client = client(&url, Some("business"));

    // The spec's own business example, decoded into the typed request and sent back out.
    let body: CreateCustomerRequest =
        serde_json::from_value(spec_example("CreateBusinessCustomerRequest"))
            .expect("the spec's business request decodes");
    let CreateCustomerRequest::Business(business) = &body else {
        panic!("the business example decodes as a business: {body:?}");
    };
    assert_eq!(business.ubos.as_ref().map(Vec::len), Some(2));

    let created = unwrap_call(
        "createCustomer (business)",
        limited(client.create_customer(&body)).await,
    );
    assert_eq!(created.type_, CustomerType::Business);
    assert_eq!(created.tos, TosStatus::Approved);
    assert_eq!(created.first_name, "Example Widgets LLC");
    assert_eq!(created.last_name, None);
    assert_eq!(created.ubos.len(), 2);
    assert_eq!(created.ubos[0].id, "ubo_00000000000000000000000000000u01");
    assert_eq!(
        created.ubos[0].email.as_deref(),
        Some("jane.tester@example.com")
    );
    assert_eq!(created.ubos[1].first_name.as_deref(), Some("Sam"));
    assert_eq!(
        *created.envelope(),
        spec_response("CreateBusinessCustomerResponse")
    );
}

/// The checks above can fail: Prism flags a request that breaks the spec, both through the
/// client (a typed 422) and on the wire (`sl-violations`), and it passes the client's own
/// requests without a violation.
#[tokio::test]
async fn the_mock_flags_requests_that_break_the_spec() {
    let Some(url) = mock_url() else { return };

    // Through the client: an enum value the spec does not allow. (The disclaimer, a one-value
    // enum, is a constant type: the client cannot send another text at all.)
    let bad = CreateCustomerRequest::Business(
        CreateBusinessCustomer::new()
            .with_name("Bad Revenue Inc")
            .with_tos_disclaimer()
            .with_estimated_annual_revenue_usd(EstimatedAnnualRevenueUsd::Unknown("lots".into())),
    );
    let err = limited(client(&url, None).create_customer(&bad))
        .await
        .expect_err("Prism rejects a revenue band the spec does not list");
    assert_eq!(err.status(), Some(422), "{err:?}");
    assert!(
        matches!(err.body(), Some(ErrorBody::ErrorResponse(_))),
        "the 422 body decodes into the declared schema: {err:?}"
    );

    // On the wire: the same kind of request carries Prism's violation report, and a valid
    // body serialised exactly as the client does carries none.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("reqwest client builds");
    let post = |body: Vec<u8>| {
        http.post(format!("{url}/v1/customer"))
            .bearer_auth("sk_test_contract")
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let invalid = br#"{"type":"individual","dob":{"month":"March"}}"#.to_vec();
    let response = limited(post(invalid)).await.expect("Prism answers");
    assert_eq!(response.status().as_u16(), 422);
    let violations = response
        .headers()
        .get("sl-violations")
        .expect("Prism reports the violation in sl-violations");
    assert!(
        violations.to_str().unwrap_or_default().contains("dob"),
        "{violations:?}"
    );

    let valid: CreateCustomerRequest =
        serde_json::from_value(spec_example("CreateIndividualCustomerRequest"))
            .expect("the spec's individual request decodes");
    let response = limited(post(serde_json::to_vec(&valid).expect("encodes")))
        .await
        .expect("Prism answers");
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers().get("sl-violations").is_none(),
        "{:?}",
        response.headers().get("sl-violations")
    );
}
