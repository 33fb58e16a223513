//! Tests of what OpenAPI 3.2 added to the request line: methods outside the fixed set (QUERY,
//! `additionalOperations` keys) and a whole query string from one `querystring` parameter.

use std::sync::atomic::Ordering;

use super::super::encode;
use super::super::retry::is_idempotent;
use super::super::send::Request;
use super::{client, recording, UNAVAILABLE};

#[test]
fn query_is_idempotent_and_unknown_methods_are_not() {
    let query = encode::method("QUERY").unwrap();
    let copy = encode::method("COPY").unwrap();
    assert!(is_idempotent(&query));
    assert!(!is_idempotent(&copy));
    // Methods are case-sensitive: a lowercase `query` is some other method.
    assert!(!is_idempotent(&encode::method("query").unwrap()));
}

#[test]
fn a_method_that_is_not_a_token_is_an_error_not_a_panic() {
    let err = encode::method("NOT A METHOD").unwrap_err();
    assert_eq!(
        err.to_string(),
        "could not encode the request: \"NOT A METHOD\" is not an HTTP method token"
    );
    assert!(encode::method("").is_err());
}

#[test]
fn a_json_query_string_is_the_percent_encoded_json_text() {
    // A struct, as generated code passes: its fields keep their order whatever features
    // `serde_json` is built with.
    #[derive(serde::Serialize)]
    struct Selector {
        numbers: Vec<u8>,
        flag: Option<bool>,
    }
    let value = Selector {
        numbers: vec![1, 2],
        flag: None,
    };
    assert_eq!(
        encode::json_query(&value).unwrap(),
        "%7B%22numbers%22%3A%5B1%2C2%5D%2C%22flag%22%3Anull%7D"
    );
    assert_eq!(encode::json_query(&None::<u8>).unwrap(), "");
}

#[tokio::test(flavor = "current_thread")]
async fn a_query_request_sends_its_method_query_string_and_body_and_is_retried() {
    let (url, count, requests) = recording(vec![UNAVAILABLE]).await;
    let mut request = Request::new(encode::method("QUERY").unwrap(), "/search".into());
    request.raw_query("q=a%20b&page=2");
    request
        .json_body("application/json", &serde_json::json!({"x": 1}), &[])
        .unwrap();
    let reply = client(&url, 3).send(request, &[]).await.unwrap();
    assert_eq!((reply.status, count.load(Ordering::SeqCst)), (503, 3));
    let first = requests.lock().unwrap()[0].clone();
    assert!(
        first.starts_with("QUERY /search?q=a%20b&page=2 HTTP/1.1\r\n"),
        "{first}"
    );
    assert!(first.ends_with("\r\n\r\n{\"x\":1}"), "{first}");
}

#[tokio::test(flavor = "current_thread")]
async fn another_method_is_sent_as_written_and_not_retried() {
    let (url, count, requests) = recording(vec![UNAVAILABLE]).await;
    let mut request = Request::new(encode::method("COPY").unwrap(), "/files/a".into());
    request.raw_query("");
    let reply = client(&url, 3).send(request, &[]).await.unwrap();
    assert_eq!((reply.status, count.load(Ordering::SeqCst)), (503, 1));
    let first = requests.lock().unwrap()[0].clone();
    assert!(first.starts_with("COPY /files/a HTTP/1.1\r\n"), "{first}");
}
