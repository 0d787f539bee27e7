//! `pact`: the command line of pact-runtime.
//!
//! `pact verify` replays pacts (files, directories, URLs) against a running provider and
//! prints the per-interaction report. Message interactions are asked of the provider's
//! message endpoint (`--message-endpoint`), with the official verifier's convention. Exit codes: 0 when every interaction passed
//! (pending ones may fail), 1 when verification failed, 2 when the command line or the
//! settings are wrong.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use pact_runtime::provider::{PactSource, StateChangeUrl, Verifier, VerifyError};

/// Exit code: every interaction passed.
const EXIT_OK: u8 = 0;
/// Exit code: verification failed (an interaction failed, a pact could not be read, the
/// filters selected nothing).
const EXIT_FAILED: u8 = 1;
/// Exit code: the command line or the settings are wrong (clap uses 2 for usage errors).
const EXIT_USAGE: u8 = 2;

const EXIT_CODES: &str = "\
Exit codes:
  0  every interaction passed (failures of pending interactions are tolerated)
  1  verification failed: an interaction failed, a pact could not be fetched or read,
     or nothing was verified (no pact found, every interaction filtered out or skipped)
     unless --no-pacts-is-ok
  2  usage or settings error: bad arguments, invalid filter regex, unreadable CA file,
     invalid header";

/// Contract testing in the Pact family.
#[derive(Debug, Parser)]
#[command(name = "pact", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify a running provider against pact files, directories of pact files or pact URLs.
    #[command(after_help = EXIT_CODES)]
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
struct VerifyArgs {
    /// The provider's name; pacts for other providers in a directory are skipped.
    #[arg(long)]
    provider: String,
    /// The provider's base URL, e.g. http://127.0.0.1:8080 or https://localhost:8443.
    #[arg(long, value_parser = parse_base_url)]
    provider_base_url: String,
    /// A URL to POST provider state changes to, as JSON {"state", "params", "action"}.
    #[arg(long)]
    state_change_url: Option<String>,
    /// Send state changes as query parameters instead of a JSON body.
    #[arg(long, requires = "state_change_url")]
    state_change_as_query: bool,
    /// Also call the state-change URL with "action": "teardown" after each interaction.
    #[arg(long, requires = "state_change_url")]
    state_change_teardown: bool,
    /// A header added to every request, replacing the pact's, as `Name: value`
    /// (repeatable).
    #[arg(long = "header", value_name = "NAME: VALUE", value_parser = parse_header)]
    headers: Vec<(String, String)>,
    /// Verify only interactions whose description matches this regex (also read from
    /// PACT_DESCRIPTION; both apply when both are set).
    #[arg(long, value_name = "REGEX")]
    filter_description: Option<String>,
    /// Verify only interactions with a provider state matching this regex (also read from
    /// PACT_PROVIDER_STATE).
    #[arg(long, value_name = "REGEX")]
    filter_state: Option<String>,
    /// How long to wait for each response and state change: seconds (`30`, `2.5`) or
    /// milliseconds (`500ms`).
    #[arg(long, default_value = "30", value_parser = parse_timeout)]
    timeout: Duration,
    /// A PEM file of certificates to trust in addition to the platform's (a self-signed
    /// provider's certificate or its CA).
    #[arg(long, value_name = "FILE")]
    ca_file: Option<PathBuf>,
    /// Accept any TLS certificate and host name. Insecure; the report warns about it.
    #[arg(long)]
    insecure_tls: bool,
    /// Credentials for pact URLs, as `user:password`.
    #[arg(long, value_name = "USER:PASSWORD", conflicts_with = "token")]
    basic_auth: Option<String>,
    /// A bearer token for pact URLs.
    #[arg(long)]
    token: Option<String>,
    /// The provider's message endpoint, a URL or a path joined to the base URL
    /// (`/_pact/messages`): each message interaction is POSTed there as
    /// {"description", "providerStates", "request"?} and the response body is the
    /// message, with base64 JSON metadata in the Pact-Message-Metadata header (the
    /// official verifier's convention). Without it, message interactions are skipped.
    #[arg(long, value_name = "URL")]
    message_endpoint: Option<String>,
    /// Succeed when nothing was verified: no pact found, every interaction filtered out
    /// or skipped. By default that fails, so a build that checked nothing is not green.
    #[arg(long, alias = "ignore-no-pacts-error")]
    no_pacts_is_ok: bool,
    /// Verify up to N interactions without provider states at once.
    #[arg(long, default_value_t = 1, value_name = "N")]
    concurrency: usize,
    /// Pact files, directories of pact files, or http(s) URLs of pacts.
    #[arg(required = true, value_name = "PACT")]
    pacts: Vec<String>,
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

fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("expected `Name: value`, found `{text}`"))?;
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    let invalid =
        || format!("expected seconds (`30`, `2.5`) or milliseconds (`500ms`), found `{text}`");
    if let Some(millis) = text.strip_suffix("ms") {
        return millis
            .trim()
            .parse::<u64>()
            .map(Duration::from_millis)
            .map_err(|_| invalid());
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

fn source(pact: &str, args: &VerifyArgs) -> PactSource {
    if pact.starts_with("http://") || pact.starts_with("https://") {
        if let Some(token) = &args.token {
            return PactSource::url_bearer_auth(pact, token);
        }
        if let Some(credentials) = &args.basic_auth {
            let (user, password) = credentials.split_once(':').unwrap_or((credentials, ""));
            return PactSource::url_basic_auth(pact, user, password);
        }
        return PactSource::url(pact);
    }
    let path = PathBuf::from(pact);
    if path.is_dir() {
        PactSource::dir(path)
    } else {
        PactSource::file(path)
    }
}

fn verifier(args: &VerifyArgs) -> Result<Verifier, String> {
    let mut verifier = Verifier::new(&args.provider, &args.provider_base_url)
        .timeout(args.timeout)
        .concurrency(args.concurrency);
    for (name, value) in &args.headers {
        verifier = verifier.header(name, value);
    }
    if let Some(url) = &args.state_change_url {
        let mut url = StateChangeUrl::new(url);
        if args.state_change_as_query {
            url = url.as_query();
        }
        if args.state_change_teardown {
            url = url.with_teardown();
        }
        verifier = verifier.state_change_url(url);
    }
    if let Some(pattern) = &args.filter_description {
        verifier = verifier.filter_description(pattern);
    }
    if let Some(pattern) = &args.filter_state {
        verifier = verifier.filter_provider_state(pattern);
    }
    if let Some(path) = &args.ca_file {
        verifier = verifier
            .root_certificate_file(path)
            .map_err(|error| format!("cannot read the CA file {}: {error}", path.display()))?;
    }
    if args.insecure_tls {
        verifier = verifier.danger_accept_invalid_certificates();
    }
    if let Some(endpoint) = &args.message_endpoint {
        verifier = verifier.message_endpoint(endpoint);
    }
    if args.no_pacts_is_ok {
        verifier = verifier.allow_no_interactions();
    }
    Ok(verifier)
}

fn verify(args: &VerifyArgs) -> ExitCode {
    let verifier = match verifier(args) {
        Ok(verifier) => verifier,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let sources: Vec<PactSource> = args.pacts.iter().map(|pact| source(pact, args)).collect();
    // The CLI is the one place that owns a runtime: current-thread, as `#[tokio::test]`.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let report = runtime.block_on(verifier.verify(&sources));
    println!("{report}");
    let settings_error = report
        .errors
        .iter()
        .any(|error| !matches!(error, VerifyError::NothingSelected { .. }));
    if settings_error {
        ExitCode::from(EXIT_USAGE)
    } else if report.is_ok() {
        ExitCode::from(EXIT_OK)
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Verify(args) => verify(args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(parse_timeout("soon").is_err());
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
    }
}
