//! A fix option is offered only if a full re-run of the edited scenario, with the same seed
//! and over a longer horizon than the failing run (every producer invoked more times), has
//! no failure of the same operation by the same principal for the same purpose
//! ([`Signature`]: the key is not part of it), and delivers at least as many records per
//! producer as the unedited scenario over that horizon. The longer horizon catches a fix
//! that only fits the objects, data keys or times of the failing run (a condition pinned to
//! one object's ARN lets the first delivery through and not the next).

use serde_json::{json, Value};

use super::cause::Signature;
use super::texts;
use crate::patch::{self, Edit};
use crate::sim::scenario::Scenario;
use crate::sim::simulation::{SimOptions, Simulation};
use crate::text::Text;

/// What a passing re-run found.
#[derive(Clone, Debug, PartialEq)]
pub struct Verified {
    /// The first failure of the re-run (where the run stops next), if any.
    pub next_failure: Option<Text>,
}

/// Checks edits of one failure's scenario against its signatures.
pub struct Verifier<'a> {
    sim: &'a Simulation,
    signatures: Vec<Signature>,
    /// Records delivered per producer by the unedited scenario over the longer horizon.
    baseline: Vec<u64>,
}

/// How many times a producer invoked `n` times in the failing run is invoked in the
/// re-run: at least twice as often and three more times, so that a second Firehose buffer,
/// a second data key and a later hour's prefix happen.
pub fn longer(n: u64) -> u64 {
    (n * 2).max(n + 3)
}

/// The scenario document `doc` over a longer horizon (see [`longer`]).
pub fn extended(doc: &Value) -> Value {
    let mut out = doc.clone();
    if let Some(list) = out.get_mut("producers").and_then(Value::as_array_mut) {
        for p in list {
            let n = p.get("invocations").and_then(Value::as_u64).unwrap_or(1);
            if let Some(o) = p.as_object_mut() {
                o.insert("invocations".into(), json!(longer(n)));
            }
        }
    }
    out
}

/// Runs scenario document `doc` over the longer horizon to its end with `sim`'s seed and
/// budget.
fn full_run(sim: &Simulation, doc: &Value) -> Result<Simulation, Text> {
    run_as_is(sim, &extended(doc))
}

/// Runs scenario document `doc` as it is to its end with `sim`'s seed and budget.
fn run_as_is(sim: &Simulation, doc: &Value) -> Result<Simulation, Text> {
    let scenario =
        Scenario::from_json(&doc.to_string()).map_err(|e| texts::does_not_apply(&e.located()))?;
    let options = SimOptions {
        keep_steps: false,
        budget: sim.budget(),
    };
    let mut run = Simulation::with_options(&scenario, sim.seed(), options)
        .map_err(|e| texts::does_not_apply(&e.located()))?;
    run.run_to_end();
    Ok(run)
}

/// Records delivered per producer, in scenario order.
fn delivered(sim: &Simulation) -> Vec<u64> {
    sim.summary()
        .producers
        .iter()
        .map(|p| p.delivered)
        .collect()
}

impl<'a> Verifier<'a> {
    /// A verifier for the failures with `signatures` of `sim`, whose scenario document is
    /// `doc`.
    pub fn new(sim: &'a Simulation, doc: &Value, signatures: Vec<Signature>) -> Verifier<'a> {
        let baseline = full_run(sim, doc)
            .map(|r| delivered(&r))
            .unwrap_or_default();
        Verifier {
            sim,
            signatures,
            baseline,
        }
    }

    /// Ok when `edits` apply to `doc`, give a valid scenario, and its full re-run over the
    /// longer horizon has none of the failures and loses no delivered record.
    pub fn check(&self, doc: &Value, edits: &[Edit]) -> Result<Verified, Text> {
        let changed = patch::apply(doc, edits)
            .map_err(|e| texts::does_not_apply(&Text::new(e.to_string(), e.to_string())))?;
        let rerun = full_run(self.sim, &changed)?;
        if !rerun.is_finished() {
            return Err(texts::not_rerun());
        }
        let errors = rerun.cloud.trace.errors();
        if errors
            .iter()
            .any(|s| self.signatures.contains(&rerun.signature(s)))
        {
            return Err(texts::still_fails());
        }
        let after = delivered(&rerun);
        let names = &rerun.scenario().producers;
        for (i, before) in self.baseline.iter().enumerate() {
            let now = after.get(i).copied().unwrap_or(0);
            if now < *before {
                let name = names.get(i).map_or("", |p| p.name.as_str());
                return Err(texts::loses_records(name, *before, now));
            }
        }
        // Where the learner's run (its own horizon) then stops: the first failed call the
        // run made itself (its nested cause is in the summary).
        let own = run_as_is(self.sim, &changed)?;
        let errors = own.cloud.trace.errors();
        let next_failure = errors
            .iter()
            .find(|s| s.parent.is_none())
            .or(errors.first())
            .and_then(|s| own.failure_summary(s.index));
        Ok(Verified { next_failure })
    }
}
