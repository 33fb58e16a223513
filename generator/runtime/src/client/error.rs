//! `Error`: everything a call can fail with, one variant per failure a caller handles
//! differently, never holding credentials or secret values.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/error.rs`, where it is compiled and tested.

use std::time::Duration;

use super::ErrorBody;

/// Everything a call can fail with. Never contains credentials.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status.
    Api {
        /// The HTTP status.
        status: u16,
        /// The decoded body (boxed: it can be large, and errors travel in `Result`s).
        body: Box<ErrorBody>,
        /// `Retry-After`, when the server sent one.
        retry_after: Option<Duration>,
    },
    /// The request could not be sent, or the response could not be read.
    Transport(reqwest::Error),
    /// No response arrived within the configured timeout.
    Timeout,
    /// A success response whose body does not match the spec.
    Decode {
        /// The HTTP status.
        status: u16,
        /// What did not match.
        message: String,
        /// The start of the body.
        excerpt: String,
    },
    /// A request body or parameter could not be encoded.
    Encode(String),
    /// The client was configured with an unusable base URL.
    InvalidBaseUrl(String),
    /// The HTTP client could not be set up (for example, its TLS backend failed to start).
    Setup(String),
}

impl Error {
    /// The HTTP status, for errors that have one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The decoded error body, for API errors.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            Self::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether sending the request again may succeed: connection failures, timeouts,
    /// `429 Too Many Requests` and `5xx` statuses.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api { status, .. } => *status == 429 || *status >= 500,
            Self::Transport(e) => e.is_connect() || e.is_timeout(),
            Self::Timeout => true,
            _ => false,
        }
    }

    /// A transport failure, without the URL: URLs can carry query-string API keys.
    pub(super) fn transport(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Self::Timeout
        } else {
            Self::Transport(e.without_url())
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Api { status, body, .. } => {
                write!(f, "the API answered HTTP {status}")?;
                if let Some(message) = body.message() {
                    write!(f, ": {message}")?;
                }
                if let Some(id) = body.request_id() {
                    write!(f, " (request {id})")?;
                }
                Ok(())
            }
            Self::Transport(e) => write!(f, "could not reach the API: {e}"),
            Self::Timeout => f.write_str("the API did not answer in time"),
            Self::Decode {
                status,
                message,
                excerpt,
            } => write!(
                f,
                "HTTP {status} response does not match the spec ({message}); body starts: {excerpt}"
            ),
            Self::Encode(message) => write!(f, "could not encode the request: {message}"),
            Self::InvalidBaseUrl(message) => write!(f, "invalid base URL: {message}"),
            Self::Setup(message) => write!(f, "could not set up the HTTP client: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// Characters of a body quoted in an error message.
const EXCERPT_CHARS: usize = 200;

/// The first [`EXCERPT_CHARS`] characters of a body, for error messages.
pub(super) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
