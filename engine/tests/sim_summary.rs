//! The summary's breakdowns (per producer, per stream, GetRecords) and the scenario
//! document's always-present lists.

use envelope_lab::sim::{presets, Scenario, SimOptions, Simulation};
use serde_json::Value;

fn summary(s: &Scenario) -> envelope_lab::sim::summary::Summary {
    let mut sim = Simulation::with_options(s, 1, SimOptions::keeping(false)).unwrap();
    sim.run_to_end();
    sim.summary()
}

#[test]
fn breakdowns_add_up_to_the_totals() {
    for p in presets::all() {
        let sum = summary(&p.scenario());
        let r = &sum.records;
        let produced: u64 = sum.producers.iter().map(|p| p.produced).sum();
        let ok: u64 = sum.producers.iter().map(|p| p.put_ok).sum();
        let failed: u64 = sum.producers.iter().map(|p| p.put_failed).sum();
        let delivered: u64 = sum.producers.iter().map(|p| p.delivered).sum();
        assert_eq!(
            (produced, ok, failed, delivered),
            (r.produced, r.put_ok, r.put_failed, r.delivered),
            "{}",
            p.name
        );
        let stored: u64 = sum
            .streams
            .iter()
            .map(|s| s.records_plain + s.records_kms)
            .sum();
        assert_eq!(stored, r.put_ok, "{}", p.name);
        let read: u64 = sum.streams.iter().map(|s| s.read).sum();
        assert_eq!(read, r.read_by_firehose, "{}", p.name);
        assert_eq!(sum.get_records.records, read, "{}", p.name);
    }
}

#[test]
fn mixed_stream_counts_plain_and_encrypted_records() {
    let sum = summary(&presets::get("sse-enabled-mid-stream").unwrap());
    let s = &sum.streams[0];
    assert_eq!(s.name, "dva-02-005-DataStream");
    assert!(s.records_plain > 0 && s.records_kms > 0, "{s:?}");
    assert!(sum.get_records.ok > 0);
    assert_eq!(sum.get_records.failed, 0);
}

#[test]
fn failed_get_records_are_counted() {
    let sum = summary(&presets::get("firehose-source-missing-decrypt").unwrap());
    assert!(sum.get_records.failed > 0);
    assert_eq!(sum.get_records.records, 0);
    assert_eq!(sum.streams[0].read, 0);
}

#[test]
fn two_producers_are_counted_apart() {
    let mut s = Scenario::default();
    let mut second = s.producers[0].clone();
    second.name = "SecondLambda".into();
    second.invocations = 2;
    s.producers.push(second);
    let sum = summary(&s);
    let names: Vec<&str> = sum.producers.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["DataSourceLambda", "SecondLambda"]);
    assert_eq!(sum.producers[0].produced, 10);
    assert_eq!(sum.producers[1].produced, 20);
    assert_eq!(sum.producers[1].delivered, 20);
}

#[test]
fn summary_json_keeps_old_fields_and_adds_the_breakdowns() {
    let v: Value = serde_json::to_value(summary(&Scenario::default())).unwrap();
    for k in [
        "trace_sha256",
        "records",
        "kms",
        "s3_objects",
        "denials",
        "firehose_errors",
        "producers",
        "streams",
        "get_records",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["producers"][0]["put_ok"], 10);
    assert_eq!(v["streams"][0]["records_kms"], 10);
    assert_eq!(v["get_records"]["ok"], 1);
}

#[test]
fn scenario_documents_always_list_readers_and_events() {
    let v: Value = serde_json::from_str(&Scenario::default().to_json_pretty()).unwrap();
    assert_eq!(v["readers"], Value::Array(vec![]));
    assert_eq!(v["events"], Value::Array(vec![]));
    // So an edit can append to the list directly; documents without them still load.
    let mut v = v;
    v.as_object_mut().unwrap().remove("events");
    v.as_object_mut().unwrap().remove("readers");
    assert_eq!(
        Scenario::from_json(&v.to_string()).unwrap(),
        Scenario::default()
    );
}
