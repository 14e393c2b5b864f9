//! The view API the web app renders (`sim::view`): diagram counts and key states at a step,
//! KMS usage, Firehose's log events, S3 objects and opening one as a role, and which role
//! and diagram box a step or principal is, over several presets.

use envelope_lab::sim::scenario::KeyState;
use envelope_lab::sim::view::{Diagram, Stage};
use envelope_lab::sim::{presets, Scenario, Simulation};

fn scenario(name: &str) -> Scenario {
    presets::get(name).unwrap_or_else(|| panic!("preset {name}"))
}

fn run(name: &str) -> Simulation {
    let mut sim = Simulation::new(&scenario(name), 1).unwrap();
    sim.run_to_end();
    sim
}

/// The first step with this operation.
fn first(sim: &Simulation, operation: &str) -> usize {
    sim.steps()
        .iter()
        .position(|s| s.operation == operation)
        .unwrap_or_else(|| panic!("no {operation}"))
}

/// `d` with its counts as the engine's snapshot of `sim` states them.
fn from_snapshot(sim: &Simulation, d: &Diagram) -> Diagram {
    let snap = sim.snapshot();
    let stream = snap.streams.first();
    let key_state = |name: &str| {
        snap.kms_keys
            .iter()
            .find(|k| k.name == name)
            .map(|k| k.state)
            .unwrap_or_default()
    };
    let records = stream.into_iter().flat_map(|s| &s.shards);
    Diagram {
        shard_records: records.clone().map(|sh| sh.total).sum(),
        // The snapshot lists at most 200 records a shard: enough in these presets.
        shard_encrypted: records
            .flat_map(|sh| &sh.records)
            .filter(|r| r.encryption_type == "KMS")
            .count(),
        buffered: snap.firehose.first().map_or(0, |f| {
            f.buffer_records.len() + f.pending_batches.iter().map(|b| b.1).sum::<usize>()
        }),
        objects: snap.buckets.first().map_or(0, |b| b.objects.len()),
        stream_encrypted: stream.is_some_and(|s| s.encryption_type == "KMS"),
        kinesis_key_state: key_state(&d.kinesis_key),
        s3_key_state: key_state(&d.s3_key),
        ..d.clone()
    }
}

/// The diagram of a replay stopped at every event boundary, next to the one the final
/// state gives for the same step (the way the UI counts a step too far back to replay).
fn replayed_and_filtered(name: &str) -> Vec<(usize, Diagram, Diagram)> {
    let full = run(name);
    let mut probe = Simulation::new(&scenario(name), 1).unwrap();
    let mut out = Vec::new();
    let at = |sim: &Simulation, cursor| {
        let (mut replayed, mut filtered) = (full.diagram(cursor), full.diagram(cursor));
        sim.count(&mut replayed);
        assert_eq!(
            replayed,
            from_snapshot(sim, &replayed),
            "{name} at step {cursor}"
        );
        full.count_at(cursor, &mut filtered);
        (replayed, filtered)
    };
    let (replayed, filtered) = at(&probe, 0);
    out.push((0, replayed, filtered));
    loop {
        let before = probe.steps().len();
        probe.run_to_step(before as u32);
        let cursor = probe.steps().len();
        if cursor == before {
            break;
        }
        let (replayed, filtered) = at(&probe, cursor);
        out.push((cursor, replayed, filtered));
    }
    assert_eq!(out.last().map(|o| o.0), Some(full.steps().len()));
    out
}

#[test]
fn counts_from_the_final_state_match_a_replay_except_the_buffer() {
    for name in [
        "happy-path",
        "producer-missing-generate-data-key",
        "kinesis-key-disabled-mid-run",
        "sse-enabled-mid-stream",
        "mixed-bucket-encryption",
        "producer-put-records",
        "bucket-key-context-condition",
        "kinesis-key-pending-deletion",
    ] {
        for (cursor, replayed, filtered) in replayed_and_filtered(name) {
            let without_buffer = |d: Diagram| Diagram { buffered: 0, ..d };
            assert_eq!(
                without_buffer(replayed),
                without_buffer(filtered),
                "{name} at step {cursor}"
            );
        }
    }
}

#[test]
fn the_happy_path_diagram_step_by_step() {
    let sim = run("happy-path");
    assert_eq!(sim.steps().len(), 21);
    let d = sim.diagram(0);
    assert_eq!(
        (d.active, d.caption.as_str(), d.step),
        (None, "", 0),
        "nothing happened yet"
    );
    assert_eq!(d.producer, "DataSourceLambda");
    assert_eq!(d.producer_role, "DataSourceLambdaRole");
    // Step 7 (cursor 7) is the first PutRecord: a record moves from Lambda to the stream.
    let d = sim.diagram(7);
    assert_eq!(d.active, Some(Stage::Stream));
    assert_eq!(d.moving, Some((Stage::Lambda, Stage::Stream)));
    assert_eq!(
        d.caption,
        "#7 Lambda DataSourceLambda → kinesis PutRecord ✓"
    );
    // Its GenerateDataKey uses the stream's key.
    assert_eq!(sim.diagram(8).active, Some(Stage::KinesisKey));
    // The S3 PutObject and the GenerateDataKey S3 makes for it.
    assert_eq!(
        sim.diagram(20).moving,
        Some((Stage::Firehose, Stage::Bucket))
    );
    assert_eq!(sim.diagram(21).active, Some(Stage::S3Key));
    let mut c = sim.diagram(21);
    sim.count(&mut c);
    assert_eq!(
        (c.shard_records, c.shard_encrypted, c.buffered, c.objects),
        (10, 10, 0, 1)
    );
    assert!(c.stream_encrypted);
    assert_eq!(
        (c.kinesis_key_state, c.s3_key_state),
        (KeyState::Enabled, KeyState::Enabled)
    );
    // A cursor past the end is the end.
    assert_eq!(sim.diagram(1000), sim.diagram(21));
}

#[test]
fn a_denied_step_is_shown_where_it_failed() {
    let sim = run("producer-missing-generate-data-key");
    let denied = first(&sim, "GenerateDataKey");
    let d = sim.diagram(denied + 1);
    assert_eq!(
        d.denied,
        Some((Stage::KinesisKey, "AccessDeniedException".to_string()))
    );
    assert!(d
        .caption
        .ends_with("kms GenerateDataKey ✗ AccessDeniedException"));
    // Nothing reached the stream.
    let mut end = sim.diagram(sim.steps().len());
    sim.count(&mut end);
    assert_eq!(end.shard_records, 0);
}

#[test]
fn key_states_follow_the_run_without_a_replay() {
    let sim = run("kinesis-key-disabled-mid-run");
    let key = sim.diagram(0).kinesis_key;
    let off = first(&sim, "DisableKey");
    let on = first(&sim, "EnableKey");
    assert!(off < on);
    assert_eq!(sim.key_state_at(&key, 0), KeyState::Enabled);
    assert_eq!(sim.key_state_at(&key, off), KeyState::Enabled);
    assert_eq!(sim.key_state_at(&key, off + 1), KeyState::Disabled);
    assert_eq!(sim.key_state_at(&key, on), KeyState::Disabled);
    assert_eq!(sim.key_state_at(&key, on + 1), KeyState::Enabled);
    // The administrator's state change happens at the stream's key.
    assert_eq!(sim.diagram(off + 1).active, Some(Stage::KinesisKey));
    // A key deleted before the run starts stays deleted; an unknown key is Enabled.
    let sim = run("kinesis-key-deleted");
    let key = sim.diagram(0).kinesis_key;
    assert_eq!(sim.key_state_at(&key, 0), KeyState::Deleted);
    assert_eq!(sim.key_state_at(&key, sim.steps().len()), KeyState::Deleted);
    assert_eq!(sim.key_state_at("no-such-key", 5), KeyState::Enabled);
}

#[test]
fn usage_counts_every_kms_request() {
    let count = |u: &envelope_lab::sim::view::UsageView, op: &str| {
        u.by_operation
            .iter()
            .find(|(o, _)| o == op)
            .map_or(0, |(_, c)| *c)
    };
    let sim = run("happy-path");
    let u = sim.usage();
    assert_eq!(
        u.by_operation,
        vec![
            ("GenerateDataKey".to_string(), 2),
            ("Decrypt".to_string(), 1)
        ]
    );
    assert_eq!((u.records_encrypted, u.kinesis_data_keys), (10, 1));
    assert_eq!((u.objects, u.s3_kms_requests), (1, 1));
    assert_eq!(u.customer_keys, 2);
    assert!(!u.bucket_key);
    // Denied requests count (KMS bills requests); none succeeded.
    let sim = run("producer-missing-generate-data-key");
    let u = sim.usage();
    let summary = sim.summary();
    assert_eq!(count(&u, "GenerateDataKey"), 10);
    assert_eq!(summary.kms.denied, 10);
    assert_eq!(
        u.by_operation.iter().map(|(_, c)| c).sum::<u64>(),
        summary.kms.total_requests
    );
    assert_eq!(u.records_encrypted, 0);
    // The cost estimate follows the bucket's configured Bucket Key.
    assert!(run("bucket-key-context-condition").usage().bucket_key);
}

#[test]
fn firehose_logs_have_the_documented_shape() {
    let sim = run("s3-destination-missing-kms");
    let n = sim.steps().len();
    assert!(sim.logs(0).is_empty());
    let logs = sim.logs(n);
    let summary = sim.summary();
    assert_eq!(
        logs.len() as u64,
        summary.firehose_errors.iter().map(|e| e.count).sum::<u64>()
    );
    let first = &logs[0];
    let mut fields: Vec<&str> = first
        .message
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "deliveryStreamARN",
            "deliveryStreamVersionId",
            "destination",
            "errorCode",
            "message"
        ]
    );
    assert_eq!(first.message["errorCode"], "S3.AccessDenied");
    assert!(first.message["destination"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:s3:::"));
    assert_eq!(sim.steps()[first.step as usize].operation, "PutLogEvents");
    assert!(first.time.ends_with('Z'));
    // Only the events logged before the cursor.
    assert_eq!(sim.logs(first.step as usize + 1).len(), 1);
    assert!(run("happy-path").logs(21).is_empty());
}

#[test]
fn objects_at_a_step_and_opening_one_as_a_role() {
    let mut sim = run("happy-path");
    let n = sim.steps().len();
    assert!(sim.objects(n - 2).is_empty(), "written at step 19");
    let objects = sim.objects(n);
    assert_eq!(objects.len(), 1);
    let o = &objects[0];
    assert_eq!(
        (o.encryption_status.as_str(), o.bucket_key),
        ("SSE-KMS", false)
    );
    assert!(o.kms_key.as_deref().unwrap().starts_with("arn:aws:kms:"));
    let read = sim.open_object_as("KinesisS3DestinationRole", &o.key);
    assert!(read.ok, "{read:?}");
    assert_eq!(read.body.matches("\"TICKER\"").count(), 10);
    assert!(read
        .headers
        .iter()
        .any(|(k, v)| k == "ServerSideEncryption" && v == "aws:kms"));
    assert_eq!(read.steps, ["s3 GetObject ✓", "kms Decrypt ✓"]);
    assert!(read.explanation.unwrap().decision.is_allowed());
    // No such key; no such role.
    let missing = sim.open_object_as("KinesisS3DestinationRole", "nope");
    assert_eq!(missing.error.map(|e| e.0).as_deref(), Some("NoSuchKey"));
    let nobody = sim.open_object_as("NoSuchRole", &o.key);
    assert!(!nobody.ok && nobody.steps.is_empty());

    // A reader without kms:Decrypt: S3 answers AccessDenied; the KMS denial decided it.
    let mut sim = run("reader-missing-decrypt");
    let key = sim.objects(sim.steps().len())[0].key.clone();
    let read = sim.open_object_as("AnalystRole", &key);
    assert!(!read.ok);
    let (code, message) = read.error.clone().unwrap();
    assert_eq!(code, "AccessDenied");
    assert!(message.starts_with("The ciphertext refers to a customer master key"));
    let why = read.explanation.unwrap();
    assert!(!why.decision.is_allowed());
    assert!(why.kms_key, "the KMS key policy decided");
    assert!(read.steps.iter().any(|s| s.starts_with("kms Decrypt ✗")));

    // A bucket whose objects mix encryptions until a batch copy rewrites the old ones:
    // objects present at the start are listed from step 0, a copy replaces its source.
    let sim = run("mixed-bucket-encryption");
    let status = |cursor: usize| {
        sim.objects(cursor)
            .into_iter()
            .map(|o| (o.encryption_status, o.bucket_key))
            .collect::<Vec<_>>()
    };
    let at_start = status(0);
    assert_eq!(at_start.len(), 2);
    assert!(at_start.iter().all(|(s, _)| s != "SSE-KMS"), "{at_start:?}");
    let copy = first(&sim, "CopyObject");
    let before_copy = status(copy);
    assert_eq!(before_copy.len(), 3);
    assert!(
        before_copy.contains(&("SSE-KMS".to_string(), true)),
        "{before_copy:?}"
    );
    let end = status(sim.steps().len());
    assert_eq!(end.len(), 3);
    assert!(
        end.iter().all(|s| *s == ("SSE-KMS".to_string(), true)),
        "{end:?}"
    );
    assert_eq!(end.len(), sim.summary().s3_objects.len());
}

#[test]
fn roles_come_from_the_sessions_iam_issued() {
    let sim = run("happy-path");
    let lambda = "arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/DataSourceLambda";
    assert_eq!(sim.role_of_principal(lambda), Some("DataSourceLambdaRole"));
    assert_eq!(sim.role_of_principal("lambda.amazonaws.com"), None);
    assert_eq!(
        sim.role_of_principal("arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/x"),
        None,
        "no such session"
    );
    // AssumeRole steps are at the role assumed (the caller is a service principal).
    let assumed: Vec<_> = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "AssumeRole")
        .map(|s| (sim.role_of_step(s), sim.stage_of(s).0))
        .collect();
    assert_eq!(
        assumed,
        [
            (Some("KinesisStreamSourceRole"), Some(Stage::SourceRole)),
            (
                Some("KinesisS3DestinationRole"),
                Some(Stage::DestinationRole)
            ),
            (Some("DataSourceLambdaRole"), Some(Stage::ProducerRole)),
        ]
    );
    // Other calls: the role of the calling session.
    let put = &sim.steps()[first(&sim, "PutObject")];
    assert_eq!(sim.role_of_step(put), Some("KinesisS3DestinationRole"));
    // Names match exactly, never as substrings.
    assert_eq!(
        sim.role_stage("DataSourceLambdaRole"),
        Some(Stage::ProducerRole)
    );
    assert_eq!(sim.role_stage("DataSource"), None);
    assert_eq!(sim.role_stage("LambdaRole"), None);
    // A denied AssumeRole is still at its role.
    let sim = run("lambda-role-trust-denied");
    let denied = first(&sim, "AssumeRole");
    let denied = sim
        .steps()
        .iter()
        .skip(denied)
        .find(|s| s.operation == "AssumeRole" && !s.outcome.is_ok())
        .unwrap();
    assert_eq!(sim.stage_of(denied).0, Some(Stage::ProducerRole));
}

#[test]
fn rows_and_step_tabs_by_index() {
    let sim = run("happy-path");
    let row = sim.row(7).unwrap();
    assert_eq!(
        (row.operation.as_str(), row.depth, row.time.as_str()),
        ("GenerateDataKey", 1, "10:57:58.000")
    );
    assert_eq!(row.actor, "Kinesis (on behalf of the producer)");
    assert!(row.error.is_none());
    assert!(sim.row(21).is_none());
    let (request, response) = sim.request_response_at(6);
    assert_eq!(request.unwrap()["StreamName"], "dva-02-005-DataStream");
    assert!(response.unwrap()["SequenceNumber"].is_string());
    assert!(sim.authorization_at(6).unwrap().decision.is_allowed());
    assert_eq!(
        sim.cloudtrail_at(7).unwrap()["eventName"],
        "GenerateDataKey"
    );
    let env = sim.envelope_at(6).unwrap();
    assert!(!env.decrypt);
    assert_eq!(env.algorithm, "AES-256-GCM");
    assert!(env.context.iter().any(|(k, _)| k == "aws:kinesis:arn"));
    let sim = run("producer-missing-generate-data-key");
    let row = sim.row(first(&sim, "GenerateDataKey")).unwrap();
    assert_eq!(row.error.unwrap().0, "AccessDeniedException");
}

/// The Envelope tab says what each step produced and draws it; key bytes are the bytes the
/// Response tab prints in base64.
#[test]
fn envelopes_say_what_each_step_produced() {
    use envelope_lab::sim::envelope::PartKind;
    use envelope_lab::sim::view::Encoding;
    let sim = run("happy-path");
    // GenerateDataKey: the data key twice, no record fields.
    let gdk = first(&sim, "GenerateDataKey");
    let env = sim.envelope_at(gdk).unwrap();
    let (_, response) = sim.request_response_at(gdk);
    let response = response.unwrap();
    assert_eq!(env.data_key.encode(Encoding::Base64), response["Plaintext"]);
    assert_eq!(
        env.blob.encode(Encoding::Base64),
        response["CiphertextBlob"]
    );
    assert_eq!(env.data_key.encode(Encoding::Hex).len(), 64);
    assert!(env.plaintext.is_empty() && env.ciphertext.is_empty() && env.nonce.is_empty());
    assert!(
        env.produced.en().starts_with("A new data key"),
        "{:?}",
        env.produced
    );
    assert_eq!(env.lanes.len(), 1);
    assert_eq!(env.lanes[0].input.kind, PartKind::PlaintextKey);
    assert_eq!(env.lanes[0].output.kind, PartKind::WrappedKey);
    assert!(env.lanes[0].via.en().contains("KMS key KinesisKey"));
    // The PutRecord it served: a wrap lane and a seal lane.
    let put = first(&sim, "PutRecord");
    let env = sim.envelope_at(put).unwrap();
    assert_eq!(env.lanes.len(), 2);
    assert_eq!(env.lanes[1].output.kind, PartKind::Ciphertext);
    assert_eq!(env.nonce.0.len(), 12);
    assert!(env.produced.en().starts_with("Stored encrypted"));
    // GetRecords lists every record it returned, with its EncryptionType.
    let get = first(&sim, "GetRecords");
    let env = sim.envelope_at(get).unwrap();
    let (_, response) = sim.request_response_at(get);
    let returned = response.unwrap()["Records"].as_array().unwrap().clone();
    assert_eq!(env.records_total, returned.len());
    assert_eq!(env.records.len(), returned.len());
    for (line, r) in env.records.iter().zip(&returned) {
        assert_eq!(
            line.sequence_number.as_deref(),
            r["SequenceNumber"].as_str()
        );
        assert_eq!(line.encrypted, r["EncryptionType"] == "KMS");
    }
    assert!(env.decrypt);
    assert!(env.produced.en().starts_with("Records returned: 10"));
}

/// A PutRecord the stream refused is described as refused and not stored (it used to read
/// "stored as plaintext").
#[test]
fn a_rejected_put_is_not_stored() {
    use envelope_lab::sim::envelope::PartKind;
    let sim = run("producer-missing-generate-data-key");
    let put = sim
        .steps()
        .iter()
        .position(|s| s.operation == "PutRecord" && !s.outcome.is_ok())
        .unwrap();
    let env = sim.envelope_at(put).unwrap();
    assert!(env
        .produced
        .en()
        .starts_with("Rejected (KMSAccessDeniedException)"));
    assert!(!env.produced.en().contains("stored as plaintext"));
    assert!(env.produced.ja().contains("保存していません"));
    assert!(env.lanes[0].failed);
    assert_eq!(env.lanes[0].output.kind, PartKind::Nothing);
    assert!(env.data_key.is_empty() && env.blob.is_empty());
    // The GenerateDataKey that failed produced nothing.
    let gdk = sim
        .steps()
        .iter()
        .position(|s| s.operation == "GenerateDataKey" && !s.outcome.is_ok())
        .unwrap();
    let env = sim.envelope_at(gdk).unwrap();
    assert!(env.produced.en().starts_with("Nothing: KMS refused"));
    assert!(env.data_key.is_empty() && env.blob.is_empty());
}

/// Two AssumeRole rows by Firehose name the role each assumes.
#[test]
fn assume_role_rows_name_their_role() {
    let sim = run("happy-path");
    let targets: Vec<Option<String>> = (0..sim.steps().len())
        .filter_map(|i| sim.row(i))
        .filter(|r| r.operation == "AssumeRole" && r.actor.starts_with("Firehose"))
        .map(|r| r.target)
        .collect();
    assert_eq!(
        targets,
        [
            Some("KinesisStreamSourceRole".to_string()),
            Some("KinesisS3DestinationRole".to_string())
        ]
    );
    assert_eq!(sim.row(first(&sim, "PutRecord")).unwrap().target, None);
}
