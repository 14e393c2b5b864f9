//! Fixes that are not policy edits: a key's state (enable it, cancel its deletion, remove
//! the event that changed it, use another key), throttling (the quota, fewer concurrent
//! credentials), a ciphertext or encryption context that does not match, an event that
//! names what does not exist, and the encryption settings that cause a denial (a Bucket
//! Key, a customer managed key where an AWS managed key would do).

use serde_json::{json, Value};

use super::{texts, DocumentKind, FixKind, FixOption, FixTarget};
use crate::cloud::{AuthReq, CtxRef, Principal, Resource, Via};
use crate::patch::{self, Edit};
use crate::runtime::clock::SimTime;
use crate::sim::keys::key_index;
use crate::sim::scenario::{EventSpec, KeyState};
use crate::sim::simulation::Simulation;
use crate::text::Text;

pub(super) fn option(
    kind: FixKind,
    edits: Vec<Edit>,
    target: FixTarget,
    explanation: Text,
) -> FixOption {
    FixOption {
        kind,
        targets: vec![target],
        edits,
        explanation,
        verified: false,
        least_privilege: true,
        also_allows: vec![],
        modelled: None,
        changes_control: false,
        rank: 1,
        next_failure: None,
    }
}

pub(super) fn target(document: DocumentKind, pointer: String, label: Text) -> FixTarget {
    FixTarget {
        document,
        statement: None,
        pointer,
        label,
    }
}

pub(super) fn test(doc: &Value, path: &str) -> Option<Edit> {
    Some(Edit::Test {
        path: path.to_string(),
        value: patch::get(doc, path)?.clone(),
    })
}

/// The scenario events (index, spec) at or before `at` that `keep` accepts, latest first.
pub(super) fn events_before<'a>(
    sim: &'a Simulation,
    at: SimTime,
    keep: impl Fn(&EventSpec) -> bool + 'a,
) -> impl Iterator<Item = (usize, &'a EventSpec)> + 'a {
    let sc = sim.scenario();
    sc.events
        .iter()
        .enumerate()
        .rev()
        .filter(move |(_, e)| keep(e))
        .filter(move |(_, e)| sc.time_at(e.at(), "").is_ok_and(|t| t <= at))
}

/// Removing event `j`.
fn remove_event(doc: &Value, j: usize, explanation: Text) -> Option<FixOption> {
    let path = format!("/events/{j}");
    let edits = vec![test(doc, &path)?, Edit::Remove { path: path.clone() }];
    let label = Text::new(format!("event {j}"), format!("イベント {j}"));
    Some(option(
        FixKind::RemoveEvent,
        edits,
        target(DocumentKind::Events, path, label),
        explanation,
    ))
}

/// Fixes for a key whose state refused a request at `at`.
pub fn key_state(
    sim: &Simulation,
    key: u16,
    state: KeyState,
    at: SimTime,
    doc: &Value,
    via: Via,
) -> (Vec<FixOption>, Vec<Text>) {
    let sc = sim.scenario();
    let k = key as usize;
    let Some(spec) = sc.keys.get(k) else {
        return (vec![], vec![]);
    };
    let name = spec.name.clone();
    let mut notes = Vec::new();
    if state == KeyState::Deleted {
        notes.push(texts::deleted_key_note(&name));
    }
    let this = key;
    let caused_by = events_before(sim, at, move |e| {
        let (r, to) = match e {
            EventSpec::DisableKey { key: r, .. } | EventSpec::CancelKeyDeletion { key: r, .. } => {
                (r, KeyState::Disabled)
            }
            EventSpec::ScheduleKeyDeletion { key: r, .. } => (r, KeyState::PendingDeletion),
            EventSpec::DeleteKey { key: r, .. } => (r, KeyState::Deleted),
            _ => return false,
        };
        to == state && key_index(sc, r) == Some(this)
    })
    .next();
    let mut out = Vec::new();
    if let Some((j, e)) = caused_by {
        let action = patch::get(doc, &format!("/events/{j}/action"))
            .and_then(Value::as_str)
            .unwrap_or("");
        out.extend(remove_event(
            doc,
            j,
            texts::remove_event(action, e.at(), &name),
        ));
        return (out, notes);
    }
    let path = format!("/keys/{k}/state");
    let label = Text::new(format!("state of {name}"), format!("{name} の状態"));
    let set_enabled = |explanation: Text| -> Option<FixOption> {
        let edits = vec![
            test(doc, &path)?,
            Edit::Replace {
                path: path.clone(),
                value: json!("Enabled"),
            },
        ];
        Some(option(
            FixKind::EnableKey,
            edits,
            target(DocumentKind::KeyState, path.clone(), label.clone()),
            explanation,
        ))
    };
    match state {
        KeyState::Disabled => out.extend(set_enabled(texts::enable_key(&name))),
        KeyState::PendingDeletion => {
            let events = vec![
                Edit::Add {
                    path: "/events/-".into(),
                    value: json!({"action": "cancel_key_deletion", "at": "0s", "key": name}),
                },
                Edit::Add {
                    path: "/events/-".into(),
                    value: json!({"action": "enable_key", "at": "0s", "key": name}),
                },
            ];
            let ev_label = Text::new(format!("events for {name}"), format!("{name} のイベント"));
            out.push(option(
                FixKind::CancelKeyDeletion,
                events,
                target(DocumentKind::Events, "/events".into(), ev_label),
                texts::cancel_deletion(&name),
            ));
            out.extend(set_enabled(texts::start_enabled(&name)));
        }
        KeyState::Deleted => out.extend(managed_key_options(sim, doc, key, via)),
        KeyState::Enabled => {}
    }
    (out, notes)
}

/// Settings that name customer key `key` for the service a failed call came through,
/// pointed at the service's AWS managed key instead.
pub fn managed_key_options(sim: &Simulation, doc: &Value, key: u16, via: Via) -> Vec<FixOption> {
    let sc = sim.scenario();
    let old = sc
        .keys
        .get(key as usize)
        .map(|k| k.name.clone())
        .unwrap_or_default();
    let mut settings: Vec<(String, &str, DocumentKind, Text)> = Vec::new();
    let uses = |r: Option<&str>| r.and_then(|r| key_index(sc, r)) == Some(key);
    match via {
        Via::Kinesis => {
            for (i, s) in sc.streams.iter().enumerate() {
                if uses(s.encryption.key.as_deref()) {
                    let label = Text::new(
                        format!("the encryption key of stream {}", s.name),
                        format!("ストリーム {} の暗号化キー", s.name),
                    );
                    let path = format!("/streams/{i}/encryption/key");
                    settings.push((
                        path,
                        "alias/aws/kinesis",
                        DocumentKind::StreamEncryption,
                        label,
                    ));
                }
            }
        }
        Via::S3 => {
            for (i, d) in sc.delivery_streams.iter().enumerate() {
                if uses(d.encryption.as_ref().map(|e| e.kms_key.as_str())) {
                    let label = Text::new(
                        format!("the KMS key of Firehose stream {}", d.name),
                        format!("Firehose ストリーム {} の KMS キー", d.name),
                    );
                    let path = format!("/delivery_streams/{i}/encryption/kms_key");
                    settings.push((
                        path,
                        "alias/aws/s3",
                        DocumentKind::FirehoseEncryption,
                        label,
                    ));
                }
            }
            for (i, b) in sc.buckets.iter().enumerate() {
                if uses(b.default_encryption.kms_key.as_deref()) {
                    let label = Text::new(
                        format!("the default encryption key of bucket {}", b.name),
                        format!("バケット {} のデフォルトの暗号化キー", b.name),
                    );
                    let path = format!("/buckets/{i}/default_encryption/kms_key");
                    settings.push((path, "alias/aws/s3", DocumentKind::BucketEncryption, label));
                }
            }
        }
        Via::Direct => {}
    }
    settings
        .into_iter()
        .filter_map(|(path, alias, kind, label)| {
            let edits = vec![
                test(doc, &path)?,
                Edit::Replace {
                    path: path.clone(),
                    value: json!(alias),
                },
            ];
            let explanation = texts::aws_managed_key(&label, alias, &old);
            let mut o = option(
                FixKind::UseAwsManagedKey,
                edits,
                target(kind, path.clone(), label),
                explanation,
            );
            o.least_privilege = false;
            Some(o)
        })
        .collect()
}

/// Fixes for throttling: the quota (to the most requested in one second), or fewer
/// concurrent credentials for each producer that runs several.
pub fn throttled(sim: &Simulation, doc: &Value) -> Vec<FixOption> {
    let sc = sim.scenario();
    let mut per_second = std::collections::BTreeMap::<i64, u32>::new();
    for c in &sim.cloud.kms.calls {
        *per_second
            .entry(c.time.0.div_euclid(crate::runtime::clock::SEC))
            .or_default() += 1;
    }
    let peak = per_second.values().copied().max().unwrap_or(0);
    let quota = sc.kms.request_quota_per_second;
    let mut out = Vec::new();
    let path = "/kms/request_quota_per_second".to_string();
    if peak > quota {
        if let Some(t) = test(doc, &path) {
            let edits = vec![
                t,
                Edit::Replace {
                    path: path.clone(),
                    value: json!(peak),
                },
            ];
            let label = Text::lit("KMS request quota", "KMS のリクエストクォータ");
            let mut o = option(
                FixKind::RaiseKmsQuota,
                edits,
                target(DocumentKind::KmsSettings, path, label),
                texts::raise_quota(quota, peak),
            );
            o.modelled = Some(texts::throttling_modelled());
            o.least_privilege = false;
            out.push(o);
        }
    }
    for (i, p) in sc.producers.iter().enumerate() {
        if p.concurrency <= 1 {
            continue;
        }
        let to = quota.clamp(1, p.concurrency - 1);
        let path = format!("/producers/{i}/concurrency");
        let Some(t) = test(doc, &path) else { continue };
        let edits = vec![
            t,
            Edit::Replace {
                path: path.clone(),
                value: json!(to),
            },
        ];
        let label = Text::new(
            format!("concurrency of {}", p.name),
            format!("{} の同時実行数", p.name),
        );
        let mut o = option(
            FixKind::LowerConcurrency,
            edits,
            target(DocumentKind::Producer, path, label),
            texts::lower_concurrency(&p.name, p.concurrency, to),
        );
        o.modelled = Some(texts::throttling_modelled());
        o.least_privilege = false;
        out.push(o);
    }
    out
}

/// Fixes for a Decrypt that could not decrypt (KMS call `call`): the blob as made, or the
/// context it was made with.
pub fn ciphertext(sim: &Simulation, call: u32, doc: &Value) -> Vec<FixOption> {
    let Some(c) = sim.cloud.kms.calls.get(call as usize) else {
        return vec![];
    };
    let role = sim.role_name_of_session(c.principal);
    let mut out = Vec::new();
    for (j, e) in events_before(sim, c.time, |e| matches!(e, EventSpec::KmsRequest { .. })) {
        let EventSpec::KmsRequest {
            role: r,
            tamper,
            encryption_context,
            at,
            ..
        } = e
        else {
            continue;
        };
        if Some(r.as_str()) != role.as_deref()
            || sim.scenario().time_at(at, "").ok() != Some(c.time)
        {
            continue;
        }
        let label = Text::new(format!("event {j}"), format!("イベント {j}"));
        if *tamper {
            let path = format!("/events/{j}/tamper");
            if let Some(t) = test(doc, &path) {
                let edits = vec![
                    t,
                    Edit::Replace {
                        path: path.clone(),
                        value: json!(false),
                    },
                ];
                out.push(option(
                    FixKind::OriginalCiphertext,
                    edits,
                    target(DocumentKind::Events, format!("/events/{j}"), label.clone()),
                    texts::original_ciphertext(),
                ));
            }
        }
        if encryption_context.is_some() {
            let path = format!("/events/{j}/encryption_context");
            let made_with = sim
                .cloud
                .kms
                .data_keys
                .get(c.data_key.unwrap_or(u32::MAX) as usize)
                .map(|d| json!(sim.cloud.context_of(d.ctx)).to_string())
                .unwrap_or_default();
            if let Some(t) = test(doc, &path) {
                let edits = vec![t, Edit::Remove { path }];
                out.push(option(
                    FixKind::MatchingContext,
                    edits,
                    target(DocumentKind::Events, format!("/events/{j}"), label),
                    texts::matching_context(&made_with),
                ));
            }
        }
        break;
    }
    out
}

/// Fixes for a reader whose AWS Encryption SDK refused a message (step `at_step`): the
/// producer's encryption context as the required one, or the messages as they were made.
pub fn sdk(sim: &Simulation, at_step: u32, doc: &Value) -> Vec<FixOption> {
    let Some(step) = sim.any_step(at_step) else {
        return vec![];
    };
    let sc = sim.scenario();
    // The reader whose run this was: its role's actor, at its time.
    let Some((j, reader)) = sc.readers.iter().enumerate().find(|(_, r)| {
        r.client_side.is_some()
            && *step.actor == *format!("Reader {}", r.role)
            && sc.time_at(&r.at, "").ok() == Some(step.time)
    }) else {
        return vec![];
    };
    let Some(settings) = &reader.client_side else {
        return vec![];
    };
    let label = Text::new(format!("reader {j}"), format!("リーダー {j}"));
    let base = format!("/readers/{j}/client_side");
    let mut out = Vec::new();
    match step.outcome.code() {
        Some("EncryptionContextMismatch") => {
            let produced = sc
                .producers
                .iter()
                .filter_map(|p| p.client_side.as_ref())
                .map(|c| c.encryption_context.clone())
                .next();
            let path = format!("{base}/encryption_context");
            if let (Some(ctx), Some(t)) = (produced, test(doc, &path)) {
                let shown = json!(ctx).to_string();
                let edits = vec![
                    t,
                    Edit::Replace {
                        path,
                        value: json!(ctx),
                    },
                ];
                out.push(option(
                    FixKind::RequiredContext,
                    edits,
                    target(DocumentKind::Reader, base.clone(), label),
                    texts::required_context(&shown),
                ));
            }
        }
        Some(_) if settings.tamper => {
            let path = format!("{base}/tamper");
            if let Some(t) = test(doc, &path) {
                let edits = vec![t, Edit::Remove { path }];
                out.push(option(
                    FixKind::OriginalCiphertext,
                    edits,
                    target(DocumentKind::Reader, base.clone(), label),
                    texts::original_message(),
                ));
            }
        }
        _ => {}
    }
    out
}

/// Fixes for an event that names something missing at its time (`at`): remove it.
pub fn missing(sim: &Simulation, at: SimTime, doc: &Value) -> Vec<FixOption> {
    events_before(sim, at, |e| {
        matches!(
            e,
            EventSpec::GetObject { .. } | EventSpec::KmsRequest { .. }
        )
    })
    .filter(|(_, e)| sim.scenario().time_at(e.at(), "").ok() == Some(at))
    .take(1)
    .filter_map(|(j, e)| {
        let action = patch::get(doc, &format!("/events/{j}/action"))
            .and_then(Value::as_str)
            .unwrap_or("");
        remove_event(doc, j, texts::remove_missing_event(action, e.at()))
    })
    .collect()
}

/// Settings that cause a KMS denial: the Bucket Key (whose context is the bucket ARN), and
/// a customer managed key where the service's AWS managed key needs no policy.
pub fn settings(sim: &Simulation, auth: &AuthReq, doc: &Value) -> Vec<FixOption> {
    let mut out = Vec::new();
    if let CtxRef::Bucket(b) = auth.ctx {
        let path = format!("/buckets/{b}/default_encryption/bucket_key");
        if patch::get(doc, &path) == Some(&json!(true)) {
            let name = sim
                .scenario()
                .buckets
                .get(b as usize)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            let edits = vec![
                Edit::Test {
                    path: path.clone(),
                    value: json!(true),
                },
                Edit::Replace {
                    path: path.clone(),
                    value: json!(false),
                },
            ];
            let label = Text::new(
                format!("default encryption of {name}"),
                format!("{name} のデフォルトの暗号化"),
            );
            let mut o = option(
                FixKind::DisableBucketKey,
                edits,
                target(DocumentKind::BucketEncryption, path, label),
                texts::disable_bucket_key(&name),
            );
            o.least_privilege = false;
            out.push(o);
        }
    }
    // Pointing a setting at another key changes what is encrypted from then on; a Decrypt
    // through S3 reads objects already written, which no setting re-encrypts.
    let reads_existing =
        auth.via == Via::S3 && auth.action == crate::runtime::auth::Action::KmsDecrypt;
    if let (Resource::Key(k), Principal::Session(_), false) =
        (auth.resource, auth.principal, reads_existing)
    {
        out.extend(managed_key_options(sim, doc, k, auth.via));
    }
    out
}

impl Simulation {
    /// The role name of session `s`.
    pub(crate) fn role_name_of_session(&self, s: u16) -> Option<String> {
        let iam = &self.cloud.iam;
        let role = iam.session(s)?.role;
        iam.roles.get(role as usize).map(|r| r.name.clone())
    }
}

/// An object another account owns, which the bucket owner's reader may not open: the
/// bucket's Object Ownership set to BucketOwnerEnforced (in the bucket owner's account), so
/// the objects written from then on are the bucket owner's and its bucket policy and IAM
/// decide (S3 User Guide, "Controlling ownership of objects and disabling ACLs for your
/// bucket"). Objects already written keep their owner: AWS changes no existing owner.
pub fn object_owner(sim: &Simulation, object: u32, doc: &Value) -> Vec<FixOption> {
    let c = &sim.cloud;
    let Some(o) = c.s3.objects.get(object as usize) else {
        return Vec::new();
    };
    let b = c.s3.bucket_of(o.name) as usize;
    let Some(bucket) = c.s3.buckets.get(b) else {
        return Vec::new();
    };
    let base = format!("/buckets/{b}");
    let path = format!("{base}/object_ownership");
    let value = json!("BucketOwnerEnforced");
    let Some(guard) = test(doc, &format!("{base}/name")) else {
        return Vec::new();
    };
    let set = match patch::get(doc, &path) {
        Some(_) => Edit::Replace {
            path: path.clone(),
            value,
        },
        None => Edit::Add {
            path: path.clone(),
            value,
        },
    };
    let label = Text::new(
        format!(
            "Object Ownership of {} (account {})",
            bucket.name, bucket.account
        ),
        format!(
            "{} のオブジェクト所有者 (アカウント {})",
            bucket.name, bucket.account
        ),
    );
    let mut o = option(
        FixKind::BucketOwnerEnforced,
        vec![guard, set],
        target(DocumentKind::ObjectOwnership, path, label),
        texts::bucket_owner_enforced(&bucket.name, &bucket.account),
    );
    o.modelled = Some(crate::runtime::notes::OBJECT_OWNERSHIP_NOTE.clone());
    vec![o]
}
