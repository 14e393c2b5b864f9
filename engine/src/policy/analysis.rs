//! Findings about a decision computed by evaluation, for the playground: a conditional
//! Allow statement whose conditions do not restrict this request, because another
//! statement allows it anyway (an account-administrator statement that still allows a
//! request whose encryption-context condition fails).

use serde::Serialize;

use super::explain::{Explanation, PolicyType};
use super::path::disable;
use super::{evaluate, explain, Effect, PolicySet, Request};
use crate::text::Text;

/// A conditional statement this request does not depend on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShadowedCondition {
    /// Index into `Explanation::policies`.
    pub policy: usize,
    /// Index into that policy's `statements`.
    pub statement: usize,
    /// The condition keys of the statement.
    pub keys: Vec<String>,
    /// Whether its conditions held for this request.
    pub conditions_held: bool,
    /// The finding, in both languages.
    pub text: Text,
}

/// Conditional Allow statements that apply to this request's action, resource and caller
/// but do not decide it: without them the request is still allowed.
pub fn shadowed_conditions(req: &Request, set: &PolicySet<'_>) -> Vec<ShadowedCondition> {
    let e = explain(req, set);
    if !e.decision.is_allowed() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (pi, pol) in e.policies.iter().enumerate() {
        if !matches!(pol.kind, PolicyType::Resource | PolicyType::Identity) {
            continue;
        }
        for (si, s) in pol.statements.iter().enumerate() {
            let applies = s.effect == Effect::Allow
                && s.action_matched
                && s.resource_matched
                && s.principal_matched != Some(false)
                && !s.conditions.is_empty();
            if !applies || !allowed_without(req, set, &e, pi, s.index) {
                continue;
            }
            let mut keys: Vec<String> = s.conditions.iter().map(|c| c.key.clone()).collect();
            keys.dedup();
            out.push(ShadowedCondition {
                policy: pi,
                statement: si,
                text: finding(&pol.name, s.index, &keys, s.conditions_matched, &e),
                keys,
                conditions_held: s.conditions_matched,
            });
        }
    }
    out
}

/// Whether the request is still allowed with statement `index` of policy `pi` removed.
fn allowed_without(
    req: &Request,
    set: &PolicySet<'_>,
    e: &Explanation,
    pi: usize,
    index: usize,
) -> bool {
    let kind = e.policies[pi].kind;
    let nth = e.policies[..pi].iter().filter(|p| p.kind == kind).count();
    let cut = |p: &super::NamedPolicy| {
        let mut policy = (*p.policy).clone();
        disable(&mut policy, index);
        super::NamedPolicy {
            name: p.name.clone(),
            policy: std::sync::Arc::new(policy),
        }
    };
    match kind {
        PolicyType::Resource => match set.resource {
            Some(r) => {
                let r = cut(r);
                evaluate(
                    req,
                    &PolicySet {
                        resource: Some(&r),
                        ..*set
                    },
                )
                .is_allowed()
            }
            None => true,
        },
        _ => {
            let identity: Vec<_> = set
                .identity
                .iter()
                .enumerate()
                .map(|(i, p)| if i == nth { cut(p) } else { p.clone() })
                .collect();
            evaluate(
                req,
                &PolicySet {
                    identity: &identity,
                    ..*set
                },
            )
            .is_allowed()
        }
    }
}

fn finding(policy: &str, index: usize, keys: &[String], held: bool, e: &Explanation) -> Text {
    let keys = keys.join(", ");
    let rule = e.rule.text();
    let (rule, rule_ja) = (rule.en(), rule.get("ja"));
    if held {
        Text::new(
            format!("Statement {index} of {policy} matches with its conditions ({keys}), but the request would be allowed without it ({rule}): its conditions do not restrict this caller."),
            format!("{policy} のステートメント {index} は条件 ({keys}) を満たして一致していますが、このステートメントがなくてもリクエストは許可されます ({rule_ja})。その条件はこの呼び出し元を制限していません。"),
        )
    } else {
        Text::new(
            format!("Statement {index} of {policy} does not match because its conditions ({keys}) fail, yet the request is allowed anyway ({rule}): another statement makes these conditions irrelevant for this caller."),
            format!("{policy} のステートメント {index} は条件 ({keys}) を満たさないため一致しませんが、リクエストはそれでも許可されます ({rule_ja})。別のステートメントがあるため、この呼び出し元にとってこれらの条件は意味を持ちません。"),
        )
    }
}
