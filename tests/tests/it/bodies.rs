//! Request and response bodies beyond JSON, on the wire: form encoding byte for byte as
//! Stripe documents it, multipart boundaries and part headers, binary uploads in memory and
//! streamed, downloads with their headers, and text both ways. Each runs a fixture crate's
//! client against the scripted server, which keeps the exact bytes it received.

use std::time::Duration;

use crate::support::server::{http, json, Answer, Mock, Seen};

const LIMIT: Duration = Duration::from_secs(20);

async fn limited<T>(f: impl std::future::Future<Output = T>) -> T {
    crate::support::server::within(LIMIT, f).await
}

fn only(mock: &Mock) -> Seen {
    let seen = mock.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    seen.into_iter().next().expect("one request")
}

/// Creating a customer with `metadata` and an `expand` list encodes exactly as Stripe's API
/// reference writes it: `metadata[order_id]=6735`, `expand[]=customer` (brackets bare,
/// values percent-encoded, fields in the spec's order).
#[tokio::test]
async fn stripe_customer_form_is_encoded_byte_for_byte() {
    use fixture_form_bodies::models::{PostCustomersBody, PostCustomersBodyAddress};
    use fixture_form_bodies::Client;

    let mock =
        Mock::start(|_, _| json(200, r#"{"id":"cus_1","metadata":{"order_id":"6735"}}"#)).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let body = PostCustomersBody::new()
        .with_email("jennyrosen@example.com")
        .with_name("Jenny Rosen")
        .with_balance(-250)
        .with_tax_exempt(false)
        .with_expand(vec![
            "default_source".to_owned(),
            "invoice_settings.default_payment_method".to_owned(),
        ])
        .with_metadata(
            [("order_id".to_owned(), "6735".to_owned())]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .with_address(
            PostCustomersBodyAddress::new()
                .with_city("San Francisco")
                .with_line1("510 Townsend St"),
        )
        .with_tags(vec!["a&b".to_owned(), "c=d".to_owned()]);
    let customer = limited(client.post_customers(&body))
        .await
        .expect("created");
    assert_eq!(customer.id, "cus_1");
    let seen = only(&mock);
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        seen.body,
        "email=jennyrosen%40example.com&name=Jenny%20Rosen&balance=-250&tax_exempt=false\
         &expand[]=default_source&expand[]=invoice_settings.default_payment_method\
         &metadata[order_id]=6735\
         &address[city]=San%20Francisco&address[line1]=510%20Townsend%20St\
         &tags=a%26b&tags=c%3Dd"
    );
}

/// Stripe's GET with an optional form body that can only be `{}`: the method takes no body
/// argument and sends none.
#[tokio::test]
async fn an_optional_empty_form_body_is_not_an_argument() {
    use fixture_form_bodies::Client;

    let mock = Mock::start(|_, _| json(200, r#"{"id":"cus_1","metadata":{}}"#)).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let customer = limited(client.get_customers_customer("cus_1"))
        .await
        .expect("retrieved");
    assert_eq!(customer.id, "cus_1");
    let seen = only(&mock);
    assert_eq!(
        seen.head.lines().next(),
        Some("GET /customers/cus_1 HTTP/1.1")
    );
    assert_eq!(
        (seen.header("content-type"), seen.body.as_str()),
        (None, "")
    );
}

/// A form body declared as a string is the caller's encoded text, sent as given (it used to
/// be a `&String` that failed every call: a form is encoded from an object).
#[tokio::test]
async fn string_form_body_is_sent_as_given() {
    let mock = Mock::start(|_, _| http(204, &[], "")).await;
    let client = fixture_form_bodies::Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    limited(client.post_imports("row[0]=a%20b&row[1]=c"))
        .await
        .expect("imported");
    let seen = only(&mock);
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(seen.body, "row[0]=a%20b&row[1]=c");
}

/// Arrays of objects are indexed (`items[0][price]`), a `contentType: application/json`
/// property is sent as JSON text, and a sensitive form value echoed back by the server is
/// masked in the error.
#[tokio::test]
async fn form_arrays_of_objects_json_properties_and_secrets() {
    use fixture_form_bodies::models::{
        PostSubscriptionsBody, PostSubscriptionsBodyItemsItem, PostSubscriptionsBodySettings,
    };
    use fixture_form_bodies::{Client, Error};

    let mock = Mock::start(|_, seen| {
        json(
            400,
            &format!(
                r#"{{"message":"bad request: {}"}}"#,
                seen.body.replace('"', "")
            ),
        )
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let body = PostSubscriptionsBody::new(
        "cus_1",
        vec![
            PostSubscriptionsBodyItemsItem::new()
                .with_price("price_1")
                .with_quantity(2),
            PostSubscriptionsBodyItemsItem::new().with_price("price_2"),
        ],
    )
    .with_settings(
        PostSubscriptionsBodySettings::new()
            .with_trial(true)
            .with_days(14),
    )
    .with_card_number("4242424242424242");
    let err = limited(client.post_subscriptions(&body))
        .await
        .expect_err("400");
    assert_eq!(
        only(&mock).body,
        "customer=cus_1&items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2\
         &settings=%7B%22trial%22%3Atrue%2C%22days%22%3A14%7D&card_number=4242424242424242"
    );
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("4242424242424242"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
}

/// The parts of a multipart body, split by the boundary the `Content-Type` header names.
fn parts(seen: &Seen) -> Vec<(String, Vec<u8>)> {
    let content_type = seen.header("content-type").expect("content-type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type with a boundary");
    let delimiter = format!("--{boundary}");
    let text = &seen.bytes;
    let mut out = Vec::new();
    let mut rest: &[u8] = text;
    // The body starts with the first delimiter and ends with the closing one.
    assert!(rest.starts_with(format!("{delimiter}\r\n").as_bytes()));
    assert!(text.ends_with(format!("{delimiter}--\r\n").as_bytes()));
    rest = &rest[delimiter.len() + 2..];
    let needle = format!("\r\n{delimiter}");
    while let Some(end) = rest
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
    {
        let part = &rest[..end];
        let split = part
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("part headers end");
        let headers = String::from_utf8(part[..split].to_vec()).expect("ASCII headers");
        out.push((headers, part[split + 4..].to_vec()));
        rest = &rest[end + needle.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        rest = &rest[2..];
    }
    out
}

/// Every part, with its exact headers and bytes: the file with its name, declared content
/// type and extra header; text and enum parts; an array as repeated parts; an object as JSON.
#[tokio::test]
async fn multipart_parts_have_the_declared_headers_and_bytes() {
    use fixture_multipart_bodies::client::{FilePart, UploadFileMultipart};
    use fixture_multipart_bodies::models::{FileUploadMeta, FileUploadPurpose};
    use fixture_multipart_bodies::Client;

    let mock = Mock::start(|_, _| json(201, r#"{"id":"file_1","size":9}"#)).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let file = FilePart::new(b"%PDF-1.7\n".to_vec())
        .with_file_name("scan é.pdf")
        .with_header("X-Checksum", "abc123");
    let body = UploadFileMultipart::new(file, FileUploadPurpose::IdentityDocument)
        .with_pages(3)
        .with_labels(vec!["front".to_owned(), "back".to_owned()])
        .with_meta(
            FileUploadMeta::new()
                .with_source("scanner")
                .with_tags(vec!["x".to_owned()]),
        );
    let stored = limited(client.upload_file(body)).await.expect("uploaded");
    assert_eq!((stored.id.as_str(), stored.size), ("file_1", 9));
    let got = parts(&only(&mock));
    let expected: Vec<(&str, &[u8])> = vec![
        (
            "Content-Disposition: form-data; name=\"file\"; filename=\"scan é.pdf\"\r\n\
             Content-Type: application/pdf\r\nx-checksum: abc123",
            b"%PDF-1.7\n",
        ),
        (
            "Content-Disposition: form-data; name=\"purpose\"",
            b"identity_document",
        ),
        ("Content-Disposition: form-data; name=\"pages\"", b"3"),
        (
            "Content-Disposition: form-data; name=\"labels\"\r\nContent-Type: text/plain",
            b"front",
        ),
        (
            "Content-Disposition: form-data; name=\"labels\"\r\nContent-Type: text/plain",
            b"back",
        ),
        (
            "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
            br#"{"source":"scanner","tags":["x"]}"#,
        ),
    ];
    let got: Vec<(&str, &[u8])> = got
        .iter()
        .map(|(h, b)| (h.as_str(), b.as_slice()))
        .collect();
    assert_eq!(got, expected);
}

/// Repeated file parts, one streamed from a `Stream` of chunks and one from an open file;
/// an optional part left out sends nothing.
#[tokio::test]
async fn multipart_streams_files_and_repeats_arrays() {
    use fixture_multipart_bodies::client::{AddPhotosMultipart, FilePart, Upload};
    use fixture_multipart_bodies::Client;

    let mock = Mock::start(|_, _| http(204, &[], "")).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let chunks = tokio_stream(vec![b"PNG1".to_vec(), b"PNG2".to_vec()]);
    let path = std::env::temp_dir().join(format!("h11-photo-{}.jpg", std::process::id()));
    std::fs::write(&path, b"JPEGDATA").expect("temp file");
    let file = tokio::fs::File::open(&path).await.expect("open");
    let body = AddPhotosMultipart::new(vec![
        FilePart::new(Upload::stream(chunks))
            .with_file_name("a.png")
            .with_content_type("image/png"),
        FilePart::new(Upload::file(file)).with_file_name("b.jpg"),
    ])
    .with_caption("Holiday".to_owned());
    limited(client.add_photos("summer 24", Some(body)))
        .await
        .expect("added");
    let _ = std::fs::remove_file(&path);
    let seen = only(&mock);
    assert!(
        seen.head
            .starts_with("POST /albums/summer%2024/photos HTTP/1.1"),
        "{}",
        seen.head
    );
    let got = parts(&seen);
    let got: Vec<(&str, &[u8])> = got
        .iter()
        .map(|(h, b)| (h.as_str(), b.as_slice()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "Content-Disposition: form-data; name=\"photos\"; filename=\"a.png\"\r\nContent-Type: image/png",
                b"PNG1PNG2".as_slice()
            ),
            (
                "Content-Disposition: form-data; name=\"photos\"; filename=\"b.jpg\"\r\nContent-Type: application/octet-stream",
                b"JPEGDATA".as_slice()
            ),
            ("Content-Disposition: form-data; name=\"caption\"", b"Holiday".as_slice()),
        ]
    );
}

/// 3.1 parts that name a media type with `contentMediaType` alone are files sent with that
/// type; one naming a text type stays a text part.
#[tokio::test]
async fn multipart_content_media_type_parts_are_files() {
    use fixture_multipart_bodies::client::{FilePart, UploadScanMultipart};
    use fixture_multipart_bodies::Client;

    let mock = Mock::start(|_, _| http(204, &[], "")).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let scan = FilePart::new(b"\x89PNG".to_vec()).with_file_name("scan.png");
    let body = UploadScanMultipart::new(scan)
        .with_raw(FilePart::new(vec![0u8, 255]))
        .with_note("tilted".to_owned());
    limited(client.upload_scan(body)).await.expect("stored");
    let got = parts(&only(&mock));
    let got: Vec<(&str, &[u8])> = got
        .iter()
        .map(|(h, b)| (h.as_str(), b.as_slice()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "Content-Disposition: form-data; name=\"scan\"; filename=\"scan.png\"\r\nContent-Type: image/png",
                b"\x89PNG".as_slice()
            ),
            (
                "Content-Disposition: form-data; name=\"raw\"\r\nContent-Type: application/octet-stream",
                [0u8, 255].as_slice()
            ),
            ("Content-Disposition: form-data; name=\"note\"", b"tilted".as_slice()),
        ]
    );
}

/// A multipart body merging objects with `allOf` gets a part per property of every member.
#[tokio::test]
async fn multipart_all_of_body_has_every_members_parts() {
    use fixture_multipart_bodies::client::{FilePart, SetAvatarMultipart};
    use fixture_multipart_bodies::models::ImageSlotSlot;
    use fixture_multipart_bodies::Client;

    let mock = Mock::start(|_, _| http(204, &[], "")).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let image = FilePart::new(b"PNG".to_vec()).with_file_name("me.png");
    let body = SetAvatarMultipart::new(ImageSlotSlot::Avatar, image).with_crop(64);
    limited(client.set_avatar(body)).await.expect("set");
    let got = parts(&only(&mock));
    let got: Vec<(&str, &[u8])> = got
        .iter()
        .map(|(h, b)| (h.as_str(), b.as_slice()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Content-Disposition: form-data; name=\"slot\"", b"avatar".as_slice()),
            ("Content-Disposition: form-data; name=\"crop\"", b"64".as_slice()),
            (
                "Content-Disposition: form-data; name=\"image\"; filename=\"me.png\"\r\nContent-Type: image/png",
                b"PNG".as_slice()
            ),
        ]
    );
}

/// Three attempts with tiny backoffs.
fn fast_retries() -> fixture_binary_text_bodies::RetryPolicy {
    fixture_binary_text_bodies::RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_secs(3),
        retry_non_idempotent: false,
    }
}

/// A stream of byte chunks, as a caller would hand one to `Upload::stream`.
fn tokio_stream(
    chunks: Vec<Vec<u8>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    struct Iter(std::vec::IntoIter<Vec<u8>>);
    impl futures_core::Stream for Iter {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next().map(Ok))
        }
    }
    Iter(chunks.into_iter())
}

/// Binary uploads: bytes in memory are sent with a `Content-Length` and retried after a 429;
/// a stream is sent chunked, once; a pattern media type (`image/*`) sends the caller's type.
#[tokio::test]
async fn binary_uploads_in_memory_and_streamed() {
    use fixture_binary_text_bodies::client::Upload;
    use fixture_binary_text_bodies::Client;

    let mock = Mock::start(|n, _| match n {
        0 => http(429, &[("retry-after", "0")], ""),
        _ => http(204, &[], ""),
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .retry_policy(fast_retries())
        .build()
        .expect("client");
    let bytes: Vec<u8> = (0..=255).collect();
    limited(client.put_blob("k1", bytes.as_slice()))
        .await
        .expect("stored");
    limited(client.put_blob(
        "k2",
        Upload::stream(tokio_stream(vec![b"ab".to_vec(), b"cd".to_vec()])),
    ))
    .await
    .expect("stored");
    limited(client.set_avatar(Some(
        Upload::from(b"GIF89a".as_slice()).with_content_type("image/gif"),
    )))
    .await
    .expect("set");
    let seen = mock.seen();
    assert_eq!(seen.len(), 4, "429 retried once for the in-memory body");
    for s in &seen[..2] {
        assert_eq!(s.bytes, bytes);
        assert_eq!(s.header("content-type"), Some("application/octet-stream"));
        assert_eq!(s.header("content-length"), Some("256"));
    }
    assert_eq!(seen[2].bytes, b"abcd");
    assert_eq!(seen[2].header("transfer-encoding"), Some("chunked"));
    assert_eq!(seen[3].bytes, b"GIF89a");
    assert_eq!(seen[3].header("content-type"), Some("image/gif"));
}

/// A streamed upload is not retried: its bytes are gone once sent.
#[tokio::test]
async fn streamed_upload_gets_one_attempt() {
    use fixture_binary_text_bodies::client::Upload;
    use fixture_binary_text_bodies::{Client, Error};

    let mock = Mock::start(|_, _| http(429, &[("retry-after", "0")], "")).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .retry_policy(fast_retries())
        .build()
        .expect("client");
    let err = limited(client.put_blob("k", Upload::stream(tokio_stream(vec![b"x".to_vec()]))))
        .await
        .expect_err("429");
    assert!(matches!(err, Error::Api { status: 429, .. }), "{err:?}");
    assert_eq!(mock.hits(), 1);
}

/// A `*/*` response whose schema is binary is a download, not JSON text.
#[tokio::test]
async fn pattern_response_with_binary_schema_is_a_download() {
    let mock = Mock::start(|_, _| {
        let mut out =
            b"HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: 4\r\n\r\n"
                .to_vec();
        out.extend_from_slice(&[0x50, 0x4b, 0x00, 0xff]);
        Answer::Raw(out)
    })
    .await;
    let client = fixture_binary_text_bodies::Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let download = limited(client.get_export("e1")).await.expect("found");
    assert_eq!(download.content_type(), Some("application/zip"));
    assert_eq!(
        limited(download.bytes()).await.expect("body"),
        vec![0x50, 0x4b, 0x00, 0xff]
    );
    assert!(
        only(&mock).head.contains("accept: */*"),
        "{}",
        only(&mock).head
    );
}

/// A download gives its headers at once (the file name from `Content-Disposition`) and its
/// body as chunks or collected; a declared error status still decodes as an API error.
#[tokio::test]
async fn downloads_stream_with_headers() {
    use fixture_binary_text_bodies::{Client, Error};

    let body: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let expected = body.clone();
    let mock = Mock::start(move |n, _| match n {
        0 | 1 => {
            let mut out = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\n\
                 content-disposition: attachment; filename=\"plain.bin\"; filename*=UTF-8''r%C3%A9sum%C3%A9.bin\r\n\r\n",
                body.len()
            )
            .into_bytes();
            out.extend_from_slice(&body);
            Answer::Raw(out)
        }
        _ => json(404, r#"{"message":"no such key"}"#),
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let download = limited(client.get_blob("k")).await.expect("found");
    assert_eq!(download.file_name().as_deref(), Some("résumé.bin"));
    assert_eq!(download.content_length(), Some(100_000));
    assert_eq!(download.content_type(), Some("application/octet-stream"));
    assert_eq!(limited(download.bytes()).await.expect("body"), expected);

    let mut stream = limited(client.get_blob("k"))
        .await
        .expect("found")
        .into_stream();
    let mut total = Vec::new();
    while let Some(chunk) = limited(stream.next()).await {
        total.extend_from_slice(&chunk.expect("chunk"));
    }
    assert_eq!(total, expected);
    assert_eq!(mock.seen()[0].header("accept"), Some("*/*"));

    let err = limited(client.get_blob("gone")).await.expect_err("404");
    assert!(matches!(err, Error::Api { status: 404, .. }), "{err:?}");
    assert_eq!(err.body().and_then(|b| b.message()), Some("no such key"));
}

/// `text/plain` both ways: a `&str` sent as UTF-8, a `String` back.
#[tokio::test]
async fn text_bodies_both_ways() {
    use fixture_binary_text_bodies::Client;

    let mock = Mock::start(|_, seen| {
        http(
            200,
            &[("content-type", "text/plain; charset=utf-8")],
            &seen.body.to_uppercase(),
        )
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let back = limited(client.echo_note("crème brûlée"))
        .await
        .expect("echoed");
    assert_eq!(back, "CRÈME BRÛLÉE");
    let seen = only(&mock);
    assert_eq!(seen.body, "crème brûlée");
    assert_eq!(seen.header("content-type"), Some("text/plain"));
    assert_eq!(seen.header("accept"), Some("text/plain, */*;q=0.5"));
}

/// A text response of another type (`text/csv`) is asked for by that type, so a server that
/// negotiates gives CSV rather than its default rendering.
#[tokio::test]
async fn a_csv_report_is_asked_for_as_csv() {
    use fixture_binary_text_bodies::Client;

    let mock =
        Mock::start(|_, _| http(200, &[("content-type", "text/csv")], "month,total\n11,42\n"))
            .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let report = limited(client.get_monthly_report()).await.expect("report");
    assert_eq!(report, "month,total\n11,42\n");
    assert_eq!(only(&mock).header("accept"), Some("text/csv, */*;q=0.5"));
}
