//! Envelope Lab's engine: a deterministic simulation of AWS KMS envelope encryption in a
//! Lambda → Kinesis Data Streams → Firehose → S3 pipeline, the IAM policy language it
//! decides with, and the tutorial's lessons. It has no web dependency: the web app (the
//! workspace root) and the native CLI (`src/bin/envelope-lab.rs`) both build on it.
//! See docs/ARCHITECTURE.md for the modules and the way data flows through them.

pub mod cfn;
pub mod cloud;
pub mod crypto;
pub mod esdk;
pub mod lessons;
pub mod org;
pub mod patch;
pub mod policy;
pub mod runtime;
pub mod sim;
pub mod text;

/// The product's version, shown by the CLI and in the page footer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
