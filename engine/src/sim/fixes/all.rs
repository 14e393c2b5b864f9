//! **Fix all**: the first option of each failure in turn, as one edit. A run often stops at
//! one failure after another (the producer fixed, Firehose's Decrypt fails next); this
//! runs the scenario, takes the first failure's first verified option, applies it, and
//! runs again, until the run has no failure, a failure has no option, or [`MAX_FIXES`]
//! are listed. The list is shown before anything is applied.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::FixOption;
use crate::patch::Edit;
use crate::sim::budget::Budget;
use crate::sim::scenario::Scenario;
use crate::sim::simulation::{SimOptions, Simulation};
use crate::text::Text;

/// The most fixes one Fix all chains (each is a full set of re-runs).
pub const MAX_FIXES: usize = 8;

/// One failure of the chain and the option that fixes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixAllStep {
    /// The failure, in one line, as the run before this fix had it.
    pub failure: Text,
    /// The option applied (its edits are written against the scenario the steps before
    /// leave).
    pub option: FixOption,
}

/// What Fix all would do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixAll {
    /// The fixes, in the order the failures came.
    pub steps: Vec<FixAllStep>,
    /// Every step's edits in order: one JSON Patch on the scenario document (normalized as
    /// `serde_json::to_value` writes it).
    pub edits: Vec<Edit>,
    /// The scenario with every step applied.
    #[serde(skip)]
    pub scenario: Value,
    /// The failure left at the end and why it has no fix; `None` when the run then has
    /// no failure.
    pub remaining: Option<Text>,
}

fn normalized(doc: &Value) -> Result<Value, Text> {
    let s = Scenario::from_json(&doc.to_string()).map_err(|e| e.located())?;
    serde_json::to_value(&s).map_err(|e| Text::new(e.to_string(), e.to_string()))
}

/// Fix all for scenario document `doc`, run with `seed` and `budget`.
pub fn fix_all(doc: &Value, seed: u64, budget: Budget) -> Result<FixAll, Text> {
    let mut current = normalized(doc)?;
    let mut out = FixAll {
        steps: Vec::new(),
        edits: Vec::new(),
        scenario: current.clone(),
        remaining: None,
    };
    loop {
        let scenario = Scenario::from_json(&current.to_string()).map_err(|e| e.located())?;
        let options = SimOptions {
            keep_steps: false,
            budget,
        };
        let mut sim =
            Simulation::with_options(&scenario, seed, options).map_err(|e| e.located())?;
        sim.run_to_end();
        let Some(first) = sim.cloud.trace.errors().first().map(|s| s.index) else {
            break;
        };
        let Some(fixes) = sim.fixes_for(first) else {
            out.remaining = sim.failure_summary(first);
            break;
        };
        let chosen = fixes
            .options
            .first()
            .filter(|_| out.steps.len() < MAX_FIXES);
        let Some(option) = chosen else {
            let why = fixes
                .no_fix_reason
                .clone()
                .unwrap_or_else(|| super::texts::too_many_fixes(MAX_FIXES));
            out.remaining = Some(Text::join(&[fixes.summary.clone(), why], ". ", "。"));
            break;
        };
        let next = option.apply_to(&current)?;
        out.edits.extend(option.edits.iter().cloned());
        out.steps.push(FixAllStep {
            failure: fixes.summary.clone(),
            option: option.clone(),
        });
        current = normalized(&next)?;
    }
    out.scenario = current;
    Ok(out)
}
