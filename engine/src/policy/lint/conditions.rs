//! Condition keys, operators and values; keys that only some actions provide.

use super::{t, Out, Severity};
use crate::policy::catalog;
use crate::policy::condition::Compiled;
use crate::policy::model::*;
use crate::policy::Part;

pub(super) fn check(c: &Condition, allow: bool, out: &mut Out) {
    key(c, out);
    set_operator(c, allow, out);
    for (i, v) in c.values.iter().enumerate() {
        value(c, i, v, out);
    }
}

/// A key the service does not have.
fn key(c: &Condition, out: &mut Out) {
    let known = catalog::condition_key_known(&c.key);
    if known == Some(false) {
        let complete =
            c.key.to_ascii_lowercase().starts_with("aws:") || catalog::complete_for(&c.key);
        out.add(
            if complete { Severity::Error } else { Severity::Warning },
            "INVALID_CONDITION_KEY",
            c.pos,
            &c.path,
            t(
                format!("\"{}\" is not a condition key of the service (keys are checked case-insensitively).", c.key),
                format!("\"{}\" はこのサービスの条件キーではありません (キーは大文字と小文字を区別せずに照合されます)。", c.key),
            ),
            t(
                "Use a documented key, e.g. kms:ViaService, kms:CallerAccount, kms:EncryptionContext:<key>, aws:SourceArn.",
                "ドキュメントに記載されているキーを使用してください (例: kms:ViaService、kms:CallerAccount、kms:EncryptionContext:<key>、aws:SourceArn)。",
            ),
        );
    }
}

/// ForAllValues / ForAnyValue against single- and multi-valued keys.
fn set_operator(c: &Condition, allow: bool, out: &mut Out) {
    let op = &c.operator;
    let b = op.base;
    let multi = catalog::is_multi_valued(&c.key);
    let single = catalog::is_single_valued(&c.key);
    match op.set {
        Some(SetOperator::ForAllValues) if single => out.add(
            if allow { Severity::SecurityWarning } else { Severity::Warning },
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
            c.pos,
            &c.path,
            t(
                format!(
                    "ForAllValues with the single-valued key {} is true when the key is missing from the request{}.",
                    c.key,
                    if allow { ", so this Allow can apply more widely than intended" } else { "" }
                ),
                format!(
                    "単一値のキー {} に ForAllValues を使用すると、リクエストにキーがない場合に true になります。{}",
                    c.key,
                    if allow { "そのため、この Allow が意図したよりも広く適用されることがあります。" } else { "" }
                ),
            ),
            t(
                "Drop the ForAllValues: prefix and use the plain operator.",
                "ForAllValues: プレフィックスを外し、通常の演算子を使用してください。",
            ),
        ),
        Some(SetOperator::ForAnyValue) if single => out.add(
            Severity::Suggestion,
            "FORANYVALUE_WITH_SINGLE_VALUED_KEY",
            c.pos,
            &c.path,
            t(
                format!("ForAnyValue has no effect on the single-valued key {}.", c.key),
                format!("単一値のキー {} に ForAnyValue を付けても効果はありません。", c.key),
            ),
            t(
                "Drop the ForAnyValue: prefix.",
                "ForAnyValue: プレフィックスを外してください。",
            ),
        ),
        None if multi && b != BaseOperator::Null => out.add(
            Severity::Warning,
            "MISSING_QUALIFIER_FOR_MULTI_VALUED_KEY",
            c.pos,
            &c.path,
            t(
                format!("{} is multi-valued; without ForAnyValue: or ForAllValues: the result is hard to predict.", c.key),
                format!("{} は複数値のキーです。ForAnyValue: または ForAllValues: を付けないと、結果を予測しにくくなります。", c.key),
            ),
            t(
                "Use ForAllValues: (every value must match) or ForAnyValue: (at least one must match).",
                "ForAllValues: (すべての値が一致する必要がある) または ForAnyValue: (少なくとも 1 つの値が一致すればよい) を使用してください。",
            ),
        ),
        _ => {}
    }
}

/// One policy value: wildcards and the operator, the value's type.
fn value(c: &Condition, i: usize, v: &ConditionValue, out: &mut Out) {
    let op = &c.operator;
    let b = op.base;
    let like = matches!(
        b,
        BaseOperator::StringLike
            | BaseOperator::StringNotLike
            | BaseOperator::ArnLike
            | BaseOperator::ArnNotLike
    );
    let equals = matches!(
        b,
        BaseOperator::StringEquals
            | BaseOperator::StringNotEquals
            | BaseOperator::StringEqualsIgnoreCase
            | BaseOperator::StringNotEqualsIgnoreCase
    );
    let vpath = if c.values.len() > 1 {
        format!("{}[{i}]", c.path)
    } else {
        c.path.clone()
    };
    let wild = v
        .template
        .parts
        .iter()
        .any(|p| matches!(p, Part::Text(t) if t.contains(['*', '?'])));
    if like && !wild && !v.template.is_dynamic() {
        out.add(
            Severity::Suggestion,
            "LIKE_WITHOUT_WILDCARD",
            v.pos,
            &vpath,
            t(
                format!(
                    "{} with \"{}\" has no wildcard, so it is an exact match.",
                    op.name, v.text
                ),
                format!(
                    "\"{}\" にはワイルドカードがないため、{} は完全一致になります。",
                    v.text, op.name
                ),
            ),
            match b {
                BaseOperator::ArnLike | BaseOperator::ArnNotLike => t(
                    "Use ArnEquals / ArnNotEquals.",
                    "ArnEquals / ArnNotEquals を使用してください。",
                ),
                _ => t(
                    "Use StringEquals / StringNotEquals.",
                    "StringEquals / StringNotEquals を使用してください。",
                ),
            },
        );
    }
    if equals && wild {
        out.add(
            Severity::Warning,
            "EQUALS_WITH_WILDCARD",
            v.pos,
            &vpath,
            t(
                format!(
                    "{} treats * and ? in \"{}\" as literal characters.",
                    op.name, v.text
                ),
                format!(
                    "{} は \"{}\" 内の * と ? を通常の文字として扱います。",
                    op.name, v.text
                ),
            ),
            t(
                "Use StringLike if you meant a wildcard.",
                "ワイルドカードとして使う場合は StringLike を使用してください。",
            ),
        );
    }
    let invalid = match (&v.compiled, b) {
        (Compiled::Invalid, _) => true,
        (_, BaseOperator::Bool | BaseOperator::Null) => {
            !v.text.eq_ignore_ascii_case("true") && !v.text.eq_ignore_ascii_case("false")
        }
        _ => false,
    };
    if invalid {
        out.add(
            Severity::Error,
            "INVALID_CONDITION_VALUE",
            v.pos,
            &vpath,
            t(
                format!("\"{}\" is not a valid value for {}.", v.text, op.name),
                format!("\"{}\" は {} の有効な値ではありません。", v.text, op.name),
            ),
            match b {
                BaseOperator::IpAddress | BaseOperator::NotIpAddress => t(
                    "Use an IP address or CIDR such as 203.0.113.0/24.",
                    "203.0.113.0/24 のような IP アドレスまたは CIDR を使用してください。",
                ),
                BaseOperator::Bool | BaseOperator::Null => t(
                    "Use \"true\" or \"false\".",
                    "\"true\" または \"false\" を使用してください。",
                ),
                _ if b.name().starts_with("Date") => t(
                    "Use an ISO 8601 date such as 2024-03-27T10:57:58Z, or epoch seconds.",
                    "2024-03-27T10:57:58Z のような ISO 8601 形式の日付、またはエポック秒を使用してください。",
                ),
                _ => t(
                    "Use a number such as 10 or 10.5.",
                    "10 や 10.5 のような数値を使用してください。",
                ),
            },
        );
    }
}

/// KMS refuses key policies that would lock everyone out of managing the key (the policy
/// lockout safety check): some statement must allow kms:PutKeyPolicy without conditions.
/// Condition keys that only some KMS operations provide, next to actions that do not provide
/// them: for those actions the condition never holds ("Error – Unsupported action for
/// condition key"; like Access Analyzer, actions with wildcards are not judged).
pub(super) fn unsupported_actions(st: &Statement, out: &mut Out) {
    if st.action.negated {
        return;
    }
    for c in &st.conditions {
        let Some(ops) = catalog::operations_for_key(&c.key) else {
            continue;
        };
        let unsupported: Vec<&str> = st
            .action
            .patterns
            .iter()
            .filter(|a| !a.glob.has_wildcard())
            .filter(|a| {
                let op = a
                    .text
                    .split_once(':')
                    .and_then(|(svc, op)| svc.eq_ignore_ascii_case("kms").then_some(op));
                !op.is_some_and(|op| ops.iter().any(|o| o.eq_ignore_ascii_case(op)))
            })
            .map(|a| a.text.as_str())
            .collect();
        if unsupported.is_empty() {
            continue;
        }
        let list = unsupported.join(", ");
        out.add(
            Severity::Error,
            "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
            c.pos,
            &c.path,
            t(
                format!("The condition key {} is not provided by {list}: for these actions the condition never holds. It applies to kms:{}.", c.key, ops.join(", kms:")),
                format!("条件キー {} は {list} では提供されないため、これらのアクションでは条件が成り立ちません。この条件キーが使われるのは kms:{} です。", c.key, ops.join("、kms:")),
            ),
            t(
                "Move these actions to a statement without this condition key.",
                "これらのアクションは、この条件キーを使わない別のステートメントに移してください。",
            ),
        );
    }
}
