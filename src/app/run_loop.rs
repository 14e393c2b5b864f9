//! Running the simulation without freezing the page: the first slice at once (so the first
//! paint, and server rendering, show the run), the rest in slices on fresh tasks with
//! progress reports, and play at a speed in steps per second, one animation frame at a time.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::state::{Action, Notice, State};
use super::{web, RunHandle};

/// Wall-clock budget of one simulation slice, in milliseconds (keeps frames short).
const SLICE_MS: f64 = 28.0;

/// Longest interval between two progress reports of a long run (ms).
const REPORT_MS: f64 = 200.0;

/// Runs the first slice synchronously (so the first paint, and server rendering, already
/// show the run) and reports it.
pub(super) fn start_run(run: &RunHandle, s: &State) -> (usize, bool) {
    let done = {
        let mut r = run.0.borrow_mut();
        web::mark("envelope-lab:run-start");
        r.restart(&s.scenario, s.seed, s.revision);
        r.advance(SLICE_MS)
    };
    if done {
        web::mark("envelope-lab:run-done");
    }
    (run.len(), done)
}

/// Restarts the run for the state's revision and reports the first slice.
pub(super) fn resimulate(
    run: &RunHandle,
    s: &State,
    dispatch: UseReducerDispatcher<State>,
    slice_guard: Rc<RefCell<Option<web::Guard>>>,
) {
    let revision = s.revision;
    let (total, done) = start_run(run, s);
    dispatch.dispatch(Action::RunProgress {
        revision,
        total,
        done,
    });
    match run.error() {
        Some(e) => dispatch.dispatch(Action::Notify(Notice::EngineError(e.located()))),
        None => dispatch.dispatch(Action::ClearEngineErrors),
    }
    if !done {
        schedule_slice(run.clone(), dispatch, slice_guard, revision);
    }
}

/// Play, one frame at a time: advances to the step count due `speed` steps a second after
/// `start` (ms), `sent` steps having been asked for so far. After a stall (a long frame,
/// a run still computing) it catches up at most a tenth of a second of steps at once.
pub(super) fn play_frames(
    dispatch: UseReducerDispatcher<State>,
    guard: Rc<RefCell<Option<web::Guard>>>,
    speed: u32,
    start: f64,
    sent: u64,
) {
    let guard2 = guard.clone();
    let frame = web::animation_frame(move |now| {
        let due = ((now - start).max(0.0) * f64::from(speed) / 1000.0) as u64;
        let mut sent = sent.max(due.saturating_sub((u64::from(speed) / 10).max(1)));
        if due > sent {
            dispatch.dispatch(Action::Advance((due - sent) as usize));
            sent = due;
        }
        play_frames(dispatch, guard2, speed, start, sent);
    });
    *guard.borrow_mut() = Some(frame);
}

pub(super) fn schedule_slice(
    run: RunHandle,
    dispatch: UseReducerDispatcher<State>,
    guard: Rc<RefCell<Option<web::Guard>>>,
    revision: u64,
) {
    slice_loop(run, dispatch, guard, revision, web::now_ms());
}

/// A run that waits for the client-side cryptography module (`crate::esdk_client`): loads
/// it (the notices show that it is loading, or why it failed), then starts the run if the
/// learner has not changed the scenario meanwhile. The scenario is never touched.
pub(super) fn await_crypto(
    run: RunHandle,
    dispatch: UseReducerDispatcher<State>,
    guard: Rc<RefCell<Option<web::Guard>>>,
    revision: u64,
) {
    crate::esdk_client::ensure(Callback::from(move |loaded: Result<(), String>| {
        if run.revision() != revision || !run.waiting() {
            return;
        }
        if loaded.is_err() {
            // Re-render: the notice now says why (the run still waits; Try again).
            dispatch.dispatch(Action::RunProgress {
                revision,
                total: 0,
                done: false,
            });
            return;
        }
        let done = {
            let mut r = run.0.borrow_mut();
            r.resume();
            r.advance(SLICE_MS)
        };
        if done {
            web::mark("envelope-lab:run-done");
        }
        dispatch.dispatch(Action::RunProgress {
            revision,
            total: run.len(),
            done,
        });
        match run.error() {
            Some(e) => dispatch.dispatch(Action::Notify(Notice::EngineError(e.located()))),
            None => dispatch.dispatch(Action::ClearEngineErrors),
        }
        if !done {
            schedule_slice(run.clone(), dispatch.clone(), guard.clone(), revision);
        }
    }));
}

/// One slice of a long run, then the next on a fresh task. Progress is reported at most
/// every `REPORT_MS` (each report re-renders the page) and when the run ends.
fn slice_loop(
    run: RunHandle,
    dispatch: UseReducerDispatcher<State>,
    guard: Rc<RefCell<Option<web::Guard>>>,
    revision: u64,
    reported: f64,
) {
    let guard2 = guard.clone();
    let timer = web::soon(move || {
        if run.revision() != revision {
            return;
        }
        if run.waiting() {
            await_crypto(run, dispatch, guard2, revision);
            return;
        }
        let done = run.0.borrow_mut().advance(SLICE_MS);
        if done {
            web::mark("envelope-lab:run-done");
        }
        let now = web::now_ms();
        let mut last = reported;
        if done || now - reported >= REPORT_MS {
            dispatch.dispatch(Action::RunProgress {
                revision,
                total: run.len(),
                done,
            });
            last = now;
        }
        if !done {
            slice_loop(run, dispatch, guard2, revision, last);
        }
    });
    *guard.borrow_mut() = Some(timer);
}
