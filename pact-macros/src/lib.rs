//! Procedural macros for `pact-runtime`: `#[derive(PactMatch)]`, `#[pact_consumer]` and
//! `#[pact_provider]`.
//!
//! Users depend on `pact-runtime`, which re-exports this crate; the macros are sugar over
//! its public API and emit paths under `::pact_runtime::__private` only. The crate holds no
//! macro yet: the walking skeleton uses the runtime's builders directly, and the derive and
//! harness macros come with their own issues.
