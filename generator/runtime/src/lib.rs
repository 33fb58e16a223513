//! The runtime of every generated crate, compiled and tested here.
//!
//! The files under `types/` and `client/` (except `client/tests.rs`) are the same in every
//! crate the generator emits; it copies them verbatim (see `generator/src/emit/runtime.rs`).
//! `types.rs` and `client.rs` here are hand-written stand-ins for the files the generator
//! writes per spec: they declare the runtime modules exactly as the generated ones do and
//! define the few items the runtime uses from them (`Auth`, `AuthScheme`, `ErrorBody`,
//! `DEFAULT_BASE_URL`), so the runtime builds, lints and is tested as ordinary Rust.

#![deny(missing_docs)]

pub mod client;
pub mod types;
