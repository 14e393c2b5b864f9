//! What backs the course's facts. Every lesson and every question names the AWS pages its
//! facts come from (`sources`), as the engine's modelled notes cite theirs, and a question
//! may state facts the engine must agree with (`verify`); `lessons check` checks both, so a
//! change to the simulator that contradicts the course (or the other way round) fails it.

use std::collections::BTreeSet;

use serde_json::Value;

use super::model::{Expect, Question, Source, Verify};
use crate::policy::{cli, explain, DecidingRule, Decision, DeniedBy};
use crate::sim::Step;
use crate::sim::{presets, Simulation};

/// The hosts a source may point to: AWS's documentation, its product pages (pricing), and
/// its Knowledge Center.
pub const SOURCE_HOSTS: [&str; 3] = ["docs.aws.amazon.com", "aws.amazon.com", "repost.aws"];

/// Problems of the sources of one lesson or question (`at` names it).
pub fn check_sources(at: &str, sources: &[Source]) -> Vec<String> {
    let mut out = Vec::new();
    if sources.is_empty() {
        out.push(format!(
            "{at}: no sources (name the AWS pages its facts come from)"
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, s) in sources.iter().enumerate() {
        let here = format!("{at}.sources[{i}]");
        if s.title.trim().is_empty() {
            out.push(format!("{here}: the title is empty"));
        }
        match host_of(&s.url) {
            Some(h) if SOURCE_HOSTS.contains(&h) => {}
            Some(h) => out.push(format!(
                "{here}: {h} is not an AWS documentation host ({})",
                SOURCE_HOSTS.join(", ")
            )),
            None => out.push(format!("{here}: {:?} is not an https:// address", s.url)),
        }
        if !seen.insert(s.url.as_str()) {
            out.push(format!("{here}: {} is listed twice", s.url));
        }
    }
    out
}

/// The host of an `https://` URL.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://")?;
    rest.split(['/', '#', '?'])
        .next()
        .filter(|h| !h.is_empty() && !h.contains(char::is_whitespace))
}

/// Whether `text` names `code` as a word of its own (`DisabledException` is not named by
/// `KMSDisabledException`).
fn names(text: &str, code: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '_';
    text.match_indices(code).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !word(c));
        let after = text[i + code.len()..]
            .chars()
            .next()
            .is_none_or(|c| !word(c) || c == '.');
        before && after
    })
}

/// A preset's run, or why there is none.
fn run(preset: &str) -> Result<Simulation, String> {
    let p = presets::find(preset).ok_or_else(|| format!("unknown preset {preset:?}"))?;
    let mut sim = Simulation::new(&p.scenario(), 1).map_err(|e| e.to_string())?;
    sim.run_to_end();
    Ok(sim)
}

/// The first step of `service`/`operation` that failed (`failed`) or succeeded.
fn first<'a>(sim: &'a Simulation, service: &str, op: &str, failed: bool) -> Option<&'a Step> {
    sim.steps()
        .iter()
        .find(|s| s.service == service && s.operation == op && s.outcome.is_ok() != failed)
}

/// Problems of the `verify` facts of a question.
pub fn check_verify(q: &Question) -> Vec<String> {
    let mut out = Vec::new();
    for (i, v) in q.verify.iter().enumerate() {
        let at = format!("question {}.verify[{i}]", q.id);
        let v = match <Verify as serde::Deserialize>::deserialize(v) {
            Ok(v) => v,
            Err(e) => {
                out.push(format!("{at}: {e}"));
                continue;
            }
        };
        let problems = match &v {
            Verify::ErrorCode {
                preset,
                service,
                operation,
                alternatives,
            } => verify_error_code(q, preset, service, operation, alternatives),
            Verify::Response {
                preset,
                service,
                operation,
                has,
                lacks,
            } => verify_response(preset, service, operation, has, lacks),
            Verify::Eval {
                input,
                expect,
                denied_by,
                level,
            } => verify_eval(input, *expect, *denied_by, *level),
        };
        out.extend(problems.into_iter().map(|p| format!("{at}: {p}")));
    }
    out
}

fn verify_error_code(
    q: &Question,
    preset: &str,
    service: &str,
    operation: &str,
    alternatives: &[String],
) -> Vec<String> {
    let sim = match run(preset) {
        Ok(s) => s,
        Err(e) => return vec![e],
    };
    let Some(code) = first(&sim, service, operation, true).and_then(|s| s.outcome.code()) else {
        return vec![format!(
            "no {service}:{operation} step fails in preset {preset}"
        )];
    };
    let mut out = Vec::new();
    let choice_names = |correct: bool| {
        q.choices
            .iter()
            .any(|c| c.correct == correct && names(c.text.en(), code))
    };
    if !choice_names(true) {
        out.push(format!(
            "the engine answers {code} ({preset}, {service}:{operation}), and no correct choice names it"
        ));
    }
    if choice_names(false) {
        out.push(format!(
            "a wrong choice names {code}, what the engine answers"
        ));
    }
    for c in std::iter::once(code).chain(alternatives.iter().map(String::as_str)) {
        for lang in ["en", "ja"] {
            if !names(q.explanation.get(lang), c) {
                out.push(format!("the {lang} explanation does not name {c}"));
            }
        }
    }
    out
}

fn verify_response(
    preset: &str,
    service: &str,
    operation: &str,
    has: &[String],
    lacks: &[String],
) -> Vec<String> {
    let sim = match run(preset) {
        Ok(s) => s,
        Err(e) => return vec![e],
    };
    let Some(resp) = first(&sim, service, operation, false).and_then(|s| sim.response_json(s))
    else {
        return vec![format!(
            "no successful {service}:{operation} step in preset {preset}"
        )];
    };
    let at = |p: &str| resp.pointer(p).filter(|v| !v.is_null()).cloned();
    let mut out = Vec::new();
    for p in has {
        if at(p).is_none() {
            out.push(format!("the {operation} response has nothing at {p}"));
        }
    }
    for p in lacks {
        if let Some(v) = at(p) {
            out.push(format!(
                "the {operation} response has {} at {p}",
                Value::to_string(&v)
            ));
        }
    }
    out
}

/// What the policy engine decides for an `eval` document, against what the question says.
fn verify_eval(
    input: &Value,
    expect: Expect,
    denied_by: Option<DeniedBy>,
    level: Option<usize>,
) -> Vec<String> {
    let parsed = match cli::parse_eval_input(&input.to_string()) {
        Ok(p) => p,
        Err(e) => return vec![format!("the eval input does not read: {e}")],
    };
    let e = explain(&parsed.request, &parsed.policy_set());
    let mut out = Vec::new();
    let as_expected = match expect {
        Expect::Allow => e.decision == Decision::Allowed,
        Expect::Deny => e.decision != Decision::Allowed,
        Expect::ExplicitDeny => e.decision == Decision::ExplicitlyDenied,
        Expect::ImplicitDeny => e.decision == Decision::ImplicitlyDenied,
    };
    if !as_expected {
        out.push(format!(
            "the engine decides {} ({}), not {expect:?}",
            e.decision.as_str(),
            e.reason
        ));
    }
    if let Some(want) = denied_by {
        match e.denied_by() {
            Some((side, _)) if side == want => {}
            found => out.push(format!(
                "the engine names {:?} as the deciding side, not {want:?} ({})",
                found.map(|(s, _)| s),
                e.reason
            )),
        }
    }
    if let Some(want) = level {
        match &e.rule {
            DecidingRule::NoScpAllowsAtLevel { level: l, .. } if *l == want => {}
            _ => out.push(format!(
                "the engine does not deny for a missing SCP Allow at level {want} ({})",
                e.reason
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn eval_facts_are_the_engines_decisions() {
        let key =
            "arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        let own_root = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]});
        let iam = json!([{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key}]}]);
        // Another account's role: the key policy trusts only its own account.
        let input = json!({"request": {"principal": "arn:aws:sts::444455556666:assumed-role/R/s",
            "action": "kms:Decrypt", "resource": key}, "identity_policies": iam, "resource_policy": own_root});
        let side = Some(DeniedBy::ResourcePolicy);
        assert!(verify_eval(&input, Expect::ImplicitDeny, side, None).is_empty());
        assert!(verify_eval(&input, Expect::Deny, None, None).is_empty());
        assert_eq!(verify_eval(&input, Expect::Allow, None, None).len(), 1);
        assert_eq!(
            verify_eval(&input, Expect::ExplicitDeny, None, None).len(),
            1
        );
        let caller = Some(DeniedBy::CallerIdentity);
        assert_eq!(
            verify_eval(&input, Expect::ImplicitDeny, caller, None).len(),
            1
        );
        // The same role of the key's account is allowed through the root statement.
        let mut same = input.clone();
        same["request"]["principal"] = json!("arn:aws:sts::111122223333:assumed-role/R/s");
        assert!(verify_eval(&same, Expect::Allow, None, None).is_empty());
        // An SCP level without an Allow is named by its level (0 = the root).
        let full = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        let s3 = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]});
        same["scps"] = json!([[full], [s3], [full]]);
        assert!(verify_eval(
            &same,
            Expect::ImplicitDeny,
            Some(DeniedBy::CallerScp),
            Some(1)
        )
        .is_empty());
        assert_eq!(
            verify_eval(&same, Expect::ImplicitDeny, None, Some(2)).len(),
            1
        );
        // Bad input is a problem, not a panic.
        assert_eq!(
            verify_eval(&json!({"request": 1}), Expect::Allow, None, None).len(),
            1
        );
    }

    #[test]
    fn hosts_and_words() {
        let src = |url: &str| Source {
            title: "t".into(),
            url: url.into(),
            title_ja: None,
        };
        assert!(check_sources("l", &[src("https://docs.aws.amazon.com/kms/x.html")]).is_empty());
        assert!(check_sources("l", &[src("https://repost.aws/knowledge-center/x")]).is_empty());
        assert_eq!(check_sources("l", &[]).len(), 1);
        // A Japanese learner gets AWS's Japanese edition of each page.
        let kms = src("https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html");
        assert_eq!(
            kms.url_in("ja"),
            "https://docs.aws.amazon.com/ja_jp/kms/latest/developerguide/concepts.html"
        );
        assert_eq!(kms.url_in("en"), kms.url);
        assert_eq!(
            src("https://aws.amazon.com/kms/pricing/").url_in("ja"),
            "https://aws.amazon.com/jp/kms/pricing/"
        );
        assert_eq!(
            src("https://repost.aws/knowledge-center/x").url_in("ja"),
            "https://repost.aws/ja/knowledge-center/x"
        );
        assert_eq!(kms.title_in("ja"), ("t", false));
        let named = Source {
            title_ja: Some("AWS KMS の概念".into()),
            ..kms
        };
        assert_eq!(named.title_in("ja"), ("AWS KMS の概念", true));
        assert_eq!(named.title_in("en"), ("t", true));
        assert_eq!(
            check_sources("l", &[src("http://docs.aws.amazon.com/")]).len(),
            1
        );
        assert_eq!(check_sources("l", &[src("https://example.com/")]).len(), 1);
        let twice = [
            src("https://aws.amazon.com/kms/pricing/"),
            src("https://aws.amazon.com/kms/pricing/"),
        ];
        assert_eq!(check_sources("l", &twice).len(), 1);
        assert!(names("gets KMSDisabledException.", "KMSDisabledException"));
        assert!(!names("gets KMSDisabledException", "DisabledException"));
        assert!(names(
            "DisabledException or KMSInvalidStateException",
            "DisabledException"
        ));
        assert!(!names("KMS.DisabledException", "DisabledException"));
    }
}
