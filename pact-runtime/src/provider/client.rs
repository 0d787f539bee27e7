//! The replay client: turns an expected request from the pact into a real HTTP request to
//! the provider, and the provider's answer into a model response.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper_rustls::HttpsConnector;
use hyper_rustls::HttpsConnectorBuilder;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

use super::error::{InteractionError, SharedError};
use crate::model::{Body, Headers, HttpRequest, HttpResponse};

/// Characters escaped in a query name or value: everything but RFC 3986's unreserved set,
/// so a form-decoding server reads back exactly the pact's value (`+` stays a plus, a space
/// is `%20`).
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters escaped in the path: the model holds the decoded path, and these cannot
/// appear literally in a path segment. `/` is kept so segments stay segments.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// The verifier's one HTTP client (http and https, keep-alive pool), shared by the replay
/// of interactions, pact URL sources and the state-change URL.
pub(crate) struct Transport {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    timeout: Duration,
}

impl Transport {
    /// A client trusting what `tls` trusts, giving up on an exchange after `timeout`.
    pub(crate) fn new(tls: &rustls::ClientConfig, timeout: Duration) -> Self {
        let mut http = HttpConnector::new();
        // The https connector below wraps this one; it must accept https URLs too.
        http.enforce_http(false);
        http.set_nodelay(true);
        let connector = HttpsConnectorBuilder::new()
            .with_tls_config(tls.clone())
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Transport { client, timeout }
    }

    /// The per-exchange timeout.
    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Sends `request` and reads the whole response, within the timeout.
    ///
    /// # Errors
    /// [`InteractionError::Unreachable`] (connection refused, not HTTP),
    /// [`InteractionError::Tls`] (a certificate the client does not trust) or
    /// [`InteractionError::Timeout`], each naming the URL and keeping the client's error.
    pub(crate) async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, InteractionError> {
        let url = redact(&request.uri().to_string());
        let request = request.map(Full::new);
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|error| connection_error(&url, error))?;
            let (parts, body) = response.into_parts();
            let bytes = body
                .collect()
                .await
                .map_err(|error| InteractionError::Unreachable {
                    url: url.clone(),
                    message: format!("reading the response body: {}", error_chain(&error)),
                    source: SharedError::new(error),
                })?
                .to_bytes();
            Ok::<_, InteractionError>(http::Response::from_parts(parts, bytes))
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| InteractionError::Timeout {
                url: url.clone(),
                after: self.timeout,
            })?
    }
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("timeout", &self.timeout())
            .finish_non_exhaustive()
    }
}

/// Where interactions are replayed: the provider's base URL and the custom headers.
pub(crate) struct Target {
    base_url: String,
    headers: Vec<(http::HeaderName, http::HeaderValue)>,
}

impl Target {
    /// The provider at `base_url` (which may carry a path prefix); `headers` are added to
    /// every request, replacing the pact's headers of the same name.
    pub(crate) fn new(base_url: &str, headers: Vec<(http::HeaderName, http::HeaderValue)>) -> Self {
        Target {
            base_url: base_url.trim_end_matches('/').to_owned(),
            headers,
        }
    }

    /// The URL `request` is sent to.
    pub(crate) fn url_for(&self, request: &HttpRequest) -> String {
        let mut url = self.base_url.clone();
        if !request.path.starts_with('/') {
            url.push('/');
        }
        url.extend(utf8_percent_encode(&request.path, PATH));
        if let Some(query) = request.query.as_ref().filter(|q| !q.is_empty()) {
            url.push('?');
            url.push_str(&encode_query(query));
        }
        url
    }

    /// The HTTP request for `expected` (the request as the pact describes it, generators
    /// already applied), with the custom headers added or replacing the pact's.
    ///
    /// # Errors
    /// [`InteractionError::InvalidRequest`] naming the URL, method or header that is invalid.
    pub(crate) fn build(
        &self,
        expected: &HttpRequest,
    ) -> Result<http::Request<Bytes>, InteractionError> {
        let url = self.url_for(expected);
        let invalid = |what: String| InteractionError::InvalidRequest(what);
        let uri: http::Uri = url
            .parse()
            .map_err(|error| invalid(format!("invalid URL {url}: {error}")))?;
        let method = http::Method::from_bytes(expected.method.to_ascii_uppercase().as_bytes())
            .map_err(|_| invalid(format!("invalid method {:?}", expected.method)))?;
        let mut headers = http::HeaderMap::new();
        for (name, values) in &expected.headers {
            let name = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(format!("invalid header name {name:?}")))?;
            if self.headers.iter().any(|(custom, _)| *custom == name) {
                continue;
            }
            for value in values {
                let value = http::HeaderValue::from_str(value)
                    .map_err(|_| invalid(format!("invalid value {value:?} for header {name}")))?;
                headers.append(name.clone(), value);
            }
        }
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        if !headers.contains_key(http::header::CONTENT_TYPE)
            && let Some(content_type) = expected.body.content_type()
            && let Ok(value) = http::HeaderValue::from_str(content_type)
        {
            headers.insert(http::header::CONTENT_TYPE, value);
        }
        let mut request = http::Request::new(Bytes::from(expected.body.to_bytes()));
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok(request)
    }
}

/// The provider's answer as a model response, for the matching engine.
pub(crate) fn to_model(response: &http::Response<Bytes>) -> HttpResponse {
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    HttpResponse {
        status: response.status().as_u16(),
        body: Body::from_bytes(response.body(), content_type),
        headers: read_headers(response.headers()),
        ..HttpResponse::default()
    }
}

/// `url` without the password or token of its user-info part, for messages and reports:
/// the one place a URL is rendered.
///
/// Total: when the authority (up to the first `/`, `?` or `#`, RFC 3986 §3.2) is not a
/// plain `host[:port]`, a credential with an unescaped delimiter may have cut it short
/// (`http://ci:pa/ss@host`), so everything up to the URL's last `@` is hidden.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if let Some(at) = rest[..authority_end].rfind('@') {
        return format!("{scheme}://***@{}", &rest[at + 1..]);
    }
    match rest.rfind('@') {
        Some(at) if !plain_host_port(&rest[..authority_end]) => {
            format!("{scheme}://***@{}", &rest[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// A registered name, IPv4 or bracketed IPv6 host with an optional decimal port.
fn plain_host_port(authority: &str) -> bool {
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.starts_with('[') || host.ends_with(']') => (host, Some(port)),
        _ => (authority, None),
    };
    let host_ok = !host.is_empty()
        && (host.starts_with('[') && host.ends_with(']')
            || host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~%".contains(c)));
    host_ok && port.is_none_or(|port| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()))
}

/// The client error with its causes, and a plain-words lead for the two causes people
/// meet most: a certificate the client does not trust, and a peer that does not speak
/// HTTP.
/// The client's error as [`InteractionError::Tls`] when the TLS handshake failed, else
/// [`InteractionError::Unreachable`].
fn connection_error(url: &str, error: hyper_util::client::legacy::Error) -> InteractionError {
    let message = describe(&error);
    let url = url.to_owned();
    let source = SharedError::new(error);
    if is_tls(&*source) {
        InteractionError::Tls {
            url,
            message,
            source,
        }
    } else {
        InteractionError::Unreachable {
            url,
            message,
            source,
        }
    }
}

/// Whether rustls refused the handshake somewhere in the chain of `error`. rustls'
/// error travels inside (possibly nested) `io::Error`s, whose `source()` skips what they
/// wrap, so each I/O error is opened too.
fn is_tls(error: &(dyn std::error::Error + 'static)) -> bool {
    if error.is::<rustls::Error>() {
        return true;
    }
    let wrapped = error
        .downcast_ref::<std::io::Error>()
        .and_then(std::io::Error::get_ref);
    if let Some(inner) = wrapped
        && is_tls(inner)
    {
        return true;
    }
    error.source().is_some_and(is_tls)
}

fn describe(error: &hyper_util::client::legacy::Error) -> String {
    let chain = error_chain(error);
    if chain.contains("invalid peer certificate") {
        format!("TLS certificate error: {chain}")
    } else if error.is_connect() {
        chain
    } else if chain.contains("invalid HTTP") || chain.contains("parse") {
        format!("the response is not HTTP: {chain}")
    } else {
        chain
    }
}

fn encode_query(query: &crate::model::Query) -> String {
    let mut pairs = Vec::new();
    for (name, values) in query {
        let name = utf8_percent_encode(name, QUERY).to_string();
        if values.is_empty() {
            pairs.push(name.clone());
        }
        for value in values {
            pairs.push(format!("{name}={}", utf8_percent_encode(value, QUERY)));
        }
    }
    pairs.join("&")
}

fn read_headers(map: &http::HeaderMap) -> Headers {
    let mut headers = Headers::new();
    for (name, value) in map {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        headers
            .entry(name.as_str().to_owned())
            .or_default()
            .push(value);
    }
    headers
}

/// The error and its causes, joined: the legacy client's own message ("client error
/// (Connect)") says little without the I/O error underneath it.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Query;

    fn target(base: &str) -> Target {
        Target::new(base, Vec::new())
    }

    #[test]
    fn query_values_are_encoded_so_form_decoding_reads_them_back() {
        let mut query = Query::new();
        query.insert("q".into(), vec!["a b+c&d=e/é".into()]);
        query.insert("role".into(), vec!["admin".into(), "user".into()]);
        let request = HttpRequest {
            path: "/users".into(),
            query: Some(query),
            ..HttpRequest::default()
        };

        let url = target("http://localhost:1/").url_for(&request);

        assert_eq!(
            url,
            "http://localhost:1/users?q=a%20b%2Bc%26d%3De%2F%C3%A9&role=admin&role=user"
        );
        let decoded: Vec<(String, String)> =
            form_urlencoded::parse(url.split_once('?').map(|(_, q)| q).unwrap_or("").as_bytes())
                .into_owned()
                .collect();
        assert_eq!(decoded[0], ("q".to_owned(), "a b+c&d=e/é".to_owned()));
    }

    #[test]
    fn the_path_is_escaped_and_joined_to_a_base_url_with_a_prefix() {
        let request = HttpRequest {
            path: "/users/a b?".into(),
            ..HttpRequest::default()
        };

        assert_eq!(
            target("http://localhost:1/api").url_for(&request),
            "http://localhost:1/api/users/a%20b%3F"
        );
    }

    #[test]
    fn a_body_content_type_is_sent_when_the_headers_have_none() {
        let request = HttpRequest {
            method: "post".into(),
            path: "/users".into(),
            body: Body::json(serde_json::json!({"name": "Alice"})),
            ..HttpRequest::default()
        };

        let built = target("http://localhost:1")
            .build(&request)
            .expect("request builds");

        assert_eq!(built.method(), http::Method::POST);
        assert_eq!(
            built.headers().get(http::header::CONTENT_TYPE),
            Some(&http::HeaderValue::from_static("application/json"))
        );
    }

    #[test]
    fn custom_headers_replace_the_pacts_headers_of_the_same_name_and_add_others() {
        let mut headers = Headers::new();
        headers.insert("authorization".into(), vec!["Bearer from-the-pact".into()]);
        headers.insert("Accept".into(), vec!["application/json".into()]);
        let request = HttpRequest {
            headers,
            ..HttpRequest::default()
        };
        let custom = vec![
            (
                http::HeaderName::from_static("authorization"),
                http::HeaderValue::from_static("Bearer fresh"),
            ),
            (
                http::HeaderName::from_static("x-tenant"),
                http::HeaderValue::from_static("acme"),
            ),
        ];

        let built = Target::new("http://localhost:1", custom)
            .build(&request)
            .expect("request builds");

        let auth: Vec<_> = built.headers().get_all("Authorization").iter().collect();
        assert_eq!(auth, ["Bearer fresh"]);
        assert_eq!(built.headers()["x-tenant"], "acme");
        assert_eq!(built.headers()["accept"], "application/json");
    }

    #[test]
    fn an_invalid_header_name_is_a_typed_error() {
        let mut headers = Headers::new();
        headers.insert("bad header".into(), vec!["x".into()]);
        let request = HttpRequest {
            headers,
            ..HttpRequest::default()
        };

        let error = target("http://localhost:1")
            .build(&request)
            .expect_err("invalid name");

        assert!(error.to_string().contains("invalid header name"), "{error}");
    }

    #[test]
    fn credentials_in_a_url_are_redacted() {
        assert_eq!(
            redact("https://user:secret@broker.example/pacts/1?x=@"),
            "https://***@broker.example/pacts/1?x=@"
        );
        assert_eq!(redact("http://127.0.0.1:1/a@b"), "http://127.0.0.1:1/a@b");
        assert_eq!(
            redact("http://[::1]:80/u/a@b?e=x@y"),
            "http://[::1]:80/u/a@b?e=x@y"
        );
    }

    #[test]
    fn credentials_that_cut_the_authority_short_are_redacted_too() {
        for (url, shown) in [
            ("http://ci:pa/ssXYZ@127.0.0.1:9/", "http://***@127.0.0.1:9/"),
            ("http://ci:p#ssXYZ@127.0.0.1:9", "http://***@127.0.0.1:9"),
            ("http://ci:p?ssXYZ@host/a", "http://***@host/a"),
            ("https://ci:p?s/s#XYZ@host@x/y", "https://***@x/y"),
        ] {
            assert_eq!(redact(url), shown, "{url}");
        }
    }
}
