//! The policies a fix may change and a probe may consult: every principal with its
//! identity policies and boundary, every resource with its resource (key, bucket, trust)
//! policy and grants, and the SCPs. A fix is a list of [`DocChange`]s; [`World::apply`]
//! makes the changed world by editing the documents' JSON and parsing them again, so a
//! fix is verified on exactly the policy text it would write.

use serde_json::Value;

use super::super::{parse_policy, Grant, NamedPolicy, PolicySet};
use crate::text::Text;

/// A policy document: its name, its JSON, and the parsed policy.
#[derive(Clone, Debug)]
pub struct Doc {
    pub json: Value,
    pub named: NamedPolicy,
}

impl Doc {
    /// Parses `json` as a policy named `name`; `None` when it is not a valid policy.
    pub fn new(name: &str, json: Value) -> Option<Doc> {
        let policy = parse_policy(&json.to_string()).ok()?;
        Some(Doc {
            named: NamedPolicy::new(name, policy),
            json,
        })
    }
}

/// What kind of resource a [`WorldResource`] is (which probes and statement shapes apply).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    /// A KMS key: its policy is the key policy (`"Resource": "*"`), grants apply.
    KmsKey,
    /// An S3 bucket: requests name its objects (`<bucket ARN>/<key>`).
    Bucket,
    /// A Kinesis data stream.
    Stream,
    /// An IAM role: its resource policy is the trust policy.
    Role,
    /// A CloudWatch Logs log group (requests name a log stream in it).
    LogGroup,
    /// Anything else.
    Other,
}

impl ResourceKind {
    /// The kind a resource ARN suggests.
    pub fn of_arn(arn: &str) -> ResourceKind {
        let service = arn.split(':').nth(2).unwrap_or("");
        let resource = arn.splitn(6, ':').nth(5).unwrap_or("");
        match service {
            "kms" => ResourceKind::KmsKey,
            "s3" => ResourceKind::Bucket,
            "kinesis" => ResourceKind::Stream,
            "iam" if resource.starts_with("role/") => ResourceKind::Role,
            "logs" => ResourceKind::LogGroup,
            _ => ResourceKind::Other,
        }
    }
}

/// A principal requests come from.
#[derive(Clone, Debug)]
pub struct WorldPrincipal {
    /// The ARN its requests carry (a role session, a user, a service principal).
    pub arn: String,
    /// How texts name it (a role name, the service principal).
    pub label: String,
    /// Identity-based policies (empty for a service principal).
    pub identity: Vec<NamedPolicy>,
    /// Their JSON, index for index.
    pub identity_json: Vec<Value>,
    /// The identity policy new statements go into (an inline policy); `None` makes a new
    /// one (see [`super::Hints::new_policy_name`]).
    pub preferred_policy: Option<usize>,
    /// Permissions boundary (zero or one).
    pub boundary: Vec<NamedPolicy>,
    /// Its JSON.
    pub boundary_json: Option<Value>,
}

/// A resource requests name.
#[derive(Clone, Debug)]
pub struct WorldResource {
    /// The ARN (a key, bucket, stream, role or log-group ARN).
    pub arn: String,
    pub kind: ResourceKind,
    /// How texts name it (`KinesisKey`, the bucket name, …).
    pub label: String,
    /// Its resource-based policy (key policy, bucket policy, trust policy).
    pub policy: Option<NamedPolicy>,
    /// Its JSON.
    pub policy_json: Option<Value>,
    /// KMS grants.
    pub grants: Vec<Grant>,
    /// False when its policy and grants cannot be edited (an AWS managed key).
    pub editable: bool,
}

/// Every policy a fix may change or a probe may consult.
#[derive(Clone, Debug, Default)]
pub struct World {
    /// The account the resources live in.
    pub account: String,
    pub principals: Vec<WorldPrincipal>,
    pub resources: Vec<WorldResource>,
    /// Service control policies (all at one level).
    pub scps: Vec<NamedPolicy>,
    /// Their JSON.
    pub scps_json: Vec<Value>,
    /// The organization around the accounts, if any: its SCPs and RCPs take part in every
    /// request as the simulation applies them (`scps` above is then empty).
    pub org: Option<crate::policy::org::OrgSet>,
    /// The resources that are AWS managed keys (RCPs do not apply to them).
    pub aws_managed: Vec<usize>,
    /// The owning account of resources whose ARN names none and that are not in `account`
    /// (an S3 bucket of another account), by resource index: the RCPs of that account apply.
    pub owners: std::collections::BTreeMap<usize, String>,
}

/// A document of the world that a fix changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocId {
    /// Identity policy `policy` of principal `principal` (`policy` equal to the count of
    /// its policies: a new one, made by [`Change::CreatePolicy`]).
    Identity { principal: usize, policy: usize },
    /// The permissions boundary of a principal.
    Boundary { principal: usize },
    /// The resource-based policy of a resource (a key policy, bucket policy or trust
    /// policy; made by [`Change::CreatePolicy`] when there is none).
    Resource { resource: usize },
    /// The grants of a KMS key.
    Grants { resource: usize },
    /// Service control policy `index`.
    Scp { index: usize },
    /// Document `index` of the organization (`World::org`'s `docs`: an SCP or RCP).
    Org { index: usize },
    /// A new SCP of the organization, attached at target number `target` of
    /// [`crate::policy::org::OrgSet::targets`] (made by [`Change::CreatePolicy`]).
    NewScp { target: usize },
}

/// One change to one document.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Appends a statement.
    AddStatement { statement: Value },
    /// Removes statement `index` (`old` is the statement as it is).
    RemoveStatement { index: usize, old: Value },
    /// Replaces statement `index`.
    ReplaceStatement {
        index: usize,
        old: Value,
        statement: Value,
    },
    /// Creates the document (a new inline policy, a bucket policy where there is none).
    CreatePolicy { name: String, document: Value },
    /// Adds a grant to a key.
    AddGrant { grant: Grant },
}

/// A change to a document of the world.
#[derive(Clone, Debug, PartialEq)]
pub struct DocChange {
    pub doc: DocId,
    pub change: Change,
}

/// The statements of a policy document as a list (a single statement object is a list of
/// one; no `Statement`, none).
pub fn statements(doc: &Value) -> Vec<Value> {
    match doc.get("Statement") {
        Some(Value::Array(a)) => a.clone(),
        Some(v @ Value::Object(_)) => vec![v.clone()],
        _ => Vec::new(),
    }
}

/// The document with `change` applied (statement changes only), and the index of the
/// statement added or replaced.
pub fn apply_to_json(doc: &Value, change: &Change) -> Option<(Value, Option<usize>)> {
    let mut list = statements(doc);
    let at = match change {
        Change::AddStatement { statement } => {
            list.push(statement.clone());
            Some(list.len() - 1)
        }
        Change::RemoveStatement { index, .. } => {
            if *index >= list.len() {
                return None;
            }
            list.remove(*index);
            None
        }
        Change::ReplaceStatement {
            index, statement, ..
        } => {
            *list.get_mut(*index)? = statement.clone();
            Some(*index)
        }
        Change::CreatePolicy { document, .. } => return Some((document.clone(), Some(0))),
        Change::AddGrant { .. } => return None,
    };
    let mut out = doc.clone();
    out.as_object_mut()?
        .insert("Statement".into(), Value::Array(list));
    Some((out, at))
}

impl World {
    /// The policy set for a request by principal `p` on resource `r` (`None`: a resource
    /// the world does not know, with no policy).
    pub fn policy_set(&self, p: usize, r: Option<usize>) -> PolicySet<'_> {
        let (identity, boundaries): (&[NamedPolicy], &[NamedPolicy]) = match self.principals.get(p)
        {
            Some(pr) => (&pr.identity, &pr.boundary),
            None => (&[], &[]),
        };
        let mut set = PolicySet::new(identity)
            .with_boundaries(boundaries)
            .with_scps(&self.scps);
        if let Some(res) = r.and_then(|r| self.resources.get(r)) {
            if let Some(pol) = &res.policy {
                set = set.with_resource(pol);
            }
            set = set.with_grants(&res.grants);
        }
        if let Some(org) = &self.org {
            let principal = self.principals.get(p).map_or("", |pr| pr.arn.as_str());
            let res = r.and_then(|r| self.resources.get(r));
            let account = r
                .and_then(|r| self.owners.get(&r))
                .map(String::as_str)
                .or_else(|| res.and_then(|res| crate::policy::arn_account(&res.arn)))
                .unwrap_or(&self.account);
            let managed = r.is_some_and(|r| self.aws_managed.contains(&r));
            set = org.policy_set(set, principal, account, managed);
        }
        set
    }

    /// The resource a request's resource ARN names: the resource itself, or the bucket
    /// of an object, the log group of a log stream.
    pub fn resource_of(&self, arn: &str) -> Option<usize> {
        self.resources.iter().position(|r| {
            r.arn == arn
                || (matches!(r.kind, ResourceKind::Bucket | ResourceKind::LogGroup)
                    && arn
                        .strip_prefix(r.arn.as_str())
                        .is_some_and(|rest| rest.starts_with('/') || rest.starts_with(':')))
        })
    }

    /// The principal whose requests carry `arn`.
    pub fn principal_of(&self, arn: &str) -> Option<usize> {
        self.principals.iter().position(|p| p.arn == arn)
    }

    /// The JSON of a document (`None` for grants and for a document not there yet).
    pub fn json(&self, doc: DocId) -> Option<&Value> {
        match doc {
            DocId::Identity { principal, policy } => {
                self.principals.get(principal)?.identity_json.get(policy)
            }
            DocId::Boundary { principal } => self.principals.get(principal)?.boundary_json.as_ref(),
            DocId::Resource { resource } => self.resources.get(resource)?.policy_json.as_ref(),
            DocId::Grants { .. } => None,
            DocId::Scp { index } => self.scps_json.get(index),
            DocId::Org { index } => self.org.as_ref()?.docs.get(index).map(|d| &d.json),
            DocId::NewScp { .. } => None,
        }
    }

    /// The name of a document as explanations show it: a policy's own name, or which
    /// resource's policy it is, in both languages.
    pub fn doc_label(&self, doc: DocId) -> Text {
        let named = |n: Option<&NamedPolicy>| {
            let name = n.map(|n| n.name.clone()).unwrap_or_default();
            Text::new(name.clone(), name)
        };
        match doc {
            DocId::Identity { principal, policy } => named(
                self.principals
                    .get(principal)
                    .and_then(|p| p.identity.get(policy)),
            ),
            DocId::Boundary { .. } => Text::lit("the permissions boundary", "アクセス許可の境界"),
            DocId::Scp { index } => named(self.scps.get(index)),
            DocId::Org { index } => {
                let Some(d) = self.org.as_ref().and_then(|o| o.docs.get(index)) else {
                    return Text::default();
                };
                let (en, ja) = match d.kind {
                    crate::policy::org::OrgKind::Scp => ("the SCP", "SCP"),
                    crate::policy::org::OrgKind::Rcp => ("the RCP", "RCP"),
                };
                let (at_en, at_ja) = match &d.target {
                    crate::policy::org::Target::Root => {
                        ("the root".to_string(), "ルートに".to_string())
                    }
                    crate::policy::org::Target::Ou(id) => {
                        (format!("OU {id}"), format!("OU {id} に"))
                    }
                    crate::policy::org::Target::Account(id) => {
                        (format!("account {id}"), format!("アカウント {id} に"))
                    }
                };
                Text::new(
                    format!("{en} {} attached at {at_en}", d.name),
                    format!("{at_ja}アタッチされた {ja} {}", d.name),
                )
            }
            DocId::NewScp { target } => {
                let Some(t) = self
                    .org
                    .as_ref()
                    .and_then(|o| Some((o, o.targets().into_iter().nth(target)?)))
                else {
                    return Text::default();
                };
                let at = t.0.target_label(&t.1);
                Text::new(
                    format!("a new SCP attached at {}", at.en()),
                    format!("{} にアタッチする新しい SCP", at.ja()),
                )
            }
            DocId::Resource { resource } | DocId::Grants { resource } => {
                let Some(r) = self.resources.get(resource) else {
                    return Text::default();
                };
                let l = &r.label;
                match r.kind {
                    ResourceKind::KmsKey => Text::new(
                        format!("the key policy of {l}"),
                        format!("{l} のキーポリシー"),
                    ),
                    ResourceKind::Bucket => Text::new(
                        format!("the bucket policy of {l}"),
                        format!("{l} のバケットポリシー"),
                    ),
                    ResourceKind::Role => Text::new(
                        format!("the trust policy of {l}"),
                        format!("{l} の信頼ポリシー"),
                    ),
                    _ => Text::new(
                        format!("the resource policy of {l}"),
                        format!("{l} のリソースベースのポリシー"),
                    ),
                }
            }
        }
    }

    /// The name a document is parsed under (its policy name).
    fn doc_name(&self, doc: DocId) -> String {
        match doc {
            DocId::Identity { principal, policy } => self
                .principals
                .get(principal)
                .and_then(|p| p.identity.get(policy))
                .map(|n| n.name.clone())
                .unwrap_or_default(),
            DocId::Boundary { .. } => "PermissionsBoundary".into(),
            DocId::Resource { resource } | DocId::Grants { resource } => self
                .resources
                .get(resource)
                .and_then(|r| r.policy.as_ref())
                .map(|n| n.name.clone())
                .unwrap_or_default(),
            DocId::Scp { index } => self
                .scps
                .get(index)
                .map(|n| n.name.clone())
                .unwrap_or_default(),
            DocId::Org { index } => self
                .org
                .as_ref()
                .and_then(|o| o.docs.get(index))
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            DocId::NewScp { .. } => String::new(),
        }
    }

    /// The world with `changes` made; `None` when a change does not apply or a changed
    /// document does not parse.
    pub fn apply(&self, changes: &[DocChange]) -> Option<World> {
        let mut w = self.clone();
        for c in changes {
            w.apply_one(c)?;
        }
        Some(w)
    }

    fn apply_one(&mut self, c: &DocChange) -> Option<()> {
        if let (DocId::Grants { resource }, Change::AddGrant { grant }) = (c.doc, &c.change) {
            let r = self.resources.get_mut(resource)?;
            r.grants.push(grant.clone());
            return Some(());
        }
        let name = match &c.change {
            Change::CreatePolicy { name, .. } => name.clone(),
            _ => self.doc_name(c.doc),
        };
        let current = self.json(c.doc).cloned().unwrap_or(Value::Null);
        let (json, _) = apply_to_json(&current, &c.change)?;
        let doc = Doc::new(&name, json)?;
        match c.doc {
            DocId::Identity { principal, policy } => {
                let p = self.principals.get_mut(principal)?;
                if policy < p.identity.len() {
                    p.identity[policy] = doc.named;
                    p.identity_json[policy] = doc.json;
                } else {
                    p.identity.push(doc.named);
                    p.identity_json.push(doc.json);
                }
            }
            DocId::Boundary { principal } => {
                let p = self.principals.get_mut(principal)?;
                p.boundary = vec![doc.named];
                p.boundary_json = Some(doc.json);
            }
            DocId::Resource { resource } => {
                let r = self.resources.get_mut(resource)?;
                r.policy = Some(doc.named);
                r.policy_json = Some(doc.json);
            }
            DocId::Scp { index } => {
                *self.scps.get_mut(index)? = doc.named;
                *self.scps_json.get_mut(index)? = doc.json;
            }
            DocId::Org { index } => {
                self.org.as_mut()?.replace(index, doc.named, doc.json)?;
            }
            DocId::NewScp { target } => {
                let kind = crate::policy::org::OrgKind::Scp;
                self.org
                    .as_mut()?
                    .attach(kind, target, doc.named, doc.json)?;
            }
            DocId::Grants { .. } => return None,
        }
        Some(())
    }
}
