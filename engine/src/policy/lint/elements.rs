//! Action / NotAction and Resource / NotResource by policy kind.

use super::{t, Out, PolicyKind, Severity};
use crate::policy::arn::split_arn;
use crate::policy::catalog;
use crate::policy::model::*;

pub(super) fn actions(st: &Statement, kind: PolicyKind, out: &mut Out) {
    if st.effect == Effect::Allow && st.action.negated {
        out.add(
            Severity::SecurityWarning,
            "ALLOW_WITH_NOT_ACTION",
            st.action.pos,
            &st.action.path,
            t(
                "Allow with NotAction allows every action not listed, in every service, including future ones.",
                "Allow と NotAction の組み合わせは、今後追加されるものも含め、すべてのサービスで列挙されていないすべてのアクションを許可します。",
            ),
            t(
                "List the allowed actions in Action instead.",
                "代わりに、許可するアクションを Action に列挙してください。",
            ),
        );
    }
    for a in st.action.patterns.iter().filter(|a| a.text != "*") {
        if kind == PolicyKind::KeyPolicy && !has_prefix(&a.text, "kms") {
            out.add(
                Severity::Warning,
                "NON_KMS_ACTION_IN_KEY_POLICY",
                a.pos,
                &a.path,
                t(
                    format!("\"{}\" is not a KMS action; a key policy only controls KMS actions on the key.", a.text),
                    format!("\"{}\" は KMS のアクションではありません。キーポリシーで制御できるのは、そのキーに対する KMS のアクションだけです。", a.text),
                ),
                t(
                    "Remove the action, or use a kms: action.",
                    "このアクションを削除するか、kms: のアクションを使用してください。",
                ),
            );
        }
        if kind == PolicyKind::BucketPolicy && !has_prefix(&a.text, "s3") {
            unsupported_bucket_action(a, out);
        }
        invalid_action(a, out);
    }
}

/// `service:Name`, case-insensitive on the service.
fn has_prefix(action: &str, service: &str) -> bool {
    action
        .split_once(':')
        .is_some_and(|(s, _)| s.eq_ignore_ascii_case(service))
}

/// A bucket policy controls S3 actions only ("Error – Unsupported action in policy": "AWS
/// Key Management Service actions aren't supported in Amazon S3 bucket policies").
fn unsupported_bucket_action(a: &ActionPattern, out: &mut Out) {
    out.add(
        Severity::Error,
        "UNSUPPORTED_ACTION_IN_POLICY",
        a.pos,
        &a.path,
        t(
            format!("The action {} is not supported in a bucket policy: it controls only Amazon S3 actions on the bucket and its objects.", a.text),
            format!("アクション {} はバケットポリシーでは使用できません。バケットポリシーで制御できるのは、バケットとそのオブジェクトに対する Amazon S3 のアクションだけです。", a.text),
        ),
        t(
            "Remove the action, or grant it in the policy of its own resource (e.g. a KMS action in the key policy).",
            "このアクションを削除するか、そのアクションのリソース自身のポリシーで許可してください (例: KMS のアクションはキーポリシーで許可します)。",
        ),
    );
}

fn invalid_action(a: &ActionPattern, out: &mut Out) {
    if catalog::action_known(&a.text) != Some(false) {
        return;
    }
    let complete = catalog::complete_for(&a.text);
    out.add(
        if complete { Severity::Error } else { Severity::Warning },
        "INVALID_ACTION",
        a.pos,
        &a.path,
        if complete {
            t(
                format!("\"{}\" matches no action of the service.", a.text),
                format!("\"{}\" はこのサービスのどのアクションにも一致しません。", a.text),
            )
        } else {
            t(
                format!("\"{}\" is not in Envelope Lab's table of common actions for this service.", a.text),
                format!("\"{}\" は、このサービスの主なアクションをまとめた Envelope Lab の表にありません。", a.text),
            )
        },
        t(
            "Check the spelling against the Service Authorization Reference (e.g. kms:GenerateDataKey, kinesis:PutRecord).",
            "サービス認可リファレンスでスペルを確認してください (例: kms:GenerateDataKey、kinesis:PutRecord)。",
        ),
    );
}

pub(super) fn resources(st: &Statement, kind: PolicyKind, out: &mut Out) {
    let Some(r) = &st.resource else {
        if kind != PolicyKind::TrustPolicy {
            missing_resource(st, kind, out);
        }
        return;
    };
    if kind == PolicyKind::TrustPolicy {
        trust_resource(r, out);
        return;
    }
    if st.effect == Effect::Allow && r.negated {
        out.add(
            Severity::SecurityWarning,
            "ALLOW_WITH_NOT_RESOURCE",
            r.pos,
            &r.path,
            t(
                "Allow with NotResource allows the actions on every resource not listed.",
                "Allow と NotResource の組み合わせは、列挙されていないすべてのリソースに対してアクションを許可します。",
            ),
            t(
                "List the allowed resources in Resource instead.",
                "代わりに、許可するリソースを Resource に列挙してください。",
            ),
        );
    }
    if kind == PolicyKind::KeyPolicy && (r.negated || r.patterns.iter().any(|p| p.text != "*")) {
        out.add(
            Severity::Warning,
            "KEY_POLICY_RESOURCE_NOT_STAR",
            r.pos,
            &r.path,
            t(
                "In a key policy the Resource should be \"*\", which means the key the policy is attached to; a key ARN or pattern here is misleading and can stop the statement from applying.",
                "キーポリシーの Resource は \"*\" (ポリシーがアタッチされているキーを意味します) にしてください。ここにキーの ARN やパターンを書くと誤解を招き、ステートメントが適用されなくなることがあります。",
            ),
            t(
                "Use \"Resource\": \"*\".",
                "\"Resource\": \"*\" を使用してください。",
            ),
        );
    }
    if kind == PolicyKind::BucketPolicy {
        for p in r.patterns.iter().filter(|p| !is_s3_resource(&p.text)) {
            unsupported_bucket_resource(p, out);
        }
    }
}

fn missing_resource(st: &Statement, kind: PolicyKind, out: &mut Out) {
    out.add(
        Severity::Error,
        "MISSING_RESOURCE",
        st.pos,
        &st.path,
        t(
            "The statement has no Resource or NotResource element.",
            "ステートメントに Resource 要素も NotResource 要素もありません。",
        ),
        if kind == PolicyKind::KeyPolicy {
            t(
                "Add \"Resource\": \"*\" (in a key policy, * means this key).",
                "\"Resource\": \"*\" を追加してください (キーポリシーでは、* はこのキーを意味します)。",
            )
        } else {
            t(
                "Add a Resource element naming the ARNs the statement applies to.",
                "ステートメントを適用するリソースの ARN を指定した Resource 要素を追加してください。",
            )
        },
    );
}

/// A trust policy applies to its role ("Error – Role trust policy syntax error resource").
fn trust_resource(r: &ResourceElement, out: &mut Out) {
    let name = if r.negated { "NotResource" } else { "Resource" };
    out.add(
        Severity::Error,
        "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
        r.pos,
        &r.path,
        t(
            format!("Role trust policies apply to the role they are attached to: they cannot have a {name} element."),
            format!("ロールの信頼ポリシーはアタッチされたロールに適用されるため、{name} 要素を指定できません。"),
        ),
        t(
            format!("Remove the {name} element."),
            format!("{name} 要素を削除してください。"),
        ),
    );
}

/// `*` or an S3 ARN (a pattern's service may itself be a wildcard).
fn is_s3_resource(pattern: &str) -> bool {
    pattern == "*"
        || split_arn(pattern).is_some_and(|a| a.service == "s3" || a.service.contains(['*', '?']))
}

/// A bucket policy's resources are the bucket and its objects ("Error – Unsupported resource
/// ARN in policy": "AWS KMS ARNs aren't supported in the Resource element for Amazon S3
/// bucket policies").
fn unsupported_bucket_resource(p: &ResourcePattern, out: &mut Out) {
    out.add(
        Severity::Error,
        "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
        p.pos,
        &p.path,
        t(
            format!("The resource {} is not supported in a bucket policy, whose resources are the bucket and its objects.", p.text),
            format!("リソース {} はバケットポリシーでは使用できません。バケットポリシーのリソースは、バケットとそのオブジェクトです。", p.text),
        ),
        t(
            "Use the bucket's ARN (arn:aws:s3:::bucket) or its objects' (arn:aws:s3:::bucket/*).",
            "バケットの ARN (arn:aws:s3:::bucket) またはそのオブジェクトの ARN (arn:aws:s3:::bucket/*) を使用してください。",
        ),
    );
}
