//! Pact files on disk: load, merge and atomic write.

use std::path::{Path, PathBuf};

use super::{Pact, SpecVersion};

/// A pact (or part of one) that could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read pact file {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not JSON.
    #[error("{source_name}: not valid JSON: {source}")]
    Json {
        /// The file (or other source) name.
        source_name: String,
        /// The parse error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The JSON does not describe a pact: names the source, the JSON path and what was
    /// expected there (`interactions[3].request.method: expected a string`).
    #[error("{source_name}: {at}: {expected}")]
    Invalid {
        /// The file (or other source) name.
        source_name: String,
        /// The JSON path of the offending value (`interactions[3].request.method`).
        at: String,
        /// What was expected there.
        expected: String,
    },
}

/// A pact that could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The target specification version cannot express a feature the pact uses.
    #[error("cannot write {version} pact: interaction \"{interaction}\" uses {feature}")]
    Unsupported {
        /// The version asked for.
        version: SpecVersion,
        /// The interaction that uses the feature.
        interaction: String,
        /// The feature (`"message interactions"`, `"the arrayContains matcher"`, …).
        feature: String,
    },
    /// Writing, locking or renaming failed.
    #[error("cannot write pact file {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The consumer or provider name is empty: the pact would have no identity.
    #[error("cannot write a pact whose {which} name is empty")]
    EmptyName {
        /// `consumer` or `provider`.
        which: String,
    },
    /// The existing file could not be read for merging.
    #[error("cannot merge into the existing pact file: {0}")]
    Existing(#[source] Box<LoadError>),
    /// The same interaction (description and provider states) exists with other content.
    #[error(
        "conflicting interaction \"{description}\"{given} in {}: the pact file has different content for it; delete the file, or write with WriteMode::Overwrite (PACT_OVERWRITE=true) to replace it",
        path.display()
    )]
    Conflict {
        /// The pact file.
        path: PathBuf,
        /// The interaction's description.
        description: String,
        /// ` given "state"`, or empty.
        given: String,
    },
}

impl WriteError {
    fn empty_name(which: &str) -> Self {
        WriteError::EmptyName {
            which: which.to_owned(),
        }
    }
}

/// What to do with an existing pact file for the same consumer and provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WriteMode {
    /// Merge the new interactions into it (the default).
    #[default]
    Merge,
    /// Replace it.
    Overwrite,
}

/// Reads a pact file of any specification version.
///
/// # Errors
/// [`LoadError`] naming the file and, for content errors, the JSON path.
pub fn load(path: impl AsRef<Path>) -> Result<Pact, LoadError> {
    let path = path.as_ref();
    let text = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let name = path.display().to_string();
    // Tools on Windows write a UTF-8 byte order mark, which JSON parsers reject.
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
    let value: serde_json::Value =
        serde_json::from_slice(text).map_err(|source| LoadError::Json {
            source_name: name.clone(),
            source,
        })?;
    super::spec::pact_from_json(&value, &name)
}

/// The default file name of a pact: `{consumer}-{provider}.json`, with path separators and
/// control characters in the names replaced by `_` so a name cannot escape the directory.
pub fn file_name(pact: &Pact) -> String {
    let clean = |name: &str| -> String {
        name.chars()
            .map(|c| {
                if c == '/' || c == '\\' || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect()
    };
    format!("{}-{}.json", clean(&pact.consumer), clean(&pact.provider))
}

/// Writes `pact` as `{consumer}-{provider}.json` in `dir` (created if missing), in `version`,
/// merging with an existing file for the same pair unless `mode` is
/// [`WriteMode::Overwrite`]. Returns the path of the file.
///
/// Safe against parallel writers, threads or processes: the directory is locked for the
/// read-merge-write, and the new content goes to a temporary file that is renamed over the
/// old one, so a reader sees either the old file or the new, never half of one, and no lock
/// or temporary file is left behind. Interactions are identified by type, description and
/// provider states, and written sorted by those, so the file does not depend on which test
/// finished first. The writer's name and version go to `metadata.pactRuntime`.
///
/// # Errors
/// [`WriteError`]: I/O, a conflicting interaction (same identity, other content), an
/// unreadable existing file, or a feature `version` cannot express.
pub fn write(
    pact: &Pact,
    dir: &Path,
    version: SpecVersion,
    mode: WriteMode,
) -> Result<PathBuf, WriteError> {
    if pact.consumer.trim().is_empty() {
        return Err(WriteError::empty_name("consumer"));
    }
    if pact.provider.trim().is_empty() {
        return Err(WriteError::empty_name("provider"));
    }
    let path = dir.join(file_name(pact));
    let io_err = |source: std::io::Error| WriteError::Io {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io_err)?;
    let lock = DirLock::acquire(dir).map_err(io_err)?;

    // Only a merge needs a pact of its own; otherwise the caller's interactions are written
    // as they are, ordered through references rather than copied.
    let merged = match (mode, path.exists()) {
        (WriteMode::Merge, true) => {
            let existing = load(&path).map_err(|e| WriteError::Existing(Box::new(e)))?;
            Some(merge(existing, pact, &path)?)
        }
        _ => None,
    };
    let source = merged.as_ref().unwrap_or(pact);
    let mut interactions: Vec<&super::Interaction> = source.interactions.iter().collect();
    interactions.sort_by_cached_key(|i| identity(i));
    let mut metadata = source.metadata.clone();
    metadata.insert(
        "pactRuntime".to_owned(),
        serde_json::json!({ "version": env!("CARGO_PKG_VERSION") }),
    );
    // A version that cannot express the pact fails here, before the file is touched.
    let json =
        super::spec::pact_parts_to_json(source, interactions.iter().copied(), &metadata, version)?;
    let mut text = serde_json::to_vec_pretty(&json).map_err(|e| io_err(e.into()))?;
    text.push(b'\n');

    let mut builder = tempfile::Builder::new();
    builder.prefix(".pact-").suffix(".tmp");
    // A temporary file is private (0600) by default; a pact file is meant to be shared.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder.tempfile_in(dir).map_err(io_err)?;
    std::io::Write::write_all(&mut temp, &text).map_err(io_err)?;
    // No fsync: the rename already keeps readers from ever seeing half a file, and a pact
    // is a test artifact that the next test run rewrites; an fsync would double the cost
    // of a consumer test (about 0.5 ms of a 1 ms cycle on this kind of disk).
    temp.persist(&path).map_err(|e| io_err(e.error))?;
    drop(lock);
    Ok(path)
}

/// An exclusive lock on a directory (flock on its descriptor), released on drop. Locking
/// the directory rather than a lock file leaves nothing behind.
struct DirLock(std::fs::File);

impl DirLock {
    fn acquire(dir: &Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(dir)?;
        file.lock()?;
        Ok(DirLock(file))
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Closing the descriptor releases the lock as well; unlocking first just makes
        // the release prompt. An error here cannot be acted upon.
        let _ = self.0.unlock();
    }
}

/// An interaction's identity for merging: its type, description and provider states.
fn identity(interaction: &super::Interaction) -> (String, String, String) {
    let states = interaction
        .provider_states()
        .iter()
        .map(|s| format!("{}{}", s.name, serde_json::Value::Object(s.params.clone())))
        .collect::<Vec<_>>()
        .join("\u{1f}");
    (
        interaction.description().to_owned(),
        states,
        interaction.type_name().to_owned(),
    )
}

/// Merges `new` into `existing`: same identity and same content is kept once, same identity
/// with other content is a [`WriteError::Conflict`], anything else is added.
fn merge(mut existing: Pact, new: &Pact, path: &Path) -> Result<Pact, WriteError> {
    for interaction in &new.interactions {
        let id = identity(interaction);
        match existing.interactions.iter().find(|i| identity(i) == id) {
            Some(old) if same_content(old, interaction) => {}
            Some(_) => {
                let given = interaction
                    .provider_states()
                    .iter()
                    .map(|s| {
                        // Params are part of the identity: show them, or two states of one
                        // name cannot be told apart.
                        if s.params.is_empty() {
                            format!(" given \"{}\"", s.name)
                        } else {
                            format!(
                                " given \"{}\" {}",
                                s.name,
                                serde_json::Value::Object(s.params.clone())
                            )
                        }
                    })
                    .collect::<String>();
                return Err(WriteError::Conflict {
                    path: path.to_owned(),
                    description: interaction.description().to_owned(),
                    given,
                });
            }
            None => existing.interactions.push(interaction.clone()),
        }
    }
    for (key, value) in &new.metadata {
        existing.metadata.insert(key.clone(), value.clone());
    }
    Ok(existing)
}

/// Content equality for merging. The interaction read back from the file went through the
/// JSON adapters, so compare the written forms rather than the models.
fn same_content(old: &super::Interaction, new: &super::Interaction) -> bool {
    let as_json = |i: &super::Interaction| {
        let pact = Pact {
            interactions: vec![i.clone()],
            ..Pact::default()
        };
        super::spec::pact_to_json(&pact, SpecVersion::V4).ok()
    };
    let reread = as_json(new)
        .and_then(|json| super::spec::pact_from_json(&json, "").ok())
        .and_then(|pact| pact.interactions.into_iter().next());
    reread.is_some_and(|new| as_json(old) == as_json(&new))
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
