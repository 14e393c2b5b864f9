//! The finite request space of a comparison, derived from the constants the documents
//! mention (in the spirit of IAM Access Analyzer's custom policy checks, which reason over
//! the values a policy names): every principal they name (accounts, roles, users, service
//! principals), the outsiders that matter to a security reviewer, every resource, every
//! action written and the catalog's actions a wildcard covers, and for each condition key
//! every value a statement names, one value none names, and "absent".
//!
//! Actions that every pattern of both worlds matches alike (and that provide the same
//! condition keys) decide alike, so one action per class is evaluated and the result holds
//! for the whole class. Context keys derived from the principal (`aws:PrincipalArn`,
//! `kms:CallerAccount`, …) are never varied: the evaluator derives them. `aws:SourceArn` and
//! `aws:SourceAccount` are varied together and only for service principals (AWS sets them
//! only when a service acts for a resource); `kms:ViaService` only for IAM principals.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::super::arn::{PrincipalInfo, PrincipalShape};
use super::super::catalog;
use super::super::fix::{ResourceKind, World};
use super::super::{parse_policy, BaseOperator, NamedPolicy, Policy, PrincipalValue, Request};

/// Named values kept per condition key (first seen); more are left out and the space says
/// it was sampled.
pub const MAX_VALUES_PER_KEY: usize = 8;
/// Named principals and resources kept (first seen).
pub const MAX_NAMED: usize = 24;
/// Longest named value used as a request value (longer ones are left out and the space
/// says it was sampled).
pub const MAX_VALUE_LEN: usize = 2048;

/// Who a principal of the space is, for the words that describe a difference.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Who {
    /// A principal of the world, by its label.
    World { label: String, service: bool },
    /// A same-account role with no IAM policy.
    NoIam { account: String },
    /// A same-account role whose IAM policy allows every action.
    Admin { account: String },
    /// A role of another account whose IAM policy allows every action (`fresh`: an account
    /// no document names).
    Account { account: String, fresh: bool },
    /// A role or user a document names, with IAM allowing everything.
    Named { label: String },
    /// A service principal a document names.
    Service { name: String },
}

impl Who {
    pub fn is_service(&self) -> bool {
        matches!(self, Who::Service { .. } | Who::World { service: true, .. })
    }
}

/// A principal of the space.
#[derive(Clone, Debug)]
pub struct Subject {
    pub arn: String,
    pub who: Who,
    /// Index in the world, when it is one of the world's principals.
    pub world: Option<usize>,
    /// Identity policies of an outsider.
    pub identity: Vec<NamedPolicy>,
    /// The world's SCPs apply (principals of the world's account).
    pub scps: bool,
}

/// A resource of the space.
#[derive(Clone, Debug)]
pub struct Target {
    /// The ARN requests name.
    pub arn: String,
    /// The world resource it belongs to.
    pub world: Option<usize>,
    /// The policy of a resource outside the world (a key's default key policy).
    pub own_policy: Option<NamedPolicy>,
    pub kind: ResourceKind,
    /// How words name it.
    pub label: TargetLabel,
    /// The account owning it.
    pub account: Option<String>,
}

/// How a target is named in words.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TargetLabel {
    /// A world resource (or the request's own resource), by label.
    Named(String),
    /// Another object of a bucket, another stream of a log group.
    OtherIn(String),
    /// A resource of this kind outside the documents, in `account`.
    Outside { kind: &'static str, account: String },
    /// A resource pattern a statement writes, taken literally.
    Pattern(String),
}

/// What a context option stands for, for words and for the class test.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tag {
    Named(String),
    /// A value no document names.
    Fresh,
    Absent,
    /// A source (`aws:SourceArn`, `aws:SourceAccount`): a named ARN, or a resource in an
    /// account (`None`: any account).
    Source {
        arn: Option<String>,
        account: Option<String>,
    },
}

/// One value choice of a dimension: the keys it sets and what it stands for.
#[derive(Clone, Debug)]
pub struct Opt {
    pub sets: Vec<(String, String)>,
    pub tag: Tag,
}

/// A context dimension: one key (or the source pair) and its choices.
#[derive(Clone, Debug)]
pub struct Dim {
    pub key: String,
    pub opts: Vec<Opt>,
    /// Only service principals (the source pair) / only IAM principals (`kms:ViaService`).
    pub scope: Scope,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Services,
    NotServices,
}

/// A class of actions that decide alike; `actions[0]` is evaluated.
#[derive(Clone, Debug)]
pub struct ActionClass {
    pub actions: Vec<String>,
    /// The dimensions the actions provide (indices into [`Space::dims`]).
    pub dims: Vec<usize>,
}

/// The request space.
#[derive(Clone, Debug)]
pub struct Space {
    pub subjects: Vec<Subject>,
    pub targets: Vec<Target>,
    /// Action classes per target.
    pub actions: Vec<Vec<ActionClass>>,
    pub dims: Vec<Dim>,
    /// Some named value, principal or resource was left out to stay bounded.
    pub trimmed: bool,
}

/// Everything the documents of some worlds mention.
#[derive(Default)]
struct Mentions {
    accounts: BTreeSet<String>,
    principals: Vec<String>,
    services: Vec<String>,
    resources: Vec<String>,
    actions: Vec<String>,
    /// Key (lower case) → (display key, operators, named values).
    keys: BTreeMap<String, (String, Vec<BaseOperator>, Vec<String>)>,
    trimmed: bool,
}

fn push_unique(list: &mut Vec<String>, v: &str, cap: usize, trimmed: &mut bool) {
    if list.iter().any(|x| x == v) {
        return;
    }
    if list.len() >= cap {
        *trimmed = true;
        return;
    }
    list.push(v.to_string());
}

impl Mentions {
    fn policy(&mut self, p: &Policy) {
        for s in &p.statements {
            if let Some(pe) = &s.principal {
                if let PrincipalValue::Entries(list) = &pe.value {
                    for e in list {
                        self.principal(&e.value);
                    }
                }
            }
            for a in &s.action.patterns {
                push_unique(&mut self.actions, &a.text, usize::MAX, &mut self.trimmed);
            }
            if let Some(r) = &s.resource {
                for p in &r.patterns {
                    if p.text != "*" {
                        push_unique(&mut self.resources, &p.text, MAX_NAMED, &mut self.trimmed);
                        if let Some(a) = super::super::arn_account(&p.text) {
                            self.account(a);
                        }
                    }
                }
            }
            for c in &s.conditions {
                let entry = self
                    .keys
                    .entry(c.key_lower.clone())
                    .or_insert_with(|| (c.key.clone(), Vec::new(), Vec::new()));
                if !entry.1.contains(&c.operator.base) {
                    entry.1.push(c.operator.base);
                }
                for v in &c.values {
                    if v.text.len() > MAX_VALUE_LEN {
                        self.trimmed = true;
                        continue;
                    }
                    push_unique(&mut entry.2, &v.text, MAX_VALUES_PER_KEY, &mut self.trimmed);
                }
            }
        }
    }

    fn account(&mut self, a: &str) {
        if super::super::is_account_id(a) {
            self.accounts.insert(a.to_string());
        }
    }

    fn principal(&mut self, v: &str) {
        let info = PrincipalInfo::parse(v);
        if let Some(a) = info.account {
            self.account(a);
        }
        match info.kind {
            PrincipalShape::Service => {
                push_unique(&mut self.services, v, MAX_NAMED, &mut self.trimmed)
            }
            PrincipalShape::Role { .. }
            | PrincipalShape::User { .. }
            | PrincipalShape::AssumedRole { .. } => {
                push_unique(&mut self.principals, v, MAX_NAMED, &mut self.trimmed)
            }
            _ => {}
        }
    }

    fn world(&mut self, w: &World) {
        self.account(&w.account.clone());
        let policies = w
            .principals
            .iter()
            .flat_map(|p| p.identity.iter().chain(&p.boundary))
            .chain(w.resources.iter().filter_map(|r| r.policy.as_ref()))
            .chain(&w.scps);
        let policies: Vec<&NamedPolicy> = policies.collect();
        for p in policies {
            self.policy(&p.policy);
        }
        for r in &w.resources {
            for g in &r.grants {
                self.principal(&g.grantee_principal.clone());
                for op in &g.operations {
                    let a = if op.contains(':') {
                        op.clone()
                    } else {
                        format!("kms:{op}")
                    };
                    push_unique(&mut self.actions, &a, usize::MAX, &mut self.trimmed);
                }
                let pairs = g
                    .encryption_context_equals
                    .iter()
                    .chain(&g.encryption_context_subset)
                    .flatten();
                for (k, v) in pairs {
                    let key = format!("kms:EncryptionContext:{k}");
                    let entry = self
                        .keys
                        .entry(key.to_ascii_lowercase())
                        .or_insert_with(|| (key.clone(), Vec::new(), Vec::new()));
                    if !entry.1.contains(&BaseOperator::StringEquals) {
                        entry.1.push(BaseOperator::StringEquals);
                    }
                    push_unique(&mut entry.2, v, MAX_VALUES_PER_KEY, &mut self.trimmed);
                }
            }
        }
    }

    fn request(&mut self, req: &Request) {
        self.principal(&req.principal.clone());
        push_unique(
            &mut self.actions,
            &req.action,
            usize::MAX,
            &mut self.trimmed,
        );
        for (k, v) in req.context.iter() {
            if let Some(entry) = self.keys.get_mut(&k.to_ascii_lowercase()) {
                for v in v.as_slice() {
                    if v.len() <= MAX_VALUE_LEN {
                        push_unique(&mut entry.2, v, MAX_VALUES_PER_KEY + 1, &mut self.trimmed);
                    }
                }
            }
        }
    }
}

/// Keys the evaluator derives from the principal: never varied.
const DERIVED: [&str; 7] = [
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principaltype",
    "aws:username",
    "aws:userid",
    "kms:calleraccount",
    "aws:principalisawsservice",
];

/// Accounts used for "another account" when no document names them.
const FRESH_ACCOUNTS: [&str; 3] = ["210987654321", "309876543210", "408765432109"];

fn fresh_account(taken: &BTreeSet<String>) -> String {
    FRESH_ACCOUNTS
        .iter()
        .find(|a| !taken.contains(**a))
        .unwrap_or(&FRESH_ACCOUNTS[0])
        .to_string()
}

fn policy_of(json: serde_json::Value, name: &str) -> Vec<NamedPolicy> {
    parse_policy(&json.to_string())
        .map(|p| vec![NamedPolicy::new(name, p)])
        .unwrap_or_default()
}

fn allow_all() -> Vec<NamedPolicy> {
    policy_of(
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
        "AllowEverything",
    )
}

fn role_session(account: &str, role: &str) -> String {
    format!("arn:aws:sts::{account}:assumed-role/{role}/session")
}

/// The principals of the space: the world's, the ones the documents name, and the
/// outsiders.
fn subjects(worlds: &[&World], m: &Mentions, focus: Option<&Request>) -> Vec<Subject> {
    let base = worlds[0];
    let mut out: Vec<Subject> = base
        .principals
        .iter()
        .enumerate()
        .map(|(i, p)| Subject {
            arn: p.arn.clone(),
            who: Who::World {
                label: p.label.clone(),
                service: PrincipalInfo::parse(&p.arn).kind == PrincipalShape::Service,
            },
            world: Some(i),
            identity: Vec::new(),
            scps: true,
        })
        .collect();
    let known = |out: &Vec<Subject>, arn: &str| {
        out.iter().any(|s| {
            s.arn == arn || PrincipalInfo::parse(&s.arn).principal_arn().as_deref() == Some(arn)
        })
    };
    let account = if base.account.is_empty() {
        focus
            .and_then(|r| {
                PrincipalInfo::parse(&r.principal)
                    .account
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "123456789012".into())
    } else {
        base.account.clone()
    };
    for s in &m.services {
        if !known(&out, s) {
            out.push(Subject {
                arn: s.clone(),
                who: Who::Service { name: s.clone() },
                world: None,
                identity: Vec::new(),
                scps: false,
            });
        }
    }
    for p in &m.principals {
        let info = PrincipalInfo::parse(p);
        let arn = match info.kind {
            PrincipalShape::Role { name } => role_session(info.account.unwrap_or_default(), name),
            _ => p.clone(),
        };
        if known(&out, p) || known(&out, &arn) {
            continue;
        }
        let label = super::super::fix::principal_label(&arn);
        let same = info.account == Some(account.as_str());
        out.push(Subject {
            arn,
            who: Who::Named { label },
            world: None,
            identity: allow_all(),
            scps: same,
        });
    }
    out.push(Subject {
        arn: role_session(&account, "RoleWithoutIamPolicies"),
        who: Who::NoIam {
            account: account.clone(),
        },
        world: None,
        identity: Vec::new(),
        scps: true,
    });
    out.push(Subject {
        arn: role_session(&account, "RoleAllowedEverything"),
        who: Who::Admin {
            account: account.clone(),
        },
        world: None,
        identity: allow_all(),
        scps: true,
    });
    let mut accounts: Vec<(String, bool)> = m
        .accounts
        .iter()
        .filter(|a| **a != account)
        .map(|a| (a.clone(), false))
        .collect();
    accounts.push((fresh_account(&m.accounts), true));
    for (a, fresh) in accounts {
        out.push(Subject {
            arn: role_session(&a, "AnyRoleOfThisAccount"),
            who: Who::Account { account: a, fresh },
            world: None,
            identity: allow_all(),
            scps: false,
        });
    }
    out
}

/// The service prefix of the actions that act on a target of this kind (`kms`, `s3`, …;
/// none for a resource the space does not model).
pub(super) fn service_of_kind(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::KmsKey => "kms",
        ResourceKind::Bucket => "s3",
        ResourceKind::Stream => "kinesis",
        ResourceKind::Role => "sts",
        ResourceKind::LogGroup => "logs",
        ResourceKind::Other => "",
    }
}

fn kind_words(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::KmsKey => "kms-key",
        ResourceKind::Bucket => "bucket",
        ResourceKind::Stream => "stream",
        ResourceKind::Role => "role",
        ResourceKind::LogGroup => "log-group",
        ResourceKind::Other => "resource",
    }
}

/// The key policy a key outside the documents usually has (the default one, delegating to
/// the account).
fn default_key_policy(account: &str) -> Option<NamedPolicy> {
    policy_of(
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
            "Action": "kms:*", "Resource": "*"}]}),
        "default key policy",
    )
    .into_iter()
    .next()
}

/// The resources of the space.
fn targets(base: &World, m: &Mentions, focus: Option<&Request>) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::new();
    let account_of = |arn: &str| {
        super::super::arn_account(arn)
            .map(str::to_string)
            .or_else(|| (!base.account.is_empty()).then(|| base.account.clone()))
    };
    let push = |out: &mut Vec<Target>, t: Target| {
        if !out.iter().any(|x| x.arn == t.arn) {
            out.push(t);
        }
    };
    if let Some(req) = focus {
        let world = base.resource_of(&req.resource);
        let kind = world
            .and_then(|r| base.resources.get(r))
            .map_or_else(|| ResourceKind::of_arn(&req.resource), |r| r.kind);
        let label = world
            .and_then(|r| base.resources.get(r))
            .filter(|r| r.arn == req.resource)
            .map_or_else(|| req.resource.clone(), |r| r.label.clone());
        push(
            &mut out,
            Target {
                arn: req.resource.clone(),
                world,
                own_policy: None,
                kind,
                label: TargetLabel::Named(label),
                account: req
                    .resource_account
                    .clone()
                    .or_else(|| account_of(&req.resource)),
            },
        );
    }
    for (i, r) in base.resources.iter().enumerate() {
        let (arn, label) = match r.kind {
            ResourceKind::Bucket => (
                format!("{}/any-other-object", r.arn),
                TargetLabel::OtherIn(r.label.clone()),
            ),
            ResourceKind::LogGroup => (
                format!("{}:log-stream:any-other-stream", r.arn),
                TargetLabel::OtherIn(r.label.clone()),
            ),
            _ => (r.arn.clone(), TargetLabel::Named(r.label.clone())),
        };
        push(
            &mut out,
            Target {
                account: account_of(&r.arn),
                arn,
                world: Some(i),
                own_policy: None,
                kind: r.kind,
                label,
            },
        );
    }
    for text in &m.resources {
        let kind = ResourceKind::of_arn(text);
        if kind == ResourceKind::Other {
            continue;
        }
        push(
            &mut out,
            Target {
                arn: text.clone(),
                world: base.resource_of(text),
                own_policy: None,
                kind,
                label: TargetLabel::Pattern(text.clone()),
                account: account_of(text),
            },
        );
    }
    let kinds: BTreeSet<&'static str> = out.iter().map(|t| kind_words(t.kind)).collect();
    let region = out
        .iter()
        .find_map(|t| t.arn.split(':').nth(3).filter(|r| !r.is_empty()))
        .unwrap_or("ap-northeast-1")
        .to_string();
    let account = if base.account.is_empty() {
        "123456789012".to_string()
    } else {
        base.account.clone()
    };
    for k in kinds {
        let (arn, kind, policy) = match k {
            "kms-key" => (
                format!("arn:aws:kms:{region}:{account}:key/00000000-0000-4000-8000-0000000000aa"),
                ResourceKind::KmsKey,
                default_key_policy(&account),
            ),
            "bucket" => (
                "arn:aws:s3:::any-other-bucket/object".to_string(),
                ResourceKind::Bucket,
                None,
            ),
            "stream" => (
                format!("arn:aws:kinesis:{region}:{account}:stream/any-other-stream"),
                ResourceKind::Stream,
                None,
            ),
            _ => continue,
        };
        push(
            &mut out,
            Target {
                arn,
                world: None,
                own_policy: policy,
                kind,
                label: TargetLabel::Outside {
                    kind: k,
                    account: account.clone(),
                },
                account: Some(account.clone()),
            },
        );
    }
    out
}

/// Whether the action provides the key (KMS keys only some operations provide).
pub fn provides(action: &str, key: &str) -> bool {
    let Some(ops) = catalog::operations_for_key(key) else {
        return true;
    };
    action
        .split_once(':')
        .filter(|(svc, _)| svc.eq_ignore_ascii_case("kms"))
        .is_some_and(|(_, op)| ops.iter().any(|o| o.eq_ignore_ascii_case(op)))
}

/// The actions of a target's service that the documents write or a pattern covers,
/// grouped into classes that decide alike.
fn action_classes(
    kind: ResourceKind,
    m: &Mentions,
    dims: &[Dim],
    focus: Option<&Request>,
) -> Vec<ActionClass> {
    let svc = service_of_kind(kind);
    if svc.is_empty() {
        return Vec::new();
    }
    let globs: Vec<super::super::Glob> = m
        .actions
        .iter()
        .map(|a| super::super::Glob::new(a))
        .collect();
    let mut actions: Vec<String> = Vec::new();
    if let Some(r) = focus {
        if r.action
            .split_once(':')
            .is_some_and(|(s, _)| s.eq_ignore_ascii_case(svc))
        {
            actions.push(r.action.clone());
        }
    }
    for a in &m.actions {
        let written = a
            .split_once(':')
            .is_some_and(|(s, op)| s.eq_ignore_ascii_case(svc) && !op.contains(['*', '?']));
        if written && !actions.iter().any(|x| x.eq_ignore_ascii_case(a)) {
            actions.push(a.clone());
        }
    }
    if let Some(table) = catalog::service(svc) {
        for op in table.actions {
            let a = format!("{svc}:{op}");
            if !actions.iter().any(|x| x.eq_ignore_ascii_case(&a))
                && globs.iter().any(|g| g.matches_ignore_ascii_case(&a))
            {
                actions.push(a);
            }
        }
    }
    // A class is the set of patterns matching and of dimensions provided.
    let mut classes: Vec<(Vec<bool>, Vec<usize>, ActionClass)> = Vec::new();
    for a in actions {
        let sig: Vec<bool> = globs
            .iter()
            .map(|g| g.matches_ignore_ascii_case(&a))
            .collect();
        let ds: Vec<usize> = (0..dims.len())
            .filter(|d| provides(&a, &dims[*d].key))
            .collect();
        match classes.iter_mut().find(|(s, d, _)| *s == sig && *d == ds) {
            Some((_, _, c)) => c.actions.push(a),
            None => classes.push((
                sig,
                ds.clone(),
                ActionClass {
                    actions: vec![a],
                    dims: ds,
                },
            )),
        }
    }
    classes.into_iter().map(|(_, _, c)| c).collect()
}

fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The choices of one condition key.
fn key_dim(display: &str, ops: &[BaseOperator], named: &[String]) -> Dim {
    let mut values: Vec<String> = Vec::new();
    let mut add = |v: String| {
        if !values.contains(&v) {
            values.push(v);
        }
    };
    for v in named {
        add(v.clone());
    }
    let numeric = ops.iter().any(|o| o.name().starts_with("Numeric"));
    let date = ops.iter().any(|o| o.name().starts_with("Date"));
    let ip = ops
        .iter()
        .any(|o| matches!(o, BaseOperator::IpAddress | BaseOperator::NotIpAddress));
    let boolean = ops
        .iter()
        .any(|o| matches!(o, BaseOperator::Bool | BaseOperator::Null));
    let mut fresh: Vec<String> = Vec::new();
    if numeric {
        for v in named {
            if let Ok(x) = v.trim().parse::<f64>() {
                fresh.push(number_text(x - 1.0));
                fresh.push(number_text(x + 1.0));
            }
        }
    }
    if date {
        fresh.push("1970-01-01T00:00:00Z".into());
        fresh.push("2999-12-31T23:59:59Z".into());
    }
    if ip {
        for v in named {
            if let Some((addr, _)) = v.split_once('/') {
                fresh.push(addr.to_string());
            }
        }
        fresh.push("198.51.100.7".into());
    }
    if boolean {
        fresh.push("true".into());
        fresh.push("false".into());
    }
    if !numeric && !date && !ip && !boolean {
        fresh.push("any-other-value".into());
    }
    let mut opts: Vec<Opt> = values
        .iter()
        .map(|v| Opt {
            sets: vec![(display.to_string(), v.clone())],
            tag: Tag::Named(v.clone()),
        })
        .collect();
    for f in fresh {
        if !opts.iter().any(|o| o.sets[0].1 == f) {
            opts.push(Opt {
                sets: vec![(display.to_string(), f)],
                tag: Tag::Fresh,
            });
        }
    }
    opts.push(Opt {
        sets: Vec::new(),
        tag: Tag::Absent,
    });
    let scope = if display.eq_ignore_ascii_case("kms:ViaService") {
        Scope::NotServices
    } else {
        Scope::All
    };
    Dim {
        key: display.to_string(),
        opts,
        scope,
    }
}

/// The source pair (`aws:SourceArn`, `aws:SourceAccount`) as service principals send it.
fn source_dim(arns: &[String], accounts: &[String], taken: &BTreeSet<String>) -> Dim {
    let mut opts = Vec::new();
    for a in arns {
        let account = super::super::arn_account(a).unwrap_or("").to_string();
        let mut sets = vec![("aws:SourceArn".to_string(), a.clone())];
        if !account.is_empty() {
            sets.push(("aws:SourceAccount".to_string(), account.clone()));
        }
        opts.push(Opt {
            sets,
            tag: Tag::Source {
                arn: Some(a.clone()),
                account: (!account.is_empty()).then_some(account),
            },
        });
    }
    let mut in_accounts: Vec<String> = accounts.to_vec();
    for a in arns {
        if let Some(acc) = super::super::arn_account(a) {
            if !in_accounts.iter().any(|x| x == acc) {
                in_accounts.push(acc.to_string());
            }
        }
    }
    let fresh = fresh_account(taken);
    for acc in in_accounts {
        opts.push(Opt {
            sets: vec![
                (
                    "aws:SourceArn".to_string(),
                    format!("arn:aws:events:ap-northeast-1:{acc}:rule/any-other-source"),
                ),
                ("aws:SourceAccount".to_string(), acc.clone()),
            ],
            tag: Tag::Source {
                arn: None,
                account: Some(acc),
            },
        });
    }
    opts.push(Opt {
        sets: vec![
            (
                "aws:SourceArn".to_string(),
                format!("arn:aws:events:ap-northeast-1:{fresh}:rule/any-other-source"),
            ),
            ("aws:SourceAccount".to_string(), fresh),
        ],
        tag: Tag::Source {
            arn: None,
            account: None,
        },
    });
    opts.push(Opt {
        sets: Vec::new(),
        tag: Tag::Absent,
    });
    Dim {
        key: "aws:SourceArn".into(),
        opts,
        scope: Scope::Services,
    }
}

/// The request space of `worlds` (the first is the world before; the others are worlds
/// after candidate changes, whose new constants count too), around the denied request.
pub fn build(worlds: &[&World], focus: Option<&Request>) -> Space {
    let mut m = Mentions::default();
    for w in worlds {
        m.world(w);
    }
    if let Some(r) = focus {
        m.request(r);
    }
    let mut dims = Vec::new();
    let mut source_arns = Vec::new();
    let mut source_accounts = Vec::new();
    for (lower, (display, ops, named)) in &m.keys {
        if DERIVED.contains(&lower.as_str()) {
            continue;
        }
        match lower.as_str() {
            "aws:sourcearn" => source_arns.extend(named.iter().cloned()),
            "aws:sourceaccount" => source_accounts.extend(named.iter().cloned()),
            _ => dims.push(key_dim(display, ops, named)),
        }
    }
    if m.keys.contains_key("aws:sourcearn") || m.keys.contains_key("aws:sourceaccount") {
        dims.push(source_dim(&source_arns, &source_accounts, &m.accounts));
    }
    let subjects = subjects(worlds, &m, focus);
    let targets = targets(worlds[0], &m, focus);
    let actions = targets
        .iter()
        .map(|t| action_classes(t.kind, &m, &dims, focus))
        .collect();
    Space {
        subjects,
        targets,
        actions,
        dims,
        trimmed: m.trimmed,
    }
}

impl Space {
    /// The dimensions that apply to a subject and an action class.
    pub fn dims_for(&self, subject: &Subject, class: &ActionClass) -> Vec<usize> {
        let service = subject.who.is_service();
        class
            .dims
            .iter()
            .copied()
            .filter(|d| match self.dims[*d].scope {
                Scope::All => true,
                Scope::Services => service,
                Scope::NotServices => !service,
            })
            .collect()
    }

    /// The number of requests of the space.
    pub fn size(&self) -> usize {
        let mut n = 0usize;
        for s in &self.subjects {
            for (t, classes) in self.actions.iter().enumerate() {
                let _ = t;
                for c in classes {
                    let combos = self.dims_for(s, c).iter().fold(1usize, |acc, d| {
                        acc.saturating_mul(self.dims[*d].opts.len())
                    });
                    n = n.saturating_add(combos);
                }
            }
        }
        n
    }
}
