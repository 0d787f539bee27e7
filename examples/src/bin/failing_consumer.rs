//! A consumer test that fails on purpose, to show the mock server's report; not run by CI.
//!
//! ```sh
//! cargo run -p pact-examples --bin failing_consumer   # exits with status 1
//! ```
//!
//! The web app's client is asked to create a user with a malformed e-mail address and no
//! roles. The contract ([`an_authorised_request_to_create_a_user`]) requires an address
//! matching a regex and at least one role, so the mock server answers `500` (its body
//! names the closest interaction and the mismatches), the client reports the unexpected
//! status, and `finish()` fails with the report this program prints. No pact is written.

use std::process::ExitCode;

use pact_examples::contract::interactions::{
    EXAMPLE_TOKEN, an_authorised_request_to_create_a_user,
};
use pact_examples::contract::{CONSUMER, PROVIDER};
use pact_examples::web_app::{Client, NewUser};
use pact_runtime::mock_server::MockServer;
use pact_runtime::model::Pact;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    // Somewhere harmless, should the test pass after all: never the real pact.
    let output_dir = std::env::temp_dir().join("pact-examples-failing-consumer");
    let server = match MockServer::builder(Pact::new(CONSUMER, PROVIDER))
        .output_dir(output_dir)
        .start()
    {
        Ok(server) => server,
        Err(error) => {
            eprintln!("cannot start the mock server: {error}");
            return ExitCode::FAILURE;
        }
    };
    an_authorised_request_to_create_a_user().mount(&server);

    let buggy = NewUser {
        name: "Alice".to_owned(),
        email: "alice".to_owned(),
        roles: Vec::new(),
    };
    let client = Client::new(server.url()).with_token(EXAMPLE_TOKEN);
    match client.create_user(&buggy).await {
        Ok(user) => println!("the client got {user:?}"),
        Err(error) => println!("the client failed: {error}"),
    }

    match server.finish() {
        Ok(pact) => {
            println!("unexpectedly passed; wrote {}", pact.path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            println!("{error}");
            ExitCode::FAILURE
        }
    }
}
