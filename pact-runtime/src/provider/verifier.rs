//! The [`Verifier`] builder: what to verify against, and the user's code that runs around
//! each interaction. The verification loop itself is in `run.rs`
//! ([`Verifier::verify`]) and the test trials in `trials.rs` ([`Verifier::trials`]), each
//! beside the code it runs, so the builder depends on neither.

use std::collections::HashMap;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::filter::FilterPatterns;
use super::hooks::{Hook, HookContext, RequestFilter};
use super::hooks::{IntoFilterResult, IntoHookResult, Next};
use super::message::{MessageProducer, Producer, SyncMessageProducer};
use super::state::{Fallback, IntoStateResult, StateChangeUrl, StateEntry};
use super::tls::TlsOptions;
use crate::model::ProviderState;

/// How long to wait for each response unless [`Verifier::timeout`] says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Verifies that a running provider honours its pacts.
///
/// Built with named methods, then run with [`verify`](Self::verify) on the caller's Tokio
/// runtime (the time driver must be enabled, as `#[tokio::test]` does). `verify` returns a
/// [`VerificationReport`](super::VerificationReport) and never fails or panics itself (Pact Go's
/// `VerifyProviderRaw`); [`VerificationReport::assert_ok`](super::VerificationReport::assert_ok) is the test-side verdict.
///
/// ```no_run
/// use std::time::Duration;
/// use pact_runtime::provider::{PactSource, Verifier};
///
/// # async fn run() {
/// let report = Verifier::new("user-service", "http://127.0.0.1:8080")
///     .state_with_teardown(
///         "user 42 exists",
///         async |state| { let _ = state.params; },
///         async |_state| {},
///     )
///     .before_each(async |context| {
///         let _ = context.description;
///     })
///     .header("Authorization", "Bearer test-token")
///     .filter_description("user 42")
///     .timeout(Duration::from_secs(5))
///     .verify(&[PactSource::dir("pacts"), PactSource::url("http://127.0.0.1:9292/pact.json")])
///     .await;
/// report.assert_ok();
/// # }
/// ```
#[must_use = "a Verifier does nothing until `.verify(..).await` is called"]
pub struct Verifier {
    pub(crate) provider: String,
    /// `None` for a verifier of messages only ([`Verifier::for_messages`]).
    pub(crate) base_url: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) states: HashMap<String, StateEntry>,
    pub(crate) fallback: Option<Fallback>,
    pub(crate) before_each: Option<Arc<dyn Hook>>,
    pub(crate) after_each: Option<Arc<dyn Hook>>,
    pub(crate) request_filter: Option<Arc<dyn RequestFilter>>,
    pub(crate) filters: FilterPatterns,
    pub(crate) tls: TlsOptions,
    pub(crate) concurrency: usize,
    pub(crate) producers: HashMap<String, Producer>,
    pub(crate) message_endpoint: Option<String>,
    pub(crate) allow_no_interactions: bool,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut states: Vec<&String> = self.states.keys().collect();
        states.sort();
        let mut producers: Vec<&String> = self.producers.keys().collect();
        producers.sort();
        // Header values are often credentials: names only.
        let headers: Vec<&String> = self.headers.iter().map(|(name, _)| name).collect();
        f.debug_struct("Verifier")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field("states", &states)
            .field("fallback", &self.fallback)
            .field("timeout", &self.timeout)
            .field("headers", &headers)
            .field("before_each", &self.before_each.is_some())
            .field("after_each", &self.after_each.is_some())
            .field("request_filter", &self.request_filter.is_some())
            .field("filters", &self.filters)
            .field("tls", &self.tls)
            .field("concurrency", &self.concurrency)
            .field("producers", &producers)
            .field("message_endpoint", &self.message_endpoint)
            .field("allow_no_interactions", &self.allow_no_interactions)
            .finish()
    }
}

impl Verifier {
    /// A verifier for the provider named `provider` (pacts naming another provider are
    /// not verified), listening at `base_url` (`http://127.0.0.1:8080` or `https://…`,
    /// optionally with a path prefix). Message interactions without an in-process producer
    /// are POSTed to that base URL unless a [`message_endpoint`](Self::message_endpoint) is
    /// set.
    pub fn new(provider: impl Into<String>, base_url: impl Into<String>) -> Self {
        Verifier {
            base_url: Some(base_url.into()),
            ..Self::for_messages(provider)
        }
    }

    /// A verifier of the message interactions of the provider named `provider`, for a
    /// provider that has no HTTP API (it publishes to a queue): its messages come from
    /// [`message`](Self::message) producers or a [`message_endpoint`](Self::message_endpoint);
    /// HTTP interactions of its pacts are reported as skipped.
    pub fn for_messages(provider: impl Into<String>) -> Self {
        Verifier {
            provider: provider.into(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            headers: Vec::new(),
            states: HashMap::new(),
            fallback: None,
            before_each: None,
            after_each: None,
            request_filter: None,
            filters: FilterPatterns::default(),
            tls: TlsOptions::default(),
            concurrency: 1,
            producers: HashMap::new(),
            message_endpoint: None,
            allow_no_interactions: false,
        }
    }

    /// Registers the producer of the asynchronous message described `description` (V3
    /// message pacts, V4 `Asynchronous/Messages`): the provider's own code that builds the
    /// message it publishes, called in-process after the interaction's states are set up
    /// and its before-each hook ran, as for an HTTP interaction. Its message's contents and
    /// metadata are matched against the pact's; an error it returns fails the interaction.
    /// See [`MessageProducer`] for the closures accepted.
    ///
    /// A message interaction without a producer is asked of the provider over HTTP: of the
    /// [`message_endpoint`](Self::message_endpoint) if set, else of the base URL given to
    /// [`new`](Self::new) (as the official verifier does); a provider that does not answer
    /// with the message fails it. A [`for_messages`](Self::for_messages) verifier without
    /// an endpoint fails a message without a producer naming its description, and reports
    /// message interactions as skipped when it has no producers at all.
    pub fn message<M: 'static>(
        mut self,
        description: impl Into<String>,
        producer: impl MessageProducer<M>,
    ) -> Self {
        self.producers
            .insert(description.into(), Producer::of_message(producer));
        self
    }

    /// Registers the producer of the synchronous message described `description` (V4
    /// `Synchronous/Messages`): it receives the request message (the pact's example) and
    /// returns the response messages, each matched against the expected response at the
    /// same position. Otherwise as [`message`](Self::message); see [`SyncMessageProducer`].
    pub fn sync_message<M: 'static>(
        mut self,
        description: impl Into<String>,
        producer: impl SyncMessageProducer<M>,
    ) -> Self {
        self.producers
            .insert(description.into(), Producer::of_sync(producer));
        self
    }

    /// Asks this HTTP endpoint of the provider for every message that has no in-process
    /// producer, with the official verifier's convention (a provider not written in
    /// Rust): a `POST` of `{"description", "providerStates", "request"?}`, the response
    /// body as the contents and base64 JSON metadata in the `Pact-Message-Metadata`
    /// header. A full URL, or a path (`/_pact/messages`) joined to the base URL. Without
    /// it, a verifier made with [`new`](Self::new) posts to the base URL itself, as the
    /// official verifier does (pact-reference `pact_verifier`, `messages.rs`).
    pub fn message_endpoint(mut self, url: impl Into<String>) -> Self {
        self.message_endpoint = Some(url.into());
        self
    }

    /// Lets a verification that verified no interaction pass: no pact found, every
    /// interaction left out by the filters, or every interaction skipped. By default that
    /// fails, as a build that checked nothing must not go green (the official verifier's
    /// `--ignore-no-pacts-error`).
    pub fn allow_no_interactions(mut self) -> Self {
        self.allow_no_interactions = true;
        self
    }

    /// Registers the handler that sets up the provider state `name`. It receives the state
    /// with its parameters before each interaction that names it, and may return values
    /// for the request's provider-state generators (`/users/${id}`); without values, the
    /// state's parameters are used. An error fails that interaction without sending its
    /// request. A state without any handler is a warning in the report, not a failure.
    ///
    /// `setup` is any [`StateHandler`](super::StateHandler): an async closure
    /// (`async move |state| …`, its argument's type inferred), a closure returning an
    /// `async` block, or an `async fn`.
    pub fn state<S, SFut>(mut self, name: impl Into<String>, setup: S) -> Self
    where
        S: FnOnce(ProviderState) -> SFut + Clone + Send + Sync + 'static,
        SFut: Future<Output: IntoStateResult> + Send + 'static,
    {
        self.states.insert(
            name.into(),
            StateEntry {
                setup: Arc::new(setup),
                teardown: None,
            },
        );
        self
    }

    /// Like [`state`](Self::state), with a `teardown` handler called after the
    /// interaction (whatever its outcome) when the setup succeeded.
    pub fn state_with_teardown<S, SFut, T, TFut>(
        mut self,
        name: impl Into<String>,
        setup: S,
        teardown: T,
    ) -> Self
    where
        S: FnOnce(ProviderState) -> SFut + Clone + Send + Sync + 'static,
        SFut: Future<Output: IntoStateResult> + Send + 'static,
        T: FnOnce(ProviderState) -> TFut + Clone + Send + Sync + 'static,
        TFut: Future<Output: IntoStateResult> + Send + 'static,
    {
        self.states.insert(
            name.into(),
            StateEntry {
                setup: Arc::new(setup),
                teardown: Some(Arc::new(teardown)),
            },
        );
        self
    }

    /// The handler for every state that has no handler of its own (it receives the state,
    /// so it can dispatch on `state.name`). Replaces a [`state_change_url`](Self::state_change_url).
    pub fn default_state<S, SFut>(mut self, setup: S) -> Self
    where
        S: FnOnce(ProviderState) -> SFut + Clone + Send + Sync + 'static,
        SFut: Future<Output: IntoStateResult> + Send + 'static,
    {
        self.fallback = Some(Fallback::Handler(StateEntry {
            setup: Arc::new(setup),
            teardown: None,
        }));
        self
    }

    /// Like [`default_state`](Self::default_state), with a teardown handler.
    pub fn default_state_with_teardown<S, SFut, T, TFut>(mut self, setup: S, teardown: T) -> Self
    where
        S: FnOnce(ProviderState) -> SFut + Clone + Send + Sync + 'static,
        SFut: Future<Output: IntoStateResult> + Send + 'static,
        T: FnOnce(ProviderState) -> TFut + Clone + Send + Sync + 'static,
        TFut: Future<Output: IntoStateResult> + Send + 'static,
    {
        self.fallback = Some(Fallback::Handler(StateEntry {
            setup: Arc::new(setup),
            teardown: Some(Arc::new(teardown)),
        }));
        self
    }

    /// Changes every state that has no in-process handler by calling a URL (see
    /// [`StateChangeUrl`]; a plain URL string POSTs JSON, setup only). Replaces a
    /// [`default_state`](Self::default_state) handler.
    pub fn state_change_url(mut self, url: impl Into<StateChangeUrl>) -> Self {
        self.fallback = Some(Fallback::Url(url.into()));
        self
    }

    /// Runs before each interaction, before its states are set up; an error fails the
    /// interaction and nothing else runs for it.
    ///
    /// `hook` is any [`Hook`](super::Hook): an async closure (`async move |context| …`),
    /// a closure returning an `async` block, or an `async fn`.
    pub fn before_each<H, HFut>(mut self, hook: H) -> Self
    where
        H: FnOnce(HookContext) -> HFut + Clone + Send + Sync + 'static,
        HFut: Future<Output: IntoHookResult> + Send + 'static,
    {
        self.before_each = Some(Arc::new(hook));
        self
    }

    /// Runs after each interaction whose before-each hook succeeded, after its states are
    /// torn down; an error fails the interaction.
    pub fn after_each<H, HFut>(mut self, hook: H) -> Self
    where
        H: FnOnce(HookContext) -> HFut + Clone + Send + Sync + 'static,
        HFut: Future<Output: IntoHookResult> + Send + 'static,
    {
        self.after_each = Some(Arc::new(hook));
        self
    }

    /// A header added to every replayed request, replacing the pact's header of the same
    /// name (credentials the pact does not carry). Repeatable.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Middleware around each request to the provider: it sees the request after the
    /// custom headers, sends it with [`Next::run`](super::Next::run), and may change the
    /// response before it is matched. See [`RequestFilter`].
    pub fn request_filter<R, RFut>(mut self, filter: R) -> Self
    where
        R: FnOnce(http::Request<bytes::Bytes>, Next) -> RFut + Clone + Send + Sync + 'static,
        RFut: Future<Output: IntoFilterResult> + Send + 'static,
    {
        self.request_filter = Some(Arc::new(filter));
        self
    }

    /// Verifies only interactions whose description is this text or matches it as a
    /// regular expression (so a description copied from the pact selects itself, `(v2)`
    /// and all). A pattern that is not a valid regex and not a description of the pacts
    /// is an invalid filter in the report; combined with
    /// [`ENV_DESCRIPTION`](super::ENV_DESCRIPTION) when that is set.
    pub fn filter_description(mut self, pattern: impl Into<String>) -> Self {
        self.filters.description = Some(pattern.into());
        self
    }

    /// Verifies only interactions with a provider state whose name is this text or
    /// matches it as a regular expression (otherwise as
    /// [`filter_description`](Self::filter_description)); combined with
    /// [`ENV_PROVIDER_STATE`](super::ENV_PROVIDER_STATE).
    pub fn filter_provider_state(mut self, pattern: impl Into<String>) -> Self {
        self.filters.state = Some(pattern.into());
        self
    }

    /// Verifies only interactions without provider states (the official verifier's
    /// `--filter-no-state`); combined with the other filters.
    pub fn filter_no_state(mut self) -> Self {
        self.filters.no_state = true;
        self
    }

    /// Verifies only pacts whose consumer is named exactly `name`; call it again for
    /// more consumers (the official verifier's repeatable `--filter-consumer`). The
    /// interactions of other consumers' pacts count as filtered out.
    pub fn filter_consumer(mut self, name: impl Into<String>) -> Self {
        self.filters.consumers.push(name.into());
        self
    }

    /// How long to wait for each response, and for each hook, state change and the
    /// request filter's own work (30 s by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Trusts the certificates of this PEM document (a self-signed provider's certificate
    /// or its CA) in addition to the platform's roots. Repeatable.
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls.root_pems.push(pem.into());
        self
    }

    /// Reads a PEM document for [`root_certificate_pem`](Self::root_certificate_pem).
    ///
    /// # Errors
    /// The I/O error when the file cannot be read.
    pub fn root_certificate_file(self, path: impl AsRef<Path>) -> std::io::Result<Self> {
        let pem = std::fs::read(path)?;
        Ok(self.root_certificate_pem(pem))
    }

    /// Uses this rustls client configuration for every HTTPS connection (provider, pact
    /// URLs, state-change URL) instead of building one; it wins over the other TLS
    /// settings.
    pub fn tls_config(mut self, config: impl Into<Arc<rustls::ClientConfig>>) -> Self {
        self.tls.config = Some(config.into());
        self
    }

    /// Accepts any server certificate and host name. Never silent: the report carries a
    /// warning. For a throw-away local provider only; prefer
    /// [`root_certificate_pem`](Self::root_certificate_pem).
    pub fn danger_accept_invalid_certificates(mut self) -> Self {
        self.tls.insecure = true;
        self
    }

    /// Verifies up to `limit` interactions without provider states at once (1, the
    /// default, is one after the other). Interactions with states always run alone,
    /// after the others, because states change the provider for everything running
    /// beside them. Hooks and the request filter must then tolerate concurrent calls.
    pub fn concurrency(mut self, limit: usize) -> Self {
        self.concurrency = limit.max(1);
        self
    }

    /// The provider's name, as given to [`new`](Self::new) or
    /// [`for_messages`](Self::for_messages): the pacts verified are those naming it.
    pub fn provider_name(&self) -> &str {
        &self.provider
    }
}
