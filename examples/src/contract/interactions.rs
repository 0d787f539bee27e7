//! The interactions of the pact, each built once and mounted by both the builder-style
//! consumer tests ([`super::ConsumerTest`]) and the `#[pact_consumer]` tests of
//! `tests/consumer.rs`, so both describe the same contract.
//!
//! Bodies come from the web app's own types ([`User::matcher()`](PactMatch::matcher) and
//! friends); the request side shows matchers on the path, the query, headers and the
//! body, provider states with parameters, and generators.

use pact_runtime::PactMatch;
use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::matchers::{formats, from_provider_state, like, term};
use serde_json::json;

use crate::web_app::{ApiError, NewUser, User};

/// Provider state: the user `params.id` exists. Its handler may answer with the id it
/// really created (`{"id": …}`), which the verifier puts into the request path.
pub const USER_EXISTS: &str = "a user exists";
/// Provider state: no user has id `params.id`.
pub const USER_DOES_NOT_EXIST: &str = "a user does not exist";
/// Provider state: at least one user holds the `admin` role.
pub const AN_ADMIN_EXISTS: &str = "an admin exists";
/// Provider state: the web app's tokens are refused (its access is suspended).
pub const WEB_APP_IS_UNAUTHORISED: &str = "the web-app is unauthorised";

/// The bearer token the consumer tests send. The provider cannot know it: its
/// verification replaces it with a token it issued (a request filter or a header).
pub const EXAMPLE_TOKEN: &str = "3f2a9c1e8b7d4c6a9e0f1a2b3c4d5e6f";
/// What the web app sends as `Authorization`, for any token.
pub const BEARER_REGEX: &str = r"^Bearer [A-Za-z0-9\-._~+/]+=*$";
/// `Accept` and `Content-Type` values the web app sends and accepts.
const JSON_REGEX: &str = r"^application/json(;\s*charset=utf-8)?$";

/// `GET /users/42` for a user that exists: the path comes from the provider state, so a
/// provider that gives the user another id is still verified at the right path.
pub fn a_request_for_user_42() -> Interaction {
    Interaction::new("a request for user 42")
        .given_with_params(USER_EXISTS, json!({"id": 42}))
        .request(
            Request::get(from_provider_state("/users/${id}", "/users/42"))
                .header("Accept", term("application/json", JSON_REGEX)),
        )
        .response(
            Response::ok()
                .header("Content-Type", term("application/json", JSON_REGEX))
                .json(User::matcher()),
        )
}

/// `GET /users/99` for a user that does not exist: `404`, whatever the body.
pub fn a_request_for_a_missing_user() -> Interaction {
    Interaction::new("a request for a missing user")
        .given_with_params(USER_DOES_NOT_EXIST, json!({"id": 99}))
        .request(
            Request::get(term("/users/99", r"^/users/\d+$"))
                .header("Accept", term("application/json", JSON_REGEX)),
        )
        .response(Response::not_found())
}

/// `GET /users?role=admin`: at least one user, each like [`User`].
pub fn a_request_for_the_admins() -> Interaction {
    Interaction::new("a request for the admins")
        .given(AN_ADMIN_EXISTS)
        .request(
            Request::get("/users")
                .query("role", term("admin", "^(admin|user)$"))
                .header("Accept", term("application/json", JSON_REGEX)),
        )
        .response(
            Response::ok()
                .header("Content-Type", term("application/json", JSON_REGEX))
                .json(Vec::<User>::matcher()),
        )
}

/// `POST /users` with a bearer token and a [`NewUser`] body: `201` with the created user.
pub fn an_authorised_request_to_create_a_user() -> Interaction {
    Interaction::new("an authorised request to create a user")
        .request(create_request())
        .response(
            Response::created()
                .header("Content-Type", term("application/json", JSON_REGEX))
                .json(User::matcher()),
        )
}

/// The same request while the web app is unauthorised: `401` with a reason, and a request
/// id the web app shows (the mock server makes up a fresh UUID for each answer).
pub fn an_unauthorised_request_to_create_a_user() -> Interaction {
    Interaction::new("an unauthorised request to create a user")
        .given(WEB_APP_IS_UNAUTHORISED)
        .request(create_request())
        .response(
            Response::status(401)
                .header("WWW-Authenticate", like("Bearer"))
                .header("X-Request-Id", formats::uuid())
                .json(ApiError::matcher()),
        )
}

fn create_request() -> Request {
    Request::post("/users")
        .header(
            "Authorization",
            term(format!("Bearer {EXAMPLE_TOKEN}"), BEARER_REGEX),
        )
        .header("Content-Type", term("application/json", JSON_REGEX))
        .header("Accept", term("application/json", JSON_REGEX))
        .json(NewUser::matcher())
}
