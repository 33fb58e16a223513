//! What a service needs from one call, against a scripted HTTP server on 127.0.0.1: per-call
//! headers, timeout, retry policy and idempotency key; the status, headers and raw body beside
//! the typed value; errors that name the JSON path and show their root cause; `Debug` that
//! says whether a secret is set without showing it.

use std::time::{Duration, Instant};

use sphere_api::models::{CreateCustomerRequest, CreateIndividualCustomer};
use sphere_api::{CallOptions, Error, RetryPolicy};

use crate::client_errors::{customer_json, individual};
use crate::support::server::{fast_retries, free_port, http, json, within, Answer, Mock};

const TOKEN: &str = "sk_test_CANARY_TOKEN_77aa";
const LIMIT: Duration = Duration::from_secs(20);

/// The value of header `name` in a request head, if sent.
fn header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

#[tokio::test]
async fn one_call_gets_its_own_headers_timeout_retries_and_idempotency_key() {
    let ok = customer_json("approved", "");
    let mock = Mock::start(move |n, _| match n {
        0 | 1 => http(503, &[("retry-after", "0")], ""),
        _ => json(200, &ok),
    })
    .await;
    // The client never retries; this one call does, three times, with its own header and key.
    let client = mock.client(TOKEN, RetryPolicy::none());
    let customer = within(
        LIMIT,
        client
            .create_customer(&individual())
            .header("Prefer", "code=200")
            .idempotency_key("onboard-42")
            .retry_policy(fast_retries(3)),
    )
    .await
    .expect("the third attempt succeeds");
    assert_eq!(customer.id, "customer_1");
    let seen = mock.seen();
    assert_eq!(seen.len(), 3, "a POST with an idempotency key is retried");
    for request in &seen {
        assert_eq!(header(&request.head, "prefer").as_deref(), Some("code=200"));
        assert_eq!(
            header(&request.head, "idempotency-key").as_deref(),
            Some("onboard-42")
        );
    }

    // The next call is the client's own again: one attempt, no extra header.
    within(LIMIT, client.retrieve_customer("c"))
        .await
        .expect("the script answers 200 from the third request on");
    assert_eq!(mock.hits(), 4);
    let last = mock.seen().pop().expect("a request");
    assert_eq!(header(&last.head, "prefer"), None);
    assert_eq!(header(&last.head, "idempotency-key"), None);
}

#[tokio::test]
async fn a_per_call_timeout_cuts_one_slow_call_short() {
    let mock = Mock::start(|_, _| Answer::Hang).await;
    // The client allows 5 s per attempt; this call allows 150 ms, reused through CallOptions.
    let client = mock.client(TOKEN, RetryPolicy::none());
    let quick = CallOptions::new().timeout(Duration::from_millis(150));
    let started = Instant::now();
    let err = within(LIMIT, client.retrieve_customer("c").options(quick))
        .await
        .expect_err("hangs");
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn status_headers_and_body_come_with_the_value_and_with_errors() {
    let ok = customer_json("approved", "");
    let body = ok.clone();
    let mock = Mock::start(move |n, _| match n {
        0 => http(
            200,
            &[
                ("content-type", "application/json"),
                ("x-request-id", "req-abc"),
                ("x-ratelimit-remaining", "41"),
            ],
            &body,
        ),
        _ => http(
            503,
            &[("x-request-id", "req-def"), ("content-type", "text/html")],
            "<html><body><h1>Service   Unavailable</h1>\n</body></html>",
        ),
    })
    .await;
    let client = mock.client(TOKEN, RetryPolicy::none());
    let response = within(LIMIT, client.retrieve_customer("c").send_with_response())
        .await
        .expect("200");
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("X-Request-Id"), Some("req-abc"));
    assert_eq!(response.header("x-ratelimit-remaining"), Some("41"));
    assert_eq!(response.body(), ok.as_bytes());
    // The typed value is right there (through the envelope, to the customer).
    assert_eq!(response.id, "customer_1");

    let err = within(LIMIT, client.retrieve_customer("c").send_with_response())
        .await
        .expect_err("503");
    let raw = err.response().expect("an API error has its response");
    assert_eq!(raw.status, 503);
    assert_eq!(raw.header("x-request-id"), Some("req-def"));
    assert!(raw.text().starts_with("<html>"));
    // Whitespace collapsed, and bounded.
    assert_eq!(
        err.to_string(),
        "the API answered HTTP 503; body starts: <html><body><h1>Service Unavailable</h1> </body></html>"
    );
}

#[tokio::test]
async fn decode_errors_name_the_json_path() {
    let wrong_type = customer_json("approved", "").replace(
        r#""created":"2024-08-22T16:13:01.227Z""#,
        r#""created":12345"#,
    );
    let bad_time = customer_json("approved", "").replace(
        r#""updated":"2024-08-22T16:13:01.227Z""#,
        r#""updated":"2024-08-22T16:13:61.227Z""#,
    );
    let bodies = [wrong_type, bad_time];
    let mock = Mock::start(move |n, _| json(200, &bodies[n.min(1)])).await;
    let client = mock.client(TOKEN, RetryPolicy::none());

    let err = within(LIMIT, client.retrieve_customer("c"))
        .await
        .expect_err("a number where a timestamp belongs");
    let Error::Decode { path, message, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(path, "data.customer.created");
    assert!(
        message.starts_with("invalid type: integer `12345`"),
        "{message}"
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with("HTTP 200 response does not match the spec at `data.customer.created`: invalid type: integer `12345`"),
        "{shown}"
    );
    assert!(
        shown.contains(r#""created":12345"#),
        "quotes the body there: {shown}"
    );

    let err = within(LIMIT, client.retrieve_customer("c"))
        .await
        .expect_err("second 61");
    let Error::Decode { path, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(path, "data.customer.updated");
}

#[tokio::test]
async fn a_refused_connection_says_so() {
    let client = sphere_api::Client::builder()
        .base_url(format!("http://127.0.0.1:{}", free_port()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let err = within(LIMIT, client.retrieve_customer("c"))
        .await
        .expect_err("nothing listens");
    let shown = err.to_string().to_ascii_lowercase();
    assert!(shown.starts_with("could not reach the api: "), "{shown}");
    assert!(shown.contains("connection refused"), "{shown}");
}

#[tokio::test]
async fn a_non_json_error_body_is_shown_masked_and_bounded() {
    let page = format!(
        "<html><body>token {TOKEN} rejected{}</body></html>",
        " padding".repeat(100)
    );
    let mock = Mock::start(move |_, _| http(500, &[("content-type", "text/html")], &page)).await;
    let client = mock.client(TOKEN, RetryPolicy::none());
    let err = within(LIMIT, client.retrieve_customer("c"))
        .await
        .expect_err("500");
    let shown = err.to_string();
    assert!(
        shown.starts_with(
            "the API answered HTTP 500; body starts: <html><body>token [redacted] rejected padding"
        ),
        "{shown}"
    );
    assert!(!shown.contains("CANARY"), "{shown}");
    assert!(shown.ends_with('…'), "{shown}");
    assert!(shown.chars().count() < 300, "{shown}");
    let raw = err.response().expect("response");
    assert!(!raw.text().contains("CANARY"));
}

/// `Debug` says whether a secret is set and never shows it, before the call and in the
/// error of a server that echoes the request back.
#[tokio::test]
async fn debug_says_whether_a_secret_is_set_without_showing_it() {
    const SSN: &str = "987-65-4321";
    let without = CreateIndividualCustomer::new().with_first_name("Jane");
    let shown = format!("{without:?}");
    assert!(shown.contains("ssn: None"), "{shown}");
    let with = CreateCustomerRequest::Individual(without.with_ssn(SSN));
    let shown = format!("{with:?}");
    assert!(shown.contains(r#"ssn: Some("[redacted]")"#), "{shown}");
    assert!(!shown.contains("987-65"), "{shown}");

    // The server quotes the whole request body back in its error message.
    let mock = Mock::start(|_, seen| {
        let message = serde_json::to_string(&format!("bad request: {}", seen.body))
            .expect("a JSON string");
        json(
            400,
            &format!(
                r#"{{"ok":false,"object":"object","statusCode":400,"error":"bad","message":{message},"ts":"2024-09-01T10:00:00.612Z","request":"r1"}}"#
            ),
        )
    })
    .await;
    let client = mock.client(TOKEN, RetryPolicy::none());
    let err = within(LIMIT, client.create_customer(&with))
        .await
        .expect_err("400");
    assert!(mock.seen()[0].body.contains(SSN), "the SSN was sent");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains(SSN), "{shown}");
        assert!(!shown.contains("CANARY"), "{shown}");
    }
    assert!(err.to_string().contains(r#""ssn":"[redacted]""#), "{err}");
    let raw = err.response().expect("the response");
    assert!(!raw.text().contains(SSN));
}
