//! Pact Broker steps of the HTTP provider features (`… is to be verified from a Pact
//! broker`, publishing of verification results): each pact to verify is served by a broker
//! of its own, a [`StubServer`] on loopback answering from the suite's
//! `pact-broker_c{N}.json` fixture, and verified through the verifier's broker source
//! ([`BrokerSource`]); results are published with
//! [`BrokerClient::publish_verification_results`] and checked in the requests the stub
//! recorded.
//!
//! The fixtures describe the broker's index, pacts-for-verification and results
//! resources, but not the pact document their pacts-for-verification links to. As the
//! official suite's own steps do (pact-reference, `compatibility-suite`), the step adds
//! that interaction: `GET /pacts/provider/p/consumer/c_N` answers the pact of interaction
//! N (consumer `c_N`, provider `p`, the interaction with the id `IDN`), with its
//! `pb:publish-verification-results` link pointing back at the same stub.

use pact_runtime::broker::{BrokerClient, BrokerSource, ProviderVersion};
use pact_runtime::model::{
    Body, HttpInteraction, HttpRequest, HttpResponse, Interaction, InteractionCommon, Pact,
    SpecVersion,
};
use pact_runtime::provider::{PactSource, VerificationReport};
use pact_runtime::stub::{ReceivedRequest, StubServer};
use serde_json::{Value, json};

use super::http_consumer::interaction;
use super::{StepCall, StepDef, StepResult, World};

/// The address the pact document's links are written with; the stub serves it as its own.
const RECORDED_BROKER: &str = "http://localhost:1234";

/// The provider version results are published for.
const PROVIDER_VERSION: &str = "1.2.3";

/// The brokers of a scenario and what was published to them.
#[derive(Default)]
pub struct State {
    /// One stub broker per pact to verify, with a client of it.
    brokers: Vec<(StubServer, BrokerClient)>,
    /// `publishing of verification results is enabled`.
    publish: bool,
}

/// Adds the broker steps.
pub fn register(steps: &mut Vec<StepDef>) {
    steps.push(StepDef::new(
        r"a Pact file for interaction (\d+) is to be verified from a Pact broker",
        pact_from_broker,
    ));
    steps.push(StepDef::new(
        "publishing of verification results is enabled",
        |world, _step| {
            world.broker.publish = true;
            Ok(())
        },
    ));
    steps.push(StepDef::new(
        r"a (successful|failed) verification result will be published back for (?:the )?interaction \{(\d+)\}",
        result_published,
    ));
    steps.push(StepDef::new(
        "a verification result will NOT be published back",
        nothing_published,
    ));
}

/// The sources of the scenario's brokers, verified beside its pact files.
pub fn sources(world: &World) -> Vec<PactSource> {
    world
        .broker
        .brokers
        .iter()
        .map(|(_, client)| PactSource::from(BrokerSource::new(client.clone())))
        .collect()
}

/// Publishes the results of `report` when the scenario enabled it. Each pact's result goes
/// to the link its own broker gave, so one client serves them all.
///
/// # Errors
/// The broker client's error, with the requests the brokers received.
pub fn publish(world: &World, report: &VerificationReport) -> StepResult {
    if !world.broker.publish {
        return Ok(());
    }
    let Some((_, client)) = world.broker.brokers.first() else {
        return Ok(());
    };
    let version = ProviderVersion::new(PROVIDER_VERSION);
    world
        .runtime
        .block_on(client.publish_verification_results(report, &version))
        .map(|_| ())
        .map_err(|error| {
            format!(
                "publishing the verification results failed: {error}\nthe brokers received:\n{}",
                received_text(world)
            )
        })
}

/// `a Pact file for interaction N is to be verified from a Pact broker`.
fn pact_from_broker(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let number = step.num(0)?;
    let mut verified = interaction(world, number)?;
    verified.common.id = Some(format!("ID{number}"));
    let consumer = format!("c_{number}");
    let mut pact = Pact::new(consumer.clone(), "p");
    pact.interactions.push(Interaction::Http(verified));
    let mut document =
        pact_runtime::model::json::pact_to_json(&pact, world.spec.max(SpecVersion::V2))
            .map_err(|e| format!("cannot write the pact of {consumer}: {e}"))?;
    let pact_path = format!("/pacts/provider/p/consumer/{consumer}");
    document["_links"] = json!({
        "pb:publish-verification-results": {
            "title": "Publish verification results",
            "href": format!("{RECORDED_BROKER}{pact_path}/verification-results"),
        }
    });

    let fixture = world.fixture(&format!("pact-broker_c{number}.json"));
    let mut broker_pact = pact_runtime::model::file::load(&fixture)
        .map_err(|e| format!("cannot read the broker fixture {}: {e}", fixture.display()))?;
    broker_pact
        .interactions
        .push(Interaction::Http(HttpInteraction {
            common: InteractionCommon {
                description: format!("a request for the pact of {consumer}"),
                ..InteractionCommon::default()
            },
            request: HttpRequest {
                method: "GET".to_owned(),
                path: pact_path,
                ..HttpRequest::default()
            },
            response: HttpResponse {
                status: 200,
                headers: [(
                    "Content-Type".to_owned(),
                    vec!["application/json".to_owned()],
                )]
                .into_iter()
                .collect(),
                body: Body::Json {
                    value: document,
                    content_type: Some("application/json".to_owned()),
                },
                ..HttpResponse::default()
            },
        }));

    let stub = world
        .runtime
        .block_on(
            StubServer::builder([broker_pact])
                .serve_as_own_url(RECORDED_BROKER)
                .record_requests()
                .start(),
        )
        .map_err(|e| format!("the stub broker cannot start: {e}"))?;
    let client = BrokerClient::builder(stub.url())
        .retries(0)
        .build()
        .map_err(|e| format!("no client for the stub broker: {e}"))?;
    world.broker.brokers.push((stub, client));
    Ok(())
}

/// Every request the scenario's brokers received.
fn received(world: &World) -> Vec<ReceivedRequest> {
    world
        .broker
        .brokers
        .iter()
        .flat_map(|(stub, _)| stub.received_requests())
        .collect()
}

fn received_text(world: &World) -> String {
    received(world)
        .iter()
        .map(|r| match &r.interaction {
            Some(interaction) => format!(
                "  {} {} → {} ({interaction})",
                r.request.method, r.request.path, r.status
            ),
            // What no fixture interaction accepted is what needs reading.
            None => format!(
                "  {} {} → {} (no interaction), body {}",
                r.request.method,
                r.request.path,
                r.status,
                String::from_utf8_lossy(&r.request.body.to_bytes())
            ),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_result(request: &ReceivedRequest) -> bool {
    request.request.method == "POST" && request.request.path.ends_with("/verification-results")
}

/// `a successful|failed verification result will be published back for interaction {N}`:
/// the results resource of `c_N` received a result with that outcome, and a fixture
/// interaction (which describes what the broker accepts) answered it.
fn result_published(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let success = step.arg(0) == "successful";
    let path = format!(
        "/pacts/provider/p/consumer/c_{}/verification-results",
        step.arg(1)
    );
    let published: Vec<ReceivedRequest> = received(world)
        .into_iter()
        .filter(|r| is_result(r) && r.request.path == path)
        .collect();
    let accepted = published.iter().any(|r| {
        let flag = match &r.request.body {
            Body::Json { value, .. } => value.get("success").and_then(Value::as_bool),
            _ => None,
        };
        r.interaction.is_some() && flag == Some(success)
    });
    if accepted {
        Ok(())
    } else {
        Err(format!(
            "no {} result was accepted at {path}; the brokers received:\n{}\nthe results sent: {:#?}",
            step.arg(0),
            received_text(world),
            published
                .iter()
                .map(|r| &r.request.body)
                .collect::<Vec<_>>()
        ))
    }
}

/// `a verification result will NOT be published back`.
fn nothing_published(world: &mut World, _step: &StepCall<'_>) -> StepResult {
    if received(world).iter().any(is_result) {
        Err(format!(
            "a verification result was published:\n{}",
            received_text(world)
        ))
    } else {
        Ok(())
    }
}
