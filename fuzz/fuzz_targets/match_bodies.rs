//! Bytes → expected body, actual body and body rules → `match_response` and
//! `match_request`: matching returns mismatches, never a panic or a hang.
//!
//! Input layout: three JSON documents separated by NUL bytes: the expected body, the
//! actual body, and a V4 `matchingRules` object (`{"body": {"$.a": {"matchers": [...]}}}`).
//! A rules document that does not load is replaced by no rules, so the matcher still runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pact_runtime::matching::{match_request, match_response};
use pact_runtime::model::json::{request_from_json, response_from_json};
use pact_runtime::model::{Body, HttpRequest, HttpResponse, SpecVersion};
use serde_json::{Value, json};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0);
    let (Some(expected), Some(actual)) = (parts.next(), parts.next()) else {
        return;
    };
    let parse = |bytes: &[u8]| serde_json::from_slice::<Value>(bytes).ok();
    let (Some(expected), Some(actual)) = (parse(expected), parse(actual)) else {
        return;
    };
    let rules = parts.next().and_then(parse).unwrap_or(Value::Null);

    let response = json!({"status": 200, "body": {"content": expected, "contentType": "application/json"},
                          "matchingRules": rules});
    let expected_response = response_from_json(&response, SpecVersion::V4, "fuzz", "response")
        .unwrap_or_else(|_| HttpResponse {
            body: Body::json(expected.clone()),
            ..HttpResponse::default()
        });
    let actual_response = HttpResponse {
        body: Body::json(actual.clone()),
        ..HttpResponse::default()
    };
    let _ = match_response(&expected_response, &actual_response);

    let request = json!({"method": "POST", "path": "/", "body": {"content": expected, "contentType": "application/json"},
                         "matchingRules": rules});
    if let Ok(expected_request) = request_from_json(&request, SpecVersion::V4, "fuzz", "request") {
        let actual_request = HttpRequest {
            body: Body::json(actual),
            ..expected_request.clone()
        };
        let _ = match_request(&expected_request, &actual_request);
    }
});
