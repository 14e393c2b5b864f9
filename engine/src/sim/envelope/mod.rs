//! The envelope view of a step, rebuilt from the services' state: what the step produced,
//! the drawing (lanes: what went through which key), the plaintext, the plaintext data key,
//! nonce, ciphertext and CiphertextBlob as bytes, the KMS key and encryption context, every
//! record a PutRecords or GetRecords carried, and the path in words (English and Japanese).
//! Nothing here changes the simulation.

pub mod figure;
pub mod sdk;
pub mod words;

use std::collections::BTreeMap;

use crate::cloud::kinesis::RecordStatus;
use crate::cloud::kms::KmsOp;
use crate::cloud::s3::KeyWrap;
use crate::runtime::trace::{Step, StepDetail};
use crate::sim::inspect::cut;
use crate::sim::simulation::Simulation;
use crate::text::Text;

pub use figure::{Lane, Part, PartKind};
pub use sdk::{Layer, SdkField, SdkMessage, SdkPart, SdkValue};
pub use words::DATA_KEY_NOTE;

/// Records listed per step at most (the rest are counted in `records_total`).
pub const RECORDS_SHOWN: usize = 100;

/// Characters of a record's data shown in the list.
const RECORD_DATA_CHARS: usize = 160;

/// One record a PutRecords or GetRecords carried.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordLine {
    /// `SequenceNumber` (None: the stream refused the record).
    pub sequence_number: Option<String>,
    pub partition_key: String,
    /// Stored encrypted: `EncryptionType` KMS.
    pub encrypted: bool,
    /// The data as UTF-8 (lossy), cut at 160 characters.
    pub data: String,
}

/// The envelope view of a step.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvelopeDetail {
    /// `encrypt` or `decrypt`.
    pub direction: &'static str,
    /// What is being protected (`Kinesis record`, `S3 object`, `data key`).
    pub subject: Text,
    /// What this step produced, in one sentence.
    pub produced: Text,
    /// The drawing: one lane per cryptographic operation, in order.
    pub lanes: Vec<Lane>,
    /// Plaintext (UTF-8, lossy; bodies longer than 4 KiB are cut).
    pub plaintext: Option<String>,
    /// Plaintext data key.
    pub data_key: Option<Vec<u8>>,
    /// Why the plaintext key is shown although AWS discards it.
    pub data_key_note: Text,
    /// Nonce of the data's encryption.
    pub nonce: Option<Vec<u8>>,
    /// Ciphertext + tag (an S3 body's first 4 KiB).
    pub ciphertext: Option<Vec<u8>>,
    /// The encrypted data key (this simulator's blob layout), as the request or response
    /// carried it.
    pub ciphertext_blob: Option<Vec<u8>>,
    /// KMS key ARN.
    pub kms_key_arn: Option<String>,
    /// Encryption context (AAD of the CiphertextBlob).
    pub encryption_context: BTreeMap<String, String>,
    /// Algorithm.
    pub algorithm: &'static str,
    /// The path in words (encrypt or decrypt order).
    pub path: Vec<Text>,
    /// Modelled parts.
    pub modelled: Option<Text>,
    /// The records a PutRecords or GetRecords carried (at most [`RECORDS_SHOWN`]).
    pub records: Vec<RecordLine>,
    /// How many records it carried.
    pub records_total: usize,
    /// The AWS Encryption SDK message inside (client-side encryption), field by field.
    pub sdk: Option<SdkMessage>,
    /// The server-side layers around that message, outermost first (empty: none drawn).
    pub layers: Vec<Layer>,
}

impl EnvelopeDetail {
    /// An AES-256-GCM envelope of `subject` with nothing filled in yet.
    fn new(encrypt: bool, subject: Text) -> EnvelopeDetail {
        EnvelopeDetail {
            direction: if encrypt { "encrypt" } else { "decrypt" },
            subject,
            produced: Text::default(),
            lanes: vec![],
            plaintext: None,
            data_key: None,
            data_key_note: DATA_KEY_NOTE.clone(),
            nonce: None,
            ciphertext: None,
            ciphertext_blob: None,
            kms_key_arn: None,
            encryption_context: BTreeMap::new(),
            algorithm: "AES-256-GCM",
            path: vec![],
            modelled: None,
            records: vec![],
            records_total: 0,
            sdk: None,
            layers: vec![],
        }
    }
}

fn record_subject() -> Text {
    Text::lit("Kinesis record", "Kinesis レコード")
}

impl Simulation {
    /// The envelope view of a step (PutRecord(s), GetRecords, KMS data-key calls, S3
    /// object writes and reads).
    pub fn envelope(&self, step: &Step) -> Option<EnvelopeDetail> {
        match step.detail {
            StepDetail::None => self.sdk_step_envelope(step.index as usize),
            StepDetail::PutRecord { record } => self.put_envelope(step, record, 1),
            StepDetail::PutRecords { first, count } => self.put_envelope(step, first, count),
            StepDetail::GetRecords {
                stream,
                shard,
                first,
                count,
            } => self.get_envelope(step, (stream, shard), first, count),
            StepDetail::Kms { call } => self.kms_envelope(step, call),
            StepDetail::PutObject {
                object: Some(o), ..
            }
            | StepDetail::CopyObject { to: Some(o), .. } => self.object_envelope(o, false),
            StepDetail::GetObject { object } => self.object_envelope(object, true),
            _ => None,
        }
    }

    fn key_name(&self, key: u16) -> &str {
        self.cloud
            .kms
            .keys
            .get(key as usize)
            .map_or("", |k| k.name.as_str())
    }

    /// The list of `records` (indices) as a PutRecords or GetRecords carried them.
    fn record_lines(&self, records: impl Iterator<Item = u32>) -> Vec<RecordLine> {
        let c = &self.cloud;
        records
            .take(RECORDS_SHOWN)
            .filter_map(|ri| {
                let r = c.kinesis.records.get(ri as usize)?;
                let data = c.record_plaintext(ri)?;
                // An SDK message is binary: written in base64, as the AWS CLI prints Data.
                let sdk = c
                    .lambda
                    .producers
                    .get(r.producer as usize)
                    .is_some_and(|p| p.client_side.is_some());
                let data = if sdk {
                    crate::sim::inspect::b64(&data).into()
                } else {
                    String::from_utf8_lossy(&data)
                };
                let sequence_number = (r.status != RecordStatus::Rejected)
                    .then(|| c.kinesis.shard(r.stream, r.shard))
                    .flatten()
                    .map(|sh| sh.sequence_number(r.seq));
                Some(RecordLine {
                    sequence_number,
                    partition_key: r.partition_key.to_string(),
                    encrypted: r.data_key.is_some(),
                    data: data.chars().take(RECORD_DATA_CHARS).collect(),
                })
            })
            .collect()
    }

    /// A PutRecord, or a PutRecords of `count` records from `first`: the first stored
    /// record's envelope (or the first refused one), every record listed for a batch.
    fn put_envelope(&self, step: &Step, first: u32, count: u32) -> Option<EnvelopeDetail> {
        let c = &self.cloud;
        let status = |ri: u32| c.kinesis.records.get(ri as usize).map(|r| r.status);
        let batch = first..first.saturating_add(count);
        let stored = batch
            .clone()
            .find(|&ri| status(ri).is_some_and(|s| s != RecordStatus::Rejected));
        let mut e = match stored {
            Some(ri) => self.record_envelope(ri, true)?,
            None => {
                let code = step.outcome.code().unwrap_or("rejected");
                let mut e = EnvelopeDetail::new(true, record_subject());
                e.plaintext = Some(cut(&c.record_plaintext(first)?));
                e.lanes = figure::record_rejected(code);
                e.produced = words::record_rejected(code);
                e.path = words::record_rejected_path();
                e
            }
        };
        if count > 1 {
            let sealed = batch
                .clone()
                .filter(|&ri| {
                    c.kinesis
                        .records
                        .get(ri as usize)
                        .is_some_and(|r| r.data_key.is_some())
                })
                .count();
            let refused = batch
                .clone()
                .filter(|&ri| status(ri) == Some(RecordStatus::Rejected))
                .count();
            e.produced = words::records_put(count as usize, sealed, refused);
            e.records = self.record_lines(batch);
            e.records_total = count as usize;
        }
        Some(e)
    }

    /// A GetRecords: the envelope of the first encrypted record returned (else the first),
    /// and every record listed; a failed one says why nothing came back.
    fn get_envelope(
        &self,
        step: &Step,
        (stream, shard): (u16, u16),
        first: u32,
        count: u32,
    ) -> Option<EnvelopeDetail> {
        let c = &self.cloud;
        if count == 0 {
            let code = step.outcome.code()?;
            let mut e = EnvelopeDetail::new(false, record_subject());
            e.produced = words::nothing_read(Some(code));
            e.path = vec![e.produced.clone()];
            return Some(e);
        }
        let returned: Vec<u32> = c
            .kinesis
            .shard(stream, shard)?
            .records
            .iter()
            .skip(first as usize)
            .take(count as usize)
            .copied()
            .collect();
        let encrypted = |ri: &u32| {
            c.kinesis
                .records
                .get(*ri as usize)
                .is_some_and(|r| r.data_key.is_some())
        };
        let position = returned.iter().position(encrypted).unwrap_or(0);
        let mut e = self.record_envelope(*returned.get(position)?, false)?;
        let n = returned.len();
        e.subject = Text::new(
            format!("Kinesis record (returned record {} of {n})", position + 1),
            format!("Kinesis レコード (返された {n} 件中 {} 件目)", position + 1),
        );
        e.produced = words::records_read(n, returned.iter().filter(|r| encrypted(r)).count());
        e.records = self.record_lines(returned.into_iter());
        e.records_total = n;
        Some(e)
    }

    /// A Kinesis record put (`encrypt`) or read: sealed under the producer credential's
    /// data key, or plaintext when the stream did not encrypt it.
    fn record_envelope(&self, record: u32, encrypt: bool) -> Option<EnvelopeDetail> {
        let c = &self.cloud;
        let r = c.kinesis.records.get(record as usize)?;
        let plaintext = c.record_plaintext(record)?;
        let mut e = EnvelopeDetail::new(encrypt, record_subject());
        e.plaintext = Some(cut(&plaintext));
        match r.data_key.and_then(|d| c.kms.data_keys.get(d as usize)) {
            None => {
                e.path = vec![words::record_not_encrypted()];
                e.produced = words::record_not_encrypted();
                e.lanes = figure::record_plain(encrypt);
                e.layers = vec![words::stream_layer(None)];
            }
            Some(d) => {
                e.data_key = Some(d.plaintext.to_vec());
                e.nonce = Some(r.nonce.to_vec());
                e.ciphertext = Some(r.stored.to_vec());
                e.ciphertext_blob = Some(d.blob.to_bytes());
                e.kms_key_arn = Some(self.key_arn(d.key));
                e.encryption_context = c.context_of(d.ctx);
                e.path = words::record_path(encrypt);
                e.produced = words::record_stored_encrypted();
                e.lanes = figure::record_sealed(encrypt, self.key_name(d.key));
                e.modelled = Some(words::record_sealing_modelled());
                e.layers = vec![words::stream_layer(Some(self.key_name(d.key)))];
            }
        }
        // Client-side: what the stream holds is an SDK message, not the record.
        e.sdk = self.record_sdk_message(record);
        if e.sdk.is_some() {
            e.plaintext = None;
            sdk::relabel_for_sdk(&mut e.lanes, false);
        } else {
            e.layers.clear();
        }
        Some(e)
    }

    /// A KMS call on a data key: GenerateDataKey seals a new one, Decrypt opens one.
    fn kms_envelope(&self, step: &Step, call: u32) -> Option<EnvelopeDetail> {
        let c = &self.cloud;
        let k = c.kms.calls.get(call as usize)?;
        let d = k.data_key.and_then(|d| c.kms.data_keys.get(d as usize));
        let code = step.outcome.code();
        let generate = k.op == KmsOp::GenerateDataKey;
        let mut e = EnvelopeDetail::new(generate, Text::lit("data key", "データキー"));
        e.data_key = d.filter(|_| code.is_none()).map(|d| d.plaintext.to_vec());
        // The blob as the request (Decrypt) or response carried it.
        e.ciphertext_blob = d.map(|d| {
            let mut blob = d.blob.to_bytes();
            if k.tampered {
                if let Some(last) = blob.last_mut() {
                    *last ^= 1;
                }
            }
            blob
        });
        e.kms_key_arn = Some(self.key_arn(k.key));
        e.encryption_context = c.context_of(k.ctx);
        e.path = words::kms_path(k.op, code.is_none(), code);
        e.produced = words::kms_produced(k.op, k.via.service(), code);
        e.lanes = figure::kms_call(generate, self.key_name(k.key), code);
        e.modelled = Some(words::blob_layout_modelled());
        Some(e)
    }

    /// An S3 object version written or read (`read`), as its encryption protects it.
    fn object_envelope(&self, o: u32, read: bool) -> Option<EnvelopeDetail> {
        let c = &self.cloud;
        let obj = c.s3.objects.get(o as usize)?;
        let body = c.s3_body_unchecked(o)?;
        let mut e = EnvelopeDetail::new(!read, Text::lit("S3 object", "S3 オブジェクト"));
        e.plaintext = Some(cut(&body));
        let object_key = || c.s3_object_key_unchecked(o).map(|k| k.to_vec());
        e.lanes = match &obj.wrap {
            KeyWrap::None => figure::object_plain(),
            KeyWrap::S3Owned { .. } => {
                e.data_key = object_key();
                figure::object_sse_s3(!read)
            }
            KeyWrap::Kms { data_key } | KeyWrap::BucketKey { data_key, .. } => {
                let d = c.kms.data_keys.get(*data_key as usize)?;
                let bucket_key = matches!(obj.wrap, KeyWrap::BucketKey { .. });
                e.data_key = if bucket_key {
                    object_key()
                } else {
                    Some(d.plaintext.to_vec())
                };
                e.ciphertext_blob = Some(d.blob.to_bytes());
                e.encryption_context = c.context_of(d.ctx);
                e.kms_key_arn = Some(self.key_arn(d.key));
                let key = self.key_name(d.key);
                if bucket_key {
                    figure::object_bucket_key(!read, key)
                } else {
                    figure::object_sse_kms(!read, key)
                }
            }
        };
        if !matches!(obj.wrap, KeyWrap::None) {
            e.nonce = Some(obj.body_nonce.to_vec());
            e.ciphertext = Some(obj.body[..obj.body.len().min(4096)].to_vec());
        }
        e.path = words::object_path(&obj.wrap, read);
        e.produced = words::object_produced(&obj.wrap, read);
        e.modelled = matches!(
            obj.wrap,
            KeyWrap::BucketKey { .. } | KeyWrap::S3Owned { .. }
        )
        .then(words::object_key_modelled);
        if self.object_holds_sdk(o) {
            e.sdk = sdk::message_in(&body, 0);
            e.plaintext = None;
            let key = obj.kms_key.map(|k| self.key_name(k));
            e.layers = vec![words::object_layer(&obj.wrap, key)];
            sdk::relabel_for_sdk(&mut e.lanes, true);
        }
        Some(e)
    }
}
