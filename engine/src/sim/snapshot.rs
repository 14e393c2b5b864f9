//! A serde snapshot of every service's state at the current simulated time, for the UI's
//! diagram and side panels.

use serde::Serialize;

use crate::cloud::firehose::{BatchState, DeliveryStream};
use crate::cloud::kinesis::{RecordStatus, Shard, Stream};
use crate::cloud::kms::{KeyUsage, KmsKey, KmsOp};
use crate::cloud::lambda::Producer;
use crate::cloud::s3::Bucket;
use crate::sim::inspect::{b64, InventoryRow};
use crate::sim::scenario::KeyState;
use crate::sim::simulation::Simulation;
use crate::sim::summary::sse_label;

/// Most records listed per shard (the newest are shown; `total` gives the count).
pub const RECORDS_PER_SHARD: usize = 200;

/// State of the whole pipeline.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    /// Simulated time.
    pub time: String,
    /// Steps so far.
    pub steps: u32,
    /// Nothing left to happen.
    pub finished: bool,
    /// KMS keys.
    pub kms_keys: Vec<KeySnapshot>,
    /// Successful KMS calls per operation.
    pub kms_usage: Vec<(String, u64)>,
    /// Data keys generated.
    pub data_keys_generated: usize,
    /// Streams.
    pub streams: Vec<StreamSnapshot>,
    /// Delivery streams.
    pub firehose: Vec<FirehoseSnapshot>,
    /// Buckets.
    pub buckets: Vec<BucketSnapshot>,
    /// CloudWatch Logs events of Firehose.
    pub cloudwatch_logs: Vec<LogSnapshot>,
    /// Producers.
    pub producers: Vec<ProducerSnapshot>,
}

/// A KMS key.
#[derive(Debug, Clone, Serialize)]
pub struct KeySnapshot {
    /// Name.
    pub name: String,
    /// Key id.
    pub key_id: String,
    /// ARN.
    pub arn: String,
    /// Aliases.
    pub aliases: Vec<String>,
    /// AWS managed.
    pub aws_managed: bool,
    /// State.
    pub state: KeyState,
    /// Deletion date when pending deletion.
    pub deletion_date: Option<String>,
    /// Counters.
    pub usage: KeyUsage,
}

/// A record as listed in a shard.
#[derive(Debug, Clone, Serialize)]
pub struct RecordSnapshot {
    /// Record index (matches step record refs).
    pub record: u32,
    /// Sequence number.
    pub sequence_number: String,
    /// Partition key.
    pub partition_key: String,
    /// `KMS` or `NONE`.
    pub encryption_type: &'static str,
    /// Arrival time.
    pub approximate_arrival: String,
    /// First bytes at rest: base64 ciphertext when encrypted, text when not.
    pub stored_preview: String,
    /// Size at rest.
    pub size: usize,
    /// in_stream, read, delivered, lost.
    pub status: &'static str,
}

/// A shard.
#[derive(Debug, Clone, Serialize)]
pub struct ShardSnapshot {
    /// Shard id.
    pub shard_id: String,
    /// Hash key range start.
    pub starting_hash_key: String,
    /// Hash key range end.
    pub ending_hash_key: String,
    /// Records within retention.
    pub total: usize,
    /// The newest records.
    pub records: Vec<RecordSnapshot>,
}

/// A stream.
#[derive(Debug, Clone, Serialize)]
pub struct StreamSnapshot {
    /// Name.
    pub name: String,
    /// ARN.
    pub arn: String,
    /// ACTIVE or UPDATING.
    pub status: &'static str,
    /// NONE or KMS.
    pub encryption_type: &'static str,
    /// Key ARN.
    pub key_id: Option<String>,
    /// Retention hours.
    pub retention_hours: i64,
    /// Shards.
    pub shards: Vec<ShardSnapshot>,
}

/// A delivery stream.
#[derive(Debug, Clone, Serialize)]
pub struct FirehoseSnapshot {
    /// Name.
    pub name: String,
    /// Records in the buffer.
    pub buffer_records: Vec<u32>,
    /// Bytes in the buffer.
    pub buffer_bytes: usize,
    /// When the buffer started filling.
    pub buffer_since: Option<String>,
    /// Batches waiting for (re)delivery: (object key, records, attempts).
    pub pending_batches: Vec<(String, usize, u32)>,
    /// Objects delivered.
    pub delivered_batches: usize,
    /// Batches given up.
    pub abandoned_batches: usize,
    /// Records read from the source.
    pub records_read: u64,
}

/// A bucket.
#[derive(Debug, Clone, Serialize)]
pub struct BucketSnapshot {
    /// Name.
    pub name: String,
    /// Default SSE.
    pub default_sse: &'static str,
    /// Default KMS key.
    pub default_kms_key: Option<String>,
    /// Bucket Key on.
    pub bucket_key: bool,
    /// Current objects with SSE metadata.
    pub objects: Vec<InventoryRow>,
}

/// A log event.
#[derive(Debug, Clone, Serialize)]
pub struct LogSnapshot {
    /// Time.
    pub time: String,
    /// Log group.
    pub log_group: String,
    /// Log stream.
    pub log_stream: String,
    /// Error code.
    #[serde(rename = "errorCode")]
    pub error_code: String,
    /// Message.
    pub message: String,
    /// Step.
    pub step: u32,
}

/// A producer.
#[derive(Debug, Clone, Serialize)]
pub struct ProducerSnapshot {
    /// Function name.
    pub name: String,
    /// Records put.
    pub put_ok: u64,
    /// Records rejected.
    pub put_failed: u64,
    /// Session ARNs in use.
    pub sessions: Vec<String>,
}

impl Simulation {
    /// A snapshot of every service's state now.
    pub fn snapshot(&self) -> Snapshot {
        let c = &self.cloud;
        Snapshot {
            time: c.now.iso_micros(),
            steps: self.step_count(),
            finished: self.is_finished(),
            kms_keys: c.kms.keys.iter().map(KeySnapshot::of).collect(),
            kms_usage: KmsOp::ALL
                .iter()
                .enumerate()
                .map(|(i, op)| (op.as_str().to_string(), c.kms.calls_ok[i]))
                .collect(),
            data_keys_generated: c.kms.data_keys.len(),
            streams: c
                .kinesis
                .streams
                .iter()
                .map(|s| self.stream_snapshot(s))
                .collect(),
            firehose: c
                .firehose
                .streams
                .iter()
                .map(FirehoseSnapshot::of)
                .collect(),
            buckets: c
                .s3
                .buckets
                .iter()
                .map(|b| self.bucket_snapshot(b))
                .collect(),
            cloudwatch_logs: self.log_snapshots(),
            producers: c
                .lambda
                .producers
                .iter()
                .map(|p| self.producer_snapshot(p))
                .collect(),
        }
    }

    /// The ARN of KMS key `k`, if it exists.
    fn key_arn_of(&self, k: u16) -> Option<String> {
        self.cloud.kms.keys.get(k as usize).map(|k| k.arn.clone())
    }

    fn stream_snapshot(&self, s: &Stream) -> StreamSnapshot {
        StreamSnapshot {
            name: s.name.clone(),
            arn: s.arn.clone(),
            status: if s.updating_until.is_some() {
                "UPDATING"
            } else {
                "ACTIVE"
            },
            encryption_type: if s.configured_key.is_some() {
                "KMS"
            } else {
                "NONE"
            },
            key_id: s.configured_key.and_then(|k| self.key_arn_of(k)),
            retention_hours: s.retention / 3_600_000_000,
            shards: s.shards.iter().map(|sh| self.shard_snapshot(sh)).collect(),
        }
    }

    /// A shard with its newest [`RECORDS_PER_SHARD`] records within retention.
    fn shard_snapshot(&self, sh: &Shard) -> ShardSnapshot {
        let live = sh.live();
        let shown = &live[live.len().saturating_sub(RECORDS_PER_SHARD)..];
        ShardSnapshot {
            shard_id: sh.id.clone(),
            starting_hash_key: sh.start_hash.to_string(),
            ending_hash_key: sh.end_hash.to_string(),
            total: live.len(),
            records: shown
                .iter()
                .filter_map(|&ri| self.record_snapshot(sh, ri))
                .collect(),
        }
    }

    fn record_snapshot(&self, sh: &Shard, ri: u32) -> Option<RecordSnapshot> {
        let r = self.cloud.kinesis.records.get(ri as usize)?;
        let n = r.stored.len().min(48);
        let encrypted = r.data_key.is_some();
        Some(RecordSnapshot {
            record: ri,
            sequence_number: sh.sequence_number(r.seq),
            partition_key: r.partition_key.to_string(),
            encryption_type: if encrypted { "KMS" } else { "NONE" },
            approximate_arrival: r.arrival.iso_micros(),
            stored_preview: if encrypted {
                b64(&r.stored[..n])
            } else {
                String::from_utf8_lossy(&r.stored[..n]).into_owned()
            },
            size: r.stored.len(),
            status: match r.status {
                RecordStatus::Rejected => "rejected",
                RecordStatus::InStream => "in_stream",
                RecordStatus::Read => "read",
                RecordStatus::Delivered => "delivered",
                RecordStatus::Lost => "lost",
            },
        })
    }

    fn bucket_snapshot(&self, b: &Bucket) -> BucketSnapshot {
        BucketSnapshot {
            name: b.name.clone(),
            default_sse: sse_label(b.default.sse),
            default_kms_key: b.default.kms_key.and_then(|k| self.key_arn_of(k)),
            bucket_key: b.default.bucket_key,
            objects: self.inventory(&b.name),
        }
    }

    fn log_snapshots(&self) -> Vec<LogSnapshot> {
        let c = &self.cloud;
        c.firehose
            .logs
            .iter()
            .filter_map(|l| {
                let d = c.firehose.streams.get(l.delivery as usize)?;
                Some(LogSnapshot {
                    time: l.time.iso_micros(),
                    log_group: d.log_group.clone(),
                    log_stream: d.log_stream.clone(),
                    error_code: l.code.to_string(),
                    message: l.message.to_string(),
                    step: l.step,
                })
            })
            .collect()
    }

    fn producer_snapshot(&self, p: &Producer) -> ProducerSnapshot {
        ProducerSnapshot {
            name: p.name.clone(),
            put_ok: p.put_ok,
            put_failed: p.put_failed,
            sessions: p
                .sessions
                .iter()
                .flatten()
                .map(|s| self.cloud.iam.session_arn(*s).to_string())
                .collect(),
        }
    }
}

impl KeySnapshot {
    fn of(k: &KmsKey) -> KeySnapshot {
        KeySnapshot {
            name: k.name.clone(),
            key_id: k.key_id.clone(),
            arn: k.arn.clone(),
            aliases: k.aliases.clone(),
            aws_managed: k.aws_managed,
            state: k.state,
            deletion_date: k.deletion_date.map(|d| d.iso_seconds()),
            usage: k.usage.clone(),
        }
    }
}

impl FirehoseSnapshot {
    fn of(d: &DeliveryStream) -> FirehoseSnapshot {
        let count = |state| d.batches.iter().filter(|b| b.state == state).count();
        FirehoseSnapshot {
            name: d.name.clone(),
            buffer_records: d.buffer_records.clone(),
            buffer_bytes: d.buffer_body.len(),
            buffer_since: d.buffer_opened.map(|t| t.iso_micros()),
            pending_batches: d
                .batches
                .iter()
                .filter(|b| b.state == BatchState::Pending)
                .map(|b| (b.key.clone(), b.records.len(), b.attempts))
                .collect(),
            delivered_batches: count(BatchState::Delivered),
            abandoned_batches: count(BatchState::Abandoned),
            records_read: d.read,
        }
    }
}
