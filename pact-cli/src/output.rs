//! Output for people and for machines.
//!
//! Colour goes through `anstream`, which writes escape codes only to a terminal and never
//! when `NO_COLOR` is set (or `CLICOLOR=0`); `--no-colour` turns it off for the process.
//! `--output json` prints one JSON document on stdout instead of text.

use anstyle::{AnsiColor, Style};

/// What the command prints on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum Format {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON document.
    Json,
}

pub(crate) const GOOD: Style = AnsiColor::Green.on_default().bold();
pub(crate) const BAD: Style = AnsiColor::Red.on_default().bold();
pub(crate) const UNSURE: Style = AnsiColor::Yellow.on_default().bold();

/// Turns colour off for the rest of the process (`--no-colour`).
pub(crate) fn disable_colour() {
    anstream::ColorChoice::Never.write_global();
}

/// `word` in `style` (styled only where `anstream` keeps styles).
pub(crate) fn paint(style: Style, word: &str) -> String {
    format!("{style}{word}{style:#}")
}

/// One error line on stderr: `error: message`.
pub(crate) fn error(message: &str) {
    anstream::eprintln!("{}: {message}", paint(BAD, "error"));
}

/// Prints `value` as pretty JSON on stdout.
pub(crate) fn json(value: &serde_json::Value) {
    // Pretty-printing a `Value` cannot fail; fall back to the compact form regardless.
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    anstream::println!("{text}");
}
