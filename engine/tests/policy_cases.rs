//! Runs every case file under tests/policy_cases/ through both `explain` and `evaluate`.
//!
//! A case file: `{"topic", "policies": {name: policy}, "defaults": {"request": {…}}, "cases": [...]}`.
//! A case is the CLI `eval` input plus:
//! - `name` (what it shows) and `expect` (`Allowed` | `ExplicitlyDenied` | `ImplicitlyDenied`);
//! - optional `reason` (substring of the English reason), `message` (exact AWS text),
//!   `rule` (the rule tag), `condition_results` (expected results of the conditions of the
//!   first statement that has conditions);
//! - `source`: the AWS page the expectation comes from ("title, https://docs.aws.amazon.com/…");
//!   required on every case of a file with `"source_required": true`;
//! - shortcuts: policies may be named (strings looked up in `policies`); `condition` builds
//!   an identity policy allowing `*` on `*` under that condition; `context`, `action`,
//!   `principal`, `resource` override the default request's fields;
//! - organization fields as `eval` takes them: `service_control_policies` / `scps` and
//!   `resource_control_policies` / `rcps` (a flat list or levels, root first; a level is a
//!   list of policy names or policies), `management_account`, `aws_managed_key`, and
//!   `organization` (its `scps` / `rcps` maps hold lists of policy names or policies).

use envelope_lab::policy::{cli, evaluate, evaluate_rule, explain};
use serde_json::{json, Map, Value};
use std::path::Path;

fn resolve_policies(v: &Value, policies: &Map<String, Value>, file: &str, case: &str) -> Value {
    match v {
        Value::String(name) => {
            let p = policies
                .get(name)
                .unwrap_or_else(|| panic!("{file}: case {case}: unknown policy name {name}"));
            json!({"name": name, "policy": p})
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| resolve_policies(i, policies, file, case))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn build_input(
    case: &Value,
    defaults: &Value,
    policies: &Map<String, Value>,
    file: &str,
) -> (String, Value) {
    let name = case["name"].as_str().unwrap_or("?").to_string();
    let mut request = defaults
        .get("request")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if let Some(r) = case.get("request") {
        request = r.clone();
    }
    for k in ["principal", "action", "resource", "resource_account"] {
        if let Some(v) = case.get(k) {
            request[k] = v.clone();
        }
    }
    if let Some(ctx) = case.get("context") {
        let mut merged = request.get("context").cloned().unwrap_or_else(|| json!({}));
        if let (Some(m), Some(add)) = (merged.as_object_mut(), ctx.as_object()) {
            for (k, v) in add {
                m.insert(k.clone(), v.clone());
            }
        }
        request["context"] = merged;
    }
    let mut input = json!({"request": request});
    let identity = if let Some(cond) = case.get("condition") {
        json!([{"name": "ConditionPolicy", "policy": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": cond}]
        }}])
    } else {
        case.get("identity_policies")
            .or_else(|| defaults.get("identity_policies"))
            .cloned()
            .unwrap_or_else(|| json!([]))
    };
    input["identity_policies"] = resolve_policies(&identity, policies, file, &name);
    for k in [
        "resource_policy",
        "permission_boundaries",
        "service_control_policies",
        "scps",
        "resource_control_policies",
        "rcps",
        "grants",
    ] {
        if let Some(v) = case.get(k).or_else(|| defaults.get(k)) {
            input[k] = resolve_policies(v, policies, file, &name);
        }
    }
    if let Some(org) = case
        .get("organization")
        .or_else(|| defaults.get("organization"))
    {
        let mut org = org.clone();
        for k in ["scps", "rcps"] {
            if let Some(Value::Object(map)) = org.get_mut(k) {
                for v in map.values_mut() {
                    *v = resolve_policies(v, policies, file, &name);
                }
            }
        }
        input["organization"] = org;
    }
    for k in ["management_account", "aws_managed_key"] {
        if let Some(v) = case.get(k).or_else(|| defaults.get(k)) {
            input[k] = v.clone();
        }
    }
    (name, input)
}

#[test]
fn policy_case_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/policy_cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/policy_cases exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "expected one case file per topic");
    let mut total = 0;
    let mut failures = Vec::new();
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let policies = doc
            .get("policies")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let defaults = doc.get("defaults").cloned().unwrap_or_else(|| json!({}));
        let cases = doc["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{file}: no cases"));
        let source_required = doc.get("source_required") == Some(&Value::Bool(true));
        for case in cases {
            total += 1;
            let (name, input) = build_input(case, &defaults, &policies, &file);
            match case.get("source").and_then(Value::as_str) {
                Some(s) if s.contains("https://docs.aws.amazon.com/") => {}
                None if !source_required => {}
                other => failures.push(format!(
                    "{file}: {name}: source {other:?} must name an AWS documentation page"
                )),
            }
            let parsed = match cli::parse_eval_input(&input.to_string()) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!("{file}: {name}: input error {e}"));
                    continue;
                }
            };
            let set = parsed.policy_set();
            let req = &parsed.request;
            let ex = explain(req, &set);
            let fast = evaluate(req, &set);
            let fast_rule = evaluate_rule(req, &set);
            let expect = case["expect"].as_str().unwrap_or("?");
            let mut fail = |what: String| failures.push(format!("{file}: {name}: {what}"));
            if ex.decision.as_str() != expect {
                fail(format!(
                    "explain gave {:?} ({}), expected {expect}",
                    ex.decision, ex.reason
                ));
            }
            if fast != ex.decision {
                fail(format!("fast path {fast:?} != explained {:?}", ex.decision));
            }
            if fast_rule != ex.rule {
                fail(format!(
                    "fast rule {fast_rule:?} != explained {:?}",
                    ex.rule
                ));
            }
            if let Some(r) = case.get("reason").and_then(Value::as_str) {
                if !ex.reason.contains(r) {
                    fail(format!("reason {:?} does not contain {r:?}", ex.reason));
                }
            }
            if let Some(m) = case.get("message").and_then(Value::as_str) {
                if ex.message.as_deref() != Some(m) {
                    fail(format!("message {:?} != {m:?}", ex.message));
                }
            }
            if let Some(r) = case.get("rule").and_then(Value::as_str) {
                let tag = serde_json::to_value(&ex.rule).unwrap()["rule"].clone();
                if tag != r {
                    fail(format!("rule {tag} != {r}"));
                }
            }
            if let Some(want) = case.get("condition_results").and_then(Value::as_array) {
                // The first statement (in any policy) that has conditions.
                let got: Vec<bool> = ex
                    .policies
                    .iter()
                    .flat_map(|p| p.statements.iter())
                    .find(|s| !s.conditions.is_empty())
                    .map(|s| s.conditions.iter().map(|c| c.result).collect())
                    .unwrap_or_default();
                let want: Vec<bool> = want.iter().filter_map(Value::as_bool).collect();
                if got != want {
                    fail(format!("condition results {got:?} != {want:?}"));
                }
            }
            // The explanation must always serialize.
            serde_json::to_string(&ex).unwrap();
        }
    }
    println!("{total} policy cases in {} files", files.len());
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
