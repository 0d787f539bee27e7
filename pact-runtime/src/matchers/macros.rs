//! The `json_pattern!` macro: `serde_json::json!` syntax whose leaves are patterns.

/// Builds a [`Pattern`](crate::matchers::Pattern) with `serde_json::json!`-like syntax:
/// objects and arrays nest, `null` is JSON null, and every other value is an expression
/// converted with `Into<Pattern>` (a matcher such as `like(…)`, a string, a number, a
/// `serde_json::Value`, …). Object keys are string literals.
///
/// ```
/// use pact_runtime::json_pattern;
/// use pact_runtime::matchers::{each_like, integer, like};
///
/// let pattern = json_pattern!({
///     "id": integer(42),
///     "name": like("Alice"),
///     "address": { "city": "Paris", "zip": null },
///     "roles": each_like(json_pattern!({ "name": like("admin") }), 1),
///     "tags": ["a", like("b")],
/// });
/// assert_eq!(
///     pattern.to_example(),
///     serde_json::json!({
///         "id": 42, "name": "Alice", "address": { "city": "Paris", "zip": null },
///         "roles": [{ "name": "admin" }], "tags": ["a", "b"],
///     })
/// );
/// ```
#[macro_export]
macro_rules! json_pattern {
    // Arrays: elements are munched one at a time into `[$($done,)*]`.
    (@array [$($done:expr,)*]) => {
        ::std::vec![$($done),*]
    };
    (@array [$($done:expr,)*] null $(, $($rest:tt)*)?) => {
        $crate::json_pattern!(@array [$($done,)* $crate::json_pattern!(null),] $($($rest)*)?)
    };
    (@array [$($done:expr,)*] [$($inner:tt)*] $(, $($rest:tt)*)?) => {
        $crate::json_pattern!(@array [$($done,)* $crate::json_pattern!([$($inner)*]),] $($($rest)*)?)
    };
    (@array [$($done:expr,)*] {$($inner:tt)*} $(, $($rest:tt)*)?) => {
        $crate::json_pattern!(@array [$($done,)* $crate::json_pattern!({$($inner)*}),] $($($rest)*)?)
    };
    (@array [$($done:expr,)*] $next:expr, $($rest:tt)*) => {
        $crate::json_pattern!(@array [$($done,)* $crate::json_pattern!($next),] $($rest)*)
    };
    (@array [$($done:expr,)*] $last:expr) => {
        $crate::json_pattern!(@array [$($done,)* $crate::json_pattern!($last),])
    };

    // Objects: `key: value` pairs are munched into `[$(($key, $value),)*]`.
    (@object [$(($key:expr, $value:expr),)*]) => {
        ::std::vec![$((::std::string::String::from($key), $value)),*]
    };
    (@object [$($done:tt)*] $key:literal : null $(, $($rest:tt)*)?) => {
        $crate::json_pattern!(@object [$($done)* ($key, $crate::json_pattern!(null)),] $($($rest)*)?)
    };
    (@object [$($done:tt)*] $key:literal : [$($inner:tt)*] $(, $($rest:tt)*)?) => {
        $crate::json_pattern!(@object [$($done)* ($key, $crate::json_pattern!([$($inner)*])),] $($($rest)*)?)
    };
    (@object [$($done:tt)*] $key:literal : {$($inner:tt)*} $(, $($rest:tt)*)?) => {
        $crate::json_pattern!(@object [$($done)* ($key, $crate::json_pattern!({$($inner)*})),] $($($rest)*)?)
    };
    (@object [$($done:tt)*] $key:literal : $value:expr, $($rest:tt)*) => {
        $crate::json_pattern!(@object [$($done)* ($key, $crate::json_pattern!($value)),] $($rest)*)
    };
    (@object [$($done:tt)*] $key:literal : $value:expr) => {
        $crate::json_pattern!(@object [$($done)* ($key, $crate::json_pattern!($value)),])
    };

    // Entry points.
    (null) => {
        $crate::matchers::Pattern::null()
    };
    ([$($inner:tt)*]) => {
        $crate::matchers::Pattern::array($crate::json_pattern!(@array [] $($inner)*))
    };
    ({$($inner:tt)*}) => {
        $crate::matchers::Pattern::object($crate::json_pattern!(@object [] $($inner)*))
    };
    ($other:expr) => {
        $crate::matchers::Pattern::from($other)
    };
}
