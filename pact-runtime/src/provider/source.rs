//! Where the pacts to verify come from, and loading them.
//!
//! A [`PactSource`] is a file, a directory, a URL, or anything implementing
//! [`FetchPacts`]: the verifier only ever asks a source for its pacts, so a new kind of
//! source (the broker's pacts-for-verification) is a new `FetchPacts` implementation and
//! a `From` conversion into `PactSource`, with no change to the verifier. Every source is
//! filtered by provider name: a pact for another provider is an error when it was named
//! explicitly (file, URL) and skipped when it was found (directory).

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;

use super::VerifyError;
use super::client::{Transport, redact};
use super::error::InteractionError;
use crate::model::{self, Pact, PactWarning};

/// A place to read pacts from; several can be verified at once.
///
/// ```
/// use pact_runtime::provider::PactSource;
///
/// let sources = [
///     PactSource::dir("pacts"),
///     PactSource::file("extra/web-app-user-service.json").pending(),
///     PactSource::url_bearer_auth("https://pacts.example/web-app.json", "token"),
/// ];
/// # let _ = sources;
/// ```
#[derive(Debug, Clone)]
#[must_use = "a PactSource does nothing until given to `Verifier::verify`"]
pub struct PactSource {
    kind: SourceKind,
    pending: bool,
}

#[derive(Clone)]
enum SourceKind {
    File(PathBuf),
    Dir(PathBuf),
    Url { url: String, auth: Option<Auth> },
    Fetcher(Arc<dyn FetchPacts>),
}

#[derive(Clone)]
enum Auth {
    Basic { user: String, password: String },
    Bearer(String),
}

impl std::fmt::Debug for SourceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceKind::File(path) => f.debug_tuple("File").field(path).finish(),
            SourceKind::Dir(path) => f.debug_tuple("Dir").field(path).finish(),
            // Credentials never reach a log or a panic message.
            SourceKind::Url { url, auth } => f
                .debug_struct("Url")
                .field("url", &redact(url))
                .field(
                    "auth",
                    &auth.as_ref().map(|auth| match auth {
                        Auth::Basic { .. } => "basic (redacted)",
                        Auth::Bearer(_) => "bearer (redacted)",
                    }),
                )
                .finish(),
            SourceKind::Fetcher(fetcher) => f.debug_tuple("Fetcher").field(fetcher).finish(),
        }
    }
}

/// What a [`FetchPacts`] source gets from the verifier.
#[derive(Debug)]
pub struct FetchContext {
    provider: String,
    transport: Arc<Transport>,
    tls: Arc<rustls::ClientConfig>,
}

impl FetchContext {
    pub(crate) fn new(
        provider: String,
        transport: Arc<Transport>,
        tls: Arc<rustls::ClientConfig>,
    ) -> Self {
        FetchContext {
            provider,
            transport,
            tls,
        }
    }

    /// The provider being verified.
    pub fn provider(&self) -> &str {
        &self.provider
    }

    /// The verifier's per-exchange timeout, for the source's own requests.
    pub fn timeout(&self) -> Duration {
        self.transport.timeout()
    }

    /// The verifier's TLS settings (custom CA, custom config or the explicit insecure
    /// mode), so a source's own HTTP client trusts exactly what the verifier trusts.
    pub fn tls_config(&self) -> Arc<rustls::ClientConfig> {
        self.tls.clone()
    }
}

/// The [`FetchedPact::properties`] key that marks a work-in-progress pact (`true`): the
/// report shows it as `[pending, WIP]`. A Pact Broker's pacts-for-verification sets it.
pub const WIP_PROPERTY: &str = "wip";

/// One pact a source produced, or the error that names what could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub struct FetchedPact {
    /// The name shown in the report (file name, URL without credentials).
    pub name: String,
    /// The pact, or why it could not be read.
    pub pact: Result<Pact, VerifyError>,
    /// A pending pact is verified and reported, but its failures do not fail the run.
    pub pending: bool,
    /// Messages from the source to show in the report (a broker's notices).
    pub notices: Vec<String>,
    /// What reading the pact took leniently, each with its file and JSON path.
    pub warnings: Vec<PactWarning>,
    /// Source-specific data carried into the [`PactResult`](super::PactResult) (a broker
    /// puts the link that verification results are published to here).
    pub properties: serde_json::Map<String, serde_json::Value>,
}

impl FetchedPact {
    /// A pact (or its error) under a display name.
    pub fn new(name: impl Into<String>, pact: Result<Pact, VerifyError>) -> Self {
        FetchedPact {
            name: name.into(),
            pact,
            pending: false,
            notices: Vec::new(),
            warnings: Vec::new(),
            properties: serde_json::Map::new(),
        }
    }

    /// Marks the pact pending.
    pub fn pending(mut self, pending: bool) -> Self {
        self.pending = pending;
        self
    }

    /// Adds a notice for the report.
    pub fn notice(mut self, notice: impl Into<String>) -> Self {
        self.notices.push(notice.into());
        self
    }

    /// Adds the warnings of reading the pact.
    pub fn warnings(mut self, warnings: impl IntoIterator<Item = PactWarning>) -> Self {
        self.warnings.extend(warnings);
        self
    }

    /// A pact read with its warnings, or the error that kept it from being read.
    fn loaded(name: impl Into<String>, loaded: Result<model::LoadedPact, VerifyError>) -> Self {
        match loaded {
            Ok(loaded) => FetchedPact::new(name, Ok(loaded.pact)).warnings(loaded.warnings),
            Err(error) => FetchedPact::new(name, Err(error)),
        }
    }

    /// Adds a source-specific property.
    pub fn property(mut self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.properties.insert(name.into(), value);
        self
    }
}

/// The future of [`FetchPacts::fetch`].
pub type FetchFuture<'a> = Pin<Box<dyn Future<Output = Vec<FetchedPact>> + Send + 'a>>;

/// A source of pacts beyond files and URLs (a broker's pacts-for-verification). Errors
/// are entries, not a `Result`: one unreadable pact must not hide the others.
pub trait FetchPacts: std::fmt::Debug + Send + Sync + 'static {
    /// The pacts for `context.provider()`.
    fn fetch<'a>(&'a self, context: &'a FetchContext) -> FetchFuture<'a>;
}

impl PactSource {
    fn new(kind: SourceKind) -> Self {
        PactSource {
            kind,
            pending: false,
        }
    }

    /// One pact file; it must be a pact for the provider being verified.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        PactSource::new(SourceKind::File(path.into()))
    }

    /// Every `*.json` pact file in a directory (not recursive) whose provider is the one
    /// being verified; pacts for other providers are skipped.
    pub fn dir(path: impl Into<PathBuf>) -> Self {
        PactSource::new(SourceKind::Dir(path.into()))
    }

    /// A pact fetched with an HTTP(S) `GET`; it must be a pact for the provider being
    /// verified. An error status or a body that is not a pact fails, naming the URL.
    pub fn url(url: impl Into<String>) -> Self {
        PactSource::new(SourceKind::Url {
            url: url.into(),
            auth: None,
        })
    }

    /// Like [`url`](Self::url), with HTTP basic authentication.
    pub fn url_basic_auth(
        url: impl Into<String>,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        PactSource::new(SourceKind::Url {
            url: url.into(),
            auth: Some(Auth::Basic {
                user: user.into(),
                password: password.into(),
            }),
        })
    }

    /// Like [`url`](Self::url), with a bearer token.
    pub fn url_bearer_auth(url: impl Into<String>, token: impl Into<String>) -> Self {
        PactSource::new(SourceKind::Url {
            url: url.into(),
            auth: Some(Auth::Bearer(token.into())),
        })
    }

    /// Pacts from a custom source.
    pub fn fetcher(fetcher: impl FetchPacts) -> Self {
        PactSource::new(SourceKind::Fetcher(Arc::new(fetcher)))
    }

    /// Marks every pact of this source pending: verified and reported, but its failures
    /// do not fail the run.
    pub fn pending(mut self) -> Self {
        self.pending = true;
        self
    }

    /// Reads the pacts of this source, in a stable order (file-name order for
    /// directories), each checked against the provider's name.
    pub(crate) async fn load(&self, context: &FetchContext) -> Vec<FetchedPact> {
        let provider = context.provider();
        let mut loaded = match &self.kind {
            SourceKind::File(path) => vec![load_file(path, provider)],
            SourceKind::Dir(dir) => load_dir(dir, Some(provider)),
            SourceKind::Url { url, auth } => {
                vec![load_url(url, auth.as_ref(), context).await]
            }
            SourceKind::Fetcher(fetcher) => fetcher
                .fetch(context)
                .await
                .into_iter()
                .map(|fetched| check_provider(fetched, provider))
                .collect(),
        };
        for fetched in &mut loaded {
            fetched.pending |= self.pending;
        }
        loaded
    }
}

impl PactSource {
    /// Reads this source's pacts outside a verification (to serve them from a stub
    /// server, say), with the verifier's HTTP client trusting the platform's roots and
    /// giving up on an exchange after `timeout`. URL sources send their credentials as
    /// [`url_basic_auth`](Self::url_basic_auth) and [`url_bearer_auth`](Self::url_bearer_auth)
    /// say.
    ///
    /// With `provider`, exactly what a verification of that provider would read (a pact
    /// for another provider is an error for a file or URL, and skipped in a directory).
    /// Without it, every pact the source holds, for any provider; a directory holding
    /// none gives an empty list. A fetcher source (the broker's pacts for verification)
    /// can only be asked for a provider's pacts: without one it gives one
    /// [`VerifyError::Fetch`] saying so.
    ///
    /// # Errors
    /// [`VerifyError::Tls`] when the platform's TLS settings cannot be built. Every pact
    /// that cannot be read is an `Err` in its own [`FetchedPact`], named by its file or
    /// its URL without credentials.
    pub async fn read(
        &self,
        provider: Option<&str>,
        timeout: Duration,
    ) -> Result<Vec<FetchedPact>, VerifyError> {
        let tls = super::tls::TlsOptions::default().client_config()?;
        let transport = Arc::new(Transport::new(&tls, timeout));
        if let Some(provider) = provider {
            let context = FetchContext::new(provider.to_owned(), transport, tls);
            return Ok(self.load(&context).await);
        }
        let mut read = match &self.kind {
            SourceKind::File(path) => vec![FetchedPact::loaded(
                path.display().to_string(),
                model::file::load_with_warnings(path).map_err(VerifyError::from),
            )],
            SourceKind::Dir(dir) => load_dir(dir, None),
            SourceKind::Url { url, auth } => {
                let name = redact(url);
                let pact = fetch_url(url, &name, auth.as_ref(), &transport).await;
                vec![FetchedPact::loaded(name, pact)]
            }
            SourceKind::Fetcher(fetcher) => vec![FetchedPact::new(
                format!("{fetcher:?}"),
                Err(VerifyError::Fetch {
                    url: "a fetcher source".to_owned(),
                    message: "it gives the pacts of a provider: name the provider".to_owned(),
                }),
            )],
        };
        for fetched in &mut read {
            fetched.pending |= self.pending;
        }
        Ok(read)
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn check_provider(mut fetched: FetchedPact, provider: &str) -> FetchedPact {
    if let Ok(pact) = &fetched.pact
        && pact.provider != provider
    {
        fetched.pact = Err(VerifyError::WrongProvider {
            location: fetched.name.clone(),
            expected: provider.to_owned(),
            found: pact.provider.clone(),
        });
    }
    fetched
}

fn load_file(path: &Path, provider: &str) -> FetchedPact {
    let fetched = FetchedPact::loaded(
        display_name(path),
        model::file::load_with_warnings(path).map_err(VerifyError::from),
    );
    let mut checked = check_provider(fetched, provider);
    if let Err(VerifyError::WrongProvider { location, .. }) = &mut checked.pact {
        *location = path.display().to_string();
    }
    checked
}

async fn load_url(url: &str, auth: Option<&Auth>, context: &FetchContext) -> FetchedPact {
    let name = redact(url);
    let pact = fetch_url(url, &name, auth, &context.transport).await;
    check_provider(FetchedPact::loaded(name, pact), context.provider())
}

async fn fetch_url(
    url: &str,
    name: &str,
    auth: Option<&Auth>,
    transport: &Transport,
) -> Result<model::LoadedPact, VerifyError> {
    let fetch_error = |message: String| VerifyError::Fetch {
        url: name.to_owned(),
        message,
    };
    let mut request = http::Request::get(url).header(
        http::header::ACCEPT,
        "application/hal+json, application/json",
    );
    match auth {
        Some(Auth::Basic { user, password }) => {
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            request = request.header(http::header::AUTHORIZATION, format!("Basic {encoded}"));
        }
        Some(Auth::Bearer(token)) => {
            request = request.header(http::header::AUTHORIZATION, format!("Bearer {token}"));
        }
        None => {}
    }
    let request = request
        .body(Bytes::new())
        .map_err(|error| fetch_error(format!("invalid URL or credentials: {error}")))?;
    let response = transport.send(request).await.map_err(|error| match error {
        InteractionError::Unreachable { message, .. } | InteractionError::Tls { message, .. } => {
            fetch_error(message)
        }
        InteractionError::Timeout { after, .. } => {
            fetch_error(format!("no answer within {after:?}"))
        }
        other => fetch_error(other.to_string()),
    })?;
    let status = response.status();
    if !status.is_success() {
        let reason = match status {
            http::StatusCode::UNAUTHORIZED | http::StatusCode::FORBIDDEN => {
                " (unauthorised: check the credentials)"
            }
            _ => "",
        };
        return Err(fetch_error(format!("HTTP {status}{reason}")));
    }
    let value = model::parse_json_text(response.body(), name)?;
    Ok(model::json::owned_pact_from_json(value, name)?)
}

/// The directory's pacts for `provider` (all of them without one), in file-name order.
fn load_dir(dir: &Path, provider: Option<&str>) -> Vec<FetchedPact> {
    let dir_error = |source| {
        FetchedPact::new(
            dir.display().to_string(),
            Err(VerifyError::ReadDir {
                dir: dir.to_owned(),
                source,
            }),
        )
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => return vec![dir_error(source)],
    };
    let mut files = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_json = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"));
                if is_json && path.is_file() {
                    files.push(path);
                }
            }
            Err(source) => return vec![dir_error(source)],
        }
    }
    files.sort();
    let loaded: Vec<FetchedPact> = files
        .iter()
        .map(|path| {
            FetchedPact::loaded(
                display_name(path),
                model::file::load_with_warnings(path).map_err(VerifyError::from),
            )
        })
        // A file that does not load cannot be attributed to a provider, so it is reported:
        // silently skipping it could hide the very pact that should have been verified.
        .filter(|loaded| {
            loaded.pact.as_ref().map_or(true, |p| {
                provider.is_none_or(|provider| p.provider == provider)
            })
        })
        .collect();
    let Some(provider) = provider else {
        return loaded;
    };
    if loaded.is_empty() {
        return vec![FetchedPact::new(
            dir.display().to_string(),
            Err(VerifyError::NoPacts {
                dir: dir.to_owned(),
                provider: provider.to_owned(),
            }),
        )];
    }
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_pact(dir: &Path, file: &str, provider: &str) -> PathBuf {
        let pact = serde_json::json!({
            "consumer": {"name": "web-app"},
            "provider": {"name": provider},
            "interactions": [],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        });
        let path = dir.join(file);
        std::fs::write(&path, pact.to_string()).expect("write the pact");
        path
    }

    #[test]
    fn a_file_for_another_provider_is_an_error_naming_both_providers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write_pact(dir.path(), "web-app-billing.json", "billing");

        let loaded = [load_file(&path, "user-service")];

        let error = loaded[0].pact.as_ref().expect_err("wrong provider");

        assert!(
            error.to_string().contains(
                "web-app-billing.json is a pact for provider \"billing\", not \"user-service\""
            ),
            "{error}"
        );
    }

    #[test]
    fn a_directory_without_a_pact_for_the_provider_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_pact(dir.path(), "web-app-billing.json", "billing");
        std::fs::write(dir.path().join("notes.txt"), "not a pact").expect("write");

        let loaded = load_dir(dir.path(), Some("user-service"));

        assert_eq!(loaded.len(), 1);
        assert!(matches!(loaded[0].pact, Err(VerifyError::NoPacts { .. })));
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("pacts");

        let loaded = load_dir(&missing, Some("user-service"));

        let error = loaded[0].pact.as_ref().expect_err("missing dir");
        assert!(matches!(error, VerifyError::ReadDir { .. }));
        assert!(error.to_string().contains("pacts"), "{error}");
    }

    #[test]
    fn pacts_in_a_directory_load_in_file_name_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_pact(dir.path(), "b.json", "user-service");
        write_pact(dir.path(), "a.json", "user-service");

        let names: Vec<String> = load_dir(dir.path(), Some("user-service"))
            .into_iter()
            .map(|loaded| loaded.name)
            .collect();

        assert_eq!(names, ["a.json", "b.json"]);
    }
}

#[cfg(test)]
#[path = "source_read_tests.rs"]
mod read_tests;
