//! Talking to a page that embeds the app (the protocol is `embed.rs`): its messages are
//! applied as actions; `ready` is announced once, then the step reached and the denials
//! passed over.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::state::{Action, State};
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
            web::post_to_parent(&embed::ready(envelope_lab::VERSION, state2.total));
        });
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
                // Every denial passed over since the last announcement (a multi-step jump),
                // then the step reached.
                let from = (*previous.borrow()).min(cursor);
                *previous.borrow_mut() = cursor;
                for i in from.max(cursor.saturating_sub(1000))..cursor.saturating_sub(1) {
                    if let Some((code, message)) = run.row(i).and_then(|r| r.error) {
                        web::post_to_parent(&embed::denial(i + 1, &code, &message));
                    }
                }
                let row = cursor.checked_sub(1).and_then(|i| run.row(i));
                let op = row.as_ref().map(|r| r.operation.clone());
                let outcome = row.as_ref().map(|r| {
                    r.error
                        .as_ref()
                        .map(|(c, _)| c.clone())
                        .unwrap_or_else(|| "ok".into())
                });
                if let Some((code, message)) = row.and_then(|r| r.error) {
                    web::post_to_parent(&embed::denial(cursor, &code, &message));
                }
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
