//! No secret of the broker client in any output: everything logged at TRACE (captured
//! process-wide, since the client logs from the runtime's threads), every error message
//! and every `Debug` form is searched for the password, the token and the encoded basic
//! credentials. A binary of its own: the subscriber is global.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use base64::Engine as _;
use pact_runtime::broker::{BrokerClient, BrokerSource, CanIDeploy, ConsumerVersion, Publisher};
use pact_runtime::provider::{PactSource, Verifier};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::MakeWriter;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// A broker that answers every request with `status` and `body`, and keeps the raw
/// requests (to prove the credentials were sent).
async fn answering(status: u16, body: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = vec![0u8; 256 * 1024];
            let mut read = 0;
            while !buffer[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer[read..]).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => read += n,
                }
            }
            seen.lock()
                .expect("lock")
                .push(String::from_utf8_lossy(&buffer[..read]).into_owned());
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        }
    });
    (url, requests)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_appears_in_trace_logs_errors_or_debug_output() {
    // Arrange
    let captured = Captured::default();
    tracing_subscriber::fmt()
        .with_max_level(LevelFilter::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .init();
    let password = "pw-s3cret-1";
    let token = "tok-s3cret-2";
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("ci:{password}"));
    let mut outputs: Vec<String> = Vec::new();

    let (denying, denied_requests) =
        answering(401, r#"{"error": {"message": "bad credentials"}}"#).await;
    let (index_only, _) = answering(200, r#"{"_links": {}}"#).await;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a-b.json"),
        r#"{"consumer":{"name":"a"},"provider":{"name":"b"},"interactions":[],"metadata":{"pactSpecification":{"version":"2.0.0"}}}"#,
    )
    .expect("write");

    // Act: basic auth in the URL's user-info, basic auth from the environment form, a
    // bearer token; failing operations of every kind.
    let from_userinfo =
        BrokerClient::builder(denying.replace("http://", &format!("http://ci:{password}@")))
            .retries(1)
            .retry_backoff(std::time::Duration::from_millis(5))
            .build()
            .expect("client");
    let from_env = BrokerClient::from_env_with(|name| match name {
        "PACT_BROKER_BASE_URL" => Some(index_only.clone()),
        "PACT_BROKER_USERNAME" => Some("ci".to_owned()),
        "PACT_BROKER_PASSWORD" => Some(password.to_owned()),
        _ => None,
    })
    .expect("env")
    .build()
    .expect("client");
    let bearer = BrokerClient::builder(&denying)
        .bearer_token(token)
        .retries(0)
        .build()
        .expect("client");
    let unreachable = BrokerClient::builder(format!("http://ci:{password}@127.0.0.1:9"))
        .retries(1)
        .retry_backoff(std::time::Duration::from_millis(5))
        .build()
        .expect("client");

    for client in [&from_userinfo, &from_env, &bearer, &unreachable] {
        outputs.push(format!("{client:?}"));
        let published = Publisher::new(client)
            .dir(dir.path())
            .publish(&ConsumerVersion::new("1").branch("main"))
            .await;
        outputs.push(format!("{published:?}"));
        if let Err(error) = &published {
            outputs.push(error.to_string());
        }
        let answer = client.can_i_deploy(&CanIDeploy::version("a", "1")).await;
        outputs.push(format!("{answer:?}"));
        let report = Verifier::new("b", "http://127.0.0.1:9")
            .verify(&[PactSource::from(BrokerSource::new(client.clone()))])
            .await;
        outputs.push(report.to_string());
        outputs.push(format!("{report:?}"));
    }

    // Passwords with an unescaped '/', '#', '?' or ':' cut the authority short: the client
    // must refuse them, and nothing may show them.
    let nasty_secret = "XYZ-nasty-s3cret";
    for url in [
        format!("http://ci:pa/{nasty_secret}@127.0.0.1:9"),
        format!("http://ci:p#{nasty_secret}@127.0.0.1:9"),
        format!("http://ci:p?{nasty_secret}@127.0.0.1:9/base"),
        format!("https://c/i:{nasty_secret}@broker.example"),
        format!("http://ci:{nasty_secret}@127.0.0.1:9/a@b"),
        format!("http://ci:{nasty_secret}@127.0.0.1:port"),
    ] {
        let built = BrokerClient::builder(&url).build();
        outputs.push(format!("{built:?}"));
        let error = built.expect_err(&url.replace(nasty_secret, "***"));
        outputs.push(error.to_string());
        let from_env = BrokerClient::from_env_with(|name| {
            (name == "PACT_BROKER_BASE_URL").then(|| url.clone())
        })
        .expect("env")
        .build();
        outputs.push(format!("{from_env:?}"));
        assert!(from_env.is_err(), "the environment's URL is refused too");
    }

    // Assert
    let log = captured.text();
    assert!(
        log.contains("broker request"),
        "the TRACE log was captured:\n{log}"
    );
    assert!(
        log.contains("authorization=\"***\""),
        "the header is shown redacted:\n{log}"
    );
    let sent = denied_requests.lock().expect("lock").join("\n");
    assert!(
        sent.contains(&format!("authorization: Basic {encoded}")),
        "basic credentials were sent:\n{sent}"
    );
    assert!(
        sent.contains(&format!("authorization: Bearer {token}")),
        "the token was sent:\n{sent}"
    );
    outputs.push(log);
    for output in &outputs {
        for secret in [password, token, encoded.as_str(), nasty_secret] {
            assert!(
                !output.contains(secret),
                "secret {secret:?} leaked into:\n{output}"
            );
        }
    }
}
