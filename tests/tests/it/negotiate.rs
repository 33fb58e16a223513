//! Response content negotiation end to end: an operation whose response offers JSON or a
//! stream has a plain method that asks for JSON and a `…_stream` twin that asks for
//! `text/event-stream`, both sending the same body; the scripted server answers by `Accept`.

use std::time::Duration;

use crate::support::server::{json, within, Answer, Mock};

const LIMIT: Duration = Duration::from_secs(20);

/// A server like OpenAI's: the stream when asked for one, JSON otherwise.
async fn negotiating_server() -> Mock {
    Mock::start(|_, seen| {
        if seen.header("accept") == Some("text/event-stream") {
            let body = "data: {\"index\":0,\"token\":\"he\"}\n\n\
                        data: {\"index\":1,\"token\":\"llo\",\"done\":true}\n\n";
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\
                        connection: close\r\n\r\n";
            Answer::Raw(format!("{head}{body}").into_bytes())
        } else {
            json(200, r#"{"text":"hello"}"#)
        }
    })
    .await
}

#[tokio::test]
async fn plain_method_asks_for_json_and_its_twin_for_the_stream() {
    use fixture_event_streams::client::Event;
    use fixture_event_streams::models::{Answer as Reply, Chunk, CreateChatBody};
    use fixture_event_streams::Client;

    let mock = negotiating_server().await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");

    let whole = within(LIMIT, client.create_chat(&CreateChatBody::new("hi")))
        .await
        .expect("json answer");
    assert_eq!(
        whole,
        Reply {
            text: "hello".to_owned()
        }
    );

    // The twin leaves the body as the caller built it: here it asks for the stream itself.
    let body = CreateChatBody::new("hi").with_stream(true);
    let mut events = within(LIMIT, client.create_chat_stream(&body))
        .await
        .expect("stream opens");
    let mut got = Vec::new();
    while let Some(event) = within(LIMIT, events.next()).await {
        got.push(event.expect("decodes"));
    }
    let event = |index, token: &str, done| Event {
        event: "message".to_owned(),
        id: None,
        retry: None,
        data: Chunk {
            index,
            token: token.to_owned(),
            done,
        },
    };
    assert_eq!(got, [event(0, "he", None), event(1, "llo", Some(true))]);

    let seen = mock.seen();
    let sent: Vec<(Option<&str>, &str)> = seen
        .iter()
        .map(|s| (s.header("accept"), s.body.as_str()))
        .collect();
    assert_eq!(
        sent,
        [
            (Some("application/json"), r#"{"prompt":"hi"}"#),
            (
                Some("text/event-stream"),
                r#"{"prompt":"hi","stream":true}"#
            ),
        ]
    );
}

/// A multipart request's twin takes the same struct (emitted once) and streams the answer.
#[tokio::test]
async fn a_multipart_request_has_a_streaming_twin_too() {
    use fixture_event_streams::client::{CreateTranscriptionMultipart, FilePart};
    use fixture_event_streams::Client;

    let mock = negotiating_server().await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let body = CreateTranscriptionMultipart::new(FilePart::new(b"RIFF".to_vec())).with_stream(true);
    let mut events = within(LIMIT, client.create_transcription_stream(body))
        .await
        .expect("stream opens");
    let mut tokens = String::new();
    while let Some(event) = within(LIMIT, events.next()).await {
        tokens.push_str(&event.expect("decodes").data.token);
    }
    assert_eq!(tokens, "hello");
    let seen = mock.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].header("accept"), Some("text/event-stream"));
    assert!(
        seen[0]
            .header("content-type")
            .is_some_and(|ct| ct.starts_with("multipart/form-data; boundary=")),
        "{:?}",
        seen[0].head
    );
    assert!(
        seen[0].body.contains("name=\"stream\"\r\n\r\ntrue\r\n"),
        "{}",
        seen[0].body
    );
}

/// JSON or JSON Lines from one response: the plain method takes the array, the `…_lines`
/// twin asks for the line formats by name and reads one record per line.
#[tokio::test]
async fn json_lines_twin_asks_for_lines_and_reads_them() {
    use fixture_json_lines::models::Record;
    use fixture_json_lines::Client;

    let mock = Mock::start(|_, seen| match seen.header("accept") {
        Some(accept) if accept.starts_with("application/jsonl") => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\n\
                        connection: close\r\n\r\n";
            Answer::Raw(format!("{head}{{\"id\":1}}\n{{\"id\":2,\"name\":\"b\"}}\n").into_bytes())
        }
        _ => json(200, r#"[{"id":1}]"#),
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");

    let all = within(LIMIT, client.list_records())
        .await
        .expect("json array");
    assert_eq!(all.iter().map(|r| r.id).collect::<Vec<_>>(), [1]);

    let mut lines = within(LIMIT, client.list_records_lines())
        .await
        .expect("lines open");
    let mut got: Vec<Record> = Vec::new();
    while let Some(record) = within(LIMIT, lines.next()).await {
        got.push(record.expect("decodes"));
    }
    assert_eq!(
        got.iter()
            .map(|r| (r.id, r.name.as_deref()))
            .collect::<Vec<_>>(),
        [(1, None), (2, Some("b"))]
    );
    let accepts: Vec<Option<String>> = mock
        .seen()
        .iter()
        .map(|r| r.header("accept").map(str::to_owned))
        .collect();
    assert_eq!(
        accepts,
        [
            Some("application/json".to_owned()),
            Some(
                "application/jsonl, application/x-ndjson, application/json-seq, */*;q=0.5"
                    .to_owned()
            )
        ]
    );
}
