//! The OpenAPI 3.2 operations of `tests/fixtures/openapi_32.yaml` on the wire: the QUERY method
//! with its body (retried, being idempotent), `additionalOperations` methods sent exactly as
//! written (and not retried), `style: cookie` cookies, and `in: querystring` parameters written as the whole query
//! string, form-encoded or as percent-encoded JSON.

use std::time::Duration;

use fixture_openapi_32::models::{
    CopyFileParams, Filter, GetFileParams, ListFilesParams, ListQuery, LookupFilesParams,
    LookupFilesSelector, SearchFilesParams,
};
use fixture_openapi_32::{Client, RetryPolicy};

use crate::support::server::{http, json, within, Mock, Seen};

const FILES: &str = r#"{"files":[{"name":"a.txt","size":3}]}"#;

fn client(mock: &Mock) -> Client {
    Client::builder()
        .base_url(&mock.url)
        .retry_policy(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client")
}

/// The request line: method, target and version.
fn request_line(seen: &Seen) -> &str {
    seen.head.lines().next().unwrap_or_default()
}

#[tokio::test(flavor = "current_thread")]
async fn a_query_operation_sends_query_with_its_body_and_is_retried() {
    let mock = Mock::start(|n, _| match n {
        0 => http(503, &[("retry-after", "0")], ""),
        _ => json(200, FILES),
    })
    .await;
    let params = SearchFilesParams::new().with_page(2);
    let body = Filter::new().with_prefix("a b").with_min_size(10);
    let found = within(
        Duration::from_secs(10),
        client(&mock).search_files(&params, &body),
    )
    .await
    .expect("found");
    assert_eq!(found.files[0].name, "a.txt");
    let seen = mock.seen();
    assert_eq!(seen.len(), 2, "QUERY is idempotent, so the 503 is retried");
    for s in &seen {
        assert_eq!(request_line(s), "QUERY /files/search?page=2 HTTP/1.1");
        assert_eq!(s.header("content-type"), Some("application/json"));
        assert_eq!(s.body, r#"{"prefix":"a b","min_size":10}"#);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn additional_operations_send_their_method_as_written_and_are_not_retried() {
    let mock = Mock::start(|n, _| match n {
        0 => json(201, r#"{"name":"b.txt","size":3}"#),
        _ => http(503, &[("retry-after", "0")], ""),
    })
    .await;
    let client = client(&mock);
    let copied = within(
        Duration::from_secs(10),
        client.copy_file("a.txt", &CopyFileParams::new("/files/b.txt")),
    )
    .await
    .expect("copied");
    assert_eq!(copied.name, "b.txt");
    let purged = within(Duration::from_secs(10), client.purge_files_name("a b.txt")).await;
    assert!(purged.is_err(), "the 503 is the answer: {purged:?}");
    let seen = mock.seen();
    assert_eq!(
        seen.len(),
        2,
        "PURGE is not known to be idempotent: one attempt"
    );
    assert_eq!(request_line(&seen[0]), "COPY /files/a.txt HTTP/1.1");
    assert_eq!(seen[0].header("destination"), Some("/files/b.txt"));
    assert_eq!(request_line(&seen[1]), "PURGE /files/a%20b.txt HTTP/1.1");
}

#[tokio::test(flavor = "current_thread")]
async fn a_cookie_style_cookie_is_sent_without_percent_encoding() {
    let mock = Mock::start(|_, _| json(200, r#"{"name":"a.txt","size":3}"#)).await;
    let params = GetFileParams::new().with_session("s1/x=y");
    within(
        Duration::from_secs(10),
        client(&mock).get_file("a.txt", &params),
    )
    .await
    .expect("found");
    let seen = mock.seen();
    assert_eq!(request_line(&seen[0]), "GET /files/a.txt HTTP/1.1");
    assert_eq!(seen[0].header("cookie"), Some("session=s1/x=y"));
}

#[tokio::test(flavor = "current_thread")]
async fn a_form_querystring_parameter_is_the_whole_query_string() {
    let mock = Mock::start(|_, _| json(200, FILES)).await;
    let filter = ListQuery::new("docs & more")
        .with_tags(vec!["x".to_owned(), "y=z".to_owned()])
        .with_limit(5);
    within(
        Duration::from_secs(10),
        client(&mock).list_files(&ListFilesParams::new(filter)),
    )
    .await
    .expect("listed");
    assert_eq!(
        request_line(&mock.seen()[0]),
        "GET /files?folder=docs%20%26%20more&tags=x%2Cy%3Dz&limit=5 HTTP/1.1"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_json_querystring_parameter_is_percent_encoded_json_or_nothing() {
    let mock = Mock::start(|_, _| json(200, FILES)).await;
    let client = client(&mock);
    let selector = LookupFilesSelector::new()
        .with_numbers(vec![1, 2])
        .with_flag_null();
    let params = LookupFilesParams::new().with_selector(selector);
    within(Duration::from_secs(10), client.lookup_files(&params))
        .await
        .expect("found");
    within(
        Duration::from_secs(10),
        client.lookup_files(&LookupFilesParams::new()),
    )
    .await
    .expect("found");
    let seen = mock.seen();
    assert_eq!(
        request_line(&seen[0]),
        "GET /files/lookup?%7B%22numbers%22%3A%5B1%2C2%5D%2C%22flag%22%3Anull%7D HTTP/1.1"
    );
    assert_eq!(request_line(&seen[1]), "GET /files/lookup HTTP/1.1");
}

/// A discriminator's `defaultMapping` is not a variant of its own: a tag the mapping omits
/// decodes as `Unknown` with the object as sent, and the enum's docs name the default schema.
#[test]
fn a_tag_outside_the_mapping_decodes_as_unknown_under_default_mapping() {
    use fixture_openapi_32::models::{Entry, FileEntry};
    let file: Entry = serde_json::from_str(r#"{"kind":"file","name":"a.txt"}"#).expect("decodes");
    assert_eq!(
        file,
        Entry::File(FileEntry {
            name: "a.txt".to_owned()
        })
    );
    let link = serde_json::json!({"kind": "symlink", "target": "b.txt"});
    let decoded: Entry = serde_json::from_value(link.clone()).expect("decodes");
    assert_eq!(decoded, Entry::Unknown(link.clone()));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), link);
}
