//! Every preset yields its documented outcome: the exception, where it surfaced, and what
//! happened to the data.

use envelope_lab::sim::summary::Summary;
use envelope_lab::sim::{presets, Scenario, Simulation};

fn run(name: &str) -> (Simulation, Summary) {
    let s = presets::get(name).unwrap_or_else(|| panic!("preset {name}"));
    let mut sim = Simulation::new(&s, 1).unwrap();
    sim.run_to_end();
    let sum = sim.summary();
    assert!(sum.finished, "{name} did not drain");
    (sim, sum)
}

fn has(sum: &Summary, service: &str, op: &str, code: &str) -> bool {
    sum.denials
        .iter()
        .any(|d| d.service == service && d.operation == op && d.error_code == code)
}

fn logged(sum: &Summary, code: &str) -> bool {
    sum.firehose_errors.iter().any(|e| e.error_code == code)
}

#[test]
fn every_preset_is_valid_named_and_runs() {
    let mut names = std::collections::BTreeSet::new();
    for p in presets::all() {
        assert!(names.insert(p.name), "duplicate {}", p.name);
        assert!(p.description.missing().is_empty(), "{}", p.name);
        let s = p.scenario();
        s.validate().unwrap();
        // Presets round-trip through JSON (the starting point for custom scenarios).
        assert_eq!(Scenario::from_json(&s.to_json_pretty()).unwrap(), s);
        let (_, sum) = run(p.name);
        if let Some(code) = p.error_code {
            assert!(
                sum.denials.iter().any(|d| d.error_code == code) || logged(&sum, code),
                "{}: expected {code}, got {:?}",
                p.name,
                sum.denials
                    .iter()
                    .map(|d| &d.error_code)
                    .collect::<Vec<_>>()
            );
        } else {
            assert!(
                sum.denials.is_empty(),
                "{}: {:?}",
                p.name,
                sum.denials.first()
            );
        }
    }
    for required in [
        "happy-path",
        "sse-off",
        "aws-managed-kinesis-key",
        "sse-enabled-mid-stream",
        "producer-missing-generate-data-key",
        "firehose-source-missing-decrypt",
        "s3-destination-missing-kms",
        "kinesis-key-disabled",
        "kinesis-key-pending-deletion",
        "kinesis-key-deleted",
        "explicit-deny",
        "via-service-mismatch",
        "bucket-key-context-condition",
        "reader-missing-decrypt",
        "tampered-ciphertext",
        "wrong-encryption-context",
        "kms-throttling",
        "mixed-bucket-encryption",
    ] {
        assert!(names.contains(required), "missing preset {required}");
    }
}

#[test]
fn sse_off_uses_no_kms_and_lands_sse_s3() {
    let (_, sum) = run("sse-off");
    assert_eq!(sum.records.delivered, 10);
    assert_eq!(sum.kms.total_requests, 0);
    assert_eq!(sum.s3_objects[0].sse, "AES256");
}

#[test]
fn aws_managed_key_works_without_iam_kms_permissions() {
    let (sim, sum) = run("aws-managed-kinesis-key");
    assert_eq!(sum.records.delivered, 10);
    let snapshot = sim.snapshot();
    let key = snapshot
        .kms_keys
        .iter()
        .find(|k| k.name == "aws/kinesis")
        .unwrap();
    assert_eq!(key.usage.generate_data_key, 1);
    assert_eq!(key.usage.decrypt, 1);
}

#[test]
fn sse_mid_stream_mixes_plaintext_and_encrypted_records() {
    let (sim, sum) = run("sse-enabled-mid-stream");
    assert_eq!(sum.records.delivered, 20);
    let get = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "GetRecords")
        .collect::<Vec<_>>();
    let mut types = vec![];
    for g in get {
        for r in sim.response_json(g).unwrap()["Records"].as_array().unwrap() {
            types.push(r.get("EncryptionType").is_some());
        }
    }
    assert_eq!(types.len(), 20);
    assert_eq!(types.iter().filter(|t| !**t).count(), 10);
    assert!(!types[0] && types[19]);
}

#[test]
fn producer_without_generate_data_key_is_denied_at_the_producer() {
    let (_, sum) = run("producer-missing-generate-data-key");
    assert!(has(
        &sum,
        "kinesis",
        "PutRecord",
        "KMSAccessDeniedException"
    ));
    assert!(has(&sum, "kms", "GenerateDataKey", "AccessDeniedException"));
    let d = sum
        .denials
        .iter()
        .find(|d| d.operation == "PutRecord")
        .unwrap();
    assert!(d.message.starts_with("User: arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/DataSourceLambda is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:"), "{}", d.message);
    assert_eq!(sum.records.put_failed, 10);
    assert_eq!(sum.records.delivered, 0);
}

#[test]
fn firehose_without_decrypt_logs_and_loses_data_at_retention() {
    let (_, sum) = run("firehose-source-missing-decrypt");
    assert!(logged(&sum, "Kinesis.KMS.AccessDeniedException"));
    assert!(has(
        &sum,
        "kinesis",
        "GetRecords",
        "KMSAccessDeniedException"
    ));
    assert_eq!(sum.records.put_ok, 10);
    assert_eq!(sum.records.lost, 10);
    assert!(
        sum.end_time.starts_with("2024-03-28T1"),
        "lost after the 24 h retention: {}",
        sum.end_time
    );
}

#[test]
fn s3_destination_without_kms_retries_then_loses_after_24h() {
    for name in ["s3-destination-missing-kms", "bucket-key-context-condition"] {
        let (_, sum) = run(name);
        assert!(logged(&sum, "S3.AccessDenied"), "{name}");
        assert!(sum.firehose_errors[0].count > 10, "{name}: retried");
        assert_eq!(sum.records.read_by_firehose, 10);
        assert_eq!(sum.records.lost, 10, "{name}");
        assert!(has(&sum, "firehose", "DeliveryExpired", "DeliveryExpired"));
    }
}

#[test]
fn bucket_key_changes_the_context_to_the_bucket_arn() {
    let (sim, _) = run("bucket-key-context-condition");
    let gdk = sim
        .steps()
        .iter()
        .find(|s| s.operation == "GenerateDataKey" && s.actor.starts_with("S3"))
        .unwrap();
    let req = sim.request_json(gdk).unwrap();
    assert_eq!(
        req["EncryptionContext"]["aws:s3:arn"],
        "arn:aws:s3:::dva-02-005"
    );
    let auth = sim.authorization(gdk).unwrap();
    assert!(!auth.decision.is_allowed());
}

#[test]
fn key_states_give_their_exceptions_at_the_producer() {
    for (name, code, kms_code) in [
        (
            "kinesis-key-disabled",
            "KMSDisabledException",
            "DisabledException",
        ),
        (
            "kinesis-key-pending-deletion",
            "KMSInvalidStateException",
            "KMSInvalidStateException",
        ),
        (
            "kinesis-key-deleted",
            "KMSNotFoundException",
            "NotFoundException",
        ),
    ] {
        let (_, sum) = run(name);
        assert!(has(&sum, "kinesis", "PutRecord", code), "{name}");
        assert!(has(&sum, "kms", "GenerateDataKey", kms_code), "{name}");
        assert_eq!(sum.records.put_failed, 10, "{name}");
    }
}

#[test]
fn key_disabled_mid_run_fails_only_the_middle_invocation() {
    let (_, sum) = run("kinesis-key-disabled-mid-run");
    assert_eq!(sum.records.put_failed, 10);
    assert_eq!(sum.records.delivered, 20);
}

#[test]
fn explicit_deny_wins() {
    let (sim, sum) = run("explicit-deny");
    assert!(has(
        &sum,
        "kinesis",
        "PutRecord",
        "KMSAccessDeniedException"
    ));
    let gdk = sim
        .steps()
        .iter()
        .find(|s| s.operation == "GenerateDataKey")
        .unwrap();
    let auth = sim.authorization(gdk).unwrap();
    assert_eq!(
        auth.decision,
        envelope_lab::policy::Decision::ExplicitlyDenied
    );
}

#[test]
fn via_service_mismatch_denies_the_direct_call_only() {
    let (sim, sum) = run("via-service-mismatch");
    assert_eq!(sum.records.delivered, 10);
    assert!(has(&sum, "kms", "GenerateDataKey", "AccessDeniedException"));
    let direct = sim
        .steps()
        .iter()
        .find(|s| s.operation == "GenerateDataKey" && !s.outcome.is_ok())
        .unwrap();
    assert!(direct.actor.contains("direct call"));
    let ct = sim.cloudtrail(direct).unwrap();
    assert!(ct["userIdentity"].get("invokedBy").is_none());
    assert_eq!(ct["errorCode"], "AccessDeniedException");
}

#[test]
fn reader_without_decrypt_gets_access_denied_and_data_is_kept() {
    let (_, sum) = run("reader-missing-decrypt");
    let d = sum
        .denials
        .iter()
        .find(|d| d.operation == "GetObject")
        .unwrap();
    assert_eq!(d.error_code, "AccessDenied");
    // The AWS Knowledge Center's text (s3-download-object-ciphertext-error).
    assert_eq!(
        d.message,
        "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access."
    );
    assert_eq!(sum.records.delivered, 10);
    assert_eq!(sum.s3_objects.len(), 1);
}

#[test]
fn tampering_and_wrong_context_fail_authentication() {
    let (sim, sum) = run("tampered-ciphertext");
    let decrypts: Vec<_> = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "Decrypt" && s.actor.contains("direct"))
        .collect();
    assert_eq!(decrypts.len(), 2);
    assert!(decrypts[0].outcome.is_ok());
    assert_eq!(
        decrypts[1].outcome.code(),
        Some("InvalidCiphertextException")
    );
    assert_eq!(sum.records.delivered, 10);
    let (_, sum) = run("wrong-encryption-context");
    assert!(has(&sum, "kms", "Decrypt", "InvalidCiphertextException"));
}

#[test]
fn throttling_surfaces_at_the_producer() {
    let (_, sum) = run("kms-throttling");
    assert!(has(&sum, "kinesis", "PutRecord", "KMSThrottlingException"));
    // Counted from the preset's settings, not from a run: every record is put within the
    // first second (10 records 20 ms apart); each of the concurrent environments has its
    // own credentials and so needs one data key; the quota admits `quota` GenerateDataKey
    // calls in that second; every PutRecord of the other environments asks again and is
    // throttled.
    let s = presets::get("kms-throttling").expect("preset");
    let p = &s.producers[0];
    let (quota, envs, per) = (
        u64::from(s.kms.request_quota_per_second),
        u64::from(p.concurrency),
        u64::from(p.records_per_invocation),
    );
    assert_eq!((quota, envs, p.invocations as u64, per), (2, 5, 5, 10));
    assert_eq!(
        sum.kms.throttled,
        (envs - quota) * per,
        "throttled GenerateDataKey calls"
    );
    assert_eq!(sum.records.put_failed, (envs - quota) * per);
    assert_eq!(sum.records.put_ok, quota * per);
    // Kinesis's two data keys, then S3's for the one object (a later second).
    assert_eq!(sum.kms.calls.get("GenerateDataKey"), Some(&(quota + 1)));
}

#[test]
fn mixed_bucket_encryption_copy_in_place() {
    let s = presets::get("mixed-bucket-encryption").unwrap();
    let mut sim = Simulation::new(&s, 1).unwrap();
    sim.run_for(2 * 60 * 1_000_000);
    let inv = sim.inventory("dva-02-005");
    let status: Vec<_> = inv.iter().map(|r| r.encryption_status).collect();
    assert!(
        status.contains(&"NOT-SSE") && status.contains(&"SSE-S3"),
        "{status:?}"
    );
    sim.run_to_end();
    let inv = sim.inventory("dva-02-005");
    assert!(
        inv.iter()
            .all(|r| r.encryption_status == "SSE-KMS" && r.bucket_key_status == "ENABLED"),
        "{inv:?}"
    );
    let copies = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "CopyObject")
        .count();
    assert_eq!(copies, 2);
}
