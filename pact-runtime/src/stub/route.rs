//! Which interaction answers a request: pure, so the choice is testable without a server.
//!
//! The candidates are the HTTP interactions of every pact, in the order the pacts were
//! given and, within a pact, in file order. A request is answered by the **first**
//! candidate whose request matches it (the matching engine's verdict) and whose provider
//! states pass the filters:
//! - the server's provider-state filter, a regular expression searched in each state's
//!   name (an interaction without states passes only when empty states are included);
//! - the request's provider-state header, when the server names one and the request
//!   carries it: only interactions with a state of exactly that name.
//!
//! Several interactions of one pact often share a request and differ only by provider
//! state (the broker's index resource, for one). File order makes the choice the same on
//! every run; the filters are how a client picks another one.

use regex::Regex;

use crate::matching::{self, Mismatch};
use crate::model::{HttpInteraction, HttpRequest};

/// The interactions a stub serves, and its filters.
#[derive(Debug)]
pub(crate) struct Router {
    interactions: Vec<HttpInteraction>,
    state_filter: Option<Regex>,
    include_empty_states: bool,
}

/// What [`Router::select`] found.
#[derive(Debug)]
pub(crate) enum Selected<'a> {
    /// The interaction that answers.
    Found(&'a HttpInteraction),
    /// No interaction passed the filters and matched; the closest candidate (fewest
    /// mismatches among those the filters let through) and why it did not match.
    NotFound(Option<(&'a HttpInteraction, Vec<Mismatch>)>),
}

impl Router {
    pub(crate) fn new(
        interactions: Vec<HttpInteraction>,
        state_filter: Option<Regex>,
        include_empty_states: bool,
    ) -> Self {
        Router {
            interactions,
            state_filter,
            include_empty_states,
        }
    }

    /// How many interactions are served.
    pub(crate) fn len(&self) -> usize {
        self.interactions.len()
    }

    /// The interaction that answers `actual`; `state` is the value of the request's
    /// provider-state header, when there is one.
    pub(crate) fn select(&self, actual: &HttpRequest, state: Option<&str>) -> Selected<'_> {
        let candidates = self
            .interactions
            .iter()
            .filter(|interaction| self.passes(interaction, state));
        let mut closest: Option<(&HttpInteraction, Vec<Mismatch>)> = None;
        for interaction in candidates {
            let mismatches = matching::match_request(&interaction.request, actual);
            if mismatches.is_empty() {
                return Selected::Found(interaction);
            }
            if closest
                .as_ref()
                .is_none_or(|(_, fewest)| mismatches.len() < fewest.len())
            {
                closest = Some((interaction, mismatches));
            }
        }
        Selected::NotFound(closest)
    }

    fn passes(&self, interaction: &HttpInteraction, header_state: Option<&str>) -> bool {
        let states = &interaction.common.provider_states;
        if let Some(wanted) = header_state
            && !states.iter().any(|state| state.name == wanted)
        {
            return false;
        }
        match &self.state_filter {
            None => true,
            Some(_) if states.is_empty() => self.include_empty_states,
            Some(filter) => states.iter().any(|state| filter.is_match(&state.name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HttpResponse, InteractionCommon, ProviderState};

    fn interaction(
        description: &str,
        state: Option<&str>,
        path: &str,
        status: u16,
    ) -> HttpInteraction {
        HttpInteraction {
            common: InteractionCommon {
                description: description.to_owned(),
                provider_states: state.map(ProviderState::new).into_iter().collect(),
                ..InteractionCommon::default()
            },
            request: HttpRequest {
                path: path.to_owned(),
                ..HttpRequest::default()
            },
            response: HttpResponse {
                status,
                ..HttpResponse::default()
            },
        }
    }

    fn get(path: &str) -> HttpRequest {
        HttpRequest {
            path: path.to_owned(),
            ..HttpRequest::default()
        }
    }

    fn index_router(filter: Option<&str>, include_empty: bool) -> Router {
        Router::new(
            vec![
                interaction("the index", None, "/", 200),
                interaction("the index", Some("relation a exists"), "/", 201),
                interaction("the index", Some("relation b exists"), "/", 202),
                interaction("a user", Some("user 1 exists"), "/users/1", 200),
            ],
            filter.map(|f| Regex::new(f).expect("valid regex")),
            include_empty,
        )
    }

    fn status_of(selected: Selected<'_>) -> Option<u16> {
        match selected {
            Selected::Found(found) => Some(found.response.status),
            Selected::NotFound(_) => None,
        }
    }

    #[test]
    fn the_first_matching_interaction_in_file_order_answers() {
        let router = index_router(None, false);

        assert_eq!(status_of(router.select(&get("/"), None)), Some(200));
        assert_eq!(status_of(router.select(&get("/"), None)), Some(200));
        assert_eq!(status_of(router.select(&get("/users/1"), None)), Some(200));
    }

    #[test]
    fn a_provider_state_filter_picks_among_interactions_with_the_same_request() {
        assert_eq!(
            status_of(index_router(Some("relation b"), false).select(&get("/"), None)),
            Some(202)
        );
        assert_eq!(
            status_of(index_router(Some("^relation"), false).select(&get("/"), None)),
            Some(201)
        );
        // Stateless interactions are left out unless asked for.
        assert_eq!(
            status_of(index_router(Some("nothing like it"), false).select(&get("/"), None)),
            None
        );
        assert_eq!(
            status_of(index_router(Some("nothing like it"), true).select(&get("/"), None)),
            Some(200)
        );
    }

    #[test]
    fn a_provider_state_header_names_the_state_exactly() {
        let router = index_router(None, false);

        assert_eq!(
            status_of(router.select(&get("/"), Some("relation b exists"))),
            Some(202)
        );
        assert_eq!(
            status_of(router.select(&get("/"), Some("relation b"))),
            None
        );
    }

    #[test]
    fn an_unmatched_request_reports_the_closest_candidate() {
        let router = index_router(None, false);

        let Selected::NotFound(Some((closest, mismatches))) = router.select(&get("/users/2"), None)
        else {
            panic!("expected no match with a closest interaction");
        };

        assert_eq!(closest.common.description, "the index");
        assert_eq!(mismatches.len(), 1);
    }
}
