//! Our side as a consumer: consumer tests written with our DSL the way a user writes them
//! (a mock server, a real HTTP client calling it, then the pact file written), describing
//! the interop provider's API in specification V2, V3 and V4. Together the three pacts use
//! every matcher, generator, body kind and HTTP part the DSL offers (V2 and V3 the subset
//! their specification can carry).

use std::path::{Path, PathBuf};

use pact_runtime::consumer::{Interaction, Multipart, Request, Response};
use pact_runtime::json_pattern;
use pact_runtime::matchers::{
    array_containing, boolean, content_type, date, date_expression, datetime, datetime_expression,
    decimal, each_key, each_like, each_like_between, each_like_max, each_value, equal_to, formats,
    from_provider_state, include, integer, like, mock_server_url, not_empty, null, nullable,
    number, random_boolean, random_decimal, random_from_regex, random_hex, random_integer,
    random_string, random_uuid, semver, status_code, term, time, time_expression, values,
};
use pact_runtime::mock_server::MockServer;
use pact_runtime::model::{Pact, SpecVersion, StatusClass, UuidFormat};
use serde_json::{Value, json};

pub const CONSUMER: &str = "rust-consumer";
pub const PROVIDER: &str = "interop-provider";

/// The example PNG of the logo (1×1 pixel); the provider sends another one.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x01, 0xe2, 0x21, 0xbc, 0x33, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// The consumer's HTTP client: what the application under test would call.
struct Client {
    base: String,
    http: reqwest::blocking::Client,
}

type Answer = Result<(u16, reqwest::header::HeaderMap, Vec<u8>), String>;

impl Client {
    fn new(base: String) -> Client {
        Client {
            base,
            http: reqwest::blocking::Client::new(),
        }
    }

    fn send(&self, request: reqwest::blocking::RequestBuilder) -> Answer {
        let response = request.send().map_err(|e| format!("request failed: {e}"))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().map_err(|e| e.to_string())?.to_vec();
        Ok((status, headers, body))
    }

    fn json(
        &self,
        request: reqwest::blocking::RequestBuilder,
        status: u16,
    ) -> Result<Value, String> {
        let (got, _, body) = self.send(request)?;
        if got != status {
            return Err(format!(
                "expected {status}, got {got}: {}",
                String::from_utf8_lossy(&body)
            ));
        }
        serde_json::from_slice(&body).map_err(|e| format!("not JSON: {e}"))
    }

    fn user(&self, id: u64) -> Result<Value, String> {
        let url = format!("{}/users/{id}", self.base);
        self.json(self.http.get(url).header("Accept", "application/json"), 200)
    }

    fn create_user(&self, body: Value) -> Result<Value, String> {
        let url = format!("{}/users", self.base);
        self.json(self.http.post(url).json(&body), 201)
    }

    fn search(&self, q: &str, page: &str) -> Result<Value, String> {
        let url = format!("{}/search", self.base);
        self.json(self.http.get(url).query(&[("q", q), ("page", page)]), 200)
    }

    fn text(&self, request: reqwest::blocking::RequestBuilder) -> Result<String, String> {
        let (status, _, body) = self.send(request)?;
        if status != 200 {
            return Err(format!("unexpected status {status}"));
        }
        String::from_utf8(body).map_err(|e| e.to_string())
    }

    fn login(&self, user: &str, pass: &str) -> Result<String, String> {
        let url = format!("{}/login", self.base);
        self.text(self.http.post(url).form(&[("user", user), ("pass", pass)]))
    }

    fn get(&self, path: &str) -> Answer {
        self.send(self.http.get(format!("{}{path}", self.base)))
    }
}

/// Writes our consumer's pact in `version` into `dir` and returns its path.
///
/// # Errors
/// What the client or the mock server reported.
pub fn write_pact(version: SpecVersion, dir: &Path) -> Result<PathBuf, String> {
    let server = MockServer::builder(Pact::new(CONSUMER, PROVIDER))
        .spec_version(version)
        .output_dir(dir)
        .start()
        .map_err(|e| e.to_string())?;
    let client = Client::new(server.url());
    let outcome = play(version, &server, &client);
    if let Err(why) = outcome {
        let report = server.abandon();
        return Err(format!("{why}\nmock server: {report}"));
    }
    let file = server.finish().map_err(|e| e.to_string())?;
    Ok(file.path)
}

fn play(version: SpecVersion, server: &MockServer, client: &Client) -> Result<(), String> {
    let v2 = version == SpecVersion::V2;
    let v4 = version == SpecVersion::V4;
    users(version, server, client)?;
    create_user(version, server, client)?;
    search(version, server, client)?;
    login(version, server, client)?;
    motd(server, client)?;
    if !v2 {
        catalog(server, client)?;
        clock(server, client)?;
        order(server, client)?;
        prices(version, server, client)?;
    }
    if v4 {
        catalog_ns(server, client)?;
        delete_order(server, client)?;
        logo(server, client)?;
        upload(server, client)?;
        health(server, client)?;
    }
    Ok(())
}

fn check(condition: bool, what: &str) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(format!("the client saw {what}"))
    }
}

fn users(version: SpecVersion, server: &MockServer, client: &Client) -> Result<(), String> {
    let mut interaction = Interaction::new("a request for a user");
    let (path, body) = match version {
        SpecVersion::V2 => {
            interaction = interaction.given("a user exists");
            (
                term("/users/1", r"^/users/\d+$"),
                json_pattern!({
                    "id": like(1),
                    "name": like("Alice"),
                    "email": term("alice@example.com", r"^[^@\s]+@[^@\s]+$"),
                    "roles": each_like("admin", 1),
                }),
            )
        }
        SpecVersion::V3 => {
            interaction = interaction.given_with_params("a user exists", json!({"id": 1}));
            (
                from_provider_state("/users/${id}", "/users/1"),
                json_pattern!({
                    "id": like(1),
                    "name": like("Alice"),
                    "email": term("alice@example.com", r"^[^@\s]+@[^@\s]+$"),
                    "roles": each_like("admin", 1),
                    "age": integer(30),
                    "score": decimal(1.5),
                    "active": boolean(true),
                    "born": date("yyyy-MM-dd", "2000-01-01"),
                    "wake": time("HH:mm:ss", "07:30:00"),
                    "joined": datetime("yyyy-MM-dd'T'HH:mm:ssXXX", "2020-01-01T00:00:00Z"),
                    "bio": include("gift"),
                    "nickname": null(),
                    "balance": number(100),
                    "uuid": formats::uuid(),
                    "labels": values(json_pattern!({"team": like("red")})),
                }),
            )
        }
        _ => {
            interaction = interaction.given_with_params("a user exists", json!({"id": 1}));
            (
                from_provider_state("/users/${id}", "/users/1"),
                json_pattern!({
                    "id": like(from_provider_state("${id}", 1)),
                    "name": not_empty("Alice"),
                    "email": term("alice@example.com", r"^[^@\s]+@[^@\s]+$"),
                    "roles": each_like_between("admin", 1, 5),
                    "age": integer(30),
                    "active": boolean(true),
                    "nickname": nullable(like("Ali")),
                    "version": semver("1.0.0"),
                    "ip": formats::ipv4_address(),
                    "team": equal_to("blue"),
                    "labels": each_value(json_pattern!({"team": "red"}), like("red")),
                }),
            )
        }
    };
    interaction
        .request(Request::get(path).header("Accept", term("application/json", "^application/json")))
        .response(
            Response::ok()
                .header("X-Trace", term("trace-0000", "^trace-[0-9a-f]+$"))
                .json(body),
        )
        .mount(server);
    let user = client.user(1)?;
    check(user["email"] == "alice@example.com", "another e-mail")
}

fn create_user(version: SpecVersion, server: &MockServer, client: &Client) -> Result<(), String> {
    let (request, response) = if version == SpecVersion::V2 {
        (
            json_pattern!({
                "name": like("Alice"),
                "email": term("alice@example.com", r"^[^@\s]+@[^@\s]+$"),
                "priority": like(3),
            }),
            json_pattern!({"id": like(1), "name": "Alice"}),
        )
    } else {
        (
            // Generated by the verifier: the provider sees values the pact does not hold.
            json_pattern!({
                "name": like("Alice"),
                "email": term("alice@example.com", r"^[^@\s]+@[^@\s]+$"),
                "priority": random_integer(1, 5),
                "requestId": random_uuid(UuidFormat::LowerCaseHyphenated),
            }),
            json_pattern!({"id": integer(1), "name": "Alice"}),
        )
    };
    Interaction::new("a request to create a user")
        .request(Request::post("/users").json(request))
        .response(
            Response::created()
                .header("Location", term("/users/1", r"^/users/\d+$"))
                .json(response),
        )
        .mount(server);
    let mut sent = json!({"name": "Alice", "email": "alice@example.com", "priority": 1});
    if version != SpecVersion::V2 {
        sent["requestId"] = json!("e2490de5-5bd3-43d5-b7c4-526e33f71304");
    }
    let created = client.create_user(sent)?;
    check(created["name"] == "Alice", "another name")
}

fn search(version: SpecVersion, server: &MockServer, client: &Client) -> Result<(), String> {
    let result = json_pattern!({"id": like(1), "title": like("Pen")});
    let (page, results) = match version {
        SpecVersion::V2 => (term("1", r"^\d+$"), each_like(result, 1)),
        SpecVersion::V3 => (
            random_from_regex("1", r"^[1-9][0-9]?$"),
            each_like_max(result, 5),
        ),
        _ => (
            random_from_regex("1", r"^[1-9][0-9]?$"),
            each_like_between(result, 1, 5),
        ),
    };
    Interaction::new("a search")
        .request(
            Request::get("/search")
                .query("q", term("pen", "^[a-z]+$"))
                .query("page", page),
        )
        .response(Response::ok().json(json_pattern!({"query": like("pen"), "results": results})))
        .mount(server);
    let found = client.search("pen", "1")?;
    check(
        found["results"].as_array().is_some_and(|r| !r.is_empty()),
        "no results",
    )
}

fn login(version: SpecVersion, server: &MockServer, client: &Client) -> Result<(), String> {
    let request = if version == SpecVersion::V2 {
        Request::post("/login").form([("user", "alice"), ("pass", "secret")])
    } else {
        Request::post("/login").form([
            ("user", term("alice", "^[a-z]+$")),
            ("pass", like("secret")),
        ])
    };
    Interaction::new("a login with a form")
        .request(request)
        .response(
            Response::ok()
                .header("X-Session", term("s-1", r"^s-\d+$"))
                .text("welcome, alice!"),
        )
        .mount(server);
    let greeting = client.login("alice", "secret")?;
    check(greeting == "welcome, alice!", "another greeting")
}

fn motd(server: &MockServer, client: &Client) -> Result<(), String> {
    Interaction::new("the message of the day")
        .request(Request::get("/motd"))
        .response(Response::ok().text("Carpe diem"))
        .mount(server);
    let (status, _, body) = client.get("/motd")?;
    check(status == 200 && body == b"Carpe diem", "another message")
}

fn catalog(server: &MockServer, client: &Client) -> Result<(), String> {
    // The provider's document with other quoting, attribute order and whitespace.
    Interaction::new("the catalog as XML")
        .request(Request::get("/catalog"))
        .response(Response::ok().xml(
            "<?xml version='1.0'?>\n<catalog version='3'>\n  \
             <item sku='XY-99' id='11'>\n    <name>Stapler</name>\n    <price>4.25</price>\n  </item>\n  \
             <item sku='ZZ-01' id='12'><name>Clip</name><price>0.10</price></item>\n</catalog>\n",
        ))
        .mount(server);
    let (status, _, body) = client.get("/catalog")?;
    check(status == 200 && body.starts_with(b"<?xml"), "no XML")
}

fn catalog_ns(server: &MockServer, client: &Client) -> Result<(), String> {
    // The provider writes the same namespace with the prefix `shop:`.
    Interaction::new("the catalog as namespaced XML")
        .request(Request::get("/catalog-ns"))
        .response(Response::ok().xml(
            "<c:catalog xmlns:c='urn:shop'><c:item id='11'><c:name>Stapler</c:name></c:item>\
             <c:item id='12'><c:name>Clip</c:name></c:item></c:catalog>",
        ))
        .mount(server);
    let (status, _, _) = client.get("/catalog-ns")?;
    check(status == 200, "another status")
}

fn clock(server: &MockServer, client: &Client) -> Result<(), String> {
    Interaction::new("the clock with generated values")
        .request(Request::get("/clock"))
        .response(Response::ok().json(json_pattern!({
            "date": date_expression("yyyy-MM-dd", "today + 1 day"),
            "time": time_expression("HH:mm:ss", "now + 1 hour"),
            "stamp": datetime_expression("yyyy-MM-dd'T'HH:mm:ss", "now - 2 hours"),
            "n": random_integer(1, 9),
            "ratio": random_decimal(3),
            "hex": random_hex(8),
            "flag": random_boolean(),
            "uuid": random_uuid(UuidFormat::LowerCaseHyphenated),
            "code": random_from_regex("AB-123", r"^[A-Z]{2}-\d{3}$"),
            "token": random_string(12),
            "next": mock_server_url("http://localhost:8080/clock?page=2", r".*(/clock\?page=\d+)$"),
        })))
        .mount(server);
    let (status, _, body) = client.get("/clock")?;
    let clock: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    let next = clock["next"].as_str().unwrap_or("");
    check(
        status == 200 && next.starts_with(&client.base),
        "a next link not on the mock server",
    )
}

fn order(server: &MockServer, client: &Client) -> Result<(), String> {
    Interaction::new("a request for an order")
        .given_with_params("an order exists", json!({"id": 1, "code": "ord-1"}))
        .request(
            Request::get(from_provider_state("/orders/${id}", "/orders/1"))
                .header("X-Order-Code", from_provider_state("${code}", "ord-1")),
        )
        .response(Response::ok().json(json_pattern!({
            "id": from_provider_state("${id}", 1),
            "code": from_provider_state("${code}", "ord-1"),
            "total": decimal(9.5),
        })))
        .mount(server);
    let order = client.json(
        client
            .http
            .get(format!("{}/orders/1", client.base))
            .header("X-Order-Code", "ord-1"),
        200,
    )?;
    check(order["id"] == 1, "another order")
}

fn delete_order(server: &MockServer, client: &Client) -> Result<(), String> {
    Interaction::new("a request to delete an order")
        .given_with_params("an order exists", json!({"id": 1, "code": "ord-1"}))
        .request(
            Request::delete(from_provider_state("/orders/${id}", "/orders/1"))
                .query("reason", from_provider_state("${code}", "dup")),
        )
        .response(Response::no_content())
        .mount(server);
    let (status, _, _) = client.send(
        client
            .http
            .delete(format!("{}/orders/1", client.base))
            .query(&[("reason", "dup")]),
    )?;
    check(status == 204, "another status")
}

fn prices(version: SpecVersion, server: &MockServer, client: &Client) -> Result<(), String> {
    let body = if version == SpecVersion::V3 {
        json_pattern!({
            "rates": values(json_pattern!({"eur": decimal(1.5)})),
            "stock": values(json_pattern!({"pen": integer(3)})),
        })
    } else {
        json_pattern!({
            "rates": each_key(json_pattern!({"eur": decimal(1.5)}), term("eur", "^[a-z]{3,8}$")),
            "stock": each_value(json_pattern!({"pen": 3}), integer(3)),
            "tags": array_containing([like("new"), equal_to("sale")]),
        })
    };
    Interaction::new("the prices by currency")
        .request(Request::get("/prices"))
        .response(Response::ok().json(body))
        .mount(server);
    let (status, _, _) = client.get("/prices")?;
    check(status == 200, "another status")
}

fn logo(server: &MockServer, client: &Client) -> Result<(), String> {
    Interaction::new("the logo as a PNG")
        .request(Request::get("/logo"))
        .response(Response::ok().binary(content_type("image/png", PNG)))
        .mount(server);
    let (status, _, body) = client.get("/logo")?;
    check(status == 200 && body.starts_with(b"\x89PNG"), "no PNG")
}

fn upload(server: &MockServer, client: &Client) -> Result<(), String> {
    Interaction::new("a multipart upload")
        .request(Request::post("/uploads").multipart(
            Multipart::new().text("title", like("Holiday")).file(
                "file",
                "notes.txt",
                "text/plain",
                b"some notes\n".to_vec(),
            ),
        ))
        .response(Response::created().json(json_pattern!({"stored": boolean(true)})))
        .mount(server);
    let boundary = "rust-consumer-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nSummer\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nsome notes\n\r\n--{boundary}--\r\n"
    );
    let (status, _, _) = client.send(
        client
            .http
            .post(format!("{}/uploads", client.base))
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body),
    )?;
    check(status == 201, "another status")
}

fn health(server: &MockServer, client: &Client) -> Result<(), String> {
    Interaction::new("the health check")
        .request(Request::get("/health"))
        .response(
            Response::status_matching(status_code(StatusClass::Success, 200))
                .header("X-Served-By", include("cache"))
                .json(json_pattern!({"status": like("ok"), "checks": not_empty(json!(["cache"]))})),
        )
        .mount(server);
    let (status, _, _) = client.get("/health")?;
    check(status == 200, "another status")
}
