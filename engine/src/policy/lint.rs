//! Policy validation findings in the style of IAM Access Analyzer's policy validation:
//! ERROR (the policy will not work as written), SECURITY_WARNING (more access than
//! intended), WARNING (doesn't follow best practice or likely mistake), SUGGESTION (can be
//! simpler). Each finding has a location and a fix.

use super::catalog;
use super::json::{Member, Node, Pos, Value};
use super::model::*;
use crate::text::{pick, Text};
use serde::Serialize;
use std::collections::BTreeSet;

/// Finding severity, as Access Analyzer names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
}

/// What the policy is attached to (changes which rules apply).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PolicyKind {
    Identity,
    KeyPolicy,
    ResourcePolicy,
    Scp,
    Boundary,
}

impl PolicyKind {
    fn has_principal(self) -> bool {
        matches!(self, PolicyKind::KeyPolicy | PolicyKind::ResourcePolicy)
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

/// One finding. `message` and `fix` are English (what the CLI prints); `message_ja` and
/// `fix_ja` are the Japanese for the UI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    pub fix: String,
    #[serde(skip)]
    pub message_ja: String,
    #[serde(skip)]
    pub fix_ja: String,
    pub line: usize,
    pub column: usize,
    pub path: String,
}

impl Finding {
    /// The message in a language code (`en`, `ja`); English when there is no Japanese.
    pub fn message_in(&self, lang: &str) -> &str {
        pick(&self.message, &self.message_ja, lang)
    }

    /// The fix in a language code; English when there is no Japanese.
    pub fn fix_in(&self, lang: &str) -> &str {
        pick(&self.fix, &self.fix_ja, lang)
    }

    /// The message in both languages.
    pub fn message_text(&self) -> Text {
        Text::new(self.message.clone(), self.message_ja.clone())
    }

    /// The fix in both languages.
    pub fn fix_text(&self) -> Text {
        Text::new(self.fix.clone(), self.fix_ja.clone())
    }
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

fn parse_finding(e: &super::PolicyError) -> Finding {
    Finding {
        severity: Severity::Error,
        code: "PARSE_ERROR".into(),
        message: e.message.en().to_string(),
        fix: "Correct the policy at this location; IAM rejects the whole document otherwise."
            .into(),
        message_ja: e.message.get("ja").to_string(),
        fix_ja: "この位置でポリシーを修正してください。修正しないと、IAM はドキュメント全体を拒否します。"
            .into(),
        line: e.line,
        column: e.column,
        path: e.path.clone(),
    }
}

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
            message: message.en().to_string(),
            fix: fix.en().to_string(),
            message_ja: message.ja().to_string(),
            fix_ja: fix.ja().to_string(),
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

fn is_everyone(el: &PrincipalElement) -> bool {
    !el.negated
        && match &el.value {
            PrincipalValue::Everyone => true,
            PrincipalValue::Entries(e) => e
                .iter()
                .any(|e| e.kind == PrincipalKind::Aws && e.value == "*"),
        }
}

fn statement(st: &Statement, kind: PolicyKind, out: &mut Out) {
    let allow = st.effect == Effect::Allow;
    // Principal rules.
    match (&st.principal, kind.has_principal()) {
        (None, true) => out.add(
            Severity::Error,
            "MISSING_PRINCIPAL",
            st.pos,
            &st.path,
            t(
                "A statement in a key or resource policy must name a Principal.",
                "キーポリシーやリソースベースのポリシーのステートメントには Principal を指定する必要があります。",
            ),
            t(
                "Add a Principal, e.g. {\"AWS\": \"arn:aws:iam::123456789012:root\"}.",
                "Principal を追加してください (例: {\"AWS\": \"arn:aws:iam::123456789012:root\"})。",
            ),
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
    if let Some(p) = &st.principal {
        if p.negated && allow {
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
        if allow && kind.has_principal() && is_everyone(p) {
            let conditions_limit = !st.conditions.is_empty();
            if !conditions_limit {
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
    }
    // Not* with Allow.
    if allow && st.action.negated {
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
    match &st.resource {
        None => out.add(
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
        ),
        Some(r) => {
            if allow && r.negated {
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
            if kind == PolicyKind::KeyPolicy
                && (r.negated || r.patterns.iter().any(|p| p.text != "*"))
            {
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
        }
    }
    // Actions.
    for a in &st.action.patterns {
        if a.text == "*" {
            continue;
        }
        if kind == PolicyKind::KeyPolicy && !a.text.to_ascii_lowercase().starts_with("kms:") {
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
        if catalog::action_known(&a.text) == Some(false) {
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
    }
    // Conditions.
    for c in &st.conditions {
        condition(c, allow, out);
    }
}

fn condition(c: &Condition, allow: bool, out: &mut Out) {
    let op = &c.operator;
    let b = op.base;
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
    for (i, v) in c.values.iter().enumerate() {
        let vpath = if c.values.len() > 1 {
            format!("{}[{i}]", c.path)
        } else {
            c.path.clone()
        };
        let wild = v
            .template
            .parts
            .iter()
            .any(|p| matches!(p, super::Part::Text(t) if t.contains(['*', '?'])));
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
            (super::condition::Compiled::Invalid, _) => true,
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
