//! A realistic pair verified end to end with `pact-runtime`.
//!
//! - [`web_app`]: the consumer, an async HTTP client of the user service, whose DTOs
//!   derive `PactMatch`.
//! - [`user_service`]: the provider, an axum service over an in-memory repository, with
//!   bearer tokens it issues, over HTTP or HTTPS.
//! - [`welcome_mailer`]: a message consumer of the user service's `users.created`
//!   event, whose DTO derives `PactMatch`.
//! - [`contract`]: the interactions, the consumer contract tests with the builder API
//!   (the client against a mock user service, writing `web-app-user-service.json`) and
//!   the provider verification (the real service against that pact). The `pact-examples`
//!   binary and `tests/contract.rs` both run them; `tests/consumer.rs` and
//!   `tests/provider.rs` do the same with `#[pact_consumer]` and `#[pact_provider]`.

pub mod contract;
pub mod user_service;
pub mod web_app;
pub mod welcome_mailer;

/// The README's consumer and provider tests, compiled as doctests so the README cannot
/// drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
