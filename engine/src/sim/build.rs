//! Builds the simulated account from a scenario: roles, keys (with material from the
//! seeded RNG), buckets and their existing objects, streams, producers, delivery streams.

use crate::cloud::client_side::ClientSide;
use crate::cloud::firehose::DeliveryStream;
use crate::cloud::iam::{named, Role};
use crate::cloud::kinesis::{shard_ranges, Shard, Stream};
use crate::cloud::kms::KmsKey;
use crate::cloud::lambda::Producer;
use crate::cloud::s3::{Bucket, BucketDefault, NewVersion, ObjectKey, Protection};
use crate::cloud::{Cloud, CtxRef};
use crate::crypto::Sealer;
use crate::esdk::{AlgorithmSuite, CachingManager};
use crate::policy::NamedPolicy;
use crate::policy::PolicyError;
use crate::runtime::clock::{SimTime, HOUR, SEC};
use crate::runtime::rng::SimRng;
use crate::sim::keys::{
    aws_managed_key_id, aws_managed_key_policy, aws_s3_index, customer_key_arn, customer_key_id,
    default_encryption_key, grant, key_arn, key_index,
};
use crate::sim::scenario::{
    ClientSuite, EncryptionType, KeyState, Scenario, ScenarioError, SseAlgorithm,
};
use crate::sim::validate::policy_error;

/// A policy document the parser rejected (see [`policy_error`]).
fn err(path: String, e: PolicyError) -> ScenarioError {
    policy_error(&path, e)
}

/// The scenario's roles with their policies, each document parsed once.
fn roles(cloud: &mut Cloud, s: &Scenario) -> Result<(), ScenarioError> {
    for (i, r) in s.roles.iter().enumerate() {
        let mut identity = Vec::new();
        for (j, p) in r.inline_policies.iter().enumerate() {
            identity.push(
                named(&p.name, &p.document)
                    .map_err(|m| err(format!("roles[{i}].inline_policies[{j}].document"), m))?,
            );
        }
        for (j, p) in r.attached_policies.iter().enumerate() {
            identity.push(
                named(&p.name, &p.document)
                    .map_err(|m| err(format!("roles[{i}].attached_policies[{j}].document"), m))?,
            );
        }
        let boundary = match &r.permissions_boundary {
            Some(b) => Some(
                named("PermissionsBoundary", b)
                    .map_err(|m| err(format!("roles[{i}].permissions_boundary"), m))?,
            ),
            None => None,
        };
        let trust = named(&format!("{} trust policy", r.name), &r.trust_policy)
            .map_err(|m| err(format!("roles[{i}].trust_policy"), m))?;
        let account = r.account.as_deref().unwrap_or(&s.account);
        let role = Role::new(account, &r.name, identity, boundary, trust);
        cloud.iam.roles.push(role);
    }
    Ok(())
}

/// Fills `cloud` from `s` (already validated).
pub fn build(cloud: &mut Cloud, s: &Scenario, start: SimTime) -> Result<(), ScenarioError> {
    // Key material comes from a generator of its own so that editing the pipeline does
    // not change every key, while the seed still does.
    let mut key_rng = SimRng::derived(cloud.seed, 1);
    roles(cloud, s)?;
    keys(cloud, s, start, &mut key_rng)?;
    buckets(cloud, s, start, &mut key_rng)?;
    streams(cloud, s, start)?;
    producers(cloud, s)?;
    delivery_streams(cloud, s, start);
    cloud.multi_account = s.organization.is_some() || !s.other_accounts().is_empty();
    if let Some(v) = &s.organization {
        cloud.org = Some(Box::new(
            crate::org::OrgState::from_json(v).map_err(crate::sim::validate::org_error)?,
        ));
    }
    Ok(())
}

/// The customer managed keys in scenario order, then `aws/kinesis` and `aws/s3`.
fn keys(
    cloud: &mut Cloud,
    s: &Scenario,
    start: SimTime,
    key_rng: &mut SimRng,
) -> Result<(), ScenarioError> {
    let (account, region) = (&s.account, &s.region);
    for (i, k) in s.keys.iter().enumerate() {
        let policy = named(&format!("{} key policy", k.name), &k.policy)
            .map_err(|m| err(format!("keys[{i}].policy"), m))?;
        let key_id = customer_key_id(s, i);
        let arn = customer_key_arn(s, i);
        let mut key = KmsKey::new(&k.name, key_id, arn, policy, &key_rng.key());
        key.aliases = k.aliases.clone();
        key.state = k.state;
        key.deletion_date =
            (k.state == KeyState::PendingDeletion).then(|| start.plus(30 * 24 * HOUR));
        key.grants = k.grants.iter().map(grant).collect();
        cloud.kms.keys.push(key);
    }
    for (service, label) in [("kinesis", "Amazon Kinesis"), ("s3", "S3")] {
        let policy = named(
            &format!("aws/{service} key policy"),
            &aws_managed_key_policy(account, region, service, label),
        )
        .map_err(|m| err("keys".into(), m))?;
        let key_id = aws_managed_key_id(s, service);
        let arn = key_arn(s, &key_id);
        let name = format!("aws/{service}");
        let mut key = KmsKey::new(&name, key_id, arn, policy, &key_rng.key());
        key.aliases = vec![format!("alias/aws/{service}")];
        key.aws_managed = true;
        cloud.kms.keys.push(key);
    }
    cloud.kms.quota_per_second = s.kms.request_quota_per_second;
    Ok(())
}

/// Buckets with their default encryption and policy, then their existing objects (S3's
/// own SSE-S3 key first).
fn buckets(
    cloud: &mut Cloud,
    s: &Scenario,
    start: SimTime,
    key_rng: &mut SimRng,
) -> Result<(), ScenarioError> {
    cloud.s3.owned_key = Some(Sealer::new(&key_rng.key()));
    for (i, b) in s.buckets.iter().enumerate() {
        let policy: Option<NamedPolicy> = match &b.policy {
            Some(p) => Some(
                named(&format!("{} bucket policy", b.name), p)
                    .map_err(|m| err(format!("buckets[{i}].policy"), m))?,
            ),
            None => None,
        };
        let account = cloud.intern(b.account.as_deref().unwrap_or(&s.account));
        cloud.s3.buckets.push(Bucket {
            name: b.name.clone(),
            arn: format!("arn:aws:s3:::{}", b.name),
            default: BucketDefault {
                sse: b.default_encryption.sse,
                kms_key: default_encryption_key(s, &b.default_encryption),
                bucket_key: b.default_encryption.bucket_key,
            },
            policy,
            account,
            ownership: b.object_ownership.unwrap_or_default(),
            current: Default::default(),
        });
    }
    for (bi, b) in s.buckets.iter().enumerate() {
        for o in &b.existing_objects {
            seed_object(cloud, s, bi as u16, o, start, key_rng);
        }
    }
    Ok(())
}

/// Kinesis streams, their shards' hash ranges and sequence numbers drawn from the RNG.
fn streams(cloud: &mut Cloud, s: &Scenario, start: SimTime) -> Result<(), ScenarioError> {
    for (i, st) in s.streams.iter().enumerate() {
        let policy = match &st.policy {
            Some(p) => Some(
                named(&format!("{} stream policy", st.name), p)
                    .map_err(|m| err(format!("streams[{i}].policy"), m))?,
            ),
            None => None,
        };
        let shards = shard_ranges(st.shards)
            .into_iter()
            .enumerate()
            .map(|(i, (lo, hi))| {
                let prefix =
                    9_000_000_000_000_000_000u64 + cloud.rng.below(999_999_999_999_999_999);
                let first = 100_000_000_000_000_000_000_000_000_000_000_000u128
                    + (cloud.rng.next_u64() as u128) * 1_000_000;
                Shard {
                    id: format!("shardId-{i:012}"),
                    start_hash: lo,
                    end_hash: hi,
                    seq_prefix: prefix,
                    first_seq: first,
                    next_seq: first,
                    records: Vec::new(),
                    trimmed: 0,
                }
            })
            .collect();
        let key = match st.encryption.encryption_type {
            EncryptionType::Kms => st.encryption.key.as_deref().and_then(|k| key_index(s, k)),
            EncryptionType::None => None,
        };
        cloud.kinesis.streams.push(Stream {
            name: st.name.clone(),
            arn: format!(
                "arn:aws:kinesis:{}:{}:stream/{}",
                s.region,
                st.account.as_deref().unwrap_or(&s.account),
                st.name
            ),
            created: start,
            shards,
            retention: st.retention_hours as i64 * HOUR,
            key,
            configured_key: key,
            updating_until: None,
            consumers: vec![],
            records_read: 0,
            policy,
        });
    }
    Ok(())
}

/// The Lambda producers, each with its role and stream.
fn producers(cloud: &mut Cloud, s: &Scenario) -> Result<(), ScenarioError> {
    for (i, p) in s.producers.iter().enumerate() {
        let role = cloud.iam.role_index(&p.role).ok_or_else(|| {
            ScenarioError::new(
                format!("producers[{i}].role"),
                "unknown role",
                "不明なロールです",
            )
        })?;
        let stream = s
            .streams
            .iter()
            .position(|x| x.name == p.stream)
            .ok_or_else(|| {
                ScenarioError::new(
                    format!("producers[{i}].stream"),
                    "unknown stream",
                    "不明なストリームです",
                )
            })? as u16;
        let actor = cloud.intern(&format!("Lambda {}", p.name));
        let pk = cloud.intern(&p.partition_key);
        cloud.lambda.producers.push(Producer {
            name: p.name.clone(),
            actor,
            role,
            stream,
            sessions: vec![None; p.concurrency as usize],
            hash_key: crate::cloud::kinesis::hash_key(&p.partition_key),
            partition_key: pk,
            invocations: p.invocations,
            records_per_invocation: p.records_per_invocation,
            spacing: s.duration_at(&p.record_spacing, &format!("producers[{i}].record_spacing"))?,
            interval: s.duration_at(
                &p.invocation_interval,
                &format!("producers[{i}].invocation_interval"),
            )?,
            start: s.time_at(&p.start, &format!("producers[{i}].start"))?,
            concurrency: p.concurrency,
            api: p.api,
            put_ok: 0,
            put_failed: 0,
            client_side: client_side(cloud, s, p, i)?,
        });
    }
    Ok(())
}

/// A producer's client-side encryption: its key's ARN, suite, context and cache.
fn client_side(
    cloud: &Cloud,
    s: &Scenario,
    p: &crate::sim::scenario::ProducerSpec,
    i: usize,
) -> Result<Option<ClientSide>, ScenarioError> {
    let Some(c) = &p.client_side else {
        return Ok(None);
    };
    let path = format!("producers[{i}].client_side");
    let key_arn = key_index(s, &c.key)
        .and_then(|k| cloud.kms.keys.get(k as usize))
        .map(|k| k.arn.clone())
        .ok_or_else(|| {
            ScenarioError::new(format!("{path}.key"), "unknown key", "不明なキーです")
        })?;
    let suite = match c.algorithm_suite {
        ClientSuite::CommitKey => AlgorithmSuite::Aes256GcmHkdfSha512CommitKey,
        ClientSuite::CommitKeyEcdsaP384 => AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384,
    };
    let cache = match &c.data_key_caching {
        None => None,
        Some(d) => {
            let limits =
                crate::sim::validate::cache_limits(s, d, &format!("{path}.data_key_caching"))?;
            CachingManager::new(limits, 1).ok()
        }
    };
    Ok(Some(ClientSide {
        key_arn,
        suite,
        context: c.encryption_context.clone(),
        cache,
        sealed: 0,
        failed: 0,
    }))
}

/// Firehose delivery streams, each registered as a consumer of its source stream.
fn delivery_streams(cloud: &mut Cloud, s: &Scenario, start: SimTime) {
    for (i, d) in s.delivery_streams.iter().enumerate() {
        let stream = s
            .streams
            .iter()
            .position(|x| x.name == d.source_stream)
            .unwrap_or(0) as u16;
        let shards = cloud
            .kinesis
            .streams
            .get(stream as usize)
            .map(|x| x.shards.len())
            .unwrap_or(0);
        let bucket = s
            .buckets
            .iter()
            .position(|b| b.name == d.bucket)
            .unwrap_or(0) as u16;
        let source_role = cloud.iam.role_index(&d.source_role).unwrap_or(0);
        let dest_role = cloud.iam.role_index(&d.destination_role).unwrap_or(0);
        let actor = cloud.intern(&format!("Firehose {}", d.name));
        let log_group = d
            .cloudwatch_logging
            .log_group
            .clone()
            .unwrap_or_else(|| format!("/aws/kinesisfirehose/{}", d.name));
        cloud.firehose.streams.push(DeliveryStream {
            name: d.name.clone(),
            arn: format!(
                "arn:aws:firehose:{}:{}:deliverystream/{}",
                s.region,
                d.account.as_deref().unwrap_or(&s.account),
                d.name
            ),
            actor,
            source_stream: stream,
            source_role,
            dest_role,
            source_session: u16::MAX,
            dest_session: u16::MAX,
            bucket,
            prefix: d.prefix.clone(),
            size_limit: d.buffering.size_mb as usize * 1024 * 1024,
            interval: d.buffering.interval_seconds as i64 * SEC,
            kms_key: d.encryption.as_ref().and_then(|e| key_index(s, &e.kms_key)),
            log_group,
            log_stream: d.cloudwatch_logging.log_stream.clone(),
            logging: d.cloudwatch_logging.enabled,
            tick_origin: start,
            positions: vec![0; shards],
            poll_pending: vec![false; shards],
            backoff: vec![0; shards],
            buffer_records: vec![],
            buffer_body: vec![],
            buffer_opened: None,
            buffer_generation: 0,
            batches: vec![],
            read: 0,
            started: false,
        });
        if let Some(st) = cloud.kinesis.streams.get_mut(stream as usize) {
            st.consumers.push(i as u16);
        }
    }
}

/// Stores an object that exists before the run (no trace step, no KMS call log: it was
/// written before the simulation began).
fn seed_object(
    cloud: &mut Cloud,
    s: &Scenario,
    bucket: u16,
    o: &crate::sim::scenario::ExistingObjectSpec,
    start: SimTime,
    rng: &mut SimRng,
) {
    let default = match cloud.s3.buckets.get(bucket as usize) {
        Some(b) => b.default,
        None => return,
    };
    let sse = o.sse.unwrap_or(default.sse);
    let kms_key = match sse {
        SseAlgorithm::AwsKms => o
            .kms_key
            .as_deref()
            .and_then(|k| key_index(s, k))
            .or(default.kms_key)
            .or(Some(aws_s3_index(s))),
        _ => None,
    };
    let name = cloud.s3.name_index(bucket, &o.key);
    let object_key = ObjectKey::draw(rng);
    let protection = match (sse, kms_key) {
        (SseAlgorithm::None, _) | (SseAlgorithm::AwsKms, None) => Protection::None,
        (SseAlgorithm::Aes256, _) => Protection::S3Owned,
        (SseAlgorithm::AwsKms, Some(k)) => {
            let ctx_ref = if o.bucket_key {
                CtxRef::Bucket(bucket)
            } else {
                CtxRef::Object(name)
            };
            let ctx = cloud.context_of(ctx_ref);
            let Some(dk) = cloud.kms.new_data_key(rng, k, ctx_ref, &ctx, start) else {
                return;
            };
            if o.bucket_key {
                Protection::BucketKey(dk)
            } else {
                Protection::Kms(dk)
            }
        }
    };
    let version = NewVersion {
        name,
        body: o.body.as_bytes(),
        sse,
        kms_key,
        records: vec![],
        time: start,
        step: u32::MAX,
    };
    cloud
        .s3
        .put_version(&cloud.kms.data_keys, rng, object_key, protection, version);
}
