//! matching steps.

use super::StepDef;

/// The state of the matching steps.
#[derive(Default)]
pub struct State {}

/// Adds the matching steps.
pub fn register(_steps: &mut Vec<StepDef>) {}
