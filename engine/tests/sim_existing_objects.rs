//! Objects that exist before the run (a bucket's `existing_objects`): each encryption a
//! scenario can give them is sealed as S3 would have written it, reads back as the original
//! body, and reports the encryption S3 Inventory and HeadObject show.

use envelope_lab::sim::{Scenario, Simulation};
use md5::{Digest, Md5};
use serde_json::{json, Value};

const BUCKET: &str = "dva-02-005";

/// (key, sse, bucket_key) of each object.
const OBJECTS: [(&str, &str, bool); 4] = [
    ("old/plain.json", "NONE", false),
    ("old/sse-s3.json", "AES256", false),
    ("old/sse-kms.json", "aws:kms", false),
    ("old/bucket-key.json", "aws:kms", true),
];

fn body(key: &str) -> String {
    format!("{{\"object\": {key:?}}}")
}

/// The seed stack with the objects above and a reader allowed to get them (the S3 key's
/// policy lets every principal of the account use it through S3).
fn scenario() -> Scenario {
    let mut v: Value = serde_json::to_value(Scenario::default()).unwrap();
    v["buckets"][0]["existing_objects"] = OBJECTS
        .iter()
        .map(|(key, sse, bucket_key)| {
            let mut o =
                json!({"key": key, "body": body(key), "sse": sse, "bucket_key": bucket_key});
            if *sse == "aws:kms" {
                o["kms_key"] = json!("S3Key");
            }
            o
        })
        .collect();
    v["roles"].as_array_mut().unwrap().push(json!({
        "name": "AnalystRole",
        "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]},
        "inline_policies": [{"name": "Read", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::dva-02-005/old/*"}]}}]
    }));
    serde_json::from_value(v).unwrap()
}

#[test]
fn existing_objects_read_back_with_their_encryption() {
    let mut sim = Simulation::new(&scenario(), 3).unwrap();
    let s3_key = "arn:aws:kms:ap-northeast-1:123456789012:key/9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";
    let inventory = sim.inventory(BUCKET);
    for (key, sse, bucket_key) in OBJECTS {
        let row = inventory.iter().find(|r| r.key == key).unwrap();
        let status = match sse {
            "NONE" => "NOT-SSE",
            "AES256" => "SSE-S3",
            _ => "SSE-KMS",
        };
        assert_eq!(row.encryption_status, status, "{key}");
        let expected_key = (sse == "aws:kms").then(|| s3_key.to_string());
        assert_eq!(row.kms_key_arn, expected_key, "{key}");
        let bucket_key_status = if bucket_key { "ENABLED" } else { "DISABLED" };
        assert_eq!(row.bucket_key_status, bucket_key_status, "{key}");
        let read = sim.open_object("AnalystRole", BUCKET, key);
        assert_eq!(read.as_deref(), Ok(body(key).as_bytes()), "{key}");
    }
    // Each read is a GetObject step; SSE-KMS reads call KMS Decrypt through S3.
    let gets: Vec<_> = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "GetObject")
        .collect();
    assert_eq!(gets.len(), OBJECTS.len());
    assert!(gets.iter().all(|s| s.outcome.is_ok()));
    let decrypts = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "Decrypt" && s.actor.starts_with("S3"))
        .count();
    assert_eq!(decrypts, 2);
}

#[test]
fn etags_are_the_md5_of_the_data_except_under_sse_kms() {
    let mut sim = Simulation::new(&scenario(), 3).unwrap();
    for (key, sse, bucket_key) in OBJECTS {
        sim.open_object("AnalystRole", BUCKET, key).unwrap();
        let step = sim.steps().last().unwrap().clone();
        let headers = sim.response_json(&step).unwrap();
        let md5 = format!("\"{}\"", hex::encode(Md5::digest(body(key).as_bytes())));
        if sse == "aws:kms" && !bucket_key {
            assert_ne!(headers["ETag"], json!(md5), "{key}");
        } else if sse != "aws:kms" {
            assert_eq!(headers["ETag"], json!(md5), "{key}");
        }
    }
}
