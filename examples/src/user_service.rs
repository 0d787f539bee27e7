//! The provider: the user service, an axum app over an in-memory repository.
//!
//! `GET /users/{id}` → 200 with the user, or 404 with `{"error": …}`;
//! `GET /users?role=admin` → 200 with the users holding the role (all users without it);
//! `POST /users` → 201 with the created user.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;

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

    /// Removes every user.
    pub fn clear(&self) {
        self.lock().clear();
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

    /// Stores a new user under the next free id and returns it.
    pub fn create(&self, new: NewUser) -> User {
        let mut users = self.lock();
        let id = users.keys().next_back().map_or(1, |last| last + 1);
        let user = User {
            id,
            name: new.name,
            email: new.email,
            roles: new.roles,
        };
        users.insert(id, user.clone());
        user
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, User>> {
        // The map holds plain data that a panicking writer cannot leave half-updated.
        self.users.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The service's routes over `repo`.
pub fn app(repo: Repository) -> Router {
    Router::new()
        .route("/users", get(list_users).post(create_user))
        .route("/users/{id}", get(get_user))
        .with_state(repo)
}

/// Serves the app on a free port of 127.0.0.1 as a task of the current Tokio runtime.
/// Abort the handle to stop it.
///
/// # Errors
/// When the port cannot be bound.
pub async fn spawn(
    repo: Repository,
) -> std::io::Result<(SocketAddr, JoinHandle<std::io::Result<()>>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let handle = tokio::spawn(async move { axum::serve(listener, app(repo)).await });
    Ok((addr, handle))
}

async fn get_user(State(repo): State<Repository>, Path(id): Path<u64>) -> Response {
    match repo.user(id) {
        Some(user) => Json(user).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({"error": format!("user {id} not found")})),
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
struct RoleFilter {
    role: Option<String>,
}

async fn list_users(
    State(repo): State<Repository>,
    Query(filter): Query<RoleFilter>,
) -> Json<Vec<User>> {
    Json(repo.users_with_role(filter.role.as_deref()))
}

async fn create_user(
    State(repo): State<Repository>,
    Json(new): Json<NewUser>,
) -> (StatusCode, Json<User>) {
    (StatusCode::CREATED, Json(repo.create(new)))
}
