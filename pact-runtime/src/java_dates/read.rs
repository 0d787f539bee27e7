//! Reading a value against one translated date/time pattern, then checking the fields it
//! yields against the calendar (chrono).

use super::{Field, MONTHS, NameKind, OffsetStyle, Token};
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

/// The fields a value yields; each may be set once (twice only with the same value).
#[derive(Debug, Default)]
struct Fields {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    day_of_year: Option<i64>,
    weekday: Option<Weekday>,
    hour: Option<i64>,
    hour_of_am_pm: Option<i64>,
    pm: Option<bool>,
    minute: Option<i64>,
    second: Option<i64>,
    nano: Option<i64>,
    quarter: Option<i64>,
}

/// Reads `text` with `tokens`; `Err` holds how far it got (in bytes) and why it stopped.
pub(crate) fn read(tokens: &[Token], text: &str) -> Result<(), (usize, String)> {
    let mut fields = Fields::default();
    let mut at = 0;
    for token in tokens {
        let rest = &text[at..];
        let used = read_token(token, rest, &mut fields).map_err(|reason| (at, reason))?;
        at += used;
    }
    if at < text.len() {
        return Err((at, format!("unexpected text \"{}\"", &text[at..])));
    }
    check_calendar(&fields).map_err(|reason| (text.len(), reason))
}

/// Reads one token at the start of `rest`, returning the bytes it used.
fn read_token(token: &Token, rest: &str, fields: &mut Fields) -> Result<usize, String> {
    match token {
        Token::Literal(literal) => {
            if rest.starts_with(literal.as_str()) {
                Ok(literal.len())
            } else {
                Err(format!("expected \"{literal}\" at \"{rest}\""))
            }
        }
        Token::Number { field, min, max } => {
            let digits = leading_digits(rest, *max);
            if digits < *min {
                return Err(format!(
                    "expected {} at \"{rest}\"",
                    digits_wanted(*min, *max, field_name(*field))
                ));
            }
            let value: i64 = rest[..digits]
                .parse()
                .map_err(|_| format!("{} out of range", field_name(*field)))?;
            store_number(*field, value, fields)?;
            Ok(digits)
        }
        Token::Fraction { min, max } => {
            let digits = leading_digits(rest, *max);
            if digits < *min {
                return Err(format!(
                    "expected {} at \"{rest}\"",
                    digits_wanted(*min, *max, "fraction of a second")
                ));
            }
            let padded = format!("{:0<9}", &rest[..digits]);
            let nano = padded.parse().map_err(|_| "invalid fraction".to_owned())?;
            set(&mut fields.nano, nano, "fraction of a second")?;
            Ok(digits)
        }
        Token::Name(kind) => read_name(*kind, rest, fields),
        Token::Offset(style) => read_offset(*style, rest),
        Token::GmtOffset => {
            if !rest.starts_with("GMT") {
                return Err(format!("expected \"GMT\" at \"{rest}\""));
            }
            let after = &rest[3..];
            if !after.starts_with(['+', '-']) {
                return Ok(3);
            }
            let hours = leading_digits(&after[1..], 2);
            if hours == 0 {
                return Err(format!("expected an offset after \"GMT\" at \"{after}\""));
            }
            let mut used = 4 + hours;
            if rest[used..].starts_with(':') {
                if leading_digits(&rest[used + 1..], 2) != 2 {
                    return Err(format!("expected offset minutes at \"{}\"", &rest[used..]));
                }
                used += 3;
            }
            check_offset(&rest[4..used])?;
            Ok(used)
        }
        Token::ZoneName { long } => {
            let used = rest
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphabetic() || (*long && *c == ' ')))
                .map_or(rest.len(), |(i, _)| i);
            let used = rest[..used].trim_end().len();
            if used == 0 {
                Err(format!("expected a time-zone name at \"{rest}\""))
            } else {
                Ok(used)
            }
        }
        Token::ZoneId => {
            let used = rest
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || "/_+-".contains(*c)))
                .map_or(rest.len(), |(i, _)| i);
            if used == 0 {
                Err(format!("expected a time-zone id at \"{rest}\""))
            } else {
                Ok(used)
            }
        }
        // Expanded into alternatives before reading.
        Token::Optional(_) => Err("internal: unexpanded optional section".to_owned()),
    }
}

fn leading_digits(text: &str, max: usize) -> usize {
    text.bytes()
        .take(max)
        .take_while(u8::is_ascii_digit)
        .count()
}

fn digits_wanted(min: usize, max: usize, what: &str) -> String {
    if min == max {
        format!("{min} digit(s) for the {what}")
    } else {
        format!("{min} to {max} digits for the {what}")
    }
}

fn field_name(field: Field) -> &'static str {
    match field {
        Field::Year | Field::TwoDigitYear => "year",
        Field::Month => "month",
        Field::Day => "day of month",
        Field::DayOfYear => "day of year",
        Field::Hour | Field::ClockHour | Field::HourOfAmPm | Field::ClockHourOfAmPm => "hour",
        Field::Minute => "minute",
        Field::Second => "second",
        Field::Nano => "nanosecond",
        Field::Quarter => "quarter",
    }
}

fn set(slot: &mut Option<i64>, value: i64, what: &str) -> Result<(), String> {
    match slot {
        Some(old) if *old != value => Err(format!("conflicting values for the {what}")),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}

fn in_range(value: i64, low: i64, high: i64, what: &str) -> Result<i64, String> {
    if (low..=high).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{what} {value} is out of range ({low}–{high})"))
    }
}

fn store_number(field: Field, value: i64, fields: &mut Fields) -> Result<(), String> {
    let name = field_name(field);
    match field {
        Field::Year => set(&mut fields.year, value, name),
        // Java reads a two-digit year into 2000–2099.
        Field::TwoDigitYear => set(&mut fields.year, 2000 + value, name),
        Field::Month => set(&mut fields.month, in_range(value, 1, 12, name)?, name),
        Field::Day => set(&mut fields.day, in_range(value, 1, 31, name)?, name),
        Field::DayOfYear => set(
            &mut fields.day_of_year,
            in_range(value, 1, 366, name)?,
            name,
        ),
        Field::Hour => set(&mut fields.hour, in_range(value, 0, 23, name)?, name),
        Field::ClockHour => {
            let hour = in_range(value, 1, 24, name)? % 24;
            set(&mut fields.hour, hour, name)
        }
        Field::HourOfAmPm => set(
            &mut fields.hour_of_am_pm,
            in_range(value, 0, 11, name)?,
            name,
        ),
        Field::ClockHourOfAmPm => {
            let hour = in_range(value, 1, 12, name)? % 12;
            set(&mut fields.hour_of_am_pm, hour, name)
        }
        Field::Minute => set(&mut fields.minute, in_range(value, 0, 59, name)?, name),
        Field::Second => set(&mut fields.second, in_range(value, 0, 59, name)?, name),
        Field::Nano => set(&mut fields.nano, value, name),
        Field::Quarter => set(&mut fields.quarter, in_range(value, 1, 4, name)?, name),
    }
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("Monday", Weekday::Mon),
    ("Tuesday", Weekday::Tue),
    ("Wednesday", Weekday::Wed),
    ("Thursday", Weekday::Thu),
    ("Friday", Weekday::Fri),
    ("Saturday", Weekday::Sat),
    ("Sunday", Weekday::Sun),
];

/// True when `rest` starts with `name`, ignoring ASCII case.
fn starts_with_name(rest: &str, name: &str) -> bool {
    rest.get(..name.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(name))
}

fn read_name(kind: NameKind, rest: &str, fields: &mut Fields) -> Result<usize, String> {
    let short = |name: &'static str| &name[..3];
    match kind {
        NameKind::MonthShort | NameKind::MonthLong => {
            for (index, name) in (1..).zip(MONTHS) {
                let name = if kind == NameKind::MonthShort {
                    short(name)
                } else {
                    name
                };
                if starts_with_name(rest, name) {
                    set(&mut fields.month, index, "month")?;
                    return Ok(name.len());
                }
            }
            Err(format!("expected a month name at \"{rest}\""))
        }
        NameKind::WeekdayShort | NameKind::WeekdayLong => {
            for (name, weekday) in WEEKDAYS {
                let name = if kind == NameKind::WeekdayShort {
                    short(name)
                } else {
                    name
                };
                if starts_with_name(rest, name) {
                    if fields.weekday.is_some_and(|w| w != weekday) {
                        return Err("conflicting values for the day of week".to_owned());
                    }
                    fields.weekday = Some(weekday);
                    return Ok(name.len());
                }
            }
            Err(format!("expected a day-of-week name at \"{rest}\""))
        }
        NameKind::AmPm => {
            let pm = if starts_with_name(rest, "AM") {
                false
            } else if starts_with_name(rest, "PM") {
                true
            } else {
                return Err(format!("expected AM or PM at \"{rest}\""));
            };
            if fields.pm.is_some_and(|p| p != pm) {
                return Err("conflicting values for AM/PM".to_owned());
            }
            fields.pm = Some(pm);
            Ok(2)
        }
        NameKind::Era => {
            if starts_with_name(rest, "AD") || starts_with_name(rest, "BC") {
                Ok(2)
            } else {
                Err(format!("expected AD or BC at \"{rest}\""))
            }
        }
    }
}

fn read_offset(style: OffsetStyle, rest: &str) -> Result<usize, String> {
    if style.zulu && rest.starts_with('Z') {
        return Ok(1);
    }
    let wanted = || {
        let minutes = match (style.colon, style.minutes_optional) {
            (true, _) => "HH:MM",
            (false, true) => "HH[MM]",
            (false, false) => "HHMM",
        };
        let zulu = if style.zulu { " or Z" } else { "" };
        format!("expected an offset ±{minutes}{zulu} at \"{rest}\"")
    };
    if !rest.starts_with(['+', '-']) || leading_digits(&rest[1..], 2) != 2 {
        return Err(wanted());
    }
    let mut used = 3;
    // Minutes, then optionally seconds, each introduced by a colon in colon styles.
    for part in 0..2 {
        let separator = usize::from(style.colon);
        let tail = &rest[used..];
        let has_separator = !style.colon || tail.starts_with(':');
        let has_digits =
            has_separator && leading_digits(&tail[separator.min(tail.len())..], 2) == 2;
        let required = part == 0 && !style.minutes_optional;
        if has_digits && (part == 0 || style.seconds_allowed) {
            used += separator + 2;
        } else if required {
            return Err(wanted());
        } else {
            break;
        }
    }
    check_offset(&rest[1..used])?;
    Ok(used)
}

/// An offset's digits (without the sign): at most 18 hours, minutes and seconds below 60.
fn check_offset(digits: &str) -> Result<(), String> {
    let numbers: Vec<i64> = digits
        .split(':')
        .flat_map(|part| {
            part.as_bytes()
                .chunks(2)
                .map(|pair| pair.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
                .collect::<Vec<_>>()
        })
        .collect();
    let hours = numbers.first().copied().unwrap_or(0);
    let minutes = numbers.get(1).copied().unwrap_or(0);
    let seconds = numbers.get(2).copied().unwrap_or(0);
    if hours > 18 || minutes > 59 || seconds > 59 {
        Err(format!("offset {digits} is out of range"))
    } else {
        Ok(())
    }
}

/// The day, time and weekday read must exist together (no 30 February, no Friday that is
/// a Tuesday). A missing year is taken as the leap year 2000 so 29 February passes.
fn check_calendar(fields: &Fields) -> Result<(), String> {
    let year = fields.year.unwrap_or(2000);
    let year = i32::try_from(year).map_err(|_| format!("year {year} is out of range"))?;
    let date = match (fields.day_of_year, fields.month, fields.day) {
        (Some(ordinal), month, day) => {
            let date = u32::try_from(ordinal)
                .ok()
                .and_then(|o| NaiveDate::from_yo_opt(year, o))
                .ok_or_else(|| format!("day {ordinal} does not exist in {year}"))?;
            let agrees = month.is_none_or(|m| i64::from(date.month()) == m)
                && day.is_none_or(|d| i64::from(date.day()) == d);
            if !agrees {
                return Err("the day of year does not agree with the month and day".to_owned());
            }
            Some(date)
        }
        (None, Some(month), Some(day)) => {
            let date = u32::try_from(month)
                .ok()
                .zip(u32::try_from(day).ok())
                .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
                .ok_or_else(|| format!("day {day} does not exist in {year}-{month:02}"))?;
            Some(date)
        }
        _ => None,
    };
    if let (Some(date), Some(weekday), Some(_)) = (date, fields.weekday, fields.year)
        && date.weekday() != weekday
    {
        return Err(format!("{date} is a {}, not a {weekday}", date.weekday()));
    }
    if let (Some(date), Some(quarter)) = (date, fields.quarter)
        && i64::from(date.month0() / 3 + 1) != quarter
    {
        return Err(format!("{date} is not in quarter {quarter}"));
    }
    let hour = match (fields.hour, fields.hour_of_am_pm, fields.pm) {
        (Some(hour), Some(of_am_pm), pm) => {
            if of_am_pm != hour % 12 || pm.is_some_and(|pm| pm != (hour >= 12)) {
                return Err("conflicting values for the hour".to_owned());
            }
            Some(hour)
        }
        (Some(hour), None, Some(pm)) if pm != (hour >= 12) => {
            return Err(format!("hour {hour} does not agree with AM/PM"));
        }
        (Some(hour), None, _) => Some(hour),
        (None, Some(of_am_pm), pm) => Some(of_am_pm + if pm == Some(true) { 12 } else { 0 }),
        (None, None, _) => None,
    };
    let time_parts = [hour, fields.minute, fields.second, fields.nano];
    if time_parts.iter().any(Option::is_some) {
        let [h, m, s, n] = time_parts.map(|part| part.and_then(|v| u32::try_from(v).ok()));
        if NaiveTime::from_hms_nano_opt(
            h.unwrap_or(0),
            m.unwrap_or(0),
            s.unwrap_or(0),
            n.unwrap_or(0),
        )
        .is_none()
        {
            return Err("the time does not exist".to_owned());
        }
    }
    Ok(())
}
