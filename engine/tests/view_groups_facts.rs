//! The grouped timeline and failure navigation checked from outside (issue 21 §7): two
//! Firehose errors with the same code and different causes stay apart, each with its own
//! message; a group never mixes OK and failed steps, nor two messages at one position; next
//! and previous failure from an open step land on the neighbouring failures, computed here
//! by a plain scan of the steps.

use envelope_lab::sim::view::{RowFilter, TimelineEntry};
use envelope_lab::sim::{presets, Scenario, Simulation, Step};
use serde_json::{json, Value};

fn run(s: &Scenario) -> Simulation {
    let mut sim = Simulation::new(s, 1).expect("builds");
    sim.run_to_end();
    sim
}

/// A copy of role `from` of scenario `v`, named `to`.
fn role_like(v: &Value, from: &str, to: &str) -> Value {
    let mut role = v["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == from)
        .unwrap()
        .clone();
    role["name"] = json!(to);
    role
}

/// Two Firehose streams on the seed's stream, each refused by Kinesis for a different
/// reason: one cannot assume its source role (the trust policy names Lambda), the other
/// assumes its role but may not call GetRecords. Firehose logs Kinesis.AccessDenied for both.
fn two_access_denied_causes() -> Scenario {
    let s = presets::get("firehose-source-role-trust-denied").unwrap();
    let mut v = serde_json::to_value(s).unwrap();
    let mut role = role_like(&v, "KinesisStreamSourceRole", "NoGetRecordsRole");
    role["trust_policy"] = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    role["inline_policies"] = json!([{"name": "NoGetRecords", "document": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:ListShards"], "Resource": "*"}]}}]);
    role.as_object_mut().unwrap().remove("attached_policies");
    v["roles"].as_array_mut().unwrap().push(role);
    let mut other = v["delivery_streams"][0].clone();
    other["name"] = json!("dva-02-005-Second");
    other["source_role"] = json!("NoGetRecordsRole");
    other["prefix"] = json!("second/");
    // Same log group: the destination role may write only there.
    v["delivery_streams"].as_array_mut().unwrap().push(other);
    serde_json::from_value(v).unwrap()
}

#[test]
fn two_access_denied_causes_stay_two_errors_with_their_own_messages() {
    let sim = run(&two_access_denied_causes());
    let errors = sim.summary().firehose_errors;
    let denied: Vec<_> = errors
        .iter()
        .filter(|e| e.error_code == "Kinesis.AccessDenied")
        .collect();
    assert_eq!(denied.len(), 2, "{errors:?}");
    assert_ne!(denied[0].message, denied[1].message);
    // Each message is the one its own cause produced (the trust policy names the role; the
    // IAM refusal is Firehose's documented sentence).
    let trust = denied
        .iter()
        .find(|e| e.message.contains("KinesisStreamSourceRole"))
        .expect("the trust-policy error names its role");
    let iam = denied
        .iter()
        .find(|e| {
            e.message
                .starts_with("Access was denied when calling Kinesis")
        })
        .expect("the IAM refusal keeps Firehose's sentence");
    assert!(trust.count > 0 && iam.count > 0);
    // The log view lists each event with its own message, in time order.
    let logs = sim.logs(sim.steps().len());
    let messages: std::collections::BTreeSet<_> = logs
        .iter()
        .filter(|l| l.message["errorCode"] == "Kinesis.AccessDenied")
        .map(|l| l.message["message"].to_string())
        .collect();
    assert_eq!(messages.len(), 2);
}

/// (actor, operation, code, message) of a row: what must be equal at one position of every
/// repetition of a group.
fn shape(steps: &[Step], row: usize) -> (String, &'static str, Option<&'static str>, String) {
    let s = &steps[row];
    let message = match &s.outcome {
        envelope_lab::sim::Outcome::Error { message, .. } => message.to_string(),
        envelope_lab::sim::Outcome::Ok => String::new(),
    };
    (s.actor.to_string(), s.operation, s.outcome.code(), message)
}

fn check_groups(name: &str, sim: &Simulation) {
    let steps = sim.steps();
    for filter in [RowFilter::All, RowFilter::Failures] {
        for e in sim.timeline(&filter) {
            let TimelineEntry::Repeated(g) = e else {
                continue;
            };
            assert_eq!(g.rows.len(), g.period * g.repeats, "{name}");
            let ok: Vec<bool> = g.rows.iter().map(|&r| steps[r].outcome.is_ok()).collect();
            for (i, &r) in g.rows.iter().enumerate() {
                let first = g.rows[i % g.period];
                assert_eq!(
                    shape(steps, r),
                    shape(steps, first),
                    "{name}: row {r} differs from row {first} of its group"
                );
                // Position by position, a group is all OK or all failed.
                assert_eq!(ok[i], ok[i % g.period], "{name}: group mixes OK and failed");
            }
        }
    }
}

/// A reader refused two objects in a row: the same actor, operation and code, two messages
/// (each names its object).
fn two_objects_refused() -> Scenario {
    let s = presets::get("mixed-bucket-encryption").unwrap();
    let mut v = serde_json::to_value(s).unwrap();
    let mut role = role_like(&v, "BatchCopyRole", "AnalystRole");
    role["inline_policies"] = json!([{"name": "ListOnly", "document": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::dva-02-005"}]}}]);
    v["roles"].as_array_mut().unwrap().push(role);
    v["readers"] =
        json!([{"role": "AnalystRole", "at": "5m", "bucket": "dva-02-005", "prefix": "legacy/"}]);
    serde_json::from_value(v).unwrap()
}

#[test]
fn a_group_never_mixes_ok_and_failed_steps_or_two_messages() {
    for p in presets::all() {
        let sim = run(&p.scenario());
        check_groups(p.name, &sim);
    }
    check_groups("two causes", &run(&two_access_denied_causes()));
    let sim = run(&two_objects_refused());
    let refused: Vec<usize> = sim
        .steps()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.operation == "GetObject" && !s.outcome.is_ok())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(refused.len(), 2, "both legacy objects are refused");
    check_groups("two objects", &sim);
}

#[test]
fn a_group_of_failures_is_only_failures() {
    let sim = run(&presets::get("firehose-source-missing-decrypt").unwrap());
    let steps = sim.steps();
    let groups: Vec<_> = sim
        .timeline(&RowFilter::Failures)
        .into_iter()
        .filter_map(|e| match e {
            TimelineEntry::Repeated(g) => Some(g),
            _ => None,
        })
        .collect();
    assert!(!groups.is_empty(), "a day of failed reads is grouped");
    for g in groups {
        assert!(g.rows.iter().all(|&r| !steps[r].outcome.is_ok()));
    }
}

/// The failed rows, by a plain scan.
fn failed_rows(sim: &Simulation) -> Vec<usize> {
    sim.steps()
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.outcome.is_ok())
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn next_and_previous_failure_from_an_open_step_are_the_neighbours() {
    for name in [
        "kinesis-key-disabled-mid-run",
        "producer-missing-generate-data-key",
        "firehose-source-missing-decrypt",
    ] {
        let sim = run(&presets::get(name).unwrap());
        let failed = failed_rows(&sim);
        assert!(failed.len() >= 2, "{name}");
        assert_eq!(sim.next_failure(None), Some(failed[0]), "{name}");
        for (i, &r) in failed.iter().enumerate() {
            // From a failed step that is open: the next and previous ones, never itself.
            assert_eq!(
                sim.next_failure(Some(r)),
                failed.get(i + 1).copied(),
                "{name} next from {r}"
            );
            let prev = i.checked_sub(1).map(|j| failed[j]);
            assert_eq!(sim.previous_failure(r), prev, "{name} previous from {r}");
        }
        // From an OK step just before or after a failure.
        let r = failed[1];
        if r > 0 && !failed.contains(&(r - 1)) {
            assert_eq!(sim.next_failure(Some(r - 1)), Some(r), "{name}");
        }
        if !failed.contains(&(r + 1)) && r + 1 < sim.steps().len() {
            assert_eq!(sim.previous_failure(r + 1), Some(r), "{name}");
        }
    }
}

#[test]
fn the_first_and_last_failures_have_no_neighbour_beyond_them() {
    let sim = run(&presets::get("producer-missing-generate-data-key").unwrap());
    let failed = failed_rows(&sim);
    let last = *failed.last().unwrap();
    assert_eq!(sim.next_failure(Some(last)), None);
    assert_eq!(sim.previous_failure(failed[0]), None);
}
