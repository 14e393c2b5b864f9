//! The condition keys an S3 request carries (issue 20 §1), written from the S3 User Guide
//! ("Bucket policy examples using condition keys", "Configuring an S3 Bucket Key at the
//! object level") and the S3 API reference ("Amazon S3 Signature Version 4 Authentication
//! Specific Policy Keys"): a key exists only when the request sends its header, so the
//! standard "deny uploads that are not SSE-KMS" bucket policies let Firehose's SSE-KMS
//! writes through and deny a write that relies on the bucket's default encryption. The
//! expected values below are written by hand, not read back from the engine.

use envelope_lab::policy::ContextValue;
use envelope_lab::runtime::notes::Note;
use envelope_lab::sim::{presets, Scenario, Simulation, Step};
use serde_json::{json, Value};

const S3_KEY_ARN: &str =
    "arn:aws:kms:ap-northeast-1:123456789012:key/9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";

fn run(s: &Scenario) -> Simulation {
    let mut sim = Simulation::new(s, 1).expect("valid scenario");
    sim.run_to_end();
    sim
}

fn preset(name: &str) -> Scenario {
    presets::get(name).unwrap_or_else(|| panic!("preset {name}"))
}

/// The S3 condition keys and aws:SecureTransport of a step's request, as key → value.
fn s3_keys(sim: &Simulation, step: &Step) -> Vec<(String, String)> {
    let auth = step.auth.expect("an authorized step");
    let req = sim.cloud().build_request(&auth);
    req.context
        .iter()
        .filter(|(k, _)| k.starts_with("s3:") || *k == "aws:SecureTransport")
        .map(|(k, v)| {
            let ContextValue::Single(v) = v else {
                panic!("{k} is multi-valued")
            };
            (k.to_string(), v.clone())
        })
        .collect()
}

fn first(sim: &Simulation, operation: &str) -> Step {
    sim.steps()
        .iter()
        .find(|s| s.operation == operation)
        .unwrap_or_else(|| panic!("a {operation} step"))
        .clone()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<_> = list
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    v.sort();
    v
}

/// The keys every request of the lab carries (HTTPS, Signature Version 4 in the
/// Authorization header) and `extra`, sorted.
fn signed(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = vec![
        ("aws:SecureTransport", "true"),
        ("s3:authType", "REST-HEADER"),
        ("s3:signatureversion", "AWS4-HMAC-SHA256"),
    ];
    all.extend_from_slice(extra);
    pairs(&all)
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

#[test]
fn firehose_sse_kms_put_object_carries_the_encryption_headers_as_condition_keys() {
    let sim = run(&preset("happy-path"));
    let put = first(&sim, "PutObject");
    assert_eq!(
        sorted(s3_keys(&sim, &put)),
        signed(&[
            ("s3:x-amz-server-side-encryption", "aws:kms"),
            ("s3:x-amz-server-side-encryption-aws-kms-key-id", S3_KEY_ARN),
        ])
    );
    // Which headers Firehose sends is not in its guide: the step says so.
    assert!(put.modelled.contains(Note::S3RequestKeys));
}

#[test]
fn the_authorization_tab_shows_the_key_id_value_not_absent() {
    let sim = run(&preset("bucket-policy-require-this-key"));
    let put = first(&sim, "PutObject");
    let e = sim.authorization(&put).expect("explanation");
    let cond = e
        .policies
        .iter()
        .flat_map(|p| &p.statements)
        .flat_map(|st| &st.conditions)
        .find(|c| c.key == "s3:x-amz-server-side-encryption-aws-kms-key-id")
        .expect("the bucket policy's condition is explained");
    assert_eq!(cond.values_in(&e), [S3_KEY_ARN.to_string()]);
}

#[test]
fn a_request_relying_on_default_encryption_sends_no_encryption_header() {
    let sim = run(&preset("bucket-policy-null-with-default-encryption"));
    let put = first(&sim, "PutObject");
    assert_eq!(sorted(s3_keys(&sim, &put)), signed(&[]));
}

#[test]
fn get_object_has_no_encryption_or_prefix_keys() {
    let sim = run(&preset("reader-missing-decrypt"));
    let get = first(&sim, "GetObject");
    assert!(get.modelled.contains(Note::S3RequestKeys));
    assert_eq!(sorted(s3_keys(&sim, &get)), signed(&[]));
}

#[test]
fn copy_object_carries_the_copy_source_and_its_encryption_headers() {
    let sim = run(&preset("mixed-bucket-encryption"));
    let copy = first(&sim, "CopyObject");
    assert_eq!(
        sorted(s3_keys(&sim, &copy)),
        signed(&[
            ("s3:x-amz-copy-source", "dva-02-005/legacy/2019-report.json"),
            ("s3:x-amz-server-side-encryption", "aws:kms"),
            ("s3:x-amz-server-side-encryption-aws-kms-key-id", S3_KEY_ARN),
        ])
    );
}

/// (records delivered, Firehose error codes) of a preset's run.
fn outcome(name: &str) -> (u64, Vec<String>) {
    let sim = run(&preset(name));
    let sum = sim.summary();
    let codes = sum
        .firehose_errors
        .iter()
        .map(|e| e.error_code.clone())
        .collect();
    (sum.records.delivered, codes)
}

#[test]
fn the_standard_deny_policies_let_firehose_sse_kms_writes_through() {
    for name in [
        "bucket-policy-require-sse-kms",
        "bucket-policy-deny-missing-sse-header",
        "bucket-policy-require-this-key",
    ] {
        assert_eq!(outcome(name), (10, vec![]), "{name}");
    }
}

#[test]
fn the_standard_deny_policies_deny_what_aws_denies() {
    let (delivered, codes) = outcome("bucket-policy-null-with-default-encryption");
    assert_eq!((delivered, codes), (0, vec!["S3.AccessDenied".to_string()]));
    // Firehose naming another key than the one the bucket policy pins is denied before any
    // KMS call.
    let mut s = preset("bucket-policy-require-this-key");
    let mut v = serde_json::to_value(&s).unwrap();
    v["delivery_streams"][0]["encryption"] = json!({"kms_key": "KinesisKey"});
    s = serde_json::from_value(v).unwrap();
    let sim = run(&s);
    assert_eq!(sim.summary().records.delivered, 0);
    let put = first(&sim, "PutObject");
    assert_eq!(put.outcome.code(), Some("AccessDenied"));
    assert!(!sim
        .steps()
        .iter()
        .any(|st| st.parent == Some(put.index) && st.service == "kms"));
    // The copy jobs of the passing presets are what their Deny refuses.
    for name in [
        "bucket-policy-require-sse-kms",
        "bucket-policy-deny-missing-sse-header",
        "bucket-policy-require-this-key",
    ] {
        let sim = run(&preset(name));
        let copy = first(&sim, "CopyObject");
        assert_eq!(copy.outcome.code(), Some("AccessDenied"), "{name}");
    }
    // StringNotEquals on a key the request does not send matches (IAM's rule for a missing
    // key with a negated operator): "not SSE-KMS" also denies a write with no header.
    let mut s = preset("bucket-policy-require-sse-kms");
    s.delivery_streams[0].encryption = None;
    let sim = run(&s);
    assert_eq!(sim.summary().records.delivered, 0);
    let put = first(&sim, "PutObject");
    assert_eq!(put.outcome.code(), Some("AccessDenied"));
}

#[test]
fn an_sse_s3_request_header_is_denied_by_the_not_sse_kms_policy() {
    // A copy that asks for AES256 sends x-amz-server-side-encryption: AES256.
    let mut v = serde_json::to_value(preset("mixed-bucket-encryption")).unwrap();
    v["events"][1]["sse"] = json!("AES256");
    v["events"][1]["kms_key"] = Value::Null;
    v["buckets"][0]["policy"] = json!({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "DenyUploadsNotSseKms", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::dva-02-005/*",
            "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}}]
    });
    let s: Scenario = serde_json::from_value(v).unwrap();
    let sim = run(&s);
    let copies: Vec<&Step> = sim
        .steps()
        .iter()
        .filter(|st| st.operation == "CopyObject")
        .collect();
    assert_eq!(copies.len(), 2);
    assert!(copies
        .iter()
        .all(|c| c.outcome.code() == Some("AccessDenied")));
    assert_eq!(
        s3_keys(&sim, copies[0])
            .into_iter()
            .find(|(k, _)| k == "s3:x-amz-server-side-encryption"),
        Some((
            "s3:x-amz-server-side-encryption".to_string(),
            "AES256".to_string()
        ))
    );
}

/// Bucket Key of the objects a copy in place wrote, with `bucket_key_enabled` as given and
/// the bucket's default Bucket Key setting on.
fn copied_bucket_keys(bucket_key_enabled: Option<bool>) -> Vec<bool> {
    let s = preset("mixed-bucket-encryption");
    let mut v = serde_json::to_value(&s).unwrap();
    match bucket_key_enabled {
        Some(b) => v["events"][1]["bucket_key_enabled"] = json!(b),
        None => {
            v["events"][1]
                .as_object_mut()
                .unwrap()
                .remove("bucket_key_enabled");
        }
    }
    let s: Scenario = serde_json::from_value(v).unwrap();
    let sim = run(&s);
    sim.summary()
        .s3_objects
        .iter()
        .filter(|o| o.key.starts_with("legacy/"))
        .map(|o| o.bucket_key)
        .collect()
}

#[test]
fn copy_object_without_bucket_key_enabled_gets_the_destination_buckets_setting() {
    // S3 User Guide: "If you don't specify an S3 Bucket Key for your object, Amazon S3
    // applies the S3 Bucket Key settings for the destination bucket to the object."
    assert_eq!(copied_bucket_keys(None), [true, true]);
    assert_eq!(copied_bucket_keys(Some(true)), [true, true]);
    // The header decides for that object when it is sent.
    assert_eq!(copied_bucket_keys(Some(false)), [false, false]);
}

#[test]
fn the_copy_note_follows_the_s3_guide() {
    let en = Note::CopyBucketKey.text().en();
    assert!(!en.contains("only when the request sets"), "{en}");
    assert!(
        en.contains("Configuring an S3 Bucket Key at the object level"),
        "{en}"
    );
    let ja = Note::CopyBucketKey.text().ja();
    assert!(
        ja.contains("https://docs.aws.amazon.com/ja_jp/AmazonS3/"),
        "{ja}"
    );
}

#[test]
fn a_copy_sends_a_key_id_only_with_sse_kms() {
    // S3 takes x-amz-server-side-encryption-aws-kms-key-id only with aws:kms: a scenario
    // asking otherwise is refused where it says so, in both languages.
    let mut v = serde_json::to_value(preset("mixed-bucket-encryption")).unwrap();
    v["events"][1].as_object_mut().unwrap().remove("sse");
    let e = Scenario::from_json(&v.to_string()).expect_err("refused");
    assert_eq!(e.path, "events[1].kms_key");
    assert_eq!(e.message.en(), "a KMS key is sent only with sse aws:kms");
    assert_eq!(
        e.message.ja(),
        "KMS キーは sse が aws:kms の場合にだけ送ります"
    );
    // Without both, the copy is valid: it sends no encryption header.
    v["events"][1].as_object_mut().unwrap().remove("kms_key");
    assert!(Scenario::from_json(&v.to_string()).is_ok());
}
