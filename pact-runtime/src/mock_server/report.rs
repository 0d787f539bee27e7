//! What a mock server saw that the interactions did not describe, rendered for people.

use std::fmt;

use crate::Warning;
use crate::matching::{Mismatch, render};
use crate::model::{HttpRequest, ProviderState};

/// Why a mock server's verification failed: interactions never received and requests that
/// matched no interaction. Its `Display` is the readable report.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MockServerReport {
    /// The server's base URL.
    pub url: String,
    /// Interactions mounted but never received, in mount order.
    pub missing: Vec<MissingInteraction>,
    /// Requests that matched no interaction, in arrival order.
    pub unexpected: Vec<UnexpectedRequest>,
    /// Requests that matched an interaction whose response could not be served (a
    /// generator failed), in arrival order: the client got a `500` instead of the
    /// response the pact promises.
    pub failed_responses: Vec<FailedResponse>,
    /// Things that explain problems without being problems themselves (TLS handshakes
    /// that failed, a server whose runtime stopped before `finish`); shown after the
    /// problems, only when there are problems.
    pub notes: Vec<String>,
    /// What is wrong with the mounted interactions without failing anything (a matching
    /// rule whose path selects nothing in the body it belongs to), in mount order; shown
    /// whether or not there are problems.
    pub warnings: Vec<Warning>,
}

/// A request that matched an interaction whose response could not be served.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FailedResponse {
    /// The interaction's description.
    pub description: String,
    /// Its provider states.
    pub provider_states: Vec<ProviderState>,
    /// The request as received.
    pub request: HttpRequest,
    /// Why the response could not be served.
    pub reason: String,
}

/// An interaction that was mounted but never received.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MissingInteraction {
    /// Its description.
    pub description: String,
    /// Its provider states.
    pub provider_states: Vec<ProviderState>,
    /// The request it describes (examples, with its matching rules).
    pub request: HttpRequest,
}

/// A request that matched no mounted interaction.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnexpectedRequest {
    /// The request as received.
    pub request: HttpRequest,
    /// The interaction with the fewest mismatches, when any is mounted.
    pub closest: Option<ClosestInteraction>,
    /// Why the server refused the request before matching it (its body was too large),
    /// when it did.
    pub refused: Option<String>,
}

/// The mounted interaction closest to an unexpected request, and why it did not match.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ClosestInteraction {
    /// Its description.
    pub description: String,
    /// Its provider states.
    pub provider_states: Vec<ProviderState>,
    /// What differs.
    pub mismatches: Vec<Mismatch>,
    /// A line diff of the bodies narrowed to the mismatches (parts of the actual body
    /// that matched are shown as the expected example), when they differ.
    pub body_diff: Option<String>,
}

impl MockServerReport {
    /// True when nothing went wrong.
    pub fn is_empty(&self) -> bool {
        self.problem_count() == 0
    }

    fn problem_count(&self) -> usize {
        self.missing.len() + self.unexpected.len() + self.failed_responses.len()
    }
}

/// ` (given "a", "b")`, or nothing without states.
pub(crate) fn given(states: &[ProviderState]) -> String {
    if states.is_empty() {
        return String::new();
    }
    let names: Vec<String> = states.iter().map(|s| format!("{:?}", s.name)).collect();
    format!(" (given {})", names.join(", "))
}

/// `GET /users?id=1`.
pub(crate) fn request_line(request: &HttpRequest) -> String {
    let mut line = format!("{} {}", request.method, request.path);
    if let Some(query) = &request.query {
        let pairs: Vec<String> = query
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |v| format!("{name}={v}")))
            .collect();
        line.push('?');
        line.push_str(&pairs.join("&"));
    }
    line
}

fn write_mismatches(f: &mut fmt::Formatter<'_>, mismatches: &[Mismatch]) -> fmt::Result {
    if mismatches.is_empty() {
        return Ok(());
    }
    write!(f, "\n{}", render::lines(mismatches, "      "))
}

impl fmt::Display for MockServerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problems = self.problem_count();
        if problems == 0 {
            write!(
                f,
                "mock server {} received every mounted interaction and nothing else",
                self.url
            )?;
            return write_warnings(f, &self.warnings);
        }
        write!(
            f,
            "mock server {} failed verification ({problems} problem{}):",
            self.url,
            if problems == 1 { "" } else { "s" }
        )?;
        for missing in &self.missing {
            write!(
                f,
                "\n  expected request was not received: {:?}{}",
                missing.description,
                given(&missing.provider_states)
            )?;
            write!(f, "\n    request: {}", request_line(&missing.request))?;
        }
        for unexpected in &self.unexpected {
            write!(
                f,
                "\n  unexpected request: {}",
                request_line(&unexpected.request)
            )?;
            if let Some(reason) = &unexpected.refused {
                write!(f, "\n    refused: {reason}")?;
                continue;
            }
            let Some(closest) = &unexpected.closest else {
                write!(f, "\n    (no interaction is mounted that could match it)")?;
                continue;
            };
            write!(
                f,
                "\n    closest: interaction {:?}{}:",
                closest.description,
                given(&closest.provider_states)
            )?;
            write_mismatches(f, &closest.mismatches)?;
            if let Some(diff) = &closest.body_diff {
                write!(
                    f,
                    "\n      body diff of the mismatches (-expected, +actual):"
                )?;
                for line in diff.lines() {
                    write!(f, "\n        {line}")?;
                }
            }
        }
        for failed in &self.failed_responses {
            write!(
                f,
                "\n  response could not be served: {:?}{}",
                failed.description,
                given(&failed.provider_states)
            )?;
            write!(f, "\n    request: {}", request_line(&failed.request))?;
            write!(f, "\n    reason: {}", failed.reason)?;
        }
        write_warnings(f, &self.warnings)?;
        for note in &self.notes {
            write!(f, "\n  note: {note}")?;
        }
        Ok(())
    }
}

fn write_warnings(f: &mut fmt::Formatter<'_>, warnings: &[Warning]) -> fmt::Result {
    for warning in warnings {
        write!(f, "\n  warning: {warning}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::matching::{MismatchKind, Reason};
    use crate::model::HttpRequest;

    #[test]
    fn renders_missing_and_unexpected_with_paths_expected_and_found() {
        let report = MockServerReport {
            url: "http://127.0.0.1:1".to_owned(),
            missing: vec![MissingInteraction {
                description: "a request for user 42".to_owned(),
                provider_states: vec![ProviderState::new("user 42 exists")],
                request: HttpRequest {
                    method: "GET".to_owned(),
                    path: "/users/42".to_owned(),
                    ..HttpRequest::default()
                },
            }],
            unexpected: vec![UnexpectedRequest {
                request: HttpRequest {
                    method: "POST".to_owned(),
                    path: "/users".to_owned(),
                    query: Some([("dry".to_owned(), vec!["1".to_owned()])].into()),
                    ..HttpRequest::default()
                },
                closest: Some(ClosestInteraction {
                    description: "create a user".to_owned(),
                    provider_states: Vec::new(),
                    mismatches: vec![
                        Mismatch::new(MismatchKind::Body, "$.name", Reason::NotEqual)
                            .expected(json!("Alice"))
                            .actual(json!("Bob")),
                        Mismatch::new(MismatchKind::Header, "Accept", Reason::NotEqual)
                            .expected(json!("application/json"))
                            .actual(json!("text/html")),
                    ],
                    body_diff: Some("-{\"name\":\"Alice\"}\n+{\"name\":\"Bob\"}".to_owned()),
                }),
                refused: None,
            }],
            failed_responses: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
        };

        assert_eq!(
            report.to_string(),
            "mock server http://127.0.0.1:1 failed verification (2 problems):\n  \
             expected request was not received: \"a request for user 42\" (given \"user 42 exists\")\n    \
             request: GET /users/42\n  \
             unexpected request: POST /users?dry=1\n    \
             closest: interaction \"create a user\":\n      \
             $.name         expected \"Alice\", found \"Bob\"\n      \
             header Accept  expected header 'Accept' to be 'application/json' but was 'text/html'\n      \
             body diff of the mismatches (-expected, +actual):\n        \
             -{\"name\":\"Alice\"}\n        \
             +{\"name\":\"Bob\"}"
        );
    }

    #[test]
    fn warnings_are_shown_with_or_without_problems_and_fail_nothing() {
        let warning = Warning::new(
            "request body $.ns9:order",
            "the matching rule selects nothing in the expected request body, so it never applies to it",
        )
        .within("interaction \"an order\"");
        let clean = MockServerReport {
            url: "http://127.0.0.1:1".to_owned(),
            missing: Vec::new(),
            unexpected: Vec::new(),
            failed_responses: Vec::new(),
            notes: Vec::new(),
            warnings: vec![warning],
        };
        let failed = MockServerReport {
            missing: vec![MissingInteraction {
                description: "an order".to_owned(),
                provider_states: Vec::new(),
                request: HttpRequest {
                    method: "POST".to_owned(),
                    path: "/orders".to_owned(),
                    ..HttpRequest::default()
                },
            }],
            notes: vec!["1 TLS handshake failed".to_owned()],
            ..clean.clone()
        };

        assert!(clean.is_empty());
        assert_eq!(
            clean.to_string(),
            "mock server http://127.0.0.1:1 received every mounted interaction and nothing else\n  \
             warning: interaction \"an order\": request body $.ns9:order: the matching rule \
             selects nothing in the expected request body, so it never applies to it"
        );
        assert_eq!(
            failed.to_string(),
            "mock server http://127.0.0.1:1 failed verification (1 problem):\n  \
             expected request was not received: \"an order\"\n    \
             request: POST /orders\n  \
             warning: interaction \"an order\": request body $.ns9:order: the matching rule \
             selects nothing in the expected request body, so it never applies to it\n  \
             note: 1 TLS handshake failed"
        );
    }

    #[test]
    fn renders_failed_responses_and_notes_and_an_empty_report_says_all_is_well() {
        let empty = MockServerReport {
            url: "http://127.0.0.1:1".to_owned(),
            missing: Vec::new(),
            unexpected: Vec::new(),
            failed_responses: Vec::new(),
            notes: vec!["never shown without a problem".to_owned()],
            warnings: Vec::new(),
        };
        let failed = MockServerReport {
            failed_responses: vec![FailedResponse {
                description: "a token".to_owned(),
                provider_states: Vec::new(),
                request: HttpRequest {
                    method: "GET".to_owned(),
                    path: "/token".to_owned(),
                    ..HttpRequest::default()
                },
                reason: "cannot generate $.token: unsupported regex".to_owned(),
            }],
            notes: vec!["1 TLS handshake failed".to_owned()],
            ..empty.clone()
        };

        assert!(empty.is_empty());
        assert_eq!(
            empty.to_string(),
            "mock server http://127.0.0.1:1 received every mounted interaction and nothing else"
        );
        assert!(!failed.is_empty());
        assert_eq!(
            failed.to_string(),
            "mock server http://127.0.0.1:1 failed verification (1 problem):\n  \
             response could not be served: \"a token\"\n    \
             request: GET /token\n    \
             reason: cannot generate $.token: unsupported regex\n  \
             note: 1 TLS handshake failed"
        );
    }
}
