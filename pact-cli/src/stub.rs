//! `pact stub`: serve pact files as a stub provider (the library's
//! [`StubServer`](pact_runtime::stub::StubServer)) until the process is stopped.
//!
//! The first line on stdout is `stub server listening on URL`, so a script can read the
//! port when it asked for `--port 0`. With `--watch`, the files are checked every second
//! and the stub restarts on the same port when one changed; a change that does not load
//! keeps the previous pacts serving and says why on stderr.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use clap::Args;
use pact_runtime::model::Pact;
use pact_runtime::stub::StubServer;

use crate::output;
use crate::{EXIT_FAILED, EXIT_USAGE};

pub(crate) const AFTER_HELP: &str = "\
A request no interaction answers gets a 404 whose JSON body shows the closest interaction
and its mismatches; a response whose generators fail gets a 500 saying why.

Exit codes:
  1  the stub stopped serving (the port could not be bound again after a reload)
  2  usage error, or a pact that cannot be read, or the port cannot be bound";

/// The arguments of `pact stub`.
#[derive(Debug, Args)]
pub(crate) struct StubArgs {
    /// Pact files or directories of pact files (`*.json`).
    #[arg(value_name = "PACT")]
    pacts: Vec<PathBuf>,
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
    fn paths(&self) -> Result<Vec<PathBuf>, String> {
        let mut paths = Vec::new();
        for path in self.pacts.iter().chain(&self.files).chain(&self.dirs) {
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
        if paths.is_empty() {
            return Err("no pacts to serve: give pact files or directories".to_owned());
        }
        Ok(paths)
    }
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
    let mut stub = match async { start(&args, load(&paths)?, args.port).await }.await {
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
    anstream::eprintln!("serving {}", names(&paths));
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
            Ok(pacts) => pacts,
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
