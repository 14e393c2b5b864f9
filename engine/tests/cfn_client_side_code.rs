//! The code an exported template gives a client-side producer does what the lab simulates
//! (issue [5/6] §4): its inline Python, run unmodified with the official AWS Encryption SDK
//! for Python (`esdk_interop/producer.py`, KMS and Kinesis answered locally after botocore
//! validated each request), puts one SDK message per record, under the template's key,
//! suite and encryption context; the lab decrypts every message to the record; and the SDK
//! calls GenerateDataKey as often as the lab's simulation of the same scenario says — with
//! and without its caching materials manager.
//!
//! Without the venv (a bare `cargo test` before `scripts/setup.sh test`) the test says so
//! and passes; under CI, and in `make test`, it must run.

#[path = "esdk_interop/sdk.rs"]
mod sdk;

use std::collections::BTreeMap;
use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use envelope_lab::cfn::export;
use envelope_lab::crypto::EncryptionContext;
use envelope_lab::esdk::{self, LocalKms};
use envelope_lab::runtime::rng::SimRng;
use envelope_lab::sim::scenario::{ClientSuite, DataKeyCachingSpec, ProducerApi, Scenario};
use envelope_lab::sim::{presets, Simulation};
use serde_json::{json, Value};

const KEY_ARN: &str =
    "arn:aws:kms:ap-northeast-1:123456789012:key/0b5c8f2e-7a41-4d3b-9e6f-3c2a1d8e4f70";
const MATERIAL: [u8; 32] = [0x3A; 32];

/// The exported function's inline code and environment, with the template's two intrinsics
/// resolved as CloudFormation would: the stream's `!Ref` to its name, the key's `!GetAtt`
/// to its ARN.
fn function(s: &Scenario) -> (String, BTreeMap<String, String>) {
    let text = export(s);
    let root = envelope_lab::cfn::yaml::parse(0, &text).unwrap().to_json();
    let f = root["Resources"]
        .as_object()
        .and_then(|rs| rs.values().find(|r| r["Type"] == "AWS::Lambda::Function"))
        .cloned()
        .expect("a function");
    let code = f["Properties"]["Code"]["ZipFile"]
        .as_str()
        .unwrap()
        .to_string();
    let mut env = BTreeMap::new();
    for (k, v) in f["Properties"]["Environment"]["Variables"]
        .as_object()
        .unwrap()
    {
        let value = match (k.as_str(), v) {
            (_, Value::String(s)) => s.clone(),
            ("KINESIS_STREAM_NAME", v) if v.get("Ref").is_some() => s.streams[0].name.clone(),
            ("CLIENT_SIDE_KEY_ARN", v) if v["Fn::GetAtt"].to_string().contains("ProducerKey") => {
                KEY_ARN.to_string()
            }
            (k, v) => panic!("unexpected {k}: {v}"),
        };
        env.insert(k.clone(), value);
    }
    (code, env)
}

fn run_producer(python: &Path, code: &str, env: &BTreeMap<String, String>) -> Value {
    let spec = json!({"code": code, "environment": env, "key_arn": KEY_ARN,
        "key_material_hex": hex::encode(MATERIAL)});
    sdk::run_script(python, "producer.py", &[], &spec)
}

/// GenerateDataKey calls the lab's simulation of `s` makes for its producer's SDK.
fn simulated_calls(s: &Scenario) -> u64 {
    let mut sim = Simulation::new(s, 1).unwrap();
    sim.run_to_end();
    sim.summary()
        .client_side
        .expect("a client-side summary")
        .producers[0]
        .generate_data_key_calls
}

#[test]
fn the_exported_client_side_producer_seals_what_the_lab_reads() {
    let Some(python) = sdk::python_or_skip("cfn_client_side_code") else {
        return;
    };
    let happy = presets::get("client-side-happy-path").unwrap();
    let caching = presets::get("client-side-caching").unwrap();
    // The suite without a signature, three messages per data key, and PutRecords.
    let mut other = caching.clone();
    other.producers[0].api = ProducerApi::PutRecords;
    if let Some(c) = other.producers[0].client_side.as_mut() {
        c.algorithm_suite = ClientSuite::CommitKey;
        c.encryption_context
            .insert("tenant".into(), "example-corp".into());
        c.data_key_caching = Some(DataKeyCachingSpec {
            max_age: "5m".into(),
            max_messages: Some(3),
            max_bytes: None,
        });
    }
    other.validate().unwrap();

    for (name, s) in [
        ("happy path", &happy),
        ("caching", &caching),
        ("other", &other),
    ] {
        let (code, env) = function(s);
        let c = s.producers[0].client_side.as_ref().unwrap();
        let answer = run_producer(&python, &code, &env);
        let records = answer["records"].as_array().unwrap();
        assert_eq!(records.len(), 10, "{name}");
        let required: EncryptionContext = c.encryption_context.clone();
        let suite = serde_json::to_value(c.algorithm_suite).unwrap();
        for r in records {
            assert_eq!(r["stream"], s.streams[0].name.as_str(), "{name}");
            let message = B64.decode(r["data_b64"].as_str().unwrap()).unwrap();
            let mut kms = LocalKms::new(SimRng::new(5));
            kms.add_key(KEY_ARN, &MATERIAL);
            let d = esdk::decrypt(&mut kms, &message, &[KEY_ARN], &required).unwrap_or_else(|e| {
                panic!("{name}: the lab cannot read the export's message: {e}")
            });
            assert_eq!(json!(d.header.suite.name()), suite, "{name}");
            let record: Value = serde_json::from_slice(&d.plaintext).unwrap();
            assert!(record["TICKER"].is_string(), "{name}: {record}");
        }
        let generated = answer["kms_calls"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| *c == "generate_data_key")
            .count() as u64;
        assert_eq!(generated, simulated_calls(s), "{name}: the SDK's calls");
        eprintln!(
            "aws-encryption-sdk {}: {name}: 10 records, {generated} GenerateDataKey",
            answer["sdk_version"]
        );
    }
}
