//! An organization as a simulation holds it: the description, and for every account of it
//! the SCP levels that limit its principals and the RCP levels that limit its resources,
//! computed once when the scenario is built (requests only look them up).

use crate::policy::json::Node;
use crate::policy::org::{parse_organization, Levels, Organization};
use crate::policy::{NamedPolicy, PolicyError};
use std::collections::BTreeMap;

/// The organization of a running simulation.
#[derive(Clone, Debug, Default)]
pub struct OrgState {
    pub organization: Organization,
    /// SCP levels by account (only when the organization attaches SCPs anywhere: SCPs are
    /// then enabled, and a level with nothing attached denies everything).
    pub scps: BTreeMap<String, Levels>,
    /// RCP levels by account (only when it attaches RCPs anywhere).
    pub rcps: BTreeMap<String, Levels>,
}

impl OrgState {
    /// Reads a scenario's `organization` (a JSON value); errors are located under
    /// `organization`.
    pub fn from_json(value: &serde_json::Value) -> Result<OrgState, PolicyError> {
        let node = crate::policy::json::parse(&value.to_string())?;
        let organization = parse_organization(&node, "organization", &policy_list)?;
        Ok(OrgState::new(organization))
    }

    pub fn new(organization: Organization) -> OrgState {
        let mut scps = BTreeMap::new();
        let mut rcps = BTreeMap::new();
        for a in &organization.accounts {
            if !organization.scps.is_empty() {
                scps.insert(a.id.clone(), organization.scp_levels(&a.id));
            }
            if !organization.rcps.is_empty() {
                rcps.insert(a.id.clone(), organization.rcp_levels(&a.id));
            }
        }
        OrgState {
            organization,
            scps,
            rcps,
        }
    }
}

/// A list of policies as `eval` takes them: a policy, or `{"name", "policy"}`.
fn policy_list(node: &Node, path: &str, default: &str) -> Result<Vec<NamedPolicy>, PolicyError> {
    crate::policy::cli::policy_list(node, path, default)
}
