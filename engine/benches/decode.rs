//! Decoding documents (not a timed test): the largest preset scenario from its text and
//! from a value (the web app's way), the largest lesson file, and the same scenario with an
//! error in its last event (the error path finds the JSON path after the failure: see
//! `sim::locate`).
//!
//! Run with `cargo bench --bench decode`.

use std::hint::black_box;
use std::time::Instant;

use envelope_lab::lessons::load::parse_file;
use envelope_lab::sim::{presets, Scenario};

/// Mean microseconds per call of `f` over `n` calls (after one warm-up call).
fn time(n: u32, mut f: impl FnMut()) -> f64 {
    f();
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

fn main() {
    let (name, text) = presets::all()
        .iter()
        .map(|p| (p.name, p.scenario().to_json_pretty()))
        .max_by_key(|(_, t)| t.len())
        .expect("presets");
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../lessons");
    let (lesson, lesson_text) = std::fs::read_dir(dir)
        .expect("lessons/")
        .filter_map(|e| {
            let p = e.ok()?.path();
            Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?))
        })
        .max_by_key(|(_, t)| t.len())
        .expect("a lesson file");
    let mut broken: serde_json::Value = value.clone();
    broken["events"] = serde_json::json!([
        {"action": "disable_key", "at": "1m", "key": "K"},
        {"action": "disable_key", "at": "2m", "key": 100000}
    ]);
    let broken = serde_json::to_string_pretty(&broken).expect("JSON");

    let n = 300;
    let from_text = time(n, || {
        black_box(Scenario::from_json(black_box(&text)).expect("valid"));
    });
    let from_value = time(n, || {
        black_box(Scenario::from_value(black_box(&value)).expect("valid"));
    });
    let lesson_t = time(n, || {
        black_box(parse_file(black_box(&lesson_text)).expect("valid"));
    });
    let error_t = time(n, || {
        black_box(Scenario::from_json(black_box(&broken)).expect_err("invalid"));
    });
    println!(
        "scenario {name} ({} bytes): from_json {from_text:.1} µs, from_value {from_value:.1} µs",
        text.len()
    );
    println!(
        "lesson {lesson} ({} bytes): parse_file {lesson_t:.1} µs",
        lesson_text.len()
    );
    println!(
        "scenario with a wrong event field ({} bytes): from_json error {error_t:.1} µs",
        broken.len()
    );
}
