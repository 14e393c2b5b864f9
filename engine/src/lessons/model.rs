//! The lesson and quiz file formats (serde). One JSON file per lesson with English and
//! Japanese side by side; see the README's "Writing lessons" section.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

use super::patch::Edit;
use super::text::Text;
use crate::policy::DeniedBy;

/// The `format` value of a lesson file this build reads.
pub const LESSON_FORMAT: &str = "envelope-lab-lesson/1";
/// The `format` value of a quiz file this build reads.
pub const QUIZ_FORMAT: &str = "envelope-lab-quiz/1";

/// One lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Must be `envelope-lab-lesson/1`.
    pub format: String,
    /// Stable id, e.g. `04-own-key` (used in links `#lesson=…` and in saved progress).
    pub id: String,
    /// Position in the course (1-based).
    pub number: u32,
    /// Title.
    pub title: Text,
    /// One-line summary shown in the lesson picker.
    pub summary: Text,
    /// The starting scenario.
    pub scenario: ScenarioSource,
    /// The story: paragraphs separated by blank lines; `code` between backquotes.
    pub story: Text,
    /// What to do, and the checks that decide it.
    pub goal: Goal,
    /// Policy documents (or other scenario values) the lesson panel offers for editing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub editors: Vec<EditorSpec>,
    /// The parts of the scenario the learner may change (RFC 6901 pointers; a change below a
    /// pointer counts as inside it). Empty: the editors' pointers. The editors show
    /// everything else read-only, and `lessons check` requires the solution and every
    /// shortcut to change only these parts (see [`Lesson::editable_pointers`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub editable: Vec<String>,
    /// Whether the Fix tab offers its suggested fixes while the lesson is open (default
    /// yes). A completion after applying one is recorded as `fix`, like `solution`.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub fixes: bool,
    /// Edits a learner might try that must NOT meet the goal (they miss the lesson's
    /// point); `lessons check` applies each to the start and requires a failed check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shortcuts: Vec<Shortcut>,
    /// Numeric answers the learner types (for `answer` checks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputSpec>,
    /// Hints, shown one at a time.
    pub hints: Vec<Text>,
    /// The solution: an explanation and the edits that apply it.
    pub solution: Solution,
    /// Notes on what the simulator models where AWS documents nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
    /// The AWS pages the lesson's facts come from (`lessons check` requires at least one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// End-of-lesson questions (2–4).
    pub quiz: Vec<Question>,
    /// What the lesson taught, in one line: shown when the goal is met and in the course
    /// overview. `lessons check` requires it in both languages.
    #[serde(default, skip_serializing_if = "is_empty_text")]
    pub takeaway: Text,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Lesson {
    /// The pointers the learner may change: `editable`, or the editors' pointers when the
    /// lesson declares none.
    pub fn editable_pointers(&self) -> Vec<String> {
        if self.editable.is_empty() {
            self.editors.iter().map(|e| e.pointer.clone()).collect()
        } else {
            self.editable.clone()
        }
    }
}

/// A solution that looks plausible but misses the lesson's point (an author's note, in
/// English, saying which), as edits from the starting scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shortcut {
    /// What the shortcut does and why it must fail.
    pub note: String,
    /// The edits (RFC 6902) from the starting scenario.
    pub edits: Vec<Edit>,
}

fn is_empty_text(t: &Text) -> bool {
    t.en().is_empty() && t.ja().is_empty()
}

/// A page of the AWS documentation (or AWS's Knowledge Center) that facts of the course come
/// from, cited the way the engine's modelled notes cite theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The page's title, as AWS writes it.
    pub title: String,
    /// Its address: `https://` on an AWS host (see `lessons::sources`).
    pub url: String,
    /// The title of AWS's Japanese page, where the lesson names it (the Japanese address
    /// is derived, see [`Source::url_in`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ja: Option<String>,
}

impl Source {
    /// The page in a language: AWS's Japanese edition for `ja` (`/ja_jp/` on
    /// docs.aws.amazon.com, `/jp/` on aws.amazon.com, `/ja/` on repost.aws), else the
    /// page itself.
    pub fn url_in(&self, lang: &str) -> String {
        crate::text::aws_page_in(&self.url, lang)
    }

    /// The title in a language, and whether it is that language's own (else English).
    pub fn title_in(&self, lang: &str) -> (&str, bool) {
        match (&self.title_ja, lang) {
            (Some(t), "ja") => (t, true),
            _ => (&self.title, lang != "ja"),
        }
    }
}

/// A fact of a question that `lessons check` verifies against the engine, so the course and
/// the simulator cannot drift apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Verify {
    /// The error the engine gives in a preset's first failed `service`/`operation` step is
    /// named by a correct choice and by no wrong one; the explanation names it and every
    /// `alternatives` code (what AWS documents as possible too).
    ErrorCode {
        /// Preset name.
        preset: String,
        /// Service of the step (`kinesis`, `kms`, `s3`, …).
        service: String,
        /// Operation of the step (`PutRecord`, …).
        operation: String,
        /// Other codes AWS documents for the same situation.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        alternatives: Vec<String>,
    },
    /// The response of a preset's first successful `service`/`operation` step has a value at
    /// each JSON pointer of `has` and none at those of `lacks`.
    Response {
        /// Preset name.
        preset: String,
        /// Service of the step.
        service: String,
        /// Operation of the step.
        operation: String,
        /// RFC 6901 pointers that must be present.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        has: Vec<String>,
        /// RFC 6901 pointers that must be absent.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        lacks: Vec<String>,
    },
    /// The policy engine decides a request as the question says: `input` is what
    /// `envelope-lab eval` reads (a request with identity, key or bucket policies, SCP levels
    /// root first, RCPs, an organization), so organization and cross-account facts are
    /// checked where no preset runs them.
    Eval {
        /// The `eval` document.
        input: Value,
        /// The decision.
        expect: Expect,
        /// For a denial: whose policy decided it (`caller_identity`, `caller_scp`,
        /// `resource_policy`, `resource_rcp`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        denied_by: Option<DeniedBy>,
        /// For an SCP that lacks an Allow: the level without one (0 = the root).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        level: Option<usize>,
    },
}

/// Where a scenario comes from: a preset or an inline scenario, then edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSource {
    /// A preset name (`envelope-lab presets`). Exactly one of `preset` and `inline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// A whole scenario document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline: Option<Value>,
    /// JSON Patch operations applied to the base scenario.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
    /// Simulation seed (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub seed: u64,
}

fn one() -> u64 {
    1
}
fn is_one(v: &u64) -> bool {
    *v == 1
}

/// The goal: a text and a checklist; the goal is met when every check passes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// What to achieve.
    pub text: Text,
    /// The checklist.
    pub checks: Vec<GoalItem>,
    /// True for lessons whose starting scenario already meets the goal (exploration);
    /// `lessons check` otherwise requires the start to fail it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starts_met: bool,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalItem {
    /// What the learner reads.
    pub label: Text,
    /// The predicate.
    pub check: Check,
}

/// Outcome expected of one producer's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProducerExpect {
    /// Every record reached S3.
    Delivered,
    /// Every PutRecord failed.
    Rejected,
    /// No PutRecord failed.
    Accepted,
}

/// A decision a playground case expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Allowed.
    Allow,
    /// Denied, implicitly or explicitly.
    Deny,
    /// Denied by an explicit Deny statement.
    ExplicitDeny,
    /// Denied because nothing allows it.
    ImplicitDeny,
}

/// One request of a `playground` check, evaluated against a key of the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaygroundCase {
    /// A role of the scenario: the principal is its assumed-role session and its
    /// identity policies apply. Exactly one of `role`, `principal` and `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Any principal ARN (no identity policies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// Other principals of the account that the scenario names nowhere (a role session
    /// and an IAM user, no identity policies; see `policies::other_principals`): the case
    /// must hold for each, so a Deny that names principals cannot stand in for the rule.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub other: bool,
    /// The action, e.g. `kms:Decrypt`.
    pub action: String,
    /// Condition keys, e.g. `{"kms:ViaService": "kinesis.ap-northeast-1.amazonaws.com"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, String>,
    /// The expected decision.
    pub expect: Expect,
}

/// A goal predicate over the scenario, the run (summary and trace) and policy analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// No step failed (error codes in `except` are ignored).
    NoDenials {
        /// Error codes to ignore.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        except: Vec<String>,
    },
    /// Records were produced and every one reached S3.
    AllDelivered,
    /// Every record the stream accepted reached S3 (none lost or left pending).
    AcceptedDelivered,
    /// At least `at_least` failed steps match.
    Denial {
        /// Error code, e.g. `KMSAccessDeniedException`.
        error_code: String,
        /// Service (`kinesis`, `kms`, `s3`, `firehose`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        service: Option<String>,
        /// Operation, e.g. `PutRecord`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operation: Option<String>,
        /// A role of the scenario whose sessions made the call.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        /// Minimum count (default 1).
        #[serde(default = "one_u64")]
        at_least: u64,
    },
    /// No failed step matches (every given field must match).
    NoDenialOf {
        /// Error code.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error_code: Option<String>,
        /// Service.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        service: Option<String>,
        /// Operation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operation: Option<String>,
        /// Role.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
    },
    /// Successful KMS calls of one operation (`total` counts every request) within bounds.
    KmsCalls {
        /// `GenerateDataKey`, `Decrypt`, … or `total`.
        operation: String,
        /// Minimum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_least: Option<u64>,
        /// Maximum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_most: Option<u64>,
    },
    /// A record counter of the summary within bounds.
    Records {
        /// `produced`, `put_ok`, `put_failed`, `read_by_firehose`, `delivered`, `lost`,
        /// `pending`.
        field: String,
        /// Minimum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_least: Option<u64>,
        /// Maximum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_most: Option<u64>,
    },
    /// What happened to one producer's records.
    ProducerRecords {
        /// Producer (Lambda function) name.
        producer: String,
        /// Expected outcome.
        expect: ProducerExpect,
    },
    /// Records stored in a stream with a given `EncryptionType`.
    StreamRecords {
        /// Stream name (default: every stream).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stream: Option<String>,
        /// `KMS` or `NONE`.
        encryption: String,
        /// Minimum (default 1).
        #[serde(default = "one_u64")]
        at_least: u64,
    },
    /// Least privilege: the role's identity policies (evaluated by the policy engine on
    /// probe requests for every action of the namespace on every key of the scenario and
    /// on foreign keys, with and without service contexts) allow nothing beyond
    /// `actions` on `keys`, and allow each of them in at least one context.
    RolePolicyGrantsOnly {
        /// Role name.
        role: String,
        /// Allowed actions, e.g. `["kms:GenerateDataKey"]` (may be empty).
        actions: Vec<String>,
        /// Allowed keys (scenario key names or aliases).
        keys: Vec<String>,
    },
    /// Every S3 object (at least `at_least`) has these properties.
    ObjectsAll {
        /// `AES256`, `aws:kms` or `NONE`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sse: Option<String>,
        /// Written with a Bucket Key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bucket_key: Option<bool>,
        /// Encrypted under this key (scenario key name or alias).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kms_key: Option<String>,
        /// Minimum number of objects (default 1).
        #[serde(default = "one_u64")]
        at_least: u64,
    },
    /// Firehose logged this error code.
    FirehoseError {
        /// e.g. `Kinesis.KMS.AccessDeniedException`.
        code: String,
    },
    /// Firehose logged no error.
    NoFirehoseErrors,
    /// Steps of the trace matching the filters, within bounds.
    Steps {
        /// Service.
        service: String,
        /// Operation.
        operation: String,
        /// `ok` or `error` (default: either).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<String>,
        /// Role whose sessions made the call.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        /// Minimum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_least: Option<u64>,
        /// Maximum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_most: Option<u64>,
    },
    /// Requests evaluated by the policy engine against a key's policy (and the roles'
    /// identity policies) decide as expected.
    Playground {
        /// The key (scenario key name).
        key: String,
        /// The requests.
        cases: Vec<PlaygroundCase>,
        /// Decide with the roles' identity policies alone: the key policy is replaced by
        /// one that only delegates to the account, so what the key policy admits by
        /// itself cannot make a case pass (what IAM allows the role).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        iam_only: bool,
    },
    /// The scenario still contains an event (so a lesson's incident cannot be deleted).
    EventPresent {
        /// The event's `action`, e.g. `disable_key`.
        action: String,
        /// Its `key`, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
    },
    /// The value at a JSON pointer of the scenario equals `equals`.
    ScenarioValue {
        /// RFC 6901 pointer.
        pointer: String,
        /// Expected value.
        equals: Value,
    },
    /// A typed answer is within `tolerance` of `value`.
    Answer {
        /// The input's id.
        input: String,
        /// The right answer.
        value: f64,
        /// Accepted absolute difference.
        tolerance: f64,
    },
}

fn one_u64() -> u64 {
    1
}

/// A scenario value the lesson panel lets the learner edit (usually a policy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditorSpec {
    /// Label above the editor.
    pub label: Text,
    /// RFC 6901 pointer of the value in the scenario.
    pub pointer: String,
}

/// A number the learner types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    /// Id used by `answer` checks.
    pub id: String,
    /// Label.
    pub label: Text,
    /// Unit shown after the field (e.g. `USD`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
}

/// The solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Solution {
    /// Why it works.
    pub text: Text,
    /// Edits from the starting scenario to a solved one (applied as one undoable edit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
    /// Answers for `answer` checks.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, f64>,
}

/// Single or multiple answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One correct choice.
    Single,
    /// Several correct choices (`answers` of them).
    Multiple,
}

/// One quiz question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id (unique across the course).
    pub id: String,
    /// Single or multiple answer.
    pub kind: QuestionKind,
    /// For `multiple`: how many to choose ("Choose two").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<usize>,
    /// Which exam's style: `DVA`, `SCS` or `DEA` (AWS Certified Developer, Security and
    /// Data Engineer – Associate/Specialty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub exam: String,
    /// The question.
    pub prompt: Text,
    /// The choices.
    pub choices: Vec<Choice>,
    /// Why the right answers are right (and the others not).
    pub explanation: Text,
    /// The scenario that demonstrates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioLink>,
    /// Notes on what of the question the simulator models.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
    /// The AWS pages the question's facts come from (`lessons check` requires at least one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Facts of the question checked against the engine ([`Verify`]), kept as written:
    /// only `lessons check` reads them (`sources::check_verify` decodes and checks each),
    /// so the web page, which shows questions but never checks these facts, does not
    /// carry their decoder (docs/SIZE.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verify: Vec<serde_json::Value>,
}

/// One choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The choice's text.
    pub text: Text,
    /// Whether it is a correct answer.
    #[serde(default)]
    pub correct: bool,
}

/// A link to a scenario: a preset, or a lesson's starting scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioLink {
    /// Preset name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// Lesson id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
}

/// A question set that is not part of a lesson (the practice exam).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizSet {
    /// Must be `envelope-lab-quiz/1`.
    pub format: String,
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// The questions.
    pub questions: Vec<Question>,
}
