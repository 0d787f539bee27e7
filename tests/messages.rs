//! Message pacts, consumer side, end to end: messages declared with the DSL, handed to a
//! handler, recorded only when it accepts them, and written as V3 or V4 pact files that
//! our reader reads back; synchronous messages; a V4 file shared with an HTTP test; the
//! `#[pact_consumer]` harness on `&mut MessagePact`; field cases FC-10 and FC-11.

use std::any::Any;
use std::panic::catch_unwind;
use std::path::{Path, PathBuf};

use pact_runtime::matchers;
use pact_runtime::message::Exchange;
use pact_runtime::model::{self, Body, Category, Interaction as ModelInteraction, SpecVersion};
use pact_runtime::prelude::*;
use serde_json::{Value, json};

/// A directory of its own for each test under cargo's scratch space, emptied first.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("messages")
        .join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("empty the output directory");
    }
    dir
}

fn message_pact(dir: &Path, version: SpecVersion) -> MessagePact {
    MessagePact::builder(Pact::new("user-events", "user-service"))
        .output_dir(dir)
        .spec_version(version)
        .build()
        .expect("a message pact")
}

fn file_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("the pact file exists");
    serde_json::from_str(&text).expect("the pact file is JSON")
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

#[derive(Debug, serde::Deserialize, PactMatch)]
struct UserCreated {
    #[pact(example = 42)]
    id: u64,
    #[pact(example = "alice@example.com", regex = r"^[^@\s]+@[^@\s]+$")]
    email: String,
}

fn user_created() -> Message {
    Message::new("a user created event")
        .given_with_params("a user is created", json!({"id": 42}))
        .json(UserCreated::matcher())
        .metadata("topic", term("users.created", r"^users\.\w+$"))
        .metadata("contentType", "application/json")
}

// ---------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------

#[test]
fn a_handler_that_accepts_the_message_records_it_and_the_pact_is_written() {
    let dir = fresh_dir("accepted");
    let mut pact = message_pact(&dir, SpecVersion::V4);
    let mut seen = None;

    pact.verify_as(user_created(), |event: UserCreated| {
        seen = Some((event.id, event.email));
        Ok::<_, String>(())
    })
    .expect("the handler accepts the example");
    let file = pact.finish().expect("the pact is written");

    assert_eq!(seen, Some((42, "alice@example.com".to_owned())));
    let loaded = model::file::load(&file.path).expect("our reader reads it");
    assert_eq!(loaded.interactions.len(), 1);
    assert_eq!(loaded.interactions[0].description(), "a user created event");
}

#[test]
fn a_failing_handler_fails_with_its_error_and_the_message_and_no_pact_is_written() {
    let dir = fresh_dir("handler-fails");
    let mut pact = message_pact(&dir, SpecVersion::V4);

    let error = pact
        .verify(user_created(), |message| {
            Err(format!(
                "cannot store user: {} bytes",
                message.bytes().len()
            ))
        })
        .expect_err("the handler refused the message");
    let finished = pact.finish().expect_err("a failed handler writes nothing");

    let text = error.to_string();
    assert!(
        text.starts_with(
            "the message handler failed for \"a user created event\": cannot store user: "
        ),
        "{text}"
    );
    assert!(text.contains("content type: application/json"), "{text}");
    assert!(text.contains(r#""topic":"users.created""#), "{text}");
    assert!(text.contains(r#""email": "alice@example.com""#), "{text}");
    assert_eq!(format!("{error:?}"), text, "Debug shows the same text");
    assert_eq!(
        finished.to_string(),
        "no pact was written: the message handler failed for \"a user created event\""
    );
    assert!(!dir.exists(), "nothing was written to {}", dir.display());
}

#[test]
fn an_ignored_handler_error_still_keeps_every_message_of_the_test_out_of_the_pact() {
    let dir = fresh_dir("ignored-error");
    let mut pact = message_pact(&dir, SpecVersion::V4);

    let accepted = pact.verify(Message::new("a first event").text("ok"), |_| {
        Ok::<_, String>(())
    });
    let _ignored = pact.verify(Message::new("a second event").text("bad"), |_| {
        Err("refused")
    });
    let finished = pact.finish();

    assert!(accepted.is_ok());
    assert!(
        matches!(&finished, Err(MessageError::HandlersFailed { descriptions }) if descriptions == &["a second event"]),
        "{finished:?}"
    );
    assert!(!dir.exists());
}

#[test]
fn contents_that_do_not_fit_the_handlers_type_fail_naming_the_type() {
    let dir = fresh_dir("wrong-type");
    let mut pact = message_pact(&dir, SpecVersion::V4);

    let error = pact
        .verify_as(
            Message::new("a user created event").json(json!({"id": "forty-two"})),
            |_: UserCreated| Ok::<_, String>(()),
        )
        .expect_err("a string is not a u64");

    assert!(
        matches!(&error, MessageError::Deserialize { type_name, .. } if type_name.ends_with("UserCreated")),
        "{error}"
    );
    assert!(pact.finish().is_err());
}

#[test]
fn the_handler_receives_the_example_with_generators_applied() {
    let dir = fresh_dir("generators");
    let mut pact = message_pact(&dir, SpecVersion::V4);
    let mut received = None;

    pact.verify(
        Message::new("an audit event")
            .json(json_pattern!({"id": matchers::random_uuid(model::UuidFormat::LowerCaseHyphenated)}))
            .metadata("sequence", matchers::random_integer(100, 199)),
        |message| {
            received = Some(message.clone());
            Ok::<_, String>(())
        },
    )
    .expect("accepted");
    pact.abandon();

    let received = received.expect("the handler ran");
    let body: Value = received.json().expect("json");
    let id = body["id"].as_str().unwrap_or_default();
    assert!(
        id.len() == 36 && id != "e2490de5-5bd3-43d5-b7c4-526e33f71304",
        "a generated uuid: {id}"
    );
    let sequence = received.metadata()["sequence"].as_i64();
    assert!(
        sequence.is_some_and(|s| (100..=199).contains(&s)),
        "{sequence:?}"
    );
}

#[test]
fn an_async_handler_uses_the_example_then_records_the_message() {
    let dir = fresh_dir("async-handler");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let mut pact = message_pact(&dir, SpecVersion::V4);
    let message = Message::new("an event for an async handler").text("ping");

    let example = message.example().expect("example");
    let handled = runtime.block_on(async {
        tokio::task::yield_now().await;
        example.text() == Some("ping")
    });
    pact.record(message);
    let file = pact.finish().expect("written");

    assert!(handled);
    let loaded = model::file::load(&file.path).expect("loads");
    assert_eq!(
        loaded.interactions[0].description(),
        "an event for an async handler"
    );
}

// ---------------------------------------------------------------------------------------
// What is written
// ---------------------------------------------------------------------------------------

#[test]
fn metadata_and_its_matchers_are_written_in_v4_and_v3() {
    for (version, container) in [
        (SpecVersion::V4, "interactions"),
        (SpecVersion::V3, "messages"),
    ] {
        let dir = fresh_dir(&format!("metadata-{version}"));
        let mut pact = message_pact(&dir, version);
        pact.verify(user_created(), |_| Ok::<_, String>(()))
            .expect("accepted");

        let file = file_json(&pact.finish().expect("written").path);

        let message = &file[container][0];
        assert_eq!(
            message["metadata"],
            json!({"contentType": "application/json", "topic": "users.created"}),
            "{version}: {message}"
        );
        assert_eq!(
            message["matchingRules"]["metadata"]["topic"],
            json!({"combine": "AND", "matchers": [{"match": "regex", "regex": r"^users\.\w+$"}]}),
            "{version}: {message}"
        );
        assert_eq!(
            message["matchingRules"]["body"]["$.email"]["matchers"][0]["match"], "regex",
            "{version}: {message}"
        );
        assert_eq!(
            message["providerStates"],
            json!([{"name": "a user is created", "params": {"id": 42}}]),
            "{version}"
        );
    }
}

#[test]
fn text_xml_and_binary_contents_are_written_with_their_content_types_and_read_back() {
    let dir = fresh_dir("contents-kinds");
    let mut pact = message_pact(&dir, SpecVersion::V4);
    let png = b"\x89PNG\r\n\x1a\n\x00\x01".to_vec();
    let messages = [
        Message::new("a text message").text("hello"),
        Message::new("an xml message").xml("<user id=\"7\"/>"),
        Message::new("a csv message").body("id,name\n7,Ann", "text/csv"),
        Message::new("a binary message").bytes(png.clone(), "image/png"),
    ];
    let mut received = Vec::new();
    for message in messages {
        pact.verify(message, |m| {
            received.push((m.content_type().map(str::to_owned), m.bytes().to_vec()));
            Ok::<_, String>(())
        })
        .expect("accepted");
    }

    let path = pact.finish().expect("written").path;

    assert_eq!(
        received,
        [
            (Some("text/plain".to_owned()), b"hello".to_vec()),
            (
                Some("application/xml".to_owned()),
                b"<user id=\"7\"/>".to_vec()
            ),
            (Some("text/csv".to_owned()), b"id,name\n7,Ann".to_vec()),
            (Some("image/png".to_owned()), png.clone()),
        ]
    );
    let file = file_json(&path);
    let contents = |description: &str| {
        file["interactions"]
            .as_array()
            .and_then(|all| all.iter().find(|i| i["description"] == description))
            .map(|i| i["contents"].clone())
            .unwrap_or_default()
    };
    assert_eq!(
        contents("a text message"),
        json!({"content": "hello", "contentType": "text/plain", "encoded": false})
    );
    assert_eq!(
        contents("an xml message"),
        json!({"content": "<user id=\"7\"/>", "contentType": "application/xml", "encoded": false})
    );
    assert_eq!(
        contents("a binary message"),
        json!({"content": "iVBORw0KGgoAAQ==", "contentType": "image/png", "encoded": "base64"})
    );
    let loaded = model::file::load(&path).expect("our reader reads it");
    let binary = loaded
        .interactions
        .iter()
        .find_map(|i| match i {
            ModelInteraction::AsyncMessage(m) if m.common.description == "a binary message" => {
                Some(m.message.contents.clone())
            }
            _ => None,
        })
        .expect("the binary message");
    assert_eq!(
        binary,
        Body::Binary {
            bytes: png,
            content_type: Some("image/png".to_owned())
        }
    );
}

#[test]
fn v3_message_pacts_hold_text_and_binary_contents_that_read_back_the_same() {
    let dir = fresh_dir("v3-contents");
    let mut pact = message_pact(&dir, SpecVersion::V3);
    for message in [
        Message::new("a text message").text("hello"),
        Message::new("a binary message").bytes(vec![0, 159, 146, 150], "application/octet-stream"),
        user_created(),
    ] {
        pact.verify(message, |_| Ok::<_, String>(()))
            .expect("accepted");
    }
    let recorded: Vec<ModelInteraction> = pact.interactions().to_vec();

    let path = pact.finish().expect("written").path;

    let file = file_json(&path);
    assert_eq!(file["metadata"]["pactSpecification"]["version"], "3.0.0");
    assert!(file.get("interactions").is_none(), "{file}");
    let loaded = model::file::load(&path).expect("our reader reads it");
    for interaction in &recorded {
        let ModelInteraction::AsyncMessage(written) = interaction else {
            panic!("asynchronous messages only");
        };
        let read = loaded
            .interactions
            .iter()
            .find(|i| i.description() == written.common.description)
            .expect("read back");
        let ModelInteraction::AsyncMessage(read) = read else {
            panic!("read back as an asynchronous message: {read:?}");
        };
        assert_eq!(
            read.message.contents.to_bytes(),
            written.message.contents.to_bytes(),
            "{}",
            written.common.description
        );
        assert_eq!(
            read.message
                .matching_rules
                .for_name(Category::Metadata, "topic"),
            written
                .message
                .matching_rules
                .for_name(Category::Metadata, "topic")
        );
    }
}

#[test]
fn a_synchronous_message_with_two_responses_gives_both_examples_and_is_written_as_v4() {
    let dir = fresh_dir("sync");
    let mut pact = message_pact(&dir, SpecVersion::V4);

    let Exchange {
        request, responses, ..
    } = pact
        .exchange(
            SyncMessage::new("a price quote")
                .given("sku A-1 is in stock")
                .request(
                    Contents::json(json_pattern!({"sku": like("A-1")})).metadata("topic", "quotes"),
                )
                .response(Contents::json(json_pattern!({"price": decimal(12.5)})))
                .response(Contents::text("quote expires in 60s")),
        )
        .expect("an exchange");
    let path = pact.finish().expect("written").path;

    assert_eq!(
        request.json::<Value>().expect("json"),
        json!({"sku": "A-1"})
    );
    assert_eq!(responses.len(), 2);
    assert_eq!(
        responses[0].json::<Value>().expect("json"),
        json!({"price": 12.5})
    );
    assert_eq!(responses[1].text(), Some("quote expires in 60s"));
    let file = file_json(&path);
    let interaction = &file["interactions"][0];
    assert_eq!(interaction["type"], "Synchronous/Messages");
    assert_eq!(
        interaction["request"]["metadata"],
        json!({"topic": "quotes"})
    );
    assert_eq!(interaction["response"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        interaction["response"][1]["contents"],
        json!({"content": "quote expires in 60s", "contentType": "text/plain", "encoded": false})
    );
    let loaded = model::file::load(&path).expect("our reader reads it");
    let ModelInteraction::SyncMessage(sync) = &loaded.interactions[0] else {
        panic!("a synchronous message: {:?}", loaded.interactions[0]);
    };
    assert_eq!(sync.response.len(), 2);
}

#[test]
fn a_synchronous_message_without_a_response_gives_no_example_and_is_written_with_an_empty_list() {
    let dir = fresh_dir("sync-no-response");
    let mut pact = message_pact(&dir, SpecVersion::V4);

    let Exchange {
        request, responses, ..
    } = pact
        .exchange(
            SyncMessage::new("a fire-and-forget command")
                .given("the queue is empty")
                .request(Contents::json(json!({"command": "purge"})).metadata("Origin", "cli")),
        )
        .expect("an exchange without a response");
    let path = pact.finish().expect("written").path;

    assert!(responses.is_empty());
    assert_eq!(
        request.json::<Value>().expect("json"),
        json!({"command": "purge"})
    );
    let interaction = &file_json(&path)["interactions"][0];
    assert_eq!(interaction["type"], "Synchronous/Messages");
    assert_eq!(interaction["response"], json!([]));
    assert_eq!(interaction["request"]["metadata"], json!({"Origin": "cli"}));
    assert_eq!(
        interaction["providerStates"],
        json!([{"name": "the queue is empty"}])
    );
    let loaded = model::file::load(&path).expect("our reader reads it");
    let ModelInteraction::SyncMessage(sync) = &loaded.interactions[0] else {
        panic!("a synchronous message: {:?}", loaded.interactions[0]);
    };
    assert!(sync.response.is_empty());
}

#[test]
fn messages_with_and_without_responses_are_written_side_by_side() {
    let dir = fresh_dir("sync-mixed-responses");
    let mut pact = message_pact(&dir, SpecVersion::V4);

    let silent = pact
        .exchange(SyncMessage::new("a ping").request(Contents::text("ping")))
        .expect("no response is fine");
    let answered = pact
        .exchange(
            SyncMessage::new("a question")
                .request(Contents::text("?"))
                .response(Contents::text("!")),
        )
        .expect("one response");
    let path = pact.finish().expect("written").path;

    assert!(silent.responses.is_empty());
    assert_eq!(answered.responses.len(), 1);
    let file = file_json(&path);
    let lengths: Vec<(String, usize)> = file["interactions"]
        .as_array()
        .expect("interactions")
        .iter()
        .map(|i| {
            (
                i["description"].as_str().unwrap_or_default().to_owned(),
                i["response"].as_array().map_or(usize::MAX, Vec::len),
            )
        })
        .collect();
    assert!(lengths.contains(&("a ping".to_owned(), 0)), "{lengths:?}");
    assert!(
        lengths.contains(&("a question".to_owned(), 1)),
        "{lengths:?}"
    );
}

#[test]
fn v3_cannot_hold_a_synchronous_message_and_says_so() {
    let dir = fresh_dir("v3-sync");
    let mut pact = message_pact(&dir, SpecVersion::V3);
    pact.exchange(
        SyncMessage::new("a price quote")
            .request(Contents::text("A-1"))
            .response(Contents::text("12.5")),
    )
    .expect("an exchange");

    let error = pact.finish().expect_err("V3 has no synchronous messages");

    assert!(
        error
            .to_string()
            .contains("interaction \"a price quote\" uses synchronous message interactions"),
        "{error}"
    );
}

#[test]
fn an_http_test_and_a_message_test_of_one_pair_merge_into_one_v4_file() {
    let dir = fresh_dir("mixed");
    let server = MockServer::builder(Pact::new("user-events", "user-service"))
        .output_dir(&dir)
        .start()
        .expect("a mock server");
    Interaction::new("a request for user 42")
        .request(Request::get("/users/42"))
        .response(Response::ok().json(json!({"id": 42})))
        .mount(&server);
    let status = reqwest::blocking::get(server.url_for("/users/42"))
        .expect("the mock server answers")
        .status();
    let http_file = server.finish().expect("the HTTP pact is written").path;
    let mut messages = message_pact(&dir, SpecVersion::V4);
    messages
        .verify(user_created(), |_| Ok::<_, String>(()))
        .expect("accepted");
    messages
        .exchange(
            SyncMessage::new("a price quote")
                .request(Contents::text("A-1"))
                .response(Contents::text("12.5")),
        )
        .expect("an exchange");

    let message_file = messages.finish().expect("merged").path;

    assert_eq!(status, 200);
    assert_eq!(http_file, message_file);
    let loaded = model::file::load(&message_file).expect("our reader reads it");
    let mut types: Vec<&str> = loaded.interactions.iter().map(|i| i.type_name()).collect();
    types.sort_unstable();
    assert_eq!(
        types,
        [
            "Asynchronous/Messages",
            "Synchronous/HTTP",
            "Synchronous/Messages"
        ]
    );
}

#[test]
fn a_v3_message_pact_does_not_merge_into_a_v3_http_pact_of_the_same_pair() {
    let dir = fresh_dir("mixed-v3");
    let server = MockServer::builder(Pact::new("user-events", "user-service"))
        .output_dir(&dir)
        .spec_version(SpecVersion::V3)
        .start()
        .expect("a mock server");
    Interaction::new("a health check")
        .request(Request::get("/health"))
        .response(Response::ok())
        .mount(&server);
    reqwest::blocking::get(server.url_for("/health")).expect("answered");
    server.finish().expect("the HTTP pact is written");
    let mut messages = message_pact(&dir, SpecVersion::V3);
    messages
        .verify(Message::new("an event").text("x"), |_| Ok::<_, String>(()))
        .expect("accepted");

    let error = messages.finish().expect_err("V3 cannot mix");

    assert!(
        error
            .to_string()
            .contains("HTTP and message interactions in one pact file"),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------
// Field cases
// ---------------------------------------------------------------------------------------

/// FC-11: the same 16 bytes recorded base64-encoded and as text, in a V4 synchronous
/// message as the field case gives it.
fn fc11_pact() -> Value {
    let message = |description: &str, contents: Value| {
        json!({
            "type": "Synchronous/Messages",
            "description": description,
            "pending": false,
            "request": {"contents": contents},
            "response": [{"contents": contents}]
        })
    };
    json!({
        "consumer": {"name": "plugin-consumer"},
        "provider": {"name": "tcp-provider"},
        "interactions": [
            message("base64", json!({"content": "TUFUVGhlbGxvdGNwTUFUVA==", "contentType": "application/octet-stream", "encoded": "base64"})),
            message("text", json!({"content": "MATThellotcpMATT", "contentType": "text/plain", "encoded": false})),
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    })
}

#[test]
fn fc11_contents_recorded_as_base64_or_as_text_reach_the_handler_as_the_same_raw_bytes() {
    let pact = model::json::pact_from_json(&fc11_pact(), "fc-11").expect("the pact loads");

    for interaction in &pact.interactions {
        let ModelInteraction::SyncMessage(sync) = interaction else {
            panic!("a synchronous message: {interaction:?}");
        };
        let request =
            ReceivedMessage::example(&sync.request, &sync.common.description).expect("example");
        let response =
            ReceivedMessage::example(&sync.response[0], &sync.common.description).expect("example");

        assert_eq!(
            request.bytes(),
            b"MATThellotcpMATT",
            "{}",
            sync.common.description
        );
        assert_eq!(
            response.bytes(),
            b"MATThellotcpMATT",
            "{}",
            sync.common.description
        );
    }
}

#[test]
fn fc11_rewriting_the_pact_keeps_each_interactions_encoding() {
    let pact = model::json::pact_from_json(&fc11_pact(), "fc-11").expect("the pact loads");

    let written = model::json::pact_to_json(&pact, SpecVersion::V4).expect("written");

    let contents = |index: usize| written["interactions"][index]["request"]["contents"].clone();
    let by_description = |description: &str| {
        (0..2)
            .find(|i| written["interactions"][*i]["description"] == description)
            .map(contents)
            .unwrap_or_default()
    };
    assert_eq!(
        by_description("base64"),
        json!({"content": "TUFUVGhlbGxvdGNwTUFUVA==", "contentType": "application/octet-stream", "encoded": "base64"})
    );
    assert_eq!(
        by_description("text"),
        json!({"content": "MATThellotcpMATT", "contentType": "text/plain", "encoded": false})
    );
}

#[test]
fn fc11_bytes_given_to_the_dsl_are_written_base64_and_reach_the_handler_raw() {
    let dir = fresh_dir("fc11-dsl");
    let mut pact = message_pact(&dir, SpecVersion::V4);
    let Exchange { responses, .. } = pact
        .exchange(
            SyncMessage::new("a tcp frame")
                .request(Contents::bytes(
                    b"MATThellotcpMATT".to_vec(),
                    "application/octet-stream",
                ))
                .response(Contents::bytes(
                    b"MATThellotcpMATT".to_vec(),
                    "application/octet-stream",
                )),
        )
        .expect("an exchange");
    let path = pact.finish().expect("written").path;

    let loaded = model::file::load(&path).expect("loads");
    let ModelInteraction::SyncMessage(sync) = &loaded.interactions[0] else {
        panic!("a synchronous message");
    };
    let from_file = ReceivedMessage::example(&sync.request, "a tcp frame").expect("example");

    assert_eq!(responses[0].bytes(), b"MATThellotcpMATT");
    assert_eq!(from_file.bytes(), b"MATThellotcpMATT");
    assert_eq!(
        file_json(&path)["interactions"][0]["request"]["contents"]["encoded"],
        "base64"
    );
}

#[test]
fn fc10_metadata_is_written_and_both_spellings_of_the_key_read_back() {
    let dir = fresh_dir("fc10");
    let mut pact = message_pact(&dir, SpecVersion::V3);
    pact.verify(
        Message::new("an order event")
            .json(json!({"eventId": "e-1"}))
            .metadata("contentType", "application/json")
            .metadata("topic", term("orders", "^(orders|payments)$")),
        |_| Ok::<_, String>(()),
    )
    .expect("accepted");
    let path = pact.finish().expect("written").path;

    let mut file = file_json(&path);
    assert_eq!(
        file["messages"][0]["metadata"],
        json!({"contentType": "application/json", "topic": "orders"})
    );
    let ours = model::file::load(&path).expect("loads");
    // The older spelling, `metaData`, as pact-jvm wrote it.
    let message = &mut file["messages"][0];
    let metadata = message["metadata"].take();
    if let Some(object) = message.as_object_mut() {
        object.remove("metadata");
        object.insert("metaData".to_owned(), metadata);
    }
    let old_spelling = model::json::pact_from_json(&file, "metaData").expect("loads");
    for pact in [ours, old_spelling] {
        let ModelInteraction::AsyncMessage(message) = &pact.interactions[0] else {
            panic!("an asynchronous message");
        };
        assert_eq!(message.message.metadata["topic"], "orders");
        assert!(
            message
                .message
                .matching_rules
                .for_name(Category::Metadata, "topic")
                .is_some()
        );
    }
}

// ---------------------------------------------------------------------------------------
// The #[pact_consumer] harness on &mut MessagePact
// ---------------------------------------------------------------------------------------

macro_rules! out {
    ($name:literal) => {
        concat!(env!("CARGO_TARGET_TMPDIR"), "/messages/", $name)
    };
}

mod generated {
    use super::*;

    #[pact_consumer(consumer = "user-events", provider = "user-service", output_dir = out!("harness-sync"))]
    #[ignore = "run by harness_message_tests_write_their_pact"]
    pub fn sync_test(pact: &mut MessagePact) -> Result<(), MessageError> {
        pact.verify_as(user_created(), |event: UserCreated| {
            if event.id == 42 {
                Ok(())
            } else {
                Err("unexpected id")
            }
        })
    }

    #[pact_consumer(consumer = "user-events", provider = "user-service", spec = "V3", output_dir = out!("harness-async"))]
    #[ignore = "run by harness_message_tests_write_their_pact"]
    pub async fn async_test(pact: &mut MessagePact) {
        let message = Message::new("an event for an async handler").text("ping");
        let example = message.example().expect("example");
        tokio::task::yield_now().await;
        assert_eq!(example.text(), Some("ping"));
        pact.record(message);
    }

    #[pact_consumer(consumer = "user-events", provider = "user-service", output_dir = out!("harness-fails"))]
    #[ignore = "run by a_harness_message_test_whose_handler_fails_writes_nothing"]
    pub fn failing_test(pact: &mut MessagePact) -> Result<(), MessageError> {
        pact.verify(user_created(), |_| Err("the database is down"))
    }

    #[pact_consumer(consumer = "user-events", provider = "user-service", output_dir = out!("harness-ignored"))]
    #[ignore = "run by a_harness_message_test_whose_handler_fails_writes_nothing"]
    pub fn ignoring_test(pact: &mut MessagePact) {
        let _ = pact.verify(user_created(), |_| Err("the database is down"));
    }
}

#[test]
fn harness_message_tests_write_their_pact() {
    let sync_dir = fresh_dir("harness-sync");
    let async_dir = fresh_dir("harness-async");

    generated::sync_test();
    generated::async_test();

    let sync = file_json(&sync_dir.join("user-events-user-service.json"));
    let asynchronous = file_json(&async_dir.join("user-events-user-service.json"));
    assert_eq!(sync["interactions"][0]["type"], "Asynchronous/Messages");
    assert_eq!(
        sync["interactions"][0]["description"],
        "a user created event"
    );
    assert_eq!(
        asynchronous["messages"][0]["description"],
        "an event for an async handler"
    );
}

#[test]
fn a_harness_message_test_whose_handler_fails_writes_nothing_and_shows_why() {
    let fails_dir = fresh_dir("harness-fails");
    let ignored_dir = fresh_dir("harness-ignored");

    let returned = catch_unwind(generated::failing_test).map_err(panic_message);
    let ignored = catch_unwind(generated::ignoring_test).map_err(panic_message);

    let returned = returned.expect_err("the test fails");
    assert!(
        returned.starts_with(
            "the test returned an error, so no pact was written: the message handler failed for \"a user created event\": the database is down"
        ),
        "{returned}"
    );
    assert!(
        returned.contains("\"email\": \"alice@example.com\""),
        "{returned}"
    );
    assert_eq!(
        ignored.expect_err("the test fails"),
        "no pact was written: the message handler failed for \"a user created event\""
    );
    assert!(!fails_dir.exists() && !ignored_dir.exists());
}
