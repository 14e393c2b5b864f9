//! Fixes for every failure of every preset and every lesson's starting scenario (issue 12):
//! each failure has at least one verified option; applying the first one removes that
//! failure from a full re-run; new statements never use a wildcard action, nor `"Resource":
//! "*"` outside a key policy; and an independent probe (the other roles, the other KMS
//! actions, evaluated here from the scenario's own documents) confirms that a
//! least-privilege policy option allows nothing else.

use std::collections::BTreeSet;

use envelope_lab::lessons::{self, patch};
use envelope_lab::policy::{evaluate, Context, NamedPolicy, PolicySet, Request};
use envelope_lab::sim::fixes::{DenialFixes, DocumentKind, FixCache, FixKind, FixOption};
use envelope_lab::sim::{presets, Scenario, Simulation};
use serde_json::Value;

/// A failure as the re-run check compares it.
type Failure = (String, String, String, String);

fn failures(sim: &Simulation) -> Vec<(u32, Failure)> {
    sim.steps()
        .iter()
        .filter(|s| !s.outcome.is_ok())
        .map(|s| {
            let f = (
                s.service.to_string(),
                s.operation.to_string(),
                s.outcome.code().unwrap_or("").to_string(),
                s.principal.to_string(),
            );
            (s.index, f)
        })
        .collect()
}

fn run(scenario: &Scenario, seed: u64) -> Simulation {
    let mut sim = Simulation::new(scenario, seed).expect("valid scenario");
    sim.run_to_end();
    sim
}

/// Every scenario the course starts from: the presets, then each lesson's start.
fn starts() -> Vec<(String, Scenario, u64)> {
    let mut out: Vec<(String, Scenario, u64)> = presets::all()
        .iter()
        .map(|p| (p.name.to_string(), p.scenario(), 1))
        .collect();
    for lesson in lessons::builtin_lessons() {
        let s = lessons::start::start_scenario(&lesson).expect("lesson start");
        out.push((format!("lesson {}", lesson.id), s, lesson.scenario.seed));
    }
    out
}

/// The statements an option adds (new statements and new documents' statements), each with
/// the pointer of the edit that adds it.
fn added_statements(o: &FixOption) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for e in &o.edits {
        let patch::Edit::Add { path, value } = e else {
            continue;
        };
        let mut collect = |v: &Value| {
            if v.get("Effect").is_some() {
                out.push((path.clone(), v.clone()));
            }
            if let Some(Value::Array(list)) = v.get("Statement") {
                out.extend(list.iter().map(|st| (path.clone(), st.clone())));
            }
            if let Some(doc) = v.get("document") {
                if let Some(Value::Array(list)) = doc.get("Statement") {
                    out.extend(list.iter().map(|st| (path.clone(), st.clone())));
                }
            }
        };
        match value {
            Value::Array(items) => items.iter().for_each(&mut collect),
            v => collect(v),
        }
    }
    out
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

fn check_least_privilege_shape(name: &str, o: &FixOption) {
    // A cross-account fix adds to the key policy and to the caller's identity policy: judge
    // each statement by the document its edit adds it to.
    for (path, st) in added_statements(o) {
        let key_policy = o.targets.iter().any(|t| {
            t.document == DocumentKind::KeyPolicy
                && (path == t.pointer || path.starts_with(&format!("{}/", t.pointer)))
        });
        for a in strings(st.get("Action")) {
            assert!(!a.contains('*'), "{name}: wildcard action {a} in {st}");
        }
        for r in strings(st.get("Resource")) {
            if key_policy {
                assert_eq!(r, "*", "{name}: a key policy's resource is the key itself");
            } else {
                assert!(
                    r != "*" && r.starts_with("arn:"),
                    "{name}: resource {r} in {st}"
                );
            }
        }
    }
}

#[test]
fn every_failure_of_every_start_has_a_verified_fix_that_removes_it() {
    let mut checked = 0;
    for (name, scenario, seed) in starts() {
        let sim = run(&scenario, seed);
        let doc = serde_json::to_value(&scenario).expect("scenario JSON");
        let mut cache = FixCache::new();
        let mut seen = BTreeSet::new();
        for (step, failure) in failures(&sim) {
            if !seen.insert(failure.clone()) {
                continue;
            }
            let fixes: DenialFixes = cache
                .fixes_for(&sim, step)
                .unwrap_or_else(|| panic!("{name}: no fixes for step {step} {failure:?}"));
            assert!(
                !fixes.options.is_empty(),
                "{name}: step {step} {failure:?} has no option; rejected: {:?}",
                fixes
                    .rejected
                    .iter()
                    .map(|r| r.reason.en().to_string())
                    .collect::<Vec<_>>()
            );
            for o in &fixes.options {
                assert!(o.verified, "{name}: unverified option offered");
                assert!(!o.explanation.en().is_empty() && o.explanation.ja_is_japanese());
                check_least_privilege_shape(&name, o);
            }
            let first = &fixes.options[0];
            let fixed_doc = patch::apply(&doc, &first.edits)
                .unwrap_or_else(|e| panic!("{name}: first option does not apply: {e}"));
            let fixed = Scenario::from_json(&fixed_doc.to_string()).expect("fixed scenario valid");
            let rerun = run(&fixed, seed);
            assert!(
                failures(&rerun).iter().all(|(_, f)| *f != failure),
                "{name}: {failure:?} still happens after {}",
                first.kind.as_str()
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} distinct failures checked");
}

/// The roles of a scenario with their identity policies, parsed here.
fn roles(s: &Scenario) -> Vec<(String, Vec<NamedPolicy>)> {
    s.roles
        .iter()
        .map(|r| {
            let docs = r.inline_policies.iter().chain(&r.attached_policies);
            let parsed = docs
                .map(|p| NamedPolicy::parse(&p.name, &p.document.to_string()).expect("policy"))
                .collect();
            (r.name.clone(), parsed)
        })
        .collect()
}

const KMS_ACTIONS: [&str; 6] = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:CreateGrant",
];

/// Requests on `key` (index in the scenario) by every role with every KMS action, with the
/// context of a call through `via` (or direct): their decisions.
fn kms_decisions(
    s: &Scenario,
    key: usize,
    via: Option<&str>,
    ctx: &[(String, String)],
) -> Vec<bool> {
    let policy = NamedPolicy::parse("key", &s.keys[key].policy.to_string()).expect("key policy");
    let grants: Vec<_> = s.keys[key]
        .grants
        .iter()
        .map(envelope_lab::sim::keys::grant)
        .collect();
    let arn = format!(
        "arn:aws:kms:{}:{}:key/{}",
        s.region,
        s.account,
        s.keys[key].key_id.clone().unwrap_or_default()
    );
    let mut out = Vec::new();
    for (role, identity) in roles(s) {
        for action in KMS_ACTIONS {
            let mut c = Context::new();
            c.set("kms:CallerAccount", s.account.clone());
            if let Some(v) = via {
                c.set("kms:ViaService", v);
            }
            for (k, v) in ctx {
                c.set(k.clone(), v.clone());
            }
            let principal = format!("arn:aws:sts::{}:assumed-role/{role}/probe", s.account);
            let req = Request::new(principal, action, arn.clone()).with_context(c);
            let set = PolicySet::new(&identity)
                .with_resource(&policy)
                .with_grants(&grants);
            out.push(evaluate(&req, &set).is_allowed());
        }
    }
    out
}

#[test]
fn least_privilege_policy_fixes_allow_nothing_else_by_an_independent_probe() {
    let stream = "arn:aws:kinesis:ap-northeast-1:123456789012:stream/dva-02-005-DataStream";
    let kinesis = ("aws:kinesis:arn", stream.to_string());
    let object = (
        "aws:s3:arn",
        "arn:aws:s3:::dva-02-005/firehose/probe".to_string(),
    );
    // (preset, key index, kms:ViaService, encryption context of the denied call)
    let cases = [
        (
            "producer-missing-generate-data-key",
            0,
            Some("kinesis"),
            kinesis.clone(),
        ),
        (
            "firehose-source-missing-decrypt",
            0,
            Some("kinesis"),
            kinesis.clone(),
        ),
        ("s3-destination-missing-kms", 1, Some("s3"), object),
        ("via-service-mismatch", 0, None, kinesis),
    ];
    for (name, key, via, (ck, cv)) in cases {
        let scenario = presets::get(name).expect("preset");
        let sim = run(&scenario, 1);
        let doc = serde_json::to_value(&scenario).expect("JSON");
        let (step, _) = failures(&sim)[0].clone();
        let fixes = sim.fixes_for(step).expect("fixes");
        let cause = sim.steps()[fixes.cause as usize].clone();
        let caller = sim
            .role_of_principal(&cause.principal)
            .expect("role")
            .to_string();
        let via = via.map(|v| format!("{v}.{}.amazonaws.com", scenario.region));
        let ctx = [(format!("kms:EncryptionContext:{ck}"), cv)];
        let before = kms_decisions(&scenario, key, via.as_deref(), &ctx);
        let mut probed = 0;
        for o in fixes.options.iter().filter(|o| o.least_privilege) {
            if !matches!(o.kind, FixKind::Policy(_)) {
                continue;
            }
            let fixed = patch::apply(&doc, &o.edits).expect("applies");
            let fixed: Scenario = serde_json::from_value(fixed).expect("scenario");
            let after = kms_decisions(&fixed, key, via.as_deref(), &ctx);
            let newly: Vec<(String, &str)> = (0..before.len())
                .filter(|&i| !before[i] && after[i])
                .map(|i| {
                    (
                        scenario.roles[i / KMS_ACTIONS.len()].name.clone(),
                        KMS_ACTIONS[i % KMS_ACTIONS.len()],
                    )
                })
                .collect();
            // A changed call changes no policy: it newly allows nothing at all.
            if o.kind.as_str() == "change_call" {
                assert!(newly.is_empty(), "{name}: change_call allows {newly:?}");
                continue;
            }
            let denied = format!("kms:{}", cause.operation);
            assert_eq!(
                newly,
                vec![(caller.clone(), denied.as_str())],
                "{name}: {} must newly allow exactly the denied request",
                o.kind.as_str()
            );
            probed += 1;
        }
        assert!(
            probed >= 2,
            "{name}: {probed} least-privilege policy options probed"
        );
    }
}

#[test]
fn run_summary_gives_every_denial_its_verified_fixes_and_keeps_the_rest() {
    use envelope_lab::sim::cli::{run as cli_run, RunArgs};
    let args = RunArgs {
        preset: Some("producer-missing-generate-data-key".into()),
        seed: 1,
        summary: true,
        ..RunArgs::default()
    };
    let text = cli_run(&args).expect("runs");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    let denials = v["denials"].as_array().expect("denials");
    assert_eq!(denials.len(), 20);
    let groups = v["fixes"]
        .as_array()
        .expect("the fixes, once per distinct failure");
    for d in denials {
        let id = d["fixes_id"]
            .as_u64()
            .expect("every denial names its fixes") as usize;
        let fixes = groups[id]["options"].as_array().expect("options");
        assert!(!fixes.is_empty());
        for f in fixes {
            assert_eq!(f["verified"], Value::Bool(true));
            assert!(f["where"]["pointer"]
                .as_str()
                .is_some_and(|p| p.starts_with('/')));
            assert!(f["where"]["document"].is_string());
            assert!(f["edit"]
                .as_array()
                .is_some_and(|e| e.iter().any(|x| x["op"] == "test")));
            assert!(!f["explanation"]["en"].as_str().unwrap_or("").is_empty());
            assert!(!f["explanation"]["ja"].as_str().unwrap_or("").is_empty());
            assert!(f["least_privilege"].is_boolean());
            assert!(f["changes_control"].is_boolean());
            assert!(f.get("next_failure").is_some());
        }
    }
    // Every field the summary had before is there, in the same order, with the same values.
    let first = text.find("\"fixes_id\"").expect("fixes printed");
    assert!(
        text[..first].contains("\"message\""),
        "fixes come after the existing fields"
    );
    let mut stripped = v.clone();
    stripped.as_object_mut().map(|o| o.remove("fixes"));
    for d in stripped["denials"].as_array_mut().into_iter().flatten() {
        d.as_object_mut().map(|o| o.remove("fixes_id"));
    }
    let mut sim = Simulation::with_options(
        &presets::get("producer-missing-generate-data-key").expect("preset"),
        1,
        envelope_lab::sim::SimOptions {
            keep_steps: false,
            ..Default::default()
        },
    )
    .expect("builds");
    sim.run_to_end();
    assert_eq!(
        stripped,
        serde_json::to_value(sim.summary()).expect("summary JSON")
    );
    // The first fix, applied to the scenario the CLI prints, removes the denial.
    let scenario: Value = serde_json::from_str(
        &envelope_lab::sim::cli::scenario_text(Some("producer-missing-generate-data-key"))
            .expect("scenario"),
    )
    .expect("JSON");
    let edit: Vec<patch::Edit> =
        serde_json::from_value(groups[0]["options"][0]["edit"].clone()).expect("a JSON Patch");
    let fixed = Scenario::from_json(&patch::apply(&scenario, &edit).expect("applies").to_string())
        .expect("valid");
    assert!(failures(&run(&fixed, 1))
        .iter()
        .all(|(_, f)| f.1 != "PutRecord" && f.1 != "GenerateDataKey"));
}

#[test]
fn a_run_without_denials_prints_no_fixes() {
    use envelope_lab::sim::cli::{run as cli_run, RunArgs};
    let args = RunArgs {
        preset: Some("happy-path".into()),
        seed: 1,
        summary: true,
        ..RunArgs::default()
    };
    let text = cli_run(&args).expect("runs");
    assert!(!text.contains("\"fixes\""));
}

const EVAL_DENIED: &str = r#"{
  "request": {"principal": "arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/DataSourceLambda",
    "action": "kms:GenerateDataKey",
    "resource": "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555",
    "context": {"kms:CallerAccount": "123456789012", "kms:ViaService": "kinesis.ap-northeast-1.amazonaws.com",
      "kms:EncryptionContext:aws:kinesis:arn": "arn:aws:kinesis:ap-northeast-1:123456789012:stream/dva-02-005-DataStream"}},
  "identity_policies": [{"name": "DataSourceLambdaPolicy", "policy": {"Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "kinesis:PutRecord", "Resource": "arn:aws:kinesis:ap-northeast-1:123456789012:stream/dva-02-005-DataStream"}]}}],
  "resource_policy": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}]}
}"#;

#[test]
fn eval_prints_fixes_that_make_the_request_allowed() {
    use envelope_lab::policy::cli::{eval_json, parse_eval_input};
    let out = eval_json(EVAL_DENIED).expect("valid input");
    assert_eq!(out["decision"], "ImplicitlyDenied");
    let fixes = out["fixes"].as_array().expect("fixes when denied");
    let kinds: Vec<&str> = fixes.iter().filter_map(|f| f["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        ["identity_statement", "key_policy_statement", "grant"]
    );
    let input: Value = serde_json::from_str(EVAL_DENIED).expect("JSON");
    for f in fixes {
        let edit: Vec<patch::Edit> = serde_json::from_value(f["edit"].clone()).expect("patch");
        let fixed = patch::apply(&input, &edit).expect("applies to the input");
        let again = eval_json(&fixed.to_string()).expect("still valid");
        assert_eq!(again["decision"], "Allowed", "{}", f["kind"]);
        assert!(again.get("fixes").is_none(), "no fixes once allowed");
        assert!(parse_eval_input(&fixed.to_string()).is_ok());
    }
    let identity = &fixes[0];
    assert_eq!(identity["where"]["pointer"], "/identity_policies/0/policy");
    assert_eq!(
        identity["where"]["statement"],
        "/identity_policies/0/policy/Statement/1"
    );
    let added = &identity["edit"].as_array().expect("edit")[1]["value"];
    assert_eq!(added["Action"], "kms:GenerateDataKey");
    assert_eq!(
        added["Resource"],
        "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    );
    let key = &fixes[1]["edit"].as_array().expect("edit")[1]["value"];
    assert_eq!(key["Resource"], "*");
    assert_eq!(
        key["Condition"]["StringEquals"]["kms:ViaService"],
        "kinesis.ap-northeast-1.amazonaws.com"
    );
    assert_eq!(
        key["Condition"]["StringEquals"]["kms:CallerAccount"],
        "123456789012"
    );
}

#[test]
fn a_firehose_log_entry_and_a_hand_written_scenario_get_their_fixes() {
    let scenario = presets::get("firehose-source-missing-decrypt").expect("preset");
    let sim = run(&scenario, 1);
    let log = sim.logs(sim.steps().len());
    let entry = log.first().expect("Firehose logged the error");
    let fixes = sim.fixes_for(entry.step).expect("the log entry's failure");
    assert_eq!(sim.steps()[fixes.cause as usize].operation, "Decrypt");
    assert!(!fixes.options.is_empty());
    // A document without the fields that have defaults (as a learner may write it).
    let mut doc = serde_json::to_value(&scenario).expect("JSON");
    doc.as_object_mut().map(|o| o.remove("events"));
    doc.as_object_mut().map(|o| o.remove("readers"));
    for o in &fixes.options {
        let fixed = o.apply_to(&doc).expect("applies to the hand-written form");
        let rerun = run(&Scenario::from_json(&fixed.to_string()).expect("valid"), 1);
        assert_eq!(rerun.run_summary().delivered, 10, "{}", o.kind.as_str());
    }
}
