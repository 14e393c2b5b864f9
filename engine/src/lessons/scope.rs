//! What a lesson lets the learner change: the places (RFC 6901 pointers) where two scenario
//! documents differ, and whether each lies inside the lesson's editable pointers. Used by
//! `lessons check` (the solution and the shortcuts change only editable parts) and by the
//! lesson editors (a value that changes a read-only part, such as lesson 13's existing
//! objects, is refused).

use serde_json::Value;

/// Escapes one reference token (RFC 6901: `~` → `~0`, `/` → `~1`).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The deepest pointers at which `a` and `b` differ: a member or element added, removed or
/// changed; an array whose length changed is reported as a whole.
pub fn changed(a: &Value, b: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(a, b, String::new(), &mut out);
    out
}

fn walk(a: &Value, b: &Value, at: String, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let here = format!("{at}/{}", token(k));
                match y.get(k) {
                    Some(vb) => walk(va, vb, here, out),
                    None => out.push(here),
                }
            }
            for k in y.keys().filter(|k| !x.contains_key(*k)) {
                out.push(format!("{at}/{}", token(k)));
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                walk(va, vb, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at),
    }
}

/// Whether `pointer` is `scope` or lies below it.
pub fn inside(pointer: &str, scope: &str) -> bool {
    pointer == scope
        || (pointer.starts_with(scope) && pointer[scope.len()..].starts_with('/'))
        || scope.is_empty()
}

/// The changes from `before` to `after` that lie outside every pointer of `editable`.
pub fn outside(before: &Value, after: &Value, editable: &[String]) -> Vec<String> {
    changed(before, after)
        .into_iter()
        .filter(|p| !editable.iter().any(|e| inside(p, e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_are_reported_at_their_deepest_place() {
        let a = json!({"a": {"b": 1, "c": [1, 2]}, "d/e": 0});
        let b = json!({"a": {"b": 2, "c": [1, 2, 3]}, "d/e": 0, "f": true});
        assert_eq!(changed(&a, &b), vec!["/a/b", "/a/c", "/f"]);
        assert_eq!(
            changed(&json!({"d/e": 1}), &json!({"d/e": 2})),
            vec!["/d~1e"]
        );
        assert!(changed(&a, &a).is_empty());
    }

    #[test]
    fn a_change_is_inside_its_scope_and_not_beside_it() {
        assert!(inside("/buckets/0/policy", "/buckets/0"));
        assert!(inside("/events", "/events"));
        assert!(!inside("/events2", "/events"));
        assert!(!inside("/buckets/0", "/buckets/0/policy"));
        let a = json!({"events": [], "buckets": [{"existing_objects": [{"sse": "NONE"}]}]});
        let b = json!({"events": [1], "buckets": [{"existing_objects": [{"sse": "aws:kms"}]}]});
        assert_eq!(
            outside(&a, &b, &["/events".into()]),
            vec!["/buckets/0/existing_objects/0/sse"]
        );
    }
}
