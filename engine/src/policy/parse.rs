//! Turns located JSON into the typed [`Policy`] model, with errors that say where and what
//! was expected.

use super::arn::ArnGlob;
use super::condition::compile;
use super::json::{self, Member, Node, Pos, Value};
use super::model::*;
use super::variables::Template;
use super::wildcard::Glob;
use crate::text::Text;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// A located parse error. The message is in English (what the CLI prints, the JSON carries
/// and [`fmt::Display`] shows) and Japanese (for the UI; empty when only English exists).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyError {
    #[serde(serialize_with = "crate::text::serialize_en")]
    pub message: Text,
    pub line: usize,
    pub column: usize,
    /// JSON path of the offending element, e.g. `Statement[1].Condition`; empty for the root.
    pub path: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.located_text().en())
    }
}

impl std::error::Error for PolicyError {}

impl PolicyError {
    /// An error with an English message only (the CLI's own input errors).
    pub fn at(pos: Pos, path: &str, message: impl Into<Cow<'static, str>>) -> Self {
        PolicyError::with_text(pos, path, Text::en_only(message))
    }

    /// An error with an English and a Japanese message.
    // Not inlined: the parser calls it from many places, and a call is smaller in Wasm.
    #[inline(never)]
    pub fn localized(
        pos: Pos,
        path: &str,
        en: impl Into<Cow<'static, str>>,
        ja: impl Into<Cow<'static, str>>,
    ) -> Self {
        PolicyError::with_text(pos, path, Text::new(en, ja))
    }

    fn with_text(pos: Pos, path: &str, message: Text) -> Self {
        PolicyError {
            message,
            line: pos.line,
            column: pos.column,
            path: path.to_string(),
        }
    }

    /// The located message in a language: the [`fmt::Display`] text in English,
    /// `3 行 13 列 (Statement[1].Effect): …` in Japanese.
    pub fn located(&self, lang: &str) -> String {
        self.located_text().get(lang).to_string()
    }

    fn located_text(&self) -> Text {
        self.message.at_position(self.line, self.column, &self.path)
    }
}

impl From<json::SyntaxError> for PolicyError {
    fn from(e: json::SyntaxError) -> Self {
        PolicyError::localized(
            e.pos,
            &json::path_string(&e.path),
            format!("invalid JSON: {}", e.message.en()),
            format!("JSON が無効です: {}", e.message.ja()),
        )
    }
}

/// Joins JSON path components.
pub fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// What was found, for "expected X, found Y": the value itself for scalars, else its kind.
/// The Japanese is padded with spaces where it is not Japanese, so that templates write
/// `指定された値は{}です` and get both `…は "allow" です` and `…は配列です`.
fn found(node: &Node) -> Text {
    let literal = match &node.value {
        Value::String(s) => format!("\"{}\"", truncate(s)),
        Value::Number(n) => n.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        other => return other.kind(),
    };
    Text::new(literal.clone(), format!(" {literal} "))
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 60 {
        let mut t: String = s.chars().take(57).collect();
        t.push_str("...");
        t
    } else {
        s.to_string()
    }
}

/// Shorthand for a located error in both languages.
fn err(
    pos: Pos,
    path: &str,
    en: impl Into<Cow<'static, str>>,
    ja: impl Into<Cow<'static, str>>,
) -> PolicyError {
    PolicyError::localized(pos, path, en, ja)
}

/// Parses a policy document.
pub fn parse_policy(src: &str) -> Result<Policy, PolicyError> {
    let node = json::parse(src)?;
    let mut p = parse_policy_node(&node, "")?;
    p.source = src.to_string();
    Ok(p)
}

const TOP_KEYS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_KEYS: [&str; 11] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
    // Accepted and ignored by AWS in some resource policies; kept for compatibility.
    "Id",
    "Version",
];

/// Parses a policy from an already-parsed JSON node; `prefix` is prepended to error paths
/// (used when the policy is embedded in a larger document, like the CLI input).
pub fn parse_policy_node(node: &Node, prefix: &str) -> Result<Policy, PolicyError> {
    let members = node.as_object().ok_or_else(|| {
        err(
            node.pos,
            prefix,
            format!(
                "expected a policy object {{\"Version\": …, \"Statement\": …}}, found {}",
                node.value.kind().en()
            ),
            format!(
                "ポリシーのオブジェクト {{\"Version\": …, \"Statement\": …}} が必要ですが、指定された値は{}です",
                node.value.kind().ja()
            ),
        )
    })?;
    for m in members {
        if !TOP_KEYS.contains(&m.key.as_str()) {
            let key = truncate(&m.key);
            return Err(err(
                m.key_pos,
                &join(prefix, &m.key),
                format!("unknown policy element \"{key}\"; expected Version, Id or Statement"),
                format!("ポリシー要素 \"{key}\" は不明です。Version、Id、Statement のいずれかを指定してください"),
            ));
        }
    }
    let version = match node.get("Version") {
        None => None,
        Some(m) => {
            let path = join(prefix, "Version");
            match m.value.as_str() {
                Some(v @ ("2012-10-17" | "2008-10-17")) => Some(v.to_string()),
                _ => {
                    let f = found(&m.value);
                    return Err(err(
                        m.value.pos,
                        &path,
                        format!("expected \"2012-10-17\" or \"2008-10-17\", found {}", f.en()),
                        format!(
                            "\"2012-10-17\" または \"2008-10-17\" が必要ですが、指定された値は{}です",
                            f.ja()
                        ),
                    ));
                }
            }
        }
    };
    let id = match node.get("Id") {
        None => None,
        Some(m) => Some(string(&m.value, &join(prefix, "Id"))?.to_string()),
    };
    let vars = version.as_deref() == Some("2012-10-17");
    let Some(st) = node.get("Statement") else {
        return Err(err(
            node.pos,
            prefix,
            "missing required element \"Statement\"",
            "必須の要素 \"Statement\" がありません",
        ));
    };
    let st_path = join(prefix, "Statement");
    let mut statements = Vec::new();
    match &st.value.value {
        Value::Object(_) => statements.push(parse_statement(&st.value, 0, &st_path, vars)?),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                statements.push(parse_statement(item, i, &format!("{st_path}[{i}]"), vars)?);
            }
        }
        _ => {
            let f = found(&st.value);
            return Err(err(
                st.value.pos,
                &st_path,
                format!(
                    "expected a statement object or an array of statements, found {}",
                    f.en()
                ),
                format!(
                    "ステートメントのオブジェクトまたはステートメントの配列が必要ですが、指定された値は{}です",
                    f.ja()
                ),
            ));
        }
    }
    Ok(Policy {
        version,
        id,
        statements,
        source: String::new(),
    })
}

fn string<'a>(node: &'a Node, path: &str) -> Result<&'a str, PolicyError> {
    node.as_str().ok_or_else(|| {
        let f = found(node);
        err(
            node.pos,
            path,
            format!("expected a string, found {}", f.en()),
            format!("文字列が必要ですが、指定された値は{}です", f.ja()),
        )
    })
}

/// A string or a list of strings (every element AWS accepts both ways).
fn string_list<'a>(node: &'a Node, path: &str) -> Result<Vec<(&'a str, Pos, String)>, PolicyError> {
    match &node.value {
        Value::String(s) => Ok(vec![(s.as_str(), node.pos, path.to_string())]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let p = format!("{path}[{i}]");
                string(n, &p).map(|s| (s, n.pos, p.clone()))
            })
            .collect(),
        _ => {
            let f = found(node);
            Err(err(
                node.pos,
                path,
                format!("expected a string or an array of strings, found {}", f.en()),
                format!(
                    "文字列または文字列の配列が必要ですが、指定された値は{}です",
                    f.ja()
                ),
            ))
        }
    }
}

fn parse_statement(
    node: &Node,
    index: usize,
    path: &str,
    vars: bool,
) -> Result<Statement, PolicyError> {
    let members = node.as_object().ok_or_else(|| {
        let f = found(node);
        err(
            node.pos,
            path,
            format!("expected a statement object, found {}", f.en()),
            format!(
                "ステートメントのオブジェクトが必要ですが、指定された値は{}です",
                f.ja()
            ),
        )
    })?;
    for m in members {
        if !STATEMENT_KEYS.contains(&m.key.as_str()) {
            let key = truncate(&m.key);
            return Err(err(
                m.key_pos,
                &join(path, &m.key),
                format!(
                    "unknown statement element \"{key}\"; expected one of Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition"
                ),
                format!(
                    "ステートメント要素 \"{key}\" は不明です。Sid、Effect、Principal、NotPrincipal、Action、NotAction、Resource、NotResource、Condition のいずれかを指定してください"
                ),
            ));
        }
    }
    let exclusive = |a: &str, b: &str| -> Result<Option<(&Member, bool)>, PolicyError> {
        match (node.get(a), node.get(b)) {
            (Some(_), Some(mb)) => Err(err(
                mb.key_pos,
                &join(path, b),
                format!("a statement cannot have both {a} and {b}"),
                format!("1 つのステートメントに {a} と {b} の両方を指定することはできません"),
            )),
            (Some(m), None) => Ok(Some((m, false))),
            (None, Some(m)) => Ok(Some((m, true))),
            (None, None) => Ok(None),
        }
    };
    let sid = match node.get("Sid") {
        None => None,
        Some(m) => Some(string(&m.value, &join(path, "Sid"))?.to_string()),
    };
    let effect =
        match node.get("Effect") {
            None => return Err(err(
                node.pos,
                path,
                "missing required element \"Effect\" (expected \"Allow\" or \"Deny\")",
                "必須の要素 \"Effect\" がありません (\"Allow\" または \"Deny\" を指定してください)",
            )),
            Some(m) => match m.value.as_str() {
                Some("Allow") => Effect::Allow,
                Some("Deny") => Effect::Deny,
                _ => {
                    let f = found(&m.value);
                    return Err(err(
                        m.value.pos,
                        &join(path, "Effect"),
                        format!("expected \"Allow\" or \"Deny\", found {}", f.en()),
                        format!(
                            "\"Allow\" または \"Deny\" が必要ですが、指定された値は{}です",
                            f.ja()
                        ),
                    ));
                }
            },
        };
    let principal = match exclusive("Principal", "NotPrincipal")? {
        None => None,
        Some((m, negated)) => Some(parse_principal(&m.value, negated, &join(path, &m.key))?),
    };
    let action = match exclusive("Action", "NotAction")? {
        None => {
            return Err(err(
                node.pos,
                path,
                "missing required element \"Action\" or \"NotAction\"",
                "必須の要素 \"Action\" または \"NotAction\" がありません",
            ))
        }
        Some((m, negated)) => {
            let p = join(path, &m.key);
            let mut patterns = Vec::new();
            for (text, pos, ppath) in string_list(&m.value, &p)? {
                if text != "*" && !text.contains(':') {
                    let text = truncate(text);
                    return Err(err(
                        pos,
                        &ppath,
                        format!(
                            "expected \"*\" or an action such as \"kms:Decrypt\" (service prefix, colon, action), found \"{text}\""
                        ),
                        format!(
                            "\"*\" または \"kms:Decrypt\" のようなアクション (サービスプレフィックス、コロン、アクション名) が必要ですが、指定された値は \"{text}\" です"
                        ),
                    ));
                }
                patterns.push(ActionPattern {
                    text: text.to_string(),
                    glob: Glob::new(text),
                    pos,
                    path: ppath,
                });
            }
            ActionElement {
                negated,
                patterns,
                pos: m.value.pos,
                path: p,
            }
        }
    };
    let resource = match exclusive("Resource", "NotResource")? {
        None => None,
        Some((m, negated)) => {
            let p = join(path, &m.key);
            let mut patterns = Vec::new();
            for (text, pos, ppath) in string_list(&m.value, &p)? {
                let template = Template::parse(text, vars);
                let compiled =
                    (!template.has_variables()).then(|| ArnGlob::from_glob(template.static_glob()));
                patterns.push(ResourcePattern {
                    text: text.to_string(),
                    template,
                    compiled,
                    pos,
                    path: ppath,
                });
            }
            Some(ResourceElement {
                negated,
                patterns,
                pos: m.value.pos,
                path: p,
            })
        }
    };
    let conditions = match node.get("Condition") {
        None => Vec::new(),
        Some(m) => parse_conditions(&m.value, &join(path, "Condition"), vars)?,
    };
    Ok(Statement {
        index,
        sid,
        effect,
        principal,
        action,
        resource,
        conditions,
        pos: node.pos,
        path: path.to_string(),
    })
}

fn parse_principal(
    node: &Node,
    negated: bool,
    path: &str,
) -> Result<PrincipalElement, PolicyError> {
    let value = match &node.value {
        Value::String(s) if s == "*" => PrincipalValue::Everyone,
        Value::Object(members) => {
            let mut entries = Vec::new();
            for m in members {
                let kind = match m.key.as_str() {
                    "AWS" => PrincipalKind::Aws,
                    "Service" => PrincipalKind::Service,
                    "Federated" => PrincipalKind::Federated,
                    "CanonicalUser" => PrincipalKind::CanonicalUser,
                    other => {
                        let t = truncate(other);
                        return Err(err(
                            m.key_pos,
                            &join(path, other),
                            format!(
                                "unknown principal type \"{t}\"; expected AWS, Service, Federated or CanonicalUser"
                            ),
                            format!(
                                "プリンシパルのタイプ \"{t}\" は不明です。AWS、Service、Federated、CanonicalUser のいずれかを指定してください"
                            ),
                        ));
                    }
                };
                let p = join(path, &m.key);
                for (text, pos, ppath) in string_list(&m.value, &p)? {
                    if kind == PrincipalKind::Aws
                        && text != "*"
                        && !text.starts_with("arn:")
                        && !super::arn::is_account_id(text)
                    {
                        let text = truncate(text);
                        return Err(err(
                            pos,
                            &ppath,
                            format!(
                                "expected \"*\", a 12-digit account id or an IAM ARN, found \"{text}\""
                            ),
                            format!(
                                "\"*\"、12 桁の AWS アカウント ID、または IAM ARN が必要ですが、指定された値は \"{text}\" です"
                            ),
                        ));
                    }
                    entries.push(PrincipalEntry {
                        kind,
                        value: text.to_string(),
                        pos,
                        path: ppath,
                    });
                }
            }
            PrincipalValue::Entries(entries)
        }
        _ => {
            let f = found(node);
            return Err(err(
                node.pos,
                path,
                format!(
                    "expected \"*\" or an object such as {{\"AWS\": \"arn:aws:iam::123456789012:root\"}}, found {}",
                    f.en()
                ),
                format!(
                    "\"*\" または {{\"AWS\": \"arn:aws:iam::123456789012:root\"}} のようなオブジェクトが必要ですが、指定された値は{}です",
                    f.ja()
                ),
            ));
        }
    };
    Ok(PrincipalElement {
        negated,
        value,
        pos: node.pos,
        path: path.to_string(),
    })
}

fn parse_conditions(node: &Node, path: &str, vars: bool) -> Result<Vec<Condition>, PolicyError> {
    let members = node.as_object().ok_or_else(|| {
        let f = found(node);
        err(
            node.pos,
            path,
            format!(
                "expected an object of condition operators such as {{\"StringEquals\": {{…}}}}, found {}",
                f.en()
            ),
            format!(
                "{{\"StringEquals\": {{…}}}} のような条件演算子のオブジェクトが必要ですが、指定された値は{}です",
                f.ja()
            ),
        )
    })?;
    let mut out = Vec::new();
    for m in members {
        let op_path = join(path, &m.key);
        let Some(operator) = Operator::parse(&m.key) else {
            let key = truncate(&m.key);
            return Err(err(
                m.key_pos,
                &op_path,
                format!(
                    "unknown condition operator \"{key}\"; expected one such as StringEquals, StringLike, ArnLike, NumericLessThan, DateGreaterThan, Bool, IpAddress or Null, optionally with the ForAnyValue:/ForAllValues: prefix or the IfExists suffix"
                ),
                format!(
                    "条件演算子 \"{key}\" は不明です。StringEquals、StringLike、ArnLike、NumericLessThan、DateGreaterThan、Bool、IpAddress、Null などを指定してください (ForAnyValue:/ForAllValues: プレフィックスや IfExists サフィックスも付けられます)"
                ),
            ));
        };
        let keys = m.value.as_object().ok_or_else(|| {
            let f = found(&m.value);
            err(
                m.value.pos,
                &op_path,
                format!(
                    "expected an object of condition keys and values, found {}",
                    f.en()
                ),
                format!(
                    "条件キーと値のオブジェクトが必要ですが、指定された値は{}です",
                    f.ja()
                ),
            )
        })?;
        for k in keys {
            let key_path = join(&op_path, &k.key);
            let scalar = |n: &Node, p: &str| -> Result<String, PolicyError> {
                match &n.value {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(s) => Ok(s.clone()),
                    Value::Bool(b) => Ok(b.to_string()),
                    _ => {
                        let f = found(n);
                        Err(err(
                            n.pos,
                            p,
                            format!("expected a string, number or boolean, found {}", f.en()),
                            format!(
                                "文字列、数値、ブール値のいずれかが必要ですが、指定された値は{}です",
                                f.ja()
                            ),
                        ))
                    }
                }
            };
            let raw: Vec<(String, Pos)> = match &k.value.value {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| scalar(n, &format!("{key_path}[{i}]")).map(|s| (s, n.pos)))
                    .collect::<Result<_, _>>()?,
                _ => vec![(scalar(&k.value, &key_path)?, k.value.pos)],
            };
            let values = raw
                .into_iter()
                .map(|(text, pos)| {
                    let template = if operator.base.supports_variables() {
                        Template::parse(&text, vars)
                    } else {
                        Template::plain(&text)
                    };
                    let compiled = compile(operator.base, &text, &template);
                    ConditionValue {
                        text,
                        template,
                        compiled,
                        pos,
                    }
                })
                .collect();
            out.push(Condition {
                operator: operator.clone(),
                key: k.key.clone(),
                key_lower: k.key.to_ascii_lowercase(),
                values,
                pos: k.key_pos,
                path: key_path,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_errors() {
        let e = parse_policy("{\"Version\":\"2012-10-17\",\n\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},\n  {\"Effect\":\"allow\",\"Action\":\"*\"}]}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 13));
        assert_eq!(e.path, "Statement[1].Effect");
        assert!(e.to_string().starts_with(
            "line 3, column 13 (Statement[1].Effect): expected \"Allow\" or \"Deny\""
        ));
    }

    #[test]
    fn string_or_list() {
        let p = parse_policy(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*","Principal":{"AWS":"123456789012"},"Condition":{"Bool":{"aws:SecureTransport":true}}}}"#).unwrap();
        assert_eq!(p.statements.len(), 1);
        assert_eq!(p.statements[0].action.patterns.len(), 2);
        assert_eq!(p.statements[0].conditions[0].values[0].text, "true");
    }
}
