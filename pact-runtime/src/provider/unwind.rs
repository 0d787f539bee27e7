//! Panics of the user's code (producers, state handlers, hooks, request filters) caught
//! per step, so one panicking callback fails its own interaction and the verification goes
//! on to the others and to its report, rather than aborting the run.

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::task::Poll;

/// Polls `future` with panics caught: `Err` carries the panic's message. A callback that
/// panics before returning its future is caught too when it is called inside `future`
/// (`guarded(async { handler.call(x).await })`).
///
/// Unwind safety is asserted: after a panic the future is dropped, never polled again,
/// and the verifier shares no state with it that the panic could leave half-changed.
pub(super) async fn guarded<T>(future: impl Future<Output = T>) -> Result<T, String> {
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(
        |cx| match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(panic_message(payload.as_ref()))),
        },
    )
    .await
}

/// The text of a panic: its `&str` or `String` payload (what `panic!` formats), else a
/// placeholder for a payload of another type (`std::panic::panic_any`).
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_while_polling_is_its_message() {
        let formatted = guarded(async {
            tokio::task::yield_now().await;
            panic!("the queue is {}", "down")
        })
        .await;
        let literal: Result<(), String> = guarded(async { panic!("boom") }).await;
        let other: Result<(), String> = guarded(async { std::panic::panic_any(7_u8) }).await;

        assert_eq!(formatted, Err::<(), _>("the queue is down".to_owned()));
        assert_eq!(literal, Err("boom".to_owned()));
        assert_eq!(other, Err("a panic without a message".to_owned()));
    }

    #[tokio::test]
    async fn a_sync_callback_panicking_before_its_future_is_caught_inside_the_block() {
        fn call() -> std::future::Ready<u8> {
            panic!("before the future")
        }

        let caught = guarded(async { call().await }).await;

        assert_eq!(caught, Err("before the future".to_owned()));
    }

    #[tokio::test]
    async fn values_and_pending_futures_pass_through() {
        let value = guarded(async {
            tokio::task::yield_now().await;
            42
        })
        .await;

        assert_eq!(value, Ok(42));
    }
}
