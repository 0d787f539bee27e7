//! Warnings about a pact: what was read leniently, or looks wrong, without stopping the
//! pact from being used.
//!
//! The V4 specification asks readers to follow the robustness principle and, ideally, to
//! say when they did ("File format": attributes that do not conform "should be ignored and
//! not stop the file from being processed. Ideally, a warning should be displayed"). A
//! warning is general, a location and a message, so any later check of a pact's content
//! reports the same way.

use std::fmt;

use super::Pact;

/// One warning about a pact: the source (file name, URL), the JSON path in it and what
/// was found there and how it was taken. Displayed as `{source}: {at}: {message}`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PactWarning {
    /// The file (or other source) name.
    pub source_name: String,
    /// The JSON path of the value (`interactions[2].response.matchingRules.body`).
    pub at: String,
    /// What was found and how it was read (`expected an object, found []: read as no
    /// matching rules`).
    pub message: String,
}

impl PactWarning {
    /// A warning at `at` in `source_name`.
    pub fn new(
        source_name: impl Into<String>,
        at: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        PactWarning {
            source_name: source_name.into(),
            at: at.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for PactWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.source_name, self.at, self.message)
    }
}

/// A pact read together with the warnings its reading gave.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LoadedPact {
    /// The pact.
    pub pact: Pact,
    /// What was read leniently, in reading order; empty for a pact read as written.
    pub warnings: Vec<PactWarning>,
}
