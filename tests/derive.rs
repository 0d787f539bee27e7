//! `#[derive(PactMatch)]` end to end: what the derived patterns put in a pact file (example
//! body and matching rules, written as V2, V3 and V4), for every default and attribute,
//! with serde's attributes followed; plus parity with Pact Go's documented DTO example and
//! field case FC-19.

// The DTOs here exist for their types: their fields are never read.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

use pact_runtime::PactMatch;
use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::matchers::Pattern;
use pact_runtime::model::json::pact_to_json;
use pact_runtime::model::{self, Pact, SpecVersion};
use serde::Serialize;
use serde_json::{Value, json};

/// The pact JSON of one interaction whose response body is `body`.
fn pact_json(body: Pattern, version: SpecVersion) -> Value {
    let interaction = Interaction::new("a request")
        .request(Request::get("/"))
        .response(Response::ok().json(body))
        .into_model();
    let mut pact = Pact::new("consumer", "provider");
    pact.interactions
        .push(model::Interaction::Http(interaction));
    pact_to_json(&pact, version).unwrap_or_else(|error| panic!("{version:?}: {error}"))
}

/// The response's body rules in the V3/V4 category form: `{"$.a": [rule, …]}`.
fn body_rules(body: Pattern) -> Value {
    let pact = pact_json(body, SpecVersion::V4);
    let rules = &pact["interactions"][0]["response"]["matchingRules"]["body"];
    let Some(rules) = rules.as_object() else {
        return json!({});
    };
    rules
        .iter()
        .map(|(path, list)| (path.clone(), list["matchers"].clone()))
        .collect()
}

#[derive(PactMatch)]
struct Scalars {
    text: String,
    small: i8,
    count: u64,
    ratio: f64,
    flag: bool,
    letter: char,
}

#[test]
fn scalar_fields_get_their_types_default_matcher_and_example() {
    // Act
    let pattern = Scalars::matcher();

    // Assert
    assert_eq!(
        pattern.to_example(),
        json!({"text": "string", "small": 1, "count": 1, "ratio": 1.5, "flag": true, "letter": "a"})
    );
    assert_eq!(
        body_rules(pattern),
        json!({
            "$.text": [{"match": "type"}],
            "$.small": [{"match": "integer"}],
            "$.count": [{"match": "integer"}],
            "$.ratio": [{"match": "decimal"}],
            "$.flag": [{"match": "boolean"}],
            "$.letter": [{"match": "type"}],
        })
    );
}

#[derive(PactMatch)]
struct Role {
    #[pact(example = "admin")]
    name: String,
}

#[derive(PactMatch)]
struct Containers {
    roles: Vec<Role>,
    ids: [u32; 3],
    nickname: Option<String>,
    boxed: Box<Role>,
    scores: BTreeMap<String, u32>,
}

#[test]
fn containers_compose_the_patterns_of_their_elements() {
    // Act
    let pattern = Containers::matcher();

    // Assert
    assert_eq!(
        pattern.to_example(),
        json!({
            "roles": [{"name": "admin"}],
            "ids": [1],
            "nickname": "string",
            "boxed": {"name": "admin"},
            "scores": {"string": 1},
        })
    );
    assert_eq!(
        body_rules(pattern),
        json!({
            "$.roles": [{"match": "type", "min": 1}],
            "$.roles[*].name": [{"match": "type"}],
            "$.ids": [{"match": "type", "min": 1}],
            "$.ids[*]": [{"match": "integer"}],
            "$.nickname": [{"match": "type"}],
            "$.boxed.name": [{"match": "type"}],
            "$.scores": [{"match": "eachValue", "rules": [{"match": "integer"}]}],
            "$.scores.string": [{"match": "integer"}],
        })
    );
}

#[derive(PactMatch)]
struct Refined {
    #[pact(example = 42)]
    id: u64,
    #[pact(example = -2.5)]
    delta: f32,
    #[pact(example = 3)]
    price: f64,
    #[pact(example = false)]
    active: bool,
    #[pact(example = "Alice")]
    name: String,
    #[pact(example = "rust", min = 2)]
    tags: Vec<String>,
    #[pact(example = 7)]
    lucky: Option<Vec<u8>>,
}

#[test]
fn examples_replace_the_default_example_and_keep_the_matcher() {
    // Act
    let pattern = Refined::matcher();

    // Assert
    assert_eq!(
        pattern.to_example(),
        json!({
            "id": 42, "delta": -2.5, "price": 3.0, "active": false, "name": "Alice",
            "tags": ["rust", "rust"], "lucky": [7],
        })
    );
    assert_eq!(
        body_rules(pattern),
        json!({
            "$.id": [{"match": "integer"}],
            "$.delta": [{"match": "decimal"}],
            "$.price": [{"match": "decimal"}],
            "$.active": [{"match": "boolean"}],
            "$.name": [{"match": "type"}],
            "$.tags": [{"match": "type", "min": 2}],
            "$.tags[*]": [{"match": "type"}],
            "$.lucky": [{"match": "type", "min": 1}],
            "$.lucky[*]": [{"match": "integer"}],
        })
    );
}

type Labels = Vec<String>;

#[derive(PactMatch)]
struct Sized {
    #[pact(min = 0)]
    none_needed: Vec<u8>,
    #[pact(max = 3)]
    at_most: Vec<u8>,
    #[pact(min = 1, max = 2)]
    between: Vec<u8>,
    #[pact(min = 2, example = "x")]
    aliased: Labels,
}

#[test]
fn min_and_max_bound_the_array_and_an_alias_of_a_vec_works_too() {
    // Act
    let pattern = Sized::matcher();

    // Assert
    assert_eq!(
        pattern.to_example(),
        json!({"none_needed": [1], "at_most": [1], "between": [1], "aliased": ["x", "x"]})
    );
    let rules = body_rules(pattern);
    assert_eq!(rules["$.none_needed"], json!([{"match": "type", "min": 0}]));
    assert_eq!(rules["$.at_most"], json!([{"match": "type", "max": 3}]));
    assert_eq!(
        rules["$.between"],
        json!([{"match": "type", "min": 1, "max": 2}])
    );
    assert_eq!(rules["$.aliased"], json!([{"match": "type", "min": 2}]));
    assert_eq!(rules["$.aliased[*]"], json!([{"match": "type"}]));
}

#[derive(PactMatch)]
struct Matchers {
    #[pact(matcher = "equality", example = "stable")]
    channel: String,
    #[pact(matcher = "type")]
    count: u32,
    #[pact(matcher = "number", example = 2)]
    amount: f64,
    #[pact(matcher = "integer", example = 5)]
    rank: i64,
    #[pact(matcher = "decimal", example = 0.5)]
    share: f32,
    #[pact(matcher = "boolean", example = true)]
    on: bool,
    #[pact(matcher = "date", format = "dd/MM/yyyy", example = "31/12/2024")]
    due: String,
    #[pact(matcher = "time", format = "HH:mm", example = "23:59")]
    at: String,
    #[pact(
        matcher = "datetime",
        format = "yyyy-MM-dd HH:mm",
        example = "2024-12-31 23:59"
    )]
    when: String,
    #[pact(matcher = "not_empty", example = "x")]
    code: String,
    #[pact(matcher = "semver", example = "1.2.3")]
    version: String,
}

#[test]
fn matcher_overrides_the_types_default_rule() {
    // Act
    let pattern = Matchers::matcher();

    // Assert
    assert_eq!(
        pattern.to_example(),
        json!({
            "channel": "stable", "count": 1, "amount": 2.0, "rank": 5, "share": 0.5, "on": true,
            "due": "31/12/2024", "at": "23:59", "when": "2024-12-31 23:59", "code": "x",
            "version": "1.2.3",
        })
    );
    assert_eq!(
        body_rules(pattern),
        json!({
            "$.channel": [{"match": "equality"}],
            "$.count": [{"match": "type"}],
            "$.amount": [{"match": "number"}],
            "$.rank": [{"match": "integer"}],
            "$.share": [{"match": "decimal"}],
            "$.on": [{"match": "boolean"}],
            "$.due": [{"match": "date", "format": "dd/MM/yyyy"}],
            "$.at": [{"match": "time", "format": "HH:mm"}],
            "$.when": [{"match": "timestamp", "format": "yyyy-MM-dd HH:mm"}],
            "$.code": [{"match": "notEmpty"}],
            "$.version": [{"match": "semver"}],
        })
    );
}

#[derive(PactMatch)]
struct Typed {
    born: chrono::NaiveDate,
    #[pact(format = "dd/MM/yyyy", example = "31/12/2024")]
    due: chrono::NaiveDate,
    alarm: chrono::NaiveTime,
    created: chrono::DateTime<chrono::Utc>,
    id: uuid::Uuid,
    #[pact(example = "10.0.0.1")]
    host: std::net::IpAddr,
}

#[test]
fn dates_uuids_and_ip_addresses_get_their_matchers() {
    // Act
    let pattern = Typed::matcher();

    // Assert
    assert_eq!(
        pattern.to_example(),
        json!({
            "born": "2000-01-01", "due": "31/12/2024", "alarm": "12:00:00",
            "created": "2000-01-01T12:00:00Z", "id": "e2490de5-5bd3-43d5-b7c4-526e33f71304",
            "host": "10.0.0.1",
        })
    );
    let rules = body_rules(pattern);
    assert_eq!(
        rules["$.born"],
        json!([{"match": "date", "format": "yyyy-MM-dd"}])
    );
    assert_eq!(
        rules["$.due"],
        json!([{"match": "date", "format": "dd/MM/yyyy"}])
    );
    assert_eq!(
        rules["$.alarm"],
        json!([{"match": "time", "format": "HH:mm:ss"}])
    );
    assert_eq!(rules["$.created"], json!([{"match": "timestamp"}]));
    assert_eq!(rules["$.id"][0]["match"], "regex");
    assert_eq!(rules["$.host"][0]["match"], "regex");
}

#[derive(Serialize, PactMatch)]
#[serde(rename_all = "camelCase")]
struct Order {
    order_id: u64,
    #[serde(rename = "state")]
    status: Status,
    #[serde(skip)]
    cache: u8,
    #[serde(skip_serializing)]
    secret: String,
    #[pact(skip)]
    internal: String,
    #[serde(flatten)]
    audit: Audit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(rename(serialize = "kind", deserialize = "type"))]
    r#type: String,
}

#[derive(Serialize, PactMatch)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Status {
    InStock,
    #[serde(rename = "gone")]
    SoldOut,
    #[serde(skip)]
    #[allow(dead_code)]
    Hidden,
}

#[derive(Serialize, PactMatch)]
struct Audit {
    created_by: String,
}

#[test]
fn the_pact_describes_the_json_serde_writes() {
    // Arrange
    let order = Order {
        order_id: 1,
        status: Status::InStock,
        cache: 9,
        secret: "s".into(),
        internal: "string".into(),
        audit: Audit {
            created_by: "string".into(),
        },
        note: Some("string".into()),
        r#type: "string".into(),
    };
    let mut serialized = serde_json::to_value(&order).expect("serializes");
    // `#[pact(skip)]` leaves a field serde writes out of the contract on purpose.
    serialized
        .as_object_mut()
        .expect("an object")
        .remove("internal");

    // Act
    let pattern = Order::matcher();

    // Assert
    assert_eq!(pattern.to_example(), serialized);
    let rules = body_rules(pattern);
    assert_eq!(
        rules["$.state"],
        json!([{"match": "regex", "regex": "^(IN_STOCK|gone)$"}])
    );
    assert_eq!(rules["$.created_by"], json!([{"match": "type"}]));
}

#[derive(Serialize, PactMatch)]
struct UserId(u64);

#[derive(Serialize, PactMatch)]
struct Point(#[pact(example = 3)] i32, #[pact(example = -4)] i32);

#[derive(Serialize, PactMatch)]
struct Nothing;

#[derive(Serialize, PactMatch)]
#[serde(transparent)]
struct Email {
    #[pact(example = "a@example.com", regex = r"^[^@]+@[^@]+$")]
    address: String,
}

#[derive(Serialize, PactMatch)]
#[serde(tag = "type")]
struct Created {
    id: UserId,
}

#[derive(Serialize, PactMatch)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Event {
    Opened,
    Closed,
}

#[test]
fn newtypes_tuples_units_transparent_and_tagged_types_serialize_as_serde_does() {
    assert_eq!(UserId::matcher().to_example(), json!(1));
    assert_eq!(Point::matcher().to_example(), json!([3, -4]));
    assert_eq!(
        body_rules(Point::matcher()),
        json!({"$[0]": [{"match": "integer"}], "$[1]": [{"match": "integer"}]})
    );
    assert_eq!(Nothing::matcher().to_example(), Value::Null);
    assert_eq!(Email::matcher().to_example(), json!("a@example.com"));
    assert_eq!(
        Created::matcher().to_example(),
        serde_json::to_value(Created { id: UserId(1) }).expect("serializes")
    );
    assert_eq!(
        Event::matcher().to_example(),
        serde_json::to_value(Event::Opened).expect("serializes")
    );
    assert_eq!(
        body_rules(Event::matcher()),
        json!({"$.kind": [{"match": "regex", "regex": "^(opened|closed)$"}]})
    );
}

#[derive(PactMatch)]
struct Page<T> {
    items: Vec<T>,
    #[pact(min = 2)]
    pinned: Vec<T>,
    total: u32,
    #[pact(skip)]
    _marker: std::marker::PhantomData<T>,
}

#[derive(PactMatch)]
#[pact(rename_all = "kebab-case", crate = "pact_runtime")]
struct Settings<'a> {
    dark_mode: bool,
    theme_name: &'a str,
    extra: HashMap<String, Vec<&'a str>>,
}

#[test]
fn generic_structs_take_the_pattern_of_their_parameters() {
    assert_eq!(
        Page::<Role>::matcher().to_example(),
        json!({
            "items": [{"name": "admin"}],
            "pinned": [{"name": "admin"}, {"name": "admin"}],
            "total": 1,
        })
    );
    assert_eq!(Page::<bool>::matcher().to_example()["items"], json!([true]));
    assert_eq!(
        Settings::matcher().to_example(),
        json!({"dark-mode": true, "theme-name": "string", "extra": {"string": ["string"]}})
    );
}

#[derive(PactMatch)]
struct Post {
    id: u64,
    author: Role,
}

#[test]
fn a_derived_pattern_nests_inside_a_hand_written_body() {
    // Act
    let body = pact_runtime::json_pattern!({
        "posts": pact_runtime::matchers::each_like(Post::matcher(), 1),
        "next": null,
    });

    // Assert
    assert_eq!(
        body.to_example(),
        json!({"posts": [{"id": 1, "author": {"name": "admin"}}], "next": null})
    );
    let rules = body_rules(body);
    assert_eq!(rules["$.posts[*].id"], json!([{"match": "integer"}]));
    assert_eq!(rules["$.posts[*].author.name"], json!([{"match": "type"}]));
}

// Pact Go's documented DTO example (`dsl.Match(&DTO{})`):
//   ID    string   `json:"id"`
//   Title string   `json:"title"`
//   Tags  []string `json:"tags" pact:"min=2"`
//   Date  string   `json:"date" pact:"example=2000-01-01,regex=^\\d{4}-\\d{2}-\\d{2}$"`
#[derive(Serialize, PactMatch)]
struct Dto {
    id: String,
    title: String,
    #[pact(min = 2)]
    tags: Vec<String>,
    #[pact(example = "2000-01-01", regex = r"^\d{4}-\d{2}-\d{2}$")]
    date: String,
}

#[test]
fn pact_go_dto_parity_as_a_v2_pact() {
    // Act
    let pact = pact_json(Dto::matcher(), SpecVersion::V2);

    // Assert: the example body and the rules `Match(DTO{})` gives, in V2's path form.
    let response = &pact["interactions"][0]["response"];
    assert_eq!(
        response["body"],
        json!({"id": "string", "title": "string", "tags": ["string", "string"], "date": "2000-01-01"})
    );
    assert_eq!(
        response["matchingRules"],
        json!({
            "$.body.id": {"match": "type"},
            "$.body.title": {"match": "type"},
            "$.body.tags": {"match": "type", "min": 2},
            "$.body.tags[*]": {"match": "type"},
            "$.body.date": {"match": "regex", "regex": r"^\d{4}-\d{2}-\d{2}$"},
        })
    );
    assert_eq!(pact["metadata"]["pactSpecification"]["version"], "2.0.0");
}

#[test]
fn pact_go_dto_parity_as_v3_and_v4_pacts() {
    for (version, number) in [(SpecVersion::V3, "3.0.0"), (SpecVersion::V4, "4.0")] {
        // Act
        let pact = pact_json(Dto::matcher(), version);

        // Assert
        let response = &pact["interactions"][0]["response"];
        let body = if version == SpecVersion::V4 {
            &response["body"]["content"]
        } else {
            &response["body"]
        };
        assert_eq!(
            *body,
            json!({"id": "string", "title": "string", "tags": ["string", "string"], "date": "2000-01-01"}),
            "{version:?}"
        );
        let and = |matchers: Value| json!({"combine": "AND", "matchers": matchers});
        assert_eq!(
            response["matchingRules"],
            json!({"body": {
                "$.id": and(json!([{"match": "type"}])),
                "$.title": and(json!([{"match": "type"}])),
                "$.tags": and(json!([{"match": "type", "min": 2}])),
                "$.tags[*]": and(json!([{"match": "type"}])),
                "$.date": and(json!([{"match": "regex", "regex": r"^\d{4}-\d{2}-\d{2}$"}])),
            }}),
            "{version:?}"
        );
        assert_eq!(
            pact["metadata"]["pactSpecification"]["version"], number,
            "{version:?}"
        );
    }
}

// FC-19: struct-tag regexes double-escaped and JSON tag names taken literally (pact-go
// #119, #140).
#[derive(Serialize, PactMatch)]
struct Fc19 {
    #[pact(regex = r"\d{4}-\d{2}", example = "2024-01")]
    month: String,
    #[serde(rename = "userName", skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(skip)]
    cache: u8,
    plain: bool,
}

#[test]
fn fc19_keys_follow_serde_and_the_regex_is_kept_verbatim() {
    // Act
    let pact = pact_json(Fc19::matcher(), SpecVersion::V3);

    // Assert
    let response = &pact["interactions"][0]["response"];
    let keys: Vec<&str> = response["body"]
        .as_object()
        .expect("an object body")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["month", "plain", "userName"]);
    let regex = &response["matchingRules"]["body"]["$.month"]["matchers"][0]["regex"];
    assert_eq!(regex.as_str(), Some(r"\d{4}-\d{2}"));
    // One backslash per escape in the file's text too (JSON escapes it once, as `\\d`).
    let text = serde_json::to_string(&pact).expect("serializes");
    assert!(text.contains(r#""regex":"\\d{4}-\\d{2}""#), "{text}");
    assert!(!text.contains("cache"));
}

#[test]
fn a_derived_body_is_served_by_the_mock_server_and_written_to_the_pact() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = pact_runtime::mock_server::MockServer::builder(Pact::new("dto-app", "dto-api"))
        .output_dir(dir.path())
        .start()
        .expect("the mock server starts");
    Interaction::new("a request for the DTO")
        .request(Request::get("/dto"))
        .response(Response::ok().json(Dto::matcher()))
        .mount(&server);

    // Act
    let body: Value = reqwest::blocking::get(server.url_for("/dto"))
        .expect("the mock server answers")
        .json()
        .expect("a JSON body");
    let written = server.finish().expect("the interaction was received");

    // Assert
    assert_eq!(body, Dto::matcher().to_example());
    let text = std::fs::read_to_string(&written.path).expect("the pact file");
    let pact: Value = serde_json::from_str(&text).expect("JSON");
    let rules = &pact["interactions"][0]["response"]["matchingRules"]["body"];
    assert_eq!(
        rules["$.tags"]["matchers"],
        json!([{"match": "type", "min": 2}])
    );
}

#[derive(serde::Serialize, PactMatch)]
struct WithNullable {
    #[pact(nullable, example = "Ali")]
    nickname: Option<String>,
    #[pact(nullable)]
    address: Option<Address>,
}

#[derive(serde::Serialize, PactMatch)]
struct Address {
    #[pact(example = "Berlin")]
    city: String,
}

#[test]
fn a_nullable_field_accepts_null_and_values_like_its_pattern_but_nothing_else() {
    use pact_runtime::matching::match_response;
    use pact_runtime::model::{Body, HttpResponse};

    let mut expected = HttpResponse::default();
    let pattern = WithNullable::matcher();
    expected.body = Body::json(pattern.to_example());
    pattern.rules_at(
        &pact_runtime::model::DocPath::root(),
        pact_runtime::model::Category::Body,
        &mut expected.matching_rules,
    );
    let check = |body: serde_json::Value| {
        let actual = HttpResponse {
            body: Body::json(body),
            ..HttpResponse::default()
        };
        match_response(&expected, &actual)
            .into_iter()
            .map(|m| m.message())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        check(serde_json::json!({"nickname": null, "address": null})),
        Vec::<String>::new()
    );
    assert_eq!(
        check(serde_json::json!({"nickname": "Bo", "address": {"city": "Paris"}})),
        Vec::<String>::new()
    );
    assert!(!check(serde_json::json!({"nickname": 7, "address": null})).is_empty());
    assert!(!check(serde_json::json!({"nickname": null, "address": {"city": 7}})).is_empty());
}

#[derive(serde::Serialize, PactMatch)]
struct Shipment {
    day: time::Date,
    #[serde(with = "time::serde::rfc3339")]
    shipped_at: time::OffsetDateTime,
}

#[test]
fn time_crate_dates_get_date_and_datetime_matchers_that_accept_what_serde_writes() {
    use pact_runtime::matching::match_response;
    use pact_runtime::model::{Body, Category, DocPath, HttpResponse};

    let pattern = Shipment::matcher();
    assert_eq!(
        pattern.to_example(),
        serde_json::json!({"day": "2000-01-01", "shipped_at": "2000-01-01T12:00:00Z"})
    );
    let mut expected = HttpResponse {
        body: Body::json(pattern.to_example()),
        ..HttpResponse::default()
    };
    pattern.rules_at(
        &DocPath::root(),
        Category::Body,
        &mut expected.matching_rules,
    );
    let shipped_at = time::OffsetDateTime::from_unix_timestamp(1_714_555_800)
        .expect("a valid timestamp")
        .to_offset(time::UtcOffset::from_hms(2, 0, 0).expect("a valid offset"));
    let actual = HttpResponse {
        body: Body::json(serde_json::json!({
            "day": "2024-05-01",
            "shipped_at": serde_json::to_value(Shipment { day: shipped_at.date(), shipped_at })
                .expect("serializes")["shipped_at"],
        })),
        ..HttpResponse::default()
    };
    assert_eq!(match_response(&expected, &actual), Vec::new());
    let wrong = HttpResponse {
        body: Body::json(serde_json::json!({"day": "2024-02-30", "shipped_at": "yesterday"})),
        ..HttpResponse::default()
    };
    assert_eq!(match_response(&expected, &wrong).len(), 2);
}
