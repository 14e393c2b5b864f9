//! Policy validation findings in the style of IAM Access Analyzer.

use super::json::Node;
use serde::Serialize;

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

/// Lints a policy document.
pub fn lint(json: &str, kind: PolicyKind) -> Vec<Finding> {
    match super::json::parse(json) {
        Ok(node) => lint_policy_node(&node, kind),
        Err(e) => {
            let e = super::PolicyError::from(e);
            vec![parse_finding(&e)]
        }
    }
}

fn parse_finding(e: &super::PolicyError) -> Finding {
    Finding {
        severity: Severity::Error,
        code: "PARSE_ERROR".into(),
        message: e.message.clone(),
        fix: "Correct the policy at this location.".into(),
        line: e.line,
        column: e.column,
        path: e.path.clone(),
    }
}

/// Lints an already-parsed JSON node.
pub fn lint_policy_node(node: &Node, _kind: PolicyKind) -> Vec<Finding> {
    match super::parse_policy_node(node, "") {
        Ok(_) => Vec::new(),
        Err(e) => vec![parse_finding(&e)],
    }
}
