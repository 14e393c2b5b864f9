//! Text editors shared by the settings, the lessons, the playground and the Fix tab: a code
//! area with line numbers and marks, and the policy editor built on it.

pub mod code_area;
pub mod policy_editor;
