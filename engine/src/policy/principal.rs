//! Matching a statement's `Principal` / `NotPrincipal` against the caller, and the two facts
//! the decision needs besides "matched": whether a grant reaches the caller's own identity
//! (then a same-account resource policy is not limited by a permissions boundary) and whether
//! a `Deny` + `NotPrincipal` applies because the caller has a permissions boundary.
//!
//! Rules and their sources (see [`super::sources`]):
//! - A `Principal` entry matches the caller's ARN, a role ARN matches that role's sessions, an
//!   account id or `:root` ARN matches every principal of the account (delegating to its IAM
//!   policies), `*` matches everyone.
//! - Within one account, "resource-based policies that grant permissions to an IAM user ARN"
//!   or "to an IAM role session ARN" are not limited by an implicit deny in a permissions
//!   boundary; those that grant permissions "to an IAM role ARN are limited" ("Permissions
//!   boundaries for IAM entities"; "Policy evaluation logic": "depending on the type of
//!   principal…"). Federated user sessions are treated like role sessions there too.
//!   `Principal: "*"` names every principal, the caller's own ARN included, so it is treated
//!   as naming the caller: a user or a role session passes the boundary, a role ARN caller
//!   does not. AWS documents the rule for named ARNs only; the wildcard case is modelled
//!   (the explanation says so).
//! - `Deny` + `NotPrincipal` spares a caller only when every identity it carries is listed:
//!   the session ARN, its role ARN and its account ("AWS JSON policy elements:
//!   NotPrincipal"), and "will always deny any IAM principal that has a permissions boundary
//!   policy attached, regardless of the values specified" ("Permissions boundaries for IAM
//!   entities").
//! - `Allow` + `NotPrincipal` (which AWS no longer supports for new policies, and Access
//!   Analyzer flags) allows every principal except the ones listed: a caller named in the
//!   list, as `Principal` would name it, is excluded.

use super::arn::{arn_account, is_account_id, split_arn, PrincipalInfo, PrincipalShape};
use super::explain::PrincipalMatchKind;
use super::model::{Effect, PrincipalElement, PrincipalEntry, PrincipalKind, PrincipalValue};

/// How a statement's principal matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PMatch {
    pub kind: PrincipalMatchKind,
    /// The grant reaches the caller's own user or role-session ARN (by name or through `*`),
    /// so a same-account resource policy allows past a permissions boundary's implicit deny.
    pub bypasses_boundary: bool,
}

pub(crate) const NO_MATCH: PMatch = PMatch {
    kind: PrincipalMatchKind::None,
    bypasses_boundary: false,
};

/// A match of everyone (`*`, or the callers a `NotPrincipal` leaves): it reaches the caller's
/// own ARN, whatever that is.
fn everyone(p: &PrincipalInfo<'_>) -> PMatch {
    PMatch {
        kind: PrincipalMatchKind::Everyone,
        bypasses_boundary: p.direct_grant_bypasses_boundary(),
    }
}

fn rank(k: PrincipalMatchKind) -> u8 {
    match k {
        PrincipalMatchKind::None => 0,
        PrincipalMatchKind::Account => 1,
        _ => 2,
    }
}

/// Matches one principal entry against the caller.
fn entry_match(e: &PrincipalEntry, p: &PrincipalInfo<'_>) -> PMatch {
    let v = e.value.as_str();
    let m = |kind| PMatch {
        kind,
        bypasses_boundary: false,
    };
    if v == "*" {
        return everyone(p);
    }
    if v == p.arn {
        return PMatch {
            kind: PrincipalMatchKind::Direct,
            bypasses_boundary: p.direct_grant_bypasses_boundary(),
        };
    }
    if e.kind != PrincipalKind::Aws || p.kind == PrincipalShape::Service {
        return NO_MATCH;
    }
    // Account: "123456789012" or "arn:aws:iam::123456789012:root".
    let account = if is_account_id(v) {
        Some(v)
    } else if v.ends_with(":root") && v.contains(":iam::") {
        arn_account(v)
    } else {
        None
    };
    if let Some(a) = account {
        if p.account != Some(a) {
            return NO_MATCH;
        }
        return if p.kind == PrincipalShape::Root {
            m(PrincipalMatchKind::Direct)
        } else {
            m(PrincipalMatchKind::Account)
        };
    }
    // A role ARN also matches that role's sessions (the session ARN carries no path); the
    // grant goes to the role, so the role's boundary limits it.
    if let PrincipalShape::AssumedRole { role, .. } = p.kind {
        let Some(arn) = split_arn(v) else {
            return NO_MATCH;
        };
        if arn.service == "iam"
            && p.account == Some(arn.account)
            && arn.resource.starts_with("role/")
            && arn.resource.rsplit('/').next() == Some(role)
        {
            return m(PrincipalMatchKind::Direct);
        }
    }
    NO_MATCH
}

/// The best match among a `Principal` element's entries (direct over account).
fn best_entry_match(entries: &[PrincipalEntry], p: &PrincipalInfo<'_>) -> PMatch {
    let mut best = NO_MATCH;
    for e in entries {
        let m = entry_match(e, p);
        if rank(m.kind) > rank(best.kind)
            || (rank(m.kind) == rank(best.kind) && m.bypasses_boundary)
        {
            best = m;
        }
    }
    best
}

/// `Deny` + `NotPrincipal`: is every identity the caller carries listed (the session ARN,
/// its role ARN and its account)?
fn every_identity_listed(entries: &[PrincipalEntry], p: &PrincipalInfo<'_>) -> bool {
    let listed = |id: &str| {
        entries.iter().any(|e| {
            e.value == "*"
                || e.value == id
                || (is_account_id(&e.value)
                    && id.ends_with(":root")
                    && arn_account(id) == Some(e.value.as_str()))
        })
    };
    if !listed(p.arn) {
        return false;
    }
    if let Some(role_arn) = p.principal_arn() {
        if role_arn != p.arn && !listed(&role_arn) {
            return false;
        }
    }
    match (p.kind, p.account) {
        (PrincipalShape::Root, _) | (_, None) => true,
        (_, Some(a)) => listed(&format!("arn:{}:iam::{}:root", p.partition, a)),
    }
}

/// Matches a Principal/NotPrincipal element of a statement with `effect`, for a caller that
/// has a permissions boundary when `boundary_attached`.
pub(crate) fn principal_match(
    el: &PrincipalElement,
    effect: Effect,
    p: &PrincipalInfo<'_>,
    boundary_attached: bool,
) -> PMatch {
    let entries = match (&el.value, el.negated) {
        (PrincipalValue::Everyone, false) => return everyone(p),
        // NotPrincipal "*" leaves no one.
        (PrincipalValue::Everyone, true) => return NO_MATCH,
        (PrincipalValue::Entries(e), _) => e,
    };
    if !el.negated {
        return best_entry_match(entries, p);
    }
    match effect {
        Effect::Deny if boundary_attached && p.is_iam_entity() => PMatch {
            kind: PrincipalMatchKind::NotPrincipalWithBoundary,
            bypasses_boundary: false,
        },
        Effect::Deny if every_identity_listed(entries, p) => NO_MATCH,
        Effect::Deny => PMatch {
            kind: PrincipalMatchKind::Everyone,
            bypasses_boundary: false,
        },
        Effect::Allow if best_entry_match(entries, p).kind != PrincipalMatchKind::None => NO_MATCH,
        Effect::Allow => everyone(p),
    }
}
