//! Shared helpers for the integration tests.

pub mod spec_examples;
