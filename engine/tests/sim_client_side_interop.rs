//! The records a client-side simulation run wrote to S3 are real AWS Encryption SDK
//! messages: the official AWS Encryption SDK for Python (`aws-encryption-sdk` in the tests'
//! venv, as `esdk_interop.rs` uses it, its KMS Decrypt answered from the simulated key's
//! material by `esdk_interop/interop.py`) decrypts every message of every object of the
//! client-side presets, for both suites, to the records the analyst read.
//!
//! The key material is the simulation's: customer managed keys draw theirs, in scenario
//! order, from `SimRng::derived(seed, 1)` (`sim/build.rs`). The test first checks that
//! material with the lab's own decrypt, so a change there fails here loudly.
//!
//! Without the venv the test says so and passes (`make test` always has it).

#[path = "esdk_interop/sdk.rs"]
mod sdk;

use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use envelope_lab::crypto::EncryptionContext;
use envelope_lab::esdk::{self, LocalKms};
use envelope_lab::runtime::rng::SimRng;
use envelope_lab::sim::scenario::ClientSuite;
use envelope_lab::sim::{presets, Scenario, Simulation};
use serde_json::{json, Value};

const SEED: u64 = 5;
const BUCKET: &str = "dva-02-005";

fn interop(python: &Path, command: &str, input: &Value) -> Value {
    sdk::run_script(python, "interop.py", &[command], input)
}

/// The material of the scenario's `index`-th customer managed key under `seed`.
fn key_material(seed: u64, index: usize) -> [u8; 32] {
    let mut rng = SimRng::derived(seed, 1);
    let mut key = rng.key();
    for _ in 0..index {
        key = rng.key();
    }
    key
}

/// Every SDK message in the run's S3 objects, read as the analyst.
fn stored_messages(s: &Scenario) -> Vec<Vec<u8>> {
    let mut sim = Simulation::new(s, SEED).unwrap();
    sim.run_to_end();
    let keys: Vec<String> = sim
        .summary()
        .s3_objects
        .iter()
        .map(|o| o.key.clone())
        .collect();
    let mut out = Vec::new();
    for k in keys {
        let body = sim.open_object("AnalystRole", BUCKET, &k).unwrap();
        let mut rest = body.as_slice();
        while !rest.is_empty() {
            let (_, layout) = esdk::inspect(rest).unwrap();
            out.push(rest[..layout.end()].to_vec());
            rest = &rest[layout.end()..];
        }
    }
    out
}

#[test]
fn the_official_sdk_decrypts_what_the_simulation_stored() {
    let Some(python) = sdk::python_or_skip("sim_client_side_interop") else {
        return;
    };
    for (name, suite) in [
        ("client-side-happy-path", ClientSuite::CommitKeyEcdsaP384),
        ("client-side-happy-path", ClientSuite::CommitKey),
        ("client-side-caching", ClientSuite::CommitKeyEcdsaP384),
        ("client-side-both-layers", ClientSuite::CommitKeyEcdsaP384),
    ] {
        let mut s = presets::get(name).unwrap();
        if let Some(c) = s.producers[0].client_side.as_mut() {
            c.algorithm_suite = suite;
        }
        let index = s.keys.iter().position(|k| k.name == "ProducerKey").unwrap();
        let arn = format!(
            "arn:aws:kms:{}:{}:key/{}",
            s.region,
            s.account,
            s.keys[index].key_id.clone().unwrap()
        );
        let material = key_material(SEED, index);
        let messages = stored_messages(&s);
        assert_eq!(messages.len(), 10, "{name}");
        // The lab, from key material alone (no simulated KMS), reads them: the material is
        // the simulation's.
        let mut kms = LocalKms::new(SimRng::new(0));
        kms.add_key(&arn, &material);
        let required: EncryptionContext = [("purpose".to_string(), "ticker-feed".to_string())]
            .into_iter()
            .collect();
        let records: Vec<Vec<u8>> = messages
            .iter()
            .map(|m| {
                esdk::decrypt(&mut kms, m, &[&arn], &required)
                    .unwrap_or_else(|e| panic!("{name}: the lab cannot read its own message: {e}"))
                    .plaintext
            })
            .collect();
        let input: Vec<Value> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| json!({"label": format!("{name} {i}"), "ciphertext_b64": B64.encode(m)}))
            .collect();
        let answer = interop(
            &python,
            "decrypt",
            &json!({"key_arn": arn, "key_material_hex": hex::encode(material), "messages": input}),
        );
        let results = answer["results"].as_array().unwrap();
        assert_eq!(results.len(), messages.len());
        for (r, record) in results.iter().zip(&records) {
            assert_eq!(
                r["ok"], true,
                "{name} {suite:?}: the SDK rejects {}: {}",
                r["label"], r["detail"]
            );
            assert_eq!(r["plaintext_b64"], B64.encode(record), "{}", r["label"]);
            assert!(String::from_utf8_lossy(record).contains("\"TICKER\""));
            assert_eq!(r["context"]["purpose"], "ticker-feed");
        }
    }
}
