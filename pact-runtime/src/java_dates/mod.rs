//! Java `DateTimeFormatter` patterns, as pact files carry them for the `date`, `time` and
//! `timestamp` matchers and generators (`yyyy-MM-dd`, `HH:mm:ss.SSS`, `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`,
//! `EEE, dd MMM yyyy HH:mm:ss z`).
//!
//! A pattern is translated once into a small list of tokens (literals, numeric fields with
//! their widths, names, offsets); the value is read against those tokens and the fields it
//! yields are checked with chrono's calendar (`NaiveDate::from_ymd_opt`, …). The pattern
//! letters are Java's, so a consumer written in any language means the same thing.
//!
//! Decisions:
//! - **Strict.** A day that does not exist (30 February) is a mismatch; Java's default
//!   "smart" resolver would clamp it to the 29th, which would let a broken provider pass.
//!   Numeric widths follow Java: `MM` is exactly two digits, `M` one or two, `yyyy` at
//!   least four; `SSS` is exactly three fraction digits.
//! - **Unknown letters fail.** A letter Java does not define (`f` in the .NET-style
//!   `HH:mm:ss.fff`, field case FC-06) is a mismatch "invalid date format …", never a
//!   pass. Letters Java defines but this module does not read (week fields, localized
//!   day-of-week, …) fail the same way, with a message saying so.
//! - Names (`MMM`, `EEEE`, `a`, `G`) are English and compared case-insensitively.
//! - `Y` (week-based year) is read as the calendar year: the two differ only around new
//!   year, and a validity check cannot use week numbers (which are not supported).
//! - `[...]` optional sections are expanded into alternatives (at most
//!   [`MAX_ALTERNATIVES`]); the value matches if any alternative reads it completely.
//! - Without a format: a date is `yyyy-MM-dd`; a time is `HH:mm:ss` with an optional
//!   fraction and offset; a timestamp is RFC 3339 (`T` or a space between date and time,
//!   optional fraction, optional `Z` / `±HH:MM` offset).

/// At most this many alternatives come from `[...]` optional sections (2^6).
/// English month names, January first, as the `MMMM`/`MMM` letters write and read them.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const MAX_ALTERNATIVES: usize = 64;

/// Why a Java date/time pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateFormatError {
    /// A letter that is not a Java `DateTimeFormatter` pattern letter (quote literal text
    /// with `'…'`).
    #[error("unknown pattern letter '{letter}' at position {position}")]
    UnknownLetter {
        /// The letter.
        letter: char,
        /// Its position in the pattern (in characters, from 0).
        position: usize,
    },
    /// A Java pattern letter this matcher does not read (week numbers, localized fields).
    #[error("pattern letter '{letter}' at position {position} is not supported")]
    UnsupportedLetter {
        /// The letter.
        letter: char,
        /// Its position in the pattern (in characters, from 0).
        position: usize,
    },
    /// A letter repeated more often than Java allows (`ddd`, `HHH`).
    #[error("too many pattern letters '{letters}' at position {position}")]
    TooManyLetters {
        /// The run of letters.
        letters: String,
        /// Where the run starts.
        position: usize,
    },
    /// A `'` that opens literal text is never closed.
    #[error("unterminated quoted text starting at position {position}")]
    UnterminatedQuote {
        /// Where the quote opens.
        position: usize,
    },
    /// A `]` without `[`, or a `[` without `]`.
    #[error("unbalanced optional section bracket at position {position}")]
    UnbalancedBracket {
        /// Where the bracket is.
        position: usize,
    },
    /// `{`, `}` and `#` are reserved by Java.
    #[error("reserved character '{character}' at position {position}")]
    ReservedCharacter {
        /// The character.
        character: char,
        /// Where it is.
        position: usize,
    },
    /// So many `[...]` sections that checking every combination would be too slow.
    #[error("too many optional sections (at most 6)")]
    TooManyOptionalSections,
}

/// Checks that `pattern` is a Java `DateTimeFormatter` pattern this engine can read, so a
/// pact that could never verify is rejected when it is written, not when it is verified.
///
/// ```
/// use pact_runtime::matching::validate_java_date_format;
///
/// assert!(validate_java_date_format("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").is_ok());
/// let error = validate_java_date_format("HH:mm:ss.fff").unwrap_err();
/// assert_eq!(error.to_string(), "unknown pattern letter 'f' at position 9");
/// ```
pub fn validate_java_date_format(pattern: &str) -> Result<(), DateFormatError> {
    translate(pattern).map(|_| ())
}

/// Which of the three matchers is asking (it decides the default format and the wording).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateKind {
    Date,
    Time,
    Timestamp,
}

impl DateKind {
    pub(crate) fn noun(self) -> &'static str {
        match self {
            DateKind::Date => "date",
            DateKind::Time => "time",
            DateKind::Timestamp => "timestamp",
        }
    }
}

/// One element of a translated pattern.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    Literal(String),
    Number {
        field: Field,
        min: usize,
        max: usize,
    },
    /// Fraction of a second, `min..=max` digits.
    Fraction {
        min: usize,
        max: usize,
    },
    Name(NameKind),
    Offset(OffsetStyle),
    /// `GMT`, optionally followed by `±H[H][:MM]` (`O`, `ZZZZ`).
    GmtOffset,
    /// A zone name such as `PST` or `Central European Time` (`z`): letters and spaces.
    ZoneName {
        long: bool,
    },
    /// A zone id such as `Europe/Paris` (`VV`).
    ZoneId,
    Optional(Vec<Token>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Year,
    TwoDigitYear,
    Month,
    Day,
    DayOfYear,
    /// `H`, 0–23.
    Hour,
    /// `k`, 1–24.
    ClockHour,
    /// `K`, 0–11.
    HourOfAmPm,
    /// `h`, 1–12.
    ClockHourOfAmPm,
    Minute,
    Second,
    /// `n`, nano-of-second as a number.
    Nano,
    Quarter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameKind {
    MonthShort,
    MonthLong,
    WeekdayShort,
    WeekdayLong,
    AmPm,
    Era,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OffsetStyle {
    /// `Z` stands for a zero offset.
    zulu: bool,
    colon: bool,
    /// Minutes may be left out (`X`, `x`).
    minutes_optional: bool,
    /// Seconds may follow (`XXXX`, `XXXXX`).
    seconds_allowed: bool,
}

pub(crate) fn translate(pattern: &str) -> Result<Vec<Vec<Token>>, DateFormatError> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut top: Vec<Token> = Vec::new();
    // Open `[` sections: where each opened, and what it holds so far.
    let mut open: Vec<(usize, Vec<Token>)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let current = match open.last_mut() {
            Some((_, inner)) => inner,
            None => &mut top,
        };
        match c {
            '\'' => {
                let (text, next) = quoted(&chars, i)?;
                push_literal(current, &text);
                i = next;
            }
            '[' => {
                open.push((i, Vec::new()));
                i += 1;
            }
            ']' => {
                let Some((_, inner)) = open.pop() else {
                    return Err(DateFormatError::UnbalancedBracket { position: i });
                };
                let parent = match open.last_mut() {
                    Some((_, parent)) => parent,
                    None => &mut top,
                };
                parent.push(Token::Optional(inner));
                i += 1;
            }
            '{' | '}' | '#' => {
                return Err(DateFormatError::ReservedCharacter {
                    character: c,
                    position: i,
                });
            }
            c if c.is_ascii_alphabetic() => {
                let count = chars[i..].iter().take_while(|&&x| x == c).count();
                current.push(letter_token(c, count, i)?);
                i += count;
            }
            c => {
                push_literal(current, c.encode_utf8(&mut [0; 4]));
                i += 1;
            }
        }
    }
    if let Some((position, _)) = open.first() {
        return Err(DateFormatError::UnbalancedBracket {
            position: *position,
        });
    }
    let mut alternatives = Vec::new();
    expand(&top, Vec::new(), &mut alternatives)?;
    for alternative in &mut alternatives {
        fix_adjacent_widths(alternative);
    }
    Ok(alternatives)
}

/// Reads `'…'` starting at `start` (a quote); `''` inside or alone is one quote.
fn quoted(chars: &[char], start: usize) -> Result<(String, usize), DateFormatError> {
    if chars.get(start + 1) == Some(&'\'') {
        return Ok(("'".to_owned(), start + 2));
    }
    let mut text = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => return Err(DateFormatError::UnterminatedQuote { position: start }),
            Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                text.push('\'');
                i += 2;
            }
            Some('\'') => return Ok((text, i + 1)),
            Some(&c) => {
                text.push(c);
                i += 1;
            }
        }
    }
}

fn push_literal(tokens: &mut Vec<Token>, text: &str) {
    if let Some(Token::Literal(last)) = tokens.last_mut() {
        last.push_str(text);
    } else {
        tokens.push(Token::Literal(text.to_owned()));
    }
}

/// The token for a run of `count` letters `c` starting at `position`.
fn letter_token(c: char, count: usize, position: usize) -> Result<Token, DateFormatError> {
    let too_many = || DateFormatError::TooManyLetters {
        letters: std::iter::repeat_n(c, count).collect(),
        position,
    };
    let unsupported = || DateFormatError::UnsupportedLetter {
        letter: c,
        position,
    };
    let number = |field, max_count: usize, max_digits: usize| {
        if count > max_count {
            Err(too_many())
        } else {
            Ok(Token::Number {
                field,
                min: count,
                max: max_digits.max(count),
            })
        }
    };
    let offset = |zulu, colon, minutes_optional, seconds_allowed| {
        Token::Offset(OffsetStyle {
            zulu,
            colon,
            minutes_optional,
            seconds_allowed,
        })
    };
    match c {
        'y' | 'u' | 'Y' if count == 2 => Ok(Token::Number {
            field: Field::TwoDigitYear,
            min: 2,
            max: 2,
        }),
        'y' | 'u' | 'Y' => Ok(Token::Number {
            field: Field::Year,
            min: count,
            max: 9.max(count),
        }),
        'M' | 'L' => match count {
            1 | 2 => number(Field::Month, 2, 2),
            3 => Ok(Token::Name(NameKind::MonthShort)),
            4 => Ok(Token::Name(NameKind::MonthLong)),
            5 => Err(unsupported()),
            _ => Err(too_many()),
        },
        'd' => number(Field::Day, 2, 2),
        'D' => number(Field::DayOfYear, 3, 3),
        'Q' | 'q' => match count {
            1 | 2 => number(Field::Quarter, 2, 1),
            3..=5 => Err(unsupported()),
            _ => Err(too_many()),
        },
        'E' => match count {
            1..=3 => Ok(Token::Name(NameKind::WeekdayShort)),
            4 => Ok(Token::Name(NameKind::WeekdayLong)),
            5 => Err(unsupported()),
            _ => Err(too_many()),
        },
        'G' => match count {
            1..=3 => Ok(Token::Name(NameKind::Era)),
            4 | 5 => Err(unsupported()),
            _ => Err(too_many()),
        },
        'a' if count == 1 => Ok(Token::Name(NameKind::AmPm)),
        'a' => Err(too_many()),
        'H' => number(Field::Hour, 2, 2),
        'k' => number(Field::ClockHour, 2, 2),
        'K' => number(Field::HourOfAmPm, 2, 2),
        'h' => number(Field::ClockHourOfAmPm, 2, 2),
        'm' => number(Field::Minute, 2, 2),
        's' => number(Field::Second, 2, 2),
        'S' if count <= 9 => Ok(Token::Fraction {
            min: count,
            max: count,
        }),
        'S' => Err(too_many()),
        'n' => number(Field::Nano, 9, 9),
        'X' | 'x' => {
            let zulu = c == 'X';
            match count {
                1 => Ok(offset(zulu, false, true, false)),
                2 => Ok(offset(zulu, false, false, false)),
                3 => Ok(offset(zulu, true, false, false)),
                4 => Ok(offset(zulu, false, false, true)),
                5 => Ok(offset(zulu, true, false, true)),
                _ => Err(too_many()),
            }
        }
        'Z' => match count {
            1..=3 => Ok(offset(false, false, false, false)),
            4 => Ok(Token::GmtOffset),
            5 => Ok(offset(true, true, false, true)),
            _ => Err(too_many()),
        },
        'O' => match count {
            1 | 4 => Ok(Token::GmtOffset),
            _ => Err(too_many()),
        },
        'z' => match count {
            1..=3 => Ok(Token::ZoneName { long: false }),
            4 => Ok(Token::ZoneName { long: true }),
            _ => Err(too_many()),
        },
        'V' if count == 2 => Ok(Token::ZoneId),
        'V' => Err(too_many()),
        // Defined by Java, not read here: week-based fields, localized day-of-week, day
        // periods, generic zone names, modified Julian day, nano/milli-of-day, padding.
        'w' | 'W' | 'F' | 'e' | 'c' | 'B' | 'v' | 'g' | 'N' | 'A' | 'p' => Err(unsupported()),
        _ => Err(DateFormatError::UnknownLetter {
            letter: c,
            position,
        }),
    }
}

/// Every combination of present/absent optional sections, flattened.
fn expand(
    tokens: &[Token],
    prefix: Vec<Token>,
    out: &mut Vec<Vec<Token>>,
) -> Result<(), DateFormatError> {
    let first_optional = tokens.iter().enumerate().find_map(|(i, t)| match t {
        Token::Optional(inner) => Some((i, inner)),
        _ => None,
    });
    let Some((split, inner)) = first_optional else {
        if out.len() >= MAX_ALTERNATIVES {
            return Err(DateFormatError::TooManyOptionalSections);
        }
        let mut all = prefix;
        all.extend(tokens.iter().cloned());
        out.push(merge_literals(all));
        return Ok(());
    };
    let mut head = prefix;
    head.extend(tokens[..split].iter().cloned());
    let rest = &tokens[split + 1..];
    let mut with: Vec<Token> = inner.clone();
    with.extend(rest.iter().cloned());
    expand(&with, head.clone(), out)?;
    expand(rest, head, out)
}

fn merge_literals(tokens: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    for token in tokens {
        match token {
            Token::Literal(text) => push_literal(&mut out, &text),
            other => out.push(other),
        }
    }
    out
}

/// Java's adjacent value parsing: a number directly followed by another number (as in
/// `yyyyMMdd`) takes exactly its minimum width instead of reading greedily.
fn fix_adjacent_widths(tokens: &mut [Token]) {
    for i in 0..tokens.len().saturating_sub(1) {
        let next_is_number = matches!(tokens[i + 1], Token::Number { .. } | Token::Fraction { .. });
        if let Token::Number { min, max, .. } = &mut tokens[i]
            && next_is_number
        {
            *max = *min;
        }
    }
}

pub(crate) fn default_format(kind: DateKind) -> Vec<Vec<Token>> {
    let num = |field, width| Token::Number {
        field,
        min: width,
        max: width,
    };
    let lit = |text: &str| Token::Literal(text.to_owned());
    let date = vec![
        num(Field::Year, 4),
        lit("-"),
        num(Field::Month, 2),
        lit("-"),
        num(Field::Day, 2),
    ];
    let time = vec![
        num(Field::Hour, 2),
        lit(":"),
        num(Field::Minute, 2),
        lit(":"),
        num(Field::Second, 2),
        Token::Optional(vec![lit("."), Token::Fraction { min: 1, max: 9 }]),
        Token::Optional(vec![Token::Offset(OffsetStyle {
            zulu: true,
            colon: true,
            minutes_optional: false,
            seconds_allowed: false,
        })]),
    ];
    let tokens = match kind {
        DateKind::Date => date,
        DateKind::Time => time,
        DateKind::Timestamp => {
            let mut tokens = date;
            tokens.push(Token::Optional(vec![lit("T")]));
            tokens.push(Token::Optional(vec![lit(" ")]));
            tokens.extend(time);
            tokens
        }
    };
    let mut out = Vec::new();
    // The defaults have three optional sections: always within the limit.
    let _ = expand(&tokens, Vec::new(), &mut out);
    if kind == DateKind::Timestamp {
        // The date and the time must be separated by exactly one of `T` or a space.
        out.retain(|alternative| {
            alternative
                .iter()
                .any(|t| matches!(t, Token::Literal(s) if s.contains('T') != s.contains(' ')))
        });
    }
    out
}

mod read;

// Writing dates (for generators) uses the same tokens as reading them.
mod format;

pub(crate) use format::format_java_date;

pub(crate) use read::read;
