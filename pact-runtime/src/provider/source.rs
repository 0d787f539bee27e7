//! Where the pacts to verify come from, and loading them.

use std::path::{Path, PathBuf};

use super::VerifyError;
use crate::model::{self, Pact};

/// A place to read pacts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PactSource {
    kind: SourceKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum SourceKind {
    File(PathBuf),
    Dir(PathBuf),
}

/// One pact read from a source, or the error that names what could not be read.
pub(crate) struct Loaded {
    /// The file name shown in the report.
    pub(crate) name: String,
    pub(crate) pact: Result<Pact, VerifyError>,
}

impl PactSource {
    /// One pact file; it must be a pact for the provider being verified.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        PactSource {
            kind: SourceKind::File(path.into()),
        }
    }

    /// Every `*.json` pact file in a directory (not recursive) whose provider is the one
    /// being verified; pacts for other providers are skipped.
    pub fn dir(path: impl Into<PathBuf>) -> Self {
        PactSource {
            kind: SourceKind::Dir(path.into()),
        }
    }

    /// Reads the pacts of this source for `provider`, in file-name order so reports are
    /// stable.
    pub(crate) fn load(&self, provider: &str) -> Vec<Loaded> {
        match &self.kind {
            SourceKind::File(path) => vec![load_file(path, provider)],
            SourceKind::Dir(dir) => load_dir(dir, provider),
        }
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn load_file(path: &Path, provider: &str) -> Loaded {
    let pact = model::file::load(path)
        .map_err(VerifyError::from)
        .and_then(|pact| {
            if pact.provider == provider {
                Ok(pact)
            } else {
                Err(VerifyError::WrongProvider {
                    file: path.to_owned(),
                    expected: provider.to_owned(),
                    found: pact.provider,
                })
            }
        });
    Loaded {
        name: display_name(path),
        pact,
    }
}

fn load_dir(dir: &Path, provider: &str) -> Vec<Loaded> {
    let dir_error = |source| Loaded {
        name: dir.display().to_string(),
        pact: Err(VerifyError::ReadDir {
            dir: dir.to_owned(),
            source,
        }),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => return vec![dir_error(source)],
    };
    let mut files = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_json = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"));
                if is_json && path.is_file() {
                    files.push(path);
                }
            }
            Err(source) => return vec![dir_error(source)],
        }
    }
    files.sort();
    let loaded: Vec<Loaded> = files
        .iter()
        .map(|path| Loaded {
            name: display_name(path),
            pact: model::file::load(path).map_err(VerifyError::from),
        })
        // A file that does not load cannot be attributed to a provider, so it is reported:
        // silently skipping it could hide the very pact that should have been verified.
        .filter(|loaded| {
            loaded
                .pact
                .as_ref()
                .map_or(true, |p| p.provider == provider)
        })
        .collect();
    if loaded.is_empty() {
        return vec![Loaded {
            name: dir.display().to_string(),
            pact: Err(VerifyError::NoPacts {
                dir: dir.to_owned(),
                provider: provider.to_owned(),
            }),
        }];
    }
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_pact(dir: &Path, file: &str, provider: &str) -> PathBuf {
        let pact = serde_json::json!({
            "consumer": {"name": "web-app"},
            "provider": {"name": provider},
            "interactions": [],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        });
        let path = dir.join(file);
        std::fs::write(&path, pact.to_string()).expect("write the pact");
        path
    }

    #[test]
    fn a_file_for_another_provider_is_an_error_naming_both_providers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write_pact(dir.path(), "web-app-billing.json", "billing");

        let loaded = PactSource::file(&path).load("user-service");

        let error = loaded[0].pact.as_ref().expect_err("wrong provider");
        assert_eq!(loaded[0].name, "web-app-billing.json");
        assert!(
            error
                .to_string()
                .contains("for provider \"billing\", not \"user-service\""),
            "{error}"
        );
    }

    #[test]
    fn a_directory_without_a_pact_for_the_provider_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_pact(dir.path(), "web-app-billing.json", "billing");
        std::fs::write(dir.path().join("notes.txt"), "not a pact").expect("write");

        let loaded = PactSource::dir(dir.path()).load("user-service");

        assert_eq!(loaded.len(), 1);
        assert!(matches!(loaded[0].pact, Err(VerifyError::NoPacts { .. })));
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("pacts");

        let loaded = PactSource::dir(&missing).load("user-service");

        let error = loaded[0].pact.as_ref().expect_err("missing dir");
        assert!(matches!(error, VerifyError::ReadDir { .. }));
        assert!(error.to_string().contains("pacts"), "{error}");
    }

    #[test]
    fn pacts_in_a_directory_load_in_file_name_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_pact(dir.path(), "b.json", "user-service");
        write_pact(dir.path(), "a.json", "user-service");

        let names: Vec<String> = PactSource::dir(dir.path())
            .load("user-service")
            .into_iter()
            .map(|loaded| loaded.name)
            .collect();

        assert_eq!(names, ["a.json", "b.json"]);
    }
}
