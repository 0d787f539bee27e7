//! A stub provider: an HTTP server that answers requests from one or more pacts, without
//! recording or verifying anything (what `pact stub` serves, and what a consumer's other
//! tests or a client of the Pact Broker can run against).
//!
//! Each request is answered with the response of the interaction chosen as the
//! [`route`](self#choosing-the-interaction) section says, generators applied as the mock
//! server applies them (`MockServerURL` gives this server's URL). A request no interaction
//! answers gets a `404` whose JSON body shows the request as understood and the closest
//! interaction with its mismatches; a response whose generators fail gets a `500` saying
//! why. Only HTTP interactions are served; message interactions in the pacts are ignored.
//!
//! The server is a task on the caller's Tokio runtime ([`StubServerBuilder::start`] is
//! `async` for that reason) and stops when its [`StubServer`] is dropped.
//!
//! With [`StubServerBuilder::record_requests`], the stub also keeps every request it
//! received, with the interaction that answered it ([`StubServer::received_requests`]): for
//! a test that must check what a client sent, such as the verification results a verifier
//! publishes to a stub standing in for the Pact Broker. It is off by default, since a
//! long-running stub would otherwise hold every request body it ever served.
//!
//! # Choosing the interaction
//! The first interaction, in the order the pacts were given and then in file order, whose
//! request matches and whose provider states pass the filters:
//! [`StubServerBuilder::provider_state`] (a regular expression searched in each state's
//! name; stateless interactions pass only with
//! [`include_empty_provider_state`](StubServerBuilder::include_empty_provider_state)),
//! and, per request, the header named by
//! [`provider_state_header`](StubServerBuilder::provider_state_header) (a state of exactly
//! that name). The order is what makes the answer the same on every run when several
//! interactions share a request and differ by provider state, as the Pact Broker's own
//! pacts do for its index resource.
//!
//! ```no_run
//! use pact_runtime::stub::StubServer;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let pact = pact_runtime::model::file::load("pacts/web-app-user-service.json")?;
//! let stub = StubServer::builder([pact])
//!     .provider_state("^user 42 exists$")
//!     .cors()
//!     .start()
//!     .await?;
//! println!("stub provider at {}", stub.url());
//! # Ok(()) }
//! ```

mod route;
mod serve;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::watch;
use tracing::Instrument;

use crate::mock_server::TlsError;
use crate::model::{HttpRequest, Interaction, Pact};
use route::Router;

/// A request a stub received (see [`StubServerBuilder::record_requests`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The request as the stub read it: method, path, query, headers and body (JSON when
    /// its content type says so, as the matching engine reads it).
    pub request: HttpRequest,
    /// The description of the interaction whose response answered it; `None` when none
    /// did (the `404`, or a CORS pre-flight answered by the stub itself).
    pub interaction: Option<String>,
    /// The status code of the answer.
    pub status: u16,
}

/// The requests a recording stub received, shared by its connections and its handle.
pub(crate) type Journal = Arc<Mutex<Vec<ReceivedRequest>>>;

/// Why a stub server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StubError {
    /// The port could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The TLS certificate could not be made.
    #[error(transparent)]
    Tls(#[from] TlsError),
    /// The provider-state filter is not a valid regular expression.
    #[error("invalid provider-state filter /{pattern}/: {message}")]
    InvalidFilter {
        /// The pattern as given.
        pattern: String,
        /// The regex error.
        message: String,
    },
    /// The provider-state header name is not a valid header name.
    #[error("invalid provider-state header name {0:?}")]
    InvalidHeaderName(String),
    /// `start` was called outside a Tokio runtime.
    #[error("a stub server runs on the caller's Tokio runtime; start it from async code")]
    NoRuntime,
}

/// Options for a [`StubServer`]: the pacts, port, TLS, CORS, provider-state filters.
#[derive(Debug, Clone)]
#[must_use = "the stub only runs once `start().await` is called"]
pub struct StubServerBuilder {
    pacts: Vec<Pact>,
    port: u16,
    tls: bool,
    cors: bool,
    provider_state: Option<String>,
    include_empty_provider_state: bool,
    provider_state_header: Option<String>,
    served_as_own_url: Vec<String>,
    record_requests: bool,
}

impl StubServerBuilder {
    /// Listens on this port of `127.0.0.1` instead of a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Serves HTTPS with a certificate for `localhost` and `127.0.0.1` signed by an
    /// authority generated for this server ([`StubServer::ca_pem`]).
    pub fn tls(mut self) -> Self {
        self.tls = true;
        self
    }

    /// Answers CORS pre-flights that no interaction matches, and allows any origin (as
    /// [`MockServerBuilder::cors`](crate::mock_server::MockServerBuilder::cors)).
    pub fn cors(mut self) -> Self {
        self.cors = true;
        self
    }

    /// Serves only interactions with a provider state whose name this regular
    /// expression finds a match in (`"^user 42 exists$"` for one exact state).
    pub fn provider_state(mut self, pattern: impl Into<String>) -> Self {
        self.provider_state = Some(pattern.into());
        self
    }

    /// With [`provider_state`](Self::provider_state): serves interactions without
    /// provider states too.
    pub fn include_empty_provider_state(mut self) -> Self {
        self.include_empty_provider_state = true;
        self
    }

    /// A request carrying this header is answered only by interactions with a provider
    /// state of exactly the header's value (a client choosing the state per request).
    pub fn provider_state_header(mut self, name: impl Into<String>) -> Self {
        self.provider_state_header = Some(name.into());
        self
    }

    /// Serves this URL prefix, wherever it appears in a response's headers or body, as
    /// the stub's own URL. For pacts recorded against a mock server on a fixed address
    /// (`http://localhost:1234`) whose links point back at it; the links' matching rules
    /// usually allow any URL, so the stub's own is as valid an example.
    pub fn serve_as_own_url(mut self, prefix: impl Into<String>) -> Self {
        self.served_as_own_url.push(prefix.into());
        self
    }

    /// Keeps every request received, in arrival order, with the interaction that answered
    /// it, for [`StubServer::received_requests`]. Off by default: a stub serving for hours
    /// would hold every body it was sent.
    pub fn record_requests(mut self) -> Self {
        self.record_requests = true;
        self
    }

    /// Binds `127.0.0.1` and serves on the current Tokio runtime.
    ///
    /// # Errors
    /// [`StubError::NoRuntime`] outside a runtime, [`StubError::Bind`],
    /// [`StubError::Tls`], [`StubError::InvalidFilter`], [`StubError::InvalidHeaderName`].
    pub async fn start(self) -> Result<StubServer, StubError> {
        let handle = tokio::runtime::Handle::try_current().map_err(|_| StubError::NoRuntime)?;
        let state_filter = self
            .provider_state
            .as_deref()
            .map(|pattern| {
                regex::Regex::new(pattern).map_err(|error| StubError::InvalidFilter {
                    pattern: pattern.to_owned(),
                    message: error.to_string(),
                })
            })
            .transpose()?;
        let state_header = self
            .provider_state_header
            .as_deref()
            .map(|name| {
                http::HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| StubError::InvalidHeaderName(name.to_owned()))
            })
            .transpose()?;
        let interactions = self
            .pacts
            .into_iter()
            .flat_map(|pact| pact.interactions)
            .filter_map(|interaction| match interaction {
                Interaction::Http(http) => Some(http),
                _ => None,
            })
            .collect();
        let router = Router::new(
            interactions,
            state_filter,
            self.include_empty_provider_state,
        );

        let asked = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let bind_err = |source| StubError::Bind {
            address: asked,
            source,
        };
        let listener = {
            let _context = handle.enter();
            tokio::net::TcpListener::bind(asked)
                .await
                .map_err(bind_err)?
        };
        let addr = listener.local_addr().map_err(bind_err)?;
        let tls = if self.tls {
            Some(crate::mock_server::tls::generate()?)
        } else {
            None
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let base_url = format!("{scheme}://{addr}");
        tracing::debug!(url = %base_url, interactions = router.len(), "stub server started");
        let journal: Option<Journal> = self.record_requests.then(Journal::default);
        let shared = Arc::new(serve::Shared {
            router,
            base_url: base_url.clone(),
            cors: self.cors,
            state_header,
            own_url_prefixes: self.served_as_own_url,
            journal: journal.clone(),
        });
        let (shutdown, shutdown_rx) = watch::channel(false);
        let (acceptor, ca_pem, client_config) = match tls {
            Some(tls) => (
                Some(tls.acceptor),
                Some(tls.ca_pem),
                Some(tls.client_config),
            ),
            None => (None, None, None),
        };
        handle.spawn(
            serve::serve(listener, shared, acceptor, shutdown_rx)
                .instrument(tracing::debug_span!("stub_server", url = %base_url)),
        );
        Ok(StubServer {
            addr,
            base_url,
            shutdown,
            ca_pem,
            client_config,
            journal,
        })
    }
}

/// A running stub provider; it stops when dropped.
#[derive(Debug)]
#[must_use = "the stub stops serving when dropped"]
pub struct StubServer {
    addr: SocketAddr,
    base_url: String,
    shutdown: watch::Sender<bool>,
    ca_pem: Option<String>,
    client_config: Option<Arc<rustls::ClientConfig>>,
    journal: Option<Journal>,
}

impl StubServer {
    /// Options for a stub serving `pacts` (see the [module docs](self)).
    pub fn builder(pacts: impl IntoIterator<Item = Pact>) -> StubServerBuilder {
        StubServerBuilder {
            pacts: pacts.into_iter().collect(),
            port: 0,
            tls: false,
            cors: false,
            provider_state: None,
            include_empty_provider_state: false,
            provider_state_header: None,
            served_as_own_url: Vec::new(),
            record_requests: false,
        }
    }

    /// The base URL: `http://127.0.0.1:PORT`, or `https://…` with TLS.
    pub fn url(&self) -> &str {
        &self.base_url
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.addr
    }

    /// With TLS, the PEM of the authority that signed the server's certificate.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// With TLS, a rustls client configuration trusting exactly this server.
    pub fn tls_client_config(&self) -> Option<rustls::ClientConfig> {
        self.client_config.as_deref().cloned()
    }

    /// The requests received so far, in arrival order, each with the interaction that
    /// answered it. Always empty unless the stub was built with
    /// [`record_requests`](StubServerBuilder::record_requests). A request is recorded once
    /// its answer is ready, so one whose response the client has read is always there.
    pub fn received_requests(&self) -> Vec<ReceivedRequest> {
        self.journal.as_ref().map_or_else(Vec::new, |journal| {
            journal
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
        })
    }
}

impl Drop for StubServer {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}
