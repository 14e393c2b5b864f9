//! Native tests of what the side panels and the diagram read from the engine: the diagram
//! at a step (from the engine's snapshot of a replay), KMS usage at a step, opening an
//! object as a role, the preset list and the sandbox page with its preset picker.

use envelope_lab_web::presets::{preset_list, preset_scenario};
use envelope_lab_web::runner::{default_scenario, RunHandle};
use envelope_lab_web::{reader_roles, App, AppProps, Lang};

fn run_of(scenario: &serde_json::Value) -> RunHandle {
    let run = RunHandle::default();
    {
        let mut r = run.0.borrow_mut();
        r.restart(scenario, 1, 1);
        while !r.advance(f64::INFINITY) {}
    }
    run
}

#[test]
fn the_diagram_shows_the_state_at_the_step() {
    let run = run_of(&default_scenario());
    assert_eq!(run.len(), 21);
    let start = run.diagram(0, Lang::En);
    assert_eq!(
        (start.shard_records, start.buffered, start.objects),
        (0, 0, 0)
    );
    // Step 8: the first PutRecord and its GenerateDataKey.
    let d = run.diagram(8, Lang::En);
    assert_eq!((d.shard_records, d.shard_encrypted), (1, 1));
    assert!(d.stream_encrypted);
    assert_eq!(d.kinesis_key_state, "Enabled");
    // Step 18: Firehose read all ten; they wait in its buffer.
    let d = run.diagram(18, Lang::En);
    assert_eq!((d.buffered, d.objects), (10, 0));
    let end = run.diagram(21, Lang::En);
    assert_eq!((end.buffered, end.objects), (0, 1));
    // Going back replays: the same view as before.
    assert_eq!(run.diagram(8, Lang::En).shard_records, 1);
    assert_eq!(run.diagram(8, Lang::Ja).kinesis_key_state, "有効");
}

/// Several steps come from one engine event only when an API call makes nested calls (the
/// GenerateDataKey Kinesis makes for a PutRecord, the Decrypt for a GetRecords) or a role
/// session is assumed first. The diagram must move on the API call that has the effect,
/// never before it, and never on a nested KMS or STS step.
#[test]
fn the_diagram_moves_on_the_call_that_has_the_effect() {
    for preset in [
        "happy-path",
        "sse-enabled-mid-stream",
        "mixed-bucket-encryption",
        "producer-put-records",
        "kinesis-key-disabled-mid-run",
    ] {
        let Some(doc) = preset_scenario(preset) else {
            panic!("preset {preset} missing");
        };
        let run = run_of(&doc);
        let counts = |cursor: usize| {
            let d = run.diagram(cursor, Lang::En);
            (d.shard_records, d.buffered, d.objects)
        };
        let mut before = counts(0);
        for cursor in 1..=run.len() {
            let now = counts(cursor);
            let Some(row) = run.row(cursor - 1) else {
                panic!("{preset}: no row {}", cursor - 1);
            };
            if now != before {
                assert!(
                    row.depth == 0
                        && [
                            "PutRecord",
                            "PutRecords",
                            "GetRecords",
                            "PutObject",
                            "CopyObject"
                        ]
                        .contains(&row.operation.as_str()),
                    "{preset}: counts changed at step {} ({} {}, depth {})",
                    cursor - 1,
                    row.service,
                    row.operation,
                    row.depth
                );
            }
            before = now;
        }
    }
}

#[test]
fn key_state_follows_the_run_when_the_key_is_disabled_mid_run() {
    let Some(doc) = preset_scenario("kinesis-key-disabled-mid-run") else {
        panic!("preset missing");
    };
    let run = run_of(&doc);
    let n = run.len();
    let at = |op: &str| (0..n).find(|&i| run.row(i).is_some_and(|r| r.operation == op));
    let (Some(off), Some(on)) = (at("DisableKey"), at("EnableKey")) else {
        panic!("the preset disables and re-enables the key");
    };
    assert_eq!(run.diagram(0, Lang::En).kinesis_key_state, "Enabled");
    assert_eq!(run.diagram(off, Lang::En).kinesis_key_state, "Enabled");
    assert_eq!(run.diagram(off + 1, Lang::En).kinesis_key_state, "Disabled");
    assert_eq!(run.diagram(on + 1, Lang::En).kinesis_key_state, "Enabled");
    // Back again (a replay from the start).
    assert_eq!(run.diagram(off + 1, Lang::En).kinesis_key_state, "Disabled");
}

#[test]
fn kms_usage_at_a_step_and_over_the_run() {
    let run = run_of(&default_scenario());
    let count = |u: &envelope_lab_web::view::UsageView, op: &str| {
        u.by_operation
            .iter()
            .find(|(o, _)| o == op)
            .map(|(_, c)| *c)
            .unwrap_or(0)
    };
    let whole = run.usage();
    assert_eq!(count(&whole, "GenerateDataKey"), 2);
    let at0 = run.usage_at(0).unwrap_or_default();
    assert_eq!(count(&at0, "GenerateDataKey"), 0);
    let at8 = run.usage_at(8).unwrap_or_default();
    assert_eq!(count(&at8, "GenerateDataKey"), 1);
    assert_eq!(run.usage_at(21), Some(whole));
    let (hash, steps) = run.trace_sha256().unwrap_or_default();
    assert_eq!(steps, 21);
    assert_eq!(hash.len(), 64);
}

#[test]
fn opening_an_object_as_the_default_reader_and_as_an_analyst_without_decrypt() {
    let doc = default_scenario();
    let (roles, default) = reader_roles(&doc);
    assert_eq!(default, "KinesisS3DestinationRole");
    assert!(roles.len() >= 3);
    let run = run_of(&doc);
    let key = run
        .objects(21)
        .first()
        .map(|o| o.key.clone())
        .unwrap_or_default();
    let read = run.open_object(&key, &default, 21);
    assert!(read.ok, "{read:?}");
    assert!(read.body.contains("\"TICKER\""));
    assert!(read
        .headers
        .iter()
        .any(|(k, v)| k == "ServerSideEncryption" && v == "aws:kms"));
    // The run is unchanged: still 21 steps.
    assert_eq!(run.len(), 21);
    // Before the object exists: NoSuchKey.
    assert_eq!(
        run.open_object(&key, &default, 5).error.map(|e| e.0),
        Some("NoSuchKey".to_string())
    );

    let Some(doc) = preset_scenario("reader-missing-decrypt") else {
        panic!("preset missing");
    };
    let (_, default) = reader_roles(&doc);
    assert_eq!(default, "AnalystRole");
    let run = run_of(&doc);
    let n = run.len();
    let key = run
        .objects(n)
        .first()
        .map(|o| o.key.clone())
        .unwrap_or_default();
    let read = run.open_object(&key, "AnalystRole", n);
    assert!(!read.ok);
    let (code, message) = read.error.clone().expect("an error");
    assert_eq!(code, "AccessDenied");
    assert!(message.starts_with("The ciphertext refers to a customer master key"));
    assert!(
        read.error_notes
            .iter()
            .any(|n| n.en().contains("Knowledge Center") && n.ja().contains("ナレッジセンター")),
        "the read error says what is only observed: {:?}",
        read.error_notes
    );
    let why = read.explanation.expect("an explanation");
    assert!(!why.decision.is_allowed());
    assert!(read.steps.iter().any(|s| s.starts_with("kms Decrypt ✗")));
}

#[test]
fn every_preset_is_listed_with_descriptions_in_both_languages() {
    let en = preset_list(Lang::En);
    let ja = preset_list(Lang::Ja);
    assert_eq!(en.len(), envelope_lab::sim::presets::all().len());
    assert_eq!(en.len(), ja.len());
    for ((name, d_en, _), (_, d_ja, _)) in en.iter().zip(&ja) {
        assert!(!d_en.is_empty() && !d_ja.is_empty(), "{name}");
        // A classic preset is built in the page; an organization or client-side one comes
        // from the tools worker (natively computed at once), the engine's scenario either way.
        let got = std::rc::Rc::new(std::cell::RefCell::new(None));
        let put = got.clone();
        envelope_lab_web::tools_client::load_preset(
            name,
            yew::Callback::from(move |r| *put.borrow_mut() = Some(r)),
        );
        let want = serde_json::to_value(envelope_lab::sim::presets::get(name).unwrap()).unwrap();
        assert_eq!(got.borrow().clone(), Some(Ok(want)), "{name} loads");
        assert!(preset_scenario(name).is_some(), "{name} is then at hand");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_sandbox_shows_the_preset_picker_and_the_keys_hint() {
    let props = AppProps {
        fragment: Some("lang=ja".into()),
        languages: Some(vec!["ja".into()]),
        saved: None,
    };
    let html = yew::ServerRenderer::<App>::with_props(move || props)
        .render()
        .await;
    assert!(html.contains("id=\"preset-select\""));
    assert!(html.contains("reader-missing-decrypt"));
    assert!(html.contains("プリセットを読み込む"));
    assert!(html.contains("入力欄とリスト以外で有効"));
}
