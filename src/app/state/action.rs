//! Every change of the state, as the reducer receives it.

use serde_json::Value;

use super::{Encoding, Mode, Notice, Panel, RowFilter, Scale, Selection, Spotlight, Tab};
use crate::i18n::Lang;

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
    /// The lesson the tutorial shows (it opened one); the address and share links carry it.
    SetLesson(Option<String>),
    /// Back or Forward to a place the learner went: a mode, a lesson.
    GoPlace {
        mode: Option<Mode>,
        lesson: Option<String>,
    },
    /// A link opened in the page: its scenario is shown as one undoable edit, the saved
    /// work kept aside.
    OpenLink {
        scenario: Value,
        seed: Option<u64>,
    },
    /// Back to the saved work kept aside while a link's scenario was shown.
    BackToSaved,
    /// Keep the link's scenario as the work (it is saved from now on).
    KeepLinked,
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
