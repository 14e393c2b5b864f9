//! Scenario errors are bilingual: every invalid scenario the learner can write (bad values,
//! broken references, serde shape errors, bad JSON) is explained in English (unchanged, what
//! the CLI prints) and in Japanese (what the Japanese UI shows), at the same JSON path.

use envelope_lab::sim::{Scenario, ScenarioError};
use envelope_lab::text::is_japanese;
use serde_json::{json, Value};

fn seed() -> Value {
    serde_json::to_value(Scenario::default()).expect("the seed scenario serialises")
}

/// The seed scenario with `value` written at the JSON pointer `pointer`.
fn with(pointer: &str, value: Value) -> String {
    let mut doc = seed();
    *doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the seed scenario")) = value;
    doc.to_string()
}

/// The seed scenario with an extra event.
fn with_event(event: Value) -> String {
    let mut doc = seed();
    doc["events"] = json!([event]);
    doc.to_string()
}

fn error(label: &str, text: &str) -> ScenarioError {
    match Scenario::from_json(text) {
        Ok(_) => panic!("{label}: the scenario was accepted"),
        Err(e) => e,
    }
}

fn assert_japanese(label: &str, e: &ScenarioError) {
    let ja = e.message.get("ja");
    assert!(
        ja.chars().any(is_japanese),
        "{label}: Japanese message is not Japanese: {ja:?} (en {:?}, path {})",
        e.message.en(),
        e.path
    );
    assert_ne!(ja, e.message.en(), "{label}: Japanese equals English");
    assert_eq!(e.message.get("en"), e.message.en(), "{label}: English");
    assert_eq!(
        e.message.get("fr"),
        e.message.en(),
        "{label}: other codes get English"
    );
    assert!(e.message.ja_is_japanese(), "{label}: message");
    assert_eq!(e.located().en(), e.to_string(), "{label}: located English");
    // Read from text: the line and column, and the path unless it is the document's.
    assert!(e.line > 0 && e.column > 0, "{label}: located in the text");
    let path = match e.path.as_str() {
        "." => String::new(),
        p => format!(" ({p})"),
    };
    assert_eq!(
        e.located().ja(),
        format!("{} 行 {} 列{path}: {ja}", e.line, e.column),
        "{label}: located Japanese"
    );
}

/// (label, scenario text, expected path, a fragment of the unchanged English message)
fn cases() -> Vec<(&'static str, String, &'static str, &'static str)> {
    let key_event = |key: &str| json!({"action": "disable_key", "at": "1m", "key": key});
    vec![
        (
            "bad version",
            with("/version", json!(2)),
            "version",
            "unsupported scenario version 2",
        ),
        (
            "bad account",
            with("/account", json!("12")),
            "account",
            "12 digits",
        ),
        (
            "bad region",
            with("/region", json!("tokyo")),
            "region",
            "is not a region name",
        ),
        (
            "bad start time",
            with("/start_time", json!("yesterday")),
            "start_time",
            "not an RFC 3339 time",
        ),
        (
            "unknown key name",
            with("/streams/0/encryption/key", json!("NoSuchKey")),
            "streams[0].encryption.key",
            "no KMS key \"NoSuchKey\"",
        ),
        (
            "missing role",
            with("/producers/0/role", json!("NoSuchRole")),
            "producers[0].role",
            "no role named \"NoSuchRole\" in roles",
        ),
        (
            "missing stream",
            with("/producers/0/stream", json!("nope")),
            "producers[0].stream",
            "no stream named",
        ),
        (
            "missing bucket",
            with("/delivery_streams/0/bucket", json!("nope-bucket")),
            "delivery_streams[0].bucket",
            "no bucket named",
        ),
        (
            "duplicate role",
            {
                let mut doc = seed();
                let first = doc["roles"][0].clone();
                if let Some(roles) = doc["roles"].as_array_mut() {
                    roles.push(first);
                }
                doc.to_string()
            },
            "roles[3].name",
            "duplicate role name",
        ),
        (
            "bad role name",
            with("/roles/0/name", json!("has space")),
            "roles[0].name",
            "characters AWS does not allow",
        ),
        (
            "bad shards",
            with("/streams/0/shards", json!(0)),
            "streams[0].shards",
            "1–64 shards",
        ),
        (
            "bad retention",
            with("/streams/0/retention_hours", json!(1)),
            "streams[0].retention_hours",
            "24–8760 hours",
        ),
        (
            "bad duration unit",
            with("/producers/0/record_spacing", json!("5x")),
            "producers[0].record_spacing",
            "unknown unit \"x\"",
        ),
        (
            "empty duration",
            with("/producers/0/record_spacing", json!("")),
            "producers[0].record_spacing",
            "empty duration",
        ),
        (
            "zero interval",
            with("/producers/0/invocation_interval", json!("0")),
            "producers[0].invocation_interval",
            "greater than zero",
        ),
        (
            "bad producer start",
            with("/producers/0/start", json!("2000-01-01T00:00:00Z")),
            "producers[0].start",
            "before the scenario's start_time",
        ),
        (
            "bad bucket name",
            with("/buckets/0/name", json!("UPPER")),
            "buckets[0].name",
            "3–63 lowercase",
        ),
        (
            "bad buffer size",
            with("/delivery_streams/0/buffering/size_mb", json!(500)),
            "delivery_streams[0].buffering.size_mb",
            "SizeInMBs",
        ),
        (
            "bad compression",
            with("/delivery_streams/0/compression", json!("GZIP")),
            "delivery_streams[0].compression",
            "UNCOMPRESSED",
        ),
        (
            "policy not an object",
            with("/roles/0/trust_policy", json!([])),
            "roles[0].trust_policy",
            "a policy document is a JSON object",
        ),
        (
            "bad policy",
            with(
                "/roles/0/trust_policy",
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}),
            ),
            "roles[0].trust_policy.Statement[0].Effect",
            "Allow",
        ),
        (
            "disable an AWS managed key",
            with_event(key_event("alias/aws/s3")),
            "events[0].key",
            "AWS managed keys",
        ),
        (
            "disable a missing key",
            with_event(key_event("Ghost")),
            "events[0].key",
            "no KMS key \"Ghost\"",
        ),
        (
            "bad event time",
            with_event(json!({"action": "disable_key", "at": "soon", "key": "KinesisKey"})),
            "events[0].at",
            "duration",
        ),
        (
            "zero quota",
            with("/kms/request_quota_per_second", json!(0)),
            "kms.request_quota_per_second",
            "at least 1",
        ),
        // serde: shape errors
        (
            "unknown field",
            {
                let mut doc = seed();
                doc["streams"][0]["shard_count"] = json!(2);
                doc.to_string()
            },
            "streams[0].shard_count",
            "unknown field `shard_count`, expected one of",
        ),
        (
            "wrong type",
            with("/streams/0/shards", json!("two")),
            "streams[0].shards",
            "invalid type: string \"two\", expected u32",
        ),
        (
            "missing field",
            {
                let mut doc = seed();
                if let Some(o) = doc.as_object_mut() {
                    o.remove("roles");
                }
                doc.to_string()
            },
            ".",
            "missing field `roles`",
        ),
        (
            "unknown variant",
            with("/streams/0/encryption/type", json!("AES")),
            "streams[0].encryption.type",
            "unknown variant `AES`",
        ),
        (
            "unknown event type",
            with_event(json!({"action": "explode", "at": "1m"})),
            "events[0].action",
            "unknown variant `explode`",
        ),
        // not JSON at all
        (
            "bad JSON",
            "{\"version\": 1,".to_string(),
            ".",
            "invalid JSON: expected a member name in double quotes, found the end of the input",
        ),
        (
            "bad JSON inside a policy",
            {
                let text = seed().to_string();
                let at = "\"trust_policy\":{";
                let cut = text.find(at).map_or(0, |i| i + at.len());
                text[..cut].to_string()
            },
            "roles[0].trust_policy",
            "invalid JSON: expected a member name in double quotes or '}', found the end of the input",
        ),
        (
            "not an object",
            "[]".to_string(),
            ".",
            "invalid length 0, expected struct Scenario",
        ),
    ]
}

#[test]
fn every_invalid_scenario_is_explained_in_japanese_at_the_same_path() {
    let mut wrong = Vec::new();
    for (label, text, path, english) in cases() {
        let e = error(label, &text);
        if e.path != path || !e.message.en().contains(english) {
            wrong.push(format!("{label}: expected {path}: …{english}…, got {e}"));
        }
        assert_japanese(label, &e);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn serde_errors_become_japanese_sentences_keeping_names_as_written() {
    let mut doc = seed();
    doc["streams"][0]["shard_count"] = json!(2);
    let e = error("unknown field", &doc.to_string());
    let ja = e.message.get("ja");
    assert!(
        ja.starts_with("不明なフィールド `shard_count` です"),
        "{ja}"
    );
    assert!(
        ja.contains("`shards`"),
        "allowed fields stay as written: {ja}"
    );

    let e = error("wrong type", &with("/streams/0/shards", json!("two")));
    assert!(
        e.message.get("ja").contains("値の型が正しくありません"),
        "{e:?}"
    );

    let e = error("bad JSON", "{\"version\": 1,");
    assert!(
        e.message
            .get("ja")
            .starts_with("JSON の構文が正しくありません: "),
        "{e:?}"
    );

    // Anything serde says in a shape this does not know is still framed in Japanese.
    assert_eq!(
        envelope_lab::sim::scenario::serde_detail_ja("something new"),
        "シナリオの形式が正しくありません: something new"
    );
    assert_eq!(
        envelope_lab::sim::scenario::serde_detail_ja("missing field `roles` at line 1 column 9"),
        "必須のフィールド `roles` がありません (行 1、列 9)"
    );
}

#[test]
fn the_english_message_display_and_json_form() {
    let mut doc = seed();
    doc["producers"][0]["role"] = json!("NoSuchRole");
    let text = serde_json::to_string_pretty(&doc).expect("serialises");
    let line = 1 + text
        .lines()
        .position(|l| l.contains("\"NoSuchRole\""))
        .expect("the line");
    let e = error("missing role", &text);
    assert_eq!(e.message.en(), "no role named \"NoSuchRole\" in roles");
    assert_eq!((e.line, e.column), (line, 7), "the field's name");
    assert_eq!(
        e.to_string(),
        format!("line {line}, column 7 (producers[0].role): no role named \"NoSuchRole\" in roles")
    );
    assert_eq!(
        e.message.get("ja"),
        "roles に \"NoSuchRole\" という名前のロールがありません"
    );
    // The CLI's JSON form of the error carries the English only.
    let v = serde_json::to_value(&e).expect("serialises");
    assert_eq!(
        v,
        json!({"path": "producers[0].role", "message": "no role named \"NoSuchRole\" in roles", "line": line, "column": 7})
    );
    // A document held as a value (the web app's) has no line: the path alone.
    let e = Scenario::from_value(&doc).expect_err("invalid");
    assert_eq!(
        (e.line, e.to_string().as_str()),
        (
            0,
            "producers[0].role: no role named \"NoSuchRole\" in roles"
        )
    );
}
