//! A scenario with an organization (issue [4/6] §1, the simulation side): the seed stack's
//! account 123456789012 is a member account in OU Workloads; a role of another member
//! account and a role of an account outside the organization call KMS directly on the
//! stream's key, which trusts both accounts. With the KMS guide's identity-perimeter RCP
//! attached at the root, the outsider's call is denied by the RCP and the member's passes;
//! an SCP at the OU denying kms:GenerateDataKey (but not for a break-glass role) stops the
//! member's own producer. Expected outcomes come from the Organizations and KMS pages
//! ("RCP evaluation", "SCP evaluation", "Resource control policies in AWS KMS").

use envelope_lab::sim::{Scenario, Simulation};
use serde_json::{json, Value};

const OUTSIDER: &str = "999999999999";
const MEMBER: &str = "210987654321";

fn role(name: &str, account: &str) -> Value {
    json!({
        "name": name,
        "account": account,
        "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:root")}, "Action": "sts:AssumeRole"}]},
        "inline_policies": [{"name": "UseTheKey", "document": {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:DescribeKey"], "Resource": "*"}]}}]
    })
}

fn call(at: &str, role: &str) -> Value {
    json!({"action": "kms_request", "at": at, "role": role, "operation": "DescribeKey", "key": "KinesisKey"})
}

fn perimeter_rcp() -> Value {
    json!({"name": "IdentityPerimeter", "policy": {"Version": "2012-10-17", "Statement": [{
        "Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
                      "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]}})
}

/// The seed stack plus the two roles, their calls, the key trusting both accounts, and
/// `organization`.
fn scenario(organization: Value) -> Scenario {
    let mut v = serde_json::to_value(Scenario::default()).unwrap();
    v["roles"]
        .as_array_mut()
        .unwrap()
        .extend([role("PartnerRole", OUTSIDER), role("AuditRole", MEMBER)]);
    let key = v["keys"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|k| k["name"] == "KinesisKey")
        .unwrap();
    key["policy"]["Statement"].as_array_mut().unwrap().push(json!({
        "Sid": "OtherAccounts", "Effect": "Allow",
        "Principal": {"AWS": [format!("arn:aws:iam::{OUTSIDER}:root"), format!("arn:aws:iam::{MEMBER}:root")]},
        "Action": ["kms:GenerateDataKey", "kms:DescribeKey"], "Resource": "*"}));
    v["events"]
        .as_array_mut()
        .unwrap()
        .extend([call("1m", "PartnerRole"), call("2m", "AuditRole")]);
    v["organization"] = organization;
    serde_json::from_value(v).expect("scenario")
}

fn org(scps: Value, rcps: Value) -> Value {
    json!({
        "id": "o-a1b2c3d4e5", "root_id": "r-ab12", "management_account": "111111111111",
        "ous": [{"id": "ou-ab12-11111111", "name": "Workloads"}],
        "accounts": [{"id": "111111111111", "name": "management"},
                     {"id": "123456789012", "name": "workload", "parent": "ou-ab12-11111111"},
                     {"id": MEMBER, "name": "audit", "parent": "ou-ab12-11111111"}],
        "scps": scps, "rcps": rcps
    })
}

/// (actor, ok, index) of each direct DescribeKey.
fn direct_calls(sim: &Simulation) -> Vec<(String, bool, usize)> {
    sim.steps()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.operation == "DescribeKey")
        .map(|(i, s)| (s.actor.to_string(), s.outcome.is_ok(), i))
        .collect()
}

fn run(s: &Scenario) -> Simulation {
    let mut sim = Simulation::new(s, 1).expect("builds");
    sim.run_to_end();
    sim
}

#[test]
fn without_an_organization_both_cross_account_calls_pass() {
    let mut s = scenario(Value::Null);
    s.organization = None;
    let sim = run(&s);
    let calls = direct_calls(&sim);
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(calls.iter().all(|c| c.1), "{calls:?}");
    // The sessions belong to their roles' accounts.
    let principals: Vec<String> = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "DescribeKey")
        .map(|s| s.principal.to_string())
        .collect();
    assert!(principals[0].starts_with(&format!(
        "arn:aws:sts::{OUTSIDER}:assumed-role/PartnerRole/"
    )));
    assert!(principals[1].starts_with(&format!("arn:aws:sts::{MEMBER}:assumed-role/AuditRole/")));
}

#[test]
fn the_perimeter_rcp_denies_the_outsider_and_lets_the_member_through() {
    let sim = run(&scenario(org(
        json!({}),
        json!({"root": [perimeter_rcp()]}),
    )));
    let calls = direct_calls(&sim);
    assert_eq!(calls.len(), 2, "{calls:?}");
    let (partner, member) = (&calls[0], &calls[1]);
    assert!(partner.0.contains("PartnerRole") && !partner.1, "{calls:?}");
    assert!(member.0.contains("AuditRole") && member.1, "{calls:?}");
    let e = sim.authorization_at(partner.2).expect("explanation");
    assert!(e.reason.contains("RCP IdentityPerimeter"), "{}", e.reason);
    assert_eq!(e.resource_account.as_deref(), Some("123456789012"));
    assert_eq!(e.principal_account.as_deref(), Some(OUTSIDER));
    let path = sim.evaluation_path_at(partner.2).expect("path");
    let deny = path
        .stages
        .iter()
        .find(|s| s.stage == envelope_lab::policy::Stage::ExplicitDeny)
        .unwrap();
    assert!(
        deny.note.en().contains("attached at the root"),
        "{}",
        deny.note.en()
    );
    // The pipeline itself (same account, in the organization) is untouched.
    assert_eq!(
        sim.summary().records.delivered,
        run(&Scenario::default()).summary().records.delivered
    );
}

#[test]
fn an_scp_at_the_ou_stops_the_members_producer() {
    let deny_gdk = json!({"name": "DenyDataKeys", "policy": {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "kms:GenerateDataKey", "Resource": "*",
        "Condition": {"ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::*:role/BreakGlass"}}}]}});
    let full = json!({"name": "FullAWSAccess", "policy": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}});
    let o = org(
        json!({"root": [full], "ou-ab12-11111111": [full, deny_gdk], "123456789012": [full], MEMBER: [full]}),
        json!({}),
    );
    let sim = run(&scenario(o));
    let sum = sim.summary();
    let denied = sum
        .denials
        .iter()
        .find(|d| d.service == "kms" && d.operation == "GenerateDataKey")
        .expect("the producer's GenerateDataKey is denied");
    assert_eq!(denied.error_code, "AccessDeniedException");
    let i = sim
        .steps()
        .iter()
        .position(|s| s.operation == "GenerateDataKey" && !s.outcome.is_ok())
        .unwrap();
    let e = sim.authorization_at(i).unwrap();
    assert!(e.reason.contains("SCP DenyDataKeys"), "{}", e.reason);
    let d = serde_json::to_value(&sum.denials).unwrap();
    let gdk = d
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["operation"] == "GenerateDataKey")
        .unwrap();
    assert_eq!(
        gdk["denied_by"],
        json!({"policy": "caller_scp", "account": "123456789012"})
    );
    // DescribeKey is not in the SCP's Deny: both direct calls pass (no RCPs here).
    assert!(direct_calls(&sim).iter().all(|c| c.1));
}

/// The data-perimeter scenario (issue §2 (c)): one call the RCP stops, one it lets through,
/// and the pipeline delivers as the seed stack does.
#[test]
fn the_data_perimeter_scenario_stops_the_partner_and_lets_the_audit_account_through() {
    let s = envelope_lab::sim::org_presets::rcp_data_perimeter();
    let text = serde_json::to_string(&s).unwrap();
    let back: Scenario = serde_json::from_str(&text).unwrap();
    assert_eq!(back, s, "round-trips through JSON");
    let sim = run(&s);
    let calls = direct_calls(&sim);
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(
        calls[0].0.contains("PartnerRole") && !calls[0].1,
        "{calls:?}"
    );
    assert!(calls[1].0.contains("AuditRole") && calls[1].1, "{calls:?}");
    let e = sim.authorization_at(calls[0].2).unwrap();
    assert!(e.reason.contains("RCP DataPerimeter"), "{}", e.reason);
    assert!(
        e.reason.contains("RCPEnforceIdentityPerimeter"),
        "{}",
        e.reason
    );
    let sum = sim.summary();
    assert!(sum.finished);
    assert_eq!(
        sum.records.delivered,
        run(&Scenario::default()).summary().records.delivered
    );
    // The summary names whose policy denied it: the RCPs of the key's account.
    let d = serde_json::to_value(&sum.denials).unwrap();
    assert_eq!(
        d[0]["denied_by"],
        json!({"policy": "resource_rcp", "account": "123456789012"})
    );
    // A single-account run's summary has no such field (its JSON reads as before).
    let preset = envelope_lab::sim::presets::get("explicit-deny").expect("preset");
    let plain = serde_json::to_string(&run(&preset).summary()).unwrap();
    assert!(!plain.contains("denied_by"));
}

#[test]
fn a_bad_organization_is_a_located_scenario_error() {
    let mut o = org(json!({}), json!({}));
    o["accounts"][1]["parent"] = json!("ou-missing");
    let err = Simulation::new(&scenario(o), 1).expect_err("refused");
    assert_eq!(err.path, "organization.accounts[1].parent");
    let mut s = scenario(org(json!({}), json!({})));
    s.roles[0].account = Some("12345".into());
    let err = Simulation::new(&s, 1).expect_err("refused");
    assert_eq!(err.path, "roles[0].account");
}

#[test]
fn a_scenario_without_organization_or_accounts_serializes_as_before() {
    let s = Scenario::default();
    let text = serde_json::to_string(&s).unwrap();
    assert!(!text.contains("\"organization\""));
    assert!(!text.contains("\"account\":null"));
}
