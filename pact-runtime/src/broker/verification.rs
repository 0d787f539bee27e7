//! The provider side: which pacts to verify (`pb:provider-pacts-for-verification` with
//! consumer version selectors, pending and WIP), as a [`PactSource`] for the verifier.

use serde_json::{Map, Value, json};

use super::client::BrokerClient;
use super::error::BrokerError;
use crate::model;
use crate::provider::{
    FetchContext, FetchFuture, FetchPacts, FetchedPact, PactResult, PactSource, VerifyError,
};

/// The property of a [`FetchedPact`] (and so of its
/// [`PactResult`](crate::provider::PactResult)) holding the URL its verification result is
/// published to.
pub const PUBLISH_URL_PROPERTY: &str = "pb:publish-verification-results";
/// The property holding the broker's id of each interaction (`_id`), as
/// `[{"description", "providerStates", "id"}]`, so results name them.
pub const INTERACTION_IDS_PROPERTY: &str = "interactionIds";
/// The property holding the broker's notices for after the verification, as
/// `[{"when": "after_verification:success_<bool>_published_<bool>", "text"}]`; read them
/// with [`after_verification_notices`].
pub const AFTER_NOTICES_PROPERTY: &str = "afterVerificationNotices";
/// The property saying the pact is a work-in-progress pact.
pub use crate::provider::WIP_PROPERTY;

/// One consumer version selector, as the broker documents them
/// (`consumerVersionSelectors`): which consumer versions' pacts to verify.
///
/// ```
/// use pact_runtime::broker::ConsumerVersionSelector as Select;
///
/// let selectors = [
///     Select::main_branch(),
///     Select::matching_branch(),
///     Select::deployed_or_released(),
///     Select::tag("prod").latest(),
///     Select::branch("feat-x").fallback_branch("main").consumer("web-app"),
/// ];
/// # let _ = selectors;
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ConsumerVersionSelector(Map<String, Value>);

impl ConsumerVersionSelector {
    fn with(mut self, key: &str, value: Value) -> Self {
        self.0.insert(key.to_owned(), value);
        self
    }

    /// Each consumer's configured main branch (`mainBranch: true`).
    pub fn main_branch() -> Self {
        Self::default().with("mainBranch", json!(true))
    }

    /// The latest pact of this branch (`branch`).
    pub fn branch(name: impl Into<String>) -> Self {
        Self::default().with("branch", json!(name.into()))
    }

    /// The branch with the name of the provider's branch (`matchingBranch: true`).
    pub fn matching_branch() -> Self {
        Self::default().with("matchingBranch", json!(true))
    }

    /// Every version deployed or released to any environment (`deployedOrReleased`).
    pub fn deployed_or_released() -> Self {
        Self::default().with("deployedOrReleased", json!(true))
    }

    /// Versions currently deployed (`deployed: true`), to any environment unless
    /// [`environment`](Self::environment) narrows it.
    pub fn deployed() -> Self {
        Self::default().with("deployed", json!(true))
    }

    /// Versions released and supported (`released: true`).
    pub fn released() -> Self {
        Self::default().with("released", json!(true))
    }

    /// Versions deployed or released to this environment (`environment`).
    pub fn environment(name: impl Into<String>) -> Self {
        Self::default().with("environment", json!(name.into()))
    }

    /// Versions with this tag (`tag`); add [`latest`](Self::latest) for the latest only.
    pub fn tag(name: impl Into<String>) -> Self {
        Self::default().with("tag", json!(name.into()))
    }

    /// Only the latest version of what the selector selects (`latest: true`).
    pub fn latest(self) -> Self {
        self.with("latest", json!(true))
    }

    /// Only this consumer's pacts (`consumer`).
    pub fn consumer(self, name: impl Into<String>) -> Self {
        self.with("consumer", json!(name.into()))
    }

    /// With [`tag`](Self::tag) and `latest`: the tag to use when none has that tag
    /// (`fallbackTag`).
    pub fn fallback_tag(self, tag: impl Into<String>) -> Self {
        self.with("fallbackTag", json!(tag.into()))
    }

    /// With [`branch`](Self::branch): the branch to use when that one does not exist
    /// (`fallbackBranch`).
    pub fn fallback_branch(self, branch: impl Into<String>) -> Self {
        self.with("fallbackBranch", json!(branch.into()))
    }

    /// Narrows [`deployed`](Self::deployed) or [`released`](Self::released) to one
    /// environment.
    pub fn in_environment(self, name: impl Into<String>) -> Self {
        self.with("environment", json!(name.into()))
    }

    /// The selector as the broker reads it.
    pub fn to_json(&self) -> Value {
        Value::Object(self.0.clone())
    }
}

/// The broker as a source of pacts for the verifier: its pacts-for-verification for the
/// provider being verified, with selectors, the provider's branch and tags, pending and
/// WIP pacts. Each pact's `pending` flag, WIP status and notices are honoured: a pending
/// or WIP pact is verified and reported, its failures do not fail the run (its result is
/// still published as a failure), and the notices the broker sends for before the
/// verification are shown in the report.
///
/// ```no_run
/// use pact_runtime::broker::{BrokerClient, BrokerSource, ConsumerVersionSelector as Select};
/// use pact_runtime::provider::{PactSource, Verifier};
///
/// # async fn run() -> Result<(), pact_runtime::broker::BrokerError> {
/// let broker = BrokerClient::from_env()?.build()?;
/// let source = BrokerSource::new(broker)
///     .selector(Select::main_branch())
///     .selector(Select::deployed_or_released())
///     .provider_branch("main")
///     .include_pending()
///     .include_wip_since("2024-01-01");
/// let report = Verifier::new("user-service", "http://127.0.0.1:8080")
///     .verify(&[PactSource::from(source)])
///     .await;
/// report.assert_ok();
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a BrokerSource does nothing until given to the verifier"]
pub struct BrokerSource {
    client: BrokerClient,
    selectors: Vec<ConsumerVersionSelector>,
    provider_branch: Option<String>,
    provider_tags: Vec<String>,
    include_pending: bool,
    wip_since: Option<String>,
}

impl BrokerSource {
    /// The pacts-for-verification of `client`'s broker, with no selector (the broker
    /// then picks its default: the latest pact of each consumer's main branch, or the
    /// latest overall).
    pub fn new(client: BrokerClient) -> Self {
        BrokerSource {
            client,
            selectors: Vec::new(),
            provider_branch: None,
            provider_tags: Vec::new(),
            include_pending: false,
            wip_since: None,
        }
    }

    /// Adds a consumer version selector.
    pub fn selector(mut self, selector: ConsumerVersionSelector) -> Self {
        self.selectors.push(selector);
        self
    }

    /// The provider version's branch (`providerVersionBranch`: what `matchingBranch`
    /// and pending status are computed against).
    pub fn provider_branch(mut self, branch: impl Into<String>) -> Self {
        self.provider_branch = Some(branch.into());
        self
    }

    /// A provider version tag (`providerVersionTags`).
    pub fn provider_tag(mut self, tag: impl Into<String>) -> Self {
        self.provider_tags.push(tag.into());
        self
    }

    /// Asks for each pact's pending status (`includePendingStatus`).
    pub fn include_pending(mut self) -> Self {
        self.include_pending = true;
        self
    }

    /// Includes work-in-progress pacts published since this date, `YYYY-MM-DD`
    /// (`includeWipPactsSince`); they are verified as pending.
    pub fn include_wip_since(mut self, date: impl Into<String>) -> Self {
        self.wip_since = Some(date.into());
        self
    }

    /// The client.
    pub fn client(&self) -> &BrokerClient {
        &self.client
    }

    /// What is doubtful in these settings: WIP pacts asked for without pending status
    /// (the broker's documentation asks for `includePendingStatus` with
    /// `includeWipPactsSince`; without it a failing WIP pact would fail the run). The
    /// settings are still sent as given.
    pub(crate) fn settings_warning(&self) -> Option<&'static str> {
        (self.wip_since.is_some() && !self.include_pending).then_some(
            "include_wip_since is set without include_pending: WIP pacts are pending by \
             definition; call include_pending() too",
        )
    }

    /// The request body of pacts-for-verification.
    pub(crate) fn request_body(&self) -> Value {
        if let Some(warning) = self.settings_warning() {
            tracing::warn!("{warning}");
        }
        let mut body = json!({
            "consumerVersionSelectors": self.selectors.iter().map(ConsumerVersionSelector::to_json).collect::<Vec<_>>(),
            "includePendingStatus": self.include_pending,
        });
        if let Some(branch) = &self.provider_branch {
            body["providerVersionBranch"] = json!(branch);
        }
        if !self.provider_tags.is_empty() {
            body["providerVersionTags"] = json!(self.provider_tags);
        }
        if let Some(since) = &self.wip_since {
            body["includeWipPactsSince"] = json!(since);
        }
        body
    }

    /// The pacts to verify for `provider`, each fetched.
    ///
    /// # Errors
    /// The broker's errors for the index or the pacts-for-verification request; a pact
    /// that cannot be fetched is an entry with its error instead.
    pub async fn pacts_for_verification(
        &self,
        provider: &str,
    ) -> Result<Vec<FetchedPact>, BrokerError> {
        let index = self.client.index().await?;
        let url = self.client.follow(
            &index,
            "pb:provider-pacts-for-verification",
            &[("provider", provider)],
        )?;
        let answer = self.client.post_query(&url, &self.request_body()).await?;
        let entries = answer
            .get("_embedded")
            .and_then(|embedded| embedded.get("pacts"))
            .and_then(Value::as_array)
            .ok_or_else(|| {
                BrokerError::Unexpected(format!(
                    "the pacts-for-verification answer from {} has no _embedded.pacts",
                    crate::provider::client::redact(&url)
                ))
            })?;
        let mut fetched = Vec::with_capacity(entries.len());
        for entry in entries {
            fetched.push(self.fetch_one(entry).await);
        }
        Ok(fetched)
    }

    async fn fetch_one(&self, entry: &Value) -> FetchedPact {
        let link = entry.get("_links").and_then(|links| links.get("self"));
        let href = link
            .and_then(|l| l.get("href"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let name = link
            .and_then(|l| l.get("name"))
            .and_then(Value::as_str)
            .or_else(|| entry.get("shortDescription").and_then(Value::as_str))
            .unwrap_or(href)
            .to_owned();
        let properties = entry.get("verificationProperties");
        let flag = |key: &str| {
            properties
                .and_then(|p| p.get(key))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        let (pending, wip) = (flag("pending"), flag("wip"));
        let url = self.client.resolve(href);
        let loaded = self.fetch_pact(&url).await;
        let mut fetched = match loaded {
            Ok((pact, warnings, publish_url)) => {
                let ids: Vec<Value> = pact
                    .interactions
                    .iter()
                    .filter_map(|interaction| {
                        let common = interaction.common();
                        common.id.as_ref().map(|id| {
                            json!({
                                "description": common.description,
                                "providerStates": common.provider_states.iter().map(|s| &s.name).collect::<Vec<_>>(),
                                "id": id,
                            })
                        })
                    })
                    .collect();
                let mut fetched = FetchedPact::new(name, Ok(pact))
                    .warnings(warnings)
                    .property(INTERACTION_IDS_PROPERTY, json!(ids));
                if let Some(publish_url) = publish_url {
                    fetched = fetched.property(PUBLISH_URL_PROPERTY, json!(publish_url));
                }
                fetched
            }
            Err(error) => FetchedPact::new(name, Err(VerifyError::Source(Box::new(error)))),
        };
        fetched = fetched
            .pending(pending || wip)
            .property(WIP_PROPERTY, json!(wip))
            .property("pending", json!(pending));
        for notice in notices(properties) {
            tracing::info!(pact = %fetched.name, "{notice}");
            fetched = fetched.notice(notice);
        }
        let after = after_notices(properties);
        if !after.is_empty() {
            fetched = fetched.property(AFTER_NOTICES_PROPERTY, Value::Array(after));
        }
        fetched
    }

    async fn fetch_pact(
        &self,
        url: &str,
    ) -> Result<(model::Pact, Vec<model::PactWarning>, Option<String>), BrokerError> {
        let document = self.client.get(url).await?;
        let publish_url = document
            .link(PUBLISH_URL_PROPERTY)
            .map(|link| self.client.resolve(&link.href));
        let loaded = model::json::pact_from_json_with_warnings(&document.body, url)
            .map_err(|error| BrokerError::Unexpected(error.to_string()))?;
        Ok((loaded.pact, loaded.warnings, publish_url))
    }
}

/// The notices to show before verification: those the broker marks
/// `before_verification`, and those without a `when`.
fn notices(properties: Option<&Value>) -> Vec<String> {
    properties
        .and_then(|p| p.get("notices"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|notice| {
            notice
                .get("when")
                .and_then(Value::as_str)
                .is_none_or(|when| when == "before_verification")
        })
        .filter_map(|notice| {
            notice
                .get("text")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect()
}

/// The notices the broker gives for after the verification (`when` starting with
/// `after_verification`), kept whole until the outcome is known.
fn after_notices(properties: Option<&Value>) -> Vec<Value> {
    properties
        .and_then(|p| p.get("notices"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|notice| {
            notice
                .get("when")
                .and_then(Value::as_str)
                .is_some_and(|when| when.starts_with("after_verification"))
        })
        .cloned()
        .collect()
}

/// The broker's notices for after the verification of `pact` that fit its outcome: the
/// broker words them per `after_verification:success_<true|false>_published_<true|false>`
/// (pacts-for-verification documentation), so they can only be chosen once the result is
/// known and whether it was published. Success is the flag
/// [`publish_verification_results`](BrokerClient::publish_verification_results) sends.
/// [`PublishedResult::notices`](super::PublishedResult) holds those for a published
/// result; call this with `published = false` when results are not published.
pub fn after_verification_notices(pact: &PactResult, published: bool) -> Vec<String> {
    let success = pact.load_error.is_none() && !pact.interactions.iter().any(|i| i.is_failed());
    let wanted = format!("after_verification:success_{success}_published_{published}");
    pact.properties
        .get(AFTER_NOTICES_PROPERTY)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|notice| notice.get("when").and_then(Value::as_str) == Some(wanted.as_str()))
        .filter_map(|notice| {
            notice
                .get("text")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect()
}

impl FetchPacts for BrokerSource {
    fn fetch<'a>(&'a self, context: &'a FetchContext) -> FetchFuture<'a> {
        Box::pin(async move {
            match self.pacts_for_verification(context.provider()).await {
                Ok(pacts) => pacts,
                Err(error) => vec![FetchedPact::new(
                    format!("pacts for verification from {}", self.client.base_url()),
                    Err(VerifyError::Source(Box::new(error))),
                )],
            }
        })
    }
}

/// A broker source is a pact source of the verifier: `PactSource::from(source)` or
/// `source.into()`.
impl From<BrokerSource> for PactSource {
    fn from(source: BrokerSource) -> Self {
        PactSource::fetcher(source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConsumerVersionSelector as Select;

    #[test]
    fn every_selector_is_written_with_the_brokers_keys() {
        let written: Vec<Value> = [
            Select::main_branch(),
            Select::branch("feat").fallback_branch("main"),
            Select::matching_branch(),
            Select::deployed_or_released(),
            Select::deployed().in_environment("prod"),
            Select::released(),
            Select::environment("test"),
            Select::tag("prod").latest().fallback_tag("main"),
            Select::main_branch().consumer("web-app"),
        ]
        .iter()
        .map(Select::to_json)
        .collect();

        assert_eq!(
            written,
            [
                json!({"mainBranch": true}),
                json!({"branch": "feat", "fallbackBranch": "main"}),
                json!({"matchingBranch": true}),
                json!({"deployedOrReleased": true}),
                json!({"deployed": true, "environment": "prod"}),
                json!({"released": true}),
                json!({"environment": "test"}),
                json!({"tag": "prod", "latest": true, "fallbackTag": "main"}),
                json!({"mainBranch": true, "consumer": "web-app"}),
            ]
        );
    }

    #[test]
    fn the_request_body_carries_branch_tags_pending_and_wip_only_when_set() {
        let client = BrokerClient::builder("http://b").build().expect("client");
        let plain = BrokerSource::new(client.clone());
        assert_eq!(
            plain.request_body(),
            json!({"consumerVersionSelectors": [], "includePendingStatus": false})
        );

        let full = BrokerSource::new(client)
            .selector(Select::main_branch())
            .provider_branch("main")
            .provider_tag("dev")
            .include_pending()
            .include_wip_since("2024-01-01");
        assert_eq!(
            full.request_body(),
            json!({
                "consumerVersionSelectors": [{"mainBranch": true}],
                "providerVersionBranch": "main",
                "providerVersionTags": ["dev"],
                "includePendingStatus": true,
                "includeWipPactsSince": "2024-01-01"
            })
        );
    }

    #[test]
    fn after_verification_notices_are_chosen_by_success_and_publication() {
        let properties = json!({"notices": [
            {"when": "before_verification", "text": "before"},
            {"when": "after_verification:success_true_published_false", "text": "passed, not published"},
            {"when": "after_verification:success_true_published_true", "text": "passed, published"},
            {"when": "after_verification:success_false_published_false", "text": "failed, not published"},
            {"when": "after_verification:success_false_published_true", "text": "failed, published"}
        ]});
        let mut passed = PactResult::new("p".to_owned());
        passed.properties.insert(
            AFTER_NOTICES_PROPERTY.to_owned(),
            Value::Array(after_notices(Some(&properties))),
        );
        let mut unloaded = PactResult::new("u".to_owned());
        unloaded.properties = passed.properties.clone();
        unloaded.load_error = Some(VerifyError::Fetch {
            url: "http://b/1".to_owned(),
            message: "404".to_owned(),
        });

        assert_eq!(
            after_verification_notices(&passed, false),
            ["passed, not published"]
        );
        assert_eq!(
            after_verification_notices(&passed, true),
            ["passed, published"]
        );
        assert_eq!(
            after_verification_notices(&unloaded, false),
            ["failed, not published"]
        );
        assert_eq!(
            after_verification_notices(&unloaded, true),
            ["failed, published"]
        );
        assert!(after_verification_notices(&PactResult::new("n".to_owned()), true).is_empty());
    }

    #[test]
    fn wip_without_pending_is_warned_about() {
        let client = BrokerClient::builder("http://broker.example")
            .build()
            .expect("client");
        let source = || BrokerSource::new(client.clone());

        assert!(
            source()
                .include_wip_since("2024-01-01")
                .settings_warning()
                .is_some()
        );
        assert!(
            source()
                .include_wip_since("2024-01-01")
                .include_pending()
                .settings_warning()
                .is_none()
        );
        assert!(source().include_pending().settings_warning().is_none());
        assert!(source().settings_warning().is_none());
    }

    #[test]
    fn only_notices_for_before_the_verification_are_shown_first() {
        let properties = json!({"notices": [
            {"when": "before_verification", "text": "The pact is being verified because…"},
            {"when": "after_verification:success_true_published_false", "text": "later"},
            {"text": "always"}
        ]});

        assert_eq!(
            notices(Some(&properties)),
            ["The pact is being verified because…", "always"]
        );
    }
}
