//! The consumer's mock provider: an HTTP server on `127.0.0.1:0` that answers requests
//! matching the mounted interactions with their responses, records everything else, and,
//! at [`MockServer::finish`], checks it saw exactly what was mounted and writes the pact.
//!
//! Every server has its own port and journal, so tests using several servers run in
//! parallel. Inside a multi-thread Tokio runtime the server is a task on that runtime;
//! anywhere else (no runtime, or a current-thread runtime, whose only thread the test
//! blocks) it runs on a thread of its own, so a blocking client cannot deadlock it.

mod journal;
mod report;
mod serve;
mod wire;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::watch;

use crate::consumer::ConsumerError;
use crate::model::{self, HttpInteraction, Interaction, Pact, SpecVersion, WriteMode};
use journal::Journal;
pub use report::{ClosestInteraction, MissingInteraction, MockServerReport, UnexpectedRequest};

/// Environment variable naming the directory pacts are written to (read when a server
/// starts; `target/pacts` when unset).
pub const OUTPUT_DIR_ENV: &str = "PACT_OUTPUT_DIR";

/// The pact file a successful [`MockServer::finish`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PactFile {
    /// Where it is.
    pub path: PathBuf,
}

/// Options for a [`MockServer`]: where the pact goes, in which specification version, and
/// whether it merges with an existing file.
#[derive(Debug, Clone)]
#[must_use = "the server only runs once `start` is called"]
pub struct MockServerBuilder {
    pact: Pact,
    output_dir: Option<PathBuf>,
    spec_version: SpecVersion,
    write_mode: WriteMode,
}

impl MockServerBuilder {
    /// The directory the pact is written to (default: `$PACT_OUTPUT_DIR`, else
    /// `target/pacts`).
    pub fn output_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.output_dir = Some(dir.into());
        self
    }

    /// The specification version of the written pact (default V4).
    pub fn spec_version(mut self, version: SpecVersion) -> Self {
        self.spec_version = version;
        self
    }

    /// Whether the pact merges into an existing file or replaces it (default: merge).
    pub fn write_mode(mut self, mode: WriteMode) -> Self {
        self.write_mode = mode;
        self
    }

    /// Binds `127.0.0.1` on a free port and starts serving. HTTP interactions already in
    /// the pact are mounted, in order.
    ///
    /// # Errors
    /// [`ConsumerError::Bind`] when no port can be bound, [`ConsumerError::Runtime`] when
    /// the server's own runtime or thread cannot be created.
    pub fn start(self) -> Result<MockServer, ConsumerError> {
        let output_dir = self.output_dir.unwrap_or_else(default_output_dir);
        let std_listener =
            std::net::TcpListener::bind(("127.0.0.1", 0)).map_err(ConsumerError::Bind)?;
        std_listener
            .set_nonblocking(true)
            .map_err(ConsumerError::Bind)?;
        let addr = std_listener.local_addr().map_err(ConsumerError::Bind)?;

        let mut pact = self.pact;
        let mut journal = Journal::default();
        let (http, others): (Vec<_>, Vec<_>) = std::mem::take(&mut pact.interactions)
            .into_iter()
            .partition(|i| matches!(i, Interaction::Http(_)));
        for interaction in http {
            if let Interaction::Http(interaction) = interaction {
                journal.mount(interaction);
            }
        }
        pact.interactions = others;
        let journal = Arc::new(Mutex::new(journal));
        let (shutdown, shutdown_rx) = watch::channel(false);

        let thread = match Handle::try_current() {
            Ok(handle) if handle.runtime_flavor() == RuntimeFlavor::MultiThread => {
                let listener = {
                    let _context = handle.enter();
                    tokio::net::TcpListener::from_std(std_listener).map_err(ConsumerError::Bind)?
                };
                handle.spawn(serve::serve(listener, Arc::clone(&journal), shutdown_rx));
                None
            }
            _ => Some(spawn_thread(
                std_listener,
                Arc::clone(&journal),
                shutdown_rx,
                addr,
            )?),
        };
        tracing::debug!(%addr, consumer = %pact.consumer, provider = %pact.provider, "mock server started");
        Ok(MockServer {
            addr,
            journal,
            shutdown,
            thread,
            pact,
            output_dir,
            spec_version: self.spec_version,
            write_mode: self.write_mode,
            finished: false,
        })
    }
}

fn default_output_dir() -> PathBuf {
    std::env::var_os(OUTPUT_DIR_ENV)
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| PathBuf::from("target/pacts"), PathBuf::from)
}

/// Runs the server on a thread with its own current-thread runtime.
fn spawn_thread(
    std_listener: std::net::TcpListener,
    journal: Arc<Mutex<Journal>>,
    shutdown: watch::Receiver<bool>,
    addr: SocketAddr,
) -> Result<std::thread::JoinHandle<()>, ConsumerError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ConsumerError::Runtime)?;
    let listener = {
        let _context = runtime.enter();
        tokio::net::TcpListener::from_std(std_listener)
    };
    let listener = match listener {
        Ok(listener) => listener,
        Err(error) => {
            // Dropping a runtime inside the caller's async context would panic.
            runtime.shutdown_background();
            return Err(ConsumerError::Bind(error));
        }
    };
    std::thread::Builder::new()
        .name(format!("pact-mock-server-{}", addr.port()))
        .spawn(move || runtime.block_on(serve::serve(listener, journal, shutdown)))
        .map_err(ConsumerError::Runtime)
}

/// A running mock provider for one consumer–provider pair.
///
/// Mount interactions with [`Interaction::mount`](crate::consumer::Interaction::mount),
/// point the client under test at [`url`](MockServer::url), then call
/// [`finish`](MockServer::finish). Dropping the server without `finish` runs the same
/// check and panics with the report if it fails (unless the thread is already panicking,
/// in which case nothing is written).
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
/// # Ok::<(), pact_runtime::consumer::ConsumerError>(())
/// ```
#[derive(Debug)]
#[must_use = "a mock server verifies and writes its pact on `finish`; dropping it at once fails the test"]
pub struct MockServer {
    addr: SocketAddr,
    journal: Arc<Mutex<Journal>>,
    shutdown: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The pact's names and metadata, and any non-HTTP interactions it came with.
    pact: Pact,
    output_dir: PathBuf,
    spec_version: SpecVersion,
    write_mode: WriteMode,
    finished: bool,
}

impl MockServer {
    /// Starts a server with the default options (see [`MockServerBuilder`]).
    ///
    /// # Panics
    /// When the server cannot start (no free port, no thread): there is nothing a test can
    /// do without it. Use [`MockServer::builder`] for a `Result`.
    pub fn start(pact: Pact) -> MockServer {
        match MockServer::builder(pact).start() {
            Ok(server) => server,
            Err(error) => panic!("{error}"),
        }
    }

    /// Options for a server writing `pact`.
    pub fn builder(pact: Pact) -> MockServerBuilder {
        MockServerBuilder {
            pact,
            output_dir: None,
            spec_version: SpecVersion::V4,
            write_mode: WriteMode::Merge,
        }
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The URL of `path` on this server (`/users/42` → `http://127.0.0.1:PORT/users/42`).
    pub fn url_for(&self, path: &str) -> String {
        let slash = if path.starts_with('/') { "" } else { "/" };
        format!("http://{}{slash}{path}", self.addr)
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.addr
    }

    /// The directory the pact will be written to.
    pub fn output_dir(&self) -> &Path {
        &self.output_dir
    }

    /// Registers an interaction in model form (what
    /// [`Interaction::mount`](crate::consumer::Interaction::mount) does).
    pub fn mount(&self, interaction: HttpInteraction) {
        tracing::debug!(addr = %self.addr, interaction = %interaction.common.description, "mounted");
        serve::lock(&self.journal).mount(interaction);
    }

    /// What went wrong so far (empty when every mounted interaction was received and
    /// nothing else was).
    pub fn report(&self) -> MockServerReport {
        serve::lock(&self.journal).report(&self.url())
    }

    /// Stops the server, checks that every mounted interaction was received and that no
    /// other request came, then writes the pact.
    ///
    /// # Errors
    /// [`ConsumerError::Verification`] with the report when the check fails (no pact is
    /// written), [`ConsumerError::Write`] when the pact cannot be written.
    pub fn finish(mut self) -> Result<PactFile, ConsumerError> {
        self.finished = true;
        self.complete()
    }

    fn stop(&mut self) {
        self.shutdown.send_replace(true);
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::debug!(addr = %self.addr, "mock server thread panicked");
        }
    }

    fn complete(&mut self) -> Result<PactFile, ConsumerError> {
        self.stop();
        let report = self.report();
        if !report.is_empty() {
            return Err(ConsumerError::Verification(report));
        }
        let mut pact = self.pact.clone();
        let mounted: Vec<Interaction> = serve::lock(&self.journal)
            .interactions()
            .cloned()
            .map(Interaction::Http)
            .collect();
        pact.interactions.splice(0..0, mounted);
        let path = model::file::write(&pact, &self.output_dir, self.spec_version, self.write_mode)?;
        tracing::debug!(path = %path.display(), "pact written");
        Ok(PactFile { path })
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if std::thread::panicking() {
            self.stop();
            return;
        }
        if let Err(error) = self.complete() {
            panic!("{error}");
        }
    }
}
