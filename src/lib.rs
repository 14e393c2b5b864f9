//! Envelope Lab: a deterministic simulation of AWS KMS envelope encryption in a
//! Lambda → Kinesis Data Streams → Firehose → S3 pipeline, with a Yew front end.
//!
//! The engine modules (`policy`, `crypto`, `cloud`, `sim`, `lessons`) never import web
//! code, so they compile and test natively; `ui` holds only Yew components.

pub mod cloud;
pub mod crypto;
pub mod lessons;
pub mod policy;
pub mod sim;
pub mod text;
pub mod ui;

/// The product's version, shown by the CLI and in the page footer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
