//! The scheduler: a discrete-event queue over simulated time that drives the producers,
//! Firehose's polls, flushes and retries, readers and scenario events through the
//! services. Deterministic: ties in time run in insertion order.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use crate::cloud::client_side::ReaderDecrypt;
use crate::cloud::firehose::Schedule;
use crate::cloud::kinesis::RecordStatus;
use crate::cloud::kms::{KmsOp, KmsRequest};
use crate::cloud::lambda::ticker_record;
use crate::cloud::s3::SseRequest;
use crate::cloud::{Cloud, CtxRef, Via};
use crate::runtime::clock::{SimTime, HOUR};
use crate::runtime::notes::Note;
use crate::runtime::trace::{Outcome, Step, StepDetail};
use crate::sim::budget::{Budget, BudgetStop, Meter};
use crate::sim::build::build;
use crate::sim::keys::{default_encryption_key, key_index};
use crate::sim::scenario::{
    BlobSource, BucketEncryptionSpec, EventSpec, KeyState, KmsOperation, ProducerApi, Scenario,
    ScenarioError, PUT_RECORDS_LIMIT,
};

/// Options for building a simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimOptions {
    /// Keep every step (the UI and `--format`); false keeps only the hash and counters.
    pub keep_steps: bool,
    /// How far the run may go (steps and simulated time).
    pub budget: Budget,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            keep_steps: true,
            budget: Budget::default(),
        }
    }
}

impl SimOptions {
    /// The default options, keeping steps or not.
    pub fn keeping(keep_steps: bool) -> SimOptions {
        SimOptions {
            keep_steps,
            ..SimOptions::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Start,
    Invoke {
        producer: u16,
        invocation: u32,
    },
    Put {
        producer: u16,
        invocation: u32,
        n: u32,
    },
    Poll {
        delivery: u16,
        shard: u16,
    },
    Flush {
        delivery: u16,
        generation: u32,
    },
    Deliver {
        delivery: u16,
        batch: u32,
    },
    StreamActive {
        stream: u16,
    },
    Scenario {
        index: u32,
    },
    Reader {
        index: u32,
    },
}

/// A running simulation: `Scenario + seed → trace + state`.
#[derive(Debug)]
pub struct Simulation {
    pub(crate) scenario: std::sync::Arc<Scenario>,
    pub(crate) seed: u64,
    pub(crate) cloud: Cloud,
    pub(crate) start: SimTime,
    queue: BinaryHeap<Reverse<(SimTime, u64, Event)>>,
    seq: u64,
    cursor: usize,
    /// Nothing is scheduled after this: the pipeline's own end (the last event plus the
    /// longest retention and a day of retries), or the budget's horizon when earlier.
    horizon: SimTime,
    /// The pipeline's own end; what falls between `horizon` and it is cut by the budget.
    natural_horizon: SimTime,
    meter: Meter,
    reader_sessions: BTreeMap<(u16, String), u16>,
    /// The Invoke step of each running invocation of a client-side producer (the parent
    /// of its SDK steps).
    invoke_steps: BTreeMap<(u16, u32), u32>,
}

impl Simulation {
    /// Builds a simulation that keeps its steps.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Simulation, ScenarioError> {
        Self::with_options(scenario, seed, SimOptions::default())
    }

    /// Builds a simulation with options (e.g. summary-only).
    pub fn with_options(
        scenario: &Scenario,
        seed: u64,
        options: SimOptions,
    ) -> Result<Simulation, ScenarioError> {
        scenario.validate()?;
        // A run without the client-side cryptography would record failures the learner's
        // scenario does not have: refuse to start it (the web app loads the module first).
        if scenario.uses_client_side() && !crate::esdk::primitives::available() {
            return Err(ScenarioError::new(
                "producers",
                "client-side encryption is not loaded yet (its cryptography module)",
                "クライアント側の暗号化 (その暗号モジュール) がまだ読み込まれていません",
            ));
        }
        let start = scenario.start()?;
        let mut cloud = Cloud::new(
            &scenario.account,
            &scenario.region,
            seed,
            start,
            options.keep_steps,
        );
        build(&mut cloud, scenario, start)?;
        let max_retention = scenario
            .streams
            .iter()
            .map(|s| s.retention_hours as i64)
            .max()
            .unwrap_or(24)
            * HOUR;
        let last_event = scenario
            .events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| scenario.time_at(e.at(), &format!("events[{i}].at")).ok())
            .chain(
                scenario
                    .readers
                    .iter()
                    .filter_map(|r| scenario.time_at(&r.at, "readers").ok()),
            )
            .max()
            .unwrap_or(start);
        let last_invocation = cloud
            .lambda
            .producers
            .iter()
            .map(|p| p.invocation_time(p.invocations.saturating_sub(1)))
            .max()
            .unwrap_or(start);
        let natural_horizon = last_event
            .max(last_invocation)
            .plus(max_retention + 26 * HOUR);
        let meter = Meter::new(options.budget, start);
        let mut sim = Simulation {
            scenario: std::sync::Arc::new(scenario.clone()),
            seed,
            cloud,
            start,
            queue: BinaryHeap::new(),
            seq: 0,
            cursor: 0,
            horizon: natural_horizon.min(meter.horizon),
            natural_horizon,
            meter,
            reader_sessions: BTreeMap::new(),
            invoke_steps: BTreeMap::new(),
        };
        sim.push(start, Event::Start);
        for (i, p) in sim.cloud.lambda.producers.clone().iter().enumerate() {
            if p.invocations > 0 {
                sim.push(
                    p.invocation_time(0),
                    Event::Invoke {
                        producer: i as u16,
                        invocation: 0,
                    },
                );
            }
        }
        for (i, e) in scenario.events.iter().enumerate() {
            let t = scenario.time_at(e.at(), &format!("events[{i}].at"))?;
            sim.push(t, Event::Scenario { index: i as u32 });
        }
        for (i, r) in scenario.readers.iter().enumerate() {
            let t = scenario.time_at(&r.at, &format!("readers[{i}].at"))?;
            sim.push(t, Event::Reader { index: i as u32 });
        }
        Ok(sim)
    }

    fn push(&mut self, at: SimTime, e: Event) {
        if at > self.horizon {
            if at <= self.natural_horizon {
                let scenario_event = matches!(e, Event::Scenario { .. } | Event::Reader { .. });
                self.meter.note_cut(at, scenario_event);
            }
            return;
        }
        self.seq += 1;
        self.queue.push(Reverse((at, self.seq, e)));
    }

    fn push_schedules(&mut self, s: Vec<Schedule>) {
        for x in s {
            match x {
                Schedule::Poll {
                    delivery,
                    shard,
                    at,
                } => self.push(at, Event::Poll { delivery, shard }),
                Schedule::Flush {
                    delivery,
                    generation,
                    at,
                } => self.push(
                    at,
                    Event::Flush {
                        delivery,
                        generation,
                    },
                ),
                Schedule::Deliver {
                    delivery,
                    batch,
                    at,
                } => self.push(at, Event::Deliver { delivery, batch }),
            }
        }
    }

    /// The scenario this simulation runs.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The simulated clock.
    pub fn now(&self) -> SimTime {
        self.cloud.now
    }

    /// The start time.
    pub fn start_time(&self) -> SimTime {
        self.start
    }

    /// Read access to every service's state.
    pub fn cloud(&self) -> &Cloud {
        &self.cloud
    }

    /// Steps produced so far (empty when built summary-only).
    pub fn steps(&self) -> &[Step] {
        self.cloud.trace.steps()
    }

    /// Number of steps produced (also in summary-only mode).
    pub fn step_count(&self) -> u32 {
        self.cloud.trace.len()
    }

    /// SHA-256 over the steps so far.
    pub fn trace_sha256(&self) -> String {
        self.cloud.trace.sha256_hex()
    }

    /// True when nothing more will happen: the pipeline drained, or the run stopped at
    /// its budget (see [`Simulation::budget_stop`]).
    pub fn is_finished(&self) -> bool {
        self.queue.is_empty() || self.meter.out_of_steps
    }

    /// Why the run stopped before the pipeline's own end, once it can go no further: the
    /// step limit, or events past the simulated horizon. None for a run that ended on its
    /// own (or is still going).
    pub fn budget_stop(&self) -> Option<BudgetStop> {
        self.meter
            .stop(self.queue.is_empty(), self.cloud.now, self.step_count())
    }

    /// The budget the run has.
    pub fn budget(&self) -> Budget {
        self.meter.budget
    }

    /// Processes the next event; false when there was none or the budget is spent.
    fn process_next(&mut self) -> bool {
        if self.queue.is_empty() || !self.meter.admit(self.cloud.trace.len()) {
            return false;
        }
        let Some(Reverse((at, _, e))) = self.queue.pop() else {
            return false;
        };
        if at > self.cloud.now {
            self.cloud.now = at;
        }
        self.handle(e);
        true
    }

    /// Advances to the next step and returns it (None when finished). In summary-only
    /// mode it advances by one event and returns None.
    pub fn step(&mut self) -> Option<&Step> {
        while self.cursor >= self.cloud.trace.steps().len() {
            if !self.process_next() {
                return None;
            }
            if !self.cloud.trace.keeps_steps() {
                return None;
            }
        }
        self.cursor += 1;
        self.cloud.trace.steps().get(self.cursor - 1)
    }

    /// Runs until the steps number more than `n` (the state after stepping n+1 times).
    pub fn run_to_step(&mut self, n: u32) {
        while self.cloud.trace.len() <= n {
            if !self.process_next() {
                break;
            }
        }
        self.cursor = self.cloud.trace.steps().len().min(n as usize + 1);
    }

    /// Runs until the pipeline drains or gives up.
    pub fn run_to_end(&mut self) {
        while self.process_next() {}
        self.cursor = self.cloud.trace.steps().len();
    }

    /// Runs every event at or before `t`; the clock then reads `t` (unless finished earlier).
    pub fn run_until(&mut self, t: SimTime) {
        while let Some(Reverse((at, _, _))) = self.queue.peek() {
            if *at > t || !self.process_next() {
                break;
            }
        }
        if !self.is_finished() && self.cloud.now < t {
            self.cloud.now = t;
        }
        self.cursor = self.cloud.trace.steps().len();
    }

    /// Runs for a duration (µs) from the start time.
    pub fn run_for(&mut self, micros: i64) {
        let t = self.start.plus(micros);
        self.run_until(t);
    }

    fn handle(&mut self, e: Event) {
        match e {
            Event::Start => self.on_start(),
            Event::Invoke {
                producer,
                invocation,
            } => self.on_invoke(producer, invocation),
            Event::Put {
                producer,
                invocation,
                n,
            } => self.on_put(producer, invocation, n),
            Event::Poll { delivery, shard } => {
                let s = self.cloud.firehose_poll(delivery, shard);
                self.push_schedules(s);
            }
            Event::Flush {
                delivery,
                generation,
            } => {
                let s = self.cloud.firehose_flush(delivery, Some(generation));
                self.push_schedules(s);
            }
            Event::Deliver { delivery, batch } => {
                let s = self.cloud.firehose_deliver(delivery, batch);
                self.push_schedules(s);
            }
            Event::StreamActive { stream } => self.cloud.kinesis_activate(stream),
            Event::Scenario { index } => self.on_scenario_event(index as usize),
            Event::Reader { index } => self.on_reader(index as usize),
        }
    }

    fn on_start(&mut self) {
        for d in 0..self.cloud.firehose.streams.len() {
            let Some(ds) = self.cloud.firehose.streams.get(d) else {
                continue;
            };
            let (actor, src, dst) = (ds.actor.clone(), ds.source_role, ds.dest_role);
            let s1 = self.cloud.sts_assume_role(
                actor.clone(),
                src,
                "AWSFirehoseToKinesisSource",
                Some("firehose.amazonaws.com"),
            );
            let s2 = if dst == src {
                s1
            } else {
                self.cloud.sts_assume_role(
                    actor,
                    dst,
                    "AWSFirehoseToS3",
                    Some("firehose.amazonaws.com"),
                )
            };
            if let Some(ds) = self.cloud.firehose.streams.get_mut(d) {
                ds.source_session = s1;
                ds.dest_session = s2;
            }
            self.cloud.firehose_start(d as u16);
        }
    }

    fn producer_session(&mut self, producer: u16, env: usize) -> u16 {
        let Some(p) = self.cloud.lambda.producers.get(producer as usize) else {
            return 0;
        };
        let (actor, role, name) = (p.actor.clone(), p.role, p.name.clone());
        if let Some(Some(s)) = p.sessions.get(env) {
            let s = *s;
            // A session whose AssumeRole was denied: Lambda tries again for this
            // invocation (a no-op for a usable session).
            self.cloud.sts_retry_assume_role(actor, s);
            return s;
        }
        let s = self
            .cloud
            .sts_assume_role(actor, role, &name, Some("lambda.amazonaws.com"));
        if let Some(slot) = self
            .cloud
            .lambda
            .producers
            .get_mut(producer as usize)
            .and_then(|p| p.sessions.get_mut(env))
        {
            *slot = Some(s);
        }
        s
    }

    fn on_invoke(&mut self, producer: u16, invocation: u32) {
        let Some(p) = self.cloud.lambda.producers.get(producer as usize) else {
            return;
        };
        let env = p.environment(invocation);
        let (invocations, actor) = (p.invocations, p.actor.clone());
        let next_time = p.invocation_time(invocation + 1);
        let session = self.producer_session(producer, env);
        let principal = self.cloud.iam.session_arn(session);
        let mut step = Step::new(self.cloud.now, actor, "lambda", "Invoke", principal);
        step.detail = StepDetail::Invoke {
            producer,
            invocation,
        };
        // Without execution-role credentials the function's code never runs: no record
        // is put for this invocation.
        let runs = self.cloud.iam.session_usable(session);
        if !runs {
            crate::cloud::errors::lambda::role_not_assumable().fail(&mut step);
        }
        let index = self.cloud.trace.push(step);
        if self.client_side(producer) {
            self.invoke_steps.insert((producer, invocation), index);
        }
        let now = self.cloud.now;
        if runs {
            self.push(
                now,
                Event::Put {
                    producer,
                    invocation,
                    n: 0,
                },
            );
        }
        if invocation + 1 < invocations {
            self.push(
                next_time,
                Event::Invoke {
                    producer,
                    invocation: invocation + 1,
                },
            );
        }
    }

    fn on_put(&mut self, producer: u16, invocation: u32, n: u32) {
        let Some(p) = self.cloud.lambda.producers.get(producer as usize) else {
            return;
        };
        let env = p.environment(invocation);
        let (per, spacing, api) = (p.records_per_invocation, p.spacing, p.api);
        if api == ProducerApi::PutRecords {
            self.on_put_batch(producer, invocation, n);
            return;
        }
        let session = self.producer_session(producer, env);
        let now = self.cloud.now;
        let data = ticker_record(&mut self.cloud.rng, now);
        let Some(data) = self.seal(producer, invocation, session, data) else {
            return;
        };
        let (ri, result) = self.cloud.kinesis_put_record(producer, session, data);
        if result.is_ok() {
            if let Some(r) = self.cloud.kinesis.records.get(ri as usize) {
                let (stream, shard) = (r.stream, r.shard);
                let s = self.cloud.firehose_on_record(stream, shard);
                self.push_schedules(s);
            }
        }
        if n + 1 < per {
            self.push(
                now.plus(spacing),
                Event::Put {
                    producer,
                    invocation,
                    n: n + 1,
                },
            );
        } else {
            self.invoke_steps.remove(&(producer, invocation));
        }
    }

    /// One PutRecords call with the records `n..` of an invocation (up to the API's 500);
    /// the rest follow `spacing` later.
    fn on_put_batch(&mut self, producer: u16, invocation: u32, n: u32) {
        let Some(p) = self.cloud.lambda.producers.get(producer as usize) else {
            return;
        };
        let env = p.environment(invocation);
        let (per, spacing) = (p.records_per_invocation, p.spacing);
        let size = per.saturating_sub(n).min(PUT_RECORDS_LIMIT);
        if size == 0 {
            return;
        }
        let session = self.producer_session(producer, env);
        let now = self.cloud.now;
        let mut batch = Vec::with_capacity(size as usize);
        for _ in 0..size {
            let data = ticker_record(&mut self.cloud.rng, now);
            let Some(data) = self.seal(producer, invocation, session, data) else {
                return;
            };
            batch.push(data);
        }
        let (first, result) = self.cloud.kinesis_put_records(producer, session, batch);
        if result.is_ok() {
            // All records of a producer share a partition key, hence a shard: one wake-up.
            let accepted = (first..first.saturating_add(size)).find_map(|ri| {
                self.cloud
                    .kinesis
                    .records
                    .get(ri as usize)
                    .filter(|r| r.status != RecordStatus::Rejected)
                    .map(|r| (r.stream, r.shard))
            });
            if let Some((stream, shard)) = accepted {
                let s = self.cloud.firehose_on_record(stream, shard);
                self.push_schedules(s);
            }
        }
        if n + size < per {
            self.push(
                now.plus(spacing),
                Event::Put {
                    producer,
                    invocation,
                    n: n + size,
                },
            );
        } else {
            self.invoke_steps.remove(&(producer, invocation));
        }
    }

    fn client_side(&self, producer: u16) -> bool {
        self.cloud
            .lambda
            .producers
            .get(producer as usize)
            .is_some_and(|p| p.client_side.is_some())
    }

    /// The record as the producer sends it: sealed by the AWS Encryption SDK when the
    /// producer encrypts client-side (None when sealing failed: the SDK raised, so the
    /// invocation ends and puts nothing more), else unchanged.
    fn seal(
        &mut self,
        producer: u16,
        invocation: u32,
        session: u16,
        data: Vec<u8>,
    ) -> Option<Vec<u8>> {
        if !self.client_side(producer) {
            return Some(data);
        }
        let parent = self.invoke_steps.get(&(producer, invocation)).copied();
        let sealed = self
            .cloud
            .client_side_seal(producer, session, parent, &data)
            .ok();
        if sealed.is_none() {
            self.invoke_steps.remove(&(producer, invocation));
        }
        sealed
    }

    pub(crate) fn session_for(&mut self, role_name: &str, session_name: Option<&str>) -> u16 {
        let role = self.cloud.iam.role_index(role_name).unwrap_or(0);
        let default_name = self
            .cloud
            .lambda
            .producers
            .iter()
            .find(|p| p.role == role)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| "learner".to_string());
        let name = session_name.map(str::to_string).unwrap_or(default_name);
        if let Some(&s) = self.reader_sessions.get(&(role, name.clone())) {
            return s;
        }
        if let Some(i) = self
            .cloud
            .iam
            .sessions
            .iter()
            .position(|s| s.role == role && s.name == name)
        {
            return i as u16;
        }
        let key = format!(
            "ASIA{}",
            self.cloud
                .rng
                .token(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        );
        let account = self.cloud.account.clone();
        let s = self.cloud.iam.add_session(&account, role, &name, key, None);
        self.reader_sessions.insert((role, name), s);
        s
    }

    fn on_reader(&mut self, index: usize) {
        let Some(r) = self.scenario.readers.get(index).cloned() else {
            return;
        };
        let session = self.session_for(&r.role, None);
        let bucket = bucket_index(&self.scenario, &r.bucket);
        let actor = self.cloud.intern(&format!("Reader {}", r.role));
        let decrypt = r.client_side.as_ref().map(|c| ReaderDecrypt {
            key_arn: key_index(&self.scenario, &c.key)
                .and_then(|k| self.cloud.kms.keys.get(k as usize))
                .map(|k| k.arn.clone())
                .unwrap_or_default(),
            required: c.encryption_context.clone(),
            tamper: c.tamper,
        });
        for object in self.cloud.s3.list(bucket, &r.prefix) {
            let body = self.cloud.s3_get_object(actor.clone(), session, object);
            // The reader's code decrypts what it read when the records were sealed
            // client-side (the bucket's SSE, if any, was already removed by S3).
            if let (Ok(body), Some(d)) = (body, &decrypt) {
                self.cloud
                    .client_side_open(actor.clone(), session, d, &body);
            }
        }
    }

    fn on_scenario_event(&mut self, index: usize) {
        let Some(e) = self.scenario.events.get(index).cloned() else {
            return;
        };
        let scenario = self.scenario.clone();
        let s = &*scenario;
        match e {
            EventSpec::DisableKey { key, .. } => {
                self.set_key_state(s, &key, "DisableKey", KeyState::Disabled, None)
            }
            EventSpec::EnableKey { key, .. } => {
                self.set_key_state(s, &key, "EnableKey", KeyState::Enabled, None)
            }
            EventSpec::ScheduleKeyDeletion {
                key,
                pending_window_days,
                role: Some(role),
                ..
            } => self.schedule_key_deletion_as(s, &key, &role, pending_window_days),
            EventSpec::ScheduleKeyDeletion {
                key,
                pending_window_days,
                role: None,
                ..
            } => self.set_key_state(
                s,
                &key,
                "ScheduleKeyDeletion",
                KeyState::PendingDeletion,
                Some(pending_window_days),
            ),
            EventSpec::CancelKeyDeletion { key, .. } => {
                self.set_key_state(s, &key, "CancelKeyDeletion", KeyState::Disabled, None)
            }
            EventSpec::DeleteKey { key, .. } => {
                self.set_key_state(s, &key, "KeyDeleted", KeyState::Deleted, None)
            }
            EventSpec::StartStreamEncryption { stream, key, .. } => {
                self.set_stream_encryption(s, &stream, key_index(s, &key))
            }
            EventSpec::StopStreamEncryption { stream, .. } => {
                self.set_stream_encryption(s, &stream, None)
            }
            EventSpec::SetBucketEncryption {
                bucket, encryption, ..
            } => self.set_bucket_encryption(s, &bucket, &encryption),
            EventSpec::CopyInPlace {
                role,
                bucket,
                prefix,
                sse,
                kms_key,
                bucket_key_enabled,
                ..
            } => {
                let req = SseRequest {
                    sse,
                    kms_key: kms_key.as_deref().and_then(|k| key_index(s, k)),
                    bucket_key: bucket_key_enabled,
                };
                self.copy_in_place(s, &role, &bucket, &prefix, req)
            }
            EventSpec::GetObject {
                role, bucket, key, ..
            } => self.get_object_event(s, &role, &bucket, &key),
            e @ EventSpec::KmsRequest { .. } => self.kms_request_event(s, e),
        }
    }

    /// A key state change by the account (DisableKey, ScheduleKeyDeletion, …).
    fn set_key_state(
        &mut self,
        s: &Scenario,
        key: &str,
        op: &'static str,
        to: KeyState,
        days: Option<u32>,
    ) {
        if let Some(k) = key_index(s, key) {
            self.cloud.kms_set_state(k, op, to, days);
        }
    }

    /// ScheduleKeyDeletion called by a role: authorized like any of its calls (identity
    /// policy, key policy, SCPs and RCPs), the key's state changes only when allowed.
    fn schedule_key_deletion_as(&mut self, s: &Scenario, key: &str, role: &str, days: u32) {
        let Some(k) = key_index(s, key) else {
            return;
        };
        let session = self.session_for(role, None);
        let actor = self.cloud.intern(&format!("{role} (direct call)"));
        self.cloud.kms_schedule_deletion_by(k, session, actor, days);
    }

    /// StartStreamEncryption (`key`) or StopStreamEncryption (None); the stream becomes
    /// ACTIVE again later.
    fn set_stream_encryption(&mut self, s: &Scenario, stream: &str, key: Option<u16>) {
        let si = s.streams.iter().position(|x| x.name == stream).unwrap_or(0) as u16;
        let until = self.cloud.kinesis_set_encryption(si, key);
        self.push(until, Event::StreamActive { stream: si });
    }

    /// PutBucketEncryption by the account: the bucket's new default encryption.
    fn set_bucket_encryption(&mut self, s: &Scenario, bucket: &str, e: &BucketEncryptionSpec) {
        let bi = bucket_index(s, bucket);
        let kms_key = default_encryption_key(s, e);
        if let Some(b) = self.cloud.s3.buckets.get_mut(bi as usize) {
            b.default.sse = e.sse;
            b.default.kms_key = kms_key;
            b.default.bucket_key = e.bucket_key;
        }
        let actor = self.cloud.intern("Administrator");
        let admin = self.cloud.admin_arn.clone();
        let mut step = Step::new(self.cloud.now, actor, "s3", "PutBucketEncryption", admin);
        step.detail = StepDetail::BucketEncryption { bucket: bi };
        self.cloud.trace.push(step);
    }

    /// A batch copy of every object under `prefix` onto itself as `role`.
    fn copy_in_place(
        &mut self,
        s: &Scenario,
        role: &str,
        bucket: &str,
        prefix: &str,
        req: SseRequest,
    ) {
        let session = self.session_for(role, None);
        let bi = bucket_index(s, bucket);
        let actor = self.cloud.intern(&format!("Batch copy as {role}"));
        for object in self.cloud.s3.list(bi, prefix) {
            let _ = self
                .cloud
                .s3_copy_in_place(actor.clone(), session, object, req);
        }
    }

    /// GetObject of one key as `role`; a missing key is a failed step of its own.
    fn get_object_event(&mut self, s: &Scenario, role: &str, bucket: &str, key: &str) {
        let session = self.session_for(role, None);
        let bi = bucket_index(s, bucket);
        let actor = self.cloud.intern(&format!("Reader {role}"));
        let current = self
            .cloud
            .s3
            .buckets
            .get(bi as usize)
            .and_then(|b| b.current.get(key))
            .copied();
        match current {
            Some(o) => {
                let _ = self.cloud.s3_get_object(actor, session, o);
            }
            None => {
                let principal = self.cloud.iam.session_arn(session);
                let mut step = Step::new(self.cloud.now, actor, "s3", "GetObject", principal);
                crate::cloud::errors::s3::no_such_key().fail(&mut step);
                self.cloud.trace.push(step);
            }
        }
    }

    /// A KMS request a scenario makes directly as a role (an auditor's Decrypt, …).
    fn kms_request_event(&mut self, s: &Scenario, e: EventSpec) {
        let EventSpec::KmsRequest {
            role,
            session_name,
            operation,
            key,
            encryption_context,
            ciphertext_from,
            tamper,
            ..
        } = e
        else {
            return;
        };
        let session = self.session_for(&role, session_name.as_deref());
        let actor = self.cloud.intern(&format!("{role} (direct call)"));
        let op = match operation {
            KmsOperation::GenerateDataKey => KmsOp::GenerateDataKey,
            KmsOperation::Decrypt => KmsOp::Decrypt,
            KmsOperation::Encrypt => KmsOp::Encrypt,
            KmsOperation::DescribeKey => KmsOp::DescribeKey,
        };
        let source = ciphertext_from.as_ref().and_then(|b| self.blob_source(b));
        if operation == KmsOperation::Decrypt && source.is_none() {
            let principal = self.cloud.iam.session_arn(session);
            let mut step = Step::new(self.cloud.now, actor, "kms", "Decrypt", principal);
            step.outcome = Outcome::Error {
                code: "NoSuchCiphertext",
                message:
                    "the CiphertextBlob named by ciphertext_from does not exist (yet) at this time"
                        .into(),
            };
            step.modelled.add(Note::MissingCiphertext);
            self.cloud.trace.push(step);
            return;
        }
        let ctx = match (&encryption_context, source) {
            (Some(c), _) => {
                self.cloud.custom_contexts.push(c.clone());
                CtxRef::Custom((self.cloud.custom_contexts.len() - 1) as u32)
            }
            (None, Some((_, c, _))) => c,
            (None, None) => CtxRef::None,
        };
        let k = match (key.as_deref().and_then(|k| key_index(s, k)), source) {
            (Some(k), _) => k,
            (None, Some((_, _, k))) => k,
            (None, None) => 0,
        };
        let req = KmsRequest {
            op,
            principal: session,
            via: Via::Direct,
            key: k,
            ctx,
            blob_of: source.map(|(d, _, _)| d),
            tamper,
            actor,
        };
        let _ = self.cloud.kms_call(&req);
    }

    /// (data key, its context, its KMS key) for a scenario's ciphertext reference.
    fn blob_source(&self, b: &BlobSource) -> Option<(u32, CtxRef, u16)> {
        match b {
            BlobSource::KinesisDataKey(n) => self
                .cloud
                .kms
                .data_keys
                .iter()
                .enumerate()
                .filter(|(_, d)| matches!(d.ctx, CtxRef::Stream(_)))
                .nth(*n as usize)
                .map(|(i, d)| (i as u32, d.ctx, d.key)),
            BlobSource::S3Object(n) => {
                let o = self
                    .cloud
                    .s3
                    .objects
                    .iter()
                    .filter(|o| o.step != u32::MAX)
                    .nth(*n as usize)?;
                match o.wrap {
                    crate::cloud::s3::KeyWrap::Kms { data_key }
                    | crate::cloud::s3::KeyWrap::BucketKey { data_key, .. } => {
                        let d = self.cloud.kms.data_keys.get(data_key as usize)?;
                        Some((data_key, d.ctx, d.key))
                    }
                    _ => None,
                }
            }
        }
    }

    /// Opens an object now as `role` (the UI's object browser): a GetObject step is
    /// appended at the current simulated time. Returns the body or the AWS error.
    pub fn open_object(
        &mut self,
        role: &str,
        bucket: &str,
        key: &str,
    ) -> Result<Vec<u8>, crate::cloud::errors::AwsError> {
        if self.cloud.iam.role_index(role).is_none() {
            return Err(crate::cloud::errors::simulator(
                "NoSuchEntity",
                format!("no role named {role}"),
            ));
        }
        let session = self.session_for(role, None);
        let actor = self.cloud.intern(&format!("Reader {role}"));
        let object = self
            .cloud
            .s3
            .buckets
            .iter()
            .find(|b| b.name == bucket)
            .and_then(|b| b.current.get(key))
            .copied()
            .ok_or_else(crate::cloud::errors::s3::no_such_key)?;
        self.cloud.s3_get_object(actor, session, object)
    }

    /// Events processed so far (diagnostics, benchmarks).
    pub fn events_processed(&self) -> u64 {
        self.meter.events
    }
}

/// Index of the bucket named `name` (validation guarantees it exists).
fn bucket_index(s: &Scenario, name: &str) -> u16 {
    s.buckets.iter().position(|b| b.name == name).unwrap_or(0) as u16
}
