//! Cross-account pipelines in the simulation (issue [4/6]), checked from outside the engine:
//! each preset's decisions and the account it names, the condition keys a cross-account
//! request carries (proved by policies that test them), S3 Object Ownership, and the fixes of
//! a cross-account denial landing in the right account. Expected outcomes come from the AWS
//! pages, not from the engine:
//! - IAM User Guide, "Cross-account policy evaluation logic": a request from account A to a
//!   resource of account B needs A's identity-based policy and B's resource-based policy.
//! - KMS Developer Guide, "Allowing users in other accounts to use a KMS key": the key
//!   policy must allow the external account (or its principal) and the external account's
//!   IAM policy must allow; neither alone is enough.
//! - Kinesis Data Streams Developer Guide, "Share access using resource-based policies".
//! - S3 User Guide, "Controlling ownership of objects and disabling ACLs for your bucket"
//!   (BucketOwnerEnforced: the bucket owner owns every object; ObjectWriter: the writing
//!   account owns it) and "Bucket policies for Amazon S3" (a bucket policy's permissions do
//!   not apply to objects other accounts own).

use envelope_lab::sim::fixes::FixCache;
use envelope_lab::sim::{presets, Scenario, Simulation};
use serde_json::{json, Value};

const WORKLOAD: &str = "123456789012";
const LOG_ARCHIVE: &str = "222222222222";
const PRODUCER: &str = "333333333333";

fn run(s: &Scenario) -> Simulation {
    let mut sim = Simulation::new(s, 1).expect("builds");
    sim.run_to_end();
    assert!(sim.is_finished());
    sim
}

fn preset(name: &str) -> Scenario {
    presets::get(name).unwrap_or_else(|| panic!("preset {name}"))
}

/// Rows of the steps `service:operation` (in trace order).
fn rows(sim: &Simulation, service: &str, operation: &str) -> Vec<usize> {
    sim.steps()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.service == service && s.operation == operation)
        .map(|(i, _)| i)
        .collect()
}

/// The summary's denials as (service:operation, error code, denied_by JSON).
fn denials(sim: &Simulation) -> Vec<(String, String, Value)> {
    let v = serde_json::to_value(sim.summary()).unwrap();
    v["denials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                format!(
                    "{}:{}",
                    d["service"].as_str().unwrap(),
                    d["operation"].as_str().unwrap()
                ),
                d["error_code"].as_str().unwrap().to_string(),
                d["denied_by"].clone(),
            )
        })
        .collect()
}

fn delivered(sim: &Simulation) -> u64 {
    serde_json::to_value(sim.summary()).unwrap()["records"]["delivered"]
        .as_u64()
        .unwrap()
}

#[test]
fn the_presets_have_the_names_the_course_uses() {
    for name in [
        "org-central-log-archive",
        "org-cross-account-producer",
        "org-mistake-iam-missing",
        "org-mistake-key-policy-missing",
        "org-mistake-object-writer",
        "org-mistake-scp-ou-level",
    ] {
        let p = presets::find(name).unwrap_or_else(|| panic!("{name}"));
        assert!(p.description.missing().is_empty(), "{name}: both languages");
        assert_ne!(p.description.en(), p.description.get("ja"), "{name}");
    }
}

#[test]
fn central_log_archive_runs_clean_with_both_accounts_allowing() {
    let sim = run(&preset("org-central-log-archive"));
    assert!(denials(&sim).is_empty(), "{:?}", denials(&sim));
    assert_eq!(delivered(&sim), 10);
    // Firehose's PutObject: the workload's role on the log-archive account's bucket, allowed
    // by the role's policy and the bucket policy together.
    let put = rows(&sim, "s3", "PutObject");
    assert!(!put.is_empty());
    let e = sim
        .authorization_at(put[0])
        .expect("PutObject is authorized");
    assert!(e.decision.is_allowed());
    assert!(e.cross_account);
    assert_eq!(e.principal_account.as_deref(), Some(WORKLOAD));
    assert_eq!(e.resource_account.as_deref(), Some(LOG_ARCHIVE));
    let rule = serde_json::to_value(&e.rule).unwrap();
    assert_eq!(rule["rule"], "cross_account_allows", "{rule}");
    // The GenerateDataKey S3 makes for it: the log-archive account's key, whose key policy
    // names the role, and the role's own policy.
    let steps = sim.steps();
    let gdk = rows(&sim, "kms", "GenerateDataKey")
        .into_iter()
        .find(|&r| {
            steps[r]
                .parent
                .is_some_and(|p| steps[p as usize].operation == "PutObject")
        })
        .expect("S3's GenerateDataKey");
    let e = sim.authorization_at(gdk).unwrap();
    assert!(e.decision.is_allowed());
    assert_eq!(e.resource_account.as_deref(), Some(LOG_ARCHIVE));
    assert_eq!(
        serde_json::to_value(&e.rule).unwrap()["rule"],
        "key_policy_allows_cross_account"
    );
    // The object is the log-archive account's (BucketOwnerEnforced), encrypted under its key,
    // and its auditor reads it.
    let v = serde_json::to_value(sim.summary()).unwrap();
    let obj = &v["s3_objects"][0];
    assert_eq!(obj["bucket"], "central-log-archive-222222222222");
    assert!(obj["kms_key_id"]
        .as_str()
        .unwrap()
        .starts_with(&format!("arn:aws:kms:ap-northeast-1:{LOG_ARCHIVE}:key/")));
    let get = rows(&sim, "s3", "GetObject");
    assert!(!get.is_empty());
    assert!(get.iter().all(|&r| sim.steps()[r].outcome.is_ok()));
    assert!(sim.steps()[get[0]]
        .principal
        .starts_with(&format!("arn:aws:sts::{LOG_ARCHIVE}:assumed-role/")));
}

#[test]
fn cross_account_producer_runs_clean_through_the_stream_policy_and_the_key_policy() {
    let sim = run(&preset("org-cross-account-producer"));
    assert!(denials(&sim).is_empty(), "{:?}", denials(&sim));
    assert_eq!(delivered(&sim), 10);
    let put = rows(&sim, "kinesis", "PutRecord");
    let e = sim.authorization_at(put[0]).unwrap();
    assert_eq!(e.principal_account.as_deref(), Some(PRODUCER));
    assert_eq!(e.resource_account.as_deref(), Some(WORKLOAD));
    assert_eq!(
        serde_json::to_value(&e.rule).unwrap()["rule"],
        "cross_account_allows"
    );
    let gdk = rows(&sim, "kms", "GenerateDataKey");
    let e = sim.authorization_at(gdk[0]).unwrap();
    assert!(e.decision.is_allowed());
    assert!(e.cross_account);
    assert_eq!(
        serde_json::to_value(&e.rule).unwrap()["rule"],
        "key_policy_allows_cross_account"
    );
}

#[test]
fn without_the_stream_policy_the_data_account_denies_the_put() {
    let mut s = preset("org-cross-account-producer");
    s.streams[0].policy = None;
    let sim = run(&s);
    let d = denials(&sim);
    assert!(!d.is_empty());
    let (op, code, by) = &d[0];
    assert_eq!(op, "kinesis:PutRecord");
    assert_eq!(code, "AccessDeniedException");
    assert_eq!(by["policy"], "resource_policy");
    assert_eq!(by["account"], WORKLOAD);
}

#[test]
fn key_policy_trusts_the_account_but_its_iam_does_not_allow() {
    let sim = run(&preset("org-mistake-iam-missing"));
    let d = denials(&sim);
    assert!(!d.is_empty());
    for (op, code, by) in &d {
        match op.as_str() {
            "kms:GenerateDataKey" => assert_eq!(code, "AccessDeniedException"),
            "kinesis:PutRecord" => assert_eq!(code, "KMSAccessDeniedException"),
            other => panic!("unexpected denial {other}"),
        }
        // The caller's side: the producer account's IAM.
        assert_eq!(by["policy"], "caller_identity", "{op}");
        assert_eq!(by["account"], PRODUCER, "{op}");
    }
    let gdk = rows(&sim, "kms", "GenerateDataKey");
    let e = sim.authorization_at(gdk[0]).unwrap();
    assert_eq!(
        serde_json::to_value(&e.rule).unwrap()["rule"],
        "key_policy_delegates_no_identity"
    );
}

#[test]
fn iam_allows_but_the_key_policy_does_not_trust_the_account() {
    let sim = run(&preset("org-mistake-key-policy-missing"));
    let d = denials(&sim);
    assert!(!d.is_empty());
    for (op, _, by) in &d {
        assert!(
            op == "kms:GenerateDataKey" || op == "kinesis:PutRecord",
            "{op}"
        );
        // The resource's side: the data account's key policy. There is no same-account
        // delegation across accounts: its own root statement does not reach the producer.
        assert_eq!(by["policy"], "resource_policy", "{op}");
        assert_eq!(by["account"], WORKLOAD, "{op}");
    }
}

#[test]
fn object_writer_keeps_firehose_objects_in_the_workload_account() {
    let sim = run(&preset("org-mistake-object-writer"));
    // Delivery works: the writes are allowed by both accounts.
    assert_eq!(delivered(&sim), 10);
    let d = denials(&sim);
    assert!(!d.is_empty());
    for (op, code, by) in &d {
        assert_eq!(op, "s3:GetObject");
        assert_eq!(code, "AccessDenied");
        // Named: the object's owner, the workload account, not a policy of the bucket's.
        assert_eq!(by["policy"], "object_owner");
        assert_eq!(by["account"], WORKLOAD);
    }
    // The policies themselves allow the auditor: it is the object's ACL that refuses.
    let get = rows(&sim, "s3", "GetObject");
    let e = sim.authorization_at(get[0]).unwrap();
    assert!(e.decision.is_allowed());
    let row = get[0];
    assert!(!sim.steps()[row].modelled.is_empty(), "the ACL is modelled");
    let cause = sim.cause_at(row).unwrap();
    assert_eq!(cause.object_owner.as_deref(), Some(WORKLOAD));
}

#[test]
fn object_ownership_decides_who_can_read() {
    let with = |o: Option<&str>| {
        let mut v = serde_json::to_value(preset("org-central-log-archive")).unwrap();
        match o {
            Some(o) => v["buckets"][0]["object_ownership"] = json!(o),
            None => {
                v["buckets"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("object_ownership");
            }
        }
        let s: Scenario = serde_json::from_value(v).unwrap();
        s.validate().unwrap();
        denials(&run(&s)).len()
    };
    // Absent: BucketOwnerEnforced, the setting of a new bucket.
    assert_eq!(with(None), 0);
    assert_eq!(with(Some("BucketOwnerEnforced")), 0);
    // ACLs enabled and no bucket-owner-full-control sent: the writer keeps the object.
    assert!(with(Some("BucketOwnerPreferred")) > 0);
    assert!(with(Some("ObjectWriter")) > 0);
}

#[test]
fn object_writer_in_one_account_changes_nothing() {
    // The seed stack writes and reads in its own account: ownership is the bucket owner's
    // whatever the setting.
    let mut s = preset("client-side-both-layers");
    s.buckets[0].object_ownership = serde_json::from_value(json!("ObjectWriter")).unwrap();
    let sim = run(&s);
    assert!(denials(&sim).is_empty(), "{:?}", denials(&sim));
}

/// The cross-account producer with conditions on the organization keys in the stream
/// policy and the key policy: the run is clean only if the simulation fills them with the
/// owning accounts as AWS does.
fn with_conditions(principal_account: &str, resource_account: &str) -> Scenario {
    let mut v = serde_json::to_value(preset("org-cross-account-producer")).unwrap();
    let cond = json!({"StringEquals": {
        "aws:PrincipalAccount": principal_account,
        "aws:ResourceAccount": resource_account,
        "aws:PrincipalOrgID": "o-a1b2c3d4e5",
        "aws:ResourceOrgID": "o-a1b2c3d4e5"
    }});
    v["streams"][0]["policy"]["Statement"][0]["Condition"] = cond.clone();
    let key = v["keys"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|k| k["name"] == "KinesisKey")
        .unwrap();
    let st = key["policy"]["Statement"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["Sid"] == "AllowProducerAccount")
        .unwrap();
    st["Condition"]["StringEquals"]["aws:PrincipalAccount"] = json!(principal_account);
    st["Condition"]["StringEquals"]["aws:ResourceAccount"] = json!(resource_account);
    serde_json::from_value(v).unwrap()
}

#[test]
fn requests_carry_the_owning_accounts_and_the_organization() {
    let sim = run(&with_conditions(PRODUCER, WORKLOAD));
    assert!(denials(&sim).is_empty(), "{:?}", denials(&sim));
    // Swapped: the conditions fail, the stream policy no longer allows.
    let sim = run(&with_conditions(WORKLOAD, PRODUCER));
    let d = denials(&sim);
    assert!(!d.is_empty());
    assert_eq!(d[0].0, "kinesis:PutRecord");
    assert_eq!(d[0].2["account"], WORKLOAD);
}

#[test]
fn arns_name_the_owning_account_and_defaults_stay() {
    let s = preset("org-central-log-archive");
    let sim = run(&s);
    let v = serde_json::to_value(sim.summary()).unwrap();
    let key = v["s3_objects"][0]["kms_key_id"].as_str().unwrap();
    assert!(key.contains(&format!(":{LOG_ARCHIVE}:key/")), "{key}");
    // Firehose and the stream stay in the scenario's account (no `account`).
    let steps = sim.steps();
    let put = steps.iter().find(|s| s.operation == "PutObject").unwrap();
    assert!(put.principal.starts_with(&format!(
        "arn:aws:sts::{WORKLOAD}:assumed-role/KinesisS3DestinationRole/"
    )));
    // The scenario without any `account` writes none back (existing documents unchanged).
    let text = Scenario::default().to_json_pretty();
    assert_eq!(
        text.matches("\"account\"").count(),
        1,
        "only the scenario's own"
    );
    assert!(!text.contains("object_ownership"));
}

#[test]
fn each_cross_account_denial_is_fixed_in_the_right_account() {
    // (preset, the account the first option's place must name, its document kind)
    for (name, account, document) in [
        ("org-mistake-iam-missing", PRODUCER, "inline_policy"),
        ("org-mistake-key-policy-missing", WORKLOAD, "key_policy"),
        ("org-mistake-object-writer", LOG_ARCHIVE, "object_ownership"),
    ] {
        let s = preset(name);
        let sim = run(&s);
        let failed: Vec<u32> = sim
            .steps()
            .iter()
            .filter(|s| !s.outcome.is_ok())
            .map(|s| s.index)
            .collect();
        let mut cache = FixCache::new();
        let fixes = cache.fixes_for(&sim, failed[0]).expect("fixes");
        assert!(
            !fixes.options.is_empty(),
            "{name}: {:?}",
            fixes.no_fix_reason
        );
        let o = &fixes.options[0];
        assert!(o.verified, "{name}");
        let place = &o.targets[0];
        assert_eq!(place.document.as_str(), document, "{name}");
        assert!(
            place.label.en().contains(&format!("account {account}")),
            "{name}: {}",
            place.label.en()
        );
        assert!(
            place
                .label
                .get("ja")
                .contains(&format!("アカウント {account}")),
            "{name}: {}",
            place.label.get("ja")
        );
        // Applied and run again here: the run is clean.
        let doc = serde_json::to_value(&s).unwrap();
        let fixed = o.apply_to(&doc).expect("applies");
        let fixed = Scenario::from_json(&fixed.to_string()).unwrap();
        let again = run(&fixed);
        assert!(denials(&again).is_empty(), "{name}: {:?}", denials(&again));
        assert_eq!(delivered(&again), 10, "{name}");
    }
}

#[test]
fn a_missing_stream_policy_is_created_in_the_data_account() {
    let mut s = preset("org-cross-account-producer");
    s.streams[0].policy = None;
    let sim = run(&s);
    let failed = sim
        .steps()
        .iter()
        .find(|s| !s.outcome.is_ok())
        .unwrap()
        .index;
    let fixes = FixCache::new().fixes_for(&sim, failed).unwrap();
    let o = fixes
        .options
        .iter()
        .find(|o| o.targets[0].document.as_str() == "stream_policy")
        .expect("a stream policy option");
    assert!(o.targets[0].label.en().contains(WORKLOAD));
    let fixed = o.apply_to(&serde_json::to_value(&s).unwrap()).unwrap();
    let again = run(&Scenario::from_json(&fixed.to_string()).unwrap());
    assert!(denials(&again).is_empty());
}

#[test]
fn cloudtrail_names_each_party_in_its_own_account() {
    // KMS Developer Guide, "Logging AWS KMS API calls with AWS CloudTrail": a cross-account
    // call is logged in both accounts (one sharedEventID), a denied one only in the
    // caller's. The event shown is the caller's copy.
    let sim = run(&preset("org-central-log-archive"));
    let steps = sim.steps();
    let ev = steps
        .iter()
        .filter(|s| s.operation == "GenerateDataKey")
        .filter(|s| {
            s.parent
                .is_some_and(|p| steps[p as usize].operation == "PutObject")
        })
        .find_map(|s| sim.cloudtrail(s))
        .expect("S3's GenerateDataKey event");
    assert_eq!(ev["userIdentity"]["accountId"], WORKLOAD);
    assert_eq!(
        ev["userIdentity"]["sessionContext"]["sessionIssuer"]["accountId"],
        WORKLOAD
    );
    assert_eq!(ev["resources"][0]["accountId"], LOG_ARCHIVE);
    assert_eq!(ev["recipientAccountId"], WORKLOAD);
    assert!(ev["sharedEventID"].is_string(), "{ev}");

    let sim = run(&preset("org-mistake-key-policy-missing"));
    let ev = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "GenerateDataKey" && !s.outcome.is_ok())
        .find_map(|s| sim.cloudtrail(s))
        .expect("the denied GenerateDataKey's event");
    assert_eq!(ev["userIdentity"]["accountId"], PRODUCER);
    assert_eq!(ev["resources"][0]["accountId"], WORKLOAD);
    assert_eq!(ev["recipientAccountId"], PRODUCER);
    assert!(ev.get("sharedEventID").is_none(), "{ev}");
    assert_eq!(ev["errorCode"], "AccessDeniedException");
}

/// The central log archive with an RCP attached at `target` that denies s3:PutObject to
/// principals of other accounts than the log archive (Organizations User Guide, "RCP
/// evaluation": the RCPs of the resource's account apply).
fn archive_with_rcp(target: &str) -> Scenario {
    let mut v = serde_json::to_value(preset("org-central-log-archive")).unwrap();
    v["organization"]["rcps"] = json!({target: [{"name": "ArchiveWritesStayInside", "policy": {
        "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*",
        "Action": "s3:PutObject", "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": LOG_ARCHIVE}}}]}}]});
    serde_json::from_value(v).unwrap()
}

#[test]
fn the_rcps_of_the_buckets_account_apply_not_the_callers() {
    // Attached to the log archive's OU (Security): the bucket's account; Firehose's writes
    // are denied by it, and the summary names the RCP and the log-archive account.
    let sim = run(&archive_with_rcp("ou-ab12-22222222"));
    assert_eq!(delivered(&sim), 0);
    let d = denials(&sim);
    let put: Vec<_> = d.iter().filter(|x| x.0 == "s3:PutObject").collect();
    assert!(!put.is_empty(), "{d:?}");
    for (_, code, by) in put {
        assert_eq!(code, "AccessDenied");
        assert_eq!(by["policy"], "resource_rcp");
        assert_eq!(by["account"], LOG_ARCHIVE);
    }
    // Attached to the workload's OU: it limits the workload's resources, not the archive.
    let sim = run(&archive_with_rcp("ou-ab12-11111111"));
    assert!(denials(&sim).is_empty(), "{:?}", denials(&sim));
    assert_eq!(delivered(&sim), 10);
}

#[test]
fn the_cause_of_a_failed_step_says_whose_policy_in_which_account() {
    for (name, en, ja) in [
        (
            "org-mistake-iam-missing",
            "Denied by the caller's identity-based policies (account 333333333333)",
            "呼び出し元のアイデンティティベースのポリシー (アカウント 333333333333) によって拒否されました",
        ),
        (
            "org-mistake-key-policy-missing",
            "Denied by the key policy (account 123456789012)",
            "キーポリシー (アカウント 123456789012) によって拒否されました",
        ),
        (
            "org-mistake-object-writer",
            "Denied by the ACL of the object, which another account owns (account 123456789012)",
            "別のアカウントが所有するオブジェクトの ACL (アカウント 123456789012) によって拒否されました",
        ),
    ] {
        let sim = run(&preset(name));
        // The first failed step a learner sees (a PutRecord, a GetObject): its cause.
        let row = sim
            .steps()
            .iter()
            .position(|s| !s.outcome.is_ok() && s.parent.is_none())
            .unwrap();
        let cause = sim.cause_at(row).expect("a cause");
        let text = cause.denied_by.expect("named");
        assert_eq!(text.en(), en, "{name}");
        assert_eq!(text.get("ja"), ja, "{name}");
    }
    // Allowed: nothing to name.
    let sim = run(&preset("org-central-log-archive"));
    let put = rows(&sim, "s3", "PutObject");
    assert!(sim
        .authorization_at(put[0])
        .unwrap()
        .denied_by_text()
        .is_none());
}
