//! Contract testing for Rust, in the Pact family.
//!
//! A consumer test describes interactions (provider states, request, expected response)
//! with matchers, runs the real client against a mock server, and writes a pact file. A
//! provider test replays that pact against the running provider and reports per
//! interaction.

pub mod consumer;
pub mod matchers;
pub mod matching;
pub mod mock_server;
pub mod model;
pub mod provider;

#[doc(inline)]
pub use pact_macros;

/// The names a consumer or provider test needs, in one import:
/// `use pact_runtime::prelude::*;`.
pub mod prelude {
    pub use crate::consumer::{Interaction, Request, Response};
    pub use crate::json_pattern;
    pub use crate::matchers::{Pattern, boolean, decimal, each_like, integer, like, term};
    pub use crate::mock_server::MockServer;
    pub use crate::model::{Pact, ProviderState, SpecVersion};
    pub use crate::provider::{PactSource, VerificationReport, Verifier};
}

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
