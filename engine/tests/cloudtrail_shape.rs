//! A KMS step's CloudTrail event follows the KMS guide's current examples
//! (https://docs.aws.amazon.com/kms/latest/developerguide/ct-generatedatakey.html,
//! https://docs.aws.amazon.com/kms/latest/developerguide/ct-decrypt.html): eventVersion
//! 1.11, additionalEventData.keyMaterialId on a successful cryptographic call, tlsDetails on
//! a direct call; the values the simulator makes up are named in CLOUDTRAIL_NOTE.

use envelope_lab::sim::view::CLOUDTRAIL_NOTE;
use envelope_lab::sim::{presets, Simulation};
use serde_json::Value;

fn events(preset: &str) -> Vec<Value> {
    let p = presets::all()
        .iter()
        .find(|p| p.name == preset)
        .expect("preset");
    let mut sim = Simulation::new(&p.scenario(), 1).unwrap();
    sim.run_to_end();
    sim.steps()
        .iter()
        .filter_map(|s| sim.cloudtrail(s))
        // The KMS events (a service's AssumeRole has an event of its own: notes_facts.rs).
        .filter(|e| e["eventSource"] == "kms.amazonaws.com")
        .collect()
}

fn is_hex64(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[test]
fn successful_calls_carry_version_1_11_and_a_key_material_id_per_key() {
    let evs = events("happy-path");
    assert!(evs.len() >= 3, "GenerateDataKey x2 and a Decrypt");
    let mut ids = std::collections::BTreeMap::new();
    for e in &evs {
        assert_eq!(e["eventVersion"], "1.11");
        assert!(is_hex64(&e["additionalEventData"]["keyMaterialId"]), "{e}");
        let key = e["resources"][0]["ARN"].as_str().unwrap().to_string();
        let id = e["additionalEventData"]["keyMaterialId"].clone();
        assert_eq!(ids.entry(key).or_insert(id.clone()), &id, "one id per key");
        // Made by a service on the role's behalf: no TLS details of the caller's own.
        assert!(e["userIdentity"]["invokedBy"].is_string());
        assert!(e.get("tlsDetails").is_none());
        if e["eventName"] == "Decrypt" {
            assert_eq!(
                e["requestParameters"]["encryptionAlgorithm"],
                "SYMMETRIC_DEFAULT"
            );
        }
    }
    assert_eq!(
        ids.len(),
        2,
        "the Kinesis key and the S3 key have different ids"
    );
}

#[test]
fn failed_and_direct_calls() {
    let evs = events("via-service-mismatch");
    let direct = evs
        .iter()
        .find(|e| e.get("errorCode").is_some() && e["userIdentity"].get("invokedBy").is_none())
        .expect("a refused direct call");
    assert!(
        direct.get("additionalEventData").is_none(),
        "no key material was used"
    );
    assert_eq!(direct["tlsDetails"]["tlsVersion"], "TLSv1.3");
    assert_eq!(
        direct["tlsDetails"]["clientProvidedHostHeader"],
        "kms.ap-northeast-1.amazonaws.com"
    );
}

#[test]
fn the_note_names_what_is_modelled_in_both_languages() {
    for word in ["1.11", "keyMaterialId", "invokedBy", "tlsDetails"] {
        assert!(
            CLOUDTRAIL_NOTE.en().contains(word) && CLOUDTRAIL_NOTE.ja().contains(word),
            "{word}"
        );
    }
}
