//! The reducer: one action applied to a copy of the state.

use std::rc::Rc;

use yew::prelude::*;

use super::{set_pointer, Action, Mode, Notice, State};

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
            Action::SetLesson(lesson) => {
                s.lesson_opened |= lesson.is_some();
                s.lesson = lesson;
            }
            Action::GoPlace { mode, lesson } => {
                if let Some(m) = mode {
                    s.mode = m;
                    s.playing = false;
                }
                if lesson.is_some() {
                    s.lesson = lesson;
                }
            }
            Action::OpenLink { scenario, seed } => s.open_link(scenario, seed),
            Action::BackToSaved => s.back_to_saved(),
            Action::KeepLinked => s.keep_linked(),
            Action::LessonTaken(n) => {
                if s.lesson_inbox.as_ref().is_some_and(|(m, _)| *m == n) {
                    s.lesson_inbox = None;
                }
            }
        }
        s.settle_aside();
        Rc::new(s)
    }
}
