//! The `check` command: IAM Access Analyzer's custom policy checks, run on the comparison
//! of this module without an AWS account.
//!
//! - `no-new-access --before A --after B`: `CheckNoNewAccess` — does B allow a request A
//!   does not?
//! - `access-not-granted --policy P --actions a,b`: `CheckAccessNotGranted` — does P allow
//!   any of the actions (optionally on `--resources`)?
//!
//! Both print Access Analyzer's response shape (`result` PASS or FAIL, `message`,
//! `reasons` of `{description, statementIndex, statementId}`; API reference:
//! CheckNoNewAccess, CheckAccessNotGranted) and, beyond it, the concrete requests that
//! differ and the sentences that group them in English and Japanese. Access Analyzer
//! reasons with automated logic over every request; here the request space is the one of
//! [`super::space`], and `exhaustive` says whether every request of it was evaluated.
//!
//! A policy with a `Principal` is checked as a resource policy (`--policy-type` overrides):
//! it is the policy of one resource (a key for a key policy, the bucket its `Resource`
//! names, a role for a trust policy), and the callers are the principals it names and the
//! outsiders, each with IAM allowing everything. An identity policy is attached to one role
//! of the account its resources name; KMS keys it names get the default key policy, so the
//! identity policy decides.

use serde_json::{json, Value};

use super::super::cli::{guess_kind, parse_kind};
use super::super::fix::{ResourceKind, World, WorldPrincipal, WorldResource};
use super::super::{
    arn_account, evaluate_rule, parse_policy, DecidingRule, NamedPolicy, Policy, PolicyKind,
};
use super::{all_actions, compare, request_of, space, words, Diff, Point, Space};
use crate::text::Text;

/// Concrete requests printed at most per list (all are counted).
pub const MAX_LISTED: usize = 50;

/// What is checked: an identity or a resource policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyType {
    Identity,
    Resource,
}

impl PolicyType {
    /// `IDENTITY_POLICY` / `RESOURCE_POLICY` as Access Analyzer names them (also `identity`,
    /// `resource`, and the `lint --kind` names).
    pub fn parse(s: &str) -> Option<PolicyType> {
        match s.to_ascii_uppercase().as_str() {
            "IDENTITY_POLICY" | "IDENTITY" => Some(PolicyType::Identity),
            "RESOURCE_POLICY" | "RESOURCE" => Some(PolicyType::Resource),
            _ => parse_kind(s).map(|k| match k {
                PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Scp => {
                    PolicyType::Identity
                }
                _ => PolicyType::Resource,
            }),
        }
    }

    fn guess(text: &str) -> PolicyType {
        match guess_kind(text) {
            PolicyKind::Identity => PolicyType::Identity,
            _ => PolicyType::Resource,
        }
    }
}

/// A located error in English and Japanese.
fn parse(name: &str, text: &str) -> Result<Policy, Text> {
    parse_policy(text).map_err(|e| {
        Text::new(
            format!("{name}: {}", e.located("en")),
            format!("{name}: {}", e.located("ja")),
        )
    })
}

fn first_account(p: &Policy) -> Option<String> {
    let mut out = None;
    for s in &p.statements {
        if let Some(pe) = &s.principal {
            if let super::super::PrincipalValue::Entries(list) = &pe.value {
                for e in list {
                    let info = super::super::arn::PrincipalInfo::parse(&e.value);
                    if let Some(a) = info.account {
                        out.get_or_insert_with(|| a.to_string());
                    }
                }
            }
        }
        for r in s.resource.iter().flat_map(|r| &r.patterns) {
            if let Some(a) = arn_account(&r.text).filter(|a| super::super::is_account_id(a)) {
                out.get_or_insert_with(|| a.to_string());
            }
        }
    }
    out
}

fn region_of(p: &Policy) -> String {
    p.statements
        .iter()
        .flat_map(|s| s.resource.iter().flat_map(|r| &r.patterns))
        .find_map(|r| {
            r.text
                .split(':')
                .nth(3)
                .filter(|x| !x.is_empty() && !x.contains('*'))
        })
        .unwrap_or("ap-northeast-1")
        .to_string()
}

/// The ARN of the one resource a resource policy is attached to.
fn resource_arn(text: &str, p: &Policy, account: &str) -> (String, ResourceKind) {
    let region = region_of(p);
    match guess_kind(text) {
        PolicyKind::KeyPolicy => (
            format!("arn:aws:kms:{region}:{account}:key/11111111-2222-4333-8444-555555555555"),
            ResourceKind::KmsKey,
        ),
        PolicyKind::TrustPolicy => (
            format!("arn:aws:iam::{account}:role/TheRoleOfThisTrustPolicy"),
            ResourceKind::Role,
        ),
        _ => {
            let named = p
                .statements
                .iter()
                .flat_map(|s| s.resource.iter().flat_map(|r| &r.patterns))
                .map(|r| r.text.clone())
                .find(|t| t.starts_with("arn:"));
            match named {
                Some(t) if t.starts_with("arn:aws:s3:::") => {
                    let bucket = t.split('/').next().unwrap_or(&t).trim_end_matches('*');
                    (bucket.to_string(), ResourceKind::Bucket)
                }
                Some(t) => (t.clone(), ResourceKind::of_arn(&t)),
                None => (
                    format!(
                        "arn:aws:kms:{region}:{account}:key/11111111-2222-4333-8444-555555555555"
                    ),
                    ResourceKind::KmsKey,
                ),
            }
        }
    }
}

fn default_key_policy(account: &str) -> NamedPolicy {
    let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": format!("arn:aws:iam::{account}:root")}, "Action": "kms:*", "Resource": "*"}]});
    let p = parse_policy(&doc.to_string()).unwrap_or_else(|_| Policy {
        version: None,
        id: None,
        statements: Vec::new(),
        source: String::new(),
    });
    NamedPolicy::new("default key policy", p)
}

/// The label of the principal an identity policy is checked for (said in Japanese by
/// `words::who_text`).
pub(super) const THIS_ROLE: &str = "the role this policy is attached to";

/// The world of one document of type `ty` (`None`: a world without it).
fn world(ty: PolicyType, text: &str, p: &Policy, doc: Option<&Policy>) -> World {
    let account = first_account(p).unwrap_or_else(|| "123456789012".into());
    let named = doc.map(|d| NamedPolicy::new("policy", d.clone()));
    let mut w = World {
        account: account.clone(),
        ..World::default()
    };
    match ty {
        PolicyType::Identity => {
            let arn = format!("arn:aws:sts::{account}:assumed-role/TheRoleOfThisPolicy/session");
            w.principals.push(WorldPrincipal {
                arn,
                label: THIS_ROLE.into(),
                identity: named.into_iter().collect(),
                identity_json: Vec::new(),
                preferred_policy: None,
                boundary: Vec::new(),
                boundary_json: None,
            });
            let keys = p
                .statements
                .iter()
                .flat_map(|s| s.resource.iter().flat_map(|r| &r.patterns))
                .filter(|r| ResourceKind::of_arn(&r.text) == ResourceKind::KmsKey);
            for r in keys {
                let acc = arn_account(&r.text)
                    .filter(|a| super::super::is_account_id(a))
                    .unwrap_or(&account)
                    .to_string();
                w.resources.push(WorldResource {
                    arn: r.text.clone(),
                    kind: ResourceKind::KmsKey,
                    label: r.text.clone(),
                    policy: Some(default_key_policy(&acc)),
                    policy_json: None,
                    grants: Vec::new(),
                    editable: false,
                });
            }
        }
        PolicyType::Resource => {
            let (arn, kind) = resource_arn(text, p, &account);
            w.resources.push(WorldResource {
                label: arn.clone(),
                arn,
                kind,
                policy: named,
                policy_json: None,
                grants: Vec::new(),
                editable: false,
            });
        }
    }
    w
}

/// The statement of the checked document that allows a request in `after`.
fn statement_of(rule: &DecidingRule, ty: PolicyType) -> Option<usize> {
    use DecidingRule::*;
    match (rule, ty) {
        (IdentityPolicyAllows { statement, .. }, PolicyType::Identity) => Some(*statement),
        (
            KeyPolicyDelegates {
                identity_statement, ..
            },
            PolicyType::Identity,
        )
        | (
            KeyPolicyAllowsCrossAccount {
                identity_statement, ..
            },
            PolicyType::Identity,
        )
        | (
            CrossAccountAllows {
                identity_statement, ..
            },
            PolicyType::Identity,
        ) => Some(*identity_statement),
        (ResourcePolicyAllows { statement, .. }, PolicyType::Resource)
        | (KeyPolicyAllows { statement, .. }, PolicyType::Resource)
        | (KeyPolicyDelegates { statement, .. }, PolicyType::Resource)
        | (KeyPolicyAllowsCrossAccount { statement, .. }, PolicyType::Resource) => Some(*statement),
        (
            CrossAccountAllows {
                resource_statement, ..
            },
            PolicyType::Resource,
        ) => Some(*resource_statement),
        _ => None,
    }
}

fn request_json(space: &Space, p: &Point, actions: &[&str]) -> Value {
    let r = request_of(space, p);
    json!({"principal": r.principal, "actions": actions, "resource": r.resource, "context": r.context})
}

fn listed(space: &Space, items: &[(&Point, Vec<&str>)]) -> Value {
    Value::Array(
        items
            .iter()
            .take(MAX_LISTED)
            .map(|(p, a)| request_json(space, p, a))
            .collect(),
    )
}

fn texts(t: &[Text]) -> Value {
    Value::Array(
        t.iter()
            .map(|t| json!({"en": t.en(), "ja": t.get("ja")}))
            .collect(),
    )
}

/// Reasons in Access Analyzer's shape: one per sentence, with the statement of `doc` that
/// allows its first request.
fn reasons(
    space: &Space,
    after: &World,
    ty: PolicyType,
    doc: &Policy,
    items: &[(&Point, Vec<&str>)],
    sentences: &[Text],
) -> Value {
    let mut out = Vec::new();
    let statement = items.first().and_then(|(p, _)| {
        let r = request_of(space, p);
        let s = &space.subjects[p.subject];
        let t = &space.targets[p.target];
        statement_of(&evaluate_rule(&r, &super::policy_set(after, s, t)), ty)
    });
    for (i, s) in sentences.iter().enumerate() {
        let mut r = json!({"description": s.en()});
        if i == 0 {
            if let Some(idx) = statement {
                r["statementIndex"] = json!(idx);
                if let Some(sid) = doc.statements.get(idx).and_then(|s| s.sid.clone()) {
                    r["statementId"] = json!(sid);
                }
            }
        }
        out.push(r);
    }
    Value::Array(out)
}

fn ty_of(policy_type: Option<&str>, text: &str) -> Result<PolicyType, Text> {
    match policy_type {
        None => Ok(PolicyType::guess(text)),
        Some(s) => PolicyType::parse(s).ok_or_else(|| {
            Text::new(
                format!("unknown --policy-type {s}; expected IDENTITY_POLICY or RESOURCE_POLICY"),
                format!("--policy-type {s} は不明です。IDENTITY_POLICY または RESOURCE_POLICY を指定してください"),
            )
        }),
    }
}

fn summary(diff: &Diff) -> Value {
    json!({"requests_evaluated": diff.evaluated, "exhaustive": !diff.sampled,
    "note": {
        "en": "Compared by Envelope Lab over the requests the documents' constants span (every principal, account, action, resource and condition value they name, one other value, absent, and outsiders); Access Analyzer itself reasons over every request with automated reasoning. \"exhaustive\": false means the space was larger than the budget and was sampled at an even stride.",
        "ja": "Envelope Lab がドキュメントの定数から作るリクエスト (記載されたすべてのプリンシパル、アカウント、アクション、リソース、条件の値、それ以外の値、値なし、外部のプリンシパル) で比較しました。Access Analyzer 自体は自動推論ですべてのリクエストを調べます。\"exhaustive\" が false のときは、空間が上限を超えたため等間隔で抽出しました。"
    }})
}

/// `check no-new-access`: whether `after` allows a request `before` does not.
pub fn no_new_access(before: &str, after: &str, policy_type: Option<&str>) -> Result<Value, Text> {
    let b = parse("--before", before)?;
    let a = parse("--after", after)?;
    let ty = ty_of(policy_type, after)?;
    let wb = world(ty, after, &a, Some(&b));
    let wa = world(ty, after, &a, Some(&a));
    let sp = space::build(&[&wb, &wa], None);
    let diff = compare(&sp, &wb, &wa, super::max_requests(&wa));
    let allowed = all_actions(&sp, &diff.newly_allowed);
    let denied = all_actions(&sp, &diff.newly_denied);
    let allows = words::describe(&sp, &allowed, None);
    let denies = words::describe(&sp, &denied, None);
    let pass = allowed.is_empty();
    let message = if pass {
        "The updated policy grants no new access compared with the existing policy."
    } else {
        "The updated policy grants new access compared with the existing policy."
    };
    let mut out = json!({
        "result": if pass { "PASS" } else { "FAIL" },
        "message": message,
        "reasons": reasons(&sp, &wa, ty, &a, &allowed, &allows),
        "new_access": texts(&allows),
        "removed_access": texts(&denies),
        "newly_allowed": listed(&sp, &allowed),
        "newly_allowed_count": allowed.len(),
        "newly_denied": listed(&sp, &denied),
        "newly_denied_count": denied.len(),
    });
    merge(&mut out, summary(&diff));
    Ok(out)
}

fn merge(out: &mut Value, more: Value) {
    if let (Some(o), Value::Object(m)) = (out.as_object_mut(), more) {
        o.extend(m);
    }
}

/// `check access-not-granted`: whether `policy` allows any of `actions` (on `resources`,
/// when given: ARNs or patterns).
pub fn access_not_granted(
    policy: &str,
    actions: &[String],
    resources: &[String],
    policy_type: Option<&str>,
) -> Result<Value, Text> {
    if actions.is_empty() && resources.is_empty() {
        return Err(Text::lit(
            "give --actions (and optionally --resources)",
            "--actions (必要なら --resources も) を指定してください",
        ));
    }
    let p = parse("--policy", policy)?;
    let ty = ty_of(policy_type, policy)?;
    let empty = Policy {
        version: p.version.clone(),
        id: None,
        statements: Vec::new(),
        source: String::new(),
    };
    let wb = world(ty, policy, &p, Some(&empty));
    let wa = world(ty, policy, &p, Some(&p));
    let mut sp = space::build(&[&wb, &wa], None);
    for a in actions {
        add_action(&mut sp, a);
    }
    let diff = compare(&sp, &wb, &wa, super::max_requests(&wa));
    let globs: Vec<super::Glob> = resources.iter().map(|r| super::Glob::new(r)).collect();
    let granted: Vec<(&Point, Vec<&str>)> = all_actions(&sp, &diff.newly_allowed)
        .into_iter()
        .filter(|(p, _)| {
            globs.is_empty() || globs.iter().any(|g| g.matches(&sp.targets[p.target].arn))
        })
        .filter_map(|(p, acts)| {
            let hit: Vec<&str> = acts
                .into_iter()
                .filter(|a| actions.is_empty() || actions.iter().any(|x| x.eq_ignore_ascii_case(a)))
                .collect();
            (!hit.is_empty()).then_some((p, hit))
        })
        .collect();
    let sentences = words::describe(&sp, &granted, None);
    let pass = granted.is_empty();
    let message = if pass {
        "The policy does not grant the specified access."
    } else {
        "The policy grants the specified access."
    };
    let mut out = json!({
        "result": if pass { "PASS" } else { "FAIL" },
        "message": message,
        "reasons": reasons(&sp, &wa, ty, &p, &granted, &sentences),
        "granted_access": texts(&sentences),
        "granted": listed(&sp, &granted),
        "granted_count": granted.len(),
    });
    merge(&mut out, summary(&diff));
    Ok(out)
}

/// Makes sure `action` is in the space on the targets of its service, as a class of its
/// own (the caller asked about it by name).
fn add_action(sp: &mut Space, action: &str) {
    let svc = action
        .split_once(':')
        .map_or("", |(s, _)| s)
        .to_ascii_lowercase();
    for (t, classes) in sp.targets.iter().zip(sp.actions.iter_mut()) {
        if space::service_of_kind(t.kind) != svc {
            continue;
        }
        for c in classes.iter_mut() {
            c.actions.retain(|a| !a.eq_ignore_ascii_case(action));
        }
        classes.retain(|c| !c.actions.is_empty());
        let dims = (0..sp.dims.len())
            .filter(|d| space::provides(action, &sp.dims[*d].key))
            .collect();
        classes.push(space::ActionClass {
            actions: vec![action.to_string()],
            dims,
        });
    }
}
