//! JSON Lines responses (`application/jsonl`, `application/x-ndjson`, and
//! `application/json-seq`, whose records start with an ASCII record separator): a stream of
//! typed items decoded one line at a time, so memory holds one line whatever the length of
//! the stream.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/json_lines.rs`, where it is compiled and tested.

// Which constructors a crate uses depends on its spec's responses.
#![allow(dead_code)]

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;

use super::download::ByteStream;
use super::error::excerpt;
use super::{Error, RawResponse};

/// The longest line kept; a longer one yields an error and is skipped to its end, so a
/// server that never sends a newline cannot exhaust memory.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// A stream of items, one per line of the response body.
///
/// A line that does not decode yields an [`Error::Decode`] and the stream goes on with the
/// next line; a transport failure or an idle timeout ends it. Dropping it closes the
/// connection.
pub struct JsonLines<T> {
    body: ByteStream,
    buffer: Vec<u8>,
    /// Where the unread part of `buffer` starts: lines are read in place and the buffer
    /// compacted once per chunk, not once per line.
    start: usize,
    /// Bytes of `buffer` already searched for a newline.
    searched: usize,
    /// Inside a line that was too long: everything up to the next newline is dropped.
    skipping: bool,
    ended: bool,
    item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> JsonLines<T> {
    pub(super) fn new(body: ByteStream) -> Self {
        Self {
            body,
            buffer: Vec::new(),
            start: 0,
            searched: 0,
            skipping: false,
            ended: false,
            item: PhantomData,
        }
    }

    /// The next item, `None` at the end of the body.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        loop {
            if let Some((from, to)) = self.take_line() {
                if let Some(item) = self.decode(self.buffer.get(from..to).unwrap_or_default()) {
                    return Poll::Ready(Some(item));
                }
                continue;
            }
            if self.ended {
                return Poll::Ready(None);
            }
            self.buffer.drain(..self.start);
            self.searched = self.searched.saturating_sub(self.start);
            self.start = 0;
            match self.body.poll_next_chunk(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    if self.skipping {
                        match chunk.iter().position(|&b| b == b'\n') {
                            Some(end) => {
                                self.skipping = false;
                                self.buffer
                                    .extend_from_slice(chunk.get(end + 1..).unwrap_or_default());
                            }
                            None => continue,
                        }
                    } else {
                        self.buffer.extend_from_slice(&chunk);
                    }
                    if self.buffer.len() > MAX_LINE_BYTES
                        && !self
                            .buffer
                            .get(self.searched..)
                            .unwrap_or_default()
                            .contains(&b'\n')
                    {
                        self.buffer.clear();
                        self.searched = 0;
                        self.start = 0;
                        self.skipping = true;
                        return Poll::Ready(Some(Err(
                            self.error(format!("a line is longer than {MAX_LINE_BYTES} bytes"), "")
                        )));
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    self.ended = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(None) => {
                    self.ended = true;
                    // A last line without a newline still counts.
                    if !self.buffer.is_empty() && !self.skipping {
                        self.buffer.push(b'\n');
                    }
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    /// Where the next complete line is in the buffer, without its `\n`, if it holds one.
    fn take_line(&mut self) -> Option<(usize, usize)> {
        let from = self.searched.max(self.start);
        match self.buffer.get(from..)?.iter().position(|&b| b == b'\n') {
            Some(offset) => {
                let line = (self.start, from + offset);
                self.start = from + offset + 1;
                self.searched = self.start;
                Some(line)
            }
            None => {
                self.searched = self.buffer.len();
                None
            }
        }
    }

    /// The item on `line`, or `None` for a blank line.
    fn decode(&self, line: &[u8]) -> Option<Result<T, Error>> {
        // `json-seq` starts each record with RS (0x1E); `\r\n` endings leave a `\r`.
        let line = line.strip_prefix(b"\x1e").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        Some(
            serde_json::from_slice(line)
                .map_err(|e| self.error(e.to_string(), &String::from_utf8_lossy(line))),
        )
    }

    fn error(&self, message: String, line: &str) -> Error {
        let status = self.body.status();
        Error::Decode {
            status,
            // Each item is decoded on its own: the path is within the item.
            path: ".".to_owned(),
            message,
            excerpt: excerpt(line),
            // A stream's body is never held whole.
            response: Box::new(RawResponse {
                status,
                headers: reqwest::header::HeaderMap::new(),
                body: Vec::new(),
            }),
        }
    }
}

impl<T: DeserializeOwned> futures_core::Stream for JsonLines<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T> std::fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLines")
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}
