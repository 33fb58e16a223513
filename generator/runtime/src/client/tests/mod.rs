//! Tests of the client runtime (this folder is not copied into generated crates).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;

use super::encode::{self, QueryStyle};
use super::error::{excerpt, excerpt_near};
use super::retry::{is_idempotent, parse_retry_after};
use super::secrets::{collect, scrub, PathStep};
use super::send::Request;
use super::*;

/// 1994-11-06T08:49:37Z, the instant of RFC 9110's date examples.
const EXAMPLE_INSTANT: u64 = 784_111_777;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

#[test]
fn retry_after_reads_seconds_and_all_three_http_date_formats() {
    let before = at(EXAMPLE_INSTANT - 90);
    for date in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        assert_eq!(
            parse_retry_after(date, before),
            Some(Duration::from_secs(90)),
            "{date}"
        );
    }
    // A date already past means no wait, not a refusal.
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at(EXAMPLE_INSTANT + 5)),
        Some(Duration::ZERO)
    );
    assert_eq!(
        parse_retry_after(" 120 ", before),
        Some(Duration::from_secs(120))
    );
    for invalid in [
        "",
        "-1",
        "1.5",
        "soon",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 CET",
        "99999999999999999999999",
    ] {
        assert_eq!(parse_retry_after(invalid, before), None, "{invalid:?}");
    }
}

#[test]
fn backoff_doubles_up_to_the_maximum_and_jitters_below_it() {
    let policy = RetryPolicy {
        max_attempts: 5,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(350),
        retry_non_idempotent: false,
    };
    let caps: Vec<_> = (0..4).map(|r| policy.backoff_cap(r).as_millis()).collect();
    assert_eq!(caps, [100, 200, 350, 350]);
    assert_eq!(policy.backoff_cap(u32::MAX), Duration::from_millis(350));
    for retry in 0..4 {
        assert!(policy.backoff(retry) <= policy.backoff_cap(retry));
    }
    // The server's Retry-After replaces the backoff, unless it asks for too long.
    assert_eq!(
        policy.wait(0, Some(Duration::from_millis(300))),
        Some(Duration::from_millis(300))
    );
    assert_eq!(policy.wait(0, Some(Duration::from_secs(1))), None);
}

#[test]
fn idempotent_methods_are_rfc_9110s() {
    use reqwest::Method;
    for m in [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
    ] {
        assert!(is_idempotent(&m), "{m}");
    }
    for m in [Method::POST, Method::PATCH] {
        assert!(!is_idempotent(&m), "{m}");
    }
}

#[test]
fn query_styles_encode_as_openapi_describes() {
    let cases = [
        (
            json!([1, 2]),
            QueryStyle::FormExplode,
            vec![("ids", "1"), ("ids", "2")],
        ),
        (json!([1, 2]), QueryStyle::Form, vec![("ids", "1,2")]),
        (
            json!([1, 2]),
            QueryStyle::SpaceDelimited,
            vec![("ids", "1 2")],
        ),
        (
            json!([1, 2]),
            QueryStyle::PipeDelimited,
            vec![("ids", "1|2")],
        ),
        (
            json!({"a": "x", "b": 2}),
            QueryStyle::FormExplode,
            vec![("a", "x"), ("b", "2")],
        ),
        (
            json!({"a": "x", "b": 2}),
            QueryStyle::Form,
            vec![("ids", "a,x,b,2")],
        ),
        (
            json!({"a": {"b": "x"}, "c": [1, 2]}),
            QueryStyle::DeepObject,
            vec![("ids[a][b]", "x"), ("ids[c][]", "1"), ("ids[c][]", "2")],
        ),
        (json!(null), QueryStyle::Form, vec![]),
        (json!(true), QueryStyle::Form, vec![("ids", "true")]),
    ];
    for (value, style, expected) in cases {
        let mut out = Vec::new();
        encode::query(&mut out, "ids", &value, style).unwrap();
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(out, expected, "{value} {style:?}");
    }
}

#[test]
fn path_segments_are_encoded_and_dot_segments_refused() {
    assert_eq!(encode::path_segment("id", &"a/b c").unwrap(), "a%2Fb%20c");
    assert_eq!(encode::path_segment("id", &"ok-._~").unwrap(), "ok-._~");
    assert_eq!(encode::path_segment("id", &[1, 2]).unwrap(), "1%2C2");
    assert_eq!(encode::path_segment("n", &42).unwrap(), "42");
    for bad in ["", ".", ".."] {
        let err = encode::path_segment("id", &bad).unwrap_err();
        assert!(
            matches!(err, Error::Encode(ref m) if m.contains("`id`")),
            "{err}"
        );
    }
}

#[test]
fn headers_and_cookies_skip_null_values() {
    assert_eq!(encode::header(&Some("v")).unwrap().as_deref(), Some("v"));
    assert_eq!(encode::header(&None::<String>).unwrap(), None);
    assert_eq!(
        encode::cookie("c", &[1, 2]).unwrap().as_deref(),
        Some("c=1,2")
    );
}

#[test]
fn secrets_are_found_along_their_paths_and_masked_in_every_form() {
    let body = json!({
        "ssn": "123-45-6789",
        "ubos": [{"ssn": "987-65-4321"}, {"ssn": 111}],
        "name": "x",
    });
    let mut found = Vec::new();
    collect(&body, &[PathStep::Key("ssn")], &mut found);
    collect(
        &body,
        &[PathStep::Key("ubos"), PathStep::Each, PathStep::Key("ssn")],
        &mut found,
    );
    collect(&body, &[PathStep::Key("missing")], &mut found);
    assert_eq!(found, ["123-45-6789", "987-65-4321", "111"]);

    let secrets = vec!["a b\"c".to_owned(), String::new()];
    let echoed = r#"raw a b"c, json "a b\"c", url a%20b%22c"#;
    assert_eq!(
        scrub(echoed, &secrets),
        r#"raw [redacted], json "[redacted]", url [redacted]"#
    );
}

#[test]
fn excerpts_are_bounded_by_characters() {
    assert_eq!(excerpt("short"), "short");
    let long = "é".repeat(500);
    let cut = excerpt(&long);
    assert_eq!(cut.chars().count(), 201);
    assert!(cut.ends_with('…'));
}

#[test]
fn enveloped_derefs_to_the_resource() {
    let e = Enveloped::new(
        json!({"data": {"id": "c1"}, "request": "r1"}),
        |e| &e["data"],
        |e| e["data"].clone(),
    );
    assert_eq!(e["id"], "c1");
    assert_eq!(e.envelope()["request"], "r1");
    assert_eq!(format!("{:?}", e.clone()), format!("{:?}", e.envelope()));
    assert_eq!(e.into_inner(), json!({"id": "c1"}));
}

#[test]
fn credentials_never_show_in_debug() {
    let builder = Client::builder().auth(Auth::Bearer("tok-123".into()));
    let client = builder
        .auth(Auth::Bearer("tok-456".into()))
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("tok-"), "{shown}");
    // The second credential for a scheme replaces the first.
    assert_eq!(client.auth.len(), 1);
}

#[tokio::test]
async fn an_unusable_base_url_fails_every_call_instead_of_panicking() {
    assert!(matches!(
        Client::builder().base_url("not a url").build(),
        Err(Error::InvalidBaseUrl(_))
    ));
    let client = Client::builder().base_url("").build_deferred();
    let err = client
        .send(Request::new(reqwest::Method::GET, "/x".into()), &[])
        .await
        .err();
    assert!(matches!(err, Some(Error::InvalidBaseUrl(_))), "{err:?}");
}

/// A server on 127.0.0.1 that answers every request with `responses[n]` (the last one
/// repeated) and counts the requests.
async fn scripted(responses: Vec<&'static str>) -> (String, Arc<AtomicUsize>) {
    let (url, count, _) = recording(responses).await;
    (url, count)
}

/// [`scripted`], also keeping the text of every request.
async fn recording(
    responses: Vec<&'static str>,
) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (seen, kept) = (count.clone(), requests.clone());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let reply = responses[n.min(responses.len() - 1)];
            let mut buf = vec![0; 64 * 1024];
            let read = socket.read(&mut buf).await.unwrap_or(0);
            kept.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&buf[..read]).into_owned());
            let _ = socket.write_all(reply.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (url, count, requests)
}

const UNAVAILABLE: &str =
    "HTTP/1.1 503 Service Unavailable\r\nretry-after: 0\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

fn client(url: &str, attempts: u32) -> Client {
    Client::builder()
        .base_url(url)
        .auth(Auth::ApiKey("key-secret".into()))
        .retry_policy(RetryPolicy {
            max_attempts: attempts,
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn server_errors_are_retried_only_for_idempotent_methods() {
    let (url, count) = scripted(vec![UNAVAILABLE]).await;
    let reply = client(&url, 3)
        .send(
            Request::new(reqwest::Method::GET, "/a".into()),
            &[AuthScheme::ApiKey],
        )
        .await
        .unwrap();
    assert_eq!((reply.status, count.load(Ordering::SeqCst)), (503, 3));

    let (url, count) = scripted(vec![UNAVAILABLE]).await;
    let reply = client(&url, 3)
        .send(Request::new(reqwest::Method::POST, "/a".into()), &[])
        .await
        .unwrap();
    assert_eq!((reply.status, count.load(Ordering::SeqCst)), (503, 1));
}

#[tokio::test(flavor = "current_thread")]
async fn echoed_secrets_and_credentials_are_masked_in_errors() {
    let echo = "HTTP/1.1 400 Bad Request\r\ncontent-length: 53\r\nconnection: close\r\n\r\n\
                {\"message\":\"bad ssn 123-45-6789 with key key-secret\"}";
    let (url, _) = scripted(vec![echo]).await;
    let mut request = Request::new(reqwest::Method::POST, "/a".into());
    request
        .json_body(
            "application/json",
            &json!({"ssn": "123-45-6789"}),
            &[&[PathStep::Key("ssn")]],
        )
        .unwrap();
    let reply = client(&url, 1)
        .send(request, &[AuthScheme::ApiKey])
        .await
        .unwrap();
    let err = reply.api_error(|b| serde_json::from_slice(b).ok().map(ErrorBody::Problem));
    assert_eq!(
        err.to_string(),
        "the API answered HTTP 400: bad ssn [redacted] with key [redacted]"
    );
}

/// The value of header `name` in the request text `request`, if sent.
fn header_of(request: &str, name: &str) -> Option<String> {
    request.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
    })
}

#[tokio::test(flavor = "current_thread")]
async fn a_generated_idempotency_key_is_reused_by_every_attempt_of_a_post() {
    let (url, count, requests) = recording(vec![UNAVAILABLE, UNAVAILABLE, OK_EMPTY]).await;
    client(&url, 3)
        .create_thing(&json!({"a": 1}))
        .await
        .unwrap();
    // The key makes the POST safe to repeat, so the 503s were retried.
    assert_eq!(count.load(Ordering::SeqCst), 3);
    let keys: Vec<_> = requests
        .lock()
        .unwrap()
        .iter()
        .map(|r| header_of(r, "idempotency-key").unwrap())
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k == &keys[0]), "{keys:?}");
    // A version 4 UUID: 8-4-4-4-12 hex digits, version and variant bits set.
    let parts: Vec<_> = keys[0].split('-').map(str::len).collect();
    assert_eq!(parts, [8, 4, 4, 4, 12], "{}", keys[0]);
    assert_eq!(keys[0].as_bytes()[14], b'4');
    assert!(b"89ab".contains(&keys[0].as_bytes()[19]), "{}", keys[0]);

    // A second call gets a new key; a key the caller chooses replaces the generated one.
    let (url, _, requests) = recording(vec![OK_EMPTY]).await;
    let client = client(&url, 1);
    client.create_thing(&json!({})).await.unwrap();
    client
        .create_thing(&json!({}))
        .idempotency_key("order-77")
        .await
        .unwrap();
    let seen = requests.lock().unwrap().clone();
    assert_ne!(
        header_of(&seen[0], "idempotency-key"),
        Some(keys[0].clone())
    );
    assert_eq!(
        header_of(&seen[1], "idempotency-key").as_deref(),
        Some("order-77")
    );
}

const OK_EMPTY: &str = "HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";

#[tokio::test(flavor = "current_thread")]
async fn per_call_headers_retry_policy_and_timeout_apply_to_that_call_only() {
    let (url, count, requests) = recording(vec![UNAVAILABLE]).await;
    let client = client(&url, 3);
    let err = client
        .get_thing("a")
        .header("Prefer", "code=503")
        .retry_policy(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "the call's policy: no retry"
    );
    assert_eq!(
        header_of(&requests.lock().unwrap()[0], "prefer").as_deref(),
        Some("code=503")
    );
    // The next call has the client's policy (three attempts) and no extra header.
    client.get_thing("a").await.unwrap_err();
    assert_eq!(count.load(Ordering::SeqCst), 4);
    assert_eq!(header_of(&requests.lock().unwrap()[1], "prefer"), None);

    let err = client
        .get_thing("a")
        .header("bad name", "v")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "could not encode the request: \"bad name\" is not a valid header name"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_per_call_timeout_replaces_the_clients() {
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let client = Client::builder()
        .base_url(&url)
        .timeout(Duration::from_secs(30))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client
        .get_thing("a")
        .options(CallOptions::new().timeout(Duration::from_millis(200)))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn responses_carry_status_headers_and_body_beside_the_value() {
    let ok = "HTTP/1.1 201 Created\r\nx-request-id: req-9\r\ncontent-length: 8\r\n\
              connection: close\r\n\r\n{\"a\": 1}";
    let (url, _) = scripted(vec![ok]).await;
    let response = client(&url, 1)
        .get_thing("a")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.header("X-Request-Id"), Some("req-9"));
    assert_eq!(response.body(), br#"{"a": 1}"#);
    assert_eq!(response["a"], 1);
    assert_eq!(response.into_inner(), json!({"a": 1}));

    let missing = "HTTP/1.1 404 Not Found\r\nx-request-id: req-10\r\ncontent-length: 13\r\n\
                   connection: close\r\n\r\n<h1>gone</h1>";
    let (url, _) = scripted(vec![missing]).await;
    let err = client(&url, 1)
        .get_thing("a")
        .send_with_response()
        .await
        .unwrap_err();
    let raw = err.response().unwrap();
    assert_eq!(
        (raw.status, raw.header("x-request-id"), raw.text().as_ref()),
        (404, Some("req-10"), "<h1>gone</h1>")
    );
    assert_eq!(
        err.to_string(),
        "the API answered HTTP 404; body starts: <h1>gone</h1>"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn decode_errors_name_the_json_path_and_quote_the_body_near_it() {
    let body = format!(
        r#"{{"pad":"{}","data":{{"items":[{{"n":1}},{{"n":"x"}}]}}}}"#,
        "p".repeat(300)
    );
    let reply: &'static str = Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    );
    let (url, _) = scripted(vec![reply]).await;
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        n: u32,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Data {
        items: Vec<Item>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        data: Data,
    }
    let reply = client(&url, 1)
        .send(Request::new(reqwest::Method::GET, "/x".into()), &[])
        .await
        .unwrap();
    let err = reply.decode::<Body>().unwrap_err();
    let Error::Decode {
        path,
        message,
        excerpt,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(path, "data.items[1].n");
    assert_eq!(
        message,
        &format!(
            "invalid type: string \"x\", expected u32 at line 1 column {}",
            body.find(r#""x""#).unwrap() + 3
        )
    );
    assert!(
        excerpt.starts_with('…') && excerpt.contains(r#"{"n":"x"}"#),
        "{excerpt}"
    );
    assert!(err.to_string().starts_with(
        "HTTP 200 response does not match the spec at `data.items[1].n`: invalid type"
    ));
}

#[test]
fn excerpts_near_a_position_are_bounded_and_cut_on_characters() {
    assert_eq!(excerpt_near("abc", 0, 0), "abc");
    assert_eq!(excerpt_near("ab\ncd", 2, 2), "ab\ncd");
    let long = format!("{}X{}", "é".repeat(100), "ü".repeat(300));
    let near = excerpt_near(&long, 1, 201);
    assert!(near.starts_with('…') && near.ends_with('…'), "{near}");
    assert_eq!(near.chars().filter(|c| *c == 'é').count(), 60);
    assert!(near.contains('X'));
    assert_eq!(near.chars().count(), 202);
}

#[tokio::test(flavor = "current_thread")]
async fn a_refused_connection_shows_its_root_cause() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = client(&format!("http://127.0.0.1:{port}"), 1)
        .get_thing("a")
        .await
        .unwrap_err();
    let shown = err.to_string().to_ascii_lowercase();
    assert!(shown.starts_with("could not reach the api: "), "{shown}");
    assert!(shown.contains("connection refused"), "{shown}");
}

/// A subscriber that keeps the fields of every span and event, as `name=value` text.
#[cfg(feature = "tracing")]
#[derive(Clone, Default)]
struct Recorder(Arc<std::sync::Mutex<Vec<(String, String)>>>);

#[cfg(feature = "tracing")]
impl Recorder {
    fn fields(&self) -> Vec<(String, String)> {
        self.0.lock().unwrap().clone()
    }
}

#[cfg(feature = "tracing")]
impl tracing::field::Visit for Recorder {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let value = format!("{value:?}").trim_matches('"').to_owned();
        self.0
            .lock()
            .unwrap()
            .push((field.name().to_owned(), value));
    }
}

#[cfg(feature = "tracing")]
impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut self.clone());
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut self.clone());
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut self.clone());
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[cfg(feature = "tracing")]
#[tokio::test(flavor = "current_thread")]
async fn one_span_per_call_names_the_operation_and_never_the_secrets() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let (url, _) = scripted(vec![UNAVAILABLE, OK_EMPTY]).await;
    client(&url, 3)
        .create_thing(&json!({"ssn": "123-45-6789"}))
        .idempotency_key("key-do-not-log")
        .await
        .unwrap();
    let fields = recorder.fields();
    let get = |name: &str| -> Vec<&str> {
        fields
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(get("operation"), ["createThing"]);
    assert_eq!(get("method"), ["POST"]);
    assert_eq!(get("path"), ["/things"]);
    assert_eq!(get("status"), ["204"]);
    // The span's attempt field, then the retry event's, then the span's again.
    assert_eq!(get("attempt"), ["1", "2", "2"]);
    assert_eq!(get("elapsed_ms").len(), 1);
    let all = format!("{fields:?}");
    for secret in ["123-45-6789", "key-do-not-log", "key-secret"] {
        assert!(!all.contains(secret), "{all}");
    }
}

#[test]
fn causes_are_appended_unless_their_parent_already_shows_them() {
    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);
    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|l| l as _)
        }
    }
    let chain = Layer(
        "error sending request",
        Some(Box::new(Layer(
            "tcp connect error: connection refused",
            Some(Box::new(Layer("connection refused", None))),
        ))),
    );
    assert_eq!(
        super::error::with_causes(&chain),
        "error sending request: tcp connect error: connection refused"
    );
}

mod bodies;
mod headers;
mod request_line;
mod retry_bodies;
mod sse;
