//! The app state and its reducer (the shape of yew's `examples/function_todomvc`).
//!
//! The scenario is kept as the JSON document the engine reads (`serde_json::Value`): editors
//! change it at a JSON pointer, the engine validates and runs it. Every scenario edit pushes
//! the previous document on the undo stack; consecutive edits from one editor (typing) are
//! coalesced into one undo entry. Text that does not parse yet lives in `drafts`, so an
//! invalid edit never loses what the learner typed.
//!
//! `parts.rs` holds what the state is made of (mode, selection, tabs, the spotlight of a fix,
//! notices), `action.rs` every change, `edits.rs` scenario edits and the undo history,
//! `link_view.rs` a link's scenario shown beside the saved work,
//! `reduce.rs` the reducer.

mod action;
mod edits;
mod link_view;
mod parts;
mod reduce;
#[cfg(test)]
mod tests;

pub use action::Action;
pub use edits::{set_pointer, HistoryEntry, UNDO_LIMIT};
pub use parts::*;

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde_json::Value;

use crate::i18n::Lang;
use crate::storage::Saved;

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The scenario document the simulation runs.
    pub scenario: Rc<Value>,
    /// Documents before each edit, newest last.
    pub undo: Vec<HistoryEntry>,
    /// Documents undone, newest last.
    pub redo: Vec<HistoryEntry>,
    /// The editor whose consecutive edits are being coalesced into one undo entry.
    pub coalescing: Option<String>,
    /// Editor id → text typed but not (or not yet) applied.
    pub drafts: Rc<BTreeMap<String, String>>,
    /// The simulation seed.
    pub seed: u64,
    /// Bumped whenever scenario or seed change, so the runner knows to re-simulate.
    pub revision: u64,
    /// How many steps have happened (0 = before the first step).
    pub cursor: usize,
    /// The furthest the cursor has been since the run (re)started: the timeline lists the
    /// steps up to here, those after the cursor marked as ahead.
    pub reached: usize,
    /// Steps the simulation produced so far for this revision, and whether it finished.
    pub total: usize,
    pub run_done: bool,
    pub mode: Mode,
    pub lang: Lang,
    pub embed: bool,
    pub lesson: Option<String>,
    pub playing: bool,
    /// Steps per second while playing.
    pub speed: u32,
    pub selection: Option<Selection>,
    /// The expanded timeline row (step index, 0-based) and its tab.
    pub expanded: Option<usize>,
    pub tab: Tab,
    pub panel: Option<Panel>,
    pub notices: Vec<Notice>,
    pub scale: Scale,
    /// A step the view should scroll to (set by a link), consumed once shown.
    pub pending_step: Option<usize>,
    /// The last scenario change came from typing: re-simulate after a short pause.
    pub debounce: bool,
    /// The first visit's guided welcome, at this step (`None` once closed or never shown).
    pub welcome: Option<u8>,
    /// The scenario shown came from the link the page was opened with (a lesson keeps it
    /// as the learner's work instead of loading its own).
    pub linked_scenario: bool,
    /// Which steps the timeline shows.
    pub filter: RowFilter,
    /// Repeated steps are shown as one expandable group: as the learner chose, else
    /// (`None`) once the run is longer than a few screens (`State::grouping`).
    pub grouped: Option<bool>,
    /// Groups expanded by the learner (by their first row).
    pub open_groups: Rc<BTreeSet<usize>>,
    /// The document "Show me" opened, with its highlighted statement.
    pub spotlight: Option<Spotlight>,
    /// The preset the scenario was loaded from (kept through edits; None after an import,
    /// a link, loadScenario or a lesson).
    pub preset: Option<String>,
    /// How the Envelope tab writes key bytes.
    pub encoding: Encoding,
    /// The page is narrow (a phone): the diagram and the envelope drawing stand upright.
    pub narrow: bool,
    /// A lesson an embedding page sent (`loadLesson`), numbered, until the tutorial
    /// panel takes it.
    pub lesson_inbox: Option<(u64, Rc<String>)>,
    /// How many suggested fixes were applied (Fix tab or "Show me"): a lesson completed
    /// after one is recorded as completed with a suggested fix (src/tutorial/lesson.rs), and
    /// the focus follows each to the re-run's outcome (src/app/mod.rs).
    pub fixes_applied: u64,
    /// The open lesson asks the learner to write the fix (its `fixes: false`): the Fix tab
    /// offers none while it is shown in the tutorial.
    pub fixes_withheld: bool,
    /// The work saved in this browser, put aside while the scenario from a link is shown:
    /// nothing is saved over it until the learner goes back to it or keeps the link's
    /// scenario instead (`link_view.rs`).
    pub aside: Option<Rc<Saved>>,
    /// The tutorial has opened a lesson (its scenario is the one shown or on its way).
    pub lesson_opened: bool,
}

/// Runs longer than this many steps are grouped unless the learner turned grouping off
/// (shorter ones read fine step by step).
pub const GROUP_FROM: usize = 60;

/// Runs longer than this are grouped only when the learner asks: grouping looks at the
/// whole trace at once (about 90 ms for the 128,005 steps of 100,000 records in Wasm), so a
/// very long run is not made to wait for it when it ends.
pub const GROUP_AUTO_MAX: usize = 20_000;

impl State {
    /// Whether the timeline groups repeated steps now.
    pub fn grouping(&self) -> bool {
        self.grouped
            .unwrap_or(self.total > GROUP_FROM && self.total <= GROUP_AUTO_MAX)
    }

    /// A fresh state around `scenario`.
    pub fn new(scenario: Value, seed: u64, lang: Lang) -> State {
        State {
            scenario: Rc::new(scenario),
            undo: Vec::new(),
            redo: Vec::new(),
            coalescing: None,
            drafts: Rc::default(),
            seed,
            revision: 0,
            cursor: 0,
            reached: 0,
            total: 0,
            run_done: false,
            mode: Mode::default(),
            lang,
            embed: false,
            lesson: None,
            playing: false,
            speed: 2,
            selection: None,
            expanded: None,
            tab: Tab::default(),
            panel: None,
            notices: Vec::new(),
            scale: Scale::default(),
            pending_step: None,
            debounce: false,
            welcome: None,
            linked_scenario: false,
            filter: RowFilter::All,
            grouped: None,
            open_groups: Rc::default(),
            spotlight: None,
            preset: None,
            encoding: Encoding::default(),
            narrow: false,
            lesson_inbox: None,
            fixes_applied: 0,
            fixes_withheld: false,
            aside: None,
            lesson_opened: false,
        }
    }

    /// Whether the cursor can move on: steps are known beyond it, or the run is still going.
    pub fn can_step(&self) -> bool {
        self.cursor < self.total
    }

    /// Steps the timeline lists: every step reached so far.
    pub fn listed(&self) -> usize {
        self.cursor.max(self.reached)
    }

    /// Moves the cursor, remembering how far it had come.
    fn move_to(&mut self, cursor: usize) {
        self.reached = self.reached.max(self.cursor);
        self.cursor = cursor;
    }
}
