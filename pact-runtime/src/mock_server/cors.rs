//! Optional CORS support, for consumers that run in a browser: the browser sends a
//! pre-flight `OPTIONS` request before the real one, which no interaction describes, and
//! refuses a response without `Access-Control-Allow-Origin`. With CORS on, the server
//! answers pre-flights itself (permissively: this is a test double, not a security
//! boundary) and adds the allow-origin header to every response.

use bytes::Bytes;
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use super::wire::WireResponse;

const ALLOWED_METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

/// True for a browser's pre-flight: `OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`.
pub(crate) fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS
        && headers.contains_key(ORIGIN)
        && headers.contains_key(ACCESS_CONTROL_REQUEST_METHOD)
}

/// `204 No Content` allowing the origin, the usual methods (and the one asked for), and
/// the headers asked for.
pub(crate) fn preflight_response(headers: &HeaderMap) -> WireResponse {
    let mut response = hyper::Response::new(Bytes::new());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let out = response.headers_mut();
    let methods = match headers
        .get(ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|m| m.to_str().ok())
    {
        Some(asked) if !ALLOWED_METHODS.split(", ").any(|m| m == asked) => {
            HeaderValue::from_str(&format!("{ALLOWED_METHODS}, {asked}"))
                .unwrap_or(HeaderValue::from_static(ALLOWED_METHODS))
        }
        _ => HeaderValue::from_static(ALLOWED_METHODS),
    };
    out.insert(ACCESS_CONTROL_ALLOW_METHODS, methods);
    let allowed_headers = headers
        .get(ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or(HeaderValue::from_static("*"));
    out.insert(ACCESS_CONTROL_ALLOW_HEADERS, allowed_headers);
    out.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    allow_origin(&mut response, headers);
    response
}

/// Adds `Access-Control-Allow-Origin` unless the interaction's response sets it: the
/// request's origin echoed (with credentials allowed, which `*` would forbid), or `*`.
pub(crate) fn allow_origin(response: &mut WireResponse, request_headers: &HeaderMap) {
    let out = response.headers_mut();
    if out.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN) {
        return;
    }
    match request_headers.get(ORIGIN) {
        Some(origin) => {
            out.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            out.insert(
                ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
            out.append(VARY, HeaderValue::from_static("Origin"));
        }
        None => {
            out.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    http::HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn a_preflight_needs_options_an_origin_and_a_requested_method() {
        let full = headers(&[
            ("origin", "http://app.test"),
            ("access-control-request-method", "PUT"),
        ]);
        let no_method = headers(&[("origin", "http://app.test")]);

        assert!(is_preflight(&Method::OPTIONS, &full));
        assert!(!is_preflight(&Method::GET, &full));
        assert!(!is_preflight(&Method::OPTIONS, &no_method));
    }

    #[test]
    fn the_preflight_response_allows_the_origin_method_and_headers_asked_for() {
        let request = headers(&[
            ("origin", "http://app.test"),
            ("access-control-request-method", "PROPFIND"),
            ("access-control-request-headers", "x-trace, content-type"),
        ]);

        let response = preflight_response(&request);

        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let out = response.headers();
        assert_eq!(out[ACCESS_CONTROL_ALLOW_ORIGIN], "http://app.test");
        assert_eq!(out[ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
        assert_eq!(
            out[ACCESS_CONTROL_ALLOW_METHODS],
            "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, PROPFIND"
        );
        assert_eq!(out[ACCESS_CONTROL_ALLOW_HEADERS], "x-trace, content-type");
    }

    #[test]
    fn an_allow_origin_set_by_the_interaction_is_kept() {
        let mut response = hyper::Response::new(Bytes::new());
        response.headers_mut().insert(
            ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("http://mine.test"),
        );

        allow_origin(&mut response, &headers(&[("origin", "http://app.test")]));

        assert_eq!(
            response.headers()[ACCESS_CONTROL_ALLOW_ORIGIN],
            "http://mine.test"
        );
    }
}
