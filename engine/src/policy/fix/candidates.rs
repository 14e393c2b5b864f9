//! Candidate fixes for a denied request, from the rule that denied it: the statement that
//! denies (remove or narrow it), the documents that could allow (identity policy, key or
//! resource policy, trust policy, grant, boundary, SCP), and the statements that almost
//! matched (a condition to widen). Candidates are only proposals: `super::suggest` keeps
//! those that evaluation shows work.

use serde_json::{json, Value};

use super::super::arn::{PrincipalInfo, PrincipalShape};
use super::super::org::OrgKind;
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
    /// else it newly allows is inherent.
    pub broad: bool,
    /// The request as the caller would make it instead ([`FixKind::ChangeCall`]).
    pub request: Option<Request>,
    /// It removes, narrows or bypasses a control (see [`super::PolicyFix::changes_control`]).
    pub changes_control: bool,
    /// Guardrail order: 0 the call made differently, 1 an edit that keeps every control
    /// (or the narrowest edit of one), 2 an edit that removes or bypasses a control.
    pub rank: u8,
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

    /// The first value the request's own context gives `key`.
    fn given(&self, key: &str) -> Option<String> {
        self.req
            .context
            .get(key)
            .and_then(|v| v.as_slice().first().cloned())
    }

    /// The first value of `key`: the request's own, or else the one its principal implies.
    fn value(&self, key: &str) -> Option<String> {
        self.given(key).or_else(|| {
            let derived = super::super::Context::with_principal_defaults(&self.req.principal);
            derived.get(key).and_then(|v| v.as_slice().first().cloned())
        })
    }

    /// `aws:SourceArn` and `aws:SourceAccount` of a service's request, as conditions: a
    /// statement for a service principal keeps to the source it acts for (no confused
    /// deputy).
    fn source_conditions(&self) -> Vec<ConditionSpec> {
        if !self.is_service() {
            return Vec::new();
        }
        [
            ("ArnEquals", "aws:SourceArn"),
            ("StringEquals", "aws:SourceAccount"),
        ]
        .into_iter()
        .filter_map(|(op, key)| Some(ConditionSpec::new(op, key, &self.given(key)?)))
        .collect()
    }

    /// An Allow statement for this request fails only on `kms:ViaService`: the key's
    /// owner scoped it to calls through a service on purpose.
    fn via_scoped(&self) -> bool {
        self.expl
            .policies
            .iter()
            .flat_map(|p| &p.statements)
            .any(|s| {
                s.effect == super::super::Effect::Allow
                    && s.action_matched
                    && s.resource_matched
                    && s.principal_matched != Some(false)
                    && s.conditions
                        .iter()
                        .any(|c| !c.result && c.key.eq_ignore_ascii_case("kms:ViaService"))
            })
    }

    /// The request's encryption context as conditions (or the caller's patterns).
    fn context_conditions(&self) -> Vec<ConditionSpec> {
        if let Some(c) = &self.hints.context_conditions {
            return c
                .iter()
                .filter(|c| super::super::compare::space::provides(&self.req.action, &c.key))
                .cloned()
                .collect();
        }
        self.req
            .context
            .iter()
            .filter(|(k, _)| k.to_ascii_lowercase().starts_with("kms:encryptioncontext:"))
            .filter(|(k, _)| super::super::compare::space::provides(&self.req.action, k))
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
    let mut out = call_changes(ctx);
    match rule {
        DecidingRule::NoScpAllows => out.extend(scp(ctx)),
        DecidingRule::NoScpAllowsAtLevel {
            level, attached, ..
        } => out.extend(scp_at_level(ctx, *level, attached)),
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
    if ctx.via_scoped() && ctx.value("kms:ViaService").is_none() {
        for c in out.iter_mut().filter(|c| {
            matches!(
                c.kind,
                FixKind::IdentityStatement | FixKind::KeyPolicyStatement | FixKind::Grant
            )
        }) {
            c.changes_control = true;
            c.rank = 2;
            c.explanation = Text::join(&[c.explanation.clone(), texts::bypasses_via()], " ", "");
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
        explanation: with_rcp_reach(
            ctx.world,
            doc,
            texts::remove_deny(&n, *statement, scp_doc(ctx.world, doc)),
        ),
        broad: true,
        request: None,
        changes_control: true,
        rank: 2,
    }];
    out.extend(call_changes(ctx));
    out.extend(deny_exceptions(ctx, doc, *statement, &old, &n));
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
            explanation: with_rcp_reach(
                ctx.world,
                doc,
                texts::narrow_deny(&n, *statement, &removed, scp_doc(ctx.world, doc)),
            ),
            broad: true,
            request: None,
            changes_control: true,
            rank: 2,
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
        PolicyType::Scp => match &w.org {
            Some(o) => o.find(OrgKind::Scp, name).map(|index| DocId::Org { index }),
            None => w
                .scps
                .iter()
                .position(|n| n.name == name)
                .map(|index| DocId::Scp { index }),
        },
        // An RCP is the organization's control: its edits are control changes.
        PolicyType::Rcp => w
            .org
            .as_ref()?
            .find(OrgKind::Rcp, name)
            .map(|index| DocId::Org { index }),
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
    let mut conditions = if ctx.kms() {
        ctx.context_conditions()
    } else {
        Vec::new()
    };
    if let (true, Some(v)) = (ctx.kms(), ctx.value("kms:ViaService")) {
        conditions.push(ConditionSpec::new("StringEquals", "kms:ViaService", &v));
    }
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
    let merged = json.and_then(|j| st::mergeable(j, &statement));
    let (change, doc_name) = match json {
        Some(j) => (add_or_merge(j, statement), ctx.world.doc_label(doc)),
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
    let explanation = match (&ctx.expl.rule, merged) {
        (_, Some((i, _))) => texts::merged(&n, i),
        (DecidingRule::KeyPolicyDelegatesNoIdentity { statement, account }, _)
            if ctx.expl.cross_account =>
        {
            texts::identity_cross_delegated(&n, *statement, account)
        }
        (DecidingRule::KeyPolicyDelegatesNoIdentity { statement, account }, _) => {
            texts::identity_delegated(&n, *statement, account)
        }
        _ if ctx.expl.cross_account => texts::identity_cross(&n),
        _ => texts::identity_plain(&n),
    };
    let explanation = match conditions.is_empty() {
        true => explanation,
        false => Text::join(&[explanation, texts::pins(&conditions)], " ", ""),
    };
    Some(Candidate {
        kind: FixKind::IdentityStatement,
        changes: vec![DocChange { doc, change }],
        explanation,
        broad: false,
        request: None,
        changes_control: false,
        rank: 1,
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
    conditions.extend(ctx.source_conditions());
    let who = ctx.who();
    let what = ctx.what();
    let op = st::operation(&ctx.req.action);
    let sid = st::sid(Some(json), &["Allow", &who, op]);
    let statement = st::key_statement(&sid, &ctx.req.principal, &ctx.req.action, &conditions);
    let doc_name = ctx.world.doc_label(doc);
    let n = ctx.names(&who, &what, &doc_name, &sid);
    let explanation = match st::mergeable(json, &statement) {
        Some((i, _)) => texts::merged(&n, i),
        None => texts::key_direct(&n, via.as_deref()),
    };
    // Say the pins the key's other statements do not already explain (the encryption
    // context, the source of a service).
    let mut pinned = ctx.context_conditions();
    pinned.extend(ctx.source_conditions());
    let explanation = match pinned.is_empty() {
        true => explanation,
        false => Text::join(&[explanation, texts::pins(&pinned)], " ", ""),
    };
    Some(Candidate {
        kind: FixKind::KeyPolicyStatement,
        changes: vec![DocChange {
            doc,
            change: add_or_merge(json, statement),
        }],
        explanation,
        broad: false,
        request: None,
        changes_control: false,
        rank: 1,
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
        request: None,
        changes_control: false,
        rank: 1,
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
    let source = ctx.source_conditions();
    let statement = st::resource_statement(
        &sid,
        &ctx.req.principal,
        &ctx.req.action,
        &resource,
        &source,
    );
    let change = match json {
        Some(j) => add_or_merge(j, statement),
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
        explanation: match source.is_empty() {
            true => texts::resource_policy(&n, ctx.expl.cross_account),
            false => Text::join(
                &[
                    texts::resource_policy(&n, ctx.expl.cross_account),
                    texts::pins(&source),
                ],
                " ",
                "",
            ),
        },
        broad: false,
        request: None,
        changes_control: false,
        rank: 1,
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
                statement: st::trust_statement(
                    &sid,
                    &who,
                    &ctx.req.action,
                    &ctx.source_conditions(),
                ),
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
        request: None,
        changes_control: false,
        rank: 1,
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
                request: None,
                changes_control: false,
                rank: 1,
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

/// An allow statement added to the boundary (on the caller's resource pattern, if any).
fn boundary(ctx: &Ctx<'_>) -> Option<Candidate> {
    let resource = ctx
        .hints
        .resource_pattern
        .clone()
        .unwrap_or_else(|| ctx.req.resource.clone());
    let doc = DocId::Boundary { principal: ctx.p };
    let unnamed = Text::default();
    guardrail_allow(
        ctx,
        doc,
        FixKind::BoundaryStatement,
        &resource,
        unnamed,
        texts::boundary,
    )
}

/// An allow statement added to the first SCP.
fn scp(ctx: &Ctx<'_>) -> Option<Candidate> {
    let doc = DocId::Scp { index: 0 };
    let doc_name = ctx.world.doc_label(doc);
    guardrail_allow(
        ctx,
        doc,
        FixKind::ScpStatement,
        &ctx.req.resource,
        doc_name,
        texts::scp,
    )
}

/// A new SCP attached at the level of the caller's path through the organization where no
/// SCP allows the request (0 = the root): one statement allowing exactly this action on
/// this resource. The SCPs already attached there are left alone (an allow-list someone
/// wrote on purpose), so it is a change of a control that removes none.
fn scp_at_level(ctx: &Ctx<'_>, level: usize, attached: &[String]) -> Option<Candidate> {
    let org = ctx.world.org.as_ref()?;
    let account = crate::policy::arn_account(&ctx.req.principal)?;
    let target = org.level_target(account, level)?;
    let place = org.targets().into_iter().nth(target)?;
    let at = org.target_label(&place);
    let what = ctx.what();
    let op = st::operation(&ctx.req.action);
    let service = ctx.req.action.split_once(':').map_or("", |(s, _)| s);
    // The policy's name: `Allow` and the action in words (`AllowKinesisPutRecord`).
    let name = st::sid(None, &["Allow", service, op]);
    let statement = st::identity_statement(&name, &ctx.req.action, &ctx.req.resource, &[]);
    let who = ctx.who();
    let doc_name = Text::default();
    let n = ctx.names(&who, &what, &doc_name, &name);
    Some(Candidate {
        kind: FixKind::ScpStatement,
        changes: vec![DocChange {
            doc: DocId::NewScp { target },
            change: Change::CreatePolicy {
                name: name.clone(),
                document: serde_json::json!({"Version": "2012-10-17", "Statement": [statement]}),
            },
        }],
        explanation: texts::scp_attach(&n, &at, attached),
        broad: false,
        request: None,
        changes_control: true,
        rank: 1,
    })
}

/// An allow statement for the request on `resource` added to a guardrail `doc` (the
/// boundary or an SCP), which only limits: a change of a control, explained by `explain`
/// (the document named `doc_name` in it).
fn guardrail_allow(
    ctx: &Ctx<'_>,
    doc: DocId,
    kind: FixKind,
    resource: &str,
    doc_name: Text,
    explain: fn(&Names<'_>) -> Text,
) -> Option<Candidate> {
    let json = ctx.world.json(doc)?;
    let what = ctx.what();
    let sid = st::sid(
        Some(json),
        &["Allow", st::operation(&ctx.req.action), &what],
    );
    let statement = st::identity_statement(&sid, &ctx.req.action, resource, &[]);
    let who = ctx.who();
    let n = ctx.names(&who, &what, &doc_name, &sid);
    Some(Candidate {
        kind,
        changes: vec![DocChange {
            doc,
            change: Change::AddStatement { statement },
        }],
        explanation: explain(&n),
        broad: false,
        request: None,
        changes_control: true,
        rank: 1,
    })
}

/// Cross-account: the half that is missing alone (the caller's identity policy, which
/// the caller's own account controls; or the resource's policy), and both halves together
/// only when neither alone is enough.
fn cross_account(ctx: &Ctx<'_>) -> Vec<Candidate> {
    let id = identity(ctx);
    let other = if ctx.kms() {
        key_policy(ctx)
    } else {
        resource_policy(ctx)
    };
    let account = ctx.expl.resource_account.clone().unwrap_or_default();
    let alone = |c: &Candidate| {
        ctx.world.apply(&c.changes).is_some_and(|w| {
            super::super::evaluate(ctx.req, &w.policy_set(ctx.p, ctx.r)).is_allowed()
        })
    };
    let mut out: Vec<Candidate> = id.iter().filter(|c| alone(c)).cloned().collect();
    if let Some(o) = other.iter().find(|c| alone(c)) {
        let mut o = o.clone();
        o.explanation = Text::join(
            &[texts::cross_resource_half(&account), o.explanation],
            " ",
            "",
        );
        out.push(o);
    }
    if !out.is_empty() {
        return out;
    }
    let (Some(id), Some(other)) = (id, other) else {
        return out;
    };
    let mut changes = other.changes.clone();
    changes.extend(id.changes.clone());
    out.push(Candidate {
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
        request: None,
        changes_control: false,
        rank: 1,
    });
    out
}

/// The statement appended, or — when an Allow statement of the document already names
/// the same principal, resource and conditions — the action added to it (edit, don't
/// duplicate).
fn add_or_merge(doc: &Value, statement: Value) -> Change {
    match st::mergeable(doc, &statement) {
        Some((index, merged)) => Change::ReplaceStatement {
            index,
            old: statements(doc).get(index).cloned().unwrap_or(Value::Null),
            statement: merged,
        },
        None => Change::AddStatement { statement },
    }
}

/// The organization's kind of a document (an SCP or RCP of `World::org`).
fn org_kind(w: &World, doc: DocId) -> Option<OrgKind> {
    match doc {
        DocId::Org { index } => w.org.as_ref()?.docs.get(index).map(|d| d.kind),
        _ => None,
    }
}

/// Whether a document is a service control policy (its edits reach every account under it).
fn scp_doc(w: &World, doc: DocId) -> bool {
    matches!(doc, DocId::Scp { .. }) || org_kind(w, doc) == Some(OrgKind::Scp)
}

/// An RCP's edits reach every resource of every account under it: said after the text.
fn with_rcp_reach(w: &World, doc: DocId, t: Text) -> Text {
    if org_kind(w, doc) == Some(OrgKind::Rcp) {
        Text::join(&[t, texts::rcp_reach()], " ", "")
    } else {
        t
    }
}

/// Condition keys a caller controls by how it makes the call: through a service, over
/// TLS, with an encryption context.
fn caller_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k == "kms:viaservice" || k == "aws:securetransport" || k.starts_with("kms:encryptioncontext:")
}

/// Tries at most this many changed calls.
const MAX_CALL_TRIES: usize = 16;

/// The call made differently, where a condition on how it is made decides: through the
/// service a statement names, over TLS, with the encryption context a statement pins. No
/// policy changes; offered first when the host can write a changed request.
fn call_changes(ctx: &Ctx<'_>) -> Vec<Candidate> {
    if !ctx.hints.call_changes {
        return Vec::new();
    }
    let mut tries: Vec<Vec<(String, String)>> = Vec::new();
    for s in ctx.expl.policies.iter().flat_map(|p| &p.statements) {
        if !(s.action_matched && s.resource_matched && s.principal_matched != Some(false)) {
            continue;
        }
        let mut all = Vec::new();
        let provided = |k: &str| super::super::compare::space::provides(&ctx.req.action, k);
        for c in s
            .conditions
            .iter()
            .filter(|c| caller_key(&c.key) && provided(&c.key))
        {
            let values: Vec<String> = if c.key.eq_ignore_ascii_case("aws:SecureTransport") {
                vec!["true".into()]
            } else {
                c.policy_values
                    .iter()
                    .filter(|v| !v.contains(['*', '?', '$']))
                    .cloned()
                    .collect()
            };
            for v in values.iter().take(2) {
                if ctx.value(&c.key).as_deref() != Some(v) {
                    tries.push(vec![(c.key.clone(), v.clone())]);
                }
            }
            if let Some(v) = values.first() {
                all.push((c.key.clone(), v.clone()));
            }
        }
        if all.len() > 1 {
            tries.push(all);
        }
    }
    tries.dedup();
    let set = ctx.world.policy_set(ctx.p, ctx.r);
    let mut out: Vec<Candidate> = Vec::new();
    for t in tries.into_iter().take(MAX_CALL_TRIES) {
        let mut req = ctx.req.clone();
        for (k, v) in &t {
            req.context.remove(k);
            req.context.set(k.clone(), v.clone());
        }
        if !super::super::evaluate(&req, &set).is_allowed()
            || out.iter().any(|c| c.request.as_ref() == Some(&req))
        {
            continue;
        }
        out.push(Candidate {
            kind: FixKind::ChangeCall,
            changes: Vec::new(),
            explanation: texts::change_call(&t, &ctx.req.action),
            broad: false,
            request: Some(req),
            changes_control: false,
            rank: 0,
        });
    }
    out
}

/// A condition operator without its set qualifier (`ForAnyValue:`) and `IfExists`.
fn base_operator(operator: &str) -> &str {
    operator
        .rsplit(':')
        .next()
        .unwrap_or(operator)
        .trim_end_matches("IfExists")
}

/// Negated operators whose list is an exception list (a value added exempts it).
fn exception_operator(operator: &str) -> bool {
    if operator.starts_with("ForAllValues") {
        return false;
    }
    let base = base_operator(operator);
    matches!(
        base,
        "StringNotEquals"
            | "StringNotEqualsIgnoreCase"
            | "StringNotLike"
            | "ArnNotEquals"
            | "ArnNotLike"
    )
}

/// `value` appended to the list at `v` (a string or an array).
fn append(v: &mut Value, value: &str) {
    let list = match v.take() {
        Value::Array(a) => a,
        Value::Null => Vec::new(),
        other => vec![other],
    };
    let mut list = list;
    if !list.iter().any(|x| x.as_str() == Some(value)) {
        list.push(Value::String(value.to_string()));
    }
    *v = Value::Array(list);
}

/// The narrowest edits of the Deny that matched: the caller added to its exceptions —
/// `NotPrincipal`, `NotResource`, the list of a negated condition on a key the request
/// carries — or, when the request comes through a service and the Deny says nothing of
/// `kms:ViaService`, `StringNotEquals kms:ViaService` for that service (lesson 12's
/// answer: deny everything but calls through the service).
fn deny_exceptions(
    ctx: &Ctx<'_>,
    doc: DocId,
    index: usize,
    old: &Value,
    n: &Names<'_>,
) -> Vec<Candidate> {
    let mut edits: Vec<(Value, Text)> = Vec::new();
    let Some(obj) = old.as_object() else {
        return Vec::new();
    };
    if obj.contains_key("NotPrincipal") {
        let mut new = old.clone();
        let caller = st::principal_element(&ctx.req.principal);
        if let (Some(np), Some((k, v))) = (
            new.get_mut("NotPrincipal").and_then(Value::as_object_mut),
            caller.as_object().and_then(|m| m.iter().next()),
        ) {
            let entry = np.entry(k.clone()).or_insert(Value::Null);
            if let Some(arn) = v.as_str() {
                append(entry, arn);
            }
            // A Deny with NotPrincipal spares a caller only when every identity it
            // carries is listed: the session, its role and its account.
            if ctx.req.principal.contains(":assumed-role/") {
                append(entry, &ctx.req.principal);
            }
            if let Some(acct) = PrincipalInfo::parse(&ctx.req.principal).account {
                append(entry, &format!("arn:aws:iam::{acct}:root"));
            }
            edits.push((
                new,
                texts::exception(
                    n,
                    index,
                    "NotPrincipal",
                    &ctx.who(),
                    ctx.world.doc_label(doc),
                ),
            ));
        }
    }
    if obj.contains_key("NotResource") {
        let mut new = old.clone();
        if let Some(nr) = new.get_mut("NotResource") {
            append(nr, &ctx.req.resource);
            edits.push((
                new,
                texts::exception(
                    n,
                    index,
                    "NotResource",
                    &ctx.what(),
                    ctx.world.doc_label(doc),
                ),
            ));
        }
    }
    if let Some(cond) = obj.get("Condition").and_then(Value::as_object) {
        for (op, block) in cond {
            let Some(block) = block.as_object() else {
                continue;
            };
            if !exception_operator(op) {
                continue;
            }
            for key in block.keys() {
                let Some(v) = ctx.value(key).filter(|v| v.len() <= MAX_VALUE) else {
                    continue;
                };
                let mut new = old.clone();
                if let Some(entry) = new
                    .get_mut("Condition")
                    .and_then(|c| c.get_mut(op))
                    .and_then(|b| b.get_mut(key))
                {
                    append(entry, &v);
                    edits.push((
                        new,
                        texts::exception(n, index, key, &v, ctx.world.doc_label(doc)),
                    ));
                }
            }
        }
    }
    let via = ctx.value("kms:ViaService");
    let mentions_via = obj
        .get("Condition")
        .and_then(Value::as_object)
        .is_some_and(|c| {
            c.values().any(|b| {
                b.as_object()
                    .is_some_and(|b| b.keys().any(|k| k.eq_ignore_ascii_case("kms:ViaService")))
            })
        });
    if let (Some(v), false, true) = (
        via,
        mentions_via,
        obj.get("Effect").and_then(Value::as_str) == Some("Deny"),
    ) {
        let mut new = old.clone();
        if let Some(o) = new.as_object_mut() {
            let cond = o.entry("Condition").or_insert_with(|| json!({}));
            if let Some(c) = cond.as_object_mut() {
                let block = c.entry("StringNotEquals").or_insert_with(|| json!({}));
                if let Some(b) = block.as_object_mut() {
                    b.insert("kms:ViaService".into(), Value::String(v.clone()));
                    edits.push((
                        new,
                        texts::via_exception(n, index, &v, ctx.world.doc_label(doc)),
                    ));
                }
            }
        }
    }
    edits
        .into_iter()
        .map(|(statement, explanation)| Candidate {
            kind: FixKind::DenyException,
            changes: vec![DocChange {
                doc,
                change: Change::ReplaceStatement {
                    index,
                    old: old.clone(),
                    statement,
                },
            }],
            explanation: if scp_doc(ctx.world, doc) {
                Text::join(&[explanation, texts::scp_reach()], " ", "")
            } else {
                with_rcp_reach(ctx.world, doc, explanation)
            },
            broad: true,
            request: None,
            changes_control: true,
            rank: 1,
        })
        .collect()
}

/// Why a change cannot be offered: a statement it writes tests a condition key that one
/// of its KMS actions does not provide, so in AWS the condition never holds for it
/// (lint's `UNSUPPORTED_ACTION_FOR_CONDITION_KEY`).
pub fn unsupported_keys(changes: &[DocChange]) -> Option<Text> {
    for c in changes {
        // A pair the statement already had is the policy author's, not the fix's: adding
        // a value to a condition of a statement that also lists kms:DescribeKey does not
        // make the fix the one that wrote the key for DescribeKey.
        let (written, before): (Vec<Value>, Vec<(String, String)>) = match &c.change {
            Change::AddStatement { statement } => (vec![statement.clone()], Vec::new()),
            Change::ReplaceStatement { statement, old, .. } => {
                (vec![statement.clone()], action_keys(old))
            }
            Change::CreatePolicy { document, .. } => (statements(document), Vec::new()),
            _ => continue,
        };
        for s in &written {
            for (a, key) in action_keys(s) {
                if a.contains(['*', '?']) || before.contains(&(a.clone(), key.clone())) {
                    continue;
                }
                if !super::super::compare::space::provides(&a, &key) {
                    return Some(texts::unsupported_key(&key, &a));
                }
            }
        }
    }
    None
}

/// Every (action, condition key) pair a statement writes.
fn action_keys(s: &Value) -> Vec<(String, String)> {
    let actions: Vec<&str> = match s.get("Action") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => return Vec::new(),
    };
    let Some(cond) = s.get("Condition").and_then(Value::as_object) else {
        return Vec::new();
    };
    let keys: Vec<&String> = cond
        .values()
        .filter_map(Value::as_object)
        .flat_map(|b| b.keys())
        .collect();
    actions
        .iter()
        .flat_map(|a| keys.iter().map(move |k| (a.to_string(), k.to_string())))
        .collect()
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
    near_statements(ctx)
        .into_iter()
        .take(MAX_NEAR)
        .filter_map(|(doc, s)| widen(ctx, doc, s))
        .collect()
}

/// The Allow statements (of editable documents) that matched the request but for their
/// conditions, with their documents.
fn near_statements<'a>(ctx: &'a Ctx<'_>) -> Vec<(DocId, &'a super::super::StatementExplanation)> {
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
            if near {
                out.push((doc, s));
            }
        }
    }
    out
}

/// The near-miss statements as removals (document, change), at most [`MAX_NEAR`]: a new
/// statement for the same caller and action may supersede one.
pub fn near_removals(ctx: &Ctx<'_>) -> Vec<DocChange> {
    near_statements(ctx)
        .into_iter()
        .take(MAX_NEAR)
        .filter_map(|(doc, s)| {
            let old = statements(ctx.world.json(doc)?).get(s.index)?.clone();
            Some(DocChange {
                doc,
                change: Change::RemoveStatement {
                    index: s.index,
                    old,
                },
            })
        })
        .collect()
}

/// The statement with every failing condition widened to this request, if each can be.
fn widen(ctx: &Ctx<'_>, doc: DocId, s: &super::super::StatementExplanation) -> Option<Candidate> {
    let json = ctx.world.json(doc)?;
    let old = statements(json).get(s.index)?.clone();
    let mut new = old.clone();
    let mut kind = FixKind::WidenCondition;
    let mut said: Option<Text> = None;
    let mut rank = 1;
    // Adding a source to a service's aws:SourceArn/aws:SourceAccount list grants only that
    // source: the list stays a control.
    let source_only = s.conditions.iter().filter(|c| !c.result).all(|c| {
        c.key.eq_ignore_ascii_case("aws:SourceArn")
            || c.key.eq_ignore_ascii_case("aws:SourceAccount")
    });
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
                rank = 2;
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
        request: None,
        changes_control: !source_only,
        rank,
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
    let base = base_operator(operator);
    matches!(
        base,
        "StringEquals" | "StringEqualsIgnoreCase" | "StringLike" | "ArnEquals" | "ArnLike"
    ) && !operator.starts_with("ForAllValues")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(old: Option<Value>, statement: Value) -> Vec<DocChange> {
        let doc = DocId::Identity {
            principal: 0,
            policy: 0,
        };
        let change = match old {
            Some(old) => Change::ReplaceStatement {
                index: 0,
                old,
                statement,
            },
            None => Change::AddStatement { statement },
        };
        vec![DocChange { doc, change }]
    }

    /// Issue 19 §1: `kms:EncryptionContext:*` on `kms:ScheduleKeyDeletion` never matches in
    /// AWS; a fix that writes such a pair is rejected, and one that only keeps a pair the
    /// statement already had (its author's) is not.
    #[test]
    fn a_condition_key_the_action_does_not_provide_is_rejected_only_when_the_fix_writes_it() {
        let ctx = json!({"StringEquals": {"kms:EncryptionContext:purpose": "x"}});
        let new = json!({"Effect": "Allow", "Action": "kms:ScheduleKeyDeletion", "Resource": "*", "Condition": ctx});
        let why = unsupported_keys(&change(None, new)).expect("rejected");
        assert!(why.en().contains("kms:ScheduleKeyDeletion"), "{}", why.en());
        // The action added to a statement pinned to a context: a new pair, rejected.
        let old = json!({"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*", "Condition": ctx});
        let added = json!({"Effect": "Allow", "Action": ["kms:Decrypt", "kms:ScheduleKeyDeletion"], "Resource": "*", "Condition": ctx});
        assert!(unsupported_keys(&change(Some(old), added)).is_some());
        // A value added to a statement that already listed kms:DescribeKey with the key.
        let old = json!({"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:DescribeKey"], "Resource": "*",
            "Condition": {"StringLike": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::b/*"}}});
        let widened = json!({"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:DescribeKey"], "Resource": "*",
            "Condition": {"StringLike": {"kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::b/*", "arn:aws:s3:::b"]}}});
        assert_eq!(unsupported_keys(&change(Some(old), widened)), None);
        // Supported pairs pass.
        let ok =
            json!({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": ctx});
        assert_eq!(unsupported_keys(&change(None, ok)), None);
    }
}
