//! The builders refuse, at the caller's line, what no client could send or the mock server
//! could never answer with: invalid methods, paths with a query or not starting with `/`,
//! invalid headers, statuses that are not final, bodies that are never sent.

use serde_json::json;

use super::*;
use crate::matchers::validation_tests::panic_of;
use crate::matchers::{integer, like, random_integer, status_code, term};
use crate::model::{Generator, StatusClass};

#[test]
fn a_path_with_a_query_is_refused_with_the_query_calls_to_write_instead() {
    let caught = panic_of!(Request::get("/users?id=1&sort=name"));

    caught.assert(&[
        r#"Request::new("GET", …): the path "/users?id=1&sort=name" holds a query string"#,
        "could never match",
        r#"write the path "/users" and each parameter with .query("id", "1").query("sort", "name")"#,
    ]);
}

#[test]
fn a_relative_empty_or_absolute_url_path_is_refused() {
    panic_of!(Request::get("users/42")).assert(&[
        r#"the path "users/42" does not start with '/'"#,
        r#"as in "/users/42""#,
    ]);
    panic_of!(Request::post("")).assert(&[r#"Request::new("POST", …): the path is empty"#]);
    panic_of!(Request::get("http://localhost:8080/users")).assert(&[
        r#"the path "http://localhost:8080/users" does not start with '/'"#,
        "give the path only",
    ]);
}

#[test]
fn a_percent_encoded_path_or_query_is_refused_with_its_decoded_form() {
    panic_of!(Request::get("/files/my%20report.pdf")).assert(&[
        r#"holds the percent-escape "%20""#,
        "the mock server decodes the path before matching",
        r#"write it decoded: "/files/my report.pdf""#,
    ]);
    let request = Request::get("/search");
    panic_of!(request.query("q", "a%2Bb")).assert(&[
        r#"Request::query("q", …): the value "a%2Bb" holds the percent-escape "%2B""#,
        r#"write it decoded: "a+b""#,
    ]);
}

#[test]
fn a_query_parameter_without_a_name_is_refused() {
    panic_of!(Request::get("/search").query("", "1"))
        .assert(&[r#"Request::query("", …): a query parameter needs a name"#]);
}

#[test]
fn a_path_matcher_has_its_example_checked_like_a_path() {
    let caught = panic_of!(Request::get(term("users/42", r"^users/\d+$")));

    caught.assert(&[r#"the path's example "users/42" does not start with '/'"#]);
}

#[test]
fn paths_that_a_client_can_send_are_kept_as_written() {
    for path in [
        "/",
        "/tags/c#",
        "/files/my report.pdf",
        "/discount/50%",
        "/café",
    ] {
        assert_eq!(Request::get(path).into_model().path, path);
    }
}

#[test]
fn a_method_that_is_not_a_token_is_refused_and_others_are_upper_cased() {
    panic_of!(Request::new("G E T", "/")).assert(&[
        r#"Request::new("G E T", …): "G E T" is not an HTTP method"#,
        r#"such as "GET""#,
    ]);
    panic_of!(Request::new("", "/")).assert(&[r#""" is not an HTTP method"#]);

    assert_eq!(
        Request::new("propfind", "/").into_model().method,
        "PROPFIND"
    );
    assert_eq!(
        Request::new(http::Method::PATCH, "/").into_model().method,
        "PATCH"
    );
}

#[test]
fn header_names_and_values_that_cannot_be_sent_are_refused_on_both_sides() {
    let response = Response::ok();
    panic_of!(response.header("Bad Header", "x")).assert(&[
        r#"Response::header("Bad Header", …): "Bad Header" is not a valid header name"#,
        "the mock server would leave the header out",
    ]);
    let response = Response::ok();
    panic_of!(response.header("X-Note", "a\nb")).assert(&[
        r#"Response::header("X-Note", …): the value "a\nb" is not a valid header value"#,
    ]);
    let request = Request::get("/");
    panic_of!(request.header("X-Id:", "1")).assert(&[
        r#"Request::header("X-Id:", …): "X-Id:" is not a valid header name"#,
        "no HTTP client can send it",
    ]);
    let request = Request::get("/");
    panic_of!(request.header("X-Id", like("1\r\n")))
        .assert(&[r#"the value's example "1\r\n" is not a valid header value"#]);
    let request = Request::get("/");
    panic_of!(request.header("Accept", " text/plain")).assert(&[
        r#"the value " text/plain" starts or ends with whitespace"#,
        r#"write "text/plain""#,
    ]);
}

#[test]
fn valid_header_values_reach_the_model_unchanged() {
    let model = Response::ok()
        .header("X-Empty", "")
        .header("X-Inner", "a  b\tc")
        .header("X-Utf8", "café")
        .header("X-Count", integer(3))
        .into_model();

    assert_eq!(model.headers["X-Empty"], [""]);
    assert_eq!(model.headers["X-Inner"], ["a  b\tc"]);
    assert_eq!(model.headers["X-Utf8"], ["café"]);
    assert_eq!(model.headers["X-Count"], ["3"]);
}

#[test]
fn framing_headers_the_mock_server_sets_itself_are_refused_on_responses() {
    let response = Response::ok();
    panic_of!(response.header("Transfer-Encoding", "chunked")).assert(&[
        r#"Response::header("Transfer-Encoding", …): the mock server sends the whole body with a Content-Length"#,
    ]);
    let response = Response::ok();
    panic_of!(response.header("content-length", "ten"))
        .assert(&[r#"the value "ten" is not a length"#]);

    let interaction = Interaction::new("a sized download")
        .request(Request::get("/file"))
        .response(Response::ok().header("Content-Length", "5").text("hello"));
    panic_of!(interaction.into_model()).assert(&[
        r#"interaction "a sized download": the response sets Content-Length "5""#,
        "the mock server sets it from the body",
    ]);
}

#[test]
fn a_head_response_may_give_a_content_length_but_no_body() {
    let model = Interaction::new("the size of a file")
        .request(Request::head("/file"))
        .response(Response::ok().header("Content-Length", "1234"))
        .into_model();
    assert_eq!(model.response.headers["Content-Length"], ["1234"]);

    let interaction = Interaction::new("a file by HEAD")
        .request(Request::head("/file"))
        .response(Response::ok().json(json!({"size": 1234})));
    panic_of!(interaction.into_model()).assert(&[
        r#"interaction "a file by HEAD": the response to a HEAD request has a body"#,
        "remove the body",
    ]);
}

#[test]
fn statuses_that_are_not_final_are_refused() {
    for status in [0, 100, 101, 199, 600, 999] {
        let caught = panic_of!(Response::status(status));

        caught.assert(&[&format!(
            "Response::status({status}): {status} is not a final response status; a response's status is from 200 to 599"
        )]);
    }
    assert_eq!(Response::status(200).into_model().status, 200);
    assert_eq!(Response::status(599).into_model().status, 599);
}

#[test]
fn a_status_matcher_needs_a_final_example_and_generator() {
    panic_of!(Response::status_matching(like(100))).assert(&[
        "Response::status_matching(): the example status must be an integer from 200 to 599",
        "found 100",
    ]);
    panic_of!(Response::status_matching(random_integer(200, 700))).assert(&[
        "the status generator RandomInt { min: 200, max: 700 } can give values outside 200 to 599",
    ]);
    panic_of!(Response::status_matching(integer(200).with_generator(
        Generator::Time {
            format: Some("HH".into()),
            expression: None,
        }
    )))
    .assert(&["can give values outside 200 to 599"]);

    let ranged = status_code(StatusClass::Success, 200)
        .with_generator(Generator::RandomInt { min: 200, max: 299 });
    assert_eq!(Response::status_matching(ranged).into_model().status, 200);
}

#[test]
fn bodies_are_refused_on_statuses_that_never_carry_one() {
    let response = Response::no_content();
    panic_of!(response.json(json!({"id": 1})))
        .assert(&["Response::json(…): a 204 response never carries a body on the wire"]);
    let response = Response::status(304);
    panic_of!(response.text("cached")).assert(&["Response::text(…): a 304 response"]);
    let response = Response::status_matching(status_code(StatusClass::Success, 204));
    panic_of!(response.bytes(vec![1], "application/octet-stream"))
        .assert(&["Response::bytes(…): a 204 response"]);

    // A request body is the client's to send, whatever the method.
    let model = Request::delete("/users/42")
        .json(json!({"reason": "spam"}))
        .into_model();
    assert!(!model.body.to_bytes().is_empty());
}

#[test]
fn content_types_and_multipart_headers_that_cannot_be_written_are_refused() {
    let response = Response::ok();
    panic_of!(response.body("a,b", "text/csv\n")).assert(&[
        r#"Response::body(…, "text/csv\n"): the content type "text/csv\n" is not a valid header value"#,
    ]);
    let multipart = Multipart::new();
    panic_of!(multipart.text("title\r\nX-Evil: 1", "x"))
        .assert(&[r#"the part name "title\r\nX-Evil: 1" holds a control character"#]);
    let multipart = Multipart::new();
    panic_of!(multipart.file("photo", "a\nb.png", "image/png", vec![1])).assert(&[
        r#"Multipart::file("photo", …): the part file name "a\nb.png" holds a control character"#,
    ]);
    let multipart = Multipart::new();
    panic_of!(multipart.part("data", "application/json\r\n", vec![1])).assert(&[
        r#"Multipart::part("data", …): the content type "application/json\r\n" is not a valid header value"#,
    ]);
}
