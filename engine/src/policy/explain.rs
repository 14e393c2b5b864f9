//! The explanation of a decision: the deciding rule (structured, so the UI can translate
//! it), its English rendering, AWS's AccessDenied text, and per-statement match details.

use super::arn::{PrincipalInfo, PrincipalShape};
use super::model::Effect;
use super::sources;
use super::Request;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn is_false(b: &bool) -> bool {
    !*b
}

/// The authorization decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Decision {
    Allowed,
    ExplicitlyDenied,
    ImplicitlyDenied,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allowed
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "Allowed",
            Decision::ExplicitlyDenied => "ExplicitlyDenied",
            Decision::ImplicitlyDenied => "ImplicitlyDenied",
        }
    }
}

/// Which kind of policy a [`PolicyExplanation`] or rule refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyType {
    Identity,
    /// A resource-based policy; for a KMS key, the key policy.
    Resource,
    Boundary,
    Scp,
    /// A resource control policy (AWS Organizations).
    Rcp,
}

impl PolicyType {
    /// The phrase AWS uses in AccessDenied messages.
    pub fn aws_phrase(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity-based policy",
            PolicyType::Resource => "resource-based policy",
            PolicyType::Boundary => "permissions boundary",
            PolicyType::Scp => "service control policy",
            PolicyType::Rcp => "resource control policy",
        }
    }

    fn article(self) -> &'static str {
        match self {
            PolicyType::Identity => "an",
            _ => "a",
        }
    }

    /// Short English name used in reasons.
    pub fn label(self, kms: bool) -> &'static str {
        match self {
            PolicyType::Identity => "identity policy",
            PolicyType::Resource if kms => "key policy",
            PolicyType::Resource => "resource policy",
            PolicyType::Boundary => "permissions boundary",
            PolicyType::Scp => "SCP",
            PolicyType::Rcp => "RCP",
        }
    }
}

/// The rule that decided, with the policies and statements involved.
/// `reason` in [`Explanation`] is [`DecidingRule::english`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum DecidingRule {
    /// A matching Deny statement (explicit deny always wins).
    ExplicitDeny {
        policy_type: PolicyType,
        policy: String,
        statement: usize,
        sid: Option<String>,
        kms_key: bool,
        /// A `Deny` with `NotPrincipal` applied because the caller has a permissions boundary
        /// (whatever `NotPrincipal` lists).
        #[serde(default, skip_serializing_if = "is_false")]
        not_principal_with_boundary: bool,
    },
    /// Create/Update/DeleteAlias on an `alias/aws/…` alias: KMS reserves the prefix for AWS
    /// managed keys, so no policy can allow it.
    ReservedAwsManagedAlias { action: String },
    /// A KMS operation whose API reference says "Cross-account use: No" (ScheduleKeyDeletion,
    /// PutKeyPolicy, …) on a key of another account (`key_account`): KMS refuses it whatever
    /// the key policy and the caller's IAM policies allow.
    KmsOperationNotCrossAccount { action: String, key_account: String },
    /// SCPs apply and none allows the action.
    NoScpAllows,
    /// SCPs in levels (root → OUs → account): no SCP at this level (0 = root; `levels - 1`
    /// the account) allows; `attached` names the SCPs attached there (none: empty).
    NoScpAllowsAtLevel {
        level: usize,
        levels: usize,
        attached: Vec<String>,
        /// The level's name when it is an OU of a known organization (`OU Prod (ou-…)`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
    },

    /// The identity (or resource) policy allows, but the permissions boundary does not.
    NoBoundaryAllows {
        /// A same-account resource (or key) policy statement allowed, but only through the
        /// caller's role, which the boundary limits.
        #[serde(skip_serializing_if = "Option::is_none")]
        limited_grant: Option<LimitedGrant>,
    },
    /// Nothing in the principal's identity-based policies allows the action.
    NoIdentityPolicyAllows,
    /// Cross-account: the resource's policy does not allow the principal.
    NoResourcePolicyAllows,
    /// Same account: an identity policy allows.
    IdentityPolicyAllows { policy: String, statement: usize },
    /// Same account: the resource-based policy allows the principal on its own.
    ResourcePolicyAllows {
        policy: String,
        statement: usize,
        /// Allowed although the permissions boundary does not allow.
        #[serde(skip_serializing_if = "Option::is_none")]
        past_boundary: Option<PastBoundary>,
    },
    /// Cross-account: both the resource policy and an identity policy allow.
    CrossAccountAllows {
        resource_policy: String,
        resource_statement: usize,
        identity_policy: String,
        identity_statement: usize,
    },
    /// KMS: the key policy allows the principal directly.
    KeyPolicyAllows {
        statement: usize,
        sid: Option<String>,
        /// Allowed although the permissions boundary does not allow.
        #[serde(skip_serializing_if = "Option::is_none")]
        past_boundary: Option<PastBoundary>,
    },
    /// KMS: the key policy allows the principal's account root (delegating to IAM) and an
    /// identity policy allows.
    KeyPolicyDelegates {
        statement: usize,
        account: String,
        identity_policy: String,
        identity_statement: usize,
    },
    /// KMS, cross-account: the key policy allows the external principal or account and an
    /// identity policy in the caller's account allows.
    KeyPolicyAllowsCrossAccount {
        statement: usize,
        identity_policy: String,
        identity_statement: usize,
    },
    /// KMS: the key policy delegates to the account, but no identity policy allows.
    KeyPolicyDelegatesNoIdentity { statement: usize, account: String },
    /// KMS: a grant allows the operation.
    GrantAllows { grant: usize },
    /// KMS: no key-policy statement allows the principal (IAM policies alone grant nothing).
    NoKeyPolicyStatement,
}

impl DecidingRule {
    pub fn decision(&self) -> Decision {
        use DecidingRule::*;
        match self {
            ExplicitDeny { .. } => Decision::ExplicitlyDenied,
            ReservedAwsManagedAlias { .. }
            | KmsOperationNotCrossAccount { .. }
            | NoScpAllows
            | NoScpAllowsAtLevel { .. }
            | NoBoundaryAllows { .. }
            | NoIdentityPolicyAllows
            | NoResourcePolicyAllows
            | KeyPolicyDelegatesNoIdentity { .. }
            | NoKeyPolicyStatement => Decision::ImplicitlyDenied,
            _ => Decision::Allowed,
        }
    }

    /// The English rendering of the rule.
    pub fn english(&self) -> String {
        use DecidingRule::*;
        match self {
            ExplicitDeny {
                policy_type,
                policy,
                statement,
                sid,
                kms_key,
                ..
            } => {
                let sid = sid.as_ref().map(|s| format!(" (Sid \"{s}\")")).unwrap_or_default();
                format!(
                    "explicitly denied by {} {policy} statement {statement}{sid}: an explicit deny always wins{}",
                    policy_type.label(*kms_key),
                    self.note_en()
                )
            }
            ReservedAwsManagedAlias { .. } | KmsOperationNotCrossAccount { .. } => self.note_en(),
            NoScpAllows => "no service control policy allows the action: implicit deny".into(),
            NoScpAllowsAtLevel { level, levels, attached, place } => format!(
                "no service control policy attached at {} ({}) allows the action{}; an SCP at every level from the root to the account must allow it: implicit deny",
                level_name(*level, *levels).en(),
                attached_en(attached),
                place.as_ref().map(|p| format!(" (that level is {p})")).unwrap_or_default()
            ),
            NoBoundaryAllows { .. } => format!(
                "the permissions boundary does not allow the action: implicit deny{}",
                self.note_en()
            ),
            NoIdentityPolicyAllows => "no identity-based policy allows the action: implicit deny".into(),
            NoResourcePolicyAllows => {
                "cross-account request and no resource-based policy statement allows the principal: implicit deny".into()
            }
            IdentityPolicyAllows { policy, statement } => {
                format!("allowed by identity policy {policy} statement {statement}")
            }
            ResourcePolicyAllows {
                policy, statement, ..
            } => format!(
                "allowed directly by resource policy {policy} statement {statement}{}",
                self.note_en()
            ),
            CrossAccountAllows {
                resource_policy,
                resource_statement,
                identity_policy,
                identity_statement,
            } => format!(
                "cross-account: resource policy {resource_policy} statement {resource_statement} allows and identity policy {identity_policy} statement {identity_statement} allows"
            ),
            KeyPolicyAllows { statement, .. } => format!(
                "allowed directly by key policy statement {statement}{}",
                self.note_en()
            ),
            KeyPolicyDelegates {
                statement,
                account,
                identity_policy,
                identity_statement,
            } => format!(
                "key policy statement {statement} delegates to account {account}; identity policy {identity_policy} statement {identity_statement} allows"
            ),
            KeyPolicyAllowsCrossAccount {
                statement,
                identity_policy,
                identity_statement,
            } => format!(
                "cross-account: key policy statement {statement} allows and identity policy {identity_policy} statement {identity_statement} allows"
            ),
            KeyPolicyDelegatesNoIdentity { statement, account } => format!(
                "key policy statement {statement} delegates to account {account}, but no identity-based policy allows: implicit deny"
            ),
            GrantAllows { grant } => format!("allowed by grant {grant}"),
            NoKeyPolicyStatement => "no key-policy statement matches: implicit deny".into(),
        }
    }

    /// The part of the rule that states a less obvious AWS rule and its source, in both
    /// languages (the UI adds the Japanese to its own rendering of the rule).
    pub fn note(&self) -> Option<Text> {
        use DecidingRule::*;
        match self {
            ExplicitDeny {
                not_principal_with_boundary: true,
                ..
            } => Some(Text::new(
                format!(
                    "; a Deny with NotPrincipal denies every principal that has a permissions boundary, whatever NotPrincipal lists ({})",
                    sources::BOUNDARIES.cite()
                ),
                format!(
                    "。NotPrincipal を使う Deny は、NotPrincipal に何が列挙されていても、アクセス許可の境界を持つプリンシパルをすべて拒否します (出典: {})",
                    sources::BOUNDARIES.cite_ja()
                ),
            )),
            ReservedAwsManagedAlias { action } => Some(Text::new(
                format!(
                    "{action} on an alias beginning with alias/aws/: KMS reserves these aliases for AWS managed keys, so no policy can allow creating, updating or deleting them: implicit deny ({}; the error text is modelled)",
                    sources::KMS_ALIASES.cite()
                ),
                format!(
                    "{action} の対象は alias/aws/ で始まるエイリアスです。KMS はこれらのエイリアスを AWS マネージドキー用に予約しているため、作成、更新、削除を許可できるポリシーはありません: 暗黙的な拒否 (出典: {}。エラーの文面はモデル化したものです)",
                    sources::KMS_ALIASES.cite_ja()
                ),
            )),
            KmsOperationNotCrossAccount {
                action,
                key_account,
            } => Some(Text::new(
                format!(
                    "{action} cannot be called on a key in another account: the key belongs to account {key_account}, and KMS lets other accounts use a key only for the operations whose API reference says \"Cross-account use: Yes\" (cryptographic operations, DescribeKey, GetPublicKey, GetKeyRotationStatus and the grant operations); a key policy or IAM policy that allows {action} to another account has no effect: implicit deny ({}; the error text is modelled)",
                    sources::KMS_CROSS_ACCOUNT.cite()
                ),
                format!(
                    "{action} は別のアカウントのキーに対しては呼び出せません。キーはアカウント {key_account} のものであり、KMS が他のアカウントにキーの使用を認めるのは、API リファレンスで「Cross-account use: Yes」とされているオペレーション (暗号化オペレーション、DescribeKey、GetPublicKey、GetKeyRotationStatus、グラントのオペレーション) だけです。{action} を別のアカウントに許可するキーポリシーや IAM ポリシーは効果がありません: 暗黙的な拒否 (出典: {}。エラーの文面はモデル化したものです)",
                    sources::KMS_CROSS_ACCOUNT.cite_ja()
                ),
            )),
            NoBoundaryAllows {
                limited_grant: Some(g),
            } => Some(Text::new(
                format!(
                    "; {} statement {} allows only through the caller's role, and a resource-based policy that grants access to a role ARN is limited by the role's permissions boundary ({})",
                    PolicyType::Resource.label(g.kms_key),
                    g.statement,
                    sources::BOUNDARIES.cite()
                ),
                format!(
                    "。{}のステートメント {} は呼び出し元のロールを通してのみ許可しており、ロールの ARN にアクセスを許可するリソースベースのポリシーは、そのロールのアクセス許可の境界による制限を受けます (出典: {})",
                    if g.kms_key { "キーポリシー" } else { "リソースベースのポリシー" },
                    g.statement,
                    sources::BOUNDARIES.cite_ja()
                ),
            )),
            ResourcePolicyAllows {
                past_boundary: Some(p),
                ..
            }
            | KeyPolicyAllows {
                past_boundary: Some(p),
                ..
            } => Some(p.text()),
            _ => None,
        }
    }

    fn note_en(&self) -> String {
        self.note().map(Text::into_en).unwrap_or_default()
    }

    /// The AccessDenied text AWS would return, or `None` when allowed.
    pub fn denial_message(&self, req: &Request) -> Option<String> {
        use DecidingRule::*;
        let why = match self {
            ExplicitDeny { policy_type, .. } => format!(
                "with an explicit deny in {} {}",
                policy_type.article(),
                policy_type.aws_phrase()
            ),
            // The documented AccessDenied form without a reason: AWS documents none here.
            ReservedAwsManagedAlias { .. } | KmsOperationNotCrossAccount { .. } => {
                return Some(format!(
                    "User: {} is not authorized to perform: {} on resource: {}",
                    req.principal, req.action, req.resource
                ))
            }
            NoScpAllows | NoScpAllowsAtLevel { .. } => {
                no_policy_allows(PolicyType::Scp, &req.action)
            }
            NoBoundaryAllows { .. } => no_policy_allows(PolicyType::Boundary, &req.action),
            NoIdentityPolicyAllows | KeyPolicyDelegatesNoIdentity { .. } => {
                no_policy_allows(PolicyType::Identity, &req.action)
            }
            NoResourcePolicyAllows | NoKeyPolicyStatement => {
                no_policy_allows(PolicyType::Resource, &req.action)
            }
            _ => return None,
        };
        Some(format!(
            "User: {} is not authorized to perform: {} on resource: {} {why}",
            req.principal, req.action, req.resource
        ))
    }
}

/// A policy's name as texts show it: in Japanese, a scenario's "<key> key policy" reads as
/// the key's name (a heading already says キーポリシー), "<role> trust policy" as
/// "<role> の信頼ポリシー", "<bucket> bucket policy" as "<bucket> のバケットポリシー"; any
/// other name (an inline policy's) stays as written.
pub fn policy_display_name(name: &str) -> Text {
    let ja = if let Some(key) = name.strip_suffix(" key policy") {
        key.to_string()
    } else if let Some(role) = name.strip_suffix(" trust policy") {
        format!("{role} の信頼ポリシー")
    } else if let Some(bucket) = name.strip_suffix(" bucket policy") {
        format!("{bucket} のバケットポリシー")
    } else {
        name.to_string()
    };
    Text::new(name.to_string(), ja)
}

impl DecidingRule {
    /// The rule in English ([`DecidingRule::english`]) and Japanese.
    pub fn text(&self) -> Text {
        Text::new(self.english(), self.japanese())
    }

    fn japanese(&self) -> String {
        use DecidingRule::*;
        let name = |n: &str| policy_display_name(n).ja().to_string();
        let kind = |t: &PolicyType, kms: bool| match t {
            PolicyType::Identity => "アイデンティティベースのポリシー",
            PolicyType::Resource if kms => "キーポリシー",
            PolicyType::Resource => "リソースベースのポリシー",
            PolicyType::Boundary => "アクセス許可の境界",
            PolicyType::Scp => "SCP",
            PolicyType::Rcp => "RCP",
        };
        let note = self.note().map(|n| n.ja().to_string()).unwrap_or_default();
        match self {
            ExplicitDeny { policy_type, policy, statement, sid, kms_key, .. } => {
                let sid = sid.as_ref().map(|s| format!(" (Sid \"{s}\")")).unwrap_or_default();
                format!("{} {} のステートメント {statement}{sid} による明示的な拒否: 明示的な拒否は常に優先されます{note}", kind(policy_type, *kms_key), name(policy))
            }
            ReservedAwsManagedAlias { .. } | KmsOperationNotCrossAccount { .. } => note,
            NoScpAllows => "どのサービスコントロールポリシーもアクションを許可していません: 暗黙的な拒否".into(),
            NoScpAllowsAtLevel { level, levels, attached, place } => format!("{} にアタッチされたどのサービスコントロールポリシーもアクションを許可していません ({}){}。ルートからアカウントまでのすべてのレベルで SCP による許可が必要です: 暗黙的な拒否", level_name(*level, *levels).ja(), attached_ja(attached), place.as_ref().map(|p| format!(" (その階層は {p} です)")).unwrap_or_default()),
            NoBoundaryAllows { .. } => format!("アクセス許可の境界がアクションを許可していません: 暗黙的な拒否{note}"),
            NoIdentityPolicyAllows => "どのアイデンティティベースのポリシーもアクションを許可していません: 暗黙的な拒否".into(),
            NoResourcePolicyAllows => "クロスアカウントのリクエストで、プリンシパルを許可するリソースベースのポリシーのステートメントがありません: 暗黙的な拒否".into(),
            IdentityPolicyAllows { policy, statement } => format!("IAM ポリシー {} のステートメント {statement} が許可", name(policy)),
            ResourcePolicyAllows { policy, statement, .. } => format!(
                "リソースベースのポリシー {} のステートメント {statement} が、ポリシー自体で許可{note}",
                name(policy)
            ),
            CrossAccountAllows { resource_policy, resource_statement, identity_policy, identity_statement } => format!(
                "クロスアカウント: リソースベースのポリシー {} のステートメント {resource_statement} と IAM ポリシー {} のステートメント {identity_statement} の両方が許可",
                name(resource_policy), name(identity_policy)
            ),
            KeyPolicyAllows { statement, .. } => format!("キーポリシーのステートメント {statement} が、キーポリシー自体でプリンシパルを許可{note}"),
            KeyPolicyDelegates { statement, account, identity_policy, identity_statement } => format!(
                "キーポリシーのステートメント {statement} がアカウント {account} に委任し、IAM ポリシー {identity_policy} のステートメント {identity_statement} が許可"
            ),
            KeyPolicyAllowsCrossAccount { statement, identity_policy, identity_statement } => format!(
                "クロスアカウント: キーポリシーのステートメント {statement} と IAM ポリシー {identity_policy} のステートメント {identity_statement} が許可"
            ),
            KeyPolicyDelegatesNoIdentity { statement, account } => format!(
                "キーポリシーのステートメント {statement} はアカウント {account} に委任していますが、許可するアイデンティティベースのポリシーがありません: 暗黙的な拒否"
            ),
            GrantAllows { grant } => format!("グラント {grant} が許可"),
            NoKeyPolicyStatement => "一致するキーポリシーのステートメントがありません (IAM ポリシーだけでは KMS キーへのアクセスは許可されません): 暗黙的な拒否".into(),
        }
    }
}

/// Who a resource-based policy reached past a permissions boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundaryCaller {
    User,
    RoleSession,
    FederatedUserSession,
}

/// How a same-account resource-based policy allowed although the caller's permissions
/// boundary does not: it grants access to the caller's own user or session ARN, by name or
/// through `*` (the wildcard case is modelled; see `principal.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastBoundary {
    pub caller: BoundaryCaller,
    /// The statement names everyone (`*`, or whoever a NotPrincipal leaves) rather than the
    /// caller's ARN.
    pub wildcard: bool,
}

impl PastBoundary {
    pub(crate) fn new(p: &PrincipalInfo<'_>, via: PrincipalMatchKind) -> Option<Self> {
        let caller = match p.kind {
            PrincipalShape::User { .. } => BoundaryCaller::User,
            PrincipalShape::AssumedRole { .. } => BoundaryCaller::RoleSession,
            PrincipalShape::FederatedUser { .. } => BoundaryCaller::FederatedUserSession,
            _ => return None,
        };
        Some(PastBoundary {
            caller,
            wildcard: via == PrincipalMatchKind::Everyone,
        })
    }

    /// The clause appended to the allowing rule, in both languages.
    pub fn text(self) -> Text {
        let (who, who_ja) = match self.caller {
            BoundaryCaller::User => ("IAM user ARN", "IAM ユーザーの ARN"),
            BoundaryCaller::RoleSession => {
                ("role session ARN", "引き受けたロールのセッションの ARN")
            }
            BoundaryCaller::FederatedUserSession => (
                "federated user session ARN",
                "フェデレーションユーザーのセッションの ARN",
            ),
        };
        let (how, how_ja) = if self.wildcard {
            (
                format!(" (the statement grants access to every principal, as Principal \"*\" does, this {who} included; AWS documents the rule for named ARNs, so the wildcard case is modelled)"),
                format!(" (このステートメントは Principal \"*\" と同様にすべてのプリンシパルに許可しており、この{who_ja}も含まれます。AWS が文書化しているのは ARN を指定した場合の規則なので、ワイルドカードの場合はモデル化したものです)"),
            )
        } else {
            (String::new(), String::new())
        };
        Text::new(
            format!(
                ", past the permissions boundary: within one account, an implicit deny in a permissions boundary does not limit a resource-based policy that grants access to the caller's own {who}{how} ({}; {})",
                sources::BOUNDARIES.cite(),
                sources::EVALUATION_LOGIC.cite()
            ),
            format!(
                "。アクセス許可の境界を越えて許可されます: 同じアカウント内では、呼び出し元自身の{who_ja}にアクセスを許可するリソースベースのポリシーは、アクセス許可の境界の暗黙的な拒否による制限を受けません{how_ja} (出典: {}、{})",
                sources::BOUNDARIES.cite_ja(),
                sources::EVALUATION_LOGIC.cite_ja()
            ),
        )
    }
}

/// A same-account resource (or key) policy statement that the boundary limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitedGrant {
    pub statement: usize,
    #[serde(skip)]
    pub kms_key: bool,
}

fn no_policy_allows(t: PolicyType, action: &str) -> String {
    format!("because no {} allows the {action} action", t.aws_phrase())
}

/// AWS's AccessDenied message for a decided request (`None` when allowed).
pub fn denial_message(req: &Request, rule: &DecidingRule) -> Option<String> {
    rule.denial_message(req)
}

/// The full explanation of one evaluation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub decision: Decision,
    /// The deciding rule, structured.
    pub rule: DecidingRule,
    /// The deciding rule in English.
    pub reason: String,
    /// AWS's AccessDenied text when denied.
    pub message: Option<String>,
    pub principal_account: Option<String>,
    pub resource_account: Option<String>,
    pub cross_account: bool,
    /// True when the resource is a KMS key (key-policy rules applied).
    pub kms_key: bool,
    /// Every policy and every statement, in evaluation order.
    pub policies: Vec<PolicyExplanation>,
    pub grants: Vec<GrantExplanation>,
    /// Request values too long to repeat in every condition, once per key (lower-case), for
    /// the conditions whose `request_values_key` names them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub context_values: BTreeMap<String, Vec<String>>,
}

impl Explanation {
    /// For a denial, whose side's policy decided it and that side's account: the caller's
    /// (its identity policies, boundary, the SCPs of its account) or the resource's (its
    /// resource or key policy, the RCPs of its account). `None` when allowed.
    pub fn denied_by(&self) -> Option<(DeniedBy, Option<&str>)> {
        use DecidingRule as R;
        let side = match &self.rule {
            R::ExplicitDeny { policy_type, .. } => match policy_type {
                PolicyType::Identity | PolicyType::Boundary => DeniedBy::CallerIdentity,
                PolicyType::Scp => DeniedBy::CallerScp,
                PolicyType::Resource => DeniedBy::ResourcePolicy,
                PolicyType::Rcp => DeniedBy::ResourceRcp,
            },
            R::NoScpAllows | R::NoScpAllowsAtLevel { .. } => DeniedBy::CallerScp,
            R::NoBoundaryAllows { .. }
            | R::NoIdentityPolicyAllows
            | R::KeyPolicyDelegatesNoIdentity { .. } => DeniedBy::CallerIdentity,
            R::NoResourcePolicyAllows
            | R::NoKeyPolicyStatement
            | R::ReservedAwsManagedAlias { .. } => DeniedBy::ResourcePolicy,
            R::KmsOperationNotCrossAccount { .. } => DeniedBy::KeyAccountOnly,
            _ => return None,
        };
        let account = match side {
            DeniedBy::CallerIdentity | DeniedBy::CallerScp => self.principal_account.as_deref(),
            DeniedBy::ResourcePolicy
            | DeniedBy::ResourceRcp
            | DeniedBy::ObjectOwner
            | DeniedBy::KeyAccountOnly => self.resource_account.as_deref(),
        };
        Some((side, account))
    }
}

impl DeniedBy {
    /// "Denied by the key policy of account 123456789012", in English and Japanese (`kms_key`:
    /// the resource is a KMS key, whose resource policy is its key policy).
    pub fn text(self, account: Option<&str>, kms_key: bool) -> crate::text::Text {
        let (en, ja) = match self {
            DeniedBy::CallerIdentity => (
                "the caller's identity-based policies",
                "呼び出し元のアイデンティティベースのポリシー",
            ),
            DeniedBy::CallerScp => (
                "the SCPs of the caller's account",
                "呼び出し元アカウントの SCP",
            ),
            DeniedBy::ResourcePolicy if kms_key => ("the key policy", "キーポリシー"),
            DeniedBy::ResourcePolicy => ("the resource-based policy", "リソースベースのポリシー"),
            DeniedBy::ResourceRcp => (
                "the RCPs of the resource's account",
                "リソースのアカウントの RCP",
            ),
            DeniedBy::ObjectOwner => (
                "the ACL of the object, which another account owns",
                "別のアカウントが所有するオブジェクトの ACL",
            ),
            DeniedBy::KeyAccountOnly => (
                "KMS: this operation cannot be called on a key in another account",
                "KMS (このオペレーションは別のアカウントのキーに対して呼び出せません)",
            ),
        };
        match account {
            Some(a) => crate::text::Text::new(
                format!("Denied by {en} (account {a})"),
                format!("{ja} (アカウント {a}) によって拒否されました"),
            ),
            None => crate::text::Text::new(
                format!("Denied by {en}"),
                format!("{ja}によって拒否されました"),
            ),
        }
    }
}

impl Explanation {
    /// [`Explanation::denied_by`] in words, in English and Japanese; `None` when allowed.
    /// An SCP level without an Allow is named too ("…: no SCP attached at OU Prod (ou-…)
    /// allows it").
    pub fn denied_by_text(&self) -> Option<crate::text::Text> {
        let (side, account) = self.denied_by()?;
        let t = side.text(account, self.kms_key);
        if let DecidingRule::NoScpAllowsAtLevel {
            level,
            levels,
            place,
            ..
        } = &self.rule
        {
            let at = match place {
                Some(p) => crate::text::Text::new(p.clone(), p.clone()),
                None => level_name(*level, *levels),
            };
            return Some(crate::text::Text::new(
                format!("{}: no SCP attached at {} allows it", t.en(), at.en()),
                format!(
                    "{}。{} にアタッチされた SCP はどれも許可していません",
                    t.ja(),
                    at.ja()
                ),
            ));
        }
        Some(t)
    }
}

/// Which side's policy decided a denial (see [`Explanation::denied_by`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeniedBy {
    /// The caller's identity-based policies or permissions boundary.
    CallerIdentity,
    /// The SCPs of the caller's account.
    CallerScp,
    /// The resource's resource-based (key) policy.
    ResourcePolicy,
    /// The RCPs of the resource's account.
    ResourceRcp,
    /// Not a policy: the ACL of an S3 object another account owns, which grants only its
    /// owner (S3 Object Ownership with ACLs enabled); the account named is the owner's.
    ObjectOwner,
    /// Not a policy: KMS itself, for an operation that works only on the caller's own
    /// account's keys ("Cross-account use: No"); the account named is the key's.
    KeyAccountOnly,
}

/// One policy's statements.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyExplanation {
    pub kind: PolicyType,
    pub name: String,
    /// Some statement with Effect Allow matched.
    pub allows: bool,
    /// Some statement with Effect Deny matched.
    pub denies: bool,
    pub statements: Vec<StatementExplanation>,
    /// For an SCP or RCP given in levels: where it is attached (0 = the root) and what that
    /// level is (see [`level_name`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_en"
    )]
    pub level_name: Option<crate::text::Text>,
}

fn serialize_opt_en<S: serde::Serializer>(
    t: &Option<crate::text::Text>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(t.en()),
        None => s.serialize_none(),
    }
}

/// How a statement's principal matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalMatchKind {
    /// No Principal element (identity policies, boundaries, SCPs).
    Implicit,
    /// `*` or `{"AWS": "*"}`.
    Everyone,
    /// The principal's ARN, or its role's ARN for a role session.
    Direct,
    /// The principal's account (`123456789012` or `arn:aws:iam::123456789012:root`): delegates
    /// to the account's IAM policies.
    Account,
    /// A `Deny` with `NotPrincipal`, which applies to every principal that has a permissions
    /// boundary whatever it lists.
    NotPrincipalWithBoundary,
    /// Not matched.
    None,
}

impl PrincipalMatchKind {
    /// How the principal matched, as the Authorization view labels it (none for an
    /// implicit principal or no match).
    pub fn label(self) -> Option<&'static Text> {
        static EVERYONE: Text = Text::lit("everyone (*)", "全員 (*)");
        static DIRECT: Text = Text::lit("named directly", "プリンシパル自体を指定");
        static ACCOUNT: Text = Text::lit(
            "the account → its IAM policies decide",
            "アカウント → IAM ポリシーで判定",
        );
        static NOT_PRINCIPAL: Text = Text::lit(
            "NotPrincipal + permissions boundary",
            "NotPrincipal + アクセス許可の境界",
        );
        match self {
            PrincipalMatchKind::Everyone => Some(&EVERYONE),
            PrincipalMatchKind::Direct => Some(&DIRECT),
            PrincipalMatchKind::Account => Some(&ACCOUNT),
            PrincipalMatchKind::NotPrincipalWithBoundary => Some(&NOT_PRINCIPAL),
            PrincipalMatchKind::Implicit | PrincipalMatchKind::None => None,
        }
    }
}

/// One statement's match details.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatementExplanation {
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    /// Action, resource, principal and all conditions matched.
    pub matched: bool,
    pub action_matched: bool,
    pub resource_matched: bool,
    /// `None` when the statement has no Principal/NotPrincipal element.
    pub principal_matched: Option<bool>,
    pub principal_match: PrincipalMatchKind,
    pub conditions_matched: bool,
    pub conditions: Vec<ConditionExplanation>,
    pub line: usize,
    pub column: usize,
    pub path: String,
}

/// One condition's evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConditionExplanation {
    /// As written, e.g. `ForAnyValue:StringLike`.
    pub operator: String,
    pub key: String,
    pub key_present: bool,
    /// The request's values for the key (empty when missing, or when too long to repeat:
    /// then `request_values_key` says where they are; see [`ConditionExplanation::values_in`]).
    pub request_values: Vec<String>,
    /// The key of [`Explanation::context_values`] holding this condition's request values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_values_key: Option<String>,
    /// The policy's values, with variables substituted.
    pub policy_values: Vec<String>,
    pub result: bool,
    pub line: usize,
    pub column: usize,
    pub path: String,
}

impl ConditionExplanation {
    /// The request's values for the key, wherever the explanation keeps them.
    pub fn values_in<'a>(&'a self, e: &'a Explanation) -> &'a [String] {
        self.request_values_key
            .as_ref()
            .and_then(|k| e.context_values.get(k))
            .map_or(&self.request_values[..], |v| &v[..])
    }
}

/// One KMS grant's evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GrantExplanation {
    pub index: usize,
    pub grantee_principal: String,
    pub grantee_matched: bool,
    pub operation_matched: bool,
    pub constraints_matched: bool,
    pub matched: bool,
}

/// A level of an organization's hierarchy, root first: level 0 is the root, the last of
/// `levels` (when more than one) the account, the ones between OUs (outermost first).
pub fn level_name(level: usize, levels: usize) -> crate::text::Text {
    if level == 0 {
        crate::text::Text::lit("the root", "ルート")
    } else if level + 1 == levels {
        crate::text::Text::lit("the account", "アカウント")
    } else {
        crate::text::Text::new(
            format!("OU level {level} below the root"),
            format!("ルートから {level} 階層目の OU"),
        )
    }
}

fn attached_en(names: &[String]) -> String {
    if names.is_empty() {
        "nothing is attached there".into()
    } else {
        format!("attached there: {}", names.join(", "))
    }
}

fn attached_ja(names: &[String]) -> String {
    if names.is_empty() {
        "そこには何もアタッチされていません".into()
    } else {
        format!("そこにアタッチされているもの: {}", names.join("、"))
    }
}
