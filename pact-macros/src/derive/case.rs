//! serde's `rename_all` rules, applied to field names (written in snake_case) and to
//! variant names (written in PascalCase), with serde's results, so the pact's keys are the
//! JSON keys serde writes.

/// One `rename_all = "…"` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

const RULES: &[(&str, RenameRule)] = &[
    ("lowercase", RenameRule::Lower),
    ("UPPERCASE", RenameRule::Upper),
    ("PascalCase", RenameRule::Pascal),
    ("camelCase", RenameRule::Camel),
    ("snake_case", RenameRule::Snake),
    ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnake),
    ("kebab-case", RenameRule::Kebab),
    ("SCREAMING-KEBAB-CASE", RenameRule::ScreamingKebab),
];

impl RenameRule {
    /// The rule called `name`, or every valid name.
    pub(crate) fn from_name(name: &str) -> Result<Self, Vec<&'static str>> {
        RULES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, rule)| *rule)
            .ok_or_else(|| RULES.iter().map(|(n, _)| *n).collect())
    }

    /// A snake_case field name under this rule.
    pub(crate) fn apply_to_field(self, field: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_owned(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => pascal(field),
            RenameRule::Camel => {
                let pascal = pascal(field);
                let mut chars = pascal.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => pascal,
                }
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.replace('_', "-").to_ascii_uppercase(),
        }
    }

    /// A PascalCase variant name under this rule.
    pub(crate) fn apply_to_variant(self, variant: &str) -> String {
        match self {
            RenameRule::Pascal => variant.to_owned(),
            RenameRule::Lower => variant.to_ascii_lowercase(),
            RenameRule::Upper => variant.to_ascii_uppercase(),
            RenameRule::Camel => {
                let mut chars = variant.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => String::new(),
                }
            }
            RenameRule::Snake => snake(variant),
            RenameRule::ScreamingSnake => snake(variant).to_ascii_uppercase(),
            RenameRule::Kebab => snake(variant).replace('_', "-"),
            RenameRule::ScreamingKebab => snake(variant).replace('_', "-").to_ascii_uppercase(),
        }
    }
}

fn pascal(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut capitalize = true;
    for ch in snake.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            out.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(ch);
        }
    }
    out
}

fn snake(pascal: &str) -> String {
    let mut out = String::with_capacity(pascal.len() + 4);
    for (i, ch) in pascal.char_indices() {
        if i > 0 && ch.is_uppercase() {
            out.push('_');
        }
        out.push(ch.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_follow_serde() {
        let cases = [
            ("lowercase", "user_name"),
            ("UPPERCASE", "USER_NAME"),
            ("PascalCase", "UserName"),
            ("camelCase", "userName"),
            ("snake_case", "user_name"),
            ("SCREAMING_SNAKE_CASE", "USER_NAME"),
            ("kebab-case", "user-name"),
            ("SCREAMING-KEBAB-CASE", "USER-NAME"),
        ];
        for (rule, expected) in cases {
            let rule = RenameRule::from_name(rule).expect("a rule");
            assert_eq!(rule.apply_to_field("user_name"), expected, "{rule:?}");
        }
    }

    #[test]
    fn variant_names_follow_serde() {
        let cases = [
            ("lowercase", "verytall"),
            ("UPPERCASE", "VERYTALL"),
            ("PascalCase", "VeryTall"),
            ("camelCase", "veryTall"),
            ("snake_case", "very_tall"),
            ("SCREAMING_SNAKE_CASE", "VERY_TALL"),
            ("kebab-case", "very-tall"),
            ("SCREAMING-KEBAB-CASE", "VERY-TALL"),
        ];
        for (rule, expected) in cases {
            let rule = RenameRule::from_name(rule).expect("a rule");
            assert_eq!(rule.apply_to_variant("VeryTall"), expected, "{rule:?}");
        }
    }

    #[test]
    fn an_unknown_rule_lists_the_valid_ones() {
        let names = RenameRule::from_name("camelcase").expect_err("unknown");
        assert!(names.contains(&"camelCase"));
        assert_eq!(names.len(), 8);
    }
}
