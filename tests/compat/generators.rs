//! generators steps.

use super::StepDef;

/// The state of the generators steps.
#[derive(Default)]
pub struct State {}

/// Adds the generators steps.
pub fn register(_steps: &mut Vec<StepDef>) {}
