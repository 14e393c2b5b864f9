//! The one place the UI meets the simulation engine: it runs a scenario (in time slices, so
//! long runs never freeze the page) and turns the engine's trace and state into the plain
//! views of `view.rs`. No AWS behaviour is decided here: every outcome, message and count
//! comes from the engine; this module only selects and formats.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{json, Value};

use envelope_lab::cloud::kms::KmsOp;
use envelope_lab::cloud::Via;
use envelope_lab::policy::Explanation;
use envelope_lab::sim::scenario::{KeyState, Scenario, ScenarioError, SseAlgorithm};
use envelope_lab::sim::{Simulation, Step, StepDetail};

use super::diagram::{DiagramView, Stage};
use super::i18n::{Lang, T};
use super::view::{EnvelopeView, ObjectRead, ObjectView, RowView, UsageView};
use super::web;

/// The default scenario (the seed stack) as JSON.
pub fn default_scenario() -> Value {
    serde_json::to_value(Scenario::default()).unwrap_or(Value::Null)
}

/// Parses and validates a scenario document: the engine's error (path and message in
/// English and Japanese) when it rejects it.
pub fn parse(scenario: &Value) -> Result<Scenario, ScenarioError> {
    Scenario::from_json(&scenario.to_string())
}

/// Checks a scenario document.
pub fn validate(scenario: &Value) -> Result<(), ScenarioError> {
    parse(scenario).map(|_| ())
}

/// A simulation run for one (scenario, seed) revision, plus a second simulation replayed to
/// the learner's position (the state the diagram, cost panel and object browser show).
#[derive(Default)]
pub struct Runner {
    revision: u64,
    sim: Option<Simulation>,
    scenario: Option<Scenario>,
    seed: u64,
    error: Option<ScenarioError>,
    done: bool,
    probe: Option<Probe>,
    views: HashMap<(usize, Lang), DiagramView>,
    usages: HashMap<usize, UsageView>,
    /// How many times the probe was rebuilt from the start (diagnostics).
    pub replays: u64,
}

/// A simulation whose state is the state after `cursor` steps for every cursor in
/// `lo < cursor <= steps().len()` (an event that writes several steps is applied whole).
struct Probe {
    sim: Simulation,
    lo: usize,
}

/// Steps run between two looks at the clock.
const CHUNK: u32 = 128;

/// Longest replay done on demand for a backward move (steps); beyond it the diagram falls
/// back to the final state filtered by step (exact for counts, approximate for the buffer).
pub const REPLAY_LIMIT: usize = 30_000;

/// Cached views kept per run (cleared beyond this many).
const CACHE_LIMIT: usize = 4096;

impl Runner {
    /// Starts over for a new scenario/seed.
    pub fn restart(&mut self, scenario: &Value, seed: u64, revision: u64) {
        self.revision = revision;
        self.error = None;
        self.done = false;
        self.seed = seed;
        self.probe = None;
        self.views.clear();
        self.usages.clear();
        self.scenario = None;
        self.sim = match parse(scenario).and_then(|s| Simulation::new(&s, seed).map(|sim| (s, sim)))
        {
            Ok((sc, sim)) => {
                self.scenario = Some(sc);
                Some(sim)
            }
            Err(e) => {
                self.error = Some(e);
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

    /// Steps a replay to `cursor` would run (0 when the probe already fits).
    fn replay_cost(&self, cursor: usize) -> usize {
        match &self.probe {
            Some(p) if cursor == 0 && p.sim.steps().is_empty() => 0,
            Some(p) if cursor > p.lo => cursor.saturating_sub(p.sim.steps().len()),
            _ => cursor,
        }
    }

    /// The probe moved to `cursor` (replayed from the start when it is past it).
    fn probe_at(&mut self, cursor: usize) -> Option<&Simulation> {
        let fits = match &self.probe {
            None => false,
            Some(p) if cursor == 0 => p.sim.steps().is_empty(),
            Some(p) => cursor > p.lo,
        };
        if !fits {
            let sim = Simulation::new(self.scenario.as_ref()?, self.seed).ok()?;
            self.replays += 1;
            self.probe = Some(Probe { sim, lo: 0 });
        }
        let p = self.probe.as_mut()?;
        while p.sim.steps().len() < cursor {
            let before = p.sim.steps().len();
            p.sim.run_to_step(before as u32);
            if p.sim.steps().len() == before {
                break;
            }
            p.lo = before;
        }
        Some(&p.sim)
    }

    /// The simulation whose state is the state at `cursor`: the main run when it stands
    /// exactly there, else the probe (None when that would mean a replay over the limit).
    fn state_at(&mut self, cursor: usize) -> Option<&Simulation> {
        let main_len = self.sim.as_ref()?.steps().len();
        if cursor >= main_len {
            return self.sim.as_ref();
        }
        if self.replay_cost(cursor) > REPLAY_LIMIT {
            return None;
        }
        self.probe_at(cursor)
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

    /// Why the scenario could not run (shown as `path: message` in the UI language).
    pub fn error(&self) -> Option<ScenarioError> {
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
                        envelope_lab::sim::Outcome::Error { message, .. } => message.to_string(),
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
                context: d
                    .encryption_context
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                subject: d.subject,
                algorithm: d.algorithm.to_string(),
                path: d.path,
                modelled: d.modelled,
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

    /// The diagram after `cursor` steps: names and the current step from the run's trace,
    /// counts and key states from the engine's snapshot of the state at that step
    /// (replayed to it, cached per step).
    pub fn diagram(&self, cursor: usize, lang: Lang) -> DiagramView {
        let mut r = self.0.borrow_mut();
        let cursor = cursor.min(r.sim.as_ref().map(|s| s.steps().len()).unwrap_or(0));
        // A view at the running end of an unfinished run may still change: not cached.
        let cacheable = r.done;
        if let Some(v) = r.views.get(&(cursor, lang)) {
            return v.clone();
        }
        let Some(mut view) = r.sim.as_ref().map(|sim| frame(sim, cursor)) else {
            return DiagramView::default();
        };
        let counts = match r.state_at(cursor) {
            Some(sim) => counts_of(sim, &view.kinesis_key, &view.s3_key),
            None => r
                .sim
                .as_ref()
                .map(|sim| legacy_counts(sim, cursor, &view.kinesis_key, &view.s3_key))
                .unwrap_or_default(),
        };
        view.caption = super::i18n::actor(&view.caption, lang);
        view.shard_records = counts.shard_records;
        view.shard_encrypted = counts.shard_encrypted;
        view.buffered = counts.buffered;
        view.objects = counts.objects;
        view.stream_encrypted = counts.stream_encrypted;
        view.kinesis_key_state = lang.t(state_text(counts.kinesis_key_state)).to_string();
        view.s3_key_state = lang.t(state_text(counts.s3_key_state)).to_string();
        if cacheable {
            if r.views.len() >= CACHE_LIMIT {
                r.views.clear();
            }
            r.views.insert((cursor, lang), view.clone());
        }
        view
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

    /// Opens an object as `role` in the state at step `cursor`: the engine's GetObject on
    /// a replay of the run to that step (the run itself is left as it is). On success the
    /// body and the `head-object` headers; on failure the AWS error and the authorization
    /// that decided it; in both cases the steps the request wrote.
    pub fn open_object(&self, key: &str, role: &str, cursor: usize) -> ObjectRead {
        let mut r = self.0.borrow_mut();
        let Some(len) = r.sim.as_ref().map(|s| s.steps().len()) else {
            return ObjectRead::default();
        };
        let cursor = cursor.min(len);
        if r.probe_at(cursor).is_none() {
            return ObjectRead::default();
        }
        // Opening appends steps: the probe is used up.
        let Some(Probe { sim: mut probe, .. }) = r.probe.take() else {
            return ObjectRead::default();
        };
        drop(r);
        let Some(bucket) = probe.scenario().buckets.first().map(|b| b.name.clone()) else {
            return ObjectRead::default();
        };
        let before = probe.steps().len();
        let result = probe.open_object(role, &bucket, key);
        let steps = probe.steps().get(before..).unwrap_or(&[]);
        let written: Vec<String> = steps
            .iter()
            .map(|st| {
                let outcome = st
                    .outcome
                    .code()
                    .map(|c| format!("✗ {c}"))
                    .unwrap_or_else(|| "✓".into());
                format!("{} {} {}", st.service, st.operation, outcome)
            })
            .collect();
        // The deciding authorization: the first decision that denied, else the KMS Decrypt
        // behind the read, else the GetObject.
        let explanation = steps
            .iter()
            .filter(|st| !st.outcome.is_ok())
            .filter_map(|st| probe.authorization(st))
            .find(|e| !e.decision.is_allowed())
            .or_else(|| {
                steps
                    .iter()
                    .rev()
                    .filter(|st| st.service == "kms")
                    .find_map(|st| probe.authorization(st))
            })
            .or_else(|| steps.iter().find_map(|st| probe.authorization(st)));
        let get = steps.iter().find(|st| st.operation == "GetObject");
        match result {
            Ok(body) => {
                let headers = get
                    .and_then(|st| probe.response_json(st))
                    .and_then(|v| v.as_object().cloned())
                    .map(|m| {
                        m.into_iter()
                            .map(|(k, v)| {
                                let text = match v {
                                    Value::String(s) => s,
                                    other => other.to_string(),
                                };
                                (k, text)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                ObjectRead {
                    ok: true,
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                    error: None,
                    explanation,
                    steps: written,
                }
            }
            Err(e) => ObjectRead {
                ok: false,
                headers: Vec::new(),
                body: String::new(),
                error: Some((e.code.to_string(), e.message.to_string())),
                explanation,
                steps: written,
            },
        }
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

    /// KMS usage over the whole run (so far).
    pub fn usage(&self) -> UsageView {
        self.with(|sim| Some(usage_of(sim))).unwrap_or_default()
    }

    /// KMS usage at step `cursor` (None when that needs a replay over the limit).
    pub fn usage_at(&self, cursor: usize) -> Option<UsageView> {
        let mut r = self.0.borrow_mut();
        let cursor = cursor.min(r.sim.as_ref()?.steps().len());
        if let Some(u) = r.usages.get(&cursor) {
            return Some(u.clone());
        }
        let cacheable = r.done;
        let u = usage_of(r.state_at(cursor)?);
        if cacheable {
            if r.usages.len() >= CACHE_LIMIT {
                r.usages.clear();
            }
            r.usages.insert(cursor, u.clone());
        }
        Some(u)
    }

    /// The SHA-256 over the run's steps (the engine's determinism check) and the step
    /// count, once the run is complete.
    pub fn trace_sha256(&self) -> Option<(String, usize)> {
        let r = self.0.borrow();
        let sim = r.sim.as_ref()?;
        r.done.then(|| (sim.trace_sha256(), sim.steps().len()))
    }
}

/// KMS usage in a simulation's state.
fn usage_of(sim: &Simulation) -> UsageView {
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
    UsageView {
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
    }
}

/// Benchmark hook (tests/browser/figures.mjs): runs the default scenario with
/// `invocations` Lambda invocations to the end, keeping steps as the UI does, and
/// returns `[steps, milliseconds]` measured with the page's clock (0 natively).
pub fn bench_engine(invocations: u32) -> (usize, f64) {
    let mut scenario = default_scenario();
    if let Some(v) = scenario.pointer_mut("/producers/0/invocations") {
        *v = json!(invocations);
    }
    let started = web::now_ms();
    let mut runner = Runner::default();
    runner.restart(&scenario, 1, 1);
    while !runner.advance(f64::INFINITY) {}
    let steps = runner.sim.as_ref().map(|s| s.steps().len()).unwrap_or(0);
    (steps, web::now_ms() - started)
}

/// What the diagram counts at a step.
#[derive(Default)]
struct Counts {
    shard_records: usize,
    shard_encrypted: usize,
    buffered: usize,
    objects: usize,
    stream_encrypted: bool,
    kinesis_key_state: KeyState,
    s3_key_state: KeyState,
}

fn state_text(state: KeyState) -> T {
    match state {
        KeyState::Enabled => T::StateEnabled,
        KeyState::Disabled => T::StateDisabled,
        KeyState::PendingDeletion => T::StatePendingDeletion,
        KeyState::Deleted => T::StateDeleted,
    }
}

/// Counts from the engine's snapshot of `sim` (its state now).
fn counts_of(sim: &Simulation, kinesis_key: &str, s3_key: &str) -> Counts {
    let snap = sim.snapshot();
    let cloud = sim.cloud();
    let key_state = |name: &str| {
        snap.kms_keys
            .iter()
            .find(|k| k.name == name)
            .map(|k| k.state)
            .unwrap_or_default()
    };
    let stream = snap.streams.first();
    // The snapshot lists the newest records of a shard; the encrypted count needs them all.
    let shard_encrypted = cloud
        .kinesis
        .streams
        .first()
        .map(|s| {
            s.shards
                .iter()
                .flat_map(|sh| sh.records.get(sh.trimmed as usize..).unwrap_or(&[]))
                .filter(|&&ri| {
                    cloud
                        .kinesis
                        .records
                        .get(ri as usize)
                        .is_some_and(|r| r.data_key.is_some())
                })
                .count()
        })
        .unwrap_or(0);
    Counts {
        shard_records: stream
            .map(|s| s.shards.iter().map(|sh| sh.total).sum())
            .unwrap_or(0),
        shard_encrypted,
        buffered: snap
            .firehose
            .first()
            .map(|f| f.buffer_records.len() + f.pending_batches.iter().map(|b| b.1).sum::<usize>())
            .unwrap_or(0),
        objects: snap.buckets.first().map(|b| b.objects.len()).unwrap_or(0),
        stream_encrypted: stream.is_some_and(|s| s.encryption_type == "KMS"),
        kinesis_key_state: key_state(kinesis_key),
        s3_key_state: key_state(s3_key),
    }
}

/// Counts for a step far behind the end of a long run (no replay): the final state
/// filtered by the step each record, read and object belongs to.
fn legacy_counts(sim: &Simulation, cursor: usize, kinesis_key: &str, s3_key: &str) -> Counts {
    let cloud = sim.cloud();
    let sc = sim.scenario();
    let steps = sim.steps();
    let cursor = cursor.min(steps.len());
    let c = cursor as u32;
    let key_state = |name: &str| -> KeyState {
        let index = cloud.kms.keys.iter().position(|k| k.name == name);
        let mut state = sc
            .keys
            .iter()
            .find(|k| k.name == name)
            .map(|k| k.state)
            .unwrap_or_default();
        for s in &steps[..cursor] {
            if let (StepDetail::KeyState { key }, true) = (s.detail, s.outcome.is_ok()) {
                if Some(key as usize) == index {
                    state = match s.operation {
                        "DisableKey" | "CancelKeyDeletion" => KeyState::Disabled,
                        "EnableKey" => KeyState::Enabled,
                        "ScheduleKeyDeletion" => KeyState::PendingDeletion,
                        "DeleteKey" => KeyState::Deleted,
                        _ => state,
                    };
                }
            }
        }
        state
    };
    let in_shard: Vec<_> = cloud
        .kinesis
        .records
        .iter()
        .filter(|rec| {
            rec.put_step < c
                && !matches!(
                    rec.status,
                    envelope_lab::cloud::kinesis::RecordStatus::Rejected
                )
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
    let stream = sc.streams.first();
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
                        envelope_lab::sim::scenario::EncryptionType::Kms
                    )
            })
        });
    Counts {
        shard_records: in_shard.len(),
        shard_encrypted: in_shard.iter().filter(|r| r.data_key.is_some()).count(),
        buffered: read.saturating_sub(delivered) as usize,
        objects: objects.len(),
        stream_encrypted,
        kinesis_key_state: key_state(kinesis_key),
        s3_key_state: key_state(s3_key),
    }
}

/// The parts of the diagram that come from the scenario and the trace (names, the current
/// step, where it happens).
fn frame(sim: &Simulation, cursor: usize) -> DiagramView {
    let sc = sim.scenario();
    let steps = sim.steps();
    let cursor = cursor.min(steps.len());
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
    let current = cursor.checked_sub(1).and_then(|i| steps.get(i));
    let (active, moving) = current
        .map(|s| RunHandle::stage_of(sim, s))
        .unwrap_or((None, None));
    let denied = current.and_then(|s| Some((active?, s.outcome.code()?.to_string())));
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
        ..DiagramView::default()
    }
}
