//! `envelope-lab check`: Access Analyzer's custom policy checks (`CheckNoNewAccess`,
//! `CheckAccessNotGranted`) on the comparison of `policy::compare`, with facts written by
//! hand: which edit grants what, in which words, from which statement.

use envelope_lab::policy::compare::check::{access_not_granted, no_new_access};
use serde_json::{json, Value};

const ROOT: &str = "arn:aws:iam::111122223333:root";

fn key_policy(extra: &[Value]) -> String {
    let mut st = vec![
        json!({"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*", "Resource": "*"}),
        json!({"Sid": "RuleA", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
            "Action": "kms:GenerateDataKey", "Resource": "*",
            "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:events:ap-northeast-1:111122223333:rule/A"},
                "StringEquals": {"aws:SourceAccount": "111122223333"}}}),
    ];
    st.extend(extra.iter().cloned());
    json!({"Version": "2012-10-17", "Statement": st}).to_string()
}

fn words(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["en"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_service_statement_without_a_source_is_new_access_for_any_rule_in_any_account() {
    let before = key_policy(&[]);
    let after = key_policy(&[json!({"Sid": "AnyRule", "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"}, "Action": "kms:GenerateDataKey", "Resource": "*"})]);
    let out = no_new_access(&before, &after, None).unwrap();
    assert_eq!(out["result"], "FAIL");
    assert_eq!(out["exhaustive"], true);
    let new = words(&out, "new_access");
    assert!(
        new.iter()
            .any(|w| w
                .contains("events.amazonaws.com acting for any EventBridge rule in any account")),
        "{new:?}"
    );
    assert_eq!(out["reasons"][0]["statementIndex"], 2);
    assert_eq!(out["reasons"][0]["statementId"], "AnyRule");
    // Rule A itself was allowed before: not new.
    for r in out["newly_allowed"].as_array().unwrap() {
        assert_ne!(
            r["context"]["aws:SourceArn"],
            "arn:aws:events:ap-northeast-1:111122223333:rule/A"
        );
    }
    let text = out.to_string();
    for internal in [
        "RoleWithoutIamPolicies",
        "RoleAllowedEverything",
        "AnyRoleOfThisAccount",
    ] {
        assert!(
            !text.contains(&format!("\"{internal}")),
            "{internal} in words"
        );
    }
}

#[test]
fn the_same_policy_passes_and_a_narrower_one_lists_what_it_removes() {
    let before = key_policy(&[]);
    let same = no_new_access(&before, &before, None).unwrap();
    assert_eq!(same["result"], "PASS");
    assert_eq!(same["reasons"], json!([]));
    assert_eq!(same["newly_denied_count"], 0);
    let narrower = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*", "Resource": "*"}]})
    .to_string();
    let out = no_new_access(&before, &narrower, None).unwrap();
    assert_eq!(out["result"], "PASS", "taking access away is no new access");
    let removed = words(&out, "removed_access");
    assert!(
        removed.iter().any(|w| w.contains(
            "events.amazonaws.com acting for arn:aws:events:ap-northeast-1:111122223333:rule/A"
        )),
        "{removed:?}"
    );
}

#[test]
fn a_widened_identity_policy_grants_the_admin_actions_it_now_covers() {
    let key = "arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let before = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key}]})
    .to_string();
    let after = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "kms:*", "Resource": key}]})
    .to_string();
    let out = no_new_access(&before, &after, Some("IDENTITY_POLICY")).unwrap();
    assert_eq!(out["result"], "FAIL");
    let new = words(&out, "new_access").join(" ");
    assert!(new.contains("kms:PutKeyPolicy"), "{new}");
    assert!(
        !new.contains("kms:Decrypt,"),
        "Decrypt was allowed before: {new}"
    );
    assert_eq!(out["reasons"][0]["statementIndex"], 0);
}

#[test]
fn access_not_granted_finds_who_can_change_the_key_policy() {
    let out =
        access_not_granted(&key_policy(&[]), &["kms:PutKeyPolicy".into()], &[], None).unwrap();
    assert_eq!(out["result"], "FAIL");
    let granted = words(&out, "granted_access").join(" ");
    assert!(granted.contains("kms:PutKeyPolicy"), "{granted}");
    assert!(
        !granted.contains("events.amazonaws.com"),
        "the service is allowed GenerateDataKey only: {granted}"
    );
    let out = access_not_granted(&key_policy(&[]), &["kms:Decrypt".into()], &[], None).unwrap();
    assert_eq!(
        out["result"], "FAIL",
        "the account's roles with IAM can decrypt"
    );
    let events_only = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
         "Action": "kms:GenerateDataKey", "Resource": "*"}]})
    .to_string();
    let out = access_not_granted(&events_only, &["kms:PutKeyPolicy".into()], &[], None).unwrap();
    assert_eq!(out["result"], "PASS");
    assert_eq!(out["granted_count"], 0);
}

#[test]
fn bad_documents_are_located_errors_in_both_languages() {
    let err = no_new_access("{\"Version\": ", &key_policy(&[]), None).unwrap_err();
    assert!(err.en().starts_with("--before: "), "{}", err.en());
    assert!(err.en().contains("line 1"), "{}", err.en());
    assert!(err.get("ja").contains("行"), "{}", err.get("ja"));
    let err = no_new_access(&key_policy(&[]), &key_policy(&[]), Some("GROUP_POLICY")).unwrap_err();
    assert!(err.en().contains("IDENTITY_POLICY"), "{}", err.en());
    assert!(access_not_granted(&key_policy(&[]), &[], &[], None).is_err());
}

#[test]
fn a_large_policy_is_compared_within_its_budget() {
    // 4,000 statements (about 1 MB): the comparison stays bounded and says whether it
    // evaluated every request.
    let many: Vec<Value> = (0..4000)
        .map(|i| {
            json!({"Sid": format!("S{i}"), "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::111122223333:role/Reader{i}")},
                "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*",
                "Condition": {"StringEquals": {"kms:EncryptionContext:team": format!("team-{i}-{}", "x".repeat(150))}}})
        })
        .collect();
    let before = key_policy(&many);
    assert!(before.len() > 900_000, "{}", before.len());
    let mut more = many.clone();
    more.push(json!({"Sid": "New", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}));
    let after = key_policy(&more);
    let start = std::time::Instant::now();
    let out = no_new_access(&before, &after, None).unwrap();
    assert_eq!(out["result"], "FAIL");
    assert!(out["requests_evaluated"].as_u64().unwrap() <= 40_000);
    assert!(
        start.elapsed().as_secs() < 120,
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn eval_without_an_option_says_why_and_shows_the_nearest_candidate() {
    let input = json!({"request": {"principal": "arn:aws:sts::111122223333:assumed-role/App/s",
        "action": "kms:CreateAlias", "resource": "arn:aws:kms:ap-northeast-1:111122223333:alias/aws/s3"},
        "identity_policies": [{"name": "P", "policy": {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}}]});
    let out = envelope_lab::policy::cli::eval_json(&input.to_string()).unwrap();
    assert_eq!(out["fixes"], json!([]));
    let reason = &out["no_fix_reason"];
    assert!(reason["en"]
        .as_str()
        .unwrap()
        .contains("nearest candidate (identity_statement)"));
    assert!(reason["ja"].as_str().unwrap().contains("最も近い候補"));
    assert_eq!(out["rejected"][0]["kind"], "identity_statement");
}
