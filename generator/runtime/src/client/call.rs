//! `Call`: one pending operation, awaited as it is or adjusted first (extra headers, a
//! timeout, a retry policy, an idempotency key), and `Response`, the typed value beside the
//! status, headers and body it came from.
//!
//! A call whose success responses declare headers names their generated struct as its `H`;
//! [`Call::send_with_headers`] returns them decoded beside the value.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/call.rs`, where it is compiled and tested.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use super::headers::{FromHeaders, WithHeaders};
use super::send::{self, Reply, Request};
use super::{AuthScheme, Client, Error, RetryPolicy};

/// Options for one call, applied on top of the client's configuration.
///
/// Set them on a [`Call`] directly (`client.op(..).timeout(..).await`) or build them once and
/// apply them to several calls with [`Call::options`].
#[derive(Clone, Default)]
pub struct CallOptions {
    pub(super) headers: Vec<(String, String)>,
    pub(super) timeout: Option<Duration>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) idempotency_key: Option<String>,
}

impl std::fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Header values may be credentials; their names say enough.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("CallOptions")
            .field("headers", &names)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field(
                "idempotency_key",
                &self.idempotency_key.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

impl CallOptions {
    /// No options: the client's configuration applies unchanged.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header to every attempt of the call (beside the ones the client sends).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The longest each attempt of this call may take, instead of the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How this call is retried, instead of the client's policy.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Sends `key` as the operation's idempotency key header (`Idempotency-Key` unless the
    /// spec names another), the same on every attempt. A call with an idempotency key is
    /// retried after timeouts and `5xx` answers whatever its method, since the server
    /// promises to act on it at most once.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// What turns the final reply into the operation's result: the status match the generator
/// writes per operation.
type Handler<T> = fn(Reply) -> Result<T, Error>;

/// One call of an operation.
///
/// A `Call` is a future: `.await` it for the typed result, or adjust it first:
/// `client.op(..).header("Prefer", "code=404").timeout(Duration::from_secs(2)).await`.
/// [`Call::send_with_response`] also gives the status, headers and raw body. Nothing is sent
/// until the call is first polled; the adjusting methods have no effect after that.
///
/// `H` is the struct of the headers the operation's success responses declare (`()` when
/// they declare none): [`Call::send_with_headers`] decodes them.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T, H = ()> {
    state: State<'a, T>,
    headers: PhantomData<fn() -> H>,
}

/// Where a [`Call`] is: not sent yet, on its way, or finished.
enum State<'a, T> {
    // Boxed: a request with its options is large, and a sent call should not carry the space.
    Ready(Box<Parts<'a, T>>),
    Sent(Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>),
    Done,
}

/// Everything a call needs to be sent.
struct Parts<'a, T> {
    client: &'a Client,
    operation: &'static str,
    template: &'static str,
    request: Result<Request, Error>,
    security: &'static [AuthScheme],
    options: CallOptions,
    handler: Handler<T>,
}

impl<T, H> std::fmt::Debug for Call<'_, T, H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.state {
            State::Ready(parts) => f
                .debug_struct("Call")
                .field("operation", &parts.operation)
                .field("path", &parts.template)
                .field("options", &parts.options)
                .finish_non_exhaustive(),
            State::Sent(_) => f.write_str("Call(sent)"),
            State::Done => f.write_str("Call(done)"),
        }
    }
}

impl<'a, T, H> Call<'a, T, H> {
    /// A call of `operation` (its id, and its path template as the spec writes it), sending
    /// `request` with the credentials of `security`, its reply turned into `T` by `handler`.
    pub(super) fn new(
        client: &'a Client,
        (operation, template): (&'static str, &'static str),
        request: Result<Request, Error>,
        security: &'static [AuthScheme],
        handler: Handler<T>,
    ) -> Self {
        Self {
            state: State::Ready(Box::new(Parts {
                client,
                operation,
                template,
                request,
                security,
                options: CallOptions::default(),
                handler,
            })),
            headers: PhantomData,
        }
    }

    /// `self` with `change` applied to its options, when it has not been sent yet.
    fn adjust(mut self, change: impl FnOnce(&mut CallOptions)) -> Self {
        if let State::Ready(parts) = &mut self.state {
            change(&mut parts.options);
        }
        self
    }

    /// Adds a header to every attempt of this call.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let header = (name.into(), value.into());
        self.adjust(|o| o.headers.push(header))
    }

    /// The longest each attempt of this call may take.
    pub fn timeout(self, timeout: Duration) -> Self {
        self.adjust(|o| o.timeout = Some(timeout))
    }

    /// How this call is retried.
    pub fn retry_policy(self, retry: RetryPolicy) -> Self {
        self.adjust(|o| o.retry = Some(retry))
    }

    /// Sends `key` as the idempotency key: see [`CallOptions::idempotency_key`].
    pub fn idempotency_key(self, key: impl Into<String>) -> Self {
        let key = key.into();
        self.adjust(|o| o.idempotency_key = Some(key))
    }

    /// Applies `options`: its headers are added to those set so far, and each of its other
    /// settings replaces this call's when set.
    pub fn options(self, options: CallOptions) -> Self {
        self.adjust(|o| {
            o.headers.extend(options.headers);
            o.timeout = options.timeout.or(o.timeout);
            o.retry = options.retry.or(o.retry.take());
            o.idempotency_key = options.idempotency_key.or(o.idempotency_key.take());
        })
    }

    /// Sends the call and returns the typed value with the status, headers and body of the
    /// response it came from. Failures carry theirs too: see [`Error::response`].
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let State::Ready(parts) = self.state else {
            return Err(already_sent());
        };
        let handler = parts.handler;
        let reply = parts.execute().await?;
        let raw = RawResponse {
            status: reply.status,
            headers: reply.headers.clone(),
            body: reply.bytes.clone(),
        };
        let value = handler(reply)?;
        Ok(Response { raw, value })
    }

    /// Sends the call and returns the typed value with the headers its response declares,
    /// decoded into `H`. A required header that is missing, or a declared header that does
    /// not match its schema, is [`Error::Header`], naming the header.
    pub async fn send_with_headers(self) -> Result<WithHeaders<T, H>, Error>
    where
        H: FromHeaders,
    {
        let State::Ready(parts) = self.state else {
            return Err(already_sent());
        };
        let handler = parts.handler;
        let reply = parts.execute().await?;
        let headers = H::from_headers(&reply.headers).map_err(|e| reply.header_error(e));
        // An error answer keeps its own error, whatever its headers.
        let value = handler(reply)?;
        Ok(WithHeaders::new(value, headers?))
    }
}

impl<T> Parts<'_, T> {
    /// Sends the request and returns the final reply.
    async fn execute(self) -> Result<Reply, Error> {
        send::execute(
            self.client,
            self.request?,
            self.security,
            &self.options,
            (self.operation, self.template),
        )
        .await
    }
}

/// The error of a call polled again after it finished, or sent twice.
fn already_sent() -> Error {
    Error::Encode("this call was already sent".to_owned())
}

impl<'a, T: Send + 'a, H> Future for Call<'a, T, H> {
    type Output = Result<T, Error>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let this = &mut *self;
        if let State::Ready(_) = this.state {
            if let State::Ready(parts) = std::mem::replace(&mut this.state, State::Done) {
                let handler = parts.handler;
                this.state = State::Sent(Box::pin(async move { handler(parts.execute().await?) }));
            }
        }
        let State::Sent(future) = &mut this.state else {
            return std::task::Poll::Ready(Err(already_sent()));
        };
        let output = std::task::ready!(future.as_mut().poll(cx));
        this.state = State::Done;
        std::task::Poll::Ready(output)
    }
}

/// The status, headers and body of a response, as received.
///
/// In an error ([`Error::response`]) the body has every secret the request carried masked,
/// like the rest of the error.
#[derive(Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The first value of header `name` (any case), when it is present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Header values (cookies, tokens) stay out of logs; the body is shown by size.
        let names: Vec<&str> = self.headers.keys().map(|n| n.as_str()).collect();
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A typed value with the response it was decoded from. Derefs to the value.
#[derive(Clone, Debug)]
pub struct Response<T> {
    raw: RawResponse,
    value: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.raw.status
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.raw.headers
    }

    /// The first value of header `name` (any case), when it is present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.raw.header(name)
    }

    /// The body, as received.
    pub fn body(&self) -> &[u8] {
        &self.raw.body
    }

    /// The status, headers and body together.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// The typed value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The typed value, dropping the rest.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The raw response and the typed value.
    pub fn into_parts(self) -> (RawResponse, T) {
        (self.raw, self.value)
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}
