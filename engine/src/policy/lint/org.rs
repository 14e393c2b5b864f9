//! Checks for an organization's policies, from the AWS Organizations User Guide:
//! - "SCP syntax" (`sources::ORGS_SCP_SYNTAX`): a wildcard in Action or NotAction only alone
//!   or at the end of the string (Principal and NotPrincipal are refused by
//!   `principals::presence`, as for identity policies);
//! - "RCP syntax" (`sources::ORGS_RCP_SYNTAX`): the Principal is `"*"`; NotPrincipal and
//!   NotAction are not RCP elements; `Allow` is only supported for `RCPFullAWSAccess`, so an
//!   RCP of one's own can only deny;
//! - "Quotas and service limits for AWS Organizations" (`sources::ORGS_QUOTAS`): an SCP or an
//!   RCP holds at most 5,120 characters, white space included.

use super::{t, Out, PolicyKind, Severity};
use crate::policy::json::Pos;
use crate::policy::model::*;
use crate::policy::sources;

/// The maximum size of an SCP and of an RCP, in characters.
pub const MAX_CHARS: usize = 5120;

pub(super) fn statement(st: &Statement, kind: PolicyKind, out: &mut Out) {
    match kind {
        PolicyKind::Scp => scp_wildcards(st, out),
        PolicyKind::Rcp => rcp(st, out),
        _ => {}
    }
}

/// "In an SCP, the wildcard (*) or (?) character in an Action or NotAction element can be
/// used only by itself or at the end of the string."
fn scp_wildcards(st: &Statement, out: &mut Out) {
    for a in &st.action.patterns {
        let inner = a.text.trim_end_matches(['*', '?']);
        if inner.contains(['*', '?']) {
            out.add(
                Severity::Error,
                "SCP_WILDCARD_NOT_AT_END",
                a.pos,
                &a.path,
                t(
                    format!("In an SCP a wildcard in an action may stand alone or end the string, not begin or sit inside it: \"{}\" is refused ({}).", a.text, sources::ORGS_SCP_SYNTAX.cite()),
                    format!("SCP ではアクションのワイルドカードは単独か文字列の末尾にしか使えず、先頭や途中には置けません。\"{}\" は受け付けられません ({})。", a.text, sources::ORGS_SCP_SYNTAX.cite_ja()),
                ),
                t(
                    "List the actions by name, or end the pattern at the wildcard (e.g. \"kms:Create*\").",
                    "アクションを名前で列挙するか、ワイルドカードで終わるパターンにしてください (例: \"kms:Create*\")。",
                ),
            );
        }
    }
}

/// `Principal "*", Action "*", Resource "*"` without conditions: what RCPFullAWSAccess says.
fn is_full_access(st: &Statement) -> bool {
    let star = |texts: &mut dyn Iterator<Item = &str>| {
        let v: Vec<&str> = texts.collect();
        v == ["*"]
    };
    matches!(
        st.principal,
        Some(PrincipalElement {
            negated: false,
            value: PrincipalValue::Everyone,
            ..
        })
    ) && !st.action.negated
        && star(&mut st.action.patterns.iter().map(|p| p.text.as_str()))
        && st
            .resource
            .as_ref()
            .is_some_and(|r| !r.negated && star(&mut r.patterns.iter().map(|p| p.text.as_str())))
        && st.conditions.is_empty()
}

fn rcp(st: &Statement, out: &mut Out) {
    if let Some(p) = &st.principal {
        if p.negated {
            out.add(
                Severity::Error,
                "RCP_UNSUPPORTED_ELEMENT",
                p.pos,
                &p.path,
                t(
                    format!("NotPrincipal is not an RCP element ({}).", sources::ORGS_RCP_SYNTAX.cite()),
                    format!("NotPrincipal は RCP の要素ではありません ({})。", sources::ORGS_RCP_SYNTAX.cite_ja()),
                ),
                t(
                    "Use \"Principal\": \"*\" and name the principals to spare in a condition (e.g. aws:PrincipalOrgID, aws:PrincipalArn).",
                    "\"Principal\": \"*\" を使い、除外するプリンシパルは条件 (例: aws:PrincipalOrgID、aws:PrincipalArn) で指定してください。",
                ),
            );
        } else if p.value != PrincipalValue::Everyone {
            out.add(
                Severity::Error,
                "RCP_PRINCIPAL_NOT_STAR",
                p.pos,
                &p.path,
                t(
                    format!("An RCP's Principal must be \"*\": it limits every principal that acts on the organization's resources ({}).", sources::ORGS_RCP_SYNTAX.cite()),
                    format!("RCP の Principal は \"*\" でなければなりません。RCP は組織のリソースに対して操作するすべてのプリンシパルを制限します ({})。", sources::ORGS_RCP_SYNTAX.cite_ja()),
                ),
                t(
                    "Write \"Principal\": \"*\" and narrow the statement with conditions (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalIsAWSService …).",
                    "\"Principal\": \"*\" と書き、条件 (aws:PrincipalOrgID、aws:PrincipalAccount、aws:PrincipalIsAWSService など) で対象を絞ってください。",
                ),
            );
        }
    }
    if st.action.negated {
        out.add(
            Severity::Error,
            "RCP_UNSUPPORTED_ELEMENT",
            st.action.pos,
            &st.action.path,
            t(
                format!(
                    "NotAction is not an RCP element ({}).",
                    sources::ORGS_RCP_SYNTAX.cite()
                ),
                format!(
                    "NotAction は RCP の要素ではありません ({})。",
                    sources::ORGS_RCP_SYNTAX.cite_ja()
                ),
            ),
            t(
                "List the actions the Deny covers in Action.",
                "Deny の対象とするアクションを Action に列挙してください。",
            ),
        );
    }
    if st.effect == Effect::Allow {
        if is_full_access(st) {
            out.add(
                Severity::Suggestion,
                "RCP_FULL_ACCESS_ALREADY_ATTACHED",
                st.pos,
                &st.path,
                t(
                    format!("This is what RCPFullAWSAccess says; AWS attaches it at the root, every OU and every account and it cannot be detached, and it grants nothing ({}).", sources::ORGS_RCP_EVALUATION.cite()),
                    format!("これは RCPFullAWSAccess の内容です。AWS がルート、すべての OU、すべてのアカウントにアタッチし、デタッチできません。また、何も許可しません ({})。", sources::ORGS_RCP_EVALUATION.cite_ja()),
                ),
                t(
                    "Leave it out: only Deny statements change what an RCP does.",
                    "このステートメントは不要です。RCP の効果を変えるのは Deny ステートメントだけです。",
                ),
            );
        } else {
            out.add(
                Severity::Error,
                "RCP_ALLOW_NOT_SUPPORTED",
                st.pos,
                &st.path,
                t(
                    format!("The Allow effect is only supported in RCPFullAWSAccess; an RCP never grants, it can only deny ({}).", sources::ORGS_RCP_SYNTAX.cite()),
                    format!("Allow の効果は RCPFullAWSAccess でのみサポートされています。RCP は何も許可せず、拒否だけができます ({})。", sources::ORGS_RCP_SYNTAX.cite_ja()),
                ),
                t(
                    "Grant in the key, bucket or identity policy; in the RCP write a Deny with a condition for what must stay outside.",
                    "許可はキーポリシー、バケットポリシー、アイデンティティベースのポリシーで行い、RCP では除外すべきものを条件で指定した Deny を書いてください。",
                ),
            );
        }
    }
}

/// The policy's size as AWS counts it after removing white space outside strings (what the
/// console's editor saves), or `None` when it fits as written.
fn compact_len(json: &str) -> usize {
    let mut n = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            n += 1;
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            n += 1;
        } else if !c.is_whitespace() {
            n += 1;
        }
    }
    n
}

/// The size check of an SCP or RCP document as written.
pub(super) fn size(json: &str, kind: PolicyKind, out: &mut Out) {
    if !matches!(kind, PolicyKind::Scp | PolicyKind::Rcp) {
        return;
    }
    let written = json.chars().count();
    if written <= MAX_CHARS {
        return;
    }
    let what = if kind == PolicyKind::Scp {
        "SCP"
    } else {
        "RCP"
    };
    let compact = compact_len(json);
    let pos = Pos { line: 1, column: 1 };
    if compact > MAX_CHARS {
        out.add(
            Severity::Error,
            "ORG_POLICY_TOO_LARGE",
            pos,
            "",
            t(
                format!("This {what} has {compact} characters even without white space; the maximum is {MAX_CHARS} ({}).", sources::ORGS_QUOTAS.cite()),
                format!("この {what} は空白を除いても {compact} 文字あります。上限は {MAX_CHARS} 文字です ({})。", sources::ORGS_QUOTAS.cite_ja()),
            ),
            t(
                "Split it into several policies attached at the same level, or combine statements and actions (wildcards at the end of names).",
                "同じレベルにアタッチする複数のポリシーに分けるか、ステートメントやアクションをまとめてください (名前の末尾のワイルドカードなど)。",
            ),
        );
    } else {
        out.add(
            Severity::Warning,
            "ORG_POLICY_TOO_LARGE_AS_WRITTEN",
            pos,
            "",
            t(
                format!("This {what} has {written} characters as written; every character counts against the maximum of {MAX_CHARS}, white space included. Without white space outside strings it has {compact} ({}).", sources::ORGS_QUOTAS.cite()),
                format!("この {what} は書かれたままでは {written} 文字あります。空白を含むすべての文字が上限 {MAX_CHARS} 文字に数えられます。文字列の外の空白を除くと {compact} 文字です ({})。", sources::ORGS_QUOTAS.cite_ja()),
            ),
            t(
                "Remove the white space outside quotation marks (spaces and line breaks) before you save it.",
                "保存する前に、引用符の外側の空白 (スペースや改行) を削除してください。",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::lint::lint;

    fn codes(json: &str, kind: PolicyKind) -> Vec<String> {
        lint(json, kind).into_iter().map(|f| f.code).collect()
    }

    const V: &str = r#""Version":"2012-10-17""#;

    #[test]
    fn scp_rules() {
        // FullAWSAccess and the guide's region example lint clean.
        let full =
            format!(r#"{{{V},"Statement":[{{"Effect":"Allow","Action":"*","Resource":"*"}}]}}"#);
        assert!(codes(&full, PolicyKind::Scp).is_empty());
        let c = codes(
            &format!(
                r#"{{{V},"Statement":[{{"Effect":"Deny","Action":["kms:*Key","kms:Create*","s3:Get?bject"],"Resource":"*"}}]}}"#
            ),
            PolicyKind::Scp,
        );
        assert_eq!(c, ["SCP_WILDCARD_NOT_AT_END", "SCP_WILDCARD_NOT_AT_END"]);
        let c = codes(
            &format!(
                r#"{{{V},"Statement":[{{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}}]}}"#
            ),
            PolicyKind::Scp,
        );
        assert!(c.contains(&"UNSUPPORTED_ELEMENT".to_string()), "{c:?}");
    }

    #[test]
    fn rcp_rules() {
        let full = format!(
            r#"{{{V},"Statement":[{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}]}}"#
        );
        assert_eq!(
            codes(&full, PolicyKind::Rcp),
            ["RCP_FULL_ACCESS_ALREADY_ATTACHED"]
        );
        let deny = format!(
            r#"{{{V},"Statement":[{{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*","Condition":{{"StringNotEqualsIfExists":{{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}},"BoolIfExists":{{"aws:PrincipalIsAWSService":"false"}}}}}}]}}"#
        );
        assert!(
            codes(&deny, PolicyKind::Rcp).is_empty(),
            "{:?}",
            codes(&deny, PolicyKind::Rcp)
        );
        let c = codes(
            &format!(
                r#"{{{V},"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::111122223333:root"}},"Action":"kms:Decrypt","Resource":"*"}}]}}"#
            ),
            PolicyKind::Rcp,
        );
        assert!(c.contains(&"RCP_PRINCIPAL_NOT_STAR".to_string()), "{c:?}");
        assert!(c.contains(&"RCP_ALLOW_NOT_SUPPORTED".to_string()), "{c:?}");
        let c = codes(
            &format!(
                r#"{{{V},"Statement":[{{"Effect":"Deny","NotPrincipal":{{"AWS":"arn:aws:iam::111122223333:root"}},"NotAction":"kms:Decrypt","Resource":"*"}}]}}"#
            ),
            PolicyKind::Rcp,
        );
        assert_eq!(
            c.iter().filter(|x| *x == "RCP_UNSUPPORTED_ELEMENT").count(),
            2,
            "{c:?}"
        );
        let c = codes(
            &format!(
                r#"{{{V},"Statement":[{{"Effect":"Deny","Action":"kms:*","Resource":"*"}}]}}"#
            ),
            PolicyKind::Rcp,
        );
        assert!(c.contains(&"MISSING_PRINCIPAL".to_string()), "{c:?}");
    }

    #[test]
    fn size_limit_counts_every_character() {
        let actions: Vec<String> = (0..600).map(|i| format!("\"s3:A{i:04}\"")).collect();
        let tight = format!(
            r#"{{{V},"Statement":[{{"Effect":"Deny","Action":[{}],"Resource":"*"}}]}}"#,
            actions.join(",")
        );
        assert!(tight.chars().count() > MAX_CHARS);
        assert!(codes(&tight, PolicyKind::Scp).contains(&"ORG_POLICY_TOO_LARGE".to_string()));
        assert!(!codes(&tight, PolicyKind::Identity)
            .iter()
            .any(|c| c.starts_with("ORG_")));
        let few: Vec<String> = (0..100).map(|i| format!("\"s3:A{i:04}\"")).collect();
        let padded = format!(
            r#"{{{V},"Statement":[{{"Effect":"Deny","Action":[{}],"Resource":"*"}}]}}"#,
            few.join(&format!(",{}", " ".repeat(40)))
        );
        assert!(padded.chars().count() > MAX_CHARS && compact_len(&padded) <= MAX_CHARS);
        let org: Vec<String> = codes(&padded, PolicyKind::Scp)
            .into_iter()
            .filter(|c| c.starts_with("ORG_"))
            .collect();
        assert_eq!(org, ["ORG_POLICY_TOO_LARGE_AS_WRITTEN"]);
        assert_eq!(compact_len(r#"{ "a b" : "c\" d" }"#), 15);
    }
}
