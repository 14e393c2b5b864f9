//! Principal / NotPrincipal by policy kind.

use super::{t, Out, PolicyKind, Severity};
use crate::policy::model::*;

/// Service principals are restricted to a source by one of these keys (Access Analyzer,
/// "Security Warning – Restrict access to service principal").
const SOURCE_KEYS: [&str; 4] = [
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

pub(super) fn check(st: &Statement, kind: PolicyKind, out: &mut Out) {
    presence(st, kind, out);
    // An RCP's Principal is always "*" and it only denies (see `org.rs`): the checks of
    // what a resource policy grants do not apply.
    if kind == PolicyKind::Rcp {
        return;
    }
    let Some(p) = &st.principal else { return };
    let allow = st.effect == Effect::Allow;
    if p.negated {
        not_principal(p, allow, kind, out);
    }
    if kind == PolicyKind::TrustPolicy {
        trust_wildcard(p, out);
    }
    if kind.has_principal() && kind != PolicyKind::TrustPolicy {
        federated_not_supported(p, out);
    }
    if allow && kind.has_principal() && !p.negated {
        public_access(st, p, kind, out);
        service_without_source(st, p, out);
        if kind == PolicyKind::TrustPolicy {
            oidc_without_condition(st, p, out);
        }
    }
}

/// Resource-based policies need a Principal; the others must not have one.
fn presence(st: &Statement, kind: PolicyKind, out: &mut Out) {
    match (&st.principal, kind.has_principal()) {
        (None, true) => out.add(
            Severity::Error,
            "MISSING_PRINCIPAL",
            st.pos,
            &st.path,
            if kind == PolicyKind::TrustPolicy {
                t(
                    "A statement in a trust policy must name a Principal: who may assume the role.",
                    "信頼ポリシーのステートメントには、ロールを引き受けることができるプリンシパルを Principal で指定する必要があります。",
                )
            } else {
                t(
                    "A statement in a key or resource policy must name a Principal.",
                    "キーポリシーやリソースベースのポリシーのステートメントには Principal を指定する必要があります。",
                )
            },
            if kind == PolicyKind::TrustPolicy {
                t(
                    "Add a Principal, e.g. {\"Service\": \"lambda.amazonaws.com\"} or {\"AWS\": \"arn:aws:iam::123456789012:root\"}.",
                    "Principal を追加してください (例: {\"Service\": \"lambda.amazonaws.com\"}、{\"AWS\": \"arn:aws:iam::123456789012:root\"})。",
                )
            } else {
                t(
                    "Add a Principal, e.g. {\"AWS\": \"arn:aws:iam::123456789012:root\"}.",
                    "Principal を追加してください (例: {\"AWS\": \"arn:aws:iam::123456789012:root\"})。",
                )
            },
        ),
        (Some(p), false) => out.add(
            Severity::Error,
            "UNSUPPORTED_ELEMENT",
            p.pos,
            &p.path,
            t(
                "Identity policies, permissions boundaries and SCPs cannot have Principal or NotPrincipal: they apply to the identity they are attached to.",
                "アイデンティティベースのポリシー、アクセス許可の境界、SCP には Principal や NotPrincipal を指定できません。これらはアタッチされたアイデンティティに適用されます。",
            ),
            t("Remove the Principal element.", "Principal 要素を削除してください。"),
        ),
        _ => {}
    }
}

/// NotPrincipal: an error in a trust policy ("Error – Role trust policy syntax error
/// notprincipal"), a security warning with Allow ("Security Warning – Allow with
/// NotPrincipal").
fn not_principal(p: &PrincipalElement, allow: bool, kind: PolicyKind, out: &mut Out) {
    if kind == PolicyKind::TrustPolicy {
        out.add(
            Severity::Error,
            "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
            p.pos,
            &p.path,
            t(
                "Role trust policies do not support NotPrincipal.",
                "ロールの信頼ポリシーでは NotPrincipal を使用できません。",
            ),
            t(
                "Name the principals that may assume the role in a Principal element instead.",
                "代わりに、ロールを引き受けることができるプリンシパルを Principal 要素で指定してください。",
            ),
        );
    } else if allow {
        out.add(
            Severity::SecurityWarning,
            "ALLOW_WITH_NOT_PRINCIPAL",
            p.pos,
            &p.path,
            t(
                "Allow with NotPrincipal grants access to every principal not listed, including anonymous users.",
                "Allow と NotPrincipal の組み合わせは、匿名ユーザーを含め、列挙されていないすべてのプリンシパルにアクセスを許可します。",
            ),
            t(
                "List the principals to allow in Principal instead.",
                "代わりに、許可するプリンシパルを Principal に列挙してください。",
            ),
        );
    }
}

/// `"Principal": "*"` cannot be used in a trust policy ("Error – Role trust policy
/// unsupported wildcard in principal").
fn trust_wildcard(p: &PrincipalElement, out: &mut Out) {
    if !p.negated && p.value == PrincipalValue::Everyone {
        out.add(
            Severity::Error,
            "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
            p.pos,
            &p.path,
            t(
                "\"Principal\": \"*\" is not supported in the Principal element of a role trust policy.",
                "ロールの信頼ポリシーの Principal 要素では \"Principal\": \"*\" を使用できません。",
            ),
            t(
                "Name the account, role, user or service that may assume the role.",
                "ロールを引き受けることができるアカウント、ロール、ユーザー、またはサービスを指定してください。",
            ),
        );
    }
}

fn entries(p: &PrincipalElement) -> &[PrincipalEntry] {
    match &p.value {
        PrincipalValue::Entries(e) => e,
        PrincipalValue::Everyone => &[],
    }
}

/// Federated principals belong in trust policies only ("Error – Federated principal not
/// supported").
fn federated_not_supported(p: &PrincipalElement, out: &mut Out) {
    for e in entries(p)
        .iter()
        .filter(|e| e.kind == PrincipalKind::Federated)
    {
        out.add(
            Severity::Error,
            "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
            e.pos,
            &e.path,
            t(
                format!("Only role trust policies support a federated identity provider (\"{}\") in the Principal element.", e.value),
                format!("Principal 要素でフェデレーティッド ID プロバイダー (\"{}\") を指定できるのは、ロールの信頼ポリシーだけです。", e.value),
            ),
            t(
                "Use an AWS or Service principal, or grant the federated users a role whose trust policy names the provider.",
                "AWS または Service のプリンシパルを使用するか、プロバイダーを信頼ポリシーで指定したロールをフェデレーティッドユーザーに使わせてください。",
            ),
        );
    }
}

fn is_everyone(el: &PrincipalElement) -> bool {
    match &el.value {
        PrincipalValue::Everyone => true,
        PrincipalValue::Entries(e) => e
            .iter()
            .any(|e| e.kind == PrincipalKind::Aws && e.value == "*"),
    }
}

/// Principal "*" without conditions; every KMS action to everyone.
fn public_access(st: &Statement, p: &PrincipalElement, kind: PolicyKind, out: &mut Out) {
    if !is_everyone(p) || kind == PolicyKind::TrustPolicy {
        return;
    }
    if st.conditions.is_empty() {
        let (what, what_ja) = if kind == PolicyKind::KeyPolicy {
            ("this KMS key", "この KMS キー")
        } else {
            ("this resource", "このリソース")
        };
        out.add(
            Severity::SecurityWarning,
            "PUBLIC_ACCESS",
            p.pos,
            &p.path,
            t(
                format!("Principal \"*\" with no condition allows anyone, in any AWS account, to use {what}."),
                format!("条件のない Principal \"*\" は、どの AWS アカウントの誰にでも{what_ja}の使用を許可します。"),
            ),
            t(
                "Name the principals, or add conditions such as kms:CallerAccount / aws:PrincipalAccount and kms:ViaService.",
                "プリンシパルを指定するか、kms:CallerAccount / aws:PrincipalAccount や kms:ViaService などの条件を追加してください。",
            ),
        );
    }
    let all_actions = !st.action.negated
        && st
            .action
            .patterns
            .iter()
            .any(|a| a.text == "*" || a.text.eq_ignore_ascii_case("kms:*"));
    if all_actions && kind == PolicyKind::KeyPolicy {
        out.add(
            Severity::SecurityWarning,
            "KMS_ALL_ACTIONS_TO_EVERYONE",
            st.action.pos,
            &st.action.path,
            t(
                "The statement allows every KMS action (including PutKeyPolicy and ScheduleKeyDeletion) to everyone.",
                "このステートメントは、すべての KMS アクション (PutKeyPolicy や ScheduleKeyDeletion を含む) を全員に許可しています。",
            ),
            t(
                "Allow only the cryptographic operations needed (e.g. kms:Decrypt, kms:GenerateDataKey*), and name the principals.",
                "必要な暗号化オペレーション (kms:Decrypt、kms:GenerateDataKey* など) だけを許可し、プリンシパルを指定してください。",
            ),
        );
    }
}

/// An Allow to a service principal without a source condition lets the service act for any
/// customer: the confused deputy ("Security Warning – Restrict access to service principal").
fn service_without_source(st: &Statement, p: &PrincipalElement, out: &mut Out) {
    let restricted = st
        .conditions
        .iter()
        .any(|c| SOURCE_KEYS.contains(&c.key_lower.as_str()));
    if restricted {
        return;
    }
    for e in entries(p)
        .iter()
        .filter(|e| e.kind == PrincipalKind::Service)
    {
        out.add(
            Severity::SecurityWarning,
            "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
            e.pos,
            &e.path,
            t(
                format!("Granting access to the service principal {} without specifying a source is overly permissive: the service could use this access on behalf of any customer (the confused deputy problem).", e.value),
                format!("ソースを指定せずにサービスプリンシパル {} にアクセスを許可すると、権限が広すぎます。このサービスは、どの顧客のためにでもこのアクセスを使えてしまいます (「混乱した代理」問題)。", e.value),
            ),
            t(
                "Add a condition on aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths, e.g. {\"StringEquals\": {\"aws:SourceAccount\": \"123456789012\"}}.",
                "aws:SourceArn、aws:SourceAccount、aws:SourceOrgID、aws:SourceOrgPaths のいずれかの条件を追加してください (例: {\"StringEquals\": {\"aws:SourceAccount\": \"123456789012\"}})。",
            ),
        );
    }
}

/// The provider of an OpenID Connect federated principal (`None` for SAML).
fn oidc_provider(value: &str) -> Option<&str> {
    if let Some((_, provider)) = value.split_once(":oidc-provider/") {
        return Some(provider);
    }
    (!value.starts_with("arn:")).then_some(value)
}

/// A trust policy letting an OIDC provider's users assume the role needs a condition on that
/// provider's keys ("Security Warning – Missing condition key for oidc principal").
fn oidc_without_condition(st: &Statement, p: &PrincipalElement, out: &mut Out) {
    for e in entries(p)
        .iter()
        .filter(|e| e.kind == PrincipalKind::Federated)
    {
        let Some(provider) = oidc_provider(&e.value) else {
            continue;
        };
        let prefix = format!("{}:", provider.to_ascii_lowercase());
        if st
            .conditions
            .iter()
            .any(|c| c.key_lower.starts_with(&prefix))
        {
            continue;
        }
        out.add(
            Severity::SecurityWarning,
            "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
            e.pos,
            &e.path,
            t(
                format!("Trusting the OpenID Connect provider {provider} without a condition on its keys lets any of its users assume the role."),
                format!("OpenID Connect プロバイダー {provider} のキーに条件を付けずに信頼すると、そのプロバイダーのどのユーザーでもロールを引き受けることができます。"),
            ),
            t(
                format!("Add a condition on the provider's keys, e.g. {{\"StringEquals\": {{\"{provider}:aud\": \"<client id>\"}}}}."),
                format!("プロバイダーのキーに条件を追加してください (例: {{\"StringEquals\": {{\"{provider}:aud\": \"<クライアント ID>\"}}}})。"),
            ),
        );
    }
}
