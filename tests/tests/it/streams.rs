//! Streamed responses end to end against the scripted server: server-sent events split at
//! awkward byte boundaries, idle (not whole-response) timeouts, dropping a stream closes the
//! connection, and JSON Lines in all three media types, 100,000 items in bounded memory.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::support::alloc;
use crate::support::server::{within, Answer, Mock};

const LIMIT: Duration = Duration::from_secs(20);

fn head(content_type: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n")
        .into_bytes()
}

/// Pieces of `text` cut at each byte offset in `cuts`, after a response head.
fn pieces(content_type: &str, text: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut out = vec![head(content_type)];
    let mut from = 0;
    for &cut in cuts.iter().chain([text.len()].iter()) {
        out.push(text[from..cut].to_vec());
        from = cut;
    }
    out
}

fn offset(text: &[u8], needle: &[u8]) -> usize {
    text.windows(needle.len())
        .position(|w| w == needle)
        .expect("needle in text")
}

/// Comments, `retry`, `id`, a named event, multi-line `data`, CRLF, LF and CR line endings,
/// and pieces cut inside a UTF-8 character, between `\r` and `\n`, and inside a field name;
/// the body's very last byte is a lone `\r` that ends the last event.
/// An event whose `data` is not the schema's JSON is an error, and the stream goes on.
#[tokio::test]
async fn server_sent_events_survive_awkward_splits() {
    use fixture_event_streams::client::Event;
    use fixture_event_streams::models::{Chunk, StreamCompletionBody};
    use fixture_event_streams::{Client, Error};

    let text: &[u8] = b": keep-alive comment\r\nretry: 2500\r\nid: 1\r\nevent: token\r\n\
        data: {\"index\":0,\r\ndata: \"token\":\"h\xc3\xa9llo\"}\r\n\r\n\
        data: {\"index\":1,\"token\":\"w\xc3\xb6rld\",\"done\":true}\nid: 2\n\n\
        data: not json\n\n\
        : comment\rdata: {\"index\":2,\"token\":\"ok\"}\r\r";
    let mut cuts = [
        offset(text, b"\xa9llo"),          // inside `é`
        offset(text, b"\nevent"),          // between `\r` and `\n`
        offset(text, b"ta: {\"index\":1"), // inside `data`
        offset(text, b"\xb6rld"),          // inside `ö`
        offset(text, b"\n\ndata: not"),
        offset(text, b"\r\r") + 1, // between the two CR line ends
    ];
    cuts.sort_unstable();
    let script = pieces("text/event-stream", text, &cuts);
    let mock =
        Mock::start(move |_, _| Answer::Pieces(script.clone(), Duration::from_millis(15))).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let mut events = within(
        LIMIT,
        client.stream_completion(&StreamCompletionBody::new("hi")),
    )
    .await
    .expect("stream opens");
    let chunk = |index, token: &str, done| Chunk {
        index,
        token: token.to_owned(),
        done,
    };
    let first = within(LIMIT, events.next())
        .await
        .expect("event")
        .expect("decodes");
    assert_eq!(
        first,
        Event {
            event: "token".to_owned(),
            id: Some("1".to_owned()),
            retry: Some(Duration::from_millis(2500)),
            data: chunk(0, "héllo", None),
        }
    );
    let second = within(LIMIT, events.next())
        .await
        .expect("event")
        .expect("decodes");
    assert_eq!(
        second,
        Event {
            event: "message".to_owned(),
            id: Some("2".to_owned()),
            retry: None,
            data: chunk(1, "wörld", Some(true)),
        }
    );
    match within(LIMIT, events.next()).await {
        Some(Err(Error::Decode {
            status: 200,
            excerpt,
            ..
        })) => assert_eq!(excerpt, "not json"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let last = within(LIMIT, events.next())
        .await
        .expect("event")
        .expect("decodes");
    assert_eq!(
        (last.id.as_deref(), last.data),
        (Some("2"), chunk(2, "ok", None))
    );
    assert!(within(LIMIT, events.next()).await.is_none());
    let seen = mock.seen();
    assert_eq!(seen[0].header("accept"), Some("text/event-stream"));
    assert_eq!(seen[0].body, r#"{"prompt":"hi"}"#);
}

/// The WHATWG rules `eventsource-stream` alone misses, end to end: a byte order mark cut
/// across pieces is dropped, bytes that are not UTF-8 become U+FFFD and the events after
/// them still arrive, and a 64 MiB line that never ends gives one error for its event (past
/// the 16 MiB cap) while the memory held stays bounded; the event after it arrives.
#[tokio::test]
async fn server_sent_events_bom_invalid_utf8_and_an_endless_line() {
    use fixture_event_streams::{Client, Error};

    const LINE: usize = 64 << 20;
    const PIECE: usize = 256 << 10;
    let mock = Mock::start(|_, _| {
        let start: [&[u8]; 3] = [
            b"\xef\xbb",
            b"\xbfdata: caf\xc3",
            b"\xa9 \xff\xfe!\r\n\r\ndata: ",
        ];
        // Made as they are sent, so the server holds one piece at a time.
        let mut sent = 0;
        let next = move || {
            sent += 1;
            let line_pieces = LINE / PIECE;
            match sent - 1 {
                n if n < start.len() => start.get(n).map(|p| p.to_vec()),
                n if n < start.len() + line_pieces => Some(vec![b'x'; PIECE]),
                n if n == start.len() + line_pieces => Some(b"\n\ndata: after\r\r".to_vec()),
                _ => None,
            }
        };
        Answer::Stream {
            head: head("text/event-stream"),
            next: Box::new(next),
            closed: Arc::new(AtomicBool::new(false)),
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let start = alloc::reset_peak();
    let mut ticks = within(LIMIT, client.ticks()).await.expect("opens");
    let first = within(LIMIT, ticks.next())
        .await
        .expect("event")
        .expect("text");
    assert_eq!(first.data, "café \u{fffd}\u{fffd}!");
    match within(LIMIT, ticks.next()).await {
        Some(Err(Error::Decode { message, .. })) => assert_eq!(
            message,
            "an event is longer than 16777216 bytes; it was skipped"
        ),
        other => panic!("expected the too-long error, got {other:?}"),
    }
    let last = within(LIMIT, ticks.next())
        .await
        .expect("event")
        .expect("text");
    assert_eq!(last.data, "after");
    assert!(within(LIMIT, ticks.next()).await.is_none());
    drop(ticks);
    let peak = alloc::peak_since(start);
    // The cap is 16 MiB of event text, its buffer never grown past it (measured peak: 16.8
    // MiB); holding the line would take 64 MiB and more.
    assert!(peak < 20 << 20, "peak {peak} bytes");
}

/// The timeout bounds each silence, not the stream: events 100 ms apart for 800 ms all
/// arrive under a 300 ms timeout, and a stream that then goes quiet ends with a timeout.
#[tokio::test]
async fn stream_timeouts_are_idle_timeouts() {
    use fixture_event_streams::{Client, Error};

    let mut script = vec![head("text/event-stream")];
    script.extend((0..8).map(|i| format!("data: tick {i}\n\n").into_bytes()));
    let mock = Mock::start(move |n, _| match n {
        0 => Answer::Pieces(script.clone(), Duration::from_millis(100)),
        _ => {
            let mut first = head("text/event-stream");
            first.extend_from_slice(b"data: once\n\n");
            Answer::Pieces(vec![first, Vec::new()], Duration::from_secs(5))
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let mut ticks = within(LIMIT, client.ticks()).await.expect("opens");
    let mut got = Vec::new();
    while let Some(event) = within(LIMIT, ticks.next()).await {
        got.push(event.expect("tick").data);
    }
    let expected: Vec<String> = (0..8).map(|i| format!("tick {i}")).collect();
    assert_eq!(got, expected);

    let mut quiet = within(LIMIT, client.ticks()).await.expect("opens");
    assert_eq!(
        within(LIMIT, quiet.next())
            .await
            .expect("event")
            .expect("ok")
            .data,
        "once"
    );
    let started = std::time::Instant::now();
    assert!(matches!(
        within(LIMIT, quiet.next()).await,
        Some(Err(Error::Timeout))
    ));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(within(LIMIT, quiet.next()).await.is_none());
}

/// Dropping a stream closes the connection: the server's next writes fail.
#[tokio::test]
async fn dropping_a_stream_cancels_the_request() {
    use fixture_event_streams::Client;

    let closed = Arc::new(AtomicBool::new(false));
    let flag = closed.clone();
    let mock = Mock::start(move |_, _| {
        let mut i = 0u64;
        Answer::Stream {
            head: head("text/event-stream"),
            next: Box::new(move || {
                i += 1;
                // Endless, but paced so the test's thread is not flooded.
                std::thread::sleep(Duration::from_millis(1));
                Some(format!("data: {i}\n\n").into_bytes())
            }),
            closed: flag.clone(),
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let mut ticks = within(LIMIT, client.ticks()).await.expect("opens");
    for i in 1..=3 {
        let event = within(LIMIT, ticks.next())
            .await
            .expect("event")
            .expect("ok");
        assert_eq!(event.data, i.to_string());
    }
    drop(ticks);
    within(LIMIT, async {
        while !closed.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}

/// 100,000 JSON Lines items stream through in bounded memory: the most this thread holds at
/// once (client, server task and test alike, on one single-threaded runtime) stays under
/// 2 MiB while the body is more than three times that.
#[tokio::test]
async fn json_lines_hundred_thousand_items_in_bounded_memory() {
    use fixture_json_lines::models::ExportRecordsParams;
    use fixture_json_lines::Client;

    const ITEMS: u64 = 100_000;
    const PER_PIECE: u64 = 500;
    let mock = Mock::start(|_, _| {
        let mut next_id = 0u64;
        Answer::Stream {
            head: head("application/jsonl"),
            next: Box::new(move || {
                if next_id >= ITEMS {
                    return None;
                }
                let mut piece = String::new();
                for id in next_id..(next_id + PER_PIECE).min(ITEMS) {
                    piece.push_str(&format!(
                        "{{\"id\":{id},\"name\":\"record number {id} with some padding text\"}}\n"
                    ));
                }
                next_id += PER_PIECE;
                Some(piece.into_bytes())
            }),
            closed: Arc::new(AtomicBool::new(false)),
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let start = alloc::reset_peak();
    let mut records = within(LIMIT, client.export_records(&ExportRecordsParams::new()))
        .await
        .expect("opens");
    let (mut count, mut id_sum) = (0u64, 0u64);
    while let Some(record) = within(LIMIT, records.next()).await {
        let record = record.expect("decodes");
        assert_eq!(record.id as u64, count, "items arrive in order");
        id_sum += record.id as u64;
        count += 1;
    }
    drop(records);
    let peak = alloc::peak_since(start);
    assert_eq!(count, ITEMS);
    assert_eq!(id_sum, ITEMS * (ITEMS - 1) / 2);
    // The body is about 6.6 MB; holding it would blow far past this bound (measured peak:
    // about 0.6 MB, mostly hyper's read buffer and the server's current piece).
    assert!(peak < 2 << 20, "peak {peak} bytes");
}

/// A line that is not an item is an error for that line only; blank lines, CRLF endings, a
/// last line without a newline and `json-seq` record separators are all read.
#[tokio::test]
async fn json_lines_bad_lines_blank_lines_and_separators() {
    use fixture_json_lines::models::Record;
    use fixture_json_lines::{Client, Error};

    let lines = b"{\"id\":1}\r\n\n{\"id\":\"two\"}\n{\"id\":3,\"name\":\"x\xc3\xa9\"}\n{\"id\":4}";
    let seq = b"\x1e{\"id\":5}\n\x1e{\"id\":6}\n";
    let (a, b) = (
        pieces("application/x-ndjson", lines, &[3, 12, 33]),
        pieces("application/json-seq", seq, &[1]),
    );
    let mock = Mock::start(move |n, _| match n {
        0 => Answer::Pieces(a.clone(), Duration::from_millis(5)),
        _ => Answer::Pieces(b.clone(), Duration::from_millis(5)),
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let mut logs = within(LIMIT, client.tail_logs()).await.expect("opens");
    let mut got = Vec::new();
    while let Some(item) = within(LIMIT, logs.next()).await {
        got.push(item.map(|_| ()).map_err(|e| match e {
            Error::Decode { excerpt, .. } => excerpt,
            other => panic!("{other:?}"),
        }));
    }
    // `tail_logs` items have only optional fields: every JSON object is one.
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got.iter().all(Result::is_ok), "{got:?}");

    let mut changes = within(LIMIT, client.changes()).await.expect("opens");
    let mut ids = Vec::new();
    while let Some(item) = within(LIMIT, changes.next()).await {
        ids.push(item.expect("decodes").id);
    }
    assert_eq!(ids, vec![5, 6]);

    // Items of a required-field schema: the `"two"` line fails alone.
    let text = b"{\"id\":1}\n{\"id\":\"two\"}\n{\"id\":3}\n";
    let script = pieces("application/jsonl", text, &[]);
    let mock = Mock::start(move |_, _| Answer::Pieces(script.clone(), Duration::ZERO)).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let mut records = within(LIMIT, client.export_records(&Default::default()))
        .await
        .expect("opens");
    let mut got: Vec<Result<Record, String>> = Vec::new();
    while let Some(item) = within(LIMIT, records.next()).await {
        got.push(item.map_err(|e| match e {
            Error::Decode { excerpt, .. } => excerpt,
            other => panic!("{other:?}"),
        }));
    }
    assert_eq!(
        got,
        vec![
            Ok(Record { id: 1, name: None }),
            Err("{\"id\":\"two\"}".to_owned()),
            Ok(Record { id: 3, name: None }),
        ]
    );
}
