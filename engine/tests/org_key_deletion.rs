//! Issue [4/6] §2 (d): an SCP that denies `kms:ScheduleKeyDeletion` everywhere except a
//! break-glass role. A role's ScheduleKeyDeletion is authorized like any of its calls
//! (identity policy, key policy, SCPs): the SCP's Deny wins over both Allows, KMS answers
//! AccessDeniedException "… with an explicit deny in a service control policy" (the KMS
//! Developer Guide's troubleshooting page gives this ending), the key's state stays, and
//! the break-glass role's call schedules the deletion. The account's administrator (an
//! event without `role`) is not authorized, as before.

use envelope_lab::sim::{Scenario, Simulation};
use serde_json::{json, Value};

const ACCOUNT: &str = "123456789012";

fn admin_role(name: &str) -> Value {
    json!({"name": name,
        "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "sts:AssumeRole"}]},
        "inline_policies": [{"name": "KeyAdmin", "document": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}]}}]})
}

fn schedule(at: &str, role: Option<&str>) -> Value {
    let mut e = json!({"action": "schedule_key_deletion", "at": at, "key": "S3Key", "pending_window_days": 7});
    if let Some(r) = role {
        e["role"] = json!(r);
    }
    e
}

fn full() -> Value {
    json!({"name": "FullAWSAccess", "policy": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}})
}

fn deny_deletion() -> Value {
    json!({"name": "ProtectKeys", "policy": {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*",
        "Condition": {"ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::*:role/BreakGlass"}}}]}})
}

fn scenario(events: Vec<Value>, organization: Option<Value>) -> Scenario {
    let mut v = serde_json::to_value(Scenario::default()).unwrap();
    v["roles"]
        .as_array_mut()
        .unwrap()
        .extend([admin_role("KeyAdmin"), admin_role("BreakGlass")]);
    // After the pipeline has delivered (so the S3 key's new state changes nothing else).
    v["events"] = json!(events);
    if let Some(o) = organization {
        v["organization"] = o;
    }
    serde_json::from_value(v).expect("scenario")
}

fn org() -> Value {
    json!({"id": "o-a1b2c3d4e5", "root_id": "r-ab12", "management_account": "111111111111",
        "ous": [{"id": "ou-ab12-11111111", "name": "Workloads"}],
        "accounts": [{"id": "111111111111", "name": "management"},
                     {"id": ACCOUNT, "name": "workload", "parent": "ou-ab12-11111111"}],
        "scps": {"root": [full()], "ou-ab12-11111111": [full(), deny_deletion()], ACCOUNT: [full()]}})
}

fn run(s: &Scenario) -> Simulation {
    let mut sim = Simulation::new(s, 1).expect("builds");
    sim.run_to_end();
    sim
}

/// (actor, ok, message) of each ScheduleKeyDeletion step.
fn schedules(sim: &Simulation) -> Vec<(String, bool, String)> {
    sim.steps()
        .iter()
        .filter(|s| s.operation == "ScheduleKeyDeletion")
        .map(|s| {
            let msg = match &s.outcome {
                envelope_lab::runtime::trace::Outcome::Error { message, .. } => message.to_string(),
                _ => String::new(),
            };
            (s.actor.to_string(), s.outcome.is_ok(), msg)
        })
        .collect()
}

fn s3_key_state(sim: &Simulation) -> String {
    format!("{:?}", sim.key_state_at("S3Key", sim.steps().len()))
}

#[test]
fn without_an_organization_the_roles_own_policy_and_the_key_policy_allow_it() {
    let sim = run(&scenario(vec![schedule("20m", Some("KeyAdmin"))], None));
    let calls = schedules(&sim);
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(calls[0].1, "{calls:?}");
    assert_eq!(s3_key_state(&sim), "PendingDeletion");
}

#[test]
fn the_scp_denies_the_key_administrator_and_lets_the_break_glass_role_through() {
    let sim = run(&scenario(
        vec![
            schedule("20m", Some("KeyAdmin")),
            schedule("21m", Some("BreakGlass")),
        ],
        Some(org()),
    ));
    let calls = schedules(&sim);
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(
        calls[0].0.starts_with("KeyAdmin") && !calls[0].1,
        "{calls:?}"
    );
    assert!(
        calls[0]
            .2
            .ends_with("with an explicit deny in a service control policy"),
        "{}",
        calls[0].2
    );
    assert!(
        calls[0].2.contains("kms:ScheduleKeyDeletion"),
        "{}",
        calls[0].2
    );
    assert!(
        calls[1].0.starts_with("BreakGlass") && calls[1].1,
        "{calls:?}"
    );
    assert_eq!(s3_key_state(&sim), "PendingDeletion");
    let sum = serde_json::to_value(sim.summary()).unwrap();
    let d = sum["denials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["operation"] == "ScheduleKeyDeletion")
        .expect("a denial");
    assert_eq!(d["error_code"], "AccessDeniedException");
    assert_eq!(
        d["denied_by"],
        json!({"policy": "caller_scp", "account": ACCOUNT})
    );
}

#[test]
fn a_denied_call_leaves_the_key_as_it_was() {
    let sim = run(&scenario(
        vec![schedule("20m", Some("KeyAdmin"))],
        Some(org()),
    ));
    assert!(!schedules(&sim)[0].1);
    assert_eq!(s3_key_state(&sim), "Enabled");
}

#[test]
fn the_accounts_administrator_is_not_authorized_as_before() {
    let sim = run(&scenario(vec![schedule("20m", None)], Some(org())));
    let calls = schedules(&sim);
    assert!(calls[0].0 == "Administrator" && calls[0].1, "{calls:?}");
    assert_eq!(s3_key_state(&sim), "PendingDeletion");
}

#[test]
fn an_unknown_role_is_a_located_error_in_both_languages() {
    let mut v = serde_json::to_value(scenario(vec![], None)).unwrap();
    v["events"] = json!([schedule("20m", Some("Nobody"))]);
    let err = Scenario::from_json(&v.to_string()).unwrap_err();
    let text = format!("{err:?}");
    assert!(text.contains("events[0].role"), "{text}");
    assert!(text.contains("no role named \\\"Nobody\\\""), "{text}");
    assert!(text.contains("という名前のロールがありません"), "{text}");
}

#[test]
fn the_preset_denies_the_administrator_by_the_ous_scp_and_delivers_every_record() {
    let s = envelope_lab::sim::org_presets::scp_deny_key_deletion();
    let sim = run(&s);
    let calls = schedules(&sim);
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(calls[0].0.starts_with("KeyAdminRole") && !calls[0].1);
    assert!(calls[1].0.starts_with("BreakGlassRole") && calls[1].1);
    let i = sim
        .steps()
        .iter()
        .position(|s| s.operation == "ScheduleKeyDeletion")
        .unwrap();
    let e = sim.authorization_at(i).expect("explanation");
    assert!(e.reason.contains("SCP DenyKeyDeletion"), "{}", e.reason);
    assert_eq!(sim.summary().records.delivered, 10);
}

#[test]
fn a_role_of_another_account_cannot_schedule_the_keys_deletion() {
    let mut v = serde_json::to_value(scenario(vec![], None)).unwrap();
    let roles = v["roles"].as_array_mut().unwrap();
    let admin = roles.iter_mut().find(|r| r["name"] == "KeyAdmin").unwrap();
    admin["account"] = json!("210987654321");
    admin["trust_policy"]["Statement"][0]["Principal"]["AWS"] =
        json!("arn:aws:iam::210987654321:root");
    v["events"] = json!([schedule("20m", Some("KeyAdmin"))]);
    let err = Scenario::from_json(&v.to_string()).unwrap_err();
    let text = format!("{err:?}");
    assert!(text.contains("events[0].role"), "{text}");
    assert!(text.contains("Cross-account use: No"), "{text}");
    assert!(
        text.contains("アカウントをまたいで呼び出せません"),
        "{text}"
    );
}
