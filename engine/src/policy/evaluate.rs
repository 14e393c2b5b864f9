//! The evaluator. One code path serves both the fast [`super::evaluate`] and the explained
//! [`super::explain`]: it is generic over a [`Recorder`]. The fast recorder records nothing
//! and lets statements short-circuit; the explaining recorder sees every statement in full.
//! Short-circuiting never changes a statement's result (conditions have no side effects),
//! so both paths reach the same decision and the same deciding rule.

use super::arn::{
    arn_account, is_account_id, is_kms_key_arn, split_arn, PrincipalInfo, PrincipalShape,
};
use super::condition::{display_policy_values, evaluate_condition};
use super::context::RequestView;
use super::explain::{
    ConditionExplanation, DecidingRule, GrantExplanation, PolicyType, PrincipalMatchKind,
    StatementExplanation,
};
use super::kms;
use super::model::*;
use super::{NamedPolicy, PolicySet, Request};

/// Receives what the evaluator sees. `FULL == false` lets the evaluator skip work.
pub(crate) trait Recorder {
    const FULL: bool;
    fn statement(&mut self, _s: StatementExplanation) {}
    fn end_policy(&mut self, _ty: PolicyType, _name: &str) {}
    fn grant(&mut self, _g: GrantExplanation) {}
}

/// The fast path's recorder.
pub(crate) struct Fast;

impl Recorder for Fast {
    const FULL: bool = false;
}

/// How a statement's principal matched, and whether by the caller's exact ARN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PMatch {
    pub kind: PrincipalMatchKind,
    /// The caller's own ARN was named (a session or user ARN), which lets a same-account
    /// resource policy allow past a permissions boundary's implicit deny.
    pub exact: bool,
}

const NO_MATCH: PMatch = PMatch {
    kind: PrincipalMatchKind::None,
    exact: false,
};

fn rank(k: PrincipalMatchKind) -> u8 {
    match k {
        PrincipalMatchKind::None => 0,
        PrincipalMatchKind::Account => 1,
        _ => 2,
    }
}

/// Matches one principal entry against the caller.
fn entry_match(e: &PrincipalEntry, p: &PrincipalInfo<'_>) -> PMatch {
    let v = e.value.as_str();
    let m = |kind, exact| PMatch { kind, exact };
    if v == "*" {
        return m(PrincipalMatchKind::Everyone, false);
    }
    if v == p.arn {
        return m(
            PrincipalMatchKind::Direct,
            p.exact_match_bypasses_boundary(),
        );
    }
    if e.kind != PrincipalKind::Aws {
        return NO_MATCH;
    }
    if p.kind == PrincipalShape::Service {
        return NO_MATCH;
    }
    // Account: "123456789012" or "arn:aws:iam::123456789012:root".
    let account = if is_account_id(v) {
        Some(v)
    } else if v.ends_with(":root") && v.contains(":iam::") {
        arn_account(v)
    } else {
        None
    };
    if let Some(a) = account {
        if p.account == Some(a) {
            return if p.kind == PrincipalShape::Root {
                m(PrincipalMatchKind::Direct, false)
            } else {
                m(PrincipalMatchKind::Account, false)
            };
        }
        return NO_MATCH;
    }
    // A role ARN also matches that role's sessions (the session ARN carries no path).
    if let PrincipalShape::AssumedRole { role, .. } = p.kind {
        let Some(arn) = split_arn(v) else {
            return NO_MATCH;
        };
        if arn.service == "iam"
            && p.account == Some(arn.account)
            && arn.resource.starts_with("role/")
            && arn.resource.rsplit('/').next() == Some(role)
        {
            return m(PrincipalMatchKind::Direct, false);
        }
    }
    NO_MATCH
}

/// Matches a Principal/NotPrincipal element.
pub(crate) fn principal_match(el: &PrincipalElement, p: &PrincipalInfo<'_>) -> PMatch {
    let entries = match &el.value {
        PrincipalValue::Everyone => {
            return if el.negated {
                NO_MATCH
            } else {
                PMatch {
                    kind: PrincipalMatchKind::Everyone,
                    exact: false,
                }
            }
        }
        PrincipalValue::Entries(e) => e,
    };
    if el.negated {
        // NotPrincipal excludes a caller only when every identity the caller carries is
        // listed exactly: the session ARN, its role ARN and its account (as AWS documents).
        let listed = |id: &str| {
            entries.iter().any(|e| {
                e.value == "*"
                    || e.value == id
                    || (is_account_id(&e.value)
                        && id.ends_with(":root")
                        && arn_account(id) == Some(e.value.as_str()))
            })
        };
        let mut covered = listed(p.arn);
        if covered {
            if let Some(role_arn) = p.principal_arn() {
                if role_arn != p.arn {
                    covered = listed(&role_arn);
                }
            }
        }
        if covered && p.kind != PrincipalShape::Root {
            if let Some(a) = p.account {
                covered = listed(&format!("arn:{}:iam::{}:root", p.partition, a));
            }
        }
        return if covered {
            NO_MATCH
        } else {
            PMatch {
                kind: PrincipalMatchKind::Everyone,
                exact: false,
            }
        };
    }
    let mut best = NO_MATCH;
    for e in entries {
        let m = entry_match(e, p);
        if rank(m.kind) > rank(best.kind) || (rank(m.kind) == rank(best.kind) && m.exact) {
            best = m;
        }
    }
    best
}

fn action_matches(el: &ActionElement, action: &str) -> bool {
    let any = el
        .patterns
        .iter()
        .any(|p| p.glob.matches_ignore_ascii_case(action));
    any != el.negated
}

fn resource_matches(el: Option<&ResourceElement>, view: &RequestView<'_>) -> bool {
    let Some(el) = el else { return true };
    let any = el.patterns.iter().any(|p| match &p.compiled {
        Some(g) => g.matches(view.resource),
        None => p
            .template
            .resolve_glob(view)
            .is_some_and(|g| super::arn::ArnGlob::from_glob(g).matches(view.resource)),
    });
    any != el.negated
}

/// Evaluates one statement; `Some(match)` when action, resource, principal and all
/// conditions match.
pub(crate) fn eval_statement<R: Recorder>(
    st: &Statement,
    ty: PolicyType,
    view: &RequestView<'_>,
    rec: &mut R,
) -> Option<PMatch> {
    let action = action_matches(&st.action, view.action);
    if !R::FULL && !action {
        return None;
    }
    let resource = resource_matches(st.resource.as_ref(), view);
    if !R::FULL && !resource {
        return None;
    }
    let pm = match &st.principal {
        Some(el) => principal_match(el, &view.principal),
        // Identity policies, boundaries and SCPs apply to the principal they are attached to;
        // a resource policy statement without a principal applies to no one.
        None if ty == PolicyType::Resource => NO_MATCH,
        None => PMatch {
            kind: PrincipalMatchKind::Implicit,
            exact: false,
        },
    };
    let principal = pm.kind != PrincipalMatchKind::None;
    if !R::FULL && !principal {
        return None;
    }
    let mut conditions_ok = true;
    let mut traces = Vec::new();
    for c in &st.conditions {
        let r = evaluate_condition(c, view);
        if R::FULL {
            let values = view.values(&c.key_lower);
            let request_values: Vec<String> = values
                .as_ref()
                .map(|v| v.iter().map(str::to_string).collect())
                .unwrap_or_default();
            traces.push(ConditionExplanation {
                operator: c.operator.name.clone(),
                key: c.key.clone(),
                key_present: !request_values.is_empty(),
                request_values,
                policy_values: display_policy_values(c, view),
                result: r,
                line: c.pos.line,
                column: c.pos.column,
                path: c.path.clone(),
            });
        } else if !r {
            return None;
        }
        conditions_ok &= r;
    }
    let matched = action && resource && principal && conditions_ok;
    if R::FULL {
        rec.statement(StatementExplanation {
            index: st.index,
            sid: st.sid.clone(),
            effect: st.effect,
            matched,
            action_matched: action,
            resource_matched: resource,
            principal_matched: st.principal.as_ref().map(|_| principal),
            principal_match: pm.kind,
            conditions_matched: conditions_ok,
            conditions: traces,
            line: st.pos.line,
            column: st.pos.column,
            path: st.path.clone(),
        });
    }
    matched.then_some(pm)
}

/// A matching statement: policy index within its group, statement index, how it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub policy: usize,
    pub statement: usize,
    pub via: PMatch,
}

/// What a group of policies of one type says.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct GroupOutcome {
    pub deny: Option<Hit>,
    /// First Allow that matched the principal directly (or implicitly).
    pub allow: Option<Hit>,
    /// First Allow that matched only through the principal's account.
    pub account_allow: Option<Hit>,
    /// Every policy in the group has a matching Allow.
    pub every_policy_allows: bool,
}

fn eval_group<'p, R: Recorder>(
    ty: PolicyType,
    policies: impl IntoIterator<Item = &'p NamedPolicy>,
    view: &RequestView<'_>,
    rec: &mut R,
) -> GroupOutcome {
    let mut out = GroupOutcome {
        every_policy_allows: true,
        ..GroupOutcome::default()
    };
    for (pi, np) in policies.into_iter().enumerate() {
        let mut this_allows = false;
        for st in &np.policy.statements {
            let Some(via) = eval_statement(st, ty, view, rec) else {
                continue;
            };
            let hit = Hit {
                policy: pi,
                statement: st.index,
                via,
            };
            match st.effect {
                Effect::Deny => {
                    if out.deny.is_none() {
                        out.deny = Some(hit);
                    }
                }
                Effect::Allow => {
                    this_allows = true;
                    if via.kind == PrincipalMatchKind::Account {
                        out.account_allow.get_or_insert(hit);
                    } else {
                        match &out.allow {
                            None => out.allow = Some(hit),
                            // Prefer an exact-ARN allow (it also bypasses boundaries).
                            Some(h) if !h.via.exact && via.exact => out.allow = Some(hit),
                            _ => {}
                        }
                    }
                }
            }
        }
        out.every_policy_allows &= this_allows;
        if R::FULL {
            rec.end_policy(ty, &np.name);
        }
    }
    out
}

/// The deciding rule by position (names are looked up only when explaining).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    ExplicitDeny(PolicyType, Hit),
    NoScpAllows,
    NoBoundaryAllows,
    NoIdentityAllows,
    NoResourceAllows,
    IdentityAllows(Hit),
    ResourceAllows(Hit),
    CrossAccount { resource: Hit, identity: Hit },
    KeyDirect(Hit),
    KeyDelegates { key: Hit, identity: Hit },
    KeyCrossAccount { key: Hit, identity: Hit },
    KeyDelegatesNoIdentity(Hit),
    Grant(usize),
    NoKeyPolicyStatement,
}

impl Rule {
    pub(crate) fn decision(self) -> super::Decision {
        use super::Decision;
        match self {
            Rule::ExplicitDeny(..) => Decision::ExplicitlyDenied,
            Rule::NoScpAllows
            | Rule::NoBoundaryAllows
            | Rule::NoIdentityAllows
            | Rule::NoResourceAllows
            | Rule::KeyDelegatesNoIdentity(_)
            | Rule::NoKeyPolicyStatement => Decision::ImplicitlyDenied,
            _ => Decision::Allowed,
        }
    }
}

/// Accounts involved in a request.
pub(crate) struct Accounts<'a> {
    pub principal: Option<&'a str>,
    pub resource: Option<&'a str>,
    pub cross: bool,
    pub kms_key: bool,
}

pub(crate) fn accounts<'a>(req: &'a Request, p: &PrincipalInfo<'a>) -> Accounts<'a> {
    let resource = req
        .resource_account
        .as_deref()
        .or_else(|| arn_account(&req.resource))
        .or(p.account);
    let cross = matches!((p.account, resource), (Some(a), Some(b)) if a != b);
    Accounts {
        principal: p.account,
        resource,
        cross,
        kms_key: is_kms_key_arn(&req.resource),
    }
}

/// The evaluation shared by both paths.
pub(crate) fn decide<R: Recorder>(req: &Request, set: &PolicySet<'_>, rec: &mut R) -> Rule {
    let view = RequestView {
        ctx: &req.context,
        principal: PrincipalInfo::parse(&req.principal),
        action: &req.action,
        resource: &req.resource,
    };
    let acc = accounts(req, &view.principal);

    // Evaluate every applicable policy (identity, resource/key, boundaries, SCPs).
    let identity = eval_group(PolicyType::Identity, set.identity, &view, rec);
    let resource = eval_group(PolicyType::Resource, set.resource, &view, rec);
    let boundary = eval_group(PolicyType::Boundary, set.boundaries, &view, rec);
    let scp = eval_group(PolicyType::Scp, set.scps, &view, rec);
    let grant = if acc.kms_key {
        kms::first_matching_grant(set.grants, &view, rec)
    } else {
        None
    };

    // 1. An explicit deny anywhere wins.
    for (ty, g) in [
        (PolicyType::Identity, &identity),
        (PolicyType::Resource, &resource),
        (PolicyType::Boundary, &boundary),
        (PolicyType::Scp, &scp),
    ] {
        if let Some(h) = g.deny {
            return Rule::ExplicitDeny(ty, h);
        }
    }
    // 2. SCPs (when any apply) must allow. They never apply to service principals.
    let service = view.principal.kind == PrincipalShape::Service;
    if !set.scps.is_empty() && !service && scp.allow.is_none() {
        return Rule::NoScpAllows;
    }
    let boundary_ok = set.boundaries.is_empty() || boundary.every_policy_allows;
    let id_allow = identity.allow.or(identity.account_allow);

    if acc.kms_key {
        // 3k. KMS: the key policy is the root of trust.
        if let Some(k) = resource.allow {
            if acc.cross {
                if let (Some(i), true) = (id_allow, boundary_ok) {
                    return Rule::KeyCrossAccount {
                        key: k,
                        identity: i,
                    };
                }
            } else if boundary_ok || k.via.exact {
                return Rule::KeyDirect(k);
            }
        }
        if let Some(k) = resource.account_allow {
            if let (Some(i), true) = (id_allow, boundary_ok) {
                return if acc.cross {
                    Rule::KeyCrossAccount {
                        key: k,
                        identity: i,
                    }
                } else {
                    Rule::KeyDelegates {
                        key: k,
                        identity: i,
                    }
                };
            }
        }
        if let Some(g) = grant {
            return Rule::Grant(g);
        }
        if let Some(k) = resource.allow.or(resource.account_allow) {
            if id_allow.is_some() || (!acc.cross && resource.allow.is_some()) {
                return Rule::NoBoundaryAllows;
            }
            return if k.via.kind == PrincipalMatchKind::Account {
                Rule::KeyDelegatesNoIdentity(k)
            } else {
                Rule::NoIdentityAllows
            };
        }
        return Rule::NoKeyPolicyStatement;
    }

    // 3. Other resources.
    if !acc.cross {
        if let Some(r) = resource.allow {
            if boundary_ok || r.via.exact {
                return Rule::ResourceAllows(r);
            }
        }
        if let Some(i) = id_allow {
            return if boundary_ok {
                Rule::IdentityAllows(i)
            } else {
                Rule::NoBoundaryAllows
            };
        }
        if resource.allow.is_some() {
            return Rule::NoBoundaryAllows;
        }
        return Rule::NoIdentityAllows;
    }
    // Cross-account: both the resource's policy and the caller's identity policy must allow.
    let Some(r) = resource.allow.or(resource.account_allow) else {
        return Rule::NoResourceAllows;
    };
    let Some(i) = id_allow else {
        return Rule::NoIdentityAllows;
    };
    if !boundary_ok {
        return Rule::NoBoundaryAllows;
    }
    Rule::CrossAccount {
        resource: r,
        identity: i,
    }
}

/// Converts a positional rule to the public one, naming the policies.
pub(crate) fn to_public(rule: Rule, set: &PolicySet<'_>, acc: &Accounts<'_>) -> DecidingRule {
    let name = |ty: PolicyType, i: usize| -> String {
        let p = match ty {
            PolicyType::Identity => set.identity.get(i),
            PolicyType::Resource => set.resource,
            PolicyType::Boundary => set.boundaries.get(i),
            PolicyType::Scp => set.scps.get(i),
        };
        p.map(|p| p.name.clone()).unwrap_or_default()
    };
    let sid = |ty: PolicyType, h: &Hit| -> Option<String> {
        let p = match ty {
            PolicyType::Identity => set.identity.get(h.policy),
            PolicyType::Resource => set.resource,
            PolicyType::Boundary => set.boundaries.get(h.policy),
            PolicyType::Scp => set.scps.get(h.policy),
        }?;
        p.policy.statements.get(h.statement)?.sid.clone()
    };
    let account = acc.principal.unwrap_or_default().to_string();
    match rule {
        Rule::ExplicitDeny(ty, h) => DecidingRule::ExplicitDeny {
            policy_type: ty,
            policy: name(ty, h.policy),
            statement: h.statement,
            sid: sid(ty, &h),
            kms_key: acc.kms_key,
        },
        Rule::NoScpAllows => DecidingRule::NoScpAllows,
        Rule::NoBoundaryAllows => DecidingRule::NoBoundaryAllows,
        Rule::NoIdentityAllows => DecidingRule::NoIdentityPolicyAllows,
        Rule::NoResourceAllows => DecidingRule::NoResourcePolicyAllows,
        Rule::IdentityAllows(h) => DecidingRule::IdentityPolicyAllows {
            policy: name(PolicyType::Identity, h.policy),
            statement: h.statement,
        },
        Rule::ResourceAllows(h) => DecidingRule::ResourcePolicyAllows {
            policy: name(PolicyType::Resource, 0),
            statement: h.statement,
        },
        Rule::CrossAccount { resource, identity } => DecidingRule::CrossAccountAllows {
            resource_policy: name(PolicyType::Resource, 0),
            resource_statement: resource.statement,
            identity_policy: name(PolicyType::Identity, identity.policy),
            identity_statement: identity.statement,
        },
        Rule::KeyDirect(h) => DecidingRule::KeyPolicyAllows {
            statement: h.statement,
            sid: sid(PolicyType::Resource, &h),
        },
        Rule::KeyDelegates { key, identity } => DecidingRule::KeyPolicyDelegates {
            statement: key.statement,
            account,
            identity_policy: name(PolicyType::Identity, identity.policy),
            identity_statement: identity.statement,
        },
        Rule::KeyCrossAccount { key, identity } => DecidingRule::KeyPolicyAllowsCrossAccount {
            statement: key.statement,
            identity_policy: name(PolicyType::Identity, identity.policy),
            identity_statement: identity.statement,
        },
        Rule::KeyDelegatesNoIdentity(h) => DecidingRule::KeyPolicyDelegatesNoIdentity {
            statement: h.statement,
            account,
        },
        Rule::Grant(i) => DecidingRule::GrantAllows { grant: i },
        Rule::NoKeyPolicyStatement => DecidingRule::NoKeyPolicyStatement,
    }
}
