//! Cuts a `text/event-stream` body into whole events before `eventsource-stream` parses
//! them, keeping the WHATWG rules that crate misses and bounding the memory one event takes.
//!
//! The parser then sees only complete events, each line ended by `\n`, as valid UTF-8:
//! - a lone `\r` ends a line at once, even as the last byte of the body (the crate waits for
//!   a `\n` that may follow, and at the end of the body the event is lost);
//! - bytes that are not UTF-8 are decoded with U+FFFD replacement characters, as the WHATWG
//!   "UTF-8 decode" does (the crate keeps them buffered and yields nothing more, ever);
//! - one byte order mark at the start of the body is dropped;
//! - a `retry` field whose value is not only ASCII digits is dropped (the crate takes
//!   `+5`);
//! - an event longer than [`MAX_EVENT_BYTES`] is skipped to its end with one error, so a
//!   server that never ends a line or an event cannot exhaust memory.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/sse_frame.rs`, where it is compiled and tested.

// Which decoder a crate uses depends on its spec's event schemas.
#![allow(dead_code)]

use std::pin::Pin;
use std::task::{Context, Poll};

use super::download::ByteStream;
use super::Error;

/// The most bytes one event (all its lines) may take; a longer one is skipped to its end
/// with an error, and the events after it are read as usual.
pub const MAX_EVENT_BYTES: usize = 16 << 20;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// What [`Framer::push`] found.
#[derive(Debug, PartialEq)]
pub(super) enum Frame {
    /// A whole event: its lines, each ended by `\n`, then the blank line that ends it.
    Event(String),
    /// An event grew past the limit; it is being skipped.
    TooLong,
}

/// The state of cutting bytes into events.
#[derive(Debug)]
pub(super) struct Framer {
    /// The lines of the event being read, each ended by `\n`.
    event: Vec<u8>,
    /// Bytes in the current line so far, counted while skipping too: a blank line (zero)
    /// ends an event.
    line: usize,
    /// The last byte was `\r`: a `\n` right after it ends the same line.
    after_cr: bool,
    /// Inside an event that grew past the limit: everything up to its end is dropped.
    skipping: bool,
    /// Bytes of a byte order mark matched at the start; `None` once past the start.
    bom: Option<usize>,
    limit: usize,
}

impl Framer {
    pub(super) fn new(limit: usize) -> Self {
        Self {
            event: Vec::new(),
            line: 0,
            after_cr: false,
            skipping: false,
            bom: Some(0),
            limit,
        }
    }

    /// Reads `bytes` up to the end of the first event or error found: how many bytes were
    /// read, and what was found. The caller passes the rest again.
    pub(super) fn push(&mut self, bytes: &[u8]) -> (usize, Option<Frame>) {
        let mut at = 0;
        if let Some(matched) = self.bom {
            while at < bytes.len() && self.bom.is_some() {
                let b = bytes.get(at).copied().unwrap_or_default();
                if BOM.get(matched + at) == Some(&b) {
                    at += 1;
                    if matched + at == BOM.len() {
                        self.bom = None;
                    }
                } else {
                    // Not a mark after all: what looked like its start is text.
                    self.bom = None;
                    self.text(BOM.get(..matched).unwrap_or_default());
                    self.text(bytes.get(..at).unwrap_or_default());
                }
            }
            if let Some(n) = self.bom.as_mut() {
                *n = matched + at;
            }
        }
        while at < bytes.len() {
            let rest = bytes.get(at..).unwrap_or_default();
            if std::mem::take(&mut self.after_cr) && rest.first() == Some(&b'\n') {
                at += 1;
                continue;
            }
            match rest.iter().position(|&b| b == b'\r' || b == b'\n') {
                None => {
                    let frame = self.text(rest);
                    return (bytes.len(), frame);
                }
                Some(end) => {
                    if let Some(frame) = self.text(rest.get(..end).unwrap_or_default()) {
                        return (at + end, Some(frame));
                    }
                    self.after_cr = rest.get(end) == Some(&b'\r');
                    at += end + 1;
                    if let Some(frame) = self.end_line() {
                        return (at, Some(frame));
                    }
                }
            }
        }
        (bytes.len(), None)
    }

    /// Adds text inside a line.
    fn text(&mut self, text: &[u8]) -> Option<Frame> {
        self.line += text.len();
        if self.skipping || text.is_empty() {
            return None;
        }
        if self.event.len() + text.len() > self.limit {
            // Dropped rather than cleared, so the memory goes back at once.
            self.event = Vec::new();
            self.skipping = true;
            return Some(Frame::TooLong);
        }
        let needed = self.event.len() + text.len();
        if needed > self.event.capacity() {
            // Doubling as usual, but never past the limit: a capped event holds the limit,
            // not twice it.
            let grown = needed.max(self.event.capacity() * 2).min(self.limit);
            self.event.reserve_exact(grown - self.event.len());
        }
        self.event.extend_from_slice(text);
        None
    }

    /// Ends a line; a blank one ends the event.
    fn end_line(&mut self) -> Option<Frame> {
        let length = std::mem::take(&mut self.line);
        if length > 0 {
            if !self.skipping {
                let start = self.event.len().saturating_sub(length);
                if ignored_retry(self.event.get(start..).unwrap_or_default()) {
                    self.event.truncate(start);
                } else {
                    self.event.push(b'\n');
                }
            }
            return None;
        }
        if std::mem::take(&mut self.skipping) || self.event.is_empty() {
            return None;
        }
        self.event.push(b'\n');
        let bytes = std::mem::take(&mut self.event);
        Some(Frame::Event(match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }))
    }
}

/// Whether `line` is a `retry` field the WHATWG rules ignore: its value is not only ASCII
/// digits. (The parser reads it with Rust's integer parsing, which also takes a leading `+`.)
fn ignored_retry(line: &[u8]) -> bool {
    let Some(value) = line.strip_prefix(b"retry:") else {
        return false;
    };
    let value = value.strip_prefix(b" ").unwrap_or(value);
    value.is_empty() || !value.iter().all(u8::is_ascii_digit)
}

/// Why [`Framed`] yields no event.
#[derive(Debug)]
pub(super) enum FramedError {
    /// An event longer than the limit, skipped; the stream goes on.
    TooLong,
    /// The body failed (transport, idle timeout); the stream ends.
    Body(Error),
}

/// A response body as the input `eventsource-stream` parses: the lines of whole events.
///
/// An event is handed over only once complete, so one cut short by the limit never reaches
/// the parser; but it is handed over a line at a time, because the parser copies the rest
/// of its buffer after each line it reads, which would cost the square of an event's line
/// count if the event came whole.
pub(super) struct Framed<S = ByteStream> {
    body: S,
    framer: Framer,
    /// The unread rest of the last chunk.
    chunk: bytes::Bytes,
    /// The lines of the last complete event not handed over yet.
    lines: bytes::Bytes,
    ended: bool,
}

impl<S> Framed<S> {
    pub(super) fn new(body: S, limit: usize) -> Self {
        Self {
            body,
            framer: Framer::new(limit),
            chunk: bytes::Bytes::new(),
            lines: bytes::Bytes::new(),
            ended: false,
        }
    }
}

impl<S> futures_core::Stream for Framed<S>
where
    S: futures_core::Stream<Item = Result<bytes::Bytes, Error>> + Unpin,
{
    type Item = Result<bytes::Bytes, FramedError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if !this.lines.is_empty() {
                // Lines end with `\n` (the framer wrote them so): never inside a character.
                let end = this
                    .lines
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(this.lines.len(), |i| i + 1);
                return Poll::Ready(Some(Ok(this.lines.split_to(end))));
            }
            if !this.chunk.is_empty() {
                let (read, frame) = this.framer.push(&this.chunk);
                this.chunk = this.chunk.slice(read.min(this.chunk.len())..);
                match frame {
                    Some(Frame::Event(text)) => this.lines = bytes::Bytes::from(text),
                    Some(Frame::TooLong) => return Poll::Ready(Some(Err(FramedError::TooLong))),
                    None => {}
                }
                continue;
            }
            if this.ended {
                return Poll::Ready(None);
            }
            match futures_core::Stream::poll_next(Pin::new(&mut this.body), cx) {
                Poll::Ready(Some(Ok(chunk))) => this.chunk = chunk,
                Poll::Ready(Some(Err(e))) => {
                    this.ended = true;
                    return Poll::Ready(Some(Err(FramedError::Body(e))));
                }
                // An event not ended by a blank line is dropped, as the WHATWG rules say.
                Poll::Ready(None) => this.ended = true,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
