//! The official implementation, as a test oracle: where it is installed, and running its
//! verifier and its Python library as child processes with bounded time.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The versions `.ci/run` installs and the README names.
pub const INSTALL_HINT: &str = "python3 -m venv target/pact-oracle && \
     target/pact-oracle/bin/pip install 'pact-python-cli==1!0.10.9' 'pact-python==4.2.0' 'pact-python-ffi==0.5.12.1', \
     then export PACT_ORACLE_DIR=target/pact-oracle (.ci/run does both)";

/// The oracle's virtualenv: `$PACT_ORACLE_DIR` (relative paths from the workspace root),
/// else `target/pact-oracle` in the workspace when it exists.
///
/// # Errors
/// A message saying what is missing and how to install it.
pub fn dir() -> Result<PathBuf, String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lies inside the workspace")
        .to_path_buf();
    let dir = match std::env::var_os("PACT_ORACLE_DIR") {
        Some(dir) => workspace.join(dir),
        None => workspace.join("target/pact-oracle"),
    };
    let missing: Vec<String> = ["bin/pact", "bin/python"]
        .iter()
        .map(|tool| dir.join(tool))
        .filter(|tool| !tool.is_file())
        .map(|tool| tool.display().to_string())
        .collect();
    if missing.is_empty() {
        Ok(dir)
    } else {
        Err(format!(
            "the official Pact implementation (the interop test's oracle) is not installed: \
             {} missing (PACT_ORACLE_DIR={}). Install it: {INSTALL_HINT}",
            missing.join(", "),
            std::env::var("PACT_ORACLE_DIR").unwrap_or_else(|_| "unset".into()),
        ))
    }
}

/// What a child process did.
pub struct Run {
    pub success: bool,
    pub output: String,
}

/// Runs `command`, killing it after `limit`.
///
/// # Errors
/// When it cannot start or runs out of time.
pub fn run(mut command: Command, limit: Duration) -> Result<Run, String> {
    let shown = format!("{command:?}");
    // The official tools send usage statistics unless told not to; tests send nothing.
    let mut child = command
        .env("PACT_DO_NOT_TRACK", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    // Drain both pipes on threads so a chatty child never blocks on a full pipe.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{shown} did not finish within {limit:?}; killed"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("cannot wait for {shown}: {e}")),
        }
    };
    let output = format!(
        "{}{}",
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default()
    );
    Ok(Run {
        success: status.success(),
        output,
    })
}

/// The official verifier on one interaction (`description`, matched exactly) of `pact`,
/// against the provider at `port` with its state-change URL.
///
/// # Errors
/// When the verifier cannot run or hangs.
pub fn verify(
    oracle: &Path,
    pact: &Path,
    description: &str,
    port: u16,
    state_url: &str,
) -> Result<Run, String> {
    let mut command = Command::new(oracle.join("bin/pact"));
    command
        .arg("verifier")
        .arg("--file")
        .arg(pact)
        .args(["--hostname", "127.0.0.1", "--port", &port.to_string()])
        .args(["--state-change-url", state_url])
        .args(["--filter-description", &exact(description)])
        .args(["--request-timeout", "10000", "--no-colour"]);
    run(command, Duration::from_secs(60))
}

/// A regex matching exactly `text`.
fn exact(text: &str) -> String {
    let mut regex = String::from("^");
    for c in text.chars() {
        if !c.is_alphanumeric() && c != ' ' {
            regex.push('\\');
        }
        regex.push(c);
    }
    regex.push('$');
    regex
}
