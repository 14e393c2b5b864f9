//! When an organization's policies apply to a request: SCPs to the caller, RCPs to the
//! resource. The rules, each from the AWS Organizations User Guide page named:
//! - "SCP evaluation": an Allow is needed at every level from the root through each OU to
//!   the account; a Deny at any level denies.
//! - "Service control policies (SCPs)": SCPs do not affect users or roles in the management
//!   account, nor service-linked roles; they limit IAM principals of member accounts, so
//!   they never apply to an AWS service principal.
//! - "Resource control policies (RCPs)": RCPs do not affect resources in the management
//!   account; they apply to a subset of services (Amazon S3, AWS STS, AWS KMS, Amazon SQS,
//!   AWS Secrets Manager); they do not restrict service-linked roles.
//! - AWS KMS Developer Guide "Resource control policies in AWS KMS": RCPs do not apply to
//!   AWS managed keys, and `kms:RetireGrant` is not affected by an RCP even when its
//!   Action is `*`.
//! - "RCP evaluation": `RCPFullAWSAccess` is attached to the root, every OU and every
//!   account and cannot be detached, so RCPs only deny: a Deny in an RCP at any level from
//!   the root to the resource's account denies. Levels still matter for showing where.
//!
//! The pages' addresses are in [`super::sources`] (`ORGS_SCP_EVALUATION`, `ORGS_SCPS`,
//! `ORGS_RCPS`, `ORGS_RCP_EVALUATION`, `KMS_RCPS`); the evaluation path cites them.

use super::arn::PrincipalShape;
use super::evaluate::Accounts;
use super::{PolicySet, Request};
use std::ops::Range;

/// The services whose actions RCPs apply to ("Resource control policies (RCPs)", list of
/// AWS services that support RCPs), by action prefix.
pub const RCP_SERVICES: [&str; 5] = ["s3", "sts", "kms", "sqs", "secretsmanager"];

/// Which organization policies take part in a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Applies {
    pub scps: bool,
    pub rcps: bool,
}

/// Whether `principal` names a service-linked role or one of its sessions (such roles live
/// under the path `aws-service-role/` and are named `AWSServiceRoleFor…`).
pub fn is_service_linked_role(principal: &str) -> bool {
    principal.contains(":role/aws-service-role/")
        || principal
            .split_once(":assumed-role/")
            .is_some_and(|(_, r)| r.starts_with("AWSServiceRoleFor"))
}

/// Whether RCPs can apply to `action` (its service is one RCPs support; `kms:RetireGrant`
/// excepted).
pub fn rcp_covers_action(action: &str) -> bool {
    let Some((service, name)) = action.split_once(':') else {
        return false;
    };
    let service = service.to_ascii_lowercase();
    RCP_SERVICES.contains(&service.as_str())
        && !(service == "kms" && name.eq_ignore_ascii_case("RetireGrant"))
}

pub(crate) fn applies(
    req: &Request,
    set: &PolicySet<'_>,
    acc: &Accounts<'_>,
    shape: PrincipalShape<'_>,
) -> Applies {
    let management = |a: Option<&str>| a.is_some() && a == set.management_account;
    let slr = is_service_linked_role(&req.principal);
    // Levels with nothing attached still count: the policy type is enabled and such a
    // level has no Allow ("SCP evaluation").
    let scps = (!set.scps.is_empty() || !set.scp_levels.is_empty())
        && shape != PrincipalShape::Service
        && !slr
        && !management(acc.principal);
    let aws_managed_key = acc.kms_key && set.aws_managed_key;
    let exempt = slr || management(acc.resource) || aws_managed_key;
    let rcps = !set.rcps.is_empty() && !exempt && rcp_covers_action(&req.action);
    Applies { scps, rcps }
}

/// The index ranges of `len` policies split into levels of `sizes` (root first). No sizes:
/// one level. Policies past the sizes' sum form one more level; sizes past `len` are cut.
pub fn level_ranges(len: usize, sizes: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(sizes.len() + 1);
    let mut start = 0usize;
    for &n in sizes {
        let end = start.saturating_add(n).min(len);
        out.push(start..end);
        start = end;
    }
    if start < len || out.is_empty() {
        out.push(start..len);
    }
    out
}

/// Marks each SCP and RCP of an explanation with its level when the set gives levels (the
/// explainer records the policies of each type in order, so the n-th SCP explained is
/// `set.scps[n]`).
pub(crate) fn annotate_levels(
    policies: &mut [super::explain::PolicyExplanation],
    set: &PolicySet<'_>,
) {
    use super::explain::{level_name, PolicyType};
    for (ty, all, sizes) in [
        (PolicyType::Scp, set.scps, set.scp_levels),
        (PolicyType::Rcp, set.rcps, set.rcp_levels),
    ] {
        if sizes.is_empty() {
            continue;
        }
        let ranges = level_ranges(all.len(), sizes);
        let levels = ranges.len();
        for (n, p) in policies.iter_mut().filter(|p| p.kind == ty).enumerate() {
            if let Some(level) = ranges.iter().position(|r| r.contains(&n)) {
                p.level = Some(level);
                p.level_name = Some(level_name(level, levels));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_split_in_order() {
        assert_eq!(level_ranges(3, &[]), vec![0..3]);
        assert_eq!(level_ranges(3, &[1, 0, 2]), vec![0..1, 1..1, 1..3]);
        assert_eq!(level_ranges(3, &[1]), vec![0..1, 1..3]);
        assert_eq!(level_ranges(1, &[5, 5]), vec![0..1, 1..1]);
    }

    #[test]
    fn rcp_services_and_retire_grant() {
        assert!(rcp_covers_action("kms:Decrypt"));
        assert!(rcp_covers_action("S3:GetObject"));
        assert!(rcp_covers_action("secretsmanager:GetSecretValue"));
        assert!(!rcp_covers_action("kms:RetireGrant"));
        assert!(!rcp_covers_action("kinesis:PutRecord"));
        assert!(!rcp_covers_action("firehose:PutRecord"));
    }

    #[test]
    fn service_linked_roles() {
        assert!(is_service_linked_role(
            "arn:aws:iam::111122223333:role/aws-service-role/logs.amazonaws.com/AWSServiceRoleForLogs"
        ));
        assert!(is_service_linked_role(
            "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForLogs/s"
        ));
        assert!(!is_service_linked_role(
            "arn:aws:iam::111122223333:role/App"
        ));
    }
}
