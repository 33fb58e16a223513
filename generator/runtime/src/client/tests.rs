//! Tests of the client runtime (this file is not copied into generated crates).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;

use super::encode::{self, QueryStyle};
use super::error::excerpt;
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
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let reply = responses[n.min(responses.len() - 1)];
            let mut buf = vec![0; 64 * 1024];
            let _ = socket.read(&mut buf).await;
            let _ = socket.write_all(reply.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (url, count)
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

/// Form bodies: fields in declaration order (whatever `serde_json`'s map order), Stripe's
/// brackets under `deepObject`, repeated keys under the default style, JSON text under
/// `contentType: application/json`, and `null` left out.
#[test]
fn form_encoding_follows_the_rules() {
    use super::encode::QueryStyle;
    use super::form::{encode, FormRule};

    #[derive(serde::Serialize)]
    struct Body {
        zeta: &'static str,
        alpha: Option<u8>,
        expand: Vec<&'static str>,
        items: Vec<serde_json::Value>,
        tags: Vec<&'static str>,
        settings: serde_json::Value,
        ratio: f64,
        plain: Vec<u8>,
    }
    let body = Body {
        zeta: "a b&c",
        alpha: None,
        expand: vec!["customer", "data.items"],
        items: vec![serde_json::json!({"price": "p_1", "quantity": 2})],
        tags: vec!["x", "y"],
        settings: serde_json::json!({"on": true}),
        ratio: 1.5,
        plain: vec![1, 2],
    };
    let rules = [
        ("expand", FormRule::Style(QueryStyle::DeepObject)),
        ("items", FormRule::Style(QueryStyle::DeepObject)),
        ("settings", FormRule::Json),
        ("plain", FormRule::Style(QueryStyle::Form)),
    ];
    assert_eq!(
        encode(&body, &rules).unwrap(),
        "zeta=a%20b%26c&expand[]=customer&expand[]=data.items\
         &items[0][price]=p_1&items[0][quantity]=2&tags=x&tags=y\
         &settings=%7B%22on%22%3Atrue%7D&ratio=1.5&plain=1%2C2"
    );
    assert!(
        encode(&vec![1], &[]).is_err(),
        "a form body must be an object"
    );
    assert_eq!(encode(&(), &[]).unwrap(), "");
}

#[test]
fn download_file_names_prefer_the_utf8_form() {
    use super::download::file_name;
    assert_eq!(
        file_name("attachment; filename=\"a.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf")
            .as_deref(),
        Some("résumé.pdf")
    );
    assert_eq!(
        file_name("attachment; filename=\"say \\\"hi\\\".txt\"").as_deref(),
        Some("say \"hi\".txt")
    );
    assert_eq!(
        file_name("inline; filename=plain.bin").as_deref(),
        Some("plain.bin")
    );
    assert_eq!(file_name("inline"), None);
}
