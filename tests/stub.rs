//! The stub server (`pact_runtime::stub`) as a client sees it: TLS with its own authority,
//! CORS pre-flights, the 404 that names the closest interaction, generators applied to
//! responses, the provider-state filters; and FC-16 (field-cases.md) for the broker
//! client: a broker whose certificate the platform does not trust is refused by default
//! with a certificate error, and accepted with its CA or with the explicit insecure mode.
//! A stub built to record requests keeps each one with the interaction that answered it.

use pact_runtime::broker::{BrokerClient, BrokerError};
use pact_runtime::model::Body;
use pact_runtime::model::Pact;
use pact_runtime::stub::{StubError, StubServer};
use serde_json::{Value, json};

fn pact(interactions: Value) -> Pact {
    pact_runtime::model::json::pact_from_json(
        &json!({
            "consumer": {"name": "web-app"}, "provider": {"name": "user-service"},
            "interactions": interactions,
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        }),
        "stub test",
    )
    .expect("valid pact")
}

fn user(state: &str, name: &str) -> Value {
    json!({
        "description": format!("user 42 when {state}"),
        "providerState": state,
        "request": {"method": "GET", "path": "/users/42"},
        "response": {"status": 200, "body": {"name": name}}
    })
}

async fn get(url: &str, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut request = reqwest::Client::new().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the stub answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_first_interaction_in_pact_order_answers_unless_a_state_filter_chooses() {
    let users = pact(json!([
        user("alice exists", "Alice"),
        user("bob exists", "Bob")
    ]));

    let plain = StubServer::builder([users.clone()])
        .start()
        .await
        .expect("starts");
    let filtered = StubServer::builder([users.clone()])
        .provider_state("^bob")
        .start()
        .await
        .expect("starts");
    let by_header = StubServer::builder([users.clone()])
        .provider_state_header("X-Pact-State")
        .start()
        .await
        .expect("starts");

    let path = "/users/42";
    assert_eq!(
        get(&format!("{}{path}", plain.url()), &[]).await.1["name"],
        "Alice"
    );
    assert_eq!(
        get(&format!("{}{path}", filtered.url()), &[]).await.1["name"],
        "Bob"
    );
    let url = format!("{}{path}", by_header.url());
    assert_eq!(
        get(&url, &[("X-Pact-State", "bob exists")]).await.1["name"],
        "Bob"
    );
    assert_eq!(
        get(&url, &[("X-Pact-State", "alice exists")]).await.1["name"],
        "Alice"
    );
    let (status, _) = get(&url, &[("X-Pact-State", "carol exists")]).await;
    assert_eq!(status, 404, "no interaction has that state");
}

#[tokio::test]
async fn a_state_filter_drops_stateless_interactions_unless_asked_and_must_be_a_regex() {
    let health = json!({"description": "health", "request": {"method": "GET", "path": "/health"},
                        "response": {"status": 200, "body": {"ok": true}}});
    let pacts = [pact(json!([user("alice exists", "Alice"), health]))];

    let strict = StubServer::builder(pacts.clone())
        .provider_state("alice")
        .start()
        .await
        .expect("starts");
    let with_empty = StubServer::builder(pacts.clone())
        .provider_state("alice")
        .include_empty_provider_state()
        .start()
        .await
        .expect("starts");

    assert_eq!(get(&format!("{}/health", strict.url()), &[]).await.0, 404);
    assert_eq!(
        get(&format!("{}/health", with_empty.url()), &[]).await.0,
        200
    );
    let invalid = StubServer::builder(pacts)
        .provider_state("(unclosed")
        .start()
        .await
        .expect_err("not a regex");
    assert!(
        matches!(invalid, StubError::InvalidFilter { ref pattern, .. } if pattern == "(unclosed"),
        "{invalid}"
    );
}

#[tokio::test]
async fn an_unmatched_request_gets_a_404_naming_the_closest_interaction_and_its_mismatches() {
    let stub = StubServer::builder([pact(json!([
        user("alice exists", "Alice"),
        {"description": "create a user", "request": {"method": "POST", "path": "/users",
            "headers": {"Content-Type": "application/json"}, "body": {"name": "Carol"}},
         "response": {"status": 201}}
    ]))])
    .start()
    .await
    .expect("starts");

    let (status, body) = get(&format!("{}/users/43", stub.url()), &[]).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "no interaction matches the request");
    assert_eq!(body["request"]["path"], "/users/43");
    assert_eq!(body["closest"]["description"], "user 42 when alice exists");
    assert_eq!(body["closest"]["providerStates"], json!(["alice exists"]));
    assert_eq!(body["closest"]["mismatches"][0]["path"], "path");

    let response = reqwest::Client::new()
        .post(format!("{}/users", stub.url()))
        .json(&json!({"name": "Dave"}))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status().as_u16(), 404);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["closest"]["description"], "create a user");
    let mismatch = &body["closest"]["mismatches"][0];
    assert_eq!(mismatch["path"], "$.name", "{body}");
    // Values are shown as the JSON text the mismatch report uses.
    assert_eq!(
        (&mismatch["expected"], &mismatch["actual"]),
        (&json!("\"Carol\""), &json!("\"Dave\"")),
        "{body}"
    );
}

#[tokio::test]
async fn generators_are_applied_to_every_response() {
    let stub = StubServer::builder([pact(json!([{
        "description": "a created order",
        "request": {"method": "GET", "path": "/orders/latest"},
        "response": {"status": 200, "body": {"id": 0, "code": "x", "self": "http://example/orders/1"},
            "generators": {"body": {
                "$.id": {"type": "RandomInt", "min": 1000, "max": 1999},
                "$.code": {"type": "Regex", "regex": "[A-Z]{3}-[0-9]{4}"},
                "$.self": {"type": "MockServerURL", "example": "http://example/orders/1", "regex": ".*(/orders/\\d+)$"}
            }}}
    }]))])
    .start()
    .await
    .expect("starts");

    let url = format!("{}/orders/latest", stub.url());
    for _ in 0..5 {
        let (status, body) = get(&url, &[]).await;
        assert_eq!(status, 200);
        let id = body["id"].as_i64().expect("an integer id");
        assert!((1000..=1999).contains(&id), "{body}");
        let code = body["code"].as_str().expect("a code");
        let (letters, digits) = code.split_once('-').expect("LLL-DDDD");
        assert!(
            letters.len() == 3 && letters.bytes().all(|b| b.is_ascii_uppercase()),
            "{body}"
        );
        assert!(
            digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()),
            "{body}"
        );
        assert_eq!(body["self"], format!("{}/orders/1", stub.url()), "{body}");
    }
}

#[tokio::test]
async fn cors_preflights_are_answered_only_when_asked_and_real_answers_allow_the_origin() {
    let pacts = [pact(json!([user("alice exists", "Alice")]))];
    let with_cors = StubServer::builder(pacts.clone())
        .cors()
        .start()
        .await
        .expect("starts");
    let without = StubServer::builder(pacts).start().await.expect("starts");
    let preflight = |base: &str| {
        reqwest::Client::new()
            .request(reqwest::Method::OPTIONS, format!("{base}/users/42"))
            .header("Origin", "http://app.example")
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization")
            .send()
    };

    let answered = preflight(with_cors.url()).await.expect("answers");
    assert!(answered.status().is_success(), "{}", answered.status());
    let headers = answered.headers();
    let allowed_origin = headers
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok());
    assert!(
        matches!(allowed_origin, Some("http://app.example" | "*")),
        "{headers:?}"
    );
    assert!(
        headers.contains_key("access-control-allow-methods"),
        "{headers:?}"
    );
    assert_eq!(
        preflight(without.url())
            .await
            .expect("answers")
            .status()
            .as_u16(),
        404
    );

    let real = reqwest::Client::new()
        .get(format!("{}/users/42", with_cors.url()))
        .header("Origin", "http://app.example")
        .send()
        .await
        .expect("answers");
    assert_eq!(real.status().as_u16(), 200);
    assert!(real.headers().contains_key("access-control-allow-origin"));
}

/// A TLS stub broker: the index and the environments, from the broker's documented API.
async fn tls_broker() -> StubServer {
    StubServer::builder([pact(json!([
        {"description": "the index", "request": {"method": "GET", "path": "/"},
         "response": {"status": 200, "body": {"_links": {"pb:environments": {"href": "/environments"}}}}},
        {"description": "the environments", "request": {"method": "GET", "path": "/environments"},
         "response": {"status": 200, "body": {"_embedded": {"environments": [
            {"name": "production", "uuid": "u1", "production": true}]}}}}
    ]))])
    .tls()
    .start()
    .await
    .expect("the TLS stub starts")
}

#[tokio::test]
async fn fc16_a_self_signed_broker_is_refused_by_default_with_a_certificate_error() {
    let broker = tls_broker().await;
    assert!(broker.url().starts_with("https://"));
    for url in [
        broker.url().to_owned(),
        broker.url().replace("127.0.0.1", "localhost"),
    ] {
        let client = BrokerClient::builder(&url)
            .retries(0)
            .build()
            .expect("client");

        let error = client.environments().await.expect_err("untrusted");

        assert!(
            matches!(error, BrokerError::Unreachable { .. }),
            "{error:?}"
        );
        let text = error.to_string().to_lowercase();
        assert!(text.contains("certificate"), "a certificate error: {text}");
        assert!(
            text.contains(&url.to_lowercase()),
            "names the broker: {text}"
        );
    }
}

#[tokio::test]
async fn fc16_a_self_signed_broker_is_accepted_with_its_ca_or_the_explicit_insecure_mode() {
    let broker = tls_broker().await;
    let ca = broker.ca_pem().expect("a TLS stub has a CA").to_owned();
    let trusting = BrokerClient::builder(broker.url())
        .root_certificate_pem(ca.clone())
        .retries(0)
        .build()
        .expect("client");
    let by_name = BrokerClient::builder(broker.url().replace("127.0.0.1", "localhost"))
        .root_certificate_pem(ca)
        .retries(0)
        .build()
        .expect("client");
    let insecure = BrokerClient::builder(broker.url())
        .danger_accept_invalid_certificates()
        .retries(0)
        .build()
        .expect("client");

    for client in [trusting, by_name, insecure] {
        let environments = client.environments().await.expect("trusted");
        assert_eq!(
            environments
                .iter()
                .map(|e| e.name.as_str())
                .collect::<Vec<_>>(),
            ["production"]
        );
    }
}

#[tokio::test]
async fn fc16_a_ca_that_is_not_a_certificate_is_a_settings_error_not_a_silent_default() {
    let error = BrokerClient::builder("https://broker.example")
        .root_certificate_pem("not a certificate")
        .build()
        .expect_err("no certificate in the document");

    assert!(matches!(error, BrokerError::Tls(_)), "{error:?}");
}

fn results_pact() -> Pact {
    pact(json!([{
        "description": "publish a result",
        "request": {
            "method": "POST", "path": "/results",
            "headers": {"Content-Type": "application/json"},
            "body": {"success": true},
            "matchingRules": {"$.body.success": {"match": "type"}}
        },
        "response": {"status": 201, "body": {}}
    }]))
}

#[tokio::test]
async fn a_recording_stub_keeps_each_request_with_the_interaction_that_answered_it() {
    let stub = StubServer::builder([results_pact()])
        .record_requests()
        .start()
        .await
        .expect("starts");
    let client = reqwest::Client::new();

    let published = client
        .post(format!("{}/results", stub.url()))
        .json(&json!({"success": false}))
        .send()
        .await
        .expect("answered");
    let unknown = client
        .get(format!("{}/results?page=2", stub.url()))
        .send()
        .await
        .expect("answered");

    assert_eq!(published.status().as_u16(), 201);
    assert_eq!(unknown.status().as_u16(), 404);
    let received = stub.received_requests();
    assert_eq!(received.len(), 2, "{received:#?}");
    assert_eq!(received[0].request.method, "POST");
    assert_eq!(received[0].request.path, "/results");
    assert_eq!(
        received[0].request.body,
        Body::Json {
            value: json!({"success": false}),
            content_type: Some("application/json".to_owned())
        }
    );
    assert_eq!(received[0].interaction.as_deref(), Some("publish a result"));
    assert_eq!(received[0].status, 201);
    assert_eq!(received[1].request.method, "GET");
    assert_eq!(
        received[1]
            .request
            .query
            .as_ref()
            .and_then(|q| q.get("page")),
        Some(&vec!["2".to_owned()])
    );
    assert_eq!(received[1].interaction, None);
    assert_eq!(received[1].status, 404);
}

#[tokio::test]
async fn a_stub_records_nothing_unless_asked_and_a_preflight_is_recorded_as_its_own_answer() {
    let silent = StubServer::builder([results_pact()])
        .start()
        .await
        .expect("starts");
    let cors = StubServer::builder([results_pact()])
        .cors()
        .record_requests()
        .start()
        .await
        .expect("starts");
    let client = reqwest::Client::new();

    for stub in [&silent, &cors] {
        client
            .request(reqwest::Method::OPTIONS, format!("{}/results", stub.url()))
            .header("Origin", "http://web.example")
            .header("Access-Control-Request-Method", "POST")
            .send()
            .await
            .expect("answered");
    }

    assert!(silent.received_requests().is_empty());
    let received = cors.received_requests();
    assert_eq!(received.len(), 1, "{received:#?}");
    assert_eq!(received[0].request.method, "OPTIONS");
    assert_eq!(received[0].interaction, None);
    assert!(
        (200..300).contains(&received[0].status),
        "a pre-flight is answered: {}",
        received[0].status
    );
}
