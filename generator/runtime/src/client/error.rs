//! `Error`: everything a call can fail with, one variant per failure a caller handles
//! differently, never holding credentials or secret values.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/error.rs`, where it is compiled and tested.

use std::time::Duration;

use super::call::RawResponse;
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
        /// The status, headers and body as received, secrets masked.
        response: Box<RawResponse>,
    },
    /// The request could not be sent, or the response could not be read.
    Transport(reqwest::Error),
    /// No response arrived within the configured timeout.
    Timeout,
    /// A success response whose body does not match the spec.
    Decode {
        /// The HTTP status.
        status: u16,
        /// Where in the body the mismatch is, as a JSON path (`data.customer.ubos[3].created`;
        /// `.` for the body as a whole).
        path: String,
        /// What did not match, and what was expected.
        message: String,
        /// The body around the mismatch (its start when the body could not be parsed).
        excerpt: String,
        /// The status, headers and body as received, secrets masked.
        response: Box<RawResponse>,
    },
    /// A success response whose headers do not match the spec: a required header is missing
    /// or a declared one does not decode (only when the call asked for typed headers).
    Header {
        /// The HTTP status.
        status: u16,
        /// The header's name, as the spec writes it.
        name: String,
        /// What is wrong with it; never the value, which may be a secret.
        message: String,
        /// The status, headers and body as received, secrets masked.
        response: Box<RawResponse>,
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
            Self::Api { status, .. }
            | Self::Decode { status, .. }
            | Self::Header { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The status, headers and body of the response, for errors that have one (secrets the
    /// request carried are masked in the body).
    pub fn response(&self) -> Option<&RawResponse> {
        match self {
            Self::Api { response, .. }
            | Self::Decode { response, .. }
            | Self::Header { response, .. } => Some(response),
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

    /// The variant's name, for traces (which never carry an error's text).
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Self::Api { .. } => "api",
            Self::Transport(_) => "transport",
            Self::Timeout => "timeout",
            Self::Decode { .. } => "decode",
            Self::Header { .. } => "header",
            Self::Encode(_) => "encode",
            Self::InvalidBaseUrl(_) => "invalid_base_url",
            Self::Setup(_) => "setup",
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
            Self::Api {
                status,
                body,
                response,
                ..
            } => {
                write!(f, "the API answered HTTP {status}")?;
                match body.message() {
                    Some(message) => write!(f, ": {message}")?,
                    // A body without a message (an HTML page from a proxy, plain text) is
                    // still the best clue there is.
                    None => {
                        let text = response.text();
                        let shown = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !shown.is_empty() {
                            write!(f, "; body starts: {}", excerpt(&shown))?;
                        }
                    }
                }
                if let Some(id) = body.request_id() {
                    write!(f, " (request {id})")?;
                }
                Ok(())
            }
            Self::Transport(e) => {
                write!(f, "could not reach the API: {e}")?;
                write_causes(f, e)
            }
            Self::Timeout => f.write_str("the API did not answer in time"),
            Self::Decode {
                status,
                path,
                message,
                excerpt,
                ..
            } => write!(
                f,
                "HTTP {status} response does not match the spec at `{path}`: {message}; body near there: {excerpt}"
            ),
            Self::Header {
                status, name, message, ..
            } => write!(f, "HTTP {status} response header `{name}` {message}"),
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

/// `e`'s message followed by its causes, as [`write_causes`] writes them.
pub(super) fn with_causes(e: &(dyn std::error::Error + 'static)) -> String {
    struct Shown<'a>(&'a (dyn std::error::Error + 'static));
    impl std::fmt::Display for Shown<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{}", self.0)?;
            write_causes(f, self.0)
        }
    }
    Shown(e).to_string()
}

/// Appends each cause under `e` (`: cause`), skipping one whose text its parent already
/// shows, so that the root cause (`connection refused`) is always in the message.
fn write_causes(
    f: &mut std::fmt::Formatter<'_>,
    e: &(dyn std::error::Error + 'static),
) -> std::fmt::Result {
    let mut shown = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !shown.contains(&text) {
            write!(f, ": {text}")?;
            shown = text;
        }
        next = cause.source();
    }
    Ok(())
}

/// Characters of a body quoted before the point of a decoding error.
const BEFORE_CHARS: usize = 60;

/// The part of `text` around `line` and `column` (1-based, as serde_json counts them), at
/// most [`EXCERPT_CHARS`] characters with `…` where it was cut; the start of `text` when the
/// position is unknown (line 0).
pub(super) fn excerpt_near(text: &str, line: usize, column: usize) -> String {
    if line == 0 {
        return excerpt(text);
    }
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let mut at = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let (head, tail) = text.split_at(at);
    let skip = head.chars().count().saturating_sub(BEFORE_CHARS);
    let start = head.char_indices().nth(skip).map_or(at, |(i, _)| i);
    let lead = if start > 0 { "…" } else { "" };
    let near = format!("{}{}", &head[start..], tail);
    format!("{lead}{}", excerpt(&near))
}
