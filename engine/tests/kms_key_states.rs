//! KMS follows its key states table (KMS Developer Guide, "Key states of AWS KMS keys",
//! https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html): DescribeKey works
//! on a disabled key and on a key pending deletion; cryptographic operations fail with
//! DisabledException ([1]) or, pending deletion, with DisabledException or
//! KMSInvalidStateException ([2] or [3]; the simulator's choice is labelled); EnableKey,
//! DisableKey and ScheduleKeyDeletion refuse a key pending deletion ([3]); CancelKeyDeletion
//! refuses a key that is not pending deletion ([4]).

use envelope_lab::runtime::notes::Note;
use envelope_lab::sim::{Scenario, Simulation};
use serde_json::{json, Value};

fn scenario() -> Scenario {
    let mut v: Value = serde_json::to_value(Scenario::default()).unwrap();
    v["roles"].as_array_mut().unwrap().push(json!({
        "name": "AuditorRole",
        "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]},
        "inline_policies": [{"name": "Keys", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:DescribeKey", "kms:Encrypt"], "Resource": "*"}]}}]
    }));
    let call = |at: &str, op: &str| json!({"action": "kms_request", "at": at, "role": "AuditorRole", "operation": op, "key": "KinesisKey"});
    let key = |at: &str, action: &str| json!({"action": action, "at": at, "key": "KinesisKey"});
    v["events"] = json!([
        key("1m", "disable_key"),
        call("2m", "DescribeKey"),
        call("2m", "Encrypt"),
        key("3m", "schedule_key_deletion"),
        call("4m", "DescribeKey"),
        call("4m", "Encrypt"),
        key("5m", "schedule_key_deletion"),
        key("6m", "enable_key"),
        key("6m", "disable_key"),
        key("7m", "cancel_key_deletion"),
        key("8m", "cancel_key_deletion"),
        call("9m", "DescribeKey"),
    ]);
    serde_json::from_value(v).unwrap()
}

/// (operation, error code or "ok", error message, modelled notes) of the auditor's and the
/// administrator's steps, in order.
fn calls() -> Vec<(String, String, String, Vec<Note>)> {
    let mut sim = Simulation::new(&scenario(), 1).unwrap();
    sim.run_to_end();
    sim.steps()
        .iter()
        .filter(|s| {
            s.service == "kms" && (s.actor.contains("AuditorRole") || &*s.actor == "Administrator")
        })
        .map(|s| {
            let (code, message) = match &s.outcome {
                envelope_lab::sim::Outcome::Ok => ("ok".to_string(), String::new()),
                envelope_lab::sim::Outcome::Error { code, message } => {
                    (code.to_string(), message.to_string())
                }
            };
            (
                s.operation.to_string(),
                code,
                message,
                s.modelled.iter().collect(),
            )
        })
        .collect()
}

#[test]
fn operations_follow_the_key_states_table() {
    let arn = "arn:aws:kms:ap-northeast-1:123456789012:key/4b1c7e2a-9d3f-4e6a-8b5c-0f1e2d3c4b5a";
    let got = calls();
    let row = |op: &str, code: &str, msg: &str, notes: &[Note]| {
        (
            op.to_string(),
            code.to_string(),
            msg.replace("ARN", arn),
            notes.to_vec(),
        )
    };
    let expected = vec![
        row("DisableKey", "ok", "", &[]),
        // Disabled: DescribeKey works, Encrypt gets [1].
        row("DescribeKey", "ok", "", &[]),
        row("Encrypt", "DisabledException", "ARN is disabled.", &[]),
        row("ScheduleKeyDeletion", "ok", "", &[]),
        // Pending deletion: DescribeKey works, Encrypt gets [2] or [3] (labelled).
        row("DescribeKey", "ok", "", &[]),
        row(
            "Encrypt",
            "KMSInvalidStateException",
            "ARN is pending deletion.",
            &[Note::KmsPendingDeletion],
        ),
        // [3] for management operations on a key pending deletion.
        row(
            "ScheduleKeyDeletion",
            "KMSInvalidStateException",
            "ARN is pending deletion.",
            &[],
        ),
        row(
            "EnableKey",
            "KMSInvalidStateException",
            "ARN is pending deletion.",
            &[],
        ),
        row(
            "DisableKey",
            "KMSInvalidStateException",
            "ARN is pending deletion.",
            &[],
        ),
        // Cancelled: the key is Disabled; cancelling again gets [4].
        row("CancelKeyDeletion", "ok", "", &[]),
        row(
            "CancelKeyDeletion",
            "KMSInvalidStateException",
            "ARN is not pending deletion.",
            &[],
        ),
        row("DescribeKey", "ok", "", &[]),
    ];
    assert_eq!(got, expected);
}
