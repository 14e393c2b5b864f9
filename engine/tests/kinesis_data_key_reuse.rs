//! Who may reuse a Kinesis data key (issue 20 §5). The Kinesis guide ("Costs, Regions, and
//! performance considerations") says Kinesis calls KMS about every five minutes *per
//! credential*: a cached GenerateDataKey or Decrypt result belongs to the credential that
//! obtained it, never to the stream. So a second producer or consumer whose role may not use
//! the key is refused however recently another credential used it. The expected figures are
//! written by hand from the scenario, not read back from the engine's caches.

use envelope_lab::sim::{presets, Scenario, Simulation};
use serde_json::{json, Value};

fn run(v: Value) -> Simulation {
    let s: Scenario = serde_json::from_value(v).expect("scenario");
    let mut sim = Simulation::new(&s, 1).expect("valid scenario");
    sim.run_to_end();
    sim
}

/// The seed stack with a key policy that only delegates to the account: each role's IAM
/// policy alone decides who may use the Kinesis key.
fn root_only_kinesis_key() -> Value {
    let s = presets::get("firehose-source-missing-decrypt").expect("preset");
    serde_json::to_value(s).unwrap()
}

fn role(v: &Value, name: &str) -> Value {
    v["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("role {name}"))
        .clone()
}

/// A copy of role `from` named `to` whose one inline policy is `statements`.
fn add_role_like(v: &mut Value, from: &str, to: &str, statements: Value) {
    let mut r = role(v, from);
    r["name"] = json!(to);
    r["inline_policies"] = json!([{"name": format!("{to}Policy"), "document": {"Version": "2012-10-17", "Statement": statements}}]);
    r.as_object_mut().unwrap().remove("attached_policies");
    v["roles"].as_array_mut().unwrap().push(r);
}

fn kinesis_key_arn(v: &Value) -> String {
    let id = v["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "KinesisKey")
        .unwrap()["key_id"]
        .as_str()
        .unwrap()
        .to_string();
    format!("arn:aws:kms:ap-northeast-1:123456789012:key/{id}")
}

/// (succeeded, failed) KMS `operation` steps made for role `role`.
fn kms_calls(sim: &Simulation, operation: &str, role: &str) -> (usize, usize) {
    let marker = format!(":assumed-role/{role}/");
    let calls: Vec<_> = sim
        .steps()
        .iter()
        .filter(|s| s.service == "kms" && s.operation == operation && s.principal.contains(&marker))
        .collect();
    let ok = calls.iter().filter(|s| s.outcome.is_ok()).count();
    (ok, calls.len() - ok)
}

/// Records in current objects under `prefix`.
fn delivered_under(sim: &Simulation, prefix: &str) -> usize {
    sim.summary()
        .s3_objects
        .iter()
        .filter(|o| o.key.starts_with(prefix))
        .map(|o| o.records)
        .sum()
}

#[test]
fn a_consumer_without_decrypt_never_reads_on_another_consumers_cached_decrypt() {
    let mut v = root_only_kinesis_key();
    let key = kinesis_key_arn(&v);
    // The seed's source role gets kms:Decrypt in IAM; a second Firehose stream reads the
    // same Kinesis stream with a role that has every Kinesis permission but no kms:Decrypt.
    let mut source = role(&v, "KinesisStreamSourceRole");
    let mut statements = source["inline_policies"][0]["document"]["Statement"].clone();
    let kinesis_only = statements.clone();
    statements
        .as_array_mut()
        .unwrap()
        .push(json!({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key}));
    source["inline_policies"][0]["document"]["Statement"] = statements;
    let roles = v["roles"].as_array_mut().unwrap();
    let i = roles
        .iter()
        .position(|r| r["name"] == "KinesisStreamSourceRole")
        .unwrap();
    roles[i] = source;
    add_role_like(
        &mut v,
        "KinesisStreamSourceRole",
        "AuditSourceRole",
        kinesis_only,
    );
    let mut audit = v["delivery_streams"][0].clone();
    audit["name"] = json!("dva-02-005-Audit");
    audit["source_role"] = json!("AuditSourceRole");
    audit["prefix"] = json!("audit/");
    v["delivery_streams"].as_array_mut().unwrap().push(audit);

    let sim = run(v);
    // The role allowed to decrypt reads and delivers all 10 records…
    assert_eq!(delivered_under(&sim, "firehose/"), 10);
    assert!(kms_calls(&sim, "Decrypt", "KinesisStreamSourceRole").0 >= 1);
    // …the other never gets a data key: every Decrypt made for it is denied, none succeeds,
    // and nothing it read reaches S3.
    let (ok, denied) = kms_calls(&sim, "Decrypt", "AuditSourceRole");
    assert_eq!(
        ok, 0,
        "a Decrypt succeeded for the role without kms:Decrypt"
    );
    assert!(denied > 0, "the role without kms:Decrypt never asked KMS");
    assert_eq!(delivered_under(&sim, "audit/"), 0);
}

#[test]
fn a_producer_without_generate_data_key_never_puts_on_another_producers_data_key() {
    let mut v = root_only_kinesis_key();
    // A second function writes to the same stream at the same moments with a role that may
    // put records but not use the key.
    let put_only = json!([{"Effect": "Allow", "Action": ["kinesis:PutRecord"], "Resource": "*"}]);
    add_role_like(&mut v, "DataSourceLambdaRole", "OtherLambdaRole", put_only);
    let mut other = v["producers"][0].clone();
    other["name"] = json!("OtherLambda");
    other["role"] = json!("OtherLambdaRole");
    v["producers"].as_array_mut().unwrap().push(other);

    let sim = run(v);
    let counts = sim.summary().producers;
    let of = |name: &str| {
        counts
            .iter()
            .find(|p| p.name == name)
            .map(|p| (p.produced, p.put_ok, p.put_failed))
            .unwrap()
    };
    assert_eq!(of("DataSourceLambda"), (10, 10, 0));
    assert_eq!(of("OtherLambda"), (10, 0, 10));
    assert_eq!(kms_calls(&sim, "GenerateDataKey", "OtherLambdaRole").0, 0);
}

#[test]
fn one_credential_asks_kms_again_about_every_five_minutes() {
    // One producer invoked every minute for 12 minutes: its credential's data key is made at
    // 0 min and reused until 5 min, then made again at 5 and 10 min (Kinesis guide: about
    // every five minutes per credential; the simulator's period is exactly 5 minutes).
    let mut v = serde_json::to_value(presets::get("happy-path").unwrap()).unwrap();
    v["producers"][0]["invocations"] = json!(12);
    v["producers"][0]["invocation_interval"] = json!("1m");
    let sim = run(v);
    assert_eq!(
        kms_calls(&sim, "GenerateDataKey", "DataSourceLambdaRole"),
        (3, 0)
    );
}
