//! A client of the Pact Broker (and PactFlow): publish pacts, fetch the pacts a provider
//! must verify, publish verification results, ask can-i-deploy, record deployments and
//! releases. It speaks the broker's HAL API as documented: every operation starts at the
//! index resource and follows named relations (`pb:publish-contracts`,
//! `pb:provider-pacts-for-verification`, `pb:pacticipant-version`, …); a documented path
//! is used only where the broker offers no relation (the matrix) or for the classic
//! publication API of brokers without `pb:publish-contracts`.
//!
//! # Settings
//! [`BrokerClient::builder`] takes the URL and options; [`BrokerClient::from_env`] reads
//! `PACT_BROKER_BASE_URL`, `PACT_BROKER_USERNAME` + `PACT_BROKER_PASSWORD` or
//! `PACT_BROKER_TOKEN` (strictly: half a pair, or both kinds, is an error). User-info in
//! the URL is basic authentication.
//!
//! # Secrets
//! Passwords and tokens are [`Secret`]s: `***` in `Debug` and `Display`. URLs in errors
//! and logs never carry user-info. The `Authorization` header is marked sensitive, and the
//! TRACE log of each exchange (method, URL, body, status) shows it as `***`.
//!
//! # Failures
//! Connection errors and `5xx` answers are retried with exponential backoff, a bounded
//! number of times ([`BrokerClientBuilder::retries`]); nothing else is. Every error is a
//! [`BrokerError`] naming the URL, with the broker's own error text for error statuses
//! and a summary (an HTML page's title) for answers that are not JSON. TLS certificates
//! are verified unless [`BrokerClientBuilder::danger_accept_invalid_certificates`] says
//! otherwise; a custom CA is added with [`BrokerClientBuilder::root_certificate_pem`].
//!
//! # Operations
//! | What | API |
//! |---|---|
//! | publish pacts (consumer CI) | [`Publisher`] with a [`ConsumerVersion`] |
//! | verify from the broker (provider CI) | [`BrokerSource`] as a [`PactSource`](crate::provider::PactSource) |
//! | publish verification results | [`BrokerClient::publish_verification_results`] with a [`ProviderVersion`] |
//! | can-i-deploy | [`BrokerClient::can_i_deploy`] with a [`CanIDeploy`] |
//! | environments, record deployment / release / support ended | [`BrokerClient::environments`], [`BrokerClient::record_deployment`], [`BrokerClient::record_release`], [`BrokerClient::record_support_ended`] |

mod auth;
mod client;
mod environments;
mod error;
mod hal;
mod matrix;
mod publish;
mod results;
mod url;
mod verification;

pub use auth::{BrokerAuth, Secret};
pub use client::{
    BASE_URL_ENV, BrokerClient, BrokerClientBuilder, PASSWORD_ENV, TOKEN_ENV, USERNAME_ENV,
};
pub use environments::Environment;
pub use error::BrokerError;
pub use matrix::{CanIDeploy, CanIDeployResult, MatrixRow, Verdict, VersionSelector};
pub use publish::{ConsumerVersion, PublishOutcome, Publisher};
pub use results::{ProviderVersion, PublishedResult};
pub use verification::{
    AFTER_NOTICES_PROPERTY, BrokerSource, ConsumerVersionSelector, INTERACTION_IDS_PROPERTY,
    PUBLISH_URL_PROPERTY, WIP_PROPERTY, after_verification_notices,
};
