//! The environment switches of consumer tests, parsed once and strictly.
//!
//! Reading the process environment is kept to [`EnvConfig::from_env`], which parses it the
//! first time a server starts and caches the result for the rest of the process, so every
//! server of a run sees the same settings and a typo fails every test the same way. The
//! parsing itself ([`EnvConfig::parse`]) takes a lookup function, so it is tested without
//! touching the process environment (setting variables in a test races with other tests).

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Environment variable naming the directory pacts are written to (`target/pacts` when
/// unset or empty).
pub const OUTPUT_DIR_ENV: &str = "PACT_OUTPUT_DIR";

/// Environment variable switching pact files to overwrite mode: `true` or `1` replaces a
/// pact file on the first write of the run (all test binaries of one `cargo test`),
/// `false` or `0` merges (the default when unset or empty). Any other value fails the
/// server's start.
pub const OVERWRITE_ENV: &str = "PACT_OVERWRITE";

/// An environment variable with a value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvError {
    /// The value is not one of the accepted ones.
    #[error("environment variable {variable}={value:?} is not valid: expected {expected}")]
    Invalid {
        /// The variable.
        variable: &'static str,
        /// Its value (lossily decoded when it is not UTF-8).
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
}

/// The consumer-side environment switches, parsed: [`OUTPUT_DIR_ENV`] and
/// [`OVERWRITE_ENV`]. Options set on the
/// [`MockServerBuilder`](super::MockServerBuilder) take precedence over these.
///
/// ```
/// use std::ffi::OsString;
/// use pact_runtime::mock_server::EnvConfig;
///
/// let config = EnvConfig::parse(|name| {
///     (name == "PACT_OVERWRITE").then(|| OsString::from("true"))
/// })?;
/// assert_eq!(config.overwrite, Some(true));
/// assert_eq!(config.output_dir, None);
///
/// let error = EnvConfig::parse(|_| Some(OsString::from("yes"))).unwrap_err();
/// assert!(error.to_string().starts_with("environment variable PACT_OVERWRITE=\"yes\""));
/// # Ok::<(), pact_runtime::mock_server::EnvError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnvConfig {
    /// From [`OUTPUT_DIR_ENV`].
    pub output_dir: Option<PathBuf>,
    /// From [`OVERWRITE_ENV`]: `Some(true)` for overwrite mode.
    pub overwrite: Option<bool>,
}

impl EnvConfig {
    /// No switch set: what an empty environment parses to.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the output directory, as [`OUTPUT_DIR_ENV`] would.
    pub fn output_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.output_dir = Some(dir.into());
        self
    }

    /// Sets overwrite mode on or off, as [`OVERWRITE_ENV`] would.
    pub fn overwrite(mut self, overwrite: bool) -> Self {
        self.overwrite = Some(overwrite);
        self
    }

    /// The process environment, parsed on the first call and cached for the rest of the
    /// process.
    ///
    /// # Errors
    /// [`EnvError`] naming the variable when a value is invalid (on every call).
    pub fn from_env() -> Result<EnvConfig, EnvError> {
        static PARSED: OnceLock<Result<EnvConfig, EnvError>> = OnceLock::new();
        PARSED
            .get_or_init(|| EnvConfig::parse(|name| std::env::var_os(name)))
            .clone()
    }

    /// Parses the switches from `lookup`, which returns a variable's value or `None` when
    /// it is unset. An empty value counts as unset, so `PACT_OVERWRITE= cargo test` turns
    /// a switch off.
    ///
    /// # Errors
    /// [`EnvError::Invalid`] when [`OVERWRITE_ENV`] is not `true`, `false`, `1` or `0`
    /// (exactly; `TRUE` or `yes` are refused rather than guessed at), or when a value is
    /// not UTF-8.
    pub fn parse(mut lookup: impl FnMut(&str) -> Option<OsString>) -> Result<Self, EnvError> {
        let mut set = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let output_dir = set(OUTPUT_DIR_ENV).map(PathBuf::from);
        let overwrite = match set(OVERWRITE_ENV) {
            None => None,
            Some(value) => Some(match value.to_str() {
                Some("true" | "1") => true,
                Some("false" | "0") => false,
                _ => {
                    return Err(EnvError::Invalid {
                        variable: OVERWRITE_ENV,
                        value: value.to_string_lossy().into_owned(),
                        expected: "true, false, 1 or 0",
                    });
                }
            }),
        };
        Ok(EnvConfig {
            output_dir,
            overwrite,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(vars: &[(&str, &str)]) -> Result<EnvConfig, EnvError> {
        EnvConfig::parse(|name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| OsString::from(value))
        })
    }

    #[test]
    fn an_empty_environment_sets_nothing() {
        assert_eq!(parse(&[]), Ok(EnvConfig::new()));
    }

    #[test]
    fn overwrite_accepts_exactly_true_false_one_and_zero() {
        for (value, expected) in [("true", true), ("1", true), ("false", false), ("0", false)] {
            let config = parse(&[(OVERWRITE_ENV, value)]);

            assert_eq!(config, Ok(EnvConfig::new().overwrite(expected)), "{value}");
        }
    }

    #[test]
    fn other_overwrite_values_are_an_error_naming_the_variable() {
        for value in ["TRUE", "yes", " true", "2", "on"] {
            let error = parse(&[(OVERWRITE_ENV, value)]).expect_err(value);

            assert_eq!(
                error.to_string(),
                format!(
                    "environment variable PACT_OVERWRITE={value:?} is not valid: expected true, false, 1 or 0"
                )
            );
        }
    }

    #[test]
    fn empty_values_count_as_unset() {
        let config = parse(&[(OVERWRITE_ENV, ""), (OUTPUT_DIR_ENV, "")]);

        assert_eq!(config, Ok(EnvConfig::new()));
    }

    #[test]
    fn the_output_dir_is_taken_as_given() {
        let config = parse(&[(OUTPUT_DIR_ENV, "build/pacts")]);

        assert_eq!(config, Ok(EnvConfig::new().output_dir("build/pacts")));
    }
}
