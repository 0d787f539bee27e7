//! `pact mock`: mock servers as a process, for consumers written in other languages,
//! controlled over a small HTTP API (JSON in, JSON out) on 127.0.0.1.
//!
//! | Request | Does | Answers |
//! |---|---|---|
//! | `POST /mockserver` with a pact (`consumer`, `provider`, `interactions`) | starts a mock server with its HTTP interactions | `201 {"id", "port", "url"}`; `400 {"error"}` for a body that is not a pact |
//! | `GET /mockserver` | lists the running ones | `200 {"mockServers": [{"id", "port", "url", "consumer", "provider"}]}` |
//! | `GET /mockserver/{id}/mismatches` | what went wrong so far | `200 {"ok", "report"}` |
//! | `POST /mockserver/{id}/pact` | ends it: checks and writes the pact into `--pact-dir` | `200 {"ok": true, "path"}`; `422 {"ok": false, "error"}` (nothing written) |
//! | `DELETE /mockserver/{id}` | ends it without writing | `200 {"ok", "report"}` |
//! | `POST /shutdown` | ends every mock server, nothing written, and the process | `200 {}` |
//!
//! Unknown ids answer `404 {"error"}`. The first line on stdout is
//! `mock control API listening on URL`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use clap::Args;
use pact_runtime::mock_server::MockServer;
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::output;
use crate::{EXIT_OK, EXIT_USAGE};

pub(crate) const AFTER_HELP: &str = "\
Control API (JSON, on 127.0.0.1):
  POST   /mockserver                 body: a pact → 201 {\"id\", \"port\", \"url\"}
  GET    /mockserver                 → {\"mockServers\": [...]}
  GET    /mockserver/{id}/mismatches → {\"ok\", \"report\"}
  POST   /mockserver/{id}/pact       ends it, writes the pact → {\"ok\", \"path\"} or 422
  DELETE /mockserver/{id}            ends it without writing → {\"ok\", \"report\"}
  POST   /shutdown                   ends everything and the process

Exit codes:
  0  shut down through the API
  2  usage error, or the port cannot be bound";

/// The arguments of `pact mock`.
#[derive(Debug, Args)]
pub(crate) struct MockArgs {
    /// The control API's port on 127.0.0.1 (0: any free port).
    #[arg(short = 'p', long, default_value_t = 8080)]
    port: u16,
    /// Where pacts are written.
    #[arg(long, default_value = "pacts", value_name = "DIR")]
    pact_dir: PathBuf,
    /// Mock servers answer CORS pre-flight requests.
    #[arg(long)]
    cors: bool,
    /// Mock servers serve HTTPS with a generated certificate (its authority's PEM is in
    /// the creation answer as "caPem").
    #[arg(long)]
    tls: bool,
}

struct Running {
    server: MockServer,
    consumer: String,
    provider: String,
}

struct Shared {
    servers: Mutex<BTreeMap<u64, Running>>,
    next_id: AtomicU64,
    pact_dir: PathBuf,
    cors: bool,
    tls: bool,
    shutdown: watch::Sender<bool>,
}

type Answer = (StatusCode, Json<Value>);

fn answer(status: StatusCode, body: Value) -> Answer {
    (status, Json(body))
}

fn not_found(id: u64) -> Answer {
    answer(
        StatusCode::NOT_FOUND,
        json!({"error": format!("no mock server {id}")}),
    )
}

impl Shared {
    fn servers(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Running>> {
        // A poisoned map still holds valid servers; a panic elsewhere must not wedge the API.
        self.servers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn take(&self, id: u64) -> Option<Running> {
        self.servers().remove(&id)
    }
}

async fn create(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> Answer {
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(error) => {
            return answer(
                StatusCode::BAD_REQUEST,
                json!({"error": format!("the body is not JSON: {error}")}),
            );
        }
    };
    let pact = match pact_runtime::model::json::pact_from_json(&value, "request body") {
        Ok(pact) => pact,
        Err(error) => {
            return answer(StatusCode::BAD_REQUEST, json!({"error": error.to_string()}));
        }
    };
    let (consumer, provider) = (pact.consumer.clone(), pact.provider.clone());
    let mut builder = MockServer::builder(pact).output_dir(&shared.pact_dir);
    if shared.cors {
        builder = builder.cors();
    }
    if shared.tls {
        builder = builder.tls();
    }
    let server = match builder.start() {
        Ok(server) => server,
        Err(error) => {
            return answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"error": error.to_string()}),
            );
        }
    };
    let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
    let body = json!({
        "id": id,
        "port": server.address().port(),
        "url": server.url(),
        "caPem": server.ca_pem(),
    });
    shared.servers().insert(
        id,
        Running {
            server,
            consumer,
            provider,
        },
    );
    answer(StatusCode::CREATED, body)
}

async fn list(State(shared): State<Arc<Shared>>) -> Answer {
    let servers: Vec<Value> = shared
        .servers()
        .iter()
        .map(|(id, running)| {
            json!({
                "id": id,
                "port": running.server.address().port(),
                "url": running.server.url(),
                "consumer": running.consumer,
                "provider": running.provider,
            })
        })
        .collect();
    answer(StatusCode::OK, json!({"mockServers": servers}))
}

async fn mismatches(State(shared): State<Arc<Shared>>, Path(id): Path<u64>) -> Answer {
    let servers = shared.servers();
    let Some(running) = servers.get(&id) else {
        return not_found(id);
    };
    let report = running.server.report();
    answer(
        StatusCode::OK,
        json!({"ok": report.is_empty(), "report": report.to_string()}),
    )
}

async fn write_pact(State(shared): State<Arc<Shared>>, Path(id): Path<u64>) -> Answer {
    let Some(running) = shared.take(id) else {
        return not_found(id);
    };
    // Finishing stops the server and waits for it, and writes a file: off the async
    // workers.
    let finished = tokio::task::spawn_blocking(move || running.server.finish()).await;
    match finished {
        Ok(Ok(file)) => answer(
            StatusCode::OK,
            json!({"ok": true, "path": file.path.display().to_string()}),
        ),
        Ok(Err(error)) => answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"ok": false, "error": error.to_string()}),
        ),
        Err(error) => answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"ok": false, "error": error.to_string()}),
        ),
    }
}

async fn delete(State(shared): State<Arc<Shared>>, Path(id): Path<u64>) -> Answer {
    let Some(running) = shared.take(id) else {
        return not_found(id);
    };
    match tokio::task::spawn_blocking(move || running.server.abandon()).await {
        Ok(report) => answer(
            StatusCode::OK,
            json!({"ok": report.is_empty(), "report": report.to_string()}),
        ),
        Err(error) => answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"ok": false, "error": error.to_string()}),
        ),
    }
}

async fn shut_down(State(shared): State<Arc<Shared>>) -> Answer {
    shared.shutdown.send_replace(true);
    answer(StatusCode::OK, json!({}))
}

/// Runs `pact mock` until `POST /shutdown`.
pub(crate) async fn run(args: MockArgs) -> u8 {
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await {
        Ok(listener) => listener,
        Err(error) => {
            output::error(&format!(
                "cannot listen on 127.0.0.1:{}: {error}",
                args.port
            ));
            return EXIT_USAGE;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(error) => {
            output::error(&format!("cannot read the bound address: {error}"));
            return EXIT_USAGE;
        }
    };
    let (shutdown, mut stopped) = watch::channel(false);
    let shared = Arc::new(Shared {
        servers: Mutex::new(BTreeMap::new()),
        next_id: AtomicU64::new(1),
        pact_dir: args.pact_dir,
        cors: args.cors,
        tls: args.tls,
        shutdown,
    });
    let app = axum::Router::new()
        .route("/mockserver", post(create).get(list))
        .route("/mockserver/{id}/mismatches", get(mismatches))
        .route("/mockserver/{id}/pact", post(write_pact))
        .route("/mockserver/{id}", axum::routing::delete(delete))
        .route("/shutdown", post(shut_down))
        .with_state(Arc::clone(&shared));
    anstream::println!("mock control API listening on http://{address}");
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        })
        .await;
    // Whatever is still running ends without a pact, as the API documents.
    let left: Vec<Running> = std::mem::take(&mut *shared.servers())
        .into_values()
        .collect();
    for running in left {
        let _ = tokio::task::spawn_blocking(move || running.server.abandon()).await;
    }
    match served {
        Ok(()) => EXIT_OK,
        Err(error) => {
            output::error(&format!("the control API stopped: {error}"));
            EXIT_USAGE
        }
    }
}
