//! Kinesis Data Streams: shards with hash-key ranges, sequence numbers, retention, and
//! server-side encryption. Each record written while SSE is on is sealed with AES-256-GCM
//! under the producer credential's current data key; Kinesis asks KMS for a new data key
//! about every five minutes per credential, and consumers' Decrypt results are cached the
//! same way (the cache shape is our model; AWS documents only the ~5-minute figure).

use std::sync::Arc;

use md5::{Digest, Md5};

use crate::cloud::errors::{self, kinesis as kerr, AwsError};
use crate::cloud::kms::{KmsOp, KmsRequest, KmsResult};
use crate::cloud::{Action, AuthReq, Cloud, CtxRef, Principal, Resource, Via};
use crate::crypto::Nonce;
use crate::runtime::clock::{SimTime, MIN, SEC};
use crate::runtime::fixed_map::FixedMap;
use crate::runtime::notes::Note;
use crate::runtime::trace::{Outcome, Step, StepDetail};

/// How long Kinesis reuses a data key per credential.
pub const DATA_KEY_REUSE: i64 = 5 * MIN;
/// Time a stream spends UPDATING after Start/StopStreamEncryption (modelled).
pub const UPDATING_TIME: i64 = 5 * SEC;
/// Most records one GetRecords returns.
pub const GET_RECORDS_LIMIT: usize = 10_000;
/// Most records one `PutRecords` call may carry (Kinesis API limit).
pub const PUT_RECORDS_LIMIT: u32 = 500;

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordStatus {
    /// PutRecord failed; the record never entered the stream.
    Rejected,
    /// In the stream, not yet read by Firehose.
    InStream,
    /// Read by Firehose (in its buffer or a batch being delivered).
    Read,
    /// Delivered in an S3 object.
    Delivered,
    /// Lost: left the stream's retention unread, or Firehose gave up on delivery.
    Lost,
}

/// One record a producer tried to put.
#[derive(Debug, Clone)]
pub struct Record {
    /// Producer index.
    pub producer: u16,
    /// Stream index.
    pub stream: u16,
    /// Shard index.
    pub shard: u16,
    /// Sequence counter (formatted by [`Shard::sequence_number`]).
    pub seq: u128,
    /// `ApproximateArrivalTimestamp`.
    pub arrival: SimTime,
    /// Partition key.
    pub partition_key: Arc<str>,
    /// Bytes at rest: AES-GCM ciphertext+tag when encrypted, else the plaintext.
    pub stored: Box<[u8]>,
    /// Nonce used to seal the record (meaningful when `data_key` is set).
    pub nonce: Nonce,
    /// Data key that sealed it (None: plaintext).
    pub data_key: Option<u32>,
    /// Status.
    pub status: RecordStatus,
    /// Trace step of the PutRecord.
    pub put_step: u32,
}

/// A shard.
#[derive(Debug, Clone)]
pub struct Shard {
    /// `shardId-000000000000`.
    pub id: String,
    /// Inclusive hash key range start.
    pub start_hash: u128,
    /// Inclusive hash key range end.
    pub end_hash: u128,
    /// Leading 19 digits of this shard's sequence numbers.
    pub seq_prefix: u64,
    /// First sequence counter of the shard.
    pub first_seq: u128,
    /// Next sequence counter.
    pub next_seq: u128,
    /// Record indices in arrival order.
    pub records: Vec<u32>,
    /// Positions `< trimmed` have left retention.
    pub trimmed: u32,
}

impl Shard {
    /// The records still within retention (indexes into `Kinesis::records`).
    pub fn live(&self) -> &[u32] {
        self.records.get(self.trimmed as usize..).unwrap_or(&[])
    }

    /// The 56-digit decimal sequence number for counter `seq` (a modelled layout with
    /// the length and ordering of real ones).
    pub fn sequence_number(&self, seq: u128) -> String {
        format!(
            "4{:019}{:036}",
            self.seq_prefix % 10_000_000_000_000_000_000,
            seq % 10u128.pow(36)
        )
    }
}

/// A stream.
#[derive(Debug, Clone)]
pub struct Stream {
    /// Name.
    pub name: String,
    /// ARN.
    pub arn: String,
    /// Creation time (the simulation start).
    pub created: SimTime,
    /// Shards.
    pub shards: Vec<Shard>,
    /// Retention in µs.
    pub retention: i64,
    /// Key used for records written now (None: NONE).
    pub key: Option<u16>,
    /// Key shown by DescribeStream (changes at the request; `key` at ACTIVE).
    pub configured_key: Option<u16>,
    /// UPDATING until this time.
    pub updating_until: Option<SimTime>,
    /// Indices of delivery streams reading this stream.
    pub consumers: Vec<u16>,
    /// Records returned by successful GetRecords calls on this stream.
    pub records_read: u64,
    /// The stream's resource-based policy (what other accounts' principals may do).
    pub policy: Option<crate::policy::NamedPolicy>,
}

/// Kinesis state.
#[derive(Debug, Clone, Default)]
pub struct Kinesis {
    /// Streams in scenario order.
    pub streams: Vec<Stream>,
    /// Every record put (accepted or rejected).
    pub records: Vec<Record>,
    /// (producer session, stream, key) → (data key, expiry).
    pub producer_keys: FixedMap<(u16, u16, u16), (u32, SimTime)>,
    /// (consumer session, data key) → expiry.
    pub consumer_keys: FixedMap<(u16, u32), SimTime>,
    /// GetRecords calls that succeeded.
    pub get_records_ok: u64,
    /// GetRecords calls that failed.
    pub get_records_failed: u64,
}

impl Kinesis {
    /// Shard `shard` of stream `stream`.
    pub fn shard(&self, stream: u16, shard: u16) -> Option<&Shard> {
        self.streams
            .get(stream as usize)?
            .shards
            .get(shard as usize)
    }
}

/// MD5 of the partition key as a 128-bit hash key, as Kinesis maps keys to shards.
pub fn hash_key(partition_key: &str) -> u128 {
    let d = Md5::digest(partition_key.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d);
    u128::from_be_bytes(b)
}

/// Even hash-key ranges for `n` shards.
pub fn shard_ranges(n: u32) -> Vec<(u128, u128)> {
    let n = n.max(1) as u128;
    let width = u128::MAX / n;
    let start = |i: u128| i * width;
    (0..n)
        .map(|i| {
            (
                start(i),
                if i + 1 == n {
                    u128::MAX
                } else {
                    start(i + 1) - 1
                },
            )
        })
        .collect()
}

/// Where the records of one put go.
struct PutTarget {
    producer: u16,
    stream: u16,
    shard: u16,
    partition_key: Arc<str>,
    data_key: Option<u32>,
    step: u32,
}

/// Successful GetRecords: the records read (index and plaintext).
pub type ReadBatch = Vec<(u32, Vec<u8>)>;

impl Cloud {
    /// A KMS call Kinesis makes on a producer's or consumer's behalf (a child step of
    /// the open put or read), with the stream's ARN as encryption context. A KMS error is
    /// reported as Kinesis words it for `action` on the key.
    fn kms_for_kinesis(
        &mut self,
        actor: &str,
        op: KmsOp,
        session: u16,
        key: u16,
        stream: u16,
        blob_of: Option<u32>,
    ) -> Result<KmsResult, AwsError> {
        let actor = self.intern(actor);
        let req = KmsRequest {
            op,
            principal: session,
            via: Via::Kinesis,
            key,
            ctx: CtxRef::Stream(stream),
            blob_of,
            tamper: false,
            actor,
        };
        self.kms_call(&req).map_err(|e| {
            let principal = self.iam.session_arn(session);
            let key_arn = self
                .kms
                .keys
                .get(key as usize)
                .map(|k| k.arn.clone())
                .unwrap_or_default();
            kerr::from_kms(&e, &principal, op.action().as_str(), &key_arn)
        })
    }

    /// The data key for a producer credential writing to an encrypted stream: cached, or
    /// a new one from KMS (a child step of the open PutRecord).
    fn producer_data_key(&mut self, session: u16, stream: u16, key: u16) -> Result<u32, AwsError> {
        if let Some(&(dk, expiry)) = self.kinesis.producer_keys.get(&(session, stream, key)) {
            if self.now < expiry {
                return Ok(dk);
            }
        }
        let actor = "Kinesis (on behalf of the producer)";
        match self.kms_for_kinesis(actor, KmsOp::GenerateDataKey, session, key, stream, None)? {
            KmsResult::DataKey(dk) => {
                self.kinesis
                    .producer_keys
                    .insert((session, stream, key), (dk, self.now.plus(DATA_KEY_REUSE)));
                Ok(dk)
            }
            _ => Err(errors::simulator(
                "KMSInvalidStateException",
                "unexpected KMS result",
            )),
        }
    }

    /// The shard a hash key maps to and the key records written now use.
    fn put_target(&self, stream: u16, hash_key: u128) -> (u16, Option<u16>) {
        match self.kinesis.streams.get(stream as usize) {
            Some(s) => (
                s.shards
                    .iter()
                    .position(|sh| sh.start_hash <= hash_key && hash_key <= sh.end_hash)
                    .unwrap_or(0) as u16,
                s.key,
            ),
            None => (0, None),
        }
    }

    /// The request-level part of a put (PutRecord or PutRecords, the open step): IAM
    /// authorization, then the producer credential's data key when the stream encrypts.
    /// Either failure fails the whole request, as Kinesis reports KMS errors for the call.
    fn put_authorize(
        &mut self,
        auth: AuthReq,
        session: u16,
        stream: u16,
        key: Option<u16>,
    ) -> (Result<(), AwsError>, Option<u32>) {
        let now = self.now;
        let mut result = self
            .authorize(auth)
            .map_err(|m| kerr::access_denied(m.to_string()));
        let mut data_key = None;
        if result.is_ok() {
            if let Some(k) = key {
                let reused = self
                    .kinesis
                    .producer_keys
                    .get(&(session, stream, k))
                    .is_some_and(|&(_, e)| now < e);
                if reused {
                    self.trace.mark_open_modelled(Note::Cache);
                }
                match self.producer_data_key(session, stream, k) {
                    Ok(dk) => data_key = Some(dk),
                    Err(e) => result = Err(e),
                }
            }
        }
        (result, data_key)
    }

    /// Stores one record of a put: sealed and sequenced when the request was `accepted`,
    /// kept as Rejected otherwise. The RNG draws (nonce, then sequence step) and the hash
    /// input are the same for PutRecord and each record of a PutRecords.
    fn put_store(&mut self, t: &PutTarget, data: Vec<u8>, accepted: bool) -> RecordStatus {
        let record_index = self.kinesis.records.len() as u32;
        let mut nonce = [0u8; 12];
        let stored: Box<[u8]> = match (t.data_key, accepted) {
            (Some(dk), true) => {
                nonce = self.rng.nonce();
                match self.kms.data_keys.get(dk as usize) {
                    Some(d) => d.sealer.seal(&nonce, &data, b"").into_boxed_slice(),
                    None => data.into_boxed_slice(),
                }
            }
            _ => data.into_boxed_slice(),
        };
        let (seq, status) = if accepted {
            let step_inc =
                1_000_000_000_000_000_000_000u128 + (self.rng.next_u64() as u128) * 1_000;
            match self
                .kinesis
                .streams
                .get_mut(t.stream as usize)
                .and_then(|s| s.shards.get_mut(t.shard as usize))
            {
                Some(sh) => {
                    let seq = sh.next_seq;
                    sh.next_seq = sh.next_seq.wrapping_add(step_inc);
                    sh.records.push(record_index);
                    (seq, RecordStatus::InStream)
                }
                None => (0, RecordStatus::Rejected),
            }
        } else {
            (0, RecordStatus::Rejected)
        };
        self.trace.absorb(&stored);
        self.kinesis.records.push(Record {
            producer: t.producer,
            stream: t.stream,
            shard: t.shard,
            seq,
            arrival: self.now,
            partition_key: t.partition_key.clone(),
            stored,
            nonce,
            data_key: if status == RecordStatus::InStream {
                t.data_key
            } else {
                None
            },
            status,
            put_step: t.step,
        });
        status
    }

    /// Opens the step of a put by a producer session (`action` is PutRecord or
    /// PutRecords, `detail` names its records) and settles the request-level part: where
    /// the records go, IAM authorization and the producer credential's data key. Returns
    /// the target and whether the request was accepted; Err for an unknown producer.
    fn put_open(
        &mut self,
        producer: u16,
        session: u16,
        action: Action,
        detail: StepDetail,
    ) -> Result<(PutTarget, Result<(), AwsError>), AwsError> {
        let Some(p) = self.lambda.producers.get(producer as usize) else {
            return Err(errors::simulator(
                "ResourceNotFoundException",
                "no such producer",
            ));
        };
        let (actor, stream, partition_key, hash_key) = (
            p.actor.clone(),
            p.stream,
            p.partition_key.clone(),
            p.hash_key,
        );
        let auth = Cloud::kinesis_auth(session, action, stream);
        let step = self.kinesis_step(actor, session, auth, detail);
        let step_index = self.trace.open(step);
        // Every record of the simulated producer has the same partition key, so a whole
        // PutRecords batch maps to one shard.
        let (shard, key) = self.put_target(stream, hash_key);
        let (result, data_key) = self.put_authorize(auth, session, stream, key);
        let target = PutTarget {
            producer,
            stream,
            shard,
            partition_key,
            data_key,
            step: step_index,
        };
        Ok((target, result))
    }

    /// Closes a put's step with the request's outcome and counts its records for the
    /// producer.
    fn put_close(&mut self, producer: u16, result: &Result<(), AwsError>, ok: u64, failed: u64) {
        match result {
            Ok(()) => self.trace.close(Outcome::Ok, None),
            Err(e) => e.close(&mut self.trace, None),
        }
        if let Some(p) = self.lambda.producers.get_mut(producer as usize) {
            p.put_ok += ok;
            p.put_failed += failed;
        }
    }

    /// `PutRecord` by a producer session. Writes the PutRecord step (and the KMS step
    /// under it when a new data key is needed). Returns the record index either way.
    pub fn kinesis_put_record(
        &mut self,
        producer: u16,
        session: u16,
        data: Vec<u8>,
    ) -> (u32, Result<(), AwsError>) {
        let record = self.kinesis.records.len() as u32;
        let detail = StepDetail::PutRecord { record };
        let (target, result) =
            match self.put_open(producer, session, Action::KinesisPutRecord, detail) {
                Ok(opened) => opened,
                Err(e) => return (u32::MAX, Err(e)),
            };
        self.put_store(&target, data, result.is_ok());
        let ok = u64::from(result.is_ok());
        self.put_close(producer, &result, ok, 1 - ok);
        (record, result)
    }

    /// `PutRecords` by a producer session: one request carrying `batch` (at most
    /// [`PUT_RECORDS_LIMIT`] records; the caller splits). Writes one
    /// PutRecords step (and the KMS step under it when a new data key is needed); the
    /// records get consecutive indices from the returned first index.
    ///
    /// A request-level failure (IAM denial, or any KMS error for an SSE stream) rejects
    /// every record and is the step's error, as the Kinesis API reference lists
    /// `KMSAccessDeniedException` & co. as errors of the call; per-record entries carry only
    /// `ProvisionedThroughputExceededException` or `InternalFailure`. Returns the first
    /// record index and, on success, the request's `FailedRecordCount`.
    pub fn kinesis_put_records(
        &mut self,
        producer: u16,
        session: u16,
        batch: Vec<Vec<u8>>,
    ) -> (u32, Result<u32, AwsError>) {
        let first = self.kinesis.records.len() as u32;
        let count = batch.len() as u32;
        let detail = StepDetail::PutRecords { first, count };
        let (target, result) =
            match self.put_open(producer, session, Action::KinesisPutRecords, detail) {
                Ok(opened) => opened,
                Err(e) => return (u32::MAX, Err(e)),
            };
        let accepted = result.is_ok();
        let mut failed = 0u32;
        for data in batch {
            if self.put_store(&target, data, accepted) == RecordStatus::Rejected {
                failed += 1;
            }
        }
        self.put_close(
            producer,
            &result,
            u64::from(count - failed),
            u64::from(failed),
        );
        (first, result.map(|()| failed))
    }

    /// Recovers a record's plaintext with its data key (for the UI; no KMS call).
    pub fn record_plaintext(&self, record: u32) -> Option<Vec<u8>> {
        let r = self.kinesis.records.get(record as usize)?;
        match r.data_key {
            None => Some(r.stored.to_vec()),
            Some(dk) => self
                .kms
                .data_keys
                .get(dk as usize)?
                .sealer
                .open(&r.nonce, &r.stored, b"")
                .ok(),
        }
    }

    /// Drops records older than the retention period from a shard; returns the indices of
    /// those not yet read (they are lost).
    pub fn kinesis_trim(&mut self, stream: u16, shard: u16) -> Vec<u32> {
        let now = self.now;
        let Some(st) = self.kinesis.streams.get_mut(stream as usize) else {
            return vec![];
        };
        let retention = st.retention;
        let Some(sh) = st.shards.get_mut(shard as usize) else {
            return vec![];
        };
        let mut lost = Vec::new();
        while let Some(&ri) = sh.records.get(sh.trimmed as usize) {
            let Some(r) = self.kinesis.records.get_mut(ri as usize) else {
                break;
            };
            if r.arrival.plus(retention) > now {
                break;
            }
            if r.status == RecordStatus::InStream {
                r.status = RecordStatus::Lost;
                lost.push(ri);
            }
            sh.trimmed += 1;
        }
        lost
    }

    /// The plaintext data key a consumer may use for `dk`: cached, or via KMS Decrypt
    /// (a child step of the open GetRecords).
    fn consumer_data_key(&mut self, session: u16, stream: u16, dk: u32) -> Result<(), AwsError> {
        if let Some(&expiry) = self.kinesis.consumer_keys.get(&(session, dk)) {
            if self.now < expiry {
                return Ok(());
            }
        }
        let key = self
            .kms
            .data_keys
            .get(dk as usize)
            .map(|d| d.key)
            .unwrap_or(0);
        let actor = "Kinesis (on behalf of the consumer)";
        self.kms_for_kinesis(actor, KmsOp::Decrypt, session, key, stream, Some(dk))?;
        self.kinesis
            .consumer_keys
            .insert((session, dk), self.now.plus(DATA_KEY_REUSE));
        Ok(())
    }

    /// `GetRecords` by a consumer session from position `from` of a shard; records that
    /// arrived after `now` are not visible. Writes the GetRecords step (and KMS Decrypt
    /// steps under it).
    pub fn kinesis_get_records(
        &mut self,
        actor: Arc<str>,
        session: u16,
        stream: u16,
        shard: u16,
        from: u32,
    ) -> Result<ReadBatch, AwsError> {
        let detail = StepDetail::GetRecords {
            stream,
            shard,
            first: from,
            count: 0,
        };
        let action = Action::KinesisGetRecords;
        let auth = Cloud::kinesis_auth(session, action, stream);
        let step = self.kinesis_step(actor, session, auth, detail);
        self.trace.open(step);
        let result = self.get_records_inner(auth, session, stream, shard, from);
        let count = result.as_ref().map_or(0, |batch| batch.len() as u32);
        if result.is_ok() {
            self.kinesis.get_records_ok += 1;
            if let Some(s) = self.kinesis.streams.get_mut(stream as usize) {
                s.records_read += u64::from(count);
            }
        } else {
            self.kinesis.get_records_failed += 1;
        }
        let detail = Some(StepDetail::GetRecords {
            stream,
            shard,
            first: from,
            count,
        });
        match &result {
            Ok(_) => self.trace.close(Outcome::Ok, detail),
            Err(e) => e.close(&mut self.trace, detail),
        }
        result
    }

    fn get_records_inner(
        &mut self,
        auth: AuthReq,
        session: u16,
        stream: u16,
        shard: u16,
        from: u32,
    ) -> Result<ReadBatch, AwsError> {
        self.authorize(auth)
            .map_err(|m| kerr::access_denied(m.to_string()))?;
        let now = self.now;
        let ids: Vec<u32> = match self.kinesis.shard(stream, shard) {
            Some(sh) => {
                let start = from.max(sh.trimmed) as usize;
                sh.records
                    .iter()
                    .skip(start)
                    .take(GET_RECORDS_LIMIT)
                    .copied()
                    .take_while(|&ri| {
                        self.kinesis
                            .records
                            .get(ri as usize)
                            .is_some_and(|r| r.arrival <= now)
                    })
                    .collect()
            }
            None => vec![],
        };
        // Decrypt data keys first (one KMS call per distinct key not cached), so a failure
        // fails the whole call as Kinesis does.
        let mut last_dk = None;
        for &ri in &ids {
            let dk = self
                .kinesis
                .records
                .get(ri as usize)
                .and_then(|r| r.data_key);
            if let Some(dk) = dk {
                if last_dk != Some(dk) {
                    self.consumer_data_key(session, stream, dk)?;
                    last_dk = Some(dk);
                }
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for ri in ids {
            let Some(r) = self.kinesis.records.get(ri as usize) else {
                continue;
            };
            let pt = match r.data_key {
                None => r.stored.to_vec(),
                Some(dk) => match self.kms.data_keys.get(dk as usize) {
                    Some(d) => d.sealer.open(&r.nonce, &r.stored, b"").map_err(|_| {
                        errors::simulator("InternalFailure", "record failed authentication")
                    })?,
                    None => continue,
                },
            };
            out.push((ri, pt));
        }
        Ok(out)
    }

    /// The authorization request of a Kinesis API call `session` makes on `stream`.
    fn kinesis_auth(session: u16, action: Action, stream: u16) -> AuthReq {
        AuthReq::direct(
            Principal::Session(session),
            action,
            Resource::Stream(stream),
        )
    }

    /// The step of the Kinesis API call `auth` made by `session` (the operation is the
    /// action's name).
    fn kinesis_step(
        &self,
        actor: Arc<str>,
        session: u16,
        auth: AuthReq,
        detail: StepDetail,
    ) -> Step {
        let principal = self.iam.session_arn(session);
        let mut step = Step::new(
            self.now,
            actor,
            "kinesis",
            auth.action.operation(),
            principal,
        );
        step.auth = Some(auth);
        step.detail = detail;
        step
    }

    /// A step for a simple read-only Kinesis call (DescribeStream, GetShardIterator).
    pub fn kinesis_simple_call(
        &mut self,
        actor: Arc<str>,
        session: u16,
        action: Action,
        stream: u16,
        detail: StepDetail,
    ) -> Result<(), AwsError> {
        let auth = Cloud::kinesis_auth(session, action, stream);
        let mut step = self.kinesis_step(actor, session, auth, detail);
        let r = self
            .authorize(auth)
            .map_err(|m| kerr::access_denied(m.to_string()));
        if let Err(e) = &r {
            e.fail(&mut step);
        }
        self.trace.push(step);
        r
    }

    /// Start (key Some) or stop (None) stream encryption: UPDATING now, effective when the
    /// stream returns to ACTIVE.
    pub fn kinesis_set_encryption(&mut self, stream: u16, key: Option<u16>) -> SimTime {
        let now = self.now;
        let until = now.plus(UPDATING_TIME);
        let actor = self.intern("Administrator");
        let admin = self.admin_arn.clone();
        let op = if key.is_some() {
            "StartStreamEncryption"
        } else {
            "StopStreamEncryption"
        };
        let mut step = Step::new(now, actor, "kinesis", op, admin);
        step.detail = StepDetail::StreamEncryption { stream, key };
        step.modelled.add(Note::StreamUpdating);
        if let Some(s) = self.kinesis.streams.get_mut(stream as usize) {
            s.configured_key = key;
            s.updating_until = Some(until);
        }
        self.trace.push(step);
        until
    }

    /// The stream becomes ACTIVE with its configured encryption.
    pub fn kinesis_activate(&mut self, stream: u16) {
        let now = self.now;
        if let Some(s) = self.kinesis.streams.get_mut(stream as usize) {
            if s.updating_until.is_some_and(|u| u <= now) {
                s.updating_until = None;
                s.key = s.configured_key;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_the_key_space() {
        let r = shard_ranges(1);
        assert_eq!(r, vec![(0, u128::MAX)]);
        let r = shard_ranges(4);
        assert_eq!(r[0].0, 0);
        assert_eq!(r[3].1, u128::MAX);
        for w in r.windows(2) {
            assert_eq!(w[0].1 + 1, w[1].0);
        }
    }
}
