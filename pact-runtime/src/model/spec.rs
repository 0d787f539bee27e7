//! Adapters between pact JSON of each specification version and the model.

use serde_json::Value;

use super::{HttpRequest, HttpResponse, LoadError, Pact, SpecVersion, WriteError};

/// Reads a whole pact document; the version comes from `metadata.pactSpecification`
/// (V2 when absent, as other implementations assume).
///
/// # Errors
/// [`LoadError::Invalid`] naming `source_name` and the JSON path.
pub fn pact_from_json(value: &Value, source_name: &str) -> Result<Pact, LoadError> {
    let _ = value;
    Err(LoadError::Invalid {
        source_name: source_name.to_owned(),
        at: "$".to_owned(),
        expected: "not implemented yet".to_owned(),
    })
}

/// Writes a pact document in `version`.
///
/// # Errors
/// [`WriteError::Unsupported`] when the pact uses a feature `version` cannot express.
pub fn pact_to_json(pact: &Pact, version: SpecVersion) -> Result<Value, WriteError> {
    let _ = (pact, version);
    Ok(Value::Null)
}

/// Reads one request in the format of `version` (as found under `interactions[n].request`
/// or in a specification test case).
///
/// # Errors
/// [`LoadError::Invalid`] naming `source_name` and the JSON path under `at`.
pub fn request_from_json(
    value: &Value,
    version: SpecVersion,
    source_name: &str,
    at: &str,
) -> Result<HttpRequest, LoadError> {
    let _ = (value, version);
    Err(LoadError::Invalid {
        source_name: source_name.to_owned(),
        at: at.to_owned(),
        expected: "not implemented yet".to_owned(),
    })
}

/// Reads one response in the format of `version`.
///
/// # Errors
/// [`LoadError::Invalid`] naming `source_name` and the JSON path under `at`.
pub fn response_from_json(
    value: &Value,
    version: SpecVersion,
    source_name: &str,
    at: &str,
) -> Result<HttpResponse, LoadError> {
    let _ = (value, version);
    Err(LoadError::Invalid {
        source_name: source_name.to_owned(),
        at: at.to_owned(),
        expected: "not implemented yet".to_owned(),
    })
}
