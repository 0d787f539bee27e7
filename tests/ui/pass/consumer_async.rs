//! An async consumer test returning a Result, with every option, through a re-export.
// Used by the generated test only, which a non-test build leaves out.
#[allow(unused_imports)]
mod testing {
    pub use pact_runtime::*;
}

use pact_runtime::prelude::*;

/// Attributes and docs are kept on the generated test.
#[pact_consumer(
    consumer = "web-app",
    provider = "user-service",
    spec = "V3",
    output_dir = "target/pacts",
    crate = "crate::testing"
)]
#[ignore = "kept"]
pub async fn fetches_a_user(server: &MockServer) -> Result<(), std::fmt::Error> {
    #![allow(unused_variables)]
    let unused = server.url();
    Ok(())
}

fn main() {}
