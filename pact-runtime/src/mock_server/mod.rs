//! The consumer's mock provider: an HTTP server on `127.0.0.1` that answers requests
//! matching the mounted interactions with their responses (generators applied), records
//! everything else, and, at [`MockServer::finish`], checks it saw exactly what was mounted
//! and writes the pact.
//!
//! Every server has its own port and journal, so tests using several servers run in
//! parallel. Inside a multi-thread Tokio runtime the server is a task on that runtime;
//! anywhere else (no runtime, or a current-thread runtime, whose only thread the test
//! blocks) it is a task on a runtime the process's servers share (at most four threads,
//! created with the first such server), so a blocking client cannot deadlock it and a
//! start costs no thread.
//! Options: a chosen port, TLS with a generated certificate, CORS pre-flights (see
//! [`MockServerBuilder`]).
//!
//! A request no interaction matches gets a `500` whose JSON body names the closest
//! interaction and its mismatches. Request bodies over 16 MiB get a `413`. `tracing`
//! logs matched and unexpected requests at DEBUG and whole exchanges (request and
//! response, with bodies) at TRACE. The values of `Authorization` and
//! `Proxy-Authorization` show as `***` there and in the `500` body, which echoes the
//! request.
//!
//! # The failure report
//! [`MockServer::finish`] fails with [`MockServerError::Verification`], whose
//! [`MockServerReport`] displays every problem: each interaction never received with the
//! request it describes, and each unexpected request with the closest interaction, the
//! location, rule, expected and found of each mismatch, and a line diff of the bodies:
//!
//! ```text
//! mock server http://127.0.0.1:PORT failed verification (2 problems):
//!   expected request was not received: "a request for user 42" (given "user 42 exists")
//!     request: GET /users/42?fields=name
//!   unexpected request: POST /users
//!     closest: interaction "a request to create Alice" (given "no users"):
//!       $.name  expected "Alice", found "Bob"
//!       body diff of the mismatches (-expected, +actual):
//!         --- expected
//!         +++ actual
//!         @@ -1,4 +1,4 @@
//!          {
//!         -  "name": "Alice",
//!         +  "name": "Bob",
//!            "role": "admin"
//!          }
//! ```
//!
//! The report also lists warnings, which fail nothing: matching rules of a mounted
//! interaction whose paths select nothing in its request or response body (see
//! [`matching`](crate::matching#rule-paths-that-select-nothing)). They are logged with
//! `tracing::warn!` when the interaction is mounted, and shown by the report's `Display`
//! whether or not anything failed.
//!
//! A test that failed on its own ends its server with [`MockServer::abandon`]: no check,
//! no pact, no panic, and the report for the harness to show.
//!
//! # Pact files
//! A pact is written only by a successful [`MockServer::finish`] (or the `Drop` of a
//! server whose check passed), never for a failed test, to
//! `{output dir}/{consumer}-{provider}.json`. It merges into an existing file: parallel
//! tests and parallel test binaries writing the same file lose nothing (the file is
//! locked, read, merged, and replaced through a temporary file). An interaction with the
//! same description and provider states as one in the file but other content is an error
//! ([`MockServerError::Write`] naming the file), never a silent overwrite; so are two such
//! interactions in one test, a file of other pacticipants whose names map to the same
//! file name, and a file of another specification version. In overwrite mode the file is
//! replaced by the first write of the run and merged into afterwards. A run is all the
//! test binaries one `cargo test` or `cargo nextest run` starts, told apart by their
//! parent process (on Linux its id and start time, on other Unix its id; elsewhere each
//! process counts as a run). Overwrite mode records the run in a hidden `.pact-run` file
//! in the output directory; merge mode leaves nothing beside the pact.
//!
//! # Environment switches
//! Read once per process, when the first server starts, and parsed strictly: an invalid
//! value fails every server's start with [`MockServerError::Env`] naming the variable.
//! Builder options take precedence. An empty value counts as unset.
//!
//! | Variable | Values | Default |
//! |---|---|---|
//! | `PACT_OUTPUT_DIR` | a directory | `target/pacts` (relative to the working directory, the package's under `cargo test`) |
//! | `PACT_OVERWRITE` | `true`/`1`: overwrite mode (the run's first write replaces the file), `false`/`0`: merge | merge |
//!
//! [`EnvConfig`] is the parsed form; [`MockServerBuilder::env_config`] passes one
//! explicitly instead of the process environment.

mod builder;
pub(crate) mod cors;
mod env;
mod error;
mod host;
mod journal;
// Shared with message pacts (`crate::message`), which are written the same way.
pub(crate) mod pact_write;
pub(crate) mod report;
mod serve;
pub(crate) mod tls;
pub(crate) mod wire;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::watch;

use crate::model::{HttpInteraction, Interaction, Pact, SpecVersion};
pub(crate) use builder::DEFAULT_OUTPUT_DIR;
pub use builder::MockServerBuilder;
pub use env::{EnvConfig, EnvError, OUTPUT_DIR_ENV, OVERWRITE_ENV};
pub use error::MockServerError;
pub use report::{
    ClosestInteraction, FailedResponse, MissingInteraction, MockServerReport, UnexpectedRequest,
};
use serve::Shared;
pub use tls::TlsError;

/// The pact file a successful [`MockServer::finish`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PactFile {
    /// Where it is.
    pub path: PathBuf,
}

/// What a client needs to trust a TLS server.
#[derive(Debug)]
struct TlsTrust {
    ca_pem: String,
    client_config: Arc<rustls::ClientConfig>,
}

/// A running mock provider for one consumer–provider pair.
///
/// Mount interactions with [`Interaction::mount`](crate::consumer::Interaction::mount),
/// point the client under test at [`url`](MockServer::url), then call
/// [`finish`](MockServer::finish). Dropping the server without `finish` runs the same
/// check and panics with the report if it fails (unless the thread is already panicking,
/// in which case nothing is written and the report, when it is not empty, goes to
/// standard error beside the test's own panic).
///
/// ```no_run
/// use pact_runtime::consumer::{Interaction, Request, Response};
/// use pact_runtime::mock_server::MockServer;
/// use pact_runtime::model::Pact;
///
/// let server = MockServer::builder(Pact::new("web-app", "user-service"))
///     .output_dir("target/pacts")
///     .start()?;
/// Interaction::new("a health check")
///     .request(Request::get("/health"))
///     .response(Response::ok())
///     .mount(&server);
/// // … the client under test calls server.url_for("/health") …
/// let pact = server.finish()?;
/// println!("wrote {}", pact.path.display());
/// # Ok::<(), pact_runtime::mock_server::MockServerError>(())
/// ```
#[derive(Debug)]
#[must_use = "a mock server verifies and writes its pact on `finish`; dropping it at once fails the test"]
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    /// For a server on a chosen port (always on the shared runtime): hears when it has stopped
    /// serving, so the port is free once `finish` returns. (In a mutex only because a
    /// receiver is not `Sync` and the server must be; it is only ever used through
    /// `&mut self`.)
    stopped: Option<std::sync::Mutex<std::sync::mpsc::Receiver<()>>>,
    /// The pact's names and metadata, and any non-HTTP interactions it came with.
    pact: Pact,
    output_dir: PathBuf,
    spec_version: SpecVersion,
    overwrite: bool,
    tls: Option<TlsTrust>,
    finished: bool,
}

impl MockServer {
    /// Starts a server with the default options (see [`MockServerBuilder`]).
    ///
    /// # Panics
    /// When the server cannot start (no free port, an invalid environment switch): there
    /// is nothing a test can do without it. Use [`MockServer::builder`] for a `Result`.
    pub fn start(pact: Pact) -> MockServer {
        match MockServer::builder(pact).start() {
            Ok(server) => server,
            Err(error) => panic!("{error}"),
        }
    }

    /// Options for a server writing `pact`.
    pub fn builder(pact: Pact) -> MockServerBuilder {
        MockServerBuilder::new(pact)
    }

    /// The base URL: `http://127.0.0.1:PORT`, or `https://…` for a TLS server.
    pub fn url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The URL of `path` on this server (`/users/42` → `http://127.0.0.1:PORT/users/42`).
    pub fn url_for(&self, path: &str) -> String {
        let slash = if path.starts_with('/') { "" } else { "/" };
        format!("{}{slash}{path}", self.shared.base_url)
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.addr
    }

    /// The directory the pact will be written to.
    pub fn output_dir(&self) -> &Path {
        &self.output_dir
    }

    /// For a TLS server, the PEM of the certificate authority that signed its certificate:
    /// what a client under test adds to its trusted roots. `None` without TLS.
    pub fn ca_pem(&self) -> Option<&str> {
        self.tls.as_ref().map(|tls| tls.ca_pem.as_str())
    }

    /// For a TLS server, a rustls client configuration that trusts exactly this server's
    /// authority (ring provider, no client certificate), ready for hyper-rustls or
    /// tokio-rustls. `None` without TLS.
    pub fn tls_client_config(&self) -> Option<rustls::ClientConfig> {
        self.tls.as_ref().map(|tls| (*tls.client_config).clone())
    }

    /// Registers an interaction in model form (what
    /// [`Interaction::mount`](crate::consumer::Interaction::mount) does).
    pub fn mount(&self, interaction: HttpInteraction) {
        tracing::debug!(addr = %self.addr, interaction = %interaction.common.description, "mounted");
        let mut journal = self.shared.journal();
        for warning in journal.mount(interaction) {
            tracing::warn!(addr = %self.addr, "{warning}");
        }
    }

    /// What went wrong so far (empty when every mounted interaction was received and
    /// nothing else was).
    pub fn report(&self) -> MockServerReport {
        let stopped_early = self
            .shared
            .stopped_early
            .load(std::sync::atomic::Ordering::Relaxed);
        self.shared
            .journal()
            .report(&self.shared.base_url, stopped_early)
    }

    /// Stops the server, checks that every mounted interaction was received and that no
    /// other request came, then writes the pact.
    ///
    /// # Errors
    /// [`MockServerError::Verification`] with the report when the check fails (no pact is
    /// written), [`MockServerError::Write`] when the pact cannot be written (among others,
    /// when the file holds the same interaction with other content).
    pub fn finish(mut self) -> Result<PactFile, MockServerError> {
        self.finished = true;
        self.complete()
    }

    /// Stops the server without checking it and without writing the pact, and returns
    /// what it saw go wrong so far. For a test that failed on its own: nothing may be
    /// written for it, and the `Drop` check must not panic on top of its failure. The
    /// report often explains the failure (the client got a `500` for an unexpected
    /// request), so a harness shows it beside the test's own panic.
    ///
    /// ```no_run
    /// use pact_runtime::mock_server::MockServer;
    /// use pact_runtime::model::Pact;
    ///
    /// let server = MockServer::start(Pact::new("web-app", "user-service"));
    /// let test_body_passed = false;
    /// if !test_body_passed {
    ///     let report = server.abandon();
    ///     if !report.is_empty() {
    ///         eprintln!("{report}");
    ///     }
    /// }
    /// ```
    pub fn abandon(mut self) -> MockServerReport {
        self.finished = true;
        self.stop();
        self.report()
    }

    fn stop(&mut self) {
        self.shutdown.send_replace(true);
        if let Some(stopped) = self.stopped.take()
            && stopped
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .recv()
                .is_err()
        {
            tracing::debug!(addr = %self.addr, "mock server task ended without a word (panicked, or its runtime stopped)");
        }
    }

    fn complete(&mut self) -> Result<PactFile, MockServerError> {
        self.stop();
        let report = self.report();
        if !report.is_empty() {
            return Err(MockServerError::Verification(Box::new(report)));
        }
        // The server is done: its pact and interactions are moved into the file, not copied
        // (a large example body would otherwise be cloned just to be written).
        let mut pact = std::mem::take(&mut self.pact);
        let mounted = self.shared.journal().take_interactions();
        pact.interactions
            .splice(0..0, mounted.into_iter().map(Interaction::Http));
        let path = pact_write::write(&pact, &self.output_dir, self.spec_version, self.overwrite)?;
        Ok(PactFile { path })
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if std::thread::panicking() {
            // Nothing is written for a failed test, but what the server saw often explains
            // the failure (the client got a 500 for an unexpected request): show it.
            self.stop();
            let report = self.report();
            if !report.is_empty() {
                eprintln!("{report}");
            }
            return;
        }
        if let Err(error) = self.complete() {
            // Drop cannot point at the test's line: say which server and why it was checked.
            panic!(
                "mock server {} dropped without finish(), so it was checked on drop: {error}",
                self.shared.base_url
            );
        }
    }
}
