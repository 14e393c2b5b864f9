//! The simulation: scenario (serde, versioned, defaults = the seed stack), presets, key
//! references, the scheduler that runs the pipeline over the services (`cloud`), and the
//! read-side views (inspection of a step, state snapshot, summary, CLI). The clock, RNG
//! and trace it runs on live in `runtime`.
//!
//! Data flows one way: `Scenario + seed → Simulation → trace + snapshot`.

pub mod budget;
pub mod build;
pub mod cli;
pub mod client_side_presets;
pub mod envelope;
pub mod fields;
pub mod fixes;
pub mod inspect;
pub mod keys;
pub mod locate;
pub mod org_presets;
pub mod path_at;
pub mod plaintext;
pub mod presets;
pub mod scenario;
pub mod simulation;
pub mod snapshot;
pub mod summary;
pub mod trace_accounts;
pub mod validate;
pub mod view;

pub use crate::runtime::clock::SimTime;
pub use crate::runtime::trace::{Outcome, Step, StepDetail};
pub use budget::{Audience, Budget, BudgetStop, Limit};
pub use envelope::EnvelopeDetail;
pub use presets::Preset;
pub use scenario::{Scenario, ScenarioError};
pub use simulation::{SimOptions, Simulation};
pub use snapshot::Snapshot;
pub use summary::Summary;
