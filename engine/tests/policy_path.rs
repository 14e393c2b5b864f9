//! The whole picture of a decision (issue 12 item 4): the evaluation order's stages with
//! where the request stopped, every statement deciding, redundant or not matched; and the
//! playground's finding that a conditional statement does not restrict a request (item 5).

use envelope_lab::policy::*;
use envelope_lab::sim::{presets, Simulation};

fn run(name: &str) -> Simulation {
    let mut sim = Simulation::new(&presets::get(name).expect("preset"), 1).expect("builds");
    sim.run_to_end();
    sim
}

fn outcome(p: &EvaluationPath, stage: Stage) -> (StageOutcome, bool) {
    let s = p.stages.iter().find(|s| s.stage == stage).expect("stage");
    (s.outcome, s.stopped)
}

fn role(p: &EvaluationPath, e: &Explanation, policy: &str, index: usize) -> StatementRole {
    let pi = e
        .policies
        .iter()
        .position(|x| x.name == policy)
        .expect("policy");
    p.statements
        .iter()
        .find(|s| s.policy == pi && e.policies[pi].statements[s.statement].index == index)
        .expect("statement")
        .role
}

#[test]
fn the_seed_producer_is_allowed_by_the_key_policy_and_its_iam_statement_is_redundant() {
    let sim = run("happy-path");
    let path = sim
        .evaluation_path_at(7)
        .expect("GenerateDataKey was authorized");
    let e = sim.authorization_at(7).expect("explanation");
    assert_eq!(
        outcome(&path, Stage::ExplicitDeny),
        (StageOutcome::Passed, false)
    );
    assert_eq!(
        outcome(&path, Stage::Scp),
        (StageOutcome::NotApplicable, false)
    );
    assert_eq!(
        outcome(&path, Stage::ResourcePolicy),
        (StageOutcome::Allowed, true)
    );
    assert_eq!(
        outcome(&path, Stage::IdentityPolicies).0,
        StageOutcome::NotReached
    );
    assert_eq!(outcome(&path, Stage::Grants).0, StageOutcome::NotReached);
    let key = "KinesisKey key policy";
    assert_eq!(role(&path, &e, key, 0), StatementRole::Deciding);
    // The root statement matched too, but without it nothing changes: redundant.
    assert_eq!(role(&path, &e, key, 1), StatementRole::Redundant);
    // With this key policy the role's kms:GenerateDataKey is redundant (the seed lesson).
    assert_eq!(
        role(&path, &e, "DataSourceLambdaPolicy", 0),
        StatementRole::Redundant
    );
    assert_eq!(
        role(&path, &e, "DataSourceLambdaPolicy", 1),
        StatementRole::NotMatched { near: false }
    );
    assert!(path
        .sources
        .iter()
        .any(|s| s.en().contains("Policy evaluation logic")));
    assert!(path
        .sources
        .iter()
        .any(|s| s.en().contains("Key policies in AWS KMS")));
}

#[test]
fn a_root_only_key_policy_stops_at_the_identity_policies() {
    let sim = run("producer-missing-generate-data-key");
    let path = sim.evaluation_path_at(7).expect("authorized");
    assert_eq!(
        outcome(&path, Stage::ResourcePolicy),
        (StageOutcome::Allowed, false)
    );
    assert_eq!(
        outcome(&path, Stage::IdentityPolicies),
        (StageOutcome::Denied, true)
    );
    assert_eq!(
        outcome(&path, Stage::PermissionsBoundary).0,
        StageOutcome::NotReached
    );
    // KMS still looks at grants; this key has none.
    assert_eq!(outcome(&path, Stage::Grants).0, StageOutcome::NotApplicable);
}

#[test]
fn an_explicit_deny_stops_at_the_first_stage() {
    let sim = run("explicit-deny");
    let path = sim.evaluation_path_at(7).expect("authorized");
    assert_eq!(
        outcome(&path, Stage::ExplicitDeny),
        (StageOutcome::Denied, true)
    );
    assert!(path.stages[1..]
        .iter()
        .all(|s| s.outcome == StageOutcome::NotReached && !s.stopped));
    let e = sim.authorization_at(7).expect("explanation");
    assert_eq!(
        role(&path, &e, "KinesisKey key policy", 2),
        StatementRole::Deciding
    );
    // The Allow statements matched, but the Deny decides.
    assert_eq!(
        role(&path, &e, "KinesisKey key policy", 0),
        StatementRole::Redundant
    );
}

#[test]
fn without_delegation_iam_is_never_consulted() {
    let key = NamedPolicy::parse(
        "K",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Other"},"Action":"kms:*","Resource":"*"}]}"#,
    )
    .expect("key");
    let id = [NamedPolicy::parse(
        "P",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}"#,
    )
    .expect("identity")];
    let req = Request::new(
        "arn:aws:sts::123456789012:assumed-role/R/s",
        "kms:Decrypt",
        "arn:aws:kms:ap-northeast-1:123456789012:key/k",
    );
    let path = evaluation_path(&req, &PolicySet::new(&id).with_resource(&key));
    assert_eq!(
        outcome(&path, Stage::ResourcePolicy),
        (StageOutcome::Denied, true)
    );
    assert_eq!(
        outcome(&path, Stage::IdentityPolicies).0,
        StageOutcome::NotReached
    );
    assert!(path
        .stages
        .iter()
        .all(|s| !s.note.ja().is_empty() && !s.label.ja().is_empty()));
}

/// The EventBridge connection key of the playground: the account-administrator statement
/// and a statement for EventBridge through Secrets Manager with a SecretARN context.
const CONNECTION_KEY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"},
  {"Sid": "AllowEventBridgeConnection", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/IntegrationDeveloperRole"},
   "Action": ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*",
   "Condition": {"StringLike": {"kms:ViaService": "secretsmanager.*.amazonaws.com",
     "kms:EncryptionContext:SecretARN": "arn:aws:secretsmanager:*:*:secret:events!connection/*"}}}]}"#;

#[test]
fn an_admin_statement_makes_the_secret_arn_condition_irrelevant() {
    let key = NamedPolicy::parse("ConnectionKey key policy", CONNECTION_KEY).expect("key");
    let id = [NamedPolicy::parse(
        "Developer",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#,
    )
    .expect("identity")];
    let mut ctx = Context::new();
    ctx.set(
        "kms:ViaService",
        "secretsmanager.ap-northeast-1.amazonaws.com",
    )
    .set(
        "kms:EncryptionContext:SecretARN",
        "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:other-secret",
    );
    let req = Request::new(
        "arn:aws:sts::123456789012:assumed-role/IntegrationDeveloperRole/dev",
        "kms:Decrypt",
        "arn:aws:kms:ap-northeast-1:123456789012:key/c",
    )
    .with_context(ctx);
    let set = PolicySet::new(&id).with_resource(&key);
    assert_eq!(evaluate(&req, &set), Decision::Allowed);
    let found = shadowed_conditions(&req, &set);
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert!(!f.conditions_held);
    assert!(f
        .keys
        .contains(&"kms:EncryptionContext:SecretARN".to_string()));
    assert!(f.text.en().contains("irrelevant"));
    assert!(f.text.ja_is_japanese());
    // Without the administrator statement the condition decides: no finding, and denied.
    let strict = NamedPolicy::parse(
        "ConnectionKey key policy",
        &CONNECTION_KEY.replacen(
            "\"kms:*\", \"Resource\"",
            "\"kms:DescribeKey\", \"Resource\"",
            1,
        ),
    )
    .expect("key");
    let set = PolicySet::new(&id).with_resource(&strict);
    assert_eq!(evaluate(&req, &set), Decision::ImplicitlyDenied);
    assert!(shadowed_conditions(&req, &set).is_empty());
}
