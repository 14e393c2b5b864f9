//! Policy validation findings in the style of IAM Access Analyzer's policy validation:
//! ERROR (the policy will not work as written), SECURITY_WARNING (more access than
//! intended), WARNING (doesn't follow best practice or likely mistake), SUGGESTION (can be
//! simpler). Each finding has a location and a fix.

use super::catalog;
use super::json::{Member, Node, Pos, Value};
use super::model::*;
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

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    pub fix: String,
    pub line: usize,
    pub column: usize,
    pub path: String,
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
        message: e.message.clone(),
        fix: "Correct the policy at this location; IAM rejects the whole document otherwise."
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
        message: String,
        fix: &str,
    ) {
        self.0.push(Finding {
            severity,
            code: code.to_string(),
            message,
            fix: fix.to_string(),
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
                    format!("The Sid \"{sid}\" is used by more than one statement."),
                    "Give each statement a unique Sid.",
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
                        format!("\"{key}\" appears more than once in this object; only the last one takes effect."),
                        "Merge the duplicates into one element (for conditions, put both keys under one operator).",
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
            "The policy has no Version; IAM then uses 2008-10-17, where policy variables are plain text.".into(),
            "Add \"Version\": \"2012-10-17\" as the first element.",
        ),
        Some("2008-10-17") => {
            let pos = node.get("Version").map_or(node.pos, |m| m.value.pos);
            let uses_vars = policy.statements.iter().any(|s| {
                s.resource.iter().flat_map(|r| &r.patterns).any(|p| p.text.contains("${"))
                    || s.conditions.iter().flat_map(|c| &c.values).any(|v| v.text.contains("${"))
            });
            let extra = if uses_vars {
                " This policy uses ${…} policy variables, which this version treats as literal text."
            } else {
                ""
            };
            out.add(
                Severity::Warning,
                "OLD_VERSION",
                pos,
                "Version",
                format!("Version 2008-10-17 is an old version of the policy language.{extra}"),
                "Use \"Version\": \"2012-10-17\".",
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
            "A statement in a key or resource policy must name a Principal.".into(),
            "Add a Principal, e.g. {\"AWS\": \"arn:aws:iam::123456789012:root\"}.",
        ),
        (Some(p), false) => out.add(
            Severity::Error,
            "UNSUPPORTED_ELEMENT",
            p.pos,
            &p.path,
            "Identity policies, permissions boundaries and SCPs cannot have Principal or NotPrincipal: they apply to the identity they are attached to.".into(),
            "Remove the Principal element.",
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
                "Allow with NotPrincipal grants access to every principal not listed, including anonymous users.".into(),
                "List the principals to allow in Principal instead.",
            );
        }
        if allow && kind.has_principal() && is_everyone(p) {
            let conditions_limit = !st.conditions.is_empty();
            if !conditions_limit {
                let what = if kind == PolicyKind::KeyPolicy {
                    "this KMS key"
                } else {
                    "this resource"
                };
                out.add(
                    Severity::SecurityWarning,
                    "PUBLIC_ACCESS",
                    p.pos,
                    &p.path,
                    format!("Principal \"*\" with no condition allows anyone, in any AWS account, to use {what}."),
                    "Name the principals, or add conditions such as kms:CallerAccount / aws:PrincipalAccount and kms:ViaService.",
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
                    "The statement allows every KMS action (including PutKeyPolicy and ScheduleKeyDeletion) to everyone.".into(),
                    "Allow only the cryptographic operations needed (e.g. kms:Decrypt, kms:GenerateDataKey*), and name the principals.",
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
            "Allow with NotAction allows every action not listed, in every service, including future ones.".into(),
            "List the allowed actions in Action instead.",
        );
    }
    match &st.resource {
        None => out.add(
            Severity::Error,
            "MISSING_RESOURCE",
            st.pos,
            &st.path,
            "The statement has no Resource or NotResource element.".into(),
            if kind == PolicyKind::KeyPolicy {
                "Add \"Resource\": \"*\" (in a key policy, * means this key)."
            } else {
                "Add a Resource element naming the ARNs the statement applies to."
            },
        ),
        Some(r) => {
            if allow && r.negated {
                out.add(
                    Severity::SecurityWarning,
                    "ALLOW_WITH_NOT_RESOURCE",
                    r.pos,
                    &r.path,
                    "Allow with NotResource allows the actions on every resource not listed."
                        .into(),
                    "List the allowed resources in Resource instead.",
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
                    "In a key policy the Resource should be \"*\", which means the key the policy is attached to; a key ARN or pattern here is misleading and can stop the statement from applying.".into(),
                    "Use \"Resource\": \"*\".",
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
                format!("\"{}\" is not a KMS action; a key policy only controls KMS actions on the key.", a.text),
                "Remove the action, or use a kms: action.",
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
                    format!("\"{}\" matches no action of the service.", a.text)
                } else {
                    format!("\"{}\" is not in Envelope Lab's table of common actions for this service.", a.text)
                },
                "Check the spelling against the Service Authorization Reference (e.g. kms:GenerateDataKey, kinesis:PutRecord).",
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
            format!("\"{}\" is not a condition key of the service (keys are checked case-insensitively).", c.key),
            "Use a documented key, e.g. kms:ViaService, kms:CallerAccount, kms:EncryptionContext:<key>, aws:SourceArn.",
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
            format!(
                "ForAllValues with the single-valued key {} is true when the key is missing from the request{}.",
                c.key,
                if allow { ", so this Allow can apply more widely than intended" } else { "" }
            ),
            "Drop the ForAllValues: prefix and use the plain operator.",
        ),
        Some(SetOperator::ForAnyValue) if single => out.add(
            Severity::Suggestion,
            "FORANYVALUE_WITH_SINGLE_VALUED_KEY",
            c.pos,
            &c.path,
            format!("ForAnyValue has no effect on the single-valued key {}.", c.key),
            "Drop the ForAnyValue: prefix.",
        ),
        None if multi && b != BaseOperator::Null => out.add(
            Severity::Warning,
            "MISSING_QUALIFIER_FOR_MULTI_VALUED_KEY",
            c.pos,
            &c.path,
            format!("{} is multi-valued; without ForAnyValue: or ForAllValues: the result is hard to predict.", c.key),
            "Use ForAllValues: (every value must match) or ForAnyValue: (at least one must match).",
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
                format!(
                    "{} with \"{}\" has no wildcard, so it is an exact match.",
                    op.name, v.text
                ),
                match b {
                    BaseOperator::ArnLike | BaseOperator::ArnNotLike => {
                        "Use ArnEquals / ArnNotEquals."
                    }
                    _ => "Use StringEquals / StringNotEquals.",
                },
            );
        }
        if equals && wild {
            out.add(
                Severity::Warning,
                "EQUALS_WITH_WILDCARD",
                v.pos,
                &vpath,
                format!(
                    "{} treats * and ? in \"{}\" as literal characters.",
                    op.name, v.text
                ),
                "Use StringLike if you meant a wildcard.",
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
                format!("\"{}\" is not a valid value for {}.", v.text, op.name),
                match b {
                    BaseOperator::IpAddress | BaseOperator::NotIpAddress => {
                        "Use an IP address or CIDR such as 203.0.113.0/24."
                    }
                    BaseOperator::Bool | BaseOperator::Null => "Use \"true\" or \"false\".",
                    _ if b.name().starts_with("Date") => {
                        "Use an ISO 8601 date such as 2024-03-27T10:57:58Z, or epoch seconds."
                    }
                    _ => "Use a number such as 10 or 10.5.",
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
            "No statement allows kms:PutKeyPolicy without conditions, so nobody could change this key policy again (KMS's policy lockout safety check rejects it).".into(),
            "Add a statement allowing the account root (arn:aws:iam::ACCOUNT:root) kms:* on \"*\", which delegates key administration to IAM.",
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
