//! The plain data the components render: the engine's view types (`envelope_lab::sim::view`),
//! read through `runner.rs`. They are pure data, so components stay testable with hand-made
//! values.

pub use envelope_lab::sim::view::{
    EnvelopeView, LogEntry, ObjectRead, ObjectView, RowView, UsageView,
};
