//! Helpers shared by the cross-crate suites.

use std::path::{Path, PathBuf};

/// The shared reference material: `$PACT_SHARED_DIR` (relative paths are taken from the
/// workspace root), by default `../shared` beside the workspace.
///
/// # Panics
/// When the directory does not exist: the suites that need it must fail, never skip.
pub fn shared_dir() -> PathBuf {
    let workspace_root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lies inside the workspace")
        .to_path_buf();
    let shared = std::env::var_os("PACT_SHARED_DIR")
        .map_or_else(|| PathBuf::from("../shared"), PathBuf::from);
    let dir = workspace_root.join(shared);
    assert!(
        dir.is_dir(),
        "the shared reference material is missing: {} is not a directory (set PACT_SHARED_DIR \
         to the directory holding pact-specification/, pact-broker/ and \
         pact-compatibility-suite/)",
        dir.display()
    );
    dir
}

/// Every `*.json` file below `dir`, sorted.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let entries = std::fs::read_dir(&next)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", next.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Reads a JSON file, ignoring a UTF-8 byte order mark (two specification cases have one).
///
/// # Panics
/// When the file cannot be read or is not JSON.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// A `web-app` → `user-service` mock server that writes its pact into `dir`.
///
/// # Panics
/// When the server cannot start.
pub fn server_in(dir: &tempfile::TempDir) -> pact_runtime::mock_server::MockServer {
    pact_runtime::mock_server::MockServer::builder(pact_runtime::model::Pact::new(
        "web-app",
        "user-service",
    ))
    .output_dir(dir.path())
    .start()
    .expect("the mock server starts")
}

/// A fresh file for the output of a libtest harness run inside a test (its `logfile`), so
/// that the inner run's own `test result: FAILED` lines, expected by the test, do not reach
/// the outer run's output, where they read as failures of the suite.
pub fn inner_trials_log() -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join("pact-tests-inner-trials");
    std::fs::create_dir_all(&dir).expect("create the directory for inner trial logs");
    dir.join(format!("{}-{n}.log", std::process::id()))
        .to_string_lossy()
        .into_owned()
}
