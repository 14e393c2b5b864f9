//! `run --summary` stays proportional (issue 19 §8): the fixes of a run are printed once per
//! distinct failure and the denials refer to them by `fixes_id`; a `test` guard longer than
//! the limit is quoted by its SHA-256 and a short prefix. The reproducer (a 100 KB resource
//! string in a statement; ~31 MB of output before) and the same with the string doubled
//! give output within a constant factor of their input, growing linearly with it.

use envelope_lab::sim::cli::{run as cli_run, RunArgs};
use envelope_lab::sim::fixes::{GUARD_LIMIT, GUARD_PREFIX};
use serde_json::Value;

const REPRO: &str = include_str!("repro/run-summary-output-amplified.json");

fn summary(scenario: &str) -> String {
    let args = RunArgs {
        scenario_json: Some(scenario.to_string()),
        seed: 1,
        summary: true,
        ..RunArgs::default()
    };
    cli_run(&args).expect("runs")
}

/// The reproducer with its long resource string `factor` times as long.
fn amplified(factor: usize) -> String {
    let mut v: Value = serde_json::from_str(REPRO).expect("JSON");
    let r = &mut v["roles"][1]["inline_policies"][0]["document"]["Statement"][0]["Resource"][0];
    let s = r.as_str().expect("the long string").to_string();
    *r = Value::String(s.repeat(factor));
    v.to_string()
}

#[test]
fn the_amplified_summary_is_linear_in_its_input() {
    let (small_in, big_in) = (amplified(1), amplified(2));
    let (small, big) = (summary(&small_in), summary(&big_in));
    assert!(
        small.len() < 8 * small_in.len(),
        "{} bytes of output for {} of input",
        small.len(),
        small_in.len()
    );
    let grew = big.len().saturating_sub(small.len());
    let input_grew = big_in.len() - small_in.len();
    assert!(
        grew <= 8 * input_grew,
        "output grew {grew} for {input_grew} more input"
    );
    let v: Value = serde_json::from_str(&small).expect("JSON");
    let denials = v["denials"].as_array().expect("denials");
    assert!(denials.len() > 10, "the reproducer fails many times");
    let groups = v["fixes"]
        .as_array()
        .expect("fixes once per distinct failure");
    assert!(groups.len() < denials.len());
    for d in denials {
        let id = d["fixes_id"]
            .as_u64()
            .expect("every denial names its fixes") as usize;
        assert_eq!(groups[id]["id"], id);
        assert!(d.get("fixes").is_none());
    }
    let mut bounded = 0;
    for g in groups {
        for o in g["options"].as_array().into_iter().flatten() {
            for e in o["edit"].as_array().into_iter().flatten() {
                if e["op"] != "test" {
                    continue;
                }
                match e.get("value") {
                    Some(val) => assert!(val.to_string().len() <= GUARD_LIMIT),
                    None => {
                        bounded += 1;
                        assert_eq!(e["value_sha256"].as_str().map(str::len), Some(64));
                        let prefix = e["value_prefix"].as_str().expect("prefix");
                        assert!(prefix.chars().count() <= GUARD_PREFIX);
                    }
                }
            }
        }
    }
    assert!(bounded > 0, "the long statement's guard is bounded");
}
