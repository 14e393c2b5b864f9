//! The views of client-side encryption the web app draws (issue [5/6], "what the learner
//! sees"): the SDK message in the Envelope tab, nested inside the stream's or bucket's
//! server-side layer; "who can read the plaintext"; the producer's KMS requests with and
//! without data key caching; objects that hold SDK messages. Expectations come from the
//! AWS Encryption SDK's message-format reference and the presets' documented setup
//! (ProducerKey, purpose=ticker-feed, the default signing suite), not from the engine.

use envelope_lab::sim::envelope::{SdkMessage, SdkValue};
use envelope_lab::sim::scenario::ClientSuite;
use envelope_lab::sim::view::{EnvelopeView, Layers, Reach};
use envelope_lab::sim::{presets, Scenario, Simulation};

const PRODUCER_KEY_ARN: &str =
    "arn:aws:kms:ap-northeast-1:123456789012:key/0b5c8f2e-7a41-4d3b-9e6f-3c2a1d8e4f70";
const SIGNING: &str = "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384";

fn run_scenario(s: &Scenario) -> Simulation {
    let mut sim = Simulation::new(s, 1).unwrap();
    sim.run_to_end();
    sim
}

fn run(name: &str) -> Simulation {
    run_scenario(&presets::get(name).unwrap_or_else(|| panic!("preset {name}")))
}

/// The envelope of the first step with this service and operation.
fn envelope_of(sim: &Simulation, service: &str, op: &str) -> EnvelopeView {
    let i = sim
        .steps()
        .iter()
        .position(|s| s.service == service && s.operation == op)
        .unwrap_or_else(|| panic!("no {service}:{op}"));
    sim.envelope_at(i)
        .unwrap_or_else(|| panic!("no envelope for {service}:{op}"))
}

fn literal(m: &SdkMessage, code: &str) -> Vec<String> {
    m.parts
        .iter()
        .flat_map(|p| &p.fields)
        .filter(|f| f.code == code)
        .map(|f| match &f.value {
            SdkValue::Literal(s) => s.clone(),
            SdkValue::Words(t) => t.en().to_string(),
            SdkValue::Bytes { len, .. } => format!("{len} bytes"),
        })
        .collect()
}

fn labels(m: &SdkMessage) -> Vec<String> {
    m.parts
        .iter()
        .flat_map(|p| &p.fields)
        .map(|f| f.label.en().to_string())
        .collect()
}

fn part_codes(m: &SdkMessage) -> Vec<&'static str> {
    m.parts.iter().map(|p| p.code).collect()
}

#[test]
fn the_producers_sealing_step_draws_its_sdk_message() {
    let sim = run("client-side-happy-path");
    let e = envelope_of(&sim, "lambda", "EncryptionSDK.encrypt");
    let m = e.sdk.as_ref().expect("the sealed message");
    assert_eq!(m.suite_name, SIGNING);
    assert_eq!(m.suite_id, 0x0578);
    assert_eq!(m.key_arns, vec![PRODUCER_KEY_ARN.to_string()]);
    assert_eq!(
        literal(m, "version"),
        vec!["0x02 (message format version 2)"]
    );
    assert_eq!(literal(m, "suite"), vec![format!("0x0578 {SIGNING}")]);
    assert_eq!(literal(m, "provider-id"), vec!["aws-kms"]);
    assert_eq!(literal(m, "key-arn"), vec![PRODUCER_KEY_ARN]);
    assert_eq!(literal(m, "frame-length"), vec!["4096 bytes"]);
    assert_eq!(literal(m, "message-id"), vec!["32 bytes"]);
    assert_eq!(literal(m, "commitment"), vec!["32 bytes"]);
    assert_eq!(literal(m, "header-tag"), vec!["16 bytes"]);
    // The context: the producer's pair and the signing suite's public key.
    let l = labels(m);
    assert!(
        l.contains(&"Encryption context: purpose".to_string()),
        "{l:?}"
    );
    assert!(l.contains(&"Encryption context: aws-crypto-public-key".to_string()));
    assert!(literal(m, "context").contains(&"ticker-feed".to_string()));
    // Header, its tag, one final frame (a ticker record is far below 4,096 bytes), footer.
    assert_eq!(
        part_codes(m),
        vec!["header", "header-auth", "frame", "footer"]
    );
    assert!(m.parts[2].title.en().contains("final frame"));
    assert_eq!(m.parts.iter().map(|p| p.len).sum::<usize>(), m.len);
    // The encrypted data key is the CiphertextBlob the GenerateDataKey under it returned.
    let blob_field = m.parts[0].fields.iter().find(|f| f.code == "blob").unwrap();
    let SdkValue::Bytes { bytes, len } = &blob_field.value else {
        panic!("blob is bytes");
    };
    assert_eq!(*len, e.blob.0.len());
    assert!(e.blob.0.starts_with(bytes));
    assert!(bytes.len() <= 16 && !bytes.is_empty());
    assert_eq!(e.key_arn, PRODUCER_KEY_ARN);
    // The SDK sends KMS the whole context, the public key included.
    let keys: Vec<&str> = e.context.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, vec!["aws-crypto-public-key", "purpose"]);
    // The drawing: KMS, key derivation, frames, signature.
    assert_eq!(e.lanes.len(), 4);
    assert!(e.lanes[0]
        .via
        .en()
        .starts_with("GenerateDataKey: KMS key ProducerKey"));
    assert!(e.modelled.as_ref().unwrap().en().contains("CiphertextBlob"));
    // Every label has its Japanese.
    for f in m.parts.iter().flat_map(|p| &p.fields) {
        assert!(!f.label.ja().is_empty(), "{}", f.label.en());
    }
}

#[test]
fn the_unsigned_suite_has_no_footer_and_no_public_key() {
    let mut s = presets::get("client-side-happy-path").unwrap();
    s.producers[0].client_side.as_mut().unwrap().algorithm_suite = ClientSuite::CommitKey;
    let sim = run_scenario(&s);
    let e = envelope_of(&sim, "lambda", "EncryptionSDK.encrypt");
    let m = e.sdk.unwrap();
    assert_eq!(m.suite_name, "AES_256_GCM_HKDF_SHA512_COMMIT_KEY");
    assert_eq!(part_codes(&m), vec!["header", "header-auth", "frame"]);
    assert!(!labels(&m)
        .iter()
        .any(|l| l.contains("aws-crypto-public-key")));
    assert_eq!(e.lanes.len(), 3);
}

#[test]
fn both_layers_nest_the_sdk_message_inside_sse() {
    let sim = run("client-side-both-layers");
    // The stream's record: Kinesis SSE around the SDK message; no plaintext record shown.
    let put = envelope_of(&sim, "kinesis", "PutRecord");
    assert_eq!(
        put.layers.iter().map(|l| l.code).collect::<Vec<_>>(),
        vec!["sse-kinesis"]
    );
    assert!(put.layers[0].title.en().contains("KinesisKey"));
    assert!(put.plaintext.is_empty());
    // What Kinesis seals is the SDK message, not the record.
    assert_eq!(
        put.lanes[1].input.label.en(),
        "SDK message (client-side ciphertext)"
    );
    let m = put.sdk.as_ref().unwrap();
    assert_eq!(m.key_arns, vec![PRODUCER_KEY_ARN.to_string()]);
    // The outer layer is KinesisKey's data key, not ProducerKey.
    assert!(put.key_arn.contains("key/") && put.key_arn != PRODUCER_KEY_ARN);
    // Firehose's object: SSE-KMS around ten SDK messages back to back.
    let obj = envelope_of(&sim, "s3", "PutObject");
    assert_eq!(obj.layers[0].code, "sse-kms");
    let m = obj.sdk.as_ref().unwrap();
    assert_eq!((m.of, m.index), (10, 0));
    assert!(obj.plaintext.is_empty());
    // The reader's decryption step opens a message with the same key and suite.
    let dec = envelope_of(&sim, "esdk", "EncryptionSDK.decrypt");
    let m = dec.sdk.as_ref().unwrap();
    assert_eq!(m.suite_name, SIGNING);
    assert!(dec.decrypt);
    assert!(dec.lanes[0]
        .via
        .en()
        .starts_with("Decrypt: KMS key ProducerKey"));
    // GetRecords lists each record's Data as base64 (an SDK message is binary).
    let get = envelope_of(&sim, "kinesis", "GetRecords");
    assert!(
        get.records.iter().all(|r| r.data.starts_with("AgV4")),
        "{:?}",
        get.records.first()
    );
}

#[test]
fn without_sse_the_stream_stores_the_sdk_message_as_sent() {
    let sim = run("client-side-happy-path");
    let put = envelope_of(&sim, "kinesis", "PutRecord");
    assert_eq!(put.layers[0].code, "none");
    assert!(put.sdk.is_some());
    // The seed scenario (SSE only) draws no SDK message and no layer.
    let sim = run_scenario(&Scenario::default());
    let put = envelope_of(&sim, "kinesis", "PutRecord");
    assert!(put.sdk.is_none() && put.layers.is_empty());
    assert!(!put.plaintext.is_empty());
}

#[test]
fn a_refused_generate_data_key_seals_nothing() {
    let sim = run("client-side-key-via-service-only");
    let e = envelope_of(&sim, "lambda", "EncryptionSDK.encrypt");
    assert!(e.sdk.is_none());
    assert!(e.lanes[0].failed);
    assert!(e.lanes[0].via.en().contains("AccessDeniedException"));
}

#[test]
fn a_cached_data_key_is_drawn_without_a_kms_call() {
    let sim = run("client-side-caching");
    let encrypts: Vec<usize> = sim
        .steps()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.operation == "EncryptionSDK.encrypt")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(encrypts.len(), 10);
    let first = sim.envelope_at(encrypts[0]).unwrap();
    let second = sim.envelope_at(encrypts[1]).unwrap();
    assert!(first.lanes[0].via.en().starts_with("GenerateDataKey"));
    assert_eq!(second.lanes[0].input.label.en(), "Cached data key");
    // One data key for both: the same encrypted data key in both headers.
    let blob = |e: &EnvelopeView| {
        e.sdk.as_ref().unwrap().parts[0]
            .fields
            .iter()
            .find(|f| f.code == "blob")
            .map(|f| f.value.clone())
    };
    assert_eq!(blob(&first), blob(&second));
    assert_ne!(
        literal(first.sdk.as_ref().unwrap(), "message-id"),
        Vec::<String>::new()
    );
}

#[test]
fn usage_counts_the_producers_calls_with_and_without_caching() {
    let plain = run("client-side-happy-path").usage();
    let cs = &plain.client_side;
    assert_eq!(cs.len(), 1);
    assert_eq!(
        (
            cs[0].records_sealed,
            cs[0].generate_calls,
            cs[0].calls_saved
        ),
        (10, 10, 0)
    );
    assert_eq!(cs[0].caching, None);
    assert_eq!(cs[0].suite, SIGNING);
    let cached = run("client-side-caching").usage();
    let cs = &cached.client_side;
    assert_eq!(
        (
            cs[0].records_sealed,
            cs[0].generate_calls,
            cs[0].calls_saved
        ),
        (10, 1, 9)
    );
    assert_eq!(cs[0].caching.map(|c| c.0), Some(300_000));
    // Server-side only: no client-side producer; Kinesis's own requests are counted.
    let sse = run_scenario(&Scenario::default()).usage();
    assert!(sse.client_side.is_empty());
    assert!(sse.kinesis_kms_requests >= 1);
    assert_eq!(plain.kinesis_kms_requests, 0);
}

#[test]
fn objects_say_they_hold_sdk_messages() {
    let sim = run("client-side-happy-path");
    let objects = sim.objects(sim.steps().len());
    assert!(!objects.is_empty());
    assert_eq!(objects[0].sdk_messages, Some(10));
    // Opened, the body is the messages in base64 (binary), starting with version 2 and
    // the signing suite's id (0x02 0x05 0x78 → "AgV4").
    let mut copy = run("client-side-happy-path");
    let read = copy.open_object_as("AnalystRole", &objects[0].key);
    assert!(read.ok, "{:?}", read.error);
    assert!(read.body.starts_with("AgV4"), "{}", &read.body[..20]);
    let sim = run_scenario(&Scenario::default());
    let objects = sim.objects(sim.steps().len());
    assert!(objects.iter().all(|o| o.sdk_messages.is_none()));
}

#[test]
fn the_plaintext_view_names_the_layers_and_keeps_the_trace() {
    let cases = [
        ("client-side-happy-path", Layers::ClientSide),
        ("client-side-both-layers", Layers::Both),
        ("reader-missing-decrypt", Layers::ServerSide),
    ];
    for (name, layers) in cases {
        let mut sim = run(name);
        let before = sim.trace_sha256();
        let v = sim.plaintext_view();
        assert_eq!(sim.trace_sha256(), before, "{name}");
        assert_eq!(v.layers, layers, "{name}");
        assert!(v.has_object, "{name}");
        assert!(!v.rows.is_empty());
        assert!(!v.layers.text().ja().is_empty());
    }
    let mut sim = run("client-side-happy-path");
    let v = sim.plaintext_view();
    let source = v
        .rows
        .iter()
        .find(|r| r.role == "KinesisStreamSourceRole")
        .unwrap();
    assert_eq!(source.firehose, Reach::CiphertextOnly);
    assert_eq!(
        Reach::CiphertextOnly.text().en(),
        "Sees ciphertext only (SDK messages)"
    );
    assert!(v.rows.iter().any(|r| r.stream == Reach::Denied));
}

#[test]
fn bytes_that_are_not_messages_draw_nothing_and_never_panic() {
    use base64::Engine;
    use envelope_lab::sim::envelope::sdk::{count, message_in};
    assert!(message_in(b"", 0).is_none());
    assert!(message_in(b"{\"TICKER\":\"AAPL\"}", 0).is_none());
    // The object Firehose wrote (ten real messages back to back), opened as the analyst,
    // then cut at every length and altered at every byte of the first message: a located
    // error inside, never a panic, and never more messages than are whole.
    let mut sim = run("client-side-happy-path");
    let key = sim.objects(sim.steps().len())[0].key.clone();
    let body = sim.open_object_as("AnalystRole", &key).body;
    let body = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    assert_eq!(count(&body, 100), 10);
    let first = message_in(&body, 0).unwrap().len;
    for cut in 0..=first {
        let n = count(&body[..cut], 100);
        assert_eq!(n, usize::from(cut == first), "cut at {cut}");
        let _ = message_in(&body[..cut], 0);
    }
    for at in 0..first {
        let mut altered = body[..first].to_vec();
        altered[at] ^= 0xFF;
        let _ = message_in(&altered, 0);
        assert!(count(&altered, 100) <= 1);
    }
}
