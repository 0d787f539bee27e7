//! The interactions a mock server serves, which of them were hit, and the requests that
//! matched none: routing and the record `finish` verifies.

use super::report::{
    ClosestInteraction, FailedResponse, MissingInteraction, MockServerReport, UnexpectedRequest,
    given,
};
use super::wire::{self, Prepared, WireResponse};
use crate::Warning;
use crate::generators;
use crate::matching::{self, Mismatch, MismatchKind};
use crate::model::{Category, HttpInteraction, HttpRequest, HttpResponse, ProviderState};

/// One mounted interaction and how often it was received.
#[derive(Debug)]
struct Mounted {
    interaction: HttpInteraction,
    hits: usize,
    /// The response as sent, rendered once at mount: most responses have no generator and
    /// are the same bytes every time.
    prepared: Option<Prepared>,
}

/// What one server has seen: mounted interactions in mount order, and unexpected requests
/// in arrival order.
#[derive(Debug, Default)]
pub(crate) struct Journal {
    mounted: Vec<Mounted>,
    unexpected: Vec<UnexpectedRequest>,
    failed_responses: Vec<FailedResponse>,
    /// TLS handshakes that failed, and the last one's error: a client that does not trust
    /// the server's authority shows up only as interactions never received.
    tls_failures: usize,
    last_tls_failure: Option<String>,
    /// What is wrong with the mounted interactions without failing them, in mount order.
    warnings: Vec<Warning>,
}

/// Where [`Journal::route`] sent a request.
#[derive(Debug)]
pub(crate) enum Routed {
    /// It matched an interaction without generators: the response to send.
    Ready(WireResponse),
    /// It matched an interaction whose response has generators to apply first.
    Generate {
        /// The interaction's description (for `MockServerURL` and log lines).
        description: String,
        /// Its provider states (for the report, should generating fail).
        provider_states: Vec<ProviderState>,
        /// The response example with its generators.
        response: HttpResponse,
    },
    /// It matched nothing and was recorded: the `500` explaining why.
    Unexpected(WireResponse),
}

/// Issue 11, D4: a provider-state expression in an interaction without any provider
/// state. No state handler runs for it and it has no parameters, so a verifier can only
/// use the example (and warns that it did): the value is never injected.
fn stateless_expressions(interaction: &HttpInteraction) -> impl Iterator<Item = Warning> {
    let request = generators::provider_state_expressions(&interaction.request.generators)
        .into_iter()
        .map(|(location, expression)| (format!("request, {location}"), expression));
    let response = generators::provider_state_expressions(&interaction.response.generators)
        .into_iter()
        .map(|(location, expression)| (format!("response, {location}"), expression));
    request.chain(response).map(|(location, expression)| {
        Warning::new(
            location,
            format!(
                "from_provider_state(\"{expression}\") is used in an interaction with no \
                 provider state (no `given`): nothing can supply its value, so a verifier \
                 always uses the example; add the provider state that creates it"
            ),
        )
    })
}

impl Journal {
    /// Adds an interaction; returns the warnings about it (rules whose paths select
    /// nothing in its request or response body), which the report keeps too.
    pub(crate) fn mount(&mut self, interaction: HttpInteraction) -> &[Warning] {
        let first_new = self.warnings.len();
        let outer = format!(
            "interaction {:?}{}",
            interaction.common.description,
            given(&interaction.common.provider_states)
        );
        let rule_warnings = matching::request_rule_warnings(&interaction.request)
            .into_iter()
            .chain(matching::response_rule_warnings(&interaction.response))
            .map(|warning| warning.within(&outer));
        self.warnings.extend(rule_warnings);
        if interaction.common.provider_states.is_empty() {
            self.warnings
                .extend(stateless_expressions(&interaction).map(|w| w.within(&outer)));
        }
        let prepared = interaction
            .response
            .generators
            .is_empty()
            .then(|| Prepared::new(&interaction.response));
        self.mounted.push(Mounted {
            interaction,
            hits: 0,
            prepared,
        });
        &self.warnings[first_new..]
    }

    /// Finds the interaction `actual` matches and records the hit; otherwise records the
    /// request as unexpected, with the closest interaction and why it did not match.
    ///
    /// When several interactions match (the same request under different provider states),
    /// the first one not yet received wins, so each of them can be exercised in turn.
    pub(crate) fn route(&mut self, actual: &HttpRequest) -> Routed {
        let mut first_match = None;
        for (index, mounted) in self.mounted.iter().enumerate() {
            // Once a match is known, only one not yet received could still win.
            if (first_match.is_some() && mounted.hits > 0)
                || cannot_match(&mounted.interaction.request, actual)
            {
                continue;
            }
            if matching::match_request(&mounted.interaction.request, actual).is_empty() {
                if mounted.hits == 0 {
                    first_match = Some(index);
                    break;
                }
                first_match.get_or_insert(index);
            }
        }
        if let Some(index) = first_match {
            let mounted = &mut self.mounted[index];
            mounted.hits += 1;
            tracing::debug!(
                method = %actual.method,
                path = %actual.path,
                interaction = %mounted.interaction.common.description,
                "matched"
            );
            return match &mounted.prepared {
                Some(prepared) => Routed::Ready(prepared.to_wire()),
                None => Routed::Generate {
                    description: mounted.interaction.common.description.clone(),
                    provider_states: mounted.interaction.common.provider_states.clone(),
                    response: mounted.interaction.response.clone(),
                },
            };
        }
        // Nothing matched: the slow path, every interaction's mismatches, for the report.
        let mut closest: Option<(usize, Vec<Mismatch>)> = None;
        for (index, mounted) in self.mounted.iter().enumerate() {
            let mismatches = matching::match_request(&mounted.interaction.request, actual);
            if closest
                .as_ref()
                .is_none_or(|(_, fewest)| mismatches.len() < fewest.len())
            {
                closest = Some((index, mismatches));
            }
        }
        let closest = closest.map(|(index, mismatches)| {
            let expected = &self.mounted[index].interaction;
            closest_interaction(expected, actual, mismatches)
        });
        tracing::debug!(method = %actual.method, path = %actual.path, "unexpected request");
        let unexpected = UnexpectedRequest {
            request: actual.clone(),
            closest,
            refused: None,
        };
        let response = wire::unexpected_response(&unexpected);
        self.unexpected.push(unexpected);
        Routed::Unexpected(response)
    }

    /// True when some mounted interaction matches `actual` (nothing is recorded).
    pub(crate) fn matches_any(&self, actual: &HttpRequest) -> bool {
        self.mounted.iter().any(|m| {
            !cannot_match(&m.interaction.request, actual)
                && matching::match_request(&m.interaction.request, actual).is_empty()
        })
    }

    /// Records a request that could not be routed at all (its body was too large), and
    /// why.
    pub(crate) fn reject(&mut self, actual: HttpRequest, reason: String) {
        self.unexpected.push(UnexpectedRequest {
            request: actual,
            closest: None,
            refused: Some(reason),
        });
    }

    /// Records that the response of a matched interaction could not be served.
    pub(crate) fn response_failed(&mut self, failed: FailedResponse) {
        self.failed_responses.push(failed);
    }

    /// Records a failed TLS handshake.
    pub(crate) fn tls_failed(&mut self, error: String) {
        self.tls_failures += 1;
        self.last_tls_failure = Some(error);
    }

    /// Takes the mounted interactions out, in mount order (for the pact, once the server
    /// is done: they are moved rather than copied, and the journal no longer expects them).
    pub(crate) fn take_interactions(&mut self) -> Vec<HttpInteraction> {
        std::mem::take(&mut self.mounted)
            .into_iter()
            .map(|m| m.interaction)
            .collect()
    }

    /// What went wrong; empty when every interaction was received and nothing else was.
    /// `stopped_early`: the server stopped serving before `finish` asked it to.
    pub(crate) fn report(&self, url: &str, stopped_early: bool) -> MockServerReport {
        let mut notes = Vec::new();
        if let Some(error) = &self.last_tls_failure {
            let plural = if self.tls_failures == 1 { "" } else { "s" };
            notes.push(format!(
                "{} TLS handshake{plural} failed (last: {error}); does the client trust the \
                 server's ca_pem() or use tls_client_config(), and connect with https://?",
                self.tls_failures
            ));
        }
        if stopped_early {
            notes.push(
                "the server stopped serving before finish: the Tokio runtime it ran on was \
                 shut down, so later requests were refused"
                    .to_owned(),
            );
        }
        MockServerReport {
            failed_responses: self.failed_responses.clone(),
            notes,
            warnings: self.warnings.clone(),
            url: url.to_owned(),
            missing: self
                .mounted
                .iter()
                .filter(|m| m.hits == 0)
                .map(|m| MissingInteraction {
                    description: m.interaction.common.description.clone(),
                    provider_states: m.interaction.common.provider_states.clone(),
                    request: m.interaction.request.clone(),
                })
                .collect(),
            unexpected: self.unexpected.clone(),
        }
    }
}

/// True when `actual` certainly does not match `expected` on the request line alone,
/// decided exactly as the engine decides it: the method differs (ignoring case), or the
/// path differs and no path rule could accept it. The engine would say the same after
/// comparing headers and body too, so routing skips it; a mismatch report still gets the
/// engine's full answer.
fn cannot_match(expected: &HttpRequest, actual: &HttpRequest) -> bool {
    if !expected.method.eq_ignore_ascii_case(&actual.method) {
        return true;
    }
    let has_path_rules = expected
        .matching_rules
        .category(Category::Path)
        .is_some_and(|by_path| by_path.values().any(|list| !list.is_empty()));
    !has_path_rules && expected.path != actual.path
}

fn closest_interaction(
    expected: &HttpInteraction,
    actual: &HttpRequest,
    mismatches: Vec<Mismatch>,
) -> ClosestInteraction {
    let body_differs = mismatches
        .iter()
        .any(|m| matches!(m.kind, MismatchKind::Body | MismatchKind::BodyType));
    let body_diff = body_differs
        .then(|| matching::diff::mismatch_diff(&expected.request.body, &actual.body, &mismatches))
        .flatten();
    ClosestInteraction {
        description: expected.common.description.clone(),
        provider_states: expected.common.provider_states.clone(),
        mismatches,
        body_diff,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consumer::{Interaction, Request, Response};
    use crate::matchers::term;

    fn actual(method: &str, path: &str) -> HttpRequest {
        HttpRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            ..HttpRequest::default()
        }
    }

    fn journal(interactions: Vec<Interaction>) -> Journal {
        let mut journal = Journal::default();
        for interaction in interactions {
            journal.mount(interaction.into_model());
        }
        journal
    }

    fn status(routed: &Routed) -> u16 {
        match routed {
            Routed::Ready(response) | Routed::Unexpected(response) => response.status().as_u16(),
            Routed::Generate { response, .. } => response.status,
        }
    }

    /// An interaction using provider-state values in the path, a query parameter, a
    /// request header, the response body and a response header.
    fn with_state_values(interaction: Interaction) -> Interaction {
        use crate::matchers::from_provider_state;
        interaction
            .request(
                Request::new("get", from_provider_state("/users/${id}", "/users/1"))
                    .query("tenant", from_provider_state("${tenant}", "t1"))
                    .header("X-Trace", from_provider_state("${trace}", "abc")),
            )
            .response(
                Response::status(200)
                    .header("Location", from_provider_state("/users/${id}", "/users/1"))
                    .json(crate::json_pattern!({
                        "ps": {"id": from_provider_state("${id}", 42)}
                    })),
            )
    }

    #[test]
    fn provider_state_values_without_any_provider_state_are_warned_about_on_pass_too() {
        let mut journal = journal(vec![with_state_values(Interaction::new("mixed"))]);
        let _ = journal.route(&actual("GET", "/users/1"));

        let report = journal.report("http://x", false);

        let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
        for place in [
            "request, the path",
            "request, query parameter 'tenant'",
            "request, header 'X-Trace'",
            "response, header 'Location'",
            "response, body $.ps.id",
        ] {
            let wanted = format!("interaction \"mixed\": {place}: from_provider_state(");
            assert!(
                warnings.iter().any(|w| w.starts_with(&wanted)
                    && w.contains("no provider state (no `given`)")),
                "no {wanted:?} in {warnings:#?}"
            );
        }
        assert_eq!(warnings.len(), 5, "{warnings:#?}");
        assert!(
            report
                .to_string()
                .contains("a verifier always uses the example"),
            "{report}"
        );
    }

    #[test]
    fn provider_state_values_with_a_provider_state_are_not_warned_about() {
        let given = with_state_values(Interaction::new("given").given("user 7 exists"));
        let with_params = with_state_values(
            Interaction::new("params").given_with_params("a user", serde_json::json!({"id": 7})),
        );
        let journal = journal(vec![given, with_params]);

        assert!(journal.report("http://x", false).warnings.is_empty());
    }

    #[test]
    fn rules_that_reach_nothing_are_warned_about_at_mount_and_kept_for_the_report() {
        let mut model = Interaction::new("an order")
            .given("a cart")
            .request(Request::post("/orders").json(serde_json::json!({"id": 1})))
            .response(Response::status(201).json(serde_json::json!({"ok": true})))
            .into_model();
        for (rules, path) in [
            (&mut model.request.matching_rules, "$.ident"),
            (&mut model.response.matching_rules, "$.ok[0]"),
        ] {
            let path = path.parse().expect("a valid path");
            rules.add(Category::Body, path, crate::model::MatchingRule::Type);
        }
        let mut journal = Journal::default();

        let at_mount: Vec<String> = journal
            .mount(model)
            .iter()
            .map(ToString::to_string)
            .collect();
        let report = journal.report("http://x", false);

        let nothing = "the matching rule selects nothing in the expected";
        assert_eq!(
            at_mount,
            [
                format!(
                    "interaction \"an order\" (given \"a cart\"): request body $.ident: {nothing} \
                     request body, so it never applies to it"
                ),
                format!(
                    "interaction \"an order\" (given \"a cart\"): response body $.ok[0]: {nothing} \
                     response body, so it never applies to it"
                ),
            ]
        );
        let in_report: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(in_report, at_mount);
        assert!(
            report
                .to_string()
                .contains(&format!("\n  warning: {}", at_mount[0])),
            "{report}"
        );
    }

    #[test]
    fn a_path_rule_still_routes_other_paths_and_methods_ignore_case() {
        let mut journal = journal(vec![
            Interaction::new("by regex")
                .request(Request::new("get", term("/users/1", r"^/users/\d+$")))
                .response(Response::status(201)),
        ]);

        let routed = journal.route(&actual("GET", "/users/42"));

        assert_eq!(status(&routed), 201);
        assert!(journal.report("http://x", false).is_empty());
    }

    #[test]
    fn the_first_match_not_yet_received_wins_then_the_first_match() {
        let mut journal = journal(vec![
            Interaction::new("other path")
                .request(Request::get("/b"))
                .response(Response::status(404)),
            Interaction::new("first")
                .given("a")
                .request(Request::get("/a"))
                .response(Response::status(201)),
            Interaction::new("second")
                .given("b")
                .request(Request::get("/a"))
                .response(Response::status(202)),
        ]);

        let statuses: Vec<u16> = (0..3)
            .map(|_| status(&journal.route(&actual("GET", "/a"))))
            .collect();

        assert_eq!(statuses, [201, 202, 201]);
        let report = journal.report("http://x", false);
        assert_eq!(report.missing.len(), 1, "{report}");
        assert_eq!(report.missing[0].description, "other path");
    }

    #[test]
    fn an_unexpected_request_is_recorded_with_the_closest_interaction() {
        let mut journal = journal(vec![
            Interaction::new("post")
                .request(Request::post("/a"))
                .response(Response::ok()),
            Interaction::new("get b")
                .request(Request::get("/b"))
                .response(Response::ok()),
        ]);

        let routed = journal.route(&actual("GET", "/a"));

        assert!(matches!(routed, Routed::Unexpected(_)), "{routed:?}");
        assert_eq!(status(&routed), 500);
        let report = journal.report("http://x", false);
        assert_eq!(report.unexpected.len(), 1);
        let closest = report.unexpected[0].closest.as_ref().expect("a closest");
        // Both differ in one place; the first mounted wins the tie.
        assert_eq!(closest.description, "post");
        assert_eq!(closest.mismatches.len(), 1);
    }
}
