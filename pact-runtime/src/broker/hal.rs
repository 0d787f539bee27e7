//! HAL documents: the broker's resources name their links by relation, and the client
//! follows relations instead of building paths.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::Value;

/// What is escaped in a value expanded into a link template: everything that would end or
/// change a path segment or the query.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'&')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// One link of a HAL resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub(crate) href: String,
    pub(crate) name: Option<String>,
}

/// A HAL resource as JSON, with the URL it was read from (links resolve against the
/// broker's base URL).
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    pub(crate) url: String,
    pub(crate) body: Value,
}

impl Resource {
    /// The links under `_links[relation]`, one or an array of them.
    pub(crate) fn links(&self, relation: &str) -> Vec<Link> {
        let read = |value: &Value| {
            value.get("href").and_then(Value::as_str).map(|href| Link {
                href: href.to_owned(),
                name: value.get("name").and_then(Value::as_str).map(str::to_owned),
            })
        };
        match self
            .body
            .get("_links")
            .and_then(|links| links.get(relation))
        {
            Some(Value::Array(items)) => items.iter().filter_map(read).collect(),
            Some(single) => read(single).into_iter().collect(),
            None => Vec::new(),
        }
    }

    /// The first link of `relation`.
    pub(crate) fn link(&self, relation: &str) -> Option<Link> {
        self.links(relation).into_iter().next()
    }
}

/// `href` with each `{name}` replaced by its value, percent-encoded as a path segment.
pub(crate) fn expand(href: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(href.to_owned(), |href, (name, value)| {
        href.replace(
            &format!("{{{name}}}"),
            &utf8_percent_encode(value, SEGMENT).to_string(),
        )
    })
}

/// `href` as an absolute URL: absolute links stay, others are joined to the base URL
/// (the broker's own resources link absolutely; pacts recorded against a mock broker may
/// not).
pub(crate) fn resolve(base_url: &str, href: &str) -> String {
    if href.starts_with("http://") || href.starts_with("https://") {
        return href.to_owned();
    }
    let slash = if href.starts_with('/') { "" } else { "/" };
    format!("{}{slash}{href}", base_url.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn links_are_read_singly_or_as_arrays_with_names() {
        let resource = Resource {
            url: "http://b".into(),
            body: json!({"_links": {
                "pb:one": {"href": "/one"},
                "pb:many": [{"href": "/a", "name": "test"}, {"href": "/b", "name": "prod"}],
                "pb:broken": {"title": "no href"}
            }}),
        };

        assert_eq!(
            resource.link("pb:one").map(|l| l.href),
            Some("/one".to_owned())
        );
        assert_eq!(resource.links("pb:many").len(), 2);
        assert_eq!(resource.links("pb:many")[1].name.as_deref(), Some("prod"));
        assert!(resource.link("pb:broken").is_none());
        assert!(resource.link("pb:missing").is_none());
    }

    #[test]
    fn templates_expand_with_encoded_segments() {
        assert_eq!(
            expand(
                "/pacts/provider/{provider}/for-verification",
                &[("provider", "Pricing Service/v2")]
            ),
            "/pacts/provider/Pricing%20Service%2Fv2/for-verification"
        );
        assert_eq!(
            expand(
                "/pacticipants/{pacticipant}/versions/{version}",
                &[("pacticipant", "Foo"), ("version", "1.2.3")]
            ),
            "/pacticipants/Foo/versions/1.2.3"
        );
    }

    #[test]
    fn relative_links_join_the_base_url_and_absolute_ones_stay() {
        assert_eq!(resolve("http://b:1/base/", "/x"), "http://b:1/base/x");
        assert_eq!(resolve("http://b:1", "x"), "http://b:1/x");
        assert_eq!(resolve("http://b:1", "https://other/x"), "https://other/x");
    }
}
