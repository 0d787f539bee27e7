//! The consumer: the web app's client for the user service.

use serde::{Deserialize, Serialize};

/// A user as the web app reads it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    /// The user's id.
    pub id: u64,
    /// The display name.
    pub name: String,
    /// The e-mail address.
    pub email: String,
    /// The roles (`admin`, `user`, …).
    pub roles: Vec<String>,
}

/// A user to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewUser {
    /// The display name.
    pub name: String,
    /// The e-mail address.
    pub email: String,
    /// The roles.
    pub roles: Vec<String>,
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
}

impl Client {
    /// A client for the service at `base_url` (`http://127.0.0.1:8080`).
    pub fn new(base_url: impl Into<String>) -> Self {
        Client {
            http: reqwest::Client::new(),
            base_url: base_url.into().trim_end_matches('/').to_owned(),
        }
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
    pub async fn users_with_role(&self, role: &str) -> Result<Vec<User>, ClientError> {
        let url = format!("{}/users", self.base_url);
        let response = self
            .http
            .get(&url)
            .query(&[("role", role)])
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(http_error("GET", &url))?;
        if response.status() != reqwest::StatusCode::OK {
            return Err(status_error("GET", url, response.status()));
        }
        response.json().await.map_err(http_error("GET", &url))
    }

    /// Creates a user; the service assigns its id.
    ///
    /// # Errors
    /// [`ClientError`] on a transport error, an undecodable body or a status other than 201.
    pub async fn create_user(&self, user: &NewUser) -> Result<User, ClientError> {
        let url = format!("{}/users", self.base_url);
        let response = self
            .http
            .post(&url)
            .header(reqwest::header::ACCEPT, "application/json")
            .json(user)
            .send()
            .await
            .map_err(http_error("POST", &url))?;
        if response.status() != reqwest::StatusCode::CREATED {
            return Err(status_error("POST", url, response.status()));
        }
        response.json().await.map_err(http_error("POST", &url))
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
