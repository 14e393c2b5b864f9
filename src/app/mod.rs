//! The app: the root component (`App`), what every component reaches (`Ctx`), and the
//! plumbing under it — the state and its reducer (`state/`), the runner over the engine
//! (`runner.rs`), the first state and what is saved (`boot.rs`, `storage.rs`, `link.rs`),
//! running in slices and playing (`run_loop.rs`), the address bar and history (`address.rs`), the embedding page (`parent.rs`,
//! `embed.rs`), notices, a modal dialog's keys (`dialog.rs`), the top bar, and the browser glue (`web.rs`).

pub mod dialog;
pub mod embed;
pub mod link;
pub mod runner;
pub mod state;
pub mod storage;
pub mod view;
pub mod web;

mod address;
mod boot;
mod notices;
mod parent;
mod run_loop;
mod topbar;

pub use boot::share_link;

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::T;
use crate::sandbox;
use crate::simulator::{controls, diagram::Diagram, panels};
use crate::timeline::{summary_bar, Timeline};
use crate::tutorial;
use crate::{playground::Playground, settings::Inspector};
use runner::RunHandle;
use state::{Action, Mode, Notice, Selection, State};

/// What every component can reach: the state (with its dispatcher) and the simulation run.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub state: UseReducerHandle<State>,
    pub run: RunHandle,
}

/// Props of the root component. The web entry passes none; tests can set the fragment
/// and the browser languages the app would otherwise read from the page.
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub fragment: Option<String>,
    #[prop_or_default]
    pub languages: Option<Vec<String>>,
    #[prop_or_default]
    pub saved: Option<String>,
}

/// Pause after the last keystroke in a number field before re-simulating (ms).
const DEBOUNCE_MS: u32 = 300;

/// Screens this narrow get the phone layout (keep in step with style.css).
pub const NARROW_QUERY: &str = "(max-width: 640px)";

/// The root component mounted by the web entry (`src/main.rs`).
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let run = use_memo((), |_| RunHandle::default());
    let run: RunHandle = (*run).clone();
    let state = {
        let run = run.clone();
        use_reducer(move || {
            let mut s = boot::boot(props);
            let (total, done) = run_loop::start_run(&run, &s);
            s.total = total;
            s.run_done = done;
            if let Some(want) = s.pending_step {
                if done || total >= want {
                    s.cursor = want.min(total);
                    s.pending_step = None;
                }
            }
            if let Some(e) = run.error() {
                s.notices.push(Notice::EngineError(e.located()));
            }
            s
        })
    };
    let slice_guard: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);

    // Re-simulate when the scenario or seed changes (after a pause when the change came
    // from typing a number); finish long runs in slices.
    {
        let run = run.clone();
        let state = state.clone();
        let slice_guard = slice_guard.clone();
        let debounce_guard: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
        use_effect_with(state.revision, move |revision| {
            let revision = *revision;
            *debounce_guard.borrow_mut() = None;
            if run.revision() != revision && state.debounce {
                let (run, dispatch, s) = (run.clone(), state.dispatcher(), (*state).clone());
                let slice_guard = slice_guard.clone();
                *debounce_guard.borrow_mut() = Some(web::timeout(DEBOUNCE_MS, move || {
                    run_loop::resimulate(&run, &s, dispatch, slice_guard);
                }));
            } else if run.revision() != revision {
                run_loop::resimulate(&run, &state, state.dispatcher(), slice_guard);
            } else if !run.done() {
                run_loop::schedule_slice(run.clone(), state.dispatcher(), slice_guard, revision);
            }
        });
    }

    // Play: on every frame, the steps the speed asks for since play began (several at
    // once when the speed is above the frame rate, so 100 steps/s is 100 steps a second).
    {
        let dispatch = state.dispatcher();
        let timer: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
        use_effect_with(
            (state.playing, state.speed, state.revision),
            move |(playing, speed, _)| {
                *timer.borrow_mut() = None;
                if *playing {
                    run_loop::play_frames(dispatch, timer.clone(), *speed, web::now_ms(), 0);
                }
            },
        );
    }

    // The phone layout follows the width of the page.
    {
        let dispatch = state.dispatcher();
        let guard: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
        use_effect_with((), move |_| {
            let set = Callback::from(move |narrow| dispatch.dispatch(Action::SetNarrow(narrow)));
            *guard.borrow_mut() = web::on_media(NARROW_QUERY, set).1;
        });
    }

    // Keyboard. `n` / `p` (next / previous failure) read the state of the latest render.
    let latest: Rc<RefCell<State>> = {
        let s = (*state).clone();
        use_mut_ref(move || s)
    };
    *latest.borrow_mut() = (*state).clone();
    {
        let dispatch = state.dispatcher();
        let guard: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
        let mode = state.mode;
        let run = run.clone();
        let focus_later: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
        use_effect_with(mode, move |mode| {
            let mode = *mode;
            let cb = Callback::from(move |key: String| {
                if mode == Mode::Playground {
                    return false;
                }
                match key.as_str() {
                    " " | "ArrowRight" => dispatch.dispatch(Action::StepForward),
                    "ArrowLeft" => dispatch.dispatch(Action::StepBack),
                    "r" | "R" => dispatch.dispatch(Action::Reset),
                    "n" | "N" | "p" | "P" => {
                        let forward = key.eq_ignore_ascii_case("n");
                        match summary_bar::jump(&run, &latest.borrow(), forward) {
                            Some(a) => dispatch.dispatch(a),
                            None => return false,
                        }
                        // The focus goes to the failure opened (once it is shown).
                        *focus_later.borrow_mut() =
                            Some(web::soon(|| web::focus("step-details-title")));
                    }
                    _ => return false,
                }
                true
            });
            *guard.borrow_mut() = web::on_key(cb);
        });
    }

    // Persist the sandbox and preferences; keep <html lang> in step.
    {
        let s = (*state).clone();
        use_effect_with(
            (
                s.scenario.clone(),
                s.seed,
                s.lang,
                s.mode,
                s.speed,
                s.scale,
                s.cursor,
                s.preset.clone(),
                s.aside.is_some(),
            ),
            move |_| {
                if s.saving() {
                    web::storage_set(storage::KEY, &storage::encode(&s.saved()));
                }
                web::set_document_lang(s.lang.code());
            },
        );
    }

    // The address: the place the learner is (mode, lesson) as history entries; Back and
    // Forward, and links opened in the page.
    address::use_address(&state);

    // The focus follows new content: the lesson once the welcome's "Start lesson" closes
    // it, the re-run's outcome once a fix is applied and the re-run has ended.
    {
        let was_welcome = use_mut_ref(|| state.welcome.is_some());
        use_effect_with(state.welcome, move |welcome| {
            if welcome.is_none() && *was_welcome.borrow() {
                web::focus("lesson-title");
            }
            *was_welcome.borrow_mut() = welcome.is_some();
        });
        let focused = use_mut_ref(|| 0u64);
        let (applied, done) = (state.fixes_applied, state.run_done);
        use_effect_with((applied, done), move |(applied, done)| {
            if *done && *applied > *focused.borrow() {
                *focused.borrow_mut() = *applied;
                web::focus("run-outcome");
            }
        });
    }

    // Embedding: listen to the parent, announce ready, each step and denials.
    parent::use_parent(&state, &run);

    // The first failure's fixes computed in the background before the Fix tab is opened.
    crate::fixes::use_prefetch_fixes(&state, &run);

    let s = &*state;
    let lang = s.lang;
    let ctx = Ctx {
        state: state.clone(),
        run: run.clone(),
    };
    let notices = notices::notices(&state, &run);
    let view = run.diagram(s.cursor.min(run.len()), lang);
    let on_select = {
        let dispatch = state.dispatcher();
        Callback::from(move |sel: Selection| dispatch.dispatch(Action::Select(Some(sel))))
    };
    let diagram = html! {
        <section class="diagram-panel" aria-label={lang.t(T::Diagram)}>
            <Diagram {view} {lang} {on_select} selected={s.selection.clone()} upright={s.narrow} />
        </section>
    };
    let main = match s.mode {
        Mode::Playground => html! { <Playground {lang} /> },
        // The lesson beside the simulator, each column scrolling on its own.
        Mode::Tutorial => html! {
            <tutorial::Workspace>
                { diagram }
                <controls::Controls />
                <summary_bar::SummaryBar />
                <panels::SidePanel />
                <Inspector />
                <Timeline />
            </tutorial::Workspace>
        },
        Mode::Sandbox => html! {
            <sandbox::Workspace>{ diagram }</sandbox::Workspace>
        },
    };
    // The skip link moves the focus without touching the address (it holds the share link).
    let skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        web::focus("main");
    });
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class={classes!("app", s.embed.then_some("embed"))} lang={lang.code()}>
                <a class="skip-link" href="#main" onclick={skip}>{ lang.t(T::SkipToMain) }</a>
                if !s.embed {
                    <topbar::TopBar />
                }
                { notices }
                <main class="main" id="main" tabindex="-1">{ main }</main>
                if !s.embed {
                    <footer class="footer">{ lang.f(T::Footer, &[&envelope_lab::VERSION]) }</footer>
                }
            </div>
        </ContextProvider<Ctx>>
    }
}
