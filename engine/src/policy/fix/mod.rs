//! Fixes for a denied request, computed and verified by evaluation.
//!
//! [`suggest`] takes a [`World`] (every principal's identity policies and boundary, every
//! resource's policy and grants, the SCPs), the denied request, its caller and resource,
//! and returns [`PolicyFix`]es: each a list of [`DocChange`]s (add, remove or replace a
//! statement by index; create a policy; add a grant) with an explanation in English and
//! Japanese of the evaluation rule it satisfies and what it costs against the others.
//!
//! A candidate is offered only if, applied to the world, it flips the request to Allowed
//! and a probe set (the same action on the other resources of the kind and on one outside
//! the scenario, the other actions on this resource, the same request from every other
//! principal and from a twin of the caller) shows it newly allows nothing else — except
//! for the fixes that widen what already exists (removing a Deny, widening a condition),
//! which say what else they allow ([`PolicyFix::also_allows`]). Candidates that fail are
//! returned as [`Rejected`] with the reason, which teaches too ("an identity statement is
//! not enough: the key policy does not delegate to IAM").
//!
//! The host (the simulation, the `eval` command) builds the world from its own documents
//! and turns each [`DocChange`] into JSON Patch edits of its document with
//! [`statement_edits`].

mod candidates;
mod eval;
mod statements;
mod texts;
mod world;
mod written;

pub use eval::{eval_fixes, eval_report, EvalFixes};
pub use statements::{principal_element, principal_label, ConditionSpec};
pub use world::{
    apply_to_json, statements as statement_list, Change, Doc, DocChange, DocId, ResourceKind,
    World, WorldPrincipal, WorldResource,
};
pub use written::{Place, WrittenFix};

use serde::Serialize;
use serde_json::Value;

use super::{compare, evaluate_rule, explain, DecidingRule, Request};
use crate::patch::Edit;
use crate::text::Text;

/// What kind of edit a fix makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixKind {
    /// No policy change: the call made differently (through the service the policy
    /// requires, over TLS, with the encryption context the policy pins).
    ChangeCall,
    /// A statement in the caller's identity-based policy (or a new inline policy).
    IdentityStatement,
    /// A key-policy statement naming the caller.
    KeyPolicyStatement,
    /// A KMS grant for the caller.
    Grant,
    /// A statement in a resource-based policy (bucket policy) naming the caller.
    ResourcePolicyStatement,
    /// A trust-policy statement for the service that assumes the role.
    TrustStatement,
    /// The service a trust statement names, replaced.
    TrustPrincipal,
    /// A statement in the permissions boundary.
    BoundaryStatement,
    /// A statement in a service control policy.
    ScpStatement,
    /// The caller added to the Deny's exceptions (`NotPrincipal`, `NotResource`, a
    /// `StringNotEquals` list, or a new `StringNotEquals kms:ViaService`).
    DenyException,
    /// The Deny statement that matched, removed.
    RemoveDeny,
    /// The Deny statement's matching actions, removed.
    NarrowDeny,
    /// A failing condition widened (or `kms:ViaService` removed).
    WidenCondition,
    /// An encryption-context condition given this request's context.
    ContextCondition,
}

impl FixKind {
    /// Every kind (the run fixes read a kind back by its name).
    pub const ALL: [FixKind; 14] = [
        FixKind::ChangeCall,
        FixKind::IdentityStatement,
        FixKind::KeyPolicyStatement,
        FixKind::Grant,
        FixKind::ResourcePolicyStatement,
        FixKind::TrustStatement,
        FixKind::TrustPrincipal,
        FixKind::BoundaryStatement,
        FixKind::ScpStatement,
        FixKind::DenyException,
        FixKind::RemoveDeny,
        FixKind::NarrowDeny,
        FixKind::WidenCondition,
        FixKind::ContextCondition,
    ];

    /// The stable name (`identity_statement`, `remove_deny`, …), as JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::ChangeCall => "change_call",
            FixKind::IdentityStatement => "identity_statement",
            FixKind::KeyPolicyStatement => "key_policy_statement",
            FixKind::Grant => "grant",
            FixKind::ResourcePolicyStatement => "resource_policy_statement",
            FixKind::TrustStatement => "trust_statement",
            FixKind::TrustPrincipal => "trust_principal",
            FixKind::BoundaryStatement => "boundary_statement",
            FixKind::ScpStatement => "scp_statement",
            FixKind::DenyException => "deny_exception",
            FixKind::RemoveDeny => "remove_deny",
            FixKind::NarrowDeny => "narrow_deny",
            FixKind::WidenCondition => "widen_condition",
            FixKind::ContextCondition => "context_condition",
        }
    }

    /// Whether a fix of this kind edits a control (a Deny, an SCP, a boundary, a condition
    /// of an Allow), for hosts that do not keep [`PolicyFix::changes_control`].
    pub fn edits_control(self) -> bool {
        matches!(
            self,
            FixKind::DenyException
                | FixKind::RemoveDeny
                | FixKind::NarrowDeny
                | FixKind::WidenCondition
                | FixKind::ContextCondition
                | FixKind::ScpStatement
                | FixKind::BoundaryStatement
        )
    }
}

/// How the host wants new statements written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hints {
    /// The resource of new identity and resource-policy statements, where the exact ARN
    /// would fix only this request (the objects Firehose writes:
    /// `arn:aws:s3:::bucket/firehose/*`). `None`: the request's resource ARN.
    pub resource_pattern: Option<String>,
    /// Encryption-context conditions of new KMS statements. `None`: the request's context,
    /// each pair with `StringEquals`.
    pub context_conditions: Option<Vec<ConditionSpec>>,
    /// The name of a new inline policy when the caller has none to add to.
    pub new_policy_name: Option<String>,
    /// Offer [`FixKind::ChangeCall`] (the host can write a changed request: `eval`).
    pub call_changes: bool,
}

/// What the check of a fix found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verification {
    /// The request's deciding rule with the fix applied (an Allow rule).
    pub rule: DecidingRule,
    /// Requests of the comparison's space evaluated before and after (see
    /// [`super::compare`]).
    pub probes: usize,
    /// Not every request of the space was evaluated (see [`super::compare::Diff::sampled`]).
    pub sampled: bool,
    /// What it newly allows beyond the denied request's class, grouped in words.
    pub also_allows: Vec<ProbeResult>,
}

/// Which way a request newly allowed differs from the denied one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeKind {
    /// The same caller on another resource.
    OtherResource,
    /// The same caller with another action on the same resource.
    OtherAction,
    /// Another principal.
    OtherPrincipal,
    /// The same caller, action and resource with other condition values.
    OtherContext,
}

/// One group of requests a fix newly allows, for the learner (never the space's
/// stand-in names).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProbeResult {
    pub kind: ProbeKind,
    /// Who, in words ("every principal in 444455556666 via Kinesis").
    pub principal: String,
    /// The actions, in words.
    pub action: String,
    /// The resources, in words.
    pub resource: String,
    /// The whole sentence, in both languages.
    pub text: Text,
}

/// A verified fix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyFix {
    pub kind: FixKind,
    /// The changes, in order (none for [`FixKind::ChangeCall`]).
    #[serde(skip)]
    pub changes: Vec<DocChange>,
    /// The request as the fix makes it ([`FixKind::ChangeCall`] only).
    #[serde(skip)]
    pub request: Option<Request>,
    /// What it does, which rule it satisfies, and the trade-off.
    pub explanation: Text,
    pub verification: Verification,
    /// Measured: it newly allows nothing outside the denied request's class (the caller,
    /// the action, the resource or the host's pattern of it, the condition values the
    /// request carries) over the comparison's request space.
    pub least_privilege: bool,
    /// What else it newly allows, in words (the sentences of
    /// [`Verification::also_allows`]); empty when least privilege.
    pub also_allows_words: Vec<Text>,
    /// What it newly denies (always empty for an offered fix: one that takes away access
    /// is rejected; kept for the hosts' shape).
    pub also_denies: Vec<Text>,
    /// It removes, narrows or bypasses a control someone wrote: a Deny, an SCP, a
    /// boundary, a condition of an Allow (`kms:ViaService`, a source).
    pub changes_control: bool,
    /// Guardrail order (the order of [`FixReport::fixes`]): 0 the call made differently,
    /// 1 an edit that keeps every control or is the narrowest edit of one, 2 an edit that
    /// removes or bypasses a control. Hosts that add options of their own (the run's
    /// settings) sort by it so a removed control stays last.
    #[serde(skip)]
    pub rank: u8,
}

/// A candidate that did not pass, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rejected {
    pub kind: FixKind,
    pub explanation: Text,
    pub reason: Text,
}

/// The fixes of one denied request.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FixReport {
    /// The rule that denied it.
    pub rule: DecidingRule,
    /// Verified fixes, guardrails first: the call made differently, then edits that
    /// keep every control (least privilege first), then edits of a control, then edits
    /// that remove one.
    pub fixes: Vec<PolicyFix>,
    /// Candidates that did not pass.
    pub rejected: Vec<Rejected>,
    /// Why no fix is offered, when none is (with the nearest candidate and what it would
    /// change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_fix_reason: Option<Text>,
    /// No edit of any policy can allow the request (KMS refuses the operation across
    /// accounts): `no_fix_reason` says why and what to do instead, and a host shows it
    /// rather than a reason of its own.
    #[serde(skip)]
    pub beyond_policy: bool,
}

/// The denied request to fix: by principal `principal` (index in the world) on resource
/// `resource` (index, `None` for a resource the world does not hold).
#[derive(Clone, Copy, Debug)]
pub struct Denied<'a> {
    pub request: &'a Request,
    pub principal: usize,
    pub resource: Option<usize>,
    pub hints: &'a Hints,
}

/// Verified fixes for a denied request (none when it is allowed), guardrails first.
pub fn suggest(world: &World, denied: Denied<'_>) -> FixReport {
    let base = world.clone();
    let set = base.policy_set(denied.principal, denied.resource);
    let expl = explain(denied.request, &set);
    let mut report = FixReport {
        rule: expl.rule.clone(),
        fixes: Vec::new(),
        rejected: Vec::new(),
        no_fix_reason: None,
        beyond_policy: false,
    };
    if expl.decision.is_allowed() {
        return report;
    }
    // KMS refuses a "Cross-account use: No" operation on another account's key whatever
    // any policy says: no candidate can pass, so none is made; the reason says what to do
    // instead. An explicit deny still decides first (the rule stays the deny's).
    if let Some(key_account) = super::evaluate::kms_refusal_account(denied.request) {
        report.no_fix_reason = Some(refusal_reason(&base, &denied, &expl, &key_account));
        report.beyond_policy = true;
        tidy(&mut report);
        return report;
    }
    let ctx = candidates::Ctx {
        world: &base,
        req: denied.request,
        p: denied.principal,
        r: denied.resource,
        hints: denied.hints,
        expl: &expl,
    };
    let mut list = candidates::deny(&ctx);
    let denies = !list.is_empty();
    if !denies {
        list = candidates::allow(&ctx);
    }
    let mut all = Vec::new();
    for c in list {
        if denies && c.kind != FixKind::ChangeCall {
            all.extend(complete(&base, &denied, c));
        } else {
            all.push(c);
        }
    }
    let mut applied = Vec::new();
    for c in all {
        match applies(&base, &denied, &c) {
            Ok((after, rule)) => applied.push((c, after, rule)),
            Err(reason) => report.rejected.push(Rejected {
                kind: c.kind,
                explanation: c.explanation,
                reason,
            }),
        }
    }
    let worlds: Vec<&World> = std::iter::once(&base)
        .chain(applied.iter().map(|(_, w, _)| w))
        .collect();
    let space = compare::space::build(&worlds, Some(denied.request));
    let cap = compare::max_requests(&base);
    let class = compare::Class::of(
        denied.request,
        denied.principal,
        denied.hints.resource_pattern.as_deref(),
        &class_context(denied.hints),
    );
    let removals = candidates::near_removals(&ctx);
    let mut ranked = Vec::new();
    for (i, (c, after, rule)) in applied.iter().enumerate() {
        match measure(&space, &base, after, &class, denied, cap, c, rule.clone()) {
            Ok(fix) => {
                let fix = supersede(&space, &base, &class, denied, cap, c, fix, &removals);
                // An existing list given the caller's source comes before a new statement.
                let edit = c.kind != FixKind::WidenCondition || c.changes_control;
                ranked.push((
                    c.rank,
                    !fix.least_privilege,
                    fix.changes_control,
                    edit,
                    i,
                    fix,
                ))
            }
            Err(reason) => report.rejected.push(Rejected {
                kind: c.kind,
                explanation: c.explanation.clone(),
                reason,
            }),
        }
    }
    ranked.sort_by_key(|(rank, broad, control, edit, i, _)| (*rank, *broad, *control, *edit, *i));
    report.fixes = ranked.into_iter().map(|(.., f)| f).collect();
    if report.fixes.is_empty() {
        report.no_fix_reason = Some(texts::no_fix(report.rejected.first()));
    }
    tidy(&mut report);
    report
}

/// Why no edit allows a request KMS refuses across accounts (see
/// [`texts::kms_not_cross_account`]), with the roles of the key's account the caller could
/// act through.
fn refusal_reason(
    world: &World,
    denied: &Denied<'_>,
    expl: &super::Explanation,
    key_account: &str,
) -> Text {
    let req = denied.request;
    let info = super::arn::PrincipalInfo::parse(&req.principal);
    let who = principal_label(&req.principal);
    let what = denied
        .resource
        .and_then(|r| world.resources.get(r))
        .map_or_else(|| req.resource.clone(), |r| r.label.clone());
    let deny = matches!(expl.rule, DecidingRule::ExplicitDeny { .. }).then(|| expl.rule.text());
    let roles = assume_paths(world, denied, key_account);
    texts::kms_not_cross_account(&texts::Refusal {
        who: &who,
        caller_account: info.account.unwrap_or_default(),
        action: &req.action,
        what: &what,
        key_account,
        deny,
        roles: &roles,
    })
}

/// The roles of the key's account that the caller may assume (`sts:AssumeRole` allowed by
/// the role's trust policy and the caller's policies) and whose session is allowed the
/// request's action on the key, each found by evaluating the world's policies: a path is
/// named only where one exists. The role's call carries no context of the caller's (a
/// condition on it then does not hold: no path is claimed that a condition might break).
fn assume_paths(world: &World, denied: &Denied<'_>, key_account: &str) -> Vec<String> {
    let Some(key) = denied.resource else {
        return Vec::new();
    };
    let req = denied.request;
    let mut out = Vec::new();
    for (j, role) in world.resources.iter().enumerate() {
        if role.kind != ResourceKind::Role || super::arn_account(&role.arn) != Some(key_account) {
            continue;
        }
        let session = world.principals.iter().position(|p| {
            super::arn::PrincipalInfo::parse(&p.arn)
                .principal_arn()
                .is_some_and(|a| a == role.arn)
        });
        let Some(q) = session.filter(|q| *q != denied.principal) else {
            continue;
        };
        let assume = Request::new(req.principal.clone(), "sts:AssumeRole", role.arn.clone());
        if !super::evaluate(&assume, &world.policy_set(denied.principal, Some(j))).is_allowed() {
            continue;
        }
        let call = Request::new(
            world.principals[q].arn.clone(),
            req.action.clone(),
            req.resource.clone(),
        );
        if super::evaluate(&call, &world.policy_set(q, Some(key))).is_allowed() {
            out.push(role.label.clone());
        }
    }
    out
}

/// Every text of a report with its Japanese spacing tidied ([`texts::tidy_ja`]), once,
/// where the report leaves the engine: the labels a template inserts are only known here.
fn tidy(report: &mut FixReport) {
    for f in &mut report.fixes {
        f.explanation = texts::tidy_ja(&f.explanation);
        for t in &mut f.also_allows_words {
            *t = texts::tidy_ja(t);
        }
        for p in &mut f.verification.also_allows {
            p.text = texts::tidy_ja(&p.text);
        }
    }
    for r in &mut report.rejected {
        r.explanation = texts::tidy_ja(&r.explanation);
        r.reason = texts::tidy_ja(&r.reason);
    }
    if let Some(t) = &mut report.no_fix_reason {
        *t = texts::tidy_ja(t);
    }
}

/// The context patterns of the host's hints, as (key, pattern) pairs.
fn class_context(hints: &Hints) -> Vec<(String, String)> {
    hints
        .context_conditions
        .iter()
        .flatten()
        .filter(|c| c.operator.contains("Like"))
        .map(|c| (c.key.clone(), c.value.clone()))
        .collect()
}

/// A Deny fix, and when removing the Deny leaves the request implicitly denied, the Deny
/// fix followed by each Allow fix of the changed world.
fn complete(
    base: &World,
    denied: &Denied<'_>,
    c: candidates::Candidate,
) -> Vec<candidates::Candidate> {
    let Some(after) = base.apply(&c.changes) else {
        return vec![c];
    };
    let set = after.policy_set(denied.principal, denied.resource);
    let expl = explain(denied.request, &set);
    if expl.decision.is_allowed() || matches!(expl.rule, DecidingRule::ExplicitDeny { .. }) {
        return vec![c];
    }
    let ctx = candidates::Ctx {
        world: &after,
        req: denied.request,
        p: denied.principal,
        r: denied.resource,
        hints: denied.hints,
        expl: &expl,
    };
    candidates::allow(&ctx)
        .into_iter()
        .filter(|a| a.kind != FixKind::ChangeCall)
        .map(|a| {
            let mut changes = c.changes.clone();
            changes.extend(a.changes);
            candidates::Candidate {
                kind: c.kind,
                changes,
                request: None,
                explanation: texts::both(&c.explanation, &a.explanation),
                broad: c.broad || a.broad,
                changes_control: c.changes_control || a.changes_control,
                rank: c.rank.max(a.rank),
            }
        })
        .collect()
}

/// Applies a candidate: the changed world and the request's Allow rule in it; or why not.
fn applies(
    base: &World,
    denied: &Denied<'_>,
    c: &candidates::Candidate,
) -> Result<(World, DecidingRule), Text> {
    let after = base.apply(&c.changes).ok_or_else(texts::not_applicable)?;
    if let Some(reason) = candidates::unsupported_keys(&c.changes) {
        return Err(reason);
    }
    let req = c.request.as_ref().unwrap_or(denied.request);
    let rule = evaluate_rule(req, &after.policy_set(denied.principal, denied.resource));
    if !rule.decision().is_allowed() {
        return Err(texts::still_denied(&rule.text()));
    }
    Ok((after, rule))
}

/// The fix with a near-miss statement of the same document removed as well, when the new
/// statement supersedes it: together they still allow the request, take nothing away and
/// allow nothing more than the fix alone (edit, don't duplicate).
#[allow(clippy::too_many_arguments)]
fn supersede(
    space: &compare::Space,
    base: &World,
    class: &compare::Class,
    denied: Denied<'_>,
    cap: usize,
    c: &candidates::Candidate,
    fix: PolicyFix,
    removals: &[DocChange],
) -> PolicyFix {
    // One statement added or extended; the removal goes after it (an append or an
    // in-place edit moves no other statement's index).
    let target = match c.changes.as_slice() {
        [DocChange {
            doc,
            change: Change::AddStatement { .. },
        }] => (*doc, None),
        [DocChange {
            doc,
            change: Change::ReplaceStatement { index, .. },
        }] => (*doc, Some(*index)),
        _ => return fix,
    };
    for r in removals.iter().filter(|r| r.doc == target.0) {
        if matches!(r.change, Change::RemoveStatement { index, .. } if Some(index) == target.1) {
            continue;
        }
        let mut changes = c.changes.clone();
        changes.push(r.clone());
        let Some(after) = base.apply(&changes) else {
            continue;
        };
        let set = after.policy_set(denied.principal, denied.resource);
        if !super::evaluate(denied.request, &set).is_allowed() {
            continue;
        }
        let diff = compare::compare(space, base, &after, cap);
        let same = compare::outside(space, &diff, class).is_empty() == fix.least_privilege;
        if diff.newly_denied.is_empty() && same {
            let Change::RemoveStatement { index, .. } = r.change else {
                continue;
            };
            return PolicyFix {
                changes,
                explanation: Text::join(
                    &[fix.explanation.clone(), texts::supersedes(index)],
                    " ",
                    "",
                ),
                ..fix
            };
        }
    }
    fix
}

/// Measures an applied candidate against the world before over the request space: it
/// may take nothing away; what it newly allows beyond the denied request's class is
/// said in words, and decides the least-privilege label.
#[allow(clippy::too_many_arguments)]
fn measure(
    space: &compare::Space,
    base: &World,
    after: &World,
    class: &compare::Class,
    denied: Denied<'_>,
    cap: usize,
    c: &candidates::Candidate,
    rule: DecidingRule,
) -> Result<PolicyFix, Text> {
    let diff = compare::compare(space, base, after, cap);
    let focus = Some(denied.request);
    if !diff.newly_denied.is_empty() {
        let lost = compare::all_actions(space, &diff.newly_denied);
        let words = compare::words::describe(space, &lost, focus);
        return Err(texts::takes_away(&Text::join(&words, "; ", "、")));
    }
    let extra = compare::outside(space, &diff, class);
    let sentences = compare::words::sentences(space, &extra, focus, Some(denied.principal));
    let also: Vec<ProbeResult> = sentences
        .iter()
        .map(|s| ProbeResult {
            kind: s.kind,
            principal: s.who.clone(),
            action: s.actions.clone(),
            resource: s.resources.clone(),
            text: s.text.clone(),
        })
        .collect();
    let words: Vec<Text> = also.iter().map(|p| p.text.clone()).collect();
    // What else it allows is said once, in `also_allows_words` (hosts list it with the
    // option), not repeated in the explanation.
    let explanation = c.explanation.clone();
    Ok(PolicyFix {
        kind: c.kind,
        changes: c.changes.clone(),
        request: c.request.clone(),
        explanation,
        least_privilege: also.is_empty(),
        also_allows_words: words,
        also_denies: Vec::new(),
        changes_control: c.changes_control,
        rank: c.rank,
        verification: Verification {
            rule,
            probes: diff.evaluated,
            sampled: diff.sampled,
            also_allows: also,
        },
    })
}

/// The edits of every change of a fix, each written against the document as the edits
/// before it leave it (a Deny removed, then an Allow added to the same policy), and the
/// places they go; `None` when one cannot be written.
pub fn write_all<P>(
    doc: &Value,
    changes: &[DocChange],
    write: impl Fn(&Value, &DocChange) -> Option<(Vec<Edit>, P)>,
) -> Option<(Vec<Edit>, Vec<P>)> {
    let mut current = doc.clone();
    let mut edits = Vec::new();
    let mut places = Vec::new();
    for c in changes {
        let (e, p) = write(&current, c)?;
        current = crate::patch::apply(&current, &e).ok()?;
        edits.extend(e);
        places.push(p);
    }
    Some((edits, places))
}

/// The JSON Patch edits that make a statement change to the document at `base` (a JSON
/// pointer) whose current JSON is `doc`, guarded by `test` operations on what they
/// replace; and the pointer of the statement added or changed (for an editor to
/// highlight). `None` for [`Change::CreatePolicy`] and [`Change::AddGrant`], which the host
/// writes in its own document's shape.
pub fn statement_edits(
    base: &str,
    doc: &Value,
    change: &Change,
) -> Option<(Vec<Edit>, Option<String>)> {
    let list = doc.get("Statement");
    let path = format!("{base}/Statement");
    let at = |i: usize| format!("{path}/{i}");
    let test = |path: String, value: Value| Edit::Test { path, value };
    Some(match (change, list) {
        (Change::AddStatement { statement }, Some(Value::Array(a))) => {
            let mut e = Vec::new();
            if let Some(last) = a.last() {
                e.push(test(at(a.len() - 1), last.clone()));
            }
            e.push(Edit::Add {
                path: format!("{path}/-"),
                value: statement.clone(),
            });
            (e, Some(at(a.len())))
        }
        (Change::AddStatement { statement }, Some(single)) => (
            vec![
                test(path.clone(), single.clone()),
                Edit::Replace {
                    path: path.clone(),
                    value: Value::Array(vec![single.clone(), statement.clone()]),
                },
            ],
            Some(at(1)),
        ),
        (Change::AddStatement { statement }, None) => (
            vec![Edit::Add {
                path: path.clone(),
                value: Value::Array(vec![statement.clone()]),
            }],
            Some(at(0)),
        ),
        (Change::RemoveStatement { index, old }, Some(Value::Array(_))) => (
            vec![
                test(at(*index), old.clone()),
                Edit::Remove { path: at(*index) },
            ],
            None,
        ),
        (Change::RemoveStatement { old, .. }, Some(_)) => (
            vec![
                test(path.clone(), old.clone()),
                Edit::Replace {
                    path,
                    value: Value::Array(Vec::new()),
                },
            ],
            None,
        ),
        (
            Change::ReplaceStatement {
                index,
                old,
                statement,
            },
            Some(Value::Array(_)),
        ) => (
            vec![
                test(at(*index), old.clone()),
                Edit::Replace {
                    path: at(*index),
                    value: statement.clone(),
                },
            ],
            Some(at(*index)),
        ),
        (Change::ReplaceStatement { old, statement, .. }, Some(_)) => (
            vec![
                test(path.clone(), old.clone()),
                Edit::Replace {
                    path: path.clone(),
                    value: statement.clone(),
                },
            ],
            Some(path),
        ),
        _ => return None,
    })
}
