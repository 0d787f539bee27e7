//! The verification of one message interaction, between its state setup and teardown
//! (which `run.rs` does as for HTTP): the actual message from the producer registered for
//! the description or from the message endpoint, then the engine's comparison.

use std::borrow::Cow;

use super::GeneratedPart;
use super::error::{InteractionError, ProducerKind, SharedError};
use super::message::{MessageContext, Producer, ProviderMessage};
use super::message_endpoint;
use super::run::{Acted, Compared, Session, examples_kept};
use super::state::StateValues;
use super::unwind::guarded;
use crate::generators::{self, GeneratorContext};
use crate::matching::{self, Mismatch, MismatchKind, render};
use crate::model::{AsyncMessage, InteractionCommon, MessageContents, SyncMessage};

impl Session {
    pub(super) async fn verify_async_message(
        &self,
        interaction: &AsyncMessage,
        values: StateValues,
    ) -> Result<Acted, InteractionError> {
        let common = &interaction.common;
        let mut notes = Vec::new();
        let expected = expected_message(
            &interaction.message,
            common,
            &values,
            GeneratedPart::ExpectedMessage,
            &mut notes,
        )?;
        let actual = match self.producers.get(&common.description) {
            Some(Producer::Async(producer)) => {
                let produced = async { producer.produce(context(common, values)).await };
                self.limited(&common.description, produced).await?
            }
            Some(Producer::Sync(_)) => {
                return Err(InteractionError::WrongProducer {
                    description: common.description.clone(),
                    registered: ProducerKind::Synchronous,
                });
            }
            None => self.ask_endpoint(common, None).await?,
        };
        Ok((compare(&expected, &actual.into_actual()), notes))
    }

    pub(super) async fn verify_sync_message(
        &self,
        interaction: &SyncMessage,
        values: StateValues,
    ) -> Result<Acted, InteractionError> {
        let common = &interaction.common;
        let mut notes = Vec::new();
        let request = expected_message(
            &interaction.request,
            common,
            &values,
            GeneratedPart::Request,
            &mut notes,
        )?;
        let expected: Vec<Cow<'_, MessageContents>> = interaction
            .response
            .iter()
            .map(|response| {
                expected_message(
                    response,
                    common,
                    &values,
                    GeneratedPart::ExpectedMessage,
                    &mut notes,
                )
            })
            .collect::<Result<_, _>>()?;
        let actual = match self.producers.get(&common.description) {
            Some(Producer::Sync(producer)) => {
                let request = ProviderMessage::from_expected(&request);
                let produced = async { producer.respond(context(common, values), request).await };
                self.limited(&common.description, produced).await?
            }
            Some(Producer::Async(_)) => {
                return Err(InteractionError::WrongProducer {
                    description: common.description.clone(),
                    registered: ProducerKind::Asynchronous,
                });
            }
            None => vec![self.ask_endpoint(common, Some(&request)).await?],
        };
        Ok((compare_responses(&expected, actual), notes))
    }

    /// The producer's future, within the verifier's timeout; a panic of the producer fails
    /// the interaction (the producer is called inside `produced`, so a closure panicking
    /// before it returns a future is caught too).
    async fn limited<T>(
        &self,
        description: &str,
        produced: impl std::future::Future<Output = Result<T, super::BoxError>>,
    ) -> Result<T, InteractionError> {
        let failed = |source| InteractionError::Producer {
            description: description.to_owned(),
            source,
        };
        match tokio::time::timeout(self.timeout, guarded(produced)).await {
            Ok(Ok(Ok(message))) => Ok(message),
            Ok(Ok(Err(error))) => Err(failed(SharedError::new(error))),
            Ok(Err(panic)) => Err(failed(SharedError::panicked(panic))),
            Err(_) => Err(InteractionError::StepTimeout {
                what: format!("the producer of \"{description}\""),
                after: self.timeout,
            }),
        }
    }

    /// The message from the provider's message endpoint (by default its base URL), or the
    /// missing-producer failure of a verifier without a base URL.
    async fn ask_endpoint(
        &self,
        common: &InteractionCommon,
        request: Option<&MessageContents>,
    ) -> Result<ProviderMessage, InteractionError> {
        let Some(url) = &self.message_endpoint else {
            return Err(InteractionError::NoProducer {
                description: common.description.clone(),
            });
        };
        let fetched = message_endpoint::fetch(
            &self.transport,
            url,
            &common.description,
            &common.provider_states,
            request,
        )
        .await;
        fetched.map_err(|mut error| {
            if self.endpoint_is_base_url
                && let InteractionError::MessageEndpoint { message, .. } = &mut error
            {
                message.push_str(
                    " (no message endpoint was set, so the message was asked of the \
                     provider's base URL, as the official verifier does; name the endpoint \
                     with `Verifier::message_endpoint` or `--message-endpoint`, or register \
                     a producer with `Verifier::message`)",
                );
            }
            error
        })
    }
}

fn context(common: &InteractionCommon, values: StateValues) -> MessageContext {
    MessageContext {
        description: common.description.clone(),
        provider_states: common.provider_states.clone(),
        values,
    }
}

/// The expected message with its provider-state values injected (an id a state created),
/// as the verifier does for an HTTP response; other generators make up values the
/// provider cannot know, so the example stays and the rules judge.
fn expected_message<'e>(
    expected: &'e MessageContents,
    common: &InteractionCommon,
    values: &StateValues,
    part: GeneratedPart,
    notes: &mut Vec<crate::Warning>,
) -> Result<Cow<'e, MessageContents>, InteractionError> {
    // Most messages have no generators: compare with the pact's own, without a copy.
    if expected.generators.is_empty() {
        return Ok(Cow::Borrowed(expected));
    }
    let context = GeneratorContext::new()
        .provider_state_values(values.clone())
        .interaction(common.description.clone());
    let generated = generators::generate_expected_message(expected, &context)
        .map_err(|source| InteractionError::Generate { part, source })?;
    notes.extend(examples_kept(part, generated.examples_kept));
    Ok(Cow::Owned(generated.value))
}

fn compare(expected: &MessageContents, actual: &MessageContents) -> Compared {
    let mismatches = matching::match_message(expected, actual);
    let body_diff = body_differs(&mismatches)
        .then(|| matching::diff::mismatch_diff(&expected.contents, &actual.contents, &mismatches))
        .flatten();
    (mismatches, body_diff)
}

fn body_differs(mismatches: &[Mismatch]) -> bool {
    mismatches
        .iter()
        .any(|m| matches!(m.kind, MismatchKind::Body | MismatchKind::BodyType))
}

/// Each expected response against the actual one at its position; with several, every
/// mismatch says which response it is about. A count that differs, fewer or more, is a
/// mismatch of its own, as in the official matcher (pact-reference's `pact_matching`,
/// "Expected a message with N responses"): a response the consumer never expects is as
/// wrong as one missing. A message that expects no response at all (`"response": []`)
/// accepts whatever the producer answers, as that matcher does: its consumer was given
/// no response and reads none, and a provider's message endpoint always answers one.
fn compare_responses(
    expected: &[Cow<'_, MessageContents>],
    actual: Vec<ProviderMessage>,
) -> Compared {
    let total = expected.len();
    let returned = actual.len();
    let mut mismatches = Vec::new();
    if total > 0 && returned != total {
        let description = format!(
            "expected {total} response message{}, but the producer returned {returned}",
            if total == 1 { "" } else { "s" }
        );
        mismatches.push(
            Mismatch::described(MismatchKind::Body, "", description)
                .expected(serde_json::Value::from(total))
                .actual(serde_json::Value::from(returned)),
        );
    }
    let mut diffs = Vec::new();
    for ((index, expected), actual) in expected.iter().enumerate().zip(actual) {
        let (found, diff) = compare(expected, &actual.into_actual());
        let label = format!("response {} of {total}", index + 1);
        for mismatch in found {
            if total > 1 {
                // Said of one response among several: the explanation, after its label.
                let description = format!("{label}: {}", render::explanation(&mismatch));
                mismatches.push(
                    Mismatch::described(mismatch.kind, mismatch.path, description)
                        .expected(mismatch.expected)
                        .actual(mismatch.actual)
                        .rule(mismatch.rule),
                );
            } else {
                mismatches.push(mismatch);
            }
        }
        if let Some(diff) = diff {
            diffs.push(if total > 1 {
                format!("{label}:\n{diff}")
            } else {
                diff
            });
        }
    }
    let body_diff = (!diffs.is_empty()).then(|| diffs.join("\n"));
    (mismatches, body_diff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Body;
    use serde_json::json;

    fn expected(value: serde_json::Value) -> Cow<'static, MessageContents> {
        Cow::Owned(MessageContents {
            contents: Body::json(value),
            ..MessageContents::default()
        })
    }

    #[test]
    fn each_of_several_responses_is_named_in_its_mismatches() {
        let expected = [
            expected(json!({"price": 10})),
            expected(json!({"price": 20})),
        ];
        let actual = vec![
            ProviderMessage::json_value_of(json!({"price": 10})),
            ProviderMessage::json_value_of(json!({"price": 21})),
        ];

        let (mismatches, diff) = compare_responses(&expected, actual);

        assert_eq!(mismatches.len(), 1, "{mismatches:?}");
        assert_eq!(mismatches[0].path, "$.price");
        assert!(
            render::explanation(&mismatches[0]).starts_with("response 2 of 2: "),
            "{}",
            mismatches[0].message()
        );
        assert!(diff.is_some_and(|diff| diff.starts_with("response 2 of 2:\n")));
    }

    #[test]
    fn a_missing_response_is_a_mismatch_counting_what_came() {
        let expected = [expected(json!({"a": 1})), expected(json!({"b": 2}))];
        let actual = vec![ProviderMessage::json_value_of(json!({"a": 1}))];

        let (mismatches, _) = compare_responses(&expected, actual);

        assert_eq!(
            mismatches[0].message(),
            "expected 2 response messages, but the producer returned 1"
        );
    }

    #[test]
    fn extra_responses_are_a_mismatch_counting_what_came() {
        for (expected_count, returned) in [(1, 2), (2, 3), (1, 5)] {
            let expected: Vec<_> = (0..expected_count)
                .map(|_| expected(json!({"a": 1})))
                .collect();
            let actual = (0..returned)
                .map(|_| ProviderMessage::json_value_of(json!({"a": 1})))
                .collect();

            let (mismatches, _) = compare_responses(&expected, actual);

            assert_eq!(mismatches.len(), 1, "{mismatches:?}");
            assert!(
                mismatches[0]
                    .message()
                    .ends_with(&format!("but the producer returned {returned}")),
                "{}",
                mismatches[0].message()
            );
        }
    }

    #[test]
    fn a_message_expecting_no_response_accepts_any_number_of_answers() {
        for returned in [0, 1, 3] {
            let actual = (0..returned)
                .map(|i| ProviderMessage::json_value_of(json!({"n": i})))
                .collect();

            let (mismatches, diff) = compare_responses(&[], actual);

            assert!(mismatches.is_empty(), "{returned}: {mismatches:?}");
            assert!(diff.is_none(), "{returned}");
        }
    }

    #[test]
    fn no_response_at_all_is_a_mismatch() {
        let expected = [expected(json!({"a": 1}))];

        let (mismatches, _) = compare_responses(&expected, Vec::new());

        assert_eq!(
            mismatches[0].message(),
            "expected 1 response message, but the producer returned 0"
        );
    }

    #[test]
    fn a_single_response_keeps_the_engine_sentence() {
        let expected = [expected(json!({"a": 1}))];
        let actual = vec![ProviderMessage::json_value_of(json!({"a": 2}))];

        let (mismatches, _) = compare_responses(&expected, actual);

        assert_eq!(mismatches[0].message(), "$.a: expected 1, found 2");
    }
}
