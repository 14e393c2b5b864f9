//! IAM in the scenario: roles (trust policy, inline `Policies`, `ManagedPolicyArns`,
//! `PermissionsBoundary`), `AWS::IAM::Policy` (inline policies of the roles it names) and
//! `AWS::IAM::ManagedPolicy` (attached to its `Roles`, or by ARN). AWS managed policies
//! come with their published documents (managed.rs); others are listed as not simulated.

use serde_json::Value;

use super::error::{Fail, NoticeKind};
use super::managed;
use super::map::Ctx;
use super::props::{json_doc, Props};
use super::stack::Res;
use super::yaml::{Node, V};
use crate::sim::scenario::{PolicySpec, RoleSpec};

/// An `AWS::IAM::Role`: name, trust policy and inline policies (managed ones come later,
/// in [`role_managed`], once every managed policy is known).
pub fn role(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let _ = p.get("RoleName");
    let trust_policy = p.json("AssumeRolePolicyDocument")?.ok_or_else(|| {
        p.fail(
            "AssumeRolePolicyDocument",
            format!("role {} needs an AssumeRolePolicyDocument", r.logical),
            format!(
                "ロール {} には AssumeRolePolicyDocument が必要です",
                r.logical
            ),
        )
    })?;
    let mut inline_policies = Vec::new();
    if let Some(list) = p.get("Policies") {
        let V::Seq(items) = &list.v else {
            return Err(p.fail(
                "Policies",
                "Policies is a list of {PolicyName, PolicyDocument}",
                "Policies は {PolicyName, PolicyDocument} のリストです",
            ));
        };
        for (j, item) in items.iter().enumerate() {
            let path = format!("{}[{j}]", p.path("Policies"));
            let name = item
                .get("PolicyName")
                .and_then(Node::scalar_text)
                .ok_or_else(|| {
                    Fail::new(
                        item.mark,
                        path.clone(),
                        "an inline policy needs a PolicyName",
                        "インラインポリシーには PolicyName が必要です",
                    )
                })?;
            let doc = item.get("PolicyDocument").ok_or_else(|| {
                Fail::new(
                    item.mark,
                    path.clone(),
                    "an inline policy needs a PolicyDocument",
                    "インラインポリシーには PolicyDocument が必要です",
                )
            })?;
            let i = cx.s.roles.len();
            cx.origin(
                format!("roles[{i}].inline_policies[{j}]"),
                doc.mark,
                format!("{path}.PolicyDocument"),
            );
            inline_policies.push(PolicySpec {
                name,
                arn: None,
                document: json_doc(doc, &format!("{path}.PolicyDocument"))?,
            });
        }
    }
    let i = cx.s.roles.len();
    cx.origin(format!("roles[{i}]"), r.mark, r.path.clone());
    if let Some(n) = r.props.get("AssumeRolePolicyDocument") {
        cx.origin(
            format!("roles[{i}].trust_policy"),
            n.mark,
            p.path("AssumeRolePolicyDocument"),
        );
    }
    cx.s.roles.push(RoleSpec {
        name: r.name.clone(),
        trust_policy,
        inline_policies,
        attached_policies: vec![],
        permissions_boundary: None,
        account: cx.account_of(r),
    });
    Ok(())
}

/// The document of the managed policy `arn`: one of the uploaded templates'
/// `AWS::IAM::ManagedPolicy`, or an AWS managed policy the lab knows.
fn managed_doc(arn: &str, all: &[Res]) -> Result<Option<(String, Value)>, Fail> {
    if let Some(m) = all
        .iter()
        .find(|m| m.kind == "AWS::IAM::ManagedPolicy" && m.ident.reference == arn)
    {
        let doc = m.props.get("PolicyDocument").ok_or_else(|| {
            Fail::new(
                m.mark,
                format!("{}.Properties.PolicyDocument", m.path),
                "a managed policy needs a PolicyDocument",
                "管理ポリシーには PolicyDocument が必要です",
            )
        })?;
        return Ok(Some((
            m.name.clone(),
            json_doc(doc, &format!("{}.Properties.PolicyDocument", m.path))?,
        )));
    }
    Ok(managed::lookup(arn).map(|(n, d)| (n.to_string(), d)))
}

/// Whether the managed policy `arn` is attached to `role` already: IAM attaches a policy to
/// a role once, however many times the templates name it (the policy's `Roles` and the
/// role's `ManagedPolicyArns`).
fn attached(role: &RoleSpec, arn: &str) -> bool {
    role.attached_policies
        .iter()
        .any(|a| a.arn.as_deref() == Some(arn))
}

/// A role's `ManagedPolicyArns` and `PermissionsBoundary`.
pub fn role_managed(cx: &mut Ctx, r: &Res, all: &[Res]) -> Result<(), Fail> {
    let p = Props::new(r);
    let _ = (
        p.get("RoleName"),
        p.get("AssumeRolePolicyDocument"),
        p.get("Policies"),
    );
    let Some(i) = cx.s.roles.iter().position(|x| x.name == r.name) else {
        return Ok(());
    };
    if let Some(list) = p.get("ManagedPolicyArns") {
        let V::Seq(items) = &list.v else {
            return Err(p.fail(
                "ManagedPolicyArns",
                "ManagedPolicyArns is a list of ARNs",
                "ManagedPolicyArns は ARN のリストです",
            ));
        };
        for (j, item) in items.iter().enumerate() {
            let arn = item.scalar_text().unwrap_or_default();
            let path = format!("{}[{j}]", p.path("ManagedPolicyArns"));
            if attached(&cx.s.roles[i], &arn) {
                continue;
            }
            match managed_doc(&arn, all)? {
                Some((name, document)) => {
                    let k = cx.s.roles[i].attached_policies.len();
                    cx.origin(format!("roles[{i}].attached_policies[{k}]"), item.mark, path);
                    cx.s.roles[i].attached_policies.push(PolicySpec { name, arn: Some(arn), document });
                }
                None => cx.notice(NoticeKind::NotSimulated, item.mark, path, format!("{}: the managed policy {arn} is unknown to the lab and not simulated (its permissions are missing from the role)", r.logical), format!("{}: 管理ポリシー {arn} はラボで不明なため、シミュレートされません (ロールにはその権限がありません)", r.logical)),
            }
        }
    }
    if let Some(b) = p.get("PermissionsBoundary") {
        let arn = b.scalar_text().unwrap_or_default();
        match managed_doc(&arn, all)? {
            Some((_, doc)) => {
                cx.origin(format!("roles[{i}].permissions_boundary"), b.mark, p.path("PermissionsBoundary"));
                cx.s.roles[i].permissions_boundary = Some(doc);
            }
            None => cx.notice(NoticeKind::NotSimulated, b.mark, p.path("PermissionsBoundary"), format!("{}: the permissions boundary {arn} is unknown to the lab and not simulated (the role is not bounded)", r.logical), format!("{}: アクセス許可の境界 {arn} はラボで不明なため、シミュレートされません (ロールは制限されません)", r.logical)),
        }
    }
    p.ignored(&mut cx.notices);
    Ok(())
}

/// `AWS::IAM::Policy` (inline in each role of `Roles`) and `AWS::IAM::ManagedPolicy`
/// (attached to each role of `Roles`).
pub fn policy(cx: &mut Ctx, r: &Res) -> Result<(), Fail> {
    let p = Props::new(r);
    let managed = r.kind == "AWS::IAM::ManagedPolicy";
    let _ = (
        p.get("PolicyName"),
        p.get("ManagedPolicyName"),
        p.get("Path"),
        p.get("Description"),
    );
    let document = p.json("PolicyDocument")?.ok_or_else(|| {
        p.fail(
            "PolicyDocument",
            format!("{} needs a PolicyDocument", r.logical),
            format!("{} には PolicyDocument が必要です", r.logical),
        )
    })?;
    let roles: Vec<(String, super::error::Mark)> = match p.get("Roles").map(|n| (&n.v, n)) {
        Some((V::Seq(items), _)) => items
            .iter()
            .map(|x| (x.scalar_text().unwrap_or_default(), x.mark))
            .collect(),
        Some((_, n)) => {
            return Err(Fail::new(
                n.mark,
                p.path("Roles"),
                "Roles is a list of role names",
                "Roles はロール名のリストです",
            ))
        }
        None => vec![],
    };
    for (j, (role, at)) in roles.into_iter().enumerate() {
        let path = format!("{}[{j}]", p.path("Roles"));
        let Some(i) = cx.s.roles.iter().position(|x| x.name == role) else {
            cx.notice(NoticeKind::NotSimulated, at, path, format!("{}: the role {role} is not in these templates, so this policy is not simulated for it", r.logical), format!("{}: ロール {role} はこれらのテンプレートにないため、このポリシーはそのロールについてシミュレートされません", r.logical));
            continue;
        };
        if managed && attached(&cx.s.roles[i], &r.ident.reference) {
            continue;
        }
        let spec = PolicySpec {
            name: r.name.clone(),
            arn: managed.then(|| r.ident.reference.clone()),
            document: document.clone(),
        };
        let list = if managed {
            &mut cx.s.roles[i].attached_policies
        } else {
            &mut cx.s.roles[i].inline_policies
        };
        let k = list.len();
        list.push(spec);
        let kind = if managed {
            "attached_policies"
        } else {
            "inline_policies"
        };
        cx.origin(format!("roles[{i}].{kind}[{k}]"), r.mark, r.path.clone());
    }
    for k in ["Users", "Groups"] {
        if let Some(n) = p.get(if k == "Users" { "Users" } else { "Groups" }) {
            super::props::ignored(
                &mut cx.notices,
                n.mark,
                p.path(k),
                &r.logical,
                &format!("{k} (the lab simulates roles)"),
            );
        }
    }
    p.ignored(&mut cx.notices);
    Ok(())
}
