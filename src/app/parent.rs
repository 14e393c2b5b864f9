//! Talking to a page that embeds the app (the protocol is `embed.rs`): its messages are
//! applied as actions; `ready` is announced once the scenario shown has run (a lesson's,
//! in the tutorial), then each step reached, and for each move one `denial` with the count
//! of failed steps reached or passed over.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::state::{Action, Mode, State};
use super::{embed, runner, web, RunHandle};

/// Listens to the parent and announces ready, each step and denials.
#[hook]
pub(super) fn use_parent(state: &UseReducerHandle<State>, run: &RunHandle) {
    {
        let state2 = state.clone();
        let guard: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
        use_effect_with((), move |_| {
            let dispatch = state2.dispatcher();
            let cb =
                Callback::from(
                    move |data: serde_json::Value| match embed::parse_inbound(&data) {
                        Ok(Some(message)) => receive(&dispatch, message),
                        Ok(None) => {}
                        Err(why) => web::post_to_parent(&embed::error(&why)),
                    },
                );
            *guard.borrow_mut() = web::on_parent_message(cb);
        });
    }
    // `ready` once the scenario the page shows has run: in the tutorial, the lesson's (the
    // tutorial opens it after the course is in), not the one shown before it.
    {
        let sent = use_mut_ref(|| false);
        let waiting =
            state.mode == Mode::Tutorial && !state.linked_scenario && !state.lesson_opened;
        let (total, done) = (state.total, state.run_done);
        use_effect_with(
            (done, state.revision, waiting),
            move |(done, _, waiting)| {
                if *done && !*waiting && !*sent.borrow() {
                    *sent.borrow_mut() = true;
                    web::post_to_parent(&embed::ready(envelope_lab::VERSION, total));
                }
            },
        );
    }
    {
        let run = run.clone();
        let previous: Rc<RefCell<usize>> = use_mut_ref(|| 0);
        // The (step, run) last announced: a run finishing (or its first slice) announces
        // nothing new, so a new scenario's step 0 is posted once.
        let announced: Rc<RefCell<Option<(usize, u64)>>> = use_mut_ref(|| None);
        use_effect_with(
            (state.cursor, state.revision, state.run_done),
            move |(cursor, revision, run_done)| {
                let cursor = *cursor;
                let now = Some((cursor, *revision));
                if *announced.borrow() == now || (run.is_empty() && !*run_done) {
                    return;
                }
                *announced.borrow_mut() = now;
                // One `denial` for the move: the steps reached or passed over since the last
                // announcement (a jump, Run to end), the first that failed and how many did.
                let from = (*previous.borrow()).min(cursor.saturating_sub(1));
                *previous.borrow_mut() = cursor;
                let (first, count) = run.failures_between(from, cursor);
                if let Some((code, message)) = first.and_then(|i| run.row(i)).and_then(|r| r.error)
                {
                    let step = first.map_or(cursor, |i| i + 1);
                    web::post_to_parent(&embed::denial(step, &code, &message, count));
                }
                let row = cursor.checked_sub(1).and_then(|i| run.row(i));
                let op = row.as_ref().map(|r| r.operation.clone());
                let outcome = row.as_ref().map(|r| {
                    r.error
                        .as_ref()
                        .map(|(c, _)| c.clone())
                        .unwrap_or_else(|| "ok".into())
                });
                web::post_to_parent(&embed::step(
                    cursor,
                    run.len(),
                    op.as_deref(),
                    outcome.as_deref(),
                ));
            },
        );
    }
}

/// Applies a message from the embedding page.
fn receive(dispatch: &UseReducerDispatcher<State>, message: embed::Inbound) {
    match message {
        embed::Inbound::Reset => dispatch.dispatch(Action::Reset),
        embed::Inbound::Step { count } => {
            dispatch.dispatch(Action::Advance(count.unwrap_or(1) as usize))
        }
        embed::Inbound::LoadScenario { scenario, seed } => match runner::validate(&scenario) {
            Ok(()) => {
                // A scenario from the page is not the lesson's: leave the lesson first, so
                // the new scenario can never complete it (no lessonComplete follows).
                dispatch.dispatch(Action::SetMode(super::state::Mode::Sandbox));
                if let Some(seed) = seed {
                    dispatch.dispatch(Action::SetSeed(seed));
                }
                dispatch.dispatch(Action::ReplaceScenario {
                    scenario,
                    label: "loadScenario".into(),
                });
            }
            Err(e) => web::post_to_parent(&embed::error(&e.to_string())),
        },
        embed::Inbound::LoadLesson { lesson } => {
            let text = match lesson {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            dispatch.dispatch(Action::ReceiveLesson(text));
        }
    }
}
