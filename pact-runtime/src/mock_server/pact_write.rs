//! Writing a finished server's pact, with overwrite mode meaning "replace once per run".
//!
//! A test binary runs many tests that write the same pact file. If overwrite mode replaced
//! the file on every write, each test would clobber the interactions of the tests before
//! it and only the last one would survive. So overwrite mode replaces a file the first
//! time this process writes it and merges afterwards; a process-wide registry remembers
//! which files this process has already written (in either mode, so that an overwrite
//! never drops what an earlier merge of the same run added).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::model::{self, Pact, SpecVersion, WriteError, WriteMode};

/// The pact files this process has written, by canonical path.
static WRITTEN: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Writes `pact` into `dir`: merging, or, when `overwrite` is set and this process has
/// not written the file yet, replacing it.
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
    // serialised by the file's lock anyway.
    let mut written = WRITTEN.lock().unwrap_or_else(PoisonError::into_inner);
    let mode = if overwrite && !written.contains(&key) {
        WriteMode::Overwrite
    } else {
        WriteMode::Merge
    };
    let path = model::file::write(pact, dir, version, mode)?;
    tracing::debug!(path = %path.display(), ?mode, "pact written");
    written.insert(key);
    Ok(path)
}
