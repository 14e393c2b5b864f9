//! Policy validation findings in the style of IAM Access Analyzer's policy validation:
//! ERROR (the policy will not work as written), SECURITY_WARNING (more access than
//! intended), WARNING (doesn't follow best practice or likely mistake), SUGGESTION (can be
//! simpler). Each finding has a location, a fix, and English and Japanese text.
//!
//! What a policy is attached to ([`PolicyKind`]) decides which checks apply: a trust policy
//! has no Resource, a key or bucket policy needs a Principal, an identity policy must not
//! have one. Checks that Access Analyzer documents carry its issue code where we have the
//! same check, and name the section of "IAM policy validation check reference"
//! (`sources::ACCESS_ANALYZER_CHECKS`) they follow.
//!
//! - `mod.rs`: the entry points, document-level checks (duplicate keys, Version, Sids, the
//!   key policy lockout check);
//! - `principals.rs`: Principal / NotPrincipal by kind;
//! - `elements.rs`: Action / NotAction, Resource / NotResource by kind;
//! - `conditions.rs`: condition keys, operators and values.

mod conditions;
mod elements;
mod principals;

use super::json::{Member, Node, Pos, Value};
use super::model::*;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Finding severity, as Access Analyzer names them (its code on the wire: `SECURITY_WARNING`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
}

/// What the policy is attached to (changes which rules apply). It reads back as it is
/// written (`KeyPolicy`): the web app's lint jobs name it so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PolicyKind {
    /// Attached to a user, group or role.
    Identity,
    /// A role's trust policy (who may assume it): a Principal, no Resource.
    TrustPolicy,
    /// A KMS key policy ("Resource": "*" means the key).
    KeyPolicy,
    /// An S3 bucket policy.
    BucketPolicy,
    /// Another resource-based policy.
    ResourcePolicy,
    Scp,
    Boundary,
}

impl PolicyKind {
    /// Resource-based policies: each statement names its Principal.
    fn has_principal(self) -> bool {
        matches!(
            self,
            PolicyKind::TrustPolicy
                | PolicyKind::KeyPolicy
                | PolicyKind::BucketPolicy
                | PolicyKind::ResourcePolicy
        )
    }
}

impl Severity {
    /// The Access Analyzer code (`SECURITY_WARNING`), as the CLI prints it.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::SecurityWarning => "SECURITY_WARNING",
            Severity::Warning => "WARNING",
            Severity::Suggestion => "SUGGESTION",
        }
    }

    /// The label in a language code, as the Access Analyzer console shows it
    /// (`セキュリティ警告` in Japanese).
    pub fn label(self, lang: &str) -> &'static str {
        let (en, ja) = match self {
            Severity::Error => ("Error", "エラー"),
            Severity::SecurityWarning => ("Security warning", "セキュリティ警告"),
            Severity::Warning => ("Warning", "警告"),
            Severity::Suggestion => ("Suggestion", "提案"),
        };
        if lang == "ja" {
            ja
        } else {
            en
        }
    }
}

/// One finding. `message` and `fix` are in English and Japanese; the CLI and the JSON carry
/// the English, the UI reads its language with [`Text::get`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: String,
    #[serde(serialize_with = "crate::text::serialize_en")]
    pub message: Text,
    #[serde(serialize_with = "crate::text::serialize_en")]
    pub fix: Text,
    pub line: usize,
    pub column: usize,
    pub path: String,
}

/// A text in both languages (shorthand for the rules below).
fn t(
    en: impl Into<std::borrow::Cow<'static, str>>,
    ja: impl Into<std::borrow::Cow<'static, str>>,
) -> Text {
    Text::new(en, ja)
}

/// Lints a policy document. Unparseable input gives one ERROR finding at the error.
pub fn lint(json: &str, kind: PolicyKind) -> Vec<Finding> {
    match super::json::parse(json) {
        Ok(node) => lint_policy_node(&node, kind),
        Err(e) => vec![parse_finding(&super::PolicyError::from(e))],
    }
}

/// The fix of a document that does not parse.
static PARSE_ERROR_FIX: Text = Text::lit(
    "Correct the policy at this location; IAM rejects the whole document otherwise.",
    "この位置でポリシーを修正してください。修正しないと、IAM はドキュメント全体を拒否します。",
);

fn parse_finding(e: &super::PolicyError) -> Finding {
    Finding {
        severity: Severity::Error,
        code: "PARSE_ERROR".into(),
        message: e.message.clone(),
        fix: PARSE_ERROR_FIX.clone(),
        line: e.line,
        column: e.column,
        path: e.path.clone(),
    }
}

/// The findings being collected.
struct Out(Vec<Finding>);

impl Out {
    fn add(
        &mut self,
        severity: Severity,
        code: &str,
        pos: Pos,
        path: &str,
        message: Text,
        fix: Text,
    ) {
        self.0.push(Finding {
            severity,
            code: code.to_string(),
            message,
            fix,
            line: pos.line,
            column: pos.column,
            path: path.to_string(),
        });
    }
}

/// Lints an already-parsed JSON node.
pub fn lint_policy_node(node: &Node, kind: PolicyKind) -> Vec<Finding> {
    let policy = match super::parse_policy_node(node, "") {
        Ok(p) => p,
        Err(e) => return vec![parse_finding(&e)],
    };
    let mut out = Out(Vec::new());
    duplicate_keys(node, "", &mut out);
    version(node, &policy, &mut out);
    let mut sids = BTreeSet::new();
    for st in &policy.statements {
        if let Some(sid) = &st.sid {
            if !sids.insert(sid.clone()) {
                out.add(
                    Severity::Error,
                    "DUPLICATE_SID",
                    st.pos,
                    &st.path,
                    t(
                        format!("The Sid \"{sid}\" is used by more than one statement."),
                        format!("Sid \"{sid}\" が複数のステートメントで使われています。"),
                    ),
                    t(
                        "Give each statement a unique Sid.",
                        "各ステートメントに一意の Sid を付けてください。",
                    ),
                );
            }
        }
        statement(st, kind, &mut out);
    }
    if kind == PolicyKind::KeyPolicy {
        lockout(&policy, node.pos, &mut out);
    }
    out.0.sort_by_key(|f| (f.line, f.column, f.severity));
    out.0
}

fn duplicate_keys(node: &Node, path: &str, out: &mut Out) {
    match &node.value {
        Value::Object(members) => {
            let mut seen = BTreeSet::new();
            for Member {
                key,
                key_pos,
                value,
            } in members
            {
                let p = super::parse::join(path, key);
                if !seen.insert(key.as_str()) {
                    out.add(
                        Severity::Warning,
                        "DUPLICATE_KEY",
                        *key_pos,
                        &p,
                        t(
                            format!("\"{key}\" appears more than once in this object; only the last one takes effect."),
                            format!("\"{key}\" がこのオブジェクト内に複数回あります。有効になるのは最後のものだけです。"),
                        ),
                        t(
                            "Merge the duplicates into one element (for conditions, put both keys under one operator).",
                            "重複を 1 つの要素にまとめてください (条件の場合は、両方のキーを 1 つの演算子の下に置きます)。",
                        ),
                    );
                }
                duplicate_keys(value, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, n) in items.iter().enumerate() {
                duplicate_keys(n, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn version(node: &Node, policy: &Policy, out: &mut Out) {
    match policy.version.as_deref() {
        None => out.add(
            Severity::Warning,
            "MISSING_VERSION",
            node.pos,
            "",
            t(
                "The policy has no Version; IAM then uses 2008-10-17, where policy variables are plain text.",
                "ポリシーに Version がありません。この場合 IAM は 2008-10-17 を使用し、ポリシー変数は通常のテキストとして扱われます。",
            ),
            t(
                "Add \"Version\": \"2012-10-17\" as the first element.",
                "最初の要素として \"Version\": \"2012-10-17\" を追加してください。",
            ),
        ),
        Some("2008-10-17") => {
            let pos = node.get("Version").map_or(node.pos, |m| m.value.pos);
            let uses_vars = policy.statements.iter().any(|s| {
                s.resource.iter().flat_map(|r| &r.patterns).any(|p| p.text.contains("${"))
                    || s.conditions.iter().flat_map(|c| &c.values).any(|v| v.text.contains("${"))
            });
            let (extra, extra_ja) = if uses_vars {
                (
                    " This policy uses ${…} policy variables, which this version treats as literal text.",
                    "このポリシーは ${…} のポリシー変数を使用していますが、このバージョンではリテラルのテキストとして扱われます。",
                )
            } else {
                ("", "")
            };
            out.add(
                Severity::Warning,
                "OLD_VERSION",
                pos,
                "Version",
                t(
                    format!("Version 2008-10-17 is an old version of the policy language.{extra}"),
                    format!("Version 2008-10-17 は古いバージョンのポリシー言語です。{extra_ja}"),
                ),
                t(
                    "Use \"Version\": \"2012-10-17\".",
                    "\"Version\": \"2012-10-17\" を使用してください。",
                ),
            );
        }
        _ => {}
    }
}

/// The checks of one statement, in the order of its elements.
fn statement(st: &Statement, kind: PolicyKind, out: &mut Out) {
    principals::check(st, kind, out);
    elements::actions(st, kind, out);
    elements::resources(st, kind, out);
    for c in &st.conditions {
        conditions::check(c, st.effect == Effect::Allow, out);
    }
    conditions::unsupported_actions(st, out);
}

/// KMS refuses key policies that would lock everyone out of managing the key (the policy
/// lockout safety check): some statement must allow kms:PutKeyPolicy without conditions.
fn lockout(policy: &Policy, pos: Pos, out: &mut Out) {
    let manageable = policy.statements.iter().any(|st| {
        st.effect == Effect::Allow
            && st.conditions.is_empty()
            && st.principal.as_ref().is_some_and(|p| !p.negated)
            && st
                .action
                .patterns
                .iter()
                .any(|a| a.glob.matches_ignore_ascii_case("kms:PutKeyPolicy"))
                != st.action.negated
    });
    if !manageable {
        out.add(
            Severity::Warning,
            "KEY_POLICY_LOCKOUT",
            pos,
            "",
            t(
                "No statement allows kms:PutKeyPolicy without conditions, so nobody could change this key policy again (KMS's policy lockout safety check rejects it).",
                "条件なしで kms:PutKeyPolicy を許可するステートメントがないため、このキーポリシーを誰も変更できなくなります (KMS のポリシーロックアウト安全性チェックで拒否されます)。",
            ),
            t(
                "Add a statement allowing the account root (arn:aws:iam::ACCOUNT:root) kms:* on \"*\", which delegates key administration to IAM.",
                "アカウントのルート (arn:aws:iam::ACCOUNT:root) に \"*\" に対する kms:* を許可するステートメントを追加してください。これにより、キーの管理が IAM に委任されます。",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(json: &str, kind: PolicyKind) -> Vec<String> {
        lint(json, kind).into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn findings() {
        let c = codes(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"arn:aws:kms:*:*:key/*"}]}"#,
            PolicyKind::KeyPolicy,
        );
        for want in [
            "MISSING_VERSION",
            "PUBLIC_ACCESS",
            "KMS_ALL_ACTIONS_TO_EVERYONE",
            "KEY_POLICY_RESOURCE_NOT_STAR",
        ] {
            assert!(c.iter().any(|x| x == want), "{want} in {c:?}");
        }
        let c = codes(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:GenerateDataKeys","Resource":"*","Condition":{"ForAllValues:StringEquals":{"kms:EncryptionContext:aws:s3:arn":"x"},"StringLike":{"kms:ViaServic":"s3.ap-northeast-1.amazonaws.com"}}}]}"#,
            PolicyKind::Identity,
        );
        for want in [
            "INVALID_ACTION",
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
            "LIKE_WITHOUT_WILDCARD",
            "INVALID_CONDITION_KEY",
        ] {
            assert!(c.iter().any(|x| x == want), "{want} in {c:?}");
        }
        let f = lint("{\"Version\": 1}", PolicyKind::Identity);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
    }
}
