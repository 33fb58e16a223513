//! `text/event-stream` responses: server-sent events parsed by the `eventsource-stream`
//! crate (the WHATWG rules: comments, multi-line `data`, `id`, `retry`), each event's `data`
//! decoded into the spec's type.
//!
//! The bytes are cut into events here first (see [`Framer`]), and only whole events reach
//! the parser: that is where the WHATWG rules the crate misses are kept (a lone `\r` as the
//! last line end, invalid UTF-8 decoded with replacement characters rather than stalling the
//! stream, a leading byte order mark) and where memory is bounded ([`MAX_EVENT_BYTES`]).
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/sse.rs`, where it is compiled and tested.

// Which decoder a crate uses depends on its spec's event schemas.
#![allow(dead_code)]

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream as _;

use super::download::ByteStream;
use super::error::excerpt;
use super::sse_frame::{Framed, FramedError, MAX_EVENT_BYTES};
use super::{Error, RawResponse};

/// One server-sent event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<T> {
    /// The event type: the `event` field, or `message` when the server sent none.
    pub event: String,
    /// The last event id the server set (it carries over to later events), if any.
    pub id: Option<String>,
    /// The reconnection time the event asks for, if it has a valid `retry` field.
    pub retry: Option<Duration>,
    /// The `data` lines, joined with newlines and decoded.
    pub data: T,
}

/// Decodes an event's `data`, given its `event` name and its `data`.
type Decode<T> = fn(&str, &str) -> Result<T, String>;

/// A stream of server-sent events whose `data` decodes into `T`.
///
/// An event whose `data` does not decode yields an [`Error::Decode`] and the stream goes
/// on; a transport failure or an idle timeout ends it. Dropping it closes the connection.
pub struct EventStream<T> {
    events: eventsource_stream::EventStream<Framed>,
    status: u16,
    decode: Decode<T>,
    ended: bool,
}

impl<T> EventStream<T> {
    fn with(body: ByteStream, decode: Decode<T>) -> Self {
        Self {
            status: body.status(),
            events: eventsource_stream::EventStream::new(Framed::new(body, MAX_EVENT_BYTES)),
            decode,
            ended: false,
        }
    }

    /// The next event, `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<Result<Event<T>, Error>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Event<T>, Error>>> {
        use eventsource_stream::EventStreamError as E;
        if self.ended {
            return Poll::Ready(None);
        }
        let event = match Pin::new(&mut self.events).poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => {
                self.ended = true;
                return Poll::Ready(None);
            }
            Poll::Ready(Some(Err(E::Transport(FramedError::Body(e))))) => {
                self.ended = true;
                return Poll::Ready(Some(Err(e)));
            }
            Poll::Ready(Some(Err(E::Transport(FramedError::TooLong)))) => {
                let message =
                    format!("an event is longer than {MAX_EVENT_BYTES} bytes; it was skipped");
                return Poll::Ready(Some(Err(self.error(message, ""))));
            }
            // Neither can happen on the framed input (valid UTF-8, whole lines), but a parser
            // error would repeat on the same input forever: it ends the stream.
            Poll::Ready(Some(Err(E::Utf8(e)))) => {
                self.ended = true;
                return Poll::Ready(Some(Err(self.error(e.to_string(), ""))));
            }
            Poll::Ready(Some(Err(E::Parser(e)))) => {
                self.ended = true;
                return Poll::Ready(Some(Err(self.error(e.to_string(), ""))));
            }
            Poll::Ready(Some(Ok(event))) => event,
        };
        let data = match (self.decode)(&event.event, &event.data) {
            Ok(data) => data,
            Err(message) => return Poll::Ready(Some(Err(self.error(message, &event.data)))),
        };
        Poll::Ready(Some(Ok(Event {
            event: event.event,
            id: Some(event.id).filter(|id| !id.is_empty()),
            retry: event.retry,
            data,
        })))
    }

    fn error(&self, message: String, data: &str) -> Error {
        let status = self.status;
        Error::Decode {
            status,
            // Each item is decoded on its own: the path is within the item.
            path: ".".to_owned(),
            message,
            excerpt: excerpt(data),
            // A stream's body is never held whole.
            response: Box::new(RawResponse {
                status,
                headers: reqwest::header::HeaderMap::new(),
                body: Vec::new(),
            }),
        }
    }
}

impl<T: serde::de::DeserializeOwned> EventStream<T> {
    /// Events whose `data` is JSON.
    pub(super) fn json(body: ByteStream) -> Self {
        Self::with(body, |_, data| {
            serde_json::from_str(data).map_err(|e| e.to_string())
        })
    }
}

impl EventStream<String> {
    /// Events whose `data` is text, kept as it is.
    pub(super) fn text(body: ByteStream) -> Self {
        Self::with(body, |_, data| Ok(data.to_owned()))
    }
}

impl<T> EventStream<T> {
    /// Events whose `data` decodes by the event's name (`T` is an enum generated for a
    /// stream whose kinds of event the spec lists).
    pub(super) fn by_event(body: ByteStream, decode: Decode<T>) -> Self {
        Self::with(body, decode)
    }
}

impl<T> futures_core::Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}
