//! Publishing verification results: one result per pact that came from the broker, to
//! its `pb:publish-verification-results` link, after the provider version's branch and
//! tags are recorded.

use serde_json::{Value, json};

use super::client::BrokerClient;
use super::error::BrokerError;
use super::verification::{INTERACTION_IDS_PROPERTY, PUBLISH_URL_PROPERTY};
use crate::matching::MismatchKind;
use crate::provider::{Outcome, PactResult, VerificationReport};

/// The provider version results are published for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProviderVersion {
    /// The provider's version (a commit SHA is best).
    pub version: String,
    /// Its branch.
    pub branch: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// The CI build that verified.
    pub build_url: Option<String>,
}

impl ProviderVersion {
    /// The version, without branch, tags or build URL.
    pub fn new(version: impl Into<String>) -> Self {
        ProviderVersion {
            version: version.into(),
            branch: None,
            tags: Vec::new(),
            build_url: None,
        }
    }

    /// The branch.
    pub fn branch(mut self, branch: impl Into<String>) -> Self {
        self.branch = Some(branch.into());
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// The build URL.
    pub fn build_url(mut self, url: impl Into<String>) -> Self {
        self.build_url = Some(url.into());
        self
    }
}

/// What was published for one pact.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PublishedResult {
    /// The pact's name in the report.
    pub pact: String,
    /// The success flag sent.
    pub success: bool,
    /// The broker's notices for after a published verification with this outcome
    /// (`after_verification:success_<success>_published_true`), to show the user; they are
    /// logged at INFO too.
    pub notices: Vec<String>,
}

impl BrokerClient {
    /// Publishes the result of every pact of `report` that came from this broker (those
    /// with a [`PUBLISH_URL_PROPERTY`]); pacts from files are skipped. A pact succeeds
    /// when it loaded and none of its interactions failed, pending or not: a failing
    /// pending or WIP pact does not fail the run, but the broker is told it failed.
    ///
    /// Call it only when results should be published (on CI, with a real version).
    ///
    /// # Errors
    /// [`BrokerError::BlankVersion`] for an empty or blank version, branch or tag (before
    /// anything is sent); the first broker error; results published before it stay
    /// published.
    pub async fn publish_verification_results(
        &self,
        report: &VerificationReport,
        version: &ProviderVersion,
    ) -> Result<Vec<PublishedResult>, BrokerError> {
        super::publish::check_version(
            [
                "provider version",
                "provider version's branch",
                "provider version's tag",
            ],
            &version.version,
            version.branch.as_deref(),
            &version.tags,
        )?;
        let from_broker: Vec<&PactResult> = report
            .pacts
            .iter()
            .filter(|pact| pact.properties.contains_key(PUBLISH_URL_PROPERTY))
            .collect();
        if from_broker.is_empty() {
            return Ok(Vec::new());
        }
        let providers: Vec<&str> = {
            let mut names: Vec<&str> = from_broker
                .iter()
                .map(|p| p.provider.as_str())
                .filter(|p| !p.is_empty())
                .collect();
            names.sort_unstable();
            names.dedup();
            names
        };
        if version.branch.is_some() || !version.tags.is_empty() {
            let index = self.index().await?;
            for provider in providers {
                self.record_provider_version(&index, provider, version)
                    .await?;
            }
        }
        let mut published = Vec::with_capacity(from_broker.len());
        for pact in from_broker {
            let Some(url) = pact
                .properties
                .get(PUBLISH_URL_PROPERTY)
                .and_then(Value::as_str)
            else {
                continue;
            };
            let body = result_body(pact, version);
            let success = body["success"].as_bool().unwrap_or(false);
            self.json(http::Method::POST, url, Some(&body)).await?;
            tracing::info!(pact = %pact.source, success, "published the verification result");
            let notices = super::verification::after_verification_notices(pact, true);
            for notice in &notices {
                tracing::info!(pact = %pact.source, "{notice}");
            }
            published.push(PublishedResult {
                pact: pact.source.clone(),
                success,
                notices,
            });
        }
        Ok(published)
    }

    async fn record_provider_version(
        &self,
        index: &super::hal::Resource,
        provider: &str,
        version: &ProviderVersion,
    ) -> Result<(), BrokerError> {
        let v = version.version.as_str();
        if let Some(branch) = &version.branch {
            let url = self.templated(
                index,
                "pb:pacticipant-branch-version",
                "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}",
                &[
                    ("pacticipant", provider),
                    ("branch", branch),
                    ("version", v),
                ],
            );
            self.json(http::Method::PUT, &url, Some(&json!({}))).await?;
        }
        for tag in &version.tags {
            let url = self.templated(
                index,
                "pb:pacticipant-version-tag",
                "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}",
                &[("pacticipant", provider), ("version", v), ("tag", tag)],
            );
            self.json(http::Method::PUT, &url, Some(&json!({}))).await?;
        }
        Ok(())
    }
}

/// The result document the broker documents: success, provider version, build URL, one
/// test result per interaction, and who verified.
pub(crate) fn result_body(pact: &PactResult, version: &ProviderVersion) -> Value {
    let success = pact.load_error.is_none() && !pact.interactions.iter().any(|i| i.is_failed());
    let test_results: Vec<Value> = pact
        .interactions
        .iter()
        .map(|interaction| {
            let mut result = json!({"success": !interaction.is_failed()});
            let id = interaction_id(pact, &interaction.description, &interaction.provider_states);
            if let Some(id) = id {
                result["interactionId"] = json!(id);
            }
            // The id names the interaction for the broker; the description is for people
            // reading a failure (what the official verifiers send too).
            if id.is_none() || interaction.is_failed() {
                result["interactionDescription"] = json!(interaction.description);
            }
            if let Outcome::Failed {
                mismatches, errors, ..
            } = &interaction.outcome
            {
                let mut listed: Vec<Value> = mismatches.iter().map(mismatch_entry).collect();
                if !errors.is_empty() {
                    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    listed.push(json!({"attribute": "error", "description": text.join("\n")}));
                }
                result["mismatches"] = json!(listed);
            }
            result
        })
        .collect();
    let mut body = json!({
        "success": success,
        "providerApplicationVersion": version.version,
        "testResults": test_results,
        "verifiedBy": {"implementation": "pact-rs", "version": env!("CARGO_PKG_VERSION")},
    });
    if let Some(build_url) = &version.build_url {
        body["buildUrl"] = json!(build_url);
    }
    body
}

/// One mismatch as the broker's results document lists it: the part, then the identifier
/// within it (a body path, a header or query parameter name) when there is one. A status
/// or method has none, and the official verifiers send none for them (the compatibility
/// suite's `pact-broker_c2.json` fixture accepts a status mismatch as `attribute` and
/// `description` alone).
fn mismatch_entry(mismatch: &crate::matching::Mismatch) -> Value {
    let mut entry =
        json!({"attribute": attribute(mismatch.kind), "description": mismatch.message()});
    if !mismatch.path.is_empty() {
        entry["identifier"] = json!(mismatch.path);
    }
    entry
}

/// The broker's name for the part a mismatch concerns.
fn attribute(kind: MismatchKind) -> &'static str {
    match kind {
        MismatchKind::Method => "method",
        MismatchKind::Path => "path",
        MismatchKind::Query => "query",
        MismatchKind::Header => "header",
        MismatchKind::Status => "status",
        MismatchKind::Metadata => "metadata",
        _ => "body",
    }
}

/// The broker's id of the interaction with this description and these states.
fn interaction_id<'a>(
    pact: &'a PactResult,
    description: &str,
    states: &[String],
) -> Option<&'a str> {
    pact.properties
        .get(INTERACTION_IDS_PROPERTY)?
        .as_array()?
        .iter()
        .find(|entry| {
            entry.get("description").and_then(Value::as_str) == Some(description)
                && entry
                    .get("providerStates")
                    .and_then(Value::as_array)
                    .is_some_and(|names| {
                        names
                            .iter()
                            .map(Value::as_str)
                            .eq(states.iter().map(|s| Some(s.as_str())))
                    })
        })?
        .get("id")?
        .as_str()
}
