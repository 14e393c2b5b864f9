//! Where a malformed scenario's decode error points: a table of hand-written documents,
//! each with the JSON path, line and column read off the text by hand (columns count
//! characters from 1; a member is found at its name, an array element at its value).
//!
//! Every document shares the first three lines (the required fields), so the row's own
//! lines start at line 4.

use envelope_lab::sim::{Scenario, ScenarioError};

/// Lines 1–3 of every document: the fields each row leaves alone.
const HEAD: &str = r#"{"version": 1, "account": "123456789012", "region": "ap-northeast-1",
 "start_time": "2024-03-27T10:57:58Z", "streams": [], "producers": [],
 "delivery_streams": [],
"#;

struct Row {
    what: &'static str,
    /// Lines 4 onwards.
    body: &'static str,
    path: &'static str,
    line: usize,
    column: usize,
    /// The start of the English message.
    message: &'static str,
}

const ROWS: &[Row] = &[
    Row {
        what: "a wrong type deep in the array of roles",
        body: r#" "keys": [], "buckets": [],
 "roles": [
  {"name": "A", "trust_policy": {}},
  {"name": "B", "trust_policy": {},
   "inline_policies": [
     {"name": 7, "document": {}}
   ]}
 ]}"#,
        path: "roles[1].inline_policies[0].name",
        line: 9,
        column: 7,
        message: "invalid type: integer `7`, expected a string",
    },
    Row {
        what: "a missing field in a nested object",
        body: r#" "keys": [], "buckets": [],
 "roles": [
  {"name": "A", "trust_policy": {},
   "inline_policies": [{"name": "P"}]}
 ]}"#,
        path: "roles[0].inline_policies[0]",
        line: 7,
        column: 24,
        message: "missing field `document`",
    },
    Row {
        what: "an unknown field (deny_unknown_fields)",
        body: r#" "keys": [], "buckets": [],
 "roles": [
  {"name": "A", "trust_policy": {},
     "colour": "red"}
 ]}"#,
        path: "roles[0].colour",
        line: 7,
        column: 6,
        message: "unknown field `colour`, expected one of",
    },
    Row {
        what: "a wrong enum variant",
        body: r#" "buckets": [], "roles": [],
 "keys": [{"name": "K", "policy": {}, "state": "Bogus"}]}"#,
        path: "keys[0].state",
        line: 5,
        column: 39,
        message: "unknown variant `Bogus`, expected one of `Enabled`",
    },
    Row {
        what: "a wrong tag in an internally tagged event",
        body: r#" "keys": [], "buckets": [], "roles": [],
 "events": [
   {"at": "1m", "key": "K", "action": "disable_keys"}
 ]}"#,
        path: "events[0].action",
        line: 6,
        column: 29,
        message: "unknown variant `disable_keys`",
    },
    Row {
        what: "a wrong type in an event's field (the event is read whole)",
        body: r#" "keys": [], "buckets": [], "roles": [],
 "events": [
   {"action": "disable_key", "at": "1m", "key": "K"},
   {"action": "disable_key", "at": "1m",
    "key": 5}]}"#,
        path: "events[1].key",
        line: 8,
        column: 5,
        message: "invalid type: integer `5`, expected a string",
    },
    Row {
        what: "a missing field in an event (the event itself)",
        body: r#" "keys": [], "buckets": [], "roles": [],
 "events": [
   {"action": "disable_key", "at": "1m"}
 ]}"#,
        path: "events[0]",
        line: 6,
        column: 4,
        message: "missing field `key`",
    },
    Row {
        what: "a number out of range",
        body: r#" "keys": [], "buckets": [], "roles": [],
 "kms": {"request_quota_per_second": 4294967296}}"#,
        path: "kms.request_quota_per_second",
        line: 5,
        column: 10,
        message: "invalid value: integer `4294967296`, expected u32",
    },
    Row {
        what: "a wrong type as the last value of an object, closing two objects (`}}`)",
        body: r#" "keys": [], "roles": [],
 "buckets": [{"name": "b", "default_encryption": {"sse": "aws:kms", "bucket_key": "yes"}}]}"#,
        path: "buckets[0].default_encryption.bucket_key",
        line: 5,
        column: 69,
        message: "invalid type: string \"yes\", expected a boolean",
    },
    Row {
        what: "a wrong type in an array's last element",
        body: r#" "buckets": [], "roles": [],
 "keys": [{"name": "K", "policy": {},
   "grants": [{"grantee_principal": "R", "operations": ["Decrypt", 5]}]}]}"#,
        path: "keys[0].grants[0].operations[1]",
        line: 6,
        column: 68,
        message: "invalid type: integer `5`, expected a string",
    },
    Row {
        what: "an object where an array is expected",
        body: r#" "keys": [], "buckets": [],
 "roles": {}}"#,
        path: "roles",
        line: 5,
        column: 2,
        message: "invalid type: map, expected a sequence",
    },
    Row {
        what: "an array where an object is expected",
        body: r#" "keys": [], "buckets": [],
 "roles": [[]]}"#,
        path: "roles[0]",
        line: 5,
        column: 12,
        message: "invalid length 0, expected struct RoleSpec",
    },
    Row {
        what: "text that is not ASCII before the error on its line (columns count characters)",
        body: r#" "buckets": [], "roles": [],
 "keys": [{"name": "鍵", "description": "暗号化キー", "policy": {}, "state": 1}]}"#,
        path: "keys[0].state",
        line: 5,
        column: 63,
        message: "expected value",
    },
    Row {
        what: "a missing field of the document itself",
        body: r#" "keys": [], "roles": []}"#,
        path: ".",
        line: 1,
        column: 1,
        message: "missing field `buckets`",
    },
];

fn error(text: &str) -> ScenarioError {
    match Scenario::from_json(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn each_error_points_at_the_value_read_by_hand() {
    for row in ROWS {
        let text = format!("{HEAD}{}", row.body);
        let e = error(&text);
        assert_eq!(
            (e.path.as_str(), e.line, e.column),
            (row.path, row.line, row.column),
            "{}: {}",
            row.what,
            e.message.en()
        );
        assert!(
            e.message.en().starts_with(row.message),
            "{}: {}",
            row.what,
            e.message.en()
        );
    }
}

#[test]
fn a_byte_order_mark_does_not_move_the_place() {
    for row in ROWS {
        let text = format!("\u{feff}{HEAD}{}", row.body);
        let e = error(&text);
        assert_eq!(
            (e.path.as_str(), e.line, e.column),
            (row.path, row.line, row.column),
            "{}",
            row.what
        );
    }
}

/// The web app decodes a document held as a value: its text is compact (one line), and
/// the error has a path but no line and column.
#[test]
fn a_document_held_as_a_value_names_the_same_path() {
    for row in ROWS {
        let text = format!("{HEAD}{}", row.body);
        let doc: serde_json::Value = serde_json::from_str(&text).expect("well-formed JSON");
        let e = match Scenario::from_value(&doc) {
            Ok(_) => panic!("{}: accepted", row.what),
            Err(e) => e,
        };
        assert_eq!(
            (e.path.as_str(), e.line, e.column),
            (row.path, 0, 0),
            "{}",
            row.what
        );
        assert!(e.message.en().starts_with(row.message), "{}", row.what);
    }
}

/// The same document written on one line, as a compact value's text is.
#[test]
fn a_one_line_document_is_located_by_column() {
    let text = r#"{"version":1,"account":"123456789012","region":"ap-northeast-1","start_time":"2024-03-27T10:57:58Z","streams":[],"producers":[],"delivery_streams":[],"keys":[],"roles":[],"buckets":[{"name":"b","default_encryption":{"sse":"aws:kms","bucket_key":"yes"}}]}"#;
    let e = error(text);
    assert_eq!(
        (e.path.as_str(), e.line, e.column),
        ("buckets[0].default_encryption.bucket_key", 1, 233)
    );
    let text = r#"{"version":1,"account":"123456789012","region":"ap-northeast-1","start_time":"2024-03-27T10:57:58Z","streams":[],"producers":[],"delivery_streams":[],"keys":[],"roles":[],"buckets":[],"events":[{"action":"disable_key","at":"1m","key":"K"},{"action":"enable_key","at":"1m","key":{}}]}"#;
    let e = error(text);
    assert_eq!(
        (e.path.as_str(), e.line, e.column),
        ("events[1].key", 1, 273)
    );
}
