//! Stand-in for a generated `client.rs`: the runtime modules declared as the generator
//! declares them, and the per-spec items they use, written by hand for two security schemes
//! and one error body.

mod builder;
mod call;
mod encode;
mod envelope;
mod error;
mod headers;
mod retry;
mod secrets;
mod send;
mod trace;

// Declared only by crates whose spec has such bodies.
mod download;
mod form;
mod json_lines;
mod multipart;
mod sse;
mod sse_frame;
mod upload;

#[cfg(test)]
mod tests;

pub use builder::{Client, ClientBuilder};
pub use call::{Call, CallOptions, RawResponse, Response};
pub use envelope::Enveloped;
pub use error::Error;
pub use headers::{FromHeaders, HeaderError, WithHeaders};
pub use retry::RetryPolicy;

pub use download::{ByteStream, Download};
pub use json_lines::JsonLines;
pub use multipart::FilePart;
pub use sse::{Event, EventStream};
pub use upload::Upload;

/// Where requests go unless the builder says otherwise.
const DEFAULT_BASE_URL: &str = "https://api.example.com";

/// Credentials for the spec's security schemes. `Debug` never shows them.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// A bearer token.
    Bearer(String),
    /// An API key sent as the `api_key` query parameter.
    ApiKey(String),
}

/// The security schemes, without credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuthScheme {
    Bearer,
    ApiKey,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}([redacted])", self.scheme())
    }
}

impl Auth {
    fn scheme(&self) -> AuthScheme {
        match self {
            Self::Bearer(_) => AuthScheme::Bearer,
            Self::ApiKey(_) => AuthScheme::ApiKey,
        }
    }

    fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Self::Bearer(token) => request.bearer_auth(token),
            Self::ApiKey(key) => request.query(&[("api_key", key)]),
        }
    }

    fn secret(&self) -> &str {
        match self {
            Self::Bearer(secret) | Self::ApiKey(secret) => secret,
        }
    }
}

/// The body of an error response.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorBody {
    /// The spec's error schema.
    Problem(serde_json::Value),
    /// The body as received.
    Raw(String),
}

impl ErrorBody {
    /// The server's error message, when the body has one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Problem(body) => body.get("message")?.as_str(),
            Self::Raw(_) => None,
        }
    }

    /// The server's request id, when the body has one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Problem(body) => body.get("requestId")?.as_str(),
            Self::Raw(_) => None,
        }
    }
}

impl Client {
    /// Stand-in for a generated operation: `GET /things/{id}`, whose 404 has a typed body.
    pub fn get_thing(&self, id: &str) -> Call<'_, serde_json::Value> {
        let request = send::build(|| {
            let request = send::Request::new(
                reqwest::Method::GET,
                format!("/things/{}", encode::path_segment("id", &id)?),
            );
            Ok(request)
        });
        Call::new(
            self,
            ("getThing", "/things/{id}"),
            request,
            &[AuthScheme::Bearer],
            |reply| match reply.status {
                200..=299 => reply.decode(),
                404 => Err(reply
                    .api_error(|body| serde_json::from_slice(body).ok().map(ErrorBody::Problem))),
                _ => Err(reply.api_error(|_| None)),
            },
        )
    }

    /// Stand-in for a generated operation with a declared `Idempotency-Key` header:
    /// `POST /things`.
    pub fn create_thing(&self, body: &serde_json::Value) -> Call<'_, ()> {
        let request = send::build(|| {
            let mut request = send::Request::new(reqwest::Method::POST, "/things".to_owned());
            request.idempotency_key_header("Idempotency-Key");
            request.json_body("application/json", body, &[])?;
            Ok(request)
        });
        Call::new(
            self,
            ("createThing", "/things"),
            request,
            &[AuthScheme::Bearer],
            |reply| match reply.status {
                200..=299 => Ok(()),
                _ => Err(reply.api_error(|_| None)),
            },
        )
    }
}
