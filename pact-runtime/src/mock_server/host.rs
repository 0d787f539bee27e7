//! Where a server runs when its caller has no runtime it can share: one process-wide
//! multi-thread Tokio runtime, created by the first such server and kept for the life of
//! the process.
//!
//! A plain `#[test]` has no runtime at all, and a current-thread runtime's only thread is
//! the test's own, which a blocking client would block. Such servers need threads of their
//! own; sharing a few between every server of the process (as wiremock pools its servers)
//! makes a start cost a bind and a task spawn instead of a thread and a runtime, and keeps
//! the thread count fixed however many tests run in parallel.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Handle, Runtime};

/// At most this many worker threads, however many CPUs: servers spend their time waiting
/// on loopback sockets, and a few workers keep parallel tests from queuing behind one
/// large body.
const MAX_WORKERS: usize = 4;

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// The shared runtime's handle, creating the runtime on first use.
///
/// # Errors
/// When the runtime's threads cannot be created.
pub(super) fn handle() -> std::io::Result<Handle> {
    if let Some(runtime) = RUNTIME.get() {
        return Ok(runtime.handle().clone());
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_WORKERS));
    let runtime = Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name("pact-mock-server")
        .enable_all()
        .build()?;
    if let Err(runtime) = RUNTIME.set(runtime) {
        // Another server created it first. Dropping a runtime inside the caller's async
        // context would panic; this one has never run a task, so nothing is lost.
        runtime.shutdown_background();
    }
    match RUNTIME.get() {
        Some(runtime) => Ok(runtime.handle().clone()),
        None => Err(std::io::Error::other(
            "the shared mock server runtime vanished",
        )),
    }
}
