//! Runs every lint case file under tests/lint_cases/: a policy, the kind it is linted as and
//! the exact finding codes expected, with the AWS page the expectation comes from. Every
//! finding must be located and bilingual.

use envelope_lab::policy::{cli, lint};
use serde_json::Value;
use std::path::Path;

#[test]
fn lint_case_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/lint_cases exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut total = 0;
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        for case in doc["cases"].as_array().expect("cases") {
            total += 1;
            let name = case["name"].as_str().unwrap_or("?");
            let mut fail = |what: String| failures.push(format!("{file}: {name}: {what}"));
            if !case["source"]
                .as_str()
                .is_some_and(|s| s.contains("https://docs.aws.amazon.com/"))
            {
                fail("no AWS source".into());
            }
            let kind = cli::parse_kind(case["kind"].as_str().unwrap_or("?"));
            let Some(kind) = kind else {
                fail(format!("unknown kind {}", case["kind"]));
                continue;
            };
            let text = serde_json::to_string_pretty(&case["policy"]).unwrap();
            let findings = lint(&text, kind);
            let mut got: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
            let mut want: Vec<&str> = case["codes"]
                .as_array()
                .expect("codes")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            got.sort();
            want.sort();
            if got != want {
                fail(format!("codes {got:?}, expected {want:?}"));
            }
            if let Some(m) = case.get("message").and_then(Value::as_str) {
                if !findings.iter().any(|f| f.message.en().contains(m)) {
                    fail(format!("no finding message mentions {m:?}"));
                }
            }
            for f in &findings {
                if f.line == 0 || f.path.is_empty() {
                    fail(format!("{} is not located", f.code));
                }
                if f.message.get("ja") == f.message.en() || f.fix.get("ja") == f.fix.en() {
                    fail(format!("{} has no Japanese", f.code));
                }
            }
        }
    }
    println!("{total} lint cases in {} files", files.len());
    assert!(!files.is_empty() && total >= 20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_kind_is_guessed_from_the_actions() {
    let guess = |actions: &str| {
        cli::guess_kind(&format!(
            r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"123456789012"}},"Action":{actions}}}]}}"#
        ))
    };
    use envelope_lab::policy::PolicyKind::*;
    assert_eq!(guess(r#""sts:AssumeRole""#), TrustPolicy);
    assert_eq!(guess(r#"["sts:AssumeRole","sts:TagSession"]"#), TrustPolicy);
    assert_eq!(guess(r#"["kms:Decrypt","*"]"#), KeyPolicy);
    assert_eq!(guess(r#"["s3:GetObject","s3:PutObject"]"#), BucketPolicy);
    assert_eq!(
        guess(r#"["s3:GetObject","kinesis:PutRecord"]"#),
        ResourcePolicy
    );
    assert_eq!(guess(r#""stsx:Foo""#), ResourcePolicy);
}

#[test]
fn editors_lint_a_scenario_policy_as_what_it_is() {
    use envelope_lab::policy::PolicyKind::*;
    use envelope_lab::sim::scenario::policy_kind_at;
    assert_eq!(policy_kind_at("/keys/0/policy"), Some(KeyPolicy));
    assert_eq!(policy_kind_at("/roles/2/trust_policy"), Some(TrustPolicy));
    assert_eq!(
        policy_kind_at("/roles/1/inline_policies/0/document"),
        Some(Identity)
    );
    assert_eq!(
        policy_kind_at("/roles/1/attached_policies/3/document"),
        Some(Identity)
    );
    assert_eq!(
        policy_kind_at("/roles/0/permissions_boundary"),
        Some(Boundary)
    );
    assert_eq!(policy_kind_at("/buckets/0/policy"), Some(BucketPolicy));
    assert_eq!(policy_kind_at("/buckets/0"), None);
    assert_eq!(policy_kind_at("/roles/x/trust_policy"), None);
    assert_eq!(policy_kind_at("/events"), None);
    assert_eq!(
        policy_kind_at("/organization/scps/ou-ab12-11111111/0/policy"),
        Some(Scp)
    );
    assert_eq!(policy_kind_at("/organization/rcps/root/1"), Some(Rcp));
    assert_eq!(policy_kind_at("/organization/rcps/root/x/policy"), None);
    assert_eq!(policy_kind_at("/organization/accounts/0"), None);
}
