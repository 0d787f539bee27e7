//! v4 steps.

use super::StepDef;

/// The state of the v4 steps.
#[derive(Default)]
pub struct State {}

/// Adds the v4 steps.
pub fn register(_steps: &mut Vec<StepDef>) {}
