//! `account` on keys, streams, delivery streams and buckets (issue [4/6]): a value that is
//! not 12 digits, or an account that is neither the scenario's nor one of its organization's,
//! is an error naming its JSON path (and, read from text, its line and column), in English
//! and Japanese; the scenario's own account and the organization's accounts are accepted.

use envelope_lab::sim::Scenario;
use serde_json::{json, Value};

fn org() -> Value {
    json!({"id": "o-a1b2c3d4e5", "root_id": "r-ab12", "management_account": "111111111111",
           "ous": [], "accounts": [{"id": "111111111111", "name": "management"},
                                   {"id": "123456789012", "name": "workload"},
                                   {"id": "222222222222", "name": "log-archive"}]})
}

fn doc_with(path: &[&str], value: Value, organization: bool) -> Value {
    let mut v = serde_json::to_value(Scenario::default()).unwrap();
    let mut at = &mut v;
    for p in &path[..path.len() - 1] {
        at = match p.parse::<usize>() {
            Ok(i) => &mut at[i],
            Err(_) => &mut at[*p],
        };
    }
    at[path[path.len() - 1]] = value;
    if organization {
        v["organization"] = org();
    }
    v
}

fn error(doc: &Value) -> envelope_lab::sim::ScenarioError {
    Scenario::from_value(doc).expect_err("must be rejected")
}

#[test]
fn not_twelve_digits_is_a_located_bilingual_error() {
    for (path, at) in [
        (["keys", "1", "account"], "keys[1].account"),
        (["streams", "0", "account"], "streams[0].account"),
        (
            ["delivery_streams", "0", "account"],
            "delivery_streams[0].account",
        ),
        (["buckets", "0", "account"], "buckets[0].account"),
    ] {
        let e = error(&doc_with(&path, json!("12345"), true));
        assert_eq!(e.path, at);
        assert!(e.message.en().contains("12 digits"), "{}", e.message.en());
        assert!(
            e.message.get("ja").contains("12 桁"),
            "{}",
            e.message.get("ja")
        );
    }
}

#[test]
fn an_account_outside_the_scenario_and_its_organization_is_refused() {
    // No organization: only the scenario's own account.
    let e = error(&doc_with(
        &["buckets", "0", "account"],
        json!("222222222222"),
        false,
    ));
    assert_eq!(e.path, "buckets[0].account");
    assert!(e.message.en().contains("222222222222"));
    assert!(e.message.en().contains("organization"));
    assert!(e.message.get("ja").contains("222222222222"));
    assert!(e.message.get("ja").contains("organization"));
    // With an organization that does not hold it.
    let e = error(&doc_with(
        &["keys", "0", "account"],
        json!("999999999999"),
        true,
    ));
    assert_eq!(e.path, "keys[0].account");
    assert!(e.message.en().contains("999999999999"));
    assert!(e.message.get("ja").contains("アカウント 999999999999"));
}

#[test]
fn the_scenario_account_and_organization_accounts_are_accepted() {
    for (path, account) in [
        (["keys", "0", "account"], "222222222222"),
        (["buckets", "0", "account"], "222222222222"),
        (["streams", "0", "account"], "123456789012"),
        (["delivery_streams", "0", "account"], "111111111111"),
    ] {
        let doc = doc_with(&path, json!(account), true);
        Scenario::from_value(&doc).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    }
}

#[test]
fn read_from_text_the_error_has_its_line_and_column() {
    let doc = doc_with(&["streams", "0", "account"], json!("2222"), false);
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let e = Scenario::from_json(&text).expect_err("rejected");
    assert_eq!(e.path, "streams[0].account");
    let line = text
        .lines()
        .position(|l| l.contains("\"2222\""))
        .map(|i| i + 1)
        .unwrap();
    assert_eq!(e.line, line);
    assert!(e.column > 0);
    assert!(e.located().get("ja").contains("12 桁"));
}

#[test]
fn a_stream_policy_that_does_not_parse_is_located_in_it() {
    let doc = doc_with(
        &["streams", "0", "policy"],
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Principal": "*", "Action": "kinesis:PutRecord", "Resource": "*"}]}),
        false,
    );
    let e = error(&doc);
    assert!(e.path.starts_with("streams[0].policy"), "{}", e.path);
    assert!(!e.message.get("ja").is_empty());
}

#[test]
fn object_ownership_takes_only_the_three_settings() {
    let e = error(&doc_with(
        &["buckets", "0", "object_ownership"],
        json!("BucketOwnerFull"),
        false,
    ));
    assert_eq!(e.path, "buckets[0].object_ownership");
    for ok in [
        "BucketOwnerEnforced",
        "BucketOwnerPreferred",
        "ObjectWriter",
    ] {
        Scenario::from_value(&doc_with(
            &["buckets", "0", "object_ownership"],
            json!(ok),
            false,
        ))
        .unwrap();
    }
}
