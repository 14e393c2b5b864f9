//! The timeline's rows once a run is complete: filtered (the engine's `RowFilter`) and, when
//! grouping is on, repeated steps as one expandable row ("×293, 10:58:00–11:02:53") and
//! Firehose's idle polls as one derived row (the engine's `Simulation::timeline`). The rows
//! are laid out once per run, filter and set of expanded groups; the timeline shows the
//! prefix the cursor has reached (a group the cursor is inside shows the repeats so far).

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::grouped;
use envelope_lab::sim::view::{IdlePolls, StepGroup, TimelineEntry};

use crate::fixes::F;
use crate::i18n::Lang;
use crate::runner::RunHandle;
use crate::state::{RowFilter, State};
use crate::web;

/// One row of the laid-out timeline.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A step.
    Row(usize),
    /// A group of repeated steps (index into the entries), open or closed.
    Group { entry: usize, open: bool },
    /// A step inside an open group.
    Member(usize),
    /// Derived idle polls (index into the entries).
    Idle(usize),
}

/// The laid-out rows and the entries they point into.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layout {
    pub entries: Rc<Vec<TimelineEntry>>,
    pub items: Vec<Item>,
    /// For each item, the cursor from which it is shown (its first step revealed).
    shown_from: Vec<usize>,
}

impl Layout {
    /// How many items the cursor has reached.
    pub fn count(&self, cursor: usize) -> usize {
        self.shown_from.partition_point(|&c| c <= cursor)
    }

    /// The item showing step `row` (its own row, or its closed group).
    pub fn item_of(&self, row: usize) -> Option<usize> {
        self.items.iter().position(|it| match it {
            Item::Row(r) | Item::Member(r) => *r == row,
            Item::Group { entry, open: false } => {
                self.group(*entry).is_some_and(|g| g.rows.contains(&row))
            }
            _ => false,
        })
    }

    pub fn group(&self, entry: usize) -> Option<&StepGroup> {
        match self.entries.get(entry)? {
            TimelineEntry::Repeated(g) => Some(g),
            _ => None,
        }
    }

    pub fn idle(&self, entry: usize) -> Option<&IdlePolls> {
        match self.entries.get(entry)? {
            TimelineEntry::IdlePolls(p) => Some(p),
            _ => None,
        }
    }
}

/// Lays out `entries`: groups whose first row is in `open` (or that hold `reveal`, the
/// step the learner opened) expanded.
pub fn layout(
    entries: Rc<Vec<TimelineEntry>>,
    open: &BTreeSet<usize>,
    reveal: Option<usize>,
) -> Layout {
    let mut items = Vec::with_capacity(entries.len());
    let mut shown_from = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        match e {
            TimelineEntry::Step { row } => {
                items.push(Item::Row(*row));
                shown_from.push(row + 1);
            }
            TimelineEntry::Repeated(g) => {
                let is_open =
                    open.contains(&g.first()) || reveal.is_some_and(|r| g.rows.contains(&r));
                items.push(Item::Group {
                    entry: i,
                    open: is_open,
                });
                shown_from.push(g.first() + 1);
                if is_open {
                    for &r in &g.rows {
                        items.push(Item::Member(r));
                        shown_from.push(r + 1);
                    }
                }
            }
            TimelineEntry::IdlePolls(p) => {
                items.push(Item::Idle(i));
                shown_from.push(p.after.map(|a| a + 1).unwrap_or(1));
            }
        }
    }
    Layout {
        entries,
        items,
        shown_from,
    }
}

/// The rows of a completed run as the learner chose to see them; `None` while the run is
/// still being computed, for all steps ungrouped (the plain timeline), and until a grouped
/// timeline is ready: grouping looks at the whole run, so it is computed on a task of its
/// own after the run's last slice (see [`use_grouping`]), never inside a slice or the frame
/// that shows the run's end.
pub fn entries(run: &RunHandle, s: &State) -> Option<Rc<Vec<TimelineEntry>>> {
    if !s.run_done || (!s.grouping() && s.filter == RowFilter::All) {
        return None;
    }
    if s.grouping() {
        return run.timeline_if_ready(&s.filter);
    }
    let rows = run.rows_matching(&s.filter);
    Some(Rc::new(
        rows.iter()
            .map(|&row| TimelineEntry::Step { row })
            .collect(),
    ))
}

/// Computes the grouped timeline the state asks for, after the current task; returns a
/// number that changes when it is ready (a dependency for the layout).
#[hook]
pub fn use_grouping(run: &RunHandle, s: &State) -> u32 {
    let ready = use_state(|| 0u32);
    let guard = use_mut_ref(|| None::<web::Guard>);
    let wanted = (s.run_done && s.grouping()).then(|| (s.revision, s.filter.clone()));
    {
        let run = run.clone();
        let ready = ready.clone();
        use_effect_with(wanted, move |wanted| {
            *guard.borrow_mut() = None;
            if let Some((_, filter)) = wanted.clone() {
                if run.timeline_if_ready(&filter).is_none() {
                    let fill = move || {
                        web::mark("envelope-lab:group-start");
                        let _ = run.timeline(&filter);
                        web::mark("envelope-lab:group-done");
                        ready.set(ready.wrapping_add(1));
                    };
                    if web::now_ms() > 0.0 {
                        *guard.borrow_mut() = Some(web::soon(fill));
                    } else {
                        fill();
                    }
                }
            }
        });
    }
    *ready
}

/// `2024-03-27T10:58:00.123456Z` → `10:58:00`.
fn clock(iso: &str) -> &str {
    iso.get(11..19).unwrap_or(iso)
}

/// A time range as the rows show it; a range over midnight shows the last day
/// (`10:57:59–03-28 10:56:30`).
pub fn range(from: &str, to: &str) -> String {
    let day = |iso: &str| iso.get(..10).map(str::to_string);
    if day(from) != day(to) {
        return format!(
            "{}–{} {}",
            clock(from),
            to.get(5..10).unwrap_or(""),
            clock(to)
        );
    }
    if clock(from) == clock(to) {
        clock(from).to_string()
    } else {
        format!("{}–{}", clock(from), clock(to))
    }
}

/// Whether a closed group has reached one step only by `cursor`: it is shown as that step's
/// own row (a group of one, "×1 repeated", says nothing).
pub fn single_so_far(g: &StepGroup, cursor: usize) -> bool {
    g.period <= 1 && g.rows.partition_point(|&r| r < cursor) < 2
}

/// The row of a group: its first step's actor, operation and outcome, ×repeats, its time
/// range (the repeats the cursor has reached).
pub fn group_row(
    g: &StepGroup,
    run: &RunHandle,
    cursor: usize,
    open: bool,
    lang: Lang,
    onclick: Callback<MouseEvent>,
) -> Html {
    let Some(first) = run.row(g.first()) else {
        return html! {};
    };
    let reached = g.rows.partition_point(|&r| r < cursor);
    // The current step is inside this closed group.
    let current = !open
        && reached > 0
        && reached <= g.rows.len()
        && g.rows.get(reached - 1) == Some(&(cursor - 1));
    let repeats = (reached / g.period.max(1)).max(1);
    // Not repeated yet (the cursor is in its first round): no "×1", the first step's number.
    let once = reached < 2 * g.period.max(1);
    let time = if reached >= g.rows.len() {
        range(&g.from, &g.to)
    } else {
        let last = g
            .rows
            .get(reached.saturating_sub(1))
            .and_then(|&r| run.row(r));
        let to = last.map(|r| r.time).unwrap_or_else(|| first.time.clone());
        let (a, b) = (first.time.get(..8).unwrap_or(""), to.get(..8).unwrap_or(""));
        if a == b {
            a.to_string()
        } else {
            format!("{a}–{b}")
        }
    };
    let op = if g.period > 1 {
        lang.f(F::GroupPeriod, &[&first.operation, &(g.period - 1)])
    } else {
        first.operation.clone()
    };
    let outcome = match &first.error {
        None => {
            html! { <span class="outcome ok">{ "✓ " }{ lang.t(crate::i18n::T::OutcomeOk) }</span> }
        }
        Some((code, _)) => {
            html! { <span class="outcome denied">{ "✗ " }{ super::row::code_html(code) }</span> }
        }
    };

    html! {
        <button type="button" class={classes!("tl-group", first.error.is_some().then_some("denied"), open.then_some("open"), current.then_some("current"))}
                aria-expanded={open.to_string()} data-group={g.first().to_string()} {onclick}>
            <span class="c-n"><span aria-hidden="true">{ if open { "▾" } else { "▸" } }</span>{ if once { grouped(g.first() as u64 + 1) } else { format!("×{}", grouped(repeats as u64)) } }</span>
            <span class="c-time">{ time }</span>
            <span class="c-actor">{ crate::i18n::actor(&first.actor, lang) }{ " → " }{ &first.service }</span>
            <span class="c-op">{ op }</span>
            <span class="c-principal">{ if once { "" } else { lang.t(F::Repeated) } }</span>
            <span class="c-outcome">{ outcome }</span>
        </button>
    }
}

/// The row of Firehose's idle polls (derived, not simulated).
pub fn idle_row(p: &IdlePolls, lang: Lang, open: bool, onclick: Callback<MouseEvent>) -> Html {
    let time = range(&p.from, &p.to);
    html! {
        <button type="button" class="tl-idle" aria-expanded={open.to_string()} aria-controls="idle-note" {onclick}>
            <span class="c-n">{ format!("×{}", grouped(p.count)) }</span>
            <span class="c-time">{ time }</span>
            <span class="c-actor">{ crate::i18n::actor(&p.actor, lang) }{ " → kinesis" }</span>
            <span class="c-op">{ "GetRecords" }</span>
            <span class="c-principal">{ lang.f(F::IdleShards, &[&p.shards]) }</span>
            <span class="c-outcome"><span class="badge derived">{ lang.t(F::Derived) }</span>{ lang.t(F::IdleEmpty) }</span>
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(rows: Vec<usize>, repeats: usize) -> TimelineEntry {
        TimelineEntry::Repeated(StepGroup {
            period: rows.len() / repeats,
            repeats,
            from: "2024-03-27T10:58:00.000000Z".into(),
            to: "2024-03-28T10:56:30.000000Z".into(),
            rows,
        })
    }

    fn entries() -> Rc<Vec<TimelineEntry>> {
        Rc::new(vec![
            TimelineEntry::Step { row: 0 },
            group(vec![1, 2, 3, 4], 2),
            TimelineEntry::IdlePolls(IdlePolls {
                after: Some(4),
                actor: "Firehose f".into(),
                shards: 1,
                count: 30,
                from: String::new(),
                to: String::new(),
                note: Default::default(),
            }),
            TimelineEntry::Step { row: 5 },
        ])
    }

    #[test]
    fn closed_groups_are_one_row_and_the_cursor_shows_a_prefix() {
        let l = layout(entries(), &BTreeSet::new(), None);
        assert_eq!(l.items.len(), 4);
        assert_eq!(l.count(0), 0);
        assert_eq!(l.count(1), 1);
        assert_eq!(
            l.count(2),
            2,
            "the group shows once its first step is reached"
        );
        assert_eq!(l.count(5), 3, "idle polls after row 4");
        assert_eq!(l.count(6), 4);
        assert_eq!(
            l.item_of(3),
            Some(1),
            "a step inside a closed group is its group's row"
        );
    }

    #[test]
    fn open_groups_and_the_opened_step_show_their_members() {
        let open: BTreeSet<usize> = [1].into();
        let l = layout(entries(), &open, None);
        assert_eq!(l.items.len(), 8);
        assert_eq!(l.items[2], Item::Member(1));
        assert_eq!(l.item_of(3), Some(4));
        let revealed = layout(entries(), &BTreeSet::new(), Some(3));
        assert_eq!(
            revealed.items[1],
            Item::Group {
                entry: 1,
                open: true
            }
        );
    }

    #[test]
    fn ranges_over_midnight_name_the_day() {
        assert_eq!(
            range("2024-03-27T10:58:00.000000Z", "2024-03-28T10:56:30.000000Z"),
            "10:58:00–03-28 10:56:30"
        );
        assert_eq!(
            range("2024-03-27T10:58:00.000000Z", "2024-03-27T10:58:00.900000Z"),
            "10:58:00"
        );
    }
}
