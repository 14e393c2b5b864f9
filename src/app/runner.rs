//! The one place the UI meets the simulation engine: it runs a scenario in time slices (so
//! long runs never freeze the page), keeps a second simulation replayed to the learner's
//! position (stepping back), and caches what the components ask of the engine's view API
//! (`envelope_lab::sim::view`). Every outcome, count and message comes from the engine; this
//! module decides nothing about AWS.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{json, Value};

use envelope_lab::policy::Explanation;
use envelope_lab::sim::scenario::{Scenario, ScenarioError};
use envelope_lab::sim::view::{
    CauseView, Diagram, LogEntry, RowFilter, RunSummaryView, TimelineEntry,
};
use envelope_lab::sim::{BudgetStop, Simulation};

use super::view::{EnvelopeView, ObjectRead, ObjectView, RowView, UsageView};
use super::web;
use crate::i18n::Lang;
use crate::simulator::diagram::DiagramView;

/// How many failed rows `failures_between` counts before the run is complete.
const MAX_COUNTED: usize = 10_000;

/// The default scenario (the seed stack) as JSON.
pub fn default_scenario() -> Value {
    serde_json::to_value(Scenario::default()).unwrap_or(Value::Null)
}

/// Parses and validates a scenario document: the engine's error (path and message in
/// English and Japanese) when it rejects it.
fn parse(scenario: &Value) -> Result<Scenario, ScenarioError> {
    Scenario::from_value(scenario)
}

/// Checks a scenario file's text (an import) and returns its document as written; the
/// error also gives the line and column in the file.
pub fn import_text(text: &str) -> Result<Value, ScenarioError> {
    Scenario::from_json(text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| ScenarioError::malformed(".", &e))
}

/// A simulation of `scenario` with the page's budget (a tab holds every step in memory);
/// the policy tools worker rebuilds the run with the same options for the Fix tab.
fn start(scenario: &Scenario, seed: u64) -> Result<Simulation, ScenarioError> {
    Simulation::with_options(scenario, seed, crate::tools_work::page_options())
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
    /// A client-side scenario (and seed) waiting for the cryptography module
    /// (`crate::esdk_client`): nothing runs until it is installed.
    waiting: Option<(Value, u64)>,
    views: HashMap<(usize, Lang), DiagramView>,
    usages: HashMap<usize, UsageView>,
    /// The summary bar, for the step count it was computed at.
    summary: Option<(usize, Rc<RunSummaryView>)>,
    /// Rows of a filter, for the step count they were computed at.
    rows: HashMap<RowFilter, (usize, Rc<Vec<usize>>)>,
    /// The grouped timeline of a filter (computed once the run is complete).
    timelines: HashMap<RowFilter, Rc<Vec<TimelineEntry>>>,
}

/// A simulation whose state is the state after `cursor` steps for every cursor in
/// `lo < cursor <= steps().len()` (an event that writes several steps is applied whole).
struct Probe {
    sim: Simulation,
    lo: usize,
}

/// Steps run between two looks at the clock.
const CHUNK: u32 = 128;

/// Longest replay done on demand for a backward move (steps); beyond it the diagram counts
/// from the final state filtered by step (exact for counts, approximate for the buffer).
pub const REPLAY_LIMIT: usize = 30_000;

/// Cached views kept per run (cleared beyond this many).
const CACHE_LIMIT: usize = 4096;

/// Keeps `value` under `key` in a cache of at most [`CACHE_LIMIT`] entries.
fn remember<K: std::hash::Hash + Eq, V>(cache: &mut HashMap<K, V>, key: K, value: V) {
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key, value);
}

impl Runner {
    /// Starts over for a new scenario/seed.
    pub fn restart(&mut self, scenario: &Value, seed: u64, revision: u64) {
        (self.revision, self.seed, self.probe) = (revision, seed, None);
        self.views.clear();
        self.usages.clear();
        self.summary = None;
        self.rows.clear();
        self.timelines.clear();
        self.waiting = None;
        let parsed = parse(scenario);
        if let Ok(s) = &parsed {
            if s.uses_client_side() && !envelope_lab::esdk::primitives::available() {
                (self.scenario, self.sim, self.done, self.error) = (parsed.ok(), None, false, None);
                self.waiting = Some((scenario.clone(), seed));
                return;
            }
        }
        let run = parsed.and_then(|s| start(&s, seed).map(|sim| (s, sim)));
        let (scenario, sim, error) = match run {
            Ok((sc, sim)) => (Some(sc), Some(sim), None),
            Err(e) => (None, None, Some(e)),
        };
        (self.scenario, self.sim, self.done) = (scenario, sim, error.is_some());
        self.error = error;
    }

    /// Starts the run that waited for the cryptography module (now installed).
    pub fn resume(&mut self) {
        if let Some((scenario, seed)) = self.waiting.take() {
            self.restart(&scenario, seed, self.revision);
        }
    }

    /// Runs until `budget_ms` of wall time has passed or the run ends; true when done.
    pub fn advance(&mut self, budget_ms: f64) -> bool {
        if self.waiting.is_some() {
            return false;
        }
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
    fn probe_at(&mut self, cursor: usize) -> Option<&mut Simulation> {
        let fits = match &self.probe {
            None => false,
            Some(p) if cursor == 0 => p.sim.steps().is_empty(),
            Some(p) => cursor > p.lo,
        };
        if !fits {
            let sim = start(self.scenario.as_ref()?, self.seed).ok()?;
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
        Some(&mut p.sim)
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
        self.probe_at(cursor).map(|sim| &*sim)
    }

    /// The diagram at `cursor`: the frame from the run, counts from the state there (or
    /// from the final state filtered by step when that is too far back to replay).
    fn diagram(&mut self, cursor: usize) -> Option<Diagram> {
        let mut d = self.sim.as_ref()?.diagram(cursor);
        match self.state_at(d.step) {
            Some(state) => state.count(&mut d),
            None => self.sim.as_ref()?.count_at(d.step, &mut d),
        }
        Some(d)
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

impl RunHandle {
    pub fn revision(&self) -> u64 {
        self.0.borrow().revision
    }

    pub fn done(&self) -> bool {
        self.0.borrow().done
    }

    /// The run waits for the client-side cryptography module.
    pub fn waiting(&self) -> bool {
        self.0.borrow().waiting.is_some()
    }

    /// Why the scenario could not run (shown as `path: message` in the UI language).
    pub fn error(&self) -> Option<ScenarioError> {
        self.0.borrow().error.clone()
    }

    /// Once the run is complete: why it stopped at its budget rather than at the
    /// pipeline's own end, if it did (the page's notice says what was cut).
    pub fn budget_stop(&self) -> Option<BudgetStop> {
        let r = self.0.borrow();
        let sim = r.sim.as_ref()?;
        if r.done {
            sim.budget_stop()
        } else {
            None
        }
    }

    /// Steps available so far.
    pub fn len(&self) -> usize {
        self.with(|sim| Some(sim.steps().len())).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn with<R>(&self, f: impl FnOnce(&Simulation) -> Option<R>) -> Option<R> {
        let r = self.0.borrow();
        r.sim.as_ref().and_then(f)
    }

    pub fn row(&self, i: usize) -> Option<RowView> {
        self.with(|sim| sim.row(i))
    }

    /// The request and response in the AWS CLI's JSON shape (from the engine).
    pub fn request_response(&self, i: usize) -> (Option<Value>, Option<Value>) {
        self.with(|sim| Some(sim.request_response_at(i)))
            .unwrap_or((None, None))
    }

    /// The authorization explanation of the step's policy decision, if it made one.
    pub fn authorization(&self, i: usize) -> Option<Explanation> {
        self.with(|sim| sim.authorization_at(i))
    }

    /// The envelope of the step (encrypt or decrypt path).
    pub fn envelope(&self, i: usize) -> Option<EnvelopeView> {
        self.with(|sim| sim.envelope_at(i))
    }

    /// The KMS event as CloudTrail would log it.
    pub fn cloudtrail(&self, i: usize) -> Option<Value> {
        self.with(|sim| sim.cloudtrail_at(i))
    }

    /// The diagram after `cursor` steps (replayed to it, cached per step once the run is
    /// complete: the running end of an unfinished run may still change).
    pub fn diagram(&self, cursor: usize, lang: Lang) -> DiagramView {
        let mut r = self.0.borrow_mut();
        let cursor = cursor.min(r.sim.as_ref().map(|s| s.steps().len()).unwrap_or(0));
        if let Some(v) = r.views.get(&(cursor, lang)) {
            return v.clone();
        }
        let Some(view) = r.diagram(cursor).map(|d| DiagramView::new(d, lang)) else {
            return DiagramView::default();
        };
        if r.done {
            remember(&mut r.views, (cursor, lang), view.clone());
        }
        view
    }

    /// Object versions written in the first `cursor` steps.
    pub fn objects(&self, cursor: usize) -> Vec<ObjectView> {
        self.with(|sim| Some(sim.objects(cursor)))
            .unwrap_or_default()
    }

    /// Opens an object as `role` in the state at step `cursor`: the engine's GetObject on
    /// a replay of the run to that step (the run itself is left as it is).
    pub fn open_object(&self, key: &str, role: &str, cursor: usize) -> ObjectRead {
        let mut r = self.0.borrow_mut();
        let cursor = cursor.min(r.sim.as_ref().map(|s| s.steps().len()).unwrap_or(0));
        // Opening appends steps: the probe is used up.
        let read = r
            .probe_at(cursor)
            .map(|probe| probe.open_object_as(role, key));
        r.probe = None;
        read.unwrap_or_default()
    }

    /// Firehose's CloudWatch Logs error events in the first `cursor` steps.
    pub fn logs(&self, cursor: usize) -> Vec<LogEntry> {
        self.with(|sim| Some(sim.logs(cursor))).unwrap_or_default()
    }

    /// KMS usage over the whole run (so far).
    pub fn usage(&self) -> UsageView {
        self.with(|sim| Some(sim.usage())).unwrap_or_default()
    }

    /// KMS usage at step `cursor` (None when that needs a replay over the limit).
    pub fn usage_at(&self, cursor: usize) -> Option<UsageView> {
        let mut r = self.0.borrow_mut();
        let cursor = cursor.min(r.sim.as_ref()?.steps().len());
        if let Some(u) = r.usages.get(&cursor) {
            return Some(u.clone());
        }
        let u = r.state_at(cursor)?.usage();
        if r.done {
            remember(&mut r.usages, cursor, u.clone());
        }
        Some(u)
    }

    /// The run summary bar (whole run so far), recomputed only when the run has grown.
    pub fn summary(&self) -> Option<Rc<RunSummaryView>> {
        let mut r = self.0.borrow_mut();
        let len = r.sim.as_ref()?.steps().len();
        if let Some((at, v)) = &r.summary {
            if *at == len {
                return Some(v.clone());
            }
        }
        let v = Rc::new(r.sim.as_ref()?.run_summary());
        r.summary = Some((len, v.clone()));
        Some(v)
    }

    /// The summary if it is computed for the run as it is now.
    pub fn summary_if_ready(&self) -> Option<Rc<RunSummaryView>> {
        let r = self.0.borrow();
        let len = r.sim.as_ref()?.steps().len();
        r.summary
            .as_ref()
            .filter(|(at, _)| *at == len)
            .map(|(_, v)| v.clone())
    }

    /// The rows (step indices) a filter keeps, over the run so far.
    pub fn rows_matching(&self, filter: &RowFilter) -> Rc<Vec<usize>> {
        let mut r = self.0.borrow_mut();
        let Some(sim) = r.sim.as_ref() else {
            return Rc::default();
        };
        let len = sim.steps().len();
        if let Some((at, v)) = r.rows.get(filter) {
            if *at == len {
                return v.clone();
            }
        }
        let v = Rc::new(sim.rows_matching(filter));
        remember(&mut r.rows, filter.clone(), (len, v.clone()));
        v
    }

    /// The grouped timeline of a filter (repeated steps, idle polls), once the run is
    /// complete: grouping looks at the whole run, so it is computed once per run and filter.
    pub fn timeline(&self, filter: &RowFilter) -> Option<Rc<Vec<TimelineEntry>>> {
        let mut r = self.0.borrow_mut();
        if !r.done {
            return None;
        }
        if let Some(v) = r.timelines.get(filter) {
            return Some(v.clone());
        }
        let v = Rc::new(r.sim.as_ref()?.timeline(filter));
        remember(&mut r.timelines, filter.clone(), v.clone());
        Some(v)
    }

    /// The grouped timeline of a filter if it was computed already (see `timeline`).
    pub fn timeline_if_ready(&self, filter: &RowFilter) -> Option<Rc<Vec<TimelineEntry>>> {
        let r = self.0.borrow();
        r.done.then(|| r.timelines.get(filter).cloned()).flatten()
    }

    /// The failed row after `row` (`None`: from the start). Once the run is complete, a
    /// search in its failed rows (the buttons ask on every render while playing).
    pub fn next_failure(&self, row: Option<usize>) -> Option<usize> {
        if !self.done() {
            return self.with(|sim| sim.next_failure(row));
        }
        let failed = self.rows_matching(&RowFilter::Failures);
        let from = row.map_or(0, |r| r + 1);
        failed.get(failed.partition_point(|&r| r < from)).copied()
    }

    /// The first failed row in `[from, to)` and how many rows in it failed (counted up to
    /// `MAX_COUNTED` while the run is still being computed).
    pub fn failures_between(&self, from: usize, to: usize) -> (Option<usize>, usize) {
        if from >= to {
            return (None, 0);
        }
        if self.done() {
            let failed = self.rows_matching(&RowFilter::Failures);
            let (a, b) = (
                failed.partition_point(|&r| r < from),
                failed.partition_point(|&r| r < to),
            );
            return (failed.get(a).copied().filter(|_| b > a), b - a);
        }
        let (mut first, mut count, mut at) = (None, 0, from.checked_sub(1));
        while let Some(r) = self.next_failure(at).filter(|&r| r < to) {
            first = first.or(Some(r));
            count += 1;
            at = Some(r);
            if count >= MAX_COUNTED {
                break;
            }
        }
        (first, count)
    }

    /// The failed row before `row`.
    pub fn previous_failure(&self, row: usize) -> Option<usize> {
        if !self.done() {
            return self.with(|sim| sim.previous_failure(row));
        }
        let failed = self.rows_matching(&RowFilter::Failures);
        failed[..failed.partition_point(|&r| r < row)]
            .last()
            .copied()
    }

    /// What made the failed step `row` fail (itself, or the nested call under it).
    pub fn cause(&self, row: usize) -> Option<CauseView> {
        self.with(|sim| sim.cause_at(row))
    }

    /// The SHA-256 over the run's steps (the engine's determinism check) and the step
    /// count, once the run is complete.
    pub fn trace_sha256(&self) -> Option<(String, usize)> {
        let r = self.0.borrow();
        let sim = r.sim.as_ref()?;
        r.done.then(|| (sim.trace_sha256(), sim.steps().len()))
    }
}

/// Benchmark hook (tests/browser/figures.mjs): runs the default scenario with
/// `invocations` Lambda invocations to the end, keeping steps as the UI does, and
/// returns `[steps, milliseconds, Wasm memory bytes]` measured with the page's clock (0
/// natively).
pub fn bench_engine(invocations: u32) -> (usize, f64, f64) {
    let mut scenario = default_scenario();
    if let Some(v) = scenario.pointer_mut("/producers/0/invocations") {
        *v = json!(invocations);
    }
    let started = web::now_ms();
    let mut runner = Runner::default();
    runner.restart(&scenario, 1, 1);
    while !runner.advance(f64::INFINITY) {}
    let steps = runner.sim.as_ref().map(|s| s.steps().len()).unwrap_or(0);
    (steps, web::now_ms() - started, web::memory_bytes())
}
