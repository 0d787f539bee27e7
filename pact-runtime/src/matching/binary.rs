//! Matching rules on a binary body as a whole (a rule list at `$` on an image, a PDF, …):
//! the contents are a sequence of bytes, so the rules that speak of a value's shape apply
//! to that sequence. `notEmpty` asks for at least one byte (V4 specification, `notEmpty`:
//! "the value must be present and not empty"), `type` for bytes of any length, the
//! `min`/`max` type rules bound the number of bytes as they bound an array's elements, and
//! `equality` compares the bytes. Rules about text or numbers have nothing to apply to in
//! bytes and fail with a mismatch naming the rule, never passing silently.

use crate::model::{Combine, MatchingRule, RuleList};

use super::values::rule_name;

/// Applies `list` to `actual` (the received bytes), with `expected` as the example.
/// `Err` describes the first failure (AND) or every failure (OR), without the location.
pub(crate) fn apply_to_bytes(
    list: &RuleList,
    expected: &[u8],
    actual: &[u8],
) -> Result<(), String> {
    let mut failures = Vec::new();
    for rule in &list.rules {
        match apply_rule(rule, expected, actual) {
            Ok(()) if list.combine == Combine::Or => return Ok(()),
            Ok(()) => {}
            Err(message) if list.combine == Combine::And => return Err(message),
            Err(message) => failures.push(message),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join(", or "))
    }
}

/// How many leading bytes a mismatch shows.
const SHOWN: usize = 16;

/// The first bytes of binary contents in hex, as a list (`[ff d8 ff e0 …]`, `[]` for no
/// bytes), so a reader can tell which file arrived without a hex dump tool.
pub(crate) fn leading_bytes(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes
        .iter()
        .take(SHOWN)
        .map(|b| format!("{b:02x}"))
        .collect();
    let more = if bytes.len() > SHOWN { " …" } else { "" };
    format!("[{}{more}] ({} bytes)", shown.join(" "), bytes.len())
}

fn apply_rule(rule: &MatchingRule, expected: &[u8], actual: &[u8]) -> Result<(), String> {
    let size = actual.len();
    match rule {
        MatchingRule::NotEmpty if size == 0 => {
            Err("expected non-empty contents, found 0 bytes".to_owned())
        }
        MatchingRule::NotEmpty | MatchingRule::Type => Ok(()),
        MatchingRule::MinType(min) if size < *min => {
            Err(format!("expected at least {min} bytes, found {size}"))
        }
        MatchingRule::MaxType(max) if size > *max => {
            Err(format!("expected at most {max} bytes, found {size}"))
        }
        MatchingRule::MinMaxType { min, max } if size < *min || size > *max => Err(format!(
            "expected between {min} and {max} bytes, found {size}"
        )),
        MatchingRule::MinType(_) | MatchingRule::MaxType(_) | MatchingRule::MinMaxType { .. } => {
            Ok(())
        }
        MatchingRule::Equality if expected == actual => Ok(()),
        MatchingRule::Equality => Err(format!(
            "expected the same {} bytes, found {size} different bytes",
            expected.len()
        )),
        other => Err(format!(
            "the {} matcher does not apply to binary contents ({size} bytes)",
            rule_name(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(rules: Vec<MatchingRule>, combine: Combine) -> RuleList {
        RuleList { rules, combine }
    }

    fn one(rule: MatchingRule, expected: &[u8], actual: &[u8]) -> Result<(), String> {
        apply_to_bytes(&list(vec![rule], Combine::And), expected, actual)
    }

    #[test]
    fn leading_bytes_show_at_most_sixteen_bytes_in_hex() {
        assert_eq!(leading_bytes(b""), "[] (0 bytes)");
        assert_eq!(leading_bytes(b"\xff\xd8\x00"), "[ff d8 00] (3 bytes)");
        let long: Vec<u8> = (0..20).collect();
        assert_eq!(
            leading_bytes(&long),
            "[00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f …] (20 bytes)"
        );
    }

    #[test]
    fn not_empty_accepts_any_bytes_but_none() {
        assert_eq!(one(MatchingRule::NotEmpty, b"\xff\xd8", b"\x89PNG"), Ok(()));
        assert_eq!(one(MatchingRule::NotEmpty, b"\xff\xd8", b"\0"), Ok(()));
        assert_eq!(
            one(MatchingRule::NotEmpty, b"\xff\xd8", b""),
            Err("expected non-empty contents, found 0 bytes".to_owned())
        );
    }

    #[test]
    fn size_rules_bound_the_number_of_bytes() {
        assert_eq!(one(MatchingRule::MinType(2), b"ab", b"xyz"), Ok(()));
        assert_eq!(
            one(MatchingRule::MinType(4), b"ab", b"xyz"),
            Err("expected at least 4 bytes, found 3".to_owned())
        );
        assert_eq!(
            one(MatchingRule::MaxType(2), b"ab", b"xyz"),
            Err("expected at most 2 bytes, found 3".to_owned())
        );
        let minmax = MatchingRule::MinMaxType { min: 1, max: 2 };
        assert_eq!(one(minmax.clone(), b"a", b"xy"), Ok(()));
        assert!(one(minmax, b"a", b"").is_err());
        assert_eq!(one(MatchingRule::Type, b"a", b""), Ok(()));
    }

    #[test]
    fn equality_compares_the_bytes() {
        assert_eq!(
            one(MatchingRule::Equality, b"\x01\x02", b"\x01\x02"),
            Ok(())
        );
        assert_eq!(
            one(MatchingRule::Equality, b"\x01\x02", b"\x01\x03\x04"),
            Err("expected the same 2 bytes, found 3 different bytes".to_owned())
        );
    }

    #[test]
    fn rules_about_text_or_numbers_never_pass_on_bytes() {
        for rule in [
            MatchingRule::Regex(".*".to_owned()),
            MatchingRule::Integer,
            MatchingRule::Include("a".to_owned()),
        ] {
            let error = one(rule, b"a", b"a").expect_err("a mismatch");
            assert!(
                error.contains("does not apply to binary contents"),
                "{error}"
            );
        }
    }

    #[test]
    fn or_passes_when_one_rule_does_and_reports_all_failures_otherwise() {
        let rules = vec![MatchingRule::MinType(5), MatchingRule::NotEmpty];
        assert_eq!(
            apply_to_bytes(&list(rules.clone(), Combine::Or), b"a", b"ab"),
            Ok(())
        );
        assert!(apply_to_bytes(&list(rules.clone(), Combine::And), b"a", b"ab").is_err());
        let error = apply_to_bytes(&list(rules, Combine::Or), b"a", b"").expect_err("both fail");
        assert_eq!(
            error,
            "expected at least 5 bytes, found 0, or expected non-empty contents, found 0 bytes"
        );
    }
}
