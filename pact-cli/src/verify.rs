//! `pact verify`: replay pacts against a running provider.
//!
//! The flags are the official `pact_verifier_cli`'s (so this binary is a drop-in
//! replacement in CI scripts), plus this project's earlier names, kept as aliases
//! (`--provider`, `--provider-base-url`, `--timeout`, `--ca-file`, `--insecure-tls`,
//! `--basic-auth`, `--message-endpoint`, `--no-pacts-is-ok`, positional pacts). Official
//! flags for features this implementation does not have (OpenTelemetry, HTML reports,
//! `--exit-on-first-error`, `--last-failed`) are accepted and reported as ignored on
//! stderr, so a script keeps working and says what it lost.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args};
use pact_runtime::broker::{
    BrokerClient, BrokerSource, ConsumerVersionSelector, ProviderVersion, PublishedResult,
};
use pact_runtime::provider::{
    Outcome, PactSource, StateChangeUrl, Status, VerificationReport, Verifier, VerifyError,
};
use serde_json::{Value, json};

use crate::output::{self, BAD, Format, GOOD};
use crate::{EXIT_FAILED, EXIT_OK, EXIT_USAGE};

mod junit;
mod progress;
mod selectors;
mod verdict;

pub(crate) const EXIT_CODES: &str = "\
Exit codes:
  0  every interaction passed (failures of pending interactions are tolerated)
  1  verification failed: an interaction failed, a pact could not be fetched or read,
     or nothing was verified (no pact found, every interaction filtered out or skipped)
     unless --ignore-no-pacts-error; or the results could not be published
  2  usage or settings error: bad arguments, invalid filter regex, unreadable CA file,
     invalid header, a --message-endpoint path without the provider's host or port

Flags of the official pact_verifier_cli that this verifier does not implement
(--enable-otel*, --otel-*, --html, --xslt, --transports, --exit-on-first-error,
--last-failed) are accepted and reported as ignored.";

/// The arguments of `pact verify`.
#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct VerifyArgs {
    /// Print help.
    #[arg(long, action = ArgAction::Help)]
    help: Option<bool>,
    /// Print the version.
    #[arg(short = 'v', long)]
    version: bool,

    // ---- pacts ----
    /// Pact files, directories of pact files, or http(s) URLs of pacts.
    #[arg(value_name = "PACT", help_heading = "Loading pacts")]
    pacts: Vec<String>,
    /// A pact file to verify (repeatable).
    #[arg(
        short = 'f',
        long = "file",
        value_name = "FILE",
        help_heading = "Loading pacts"
    )]
    files: Vec<PathBuf>,
    /// A directory of pact files to verify (repeatable).
    #[arg(
        short = 'd',
        long = "dir",
        value_name = "DIR",
        help_heading = "Loading pacts"
    )]
    dirs: Vec<PathBuf>,
    /// The URL of a pact file to verify (repeatable).
    #[arg(
        short = 'u',
        long = "url",
        value_name = "URL",
        help_heading = "Loading pacts"
    )]
    urls: Vec<String>,
    /// A Pact Broker to fetch the provider's pacts for verification from.
    #[arg(
        short = 'b',
        long,
        env = "PACT_BROKER_BASE_URL",
        value_name = "URL",
        help_heading = "Loading pacts"
    )]
    broker_url: Option<String>,
    /// The URL of one pact to verify, from a broker webhook (verified as --url, with the
    /// broker's credentials).
    #[arg(
        long,
        env = "PACT_WEBHOOK_CALLBACK_URL",
        value_name = "URL",
        help_heading = "Loading pacts"
    )]
    webhook_callback_url: Option<String>,
    /// Succeed when nothing was verified: no pact found, every interaction filtered out
    /// or skipped. By default that fails, so a build that checked nothing is not green.
    #[arg(
        long = "ignore-no-pacts-error",
        alias = "no-pacts-is-ok",
        help_heading = "Loading pacts"
    )]
    no_pacts_is_ok: bool,

    // ---- authentication ----
    /// The user name for pact URLs and the broker.
    #[arg(
        long,
        env = "PACT_BROKER_USERNAME",
        requires = "password",
        help_heading = "Authentication"
    )]
    user: Option<String>,
    /// The password for pact URLs and the broker.
    #[arg(
        long,
        env = "PACT_BROKER_PASSWORD",
        hide_env_values = true,
        help_heading = "Authentication"
    )]
    password: Option<String>,
    /// A bearer token for pact URLs and the broker.
    #[arg(
        short = 't',
        long,
        env = "PACT_BROKER_TOKEN",
        hide_env_values = true,
        help_heading = "Authentication"
    )]
    token: Option<String>,
    /// Credentials for pact URLs as `user:password` (the same as --user and --password).
    #[arg(long, value_name = "USER:PASSWORD", conflicts_with_all = ["user", "token"], help_heading = "Authentication")]
    basic_auth: Option<String>,

    // ---- provider ----
    /// The provider's name (pacts for other providers are skipped in directories and are
    /// errors when named explicitly). Required.
    #[arg(
        short = 'n',
        long,
        alias = "provider",
        env = "PACT_PROVIDER_NAME",
        help_heading = "Provider"
    )]
    provider_name: Option<String>,
    /// The provider's base URL, e.g. http://127.0.0.1:8080 (instead of --hostname,
    /// --port, --transport).
    #[arg(long, value_parser = parse_base_url, conflicts_with_all = ["hostname", "port"], help_heading = "Provider")]
    provider_base_url: Option<String>,
    /// The provider's host name (default localhost).
    #[arg(
        short = 'h',
        long,
        env = "PACT_PROVIDER_HOSTNAME",
        help_heading = "Provider"
    )]
    hostname: Option<String>,
    /// The provider's port (default: the scheme's, 80 or 443).
    #[arg(
        short = 'p',
        long,
        env = "PACT_PROVIDER_PORT",
        help_heading = "Provider"
    )]
    port: Option<u16>,
    /// The provider's scheme: http or https.
    #[arg(long, alias = "transport", env = "PACT_PROVIDER_TRANSPORT", default_value = "http", value_parser = ["http", "https"], help_heading = "Provider")]
    scheme: String,
    /// Several transports as `name:port` (only the first http or https one is used).
    #[arg(long, num_args = 1.., value_name = "TRANSPORT:PORT", help_heading = "Provider")]
    transports: Vec<String>,
    /// A path prefix added to every request, e.g. /api.
    #[arg(long, env = "PACT_PROVIDER_BASE_PATH", help_heading = "Provider")]
    base_path: Option<String>,
    /// How long to wait for each response and state change, in milliseconds.
    #[arg(
        long,
        env = "PACT_PROVIDER_REQUEST_TIMEOUT",
        value_name = "MS",
        conflicts_with = "timeout",
        help_heading = "Provider"
    )]
    request_timeout: Option<u64>,
    /// How long to wait for each response and state change: seconds (`30`, `2.5`) or
    /// milliseconds (`500ms`). Default 30 s.
    #[arg(long, value_parser = parse_timeout, help_heading = "Provider")]
    timeout: Option<Duration>,
    /// A header added to every request, replacing the pact's, as `Name=value` or
    /// `Name: value` (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME=VALUE", value_parser = parse_header, help_heading = "Provider")]
    headers: Vec<(String, String)>,
    /// Accept any TLS certificate and host name. Insecure; the report warns about it.
    #[arg(long, alias = "insecure-tls", help_heading = "Provider")]
    disable_ssl_verification: bool,
    /// A PEM file of certificates to trust in addition to the platform's.
    #[arg(long, value_name = "FILE", help_heading = "Provider")]
    ca_file: Option<PathBuf>,
    /// The provider's message endpoint, a URL or a path joined to the base URL
    /// (`/_pact/messages`): each message interaction is POSTed there as
    /// {"description", "providerStates", "request"?}; the response body is the message,
    /// its metadata base64 JSON in the Pact-Message-Metadata header (the official
    /// verifier's convention). Without it, messages are POSTed to the provider's base URL
    /// (with --base-path), as the official verifier does.
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    message_endpoint: Option<String>,
    /// Verify up to N interactions without provider states at once.
    #[arg(long, default_value_t = 1, value_name = "N", help_heading = "Provider")]
    concurrency: usize,

    // ---- provider states ----
    /// A URL to POST provider state changes to, as JSON {"state", "params", "action"}.
    #[arg(
        short = 's',
        long,
        env = "PACT_PROVIDER_STATE_CHANGE_URL",
        help_heading = "Provider states"
    )]
    state_change_url: Option<String>,
    /// Send state changes as query parameters instead of a JSON body.
    #[arg(
        long,
        env = "PACT_PROVIDER_STATE_CHANGE_AS_QUERY",
        requires = "state_change_url",
        help_heading = "Provider states"
    )]
    state_change_as_query: bool,
    /// Also call the state-change URL with "action": "teardown" after each interaction.
    #[arg(
        long,
        env = "PACT_PROVIDER_STATE_CHANGE_TEARDOWN",
        requires = "state_change_url",
        help_heading = "Provider states"
    )]
    state_change_teardown: bool,

    // ---- filters ----
    /// Verify only interactions whose description is this text or matches this regex
    /// (also read from PACT_DESCRIPTION; both apply when both are set).
    #[arg(long, value_name = "REGEX", help_heading = "Filtering interactions")]
    filter_description: Option<String>,
    /// Verify only interactions with a provider state that is this text or matches this
    /// regex (also read from PACT_PROVIDER_STATE).
    #[arg(long, value_name = "REGEX", help_heading = "Filtering interactions")]
    filter_state: Option<String>,
    /// Verify only interactions without provider states.
    #[arg(
        long,
        env = "PACT_PROVIDER_NO_STATE",
        help_heading = "Filtering interactions"
    )]
    filter_no_state: bool,
    /// Verify only the pacts of this consumer (repeatable).
    #[arg(
        short = 'c',
        long = "filter-consumer",
        value_name = "NAME",
        help_heading = "Filtering interactions"
    )]
    filter_consumers: Vec<String>,

    // ---- publishing ----
    /// Publish the verification results to the broker (needs --broker-url and
    /// --provider-version).
    #[arg(long, requires_all = ["broker_url", "provider_version"], help_heading = "Publishing results")]
    publish: bool,
    /// The provider version verified (required with --publish).
    #[arg(long, help_heading = "Publishing results", value_parser = crate::broker::non_blank)]
    provider_version: Option<String>,
    /// The provider's branch (sent with the results, and used for pending pacts).
    #[arg(long, help_heading = "Publishing results")]
    provider_branch: Option<String>,
    /// The provider version's tags, comma-separated.
    #[arg(long, value_delimiter = ',', help_heading = "Publishing results")]
    provider_tags: Vec<String>,
    /// The URL of the CI build, sent with the results.
    #[arg(long, help_heading = "Publishing results")]
    build_url: Option<String>,

    // ---- broker ----
    /// Consumer version selectors as JSON objects (repeatable), e.g.
    /// '{"mainBranch": true}', '{"deployedOrReleased": true}'.
    #[arg(long, value_name = "JSON", value_parser = selectors::parse, help_heading = "Pact Broker")]
    consumer_version_selectors: Vec<ConsumerVersionSelector>,
    /// Consumer version tags, comma-separated (the latest pact of each).
    #[arg(long, value_delimiter = ',', help_heading = "Pact Broker")]
    consumer_version_tags: Vec<String>,
    /// Include pending pacts (their failures do not fail the run).
    #[arg(long, help_heading = "Pact Broker")]
    enable_pending: bool,
    /// Include work-in-progress pacts created since this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", help_heading = "Pact Broker")]
    include_wip_pacts_since: Option<String>,
    /// How many times to retry a failed broker request.
    #[arg(
        long,
        env = "PACT_BROKER_HTTP_RETRIES",
        value_name = "N",
        help_heading = "Pact Broker"
    )]
    retries: Option<u32>,

    // ---- output ----
    /// Print the report on stdout as text (default) or as one JSON document. With text
    /// and standard error a terminal, a run longer than a second shows a progress line
    /// there, erased before the report.
    #[arg(long, value_enum, default_value_t = Format::Text, help_heading = "Output")]
    output: Format,
    /// Also write the JSON report to this file.
    #[arg(
        short = 'j',
        long,
        env = "PACT_VERIFIER_JSON_REPORT",
        value_name = "FILE",
        help_heading = "Output"
    )]
    json: Option<PathBuf>,
    /// Also write a JUnit XML report to this file.
    #[arg(
        short = 'x',
        long,
        env = "PACT_VERIFIER_JUNIT_REPORT",
        value_name = "FILE",
        help_heading = "Output"
    )]
    junit: Option<PathBuf>,
    /// No colour (colour is used only on a terminal, and never under NO_COLOR).
    #[arg(long, alias = "no-color", help_heading = "Output")]
    no_colour: bool,
    /// Log to stderr at this level.
    #[arg(long, short = 'l', alias = "loglevel", value_parser = ["off", "none", "error", "warn", "info", "debug", "trace"], help_heading = "Output")]
    log_level: Option<String>,
    /// Accepted for compatibility; logs are always compact single lines.
    #[arg(long, hide = true)]
    pretty_log: bool,
    /// Accepted for compatibility; logs are always compact single lines.
    #[arg(long, hide = true)]
    full_log: bool,
    /// Accepted for compatibility; logs are always compact single lines.
    #[arg(long, hide = true)]
    compact_log: bool,

    // ---- accepted, not implemented ----
    /// Not implemented (HTML reports); accepted and ignored.
    #[arg(long, value_name = "FILE", hide = true)]
    html: Option<PathBuf>,
    /// Not implemented (HTML reports); accepted and ignored.
    #[arg(long, value_name = "FILE", hide = true)]
    xslt: Option<PathBuf>,
    /// Not implemented: this project sends no telemetry.
    #[arg(long, hide = true)]
    enable_otel: bool,
    /// Not implemented: this project sends no telemetry.
    #[arg(long, hide = true)]
    enable_otel_logs: bool,
    /// Not implemented: this project sends no telemetry.
    #[arg(long, hide = true)]
    enable_otel_traces: bool,
    /// Not implemented: this project sends no telemetry.
    #[arg(long, hide = true)]
    otel_exporter: Option<String>,
    /// Not implemented: this project sends no telemetry.
    #[arg(long, hide = true)]
    otel_exporter_endpoint: Option<String>,
    /// Not implemented: this project sends no telemetry.
    #[arg(long, hide = true)]
    otel_exporter_protocol: Option<String>,
    /// Not implemented; accepted and ignored.
    #[arg(long, hide = true)]
    exit_on_first_error: bool,
    /// Not implemented; accepted and ignored.
    #[arg(long, hide = true)]
    last_failed: bool,
}

/// An http:// or https:// URL with a host (and a valid port, if any): a typo here is a
/// settings error (exit 2), not a verification failure repeated for every interaction.
fn parse_base_url(text: &str) -> Result<String, String> {
    let expected = "expected an http:// or https:// URL with a host, such as http://127.0.0.1:8080";
    let uri: http::Uri = text
        .parse()
        .map_err(|error| format!("{expected}, found `{text}` ({error})"))?;
    // `http` keeps a port that does not fit in 16 bits but then reports none; read it from
    // the authority text (after an IPv6 literal's closing bracket).
    let port_ok = uri.authority().is_none_or(|authority| {
        let text = authority.as_str();
        let text = text.rsplit_once('@').map_or(text, |(_, host)| host);
        let after_host = text.rsplit_once(']').map_or(text, |(_, rest)| rest);
        after_host
            .rsplit_once(':')
            .is_none_or(|(_, port)| port.parse::<u16>().is_ok())
    });
    match (uri.scheme_str(), uri.host()) {
        (Some("http" | "https"), Some(host)) if !host.is_empty() && port_ok => Ok(text.to_owned()),
        _ => Err(format!("{expected}, found `{text}`")),
    }
}

/// `Name=value` (the official verifier's form) or `Name: value` (this CLI's earlier
/// form). A header name holds neither `:` nor `=`, so the first of them separates.
fn parse_header(text: &str) -> Result<(String, String), String> {
    let at = text
        .find([':', '='])
        .ok_or_else(|| format!("expected `Name=value` or `Name: value`, found `{text}`"))?;
    let (name, value) = (text[..at].trim(), text[at + 1..].trim());
    if name.is_empty() {
        return Err(format!("a header needs a name, found `{text}`"));
    }
    Ok((name.to_owned(), value.to_owned()))
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    let invalid =
        || format!("expected seconds (`30`, `2.5`) or milliseconds (`500ms`), found `{text}`");
    if let Some(millis) = text.strip_suffix("ms") {
        return millis
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|millis| *millis > 0)
            .map(Duration::from_millis)
            .ok_or_else(invalid);
    }
    let seconds: f64 = text
        .trim_end_matches('s')
        .trim()
        .parse()
        .map_err(|_| invalid())?;
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|duration| !duration.is_zero())
        .ok_or_else(invalid)
}

impl VerifyArgs {
    /// The provider's base URL: --provider-base-url, else built from --hostname, --port,
    /// --transport/--transports and --base-path as the official verifier does.
    fn base_url(&self) -> String {
        let base = self.provider_base_url.clone().unwrap_or_else(|| {
            let from_transports = self.transports.iter().find_map(|entry| {
                let (name, port) = entry.split_once(':')?;
                let port = port.parse::<u16>().ok()?;
                matches!(name, "http" | "https").then(|| (name.to_owned(), port))
            });
            let (scheme, port) = match from_transports {
                Some((scheme, port)) => (scheme, Some(port)),
                None => (self.scheme.clone(), self.port),
            };
            let host = self.hostname.as_deref().unwrap_or("localhost");
            match port {
                Some(port) => format!("{scheme}://{host}:{port}"),
                None => format!("{scheme}://{host}"),
            }
        });
        match self.base_path.as_deref().map(|p| p.trim_matches('/')) {
            Some(path) if !path.is_empty() => format!("{}/{path}", base.trim_end_matches('/')),
            _ => base,
        }
    }

    /// Whether the command line names where the provider is (otherwise [`base_url`]
    /// falls back to `http://localhost`, a guess a message endpoint path must not be
    /// joined to silently).
    ///
    /// [`base_url`]: VerifyArgs::base_url
    fn names_a_base_url(&self) -> bool {
        self.provider_base_url.is_some()
            || self.hostname.is_some()
            || self.port.is_some()
            || self.transports.iter().any(|entry| {
                entry.split_once(':').is_some_and(|(name, port)| {
                    matches!(name, "http" | "https") && port.parse::<u16>().is_ok()
                })
            })
    }

    fn timeout(&self) -> Duration {
        match (self.request_timeout, self.timeout) {
            (Some(millis), _) => Duration::from_millis(millis.max(1)),
            (None, Some(timeout)) => timeout,
            (None, None) => Duration::from_secs(30),
        }
    }

    fn credentials(&self) -> Option<(String, String)> {
        if let Some(text) = &self.basic_auth {
            let (user, password) = text.split_once(':').unwrap_or((text, ""));
            return Some((user.to_owned(), password.to_owned()));
        }
        let user = self.user.as_ref().filter(|user| !user.is_empty())?;
        Some((user.clone(), self.password.clone().unwrap_or_default()))
    }

    fn url_source(&self, url: &str) -> PactSource {
        if let Some(token) = self.token.as_ref().filter(|token| !token.is_empty()) {
            return PactSource::url_bearer_auth(url, token);
        }
        if let Some((user, password)) = self.credentials() {
            return PactSource::url_basic_auth(url, user, password);
        }
        PactSource::url(url)
    }

    fn broker_client(&self, url: &str) -> Result<BrokerClient, String> {
        let mut builder = BrokerClient::builder(url).timeout(self.timeout());
        if let Some(token) = self.token.as_ref().filter(|token| !token.is_empty()) {
            builder = builder.bearer_token(token.as_str());
        } else if let Some((user, password)) = self.credentials() {
            builder = builder.basic_auth(user, password);
        }
        if let Some(retries) = self.retries {
            builder = builder.retries(retries);
        }
        if self.disable_ssl_verification {
            builder = builder.danger_accept_invalid_certificates();
        }
        builder.build().map_err(|error| error.to_string())
    }

    fn sources(&self) -> Result<Vec<PactSource>, String> {
        let mut sources = Vec::new();
        for pact in &self.pacts {
            if pact.starts_with("http://") || pact.starts_with("https://") {
                sources.push(self.url_source(pact));
            } else if PathBuf::from(pact).is_dir() {
                sources.push(PactSource::dir(pact));
            } else {
                sources.push(PactSource::file(pact));
            }
        }
        sources.extend(self.files.iter().map(PactSource::file));
        sources.extend(self.dirs.iter().map(PactSource::dir));
        sources.extend(self.urls.iter().map(|url| self.url_source(url)));
        if let Some(url) = &self.webhook_callback_url {
            sources.push(self.url_source(url));
        } else if let Some(url) = &self.broker_url {
            let mut broker = BrokerSource::new(self.broker_client(url)?);
            for selector in &self.consumer_version_selectors {
                broker = broker.selector(selector.clone());
            }
            for tag in &self.consumer_version_tags {
                broker = broker.selector(ConsumerVersionSelector::tag(tag).latest());
            }
            if let Some(branch) = &self.provider_branch {
                broker = broker.provider_branch(branch);
            }
            for tag in &self.provider_tags {
                broker = broker.provider_tag(tag);
            }
            if self.enable_pending {
                broker = broker.include_pending();
            }
            if let Some(date) = &self.include_wip_pacts_since {
                broker = broker.include_wip_since(date);
            }
            sources.push(PactSource::from(broker));
        }
        if sources.is_empty() {
            return Err(
                "no pacts to verify: give pact files, directories or URLs, --file, --dir, \
                 --url or --broker-url"
                    .to_owned(),
            );
        }
        Ok(sources)
    }

    fn verifier(&self) -> Result<Verifier, String> {
        let provider = self.provider_name.as_deref().ok_or(
            "the provider's name is required: --provider-name NAME (or -n, --provider, \
             PACT_PROVIDER_NAME)",
        )?;
        let mut verifier = Verifier::new(provider, self.base_url())
            .timeout(self.timeout())
            .concurrency(self.concurrency);
        for (name, value) in &self.headers {
            verifier = verifier.header(name, value);
        }
        if let Some(url) = &self.state_change_url {
            let mut url = StateChangeUrl::new(url);
            if self.state_change_as_query {
                url = url.as_query();
            }
            if self.state_change_teardown {
                url = url.with_teardown();
            }
            verifier = verifier.state_change_url(url);
        }
        if let Some(pattern) = &self.filter_description {
            verifier = verifier.filter_description(pattern);
        }
        if let Some(pattern) = &self.filter_state {
            verifier = verifier.filter_provider_state(pattern);
        }
        if self.filter_no_state {
            verifier = verifier.filter_no_state();
        }
        for consumer in &self.filter_consumers {
            verifier = verifier.filter_consumer(consumer);
        }
        if let Some(path) = &self.ca_file {
            verifier = verifier
                .root_certificate_file(path)
                .map_err(|error| format!("cannot read the CA file {}: {error}", path.display()))?;
        }
        if self.disable_ssl_verification {
            verifier = verifier.danger_accept_invalid_certificates();
        }
        if let Some(endpoint) = &self.message_endpoint {
            if !endpoint.contains("://") && !self.names_a_base_url() {
                return Err(format!(
                    "--message-endpoint {endpoint} is a path, joined to the provider's base \
                     URL, but no base URL was given: add --hostname and --port (or \
                     --provider-base-url), or give the endpoint as a full URL \
                     (http://host:port{endpoint})"
                ));
            }
            verifier = verifier.message_endpoint(endpoint);
        }
        if self.no_pacts_is_ok {
            verifier = verifier.allow_no_interactions();
        }
        Ok(verifier)
    }

    /// The official flags accepted here without effect, named on stderr.
    fn ignored_flags(&self) -> Vec<&'static str> {
        let mut ignored = Vec::new();
        let telemetry = self.enable_otel
            || self.enable_otel_logs
            || self.enable_otel_traces
            || self.otel_exporter.is_some()
            || self.otel_exporter_endpoint.is_some()
            || self.otel_exporter_protocol.is_some();
        if telemetry {
            ignored.push("--enable-otel/--otel-* (this verifier sends no telemetry)");
        }
        if self.html.is_some() || self.xslt.is_some() {
            ignored.push("--html/--xslt (use --json or --junit)");
        }
        if self.exit_on_first_error {
            ignored.push("--exit-on-first-error");
        }
        if self.last_failed {
            ignored.push("--last-failed");
        }
        ignored
    }
}

fn init_logging(level: Option<&str>) {
    let level = match level {
        None | Some("off" | "none") => return,
        Some("error") => tracing::Level::ERROR,
        Some("warn") => tracing::Level::WARN,
        Some("info") => tracing::Level::INFO,
        Some("debug") => tracing::Level::DEBUG,
        Some(_) => tracing::Level::TRACE,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .compact()
        .init();
}

/// Runs `pact verify` and returns the exit code.
pub(crate) async fn run(args: VerifyArgs) -> u8 {
    if args.version {
        anstream::println!("pact {}", env!("CARGO_PKG_VERSION"));
        return EXIT_OK;
    }
    if args.no_colour {
        output::disable_colour();
    }
    init_logging(args.log_level.as_deref());
    for flag in args.ignored_flags() {
        anstream::eprintln!("note: ignoring {flag}");
    }
    let prepared = args.verifier().and_then(|v| Ok((v, args.sources()?)));
    let (verifier, sources) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            output::error(&message);
            return EXIT_USAGE;
        }
    };
    let wanted = progress::wanted(
        args.output == Format::Text,
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
    );
    let report = if wanted {
        let counts = std::sync::Arc::new(progress::Progress::default());
        let verifier = progress::Progress::observe(&counts, verifier);
        counts.show_while(verifier.verify(&sources)).await
    } else {
        verifier.verify(&sources).await
    };
    let document = report_json(&report);
    match args.output {
        Format::Text => {
            anstream::println!("{report}");
            // After a settings error the report's last line says the run did not happen.
            if let Some((ok, verdict)) = verdict::verdict(&report) {
                anstream::println!("{}", output::paint(if ok { GOOD } else { BAD }, &verdict));
            }
        }
        Format::Json => output::json(&document),
    }
    let mut code = exit_code(&report);
    if let Err(message) = write_reports(&args, &report, &document) {
        output::error(&message);
        code = code.max(EXIT_FAILED);
    }
    // The broker's notices for after the verification depend on whether the result was
    // published, so they come after publishing (or after the report when not publishing).
    if args.publish {
        match publish_results(&args, &report).await {
            Ok(published) => {
                for result in &published {
                    for notice in &result.notices {
                        anstream::eprintln!("{}: notice: {notice}", result.pact);
                    }
                }
                anstream::eprintln!("published {} verification result(s)", published.len());
            }
            Err(message) => {
                output::error(&message);
                code = code.max(EXIT_FAILED);
            }
        }
    } else {
        for pact in &report.pacts {
            for notice in pact_runtime::broker::after_verification_notices(pact, false) {
                anstream::eprintln!("{}: notice: {notice}", pact.source);
            }
        }
    }
    code
}

fn exit_code(report: &VerificationReport) -> u8 {
    let settings_error = report
        .errors
        .iter()
        .any(|error| !matches!(error, VerifyError::NothingSelected { .. }));
    if settings_error {
        EXIT_USAGE
    } else if report.is_ok() {
        EXIT_OK
    } else {
        EXIT_FAILED
    }
}

fn write_reports(
    args: &VerifyArgs,
    report: &VerificationReport,
    document: &Value,
) -> Result<(), String> {
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(document).unwrap_or_else(|_| document.to_string());
        std::fs::write(path, text)
            .map_err(|error| format!("cannot write the JSON report {}: {error}", path.display()))?;
    }
    if let Some(path) = &args.junit {
        std::fs::write(path, junit::render(report)).map_err(|error| {
            format!("cannot write the JUnit report {}: {error}", path.display())
        })?;
    }
    Ok(())
}

async fn publish_results(
    args: &VerifyArgs,
    report: &VerificationReport,
) -> Result<Vec<PublishedResult>, String> {
    let (Some(url), Some(version)) = (&args.broker_url, &args.provider_version) else {
        return Err("--publish needs --broker-url and --provider-version".to_owned());
    };
    let client = args.broker_client(url)?;
    let mut version = ProviderVersion::new(version);
    if let Some(branch) = &args.provider_branch {
        version = version.branch(branch);
    }
    for tag in &args.provider_tags {
        version = version.tag(tag);
    }
    if let Some(build_url) = &args.build_url {
        version = version.build_url(build_url);
    }
    client
        .publish_verification_results(report, &version)
        .await
        .map_err(|error| format!("cannot publish the verification results: {error}"))
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::Pending => "pending",
        Status::Skipped => "skipped",
    }
}

/// The report as one JSON document (`--output json`, `--json FILE`): a verdict, counts,
/// and per pact and interaction what happened, mismatches as the text people read.
pub(crate) fn report_json(report: &VerificationReport) -> Value {
    let pacts: Vec<Value> = report
        .pacts
        .iter()
        .map(|pact| {
            let interactions: Vec<Value> = pact
                .interactions
                .iter()
                .map(|interaction| {
                    let mut entry = json!({
                        "description": interaction.description,
                        "providerStates": interaction.provider_states,
                        "status": status_name(interaction.status()),
                        "pending": interaction.pending,
                        "durationMs": interaction.duration.as_millis(),
                    });
                    match &interaction.outcome {
                        Outcome::Failed {
                            mismatches, errors, ..
                        } => {
                            entry["mismatches"] =
                                mismatches.iter().map(ToString::to_string).collect();
                            let errors: Vec<String> =
                                errors.iter().map(ToString::to_string).collect();
                            entry["error"] = json!((!errors.is_empty()).then(|| errors.join("\n")));
                        }
                        Outcome::Skipped { reason } => entry["reason"] = json!(reason),
                        _ => {}
                    }
                    entry
                })
                .collect();
            json!({
                "source": pact.source,
                "consumer": pact.consumer,
                "provider": pact.provider,
                "pending": pact.pending,
                "loadError": pact.load_error.as_ref().map(ToString::to_string),
                "notices": pact.notices,
                "filteredOut": pact.filtered_out,
                "interactions": interactions,
            })
        })
        .collect();
    let count = |wanted: Status| {
        report
            .interactions()
            .filter(|i| i.status() == wanted)
            .count()
    };
    json!({
        "ok": report.is_ok(),
        "summary": {
            "total": report.interactions().count(),
            "passed": count(Status::Passed),
            "failed": count(Status::Failed),
            "pending": count(Status::Pending),
            "skipped": count(Status::Skipped),
        },
        "errors": report.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "nothingVerified": report.nothing_verified(),
        "warnings": report.warnings,
        "durationMs": report.duration.as_millis(),
        "pacts": pacts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    #[derive(Debug, clap::Parser)]
    #[command(disable_help_flag = true, disable_version_flag = true)]
    struct Wrapper {
        #[command(flatten)]
        args: VerifyArgs,
    }

    fn parse(args: &[&str]) -> VerifyArgs {
        Wrapper::try_parse_from(std::iter::once("verify").chain(args.iter().copied()))
            .unwrap_or_else(|error| panic!("{args:?}: {error}"))
            .args
    }

    #[test]
    fn a_base_url_needs_an_http_scheme_a_host_and_a_valid_port() {
        for good in [
            "http://127.0.0.1:8080",
            "https://localhost",
            "http://[::1]:80/api/",
        ] {
            assert_eq!(parse_base_url(good).as_deref(), Ok(good));
        }
        for bad in [
            "not a url",
            "ftp://x",
            "http://",
            "localhost:8080",
            "http://[::1",
            "http://127.0.0.1:99999",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timeouts_read_seconds_and_milliseconds_and_refuse_zero() {
        assert_eq!(parse_timeout("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_timeout("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_timeout("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("0ms").is_err());
        assert!(parse_timeout("soon").is_err());
    }

    #[test]
    fn headers_read_the_official_equals_form_and_the_colon_form() {
        assert_eq!(
            parse_header("Authorization=Bearer a:b"),
            Ok(("Authorization".into(), "Bearer a:b".into()))
        );
        assert_eq!(
            parse_header("Authorization: Basic YWxhZGRpbjpvcGVu=="),
            Ok(("Authorization".into(), "Basic YWxhZGRpbjpvcGVu==".into()))
        );
        assert_eq!(
            parse_header("X-Empty="),
            Ok(("X-Empty".into(), String::new()))
        );
        assert!(parse_header("no separator").is_err());
        assert!(parse_header("=value").is_err());
        assert!(parse_header(": value").is_err());
    }

    #[test]
    fn the_base_url_is_built_from_host_port_scheme_and_base_path_like_the_official_verifier() {
        assert_eq!(
            parse(&["-h", "api.local", "-p", "8080"]).base_url(),
            "http://api.local:8080"
        );
        assert_eq!(parse(&["--port", "9"]).base_url(), "http://localhost:9");
        assert_eq!(
            parse(&["--transport", "https"]).base_url(),
            "https://localhost"
        );
        assert_eq!(
            parse(&["--scheme", "https", "-p", "8443", "--base-path", "/api/"]).base_url(),
            "https://localhost:8443/api"
        );
        assert_eq!(
            parse(&["--transports", "grpc:5555", "https:8443"]).base_url(),
            "https://localhost:8443"
        );
        assert_eq!(
            parse(&[
                "--provider-base-url",
                "http://127.0.0.1:1/",
                "--base-path",
                "v1"
            ])
            .base_url(),
            "http://127.0.0.1:1/v1"
        );
    }

    #[test]
    fn the_request_timeout_is_in_milliseconds_and_the_old_timeout_still_works() {
        assert_eq!(
            parse(&["--request-timeout", "1500"]).timeout(),
            Duration::from_millis(1500)
        );
        assert_eq!(parse(&["--timeout", "2"]).timeout(), Duration::from_secs(2));
        assert_eq!(parse(&[]).timeout(), Duration::from_secs(30));
    }

    #[test]
    fn our_earlier_flag_names_stay_aliases() {
        let args = parse(&[
            "--provider",
            "p",
            "--insecure-tls",
            "--no-pacts-is-ok",
            "--basic-auth",
            "u:pw",
            "pacts/a.json",
        ]);
        assert_eq!(args.provider_name.as_deref(), Some("p"));
        assert!(args.disable_ssl_verification);
        assert!(args.no_pacts_is_ok);
        assert_eq!(args.credentials(), Some(("u".into(), "pw".into())));
        assert_eq!(args.pacts, ["pacts/a.json"]);
    }

    #[test]
    fn no_pacts_at_all_and_no_provider_name_are_usage_errors() {
        let no_name = parse(&["-f", "a.json"]);
        assert!(
            no_name
                .verifier()
                .is_err_and(|m| m.contains("--provider-name"))
        );
        let nothing = parse(&["-n", "p"]);
        assert!(
            nothing
                .sources()
                .is_err_and(|m| m.contains("no pacts to verify"))
        );
    }
}
