//! Warnings: what a report shows that does not fail a test but should not go unseen.
//!
//! One shape for every kind (a matching rule that reaches nothing, a provider state
//! without a handler, a generator that always gives the same value, …): where the
//! problem is, in the reader's terms, and a sentence saying what it is. Reports render
//! them as `warning: {location}: {message}`.

use std::fmt;

/// Something worth knowing that does not fail a test: where, and what.
///
/// ```
/// use pact_runtime::Warning;
///
/// let warning = Warning::new(
///     "response body $.@odata.context",
///     "the matching rule reaches nothing in the expected response body, so it never applies",
/// );
/// assert_eq!(
///     warning.to_string(),
///     "response body $.@odata.context: the matching rule reaches nothing in the expected \
///      response body, so it never applies"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Warning {
    /// Where: a part and a path (`response body $.items[*].id`), an interaction, a
    /// provider state, a file; empty when the message says it all.
    pub location: String,
    /// What is wrong and, when it is known, what to do about it.
    pub message: String,
}

impl Warning {
    /// A warning about `location`.
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            location: location.into(),
            message: message.into(),
        }
    }

    /// The same warning placed inside `outer` (an interaction, a file): `outer: location`.
    pub fn within(mut self, outer: &str) -> Self {
        self.location = if self.location.is_empty() {
            outer.to_owned()
        } else {
            format!("{outer}: {}", self.location)
        };
        self
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.location, self.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_without_a_location_is_its_message() {
        assert_eq!(Warning::new("", "TLS is off").to_string(), "TLS is off");
    }

    #[test]
    fn within_puts_the_outer_location_first() {
        let warning =
            Warning::new("request body $.a", "reaches nothing").within("interaction \"x\"");
        assert_eq!(
            warning.to_string(),
            "interaction \"x\": request body $.a: reaches nothing"
        );
        let bare = Warning::new("", "reaches nothing").within("interaction \"x\"");
        assert_eq!(bare.to_string(), "interaction \"x\": reaches nothing");
    }
}
