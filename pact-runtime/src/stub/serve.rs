//! The stub's accept loop and request handler: route, generate, rewrite its own URL in,
//! send.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;
use tracing::Instrument as _;

use super::route::{Router, Selected};
use crate::generators::{GeneratorContext, GeneratorMode};
use crate::matching::render::location;
use crate::mock_server::cors;
use crate::mock_server::wire::{self, WireResponse};

/// Request bodies larger than this are refused with `413`.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// What every connection of one stub shares.
#[derive(Debug)]
pub(super) struct Shared {
    pub(super) router: Router,
    pub(super) base_url: String,
    pub(super) cors: bool,
    pub(super) state_header: Option<http::HeaderName>,
    pub(super) own_url_prefixes: Vec<String>,
    /// Where received requests are kept, when the stub records them.
    pub(super) journal: Option<super::Journal>,
}

pub(super) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Option<TlsAcceptor>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let shared = Arc::clone(&shared);
                    let shutdown = shutdown.clone();
                    let tls = tls.clone();
                    tokio::spawn(async move {
                        match tls {
                            None => connection(stream, shared, shutdown).await,
                            Some(acceptor) => match acceptor.accept(stream).await {
                                Ok(stream) => connection(stream, shared, shutdown).await,
                                Err(error) => tracing::debug!(%error, "stub server: TLS handshake failed"),
                            },
                        }
                    }.in_current_span());
                }
                Err(error) => tracing::debug!(%error, "stub server: accept failed"),
            },
            _ = shutdown.changed() => break,
        }
    }
    tracing::debug!("stub server stopped");
}

async fn connection<S>(stream: S, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move { Ok::<_, Infallible>(handle(&shared, request).await.map(Full::new)) }
    });
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        result = connection.as_mut() => {
            if let Err(error) = result {
                tracing::debug!(%error, "stub server: connection ended with an error");
            }
            return;
        }
        _ = shutdown.changed() => {}
    }
    connection.as_mut().graceful_shutdown();
    if let Err(error) = connection.await {
        tracing::debug!(%error, "stub server: connection ended with an error");
    }
}

async fn handle(shared: &Shared, request: hyper::Request<Incoming>) -> WireResponse {
    let (parts, body) = request.into_parts();
    let bytes = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            return wire::error_response(
                http::StatusCode::PAYLOAD_TOO_LARGE,
                json!({"error": "cannot read the request body", "reason": error.to_string(), "limitBytes": MAX_BODY_BYTES}),
            );
        }
    };
    let actual = wire::actual_request(&parts, &bytes);
    if tracing::enabled!(tracing::Level::TRACE) {
        tracing::trace!(request = %wire::request_json(&actual), "stub server: request");
    }
    let header_state = shared
        .state_header
        .as_ref()
        .and_then(|name| parts.headers.get(name))
        .and_then(|value| value.to_str().ok());
    let mut answered_by = None;
    let mut response = match shared.router.select(&actual, header_state) {
        Selected::Found(interaction) => {
            answered_by = Some(interaction.common.description.clone());
            tracing::debug!(method = %actual.method, path = %actual.path, interaction = %interaction.common.description, "stub server: matched");
            let context = GeneratorContext::new()
                .mock_server_url(shared.base_url.as_str())
                .interaction(interaction.common.description.as_str());
            match crate::generators::generate_response(
                &interaction.response,
                GeneratorMode::Consumer,
                &context,
            ) {
                Ok(generated) => own_urls(wire::response(&generated), shared),
                Err(error) => wire::error_response(
                    http::StatusCode::INTERNAL_SERVER_ERROR,
                    json!({
                        "error": "cannot generate the response",
                        "interaction": interaction.common.description,
                        "reason": error.to_string(),
                    }),
                ),
            }
        }
        // A pre-flight no interaction describes: the browser's question, answered.
        Selected::NotFound(_)
            if shared.cors && cors::is_preflight(&parts.method, &parts.headers) =>
        {
            cors::preflight_response(&parts.headers)
        }
        Selected::NotFound(closest) => {
            tracing::debug!(method = %actual.method, path = %actual.path, "stub server: no interaction matches");
            let closest = closest.map(|(interaction, mismatches)| {
                json!({
                    "description": interaction.common.description,
                    "providerStates": interaction.common.provider_states.iter().map(|s| &s.name).collect::<Vec<_>>(),
                    "mismatches": mismatches.iter().map(|m| json!({
                        "path": location(m),
                        "expected": crate::matching::render::expected_text(m),
                        "actual": crate::matching::render::actual_text(m),
                        "message": m.message(),
                    })).collect::<Vec<_>>(),
                })
            });
            wire::error_response(
                http::StatusCode::NOT_FOUND,
                json!({
                    "error": "no interaction matches the request",
                    "request": wire::request_json(&actual),
                    "closest": closest,
                }),
            )
        }
    };
    if shared.cors {
        cors::allow_origin(&mut response, &parts.headers);
    }
    if let Some(journal) = &shared.journal {
        journal
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(super::ReceivedRequest {
                request: actual,
                interaction: answered_by,
                status: response.status().as_u16(),
            });
    }
    if tracing::enabled!(tracing::Level::TRACE) {
        tracing::trace!(
            status = response.status().as_u16(),
            body = %String::from_utf8_lossy(response.body()),
            "stub server: response"
        );
    }
    response
}

/// The response with each configured URL prefix replaced by the stub's own URL, in the
/// body and in header values.
fn own_urls(mut response: WireResponse, shared: &Shared) -> WireResponse {
    if shared.own_url_prefixes.is_empty() {
        return response;
    }
    let replace = |text: &str| {
        shared
            .own_url_prefixes
            .iter()
            .fold(text.to_owned(), |text, prefix| {
                text.replace(prefix.as_str(), &shared.base_url)
            })
    };
    if let Ok(text) = std::str::from_utf8(response.body()) {
        let replaced = replace(text);
        *response.body_mut() = Bytes::from(replaced);
    }
    for value in response.headers_mut().values_mut() {
        if let Ok(text) = value.to_str()
            && let Ok(replaced) = http::HeaderValue::from_str(&replace(text))
        {
            *value = replaced;
        }
    }
    response
}
