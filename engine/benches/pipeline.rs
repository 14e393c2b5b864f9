//! Pipeline throughput (not a timed test): records per second end to end, natively, with
//! the full trace kept and with the summary only, plus trace memory per record.
//!
//! Run with `cargo bench --bench pipeline`.

use std::time::Instant;

use envelope_lab::sim::scenario::ProducerApi;
use envelope_lab::sim::{Scenario, SimOptions, Simulation, Step};

fn scenario(invocations: u32) -> Scenario {
    let mut s = Scenario::default();
    if let Some(p) = s.producers.first_mut() {
        p.invocations = invocations;
        p.records_per_invocation = 100;
        p.record_spacing = "1ms".into();
        p.invocation_interval = "1s".into();
        p.concurrency = 10;
    }
    if let Some(d) = s.delivery_streams.first_mut() {
        d.buffering.size_mb = 1;
        d.buffering.interval_seconds = 60;
    }
    s
}

/// The same load written with one PutRecords per invocation (100 records each).
fn batched(invocations: u32) -> Scenario {
    let mut s = scenario(invocations);
    let mut v = match serde_json::to_value(&s) {
        Ok(v) => v,
        Err(e) => panic!("bench scenario: {e}"),
    };
    v["roles"][0]["inline_policies"][0]["document"]["Statement"][1]["Action"] =
        serde_json::json!(["kinesis:PutRecord", "kinesis:PutRecords"]);
    s = match serde_json::from_value(v) {
        Ok(s) => s,
        Err(e) => panic!("bench scenario: {e}"),
    };
    if let Some(p) = s.producers.first_mut() {
        p.api = ProducerApi::PutRecords;
    }
    s
}

fn run(s: &Scenario, keep: bool) -> (f64, Simulation) {
    let t = Instant::now();
    let mut sim = match Simulation::with_options(s, 1, SimOptions::keeping(keep)) {
        Ok(sim) => sim,
        Err(e) => panic!("bench scenario invalid: {e}"),
    };
    sim.run_to_end();
    (t.elapsed().as_secs_f64(), sim)
}

fn main() {
    let s = scenario(2_000);
    // Warm-up.
    let _ = run(&scenario(50), true);
    let (secs, sim) = run(&s, true);
    let sum = sim.summary();
    let records = sum.records.produced as f64;
    assert_eq!(
        sum.records.delivered, sum.records.produced,
        "bench pipeline must deliver everything"
    );
    let step_bytes = std::mem::size_of_val(sim.steps());
    let record_bytes = sim.cloud().record_bytes();
    println!(
        "records: {}, steps: {}, delivered objects: {}",
        sum.records.produced,
        sum.steps,
        sum.s3_objects.len()
    );
    println!(
        "with trace:    {:>10.0} records/s ({secs:.3} s)",
        records / secs
    );
    let (secs2, sim2) = run(&s, false);
    assert_eq!(sim2.trace_sha256(), sim.trace_sha256());
    println!(
        "summary only:  {:>10.0} records/s ({secs2:.3} s)",
        records / secs2
    );
    println!(
        "trace memory:  {:>10.0} bytes/record (steps: {} B each, {:.2} steps/record)",
        step_bytes as f64 / records,
        std::mem::size_of::<Step>(),
        sum.steps as f64 / records
    );
    println!(
        "record store:  {:>10.0} bytes/record (Kinesis records with their bytes at rest; state, not trace)",
        record_bytes as f64 / records
    );

    let b = batched(2_000);
    let (secs3, sim3) = run(&b, true);
    let sum3 = sim3.summary();
    assert_eq!(
        sum3.records.delivered, sum3.records.produced,
        "batched bench pipeline must deliver everything"
    );
    let (secs4, _) = run(&b, false);
    let records3 = sum3.records.produced as f64;
    println!(
        "PutRecords:    {:>10.0} records/s with trace, {:>10.0} summary only ({:.0} trace bytes/record)",
        records3 / secs3,
        records3 / secs4,
        std::mem::size_of_val(sim3.steps()) as f64 / records3
    );
}
