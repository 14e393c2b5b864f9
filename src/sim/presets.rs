//! wip
/// A preset.
#[derive(Debug, Clone)]
pub struct Preset {}
