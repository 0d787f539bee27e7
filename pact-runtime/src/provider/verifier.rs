//! The [`Verifier`] builder and the verification loop.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::VerifyError;
use super::client::ReplayClient;
use super::report::{InteractionResult, Outcome, PactResult, VerificationReport};
use super::source::PactSource;
use super::state::StateHandler;
use crate::matching::{self, MismatchKind};
use crate::model::{HttpInteraction, Interaction, Pact};

/// How long to wait for each response unless [`Verifier::timeout`] says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Verifies that a running provider honours its pacts.
///
/// Built with named methods, then run with [`verify`](Self::verify) on the caller's Tokio
/// runtime (the time driver must be enabled, as `#[tokio::test]` does).
#[must_use = "a Verifier does nothing until `.verify(..).await` is called"]
pub struct Verifier {
    provider: String,
    base_url: String,
    states: HashMap<String, Arc<dyn StateHandler>>,
    timeout: Duration,
    headers: Vec<(String, String)>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut states: Vec<&String> = self.states.keys().collect();
        states.sort();
        f.debug_struct("Verifier")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field("states", &states)
            .field("timeout", &self.timeout)
            .field("headers", &self.headers)
            .finish()
    }
}

impl Verifier {
    /// A verifier for the provider named `provider` (pacts naming another provider are
    /// not verified), listening at `base_url` (`http://127.0.0.1:8080`, optionally with a
    /// path prefix).
    pub fn new(provider: impl Into<String>, base_url: impl Into<String>) -> Self {
        Verifier {
            provider: provider.into(),
            base_url: base_url.into(),
            states: HashMap::new(),
            timeout: DEFAULT_TIMEOUT,
            headers: Vec::new(),
        }
    }

    /// Registers the handler that sets up the provider state `name`; it receives the state
    /// with its parameters before each interaction that names it. An error from the
    /// handler fails that interaction without sending its request. A state without a
    /// handler is a warning in the report, not a failure.
    pub fn state(mut self, name: impl Into<String>, handler: impl StateHandler) -> Self {
        self.states.insert(name.into(), Arc::new(handler));
        self
    }

    /// How long to wait for each response (30 s by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// A header added to every replayed request (credentials the pact does not carry).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Reads the pacts of `sources` and verifies every interaction, one after the other.
    ///
    /// Never fails as a whole: unreadable pacts, unreachable providers and mismatches are
    /// all entries of the returned report.
    pub async fn verify(&self, sources: &[PactSource]) -> VerificationReport {
        let client = ReplayClient::new(&self.base_url, self.timeout, self.headers.clone());
        let mut report = VerificationReport::default();
        for source in sources {
            for loaded in source.load(&self.provider) {
                let result = match loaded.pact {
                    Ok(pact) => self.verify_pact(&client, loaded.name, &pact).await,
                    Err(error) => PactResult {
                        source: loaded.name,
                        consumer: String::new(),
                        provider: String::new(),
                        interactions: Vec::new(),
                        load_error: Some(error),
                    },
                };
                report.pacts.push(result);
            }
        }
        report
    }

    async fn verify_pact(&self, client: &ReplayClient, source: String, pact: &Pact) -> PactResult {
        let mut interactions = Vec::with_capacity(pact.interactions.len());
        for interaction in &pact.interactions {
            interactions.push(self.verify_interaction(client, interaction).await);
        }
        PactResult {
            source,
            consumer: pact.consumer.clone(),
            provider: pact.provider.clone(),
            interactions,
            load_error: None,
        }
    }

    async fn verify_interaction(
        &self,
        client: &ReplayClient,
        interaction: &Interaction,
    ) -> InteractionResult {
        let started = Instant::now();
        let mut warnings = Vec::new();
        let outcome = match interaction {
            Interaction::Http(http) => self.verify_http(client, http, &mut warnings).await,
            Interaction::AsyncMessage(_) | Interaction::SyncMessage(_) => Outcome::Skipped {
                reason: "message interactions are not verified yet".to_owned(),
            },
        };
        InteractionResult {
            description: interaction.description().to_owned(),
            provider_states: interaction
                .provider_states()
                .iter()
                .map(|state| state.name.clone())
                .collect(),
            outcome,
            pending: interaction.common().pending,
            warnings,
            duration: started.elapsed(),
        }
    }

    async fn verify_http(
        &self,
        client: &ReplayClient,
        interaction: &HttpInteraction,
        warnings: &mut Vec<String>,
    ) -> Outcome {
        let failed = |error: VerifyError| Outcome::Failed {
            mismatches: Vec::new(),
            error: Some(error.to_string()),
            body_diff: None,
        };
        for state in &interaction.common.provider_states {
            let Some(handler) = self.states.get(&state.name) else {
                warnings.push(format!("no handler for provider state \"{}\"", state.name));
                continue;
            };
            if let Err(message) = handler.setup(state.clone()).await {
                return failed(VerifyError::StateChange {
                    state: state.name.clone(),
                    message,
                });
            }
        }
        let actual = match client.send(&interaction.request).await {
            Ok(actual) => actual,
            Err(error) => return failed(error),
        };
        let expected = &interaction.response;
        let mismatches = matching::match_response(expected, &actual);
        if mismatches.is_empty() {
            return Outcome::Passed;
        }
        let body_differs = mismatches
            .iter()
            .any(|m| matches!(m.kind, MismatchKind::Body | MismatchKind::BodyType));
        let body_diff = if body_differs {
            matching::diff::body_diff(&expected.body, &actual.body)
        } else {
            None
        };
        Outcome::Failed {
            mismatches,
            error: None,
            body_diff,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(value: T) -> T {
        value
    }

    #[test]
    fn the_verification_future_is_send_so_it_can_be_spawned() {
        let verifier = Verifier::new("user-service", "http://127.0.0.1:1").state(
            "user 42 exists",
            |_state: crate::model::ProviderState| async { Ok::<(), String>(()) },
        );

        let future = assert_send(verifier.verify(&[]));

        drop(future);
    }

    #[tokio::test]
    async fn no_sources_is_a_report_that_is_not_ok() {
        let report = Verifier::new("user-service", "http://127.0.0.1:1")
            .verify(&[])
            .await;

        assert!(!report.is_ok());
        assert!(report.to_string().starts_with("no pacts were verified\n"));
    }
}
