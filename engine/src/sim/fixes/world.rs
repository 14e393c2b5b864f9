//! The simulation's policies as a [`World`] for the policy engine's fix finder, and the way
//! back: each document of the world is an element of the scenario document, so a fix's
//! [`DocChange`] becomes JSON Patch edits of the scenario (guarded by `test` operations on
//! the names and statements they rely on) and the place an editor opens.

use serde_json::{json, Value};

use super::{DocumentKind, FixTarget};
use crate::patch::Edit;
use crate::policy::fix::ConditionSpec;
use crate::policy::fix::{
    statement_edits, Change, DocChange, DocId, Hints, ResourceKind, World, WorldPrincipal,
    WorldResource,
};
use crate::policy::Request;
use crate::sim::keys::aws_managed_key_policy;
use crate::sim::simulation::Simulation;
use crate::text::Text;

/// Which scenario element holds a world resource's policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Holder {
    /// `keys[i]`.
    Key(usize),
    /// `buckets[i]`.
    Bucket(usize),
    /// `roles[i]` (its trust policy).
    Role(usize),
    /// `streams[i]` (its resource-based policy).
    Stream(usize),
    /// Nothing a scenario can edit (an AWS managed key, a stream, a log group).
    None,
}

/// The world of a simulation: principals are the scenario's roles in order (then the
/// service principal of the request, when it is one), resources its keys, buckets, roles,
/// streams and log groups.
pub(super) struct SimWorld {
    pub world: World,
    pub holders: Vec<Holder>,
    /// The account owning each resource (parallel to `holders`).
    pub accounts: Vec<String>,
    /// The scenario spans accounts: every place a fix edits names its account.
    pub multi_account: bool,
}

/// The ARN requests by role `i` carry: the requester's own, a session the run created, or a
/// session name of our own.
fn role_principal(sim: &Simulation, i: usize, requester: &str) -> String {
    let iam = &sim.cloud.iam;
    let name = iam.roles.get(i).map(|r| r.name.as_str()).unwrap_or("");
    let mine = iam
        .sessions
        .iter()
        .find(|s| s.role as usize == i && &*s.arn == requester);
    let any = iam.sessions.iter().find(|s| s.role as usize == i);
    match mine.or(any) {
        Some(s) => s.arn.to_string(),
        // A role of another account makes its sessions in that account.
        None => format!(
            "arn:aws:sts::{}:assumed-role/{name}/envelope-lab-probe",
            iam.roles
                .get(i)
                .and_then(|r| crate::policy::arn_account(&r.arn))
                .unwrap_or(&sim.scenario.account)
        ),
    }
}

impl SimWorld {
    /// The world of `sim` for a request by `requester`.
    pub fn new(sim: &Simulation, requester: &str) -> SimWorld {
        let sc = sim.scenario();
        let c = &sim.cloud;
        let mut world = World {
            account: sc.account.clone(),
            org: c.org.as_deref().cloned(),
            ..World::default()
        };
        for (i, (spec, role)) in sc.roles.iter().zip(&c.iam.roles).enumerate() {
            let mut json: Vec<Value> = spec
                .inline_policies
                .iter()
                .map(|p| p.document.clone())
                .collect();
            json.extend(spec.attached_policies.iter().map(|p| p.document.clone()));
            world.principals.push(WorldPrincipal {
                arn: role_principal(sim, i, requester),
                label: spec.name.clone(),
                identity: role.identity.clone(),
                identity_json: json,
                preferred_policy: (!spec.inline_policies.is_empty()).then_some(0),
                boundary: role.boundary.clone(),
                boundary_json: spec.permissions_boundary.clone(),
            });
        }
        if world.principal_of(requester).is_none() {
            world.principals.push(WorldPrincipal {
                arn: requester.to_string(),
                label: requester.to_string(),
                identity: vec![],
                identity_json: vec![],
                preferred_policy: None,
                boundary: vec![],
                boundary_json: None,
            });
        }
        let mut holders = Vec::new();
        let mut accounts = Vec::new();
        let account_of = |arn: &str| {
            crate::policy::arn_account(arn)
                .unwrap_or(&sc.account)
                .to_string()
        };
        for (i, k) in c.kms.keys.iter().enumerate() {
            let (json, holder) = match sc.keys.get(i) {
                Some(spec) if !k.aws_managed => (spec.policy.clone(), Holder::Key(i)),
                _ => {
                    let service = k.name.trim_start_matches("aws/");
                    let label = if service == "kinesis" {
                        "Amazon Kinesis"
                    } else {
                        "S3"
                    };
                    (
                        aws_managed_key_policy(&sc.account, &sc.region, service, label),
                        Holder::None,
                    )
                }
            };
            if k.aws_managed {
                world.aws_managed.push(world.resources.len());
            }
            world.resources.push(WorldResource {
                arn: k.arn.clone(),
                kind: ResourceKind::KmsKey,
                label: k.name.clone(),
                policy: Some(k.policy.clone()),
                policy_json: Some(json),
                grants: k.grants.clone(),
                editable: holder != Holder::None,
            });
            holders.push(holder);
            accounts.push(account_of(&k.arn));
        }
        for (i, (b, spec)) in c.s3.buckets.iter().zip(&sc.buckets).enumerate() {
            world.resources.push(WorldResource {
                arn: b.arn.clone(),
                kind: ResourceKind::Bucket,
                label: b.name.clone(),
                policy: b.policy.clone(),
                policy_json: spec.policy.clone(),
                grants: vec![],
                editable: true,
            });
            holders.push(Holder::Bucket(i));
            accounts.push(b.account.to_string());
            if *b.account != sc.account {
                world
                    .owners
                    .insert(world.resources.len() - 1, b.account.to_string());
            }
        }
        for (i, (r, spec)) in c.iam.roles.iter().zip(&sc.roles).enumerate() {
            world.resources.push(WorldResource {
                arn: r.arn.clone(),
                kind: ResourceKind::Role,
                label: r.name.clone(),
                policy: Some(r.trust.clone()),
                policy_json: Some(spec.trust_policy.clone()),
                grants: vec![],
                editable: true,
            });
            holders.push(Holder::Role(i));
            accounts.push(account_of(&r.arn));
        }
        for (i, (st, spec)) in c.kinesis.streams.iter().zip(&sc.streams).enumerate() {
            // A stream's resource-based policy is edited (or created) like a bucket's.
            world.resources.push(WorldResource {
                policy: st.policy.clone(),
                policy_json: spec.policy.clone(),
                editable: true,
                ..plain(&st.arn, ResourceKind::Stream, &st.name)
            });
            holders.push(Holder::Stream(i));
            accounts.push(account_of(&st.arn));
        }
        for d in &c.firehose.streams {
            let arn = format!(
                "arn:aws:logs:{}:{}:log-group:{}",
                sc.region, sc.account, d.log_group
            );
            world
                .resources
                .push(plain(&arn, ResourceKind::LogGroup, &d.log_group));
            holders.push(Holder::None);
            accounts.push(account_of(&d.arn));
        }
        let multi_account = c.multi_account;
        SimWorld {
            world,
            holders,
            accounts,
            multi_account,
        }
    }

    /// The JSON Patch edits of the scenario document `doc` that make `change`, and where;
    /// in a scenario that spans accounts the place names the account whose document it is
    /// (a cross-account denial is fixed in the caller's account or in the resource's).
    pub fn edits(&self, doc: &Value, change: &DocChange) -> Option<(Vec<Edit>, FixTarget)> {
        let (edits, mut target) = self.edits_in(doc, change)?;
        let account = match change.doc {
            DocId::Identity { principal, .. } | DocId::Boundary { principal } => self
                .world
                .principals
                .get(principal)
                .and_then(|p| crate::policy::arn_account(&p.arn))
                .map(str::to_string),
            DocId::Resource { resource } | DocId::Grants { resource } => {
                self.accounts.get(resource).cloned()
            }
            DocId::Scp { .. } | DocId::Org { .. } | DocId::NewScp { .. } => None,
        };
        if let (true, Some(a)) = (self.multi_account, account) {
            target.label = Text::new(
                format!("{} (account {a})", target.label.en()),
                format!("{} (アカウント {a})", target.label.get("ja")),
            );
        }
        Some((edits, target))
    }

    fn edits_in(&self, doc: &Value, change: &DocChange) -> Option<(Vec<Edit>, FixTarget)> {
        let w = &self.world;
        match change.doc {
            DocId::Identity { principal, policy } => {
                identity_edits(doc, principal, policy, &change.change)
            }
            DocId::Boundary { principal } => {
                let base = format!("/roles/{principal}/permissions_boundary");
                let (mut e, st) =
                    statement_edits(&base, crate::patch::get(doc, &base)?, &change.change)?;
                e.insert(0, role_guard(doc, principal)?);
                Some((
                    e,
                    target(
                        DocumentKind::PermissionsBoundary,
                        base,
                        st,
                        boundary_label(w, principal),
                    ),
                ))
            }
            DocId::Resource { resource } => self.resource_edits(doc, resource, &change.change),
            DocId::Grants { resource } => {
                let Holder::Key(k) = *self.holders.get(resource)? else {
                    return None;
                };
                let Change::AddGrant { grant } = &change.change else {
                    return None;
                };
                let mut g = json!({"grantee_principal": grant.grantee_principal, "operations": grant.operations});
                if let Some(sub) = &grant.encryption_context_subset {
                    g["encryption_context_subset"] = json!(sub);
                }
                let base = format!("/keys/{k}/grants");
                let n = crate::patch::get(doc, &base)
                    .and_then(Value::as_array)
                    .map(Vec::len);
                let add = match n {
                    Some(_) => Edit::Add {
                        path: format!("{base}/-"),
                        value: g,
                    },
                    None => Edit::Add {
                        path: base.clone(),
                        value: json!([g]),
                    },
                };
                let at = format!("{base}/{}", n.unwrap_or(0));
                let label = grants_label(doc, k);
                Some((
                    vec![key_guard(doc, k)?, add],
                    target(DocumentKind::Grants, base, Some(at), label),
                ))
            }
            DocId::Scp { .. } => None,
            DocId::NewScp { target } => new_scp_edits(w, doc, target, change),
            DocId::Org { index } => {
                let org = w.org.as_ref()?;
                let d = org.docs.get(index)?;
                let base = format!("/organization{}", d.pointer);
                let (mut e, st) =
                    statement_edits(&base, crate::patch::get(doc, &base)?, &change.change)?;
                if let Some(np) = &d.name_pointer {
                    let path = format!("/organization{np}");
                    e.insert(
                        0,
                        Edit::Test {
                            value: crate::patch::get(doc, &path)?.clone(),
                            path,
                        },
                    );
                }
                let kind = match d.kind {
                    crate::policy::org::OrgKind::Scp => DocumentKind::ServiceControlPolicy,
                    crate::policy::org::OrgKind::Rcp => DocumentKind::ResourceControlPolicy,
                };
                Some((e, target(kind, base, st, w.doc_label(change.doc))))
            }
        }
    }

    fn resource_edits(
        &self,
        doc: &Value,
        resource: usize,
        change: &Change,
    ) -> Option<(Vec<Edit>, FixTarget)> {
        let (base, guard, kind, label) = match *self.holders.get(resource)? {
            Holder::Key(k) => (
                format!("/keys/{k}/policy"),
                key_guard(doc, k)?,
                DocumentKind::KeyPolicy,
                key_label(doc, k),
            ),
            Holder::Bucket(b) => {
                let name = crate::patch::get(doc, &format!("/buckets/{b}/name"))?.clone();
                let label = Text::new(
                    format!("bucket policy of {}", name.as_str().unwrap_or("")),
                    format!("{} のバケットポリシー", name.as_str().unwrap_or("")),
                );
                let guard = Edit::Test {
                    path: format!("/buckets/{b}/name"),
                    value: name,
                };
                (
                    format!("/buckets/{b}/policy"),
                    guard,
                    DocumentKind::BucketPolicy,
                    label,
                )
            }
            Holder::Role(r) => {
                let name = role_name(doc, r)?;
                let label = Text::new(
                    format!("trust policy of {name}"),
                    format!("{name} の信頼ポリシー"),
                );
                (
                    format!("/roles/{r}/trust_policy"),
                    role_guard(doc, r)?,
                    DocumentKind::TrustPolicy,
                    label,
                )
            }
            Holder::Stream(i) => {
                let name = crate::patch::get(doc, &format!("/streams/{i}/name"))?.clone();
                let n = name.as_str().unwrap_or("").to_string();
                let guard = Edit::Test {
                    path: format!("/streams/{i}/name"),
                    value: name,
                };
                (
                    format!("/streams/{i}/policy"),
                    guard,
                    DocumentKind::StreamPolicy,
                    Text::new(
                        format!("resource-based policy of stream {n}"),
                        format!("ストリーム {n} のリソースベースのポリシー"),
                    ),
                )
            }
            Holder::None => return None,
        };
        if let Change::CreatePolicy { document, .. } = change {
            let e = vec![
                guard,
                Edit::Add {
                    path: base.clone(),
                    value: document.clone(),
                },
            ];
            let st = format!("{base}/Statement/0");
            return Some((e, target(kind, base, Some(st), label)));
        }
        let (mut e, st) = statement_edits(&base, crate::patch::get(doc, &base)?, change)?;
        e.insert(0, guard);
        Some((e, target(kind, base, st, label)))
    }
}

fn plain(arn: &str, kind: ResourceKind, label: &str) -> WorldResource {
    WorldResource {
        arn: arn.to_string(),
        kind,
        label: label.to_string(),
        policy: None,
        policy_json: None,
        grants: vec![],
        editable: false,
    }
}

/// A new SCP attached at target number `target` of the organization: its entry
/// `{"name", "policy"}` appended to the list the scenario's `organization.scps` keeps for
/// that place (the list, or the `scps` map, made when there is none yet).
fn new_scp_edits(
    w: &crate::policy::fix::World,
    doc: &Value,
    target_no: usize,
    change: &DocChange,
) -> Option<(Vec<Edit>, FixTarget)> {
    let Change::CreatePolicy { name, document } = &change.change else {
        return None;
    };
    let org = w.org.as_ref()?;
    let place = org.targets().into_iter().nth(target_no)?;
    let key = org.key_of(crate::policy::org::OrgKind::Scp, &place);
    let escaped = key.replace('~', "~0").replace('/', "~1");
    let entry = json!({"name": name, "policy": document});
    crate::patch::get(doc, "/organization")?;
    let list = format!("/organization/scps/{escaped}");
    let (add, n) = match crate::patch::get(doc, &list).and_then(Value::as_array) {
        Some(a) => (
            Edit::Add {
                path: format!("{list}/-"),
                value: entry,
            },
            a.len(),
        ),
        None if crate::patch::get(doc, "/organization/scps").is_some() => (
            Edit::Add {
                path: list.clone(),
                value: json!([entry]),
            },
            0,
        ),
        None => (
            Edit::Add {
                path: "/organization/scps".into(),
                value: json!({ key: [entry] }),
            },
            0,
        ),
    };
    // The organization is the one the fix was computed for.
    let guard = Edit::Test {
        path: "/organization/id".into(),
        value: crate::patch::get(doc, "/organization/id")?.clone(),
    };
    let pointer = format!("{list}/{n}/policy");
    let label = w.doc_label(change.doc);
    Some((
        vec![guard, add],
        target(
            DocumentKind::ServiceControlPolicy,
            pointer.clone(),
            Some(format!("{pointer}/Statement/0")),
            label,
        ),
    ))
}

fn target(
    document: DocumentKind,
    pointer: String,
    statement: Option<String>,
    label: Text,
) -> FixTarget {
    FixTarget {
        document,
        pointer,
        statement,
        label,
    }
}

fn role_name(doc: &Value, r: usize) -> Option<String> {
    crate::patch::get(doc, &format!("/roles/{r}/name"))?
        .as_str()
        .map(str::to_string)
}

fn role_guard(doc: &Value, r: usize) -> Option<Edit> {
    Some(Edit::Test {
        path: format!("/roles/{r}/name"),
        value: json!(role_name(doc, r)?),
    })
}

fn key_guard(doc: &Value, k: usize) -> Option<Edit> {
    let path = format!("/keys/{k}/name");
    Some(Edit::Test {
        value: crate::patch::get(doc, &path)?.clone(),
        path,
    })
}

fn key_name(doc: &Value, k: usize) -> &str {
    crate::patch::get(doc, &format!("/keys/{k}/name"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn key_label(doc: &Value, k: usize) -> Text {
    let name = key_name(doc, k);
    Text::new(
        format!("key policy of {name}"),
        format!("{name} のキーポリシー"),
    )
}

/// A key's grants are not part of its key policy (CreateGrant adds them beside it).
fn grants_label(doc: &Value, k: usize) -> Text {
    let name = key_name(doc, k);
    Text::new(format!("grants of {name}"), format!("{name} のグラント"))
}

fn boundary_label(w: &World, p: usize) -> Text {
    let name = w.principals.get(p).map(|p| p.label.as_str()).unwrap_or("");
    Text::new(
        format!("permissions boundary of {name}"),
        format!("{name} のアクセス許可の境界"),
    )
}

/// Edits of a role's identity policy: a statement of an inline or attached policy, or a
/// new inline policy.
fn identity_edits(
    doc: &Value,
    principal: usize,
    policy: usize,
    change: &Change,
) -> Option<(Vec<Edit>, FixTarget)> {
    let role = role_name(doc, principal)?;
    let inline = crate::patch::get(doc, &format!("/roles/{principal}/inline_policies"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let guard = role_guard(doc, principal)?;
    if let Change::CreatePolicy { name, document } = change {
        let spec = json!({"name": name, "document": document});
        let list = format!("/roles/{principal}/inline_policies");
        let add = if inline == 0 {
            Edit::Add {
                path: list.clone(),
                value: json!([spec]),
            }
        } else {
            Edit::Add {
                path: format!("{list}/-"),
                value: spec,
            }
        };
        let base = format!("{list}/{inline}/document");
        let label = policy_label(name, &role, true);
        let st = format!("{base}/Statement/0");
        return Some((
            vec![guard, add],
            target(DocumentKind::InlinePolicy, base, Some(st), label),
        ));
    }
    let (list, j, kind) = if policy < inline {
        ("inline_policies", policy, DocumentKind::InlinePolicy)
    } else {
        (
            "attached_policies",
            policy - inline,
            DocumentKind::AttachedPolicy,
        )
    };
    let holder = format!("/roles/{principal}/{list}/{j}");
    let name = crate::patch::get(doc, &format!("{holder}/name"))?.clone();
    let base = format!("{holder}/document");
    let (mut e, st) = statement_edits(&base, crate::patch::get(doc, &base)?, change)?;
    e.insert(
        0,
        Edit::Test {
            path: format!("{holder}/name"),
            value: name.clone(),
        },
    );
    e.insert(0, guard);
    let label = policy_label(
        name.as_str().unwrap_or(""),
        &role,
        kind == DocumentKind::InlinePolicy,
    );
    Some((e, target(kind, base, st, label)))
}

fn policy_label(name: &str, role: &str, inline: bool) -> Text {
    if inline {
        Text::new(
            format!("{name} (inline policy of {role})"),
            format!("{name} ({role} のインラインポリシー)"),
        )
    } else {
        Text::new(
            format!("{name} (managed policy attached to {role})"),
            format!("{name} ({role} にアタッチされた管理ポリシー)"),
        )
    }
}

/// How the simulation wants new statements written for `req`: what the services send next,
/// not what this one request carried. An object Firehose writes is named by its prefix
/// (`bucket/prefix*`, the date and a fresh id follow), any other object by its first folder;
/// encryption-context values likewise (a Bucket Key's context is the bucket ARN already,
/// the same for every object).
pub(super) fn hints(sim: &Simulation, req: &Request) -> Hints {
    let sc = sim.scenario();
    let object_pattern = |arn: &str| -> Option<String> {
        let rest = arn.strip_prefix("arn:aws:s3:::")?;
        let (bucket, key) = rest.split_once('/')?;
        let firehose = sc
            .delivery_streams
            .iter()
            .filter(|d| d.bucket == bucket && key.starts_with(&d.prefix))
            .map(|d| d.prefix.as_str())
            .max_by_key(|p| p.len());
        Some(match (firehose, key.split_once('/')) {
            (Some(prefix), _) => format!("arn:aws:s3:::{bucket}/{prefix}*"),
            (None, Some((first, _))) => format!("arn:aws:s3:::{bucket}/{first}/*"),
            (None, None) => format!("arn:aws:s3:::{bucket}/*"),
        })
    };
    let resource_pattern = object_pattern(&req.resource);
    let mut context = Vec::new();
    for (k, v) in req.context.iter() {
        if !k.to_ascii_lowercase().starts_with("kms:encryptioncontext:") {
            continue;
        }
        // The AWS Encryption SDK's signing suites put a fresh public key in every message's
        // context: a condition on it would fit this one message and no other.
        if k.ends_with(crate::esdk::header::PUBLIC_KEY_CONTEXT_KEY) {
            continue;
        }
        let Some(value) = v.as_slice().first() else {
            continue;
        };
        context.push(match object_pattern(value) {
            Some(p) => ConditionSpec::new("StringLike", k, &p),
            None => ConditionSpec::new("StringEquals", k, value),
        });
    }
    Hints {
        resource_pattern,
        context_conditions: Some(context),
        ..Hints::default()
    }
}
