//! The policy tools as jobs of their own Web Worker: lint of a policy being edited, and the
//! playground's verified fixes of a denied request.
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

    #[test]
    fn a_message_that_is_no_job_is_a_located_failure() {
        let Ok(Answer::Failed { id, error }) = serde_json::from_str(&answer("{\"nope\":1}")) else {
            panic!("not a failure");
        };
        assert_eq!(id, 0);
        assert!(error.en().contains("could not read the job"));
    }
}
