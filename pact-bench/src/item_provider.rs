//! The provider workload 4 verifies: a plain hyper HTTP/1 server on `127.0.0.1:0`, on a
//! thread of its own with its own current-thread runtime, so the verifier's runtime does
//! nothing but verify. `GET /items/n` answers 200 with item n; anything else is a 404.

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

use crate::error::BenchError;

/// The running provider; dropping it stops the server and joins its thread.
#[derive(Debug)]
pub(crate) struct ItemProvider {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ItemProvider {
    /// Binds `127.0.0.1:0` and serves on a new thread.
    pub(crate) fn start() -> Result<ItemProvider, BenchError> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(BenchError::Provider)?;
        listener
            .set_nonblocking(true)
            .map_err(BenchError::Provider)?;
        let addr = listener.local_addr().map_err(BenchError::Provider)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(BenchError::Runtime)?;
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("item-provider".to_owned())
            .spawn(move || runtime.block_on(serve(listener, stopped)))
            .map_err(BenchError::Provider)?;
        Ok(ItemProvider {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for ItemProvider {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(listener: std::net::TcpListener, mut stopped: oneshot::Receiver<()>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("item provider: {error}");
            return;
        }
    };
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(async move {
                        let served = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service_fn(answer))
                            .await;
                        if let Err(error) = served {
                            eprintln!("item provider: connection error: {error}");
                        }
                    });
                }
                Err(error) => eprintln!("item provider: accept failed: {error}"),
            },
            _ = &mut stopped => break,
        }
    }
}

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let item = (request.method() == hyper::Method::GET)
        .then(|| request.uri().path().strip_prefix("/items/"))
        .flatten()
        .and_then(|n| n.parse::<u64>().ok());
    let response = match item {
        Some(n) => Response::builder()
            .status(StatusCode::OK)
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(item_json(n)))),
        None => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Full::new(Bytes::new())),
    };
    // Both builders are given only valid parts.
    Ok(response.unwrap_or_else(|_| Response::new(Full::new(Bytes::new()))))
}

/// The provider's item `n`, compact JSON.
pub(crate) fn item_json(n: u64) -> String {
    format!(
        r#"{{"id":{n},"name":"Widget #{n}","price":19.99,"inStock":{},"tags":["x","y","z"],"createdAt":"2025-06-01T12:30:00Z"}}"#,
        n.is_multiple_of(2)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_valid_json_with_the_documented_fields() {
        let item: serde_json::Value = serde_json::from_str(&item_json(4)).expect("JSON");
        assert_eq!(item["name"], "Widget #4");
        assert_eq!(item["inStock"], true);
        assert_eq!(item["tags"].as_array().map(Vec::len), Some(3));
        let odd: serde_json::Value = serde_json::from_str(&item_json(3)).expect("JSON");
        assert_eq!(odd["inStock"], false);
    }

    #[test]
    fn the_provider_answers_items_and_404s_everything_else() {
        let provider = ItemProvider::start().expect("a provider");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let client = {
            let _context = runtime.enter();
            reqwest::Client::new()
        };
        let base = provider.url();
        let (item, other) = runtime.block_on(async {
            let item = client.get(format!("{base}/items/7")).send().await;
            let other = client.get(format!("{base}/users/7")).send().await;
            (item, other)
        });
        let item = item.expect("a response");
        assert_eq!(item.status(), reqwest::StatusCode::OK);
        assert_eq!(
            item.headers()[reqwest::header::CONTENT_TYPE],
            "application/json"
        );
        assert_eq!(other.expect("a response").status(), StatusCode::NOT_FOUND);
    }
}
