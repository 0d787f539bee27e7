//! The web app's consumer tests with `#[pact_consumer]`: each test gets a mock user
//! service, mounts an interaction of the contract (bodies from the web app's derived
//! DTOs), runs the real client against it and checks what the client makes of the answer.
//! When the test returns, the harness checks that the mock server saw exactly the
//! described requests and writes the pact.
//!
//! The interactions are those of `pact_examples::contract::interactions`, which the
//! builder-style tests of `tests/contract.rs` (and `cargo run -p pact-examples`) mount
//! too, so both styles write the same contract.

use std::path::{Path, PathBuf};

use pact_examples::contract::{alice, interactions};
use pact_examples::web_app::{Client, ClientError, Role};
use pact_runtime::prelude::*;

/// A pact directory for one test, emptied first: tests run in parallel, and a pact an
/// earlier run wrote with other content would be a merge conflict.
fn fresh_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("consumer-pacts")
        .join(test);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("empty the test's pact directory");
    }
    dir
}

#[pact_consumer(
    consumer = "web-app",
    provider = "user-service",
    output_dir = fresh_dir("fetches_a_user")
)]
async fn the_client_fetches_a_user(server: &MockServer) {
    interactions::a_request_for_user_42().mount(server);

    let user = Client::new(server.url())
        .user(42)
        .await
        .expect("GET /users/42");

    let user = user.expect("user 42 exists");
    assert_eq!(user.id, 42);
    assert_eq!(user.roles, [Role::Admin]);
    assert_eq!(user.created_at, "2024-05-01T09:30:00Z");
}

#[pact_consumer(
    consumer = "web-app",
    provider = "user-service",
    output_dir = fresh_dir("missing_user")
)]
async fn the_client_reads_a_missing_user_as_none(server: &MockServer) {
    interactions::a_request_for_a_missing_user().mount(server);

    let user = Client::new(server.url())
        .user(99)
        .await
        .expect("GET /users/99");

    assert_eq!(user, None);
}

#[pact_consumer(
    consumer = "web-app",
    provider = "user-service",
    output_dir = fresh_dir("lists_admins")
)]
async fn the_client_lists_the_admins(server: &MockServer) -> Result<(), ClientError> {
    interactions::a_request_for_the_admins().mount(server);

    let admins = Client::new(server.url())
        .users_with_role(Role::Admin)
        .await?;

    assert!(!admins.is_empty());
    assert!(admins.iter().all(|user| user.roles.contains(&Role::Admin)));
    Ok(())
}

#[pact_consumer(
    consumer = "web-app",
    provider = "user-service",
    output_dir = fresh_dir("creates_a_user")
)]
async fn the_client_creates_a_user_with_its_token(server: &MockServer) -> Result<(), ClientError> {
    interactions::an_authorised_request_to_create_a_user().mount(server);
    let client = Client::new(server.url()).with_token(interactions::EXAMPLE_TOKEN);

    let user = client.create_user(&alice()).await?;

    assert_eq!(user.name, "Alice");
    assert_eq!(user.email, "alice@example.com");
    Ok(())
}

#[pact_consumer(
    consumer = "web-app",
    provider = "user-service",
    output_dir = fresh_dir("unauthorised")
)]
async fn the_client_reports_a_refused_token_as_unauthorised(server: &MockServer) {
    interactions::an_unauthorised_request_to_create_a_user().mount(server);
    let client = Client::new(server.url()).with_token(interactions::EXAMPLE_TOKEN);

    let refused = client.create_user(&alice()).await;

    let Err(ClientError::Unauthorised {
        reason, request_id, ..
    }) = refused
    else {
        panic!("expected ClientError::Unauthorised, got {refused:?}");
    };
    assert_eq!(reason, "the bearer token is not valid");
    // The mock server generates a fresh UUID for every answer: not the pact's example.
    let request_id = request_id.expect("a request id");
    assert_eq!(request_id.len(), 36, "{request_id}");
    assert_ne!(request_id, "e2490de5-5bd3-43d5-b7c4-526e33f71304");
}
