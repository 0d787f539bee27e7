//! can-i-deploy: the broker's matrix for a set of pacticipant versions, with retries
//! while the answer is unknown (a verification not yet published), distinct from a
//! broker that cannot be reached (field case FC-17: "retry while unknown" applies to
//! unknown results only; connection errors have their own retry, and stay errors).

use std::time::Duration;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use super::client::BrokerClient;
use super::error::BrokerError;

/// Which version of a pacticipant a can-i-deploy question is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VersionSelector {
    /// This version number.
    Version(String),
    /// The latest version.
    Latest,
    /// The latest version with this tag.
    LatestTagged(String),
    /// Every version with this tag.
    Tagged(String),
    /// The latest version on this branch (the broker's matrix selector
    /// `q[][branch]=…&q[][latest]=true`, as `pact-broker can-i-deploy --branch` sends it).
    LatestOnBranch(String),
}

/// A can-i-deploy question: may these pacticipant versions be deployed (to an
/// environment, or together)?
///
/// ```
/// use std::time::Duration;
/// use pact_runtime::broker::CanIDeploy;
///
/// let question = CanIDeploy::version("web-app", "3f2a9c1")
///     .to_environment("production")
///     .retry_while_unknown(5, Duration::from_secs(10));
/// # let _ = question;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "ask it with `BrokerClient::can_i_deploy`"]
pub struct CanIDeploy {
    selectors: Vec<(String, VersionSelector)>,
    ignore: Vec<(String, Option<String>)>,
    to_environment: Option<String>,
    to_tag: Option<String>,
    retries: u32,
    interval: Duration,
}

impl CanIDeploy {
    /// About one version of `pacticipant`.
    pub fn version(pacticipant: impl Into<String>, version: impl Into<String>) -> Self {
        Self::of(pacticipant, VersionSelector::Version(version.into()))
    }

    /// About `pacticipant`'s version chosen by `selector`.
    pub fn of(pacticipant: impl Into<String>, selector: VersionSelector) -> Self {
        CanIDeploy {
            selectors: vec![(pacticipant.into(), selector)],
            ignore: Vec::new(),
            to_environment: None,
            to_tag: None,
            retries: 0,
            interval: Duration::from_secs(10),
        }
    }

    /// And about this other pacticipant version (deployed together).
    pub fn and(mut self, pacticipant: impl Into<String>, selector: VersionSelector) -> Self {
        self.selectors.push((pacticipant.into(), selector));
        self
    }

    /// Whether they can be deployed to this environment.
    pub fn to_environment(mut self, environment: impl Into<String>) -> Self {
        self.to_environment = Some(environment.into());
        self
    }

    /// Whether they can be deployed alongside the latest versions with this tag.
    pub fn to_tag(mut self, tag: impl Into<String>) -> Self {
        self.to_tag = Some(tag.into());
        self
    }

    /// Ignores this pacticipant (all versions, or one) in the verdict.
    pub fn ignore(mut self, pacticipant: impl Into<String>, version: Option<String>) -> Self {
        self.ignore.push((pacticipant.into(), version));
        self
    }

    /// While the verdict is unknown, asks again up to `retries` times, `interval` apart.
    pub fn retry_while_unknown(mut self, retries: u32, interval: Duration) -> Self {
        self.retries = retries;
        self.interval = interval;
        self
    }

    /// The matrix query string, in the broker's documented form.
    pub(crate) fn query(&self) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (pacticipant, selector) in &self.selectors {
            pairs.push(("q[][pacticipant]".into(), pacticipant.clone()));
            match selector {
                VersionSelector::Version(version) => {
                    pairs.push(("q[][version]".into(), version.clone()))
                }
                VersionSelector::Latest => pairs.push(("q[][latest]".into(), "true".into())),
                VersionSelector::Tagged(tag) => pairs.push(("q[][tag]".into(), tag.clone())),
                VersionSelector::LatestTagged(tag) => {
                    pairs.push(("q[][tag]".into(), tag.clone()));
                    pairs.push(("q[][latest]".into(), "true".into()));
                }
                VersionSelector::LatestOnBranch(branch) => {
                    pairs.push(("q[][branch]".into(), branch.clone()));
                    pairs.push(("q[][latest]".into(), "true".into()));
                }
            }
        }
        for (pacticipant, version) in &self.ignore {
            pairs.push(("ignore[][pacticipant]".into(), pacticipant.clone()));
            if let Some(version) = version {
                pairs.push(("ignore[][version]".into(), version.clone()));
            }
        }
        if let Some(environment) = &self.to_environment {
            pairs.push(("environment".into(), environment.clone()));
            pairs.push(("latestby".into(), "cvp".into()));
        } else if let Some(tag) = &self.to_tag {
            pairs.push(("latest".into(), "true".into()));
            pairs.push(("latestby".into(), "cvp".into()));
            pairs.push(("tag".into(), tag.clone()));
        } else if self.selectors.len() == 1 {
            pairs.push(("latest".into(), "true".into()));
            pairs.push(("latestby".into(), "cvp".into()));
        } else {
            pairs.push(("latestby".into(), "cvpv".into()));
        }
        pairs
            .iter()
            .map(|(name, value)| {
                // Brackets stay literal: the broker documents `q[][pacticipant]`.
                format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC))
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// The broker's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every needed verification exists and passed.
    Deployable,
    /// A needed verification failed (or the broker refuses for another reason).
    NotDeployable,
    /// A needed verification has not been published yet.
    Unknown,
}

/// One row of the matrix: a consumer version, a provider version and the verification
/// between them, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MatrixRow {
    /// The consumer's name.
    pub consumer: String,
    /// The consumer's version.
    pub consumer_version: Option<String>,
    /// The provider's name.
    pub provider: String,
    /// The provider's version.
    pub provider_version: Option<String>,
    /// The verification's result: `None` when there is none.
    pub success: Option<bool>,
    /// Whether the row is ignored in the verdict.
    pub ignored: bool,
}

/// The answer to a [`CanIDeploy`] question.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CanIDeployResult {
    /// The verdict.
    pub verdict: Verdict,
    /// The broker's reason.
    pub reason: String,
    /// The rows.
    pub rows: Vec<MatrixRow>,
    /// The broker's notices.
    pub notices: Vec<String>,
    /// How many times the matrix was asked.
    pub attempts: u32,
}

impl BrokerClient {
    /// Asks the broker's matrix whether `question`'s versions can be deployed, asking
    /// again while the verdict is [`Verdict::Unknown`] and retries remain. The matrix
    /// query has no HAL relation in the broker's index, so the documented `/matrix` path
    /// is used.
    ///
    /// # Errors
    /// [`BrokerError::Unreachable`] when the broker cannot be reached (after the client's
    /// own connection retries): never reported as a verdict. The broker's error statuses
    /// (an unknown pacticipant is a `400` with its reason).
    pub async fn can_i_deploy(
        &self,
        question: &CanIDeploy,
    ) -> Result<CanIDeployResult, BrokerError> {
        let url = format!("{}/matrix?{}", self.base_url, question.query());
        let mut attempts = 0;
        loop {
            attempts += 1;
            let answer = self.json(http::Method::GET, &url, None).await?;
            let mut result = read_matrix(&answer);
            result.attempts = attempts;
            if result.verdict != Verdict::Unknown || attempts > question.retries {
                return Ok(result);
            }
            tracing::info!(
                attempt = attempts,
                of = question.retries + 1,
                reason = %result.reason,
                "can-i-deploy: the verdict is unknown; asking again in {:?}",
                question.interval
            );
            tokio::time::sleep(question.interval).await;
        }
    }
}

fn read_matrix(answer: &Value) -> CanIDeployResult {
    let summary = answer.get("summary");
    let verdict = match summary
        .and_then(|s| s.get("deployable"))
        .and_then(Value::as_bool)
    {
        Some(true) => Verdict::Deployable,
        Some(false) => Verdict::NotDeployable,
        None => Verdict::Unknown,
    };
    let reason = summary
        .and_then(|s| s.get("reason"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let text = |value: Option<&Value>, path: &[&str]| {
        path.iter()
            .try_fold(value?, |value, key| value.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let rows = answer
        .get("matrix")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|row| MatrixRow {
            consumer: text(Some(row), &["consumer", "name"]).unwrap_or_default(),
            consumer_version: text(Some(row), &["consumer", "version", "number"]),
            provider: text(Some(row), &["provider", "name"]).unwrap_or_default(),
            provider_version: text(Some(row), &["provider", "version", "number"]),
            success: row
                .get("verificationResult")
                .and_then(|v| v.get("success"))
                .and_then(Value::as_bool),
            ignored: row.get("ignored").and_then(Value::as_bool).unwrap_or(false),
        })
        .collect();
    let notices = answer
        .get("notices")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|n| n.get("text").and_then(Value::as_str).map(str::to_owned))
        .collect();
    CanIDeployResult {
        verdict,
        reason,
        rows,
        notices,
        attempts: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn queries_follow_the_brokers_documented_forms() {
        assert_eq!(
            CanIDeploy::version("Foo", "1.2.3").query(),
            "q[][pacticipant]=Foo&q[][version]=1%2E2%2E3&latest=true&latestby=cvp"
        );
        assert_eq!(
            CanIDeploy::version("Foo", "1")
                .to_environment("prod env")
                .query(),
            "q[][pacticipant]=Foo&q[][version]=1&environment=prod%20env&latestby=cvp"
        );
        assert_eq!(
            CanIDeploy::version("Bar", "4")
                .and("Foo", VersionSelector::LatestTagged("prod".into()))
                .ignore("Foo", Some("3".into()))
                .query(),
            "q[][pacticipant]=Bar&q[][version]=4&q[][pacticipant]=Foo&q[][tag]=prod&q[][latest]=true&ignore[][pacticipant]=Foo&ignore[][version]=3&latestby=cvpv"
        );
    }

    #[test]
    fn a_branch_selector_asks_for_the_latest_version_on_that_branch() {
        assert_eq!(
            CanIDeploy::of("Foo", VersionSelector::LatestOnBranch("main".into())).query(),
            "q[][pacticipant]=Foo&q[][branch]=main&q[][latest]=true&latest=true&latestby=cvp"
        );
        assert_eq!(
            CanIDeploy::of("Foo", VersionSelector::LatestOnBranch("feat/x y".into()))
                .to_environment("production")
                .query(),
            "q[][pacticipant]=Foo&q[][branch]=feat%2Fx%20y&q[][latest]=true&environment=production&latestby=cvp"
        );
        assert_eq!(
            CanIDeploy::of("Bar", VersionSelector::LatestOnBranch("main".into()))
                .and("Foo", VersionSelector::LatestOnBranch("dev".into()))
                .query(),
            "q[][pacticipant]=Bar&q[][branch]=main&q[][latest]=true&q[][pacticipant]=Foo&q[][branch]=dev&q[][latest]=true&latestby=cvpv"
        );
    }

    #[test]
    fn the_summary_gives_the_verdict_and_null_means_unknown() {
        let unknown = read_matrix(
            &json!({"summary": {"deployable": null, "reason": "no verification", "unknown": 1}, "matrix": [
                {"consumer": {"name": "Foo", "version": {"number": "1"}}, "provider": {"name": "Bar", "version": null}}
            ]}),
        );
        assert_eq!(unknown.verdict, Verdict::Unknown);
        assert_eq!(unknown.rows[0].success, None);
        assert_eq!(unknown.reason, "no verification");

        let failed = read_matrix(&json!({"summary": {"deployable": false}, "matrix": [
            {"consumer": {"name": "Foo"}, "provider": {"name": "Bar"}, "verificationResult": {"success": false}, "ignored": true}
        ], "notices": [{"text": "a notice"}]}));
        assert_eq!(failed.verdict, Verdict::NotDeployable);
        assert_eq!(
            (failed.rows[0].success, failed.rows[0].ignored),
            (Some(false), true)
        );
        assert_eq!(failed.notices, ["a notice"]);

        assert_eq!(
            read_matrix(&json!({"summary": {"deployable": true}})).verdict,
            Verdict::Deployable
        );
    }
}
