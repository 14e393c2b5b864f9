//! What the pipeline diagram shows at a step: the names of the boxes, where the current step
//! happens, the counts in the stream, the Firehose buffer and the bucket, and the two keys'
//! states.
//!
//! Two ways to count: [`Simulation::count`] reads the services' state now, as the
//! snapshot does (the UI replays a copy of the run to the step), [`Simulation::count_at`] filters the final state by step for a
//! step too far back to replay (exact but for the Firehose buffer, which it approximates,
//! and for records past the stream's retention, which it still counts).

use crate::cloud::kinesis::RecordStatus;
use crate::cloud::s3::S3Object;
use crate::runtime::trace::StepDetail;
use crate::sim::scenario::{EncryptionType, KeyState};
use crate::sim::simulation::Simulation;

use super::stage::Stage;

/// The diagram at a step.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Diagram {
    /// Producer function name.
    pub producer: String,
    /// Stream name.
    pub stream: String,
    /// Delivery stream name.
    pub firehose: String,
    /// Bucket name.
    pub bucket: String,
    /// The stream's key (else the scenario's first key).
    pub kinesis_key: String,
    /// Firehose's S3 key (else the scenario's second key).
    pub s3_key: String,
    /// Role names.
    pub producer_role: String,
    /// Firehose's source role.
    pub source_role: String,
    /// Firehose's destination role.
    pub destination_role: String,
    /// Records within retention in the stream's shards (counts and key states are zero
    /// from [`Simulation::diagram`]; [`Simulation::count`] or [`Simulation::count_at`] fill
    /// them in).
    pub shard_records: usize,
    /// Of those, stored encrypted.
    pub shard_encrypted: usize,
    /// Records in Firehose's buffer or in a batch waiting for (re)delivery.
    pub buffered: usize,
    /// Objects in the bucket.
    pub objects: usize,
    /// The stream's EncryptionType is KMS.
    pub stream_encrypted: bool,
    /// State of the stream's key.
    pub kinesis_key_state: KeyState,
    /// State of the bucket's key.
    pub s3_key_state: KeyState,
    /// Where the current step happens.
    pub active: Option<Stage>,
    /// A record token travelling from one stage to another in this step.
    pub moving: Option<(Stage, Stage)>,
    /// The current step failed here, with this exception.
    pub denied: Option<(Stage, String)>,
    /// The current step (`#8 Lambda DataSourceLambda → kinesis PutRecord ✓`), in English.
    pub caption: String,
    /// The number of steps taken.
    pub step: usize,
    /// The accounts the boxes belong to, when they are in more than one.
    pub accounts: Vec<super::accounts::AccountBoundary>,
}

impl Simulation {
    /// The diagram after `cursor` steps, without counts: names from the scenario, the
    /// current step from the trace.
    pub fn diagram(&self, cursor: usize) -> Diagram {
        let sc = self.scenario();
        let steps = self.steps();
        let cursor = cursor.min(steps.len());
        let stream = sc.streams.first();
        let firehose = sc.delivery_streams.first();
        let producer = sc.producers.first();
        let name = |n: Option<&String>| n.cloned().unwrap_or_default();
        let current = cursor.checked_sub(1).and_then(|i| steps.get(i));
        let (active, moving) = current.map(|s| self.stage_of(s)).unwrap_or((None, None));
        let mut d = Diagram {
            producer: name(producer.map(|p| &p.name)),
            stream: name(stream.map(|s| &s.name)),
            firehose: name(firehose.map(|d| &d.name)),
            bucket: name(sc.buckets.first().map(|b| &b.name)),
            kinesis_key: name(
                stream
                    .and_then(|s| s.encryption.key.as_ref())
                    .or_else(|| sc.keys.first().map(|k| &k.name)),
            ),
            s3_key: name(
                firehose
                    .and_then(|d| d.encryption.as_ref().map(|e| &e.kms_key))
                    .or_else(|| sc.keys.get(1).map(|k| &k.name)),
            ),
            producer_role: name(producer.map(|p| &p.role)),
            source_role: name(firehose.map(|d| &d.source_role)),
            destination_role: name(firehose.map(|d| &d.destination_role)),
            active,
            moving,
            denied: current.and_then(|s| Some((active?, s.outcome.code()?.to_string()))),
            caption: current
                .map(|s| {
                    let outcome = match s.outcome.code() {
                        Some(c) => format!(" ✗ {c}"),
                        None => " ✓".into(),
                    };
                    format!(
                        "#{cursor} {} → {} {}{outcome}",
                        s.actor, s.service, s.operation
                    )
                })
                .unwrap_or_default(),
            step: cursor,
            ..Diagram::default()
        };
        d.accounts = super::accounts::boundaries(sc, &d);
        d
    }

    /// Fills in `d`'s counts and key states from this simulation's state now.
    pub fn count(&self, d: &mut Diagram) {
        let cloud = &self.cloud;
        let kinesis = &cloud.kinesis;
        let stream = kinesis.streams.first();
        let live = || {
            stream
                .into_iter()
                .flat_map(|s| &s.shards)
                .flat_map(|sh| sh.live())
        };
        let key_state = |name: &str| {
            cloud
                .kms
                .keys
                .iter()
                .find(|k| k.name == name)
                .map(|k| k.state)
                .unwrap_or_default()
        };
        d.shard_records = live().count();
        d.shard_encrypted = live()
            .filter(|&&ri| {
                kinesis
                    .records
                    .get(ri as usize)
                    .is_some_and(|r| r.data_key.is_some())
            })
            .count();
        d.buffered = cloud
            .firehose
            .streams
            .first()
            .map_or(0, |f| f.waiting_records());
        d.objects = cloud.s3.buckets.first().map_or(0, |b| b.current.len());
        d.stream_encrypted = stream.is_some_and(|s| s.configured_key.is_some());
        d.kinesis_key_state = key_state(&d.kinesis_key);
        d.s3_key_state = key_state(&d.s3_key);
    }

    /// The state of the key named `name` after `cursor` steps: its state in the scenario,
    /// changed by every key state change the run made before then.
    pub fn key_state_at(&self, name: &str, cursor: usize) -> KeyState {
        let kms = &self.cloud.kms;
        let initial = self
            .scenario()
            .keys
            .iter()
            .find(|k| k.name == name)
            .map(|k| k.state)
            .unwrap_or_default();
        let Some(index) = kms.keys.iter().position(|k| k.name == name) else {
            return initial;
        };
        kms.state_changes
            .iter()
            .take_while(|(step, _, _)| (*step as usize) < cursor)
            .filter(|(_, key, _)| *key as usize == index)
            .last()
            .map_or(initial, |(_, _, state)| *state)
    }

    /// Fills in `d`'s counts and key states after `cursor` steps, from the final state
    /// filtered by the step each record, read and object belongs to (no replay). The
    /// buffer is what was read and not yet delivered.
    pub fn count_at(&self, cursor: usize, d: &mut Diagram) {
        let cloud = &self.cloud;
        let steps = self.steps();
        let cursor = cursor.min(steps.len());
        let before = &steps[..cursor];
        let c = cursor as u32;
        let in_shard: Vec<_> = cloud
            .kinesis
            .records
            .iter()
            .filter(|rec| rec.put_step < c && rec.status != RecordStatus::Rejected)
            .collect();
        let read: u64 = before
            .iter()
            .map(|s| match (s.detail, s.outcome.is_ok()) {
                (StepDetail::GetRecords { count, .. }, true) => u64::from(count),
                _ => 0,
            })
            .sum();
        let delivered: u64 = cloud
            .s3
            .objects
            .iter()
            .filter(|o| o.step < c)
            .map(|o| o.records.len() as u64)
            .sum();
        let in_first_bucket = |o: &&S3Object| {
            cloud
                .s3
                .names
                .get(o.name as usize)
                .is_some_and(|n| n.bucket == 0)
        };
        let objects = self
            .current_objects(cursor)
            .into_iter()
            .filter(in_first_bucket)
            .count();
        let stream_encrypted = before
            .iter()
            .rev()
            .find_map(|s| match (s.detail, s.outcome.is_ok()) {
                (StepDetail::StreamEncryption { key, .. }, true) => Some(key.is_some()),
                _ => None,
            })
            .unwrap_or_else(|| {
                self.scenario().streams.first().is_some_and(|s| {
                    s.encryption.key.is_some()
                        && s.encryption.encryption_type == EncryptionType::Kms
                })
            });
        d.shard_records = in_shard.len();
        d.shard_encrypted = in_shard.iter().filter(|r| r.data_key.is_some()).count();
        d.buffered = read.saturating_sub(delivered) as usize;
        d.objects = objects;
        d.stream_encrypted = stream_encrypted;
        d.kinesis_key_state = self.key_state_at(&d.kinesis_key, cursor);
        d.s3_key_state = self.key_state_at(&d.s3_key, cursor);
    }
}
