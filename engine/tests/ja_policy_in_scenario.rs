//! A policy document that does not parse inside a scenario is explained in Japanese too: the
//! scenario error's Japanese detail is the policy parser's own Japanese (located), not its
//! English; and the lesson goal (what the tutorial's checklist shows for an invalid
//! scenario) gets the error in both languages.

use envelope_lab::lessons::{start, Observation};
use envelope_lab::policy::parse_policy;
use envelope_lab::sim::{Scenario, Simulation};
use envelope_lab::text::is_japanese;
use serde_json::{json, Value};

fn seed() -> Value {
    serde_json::to_value(Scenario::default()).expect("the seed scenario serialises")
}

/// Policies the parser rejects (each a JSON object, so the scenario's own check passes).
fn bad_policies() -> Vec<Value> {
    vec![
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}),
        json!({"Version": "2012-10-17"}),
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqualz": {"a": "b"}}}]}),
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": 7, "Resource": "*"}]}),
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": 3, "Action": "*", "Resource": "*"}]}),
    ]
}

/// Every place a scenario holds a policy document.
const POINTERS: [(&str, &str); 3] = [
    ("/roles/0/trust_policy", "roles[0].trust_policy"),
    (
        "/roles/0/inline_policies/0/document",
        "roles[0].inline_policies[0].document",
    ),
    ("/keys/0/policy", "keys[0].policy"),
];

#[test]
fn a_bad_policy_in_a_scenario_reads_in_japanese_from_the_parser() {
    for (pointer, path) in POINTERS {
        for policy in bad_policies() {
            let parse = parse_policy(&policy.to_string()).expect_err("the parser rejects it");
            let mut doc = seed();
            *doc.pointer_mut(pointer)
                .unwrap_or_else(|| panic!("no {pointer} in the seed")) = policy.clone();
            let e = Scenario::from_json(&doc.to_string()).expect_err("the scenario is rejected");
            // The path goes on into the policy document; the position is the scenario's.
            let want = match parse.path.as_str() {
                "" => path.to_string(),
                inner => format!("{path}.{inner}"),
            };
            assert_eq!(e.path, want, "{pointer} {policy}");
            assert_eq!(e.line, 1, "{pointer} {policy}: the one-line scenario text");
            // English: the parser's message (the position is the scenario's, not the
            // policy text's).
            assert_eq!(e.message.en(), parse.message.en(), "{pointer} {policy}");
            // Japanese: framed, with the parser's Japanese.
            assert_eq!(
                e.message.get("ja"),
                format!(
                    "ポリシードキュメントが正しくありません: {}",
                    parse.message.get("ja")
                ),
                "{pointer} {policy}"
            );
            assert!(
                !e.message.get("ja").contains(parse.message.en()),
                "{pointer} {policy}: the English parser message leaked into Japanese: {}",
                e.message.get("ja")
            );
        }
    }
}

#[test]
fn the_engine_reports_bad_policies_in_both_languages() {
    // Simulation::new validates first; either way the error is bilingual.
    let mut doc = seed();
    doc["roles"][0]["trust_policy"] = bad_policies().remove(0);
    let scenario: Result<Scenario, _> = serde_json::from_value(doc);
    let scenario = scenario.expect("the shape is right");
    let Err(e) = Simulation::new(&scenario, 1) else {
        panic!("the simulation accepted a bad policy");
    };
    assert!(e.message.get("ja").chars().any(is_japanese));
    assert!(
        !e.message.get("ja").contains("expected"),
        "{}",
        e.message.ja()
    );
}

#[test]
fn lesson_goal_errors_come_in_both_languages() {
    let mut doc = seed();
    doc["keys"][0]["policy"] = bad_policies().remove(0);
    let t = start::parse_scenario(&doc).expect_err("invalid");
    assert!(
        t.en().starts_with("keys[0].policy.Statement[0].Effect: "),
        "{}",
        t.en()
    );
    assert!(
        t.ja().starts_with(
            "keys[0].policy.Statement[0].Effect: ポリシードキュメントが正しくありません: "
        ),
        "{}",
        t.ja()
    );
    assert_eq!(start::to_scenario(&doc).expect_err("invalid"), t.en());

    // A scenario that parses but fails validation when run.
    let scenario: Scenario = serde_json::from_value(doc).expect("the shape is right");
    let Err(t) = Observation::run_text(&scenario, 1) else {
        panic!("the run accepted a bad policy");
    };
    assert!(t.ja().chars().any(is_japanese), "{}", t.ja());
    let Err(en) = Observation::run(&scenario, 1) else {
        panic!("the run accepted a bad policy");
    };
    assert_eq!(en, t.en());
}
