//! The simulation: scenario (serde, versioned, defaults = the seed stack), presets,
//! simulated clock, seeded RNG, trace, the scheduler that runs the pipeline, and the
//! read-side views (inspection of a step, state snapshot, summary, CLI).
//!
//! Data flows one way: `Scenario + seed → Simulation → trace + snapshot`.

pub mod build;
pub mod cli;
pub mod clock;
pub mod inspect;
pub mod notes;
pub mod presets;
pub mod rng;
pub mod scenario;
pub mod simulation;
pub mod snapshot;
pub mod summary;
pub mod trace;
pub mod validate;
pub mod view;

pub use clock::SimTime;
pub use inspect::EnvelopeDetail;
pub use presets::Preset;
pub use scenario::{Scenario, ScenarioError};
pub use simulation::{SimOptions, Simulation};
pub use snapshot::Snapshot;
pub use summary::Summary;
pub use trace::{Outcome, Step, StepDetail};
