//! An organization ready for requests: every account's SCP and RCP levels computed once,
//! and each attached policy's JSON with its place in the organization's JSON, so a fix can
//! edit it ([`OrgSet::replace`]) and write it back (`OrgDoc::pointer`). Used by the
//! simulation (every authorization) and by the fix finder's world.

use super::{parse_organization, Levels, Organization, Target};
use crate::policy::json::Node;
use crate::policy::{arn_account, NamedPolicy, PolicyError, PolicySet};
use serde_json::Value;
use std::collections::BTreeMap;

/// SCP or RCP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgKind {
    Scp,
    Rcp,
}

/// One attached policy: its kind, where it is attached and its JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgDoc {
    pub kind: OrgKind,
    pub target: Target,
    /// Its position among the policies of its kind attached at `target`.
    pub position: usize,
    /// JSON pointer of the policy document inside the organization's JSON
    /// (`/rcps/root/0/policy`).
    pub pointer: String,
    /// JSON pointer of its name, when the entry is `{"name", "policy"}`.
    pub name_pointer: Option<String>,
    /// The key of `scps` / `rcps` it is listed under (`root`, the root's id, an OU or
    /// account id), as the JSON writes it.
    pub key: String,
    pub name: String,
    pub json: Value,
}

/// An organization with every account's levels.
#[derive(Clone, Debug, Default)]
pub struct OrgSet {
    pub organization: Organization,
    /// SCP levels by account (only when the organization attaches SCPs anywhere: SCPs are
    /// then enabled, and a level with nothing attached denies everything).
    pub scps: BTreeMap<String, Levels>,
    /// RCP levels by account (only when it attaches RCPs anywhere).
    pub rcps: BTreeMap<String, Levels>,
    /// Every attached policy, SCPs then RCPs, in the JSON's order.
    pub docs: Vec<OrgDoc>,
}

fn policy_list(node: &Node, path: &str, default: &str) -> Result<Vec<NamedPolicy>, PolicyError> {
    crate::policy::cli::policy_list(node, path, default)
}

impl OrgSet {
    /// Reads an organization's JSON (the form `eval` takes); errors are located under
    /// `organization`.
    pub fn from_json(value: &Value) -> Result<OrgSet, PolicyError> {
        let node = crate::policy::json::parse(&value.to_string())?;
        let organization = parse_organization(&node, "organization", &policy_list)?;
        let mut docs = Vec::new();
        for (kind, key) in [(OrgKind::Scp, "scps"), (OrgKind::Rcp, "rcps")] {
            let Some(map) = value.get(key).and_then(Value::as_object) else {
                continue;
            };
            for (k, list) in map {
                let target = organization.target(k);
                let attached = match kind {
                    OrgKind::Scp => organization.scps.get(&target),
                    OrgKind::Rcp => organization.rcps.get(&target),
                };
                for (i, entry) in list.as_array().into_iter().flatten().enumerate() {
                    let base = format!("/{key}/{}/{i}", escape(k));
                    let wrapped = entry.get("policy").or_else(|| entry.get("PolicyDocument"));
                    let (pointer, json) = match wrapped {
                        Some(p) => (
                            format!(
                                "{base}/{}",
                                if entry.get("policy").is_some() {
                                    "policy"
                                } else {
                                    "PolicyDocument"
                                }
                            ),
                            p.clone(),
                        ),
                        None => (base.clone(), entry.clone()),
                    };
                    let name_pointer = entry.get("name").map(|_| format!("{base}/name"));
                    let name = attached
                        .and_then(|a| a.get(i))
                        .map(|n| n.name.clone())
                        .unwrap_or_default();
                    docs.push(OrgDoc {
                        kind,
                        target: target.clone(),
                        position: i,
                        pointer,
                        name_pointer,
                        key: k.clone(),
                        name,
                        json,
                    });
                }
            }
        }
        let mut set = OrgSet::new(organization);
        set.docs = docs;
        Ok(set)
    }

    /// The levels of every account (no JSON kept: nothing to edit).
    pub fn new(organization: Organization) -> OrgSet {
        let mut set = OrgSet {
            organization,
            ..OrgSet::default()
        };
        set.recompute();
        set
    }

    fn recompute(&mut self) {
        let o = &self.organization;
        self.scps.clear();
        self.rcps.clear();
        for a in &o.accounts {
            if !o.scps.is_empty() {
                self.scps.insert(a.id.clone(), o.scp_levels(&a.id));
            }
            if !o.rcps.is_empty() {
                self.rcps.insert(a.id.clone(), o.rcp_levels(&a.id));
            }
        }
    }

    /// `set` with the organization's part for a request by `principal` on a resource of
    /// `resource_account`: the caller's SCP levels, the resource's RCP levels, the
    /// management account, and whether the resource is an AWS managed key.
    pub fn policy_set<'a>(
        &'a self,
        mut set: PolicySet<'a>,
        principal: &str,
        resource_account: &str,
        aws_managed_key: bool,
    ) -> PolicySet<'a> {
        let caller =
            arn_account(principal).or(Some(principal).filter(|p| crate::policy::is_account_id(p)));
        if let Some(l) = caller.and_then(|a| self.scps.get(a)) {
            set = set
                .with_scp_levels(&l.policies, &l.sizes)
                .with_scp_level_names(&l.names);
        }
        if let Some(l) = self.rcps.get(resource_account) {
            set = set.with_rcp_levels(&l.policies, &l.sizes);
        }
        set = set.with_management_account(&self.organization.management_account);
        set.aws_managed_key = aws_managed_key;
        set
    }

    /// The document of kind `kind` named `name` (the first one attached, root first).
    pub fn find(&self, kind: OrgKind, name: &str) -> Option<usize> {
        self.docs
            .iter()
            .position(|d| d.kind == kind && d.name == name)
    }

    /// Every place a policy can be attached, numbered: the root, each OU, each account (a
    /// fix names the place where it attaches a new policy by this number, see
    /// [`OrgSet::attach`]).
    pub fn targets(&self) -> Vec<Target> {
        let o = &self.organization;
        let mut out = vec![Target::Root];
        out.extend(o.ous.iter().map(|u| Target::Ou(u.id.clone())));
        out.extend(o.accounts.iter().map(|a| Target::Account(a.id.clone())));
        out
    }

    /// The place of level `level` (0 = the root) on the path from the root to `account`, by
    /// its number in [`OrgSet::targets`].
    pub fn level_target(&self, account: &str, level: usize) -> Option<usize> {
        let t = self
            .organization
            .levels_of(account)?
            .into_iter()
            .nth(level)?;
        self.targets().iter().position(|x| *x == t)
    }

    /// How texts name target `target`: "the root", "OU Prod (ou-…)", "account … (name)".
    pub fn target_label(&self, target: &Target) -> crate::text::Text {
        use crate::text::Text;
        match target {
            Target::Root => Text::lit("the root", "ルート"),
            Target::Ou(id) => match self.organization.ou(id) {
                Some(ou) => Text::new(
                    format!("OU {} ({id})", ou.name),
                    format!("OU {} ({id})", ou.name),
                ),
                None => Text::new(format!("OU {id}"), format!("OU {id}")),
            },
            Target::Account(id) => Text::new(format!("account {id}"), format!("アカウント {id}")),
        }
    }

    /// The key the JSON lists policies of `kind` attached at `target` under: the one already
    /// used there, else `root` or the OU's or account's id.
    pub fn key_of(&self, kind: OrgKind, target: &Target) -> String {
        if let Some(d) = self
            .docs
            .iter()
            .find(|d| d.kind == kind && d.target == *target)
        {
            return d.key.clone();
        }
        match target {
            Target::Root => "root".into(),
            Target::Ou(id) | Target::Account(id) => id.clone(),
        }
    }

    /// Attaches a new policy of `kind` at target number `target` (a fix's new SCP), listed
    /// after the ones already there; its index among the documents, or `None` for a
    /// target the organization does not have.
    pub fn attach(
        &mut self,
        kind: OrgKind,
        target: usize,
        named: NamedPolicy,
        json: Value,
    ) -> Option<usize> {
        let target = self.targets().into_iter().nth(target)?;
        let key = self.key_of(kind, &target);
        let map = match kind {
            OrgKind::Scp => &mut self.organization.scps,
            OrgKind::Rcp => &mut self.organization.rcps,
        };
        let list = map.entry(target.clone()).or_default();
        let position = list.len();
        list.push(named.clone());
        let field = match kind {
            OrgKind::Scp => "scps",
            OrgKind::Rcp => "rcps",
        };
        let base = format!("/{field}/{}/{position}", escape(&key));
        self.docs.push(OrgDoc {
            kind,
            target,
            position,
            pointer: format!("{base}/policy"),
            name_pointer: Some(format!("{base}/name")),
            key,
            name: named.name,
            json,
        });
        self.recompute();
        Some(self.docs.len() - 1)
    }

    /// Replaces document `index` (a fix's change) and recomputes the levels.
    pub fn replace(&mut self, index: usize, named: NamedPolicy, json: Value) -> Option<()> {
        let d = self.docs.get_mut(index)?;
        let map = match d.kind {
            OrgKind::Scp => &mut self.organization.scps,
            OrgKind::Rcp => &mut self.organization.rcps,
        };
        *map.get_mut(&d.target)?.get_mut(d.position)? = named;
        d.json = json;
        self.recompute();
        Some(())
    }
}

/// A key of a JSON pointer (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
