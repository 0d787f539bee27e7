//! The verification loop: one [`Session`] per `verify` call, holding what every
//! interaction needs (the shared client, the handlers), then the per-interaction steps in
//! the documented order.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use super::client::{Target, Transport, to_model};
use super::error::{HookKind, InteractionError, SharedError};
use super::filter::InteractionFilter;
use super::hooks::{Hook, HookContext, Next, RequestFilter};
use super::message::Producer;
use super::report::{InteractionResult, Outcome, PactResult, VerificationReport};
use super::source::{FetchContext, FetchedPact, PactSource};
use super::state::{Fallback, StateAction, StateEntry, StateHandler, StateValues};
use super::tls::INSECURE_WARNING;
use super::unwind::guarded;
use super::verifier::Verifier;
use super::{GeneratedPart, VerifyError};
use crate::Warning;
use crate::generators::{self, GeneratorContext};
use crate::matching::{self, MismatchKind};
use crate::model::{
    HttpInteraction, HttpResponse, Interaction, InteractionCommon, Pact, ProviderState,
};

/// Everything one verification needs, shared by its interactions (and tasks).
pub(super) struct Session {
    pub(super) transport: Arc<Transport>,
    /// `None` for a verifier of messages only.
    target: Option<Target>,
    pub(super) timeout: Duration,
    pub(super) producers: HashMap<String, Producer>,
    /// The resolved URL of the provider's message endpoint: the one set, else the base URL.
    pub(super) message_endpoint: Option<String>,
    /// Whether `message_endpoint` is the base URL by default, not one the user named.
    pub(super) endpoint_is_base_url: bool,
    states: HashMap<String, StateEntry>,
    fallback: Option<Fallback>,
    before_each: Option<Arc<dyn Hook>>,
    after_each: Option<Arc<dyn Hook>>,
    request_filter: Option<Arc<dyn RequestFilter>>,
    pub(super) filter: InteractionFilter,
}

/// Runs [`Verifier::verify`].
pub(crate) async fn verify(verifier: &Verifier, sources: &[PactSource]) -> VerificationReport {
    let started = Instant::now();
    let mut report = VerificationReport::default();
    if verifier.tls.insecure && verifier.tls.config.is_none() {
        report.warnings.push(INSECURE_WARNING.to_owned());
    }
    let (session, tls) = match Session::new(verifier) {
        Ok((session, tls)) => (Arc::new(session), tls),
        Err(errors) => {
            report.errors = errors;
            report.duration = started.elapsed();
            return report;
        }
    };
    let context = FetchContext::new(verifier.provider.clone(), session.transport.clone(), tls);
    let mut fetched = Vec::new();
    for source in sources {
        fetched.extend(source.load(&context).await);
    }
    // A filter that is no regex may be an exact description: known once every pact is
    // read. If it is not, that is the error, and nothing is verified (as for any setting
    // that cannot be used), rather than "nothing selected".
    for pact in fetched
        .iter()
        .filter_map(|fetched| fetched.pact.as_ref().ok())
    {
        session.selected(pact);
    }
    let invalid = session.filter.unmatched();
    if !invalid.is_empty() {
        report.errors = invalid;
        report.duration = started.elapsed();
        return report;
    }
    for fetched in fetched {
        let result = session.verify_pact(fetched, verifier.concurrency).await;
        report.pacts.push(result);
    }
    report.allow_no_interactions = verifier.allow_no_interactions;
    let loaded = report.pacts.iter().any(|pact| pact.load_error.is_none());
    if session.filter.is_active()
        && !verifier.allow_no_interactions
        && loaded
        && report.interactions().next().is_none()
    {
        report.errors.push(VerifyError::NothingSelected {
            filters: session.filter.to_string(),
        });
    }
    report.duration = started.elapsed();
    report
}

impl Session {
    /// Checks the settings once, so nothing is re-parsed per interaction.
    pub(super) fn new(
        verifier: &Verifier,
    ) -> Result<(Self, Arc<rustls::ClientConfig>), Vec<VerifyError>> {
        let mut errors = Vec::new();
        let filter = InteractionFilter::build(&verifier.filters, |name| std::env::var_os(name))
            .map_err(|error| errors.push(error))
            .ok();
        let mut headers = Vec::with_capacity(verifier.headers.len());
        for (name, value) in &verifier.headers {
            let invalid = |message: String| VerifyError::InvalidHeader {
                name: name.clone(),
                message,
            };
            match (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(value),
            ) {
                (Ok(name), Ok(value)) => headers.push((name, value)),
                (Err(error), _) => errors.push(invalid(error.to_string())),
                (_, Err(error)) => errors.push(invalid(error.to_string())),
            }
        }
        let tls = verifier
            .tls
            .client_config()
            .map_err(|error| errors.push(error))
            .ok();
        let message_endpoint = match (&verifier.message_endpoint, &verifier.base_url) {
            // The official verifier POSTs a message to the provider's base URL (with its
            // path prefix) when no endpoint is named, so a provider written for it is
            // checked unchanged here too rather than skipped.
            (None, Some(base)) => Some(base.clone()),
            (None, None) => None,
            (Some(url), _) if url.contains("://") => Some(url.clone()),
            (Some(path), Some(base)) if path.starts_with('/') => {
                Some(format!("{}{path}", base.trim_end_matches('/')))
            }
            (Some(endpoint), _) => {
                errors.push(VerifyError::InvalidRequest(format!(
                    "the message endpoint `{endpoint}` is neither a URL nor a path to join to \
                     the provider's base URL"
                )));
                None
            }
        };
        let (Some(filter), Some(tls), true) = (filter, tls, errors.is_empty()) else {
            return Err(errors);
        };
        let session = Session {
            transport: Arc::new(Transport::new(&tls, verifier.timeout)),
            target: verifier
                .base_url
                .as_deref()
                .map(|base_url| Target::new(base_url, headers)),
            timeout: verifier.timeout,
            producers: verifier.producers.clone(),
            endpoint_is_base_url: verifier.message_endpoint.is_none() && message_endpoint.is_some(),
            message_endpoint,
            states: verifier.states.clone(),
            fallback: verifier.fallback.clone(),
            before_each: verifier.before_each.clone(),
            after_each: verifier.after_each.clone(),
            request_filter: verifier.request_filter.clone(),
            filter,
        };
        Ok((session, tls))
    }

    async fn verify_pact(self: &Arc<Self>, fetched: FetchedPact, concurrency: usize) -> PactResult {
        let mut result = PactResult::new(fetched.name);
        result.pending = fetched.pending;
        result.notices = fetched.notices;
        result.warnings = fetched.warnings;
        result.properties = fetched.properties;
        let pact = match fetched.pact {
            Ok(pact) => pact,
            Err(error) => {
                result.load_error = Some(error);
                return result;
            }
        };
        result.consumer.clone_from(&pact.consumer);
        result.provider.clone_from(&pact.provider);
        let selected = self.selected(&pact);
        result.filtered_out = pact.interactions.len() - selected.len();
        result.interactions = if concurrency > 1 {
            self.verify_concurrently(Arc::new(pact), &selected, concurrency, result.pending)
                .await
        } else {
            let mut results = Vec::with_capacity(selected.len());
            for index in selected {
                let interaction = &pact.interactions[index];
                results.push(self.verify_interaction(interaction, result.pending).await);
            }
            results
        };
        result
    }

    /// The indexes of the interactions of `pact` that the filters select.
    pub(super) fn selected(&self, pact: &Pact) -> Vec<usize> {
        (0..pact.interactions.len())
            .filter(|&index| {
                self.filter.selects_consumer(&pact.consumer)
                    && self.filter.selects(&pact.interactions[index])
            })
            .collect()
    }

    /// Interactions without states as tasks, at most `limit` at a time, then the others
    /// one by one; results in pact order.
    async fn verify_concurrently(
        self: &Arc<Self>,
        pact: Arc<Pact>,
        selected: &[usize],
        limit: usize,
        pending: bool,
    ) -> Vec<InteractionResult> {
        let mut slots: Vec<Option<InteractionResult>> = vec![None; selected.len()];
        let (stateless, stateful): (Vec<usize>, Vec<usize>) =
            (0..selected.len()).partition(|&slot| {
                pact.interactions[selected[slot]]
                    .provider_states()
                    .is_empty()
            });
        let mut tasks = JoinSet::new();
        let mut running: HashMap<tokio::task::Id, usize> = HashMap::new();
        let mut queue = stateless.into_iter();
        loop {
            while tasks.len() < limit
                && let Some(slot) = queue.next()
            {
                let session = self.clone();
                let pact = pact.clone();
                let index = selected[slot];
                let handle = tasks.spawn(async move {
                    session
                        .verify_interaction(&pact.interactions[index], pending)
                        .await
                });
                running.insert(handle.id(), slot);
            }
            let Some(joined) = tasks.join_next_with_id().await else {
                break;
            };
            match joined {
                Ok((id, result)) => {
                    if let Some(slot) = running.remove(&id) {
                        slots[slot] = Some(result);
                    }
                }
                Err(error) => {
                    if let Some(slot) = running.remove(&error.id()) {
                        let interaction = &pact.interactions[selected[slot]];
                        slots[slot] = Some(panicked(interaction, pending, &error));
                    }
                }
            }
        }
        for slot in stateful {
            let interaction = &pact.interactions[selected[slot]];
            slots[slot] = Some(self.verify_interaction(interaction, pending).await);
        }
        slots.into_iter().flatten().collect()
    }

    pub(super) async fn verify_interaction(
        &self,
        interaction: &Interaction,
        pact_pending: bool,
    ) -> InteractionResult {
        let started = Instant::now();
        let pending = pact_pending || interaction.common().pending;
        let mut warnings: Vec<Warning> = generators::warnings(interaction)
            .into_iter()
            .map(|warning| Warning::new("", warning.to_string()))
            .collect();
        let rule_warnings = rule_warnings(interaction);
        for warning in &rule_warnings {
            tracing::warn!(interaction = %interaction.description(), "{warning}");
        }
        warnings.extend(rule_warnings);
        let outcome = match self.skip_reason(interaction) {
            Some(reason) => Outcome::Skipped { reason },
            None => {
                self.around(interaction.common(), pending, &mut warnings, |values| {
                    self.act(interaction, values)
                })
                .await
            }
        };
        let (comments, test_name) = InteractionResult::comments_of(&interaction.common().comments);
        InteractionResult {
            description: interaction.description().to_owned(),
            provider_states: interaction
                .provider_states()
                .iter()
                .map(|state| state.name.clone())
                .collect(),
            outcome,
            pending,
            warnings,
            duration: started.elapsed(),
            comments,
            test_name,
        }
    }

    /// Why `interaction` cannot be verified by this verifier at all: an HTTP interaction
    /// without a base URL, a message without any producer or message endpoint.
    pub(super) fn skip_reason(&self, interaction: &Interaction) -> Option<String> {
        match interaction {
            Interaction::Http(_) if self.target.is_none() => Some(
                "an HTTP interaction, and this verifier has no provider base URL (built with \
                 `Verifier::for_messages`)"
                    .to_owned(),
            ),
            Interaction::AsyncMessage(_) | Interaction::SyncMessage(_)
                if self.producers.is_empty() && self.message_endpoint.is_none() =>
            {
                Some(
                    "a message, and this verifier has no message producer and no message \
                     endpoint (`Verifier::message`, `Verifier::message_endpoint`)"
                        .to_owned(),
                )
            }
            _ => None,
        }
    }

    /// What is verified between state setup and teardown, by kind of interaction.
    async fn act(
        &self,
        interaction: &Interaction,
        values: StateValues,
    ) -> Result<Acted, InteractionError> {
        match interaction {
            Interaction::Http(http) => self.verify_http(http, values).await,
            Interaction::AsyncMessage(message) => self.verify_async_message(message, values).await,
            Interaction::SyncMessage(message) => self.verify_sync_message(message, values).await,
        }
    }

    /// The documented order: before-each → state setup → `act` (the request or the
    /// message, and the comparison) → teardown (reverse) → after-each.
    async fn around<'a, F, Fut>(
        &self,
        common: &InteractionCommon,
        pending: bool,
        warnings: &mut Vec<Warning>,
        act: F,
    ) -> Outcome
    where
        F: FnOnce(StateValues) -> Fut,
        Fut: Future<Output = Result<Acted, InteractionError>> + 'a,
    {
        let mut errors: Vec<InteractionError> = Vec::new();
        let context =
            (self.before_each.is_some() || self.after_each.is_some()).then(|| HookContext {
                description: common.description.clone(),
                provider_states: common.provider_states.clone(),
                pending,
            });
        if let (Some(hook), Some(context)) = (&self.before_each, &context)
            && let Err(error) = self.hook(HookKind::BeforeEach, hook, context.clone()).await
        {
            return failed(vec![error], Vec::new(), None);
        }
        let mut compared = None;
        let mut set_up: Vec<&ProviderState> = Vec::new();
        let mut returned = StateValues::new();
        for state in &common.provider_states {
            match self.change_state(state, StateAction::Setup, warnings).await {
                Ok(values) => {
                    returned.extend(values.unwrap_or_default());
                    set_up.push(state);
                }
                Err(error) => {
                    errors.push(error);
                    break;
                }
            }
        }
        if errors.is_empty() {
            // FC-15: the states' parameters, overridden by what the handlers returned.
            let mut values = StateValues::new();
            for state in &common.provider_states {
                values.extend(state.params.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            values.extend(returned);
            match act(values).await {
                Ok((result, notes)) => {
                    warnings.extend(notes);
                    compared = Some(result);
                }
                Err(error) => errors.push(error),
            }
        }
        for state in set_up.iter().rev() {
            if let Err(error) = self
                .change_state(state, StateAction::Teardown, warnings)
                .await
            {
                errors.push(error);
            }
        }
        if let (Some(hook), Some(context)) = (&self.after_each, context)
            && let Err(error) = self.hook(HookKind::AfterEach, hook, context).await
        {
            errors.push(error);
        }
        let (mismatches, body_diff) = compared.unwrap_or_default();
        if errors.is_empty() && mismatches.is_empty() {
            Outcome::Passed
        } else {
            failed(errors, mismatches, body_diff)
        }
    }

    /// The response the provider must send (values from the states injected into it), the
    /// exchange, and the comparison.
    async fn verify_http(
        &self,
        interaction: &HttpInteraction,
        values: StateValues,
    ) -> Result<Acted, InteractionError> {
        let mut notes = Vec::new();
        let mut expected_response = Cow::Borrowed(&interaction.response);
        // Values injected from the provider state into the expected response (an id the
        // state created, say) are what the provider must send back.
        if !interaction.response.generators.is_empty() {
            let context = GeneratorContext::new()
                .provider_state_values(values.clone())
                .interaction(interaction.common.description.clone());
            // Only provider-state values: the official verifier generates nothing in the
            // response it expects, and random values would make the verdict vary.
            let generated = generators::generate_expected_response(&interaction.response, &context)
                .map_err(|source| InteractionError::Generate {
                    part: GeneratedPart::ExpectedResponse,
                    source,
                })?;
            notes.extend(examples_kept(
                GeneratedPart::ExpectedResponse,
                generated.examples_kept,
            ));
            expected_response = Cow::Owned(generated.value);
        }
        let actual = self.exchange(interaction, values, &mut notes).await?;
        Ok((compare(&expected_response, &actual), notes))
    }

    /// Builds the request, sends it (through the filter) and reads the response.
    async fn exchange(
        &self,
        interaction: &HttpInteraction,
        values: StateValues,
        notes: &mut Vec<Warning>,
    ) -> Result<HttpResponse, InteractionError> {
        let expected = &interaction.request;
        // Most requests have no generators: replay the pact's request without a copy.
        let request = if expected.generators.is_empty() {
            Cow::Borrowed(expected)
        } else {
            let context = GeneratorContext::new()
                .provider_state_values(values)
                .interaction(interaction.common.description.clone());
            let generated =
                generators::generate_provider_request(expected, &context).map_err(|source| {
                    InteractionError::Generate {
                        part: GeneratedPart::Request,
                        source,
                    }
                })?;
            notes.extend(examples_kept(
                GeneratedPart::Request,
                generated.examples_kept,
            ));
            Cow::Owned(generated.value)
        };
        let Some(target) = &self.target else {
            // `skip_reason` keeps HTTP interactions away from a verifier without a base URL.
            return Err(InteractionError::InvalidRequest(
                "this verifier has no provider base URL".to_owned(),
            ));
        };
        let request = target.build(&request)?;
        let response = match &self.request_filter {
            None => self.transport.send(request).await?,
            Some(filter) => {
                let (next, failure) = Next::new(self.transport.clone());
                // The filter's own work and the request each get the timeout.
                let limit = self.timeout.saturating_mul(2);
                let called = guarded(async { filter.call(request, next).await });
                let filtered = tokio::time::timeout(limit, called)
                    .await
                    .map_err(|_| InteractionError::StepTimeout {
                        what: "the request filter".to_owned(),
                        after: limit,
                    })?
                    .map_err(|panic| InteractionError::RequestFilter {
                        source: SharedError::panicked(panic),
                    })?;
                match filtered {
                    Ok(response) => response,
                    Err(error) => {
                        let provider_failure = failure.lock().ok().and_then(|mut slot| slot.take());
                        return Err(provider_failure.unwrap_or_else(|| {
                            InteractionError::RequestFilter {
                                source: SharedError::new(error),
                            }
                        }));
                    }
                }
            }
        };
        Ok(to_model(&response))
    }

    async fn hook(
        &self,
        which: HookKind,
        hook: &Arc<dyn Hook>,
        context: HookContext,
    ) -> Result<(), InteractionError> {
        let called = guarded(async { hook.call(context).await });
        match tokio::time::timeout(self.timeout, called).await {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(error))) => Err(InteractionError::Hook {
                hook: which,
                source: SharedError::new(error),
            }),
            Ok(Err(panic)) => Err(InteractionError::Hook {
                hook: which,
                source: SharedError::panicked(panic),
            }),
            Err(_) => Err(InteractionError::StepTimeout {
                what: format!("the {which} hook"),
                after: self.timeout,
            }),
        }
    }

    /// Sets up or tears down one state with its handler, the fallback handler or the
    /// state-change URL; a state nobody handles is a warning (once, at setup).
    async fn change_state(
        &self,
        state: &ProviderState,
        action: StateAction,
        warnings: &mut Vec<Warning>,
    ) -> Result<Option<StateValues>, InteractionError> {
        let entry = self.states.get(&state.name).or(match &self.fallback {
            Some(Fallback::Handler(entry)) => Some(entry),
            _ => None,
        });
        let call = match (entry, &self.fallback, action) {
            // Called inside the future, where a panic of the handler is caught.
            (Some(entry), _, StateAction::Setup) => Some(deferred(&entry.setup, state)),
            (Some(entry), _, StateAction::Teardown) => entry
                .teardown
                .as_ref()
                .map(|teardown| deferred(teardown, state)),
            (None, Some(Fallback::Url(url)), _) => {
                if action == StateAction::Teardown && !url.tears_down() {
                    return Ok(None);
                }
                let url = url.clone();
                let transport = self.transport.clone();
                let state = state.clone();
                Some(
                    Box::pin(async move { url.call(&transport, &state, action).await })
                        as super::state::StateFuture,
                )
            }
            (None, _, StateAction::Setup) => {
                warnings.push(Warning::new(
                    format!("provider state \"{}\"", state.name),
                    "no handler, so the interaction ran without setting it up",
                ));
                None
            }
            (None, _, StateAction::Teardown) => None,
        };
        let Some(call) = call else {
            return Ok(None);
        };
        let failure = |source: SharedError| match action {
            StateAction::Setup => InteractionError::StateSetup {
                state: state.name.clone(),
                source,
            },
            StateAction::Teardown => InteractionError::StateTeardown {
                state: state.name.clone(),
                source,
            },
        };
        match tokio::time::timeout(self.timeout, guarded(call)).await {
            Ok(Ok(result)) => result.map_err(|error| failure(SharedError::new(error))),
            Ok(Err(panic)) => Err(failure(SharedError::panicked(panic))),
            Err(_) => Err(failure(SharedError::timed_out(self.timeout))),
        }
    }
}

/// The handler's call on `state`, made when the future is first polled.
fn deferred(handler: &Arc<dyn StateHandler>, state: &ProviderState) -> super::state::StateFuture {
    let handler = handler.clone();
    let state = state.clone();
    Box::pin(async move { handler.call(state).await })
}

/// The mismatches of a comparison and, when the bodies differ, their line diff.
pub(super) type Compared = (Vec<crate::matching::Mismatch>, Option<String>);

/// A comparison and the warnings met while making it (examples kept for provider-state
/// values nobody supplied), which belong in the interaction's report.
pub(super) type Acted = (Compared, Vec<Warning>);

/// The report's warnings for the places of `part` where a provider-state value was not
/// supplied and the example was used (issue 11, D3: the official verifier's verdict, but
/// never silently).
pub(super) fn examples_kept(
    part: GeneratedPart,
    kept: Vec<generators::ExampleKept>,
) -> impl Iterator<Item = Warning> {
    kept.into_iter().map(move |kept| {
        Warning::new(
            format!("{part}, {}", kept.location),
            format!(
                "provider state value `{}` not supplied by the state handler or params; the \
                 example was used (expression \"{}\")",
                kept.name, kept.expression
            ),
        )
    })
}

fn failed(
    errors: Vec<InteractionError>,
    mismatches: Vec<crate::matching::Mismatch>,
    body_diff: Option<String>,
) -> Outcome {
    Outcome::Failed {
        mismatches,
        errors,
        body_diff,
    }
}

/// The engine's mismatches and, when the bodies differ, their line diff.
fn compare(
    expected: &HttpResponse,
    actual: &HttpResponse,
) -> (Vec<crate::matching::Mismatch>, Option<String>) {
    let mismatches = matching::match_response(expected, actual);
    let body_differs = mismatches
        .iter()
        .any(|m| matches!(m.kind, MismatchKind::Body | MismatchKind::BodyType));
    let body_diff = if body_differs {
        matching::diff::mismatch_diff(&expected.body, &actual.body, &mismatches)
    } else {
        None
    };
    (mismatches, body_diff)
}

/// The result of an interaction whose task panicked (a hook or handler that panicked):
/// a failure, not a crashed verification.
fn panicked(
    interaction: &Interaction,
    pending: bool,
    error: &tokio::task::JoinError,
) -> InteractionResult {
    InteractionResult {
        description: interaction.description().to_owned(),
        provider_states: Vec::new(),
        outcome: failed(
            vec![InteractionError::Task(error.to_string())],
            Vec::new(),
            None,
        ),
        pending: pending || interaction.common().pending,
        warnings: Vec::new(),
        duration: Duration::ZERO,
        comments: Vec::new(),
        test_name: None,
    }
}

/// The rules of what the verifier compares (the response, the message contents) whose
/// paths select nothing in the expected body: the provider cannot be held to them.
fn rule_warnings(interaction: &Interaction) -> Vec<Warning> {
    match interaction {
        Interaction::Http(http) => matching::response_rule_warnings(&http.response),
        Interaction::AsyncMessage(message) => matching::message_rule_warnings(&message.message),
        Interaction::SyncMessage(message) => message
            .response
            .iter()
            .flat_map(matching::message_rule_warnings)
            .collect(),
    }
}

impl Verifier {
    /// Reads the pacts of `sources` and verifies every selected interaction.
    ///
    /// Never fails as a whole: invalid settings, unreadable pacts, unreachable providers
    /// and mismatches are all entries of the returned report. The filter environment
    /// variables are read once, here.
    pub async fn verify(&self, sources: &[PactSource]) -> VerificationReport {
        verify(self, sources).await
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
        let verifier = Verifier::new("user-service", "http://127.0.0.1:1")
            .state("user 42 exists", async |_state| {});

        let future = assert_send(verifier.verify(&[]));

        drop(future);
    }

    #[tokio::test]
    async fn no_sources_is_a_report_that_is_not_ok() {
        let report = Verifier::new("user-service", "http://127.0.0.1:1")
            .verify(&[])
            .await;

        let text = report.to_string();
        assert!(!report.is_ok());
        assert!(
            text.starts_with("error: nothing was verified (no pact found); "),
            "{text}"
        );
        assert!(text.contains("\nno pacts were verified\n"), "{text}");
    }

    #[tokio::test]
    async fn an_invalid_custom_header_is_a_verification_error_not_a_panic() {
        let report = Verifier::new("user-service", "http://127.0.0.1:1")
            .header("bad header", "x")
            .verify(&[])
            .await;

        assert!(!report.is_ok());
        assert!(
            report.errors[0]
                .to_string()
                .starts_with("invalid custom header \"bad header\""),
            "{report}"
        );
    }
}
