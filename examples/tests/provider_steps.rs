//! The user service's verification through the builder API, looking at what ran: the
//! order of the hooks, states and request filter around each interaction, and one
//! interaction re-run by its description.

use pact_examples::user_service::{self, Service};
use pact_runtime::provider::PactSource;

mod common;

use common::{Calls, verifier};

/// The same verification without the macro, to look at what ran: per interaction the
/// before-each hook, the provider states, the request filter, the state teardown and the
/// after-each hook, in that order.
#[tokio::test]
async fn hooks_states_and_the_filter_run_around_each_interaction_in_order() {
    let service = Service::new();
    let (addr, server) = user_service::spawn(service.clone())
        .await
        .expect("start the user service");
    let calls = Calls::default();
    let pacts = concat!(env!("CARGO_MANIFEST_DIR"), "/pacts");

    let report = verifier(&service, format!("http://{addr}"), &calls)
        .verify(&[PactSource::dir(pacts)])
        .await;
    server.abort();

    report.assert_ok();
    assert_eq!(
        calls.take(),
        [
            "before a request for a missing user",
            "state a user does not exist 99",
            "after a request for a missing user",
            "before a request for the admins",
            "state an admin exists",
            "after a request for the admins",
            "before a request for user 42",
            "state a user exists 42",
            "after a request for user 42",
            "before an authorised request to create a user",
            "filter: fresh token",
            "after an authorised request to create a user",
            "before an unauthorised request to create a user",
            "state the web-app is unauthorised",
            "filter: fresh token",
            "teardown the web-app is unauthorised",
            "after an unauthorised request to create a user",
        ]
    );
    // The teardown reinstated the web app.
    let token = service.tokens.issue("web-app");
    assert_eq!(service.tokens.subject_of(&token), Ok("web-app".to_owned()));
}

/// One interaction can be verified on its own (as `PACT_DESCRIPTION` does from the
/// environment); the others are counted as filtered out, not passed.
#[tokio::test]
async fn one_interaction_can_be_re_run_by_its_description() {
    let service = Service::new();
    let (addr, server) = user_service::spawn(service.clone())
        .await
        .expect("start the user service");
    let pacts = concat!(env!("CARGO_MANIFEST_DIR"), "/pacts");

    let report = verifier(&service, format!("http://{addr}"), &Calls::default())
        .filter_description("^an unauthorised request")
        .verify(&[PactSource::dir(pacts)])
        .await;
    server.abort();

    report.assert_ok();
    let verified: Vec<&str> = report
        .interactions()
        .map(|result| result.description.as_str())
        .collect();
    assert_eq!(verified, ["an unauthorised request to create a user"]);
    assert_eq!(report.pacts[0].filtered_out, 4);
}
