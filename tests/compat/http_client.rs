//! A real HTTP client for the steps that call a server (the mock server, a provider).

use pact_runtime::model::Headers;

/// Sends one request and returns the status, headers and body of the response.
///
/// # Errors
/// When the request cannot be sent or the response cannot be read.
pub async fn send(
    method: &str,
    url: &str,
    headers: &Headers,
    body: Vec<u8>,
) -> Result<(u16, Headers, Vec<u8>), String> {
    let method = reqwest::Method::from_bytes(method.as_bytes())
        .map_err(|e| format!("`{method}` is not a method: {e}"))?;
    let mut request = reqwest::Client::new().request(method, url);
    for (name, values) in headers {
        for value in values {
            request = request.header(name.as_str(), value.as_str());
        }
    }
    if !body.is_empty() {
        request = request.body(body);
    }
    let response = request
        .send()
        .await
        .map_err(|e| format!("the request to {url} failed: {e}"))?;
    let status = response.status().as_u16();
    let mut received = Headers::new();
    for (name, value) in response.headers() {
        received
            .entry(name.as_str().to_owned())
            .or_default()
            .push(String::from_utf8_lossy(value.as_bytes()).into_owned());
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("the response from {url} could not be read: {e}"))?;
    Ok((status, received, body.to_vec()))
}
