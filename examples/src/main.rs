//! `cargo run -p pact-examples`: the whole contract loop in one process. The consumer tests
//! write `target/pacts/web-app-user-service.json` (in the workspace, or
//! `$PACT_OUTPUT_DIR`), then the user service is verified against it; then the same for
//! the message contract, `welcome-mailer-user-service.json`: the mailer's handler on the
//! `users.created` event, then the user service's event builder verified against it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use pact_examples::contract::{self, PACT_FILE, messages};

fn main() -> ExitCode {
    // Current-thread, as `#[tokio::test]`: the mock servers then run on the runtime the
    // library shares between such servers, and the user service and the verifier share
    // this one.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the Tokio runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run())
}

/// `$PACT_OUTPUT_DIR` when set, else the workspace's `target/pacts`, wherever the binary
/// is run from.
fn pact_dir() -> PathBuf {
    match std::env::var_os("PACT_OUTPUT_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => {
            let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
            let workspace = manifest_dir
                .parent()
                .map_or(manifest_dir.clone(), PathBuf::from);
            workspace.join("target").join("pacts")
        }
    }
}

async fn run() -> ExitCode {
    let started = Instant::now();
    let dir = pact_dir();
    let pact = dir.join(PACT_FILE);
    if let Err(error) = std::fs::remove_file(&pact)
        && error.kind() != std::io::ErrorKind::NotFound
    {
        eprintln!("cannot remove the old pact {}: {error}", pact.display());
        return ExitCode::FAILURE;
    }

    println!(
        "consumer tests ({} against a mock {}):",
        contract::CONSUMER,
        contract::PROVIDER
    );
    let mut consumer_ok = true;
    for (test, outcome) in contract::write_pact(&dir).await {
        match outcome {
            Ok(_) => println!("  ✔ {}", test.name()),
            Err(error) => {
                consumer_ok = false;
                println!("  ✘ {}", test.name());
                for line in error.to_string().lines() {
                    println!("      {line}");
                }
            }
        }
    }
    if !consumer_ok {
        println!("consumer tests failed; the provider is not verified against a partial pact");
        return ExitCode::FAILURE;
    }

    println!("provider verification ({}):", contract::PROVIDER);
    let report = match contract::verify_provider(&pact).await {
        Ok(report) => report,
        Err(error) => {
            println!("  ✘ {error}");
            return ExitCode::FAILURE;
        }
    };
    print!("{report}");
    println!("pact: {}", pact.display());
    let messages_ok = messages(&dir).await;
    println!("elapsed: {:.2?}", started.elapsed());
    if report.is_ok() && messages_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The message contract: the welcome mailer's consumer test writes its pact, then the
/// user service's events are verified against it. True when both passed.
async fn messages(dir: &std::path::Path) -> bool {
    println!(
        "message consumer test ({} handling {}'s events):",
        messages::MESSAGE_CONSUMER,
        contract::PROVIDER
    );
    let pact = match messages::write_message_pact(dir) {
        Ok(pact) => {
            println!("  ✔ {}", messages::USER_CREATED_EVENT);
            pact
        }
        Err(error) => {
            println!("  ✘ {}\n      {error}", messages::USER_CREATED_EVENT);
            return false;
        }
    };
    println!("message verification ({}):", contract::PROVIDER);
    let report = messages::verify_messages(&pact).await;
    print!("{report}");
    println!("pact: {}", pact.display());
    report.is_ok()
}
