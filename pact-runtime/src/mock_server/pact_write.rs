//! Writing a finished server's pact, with overwrite mode meaning "replace once per run".
//!
//! A run of tests writes the same pact file many times: many tests in one test binary, and
//! `cargo test` runs one process per test binary (`cargo nextest`, one per test). If
//! overwrite mode replaced the file on every write, each test would clobber the
//! interactions of the tests before it and only the last one would survive. So overwrite
//! mode replaces a file on the first write of the run and merges afterwards.
//!
//! - Within this process, a registry remembers which files this process has written (in
//!   either mode, so that an overwrite never drops what an earlier merge of the same
//!   process added); those are merged into without touching the disk for the decision.
//! - Across processes, the run is the parent process: all test binaries of one
//!   `cargo test` or `cargo nextest run` share it. On Unix that is the parent's process id,
//!   on Linux together with the boot and the parent's start time (`/proc/<ppid>/stat`,
//!   field 22), so a reused id is not taken for the same run. The first write of the run
//!   is decided under the directory lock from the marker file
//!   [`RUN_MARKER`](crate::model::file::RUN_MARKER) (see
//!   [`write_once_per_run`](crate::model::file::write_once_per_run)).
//! - Where the parent cannot be told (not Unix, or no `/proc` on Linux), overwrite mode
//!   falls back to "first write of this process": every test binary then replaces the
//!   file once.
//!
//! Limits, by this definition of a run: running a test binary directly, twice from the same
//! shell, is one run (the shell is the parent), so the second does not replace the file;
//! `cargo test` or deleting the file starts afresh. Doc tests run under `rustdoc`, another
//! parent, so they are a run of their own. Merge-mode writes are not recorded in the
//! marker (they pay for nothing extra), so an overwrite-mode write of another test binary
//! of the same run can replace what they added.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::model::{self, Pact, SpecVersion, WriteError, WriteMode};

/// The pact files this process has written, by canonical path.
static WRITTEN: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Writes `pact` into `dir`: merging, or, when `overwrite` is set and neither this process
/// nor this run has written the file yet, replacing it.
pub(crate) fn write(
    pact: &Pact,
    dir: &Path,
    version: SpecVersion,
    overwrite: bool,
) -> Result<PathBuf, WriteError> {
    let io_err = |source: std::io::Error| WriteError::Io {
        path: dir.join(model::file::file_name(pact)),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io_err)?;
    // The same file may be reached through different spellings of its directory.
    let key = dir
        .canonicalize()
        .map_err(io_err)?
        .join(model::file::file_name(pact));
    // Held across the write: deciding "first write" and writing must be one step, or two
    // threads could both decide to replace the file. Writers of the same file are
    // serialised by the directory's lock anyway.
    let mut written = WRITTEN.lock().unwrap_or_else(PoisonError::into_inner);
    let first_of_process = overwrite && !written.contains(&key);
    let path = match (first_of_process, current_run()) {
        (true, Some(run)) => {
            let path = model::file::write_once_per_run(pact, dir, version, run)?;
            tracing::debug!(path = %path.display(), run, "pact written, overwrite once per run");
            path
        }
        (first, _) => {
            let mode = if first {
                WriteMode::Overwrite
            } else {
                WriteMode::Merge
            };
            let path = model::file::write(pact, dir, version, mode)?;
            tracing::debug!(path = %path.display(), ?mode, "pact written");
            path
        }
    };
    written.insert(key);
    Ok(path)
}

/// The run this process belongs to (see the module docs), worked out once: a parent that
/// exits mid-run re-parents the process, and the run must not change with it.
fn current_run() -> Option<&'static str> {
    static RUN: OnceLock<Option<String>> = OnceLock::new();
    RUN.get_or_init(detect_run).as_deref()
}

#[cfg(target_os = "linux")]
fn detect_run() -> Option<String> {
    let parent = std::os::unix::process::parent_id();
    if parent == 0 {
        return None;
    }
    let stat = std::fs::read_to_string(format!("/proc/{parent}/stat")).ok()?;
    let start_time = stat_start_time(&stat)?;
    // Start times count from boot: after a reboot the same id and start time can recur.
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap_or_default();
    Some(format!("linux:{}:{parent}:{start_time}", boot.trim()))
}

#[cfg(all(unix, not(target_os = "linux")))]
fn detect_run() -> Option<String> {
    // No portable start time without `unsafe` (sysctl): the id alone, which a later run
    // reuses only if its parent happens to get the same process id.
    match std::os::unix::process::parent_id() {
        0 => None,
        parent => Some(format!("unix:{parent}")),
    }
}

#[cfg(not(unix))]
fn detect_run() -> Option<String> {
    None
}

/// Field 22 (`starttime`) of a `/proc/<pid>/stat` line. The second field, the command
/// name in parentheses, may itself contain spaces and parentheses, so fields are counted
/// from the last `)`, which is followed by field 3.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn stat_start_time(stat: &str) -> Option<&str> {
    let (_, after_name) = stat.rsplit_once(')')?;
    after_name
        .split_whitespace()
        .nth(22 - 3)
        .filter(|field| field.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_time_is_field_22_even_when_the_command_name_has_spaces_and_parens() {
        let stat = "4242 (cargo (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 \
                    1 0 987654 123456 789";
        assert_eq!(stat_start_time(stat), Some("987654"));
        assert_eq!(stat_start_time("4242 (cargo) S 1"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_the_run_is_the_parent_with_its_start_time() {
        let run = detect_run().expect("the parent of a test process is known on Linux");
        let parent = std::os::unix::process::parent_id();
        assert!(
            run.starts_with("linux:") && run.contains(&format!(":{parent}:")),
            "{run}"
        );
        assert_eq!(
            current_run(),
            Some(run.as_str()),
            "worked out once, the same"
        );
    }
}
