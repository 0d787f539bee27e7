use serde_json::json;

use super::*;
use crate::java_dates::{DateFormatError, validate_java_date_format};

fn check(kind: DateKind, format: &str, value: &str) -> Result<(), String> {
    match_date_time(kind, Some(format), &json!(value))
}

fn default(kind: DateKind, value: &str) -> Result<(), String> {
    match_date_time(kind, None, &json!(value))
}

/// FC-06, case 1: a .NET-style `fff` is not a Java pattern letter.
#[test]
fn fc06_an_unknown_pattern_letter_is_an_invalid_format_never_a_pass() {
    let error = check(DateKind::Time, "HH:mm:ss.fff", "01:37:52.261").expect_err("a mismatch");
    assert_eq!(
        error,
        "invalid date format \"HH:mm:ss.fff\": unknown pattern letter 'f' at position 9"
    );
    assert_eq!(
        validate_java_date_format("HH:mm:ss.fff"),
        Err(DateFormatError::UnknownLetter {
            letter: 'f',
            position: 9
        })
    );
}

/// FC-06, case 2: an offset with a colon is what `XXX` reads.
#[test]
fn fc06_a_timestamp_with_a_colon_offset_matches_xxx() {
    let format = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
    assert_eq!(
        check(DateKind::Timestamp, format, "2018-12-08T12:05:00.000+01:00"),
        Ok(())
    );
    assert_eq!(
        check(DateKind::Timestamp, format, "2018-12-08T12:05:00.000Z"),
        Ok(())
    );
    assert!(check(DateKind::Timestamp, format, "2018-12-08T12:05:00.000+0100").is_err());
}

/// FC-06, case 3: there is no 30 February.
#[test]
fn fc06_a_day_that_does_not_exist_is_a_mismatch() {
    let error = check(DateKind::Date, "yyyy-MM-dd", "2024-02-30").expect_err("a mismatch");
    assert_eq!(
        error,
        "expected a date in the format \"yyyy-MM-dd\", found \"2024-02-30\": day 30 does not exist in 2024-02"
    );
    assert_eq!(check(DateKind::Date, "yyyy-MM-dd", "2024-02-29"), Ok(()));
    assert!(check(DateKind::Date, "yyyy-MM-dd", "2023-02-29").is_err());
}

#[test]
fn numeric_widths_follow_java() {
    assert!(check(DateKind::Date, "yyyy-MM-dd", "2024-1-05").is_err());
    assert!(check(DateKind::Date, "yyyy-M-d", "2024-1-5").is_ok());
    assert!(check(DateKind::Date, "yyyy-M-d", "2024-11-25").is_ok());
    assert!(check(DateKind::Date, "yyyy-MM-dd", "24-01-05").is_err());
    assert!(check(DateKind::Date, "yy-MM-dd", "24-01-05").is_ok());
    assert!(check(DateKind::Date, "yyyyMMdd", "20240105").is_ok());
    assert!(check(DateKind::Date, "yyyyMMdd", "2024015").is_err());
    assert!(check(DateKind::Time, "HH:mm:ss.SSS", "10:00:00.12").is_err());
    assert!(check(DateKind::Time, "HH:mm:ss.SSS", "10:00:00.123").is_ok());
    assert!(check(DateKind::Time, "HH:mm:ss.SSS", "10:00:00.1234").is_err());
}

#[test]
fn ranges_are_checked() {
    assert!(check(DateKind::Time, "HH:mm:ss", "24:00:00").is_err());
    assert!(check(DateKind::Time, "HH:mm:ss", "23:60:00").is_err());
    assert!(check(DateKind::Date, "yyyy-MM-dd", "2024-13-01").is_err());
    assert!(check(DateKind::Time, "hh:mm a", "12:30 PM").is_ok());
    assert!(check(DateKind::Time, "hh:mm a", "13:30 PM").is_err());
    assert!(check(DateKind::Time, "kk:mm", "24:00").is_ok());
}

#[test]
fn names_quotes_and_zones() {
    let rfc1123 = "EEE, dd MMM yyyy HH:mm:ss z";
    assert!(
        check(
            DateKind::Timestamp,
            rfc1123,
            "Tue, 09 Jan 2024 10:00:00 GMT"
        )
        .is_ok()
    );
    // 9 January 2024 was a Tuesday.
    let error = check(
        DateKind::Timestamp,
        rfc1123,
        "Wed, 09 Jan 2024 10:00:00 GMT",
    )
    .expect_err("a mismatch");
    assert!(error.ends_with("2024-01-09 is a Tue, not a Wed"), "{error}");
    assert!(check(DateKind::Date, "EEEE d MMMM yyyy", "Friday 1 March 2024").is_ok());
    assert!(check(DateKind::Time, "h 'o''clock' a", "5 o'clock pm").is_ok());
    assert!(check(DateKind::Time, "HH''mm", "10'30").is_ok());
    assert!(
        check(
            DateKind::Timestamp,
            "yyyy-MM-dd HH:mm:ssZ",
            "2024-01-01 10:00:00+0130"
        )
        .is_ok()
    );
    assert!(
        check(
            DateKind::Timestamp,
            "yyyy-MM-dd HH:mm:ssZ",
            "2024-01-01 10:00:00Z"
        )
        .is_err()
    );
    assert!(
        check(
            DateKind::Timestamp,
            "yyyy-MM-dd HH:mm:ssX",
            "2024-01-01 10:00:00+01"
        )
        .is_ok()
    );
    assert!(
        check(
            DateKind::Timestamp,
            "yyyy-MM-dd HH:mm:ssX",
            "2024-01-01 10:00:00Z"
        )
        .is_ok()
    );
    assert!(
        check(
            DateKind::Timestamp,
            "yyyy-MM-dd HH:mm:ssXXX",
            "2024-01-01 10:00:00+25:00"
        )
        .is_err()
    );
    assert!(
        check(
            DateKind::Timestamp,
            "yyyy-MM-dd HH:mm VV",
            "2024-01-01 10:00 Europe/Paris"
        )
        .is_ok()
    );
}

#[test]
fn optional_sections_are_alternatives() {
    let format = "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]";
    for value in [
        "2024-01-01T10:00:00",
        "2024-01-01T10:00:00.123",
        "2024-01-01T10:00:00+02:00",
        "2024-01-01T10:00:00.123Z",
    ] {
        assert_eq!(check(DateKind::Timestamp, format, value), Ok(()), "{value}");
    }
    assert!(check(DateKind::Timestamp, format, "2024-01-01T10:00:00.12").is_err());
}

#[test]
fn defaults_are_iso_8601() {
    assert!(default(DateKind::Date, "2024-01-31").is_ok());
    assert!(default(DateKind::Date, "2024-01-32").is_err());
    assert!(default(DateKind::Date, "31/01/2024").is_err());
    assert!(default(DateKind::Time, "23:59:59").is_ok());
    assert!(default(DateKind::Time, "23:59:59.123456").is_ok());
    assert!(default(DateKind::Time, "23:59:59+01:00").is_ok());
    assert!(default(DateKind::Time, "23:59").is_err());
    assert!(default(DateKind::Timestamp, "2024-01-31T23:59:59Z").is_ok());
    assert!(default(DateKind::Timestamp, "2024-01-31 23:59:59.5+05:30").is_ok());
    assert!(default(DateKind::Timestamp, "2024-01-31T23:59:59").is_ok());
    assert!(default(DateKind::Timestamp, "2024-01-3123:59:59").is_err());
    assert!(default(DateKind::Timestamp, "2024-01-31T 23:59:59").is_err());
    assert!(default(DateKind::Timestamp, "2024-02-30T00:00:00Z").is_err());
}

#[test]
fn non_strings_are_mismatches() {
    let error = match_date_time(DateKind::Date, None, &json!(20240101)).expect_err("a mismatch");
    assert_eq!(error, "expected a date in ISO 8601 form, found 20240101");
}

#[test]
fn malformed_patterns_are_reported() {
    use DateFormatError::*;
    assert_eq!(
        validate_java_date_format("yyyy-MM-dd'T"),
        Err(UnterminatedQuote { position: 10 })
    );
    assert_eq!(
        validate_java_date_format("HH:mm]"),
        Err(UnbalancedBracket { position: 5 })
    );
    assert_eq!(
        validate_java_date_format("[HH:mm"),
        Err(UnbalancedBracket { position: 0 })
    );
    assert_eq!(
        validate_java_date_format("ddd"),
        Err(TooManyLetters {
            letters: "ddd".into(),
            position: 0
        })
    );
    assert_eq!(
        validate_java_date_format("YYYY-ww"),
        Err(UnsupportedLetter {
            letter: 'w',
            position: 5
        })
    );
    assert_eq!(
        validate_java_date_format("{yyyy}"),
        Err(ReservedCharacter {
            character: '{',
            position: 0
        })
    );
    assert_eq!(
        validate_java_date_format("[H][H][H][H][H][H][H]"),
        Err(TooManyOptionalSections)
    );
    assert!(validate_java_date_format("'literal only'").is_ok());
}
