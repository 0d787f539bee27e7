//! Environments and what is deployed or released to them: record-deployment,
//! record-release, record-support-ended, each found through the version's and the
//! environment's HAL relations.

use serde_json::{Value, json};

use super::client::BrokerClient;
use super::error::BrokerError;
use super::hal::Resource;

/// An environment of the broker.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Environment {
    /// Its name (`production`).
    pub name: String,
    /// Its resource's URL, when the broker gave it.
    pub url: Option<String>,
    /// Its UUID, when the broker gave it.
    pub uuid: Option<String>,
    /// Whether it is a production environment, when the broker said.
    pub production: Option<bool>,
}

impl BrokerClient {
    /// The broker's environments (`pb:environments`).
    ///
    /// # Errors
    /// [`BrokerError::MissingRelation`] on a broker without environments, and the
    /// broker's errors.
    pub async fn environments(&self) -> Result<Vec<Environment>, BrokerError> {
        let index = self.index().await?;
        let url = self.follow(&index, "pb:environments", &[])?;
        let listing = self.get(&url).await?;
        // The broker embeds the environments; older answers list them as named links.
        let embedded = listing
            .body
            .get("_embedded")
            .and_then(|e| e.get("environments"))
            .and_then(Value::as_array);
        let environments = match embedded {
            Some(items) => items
                .iter()
                .filter_map(|item| {
                    Some(Environment {
                        name: item.get("name")?.as_str()?.to_owned(),
                        url: item
                            .get("_links")
                            .and_then(|l| l.get("self"))
                            .and_then(|s| s.get("href"))
                            .and_then(Value::as_str)
                            .map(|href| self.resolve(href)),
                        uuid: item.get("uuid").and_then(Value::as_str).map(str::to_owned),
                        production: item.get("production").and_then(Value::as_bool),
                    })
                })
                .collect(),
            None => listing
                .links("pb:environments")
                .into_iter()
                .filter_map(|link| {
                    Some(Environment {
                        name: link.name?,
                        url: Some(self.resolve(&link.href)),
                        uuid: None,
                        production: None,
                    })
                })
                .collect(),
        };
        Ok(environments)
    }

    /// Records that `version` of `pacticipant` is deployed to `environment`
    /// (`pb:record-deployment` of the version), optionally as one application instance
    /// of several.
    ///
    /// # Errors
    /// [`BrokerError::Unexpected`] when the version offers no deployment to that
    /// environment (it names those it offers), and the broker's errors.
    pub async fn record_deployment(
        &self,
        pacticipant: &str,
        version: &str,
        environment: &str,
        application_instance: Option<&str>,
    ) -> Result<(), BrokerError> {
        let url = self
            .environment_link(pacticipant, version, environment, "pb:record-deployment")
            .await?;
        let mut body = json!({});
        if let Some(instance) = application_instance {
            // `target` is what brokers before `applicationInstance` read.
            body = json!({"applicationInstance": instance, "target": instance});
        }
        self.json(http::Method::POST, &url, Some(&body)).await?;
        Ok(())
    }

    /// Records that `version` of `pacticipant` is released to `environment`
    /// (`pb:record-release` of the version).
    ///
    /// # Errors
    /// As [`record_deployment`](Self::record_deployment).
    pub async fn record_release(
        &self,
        pacticipant: &str,
        version: &str,
        environment: &str,
    ) -> Result<(), BrokerError> {
        let url = self
            .environment_link(pacticipant, version, environment, "pb:record-release")
            .await?;
        self.json(http::Method::POST, &url, Some(&json!({})))
            .await?;
        Ok(())
    }

    /// Records that the released `version` of `pacticipant` is no longer supported in
    /// `environment`: each matching released version of the environment's
    /// `pb:currently-supported-released-versions` is marked `currentlySupported: false`.
    /// Returns how many were marked.
    ///
    /// # Errors
    /// [`BrokerError::Unexpected`] when no environment has that name, and the broker's
    /// errors.
    pub async fn record_support_ended(
        &self,
        pacticipant: &str,
        version: &str,
        environment: &str,
    ) -> Result<usize, BrokerError> {
        let found = self
            .environments()
            .await?
            .into_iter()
            .find(|e| e.name == environment)
            .and_then(|e| e.url)
            .ok_or_else(|| {
                BrokerError::Unexpected(format!(
                    "the broker has no environment named \"{environment}\""
                ))
            })?;
        let resource = self.get(&found).await?;
        let base = self.follow(&resource, "pb:currently-supported-released-versions", &[])?;
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("pacticipant", pacticipant)
            .append_pair("version", version)
            .finish();
        let listing = self.get(&format!("{base}?{query}")).await?;
        let released = listing
            .body
            .get("_embedded")
            .and_then(|e| e.get("releasedVersions"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut marked = 0;
        for item in released {
            let Some(href) = item
                .get("_links")
                .and_then(|l| l.get("self"))
                .and_then(|s| s.get("href"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            self.json_as(
                http::Method::PATCH,
                &self.resolve(href),
                Some("application/merge-patch+json"),
                Some(&json!({"currentlySupported": false})),
            )
            .await?;
            marked += 1;
        }
        Ok(marked)
    }

    /// The named link `relation` of the version resource for `environment`.
    async fn environment_link(
        &self,
        pacticipant: &str,
        version: &str,
        environment: &str,
        relation: &str,
    ) -> Result<String, BrokerError> {
        let index = self.index().await?;
        let url = self.follow(
            &index,
            "pb:pacticipant-version",
            &[("pacticipant", pacticipant), ("version", version)],
        )?;
        let resource: Resource = self.get(&url).await?;
        let links = resource.links(relation);
        if links.is_empty() {
            return Err(BrokerError::MissingRelation {
                relation: relation.to_owned(),
                url: crate::provider::client::redact(&url),
            });
        }
        let names: Vec<String> = links.iter().filter_map(|l| l.name.clone()).collect();
        links
            .into_iter()
            .find(|link| link.name.as_deref() == Some(environment))
            .map(|link| self.resolve(&link.href))
            .ok_or_else(|| {
                BrokerError::Unexpected(format!(
                    "{pacticipant} version {version} cannot be recorded in environment \"{environment}\"; the broker offers: {}",
                    names.join(", ")
                ))
            })
    }
}
