//! The organization in a simulation (issue [4/6]): a scenario's `organization`, read once
//! when the scenario is built, with every account's SCP and RCP levels ready for the
//! authorizations the simulated services make. The model, its reader, its condition keys
//! and the levels (`OrgSet`) are `crate::policy::org`, because `eval` and the fix finder
//! read organizations too; the rules of when SCPs and RCPs apply are
//! `crate::policy::org_rules`. This module is what the simulation names.

pub use crate::policy::org::{
    is_service_principal, principal_account, resource_account, Caller, OrgSet as OrgState,
    Organization,
};
