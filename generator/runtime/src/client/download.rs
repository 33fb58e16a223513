//! Streamed responses: `ByteStream`, the body's chunks as they arrive with an idle timeout,
//! and `Download`, a binary response with its headers, read as a stream or collected.
//! Dropping either closes the connection, which cancels the transfer.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/download.rs`, where it is compiled and tested.

// Which of these a crate returns depends on its spec's responses.
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::Error;

type Chunks = Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// The chunks of a response body, as the server sends them.
///
/// The client's timeout applies to each wait for the next chunk, not to the whole body: a
/// stream may last hours, but one that goes silent for longer than the timeout ends with
/// [`Error::Timeout`].
pub struct ByteStream {
    chunks: Chunks,
    status: u16,
    idle: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
    done: bool,
}

impl ByteStream {
    pub(super) fn new(response: reqwest::Response, idle: Duration) -> Self {
        Self {
            status: response.status().as_u16(),
            chunks: Box::pin(response.bytes_stream()),
            idle,
            deadline: Box::pin(tokio::time::sleep(idle)),
            done: false,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The next chunk, `None` at the end of the body.
    pub async fn next(&mut self) -> Option<Result<bytes::Bytes, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next_chunk(cx)).await
    }

    /// The rest of the body, collected in memory.
    pub async fn collect(mut self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }

    pub(super) fn poll_next_chunk(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<bytes::Bytes, Error>>> {
        if self.done {
            return Poll::Ready(None);
        }
        match self.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                let next = tokio::time::Instant::now() + self.idle;
                self.deadline.as_mut().reset(next);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => {
                self.done = true;
                Poll::Ready(Some(Err(Error::transport(e))))
            }
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(None)
            }
            Poll::Pending => match self.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    self.done = true;
                    Poll::Ready(Some(Err(Error::Timeout)))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<bytes::Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_next_chunk(cx)
    }
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("idle", &self.idle)
            .finish_non_exhaustive()
    }
}

/// A binary response: its headers now, its body when read.
#[derive(Debug)]
pub struct Download {
    headers: reqwest::header::HeaderMap,
    body: ByteStream,
}

impl Download {
    pub(super) fn new(response: reqwest::Response, idle: Duration) -> Self {
        Self {
            headers: response.headers().clone(),
            body: ByteStream::new(response, idle),
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.body.status
    }

    /// Every response header.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// A response header as text, if present and readable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    /// The `Content-Length` header, when the server sent one.
    pub fn content_length(&self) -> Option<u64> {
        self.header("content-length")?.trim().parse().ok()
    }

    /// The file name from `Content-Disposition` (`filename*` in UTF-8 preferred, then
    /// `filename`), when the server sent one.
    pub fn file_name(&self) -> Option<String> {
        file_name(self.header("content-disposition")?)
    }

    /// The body as a stream of chunks, read as they arrive.
    pub fn into_stream(self) -> ByteStream {
        self.body
    }

    /// The whole body, collected in memory.
    pub async fn bytes(self) -> Result<Vec<u8>, Error> {
        self.body.collect().await
    }
}

/// The file name of a `Content-Disposition` value (RFC 6266).
pub(super) fn file_name(disposition: &str) -> Option<String> {
    let params = disposition.split(';').skip(1).filter_map(|p| {
        let (key, value) = p.split_once('=')?;
        Some((key.trim().to_ascii_lowercase(), value.trim()))
    });
    let mut plain = None;
    for (key, value) in params {
        match key.as_str() {
            "filename*" => {
                // `UTF-8''name%20with%20spaces`: charset, language, percent-encoded name.
                let mut pieces = value.splitn(3, '\'');
                let charset = pieces.next()?;
                let encoded = pieces.nth(1)?;
                if charset.eq_ignore_ascii_case("utf-8") {
                    let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8();
                    if let Ok(name) = decoded {
                        return Some(name.into_owned());
                    }
                }
            }
            "filename" => {
                let unquoted = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .map(|v| v.replace("\\\"", "\"").replace("\\\\", "\\"));
                plain = Some(unquoted.unwrap_or_else(|| value.to_owned()));
            }
            _ => {}
        }
    }
    plain
}

impl super::send::Reply {
    /// The body of a streamed success as a stream of chunks, timed out when idle.
    pub(super) fn into_byte_stream(self) -> Result<ByteStream, Error> {
        let idle = self.idle;
        Ok(ByteStream::new(self.into_response()?, idle))
    }

    /// A streamed success as a download.
    pub(super) fn into_download(self) -> Result<Download, Error> {
        let idle = self.idle;
        Ok(Download::new(self.into_response()?, idle))
    }
}
