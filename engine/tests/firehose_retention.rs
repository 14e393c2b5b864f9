//! Firehose keeps retrying a failed S3 delivery for the source stream's retention period
//! (Firehose guide, "Troubleshoot errors",
//! https://docs.aws.amazon.com/firehose/latest/dev/troubleshooting.html), not a fixed 24
//! hours ("Handle data delivery failure", https://docs.aws.amazon.com/firehose/latest/dev/retry.html,
//! says 24 hours for S3: the pages disagree, and the step says which one the simulator follows).

use envelope_lab::runtime::clock::HOUR;
use envelope_lab::runtime::notes::Note;
use envelope_lab::sim::{presets, Scenario, Simulation};
use serde_json::Value;

fn failing_delivery(retention_hours: u32) -> Scenario {
    let p = presets::all()
        .iter()
        .find(|p| p.name == "s3-destination-missing-kms")
        .expect("preset");
    let mut v: Value = serde_json::to_value(p.scenario()).unwrap();
    v["streams"][0]["retention_hours"] = retention_hours.into();
    serde_json::from_value(v).unwrap()
}

/// (hours from the first failed PutObject to the batch being given up, its message).
fn given_up_after(retention_hours: u32) -> (i64, String) {
    let mut sim = Simulation::new(&failing_delivery(retention_hours), 1).unwrap();
    sim.run_to_end();
    let steps = sim.steps();
    let first_put = steps
        .iter()
        .find(|s| s.operation == "PutObject")
        .expect("a delivery attempt");
    let expired = steps
        .iter()
        .find(|s| s.operation == "DeliveryExpired")
        .expect("the batch is given up");
    assert!(expired.modelled.contains(Note::FirehoseRetention));
    let envelope_lab::sim::Outcome::Error { message, .. } = &expired.outcome else {
        panic!("DeliveryExpired is a failure")
    };
    let msg = message.to_string();
    let attempts_after = steps
        .iter()
        .filter(|s| s.operation == "PutObject" && s.time > expired.time)
        .count();
    assert_eq!(attempts_after, 0, "no delivery attempt after giving up");
    let hours = (expired.time.0 - first_put.time.0) as f64 / HOUR as f64;
    (hours.round() as i64, msg)
}

#[test]
fn delivery_is_retried_for_the_source_streams_retention_period() {
    let (h24, m24) = given_up_after(24);
    assert_eq!(h24, 24);
    assert!(
        m24.starts_with("S3 delivery kept failing for 24 hours;"),
        "{m24}"
    );
    let (h48, m48) = given_up_after(48);
    assert_eq!(
        h48, 48,
        "a 48-hour stream keeps the batch for 48 hours, not 24"
    );
    assert!(
        m48.starts_with("S3 delivery kept failing for 48 hours;"),
        "{m48}"
    );
}

#[test]
fn the_note_cites_the_retry_page_in_each_language() {
    // "Handle data delivery failures" now says what "Troubleshoot errors" says (DirectPut up
    // to 24 hours, a Kinesis Data Streams or MSK source until the stream's retention): the
    // note cites it, the Japanese note its Japanese page (issue 20 §2).
    let t = Note::FirehoseRetention.text();
    assert!(t
        .en()
        .contains("https://docs.aws.amazon.com/firehose/latest/dev/retry.html"));
    assert!(t
        .ja()
        .contains("https://docs.aws.amazon.com/ja_jp/firehose/latest/dev/retry.html"));
    assert!(!t.en().contains("Troubleshoot errors\" page says"));
}
