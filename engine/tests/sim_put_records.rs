//! Kinesis PutRecords: the producer option, batching, the IAM action, request-level
//! failures, and the CLI-shaped request/response.

use envelope_lab::sim::{presets, Outcome, Scenario, Simulation, Step};
use serde_json::{json, Value};

fn run(s: &Scenario) -> Simulation {
    let mut sim = Simulation::new(s, 1).unwrap();
    sim.run_to_end();
    sim
}

fn put_records_steps(sim: &Simulation) -> Vec<Step> {
    sim.steps()
        .iter()
        .filter(|s| s.service == "kinesis" && s.operation == "PutRecords")
        .cloned()
        .collect()
}

/// Gives the producer role `kinesis:PutRecords` next to every `kinesis:PutRecord`.
fn allow_put_records(s: &Scenario) -> Scenario {
    let mut v = serde_json::to_value(s).unwrap();
    for st in v["roles"][0]["inline_policies"][0]["document"]["Statement"]
        .as_array_mut()
        .unwrap()
    {
        if st["Action"] == json!(["kinesis:PutRecord"]) {
            st["Action"] = json!(["kinesis:PutRecord", "kinesis:PutRecords"]);
        }
    }
    v["producers"][0]["api"] = json!("PutRecords");
    serde_json::from_value(v).unwrap()
}

#[test]
fn preset_batches_each_invocation_into_one_call() {
    let sim = run(&presets::get("producer-put-records").unwrap());
    let sum = sim.summary();
    assert_eq!(sum.records.produced, 30);
    assert_eq!(sum.records.delivered, 30);
    assert!(sum.denials.is_empty());
    let steps = put_records_steps(&sim);
    assert_eq!(steps.len(), 3);
    assert!(!sim.steps().iter().any(|s| s.operation == "PutRecord"));
    for step in &steps {
        assert!(step.outcome.is_ok());
        assert_eq!(step.record_refs().len(), 10);
        assert_eq!(
            step.auth.map(|a| a.action.as_str()),
            Some("kinesis:PutRecords")
        );
        for ri in step.record_refs() {
            assert_eq!(sim.cloud().record_put_step(ri), Some(step.index));
        }
    }
    // The first call asks KMS for the data key (a child step); the others reuse it.
    let first = &steps[0];
    assert!(sim
        .steps()
        .iter()
        .any(|s| s.parent == Some(first.index) && s.operation == "GenerateDataKey"));
}

#[test]
fn request_and_response_have_the_cli_shape() {
    let sim = run(&presets::get("producer-put-records").unwrap());
    let step = put_records_steps(&sim).remove(0);
    let req = sim.request_json(&step).unwrap();
    assert_eq!(req["StreamName"], "dva-02-005-DataStream");
    let records = req["Records"].as_array().unwrap();
    assert_eq!(records.len(), 10);
    for r in records {
        assert_eq!(r["PartitionKey"], "partitionkey");
        assert!(r["Data"].as_str().is_some_and(|d| !d.is_empty()));
    }
    let resp = sim.response_json(&step).unwrap();
    assert_eq!(resp["FailedRecordCount"], 0);
    assert_eq!(resp["EncryptionType"], "KMS");
    let entries = resp["Records"].as_array().unwrap();
    assert_eq!(entries.len(), 10);
    let mut last = String::new();
    for e in entries {
        assert_eq!(e["ShardId"], "shardId-000000000000");
        let seq = e["SequenceNumber"].as_str().unwrap().to_string();
        assert_eq!(seq.len(), 56);
        assert!(seq > last, "sequence numbers increase within the batch");
        assert!(e.get("ErrorCode").is_none());
        last = seq;
    }
    // The envelope view shows the batch's first record being sealed.
    let env = sim.envelope(&step).unwrap();
    assert_eq!(env.direction, "encrypt");
    assert!(env.data_key.is_some());
}

#[test]
fn unencrypted_stream_reports_encryption_type_none() {
    let sim = run(&allow_put_records(&presets::get("sse-off").unwrap()));
    let step = put_records_steps(&sim).remove(0);
    let resp = sim.response_json(&step).unwrap();
    assert_eq!(resp["EncryptionType"], "NONE");
    assert_eq!(sim.summary().records.delivered, 10);
}

#[test]
fn large_invocations_are_split_at_500_records() {
    let mut s = allow_put_records(&Scenario::default());
    s.producers[0].records_per_invocation = 1_200;
    let sim = run(&s);
    let sizes: Vec<usize> = put_records_steps(&sim)
        .iter()
        .map(|s| s.record_refs().len())
        .collect();
    assert_eq!(sizes, vec![500, 500, 200]);
    assert_eq!(sim.summary().records.delivered, 1_200);
}

#[test]
fn put_record_permission_does_not_cover_put_records() {
    let mut s = Scenario::default();
    s.producers[0].api = envelope_lab::sim::scenario::ProducerApi::PutRecords;
    let sim = run(&s);
    let step = put_records_steps(&sim).remove(0);
    assert_eq!(step.outcome.code(), Some("AccessDeniedException"));
    let Outcome::Error { message, .. } = &step.outcome else {
        unreachable!()
    };
    assert!(message.contains("kinesis:PutRecords"), "{message}");
    let sum = sim.summary();
    assert_eq!(sum.records.put_failed, 10);
    assert_eq!(sum.producers[0].put_failed, 10);
    // The whole request failed: an error body, not per-record entries.
    let resp = sim.response_json(&step).unwrap();
    assert_eq!(resp["__type"], "AccessDeniedException");
    assert!(resp.get("FailedRecordCount").is_none());
}

#[test]
fn kms_errors_fail_the_whole_request() {
    // The Kinesis API reference lists KMSAccessDeniedException & co. as errors of the
    // PutRecords call; per-record ErrorCodes are only throughput or internal failures.
    let s = allow_put_records(&presets::get("producer-missing-generate-data-key").unwrap());
    let sim = run(&s);
    let steps = put_records_steps(&sim);
    assert!(!steps.is_empty());
    for step in &steps {
        assert_eq!(step.outcome.code(), Some("KMSAccessDeniedException"));
        let resp = sim.response_json(step).unwrap();
        assert_eq!(resp["__type"], "KMSAccessDeniedException");
    }
    let sum = sim.summary();
    assert_eq!(sum.records.put_ok, 0);
    assert_eq!(sum.records.put_failed, sum.records.produced);
    assert_eq!(sum.records.delivered, 0);
}

#[test]
fn scenario_json_accepts_the_api_option() {
    let mut v: Value = serde_json::to_value(Scenario::default()).unwrap();
    assert_eq!(v["producers"][0]["api"], "PutRecord", "written by default");
    v["producers"][0]["api"] = json!("PutRecords");
    let s = Scenario::from_json(&v.to_string()).unwrap();
    assert_eq!(
        s.producers[0].api,
        envelope_lab::sim::scenario::ProducerApi::PutRecords
    );
    // Absent means PutRecord (older documents keep their behaviour and hash).
    v["producers"][0].as_object_mut().unwrap().remove("api");
    let s = Scenario::from_json(&v.to_string()).unwrap();
    assert_eq!(s, Scenario::default());
    v["producers"][0]["api"] = json!("PutRecordBatch");
    let e = Scenario::from_json(&v.to_string()).unwrap_err();
    assert_eq!(e.path, "producers[0].api", "{e}");
}
