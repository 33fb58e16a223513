//! One `tracing` span per call, with the `tracing` feature: the operation, method and path
//! template, the attempt number, the final status and the time taken. Never a body, a
//! parameter value, a header or a credential. Without the feature every hook is empty.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/trace.rs`, where it is compiled and tested.

use super::Error;

/// The span of one call, from its first attempt to its final answer.
pub(super) struct CallTrace {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    #[cfg(feature = "tracing")]
    started: std::time::Instant,
}

impl CallTrace {
    /// Opens the span of a call of `operation` (id and path template).
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(super) fn start(operation: (&'static str, &'static str), method: &reqwest::Method) -> Self {
        Self {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                "api_call",
                operation = operation.0,
                method = method.as_str(),
                path = operation.1,
                attempt = tracing::field::Empty,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
                error = tracing::field::Empty,
            ),
            #[cfg(feature = "tracing")]
            started: std::time::Instant::now(),
        }
    }

    /// Runs `work` inside the span, so that events of the HTTP stack and of the caller's own
    /// code during the call nest under it.
    pub(super) async fn around<F: std::future::Future>(&self, work: F) -> F::Output {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            work.instrument(self.span.clone()).await
        }
        #[cfg(not(feature = "tracing"))]
        {
            work.await
        }
    }

    /// Records that attempt number `attempt` (1 for the first) is being sent.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(super) fn attempt(&self, attempt: u32) {
        #[cfg(feature = "tracing")]
        {
            self.span.record("attempt", attempt);
            if attempt > 1 {
                tracing::debug!(parent: &self.span, attempt, "retrying");
            }
        }
    }

    /// Records the outcome: the final status, or the kind of failure (never its text, which
    /// may quote the response), and the time since [`CallTrace::start`].
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(super) fn finish(&self, result: Result<u16, &Error>) {
        #[cfg(feature = "tracing")]
        {
            let elapsed = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
            self.span.record("elapsed_ms", elapsed);
            match result {
                Ok(status) => {
                    self.span.record("status", status);
                }
                Err(e) => {
                    self.span.record("error", e.kind());
                }
            }
            tracing::info!(parent: &self.span, "finished");
        }
    }
}
