//! The consumer: the web app's client for the user service.
//!
//! Its data-transfer objects derive [`PactMatch`], so the contract tests take their bodies
//! from the very types the client decodes: a field added here appears in the pact, and a
//! `#[pact(...)]` attribute says what the web app relies on beyond the type (an example, a
//! regex, a minimum length, a date format).

use pact_runtime::PactMatch;
use serde::{Deserialize, Serialize};

/// The request id header the user service puts on its answers; the client quotes it in
/// errors so a failure can be found in the service's logs.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// A user as the web app reads it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, PactMatch)]
pub struct User {
    /// The user's id.
    #[pact(example = 42)]
    pub id: u64,
    /// The display name.
    #[pact(example = "Alice")]
    pub name: String,
    /// The e-mail address: the web app links it with `mailto:`, so it must look like one.
    #[pact(example = "alice@example.com", regex = r"^[^@\s]+@[^@\s]+\.[a-z]+$")]
    pub email: String,
    /// The roles; every user has at least one.
    #[pact(min = 1)]
    pub roles: Vec<Role>,
    /// When the account was created (RFC 3339, UTC), shown as "member since".
    #[pact(
        matcher = "datetime",
        format = "yyyy-MM-dd'T'HH:mm:ssXXX",
        example = "2024-05-01T09:30:00Z"
    )]
    pub created_at: String,
}

/// A role, serialized in lower case (`"admin"`); the contract accepts only these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PactMatch)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// May manage other users.
    Admin,
    /// An ordinary user.
    User,
}

impl Role {
    /// The role's name as the service spells it (`admin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::User => "user",
        }
    }
}

/// A user to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PactMatch)]
pub struct NewUser {
    /// The display name.
    #[pact(example = "Alice")]
    pub name: String,
    /// The e-mail address.
    #[pact(example = "alice@example.com", regex = r"^[^@\s]+@[^@\s]+\.[a-z]+$")]
    pub email: String,
    /// The roles, at least one.
    #[pact(min = 1)]
    pub roles: Vec<Role>,
}

/// The body of the service's error answers; the client shows it when it is refused.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, PactMatch)]
pub struct ApiError {
    /// What went wrong, for people.
    #[pact(example = "the bearer token is not valid")]
    pub error: String,
}

/// A call to the user service that did not give the expected answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The request could not be sent or the response could not be read or decoded.
    #[error("{method} {url}: {source}")]
    Http {
        /// The method.
        method: &'static str,
        /// The URL.
        url: String,
        /// The transport or decoding error.
        #[source]
        source: reqwest::Error,
    },
    /// The service refused the client's bearer token (`401`): the web app signs in again.
    #[error("{method} {url}: not authorised: {reason} (request {})", request_id.as_deref().unwrap_or("without id"))]
    Unauthorised {
        /// The method.
        method: &'static str,
        /// The URL.
        url: String,
        /// Why, as the service says it.
        reason: String,
        /// The service's id for the request, from the `X-Request-Id` header.
        request_id: Option<String>,
    },
    /// The service answered with a status the call does not expect.
    #[error("{method} {url}: unexpected status {status}")]
    Status {
        /// The method.
        method: &'static str,
        /// The URL.
        url: String,
        /// The status received.
        status: u16,
    },
}

/// A client of the user service at one base URL.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: Option<String>,
}

impl Client {
    /// A client for the service at `base_url` (`http://127.0.0.1:8080`), without a token:
    /// it can read users but not create them.
    pub fn new(base_url: impl Into<String>) -> Self {
        Client {
            http: reqwest::Client::new(),
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            token: None,
        }
    }

    /// The same client, sending `token` as its bearer token.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The user `id`, or `None` when the service does not know it.
    ///
    /// # Errors
    /// [`ClientError`] on a transport error, an undecodable body or another status.
    pub async fn user(&self, id: u64) -> Result<Option<User>, ClientError> {
        let url = format!("{}/users/{id}", self.base_url);
        let response = self
            .http
            .get(&url)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(http_error("GET", &url))?;
        match response.status() {
            reqwest::StatusCode::NOT_FOUND => Ok(None),
            reqwest::StatusCode::OK => response
                .json()
                .await
                .map(Some)
                .map_err(http_error("GET", &url)),
            status => Err(status_error("GET", url, status)),
        }
    }

    /// The users holding `role`.
    ///
    /// # Errors
    /// [`ClientError`] on a transport error, an undecodable body or a status other than 200.
    pub async fn users_with_role(&self, role: Role) -> Result<Vec<User>, ClientError> {
        let url = format!("{}/users", self.base_url);
        let response = self
            .http
            .get(&url)
            .query(&[("role", role.as_str())])
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(http_error("GET", &url))?;
        if response.status() != reqwest::StatusCode::OK {
            return Err(status_error("GET", url, response.status()));
        }
        response.json().await.map_err(http_error("GET", &url))
    }

    /// Creates a user; the service assigns its id. Needs a token ([`Client::with_token`]).
    ///
    /// # Errors
    /// [`ClientError::Unauthorised`] when the service refuses the token; another
    /// [`ClientError`] on a transport error, an undecodable body or a status other than 201.
    pub async fn create_user(&self, user: &NewUser) -> Result<User, ClientError> {
        let url = format!("{}/users", self.base_url);
        let mut request = self
            .http
            .post(&url)
            .header(reqwest::header::ACCEPT, "application/json")
            .json(user);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(http_error("POST", &url))?;
        match response.status() {
            reqwest::StatusCode::CREATED => response.json().await.map_err(http_error("POST", &url)),
            reqwest::StatusCode::UNAUTHORIZED => {
                let request_id = response
                    .headers()
                    .get(REQUEST_ID_HEADER)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned);
                let body: ApiError = response.json().await.map_err(http_error("POST", &url))?;
                Err(ClientError::Unauthorised {
                    method: "POST",
                    url,
                    reason: body.error,
                    request_id,
                })
            }
            status => Err(status_error("POST", url, status)),
        }
    }
}

fn http_error(method: &'static str, url: &str) -> impl FnOnce(reqwest::Error) -> ClientError {
    let url = url.to_owned();
    move |source| ClientError::Http {
        method,
        url,
        source,
    }
}

fn status_error(method: &'static str, url: String, status: reqwest::StatusCode) -> ClientError {
    ClientError::Status {
        method,
        url,
        status: status.as_u16(),
    }
}
