//! Fixes for the `eval` command: the input's policies as a [`World`] of one caller and one
//! resource, and each fix written as JSON Patch on the input document itself
//! (`/identity_policies/0/Statement/-`, `/resource_policy/Statement/1`, `/grants/-`), then
//! checked once more by applying the patch to the input and evaluating it again.

use serde_json::{json, Value};

use super::super::cli::{parse_eval_input, EvalInput};
use super::super::explain;
use super::statements::principal_label;
use super::{
    statement_edits, suggest, Change, DocChange, DocId, Hints, Place, ResourceKind, World,
    WorldPrincipal, WorldResource, WrittenFix,
};
use crate::patch::{self, Edit};
use crate::text::Text;

/// The JSON of a policy entry of the input (`{"name", "policy"}` and
/// `{"PolicyName", "PolicyDocument"}` wrap it) and its pointer.
fn unwrap<'a>(entry: &'a Value, pointer: &str) -> (&'a Value, String) {
    for key in ["policy", "PolicyDocument"] {
        if let Some(doc) = entry.get(key) {
            return (doc, format!("{pointer}/{key}"));
        }
    }
    (entry, pointer.to_string())
}

/// The input's policy list at `key` as (JSON, pointer) pairs.
fn list<'a>(doc: &'a Value, key: &str) -> Vec<(&'a Value, String)> {
    doc.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .map(|(i, e)| unwrap(e, &format!("/{key}/{i}")))
                .collect()
        })
        .unwrap_or_default()
}

fn world(input: &EvalInput, doc: &Value) -> World {
    let json = |key| {
        list(doc, key)
            .into_iter()
            .map(|(v, _)| v.clone())
            .collect::<Vec<_>>()
    };
    let req = &input.request;
    let resource_json = doc
        .get("resource_policy")
        .filter(|v| !v.is_null())
        .map(|v| unwrap(v, "").0.clone());
    World {
        account: super::super::arn_account(&req.resource)
            .unwrap_or_default()
            .to_string(),
        principals: vec![WorldPrincipal {
            arn: req.principal.clone(),
            label: principal_label(&req.principal),
            identity: input.identity_policies.clone(),
            identity_json: json("identity_policies"),
            preferred_policy: (!input.identity_policies.is_empty()).then_some(0),
            boundary: input.permission_boundaries.clone(),
            boundary_json: json("permission_boundaries").into_iter().next(),
        }],
        resources: vec![WorldResource {
            arn: req.resource.clone(),
            kind: ResourceKind::of_arn(&req.resource),
            label: short_name(&req.resource),
            policy: input.resource_policy.clone(),
            policy_json: resource_json,
            grants: input.grants.clone(),
            editable: true,
        }],
        scps: input.service_control_policies.clone(),
        scps_json: json("service_control_policies"),
        // An input's organization is not part of the world (modelled: `eval` offers no
        // edit of an organization's policies; the simulation's fixes do).
        org: None,
        aws_managed: Vec::new(),
        owners: Default::default(),
    }
}

/// The resource part of an ARN (`key/…`, a bucket, `role/…`), or the whole text.
fn short_name(arn: &str) -> String {
    match arn.splitn(6, ':').nth(5) {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => arn.to_string(),
    }
}

fn place(document: &str, pointer: String, statement: Option<String>, en: &str, ja: &str) -> Place {
    Place {
        document: document.to_string(),
        pointer,
        statement,
        label: Text::new(en.to_string(), ja.to_string()),
    }
}

/// The edits of the input `doc` that make `change`, and where.
fn edits(doc: &Value, c: &DocChange) -> Option<(Vec<Edit>, Place)> {
    let (key, document, en, ja) = match c.doc {
        DocId::Identity { .. } => (
            "identity_policies",
            "identity_policy",
            "identity-based policy",
            "アイデンティティベースのポリシー",
        ),
        DocId::Boundary { .. } => (
            "permission_boundaries",
            "permissions_boundary",
            "permissions boundary",
            "アクセス許可の境界",
        ),
        DocId::Scp { .. } => (
            "service_control_policies",
            "service_control_policy",
            "service control policy",
            "サービスコントロールポリシー",
        ),
        DocId::Resource { .. } => (
            "resource_policy",
            "resource_policy",
            "resource-based (key) policy",
            "リソースベースのポリシー (キーポリシー)",
        ),
        DocId::Grants { .. } => ("grants", "grants", "grants", "グラント"),
        // The eval world holds no organization (see `world`): nothing to write back.
        DocId::Org { .. } | DocId::NewScp { .. } => return None,
    };
    match (&c.change, c.doc) {
        (Change::AddGrant { grant }, _) => {
            let mut g = json!({"GranteePrincipal": grant.grantee_principal, "Operations": grant.operations});
            if let Some(sub) = &grant.encryption_context_subset {
                g["Constraints"] = json!({"EncryptionContextSubset": sub});
            }
            let n = doc.get("grants").and_then(Value::as_array).map(Vec::len);
            let add = match n {
                Some(_) => Edit::Add {
                    path: "/grants/-".into(),
                    value: g,
                },
                None => Edit::Add {
                    path: "/grants".into(),
                    value: json!([g]),
                },
            };
            Some((
                vec![add],
                place(
                    document,
                    "/grants".into(),
                    Some(format!("/grants/{}", n.unwrap_or(0))),
                    en,
                    ja,
                ),
            ))
        }
        (Change::CreatePolicy { document: d, .. }, DocId::Resource { .. }) => {
            let e = vec![Edit::Add {
                path: "/resource_policy".into(),
                value: d.clone(),
            }];
            Some((
                e,
                place(
                    document,
                    "/resource_policy".into(),
                    Some("/resource_policy/Statement/0".into()),
                    en,
                    ja,
                ),
            ))
        }
        (Change::CreatePolicy { name, document: d }, _) => {
            let n = doc.get(key).and_then(Value::as_array).map_or(0, Vec::len);
            let e = vec![Edit::Add {
                path: format!("/{key}/-"),
                value: json!({"name": name, "policy": d}),
            }];
            let base = format!("/{key}/{n}/policy");
            Some((
                e,
                place(
                    document,
                    base.clone(),
                    Some(format!("{base}/Statement/0")),
                    en,
                    ja,
                ),
            ))
        }
        (change, id) => {
            let index = match id {
                DocId::Identity { policy, .. } => policy,
                DocId::Scp { index } => index,
                _ => 0,
            };
            let (json, base) = match id {
                DocId::Resource { .. } => unwrap(doc.get("resource_policy")?, "/resource_policy"),
                _ => list(doc, key).into_iter().nth(index)?,
            };
            let (e, statement) = statement_edits(&base, json, change)?;
            Some((e, place(document, base, statement, en, ja)))
        }
    }
}

/// Verified fixes for a denied `eval` input (`input` is its text); none when it is allowed
/// or the text is not JSON serde reads.
pub fn eval_fixes(input: &str, parsed: &EvalInput) -> Vec<WrittenFix> {
    eval_report(input, parsed).fixes
}

/// The fixes of a denied `eval` input, and why there are none when there are none.
#[derive(Clone, Debug, Default)]
pub struct EvalFixes {
    pub fixes: Vec<WrittenFix>,
    pub no_fix_reason: Option<Text>,
    /// The candidates that did not pass, and why.
    pub rejected: Vec<super::Rejected>,
}

/// The edits of the input's request that make the call as `req` does (`/request/context/…`).
fn request_edits(doc: &Value, req: &super::super::Request) -> Vec<Edit> {
    let before = doc
        .get("request")
        .and_then(|r| r.get("context"))
        .and_then(Value::as_object);
    let mut out = Vec::new();
    if before.is_none() {
        out.push(Edit::Add {
            path: "/request/context".into(),
            value: json!({}),
        });
    }
    for (k, v) in req.context.iter() {
        let value = serde_json::to_value(v).unwrap_or(Value::Null);
        // Condition keys are case-insensitive: the changed request may spell a key as the
        // policy does (`kms:viaservice`); the input's own spelling is the one to replace,
        // never a second key beside it.
        let (k, old) =
            match before.and_then(|b| b.iter().find(|(bk, _)| bk.eq_ignore_ascii_case(k))) {
                Some((bk, o)) => (bk.as_str(), Some(o)),
                None => (k, None),
            };
        if old == Some(&value) {
            continue;
        }
        let path = format!(
            "/request/context/{}",
            k.replace('~', "~0").replace('/', "~1")
        );
        match old {
            Some(o) => {
                out.push(Edit::Test {
                    path: path.clone(),
                    value: o.clone(),
                });
                out.push(Edit::Replace { path, value });
            }
            None => out.push(Edit::Add { path, value }),
        }
    }
    out
}

/// [`eval_fixes`] with the reason when none is offered.
pub fn eval_report(input: &str, parsed: &EvalInput) -> EvalFixes {
    let Ok(doc) = serde_json::from_str::<Value>(input) else {
        return EvalFixes::default();
    };
    let w = world(parsed, &doc);
    let hints = Hints {
        call_changes: true,
        ..Hints::default()
    };
    let report = suggest(
        &w,
        super::Denied {
            request: &parsed.request,
            principal: 0,
            resource: Some(0),
            hints: &hints,
        },
    );
    let mut out = Vec::new();
    for f in report.fixes {
        let written = match &f.request {
            Some(req) => Some((
                request_edits(&doc, req),
                vec![place(
                    "request",
                    "/request".into(),
                    None,
                    "the request (no policy change)",
                    "リクエスト (ポリシーの変更なし)",
                )],
            )),
            None => super::write_all(&doc, &f.changes, edits),
        };
        let Some((e, mut places)) = written else {
            continue;
        };
        if !still_allowed(&doc, &e) || places.is_empty() {
            continue;
        }
        let first = places.remove(0);
        out.push(WrittenFix {
            kind: f.kind.as_str().to_string(),
            place: first,
            also: places,
            edit: e,
            explanation: f.explanation,
            verified: true,
            least_privilege: f.least_privilege,
            also_allows: f.also_allows_words,
            also_denies: f.also_denies,
            changes_control: f.changes_control,
        });
    }
    let no_fix_reason = match (out.is_empty(), report.no_fix_reason) {
        (false, _) => None,
        (true, Some(r)) => Some(r),
        (true, None) => Some(super::texts::no_fix(report.rejected.first())),
    };
    EvalFixes {
        fixes: out,
        no_fix_reason,
        rejected: report.rejected,
    }
}

/// The input with `edits` applied is still a valid input whose request is allowed.
fn still_allowed(doc: &Value, edits: &[Edit]) -> bool {
    let Ok(changed) = patch::apply(doc, edits) else {
        return false;
    };
    parse_eval_input(&changed.to_string())
        .is_ok_and(|p| explain(&p.request, &p.policy_set()).decision.is_allowed())
}
