//! `pact stub`: serve pact files as a stub provider (the library's
//! [`pact_runtime::stub::StubServer`]) until the process is stopped.
//!
//! The first line on stdout is `stub server listening on URL`, so a script can read the
//! port when it asked for `--port 0`. With `--watch`, the files are checked every second
//! and the stub restarts on the same port when one changed; a change that does not load
//! keeps the previous pacts serving and says why on stderr.
//!
//! Pacts at URLs (with `--user` or `--token`) and a broker's pacts for a provider are read
//! once at start with the library's own source reader
//! ([`PactSource::read`](pact_runtime::provider::PactSource::read)), the same client the
//! verifier uses; `--watch` reloads files only.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use clap::Args;
use pact_runtime::broker::{BrokerClient, BrokerSource};
use pact_runtime::model::Pact;
use pact_runtime::provider::PactSource;
use pact_runtime::stub::StubServer;

use crate::output;
use crate::{EXIT_FAILED, EXIT_USAGE};

pub(crate) const AFTER_HELP: &str = "\
A request no interaction answers gets a 404 whose JSON body shows the closest interaction
and its mismatches; a response whose generators fail gets a 500 saying why.

A PACT that starts with http:// or https:// is fetched like --url. Pacts from URLs and
from the broker are read once at start; --watch reloads files only.

Examples:
  pact stub --port 9000 pacts/
  pact stub -u https://pacts.example/web-app.json --token \"$TOKEN\"
  pact stub -b \"$PACT_BROKER_BASE_URL\" -n user-service --user admin:secret

Exit codes:
  1  the stub stopped serving (the port could not be bound again after a reload)
  2  usage error, or a pact that cannot be read, or the port cannot be bound";

/// The arguments of `pact stub`.
#[derive(Debug, Args)]
pub(crate) struct StubArgs {
    /// Pact files, directories of pact files (`*.json`) or pact URLs.
    #[arg(value_name = "PACT")]
    pacts: Vec<PathBuf>,
    /// A pact URL, http or https (repeatable).
    #[arg(short = 'u', long = "url", value_name = "URL")]
    urls: Vec<String>,
    /// A Pact Broker: serve its pacts for --provider-name (the broker's default
    /// consumer version selection).
    #[arg(short = 'b', long, value_name = "URL", requires = "provider_name")]
    broker_url: Option<String>,
    /// The provider whose pacts the broker serves.
    #[arg(short = 'n', long, value_name = "NAME", requires = "broker_url")]
    provider_name: Option<String>,
    /// Basic authentication for pact URLs and the broker, as USER:PASSWORD.
    #[arg(long, value_name = "USER[:PASSWORD]", conflicts_with = "token")]
    user: Option<String>,
    /// A bearer token for pact URLs and the broker.
    #[arg(short = 't', long, value_name = "TOKEN")]
    token: Option<String>,
    /// Seconds to wait for each answer of a pact URL or the broker.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    request_timeout: u64,
    /// A pact file (repeatable).
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// A directory of pact files (repeatable).
    #[arg(short = 'd', long = "dir", value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// The port to listen on, on 127.0.0.1 (0: any free port).
    #[arg(short = 'p', long, default_value_t = 0)]
    port: u16,
    /// Answer CORS pre-flight requests.
    #[arg(short = 'o', long)]
    cors: bool,
    /// Serve only interactions with a provider state matching this regex.
    #[arg(short = 's', long, value_name = "REGEX")]
    provider_state: Option<String>,
    /// With --provider-state, also serve interactions without provider states.
    #[arg(long, requires = "provider_state")]
    empty_provider_state: bool,
    /// A request header naming the provider state to answer with, per request.
    #[arg(long, value_name = "NAME")]
    provider_state_header_name: Option<String>,
    /// Serve HTTPS with a generated self-signed certificate (its authority's PEM is
    /// printed on stderr).
    #[arg(long)]
    tls: bool,
    /// Reload when a pact file changes (checked every second).
    #[arg(short = 'w', long)]
    watch: bool,
}

impl StubArgs {
    /// Every pact file named, directories expanded to their `*.json` files in name order.
    /// Pact URLs given as PACT are not paths: see [`urls`](Self::urls).
    fn paths(&self) -> Result<Vec<PathBuf>, String> {
        let mut paths = Vec::new();
        for path in self.pacts.iter().chain(&self.files).chain(&self.dirs) {
            if is_url(path) {
                continue;
            }
            if path.is_dir() {
                let entries = std::fs::read_dir(path).map_err(|error| {
                    format!("cannot read directory {}: {error}", path.display())
                })?;
                let mut found: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
                    .collect();
                found.sort();
                paths.extend(found);
            } else {
                paths.push(path.clone());
            }
        }
        if paths.is_empty() && self.urls().is_empty() && self.broker_url.is_none() {
            return Err(
                "no pacts to serve: give pact files, directories, URLs or a broker".to_owned(),
            );
        }
        Ok(paths)
    }

    /// The pact URLs: --url, then PACTs that are URLs.
    fn urls(&self) -> Vec<String> {
        let named = self.pacts.iter().filter(|path| is_url(path));
        self.urls
            .iter()
            .cloned()
            .chain(named.map(|path| path.display().to_string()))
            .collect()
    }

    fn credentials(&self) -> Option<(String, String)> {
        let text = self.user.as_ref()?;
        let (user, password) = text.split_once(':').unwrap_or((text, ""));
        Some((user.to_owned(), password.to_owned()))
    }

    /// The URL and broker sources, each with its credentials.
    fn remote_sources(&self) -> Result<Vec<(PactSource, Option<&str>)>, String> {
        let mut sources = Vec::new();
        for url in self.urls() {
            let source = match (&self.token, self.credentials()) {
                (Some(token), _) => PactSource::url_bearer_auth(url, token),
                (None, Some((user, password))) => PactSource::url_basic_auth(url, user, password),
                (None, None) => PactSource::url(url),
            };
            sources.push((source, None));
        }
        if let (Some(url), Some(provider)) = (&self.broker_url, &self.provider_name) {
            let mut builder = BrokerClient::builder(url).timeout(self.timeout());
            if let Some(token) = &self.token {
                builder = builder.bearer_token(token.as_str());
            } else if let Some((user, password)) = self.credentials() {
                builder = builder.basic_auth(user, password);
            }
            let client = builder.build().map_err(|error| error.to_string())?;
            sources.push((BrokerSource::new(client).into(), Some(provider.as_str())));
        }
        Ok(sources)
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout.max(1))
    }
}

fn is_url(path: &std::path::Path) -> bool {
    path.to_str()
        .is_some_and(|text| text.starts_with("http://") || text.starts_with("https://"))
}

/// The pacts of the URL and broker sources, read once; any that cannot be read is an
/// error naming it (a stub silently missing a pact would answer 404s nobody can explain).
async fn load_remote(args: &StubArgs) -> Result<(Vec<Pact>, Vec<String>), String> {
    let mut pacts = Vec::new();
    let mut names = Vec::new();
    for (source, provider) in args.remote_sources()? {
        let fetched = source
            .read(provider, args.timeout())
            .await
            .map_err(|error| error.to_string())?;
        for fetched in fetched {
            pacts.push(fetched.pact.map_err(|error| error.to_string())?);
            names.push(fetched.name);
        }
    }
    Ok((pacts, names))
}

fn load(paths: &[PathBuf]) -> Result<Vec<Pact>, String> {
    paths
        .iter()
        .map(|path| pact_runtime::model::file::load(path).map_err(|error| error.to_string()))
        .collect()
}

async fn start(args: &StubArgs, pacts: Vec<Pact>, port: u16) -> Result<StubServer, String> {
    let mut builder = StubServer::builder(pacts).port(port);
    if args.cors {
        builder = builder.cors();
    }
    if args.tls {
        builder = builder.tls();
    }
    if let Some(pattern) = &args.provider_state {
        builder = builder.provider_state(pattern);
    }
    if args.empty_provider_state {
        builder = builder.include_empty_provider_state();
    }
    if let Some(name) = &args.provider_state_header_name {
        builder = builder.provider_state_header(name);
    }
    builder.start().await.map_err(|error| error.to_string())
}

fn modified(paths: &[PathBuf]) -> Vec<Option<SystemTime>> {
    paths
        .iter()
        .map(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok())
        .collect()
}

fn names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `pact stub`; returns only on an error.
pub(crate) async fn run(args: StubArgs) -> u8 {
    let paths = match args.paths() {
        Ok(paths) => paths,
        Err(message) => {
            output::error(&message);
            return EXIT_USAGE;
        }
    };
    let (remote, remote_names) = match load_remote(&args).await {
        Ok(remote) => remote,
        Err(message) => {
            output::error(&message);
            return EXIT_USAGE;
        }
    };
    let with_remote = |mut pacts: Vec<Pact>| {
        pacts.extend(remote.iter().cloned());
        pacts
    };
    let mut stub = match async { start(&args, with_remote(load(&paths)?), args.port).await }.await {
        Ok(stub) => stub,
        Err(message) => {
            output::error(&message);
            return EXIT_USAGE;
        }
    };
    anstream::println!("stub server listening on {}", stub.url());
    if let Some(pem) = stub.ca_pem() {
        anstream::eprintln!("the stub's certificate authority:\n{pem}");
    }
    let mut served: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    served.extend(remote_names);
    anstream::eprintln!("serving {}", served.join(", "));
    let port = stub.address().port();
    let mut seen = modified(&paths);
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        if !args.watch {
            continue;
        }
        let now = modified(&paths);
        if now == seen {
            continue;
        }
        seen = now;
        let pacts = match load(&paths) {
            Ok(pacts) => with_remote(pacts),
            Err(message) => {
                output::error(&format!(
                    "not reloaded, still serving the previous pacts: {message}"
                ));
                continue;
            }
        };
        drop(stub);
        stub = match restart(&args, pacts, port).await {
            Ok(stub) => stub,
            Err(message) => {
                output::error(&message);
                return EXIT_FAILED;
            }
        };
        anstream::eprintln!("reloaded {}", names(&paths));
    }
}

/// Starts again on the same port; the old listener may take a moment to close.
async fn restart(args: &StubArgs, pacts: Vec<Pact>, port: u16) -> Result<StubServer, String> {
    let mut last = String::new();
    for _ in 0..50 {
        match start(args, pacts.clone(), port).await {
            Ok(stub) => return Ok(stub),
            Err(message) => last = message,
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("cannot serve again after a reload: {last}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    #[derive(Debug, clap::Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: StubArgs,
    }

    #[test]
    fn directories_expand_to_their_json_files_in_name_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in ["b.json", "a.json", "notes.txt"] {
            std::fs::write(dir.path().join(name), "{}").expect("write");
        }
        let dir_arg = dir.path().to_str().expect("utf-8");
        let args = Wrapper::try_parse_from(["stub", "-d", dir_arg, "-f", "x.json"])
            .expect("parses")
            .args;
        let paths = args.paths().expect("paths");
        let names: Vec<_> = paths
            .iter()
            .map(|p| p.file_name().and_then(|n| n.to_str()).unwrap_or_default())
            .collect();
        assert_eq!(names, ["x.json", "a.json", "b.json"]);
        let none = Wrapper::try_parse_from(["stub"]).expect("parses").args;
        assert!(none.paths().is_err());
        assert!(std::path::Path::new(dir_arg).is_dir());
    }
}
