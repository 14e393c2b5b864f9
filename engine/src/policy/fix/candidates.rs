//! Candidate fixes for a denied request, from the rule that denied it: the statement that
//! denies (remove or narrow it), the documents that could allow (identity policy, key or
//! resource policy, trust policy, grant, boundary, SCP), and the statements that almost
//! matched (a condition to widen). Candidates are only proposals: `super::suggest` keeps
//! those that evaluation shows work.

use serde_json::{json, Value};

use super::super::arn::{PrincipalInfo, PrincipalShape};
use super::super::{DecidingRule, Explanation, Grant, PolicyType, Request};
use super::statements::{self as st, ConditionSpec};
use super::texts::{self, Names};
use super::world::{statements, Change, DocChange, DocId, ResourceKind, World};
use super::{FixKind, Hints};
use crate::text::Text;

/// A proposed fix, not yet verified.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub kind: FixKind,
    pub changes: Vec<DocChange>,
    pub explanation: Text,
    /// It widens or removes something that already covers more than this request: what
    /// else it newly allows is inherent, said with the fix rather than a reason to refuse it.
    pub broad: bool,
}

/// What the candidates are made from.
pub struct Ctx<'a> {
    pub world: &'a World,
    pub req: &'a Request,
    pub p: usize,
    pub r: Option<usize>,
    pub hints: &'a Hints,
    pub expl: &'a Explanation,
}

impl Ctx<'_> {
    fn kms(&self) -> bool {
        self.expl.kms_key
    }

    fn who(&self) -> String {
        st::principal_label(&self.req.principal)
    }

    fn what(&self) -> String {
        self.r
            .and_then(|r| self.world.resources.get(r))
            .map_or_else(|| self.req.resource.clone(), |r| r.label.clone())
    }

    fn resource_kind(&self) -> ResourceKind {
        self.r
            .and_then(|r| self.world.resources.get(r))
            .map_or_else(|| ResourceKind::of_arn(&self.req.resource), |r| r.kind)
    }

    fn editable_resource(&self) -> Option<usize> {
        self.r
            .filter(|r| self.world.resources.get(*r).is_some_and(|x| x.editable))
    }

    fn is_service(&self) -> bool {
        PrincipalInfo::parse(&self.req.principal).kind == PrincipalShape::Service
    }

    fn value(&self, key: &str) -> Option<String> {
        self.req
            .context
            .get(key)
            .and_then(|v| v.as_slice().first().cloned())
    }

    /// The request's encryption context as conditions (or the caller's patterns).
    fn context_conditions(&self) -> Vec<ConditionSpec> {
        if let Some(c) = &self.hints.context_conditions {
            return c.clone();
        }
        self.req
            .context
            .iter()
            .filter(|(k, _)| k.to_ascii_lowercase().starts_with("kms:encryptioncontext:"))
            .filter_map(|(k, v)| {
                let value = v.as_slice().first()?;
                Some(ConditionSpec::new("StringEquals", k, value))
            })
            .collect()
    }

    fn names<'n>(&'n self, who: &'n str, what: &'n str, doc: &'n Text, sid: &'n str) -> Names<'n> {
        Names {
            who,
            action: &self.req.action,
            what,
            doc,
            sid,
        }
    }
}

/// Candidates that make an Allow match (for an implicit deny).
pub fn allow(ctx: &Ctx<'_>) -> Vec<Candidate> {
    let rule = &ctx.expl.rule;
    let mut out = Vec::new();
    match rule {
        DecidingRule::NoScpAllows => out.extend(scp(ctx)),
        DecidingRule::NoBoundaryAllows { .. } => out.extend(boundary(ctx)),
        _ if ctx.is_service() => {
            if ctx.resource_kind() == ResourceKind::Role {
                out.extend(trust(ctx));
            } else {
                out.extend(resource_policy(ctx));
            }
        }
        _ if ctx.expl.cross_account => out.extend(cross_account(ctx)),
        _ => {
            out.extend(identity(ctx));
            if ctx.kms() {
                out.extend(key_policy(ctx));
                out.extend(grant(ctx));
            } else if ctx.resource_kind() == ResourceKind::Bucket {
                out.extend(resource_policy(ctx));
            }
        }
    }
    out.extend(conditions(ctx));
    out
}

/// Candidates that stop an explicit Deny from matching.
pub fn deny(ctx: &Ctx<'_>) -> Vec<Candidate> {
    let DecidingRule::ExplicitDeny {
        policy_type,
        policy,
        statement,
        sid,
        ..
    } = &ctx.expl.rule
    else {
        return Vec::new();
    };
    let Some(doc) = locate(ctx, *policy_type, policy) else {
        return Vec::new();
    };
    let Some(old) = ctx
        .world
        .json(doc)
        .and_then(|j| statements(j).get(*statement).cloned())
    else {
        return Vec::new();
    };
    let who = ctx.who();
    let what = ctx.what();
    let doc_name = ctx.world.doc_label(doc);
    let sid = sid.clone().unwrap_or_default();
    let n = ctx.names(&who, &what, &doc_name, &sid);
    let mut out = vec![Candidate {
        kind: FixKind::RemoveDeny,
        changes: vec![DocChange {
            doc,
            change: Change::RemoveStatement {
                index: *statement,
                old: old.clone(),
            },
        }],
        explanation: texts::remove_deny(&n, *statement),
        broad: true,
    }];
    if let Some((narrowed, removed)) = narrow_actions(&old, &ctx.req.action) {
        out.push(Candidate {
            kind: FixKind::NarrowDeny,
            changes: vec![DocChange {
                doc,
                change: Change::ReplaceStatement {
                    index: *statement,
                    old,
                    statement: narrowed,
                },
            }],
            explanation: texts::narrow_deny(&n, *statement, &removed),
            broad: true,
        });
    }
    out
}

/// The document of the world a rule names by policy type and name.
fn locate(ctx: &Ctx<'_>, ty: PolicyType, name: &str) -> Option<DocId> {
    let w = ctx.world;
    match ty {
        PolicyType::Identity => {
            let p = w.principals.get(ctx.p)?;
            let i = p.identity.iter().position(|n| n.name == name)?;
            Some(DocId::Identity {
                principal: ctx.p,
                policy: i,
            })
        }
        PolicyType::Resource => ctx
            .editable_resource()
            .map(|r| DocId::Resource { resource: r }),
        PolicyType::Boundary => Some(DocId::Boundary { principal: ctx.p }),
        PolicyType::Scp => w
            .scps
            .iter()
            .position(|n| n.name == name)
            .map(|index| DocId::Scp { index }),
    }
}

/// The Deny statement without the action patterns that match `action` (when some remain).
fn narrow_actions(statement: &Value, action: &str) -> Option<(Value, String)> {
    let list = statement.get("Action")?.as_array()?;
    let (matching, rest): (Vec<&Value>, Vec<&Value>) = list.iter().partition(|v| {
        v.as_str()
            .is_some_and(|p| super::super::Glob::new(p).matches_ignore_ascii_case(action))
    });
    if matching.is_empty() || rest.is_empty() {
        return None;
    }
    let mut out = statement.clone();
    let rest: Vec<Value> = rest.into_iter().cloned().collect();
    out.as_object_mut()?
        .insert("Action".into(), Value::Array(rest));
    let removed: Vec<&str> = matching.iter().filter_map(|v| v.as_str()).collect();
    Some((out, removed.join(", ")))
}

/// An identity-policy statement (in the caller's inline policy, or a new one).
fn identity(ctx: &Ctx<'_>) -> Option<Candidate> {
    let pr = ctx.world.principals.get(ctx.p)?;
    let resource = ctx
        .hints
        .resource_pattern
        .clone()
        .unwrap_or_else(|| ctx.req.resource.clone());
    let conditions = if ctx.kms() {
        ctx.context_conditions()
    } else {
        Vec::new()
    };
    let what = ctx.what();
    let op = st::operation(&ctx.req.action);
    let (doc, json) = match pr.preferred_policy {
        Some(i) => {
            let doc = DocId::Identity {
                principal: ctx.p,
                policy: i,
            };
            (doc, ctx.world.json(doc))
        }
        None => (
            DocId::Identity {
                principal: ctx.p,
                policy: pr.identity.len(),
            },
            None,
        ),
    };
    let sid = st::sid(json, &["Allow", op, &what]);
    let statement = st::identity_statement(&sid, &ctx.req.action, &resource, &conditions);
    let (change, doc_name) = match json {
        Some(_) => (Change::AddStatement { statement }, ctx.world.doc_label(doc)),
        None => {
            let name = ctx
                .hints
                .new_policy_name
                .clone()
                .unwrap_or_else(|| format!("{}Permissions", pr.label));
            (
                Change::CreatePolicy {
                    name: name.clone(),
                    document: st::document(statement),
                },
                Text::new(name.clone(), name),
            )
        }
    };
    let who = ctx.who();
    let n = ctx.names(&who, &what, &doc_name, &sid);
    let explanation = match &ctx.expl.rule {
        DecidingRule::KeyPolicyDelegatesNoIdentity { statement, account } => {
            texts::identity_delegated(&n, *statement, account)
        }
        _ => texts::identity_plain(&n),
    };
    Some(Candidate {
        kind: FixKind::IdentityStatement,
        changes: vec![DocChange { doc, change }],
        explanation,
        broad: false,
    })
}

/// A key-policy statement naming the caller.
fn key_policy(ctx: &Ctx<'_>) -> Option<Candidate> {
    let r = ctx.editable_resource()?;
    let doc = DocId::Resource { resource: r };
    let json = ctx.world.json(doc)?;
    let via = ctx.value("kms:ViaService");
    let mut conditions = Vec::new();
    if let Some(v) = &via {
        conditions.push(ConditionSpec::new("StringEquals", "kms:ViaService", v));
        if let Some(a) = PrincipalInfo::parse(&ctx.req.principal).account {
            conditions.push(ConditionSpec::new("StringEquals", "kms:CallerAccount", a));
        }
    }
    conditions.extend(ctx.context_conditions());
    let who = ctx.who();
    let what = ctx.what();
    let op = st::operation(&ctx.req.action);
    let sid = st::sid(Some(json), &["Allow", &who, op]);
    let statement = st::key_statement(&sid, &ctx.req.principal, &ctx.req.action, &conditions);
    let doc_name = ctx.world.doc_label(doc);
    let n = ctx.names(&who, &what, &doc_name, &sid);
    let explanation = texts::key_direct(&n, via.as_deref());
    Some(Candidate {
        kind: FixKind::KeyPolicyStatement,
        changes: vec![DocChange {
            doc,
            change: Change::AddStatement { statement },
        }],
        explanation,
        broad: false,
    })
}

/// KMS operations a grant can allow.
const GRANT_OPERATIONS: [&str; 9] = [
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "ReEncryptFrom",
    "ReEncryptTo",
    "DescribeKey",
];

/// A grant for the caller (only where the encryption context can be pinned exactly:
/// a grant constraint takes exact pairs, no patterns).
fn grant(ctx: &Ctx<'_>) -> Option<Candidate> {
    let r = ctx.editable_resource()?;
    let op = st::operation(&ctx.req.action);
    let op = GRANT_OPERATIONS
        .iter()
        .find(|o| o.eq_ignore_ascii_case(op))?;
    let conditions = ctx.context_conditions();
    if conditions.iter().any(|c| c.operator != "StringEquals") {
        return None;
    }
    let subset: std::collections::BTreeMap<String, String> = conditions
        .iter()
        .filter_map(|c| {
            let k = c.key.split_once("EncryptionContext:")?.1;
            Some((k.to_string(), c.value.clone()))
        })
        .collect();
    let constrained = !subset.is_empty() && *op != "DescribeKey";
    let grantee = st::principal_element(&ctx.req.principal);
    let grantee = grantee
        .get("AWS")
        .or_else(|| grantee.get("Service"))
        .and_then(Value::as_str)
        .unwrap_or(&ctx.req.principal)
        .to_string();
    let who = ctx.who();
    let what = ctx.what();
    let none = Text::default();
    let n = ctx.names(&who, &what, &none, "");
    Some(Candidate {
        kind: FixKind::Grant,
        changes: vec![DocChange {
            doc: DocId::Grants { resource: r },
            change: Change::AddGrant {
                grant: Grant {
                    grantee_principal: grantee,
                    operations: vec![op.to_string()],
                    encryption_context_equals: None,
                    encryption_context_subset: constrained.then_some(subset),
                },
            },
        }],
        explanation: texts::grant(&n, constrained),
        broad: false,
    })
}

/// A statement in the resource's policy naming the caller (created when there is none).
fn resource_policy(ctx: &Ctx<'_>) -> Option<Candidate> {
    let r = ctx.editable_resource()?;
    let doc = DocId::Resource { resource: r };
    let json = ctx.world.json(doc);
    let who = ctx.who();
    let what = ctx.what();
    let resource = ctx
        .hints
        .resource_pattern
        .clone()
        .unwrap_or_else(|| ctx.req.resource.clone());
    let sid = st::sid(json, &["Allow", &who, st::operation(&ctx.req.action)]);
    let statement = st::resource_statement(&sid, &ctx.req.principal, &ctx.req.action, &resource);
    let change = match json {
        Some(_) => Change::AddStatement { statement },
        None => Change::CreatePolicy {
            name: format!("{what} policy"),
            document: st::document(statement),
        },
    };
    let none = Text::default();
    let n = ctx.names(&who, &what, &none, &sid);
    Some(Candidate {
        kind: FixKind::ResourcePolicyStatement,
        changes: vec![DocChange { doc, change }],
        explanation: texts::resource_policy(&n),
        broad: false,
    })
}

/// Trust-policy fixes: a new statement for the service, or the service in place of the
/// one an existing statement names.
fn trust(ctx: &Ctx<'_>) -> Vec<Candidate> {
    let Some(r) = ctx.editable_resource() else {
        return Vec::new();
    };
    let doc = DocId::Resource { resource: r };
    let Some(json) = ctx.world.json(doc) else {
        return Vec::new();
    };
    let who = ctx.req.principal.clone();
    let what = ctx.what();
    let short = who.split('.').next().unwrap_or(&who).to_string();
    let sid = st::sid(Some(json), &["Allow", &short, "AssumeRole"]);
    let existing = trusted_services(json);
    let none = Text::default();
    let n = ctx.names(&who, &what, &none, &sid);
    let mut out = vec![Candidate {
        kind: FixKind::TrustStatement,
        changes: vec![DocChange {
            doc,
            change: Change::AddStatement {
                statement: st::trust_statement(&sid, &who, &ctx.req.action),
            },
        }],
        explanation: texts::trust(
            &n,
            &existing
                .iter()
                .map(|(_, s)| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        broad: false,
    }];
    if let Some((index, old)) = existing.first() {
        if let Some(old_statement) = statements(json).get(*index) {
            let mut new = old_statement.clone();
            if let Some(p) = new.get_mut("Principal").and_then(Value::as_object_mut) {
                p.insert("Service".into(), json!([who]));
            }
            out.push(Candidate {
                kind: FixKind::TrustPrincipal,
                changes: vec![DocChange {
                    doc,
                    change: Change::ReplaceStatement {
                        index: *index,
                        old: old_statement.clone(),
                        statement: new,
                    },
                }],
                explanation: texts::trust_replace(&n, *index, old),
                broad: false,
            });
        }
    }
    out
}

/// The Allow statements of a trust policy that name services only: (index, services).
fn trusted_services(doc: &Value) -> Vec<(usize, String)> {
    statements(doc)
        .iter()
        .enumerate()
        .filter(|(_, s)| s.get("Effect").and_then(Value::as_str) == Some("Allow"))
        .filter_map(|(i, s)| {
            let p = s.get("Principal")?.as_object()?;
            if p.len() != 1 {
                return None;
            }
            let list = match p.get("Service")? {
                Value::String(v) => vec![v.clone()],
                Value::Array(a) => a
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => return None,
            };
            Some((i, list.join(", ")))
        })
        .collect()
}

/// An allow statement added to the boundary.
fn boundary(ctx: &Ctx<'_>) -> Option<Candidate> {
    let doc = DocId::Boundary { principal: ctx.p };
    let json = ctx.world.json(doc)?;
    let what = ctx.what();
    let sid = st::sid(
        Some(json),
        &["Allow", st::operation(&ctx.req.action), &what],
    );
    let resource = ctx
        .hints
        .resource_pattern
        .clone()
        .unwrap_or_else(|| ctx.req.resource.clone());
    let statement = st::identity_statement(&sid, &ctx.req.action, &resource, &[]);
    let who = ctx.who();
    let none = Text::default();
    let n = ctx.names(&who, &what, &none, &sid);
    Some(Candidate {
        kind: FixKind::BoundaryStatement,
        changes: vec![DocChange {
            doc,
            change: Change::AddStatement { statement },
        }],
        explanation: texts::boundary(&n),
        broad: false,
    })
}

/// An allow statement added to the first SCP.
fn scp(ctx: &Ctx<'_>) -> Option<Candidate> {
    let doc = DocId::Scp { index: 0 };
    let json = ctx.world.json(doc)?;
    let what = ctx.what();
    let sid = st::sid(
        Some(json),
        &["Allow", st::operation(&ctx.req.action), &what],
    );
    let statement = st::identity_statement(&sid, &ctx.req.action, &ctx.req.resource, &[]);
    let who = ctx.who();
    let doc_name = ctx.world.doc_label(doc);
    let n = ctx.names(&who, &what, &doc_name, &sid);
    Some(Candidate {
        kind: FixKind::ScpStatement,
        changes: vec![DocChange {
            doc,
            change: Change::AddStatement { statement },
        }],
        explanation: texts::scp(&n),
        broad: false,
    })
}

/// Cross-account: the resource side and the caller's identity side together.
fn cross_account(ctx: &Ctx<'_>) -> Vec<Candidate> {
    let Some(id) = identity(ctx) else {
        return Vec::new();
    };
    let other = if ctx.kms() {
        key_policy(ctx)
    } else {
        resource_policy(ctx)
    };
    let Some(other) = other else {
        return vec![id];
    };
    let account = ctx.expl.resource_account.clone().unwrap_or_default();
    let mut changes = other.changes.clone();
    changes.extend(id.changes.clone());
    vec![Candidate {
        kind: other.kind,
        changes,
        explanation: Text::join(
            &[
                texts::cross_account(&account),
                texts::both(&other.explanation, &id.explanation),
            ],
            " ",
            "",
        ),
        broad: false,
    }]
}

/// Near misses widened at most (a policy may hold hundreds of statements that fail the
/// same condition; a few show the idea, and the work stays bounded).
const MAX_NEAR: usize = 3;

/// Longest request value written into a widened condition (a longer one would make the
/// fix larger than the policy it fixes).
const MAX_VALUE: usize = 256;

/// Allow statements that matched but for their conditions: widen the failing conditions
/// to take this request's values.
fn conditions(ctx: &Ctx<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    for pol in &ctx.expl.policies {
        let doc = match pol.kind {
            PolicyType::Resource => ctx
                .editable_resource()
                .map(|r| DocId::Resource { resource: r }),
            PolicyType::Identity => locate(ctx, PolicyType::Identity, &pol.name),
            _ => None,
        };
        let Some(doc) = doc else { continue };
        for s in &pol.statements {
            let near = s.effect == super::super::Effect::Allow
                && s.action_matched
                && s.resource_matched
                && s.principal_matched != Some(false)
                && !s.conditions_matched;
            if near && out.len() < MAX_NEAR {
                out.extend(widen(ctx, doc, s));
            }
        }
    }
    out
}

/// The statement with every failing condition widened to this request, if each can be.
fn widen(ctx: &Ctx<'_>, doc: DocId, s: &super::super::StatementExplanation) -> Option<Candidate> {
    let json = ctx.world.json(doc)?;
    let old = statements(json).get(s.index)?.clone();
    let mut new = old.clone();
    let mut kind = FixKind::WidenCondition;
    let mut said: Option<Text> = None;
    let doc_name = ctx.world.doc_label(doc);
    let who = ctx.who();
    let what = ctx.what();
    let sid = s.sid.clone().unwrap_or_default();
    let n = ctx.names(&who, &what, &doc_name, &sid);
    for c in s.conditions.iter().filter(|c| !c.result) {
        let block = new
            .get_mut("Condition")?
            .get_mut(&c.operator)?
            .as_object_mut()?;
        let via = c.key.eq_ignore_ascii_case("kms:ViaService");
        let value = ctx.value(&c.key);
        let text = match (via, value) {
            (true, None) => {
                block.remove(&c.key);
                texts::widen_condition(&n, s.index, &c.key, None)
            }
            (_, Some(v)) if positive(&c.operator) && v.len() <= MAX_VALUE => {
                if c.key
                    .to_ascii_lowercase()
                    .starts_with("kms:encryptioncontext:")
                {
                    kind = FixKind::ContextCondition;
                }
                let entry = block.get_mut(&c.key)?;
                let mut list = match entry.take() {
                    Value::Array(a) => a,
                    Value::Null => Vec::new(),
                    other => vec![other],
                };
                list.push(Value::String(v.clone()));
                *entry = Value::Array(list);
                texts::widen_condition(&n, s.index, &c.key, Some(&v))
            }
            _ => return None,
        };
        said = Some(match said {
            None => text,
            Some(t) => Text::join(&[t, text], " ", ""),
        });
    }
    tidy_conditions(&mut new);
    Some(Candidate {
        kind,
        changes: vec![DocChange {
            doc,
            change: Change::ReplaceStatement {
                index: s.index,
                old,
                statement: new,
            },
        }],
        explanation: said?,
        broad: true,
    })
}

/// Drops condition operators left without keys, and a `Condition` left empty.
fn tidy_conditions(statement: &mut Value) {
    let Some(obj) = statement.as_object_mut() else {
        return;
    };
    let empty = match obj.get_mut("Condition").and_then(Value::as_object_mut) {
        Some(c) => {
            c.retain(|_, v| v.as_object().is_none_or(|m| !m.is_empty()));
            c.is_empty()
        }
        None => false,
    };
    if empty {
        obj.remove("Condition");
    }
}

/// Operators that a further value widens (a match of any value allows).
fn positive(operator: &str) -> bool {
    let base = operator
        .rsplit(':')
        .next()
        .unwrap_or(operator)
        .trim_end_matches("IfExists");
    matches!(
        base,
        "StringEquals" | "StringEqualsIgnoreCase" | "StringLike" | "ArnEquals" | "ArnLike"
    ) && !operator.starts_with("ForAllValues")
}
