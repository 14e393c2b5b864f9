use super::*;
use envelope_lab::text::Text;
use serde_json::json;
use yew::Reducible;

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
