//! What every part of the simulation runs on, below the services (`cloud`) and the
//! scheduler (`sim`), importing neither: the simulated clock, the seeded RNG, the trace of
//! steps (with the authorization reference each step keeps), the modelled notes a step can
//! carry, and deterministic lookup tables.

pub mod auth;
pub mod clock;
pub mod fixed_map;
pub mod notes;
pub mod rng;
pub mod trace;
