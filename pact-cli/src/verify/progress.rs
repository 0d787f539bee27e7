//! The progress line of a long `pact verify` run: once a run has taken more than
//! [`DELAY`], one line on standard error, rewritten in place (`\r`), says how many
//! interactions are done and which one is running, and is erased before the report.
//!
//! Only on a terminal: never when standard error is redirected (a CI log would keep
//! every rewrite), and never with `--output json`, whose consumers read the streams as
//! data. Interactions are counted through the verifier's before/after-each hooks, the
//! same public API a Rust provider test has.

use std::future::Future;
use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pact_runtime::provider::{HookContext, Verifier};

/// How long a run goes before it gets a progress line: short runs print nothing extra.
const DELAY: Duration = Duration::from_secs(1);
/// How often the line is rewritten.
const TICK: Duration = Duration::from_millis(200);
/// The longest description shown, in characters (the line must fit a terminal's width).
const MAX_DESCRIPTION: usize = 60;

/// Whether a run prints a progress line: text output, with standard error a terminal.
pub(super) fn wanted(text_output: bool, stderr_is_terminal: bool) -> bool {
    text_output && stderr_is_terminal
}

/// Counts of a run in progress, shared with the verifier's hooks.
#[derive(Debug, Default)]
pub(super) struct Progress {
    done: AtomicUsize,
    current: Mutex<String>,
}

impl Progress {
    /// `verifier` with hooks that count interactions into `progress`.
    pub(super) fn observe(progress: &Arc<Progress>, verifier: Verifier) -> Verifier {
        let before = Arc::clone(progress);
        let after = Arc::clone(progress);
        verifier
            .before_each(move |context: HookContext| {
                if let Ok(mut current) = before.current.lock() {
                    *current = context.description;
                }
                std::future::ready(Ok::<(), String>(()))
            })
            .after_each(move |_context: HookContext| {
                after.done.fetch_add(1, Ordering::Relaxed);
                std::future::ready(Ok::<(), String>(()))
            })
    }

    /// Awaits `run`, keeping the progress line up to date on standard error once it
    /// has taken [`DELAY`], and erasing it at the end.
    pub(super) async fn show_while<T>(&self, run: impl Future<Output = T>) -> T {
        let started = Instant::now();
        let mut run = std::pin::pin!(run);
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + DELAY, TICK);
        let mut shown = false;
        let output = loop {
            tokio::select! {
                output = &mut run => break output,
                _ = ticks.tick() => {
                    let current = self.current.lock().map(|c| c.clone()).unwrap_or_default();
                    let line = line(self.done.load(Ordering::Relaxed), &current, started.elapsed());
                    let mut stderr = std::io::stderr().lock();
                    // A failed write to a terminal only loses the progress line.
                    let _ = write!(stderr, "\r\x1b[2K{line}");
                    let _ = stderr.flush();
                    shown = true;
                }
            }
        };
        if shown {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
        }
        output
    }
}

/// The text of the line: `verifying: 12 interactions done (4.2 s), now "a request for
/// user 42"`.
fn line(done: usize, current: &str, elapsed: Duration) -> String {
    let plural = if done == 1 { "" } else { "s" };
    let mut text = format!(
        "verifying: {done} interaction{plural} done ({:.1} s)",
        elapsed.as_secs_f64()
    );
    if !current.is_empty() {
        let shown: String = current.chars().take(MAX_DESCRIPTION).collect();
        let cut = if current.chars().count() > MAX_DESCRIPTION {
            "…"
        } else {
            ""
        };
        text.push_str(&format!(", now \"{shown}{cut}\""));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_what_is_done_and_names_what_runs() {
        assert_eq!(
            line(0, "", Duration::from_millis(1049)),
            "verifying: 0 interactions done (1.0 s)"
        );
        assert_eq!(
            line(1, "a request for user 42", Duration::from_millis(2250)),
            "verifying: 1 interaction done (2.2 s), now \"a request for user 42\""
        );
        let long = "é".repeat(MAX_DESCRIPTION + 5);
        let cut = line(7, &long, Duration::from_secs(3));
        assert!(
            cut.ends_with(&format!("now \"{}…\"", "é".repeat(MAX_DESCRIPTION))),
            "{cut}"
        );
    }

    #[test]
    fn only_text_output_to_a_terminal_gets_a_progress_line() {
        assert!(wanted(true, true));
        assert!(!wanted(true, false));
        assert!(!wanted(false, true));
        assert!(!wanted(false, false));
    }

    #[tokio::test]
    async fn a_short_run_is_awaited_without_any_line() {
        let progress = Progress::default();

        let value = progress.show_while(async { 42 }).await;

        assert_eq!(value, 42);
        assert_eq!(progress.done.load(Ordering::Relaxed), 0);
    }
}
