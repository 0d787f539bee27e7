//! The last line of `pact verify`'s text output: passed or failed, and when nothing was
//! verified, why (filtered out, skipped, no pact found), so a run that checked nothing
//! never ends on a bare "failed" or, allowed, a bare "passed".

use pact_runtime::provider::{Status, VerificationReport, VerifyError};

/// Whether the verdict is good, and its text (`verification failed: no interaction
/// verified (3 filtered out)`); `None` when the run did not happen (settings errors and
/// no pact results: the report's own last line says so).
pub(super) fn verdict(report: &VerificationReport) -> Option<(bool, String)> {
    if report.pacts.is_empty() && !report.errors.is_empty() {
        return None;
    }
    let ok = report.is_ok();
    let word = if ok { "passed" } else { "failed" };
    if report.verified() > 0 {
        return Some((ok, format!("verification {word}")));
    }
    let allowed = if ok {
        ", allowed by --no-pacts-is-ok"
    } else {
        ""
    };
    Some((
        ok,
        format!(
            "verification {word}: no interaction verified ({}{allowed})",
            why_nothing(report)
        ),
    ))
}

/// What became of the interactions of a run that verified none.
fn why_nothing(report: &VerificationReport) -> String {
    let mut parts = Vec::new();
    let filtered: usize = report.pacts.iter().map(|pact| pact.filtered_out).sum();
    if filtered > 0 {
        parts.push(format!("{filtered} filtered out"));
    }
    let skipped = report
        .interactions()
        .filter(|i| i.status() == Status::Skipped)
        .count();
    if skipped > 0 {
        parts.push(format!("{skipped} skipped"));
    }
    let unreadable = report
        .pacts
        .iter()
        .filter(|pact| {
            pact.load_error
                .as_ref()
                .is_some_and(|error| !matches!(error, VerifyError::NoPacts { .. }))
        })
        .count();
    if unreadable > 0 {
        let plural = if unreadable == 1 { "" } else { "s" };
        parts.push(format!("{unreadable} pact source{plural} not loaded"));
    }
    let found = report
        .pacts
        .iter()
        .any(|pact| !matches!(pact.load_error, Some(VerifyError::NoPacts { .. })));
    if !found {
        parts.push("no pact found".to_owned());
    } else if parts.is_empty() {
        parts.push("the pacts have no interactions".to_owned());
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pact and interaction results are built by the library only: the filtered, skipped
    // and per-pact cases are tested through the binary in tests/cli.rs.

    #[test]
    fn a_run_without_pacts_fails_naming_it_unless_allowed() {
        let refused = VerificationReport::default();
        let mut allowed = VerificationReport::default();
        allowed.allow_no_interactions = true;

        assert_eq!(
            verdict(&refused),
            Some((
                false,
                "verification failed: no interaction verified (no pact found)".to_owned()
            ))
        );
        assert_eq!(
            verdict(&allowed),
            Some((
                true,
                "verification passed: no interaction verified (no pact found, allowed by \
                 --no-pacts-is-ok)"
                    .to_owned()
            ))
        );
    }

    #[test]
    fn a_run_stopped_by_its_settings_has_no_verdict_line() {
        for error in [
            VerifyError::Tls("no certificate".to_owned()),
            VerifyError::NothingSelected {
                filters: "description /x/".to_owned(),
            },
        ] {
            let mut report = VerificationReport::default();
            report.errors.push(error);

            assert_eq!(verdict(&report), None);
        }
    }
}
