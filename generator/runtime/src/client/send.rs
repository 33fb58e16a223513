//! Sending one operation's request: the request as the generated method builds it, the
//! retry loop, and the final reply with what errors need to mask secrets.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/send.rs`, where it is compiled and tested.

// Which parts of a request a crate fills depends on its spec's operations.
#![allow(dead_code)]

use serde::de::DeserializeOwned;

use super::call::{CallOptions, RawResponse};
use super::encode::{self, QueryStyle};
use super::error::excerpt_near;
use super::retry::{is_idempotent, retry_after};
use super::secrets::{self, PathStep};
use super::trace::CallTrace;
use super::{AuthScheme, Client, Error, ErrorBody};

/// Runs `make`, which builds an operation's request: a closure gives the generated code's `?`
/// on encoding errors somewhere to go, and the error reaches the caller when the call is
/// awaited.
pub(super) fn build(make: impl FnOnce() -> Result<Request, Error>) -> Result<Request, Error> {
    make()
}

/// One request, as an operation method builds it.
pub(super) struct Request {
    method: reqwest::Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    cookies: Vec<String>,
    body: Option<Body>,
    /// Values of sensitive parameters: a server that echoes them back must not get them into
    /// an error message.
    secrets: Vec<String>,
    /// The idempotency key header the spec declares for this operation, if any.
    idempotency_header: Option<&'static str>,
    /// A body that can be sent only once (a stream, a multipart form): set on the request
    /// builder of the first attempt, and the request is not retried.
    once: Option<OnceBody>,
    /// A body built anew for each attempt (see [`LazyBody`]).
    lazy: Option<LazyBody>,
    /// The `Accept` header.
    accept: &'static str,
    /// The success body is read as a stream: the timeout bounds the wait for the response
    /// head, and the stream applies it between chunks, never to the whole body.
    streamed: bool,
}

/// Sets a body that can be sent only once on a request builder.
pub(super) type OnceBody =
    Box<dyn FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send>;

/// A body made for each attempt, asynchronously (a file is opened again): bytes in memory
/// and files given by path can be sent again, so such a request is retried like any other;
/// a caller's stream cannot be rewound, so a body holding one allows a single attempt.
pub(super) struct LazyBody {
    /// Makes the body of the next attempt.
    pub(super) make: Box<dyn FnMut() -> MadeBody + Send>,
    /// Whether `make` may be called again for a retry.
    pub(super) replayable: bool,
}

/// What [`LazyBody::make`] gives: a future of the body of one attempt.
pub(super) type MadeBody =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<OnceBody, Error>> + Send>>;

struct Body {
    content_type: &'static str,
    bytes: Vec<u8>,
    /// Where the sensitive values inside a JSON body are; they are looked up only when an
    /// error needs masking, so a successful call serializes its body once.
    secret_paths: &'static [&'static [PathStep]],
}

impl Request {
    /// A request for `path` (already expanded and encoded), relative to the base URL.
    pub(super) fn new(method: reqwest::Method, path: String) -> Self {
        Self {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            secrets: Vec::new(),
            idempotency_header: None,
            once: None,
            lazy: None,
            accept: "application/json",
            streamed: false,
        }
    }

    /// Declares `name` as the operation's idempotency key header: when the caller sets no
    /// key, one is generated, and reused by every attempt of the call.
    pub(super) fn idempotency_key_header(&mut self, name: &'static str) {
        self.idempotency_header = Some(name);
    }

    /// Adds the idempotency key header unless the request already has one: `explicit` (a
    /// per-call option) when given, else a generated key when the operation declares the
    /// header. Says whether the request now carries a key.
    pub(super) fn apply_idempotency_key(&mut self, explicit: Option<&str>) -> bool {
        let name = self.idempotency_header.unwrap_or("Idempotency-Key");
        if self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            return true;
        }
        let key = match explicit {
            Some(key) => key.to_owned(),
            None if self.idempotency_header.is_some() => random_key(),
            None => return false,
        };
        self.headers.push((name.to_owned(), key));
        true
    }

    /// Adds a query parameter.
    pub(super) fn query(
        &mut self,
        name: &str,
        value: &impl serde::Serialize,
        style: QueryStyle,
    ) -> Result<(), Error> {
        encode::query(&mut self.query, name, value, style)
    }

    /// Sets the whole query string, already encoded (an OpenAPI 3.2 `in: querystring`
    /// parameter); an empty one adds nothing, not even the `?`.
    pub(super) fn raw_query(&mut self, encoded: &str) {
        if !encoded.is_empty() {
            self.path.push('?');
            self.path.push_str(encoded);
        }
    }

    /// Sets the whole query string to `value` as percent-encoded JSON (an `in: querystring`
    /// parameter with `application/json` content); `null` sets none.
    pub(super) fn json_query(&mut self, value: &impl serde::Serialize) -> Result<(), Error> {
        self.raw_query(&encode::json_query(value)?);
        Ok(())
    }

    /// Adds a header parameter.
    pub(super) fn header(
        &mut self,
        name: &str,
        value: &impl serde::Serialize,
    ) -> Result<(), Error> {
        if let Some(value) = encode::header(value)? {
            self.headers.push((name.to_owned(), value));
        }
        Ok(())
    }

    /// Adds a cookie parameter.
    pub(super) fn cookie(
        &mut self,
        name: &str,
        value: &impl serde::Serialize,
    ) -> Result<(), Error> {
        if let Some(cookie) = encode::cookie(name, value)? {
            self.cookies.push(cookie);
        }
        Ok(())
    }

    /// Marks a parameter's value as secret.
    pub(super) fn secret(&mut self, value: &impl serde::Serialize) -> Result<(), Error> {
        self.secrets.extend(encode::secret_values(value)?);
        Ok(())
    }

    /// Sets a JSON body; `secret_paths` lead to its sensitive values.
    pub(super) fn json_body(
        &mut self,
        content_type: &'static str,
        body: &impl serde::Serialize,
        secret_paths: &'static [&'static [PathStep]],
    ) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Encode(e.to_string()))?;
        self.body = Some(Body {
            content_type,
            bytes,
            secret_paths,
        });
        Ok(())
    }

    /// Sets a body of bytes sent as they are.
    pub(super) fn raw_body(&mut self, content_type: &'static str, bytes: &[u8]) {
        self.body = Some(Body {
            content_type,
            bytes: bytes.to_vec(),
            secret_paths: &[],
        });
    }

    /// Sets a body already encoded, whose secret values are `secrets`.
    pub(super) fn encoded_body(
        &mut self,
        content_type: &'static str,
        bytes: Vec<u8>,
        secrets: Vec<String>,
    ) {
        self.secrets.extend(secrets);
        self.body = Some(Body {
            content_type,
            bytes,
            secret_paths: &[],
        });
    }

    /// Sets a body that can be sent only once; the request gets a single attempt.
    pub(super) fn once_body(&mut self, set: OnceBody) {
        self.once = Some(set);
    }

    /// Sets a body made anew for each attempt; it is retried only if it is replayable.
    pub(super) fn lazy_body(&mut self, body: LazyBody) {
        self.lazy = Some(body);
    }

    /// Sets the `Accept` header (`application/json` unless this says otherwise).
    pub(super) fn accept(&mut self, media_type: &'static str) {
        self.accept = media_type;
    }

    /// Keeps a success body unread for the caller to stream (see [`Reply::into_response`]).
    pub(super) fn stream_response(&mut self) {
        self.streamed = true;
    }

    /// Every secret this request carries: sensitive parameters and body values.
    fn secrets(&self) -> Vec<String> {
        let mut out = self.secrets.clone();
        if let Some(body) = self.body.as_ref().filter(|b| !b.secret_paths.is_empty()) {
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body.bytes) {
                for path in body.secret_paths {
                    secrets::collect(&value, path, &mut out);
                }
            }
        }
        out
    }
}

/// The final answer to a request, after retries.
pub(super) struct Reply {
    /// The HTTP status.
    pub(super) status: u16,
    retry_after: Option<std::time::Duration>,
    /// The response headers.
    pub(super) headers: reqwest::header::HeaderMap,
    /// The body, as received.
    pub(super) bytes: Vec<u8>,
    request: Request,
    /// The credentials the client holds, masked like the request's own secrets.
    credentials: Vec<String>,
    /// The unread response, for a streamed success.
    response: Option<reqwest::Response>,
    /// The call's timeout, which a stream applies between chunks.
    pub(super) idle: std::time::Duration,
}

impl Reply {
    /// Every secret that must not appear in an error built from this reply.
    fn secrets(&self) -> Vec<String> {
        let mut out = self.request.secrets();
        out.extend(self.credentials.iter().cloned());
        out
    }

    /// The body as text, with every secret masked.
    pub(super) fn scrubbed(&self) -> String {
        secrets::scrub(&String::from_utf8_lossy(&self.bytes), &self.secrets())
    }

    /// The body decoded as JSON into `T`; a mismatch names the JSON path where it happened.
    pub(super) fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let mut json = serde_json::Deserializer::from_slice(&self.bytes);
        let value = serde_path_to_error::deserialize(&mut json)
            .map_err(|e| self.decode_error(e.path().to_string(), e.into_inner()))?;
        // Bytes after the value are a mismatch too, of the body as a whole.
        json.end()
            .map_err(|e| self.decode_error(".".to_owned(), e))?;
        Ok(value)
    }

    /// An [`Error::Decode`] for a mismatch at `path`.
    fn decode_error(&self, path: String, e: serde_json::Error) -> Error {
        let secrets = self.secrets();
        let text = self.scrubbed();
        Error::Decode {
            status: self.status,
            // serde quotes the offending value, which may be one the request sent.
            path: secrets::scrub(&path, &secrets),
            message: secrets::scrub(&e.to_string(), &secrets),
            excerpt: excerpt_near(&text, e.line(), e.column()),
            response: Box::new(self.raw_scrubbed(text)),
        }
    }

    /// This reply as a [`RawResponse`] whose body is `text`, the scrubbed body.
    pub(super) fn raw_scrubbed(&self, text: String) -> RawResponse {
        let secrets = self.secrets();
        let mut headers = self.headers.clone();
        for value in headers.values_mut() {
            if let Ok(shown) = value.to_str() {
                let masked = secrets::scrub(shown, &secrets);
                if masked != shown {
                    if let Ok(masked) = reqwest::header::HeaderValue::from_str(&masked) {
                        *value = masked;
                    }
                }
            }
        }
        RawResponse {
            status: self.status,
            headers,
            body: text.into_bytes(),
        }
    }

    /// The body as UTF-8 text.
    pub(super) fn into_text(self) -> Result<String, Error> {
        match std::str::from_utf8(&self.bytes) {
            Ok(_) => Ok(String::from_utf8_lossy(&self.bytes).into_owned()),
            Err(e) => Err(Error::Decode {
                status: self.status,
                path: ".".to_owned(),
                message: e.to_string(),
                excerpt: String::new(),
                response: Box::new(self.raw_scrubbed(self.scrubbed())),
            }),
        }
    }

    /// The unread response of a streamed success, with its status.
    pub(super) fn into_response(self) -> Result<reqwest::Response, Error> {
        let raw = self.raw_scrubbed(String::new());
        self.response.ok_or_else(|| Error::Decode {
            status: raw.status,
            path: ".".to_owned(),
            message: "the response body was already read".to_owned(),
            excerpt: String::new(),
            response: Box::new(raw),
        })
    }

    /// An [`Error::Api`] for this reply; `typed` decodes the body into the schema the spec
    /// declares for its status, and the raw text is kept when it does not match.
    pub(super) fn api_error(self, typed: impl FnOnce(&[u8]) -> Option<ErrorBody>) -> Error {
        let text = self.scrubbed();
        let body = typed(text.as_bytes()).unwrap_or_else(|| ErrorBody::Raw(text.clone()));
        Error::Api {
            status: self.status,
            body: Box::new(body),
            retry_after: self.retry_after,
            response: Box::new(self.raw_scrubbed(text)),
        }
    }
}

impl Client {
    /// Sends `request` with the credentials of the first of `security`'s schemes the client
    /// holds, retrying as the policy allows, and returns the final answer.
    pub(super) async fn send(
        &self,
        request: Request,
        security: &[AuthScheme],
    ) -> Result<Reply, Error> {
        execute(self, request, security, &CallOptions::default(), ("", "")).await
    }
}

/// Sends `request` as [`Client::send`] does, with `options` applied on top of the client's
/// configuration; `operation` (id and path template) names the call in traces.
pub(super) async fn execute(
    client: &Client,
    mut request: Request,
    security: &[AuthScheme],
    options: &CallOptions,
    operation: (&'static str, &'static str),
) -> Result<Reply, Error> {
    let trace = CallTrace::start(operation, &request.method);
    let result = trace
        .around(attempts(client, &mut request, security, options, &trace))
        .await;
    trace.finish(result.as_ref().map(|answer| answer.status));
    result.map(|answer| Reply {
        status: answer.status,
        retry_after: answer.retry_after,
        headers: answer.headers,
        bytes: answer.bytes,
        request,
        credentials: client.auth.iter().map(|a| a.secret().to_owned()).collect(),
        response: answer.response,
        idle: options.timeout.unwrap_or(client.timeout),
    })
}

/// The final answer of [`attempts`].
struct Answer {
    status: u16,
    retry_after: Option<std::time::Duration>,
    headers: reqwest::header::HeaderMap,
    /// The body, read whole (empty for a streamed success).
    bytes: Vec<u8>,
    /// The unread response, for a streamed success.
    response: Option<reqwest::Response>,
}

/// The retry loop of [`execute`].
async fn attempts(
    client: &Client,
    request: &mut Request,
    security: &[AuthScheme],
    options: &CallOptions,
    trace: &CallTrace,
) -> Result<Answer, Error> {
    let http = client.http()?;
    let url = format!("{}{}", client.base_url, request.path);
    let policy = options.retry.as_ref().unwrap_or(&client.retry);
    let timeout = options.timeout.unwrap_or(client.timeout);
    let extra = extra_headers(options)?;
    // Chosen once, before the first attempt: every retry must carry the same key, or the
    // server would take it for a new request.
    let has_key = request.apply_idempotency_key(options.idempotency_key.as_deref());
    // A body that can be sent only once (a caller's stream) allows one attempt.
    let once = request.once.is_some() || request.lazy.as_ref().is_some_and(|b| !b.replayable);
    let max_attempts = match once {
        true => 1,
        false => policy.max_attempts.max(1),
    };
    let repeatable = is_idempotent(&request.method) || policy.retry_non_idempotent || has_key;
    let auth: Vec<_> = client
        .auth
        .iter()
        .filter(|a| security.contains(&a.scheme()))
        .collect();
    let mut attempt = 0;
    loop {
        attempt += 1;
        trace.attempt(attempt);
        let mut builder = http
            .request(request.method.clone(), &url)
            .header(reqwest::header::USER_AGENT, &client.user_agent)
            .header(reqwest::header::ACCEPT, request.accept);
        if !request.streamed {
            builder = builder.timeout(timeout);
        }
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        for (name, value) in &extra {
            builder = builder.header(name, value);
        }
        if !request.cookies.is_empty() {
            builder = builder.header(reqwest::header::COOKIE, request.cookies.join("; "));
        }
        for a in &auth {
            builder = a.apply(builder);
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, body.content_type)
                .body(body.bytes.clone());
        }
        if let Some(set) = request.once.take() {
            builder = set(builder);
        }
        if let Some(lazy) = request.lazy.as_mut() {
            builder = (lazy.make)().await?(builder);
        }
        let may_retry = attempt < max_attempts;
        let sent = match request.streamed {
            // A per-request timeout would also cover reading the body.
            true => tokio::time::timeout(timeout, builder.send())
                .await
                .map_err(|_| Error::Timeout)?,
            false => builder.send().await,
        };
        match sent {
            Ok(response) => {
                let status = response.status().as_u16();
                let retry_after = retry_after(response.headers());
                let retryable = status == 429 || (status >= 500 && repeatable);
                if retryable && may_retry {
                    if let Some(wait) = policy.wait(attempt - 1, retry_after) {
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                }
                let headers = response.headers().clone();
                if request.streamed && (200..300).contains(&status) {
                    return Ok(Answer {
                        status,
                        retry_after,
                        headers,
                        bytes: Vec::new(),
                        response: Some(response),
                    });
                }
                // A streamed request has no per-request timeout: bound the error body here.
                let bytes = tokio::time::timeout(timeout, response.bytes())
                    .await
                    .map_err(|_| Error::Timeout)?
                    .map_err(Error::transport)?;
                return Ok(Answer {
                    status,
                    retry_after,
                    headers,
                    bytes: Vec::from(bytes),
                    response: None,
                });
            }
            Err(e) => {
                // A refused connection never reached the server, so any method may try
                // again; a timeout may have, so only repeatable ones do.
                let retryable = e.is_connect() || (e.is_timeout() && repeatable);
                if retryable && may_retry {
                    tokio::time::sleep(policy.backoff(attempt - 1)).await;
                    continue;
                }
                return Err(Error::transport(e));
            }
        }
    }
}

/// The per-call headers, checked once: a name or value HTTP cannot carry is an encoding
/// error naming the header (never its value, which may be a credential).
fn extra_headers(
    options: &CallOptions,
) -> Result<Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>, Error> {
    options
        .headers
        .iter()
        .map(|(name, value)| {
            let n = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Encode(format!("{name:?} is not a valid header name")))?;
            let v = reqwest::header::HeaderValue::from_str(value)
                .map_err(|_| Error::Encode(format!("the value of header `{n}` is not valid")))?;
            Ok((n, v))
        })
        .collect()
}

/// A fresh idempotency key: 122 random bits written as a version 4 UUID.
fn random_key() -> String {
    let (high, low) = (fastrand::u64(..), fastrand::u64(..));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0x0fff,
        ((low >> 48) & 0x3fff) | 0x8000,
        low & 0xffff_ffff_ffff,
    )
}
