//! Firehose with a Kinesis stream as source and S3 as destination: polls each shard once
//! a second with the source role, buffers by size and interval, writes one object per
//! flush with the destination role, logs delivery errors to CloudWatch Logs, retries, and
//! gives a batch up when S3 delivery has failed for the source stream's retention period
//! (Firehose guide, "Troubleshoot errors"; modelled, see `Note::FirehoseRetention`).

use std::sync::Arc;

use crate::cloud::errors::{firehose as ferr, AwsError};
use crate::cloud::kinesis::RecordStatus;
use crate::cloud::s3::SseAlgorithm;
use crate::cloud::s3::SseRequest;
use crate::cloud::{Action, AuthReq, Cloud, Principal, Resource};
use crate::runtime::clock::{SimTime, HOUR, MIN, SEC};
use crate::runtime::notes::Note;
use crate::runtime::trace::{Outcome, Step, StepDetail};

/// Longest wait between two retries (modelled).
pub const MAX_BACKOFF: i64 = 5 * MIN;

/// Where a batch is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchState {
    /// Waiting for (re)delivery.
    Pending,
    /// Written to S3.
    Delivered,
    /// Given up when the source stream's retention period passed.
    Abandoned,
}

/// One buffer flush: the records of one S3 object.
#[derive(Debug, Clone)]
pub struct Batch {
    /// Kinesis record indices.
    pub records: Vec<u32>,
    /// Concatenated plaintext (released once delivered; the object holds it encrypted).
    pub body: Vec<u8>,
    /// Size of the body.
    pub size: usize,
    /// Object key.
    pub key: String,
    /// Flush time.
    pub created: SimTime,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// State.
    pub state: BatchState,
    /// The object written.
    pub object: Option<u32>,
}

/// One CloudWatch Logs event written by Firehose.
#[derive(Debug, Clone)]
pub struct LogEvent {
    /// Time.
    pub time: SimTime,
    /// Delivery stream index.
    pub delivery: u16,
    /// Firehose error code.
    pub code: &'static str,
    /// Message.
    pub message: Arc<str>,
    /// Trace step.
    pub step: u32,
}

/// A delivery stream.
#[derive(Debug, Clone)]
pub struct DeliveryStream {
    /// Name.
    pub name: String,
    /// ARN.
    pub arn: String,
    /// `Firehose <name>`.
    pub actor: Arc<str>,
    /// Source stream index.
    pub source_stream: u16,
    /// Source role index.
    pub source_role: u16,
    /// Destination role index.
    pub dest_role: u16,
    /// Source session.
    pub source_session: u16,
    /// Destination session.
    pub dest_session: u16,
    /// Bucket index.
    pub bucket: u16,
    /// S3 prefix.
    pub prefix: String,
    /// Buffer size hint in bytes.
    pub size_limit: usize,
    /// Buffer interval in µs.
    pub interval: i64,
    /// `KMSEncryptionConfig` key.
    pub kms_key: Option<u16>,
    /// Log group.
    pub log_group: String,
    /// Log stream.
    pub log_stream: String,
    /// Logging on.
    pub logging: bool,
    /// Polls happen at `tick_origin + k s`.
    pub tick_origin: SimTime,
    /// Next position to read per shard.
    pub positions: Vec<u32>,
    /// A poll is scheduled per shard.
    pub poll_pending: Vec<bool>,
    /// Current source retry wait per shard.
    pub backoff: Vec<i64>,
    /// Buffered records.
    pub buffer_records: Vec<u32>,
    /// Buffered bytes.
    pub buffer_body: Vec<u8>,
    /// When the current buffer received its first record.
    pub buffer_opened: Option<SimTime>,
    /// Changes on every flush (stale interval timers are ignored).
    pub buffer_generation: u32,
    /// Batches.
    pub batches: Vec<Batch>,
    /// Records read from the source.
    pub read: u64,
    /// Firehose has described the source stream and taken its iterators (it holds
    /// credentials for the source role).
    pub started: bool,
}

/// Firehose state.
#[derive(Debug, Clone, Default)]
pub struct Firehose {
    /// Delivery streams.
    pub streams: Vec<DeliveryStream>,
    /// CloudWatch Logs events.
    pub logs: Vec<LogEvent>,
}

/// Work the scheduler must queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Poll a shard.
    Poll {
        /// Delivery stream.
        delivery: u16,
        /// Shard.
        shard: u16,
        /// When.
        at: SimTime,
    },
    /// Flush the buffer if still the same generation.
    Flush {
        /// Delivery stream.
        delivery: u16,
        /// Generation.
        generation: u32,
        /// When.
        at: SimTime,
    },
    /// (Re)try delivering a batch.
    Deliver {
        /// Delivery stream.
        delivery: u16,
        /// Batch.
        batch: u32,
        /// When.
        at: SimTime,
    },
}

impl Firehose {
    /// Batch `batch` of delivery stream `d`.
    fn batch_mut(&mut self, d: u16, batch: u32) -> Option<&mut Batch> {
        self.streams
            .get_mut(d as usize)
            .and_then(|x| x.batches.get_mut(batch as usize))
    }
}

impl DeliveryStream {
    /// Records read and not yet in S3: in the buffer or in a batch waiting for (re)delivery.
    pub fn waiting_records(&self) -> usize {
        let pending = self
            .batches
            .iter()
            .filter(|b| b.state == BatchState::Pending);
        self.buffer_records.len() + pending.map(|b| b.records.len()).sum::<usize>()
    }

    /// The first poll tick strictly after `t`.
    pub fn next_tick(&self, t: SimTime) -> SimTime {
        let since = (t.0 - self.tick_origin.0).max(0);
        SimTime(self.tick_origin.0 + (since / SEC + 1) * SEC)
    }
}

impl Cloud {
    /// Firehose's start: DescribeStream and a LATEST iterator per shard.
    /// Without source-role credentials (a denied AssumeRole) Firehose makes no Kinesis
    /// call; it logs the error and tries again at its next poll.
    pub fn firehose_start(&mut self, d: u16) {
        let Some(ds) = self.firehose.streams.get(d as usize) else {
            return;
        };
        let (actor, session, stream) = (ds.actor.clone(), ds.source_session, ds.source_stream);
        if !self.iam.session_usable(session) {
            self.firehose_log_source_role(d);
            return;
        }
        if let Some(ds) = self.firehose.streams.get_mut(d as usize) {
            ds.started = true;
        }
        let (key, updating, shards) = match self.kinesis.streams.get(stream as usize) {
            Some(s) => (s.configured_key, s.updating_until.is_some(), s.shards.len()),
            None => (None, false, 0),
        };
        let _ = self.kinesis_simple_call(
            actor.clone(),
            session,
            Action::KinesisDescribeStream,
            stream,
            StepDetail::DescribeStream {
                stream,
                key,
                updating,
            },
        );
        for shard in 0..shards {
            let position = self
                .kinesis
                .shard(stream, shard as u16)
                .map(|s| s.records.len() as u32)
                .unwrap_or(0);
            let _ = self.kinesis_simple_call(
                actor.clone(),
                session,
                Action::KinesisGetShardIterator,
                stream,
                StepDetail::GetShardIterator {
                    stream,
                    shard: shard as u16,
                    position,
                },
            );
            if let Some(p) = self
                .firehose
                .streams
                .get_mut(d as usize)
                .and_then(|x| x.positions.get_mut(shard))
            {
                *p = position;
            }
        }
    }

    /// After a record lands in `stream`, the polls to schedule (one per consumer, unless
    /// already pending).
    pub fn firehose_on_record(&mut self, stream: u16, shard: u16) -> Vec<Schedule> {
        let now = self.now;
        let consumers = match self.kinesis.streams.get(stream as usize) {
            Some(s) => s.consumers.clone(),
            None => return vec![],
        };
        let mut out = Vec::new();
        for d in consumers {
            if let Some(ds) = self.firehose.streams.get_mut(d as usize) {
                if let Some(p) = ds.poll_pending.get_mut(shard as usize) {
                    if !*p {
                        *p = true;
                        out.push(Schedule::Poll {
                            delivery: d,
                            shard,
                            at: ds.next_tick(now),
                        });
                    }
                }
            }
        }
        out
    }

    /// Writes a CloudWatch Logs event for a delivery error (with the delivery role's
    /// `logs:PutLogEvents`).
    fn firehose_log(&mut self, d: u16, e: &AwsError) {
        let Some(ds) = self.firehose.streams.get(d as usize) else {
            return;
        };
        if !ds.logging {
            return;
        }
        let (actor, session) = (ds.actor.clone(), ds.dest_session);
        let event = self.firehose.logs.len() as u32;
        if !self.iam.session_usable(session) {
            let principal = self.intern("firehose.amazonaws.com");
            let mut step = Step::new(self.now, actor, "logs", "PutLogEvents", principal);
            step.detail = StepDetail::LogEvent { event };
            step.modelled.add(Note::LogWithoutRole);
            if let Some(n) = e.note {
                step.modelled.add(n);
            }
            self.firehose_log_event(step, d, e);
            return;
        }
        let principal = self.iam.session_arn(session);
        let auth = AuthReq::direct(
            Principal::Session(session),
            Action::LogsPutLogEvents,
            Resource::LogGroup(d),
        );
        let mut step = Step::new(self.now, actor, "logs", "PutLogEvents", principal);
        step.auth = Some(auth);
        step.detail = StepDetail::LogEvent { event };
        if let Some(n) = e.note {
            step.modelled.add(n);
        }
        match self.authorize(auth) {
            Ok(()) => self.firehose_log_event(step, d, e),
            Err(m) => {
                step.outcome = Outcome::Error {
                    code: "AccessDeniedException",
                    message: m,
                };
                self.trace.push(step);
            }
        }
    }

    /// Writes the PutLogEvents step and the log event it wrote.
    fn firehose_log_event(&mut self, step: Step, d: u16, e: &AwsError) {
        let idx = self.trace.push(step);
        self.firehose.logs.push(LogEvent {
            time: self.now,
            delivery: d,
            code: e.code,
            message: e.message.clone(),
            step: idx,
        });
    }

    /// Logs that the source role cannot be assumed.
    fn firehose_log_source_role(&mut self, d: u16) {
        let role_arn = self
            .firehose
            .streams
            .get(d as usize)
            .and_then(|ds| self.iam.roles.get(ds.source_role as usize))
            .map(|r| r.arn.clone())
            .unwrap_or_default();
        self.firehose_log(d, &ferr::source_role_not_assumable(&role_arn));
    }

    /// Before reading: a Firehose that never got source-role credentials tries AssumeRole
    /// again, and starts (DescribeStream, iterators) if that now succeeds. Returns the
    /// retry poll to schedule when it still cannot read.
    fn firehose_ensure_started(&mut self, d: u16, shard: u16) -> Option<Schedule> {
        let ds = self.firehose.streams.get(d as usize)?;
        if ds.started {
            return None;
        }
        let (actor, session) = (ds.actor.clone(), ds.source_session);
        if self.sts_retry_assume_role(actor, session) {
            self.firehose_start(d);
            return None;
        }
        self.firehose_log_source_role(d);
        let now = self.now;
        let ds = self.firehose.streams.get_mut(d as usize)?;
        let wait = match ds.backoff.get(shard as usize).copied().unwrap_or(0) {
            0 => SEC,
            b => (b * 2).min(MAX_BACKOFF),
        };
        if let Some(b) = ds.backoff.get_mut(shard as usize) {
            *b = wait;
        }
        if let Some(p) = ds.poll_pending.get_mut(shard as usize) {
            *p = true;
        }
        Some(Schedule::Poll {
            delivery: d,
            shard,
            at: now.plus(wait),
        })
    }

    /// One poll of one shard.
    pub fn firehose_poll(&mut self, d: u16, shard: u16) -> Vec<Schedule> {
        let now = self.now;
        let mut out = Vec::new();
        let Some(ds) = self.firehose.streams.get_mut(d as usize) else {
            return out;
        };
        if let Some(p) = ds.poll_pending.get_mut(shard as usize) {
            *p = false;
        }
        let (stream, session, actor) = (ds.source_stream, ds.source_session, ds.actor.clone());
        let lost = self.kinesis_trim(stream, shard);
        if !lost.is_empty() {
            let kactor = self.intern("Kinesis");
            let arn = self
                .kinesis
                .streams
                .get(stream as usize)
                .map(|s| s.arn.clone())
                .unwrap_or_default();
            let principal = self.intern(&arn);
            let mut step = Step::new(now, kactor, "kinesis", "RetentionPeriodExpired", principal);
            step.outcome = Outcome::Error {
                code: "DataExpired",
                message: Arc::from(format!(
                    "{} record(s) left the stream's retention period before Firehose could read them; they are lost",
                    lost.len()
                )),
            };
            step.modelled.add(Note::RecordsExpired);
            step.detail = StepDetail::RecordsExpired {
                stream,
                shard,
                count: lost.len() as u32,
            };
            self.trace.push(step);
        }
        if let Some(retry) = self.firehose_ensure_started(d, shard) {
            out.push(retry);
            return out;
        }
        let (trimmed, total) = match self.kinesis.shard(stream, shard) {
            Some(sh) => (sh.trimmed, sh.records.len() as u32),
            None => return out,
        };
        let Some(ds) = self.firehose.streams.get_mut(d as usize) else {
            return out;
        };
        let pos = ds
            .positions
            .get(shard as usize)
            .copied()
            .unwrap_or(0)
            .max(trimmed);
        if let Some(p) = ds.positions.get_mut(shard as usize) {
            *p = pos;
        }
        if pos >= total {
            return out;
        }
        let result = self.kinesis_get_records(actor, session, stream, shard, pos);
        let Some(ds) = self.firehose.streams.get_mut(d as usize) else {
            return out;
        };
        match result {
            Ok(batch) => {
                if let Some(b) = ds.backoff.get_mut(shard as usize) {
                    *b = 0;
                }
                let n = batch.len() as u32;
                if let Some(p) = ds.positions.get_mut(shard as usize) {
                    *p = pos + n;
                }
                ds.read += n as u64;
                let was_empty = ds.buffer_records.is_empty();
                for (ri, pt) in batch {
                    ds.buffer_records.push(ri);
                    ds.buffer_body.extend_from_slice(&pt);
                    if let Some(r) = self.kinesis.records.get_mut(ri as usize) {
                        r.status = RecordStatus::Read;
                    }
                }
                if was_empty && !ds.buffer_records.is_empty() {
                    ds.buffer_opened = Some(now);
                    out.push(Schedule::Flush {
                        delivery: d,
                        generation: ds.buffer_generation,
                        at: now.plus(ds.interval),
                    });
                }
                if ds.buffer_body.len() >= ds.size_limit {
                    out.extend(self.firehose_flush(d, None));
                }
                let Some(ds) = self.firehose.streams.get_mut(d as usize) else {
                    return out;
                };
                if pos + n < total {
                    if let Some(p) = ds.poll_pending.get_mut(shard as usize) {
                        *p = true;
                    }
                    out.push(Schedule::Poll {
                        delivery: d,
                        shard,
                        at: ds.next_tick(now),
                    });
                }
            }
            Err(e) => {
                let wait = match ds.backoff.get(shard as usize).copied().unwrap_or(0) {
                    0 => SEC,
                    b => (b * 2).min(MAX_BACKOFF),
                };
                if let Some(b) = ds.backoff.get_mut(shard as usize) {
                    *b = wait;
                }
                if let Some(p) = ds.poll_pending.get_mut(shard as usize) {
                    *p = true;
                }
                out.push(Schedule::Poll {
                    delivery: d,
                    shard,
                    at: now.plus(wait),
                });
                let logged = ferr::from_kinesis(&e);
                self.firehose_log(d, &logged);
            }
        }
        out
    }

    /// Flushes the buffer into a batch and delivers it now. With `generation`, only if the
    /// buffer is still that generation (an interval timer).
    pub fn firehose_flush(&mut self, d: u16, generation: Option<u32>) -> Vec<Schedule> {
        let Some(ds) = self.firehose.streams.get_mut(d as usize) else {
            return vec![];
        };
        if generation.is_some_and(|g| g != ds.buffer_generation) || ds.buffer_records.is_empty() {
            return vec![];
        }
        let records = std::mem::take(&mut ds.buffer_records);
        let body = std::mem::take(&mut ds.buffer_body);
        ds.buffer_opened = None;
        ds.buffer_generation = ds.buffer_generation.wrapping_add(1);
        let oldest = records
            .first()
            .and_then(|r| self.kinesis.records.get(*r as usize))
            .map(|r| r.arrival)
            .unwrap_or(self.now);
        let uuid = self.rng.uuid();
        let Some(ds) = self.firehose.streams.get_mut(d as usize) else {
            return vec![];
        };
        let dt = oldest.datetime();
        let key = format!(
            "{}{}/{}-1-{}-{}",
            ds.prefix,
            dt.format("%Y/%m/%d/%H"),
            ds.name,
            dt.format("%Y-%m-%d-%H-%M-%S"),
            uuid
        );
        let size = body.len();
        self.trace.absorb(key.as_bytes());
        let Some(ds) = self.firehose.streams.get_mut(d as usize) else {
            return vec![];
        };
        ds.batches.push(Batch {
            records,
            body,
            size,
            key,
            created: self.now,
            attempts: 0,
            state: BatchState::Pending,
            object: None,
        });
        let batch = (ds.batches.len() - 1) as u32;
        self.firehose_deliver(d, batch)
    }

    /// How long Firehose keeps retrying a batch of delivery stream `d`: the retention period
    /// of its source stream: the Firehose guide ("Handle data delivery failures") retries
    /// failed S3 delivery up to 24 hours for DirectPut and until the stream's retention for a
    /// Kinesis Data Streams source. Counting from the batch's flush is modelled
    /// (`Note::FirehoseRetention`).
    fn firehose_retry_limit(&self, d: u16) -> i64 {
        self.firehose
            .streams
            .get(d as usize)
            .and_then(|ds| self.kinesis.streams.get(ds.source_stream as usize))
            .map_or(24 * HOUR, |s| s.retention)
    }

    /// Gives a batch up: its records are lost, and a step says so.
    fn firehose_abandon(&mut self, d: u16, batch: u32, limit: i64) {
        let Some(ds) = self.firehose.streams.get_mut(d as usize) else {
            return;
        };
        let (actor, session) = (ds.actor.clone(), ds.dest_session);
        let Some(b) = ds.batches.get_mut(batch as usize) else {
            return;
        };
        b.state = BatchState::Abandoned;
        b.body = Vec::new();
        let records = b.records.clone();
        for ri in &records {
            if let Some(r) = self.kinesis.records.get_mut(*ri as usize) {
                r.status = RecordStatus::Lost;
            }
        }
        let principal = self.iam.session_arn(session);
        let mut step = Step::new(self.now, actor, "firehose", "DeliveryExpired", principal);
        step.outcome = Outcome::Error {
            code: "DeliveryExpired",
            message: Arc::from(format!(
                "S3 delivery kept failing for {} hours; {} record(s) in this batch are lost",
                limit / HOUR,
                records.len()
            )),
        };
        step.modelled.add(Note::FirehoseRetention);
        step.detail = StepDetail::DeliveryAbandoned { delivery: d, batch };
        self.trace.push(step);
    }

    /// One delivery attempt of a batch (or giving it up once the retry limit passed).
    pub fn firehose_deliver(&mut self, d: u16, batch: u32) -> Vec<Schedule> {
        let now = self.now;
        let Some(ds) = self.firehose.streams.get_mut(d as usize) else {
            return vec![];
        };
        let (actor, session, bucket, kms_key) =
            (ds.actor.clone(), ds.dest_session, ds.bucket, ds.kms_key);
        let Some(b) = ds.batches.get_mut(batch as usize) else {
            return vec![];
        };
        if b.state != BatchState::Pending {
            return vec![];
        }
        let created = b.created;
        let limit = self.firehose_retry_limit(d);
        let deadline = created.plus(limit);
        if now >= deadline {
            self.firehose_abandon(d, batch, limit);
            return vec![];
        }
        let Some(b) = self.firehose.batch_mut(d, batch) else {
            return vec![];
        };
        b.attempts += 1;
        let attempts = b.attempts;
        let retry_wait = (5 * SEC)
            .saturating_mul(1i64 << (attempts.saturating_sub(1)).min(12))
            .min(MAX_BACKOFF);
        let retry = vec![Schedule::Deliver {
            delivery: d,
            batch,
            at: now.plus(retry_wait).min(deadline),
        }];
        // Without delivery-role credentials there is no PutObject to make: Firehose tries
        // AssumeRole again and, still denied, logs the error and keeps the batch.
        if !self.sts_retry_assume_role(actor.clone(), session) {
            self.firehose_log(d, &ferr::destination_role_not_assumable());
            return retry;
        }
        let Some(b) = self.firehose.batch_mut(d, batch) else {
            return vec![];
        };
        let key = b.key.clone();
        let body = std::mem::take(&mut b.body);
        let records = b.records.clone();
        let name = self.s3.name_index(bucket, &key);
        let principal = self.iam.session_arn(session);
        let mut step = Step::new(now, actor, "s3", "PutObject", principal);
        // With KMSEncryptionConfig Firehose asks for SSE-KMS under that key; without it, it
        // leaves encryption to the bucket's default (the headers are modelled, see
        // notes::S3_REQUEST_KEYS_NOTE).
        let req = SseRequest {
            sse: kms_key.map(|_| SseAlgorithm::AwsKms),
            kms_key,
            bucket_key: None,
        };
        step.auth = Some(Cloud::s3_put_auth(session, name, &req, None));
        step.modelled.add(Note::S3RequestKeys);
        step.detail = StepDetail::PutObject {
            delivery: d,
            batch,
            object: None,
        };
        if attempts > 1 {
            step.modelled.add(Note::Retry);
        }
        self.trace.open(step);
        let r = self.s3_store(session, bucket, &key, &body, req, records.clone(), None);
        match r {
            Ok(object) => {
                self.trace.close(
                    Outcome::Ok,
                    Some(StepDetail::PutObject {
                        delivery: d,
                        batch,
                        object: Some(object),
                    }),
                );
                for ri in &records {
                    if let Some(rec) = self.kinesis.records.get_mut(*ri as usize) {
                        rec.status = RecordStatus::Delivered;
                    }
                }
                if let Some(b) = self
                    .firehose
                    .streams
                    .get_mut(d as usize)
                    .and_then(|x| x.batches.get_mut(batch as usize))
                {
                    b.state = BatchState::Delivered;
                    b.object = Some(object);
                }
                vec![]
            }
            Err(e) => {
                e.close(&mut self.trace, None);
                if let Some(b) = self
                    .firehose
                    .streams
                    .get_mut(d as usize)
                    .and_then(|x| x.batches.get_mut(batch as usize))
                {
                    b.body = body;
                }
                let logged = ferr::from_s3(&e);
                self.firehose_log(d, &logged);
                retry
            }
        }
    }
}
