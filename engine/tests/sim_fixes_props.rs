//! Property test: take one statement out of one of the seed stack's policies (a role's
//! policy, a trust policy, a key policy), run it with a random seed; while records are not
//! all delivered, apply the first fix the engine offers for the first failure and run
//! again. A handful of rounds must restore delivery of every record.

use envelope_lab::lessons::patch::{self, Edit};
use envelope_lab::sim::{Scenario, Simulation};
use proptest::prelude::*;
use serde_json::Value;

/// Pointers of every statement of the seed stack's policy documents.
fn statements(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut docs = Vec::new();
    for (i, r) in doc["roles"].as_array().into_iter().flatten().enumerate() {
        docs.push(format!("/roles/{i}/trust_policy"));
        for (j, _) in r["inline_policies"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            docs.push(format!("/roles/{i}/inline_policies/{j}/document"));
        }
    }
    for (k, _) in doc["keys"].as_array().into_iter().flatten().enumerate() {
        docs.push(format!("/keys/{k}/policy"));
    }
    for d in docs {
        let n = patch::get(doc, &format!("{d}/Statement"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        out.extend((0..n).map(|s| format!("{d}/Statement/{s}")));
    }
    out
}

fn run(doc: &Value, seed: u64) -> Simulation {
    let scenario = Scenario::from_json(&doc.to_string()).expect("valid scenario");
    let mut sim = Simulation::new(&scenario, seed).expect("builds");
    sim.run_to_end();
    sim
}

fn all_delivered(sim: &Simulation) -> bool {
    let v = sim.run_summary();
    v.produced > 0 && v.delivered == v.produced
}

/// Applies first fixes until delivery is restored; the rounds it took.
fn repair(mut doc: Value, seed: u64) -> Result<usize, String> {
    for round in 0..6 {
        let sim = run(&doc, seed);
        if all_delivered(&sim) {
            return Ok(round);
        }
        let first = sim
            .next_failure(None)
            .ok_or("records missing without a failure")?;
        let fixes = sim.fixes_for(first as u32).ok_or("no fixes")?;
        let option = fixes
            .options
            .first()
            .ok_or_else(|| format!("no option for {}: {:?}", fixes.summary.en(), fixes.rejected))?;
        doc = patch::apply(&doc, &option.edits).map_err(|e| e.to_string())?;
    }
    Err("not delivered after 6 rounds".into())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_offered_fix_restores_delivery(pick in 0usize..1000, seed in 1u64..10_000) {
        let seed_doc = serde_json::to_value(Scenario::default()).expect("JSON");
        let all = statements(&seed_doc);
        prop_assert!(all.len() >= 10);
        let target = &all[pick % all.len()];
        let broken = patch::apply(&seed_doc, &[Edit::Remove { path: target.clone() }])
            .expect("removal applies");
        let rounds = repair(broken, seed);
        prop_assert!(rounds.is_ok(), "without {target} (seed {seed}): {rounds:?}");
    }
}

#[test]
fn every_single_statement_removal_is_repaired() {
    let seed_doc = serde_json::to_value(Scenario::default()).expect("JSON");
    let mut broke = 0;
    for target in statements(&seed_doc) {
        let broken = patch::apply(
            &seed_doc,
            &[Edit::Remove {
                path: target.clone(),
            }],
        )
        .expect("removal applies");
        match repair(broken, 1) {
            Ok(0) => {}
            Ok(_) => broke += 1,
            Err(e) => panic!("without {target}: {e}"),
        }
    }
    // Statements whose removal breaks delivery: the Lambda role's PutRecord, Firehose's read
    // and write permissions, the three trust policies, the key policies' service statements.
    assert!(broke >= 6, "only {broke} removals broke delivery");
}
