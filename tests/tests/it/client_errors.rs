//! The generated client's failure paths, against a scripted HTTP server on 127.0.0.1: typed
//! error envelopes, raw bodies, decode errors, open enums, retries with `Retry-After`,
//! timeouts, refused connections, and secrets that must never reach an error message.

use std::time::{Duration, Instant};

use sphere_api::client::{Auth, Server};
use sphere_api::models::{
    CreateCustomerRequest, CreateIndividualCustomer, KycStatus, UpdateCustomerRequest,
    VerificationLevelStatus,
};
use sphere_api::{Client, Error, ErrorBody, RetryPolicy};

use crate::support::server::{
    counting_resolver, fast_retries, free_port, http, json, within, Answer, Mock, Seen,
};

/// Every test gives up after this long, so a client that hangs fails instead of stalling CI.
const TEST_LIMIT: Duration = Duration::from_secs(20);

const TOKEN: &str = "sk_test_CANARY_TOKEN_5b1f0c2e9d";
const SSN: &str = "987-65-4321";

async fn limited<T>(f: impl std::future::Future<Output = T>) -> T {
    within(TEST_LIMIT, f).await
}

pub(crate) fn customer_json(kyc: &str, extra: &str) -> String {
    format!(
        r#"{{"ok":true,"object":"object","statusCode":200,"error":null,"message":"success",
        "data":{{"customer":{{"id":"customer_1","meta":{{}},"description":null,"sourceOfFunds":null,
        "thirdParty":null,"thirdPartyMessage":null,"lookupKey":null,"type":"individual",
        "kyc":"{kyc}","tos":"incomplete","msa":"incomplete","euAccountTos":"incomplete",
        "operatingResidency":"incomplete","isProhibitedBusinessType":null,"website":null,
        "additionalReviewRequiredReason":null,"requirements":[],
        "address":{{"line1":null,"line2":null,"city":null,"postalCode":null,"state":null,"country":null}},
        "ubos":[],"email":"a@example.com","firstName":"A","lastName":"B","phoneNumber":"+15555550100",
        "mock":false,"wallets":[],"bankAccounts":[],"achPullUserIntentId":null,
        "verificationLevels":[{{"name":"ach_pull","status":"teleported","requirements":[]}}],
        "created":"2024-08-22T16:13:01.227Z","updated":"2024-08-22T16:13:01.227Z"{extra}}}}},
        "ts":"2024-08-22T16:13:02.026Z","request":"request_ok_1"{extra}}}"#
    )
}

const NOT_FOUND: &str = r#"{"ok":false,"object":"object","statusCode":404,"error":"customer not found",
    "message":"not found","ts":"2024-09-01T10:00:00.612Z","request":"request_404"}"#;

pub(crate) fn individual() -> CreateCustomerRequest {
    CreateCustomerRequest::Individual(
        CreateIndividualCustomer::new()
            .with_first_name("Jane")
            .with_ssn(SSN),
    )
}

// ------------------------------------------------------------------------------ the tests

#[tokio::test]
async fn error_envelope_decodes_into_the_declared_schema() {
    let mock = Mock::start(|_, _| json(404, NOT_FOUND)).await;
    let client = mock.client(TOKEN, fast_retries(3));
    let err = limited(client.retrieve_customer("cus/1 ü"))
        .await
        .expect_err("404 is an error");
    let Error::Api {
        status,
        body,
        retry_after,
        ..
    } = &err
    else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(*status, 404);
    assert_eq!(*retry_after, None);
    assert!(matches!(**body, ErrorBody::ErrorResponse(_)), "{body:?}");
    assert_eq!(body.message(), Some("not found"));
    assert_eq!(body.request_id(), Some("request_404"));
    assert!(!err.is_retryable());
    let shown = err.to_string();
    assert!(
        shown.contains("404") && shown.contains("not found") && shown.contains("request_404"),
        "{shown}"
    );
    // One attempt: a 404 is final. The path parameter went out as a single encoded segment.
    assert_eq!(mock.hits(), 1);
    let head = &mock.seen()[0].head;
    assert!(
        head.starts_with("GET /v1/customer/cus%2F1%20%C3%BC HTTP/1.1"),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase().contains(&format!(
            "authorization: bearer {}",
            TOKEN.to_ascii_lowercase()
        )),
        "{head}"
    );
}

#[tokio::test]
async fn html_500_is_kept_raw_and_post_is_not_retried() {
    let mock = Mock::start(|_, _| {
        http(
            500,
            &[("content-type", "text/html")],
            "<html><body>Internal oops</body></html>",
        )
    })
    .await;
    let client = mock.client(TOKEN, fast_retries(3));
    let err = limited(client.create_customer(&individual()))
        .await
        .expect_err("500");
    match &err {
        Error::Api {
            status: 500, body, ..
        } => {
            assert_eq!(
                **body,
                ErrorBody::Raw("<html><body>Internal oops</body></html>".into())
            );
            assert_eq!(body.message(), None);
        }
        other => panic!("expected API 500, got {other:?}"),
    }
    assert!(
        err.is_retryable(),
        "a 500 may succeed later, even if POST is not retried for you"
    );
    assert_eq!(
        mock.hits(),
        1,
        "POST is not idempotent: no automatic retry on 5xx"
    );
}

#[tokio::test]
async fn get_is_retried_on_5xx_until_it_succeeds() {
    let ok = customer_json("pending", "");
    let mock = Mock::start(move |n, _| {
        if n < 2 {
            json(503, "{}")
        } else {
            json(200, &ok)
        }
    })
    .await;
    let client = mock.client(TOKEN, fast_retries(3));
    let customer = limited(client.retrieve_customer("customer_1"))
        .await
        .expect("third attempt succeeds");
    assert_eq!(customer.kyc, KycStatus::Pending);
    assert_eq!(mock.hits(), 3);
}

#[tokio::test]
async fn get_gives_up_after_max_attempts() {
    let mock = Mock::start(|_, _| json(502, "{}")).await;
    let client = mock.client(TOKEN, fast_retries(4));
    let err = limited(client.retrieve_customer("customer_1"))
        .await
        .expect_err("502");
    assert_eq!(err.status(), Some(502));
    assert_eq!(mock.hits(), 4, "exactly max_attempts requests");
}

#[tokio::test]
async fn post_is_retried_on_5xx_when_configured() {
    let mock = Mock::start(|_, _| json(500, "{}")).await;
    let client = mock.client(
        TOKEN,
        RetryPolicy {
            retry_non_idempotent: true,
            ..fast_retries(2)
        },
    );
    let err = limited(client.update_customer("c", &UpdateCustomerRequest::new()))
        .await
        .expect_err("500");
    assert_eq!(err.status(), Some(500));
    assert_eq!(mock.hits(), 2);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_status_and_excerpt() {
    let full = customer_json("pending", "");
    let cut = full[..full.len() / 2].to_owned();
    let tail: String = cut
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mock = Mock::start(move |_, _| json(200, &cut)).await;
    let client = mock.client(TOKEN, fast_retries(3));
    let err = limited(client.retrieve_customer("customer_1"))
        .await
        .expect_err("cut");
    match &err {
        Error::Decode {
            status,
            message,
            excerpt,
            ..
        } => {
            assert_eq!(*status, 200);
            assert!(message.contains("EOF"), "{message}");
            // The body where decoding stopped: here its (cut) end.
            assert!(
                excerpt.starts_with('…') && excerpt.ends_with(&tail),
                "{excerpt}"
            );
            assert!(
                excerpt.chars().count() <= 202,
                "an excerpt, not the whole body"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(!err.is_retryable());
    assert_eq!(mock.hits(), 1);
}

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_decode() {
    let body = customer_json("superApproved", r#","brandNewField":{"nested":[1,2,3]}"#);
    let mock = Mock::start(move |_, _| json(200, &body)).await;
    let client = mock.client(TOKEN, fast_retries(1));
    let customer = limited(client.retrieve_customer("customer_1"))
        .await
        .expect("unknown values are kept, extra fields ignored");
    assert_eq!(customer.kyc, KycStatus::Unknown("superApproved".into()));
    assert_eq!(
        customer.verification_levels[0].status,
        VerificationLevelStatus::Unknown("teleported".into())
    );
    assert_eq!(customer.envelope().request, "request_ok_1");
    assert_eq!(customer.id, "customer_1");
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after() {
    let ok = customer_json("approved", "");
    let mock = Mock::start(move |n, _| {
        if n == 0 {
            http(
                429,
                &[("retry-after", "1"), ("content-type", "application/json")],
                "{}",
            )
        } else {
            json(200, &ok)
        }
    })
    .await;
    // The policy's own backoff is tiny, so a wait of a second can only come from the header.
    let client = mock.client(TOKEN, fast_retries(3));
    let started = Instant::now();
    let customer = limited(client.create_customer(&individual()))
        .await
        .expect("429 is retried, even for POST");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(customer.kyc, KycStatus::Approved);
    assert_eq!(mock.hits(), 2);
}

#[tokio::test]
async fn too_many_requests_is_bounded_by_max_attempts() {
    let mock = Mock::start(|_, _| http(429, &[("retry-after", "0")], "slow down")).await;
    let client = mock.client(TOKEN, fast_retries(3));
    let err = limited(client.retrieve_customer("c"))
        .await
        .expect_err("429");
    match &err {
        Error::Api {
            status: 429,
            retry_after,
            body,
            ..
        } => {
            assert_eq!(*retry_after, Some(Duration::ZERO));
            assert_eq!(**body, ErrorBody::Raw("slow down".into()));
        }
        other => panic!("expected API 429, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(mock.hits(), 3, "three attempts in total, never more");
}

/// `Retry-After` as an IMF-fixdate `seconds` from now.
fn http_date_in(seconds: u64) -> String {
    let at = std::time::SystemTime::now() + Duration::from_secs(seconds);
    chrono::DateTime::<chrono::Utc>::from(at)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

#[tokio::test]
async fn retry_after_as_a_future_http_date_is_waited_for() {
    // Two seconds ahead, so at least one whole second once truncated to the header's
    // resolution. The policy's own backoff is at most 5 ms: a parser that failed on the date
    // would retry almost at once, and the elapsed time tells them apart.
    let date = http_date_in(2);
    let ok = customer_json("approved", "");
    let mock = Mock::start(move |n, _| {
        if n == 0 {
            http(503, &[("retry-after", date.as_str())], "")
        } else {
            json(200, &ok)
        }
    })
    .await;
    let client = mock.client(TOKEN, fast_retries(2));
    let started = Instant::now();
    limited(client.retrieve_customer("c"))
        .await
        .expect("retried once the date has passed");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert_eq!(mock.hits(), 2);
}

#[tokio::test]
async fn retry_after_as_a_past_http_date_retries_at_once() {
    let ok = customer_json("approved", "");
    let mock = Mock::start(move |n, _| {
        if n == 0 {
            http(503, &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")], "")
        } else {
            json(200, &ok)
        }
    })
    .await;
    let client = mock.client(TOKEN, fast_retries(2));
    let started = Instant::now();
    limited(client.retrieve_customer("c"))
        .await
        .expect("retried at once");
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(mock.hits(), 2);
}

#[tokio::test]
async fn retry_after_beyond_max_backoff_returns_at_once() {
    let mock = Mock::start(|_, _| http(429, &[("retry-after", "120")], "")).await;
    let client = mock.client(TOKEN, fast_retries(5));
    let started = Instant::now();
    let err = limited(client.retrieve_customer("c"))
        .await
        .expect_err("429");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(
        matches!(err, Error::Api { status: 429, retry_after: Some(d), .. } if d == Duration::from_secs(120)),
        "{err:?}"
    );
    assert_eq!(
        mock.hits(),
        1,
        "retrying before the server allows it is pointless"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let mock = Mock::start(|_, _| Answer::Hang).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .auth(Auth::BearerAuth(TOKEN.into()))
        .timeout(Duration::from_millis(300))
        .retry_policy(fast_retries(2))
        .build()
        .expect("client builds");

    let started = Instant::now();
    let err = limited(client.create_customer(&individual()))
        .await
        .expect_err("hangs");
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.is_retryable());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        mock.hits(),
        1,
        "a POST that may have arrived is not sent twice"
    );

    let started = Instant::now();
    let err = limited(client.retrieve_customer("c"))
        .await
        .expect_err("hangs");
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(mock.hits(), 3, "the GET was tried twice");
}

#[tokio::test]
async fn refused_connections_are_retried_then_reported() {
    // Nothing listens on the port; every attempt resolves the host name once, so the
    // resolver counts connection attempts.
    let port = free_port();
    let (http_client, attempts) = counting_resolver(port);
    let client = Client::builder()
        .base_url(format!("http://refused.test:{port}"))
        .http_client(http_client)
        .auth(Auth::BearerAuth(TOKEN.into()))
        .retry_policy(fast_retries(3))
        .build()
        .expect("client builds");
    let started = Instant::now();
    let err = limited(client.create_customer(&individual()))
        .await
        .expect_err("refused");
    match &err {
        Error::Transport(e) => assert!(e.is_connect(), "{e:?}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(
        attempts.load(std::sync::atomic::Ordering::SeqCst),
        3,
        "a refused POST is tried max_attempts times"
    );
    // Three attempts with at most 5 + 10 ms of backoff between them.
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn dot_segments_in_path_parameters_are_refused() {
    let mock = Mock::start(|_, _| json(404, NOT_FOUND)).await;
    let client = mock.client(TOKEN, fast_retries(1));
    for id in ["", ".", ".."] {
        let err = limited(client.retrieve_customer(id)).await.expect_err(id);
        assert!(matches!(err, Error::Encode(_)), "{id:?}: {err:?}");
    }
    assert_eq!(mock.hits(), 0, "nothing was sent");
}

#[test]
fn builder_rejects_a_bad_base_url_and_knows_the_servers() {
    let err = Client::builder()
        .base_url("not a url")
        .build()
        .expect_err("bad url");
    assert!(matches!(err, Error::InvalidBaseUrl(_)), "{err:?}");
    // Literals, not `Server::…::url()`: a wrong URL in the spec or generator must show here.
    assert_eq!(Client::new(TOKEN).base_url(), "https://api.spherepay.co");
    assert_eq!(Server::Production.url(), "https://api.spherepay.co");
    assert_eq!(
        Client::for_server(Server::Sandbox, TOKEN).base_url(),
        "https://api.sandbox.spherepay.co"
    );
    assert_eq!(
        Client::builder()
            .server(Server::Sandbox)
            .build()
            .expect("builds")
            .base_url(),
        Server::Sandbox.url()
    );
}

// ------------------------------------------------------------------------------- secrets

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(TOKEN), "{what} shows the token: {text}");
    assert!(!text.contains(SSN), "{what} shows the SSN: {text}");
    assert!(
        !text.contains("987654321"),
        "{what} shows the SSN digits: {text}"
    );
}

fn assert_error_clean(what: &str, err: &Error) {
    assert_clean(&format!("{what} Display"), &err.to_string());
    assert_clean(&format!("{what} Debug"), &format!("{err:?}"));
    assert_clean(&format!("{what} alternate Debug"), &format!("{err:#?}"));
}

/// The request as the server received it, as JSON string content.
fn echo(seen: &Seen) -> String {
    let text = format!("{}\n\n{}", seen.head, seen.body);
    let quoted = serde_json::to_string(&text).expect("a string encodes");
    quoted[1..quoted.len() - 1].to_owned()
}

#[tokio::test]
async fn token_and_ssn_never_reach_errors_even_when_the_server_echoes_them() {
    // Each request gets a different failure, and each failure quotes the whole request back.
    let mock = Mock::start(|n, seen| match n {
        0 => json(
            422,
            &format!(
                r#"{{"ok":false,"object":"object","statusCode":422,"error":"{e}","message":"bad input: {e}",
                "ts":"2024-09-01T10:00:00.512Z","request":"request_422"}}"#,
                e = echo(seen)
            ),
        ),
        1 => http(500, &[("content-type", "text/html")], &format!("<pre>{}</pre>", seen.body)),
        2 => json(200, &format!(r#"{{"ok":true,"echo":"{}""#, echo(seen))),
        3 => json(200, &format!(r#"{{"ok":"{}"}}"#, echo(seen))),
        _ => Answer::Hang,
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .auth(Auth::BearerAuth(TOKEN.into()))
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    let update = UpdateCustomerRequest::new().with_ssn(SSN);

    let err = limited(client.create_customer(&individual()))
        .await
        .expect_err("422");
    assert_eq!(err.status(), Some(422));
    assert!(
        matches!(err.body(), Some(ErrorBody::ErrorResponse(_))),
        "still typed: {err:?}"
    );
    assert!(
        err.to_string().contains("[redacted]"),
        "the echo was masked, not dropped: {err}"
    );
    assert_error_clean("422 echo", &err);

    let err = limited(client.update_customer("c", &update))
        .await
        .expect_err("500");
    assert!(
        matches!(err.body(), Some(ErrorBody::Raw(raw)) if raw.contains("[redacted]")),
        "{err:?}"
    );
    assert_error_clean("500 echo", &err);

    let err = limited(client.update_customer("c", &update))
        .await
        .expect_err("cut");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_error_clean("decode excerpt", &err);

    let err = limited(client.update_customer("c", &update))
        .await
        .expect_err("type");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_error_clean("decode message", &err);

    let err = limited(client.update_customer("c", &update))
        .await
        .expect_err("hang");
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert_error_clean("timeout", &err);

    // The server did receive both, so the masking above was the client's doing.
    let seen = mock.seen();
    assert!(seen[0].head.contains(TOKEN) && seen[0].body.contains(SSN));

    let refused = Client::builder()
        .base_url(format!("http://127.0.0.1:{}", free_port()))
        .auth(Auth::BearerAuth(TOKEN.into()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    let err = limited(refused.update_customer(SSN, &update))
        .await
        .expect_err("refused");
    assert_error_clean("transport", &err);

    assert_clean("Client Debug", &format!("{client:?}"));
    assert_clean(
        "Auth Debug",
        &format!("{:?}", Auth::BearerAuth(TOKEN.into())),
    );
    assert_clean(
        "ClientBuilder Debug",
        &format!(
            "{:?}",
            Client::builder().auth(Auth::BearerAuth(TOKEN.into()))
        ),
    );
    assert_clean("request Debug", &format!("{:?} {update:?}", individual()));
}
