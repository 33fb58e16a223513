//! `Enveloped`: a resource returned inside a response envelope (the `x-unwrap` convention).
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/envelope.rs`, where it is compiled and tested.

/// A response body wrapped in an envelope: derefs to the resource inside, and keeps
/// the rest of the envelope (request id, timestamp, …) reachable through
/// [`Enveloped::envelope`].
pub struct Enveloped<E, T> {
    envelope: E,
    get: fn(&E) -> &T,
    take: fn(E) -> T,
}

impl<E, T> Enveloped<E, T> {
    /// Wraps `envelope`; `get` and `take` reach the resource inside it (useful for test
    /// doubles of the client, too).
    pub fn new(envelope: E, get: fn(&E) -> &T, take: fn(E) -> T) -> Self {
        Self {
            envelope,
            get,
            take,
        }
    }

    /// The whole response body.
    pub fn envelope(&self) -> &E {
        &self.envelope
    }

    /// The resource, dropping the envelope.
    pub fn into_inner(self) -> T {
        (self.take)(self.envelope)
    }

    /// The whole response body, dropping the accessor.
    pub fn into_envelope(self) -> E {
        self.envelope
    }
}

impl<E, T> std::ops::Deref for Enveloped<E, T> {
    type Target = T;

    fn deref(&self) -> &T {
        (self.get)(&self.envelope)
    }
}

impl<E: std::fmt::Debug, T> std::fmt::Debug for Enveloped<E, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.envelope.fmt(f)
    }
}

impl<E: Clone, T> Clone for Enveloped<E, T> {
    fn clone(&self) -> Self {
        Self {
            envelope: self.envelope.clone(),
            get: self.get,
            take: self.take,
        }
    }
}
