//! The typed policy document model produced by [`super::parse_policy`].
//!
//! Every element keeps where it came from (`pos`, `path`) so that explanations and lint
//! findings can point into the source text. Matching data (globs, parsed numbers, CIDRs) is
//! compiled once at parse time so evaluation does not allocate for static policies.

use super::arn::ArnGlob;
use super::condition::Compiled;
use super::json::Pos;
use super::variables::Template;
use super::wildcard::Glob;
use serde::Serialize;

/// A parsed IAM policy document (identity, resource/key, boundary or SCP).
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// `Version` as written (`2012-10-17`, `2008-10-17`) or `None` when missing.
    pub version: Option<String>,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
    /// The source text the policy was parsed from (empty when built another way).
    pub source: String,
}

impl Policy {
    /// Policy variables are only recognised in `2012-10-17` policies.
    pub fn variables_enabled(&self) -> bool {
        self.version.as_deref() == Some("2012-10-17")
    }
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Position in the `Statement` list (0 when `Statement` is a single object).
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    /// `Principal` / `NotPrincipal`; `None` in identity policies, boundaries and SCPs.
    pub principal: Option<PrincipalElement>,
    /// `Action` / `NotAction` (exactly one is required).
    pub action: ActionElement,
    /// `Resource` / `NotResource`; `None` when absent (trust policies).
    pub resource: Option<ResourceElement>,
    /// Flattened `Condition` block: one entry per operator and key.
    pub conditions: Vec<Condition>,
    pub pos: Pos,
    pub path: String,
}

/// `Principal` or `NotPrincipal`.
#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalElement {
    pub negated: bool,
    pub value: PrincipalValue,
    pub pos: Pos,
    pub path: String,
}

/// `"*"` or a map of principal types to values.
#[derive(Clone, Debug, PartialEq)]
pub enum PrincipalValue {
    /// `"Principal": "*"`: everyone, including anonymous callers.
    Everyone,
    Entries(Vec<PrincipalEntry>),
}

/// The key of a principal map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PrincipalKind {
    #[serde(rename = "AWS")]
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

impl PrincipalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::Aws => "AWS",
            PrincipalKind::Service => "Service",
            PrincipalKind::Federated => "Federated",
            PrincipalKind::CanonicalUser => "CanonicalUser",
        }
    }
}

/// One principal value, e.g. `AWS: arn:aws:iam::123456789012:root`.
#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalEntry {
    pub kind: PrincipalKind,
    pub value: String,
    pub pos: Pos,
    pub path: String,
}

/// `Action` or `NotAction`.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionElement {
    pub negated: bool,
    pub patterns: Vec<ActionPattern>,
    pub pos: Pos,
    pub path: String,
}

/// One action pattern such as `kms:GenerateDataKey*` (matched case-insensitively).
#[derive(Clone, Debug, PartialEq)]
pub struct ActionPattern {
    pub text: String,
    pub glob: Glob,
    pub pos: Pos,
    pub path: String,
}

/// `Resource` or `NotResource`.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceElement {
    pub negated: bool,
    pub patterns: Vec<ResourcePattern>,
    pub pos: Pos,
    pub path: String,
}

/// One resource pattern; ARNs are matched segment by segment.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourcePattern {
    pub text: String,
    /// The pattern with policy variables recognised (2012-10-17 policies only).
    pub template: Template,
    /// Pre-compiled when the pattern has no variables.
    pub compiled: Option<ArnGlob>,
    pub pos: Pos,
    pub path: String,
}

/// `ForAnyValue:` / `ForAllValues:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum SetOperator {
    ForAnyValue,
    ForAllValues,
}

/// The condition operators of the IAM reference, without prefix or `IfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

impl BaseOperator {
    pub const ALL: [BaseOperator; 27] = [
        BaseOperator::StringEquals,
        BaseOperator::StringNotEquals,
        BaseOperator::StringEqualsIgnoreCase,
        BaseOperator::StringNotEqualsIgnoreCase,
        BaseOperator::StringLike,
        BaseOperator::StringNotLike,
        BaseOperator::NumericEquals,
        BaseOperator::NumericNotEquals,
        BaseOperator::NumericLessThan,
        BaseOperator::NumericLessThanEquals,
        BaseOperator::NumericGreaterThan,
        BaseOperator::NumericGreaterThanEquals,
        BaseOperator::DateEquals,
        BaseOperator::DateNotEquals,
        BaseOperator::DateLessThan,
        BaseOperator::DateLessThanEquals,
        BaseOperator::DateGreaterThan,
        BaseOperator::DateGreaterThanEquals,
        BaseOperator::Bool,
        BaseOperator::BinaryEquals,
        BaseOperator::IpAddress,
        BaseOperator::NotIpAddress,
        BaseOperator::ArnEquals,
        BaseOperator::ArnLike,
        BaseOperator::ArnNotEquals,
        BaseOperator::ArnNotLike,
        BaseOperator::Null,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BaseOperator::StringEquals => "StringEquals",
            BaseOperator::StringNotEquals => "StringNotEquals",
            BaseOperator::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            BaseOperator::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            BaseOperator::StringLike => "StringLike",
            BaseOperator::StringNotLike => "StringNotLike",
            BaseOperator::NumericEquals => "NumericEquals",
            BaseOperator::NumericNotEquals => "NumericNotEquals",
            BaseOperator::NumericLessThan => "NumericLessThan",
            BaseOperator::NumericLessThanEquals => "NumericLessThanEquals",
            BaseOperator::NumericGreaterThan => "NumericGreaterThan",
            BaseOperator::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            BaseOperator::DateEquals => "DateEquals",
            BaseOperator::DateNotEquals => "DateNotEquals",
            BaseOperator::DateLessThan => "DateLessThan",
            BaseOperator::DateLessThanEquals => "DateLessThanEquals",
            BaseOperator::DateGreaterThan => "DateGreaterThan",
            BaseOperator::DateGreaterThanEquals => "DateGreaterThanEquals",
            BaseOperator::Bool => "Bool",
            BaseOperator::BinaryEquals => "BinaryEquals",
            BaseOperator::IpAddress => "IpAddress",
            BaseOperator::NotIpAddress => "NotIpAddress",
            BaseOperator::ArnEquals => "ArnEquals",
            BaseOperator::ArnLike => "ArnLike",
            BaseOperator::ArnNotEquals => "ArnNotEquals",
            BaseOperator::ArnNotLike => "ArnNotLike",
            BaseOperator::Null => "Null",
        }
    }

    /// Negated operators are true when no request value matches any policy value, and
    /// true when the key is missing.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            BaseOperator::StringNotEquals
                | BaseOperator::StringNotEqualsIgnoreCase
                | BaseOperator::StringNotLike
                | BaseOperator::NumericNotEquals
                | BaseOperator::DateNotEquals
                | BaseOperator::NotIpAddress
                | BaseOperator::ArnNotEquals
                | BaseOperator::ArnNotLike
        )
    }

    /// Whether policy variables are substituted in this operator's values.
    pub fn supports_variables(self) -> bool {
        matches!(
            self,
            BaseOperator::StringEquals
                | BaseOperator::StringNotEquals
                | BaseOperator::StringEqualsIgnoreCase
                | BaseOperator::StringNotEqualsIgnoreCase
                | BaseOperator::StringLike
                | BaseOperator::StringNotLike
                | BaseOperator::ArnEquals
                | BaseOperator::ArnLike
                | BaseOperator::ArnNotEquals
                | BaseOperator::ArnNotLike
        )
    }
}

/// A full condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    /// As written in the policy.
    pub name: String,
    pub set: Option<SetOperator>,
    pub base: BaseOperator,
    pub if_exists: bool,
}

impl Operator {
    /// Parses an operator name (case-sensitive, as IAM does).
    pub fn parse(name: &str) -> Option<Operator> {
        let (set, rest) = if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Some(SetOperator::ForAnyValue), r)
        } else if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Some(SetOperator::ForAllValues), r)
        } else {
            (None, name)
        };
        let (if_exists, base_name) = match rest.strip_suffix("IfExists") {
            Some(b) => (true, b),
            None => (false, rest),
        };
        let base = BaseOperator::ALL
            .into_iter()
            .find(|b| b.name() == base_name)?;
        // `NullIfExists` is meaningless and rejected.
        if base == BaseOperator::Null && (if_exists || set.is_some()) {
            return None;
        }
        Some(Operator {
            name: name.to_string(),
            set,
            base,
            if_exists,
        })
    }
}

/// One operator + key test, e.g. `StringEquals` `kms:ViaService` `[kinesis.…]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub operator: Operator,
    /// The key as written.
    pub key: String,
    /// The key lower-cased (condition key names are case-insensitive).
    pub key_lower: String,
    pub values: Vec<ConditionValue>,
    pub pos: Pos,
    pub path: String,
}

/// One policy value of a condition.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionValue {
    /// The value as written (JSON numbers and booleans as their text).
    pub text: String,
    pub template: Template,
    /// Pre-compiled form for the operator, when the value has no variables.
    pub compiled: Compiled,
    pub pos: Pos,
}
