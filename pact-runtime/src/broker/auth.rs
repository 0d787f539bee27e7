//! Credentials for the broker, and keeping them out of every output.
//!
//! A [`Secret`] prints as `***` in `Debug` and `Display`; the only way to its text is the
//! crate-private [`Secret::expose`], used when the `Authorization` header is built.

use base64::Engine as _;

/// A password or token: shown as `***` everywhere.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl From<&str> for Secret {
    fn from(secret: &str) -> Self {
        Secret::new(secret)
    }
}

impl From<String> for Secret {
    fn from(secret: String) -> Self {
        Secret::new(secret)
    }
}

/// How the client authenticates (the Pact Broker's basic auth, PactFlow's bearer tokens).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BrokerAuth {
    /// HTTP basic authentication.
    Basic {
        /// The user name (not secret).
        username: String,
        /// The password.
        password: Secret,
    },
    /// A bearer token (`Authorization: Bearer …`).
    Bearer(Secret),
}

impl BrokerAuth {
    /// The `Authorization` header's value.
    pub(crate) fn header_value(&self) -> String {
        match self {
            BrokerAuth::Basic { username, password } => {
                let pair = format!("{username}:{}", password.expose());
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                )
            }
            BrokerAuth::Bearer(token) => format!("Bearer {}", token.expose()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let auth = BrokerAuth::Basic {
            username: "ci".into(),
            password: Secret::new("hunter2"),
        };
        let bearer = BrokerAuth::Bearer(Secret::new("tok-123"));

        let shown = format!("{auth:?} {bearer:?} {} {:#?}", Secret::new("x1y2"), bearer);

        assert!(
            !shown.contains("hunter2") && !shown.contains("tok-123") && !shown.contains("x1y2"),
            "{shown}"
        );
        assert!(shown.contains("***"), "{shown}");
    }

    #[test]
    fn header_values_are_basic_and_bearer() {
        let basic = BrokerAuth::Basic {
            username: "user".into(),
            password: Secret::new("pass"),
        };
        assert_eq!(basic.header_value(), "Basic dXNlcjpwYXNz");
        assert_eq!(
            BrokerAuth::Bearer(Secret::new("abc")).header_value(),
            "Bearer abc"
        );
    }
}
