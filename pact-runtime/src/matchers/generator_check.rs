//! The check every generator gets when a pattern is built: one the mock server could never
//! use fails the test at its line. It sits below [`Pattern`](super::Pattern), which calls
//! it from `with_generator`, and below the generated-value constructors, which use the
//! same example clock.

use std::time::{Duration, SystemTime};

use super::Pattern;
use crate::generators::{GenerateFailure, example_at};
use crate::model::Generator;

/// 2000-02-01T12:00:00Z: the instant date and time examples are computed from.
pub(super) fn example_clock() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(949_406_400)
}

/// Panics naming `constructor` when the mock server could not produce a value with
/// `generator` in place of `example`, so a generator that can never work fails the test
/// at its line rather than as a `500` ("cannot generate the response") when the
/// interaction is played. The check runs the generators module itself, on the fixed
/// example clock; a regex is checked by generating from it, so one that gives a value
/// only sometimes is refused only sometimes, as it would fail only sometimes when played.
#[track_caller]
pub(super) fn check_generator(constructor: &str, example: &Pattern, generator: &Generator) {
    match generator {
        // Evaluated by the verifier from the provider state's values, unknown here.
        Generator::ProviderState { .. } => {}
        Generator::MockServerUrl { regex, .. } => {
            mock_server_url_regex(constructor, &example.to_example_string(), regex);
        }
        other => match example_at(other, example_clock()) {
            Ok(_) => {}
            Err(GenerateFailure::InvalidRegex { regex, reason }) => panic!(
                "{constructor}(): the regular expression /{regex}/ cannot generate values: {}; generating uses the `regex` crate's syntax (no look-around, back-references or anchors inside the pattern), so keep the strict regex for matching and generate from a simpler one: term(example, strict).with_generator(Generator::Regex {{ regex: simple }})",
                last_line(&reason)
            ),
            Err(failure) => {
                panic!("{constructor}(): {failure}; the generator could never give a value")
            }
        },
    }
}

/// The last line of a regex parser's error, which says what is wrong (the lines above
/// repeat the pattern and point at the place).
fn last_line(error: &str) -> &str {
    let line = error.lines().last().unwrap_or_default().trim();
    line.strip_prefix("error: ").unwrap_or(line)
}

/// The mock server rewrites a mock-server URL with the `regex` crate, searching the
/// example for the regex (see `generators`): a pattern only the backtracking engine
/// compiles, or one that finds nothing in the example, fails there.
#[track_caller]
fn mock_server_url_regex(constructor: &str, example: &str, regex: &str) {
    match regex::Regex::new(regex) {
        Err(error) => panic!(
            "{constructor}(): the mock server cannot rewrite the URL with the regular expression /{regex}/: {} (it uses the `regex` crate: no look-around or back-references)",
            last_line(&error.to_string())
        ),
        Ok(compiled) if !compiled.is_match(example) => panic!(
            "{constructor}(): the regular expression /{regex}/ finds nothing in the example {example:?}, so the mock server could not rewrite it"
        ),
        Ok(_) => {}
    }
}
