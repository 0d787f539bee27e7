//! The pact files we write, read back by the official Pact implementation's reader
//! (`pact_models`, the model crate of pact-foundation/pact-reference) as a test oracle.
//!
//! Pacts are built the way users build them: through the consumer DSL and a mock server
//! that real HTTP requests satisfy, in V2, V3 and V4; message pacts (which no mock server
//! writes) through our model and its file writer. Each file must load without error, and
//! what the official reader sees must be what we meant: names, interactions, provider
//! states with their parameters, requests and responses, the matching rules at the paths
//! we wrote with the right kinds, and the generators.

use std::collections::HashMap;
use std::panic::RefUnwindSafe;
use std::path::{Path, PathBuf};

use pact_models::HttpStatus;
use pact_models::PactSpecification;
use pact_models::bodies::OptionalBody;
use pact_models::expression_parser::DataType as OfficialDataType;
use pact_models::generators::{
    Generator as OfficialGenerator, GeneratorCategory, Generators, UuidFormat as OfficialUuidFormat,
};
use pact_models::matchingrules::{MatchingRule as Official, MatchingRules, RuleList, RuleLogic};
use pact_models::pact::Pact as OfficialPact;
use pact_models::path_exp::{DocPath as OfficialPath, PathToken as OfficialToken};
use pact_models::provider_states::ProviderState as OfficialState;
use pact_models::v4::interaction::V4Interaction;
use pact_models::v4::pact::V4Pact;
use pact_models::verify_json::{PactJsonVerifier, ResultLevel};
use pact_runtime::consumer::{Interaction, Multipart, Request, Response};
use pact_runtime::json_pattern;
use pact_runtime::matchers::{
    self, Pattern, array_containing, boolean, content_type, date, date_expression, datetime,
    datetime_expression, decimal, each_key, each_like, each_like_between, each_like_max,
    each_value, equal_to, formats, from_provider_state, include, integer, like, mock_server_url,
    not_empty, nullable, number, random_boolean, random_decimal, random_from_regex, random_hex,
    random_integer, random_string, random_uuid, semver, status_code, term, time_expression, values,
};
use pact_runtime::mock_server::MockServer;
use pact_runtime::model::{
    self, AsyncMessage, Body, Category, DocPath, InteractionCommon, MatchingRule,
    MatchingRules as OurRules, MessageContents, Pact, ProviderState, SpecVersion, StatusClass,
    SyncMessage, UuidFormat, WriteMode,
};
use serde_json::{Value, json};

type Loaded = Box<dyn OfficialPact + Send + Sync + RefUnwindSafe>;

/// The 8-byte PNG signature: enough for content-type detection.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

// ---------------------------------------------------------------------------------------
// Reading with the official implementation
// ---------------------------------------------------------------------------------------

/// The pact at `path` as `pact_models` reads it; a refusal fails the test with the file.
/// The file is printed too: libtest shows it beside any later failed assertion.
fn read_official(path: &Path) -> Loaded {
    println!(
        "{}:\n{}",
        path.display(),
        std::fs::read_to_string(path).unwrap_or_default()
    );
    pact_models::pact::read_pact(path)
        .unwrap_or_else(|error| panic!("pact_models refuses {}: {error:#}", path.display()))
}

fn file_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("the pact file exists");
    serde_json::from_str(&text).expect("the pact file is JSON")
}

/// The errors and warnings `pact_models`' own pact-file checker reports for a V2/V3 pact,
/// in strict mode (unexpected attributes are errors).
fn checker_findings<V: PactJsonVerifier>(path: &Path, spec: PactSpecification) -> Vec<String> {
    V::verify_json("", &file_json(path), true, spec)
        .into_iter()
        .filter(|r| matches!(r.level, ResultLevel::ERROR | ResultLevel::WARNING))
        .map(|r| format!("{:?} {}: {}", r.level, r.path, r.message))
        .collect()
}

/// The field names of a document path, without the root (`$.a.b` → `["a", "b"]`).
fn fields(path: &OfficialPath) -> Vec<String> {
    path.tokens()
        .iter()
        .filter_map(|t| match t {
            OfficialToken::Field(name) => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// The rules `pact_models` holds in `category` at `path`: a JSON path for bodies,
/// a name for headers, query parameters and message metadata (whose keys differ between
/// the V2 and V3 layouts), and `""` for the path and status.
fn rules_at(rules: &MatchingRules, category: &str, path: &str) -> RuleList {
    let cat = rules
        .rules_for_category(category)
        .unwrap_or_else(|| panic!("no `{category}` rules; the rules are {rules:?}"));
    let found = match category {
        "header" | "query" | "metadata" => cat
            .rules
            .iter()
            .find(|(key, _)| fields(key) == [path.to_owned()]),
        "path" | "status" => {
            assert_eq!(cat.rules.len(), 1, "one `{category}` entry: {cat:?}");
            cat.rules.iter().next()
        }
        _ => {
            let wanted = OfficialPath::new(path).expect("a valid path");
            cat.rules.iter().find(|(key, _)| **key == wanted)
        }
    };
    found
        .map(|(_, list)| list.clone())
        .unwrap_or_else(|| panic!("no `{category}` rule at {path}; the rules are {cat:?}"))
}

/// The one rule at `path`.
fn rule_at(rules: &MatchingRules, category: &str, path: &str) -> Official {
    let list = rules_at(rules, category, path);
    assert_eq!(
        list.rules.len(),
        1,
        "one rule at {category} {path}: {list:?}"
    );
    list.rules[0].clone()
}

/// The generator `pact_models` holds in `category` at `path` (keys as for [`rules_at`]).
fn generator_at(
    generators: &Generators,
    category: &GeneratorCategory,
    path: &str,
) -> OfficialGenerator {
    let cat = generators
        .categories
        .get(category)
        .unwrap_or_else(|| panic!("no {category:?} generators; they are {generators:?}"));
    let found = match category {
        GeneratorCategory::HEADER | GeneratorCategory::QUERY | GeneratorCategory::METADATA => {
            cat.iter().find(|(key, _)| fields(key) == [path.to_owned()])
        }
        GeneratorCategory::PATH | GeneratorCategory::STATUS | GeneratorCategory::METHOD => {
            assert_eq!(cat.len(), 1, "one {category:?} generator: {cat:?}");
            cat.iter().next()
        }
        GeneratorCategory::BODY => {
            let wanted = OfficialPath::new(path).expect("a valid path");
            cat.iter().find(|(key, _)| **key == wanted)
        }
    };
    found
        .map(|(_, generator)| generator.clone())
        .unwrap_or_else(|| panic!("no {category:?} generator at {path}; they are {cat:?}"))
}

fn state(name: &str, params: Value) -> OfficialState {
    OfficialState {
        name: name.to_owned(),
        params: params
            .as_object()
            .expect("params are an object")
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

fn body_bytes(body: &OptionalBody) -> Vec<u8> {
    body.value()
        .unwrap_or_else(|| panic!("a body, found {body:?}"))
        .to_vec()
}

fn body_json(body: &OptionalBody) -> Value {
    serde_json::from_slice(&body_bytes(body))
        .unwrap_or_else(|e| panic!("a JSON body ({e}): {body:?}"))
}

fn content_type_of(body: &OptionalBody) -> String {
    match body {
        OptionalBody::Present(_, Some(content_type), _) => content_type.to_string(),
        other => panic!("a body with a content type, found {other:?}"),
    }
}

/// The one item whose description is `wanted` (files list interactions in our writer's
/// order, which these tests do not depend on).
fn named<'a, T>(items: &'a [T], description: fn(&T) -> &String, wanted: &str) -> &'a T {
    let mut found = items.iter().filter(|item| description(item) == wanted);
    let item = found
        .next()
        .unwrap_or_else(|| panic!("no interaction described as {wanted:?}"));
    assert!(
        found.next().is_none(),
        "one interaction described as {wanted:?}"
    );
    item
}

/// The one V4 interaction whose description is `wanted`.
fn v4_named<'a>(
    pact: &'a V4Pact,
    wanted: &str,
) -> &'a (dyn V4Interaction + Send + Sync + RefUnwindSafe) {
    let mut found = pact
        .interactions
        .iter()
        .filter(|i| i.description() == wanted);
    let interaction = found
        .next()
        .unwrap_or_else(|| panic!("no interaction described as {wanted:?}"));
    assert!(
        found.next().is_none(),
        "one interaction described as {wanted:?}"
    );
    interaction.as_ref()
}

/// The sub-rules of an `eachKey` / `eachValue` definition, as their debug text.
fn definition_rules(rule: &Official) -> Vec<String> {
    match rule {
        Official::EachKey(definition) | Official::EachValue(definition) => {
            definition.rules.iter().map(|r| format!("{r:?}")).collect()
        }
        other => panic!("eachKey or eachValue, found {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Writing the way users do
// ---------------------------------------------------------------------------------------

/// A mock server for `consumer` → `provider` that writes `version` into `dir`.
fn server(dir: &Path, consumer: &str, provider: &str, version: SpecVersion) -> MockServer {
    MockServer::builder(Pact::new(consumer, provider))
        .output_dir(dir)
        .spec_version(version)
        .start()
        .expect("the mock server starts")
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::new()
}

fn send(
    request: reqwest::blocking::RequestBuilder,
    expected_status: u16,
) -> reqwest::blocking::Response {
    let response = request.send().expect("the mock server answers");
    assert_eq!(
        response.status().as_u16(),
        expected_status,
        "the mock server's answer"
    );
    response
}

fn finish(server: MockServer) -> PathBuf {
    server
        .finish()
        .unwrap_or_else(|e| panic!("the consumer test passes and writes its pact: {e}"))
        .path
}

fn write_with_our_model(pact: &Pact, dir: &Path, version: SpecVersion) -> PathBuf {
    model::file::write(pact, dir, version, WriteMode::Overwrite)
        .unwrap_or_else(|e| panic!("our writer writes the pact as {version}: {e}"))
}

// ---------------------------------------------------------------------------------------
// V2
// ---------------------------------------------------------------------------------------

fn v2_pact(dir: &Path) -> PathBuf {
    let server = server(dir, "web-app", "user-service", SpecVersion::V2);
    Interaction::new("a request for user 42")
        .given("user 42 exists")
        .request(
            Request::get(term("/users/42", r"^/users/\d+$"))
                .query("fields", term("name", r"^\w+$"))
                .header("Accept", term("application/json", r"^application/.*json$")),
        )
        .response(
            Response::ok()
                .header("X-Request-Id", like("r-1"))
                .json(json_pattern!({
                    "id": like(42),
                    "email": term("alice@example.com", r"^[^@]+@[^@]+\.\w+$"),
                    "roles": each_like(json_pattern!({"name": like("admin")}), 1),
                })),
        )
        .mount(&server);
    Interaction::new("a request to create Alice")
        .given("no users")
        .request(Request::post("/users").json(json!({"name": "Alice"})))
        .response(Response::created().json(json_pattern!({"id": like(7)})))
        .mount(&server);

    send(
        client()
            .get(server.url_for("/users/42?fields=name"))
            .header("Accept", "application/json"),
        200,
    );
    send(
        client()
            .post(server.url_for("/users"))
            .json(&json!({"name": "Alice"})),
        201,
    );
    finish(server)
}

#[test]
fn a_v2_pact_from_the_mock_server_is_read_by_pact_models_with_its_matchers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = v2_pact(dir.path());

    let pact = read_official(&path);

    assert_eq!(pact.specification_version(), PactSpecification::V2);
    assert_eq!(pact.consumer().name, "web-app");
    assert_eq!(pact.provider().name, "user-service");
    let pact = pact
        .as_request_response_pact()
        .expect("a request/response pact");
    assert_eq!(pact.interactions.len(), 2);

    let create = named(
        &pact.interactions,
        |i| &i.description,
        "a request to create Alice",
    );
    assert_eq!(create.description, "a request to create Alice");
    assert_eq!(create.provider_states, [state("no users", json!({}))]);
    assert_eq!(create.request.method, "POST");
    assert_eq!(create.request.path, "/users");
    assert_eq!(body_json(&create.request.body), json!({"name": "Alice"}));
    assert_eq!(create.response.status, 201);
    assert_eq!(
        rule_at(&create.response.matching_rules, "body", "$.id"),
        Official::Type
    );

    let user = named(
        &pact.interactions,
        |i| &i.description,
        "a request for user 42",
    );
    assert_eq!(user.description, "a request for user 42");
    assert_eq!(user.provider_states, [state("user 42 exists", json!({}))]);
    assert_eq!(user.request.method, "GET");
    assert_eq!(user.request.path, "/users/42");
    assert_eq!(
        user.request.query,
        Some(HashMap::from([(
            "fields".to_owned(),
            vec![Some("name".to_owned())]
        )]))
    );
    let request_rules = &user.request.matching_rules;
    assert_eq!(
        rule_at(request_rules, "path", ""),
        Official::Regex(r"^/users/\d+$".to_owned())
    );
    assert_eq!(
        rule_at(request_rules, "query", "fields"),
        Official::Regex(r"^\w+$".to_owned())
    );
    assert_eq!(
        rule_at(request_rules, "header", "Accept"),
        Official::Regex(r"^application/.*json$".to_owned())
    );
    assert_eq!(user.response.status, 200);
    assert_eq!(
        body_json(&user.response.body),
        json!({"id": 42, "email": "alice@example.com", "roles": [{"name": "admin"}]})
    );
    let response_rules = &user.response.matching_rules;
    assert_eq!(rule_at(response_rules, "body", "$.id"), Official::Type);
    assert_eq!(
        rule_at(response_rules, "body", "$.email"),
        Official::Regex(r"^[^@]+@[^@]+\.\w+$".to_owned())
    );
    assert_eq!(
        rule_at(response_rules, "body", "$.roles"),
        Official::MinType(1)
    );
    assert_eq!(
        rule_at(response_rules, "body", "$.roles[*].name"),
        Official::Type
    );
    assert_eq!(
        rule_at(response_rules, "header", "X-Request-Id"),
        Official::Type
    );
}

#[test]
fn pact_models_strict_checker_finds_nothing_wrong_in_our_v2_pact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = v2_pact(dir.path());

    let findings = checker_findings::<pact_models::sync_pact::RequestResponsePact>(
        &path,
        PactSpecification::V2,
    );

    assert_eq!(findings, Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------
// V3
// ---------------------------------------------------------------------------------------

fn v3_pact(dir: &Path) -> PathBuf {
    let server = server(dir, "web-app", "account-service", SpecVersion::V3);
    Interaction::new("a request for account 7")
        .given_with_params("an account exists", json!({"id": 7, "owner": "Alice"}))
        .given("the clock is fixed")
        .request(
            Request::get(from_provider_state("/accounts/${id}", "/accounts/7"))
                .query("since", date("yyyy-MM-dd", "2024-01-01"))
                .header("Authorization", term("Bearer abc", r"^Bearer \w+$"))
                .header("X-Owner", from_provider_state("${owner}", "Alice")),
        )
        .response(
            Response::ok()
                .header(
                    "Location",
                    mock_server_url("http://localhost:8080/accounts/7", r".*(/accounts/\d+)$"),
                )
                .json(json_pattern!({
                    "id": integer(7),
                    "balance": decimal(10.5),
                    "email": term("alice@example.com", r"^[^@]+@[^@]+\.\w+$"),
                    "opened": date("yyyy-MM-dd", "2000-01-31"),
                    "seen": datetime("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-05-01T10:00:00Z"),
                    "bio": include("Alice"),
                    "closed": matchers::null(),
                    "kind": equal_to("personal"),
                    "limits": values(json_pattern!({"daily": like(100)})),
                    "tags": each_like_between("gold", 1, 3),
                    "score": random_integer(1, 100),
                    "due": date_expression("yyyy-MM-dd", "today + 14 days"),
                    "cutoff": time_expression("HH:mm", "now + 1 hour"),
                    "token": random_hex(8),
                    "ref": random_uuid(UuidFormat::LowerCaseHyphenated),
                })),
        )
        .mount(&server);
    Interaction::new("a login form")
        .request(
            Request::post("/login")
                .form([("user", like("alice")), ("remember", Pattern::from("yes"))]),
        )
        .response(Response::ok().text("welcome"))
        .mount(&server);
    Interaction::new("a statement as XML")
        .request(Request::get("/statement"))
        .response(Response::ok().xml("<statement><id>1</id></statement>"))
        .mount(&server);

    send(
        client()
            .get(server.url_for("/accounts/7?since=2024-03-04"))
            .header("Authorization", "Bearer xyz")
            .header("X-Owner", "Alice"),
        200,
    );
    send(
        client()
            .post(server.url_for("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("user=bob&remember=yes"),
        200,
    );
    send(client().get(server.url_for("/statement")), 200);
    finish(server)
}

#[test]
fn a_v3_pact_from_the_mock_server_is_read_by_pact_models_with_states_rules_and_generators() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = v3_pact(dir.path());

    let pact = read_official(&path);

    assert_eq!(pact.specification_version(), PactSpecification::V3);
    assert_eq!(pact.consumer().name, "web-app");
    assert_eq!(pact.provider().name, "account-service");
    let pact = pact
        .as_request_response_pact()
        .expect("a request/response pact");
    let descriptions: Vec<&str> = pact
        .interactions
        .iter()
        .map(|i| i.description.as_str())
        .collect();
    assert_eq!(
        descriptions,
        [
            "a login form",
            "a request for account 7",
            "a statement as XML"
        ]
    );

    let account = named(
        &pact.interactions,
        |i| &i.description,
        "a request for account 7",
    );
    assert_eq!(
        account.provider_states,
        [
            state("an account exists", json!({"id": 7, "owner": "Alice"})),
            state("the clock is fixed", json!({})),
        ]
    );
    let request = &account.request;
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/accounts/7");
    assert_eq!(
        rule_at(&request.matching_rules, "query", "since"),
        Official::Date("yyyy-MM-dd".to_owned())
    );
    assert_eq!(
        rule_at(&request.matching_rules, "header", "Authorization"),
        Official::Regex(r"^Bearer \w+$".to_owned())
    );
    assert_eq!(
        generator_at(&request.generators, &GeneratorCategory::PATH, ""),
        OfficialGenerator::ProviderStateGenerator(
            "/accounts/${id}".to_owned(),
            Some(OfficialDataType::STRING)
        )
    );
    assert_eq!(
        generator_at(&request.generators, &GeneratorCategory::HEADER, "X-Owner"),
        OfficialGenerator::ProviderStateGenerator(
            "${owner}".to_owned(),
            Some(OfficialDataType::STRING)
        )
    );

    let response = &account.response;
    assert_eq!(response.status, 200);
    let body = body_json(&response.body);
    assert_eq!(body["id"], 7);
    assert_eq!(body["kind"], "personal");
    let rules = &response.matching_rules;
    let expected_rules = [
        ("$.id", Official::Integer),
        ("$.balance", Official::Decimal),
        ("$.email", Official::Regex(r"^[^@]+@[^@]+\.\w+$".to_owned())),
        ("$.opened", Official::Date("yyyy-MM-dd".to_owned())),
        (
            "$.seen",
            Official::Timestamp("yyyy-MM-dd'T'HH:mm:ssXXX".to_owned()),
        ),
        ("$.bio", Official::Include("Alice".to_owned())),
        ("$.closed", Official::Null),
        ("$.kind", Official::Equality),
        ("$.limits", Official::Values),
        ("$.limits.*", Official::Type),
        ("$.tags", Official::MinMaxType(1, 3)),
        ("$.score", Official::Integer),
        ("$.due", Official::Date("yyyy-MM-dd".to_owned())),
        ("$.cutoff", Official::Time("HH:mm".to_owned())),
        ("$.token", Official::Regex("^[0-9a-fA-F]{8}$".to_owned())),
    ];
    for (at, expected) in expected_rules {
        assert_eq!(rule_at(rules, "body", at), expected, "the rule at {at}");
    }
    assert_eq!(
        rule_at(rules, "header", "Location"),
        Official::Regex(r".*(/accounts/\d+)$".to_owned())
    );
    let generators = &response.generators;
    let expected_generators = [
        ("$.score", OfficialGenerator::RandomInt(1, 100)),
        (
            "$.due",
            OfficialGenerator::Date(
                Some("yyyy-MM-dd".to_owned()),
                Some("today + 14 days".to_owned()),
            ),
        ),
        (
            "$.cutoff",
            OfficialGenerator::Time(Some("HH:mm".to_owned()), Some("now + 1 hour".to_owned())),
        ),
        ("$.token", OfficialGenerator::RandomHexadecimal(8)),
        (
            "$.ref",
            OfficialGenerator::Uuid(Some(OfficialUuidFormat::LowerCaseHyphenated)),
        ),
    ];
    for (at, expected) in expected_generators {
        assert_eq!(
            generator_at(generators, &GeneratorCategory::BODY, at),
            expected,
            "the generator at {at}"
        );
    }
    assert_eq!(
        generator_at(generators, &GeneratorCategory::HEADER, "Location"),
        OfficialGenerator::MockServerURL(
            "http://localhost:8080/accounts/7".to_owned(),
            r".*(/accounts/\d+)$".to_owned()
        )
    );

    let login = named(&pact.interactions, |i| &i.description, "a login form");
    assert_eq!(login.request.method, "POST");
    assert_eq!(
        content_type_of(&login.request.body),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(body_bytes(&login.request.body), b"user=alice&remember=yes");
    assert_eq!(
        rule_at(&login.request.matching_rules, "body", "$.user"),
        Official::Type
    );
    assert_eq!(body_bytes(&login.response.body), b"welcome");
    assert_eq!(content_type_of(&login.response.body), "text/plain");

    let statement = named(&pact.interactions, |i| &i.description, "a statement as XML");
    assert_eq!(content_type_of(&statement.response.body), "application/xml");
    assert_eq!(
        body_bytes(&statement.response.body),
        b"<statement><id>1</id></statement>"
    );
}

#[test]
fn pact_models_strict_checker_finds_nothing_wrong_in_our_v3_pact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = v3_pact(dir.path());

    let findings = checker_findings::<pact_models::sync_pact::RequestResponsePact>(
        &path,
        PactSpecification::V3,
    );

    assert_eq!(findings, Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------
// V4 HTTP
// ---------------------------------------------------------------------------------------

/// The client's own multipart boundary (the mock server splits with whatever it is given).
const BOUNDARY: &str = "client-boundary-1234";

fn multipart_upload() -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"title\"\r\n\
         Content-Type: text/plain\r\n\r\nBeach\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"b.png\"\r\n\
         Content-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(PNG);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn v4_http_pact(dir: &Path) -> PathBuf {
    let server = server(dir, "order-ui", "order-service", SpecVersion::V4);
    Interaction::new("a pending request for orders")
        .given_with_params("orders exist", json!({"count": 2, "owner": "o-1"}))
        .pending(true)
        .comment("written by the official_reader test")
        .test_name("official_reader::v4")
        .key("k-orders")
        .request(
            Request::get("/orders")
                .query("owner", term("o-1", "^o-[0-9]+$"))
                .header("Accept", include("json")),
        )
        .response(
            Response::status_matching(status_code(StatusClass::Success, 200)).json(json_pattern!({
                "items": array_containing([
                    json_pattern!({"id": integer(1), "type": "created"}),
                ]),
                "labels": each_key(json_pattern!({"en": "Hello"}), term("en", "^[a-z]{2}$")),
                "counts": each_value(json_pattern!({"a": 1}), integer(1)),
                "name": not_empty("orders"),
                "version": semver("1.2.3"),
            })),
        )
        .mount(&server);
    Interaction::new("a photo upload")
        .request(Request::post("/photos").multipart(
            Multipart::new().text("title", like("Holiday")).file(
                "photo",
                "beach.png",
                "image/png",
                PNG,
            ),
        ))
        .response(Response::created())
        .mount(&server);
    Interaction::new("a logo upload")
        .request(Request::put("/logo").binary(content_type("image/png", PNG)))
        .response(Response::no_content())
        .mount(&server);
    Interaction::new("a raw download")
        .request(Request::get("/blob"))
        .response(Response::ok().bytes(vec![0u8, 1, 2, 0xff], "application/octet-stream"))
        .mount(&server);

    send(
        client()
            .get(server.url_for("/orders?owner=o-9"))
            .header("Accept", "application/hal+json"),
        200,
    );
    send(
        client()
            .post(server.url_for("/photos"))
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(multipart_upload()),
        201,
    );
    send(
        client()
            .put(server.url_for("/logo"))
            .header("Content-Type", "image/png")
            .body(PNG.to_vec()),
        204,
    );
    let download = send(client().get(server.url_for("/blob")), 200);
    assert_eq!(
        download.bytes().expect("the body").as_ref(),
        [0u8, 1, 2, 0xff]
    );
    finish(server)
}

#[test]
fn a_v4_http_pact_from_the_mock_server_is_read_by_pact_models_with_every_v4_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = v4_http_pact(dir.path());

    let pact = read_official(&path);

    assert_eq!(pact.specification_version(), PactSpecification::V4);
    assert_eq!(pact.consumer().name, "order-ui");
    assert_eq!(pact.provider().name, "order-service");
    let pact = pact.as_v4_pact().expect("a V4 pact");
    let http: Vec<_> = pact
        .interactions
        .iter()
        .map(|i| i.as_v4_http().expect("every interaction is HTTP"))
        .collect();
    let descriptions: Vec<&str> = http.iter().map(|i| i.description.as_str()).collect();
    assert_eq!(
        descriptions,
        [
            "a logo upload",
            "a pending request for orders",
            "a photo upload",
            "a raw download"
        ]
    );

    let orders = named(&http, |i| &i.description, "a pending request for orders");
    assert!(orders.pending, "pending");
    assert_eq!(orders.key.as_deref(), Some("k-orders"));
    assert_eq!(
        orders.comments.get("text"),
        Some(&json!(["written by the official_reader test"]))
    );
    assert_eq!(
        orders.comments.get("testname"),
        Some(&json!("official_reader::v4"))
    );
    assert_eq!(
        orders.provider_states,
        [state("orders exist", json!({"count": 2, "owner": "o-1"}))]
    );
    assert_eq!(orders.request.method, "GET");
    assert_eq!(orders.request.path, "/orders");
    assert_eq!(
        rule_at(&orders.request.matching_rules, "query", "owner"),
        Official::Regex("^o-[0-9]+$".to_owned())
    );
    assert_eq!(
        rule_at(&orders.request.matching_rules, "header", "Accept"),
        Official::Include("json".to_owned())
    );
    let response = &orders.response;
    assert_eq!(response.status, 200);
    let rules = &response.matching_rules;
    assert_eq!(
        rule_at(rules, "status", ""),
        Official::StatusCode(HttpStatus::Success)
    );
    match rule_at(rules, "body", "$.items") {
        Official::ArrayContains(variants) => {
            assert_eq!(variants.len(), 1, "{variants:?}");
            let (index, variant_rules, _) = &variants[0];
            assert_eq!(*index, 0);
            let id = variant_rules
                .rules
                .get(&OfficialPath::new("$.id").expect("path"))
                .unwrap_or_else(|| panic!("a rule at the variant's $.id: {variant_rules:?}"));
            assert_eq!(id.rules, [Official::Integer]);
        }
        other => panic!("arrayContains at $.items, found {other:?}"),
    }
    assert_eq!(
        definition_rules(&rule_at(rules, "body", "$.labels")),
        [r#"Left(Regex("^[a-z]{2}$"))"#]
    );
    assert!(matches!(
        rule_at(rules, "body", "$.labels"),
        Official::EachKey(_)
    ));
    assert_eq!(
        definition_rules(&rule_at(rules, "body", "$.counts")),
        ["Left(Integer)"]
    );
    assert!(matches!(
        rule_at(rules, "body", "$.counts"),
        Official::EachValue(_)
    ));
    assert_eq!(rule_at(rules, "body", "$.name"), Official::NotEmpty);
    assert_eq!(rule_at(rules, "body", "$.version"), Official::Semver);

    let logo = named(&http, |i| &i.description, "a logo upload");
    assert_eq!(logo.request.method, "PUT");
    assert_eq!(content_type_of(&logo.request.body), "image/png");
    assert_eq!(body_bytes(&logo.request.body), PNG);
    assert_eq!(
        rule_at(&logo.request.matching_rules, "body", "$"),
        Official::ContentType("image/png".to_owned())
    );
    assert_eq!(logo.response.status, 204);

    let photo = named(&http, |i| &i.description, "a photo upload");
    assert!(
        content_type_of(&photo.request.body).starts_with("multipart/form-data"),
        "{:?}",
        photo.request.body
    );
    let upload = body_bytes(&photo.request.body);
    assert!(
        upload.windows(PNG.len()).any(|w| w == PNG),
        "the multipart body holds the file's bytes"
    );
    assert_eq!(
        rule_at(&photo.request.matching_rules, "body", "$.title"),
        Official::Type
    );

    let download = named(&http, |i| &i.description, "a raw download");
    assert_eq!(
        content_type_of(&download.response.body),
        "application/octet-stream"
    );
    assert_eq!(body_bytes(&download.response.body), [0u8, 1, 2, 0xff]);
}

/// A V4 pact whose one response uses the matchers and generators the other tests leave
/// out, each at its own field.
fn v4_catalogue_pact(dir: &Path) -> PathBuf {
    let server = server(dir, "shop-ui", "catalogue-service", SpecVersion::V4);
    Interaction::new("a catalogue page")
        .request(
            Request::get("/catalogue")
                .query("page", integer(1))
                .header("X-Trace", random_from_regex("t-0001", r"^t-\d{4}$")),
        )
        .response(
            Response::ok()
                .header("X-Next", datetime_expression("yyyy-MM-dd'T'HH:mm:ss", "tomorrow"))
                .json(json_pattern!({
                    "inStock": boolean(true),
                    "rating": number(4),
                    "featured": each_like_max(json_pattern!({"sku": like("A-1")}), 5),
                    "name": random_string(6),
                    "code": random_from_regex("AB12", "^[A-Z]{2}[0-9]{2}$"),
                    "coin": random_boolean(),
                    "price": random_decimal(4),
                    "restock": datetime_expression("yyyy-MM-dd'T'HH:mm:ss", "tomorrow @ midnight"),
                    "next": mock_server_url("http://localhost:8080/catalogue?page=2", r".*(/catalogue\?page=\d+)$"),
                    "nickname": nullable(like("Ali")),
                    "id": formats::uuid(),
                })),
        )
        .mount(&server);
    send(
        client()
            .get(server.url_for("/catalogue?page=3"))
            .header("X-Trace", "t-9999"),
        200,
    );
    finish(server)
}

#[test]
fn the_remaining_v4_matchers_and_generators_are_read_by_pact_models_as_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = v4_catalogue_pact(dir.path());

    let loaded = read_official(&path);

    let v4 = loaded.as_v4_pact().expect("a V4 pact");
    assert_eq!(v4.interactions.len(), 1);
    let page = v4_named(&v4, "a catalogue page")
        .as_v4_http()
        .expect("HTTP");
    let request = &page.request;
    assert_eq!(
        request.query,
        Some(HashMap::from([(
            "page".to_owned(),
            vec![Some("1".to_owned())]
        )]))
    );
    assert_eq!(
        rule_at(&request.matching_rules, "query", "page"),
        Official::Integer
    );
    assert_eq!(
        rule_at(&request.matching_rules, "header", "X-Trace"),
        Official::Regex(r"^t-\d{4}$".to_owned())
    );
    assert_eq!(
        generator_at(&request.generators, &GeneratorCategory::HEADER, "X-Trace"),
        OfficialGenerator::Regex(r"^t-\d{4}$".to_owned())
    );

    let response = &page.response;
    let rules = &response.matching_rules;
    let expected_rules = [
        ("$.inStock", Official::Boolean),
        ("$.rating", Official::Number),
        ("$.featured", Official::MaxType(5)),
        ("$.featured[*].sku", Official::Type),
        ("$.name", Official::Type),
        ("$.code", Official::Regex("^[A-Z]{2}[0-9]{2}$".to_owned())),
        ("$.coin", Official::Boolean),
        ("$.price", Official::Decimal),
        (
            "$.restock",
            Official::Timestamp("yyyy-MM-dd'T'HH:mm:ss".to_owned()),
        ),
        (
            "$.next",
            Official::Regex(r".*(/catalogue\?page=\d+)$".to_owned()),
        ),
    ];
    for (at, expected) in expected_rules {
        assert_eq!(rule_at(rules, "body", at), expected, "the rule at {at}");
    }
    let nickname = rules_at(rules, "body", "$.nickname");
    assert_eq!(nickname.rule_logic, RuleLogic::Or, "{nickname:?}");
    assert_eq!(nickname.rules, [Official::Null, Official::Type]);
    assert!(
        matches!(rule_at(rules, "body", "$.id"), Official::Regex(_)),
        "formats::uuid() is a regex"
    );
    assert_eq!(
        rule_at(rules, "header", "X-Next"),
        Official::Timestamp("yyyy-MM-dd'T'HH:mm:ss".to_owned())
    );

    let generators = &response.generators;
    let expected_generators = [
        ("$.name", OfficialGenerator::RandomString(6)),
        (
            "$.code",
            OfficialGenerator::Regex("^[A-Z]{2}[0-9]{2}$".to_owned()),
        ),
        ("$.coin", OfficialGenerator::RandomBoolean),
        ("$.price", OfficialGenerator::RandomDecimal(4)),
        (
            "$.restock",
            OfficialGenerator::DateTime(
                Some("yyyy-MM-dd'T'HH:mm:ss".to_owned()),
                Some("tomorrow @ midnight".to_owned()),
            ),
        ),
        (
            "$.next",
            OfficialGenerator::MockServerURL(
                "http://localhost:8080/catalogue?page=2".to_owned(),
                r".*(/catalogue\?page=\d+)$".to_owned(),
            ),
        ),
    ];
    for (at, expected) in expected_generators {
        assert_eq!(
            generator_at(generators, &GeneratorCategory::BODY, at),
            expected,
            "the generator at {at}"
        );
    }
    assert!(
        matches!(
            generator_at(generators, &GeneratorCategory::BODY, "$.id"),
            OfficialGenerator::Uuid(_)
        ),
        "formats::uuid() generates a UUID"
    );
    assert_eq!(
        generator_at(generators, &GeneratorCategory::HEADER, "X-Next"),
        OfficialGenerator::DateTime(
            Some("yyyy-MM-dd'T'HH:mm:ss".to_owned()),
            Some("tomorrow".to_owned())
        )
    );
}

// ---------------------------------------------------------------------------------------
// Messages, written through our model
// ---------------------------------------------------------------------------------------

fn common(description: &str, states: Vec<ProviderState>) -> InteractionCommon {
    InteractionCommon {
        description: description.to_owned(),
        provider_states: states,
        ..InteractionCommon::default()
    }
}

/// Message contents from a JSON pattern, with its rules and generators in the body
/// category, and a `topic` metadata entry matched by a regex.
fn message_contents(pattern: &Pattern, topic: &str) -> MessageContents {
    let mut matching_rules = OurRules::new();
    let mut generators = model::Generators::new();
    pattern.rules_at(&DocPath::root(), Category::Body, &mut matching_rules);
    pattern.generators_at(&DocPath::root(), Category::Body, &mut generators);
    matching_rules.add(
        Category::Metadata,
        DocPath::root().join_field("topic"),
        MatchingRule::Regex(r"^orders\.\w+$".to_owned()),
    );
    let mut metadata = serde_json::Map::new();
    metadata.insert("contentType".to_owned(), json!("application/json"));
    metadata.insert("topic".to_owned(), json!(topic));
    MessageContents {
        contents: Body::json(pattern.to_example()),
        metadata,
        matching_rules,
        generators,
    }
}

fn order_placed() -> model::Interaction {
    let mut state = ProviderState::new("an order can be placed");
    state.params.insert("orderId".to_owned(), json!("o-1"));
    model::Interaction::AsyncMessage(AsyncMessage {
        common: common("an order placed event", vec![state]),
        message: message_contents(
            &json_pattern!({
                "orderId": term("o-1", "^o-[0-9]+$"),
                "total": decimal(10.5),
                "lines": each_like(json_pattern!({"sku": like("A-1")}), 1),
                "placedAt": datetime("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-01T10:00:00Z"),
                "ref": random_uuid(UuidFormat::LowerCaseHyphenated),
            }),
            "orders.placed",
        ),
    })
}

fn order_cancelled() -> model::Interaction {
    model::Interaction::AsyncMessage(AsyncMessage {
        common: common("an order cancelled event", Vec::new()),
        message: message_contents(
            &json_pattern!({"orderId": like("o-2"), "reason": include("customer")}),
            "orders.cancelled",
        ),
    })
}

fn assert_order_placed_rules(rules: &MatchingRules) {
    assert_eq!(
        rule_at(rules, "body", "$.orderId"),
        Official::Regex("^o-[0-9]+$".to_owned())
    );
    assert_eq!(rule_at(rules, "body", "$.total"), Official::Decimal);
    assert_eq!(rule_at(rules, "body", "$.lines"), Official::MinType(1));
    assert_eq!(rule_at(rules, "body", "$.lines[*].sku"), Official::Type);
    assert_eq!(
        rule_at(rules, "body", "$.placedAt"),
        Official::Timestamp("yyyy-MM-dd'T'HH:mm:ssXXX".to_owned())
    );
    assert_eq!(
        rule_at(rules, "metadata", "topic"),
        Official::Regex(r"^orders\.\w+$".to_owned())
    );
}

#[test]
fn a_v3_message_pact_from_our_writer_is_read_by_pact_models() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = Pact {
        interactions: vec![order_placed(), order_cancelled()],
        ..Pact::new("order-ui", "order-events")
    };
    let path = write_with_our_model(&pact, dir.path(), SpecVersion::V3);

    let loaded = read_official(&path);

    assert_eq!(loaded.specification_version(), PactSpecification::V3);
    assert_eq!(loaded.consumer().name, "order-ui");
    assert_eq!(loaded.provider().name, "order-events");
    let messages = loaded.as_message_pact().expect("a message pact").messages;
    assert_eq!(messages.len(), 2);
    let cancelled = named(&messages, |m| &m.description, "an order cancelled event");
    assert_eq!(
        rule_at(&cancelled.matching_rules, "body", "$.reason"),
        Official::Include("customer".to_owned())
    );
    let placed = named(&messages, |m| &m.description, "an order placed event");
    assert_eq!(
        placed.provider_states,
        [state("an order can be placed", json!({"orderId": "o-1"}))]
    );
    assert_eq!(body_json(&placed.contents)["orderId"], "o-1");
    assert_eq!(placed.metadata.get("topic"), Some(&json!("orders.placed")));
    assert_order_placed_rules(&placed.matching_rules);
    // Not asked of pact_models: its V3 `Message::from_json` (message.rs, 1.3.17) sets
    // `generators: Generators::default()` whatever the file holds. V3 generators apply to
    // message contents as to bodies (pact-jvm writes them, pact-foundation/pact-jvm#1278,
    // and pact_models reads the same generator from our V4 file, tested below), so we
    // check that our file holds it.
    let file = file_json(&path);
    let written = file["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|m| m["description"] == "an order placed event")
        .expect("the placed event");
    assert_eq!(
        written["generators"]["body"]["$.ref"],
        json!({"type": "Uuid", "format": "lower-case-hyphenated"})
    );
    let findings =
        checker_findings::<pact_models::message_pact::MessagePact>(&path, PactSpecification::V3);
    assert_eq!(findings, Vec::<String>::new());
}

fn price_quote() -> model::Interaction {
    let request = message_contents(
        &json_pattern!({"sku": term("A-1", "^[A-Z]-[0-9]+$"), "quantity": integer(2)}),
        "orders.quote",
    );
    let response = message_contents(
        &json_pattern!({"price": decimal(9.99), "currency": equal_to("EUR")}),
        "orders.quoted",
    );
    let mut comments = serde_json::Map::new();
    comments.insert("text".to_owned(), json!(["a synchronous message"]));
    model::Interaction::SyncMessage(SyncMessage {
        common: InteractionCommon {
            pending: true,
            comments,
            ..common(
                "a price quote",
                vec![ProviderState::new("prices are loaded")],
            )
        },
        request,
        response: vec![response],
    })
}

#[test]
fn v4_asynchronous_and_synchronous_messages_from_our_writer_are_read_by_pact_models() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = Pact {
        interactions: vec![order_placed(), price_quote()],
        ..Pact::new("order-ui", "order-events")
    };
    let path = write_with_our_model(&pact, dir.path(), SpecVersion::V4);

    let loaded = read_official(&path);

    assert_eq!(loaded.specification_version(), PactSpecification::V4);
    assert_eq!(loaded.consumer().name, "order-ui");
    assert_eq!(loaded.provider().name, "order-events");
    let v4 = loaded.as_v4_pact().expect("a V4 pact");
    assert_eq!(v4.interactions.len(), 2);
    let placed = v4_named(&v4, "an order placed event")
        .as_v4_async_message()
        .expect("an asynchronous message");
    assert_eq!(
        placed.provider_states,
        [state("an order can be placed", json!({"orderId": "o-1"}))]
    );
    assert_eq!(body_json(&placed.contents.contents)["total"], 10.5);
    assert_eq!(
        placed.contents.metadata.get("topic"),
        Some(&json!("orders.placed"))
    );
    assert_order_placed_rules(&placed.contents.matching_rules);
    assert_eq!(
        generator_at(
            &placed.contents.generators,
            &GeneratorCategory::BODY,
            "$.ref"
        ),
        OfficialGenerator::Uuid(Some(OfficialUuidFormat::LowerCaseHyphenated))
    );

    let quote = v4_named(&v4, "a price quote")
        .as_v4_sync_message()
        .expect("a synchronous message");
    assert!(quote.pending, "pending");
    assert_eq!(
        quote.comments.get("text"),
        Some(&json!(["a synchronous message"]))
    );
    assert_eq!(
        quote.provider_states,
        [state("prices are loaded", json!({}))]
    );
    assert_eq!(
        body_json(&quote.request.contents),
        json!({"sku": "A-1", "quantity": 2})
    );
    assert_eq!(
        rule_at(&quote.request.matching_rules, "body", "$.sku"),
        Official::Regex("^[A-Z]-[0-9]+$".to_owned())
    );
    assert_eq!(
        rule_at(&quote.request.matching_rules, "body", "$.quantity"),
        Official::Integer
    );
    assert_eq!(quote.response.len(), 1);
    assert_eq!(
        body_json(&quote.response[0].contents),
        json!({"price": 9.99, "currency": "EUR"})
    );
    assert_eq!(
        rule_at(&quote.response[0].matching_rules, "body", "$.currency"),
        Official::Equality
    );
    assert_eq!(
        rule_at(&quote.response[0].matching_rules, "metadata", "topic"),
        Official::Regex(r"^orders\.\w+$".to_owned())
    );
}

// ---------------------------------------------------------------------------------------
// The hand-written V4 fixture, re-written by our writer
// ---------------------------------------------------------------------------------------

#[test]
fn the_every_feature_v4_fixture_rewritten_by_our_writer_is_read_by_pact_models() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/v4-every-feature.json");
    let pact = model::file::load(&fixture).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_with_our_model(&pact, dir.path(), SpecVersion::V4);

    let loaded = read_official(&path);

    assert_eq!(loaded.consumer().name, "order-ui");
    assert_eq!(loaded.provider().name, "order-service");
    let v4 = loaded.as_v4_pact().expect("a V4 pact");
    let mut kinds: Vec<(String, String)> = v4
        .interactions
        .iter()
        .map(|i| (i.v4_type().to_string(), i.description()))
        .collect();
    kinds.sort();
    let expected_kinds = [
        ("Asynchronous/Messages", "an order placed event"),
        ("Synchronous/HTTP", "a logo upload"),
        ("Synchronous/HTTP", "a request for orders"),
        ("Synchronous/Messages", "a price quote"),
    ]
    .map(|(kind, description)| (kind.to_owned(), description.to_owned()));
    assert_eq!(kinds, expected_kinds);

    let logo = v4_named(&v4, "a logo upload").as_v4_http().expect("HTTP");
    assert_eq!(body_bytes(&logo.request.body), PNG);
    assert_eq!(
        rule_at(&logo.request.matching_rules, "body", "$"),
        Official::ContentType("image/png".to_owned())
    );

    let orders = v4_named(&v4, "a request for orders")
        .as_v4_http()
        .expect("HTTP");
    assert!(orders.pending, "pending");
    assert_eq!(orders.key.as_deref(), Some("k-orders"));
    assert_eq!(
        orders.comments.get("testname"),
        Some(&json!("orders::lists_orders"))
    );
    assert_eq!(
        orders.provider_states,
        [
            state("orders exist", json!({"count": 2, "owner": "o-1"})),
            state("the user is logged in", json!({})),
        ]
    );
    assert_eq!(
        orders.request.query,
        Some(HashMap::from([
            ("since".to_owned(), vec![Some("2024-01-01".to_owned())]),
            (
                "tag".to_owned(),
                vec![Some("a".to_owned()), Some("b c".to_owned())]
            ),
        ]))
    );
    let accept = rules_at(&orders.request.matching_rules, "header", "Accept");
    assert_eq!(accept.rule_logic, RuleLogic::Or);
    assert_eq!(
        accept.rules,
        [
            Official::Regex("application/.*json".to_owned()),
            Official::Include("json".to_owned())
        ]
    );
    assert_eq!(
        rule_at(&orders.request.matching_rules, "path", ""),
        Official::Regex("^/orders/[a-z0-9-]+$".to_owned())
    );
    assert_eq!(
        generator_at(&orders.request.generators, &GeneratorCategory::PATH, ""),
        OfficialGenerator::ProviderStateGenerator(
            "/orders/${owner}".to_owned(),
            Some(OfficialDataType::STRING)
        )
    );
    assert_eq!(
        generator_at(
            &orders.request.generators,
            &GeneratorCategory::QUERY,
            "since"
        ),
        OfficialGenerator::Date(Some("yyyy-MM-dd".to_owned()), Some("-1 day".to_owned()))
    );
    let rules = &orders.response.matching_rules;
    assert_eq!(
        rule_at(rules, "status", ""),
        Official::StatusCode(HttpStatus::Success)
    );
    assert_eq!(rule_at(rules, "body", "$.owner"), Official::Null);
    assert_eq!(
        rule_at(rules, "body", "$.items[*].version"),
        Official::Semver
    );
    assert_eq!(
        rule_at(rules, "body", "$['odd key.with dots']"),
        Official::NotEmpty
    );
    let tags = rules_at(rules, "body", "$.items[*].tags");
    assert_eq!(tags.rules.len(), 2, "{tags:?}");
    assert_eq!(
        definition_rules(&tags.rules[0]),
        [r#"Left(Regex("^[a-z]+$"))"#]
    );
    assert!(matches!(tags.rules[0], Official::EachKey(_)), "{tags:?}");
    assert_eq!(definition_rules(&tags.rules[1]), ["Left(Type)"]);
    assert!(matches!(tags.rules[1], Official::EachValue(_)), "{tags:?}");
    assert_eq!(
        generator_at(&orders.response.generators, &GeneratorCategory::STATUS, ""),
        OfficialGenerator::RandomInt(200, 299)
    );
    assert_eq!(
        generator_at(
            &orders.response.generators,
            &GeneratorCategory::BODY,
            "$.items[*].total"
        ),
        OfficialGenerator::RandomDecimal(4)
    );

    let placed = v4_named(&v4, "an order placed event")
        .as_v4_async_message()
        .expect("an asynchronous message");
    assert_eq!(
        placed.provider_states,
        [state("an order can be placed", json!({}))]
    );
    assert_eq!(
        rule_at(&placed.contents.matching_rules, "metadata", "topic"),
        Official::Regex(r"^orders\.(placed|cancelled)$".to_owned())
    );

    let quote = v4_named(&v4, "a price quote")
        .as_v4_sync_message()
        .expect("a synchronous message");
    assert_eq!(body_bytes(&quote.request.contents), b"MATThellotcpMATT");
    assert_eq!(
        content_type_of(&quote.request.contents),
        "application/octet-stream"
    );
    assert_eq!(quote.request.metadata.get("requestId"), Some(&json!("r-1")));
    assert_eq!(body_bytes(&quote.response[0].contents), b"MATThellotcpMATT");
}

// ---------------------------------------------------------------------------------------
// Messages, written by the consumer's message API (MessagePact)
// ---------------------------------------------------------------------------------------

/// An order event declared with the message DSL: JSON contents with rules, and metadata
/// with a regex on the topic and the content type.
fn dsl_order_event() -> pact_runtime::message::Message {
    pact_runtime::message::Message::new("an order shipped event")
        .given_with_params("an order is shipped", json!({"orderId": "o-9"}))
        .json(json_pattern!({"orderId": term("o-9", "^o-[0-9]+$"), "weight": decimal(1.5)}))
        .metadata("topic", term("orders.shipped", r"^orders\.\w+$"))
        .metadata("contentType", "application/json")
}

#[test]
fn a_v4_pact_mixing_http_and_messages_from_the_message_api_is_read_by_pact_models() {
    use pact_runtime::message::{Contents, Message, MessagePact, SyncMessage};
    let dir = tempfile::tempdir().expect("tempdir");
    let server = MockServer::builder(Pact::new("order-ui", "order-service"))
        .output_dir(dir.path())
        .start()
        .expect("a mock server");
    Interaction::new("a request for order o-9")
        .request(Request::get("/orders/o-9"))
        .response(Response::ok().json(json_pattern!({"id": like("o-9")})))
        .mount(&server);
    reqwest::blocking::get(server.url_for("/orders/o-9")).expect("answered");
    server.finish().expect("the HTTP pact is written");
    let mut messages = MessagePact::builder(Pact::new("order-ui", "order-service"))
        .output_dir(dir.path())
        .build()
        .expect("a message pact");
    messages
        .verify(dsl_order_event(), |_| Ok::<_, String>(()))
        .expect("accepted");
    messages
        .verify(
            Message::new("a label printed event").bytes(PNG.to_vec(), "image/png"),
            |_| Ok::<_, String>(()),
        )
        .expect("accepted");
    messages
        .exchange(
            SyncMessage::new("a shipping quote")
                .request(Contents::xml("<quote sku=\"A-1\"/>"))
                .response(Contents::json(json_pattern!({"price": decimal(4.5)})))
                .response(Contents::text("valid for 60s")),
        )
        .expect("an exchange");
    let path = messages.finish().expect("merged into the HTTP pact").path;

    let loaded = read_official(&path);

    let v4 = loaded.as_v4_pact().expect("a V4 pact");
    assert_eq!(v4.interactions.len(), 4);
    assert!(
        v4_named(&v4, "a request for order o-9")
            .as_v4_http()
            .is_some()
    );
    let shipped = v4_named(&v4, "an order shipped event")
        .as_v4_async_message()
        .expect("an asynchronous message");
    assert_eq!(
        shipped.provider_states,
        [state("an order is shipped", json!({"orderId": "o-9"}))]
    );
    assert_eq!(body_json(&shipped.contents.contents)["orderId"], "o-9");
    assert_eq!(
        shipped.contents.metadata.get("topic"),
        Some(&json!("orders.shipped"))
    );
    assert_eq!(
        rule_at(&shipped.contents.matching_rules, "metadata", "topic"),
        Official::Regex(r"^orders\.\w+$".to_owned())
    );
    assert_eq!(
        rule_at(&shipped.contents.matching_rules, "body", "$.orderId"),
        Official::Regex("^o-[0-9]+$".to_owned())
    );
    let label = v4_named(&v4, "a label printed event")
        .as_v4_async_message()
        .expect("an asynchronous message");
    assert_eq!(body_bytes(&label.contents.contents), PNG);
    assert_eq!(content_type_of(&label.contents.contents), "image/png");
    let quote = v4_named(&v4, "a shipping quote")
        .as_v4_sync_message()
        .expect("a synchronous message");
    assert_eq!(body_bytes(&quote.request.contents), b"<quote sku=\"A-1\"/>");
    assert_eq!(content_type_of(&quote.request.contents), "application/xml");
    assert_eq!(quote.response.len(), 2);
    assert_eq!(
        body_json(&quote.response[0].contents),
        json!({"price": 4.5})
    );
    assert_eq!(body_bytes(&quote.response[1].contents), b"valid for 60s");
}

#[test]
fn a_v3_message_pact_from_the_message_api_is_read_and_checked_by_pact_models() {
    use pact_runtime::message::{Message, MessagePact};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut messages = MessagePact::builder(Pact::new("order-ui", "order-service"))
        .output_dir(dir.path())
        .spec_version(SpecVersion::V3)
        .build()
        .expect("a message pact");
    messages
        .verify(dsl_order_event(), |_| Ok::<_, String>(()))
        .expect("accepted");
    messages
        .verify(Message::new("a note event").text("shipped today"), |_| {
            Ok::<_, String>(())
        })
        .expect("accepted");
    let path = messages.finish().expect("written").path;

    let loaded = read_official(&path);

    assert_eq!(loaded.specification_version(), PactSpecification::V3);
    let all = loaded.as_message_pact().expect("a message pact").messages;
    assert_eq!(all.len(), 2);
    let shipped = named(&all, |m| &m.description, "an order shipped event");
    assert_eq!(body_json(&shipped.contents)["weight"], 1.5);
    assert_eq!(
        shipped.metadata.get("topic"),
        Some(&json!("orders.shipped"))
    );
    assert_eq!(
        rule_at(&shipped.matching_rules, "metadata", "topic"),
        Official::Regex(r"^orders\.\w+$".to_owned())
    );
    assert_eq!(
        rule_at(&shipped.matching_rules, "body", "$.weight"),
        Official::Decimal
    );
    let note = named(&all, |m| &m.description, "a note event");
    assert_eq!(body_bytes(&note.contents), b"shipped today");
    let findings =
        checker_findings::<pact_models::message_pact::MessagePact>(&path, PactSpecification::V3);
    assert_eq!(findings, Vec::<String>::new());
}
