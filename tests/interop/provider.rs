//! The interop provider: a real loopback HTTP service that keeps the contract both consumers
//! (ours and the official one) describe, answering with values other than the pacts'
//! examples wherever a rule allows; and its broken variations, one [`Break`] each.
//!
//! Requests are checked the way a real provider checks them (the fields it needs, their
//! formats): a verifier that generated a request value breaking its own rule gets a `400`,
//! which fails the check. Provider states are set up through `POST /_pact/state`, in the
//! shape the official verifier sends (`{"state", "params", "action"}`); the answer holds the
//! values the provider really has, for the pacts' `${…}` expressions.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

/// The id `a user exists` really has (the pacts' example is 1).
pub const USER_ID: u64 = 77;
/// The id and code `an order exists` really has (the pacts' examples are 1 and `ord-1`).
pub const ORDER_ID: u64 = 42;
pub const ORDER_CODE: &str = "ord-42";

/// A PNG other than the pacts' example (2×1 pixels): a body matched by content type must
/// accept it.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0xf4, 0x22, 0x7f,
    0x8a, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x40, 0x05, 0x00,
    0x00, 0x0e, 0x00, 0x01, 0x7c, 0x4d, 0x4b, 0x5a, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

/// One way the provider breaks the contract, applied to every answer it gives (the check
/// verifies one interaction only). A break that finds nothing to change is reported, so a
/// check can never pass because its break missed.
#[derive(Debug, Clone)]
pub enum Break {
    /// Sets the JSON body's value at a JSON pointer (`/roles/0`), creating nothing.
    Set(&'static str, Value),
    /// Removes the JSON body's key at a JSON pointer.
    Remove(&'static str),
    /// Answers with another status.
    Status(u16),
    /// Replaces (or adds) a header.
    Header(&'static str, &'static str),
    /// Removes a header.
    DropHeader(&'static str),
    /// Replaces text in a body that is not JSON (XML, plain text).
    Replace(&'static str, &'static str),
    /// Replaces the whole body and its content type.
    Body(&'static str, &'static [u8]),
}

impl Break {
    /// A word a verifier's failure report must hold (compared case-insensitively) for the
    /// failure to be about this break rather than something else: the key a JSON break
    /// touches, the header, the status, or the body.
    pub fn evidence(&self) -> &'static str {
        match self {
            Break::Set(pointer, _) | Break::Remove(pointer) => {
                pointer.rsplit('/').next().unwrap_or(pointer)
            }
            Break::Status(_) => "status",
            Break::Header(name, _) | Break::DropHeader(name) => name,
            Break::Replace(..) | Break::Body(..) => "body",
        }
    }
}

/// A running provider.
pub struct Provider {
    pub addr: SocketAddr,
    broke: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Provider {
    /// The state-change URL, for both verifiers.
    pub fn state_url(&self) -> String {
        format!("http://{}/_pact/state", self.addr)
    }

    /// True when the break (if any) changed at least one answer.
    pub fn break_applied(&self) -> bool {
        self.broke.load(Ordering::SeqCst)
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Shared {
    addr: SocketAddr,
    breakage: Option<Break>,
    broke: Arc<AtomicBool>,
}

/// Starts the provider on a free loopback port, on the current Tokio runtime.
pub async fn start(breakage: Option<Break>) -> std::io::Result<Provider> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let broke = Arc::new(AtomicBool::new(false));
    let shared = Arc::new(Shared {
        addr,
        breakage,
        broke: Arc::clone(&broke),
    });
    let app = axum::Router::new().fallback(handle).with_state(shared);
    let task = tokio::spawn(async move {
        // A serve error ends the task; the verifier then reports a refused connection.
        let _ = axum::serve(listener, app).await;
    });
    Ok(Provider { addr, broke, task })
}

/// An answer before it is (maybe) broken and sent.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: ReplyBody,
}

enum ReplyBody {
    None,
    Json(Value),
    Bytes(&'static str, Vec<u8>),
}

impl Reply {
    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: ReplyBody::Json(body),
        }
    }

    fn bytes(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: ReplyBody::Bytes(content_type, body.into()),
        }
    }

    fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: ReplyBody::None,
        }
    }

    fn bad_request(why: impl Into<String>) -> Reply {
        Reply::json(400, json!({"error": why.into()}))
    }

    fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let query = parse_pairs(parts.uri.query().unwrap_or(""));
    let path = parts.uri.path().to_owned();
    let incoming = Incoming {
        method: parts.method.as_str(),
        path: &path,
        query: &query,
        headers: &parts.headers,
        body: &body,
        base: format!("http://{}", shared.addr),
    };
    if incoming.path == "/_pact/state" {
        return render(state_change(&incoming));
    }
    let mut reply = route(&incoming);
    if let Some(breakage) = &shared.breakage
        && apply(breakage, &mut reply)
    {
        shared.broke.store(true, Ordering::SeqCst);
    }
    render(reply)
}

struct Incoming<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a [(String, String)],
    headers: &'a HeaderMap,
    body: &'a Bytes,
    base: String,
}

impl Incoming<'_> {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }

    fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn json(&self) -> Option<Value> {
        serde_json::from_slice(self.body).ok()
    }
}

/// `a=1&b=2`, percent- and `+`-decoded.
fn parse_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[i], escaped) {
            (b'+', _) => out.push(b' '),
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 2;
            }
            (other, _) => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn state_change(incoming: &Incoming<'_>) -> Reply {
    let state = incoming
        .json()
        .and_then(|body| body.get("state").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default();
    match state.as_str() {
        "a user exists" => Reply::json(200, json!({"id": USER_ID})),
        "an order exists" => Reply::json(200, json!({"id": ORDER_ID, "code": ORDER_CODE})),
        _ => Reply::json(200, json!({})),
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_lower_word(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase())
}

fn is_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty() && !domain.is_empty() && !text.contains(char::is_whitespace)
    })
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn route(incoming: &Incoming<'_>) -> Reply {
    let segments: Vec<&str> = incoming.path.trim_start_matches('/').split('/').collect();
    match (incoming.method, segments.as_slice()) {
        ("GET", ["users", id]) => user(incoming, id),
        ("POST", ["users"]) => create_user(incoming),
        ("GET", ["search"]) => search(incoming),
        ("POST", ["login"]) => login(incoming),
        ("GET", ["motd"]) => Reply::bytes(200, "text/plain", "Carpe diem"),
        ("GET", ["catalog"]) => Reply::bytes(
            200,
            "application/xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog version=\"3\">\
             <item id=\"11\" sku=\"XY-99\"><name>Stapler</name><price>4.25</price></item>\
             <item id=\"12\" sku=\"ZZ-01\"><name>Clip</name><price>0.10</price></item></catalog>",
        ),
        ("GET", ["catalog-ns"]) => Reply::bytes(
            200,
            "application/xml",
            // Another prefix for the same namespace: names are compared by namespace.
            "<?xml version=\"1.0\"?><shop:catalog xmlns:shop=\"urn:shop\">\
             <shop:item id=\"11\"><shop:name>Stapler</shop:name></shop:item>\
             <shop:item id=\"12\"><shop:name>Clip</shop:name></shop:item></shop:catalog>",
        ),
        ("GET", ["clock"]) => Reply::json(
            200,
            json!({
                "date": "2031-07-08", "time": "23:59:01", "stamp": "2031-07-08T23:59:01",
                "zoned": "2031-07-08T23:59:01+02:00",
                "n": 8, "ratio": 0.25, "hex": "A1B2C3D4", "flag": false,
                "uuid": "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "code": "ZX-777",
                "token": "QWERTYUIOPAS", "next": format!("{}/clock?page=7", incoming.base),
            }),
        ),
        ("GET", ["orders", id]) => order(incoming, id),
        ("DELETE", ["orders", id]) => delete_order(incoming, id),
        ("GET", ["prices"]) => Reply::json(
            200,
            json!({
                "rates": {"gbp": 9.75, "jpy": 120.5, "chf": 3.5},
                "stock": {"stapler": 12, "clip": 0},
                "tags": ["clearance", "sale", "new"],
            }),
        ),
        ("GET", ["logo"]) => Reply::bytes(200, "image/png", PNG),
        ("POST", ["uploads"]) => upload(incoming),
        ("GET", ["health"]) => Reply::json(202, json!({"status": "up", "checks": ["db"]}))
            .with_header("X-Served-By", "edge-cache-7"),
        _ => Reply::json(
            404,
            json!({"error": format!("no route {} {}", incoming.method, incoming.path)}),
        ),
    }
}

fn user(incoming: &Incoming<'_>, id: &str) -> Reply {
    if !is_digits(id) {
        return Reply::json(404, json!({"error": "no such user"}));
    }
    if !incoming.header("Accept").starts_with("application/json") {
        return Reply::json(406, json!({"error": "JSON only"}));
    }
    let id: u64 = id.parse().unwrap_or(0);
    Reply::json(
        200,
        json!({
            "id": id, "name": "Zed", "email": "zed@example.org", "age": 51, "score": 3.75,
            "active": false, "roles": ["ops", "dev", "qa"], "born": "1990-12-31",
            "wake": "06:45:00", "joined": "2021-03-04T05:06:07+01:00",
            "bio": "really likes gift wrapping", "nickname": null, "balance": 12.5,
            "uuid": "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "version": "2.10.1-rc.1",
            "ip": "10.1.2.3", "team": "blue",
            "labels": {"team": "blue", "site": "north"},
        }),
    )
    .with_header("X-Trace", "trace-9f8e7d")
}

fn create_user(incoming: &Incoming<'_>) -> Reply {
    if !incoming
        .header("Content-Type")
        .starts_with("application/json")
    {
        return Reply::bad_request("the body must be JSON");
    }
    let Some(body) = incoming.json() else {
        return Reply::bad_request("the body is not JSON");
    };
    let name = body.get("name").and_then(Value::as_str).unwrap_or("");
    let email = body.get("email").and_then(Value::as_str).unwrap_or("");
    if name.is_empty() || !is_email(email) {
        return Reply::bad_request(format!("name and e-mail are required: {body}"));
    }
    if !body.get("priority").is_some_and(Value::is_i64) {
        return Reply::bad_request(format!("priority must be an integer: {body}"));
    }
    if let Some(request_id) = body.get("requestId")
        && !request_id.as_str().is_some_and(is_uuid)
    {
        return Reply::bad_request(format!("requestId must be a UUID: {body}"));
    }
    Reply::json(201, json!({"id": 1234, "name": name, "email": email}))
        .with_header("Location", "/users/1234")
}

fn search(incoming: &Incoming<'_>) -> Reply {
    let q = incoming.query("q").unwrap_or("");
    let page = incoming.query("page").unwrap_or("");
    if !is_lower_word(q) || !is_digits(page) {
        return Reply::bad_request(format!("bad query q={q:?} page={page:?}"));
    }
    Reply::json(
        200,
        json!({
            "query": q,
            "page": page.parse::<u64>().unwrap_or(0),
            "results": [{"id": 3, "title": "Three"}, {"id": 5, "title": "Five"}, {"id": 8, "title": "Eight"}],
        }),
    )
}

fn login(incoming: &Incoming<'_>) -> Reply {
    if !incoming
        .header("Content-Type")
        .starts_with("application/x-www-form-urlencoded")
    {
        return Reply::bad_request("a form is expected");
    }
    let form = parse_pairs(&String::from_utf8_lossy(incoming.body));
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    };
    let user = field("user");
    if !is_lower_word(user) || field("pass").is_empty() {
        return Reply::bad_request(format!("bad form {form:?}"));
    }
    Reply::bytes(200, "text/plain", format!("welcome, {user}!")).with_header("X-Session", "s-9182")
}

fn order(incoming: &Incoming<'_>, id: &str) -> Reply {
    if id != ORDER_ID.to_string() {
        return Reply::json(404, json!({"error": format!("no order {id}")}));
    }
    if incoming.header("X-Order-Code") != ORDER_CODE {
        return Reply::bad_request(format!(
            "X-Order-Code must be {ORDER_CODE}, got {:?}",
            incoming.header("X-Order-Code")
        ));
    }
    Reply::json(
        200,
        json!({"id": ORDER_ID, "code": ORDER_CODE, "total": 19.25}),
    )
}

fn delete_order(incoming: &Incoming<'_>, id: &str) -> Reply {
    if id != ORDER_ID.to_string() {
        return Reply::json(404, json!({"error": format!("no order {id}")}));
    }
    if incoming.query("reason") != Some(ORDER_CODE) {
        return Reply::bad_request(format!("reason must be {ORDER_CODE}"));
    }
    Reply::empty(204)
}

fn upload(incoming: &Incoming<'_>) -> Reply {
    let content_type = incoming.header("Content-Type");
    let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
    else {
        return Reply::bad_request(format!("multipart expected, got {content_type:?}"));
    };
    let body = String::from_utf8_lossy(incoming.body);
    if !body.contains(&format!("--{boundary}")) || !body.contains("name=\"file\"") {
        return Reply::bad_request("the part `file` is missing");
    }
    Reply::json(
        201,
        json!({"stored": false, "parts": body.matches("Content-Disposition").count()}),
    )
}

/// Applies `breakage` to `reply`; false when it found nothing to change.
fn apply(breakage: &Break, reply: &mut Reply) -> bool {
    match breakage {
        Break::Set(pointer, value) => match &mut reply.body {
            ReplyBody::Json(body) => match body.pointer_mut(pointer) {
                Some(slot) => {
                    *slot = value.clone();
                    true
                }
                None => false,
            },
            _ => false,
        },
        Break::Remove(pointer) => match &mut reply.body {
            ReplyBody::Json(body) => {
                let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
                body.pointer_mut(parent)
                    .and_then(Value::as_object_mut)
                    .and_then(|object| object.remove(key))
                    .is_some()
            }
            _ => false,
        },
        Break::Status(status) => {
            reply.status = *status;
            true
        }
        Break::Header(name, value) => {
            reply.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            reply.headers.push((name, (*value).to_owned()));
            true
        }
        Break::DropHeader(name) => {
            let before = reply.headers.len();
            reply.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            reply.headers.len() < before
        }
        Break::Replace(from, to) => match &mut reply.body {
            ReplyBody::Bytes(_, bytes) => {
                let text = String::from_utf8_lossy(bytes);
                if text.contains(from) {
                    *bytes = text.replace(from, to).into_bytes();
                    true
                } else {
                    false
                }
            }
            _ => false,
        },
        Break::Body(content_type, bytes) => {
            reply.body = ReplyBody::Bytes(content_type, bytes.to_vec());
            true
        }
    }
}

fn render(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (content_type, bytes) = match reply.body {
        ReplyBody::None => (None, Vec::new()),
        ReplyBody::Json(value) => (Some("application/json"), value.to_string().into_bytes()),
        ReplyBody::Bytes(content_type, bytes) => (Some(content_type), bytes),
    };
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Some(content_type) = content_type {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    for (name, value) in reply.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}
