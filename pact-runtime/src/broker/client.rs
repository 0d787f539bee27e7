//! The HTTP side of the broker client: settings, authentication, retries, JSON and HAL.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde_json::Value;

use super::auth::{BrokerAuth, Secret};
use super::error::{BrokerError, broker_message, looks_like_html};
use super::hal::{self, Resource};
use super::url::parse_base_url;
use crate::provider::client::{Transport, redact};
use crate::provider::tls::TlsOptions;
use crate::provider::{InteractionError, VerifyError};

/// The broker's base URL.
pub const BASE_URL_ENV: &str = "PACT_BROKER_BASE_URL";
/// The basic-auth user name.
pub const USERNAME_ENV: &str = "PACT_BROKER_USERNAME";
/// The basic-auth password.
pub const PASSWORD_ENV: &str = "PACT_BROKER_PASSWORD";
/// A bearer token (PactFlow).
pub const TOKEN_ENV: &str = "PACT_BROKER_TOKEN";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_RETRIES: u32 = 3;
const DEFAULT_BACKOFF: Duration = Duration::from_millis(200);
/// The longest wait between two attempts, however many retries are configured.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// A client of one Pact Broker (or PactFlow): the operations are methods on it, in the
/// other modules of [`broker`](super).
///
/// Built with [`BrokerClient::builder`] or from the environment with
/// [`BrokerClient::from_env`]. Cloning is cheap and shares the connection pool.
///
/// ```no_run
/// use pact_runtime::broker::BrokerClient;
///
/// # async fn run() -> Result<(), pact_runtime::broker::BrokerError> {
/// let broker = BrokerClient::builder("https://broker.example")
///     .bearer_token("from-the-ci-secret-store")
///     .build()?;
/// for environment in broker.environments().await? {
///     println!("{}", environment.name);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct BrokerClient {
    pub(crate) base_url: String,
    auth: Option<BrokerAuth>,
    transport: Arc<Transport>,
    retries: u32,
    backoff: Duration,
    insecure: bool,
}

impl std::fmt::Debug for BrokerClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrokerClient")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("retries", &self.retries)
            .field("backoff", &self.backoff)
            .field("insecure", &self.insecure)
            .finish_non_exhaustive()
    }
}

/// Options for a [`BrokerClient`].
#[derive(Debug, Clone)]
#[must_use = "call `build` to get the client"]
pub struct BrokerClientBuilder {
    base_url: String,
    auth: Option<BrokerAuth>,
    tls: TlsOptions,
    timeout: Duration,
    retries: u32,
    backoff: Duration,
}

impl BrokerClientBuilder {
    /// HTTP basic authentication (the Pact Broker's).
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.auth = Some(BrokerAuth::Basic {
            username: username.into(),
            password: password.into(),
        });
        self
    }

    /// A bearer token (PactFlow's).
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.auth = Some(BrokerAuth::Bearer(token.into()));
        self
    }

    /// How long one exchange may take (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a request is retried after a connection error or a `5xx` (default
    /// 3; `0` never retries). Other failures, timeouts included, are not retried.
    ///
    /// A `POST` that changes the broker (publishing contracts or a verification result,
    /// recording a deployment or release) is not retried after a `5xx`: the broker may
    /// have stored it before failing, and its documentation does not say those requests
    /// are idempotent (a second result or deployment record would be a duplicate). Only
    /// connection errors, where nothing reached the broker, are retried for them. The
    /// pacts-for-verification `POST` is a query and is retried like a `GET`.
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// The wait before the first retry (default 200 ms); it doubles with each retry, up
    /// to 10 seconds.
    pub fn retry_backoff(mut self, backoff: Duration) -> Self {
        self.backoff = backoff;
        self
    }

    /// Trusts the certificates of this PEM document in addition to the platform's roots
    /// (`SSL_CERT_FILE` and `SSL_CERT_DIR` are honoured for those).
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls.root_pems.push(pem.into());
        self
    }

    /// Uses this rustls configuration as it is.
    pub fn tls_config(mut self, config: impl Into<Arc<rustls::ClientConfig>>) -> Self {
        self.tls.config = Some(config.into());
        self
    }

    /// Accepts any certificate and host name (signatures are still checked). A warning
    /// is logged when the client is built; never use it beyond a test network.
    pub fn danger_accept_invalid_certificates(mut self) -> Self {
        self.tls.insecure = true;
        self
    }

    /// The client.
    ///
    /// # Errors
    /// [`BrokerError::InvalidUrl`] when the URL is not one unambiguous
    /// `http(s)://[user:password@]host[:port][/path]` (see [`BrokerError::InvalidUrl`]:
    /// credentials holding `/`, `?`, `#`, `@` or `:` must be percent-encoded),
    /// [`BrokerError::Tls`]
    /// when a CA document holds no certificate.
    pub fn build(self) -> Result<BrokerClient, BrokerError> {
        let base = parse_base_url(&self.base_url)?;
        let base_url = base.url;
        let userinfo_auth = base.auth;
        let tls = self.tls.client_config().map_err(|error| match error {
            VerifyError::Tls(message) => BrokerError::Tls(message),
            other => BrokerError::Tls(other.to_string()),
        })?;
        let insecure = self.tls.insecure && self.tls.config.is_none();
        if insecure {
            tracing::warn!(broker = %base_url, "TLS certificate verification of the broker is DISABLED");
        }
        Ok(BrokerClient {
            base_url,
            auth: self.auth.or(userinfo_auth),
            transport: Arc::new(Transport::new(&tls, self.timeout)),
            retries: self.retries,
            backoff: self.backoff,
            insecure,
        })
    }
}

/// A broker response, read whole.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

impl BrokerClient {
    /// Options for a client of the broker at `base_url`. User-info in the URL
    /// (`https://user:password@broker`) becomes basic authentication unless other
    /// credentials are given; it is never part of a message.
    pub fn builder(base_url: impl Into<String>) -> BrokerClientBuilder {
        BrokerClientBuilder {
            base_url: base_url.into(),
            auth: None,
            tls: TlsOptions::default(),
            timeout: DEFAULT_TIMEOUT,
            retries: DEFAULT_RETRIES,
            backoff: DEFAULT_BACKOFF,
        }
    }

    /// A builder from `PACT_BROKER_BASE_URL` (required), `PACT_BROKER_USERNAME` with
    /// `PACT_BROKER_PASSWORD`, or `PACT_BROKER_TOKEN`. Empty values count as unset.
    ///
    /// # Errors
    /// [`BrokerError::Config`] when the base URL is missing, a user name comes without a
    /// password (or the reverse), or both a token and a user name are set.
    pub fn from_env() -> Result<BrokerClientBuilder, BrokerError> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) reading variables through `var` (tests, harnesses
    /// with their own configuration).
    ///
    /// # Errors
    /// As [`from_env`](Self::from_env).
    pub fn from_env_with(
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<BrokerClientBuilder, BrokerError> {
        let read = |name: &str| var(name).filter(|value| !value.trim().is_empty());
        let base_url = read(BASE_URL_ENV)
            .ok_or_else(|| BrokerError::Config(format!("{BASE_URL_ENV} is not set")))?;
        let builder = BrokerClient::builder(base_url);
        match (read(USERNAME_ENV), read(PASSWORD_ENV), read(TOKEN_ENV)) {
            (None, None, None) => Ok(builder),
            (None, None, Some(token)) => Ok(builder.bearer_token(token)),
            (Some(user), Some(password), None) => Ok(builder.basic_auth(user, password)),
            (Some(_), None, _) => Err(BrokerError::Config(format!(
                "{USERNAME_ENV} is set but {PASSWORD_ENV} is not"
            ))),
            (None, Some(_), _) => Err(BrokerError::Config(format!(
                "{PASSWORD_ENV} is set but {USERNAME_ENV} is not"
            ))),
            (Some(_), Some(_), Some(_)) => Err(BrokerError::Config(format!(
                "both {TOKEN_ENV} and {USERNAME_ENV}/{PASSWORD_ENV} are set; set one"
            ))),
        }
    }

    /// The broker's base URL, without credentials.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `href` resolved against the base URL.
    pub(crate) fn resolve(&self, href: &str) -> String {
        hal::resolve(&self.base_url, href)
    }

    /// Sends one request, retrying connection errors (and `5xx` answers when
    /// `retry_server_errors`) with capped backoff; any other answer, error statuses
    /// included, is returned.
    pub(crate) async fn send(
        &self,
        method: http::Method,
        url: &str,
        content_type: Option<&str>,
        body: Option<&Value>,
        retry_server_errors: bool,
    ) -> Result<Answer, BrokerError> {
        let shown = redact(url);
        let payload = body
            .map(|body| Bytes::from(body.to_string()))
            .unwrap_or_default();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let request =
                self.request(&method, url, content_type, body.is_some(), payload.clone())?;
            if tracing::enabled!(tracing::Level::TRACE) {
                tracing::trace!(
                    method = %method,
                    url = %shown,
                    authorization = self.auth.as_ref().map(|_| "***"),
                    body = %String::from_utf8_lossy(&payload),
                    "broker request"
                );
            }
            let retry = attempt <= self.retries;
            match self.transport.send(request).await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    tracing::trace!(
                        url = %shown,
                        status,
                        body = %String::from_utf8_lossy(response.body()),
                        "broker response"
                    );
                    if response.status().is_server_error() && retry && retry_server_errors {
                        tracing::debug!(url = %shown, status, attempt, "broker error status; retrying");
                    } else {
                        return Ok(Answer {
                            status,
                            body: response.into_body(),
                        });
                    }
                }
                Err(InteractionError::Timeout { after, .. }) => {
                    return Err(BrokerError::Timeout { url: shown, after });
                }
                Err(
                    InteractionError::Unreachable { message, .. }
                    | InteractionError::Tls { message, .. },
                ) if !retry => {
                    return Err(BrokerError::Unreachable {
                        url: shown,
                        message,
                        attempts: attempt,
                    });
                }
                Err(
                    InteractionError::Unreachable { message, .. }
                    | InteractionError::Tls { message, .. },
                ) => {
                    tracing::debug!(url = %shown, %message, attempt, "broker unreachable; retrying");
                }
                Err(other) => {
                    return Err(BrokerError::Unexpected(other.to_string()));
                }
            }
            tokio::time::sleep(backoff_delay(self.backoff, attempt)).await;
        }
    }

    fn request(
        &self,
        method: &http::Method,
        url: &str,
        content_type: Option<&str>,
        has_body: bool,
        payload: Bytes,
    ) -> Result<http::Request<Bytes>, BrokerError> {
        let mut request = http::Request::builder()
            .method(method.clone())
            .uri(url)
            .header(http::header::ACCEPT, "application/hal+json");
        if has_body {
            request = request.header(
                http::header::CONTENT_TYPE,
                content_type.unwrap_or("application/json"),
            );
        }
        if let Some(auth) = &self.auth {
            let mut value = http::HeaderValue::from_str(&auth.header_value()).map_err(|_| {
                BrokerError::Config("the credentials hold characters a header cannot".to_owned())
            })?;
            value.set_sensitive(true);
            request = request.header(http::header::AUTHORIZATION, value);
        }
        request
            .body(payload)
            .map_err(|_| BrokerError::Config(format!("invalid request URL {}", redact(url))))
    }

    /// Sends a request and reads a successful JSON answer (an empty body reads as `null`).
    ///
    /// # Errors
    /// [`BrokerError::Status`] with the broker's error text for a status of 400 or more,
    /// [`BrokerError::NotJson`] for a body that is not JSON, and the errors of sending.
    pub(crate) async fn json(
        &self,
        method: http::Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<Value, BrokerError> {
        self.json_as(method, url, None, body).await
    }

    pub(crate) async fn json_as(
        &self,
        method: http::Method,
        url: &str,
        content_type: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Value, BrokerError> {
        // Only a POST changes the broker in a way a repeat could duplicate.
        let idempotent = method != http::Method::POST;
        self.exchange(method, url, content_type, body, idempotent)
            .await
    }

    /// A `POST` that only asks (pacts-for-verification): retried after a `5xx` like a
    /// `GET`.
    pub(crate) async fn post_query(&self, url: &str, body: &Value) -> Result<Value, BrokerError> {
        self.exchange(http::Method::POST, url, None, Some(body), true)
            .await
    }

    async fn exchange(
        &self,
        method: http::Method,
        url: &str,
        content_type: Option<&str>,
        body: Option<&Value>,
        idempotent: bool,
    ) -> Result<Value, BrokerError> {
        let answer = self
            .send(method.clone(), url, content_type, body, idempotent)
            .await?;
        if answer.status >= 400 {
            return Err(BrokerError::Status {
                method: method.to_string(),
                url: redact(url),
                status: answer.status,
                message: broker_message(&answer.body),
            });
        }
        parse_json(url, &answer.body)
    }

    /// GETs a HAL resource.
    pub(crate) async fn get(&self, url: &str) -> Result<Resource, BrokerError> {
        let body = self.json(http::Method::GET, url, None).await?;
        Ok(Resource {
            url: url.to_owned(),
            body,
        })
    }

    /// The index resource.
    pub(crate) async fn index(&self) -> Result<Resource, BrokerError> {
        self.get(&format!("{}/", self.base_url)).await
    }

    /// The href of `relation` in `resource`, templated values expanded, resolved.
    pub(crate) fn follow(
        &self,
        resource: &Resource,
        relation: &str,
        values: &[(&str, &str)],
    ) -> Result<String, BrokerError> {
        let link = resource
            .link(relation)
            .ok_or_else(|| BrokerError::MissingRelation {
                relation: relation.to_owned(),
                url: redact(&resource.url),
            })?;
        Ok(self.resolve(&hal::expand(&link.href, values)))
    }
}

/// The wait after attempt `attempt` (1-based): `backoff` doubled per retry, capped at
/// [`MAX_BACKOFF`].
fn backoff_delay(backoff: Duration, attempt: u32) -> Duration {
    let exponent = attempt.saturating_sub(1).min(16);
    backoff.saturating_mul(1 << exponent).min(MAX_BACKOFF)
}

/// A body as JSON; an empty body is `null`.
pub(crate) fn parse_json(url: &str, body: &[u8]) -> Result<Value, BrokerError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|error| {
        let text = String::from_utf8_lossy(body);
        let message = if looks_like_html(text.trim()) {
            broker_message(body)
        } else {
            format!("invalid JSON ({error})")
        };
        BrokerError::NotJson {
            url: redact(url),
            message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_environment_gives_url_and_one_kind_of_credentials() {
        let basic = BrokerClient::from_env_with(env(&[
            (BASE_URL_ENV, "https://broker.example/"),
            (USERNAME_ENV, "ci"),
            (PASSWORD_ENV, "pw-secret"),
        ]))
        .and_then(BrokerClientBuilder::build)
        .expect("valid");
        assert_eq!(basic.base_url(), "https://broker.example");
        assert!(matches!(basic.auth, Some(BrokerAuth::Basic { .. })));

        let bearer = BrokerClient::from_env_with(env(&[
            (BASE_URL_ENV, "http://b"),
            (TOKEN_ENV, "tok"),
            (USERNAME_ENV, ""),
        ]))
        .and_then(BrokerClientBuilder::build)
        .expect("valid");
        assert!(matches!(bearer.auth, Some(BrokerAuth::Bearer(_))));
    }

    #[test]
    fn incomplete_or_conflicting_environments_are_errors_naming_the_variables() {
        let cases: [(&[(&str, &str)], &str); 4] = [
            (&[], "PACT_BROKER_BASE_URL is not set"),
            (
                &[(BASE_URL_ENV, "http://b"), (USERNAME_ENV, "u")],
                "PACT_BROKER_PASSWORD is not",
            ),
            (
                &[(BASE_URL_ENV, "http://b"), (PASSWORD_ENV, "p")],
                "PACT_BROKER_USERNAME is not",
            ),
            (
                &[
                    (BASE_URL_ENV, "http://b"),
                    (USERNAME_ENV, "u"),
                    (PASSWORD_ENV, "p"),
                    (TOKEN_ENV, "t"),
                ],
                "both PACT_BROKER_TOKEN",
            ),
        ];
        for (vars, expected) in cases {
            let error = BrokerClient::from_env_with(env(vars)).expect_err("invalid");
            assert!(error.to_string().contains(expected), "{error}");
        }
    }

    #[test]
    fn a_url_that_is_not_http_is_refused_without_its_credentials() {
        let error = BrokerClient::builder("ftp://user:pw-secret@broker")
            .build()
            .expect_err("not http");
        let text = error.to_string();
        assert!(
            text.contains("http:// or https://") && !text.contains("pw-secret"),
            "{text}"
        );
    }

    #[test]
    fn the_backoff_doubles_up_to_its_cap() {
        let ms = Duration::from_millis;
        assert_eq!(backoff_delay(ms(200), 1), ms(200));
        assert_eq!(backoff_delay(ms(200), 2), ms(400));
        assert_eq!(backoff_delay(ms(200), 5), ms(3200));
        assert_eq!(backoff_delay(ms(200), 7), MAX_BACKOFF);
        assert_eq!(backoff_delay(ms(200), u32::MAX), MAX_BACKOFF);
        assert_eq!(backoff_delay(Duration::from_secs(60), 1), MAX_BACKOFF);
        assert_eq!(backoff_delay(Duration::ZERO, 30), Duration::ZERO);
    }

    #[test]
    fn the_debug_form_hides_the_credentials() {
        let client = BrokerClient::builder("https://user:pw-secret@broker.example")
            .build()
            .expect("valid");
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("pw-secret") && shown.contains("***"),
            "{shown}"
        );
        assert_eq!(client.base_url(), "https://broker.example");
    }
}
