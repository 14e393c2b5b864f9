//! The run summary (`envelope-lab run --summary`): a stable JSON contract.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cloud::kinesis::RecordStatus;
use crate::cloud::kms::KmsOp;
use crate::sim::budget::{Audience, BudgetStop};
use crate::sim::scenario::SseAlgorithm;
use crate::sim::simulation::Simulation;

/// Record counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RecordCounts {
    /// Records the producers tried to put.
    pub produced: u64,
    /// PutRecord succeeded.
    pub put_ok: u64,
    /// PutRecord failed.
    pub put_failed: u64,
    /// Read from the stream by Firehose.
    pub read_by_firehose: u64,
    /// In an S3 object.
    pub delivered: u64,
    /// Lost (retention expired unread, or S3 delivery given up).
    pub lost: u64,
    /// Still in the stream, a Firehose buffer or a retrying batch.
    pub pending: u64,
}

/// Record counts of one producer (Lambda function).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProducerCounts {
    /// Function name.
    pub name: String,
    /// Records it tried to put.
    pub produced: u64,
    /// Accepted by Kinesis.
    pub put_ok: u64,
    /// Rejected (PutRecord failed, or the record failed in a PutRecords).
    pub put_failed: u64,
    /// In an S3 object.
    pub delivered: u64,
}

/// Record counts of one Kinesis stream.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StreamCounts {
    /// Stream name.
    pub name: String,
    /// Records stored in plaintext (written while EncryptionType was NONE).
    pub records_plain: u64,
    /// Records stored encrypted (EncryptionType KMS).
    pub records_kms: u64,
    /// Records returned by successful GetRecords calls (every consumer).
    pub read: u64,
}

/// GetRecords calls.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GetRecordsCounts {
    /// Calls that succeeded (including ones that returned no record).
    pub ok: u64,
    /// Calls that failed (access denied, KMS errors).
    pub failed: u64,
    /// Records returned.
    pub records: u64,
}

/// KMS counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KmsCounts {
    /// Successful calls per operation.
    pub calls: BTreeMap<String, u64>,
    /// Requests denied by authorization.
    pub denied: u64,
    /// Requests throttled.
    pub throttled: u64,
    /// All requests including failures.
    pub total_requests: u64,
}

/// One S3 object (current versions written during the run or present at the start).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectSummary {
    /// Bucket.
    pub bucket: String,
    /// Key.
    pub key: String,
    /// `AES256`, `aws:kms` or `NONE`.
    pub sse: String,
    /// KMS key ARN for SSE-KMS.
    pub kms_key_id: Option<String>,
    /// Written with a Bucket Key.
    pub bucket_key: bool,
    /// Kinesis records in the object.
    pub records: usize,
    /// Size in bytes.
    pub size: usize,
}

/// One failed step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Denial {
    /// Step index.
    pub step: u32,
    /// Simulated time.
    pub time: String,
    /// Service.
    pub service: String,
    /// Operation.
    pub operation: String,
    /// Principal ARN.
    pub principal: String,
    /// Error code.
    pub error_code: String,
    /// Message.
    pub message: String,
    /// The `id` of this failure's entry in the summary's `fixes` (filled by `envelope-lab
    /// run --summary`, once per distinct failure; see `sim::fixes::written`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixes_id: Option<usize>,
    /// When the scenario spans accounts (an organization, or a role or resource of another
    /// account): whose policy denied the call and that account (for a call that failed
    /// because a call under it was denied, that call's; `object_owner` for an object another
    /// account owns). Absent otherwise, so single-account summaries read as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denied_by: Option<DeniedByAccount>,
}

/// The side and account whose policy denied a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeniedByAccount {
    pub policy: crate::policy::DeniedBy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// One distinct Firehose error in CloudWatch Logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirehoseError {
    /// Error code as logged.
    #[serde(rename = "errorCode")]
    pub error_code: String,
    /// Message as logged.
    pub message: String,
    /// How many times it was logged.
    pub count: u64,
}

/// The summary of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// SHA-256 over every step.
    pub trace_sha256: String,
    /// Seed.
    pub seed: u64,
    /// Steps produced.
    pub steps: u32,
    /// Simulated time at the end of the run.
    pub end_time: String,
    /// Whether the pipeline drained (nothing left to happen); false when the budget cut it.
    pub finished: bool,
    /// Record counts.
    pub records: RecordCounts,
    /// KMS counters.
    pub kms: KmsCounts,
    /// Current S3 objects.
    pub s3_objects: Vec<ObjectSummary>,
    /// Failed steps (first 1,000).
    pub denials: Vec<Denial>,
    /// Distinct Firehose errors.
    pub firehose_errors: Vec<FirehoseError>,
    /// Per producer, in scenario order.
    pub producers: Vec<ProducerCounts>,
    /// Per stream, in scenario order.
    pub streams: Vec<StreamCounts>,
    /// Kinesis GetRecords calls by every consumer.
    pub get_records: GetRecordsCounts,
    /// Present only when the run stopped at its budget: what was cut and how to change it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetReport>,
    /// Present only when a producer or reader encrypts client-side (AWS Encryption SDK).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_side: Option<ClientSideSummary>,
}

/// What client-side encryption did in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientSideSummary {
    /// Each client-side producer, in scenario order.
    pub producers: Vec<ClientSideProducer>,
    /// SDK messages readers decrypted.
    pub messages_decrypted: u64,
    /// SDK messages readers failed to decrypt (the SDK raised).
    pub messages_failed: u64,
}

/// One producer's client-side encryption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientSideProducer {
    /// Function name.
    pub name: String,
    /// The SDK's name of the algorithm suite.
    pub algorithm_suite: &'static str,
    /// The KMS key ARN.
    pub key: String,
    /// Whether the caching materials manager is on.
    pub data_key_caching: bool,
    /// Records sealed into SDK messages.
    pub records_sealed: u64,
    /// Records the SDK failed to seal.
    pub records_failed: u64,
    /// GenerateDataKey calls the SDK made (one per record without caching).
    pub generate_data_key_calls: u64,
    /// GenerateDataKey calls the cache saved (records sealed with a cached data key).
    pub calls_saved: u64,
}

/// A [`BudgetStop`] in the summary, with its notice in English (the command line's words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetReport {
    /// What was cut.
    #[serde(flatten)]
    pub stop: BudgetStop,
    /// What was cut and how to change it.
    pub message: String,
}

/// Label of an SSE algorithm in headers.
pub fn sse_label(s: SseAlgorithm) -> &'static str {
    match s {
        SseAlgorithm::Aes256 => "AES256",
        SseAlgorithm::AwsKms => "aws:kms",
        SseAlgorithm::None => "NONE",
    }
}

impl Simulation {
    /// The summary of the run so far.
    pub fn summary(&self) -> Summary {
        let c = &self.cloud;
        let mut records = RecordCounts::default();
        let mut producers: Vec<ProducerCounts> = c
            .lambda
            .producers
            .iter()
            .map(|p| ProducerCounts {
                name: p.name.clone(),
                ..ProducerCounts::default()
            })
            .collect();
        let mut streams: Vec<StreamCounts> = c
            .kinesis
            .streams
            .iter()
            .map(|s| StreamCounts {
                name: s.name.clone(),
                read: s.records_read,
                ..StreamCounts::default()
            })
            .collect();
        for r in &c.kinesis.records {
            records.produced += 1;
            match r.status {
                RecordStatus::Rejected => records.put_failed += 1,
                RecordStatus::InStream | RecordStatus::Read => records.pending += 1,
                RecordStatus::Delivered => records.delivered += 1,
                RecordStatus::Lost => records.lost += 1,
            }
            if let Some(p) = producers.get_mut(r.producer as usize) {
                p.produced += 1;
                match r.status {
                    RecordStatus::Rejected => p.put_failed += 1,
                    RecordStatus::Delivered => p.delivered += 1,
                    _ => {}
                }
            }
            if r.status != RecordStatus::Rejected {
                if let Some(s) = streams.get_mut(r.stream as usize) {
                    if r.data_key.is_some() {
                        s.records_kms += 1;
                    } else {
                        s.records_plain += 1;
                    }
                }
            }
        }
        for p in &mut producers {
            p.put_ok = p.produced - p.put_failed;
        }
        records.put_ok = records.produced - records.put_failed;
        records.read_by_firehose = c.firehose.streams.iter().map(|d| d.read).sum();
        let mut kms = KmsCounts::default();
        for op in KmsOp::ALL {
            let i = KmsOp::ALL.iter().position(|o| *o == op).unwrap_or(0);
            kms.calls.insert(op.as_str().to_string(), c.kms.calls_ok[i]);
        }
        kms.denied = c.kms.denied;
        kms.throttled = c.kms.throttled;
        kms.total_requests = c.kms.calls.len() as u64;
        let mut s3_objects = Vec::new();
        for b in &c.s3.buckets {
            for &o in b.current.values() {
                let Some(obj) = c.s3.objects.get(o as usize) else {
                    continue;
                };
                s3_objects.push(ObjectSummary {
                    bucket: b.name.clone(),
                    key: c.s3.key_of(obj.name).to_string(),
                    sse: sse_label(obj.sse).to_string(),
                    kms_key_id: obj
                        .kms_key
                        .and_then(|k| c.kms.keys.get(k as usize))
                        .map(|k| k.arn.clone()),
                    bucket_key: obj.bucket_key,
                    records: obj.records.len(),
                    size: obj.size,
                });
            }
        }
        let denied_by = |s: &crate::runtime::trace::Step| self.denied_by_account(s);
        let denials = c
            .trace
            .errors()
            .iter()
            .take(1000)
            .map(|s| Denial {
                denied_by: denied_by(s),
                step: s.index,
                time: s.time.iso_micros(),
                service: s.service.to_string(),
                operation: s.operation.to_string(),
                principal: s.principal.to_string(),
                error_code: s.outcome.code().unwrap_or("").to_string(),
                message: match &s.outcome {
                    crate::runtime::trace::Outcome::Error { message, .. } => message.to_string(),
                    _ => String::new(),
                },
                fixes_id: None,
            })
            .collect();
        let mut fe: Vec<FirehoseError> = Vec::new();
        for l in &c.firehose.logs {
            match fe
                .iter_mut()
                .find(|e| e.error_code == l.code && *e.message == *l.message)
            {
                Some(e) => e.count += 1,
                None => fe.push(FirehoseError {
                    error_code: l.code.to_string(),
                    message: l.message.to_string(),
                    count: 1,
                }),
            }
        }
        let budget = self.budget_stop().map(|stop| BudgetReport {
            message: stop.notice(Audience::Cli).into_en(),
            stop,
        });
        Summary {
            trace_sha256: self.trace_sha256(),
            seed: self.seed,
            steps: self.step_count(),
            end_time: c.now.iso_micros(),
            finished: self.is_finished() && budget.is_none(),
            records,
            kms,
            s3_objects,
            denials,
            firehose_errors: fe,
            producers,
            streams,
            get_records: GetRecordsCounts {
                ok: c.kinesis.get_records_ok,
                failed: c.kinesis.get_records_failed,
                records: c.kinesis.streams.iter().map(|s| s.records_read).sum(),
            },
            budget,
            client_side: client_side_summary(c),
        }
    }
}

fn client_side_summary(c: &crate::cloud::Cloud) -> Option<ClientSideSummary> {
    let producers: Vec<ClientSideProducer> =
        crate::cloud::client_side::sealers(&c.lambda.producers)
            .map(|(p, cs)| ClientSideProducer {
                name: p.name.clone(),
                algorithm_suite: cs.suite.name(),
                key: cs.key_arn.clone(),
                data_key_caching: cs.cache.is_some(),
                records_sealed: cs.sealed,
                records_failed: cs.failed,
                generate_data_key_calls: cs.generate_calls(),
                calls_saved: cs.calls_saved(),
            })
            .collect();
    let (decrypted, failed) = c.client_side_reads();
    if producers.is_empty() && decrypted == 0 && failed == 0 {
        return None;
    }
    Some(ClientSideSummary {
        producers,
        messages_decrypted: decrypted,
        messages_failed: failed,
    })
}
