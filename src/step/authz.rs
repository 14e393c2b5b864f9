//! The Authorization view: an `Explanation` from the policy engine shown as every policy,
//! every statement (matched or not) and every condition (request value, operator, policy
//! value, result), with the deciding rule first. Shared by the timeline and the playground.

use yew::prelude::*;

use envelope_lab::policy::{
    policy_display_name, ConditionExplanation, DecidingRule, Decision, Effect, Explanation,
    PolicyType, StatementExplanation,
};
use envelope_lab::text::Text;

use super::eval_path::{role_badge, EvaluationPathView, PathState};
use crate::i18n::{Lang, T};

/// A policy's name as shown (the engine's [`policy_display_name`]).
pub fn policy_name(name: &str, lang: Lang) -> String {
    policy_display_name(name).get(lang.code()).to_string()
}

/// The deciding rule in the UI language (the engine words it in both).
pub fn rule_text(rule: &DecidingRule, lang: Lang) -> String {
    rule.text().get(lang.code()).to_string()
}

/// The deciding rule after a "Decision: …" already shown on the same line: the engine's
/// text without its closing ": implicit deny" (it would say the decision twice).
pub fn rule_reason(rule: &DecidingRule, lang: Lang) -> String {
    let text = rule_text(rule, lang);
    [": implicit deny", ": 暗黙的な拒否"]
        .iter()
        .find_map(|end| text.strip_suffix(end))
        .map(str::to_string)
        .unwrap_or(text)
}

/// For a denial of a request that crosses accounts (or meets an organization's policies),
/// whose policy denied it and that account: the engine's `denied_by_text`.
pub fn denying_account(e: &Explanation, lang: Lang) -> Option<String> {
    use envelope_lab::policy::DeniedBy;
    let (side, _) = e.denied_by()?;
    let org = matches!(side, DeniedBy::CallerScp | DeniedBy::ResourceRcp);
    if !e.cross_account && !org {
        return None;
    }
    Some(e.denied_by_text()?.get(lang.code()).to_string())
}

fn decision_text(d: Decision, lang: Lang) -> &'static str {
    match d {
        Decision::Allowed => lang.t(T::Allowed),
        Decision::ExplicitlyDenied => lang.t(T::ExplicitDeny),
        Decision::ImplicitlyDenied => lang.t(T::ImplicitDeny),
    }
}

fn mark(ok: bool) -> Html {
    html! { <span class={classes!("mark", if ok { "yes" } else { "no" })} aria-hidden="true">{ if ok { "✓" } else { "✗" } }</span> }
}

/// Longer values show their start and their length (a request value can be as long as the
/// request; the table shows it in every condition that tests it).
const SHOWN_CHARS: usize = 200;

fn quoted(s: &str, lang: Lang) -> String {
    match s.char_indices().nth(SHOWN_CHARS) {
        None => format!("\"{s}\""),
        Some((cut, _)) => {
            let n = s.chars().count();
            match lang {
                Lang::Ja => format!("\"{}…\" (全 {n} 文字)", &s[..cut]),
                _ => format!("\"{}…\" ({n} characters)", &s[..cut]),
            }
        }
    }
}

fn values(v: &[String], lang: Lang) -> String {
    match v {
        [] => lang.t(T::Absent).to_string(),
        [one] => quoted(one, lang),
        _ => format!(
            "[{}]",
            v.iter()
                .map(|s| quoted(s, lang))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A key or value that may wrap only after `:`, `/` or `,` (between the parts of a
/// condition key or an ARN), not inside a name.
fn breakable(text: &str) -> Html {
    let mut parts: Vec<Html> = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, ':' | '/' | ',') {
            let end = i + c.len_utf8();
            parts.push(html! { <>{ text[start..end].to_string() }<wbr /></> });
            start = end;
        }
    }
    parts.push(html! { { text[start..].to_string() } });
    html! { <>{ for parts }</> }
}

fn condition_row(c: &ConditionExplanation, e: &Explanation, lang: Lang) -> Html {
    html! {
        <tr class={classes!(if c.result { "cond-yes" } else { "cond-no" })}>
            <td class="cond-key" data-label={lang.t(T::ConditionKey)}><code>{ breakable(&c.key) }</code></td>
            <td class="cond-value" data-label={lang.t(T::RequestValue)}><code>{ breakable(&values(c.values_in(e), lang)) }</code></td>
            <td class="cond-op" data-label={lang.t(T::Operator)}><code>{ &c.operator }</code></td>
            <td class="cond-value" data-label={lang.t(T::PolicyValue)}><code>{ breakable(&values(&c.policy_values, lang)) }</code></td>
            <td class="cond-result" data-label={lang.t(T::ResultCol)}>{ mark(c.result) }{ if c.result { lang.t(T::Matched) } else { lang.t(T::NotMatched) } }</td>
        </tr>
    }
}

fn statement_view(
    s: &StatementExplanation,
    e: &Explanation,
    lang: Lang,
    deciding: bool,
    role: Option<(String, Text)>,
) -> Html {
    let title = match &s.sid {
        Some(sid) => format!("{} (Sid \"{sid}\")", lang.f(T::StatementN, &[&s.index])),
        None => lang.f(T::StatementN, &[&s.index]),
    };
    let effect = match s.effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    let principal = s.principal_matched.map(|m| {
        let how = s
            .principal_match
            .label()
            .map(|l| format!(" ({})", l.get(lang.code())))
            .unwrap_or_default();
        (m, how)
    });
    html! {
        <li class={classes!("stmt", if s.matched { "matched" } else { "unmatched" }, deciding.then_some("deciding"))}>
            <div class="stmt-head">
                { mark(s.matched) }
                <strong>{ title }</strong>
                <span class={classes!("effect", effect.to_ascii_lowercase())}>{ effect }</span>
                <span class="muted">{ if s.matched { lang.t(T::Matched) } else { lang.t(T::NotMatched) } }</span>
                if let Some((class, text)) = role {
                    { role_badge(&class, &text, lang) }
                }
                <span class="muted small">{ format!("L{}:{}", s.line, s.column) }</span>
            </div>
            <ul class="stmt-parts">
                if let Some((m, how)) = principal {
                    <li>{ mark(m) }{ lang.t(T::Principal) }{ how }</li>
                }
                <li>{ mark(s.action_matched) }{ lang.t(T::Action) }</li>
                <li>{ mark(s.resource_matched) }{ lang.t(T::Resource) }</li>
            </ul>
            if !s.conditions.is_empty() {
                <table class="conditions">
                    <thead><tr>
                        <th scope="col">{ lang.t(T::ConditionKey) }</th>
                        <th scope="col">{ lang.t(T::RequestValue) }</th>
                        <th scope="col">{ lang.t(T::Operator) }</th>
                        <th scope="col">{ lang.t(T::PolicyValue) }</th>
                        <th scope="col">{ lang.t(T::ResultCol) }</th>
                    </tr></thead>
                    <tbody>{ for s.conditions.iter().map(|c| condition_row(c, e, lang)) }</tbody>
                </table>
            }
        </li>
    }
}

/// Which (policy kind, policy name, statement) decided, if a single statement did.
fn deciding_statement(rule: &DecidingRule) -> Vec<(PolicyType, Option<String>, usize)> {
    use DecidingRule::*;
    match rule {
        ExplicitDeny {
            policy_type,
            policy,
            statement,
            ..
        } => vec![(*policy_type, Some(policy.clone()), *statement)],
        IdentityPolicyAllows { policy, statement } => {
            vec![(PolicyType::Identity, Some(policy.clone()), *statement)]
        }
        ResourcePolicyAllows {
            policy, statement, ..
        } => {
            vec![(PolicyType::Resource, Some(policy.clone()), *statement)]
        }
        CrossAccountAllows {
            resource_policy,
            resource_statement,
            identity_policy,
            identity_statement,
        } => vec![
            (
                PolicyType::Resource,
                Some(resource_policy.clone()),
                *resource_statement,
            ),
            (
                PolicyType::Identity,
                Some(identity_policy.clone()),
                *identity_statement,
            ),
        ],
        KeyPolicyAllows { statement, .. } | KeyPolicyDelegatesNoIdentity { statement, .. } => {
            vec![(PolicyType::Resource, None, *statement)]
        }
        KeyPolicyDelegates {
            statement,
            identity_policy,
            identity_statement,
            ..
        }
        | KeyPolicyAllowsCrossAccount {
            statement,
            identity_policy,
            identity_statement,
        } => vec![
            (PolicyType::Resource, None, *statement),
            (
                PolicyType::Identity,
                Some(identity_policy.clone()),
                *identity_statement,
            ),
        ],
        _ => vec![],
    }
}

#[derive(Properties, PartialEq)]
pub struct AuthorizationProps {
    pub explanation: Explanation,
    pub lang: Lang,
    /// The decision's evaluation path (from the policy tools worker, or on its way): drawn
    /// above the policies, and each statement's part (deciding, redundant, contributing, not
    /// matched) beside it once it is there.
    #[prop_or_default]
    pub path: Option<PathState>,
}

#[function_component(AuthorizationView)]
pub fn authorization_view(props: &AuthorizationProps) -> Html {
    let e = &props.explanation;
    let lang = props.lang;
    let deciding = deciding_statement(&e.rule);
    html! {
        <div class="authz">
            <p class={classes!("decision", if e.decision.is_allowed() { "allowed" } else { "denied" })}>
                <strong>{ lang.t(T::Decision) }{ ": " }{ decision_text(e.decision, lang) }</strong>
            </p>
            <p class="deciding-rule"><strong>{ lang.t(T::DecidingRule) }{ ": " }</strong>{ rule_text(&e.rule, lang) }</p>
            if let Some(whose) = denying_account(e, lang) {
                <p class="denied-by">{ whose }</p>
            }
            if let Some(msg) = &e.message {
                <p class="aws-message"><code>{ msg }</code></p>
            }
            if let Some(path) = &props.path {
                <EvaluationPathView path={path.clone()} {lang} />
            }
            { for e.policies.iter().enumerate().map(|(pi, p)| {
                let kind = match p.kind {
                    PolicyType::Resource if e.kms_key => lang.t(T::KeyPolicy),
                    PolicyType::Resource => lang.t(T::ResourcePolicy),
                    PolicyType::Identity => lang.t(T::IdentityPolicy),
                    PolicyType::Boundary => lang.t(T::PermissionsBoundary),
                    PolicyType::Scp => "SCP",
                    PolicyType::Rcp => "RCP",
                };
                html! {
                    <section class="policy-expl">
                        <h4>{ format!("{kind}: {}", policy_name(&p.name, lang)) }</h4>
                        <ol class="stmts">
                            { for p.statements.iter().enumerate().map(|(si, s)| {
                                let is_deciding = deciding.iter().any(|(k, name, idx)| *k == p.kind && *idx == s.index && name.as_ref().is_none_or(|n| *n == p.name));
                                let role = props.path.as_ref().and_then(PathState::panel).and_then(|path| path.role(pi, si));
                                statement_view(s, e, lang, is_deciding, role)
                            }) }
                        </ol>
                    </section>
                }
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cause banner shows "Decision: Implicit deny — <reason>": the reason does not end
    /// by saying the decision again, in either language.
    #[test]
    fn the_reason_after_a_decision_does_not_repeat_it() {
        let rule = DecidingRule::NoIdentityPolicyAllows;
        for lang in Lang::ALL {
            let full = rule_text(&rule, lang);
            let reason = rule_reason(&rule, lang);
            assert!(
                full.starts_with(&reason) && full.len() > reason.len(),
                "{full}"
            );
            assert!(
                !reason.contains("implicit deny") && !reason.contains("暗黙的な拒否"),
                "{reason}"
            );
        }
    }
}
