//! OpenAPI 3.2 `itemSchema` end to end, on the `item_schemas` fixture against the scripted
//! server: events told apart by name decode into the generated enum (an unlisted name into
//! its `Unknown` variant, a bad `data` into an error for that event alone), `contentSchema`
//! types an event's JSON `data`, item schemas type JSON Lines and JSON text sequences, and a
//! JSON Lines upload goes out as the caller's bytes.

use std::time::Duration;

use crate::support::server::{within, Answer, Mock};

const LIMIT: Duration = Duration::from_secs(20);

/// A 200 response of `content_type` whose body is `body`, in pieces cut at `cuts`.
fn stream(content_type: &str, body: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let head =
        format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n");
    let mut pieces = vec![head.into_bytes()];
    let mut from = 0;
    for &cut in cuts.iter().chain([body.len()].iter()) {
        pieces.push(body[from..cut].to_vec());
        from = cut;
    }
    pieces
}

fn send(pieces: &[Vec<u8>]) -> Answer {
    Answer::Pieces(pieces.to_vec(), Duration::from_millis(2))
}

fn client(url: &str) -> fixture_item_schemas::Client {
    fixture_item_schemas::Client::builder()
        .base_url(url)
        .build()
        .expect("client")
}

#[tokio::test]
async fn events_told_apart_by_name_decode_into_the_enum() {
    use fixture_item_schemas::client::WatchUpdatesEvent as E;
    use fixture_item_schemas::models::{Change, Closed};
    use fixture_item_schemas::Error;

    let body: &[u8] = b"event: note\ndata: saved\n\n\
        event: count\ndata: 9007199254740993\n\n\
        event: change\nid: 7\ndata: {\"path\":\"/title\",\r\ndata: \"value\":3}\r\n\r\n\
        event: count\ndata: many\n\n\
        event: ping\ndata: {}\n\n\
        event: closed\ndata: {\"reason\":\"done\"}\n\n";
    let answer = stream("text/event-stream", body, &[5, 40, 90]);
    let mock = Mock::start(move |_, _| send(&answer)).await;
    let mut events = within(LIMIT, client(&mock.url).watch_updates())
        .await
        .expect("opens");
    let mut got = Vec::new();
    while let Some(event) = within(LIMIT, events.next()).await {
        got.push(match event {
            Ok(event) => Ok((event.event, event.id, event.data)),
            Err(Error::Decode { excerpt, .. }) => Err(excerpt),
            Err(other) => panic!("{other:?}"),
        });
    }
    let change = Change {
        path: "/title".to_owned(),
        value: 3,
    };
    let seven = Some("7".to_owned());
    assert_eq!(
        got,
        vec![
            Ok(("note".to_owned(), None, E::Note("saved".to_owned()))),
            // A 64-bit count beyond f64's exact range arrives exactly.
            Ok(("count".to_owned(), None, E::Count(9_007_199_254_740_993))),
            Ok(("change".to_owned(), seven.clone(), E::Change(change))),
            Err("many".to_owned()),
            Ok((
                "ping".to_owned(),
                seven.clone(),
                E::Unknown("{}".to_owned())
            )),
            Ok((
                "closed".to_owned(),
                seven,
                E::Closed(Closed {
                    reason: "done".to_owned()
                })
            )),
        ]
    );
    assert_eq!(mock.seen()[0].header("accept"), Some("text/event-stream"));
}

#[tokio::test]
async fn content_schema_types_the_data_of_every_event() {
    use fixture_item_schemas::models::{StreamCompletionBody, StreamCompletionResponse200Event};
    use fixture_item_schemas::types::Nullable;

    let body = b"id: a\ndata: {\"token\":\"Hel\",\"logprob\":-0.5}\n\ndata: {\"token\":\"lo\",\"logprob\":null}\n\n";
    let answer = stream("text/event-stream", body, &[]);
    let mock = Mock::start(move |_, _| send(&answer)).await;
    let mut events = within(
        LIMIT,
        client(&mock.url).stream_completion(&StreamCompletionBody::new("hi")),
    )
    .await
    .expect("opens");
    let mut tokens = Vec::new();
    while let Some(event) = within(LIMIT, events.next()).await {
        let StreamCompletionResponse200Event { token, logprob } = event.expect("decodes").data;
        tokens.push((token, logprob));
    }
    assert_eq!(
        tokens,
        vec![
            ("Hel".to_owned(), Nullable::Present(-0.5)),
            ("lo".to_owned(), Nullable::Null)
        ]
    );
}

#[tokio::test]
async fn item_schemas_type_json_lines_and_sequences() {
    use fixture_item_schemas::models::{Change, ReadSequenceResponse200Item};

    let lines = stream(
        "application/jsonl",
        b"{\"path\":\"/a\",\"value\":1}\n{\"path\":\"/b\",\"value\":2}\n",
        &[10],
    );
    let seq = stream(
        "application/json-seq",
        b"\x1e{\"at\":\"t1\",\"value\":0.5}\n",
        &[1],
    );
    let mock = Mock::start(move |n, _| match n {
        0 | 2 => send(&lines),
        _ => send(&seq),
    })
    .await;
    let client = client(&mock.url);
    let mut records = within(LIMIT, client.export_records()).await.expect("opens");
    let mut got = Vec::new();
    while let Some(item) = within(LIMIT, records.next()).await {
        got.push(item.expect("decodes"));
    }
    let change = |path: &str, value| Change {
        path: path.to_owned(),
        value,
    };
    assert_eq!(got, vec![change("/a", 1), change("/b", 2)]);
    let mut measurements = within(LIMIT, client.read_sequence()).await.expect("opens");
    let first = within(LIMIT, measurements.next())
        .await
        .expect("item")
        .expect("decodes");
    assert_eq!(
        first,
        ReadSequenceResponse200Item {
            at: "t1".to_owned(),
            value: 0.5
        }
    );
    assert!(within(LIMIT, measurements.next()).await.is_none());
    // The array `schema` of a 3.2 spec types each line as its items.
    let mut changes = within(LIMIT, client.tail_changes()).await.expect("opens");
    let first: Change = within(LIMIT, changes.next())
        .await
        .expect("item")
        .expect("decodes");
    assert_eq!(first, change("/a", 1));
}

/// A request body's `itemSchema` types nothing: the lines go out as the caller's bytes,
/// under the spec's media type.
#[tokio::test]
async fn a_json_lines_upload_is_sent_as_bytes() {
    let mock = Mock::start(|_, _| {
        Answer::Raw(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n".to_vec())
    })
    .await;
    let lines = "{\"path\":\"/a\",\"value\":1}\n";
    within(LIMIT, client(&mock.url).import_records(lines))
        .await
        .expect("imports");
    let seen = mock.seen();
    assert_eq!(seen[0].header("content-type"), Some("application/jsonl"));
    assert_eq!(seen[0].body, lines);
}
