//! Publishing pacts: the broker's `pb:publish-contracts` (one request per consumer
//! version, with branch, tags and build URL), or, on brokers without it, the classic
//! `PUT` of each pact followed by the tag and branch calls.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::{Value, json};

use super::client::BrokerClient;
use super::error::BrokerError;
use super::hal;

/// What a consumer version is published as (Pact Go's `PublishRequest`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsumerVersion {
    /// The consumer's version (a commit SHA is best).
    pub version: String,
    /// The branch it was built from.
    pub branch: Option<String>,
    /// Tags (the pre-branch way of marking versions).
    pub tags: Vec<String>,
    /// The CI build that produced it.
    pub build_url: Option<String>,
}

impl ConsumerVersion {
    /// The version, without branch, tags or build URL.
    pub fn new(version: impl Into<String>) -> Self {
        ConsumerVersion {
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

/// A pact file as published: its bytes as written (the broker stores what the consumer
/// wrote, not our re-serialisation) and the names read from it.
#[derive(Debug, Clone)]
pub(crate) struct PactDocument {
    pub(crate) path: String,
    pub(crate) consumer: String,
    pub(crate) provider: String,
    pub(crate) content: Vec<u8>,
}

impl PactDocument {
    pub(crate) fn read(path: &Path) -> Result<Self, BrokerError> {
        let shown = path.display().to_string();
        let invalid = |message: String| BrokerError::Pact {
            path: shown.clone(),
            message,
        };
        let content = std::fs::read(path).map_err(|error| invalid(error.to_string()))?;
        let value: Value = serde_json::from_slice(&content)
            .map_err(|error| invalid(format!("not JSON: {error}")))?;
        let name = |role: &str| {
            value
                .get(role)
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| invalid(format!("no {role} name: is it a pact?")))
        };
        Ok(PactDocument {
            consumer: name("consumer")?,
            provider: name("provider")?,
            path: shown.clone(),
            content,
        })
    }
}

/// What the broker said about a publication.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PublishOutcome {
    /// The broker's log lines (`pb:publish-contracts` answers with them), to show the
    /// user.
    pub logs: Vec<String>,
    /// The URLs of the published pacts, where the broker gave them.
    pub pact_urls: Vec<String>,
    /// Whether the classic API was used (the broker has no `pb:publish-contracts`).
    pub classic: bool,
}

/// Publishes pact files or directories of them (Pact Go's `Publisher.Publish`).
///
/// ```no_run
/// use pact_runtime::broker::{BrokerClient, ConsumerVersion, Publisher};
///
/// # async fn run() -> Result<(), pact_runtime::broker::BrokerError> {
/// let broker = BrokerClient::from_env()?.build()?;
/// let outcome = Publisher::new(&broker)
///     .dir("target/pacts")
///     .publish(&ConsumerVersion::new("3f2a9c1").branch("main").build_url("https://ci/1"))
///     .await?;
/// for line in outcome.logs {
///     println!("{line}");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "nothing is published until `publish().await`"]
pub struct Publisher<'a> {
    client: &'a BrokerClient,
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl<'a> Publisher<'a> {
    /// A publisher through `client`.
    pub fn new(client: &'a BrokerClient) -> Self {
        Publisher {
            client,
            files: Vec::new(),
            dirs: Vec::new(),
        }
    }

    /// Publishes this pact file.
    pub fn file(mut self, path: impl Into<PathBuf>) -> Self {
        self.files.push(path.into());
        self
    }

    /// Publishes every `*.json` file of this directory (not recursive), in name order.
    pub fn dir(mut self, path: impl Into<PathBuf>) -> Self {
        self.dirs.push(path.into());
        self
    }

    /// Reads every pact, then publishes them: nothing is sent when one cannot be read.
    ///
    /// # Errors
    /// [`BrokerError::BlankVersion`] for an empty or blank version, branch or tag;
    /// [`BrokerError::NothingToPublish`] when no file or directory was given;
    /// [`BrokerError::Pact`] for a file that is not a pact (or a directory without one),
    /// and the broker's errors.
    pub async fn publish(self, version: &ConsumerVersion) -> Result<PublishOutcome, BrokerError> {
        check_version(
            [
                "consumer version",
                "consumer version's branch",
                "consumer version's tag",
            ],
            &version.version,
            version.branch.as_deref(),
            &version.tags,
        )?;
        if self.files.is_empty() && self.dirs.is_empty() {
            return Err(BrokerError::NothingToPublish);
        }
        let mut paths = self.files.clone();
        for dir in &self.dirs {
            let listing = std::fs::read_dir(dir).map_err(|error| BrokerError::Pact {
                path: dir.display().to_string(),
                message: error.to_string(),
            })?;
            let mut found: Vec<PathBuf> = listing
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.is_file()
                        && path
                            .extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                })
                .collect();
            if found.is_empty() {
                return Err(BrokerError::Pact {
                    path: dir.display().to_string(),
                    message: "no *.json pact file in the directory".to_owned(),
                });
            }
            found.sort();
            paths.extend(found);
        }
        let pacts = paths
            .iter()
            .map(|path| PactDocument::read(path))
            .collect::<Result<Vec<_>, _>>()?;
        self.client.publish_pacts(&pacts, version).await
    }
}

impl BrokerClient {
    /// Publishes pacts read with [`Publisher`]; grouped by consumer, as the broker
    /// publishes one consumer version at a time.
    pub(crate) async fn publish_pacts(
        &self,
        pacts: &[PactDocument],
        version: &ConsumerVersion,
    ) -> Result<PublishOutcome, BrokerError> {
        let index = self.index().await?;
        let mut outcome = PublishOutcome::default();
        // One request per consumer, in the order the files name them first; the files of
        // one consumer need not be adjacent.
        let mut consumers: Vec<&str> = Vec::new();
        for pact in pacts {
            if !consumers.contains(&pact.consumer.as_str()) {
                consumers.push(&pact.consumer);
            }
        }
        let publish_contracts = index.link("pb:publish-contracts");
        for consumer in consumers {
            let group: Vec<&PactDocument> =
                pacts.iter().filter(|p| p.consumer == consumer).collect();
            if publish_contracts.is_some() {
                let url = self.follow(&index, "pb:publish-contracts", &[])?;
                let answer = self
                    .json(
                        http::Method::POST,
                        &url,
                        Some(&contracts_body(consumer, &group, version)),
                    )
                    .await?;
                read_publish_answer(&answer, &mut outcome);
            } else {
                outcome.classic = true;
                self.publish_classic(&index, consumer, &group, version, &mut outcome)
                    .await?;
            }
        }
        for line in &outcome.logs {
            tracing::info!(broker = %self.base_url, "{line}");
        }
        Ok(outcome)
    }

    async fn publish_classic(
        &self,
        index: &super::hal::Resource,
        consumer: &str,
        pacts: &[&PactDocument],
        version: &ConsumerVersion,
        outcome: &mut PublishOutcome,
    ) -> Result<(), BrokerError> {
        let v = version.version.as_str();
        // Branch and tags first: a version is created by whichever call comes first, and
        // the broker decides a pact's "latest for branch" from the version's branch.
        if let Some(branch) = &version.branch {
            let url = self.templated(
                index,
                "pb:pacticipant-branch-version",
                "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}",
                &[
                    ("pacticipant", consumer),
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
                &[("pacticipant", consumer), ("version", v), ("tag", tag)],
            );
            self.json(http::Method::PUT, &url, Some(&json!({}))).await?;
        }
        for pact in pacts {
            let url = self.templated(
                index,
                "pb:publish-pact",
                "/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}",
                &[
                    ("provider", &pact.provider),
                    ("consumer", consumer),
                    ("consumerApplicationVersion", v),
                ],
            );
            let body: Value =
                serde_json::from_slice(&pact.content).map_err(|error| BrokerError::Pact {
                    path: pact.path.clone(),
                    message: error.to_string(),
                })?;
            self.json(http::Method::PUT, &url, Some(&body)).await?;
            outcome.logs.push(format!(
                "published the pact between {consumer} and {} for version {v}",
                pact.provider
            ));
            outcome.pact_urls.push(url);
        }
        Ok(())
    }

    /// The relation's href when the index has it, else the broker's documented path.
    pub(crate) fn templated(
        &self,
        index: &super::hal::Resource,
        relation: &str,
        documented: &str,
        values: &[(&str, &str)],
    ) -> String {
        let href = index
            .link(relation)
            .map_or_else(|| documented.to_owned(), |link| link.href);
        self.resolve(&hal::expand(&href, values))
    }
}

/// Refuses an empty or blank version, branch or tag, naming it with `fields` (version,
/// branch, tag).
pub(crate) fn check_version(
    fields: [&'static str; 3],
    version: &str,
    branch: Option<&str>,
    tags: &[String],
) -> Result<(), BrokerError> {
    let [version_field, branch_field, tag_field] = fields;
    let blank = |text: &str| text.trim().is_empty();
    if blank(version) {
        return Err(BrokerError::BlankVersion {
            field: version_field,
        });
    }
    if branch.is_some_and(blank) {
        return Err(BrokerError::BlankVersion {
            field: branch_field,
        });
    }
    if tags.iter().any(|tag| blank(tag)) {
        return Err(BrokerError::BlankVersion { field: tag_field });
    }
    Ok(())
}

fn contracts_body(consumer: &str, pacts: &[&PactDocument], version: &ConsumerVersion) -> Value {
    let contracts: Vec<Value> = pacts
        .iter()
        .map(|pact| {
            json!({
                "consumerName": consumer,
                "providerName": pact.provider,
                "specification": "pact",
                "contentType": "application/json",
                "content": base64::engine::general_purpose::STANDARD.encode(&pact.content),
                "onConflict": "merge",
            })
        })
        .collect();
    let mut body = json!({
        "pacticipantName": consumer,
        "pacticipantVersionNumber": version.version,
        "contracts": contracts,
    });
    if let Some(branch) = &version.branch {
        body["branch"] = json!(branch);
    }
    if !version.tags.is_empty() {
        body["tags"] = json!(version.tags);
    }
    if let Some(build_url) = &version.build_url {
        body["buildUrl"] = json!(build_url);
    }
    body
}

fn read_publish_answer(answer: &Value, outcome: &mut PublishOutcome) {
    if let Some(logs) = answer.get("logs").and_then(Value::as_array) {
        outcome.logs.extend(
            logs.iter()
                .filter_map(|log| log.get("message").and_then(Value::as_str))
                .map(str::to_owned),
        );
    }
    if let Some(contracts) = answer
        .get("_links")
        .and_then(|links| links.get("pb:contracts"))
        .and_then(Value::as_array)
    {
        outcome.pact_urls.extend(
            contracts
                .iter()
                .filter_map(|c| c.get("href").and_then(Value::as_str))
                .map(str::to_owned),
        );
    }
}
