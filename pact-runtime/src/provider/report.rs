//! The verification report: per pact, per interaction, what happened and why.

mod cause;

use std::fmt;
use std::time::Duration;

use cause::CommonCause;

use super::{InteractionError, VerifyError};
use crate::Warning;
use crate::matching::{Mismatch, render};
use crate::model::PactWarning;

/// The result of [`Verifier::verify`](super::Verifier::verify): one entry per pact read.
///
/// `verify` never fails as a whole; this report says what happened. [`is_ok`](Self::is_ok)
/// is the verdict, [`assert_ok`](Self::assert_ok) panics with the rendered report, and
/// `Display` renders it for people.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct VerificationReport {
    /// The pacts, in source order.
    pub pacts: Vec<PactResult>,
    /// Problems with the verification as a whole (an invalid filter, TLS settings that
    /// cannot be used, filters that select nothing); any of them fails it.
    pub errors: Vec<VerifyError>,
    /// Things worth knowing that do not fail it (TLS verification turned off).
    pub warnings: Vec<String>,
    /// Wall time of the whole verification.
    pub duration: Duration,
    /// Set by [`Verifier::allow_no_interactions`](super::Verifier::allow_no_interactions):
    /// a verification that verified no interaction (no pact found, everything filtered out
    /// or skipped) passes. Otherwise it fails, saying why.
    pub allow_no_interactions: bool,
}

/// The verification of one pact.
#[derive(Debug)]
#[non_exhaustive]
pub struct PactResult {
    /// The file name, URL (without credentials) or other source name (or the directory,
    /// when the directory itself could not be read).
    pub source: String,
    /// The consumer's name (empty when the pact did not load).
    pub consumer: String,
    /// The provider's name (empty when the pact did not load).
    pub provider: String,
    /// One result per selected interaction, in pact order.
    pub interactions: Vec<InteractionResult>,
    /// Why the pact could not be verified at all; a load error fails the verification.
    pub load_error: Option<VerifyError>,
    /// A pending pact: its interactions are verified and reported, their failures tolerated.
    pub pending: bool,
    /// Messages from the source (a broker's notices).
    pub notices: Vec<String>,
    /// What reading the pact took leniently, or found doubtful, each with its JSON path;
    /// warnings do not fail the verification.
    pub warnings: Vec<PactWarning>,
    /// How many interactions the description and provider-state filters left out.
    pub filtered_out: usize,
    /// Source-specific data (see [`FetchedPact::properties`](super::FetchedPact)).
    pub properties: serde_json::Map<String, serde_json::Value>,
}

impl PactResult {
    /// A result for the pact (or load error) read under `source`.
    pub(crate) fn new(source: String) -> Self {
        PactResult {
            source,
            consumer: String::new(),
            provider: String::new(),
            interactions: Vec::new(),
            load_error: None,
            pending: false,
            notices: Vec::new(),
            warnings: Vec::new(),
            filtered_out: 0,
            properties: serde_json::Map::new(),
        }
    }
}

/// The verification of one interaction.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct InteractionResult {
    /// The interaction's description.
    pub description: String,
    /// The names of its provider states, in order.
    pub provider_states: Vec<String>,
    /// What happened.
    pub outcome: Outcome,
    /// Pending (a V4 pending interaction, or an interaction of a pending pact): reported,
    /// but a failure does not fail the verification.
    pub pending: bool,
    /// Things worth knowing that do not fail the interaction: a state without a handler,
    /// a generator that always gives the same value, a response body rule whose path
    /// selects nothing in the expected body
    /// ([`response_rule_warnings`](crate::matching::response_rule_warnings)).
    pub warnings: Vec<Warning>,
    /// Time taken, state setup included.
    pub duration: Duration,
    /// The interaction's V4 comments (`comments.text`), printed under it so a reader of
    /// the verifier's output sees the consumer's notes (V4 specification, "Comments").
    pub comments: Vec<String>,
    /// The name of the consumer test that wrote the interaction (V4
    /// `comments.testname`), printed under it to lead a reader back to that test.
    pub test_name: Option<String>,
}

impl InteractionResult {
    /// The comments and test name of `comments` (an interaction's V4 `comments` object:
    /// `text`, an array of strings, and `testname`, a string); other fields, and values
    /// of other shapes, are left out.
    pub(crate) fn comments_of(
        comments: &serde_json::Map<String, serde_json::Value>,
    ) -> (Vec<String>, Option<String>) {
        let texts = comments
            .get("text")
            .and_then(serde_json::Value::as_array)
            .map(|texts| {
                texts
                    .iter()
                    .filter_map(serde_json::Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let test_name = comments
            .get("testname")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        (texts, test_name)
    }
}

/// What happened to one interaction.
///
/// ```
/// use pact_runtime::provider::{InteractionError, Outcome, VerificationReport};
///
/// // The state handlers that failed, by state name.
/// fn failed_states(report: &VerificationReport) -> Vec<&str> {
///     report
///         .interactions()
///         .filter_map(|result| match &result.outcome {
///             Outcome::Failed { errors, .. } => Some(errors),
///             _ => None,
///         })
///         .flatten()
///         .filter_map(|error| match error {
///             InteractionError::StateSetup { state, .. } => Some(state.as_str()),
///             _ => None,
///         })
///         .collect()
/// }
/// # assert!(failed_states(&VerificationReport::default()).is_empty());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Outcome {
    /// The provider's response matched.
    Passed,
    /// The response did not match, or the interaction could not be replayed.
    Failed {
        /// The differences between the expected and the actual response.
        mismatches: Vec<Mismatch>,
        /// Why the interaction could not be replayed, or what failed around it, in the
        /// order it happened (a state that could not be set up, the provider's connection,
        /// then a teardown or after-each hook that failed too); each keeps its cause as
        /// its `source()`.
        errors: Vec<InteractionError>,
        /// A line diff of the expected and actual bodies, when the bodies differ.
        body_diff: Option<String>,
    },
    /// The interaction was not verified.
    Skipped {
        /// Why.
        reason: String,
    },
}

/// The verdict on one interaction, as counted in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// It passed.
    Passed,
    /// It failed, and that fails the verification.
    Failed,
    /// It failed, but it is pending, so that is tolerated.
    Pending,
    /// It was not verified.
    Skipped,
}

impl Outcome {
    /// The errors of a failed interaction (empty for one that passed, was skipped, or
    /// failed by its mismatches alone).
    pub fn errors(&self) -> &[InteractionError] {
        match self {
            Outcome::Failed { errors, .. } => errors,
            _ => &[],
        }
    }

    /// The errors as the report prints them, one a line; `None` without errors.
    pub fn error_message(&self) -> Option<String> {
        let errors = self.errors();
        (!errors.is_empty()).then(|| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })
    }
}

impl InteractionResult {
    /// True when the response did not match or the interaction could not be replayed
    /// (pending or not).
    pub fn is_failed(&self) -> bool {
        matches!(self.outcome, Outcome::Failed { .. })
    }

    /// The verdict: a pending failure is [`Status::Pending`].
    pub fn status(&self) -> Status {
        match self.outcome {
            Outcome::Passed => Status::Passed,
            Outcome::Failed { .. } if self.pending => Status::Pending,
            Outcome::Failed { .. } => Status::Failed,
            Outcome::Skipped { .. } => Status::Skipped,
        }
    }
}

impl VerificationReport {
    /// True when at least one interaction was verified and nothing failed (failures of
    /// pending interactions and pacts do not count). A verification that verified nothing
    /// (no pact found, every interaction filtered out or skipped) is not ok unless
    /// [`allow_no_interactions`](Self::allow_no_interactions) is set, which also tolerates
    /// a pact directory without pacts for the provider.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
            && (self.allow_no_interactions || self.verified() > 0)
            && self.pacts.iter().all(|pact| {
                let loaded = match &pact.load_error {
                    None => true,
                    Some(VerifyError::NoPacts { .. }) => self.allow_no_interactions,
                    Some(_) => false,
                };
                loaded
                    && pact
                        .interactions
                        .iter()
                        .all(|i| i.status() != Status::Failed)
            })
    }

    /// How many interactions were verified: passed, failed or pending, not skipped.
    pub fn verified(&self) -> usize {
        self.interactions()
            .filter(|i| i.status() != Status::Skipped)
            .count()
    }

    /// Why this verification verified nothing, when it did and that is not allowed: what
    /// became of the interactions (skipped, left out by the filters, no pact found).
    pub fn nothing_verified(&self) -> Option<String> {
        if self.allow_no_interactions || self.verified() > 0 {
            return None;
        }
        let mut parts = Vec::new();
        let skipped = self.interactions().count();
        if skipped > 0 {
            let plural = if skipped == 1 { "" } else { "s" };
            parts.push(format!("{skipped} interaction{plural} skipped"));
        }
        let filtered: usize = self.pacts.iter().map(|pact| pact.filtered_out).sum();
        if filtered > 0 {
            let plural = if filtered == 1 { "" } else { "s" };
            parts.push(format!(
                "{filtered} interaction{plural} left out by the filters"
            ));
        }
        let found = self
            .pacts
            .iter()
            .any(|p| !matches!(p.load_error, Some(VerifyError::NoPacts { .. })));
        // A source that failed (an unreachable broker, an unreadable file) is the cause,
        // not empty pacts: say so, naming the broker when it is the one.
        let failed: Vec<&VerifyError> = self
            .pacts
            .iter()
            .filter_map(|p| p.load_error.as_ref())
            .filter(|error| !matches!(error, VerifyError::NoPacts { .. }))
            .collect();
        if !failed.is_empty() {
            // The first cause in full, so the line stands alone wherever it is printed (a
            // JSON report, above or below the per-source lines).
            let more = match failed.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            parts.push(format!(
                "{} pact source{} could not be loaded: {}{more}",
                failed.len(),
                if failed.len() == 1 { "" } else { "s" },
                failed[0]
            ));
        }
        if !found {
            parts.push("no pact found".to_owned());
        } else if parts.is_empty() {
            parts.push("the pacts have no interactions".to_owned());
        }
        Some(format!(
            "nothing was verified ({}); a verification that checks nothing fails unless it \
             is allowed to (`Verifier::allow_no_interactions`, `pact verify --ignore-no-pacts-error`)",
            parts.join(", ")
        ))
    }

    /// Panics with the rendered report unless [`is_ok`](Self::is_ok); for tests.
    #[track_caller]
    pub fn assert_ok(&self) {
        assert!(self.is_ok(), "provider verification failed:\n{self}");
    }

    /// Every interaction result, across pacts.
    pub fn interactions(&self) -> impl Iterator<Item = &InteractionResult> {
        self.pacts.iter().flat_map(|pact| pact.interactions.iter())
    }

    /// The summary counts.
    fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for result in self.interactions() {
            counts.total += 1;
            match result.status() {
                Status::Passed => counts.passed += 1,
                Status::Failed => counts.failed += 1,
                Status::Pending => counts.pending += 1,
                Status::Skipped => counts.skipped += 1,
            }
        }
        counts.unloaded = self
            .pacts
            .iter()
            .filter(|p| match &p.load_error {
                Some(VerifyError::NoPacts { .. }) => !self.allow_no_interactions,
                other => other.is_some(),
            })
            .count();
        counts
    }
}

#[derive(Default)]
struct Counts {
    total: usize,
    passed: usize,
    failed: usize,
    pending: usize,
    skipped: usize,
    unloaded: usize,
}

impl fmt::Display for VerificationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for warning in &self.warnings {
            writeln!(f, "warning: {warning}")?;
        }
        for error in &self.errors {
            writeln!(f, "error: {error}")?;
        }
        if self.errors.is_empty()
            && let Some(reason) = self.nothing_verified()
        {
            writeln!(f, "error: {reason}")?;
        }
        let common = CommonCause::of(self);
        if let Some(common) = &common {
            writeln!(f, "{}", common.headline())?;
        }
        if self.pacts.is_empty() {
            if !self.errors.is_empty() {
                // A summary of zeros would read as "nothing to verify", which hides why.
                let plural = if self.errors.len() == 1 { "" } else { "s" };
                return writeln!(
                    f,
                    "verification not run: {} error{plural} above",
                    self.errors.len()
                );
            }
            writeln!(f, "no pacts were verified")?;
        }
        for pact in &self.pacts {
            match &pact.load_error {
                // Allowed, no pact is no failure: said plainly, without the ✘ of a pact
                // that could not be read.
                Some(error @ VerifyError::NoPacts { .. }) if self.allow_no_interactions => {
                    writeln!(f, "{error} (allowed: no interactions to verify)")?;
                }
                _ => write_pact(f, pact, common.as_ref())?,
            }
        }
        let counts = self.counts();
        // Not the bare "N passed; M failed" shape: CI parses libtest's summary lines and
        // must not mistake this one for a test binary's.
        write!(
            f,
            "verification: {} interaction{}, {} passed, {} failed, {} skipped",
            counts.total,
            if counts.total == 1 { "" } else { "s" },
            counts.passed,
            counts.failed,
            counts.skipped
        )?;
        if counts.pending > 0 {
            write!(f, ", {} pending (failures tolerated)", counts.pending)?;
        }
        if counts.unloaded > 0 {
            let plural = if counts.unloaded == 1 { "" } else { "s" };
            write!(f, ", {} pact file{plural} not loaded", counts.unloaded)?;
        }
        writeln!(f)
    }
}

impl fmt::Display for PactResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_pact(f, self, None)
    }
}

/// A pact's block; an error that is `common`, the cause the report named at its top, is
/// shown in its short form under each interaction.
fn write_pact(
    f: &mut fmt::Formatter<'_>,
    pact: &PactResult,
    common: Option<&CommonCause>,
) -> fmt::Result {
    if let Some(error) = &pact.load_error {
        // The error names the full path already; the first line stays short.
        return writeln!(f, "✘ {}\n      {error}", pact.source);
    }
    // A work-in-progress pact is pending too; the report says which it is.
    let wip = pact.properties.get(super::source::WIP_PROPERTY) == Some(&true.into());
    let pending = match (pact.pending, wip) {
        (_, true) => " [pending, WIP]",
        (true, false) => " [pending]",
        (false, false) => "",
    };
    writeln!(
        f,
        "pact {} ({} → {}){pending}:",
        pact.source, pact.consumer, pact.provider
    )?;
    for notice in &pact.notices {
        writeln!(f, "  notice: {notice}")?;
    }
    // The pact's line names the source already: each warning gives its JSON path.
    for warning in &pact.warnings {
        writeln!(f, "  warning: {}: {}", warning.at, warning.message)?;
    }
    for interaction in &pact.interactions {
        write_interaction(f, interaction, common)?;
    }
    if pact.filtered_out > 0 {
        let plural = if pact.filtered_out == 1 { "" } else { "s" };
        writeln!(
            f,
            "  ({} interaction{plural} left out by the filters)",
            pact.filtered_out
        )?;
    }
    Ok(())
}

impl fmt::Display for InteractionResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_interaction(f, self, None)
    }
}

/// An interaction's lines, as [`write_pact`] shows them.
fn write_interaction(
    f: &mut fmt::Formatter<'_>,
    result: &InteractionResult,
    common: Option<&CommonCause>,
) -> fmt::Result {
    let mark = match result.status() {
        Status::Passed => "✔",
        Status::Failed => "✘",
        Status::Pending => "✘?",
        Status::Skipped => "-",
    };
    write!(f, "  {mark} {}", result.description)?;
    if !result.provider_states.is_empty() {
        write!(f, " (given {})", result.provider_states.join(", "))?;
    }
    if result.pending {
        f.write_str(" [pending]")?;
    }
    match &result.outcome {
        Outcome::Skipped { reason } => writeln!(f, ": skipped, {reason}")?,
        _ => writeln!(f, " ({} ms)", result.duration.as_millis())?,
    }
    if let Some(name) = &result.test_name {
        writeln!(f, "      test name: {name}")?;
    }
    for comment in &result.comments {
        writeln!(f, "      comment: {comment}")?;
    }
    for warning in &result.warnings {
        writeln!(f, "      warning: {warning}")?;
    }
    if let Outcome::Failed {
        mismatches,
        errors,
        body_diff,
    } = &result.outcome
    {
        for error in errors {
            match common {
                Some(common) if common.is(error) => writeln!(f, "      {}", cause::short(error))?,
                _ => writeln!(f, "      {error}")?,
            }
        }
        if !mismatches.is_empty() {
            writeln!(f, "{}", render::lines(mismatches, "      "))?;
        }
        if let Some(diff) = body_diff {
            writeln!(f, "      body diff of the mismatches (-expected, +actual):")?;
            for line in diff.lines() {
                writeln!(f, "        {line}")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{MismatchKind, Reason};

    fn result(description: &str, outcome: Outcome) -> InteractionResult {
        InteractionResult {
            description: description.to_owned(),
            provider_states: vec!["user 42 exists".to_owned()],
            outcome,
            pending: false,
            warnings: Vec::new(),
            duration: Duration::from_millis(3),
            comments: Vec::new(),
            test_name: None,
        }
    }

    #[test]
    fn comments_and_the_test_name_are_printed_under_the_interaction() {
        let comments = serde_json::json!({
            "text": ["first note", "second note"],
            "testname": "a_user_is_fetched",
        });
        let (texts, test_name) =
            InteractionResult::comments_of(comments.as_object().expect("an object"));
        let mut result = result("a request for user 42", Outcome::Passed);
        result.comments = texts;
        result.test_name = test_name;
        assert_eq!(
            result.to_string(),
            "  ✔ a request for user 42 (given user 42 exists) (3 ms)\n      \
             test name: a_user_is_fetched\n      comment: first note\n      comment: second note\n"
        );
    }

    #[test]
    fn comments_of_other_shapes_and_other_comment_fields_are_left_out() {
        for (comments, texts, name) in [
            (serde_json::json!({}), vec![], None),
            (
                serde_json::json!({"text": "not an array", "testname": 7}),
                vec![],
                None,
            ),
            (
                serde_json::json!({"text": ["kept", 3, null], "other": "ignored"}),
                vec!["kept".to_owned()],
                None,
            ),
            (
                serde_json::json!({"testname": "t"}),
                vec![],
                Some("t".to_owned()),
            ),
        ] {
            let found = InteractionResult::comments_of(comments.as_object().expect("an object"));
            assert_eq!(found, (texts, name), "comments {comments}");
        }
    }

    #[test]
    fn a_failed_interaction_prints_its_comments_before_its_mismatches() {
        let mut result = result(
            "a request for user 42",
            Outcome::Failed {
                mismatches: Vec::new(),
                errors: vec![InteractionError::InvalidRequest(
                    "connection refused".to_owned(),
                )],
                body_diff: None,
            },
        );
        result.comments = vec!["flaky on Mondays".to_owned()];
        let printed = result.to_string();
        let comment = printed
            .find("comment: flaky on Mondays")
            .expect("the comment");
        let error = printed.find("connection refused").expect("the error");
        assert!(comment < error, "{printed}");
    }

    #[test]
    fn each_error_of_a_failed_interaction_is_a_line_of_its_own_in_order() {
        let state = |message: &str| InteractionError::StateTeardown {
            state: "user 42 exists".to_owned(),
            source: crate::provider::SharedError::new(message.to_owned()),
        };
        let failed = result(
            "a request for user 42",
            Outcome::Failed {
                mismatches: Vec::new(),
                errors: vec![
                    InteractionError::InvalidRequest("bad header".to_owned()),
                    state("the database is down"),
                ],
                body_diff: None,
            },
        );

        assert_eq!(
            failed.outcome.error_message().as_deref(),
            Some(
                "cannot build the request: bad header\n\
                 state teardown failed: \"user 42 exists\": the database is down"
            )
        );
        assert!(
            failed.to_string().ends_with(
                "\n      cannot build the request: bad header\n      \
                 state teardown failed: \"user 42 exists\": the database is down\n"
            ),
            "{failed}"
        );
        assert_eq!(Outcome::Passed.errors(), &[] as &[InteractionError]);
        assert_eq!(Outcome::Passed.error_message(), None);
    }

    fn report(interactions: Vec<InteractionResult>) -> VerificationReport {
        VerificationReport {
            pacts: vec![PactResult {
                consumer: "web-app".to_owned(),
                provider: "user-service".to_owned(),
                interactions,
                ..PactResult::new("web-app-user-service.json".to_owned())
            }],
            ..VerificationReport::default()
        }
    }

    fn unreachable(path: &str, message: &str) -> Outcome {
        Outcome::Failed {
            mismatches: Vec::new(),
            errors: vec![InteractionError::Unreachable {
                url: format!("http://127.0.0.1:9{path}"),
                message: message.to_owned(),
                source: crate::provider::SharedError::new(std::io::Error::from(
                    std::io::ErrorKind::ConnectionRefused,
                )),
            }],
            body_diff: None,
        }
    }

    const REFUSED: &str = "client error (Connect): tcp connect error: Connection refused";

    #[test]
    fn interactions_that_all_failed_for_one_cause_name_it_once_at_the_top() {
        let report = report(vec![
            result("a request for user 42", unreachable("/users/42", REFUSED)),
            result(
                "a request for user 43",
                unreachable("/users/43?x=1", REFUSED),
            ),
            result("a request for the users", unreachable("/users", REFUSED)),
        ]);

        let text = report.to_string();

        assert!(
            text.starts_with(&format!(
                "all 3 interactions failed: cannot reach the provider at http://127.0.0.1:9: \
                 {REFUSED}; is the provider running?\npact web-app-user-service.json"
            )),
            "{text}"
        );
        assert_eq!(text.matches(REFUSED).count(), 1, "{text}");
        assert!(
            text.contains(
                "  ✘ a request for user 43 (given user 42 exists) (3 ms)\n      \
                 cannot reach the provider (see the cause above)\n"
            ),
            "{text}"
        );
        // One interaction alone still reads in full.
        let alone = report
            .interactions()
            .next()
            .expect("an interaction")
            .to_string();
        assert!(alone.contains(REFUSED), "{alone}");
    }

    #[test]
    fn failures_for_one_cause_beside_passed_interactions_are_counted_against_the_verified() {
        let state_failed = |state: &str| Outcome::Failed {
            mismatches: Vec::new(),
            errors: vec![InteractionError::StateSetup {
                state: state.to_owned(),
                source: crate::provider::SharedError::new("the database is down"),
            }],
            body_diff: None,
        };
        let report = report(vec![
            result("a request for user 42", state_failed("user 42 exists")),
            result("a health check", Outcome::Passed),
            result("a request for user 43", state_failed("user 43 exists")),
        ]);

        let text = report.to_string();

        assert!(
            text.starts_with(
                "2 of 3 interactions failed, all for one cause: state change failed: the \
                 database is down\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("      state change failed: \"user 43 exists\" (see the cause above)\n"),
            "{text}"
        );
        assert_eq!(text.matches("the database is down").count(), 1, "{text}");
    }

    #[test]
    fn a_state_change_url_on_a_provider_that_is_not_running_is_the_same_cause() {
        let Outcome::Failed {
            errors: unreachable_errors,
            ..
        } = unreachable("/state", REFUSED)
        else {
            unreachable!("a failure")
        };
        let state_failed = Outcome::Failed {
            mismatches: Vec::new(),
            errors: vec![InteractionError::StateSetup {
                state: "user 42 exists".to_owned(),
                source: crate::provider::SharedError::new(unreachable_errors[0].clone()),
            }],
            body_diff: None,
        };
        let report = report(vec![
            result("a request for user 42", state_failed),
            result("a health check", unreachable("/health", REFUSED)),
        ]);

        let text = report.to_string();

        assert!(
            text.starts_with(&format!(
                "all 2 interactions failed: cannot reach the provider at http://127.0.0.1:9: \
                 {REFUSED}; is the provider running?\n"
            )),
            "{text}"
        );
        assert!(
            text.contains(
                "      state change failed: \"user 42 exists\": cannot reach the provider \
                 (see the cause above)\n"
            ),
            "{text}"
        );
        assert_eq!(text.matches(REFUSED).count(), 1, "{text}");
    }

    #[test]
    fn different_causes_a_single_failure_or_a_mismatch_are_each_shown_in_full() {
        let mismatched = Outcome::Failed {
            mismatches: vec![
                Mismatch::new(MismatchKind::Status, "", Reason::NotEqual)
                    .expected(serde_json::json!(200))
                    .actual(serde_json::json!(500)),
            ],
            errors: Vec::new(),
            body_diff: None,
        };
        let reports = [
            report(vec![
                result("one", unreachable("/1", REFUSED)),
                result("two", unreachable("/2", "connection reset")),
            ]),
            report(vec![
                result("one", unreachable("/1", REFUSED)),
                result("two", Outcome::Passed),
            ]),
            report(vec![
                result("one", unreachable("/1", REFUSED)),
                result("two", mismatched),
            ]),
        ];

        for report in reports {
            let text = report.to_string();
            assert!(text.starts_with("pact "), "{text}");
            assert!(!text.contains("see the cause above"), "{text}");
            assert!(
                text.contains(&format!(
                    "      cannot reach the provider at http://127.0.0.1:9/1: {REFUSED}\n"
                )),
                "{text}"
            );
        }
    }

    #[test]
    fn a_failed_interaction_renders_its_mismatches_and_the_summary() {
        let failed = Outcome::Failed {
            mismatches: vec![
                Mismatch::new(MismatchKind::Body, "$.id", Reason::NotEqual)
                    .expected(serde_json::json!(42))
                    .actual(serde_json::json!("42")),
            ],
            errors: Vec::new(),
            body_diff: Some("-  \"id\": 42\n+  \"id\": \"42\"".to_owned()),
        };
        let report = report(vec![
            result("a request for user 42", Outcome::Passed),
            result("a request for user 43", failed),
        ]);

        let text = report.to_string();

        assert!(!report.is_ok());
        assert!(
            text.contains("  ✔ a request for user 42 (given user 42 exists) (3 ms)"),
            "{text}"
        );
        assert!(text.contains("  ✘ a request for user 43"), "{text}");
        assert!(
            text.contains("      $.id  expected 42, found \"42\""),
            "{text}"
        );
        assert!(text.contains("        +  \"id\": \"42\""), "{text}");
        assert!(
            text.ends_with("verification: 2 interactions, 1 passed, 1 failed, 0 skipped\n"),
            "{text}"
        );
    }

    #[test]
    fn a_mismatch_is_shown_once_beside_its_location() {
        let failed = Outcome::Failed {
            mismatches: vec![
                Mismatch::new(MismatchKind::Body, "$.name", Reason::NotEqual)
                    .expected(serde_json::json!("Alice"))
                    .actual(serde_json::json!("Bob")),
                Mismatch::new(MismatchKind::Status, "", Reason::NotEqual)
                    .expected(serde_json::json!(200))
                    .actual(serde_json::json!(404)),
            ],
            errors: Vec::new(),
            body_diff: None,
        };

        let text = result("a request for user 42", failed).to_string();

        assert!(
            text.contains("      $.name  expected \"Alice\", found \"Bob\"\n"),
            "{text}"
        );
        assert!(
            text.contains("      status  expected status 200 but was 404\n"),
            "{text}"
        );
    }

    #[test]
    fn warnings_of_a_passed_interaction_are_listed_under_it_without_failing_it() {
        let mut passed = result("a request for user 42", Outcome::Passed);
        passed.warnings = vec![
            Warning::new(
                "response body $.@odata.context",
                "the matching rule selects nothing in the expected response body, so it never applies to it",
            ),
            Warning::new("provider state \"user 42 exists\"", "no handler"),
        ];
        let report = report(vec![passed]);

        let text = report.to_string();

        assert!(report.is_ok());
        assert!(
            text.contains(
                "  ✔ a request for user 42 (given user 42 exists) (3 ms)\n      \
                 warning: response body $.@odata.context: the matching rule selects nothing in \
                 the expected response body, so it never applies to it\n      \
                 warning: provider state \"user 42 exists\": no handler\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_verification_stopped_by_a_settings_error_says_so_instead_of_counting_zeros() {
        let report = VerificationReport {
            errors: vec![VerifyError::InvalidFilter {
                origin: "description".to_owned(),
                pattern: "(".to_owned(),
                message: "unclosed group".to_owned(),
            }],
            ..VerificationReport::default()
        };

        assert!(!report.is_ok());
        assert_eq!(
            report.to_string(),
            "error: invalid description filter /(/: unclosed group\n\
             verification not run: 1 error above\n"
        );
    }

    #[test]
    fn the_summary_counts_one_interaction_in_the_singular() {
        let text = report(vec![result("an event", skipped())]).to_string();

        assert!(
            text.ends_with("verification: 1 interaction, 0 passed, 0 failed, 1 skipped\n"),
            "{text}"
        );
    }

    fn skipped() -> Outcome {
        Outcome::Skipped {
            reason: "a message, and this verifier has no message producer".to_owned(),
        }
    }

    #[test]
    fn a_report_of_skipped_interactions_only_fails_saying_nothing_was_verified() {
        let all_skipped = report(vec![
            result("an event", skipped()),
            result("another", skipped()),
        ]);
        let empty = VerificationReport::default();

        let text = all_skipped.to_string();

        assert!(!all_skipped.is_ok());
        assert!(!empty.is_ok());
        assert!(
            text.starts_with("error: nothing was verified (2 interactions skipped); "),
            "{text}"
        );
        assert!(
            text.contains("  - an event (given user 42 exists): skipped, a message"),
            "{text}"
        );
        assert!(text.ends_with("0 passed, 0 failed, 2 skipped\n"), "{text}");
        assert!(
            empty
                .to_string()
                .starts_with("error: nothing was verified (no pact found); "),
            "{empty}"
        );
    }

    #[test]
    fn one_verified_interaction_beside_skipped_ones_passes() {
        let report = report(vec![
            result("a request", Outcome::Passed),
            result("an event", skipped()),
        ]);

        assert!(report.is_ok(), "{report}");
        assert_eq!(report.verified(), 1);
        assert_eq!(report.nothing_verified(), None);
    }

    #[test]
    fn interactions_left_out_by_the_filters_are_named_as_the_reason() {
        let mut filtered = report(Vec::new());
        filtered.pacts[0].filtered_out = 3;
        let mut no_interactions = report(Vec::new());
        no_interactions.pacts[0].filtered_out = 0;

        assert!(!filtered.is_ok());
        assert!(
            filtered.nothing_verified().is_some_and(|reason| reason
                .starts_with("nothing was verified (3 interactions left out by the filters)")),
            "{filtered}"
        );
        assert!(
            no_interactions
                .nothing_verified()
                .is_some_and(|reason| reason
                    .starts_with("nothing was verified (the pacts have no interactions)")),
            "{no_interactions}"
        );
    }

    #[test]
    fn a_source_that_failed_is_named_as_the_cause_of_verifying_nothing() {
        let failed = |errors: Vec<VerifyError>| {
            let mut report = report(Vec::new());
            report.pacts = errors
                .into_iter()
                .map(|error| PactResult {
                    load_error: Some(error),
                    ..PactResult::new("a source".to_owned())
                })
                .collect();
            report.nothing_verified().unwrap_or_default()
        };
        let unreachable = || {
            VerifyError::Source(Box::new(crate::broker::BrokerError::Unreachable {
                url: "http://127.0.0.1:9/".to_owned(),
                message: "refused".to_owned(),
                attempts: 2,
            }))
        };
        let fetch = |url: &str| VerifyError::Fetch {
            url: url.to_owned(),
            message: "HTTP 404".to_owned(),
        };

        let broker = failed(vec![unreachable()]);
        let both = failed(vec![fetch("http://a/1"), unreachable()]);
        assert!(
            broker.contains("1 pact source could not be loaded"),
            "{broker}"
        );
        assert!(
            both.contains("2 pact sources could not be loaded"),
            "{both}"
        );
        assert!(!both.contains("no interactions"), "{both}");
        let one = failed(vec![fetch("http://a/1")]);
        let two = failed(vec![fetch("http://a/1"), fetch("http://a/2")]);
        assert!(one.contains("1 pact source could not be loaded"), "{one}");
        assert!(two.contains("2 pact sources could not be loaded"), "{two}");
        assert!(!two.contains("no interactions"), "{two}");
        // The line names the cause itself, never "see above": a JSON report carries it
        // alone, and the CLI prints it before the per-source lines.
        assert!(
            one.contains("http://a/1") && one.contains("HTTP 404"),
            "{one}"
        );
        assert!(
            two.contains("http://a/1") && two.contains("(and 1 more)"),
            "{two}"
        );
        assert!(!two.contains("above"), "{two}");
    }

    #[test]
    fn pending_and_wip_pacts_are_marked_each_as_what_it_is() {
        let marked = |pending: bool, wip: Option<bool>| {
            let mut report = report(Vec::new());
            report.pacts[0].pending = pending;
            if let Some(wip) = wip {
                report.pacts[0]
                    .properties
                    .insert(super::super::source::WIP_PROPERTY.to_owned(), wip.into());
            }
            report.pacts[0].to_string()
        };

        assert!(marked(true, Some(true)).contains("[pending, WIP]"));
        assert!(marked(false, Some(true)).contains("[pending, WIP]"));
        let pending = marked(true, Some(false));
        assert!(
            pending.contains("[pending]") && !pending.contains("WIP"),
            "{pending}"
        );
        let plain = marked(false, None);
        assert!(!plain.contains('['), "{plain}");
    }

    #[test]
    fn allowing_no_interactions_passes_an_empty_skipped_or_pactless_report() {
        let allow = |mut report: VerificationReport| {
            report.allow_no_interactions = true;
            report
        };
        let mut no_pacts = PactResult::new("pacts".to_owned());
        no_pacts.load_error = Some(VerifyError::NoPacts {
            dir: "pacts".into(),
            provider: "user-service".to_owned(),
        });
        let pactless = VerificationReport {
            pacts: vec![no_pacts],
            ..VerificationReport::default()
        };

        assert!(allow(VerificationReport::default()).is_ok());
        assert!(allow(report(vec![result("an event", skipped())])).is_ok());
        assert!(!pactless.is_ok());
        let pactless = allow(pactless);
        assert!(pactless.is_ok());
        assert!(
            !pactless.to_string().contains("nothing was verified"),
            "{pactless}"
        );
    }

    #[test]
    fn an_allowed_directory_without_pacts_is_a_plain_line_not_a_failure_mark() {
        let no_pacts_in = |dir: &str| {
            let mut result = PactResult::new(dir.to_owned());
            result.load_error = Some(VerifyError::NoPacts {
                dir: dir.into(),
                provider: "user-service".to_owned(),
            });
            result
        };
        let allowed = |pacts: Vec<PactResult>| VerificationReport {
            pacts,
            allow_no_interactions: true,
            ..VerificationReport::default()
        };
        let one = allowed(vec![no_pacts_in("pacts")]).to_string();
        let two = allowed(vec![no_pacts_in("a"), no_pacts_in("b")]).to_string();
        let refused = VerificationReport {
            pacts: vec![no_pacts_in("pacts")],
            ..VerificationReport::default()
        }
        .to_string();

        assert_eq!(
            one,
            "no pact for provider \"user-service\" in pacts (allowed: no interactions to verify)\n\
             verification: 0 interactions, 0 passed, 0 failed, 0 skipped\n"
        );
        assert!(!two.contains('✘') && !two.contains("not loaded"), "{two}");
        assert_eq!(
            two.matches("(allowed: no interactions to verify)").count(),
            2
        );
        assert!(refused.contains("✘ pacts\n"), "{refused}");
        assert!(refused.contains("1 pact file not loaded"), "{refused}");
    }

    #[test]
    fn allowing_no_interactions_still_fails_a_failed_one_or_an_unreadable_pact() {
        let mut failed = report(vec![result(
            "a request",
            Outcome::Failed {
                mismatches: Vec::new(),
                errors: vec![InteractionError::Task("boom".to_owned())],
                body_diff: None,
            },
        )]);
        failed.allow_no_interactions = true;
        let mut unreadable = PactResult::new("broken.json".to_owned());
        unreadable.load_error = Some(VerifyError::Fetch {
            url: "http://127.0.0.1:1/pact".to_owned(),
            message: "connection refused".to_owned(),
        });
        let unreadable = VerificationReport {
            pacts: vec![unreadable],
            allow_no_interactions: true,
            ..VerificationReport::default()
        };

        assert!(!failed.is_ok());
        assert!(!unreadable.is_ok());
    }

    #[test]
    fn a_failing_pending_interaction_does_not_fail_the_report() {
        let mut pending = result(
            "a new feature",
            Outcome::Failed {
                mismatches: Vec::new(),
                errors: vec![InteractionError::Task("boom".to_owned())],
                body_diff: None,
            },
        );
        pending.pending = true;

        let report = report(vec![pending]);

        assert!(report.is_ok());
        assert_eq!(
            report.interactions().next().map(InteractionResult::status),
            Some(Status::Pending)
        );
        let text = report.to_string();
        assert!(
            text.contains("  ✘? a new feature (given user 42 exists) [pending]"),
            "{text}"
        );
        assert!(
            text.ends_with("0 failed, 0 skipped, 1 pending (failures tolerated)\n"),
            "{text}"
        );
    }

    #[test]
    fn warnings_of_reading_a_pact_are_shown_under_it_with_their_paths_and_do_not_fail_it() {
        let mut report = report(vec![result("a request", Outcome::Passed)]);
        report.pacts[0].warnings = vec![
            PactWarning::new(
                "pacts/web-app-user-service.json",
                "interactions[0].response.matchingRules.body",
                "expected an object of matching rules, found []: read as no rules",
            ),
            PactWarning::new("pacts/web-app-user-service.json", "metadata", "no version"),
        ];

        let text = report.to_string();

        assert!(report.is_ok());
        assert!(
            text.starts_with(
                "pact web-app-user-service.json (web-app → user-service):\n  \
                 warning: interactions[0].response.matchingRules.body: expected an object of matching rules, found []: read as no rules\n  \
                 warning: metadata: no version\n  ✔ a request"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_verification_error_fails_the_report_and_is_rendered_first() {
        let mut report = report(vec![result("a request", Outcome::Passed)]);
        report.errors.push(VerifyError::NothingSelected {
            filters: "description /nothing/".to_owned(),
        });
        report.warnings.push("TLS verification is off".to_owned());

        let text = report.to_string();

        assert!(!report.is_ok());
        assert!(
            text.starts_with(
                "warning: TLS verification is off\nerror: no interaction matches the filters (description /nothing/); nothing was verified\n"
            ),
            "{text}"
        );
    }
}
