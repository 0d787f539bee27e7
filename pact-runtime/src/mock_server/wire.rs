//! Between HTTP on the wire and the model: the actual request a client sent, the response
//! an interaction describes, and the explanation sent for a request that matched nothing.

use bytes::Bytes;
use http::{HeaderName, HeaderValue, StatusCode};
use serde_json::{Value, json};

use super::report::UnexpectedRequest;
use crate::matching::render::location;
use crate::model::{Body, Headers, HttpRequest, HttpResponse, Query};

/// A response as the server builds it: the whole body in memory, so it can be logged
/// before it is sent.
pub(crate) type WireResponse = hyper::Response<Bytes>;

/// The actual request, decoded: path percent-decoded, query parsed as a form (`+` and
/// `%20` are both a space), headers by name, body read by its `Content-Type`.
pub(crate) fn actual_request(parts: &http::request::Parts, body: &[u8]) -> HttpRequest {
    let path = percent_encoding::percent_decode_str(parts.uri.path())
        .decode_utf8_lossy()
        .into_owned();
    let query = parts.uri.query().filter(|raw| !raw.is_empty()).map(|raw| {
        let mut query = Query::new();
        for (name, value) in form_urlencoded::parse(raw.as_bytes()) {
            query
                .entry(name.into_owned())
                .or_default()
                .push(value.into_owned());
        }
        query
    });
    let mut headers = Headers::new();
    for (name, value) in &parts.headers {
        headers
            .entry(name.as_str().to_owned())
            .or_default()
            .push(String::from_utf8_lossy(value.as_bytes()).into_owned());
    }
    let content_type = parts
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    HttpRequest {
        method: parts.method.as_str().to_owned(),
        path,
        query,
        // Kept so that a V1 pact, which compares query strings as text, can.
        raw_query: parts.uri.query().map(str::to_owned),
        headers,
        body: Body::from_bytes(body, content_type),
        ..HttpRequest::default()
    }
}

/// The interaction's response example as sent: status, headers, body bytes, and a
/// `Content-Type` from the body when the interaction gives no such header.
pub(crate) fn response(expected: &HttpResponse) -> WireResponse {
    let Ok(status) = StatusCode::from_u16(expected.status) else {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({
                "error": "invalid status in the interaction",
                "status": expected.status,
            }),
        );
    };
    let mut response = hyper::Response::new(Bytes::from(expected.body.to_bytes()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    for (name, values) in &expected.headers {
        let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
            tracing::debug!(header = %name, "skipping a response header with an invalid name");
            continue;
        };
        for value in values {
            match HeaderValue::from_str(value) {
                Ok(value) => {
                    headers.append(name.clone(), value);
                }
                Err(_) => tracing::debug!(header = %name, "skipping an invalid header value"),
            }
        }
    }
    if !headers.contains_key(http::header::CONTENT_TYPE)
        && let Some(value) = expected
            .body
            .content_type()
            .and_then(|ct| HeaderValue::from_str(ct).ok())
    {
        headers.insert(http::header::CONTENT_TYPE, value);
    }
    response
}

/// A response rendered once and sent many times: status, headers and body bytes (the
/// bytes are shared, not copied, by every response made from it).
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    status: StatusCode,
    headers: http::HeaderMap,
    body: Bytes,
}

impl Prepared {
    /// `expected` rendered as [`response`] renders it.
    pub(crate) fn new(expected: &HttpResponse) -> Self {
        let (parts, body) = response(expected).into_parts();
        Prepared {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// A response to send.
    pub(crate) fn to_wire(&self) -> WireResponse {
        let mut response = hyper::Response::new(self.body.clone());
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
    }
}

/// A JSON error response.
pub(crate) fn error_response(status: StatusCode, body: Value) -> WireResponse {
    let mut response = hyper::Response::new(Bytes::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The `500` sent for a request no interaction matches: the request as understood and the
/// closest interaction with its mismatches, so the failing client's logs explain it.
pub(crate) fn unexpected_response(unexpected: &UnexpectedRequest) -> WireResponse {
    let closest = unexpected.closest.as_ref().map(|closest| {
        json!({
            "description": closest.description,
            "providerStates": closest.provider_states.iter().map(|s| &s.name).collect::<Vec<_>>(),
            "mismatches": closest.mismatches.iter().map(|m| json!({
                "path": location(m),
                "expected": crate::matching::render::expected_text(m),
                "actual": crate::matching::render::actual_text(m),
                "message": m.message(),
            })).collect::<Vec<_>>(),
        })
    });
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({
            "error": "unexpected request",
            "request": request_json(&unexpected.request),
            "closest": closest,
        }),
    )
}

/// Request headers whose values are credentials: never written to a log.
const CREDENTIAL_HEADERS: &[&str] = &["authorization", "proxy-authorization"];

/// The request as JSON, for error responses and log lines, with the values of the
/// credential headers (`Authorization`, `Proxy-Authorization`) shown as `***`: an echoed
/// request is logged at TRACE with the response that carries it, and shown by clients in
/// their failures, so a client's password or token must not be in it.
pub(crate) fn request_json(request: &HttpRequest) -> Value {
    let mut shown = raw_request_json(request);
    if let Some(headers) = shown.get_mut("headers").and_then(Value::as_object_mut) {
        for (name, values) in headers.iter_mut() {
            if CREDENTIAL_HEADERS
                .iter()
                .any(|credential| name.eq_ignore_ascii_case(credential))
            {
                *values = json!(["***"]);
            }
        }
    }
    shown
}

/// The request as JSON, exactly as received.
fn raw_request_json(request: &HttpRequest) -> Value {
    let body = match &request.body {
        Body::Missing => Value::Null,
        Body::Json { value, .. } => value.clone(),
        Body::Text { text, .. } => Value::String(text.clone()),
        Body::Binary { bytes, .. } => json!({ "base64": Body::base64(bytes) }),
    };
    json!({
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "headers": request.headers,
        "body": body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_requests_hide_every_credential_header_whatever_its_case() {
        let mut builder = http::Request::builder()
            .method("GET")
            .uri("/x")
            .header("Authorization", "Bearer tok-123")
            .header("proxy-authorization", "Basic dXNlcjpwdw==")
            .header("X-Trace", "kept");
        builder = builder.header("AUTHORIZATION", "Basic second");
        let parts = builder.body(()).expect("valid request").into_parts().0;
        let request = actual_request(&parts, b"");

        let logged = request_json(&request).to_string();

        for secret in ["tok-123", "dXNlcjpwdw==", "second"] {
            assert!(!logged.contains(secret), "{logged}");
        }
        assert!(logged.contains(r#""authorization":["***"]"#), "{logged}");
        assert!(
            logged.contains(r#""proxy-authorization":["***"]"#),
            "{logged}"
        );
        assert!(logged.contains("kept"), "{logged}");
    }

    fn parts(uri: &str, content_type: Option<&str>) -> http::request::Parts {
        let mut builder = http::Request::builder().method("POST").uri(uri);
        if let Some(ct) = content_type {
            builder = builder.header("Content-Type", ct);
        }
        builder.body(()).expect("valid request").into_parts().0
    }

    #[test]
    fn query_plus_and_percent_twenty_both_decode_to_a_space() {
        let request = actual_request(&parts("/a%20b?q=x+y&q=x%20y&e=", None), b"");

        assert_eq!(request.path, "/a b");
        let query = request.query.expect("a query");
        assert_eq!(query["q"], ["x y", "x y"]);
        assert_eq!(query["e"], [""]);
        assert_eq!(request.body, Body::Missing);
    }

    #[test]
    fn json_bodies_are_read_by_content_type() {
        let request = actual_request(&parts("/", Some("application/json")), br#"{"a":1}"#);

        assert_eq!(
            request.body,
            Body::Json {
                value: json!({"a": 1}),
                content_type: Some("application/json".to_owned())
            }
        );
        assert_eq!(request.query, None);
        assert_eq!(request.headers["content-type"], ["application/json"]);
    }

    #[test]
    fn a_prepared_response_is_the_response_every_time() {
        let expected = HttpResponse {
            status: 202,
            body: Body::json(json!({"id": 1})),
            ..HttpResponse::default()
        };
        let prepared = Prepared::new(&expected);

        for _ in 0..2 {
            let sent = prepared.to_wire();
            let direct = response(&expected);
            assert_eq!(sent.status(), direct.status());
            assert_eq!(sent.headers(), direct.headers());
            assert_eq!(sent.body(), direct.body());
        }
    }

    #[test]
    fn responses_get_a_content_type_from_their_body() {
        let expected = HttpResponse {
            status: 201,
            body: Body::json(json!({"id": 1})),
            ..HttpResponse::default()
        };

        let response = response(&expected);

        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(
            response.headers()[http::header::CONTENT_TYPE],
            "application/json"
        );
    }
}
