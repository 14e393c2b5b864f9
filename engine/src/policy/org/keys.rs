//! The condition keys an organization makes meaningful, filled in for one request as the
//! IAM User Guide's "AWS global condition context keys" describes their availability:
//! - `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`: the calling IAM
//!   principal's account and, when that account is in the organization, its organization
//!   id and path. A service principal calling on its own is no IAM principal of an account:
//!   these keys are left out (modelled: the page lists them for IAM principals).
//! - `aws:PrincipalIsAWSService`: `true` for a service principal, else `false`; always present.
//! - `aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:ResourceOrgPaths`: the resource's
//!   account and, when in the organization, its organization id and path.
//! - `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID`, `aws:SourceOrgPaths`: only when
//!   a service principal calls directly on behalf of a resource (the confused-deputy guard's
//!   keys); the org keys only when that account is in the organization.

use super::Organization;
use crate::policy::{arn_account, Context, Request};

/// Who makes the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller<'a> {
    /// An IAM user, role, role session or account root, by ARN.
    Principal(&'a str),
    /// An AWS service principal (e.g. `firehose.amazonaws.com`) calling directly on behalf
    /// of a resource: that resource's account and ARN, when the service sends them.
    Service {
        principal: &'a str,
        source_account: Option<&'a str>,
        source_arn: Option<&'a str>,
    },
}

/// The keys for one request (a [`Context`] to merge into the request's).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrgKeys(pub Context);

impl Organization {
    /// The organization's condition keys for a request by `caller` on a resource owned by
    /// `resource_account`.
    pub fn request_keys(&self, caller: Caller<'_>, resource_account: &str) -> OrgKeys {
        let mut c = Context::new();
        match caller {
            Caller::Principal(arn) => {
                c.set("aws:PrincipalIsAWSService", "false");
                if let Some(account) = arn_account(arn).or(Some(arn).filter(|a| is_id(a))) {
                    c.set("aws:PrincipalAccount", account);
                    if let Some(path) = self.org_path(account) {
                        c.set("aws:PrincipalOrgID", self.id.clone());
                        c.set_list("aws:PrincipalOrgPaths", vec![path]);
                    }
                }
            }
            Caller::Service {
                source_account,
                source_arn,
                ..
            } => {
                c.set("aws:PrincipalIsAWSService", "true");
                if let Some(arn) = source_arn {
                    c.set("aws:SourceArn", arn);
                }
                if let Some(account) = source_account {
                    c.set("aws:SourceAccount", account);
                    if let Some(path) = self.org_path(account) {
                        c.set("aws:SourceOrgID", self.id.clone());
                        c.set_list("aws:SourceOrgPaths", vec![path]);
                    }
                }
            }
        }
        c.set("aws:ResourceAccount", resource_account);
        if let Some(path) = self.org_path(resource_account) {
            c.set("aws:ResourceOrgID", self.id.clone());
            c.set_list("aws:ResourceOrgPaths", vec![path]);
        }
        OrgKeys(c)
    }
}

impl Organization {
    /// Adds the organization's keys for `req` to its context; a key the context already
    /// gives is kept as given (a learner may state what AWS would send). A service principal
    /// (`….amazonaws.com`) calls on behalf of the `aws:SourceAccount` / `aws:SourceArn` the
    /// context gives, if any.
    pub fn fill_request(&self, req: &mut Request) {
        let first = |k: &str| {
            req.context
                .get_lower(k)
                .and_then(|v| v.as_slice().first().cloned())
        };
        let source_account = first("aws:sourceaccount");
        let source_arn = first("aws:sourcearn");
        let caller = if is_service_principal(&req.principal) {
            Caller::Service {
                principal: &req.principal,
                source_account: source_account.as_deref(),
                source_arn: source_arn.as_deref(),
            }
        } else {
            Caller::Principal(&req.principal)
        };
        let resource_account = resource_account(req).unwrap_or_default().to_string();
        let keys = self.request_keys(caller, &resource_account).0;
        for (k, v) in keys.iter() {
            if req.context.get_lower(&k.to_ascii_lowercase()).is_none() {
                req.context.insert(k.to_string(), v.clone());
            }
        }
    }
}

/// `….amazonaws.com` (not an ARN): an AWS service principal.
pub fn is_service_principal(principal: &str) -> bool {
    !principal.starts_with("arn:") && principal.ends_with(".amazonaws.com")
}

/// The calling principal's account (its ARN's, or the principal itself when it is an
/// account id); `None` for a service principal.
pub fn principal_account(principal: &str) -> Option<&str> {
    arn_account(principal).or(Some(principal).filter(|a| is_id(a)))
}

/// The resource's account as `Request` defines it: `resource_account`, else the resource
/// ARN's account, else the principal's.
pub fn resource_account(req: &Request) -> Option<&str> {
    req.resource_account
        .as_deref()
        .or_else(|| arn_account(&req.resource))
        .or_else(|| principal_account(&req.principal))
}

fn is_id(s: &str) -> bool {
    crate::policy::is_account_id(s)
}
