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
//! verified by a full re-run of the edited scenario over a longer horizon (`verify.rs`): it
//! is offered only if the same operation by the same principal for the same purpose no
//! longer fails anywhere and no delivered record is lost; the rest are returned as
//! rejected with the reason. [`fix_all`] chains the first option of each failure. A
//! [`FixCache`] keeps the result per distinct failure of a run, so asking again is free.

mod all;
mod call;
mod cause;
mod state;
mod texts;
mod verify;
mod world;
mod written;

pub use all::{fix_all, FixAll, FixAllStep, MAX_FIXES};
pub use cause::{Cause, CauseKind, Signature};
pub use verify::{extended, longer};
pub use written::{FixGroup, GUARD_LIMIT, GUARD_PREFIX};

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
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
    /// A reader requiring the encryption context the producer seals with.
    RequiredContext,
    /// Firehose given its own `KMSEncryptionConfig`, so its uploads send the SSE-KMS
    /// headers a bucket policy asks for.
    FirehoseEncryption,
    /// The bucket's S3 Object Ownership set to BucketOwnerEnforced (ACLs disabled), so the
    /// bucket owner owns what other accounts write.
    BucketOwnerEnforced,
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
            FixKind::RequiredContext => "required_context",
            FixKind::FirehoseEncryption => "firehose_encryption",
            FixKind::BucketOwnerEnforced => "bucket_owner_enforced",
        }
    }
}

impl Serialize for FixKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl FixKind {
    /// The kinds that are not policy edits.
    const OWN: [FixKind; 12] = [
        FixKind::EnableKey,
        FixKind::CancelKeyDeletion,
        FixKind::RemoveEvent,
        FixKind::UseAwsManagedKey,
        FixKind::DisableBucketKey,
        FixKind::RaiseKmsQuota,
        FixKind::LowerConcurrency,
        FixKind::OriginalCiphertext,
        FixKind::MatchingContext,
        FixKind::RequiredContext,
        FixKind::FirehoseEncryption,
        FixKind::BucketOwnerEnforced,
    ];

    /// The kind of this stable name ([`FixKind::as_str`]).
    pub fn from_name(name: &str) -> Option<FixKind> {
        let policy = pfix::FixKind::ALL.into_iter().map(FixKind::Policy);
        Self::OWN
            .into_iter()
            .chain(policy)
            .find(|k| k.as_str() == name)
    }
}

/// Read back from its stable name (the policy tools worker sends the fixes as JSON).
impl<'de> Deserialize<'de> for FixKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        FixKind::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown fix kind {name}")))
    }
}

/// Which editor a fix opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// A service control policy of the scenario's organization.
    ServiceControlPolicy,
    /// A resource control policy of the scenario's organization.
    ResourceControlPolicy,
    Reader,
    /// A bucket's S3 Object Ownership setting.
    ObjectOwnership,
    /// A Kinesis data stream's resource-based policy.
    StreamPolicy,
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
            DocumentKind::ServiceControlPolicy => "service_control_policy",
            DocumentKind::ResourceControlPolicy => "resource_control_policy",
            DocumentKind::Reader => "reader",
            DocumentKind::ObjectOwnership => "object_ownership",
            DocumentKind::StreamPolicy => "stream_policy",
        }
    }
}

/// A document a fix edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixOption {
    pub kind: FixKind,
    /// The documents edited (the first is the one to show).
    pub targets: Vec<FixTarget>,
    /// The JSON Patch on the scenario document.
    pub edits: Vec<Edit>,
    /// What it does, the rule it satisfies, the trade-off.
    pub explanation: Text,
    /// A full re-run of the edited scenario over a longer horizon no longer fails this way
    /// and loses no delivered record (set only by that re-run; every option offered).
    pub verified: bool,
    /// It allows nothing else the probes catch (policy fixes), or changes nothing else
    /// (settings).
    pub least_privilege: bool,
    /// Requests it also newly allows (a removed Deny, a widened condition).
    pub also_allows: Vec<ProbeResult>,
    /// Set when the fix rests on the simulator's model rather than documented behaviour.
    pub modelled: Option<Text>,
    /// It removes, narrows or bypasses a control someone wrote on purpose (a Deny, an
    /// SCP, a condition): the policy engine's measure of it, passed through.
    pub changes_control: bool,
    /// Guardrail order, as the policy engine ranks its fixes ([`pfix::PolicyFix::rank`]):
    /// 0 the call made differently (or the setting that makes the service send what the
    /// policy asks for), 1 an edit that keeps every control or the narrowest edit of one,
    /// 2 an edit that removes or bypasses a control. Options are offered in this order.
    #[serde(skip)]
    pub rank: u8,
    /// Where the verification re-run stopped next ("Decrypt by … failed with …"); `None`
    /// when it ran without a failure.
    pub next_failure: Option<Text>,
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
            changes_control: self.changes_control,
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RejectedOption {
    pub kind: FixKind,
    pub explanation: Text,
    pub reason: Text,
}

/// The fixes of one failure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DenialFixes {
    /// The step asked about.
    pub step: u32,
    /// The step whose failure the options fix (the nested call, or the earlier failure).
    pub cause: u32,
    /// What failed, in one line.
    pub summary: Text,
    /// The rule that denied the cause, for a policy denial. Written, never read back: the
    /// page gets the rule's words beside the fixes from the policy tools worker
    /// (src/tools_work.rs), so the decoder of every kind of rule stays out of its Wasm.
    #[serde(skip_deserializing)]
    pub rule: Option<DecidingRule>,
    /// Verified options, least privilege first.
    pub options: Vec<FixOption>,
    /// Proposals that did not pass (not enough on their own, too broad, still failing).
    pub rejected: Vec<RejectedOption>,
    /// What no edit can undo (a deleted key's data), or what AWS would do instead.
    pub notes: Vec<Text>,
    /// Why no option is offered (set only when `options` is empty).
    pub no_fix_reason: Option<Text>,
}

impl Simulation {
    /// One line about failed step `step` and the step that caused it ("PutRecord by
    /// DataSourceLambdaRole failed with …, because GenerateDataKey failed with …").
    pub fn failure_summary(&self, step: u32) -> Option<Text> {
        let failed = self.any_step(step)?;
        let caused = self.any_step(self.cause(step)?.step)?;
        Some(texts::failure(
            &format!("{}:{}", failed.service, failed.operation),
            &self
                .role_of_principal(&failed.principal)
                .map_or_else(|| failed.principal.to_string(), str::to_string),
            failed.outcome.code().unwrap_or(""),
            (caused.index != failed.index)
                .then(|| (caused.operation, caused.outcome.code().unwrap_or(""))),
        ))
    }

    /// The fixes of the failure at step `step` (a failed step, or a Firehose log entry's
    /// step); `None` when the step neither failed nor logged a failure.
    pub fn fixes_for(&self, step: u32) -> Option<DenialFixes> {
        let cause = self.cause(step)?;
        let failed = self.any_step(step)?;
        let caused = self.any_step(cause.step)?;
        let doc = serde_json::to_value(self.scenario()).ok()?;
        let mut out = DenialFixes {
            step,
            cause: cause.step,
            summary: self.failure_summary(step)?,
            rule: None,
            options: Vec::new(),
            rejected: Vec::new(),
            notes: Vec::new(),
            no_fix_reason: None,
        };
        let proposals = self.proposals(cause, caused.time, &doc, &mut out);
        let mut sigs = vec![self.signature(failed), self.signature(caused)];
        sigs.dedup();
        let verifier = verify::Verifier::new(self, &doc, sigs);
        for mut o in proposals {
            match verifier.check(&doc, &o.edits) {
                Ok(v) => {
                    o.verified = true;
                    o.next_failure = v.next_failure;
                    out.options.push(o);
                }
                Err(reason) => out.rejected.push(RejectedOption {
                    kind: o.kind,
                    explanation: o.explanation,
                    reason,
                }),
            }
        }
        // Guardrails first: the policy engine's order (by rank), the settings placed by their
        // own rank among it (a stable sort keeps the engine's order within a rank), so an
        // option that removes a control always comes last.
        out.options.sort_by_key(|o| o.rank);
        if !out.options.is_empty() {
            out.no_fix_reason = None;
        } else if out.no_fix_reason.is_none() {
            out.no_fix_reason = Some(texts::no_fix_reason(&out.rejected));
        }
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
                list.extend(call::proposals(self, &auth, at, doc, out.rule.as_ref()));
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
            CauseKind::Throttled => {
                out.notes.push(texts::retry_with_backoff());
                state::throttled(self, doc)
            }
            CauseKind::Ciphertext { call } => state::ciphertext(self, call, doc),
            CauseKind::Missing => state::missing(self, at, doc),
            CauseKind::Sdk => state::sdk(self, cause.step, doc),
            CauseKind::ObjectOwner { object } => state::object_owner(self, object, doc),
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
        let hints = world::hints(self, &req);
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
        // KMS refuses the call across accounts whatever the policies say: the engine's
        // reason (why, and what to do instead) is the one to show.
        if report.beyond_policy {
            out.no_fix_reason = report.no_fix_reason.clone();
        }
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
                changes_control: f.changes_control,
                rank: f.rank,
                next_failure: None,
            });
        }
        list
    }
}

/// What two failures of one run must share to share their fixes: the signature, the exact
/// resource (the key) and the error code, of the step and of its cause.
type CacheKey = [(Signature, String, &'static str); 2];

/// Fixes of one run, kept per failure: the failures of a run repeat (a retry every few
/// seconds for a day), and their fixes are the same.
#[derive(Debug, Default)]
pub struct FixCache {
    by_failure: BTreeMap<CacheKey, DenialFixes>,
    /// The keys in the order first asked.
    order: Vec<CacheKey>,
}

impl FixCache {
    /// An empty cache (make one per run).
    pub fn new() -> Self {
        FixCache::default()
    }

    /// [`Simulation::fixes_for`], computed once per distinct failure (see
    /// [`FixCache::group_of`]).
    pub fn fixes_for(&mut self, sim: &Simulation, step: u32) -> Option<DenialFixes> {
        let key = Self::key(sim, step)?;
        let cause = sim.cause(step)?;
        if let Some(hit) = self.by_failure.get(&key) {
            let mut f = hit.clone();
            f.step = step;
            f.cause = cause.step;
            return Some(f);
        }
        let fixes = sim.fixes_for(step)?;
        self.order.push(key.clone());
        self.by_failure.insert(key, fixes.clone());
        Some(fixes)
    }

    /// The number of the distinct failure step `step` belongs to (its fixes are
    /// [`FixCache::fixes_for`] of any step of the same number), in the order first asked.
    pub fn group_of(&self, sim: &Simulation, step: u32) -> Option<usize> {
        let key = Self::key(sim, step)?;
        self.order.iter().position(|k| *k == key)
    }

    fn key(sim: &Simulation, step: u32) -> Option<CacheKey> {
        let one = |i: u32| -> Option<(Signature, String, &'static str)> {
            let s = sim.any_step(i)?;
            let code = match &s.outcome {
                crate::runtime::trace::Outcome::Error { code, .. } => *code,
                crate::runtime::trace::Outcome::Ok => "",
            };
            Some((sim.signature(s), sim.resource_of(s), code))
        };
        Some([one(step)?, one(sim.cause(step)?.step)?])
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    /// Every kind reads back from the name its JSON writes (the policy tools worker sends
    /// the fixes to the page as JSON).
    #[test]
    fn every_kind_reads_back_from_its_name() {
        let policy = pfix::FixKind::ALL.into_iter().map(FixKind::Policy);
        for kind in FixKind::OWN.into_iter().chain(policy) {
            let json = serde_json::to_string(&kind).expect("json");
            assert_eq!(
                serde_json::from_str::<FixKind>(&json).ok(),
                Some(kind),
                "{json}"
            );
        }
        assert!(serde_json::from_str::<FixKind>("\"no_such_kind\"").is_err());
    }
}
