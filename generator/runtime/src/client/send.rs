//! Sending one operation's request: the request as the generated method builds it, the
//! retry loop, and the final reply with what errors need to mask secrets.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/send.rs`, where it is compiled and tested.

// Which parts of a request a crate fills depends on its spec's operations.
#![allow(dead_code)]

use serde::de::DeserializeOwned;

use super::encode::{self, QueryStyle};
use super::error::excerpt;
use super::retry::{is_idempotent, retry_after};
use super::secrets::{self, PathStep};
use super::{AuthScheme, Client, Error, ErrorBody};

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
    /// A body that can be sent only once (a stream, a multipart form): set on the request
    /// builder of the first attempt, and the request is not retried.
    once: Option<OnceBody>,
    /// The `Accept` header.
    accept: &'static str,
    /// The success body is read as a stream: the timeout bounds the wait for the response
    /// head, and the stream applies it between chunks, never to the whole body.
    streamed: bool,
}

/// Sets a body that can be sent only once on a request builder.
pub(super) type OnceBody =
    Box<dyn FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send>;

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
            once: None,
            accept: "application/json",
            streamed: false,
        }
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
    bytes: Vec<u8>,
    request: Request,
    /// The credentials the client holds, masked like the request's own secrets.
    credentials: Vec<String>,
    /// The unread response, for a streamed success.
    response: Option<reqwest::Response>,
}

impl Reply {
    /// Every secret that must not appear in an error built from this reply.
    fn secrets(&self) -> Vec<String> {
        let mut out = self.request.secrets();
        out.extend(self.credentials.iter().cloned());
        out
    }

    /// The body as text, with every secret masked.
    fn scrubbed(&self) -> String {
        secrets::scrub(&String::from_utf8_lossy(&self.bytes), &self.secrets())
    }

    /// The body decoded as JSON into `T`.
    pub(super) fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.bytes).map_err(|e| Error::Decode {
            status: self.status,
            // serde quotes the offending value, which may be one the request sent.
            message: secrets::scrub(&e.to_string(), &self.secrets()),
            excerpt: excerpt(&self.scrubbed()),
        })
    }

    /// The body as received.
    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The body as UTF-8 text.
    pub(super) fn into_text(self) -> Result<String, Error> {
        let status = self.status;
        String::from_utf8(self.bytes).map_err(|e| Error::Decode {
            status,
            message: e.utf8_error().to_string(),
            excerpt: String::new(),
        })
    }

    /// The unread response of a streamed success, with its status.
    pub(super) fn into_response(self) -> Result<reqwest::Response, Error> {
        let status = self.status;
        self.response.ok_or_else(|| Error::Decode {
            status,
            message: "the response body was already read".to_owned(),
            excerpt: String::new(),
        })
    }

    /// An [`Error::Api`] for this reply; `typed` decodes the body into the schema the spec
    /// declares for its status, and the raw text is kept when it does not match.
    pub(super) fn api_error(self, typed: impl FnOnce(&[u8]) -> Option<ErrorBody>) -> Error {
        let text = self.scrubbed();
        let body = typed(text.as_bytes()).unwrap_or(ErrorBody::Raw(text));
        Error::Api {
            status: self.status,
            body: Box::new(body),
            retry_after: self.retry_after,
        }
    }
}

impl Client {
    /// Sends `request` with the credentials of the first of `security`'s schemes the client
    /// holds, retrying as the policy allows, and returns the final answer.
    pub(super) async fn send(
        &self,
        mut request: Request,
        security: &[AuthScheme],
    ) -> Result<Reply, Error> {
        let http = self.http()?;
        let url = format!("{}{}", self.base_url, request.path);
        let max_attempts = match request.once {
            Some(_) => 1,
            None => self.retry.max_attempts.max(1),
        };
        let repeatable = is_idempotent(&request.method) || self.retry.retry_non_idempotent;
        let auth: Vec<_> = self
            .auth
            .iter()
            .filter(|a| security.contains(&a.scheme()))
            .collect();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut builder = http
                .request(request.method.clone(), &url)
                .header(reqwest::header::USER_AGENT, &self.user_agent)
                .header(reqwest::header::ACCEPT, request.accept);
            if !request.streamed {
                builder = builder.timeout(self.timeout);
            }
            if !request.query.is_empty() {
                builder = builder.query(&request.query);
            }
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
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
            let may_retry = attempt < max_attempts;
            let sent = match request.streamed {
                // A per-request timeout would also cover reading the body.
                true => tokio::time::timeout(self.timeout, builder.send())
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
                        if let Some(wait) = self.retry.wait(attempt - 1, retry_after) {
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    let credentials = self.auth.iter().map(|a| a.secret().to_owned()).collect();
                    if request.streamed && (200..300).contains(&status) {
                        return Ok(Reply {
                            status,
                            retry_after,
                            bytes: Vec::new(),
                            request,
                            credentials,
                            response: Some(response),
                        });
                    }
                    // A streamed request has no per-request timeout: bound the error body here.
                    let bytes = tokio::time::timeout(self.timeout, response.bytes())
                        .await
                        .map_err(|_| Error::Timeout)?
                        .map_err(Error::transport)?;
                    return Ok(Reply {
                        status,
                        retry_after,
                        bytes: Vec::from(bytes),
                        request,
                        credentials,
                        response: None,
                    });
                }
                Err(e) => {
                    // A refused connection never reached the server, so any method may try
                    // again; a timeout may have, so only repeatable ones do.
                    let retryable = e.is_connect() || (e.is_timeout() && repeatable);
                    if retryable && may_retry {
                        tokio::time::sleep(self.retry.backoff(attempt - 1)).await;
                        continue;
                    }
                    return Err(Error::transport(e));
                }
            }
        }
    }
}
