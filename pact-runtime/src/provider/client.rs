//! The replay client: turns an expected request from the pact into a real HTTP request to
//! the provider, and the provider's answer into a model response.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

use super::VerifyError;
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

/// Sends requests to one provider over a keep-alive connection pool.
pub(crate) struct ReplayClient {
    client: Client<HttpConnector, Full<Bytes>>,
    base_url: String,
    timeout: Duration,
    extra_headers: Vec<(String, String)>,
}

impl ReplayClient {
    /// A client for the provider at `base_url` (which may carry a path prefix).
    pub(crate) fn new(
        base_url: &str,
        timeout: Duration,
        extra_headers: Vec<(String, String)>,
    ) -> Self {
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build_http();
        ReplayClient {
            client,
            base_url: base_url.trim_end_matches('/').to_owned(),
            timeout,
            extra_headers,
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

    /// Sends `expected` (the request as the pact describes it) and reads the response.
    ///
    /// # Errors
    /// [`VerifyError::InvalidRequest`], [`VerifyError::Unreachable`] or
    /// [`VerifyError::Timeout`], each naming the URL where it helps.
    pub(crate) async fn send(&self, expected: &HttpRequest) -> Result<HttpResponse, VerifyError> {
        let url = self.url_for(expected);
        let request = self.build(expected, &url)?;
        let exchange =
            async {
                let response = self.client.request(request).await.map_err(|error| {
                    VerifyError::Unreachable {
                        url: url.clone(),
                        message: error_chain(&error),
                    }
                })?;
                let (parts, body) = response.into_parts();
                let bytes = body
                    .collect()
                    .await
                    .map_err(|error| VerifyError::Unreachable {
                        url: url.clone(),
                        message: format!("reading the response body: {}", error_chain(&error)),
                    })?
                    .to_bytes();
                Ok::<_, VerifyError>((parts, bytes))
            };
        let (parts, bytes) = tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| VerifyError::Timeout {
                url: url.clone(),
                after: self.timeout,
            })??;
        let headers = read_headers(&parts.headers);
        let content_type = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        Ok(HttpResponse {
            status: parts.status.as_u16(),
            body: Body::from_bytes(&bytes, content_type),
            headers,
            ..HttpResponse::default()
        })
    }

    fn build(
        &self,
        expected: &HttpRequest,
        url: &str,
    ) -> Result<http::Request<Full<Bytes>>, VerifyError> {
        let invalid = |what: String| VerifyError::InvalidRequest(what);
        let uri: http::Uri = url
            .parse()
            .map_err(|error| invalid(format!("invalid URL {url}: {error}")))?;
        let method = http::Method::from_bytes(expected.method.to_ascii_uppercase().as_bytes())
            .map_err(|_| invalid(format!("invalid method {:?}", expected.method)))?;
        let mut builder = http::Request::builder().method(method).uri(uri);
        let mut has_content_type = false;
        let headers = expected
            .headers
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |value| (name, value)))
            .chain(self.extra_headers.iter().map(|(name, value)| (name, value)));
        for (name, value) in headers {
            let name = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(format!("invalid header name {name:?}")))?;
            let value = http::HeaderValue::from_str(value)
                .map_err(|_| invalid(format!("invalid value {value:?} for header {name}")))?;
            has_content_type |= name == http::header::CONTENT_TYPE;
            builder = builder.header(name, value);
        }
        if !has_content_type && let Some(content_type) = expected.body.content_type() {
            builder = builder.header(http::header::CONTENT_TYPE, content_type);
        }
        builder
            .body(Full::new(Bytes::from(expected.body.to_bytes())))
            .map_err(|error| invalid(error.to_string()))
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

    fn client(base: &str) -> ReplayClient {
        ReplayClient::new(base, Duration::from_secs(1), Vec::new())
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

        let url = client("http://localhost:1/").url_for(&request);

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
            client("http://localhost:1/api").url_for(&request),
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
        let client = client("http://localhost:1");

        let built = client
            .build(&request, &client.url_for(&request))
            .expect("request builds");

        assert_eq!(built.method(), http::Method::POST);
        assert_eq!(
            built.headers().get(http::header::CONTENT_TYPE),
            Some(&http::HeaderValue::from_static("application/json"))
        );
    }

    #[test]
    fn an_invalid_header_name_is_a_typed_error() {
        let mut headers = Headers::new();
        headers.insert("bad header".into(), vec!["x".into()]);
        let request = HttpRequest {
            headers,
            ..HttpRequest::default()
        };
        let client = client("http://localhost:1");

        let error = client
            .build(&request, &client.url_for(&request))
            .expect_err("invalid name");

        assert!(error.to_string().contains("invalid header name"), "{error}");
    }
}
