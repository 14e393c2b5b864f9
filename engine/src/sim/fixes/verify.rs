//! A fix option is offered only if the scenario, edited and run again with the same seed as
//! far as the original run went, no longer fails the way it did.

use serde_json::Value;

use super::cause::Signature;
use super::texts;
use crate::patch::{self, Edit};
use crate::sim::scenario::Scenario;
use crate::sim::simulation::{SimOptions, Simulation};
use crate::text::Text;

/// Ok when `edits` apply to `doc`, give a valid scenario, and its re-run (summary only, to
/// the time `sim` has reached) has no failure with any of `signatures`.
pub fn rerun_clears(
    sim: &Simulation,
    doc: &Value,
    edits: &[Edit],
    signatures: &[Signature],
) -> Result<(), Text> {
    let changed = patch::apply(doc, edits)
        .map_err(|e| texts::does_not_apply(&Text::new(e.to_string(), e.to_string())))?;
    let scenario = Scenario::from_json(&changed.to_string())
        .map_err(|e| texts::does_not_apply(&e.located()))?;
    let options = SimOptions {
        keep_steps: false,
        budget: sim.budget(),
    };
    let mut rerun = Simulation::with_options(&scenario, sim.seed(), options)
        .map_err(|e| texts::does_not_apply(&e.located()))?;
    rerun.run_until(sim.now());
    let fails = rerun
        .cloud
        .trace
        .errors()
        .iter()
        .any(|s| signatures.contains(&rerun.signature(s)));
    if fails {
        Err(texts::still_fails())
    } else {
        Ok(())
    }
}
