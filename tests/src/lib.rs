//! Shared helpers for the integration tests.

pub mod spec_examples;

/// The README's Rust examples, compiled as doctests so the page cannot drift from the crate.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
