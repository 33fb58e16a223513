//! Typed response headers and methods for extra request media types, on the wire: each
//! header type decoded from what the scripted server sends (JSON, binary, text, event stream
//! and empty successes), a missing or malformed header an error naming it, and one operation
//! sent as JSON, form, multipart and text with the exact bytes checked.

use std::time::Duration;

use crate::support::server::{http, json, Answer, Mock};

const LIMIT: Duration = Duration::from_secs(20);

async fn limited<T>(f: impl std::future::Future<Output = T>) -> T {
    crate::support::server::within(LIMIT, f).await
}

fn headers_client(mock: &Mock) -> fixture_response_headers::Client {
    fixture_response_headers::Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client")
}

/// Integers, a date-time, strings, a comma-separated list, a boolean, an enum and a JSON
/// header, their names in another case than the spec's; the plain call still returns the
/// body alone.
#[tokio::test]
async fn every_header_type_is_decoded() {
    use fixture_response_headers::models::{ListPetsHeadersXMode, ListPetsHeadersXQuota};

    let mock = Mock::start(|_, _| {
        http(
            200,
            &[
                ("content-type", "application/json"),
                ("x-ratelimit-limit", "5000"),
                ("X-RATELIMIT-REMAINING", "4999"),
                ("x-ratelimit-reset", "2024-09-01T10:00:00.000Z"),
                ("x-request-id", "req_42"),
                (
                    "link",
                    "<https://api.example.com/pets?page=2>; rel=\"next\"",
                ),
                ("x-next-ids", "7, 8"),
                ("x-next-ids", "9"),
                ("x-cache-hit", "true"),
                ("x-mode", "slow"),
                ("x-quota", r#"{"used": 3, "limit": 10}"#),
            ],
            r#"[{"id":1,"name":"Rex"}]"#,
        )
    })
    .await;
    let client = headers_client(&mock);
    let pets = limited(client.list_pets().send_with_headers())
        .await
        .expect("listed");
    assert_eq!(pets.len(), 1);
    assert_eq!(pets[0].name, "Rex");
    let h = pets.headers();
    assert_eq!(h.x_rate_limit_limit, 5000);
    assert_eq!(h.x_rate_limit_remaining, Some(4999));
    let reset = h.x_rate_limit_reset.as_ref().expect("reset");
    assert_eq!(reset.timestamp(), 1_725_184_800);
    assert_eq!(reset.to_string(), "2024-09-01T10:00:00.000Z");
    assert_eq!(h.x_request_id, "req_42");
    assert_eq!(
        h.link.as_deref(),
        Some("<https://api.example.com/pets?page=2>; rel=\"next\"")
    );
    assert_eq!(h.x_next_ids, Some(vec![7, 8, 9]));
    assert_eq!(h.x_cache_hit, Some(true));
    assert_eq!(h.x_mode, Some(ListPetsHeadersXMode::Slow));
    assert_eq!(
        h.x_quota,
        Some(ListPetsHeadersXQuota { used: 3, limit: 10 })
    );

    let plain = limited(client.list_pets()).await.expect("listed");
    assert_eq!(plain.len(), 1);
}

/// Optional headers left out are `None`; a required one left out is `Error::Header` naming
/// it, and so is one that does not parse, without its value in the message.
#[tokio::test]
async fn missing_and_malformed_headers() {
    use fixture_response_headers::Error;

    let mock = Mock::start(|n, _| {
        let limit = match n {
            0 => Some("60"),
            1 => None,
            _ => Some("sk_live_51Hsecret"),
        };
        let mut headers = vec![("content-type", "application/json"), ("x-request-id", "r")];
        headers.extend(limit.map(|l| ("x-ratelimit-limit", l)));
        http(200, &headers, "[]")
    })
    .await;
    let client = headers_client(&mock);
    let listed = limited(client.list_pets().send_with_headers())
        .await
        .expect("listed");
    let h = listed.headers();
    assert_eq!(h.x_rate_limit_limit, 60);
    assert_eq!(
        (h.x_rate_limit_remaining, &h.link, &h.x_quota),
        (None, &None, &None)
    );

    let missing = limited(client.list_pets().send_with_headers())
        .await
        .expect_err("no limit");
    let Error::Header {
        status,
        name,
        message,
        ..
    } = &missing
    else {
        panic!("not a header error: {missing:?}");
    };
    assert_eq!(
        (*status, name.as_str(), message.as_str()),
        (200, "X-RateLimit-Limit", "is required but missing")
    );
    assert_eq!(
        missing.to_string(),
        "HTTP 200 response header `X-RateLimit-Limit` is required but missing"
    );
    assert_eq!(missing.status(), Some(200));
    assert_eq!(
        missing.response().map(|r| r.body.as_slice()),
        Some(&b"[]"[..])
    );

    let malformed = limited(client.list_pets().send_with_headers())
        .await
        .expect_err("not an integer");
    assert_eq!(
        malformed.to_string(),
        "HTTP 200 response header `X-RateLimit-Limit` does not match its schema: expected an integer"
    );
    // `Debug` shows the raw response's header names, never their values.
    assert!(
        !format!("{malformed:?}").contains("sk_live"),
        "{malformed:?}"
    );
}

/// A header declared on only one of several success statuses may be missing: `Location` is
/// required on both of createPet's successes, `ETag` and the secret only declared on one.
#[tokio::test]
async fn headers_of_several_successes_merge() {
    use fixture_response_headers::models::PetRequest;

    let mock = Mock::start(|n, _| {
        let mut headers = vec![
            ("content-type", "application/json"),
            ("location", "/pets/1"),
        ];
        if n == 0 {
            headers.extend([("etag", "\"v1\""), ("x-pet-secret", "pk_live_123")]);
        }
        http([201, 200][n.min(1)], &headers, r#"{"id":1,"name":"Rex"}"#)
    })
    .await;
    let client = headers_client(&mock);
    let created = limited(
        client
            .create_pet(&PetRequest::new("Rex"))
            .send_with_headers(),
    )
    .await
    .expect("created");
    assert_eq!(created.headers().location, "/pets/1");
    assert_eq!(created.headers().e_tag.as_deref(), Some("\"v1\""));
    // A sensitive header is decoded, and its `Debug` says only that it is set.
    assert_eq!(
        created.headers().x_pet_secret.as_deref(),
        Some("pk_live_123")
    );
    assert_eq!(
        format!("{:?}", created.headers()),
        r#"CreatePetHeaders { location: "/pets/1", e_tag: Some("\"v1\""), x_pet_secret: Some("[redacted]") }"#
    );
    let (pet, headers) = limited(
        client
            .create_pet(&PetRequest::new("Rex"))
            .send_with_headers(),
    )
    .await
    .expect("already there")
    .into_parts();
    assert_eq!((pet.name.as_str(), headers.e_tag), ("Rex", None));
    assert_eq!(headers.x_pet_secret, None);
}

/// Headers beside a body that is not JSON: a download (read after the headers), text, an
/// event stream, and an empty `204`.
#[tokio::test]
async fn headers_beside_every_body_kind() {
    let mock = Mock::start(|n, _| match n {
        0 => http(
            200,
            &[
                ("content-type", "image/png"),
                ("content-disposition", "attachment; filename=\"rex.png\""),
            ],
            "PNGDATA",
        ),
        1 => http(
            200,
            &[
                ("content-type", "text/plain"),
                ("etag", "W/\"n1\""),
                ("last-modified-at", "2024-01-02T03:04:05+02:00"),
            ],
            "good dog",
        ),
        2 => http(
            200,
            &[
                ("content-type", "text/event-stream"),
                ("x-stream-id", "6f1c2e9a-7b1d-4c55-9a8e-0d2b1f3c4e5a"),
            ],
            "data: hello\n\n",
        ),
        _ => http(204, &[("x-request-id", "req_gone")], ""),
    })
    .await;
    let client = headers_client(&mock);

    let (download, headers) = limited(client.get_photo("1").send_with_headers())
        .await
        .expect("photo")
        .into_parts();
    assert_eq!(
        headers.content_disposition.as_deref(),
        Some("attachment; filename=\"rex.png\"")
    );
    assert_eq!(headers.content_length, Some(7));
    assert_eq!(limited(download.bytes()).await.expect("bytes"), b"PNGDATA");

    let notes = limited(client.get_notes("1").send_with_headers())
        .await
        .expect("notes");
    assert_eq!(notes.as_str(), "good dog");
    assert_eq!(notes.headers().e_tag, "W/\"n1\"");
    let modified = notes.headers().last_modified_at.as_ref().expect("date");
    assert_eq!(modified.to_string(), "2024-01-02T03:04:05+02:00");

    let (mut events, headers) = limited(client.watch_events().send_with_headers())
        .await
        .expect("events")
        .into_parts();
    assert_eq!(
        headers.x_stream_id.to_string(),
        "6f1c2e9a-7b1d-4c55-9a8e-0d2b1f3c4e5a"
    );
    let first = limited(events.next()).await.expect("an event");
    assert_eq!(first.expect("decoded").data, "hello");

    let deleted = limited(client.delete_pet("1").send_with_headers())
        .await
        .expect("deleted");
    assert_eq!(deleted.headers().x_request_id, "req_gone");
}

/// An error status keeps its own error whatever its headers: the required ones of the
/// success responses are not asked for.
#[tokio::test]
async fn an_error_answer_is_not_a_header_error() {
    use fixture_response_headers::Error;

    let mock = Mock::start(|_, _| {
        http(
            429,
            &[("content-type", "application/json"), ("retry-after", "1")],
            r#"{"message":"slow down"}"#,
        )
    })
    .await;
    let client = fixture_response_headers::Client::builder()
        .base_url(&mock.url)
        .retry_policy(fixture_response_headers::RetryPolicy::none())
        .build()
        .expect("client");
    let err = limited(client.list_pets().send_with_headers())
        .await
        .expect_err("429");
    assert!(matches!(err, Error::Api { status: 429, .. }), "{err:?}");
}

fn media_client(mock: &Mock) -> fixture_request_media_types::Client {
    fixture_request_media_types::Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client")
}

fn created() -> Answer {
    json(201, r#"{"id":1,"name":"Rex"}"#)
}

/// A vendor JSON media type is sent as the `Content-Type` and asked for first in `Accept`
/// (a JSON:API server refuses a request accepting only `application/json`).
#[tokio::test]
async fn vendor_json_is_sent_and_accepted() {
    use fixture_request_media_types::models::NewPet;

    let mock = Mock::start(|_, _| {
        http(
            201,
            &[("content-type", "application/vnd.api+json")],
            r#"{"name":"Rex"}"#,
        )
    })
    .await;
    let created = limited(media_client(&mock).create_article(&NewPet::new("Rex")))
        .await
        .expect("created");
    assert_eq!(created.name, "Rex");
    let seen = mock.seen();
    assert_eq!(seen.len(), 1);
    let seen = &seen[0];
    assert_eq!(
        seen.header("content-type"),
        Some("application/vnd.api+json")
    );
    assert_eq!(
        seen.header("accept"),
        Some("application/vnd.api+json, application/json;q=0.9")
    );
}

/// One operation, four methods: JSON by default, then form, multipart and text, each with
/// its own `Content-Type` and exact body bytes.
#[tokio::test]
async fn one_operation_sent_as_each_media_type() {
    use fixture_request_media_types::client::{CreatePetMultipart, FilePart};
    use fixture_request_media_types::models::NewPet;

    let mock = Mock::start(|_, _| created()).await;
    let client = media_client(&mock);
    let pet = NewPet::new("Rex").with_tags(vec!["good".to_owned(), "dog".to_owned()]);

    let by_json = limited(client.create_pet(&pet)).await.expect("json");
    let by_form = limited(client.create_pet_form2(&pet)).await.expect("form");
    let photo = FilePart::new(b"\x89PNG".to_vec()).with_file_name("rex.png");
    let by_multipart =
        limited(client.create_pet_multipart(CreatePetMultipart::new("Rex".to_owned(), photo)))
            .await
            .expect("multipart");
    let by_text = limited(client.create_pet_text("Rex, good dog"))
        .await
        .expect("text");
    for pet in [by_json, by_form, by_multipart, by_text] {
        assert_eq!((pet.id, pet.name.as_str()), (1, "Rex"));
    }

    let seen = mock.seen();
    assert_eq!(seen.len(), 4);
    assert!(seen
        .iter()
        .all(|s| s.head.starts_with("POST /pets HTTP/1.1")));
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(seen[0].body, r#"{"name":"Rex","tags":["good","dog"]}"#);
    assert_eq!(
        seen[1].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(seen[1].body, "name=Rex&tags=good&tags=dog");
    let content_type = seen[2].header("content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart boundary");
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nRex\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"rex.png\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(b"\x89PNG");
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert_eq!(seen[2].bytes, expected);
    assert_eq!(seen[3].header("content-type"), Some("text/plain"));
    assert_eq!(seen[3].body, "Rex, good dog");
}

/// The spec's own `createPetForm` keeps its name; the extra method steps aside. Two binary
/// media types get a method each, the second named by its subtype.
#[tokio::test]
async fn spec_names_win_and_binary_types_each_get_a_method() {
    let mock = Mock::start(|_, _| http(204, &[], "")).await;
    let client = media_client(&mock);
    limited(client.create_pet_form())
        .await
        .expect("the spec's own");
    limited(client.upload_photo("1", b"PNG".to_vec()))
        .await
        .expect("png");
    limited(client.upload_photo_jpeg("1", b"JPG".to_vec()))
        .await
        .expect("jpeg");
    let seen = mock.seen();
    assert!(seen[0].head.starts_with("POST /pet-forms HTTP/1.1"));
    assert_eq!(seen[0].header("content-type"), None);
    assert_eq!(
        (seen[1].header("content-type"), seen[1].body.as_str()),
        (Some("image/png"), "PNG")
    );
    assert_eq!(
        (seen[2].header("content-type"), seen[2].body.as_str()),
        (Some("image/jpeg"), "JPG")
    );
    assert!(seen[2].head.starts_with("PUT /pets/1/photo HTTP/1.1"));
}
