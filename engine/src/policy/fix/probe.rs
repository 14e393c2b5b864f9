//! The probe set a fix is checked against: requests near the denied one that the fix must
//! not newly allow — the same action on the other resources of the same kind and on one
//! outside the scenario, the other actions of the service on this resource, and the same
//! request from every other principal (including a twin of the caller: another role with
//! the same identity policies, which catches a resource-policy edit broader than the
//! caller). A probe counts against a fix only if it was denied before and is allowed after.

use super::super::arn::{PrincipalInfo, PrincipalShape};
use super::super::{evaluate, Decision, NamedPolicy, Request};
use super::statements::principal_label;
use super::world::{ResourceKind, World, WorldPrincipal, WorldResource};
use crate::text::Text;
use serde_json::json;

/// Why a probe is in the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeKind {
    /// The same action on another resource of the same kind (or one outside the scenario).
    OtherResource,
    /// Another action of the service on the same resource.
    OtherAction,
    /// The same request from another principal.
    OtherPrincipal,
}

/// One probe request.
#[derive(Clone, Debug)]
pub struct Probe {
    pub kind: ProbeKind,
    pub principal: usize,
    pub resource: Option<usize>,
    pub request: Request,
}

/// A probe a fix newly allows, for the learner.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ProbeResult {
    pub kind: ProbeKind,
    pub principal: String,
    pub action: String,
    pub resource: String,
    /// "kms:Decrypt on KinesisKey by KinesisStreamSourceRole", in both languages.
    pub text: Text,
}

/// The actions probed on a resource of each kind.
fn actions_of(kind: ResourceKind) -> &'static [&'static str] {
    match kind {
        ResourceKind::KmsKey => &[
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncryptFrom",
            "kms:ReEncryptTo",
            "kms:GenerateDataKey",
            "kms:GenerateDataKeyWithoutPlaintext",
            "kms:DescribeKey",
            "kms:CreateGrant",
            "kms:PutKeyPolicy",
            "kms:DisableKey",
            "kms:ScheduleKeyDeletion",
        ],
        ResourceKind::Bucket => &[
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:PutObjectAcl",
        ],
        ResourceKind::Stream => &[
            "kinesis:PutRecord",
            "kinesis:PutRecords",
            "kinesis:GetRecords",
            "kinesis:GetShardIterator",
            "kinesis:DescribeStream",
            "kinesis:DeleteStream",
            "kinesis:StartStreamEncryption",
        ],
        ResourceKind::Role => &["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
        ResourceKind::LogGroup => &[
            "logs:PutLogEvents",
            "logs:CreateLogStream",
            "logs:DeleteLogGroup",
        ],
        ResourceKind::Other => &[],
    }
}

/// Service principals probed when the caller is a service (a trust policy).
const SERVICES: [&str; 4] = [
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "firehose.amazonaws.com",
    "kinesis.amazonaws.com",
];

/// The resource ARN a request on `r` names (an object of a bucket, a stream of a group).
fn request_arn(r: &WorldResource) -> String {
    match r.kind {
        ResourceKind::Bucket => format!("{}/envelope-lab-probe-object", r.arn),
        ResourceKind::LogGroup => format!("{}:log-stream:envelope-lab-probe", r.arn),
        _ => r.arn.clone(),
    }
}

/// Region of an ARN (empty when none).
fn region_of(arn: &str) -> &str {
    arn.split(':').nth(3).unwrap_or("")
}

/// A resource of `kind` outside the scenario, with what such a resource usually has (a
/// KMS key: the default key policy, which delegates to the account).
fn foreign(kind: ResourceKind, account: &str, region: &str) -> Option<WorldResource> {
    let (arn, policy) = match kind {
        ResourceKind::KmsKey => {
            let policy = json!({"Version": "2012-10-17", "Statement": [{
                "Sid": "Enable IAM User Permissions", "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
                "Action": "kms:*", "Resource": "*"}]});
            (
                format!("arn:aws:kms:{region}:{account}:key/00000000-0000-4000-8000-00000000f00d"),
                Some(policy),
            )
        }
        ResourceKind::Bucket => ("arn:aws:s3:::envelope-lab-probe-bucket".to_string(), None),
        ResourceKind::Stream => (
            format!("arn:aws:kinesis:{region}:{account}:stream/envelope-lab-probe-stream"),
            None,
        ),
        ResourceKind::LogGroup => (
            format!("arn:aws:logs:{region}:{account}:log-group:envelope-lab-probe"),
            None,
        ),
        ResourceKind::Role | ResourceKind::Other => return None,
    };
    let named = policy
        .as_ref()
        .and_then(|p| super::super::parse_policy(&p.to_string()).ok())
        .map(|p| NamedPolicy::new("probe key policy", p));
    Some(WorldResource {
        arn,
        kind,
        label: "a resource outside the scenario".into(),
        policy: named,
        policy_json: policy,
        grants: vec![],
        editable: false,
    })
}

/// A probe of `req` by another principal, on another resource or with another action.
fn variant(req: &Request, principal: &str, action: &str, resource: &str) -> Request {
    let mut ctx = req.context.clone();
    if principal != req.principal {
        for k in [
            "aws:userid",
            "aws:PrincipalArn",
            "aws:PrincipalAccount",
            "aws:PrincipalType",
            "aws:username",
        ] {
            ctx.remove(k);
        }
    }
    Request {
        principal: principal.to_string(),
        action: action.to_string(),
        resource: resource.to_string(),
        resource_account: req.resource_account.clone(),
        context: ctx,
    }
}

/// Adds what the probes need to `world` (a twin of the caller or other services, a
/// resource outside the scenario) and returns the probes of `req` by principal `p` on
/// resource `r`. Indices already in the world are unchanged.
pub fn prepare(world: &mut World, req: &Request, p: usize, r: Option<usize>) -> Vec<Probe> {
    let kind = r
        .and_then(|r| world.resources.get(r))
        .map_or_else(|| ResourceKind::of_arn(&req.resource), |r| r.kind);
    let info = PrincipalInfo::parse(&req.principal);
    if info.kind == PrincipalShape::Service {
        for s in SERVICES.iter().filter(|s| **s != req.principal) {
            world.principals.push(WorldPrincipal {
                arn: s.to_string(),
                label: s.to_string(),
                identity: vec![],
                identity_json: vec![],
                preferred_policy: None,
                boundary: vec![],
                boundary_json: None,
            });
        }
    } else if let (Some(me), Some(account)) = (world.principals.get(p).cloned(), info.account) {
        world.principals.push(WorldPrincipal {
            arn: format!("arn:aws:sts::{account}:assumed-role/EnvelopeLabProbeRole/probe"),
            label: "EnvelopeLabProbeRole".into(),
            ..me
        });
    }
    let region = region_of(&req.resource).to_string();
    if let Some(f) = foreign(kind, &world.account.clone(), &region) {
        world.resources.push(f);
    }
    let mut probes = Vec::new();
    for (i, res) in world.resources.iter().enumerate() {
        if res.kind == kind && Some(i) != r {
            let q = variant(req, &req.principal, &req.action, &request_arn(res));
            probes.push(Probe {
                kind: ProbeKind::OtherResource,
                principal: p,
                resource: Some(i),
                request: q,
            });
        }
    }
    if kind == ResourceKind::Bucket {
        if let Some(res) = r.and_then(|r| world.resources.get(r)) {
            let q = variant(req, &req.principal, &req.action, &request_arn(res));
            if q.resource != req.resource {
                probes.push(Probe {
                    kind: ProbeKind::OtherResource,
                    principal: p,
                    resource: r,
                    request: q,
                });
            }
        }
    }
    for a in actions_of(kind) {
        if !a.eq_ignore_ascii_case(&req.action) {
            probes.push(Probe {
                kind: ProbeKind::OtherAction,
                principal: p,
                resource: r,
                request: variant(req, &req.principal, a, &req.resource),
            });
        }
    }
    for (i, other) in world.principals.iter().enumerate() {
        if i != p && other.arn != req.principal {
            probes.push(Probe {
                kind: ProbeKind::OtherPrincipal,
                principal: i,
                resource: r,
                request: variant(req, &other.arn, &req.action, &req.resource),
            });
        }
    }
    probes
}

/// Each probe's decision in `world`.
pub fn decide(world: &World, probes: &[Probe]) -> Vec<Decision> {
    probes
        .iter()
        .map(|pr| evaluate(&pr.request, &world.policy_set(pr.principal, pr.resource)))
        .collect()
}

/// The probes allowed in `after` that were not in `before`.
pub fn newly_allowed(
    world: &World,
    probes: &[Probe],
    before: &[Decision],
    after: &World,
) -> Vec<ProbeResult> {
    probes
        .iter()
        .zip(before)
        .filter(|(_, b)| !b.is_allowed())
        .filter(|(pr, _)| {
            evaluate(&pr.request, &after.policy_set(pr.principal, pr.resource)).is_allowed()
        })
        .map(|(pr, _)| describe(world, pr))
        .collect()
}

fn describe(world: &World, pr: &Probe) -> ProbeResult {
    let who = world.principals.get(pr.principal).map_or_else(
        || principal_label(&pr.request.principal),
        |p| p.label.clone(),
    );
    let what = pr
        .resource
        .and_then(|r| world.resources.get(r))
        .filter(|r| r.arn == pr.request.resource)
        .map_or_else(|| pr.request.resource.clone(), |r| r.label.clone());
    let action = &pr.request.action;
    ProbeResult {
        kind: pr.kind,
        principal: pr.request.principal.clone(),
        action: action.clone(),
        resource: pr.request.resource.clone(),
        text: Text::new(
            format!("{action} on {what} by {who}"),
            format!("{who} による {what} への {action}"),
        ),
    }
}
