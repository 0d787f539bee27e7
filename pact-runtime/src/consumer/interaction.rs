//! The interaction builder.

use super::{Request, Response};
use crate::mock_server::MockServer;
use crate::model::{HttpInteraction, InteractionCommon, ProviderState};

/// One HTTP interaction a consumer test expects: a description, the provider states it
/// needs, the request and the expected response.
///
/// ```no_run
/// use pact_runtime::consumer::{Interaction, Request, Response};
/// use pact_runtime::mock_server::MockServer;
/// use pact_runtime::model::Pact;
///
/// let server = MockServer::start(Pact::new("web-app", "user-service"));
/// Interaction::new("a request for user 42")
///     .given("user 42 exists")
///     .request(Request::get("/users/42"))
///     .response(Response::ok().json(serde_json::json!({"id": 42})))
///     .mount(&server);
/// // … exercise the client against server.url() …
/// server.finish().expect("every interaction was received");
/// ```
#[derive(Debug, Clone)]
#[must_use = "an interaction is only expected once it is mounted on a mock server with `mount`"]
pub struct Interaction {
    description: String,
    provider_states: Vec<ProviderState>,
    pending: bool,
    key: Option<String>,
    comments: serde_json::Map<String, serde_json::Value>,
    request: Request,
    response: Response,
}

impl Interaction {
    /// An interaction described as `description` (`"a request for user 42"`): by default a
    /// `GET /` answered with `200 OK`.
    pub fn new(description: impl Into<String>) -> Self {
        Interaction {
            description: description.into(),
            provider_states: Vec::new(),
            pending: false,
            key: None,
            comments: serde_json::Map::new(),
            request: Request::get("/"),
            response: Response::ok(),
        }
    }

    /// Adds a provider state (`"user 42 exists"`); states are set up in the order given.
    pub fn given(mut self, state: impl Into<String>) -> Self {
        self.provider_states.push(ProviderState::new(state));
        self
    }

    /// Adds a provider state with parameters (a JSON object, `json!({"id": 42})`).
    ///
    /// # Panics
    /// When `params` is not a JSON object: a state's parameters are named, so anything
    /// else is a mistake in the test.
    #[track_caller]
    pub fn given_with_params(
        mut self,
        state: impl Into<String>,
        params: impl Into<serde_json::Value>,
    ) -> Self {
        let state = state.into();
        let params = match params.into() {
            serde_json::Value::Object(map) => map,
            other => panic!(
                "given_with_params(\"{state}\", …): parameters must be a JSON object, found {other}"
            ),
        };
        self.provider_states.push(ProviderState {
            name: state,
            params,
        });
        self
    }

    /// Marks the interaction pending (V4): the provider verifies and reports it, but a
    /// failure does not fail the provider's build. Writing a pending interaction as V3 or
    /// V2 is refused with a typed error.
    pub fn pending(mut self, pending: bool) -> Self {
        self.pending = pending;
        self
    }

    /// Adds a comment (V4 `comments.text`); comments are for people reading the pact.
    pub fn comment(mut self, text: impl Into<String>) -> Self {
        let texts = self
            .comments
            .entry("text")
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let serde_json::Value::Array(texts) = texts {
            texts.push(serde_json::Value::String(text.into()));
        }
        self
    }

    /// Records the name of the test that defines the interaction (V4
    /// `comments.testname`).
    pub fn test_name(mut self, name: impl Into<String>) -> Self {
        self.comments.insert(
            "testname".to_owned(),
            serde_json::Value::String(name.into()),
        );
        self
    }

    /// A key identifying the interaction (V4 `key`), for tools that track interactions
    /// across pact versions.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// The request the consumer sends.
    pub fn request(mut self, request: Request) -> Self {
        self.request = request;
        self
    }

    /// The response the consumer expects.
    pub fn response(mut self, response: Response) -> Self {
        self.response = response;
        self
    }

    /// The interaction as model data (examples and matching rules), as the pact records it.
    ///
    /// # Panics
    /// When the response cannot answer the request as written: a body in the response to
    /// a `HEAD` request (it never carries one on the wire), or a `Content-Length` header
    /// given by hand in the response to any other request (the mock server sets it from
    /// the body it sends; for `HEAD` it is sent as written, describing the body a `GET`
    /// would return).
    #[track_caller]
    pub fn into_model(self) -> HttpInteraction {
        super::checks::answer(
            &self.description,
            self.request.method(),
            self.response.has_body(),
            self.response.content_length().as_deref(),
        );
        HttpInteraction {
            common: InteractionCommon {
                description: self.description,
                provider_states: self.provider_states,
                pending: self.pending,
                key: self.key,
                comments: self.comments,
                ..InteractionCommon::default()
            },
            request: self.request.into_model(),
            response: self.response.into_model(),
        }
    }

    /// Registers the interaction on `server`: from now on the server answers a matching
    /// request with the response, and `finish` expects the request to have been received.
    ///
    /// # Panics
    /// As [`into_model`](Interaction::into_model).
    #[track_caller]
    pub fn mount(self, server: &MockServer) {
        server.mount(self.into_model());
    }
}
