//! The accept loop and the per-request handler.

use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;
use tracing::Instrument;

use super::cors;
use super::journal::{Journal, Routed};
use super::report::FailedResponse;
use super::wire::{self, WireResponse};
use crate::generators::{GeneratorContext, GeneratorMode};
use crate::model::HttpRequest;

/// Request bodies larger than this are refused with `413` rather than buffered.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// How much of an oversized body is read and thrown away before the `413` goes out. A
/// client still sending its body would otherwise see the connection reset and report an
/// I/O error instead of the `413`; beyond this the connection is simply closed.
const MAX_DRAIN_BYTES: usize = 256 * 1024 * 1024;

/// What the handler of every connection shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) journal: Mutex<Journal>,
    /// The server's base URL, for `MockServerURL` generators.
    pub(crate) base_url: String,
    /// Whether CORS pre-flights are answered and responses allow any origin.
    pub(crate) cors: bool,
    /// Whether connections are kept alive between requests. Off for a chosen port: the
    /// next test on that port is a new server, and a client pooling a connection to the
    /// old one (same address, same pool key) would send its next request into a closed
    /// connection.
    pub(crate) keep_alive: bool,
    /// Set when serving ended without being asked to (the runtime was shut down).
    pub(crate) stopped_early: AtomicBool,
}

impl Shared {
    /// The journal, even after a panic elsewhere: it only holds records, which stay
    /// consistent because every update is a single push or increment.
    pub(crate) fn journal(&self) -> std::sync::MutexGuard<'_, Journal> {
        self.journal.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Accepts connections until `shutdown` turns true (or its sender is dropped).
pub(crate) fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Option<TlsAcceptor>,
    shutdown: watch::Receiver<bool>,
) -> impl Future<Output = ()> + Send + 'static {
    // Made before the future, not in its body: a runtime shut down before the task's first
    // poll drops the future unpolled, and the guard must still notice.
    let guard = EarlyStop {
        shared: Arc::clone(&shared),
        asked: false,
    };
    accept_loop(listener, shared, tls, shutdown, guard)
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Option<TlsAcceptor>,
    mut shutdown: watch::Receiver<bool>,
    mut guard: EarlyStop,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let shared = Arc::clone(&shared);
                    let shutdown = shutdown.clone();
                    match &tls {
                        // In the server's span, so that every line a connection logs
                        // names its server among the many a process runs.
                        None => {
                            tokio::spawn(connection(stream, shared, shutdown).in_current_span());
                        }
                        Some(acceptor) => {
                            tokio::spawn(
                                tls_connection(acceptor.clone(), stream, shared, shutdown)
                                    .in_current_span(),
                            );
                        }
                    }
                }
                Err(error) => tracing::debug!(%error, "mock server: accept failed"),
            },
            _ = shutdown.changed() => break,
        }
    }
    guard.asked = true;
    tracing::debug!("mock server: stopped accepting connections");
}

/// Notices a server whose serving future was dropped before it was asked to stop: its
/// runtime was shut down (a test that dropped its runtime before `finish`). The report
/// then says why the interactions after that point were never received.
struct EarlyStop {
    shared: Arc<Shared>,
    asked: bool,
}

impl Drop for EarlyStop {
    fn drop(&mut self) {
        if !self.asked {
            self.shared.stopped_early.store(true, Ordering::Relaxed);
        }
    }
}

/// The TLS handshake, in the connection's own task so a slow client cannot hold up the
/// accept loop, then the connection.
async fn tls_connection(
    acceptor: TlsAcceptor,
    stream: tokio::net::TcpStream,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let stream = tokio::select! {
        handshake = acceptor.accept(stream) => match handshake {
            Ok(stream) => stream,
            Err(error) => {
                tracing::debug!(%error, "mock server: TLS handshake failed");
                shared.journal().tls_failed(error.to_string());
                return;
            }
        },
        _ = shutdown.changed() => return,
    };
    connection(stream, shared, shutdown).await;
}

async fn connection<S>(stream: S, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let keep_alive = shared.keep_alive;
    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move { Ok::<_, Infallible>(handle(&shared, request).await.map(Full::new)) }
    });
    let connection = http1::Builder::new()
        .keep_alive(keep_alive)
        .serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        result = connection.as_mut() => {
            // A malformed request ends here: hyper has answered it with 400 already.
            if let Err(error) = result {
                tracing::debug!(%error, "mock server: connection ended with an error");
            }
            return;
        }
        _ = shutdown.changed() => {}
    }
    // Let an in-flight request finish; idle keep-alive connections close at once.
    connection.as_mut().graceful_shutdown();
    if let Err(error) = connection.await {
        tracing::debug!(%error, "mock server: connection ended with an error");
    }
}

async fn handle(shared: &Shared, request: hyper::Request<Incoming>) -> WireResponse {
    let (parts, body) = request.into_parts();
    let bytes = match read_body(body).await {
        Ok(bytes) => bytes,
        Err(failure) => {
            let actual = wire::actual_request(&parts, &[]);
            trace_request(&actual);
            let (status, error, reason) = match failure {
                BodyFailure::TooLarge => (
                    http::StatusCode::PAYLOAD_TOO_LARGE,
                    "request body too large",
                    format!("the body is larger than the limit of {MAX_BODY_BYTES} bytes"),
                ),
                BodyFailure::Read(read_error) => (
                    http::StatusCode::BAD_REQUEST,
                    "cannot read the request body",
                    format!("cannot read the body: {read_error}"),
                ),
            };
            tracing::debug!(method = %actual.method, path = %actual.path, %reason, "request refused");
            let explanation = json!({
                "error": error,
                "limitBytes": MAX_BODY_BYTES,
                "request": wire::request_json(&actual),
            });
            shared.journal().reject(actual, reason);
            return finish_response(shared, &parts, wire::error_response(status, explanation));
        }
    };
    let actual = wire::actual_request(&parts, &bytes);
    trace_request(&actual);
    if shared.cors
        && cors::is_preflight(&parts.method, &parts.headers)
        && !shared.journal().matches_any(&actual)
    {
        tracing::debug!(path = %actual.path, "answered a CORS pre-flight");
        return finish_response(shared, &parts, cors::preflight_response(&parts.headers));
    }
    let routed = shared.journal().route(&actual);
    let response = match routed {
        Routed::Ready(response) | Routed::Unexpected(response) => response,
        Routed::Generate {
            description,
            provider_states,
            response: expected,
        } => {
            let context = GeneratorContext::new()
                .mock_server_url(shared.base_url.as_str())
                .interaction(description.as_str());
            match crate::generators::generate_response(&expected, GeneratorMode::Consumer, &context)
            {
                Ok(generated) => wire::response(&generated),
                Err(error) => {
                    tracing::warn!(interaction = %description, %error, "cannot generate the response");
                    // The client gets a 500 instead of what the pact promises: a failure
                    // of the test, not just a log line.
                    shared.journal().response_failed(FailedResponse {
                        description: description.clone(),
                        provider_states,
                        request: actual.clone(),
                        reason: format!("cannot generate the response: {error}"),
                    });
                    wire::error_response(
                        http::StatusCode::INTERNAL_SERVER_ERROR,
                        json!({
                            "error": "cannot generate the response",
                            "interaction": description,
                            "reason": error.to_string(),
                        }),
                    )
                }
            }
        }
    };
    let response = finish_response(shared, &parts, response);
    drop_later(actual, bytes.len());
    response
}

/// Bodies from this size on are freed after the response is sent rather than before.
const DROP_LATER_BYTES: usize = 64 * 1024;

/// Frees the request once the response is out: a large parsed JSON body is a tree of many
/// small allocations (10,000 array elements take milliseconds to free), time the client
/// would otherwise wait. A task spawned here runs only after the connection's task has
/// written the response and yielded.
fn drop_later(actual: HttpRequest, body_bytes: usize) {
    if body_bytes >= DROP_LATER_BYTES {
        tokio::spawn(async move { drop(actual) });
    }
}

/// Adds the CORS header when CORS is on, and logs the response at TRACE.
fn finish_response(
    shared: &Shared,
    request: &http::request::Parts,
    mut response: WireResponse,
) -> WireResponse {
    if shared.cors {
        cors::allow_origin(&mut response, &request.headers);
    }
    if tracing::enabled!(tracing::Level::TRACE) {
        tracing::trace!(
            status = response.status().as_u16(),
            headers = ?response.headers(),
            body = %String::from_utf8_lossy(response.body()),
            "mock server: response"
        );
    }
    response
}

fn trace_request(actual: &HttpRequest) {
    if tracing::enabled!(tracing::Level::TRACE) {
        tracing::trace!(request = %wire::request_json(actual), "mock server: request");
    }
}

enum BodyFailure {
    TooLarge,
    Read(hyper::Error),
}

/// The whole body, up to [`MAX_BODY_BYTES`]; past that the rest is drained (up to
/// [`MAX_DRAIN_BYTES`]) so the client gets to read the `413`.
async fn read_body(mut body: Incoming) -> Result<Bytes, BodyFailure> {
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut received = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(BodyFailure::Read)?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        received = received.saturating_add(data.len());
        if received > MAX_DRAIN_BYTES {
            break;
        }
        if received <= MAX_BODY_BYTES {
            chunks.push(data);
        } else {
            chunks.clear();
        }
    }
    if received > MAX_BODY_BYTES {
        return Err(BodyFailure::TooLarge);
    }
    // Most bodies arrive in one chunk, which needs no copy.
    Ok(match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.swap_remove(0),
        _ => Bytes::from(chunks.concat()),
    })
}
