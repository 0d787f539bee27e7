//! `pact`: the command line of pact-runtime.
//!
//! `pact verify` replays pact files against a running provider and prints the
//! per-interaction report. Exit codes: 0 when every interaction passed (pending ones may
//! fail), 1 when verification failed, 2 when the command line is wrong.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use pact_runtime::provider::{PactSource, Verifier};

/// Contract testing in the Pact family.
#[derive(Debug, Parser)]
#[command(name = "pact", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify a running provider against pact files or directories of pact files.
    ///
    /// Exit codes: 0 verified, 1 verification failed, 2 usage error.
    Verify {
        /// The provider's name; pacts for other providers in a directory are skipped.
        #[arg(long)]
        provider: String,
        /// The provider's base URL, e.g. http://127.0.0.1:8080.
        #[arg(long)]
        provider_base_url: String,
        /// Seconds to wait for each response.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        /// A header added to every request, as `Name: value` (repeatable).
        #[arg(long = "header", value_parser = parse_header)]
        headers: Vec<(String, String)>,
        /// Pact files, or directories of pact files.
        #[arg(required = true)]
        pacts: Vec<PathBuf>,
    },
}

fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("expected `Name: value`, found `{text}`"))?;
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Verify {
            provider,
            provider_base_url,
            timeout,
            headers,
            pacts,
        } => {
            let sources: Vec<PactSource> = pacts
                .into_iter()
                .map(|path| {
                    if path.is_dir() {
                        PactSource::dir(path)
                    } else {
                        PactSource::file(path)
                    }
                })
                .collect();
            let mut verifier =
                Verifier::new(provider, provider_base_url).timeout(Duration::from_secs(timeout));
            for (name, value) in headers {
                verifier = verifier.header(name, value);
            }
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    eprintln!("error: cannot start the async runtime: {e}");
                    return ExitCode::from(2);
                }
            };
            let report = runtime.block_on(verifier.verify(&sources));
            println!("{report}");
            if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}
