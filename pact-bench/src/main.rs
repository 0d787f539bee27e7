//! `pact-bench`: the fixed performance workloads of WORKLOADS.md, so this implementation
//! and others can be timed side by side. Results are JSON lines on standard output; logs go
//! to standard error; the exit code is non-zero when a workload's assertion fails.
//!
//! One module per workload; `stats` computes and prints the figures the same way for all.

mod consumer_cycle;
mod dump_pacts;
mod engine_match;
mod error;
mod item_provider;
mod items;
mod large_body_match;
mod mock_throughput;
mod stats;
mod verify_messages;
mod verify_provider;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use error::BenchError;

/// Runs a performance workload and prints its results as JSON lines.
#[derive(Debug, Parser)]
#[command(name = "pact-bench", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Workload 1: one whole consumer test per cycle (pact, server, request, verify, write).
    #[command(name = "consumer_cycle")]
    ConsumerCycle(consumer_cycle::Args),
    /// Workload 2: 20,000 requests from 8 tasks against one mock server.
    #[command(name = "mock_throughput")]
    MockThroughput(mock_throughput::Args),
    /// Workload 3: a 10,000-element JSON body matched by the mock server, per request.
    #[command(name = "large_body_match")]
    LargeBodyMatch(large_body_match::Args),
    /// The matching engine alone on the workload-3 body and on ones 10 and 20 times larger.
    #[command(name = "engine_match")]
    EngineMatch(engine_match::Args),
    /// Workload 4: the verifier replaying a 200-interaction pact file against a provider.
    #[command(name = "verify_provider")]
    VerifyProvider(verify_provider::Args),
    /// 200 asynchronous messages verified from their pact file against in-process producers,
    /// beside workload 4's rate per HTTP interaction, also from its file.
    #[command(name = "verify_messages")]
    VerifyMessages(verify_messages::Args),
    /// Writes the pact file workload 4 verifies.
    #[command(name = "gen_pact")]
    GenPact(verify_provider::GenArgs),
    /// Writes the pact files of the workloads into DIR.
    #[command(name = "dump_pacts")]
    DumpPacts {
        /// The directory to write into (created if needed).
        dir: PathBuf,
    },
    /// Every workload (and every variant of workload 1), with the default flags.
    #[command(name = "all")]
    All,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pact-bench: {}", first_lines(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// How much of an error is logged: a mock server's report on a 10,000-element body
/// carries a body diff of a quarter of a million lines.
const MAX_ERROR_LINES: usize = 60;

fn first_lines(text: &str) -> String {
    let total = text.lines().count();
    if total <= MAX_ERROR_LINES {
        return text.to_owned();
    }
    let head: Vec<&str> = text.lines().take(MAX_ERROR_LINES).collect();
    format!(
        "{}\n… ({} more lines)",
        head.join("\n"),
        total - MAX_ERROR_LINES
    )
}

fn run(command: &Command) -> Result<(), BenchError> {
    match command {
        Command::ConsumerCycle(args) => consumer_cycle::run(args),
        Command::MockThroughput(args) => mock_throughput::run(args),
        Command::VerifyProvider(args) => verify_provider::run(args),
        Command::VerifyMessages(args) => verify_messages::run(args),
        Command::GenPact(args) => verify_provider::gen_pact(args),
        Command::LargeBodyMatch(args) => large_body_match::run(args),
        Command::EngineMatch(args) => engine_match::run(args),
        Command::DumpPacts { dir } => dump_pacts::run(dir),
        Command::All => {
            // Each workload runs even when an earlier one failed; the first error decides
            // the exit code.
            use consumer_cycle::{Rt, Variant};
            let results = [
                consumer_cycle::run(&consumer_cycle::Args::of(Variant::Sync, Rt::Current)),
                consumer_cycle::run(&consumer_cycle::Args::of(Variant::Sync, Rt::Multi)),
                consumer_cycle::run(&consumer_cycle::Args::of(Variant::Async, Rt::Current)),
                consumer_cycle::run(&consumer_cycle::Args::of(Variant::Async, Rt::Multi)),
                mock_throughput::run(&mock_throughput::Args::default()),
                large_body_match::run(&large_body_match::Args::default()),
                large_body_match::run(&large_body_match::Args {
                    min: 1,
                    ..large_body_match::Args::default()
                }),
                verify_provider::run(&verify_provider::Args::default()),
                verify_messages::run(&verify_messages::Args::default()),
            ];
            results.into_iter().collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_errors_are_cut_with_a_count_of_what_was_left_out() {
        let long: Vec<String> = (0..100).map(|i| format!("line {i}")).collect();
        let cut = first_lines(&long.join("\n"));
        assert_eq!(cut.lines().count(), MAX_ERROR_LINES + 1);
        assert!(cut.ends_with("… (40 more lines)"), "{cut}");
        assert_eq!(first_lines("one\ntwo"), "one\ntwo");
    }
}
