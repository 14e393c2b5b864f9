//! Fixes that change how a call is made, not who may make it: first in the guardrail
//! order (issue 19 §3), because the policy that refused the call is doing its job. A direct
//! KMS call the policies allow only through a service is left to the service (the run
//! shows the way that works); a copy sends the SSE-KMS headers the bucket policy asks for;
//! a Firehose stream that relied on the bucket's default encryption gets its own
//! `KMSEncryptionConfig`, so its uploads carry them. Each is only a proposal: the full
//! re-run (`verify.rs`) decides whether it is offered.

use serde_json::{json, Value};

use super::state::{events_before, option, target, test};
use super::{texts, DocumentKind, FixKind, FixOption};
use crate::cloud::{AuthReq, Principal, Resource, Via};
use crate::patch::{self, Edit};
use crate::policy::fix::FixKind as PolicyKind;
use crate::policy::DecidingRule;
use crate::runtime::auth::Action;
use crate::runtime::clock::SimTime;
use crate::sim::keys::{default_encryption_key, key_index};
use crate::sim::scenario::{EventSpec, SseAlgorithm};
use crate::sim::simulation::Simulation;
use crate::text::Text;

/// The call-changing proposals for a denied request `auth` of the step at time `at`;
/// `rule` is the rule that denied it.
pub fn proposals(
    sim: &Simulation,
    auth: &AuthReq,
    at: SimTime,
    doc: &Value,
    rule: Option<&DecidingRule>,
) -> Vec<FixOption> {
    let mut out = Vec::new();
    out.extend(through_service(sim, auth, at, doc));
    // The S3 ones answer a bucket policy's explicit Deny on the encryption headers.
    let denied_by_deny = matches!(rule, Some(DecidingRule::ExplicitDeny { .. }));
    if auth.action == Action::S3PutObject && denied_by_deny {
        out.extend(copy_with_headers(sim, auth, at, doc));
        out.extend(firehose_encryption(sim, auth, doc));
    }
    for o in &mut out {
        o.rank = 0;
    }
    out
}

/// The role of a session caller.
fn role_of(sim: &Simulation, auth: &AuthReq) -> Option<String> {
    match auth.principal {
        Principal::Session(s) => sim.role_name_of_session(s),
        Principal::Service(_) => None,
    }
}

/// A direct KMS call from a scenario event, where the same role's call of the same
/// operation on the same key through a service succeeded in this run: remove the direct
/// call and leave the work to the service (the `change_call` of `eval`, written into the
/// scenario).
fn through_service(
    sim: &Simulation,
    auth: &AuthReq,
    at: SimTime,
    doc: &Value,
) -> Option<FixOption> {
    let (Via::Direct, Resource::Key(key)) = (auth.via, auth.resource) else {
        return None;
    };
    let role = role_of(sim, auth)?;
    let sc = sim.scenario();
    let (j, _) = events_before(sim, at, |e| matches!(e, EventSpec::KmsRequest { .. }))
        .filter(|(_, e)| sc.time_at(e.at(), "").ok() == Some(at))
        .find(|(_, e)| matches!(e, EventSpec::KmsRequest { role: r, .. } if *r == role))?;
    let op = kms_operation(auth.action)?;
    let worked = sim.cloud.kms.calls.iter().find(|c| {
        c.error.is_none()
            && c.via != Via::Direct
            && c.key == key
            && sim.any_step(c.step).is_some_and(|s| s.operation == op)
            && sim.role_name_of_session(c.principal).as_deref() == Some(role.as_str())
    })?;
    let service = worked.via.service()?;
    let via = sim.cloud.via_service(service);
    let made_for = sim
        .any_step(worked.step)
        .and_then(|s| s.parent)
        .and_then(|p| sim.any_step(p))
        .map_or_else(|| (worked.step, op), |p| (p.index, p.operation));
    let path = format!("/events/{j}");
    let edits = vec![test(doc, &path)?, Edit::Remove { path: path.clone() }];
    let label = Text::new(format!("event {j}"), format!("イベント {j}"));
    Some(option(
        FixKind::Policy(PolicyKind::ChangeCall),
        edits,
        target(DocumentKind::Events, path, label),
        texts::through_service(op, &role, &via, j, made_for),
    ))
}

/// The KMS operation name of a KMS action.
fn kms_operation(a: Action) -> Option<&'static str> {
    a.as_str().strip_prefix("kms:")
}

/// The KMS key a bucket's uploads should name: a key the bucket policy names by ARN, else
/// the key of the bucket's default SSE-KMS encryption, else the key a Firehose stream
/// writing to the bucket uses. The scenario's reference to it.
fn required_key(sim: &Simulation, bucket: usize, policy: &str) -> Option<(String, String)> {
    let sc = sim.scenario();
    let kms = &sim.cloud.kms.keys;
    for (i, k) in sc.keys.iter().enumerate() {
        if let Some(arn) = kms.get(i).map(|x| x.arn.as_str()) {
            if policy.contains(arn) {
                return Some((k.name.clone(), arn.to_string()));
            }
        }
    }
    let b = sc.buckets.get(bucket)?;
    let arn_of = |i: u16| {
        kms.get(i as usize)
            .map(|k| k.arn.clone())
            .unwrap_or_default()
    };
    if b.default_encryption.sse == SseAlgorithm::AwsKms {
        let i = default_encryption_key(sc, &b.default_encryption)?;
        let name = b
            .default_encryption
            .kms_key
            .clone()
            .unwrap_or_else(|| "alias/aws/s3".into());
        return Some((name, arn_of(i)));
    }
    sc.delivery_streams
        .iter()
        .filter(|d| d.bucket == b.name)
        .find_map(|d| d.encryption.as_ref())
        .and_then(|e| Some((e.kms_key.clone(), arn_of(key_index(sc, &e.kms_key)?))))
}

/// The bucket policy (as text) of bucket `name`, when it says anything about the
/// encryption headers.
fn header_policy(doc: &Value, bucket: usize) -> Option<String> {
    let p = patch::get(doc, &format!("/buckets/{bucket}/policy"))?.to_string();
    p.to_ascii_lowercase()
        .contains("s3:x-amz-server-side-encryption")
        .then_some(p)
}

/// A copy event refused by the bucket policy: it asks for SSE-KMS under the key the
/// bucket expects.
fn copy_with_headers(
    sim: &Simulation,
    auth: &AuthReq,
    at: SimTime,
    doc: &Value,
) -> Option<FixOption> {
    let role = role_of(sim, auth)?;
    let sc = sim.scenario();
    let (j, bucket_name) = events_before(sim, at, |e| matches!(e, EventSpec::CopyInPlace { .. }))
        .find_map(|(j, e)| match e {
        EventSpec::CopyInPlace {
            role: r, bucket, ..
        } if *r == role => Some((j, bucket.clone())),
        _ => None,
    })?;
    let b = sc.buckets.iter().position(|x| x.name == bucket_name)?;
    let policy = header_policy(doc, b)?;
    let (key, arn) = required_key(sim, b, &policy)?;
    let path = format!("/events/{j}");
    let edits = vec![
        test(doc, &format!("{path}/action"))?,
        test(doc, &format!("{path}/role"))?,
        Edit::Add {
            path: format!("{path}/sse"),
            value: json!("aws:kms"),
        },
        Edit::Add {
            path: format!("{path}/kms_key"),
            value: json!(key),
        },
    ];
    let label = Text::new(format!("event {j}"), format!("イベント {j}"));
    Some(option(
        FixKind::Policy(PolicyKind::ChangeCall),
        edits,
        target(DocumentKind::Events, path, label),
        texts::copy_with_headers(j, &role, &key, &arn, &bucket_name),
    ))
}

/// A Firehose stream without its own encryption setting, refused by the bucket policy:
/// it gets `KMSEncryptionConfig` with the key the bucket expects.
fn firehose_encryption(sim: &Simulation, auth: &AuthReq, doc: &Value) -> Option<FixOption> {
    let role = role_of(sim, auth)?;
    let sc = sim.scenario();
    let (i, d) = sc
        .delivery_streams
        .iter()
        .enumerate()
        .find(|(_, d)| d.destination_role == role && d.encryption.is_none())?;
    let b = sc.buckets.iter().position(|x| x.name == d.bucket)?;
    let policy = header_policy(doc, b)?;
    let (key, arn) = required_key(sim, b, &policy)?;
    let from_default = sc.buckets[b].default_encryption.sse == SseAlgorithm::AwsKms
        && default_encryption_key(sc, &sc.buckets[b].default_encryption) == key_index(sc, &key);
    let path = format!("/delivery_streams/{i}");
    let edits = vec![
        test(doc, &format!("{path}/name"))?,
        test(doc, &format!("{path}/destination_role"))?,
        Edit::Add {
            path: format!("{path}/encryption"),
            value: json!({"kms_key": key}),
        },
    ];
    let label = Text::new(
        format!("the encryption of Firehose stream {}", d.name),
        format!("Firehose ストリーム {} の暗号化", d.name),
    );
    let mut o = option(
        FixKind::FirehoseEncryption,
        edits,
        target(
            DocumentKind::FirehoseEncryption,
            format!("{path}/encryption"),
            label,
        ),
        texts::firehose_encryption(&d.name, &key, &arn, from_default),
    );
    o.modelled = Some(texts::firehose_headers_modelled());
    Some(o)
}
