//! The consumer tests written with the builder API: a [`MockServer`] per test, the real
//! [`web_app`] client against it, then [`MockServer::finish`], which verifies what the
//! server saw and writes the pact.

use std::path::{Path, PathBuf};

use pact_runtime::mock_server::MockServer;
use pact_runtime::model::{Pact, WriteMode};

use super::interactions::{self, EXAMPLE_TOKEN};
use super::{CONSUMER, ContractError, PROVIDER};
use crate::web_app::{self, ClientError, NewUser, Role};

/// The consumer contract tests, one per interaction of the pact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsumerTest {
    /// [`interactions::a_request_for_user_42`].
    FetchesAUser,
    /// [`interactions::a_request_for_a_missing_user`].
    MissingUserIsNone,
    /// [`interactions::a_request_for_the_admins`].
    ListsAdmins,
    /// [`interactions::an_authorised_request_to_create_a_user`].
    CreatesAUser,
    /// [`interactions::an_unauthorised_request_to_create_a_user`].
    RefusedTokenIsUnauthorised,
}

impl ConsumerTest {
    /// Every test, in the order they write the pact.
    pub const ALL: [ConsumerTest; 5] = [
        ConsumerTest::FetchesAUser,
        ConsumerTest::MissingUserIsNone,
        ConsumerTest::ListsAdmins,
        ConsumerTest::CreatesAUser,
        ConsumerTest::RefusedTokenIsUnauthorised,
    ];

    /// The test's name, as a sentence.
    pub fn name(self) -> &'static str {
        match self {
            ConsumerTest::FetchesAUser => "the client fetches a user",
            ConsumerTest::MissingUserIsNone => "the client reads a missing user as none",
            ConsumerTest::ListsAdmins => "the client lists the admins",
            ConsumerTest::CreatesAUser => "the client creates a user with its token",
            ConsumerTest::RefusedTokenIsUnauthorised => {
                "the client reports a refused token as unauthorised"
            }
        }
    }

    /// Runs the test against a fresh mock server and, when it passes, writes its
    /// interaction into the pact in `pact_dir` (merged or overwriting, per `mode`).
    ///
    /// # Errors
    /// [`ContractError`] saying what the mock server or the test saw.
    pub async fn run(self, pact_dir: &Path, mode: WriteMode) -> Result<PathBuf, ContractError> {
        let server = MockServer::builder(Pact::new(CONSUMER, PROVIDER))
            .output_dir(pact_dir)
            .write_mode(mode)
            .start()?;
        let checked = self.check(&server).await;
        // The server is finished even when the check failed: its report (which request
        // did not match, and how) explains a client failure better than the client can.
        // A failed check may leave its interaction in the pact; callers stop at the first
        // failure and never verify a provider against it.
        let finished = server.finish();
        let pact = finished?;
        checked?;
        Ok(pact.path)
    }

    /// Mounts the test's interaction on `server` and runs the client against it.
    async fn check(self, server: &MockServer) -> Result<(), ContractError> {
        let client = web_app::Client::new(server.url());
        match self {
            ConsumerTest::FetchesAUser => {
                interactions::a_request_for_user_42().mount(server);
                let user = client.user(42).await?;
                expect(
                    user.as_ref().is_some_and(|user| user.id == 42),
                    "user 42",
                    &user,
                )
            }
            ConsumerTest::MissingUserIsNone => {
                interactions::a_request_for_a_missing_user().mount(server);
                let user = client.user(99).await?;
                expect(user.is_none(), "no user", &user)
            }
            ConsumerTest::ListsAdmins => {
                interactions::a_request_for_the_admins().mount(server);
                let admins = client.users_with_role(Role::Admin).await?;
                let only_admins = admins.iter().all(|user| user.roles.contains(&Role::Admin));
                expect(
                    !admins.is_empty() && only_admins,
                    "at least one admin and only admins",
                    &admins,
                )
            }
            ConsumerTest::CreatesAUser => {
                interactions::an_authorised_request_to_create_a_user().mount(server);
                let client = client.with_token(EXAMPLE_TOKEN);
                let user = client.create_user(&alice()).await?;
                expect(user.name == "Alice", "the created user, Alice", &user)
            }
            ConsumerTest::RefusedTokenIsUnauthorised => {
                interactions::an_unauthorised_request_to_create_a_user().mount(server);
                let client = client.with_token(EXAMPLE_TOKEN);
                match client.create_user(&alice()).await {
                    Err(ClientError::Unauthorised { request_id, .. }) => {
                        expect(request_id.is_some(), "a request id", &request_id)
                    }
                    other => expect(false, "Unauthorised", &other),
                }
            }
        }
    }
}

/// The user the create tests send.
pub fn alice() -> NewUser {
    NewUser {
        name: "Alice".to_owned(),
        email: "alice@example.com".to_owned(),
        roles: vec![Role::Admin],
    }
}

fn expect(ok: bool, expected: &str, got: &impl std::fmt::Debug) -> Result<(), ContractError> {
    if ok {
        Ok(())
    } else {
        Err(ContractError::Unexpected(format!(
            "expected {expected}, got {got:?}"
        )))
    }
}

/// Runs every consumer test in order, the first overwriting the pact in `pact_dir` (so
/// interactions no test describes any more do not linger), the others merging into it.
/// Returns each test with its outcome.
pub async fn write_pact(pact_dir: &Path) -> Vec<(ConsumerTest, Result<PathBuf, ContractError>)> {
    let mut outcomes = Vec::with_capacity(ConsumerTest::ALL.len());
    for (index, test) in ConsumerTest::ALL.into_iter().enumerate() {
        let mode = if index == 0 {
            WriteMode::Overwrite
        } else {
            WriteMode::Merge
        };
        outcomes.push((test, test.run(pact_dir, mode).await));
    }
    outcomes
}
