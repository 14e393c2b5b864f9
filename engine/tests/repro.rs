//! Every reproducer of `tests/repro/` (inputs a fuzzer found breaking the CLI; see the
//! README there) as a regression test: the run is bounded and says what its budget cut,
//! the time is refused where it is written, the errors point at the field and its line.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use envelope_lab::sim::cli::{run_output, RunArgs};
use envelope_lab::sim::{Budget, Limit, Scenario, SimOptions, Simulation};

fn repro(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/repro")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs a repro file summary-only with `budget`; (steps, stop, time taken).
fn run(name: &str, budget: Budget) -> (u32, Option<envelope_lab::sim::BudgetStop>, Duration) {
    let scenario = Scenario::from_json(&repro(name)).expect("the repro is a valid scenario");
    let started = Instant::now();
    let options = SimOptions {
        keep_steps: false,
        budget,
    };
    let mut sim = Simulation::with_options(&scenario, 1, options).expect("builds");
    sim.run_to_end();
    assert!(sim.is_finished(), "{name}: run_to_end came back unfinished");
    (sim.step_count(), sim.budget_stop(), started.elapsed())
}

#[test]
fn an_event_a_century_out_while_firehose_fails_stops_at_the_horizon() {
    // Before: 21,025,234 steps, 10 s and 3.3 GB (release build).
    for name in [
        "run-unbounded-retries.json",
        "run-unbounded-retries-106751d.json",
    ] {
        let (steps, stop, took) = run(name, Budget::default());
        let stop = stop.expect("the budget cut the run");
        assert_eq!(stop.limit, Limit::Horizon, "{name}");
        assert!(steps < 300_000, "{name}: {steps} steps");
        assert!(took < Duration::from_secs(60), "{name}: {took:?}");
        assert_eq!(stop.events_not_run, 1, "{name}: the event was not run");
        assert_eq!(
            stop.stopped_at, "2025-05-01T10:57:58Z",
            "400 days after the start"
        );
        let what = stop.what();
        assert!(
            what.en()
                .contains("simulated horizon, 400 days after the start"),
            "{}",
            what.en()
        );
        // The time in parentheses is the horizon's, not a span's end (issue 20 §6).
        assert!(
            what.ja().contains(
                "開始から 400 日後のシミュレーション期間の上限 (2025-05-01T10:57:58Z) で停止しました"
            ),
            "{}",
            what.ja()
        );
    }
}

#[test]
fn with_the_horizon_pushed_out_the_step_budget_stops_it() {
    let budget = Budget {
        max_steps: 50_000,
        horizon: 300_000 * 24 * 3_600_000_000,
    };
    let (steps, stop, _) = run("run-unbounded-retries-106751d.json", budget);
    let stop = stop.expect("the budget cut the run");
    assert_eq!(stop.limit, Limit::Steps);
    // The run stops between two events: the one that crossed the limit makes a few steps.
    assert!((50_000..50_100).contains(&steps), "{steps}");
    assert!(stop.what().en().contains("budget of 50,000 steps"));
}

#[test]
fn the_cli_reports_the_budget_on_stderr_and_in_the_summary_only_when_hit() {
    let args = RunArgs {
        scenario_json: Some(repro("run-unbounded-retries.json")),
        seed: 1,
        summary: true,
        ..RunArgs::default()
    };
    let out = run_output(&args).expect("runs");
    let notice = out.notice.expect("a notice");
    assert!(notice.starts_with("notice: The run stopped at its simulated horizon"));
    assert!(
        notice.contains("--horizon"),
        "says how to change it: {notice}"
    );
    let summary: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(summary["finished"], false);
    assert_eq!(summary["budget"]["limit"], "horizon");
    assert_eq!(summary["budget"]["first_not_run"], "2124-03-03T10:57:58Z");
    assert!(summary["budget"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("--horizon")));

    let within = RunArgs {
        preset: Some("firehose-source-missing-decrypt".into()),
        seed: 1,
        summary: true,
        ..RunArgs::default()
    };
    let out = run_output(&within).expect("runs");
    assert_eq!(out.notice, None);
    assert!(!out.stdout.contains("\"budget\""), "{}", out.stdout);
    let flags = RunArgs {
        max_steps: Some(0),
        ..within.clone()
    };
    assert!(run_output(&flags).unwrap_err().contains("--max-steps"));
    let flags = RunArgs {
        horizon: Some("soon".into()),
        ..within
    };
    assert!(run_output(&flags).unwrap_err().contains("--horizon"));
}

/// (file, path, line, column, a fragment of the English message)
const LOCATED: [(&str, &str, usize, usize, &str); 5] = [
    (
        "run-event-beyond-date-range.json",
        "events[0].at",
        285,
        4,
        "\"100000000d\" is after 9999-12-31T23:59:59Z",
    ),
    (
        "error-event-field-type.json",
        "events[0].key",
        288,
        7,
        "invalid type: integer `100000`, expected a string",
    ),
    (
        "error-event-number-out-of-range.json",
        "events[0].pending_window_days",
        287,
        7,
        "invalid value: integer `4294967296`, expected u32",
    ),
    (
        "error-policy-line-relative.json",
        "keys[1].policy.Statement[1].Principal_",
        213,
        13,
        "unknown statement element \"Principal_\"",
    ),
    (
        "error-syntax-question-mark-path.json",
        "roles[1].trust_policy",
        1,
        774,
        "invalid JSON: expected a member name in double quotes or '}', found the end of the input",
    ),
];

#[test]
fn errors_name_the_field_and_its_line_and_column() {
    for (file, path, line, column, fragment) in LOCATED {
        let text = repro(file);
        let e = Scenario::from_json(&text).expect_err("rejected");
        assert_eq!(
            (e.path.as_str(), e.line, e.column),
            (path, line, column),
            "{file}: {e}"
        );
        assert!(e.message.en().contains(fragment), "{file}: {e}");
        assert!(!e.path.contains('?'), "{file}: {e}");
        assert!(e.located().ja_is_japanese(), "{file}: {:?}", e.located());
        // The line is the field's (the value may follow it on the same line).
        let at = text.lines().nth(line - 1).unwrap_or_default();
        let name = path.rsplit('.').next().unwrap_or(path);
        let name = name.split('[').next().unwrap_or(name);
        assert!(
            at.contains(&format!("\"{name}\"")),
            "{file}: line {line} is {at:?}"
        );
    }
}

#[test]
fn a_long_variable_pattern_is_decided_quickly() {
    // Before: 3.6 s (quadratic); the fix is in policy/ (see policy_bounds.rs).
    let started = Instant::now();
    let out = envelope_lab::policy::cli::eval_json(&repro("eval-quadratic-variable-pattern.json"))
        .expect("evaluates");
    assert!(out["decision"].is_string(), "{out}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn every_command_says_where_input_is_not_utf8() {
    let dir = std::env::temp_dir().join(format!("envelope-lab-repro-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bad.json");
    std::fs::write(&file, b"{\n  \"a\": \"caf\xc3\xa9 \xff\"\n}").expect("write");
    let f = file.to_string_lossy().to_string();
    let commands: [&[&str]; 4] = [
        &["eval", &f],
        &["lint", &f],
        &["run", "--scenario", &f],
        &["lessons", "check", &f],
    ];
    for args in commands {
        let out = Command::new(env!("CARGO_BIN_EXE_envelope-lab"))
            .args(args)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("not UTF-8 text: byte 0xFF at byte offset 16 (line 2, column 14)"),
            "{args:?}: {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// What the long fuzz run (`make fuzz`, 20,000 scenarios and lesson files) found: errors
/// without a line and column. Each input is the seed stack changed the way the fuzzer did.
#[test]
fn errors_the_long_fuzz_run_found_are_located() {
    let seed = envelope_lab::sim::presets::get("happy-path").expect("preset");
    let text = serde_json::to_string_pretty(&seed).expect("scenario JSON");
    // Text after the document was accepted and then ignored; it is refused where it starts.
    let trailing = format!("{text}\n]]");
    let e = Scenario::from_json(&trailing).expect_err("text after the document");
    let last = trailing.lines().count();
    assert_eq!((e.line, e.column), (last, 1), "{}", e.located().en());
    assert!(e
        .located()
        .en()
        .contains("after the end of the JSON document"));
    // A policy nested deeper than the policy parser reads (serde_json reads 128 levels): the
    // place the policy parser stopped, inside the key policy.
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut deep = serde_json::json!("x");
    for _ in 0..70 {
        deep = serde_json::json!([deep]);
    }
    doc["keys"][0]["policy"]["Id"] = deep;
    let nested = serde_json::to_string_pretty(&doc).expect("JSON");
    let e = Scenario::from_json(&nested).expect_err("too deep");
    assert!(e.line > 0 && e.column > 0, "{}", e.located().en());
    assert!(e.path.starts_with("keys[0].policy.Id"), "{}", e.path);
    let at = nested.lines().nth(e.line - 1).expect("the line");
    assert!(
        at.trim_start().starts_with('['),
        "points into the nesting: {at}"
    );
    // A wrong value that starts a line: serde says column 0; columns count from 1.
    let e = Scenario::from_json("[\n[true]]").expect_err("not a scenario");
    assert_eq!((e.line, e.column), (2, 1), "{}", e.located().en());
}
