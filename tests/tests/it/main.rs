//! The integration tests, as one test binary (one link, shared helpers in [`support`]):
//! `cargo test -p integration-tests --test it [filter]`, for example `... --test it bad_specs`.

mod atomic_output;
mod bad_specs;
mod bodies;
mod bugs;
mod client_calls;
mod client_errors;
mod contract;
mod fixture_behaviour;
mod fuzz_pipeline;
mod hostile_json;
mod item_schemas;
mod limits;
mod negotiate;
mod openapi_32;
mod roundtrip;
mod schema_keywords;
mod secrets_models;
mod snapshots;
mod spec_examples;
mod streams;
mod support;
mod typed_headers;
mod versions;
mod webhooks;

/// Counts the bytes each thread holds, so a test can bound the memory a stream uses.
#[global_allocator]
static ALLOCATOR: support::alloc::Counting = support::alloc::Counting;
