//! Goals that check the point (issue [3/6] §2): the shortcut solutions a learner might try —
//! written here by hand, independently of the lesson files' own `shortcuts` — miss the goal;
//! the solutions meet it; `lessons check` fails a solution that meets only some checks, a
//! shortcut that meets the goal, a change outside the editable parts and a lint ERROR.

use envelope_lab::lessons::cli::check_files;
use envelope_lab::lessons::load::BUILTIN_LESSONS;
use envelope_lab::lessons::{
    apply_edits, builtin_lessons, evaluate_goal, start, Edit, Lesson, Observation,
};
use serde_json::{json, Value};

fn lesson(id: &str) -> Lesson {
    builtin_lessons()
        .into_iter()
        .find(|l| l.id.starts_with(id))
        .unwrap_or_else(|| panic!("no lesson {id}"))
}

fn file_of(id: &str) -> (String, Value) {
    let (name, text) = BUILTIN_LESSONS
        .iter()
        .find(|(n, _)| n.starts_with(id))
        .unwrap_or_else(|| panic!("no file {id}"));
    (name.to_string(), serde_json::from_str(text).unwrap())
}

fn edits(v: Value) -> Vec<Edit> {
    serde_json::from_value(v).unwrap()
}

/// The labels of the checks a scenario (the start with `changes`) fails.
fn failed(l: &Lesson, changes: &[Edit]) -> Vec<String> {
    let start = start::start_document(&l.scenario).unwrap();
    let doc = apply_edits(&start, changes).unwrap();
    let scenario = start::to_scenario(&doc).unwrap();
    let o = Observation::run(&scenario, l.scenario.seed)
        .unwrap()
        .with_answers(l.solution.answers.clone());
    evaluate_goal(&l.goal, &o)
        .into_iter()
        .zip(&l.goal.checks)
        .filter(|(r, _)| !r.passed)
        .map(|(_, c)| c.label.en().to_string())
        .collect()
}

#[test]
fn every_solution_meets_its_goal() {
    for l in builtin_lessons() {
        assert_eq!(
            failed(&l, &l.solution.edits),
            Vec::<String>::new(),
            "{}",
            l.id
        );
    }
}

#[test]
fn lesson_6_keeping_principal_star_and_denying_the_named_role_fails() {
    let l = lesson("06");
    let mut changes = edits(
        json!([{"op": "add", "path": "/keys/0/policy/Statement/-", "value": {
        "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ReportingRole"},
        "Action": "kms:*", "Resource": "*"}}]),
    );
    changes.extend(
        l.solution
            .edits
            .iter()
            .filter(|e| format!("{e:?}").contains("/roles/1"))
            .cloned(),
    );
    assert_eq!(
        failed(&l, &changes),
        vec!["No other principal of the account can use the key through Kinesis"]
    );
}

#[test]
fn lesson_7_deleting_the_roles_statement_without_via_service_fails() {
    let l = lesson("07");
    let changes =
        edits(json!([{"op": "remove", "path": "/roles/0/inline_policies/0/document/Statement/0"}]));
    assert_eq!(
        failed(&l, &changes),
        vec!["DataSourceLambdaRole's IAM policy allows GenerateDataKey on KinesisKey through Kinesis, and not directly"]
    );
}

#[test]
fn lesson_8_denying_the_audit_role_instead_of_the_context_condition_fails() {
    let l = lesson("08");
    let changes = edits(
        json!([{"op": "add", "path": "/keys/0/policy/Statement/-", "value": {
        "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:role/AuditSourceLambdaRole"},
        "Action": "kms:*", "Resource": "*"}}]),
    );
    assert_eq!(
        failed(&l, &changes),
        vec!["No principal of the account can use the key through the audit stream"]
    );
}

#[test]
fn lesson_9_decrypt_without_via_service_fails() {
    let l = lesson("09");
    let changes = edits(
        json!([{"op": "add", "path": "/roles/3/inline_policies/0/document/Statement/-", "value": {
        "Effect": "Allow", "Action": "kms:Decrypt",
        "Resource": "arn:aws:kms:ap-northeast-1:123456789012:key/9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b"}}]),
    );
    assert_eq!(
        failed(&l, &changes),
        vec!["AnalystRole's kms:Decrypt works through S3 only, not in a direct call"]
    );
    assert!(l.goal.text.en().contains("only through S3"));
    assert!(!l.goal.text.en().contains("ideally"));
}

#[test]
fn lesson_15_five_environments_are_not_four() {
    let l = lesson("15");
    let five = edits(json!([{"op": "replace", "path": "/producers/0/concurrency", "value": 5}]));
    assert!(failed(&l, &five)
        .iter()
        .any(|c| c.contains("four environments")));
    let four = edits(json!([{"op": "replace", "path": "/producers/0/concurrency", "value": 4}]));
    assert_eq!(failed(&l, &four), Vec::<String>::new());
}

const PRODUCER_ROLE: &str = "arn:aws:iam::123456789012:role/DataSourceLambdaRole";
const ANALYST_ROLE: &str = "arn:aws:iam::123456789012:role/AnalystRole";
const PRODUCER_KEY: &str =
    "arn:aws:kms:ap-northeast-1:123456789012:key/0b5c8f2e-7a41-4d3b-9e6f-3c2a1d8e4f70";

/// A ProducerKey statement allowing `role` one direct action, with or without the context.
fn direct_statement(role: &str, action: &str, context: bool) -> Value {
    let mut s =
        json!({"Effect": "Allow", "Principal": {"AWS": role}, "Action": action, "Resource": "*"});
    if context {
        s["Condition"] = json!({"StringEquals": {"kms:EncryptionContext:purpose": "ticker-feed"}});
    }
    json!({"op": "add", "path": "/keys/2/policy/Statement/-", "value": s})
}

/// Lesson 17: both ends of client-side encryption call KMS directly, so letting only the
/// producer through leaves the analyst denied; the context scoping is part of the goal; a
/// grant per role (what the Fix tab also offers) is an accepted answer.
#[test]
fn lesson_17_both_direct_callers_need_a_scoped_permission() {
    let l = lesson("17");
    let producer_only = edits(json!([direct_statement(
        PRODUCER_ROLE,
        "kms:GenerateDataKey",
        true
    )]));
    let f = failed(&l, &producer_only);
    assert!(
        f.iter()
            .any(|c| c == "AnalystRole decrypts all 10 messages"),
        "{f:?}"
    );
    assert!(f.iter().all(|c| !c.contains("once per record")), "{f:?}");
    let unscoped = edits(json!([
        direct_statement(PRODUCER_ROLE, "kms:GenerateDataKey", false),
        direct_statement(ANALYST_ROLE, "kms:Decrypt", true)
    ]));
    assert_eq!(
        failed(&l, &unscoped),
        vec!["ProducerKey's policy: each role gets its one direct action with purpose=ticker-feed, and nothing more"]
    );
    let grants = edits(json!([{"op": "add", "path": "/keys/2/grants", "value": [
        {"grantee_principal": PRODUCER_ROLE, "operations": ["GenerateDataKey"], "encryption_context_subset": {"purpose": "ticker-feed"}},
        {"grantee_principal": ANALYST_ROLE, "operations": ["Decrypt"], "encryption_context_subset": {"purpose": "ticker-feed"}}
    ]}]));
    assert_eq!(failed(&l, &grants), Vec::<String>::new());
}

/// Lesson 18: the analyst's Decrypt on ProducerKey with a wildcard, a cache whose max_age
/// ends before a key can be reused, and no cache at all each miss the goal.
#[test]
fn lesson_18_a_wildcard_or_a_cache_that_saves_nothing_fails() {
    let l = lesson("18");
    let analyst = json!({"op": "add", "path": "/roles/3/inline_policies/0/document/Statement/1/Resource/-", "value": PRODUCER_KEY});
    let cache = |v: Value| json!({"op": "add", "path": "/producers/0/client_side/data_key_caching", "value": v});
    let wildcard = edits(json!([
        {"op": "replace", "path": "/roles/3/inline_policies/0/document/Statement/1/Resource", "value": "*"},
        cache(json!({"max_age": "5m", "max_messages": 5}))
    ]));
    assert_eq!(
        failed(&l, &wildcard),
        vec!["AnalystRole's policy gives it no kms:Decrypt on KinesisKey (no wildcard)"]
    );
    // The records are 20 ms apart: a 10 ms max_age never lets a data key be reused.
    let short = edits(json!([
        analyst.clone(),
        cache(json!({"max_age": "10ms", "max_messages": 5}))
    ]));
    assert_eq!(
        failed(&l, &short),
        vec!["DataSourceLambdaRole's GenerateDataKey calls drop from 11 to at most 3 (2 by the SDK, 1 by Kinesis for SSE)"]
    );
    let no_cache = edits(json!([analyst.clone()]));
    assert_eq!(
        failed(&l, &no_cache).len(),
        2,
        "{:?}",
        failed(&l, &no_cache)
    );
    let right = edits(json!([
        analyst,
        cache(json!({"max_age": "2m", "max_messages": 5}))
    ]));
    assert_eq!(failed(&l, &right), Vec::<String>::new());
}

#[test]
fn lesson_11_accepts_the_faster_lossless_recovery() {
    let l = lesson("11");
    let changes = edits(json!([
        {"op": "add", "path": "/events/-", "value": {"action": "enable_key", "at": "5m30s", "key": "KinesisKey"}},
        {"op": "add", "path": "/events/-", "value": {"action": "cancel_key_deletion", "at": "1h", "key": "S3Key"}},
        {"op": "add", "path": "/events/-", "value": {"action": "enable_key", "at": "1h", "key": "S3Key"}}
    ]));
    assert_eq!(failed(&l, &changes), Vec::<String>::new());
}

#[test]
fn lesson_2_first_check_does_not_say_removed_before_any_action() {
    let l = lesson("02");
    let start = start::start_scenario(&l).unwrap();
    let o = Observation::run(&start, l.scenario.seed).unwrap();
    let first = &evaluate_goal(&l.goal, &o)[0];
    assert!(!first.passed);
    assert_eq!(
        first.detail.en(),
        "no start_stream_encryption event in the scenario"
    );
    assert!(!first.detail.ja().contains("削除"));
}

#[test]
fn the_lessons_the_issue_names_list_shortcuts_and_lesson_13_guards_its_premise() {
    for id in ["06", "07", "08", "09", "13", "15"] {
        assert!(
            !lesson(id).shortcuts.is_empty(),
            "lesson {id} lists no shortcut"
        );
    }
    let l13 = lesson("13");
    let editable = l13.editable_pointers();
    assert!(editable.iter().all(|p| !p.contains("existing_objects")));
    assert!(!editable.contains(&"/buckets/0".to_string()));
}

fn check(name: &str, v: &Value) -> envelope_lab::lessons::cli::CheckOutput {
    check_files(&[(name.to_string(), v.to_string())])
}

#[test]
fn lessons_check_fails_a_solution_that_meets_only_two_of_three_checks() {
    // Lesson 7 (four checks): drop the solution's ViaService condition; the direct call is
    // allowed again and IAM allows it.
    let (name, mut v) = file_of("07");
    let doc = &mut v["solution"]["edits"][1]["value"]["Statement"][0];
    doc.as_object_mut().unwrap().remove("Condition");
    let out = check(&name, &v);
    assert!(!out.ok, "{}", out.text);
    assert!(out.text.contains("solution 2/4"), "{}", out.text);
    assert!(
        out.text.contains("the solution passes only 2 of 4 checks"),
        "{}",
        out.text
    );
    // A three-check goal whose solution meets two (lesson 13 without the copy).
    let (name, mut v) = file_of("13");
    v["solution"]["edits"][0]["value"]
        .as_array_mut()
        .unwrap()
        .truncate(1);
    let out = check(&name, &v);
    assert!(!out.ok);
    assert!(
        out.text.contains("the solution passes only 2 of 3 checks"),
        "{}",
        out.text
    );
}

#[test]
fn lessons_check_fails_a_shortcut_that_meets_the_goal() {
    let (name, mut v) = file_of("07");
    let solution = v["solution"]["edits"].clone();
    v["shortcuts"] = json!([{"note": "the solution itself", "edits": solution}]);
    let out = check(&name, &v);
    assert!(!out.ok);
    assert!(
        out.text
            .contains("shortcuts[0] (the solution itself) meets the goal (4 of 4 checks)"),
        "{}",
        out.text
    );
}

#[test]
fn lessons_check_fails_a_solution_that_changes_a_read_only_part() {
    let (name, mut v) = file_of("13");
    v["solution"]["edits"].as_array_mut().unwrap().push(
        json!({"op": "replace", "path": "/buckets/0/existing_objects/0/sse", "value": "AES256"}),
    );
    let out = check(&name, &v);
    assert!(!out.ok);
    assert!(
        out.text.contains("solution changes /buckets/0/existing_objects/0/sse, which the lesson does not let the learner change"),
        "{}",
        out.text
    );
}

#[test]
fn lessons_check_fails_a_solution_with_a_lint_error() {
    // Lesson 8's solution as it was: the context condition on a statement with DescribeKey.
    let (name, mut v) = file_of("08");
    v["solution"]["edits"] = json!([
        {"op": "add", "path": "/keys/0/policy/Statement/0/Condition/StringEquals/kms:EncryptionContext:aws:kinesis:arn",
         "value": "arn:aws:kinesis:ap-northeast-1:123456789012:stream/dva-02-005-DataStream"}
    ]);
    let out = check(&name, &v);
    assert!(!out.ok);
    assert!(out.text.contains("solution: lint ERROR"), "{}", out.text);
    assert!(out.text.contains("/keys/0/policy"), "{}", out.text);
}

/// Lesson 19: each half of a cross-account grant alone leaves the calls denied, and a key
/// policy open to every principal lets the third account's role in (its own IAM allows
/// `kms:*`), which the playground judges from that role's account.
#[test]
fn lesson_19_both_halves_and_only_the_analytics_account() {
    let l = lesson("19-");
    let key_policy = "/keys/2/policy/Statement/-";
    let resource = "/roles/3/inline_policies/0/document/Statement/0/Resource";
    let arn = "arn:aws:kms:ap-northeast-1:123456789012:key/5c6d7e8f-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
    let trust = |principal: &str| {
        json!({"op": "add", "path": key_policy, "value": {"Effect": "Allow",
            "Principal": {"AWS": principal}, "Action": ["kms:DescribeKey", "kms:GenerateDataKey"], "Resource": "*"}})
    };
    let iam = json!({"op": "replace", "path": resource, "value": arn});
    let key_only = failed(&l, &edits(json!([trust("arn:aws:iam::444455556666:root")])));
    assert!(
        key_only.contains(&"No call is denied".to_string()),
        "{key_only:?}"
    );
    let iam_only = failed(&l, &edits(json!([iam.clone()])));
    assert!(
        iam_only.contains(&"No call is denied".to_string()),
        "{iam_only:?}"
    );
    let everyone = failed(&l, &edits(json!([trust("*"), iam.clone()])));
    assert_eq!(everyone.len(), 1, "{everyone:?}");
    assert!(everyone[0].starts_with("The key policy trusts the analytics account"));
    // Trusting the third account's root instead lets OtherTeamRole in, and not AnalyticsRole.
    let wrong = failed(
        &l,
        &edits(json!([trust("arn:aws:iam::777777777777:root"), iam])),
    );
    assert!(
        wrong.iter().any(|c| c.starts_with("The key policy trusts")),
        "{wrong:?}"
    );
    assert!(failed(&l, &l.solution.edits).is_empty());
}

/// Lesson 21: an RCP only denies. An allow-list RCP stops nobody (and `lessons check` reports
/// it as a lint ERROR where a solution would teach it), a deny-list of the partner's account
/// leaves the contractor in, and the identity-perimeter statement alone meets the goal.
#[test]
fn lesson_21_an_rcp_denies_outside_the_organization() {
    let l = lesson("21-");
    let rcp = |statement: Value| {
        edits(
            json!([{"op": "replace", "path": "/organization/rcps/root/0/policy",
            "value": {"Version": "2012-10-17", "Statement": [statement]}}]),
        )
    };
    let allow = json!({"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}});
    let stopped = failed(&l, &rcp(allow.clone()));
    assert!(
        stopped.iter().any(|c| c.starts_with("PartnerRole")),
        "{stopped:?}"
    );
    let list = json!({"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalAccount": ["999999999999"]}}});
    assert_eq!(
        failed(&l, &rcp(list)),
        vec!["ContractorRole (888888888888) is denied".to_string()]
    );
    let perimeter = json!({"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
                      "Bool": {"aws:PrincipalIsAWSService": "false"}}});
    assert!(failed(&l, &rcp(perimeter)).is_empty());
    // The allow-list as a solution: lessons check refuses to teach it.
    let (name, mut v) = file_of("21-");
    v["solution"]["edits"] = json!([{"op": "replace", "path": "/organization/rcps/root/0/policy",
        "value": {"Version": "2012-10-17", "Statement": [allow]}}]);
    let out = check(&name, &v);
    assert!(!out.ok);
    assert!(
        out.text
            .contains("lint ERROR RCP_ALLOW_NOT_SUPPORTED in /organization/rcps/root/0/policy"),
        "{}",
        out.text
    );
}

/// Lesson 20: the archive must own what it receives and its key must trust the Firehose role
/// only. Bucket policy and key policy without Object Ownership leave the analyst out; keeping
/// the workload account's root in the key policy lets its administrator in.
#[test]
fn lesson_20_the_archive_owns_its_objects_and_trusts_one_role() {
    let l = lesson("20-");
    let bucket_policy = json!({"op": "add", "path": "/buckets/0/policy", "value": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:role/KinesisS3DestinationRole"},
            "Action": ["s3:PutObject", "s3:GetBucketLocation", "s3:ListBucket"],
            "Resource": ["arn:aws:s3:::log-archive-444455556666", "arn:aws:s3:::log-archive-444455556666/*"]}]}});
    let role_only = json!({"op": "replace", "path": "/keys/1/policy/Statement/1", "value": {"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:role/KinesisS3DestinationRole"},
        "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*"}});
    let enforced = json!({"op": "replace", "path": "/buckets/0/object_ownership", "value": "BucketOwnerEnforced"});
    let writer_owned = failed(
        &l,
        &edits(json!([bucket_policy.clone(), role_only.clone()])),
    );
    assert!(
        writer_owned.iter().any(|c| c.starts_with("LogAnalystRole")),
        "{writer_owned:?}"
    );
    let account_wide = failed(&l, &edits(json!([bucket_policy.clone(), enforced.clone()])));
    assert_eq!(account_wide.len(), 1, "{account_wide:?}");
    assert!(account_wide[0].starts_with("The archive key trusts the Firehose role"));
    assert!(failed(&l, &edits(json!([bucket_policy, role_only, enforced]))).is_empty());
}
