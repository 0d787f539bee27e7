//! The server's options and its start: bind, optional TLS, then serve on the caller's
//! runtime or on the shared server runtime.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, mpsc};

use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::watch;
use tracing::Instrument;

use super::MockServerError;
use super::env::EnvConfig;
use super::journal::Journal;
use super::serve::{self, Shared};
use super::{MockServer, TlsTrust, host, tls};
use crate::model::{Interaction, Pact, SpecVersion, WriteMode};

/// The default pact directory, relative to the working directory (the package's directory
/// under `cargo test`).
pub(crate) const DEFAULT_OUTPUT_DIR: &str = "target/pacts";

/// Options for a [`MockServer`]: port, TLS, CORS, and where and how the pact is written.
/// Options set here take precedence over the environment switches (see
/// [`EnvConfig`]).
///
/// ```no_run
/// use pact_runtime::mock_server::MockServer;
/// use pact_runtime::model::{Pact, WriteMode};
///
/// let server = MockServer::builder(Pact::new("web-app", "user-service"))
///     .tls()
///     .cors()
///     .write_mode(WriteMode::Overwrite)
///     .start()?;
/// assert!(server.url().starts_with("https://127.0.0.1:"));
/// # server.abandon();
/// # Ok::<(), pact_runtime::mock_server::MockServerError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "the server only runs once `start` is called"]
pub struct MockServerBuilder {
    pact: Pact,
    output_dir: Option<PathBuf>,
    spec_version: SpecVersion,
    write_mode: Option<WriteMode>,
    port: u16,
    tls: bool,
    cors: bool,
    env: Option<EnvConfig>,
}

impl MockServerBuilder {
    pub(super) fn new(pact: Pact) -> Self {
        MockServerBuilder {
            pact,
            output_dir: None,
            spec_version: SpecVersion::V4,
            write_mode: None,
            port: 0,
            tls: false,
            cors: false,
            env: None,
        }
    }

    /// The directory the pact is written to (default: `$PACT_OUTPUT_DIR`, else
    /// `target/pacts`); created when missing.
    pub fn output_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.output_dir = Some(dir.into());
        self
    }

    /// The specification version of the written pact (default V4).
    pub fn spec_version(mut self, version: SpecVersion) -> Self {
        self.spec_version = version;
        self
    }

    /// Whether the pact merges into an existing file (the default) or replaces it. In
    /// [`WriteMode::Overwrite`] the file is replaced by the first write of the test run
    /// and merged into afterwards, so the tests of every test binary of one `cargo test`
    /// add up instead of replacing each other (see
    /// [`crate::model::file::write_once_per_run`]; where the run cannot be told, each
    /// process's first write replaces it). Default: `$PACT_OVERWRITE`, else merge.
    pub fn write_mode(mut self, mode: WriteMode) -> Self {
        self.write_mode = Some(mode);
        self
    }

    /// Listens on this port of `127.0.0.1` instead of a free one the system picks.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Serves HTTPS with a certificate for `localhost` and `127.0.0.1`, signed by an
    /// authority generated for this server. Clients trust it through
    /// [`MockServer::ca_pem`] or [`MockServer::tls_client_config`].
    pub fn tls(mut self) -> Self {
        self.tls = true;
        self
    }

    /// Answers CORS pre-flight requests (`OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`) with `204` and permissive `Access-Control-Allow-*`
    /// headers, without recording them, and adds `Access-Control-Allow-Origin` to every
    /// response. A mounted interaction that matches a pre-flight still wins.
    pub fn cors(mut self) -> Self {
        self.cors = true;
        self
    }

    /// Uses these switches instead of the process environment (tests of the switches,
    /// harnesses with their own configuration).
    pub fn env_config(mut self, config: EnvConfig) -> Self {
        self.env = Some(config);
        self
    }

    /// Binds `127.0.0.1` and starts serving. HTTP interactions already in the pact are
    /// mounted, in order.
    ///
    /// # Errors
    /// [`MockServerError::Env`] when an environment switch is invalid,
    /// [`MockServerError::Bind`] when the port cannot be bound, [`MockServerError::Tls`] when
    /// the certificate cannot be made, [`MockServerError::Runtime`] when the server's own
    /// runtime or thread cannot be created.
    pub fn start(self) -> Result<MockServer, MockServerError> {
        let env = match self.env {
            Some(env) => env,
            None => EnvConfig::from_env().map_err(MockServerError::Env)?,
        };
        let output_dir = self
            .output_dir
            .or(env.output_dir)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_OUTPUT_DIR));
        let overwrite = match self.write_mode {
            Some(WriteMode::Overwrite) => true,
            Some(WriteMode::Merge) => false,
            None => env.overwrite.unwrap_or(false),
        };

        let asked = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let bind_err = |source| MockServerError::Bind {
            address: asked,
            source,
        };
        let std_listener = std::net::TcpListener::bind(asked).map_err(bind_err)?;
        std_listener.set_nonblocking(true).map_err(bind_err)?;
        let addr = std_listener.local_addr().map_err(bind_err)?;

        let tls = if self.tls {
            Some(tls::generate().map_err(MockServerError::Tls)?)
        } else {
            None
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let base_url = format!("{scheme}://{addr}");

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
        let chosen_port = self.port != 0;
        let shared = Arc::new(Shared {
            journal: Mutex::new(journal),
            base_url,
            cors: self.cors,
            keep_alive: !chosen_port,
            stopped_early: AtomicBool::new(false),
        });
        let (shutdown, shutdown_rx) = watch::channel(false);
        let (acceptor, trust) = match tls {
            Some(tls) => (
                Some(tls.acceptor),
                Some(TlsTrust {
                    ca_pem: tls.ca_pem,
                    client_config: tls.client_config,
                }),
            ),
            None => (None, None),
        };

        // On the caller's multi-thread runtime when there is one; anywhere else (no
        // runtime, or a current-thread runtime whose only thread a blocking client would
        // block) on the process's shared server runtime. A chosen port goes there too:
        // the next test on that port asks for it as soon as this one ends, so `finish`
        // waits until it is free, which it may not do on the caller's runtime (it could
        // block the very worker the serving task needs). An ephemeral port is not waited
        // for: nobody asks for it again, and the wait would cost every test a round trip
        // between threads.
        let handle = match Handle::try_current() {
            Ok(handle) if handle.runtime_flavor() == RuntimeFlavor::MultiThread && !chosen_port => {
                handle
            }
            _ => host::handle().map_err(MockServerError::Runtime)?,
        };
        let listener = {
            let _context = handle.enter();
            tokio::net::TcpListener::from_std(std_listener).map_err(bind_err)?
        };
        let serving = serve::serve(listener, Arc::clone(&shared), acceptor, shutdown_rx)
            .instrument(tracing::debug_span!("mock_server", url = %shared.base_url));
        let stopped = if chosen_port {
            let (stopped_tx, stopped) = mpsc::sync_channel(1);
            handle.spawn(async move {
                serving.await;
                let _ = stopped_tx.send(());
            });
            Some(Mutex::new(stopped))
        } else {
            handle.spawn(serving);
            None
        };
        tracing::debug!(url = %shared.base_url, consumer = %pact.consumer, provider = %pact.provider, "mock server started");
        Ok(MockServer {
            addr,
            shared,
            shutdown,
            stopped,
            pact,
            output_dir,
            spec_version: self.spec_version,
            overwrite,
            tls: trust,
            finished: false,
        })
    }
}
