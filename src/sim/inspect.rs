//! wip
use serde::Serialize;
/// Envelope detail.
#[derive(Debug, Clone, Serialize)]
pub struct EnvelopeDetail {}
