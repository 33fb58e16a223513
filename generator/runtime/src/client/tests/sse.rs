//! Tests of cutting `text/event-stream` bodies into events (`sse_frame.rs`): every rule is
//! checked with the body cut at every byte offset, and at every pair of offsets, so no
//! split (inside a UTF-8 character, between `\r` and `\n`, inside the byte order mark)
//! changes what comes out.

use super::super::sse_frame::{Frame, Framed, Framer, MAX_EVENT_BYTES};
use super::super::Error;

/// The frames `pieces` give, fed one after the other; a frame is `Err(())` for `TooLong`.
fn frames(pieces: &[&[u8]], limit: usize) -> Vec<Result<String, ()>> {
    let mut framer = Framer::new(limit);
    let mut out = Vec::new();
    for piece in pieces {
        let mut rest: &[u8] = piece;
        loop {
            let (read, frame) = framer.push(rest);
            match frame {
                Some(Frame::Event(text)) => out.push(Ok(text)),
                Some(Frame::TooLong) => out.push(Err(())),
                None => {}
            }
            rest = &rest[read..];
            if rest.is_empty() {
                break;
            }
        }
    }
    out
}

/// Checks that `body` gives `expected` whole, cut once at every offset, and cut twice at
/// every pair of offsets.
fn check(body: &[u8], limit: usize, expected: &[Result<&str, ()>]) {
    let expected: Vec<Result<String, ()>> = expected.iter().map(|e| e.map(str::to_owned)).collect();
    assert_eq!(frames(&[body], limit), expected, "whole");
    for i in 0..=body.len() {
        let (a, b) = body.split_at(i);
        assert_eq!(frames(&[a, b], limit), expected, "cut at {i}");
        for j in i..=body.len() {
            let (b, c) = body[i..].split_at(j - i);
            assert_eq!(frames(&[a, b, c], limit), expected, "cut at {i} and {j}");
        }
    }
}

#[test]
fn line_ends_of_all_three_kinds_give_lf_lines() {
    check(
        b"data: a\r\ndata: b\r\n\r\nid: 7\rdata: c\r\r: note\ndata: d\n\n",
        1 << 10,
        &[
            Ok("data: a\ndata: b\n\n"),
            Ok("id: 7\ndata: c\n\n"),
            Ok(": note\ndata: d\n\n"),
        ],
    );
}

/// The body's very last byte is a lone `\r` that ends the event: it is not held back
/// waiting for a `\n`.
#[test]
fn a_lone_cr_at_the_very_end_ends_the_event() {
    check(b"data: x\r\r", 1 << 10, &[Ok("data: x\n\n")]);
    check(b"data: x\n\r", 1 << 10, &[Ok("data: x\n\n")]);
}

/// A `retry` field counts only when its value is all ASCII digits.
#[test]
fn a_retry_that_is_not_only_digits_is_dropped() {
    check(
        b"retry: +5\nretry:7\nretry: 1e3\nretry:\ndata: a\n\n",
        1 << 10,
        &[Ok("retry:7\ndata: a\n\n")],
    );
}

/// An event the body does not finish with a blank line is dropped (WHATWG: "the incomplete
/// event is not dispatched").
#[test]
fn an_unfinished_last_event_is_dropped() {
    check(b"data: a\n\ndata: b\n", 1 << 10, &[Ok("data: a\n\n")]);
    check(b"data: a\n\ndata: b", 1 << 10, &[Ok("data: a\n\n")]);
}

/// Bytes that are not UTF-8 become U+FFFD, and the events after them still arrive; a
/// character cut between pieces is put back together.
#[test]
fn invalid_utf8_is_replaced_and_the_stream_goes_on() {
    check(
        b"data: \xff\xfe caf\xc3\xa9 \xe2\x82\n\ndata: \xe2\x82\xac\n\n",
        1 << 10,
        &[
            Ok("data: \u{fffd}\u{fffd} café \u{fffd}\n\n"),
            Ok("data: €\n\n"),
        ],
    );
}

/// One byte order mark at the start is dropped; a second one, or one later, is text.
#[test]
fn one_leading_byte_order_mark_is_dropped() {
    check(b"\xef\xbb\xbfdata: a\n\n", 1 << 10, &[Ok("data: a\n\n")]);
    check(
        b"\xef\xbb\xbf\xef\xbb\xbfdata: a\n\n",
        1 << 10,
        &[Ok("\u{feff}data: a\n\n")],
    );
    // Only the start of a mark: the bytes are text (not UTF-8, so replaced).
    check(
        b"\xef\xbbdata: a\n\n",
        1 << 10,
        &[Ok("\u{fffd}data: a\n\n")],
    );
    // A mark alone on the first line makes it blank: no event.
    check(b"\xef\xbb\xbf\ndata: a\n\n", 1 << 10, &[Ok("data: a\n\n")]);
}

/// An event past the limit gives one error and is skipped to its blank line, whether one
/// line never ends or many lines add up; the next event arrives whole.
#[test]
fn an_event_past_the_limit_is_skipped_with_one_error() {
    // The limit counts the event's bytes with their `\n`s: "data: 12345678\n" is 15.
    check(
        b"data: 12345678\ndata: 9\n\ndata: ok\n\n",
        16,
        &[Err(()), Ok("data: ok\n\n")],
    );
    check(
        b"data: 1234567890123456789\r\ndata: more\r\n\r\nid: 2\r\n\r\n",
        16,
        &[Err(()), Ok("id: 2\n\n")],
    );
    // Exactly at the limit is kept.
    check(b"data: 123456789\n\n", 16, &[Ok("data: 123456789\n\n")]);
}

/// A line that never ends keeps no more than the limit in memory, however long the body.
#[test]
fn a_line_that_never_ends_holds_at_most_the_limit() {
    let mut framer = Framer::new(1 << 10);
    let chunk = [b'a'; 4096];
    let mut errors = 0;
    for _ in 0..1000 {
        let (read, frame) = framer.push(&chunk);
        assert_eq!(read, chunk.len());
        errors += usize::from(frame == Some(Frame::TooLong));
    }
    assert_eq!(errors, 1);
    assert_eq!(
        framer.push(b"\n\ndata: b\n\n"),
        (11, Some(Frame::Event("data: b\n\n".to_owned())))
    );
}

/// An event of 200,000 `data` lines goes through the parser in linear time: handed to it
/// whole, each line read copies the rest of the event (measured in a debug build: 38 s,
/// against 1.9 s a line at a time).
#[tokio::test(flavor = "current_thread")]
async fn an_event_of_many_lines_is_parsed_in_linear_time() {
    use futures_core::Stream as _;

    const LINES: usize = 200_000;
    let mut body = b"data: x\n".repeat(LINES);
    body.extend_from_slice(b"\n");
    let chunks: Vec<Result<bytes::Bytes, Error>> = body
        .chunks(64 << 10)
        .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
        .collect();
    let framed = Framed::new(StreamOf(chunks.into_iter()), MAX_EVENT_BYTES);
    let mut events = eventsource_stream::EventStream::new(framed);
    let started = std::time::Instant::now();
    let mut got = Vec::new();
    while let Some(event) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut events).poll_next(cx)).await
    {
        got.push(event.map(|e| e.data.len()).map_err(|_| ()));
    }
    assert_eq!(got, vec![Ok(LINES * 2 - 1)]);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
}

/// A stream over an iterator (the runtime has no `futures` dependency to make one).
pub(super) struct StreamOf<I>(pub(super) I);

impl<I: Iterator + Unpin> futures_core::Stream for StreamOf<I> {
    type Item = I::Item;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.get_mut().0.next())
    }
}
