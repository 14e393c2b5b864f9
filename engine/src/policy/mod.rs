//! The IAM/KMS policy engine: parse policy JSON into a typed model with located errors,
//! match actions/resources/principals/conditions with AWS's semantics, decide requests
//! (`Allowed` / `ExplicitlyDenied` / `ImplicitlyDenied`) with the KMS key-policy rule and
//! grants, explain every decision, and lint policies in the style of IAM Access Analyzer.
//!
//! Knows nothing of Kinesis or S3 beyond the action/condition-key tables in `catalog`.
//! Never imports web code; compiles for wasm32.
//!
//! ```
//! use envelope_lab::policy::*;
//! let key = parse_policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
//!   "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}"#).unwrap();
//! let role = parse_policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
//!   "Action":"kms:GenerateDataKey","Resource":"*"}]}"#).unwrap();
//! let identity = [NamedPolicy::new("RolePolicy", role)];
//! let key = NamedPolicy::new("KinesisKey", key);
//! let set = PolicySet::new(&identity).with_resource(&key);
//! let req = Request::new("arn:aws:sts::123456789012:assumed-role/R/S", "kms:GenerateDataKey",
//!   "arn:aws:kms:ap-northeast-1:123456789012:key/k");
//! assert_eq!(evaluate(&req, &set), Decision::Allowed);
//! assert!(explain(&req, &set).reason.starts_with("key policy statement 0 delegates"));
//! ```

mod analysis;
mod arn;
pub mod catalog;
pub mod cli;
pub mod compare;
mod condition;
mod context;
mod evaluate;
mod explain;
pub mod fix;
pub mod json;
mod kms;
mod lint;
mod model;
pub mod org;
pub mod org_rules;
mod parse;
mod path;
mod principal;
pub mod sources;
mod variables;
mod wildcard;

pub use analysis::{shadowed_conditions, ShadowedCondition};
pub use arn::{arn_account, is_account_id, is_kms_key_arn, ArnGlob};
pub use condition::{parse_date, parse_number, Cidr};
pub use context::{Context, ContextValue};
pub use explain::{
    denial_message, policy_display_name, BoundaryCaller, ConditionExplanation, DecidingRule,
    Decision, DeniedBy, Explanation, GrantExplanation, LimitedGrant, PastBoundary,
    PolicyExplanation, PolicyType, PrincipalMatchKind, StatementExplanation,
};
pub use lint::{lint, lint_policy_node, Finding, PolicyKind, Severity};
pub use model::*;
pub use parse::{parse_policy, parse_policy_node, PolicyError};
pub use path::{
    evaluation_path, EvaluationPath, Stage, StageOutcome, StageView, StatementPart, StatementRole,
};
pub use variables::{Part, Template};
pub use wildcard::Glob;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One authorization request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The caller, e.g. `arn:aws:sts::123456789012:assumed-role/Role/Session`, an IAM user
    /// or role ARN, an account id, or a service principal such as `kinesis.amazonaws.com`.
    pub principal: String,
    /// e.g. `kms:GenerateDataKey` (matched case-insensitively).
    pub action: String,
    /// The resource ARN.
    pub resource: String,
    /// The account owning the resource; defaults to the resource ARN's account, else the
    /// principal's.
    #[serde(default)]
    pub resource_account: Option<String>,
    /// Condition keys. Principal-derived keys (`aws:PrincipalArn`, `aws:PrincipalAccount`,
    /// `aws:PrincipalType`, `aws:username`, `kms:CallerAccount`) are derived automatically
    /// when not set.
    #[serde(default)]
    pub context: Context,
}

impl Request {
    pub fn new(
        principal: impl Into<String>,
        action: impl Into<String>,
        resource: impl Into<String>,
    ) -> Self {
        Request {
            principal: principal.into(),
            action: action.into(),
            resource: resource.into(),
            resource_account: None,
            context: Context::new(),
        }
    }

    /// Builder: replaces the context.
    pub fn with_context(mut self, context: Context) -> Self {
        self.context = context;
        self
    }

    /// Builder: sets the resource account.
    pub fn with_resource_account(mut self, account: impl Into<String>) -> Self {
        self.resource_account = Some(account.into());
        self
    }
}

/// A policy with the name shown in explanations (e.g. `DataSourceLambdaPolicy`).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedPolicy {
    pub name: String,
    pub policy: Arc<Policy>,
}

impl NamedPolicy {
    pub fn new(name: impl Into<String>, policy: Policy) -> Self {
        NamedPolicy {
            name: name.into(),
            policy: Arc::new(policy),
        }
    }

    /// Parses and names a policy.
    pub fn parse(name: impl Into<String>, json: &str) -> Result<Self, PolicyError> {
        Ok(Self::new(name, parse_policy(json)?))
    }

    /// A policy with no statements.
    pub fn empty() -> Self {
        Self::new(
            "",
            Policy {
                version: Some("2012-10-17".into()),
                id: None,
                statements: Vec::new(),
                source: String::new(),
            },
        )
    }
}

/// A KMS grant (CreateGrant's fields). Grants can only allow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// The grantee: a role, user or service principal; a role ARN also covers its sessions.
    #[serde(alias = "GranteePrincipal")]
    pub grantee_principal: String,
    /// Grant operations such as `Decrypt`, `GenerateDataKey` (a `kms:` prefix is accepted).
    #[serde(alias = "Operations")]
    pub operations: Vec<String>,
    /// The request's encryption context must be exactly these pairs.
    #[serde(default, alias = "EncryptionContextEquals")]
    pub encryption_context_equals: Option<BTreeMap<String, String>>,
    /// The request's encryption context must include these pairs.
    #[serde(default, alias = "EncryptionContextSubset")]
    pub encryption_context_subset: Option<BTreeMap<String, String>>,
}

/// The policies that apply to a request.
#[derive(Clone, Copy, Debug, Default)]
pub struct PolicySet<'a> {
    /// The principal's identity-based policies.
    pub identity: &'a [NamedPolicy],
    /// The resource-based policy; for a KMS key, the key policy.
    pub resource: Option<&'a NamedPolicy>,
    /// Permissions boundaries of the principal (each must allow).
    pub boundaries: &'a [NamedPolicy],
    /// Service control policies of the principal's account, root → OUs → account, split
    /// into levels by `scp_levels`: each level needs an Allow, a Deny in any denies.
    pub scps: &'a [NamedPolicy],
    /// How many of `scps` each level holds, root first; empty: all of them are one level.
    /// Policies past the sum form one more level.
    pub scp_levels: &'a [usize],
    /// How texts name each SCP level that is an OU of an organization (`OU Prod (ou-…)`),
    /// root first; empty or `None`: by its depth only.
    pub scp_level_names: &'a [Option<String>],
    /// Resource control policies of the resource's account, levels as for SCPs.
    pub rcps: &'a [NamedPolicy],
    /// How many of `rcps` each level holds (as `scp_levels`).
    pub rcp_levels: &'a [usize],
    /// The organization's management account: SCPs do not limit its principals and RCPs
    /// do not limit its resources.
    pub management_account: Option<&'a str>,
    /// The key is an AWS managed key (RCPs do not apply to it).
    pub aws_managed_key: bool,
    /// KMS grants on the key.
    pub grants: &'a [Grant],
}

impl<'a> PolicySet<'a> {
    /// A set with only identity policies.
    pub fn new(identity: &'a [NamedPolicy]) -> Self {
        PolicySet {
            identity,
            ..PolicySet::default()
        }
    }

    pub fn with_resource(mut self, resource: &'a NamedPolicy) -> Self {
        self.resource = Some(resource);
        self
    }

    pub fn with_boundaries(mut self, boundaries: &'a [NamedPolicy]) -> Self {
        self.boundaries = boundaries;
        self
    }

    pub fn with_scps(mut self, scps: &'a [NamedPolicy]) -> Self {
        self.scps = scps;
        self
    }

    /// SCPs in levels (`levels[i]` policies at level `i`, root first).
    pub fn with_scp_levels(mut self, scps: &'a [NamedPolicy], levels: &'a [usize]) -> Self {
        self.scps = scps;
        self.scp_levels = levels;
        self
    }

    /// The names of the SCP levels that are OUs (see `scp_level_names`).
    pub fn with_scp_level_names(mut self, names: &'a [Option<String>]) -> Self {
        self.scp_level_names = names;
        self
    }

    /// RCPs in levels (`levels[i]` policies at level `i`, root first).
    pub fn with_rcp_levels(mut self, rcps: &'a [NamedPolicy], levels: &'a [usize]) -> Self {
        self.rcps = rcps;
        self.rcp_levels = levels;
        self
    }

    pub fn with_management_account(mut self, account: &'a str) -> Self {
        self.management_account = Some(account);
        self
    }

    pub fn with_grants(mut self, grants: &'a [Grant]) -> Self {
        self.grants = grants;
        self
    }
}

/// The fast path: the decision only, no explanation.
pub fn evaluate(req: &Request, set: &PolicySet<'_>) -> Decision {
    evaluate::decide(req, set, &mut evaluate::Fast).decision()
}

/// The fast path returning the deciding rule too (policy names are cloned, statements are
/// not recorded). Agrees with [`explain`] by construction; tests check it.
pub fn evaluate_rule(req: &Request, set: &PolicySet<'_>) -> DecidingRule {
    let rule = evaluate::decide(req, set, &mut evaluate::Fast);
    let p = arn::PrincipalInfo::parse(&req.principal);
    evaluate::to_public(rule, set, req, &evaluate::accounts(req, &p))
}

/// The explained path: decision, deciding rule, AWS's denial text and per-statement detail.
pub fn explain(req: &Request, set: &PolicySet<'_>) -> Explanation {
    let mut rec = Explainer::default();
    let rule = evaluate::decide(req, set, &mut rec);
    let p = arn::PrincipalInfo::parse(&req.principal);
    let acc = evaluate::accounts(req, &p);
    let rule = evaluate::to_public(rule, set, req, &acc);
    let mut policies = rec.policies;
    org_rules::annotate_levels(&mut policies, set);
    Explanation {
        decision: rule.decision(),
        reason: rule.english(),
        message: rule.denial_message(req),
        principal_account: acc.principal.map(str::to_string),
        resource_account: acc.resource.map(str::to_string),
        cross_account: acc.cross,
        kms_key: acc.kms_key,
        rule,
        policies,
        grants: rec.grants,
        context_values: rec.context_values,
    }
}

/// Collects statements and grants for [`explain`].
#[derive(Default)]
struct Explainer {
    current: Vec<StatementExplanation>,
    policies: Vec<PolicyExplanation>,
    grants: Vec<GrantExplanation>,
    context_values: BTreeMap<String, Vec<String>>,
}

impl evaluate::Recorder for Explainer {
    const FULL: bool = true;

    fn statement(&mut self, s: StatementExplanation) {
        self.current.push(s);
    }

    fn end_policy(&mut self, ty: PolicyType, name: &str) {
        let statements = std::mem::take(&mut self.current);
        let allows = statements
            .iter()
            .any(|s| s.matched && s.effect == Effect::Allow);
        let denies = statements
            .iter()
            .any(|s| s.matched && s.effect == Effect::Deny);
        self.policies.push(PolicyExplanation {
            kind: ty,
            name: name.to_string(),
            allows,
            denies,
            statements,
            level: None,
            level_name: None,
        });
    }

    fn grant(&mut self, g: GrantExplanation) {
        self.grants.push(g);
    }

    fn context_values(&mut self, key_lower: &str, values: &context::Values<'_>) {
        if !self.context_values.contains_key(key_lower) {
            let v = values.iter().map(str::to_string).collect();
            self.context_values.insert(key_lower.to_string(), v);
        }
    }
}
