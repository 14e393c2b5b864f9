//! The timeline as a learner reads it: filtered (all steps, failures, KMS calls, one
//! service), repeated steps grouped (a failing GetRecords with its Decrypt and its log
//! entry, retried for a day, is one group "×293" with its time range, whose members expand),
//! and Firehose's idle polls shown as derived groups where the trace has none: Firehose
//! calls GetRecords once per second for each shard (Firehose Developer Guide, "Configure
//! source settings for Amazon Kinesis Data Streams"); the simulation writes only the polls
//! that return records or fail, so the view counts the empty ones (seconds × shards) without
//! adding them to the trace. Next and previous failure move between failed steps.

use serde::Serialize;

use crate::policy::sources;
use crate::runtime::clock::{SimTime, SEC};
use crate::runtime::fixed_map::FixedMap;
use crate::runtime::trace::{Outcome, Step, StepDetail};
use crate::sim::simulation::Simulation;
use crate::text::Text;

use super::rows::depth;

/// Which steps the timeline shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum RowFilter {
    /// Every step.
    #[default]
    All,
    /// Failed steps.
    Failures,
    /// KMS calls.
    KmsCalls,
    /// One service (`kinesis`, `kms`, `s3`, `firehose`, `lambda`, `sts`, `logs`).
    Service(String),
}

impl RowFilter {
    /// Whether the filter keeps `step`.
    pub fn keeps(&self, step: &Step) -> bool {
        match self {
            RowFilter::All => true,
            RowFilter::Failures => !step.outcome.is_ok(),
            RowFilter::KmsCalls => matches!(step.detail, StepDetail::Kms { .. }),
            RowFilter::Service(s) => step.service == s,
        }
    }

    /// Whether idle Firehose polls (kinesis GetRecords) belong in this view.
    fn shows_polls(&self) -> bool {
        match self {
            RowFilter::All => true,
            RowFilter::Service(s) => s == "kinesis",
            _ => false,
        }
    }
}

/// Consecutive repetitions of the same steps.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepGroup {
    /// Every row of the group, in order (the members, to expand).
    pub rows: Vec<usize>,
    /// How many times the repeated steps occur.
    pub repeats: usize,
    /// Rows per repetition.
    pub period: usize,
    /// Time of the first and of the last row.
    pub from: String,
    pub to: String,
}

impl StepGroup {
    /// The first row (the group's label: actor, operation, outcome).
    pub fn first(&self) -> usize {
        self.rows.first().copied().unwrap_or(0)
    }

    /// The last row.
    pub fn last(&self) -> usize {
        self.rows.last().copied().unwrap_or(0)
    }
}

/// Empty GetRecords calls Firehose makes between the steps of the trace (derived, not
/// simulated steps).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IdlePolls {
    /// The row they follow (`None`: before the first row).
    pub after: Option<usize>,
    /// `Firehose <name>`.
    pub actor: String,
    /// Shards polled.
    pub shards: u32,
    /// Polls: seconds × shards.
    pub count: u64,
    /// Time of the first and last poll.
    pub from: String,
    pub to: String,
    /// What they are and where the cadence comes from, marked as derived.
    pub note: Text,
}

/// One entry of the grouped timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum TimelineEntry {
    /// One step (row index).
    Step { row: usize },
    /// Repeated steps.
    Repeated(StepGroup),
    /// Derived idle polls.
    IdlePolls(IdlePolls),
}

/// The note every idle-poll group carries.
pub fn idle_note() -> Text {
    let s = sources::FIREHOSE_KINESIS_SOURCE;
    Text::new(
        format!("Derived, not simulated: Firehose calls GetRecords once per second for each shard ({}). These calls returned no records, so the simulation does not write them as steps; the count is seconds × shards.", s.cite()),
        format!("シミュレーションではなく算出した値です: Firehose はシャードごとに 1 秒に 1 回 GetRecords を呼び出します (出典: {})。これらの呼び出しはレコードを返さなかったため、シミュレーションではステップとして記録していません。回数は秒数 × シャード数です。", s.cite_ja()),
    )
}

/// What makes two steps "the same" for grouping: actor, operation, outcome (code and
/// message: two refusals with one code and different causes are different steps), depth.
type Key<'a> = (&'a str, &'static str, Option<&'static str>, &'a str, usize);

/// Longest repeated block (in units) looked for.
const MAX_PERIOD: usize = 4;

impl Simulation {
    /// The rows (step indices) a filter keeps.
    pub fn rows_matching(&self, filter: &RowFilter) -> Vec<usize> {
        self.steps()
            .iter()
            .enumerate()
            .filter(|(_, s)| filter.keeps(s))
            .map(|(i, _)| i)
            .collect()
    }

    /// The first failed row after `row` (`None` for the start: the first failure).
    pub fn next_failure(&self, row: Option<usize>) -> Option<usize> {
        let from = row.map_or(0, |r| r + 1);
        self.steps()
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, s)| !s.outcome.is_ok())
            .map(|(i, _)| i)
    }

    /// The last failed row before `row`.
    pub fn previous_failure(&self, row: usize) -> Option<usize> {
        self.steps()
            .iter()
            .enumerate()
            .take(row)
            .rev()
            .find(|(_, s)| !s.outcome.is_ok())
            .map(|(i, _)| i)
    }

    /// The timeline of a filter, grouped: repeated steps as [`StepGroup`]s, and (for all
    /// steps or the kinesis service) Firehose's idle polls as [`IdlePolls`].
    pub fn timeline(&self, filter: &RowFilter) -> Vec<TimelineEntry> {
        let steps = self.steps();
        let rows = self.rows_matching(filter);
        let units = units(steps, &rows);
        let ids = unit_ids(steps, &units);
        let mut out = Vec::new();
        let mut u = 0;
        while u < units.len() {
            let (period, repeats) = best_repeat(&ids, u);
            if repeats >= 2 {
                let members: Vec<usize> = units[u..u + period * repeats]
                    .iter()
                    .flatten()
                    .copied()
                    .collect();
                out.push(TimelineEntry::Repeated(self.group(members, repeats)));
                u += period * repeats;
            } else {
                out.extend(units[u].iter().map(|&row| TimelineEntry::Step { row }));
                u += 1;
            }
        }
        if filter.shows_polls() {
            out = self.with_idle_polls(out);
        }
        out
    }

    fn group(&self, rows: Vec<usize>, repeats: usize) -> StepGroup {
        let steps = self.steps();
        let time = |r: Option<&usize>| {
            r.and_then(|r| steps.get(*r))
                .map(|s| s.time.iso_micros())
                .unwrap_or_default()
        };
        StepGroup {
            from: time(rows.first()),
            to: time(rows.last()),
            period: rows.len() / repeats.max(1),
            repeats,
            rows,
        }
    }
}

/// The rows cut into units: a row and the rows under it (its nested calls).
fn units(steps: &[Step], rows: &[usize]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &r in rows {
        let nested = steps
            .get(r)
            .and_then(|s| s.parent)
            .is_some_and(|p| out.last().is_some_and(|u| u.contains(&(p as usize))));
        match out.last_mut() {
            Some(u) if nested => u.push(r),
            _ => out.push(vec![r]),
        }
    }
    out
}

fn key_of(steps: &[Step], row: usize) -> Option<Key<'_>> {
    let s = steps.get(row)?;
    let message = match &s.outcome {
        Outcome::Error { message, .. } => &**message,
        Outcome::Ok => "",
    };
    Some((
        &*s.actor,
        s.operation,
        s.outcome.code(),
        message,
        depth(steps, s),
    ))
}

fn unit_keys<'a>(steps: &'a [Step], unit: &[usize]) -> Vec<Option<Key<'a>>> {
    unit.iter().map(|&r| key_of(steps, r)).collect()
}

/// Each unit's keys as a number, equal for equal keys: repeats are then found by comparing
/// numbers, not by rebuilding the keys of every unit for every candidate block.
fn unit_ids(steps: &[Step], units: &[Vec<usize>]) -> Vec<u32> {
    let mut seen: FixedMap<Vec<Option<Key<'_>>>, u32> = FixedMap::default();
    units
        .iter()
        .map(|unit| {
            let next = seen.len() as u32;
            *seen.entry(unit_keys(steps, unit)).or_insert(next)
        })
        .collect()
}

/// The block length (in units) that repeats most from unit `u`, and how many times.
fn best_repeat(ids: &[u32], u: usize) -> (usize, usize) {
    let mut best = (1, 1);
    for period in 1..=MAX_PERIOD {
        if u + 2 * period > ids.len() {
            break;
        }
        let block = &ids[u..u + period];
        let mut repeats = 1;
        while u + (repeats + 1) * period <= ids.len()
            && ids[u + repeats * period..u + (repeats + 1) * period] == *block
        {
            repeats += 1;
        }
        if repeats >= 2 && repeats * period > best.0 * best.1 {
            best = (period, repeats);
        }
    }
    best
}

/// Ticks `origin + k s` in `(a, b]`.
fn ticks(origin: SimTime, a: SimTime, b: SimTime) -> u64 {
    if b <= a {
        return 0;
    }
    let k = |t: SimTime| (t.0 - origin.0).div_euclid(SEC);
    (k(b) - k(a)).max(0) as u64
}

/// A span of time in which a Firehose reads normally and finds nothing.
struct Idle {
    actor: String,
    shards: u32,
    origin: SimTime,
    from: SimTime,
    until: SimTime,
}

impl Simulation {
    /// Idle spans of each Firehose: from its start or a successful GetRecords to its next
    /// GetRecords (or the end of the run). After a failed GetRecords it retries on its own
    /// schedule (modelled), not once a second, so no idle polls are counted there.
    fn idle_spans(&self) -> Vec<Idle> {
        let steps = self.steps();
        let end = self.now();
        let mut out = Vec::new();
        for ds in &self.cloud.firehose.streams {
            let shards = self
                .cloud
                .kinesis
                .streams
                .get(ds.source_stream as usize)
                .map_or(0, |s| s.shards.len() as u32);
            let mut open: Option<SimTime> = None;
            for s in steps.iter().filter(|s| *s.actor == *ds.actor) {
                let (ok, op) = (s.outcome.is_ok(), s.operation);
                if op == "GetRecords" {
                    if let Some(from) = open.take() {
                        out.push(Idle {
                            actor: ds.actor.to_string(),
                            shards,
                            origin: ds.tick_origin,
                            from,
                            until: SimTime(s.time.0 - 1),
                        });
                    }
                }
                if ok && (op == "GetRecords" || op == "GetShardIterator") {
                    open = Some(s.time);
                }
            }
            if let Some(from) = open {
                out.push(Idle {
                    actor: ds.actor.to_string(),
                    shards,
                    origin: ds.tick_origin,
                    from,
                    until: end,
                });
            }
        }
        out
    }

    /// `entries` with idle-poll groups between them, split at the rows inside each span.
    fn with_idle_polls(&self, entries: Vec<TimelineEntry>) -> Vec<TimelineEntry> {
        let steps = self.steps();
        let mut spans = self.idle_spans();
        if spans.is_empty() {
            return entries;
        }
        // In time order, so a flush looks only at the spans that have begun and not ended.
        spans.sort_by_key(|sp| sp.from);
        let note = idle_note();
        let mut out = Vec::with_capacity(entries.len() + spans.len());
        let mut last_row: Option<usize> = None;
        let mut done = 0;
        let mut flush = |upto: SimTime, after: Option<usize>, out: &mut Vec<TimelineEntry>| {
            while spans.get(done).is_some_and(|sp| sp.from >= sp.until) {
                done += 1;
            }
            for sp in spans.iter_mut().skip(done) {
                if sp.from >= upto {
                    break;
                }
                let cut = upto.min(sp.until);
                let n = ticks(sp.origin, sp.from, cut);
                if n > 0 {
                    let first = SimTime(
                        sp.origin.0 + ((sp.from.0 - sp.origin.0).div_euclid(SEC) + 1) * SEC,
                    );
                    let last = SimTime(sp.origin.0 + (cut.0 - sp.origin.0).div_euclid(SEC) * SEC);
                    out.push(TimelineEntry::IdlePolls(IdlePolls {
                        after,
                        actor: sp.actor.clone(),
                        shards: sp.shards,
                        count: n * u64::from(sp.shards),
                        from: first.iso_micros(),
                        to: last.iso_micros(),
                        note: note.clone(),
                    }));
                }
                if cut > sp.from {
                    sp.from = cut;
                }
            }
        };
        for e in entries {
            let first_row = match &e {
                TimelineEntry::Step { row } => Some(*row),
                TimelineEntry::Repeated(g) => Some(g.first()),
                TimelineEntry::IdlePolls(_) => None,
            };
            if let Some(t) = first_row
                .and_then(|r| steps.get(r))
                .map(|s| SimTime(s.time.0 - 1))
            {
                flush(t, last_row, &mut out);
            }
            last_row = match &e {
                TimelineEntry::Step { row } => Some(*row),
                TimelineEntry::Repeated(g) => Some(g.last()),
                TimelineEntry::IdlePolls(_) => last_row,
            };
            out.push(e);
        }
        flush(self.now(), last_row, &mut out);
        out
    }
}
