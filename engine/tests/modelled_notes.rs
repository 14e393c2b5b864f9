//! "Modelled" is visible wherever the simulator models: every failed step of every preset and
//! of every lesson's start and solution either fails with an error AWS documents as shown,
//! or carries the note that says what is modelled (or only observed), and the notes that
//! name one error are on the steps that meet it. The list of documented errors below is
//! kept by hand, with its sources, independently of the engine's own labels.

use std::collections::{BTreeMap, BTreeSet};

use envelope_lab::lessons::{builtin_lessons, start};
use envelope_lab::runtime::notes::Note;
use envelope_lab::runtime::trace::Step;
use envelope_lab::sim::{presets, Scenario, Simulation};

/// Errors whose code and wording AWS documents, by (service, code).
const DOCUMENTED: &[(&str, &str)] = &[
    // IAM's AccessDenied sentence (KMS Developer Guide, "Troubleshooting key access"; IAM
    // User Guide, "Troubleshoot access denied error messages").
    ("kms", "AccessDeniedException"),
    ("kinesis", "AccessDeniedException"),
    // KMS key states table, footnote [1]: "DisabledException: <key ARN> is disabled."
    ("kms", "DisabledException"),
    // KMS Developer Guide, "Request quotas": the throttling message.
    ("kms", "ThrottlingException"),
    // S3 User Guide, "Troubleshoot access denied (403 Forbidden) errors" (IAM's sentence in
    // the same account, "Access Denied" across accounts) and the S3 API's NoSuchKey.
    ("s3", "AccessDenied"),
    ("s3", "NoSuchKey"),
];

/// Firehose's CloudWatch Logs codes whose message the Firehose guide documents.
const DOCUMENTED_LOG_CODES: &[&str] = &[
    "S3.AccessDenied",
    "S3.KMS.NotFoundException",
    "S3.KMS.RequestLimitExceeded",
    "Kinesis.KMS.AccessDeniedException",
    "Kinesis.AccessDenied",
];

fn scenarios() -> Vec<(String, Scenario)> {
    let mut out: Vec<_> = presets::all()
        .iter()
        .map(|p| (format!("preset {}", p.name), p.scenario()))
        .collect();
    for lesson in builtin_lessons() {
        let started = start::start_scenario(&lesson)
            .unwrap_or_else(|e| panic!("lesson {} start: {e}", lesson.id));
        out.push((format!("lesson {} start", lesson.id), started));
        let solved = start::solved_document(&lesson)
            .and_then(|d| start::to_scenario(&d))
            .unwrap_or_else(|e| panic!("lesson {} solution: {e}", lesson.id));
        out.push((format!("lesson {} solved", lesson.id), solved));
    }
    out
}

/// The note a failed step must carry, by what failed (None: any note will do).
fn expected_note(step: &Step, code: &str) -> Option<Note> {
    match (step.service, step.operation, code) {
        ("kinesis", "GetRecords", "KMSAccessDeniedException") => Some(Note::KinesisReadDenial),
        ("kinesis", _, "KMSAccessDeniedException") => Some(Note::KinesisPutDenial),
        ("kinesis", _, c) if c.starts_with("KMS") => Some(Note::KinesisKmsError),
        ("kms", "GenerateDataKey" | "Decrypt" | "Encrypt", "KMSInvalidStateException") => {
            Some(Note::KmsPendingDeletion)
        }
        ("kms", _, "NotFoundException") => Some(Note::KmsNotFound),
        ("kms", _, "InvalidCiphertextException") => Some(Note::InvalidCiphertext),
        ("s3", _, c) if c.starts_with("KMS.") => Some(Note::S3KmsError),
        ("firehose", "DeliveryExpired", _) => Some(Note::FirehoseRetention),
        ("kinesis", "RetentionPeriodExpired", _) => Some(Note::RecordsExpired),
        _ => None,
    }
}

/// Checks one run; adds what it saw to `seen` as `service code` strings.
fn check_run(label: &str, sim: &Simulation, seen: &mut BTreeSet<String>) {
    let steps = sim.steps();
    let logs: BTreeMap<u32, String> = sim
        .logs(steps.len())
        .into_iter()
        .map(|l| {
            (
                l.step,
                l.message["errorCode"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for step in steps {
        let at = format!(
            "{label}: step {} {}:{}",
            step.index, step.service, step.operation
        );
        if let Some(code) = logs.get(&step.index) {
            seen.insert(format!("log {code}"));
            let before = step
                .index
                .checked_sub(1)
                .and_then(|i| steps.get(i as usize))
                .and_then(|s| s.outcome.code());
            if before == Some("KMS.KMSInvalidStateException") {
                assert!(
                    step.modelled.contains(Note::FirehoseKeyState),
                    "{at}: {code} without its note"
                );
            } else if !DOCUMENTED_LOG_CODES.contains(&code.as_str()) {
                assert!(
                    !step.modelled.is_empty(),
                    "{at}: logs {code}, undocumented, with no note"
                );
            }
        }
        let Some(code) = step.outcome.code() else {
            continue;
        };
        seen.insert(format!("{} {code}", step.service));
        let documented = DOCUMENTED.contains(&(step.service, code));
        match expected_note(step, code) {
            Some(n) => assert!(step.modelled.contains(n), "{at}: {code} without {n:?}"),
            None if documented => {}
            None => assert!(
                !step.modelled.is_empty(),
                "{at}: {code} is not documented and has no note"
            ),
        }
        // And the other way: KMS's documented refusals carry no error note.
        if step.service == "kms" && documented && code != "ThrottlingException" {
            assert!(
                step.modelled.is_empty(),
                "{at}: documented {code} labelled {:?}",
                step.modelled
            );
        }
    }
}

#[test]
fn every_undocumented_error_carries_its_note() {
    let mut seen = BTreeSet::new();
    for (label, scenario) in scenarios() {
        let mut sim = Simulation::new(&scenario, 1).unwrap_or_else(|e| panic!("{label}: {e}"));
        sim.run_to_end();
        check_run(&label, &sim, &mut seen);
    }
    // The walk met the errors item 12 names (else the check above proves nothing).
    for must in [
        "kinesis KMSAccessDeniedException",
        "kinesis KMSDisabledException",
        "kinesis KMSInvalidStateException",
        "kinesis KMSNotFoundException",
        "kinesis KMSThrottlingException",
        "kms InvalidCiphertextException",
        "kms KMSInvalidStateException",
        "s3 KMS.KMSInvalidStateException",
        "log S3.KMS.NotFoundException",
        "firehose DeliveryExpired",
    ] {
        assert!(seen.contains(must), "no run met {must}; seen: {seen:?}");
    }
}

#[test]
fn invalid_ciphertext_is_sent_without_a_message_and_says_so() {
    let p = presets::all()
        .iter()
        .find(|p| p.name == "tampered-ciphertext")
        .expect("preset");
    let mut sim = Simulation::new(&p.scenario(), 1).unwrap();
    sim.run_to_end();
    let step = sim
        .steps()
        .iter()
        .find(|s| s.outcome.code() == Some("InvalidCiphertextException"))
        .expect("a tampered Decrypt fails");
    let body = sim.response_json(step).expect("error body");
    assert_eq!(
        body,
        serde_json::json!({"__type": "InvalidCiphertextException"})
    );
    assert!(step.modelled.contains(Note::InvalidCiphertext));
}
