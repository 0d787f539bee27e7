//! Message pacts across the two implementations, both directions.
//!
//! - The messages: an asynchronous `users.created` event (JSON with type, integer, regex
//!   and min rules, a topic in its metadata matched by a regex), an asynchronous plain-text
//!   notice, and (V4) a synchronous price quote answering a request message.
//! - [`write_ours`]: our consumer message API writes them (V3 asynchronous only, V4 all),
//!   each handed to the consumer's handler first, as a user's test does.
//!   `interop/official_messages.py` makes pact-python write the same messages.
//! - The provider: [`produce`] builds what the real producer publishes (other values than
//!   the pacts' examples wherever a rule allows), [`MessageBreak`] breaks it in one aspect.
//!   It is served by [`start_endpoint`] with the official verifier's convention (a `POST`
//!   of `{"description", "providerStates", "request"?}` answered with the contents as the
//!   body and base64 JSON metadata in `Pact-Message-Metadata`), and is also the in-process
//!   producer of our verifier ([`in_process`]).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use base64::Engine as _;
use pact_runtime::json_pattern;
use pact_runtime::matchers::{decimal, each_like, integer, like, term};
use pact_runtime::message::{Contents, Message, MessagePact, SyncMessage};
use pact_runtime::model::{Pact, SpecVersion, WriteMode};
use pact_runtime::provider::{MessageContext, PactSource, ProviderMessage, Verifier};
use serde_json::{Map, Value, json};

use super::checks::Direction;
use super::oracle;

pub const CONSUMER: &str = "rust-message-consumer";
pub const PROVIDER: &str = "interop-message-provider";

pub const USER_CREATED: &str = "a user created event";
pub const NOTICE: &str = "a maintenance notice";
pub const QUOTE: &str = "a price quote";

/// The event as our consumer reads it.
#[derive(serde::Deserialize)]
struct UserCreated {
    id: u64,
    name: String,
    email: String,
    roles: Vec<String>,
}

/// Our consumer's handler of the event: what the application under test would run.
fn on_user_created(event: UserCreated) -> Result<(), String> {
    if event.name.is_empty() || !event.email.contains('@') || event.roles.is_empty() {
        return Err(format!("user {} is incomplete", event.id));
    }
    Ok(())
}

/// Writes our consumer's message pact in `version` (V3 or V4) into `dir`.
///
/// # Errors
/// What a handler or the writer reported.
pub fn write_ours(version: SpecVersion, dir: &Path) -> Result<PathBuf, String> {
    let mut pact = MessagePact::builder(Pact::new(CONSUMER, PROVIDER))
        .spec_version(version)
        .output_dir(dir)
        .write_mode(WriteMode::Overwrite)
        .build()
        .map_err(|e| e.to_string())?;
    let played = play(version, &mut pact);
    if let Err(why) = played {
        pact.abandon();
        return Err(why);
    }
    pact.finish()
        .map(|file| file.path)
        .map_err(|e| e.to_string())
}

fn play(version: SpecVersion, pact: &mut MessagePact) -> Result<(), String> {
    pact.verify_as(
        Message::new(USER_CREATED)
            .given_with_params("a user is created", json!({"id": 42}))
            .json(json_pattern!({
                "id": integer(1),
                "name": like("Alice"),
                "email": term("alice@example.com", r"^[^@\s]+@[^@\s]+$"),
                "roles": each_like("admin", 1),
            }))
            .metadata("topic", term("users.created", r"^users\.\w+$"))
            .metadata("contentType", "application/json"),
        on_user_created,
    )
    .map_err(|e| e.to_string())?;
    pact.verify(
        Message::new(NOTICE)
            .text("maintenance at noon")
            .metadata("channel", "ops"),
        |notice| match notice.text() {
            Some(text) if !text.is_empty() => Ok(()),
            _ => Err("an empty notice"),
        },
    )
    .map_err(|e| e.to_string())?;
    if version == SpecVersion::V4 {
        let exchange = pact
            .exchange(
                SyncMessage::new(QUOTE)
                    .given("sku A-1 is in stock")
                    .request(Contents::json(json_pattern!({"sku": like("B-2")})))
                    .response(Contents::json(json_pattern!({
                        "sku": like("B-2"),
                        "price": decimal(99.5),
                        "currency": "EUR",
                    }))),
            )
            .map_err(|e| e.to_string())?;
        let quote: Value = exchange.responses[0].json().map_err(|e| e.to_string())?;
        if !quote["price"].is_f64() {
            return Err(format!("the quote has no price: {quote}"));
        }
    }
    Ok(())
}

/// One way the provider breaks the messages it publishes (applied to every message; a
/// check verifies one). A break that finds nothing to change is reported, so a check can
/// never pass because its break missed.
#[derive(Debug, Clone)]
pub enum MessageBreak {
    /// Sets the JSON contents' value at a JSON pointer.
    Set(&'static str, Value),
    /// Removes the JSON contents' key at a JSON pointer.
    Remove(&'static str),
    /// Sets a metadata entry.
    Metadata(&'static str, Value),
    /// Replaces text in text contents.
    Text(&'static str, &'static str),
}

impl MessageBreak {
    /// A word a verifier's failure report must hold (case-insensitively) for the failure
    /// to be about this break: the key touched, the metadata key, or the body.
    pub fn evidence(&self) -> &'static str {
        match self {
            MessageBreak::Set(pointer, _) | MessageBreak::Remove(pointer) => {
                pointer.rsplit('/').next().unwrap_or(pointer)
            }
            MessageBreak::Metadata(key, _) => key,
            MessageBreak::Text(..) => "body",
        }
    }

    /// Applies the break; false when it found nothing to change.
    fn apply(&self, message: &mut Produced) -> bool {
        match (self, &mut message.contents) {
            (MessageBreak::Set(pointer, value), Payload::Json(body)) => {
                match body.pointer_mut(pointer) {
                    Some(slot) => {
                        *slot = value.clone();
                        true
                    }
                    None => false,
                }
            }
            (MessageBreak::Remove(pointer), Payload::Json(body)) => {
                let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
                body.pointer_mut(parent)
                    .and_then(Value::as_object_mut)
                    .and_then(|object| object.remove(key))
                    .is_some()
            }
            (MessageBreak::Metadata(key, value), _) => {
                message.metadata.insert((*key).to_owned(), value.clone());
                true
            }
            (MessageBreak::Text(from, to), Payload::Text(text)) if text.contains(from) => {
                *text = text.replace(from, to);
                true
            }
            _ => false,
        }
    }
}

/// The contents of a produced message.
#[derive(Debug, Clone)]
enum Payload {
    Json(Value),
    Text(String),
}

/// What the producer publishes: contents and metadata.
#[derive(Debug, Clone)]
pub struct Produced {
    contents: Payload,
    metadata: Map<String, Value>,
}

impl Produced {
    fn json(value: Value) -> Produced {
        let metadata = Map::from_iter([("contentType".to_owned(), json!("application/json"))]);
        Produced {
            contents: Payload::Json(value),
            metadata,
        }
    }

    fn with_metadata(mut self, key: &str, value: Value) -> Produced {
        self.metadata.insert(key.to_owned(), value);
        self
    }

    /// The body bytes and their content type.
    fn body(&self) -> (Vec<u8>, &'static str) {
        match &self.contents {
            Payload::Json(value) => (value.to_string().into_bytes(), "application/json"),
            Payload::Text(text) => (text.clone().into_bytes(), "text/plain"),
        }
    }

    /// As our verifier's in-process producers return it.
    fn into_provider_message(self) -> ProviderMessage {
        let mut message = match self.contents {
            Payload::Json(value) => ProviderMessage::json_value_of(value),
            Payload::Text(text) => ProviderMessage::text(text),
        };
        for (key, value) in self.metadata {
            message = message.metadata(key, value);
        }
        message
    }
}

/// The message the real producer publishes for `description`; `request` is the request
/// message of a synchronous one (its JSON contents). Values differ from the pacts'
/// examples wherever a rule allows it.
///
/// # Errors
/// An unknown description, or a quote request without a sku.
pub fn produce(description: &str, request: Option<&Value>) -> Result<Produced, String> {
    match description {
        USER_CREATED => Ok(Produced::json(json!({
            "id": 77, "name": "Zed", "email": "zed@example.org", "roles": ["ops", "dev"],
        }))
        .with_metadata("topic", json!("users.v2"))),
        NOTICE => Ok(Produced {
            contents: Payload::Text("maintenance at noon".to_owned()),
            metadata: Map::from_iter([
                ("contentType".to_owned(), json!("text/plain")),
                ("channel".to_owned(), json!("ops")),
            ]),
        }),
        QUOTE => {
            let sku = request
                .and_then(|request| request.get("sku"))
                .and_then(Value::as_str)
                .ok_or_else(|| format!("a quote request needs a sku: {request:?}"))?;
            Ok(Produced::json(
                json!({"sku": sku, "price": 12.25, "currency": "EUR"}),
            ))
        }
        other => Err(format!("no producer for {other:?}")),
    }
}

/// [`produce`], broken by `breakage`; `broke` is set when the break changed something.
fn produce_broken(
    description: &str,
    request: Option<&Value>,
    breakage: Option<&MessageBreak>,
    broke: &AtomicBool,
) -> Result<Produced, String> {
    let mut produced = produce(description, request)?;
    if let Some(breakage) = breakage
        && breakage.apply(&mut produced)
    {
        broke.store(true, Ordering::SeqCst);
    }
    Ok(produced)
}

/// Our verifier with the provider's producers registered in-process, broken by
/// `breakage`; `broke` is set when the break changed a message.
pub fn in_process(breakage: Option<MessageBreak>, broke: Arc<AtomicBool>) -> Verifier {
    let breakage = Arc::new(breakage);
    let producer = |description: &'static str| {
        let (breakage, broke) = (Arc::clone(&breakage), Arc::clone(&broke));
        move |_context: MessageContext| {
            produce_broken(description, None, breakage.as_ref().as_ref(), &broke)
                .map(Produced::into_provider_message)
        }
    };
    let (quote_breakage, quote_broke) = (Arc::clone(&breakage), Arc::clone(&broke));
    Verifier::for_messages(PROVIDER)
        .message(USER_CREATED, producer(USER_CREATED))
        .message(NOTICE, producer(NOTICE))
        .sync_message(
            QUOTE,
            move |_context: MessageContext, request: ProviderMessage| {
                produce_broken(
                    QUOTE,
                    request.json_value(),
                    quote_breakage.as_ref().as_ref(),
                    &quote_broke,
                )
                .map(Produced::into_provider_message)
            },
        )
}

/// A running message endpoint.
pub struct Endpoint {
    pub addr: SocketAddr,
    broke: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Endpoint {
    /// The URL messages are asked for.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The state-change URL (states need no setup here; it answers `{}`).
    pub fn state_url(&self) -> String {
        format!("http://{}/_pact/state", self.addr)
    }

    /// True when the break (if any) changed at least one message.
    pub fn break_applied(&self) -> bool {
        self.broke.load(Ordering::SeqCst)
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Shared {
    breakage: Option<MessageBreak>,
    broke: Arc<AtomicBool>,
}

/// Serves the provider's messages on a free loopback port, on the current Tokio runtime.
pub async fn start_endpoint(breakage: Option<MessageBreak>) -> std::io::Result<Endpoint> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let broke = Arc::new(AtomicBool::new(false));
    let shared = Arc::new(Shared {
        breakage,
        broke: Arc::clone(&broke),
    });
    let app = axum::Router::new()
        .route(
            "/_pact/state",
            axum::routing::post(|| async { axum::Json(json!({})) }),
        )
        .fallback(answer)
        .with_state(shared);
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(Endpoint { addr, broke, task })
}

/// `POST {"description", "providerStates", "request"?}` → the message.
async fn answer(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> Response {
    let asked: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let description = asked["description"].as_str().unwrap_or_default();
    // The request message as V4 writes message contents: `{"contents": {"content": …}}`.
    let request = asked.pointer("/request/contents/content");
    match produce_broken(
        description,
        request,
        shared.breakage.as_ref(),
        &shared.broke,
    ) {
        Ok(produced) => {
            let (bytes, content_type) = produced.body();
            let metadata = base64::engine::general_purpose::STANDARD
                .encode(Value::Object(produced.metadata).to_string());
            let mut response = Response::new(Body::from(bytes));
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Ok(value) = HeaderValue::from_str(&metadata) {
                headers.insert("Pact-Message-Metadata", value);
            }
            response
        }
        Err(why) => {
            let mut response = Response::new(Body::from(why));
            *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
            response
        }
    }
}

/// How the verifier gets the provider's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// In-process producers (our verifier only).
    InProcess,
    /// The provider's message endpoint (both verifiers).
    Endpoint,
}

/// One message check: which message of which pact is verified, how, against which
/// provider.
#[derive(Debug, Clone)]
pub struct MessageCheck {
    pub direction: Direction,
    /// `v3` or `v4`.
    pub version: &'static str,
    pub transport: Transport,
    pub description: &'static str,
    pub breakage: Option<(&'static str, MessageBreak)>,
}

impl MessageCheck {
    /// `{direction}/{version}/message {transport}/{description}: passes` (or `fails when …`).
    pub fn name(&self) -> String {
        let transport = match self.transport {
            Transport::InProcess => "in-process",
            Transport::Endpoint => "endpoint",
        };
        let base = format!(
            "{}/{}/message {transport}/{}",
            self.direction.name(),
            self.version,
            self.description
        );
        match &self.breakage {
            None => format!("{base}: passes"),
            Some((aspect, _)) => format!("{base}: fails when {aspect}"),
        }
    }
}

/// The broken aspects checked, by version: (message, aspect, break). Both consumers put
/// rules (or exact values) on these, so both verifiers must fail them.
fn breakages(version: &str) -> Vec<(&'static str, &'static str, MessageBreak)> {
    use MessageBreak::{Metadata, Remove, Set, Text};
    let mut all = vec![
        (
            USER_CREATED,
            "the integer id is a string",
            Set("/id", json!("77")),
        ),
        (
            USER_CREATED,
            "the e-mail misses its regex",
            Set("/email", json!("zed at example.org")),
        ),
        (USER_CREATED, "the name is missing", Remove("/name")),
        (
            USER_CREATED,
            "the roles are fewer than the minimum",
            Set("/roles", json!([])),
        ),
        (
            USER_CREATED,
            "the topic metadata misses its regex",
            Metadata("topic", json!("orders.created")),
        ),
        (NOTICE, "the text contents differ", Text("noon", "midnight")),
        (
            NOTICE,
            "the channel metadata differs",
            Metadata("channel", json!("sales")),
        ),
    ];
    if version == "v4" {
        all.extend([
            (
                QUOTE,
                "the decimal price is an integer",
                Set("/price", json!(12)),
            ),
            (
                QUOTE,
                "the currency differs",
                Set("/currency", json!("USD")),
            ),
        ]);
    }
    all
}

/// Every message check, in a stable order.
pub fn all() -> Vec<MessageCheck> {
    let mut checks = Vec::new();
    let routes = [
        (Direction::OursToOfficial, Transport::Endpoint),
        (Direction::OfficialToOurs, Transport::InProcess),
        (Direction::OfficialToOurs, Transport::Endpoint),
    ];
    for (direction, transport) in routes {
        for version in ["v3", "v4"] {
            let mut descriptions = vec![USER_CREATED, NOTICE];
            if version == "v4" {
                descriptions.push(QUOTE);
            }
            for description in descriptions {
                checks.push(MessageCheck {
                    direction,
                    version,
                    transport,
                    description,
                    breakage: None,
                });
            }
            for (description, aspect, breakage) in breakages(version) {
                checks.push(MessageCheck {
                    direction,
                    version,
                    transport,
                    description,
                    breakage: Some((aspect, breakage)),
                });
            }
        }
    }
    checks
}

/// Runs one message check against the pact `pact` (ours or the official one, as the
/// direction says).
///
/// # Errors
/// Why the check failed: the correct provider failed, a broken one passed, or failed for
/// another reason than its break.
pub fn run(check: &MessageCheck, pact: &Path) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot build a runtime: {e}"))?;
    let breakage = check
        .breakage
        .as_ref()
        .map(|(_, breakage)| breakage.clone());
    let (verdict, applied) = match (check.direction, check.transport) {
        (Direction::OursToOfficial, _) => {
            let endpoint = runtime
                .block_on(start_endpoint(breakage))
                .map_err(|e| format!("cannot start the message endpoint: {e}"))?;
            let oracle = oracle::dir()?;
            let run = oracle::verify(
                &oracle,
                pact,
                check.description,
                endpoint.addr.port(),
                &endpoint.state_url(),
            )?;
            if !run.output.contains(check.description) {
                return Err(format!(
                    "the official verifier did not verify {:?}:\n{}",
                    check.description, run.output
                ));
            }
            ((run.success, run.output), endpoint.break_applied())
        }
        (Direction::OfficialToOurs, Transport::Endpoint) => {
            let endpoint = runtime
                .block_on(start_endpoint(breakage))
                .map_err(|e| format!("cannot start the message endpoint: {e}"))?;
            let verifier = Verifier::for_messages(PROVIDER).message_endpoint(endpoint.url());
            let verdict = runtime.block_on(verify_with_ours(verifier, check, pact))?;
            (verdict, endpoint.break_applied())
        }
        (Direction::OfficialToOurs, Transport::InProcess) => {
            let broke = Arc::new(AtomicBool::new(false));
            let verifier = in_process(breakage, Arc::clone(&broke));
            let verdict = runtime.block_on(verify_with_ours(verifier, check, pact))?;
            (verdict, broke.load(Ordering::SeqCst))
        }
    };
    let (passed, output) = verdict;
    let verifier = match check.direction {
        Direction::OursToOfficial => "the official verifier",
        Direction::OfficialToOurs => "our verifier",
    };
    match &check.breakage {
        None if passed => Ok(()),
        None => Err(format!(
            "{verifier} failed the correct provider:\n{output}\npact: {}",
            pact.display()
        )),
        Some(_) if !applied => Err(format!(
            "the break changed nothing the provider sent, so this check proves nothing:\n{output}"
        )),
        Some((aspect, _)) if passed => Err(format!(
            "{verifier} passed a provider that is broken ({aspect}):\n{output}\npact: {}",
            pact.display()
        )),
        Some((aspect, breakage))
            if !output
                .to_lowercase()
                .contains(&breakage.evidence().to_lowercase()) =>
        {
            Err(format!(
                "{verifier} failed a provider broken ({aspect}), but its report never names \
                 {:?}, so it failed for another reason:\n{output}",
                breakage.evidence()
            ))
        }
        Some(_) => Ok(()),
    }
}

async fn verify_with_ours(
    verifier: Verifier,
    check: &MessageCheck,
    pact: &Path,
) -> Result<(bool, String), String> {
    let report = verifier
        .filter_description(format!("^{}$", check.description))
        .timeout(std::time::Duration::from_secs(10))
        .verify(&[PactSource::file(pact)])
        .await;
    let verified = report.interactions().count();
    if verified != 1 {
        return Err(format!(
            "our verifier verified {verified} interactions, not the one named {:?}:\n{report}",
            check.description
        ));
    }
    Ok((report.is_ok(), report.to_string()))
}
