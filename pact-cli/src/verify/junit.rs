//! `--junit FILE`: the report as JUnit XML, the format CI servers display: one test
//! suite per pact, one test case per interaction; a failure carries the mismatches, a
//! skipped or pending interaction is `<skipped/>`, a pact that did not load is an error.

use std::fmt::Write as _;

use pact_runtime::provider::{Outcome, Status, VerificationReport};

/// Escapes text for an XML attribute or element; characters XML 1.0 cannot hold at all
/// (control characters other than tab and line breaks) become U+FFFD.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                escaped.push('\u{FFFD}');
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// Renders `report` as a JUnit XML document.
pub(super) fn render(report: &VerificationReport) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for pact in &report.pacts {
        let failures = pact
            .interactions
            .iter()
            .filter(|i| i.status() == Status::Failed)
            .count();
        let skipped = pact
            .interactions
            .iter()
            .filter(|i| matches!(i.status(), Status::Skipped | Status::Pending))
            .count();
        let errors = usize::from(pact.load_error.is_some());
        let name = if pact.consumer.is_empty() {
            pact.source.clone()
        } else {
            format!("{} → {} ({})", pact.consumer, pact.provider, pact.source)
        };
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">",
            escape(&name),
            pact.interactions.len() + errors
        );
        if let Some(error) = &pact.load_error {
            let _ = writeln!(
                xml,
                "    <testcase name=\"load {}\"><error message=\"{}\"/></testcase>",
                escape(&pact.source),
                escape(&error.to_string())
            );
        }
        for interaction in &pact.interactions {
            let mut case = interaction.description.clone();
            if !interaction.provider_states.is_empty() {
                let _ = write!(case, " (given {})", interaction.provider_states.join(", "));
            }
            let _ = write!(
                xml,
                "    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3}\">",
                escape(&case),
                escape(&pact.consumer),
                interaction.duration.as_secs_f64()
            );
            match (&interaction.outcome, interaction.status()) {
                (
                    Outcome::Failed {
                        mismatches, errors, ..
                    },
                    status,
                ) => {
                    let mut details: Vec<String> =
                        mismatches.iter().map(ToString::to_string).collect();
                    details.extend(errors.iter().map(ToString::to_string));
                    let message = details.first().cloned().unwrap_or_default();
                    let tag = if status == Status::Pending {
                        "skipped"
                    } else {
                        "failure"
                    };
                    let _ = write!(
                        xml,
                        "<{tag} message=\"{}\">{}</{tag}>",
                        escape(&message),
                        escape(&details.join("\n"))
                    );
                }
                (Outcome::Skipped { reason }, _) => {
                    let _ = write!(xml, "<skipped message=\"{}\"/>", escape(reason));
                }
                _ => {}
            }
            xml.push_str("</testcase>\n");
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_control_characters_are_escaped() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("tab\tnl\n"), "tab\tnl\n");
        assert_eq!(escape("bell\u{7}nul\u{0}"), "bell\u{FFFD}nul\u{FFFD}");
        assert_eq!(escape("é → ✓"), "é → ✓");
    }

    #[test]
    fn an_empty_report_is_a_well_formed_empty_document() {
        let xml = render(&VerificationReport::default());
        assert!(xml.starts_with("<?xml"));
        assert!(xml.trim_end().ends_with("<testsuites>\n</testsuites>"));
    }
}
