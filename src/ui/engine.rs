//! The one place the UI meets the simulation engine: it runs a scenario (in time slices, so
//! long runs never freeze the page) and turns the engine's trace and state into the plain
//! views of `view.rs`. No AWS behaviour is decided here: every outcome, message and count
//! comes from the engine; this module only selects and formats.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{json, Value};

use crate::cloud::kms::KmsOp;
use crate::cloud::Via;
use crate::policy::Explanation;
use crate::sim::scenario::{Scenario, SseAlgorithm};
use crate::sim::{Simulation, Step, StepDetail};

use super::diagram::{DiagramView, Stage};
use super::i18n::{Lang, T};
use super::view::{EnvelopeView, ObjectRead, ObjectView, RowView, UsageView};
use super::web;

/// The default scenario (the seed stack) as JSON.
pub fn default_scenario() -> Value {
    serde_json::to_value(Scenario::default()).unwrap_or(Value::Null)
}

/// Parses and validates a scenario document: `Err((path, message))` when the engine
/// rejects it.
pub fn parse(scenario: &Value) -> Result<Scenario, (String, String)> {
    Scenario::from_json(&scenario.to_string()).map_err(|e| (e.path, e.message))
}

/// Checks a scenario document.
pub fn validate(scenario: &Value) -> Result<(), (String, String)> {
    parse(scenario).map(|_| ())
}

/// A simulation run for one (scenario, seed) revision.
#[derive(Default)]
pub struct Runner {
    revision: u64,
    sim: Option<Simulation>,
    error: Option<String>,
    done: bool,
}

/// Steps run between two looks at the clock.
const CHUNK: u32 = 512;

impl Runner {
    /// Starts over for a new scenario/seed.
    pub fn restart(&mut self, scenario: &Value, seed: u64, revision: u64) {
        self.revision = revision;
        self.error = None;
        self.done = false;
        self.sim = match parse(scenario)
            .and_then(|s| Simulation::new(&s, seed).map_err(|e| (e.path, e.message)))
        {
            Ok(sim) => Some(sim),
            Err((path, msg)) => {
                self.error = Some(format!("{path}: {msg}"));
                self.done = true;
                None
            }
        };
    }

    /// Runs until `budget_ms` of wall time has passed or the run ends; true when done.
    pub fn advance(&mut self, budget_ms: f64) -> bool {
        let Some(sim) = self.sim.as_mut() else {
            self.done = true;
            return true;
        };
        let started = web::now_ms();
        loop {
            let target = sim.step_count().saturating_add(CHUNK);
            sim.run_to_step(target);
            if sim.is_finished() {
                self.done = true;
                break;
            }
            // Natively now_ms() is 0: a server render runs to the end (tests only).
            if web::now_ms() - started >= budget_ms && started > 0.0 {
                break;
            }
        }
        self.done
    }
}

/// A shared handle the components read from (compared by identity).
#[derive(Clone, Default)]
pub struct RunHandle(pub Rc<RefCell<Runner>>);

impl PartialEq for RunHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn time_of_day(iso: &str) -> String {
    // 2024-03-27T10:57:58.020000Z → 10:57:58.020
    iso.get(11..23).unwrap_or(iso).to_string()
}

fn depth(steps: &[Step], step: &Step) -> usize {
    let mut d = 0;
    let mut parent = step.parent;
    while let Some(p) = parent {
        d += 1;
        if d >= 4 {
            break;
        }
        parent = steps.get(p as usize).and_then(|s| s.parent);
    }
    d
}

impl RunHandle {
    pub fn revision(&self) -> u64 {
        self.0.borrow().revision
    }

    pub fn done(&self) -> bool {
        self.0.borrow().done
    }

    pub fn error(&self) -> Option<String> {
        self.0.borrow().error.clone()
    }

    /// Steps available so far.
    pub fn len(&self) -> usize {
        self.0
            .borrow()
            .sim
            .as_ref()
            .map(|s| s.steps().len())
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn with<R>(&self, f: impl FnOnce(&Simulation) -> Option<R>) -> Option<R> {
        let r = self.0.borrow();
        r.sim.as_ref().and_then(f)
    }

    pub fn row(&self, i: usize) -> Option<RowView> {
        self.with(|sim| {
            let steps = sim.steps();
            let step = steps.get(i)?;
            Some(RowView {
                index: i,
                time: time_of_day(&step.time.iso_micros()),
                actor: step.actor.to_string(),
                service: step.service.to_string(),
                operation: step.operation.to_string(),
                principal: step.principal.to_string(),
                error: step.outcome.code().map(|code| {
                    let message = match &step.outcome {
                        crate::sim::Outcome::Error { message, .. } => message.to_string(),
                        _ => String::new(),
                    };
                    (code.to_string(), message)
                }),
                depth: depth(steps, step),
                modelled: step.modelled.map(str::to_string),
            })
        })
    }

    /// The request and response in the AWS CLI's JSON shape (from the engine).
    pub fn request_response(&self, i: usize) -> (Option<Value>, Option<Value>) {
        self.with(|sim| {
            let step = sim.steps().get(i)?;
            Some((sim.request_json(step), sim.response_json(step)))
        })
        .unwrap_or((None, None))
    }

    /// The authorization explanation of the step's policy decision, if it made one.
    pub fn authorization(&self, i: usize) -> Option<Explanation> {
        self.with(|sim| sim.authorization(sim.steps().get(i)?))
    }

    /// The envelope of the step (encrypt or decrypt path).
    pub fn envelope(&self, i: usize) -> Option<EnvelopeView> {
        self.with(|sim| {
            let d = sim.envelope(sim.steps().get(i)?)?;
            Some(EnvelopeView {
                decrypt: d.direction == "decrypt",
                key_arn: d.kms_key_arn.clone().unwrap_or_default(),
                plaintext: d.plaintext.clone().unwrap_or_default(),
                data_key_hex: d.data_key_hex.clone().unwrap_or_default(),
                nonce_hex: d.nonce_hex.clone().unwrap_or_default(),
                ciphertext: d.ciphertext_base64.clone().unwrap_or_default(),
                blob: d.ciphertext_blob_base64.clone().unwrap_or_default(),
                context: d.encryption_context.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                extra: Some(json!({"subject": d.subject, "algorithm": d.algorithm, "path": d.path, "modelled": d.modelled})),
            })
        })
    }

    /// The KMS event as CloudTrail would log it.
    pub fn cloudtrail(&self, i: usize) -> Option<Value> {
        self.with(|sim| sim.cloudtrail(sim.steps().get(i)?))
    }

    fn stage_of(sim: &Simulation, step: &Step) -> (Option<Stage>, Option<(Stage, Stage)>) {
        let cloud = sim.cloud();
        let kinesis_key = sim
            .scenario()
            .streams
            .first()
            .and_then(|s| s.encryption.key.clone());
        let role_stage = |principal: &str| {
            let sc = sim.scenario();
            if sc.producers.first().is_some_and(|p| {
                principal.contains(&format!("/{}/", p.role))
                    || principal.ends_with(&format!("/{}", p.role))
            }) {
                Some(Stage::ProducerRole)
            } else if sc
                .delivery_streams
                .first()
                .is_some_and(|d| principal.contains(&d.source_role))
            {
                Some(Stage::SourceRole)
            } else if sc
                .delivery_streams
                .first()
                .is_some_and(|d| principal.contains(&d.destination_role))
            {
                Some(Stage::DestinationRole)
            } else {
                None
            }
        };
        match (step.service, step.operation) {
            ("lambda", _) => (Some(Stage::Lambda), None),
            ("kinesis", "PutRecord") | ("kinesis", "PutRecords") => {
                (Some(Stage::Stream), Some((Stage::Lambda, Stage::Stream)))
            }
            ("kinesis", "GetRecords") => (
                Some(Stage::Firehose),
                Some((Stage::Stream, Stage::Firehose)),
            ),
            ("kinesis", _) => (Some(Stage::Stream), None),
            ("kms", _) => {
                let key = match step.detail {
                    StepDetail::Kms { call } => cloud
                        .kms
                        .calls
                        .get(call as usize)
                        .and_then(|c| cloud.kms.keys.get(c.key as usize))
                        .map(|k| k.name.clone()),
                    StepDetail::KeyState { key } => {
                        cloud.kms.keys.get(key as usize).map(|k| k.name.clone())
                    }
                    _ => None,
                };
                if key.is_some() && key == kinesis_key {
                    (Some(Stage::KinesisKey), None)
                } else {
                    (Some(Stage::S3Key), None)
                }
            }
            ("s3", "PutObject") => (Some(Stage::Bucket), Some((Stage::Firehose, Stage::Bucket))),
            ("s3", _) => (Some(Stage::Bucket), None),
            ("firehose", _) | ("logs", _) => (Some(Stage::Firehose), None),
            ("sts", _) => (role_stage(&step.principal), None),
            _ => (None, None),
        }
    }

    /// The diagram after `cursor` steps.
    pub fn diagram(&self, cursor: usize, lang: Lang) -> DiagramView {
        let r = self.0.borrow();
        let Some(sim) = r.sim.as_ref() else {
            return DiagramView::default();
        };
        let sc = sim.scenario();
        let cloud = sim.cloud();
        let steps = sim.steps();
        let cursor = cursor.min(steps.len());
        let c = cursor as u32;
        let key_state = |name: Option<&str>| -> String {
            let Some(name) = name else {
                return String::new();
            };
            // The state at the cursor: the scenario's state, then key-state steps so far.
            let index = cloud.kms.keys.iter().position(|k| k.name == name);
            let mut state = sc
                .keys
                .iter()
                .find(|k| k.name == name)
                .map(|k| format!("{:?}", k.state))
                .unwrap_or_default();
            for s in &steps[..cursor] {
                if let (StepDetail::KeyState { key }, true) = (s.detail, s.outcome.is_ok()) {
                    if Some(key as usize) == index {
                        state = match s.operation {
                            "DisableKey" => "Disabled".into(),
                            "EnableKey" => "Enabled".into(),
                            "ScheduleKeyDeletion" => "PendingDeletion".into(),
                            "CancelKeyDeletion" => "Disabled".into(),
                            "DeleteKey" => "Deleted".into(),
                            _ => state,
                        };
                    }
                }
            }
            lang.t(match state.as_str() {
                "Disabled" => T::StateDisabled,
                "PendingDeletion" => T::StatePendingDeletion,
                "Deleted" => T::StateDeleted,
                _ => T::StateEnabled,
            })
            .to_string()
        };
        let stream = sc.streams.first();
        let firehose = sc.delivery_streams.first();
        let kinesis_key = stream
            .and_then(|s| s.encryption.key.clone())
            .or_else(|| sc.keys.first().map(|k| k.name.clone()))
            .unwrap_or_default();
        let s3_key = firehose
            .and_then(|d| d.encryption.as_ref().map(|e| e.kms_key.clone()))
            .or_else(|| sc.keys.get(1).map(|k| k.name.clone()))
            .unwrap_or_default();
        let in_shard: Vec<_> = cloud
            .kinesis
            .records
            .iter()
            .filter(|rec| {
                rec.put_step < c
                    && !matches!(rec.status, crate::cloud::kinesis::RecordStatus::Rejected)
            })
            .collect();
        let read: u64 = steps[..cursor]
            .iter()
            .map(|s| match (s.detail, s.outcome.is_ok()) {
                (StepDetail::GetRecords { count, .. }, true) => u64::from(count),
                _ => 0,
            })
            .sum();
        let objects: Vec<_> = cloud.s3.objects.iter().filter(|o| o.step < c).collect();
        let delivered: u64 = objects.iter().map(|o| o.records.len() as u64).sum();
        let current = cursor.checked_sub(1).and_then(|i| steps.get(i));
        let (active, moving) = current
            .map(|s| Self::stage_of(sim, s))
            .unwrap_or((None, None));
        let denied = current.and_then(|s| Some((active?, s.outcome.code()?.to_string())));
        let stream_encrypted = steps[..cursor]
            .iter()
            .rev()
            .find_map(|s| match (s.detail, s.outcome.is_ok()) {
                (StepDetail::StreamEncryption { key, .. }, true) => Some(key.is_some()),
                _ => None,
            })
            .unwrap_or_else(|| {
                stream.is_some_and(|s| {
                    s.encryption.key.is_some()
                        && matches!(
                            s.encryption.encryption_type,
                            crate::sim::scenario::EncryptionType::Kms
                        )
                })
            });
        DiagramView {
            producer: sc
                .producers
                .first()
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            stream: stream.map(|s| s.name.clone()).unwrap_or_default(),
            firehose: firehose.map(|d| d.name.clone()).unwrap_or_default(),
            bucket: sc
                .buckets
                .first()
                .map(|b| b.name.clone())
                .unwrap_or_default(),
            kinesis_key_state: key_state(Some(&kinesis_key)),
            s3_key_state: key_state(Some(&s3_key)),
            kinesis_key,
            s3_key,
            producer_role: sc
                .producers
                .first()
                .map(|p| p.role.clone())
                .unwrap_or_default(),
            source_role: firehose.map(|d| d.source_role.clone()).unwrap_or_default(),
            destination_role: firehose
                .map(|d| d.destination_role.clone())
                .unwrap_or_default(),
            stream_encrypted,
            shard_records: in_shard.len(),
            shard_encrypted: in_shard.iter().filter(|r| r.data_key.is_some()).count(),
            buffered: read.saturating_sub(delivered) as usize,
            objects: objects.len(),
            active,
            moving,
            denied,
            caption: current
                .map(|s| {
                    let outcome = s
                        .outcome
                        .code()
                        .map(|c| format!(" ✗ {c}"))
                        .unwrap_or_else(|| " ✓".into());
                    format!(
                        "#{} {} → {} {}{outcome}",
                        cursor, s.actor, s.service, s.operation
                    )
                })
                .unwrap_or_default(),
            step: cursor,
        }
    }

    /// Objects written in the first `cursor` steps (current versions).
    pub fn objects(&self, cursor: usize) -> Vec<ObjectView> {
        self.with(|sim| {
            let cloud = sim.cloud();
            Some(
                cloud
                    .s3
                    .objects
                    .iter()
                    .filter(|o| (o.step as usize) < cursor)
                    .map(|o| ObjectView {
                        key: cloud.s3.key_of(o.name).to_string(),
                        size: o.size as u64,
                        encryption_status: match o.sse {
                            SseAlgorithm::Aes256 => "SSE-S3",
                            SseAlgorithm::AwsKms => "SSE-KMS",
                            SseAlgorithm::None => "NOT-SSE",
                        }
                        .into(),
                        bucket_key: o.bucket_key,
                        kms_key: o
                            .kms_key
                            .and_then(|k| cloud.kms.keys.get(k as usize))
                            .map(|k| k.arn.clone()),
                    })
                    .collect(),
            )
        })
        .unwrap_or_default()
    }

    /// Opening an object as a role needs the engine's GetObject on demand (not available
    /// yet): the object's stored headers are shown, with a note.
    pub fn open_object(&self, key: &str, _role: &str) -> ObjectRead {
        self.with(|sim| {
            let cloud = sim.cloud();
            let o = cloud
                .s3
                .objects
                .iter()
                .rev()
                .find(|o| cloud.s3.key_of(o.name) == key)?;
            let mut headers = vec![
                ("ETag".to_string(), o.etag.clone()),
                ("Content-Length".to_string(), o.size.to_string()),
                (
                    "x-amz-server-side-encryption".to_string(),
                    match o.sse {
                        SseAlgorithm::Aes256 => "AES256".into(),
                        SseAlgorithm::AwsKms => "aws:kms".into(),
                        SseAlgorithm::None => "-".into(),
                    },
                ),
            ];
            if let Some(k) = o.kms_key.and_then(|k| cloud.kms.keys.get(k as usize)) {
                headers.push((
                    "x-amz-server-side-encryption-aws-kms-key-id".into(),
                    k.arn.clone(),
                ));
            }
            if o.bucket_key {
                headers.push((
                    "x-amz-server-side-encryption-bucket-key-enabled".into(),
                    "true".into(),
                ));
            }
            Some(ObjectRead {
                ok: true,
                headers,
                body: String::new(),
                error: None,
                explanation: None,
            })
        })
        .unwrap_or_default()
    }

    /// Firehose's CloudWatch Logs error events in the first `cursor` steps.
    pub fn logs(&self, cursor: usize) -> Vec<Value> {
        self.with(|sim| {
            let cloud = sim.cloud();
            Some(
                cloud
                    .firehose
                    .logs
                    .iter()
                    .filter(|e| (e.step as usize) < cursor)
                    .map(|e| {
                        let d = cloud.firehose.streams.get(e.delivery as usize);
                        json!({
                            "timestamp": e.time.iso_micros(),
                            "deliveryStreamARN": d.map(|d| d.arn.clone()),
                            "destination": d.and_then(|d| cloud.s3.buckets.get(d.bucket as usize)).map(|b| b.arn.clone()),
                            "errorCode": e.code,
                            "message": &*e.message,
                        })
                    })
                    .collect(),
            )
        })
        .unwrap_or_default()
    }

    /// KMS usage over the whole run.
    pub fn usage(&self) -> UsageView {
        self.with(|sim| {
            let cloud = sim.cloud();
            let mut by_op: Vec<(String, u64)> = Vec::new();
            for call in &cloud.kms.calls {
                let name = call.op.as_str().to_string();
                match by_op.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, c)) => *c += 1,
                    None => by_op.push((name, 1)),
                }
            }
            let records: Vec<_> = cloud
                .kinesis
                .records
                .iter()
                .filter(|r| r.data_key.is_some())
                .collect();
            let mut keys: Vec<u32> = records.iter().filter_map(|r| r.data_key).collect();
            keys.sort_unstable();
            keys.dedup();
            Some(UsageView {
                by_operation: by_op,
                records_encrypted: records.len() as u64,
                kinesis_data_keys: keys.len() as u64,
                objects: cloud.s3.objects.len() as u64,
                s3_kms_requests: cloud
                    .kms
                    .calls
                    .iter()
                    .filter(|c| c.via == Via::S3 && c.op == KmsOp::GenerateDataKey)
                    .count() as u64,
                bucket_key: sim
                    .scenario()
                    .buckets
                    .first()
                    .is_some_and(|b| b.default_encryption.bucket_key),
                customer_keys: cloud.kms.keys.iter().filter(|k| !k.aws_managed).count() as u64,
            })
        })
        .unwrap_or_default()
    }
}
