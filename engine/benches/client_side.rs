//! Client-side encryption's cost in the running pipeline (not a timed test): records per
//! second end to end, natively, for the SSE-only seed stack next to the client-side
//! presets (each suite, with and without data key caching, and both layers), the analyst
//! decrypting every record at the end.
//!
//! Run with `cargo bench --bench client_side`.

use std::time::Instant;

use envelope_lab::sim::scenario::{ClientSuite, DataKeyCachingSpec};
use envelope_lab::sim::{presets, Scenario, SimOptions, Simulation};

/// `base` scaled to `invocations` × 100 records, the reader (if any) after the last one.
fn scaled(mut s: Scenario, invocations: u32) -> Scenario {
    if let Some(p) = s.producers.first_mut() {
        p.invocations = invocations;
        p.records_per_invocation = 100;
        p.record_spacing = "1ms".into();
        p.invocation_interval = "1s".into();
    }
    for r in &mut s.readers {
        r.at = "2h".into();
    }
    s
}

fn with_suite(mut s: Scenario, suite: ClientSuite, cached: bool) -> Scenario {
    if let Some(c) = s.producers.first_mut().and_then(|p| p.client_side.as_mut()) {
        c.algorithm_suite = suite;
        c.data_key_caching = cached.then(|| DataKeyCachingSpec {
            max_age: "5m".into(),
            max_messages: None,
            max_bytes: None,
        });
    }
    s
}

fn run(s: &Scenario) -> (f64, Simulation) {
    let t = Instant::now();
    let mut sim = match Simulation::with_options(s, 1, SimOptions::keeping(false)) {
        Ok(sim) => sim,
        Err(e) => panic!("bench scenario invalid: {e}"),
    };
    sim.run_to_end();
    (t.elapsed().as_secs_f64(), sim)
}

fn preset(name: &str) -> Scenario {
    presets::get(name).unwrap_or_else(|| panic!("preset {name}"))
}

fn main() {
    let invocations = 20; // 2,000 records
    let cases: Vec<(&str, Scenario)> = vec![
        ("SSE only (happy-path)", preset("happy-path")),
        (
            "client-side 0x0578 (ECDSA P-384)",
            with_suite(
                preset("client-side-happy-path"),
                ClientSuite::CommitKeyEcdsaP384,
                false,
            ),
        ),
        (
            "client-side 0x0578, caching",
            with_suite(
                preset("client-side-happy-path"),
                ClientSuite::CommitKeyEcdsaP384,
                true,
            ),
        ),
        (
            "client-side 0x0478 (no signature)",
            with_suite(
                preset("client-side-happy-path"),
                ClientSuite::CommitKey,
                false,
            ),
        ),
        (
            "client-side 0x0478, caching",
            with_suite(
                preset("client-side-happy-path"),
                ClientSuite::CommitKey,
                true,
            ),
        ),
        ("both layers (0x0578)", preset("client-side-both-layers")),
    ];
    let _ = run(&scaled(preset("client-side-happy-path"), 1)); // warm-up
    for (label, s) in cases {
        let (secs, sim) = run(&scaled(s, invocations));
        let sum = sim.summary();
        assert_eq!(sum.records.delivered, sum.records.produced, "{label}");
        let decrypted = sum.client_side.as_ref().map_or(0, |c| c.messages_decrypted);
        println!(
            "{label:<36} {:>9.0} records/s  ({} records, {} decrypted by the reader, {} KMS requests, {secs:.2} s)",
            sum.records.produced as f64 / secs,
            sum.records.produced,
            decrypted,
            sum.kms.total_requests,
        );
    }
}
