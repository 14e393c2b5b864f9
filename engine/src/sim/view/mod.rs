//! The read side the web app renders: everything the UI asks of a run, as plain data (numbers,
//! enums, strings the AWS APIs print, [`Text`](crate::text::Text) for bilingual prose).
//! Nothing here changes the simulation except [`Simulation::open_object_as`], which appends
//! the read's steps, and [`Simulation::plaintext_view`], which adds sessions (the UI calls
//! both on a copy of the run). See docs/ARCHITECTURE.md.
//!
//! - [`rows`]: a timeline row, and the request / response / authorization / CloudTrail of
//!   a step by index;
//! - [`envelope`]: the Envelope tab of a step (its drawing, key bytes in one encoding,
//!   the records it carried);
//! - [`stage`]: where a step happens in the pipeline, and which role a principal is;
//! - [`diagram`]: the diagram's names, counts and key states at a step; [`accounts`]: the
//!   accounts it draws as boundaries when the pipeline spans several;
//! - [`usage`]: KMS requests and what they were for;
//! - [`cost`]: the monthly KMS cost at a learner-chosen scale;
//! - [`objects`]: the S3 objects at a step, and opening one as a role;
//! - [`plaintext`]: who can read the plaintext (each role × stream, Firehose, S3 object);
//! - [`logs`]: Firehose's CloudWatch Logs error events;
//! - [`outcome`]: the run summary bar (counts, KMS calls, first failure, one sentence);
//! - [`groups`]: the timeline filtered, repeated steps grouped, Firehose's idle polls
//!   (derived), next and previous failure;
//! - [`cause`]: the nested call that made a parent step fail, and a step's evaluation path.
//!
//! The fixes of a failure are `Simulation::fixes_for` (`sim::fixes`).

pub mod accounts;
pub mod cause;
pub mod cost;
pub mod diagram;
pub mod envelope;
pub mod groups;
pub mod logs;
pub mod objects;
pub mod outcome;
pub mod plaintext;
pub mod rows;
pub mod stage;
pub mod usage;

pub use crate::sim::plaintext::{PlaintextRow, Reach};
pub use accounts::AccountBoundary;
pub use cause::CauseView;
pub use cost::{client_side_estimate, estimate, ClientSideEstimate, Estimate, Scale};
pub use diagram::Diagram;
pub use envelope::{Bytes, Encoding, EnvelopeView};
pub use groups::{IdlePolls, RowFilter, StepGroup, TimelineEntry};
pub use logs::LogEntry;
pub use objects::{ObjectRead, ObjectView};
pub use outcome::RunSummaryView;
pub use plaintext::{Layers, PlaintextView, PLAINTEXT_METHOD};
pub use rows::RowView;
pub use stage::Stage;
pub use usage::{ClientSideUsage, UsageView};

/// What of a KMS step's CloudTrail event is the simulator's (shown under the event).
pub use crate::runtime::notes::CLOUDTRAIL_NOTE;
