//! When failed requests are sent again: the retry policy, its backoff and `Retry-After`.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/retry.rs`, where it is compiled and tested.

use std::time::{Duration, SystemTime};

/// When and how often failed requests are sent again.
///
/// Connection failures and `429 Too Many Requests` are retried for every method (the
/// server did not act on the request); timeouts and `5xx` only for idempotent methods,
/// unless [`RetryPolicy::retry_non_idempotent`] is set. Waits grow exponentially with
/// full jitter. A `Retry-After` header (seconds or an HTTP date) replaces the computed
/// wait; when it asks for longer than `max_backoff`, the error is returned at once with
/// [`Error::Api`](super::Error::Api)'s `retry_after` set, so the caller can schedule the retry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The wait before the first retry, doubled for each further one.
    pub initial_backoff: Duration,
    /// The longest wait between attempts.
    pub max_backoff: Duration,
    /// Also retry timeouts and `5xx` for non-idempotent methods (POST, PATCH).
    pub retry_non_idempotent: bool,
}

/// Doublings of the initial backoff after which the wait stops growing (long before
/// `max_backoff` is usually reached; it keeps the multiplication in range).
const MAX_DOUBLINGS: u32 = 16;

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait before retry number `retry` (0 for the first): uniform in `[0, cap]`, where
    /// the cap doubles each time up to `max_backoff` ("full jitter" spreads clients apart).
    pub(super) fn backoff(&self, retry: u32) -> Duration {
        self.backoff_cap(retry).mul_f64(fastrand::f64())
    }

    /// The upper bound of [`RetryPolicy::backoff`].
    pub(super) fn backoff_cap(&self, retry: u32) -> Duration {
        self.initial_backoff
            .saturating_mul(2_u32.pow(retry.min(MAX_DOUBLINGS)))
            .min(self.max_backoff)
    }

    /// How long to wait before the next attempt, given the server's `Retry-After`: `None`
    /// when the server asks for a longer pause than the policy allows, so the caller gets
    /// the error at once rather than a retry the server refused in advance.
    pub(super) fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        match retry_after {
            Some(wait) if wait <= self.max_backoff => Some(wait),
            Some(_) => None,
            None => Some(self.backoff(retry)),
        }
    }
}

/// Whether a method may be sent twice with the same effect (RFC 9110 §9.2.2). QUERY is
/// safe and idempotent by its definition (draft-ietf-httpbis-safe-method-w-body); any other
/// method outside RFC 9110's set is not assumed to be.
pub(super) fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    if method.as_str() == "QUERY" {
        return true;
    }
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// `Retry-After` from response headers: see [`parse_retry_after`].
pub(super) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

/// `Retry-After` as delay-seconds or an HTTP date in any of RFC 9110's three formats
/// (§5.6.7), measured from `now`; a date in the past means no wait. Anything else is
/// ignored, and the policy's own backoff applies.
pub(super) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}
