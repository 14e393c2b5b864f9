//! The JSON of the statements fixes add, least privilege: the denied action only, the
//! exact resource ARN (a pattern only where the caller says the resource varies, such as
//! the objects Firehose writes), `"Resource": "*"` in a key policy (a key policy's
//! resource is always the key itself), and the seed stack's style of conditions.

use serde_json::{json, Map, Value};

use super::super::arn::{PrincipalInfo, PrincipalShape};
use super::world::statements;

/// A condition a new statement carries: `operator` (`StringEquals`, `StringLike`), key,
/// value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionSpec {
    pub operator: String,
    pub key: String,
    pub value: String,
}

impl ConditionSpec {
    pub fn new(operator: &str, key: &str, value: &str) -> Self {
        ConditionSpec {
            operator: operator.into(),
            key: key.into(),
            value: value.into(),
        }
    }
}

/// The `Condition` block of `conditions` (operators in first-seen order), or `None`.
pub fn condition_block(conditions: &[ConditionSpec]) -> Option<Value> {
    if conditions.is_empty() {
        return None;
    }
    let mut block = Map::new();
    for c in conditions {
        let entry = block
            .entry(c.operator.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(c.key.clone(), Value::String(c.value.clone()));
        }
    }
    Some(Value::Object(block))
}

/// `{"AWS": …}` or `{"Service": …}` naming the caller of `principal` as a policy would:
/// a role session by its role's ARN (which covers every session of the role).
pub fn principal_element(principal: &str) -> Value {
    let p = PrincipalInfo::parse(principal);
    match p.kind {
        PrincipalShape::Service => json!({ "Service": principal }),
        _ => {
            let arn = p
                .principal_arn()
                .map(|a| a.into_owned())
                .unwrap_or_else(|| principal.to_string());
            json!({ "AWS": arn })
        }
    }
}

/// The name texts give the caller: a role session's role name, else the ARN.
pub fn principal_label(principal: &str) -> String {
    let p = PrincipalInfo::parse(principal);
    match p.kind {
        PrincipalShape::AssumedRole { role, .. } | PrincipalShape::Role { name: role } => {
            role.to_string()
        }
        PrincipalShape::User { name } => name.to_string(),
        _ => principal.to_string(),
    }
}

/// A statement from its parts, in the order AWS's examples write them.
fn statement(
    sid: &str,
    principal: Option<Value>,
    action: &str,
    resource: Option<&str>,
    conditions: &[ConditionSpec],
) -> Value {
    let mut m = Map::new();
    m.insert("Sid".into(), json!(sid));
    m.insert("Effect".into(), json!("Allow"));
    if let Some(p) = principal {
        m.insert("Principal".into(), p);
    }
    m.insert("Action".into(), json!(action));
    if let Some(r) = resource {
        m.insert("Resource".into(), json!(r));
    }
    if let Some(c) = condition_block(conditions) {
        m.insert("Condition".into(), c);
    }
    Value::Object(m)
}

/// An identity-policy statement: the action on the resource (pattern).
pub fn identity_statement(
    sid: &str,
    action: &str,
    resource: &str,
    conditions: &[ConditionSpec],
) -> Value {
    statement(sid, None, action, Some(resource), conditions)
}

/// A key-policy statement naming the caller: `"Resource": "*"`, as key policies have.
pub fn key_statement(
    sid: &str,
    principal: &str,
    action: &str,
    conditions: &[ConditionSpec],
) -> Value {
    let p = principal_element(principal);
    statement(sid, Some(p), action, Some("*"), conditions)
}

/// A resource-policy statement (bucket policy, cross-account resource policy).
pub fn resource_statement(
    sid: &str,
    principal: &str,
    action: &str,
    resource: &str,
    conditions: &[ConditionSpec],
) -> Value {
    let p = principal_element(principal);
    statement(sid, Some(p), action, Some(resource), conditions)
}

/// A trust-policy statement: who may assume the role (no `Resource`: the role is it).
pub fn trust_statement(
    sid: &str,
    principal: &str,
    action: &str,
    conditions: &[ConditionSpec],
) -> Value {
    let p = principal_element(principal);
    statement(sid, Some(p), action, None, conditions)
}

/// An Allow statement of `doc` that `new` could join instead of being added: the same
/// principal, resource and conditions, a plain `Action` — and that statement with `new`'s
/// action added (index, statement).
pub fn mergeable(doc: &Value, new: &Value) -> Option<(usize, Value)> {
    let action = new.get("Action")?.as_str()?;
    let same = |s: &Value, key: &str| s.get(key) == new.get(key);
    statements(doc).iter().enumerate().find_map(|(i, s)| {
        let plain = s.get("Effect").and_then(Value::as_str) == Some("Allow")
            && ["NotAction", "NotResource", "NotPrincipal"]
                .iter()
                .all(|k| s.get(*k).is_none());
        if !plain
            || !["Principal", "Resource", "Condition"]
                .iter()
                .all(|k| same(s, k))
        {
            return None;
        }
        let mut list = match s.get("Action")? {
            Value::String(a) => vec![Value::String(a.clone())],
            Value::Array(a) => a.clone(),
            _ => return None,
        };
        if list
            .iter()
            .any(|a| a.as_str().is_some_and(|a| a.eq_ignore_ascii_case(action)))
        {
            return None;
        }
        list.push(Value::String(action.to_string()));
        let mut merged = s.clone();
        merged
            .as_object_mut()?
            .insert("Action".into(), Value::Array(list));
        Some((i, merged))
    })
}

/// A new policy document holding `statement`.
pub fn document(statement: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": [statement]})
}

/// A statement id from words (letters and digits only, as IAM requires), unique among the
/// Sids of `doc`.
pub fn sid(doc: Option<&Value>, words: &[&str]) -> String {
    let mut base = String::new();
    // Long names (an ARN) make unreadable ids: only short names are part of one.
    for w in words.iter().filter(|w| w.len() <= 40 && !w.contains(':')) {
        let mut upper = true;
        for c in w.chars() {
            if c.is_ascii_alphanumeric() {
                base.push(if upper { c.to_ascii_uppercase() } else { c });
                upper = false;
            } else {
                upper = true;
            }
        }
    }
    base.truncate(100);
    let taken: Vec<String> = doc
        .map(statements)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s.get("Sid").and_then(Value::as_str).map(str::to_string))
        .collect();
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}{n}");
        n += 1;
    }
    candidate
}

/// The operation name of an action (`kms:GenerateDataKey` → `GenerateDataKey`).
pub fn operation(action: &str) -> &str {
    action.split_once(':').map_or(action, |(_, op)| op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids_are_alphanumeric_and_unique() {
        let doc = json!({"Statement": [{"Sid": "AllowGenerateDataKey"}]});
        assert_eq!(
            sid(Some(&doc), &["allow", "GenerateDataKey"]),
            "AllowGenerateDataKey2"
        );
        assert_eq!(sid(None, &["lambda.amazonaws.com"]), "LambdaAmazonawsCom");
    }

    #[test]
    fn sessions_are_named_by_their_role() {
        let s = "arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/DataSourceLambda";
        assert_eq!(
            principal_element(s),
            json!({"AWS": "arn:aws:iam::123456789012:role/DataSourceLambdaRole"})
        );
        assert_eq!(principal_label(s), "DataSourceLambdaRole");
        assert_eq!(
            principal_element("lambda.amazonaws.com"),
            json!({"Service": "lambda.amazonaws.com"})
        );
    }
}
