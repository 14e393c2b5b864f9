//! Client-side encryption in the running pipeline (issue [5/6]): each client-side preset
//! gives the decisions a learner relies on — who was denied, on which call, with which
//! code — and runs deterministically. The expectations are written by hand from AWS's
//! documented behaviour, not read back from the engine.

use envelope_lab::sim::summary::Summary;
use envelope_lab::sim::{presets, Scenario, SimOptions, Simulation};

const PRODUCER: &str =
    "arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/DataSourceLambda";
const BUCKET: &str = "dva-02-005";

fn run(name: &str) -> (Simulation, Summary) {
    let s = presets::get(name).unwrap_or_else(|| panic!("preset {name}"));
    let mut sim = Simulation::new(&s, 1).unwrap();
    sim.run_to_end();
    let sum = sim.summary();
    assert!(sum.finished, "{name} did not drain");
    (sim, sum)
}

/// (service, operation, code) of every failed step.
fn failures(sum: &Summary) -> Vec<(String, String, String)> {
    sum.denials
        .iter()
        .map(|d| (d.service.clone(), d.operation.clone(), d.error_code.clone()))
        .collect()
}

fn f(service: &str, op: &str, code: &str) -> (String, String, String) {
    (service.into(), op.into(), code.into())
}

fn calls(sum: &Summary, op: &str) -> u64 {
    sum.kms.calls.get(op).copied().unwrap_or(0)
}

/// The CloudTrail events of KMS calls made by `principal` for `op`.
fn trail(sim: &Simulation, principal: &str, op: &str) -> Vec<serde_json::Value> {
    sim.steps()
        .iter()
        .filter(|s| s.service == "kms" && s.operation == op && &*s.principal == principal)
        .filter_map(|s| sim.cloudtrail(s))
        .collect()
}

const CLIENT_SIDE: [&str; 7] = [
    "client-side-happy-path",
    "client-side-key-via-service-only",
    "client-side-reader-missing-decrypt",
    "client-side-wrong-encryption-context",
    "client-side-tampered-object",
    "client-side-caching",
    "client-side-both-layers",
];

#[test]
fn each_preset_runs_the_same_twice_and_summary_only() {
    for name in CLIENT_SIDE {
        let s = presets::get(name).unwrap_or_else(|| panic!("missing preset {name}"));
        let mut a = Simulation::new(&s, 7).unwrap();
        a.run_to_end();
        let mut b = Simulation::new(&s, 7).unwrap();
        b.run_to_end();
        assert_eq!(a.trace_sha256(), b.trace_sha256(), "{name}");
        let mut c = Simulation::with_options(&s, 7, SimOptions::keeping(false)).unwrap();
        c.run_to_end();
        assert_eq!(a.trace_sha256(), c.trace_sha256(), "{name} summary-only");
        let mut d = Simulation::new(&s, 8).unwrap();
        d.run_to_end();
        assert_ne!(
            a.trace_sha256(),
            d.trace_sha256(),
            "{name}: the seed changes nothing"
        );
    }
}

#[test]
fn happy_path_producer_calls_kms_itself_and_the_analyst_reads_every_record() {
    let (mut sim, sum) = run("client-side-happy-path");
    assert_eq!(failures(&sum), vec![]);
    assert_eq!(sum.records.delivered, 10);
    // No SSE anywhere: every KMS call is the producer's or the analyst's own.
    assert_eq!(calls(&sum, "GenerateDataKey"), 10);
    assert_eq!(calls(&sum, "Decrypt"), 10);
    let events = trail(&sim, PRODUCER, "GenerateDataKey");
    assert_eq!(events.len(), 10);
    for e in &events {
        assert!(e["userIdentity"].get("invokedBy").is_none(), "{e}");
        assert_eq!(
            e["requestParameters"]["encryptionContext"]["purpose"],
            "ticker-feed"
        );
        // The default suite signs: the SDK adds its public key to the context.
        assert!(e["requestParameters"]["encryptionContext"]["aws-crypto-public-key"].is_string());
    }
    // S3 holds SDK messages (version 2, suite 0x0578), not the records.
    let obj = sum.s3_objects.first().expect("an object").key.clone();
    let body = sim.open_object("AnalystRole", BUCKET, &obj).unwrap();
    assert_eq!(&body[..3], &[0x02, 0x05, 0x78]);
    assert!(!String::from_utf8_lossy(&body).contains("TICKER"));
}

#[test]
fn a_key_policy_written_for_sse_denies_the_producers_own_call() {
    let (sim, sum) = run("client-side-key-via-service-only");
    assert_eq!(
        failures(&sum),
        vec![
            f("kms", "GenerateDataKey", "AccessDeniedException"),
            f("lambda", "EncryptionSDK.encrypt", "GenerateDataKeyFailed"),
        ]
    );
    let denial = &sum.denials[0];
    assert_eq!(denial.principal, PRODUCER);
    assert!(
        denial
            .message
            .contains("is not authorized to perform: kms:GenerateDataKey"),
        "{}",
        denial.message
    );
    // Nothing was put: the SDK raised before PutRecord.
    assert_eq!(sum.records.produced, 0);
    let e = &trail(&sim, PRODUCER, "GenerateDataKey")[0];
    assert!(e["userIdentity"].get("invokedBy").is_none());
    assert_eq!(e["errorCode"], "AccessDeniedException");
}

#[test]
fn a_reader_without_kms_decrypt_gets_ciphertext_only() {
    let (_, sum) = run("client-side-reader-missing-decrypt");
    // GetObject succeeds; the keyring's Decrypt is denied; the SDK raises.
    assert_eq!(
        failures(&sum),
        vec![
            f("kms", "Decrypt", "AccessDeniedException"),
            f("esdk", "EncryptionSDK.decrypt", "DecryptDataKeyFailed"),
        ]
    );
    assert!(sum.denials[0]
        .principal
        .contains("assumed-role/AnalystRole/"));
    assert_eq!(sum.records.delivered, 10);
}

#[test]
fn a_wrong_required_context_fails_after_kms_answered() {
    let (_, sum) = run("client-side-wrong-encryption-context");
    assert_eq!(
        failures(&sum),
        vec![f(
            "esdk",
            "EncryptionSDK.decrypt",
            "EncryptionContextMismatch"
        )]
    );
    // The SDK sends KMS the context from the header, so KMS itself succeeded once.
    assert_eq!(calls(&sum, "Decrypt"), 1);
}

#[test]
fn a_tampered_frame_fails_authentication() {
    let (_, sum) = run("client-side-tampered-object");
    assert_eq!(
        failures(&sum),
        vec![f(
            "esdk",
            "EncryptionSDK.decrypt",
            "BodyAuthenticationFailed"
        )]
    );
}

#[test]
fn caching_saves_generate_data_key_calls() {
    let (_, off) = run("client-side-happy-path");
    let (_, on) = run("client-side-caching");
    assert_eq!(failures(&on), vec![]);
    assert_eq!(calls(&off, "GenerateDataKey"), 10);
    assert_eq!(calls(&on, "GenerateDataKey"), 1);
    assert_eq!(on.records.delivered, 10);
    let cs = on.client_side.as_ref().expect("client-side summary");
    assert_eq!(cs.producers[0].records_sealed, 10);
    assert_eq!(cs.producers[0].generate_data_key_calls, 1);
    assert_eq!(cs.producers[0].calls_saved, 9);
    assert_eq!(cs.messages_decrypted, 10);
}

#[test]
fn both_layers_add_the_services_calls_around_the_sdk() {
    let (_, sum) = run("client-side-both-layers");
    assert_eq!(failures(&sum), vec![]);
    // 10 producer calls + one for Kinesis's data key + one for S3's object.
    assert_eq!(calls(&sum, "GenerateDataKey"), 12);
    // 10 analyst calls for the records + Firehose reading the stream + the analyst's
    // GetObject of the SSE-KMS object.
    assert_eq!(calls(&sum, "Decrypt"), 12);
    assert_eq!(sum.s3_objects[0].sse, "aws:kms");
}

#[test]
fn existing_scenarios_have_no_client_side_summary() {
    let (_, sum) = run("happy-path");
    assert!(sum.client_side.is_none());
}

fn with_client_side(json: serde_json::Value) -> Result<Scenario, envelope_lab::sim::ScenarioError> {
    let mut s = serde_json::to_value(presets::get("client-side-happy-path").unwrap()).unwrap();
    s["producers"][0]["client_side"] = json;
    let s: Scenario = serde_json::from_value(s).unwrap();
    s.validate().map(|_| s)
}

#[test]
fn bad_settings_are_located_and_bilingual() {
    let cases = [
        (
            serde_json::json!({"key": "NoSuchKey"}),
            "producers[0].client_side.key",
        ),
        (
            serde_json::json!({"key": "alias/aws/kinesis"}),
            "producers[0].client_side.key",
        ),
        (
            serde_json::json!({"key": "ProducerKey", "encryption_context": {"aws-crypto-x": "1"}}),
            "producers[0].client_side.encryption_context.aws-crypto-x",
        ),
        (
            serde_json::json!({"key": "ProducerKey", "data_key_caching": {"max_age": "0s"}}),
            "producers[0].client_side.data_key_caching.max_age",
        ),
        (
            serde_json::json!({"key": "ProducerKey", "data_key_caching": {"max_age": "1m", "max_messages": 0}}),
            "producers[0].client_side.data_key_caching.max_messages",
        ),
    ];
    for (json, path) in cases {
        let e = with_client_side(json.clone()).expect_err(&json.to_string());
        assert_eq!(e.path, path, "{json}");
        assert!(!e.message.en().is_empty() && !e.message.ja().is_empty());
        assert_ne!(e.message.en(), e.message.ja());
    }
    assert!(with_client_side(serde_json::json!({"key": "ProducerKey", "algorithm_suite": "AES_256_GCM_HKDF_SHA512_COMMIT_KEY"})).is_ok());
    // A reader's key is checked too.
    let mut s = presets::get("client-side-happy-path").unwrap();
    if let Some(c) = s.readers[0].client_side.as_mut() {
        c.key = "alias/aws/s3".into();
    }
    assert_eq!(s.validate().unwrap_err().path, "readers[0].client_side.key");
}

#[test]
fn client_side_records_are_bounded() {
    // Real ECDSA P-384 per record: 10,000 is accepted, 10,001 is refused before running.
    let mut s = presets::get("client-side-happy-path").unwrap();
    s.producers[0].invocations = 1_000;
    s.producers[0].records_per_invocation = 10;
    assert!(s.validate().is_ok());
    s.producers[0].records_per_invocation = 11;
    let e = s.validate().unwrap_err();
    assert_eq!(e.path, "producers[0].client_side");
    assert!(e.message.en().contains("10000"), "{}", e.message.en());
    // The same load without client-side encryption is fine.
    s.producers[0].client_side = None;
    assert!(s.validate().is_ok());
}

#[test]
fn cli_summary_shows_the_calls_caching_saved() {
    use envelope_lab::sim::cli::{run, RunArgs};
    for (preset, calls, saved) in [
        ("client-side-caching", 1, 9),
        ("client-side-happy-path", 10, 0),
    ] {
        let out = run(&RunArgs {
            preset: Some(preset.into()),
            seed: 1,
            summary: true,
            ..RunArgs::default()
        })
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let p = &v["client_side"]["producers"][0];
        assert_eq!(p["generate_data_key_calls"], calls, "{preset}");
        assert_eq!(p["calls_saved"], saved, "{preset}");
        assert_eq!(p["records_sealed"], 10, "{preset}");
        assert_eq!(v["client_side"]["messages_decrypted"], 10, "{preset}");
    }
    // Existing presets' summaries have no such field.
    let out = run(&RunArgs {
        preset: Some("happy-path".into()),
        seed: 1,
        summary: true,
        ..RunArgs::default()
    })
    .unwrap();
    assert!(!out.contains("client_side"));
}

#[test]
fn caching_thresholds_reach_the_producer() {
    // The seed producer puts 10 records 20 ms apart. The SDK's rules: a data key encrypts
    // at most max_messages messages, and is not used past max_age.
    for (limits, expected_calls) in [
        (serde_json::json!({"max_age": "5m"}), 1),
        (serde_json::json!({"max_age": "5m", "max_messages": 3}), 4),
        (serde_json::json!({"max_age": "5m", "max_messages": 10}), 1),
        (serde_json::json!({"max_age": "30ms"}), 5),
    ] {
        let s = with_client_side(serde_json::json!({
            "key": "ProducerKey",
            "encryption_context": {"purpose": "ticker-feed"},
            "data_key_caching": limits.clone(),
        }))
        .unwrap();
        let mut sim = Simulation::new(&s, 1).unwrap();
        sim.run_to_end();
        let sum = sim.summary();
        let p = &sum.client_side.as_ref().unwrap().producers[0];
        assert_eq!(p.generate_data_key_calls, expected_calls, "{limits}");
        assert_eq!(p.calls_saved, 10 - expected_calls, "{limits}");
        assert_eq!(calls(&sum, "GenerateDataKey"), expected_calls, "{limits}");
        assert_eq!(failures(&sum), vec![], "{limits}");
    }
}

/// (role, stream, firehose, s3 object) as `who_reads_plaintext` words them.
fn reach(name: &str) -> Vec<(String, String, String, String)> {
    let (mut sim, _) = run(name);
    let before = sim.trace_sha256();
    let rows = sim.who_reads_plaintext();
    assert_eq!(sim.trace_sha256(), before, "{name}: the view wrote a step");
    let word = |r: envelope_lab::sim::plaintext::Reach| {
        serde_json::to_value(r)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    };
    rows.into_iter()
        .map(|r| (r.role, word(r.stream), word(r.firehose), word(r.s3_object)))
        .collect()
}

fn row(role: &str, stream: &str, firehose: &str, s3: &str) -> (String, String, String, String) {
    (role.into(), stream.into(), firehose.into(), s3.into())
}

#[test]
fn who_reads_the_plaintext_sse_client_side_and_both() {
    // SSE only: Firehose's source role reads the stream (the seed key policy lets every
    // principal of the account use KinesisKey through Kinesis) and hands Firehose the
    // records; the analyst may open the objects (kms:Decrypt on S3Key).
    let sse = reach("reader-missing-decrypt");
    assert!(sse.contains(&row(
        "KinesisStreamSourceRole",
        "plaintext",
        "plaintext",
        "denied"
    )));
    assert!(sse.contains(&row("AnalystRole", "denied", "not_applicable", "denied")));
    // Client-side alone: the stream and S3 hold SDK messages; only the analyst (Decrypt
    // on ProducerKey) reads them; Firehose moves ciphertext.
    let cs = reach("client-side-happy-path");
    assert!(cs.contains(&row(
        "KinesisStreamSourceRole",
        "ciphertext_only",
        "ciphertext_only",
        "denied"
    )));
    assert!(cs.contains(&row("AnalystRole", "denied", "not_applicable", "plaintext")));
    // The producer's role may read nothing back.
    assert!(cs.contains(&row(
        "DataSourceLambdaRole",
        "denied",
        "not_applicable",
        "denied"
    )));
    // The destination role reads S3 (GetObject) but holds no Decrypt on ProducerKey.
    assert!(cs.contains(&row(
        "KinesisS3DestinationRole",
        "denied",
        "not_applicable",
        "ciphertext_only"
    )));
    // Without kms:Decrypt on ProducerKey the analyst sees ciphertext only.
    let no_decrypt = reach("client-side-reader-missing-decrypt");
    assert!(no_decrypt.contains(&row(
        "AnalystRole",
        "denied",
        "not_applicable",
        "ciphertext_only"
    )));
    // Both layers: the analyst needs S3Key (held) and ProducerKey (held).
    let both = reach("client-side-both-layers");
    assert!(both.contains(&row("AnalystRole", "denied", "not_applicable", "plaintext")));
    assert!(both.contains(&row(
        "KinesisStreamSourceRole",
        "ciphertext_only",
        "ciphertext_only",
        "denied"
    )));
}
