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
mod probe;
mod statements;
mod texts;
mod world;
mod written;

pub use eval::eval_fixes;
pub use probe::{ProbeKind, ProbeResult};
pub use statements::{principal_element, ConditionSpec};
pub use world::{
    apply_to_json, statements as statement_list, Change, Doc, DocChange, DocId, ResourceKind,
    World, WorldPrincipal, WorldResource,
};
pub use written::{Place, WrittenFix};

use serde::Serialize;
use serde_json::Value;

use super::{evaluate_rule, explain, DecidingRule, Request};
use crate::patch::Edit;
use crate::text::Text;

/// What kind of edit a fix makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FixKind {
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
    /// The stable name (`identity_statement`, `remove_deny`, …), as JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::IdentityStatement => "identity_statement",
            FixKind::KeyPolicyStatement => "key_policy_statement",
            FixKind::Grant => "grant",
            FixKind::ResourcePolicyStatement => "resource_policy_statement",
            FixKind::TrustStatement => "trust_statement",
            FixKind::TrustPrincipal => "trust_principal",
            FixKind::BoundaryStatement => "boundary_statement",
            FixKind::ScpStatement => "scp_statement",
            FixKind::RemoveDeny => "remove_deny",
            FixKind::NarrowDeny => "narrow_deny",
            FixKind::WidenCondition => "widen_condition",
            FixKind::ContextCondition => "context_condition",
        }
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
}

/// What the check of a fix found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verification {
    /// The request's deciding rule with the fix applied (an Allow rule).
    pub rule: DecidingRule,
    /// Probe requests evaluated before and after.
    pub probes: usize,
    /// Probes denied before and allowed after.
    pub also_allows: Vec<ProbeResult>,
}

/// A verified fix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyFix {
    pub kind: FixKind,
    /// The changes, in order.
    #[serde(skip)]
    pub changes: Vec<DocChange>,
    /// What it does, which rule it satisfies, and the trade-off.
    pub explanation: Text,
    pub verification: Verification,
    /// Nothing else newly allowed.
    pub least_privilege: bool,
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
    /// Verified fixes, least privilege first.
    pub fixes: Vec<PolicyFix>,
    /// Candidates that did not pass.
    pub rejected: Vec<Rejected>,
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

/// Verified fixes for a denied request (none when it is allowed).
pub fn suggest(world: &World, denied: Denied<'_>) -> FixReport {
    let mut base = world.clone();
    let probes = probe::prepare(&mut base, denied.request, denied.principal, denied.resource);
    let before = probe::decide(&base, &probes);
    let set = base.policy_set(denied.principal, denied.resource);
    let expl = explain(denied.request, &set);
    let mut report = FixReport {
        rule: expl.rule.clone(),
        fixes: Vec::new(),
        rejected: Vec::new(),
    };
    if expl.decision.is_allowed() {
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
    for c in list {
        let c = if denies {
            complete(&base, &denied, c)
        } else {
            vec![c]
        };
        for c in c {
            match check(&base, &denied, &probes, &before, &c) {
                Ok(fix) => report.fixes.push(fix),
                Err(reason) => report.rejected.push(Rejected {
                    kind: c.kind,
                    explanation: c.explanation,
                    reason,
                }),
            }
        }
    }
    report.fixes.sort_by_key(|f| !f.least_privilege);
    report
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
        .map(|a| {
            let mut changes = c.changes.clone();
            changes.extend(a.changes);
            candidates::Candidate {
                kind: c.kind,
                changes,
                explanation: texts::both(&c.explanation, &a.explanation),
                broad: c.broad || a.broad,
            }
        })
        .collect()
}

/// Applies a candidate and checks it: the request must be allowed, and a narrow fix may
/// newly allow no probe.
fn check(
    base: &World,
    denied: &Denied<'_>,
    probes: &[probe::Probe],
    before: &[super::Decision],
    c: &candidates::Candidate,
) -> Result<PolicyFix, Text> {
    let after = base.apply(&c.changes).ok_or_else(texts::not_applicable)?;
    let rule = evaluate_rule(
        denied.request,
        &after.policy_set(denied.principal, denied.resource),
    );
    if !rule.decision().is_allowed() {
        return Err(texts::still_denied(&rule.text()));
    }
    let also = probe::newly_allowed(base, probes, before, &after);
    let list = |lang: &str| {
        also.iter()
            .map(|p| p.text.get(lang).to_string())
            .collect::<Vec<_>>()
            .join(if lang == "ja" { "、" } else { "; " })
    };
    if !also.is_empty() && !c.broad {
        return Err(texts::too_broad(&list("en"), &list("ja")));
    }
    let explanation = if also.is_empty() {
        c.explanation.clone()
    } else {
        let tail = texts::consequence(&list("en"), &list("ja"));
        Text::new(
            format!("{}{}", c.explanation.en(), tail.en()),
            format!("{}{}", c.explanation.get("ja"), tail.get("ja")),
        )
    };
    Ok(PolicyFix {
        kind: c.kind,
        changes: c.changes.clone(),
        explanation,
        least_privilege: also.is_empty(),
        verification: Verification {
            rule,
            probes: probes.len(),
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
