//! Pact files on disk: load, merge and atomic write.
//!
//! A merge keeps one copy of each interaction (by type, description and provider states)
//! and refuses, naming the file, what cannot be merged without losing or silently changing
//! something: an interaction with other content, a file of other pacticipants or of
//! another specification version. Overwrite mode once per run keeps a small marker file,
//! [`RUN_MARKER`], in the pact directory.

use std::path::{Path, PathBuf};

use super::json::Entry;
use super::json_verbatim::Node;
use super::{LoadedPact, Pact, PactWarning, SpecVersion};

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
    /// The file is empty, or holds only whitespace.
    #[error(
        "{source_name}: empty file (a pact file holds a JSON object with `consumer`, `provider` and `interactions`)"
    )]
    Empty {
        /// The file (or other source) name.
        source_name: String,
    },
    /// The JSON ends before its last value, object or array is complete: the file was cut
    /// short (a write interrupted, a download stopped).
    #[error(
        "{source_name}: truncated JSON: unexpected end of the file at line {line} column {column}, inside {at}"
    )]
    Truncated {
        /// The file (or other source) name.
        source_name: String,
        /// The JSON path of the innermost value still open at the end.
        at: String,
        /// The line of the end (1-based).
        line: usize,
        /// The column of the end (1-based).
        column: usize,
    },
    /// A string holds a `\uD800`–`\uDFFF` escape without its partner: JSON text may hold
    /// a UTF-16 surrogate only as a high-low pair (RFC 8259 section 7), and such a string
    /// is no Unicode text.
    #[error(
        "{source_name}: {at}: unpaired surrogate `{escape}` in a string at line {line} column {column} (a UTF-16 surrogate escape needs its pair: \\uD800-\\uDBFF then \\uDC00-\\uDFFF)"
    )]
    UnpairedSurrogate {
        /// The file (or other source) name.
        source_name: String,
        /// The JSON path of the string (of its object, when the string is a key).
        at: String,
        /// The escape as written (`\ud800`).
        escape: String,
        /// The line of the escape (1-based).
        line: usize,
        /// The column of the escape's backslash (1-based, in characters).
        column: usize,
    },
    /// The file is JSON text in another Unicode encoding (a byte order mark, or the NUL
    /// bytes that UTF-16 and UTF-32 put around ASCII): pact files are UTF-8, as JSON
    /// exchanged between systems must be (RFC 8259 section 8.1).
    #[error("{source_name}: the file is {encoding} encoded; pact files are UTF-8 JSON")]
    NotUtf8 {
        /// The file (or other source) name.
        source_name: String,
        /// The encoding found: `UTF-16` or `UTF-32`, with its byte order (`UTF-16LE`).
        encoding: &'static str,
    },
    /// The file is not JSON.
    #[error("{source_name}: not valid JSON: {source}, at {at}")]
    Json {
        /// The file (or other source) name.
        source_name: String,
        /// The JSON path where the error is (`interactions[3].response`).
        at: String,
        /// The parse error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The JSON is not a pact: it lacks what every pact has.
    #[error("{source_name}: not a pact file: {missing}")]
    NotAPact {
        /// The file (or other source) name.
        source_name: String,
        /// What is missing (``no `provider`, and no `interactions` or `messages` ``), or
        /// what the document is instead.
        missing: String,
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
    /// Two interactions of the pact being written share type, description and provider
    /// states but differ: one test defined the same interaction twice, differently.
    #[error(
        "duplicate interaction \"{description}\"{given} for {}: two interactions of the same test share description and provider states but differ; rename one of them",
        path.display()
    )]
    Duplicate {
        /// The pact file.
        path: PathBuf,
        /// The interactions' description.
        description: String,
        /// ` given "state"`, or empty.
        given: String,
    },
    /// The existing file is the pact of another consumer or provider whose names map to
    /// the same file name (`a-b` + `c` and `a` + `b-c` both give `a-b-c.json`).
    #[error(
        "cannot merge the pact of {pact} into {}: that file is the pact of {file}; give the pacticipants names that do not map to the same file name, or write one of the pacts to another output directory",
        path.display()
    )]
    OtherPacticipants {
        /// The pact file.
        path: PathBuf,
        /// The names of the pact being written.
        pact: Box<Pacticipants>,
        /// The names in the file.
        file: Box<Pacticipants>,
    },
    /// The existing file is of another specification version: merging would upgrade it
    /// silently, or fail on the first feature the older version cannot express.
    #[error(
        "cannot merge a {version} pact into {}: that file is a {file_version} pact; write every test of this consumer and provider in one specification version, or delete the file (or write with WriteMode::Overwrite, PACT_OVERWRITE=true) to replace it",
        path.display()
    )]
    OtherVersion {
        /// The pact file.
        path: PathBuf,
        /// The version being written.
        version: SpecVersion,
        /// The version of the file.
        file_version: SpecVersion,
    },
}

/// The consumer and provider names of a pact; displayed as `consumer "a" and provider "b"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pacticipants {
    /// The consumer's name.
    pub consumer: String,
    /// The provider's name.
    pub provider: String,
}

impl Pacticipants {
    fn of(pact: &Pact) -> Box<Self> {
        Box::new(Pacticipants {
            consumer: pact.consumer.clone(),
            provider: pact.provider.clone(),
        })
    }
}

impl std::fmt::Display for Pacticipants {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "consumer \"{}\" and provider \"{}\"",
            self.consumer, self.provider
        )
    }
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
    /// Replace it. [`write_once_per_run`] is the form that replaces it only on the first
    /// write of a test run.
    Overwrite,
}

/// Reads a pact file of any specification version.
///
/// # Errors
/// [`LoadError`] naming the file and, for content errors, the JSON path: an empty file, JSON
/// cut short or holding an unpaired surrogate escape, JSON that is not a pact, a value that
/// is not what the specification puts there.
pub fn load(path: impl AsRef<Path>) -> Result<Pact, LoadError> {
    load_with_warnings(path).map(|loaded| loaded.pact)
}

/// [`load`], with the warnings of a lenient reading (see
/// [`pact_from_json_with_warnings`](super::json::pact_from_json_with_warnings)), each
/// naming the file and the JSON path.
///
/// # Errors
/// As [`load`].
pub fn load_with_warnings(path: impl AsRef<Path>) -> Result<LoadedPact, LoadError> {
    read_document(path.as_ref()).map(|(loaded, _)| loaded)
}

/// The pact in the file at `path`, and the text it was read from.
fn read_document(path: &Path) -> Result<(LoadedPact, Vec<u8>), LoadError> {
    let text = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let name = path.display().to_string();
    let value = super::json_text::parse(&text, &name)?;
    let mut loaded = super::json::owned_pact_from_json(value, &name)?;
    if text.starts_with(b"\xEF\xBB\xBF") {
        loaded.warnings.insert(
            0,
            PactWarning::new(
                name,
                "$",
                "a UTF-8 byte order mark before the JSON: skipped",
            ),
        );
    }
    Ok((loaded, text))
}

/// The text of each interaction of a pact document, in the order the reader reads them
/// (`interactions`, then `messages`).
fn interactions_text<'t>(doc: &'t Node<'t>) -> Vec<&'t Node<'t>> {
    ["interactions", "messages"]
        .iter()
        .filter_map(|key| doc.get(key).and_then(Node::elements))
        .flatten()
        .collect()
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

/// The marker file that overwrite mode once per run keeps in a pact directory (see
/// [`write_once_per_run`]): hidden, and without a `.json` extension so that tools that
/// load or publish every `*.json` of a pact directory never take it for a pact.
pub const RUN_MARKER: &str = ".pact-run";

/// Writes `pact` as `{consumer}-{provider}.json` in `dir` (created if missing), in `version`,
/// merging with an existing file for the same pair unless `mode` is
/// [`WriteMode::Overwrite`]. Returns the path of the file.
///
/// Safe against parallel writers, threads or processes: the directory is locked for the
/// read-merge-write, and the new content goes to a temporary file that is renamed over the
/// old one, so a reader sees either the old file or the new, never half of one, and no lock
/// or temporary file is left behind. Interactions are identified by type, description and
/// provider states, and written sorted by those, so the file does not depend on which test
/// finished first. The writer's name and version go to `metadata.pactRuntime`. The
/// interactions a file already holds are written back from its text, every number and
/// string as spelled there (`1.50`, `1e3`, integers beyond 64 bits, `\u00e9`); only key
/// order and indentation are ours, so what we wrote stays byte-identical (issue 11).
///
/// Interactions of `pact` that share an identity are written once when they are the same,
/// and are an error when they differ. A merge only goes into a file of the same consumer and
/// provider names (two pairs can map to one file name: `a-b` + `c` and `a` + `b-c`) and the
/// same specification version; anything else is an error, not a silent rename or upgrade.
/// Overwrite mode replaces whatever the file held.
///
/// # Errors
/// [`WriteError`], with nothing written: I/O; an interaction that conflicts with the file's
/// ([`WriteError::Conflict`]) or with another of `pact`'s ([`WriteError::Duplicate`]); a
/// file of other pacticipants ([`WriteError::OtherPacticipants`]) or of another version
/// ([`WriteError::OtherVersion`]); an unreadable existing file; or a feature `version`
/// cannot express.
pub fn write(
    pact: &Pact,
    dir: &Path,
    version: SpecVersion,
    mode: WriteMode,
) -> Result<PathBuf, WriteError> {
    let plan = match mode {
        WriteMode::Merge => Plan::Merge,
        WriteMode::Overwrite => Plan::Overwrite,
    };
    write_planned(pact, dir, version, plan)
}

/// [`write()`] in overwrite mode once per run of tests: the first write of `run` to the file
/// replaces it ([`WriteMode::Overwrite`]); later writes of the same run merge into it
/// ([`WriteMode::Merge`]), so the tests of every test binary of one `cargo test` add up
/// instead of replacing each other. `run` is any string naming the run; the caller picks
/// one that all processes of a run share and no other run has.
///
/// The decision is taken under the directory lock, from the one marker file
/// [`RUN_MARKER`] in `dir`: a small JSON document, `{"run": "…", "files": ["a-b.json"]}`,
/// listing the pact files the run named there has written. A marker of another run (or
/// one that does not parse) is replaced by this run's. The marker is replaced atomically,
/// like a pact file. Writes in [`WriteMode::Merge`] neither read nor record it.
///
/// # Errors
/// As [`write()`], plus I/O on the marker (after the pact file was written).
pub fn write_once_per_run(
    pact: &Pact,
    dir: &Path,
    version: SpecVersion,
    run: &str,
) -> Result<PathBuf, WriteError> {
    write_planned(pact, dir, version, Plan::OncePerRun(run))
}

/// What [`write_planned`] does with an existing file.
#[derive(Clone, Copy)]
enum Plan<'r> {
    Merge,
    Overwrite,
    OncePerRun(&'r str),
}

/// The contents of [`RUN_MARKER`].
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct RunMarker {
    run: String,
    files: Vec<String>,
}

fn write_planned(
    pact: &Pact,
    dir: &Path,
    version: SpecVersion,
    plan: Plan<'_>,
) -> Result<PathBuf, WriteError> {
    if pact.consumer.trim().is_empty() {
        return Err(WriteError::empty_name("consumer"));
    }
    if pact.provider.trim().is_empty() {
        return Err(WriteError::empty_name("provider"));
    }
    let name = file_name(pact);
    let path = dir.join(&name);
    let io_err = |source: std::io::Error| WriteError::Io {
        path: path.clone(),
        source,
    };
    // Checked before the lock: a test that would write a broken pact costs no other writer.
    let own = distinct_interactions(pact, &path, version)?;
    std::fs::create_dir_all(dir).map_err(io_err)?;
    let lock = DirLock::acquire(dir).map_err(io_err)?;

    // Decided under the lock: two test binaries of one run may get here together.
    let (merge_into_file, run_record) = match plan {
        Plan::Merge => (true, None),
        Plan::Overwrite => (false, None),
        Plan::OncePerRun(run) => {
            let marker = read_run_marker(dir).filter(|m| m.run == run);
            let written_by_run = marker.as_ref().is_some_and(|m| m.files.contains(&name));
            let record = (!written_by_run).then(|| {
                let mut marker = marker.unwrap_or_else(|| RunMarker {
                    run: run.to_owned(),
                    files: Vec::new(),
                });
                marker.files.push(name.clone());
                marker
            });
            (written_by_run, record)
        }
    };
    let existing = if merge_into_file && path.exists() {
        let (existing, text) =
            read_document(&path).map_err(|e| WriteError::Existing(Box::new(e)))?;
        check_mergeable(&existing.pact, pact, &path, version)?;
        Some((existing.pact, text))
    } else {
        None
    };
    // The file's text as a tree of its tokens; text the reader accepted always parses.
    let doc = existing
        .as_ref()
        .and_then(|(_, text)| std::str::from_utf8(text).ok())
        .and_then(super::json_verbatim::parse);
    // Only a merge needs the file's interactions; the caller's are written as they are,
    // ordered through references rather than copied. The file's interactions are written
    // from the file's text, every number and string as spelled there (a parsed value has
    // lost `1.50`, `1e3` and the digits of big integers): a merge changes nothing it did
    // not add, apart from key order and whitespace.
    let mut header = Pact {
        consumer: pact.consumer.clone(),
        provider: pact.provider.clone(),
        unknown: pact.unknown.clone(),
        ..Pact::default()
    };
    let (mut metadata, interactions) = match &existing {
        Some((existing, _)) => {
            let mut metadata = existing.metadata.clone();
            metadata.extend(pact.metadata.clone());
            header.unknown = existing.unknown.clone();
            header
                .unknown
                .fields_mut()
                .extend(pact.unknown.fields().clone());
            let texts = doc.as_ref().map(interactions_text).unwrap_or_default();
            let entries: Vec<Entry<'_>> = if texts.len() == existing.interactions.len() {
                existing
                    .interactions
                    .iter()
                    .zip(texts)
                    .map(|(interaction, text)| Entry::Verbatim(interaction, text))
                    .collect()
            } else {
                existing.interactions.iter().map(Entry::Model).collect()
            };
            (metadata, merge(entries, own, &path, version)?)
        }
        None => (
            pact.metadata.clone(),
            own.into_iter()
                .map(|(id, i)| (id, Entry::Model(i)))
                .collect(),
        ),
    };
    metadata.insert(
        "pactRuntime".to_owned(),
        serde_json::json!({ "version": env!("CARGO_PKG_VERSION") }),
    );
    // A version that cannot express the pact fails here, before the file is touched.
    let mut text = super::json::pact_parts_to_text(
        &header,
        interactions.iter().map(|(_, entry)| *entry),
        &metadata,
        version,
        &path,
    )?
    .into_bytes();
    text.push(b'\n');
    replace_file(dir, &path, &text).map_err(io_err)?;
    if let Some(marker) = run_record {
        let marker_path = dir.join(RUN_MARKER);
        let text = serde_json::to_vec(&marker).map_err(|e| io_err(e.into()))?;
        replace_file(dir, &marker_path, &text).map_err(|source| WriteError::Io {
            path: marker_path.clone(),
            source,
        })?;
    }
    drop(lock);
    Ok(path)
}

/// Writes `text` to a temporary file in `dir` and renames it over `path`.
fn replace_file(dir: &Path, path: &Path, text: &[u8]) -> std::io::Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".pact-").suffix(".tmp");
    // A temporary file is private (0600) by default; a pact file is meant to be shared.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder.tempfile_in(dir)?;
    std::io::Write::write_all(&mut temp, text)?;
    // No fsync: the rename already keeps readers from ever seeing half a file, and a pact
    // is a test artifact that the next test run rewrites; an fsync would double the cost
    // of a consumer test (about 0.5 ms of a 1 ms cycle on this kind of disk).
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
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

/// The run marker in `dir`, if there is one that parses. Anything else (missing, from an
/// older writer, damaged) counts as another run's: the worst case is one replacement too
/// many in overwrite mode, which is what overwrite mode asks for anyway.
fn read_run_marker(dir: &Path) -> Option<RunMarker> {
    let text = std::fs::read(dir.join(RUN_MARKER)).ok()?;
    serde_json::from_slice(&text).ok()
}

/// An existing file a merge may go into: the same pacticipants and specification version.
fn check_mergeable(
    existing: &Pact,
    pact: &Pact,
    path: &Path,
    version: SpecVersion,
) -> Result<(), WriteError> {
    if existing.consumer != pact.consumer || existing.provider != pact.provider {
        return Err(WriteError::OtherPacticipants {
            path: path.to_owned(),
            pact: Pacticipants::of(pact),
            file: Pacticipants::of(existing),
        });
    }
    if existing.spec_version != version {
        return Err(WriteError::OtherVersion {
            path: path.to_owned(),
            version,
            file_version: existing.spec_version,
        });
    }
    Ok(())
}

/// [`identity`]: description, provider states (with params) and type name.
type Identity = (String, String, &'static str);

/// An interaction's identity for merging: its type, description and provider states.
fn identity(interaction: &super::Interaction) -> Identity {
    let states = interaction
        .provider_states()
        .iter()
        .map(|s| format!("{}{}", s.name, serde_json::Value::Object(s.params.clone())))
        .collect::<Vec<_>>()
        .join("\u{1f}");
    (
        interaction.description().to_owned(),
        states,
        interaction.type_name(),
    )
}

/// ` given "state"` for each provider state, with its params when it has any: params are
/// part of the identity, so two states of one name must be told apart.
fn given(interaction: &super::Interaction) -> String {
    interaction
        .provider_states()
        .iter()
        .map(|s| {
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
        .collect()
}

/// `pact`'s interactions sorted by identity, each identity once: a repeat with the same
/// content is dropped, one with other content is a [`WriteError::Duplicate`].
fn distinct_interactions<'p>(
    pact: &'p Pact,
    path: &Path,
    version: SpecVersion,
) -> Result<Vec<(Identity, &'p super::Interaction)>, WriteError> {
    let mut keyed: Vec<(Identity, &super::Interaction)> =
        pact.interactions.iter().map(|i| (identity(i), i)).collect();
    // Stable: of two equal interactions the first is kept.
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut distinct: Vec<(Identity, &super::Interaction)> = Vec::with_capacity(keyed.len());
    for (id, interaction) in keyed {
        match distinct.last() {
            Some((last_id, last)) if *last_id == id => {
                if !same_content(last, interaction, version)? {
                    return Err(WriteError::Duplicate {
                        path: path.to_owned(),
                        description: interaction.description().to_owned(),
                        given: given(interaction),
                    });
                }
            }
            _ => distinct.push((id, interaction)),
        }
    }
    Ok(distinct)
}

/// Merges `new` (distinct, from [`distinct_interactions`]) into the file's interactions:
/// same identity and same content is kept once, as the file has it; same identity with
/// other content is a [`WriteError::Conflict`]; anything else is added. The result is
/// sorted by identity.
fn merge<'a>(
    existing: Vec<Entry<'a>>,
    new: Vec<(Identity, &'a super::Interaction)>,
    path: &Path,
    version: SpecVersion,
) -> Result<Vec<(Identity, Entry<'a>)>, WriteError> {
    let mut merged: Vec<(Identity, Entry<'a>)> = existing
        .into_iter()
        .map(|entry| (identity(entry.interaction()), entry))
        .collect();
    let index: std::collections::HashMap<&Identity, &super::Interaction> = merged
        .iter()
        .map(|(id, entry)| (id, entry.interaction()))
        .collect();
    let mut added = Vec::new();
    for (id, interaction) in new {
        match index.get(&id) {
            Some(old) if same_content(old, interaction, version)? => {}
            Some(_) => {
                return Err(WriteError::Conflict {
                    path: path.to_owned(),
                    description: interaction.description().to_owned(),
                    given: given(interaction),
                });
            }
            None => added.push((id, Entry::Model(interaction))),
        }
    }
    drop(index);
    merged.extend(added);
    merged.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(merged)
}

/// Content equality for merging: the same JSON in the version being written, from the
/// model. One side may have been read back from the file, and reading normalises (a header
/// from the body's content type, a JSON string read as text); the written form is what the
/// file holds, and writing what was read writes the same JSON again. Fields the model does
/// not know are left out: an interaction another tool wrote with a `transport` or plugin
/// configuration is the same interaction, and the file keeps its own copy.
///
/// # Errors
/// [`WriteError::Unsupported`] when `version` cannot express either interaction.
fn same_content(
    old: &super::Interaction,
    new: &super::Interaction,
    version: SpecVersion,
) -> Result<bool, WriteError> {
    Ok(super::json::interaction_to_json(old, version)?
        == super::json::interaction_to_json(new, version)?)
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
