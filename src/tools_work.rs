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

use envelope_lab::patch::Edit;
use envelope_lab::policy::fix::{Place, WrittenFix};
use envelope_lab::policy::{Finding, PolicyKind, Severity};
use envelope_lab::text::Text;

/// A job for the worker; `id` comes back in its answer (externally tagged, as the
/// CloudFormation worker's jobs: smaller in both modules than an internally tagged enum).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// Lint a policy text as a policy of this kind.
    Lint { id: u32, text: String, kind: Kind },
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
    EvalFixed {
        id: u32,
        fixes: Vec<Fix>,
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

/// [`PolicyKind`] on the wire (the engine's type serialises for the command line only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Identity,
    TrustPolicy,
    KeyPolicy,
    BucketPolicy,
    ResourcePolicy,
    Scp,
    Boundary,
}

impl From<PolicyKind> for Kind {
    fn from(k: PolicyKind) -> Self {
        match k {
            PolicyKind::Identity => Kind::Identity,
            PolicyKind::TrustPolicy => Kind::TrustPolicy,
            PolicyKind::KeyPolicy => Kind::KeyPolicy,
            PolicyKind::BucketPolicy => Kind::BucketPolicy,
            PolicyKind::ResourcePolicy => Kind::ResourcePolicy,
            PolicyKind::Scp => Kind::Scp,
            PolicyKind::Boundary => Kind::Boundary,
        }
    }
}

impl From<Kind> for PolicyKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Identity => PolicyKind::Identity,
            Kind::TrustPolicy => PolicyKind::TrustPolicy,
            Kind::KeyPolicy => PolicyKind::KeyPolicy,
            Kind::BucketPolicy => PolicyKind::BucketPolicy,
            Kind::ResourcePolicy => PolicyKind::ResourcePolicy,
            Kind::Scp => PolicyKind::Scp,
            Kind::Boundary => PolicyKind::Boundary,
        }
    }
}

/// A lint [`Finding`] on the wire, both languages kept (the engine's JSON keeps the English
/// only, for the command line).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LintFinding {
    /// The Access Analyzer code of the severity (`SECURITY_WARNING`).
    pub severity: String,
    pub code: String,
    pub message: Text,
    pub fix: Text,
    pub line: usize,
    pub column: usize,
    pub path: String,
}

const SEVERITIES: [Severity; 4] = [
    Severity::Error,
    Severity::SecurityWarning,
    Severity::Warning,
    Severity::Suggestion,
];

impl From<&Finding> for LintFinding {
    fn from(f: &Finding) -> Self {
        LintFinding {
            severity: f.severity.code().to_string(),
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
        let severity = SEVERITIES
            .into_iter()
            .find(|s| s.code() == self.severity)
            .unwrap_or(Severity::Error);
        Finding {
            severity,
            code: self.code.clone(),
            message: self.message.clone(),
            fix: self.fix.clone(),
            line: self.line,
            column: self.column,
            path: self.path.clone(),
        }
    }
}

/// Where a fix goes, on the wire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixPlace {
    pub document: String,
    pub pointer: String,
    pub statement: Option<String>,
    pub label: Text,
}

/// A [`WrittenFix`] on the wire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub kind: String,
    pub place: FixPlace,
    pub also: Vec<FixPlace>,
    pub edit: Vec<Edit>,
    pub explanation: Text,
    pub verified: bool,
    pub least_privilege: bool,
    pub also_allows: Vec<Text>,
    pub also_denies: Vec<Text>,
    pub changes_control: bool,
}

impl From<&Place> for FixPlace {
    fn from(p: &Place) -> Self {
        FixPlace {
            document: p.document.clone(),
            pointer: p.pointer.clone(),
            statement: p.statement.clone(),
            label: p.label.clone(),
        }
    }
}

impl FixPlace {
    fn place(&self) -> Place {
        Place {
            document: self.document.clone(),
            pointer: self.pointer.clone(),
            statement: self.statement.clone(),
            label: self.label.clone(),
        }
    }
}

impl From<&WrittenFix> for Fix {
    fn from(f: &WrittenFix) -> Self {
        Fix {
            kind: f.kind.clone(),
            place: (&f.place).into(),
            also: f.also.iter().map(FixPlace::from).collect(),
            edit: f.edit.clone(),
            explanation: f.explanation.clone(),
            verified: f.verified,
            least_privilege: f.least_privilege,
            also_allows: f.also_allows.clone(),
            also_denies: f.also_denies.clone(),
            changes_control: f.changes_control,
        }
    }
}

impl Fix {
    /// The engine's written fix again.
    pub fn written(&self) -> WrittenFix {
        WrittenFix {
            kind: self.kind.clone(),
            place: self.place.place(),
            also: self.also.iter().map(FixPlace::place).collect(),
            edit: self.edit.clone(),
            explanation: self.explanation.clone(),
            verified: self.verified,
            least_privilege: self.least_privilege,
            also_allows: self.also_allows.clone(),
            also_denies: self.also_denies.clone(),
            changes_control: self.changes_control,
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
            findings: lint(&text, kind.into())
                .iter()
                .map(LintFinding::from)
                .collect(),
        },
        Job::EvalFixes { id, input } => Answer::EvalFixed {
            id,
            fixes: eval_fixes(&input).iter().map(Fix::from).collect(),
        },
    }
}

/// The worker's whole protocol: a job's JSON in, its answer's JSON out.
pub fn answer(message: &str) -> String {
    let answer = match serde_json::from_str::<Job>(message) {
        Ok(job) => run(job),
        Err(e) => Answer::Failed {
            id: 0,
            error: Text::new(
                format!("the policy tools worker could not read the job: {e}"),
                format!("ポリシーツールのワーカーがジョブを読み込めませんでした: {e}"),
            ),
        },
    };
    to_json(&answer)
}

/// A job or an answer as the JSON text posted between the page and the worker.
pub fn to_json(message: &impl Serialize) -> String {
    serde_json::to_string(message).unwrap_or_default()
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
            kind: PolicyKind::KeyPolicy.into(),
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
            assert_eq!(PolicyKind::from(Kind::from(kind)), kind);
        }
        for s in SEVERITIES {
            let f = Finding {
                severity: s,
                code: "X".into(),
                message: Text::default(),
                fix: Text::default(),
                line: 1,
                column: 2,
                path: "/".into(),
            };
            assert_eq!(LintFinding::from(&f).finding(), f);
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
        let back: Vec<WrittenFix> = fixes.iter().map(Fix::written).collect();
        assert_eq!(back, direct);
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
