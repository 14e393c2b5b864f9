//! Engine tests: the default scenario end to end, determinism, replay, inspection views,
//! scenario validation, and the CLI functions.

use envelope_lab::sim::cli::{self, RunArgs};
use envelope_lab::sim::scenario::ReaderSpec;
use envelope_lab::sim::{presets, Outcome, Scenario, SimOptions, Simulation, StepDetail};
use serde_json::{json, Value};

/// The golden trace hash of the default scenario with seed 1.
const GOLDEN: &str = "022a03c2ce254485a9dc437ce5e7a86d2b4374d5503a6966080029939d6fdd3b";

fn with_analyst(mut s: Scenario) -> Scenario {
    let mut v: Value = serde_json::to_value(&s).unwrap();
    v["roles"].as_array_mut().unwrap().push(json!({
        "name": "AnalystRole",
        "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]},
        "inline_policies": [{"name": "Read", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::dva-02-005/*"}]}}]
    }));
    s = serde_json::from_value(v).unwrap();
    s
}

#[test]
fn default_scenario_delivers_ten_records_in_one_object() {
    let mut sim = Simulation::new(&Scenario::default(), 1).unwrap();
    sim.run_to_end();
    let sum = sim.summary();
    assert!(sum.finished);
    assert_eq!(sum.records.produced, 10);
    assert_eq!(sum.records.put_ok, 10);
    assert_eq!(sum.records.delivered, 10);
    assert_eq!(
        sum.records.lost + sum.records.pending + sum.records.put_failed,
        0
    );
    assert_eq!(sum.s3_objects.len(), 1);
    let o = &sum.s3_objects[0];
    assert_eq!(o.records, 10);
    assert_eq!(o.sse, "aws:kms");
    assert!(!o.bucket_key);
    assert_eq!(
        o.kms_key_id.as_deref(),
        Some("arn:aws:kms:ap-northeast-1:123456789012:key/9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b")
    );
    // <prefix>YYYY/MM/dd/HH/<name>-1-YYYY-MM-dd-HH-MM-SS-<uuid>
    let prefix = "firehose/2024/03/27/10/dva-02-005-FirehoseDeliveryStream-1-2024-03-27-10-57-58-";
    assert!(o.key.starts_with(prefix), "{}", o.key);
    let uuid = &o.key[prefix.len()..];
    assert_eq!(uuid.len(), 36);
    assert_eq!(uuid.matches('-').count(), 4);
    assert!(sum.denials.is_empty());
    // Kinesis: one GenerateDataKey (5-minute reuse) and one consumer Decrypt; S3: one.
    assert_eq!(sum.kms.calls["GenerateDataKey"], 2);
    assert_eq!(sum.kms.calls["Decrypt"], 1);
}

#[test]
fn authorized_reader_gets_exactly_the_produced_records() {
    let mut sim = Simulation::new(&with_analyst(Scenario::default()), 7).unwrap();
    sim.run_to_end();
    let key = sim.summary().s3_objects[0].key.clone();
    let body = sim.open_object("AnalystRole", "dva-02-005", &key).unwrap();
    let expected: Vec<u8> = (0..10u32)
        .flat_map(|i| sim.cloud().record_plaintext(i).unwrap())
        .collect();
    assert_eq!(body, expected);
    let text = String::from_utf8(body).unwrap();
    assert_eq!(text.matches("\"TICKER\"").count(), 10);
    // Every record is a JSON object as the seed function prints it.
    for i in 0..10u32 {
        let r: Value = serde_json::from_slice(&sim.cloud().record_plaintext(i).unwrap()).unwrap();
        assert!(r["PRICE"].as_f64().unwrap() <= 100.0);
        assert!(r["EVENT_TIME"]
            .as_str()
            .unwrap()
            .starts_with("2024-03-27T10:57:58"));
    }
    let last = sim
        .steps()
        .iter()
        .rev()
        .find(|s| s.operation == "GetObject")
        .unwrap();
    assert_eq!(last.operation, "GetObject");
    assert!(last.outcome.is_ok());
}

#[test]
fn golden_hash_and_determinism() {
    let run = |seed| {
        let mut sim = Simulation::new(&Scenario::default(), seed).unwrap();
        sim.run_to_end();
        sim.trace_sha256()
    };
    let a = run(1);
    assert_eq!(a, run(1));
    assert_ne!(a, run(2));
    assert_eq!(
        a, GOLDEN,
        "golden trace hash changed: update it only for an intended behaviour change"
    );
    // Summary-only runs hash the same steps.
    let mut s =
        Simulation::with_options(&Scenario::default(), 1, SimOptions::keeping(false)).unwrap();
    s.run_to_end();
    assert_eq!(s.trace_sha256(), a);
    assert!(s.steps().is_empty());
    assert_eq!(s.summary().records.delivered, 10);
}

#[test]
fn replay_to_step_n_equals_stepping() {
    let scenario = presets::get("sse-enabled-mid-stream").unwrap();
    let mut full = Simulation::new(&scenario, 3).unwrap();
    full.run_to_end();
    let total = full.steps().len() as u32;
    for n in [0, 5, total / 2, total - 1] {
        let mut a = Simulation::new(&scenario, 3).unwrap();
        for _ in 0..=n {
            a.step().unwrap();
        }
        let mut b = Simulation::new(&scenario, 3).unwrap();
        b.run_to_step(n);
        assert_eq!(a.trace_sha256(), b.trace_sha256());
        assert_eq!(
            serde_json::to_string(&a.snapshot()).unwrap(),
            serde_json::to_string(&b.snapshot()).unwrap()
        );
    }
    let mut c = Simulation::new(&scenario, 3).unwrap();
    let mut count = 0;
    while c.step().is_some() {
        count += 1;
    }
    assert_eq!(count, total);
    assert!(c.is_finished());
}

#[test]
fn inspection_views_for_the_happy_path() {
    let mut sim = Simulation::new(&Scenario::default(), 1).unwrap();
    sim.run_to_end();
    let steps = sim.steps().to_vec();
    let put = steps.iter().find(|s| s.operation == "PutRecord").unwrap();
    let req = sim.request_json(put).unwrap();
    assert_eq!(req["PartitionKey"], "partitionkey");
    assert_eq!(req["StreamName"], "dva-02-005-DataStream");
    let resp = sim.response_json(put).unwrap();
    assert_eq!(resp["ShardId"], "shardId-000000000000");
    assert_eq!(resp["EncryptionType"], "KMS");
    let seq = resp["SequenceNumber"].as_str().unwrap();
    assert_eq!(seq.len(), 56);
    assert!(seq.bytes().all(|b| b.is_ascii_digit()));
    let env = sim.envelope(put).unwrap();
    assert_eq!(env.direction, "encrypt");
    assert_eq!(env.data_key.as_ref().unwrap().len(), 32);
    assert_eq!(
        env.encryption_context
            .get("aws:kinesis:arn")
            .map(String::as_str),
        Some("arn:aws:kinesis:ap-northeast-1:123456789012:stream/dva-02-005-DataStream")
    );
    let auth = sim.authorization(put).unwrap();
    assert!(auth.decision.is_allowed());

    let gdk = steps
        .iter()
        .find(|s| s.operation == "GenerateDataKey")
        .unwrap();
    assert_eq!(gdk.parent, Some(put.index));
    let auth = sim.authorization(gdk).unwrap();
    assert!(auth.decision.is_allowed(), "{}", auth.reason);
    let ct = sim.cloudtrail(gdk).unwrap();
    assert_eq!(ct["eventSource"], "kms.amazonaws.com");
    assert_eq!(ct["eventName"], "GenerateDataKey");
    assert_eq!(ct["userIdentity"]["invokedBy"], "kinesis.amazonaws.com");
    assert_eq!(ct["requestParameters"]["keySpec"], "AES_256");
    assert_eq!(ct["resources"][0]["type"], "AWS::KMS::Key");
    let gresp = sim.response_json(gdk).unwrap();
    assert!(gresp["CiphertextBlob"].is_string());
    assert!(gresp["KeyId"].as_str().unwrap().starts_with("arn:aws:kms:"));

    let get = steps.iter().find(|s| s.operation == "GetRecords").unwrap();
    let r = sim.response_json(get).unwrap();
    assert_eq!(r["Records"].as_array().unwrap().len(), 10);
    assert_eq!(r["Records"][0]["EncryptionType"], "KMS");
    let put_obj = steps.iter().find(|s| s.operation == "PutObject").unwrap();
    let h = sim.response_json(put_obj).unwrap();
    assert_eq!(h["ServerSideEncryption"], "aws:kms");
    assert_eq!(h["BucketKeyEnabled"], false);
    assert!(sim
        .envelope(put_obj)
        .unwrap()
        .plaintext
        .unwrap()
        .contains("TICKER"));
    let d = steps
        .iter()
        .find(|s| s.operation == "DescribeStream")
        .unwrap();
    assert_eq!(
        sim.response_json(d).unwrap()["StreamDescription"]["EncryptionType"],
        "KMS"
    );

    let snap = serde_json::to_value(sim.snapshot()).unwrap();
    assert_eq!(
        snap["buckets"][0]["objects"][0]["encryption_status"],
        "SSE-KMS"
    );
    assert_eq!(
        snap["streams"][0]["shards"][0]["records"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    // Every step serializes.
    serde_json::to_string(&steps).unwrap();
}

#[test]
fn scenario_json_roundtrip_and_located_errors() {
    let text = Scenario::default().to_json_pretty();
    assert_eq!(Scenario::from_json(&text).unwrap(), Scenario::default());
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["streams"][0]["shardz"] = json!(2);
    let e = Scenario::from_json(&v.to_string()).unwrap_err();
    assert!(e.path.starts_with("streams[0]"), "{e}");
    assert!(e.message.en().contains("shardz"), "{e}");

    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["streams"][0]["shards"] = json!(0);
    let e = Scenario::from_json(&v.to_string()).unwrap_err();
    assert_eq!(e.path, "streams[0].shards");

    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["delivery_streams"][0]["buffering"]["size_mb"] = json!(500);
    assert_eq!(
        Scenario::from_json(&v.to_string()).unwrap_err().path,
        "delivery_streams[0].buffering.size_mb"
    );

    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["version"] = json!(2);
    assert_eq!(
        Scenario::from_json(&v.to_string()).unwrap_err().path,
        "version"
    );

    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["keys"][0]["policy"] = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]});
    assert_eq!(
        Scenario::from_json(&v.to_string()).unwrap_err().path,
        "keys[0].policy.Statement[0].Effect"
    );

    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["producers"][0]["stream"] = json!("nope");
    assert_eq!(
        Scenario::from_json(&v.to_string()).unwrap_err().path,
        "producers[0].stream"
    );

    let mut s = Scenario::default();
    s.readers.push(ReaderSpec {
        role: "Ghost".into(),
        at: "10m".into(),
        bucket: "dva-02-005".into(),
        prefix: String::new(),
        client_side: None,
    });
    assert_eq!(s.validate().unwrap_err().path, "readers[0].role");
    for bad in ["{", "[]", "null", "{\"version\": 1}"] {
        assert!(Scenario::from_json(bad).is_err());
    }
}

#[test]
fn cli_functions() {
    let list = cli::presets_text();
    for p in presets::all() {
        assert!(list.contains(p.name));
    }
    let json = cli::scenario_text(Some("kinesis-key-disabled")).unwrap();
    assert_eq!(
        Scenario::from_json(&json).unwrap(),
        presets::get("kinesis-key-disabled").unwrap()
    );
    assert!(cli::scenario_text(Some("nope")).is_err());
    let out = cli::run(&RunArgs {
        summary: true,
        seed: 1,
        ..RunArgs::default()
    })
    .unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    for k in [
        "trace_sha256",
        "records",
        "kms",
        "s3_objects",
        "denials",
        "firehose_errors",
    ] {
        assert!(v.get(k).is_some(), "{k}");
    }
    for k in [
        "produced",
        "put_ok",
        "put_failed",
        "read_by_firehose",
        "delivered",
        "lost",
        "pending",
    ] {
        assert!(v["records"].get(k).is_some(), "{k}");
    }
    let text = cli::run(&RunArgs {
        seed: 1,
        until: Some("1s".into()),
        ..RunArgs::default()
    })
    .unwrap();
    assert!(text.lines().count() > 10);
    assert!(!text.contains("PutObject"));
    assert!(cli::run(&RunArgs {
        scenario_json: Some("{\"version\": 1, \"bogus\": true}".into()),
        ..RunArgs::default()
    })
    .is_err());
    assert!(cli::run(&RunArgs {
        until: Some("soon".into()),
        ..RunArgs::default()
    })
    .is_err());
}

#[test]
fn failed_steps_carry_errors() {
    let mut sim = Simulation::new(&presets::get("kinesis-key-deleted").unwrap(), 1).unwrap();
    sim.run_to_end();
    let put = sim
        .steps()
        .iter()
        .find(|s| s.operation == "PutRecord")
        .unwrap()
        .clone();
    match &put.outcome {
        Outcome::Error { code, message } => {
            assert_eq!(*code, "KMSNotFoundException");
            assert!(message.contains("does not exist"), "{message}");
        }
        Outcome::Ok => panic!("expected an error"),
    }
    assert!(matches!(put.detail, StepDetail::PutRecord { .. }));
    assert_eq!(
        sim.response_json(&put).unwrap()["__type"],
        "KMSNotFoundException"
    );
}
