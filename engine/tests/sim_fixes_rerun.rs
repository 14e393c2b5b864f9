//! "Verified" checked from outside the engine (issue 19 §1, §9): every option of every
//! failure of every preset (and of a small corpus of our own) is applied here from its JSON
//! Patch, the edited scenario is run here over a longer horizon than the failing run (more
//! invocations, counted here, not by the engine), and this file's own notion of "the same
//! failure" (the operation, the caller's role and, for a KMS call, the service it came
//! through — never the key) must be gone, with no producer delivering fewer records than
//! the unedited scenario over the same horizon. The expected kinds of option per case are
//! written by hand.

use std::collections::{BTreeMap, BTreeSet};

use envelope_lab::lessons::patch;
use envelope_lab::runtime::trace::StepDetail;
use envelope_lab::sim::fixes::{fix_all, DenialFixes, FixCache};
use envelope_lab::sim::{presets, Scenario, SimOptions, Simulation};
use serde_json::{json, Value};

/// A failure as this file recognises it again: service, operation, caller's role, and the
/// service a KMS call came through (or the empty string).
type Class = (String, String, String, String);

fn role_of(principal: &str) -> String {
    match principal.split_once(":assumed-role/") {
        Some((_, rest)) => rest.split('/').next().unwrap_or(rest).to_string(),
        None => principal.to_string(),
    }
}

/// A KMS call's purpose is the service that made it for the caller: the service of the
/// step it is nested under (PutRecord → Kinesis, PutObject → S3), or none (direct).
fn class(sim: &Simulation, index: u32) -> Class {
    let s = &sim.steps()[index as usize];
    let via = match (s.detail, s.parent) {
        (StepDetail::Kms { .. }, Some(p)) => sim.steps()[p as usize].service.to_string(),
        (StepDetail::Kms { .. }, None) => "direct".to_string(),
        _ => String::new(),
    };
    (
        s.service.to_string(),
        s.operation.to_string(),
        role_of(&s.principal),
        via,
    )
}

fn classes(sim: &Simulation) -> Vec<(u32, Class)> {
    sim.steps()
        .iter()
        .filter(|s| !s.outcome.is_ok())
        .map(|s| (s.index, class(sim, s.index)))
        .collect()
}

/// This file's longer horizon: every producer invoked twice as often, and two more times.
fn longer(doc: &Value) -> Value {
    let mut out = doc.clone();
    for p in out["producers"].as_array_mut().into_iter().flatten() {
        let n = p.get("invocations").and_then(Value::as_u64).unwrap_or(1);
        p["invocations"] = json!(n * 2 + 2);
    }
    out
}

fn run_doc(doc: &Value, seed: u64) -> Simulation {
    let scenario = Scenario::from_json(&doc.to_string()).expect("valid scenario");
    let mut sim = Simulation::with_options(&scenario, seed, SimOptions::default()).expect("runs");
    sim.run_to_end();
    sim
}

fn delivered(sim: &Simulation) -> Vec<u64> {
    sim.summary()
        .producers
        .iter()
        .map(|p| p.delivered)
        .collect()
}

/// A hand-written corpus: (name, scenario document, seed).
fn corpus() -> Vec<(String, Value, u64)> {
    let mut out: Vec<(String, Value, u64)> = presets::all()
        .iter()
        .map(|p| {
            let doc = serde_json::to_value(p.scenario()).expect("JSON");
            (p.name.to_string(), doc, 1)
        })
        .collect();
    // The destination role may use no KMS key but the Kinesis key (issue 19 §1): pointing
    // Firehose at alias/aws/s3 meets the same explicit deny there.
    let mut doc = serde_json::to_value(Scenario::default()).expect("JSON");
    let kinesis_key = "arn:aws:kms:ap-northeast-1:123456789012:key/".to_string()
        + envelope_lab::sim::scenario::KINESIS_KEY_ID;
    let dest = doc["roles"]
        .as_array()
        .and_then(|r| {
            r.iter()
                .position(|x| x["name"] == "KinesisS3DestinationRole")
        })
        .expect("destination role");
    doc["roles"][dest]["inline_policies"][0]["document"]["Statement"]
        .as_array_mut()
        .expect("statements")
        .push(json!({"Sid": "OnlyTheStreamKey", "Effect": "Deny", "Action": "kms:*", "NotResource": kinesis_key}));
    out.push((
        "corpus: destination denied every key but the stream's".into(),
        doc,
        1,
    ));
    // The key policy allows objects under archive/ only, Firehose writes under firehose/
    // (issue 19 §1): adding this one object's ARN to the condition lets the first delivery
    // through and not the next, which only a longer re-run sees.
    let mut doc =
        serde_json::to_value(presets::get("bucket-key-context-condition").unwrap()).expect("JSON");
    doc["buckets"][0]["default_encryption"]["bucket_key"] = json!(false);
    let s3 = doc["keys"]
        .as_array()
        .and_then(|k| k.iter().position(|x| x["name"] == "S3Key"))
        .expect("S3Key");
    doc["keys"][s3]["policy"]["Statement"][0]["Condition"]["StringLike"]
        ["kms:EncryptionContext:aws:s3:arn"] = json!("arn:aws:s3:::dva-02-005/archive/*");
    out.push((
        "corpus: context condition for another prefix".into(),
        doc,
        1,
    ));
    out
}

/// The kinds of option each case offers for its first failure, written by hand (as a set:
/// the order is the policy engine's to choose). A kind that vanishes (a statement index off
/// by one, a condition key's case) or appears where it does not fix anything fails here.
const EXPECTED_KINDS: &[(&str, &[&str])] = &[
    ("happy-path", &[]),
    ("sse-off", &[]),
    ("aws-managed-kinesis-key", &[]),
    ("sse-enabled-mid-stream", &[]),
    (
        "producer-missing-generate-data-key",
        &[
            "identity_statement",
            "key_policy_statement",
            "grant",
            "use_aws_managed_key",
        ],
    ),
    (
        "firehose-source-missing-decrypt",
        &[
            "identity_statement",
            "key_policy_statement",
            "grant",
            "use_aws_managed_key",
        ],
    ),
    (
        "s3-destination-missing-kms",
        &[
            "identity_statement",
            "key_policy_statement",
            "use_aws_managed_key",
        ],
    ),
    ("kinesis-key-disabled", &["enable_key"]),
    ("kinesis-key-disabled-mid-run", &["remove_event"]),
    (
        "kinesis-key-pending-deletion",
        &["cancel_key_deletion", "enable_key"],
    ),
    ("kinesis-key-deleted", &["use_aws_managed_key"]),
    // Lesson 12's answer (StringNotEquals kms:ViaService added to the Deny) is offered.
    (
        "explicit-deny",
        &["deny_exception", "remove_deny", "use_aws_managed_key"],
    ),
    (
        "via-service-mismatch",
        &[
            "change_call",
            "identity_statement",
            "key_policy_statement",
            "grant",
            "widen_condition",
        ],
    ),
    // Firehose's key set to alias/aws/s3 fixes it; the bucket's default key so set does not
    // (Firehose's own setting wins) and is rejected by the re-run.
    (
        "bucket-key-context-condition",
        &[
            "identity_statement",
            "key_policy_statement",
            "grant",
            "context_condition",
            "disable_bucket_key",
            "use_aws_managed_key",
        ],
    ),
    // Readers of objects already written: another key re-encrypts nothing.
    (
        "reader-missing-decrypt",
        &["identity_statement", "key_policy_statement"],
    ),
    ("tampered-ciphertext", &["original_ciphertext"]),
    ("wrong-encryption-context", &["matching_context"]),
    ("kms-throttling", &["raise_kms_quota", "lower_concurrency"]),
    ("mixed-bucket-encryption", &[]),
    ("producer-put-records", &[]),
    // Replacing the principal would take the other service's access away: not offered.
    ("lambda-role-trust-denied", &["trust_statement"]),
    ("firehose-source-role-trust-denied", &["trust_statement"]),
    (
        "firehose-destination-role-trust-denied",
        &["trust_statement"],
    ),
    // The copy asks for SSE-KMS (change_call); Firehose gets its own KMS setting.
    (
        "bucket-policy-require-sse-kms",
        &["change_call", "deny_exception", "remove_deny"],
    ),
    (
        "bucket-policy-deny-missing-sse-header",
        &["change_call", "remove_deny"],
    ),
    (
        "bucket-policy-null-with-default-encryption",
        &["firehose_encryption", "remove_deny"],
    ),
    (
        "bucket-policy-require-this-key",
        &["change_call", "remove_deny"],
    ),
    // Client-side encryption (issue [5/6]): the producer's own GenerateDataKey is direct,
    // so the ViaService-only key policy needs a statement (or grant) for the direct call.
    ("client-side-happy-path", &[]),
    (
        "client-side-key-via-service-only",
        &["key_policy_statement", "grant", "widen_condition"],
    ),
    (
        "client-side-reader-missing-decrypt",
        &["identity_statement", "key_policy_statement", "grant"],
    ),
    (
        "client-side-wrong-encryption-context",
        &["required_context"],
    ),
    ("client-side-tampered-object", &["original_ciphertext"]),
    ("client-side-caching", &[]),
    ("client-side-both-layers", &[]),
    // alias/aws/s3 meets the same Deny: the key is not part of "the same failure".
    (
        "corpus: destination denied every key but the stream's",
        &["deny_exception", "remove_deny"],
    ),
    // Not context_condition: it adds this one object's ARN, and the next object fails.
    (
        "corpus: context condition for another prefix",
        &[
            "identity_statement",
            "key_policy_statement",
            "use_aws_managed_key",
        ],
    ),
    ("rcp-data-perimeter", &["remove_deny"]),
    ("scp-deny-key-deletion", &["deny_exception", "remove_deny"]),
    // Cross-account (issue [4/6]): the missing half in the right account: the producer
    // account's IAM, or the data account's key policy (a new statement for the producer's
    // role, or the ViaService statement's kms:CallerAccount widened to it); a bucket whose
    // objects stay the writer's gets BucketOwnerEnforced in the bucket owner's account.
    ("org-central-log-archive", &[]),
    ("org-cross-account-producer", &[]),
    ("org-mistake-iam-missing", &["identity_statement"]),
    (
        "org-mistake-key-policy-missing",
        &["key_policy_statement", "widen_condition"],
    ),
    ("org-mistake-object-writer", &["bucket_owner_enforced"]),
    // An SCP level without an Allow: a new SCP at that OU allowing exactly the action (a
    // change of a control; the allow-list already there is left as it is).
    ("org-mistake-scp-ou-level", &["scp_statement"]),
];

#[test]
fn every_option_of_every_case_clears_its_failure_in_an_independent_longer_rerun() {
    let mut checked = 0;
    let mut kinds_seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, doc, seed) in corpus() {
        let sim = run_doc(&doc, seed);
        let base = delivered(&run_doc(&longer(&doc), seed));
        let mut cache = FixCache::new();
        let mut seen = BTreeSet::new();
        for (step, c) in classes(&sim) {
            if !seen.insert(c.clone()) {
                continue;
            }
            let fixes: DenialFixes = cache.fixes_for(&sim, step).expect("a failure's fixes");
            let cause = class(&sim, fixes.cause);
            kinds_seen.entry(name.clone()).or_insert_with(|| {
                fixes
                    .options
                    .iter()
                    .map(|o| o.kind.as_str().into())
                    .collect()
            });
            assert!(
                !fixes.options.is_empty() || fixes.no_fix_reason.is_some(),
                "{name}: {c:?} has neither an option nor a reason"
            );
            for o in &fixes.options {
                let what = format!("{name}: {} for {c:?}", o.kind.as_str());
                let edited = patch::apply(&doc, &o.edits)
                    .unwrap_or_else(|e| panic!("{what}: does not apply: {e}"));
                let rerun = run_doc(&longer(&edited), seed);
                let as_is = run_doc(&edited, seed);
                let first_left = classes(&as_is)
                    .into_iter()
                    .find(|(i, _)| as_is.steps()[*i as usize].parent.is_none());
                assert!(rerun.is_finished(), "{what}: the re-run did not finish");
                let left: Vec<Class> = classes(&rerun).into_iter().map(|x| x.1).collect();
                assert!(
                    !left.contains(&c) && !left.contains(&cause),
                    "{what}: still fails in a longer re-run"
                );
                let after = delivered(&rerun);
                for (i, b) in base.iter().enumerate() {
                    assert!(
                        after[i] >= *b,
                        "{what}: producer {i} delivers {} < {b}",
                        after[i]
                    );
                }
                // The edited run's first failure (at its own horizon) is the one the option
                // names as where the run stops next.
                match (first_left, &o.next_failure) {
                    (None, None) => {}
                    (Some((_, (_, op, _, _))), Some(t)) => assert!(
                        t.en().contains(op.as_str()),
                        "{what}: next failure {} does not name {op}",
                        t.en()
                    ),
                    (got, said) => {
                        panic!("{what}: next failure {got:?} but the option says {said:?}")
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "only {checked} options re-run");
    for (name, _, _) in corpus() {
        let want: BTreeSet<&str> = EXPECTED_KINDS
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name}: no expected kinds written"))
            .1
            .iter()
            .copied()
            .collect();
        let got: BTreeSet<&str> = kinds_seen
            .get(&name)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn fix_all_lists_one_fix_per_failure_in_order_and_applies_as_one_patch() {
    // The producer lacks GenerateDataKey; once it has it, Firehose's Decrypt fails.
    let doc = serde_json::to_value(presets::get("producer-missing-generate-data-key").unwrap())
        .expect("JSON");
    let first = classes(&run_doc(&doc, 1));
    assert_eq!(first[0].1 .1, "PutRecord", "the producer fails first");
    let all = fix_all(&doc, 1, Default::default()).expect("fix all");
    assert!(all.steps.len() >= 2, "{} fixes", all.steps.len());
    assert!(all.remaining.is_none(), "{:?}", all.remaining);
    assert!(all.steps[0].failure.en().contains("GenerateDataKey"));
    assert!(
        all.steps[1].failure.en().contains("Decrypt")
            || all.steps[1].failure.en().contains("GetRecords")
    );
    // The first fix says the run then stops at the second failure.
    let next = all.steps[0]
        .option
        .next_failure
        .as_ref()
        .expect("a next failure");
    assert!(
        next.en().contains("GetRecords") || next.en().contains("Decrypt"),
        "{}",
        next.en()
    );
    // One patch on the scenario: applied here, the run has no failure and delivers all.
    let fixed = patch::apply(&doc, &all.edits).expect("one patch");
    assert_eq!(fixed, all.scenario);
    let sim = run_doc(&fixed, 1);
    assert!(classes(&sim).is_empty());
    assert_eq!(
        sim.summary().records.delivered,
        sim.summary().records.produced
    );
}

#[test]
fn fix_all_over_every_preset_ends_without_a_failure_or_says_what_is_left() {
    for p in presets::all() {
        let doc = serde_json::to_value(p.scenario()).expect("JSON");
        let all = fix_all(&doc, 1, Default::default()).expect("fix all");
        let sim = run_doc(&all.scenario, 1);
        let failures = classes(&sim);
        assert!(
            failures.is_empty() == all.remaining.is_none(),
            "{}: {} failures left, remaining {:?}",
            p.name,
            failures.len(),
            all.remaining
        );
        if !all.steps.is_empty() {
            let once = patch::apply(&doc, &all.edits).expect("one patch");
            assert_eq!(once, all.scenario, "{}", p.name);
        }
    }
}
