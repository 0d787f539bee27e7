//! Contract testing for Rust, in the Pact family.
//!
//! A consumer test describes interactions (provider states, request, expected response)
//! with matchers, runs the real client against a mock server, and writes a pact file. A
//! provider test replays that pact against the running provider and reports per
//! interaction.

pub mod broker;
pub mod consumer;
pub mod generators;
mod java_dates;
pub mod matchers;
pub mod matching;
pub mod message;
pub mod mock_server;
pub mod model;
pub mod provider;
pub mod stub;
mod warning;

/// The test harness of [`Verifier::trials`](provider::Verifier::trials) and
/// `#[pact_provider]`, re-exported so a test binary needs no dependency of its own.
pub use libtest_mimic;
/// The trait and its derive share the name, as serde's do: `use pact_runtime::PactMatch;`
/// brings both, so `#[derive(PactMatch)]` and `User::matcher()` work together.
pub use matchers::PactMatch;
#[doc(inline)]
pub use pact_macros;
#[doc(inline)]
pub use pact_macros::PactMatch;
pub use warning::Warning;

/// A consumer contract test: the function becomes a `#[test]` that starts a
/// [`MockServer`](mock_server::MockServer) for the consumer–provider pair, lends it to the
/// function, and afterwards checks that every mounted interaction was received and
/// nothing else was, then writes (merges) the pact file.
///
/// ```
/// use pact_runtime::prelude::*;
///
/// #[pact_consumer(consumer = "web-app", provider = "user-service")]
/// async fn fetches_a_user(server: &MockServer) {
///     Interaction::new("a request for user 42")
///         .given("user 42 exists")
///         .request(Request::get("/users/42"))
///         .response(Response::ok().json(json_pattern!({"id": integer(42), "name": like("Alice")})))
///         .mount(server);
///     // … run the client under test against server.url() and assert on what it returns …
/// }
/// # fn main() {}
/// ```
///
/// # The function
/// - It takes the server as its one parameter, **by reference**: `server: &MockServer`.
///   The harness keeps ownership because it has to verify the server and write the pact
///   after the function returns.
/// - It may be `async`; it then runs on a current-thread Tokio runtime, as
///   `#[tokio::test]` does. A synchronous function runs on the test thread with no
///   runtime, so blocking clients work.
/// - It returns `()` or, like any test, `Result<(), E>` with `E: Debug`.
/// - Other attributes (`#[ignore]`, `#[should_panic]`, docs) stay on the generated test;
///   do not add `#[test]` yourself.
///
/// # Outcome
/// - The function returns normally: the server is verified; a missing interaction, an
///   unexpected request or a mismatch fails the test with the server's report, and only
///   a clean run writes the pact.
/// - The function panics or returns `Err`: no pact is written, the test fails with the
///   function's own panic or error, and what the server saw (if anything went wrong
///   there) is printed beside it, since an unexpected request is often the cause.
///
/// # Message tests
/// A function taking the [`MessagePact`](message::MessagePact) **by mutable reference**
/// instead, `pact: &mut MessagePact`, is a message test: the harness builds the message
/// pact for the pair, lends it to the function, and writes the pact when the function
/// returned normally and no handler failed (see the [`message`] module). The keys
/// `spec`, `output_dir` and `crate` apply; `port`, `tls` and `cors` configure a mock
/// server, which a message test does not have, and are refused.
///
/// ```
/// use pact_runtime::prelude::*;
///
/// #[pact_consumer(consumer = "user-events", provider = "user-service")]
/// fn handles_a_user_created_event(pact: &mut MessagePact) -> Result<(), MessageError> {
///     pact.verify(
///         Message::new("a user created event")
///             .json(json_pattern!({"id": integer(42)}))
///             .metadata("topic", term("users.created", r"^users\.\w+$")),
///         |message| message.json::<serde_json::Value>().map(|_| ()),
///     )
/// }
/// # fn main() {}
/// ```
///
/// # Keys
/// | key | value | default |
/// |---|---|---|
/// | `consumer` | the consumer's name (required) | |
/// | `provider` | the provider's name (required) | |
/// | `spec` | `"V2"`, `"V3"` or `"V4"`: the written pact's specification | `"V4"` |
/// | `output_dir` | a directory relative to the crate (or absolute), or an expression converting into a `PathBuf`, such as `concat!(env!("CARGO_TARGET_TMPDIR"), "/pacts")` | `$PACT_OUTPUT_DIR`, else `target/pacts` |
/// | `port` | the port of `127.0.0.1` the mock server listens on (`port = 8080`) | a free port |
/// | `tls` | `true`: HTTPS with a generated certificate; the client trusts [`MockServer::ca_pem`](mock_server::MockServer::ca_pem) or uses [`MockServer::tls_client_config`](mock_server::MockServer::tls_client_config) | `false` |
/// | `cors` | `true`: CORS pre-flights are answered (see [`MockServerBuilder::cors`](mock_server::MockServerBuilder::cors)) | `false` |
/// | `crate` | the path `pact_runtime` is re-exported at, for crates that wrap it | `"::pact_runtime"` |
///
/// # Without the macro
/// The same test by hand, with the public API only:
///
/// ```no_run
/// use pact_runtime::prelude::*;
///
/// #[tokio::test]
/// async fn fetches_a_user() {
///     let server = MockServer::start(Pact::new("web-app", "user-service"));
///     // … mount interactions, run the client …
///     server.finish().expect("the mock server saw what the interactions describe");
/// }
/// # fn main() {}
/// ```
#[doc(inline)]
pub use pact_macros::pact_consumer;

/// A provider verification: every interaction of the pacts for the provider becomes a
/// test of its own (`cargo test <part of a description>` verifies one, `--list` shows them
/// all), which fails with that interaction's report (the mismatches, or why it could not
/// be replayed) when it is not pending.
///
/// The function usually starts the provider and returns the
/// [`Verifier`](provider::Verifier) for it, with its state handlers; the Verifier names
/// the provider, so the attribute need not. [`provider_main!`] lists the functions of the
/// test target and is its `main`:
///
/// ```no_run
/// use pact_runtime::prelude::*;
///
/// # async fn spawn_user_service() -> String { String::new() }
/// #[pact_provider(pacts = "../pacts")]
/// async fn user_service_honours_its_pacts() -> Verifier {
///     let url = spawn_user_service().await; // binds 127.0.0.1:0, runs as a task
///     Verifier::new("user-service", url)
///         .state("user 42 exists", async |_state| { /* seed the provider's store */ })
/// }
///
/// pact_runtime::provider_main!(user_service_honours_its_pacts);
/// ```
///
/// with the test target's harness turned off in `Cargo.toml`, as for any test binary that
/// brings its own `main` (`provider_main!` is a compile error otherwise):
///
/// ```toml
/// [[test]]
/// name = "provider"
/// harness = false
/// ```
///
/// A provider already running elsewhere is named by its address and its name, and the
/// function then returns nothing (it may still prepare things):
///
/// ```no_run
/// # use pact_runtime::prelude::*;
/// #[pact_provider(provider = "user-service", pacts = "../pacts", base_url = "http://127.0.0.1:8080")]
/// fn user_service_honours_its_pacts() {}
///
/// pact_runtime::provider_main!(user_service_honours_its_pacts);
/// ```
///
/// # The function
/// - It takes no parameters, may be `async`, and returns `Verifier`,
///   `Result<Verifier, E>` with `E: Debug`, or nothing when `base_url` is given.
/// - It is called once, before any interaction is verified, on a multi-thread Tokio
///   runtime that lives until every trial ran: a provider it spawns keeps serving. An
///   error it returns (or a panic) is a failed `{function}::setup` trial.
/// - The attribute rewrites it into a function of the same name that returns what
///   [`provider_main!`] runs; do not add `#[test]`.
///
/// # The trials
/// - Named `{function}::{consumer} → {provider}: {description}` (with the provider states
///   when two interactions share a description), one per interaction the filters select
///   (`PACT_DESCRIPTION`, `PACT_PROVIDER_STATE`, the Verifier's `filter_*` methods).
/// - Each runs its interaction's whole sequence: the before-each hook, the states, the
///   request or message, the comparison, the teardown, the after-each hook.
/// - A pending interaction's trial is of kind `pending` and passes when the interaction
///   fails, printing the report it would have failed with. An interaction the verifier
///   cannot verify (an HTTP one for a [`Verifier::for_messages`](provider::Verifier::for_messages))
///   is an ignored trial.
/// - What is not an interaction fails a trial of its own, with the reason: a pact file
///   that is missing or cannot be read (`load {file}`), settings that cannot be used,
///   a filter that is neither a regex nor a description, and a run that would verify
///   nothing (`nothing verified`) unless `allow_no_interactions = true`.
/// - They run one at a time (provider states change the provider's data) unless
///   `--test-threads` says otherwise.
///
/// # Keys
/// | key | value |
/// |---|---|
/// | `provider` | the provider's name, as the pacts give it: required with `base_url`; otherwise the returned Verifier's, and an error when the two differ |
/// | `pacts` | a directory of pact files, or a list of them; pacts for other providers are skipped |
/// | `pact` | a pact file, or a list of them |
/// | `base_url` | the provider's address, for a function that returns nothing |
/// | `allow_no_interactions` | `true` lets a run that verified nothing pass (no pact found, all filtered out or skipped), as [`Verifier::allow_no_interactions`](provider::Verifier::allow_no_interactions); by default it fails |
/// | `crate` | the path `pact_runtime` is re-exported at |
/// | `broker` | a Pact Broker's URL (`"https://…"`), or `true` for `$PACT_BROKER_BASE_URL`: also verify the pacts it selects |
/// | `selectors` | with `broker`: a list of [`ConsumerVersionSelector`](broker::ConsumerVersionSelector) expressions |
/// | `provider_branch` | with `broker`: the provider's branch (else `$PACT_PROVIDER_BRANCH`) |
/// | `include_pending` | with `broker`: `true` asks for pending pacts |
/// | `include_wip_since` | with `broker`: `"YYYY-MM-DD"`, includes work-in-progress pacts |
/// | `publish_results` | with `broker`: `true` or `false`; absent, `$PACT_PUBLISH_RESULTS` decides |
///
/// At least one of `pacts`, `pact` and `broker` is required; relative paths are taken
/// from the crate's directory.
///
/// # Consumer and provider tests in one crate
/// Verify the pacts committed to the repository (`pacts = "pacts"`), and let the consumer
/// tests write theirs elsewhere (`output_dir` under `target/`): the provider's trials then
/// never depend on whether the consumer tests ran first, or on what a half-finished run
/// left behind. A test comparing the freshly written pact with the committed one keeps the
/// two in step (the `pact-examples` crate's `tests/contract.rs` does that).
///
/// # From a Pact Broker
/// The broker's credentials never go in the attribute: they are read when the test runs,
/// as [`BrokerClient::from_env`](broker::BrokerClient::from_env) reads them
/// (`PACT_BROKER_TOKEN`, or `PACT_BROKER_USERNAME` and `PACT_BROKER_PASSWORD`). A failing
/// pending or WIP pact is reported as pending and does not fail its trials. Results are
/// published once every trial ran (not when a test-name filter left some out), only when
/// asked (`publish_results = true`, or `PACT_PUBLISH_RESULTS=true` on CI), for the version
/// in `PACT_PROVIDER_VERSION` (required then), with the branch and `PACT_BUILD_URL`; a
/// result that cannot be published fails the test binary.
///
/// ```no_run
/// use pact_runtime::broker::ConsumerVersionSelector as Select;
/// use pact_runtime::prelude::*;
///
/// # async fn spawn_user_service() -> String { String::new() }
/// #[pact_provider(
///     broker = true,
///     selectors = [Select::main_branch(), Select::deployed_or_released()],
///     include_pending = true,
///     include_wip_since = "2024-01-01"
/// )]
/// async fn user_service_honours_the_brokers_pacts() -> Verifier {
///     Verifier::new("user-service", spawn_user_service().await)
/// }
///
/// pact_runtime::provider_main!(user_service_honours_the_brokers_pacts);
/// ```
///
/// # Without the macro
/// [`Verifier::trials`](provider::Verifier::trials) gives the same trials for a harness of
/// your own; `verifier.verify(&[PactSource::dir("../pacts")]).await` returns one
/// [`VerificationReport`](provider::VerificationReport) instead, and `report.assert_ok()`
/// panics with it rendered.
#[doc(inline)]
pub use pact_macros::pact_provider;

/// The `main` of a test target of [`#[pact_provider]`](pact_provider) functions: lists
/// them, runs every interaction of their pacts as a test of its own (one multi-thread
/// Tokio runtime for them all, one test thread unless `--test-threads` says otherwise),
/// publishes results where asked for, and exits with libtest's code.
///
/// The target needs `harness = false` in `Cargo.toml`; under the default harness (where
/// this `main` would never run and nothing would be verified) it is a compile error. One
/// target holds one `provider_main!`; several functions get their own trials, each name
/// starting with its function's.
///
/// ```no_run
/// use pact_runtime::prelude::*;
///
/// #[pact_provider(pacts = "pacts")]
/// fn over_http() -> Verifier {
///     Verifier::new("user-service", "http://127.0.0.1:8080")
/// }
///
/// #[pact_provider(pacts = "pacts")]
/// fn over_https() -> Verifier {
///     Verifier::new("user-service", "https://127.0.0.1:8443")
/// }
///
/// pact_runtime::provider_main!(over_http, over_https);
/// ```
#[macro_export]
macro_rules! provider_main {
    ($($function:path),+ $(,)?) => {
        // Only libtest's harness keeps `#[test]` functions (and expands their bodies): this
        // error is for a target that forgot `harness = false`.
        #[test]
        fn provider_main_needs_harness_false() {
            ::core::compile_error!(
                "`pact_runtime::provider_main!` is the test target's `main`: set `harness = \
                 false` for this target in Cargo.toml ([[test]] name = \"…\" harness = false), \
                 or the default harness runs instead and verifies nothing"
            );
        }

        fn main() {
            $crate::__private::provider_main(::std::vec![$($function()),+])
        }
    };
}

/// The names a consumer or provider test needs, in one import:
/// `use pact_runtime::prelude::*;`.
pub mod prelude {
    pub use crate::consumer::{Interaction, Request, Response};
    pub use crate::json_pattern;
    pub use crate::matchers::{Pattern, boolean, decimal, each_like, integer, like, term};
    // The rest of the matcher DSL that reads unambiguously at a call site (`time`,
    // `values`, `null`, … stay in `matchers::` to keep clear of common local names).
    pub use crate::consumer::Multipart;
    pub use crate::matchers::{
        array_containing, date, datetime, each_like_between, each_like_max, equal_to, formats,
        from_provider_state, include, mock_server_url, number, status_code,
    };
    pub use crate::message::{
        Contents, Message, MessageError, MessagePact, ReceivedMessage, SyncMessage,
    };
    pub use crate::mock_server::{MockServer, MockServerError};
    pub use crate::model::StatusClass;
    pub use crate::model::{Pact, ProviderState, SpecVersion};
    pub use crate::provider::{
        BoxError, HookContext, InteractionError, MessageContext, Next, PactSource, ProviderMessage,
        StateValues, VerificationReport, Verifier, VerifyError,
    };
    pub use crate::{pact_consumer, pact_provider};
    // The trait and its derive (one name, both namespaces).
    pub use crate::PactMatch;
}

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
