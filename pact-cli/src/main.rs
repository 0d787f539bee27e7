//! `pact`: the command line of pact-runtime, one native binary for CI pipelines and for
//! consumers and providers written in any language.
//!
//! Each subcommand is a thin layer over the library, in its own module: arguments
//! (clap derive) → library settings → one async call → output and an exit code.
//! - `verify` ([`verify`]): a running provider against pact files, directories, URLs or
//!   a Pact Broker; accepts the official `pact_verifier_cli` flags.
//! - `stub` ([`stub`]): serve pacts as a stub provider.
//! - `mock` ([`mock`]): mock servers for consumers in other languages, controlled over
//!   HTTP.
//! - `publish`, `can-i-deploy`, `record-deployment`, `record-release` ([`broker`]).
//!
//! The binary owns the one async runtime; nothing here panics on bad input: every error
//! is one line naming the file or URL and the reason, and an exit code.

mod broker;
mod mock;
mod output;
mod stub;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: success.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code: the command ran and the answer is "failed" (verification failed, not
/// deployable, publication refused).
pub(crate) const EXIT_FAILED: u8 = 1;
/// Exit code: the command line or the settings are wrong (clap uses 2 for usage errors).
pub(crate) const EXIT_USAGE: u8 = 2;

/// Contract testing in the Pact family.
#[derive(Debug, Parser)]
#[command(name = "pact", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify a running provider against pact files, directories, URLs or a Pact Broker.
    #[command(
        after_help = verify::EXIT_CODES,
        disable_help_flag = true,
        disable_version_flag = true
    )]
    Verify(Box<verify::VerifyArgs>),
    /// Serve pacts as a stub provider: each request gets the response of the first
    /// interaction that matches it.
    #[command(after_help = stub::AFTER_HELP)]
    Stub(stub::StubArgs),
    /// Run mock servers for consumers in other languages, controlled over HTTP.
    #[command(after_help = mock::AFTER_HELP)]
    Mock(mock::MockArgs),
    /// Publish pact files (or directories of them) to a Pact Broker.
    #[command(after_help = broker::PUBLISH_EXIT_CODES)]
    Publish(broker::PublishArgs),
    /// Ask a Pact Broker whether pacticipant versions can be deployed.
    #[command(after_help = broker::CAN_I_DEPLOY_EXIT_CODES)]
    CanIDeploy(broker::CanIDeployArgs),
    /// Record that a pacticipant version was deployed to an environment.
    #[command(after_help = broker::RECORD_EXIT_CODES)]
    RecordDeployment(broker::RecordDeploymentArgs),
    /// Record that a pacticipant version was released to an environment.
    #[command(after_help = broker::RECORD_EXIT_CODES)]
    RecordRelease(broker::RecordReleaseArgs),
}

/// The CLI is the one place that owns a runtime.
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the async runtime: {error}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(message) => {
            output::error(&message);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let code = match cli.command {
        Command::Verify(args) => runtime.block_on(verify::run(*args)),
        Command::Stub(args) => runtime.block_on(stub::run(args)),
        Command::Mock(args) => runtime.block_on(mock::run(args)),
        Command::Publish(args) => runtime.block_on(broker::publish(args)),
        Command::CanIDeploy(args) => runtime.block_on(broker::can_i_deploy(args)),
        Command::RecordDeployment(args) => runtime.block_on(broker::record_deployment(args)),
        Command::RecordRelease(args) => runtime.block_on(broker::record_release(args)),
    };
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
    }
}
