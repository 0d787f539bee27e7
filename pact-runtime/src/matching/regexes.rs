//! Regular expressions as pact files carry them: written for Java, JavaScript or Ruby
//! engines and matched against the whole value.
//!
//! - The `regex` crate compiles what it can (linear time, no backtracking). A pattern it
//!   rejects, typically for look-around or back-references, is tried with `fancy-regex`,
//!   which backtracks under a step limit; running out of steps is a mismatch, not a hang.
//! - Java's `\Q…\E` quoting (which the Rust engines do not know) becomes escaped text.
//! - A pattern neither engine compiles is a mismatch quoting the pattern, never a panic.
//! - Compiled patterns are cached per thread, keyed by the pattern text: the same rule is
//!   applied to every element of an array. The cache is bounded and invisible to callers
//!   (the engine stays a pure function of its inputs).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// At most this many compiled patterns per thread; the cache is emptied when full. A pact
/// uses a handful of patterns; the bound keeps memory flat when fuzzed with thousands (a
/// compiled program may approach [`SIZE_LIMIT`]).
const CACHE_CAPACITY: usize = 64;

/// Backtracking steps `fancy-regex` may take on one value before giving up.
const BACKTRACK_LIMIT: usize = 1_000_000;

/// Compiled-program size limit, so a pattern like `a{1000}{1000}` is an error, not a
/// memory spike.
const SIZE_LIMIT: usize = 10 * (1 << 20);

enum Compiled {
    Linear(regex::Regex),
    Backtracking(fancy_regex::Regex),
    /// Why the pattern cannot be compiled (cached too: it fails the same way every time).
    Invalid(String),
}

thread_local! {
    static CACHE: RefCell<HashMap<String, Rc<Compiled>>> = RefCell::new(HashMap::new());
}

/// True when `pattern` matches the whole of `text` (the specification's regexes are
/// anchored: `alligator named .{4}` does not match "alligator named brent").
/// `Err` describes a pattern that cannot be used.
pub(crate) fn full_match(pattern: &str, text: &str) -> Result<bool, String> {
    match &*compiled(pattern) {
        Compiled::Linear(regex) => Ok(regex.is_match(text)),
        Compiled::Backtracking(regex) => regex.is_match(text).map_err(|error| {
            format!("regular expression /{pattern}/ could not be applied: {error}")
        }),
        Compiled::Invalid(reason) => {
            Err(format!("invalid regular expression /{pattern}/: {reason}"))
        }
    }
}

fn compiled(pattern: &str) -> Rc<Compiled> {
    if let Some(hit) = CACHE.with_borrow(|cache| cache.get(pattern).cloned()) {
        return hit;
    }
    let compiled = Rc::new(compile(pattern));
    CACHE.with_borrow_mut(|cache| {
        if cache.len() >= CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(pattern.to_owned(), Rc::clone(&compiled));
    });
    compiled
}

fn compile(pattern: &str) -> Compiled {
    let anchored = format!("^(?:{})$", unquote(pattern));
    let linear_error = match regex::RegexBuilder::new(&anchored)
        .size_limit(SIZE_LIMIT)
        .build()
    {
        Ok(regex) => return Compiled::Linear(regex),
        Err(error) => error,
    };
    let fancy = fancy_regex::RegexBuilder::new(&anchored)
        .backtrack_limit(BACKTRACK_LIMIT)
        .delegate_size_limit(SIZE_LIMIT)
        .build();
    match fancy {
        Ok(regex) => Compiled::Backtracking(regex),
        // The `regex` crate's error spans several lines (the pattern, a caret); its last
        // line is the reason.
        Err(_) => Compiled::Invalid(
            linear_error
                .to_string()
                .lines()
                .last()
                .unwrap_or_default()
                .trim()
                .to_owned(),
        ),
    }
}

/// Replaces Java's `\Q…\E` quoted sections with escaped text (an unterminated `\Q` quotes
/// to the end, as in Java). Other escapes are left alone, so `\\Q` stays a backslash
/// followed by `Q`.
pub(crate) fn unquote(pattern: &str) -> std::borrow::Cow<'_, str> {
    if !pattern.contains("\\Q") {
        return pattern.into();
    }
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(position) = rest.find('\\') {
        out.push_str(&rest[..position]);
        let after = &rest[position + 1..];
        if let Some(quoted) = after.strip_prefix('Q') {
            let (text, tail) = match quoted.find("\\E") {
                Some(end) => (&quoted[..end], &quoted[end + 2..]),
                None => (quoted, ""),
            };
            out.push_str(&regex::escape(text));
            rest = tail;
        } else {
            // Keep the escape and the character it escapes together.
            let escaped_len = after.chars().next().map_or(0, char::len_utf8);
            out.push('\\');
            out.push_str(&after[..escaped_len]);
            rest = &after[escaped_len..];
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_anchored() {
        assert_eq!(full_match("a+", "aaa"), Ok(true));
        assert_eq!(full_match("a+", "baaa"), Ok(false));
        assert_eq!(full_match("a|b", "b"), Ok(true));
    }

    #[test]
    fn java_quoting_becomes_escaped_text() {
        let pattern = r".*(\/\Qpacts\E\/\Qprovider\E\/\Q{provider}\E\/\Qfor-verification\E)$";
        assert_eq!(
            full_match(
                pattern,
                "http://b/pacts/provider/{provider}/for-verification"
            ),
            Ok(true)
        );
        assert_eq!(
            full_match(pattern, "http://b/pacts/provider/x/for-verification"),
            Ok(false)
        );
        assert_eq!(full_match(r"\Qa.b", "a.b"), Ok(true));
        assert_eq!(full_match(r"\Qa.b", "axb"), Ok(false));
        assert_eq!(unquote(r"\\Q"), r"\\Q");
    }

    #[test]
    fn look_around_and_back_references_fall_back_to_backtracking() {
        assert_eq!(full_match(r"(?=.*\d)[a-z0-9]+", "abc1"), Ok(true));
        assert_eq!(full_match(r"(?=.*\d)[a-z0-9]+", "abc"), Ok(false));
        assert_eq!(full_match(r"(\w)\1", "aa"), Ok(true));
        assert_eq!(full_match(r"(\w)\1", "ab"), Ok(false));
    }

    #[test]
    fn invalid_patterns_are_errors_quoting_the_pattern() {
        for pattern in ["(unclosed", "[z-a]", "a{2,1}", "(?<=a+)b", r"\"] {
            let error = full_match(pattern, "x").expect_err("an invalid pattern");
            assert!(
                error.starts_with(&format!("invalid regular expression /{pattern}/")),
                "{error}"
            );
        }
    }

    #[test]
    fn huge_repetitions_are_errors_not_allocations() {
        let error = full_match("(a{1000}){1000}", "a").expect_err("too big");
        assert!(error.starts_with("invalid regular expression"), "{error}");
    }

    #[test]
    fn catastrophic_backtracking_is_cut_off() {
        // Nested quantifiers plus a back-reference force the backtracking engine.
        let outcome = full_match(r"((a+)+)\1b", &"a".repeat(40));
        assert!(matches!(outcome, Ok(false) | Err(_)), "{outcome:?}");
    }

    #[test]
    fn compiled_patterns_are_reused() {
        let first = compiled("x+y");
        let second = compiled("x+y");
        assert!(Rc::ptr_eq(&first, &second));
    }
}
