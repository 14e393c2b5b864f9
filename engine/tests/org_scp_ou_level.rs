//! Issue [4/6] §2 (e): "an SCP that lacks an Allow at one OU level", the preset
//! `org-mistake-scp-ou-level`, checked from outside the engine. The expectations come from the
//! AWS Organizations User Guide, "SCP evaluation" ("How SCPs work with Allow": to permit an
//! action for an account, an SCP attached at every level on the direct path from the root —
//! the root, each OU, the account itself — must allow it; a level without such an Allow
//! denies it) and "Inheritance for service control policies":
//! - the organization is root → OU Workloads → OU Prod → account 123456789012; FullAWSAccess is
//!   attached at the root, at Workloads and at the account; OU Prod has only an allow-list that
//!   does not name kinesis:PutRecord. So the producer's PutRecord is denied at the third level
//!   (OU Prod), by the caller's account's SCPs, although the other three levels allow it;
//! - the same organization with an Allow of kinesis:PutRecord at OU Prod delivers everything;
//!   the same Allow at OU Workloads instead does not (that level already allowed);
//! - the fix offered attaches an SCP at OU Prod allowing exactly kinesis:PutRecord, is a change
//!   of a control, and a re-run of the edited scenario delivers all ten records.

use envelope_lab::patch;
use envelope_lab::sim::fixes::FixCache;
use envelope_lab::sim::{presets, Scenario, Simulation};
use serde_json::{json, Value};

const NAME: &str = "org-mistake-scp-ou-level";
const ACCOUNT: &str = "123456789012";
const PROD: &str = "ou-ab12-44444444";
const WORKLOADS: &str = "ou-ab12-11111111";

fn run_doc(doc: &Value) -> Simulation {
    let s = Scenario::from_json(&doc.to_string()).expect("valid scenario");
    let mut sim = Simulation::new(&s, 1).expect("builds");
    sim.run_to_end();
    assert!(sim.is_finished());
    sim
}

fn preset_doc() -> Value {
    serde_json::to_value(presets::get(NAME).expect("the preset")).unwrap()
}

fn summary(sim: &Simulation) -> Value {
    serde_json::to_value(sim.summary()).unwrap()
}

/// A new SCP allowing exactly kinesis:PutRecord, attached (written by hand) at `target`.
fn with_put_record_allowed_at(target: &str) -> Value {
    let mut doc = preset_doc();
    let list = doc["organization"]["scps"][target]
        .as_array_mut()
        .expect("a list at the target");
    list.push(
        json!({"name": "AllowPutRecord", "policy": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "kinesis:PutRecord", "Resource": "*"}]}}),
    );
    doc
}

#[test]
fn the_preset_is_described_in_both_languages() {
    let p = presets::find(NAME).expect("registered");
    assert!(p.description.missing().is_empty());
    assert_ne!(p.description.en(), p.description.get("ja"));
    assert_eq!(p.error_code, Some("AccessDeniedException"));
    // Root → Workloads → Prod → the account, with FullAWSAccess everywhere but Prod.
    let doc = preset_doc();
    let org = &doc["organization"];
    assert_eq!(org["ous"][1]["id"], PROD);
    assert_eq!(org["ous"][1]["parent"], WORKLOADS);
    assert_eq!(org["accounts"][1]["parent"], PROD);
    for target in ["root", WORKLOADS, ACCOUNT] {
        assert_eq!(org["scps"][target][0]["name"], "FullAWSAccess", "{target}");
    }
    let prod = org["scps"][PROD].as_array().unwrap();
    assert_eq!(prod.len(), 1);
    assert!(!prod[0].to_string().contains("kinesis:PutRecord\""));
}

#[test]
fn every_put_record_is_denied_by_the_scp_at_ou_prod_and_names_the_account() {
    let sim = run_doc(&preset_doc());
    let v = summary(&sim);
    assert_eq!(v["records"]["delivered"], 0);
    let denials = v["denials"].as_array().unwrap();
    assert_eq!(denials.len(), 10, "one per invocation");
    for d in denials {
        assert_eq!(d["operation"], "PutRecord");
        assert_eq!(d["error_code"], "AccessDeniedException");
        assert_eq!(
            d["denied_by"],
            json!({"policy": "caller_scp", "account": ACCOUNT})
        );
        assert!(d["message"]
            .as_str()
            .unwrap()
            .contains("no service control policy allows the kinesis:PutRecord action"));
    }
    // The deciding rule: the third of four levels (root 0, Workloads 1, Prod 2, account 3),
    // where only ProdDeliveryOnly is attached.
    let row = sim.steps().iter().position(|s| !s.outcome.is_ok()).unwrap();
    let e = sim.authorization_at(row).expect("authorized");
    let rule = serde_json::to_value(&e.rule).unwrap();
    assert_eq!(rule["rule"], "no_scp_allows_at_level", "{rule}");
    assert_eq!(rule["level"], 2);
    assert_eq!(rule["levels"], 4);
    assert_eq!(rule["attached"], json!(["ProdDeliveryOnly"]));
    let text = e.denied_by_text().expect("a denial");
    assert_eq!(
        text.en(),
        "Denied by the SCPs of the caller's account (account 123456789012): no SCP attached at OU Prod (ou-ab12-44444444) allows it"
    );
    assert_eq!(
        text.get("ja"),
        "呼び出し元アカウントの SCP (アカウント 123456789012) によって拒否されました。OU Prod (ou-ab12-44444444) にアタッチされた SCP はどれも許可していません"
    );
    // The rule's own text names the level too, by depth and by name.
    assert_eq!(rule["place"], "OU Prod (ou-ab12-44444444)");
    assert!(e
        .reason
        .contains("that level is OU Prod (ou-ab12-44444444)"));
}

#[test]
fn an_allow_at_ou_prod_clears_it_and_the_same_allow_one_level_up_does_not() {
    let v = summary(&run_doc(&with_put_record_allowed_at(PROD)));
    assert_eq!(v["records"]["delivered"], 10);
    assert!(v["denials"].as_array().unwrap().is_empty());
    let v = summary(&run_doc(&with_put_record_allowed_at(WORKLOADS)));
    assert_eq!(v["records"]["delivered"], 0);
    assert_eq!(v["denials"].as_array().unwrap().len(), 10);
}

#[test]
fn the_fix_attaches_an_allow_scp_at_ou_prod_for_exactly_put_record() {
    let doc = preset_doc();
    let sim = run_doc(&doc);
    let step = sim
        .steps()
        .iter()
        .find(|s| !s.outcome.is_ok())
        .unwrap()
        .index;
    let fixes = FixCache::new().fixes_for(&sim, step).expect("fixes");
    assert!(!fixes.options.is_empty(), "{:?}", fixes.no_fix_reason);
    let o = &fixes.options[0];
    assert_eq!(o.kind.as_str(), "scp_statement");
    assert!(o.verified);
    assert!(o.changes_control, "an SCP is a control");
    assert_eq!(o.targets[0].document.as_str(), "service_control_policy");
    assert!(o.targets[0].label.en().contains("OU Prod"));
    assert!(o.targets[0].label.get("ja").contains("OU Prod"));
    assert!(o
        .explanation
        .en()
        .contains("orgs_manage_policies_scps_evaluation"));
    assert!(o.explanation.get("ja").contains("/ja_jp/organizations/"));
    // Applied: OU Prod has ProdDeliveryOnly (unchanged) and a new SCP allowing only
    // kinesis:PutRecord; no other level changed.
    let edited = patch::apply(&doc, &o.edits).expect("applies");
    let before = &doc["organization"]["scps"];
    let after = &edited["organization"]["scps"];
    for target in ["root", WORKLOADS, ACCOUNT] {
        assert_eq!(before[target], after[target], "{target}");
    }
    let prod = after[PROD].as_array().unwrap();
    assert_eq!(prod.len(), 2);
    assert_eq!(prod[0], before[PROD][0]);
    let statements = prod[1]["policy"]["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 1);
    assert_eq!(statements[0]["Effect"], "Allow");
    assert_eq!(statements[0]["Action"], "kinesis:PutRecord");
    // Re-run: everything is delivered.
    let v = summary(&run_doc(&edited));
    assert_eq!(v["records"]["delivered"], 10);
    assert!(v["denials"].as_array().unwrap().is_empty());
}
