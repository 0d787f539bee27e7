//! Interaction filters: re-run one interaction by description or provider state, from the
//! API or from the environment.
//!
//! The environment is read once per [`Verifier::verify`](super::Verifier::verify) call,
//! strictly: an empty variable counts as unset and a value that is not UTF-8 is an error,
//! never a silently ignored filter. A filter selects a text equal to it, or one its regular
//! expression matches anywhere (anchor it with `^…$` to match whole names): a description
//! copied from a pact selects itself even when it holds `(v2)` or `[x]`, which as a regex
//! would mean something else. A filter that is not a valid regex selects only its exact
//! text; when no interaction has that text it is reported as an invalid filter with the
//! regex error ([`InteractionFilter::unmatched`]), never a run that silently verified
//! nothing. API and environment filters combine: an interaction must satisfy every filter
//! given.

use std::ffi::OsString;
use std::sync::atomic::{AtomicBool, Ordering};

use regex::Regex;

use super::VerifyError;
use crate::model::Interaction;

/// The environment variable holding a description filter (an exact description or a
/// regular expression).
pub const ENV_DESCRIPTION: &str = "PACT_DESCRIPTION";
/// The environment variable holding a provider-state filter (an exact state name or a
/// regular expression matched against each state's name).
pub const ENV_PROVIDER_STATE: &str = "PACT_PROVIDER_STATE";

/// The filters given on the verifier, as written.
#[derive(Debug, Clone, Default)]
pub(crate) struct FilterPatterns {
    pub(crate) description: Option<String>,
    pub(crate) state: Option<String>,
    /// Only interactions without provider states (`--filter-no-state`).
    pub(crate) no_state: bool,
    /// Only pacts of these consumers (`--filter-consumer`); empty: every consumer.
    pub(crate) consumers: Vec<String>,
}

/// One compiled filter and where it came from.
#[derive(Debug)]
struct Rule {
    origin: &'static str,
    /// The filter as given: a text equal to it is selected whatever the regex says.
    text: String,
    /// The compiled regex, or why the text is not one (then only the exact text selects).
    regex: Result<Regex, regex::Error>,
    /// Whether the rule selected any text, for [`InteractionFilter::unmatched`]. Atomic:
    /// the filter is shared by the interactions verified concurrently.
    matched: AtomicBool,
}

impl Rule {
    fn new(origin: &'static str, text: &str) -> Self {
        Rule {
            origin,
            text: text.to_owned(),
            regex: Regex::new(text),
            matched: AtomicBool::new(false),
        }
    }

    fn is_match(&self, text: &str) -> bool {
        let matched =
            text == self.text || self.regex.as_ref().is_ok_and(|regex| regex.is_match(text));
        if matched {
            self.matched.store(true, Ordering::Relaxed);
        }
        matched
    }
}

/// The compiled filters of one verification.
#[derive(Debug, Default)]
pub(crate) struct InteractionFilter {
    description: Vec<Rule>,
    state: Vec<Rule>,
    no_state: bool,
    consumers: Vec<String>,
}

fn from_env(
    name: &'static str,
    lookup: &impl Fn(&str) -> Option<OsString>,
) -> Result<Option<Rule>, VerifyError> {
    let Some(value) = lookup(name) else {
        return Ok(None);
    };
    let value = value
        .into_string()
        .map_err(|raw| VerifyError::InvalidFilter {
            origin: name.to_owned(),
            pattern: raw.to_string_lossy().into_owned(),
            message: "the value is not valid UTF-8".to_owned(),
        })?;
    if value.is_empty() {
        return Ok(None);
    }
    Ok(Some(Rule::new(name, &value)))
}

impl InteractionFilter {
    /// Compiles the API patterns and the environment's (through `lookup`, which is
    /// `std::env::var_os` outside tests).
    ///
    /// # Errors
    /// [`VerifyError::InvalidFilter`] naming the variable whose value is not UTF-8. An
    /// invalid regex is not an error here: it may be an exact description (see
    /// [`unmatched`](Self::unmatched)).
    pub(crate) fn build(
        patterns: &FilterPatterns,
        lookup: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Self, VerifyError> {
        let mut filter = InteractionFilter::default();
        if let Some(pattern) = &patterns.description {
            filter.description.push(Rule::new("description", pattern));
        }
        if let Some(pattern) = &patterns.state {
            filter.state.push(Rule::new("provider state", pattern));
        }
        filter
            .description
            .extend(from_env(ENV_DESCRIPTION, &lookup)?);
        filter.state.extend(from_env(ENV_PROVIDER_STATE, &lookup)?);
        filter.no_state = patterns.no_state;
        filter.consumers.clone_from(&patterns.consumers);
        Ok(filter)
    }

    /// True when at least one filter is set.
    pub(crate) fn is_active(&self) -> bool {
        !self.description.is_empty()
            || !self.state.is_empty()
            || self.no_state
            || !self.consumers.is_empty()
    }

    /// True when the pact of `consumer` passes the consumer filter (names compared
    /// exactly, as the official verifier's `--filter-consumer` does).
    pub(crate) fn selects_consumer(&self, consumer: &str) -> bool {
        self.consumers.is_empty() || self.consumers.iter().any(|name| name == consumer)
    }

    /// True when `interaction` passes every filter; a state filter needs at least one
    /// provider state whose name it matches.
    pub(crate) fn selects(&self, interaction: &Interaction) -> bool {
        let description = interaction.description();
        self.description
            .iter()
            .all(|rule| rule.is_match(description))
            && (!self.no_state || interaction.provider_states().is_empty())
            && self.state.iter().all(|rule| {
                interaction
                    .provider_states()
                    .iter()
                    .any(|state| rule.is_match(&state.name))
            })
    }

    /// The filters that are not valid regexes and selected no text exactly, as
    /// [`VerifyError::InvalidFilter`] with the regex error: asked once every pact was
    /// filtered, since only then is it known that the text was not a description.
    pub(crate) fn unmatched(&self) -> Vec<VerifyError> {
        self.description
            .iter()
            .chain(&self.state)
            .filter(|rule| !rule.matched.load(Ordering::Relaxed))
            .filter_map(|rule| {
                let error = rule.regex.as_ref().err()?;
                Some(VerifyError::InvalidFilter {
                    origin: rule.origin.to_owned(),
                    pattern: rule.text.clone(),
                    message: error.to_string(),
                })
            })
            .collect()
    }
}

impl std::fmt::Display for InteractionFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rules = self
            .description
            .iter()
            .map(|rule| ("description", rule))
            .chain(self.state.iter().map(|rule| ("provider state", rule)));
        for (index, (what, rule)) in rules.enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{what} /{}/", rule.text)?;
            if rule.origin.starts_with("PACT_") {
                write!(f, " from {}", rule.origin)?;
            }
        }
        let mut others = Vec::new();
        if self.no_state {
            others.push("no provider state".to_owned());
        }
        if !self.consumers.is_empty() {
            others.push(format!("consumer {}", self.consumers.join(" or ")));
        }
        let had_rules = !self.description.is_empty() || !self.state.is_empty();
        for (index, other) in others.iter().enumerate() {
            if had_rules || index > 0 {
                f.write_str(", ")?;
            }
            f.write_str(other)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HttpInteraction, InteractionCommon, ProviderState};

    fn interaction(description: &str, states: &[&str]) -> Interaction {
        Interaction::Http(HttpInteraction {
            common: InteractionCommon {
                description: description.to_owned(),
                provider_states: states.iter().map(|s| ProviderState::new(*s)).collect(),
                ..InteractionCommon::default()
            },
            ..HttpInteraction::default()
        })
    }

    #[test]
    fn no_state_and_consumer_filters_select_stateless_interactions_of_named_consumers() {
        let patterns = FilterPatterns {
            no_state: true,
            consumers: vec!["web-app".to_owned(), "mobile".to_owned()],
            ..FilterPatterns::default()
        };
        let filter = InteractionFilter::build(&patterns, |_| None).expect("valid");

        assert!(filter.is_active());
        assert!(filter.selects(&interaction("a user", &[])));
        assert!(!filter.selects(&interaction("a user", &["user 42 exists"])));
        assert!(!filter.selects(&interaction("a user", &["a", "b"])));
        assert!(filter.selects_consumer("web-app"));
        assert!(filter.selects_consumer("mobile"));
        assert!(!filter.selects_consumer("web"));
        assert!(!filter.selects_consumer(""));
        assert_eq!(
            filter.to_string(),
            "no provider state, consumer web-app or mobile"
        );
        assert!(InteractionFilter::default().selects_consumer("anyone"));
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(*value))
        }
    }

    #[test]
    fn an_environment_description_filter_selects_by_regex() {
        let filter = InteractionFilter::build(
            &FilterPatterns::default(),
            env(&[(ENV_DESCRIPTION, "user 4[0-9]$")]),
        )
        .expect("valid filter");

        assert!(filter.is_active());
        assert!(filter.selects(&interaction("a request for user 42", &[])));
        assert!(!filter.selects(&interaction("a request for user 420", &[])));
        assert_eq!(
            filter.to_string(),
            "description /user 4[0-9]$/ from PACT_DESCRIPTION"
        );
    }

    #[test]
    fn a_state_filter_needs_a_matching_state_and_combines_with_the_api_filter() {
        let patterns = FilterPatterns {
            description: Some("user".to_owned()),
            state: None,
            ..FilterPatterns::default()
        };
        let filter = InteractionFilter::build(&patterns, env(&[(ENV_PROVIDER_STATE, "^user 42")]))
            .expect("valid filter");

        assert!(filter.selects(&interaction("a user", &["other", "user 42 exists"])));
        assert!(!filter.selects(&interaction("a user", &[])));
        assert!(!filter.selects(&interaction("an order", &["user 42 exists"])));
    }

    #[test]
    fn an_empty_variable_is_unset_and_an_unmatched_invalid_regex_is_an_error_naming_the_variable() {
        let empty =
            InteractionFilter::build(&FilterPatterns::default(), env(&[(ENV_DESCRIPTION, "")]))
                .expect("empty is unset");
        assert!(!empty.is_active());

        let filter = InteractionFilter::build(
            &FilterPatterns::default(),
            env(&[(ENV_PROVIDER_STATE, "user (42")]),
        )
        .expect("an invalid regex may still be an exact state name");
        assert!(!filter.selects(&interaction("a user", &["user 42"])));

        let errors = filter.unmatched();
        assert_eq!(errors.len(), 1);
        let message = errors[0].to_string();
        assert!(
            message.starts_with("invalid PACT_PROVIDER_STATE filter /user (42/: "),
            "{message}"
        );
        assert!(message.contains("unclosed group"), "{message}");
    }

    #[test]
    fn an_unmatched_invalid_api_pattern_is_an_error_naming_the_filter() {
        for (patterns, expected) in [
            (
                FilterPatterns {
                    description: Some("[".to_owned()),
                    ..FilterPatterns::default()
                },
                "invalid description filter /[/: ",
            ),
            (
                FilterPatterns {
                    state: Some("user *(".to_owned()),
                    ..FilterPatterns::default()
                },
                "invalid provider state filter /user *(/: ",
            ),
        ] {
            let filter = InteractionFilter::build(&patterns, |_| None).expect("built");
            assert!(!filter.selects(&interaction("[ x", &["user 42"])));

            let errors = filter.unmatched();

            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(errors[0].to_string().starts_with(expected), "{}", errors[0]);
        }
    }

    #[test]
    fn an_exact_text_selects_itself_even_when_it_reads_as_another_regex() {
        let cases: [(&str, &str, &[&str]); 4] = [
            // Valid regexes that do not match their own text.
            ("a user (v2)", "a user (v2)", &["a user v2"]),
            ("users [x]", "users [x]", &["users x"]),
            ("price is $5", "price is $5", &[]),
            // Not a regex at all: only the exact text.
            ("orders [", "orders [", &[]),
        ];
        for (pattern, exact, also) in cases {
            let filter = InteractionFilter::build(
                &FilterPatterns {
                    description: Some(pattern.to_owned()),
                    ..FilterPatterns::default()
                },
                |_| None,
            )
            .expect("built");

            assert!(filter.selects(&interaction(exact, &[])), "{pattern}");
            for other in also {
                assert!(
                    filter.selects(&interaction(other, &[])),
                    "{pattern} / {other}"
                );
            }
            assert!(
                !filter.selects(&interaction("something else", &[])),
                "{pattern}"
            );
            assert!(filter.unmatched().is_empty(), "{pattern}");
        }
    }

    #[test]
    fn an_exact_state_name_selects_itself_from_the_api_and_the_environment() {
        let from_api = InteractionFilter::build(
            &FilterPatterns {
                state: Some("user (42) exists".to_owned()),
                ..FilterPatterns::default()
            },
            |_| None,
        )
        .expect("built");
        let from_env = InteractionFilter::build(
            &FilterPatterns::default(),
            env(&[(ENV_PROVIDER_STATE, "user (42) exists")]),
        )
        .expect("built");
        let invalid_from_env = InteractionFilter::build(
            &FilterPatterns::default(),
            env(&[(ENV_DESCRIPTION, "a user (")]),
        )
        .expect("built");

        for filter in [&from_api, &from_env] {
            assert!(filter.selects(&interaction("a user", &["other", "user (42) exists"])));
            // As a regex it matches this too; anything else it does not.
            assert!(filter.selects(&interaction("a user", &["user 42 exists"])));
            assert!(!filter.selects(&interaction("a user", &["user (43) exists"])));
        }
        assert!(invalid_from_env.selects(&interaction("a user (", &[])));
        assert!(invalid_from_env.unmatched().is_empty());
    }
}
