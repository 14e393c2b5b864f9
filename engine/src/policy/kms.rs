//! KMS grants. A grant can only allow: it names a grantee principal, the operations it
//! permits, and optional encryption-context constraints (`EncryptionContextEquals`: the
//! request's context must be exactly these pairs; `EncryptionContextSubset`: it must
//! include them). Keys and values are compared case-sensitively.
//!
//! The key-policy rule itself (key policy must allow, directly or by delegating to the
//! account root and IAM) lives in [`super::evaluate::decide`].

use super::arn::{split_arn, PrincipalShape};
use super::context::RequestView;
use super::evaluate::Recorder;
use super::explain::GrantExplanation;
use super::Grant;
use std::collections::BTreeMap;

/// Create/Update/DeleteAlias on an alias ARN whose name begins with `alias/aws/`: KMS reserves
/// that prefix for AWS managed keys, so no key policy, IAM policy or grant can allow it
/// (AWS KMS Developer Guide, "Create aliases").
pub(crate) fn is_reserved_alias_operation(action: &str, resource: &str) -> bool {
    let managing = ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(action));
    managing
        && split_arn(resource)
            .is_some_and(|p| p.service == "kms" && p.resource.starts_with("alias/aws/"))
}

/// The KMS operations a principal may call on a key in another account: the operations whose
/// API reference says "Cross-account use: Yes" (AWS KMS Developer Guide, "Allowing users in
/// other accounts to use a KMS key", and the "Cross-account use" column of "AWS KMS
/// permissions"). Every other operation on a key — ScheduleKeyDeletion, CancelKeyDeletion,
/// PutKeyPolicy, GetKeyPolicy, EnableKey, DisableKey, TagResource, ListKeyRotations, … —
/// works only on the caller's own account's keys: a key policy or IAM policy that allows it
/// to another account has no effect.
const CROSS_ACCOUNT_OPERATIONS: [&str; 20] = [
    "CreateGrant",
    "Decrypt",
    "DeriveSharedSecret",
    "DescribeKey",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateMac",
    "GetKeyRotationStatus",
    "GetPublicKey",
    "ListGrants",
    "ReEncryptFrom",
    "ReEncryptTo",
    "RetireGrant",
    "RevokeGrant",
    "Sign",
    "Verify",
    "VerifyMac",
];

/// A `kms:` action that cannot be called on a key of another account (see
/// [`CROSS_ACCOUNT_OPERATIONS`]); other services' actions are not KMS's to refuse.
pub(crate) fn is_same_account_only_operation(action: &str) -> bool {
    let Some((svc, op)) = action.split_once(':') else {
        return false;
    };
    svc.eq_ignore_ascii_case("kms")
        && !CROSS_ACCOUNT_OPERATIONS
            .iter()
            .any(|o| o.eq_ignore_ascii_case(op))
}

/// Does the grant's grantee name the caller? A role ARN also names its sessions.
fn grantee_matches(g: &Grant, view: &RequestView<'_>) -> bool {
    let p = &view.principal;
    if g.grantee_principal == p.arn {
        return true;
    }
    if let PrincipalShape::AssumedRole { .. } = p.kind {
        if let Some(role_arn) = p.principal_arn() {
            return g.grantee_principal == role_arn;
        }
    }
    false
}

fn operation_matches(g: &Grant, action: &str) -> bool {
    let Some((svc, op)) = action.split_once(':') else {
        return false;
    };
    svc.eq_ignore_ascii_case("kms")
        && g.operations.iter().any(|o| {
            let o = o.split_once(':').map_or(o.as_str(), |(_, b)| b);
            o.eq_ignore_ascii_case(op)
        })
}

fn constraints_match(g: &Grant, view: &RequestView<'_>) -> bool {
    if let Some(eq) = &g.encryption_context_equals {
        if !same_pairs(eq, view) {
            return false;
        }
    }
    if let Some(sub) = &g.encryption_context_subset {
        if !sub.iter().all(|(k, v)| has_pair(view, k, v)) {
            return false;
        }
    }
    true
}

fn has_pair(view: &RequestView<'_>, k: &str, v: &str) -> bool {
    view.encryption_context().any(|(rk, rv)| rk == k && rv == v)
}

fn same_pairs(want: &BTreeMap<String, String>, view: &RequestView<'_>) -> bool {
    view.encryption_context().count() == want.len()
        && want.iter().all(|(k, v)| has_pair(view, k, v))
}

/// The first grant that allows the request, recording every grant when explaining.
pub(crate) fn first_matching_grant<R: Recorder>(
    grants: &[Grant],
    view: &RequestView<'_>,
    rec: &mut R,
) -> Option<usize> {
    let mut first = None;
    for (i, g) in grants.iter().enumerate() {
        let grantee = grantee_matches(g, view);
        if !R::FULL && !grantee {
            continue;
        }
        let op = operation_matches(g, view.action);
        let constraints = constraints_match(g, view);
        let matched = grantee && op && constraints;
        if R::FULL {
            rec.grant(GrantExplanation {
                index: i,
                grantee_principal: g.grantee_principal.clone(),
                grantee_matched: grantee,
                operation_matched: op,
                constraints_matched: constraints,
                matched,
            });
        }
        if matched && first.is_none() {
            first = Some(i);
            if !R::FULL {
                break;
            }
        }
    }
    first
}
