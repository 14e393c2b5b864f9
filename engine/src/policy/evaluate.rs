//! The evaluator. One code path serves both the fast [`super::evaluate`] and the explained
//! [`super::explain`]: it is generic over a [`Recorder`]. The fast recorder records nothing
//! and lets statements short-circuit; the explaining recorder sees every statement in full.
//! Short-circuiting never changes a statement's result (conditions have no side effects),
//! so both paths reach the same decision and the same deciding rule.

use super::arn::{arn_account, is_kms_key_arn, PrincipalInfo};
use super::condition::{display_policy_values, evaluate_condition};
use super::context::{RequestView, Values};
use super::explain::{
    ConditionExplanation, DecidingRule, GrantExplanation, LimitedGrant, PastBoundary, PolicyType,
    PrincipalMatchKind, StatementExplanation,
};
use super::kms;
use super::model::*;
use super::principal::{principal_match, PMatch, NO_MATCH};
use super::{NamedPolicy, PolicySet, Request};

/// Receives what the evaluator sees. `FULL == false` lets the evaluator skip work.
pub(crate) trait Recorder {
    const FULL: bool;
    fn statement(&mut self, _s: StatementExplanation) {}
    fn end_policy(&mut self, _ty: PolicyType, _name: &str) {}
    fn grant(&mut self, _g: GrantExplanation) {}
    /// The values of a key too long to repeat in each condition (recorded once per key).
    fn context_values(&mut self, _key_lower: &str, _values: &Values<'_>) {}
}

/// The fast path's recorder.
pub(crate) struct Fast;

impl Recorder for Fast {
    const FULL: bool = false;
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
        Some(el) => principal_match(el, st.effect, &view.principal, view.boundary_attached),
        // Identity policies, boundaries and SCPs apply to the principal they are attached to;
        // a resource policy statement without a principal applies to no one.
        // So does an RCP statement without one (RCP syntax requires `"Principal": "*"`).
        None if matches!(ty, PolicyType::Resource | PolicyType::Rcp) => NO_MATCH,
        None => PMatch {
            kind: PrincipalMatchKind::Implicit,
            bypasses_boundary: false,
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
            traces.push(condition_trace(c, r, view, rec));
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

/// Request values up to this many bytes (all values of a key together) are shown in each
/// condition; longer ones once, in the explanation's `context_values`, so an explanation
/// stays proportional to its input however many statements test the same long value.
const INLINE_VALUES_MAX: usize = 256;

/// One condition's explanation.
fn condition_trace<R: Recorder>(
    c: &Condition,
    result: bool,
    view: &RequestView<'_>,
    rec: &mut R,
) -> ConditionExplanation {
    let values = view.values(&c.key_lower);
    let key_present = values.as_ref().is_some_and(|v| !v.is_empty());
    let size: usize = values.iter().flat_map(|v| v.iter()).map(str::len).sum();
    let (request_values, request_values_key) = match values {
        Some(v) if size > INLINE_VALUES_MAX => {
            rec.context_values(&c.key_lower, &v);
            (Vec::new(), Some(c.key_lower.clone()))
        }
        v => (
            v.map(|v| v.iter().map(str::to_string).collect())
                .unwrap_or_default(),
            None,
        ),
    };
    ConditionExplanation {
        operator: c.operator.name.clone(),
        key: c.key.clone(),
        key_present,
        request_values,
        request_values_key,
        policy_values: display_policy_values(c, view),
        result,
        line: c.pos.line,
        column: c.pos.column,
        path: c.path.clone(),
    }
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
                            // Prefer an allow that reaches the caller's own ARN (it also
                            // passes a permissions boundary).
                            Some(h) if !h.via.bypasses_boundary && via.bypasses_boundary => {
                                out.allow = Some(hit)
                            }
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

/// What the SCPs (or RCPs) of all levels say.
#[derive(Clone, Copy, Debug, Default)]
struct Levels {
    /// The first Deny (its `policy` indexes the whole list).
    deny: Option<Hit>,
    /// The first level (0 = root) where no policy allows.
    level_without_allow: Option<usize>,
    levels: usize,
}

/// Evaluates policies attached at levels (root → OUs → account); `sizes[i]` of them are
/// attached at level `i` (see [`super::org_rules::level_ranges`]).
fn eval_levels<R: Recorder>(
    ty: PolicyType,
    policies: &[NamedPolicy],
    sizes: &[usize],
    view: &RequestView<'_>,
    rec: &mut R,
) -> Levels {
    let ranges = super::org_rules::level_ranges(policies.len(), sizes);
    let mut out = Levels {
        levels: ranges.len(),
        ..Levels::default()
    };
    for (level, range) in ranges.into_iter().enumerate() {
        let start = range.start;
        let g = eval_group(ty, &policies[range], view, rec);
        let offset = |h: Hit| Hit {
            policy: h.policy + start,
            ..h
        };
        if out.deny.is_none() {
            out.deny = g.deny.map(offset);
        }
        if g.allow.or(g.account_allow).is_none() && out.level_without_allow.is_none() {
            out.level_without_allow = Some(level);
        }
    }
    out
}

/// The deciding rule by position (names are looked up only when explaining).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    ExplicitDeny(PolicyType, Hit),
    /// Create/Update/DeleteAlias on an `alias/aws/…` alias.
    ReservedAlias,
    /// A KMS operation with "Cross-account use: No" on a key of another account.
    KmsNotCrossAccount,
    NoScpAllows,
    /// SCPs in more than one level: this level (0 = root) has no Allow.
    NoScpAllowsAtLevel(usize),
    /// `limited`: a same-account resource (or key) policy Allow that the boundary limits
    /// because it reaches the caller only through its role.
    NoBoundaryAllows {
        limited: Option<Hit>,
    },
    NoIdentityAllows,
    NoResourceAllows,
    IdentityAllows(Hit),
    /// `past_boundary`: allowed although a permissions boundary does not allow.
    ResourceAllows {
        hit: Hit,
        past_boundary: bool,
    },
    CrossAccount {
        resource: Hit,
        identity: Hit,
    },
    KeyDirect {
        hit: Hit,
        past_boundary: bool,
    },
    KeyDelegates {
        key: Hit,
        identity: Hit,
    },
    KeyCrossAccount {
        key: Hit,
        identity: Hit,
    },
    KeyDelegatesNoIdentity(Hit),
    Grant(usize),
    NoKeyPolicyStatement,
}

impl Rule {
    pub(crate) fn decision(self) -> super::Decision {
        use super::Decision;
        match self {
            Rule::ExplicitDeny(..) => Decision::ExplicitlyDenied,
            Rule::ReservedAlias
            | Rule::KmsNotCrossAccount
            | Rule::NoScpAllows
            | Rule::NoScpAllowsAtLevel(_)
            | Rule::NoBoundaryAllows { .. }
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

/// KMS refuses `req` whatever any policy says: a "Cross-account use: No" operation on a key
/// of another account (step 2b of [`decide`]).
fn refuses_across_accounts(req: &Request, acc: &Accounts<'_>) -> bool {
    acc.kms_key && acc.cross && kms::is_same_account_only_operation(&req.action)
}

/// The key's account when KMS refuses `req` across accounts whatever the policies say (the
/// rule [`super::DecidingRule::KmsOperationNotCrossAccount`] decides it unless an explicit
/// deny comes first); the fix finder asks, so that no policy edit is offered for it.
pub(crate) fn kms_refusal_account(req: &Request) -> Option<String> {
    let p = PrincipalInfo::parse(&req.principal);
    let acc = accounts(req, &p);
    refuses_across_accounts(req, &acc).then(|| acc.resource.unwrap_or_default().to_string())
}

/// Which organization policies take part in `req` (see [`super::org_rules`]).
pub(crate) fn org_applies(req: &Request, set: &PolicySet<'_>) -> super::org_rules::Applies {
    let p = PrincipalInfo::parse(&req.principal);
    super::org_rules::applies(req, set, &accounts(req, &p), p.kind)
}

/// What the policies said, for the allow rules.
struct Said {
    /// The identity policies' allow (direct, else through the account).
    id_allow: Option<Hit>,
    resource: GroupOutcome,
    /// No permissions boundary, or every one allows.
    boundary_ok: bool,
    grant: Option<usize>,
}

/// The evaluation shared by both paths.
pub(crate) fn decide<R: Recorder>(req: &Request, set: &PolicySet<'_>, rec: &mut R) -> Rule {
    let view = RequestView {
        ctx: &req.context,
        principal: PrincipalInfo::parse(&req.principal),
        action: &req.action,
        resource: &req.resource,
        boundary_attached: !set.boundaries.is_empty(),
    };
    let acc = accounts(req, &view.principal);

    // Evaluate every applicable policy (identity, resource/key, boundaries, SCPs, RCPs).
    let identity = eval_group(PolicyType::Identity, set.identity, &view, rec);
    let resource = eval_group(PolicyType::Resource, set.resource, &view, rec);
    let boundary = eval_group(PolicyType::Boundary, set.boundaries, &view, rec);
    let org = super::org_rules::applies(req, set, &acc, view.principal.kind);
    // SCPs and RCPs are evaluated (and so explained) even where they do not apply — a
    // service principal, the management account, a service that RCPs do not cover — and
    // then left out of the decision.
    let scp = eval_levels(PolicyType::Scp, set.scps, set.scp_levels, &view, rec);
    let scp = if org.scps { scp } else { Levels::default() };
    let rcp = eval_levels(PolicyType::Rcp, set.rcps, set.rcp_levels, &view, rec);
    let rcp = if org.rcps { rcp } else { Levels::default() };
    let grant = if acc.kms_key {
        kms::first_matching_grant(set.grants, &view, rec)
    } else {
        None
    };

    // 1. An explicit deny anywhere wins ("Policy evaluation logic": the deny evaluation
    //    covers every applicable policy, RCPs and SCPs included).
    for (ty, d) in [
        (PolicyType::Identity, identity.deny),
        (PolicyType::Resource, resource.deny),
        (PolicyType::Boundary, boundary.deny),
        (PolicyType::Scp, scp.deny),
        (PolicyType::Rcp, rcp.deny),
    ] {
        if let Some(h) = d {
            return Rule::ExplicitDeny(ty, h);
        }
    }
    // 2. KMS reserves alias/aws/ for AWS managed keys: no policy can allow managing them.
    if kms::is_reserved_alias_operation(&req.action, &req.resource) {
        return Rule::ReservedAlias;
    }
    // 2b. Most KMS operations work only on the caller's own account's keys ("Cross-account
    //     use: No" in the KMS API Reference): whatever the key policy and the caller's IAM
    //     say, such a request on another account's key fails.
    if refuses_across_accounts(req, &acc) {
        return Rule::KmsNotCrossAccount;
    }
    // 3. RCPs, then SCPs ("Policy evaluation logic" orders them so). RCPs only deny:
    //    `RCPFullAWSAccess` is attached at every level and cannot be detached ("RCP
    //    evaluation"), so no RCP level lacks an Allow. Each SCP level from the root to the
    //    account needs an Allow ("SCP evaluation").
    if let Some(level) = scp.level_without_allow {
        return if scp.levels > 1 {
            Rule::NoScpAllowsAtLevel(level)
        } else {
            Rule::NoScpAllows
        };
    }
    let said = Said {
        id_allow: identity.allow.or(identity.account_allow),
        resource,
        boundary_ok: set.boundaries.is_empty() || boundary.every_policy_allows,
        grant,
    };
    // 4. The allow rules of the resource's kind.
    if acc.kms_key {
        key_rule(&said, acc.cross)
    } else if acc.cross {
        cross_account_rule(&said)
    } else {
        same_account_rule(&said)
    }
}

/// KMS: the key policy is the root of trust; it allows directly, or delegates to the account
/// (then an identity policy must allow), or a grant allows.
fn key_rule(said: &Said, cross: bool) -> Rule {
    let (resource, id_allow, boundary_ok) = (&said.resource, said.id_allow, said.boundary_ok);
    if let Some(k) = resource.allow {
        if cross {
            if let (Some(i), true) = (id_allow, boundary_ok) {
                return Rule::KeyCrossAccount {
                    key: k,
                    identity: i,
                };
            }
        } else if boundary_ok || k.via.bypasses_boundary {
            return Rule::KeyDirect {
                hit: k,
                past_boundary: !boundary_ok,
            };
        }
    }
    if let Some(k) = resource.account_allow {
        if let (Some(i), true) = (id_allow, boundary_ok) {
            return if cross {
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
    if let Some(g) = said.grant {
        return Rule::Grant(g);
    }
    let Some(k) = resource.allow.or(resource.account_allow) else {
        return Rule::NoKeyPolicyStatement;
    };
    let limited = resource.allow.filter(|_| !cross);
    if id_allow.is_some() || limited.is_some() {
        return Rule::NoBoundaryAllows { limited };
    }
    if k.via.kind == PrincipalMatchKind::Account {
        Rule::KeyDelegatesNoIdentity(k)
    } else {
        Rule::NoIdentityAllows
    }
}

/// Same account: the resource policy or an identity policy allows (the union); a boundary
/// limits the identity policies, and the resource policy unless it reaches the caller's own
/// user or session ARN (see `principal.rs`).
fn same_account_rule(said: &Said) -> Rule {
    let limited = said.resource.allow;
    if let Some(r) = limited {
        if said.boundary_ok || r.via.bypasses_boundary {
            return Rule::ResourceAllows {
                hit: r,
                past_boundary: !said.boundary_ok,
            };
        }
    }
    match said.id_allow {
        Some(i) if said.boundary_ok => Rule::IdentityAllows(i),
        Some(_) => Rule::NoBoundaryAllows { limited },
        None if limited.is_some() => Rule::NoBoundaryAllows { limited },
        None => Rule::NoIdentityAllows,
    }
}

/// Cross-account: both the resource's policy and the caller's identity policy must allow.
fn cross_account_rule(said: &Said) -> Rule {
    let Some(r) = said.resource.allow.or(said.resource.account_allow) else {
        return Rule::NoResourceAllows;
    };
    let Some(i) = said.id_allow else {
        return Rule::NoIdentityAllows;
    };
    if !said.boundary_ok {
        return Rule::NoBoundaryAllows { limited: None };
    }
    Rule::CrossAccount {
        resource: r,
        identity: i,
    }
}

/// Converts a positional rule to the public one, naming the policies.
pub(crate) fn to_public(
    rule: Rule,
    set: &PolicySet<'_>,
    req: &Request,
    acc: &Accounts<'_>,
) -> DecidingRule {
    let policy = |ty: PolicyType, i: usize| match ty {
        PolicyType::Identity => set.identity.get(i),
        PolicyType::Resource => set.resource,
        PolicyType::Boundary => set.boundaries.get(i),
        PolicyType::Scp => set.scps.get(i),
        PolicyType::Rcp => set.rcps.get(i),
    };
    let name = |ty: PolicyType, i: usize| -> String {
        policy(ty, i).map(|p| p.name.clone()).unwrap_or_default()
    };
    let sid = |ty: PolicyType, h: &Hit| -> Option<String> {
        policy(ty, h.policy)?
            .policy
            .statements
            .get(h.statement)?
            .sid
            .clone()
    };
    let past = |h: &Hit, past: bool| {
        past.then(|| PastBoundary::new(&PrincipalInfo::parse(&req.principal), h.via.kind))
            .flatten()
    };
    let account = acc.principal.unwrap_or_default().to_string();
    match rule {
        Rule::ExplicitDeny(ty, h) => DecidingRule::ExplicitDeny {
            policy_type: ty,
            policy: name(ty, h.policy),
            statement: h.statement,
            sid: sid(ty, &h),
            kms_key: acc.kms_key,
            not_principal_with_boundary: h.via.kind == PrincipalMatchKind::NotPrincipalWithBoundary,
        },
        Rule::ReservedAlias => DecidingRule::ReservedAwsManagedAlias {
            action: req.action.clone(),
        },
        Rule::KmsNotCrossAccount => DecidingRule::KmsOperationNotCrossAccount {
            action: req.action.clone(),
            key_account: acc.resource.unwrap_or_default().to_string(),
        },
        Rule::NoScpAllows => DecidingRule::NoScpAllows,
        Rule::NoScpAllowsAtLevel(level) => {
            let ranges = super::org_rules::level_ranges(set.scps.len(), set.scp_levels);
            let attached = ranges
                .get(level)
                .map(|r| set.scps[r.clone()].iter().map(|p| p.name.clone()).collect())
                .unwrap_or_default();
            DecidingRule::NoScpAllowsAtLevel {
                level,
                levels: ranges.len(),
                attached,
                place: set.scp_level_names.get(level).cloned().flatten(),
            }
        }
        Rule::NoBoundaryAllows { limited } => DecidingRule::NoBoundaryAllows {
            limited_grant: limited.map(|h| LimitedGrant {
                statement: h.statement,
                kms_key: acc.kms_key,
            }),
        },
        Rule::NoIdentityAllows => DecidingRule::NoIdentityPolicyAllows,
        Rule::NoResourceAllows => DecidingRule::NoResourcePolicyAllows,
        Rule::IdentityAllows(h) => DecidingRule::IdentityPolicyAllows {
            policy: name(PolicyType::Identity, h.policy),
            statement: h.statement,
        },
        Rule::ResourceAllows { hit, past_boundary } => DecidingRule::ResourcePolicyAllows {
            policy: name(PolicyType::Resource, 0),
            statement: hit.statement,
            past_boundary: past(&hit, past_boundary),
        },
        Rule::CrossAccount { resource, identity } => DecidingRule::CrossAccountAllows {
            resource_policy: name(PolicyType::Resource, 0),
            resource_statement: resource.statement,
            identity_policy: name(PolicyType::Identity, identity.policy),
            identity_statement: identity.statement,
        },
        Rule::KeyDirect { hit, past_boundary } => DecidingRule::KeyPolicyAllows {
            statement: hit.statement,
            sid: sid(PolicyType::Resource, &hit),
            past_boundary: past(&hit, past_boundary),
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
