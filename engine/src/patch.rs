//! Document edits: RFC 6902 JSON Patch operations over a JSON document (RFC 6901 pointers
//! such as `/roles/0/inline_policies/0/document`). Lessons edit scenarios with them, and
//! the fixes the engine computes are written as them (on a scenario, or on an `eval` input).
//! A `test` operation guards an index (`{"op": "test", "path": "/roles/0/name", "value":
//! "DataSourceLambdaRole"}`), so an edit written for one document fails loudly rather than
//! editing the wrong element. It depends on nothing else in the engine, so every layer may
//! use it (`lessons::patch` is the same module).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// One JSON Patch operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Edit {
    /// Insert into an array (index or `-` for the end) or set an object member.
    Add {
        /// Target pointer.
        path: String,
        /// New value.
        value: Value,
    },
    /// Remove the target.
    Remove {
        /// Target pointer.
        path: String,
    },
    /// Replace the (existing) target.
    Replace {
        /// Target pointer.
        path: String,
        /// New value.
        value: Value,
    },
    /// Fail unless the target equals the value.
    Test {
        /// Target pointer.
        path: String,
        /// Expected value.
        value: Value,
    },
    /// Move a value.
    Move {
        /// Source pointer.
        from: String,
        /// Target pointer.
        path: String,
    },
    /// Copy a value.
    Copy {
        /// Source pointer.
        from: String,
        /// Target pointer.
        path: String,
    },
}

/// An edit that could not be applied: which one (0-based) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditError {
    /// Index of the failing edit.
    pub index: usize,
    /// The edit's pointer.
    pub path: String,
    /// Why.
    pub message: String,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "edit {} ({}): {}", self.index, self.path, self.message)
    }
}

/// Splits an RFC 6901 pointer into unescaped tokens.
pub fn tokens(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(format!("pointer {pointer:?} must start with '/'"));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn index(token: &str, len: usize, allow_end: bool) -> Result<usize, String> {
    if allow_end && token == "-" {
        return Ok(len);
    }
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return Err(format!("{token:?} is not an array index"));
    }
    let i: usize = token
        .parse()
        .map_err(|_| format!("{token:?} is not an array index"))?;
    let max = if allow_end {
        len
    } else {
        len.saturating_sub(1)
    };
    if i > max || (!allow_end && len == 0) {
        return Err(format!("index {i} is out of range (length {len})"));
    }
    Ok(i)
}

/// The value at a pointer.
pub fn get<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    let toks = tokens(pointer).ok()?;
    let mut node = doc;
    for t in &toks {
        node = match node {
            Value::Object(m) => m.get(t)?,
            Value::Array(a) => a.get(index(t, a.len(), false).ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn parent_mut<'a>(doc: &'a mut Value, toks: &[String]) -> Result<&'a mut Value, String> {
    let mut node = doc;
    for t in toks {
        node = match node {
            Value::Object(m) => m.get_mut(t).ok_or_else(|| format!("no member {t:?}"))?,
            Value::Array(a) => {
                let i = index(t, a.len(), false)?;
                a.get_mut(i)
                    .ok_or_else(|| format!("index {i} is out of range"))?
            }
            _ => return Err(format!("cannot descend into a scalar at {t:?}")),
        };
    }
    Ok(node)
}

fn add(doc: &mut Value, pointer: &str, value: Value) -> Result<(), String> {
    let toks = tokens(pointer)?;
    let Some((last, parents)) = toks.split_last() else {
        *doc = value;
        return Ok(());
    };
    match parent_mut(doc, parents)? {
        Value::Object(m) => {
            m.insert(last.clone(), value);
            Ok(())
        }
        Value::Array(a) => {
            let i = index(last, a.len(), true)?;
            a.insert(i, value);
            Ok(())
        }
        _ => Err("the parent is not an object or array".into()),
    }
}

fn remove(doc: &mut Value, pointer: &str) -> Result<Value, String> {
    let toks = tokens(pointer)?;
    let Some((last, parents)) = toks.split_last() else {
        return Err("cannot remove the whole document".into());
    };
    match parent_mut(doc, parents)? {
        Value::Object(m) => m.remove(last).ok_or_else(|| format!("no member {last:?}")),
        Value::Array(a) => {
            let i = index(last, a.len(), false)?;
            Ok(a.remove(i))
        }
        _ => Err("the parent is not an object or array".into()),
    }
}

fn apply_one(doc: &mut Value, edit: &Edit) -> Result<(), String> {
    match edit {
        Edit::Add { path, value } => add(doc, path, value.clone()),
        Edit::Remove { path } => remove(doc, path).map(|_| ()),
        Edit::Replace { path, value } => {
            let toks = tokens(path)?;
            let target = parent_mut(doc, &toks)?;
            *target = value.clone();
            Ok(())
        }
        Edit::Test { path, value } => match get(doc, path) {
            Some(v) if v == value => Ok(()),
            Some(v) => Err(format!("test failed: found {v}, expected {value}")),
            None => Err("test failed: no value at this path".into()),
        },
        Edit::Move { from, path } => {
            if path.starts_with(&format!("{from}/")) {
                return Err("cannot move a value into itself".into());
            }
            let v = remove(doc, from)?;
            add(doc, path, v)
        }
        Edit::Copy { from, path } => {
            let v = get(doc, from)
                .cloned()
                .ok_or_else(|| format!("no value at {from}"))?;
            add(doc, path, v)
        }
    }
}

impl Edit {
    /// The target pointer.
    pub fn path(&self) -> &str {
        match self {
            Edit::Add { path, .. }
            | Edit::Remove { path }
            | Edit::Replace { path, .. }
            | Edit::Test { path, .. }
            | Edit::Move { path, .. }
            | Edit::Copy { path, .. } => path,
        }
    }
}

/// Applies edits in order to a copy of `doc`; all or nothing.
pub fn apply(doc: &Value, edits: &[Edit]) -> Result<Value, EditError> {
    let mut out = doc.clone();
    for (i, e) in edits.iter().enumerate() {
        apply_one(&mut out, e).map_err(|message| EditError {
            index: i,
            path: e.path().to_string(),
            message,
        })?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patch_operations() {
        let doc = json!({"a": [1, 2], "b": {"c": "x"}});
        let edits: Vec<Edit> = serde_json::from_value(json!([
            {"op": "test", "path": "/b/c", "value": "x"},
            {"op": "add", "path": "/a/-", "value": 3},
            {"op": "add", "path": "/a/0", "value": 0},
            {"op": "remove", "path": "/a/1"},
            {"op": "replace", "path": "/b/c", "value": "y"},
            {"op": "copy", "from": "/b", "path": "/d"},
            {"op": "move", "from": "/d/c", "path": "/e"}
        ]))
        .unwrap_or_default();
        assert_eq!(edits.len(), 7);
        let out = apply(&doc, &edits).unwrap_or(Value::Null);
        assert_eq!(
            out,
            json!({"a": [0, 2, 3], "b": {"c": "y"}, "d": {}, "e": "y"})
        );
        let bad = [Edit::Remove {
            path: "/a/9".into(),
        }];
        assert!(apply(&doc, &bad).is_err());
        let bad = [Edit::Test {
            path: "/a/01".into(),
            value: json!(1),
        }];
        assert!(apply(&doc, &bad).is_err());
        assert!(get(&doc, "/zz/0").is_none());
    }
}
