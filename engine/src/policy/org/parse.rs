//! An organization as `eval` takes it, with located errors:
//!
//! ```json
//! {"id": "o-a1b2c3d4e5", "root_id": "r-ab12", "management_account": "111111111111",
//!  "ous": [{"id": "ou-ab12-11111111", "name": "Workloads", "parent": null}],
//!  "accounts": [{"id": "222222222222", "name": "workload", "parent": "ou-ab12-11111111"}],
//!  "scps": {"root": [policy, …], "ou-ab12-11111111": […], "222222222222": […]},
//!  "rcps": {"root": […]}}
//! ```
//!
//! `parent` is an OU id, or null / absent for the root. Policies are given as `eval` takes
//! them (a policy, or `{"name", "policy"}`). The management account must be one of the
//! accounts. The ids' shapes are checked only as far as the model needs them: accounts are
//! 12 digits, OU ids start with `ou-`.

use super::{Account, Organization, Ou};
use crate::policy::json::{Node, Value};
use crate::policy::{is_account_id, PolicyError};

/// At most this many OUs and accounts are read (AWS's own quota is 2,000 OUs; the bound
/// keeps a pasted document from making the model's lookups unbounded).
pub const MAX_ENTRIES: usize = 2000;

/// How deep OUs may nest under the root.
pub const MAX_OU_DEPTH: usize = 5;

fn err(pos: crate::policy::json::Pos, path: &str, msg: impl Into<String>) -> PolicyError {
    PolicyError::at(pos, path, msg.into())
}

fn string(
    node: &Node,
    key: &str,
    path: &str,
    required: bool,
) -> Result<Option<String>, PolicyError> {
    match node.get(key) {
        None if required => Err(err(
            node.pos,
            path,
            format!("missing required field \"{key}\""),
        )),
        None => Ok(None),
        Some(m) => match &m.value.value {
            Value::String(s) => Ok(Some(s.clone())),
            Value::Null if !required => Ok(None),
            _ => Err(err(
                m.value.pos,
                &format!("{path}.{key}"),
                "expected a string",
            )),
        },
    }
}

fn only(node: &Node, path: &str, keys: &[&str]) -> Result<(), PolicyError> {
    let members = node
        .as_object()
        .ok_or_else(|| err(node.pos, path, "expected an object"))?;
    for m in members {
        if !keys.contains(&m.key.as_str()) {
            return Err(err(
                m.key_pos,
                &format!("{path}.{}", m.key),
                format!(
                    "unknown field \"{}\"; expected one of {}",
                    m.key,
                    keys.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn array<'a>(node: &'a Node, key: &str, path: &str) -> Result<&'a [Node], PolicyError> {
    match node.get(key).map(|m| &m.value) {
        None => Ok(&[]),
        Some(Node {
            value: Value::Array(items),
            ..
        }) if items.len() <= MAX_ENTRIES => Ok(items),
        Some(
            n @ Node {
                value: Value::Array(_),
                ..
            },
        ) => Err(err(
            n.pos,
            &format!("{path}.{key}"),
            format!("at most {MAX_ENTRIES} entries"),
        )),
        Some(n) => Err(err(n.pos, &format!("{path}.{key}"), "expected an array")),
    }
}

/// Reads one list of policies: the node, its path, the default name prefix.
pub type PolicyListReader<'a> =
    &'a dyn Fn(&Node, &str, &str) -> Result<Vec<crate::policy::NamedPolicy>, PolicyError>;

/// Parses the `organization` of an `eval` input; `policies` reads one list of policies.
pub fn parse_organization(
    node: &Node,
    path: &str,
    policies: PolicyListReader<'_>,
) -> Result<Organization, PolicyError> {
    only(
        node,
        path,
        &[
            "id",
            "root_id",
            "management_account",
            "ous",
            "accounts",
            "scps",
            "rcps",
        ],
    )?;
    let id = string(node, "id", path, true)?.unwrap_or_default();
    if !id.starts_with("o-") {
        let pos = node.get("id").map_or(node.pos, |m| m.value.pos);
        return Err(err(
            pos,
            &format!("{path}.id"),
            "an organization id starts with \"o-\"",
        ));
    }
    let root_id = string(node, "root_id", path, false)?.unwrap_or_else(|| "r-root".into());
    let management_account = string(node, "management_account", path, true)?.unwrap_or_default();
    let mut ous = Vec::new();
    for (i, n) in array(node, "ous", path)?.iter().enumerate() {
        let p = format!("{path}.ous[{i}]");
        only(n, &p, &["id", "name", "parent"])?;
        let id = string(n, "id", &p, true)?.unwrap_or_default();
        if !id.starts_with("ou-") {
            return Err(err(
                n.pos,
                &format!("{p}.id"),
                "an OU id starts with \"ou-\"",
            ));
        }
        ous.push(Ou {
            name: string(n, "name", &p, false)?.unwrap_or_else(|| id.clone()),
            parent: string(n, "parent", &p, false)?,
            id,
        });
    }
    let mut accounts = Vec::new();
    for (i, n) in array(node, "accounts", path)?.iter().enumerate() {
        let p = format!("{path}.accounts[{i}]");
        only(n, &p, &["id", "name", "parent"])?;
        let id = string(n, "id", &p, true)?.unwrap_or_default();
        if !is_account_id(&id) {
            return Err(err(
                n.pos,
                &format!("{p}.id"),
                "expected a 12-digit account id",
            ));
        }
        accounts.push(Account {
            name: string(n, "name", &p, false)?.unwrap_or_else(|| id.clone()),
            parent: string(n, "parent", &p, false)?,
            id,
        });
    }
    let mut org = Organization {
        id,
        root_id,
        management_account,
        ous,
        accounts,
        ..Organization::default()
    };
    // Every parent is an OU of the organization.
    for (what, list) in [
        (
            "ous",
            org.ous.iter().map(|o| o.parent.clone()).collect::<Vec<_>>(),
        ),
        (
            "accounts",
            org.accounts.iter().map(|a| a.parent.clone()).collect(),
        ),
    ] {
        for (i, parent) in list.iter().enumerate() {
            if let Some(p) = parent {
                if org.ou(p).is_none() {
                    return Err(err(
                        node.pos,
                        &format!("{path}.{what}[{i}].parent"),
                        format!("\"{p}\" is not one of the organization's OUs"),
                    ));
                }
            }
        }
    }
    // OUs nest at most five levels under the root ("Quotas and service limits for AWS
    // Organizations"); a longer chain is a cycle or too deep.
    for (i, ou) in org.ous.iter().enumerate() {
        let mut next = ou.parent.as_deref();
        let mut depth = 1;
        while let Some(id) = next {
            depth += 1;
            if depth > MAX_OU_DEPTH {
                return Err(err(
                    node.pos,
                    &format!("{path}.ous[{i}].parent"),
                    format!("OUs nest at most {MAX_OU_DEPTH} levels under the root; these parents form a cycle or a deeper chain"),
                ));
            }
            next = org.ou(id).and_then(|o| o.parent.as_deref());
        }
    }
    if org.account(&org.management_account).is_none() {
        let pos = node
            .get("management_account")
            .map_or(node.pos, |m| m.value.pos);
        return Err(err(
            pos,
            &format!("{path}.management_account"),
            "the management account must be one of the organization's accounts",
        ));
    }
    for key in ["scps", "rcps"] {
        let Some(m) = node.get(key) else { continue };
        let p = format!("{path}.{key}");
        let members = m.value.as_object().ok_or_else(|| {
            err(
                m.value.pos,
                &p,
                "expected an object: {\"root\" | OU id | account id: [policies]}",
            )
        })?;
        for a in members {
            let known = a.key == "root"
                || a.key == org.root_id
                || org.ou(&a.key).is_some()
                || org.account(&a.key).is_some();
            let target = if known {
                org.target(&a.key)
            } else {
                return Err(err(
                    a.key_pos,
                    &format!("{p}.{}", a.key),
                    format!(
                        "\"{}\" is not \"root\", an OU or an account of the organization",
                        a.key
                    ),
                ));
            };
            let prefix = if key == "scps" { "SCP" } else { "RCP" };
            let list = policies(&a.value, &format!("{p}.{}", a.key), prefix)?;
            let map = if key == "scps" {
                &mut org.scps
            } else {
                &mut org.rcps
            };
            map.insert(target, list);
        }
    }
    Ok(org)
}
