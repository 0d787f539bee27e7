//! `PactSource::read`: sources read outside a verification, with and without a provider,
//! URLs served by a tiny loopback server that records what it was asked.

use std::path::Path;
use std::time::Duration;

use std::io::{Read as _, Write as _};
use std::net::TcpListener;

use super::*;

const TIMEOUT: Duration = Duration::from_secs(5);

fn pact_json(provider: &str) -> String {
    serde_json::json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": provider},
        "interactions": [{"description": "a request", "request": {"method": "GET", "path": "/"},
                          "response": {"status": 200}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
    .to_string()
}

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).expect("write");
}

/// Serves one response per connection with `status` and `body`, on a thread of its own
/// (blocking std I/O keeps the test server independent of the client under test); yields
/// each request's head (request line and headers) as it arrives.
fn serve(status: u16, body: String) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let (heads, received) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let _ = heads.send(String::from_utf8_lossy(&head).into_owned());
            let answer = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (url, received)
}

#[tokio::test]
async fn without_a_provider_a_directory_gives_every_pact_whatever_its_provider() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "b.json", &pact_json("billing"));
    write(dir.path(), "a.json", &pact_json("user-service"));
    write(dir.path(), "notes.txt", "not a pact");

    let all = PactSource::dir(dir.path())
        .read(None, TIMEOUT)
        .await
        .expect("read");
    let one = PactSource::dir(dir.path())
        .read(Some("billing"), TIMEOUT)
        .await
        .expect("read");

    let providers: Vec<_> = all
        .iter()
        .map(|f| f.pact.as_ref().map(|p| p.provider.clone()).expect("loads"))
        .collect();
    assert_eq!(providers, ["user-service", "billing"]);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].pact.as_ref().expect("loads").provider, "billing");
}

#[tokio::test]
async fn without_a_provider_an_empty_directory_is_empty_and_a_bad_file_is_its_own_error() {
    let empty = tempfile::tempdir().expect("tempdir");
    let bad = tempfile::tempdir().expect("tempdir");
    write(bad.path(), "truncated.json", "{\"consumer\": ");

    let none = PactSource::dir(empty.path())
        .read(None, TIMEOUT)
        .await
        .expect("read");
    let broken = PactSource::file(bad.path().join("truncated.json"))
        .read(None, TIMEOUT)
        .await
        .expect("read");

    assert!(none.is_empty());
    assert_eq!(broken.len(), 1);
    let error = broken[0].pact.as_ref().expect_err("truncated");
    assert!(
        broken[0].name.contains("truncated.json"),
        "{}",
        broken[0].name
    );
    assert!(matches!(error, VerifyError::Load(_)), "{error:?}");
}

#[tokio::test]
async fn a_url_is_fetched_with_its_basic_or_bearer_credentials() {
    let (url, mut heads) = serve(200, pact_json("billing"));

    let basic = PactSource::url_basic_auth(format!("{url}/pacts/a"), "user", "pass")
        .read(None, TIMEOUT)
        .await
        .expect("read");
    let basic_head = heads.recv().await.expect("a request");
    let bearer = PactSource::url_bearer_auth(format!("{url}/pacts/b"), "t0ken")
        .read(None, TIMEOUT)
        .await
        .expect("read");
    let bearer_head = heads.recv().await.expect("a request");
    let plain = PactSource::url(format!("{url}/pacts/c"))
        .read(None, TIMEOUT)
        .await
        .expect("read");
    let plain_head = heads.recv().await.expect("a request");

    for fetched in [&basic, &bearer, &plain] {
        assert_eq!(fetched[0].pact.as_ref().expect("loads").provider, "billing");
    }
    assert!(basic_head.starts_with("GET /pacts/a "), "{basic_head}");
    // base64("user:pass")
    assert!(
        basic_head
            .to_ascii_lowercase()
            .contains("authorization: basic dxnlcjpwyxnz"),
        "{basic_head}"
    );
    assert!(
        bearer_head
            .to_ascii_lowercase()
            .contains("authorization: bearer t0ken"),
        "{bearer_head}"
    );
    assert!(
        !plain_head.to_ascii_lowercase().contains("authorization"),
        "{plain_head}"
    );
}

#[tokio::test]
async fn a_url_that_fails_is_an_error_naming_the_url_without_credentials() {
    let (refusing, _heads) = serve(401, "{}".to_owned());
    let (garbage, _more) = serve(200, "{\"consumer\": ".to_owned());
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let with_user = |base: &str| base.replacen("http://", "http://me:secret@", 1);

    let mut errors = Vec::new();
    for url in [
        with_user(&format!("{refusing}/p")),
        format!("{garbage}/p"),
        with_user(&format!("http://127.0.0.1:{dead}/p")),
    ] {
        let read = PactSource::url(&url)
            .read(None, TIMEOUT)
            .await
            .expect("read");
        let error = read[0].pact.as_ref().expect_err("fails").to_string();
        errors.push((read[0].name.clone(), error));
    }

    assert!(errors[0].1.contains("unauthorised"), "{errors:?}");
    assert!(errors[1].1.contains("/p"), "{errors:?}");
    assert!(
        errors[2].1.contains(&format!("127.0.0.1:{dead}")),
        "{errors:?}"
    );
    for (name, error) in &errors {
        assert!(
            !name.contains("secret") && !error.contains("secret"),
            "{name}: {error}"
        );
    }
}

#[tokio::test]
async fn with_a_provider_a_url_for_another_provider_is_an_error() {
    let (url, _heads) = serve(200, pact_json("billing"));

    let read = PactSource::url(format!("{url}/p"))
        .read(Some("user-service"), TIMEOUT)
        .await
        .expect("read");

    let error = read[0].pact.as_ref().expect_err("wrong provider");
    assert!(
        matches!(error, VerifyError::WrongProvider { .. }),
        "{error:?}"
    );
}
