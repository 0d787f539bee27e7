//! Interoperability with the official Pact implementation, both directions: one trial per
//! check, named `{direction}/{version}/{interaction}: passes` or `…: fails when {aspect}`,
//! so `cargo test --test interop -- v3` runs the V3 checks.
//!
//! - `ours-to-official`: our consumer DSL writes V2, V3 and V4 pacts in consumer tests
//!   (`interop/ours.rs`); the official verifier (`pact verifier`) verifies each interaction
//!   against the interop provider (`interop/provider.rs`), which must pass, and against
//!   the provider broken in one aspect at a time, which must fail.
//! - `official-to-ours`: pact-python, the official core through its FFI, writes V2, V3 and
//!   V4 pacts for the same provider (`interop/official_pacts.py`, playing each interaction
//!   against the official mock server); our [`Verifier`] verifies them the same way.
//!
//! The official tools are test oracles only, found through `$PACT_ORACLE_DIR` (a
//! virtualenv; see [`oracle::INSTALL_HINT`]). A missing oracle fails every check, saying
//! how to install it. After the trials the binary prints `interop: N passed, M failed`.

mod checks;
mod oracle;
mod ours;
mod provider;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use checks::{Check, Direction};
use libtest_mimic::{Arguments, Failed, Trial};
use pact_runtime::model::SpecVersion;
use pact_runtime::provider::{PactSource, StateChangeUrl, Verifier};

/// The pacts both consumers wrote, made once, on first use, in a directory that lives as
/// long as the run.
struct Pacts {
    root: PathBuf,
    ours: [OnceLock<Result<PathBuf, String>>; 3],
    official: OnceLock<Result<PathBuf, String>>,
}

fn version_index(version: &str) -> usize {
    match version {
        "v2" => 0,
        "v3" => 1,
        _ => 2,
    }
}

impl Pacts {
    fn ours(&self, version: &str) -> Result<PathBuf, String> {
        let index = version_index(version);
        self.ours[index]
            .get_or_init(|| {
                let spec = [SpecVersion::V2, SpecVersion::V3, SpecVersion::V4][index];
                let dir = self.root.join("ours").join(version);
                ours::write_pact(spec, &dir)
                    .map_err(|e| format!("our consumer test for {version} failed: {e}"))
            })
            .clone()
    }

    fn official(&self, version: &str) -> Result<PathBuf, String> {
        let dir = self
            .official
            .get_or_init(|| {
                let oracle = oracle::dir()?;
                let out = self.root.join("official");
                let script =
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("interop/official_pacts.py");
                let mut command = std::process::Command::new(oracle.join("bin/python"));
                command.arg(script).arg(&out);
                let run = oracle::run(command, Duration::from_secs(120))?;
                if run.success {
                    Ok(out)
                } else {
                    Err(format!("official_pacts.py failed:\n{}", run.output))
                }
            })
            .clone()?;
        Ok(dir
            .join(version)
            .join(format!("official-consumer-{}.json", ours::PROVIDER)))
    }
}

fn main() {
    let args = Arguments::from_args();
    let scratch = tempfile::tempdir().expect("a temporary directory for the pacts");
    let pacts = Arc::new(Pacts {
        root: scratch.path().to_path_buf(),
        ours: Default::default(),
        official: OnceLock::new(),
    });
    let trials = checks::all()
        .into_iter()
        .map(|check| {
            let pacts = Arc::clone(&pacts);
            Trial::test(check.name(), move || {
                run_check(&check, &pacts).map_err(Failed::from)
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if !args.list {
        println!(
            "interop: {} passed, {} failed",
            conclusion.num_passed, conclusion.num_failed
        );
    }
    drop(scratch);
    conclusion.exit();
}

/// What a verifier said about one interaction.
struct Verdict {
    passed: bool,
    output: String,
}

fn run_check(check: &Check, pacts: &Pacts) -> Result<(), String> {
    let oracle = oracle::dir()?;
    let pact = match check.direction {
        Direction::OursToOfficial => pacts.ours(check.version)?,
        Direction::OfficialToOurs => pacts.official(check.version)?,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot build a runtime: {e}"))?;
    let breakage = check
        .breakage
        .as_ref()
        .map(|(_, breakage)| breakage.clone());
    let provider = runtime
        .block_on(provider::start(breakage))
        .map_err(|e| format!("cannot start the provider: {e}"))?;
    let verdict = match check.direction {
        Direction::OursToOfficial => {
            let run = oracle::verify(
                &oracle,
                &pact,
                check.description,
                provider.addr.port(),
                &provider.state_url(),
            )?;
            if !run.output.contains(check.description) {
                return Err(format!(
                    "the official verifier did not verify {:?}:\n{}",
                    check.description, run.output
                ));
            }
            Verdict {
                passed: run.success,
                output: run.output,
            }
        }
        Direction::OfficialToOurs => runtime.block_on(verify_with_ours(check, &pact, &provider))?,
    };
    let applied = provider.break_applied();
    drop(provider);
    match &check.breakage {
        None if verdict.passed => Ok(()),
        None => Err(format!(
            "{} failed the correct provider:\n{}\npact: {}",
            verifier_name(check),
            verdict.output,
            pact.display()
        )),
        Some(_) if !applied => Err(format!(
            "the break changed nothing the provider sent, so this check proves nothing:\n{}",
            verdict.output
        )),
        Some((aspect, _)) if verdict.passed => Err(format!(
            "{} passed a provider that is broken ({aspect}):\n{}\npact: {}",
            verifier_name(check),
            verdict.output,
            pact.display()
        )),
        Some((aspect, breakage))
            if !verdict
                .output
                .to_lowercase()
                .contains(&breakage.evidence().to_lowercase()) =>
        {
            Err(format!(
                "{} failed a provider broken ({aspect}), but its report never names {:?}, \
                 so it failed for another reason:\n{}",
                verifier_name(check),
                breakage.evidence(),
                verdict.output
            ))
        }
        Some(_) => Ok(()),
    }
}

fn verifier_name(check: &Check) -> &'static str {
    match check.direction {
        Direction::OursToOfficial => "the official verifier",
        Direction::OfficialToOurs => "our verifier",
    }
}

async fn verify_with_ours(
    check: &Check,
    pact: &Path,
    provider: &provider::Provider,
) -> Result<Verdict, String> {
    let report = Verifier::new(ours::PROVIDER, format!("http://{}", provider.addr))
        .state_change_url(StateChangeUrl::new(provider.state_url()))
        .filter_description(format!("^{}$", check.description))
        .timeout(Duration::from_secs(10))
        .verify(&[PactSource::file(pact)])
        .await;
    let verified = report.interactions().count();
    if verified != 1 {
        return Err(format!(
            "our verifier verified {verified} interactions, not the one named {:?}:\n{report}",
            check.description
        ));
    }
    Ok(Verdict {
        passed: report.is_ok(),
        output: report.to_string(),
    })
}
