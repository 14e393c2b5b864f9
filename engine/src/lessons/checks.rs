//! Goal checks: each [`Check`] is a predicate over an [`Observation`].

use serde::Serialize;
use std::borrow::Cow;

use super::model::{Check, Goal, PlaygroundCase, ProducerExpect};
use super::observe::{Observation, StepFact};
use super::{patch, policies};
use crate::sim::scenario::EventSpec;
use crate::text::{fill, grouped as g, Text};

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    /// Whether the check passed.
    pub passed: bool,
    /// What was found, in English and Japanese (codes and API names stay in English).
    pub detail: Text,
}

fn pass(detail: Text) -> CheckResult {
    CheckResult {
        passed: true,
        detail,
    }
}

fn fail(detail: Text) -> CheckResult {
    CheckResult {
        passed: false,
        detail,
    }
}

fn t(en: impl Into<Cow<'static, str>>, ja: impl Into<Cow<'static, str>>) -> Text {
    Text::new(en, ja)
}

fn within(n: u64, at_least: Option<u64>, at_most: Option<u64>) -> bool {
    at_least.is_none_or(|m| n >= m) && at_most.is_none_or(|m| n <= m)
}

fn bounds(at_least: Option<u64>, at_most: Option<u64>) -> String {
    match (at_least, at_most) {
        (Some(a), Some(b)) => format!("between {} and {}", g(a), g(b)),
        (Some(a), None) => format!("at least {}", g(a)),
        (None, Some(b)) => format!("at most {}", g(b)),
        (None, None) => "any number".into(),
    }
}

/// The bounds in Japanese, with a counter word (`回`, `件`).
fn bounds_ja(at_least: Option<u64>, at_most: Option<u64>, unit: &str) -> String {
    match (at_least, at_most) {
        (Some(a), Some(b)) => format!("{} {unit}以上 {} {unit}以下", g(a), g(b)),
        (Some(a), None) => format!("{} {unit}以上", g(a)),
        (None, Some(b)) => format!("{} {unit}以下", g(b)),
        (None, None) => "指定なし".into(),
    }
}

fn step_matches(
    s: &StepFact,
    service: Option<&str>,
    operation: Option<&str>,
    role: Option<&str>,
) -> bool {
    service.is_none_or(|v| s.service.eq_ignore_ascii_case(v))
        && operation.is_none_or(|v| s.operation == v)
        && role.is_none_or(|r| Observation::principal_is_role(&s.principal, r))
}

fn event_action(e: &EventSpec) -> (&'static str, Option<&str>) {
    match e {
        EventSpec::DisableKey { key, .. } => ("disable_key", Some(key)),
        EventSpec::EnableKey { key, .. } => ("enable_key", Some(key)),
        EventSpec::ScheduleKeyDeletion { key, .. } => ("schedule_key_deletion", Some(key)),
        EventSpec::CancelKeyDeletion { key, .. } => ("cancel_key_deletion", Some(key)),
        EventSpec::DeleteKey { key, .. } => ("delete_key", Some(key)),
        EventSpec::StartStreamEncryption { key, .. } => ("start_stream_encryption", Some(key)),
        EventSpec::StopStreamEncryption { .. } => ("stop_stream_encryption", None),
        EventSpec::SetBucketEncryption { .. } => ("set_bucket_encryption", None),
        EventSpec::CopyInPlace { .. } => ("copy_in_place", None),
        EventSpec::GetObject { .. } => ("get_object", None),
        EventSpec::KmsRequest { key, .. } => ("kms_request", key.as_deref()),
    }
}

/// Evaluates one check.
pub fn evaluate(check: &Check, o: &Observation) -> CheckResult {
    match check {
        Check::NoDenials { except } => no_denials(o, except),
        Check::AllDelivered => all_delivered(o),
        Check::AcceptedDelivered => accepted_delivered(o),
        Check::Denial {
            error_code,
            service,
            operation,
            role,
            at_least,
        } => {
            let steps = StepFilter::new(service, operation, role);
            denial(o, error_code, &steps, *at_least)
        }
        Check::NoDenialOf {
            error_code,
            service,
            operation,
            role,
        } => {
            let steps = StepFilter::new(service, operation, role);
            no_denial_of(o, error_code.as_deref(), &steps)
        }
        Check::KmsCalls {
            operation,
            at_least,
            at_most,
        } => kms_calls(o, operation, *at_least, *at_most),
        Check::Records {
            field,
            at_least,
            at_most,
        } => records(o, field, *at_least, *at_most),
        Check::ProducerRecords { producer, expect } => producer_records(o, producer, expect),
        Check::StreamRecords {
            stream,
            encryption,
            at_least,
        } => stream_records(o, stream.as_deref(), encryption, *at_least),
        Check::RolePolicyGrantsOnly {
            role,
            actions,
            keys,
        } => role_policy_grants_only(o, role, actions, keys),
        Check::ObjectsAll {
            sse,
            bucket_key,
            kms_key,
            at_least,
        } => objects_all(
            o,
            sse.as_deref(),
            *bucket_key,
            kms_key.as_deref(),
            *at_least,
        ),
        Check::FirehoseError { code } => firehose_error(o, code),
        Check::NoFirehoseErrors => no_firehose_errors(o),
        Check::Steps {
            service,
            operation,
            outcome,
            role,
            at_least,
            at_most,
        } => {
            let steps = StepFilter {
                service: Some(service),
                operation: Some(operation),
                role: role.as_deref(),
            };
            steps_count(o, &steps, outcome.as_deref(), *at_least, *at_most)
        }
        Check::Playground {
            key,
            cases,
            iam_only,
        } => playground(o, key, cases, *iam_only),
        Check::EventPresent { action, key } => event_present(o, action, key.as_deref()),
        Check::ScenarioValue { pointer, equals } => scenario_value(o, pointer, equals),
        Check::Answer {
            input,
            value,
            tolerance,
        } => answer(o, input, *value, *tolerance),
    }
}

/// A count against optional bounds: `{en} (want at least 2)`, `{ja} (目標: 2 回以上)` with
/// the Japanese counter word `unit`.
fn bounded(
    n: u64,
    at_least: Option<u64>,
    at_most: Option<u64>,
    en: String,
    ja: String,
    unit: &str,
) -> CheckResult {
    let msg = t(
        format!("{en} (want {})", bounds(at_least, at_most)),
        format!("{ja} (目標: {})", bounds_ja(at_least, at_most, unit)),
    );
    verdict(within(n, at_least, at_most), msg)
}

/// Passed when `ok`, with the same detail either way.
fn verdict(ok: bool, detail: Text) -> CheckResult {
    if ok {
        pass(detail)
    } else {
        fail(detail)
    }
}

/// Which steps a check counts: by service, operation and the caller's role (any when
/// `None`).
struct StepFilter<'a> {
    service: Option<&'a str>,
    operation: Option<&'a str>,
    role: Option<&'a str>,
}

impl<'a> StepFilter<'a> {
    fn new(
        service: &'a Option<String>,
        operation: &'a Option<String>,
        role: &'a Option<String>,
    ) -> Self {
        StepFilter {
            service: service.as_deref(),
            operation: operation.as_deref(),
            role: role.as_deref(),
        }
    }

    /// The number of matching steps that also satisfy `also`.
    fn count(&self, o: &Observation, also: impl Fn(&StepFact) -> bool) -> u64 {
        o.steps
            .iter()
            .filter(|s| also(s) && step_matches(s, self.service, self.operation, self.role))
            .count() as u64
    }
}

fn no_denials(o: &Observation, except: &[String]) -> CheckResult {
    let bad: Vec<&StepFact> = o
        .steps
        .iter()
        .filter(|s| {
            s.error_code
                .as_ref()
                .is_some_and(|c| !except.iter().any(|e| e == c))
        })
        .collect();
    match bad.first() {
        None => pass(t("no step failed", "失敗したステップはありません")),
        Some(s) => {
            let code = s.error_code.as_deref().unwrap_or("");
            let args: [&dyn std::fmt::Display; 4] =
                [&g(bad.len() as u64), &s.service, &s.operation, &code];
            fail(t(
                fill("{0} failed {0:step|steps}; first: {1} {2} → {3}", &args),
                fill(
                    "{0} 件のステップが失敗しました。最初の失敗: {1} {2} → {3}",
                    &args,
                ),
            ))
        }
    }
}

fn all_delivered(o: &Observation) -> CheckResult {
    let r = &o.summary.records;
    let msg = t(
        fill(
            "{0} of {1} {1:record|records} delivered",
            &[&g(r.delivered), &g(r.produced)],
        ),
        format!(
            "{} 件中 {} 件のレコードが配信されました",
            g(r.produced),
            g(r.delivered)
        ),
    );
    verdict(r.produced > 0 && r.delivered == r.produced, msg)
}

fn accepted_delivered(o: &Observation) -> CheckResult {
    let r = &o.summary.records;
    let msg = t(
        format!(
            "{} accepted, {} delivered, {} lost, {} pending",
            g(r.put_ok),
            g(r.delivered),
            g(r.lost),
            g(r.pending)
        ),
        format!(
            "受け付け {} 件、配信 {} 件、消失 {} 件、保留中 {} 件",
            g(r.put_ok),
            g(r.delivered),
            g(r.lost),
            g(r.pending)
        ),
    );
    verdict(
        r.put_ok > 0 && r.delivered == r.put_ok && r.lost == 0 && r.pending == 0,
        msg,
    )
}

fn denial(o: &Observation, error_code: &str, steps: &StepFilter, at_least: u64) -> CheckResult {
    let n = steps.count(o, |s| s.error_code.as_deref() == Some(error_code));
    let msg = t(
        format!("{} × {error_code}", g(n)),
        format!("{error_code} が {} 回発生しました", g(n)),
    );
    verdict(n >= at_least, msg)
}

fn no_denial_of(o: &Observation, error_code: Option<&str>, steps: &StepFilter) -> CheckResult {
    let n = steps.count(o, |s| {
        s.error_code.is_some() && error_code.is_none_or(|c| s.error_code.as_deref() == Some(c))
    });
    if n == 0 {
        pass(t("none", "該当するステップはありません"))
    } else {
        fail(t(
            fill("{0} matching failed {0:step|steps}", &[&g(n)]),
            format!("条件に一致する失敗したステップが {} 件あります", g(n)),
        ))
    }
}

fn kms_calls(
    o: &Observation,
    operation: &str,
    at_least: Option<u64>,
    at_most: Option<u64>,
) -> CheckResult {
    let n = if operation == "total" {
        o.summary.kms.total_requests
    } else {
        o.summary.kms.calls.get(operation).copied().unwrap_or(0)
    };
    let what = if operation == "total" {
        "KMS リクエストの合計"
    } else {
        operation
    };
    let (en, ja) = (
        format!("{} {operation}", g(n)),
        format!("{what}: {} 回", g(n)),
    );
    bounded(n, at_least, at_most, en, ja, "回")
}

fn records(
    o: &Observation,
    field: &str,
    at_least: Option<u64>,
    at_most: Option<u64>,
) -> CheckResult {
    let r = &o.summary.records;
    let n = match field {
        "produced" => r.produced,
        "put_ok" => r.put_ok,
        "put_failed" => r.put_failed,
        "read_by_firehose" => r.read_by_firehose,
        "delivered" => r.delivered,
        "lost" => r.lost,
        "pending" => r.pending,
        other => {
            return fail(t(
                format!("unknown record counter {other:?}"),
                format!("不明なレコードカウンター {other:?} です"),
            ))
        }
    };
    let (en, ja) = (
        format!("{field} = {}", g(n)),
        format!("レコード数 {field} = {} 件", g(n)),
    );
    bounded(n, at_least, at_most, en, ja, "件")
}

fn producer_records(o: &Observation, producer: &str, expect: &ProducerExpect) -> CheckResult {
    let Some(p) = o.producers.get(producer) else {
        return fail(t(
            format!("{producer} put no records"),
            format!("{producer} はレコードを 1 件も書き込んでいません"),
        ));
    };
    let msg = t(
        format!(
            "{producer}: {} put, {} rejected, {} delivered",
            g(p.total),
            g(p.rejected),
            g(p.delivered)
        ),
        format!(
            "{producer}: 書き込み {} 件、拒否 {} 件、配信 {} 件",
            g(p.total),
            g(p.rejected),
            g(p.delivered)
        ),
    );
    let ok = p.total > 0
        && match expect {
            ProducerExpect::Delivered => p.delivered == p.total,
            ProducerExpect::Rejected => p.rejected == p.total,
            ProducerExpect::Accepted => p.rejected == 0,
        };
    verdict(ok, msg)
}

fn stream_records(
    o: &Observation,
    stream: Option<&str>,
    encryption: &str,
    at_least: u64,
) -> CheckResult {
    let kms = encryption.eq_ignore_ascii_case("KMS");
    let n: u64 = o
        .stream_records
        .iter()
        .filter(|(name, _)| stream.is_none_or(|s| s == name.as_str()))
        .map(|(_, (enc, plain))| if kms { *enc } else { *plain })
        .sum();
    let msg = t(
        fill(
            "{0} {0:record|records} stored with EncryptionType {1}",
            &[&g(n), &encryption],
        ),
        format!(
            "EncryptionType {encryption} で保存されたレコード: {} 件",
            g(n)
        ),
    );
    verdict(n >= at_least, msg)
}

fn role_policy_grants_only(
    o: &Observation,
    role: &str,
    actions: &[String],
    keys: &[String],
) -> CheckResult {
    match policies::grants_only(&o.scenario, role, actions, keys) {
        Ok(problems) if problems.is_empty() => pass(if actions.is_empty() {
            t(
                format!("{role} has no KMS permission"),
                format!("{role} には KMS のアクセス許可がありません"),
            )
        } else {
            t(
                format!(
                    "{role} may call only {} on {}",
                    actions.join(", "),
                    keys.join(", ")
                ),
                format!(
                    "{role} が呼び出せるのは {} に対する {} だけです",
                    keys.join("、"),
                    actions.join("、")
                ),
            )
        }),
        Ok(problems) => fail(Text::join(&problems, "; ", "。")),
        Err(e) => fail(e),
    }
}

fn objects_all(
    o: &Observation,
    sse: Option<&str>,
    bucket_key: Option<bool>,
    kms_key: Option<&str>,
    at_least: u64,
) -> CheckResult {
    let want_key = match kms_key {
        Some(k) => match policies::key_arn(&o.scenario, k) {
            Some(a) => Some(a),
            None => {
                return fail(t(
                    format!("no key named {k:?}"),
                    format!("{k:?} という名前のキーはありません"),
                ))
            }
        },
        None => None,
    };
    let objects = &o.summary.s3_objects;
    let bad: Vec<Text> = objects
        .iter()
        .filter(|ob| {
            sse.is_some_and(|s| ob.sse != s)
                || bucket_key.is_some_and(|b| ob.bucket_key != b)
                || want_key
                    .as_ref()
                    .is_some_and(|k| ob.kms_key_id.as_deref() != Some(k.as_str()))
        })
        .map(|ob| object_encryption(&ob.key, &ob.sse, ob.bucket_key))
        .collect();
    let n = objects.len() as u64;
    if n < at_least {
        fail(t(
            fill("{0} {0:object|objects} in S3", &[&g(n)]),
            format!("S3 のオブジェクトは {} 個です", g(n)),
        ))
    } else if let Some(first) = bad.first() {
        fail(t(
            fill(
                "{0} of {1} {1:object|objects} {0:differs|differ}; {2}",
                &[&g(bad.len() as u64), &g(n), &first.en()],
            ),
            format!(
                "{} 個中 {} 個のオブジェクトが要件と異なります: {}",
                g(n),
                g(bad.len() as u64),
                first.ja()
            ),
        ))
    } else {
        pass(t(
            fill("{0} {0:object|objects}, all as required", &[&g(n)]),
            format!("{} 個のオブジェクトがすべて要件を満たしています", g(n)),
        ))
    }
}

/// How an object is encrypted: `key is aws:kms with a Bucket Key`.
fn object_encryption(key: &str, sse: &str, bucket_key: bool) -> Text {
    t(
        format!(
            "{key} is {sse}{}",
            if bucket_key { " with a Bucket Key" } else { "" }
        ),
        format!(
            "{key} は {sse}{}",
            if bucket_key {
                " (S3 バケットキーあり) です"
            } else {
                " です"
            }
        ),
    )
}

fn firehose_error(o: &Observation, code: &str) -> CheckResult {
    match o
        .summary
        .firehose_errors
        .iter()
        .find(|e| e.error_code == code)
    {
        Some(e) => pass(t(
            fill("{0} logged {1} {1:time|times}", &[&code, &g(e.count)]),
            format!("{code} が {} 回ログに記録されました", g(e.count)),
        )),
        None => fail(t(
            format!("{code} not logged"),
            format!("{code} はログに記録されていません"),
        )),
    }
}

fn no_firehose_errors(o: &Observation) -> CheckResult {
    match o.summary.firehose_errors.first() {
        None => pass(t(
            "no delivery errors logged",
            "配信エラーはログに記録されていません",
        )),
        Some(e) => fail(t(
            fill(
                "{0} logged {1} {1:time|times}",
                &[&e.error_code, &g(e.count)],
            ),
            format!("{} が {} 回ログに記録されました", e.error_code, g(e.count)),
        )),
    }
}

fn steps_count(
    o: &Observation,
    steps: &StepFilter,
    outcome: Option<&str>,
    at_least: Option<u64>,
    at_most: Option<u64>,
) -> CheckResult {
    let n = steps.count(o, |s| match outcome {
        Some("ok") => s.error_code.is_none(),
        Some("error") => s.error_code.is_some(),
        _ => true,
    });
    let (service, operation) = (
        steps.service.unwrap_or_default(),
        steps.operation.unwrap_or_default(),
    );
    let outcome_ja = match outcome {
        Some("ok") => " (成功)".to_string(),
        Some("error") => " (エラー)".to_string(),
        Some(o) => format!(" ({o})"),
        None => String::new(),
    };
    let en = format!(
        "{} × {service} {operation}{}",
        g(n),
        outcome.map(|o| format!(" {o}")).unwrap_or_default()
    );
    let ja = format!("{service} {operation}{outcome_ja}: {} 回", g(n));
    bounded(n, at_least, at_most, en, ja, "回")
}

fn playground(o: &Observation, key: &str, cases: &[PlaygroundCase], iam_only: bool) -> CheckResult {
    match policies::playground(&o.scenario, key, cases, iam_only) {
        Ok(problems) if problems.is_empty() => pass(t(
            fill(
                "{0} {0:request|requests} decided as expected",
                &[&g(cases.len() as u64)],
            ),
            format!(
                "{} 件のリクエストがすべて想定どおりに判定されました",
                g(cases.len() as u64)
            ),
        )),
        Ok(problems) => fail(Text::join(&problems, "; ", "。")),
        Err(e) => fail(e),
    }
}

fn event_present(o: &Observation, action: &str, key: Option<&str>) -> CheckResult {
    let found = o.scenario.events.iter().any(|e| {
        let (a, k) = event_action(e);
        a == action && key.is_none_or(|want| k == Some(want))
    });
    if found {
        pass(t(
            format!("{action} is in the scenario"),
            format!("{action} はシナリオに含まれています"),
        ))
    } else {
        // Neutral: before the learner adds it (lesson 2) it was never there.
        fail(t(
            format!("no {action} event in the scenario"),
            format!("シナリオに {action} のイベントがありません"),
        ))
    }
}

fn scenario_value(o: &Observation, pointer: &str, equals: &serde_json::Value) -> CheckResult {
    let doc = serde_json::to_value(&o.scenario).unwrap_or_default();
    match patch::get(&doc, pointer) {
        Some(v) => verdict(
            v == equals,
            t(
                format!("{pointer} = {v}"),
                format!("{pointer} の値は {v} です"),
            ),
        ),
        None => fail(t(
            format!("{pointer} is not set"),
            format!("{pointer} は設定されていません"),
        )),
    }
}

fn answer(o: &Observation, input: &str, value: f64, tolerance: f64) -> CheckResult {
    match o.answers.get(input) {
        Some(v) if (v - value).abs() <= tolerance => {
            pass(t(format!("{v} is right"), format!("{v} は正解です")))
        }
        Some(v) => fail(t(
            format!("{v} is not close enough"),
            format!("{v} は正解から離れすぎています"),
        )),
        None => fail(t("no answer yet", "まだ回答していません")),
    }
}

/// Evaluates every check of a goal, in order.
pub fn evaluate_goal(goal: &Goal, o: &Observation) -> Vec<CheckResult> {
    goal.checks.iter().map(|c| evaluate(&c.check, o)).collect()
}

/// Whether every check passed.
pub fn all_passed(results: &[CheckResult]) -> bool {
    !results.is_empty() && results.iter().all(|r| r.passed)
}
