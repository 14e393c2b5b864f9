//! What the tutorial and the sandbox both show around the timeline: the pipeline diagram,
//! the stepping controls, and the side panels (objects, Firehose's log, KMS usage and cost,
//! who can read the plaintext).

pub mod controls;
pub mod diagram;
pub mod panels;
pub mod plaintext;
