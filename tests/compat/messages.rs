//! messages steps: none defined yet, so the scenarios of this area fail as undefined steps.

use super::StepDef;

/// Adds the messages steps.
pub fn register(_steps: &mut Vec<StepDef>) {}
