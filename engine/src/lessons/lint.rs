//! Lint of a lesson's scenario documents: every policy of a scenario (key, bucket, trust,
//! identity policies, permissions boundaries, an organization's SCPs and RCPs) linted by
//! its kind, as `lessons check` requires of every start and solution and as the lesson
//! editors show it.

use serde_json::Value;

use crate::policy::{lint, Finding, PolicyKind, Severity};
use crate::sim::scenario::policy_kind_at;

/// Every policy document of a scenario document: (pointer, document, kind).
pub fn policy_documents(doc: &Value) -> Vec<(String, &Value, PolicyKind)> {
    let mut out = Vec::new();
    for (i, k) in array(doc, "keys").iter().enumerate() {
        add(&mut out, format!("/keys/{i}/policy"), k.get("policy"));
    }
    for (i, b) in array(doc, "buckets").iter().enumerate() {
        add(&mut out, format!("/buckets/{i}/policy"), b.get("policy"));
    }
    for (i, r) in array(doc, "roles").iter().enumerate() {
        add(
            &mut out,
            format!("/roles/{i}/trust_policy"),
            r.get("trust_policy"),
        );
        add(
            &mut out,
            format!("/roles/{i}/permissions_boundary"),
            r.get("permissions_boundary"),
        );
        for list in ["inline_policies", "attached_policies"] {
            for (j, p) in array(r, list).iter().enumerate() {
                add(
                    &mut out,
                    format!("/roles/{i}/{list}/{j}/document"),
                    p.get("document"),
                );
            }
        }
    }
    // An organization's SCPs and RCPs, by target (root, OU id or account id), each a policy
    // or `{"name", "policy"}`.
    if let Some(org) = doc.get("organization") {
        for kind in ["scps", "rcps"] {
            let Some(targets) = org.get(kind).and_then(Value::as_object) else {
                continue;
            };
            for (target, list) in targets {
                let target = target.replace('~', "~0").replace('/', "~1");
                for (i, p) in list
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                {
                    let base = format!("/organization/{kind}/{target}/{i}");
                    match p.get("policy") {
                        Some(policy) => add(&mut out, format!("{base}/policy"), Some(policy)),
                        None => add(&mut out, base, Some(p)),
                    }
                }
            }
        }
    }
    out
}

fn array<'a>(v: &'a Value, name: &str) -> &'a [Value] {
    v.get(name)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn add<'a>(out: &mut Vec<(String, &'a Value, PolicyKind)>, pointer: String, v: Option<&'a Value>) {
    if let (Some(v), Some(kind)) = (v.filter(|v| !v.is_null()), policy_kind_at(&pointer)) {
        out.push((pointer, v, kind));
    }
}

/// The ERROR findings of every policy of a scenario document, each with its document's
/// pointer.
pub fn errors(doc: &Value) -> Vec<(String, Finding)> {
    policy_documents(doc)
        .into_iter()
        .flat_map(|(pointer, v, kind)| {
            let text = serde_json::to_string_pretty(v).unwrap_or_default();
            lint(&text, kind)
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(move |f| (pointer.clone(), f))
        })
        .collect()
}
