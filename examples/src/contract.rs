//! The contract between `web-app` and `user-service`, as plain async functions: the
//! consumer tests run the real [`web_app`] client against a mock user service and write
//! the pact; [`verify_provider`] replays that pact against the real [`user_service`].
//!
//! Both the `pact-examples` binary and `tests/contract.rs` call these, so the example a
//! reader runs and the one CI checks are the same code. They expect a current-thread Tokio
//! runtime (as `#[tokio::test]` gives): the mock server then runs on its own thread, and
//! the user service and the verifier share the test's thread.

use std::path::{Path, PathBuf};
use std::time::Duration;

use pact_runtime::consumer::{ConsumerError, Interaction, Request, Response};
use pact_runtime::json_pattern;
use pact_runtime::matchers::{Pattern, each_like, integer, like, term};
use pact_runtime::mock_server::MockServer;
use pact_runtime::model::{Pact, ProviderState, WriteMode};
use pact_runtime::provider::{PactSource, VerificationReport, Verifier};

use crate::user_service::{self, Repository};
use crate::web_app::{self, ClientError, NewUser};

/// The consumer's name in the pact.
pub const CONSUMER: &str = "web-app";
/// The provider's name in the pact.
pub const PROVIDER: &str = "user-service";
/// The pact's file name.
pub const PACT_FILE: &str = "web-app-user-service.json";

/// A contract check that did not pass.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ContractError {
    /// The mock server did not see what the test describes, or the pact was not written.
    #[error(transparent)]
    Consumer(#[from] ConsumerError),
    /// The client failed against the mock server.
    #[error("the web-app client failed: {0}")]
    Client(#[from] ClientError),
    /// The client returned something other than the test expects.
    #[error("unexpected result: {0}")]
    Unexpected(String),
    /// The user service could not start.
    #[error("cannot start the user service: {0}")]
    Start(#[source] std::io::Error),
}

/// The consumer contract tests, one per interaction of the pact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsumerTest {
    /// `a request for user 42`, given `user 42 exists`.
    FetchesAUser,
    /// `a request for a missing user`, given `user 99 does not exist`.
    MissingUserIsNone,
    /// `a request for admins`, given `an admin exists`.
    ListsAdmins,
    /// `a request to create a user`.
    CreatesAUser,
}

impl ConsumerTest {
    /// Every test, in the order they write the pact.
    pub const ALL: [ConsumerTest; 4] = [
        ConsumerTest::FetchesAUser,
        ConsumerTest::MissingUserIsNone,
        ConsumerTest::ListsAdmins,
        ConsumerTest::CreatesAUser,
    ];

    /// The test's name, as a sentence.
    pub fn name(self) -> &'static str {
        match self {
            ConsumerTest::FetchesAUser => "the client fetches a user",
            ConsumerTest::MissingUserIsNone => "the client reads a missing user as none",
            ConsumerTest::ListsAdmins => "the client lists the admins",
            ConsumerTest::CreatesAUser => "the client creates a user",
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
        let client = web_app::Client::new(server.url());
        let checked = match self {
            ConsumerTest::FetchesAUser => fetches_a_user(&server, &client).await,
            ConsumerTest::MissingUserIsNone => missing_user_is_none(&server, &client).await,
            ConsumerTest::ListsAdmins => lists_admins(&server, &client).await,
            ConsumerTest::CreatesAUser => creates_a_user(&server, &client).await,
        };
        // The server is finished even when the check failed: its report (which request
        // did not match, and how) explains a client failure better than the client can.
        // A failed check may leave its interaction in the pact; callers stop at the first
        // failure and never verify a provider against it.
        let finished = server.finish();
        let pact = finished?;
        checked?;
        Ok(pact.path)
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

/// Starts the user service on a free port, with a state handler per provider state of the
/// pact, and verifies it against the pact file `pact`.
///
/// # Errors
/// [`ContractError::Start`] when the service cannot start; a failed verification is a
/// report that is not ok, not an error.
pub async fn verify_provider(pact: &Path) -> Result<VerificationReport, ContractError> {
    let repo = Repository::new();
    let (addr, service) = user_service::spawn(repo.clone())
        .await
        .map_err(ContractError::Start)?;
    let report = Verifier::new(PROVIDER, format!("http://{addr}"))
        .timeout(Duration::from_secs(10))
        .state("user 42 exists", {
            let repo = repo.clone();
            move |_state: ProviderState| {
                repo.clear();
                repo.seed_user(service_user(42, "Alice", &["admin"]));
                ready()
            }
        })
        .state("user 99 does not exist", {
            let repo = repo.clone();
            move |_state: ProviderState| {
                repo.clear();
                ready()
            }
        })
        .state("an admin exists", {
            let repo = repo.clone();
            move |_state: ProviderState| {
                repo.clear();
                repo.seed_user(service_user(1, "Alice", &["admin"]));
                repo.seed_user(service_user(2, "Bob", &["user"]));
                ready()
            }
        })
        .verify(&[PactSource::file(pact)])
        .await;
    service.abort();
    Ok(report)
}

fn ready() -> std::future::Ready<Result<(), std::convert::Infallible>> {
    std::future::ready(Ok(()))
}

fn service_user(id: u64, name: &str, roles: &[&str]) -> user_service::User {
    user_service::User {
        id,
        name: name.to_owned(),
        email: format!("{}@example.com", name.to_lowercase()),
        roles: roles.iter().map(|role| (*role).to_owned()).collect(),
    }
}

/// The JSON of a user as the web app relies on it: the types, and an e-mail that looks
/// like one.
fn user_pattern(id: i64, name: &str, email: &str, role: &str) -> Pattern {
    json_pattern!({
        "id": integer(id),
        "name": like(name),
        "email": term(email, r"^[^@]+@[^@]+$"),
        "roles": each_like(role, 1),
    })
}

async fn fetches_a_user(
    server: &MockServer,
    client: &web_app::Client,
) -> Result<(), ContractError> {
    Interaction::new("a request for user 42")
        .given("user 42 exists")
        .request(Request::get("/users/42").header("Accept", "application/json"))
        .response(
            Response::ok()
                .header("Content-Type", "application/json")
                .json(user_pattern(42, "Alice", "alice@example.com", "admin")),
        )
        .mount(server);

    let user = client.user(42).await?;

    match user {
        Some(user) if user.id == 42 && user.name == "Alice" && user.roles == ["admin"] => Ok(()),
        other => Err(ContractError::Unexpected(format!(
            "expected user 42 (Alice, admin), got {other:?}"
        ))),
    }
}

async fn missing_user_is_none(
    server: &MockServer,
    client: &web_app::Client,
) -> Result<(), ContractError> {
    Interaction::new("a request for a missing user")
        .given("user 99 does not exist")
        .request(Request::get("/users/99").header("Accept", "application/json"))
        .response(
            Response::not_found()
                .header("Content-Type", "application/json")
                .json(json_pattern!({"error": like("user 99 not found")})),
        )
        .mount(server);

    let user = client.user(99).await?;

    match user {
        None => Ok(()),
        Some(user) => Err(ContractError::Unexpected(format!(
            "expected no user 99, got {user:?}"
        ))),
    }
}

async fn lists_admins(server: &MockServer, client: &web_app::Client) -> Result<(), ContractError> {
    Interaction::new("a request for admins")
        .given("an admin exists")
        .request(
            Request::get("/users")
                .query("role", "admin")
                .header("Accept", "application/json"),
        )
        .response(
            Response::ok()
                .header("Content-Type", "application/json")
                .json(each_like(
                    user_pattern(1, "Alice", "alice@example.com", "admin"),
                    1,
                )),
        )
        .mount(server);

    let admins = client.users_with_role("admin").await?;

    let all_admins = admins
        .iter()
        .all(|user| user.roles.iter().any(|r| r == "admin"));
    if !admins.is_empty() && all_admins {
        Ok(())
    } else {
        Err(ContractError::Unexpected(format!(
            "expected at least one admin and only admins, got {admins:?}"
        )))
    }
}

async fn creates_a_user(
    server: &MockServer,
    client: &web_app::Client,
) -> Result<(), ContractError> {
    Interaction::new("a request to create a user")
        .request(
            Request::post("/users")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .json(json_pattern!({
                    "name": "Bob",
                    "email": "bob@example.com",
                    "roles": ["user"],
                })),
        )
        .response(
            Response::created()
                .header("Content-Type", "application/json")
                .json(user_pattern(43, "Bob", "bob@example.com", "user")),
        )
        .mount(server);

    let new_user = NewUser {
        name: "Bob".to_owned(),
        email: "bob@example.com".to_owned(),
        roles: vec!["user".to_owned()],
    };
    let user = client.create_user(&new_user).await?;

    if user.name == new_user.name && user.email == new_user.email && user.roles == new_user.roles {
        Ok(())
    } else {
        Err(ContractError::Unexpected(format!(
            "expected the created user to echo {new_user:?}, got {user:?}"
        )))
    }
}
