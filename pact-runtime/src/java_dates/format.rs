//! Writing a date/time with a Java `DateTimeFormatter` pattern: the inverse of reading,
//! over the same translated tokens, so a generated value always matches a `date`, `time`
//! or `timestamp` rule with the same format.
//!
//! Optional `[...]` sections are written (the first alternative of the translation keeps
//! every section). Names are English. Zone names (`z`) and zone ids (`VV`) are written
//! from the offset alone (`UTC`, `GMT+01:00`): generated values carry an offset, not a
//! region.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

use super::{DateFormatError, Field, MONTHS, NameKind, OffsetStyle, Token, translate};

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `at` written with the Java pattern `pattern`.
pub(crate) fn format_java_date(
    pattern: &str,
    at: &DateTime<FixedOffset>,
) -> Result<String, DateFormatError> {
    let alternatives = translate(pattern)?;
    let mut out = String::new();
    // `expand` lists the alternative with every optional section first.
    if let Some(tokens) = alternatives.first() {
        for token in tokens {
            write_token(token, at, &mut out);
        }
    }
    Ok(out)
}

fn write_token(token: &Token, at: &DateTime<FixedOffset>, out: &mut String) {
    match token {
        Token::Literal(text) => out.push_str(text),
        Token::Number { field, min, .. } => {
            let value = number(*field, at);
            let digits = value.unsigned_abs().to_string();
            if value < 0 {
                out.push('-');
            }
            for _ in digits.len()..*min {
                out.push('0');
            }
            out.push_str(&digits);
        }
        Token::Fraction { min, .. } => {
            let nanos = format!("{:09}", at.nanosecond() % 1_000_000_000);
            out.push_str(&nanos[..(*min).min(9)]);
            for _ in 9..*min {
                out.push('0');
            }
        }
        Token::Name(kind) => out.push_str(&name(*kind, at)),
        Token::Offset(style) => out.push_str(&offset(*style, at.offset().local_minus_utc())),
        Token::GmtOffset => {
            let seconds = at.offset().local_minus_utc();
            if seconds == 0 {
                out.push_str("GMT");
            } else {
                out.push_str("GMT");
                out.push_str(&offset(COLON_STYLE, seconds));
            }
        }
        Token::ZoneName { .. } | Token::ZoneId => {
            let seconds = at.offset().local_minus_utc();
            if seconds == 0 {
                out.push_str("UTC");
            } else {
                out.push_str("GMT");
                out.push_str(&offset(COLON_STYLE, seconds));
            }
        }
        // `translate` has expanded every optional section already.
        Token::Optional(inner) => {
            for token in inner {
                write_token(token, at, out);
            }
        }
    }
}

const COLON_STYLE: OffsetStyle = OffsetStyle {
    zulu: false,
    colon: true,
    minutes_optional: false,
    seconds_allowed: false,
};

fn number(field: Field, at: &DateTime<FixedOffset>) -> i64 {
    let hour = i64::from(at.hour());
    match field {
        Field::Year => i64::from(at.year()),
        Field::TwoDigitYear => i64::from(at.year().rem_euclid(100)),
        Field::Month => i64::from(at.month()),
        Field::Day => i64::from(at.day()),
        Field::DayOfYear => i64::from(at.ordinal()),
        Field::Hour => hour,
        Field::ClockHour => {
            if hour == 0 {
                24
            } else {
                hour
            }
        }
        Field::HourOfAmPm => hour % 12,
        Field::ClockHourOfAmPm => match hour % 12 {
            0 => 12,
            h => h,
        },
        Field::Minute => i64::from(at.minute()),
        Field::Second => i64::from(at.second()),
        Field::Nano => i64::from(at.nanosecond() % 1_000_000_000),
        Field::Quarter => i64::from((at.month() - 1) / 3 + 1),
    }
}

fn name(kind: NameKind, at: &DateTime<FixedOffset>) -> String {
    let month = MONTHS[at.month0() as usize];
    let weekday = WEEKDAYS[at.weekday().num_days_from_monday() as usize];
    match kind {
        NameKind::MonthShort => month[..3].to_owned(),
        NameKind::MonthLong => month.to_owned(),
        NameKind::WeekdayShort => weekday[..3].to_owned(),
        NameKind::WeekdayLong => weekday.to_owned(),
        NameKind::AmPm => if at.hour() < 12 { "AM" } else { "PM" }.to_owned(),
        NameKind::Era => if at.year() > 0 { "AD" } else { "BC" }.to_owned(),
    }
}

fn offset(style: OffsetStyle, seconds: i32) -> String {
    if style.zulu && seconds == 0 {
        return "Z".to_owned();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.unsigned_abs();
    let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60);
    let separator = if style.colon { ":" } else { "" };
    let mut text = format!("{sign}{hours:02}");
    if !(style.minutes_optional && minutes == 0 && secs == 0) {
        text.push_str(&format!("{separator}{minutes:02}"));
    }
    if style.seconds_allowed && secs != 0 {
        text.push_str(&format!("{separator}{secs:02}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, NaiveDate};

    use super::super::read;
    use super::*;

    fn at(offset_seconds: i32) -> DateTime<FixedOffset> {
        let naive = NaiveDate::from_ymd_opt(2024, 2, 29)
            .and_then(|d| d.and_hms_nano_opt(7, 5, 9, 123_456_789))
            .expect("a valid date");
        naive
            .and_local_timezone(FixedOffset::east_opt(offset_seconds).expect("offset"))
            .single()
            .expect("a fixed offset has one local time")
    }

    #[test]
    fn common_patterns_write_what_the_matcher_reads() {
        let cases = [
            ("yyyy-MM-dd", 0, "2024-02-29"),
            ("HH:mm:ss.SSS", 0, "07:05:09.123"),
            (
                "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
                3600,
                "2024-02-29T07:05:09.123+01:00",
            ),
            ("yyyy-MM-dd'T'HH:mm:ssXXX", 0, "2024-02-29T07:05:09Z"),
            (
                "EEE, dd MMM yyyy HH:mm:ss z",
                0,
                "Thu, 29 Feb 2024 07:05:09 UTC",
            ),
            (
                "EEEE d MMMM yy h:mm a",
                -18000,
                "Thursday 29 February 24 7:05 AM",
            ),
            ("yyyyMMdd[ HHmm]", 0, "20240229 0705"),
            ("D Q xx", -5400, "60 1 -0130"),
        ];
        for (pattern, offset, expected) in cases {
            let text = format_java_date(pattern, &at(offset)).expect("valid pattern");
            assert_eq!(text, expected, "pattern {pattern}");
            let alternatives = translate(pattern).expect("valid pattern");
            assert!(
                alternatives
                    .iter()
                    .any(|tokens| read(tokens, &text).is_ok()),
                "pattern {pattern} reads back"
            );
        }
    }

    #[test]
    fn an_unknown_letter_is_an_error_not_a_guess() {
        let error = format_java_date("HH:mm:ss.fff", &at(0)).expect_err("f is not Java");
        assert_eq!(
            error.to_string(),
            "unknown pattern letter 'f' at position 9"
        );
    }
}
