//! Guardrails first in a run's Fix tab (issue 19 §3): the run's options keep the policy
//! engine's measure of a control (`changes_control`) and its order (rank), with the run's
//! own setting options placed among them, so an option that removes a Deny is never offered
//! before one that keeps it; and where the intent is to change how the call is made (call
//! through the service, send the SSE-KMS headers the bucket policy asks for), that comes
//! first. Each first option is applied here from its JSON Patch and the whole scenario is
//! re-run over a longer horizon, judged by the run's own summary.

use envelope_lab::sim::fixes::{DenialFixes, FixOption};
use envelope_lab::sim::{presets, Scenario, SimOptions, Simulation};
use serde_json::Value;

fn run(scenario: &Scenario) -> Simulation {
    let mut sim = Simulation::with_options(scenario, 1, SimOptions::default()).expect("runs");
    sim.run_to_end();
    sim
}

fn first_failure_fixes(sim: &Simulation) -> DenialFixes {
    let step = sim
        .steps()
        .iter()
        .find(|s| !s.outcome.is_ok())
        .expect("a failure")
        .index;
    sim.fixes_for(step).expect("fixes")
}

fn kinds(f: &DenialFixes) -> Vec<&'static str> {
    f.options.iter().map(|o| o.kind.as_str()).collect()
}

/// The statements an option's edits remove or replace (from the JSON Patch, not the kind).
fn removes_deny(o: &FixOption, doc: &Value) -> bool {
    o.edits.iter().any(|e| match e {
        envelope_lab::patch::Edit::Remove { path } => {
            envelope_lab::patch::get(doc, path)
                .and_then(|s| s.get("Effect"))
                .and_then(Value::as_str)
                == Some("Deny")
        }
        _ => false,
    })
}

#[test]
fn an_explicit_deny_guardrail_is_never_removed_by_the_first_option() {
    for name in [
        "explicit-deny",
        "bucket-policy-require-sse-kms",
        "bucket-policy-deny-missing-sse-header",
        "bucket-policy-null-with-default-encryption",
        "bucket-policy-require-this-key",
    ] {
        let scenario = presets::get(name).expect("preset");
        let doc = serde_json::to_value(&scenario).expect("JSON");
        let sim = run(&scenario);
        let f = first_failure_fixes(&sim);
        assert!(!f.options.is_empty(), "{name}: no option");
        let first = &f.options[0];
        assert!(
            !removes_deny(first, &doc) && first.kind.as_str() != "remove_deny",
            "{name}: the first option removes the Deny: {:?}",
            kinds(&f)
        );
        // Every option that removes the Deny comes after every one that does not, and says
        // it changes a control.
        let removing: Vec<usize> = (0..f.options.len())
            .filter(|&i| removes_deny(&f.options[i], &doc))
            .collect();
        if let Some(&at) = removing.first() {
            assert!(
                (at..f.options.len()).all(|i| removing.contains(&i)),
                "{name}: {:?}",
                kinds(&f)
            );
        }
        for &i in &removing {
            assert!(f.options[i].changes_control, "{name}: option {i}");
        }
    }
}

#[test]
fn the_run_keeps_the_policy_engines_measure_of_a_control() {
    // The exception narrows the Deny: a control, though no statement is removed.
    let sim = run(&presets::get("explicit-deny").expect("preset"));
    let f = first_failure_fixes(&sim);
    assert_eq!(kinds(&f)[0], "deny_exception", "{:?}", kinds(&f));
    assert!(f.options[0].changes_control);
    assert_eq!(
        kinds(&f).last().copied(),
        Some("remove_deny"),
        "{:?}",
        kinds(&f)
    );
    assert!(!f.options[1].changes_control, "{:?}", kinds(&f));
    // Written for the command line the same way.
    for o in &f.options {
        assert_eq!(o.written().changes_control, o.changes_control);
    }
    // A direct statement where the key allows the role only through Kinesis bypasses that
    // scoping: the engine says so, and the run keeps it.
    let sim = run(&presets::get("via-service-mismatch").expect("preset"));
    let f = first_failure_fixes(&sim);
    let grant = f
        .options
        .iter()
        .find(|o| o.kind.as_str() == "grant")
        .expect("a grant option");
    assert!(grant.changes_control, "{:?}", kinds(&f));
    assert!(grant.explanation.en().contains("bypasses"));
}

/// The scenario with every producer invoked twice as often and two more times.
fn longer(doc: &Value) -> Value {
    let mut out = doc.clone();
    for p in out["producers"].as_array_mut().into_iter().flatten() {
        let n = p.get("invocations").and_then(Value::as_u64).unwrap_or(1);
        p["invocations"] = serde_json::json!(n * 2 + 2);
    }
    out
}

fn run_doc(doc: &Value) -> Simulation {
    run(&Scenario::from_json(&doc.to_string()).expect("valid scenario"))
}

fn failed_steps(sim: &Simulation) -> Vec<String> {
    sim.steps()
        .iter()
        .filter(|s| !s.outcome.is_ok())
        .map(|s| format!("{} {} {}", s.index, s.service, s.operation))
        .collect()
}

/// The first option applied from its JSON Patch, run over a longer horizon: no step fails,
/// and every record produced is delivered.
fn first_option_fixes_the_run(name: &str, want: &str) -> (FixOption, Value) {
    let scenario = presets::get(name).expect("preset");
    let doc = serde_json::to_value(&scenario).expect("JSON");
    let sim = run(&scenario);
    let f = first_failure_fixes(&sim);
    let first = f.options[0].clone();
    assert_eq!(first.kind.as_str(), want, "{name}: {:?}", kinds(&f));
    assert!(first.verified && !first.changes_control, "{name}");
    let edited = envelope_lab::lessons::patch::apply(&doc, &first.edits).expect("applies");
    // No policy document is touched.
    for pointer in ["/roles", "/keys", "/buckets"] {
        assert_eq!(
            envelope_lab::patch::get(&doc, pointer),
            envelope_lab::patch::get(&edited, pointer),
            "{name}: {pointer} changed"
        );
    }
    let rerun = run_doc(&longer(&edited));
    assert!(rerun.is_finished(), "{name}");
    assert!(
        failed_steps(&rerun).is_empty(),
        "{name}: {:?}",
        failed_steps(&rerun)
    );
    let s = rerun.summary();
    assert!(s.records.produced > 0);
    assert_eq!(s.records.delivered, s.records.produced, "{name}");
    (first, edited)
}

#[test]
fn a_direct_call_the_key_allows_only_through_kinesis_is_fixed_by_calling_through_kinesis() {
    // Issue 19 §3: via-service-mismatch offered the producer direct GenerateDataKey first,
    // which is what lesson 7 teaches the key policy forbids.
    let (first, edited) = first_option_fixes_the_run("via-service-mismatch", "change_call");
    assert!(first.explanation.en().contains("No policy change needed"));
    assert!(first.explanation.en().contains("kms:ViaService kinesis."));
    assert!(first
        .explanation
        .get("ja")
        .contains("ポリシーの変更は不要です"));
    // The direct KMS event is gone; the producer still puts its records through Kinesis.
    let direct = |d: &Value| {
        d["events"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["action"] == "kms_request")
            .count()
    };
    let doc = serde_json::to_value(presets::get("via-service-mismatch").unwrap()).unwrap();
    assert_eq!(direct(&doc), 1);
    assert_eq!(direct(&edited), 0);
    // Every later option that lets the role call directly says it bypasses the control.
    let sim = run(&presets::get("via-service-mismatch").unwrap());
    let f = first_failure_fixes(&sim);
    for o in &f.options[1..] {
        assert!(o.changes_control, "{}", o.kind.as_str());
    }
}

#[test]
fn the_null_gotcha_is_fixed_by_firehose_sending_the_encryption_header() {
    // Issue 20 §1: relying on the bucket's default encryption sends no
    // x-amz-server-side-encryption header, so the Null Deny refuses Firehose's uploads.
    let (first, edited) = first_option_fixes_the_run(
        "bucket-policy-null-with-default-encryption",
        "firehose_encryption",
    );
    assert!(
        first.modelled.is_some(),
        "which headers Firehose sends is modelled"
    );
    assert_eq!(
        edited["delivery_streams"][0]["encryption"]["kms_key"], "S3Key",
        "the key the bucket's default encryption uses"
    );
    assert!(first.explanation.en().contains("KMSEncryptionConfig"));
    assert!(first.explanation.en().contains("encrypted as before"));
    assert!(first
        .explanation
        .get("ja")
        .contains("これまでどおりに暗号化されます"));
    // The edited run's PutObject carries the header the Deny looks for.
    let sim = run_doc(&edited);
    let put = sim
        .steps()
        .iter()
        .find(|s| s.operation == "PutObject")
        .expect("a PutObject");
    assert!(put.outcome.is_ok());
    let req = sim.cloud().build_request(&put.auth.expect("authorized"));
    let sse = req
        .context
        .iter()
        .find(|(k, _)| *k == "s3:x-amz-server-side-encryption")
        .map(|(_, v)| format!("{v:?}"));
    assert!(
        sse.is_some_and(|v| v.contains("aws:kms")),
        "{:?}",
        req.context
    );
}

#[test]
fn a_copy_refused_by_the_bucket_policy_is_fixed_by_asking_for_sse_kms() {
    for name in [
        "bucket-policy-require-sse-kms",
        "bucket-policy-deny-missing-sse-header",
        "bucket-policy-require-this-key",
    ] {
        let (first, edited) = first_option_fixes_the_run(name, "change_call");
        let copy = edited["events"]
            .as_array()
            .and_then(|e| e.iter().find(|e| e["action"] == "copy_in_place"))
            .expect("the copy");
        assert_eq!(copy["sse"], "aws:kms", "{name}");
        assert_eq!(copy["kms_key"], "S3Key", "{name}");
        assert!(first
            .explanation
            .en()
            .contains("x-amz-server-side-encryption-aws-kms-key-id"));
    }
}

#[test]
fn an_option_that_points_to_another_option_has_one() {
    // The trust statement said "the next option replaces it instead" while replacing the
    // principal is always rejected (it takes the other service's access away).
    for p in presets::all() {
        let sim = run(&p.scenario());
        let Some(step) = sim.steps().iter().find(|s| !s.outcome.is_ok()) else {
            continue;
        };
        let f = sim.fixes_for(step.index).expect("fixes");
        for (i, o) in f.options.iter().enumerate() {
            if o.explanation.en().contains("next option") {
                assert!(
                    i + 1 < f.options.len(),
                    "{}: {}",
                    p.name,
                    o.explanation.en()
                );
            }
            assert!(
                !o.explanation.get("ja").contains("次の選択肢"),
                "{}",
                p.name
            );
        }
    }
    let sim = run(&presets::get("lambda-role-trust-denied").unwrap());
    let f = first_failure_fixes(&sim);
    assert!(f.options[0]
        .explanation
        .en()
        .contains("not offered as a fix"));
    assert!(f
        .rejected
        .iter()
        .any(|r| r.kind.as_str() == "trust_principal"));
}
