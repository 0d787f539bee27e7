//! One cause said once: when every failed interaction failed for the same reason (the
//! provider is not running, its certificate is not trusted, the same state handler
//! error), the report names that reason once at its top and each interaction's line
//! refers to it, instead of repeating a long client error a hundred times.

use super::{InteractionResult, Outcome, VerificationReport};
use crate::provider::InteractionError;

/// The cause every failed interaction of a report shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CommonCause {
    /// What the interactions share, said in full once.
    summary: String,
    /// How many interactions failed for it.
    failed: usize,
    /// How many were verified in all (passed, failed or pending).
    verified: usize,
}

impl CommonCause {
    /// The cause shared by every failed interaction of `report`, when at least two failed
    /// and each failed for the same kind of error with the same message (and nothing else
    /// but what followed from it, such as a teardown).
    pub(super) fn of(report: &VerificationReport) -> Option<Self> {
        let mut failed = report.interactions().filter(|i| i.is_failed());
        let first = cause(failed.next()?)?;
        let mut count = 1;
        for result in failed {
            if cause(result)? != first {
                return None;
            }
            count += 1;
        }
        (count >= 2).then(|| CommonCause {
            summary: first.summary,
            failed: count,
            verified: report.verified(),
        })
    }

    /// The line at the top of the report: `all 12 interactions failed: cannot reach the
    /// provider at http://127.0.0.1:9: … ; is the provider running?`.
    pub(super) fn headline(&self) -> String {
        if self.failed == self.verified {
            format!("all {} interactions failed: {}", self.failed, self.summary)
        } else {
            format!(
                "{} of {} interactions failed, all for one cause: {}",
                self.failed, self.verified, self.summary
            )
        }
    }

    /// Whether `error` is this cause, to be shown in its short form.
    pub(super) fn is(&self, error: &InteractionError) -> bool {
        Cause::of(error).summary == self.summary
    }
}

/// What one failed interaction failed for: its first error, when the interaction has no
/// mismatches (a replay that produced a response is not a shared cause).
fn cause(result: &InteractionResult) -> Option<Cause> {
    match &result.outcome {
        Outcome::Failed {
            mismatches, errors, ..
        } if mismatches.is_empty() => errors.first().map(Cause::of),
        _ => None,
    }
}

/// An error as one cause: its full sentence, with what varies from one interaction to the
/// next (the request's path, the state's name) left out.
#[derive(Debug, PartialEq, Eq)]
struct Cause {
    summary: String,
}

impl Cause {
    fn of(error: &InteractionError) -> Self {
        let summary = match connection_failure(error).unwrap_or(error) {
            InteractionError::Unreachable {
                url,
                message,
                source,
            } => {
                let hint = if refused_connection(&**source) {
                    "; is the provider running?"
                } else {
                    ""
                };
                format!(
                    "cannot reach the provider at {}: {message}{hint}",
                    origin(url)
                )
            }
            InteractionError::Tls { url, message, .. } => {
                format!("cannot reach the provider at {}: {message}", origin(url))
            }
            InteractionError::Timeout { url, after } => format!(
                "no response from the provider at {} within {after:?}",
                origin(url)
            ),
            InteractionError::StateSetup { source, .. } => {
                format!("state change failed: {source}")
            }
            InteractionError::StateTeardown { source, .. } => {
                format!("state teardown failed: {source}")
            }
            other => other.to_string(),
        };
        Cause { summary }
    }
}

/// The line an interaction shows in place of `error` when the report named it at the top:
/// what failed, without the shared detail.
pub(super) fn short(error: &InteractionError) -> String {
    format!("{} (see the cause above)", what_failed(error))
}

fn what_failed(error: &InteractionError) -> String {
    let inner = || connection_failure(error).map(|inner| format!(": {}", what_failed(inner)));
    match error {
        InteractionError::Unreachable { .. } | InteractionError::Tls { .. } => {
            "cannot reach the provider".to_owned()
        }
        InteractionError::Timeout { .. } => "no response from the provider".to_owned(),
        InteractionError::StateSetup { state, .. } => {
            format!(
                "state change failed: \"{state}\"{}",
                inner().unwrap_or_default()
            )
        }
        InteractionError::StateTeardown { state, .. } => {
            format!(
                "state teardown failed: \"{state}\"{}",
                inner().unwrap_or_default()
            )
        }
        InteractionError::Hook { hook, .. } => format!("{hook} hook failed"),
        InteractionError::RequestFilter { .. } => "request filter failed".to_owned(),
        _ => "failed".to_owned(),
    }
}

/// The connection error behind `error`: itself when it is one, or what made a state-change
/// URL call fail (the state-change endpoint is usually served by the provider, so a
/// provider that is not running fails the state change of some interactions and the
/// request of others, for one cause).
fn connection_failure(error: &InteractionError) -> Option<&InteractionError> {
    match error {
        InteractionError::Unreachable { .. }
        | InteractionError::Tls { .. }
        | InteractionError::Timeout { .. } => Some(error),
        InteractionError::StateSetup { source, .. }
        | InteractionError::StateTeardown { source, .. } => source
            .downcast_ref::<InteractionError>()
            .and_then(connection_failure),
        _ => None,
    }
}

/// `scheme://host:port` of a request URL: every interaction's request has its own path,
/// the provider they could not reach is the same.
fn origin(url: &str) -> String {
    match url.parse::<http::Uri>() {
        Ok(uri) => match (uri.scheme_str(), uri.authority()) {
            (Some(scheme), Some(authority)) => format!("{scheme}://{authority}"),
            _ => url.to_owned(),
        },
        Err(_) => url.to_owned(),
    }
}

/// Whether the client could not open a connection at all (nothing listening, refused):
/// the case where the likeliest explanation is a provider that is not running.
fn refused_connection(source: &(dyn std::error::Error + 'static)) -> bool {
    if source
        .downcast_ref::<hyper_util::client::legacy::Error>()
        .is_some_and(hyper_util::client::legacy::Error::is_connect)
    {
        return true;
    }
    let mut next = Some(source);
    while let Some(error) = next {
        if error
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
        {
            return true;
        }
        next = error.source();
    }
    false
}
