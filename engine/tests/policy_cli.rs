//! The `eval` and `lint` commands of the built binary: output shape, exit codes, located errors.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_envelope-lab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    // A command refused at its arguments exits before reading stdin: the pipe may then
    // be closed while we write, which is not the test's failure.
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SEED: &str = r#"{
  "request": {
    "principal": "arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/DataSourceLambda",
    "action": "kms:GenerateDataKey",
    "resource": "arn:aws:kms:ap-northeast-1:123456789012:key/k",
    "context": {"kms:ViaService": "s3.ap-northeast-1.amazonaws.com", "kms:EncryptionContextKeys": ["aws:kinesis:arn"]}
  },
  "identity_policies": [{"name": "DataSourceLambdaPolicy", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": "*"}]}}],
  "resource_policy": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:GenerateDataKey*", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "123456789012", "kms:ViaService": "kinesis.ap-northeast-1.amazonaws.com"}}},
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "*", "Resource": "*"}]}
}"#;

#[test]
fn eval_prints_decision_reason_message_explanation() {
    let (code, out, err) = run(&["eval", "-"], SEED);
    assert_eq!(code, 0, "stderr: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["decision"], "Allowed");
    assert_eq!(
        v["reason"],
        "key policy statement 1 delegates to account 123456789012; identity policy DataSourceLambdaPolicy statement 0 allows"
    );
    assert!(v["message"].is_null());
    let ex = &v["explanation"];
    assert_eq!(ex["rule"]["rule"], "key_policy_delegates");
    let key = ex["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "resource")
        .unwrap();
    let st0 = &key["statements"][0];
    assert_eq!(st0["matched"], false);
    assert_eq!(st0["action_matched"], true);
    assert_eq!(st0["principal_matched"], true);
    let conds = st0["conditions"].as_array().unwrap();
    assert_eq!(conds.len(), 2);
    let via = conds.iter().find(|c| c["key"] == "kms:ViaService").unwrap();
    assert_eq!(via["operator"], "StringEquals");
    assert_eq!(via["request_values"][0], "s3.ap-northeast-1.amazonaws.com");
    assert_eq!(
        via["policy_values"][0],
        "kinesis.ap-northeast-1.amazonaws.com"
    );
    assert_eq!(via["result"], false);
}

#[test]
fn eval_denial_has_aws_message() {
    let input = SEED.replace(
        "\"Action\": \"kms:GenerateDataKey\", \"Resource\": \"*\"}]}}]",
        "\"Action\": \"kinesis:PutRecord\", \"Resource\": \"*\"}]}}]",
    );
    let (code, out, _) = run(&["eval", "-"], &input);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["decision"], "ImplicitlyDenied");
    assert_eq!(
        v["message"],
        "User: arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/DataSourceLambda is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:ap-northeast-1:123456789012:key/k because no identity-based policy allows the kms:GenerateDataKey action"
    );
}

#[test]
fn eval_bad_input_exits_2_with_located_error() {
    let bad = SEED.replace(
        "\"Effect\": \"Allow\", \"Action\": \"kms:GenerateDataKey\"",
        "\"Effect\": \"allow\", \"Action\": \"kms:GenerateDataKey\"",
    );
    let (code, out, err) = run(&["eval", "-"], &bad);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("line 8, column"), "{err}");
    assert!(
        err.contains(
            "(identity_policies[0].policy.Statement[0].Effect): expected \"Allow\" or \"Deny\""
        ),
        "{err}"
    );

    let (code, _, err) = run(&["eval", "-"], "{\"request\": ");
    assert_eq!(code, 2);
    assert!(err.contains("line 1, column 13"), "{err}");

    let (code, _, err) = run(&["eval", "/nonexistent/file.json"], "");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn lint_prints_findings_json_and_text() {
    let policy = r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}]}"#;
    let (code, out, _) = run(&["lint", "-", "--kind", "key"], policy);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = v.as_array().unwrap();
    assert!(findings
        .iter()
        .any(|f| f["code"] == "PUBLIC_ACCESS" && f["severity"] == "SECURITY_WARNING"));
    assert!(findings.iter().any(|f| f["code"] == "MISSING_VERSION"));
    for f in findings {
        for k in [
            "severity", "code", "message", "fix", "line", "column", "path",
        ] {
            assert!(f.get(k).is_some(), "{k} missing in {f}");
        }
    }
    let (code, out, _) = run(&["lint", "-", "--format", "text"], policy);
    assert_eq!(code, 0);
    assert!(
        out.contains("SECURITY_WARNING PUBLIC_ACCESS at line 1"),
        "{out}"
    );

    let (code, out, _) = run(
        &["lint", "-"],
        "{\"Version\": \"2012-10-17\", \"Statement\": [}",
    );
    // An ERROR finding (here: the document does not parse) makes the exit status 1.
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["code"], "PARSE_ERROR");
    assert_eq!(v[0]["line"], 1);

    // A key policy that parses but will not work as written: an encryption-context
    // condition on DescribeKey, which never carries one.
    let ctx = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/R"}, "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::b"}}}]}"#;
    let (code, out, _) = run(&["lint", "-", "--kind", "key", "--format", "text"], ctx);
    assert!(out.contains("ERROR "), "{out}");
    assert_eq!(code, 1, "{out}");
}

#[test]
fn lint_knows_a_trust_policy() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
    // Guessed from its sts: actions, and named with --kind: no MISSING_RESOURCE either way.
    for args in [
        &["lint", "-", "--format", "text"][..],
        &["lint", "-", "--format", "text", "--kind", "trust"],
    ] {
        let (code, out, err) = run(args, trust);
        assert_eq!(code, 0, "{err}");
        assert!(!out.contains("MISSING_RESOURCE"), "{out}");
        assert!(
            out.contains("SECURITY_WARNING RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL at line 1"),
            "{out}"
        );
    }
    // Linted as an identity policy it is wrong twice over.
    let (_, out, _) = run(
        &["lint", "-", "--format", "text", "--kind", "identity"],
        trust,
    );
    assert!(
        out.contains("MISSING_RESOURCE") && out.contains("UNSUPPORTED_ELEMENT"),
        "{out}"
    );
    let (code, _, err) = run(&["lint", "-", "--kind", "role"], trust);
    assert_eq!(code, 2);
    assert!(
        err.contains("expected identity, trust, key, bucket, resource, scp, rcp or boundary"),
        "{err}"
    );
}
