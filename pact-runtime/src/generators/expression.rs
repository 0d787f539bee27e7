//! Date and time expressions for the `Date`, `Time` and `DateTime` generators: `now`,
//! `today`, `tomorrow`, `+ 1 day`, `- 2 hours`, `next week`, `today @ midnight`,
//! `tomorrow @ 3 o'clock pm + 30 minutes`.
//!
//! The expression is a sequence of terms, applied left to right to "now":
//! - a base: `now` and `today` (no change), `yesterday`, `tomorrow` (± 1 day), `midnight`
//!   (00:00:00), `noon` (12:00:00), `N o'clock` optionally followed by `am` / `pm`;
//! - an offset: `+ N unit` or `- N unit` (the space is optional), `next unit`, `last
//!   unit`, with the units `millisecond`, `second`, `minute`, `hour`, `day`, `week`,
//!   `fortnight`, `month` and `year` (singular or plural);
//! - `@`, which separates the date part from the time part and reads as nothing.
//!
//! Terms are case-insensitive. Months and years are calendar arithmetic (31 January + 1
//! month is the last day of February).

use chrono::{DateTime, Days, FixedOffset, Months, NaiveTime, TimeDelta};

/// `now` moved as `expression` says; `Err` holds the reason.
pub(crate) fn evaluate(
    expression: &str,
    now: DateTime<FixedOffset>,
) -> Result<DateTime<FixedOffset>, String> {
    let lowered = expression.to_ascii_lowercase().replace('@', " ");
    let words = split(&lowered);
    let mut at = now;
    let mut i = 0;
    while i < words.len() {
        let word = words[i].as_str();
        i += 1;
        at = match word {
            "now" | "today" => at,
            "yesterday" => shift(at, Unit::Day, -1)?,
            "tomorrow" => shift(at, Unit::Day, 1)?,
            "midnight" => set_time(at, 0, 0)?,
            "noon" => set_time(at, 12, 0)?,
            "next" | "last" => {
                let unit = unit(words.get(i).map(String::as_str), expression)?;
                i += 1;
                shift(at, unit, if word == "next" { 1 } else { -1 })?
            }
            "+" | "-" => {
                let amount = number(words.get(i).map(String::as_str), expression)?;
                let unit = unit(words.get(i + 1).map(String::as_str), expression)?;
                i += 2;
                let signed = if word == "-" { -amount } else { amount };
                shift(at, unit, signed)?
            }
            other => match other.parse::<u32>() {
                Ok(hour) if words.get(i).is_some_and(|w| w == "o'clock") => {
                    i += 1;
                    let hour = match words.get(i).map(String::as_str) {
                        Some("am") => {
                            i += 1;
                            hour % 12
                        }
                        Some("pm") => {
                            i += 1;
                            hour % 12 + 12
                        }
                        _ => hour,
                    };
                    set_time(at, hour, 0)?
                }
                _ => return Err(format!("unexpected \"{other}\"")),
            },
        };
    }
    Ok(at)
}

/// Words, with `+`/`-` split from the number that follows them (`+1` → `+`, `1`).
fn split(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        match word.strip_prefix(['+', '-']) {
            Some(rest) if !rest.is_empty() => {
                words.push(word[..1].to_owned());
                words.push(rest.to_owned());
            }
            _ => words.push(word.to_owned()),
        }
    }
    words
}

fn number(word: Option<&str>, expression: &str) -> Result<i64, String> {
    word.and_then(|w| w.parse::<i64>().ok())
        .ok_or_else(|| format!("expected a number after + or - in \"{expression}\""))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Millisecond,
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Year,
}

fn unit(word: Option<&str>, expression: &str) -> Result<Unit, String> {
    let word = word.ok_or_else(|| format!("expected a unit at the end of \"{expression}\""))?;
    let singular = word.strip_suffix('s').unwrap_or(word);
    Ok(match singular {
        "millisecond" | "milli" | "ms" => Unit::Millisecond,
        "second" | "sec" => Unit::Second,
        "minute" | "min" => Unit::Minute,
        "hour" | "hr" => Unit::Hour,
        "day" => Unit::Day,
        "week" => Unit::Week,
        "fortnight" => Unit::Fortnight,
        "month" => Unit::Month,
        "year" => Unit::Year,
        _ => {
            return Err(format!(
                "unknown unit \"{word}\" (expected millisecond, second, minute, hour, day, week, fortnight, month or year)"
            ));
        }
    })
}

fn shift(
    at: DateTime<FixedOffset>,
    unit: Unit,
    amount: i64,
) -> Result<DateTime<FixedOffset>, String> {
    let out_of_range = || format!("{amount} {unit:?} is out of range");
    let delta = |delta: Option<TimeDelta>| {
        delta
            .and_then(|d| at.checked_add_signed(d))
            .ok_or_else(out_of_range)
    };
    match unit {
        Unit::Millisecond => delta(TimeDelta::try_milliseconds(amount)),
        Unit::Second => delta(TimeDelta::try_seconds(amount)),
        Unit::Minute => delta(TimeDelta::try_minutes(amount)),
        Unit::Hour => delta(TimeDelta::try_hours(amount)),
        Unit::Day | Unit::Week | Unit::Fortnight => {
            let per = match unit {
                Unit::Day => 1,
                Unit::Week => 7,
                _ => 14,
            };
            let days = amount.checked_mul(per).ok_or_else(out_of_range)?;
            let magnitude = Days::new(days.unsigned_abs());
            if days >= 0 {
                at.checked_add_days(magnitude)
            } else {
                at.checked_sub_days(magnitude)
            }
            .ok_or_else(out_of_range)
        }
        Unit::Month | Unit::Year => {
            let per = if unit == Unit::Year { 12 } else { 1 };
            let months = amount.checked_mul(per).ok_or_else(out_of_range)?;
            let magnitude =
                Months::new(u32::try_from(months.unsigned_abs()).map_err(|_| out_of_range())?);
            if months >= 0 {
                at.checked_add_months(magnitude)
            } else {
                at.checked_sub_months(magnitude)
            }
            .ok_or_else(out_of_range)
        }
    }
}

fn set_time(
    at: DateTime<FixedOffset>,
    hour: u32,
    minute: u32,
) -> Result<DateTime<FixedOffset>, String> {
    let time = NaiveTime::from_hms_opt(hour, minute, 0)
        .ok_or_else(|| format!("{hour} o'clock is not a time of day"))?;
    at.date_naive()
        .and_time(time)
        .and_local_timezone(*at.offset())
        .single()
        .ok_or_else(|| "the time does not exist at this offset".to_owned())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn base() -> DateTime<FixedOffset> {
        NaiveDate::from_ymd_opt(2024, 1, 31)
            .and_then(|d| d.and_hms_opt(10, 30, 0))
            .and_then(|t| t.and_local_timezone(FixedOffset::east_opt(0)?).single())
            .expect("a valid instant")
    }

    fn eval(expression: &str) -> String {
        evaluate(expression, base())
            .map(|at| at.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|error| format!("error: {error}"))
    }

    #[test]
    fn expressions_move_now_left_to_right() {
        let cases = [
            ("", "2024-01-31 10:30:00"),
            ("now", "2024-01-31 10:30:00"),
            ("today", "2024-01-31 10:30:00"),
            ("tomorrow", "2024-02-01 10:30:00"),
            ("yesterday", "2024-01-30 10:30:00"),
            ("+ 1 day", "2024-02-01 10:30:00"),
            ("+1 day", "2024-02-01 10:30:00"),
            ("- 2 hours", "2024-01-31 08:30:00"),
            ("now + 1 month", "2024-02-29 10:30:00"),
            ("today - 1 year", "2023-01-31 10:30:00"),
            ("next week", "2024-02-07 10:30:00"),
            ("last fortnight", "2024-01-17 10:30:00"),
            ("today @ midnight", "2024-01-31 00:00:00"),
            ("tomorrow @ noon + 30 minutes", "2024-02-01 12:30:00"),
            ("today @ 3 o'clock pm", "2024-01-31 15:00:00"),
            ("Now + 90 Seconds", "2024-01-31 10:31:30"),
        ];
        for (expression, expected) in cases {
            assert_eq!(eval(expression), expected, "{expression}");
        }
    }

    #[test]
    fn bad_expressions_say_what_is_wrong() {
        assert_eq!(eval("+ 1 fortnights days"), "error: unexpected \"days\"");
        assert_eq!(
            eval("+ 1 eon"),
            "error: unknown unit \"eon\" (expected millisecond, second, minute, hour, day, week, fortnight, month or year)"
        );
        assert_eq!(
            eval("+ day"),
            "error: expected a number after + or - in \"+ day\""
        );
        assert_eq!(eval("soon"), "error: unexpected \"soon\"");
    }
}
