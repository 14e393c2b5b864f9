//! The Authorization view: an `Explanation` from the policy engine shown as every policy,
//! every statement (matched or not) and every condition (request value, operator, policy
//! value, result), with the deciding rule first. Shared by the timeline and the playground.

use yew::prelude::*;

use envelope_lab::policy::{
    ConditionExplanation, DecidingRule, Decision, Effect, Explanation, PolicyType,
    PrincipalMatchKind, StatementExplanation,
};

use super::i18n::{Lang, T};

/// The deciding rule in the UI language (English is the engine's own wording).
/// A policy's name as shown: the engine names key policies "<key> key policy"; in Japanese
/// the heading already says キーポリシー, so only the key's name is kept.
/// A policy's name as shown: the engine names a scenario's key, trust and bucket policies
/// "<key> key policy", "<role> trust policy", "<bucket> bucket policy"; in Japanese those
/// read as the key's name (the heading already says キーポリシー), "<role> の信頼ポリシー" and
/// "<bucket> のバケットポリシー". Any other name (an inline policy's) stays as written.
pub fn policy_name(name: &str, lang: Lang) -> String {
    if lang != Lang::Ja {
        return name.to_string();
    }
    if let Some(key) = name.strip_suffix(" key policy") {
        key.to_string()
    } else if let Some(role) = name.strip_suffix(" trust policy") {
        format!("{role} の信頼ポリシー")
    } else if let Some(bucket) = name.strip_suffix(" bucket policy") {
        format!("{bucket} のバケットポリシー")
    } else {
        name.to_string()
    }
}

pub fn rule_text(rule: &DecidingRule, lang: Lang) -> String {
    if lang == Lang::En {
        return rule.english();
    }
    use DecidingRule::*;
    let name = |n: &str| policy_name(n, lang);
    let kind = |t: &PolicyType, kms: bool| match t {
        PolicyType::Identity => "アイデンティティベースのポリシー",
        PolicyType::Resource if kms => "キーポリシー",
        PolicyType::Resource => "リソースベースのポリシー",
        PolicyType::Boundary => "アクセス許可の境界",
        PolicyType::Scp => "SCP",
    };
    // The engine words the sourced AWS rule of a decision in both languages.
    let note = rule.note().map(|n| n.ja().to_string()).unwrap_or_default();
    match rule {
        ExplicitDeny { policy_type, policy, statement, sid, kms_key, .. } => {
            let sid = sid.as_ref().map(|s| format!(" (Sid \"{s}\")")).unwrap_or_default();
            format!("{} {} のステートメント {statement}{sid} による明示的な拒否: 明示的な拒否は常に優先されます{note}", kind(policy_type, *kms_key), name(policy))
        }
        ReservedAwsManagedAlias { .. } => note,
        NoScpAllows => "どのサービスコントロールポリシーもアクションを許可していません: 暗黙的な拒否".into(),
        NoBoundaryAllows { .. } => format!("アクセス許可の境界がアクションを許可していません: 暗黙的な拒否{note}"),
        NoIdentityPolicyAllows => "どのアイデンティティベースのポリシーもアクションを許可していません: 暗黙的な拒否".into(),
        NoResourcePolicyAllows => "クロスアカウントのリクエストで、プリンシパルを許可するリソースベースのポリシーのステートメントがありません: 暗黙的な拒否".into(),
        IdentityPolicyAllows { policy, statement } => format!("IAM ポリシー {} のステートメント {statement} が許可", name(policy)),
        ResourcePolicyAllows { policy, statement, .. } => format!(
            "リソースベースのポリシー {} のステートメント {statement} が直接許可{note}",
            name(policy)
        ),
        CrossAccountAllows { resource_policy, resource_statement, identity_policy, identity_statement } => format!(
            "クロスアカウント: リソースベースのポリシー {} のステートメント {resource_statement} と IAM ポリシー {} のステートメント {identity_statement} の両方が許可",
            name(resource_policy), name(identity_policy)
        ),
        KeyPolicyAllows { statement, .. } => format!("キーポリシーのステートメント {statement} がプリンシパルを直接許可{note}"),
        KeyPolicyDelegates { statement, account, identity_policy, identity_statement } => format!(
            "キーポリシーのステートメント {statement} がアカウント {account} に委任し、IAM ポリシー {identity_policy} のステートメント {identity_statement} が許可"
        ),
        KeyPolicyAllowsCrossAccount { statement, identity_policy, identity_statement } => format!(
            "クロスアカウント: キーポリシーのステートメント {statement} と IAM ポリシー {identity_policy} のステートメント {identity_statement} が許可"
        ),
        KeyPolicyDelegatesNoIdentity { statement, account } => format!(
            "キーポリシーのステートメント {statement} はアカウント {account} に委任していますが、許可するアイデンティティベースのポリシーがありません: 暗黙的な拒否"
        ),
        GrantAllows { grant } => format!("許可 (グラント) {grant} が許可"),
        NoKeyPolicyStatement => "一致するキーポリシーのステートメントがありません (IAM ポリシーだけでは KMS キーへのアクセスは許可されません): 暗黙的な拒否".into(),
    }
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

fn condition_row(c: &ConditionExplanation, e: &Explanation, lang: Lang) -> Html {
    html! {
        <tr class={classes!(if c.result { "cond-yes" } else { "cond-no" })}>
            <td data-label={lang.t(T::ConditionKey)}><code>{ &c.key }</code></td>
            <td data-label={lang.t(T::RequestValue)}><code>{ values(c.values_in(e), lang) }</code></td>
            <td data-label={lang.t(T::Operator)}><code>{ &c.operator }</code></td>
            <td data-label={lang.t(T::PolicyValue)}><code>{ values(&c.policy_values, lang) }</code></td>
            <td data-label={lang.t(T::ResultCol)}>{ mark(c.result) }{ if c.result { lang.t(T::Matched) } else { lang.t(T::NotMatched) } }</td>
        </tr>
    }
}

fn statement_view(s: &StatementExplanation, e: &Explanation, lang: Lang, deciding: bool) -> Html {
    let title = match &s.sid {
        Some(sid) => format!("{} (Sid \"{sid}\")", lang.f(T::StatementN, &[&s.index])),
        None => lang.f(T::StatementN, &[&s.index]),
    };
    let effect = match s.effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    let principal = match (s.principal_matched, s.principal_match) {
        (None, _) => None,
        (Some(m), kind) => Some((
            m,
            match kind {
                PrincipalMatchKind::Everyone => " (*)",
                PrincipalMatchKind::Direct => " (direct)",
                PrincipalMatchKind::Account => " (account → IAM)",
                PrincipalMatchKind::NotPrincipalWithBoundary => match lang {
                    Lang::Ja => " (NotPrincipal + アクセス許可の境界)",
                    _ => " (NotPrincipal + permissions boundary)",
                },
                _ => "",
            },
        )),
    };
    html! {
        <li class={classes!("stmt", if s.matched { "matched" } else { "unmatched" }, deciding.then_some("deciding"))}>
            <div class="stmt-head">
                { mark(s.matched) }
                <strong>{ title }</strong>
                <span class={classes!("effect", effect.to_ascii_lowercase())}>{ effect }</span>
                <span class="muted">{ if s.matched { lang.t(T::Matched) } else { lang.t(T::NotMatched) } }</span>
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
            if let Some(msg) = &e.message {
                <p class="aws-message"><code>{ msg }</code></p>
            }
            { for e.policies.iter().map(|p| {
                let kind = match p.kind {
                    PolicyType::Resource if e.kms_key => lang.t(T::KeyPolicy),
                    PolicyType::Resource => lang.t(T::ResourcePolicy),
                    PolicyType::Identity => lang.t(T::IdentityPolicy),
                    PolicyType::Boundary => lang.t(T::PermissionsBoundary),
                    PolicyType::Scp => "SCP",
                };
                html! {
                    <section class="policy-expl">
                        <h4>{ format!("{kind}: {}", policy_name(&p.name, lang)) }</h4>
                        <ol class="stmts">
                            { for p.statements.iter().map(|s| {
                                let is_deciding = deciding.iter().any(|(k, name, idx)| *k == p.kind && *idx == s.index && name.as_ref().is_none_or(|n| *n == p.name));
                                statement_view(s, e, lang, is_deciding)
                            }) }
                        </ol>
                    </section>
                }
            }) }
        </div>
    }
}
