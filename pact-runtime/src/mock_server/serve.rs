//! The accept loop and the per-request handler.

use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};

use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use super::journal::Journal;
use super::wire::{self, WireResponse};

/// Request bodies larger than this are refused with `413` rather than buffered.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Accepts connections until `shutdown` turns true (or its sender is dropped).
pub(crate) async fn serve(
    listener: TcpListener,
    journal: Arc<Mutex<Journal>>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(connection(stream, Arc::clone(&journal), shutdown.clone()));
                }
                Err(error) => tracing::debug!(%error, "mock server: accept failed"),
            },
            _ = shutdown.changed() => break,
        }
    }
    tracing::debug!("mock server: stopped accepting connections");
}

async fn connection(
    stream: TcpStream,
    journal: Arc<Mutex<Journal>>,
    mut shutdown: watch::Receiver<bool>,
) {
    let service = service_fn(move |request| {
        let journal = Arc::clone(&journal);
        async move { Ok::<_, Infallible>(handle(&journal, request).await) }
    });
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        result = connection.as_mut() => {
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

async fn handle(journal: &Mutex<Journal>, request: hyper::Request<Incoming>) -> WireResponse {
    let (parts, body) = request.into_parts();
    let bytes = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            let too_large = error
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            let actual = wire::actual_request(&parts, &[]);
            let explanation = json!({
                "error": if too_large { "request body too large" } else { "cannot read the request body" },
                "limitBytes": MAX_BODY_BYTES,
                "request": wire::request_json(&actual),
            });
            lock(journal).reject(actual);
            let status = if too_large {
                http::StatusCode::PAYLOAD_TOO_LARGE
            } else {
                http::StatusCode::BAD_REQUEST
            };
            return wire::error_response(status, explanation);
        }
    };
    let actual = wire::actual_request(&parts, &bytes);
    let routed = lock(journal).route(actual);
    match routed {
        Ok(response) => wire::response(&response),
        Err(unexpected) => wire::unexpected_response(&unexpected),
    }
}

/// The journal, even after a panic elsewhere: it only holds records, which stay
/// consistent because every update is a single push or increment.
pub(crate) fn lock(journal: &Mutex<Journal>) -> std::sync::MutexGuard<'_, Journal> {
    journal.lock().unwrap_or_else(PoisonError::into_inner)
}
