//! The organization in a simulation (issue [4/6]): a scenario's `organization`, read once
//! when the scenario is built, with every account's SCP and RCP levels ready for the
//! authorizations the simulated services make ([`OrgState`]). The organization model, its
//! reader and its condition keys are `crate::policy::org` (the `eval` command reads them
//! too); the rules of when SCPs and RCPs apply are `crate::policy::org_rules`.

mod sim;

pub use crate::policy::org::{
    is_service_principal, principal_account, resource_account, Caller, Organization,
};
pub use sim::OrgState;
