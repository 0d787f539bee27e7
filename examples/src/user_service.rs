//! The provider: the user service, an axum app over an in-memory repository.
//!
//! - `GET /users/{id}` → 200 with the user, or 404 with `{"error": …}`;
//! - `GET /users?role=admin` → 200 with the users holding the role (all users without it);
//! - `POST /users` with `Authorization: Bearer <token>` → 201 with the created user, or
//!   401 with `{"error": …}` when the token was not issued by [`Tokens`] or its client is
//!   suspended.
//!
//! Every answer carries an `X-Request-Id` (a random UUID) that the service would log.

mod auth;
pub mod events;
mod tls;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;

pub use auth::{AuthError, Tokens};

/// The response header naming the request, for the logs.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// A user as the service stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The user's id.
    pub id: u64,
    /// The display name.
    pub name: String,
    /// The e-mail address.
    pub email: String,
    /// The roles.
    pub roles: Vec<String>,
    /// When the user was created, RFC 3339 in UTC to the second (`2024-05-01T09:30:00Z`).
    pub created_at: String,
}

impl User {
    /// A user created at a fixed instant, as test data.
    pub fn example(id: u64, name: &str, roles: &[&str]) -> Self {
        User {
            id,
            name: name.to_owned(),
            email: format!("{}@example.com", name.to_lowercase()),
            roles: roles.iter().map(|role| (*role).to_owned()).collect(),
            created_at: "2024-05-01T09:30:00Z".to_owned(),
        }
    }
}

/// The body of `POST /users`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewUser {
    /// The display name.
    pub name: String,
    /// The e-mail address.
    pub email: String,
    /// The roles.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// The users, shared between the handlers (and the tests that seed them).
#[derive(Debug, Clone, Default)]
pub struct Repository {
    users: Arc<Mutex<BTreeMap<u64, User>>>,
}

impl Repository {
    /// An empty repository.
    pub fn new() -> Self {
        Repository::default()
    }

    /// Stores `user`, replacing any user with the same id.
    pub fn seed_user(&self, user: User) {
        self.lock().insert(user.id, user);
    }

    /// Removes the user `id`, if there is one.
    pub fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Removes every user.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// How many users there are.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether there are no users.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// The user `id`.
    pub fn user(&self, id: u64) -> Option<User> {
        self.lock().get(&id).cloned()
    }

    /// The users holding `role` (every user when `role` is `None`), by id.
    pub fn users_with_role(&self, role: Option<&str>) -> Vec<User> {
        self.lock()
            .values()
            .filter(|user| role.is_none_or(|role| user.roles.iter().any(|r| r == role)))
            .cloned()
            .collect()
    }

    /// Stores a new user under the next free id, created now, and returns it.
    pub fn create(&self, new: NewUser) -> User {
        let created_at = chrono::DateTime::<chrono::Utc>::from(SystemTime::now())
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut users = self.lock();
        let id = users.keys().next_back().map_or(1, |last| last + 1);
        let user = User {
            id,
            name: new.name,
            email: new.email,
            roles: new.roles,
            created_at,
        };
        users.insert(id, user.clone());
        user
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, User>> {
        // The map holds plain data that a panicking writer cannot leave half-updated.
        self.users.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What the handlers share: the users and the issued tokens. Clones share both, so a test
/// keeps one to seed users and issue tokens while the service runs.
#[derive(Debug, Clone, Default)]
pub struct Service {
    /// The users.
    pub repo: Repository,
    /// The bearer tokens the service accepts.
    pub tokens: Tokens,
}

impl Service {
    /// A service with no users and no tokens.
    pub fn new() -> Self {
        Service::default()
    }
}

/// The service's routes.
pub fn app(service: Service) -> Router {
    Router::new()
        .route("/users", get(list_users).post(create_user))
        .route("/users/{id}", get(get_user))
        .layer(axum::middleware::map_response(with_request_id))
        .with_state(service)
}

/// Serves the app on a free port of 127.0.0.1 as a task of the current Tokio runtime.
/// Abort the handle to stop it.
///
/// # Errors
/// When the port cannot be bound.
pub async fn spawn(
    service: Service,
) -> std::io::Result<(SocketAddr, JoinHandle<std::io::Result<()>>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let handle = tokio::spawn(async move { axum::serve(listener, app(service)).await });
    Ok((addr, handle))
}

/// Serves the app over HTTPS with `config` (its certificate and key) on a free port of
/// 127.0.0.1, as a task of the current Tokio runtime. Abort the handle to stop it.
///
/// # Errors
/// When the port cannot be bound.
pub async fn spawn_tls(
    service: Service,
    config: Arc<rustls::ServerConfig>,
) -> std::io::Result<(SocketAddr, JoinHandle<std::io::Result<()>>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let listener = tls::TlsListener {
        listener,
        acceptor: tokio_rustls::TlsAcceptor::from(config),
    };
    let handle = tokio::spawn(async move { axum::serve(listener, app(service)).await });
    Ok((addr, handle))
}

async fn with_request_id(mut response: Response) -> Response {
    let id = uuid::Uuid::new_v4().hyphenated().to_string();
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

fn error(
    status: StatusCode,
    message: impl std::fmt::Display,
) -> (StatusCode, Json<serde_json::Value>) {
    (
        status,
        Json(serde_json::json!({"error": message.to_string()})),
    )
}

async fn get_user(State(service): State<Service>, Path(id): Path<u64>) -> Response {
    match service.repo.user(id) {
        Some(user) => Json(user).into_response(),
        None => error(StatusCode::NOT_FOUND, format!("user {id} not found")).into_response(),
    }
}

#[derive(Deserialize)]
struct RoleFilter {
    role: Option<String>,
}

async fn list_users(
    State(service): State<Service>,
    Query(filter): Query<RoleFilter>,
) -> Json<Vec<User>> {
    Json(service.repo.users_with_role(filter.role.as_deref()))
}

async fn create_user(
    State(service): State<Service>,
    headers: HeaderMap,
    Json(new): Json<NewUser>,
) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    if let Err(refused) = service.tokens.authorise(authorization) {
        let mut response = error(StatusCode::UNAUTHORIZED, refused).into_response();
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    (StatusCode::CREATED, Json(service.repo.create(new))).into_response()
}
