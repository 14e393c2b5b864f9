//! The whole picture of one decision: the path through AWS's documented evaluation order
//! (explicit deny check → RCPs → SCPs → resource-based or key policy → identity-based policies →
//! permissions boundaries → session policies, and for a KMS key the rule that the key
//! policy must allow or delegate, with grants as the other way in), which stages this
//! request reached and where it stopped; and every statement of every policy marked
//! deciding, redundant (the decision and deciding rule are the same without it, found by
//! evaluating without it) or not matched. Sources: IAM User Guide "Policy evaluation
//! logic"; AWS KMS Developer Guide "Key policies in AWS KMS" and "Determining access to AWS
//! KMS keys".

use std::sync::Arc;

use serde::Serialize;

use super::explain::{DecidingRule, Explanation, PolicyType};
use super::{evaluate_rule, explain, sources, NamedPolicy, PolicySet, Request};
use crate::text::Text;

/// A stage of the evaluation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Is there an explicit Deny in any policy?
    ExplicitDeny,
    /// Do the resource control policies of the resource's account allow? (The IAM page
    /// lists them after the deny check, before SCPs.)
    Rcp,
    /// Do the service control policies allow?
    Scp,
    /// Does the resource-based policy (for a KMS key, the key policy) allow or delegate?
    ResourcePolicy,
    /// Does an identity-based policy allow?
    IdentityPolicies,
    /// Does the permissions boundary allow?
    PermissionsBoundary,
    /// Does the session policy allow (none in this engine's requests)?
    SessionPolicy,
    /// Does a KMS grant allow?
    Grants,
}

/// What a stage said about this request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageOutcome {
    /// It denied (explicitly, or no allow where one is required): evaluation stopped here.
    Denied,
    /// It allowed (the evaluation may still go on to the next check).
    Allowed,
    /// It passed the request on without deciding (no Deny; nothing required here).
    Passed,
    /// No policy of this kind applies.
    NotApplicable,
    /// The evaluation stopped before it.
    NotReached,
}

impl StageOutcome {
    /// What the stage said, as the evaluation path shows it: a state, not an action.
    pub fn label(self) -> Text {
        match self {
            StageOutcome::Denied => t("Denied", "拒否"),
            StageOutcome::Allowed => t("Allowed", "許可"),
            StageOutcome::Passed => t("No decision here", "ここでは判定なし"),
            StageOutcome::NotApplicable => t("Not applicable", "該当なし"),
            StageOutcome::NotReached => t("Not reached", "未到達"),
        }
    }
}

/// One stage on the path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageView {
    pub stage: Stage,
    pub outcome: StageOutcome,
    /// The decision was made here.
    pub stopped: bool,
    /// The stage's name ("key policy" for a KMS key), in both languages.
    pub label: Text,
    /// What happened at this stage for this request.
    pub note: Text,
}

/// A statement's part in the decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementRole {
    /// The deciding rule names it.
    Deciding,
    /// It matched, but the decision and deciding rule are the same without it.
    Redundant,
    /// It matched and removing it changes the deciding rule (not the decision's statement,
    /// but part of how it was reached).
    Contributing,
    /// It did not match; `near` when only its conditions failed.
    NotMatched { near: bool },
}

impl StatementRole {
    /// The statement's part, as a badge says it.
    pub fn label(self) -> Text {
        match self {
            StatementRole::Deciding => t("deciding", "判定の根拠"),
            StatementRole::Redundant => t("redundant", "冗長"),
            StatementRole::Contributing => t("contributing", "判定に関与"),
            StatementRole::NotMatched { near: true } => t(
                "not matched: only its conditions failed",
                "不一致 (条件だけが不成立)",
            ),
            StatementRole::NotMatched { near: false } => t("not matched", "不一致"),
        }
    }
}

/// One statement of the explanation, by position.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatementPart {
    /// Index into `Explanation::policies`.
    pub policy: usize,
    /// Index into that policy's `statements`.
    pub statement: usize,
    pub role: StatementRole,
}

/// The decision's path and every statement's part in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvaluationPath {
    pub stages: Vec<StageView>,
    pub statements: Vec<StatementPart>,
    /// The AWS pages this order is from.
    pub sources: Vec<Text>,
}

fn t(en: &'static str, ja: &'static str) -> Text {
    Text::lit(en, ja)
}

/// The path of `req` through `set`, with every statement's part (the explanation is the
/// one [`explain`] gives).
pub fn evaluation_path(req: &Request, set: &PolicySet<'_>) -> EvaluationPath {
    let e = explain(req, set);
    let stages = stages(req, &e, set);
    let statements = statement_parts(req, set, &e);
    let mut sources = vec![sources::EVALUATION_LOGIC.citation()];
    if e.kms_key {
        sources.push(sources::KMS_KEY_POLICIES.citation());
        sources.push(sources::KMS_DETERMINING_ACCESS.citation());
    }
    if let DecidingRule::KmsOperationNotCrossAccount { .. } = e.rule {
        sources.push(sources::KMS_CROSS_ACCOUNT.citation());
    }
    let org = super::evaluate::org_applies(req, set);
    if org.scps {
        sources.push(sources::ORGS_SCP_EVALUATION.citation());
    }
    if org.rcps {
        sources.push(sources::ORGS_RCP_EVALUATION.citation());
        if e.kms_key {
            sources.push(sources::KMS_RCPS.citation());
        }
    }
    EvaluationPath {
        stages,
        statements,
        sources,
    }
}

/// The stages in order with their outcomes for this rule.
fn stages(req: &Request, e: &Explanation, set: &PolicySet<'_>) -> Vec<StageView> {
    use DecidingRule as R;
    use StageOutcome as O;
    let rule = &e.rule;
    let kms = e.kms_key;
    let deny = matches!(rule, R::ExplicitDeny { .. });
    let org = super::evaluate::org_applies(req, set);
    // RCPs only deny (see `evaluate::decide`): past the deny check they pass the request on.
    let rcp = if org.rcps {
        O::Passed
    } else {
        O::NotApplicable
    };
    let scp = match (org.scps, rule) {
        (false, _) => O::NotApplicable,
        (_, R::NoScpAllows | R::NoScpAllowsAtLevel { .. }) => O::Denied,
        _ => O::Allowed,
    };
    let resource = resource_outcome(rule, kms, set.resource.is_some());
    let identity = match rule {
        R::KeyPolicyDelegates { .. } | R::KeyPolicyAllowsCrossAccount { .. } => O::Allowed,
        R::IdentityPolicyAllows { .. } | R::CrossAccountAllows { .. } => O::Allowed,
        R::KeyPolicyDelegatesNoIdentity { .. } | R::NoIdentityPolicyAllows => O::Denied,
        R::NoBoundaryAllows { .. } => O::Allowed,
        R::GrantAllows { .. } if kms => O::Passed,
        _ => O::NotReached,
    };
    let boundary = match (rule, set.boundaries.is_empty(), identity) {
        (R::NoBoundaryAllows { .. }, _, _) => O::Denied,
        (_, true, O::Allowed) => O::NotApplicable,
        (_, false, O::Allowed) => O::Allowed,
        _ => O::NotReached,
    };
    let session = if boundary == O::NotReached {
        O::NotReached
    } else {
        O::NotApplicable
    };
    let grants = match rule {
        R::GrantAllows { .. } => O::Allowed,
        R::NoKeyPolicyStatement | R::KeyPolicyDelegatesNoIdentity { .. } if kms => {
            if set.grants.is_empty() {
                O::NotApplicable
            } else {
                O::Passed
            }
        }
        _ => O::NotReached,
    };
    let before_deny = |o: O| if deny { O::NotReached } else { o };
    let mut list = vec![
        view(
            Stage::ExplicitDeny,
            if deny { O::Denied } else { O::Passed },
            kms,
        ),
        view(Stage::Rcp, before_deny(rcp), kms),
        view(Stage::Scp, before_deny(scp), kms),
        view(Stage::ResourcePolicy, before_deny(resource), kms),
        view(Stage::IdentityPolicies, before_deny(identity), kms),
        view(Stage::PermissionsBoundary, before_deny(boundary), kms),
        view(Stage::SessionPolicy, before_deny(session), kms),
    ];
    if kms {
        list.push(view(Stage::Grants, before_deny(grants), kms));
    }
    // KMS refuses the operation on another account's key: the key policy stage says why.
    if let R::KmsOperationNotCrossAccount { .. } = rule {
        if let Some(v) = list.iter_mut().find(|v| v.stage == Stage::ResourcePolicy) {
            v.note = rule.text();
        }
    }
    // A denial by the organization's policies names where: the SCP level without an Allow,
    // or the SCP or RCP whose Deny matched and the level it is attached at.
    if let R::NoScpAllowsAtLevel { .. } = rule {
        if let Some(v) = list.iter_mut().find(|v| v.stage == Stage::Scp) {
            v.note = rule.text();
        }
    }
    if let R::ExplicitDeny {
        policy_type: ty @ (PolicyType::Scp | PolicyType::Rcp),
        ..
    } = rule
    {
        if let Some(v) = list.iter_mut().find(|v| v.stage == Stage::ExplicitDeny) {
            let level = e
                .policies
                .iter()
                .find(|p| p.kind == *ty && p.denies)
                .and_then(|p| p.level_name.clone());
            v.note = match level {
                Some(l) => Text::new(
                    format!("{} (attached at {})", rule.text().en(), l.en()),
                    format!("{} ({} にアタッチ)", rule.text().ja(), l.ja()),
                ),
                None => rule.text(),
            };
        }
    }
    mark_stop(&mut list, rule);
    list
}

/// The resource (or key) policy stage.
fn resource_outcome(rule: &DecidingRule, kms: bool, has_policy: bool) -> StageOutcome {
    use DecidingRule as R;
    use StageOutcome as O;
    match rule {
        R::ExplicitDeny { .. } | R::NoScpAllows | R::NoScpAllowsAtLevel { .. } => O::NotReached,
        R::ReservedAwsManagedAlias { .. } | R::KmsOperationNotCrossAccount { .. } => O::Denied,
        R::KeyPolicyAllows { .. } | R::ResourcePolicyAllows { .. } => O::Allowed,
        R::KeyPolicyDelegates { .. }
        | R::KeyPolicyDelegatesNoIdentity { .. }
        | R::KeyPolicyAllowsCrossAccount { .. }
        | R::CrossAccountAllows { .. } => O::Allowed,
        R::NoKeyPolicyStatement | R::NoResourcePolicyAllows => O::Denied,
        R::GrantAllows { .. } => O::Passed,
        _ if kms || has_policy => O::Passed,
        _ => O::NotApplicable,
    }
}

/// Marks the stage where the decision was made.
fn mark_stop(list: &mut [StageView], rule: &DecidingRule) {
    let denied = list.iter().position(|s| s.outcome == StageOutcome::Denied);
    let at = denied.or_else(|| match rule {
        DecidingRule::KeyPolicyAllows { .. } | DecidingRule::ResourcePolicyAllows { .. } => {
            list.iter().position(|s| s.stage == Stage::ResourcePolicy)
        }
        DecidingRule::GrantAllows { .. } => list.iter().position(|s| s.stage == Stage::Grants),
        _ => list
            .iter()
            .rposition(|s| s.outcome != StageOutcome::NotReached),
    });
    // KMS looks at grants when the key policy and IAM do not allow: they stay visible.
    let grants_seen = matches!(
        rule,
        DecidingRule::NoKeyPolicyStatement | DecidingRule::KeyPolicyDelegatesNoIdentity { .. }
    );
    if let Some(i) = at {
        list[i].stopped = true;
        for s in list.iter_mut().skip(i + 1) {
            if !(grants_seen && s.stage == Stage::Grants) {
                s.outcome = StageOutcome::NotReached;
            }
        }
    }
}

fn view(stage: Stage, outcome: StageOutcome, kms: bool) -> StageView {
    StageView {
        stage,
        outcome,
        stopped: false,
        label: label(stage, kms),
        note: note(stage, outcome, kms),
    }
}

fn label(stage: Stage, kms: bool) -> Text {
    match stage {
        Stage::ExplicitDeny => t("Explicit deny check", "明示的な拒否の確認"),
        Stage::Rcp => t(
            "Resource control policies",
            "リソースコントロールポリシー (RCP)",
        ),
        Stage::Scp => t(
            "Service control policies",
            "サービスコントロールポリシー (SCP)",
        ),
        Stage::ResourcePolicy if kms => t("Key policy", "キーポリシー"),
        Stage::ResourcePolicy => t("Resource-based policy", "リソースベースのポリシー"),
        Stage::IdentityPolicies => t(
            "Identity-based policies",
            "アイデンティティベースのポリシー",
        ),
        Stage::PermissionsBoundary => t("Permissions boundary", "アクセス許可の境界"),
        Stage::SessionPolicy => t("Session policy", "セッションポリシー"),
        Stage::Grants => t("Grants", "グラント"),
    }
}

fn note(stage: Stage, outcome: StageOutcome, kms: bool) -> Text {
    use StageOutcome as O;
    match (stage, outcome) {
        (_, O::NotReached) => t("not reached: the decision was already made", "到達しません: 判定はすでに決まっています"),
        (Stage::ExplicitDeny, O::Denied) => t("a Deny statement matches: an explicit deny always wins", "Deny ステートメントが一致します: 明示的な拒否は常に優先されます"),
        (Stage::ExplicitDeny, _) => t("no Deny statement matches in any policy", "どのポリシーでも Deny ステートメントは一致しません"),
        (Stage::Rcp, O::Passed) => t("RCPs apply to this resource and none denies: RCPFullAWSAccess, attached at every level, lets the request through without granting anything", "このリソースには RCP が適用され、拒否する RCP はありません: すべてのレベルにアタッチされた RCPFullAWSAccess はリクエストを通しますが、何も許可しません"),
        (Stage::Rcp, _) => t("applies when the organization attaches RCPs and the resource is in a member account, for the services RCPs cover (S3, STS, KMS, SQS, Secrets Manager); none applies here", "組織が RCP をアタッチし、リソースがメンバーアカウントにあり、RCP の対象サービス (S3、STS、KMS、SQS、Secrets Manager) の場合に適用されます。ここで適用される RCP はありません"),
        (Stage::Scp, O::Denied) => t("SCPs apply and at one level from the root to the caller's account no SCP allows the action", "SCP が適用され、ルートから呼び出し元のアカウントまでのいずれかのレベルでアクションを許可する SCP がありません"),
        (Stage::Scp, O::NotApplicable) => t("no SCP applies (none is attached, or the caller is a service principal, a service-linked role or in the management account)", "適用される SCP はありません (SCP がアタッチされていないか、呼び出し元がサービスプリンシパル、サービスにリンクされたロール、または管理アカウントのプリンシパルです)"),
        (Stage::Scp, _) => t("an SCP at every level allows the action", "すべてのレベルで SCP がアクションを許可しています"),
        (Stage::ResourcePolicy, O::Denied) if kms => t("the key policy neither allows the caller nor delegates to its account: IAM policies alone grant nothing on a KMS key", "キーポリシーは呼び出し元を許可しておらず、そのアカウントにも委任していません: KMS キーでは IAM ポリシーだけでは何も許可されません"),
        (Stage::ResourcePolicy, O::Denied) => t("the resource-based policy does not allow this caller", "リソースベースのポリシーはこの呼び出し元を許可していません"),
        (Stage::ResourcePolicy, O::Allowed) if kms => t("the key policy allows the caller, or delegates to its account (then IAM decides)", "キーポリシーが呼び出し元を許可しているか、そのアカウントに委任しています (委任の場合は IAM で判定します)"),
        (Stage::ResourcePolicy, O::Allowed) => t("the resource-based policy allows", "リソースベースのポリシーが許可しています"),
        (Stage::ResourcePolicy, O::NotApplicable) => t("the resource has no resource-based policy", "リソースにリソースベースのポリシーはありません"),
        (Stage::ResourcePolicy, _) => t("no statement allows this caller here; evaluation goes on", "ここで呼び出し元を許可するステートメントはありません。評価は続きます"),
        (Stage::IdentityPolicies, O::Denied) => t("no identity-based policy allows the action: implicit deny", "どのアイデンティティベースのポリシーもアクションを許可していません: 暗黙的な拒否"),
        (Stage::IdentityPolicies, O::Allowed) => t("an identity-based policy allows the action", "アイデンティティベースのポリシーがアクションを許可しています"),
        (Stage::IdentityPolicies, _) => t("not needed on this path", "この経路では必要ありません"),
        (Stage::PermissionsBoundary, O::Denied) => t("the permissions boundary does not allow the action", "アクセス許可の境界がアクションを許可していません"),
        (Stage::PermissionsBoundary, O::Allowed) => t("the permissions boundary allows the action", "アクセス許可の境界がアクションを許可しています"),
        (Stage::PermissionsBoundary, _) => t("no permissions boundary is set", "アクセス許可の境界は設定されていません"),
        (Stage::SessionPolicy, _) => t("no session policy was passed with these credentials", "この認証情報にはセッションポリシーは渡されていません"),
        (Stage::Grants, O::Allowed) => t("a grant allows the operation on its own", "グラントが単独でオペレーションを許可しています"),
        (Stage::Grants, O::NotApplicable) => t("the key has no grants", "キーにグラントはありません"),
        (Stage::Grants, _) => t("no grant allows this operation for this caller", "この呼び出し元にこのオペレーションを許可するグラントはありません"),
    }
}

/// Every statement's part: deciding (named by the rule), redundant or contributing (by
/// evaluating without it), not matched.
fn statement_parts(req: &Request, set: &PolicySet<'_>, e: &Explanation) -> Vec<StatementPart> {
    let mut out = Vec::new();
    let mut seen: Vec<(PolicyType, usize)> = Vec::new();
    for (pi, pol) in e.policies.iter().enumerate() {
        // Which policy of its kind this is (explanations list the kinds in order).
        let nth = seen.iter().filter(|(k, _)| *k == pol.kind).count();
        seen.push((pol.kind, pi));
        for (si, s) in pol.statements.iter().enumerate() {
            let role = if !s.matched {
                let near = s.action_matched
                    && s.resource_matched
                    && s.principal_matched != Some(false)
                    && !s.conditions_matched;
                StatementRole::NotMatched { near }
            } else if names(&e.rule, pol.kind, &pol.name, s.index) {
                StatementRole::Deciding
            } else if evaluate_rule(req, &without(set, pol.kind, nth, s.index).as_set(set))
                == e.rule
            {
                StatementRole::Redundant
            } else {
                StatementRole::Contributing
            };
            out.push(StatementPart {
                policy: pi,
                statement: si,
                role,
            });
        }
    }
    out
}

/// Whether the deciding rule names statement `index` of this policy.
fn names(rule: &DecidingRule, kind: PolicyType, name: &str, index: usize) -> bool {
    use DecidingRule as R;
    let res = kind == PolicyType::Resource;
    let id = kind == PolicyType::Identity;
    match rule {
        R::ExplicitDeny {
            policy_type,
            policy,
            statement,
            ..
        } => *policy_type == kind && policy == name && *statement == index,
        R::IdentityPolicyAllows { policy, statement } => {
            id && policy == name && *statement == index
        }
        R::ResourcePolicyAllows { statement, .. }
        | R::KeyPolicyAllows { statement, .. }
        | R::KeyPolicyDelegatesNoIdentity { statement, .. } => res && *statement == index,
        R::CrossAccountAllows {
            resource_statement,
            identity_policy,
            identity_statement,
            ..
        } => {
            (res && *resource_statement == index)
                || (id && identity_policy == name && *identity_statement == index)
        }
        R::KeyPolicyDelegates {
            statement,
            identity_policy,
            identity_statement,
            ..
        }
        | R::KeyPolicyAllowsCrossAccount {
            statement,
            identity_policy,
            identity_statement,
        } => {
            (res && *statement == index)
                || (id && identity_policy == name && *identity_statement == index)
        }
        _ => false,
    }
}

/// Makes statement `index` match nothing (an Action element with no pattern), keeping every
/// statement at its position: a rule names a statement by its position.
pub(crate) fn disable(policy: &mut super::Policy, index: usize) {
    for s in policy.statements.iter_mut().filter(|s| s.index == index) {
        s.action.negated = false;
        s.action.patterns.clear();
    }
}

/// The policies of a set with one statement taken out (the others keep their indices).
struct Without {
    identity: Vec<NamedPolicy>,
    resource: Option<NamedPolicy>,
    boundaries: Vec<NamedPolicy>,
    scps: Vec<NamedPolicy>,
    rcps: Vec<NamedPolicy>,
}

impl Without {
    fn as_set<'a>(&'a self, original: &PolicySet<'a>) -> PolicySet<'a> {
        PolicySet {
            identity: &self.identity,
            resource: self.resource.as_ref(),
            boundaries: &self.boundaries,
            scps: &self.scps,
            rcps: &self.rcps,
            ..*original
        }
    }
}

/// `set` without statement `index` of the `nth` policy of `kind`.
fn without(set: &PolicySet<'_>, kind: PolicyType, nth: usize, index: usize) -> Without {
    let cut = |p: &NamedPolicy| {
        let mut policy = (*p.policy).clone();
        disable(&mut policy, index);
        NamedPolicy {
            name: p.name.clone(),
            policy: Arc::new(policy),
        }
    };
    let edit = |list: &[NamedPolicy], k: PolicyType| -> Vec<NamedPolicy> {
        list.iter()
            .enumerate()
            .map(|(i, p)| {
                if k == kind && i == nth {
                    cut(p)
                } else {
                    p.clone()
                }
            })
            .collect()
    };
    Without {
        identity: edit(set.identity, PolicyType::Identity),
        resource: set.resource.map(|p| {
            if kind == PolicyType::Resource {
                cut(p)
            } else {
                p.clone()
            }
        }),
        boundaries: edit(set.boundaries, PolicyType::Boundary),
        scps: edit(set.scps, PolicyType::Scp),
        rcps: edit(set.rcps, PolicyType::Rcp),
    }
}
