//! What workload 1 (`consumer_cycle`) costs on this machine with no Pact work at all: the
//! floor under any implementation that serves the request from another thread over
//! loopback TCP and writes the pact file atomically into a new directory.
//!
//! ```text
//! cargo run --release -p pact-bench --example machine_floor
//! ```
//!
//! Prints one JSON line per measurement (median and p90 in ms over 300 rounds):
//! - `tcp_round_trip`: a 4-byte ping-pong between two threads on one connection;
//! - `bare_request`: a new hyper server task (trivial handler) on a shared multi-thread
//!   runtime, then `GET` from a `reqwest::Client` on a current-thread runtime, over a new
//!   connection — step 2 and 3 of a cycle;
//! - `bare_file`: create a new directory, write 2 KB to a temporary file in it, rename it —
//!   step 5's file work;
//! - `bare_cycle`: `bare_request` and `bare_file` in a row, as one cycle.

use std::convert::Infallible;
use std::error::Error;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::runtime::{Handle, Runtime};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const ROUNDS: usize = 300;
/// About the size of workload 1's V3 pact file.
const PACT_BYTES: usize = 2_165;

fn main() -> Result<()> {
    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = {
        let _context = client_runtime.enter();
        reqwest::Client::new()
    };
    let servers = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let root = tempfile::tempdir()?;

    print("tcp_round_trip", &tcp_round_trip()?);
    let request = rounds(|_| bare_request(&client_runtime, &client, servers.handle()))?;
    print("bare_request", &request);
    let file = rounds(|round| bare_file(&root.path().join(format!("file-{round}"))))?;
    print("bare_file", &file);
    let cycle = rounds(|round| {
        bare_request(&client_runtime, &client, servers.handle())?;
        bare_file(&root.path().join(format!("cycle-{round}")))
    })?;
    print("bare_cycle", &cycle);
    shutdown(servers);
    Ok(())
}

/// Times `ROUNDS` calls of `step`, in ms, sorted.
fn rounds(mut step: impl FnMut(usize) -> Result<()>) -> Result<Vec<f64>> {
    let mut times = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let started = Instant::now();
        step(round)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times)
}

fn print(name: &str, sorted: &[f64]) {
    let at = |rank: usize| {
        sorted
            .get(rank.min(sorted.len() - 1))
            .copied()
            .unwrap_or(0.0)
    };
    let median = (at((sorted.len() - 1) / 2) + at(sorted.len() / 2)) / 2.0;
    let p90 = at((sorted.len() * 9).div_ceil(10) - 1);
    println!(
        "{{\"impl\":\"machine-floor\",\"name\":\"{name}\",\"iterations\":{},\"median\":{median:.3},\"p90\":{p90:.3},\"unit\":\"ms\"}}",
        sorted.len()
    );
}

/// Ping-pong of 4 bytes between this thread and an echo thread, over one connection.
fn tcp_round_trip() -> Result<Vec<f64>> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let echo = std::thread::spawn(move || -> std::io::Result<()> {
        let (mut stream, _) = listener.accept()?;
        let mut buffer = [0u8; 64];
        loop {
            let read = stream.read(&mut buffer)?;
            if read == 0 {
                return Ok(());
            }
            stream.write_all(&buffer[..read])?;
        }
    });
    let mut stream = TcpStream::connect(addr)?;
    stream.set_nodelay(true)?;
    let mut buffer = [0u8; 4];
    let times = rounds(|_| {
        stream.write_all(b"ping")?;
        stream.read_exact(&mut buffer)?;
        Ok(())
    })?;
    drop(stream);
    match echo.join() {
        Ok(result) => result?,
        Err(_) => return Err("the echo thread panicked".into()),
    }
    Ok(times)
}

/// A new server task with a trivial handler on `servers`, one `GET` over a new connection.
fn bare_request(runtime: &Runtime, client: &reqwest::Client, servers: &Handle) -> Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let url = format!("http://{}/users/1", listener.local_addr()?);
    let listener = {
        let _context = servers.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let server = servers.spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let service = service_fn(|_request| async {
                    Ok::<_, Infallible>(hyper::Response::new(Full::new(Bytes::from_static(
                        b"{\"id\":1}",
                    ))))
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    let body = runtime.block_on(async { client.get(&url).send().await?.bytes().await })?;
    server.abort();
    if body.as_ref() != b"{\"id\":1}" {
        return Err(format!("unexpected body {body:?}").into());
    }
    Ok(())
}

/// A new directory, 2 KB written to a temporary file in it, renamed to its final name.
fn bare_file(dir: &Path) -> Result<()> {
    std::fs::create_dir(dir)?;
    let temp = dir.join(".pact.tmp");
    std::fs::write(&temp, [b'x'; PACT_BYTES])?;
    std::fs::rename(&temp, dir.join("consumer-provider.json"))?;
    Ok(())
}

fn shutdown(runtime: Runtime) {
    runtime.shutdown_background();
}
