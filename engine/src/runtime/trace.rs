//! The trace: the ordered steps a learner sees. A step is small on purpose (no JSON, no
//! explanation): it keeps indices into the services' state so the request/response JSON,
//! the authorization explanation, the envelope detail and the CloudTrail event can be
//! rebuilt on demand (see `Simulation::request_json` and friends).
//!
//! Every finished step is also fed to a SHA-256 in a fixed binary form, so a run that keeps
//! no steps (summary only) still has the same `trace_sha256`. The form uses only
//! fixed-width little-endian integers (lengths as `u32`, never `usize`) and string bytes,
//! and nothing hashed depends on hash-map iteration order, so Wasm (32-bit) and native
//! runs agree; `tests/sim_golden.rs` pins the hash of every preset.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::sync::Arc;

use crate::runtime::auth::AuthReq;
use crate::runtime::clock::SimTime;
use crate::runtime::fixed_map::FixedMap;
use crate::runtime::notes::{Note, Notes};

/// How a step ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Succeeded.
    Ok,
    /// Failed with an AWS error code and message.
    Error {
        /// AWS error code (`KMSAccessDeniedException`, `S3.AccessDenied`, …).
        code: &'static str,
        /// Message.
        message: Arc<str>,
    },
}

impl Outcome {
    /// Whether the step succeeded.
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok)
    }

    /// The error code, if any.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            Outcome::Ok => None,
            Outcome::Error { code, .. } => Some(code),
        }
    }
}

/// What a step refers to in the services' state (indices, not copies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepDetail {
    /// Nothing further.
    None,
    /// STS AssumeRole creating session `session`.
    AssumeRole {
        /// Session index.
        session: u16,
    },
    /// A Lambda invocation.
    Invoke {
        /// Producer index.
        producer: u16,
        /// Invocation number (0-based).
        invocation: u32,
    },
    /// Kinesis PutRecord of record `record`.
    PutRecord {
        /// Record index.
        record: u32,
    },
    /// Kinesis PutRecords of the `count` records from index `first` (consecutive: a
    /// batch is recorded together).
    PutRecords {
        /// First record index.
        first: u32,
        /// Number of records in the request.
        count: u32,
    },
    /// Kinesis DescribeStream.
    DescribeStream {
        /// Stream index.
        stream: u16,
        /// Encryption key at the time (None: NONE).
        key: Option<u16>,
        /// Stream status at the time was UPDATING.
        updating: bool,
    },
    /// Kinesis GetShardIterator.
    GetShardIterator {
        /// Stream index.
        stream: u16,
        /// Shard index.
        shard: u16,
        /// Position the iterator starts at (index in the shard's record list).
        position: u32,
    },
    /// Kinesis GetRecords returning `count` records from position `first` of a shard.
    GetRecords {
        /// Stream index.
        stream: u16,
        /// Shard index.
        shard: u16,
        /// First position read.
        first: u32,
        /// Number of records returned (0 on failure).
        count: u32,
    },
    /// StartStreamEncryption / StopStreamEncryption.
    StreamEncryption {
        /// Stream index.
        stream: u16,
        /// New key (None: stop).
        key: Option<u16>,
    },
    /// A KMS call, with its CloudTrail record.
    Kms {
        /// Index into the KMS call log.
        call: u32,
    },
    /// A key state change.
    KeyState {
        /// Key index.
        key: u16,
    },
    /// S3 PutObject of a Firehose batch.
    PutObject {
        /// Delivery stream index.
        delivery: u16,
        /// Batch index.
        batch: u32,
        /// The object written (None when the put failed).
        object: Option<u32>,
    },
    /// S3 GetObject.
    GetObject {
        /// Object version read.
        object: u32,
    },
    /// S3 CopyObject in place.
    CopyObject {
        /// Source object version.
        from: u32,
        /// New object version (None when the copy failed).
        to: Option<u32>,
    },
    /// PutBucketEncryption.
    BucketEncryption {
        /// Bucket index.
        bucket: u16,
    },
    /// A CloudWatch Logs event written by Firehose.
    LogEvent {
        /// Index into the log.
        event: u32,
    },
    /// Firehose gave up on a batch (S3 delivery failed for the source stream's retention).
    DeliveryAbandoned {
        /// Delivery stream index.
        delivery: u16,
        /// Batch index.
        batch: u32,
    },
    /// Records left the stream's retention before Firehose could read them.
    RecordsExpired {
        /// Stream index.
        stream: u16,
        /// Shard index.
        shard: u16,
        /// How many.
        count: u32,
    },
    /// A Firehose buffer flush decision (size or interval reached).
    Flush {
        /// Delivery stream index.
        delivery: u16,
        /// Batch index.
        batch: u32,
    },
}

impl StepDetail {
    /// A fixed binary form of the detail for the trace hash: a tag and up to four
    /// numbers (stable across platforms; no formatting in the hot path).
    fn hash_words(&self) -> [u8; 20] {
        let o = |x: Option<u32>| x.map(|v| v as u64 + 1).unwrap_or(0) as u32;
        let ok = |x: Option<u16>| x.map(|v| v as u32 + 1).unwrap_or(0);
        let (tag, a, b, c, d): (u32, u32, u32, u32, u32) = match *self {
            StepDetail::None => (0, 0, 0, 0, 0),
            StepDetail::AssumeRole { session } => (1, session as u32, 0, 0, 0),
            StepDetail::Invoke {
                producer,
                invocation,
            } => (2, producer as u32, invocation, 0, 0),
            StepDetail::PutRecord { record } => (3, record, 0, 0, 0),
            StepDetail::DescribeStream {
                stream,
                key,
                updating,
            } => (4, stream as u32, ok(key), updating as u32, 0),
            StepDetail::GetShardIterator {
                stream,
                shard,
                position,
            } => (5, stream as u32, shard as u32, position, 0),
            StepDetail::GetRecords {
                stream,
                shard,
                first,
                count,
            } => (6, stream as u32, shard as u32, first, count),
            StepDetail::StreamEncryption { stream, key } => (7, stream as u32, ok(key), 0, 0),
            StepDetail::Kms { call } => (8, call, 0, 0, 0),
            StepDetail::KeyState { key } => (9, key as u32, 0, 0, 0),
            StepDetail::PutObject {
                delivery,
                batch,
                object,
            } => (10, delivery as u32, batch, o(object), 0),
            StepDetail::GetObject { object } => (11, object, 0, 0, 0),
            StepDetail::CopyObject { from, to } => (12, from, o(to), 0, 0),
            StepDetail::BucketEncryption { bucket } => (13, bucket as u32, 0, 0, 0),
            StepDetail::LogEvent { event } => (14, event, 0, 0, 0),
            StepDetail::DeliveryAbandoned { delivery, batch } => (15, delivery as u32, batch, 0, 0),
            StepDetail::RecordsExpired {
                stream,
                shard,
                count,
            } => (16, stream as u32, shard as u32, count, 0),
            StepDetail::Flush { delivery, batch } => (17, delivery as u32, batch, 0, 0),
            StepDetail::PutRecords { first, count } => (18, first, count, 0, 0),
        };
        let mut out = [0u8; 20];
        for (i, w) in [tag, a, b, c, d].into_iter().enumerate() {
            out[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
        }
        out
    }
}

/// One entry of the trace.
#[derive(Debug, Clone)]
pub struct Step {
    /// Position in the trace (0-based).
    pub index: u32,
    /// Simulated time.
    pub time: SimTime,
    /// Who acts, e.g. `Lambda DataSourceLambda`, `Firehose dva-02-005-FirehoseDeliveryStream`.
    pub actor: Arc<str>,
    /// AWS service: `kinesis`, `kms`, `s3`, `firehose`, `lambda`, `sts`, `logs`.
    pub service: &'static str,
    /// API operation, e.g. `PutRecord`, `GenerateDataKey`.
    pub operation: &'static str,
    /// The principal whose credentials are used (ARN), or a service principal.
    pub principal: Arc<str>,
    /// Result.
    pub outcome: Outcome,
    /// The step this one was made on behalf of (e.g. the PutRecord a GenerateDataKey served).
    pub parent: Option<u32>,
    /// References into the services' state.
    pub detail: StepDetail,
    /// The authorization request evaluated for this step, if any (rebuilt on demand).
    pub auth: Option<AuthReq>,
    /// What about this step is the simulator's model rather than documented AWS behaviour
    /// (empty when nothing is; see `runtime/notes.rs`).
    pub modelled: Notes,
}

impl Step {
    /// A new step with outcome Ok and no parent/detail; the index is set by the trace.
    pub fn new(
        time: SimTime,
        actor: Arc<str>,
        service: &'static str,
        operation: &'static str,
        principal: Arc<str>,
    ) -> Self {
        Step {
            index: 0,
            time,
            actor,
            service,
            operation,
            principal,
            outcome: Outcome::Ok,
            parent: None,
            detail: StepDetail::None,
            auth: None,
            modelled: Notes::NONE,
        }
    }

    /// The step's record references (record indices), for the UI's travelling records.
    pub fn record_refs(&self) -> Vec<u32> {
        match self.detail {
            StepDetail::PutRecord { record } => vec![record],
            StepDetail::PutRecords { first, count } => {
                (first..first.saturating_add(count)).collect()
            }
            _ => vec![],
        }
    }

    /// One readable line (the CLI's text format).
    pub fn text_line(&self) -> String {
        let outcome = match &self.outcome {
            Outcome::Ok => "ok".to_string(),
            Outcome::Error { code, message } if message.is_empty() => code.to_string(),
            Outcome::Error { code, message } => format!("{code}: {message}"),
        };
        let parent = self
            .parent
            .map(|p| format!(" (for #{p})"))
            .unwrap_or_default();
        format!(
            "#{:<5} {} {:<45} {}:{}{} as {} -> {}",
            self.index,
            self.time.iso_micros(),
            self.actor,
            self.service,
            self.operation,
            parent,
            self.principal,
            outcome
        )
    }

    fn hash_into(&self, h: &mut Vec<u8>, names: &mut NameIds) {
        h.extend_from_slice(&self.index.to_le_bytes());
        h.extend_from_slice(&self.time.0.to_le_bytes());
        // Each distinct string is hashed in full the first time it appears and by its
        // first-seen number afterwards (same result on every platform, far less hashing).
        for s in [&*self.actor, self.service, self.operation, &*self.principal] {
            let (id, new) = names.id(s);
            h.extend_from_slice(&id.to_le_bytes());
            if new {
                h.extend_from_slice(&(s.len() as u32).to_le_bytes());
                h.extend_from_slice(s.as_bytes());
            }
        }
        match &self.outcome {
            Outcome::Ok => h.push(0),
            Outcome::Error { code, message } => {
                h.push(1);
                h.extend_from_slice(code.as_bytes());
                h.push(0);
                h.extend_from_slice(message.as_bytes());
                h.push(0);
            }
        }
        h.extend_from_slice(&self.parent.map(|p| p as i64).unwrap_or(-1).to_le_bytes());
        h.extend_from_slice(&self.detail.hash_words());
    }
}

impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Outcome::Ok => {
                let mut st = s.serialize_struct("Outcome", 1)?;
                st.serialize_field("status", "ok")?;
                st.end()
            }
            Outcome::Error { code, message } => {
                let mut st = s.serialize_struct("Outcome", 3)?;
                st.serialize_field("status", "error")?;
                st.serialize_field("code", code)?;
                st.serialize_field("message", &**message)?;
                st.end()
            }
        }
    }
}

impl Serialize for Step {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Step", 10)?;
        st.serialize_field("index", &self.index)?;
        st.serialize_field("time", &self.time.iso_micros())?;
        st.serialize_field("actor", &*self.actor)?;
        st.serialize_field("service", self.service)?;
        st.serialize_field("operation", self.operation)?;
        st.serialize_field("principal", &*self.principal)?;
        st.serialize_field("outcome", &self.outcome)?;
        st.serialize_field("parent", &self.parent)?;
        st.serialize_field("records", &self.record_refs())?;
        st.serialize_field("modelled", &self.modelled.joined("en"))?;
        st.end()
    }
}

/// First-seen numbering of the strings steps carry. Numbers depend only on the text (so
/// the hash is the same natively and in Wasm); the address cache just avoids re-reading
/// the text of interned `Arc<str>`s and `&'static str`s on every step.
#[derive(Debug, Clone, Default)]
struct NameIds {
    by_addr: FixedMap<(usize, usize), u32>,
    by_text: std::collections::BTreeMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
}

impl NameIds {
    fn id(&mut self, s: &str) -> (u32, bool) {
        let key = (s.as_ptr() as usize, s.len());
        if let Some(&i) = self.by_addr.get(&key) {
            // Guard against a freed address reused for different text.
            if self.texts.get(i as usize).is_some_and(|t| &**t == s) {
                return (i, false);
            }
        }
        if let Some(&i) = self.by_text.get(s) {
            self.by_addr.insert(key, i);
            return (i, false);
        }
        let i = self.texts.len() as u32;
        self.texts.push(s.into());
        self.by_text.insert(s.into(), i);
        self.by_addr.insert(key, i);
        (i, true)
    }
}

/// Failed steps remembered for the summary in summary-only mode.
const MAX_ERRORS: usize = 10_000;

/// The growing trace. Steps can be opened before their children (a PutRecord before the
/// GenerateDataKey Kinesis makes for it) and closed after them.
#[derive(Debug, Clone)]
pub struct Trace {
    keep: bool,
    steps: Vec<Step>,
    open: Vec<Step>,
    errors: Vec<Step>,
    next_index: u32,
    hasher: Sha256,
    /// Reused buffer for one step's hash input.
    scratch: Vec<u8>,
    names: NameIds,
}

impl Trace {
    /// A trace that keeps its steps (`keep`) or only hashes and counts them.
    pub fn new(keep: bool) -> Self {
        Trace {
            keep,
            steps: Vec::new(),
            open: Vec::new(),
            errors: Vec::new(),
            next_index: 0,
            hasher: Sha256::new(),
            scratch: Vec::new(),
            names: NameIds::default(),
        }
    }

    /// Whether steps are kept.
    pub fn keeps_steps(&self) -> bool {
        self.keep
    }

    /// Steps kept so far (empty in summary-only mode).
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Failed steps (kept in every mode, up to a cap), in finishing order.
    pub fn errors(&self) -> &[Step] {
        &self.errors
    }

    /// Number of steps produced (kept or not).
    pub fn len(&self) -> u32 {
        self.next_index
    }

    /// Whether no step was produced yet.
    pub fn is_empty(&self) -> bool {
        self.next_index == 0
    }

    /// Index the next step will get.
    pub fn next_index(&self) -> u32 {
        self.next_index
    }

    /// Opens a step whose outcome is decided later; returns its index.
    pub fn open(&mut self, mut step: Step) -> u32 {
        if step.parent.is_none() {
            step.parent = self.current_parent();
        }
        step.index = self.next_index;
        self.next_index += 1;
        let i = step.index;
        self.open.push(step);
        i
    }

    /// Closes the most recently opened step.
    pub fn close(&mut self, outcome: Outcome, detail: Option<StepDetail>) {
        if let Some(mut step) = self.open.pop() {
            step.outcome = outcome;
            if let Some(d) = detail {
                step.detail = d;
            }
            self.finish(step);
        }
    }

    /// Adds a modelled note to the most recently opened step.
    pub fn mark_open_modelled(&mut self, note: Note) {
        if let Some(s) = self.open.last_mut() {
            s.modelled.add(note);
        }
    }

    /// Index of the innermost open step (the parent of a step pushed now).
    pub fn current_parent(&self) -> Option<u32> {
        self.open.last().map(|s| s.index)
    }

    /// Adds a finished step; its parent is the innermost open step unless already set.
    pub fn push(&mut self, mut step: Step) -> u32 {
        step.index = self.next_index;
        self.next_index += 1;
        if step.parent.is_none() {
            step.parent = self.current_parent();
        }
        let i = step.index;
        self.finish(step);
        i
    }

    fn finish(&mut self, step: Step) {
        // One SHA-256 update per step: the hasher's per-call cost exceeded the hashing
        // itself for these few dozen bytes (the byte stream, and so the hash, is unchanged).
        let mut bytes = std::mem::take(&mut self.scratch);
        bytes.clear();
        step.hash_into(&mut bytes, &mut self.names);
        self.hasher.update(&bytes);
        self.scratch = bytes;
        if !step.outcome.is_ok() && self.errors.len() < MAX_ERRORS {
            self.errors.push(step.clone());
        }
        if self.keep {
            // Steps finish in nesting order; keep them sorted by index for the UI. Most
            // finish in index order, so check the end before searching.
            if self.steps.last().is_none_or(|last| last.index < step.index) {
                self.steps.push(step);
            } else {
                let pos = self.steps.partition_point(|s| s.index < step.index);
                self.steps.insert(pos, step);
            }
        }
    }

    /// Mixes bytes a step produced (ciphertexts, keys, ids drawn from the RNG) into the
    /// hash, so that the hash covers the seed-dependent content, not just the step shape.
    pub fn absorb(&mut self, bytes: &[u8]) {
        self.hasher.update((bytes.len() as u32).to_le_bytes());
        self.hasher.update(bytes);
    }

    /// SHA-256 (hex) over every finished step so far.
    pub fn sha256_hex(&self) -> String {
        hex::encode(self.hasher.clone().finalize())
    }

    /// Approximate heap + inline bytes the kept steps use.
    pub fn memory_bytes(&self) -> usize {
        self.steps.capacity() * std::mem::size_of::<Step>()
    }
}
