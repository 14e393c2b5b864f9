//! Fixes for the failures of a run, as scenario edits.
//!
//! [`Simulation::fixes_for`] takes a failed step (or a Firehose log step) and returns
//! [`DenialFixes`]: the step that caused the failure ([`Simulation::cause`]: the nested
//! GenerateDataKey under a PutRecord, the GetRecords an expiry follows from), and
//! [`FixOption`]s, each an RFC 6902 JSON Patch on the scenario document (as
//! `serde_json::to_value(sim.scenario())` writes it, the format `lessons::patch` applies)
//! with `test` guards, the documents it edits ([`FixTarget`]: which editor to open, and the
//! pointer of the new or changed statement to highlight), an explanation in English and
//! Japanese, and whether it is least privilege.
//!
//! Policy denials get the policy engine's verified fixes ([`crate::policy::fix`]) written
//! into the scenario; other failures get the matching setting or event (a key's state, the
//! event that changed it, the quota, the encryption settings). Every option is then
//! verified by re-running the scenario with the same seed, as far as the original run went:
//! it is offered only if the failure (and its cause) no longer happens. A [`FixCache`]
//! keeps the result per failure signature for a run, so asking again is free.

mod cause;
mod state;
mod texts;
mod verify;
mod world;

pub use cause::{Cause, CauseKind, Signature};

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::patch::Edit;
use crate::policy::fix::{self as pfix, Denied, Place, ProbeResult, WrittenFix};
use crate::policy::DecidingRule;
use crate::sim::simulation::Simulation;
use crate::text::Text;

/// What kind of edit a fix option makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FixKind {
    /// A policy edit (statement, grant, trust).
    Policy(pfix::FixKind),
    /// The key's state set to Enabled.
    EnableKey,
    /// CancelKeyDeletion (and EnableKey) events added.
    CancelKeyDeletion,
    /// The event that caused the failure removed.
    RemoveEvent,
    /// A setting pointed at the service's AWS managed key.
    UseAwsManagedKey,
    /// The Bucket Key turned off.
    DisableBucketKey,
    /// The KMS request quota raised (modelled).
    RaiseKmsQuota,
    /// A producer's concurrency lowered (modelled data-key reuse).
    LowerConcurrency,
    /// The ciphertext decrypted as it was made.
    OriginalCiphertext,
    /// The encryption context the data key was made with.
    MatchingContext,
}

impl FixKind {
    /// A stable name (`identity_statement`, `enable_key`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::Policy(p) => p.as_str(),
            FixKind::EnableKey => "enable_key",
            FixKind::CancelKeyDeletion => "cancel_key_deletion",
            FixKind::RemoveEvent => "remove_event",
            FixKind::UseAwsManagedKey => "use_aws_managed_key",
            FixKind::DisableBucketKey => "disable_bucket_key",
            FixKind::RaiseKmsQuota => "raise_kms_quota",
            FixKind::LowerConcurrency => "lower_concurrency",
            FixKind::OriginalCiphertext => "original_ciphertext",
            FixKind::MatchingContext => "matching_context",
        }
    }
}

impl Serialize for FixKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Which editor a fix opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    InlinePolicy,
    AttachedPolicy,
    PermissionsBoundary,
    TrustPolicy,
    KeyPolicy,
    BucketPolicy,
    Grants,
    KeyState,
    Events,
    StreamEncryption,
    FirehoseEncryption,
    BucketEncryption,
    KmsSettings,
    Producer,
}

impl DocumentKind {
    /// The stable name (`inline_policy`, `key_policy`, …), as JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::InlinePolicy => "inline_policy",
            DocumentKind::AttachedPolicy => "attached_policy",
            DocumentKind::PermissionsBoundary => "permissions_boundary",
            DocumentKind::TrustPolicy => "trust_policy",
            DocumentKind::KeyPolicy => "key_policy",
            DocumentKind::BucketPolicy => "bucket_policy",
            DocumentKind::Grants => "grants",
            DocumentKind::KeyState => "key_state",
            DocumentKind::Events => "events",
            DocumentKind::StreamEncryption => "stream_encryption",
            DocumentKind::FirehoseEncryption => "firehose_encryption",
            DocumentKind::BucketEncryption => "bucket_encryption",
            DocumentKind::KmsSettings => "kms_settings",
            DocumentKind::Producer => "producer",
        }
    }
}

/// A document a fix edits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FixTarget {
    pub document: DocumentKind,
    /// JSON pointer of the document (or setting) in the scenario, e.g. `/keys/0/policy`.
    pub pointer: String,
    /// JSON pointer of the statement (or grant) added or changed, for highlighting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// "key policy of KinesisKey", in both languages.
    pub label: Text,
}

/// One way to fix a failure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FixOption {
    pub kind: FixKind,
    /// The documents edited (the first is the one to show).
    pub targets: Vec<FixTarget>,
    /// The JSON Patch on the scenario document.
    pub edits: Vec<Edit>,
    /// What it does, the rule it satisfies, the trade-off.
    pub explanation: Text,
    /// Re-running the scenario with it no longer fails this way (true for every option
    /// offered).
    pub verified: bool,
    /// It allows nothing else the probes catch (policy fixes), or changes nothing else
    /// (settings).
    pub least_privilege: bool,
    /// Requests it also newly allows (a removed Deny, a widened condition).
    pub also_allows: Vec<ProbeResult>,
    /// Set when the fix rests on the simulator's model rather than documented behaviour.
    pub modelled: Option<Text>,
}

impl FixTarget {
    fn place(&self) -> Place {
        Place {
            document: self.document.as_str().to_string(),
            pointer: self.pointer.clone(),
            statement: self.statement.clone(),
            label: self.label.clone(),
        }
    }
}

impl FixOption {
    /// The option as the command line prints it.
    pub fn written(&self) -> WrittenFix {
        let mut places = self.targets.iter().map(FixTarget::place);
        WrittenFix {
            kind: self.kind.as_str().to_string(),
            place: places.next().unwrap_or(Place {
                document: String::new(),
                pointer: String::new(),
                statement: None,
                label: Text::default(),
            }),
            also: places.collect(),
            edit: self.edits.clone(),
            explanation: self.explanation.clone(),
            verified: self.verified,
            least_privilege: self.least_privilege,
            also_allows: self.also_allows.iter().map(|p| p.text.clone()).collect(),
            also_denies: Vec::new(),
            changes_control: matches!(self.kind, FixKind::Policy(k) if k.edits_control()),
        }
    }
}

impl FixOption {
    /// The scenario document `doc` with this fix applied (one undoable edit for the UI).
    /// The edits are written against the scenario as `serde_json::to_value(sim.scenario())`
    /// gives it; a document written by hand may leave out fields with defaults (`events`),
    /// so when the edits do not apply to `doc` as it is, they are applied to its normalized
    /// form. The result is a valid scenario, or the error in both languages.
    pub fn apply_to(&self, doc: &Value) -> Result<Value, Text> {
        let valid = |v: Value| {
            crate::sim::scenario::Scenario::from_json(&v.to_string())
                .map(|_| v)
                .map_err(|e| e.located())
        };
        if let Ok(v) = crate::patch::apply(doc, &self.edits) {
            return valid(v);
        }
        let scenario =
            crate::sim::scenario::Scenario::from_json(&doc.to_string()).map_err(|e| e.located())?;
        let normalized =
            serde_json::to_value(&scenario).map_err(|e| Text::new(e.to_string(), e.to_string()))?;
        crate::patch::apply(&normalized, &self.edits)
            .map_err(|e| texts::does_not_apply(&Text::new(e.to_string(), e.to_string())))
            .and_then(valid)
    }
}

/// A proposal that was not offered, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RejectedOption {
    pub kind: FixKind,
    pub explanation: Text,
    pub reason: Text,
}

/// The fixes of one failure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DenialFixes {
    /// The step asked about.
    pub step: u32,
    /// The step whose failure the options fix (the nested call, or the earlier failure).
    pub cause: u32,
    /// What failed, in one line.
    pub summary: Text,
    /// The rule that denied the cause, for a policy denial.
    pub rule: Option<DecidingRule>,
    /// Verified options, least privilege first.
    pub options: Vec<FixOption>,
    /// Proposals that did not pass (not enough on their own, too broad, still failing).
    pub rejected: Vec<RejectedOption>,
    /// What no edit can undo (a deleted key's data), or what AWS would do instead.
    pub notes: Vec<Text>,
}

impl Simulation {
    /// The fixes of the failure at step `step` (a failed step, or a Firehose log entry's
    /// step); `None` when the step neither failed nor logged a failure.
    pub fn fixes_for(&self, step: u32) -> Option<DenialFixes> {
        let cause = self.cause(step)?;
        let failed = self.any_step(step)?;
        let caused = self.any_step(cause.step)?;
        let doc = serde_json::to_value(self.scenario()).ok()?;
        let summary = texts::failure(
            &format!("{}:{}", failed.service, failed.operation),
            &self
                .role_of_principal(&failed.principal)
                .map_or_else(|| failed.principal.to_string(), str::to_string),
            failed.outcome.code().unwrap_or(""),
            (caused.index != failed.index)
                .then(|| (caused.operation, caused.outcome.code().unwrap_or(""))),
        );
        let mut out = DenialFixes {
            step,
            cause: cause.step,
            summary,
            rule: None,
            options: Vec::new(),
            rejected: Vec::new(),
            notes: Vec::new(),
        };
        let proposals = self.proposals(cause, caused.time, &doc, &mut out);
        let mut sigs = vec![self.signature(failed), self.signature(caused)];
        sigs.dedup();
        for mut o in proposals {
            match verify::rerun_clears(self, &doc, &o.edits, &sigs) {
                Ok(()) => {
                    o.verified = true;
                    out.options.push(o);
                }
                Err(reason) => out.rejected.push(RejectedOption {
                    kind: o.kind,
                    explanation: o.explanation,
                    reason,
                }),
            }
        }
        out.options.sort_by_key(|o| !o.least_privilege);
        Some(out)
    }

    /// The proposals for a cause (not yet re-run).
    fn proposals(
        &self,
        cause: Cause,
        at: crate::runtime::clock::SimTime,
        doc: &Value,
        out: &mut DenialFixes,
    ) -> Vec<FixOption> {
        match cause.kind {
            CauseKind::Denied(auth) => {
                let mut list = self.policy_proposals(&auth, doc, out);
                list.extend(state::settings(self, &auth, doc));
                list
            }
            CauseKind::KeyState { key, state } => {
                let via = self
                    .any_step(cause.step)
                    .and_then(|s| match s.detail {
                        crate::runtime::trace::StepDetail::Kms { call } => {
                            self.cloud.kms.calls.get(call as usize).map(|c| c.via)
                        }
                        _ => None,
                    })
                    .unwrap_or(crate::cloud::Via::Direct);
                let (list, notes) = state::key_state(self, key, state, at, doc, via);
                out.notes.extend(notes);
                list
            }
            CauseKind::Throttled => state::throttled(self, doc),
            CauseKind::Ciphertext { call } => state::ciphertext(self, call, doc),
            CauseKind::Missing => state::missing(self, at, doc),
            CauseKind::Other => Vec::new(),
        }
    }

    /// The policy engine's verified fixes for a denied request, written as scenario edits.
    fn policy_proposals(
        &self,
        auth: &crate::cloud::AuthReq,
        doc: &Value,
        out: &mut DenialFixes,
    ) -> Vec<FixOption> {
        let req = self.cloud.build_request(auth);
        let sw = world::SimWorld::new(self, &req.principal);
        let Some(p) = sw.world.principal_of(&req.principal) else {
            return Vec::new();
        };
        let hints = world::hints(&req);
        let report = pfix::suggest(
            &sw.world,
            Denied {
                request: &req,
                principal: p,
                resource: sw.world.resource_of(&req.resource),
                hints: &hints,
            },
        );
        out.rule = Some(report.rule.clone());
        out.rejected
            .extend(report.rejected.into_iter().map(|r| RejectedOption {
                kind: FixKind::Policy(r.kind),
                explanation: r.explanation,
                reason: r.reason,
            }));
        let mut list = Vec::new();
        for f in report.fixes {
            let written = pfix::write_all(doc, &f.changes, |d, c| sw.edits(d, c));
            let Some((edits, targets)) = written else {
                out.rejected.push(RejectedOption {
                    kind: FixKind::Policy(f.kind),
                    explanation: f.explanation,
                    reason: texts::not_in_scenario(),
                });
                continue;
            };
            list.push(FixOption {
                kind: FixKind::Policy(f.kind),
                targets,
                edits,
                explanation: f.explanation,
                verified: false,
                least_privilege: f.least_privilege,
                also_allows: f.verification.also_allows,
                modelled: None,
            });
        }
        list
    }
}

/// Fixes of one run, kept per failure signature: the failures of a run repeat (a retry
/// every few seconds for a day), and their fixes are the same.
#[derive(Debug, Default)]
pub struct FixCache {
    by_signature: BTreeMap<(Signature, Signature), DenialFixes>,
}

impl FixCache {
    /// An empty cache (make one per run).
    pub fn new() -> Self {
        FixCache::default()
    }

    /// [`Simulation::fixes_for`], computed once per failure signature of the cause and
    /// the step.
    pub fn fixes_for(&mut self, sim: &Simulation, step: u32) -> Option<DenialFixes> {
        let s = sim.any_step(step)?;
        let cause = sim.cause(step)?;
        let key = (sim.signature(s), sim.signature(sim.any_step(cause.step)?));
        if let Some(hit) = self.by_signature.get(&key) {
            let mut f = hit.clone();
            f.step = step;
            f.cause = cause.step;
            return Some(f);
        }
        let fixes = sim.fixes_for(step)?;
        self.by_signature.insert(key, fixes.clone());
        Some(fixes)
    }
}
