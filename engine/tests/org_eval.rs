//! `eval` with an organization (issue [4/6] §1): the description fills the request's
//! organization keys as the IAM User Guide's "AWS global condition context keys" describes
//! them, the SCP levels of the caller's account and the RCP levels of the resource's account;
//! the evaluation path names the level and the policy that denied, and cites the
//! Organizations pages. Expected facts are written from the pages, not from the code.

use envelope_lab::policy::cli::parse_eval_input;
use envelope_lab::policy::*;
use serde_json::{json, Value};

const KEY_333: &str =
    "arn:aws:kms:ap-northeast-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn allow_all() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
}

/// root ─ Workloads ─ 222222222222 ; root ─ Security ─ 333333333333 ; 111111111111 (management).
fn org(scps: Value, rcps: Value) -> Value {
    json!({
        "id": "o-a1b2c3d4e5", "root_id": "r-ab12", "management_account": "111111111111",
        "ous": [{"id": "ou-ab12-11111111", "name": "Workloads"},
                {"id": "ou-ab12-33333333", "name": "Security"}],
        "accounts": [{"id": "111111111111", "name": "management"},
                     {"id": "222222222222", "name": "workload", "parent": "ou-ab12-11111111"},
                     {"id": "333333333333", "name": "log-archive", "parent": "ou-ab12-33333333"}],
        "scps": scps, "rcps": rcps
    })
}

/// The KMS guide's identity-perimeter RCP and confused-deputy RCP.
fn perimeter() -> Value {
    json!([
        {"name": "IdentityPerimeter", "policy": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
                          "Bool": {"aws:PrincipalIsAWSService": "false"}}}]}},
        {"name": "ConfusedDeputy", "policy": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-a1b2c3d4e5"},
                          "Bool": {"aws:PrincipalIsAWSService": "true"},
                          "Null": {"aws:SourceAccount": "false"}}}]}}
    ])
}

/// A key in 333333333333 whose policy allows `trusted` kms:Decrypt (and its own account).
fn input(principal: &str, trusted: Value, context: Value, organization: Value) -> Value {
    json!({
        "request": {"principal": principal, "action": "kms:Decrypt", "resource": KEY_333, "context": context},
        "identity_policies": [allow_all()],
        "resource_policy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::333333333333:root"}, "Action": "kms:*", "Resource": "*"},
            {"Effect": "Allow", "Principal": trusted, "Action": "kms:Decrypt", "Resource": "*"}]},
        "organization": organization
    })
}

fn run(v: &Value) -> (Explanation, EvaluationPath, cli::EvalInput) {
    let input = parse_eval_input(&v.to_string()).expect("valid input");
    let set = input.policy_set();
    let e = explain(&input.request, &set);
    let p = evaluation_path(&input.request, &set);
    assert_eq!(
        e.decision,
        evaluate(&input.request, &set),
        "both paths agree"
    );
    (e, p, input)
}

fn ctx(input: &cli::EvalInput, key: &str) -> Option<Vec<String>> {
    input
        .request
        .context
        .get(key)
        .map(|v| v.as_slice().to_vec())
}

#[test]
fn the_perimeter_rcp_stops_an_outside_principal_and_names_where_it_is_attached() {
    let o = org(json!({}), json!({"ou-ab12-33333333": perimeter()}));
    let (e, p, i) = run(&input(
        "arn:aws:iam::999999999999:user/mallory",
        json!({"AWS": "arn:aws:iam::999999999999:root"}),
        json!({}),
        o.clone(),
    ));
    assert_eq!(e.decision, Decision::ExplicitlyDenied);
    assert!(e.reason.contains("RCP IdentityPerimeter"), "{}", e.reason);
    // An outside principal: its account, no organization id or path.
    assert_eq!(ctx(&i, "aws:PrincipalOrgID"), None);
    assert_eq!(
        ctx(&i, "aws:PrincipalIsAWSService"),
        Some(vec!["false".into()])
    );
    assert_eq!(
        ctx(&i, "aws:ResourceOrgID"),
        Some(vec!["o-a1b2c3d4e5".into()])
    );
    assert_eq!(
        ctx(&i, "aws:ResourceOrgPaths"),
        Some(vec!["o-a1b2c3d4e5/r-ab12/ou-ab12-33333333/".into()])
    );
    assert_eq!(
        ctx(&i, "aws:ResourceAccount"),
        Some(vec!["333333333333".into()])
    );
    let deny = p
        .stages
        .iter()
        .find(|s| s.stage == Stage::ExplicitDeny)
        .unwrap();
    assert!(
        deny.note.en().contains("IdentityPerimeter"),
        "{}",
        deny.note.en()
    );
    assert!(deny.note.en().contains("OU level 1"), "{}", deny.note.en());
    assert!(!deny.note.ja().is_empty());
    let cites: Vec<&str> = p.sources.iter().map(|s| s.en()).collect();
    assert!(
        cites
            .iter()
            .any(|c| c.contains("orgs_manage_policies_rcps_evaluation")),
        "{cites:?}"
    );
    assert!(
        cites
            .iter()
            .any(|c| c.contains("kms/latest/developerguide/resource-control-policies")),
        "{cites:?}"
    );

    // A principal of the organization in another account passes the same RCP.
    let (e, p, i) = run(&input(
        "arn:aws:sts::222222222222:assumed-role/Producer/s",
        json!({"AWS": "arn:aws:iam::222222222222:root"}),
        json!({}),
        o,
    ));
    assert_eq!(e.decision, Decision::Allowed, "{}", e.reason);
    assert_eq!(
        ctx(&i, "aws:PrincipalOrgID"),
        Some(vec!["o-a1b2c3d4e5".into()])
    );
    assert_eq!(
        ctx(&i, "aws:PrincipalOrgPaths"),
        Some(vec!["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/".into()])
    );
    let rcp = p.stages.iter().find(|s| s.stage == Stage::Rcp).unwrap();
    assert_eq!(rcp.outcome, StageOutcome::Passed);
}

#[test]
fn the_confused_deputy_rcp_checks_the_source_a_service_acts_for() {
    let o = org(json!({}), json!({"root": perimeter()}));
    let service = json!({"Service": "logs.amazonaws.com"});
    let outside = input(
        "logs.amazonaws.com",
        service.clone(),
        json!({"aws:SourceAccount": "999999999999"}),
        o.clone(),
    );
    let (e, _, i) = run(&outside);
    assert_eq!(e.decision, Decision::ExplicitlyDenied);
    assert!(e.reason.contains("ConfusedDeputy"), "{}", e.reason);
    assert_eq!(
        ctx(&i, "aws:PrincipalIsAWSService"),
        Some(vec!["true".into()])
    );
    assert_eq!(ctx(&i, "aws:SourceOrgID"), None);
    let inside = input(
        "logs.amazonaws.com",
        service.clone(),
        json!({"aws:SourceAccount": "222222222222"}),
        o.clone(),
    );
    let (e, _, i) = run(&inside);
    assert_eq!(e.decision, Decision::Allowed, "{}", e.reason);
    assert_eq!(
        ctx(&i, "aws:SourceOrgID"),
        Some(vec!["o-a1b2c3d4e5".into()])
    );
    // The guide's Null condition: a service call without aws:SourceAccount is not affected.
    let (e, _, _) = run(&input("logs.amazonaws.com", service, json!({}), o));
    assert_eq!(e.decision, Decision::Allowed, "{}", e.reason);
}

#[test]
fn scp_levels_come_from_the_callers_account_and_spare_the_management_account() {
    let s3_only = json!([{"name": "S3Only", "policy": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]);
    let full = json!([{"name": "FullAWSAccess", "policy": allow_all()}]);
    let o = org(
        json!({"root": full, "ou-ab12-11111111": s3_only, "222222222222": full,
               "111111111111": [], "333333333333": full, "ou-ab12-33333333": full}),
        json!({}),
    );
    let (e, p, _) = run(&input(
        "arn:aws:sts::222222222222:assumed-role/Producer/s",
        json!({"AWS": "arn:aws:iam::222222222222:root"}),
        json!({}),
        o.clone(),
    ));
    assert_eq!(e.decision, Decision::ImplicitlyDenied);
    assert!(
        e.reason
            .contains("OU level 1 below the root (attached there: S3Only)"),
        "{}",
        e.reason
    );
    let scp = p.stages.iter().find(|s| s.stage == Stage::Scp).unwrap();
    assert_eq!((scp.outcome, scp.stopped), (StageOutcome::Denied, true));
    assert!(scp.note.en().contains("S3Only"), "{}", scp.note.en());
    assert!(scp.note.ja().contains("S3Only"), "{}", scp.note.ja());

    // The management account has nothing attached at its own level, yet SCPs do not limit it.
    let (e, p, _) = run(&input(
        "arn:aws:iam::111111111111:role/Admin",
        json!({"AWS": "arn:aws:iam::111111111111:root"}),
        json!({}),
        o.clone(),
    ));
    assert_eq!(e.decision, Decision::Allowed, "{}", e.reason);
    let scp = p.stages.iter().find(|s| s.stage == Stage::Scp).unwrap();
    assert_eq!(scp.outcome, StageOutcome::NotApplicable);

    // The log-archive account: FullAWSAccess at every level.
    let (e, _, _) = run(&input(
        "arn:aws:iam::333333333333:role/Reader",
        json!({"AWS": "arn:aws:iam::333333333333:root"}),
        json!({}),
        o,
    ));
    assert_eq!(e.decision, Decision::Allowed, "{}", e.reason);
}

#[test]
fn a_key_the_request_gives_is_kept_and_bad_organizations_are_located_errors() {
    let o = org(json!({}), json!({}));
    let (_, _, i) = run(&input(
        "arn:aws:iam::222222222222:user/u",
        json!({"AWS": "arn:aws:iam::222222222222:root"}),
        json!({"aws:PrincipalOrgID": "o-given"}),
        o.clone(),
    ));
    assert_eq!(ctx(&i, "aws:PrincipalOrgID"), Some(vec!["o-given".into()]));

    let bad = |edit: &dyn Fn(&mut Value)| {
        let mut v = input(
            "arn:aws:iam::222222222222:user/u",
            json!("*"),
            json!({}),
            o.clone(),
        );
        edit(&mut v["organization"]);
        parse_eval_input(&v.to_string())
            .err()
            .map(|e| e.path.clone())
    };
    assert_eq!(
        bad(&|o| o["accounts"][1]["parent"] = json!("ou-nope")).as_deref(),
        Some("organization.accounts[1].parent")
    );
    assert_eq!(
        bad(&|o| o["management_account"] = json!("444444444444")).as_deref(),
        Some("organization.management_account")
    );
    assert_eq!(
        bad(&|o| o["scps"] = json!({"555555555555": []})).as_deref(),
        Some("organization.scps.555555555555")
    );
    assert_eq!(
        bad(&|o| o["colour"] = json!("red")).as_deref(),
        Some("organization.colour")
    );
    assert_eq!(
        bad(&|o| o["id"] = json!(7)).as_deref(),
        Some("organization.id")
    );
    // An OU that is its own parent is refused, where it says so.
    assert_eq!(
        bad(&|o| o["ous"][0]["parent"] = json!("ou-ab12-11111111")).as_deref(),
        Some("organization.ous[0].parent")
    );
}

/// KMS API Reference, ScheduleKeyDeletion and CancelKeyDeletion: "Cross-account use: No";
/// KMS Developer Guide, "Allowing users in other accounts to use a KMS key": granting another
/// account kms:ScheduleKeyDeletion in a key policy has no effect. A key policy that trusts the
/// workload account with kms:* and a role there whose IAM allows kms:* still cannot schedule
/// the deletion; `eval` says why in both languages, on the key policy's stage, and cites the
/// guide; Decrypt (Cross-account use: Yes) passes with the same policies.
#[test]
fn eval_refuses_key_deletion_across_accounts_and_says_why() {
    for op in [
        "kms:ScheduleKeyDeletion",
        "kms:CancelKeyDeletion",
        "kms:Decrypt",
    ] {
        let v = json!({
            "request": {"principal": "arn:aws:sts::222222222222:assumed-role/KeyAdmin/s",
                        "action": op, "resource": KEY_333},
            "identity_policies": [allow_all()],
            "resource_policy": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::333333333333:root"}, "Action": "kms:*", "Resource": "*"},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "kms:*", "Resource": "*"}]},
            "organization": org(json!({}), json!({}))
        });
        let (e, p, _) = run(&v);
        if op == "kms:Decrypt" {
            assert_eq!(e.decision, Decision::Allowed, "{op}: {}", e.reason);
            continue;
        }
        assert_eq!(e.decision, Decision::ImplicitlyDenied, "{op}: {}", e.reason);
        let text = e.rule.text();
        assert!(
            text.en()
                .contains("cannot be called on a key in another account"),
            "{}",
            text.en()
        );
        assert!(text.en().contains("333333333333"), "{}", text.en());
        assert!(
            text.ja()
                .contains("別のアカウントのキーに対しては呼び出せません"),
            "{}",
            text.ja()
        );
        assert!(text.ja().contains(
            "https://docs.aws.amazon.com/ja_jp/kms/latest/developerguide/key-policy-modifying-external-accounts.html"
        ));
        // The key's account refuses: the denial names it.
        let (side, account) = e.denied_by().expect("a denial");
        assert_eq!(side, DeniedBy::KeyAccountOnly);
        assert_eq!(account, Some("333333333333"));
        let stage = p
            .stages
            .iter()
            .find(|s| s.outcome == StageOutcome::Denied)
            .expect("a denied stage");
        assert_eq!(stage.stage, Stage::ResourcePolicy, "the key policy's stage");
        assert!(stage.note.en().contains("Cross-account use"));
        assert!(p
            .sources
            .iter()
            .any(|s| s.en().contains("key-policy-modifying-external-accounts")));
    }
}
