//! http_provider steps.

use super::StepDef;

/// The state of the http_provider steps.
#[derive(Default)]
pub struct State {}

/// Adds the http_provider steps.
pub fn register(_steps: &mut Vec<StepDef>) {}
