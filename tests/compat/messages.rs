//! messages steps.

use super::StepDef;

/// The state of the messages steps.
#[derive(Default)]
pub struct State {}

/// Adds the messages steps.
pub fn register(_steps: &mut Vec<StepDef>) {}
