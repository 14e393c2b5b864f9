//! An AWS Organizations model: accounts, a tree of organizational units (OUs) under the
//! root, and SCPs and RCPs attached at the root, an OU or an account. From it come the
//! policy levels a request is evaluated against ([`Organization::scp_levels`],
//! [`Organization::rcp_levels`]: root → OUs → account, as the AWS Organizations User Guide's
//! "SCP evaluation" and "RCP evaluation" describe) and the condition keys an organization
//! makes meaningful ([`Organization::request_keys`], from the IAM User Guide's "AWS global
//! condition context keys").
//!
//! It lives in `policy` because `eval` (and the fixes that re-run it) read an organization
//! as part of their input; the simulation's side is the engine's top-level `org` module (issue [6/6]'s code split:
//! only a scenario that declares an organization uses either).

mod keys;
mod parse;
mod set;

pub use keys::{is_service_principal, principal_account, resource_account, Caller, OrgKeys};
pub use parse::{parse_organization, PolicyListReader, MAX_ENTRIES, MAX_OU_DEPTH};
pub use set::{OrgDoc, OrgKind, OrgSet};

use super::NamedPolicy;
use std::collections::BTreeMap;

/// Where a policy is attached, or where an account or OU sits.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Root,
    Ou(String),
    Account(String),
}

/// An organizational unit: its id (`ou-…`), name and parent (`None`: the root).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ou {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
}

/// A member (or the management) account: its id, name and the OU it is in (`None`: the root).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
}

/// An organization.
#[derive(Clone, Debug, Default)]
pub struct Organization {
    /// `o-…`.
    pub id: String,
    /// `r-…`.
    pub root_id: String,
    pub management_account: String,
    pub ous: Vec<Ou>,
    pub accounts: Vec<Account>,
    /// SCPs by where they are attached, in attachment order.
    pub scps: BTreeMap<Target, Vec<NamedPolicy>>,
    /// RCPs by where they are attached.
    pub rcps: BTreeMap<Target, Vec<NamedPolicy>>,
}

/// Policies of one type in levels: all of them root first, and how many each level holds
/// (the shape [`crate::policy::PolicySet::with_scp_levels`] takes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Levels {
    pub policies: Vec<NamedPolicy>,
    pub sizes: Vec<usize>,
    /// How texts name each level that is an OU (`OU Prod (ou-…)`); `None` for the root and
    /// the account, which their depth already names.
    pub names: Vec<Option<String>>,
}

/// OUs deeper than this are not followed (AWS allows five levels of OUs under the root;
/// the bound also stops a cycle in a hand-written tree).
const MAX_DEPTH: usize = 8;

impl Organization {
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    pub fn ou(&self, id: &str) -> Option<&Ou> {
        self.ous.iter().find(|o| o.id == id)
    }

    /// The OUs from the root down to `account` (outermost first); `None` when the account
    /// is not in the organization.
    pub fn ou_chain(&self, account: &str) -> Option<Vec<&Ou>> {
        let mut chain = Vec::new();
        let mut next = self.account(account)?.parent.as_deref();
        while let Some(id) = next {
            if chain.len() >= MAX_DEPTH {
                break;
            }
            let ou = self.ou(id)?;
            chain.push(ou);
            next = ou.parent.as_deref();
        }
        chain.reverse();
        Some(chain)
    }

    /// The account's organization path as `aws:PrincipalOrgPaths` and
    /// `aws:ResourceOrgPaths` carry it: `o-…/r-…/ou-…/…/` (IAM User Guide, "AWS global
    /// condition context keys").
    pub fn org_path(&self, account: &str) -> Option<String> {
        let chain = self.ou_chain(account)?;
        let mut path = format!("{}/{}/", self.id, self.root_id);
        for ou in chain {
            path.push_str(&ou.id);
            path.push('/');
        }
        Some(path)
    }

    /// What a key of the `scps` / `rcps` maps names: `root` (or the root's id), an OU or
    /// an account (the reader accepts no other key).
    pub fn target(&self, key: &str) -> Target {
        if key == "root" || key == self.root_id {
            Target::Root
        } else if self.ou(key).is_some() {
            Target::Ou(key.to_string())
        } else {
            Target::Account(key.to_string())
        }
    }

    /// The levels from the root to `account`: the root, each OU, the account.
    pub fn levels_of(&self, account: &str) -> Option<Vec<Target>> {
        self.targets(account)
    }

    /// The levels from the root to `account`: the root, each OU, the account.
    fn targets(&self, account: &str) -> Option<Vec<Target>> {
        let chain = self.ou_chain(account)?;
        let mut out = vec![Target::Root];
        out.extend(chain.into_iter().map(|o| Target::Ou(o.id.clone())));
        out.push(Target::Account(account.to_string()));
        Some(out)
    }

    fn levels(&self, attached: &BTreeMap<Target, Vec<NamedPolicy>>, account: &str) -> Levels {
        let mut out = Levels::default();
        for t in self.targets(account).unwrap_or_default() {
            let list = attached.get(&t).map(Vec::as_slice).unwrap_or_default();
            out.sizes.push(list.len());
            out.policies.extend(list.iter().cloned());
            out.names.push(match &t {
                Target::Ou(id) => Some(match self.ou(id) {
                    Some(ou) => format!("OU {} ({id})", ou.name),
                    None => format!("OU {id}"),
                }),
                _ => None,
            });
        }
        out
    }

    /// The SCPs that limit principals of `account`, by level (empty for an account outside
    /// the organization).
    pub fn scp_levels(&self, account: &str) -> Levels {
        self.levels(&self.scps, account)
    }

    /// The RCPs that limit resources of `account`, by level.
    pub fn rcp_levels(&self, account: &str) -> Levels {
        self.levels(&self.rcps, account)
    }
}

#[cfg(test)]
mod tests;
