//! The app state and its reducer (the shape of yew's `examples/function_todomvc`).
//!
//! The scenario is kept as the JSON document the engine reads (`serde_json::Value`): editors
//! change it at a JSON pointer, the engine validates and runs it. Every scenario edit pushes
//! the previous document on the undo stack; consecutive edits from one editor (typing) are
//! coalesced into one undo entry. Text that does not parse yet lives in `drafts`, so an
//! invalid edit never loses what the learner typed.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::i18n::Lang;
use envelope_lab::text::Text;

/// The three modes of the top bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    Tutorial,
    #[default]
    Sandbox,
    Playground,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Tutorial, Mode::Sandbox, Mode::Playground];

    pub fn code(self) -> &'static str {
        match self {
            Mode::Tutorial => "tutorial",
            Mode::Sandbox => "sandbox",
            Mode::Playground => "playground",
        }
    }

    pub fn from_code(code: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// What the inspector shows: a diagram element's settings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Selection {
    Producer,
    Stream,
    Firehose,
    Bucket,
    /// A KMS key by its scenario name.
    Key(String),
    /// An IAM role by name.
    Role(String),
    /// The whole scenario as JSON.
    Scenario,
}

/// Side panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Panel {
    Objects,
    Logs,
    Cost,
}

/// Tabs of an expanded timeline row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Tab {
    #[default]
    Request,
    Authorization,
    /// The verified fixes of a failed step (the engine's `Simulation::fixes_for`).
    Fix,
    Envelope,
    CloudTrail,
}

/// Which steps the timeline shows (the engine's filter).
pub use envelope_lab::sim::view::RowFilter;

/// A document a fix changes, opened in its editor by "Show me": the scenario pointer of
/// the document (the editor showing it), the pointer of the statement to highlight, and
/// while not yet applied, the whole scenario with the fix applied (the editor shows that
/// document read-only, with Apply and Discard).
#[derive(Clone, Debug, PartialEq)]
pub struct Spotlight {
    /// Pointer of the document in the scenario (`/keys/0/policy`).
    pub pointer: String,
    /// Pointer of the new or changed statement (`/keys/0/policy/Statement/1`), if any.
    pub statement: Option<String>,
    /// The scenario with the fix applied, until it is applied or discarded.
    pub preview: Option<Rc<Value>>,
    /// The undo label of the fix (in the UI language when it was chosen).
    pub label: String,
}

/// A message shown above the workspace until dismissed. Reasons are kept in both
/// languages so the notice follows a change of UI language.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    BadLink(Text),
    FutureLink(u32),
    BadLinkScenario(Text),
    StorageCorrupt(Text),
    ImportFailed(Text),
    ExportFailed(Text),
    Imported,
    LinkCopied,
    LinkReady,
    EngineError(Text),
}

/// The scale the cost estimate uses (the engine's).
pub use envelope_lab::sim::view::Scale;

/// Play speeds offered, in steps per second.
pub const SPEEDS: [u32; 5] = [1, 2, 5, 20, 100];

/// An entry of the undo or redo stack: the document before/after, what the edit was, and
/// the preset that document was loaded from.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub scenario: Rc<Value>,
    pub label: String,
    pub preset: Option<String>,
}

/// How key bytes are written in the Envelope tab (the engine's).
pub use envelope_lab::sim::view::Encoding;

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
    /// after one is recorded as completed with a suggested fix (src/tutorial/lesson.rs).
    pub fixes_applied: u32,
    /// The open lesson asks the learner to write the fix (its `fixes: false`): the Fix tab
    /// offers none while it is shown in the tutorial.
    pub fixes_withheld: bool,
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

/// Everything that changes the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Back to step 0 (the scenario stays).
    Reset,
    StepForward,
    /// Forward up to `n` steps at once (play at a speed above the frame rate).
    Advance(usize),
    StepBack,
    /// Jump to a step count (clamped once the run's length is known).
    GoTo(usize),
    RunToEnd,
    SetPlaying(bool),
    SetSpeed(u32),
    SetSeed(u64),
    /// The runner reports progress for `revision`.
    RunProgress {
        revision: u64,
        total: usize,
        done: bool,
    },
    /// Set the value at a JSON pointer of the scenario. `coalesce` groups consecutive edits
    /// from one editor into a single undo entry.
    Edit {
        pointer: String,
        value: Value,
        label: String,
        coalesce: Option<String>,
    },
    /// Replace the whole scenario (import, loadScenario, lesson), as one undoable edit.
    ReplaceScenario {
        scenario: Value,
        label: String,
    },
    /// Load a preset's scenario, as one undoable edit; the preset is remembered.
    LoadPreset {
        name: String,
        scenario: Value,
    },
    Undo,
    Redo,
    /// Keep (or with `None` drop) the text of an editor.
    SetDraft {
        editor: String,
        text: Option<String>,
    },
    SetMode(Mode),
    SetLang(Lang),
    Select(Option<Selection>),
    /// Expand a timeline row (or collapse with `None`).
    Expand(Option<usize>),
    SetEncoding(Encoding),
    SetNarrow(bool),
    SetTab(Tab),
    TogglePanel(Panel),
    SetScale(Scale),
    Notify(Notice),
    Dismiss(usize),
    /// The scenario ran: an earlier "could not run" notice no longer holds.
    ClearEngineErrors,
    /// An embedding page sent a lesson: to the tutorial with it.
    ReceiveLesson(String),
    /// Whether the open lesson withholds the Fix tab's suggestions.
    WithholdFixes(bool),
    /// The tutorial panel took the lesson numbered so.
    LessonTaken(u64),
    /// Consumed the pending step.
    ClearPendingStep,
    /// Show the welcome at a step, or close it (`None`).
    Welcome(Option<u8>),
    /// Make step `row` (0-based) the current step and open its details, on `tab` if given
    /// (a click on a timeline row; the first-failure link, next/previous failure, a cause's
    /// link).
    Show {
        row: usize,
        tab: Option<Tab>,
    },
    SetFilter(RowFilter),
    SetGrouped(Option<bool>),
    /// Expand or collapse the group starting at this row.
    ToggleGroup(usize),
    /// Apply a fix: the scenario with the fix's edits applied, as one undoable edit. The
    /// position is kept (or, at the end of the run, moves to the end of the new run).
    ApplyFix {
        scenario: Value,
        label: String,
    },
    /// Open a document in its editor with a statement highlighted (or close with `None`).
    Spotlight {
        selection: Option<Selection>,
        spotlight: Option<Spotlight>,
    },
}

/// How many scenario versions undo keeps.
pub const UNDO_LIMIT: usize = 200;

/// Sets `value` at `pointer` (RFC 6901), creating object members that are missing.
/// Returns false when the path goes through a non-container or an index out of range.
pub fn set_pointer(doc: &mut Value, pointer: &str, value: Value) -> bool {
    if pointer.is_empty() {
        *doc = value;
        return true;
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return false;
    };
    let tokens: Vec<String> = rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut node = doc;
    for (i, token) in tokens.iter().enumerate() {
        let last = i + 1 == tokens.len();
        if node.is_null() {
            *node = Value::Object(Default::default());
        }
        node = match node {
            Value::Object(map) => {
                if last {
                    map.insert(token.clone(), value);
                    return true;
                }
                map.entry(token.clone()).or_insert(Value::Null)
            }
            Value::Array(items) => {
                let Ok(index) = token.parse::<usize>() else {
                    return false;
                };
                if last {
                    if index < items.len() {
                        items[index] = value;
                    } else if index == items.len() {
                        items.push(value);
                    } else {
                        return false;
                    }
                    return true;
                }
                match items.get_mut(index) {
                    Some(item) => item,
                    None => return false,
                }
            }
            _ => return false,
        };
    }
    false
}

impl State {
    fn push_history(&mut self, label: String, coalesce: Option<String>) {
        let same_editor = coalesce.is_some() && coalesce == self.coalescing;
        if !same_editor {
            self.undo.push(HistoryEntry {
                scenario: self.scenario.clone(),
                label,
                preset: self.preset.clone(),
            });
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
            }
        }
        self.coalescing = coalesce;
        self.redo.clear();
    }

    /// Undo (`back`) or redo: moves one history entry to the other stack and makes its
    /// scenario current, returning to the same step. False when there is nothing to move.
    fn travel(&mut self, back: bool) -> bool {
        let (from, to) = if back {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let Some(entry) = from.pop() else {
            return false;
        };
        to.push(HistoryEntry {
            scenario: self.scenario.clone(),
            label: entry.label,
            preset: self.preset.take(),
        });
        self.scenario = entry.scenario;
        self.preset = entry.preset;
        self.coalescing = None;
        self.drafts = Rc::default();
        self.scenario_changed();
        self.spotlight = None;
        if self.cursor > 0 {
            self.pending_step = Some(self.cursor);
        }
        true
    }

    /// Makes `scenario` the scenario as one undoable edit (the caller then says where the
    /// cursor goes and calls `scenario_changed`); false when it is the same scenario.
    fn replace_scenario(&mut self, scenario: Value, label: String) -> bool {
        if scenario == *self.scenario {
            return false;
        }
        self.push_history(label, None);
        self.scenario = Rc::new(scenario);
        self.drafts = Rc::default();
        true
    }

    fn scenario_changed(&mut self) {
        self.revision += 1;
        self.reached = 0;
        self.debounce = false;
        self.total = 0;
        self.run_done = false;
        self.expanded = self.expanded.filter(|&i| i < self.cursor);
        self.open_groups = Rc::default();
        // A preview was computed for the scenario before this change.
        if let Some(sp) = self.spotlight.as_mut() {
            sp.preview = None;
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Reset => {
                s.cursor = 0;
                s.reached = 0;
                s.playing = false;
                s.expanded = None;
            }
            Action::StepForward => {
                if s.can_step() {
                    s.cursor += 1;
                } else if s.run_done {
                    s.playing = false;
                }
            }
            Action::Advance(n) => {
                s.cursor = (s.cursor + n).min(s.total.max(s.cursor));
                if s.run_done && s.cursor >= s.total {
                    s.playing = false;
                }
            }
            Action::StepBack => {
                s.move_to(s.cursor.saturating_sub(1));
                s.playing = false;
            }
            Action::GoTo(n) => {
                s.move_to(if s.run_done { n.min(s.total) } else { n });
                if !s.run_done {
                    s.pending_step = Some(n);
                }
            }
            Action::RunToEnd => {
                s.playing = false;
                s.cursor = s.total;
                if !s.run_done {
                    s.pending_step = Some(usize::MAX);
                }
            }
            Action::SetPlaying(p) => s.playing = p && (s.can_step() || !s.run_done),
            Action::SetSpeed(v) => s.speed = v.clamp(1, 1000),
            Action::SetSeed(seed) => {
                if seed == s.seed {
                    return self;
                }
                s.seed = seed;
                s.scenario_changed();
            }
            Action::RunProgress {
                revision,
                total,
                done,
            } => {
                if revision != s.revision {
                    return self;
                }
                s.total = total;
                s.run_done = done;
                if let Some(want) = s.pending_step {
                    if total >= want || done {
                        s.cursor = want.min(total);
                        s.pending_step = None;
                    }
                } else if done {
                    s.cursor = s.cursor.min(total);
                }
                if done && s.cursor >= total {
                    s.playing = false;
                }
            }
            Action::Edit {
                pointer,
                value,
                label,
                coalesce,
            } => {
                let mut doc = (*s.scenario).clone();
                if !set_pointer(&mut doc, &pointer, value) || doc == *s.scenario {
                    return self;
                }
                let typing = coalesce.is_some();
                s.push_history(label, coalesce);
                s.scenario = Rc::new(doc);
                s.scenario_changed();
                s.spotlight = None;
                s.debounce = typing;
                if s.cursor > 0 {
                    s.pending_step = Some(s.cursor);
                }
            }
            Action::ReplaceScenario { scenario, label } => {
                if !s.replace_scenario(scenario, label) {
                    return self;
                }
                s.preset = None;
                s.cursor = 0;
                s.scenario_changed();
                s.spotlight = None;
            }
            Action::LoadPreset { name, scenario } => {
                // The history entry keeps the preset before this one.
                let replaced = s.replace_scenario(scenario, format!("preset {name}"));
                s.preset = Some(name);
                if !replaced {
                    return Rc::new(s);
                }
                s.cursor = 0;
                s.scenario_changed();
                s.spotlight = None;
            }
            Action::Undo => {
                if !s.travel(true) {
                    return self;
                }
            }
            Action::Redo => {
                if !s.travel(false) {
                    return self;
                }
            }
            Action::SetDraft { editor, text } => {
                let mut drafts = (*s.drafts).clone();
                match text {
                    Some(t) => drafts.insert(editor, t),
                    None => drafts.remove(&editor),
                };
                s.drafts = Rc::new(drafts);
            }
            Action::SetMode(m) => {
                s.mode = m;
                s.playing = false;
            }
            Action::SetLang(l) => s.lang = l,
            Action::Select(sel) => {
                if sel != s.selection {
                    s.spotlight = None;
                }
                s.selection = sel;
                s.coalescing = None;
            }
            Action::Expand(row) => s.expanded = row,
            Action::SetEncoding(e) => s.encoding = e,
            Action::SetNarrow(n) => s.narrow = n,
            Action::SetTab(t) => s.tab = t,
            Action::TogglePanel(p) => s.panel = if s.panel == Some(p) { None } else { Some(p) },
            Action::SetScale(sc) => s.scale = sc,
            Action::Notify(n) => {
                if !s.notices.contains(&n) {
                    s.notices.push(n);
                }
            }
            Action::Dismiss(i) => {
                if i < s.notices.len() {
                    s.notices.remove(i);
                }
            }
            Action::ClearPendingStep => s.pending_step = None,
            Action::Welcome(step) => s.welcome = step,
            Action::Show { row, tab } => {
                s.playing = false;
                // The rows after it stay listed (`reached`): clicking an earlier row does
                // not hide what the learner has already seen.
                s.move_to(if s.run_done {
                    (row + 1).min(s.total)
                } else {
                    row + 1
                });
                s.expanded = Some(row);
                if let Some(t) = tab {
                    s.tab = t;
                }
            }
            Action::SetFilter(f) => s.filter = f,
            Action::SetGrouped(g) => s.grouped = g,
            Action::ToggleGroup(first) => {
                let mut open = (*s.open_groups).clone();
                if !open.remove(&first) {
                    open.insert(first);
                }
                s.open_groups = Rc::new(open);
            }
            Action::ApplyFix { scenario, label } => {
                if !s.replace_scenario(scenario, label) {
                    return self;
                }
                s.fixes_applied = s.fixes_applied.saturating_add(1);
                s.scenario_changed();
                // The re-run goes to its end: the summary bar then tells whether the fix
                // was the last one, and the first-failure link leads to the next.
                s.playing = false;
                s.expanded = None;
                s.pending_step = Some(usize::MAX);
            }
            Action::Spotlight {
                selection,
                spotlight,
            } => {
                if selection.is_some() {
                    s.selection = selection;
                    s.coalescing = None;
                }
                s.spotlight = spotlight;
            }
            Action::ClearEngineErrors => {
                if !s
                    .notices
                    .iter()
                    .any(|n| matches!(n, Notice::EngineError(_)))
                {
                    return self;
                }
                s.notices.retain(|n| !matches!(n, Notice::EngineError(_)));
            }
            Action::WithholdFixes(on) => s.fixes_withheld = on,
            Action::ReceiveLesson(text) => {
                let n = s.lesson_inbox.as_ref().map_or(0, |(n, _)| n + 1);
                s.lesson_inbox = Some((n, Rc::new(text)));
                s.mode = Mode::Tutorial;
                s.playing = false;
            }
            Action::LessonTaken(n) => {
                if s.lesson_inbox.as_ref().is_some_and(|(m, _)| *m == n) {
                    s.lesson_inbox = None;
                }
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn state() -> Rc<State> {
        Rc::new(State::new(
            json!({"keys": [{"name": "K", "state": "Enabled"}], "n": 1}),
            7,
            Lang::En,
        ))
    }

    fn edit(p: &str, v: Value, c: Option<&str>) -> Action {
        Action::Edit {
            pointer: p.into(),
            value: v,
            label: format!("set {p}"),
            coalesce: c.map(Into::into),
        }
    }

    #[test]
    fn edits_undo_and_redo() {
        let s0 = state();
        let s1 = s0
            .clone()
            .reduce(edit("/keys/0/state", json!("Disabled"), None));
        assert_eq!(s1.scenario["keys"][0]["state"], "Disabled");
        assert_eq!(s1.revision, 1);
        let s2 = s1.clone().reduce(edit("/n", json!(2), None));
        let u1 = s2.clone().reduce(Action::Undo);
        assert_eq!(*u1.scenario, *s1.scenario);
        let u0 = u1.reduce(Action::Undo);
        assert_eq!(*u0.scenario, *s0.scenario);
        assert_eq!(u0.clone().reduce(Action::Undo).scenario, u0.scenario);
        let r1 = u0.reduce(Action::Redo);
        assert_eq!(*r1.scenario, *s1.scenario);
        // A new edit drops the redo stack.
        let n = r1.reduce(edit("/n", json!(5), None));
        assert!(n.redo.is_empty());
    }

    #[test]
    fn typing_in_one_editor_is_one_undo_entry() {
        let mut s = state();
        for i in 0..5 {
            s = s.reduce(edit("/n", json!(i + 10), Some("n-editor")));
        }
        assert_eq!(s.undo.len(), 1);
        assert_eq!(s.reduce(Action::Undo).scenario["n"], 1);
    }

    #[test]
    fn stepping_is_bounded_by_the_run() {
        let s = state().reduce(Action::StepForward);
        assert_eq!(s.cursor, 0, "no steps known yet");
        let s = s.reduce(Action::RunProgress {
            revision: 0,
            total: 3,
            done: true,
        });
        let s = s.reduce(Action::StepForward).reduce(Action::StepForward);
        assert_eq!(s.cursor, 2);
        let s = s.reduce(Action::RunToEnd);
        assert_eq!(s.cursor, 3);
        let s = s.reduce(Action::StepForward);
        assert_eq!(s.cursor, 3);
        let s = s.reduce(Action::StepBack).reduce(Action::Reset);
        assert_eq!(s.cursor, 0);
        // Stale progress reports are ignored.
        let s = s.reduce(Action::RunProgress {
            revision: 9,
            total: 100,
            done: true,
        });
        assert_eq!(s.total, 3);
    }

    #[test]
    fn an_edit_keeps_the_position_once_rerun() {
        let s = state()
            .reduce(Action::RunProgress {
                revision: 0,
                total: 10,
                done: true,
            })
            .reduce(Action::GoTo(6))
            .reduce(edit("/n", json!(3), None));
        assert_eq!((s.total, s.pending_step), (0, Some(6)));
        let s = s.reduce(Action::RunProgress {
            revision: 1,
            total: 4,
            done: true,
        });
        assert_eq!((s.cursor, s.pending_step), (4, None));
    }

    #[test]
    fn pointers() {
        let mut doc = json!({"a": [1, {"b": 2}]});
        assert!(set_pointer(&mut doc, "/a/1/b", json!(3)));
        assert!(set_pointer(&mut doc, "/a/2", json!("new")));
        assert!(set_pointer(&mut doc, "/c/d", json!(true)));
        assert!(set_pointer(&mut doc, "/x~1y", json!(1)));
        assert_eq!(
            doc,
            json!({"a": [1, {"b": 3}, "new"], "c": {"d": true}, "x/y": 1})
        );
        assert!(!set_pointer(&mut doc, "/a/9", json!(0)));
        assert!(!set_pointer(&mut doc, "/a/x", json!(0)));
        assert!(!set_pointer(&mut doc, "a", json!(0)));
        assert!(!set_pointer(&mut doc, "/a/0/z", json!(0)));
    }

    #[test]
    fn drafts_survive_and_undo_clears_them() {
        let s = state()
            .reduce(Action::SetDraft {
                editor: "key:K".into(),
                text: Some("{ broken".into()),
            })
            .reduce(edit("/n", json!(2), None));
        assert_eq!(s.drafts.get("key:K").map(String::as_str), Some("{ broken"));
        assert!(s.reduce(Action::Undo).drafts.is_empty());
    }

    fn ran(total: usize) -> Rc<State> {
        state().reduce(Action::RunProgress {
            revision: 0,
            total,
            done: true,
        })
    }

    #[test]
    fn inspecting_a_row_makes_it_current_and_keeps_the_rows_after_it() {
        let s = ran(10)
            .reduce(Action::GoTo(8))
            .reduce(Action::Show { row: 2, tab: None });
        assert_eq!((s.cursor, s.expanded, s.listed()), (3, Some(2), 8));
        // Stepping on and back stays within what was listed.
        let s = s.reduce(Action::StepForward).reduce(Action::StepBack);
        assert_eq!((s.cursor, s.listed()), (3, 8));
        assert_eq!(s.reduce(Action::Reset).listed(), 0);
    }

    #[test]
    fn advancing_several_steps_stops_at_the_end() {
        let s = ran(10)
            .reduce(Action::SetPlaying(true))
            .reduce(Action::Advance(4));
        assert_eq!((s.cursor, s.playing), (4, true));
        let s = s.reduce(Action::Advance(40));
        assert_eq!((s.cursor, s.playing), (10, false));
    }

    #[test]
    fn the_preset_is_remembered_through_edits_and_undo() {
        let s = state().reduce(Action::LoadPreset {
            name: "p".into(),
            scenario: json!({"n": 2}),
        });
        assert_eq!(s.preset.as_deref(), Some("p"));
        let s = s.reduce(edit("/n", json!(3), None));
        assert_eq!(s.preset.as_deref(), Some("p"), "an edit keeps the preset");
        let s = s.reduce(Action::ReplaceScenario {
            scenario: json!({"n": 9}),
            label: "import".into(),
        });
        assert_eq!(s.preset, None, "an import is no preset");
        let s = s.reduce(Action::Undo);
        assert_eq!(
            (s.scenario["n"].as_i64(), s.preset.as_deref()),
            (Some(3), Some("p"))
        );
        let s = s.reduce(Action::Undo).reduce(Action::Undo);
        assert_eq!(s.preset, None, "back before the preset was loaded");
        assert_eq!(s.reduce(Action::Redo).preset.as_deref(), Some("p"));
    }

    #[test]
    fn a_scenario_that_runs_clears_the_could_not_run_notice() {
        let s = state()
            .reduce(Action::Notify(Notice::LinkReady))
            .reduce(Action::Notify(Notice::EngineError(Text::new("x", "x"))));
        let s = s.reduce(Action::ClearEngineErrors);
        assert_eq!(s.notices, vec![Notice::LinkReady]);
    }

    #[test]
    fn a_lesson_from_the_embedding_page_opens_the_tutorial_until_taken() {
        let s = state().reduce(Action::ReceiveLesson("{}".into()));
        assert_eq!(s.mode, Mode::Tutorial);
        let (n, text) = s.lesson_inbox.clone().unwrap();
        assert_eq!(*text, "{}");
        assert!(s.reduce(Action::LessonTaken(n)).lesson_inbox.is_none());
    }
}
