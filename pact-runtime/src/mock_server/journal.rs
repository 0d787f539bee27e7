//! The interactions a mock server serves, which of them were hit, and the requests that
//! matched none: routing and the record `finish` verifies.

use super::report::{ClosestInteraction, MissingInteraction, MockServerReport, UnexpectedRequest};
use crate::matching::{self, Mismatch, MismatchKind};
use crate::model::{HttpInteraction, HttpRequest, HttpResponse};

/// One mounted interaction and how often it was received.
#[derive(Debug)]
struct Mounted {
    interaction: HttpInteraction,
    hits: usize,
}

/// What one server has seen: mounted interactions in mount order, and unexpected requests
/// in arrival order.
#[derive(Debug, Default)]
pub(crate) struct Journal {
    mounted: Vec<Mounted>,
    unexpected: Vec<UnexpectedRequest>,
}

impl Journal {
    pub(crate) fn mount(&mut self, interaction: HttpInteraction) {
        self.mounted.push(Mounted {
            interaction,
            hits: 0,
        });
    }

    /// Finds the interaction `actual` matches and records the hit; otherwise records the
    /// request as unexpected, with the closest interaction and why it did not match.
    ///
    /// When several interactions match (the same request under different provider states),
    /// the first one not yet received wins, so each of them can be exercised in turn.
    pub(crate) fn route(
        &mut self,
        actual: HttpRequest,
    ) -> Result<(String, HttpResponse), Box<UnexpectedRequest>> {
        let mut first_match = None;
        let mut closest: Option<(usize, Vec<Mismatch>)> = None;
        for (index, mounted) in self.mounted.iter().enumerate() {
            let mismatches = matching::match_request(&mounted.interaction.request, &actual);
            if mismatches.is_empty() {
                if mounted.hits == 0 {
                    first_match = Some(index);
                    break;
                }
                first_match.get_or_insert(index);
            } else if closest
                .as_ref()
                .is_none_or(|(_, fewest)| mismatches.len() < fewest.len())
            {
                closest = Some((index, mismatches));
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
            return Ok((
                mounted.interaction.common.description.clone(),
                mounted.interaction.response.clone(),
            ));
        }
        let closest = closest.map(|(index, mismatches)| {
            let expected = &self.mounted[index].interaction;
            closest_interaction(expected, &actual, mismatches)
        });
        tracing::debug!(method = %actual.method, path = %actual.path, "unexpected request");
        let unexpected = UnexpectedRequest {
            request: actual,
            closest,
            refused: None,
        };
        self.unexpected.push(unexpected.clone());
        Err(Box::new(unexpected))
    }

    /// True when some mounted interaction matches `actual` (nothing is recorded).
    pub(crate) fn matches_any(&self, actual: &HttpRequest) -> bool {
        self.mounted
            .iter()
            .any(|m| matching::match_request(&m.interaction.request, actual).is_empty())
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

    /// The mounted interactions, in mount order.
    pub(crate) fn interactions(&self) -> impl Iterator<Item = &HttpInteraction> {
        self.mounted.iter().map(|m| &m.interaction)
    }

    /// What went wrong; empty when every interaction was received and nothing else was.
    pub(crate) fn report(&self, url: &str) -> MockServerReport {
        MockServerReport {
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

fn closest_interaction(
    expected: &HttpInteraction,
    actual: &HttpRequest,
    mismatches: Vec<Mismatch>,
) -> ClosestInteraction {
    let body_differs = mismatches
        .iter()
        .any(|m| matches!(m.kind, MismatchKind::Body | MismatchKind::BodyType));
    ClosestInteraction {
        description: expected.common.description.clone(),
        provider_states: expected.common.provider_states.clone(),
        mismatches,
        body_diff: body_differs
            .then(|| matching::diff::body_diff(&expected.request.body, &actual.body))
            .flatten(),
    }
}
