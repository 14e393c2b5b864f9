//! The policy tools as jobs of their own Web Worker: lint of a policy being edited, the
//! playground's verified fixes of a denied request, and the comparison of an edited policy
//! with its version before the edits (`check no-new-access`).
//!
//! The first screen (welcome, diagram, stepping) needs neither, and the linter and the fix
//! engine are a large part of the engine's Wasm, so the app does not link them:
//! `src/bin/tools_worker.rs` is a second Wasm module answering these jobs, started in the
//! background once the page is interactive (`src/tools_client.rs`). The page and the worker
//! exchange JSON text; nothing in the app calls [`run`] in the browser, so its code stays
//! out of the app's Wasm (tests/browser/tools.test.mjs checks the built files). Natively the
//! components call [`run`] directly, so the render tests see the same results.
//! See docs/ARCHITECTURE.md ("The web app").

use serde::{Deserialize, Serialize};

use envelope_lab::policy::fix::WrittenFix;
use envelope_lab::policy::{Finding, PolicyKind, Severity};
use envelope_lab::text::Text;

use crate::worker_wire::reply;
pub use crate::worker_wire::to_json;

/// A job for the worker; `id` comes back in its answer (externally tagged, as the
/// CloudFormation worker's jobs: smaller in both modules than an internally tagged enum).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// Lint a policy text as a policy of this kind.
    Lint {
        id: u32,
        text: String,
        kind: PolicyKind,
    },
    /// The verified fixes of a playground request: its `eval` input document as text.
    EvalFixes { id: u32, input: String },
    /// Does `after` grant access `before` did not (Access Analyzer's CheckNoNewAccess)?
    /// `policy_type` is `IDENTITY_POLICY` or `RESOURCE_POLICY`.
    NoNewAccess {
        id: u32,
        before: String,
        after: String,
        policy_type: String,
    },
}

/// What the worker says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Its Wasm is running and it takes jobs (sent once, first).
    Ready,
    /// Its Wasm could not start (sent by its loader script, static/tools-worker*.js).
    StartFailed {
        message: String,
    },
    Linted {
        id: u32,
        findings: Vec<LintFinding>,
    },
    /// The fixes as the command line writes them (`eval`'s JSON keeps both languages).
    EvalFixed {
        id: u32,
        fixes: Vec<WrittenFix>,
    },
    /// A policy compared with its version before the learner's edits.
    Compared {
        id: u32,
        comparison: Comparison,
    },
    /// The job could not be read (a bug: only the page posts jobs).
    Failed {
        id: u32,
        error: Text,
    },
}

impl Answer {
    /// The job this answers (none for the worker's own messages).
    pub fn id(&self) -> Option<u32> {
        match self {
            Answer::Ready | Answer::StartFailed { .. } => None,
            Answer::Linted { id, .. }
            | Answer::EvalFixed { id, .. }
            | Answer::Compared { id, .. }
            | Answer::Failed { id, .. } => Some(*id),
        }
    }
}

/// A lint [`Finding`] on the wire, both languages kept (the engine's JSON keeps the English
/// only, for the command line).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LintFinding {
    /// Written as its Access Analyzer code (`SECURITY_WARNING`).
    pub severity: Severity,
    pub code: String,
    pub message: Text,
    pub fix: Text,
    pub line: usize,
    pub column: usize,
    pub path: String,
}

impl From<&Finding> for LintFinding {
    fn from(f: &Finding) -> Self {
        LintFinding {
            severity: f.severity,
            code: f.code.clone(),
            message: f.message.clone(),
            fix: f.fix.clone(),
            line: f.line,
            column: f.column,
            path: f.path.clone(),
        }
    }
}

impl LintFinding {
    /// The engine's finding again.
    pub fn finding(&self) -> Finding {
        Finding {
            severity: self.severity,
            code: self.code.clone(),
            message: self.message.clone(),
            fix: self.fix.clone(),
            line: self.line,
            column: self.column,
            path: self.path.clone(),
        }
    }
}

/// The lint findings of a policy text.
pub fn lint(text: &str, kind: PolicyKind) -> Vec<Finding> {
    envelope_lab::policy::lint(text, kind)
}

/// The verified fixes of an `eval` input (none when it does not parse or is allowed).
pub fn eval_fixes(input: &str) -> Vec<WrittenFix> {
    envelope_lab::policy::cli::parse_eval_input(input)
        .map(|parsed| envelope_lab::policy::fix::eval_fixes(input, &parsed))
        .unwrap_or_default()
}

/// What `check no-new-access` says of a policy and its earlier version, both languages
/// kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// PASS: the new version grants nothing the old one did not.
    pub pass: bool,
    /// What it newly grants, in words.
    pub new_access: Vec<Text>,
    /// What it takes away, in words.
    pub removed_access: Vec<Text>,
    /// Every request of the space was compared (false: sampled at an even stride).
    pub exhaustive: bool,
    /// Why the two could not be compared (a document that does not parse).
    pub error: Option<Text>,
}

/// The engine's `check no-new-access` of two policy texts.
pub fn no_new_access(before: &str, after: &str, policy_type: &str) -> Comparison {
    let texts = |v: &serde_json::Value| -> Vec<Text> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|t| {
                let get = |l: &str| t[l].as_str().unwrap_or_default().to_string();
                Text::new(get("en"), get("ja"))
            })
            .collect()
    };
    match envelope_lab::policy::compare::check::no_new_access(before, after, Some(policy_type)) {
        Ok(v) => Comparison {
            pass: v["result"] == "PASS",
            new_access: texts(&v["new_access"]),
            removed_access: texts(&v["removed_access"]),
            exhaustive: v["exhaustive"] == true,
            error: None,
        },
        Err(e) => Comparison {
            error: Some(e),
            ..Comparison::default()
        },
    }
}

/// Does a job.
pub fn run(job: Job) -> Answer {
    match job {
        Job::Lint { id, text, kind } => Answer::Linted {
            id,
            findings: lint(&text, kind).iter().map(LintFinding::from).collect(),
        },
        Job::EvalFixes { id, input } => Answer::EvalFixed {
            id,
            fixes: eval_fixes(&input),
        },
        Job::NoNewAccess {
            id,
            before,
            after,
            policy_type,
        } => Answer::Compared {
            id,
            comparison: no_new_access(&before, &after, &policy_type),
        },
    }
}

/// The worker's whole protocol: a job's JSON in, its answer's JSON out. A message that is
/// not a job (only the page posts to the worker, so a bug) is answered as job 0's failure.
pub fn answer(message: &str) -> String {
    reply(message, run, |e| Answer::Failed {
        id: 0,
        error: Text::new(
            format!("the policy tools worker could not read the job: {e}"),
            format!("ポリシーツールのワーカーがジョブを読み込めませんでした: {e}"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPEN_KEY_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}"#;

    /// What crosses the worker boundary comes back as the engine made it.
    #[test]
    fn lint_findings_survive_the_trip() {
        let direct = envelope_lab::policy::lint(OPEN_KEY_POLICY, PolicyKind::KeyPolicy);
        assert!(!direct.is_empty(), "an open key policy has findings");
        let job = to_json(&Job::Lint {
            id: 7,
            text: OPEN_KEY_POLICY.into(),
            kind: PolicyKind::KeyPolicy,
        });
        let Ok(Answer::Linted { id, findings }) = serde_json::from_str(&answer(&job)) else {
            panic!("not a lint answer");
        };
        assert_eq!(id, 7);
        let back: Vec<Finding> = findings.iter().map(LintFinding::finding).collect();
        assert_eq!(back, direct);
    }

    #[test]
    fn every_kind_and_severity_round_trips() {
        for kind in [
            PolicyKind::Identity,
            PolicyKind::TrustPolicy,
            PolicyKind::KeyPolicy,
            PolicyKind::BucketPolicy,
            PolicyKind::ResourcePolicy,
            PolicyKind::Scp,
            PolicyKind::Rcp,
            PolicyKind::Boundary,
        ] {
            let job = Job::Lint {
                id: 1,
                text: String::new(),
                kind,
            };
            assert_eq!(serde_json::from_str::<Job>(&to_json(&job)).ok(), Some(job));
        }
        for s in [
            Severity::Error,
            Severity::SecurityWarning,
            Severity::Warning,
            Severity::Suggestion,
        ] {
            let f = Finding {
                severity: s,
                code: "X".into(),
                message: Text::default(),
                fix: Text::default(),
                line: 1,
                column: 2,
                path: "/".into(),
            };
            let wire = to_json(&LintFinding::from(&f));
            assert!(wire.contains(&format!("\"{}\"", s.code())), "{wire}");
            let back: LintFinding = serde_json::from_str(&wire).unwrap();
            assert_eq!(back.finding(), f);
        }
    }

    #[test]
    fn eval_fixes_survive_the_trip() {
        let input = serde_json::json!({
            "request": {
                "principal": "arn:aws:iam::123456789012:role/Producer",
                "action": "kms:GenerateDataKey",
                "resource": "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "context": {}
            },
            "identity_policies": [{"Version": "2012-10-17", "Statement": []}],
            "resource_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}]}
        })
        .to_string();
        let direct = eval_fixes(&input);
        assert!(!direct.is_empty(), "a denied request has fixes");
        let job = to_json(&Job::EvalFixes { id: 3, input });
        let Ok(Answer::EvalFixed { id, fixes }) = serde_json::from_str(&answer(&job)) else {
            panic!("not a fixes answer");
        };
        assert_eq!(id, 3);
        assert_eq!(fixes, direct);
    }

    /// A widened key policy fails the check with what it newly grants; the same policy
    /// passes against itself; both come back through the worker as the engine said.
    #[test]
    fn a_comparison_survives_the_trip_and_names_new_access() {
        let before = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Producer"},"Action":"kms:GenerateDataKey","Resource":"*"}]}"#;
        let job = to_json(&Job::NoNewAccess {
            id: 4,
            before: before.into(),
            after: OPEN_KEY_POLICY.into(),
            policy_type: "RESOURCE_POLICY".into(),
        });
        let Ok(Answer::Compared { id, comparison }) = serde_json::from_str(&answer(&job)) else {
            panic!("not a comparison");
        };
        assert_eq!(id, 4);
        assert!(!comparison.pass && comparison.error.is_none());
        assert!(!comparison.new_access.is_empty());
        assert!(comparison.new_access.iter().all(|t| t.ja_is_japanese()));
        assert_eq!(
            comparison,
            no_new_access(before, OPEN_KEY_POLICY, "RESOURCE_POLICY")
        );
        let same = no_new_access(before, before, "RESOURCE_POLICY");
        assert!(same.pass && same.new_access.is_empty() && same.removed_access.is_empty());
        let back = no_new_access(OPEN_KEY_POLICY, before, "RESOURCE_POLICY");
        assert!(back.pass && !back.removed_access.is_empty(), "{back:?}");
        assert!(no_new_access("{", before, "RESOURCE_POLICY")
            .error
            .is_some());
    }

    #[test]
    fn a_message_that_is_no_job_is_a_located_failure() {
        let Ok(Answer::Failed { id, error }) = serde_json::from_str(&answer("{\"nope\":1}")) else {
            panic!("not a failure");
        };
        assert_eq!(id, 0);
        assert!(error.en().contains("could not read the job"));
    }
}
