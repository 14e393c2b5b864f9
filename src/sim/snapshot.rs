//! wip
use serde::Serialize;
/// Snapshot.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {}
