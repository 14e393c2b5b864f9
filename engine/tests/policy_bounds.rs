//! Wild but valid input stays bounded: the explanation of `eval` is proportional to its input
//! (issue 11 item 7) and a long policy-variable pattern is decided from a pattern compiled
//! once (item 6; the step bound of the matcher is tested in `policy::wildcard`).

use envelope_lab::policy::{cli, explain, Decision};
use serde_json::json;

/// `statements` statements test a `value_len`-byte context value, half directly and half
/// through a policy variable.
fn long_value_input(value_len: usize, statements: usize) -> String {
    let like = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringLike": {"s3:prefix": "b*"}}});
    let var = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringEquals": {"s3:delimiter": "${s3:prefix}"}}});
    let statement: Vec<_> = (0..statements)
        .map(|i| {
            if i % 2 == 0 {
                like.clone()
            } else {
                var.clone()
            }
        })
        .collect();
    json!({
        "request": {"principal": "arn:aws:iam::123456789012:user/u", "action": "s3:GetObject",
            "resource": "arn:aws:s3:::b/k",
            "context": {"s3:prefix": "a".repeat(value_len), "s3:delimiter": "/"}},
        "identity_policies": [{"name": "P", "policy": {"Version": "2012-10-17", "Statement": statement}}]
    })
    .to_string()
}

#[test]
fn the_explanation_of_a_long_value_tested_many_times_stays_proportional() {
    // 40 KB tested 400 times: repeating the value would print 16 MB.
    let input = long_value_input(40_000, 400);
    let out = serde_json::to_string_pretty(&cli::eval_json(&input).unwrap()).unwrap();
    assert!(
        out.len() < 10 * input.len(),
        "{} bytes of output for {} bytes of input",
        out.len(),
        input.len()
    );
    // Nothing the UI shows is lost: every condition still reaches the full request value.
    let parsed = cli::parse_eval_input(&input).unwrap();
    let e = explain(&parsed.request, &parsed.policy_set());
    assert_eq!(e.decision, Decision::ImplicitlyDenied);
    let conditions: Vec<_> = e.policies[0]
        .statements
        .iter()
        .flat_map(|s| &s.conditions)
        .collect();
    assert_eq!(conditions.len(), 400);
    let long = conditions
        .iter()
        .find(|c| c.key == "s3:prefix")
        .expect("a condition on s3:prefix");
    assert_eq!(long.values_in(&e), ["a".repeat(40_000)]);
    assert!(long.request_values.is_empty(), "not repeated inline");
    let short = conditions
        .iter()
        .find(|c| c.key == "s3:delimiter")
        .expect("a condition on s3:delimiter");
    assert_eq!(short.values_in(&e), ["/"], "short values stay inline");
    assert_eq!(short.request_values, ["/"]);
    // The variable resolving to 40 KB is shown as written, not 200 times resolved.
    assert_eq!(short.policy_values, ["${s3:prefix}"]);
}

#[test]
fn short_values_are_explained_as_before() {
    let input = long_value_input(20, 2);
    let v = cli::eval_json(&input).unwrap();
    let ex = &v["explanation"];
    assert!(ex.get("context_values").is_none());
    let c = &ex["policies"][0]["statements"][1]["conditions"][0];
    assert_eq!(c["request_values"], json!(["/"]));
    assert_eq!(c["policy_values"], json!(["a".repeat(20)]));
    assert!(c.get("request_values_key").is_none());
}

/// The shape of the reproducer `eval-quadratic-variable-pattern.json` (found by fuzzing the CLI): a 100 KB `StringLike`
/// value made of `${$}` and `${?}` escapes. It used to be rebuilt part by part for every
/// evaluation (quadratic: seconds); now it is compiled once and decided like any other value.
#[test]
fn a_long_escape_pattern_is_decided() {
    let pattern = "a${$}b${?}".repeat(10_000);
    let input = |prefix: &str| {
        json!({
            "request": {"principal": "arn:aws:iam::123456789012:user/alice", "action": "s3:GetObject",
                "resource": "arn:aws:s3:::home/alice/notes.txt", "context": {"s3:prefix": prefix}},
            "identity_policies": [{"name": "C", "policy": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*",
                 "Condition": {"StringLike": {"s3:prefix": pattern}}}]}}]
        })
        .to_string()
    };
    let v = cli::eval_json(&input("a$b?")).unwrap();
    assert_eq!(v["decision"], "ImplicitlyDenied");
    let v = cli::eval_json(&input(&"a$b?".repeat(10_000))).unwrap();
    assert_eq!(v["decision"], "Allowed");
}
