//! Goal checks: each [`Check`] is a predicate over an [`Observation`].

use serde::Serialize;

use super::model::{Check, Goal, ProducerExpect};
use super::observe::{Observation, StepFact};
use super::{patch, policies};
use crate::sim::scenario::EventSpec;

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    /// Whether the check passed.
    pub passed: bool,
    /// What was found (English; codes and counts).
    pub detail: String,
}

fn pass(detail: impl Into<String>) -> CheckResult {
    CheckResult {
        passed: true,
        detail: detail.into(),
    }
}

fn fail(detail: impl Into<String>) -> CheckResult {
    CheckResult {
        passed: false,
        detail: detail.into(),
    }
}

fn within(n: u64, at_least: Option<u64>, at_most: Option<u64>) -> bool {
    at_least.is_none_or(|m| n >= m) && at_most.is_none_or(|m| n <= m)
}

fn bounds(at_least: Option<u64>, at_most: Option<u64>) -> String {
    match (at_least, at_most) {
        (Some(a), Some(b)) => format!("between {a} and {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "any number".into(),
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
    let r = &o.summary.records;
    match check {
        Check::NoDenials { except } => {
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
                None => pass("no step failed"),
                Some(s) => fail(format!(
                    "{} failed step(s); first: {} {} → {}",
                    bad.len(),
                    s.service,
                    s.operation,
                    s.error_code.as_deref().unwrap_or("")
                )),
            }
        }
        Check::AllDelivered => {
            let msg = format!("{} of {} records delivered", r.delivered, r.produced);
            if r.produced > 0 && r.delivered == r.produced {
                pass(msg)
            } else {
                fail(msg)
            }
        }
        Check::AcceptedDelivered => {
            let msg = format!(
                "{} accepted, {} delivered, {} lost, {} pending",
                r.put_ok, r.delivered, r.lost, r.pending
            );
            if r.put_ok > 0 && r.delivered == r.put_ok && r.lost == 0 && r.pending == 0 {
                pass(msg)
            } else {
                fail(msg)
            }
        }
        Check::Denial {
            error_code,
            service,
            operation,
            role,
            at_least,
        } => {
            let n = o
                .steps
                .iter()
                .filter(|s| {
                    s.error_code.as_deref() == Some(error_code.as_str())
                        && step_matches(
                            s,
                            service.as_deref(),
                            operation.as_deref(),
                            role.as_deref(),
                        )
                })
                .count() as u64;
            let msg = format!("{n} × {error_code}");
            if n >= *at_least {
                pass(msg)
            } else {
                fail(msg)
            }
        }
        Check::NoDenialOf {
            error_code,
            service,
            operation,
            role,
        } => {
            let n = o
                .steps
                .iter()
                .filter(|s| {
                    s.error_code.is_some()
                        && error_code
                            .as_deref()
                            .is_none_or(|c| s.error_code.as_deref() == Some(c))
                        && step_matches(
                            s,
                            service.as_deref(),
                            operation.as_deref(),
                            role.as_deref(),
                        )
                })
                .count();
            if n == 0 {
                pass("none")
            } else {
                fail(format!("{n} matching failed step(s)"))
            }
        }
        Check::KmsCalls {
            operation,
            at_least,
            at_most,
        } => {
            let n = if operation == "total" {
                o.summary.kms.total_requests
            } else {
                o.summary.kms.calls.get(operation).copied().unwrap_or(0)
            };
            let msg = format!("{n} {operation} (want {})", bounds(*at_least, *at_most));
            if within(n, *at_least, *at_most) {
                pass(msg)
            } else {
                fail(msg)
            }
        }
        Check::Records {
            field,
            at_least,
            at_most,
        } => {
            let n = match field.as_str() {
                "produced" => r.produced,
                "put_ok" => r.put_ok,
                "put_failed" => r.put_failed,
                "read_by_firehose" => r.read_by_firehose,
                "delivered" => r.delivered,
                "lost" => r.lost,
                "pending" => r.pending,
                other => return fail(format!("unknown record counter {other:?}")),
            };
            let msg = format!("{field} = {n} (want {})", bounds(*at_least, *at_most));
            if within(n, *at_least, *at_most) {
                pass(msg)
            } else {
                fail(msg)
            }
        }
        Check::ProducerRecords { producer, expect } => {
            let Some(p) = o.producers.get(producer) else {
                return fail(format!("{producer} put no records"));
            };
            let msg = format!(
                "{producer}: {} put, {} rejected, {} delivered",
                p.total, p.rejected, p.delivered
            );
            let ok = p.total > 0
                && match expect {
                    ProducerExpect::Delivered => p.delivered == p.total,
                    ProducerExpect::Rejected => p.rejected == p.total,
                    ProducerExpect::Accepted => p.rejected == 0,
                };
            if ok {
                pass(msg)
            } else {
                fail(msg)
            }
        }
        Check::StreamRecords {
            stream,
            encryption,
            at_least,
        } => {
            let kms = encryption.eq_ignore_ascii_case("KMS");
            let n: u64 = o
                .stream_records
                .iter()
                .filter(|(name, _)| stream.as_ref().is_none_or(|s| s == *name))
                .map(|(_, (enc, plain))| if kms { *enc } else { *plain })
                .sum();
            let msg = format!("{n} record(s) stored with EncryptionType {encryption}");
            if n >= *at_least {
                pass(msg)
            } else {
                fail(msg)
            }
        }
        Check::RolePolicyGrantsOnly {
            role,
            actions,
            keys,
        } => match policies::grants_only(&o.scenario, role, actions, keys) {
            Ok(problems) if problems.is_empty() => pass(if actions.is_empty() {
                format!("{role} has no KMS permission")
            } else {
                format!(
                    "{role} may call only {} on {}",
                    actions.join(", "),
                    keys.join(", ")
                )
            }),
            Ok(problems) => fail(problems.join("; ")),
            Err(e) => fail(e),
        },
        Check::ObjectsAll {
            sse,
            bucket_key,
            kms_key,
            at_least,
        } => {
            let want_key = match kms_key {
                Some(k) => match policies::key_arn(&o.scenario, k) {
                    Some(a) => Some(a),
                    None => return fail(format!("no key named {k:?}")),
                },
                None => None,
            };
            let objects = &o.summary.s3_objects;
            let bad: Vec<String> = objects
                .iter()
                .filter(|ob| {
                    sse.as_ref().is_some_and(|s| ob.sse != *s)
                        || bucket_key.is_some_and(|b| ob.bucket_key != b)
                        || want_key
                            .as_ref()
                            .is_some_and(|k| ob.kms_key_id.as_deref() != Some(k.as_str()))
                })
                .map(|ob| {
                    format!(
                        "{} is {}{}",
                        ob.key,
                        ob.sse,
                        if ob.bucket_key {
                            " with a Bucket Key"
                        } else {
                            ""
                        }
                    )
                })
                .collect();
            let n = objects.len() as u64;
            if n < *at_least {
                fail(format!("{n} object(s) in S3"))
            } else if let Some(first) = bad.first() {
                fail(format!("{} of {n} object(s) differ; {first}", bad.len()))
            } else {
                pass(format!("{n} object(s), all as required"))
            }
        }
        Check::FirehoseError { code } => {
            match o
                .summary
                .firehose_errors
                .iter()
                .find(|e| &e.error_code == code)
            {
                Some(e) => pass(format!("{code} logged {} time(s)", e.count)),
                None => fail(format!("{code} not logged")),
            }
        }
        Check::NoFirehoseErrors => match o.summary.firehose_errors.first() {
            None => pass("no delivery errors logged"),
            Some(e) => fail(format!("{} logged {} time(s)", e.error_code, e.count)),
        },
        Check::Steps {
            service,
            operation,
            outcome,
            role,
            at_least,
            at_most,
        } => {
            let n = o
                .steps
                .iter()
                .filter(|s| {
                    step_matches(s, Some(service), Some(operation), role.as_deref())
                        && match outcome.as_deref() {
                            Some("ok") => s.error_code.is_none(),
                            Some("error") => s.error_code.is_some(),
                            _ => true,
                        }
                })
                .count() as u64;
            let msg = format!(
                "{n} × {service} {operation}{} (want {})",
                outcome
                    .as_deref()
                    .map(|o| format!(" {o}"))
                    .unwrap_or_default(),
                bounds(*at_least, *at_most)
            );
            if within(n, *at_least, *at_most) {
                pass(msg)
            } else {
                fail(msg)
            }
        }
        Check::Playground { key, cases } => match policies::playground(&o.scenario, key, cases) {
            Ok(problems) if problems.is_empty() => {
                pass(format!("{} request(s) decided as expected", cases.len()))
            }
            Ok(problems) => fail(problems.join("; ")),
            Err(e) => fail(e),
        },
        Check::EventPresent { action, key } => {
            let found = o.scenario.events.iter().any(|e| {
                let (a, k) = event_action(e);
                a == action && key.as_ref().is_none_or(|want| k == Some(want.as_str()))
            });
            if found {
                pass(format!("{action} is in the scenario"))
            } else {
                fail(format!("{action} was removed from the scenario"))
            }
        }
        Check::ScenarioValue { pointer, equals } => {
            let doc = serde_json::to_value(&o.scenario).unwrap_or_default();
            match patch::get(&doc, pointer) {
                Some(v) if v == equals => pass(format!("{pointer} = {v}")),
                Some(v) => fail(format!("{pointer} = {v}")),
                None => fail(format!("{pointer} is not set")),
            }
        }
        Check::Answer {
            input,
            value,
            tolerance,
        } => match o.answers.get(input) {
            Some(v) if (v - value).abs() <= *tolerance => pass(format!("{v} is right")),
            Some(v) => fail(format!("{v} is not close enough")),
            None => fail("no answer yet"),
        },
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
