//! Envelope Lab's web app: Yew components and browser glue over the engine crate
//! (`envelope_lab`, in `engine/`). No AWS rule is decided here: the components render what
//! the engine produces (through `runner.rs`) and turn edits into a new scenario (`state.rs`).
//! See docs/ARCHITECTURE.md.
//!
//! Web-specific code (DOM, storage, postMessage, timers) lives in `web.rs`, inert natively,
//! so the components also render on the server for the native tests.

mod authz;
mod cause;
pub mod cfn_dialog;
pub mod cfn_work;
mod code_area;
mod controls;
mod diagram;
pub mod embed;
mod envelope;
mod eval_path;
mod fixes;
mod grouped_rows;
pub mod i18n;
mod inspector;
pub mod link;
mod panels;
mod pg_fixes;
mod playground;
mod policy_editor;
pub mod presets;
pub mod runner;
pub mod state;
pub mod storage;
mod summary_bar;
mod timeline;
pub mod tools_client;
pub mod tools_work;
mod topbar;
pub mod tutorial;
pub mod view;
pub mod virtual_list;
mod web;

pub use authz::{rule_text, AuthorizationView};
pub use code_area::CodeArea;
pub use diagram::{Diagram, DiagramView, Stage};
pub use envelope_lab::sim::view::{estimate, Estimate};
pub use i18n::{Lang, T};
pub use panels::reader_roles;
pub use playground::{build_request, examples, Playground};
pub use policy_editor::{check_policy, error_context, PolicyEditor};
pub use runner::RunHandle;
pub use state::{Action, Mode, Notice, Selection, State};
pub use timeline::row_html;
pub use virtual_list::VirtualList;

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use envelope_lab::sim::Audience;
use envelope_lab::text::Text;
use link::{Link, LinkError};

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

/// Wall-clock budget of one simulation slice, in milliseconds (keeps frames short).
const SLICE_MS: f64 = 28.0;

/// Longest interval between two progress reports of a long run (ms).
const REPORT_MS: f64 = 200.0;

/// Pause after the last keystroke in a number field before re-simulating (ms).
const DEBOUNCE_MS: u32 = 300;

/// Screens this narrow get the phone layout (keep in step with style.css).
pub const NARROW_QUERY: &str = "(max-width: 640px)";

/// The share link for the current state.
pub fn share_link(s: &State) -> Link {
    let default = runner::default_scenario();
    Link {
        scenario: (*s.scenario != default).then(|| Ok((*s.scenario).clone())),
        seed: Some(s.seed),
        step: Some(s.cursor),
        mode: Some(s.mode),
        lang: Some(s.lang),
        lesson: s.lesson.clone(),
        embed: s.embed,
    }
}

/// The first state: link (fragment) over saved work over defaults; problems become notices.
fn boot(props: &AppProps) -> State {
    let fragment = props.fragment.clone().unwrap_or_else(web::fragment);
    let languages = props.languages.clone().unwrap_or_else(web::languages);
    let link = Link::parse(&fragment);
    let lang = link
        .lang
        .unwrap_or_else(|| Lang::negotiate(languages.iter().map(String::as_str)));
    let mut notices = Vec::new();

    // Saved work.
    let saved_text = match &props.saved {
        Some(s) => Ok(Some(s.clone())),
        None => web::storage_get(storage::KEY),
    };
    let saved = match saved_text {
        Ok(Some(text)) => match storage::decode(&text) {
            Ok(saved) => match runner::validate(&saved.scenario) {
                Ok(()) => Some(saved),
                Err(e) => {
                    notices.push(Notice::StorageCorrupt(e.located()));
                    None
                }
            },
            Err(e) => {
                notices.push(Notice::StorageCorrupt(e));
                None
            }
        },
        Ok(None) => None,
        Err(e) => {
            // The browser's own exception text; the notice's sentence is translated.
            notices.push(Notice::StorageCorrupt(Text::new(e.clone(), e)));
            None
        }
    };

    let mut scenario = saved
        .as_ref()
        .map(|s| s.scenario.clone())
        .unwrap_or_else(runner::default_scenario);
    let link_has_scenario = link.scenario.is_some();
    let mut linked_scenario = false;
    match link.scenario {
        Some(Ok(doc)) => match runner::validate(&doc) {
            Ok(()) => {
                scenario = doc;
                linked_scenario = true;
            }
            Err(e) => {
                notices.push(Notice::BadLinkScenario(e.located()));
                scenario = runner::default_scenario();
            }
        },
        Some(Err(LinkError::Future(v))) => {
            notices.push(Notice::FutureLink(v));
            scenario = runner::default_scenario();
        }
        Some(Err(LinkError::Broken(why))) => {
            notices.push(Notice::BadLink(why));
            scenario = runner::default_scenario();
        }
        None => {}
    }
    let seed = link.seed.or(saved.as_ref().map(|s| s.seed)).unwrap_or(1);
    let mut state = State::new(scenario, seed, lang);
    if let Some(saved) = &saved {
        if link.lang.is_none() {
            if let Some(l) = saved.lang.as_deref().and_then(Lang::from_code) {
                state.lang = l;
            }
        }
        if let Some(m) = saved.mode.as_deref().and_then(Mode::from_code) {
            state.mode = m;
        }
        if let Some(v) = saved.speed {
            state.speed = v.clamp(1, 1000);
        }
        if let Some([shards, records_per_second, producers, consumers, objects_per_hour]) =
            saved.scale
        {
            state.scale = state::Scale {
                shards,
                records_per_second,
                producers,
                consumers,
                objects_per_hour,
            };
        }
        if !link_has_scenario && link.step.is_none() {
            state.pending_step = saved.step.filter(|&n| n > 0);
        }
        if !link_has_scenario {
            state.preset = saved.preset.clone();
        }
    }
    if let Some(m) = link.mode {
        state.mode = m;
    }
    if let Some(step) = link.step {
        state.pending_step = Some(step);
    }
    state.embed = link.embed;
    state.lesson = link.lesson;
    state.notices = notices;
    state.narrow = web::on_media(NARROW_QUERY, Callback::noop()).0;
    if state.preset.is_none() {
        // The default scenario (or a saved or linked one) that is exactly a preset is that
        // preset, so an edit reads "<preset> (edited)".
        if let presets::Origin::Preset(name) = presets::origin(&state.scenario, None) {
            state.preset = Some(name.to_string());
        }
    }
    state.linked_scenario = linked_scenario;
    if first_visit(&fragment, saved.is_some() || !state.notices.is_empty()) {
        state.mode = Mode::Tutorial;
        state.welcome = Some(0);
    }
    state
}

/// A first visit: no link state, nothing saved in this browser (no sandbox work, no course
/// progress) and not inside another page (an embedding page keeps control). It opens the
/// tutorial with a short welcome that leads into the first lesson.
fn first_visit(fragment: &str, saved: bool) -> bool {
    let no_progress = matches!(
        web::storage_get(envelope_lab::lessons::progress::STORAGE_KEY),
        Ok(None)
    );
    fragment.trim_start_matches('#').trim().is_empty() && !saved && no_progress && !web::in_frame()
}

fn saved_of(s: &State) -> storage::Saved {
    storage::Saved {
        v: 1,
        scenario: (*s.scenario).clone(),
        seed: s.seed,
        lang: Some(s.lang.code().into()),
        mode: Some(s.mode.code().into()),
        speed: Some(s.speed),
        step: Some(s.cursor),
        preset: s.preset.clone(),
        scale: Some([
            s.scale.shards,
            s.scale.records_per_second,
            s.scale.producers,
            s.scale.consumers,
            s.scale.objects_per_hour,
        ]),
    }
}

/// Runs the first slice synchronously (so the first paint, and server rendering, already
/// show the run) and reports it.
fn start_run(run: &RunHandle, s: &State) -> (usize, bool) {
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

/// The root component mounted by the web entry (`src/main.rs`).
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let run = use_memo((), |_| RunHandle::default());
    let run: RunHandle = (*run).clone();
    let state = {
        let run = run.clone();
        use_reducer(move || {
            let mut s = boot(props);
            let (total, done) = start_run(&run, &s);
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
                    resimulate(&run, &s, dispatch, slice_guard);
                }));
            } else if run.revision() != revision {
                resimulate(&run, &state, state.dispatcher(), slice_guard);
            } else if !run.done() {
                schedule_slice(run.clone(), state.dispatcher(), slice_guard, revision);
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
                    play_frames(dispatch, timer.clone(), *speed, web::now_ms(), 0);
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
            ),
            move |_| {
                if !s.embed {
                    web::storage_set(storage::KEY, &storage::encode(&saved_of(&s)));
                }
                web::set_document_lang(s.lang.code());
            },
        );
    }

    // Embedding: listen to the parent, announce ready, each step and denials.
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

    let s = &*state;
    let lang = s.lang;
    let ctx = Ctx {
        state: state.clone(),
        run: run.clone(),
    };
    let notices = s.notices.iter().enumerate().map(|(i, n)| {
        let dispatch = state.dispatcher();
        let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Dismiss(i)));
        let (text, warn) = notice_text(n, lang);
        html! {
            <div class={classes!("notice", warn.then_some("warn"))} role={if warn { "alert" } else { "status" }}>
                <span>{ text }</span>
                <button type="button" class="btn small" {onclick}>{ lang.t(T::Dismiss) }</button>
            </div>
        }
    });
    // A run cut at its budget says so for as long as it is the run shown.
    let budget = s.run_done.then(|| run.budget_stop()).flatten().map(|stop| {
        html! {
            <div class="notice warn" id="budget-notice" role="status">
                <span>{ stop.notice(Audience::Page).get(lang.code()).to_string() }</span>
            </div>
        }
    });
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
                <panels::SidePanel />
                <inspector::Inspector />
                <timeline::Timeline />
            </tutorial::Workspace>
        },
        Mode::Sandbox => html! {
            <div class="workspace">
                <div class="main-col">
                    { diagram }
                    <controls::Controls />
                    <summary_bar::SummaryBar />
                    <timeline::Timeline />
                </div>
                <aside class="side-col" aria-label={lang.t(T::SideColumn)}>
                    <presets::PresetPicker />
                    <panels::SidePanel />
                    <inspector::Inspector />
                </aside>
            </div>
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
                if !s.notices.is_empty() || budget.is_some() {
                    <div class="notices">{ for notices }{ for budget }</div>
                }
                <main class="main" id="main" tabindex="-1">{ main }</main>
                if !s.embed {
                    <footer class="footer">{ lang.f(T::Footer, &[&envelope_lab::VERSION]) }</footer>
                }
            </div>
        </ContextProvider<Ctx>>
    }
}

/// Restarts the run for the state's revision and reports the first slice.
fn resimulate(
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

/// Applies a message from the embedding page.
fn receive(dispatch: &UseReducerDispatcher<State>, message: embed::Inbound) {
    match message {
        embed::Inbound::Reset => dispatch.dispatch(Action::Reset),
        embed::Inbound::Step { count } => {
            dispatch.dispatch(Action::Advance(count.unwrap_or(1) as usize))
        }
        embed::Inbound::LoadScenario { scenario, seed } => match runner::validate(&scenario) {
            Ok(()) => {
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

/// Play, one frame at a time: advances to the step count due `speed` steps a second after
/// `start` (ms), `sent` steps having been asked for so far. After a stall (a long frame,
/// a run still computing) it catches up at most a tenth of a second of steps at once.
fn play_frames(
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

fn schedule_slice(
    run: RunHandle,
    dispatch: UseReducerDispatcher<State>,
    guard: Rc<RefCell<Option<web::Guard>>>,
    revision: u64,
) {
    slice_loop(run, dispatch, guard, revision, web::now_ms());
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

fn notice_text(n: &Notice, lang: Lang) -> (String, bool) {
    let why = |t: &Text| t.get(lang.code()).to_string();
    match n {
        Notice::BadLink(t) => (lang.f(T::BadLink, &[&why(t)]), true),
        Notice::FutureLink(v) => (lang.f(T::FutureLink, &[&format!("v{v}")]), true),
        Notice::BadLinkScenario(t) => (lang.f(T::BadLinkScenario, &[&why(t)]), true),
        Notice::StorageCorrupt(t) => (lang.f(T::StorageCorrupt, &[&why(t)]), true),
        Notice::ImportFailed(t) => (lang.f(T::ImportFailed, &[&why(t)]), true),
        Notice::ExportFailed(t) => (lang.f(T::ExportFailed, &[&why(t)]), true),
        Notice::Imported => (lang.t(T::Imported).into(), false),
        Notice::LinkCopied => (lang.t(T::LinkCopied).into(), false),
        Notice::LinkReady => (lang.t(T::LinkReady).into(), false),
        Notice::EngineError(t) => (lang.f(T::EngineError, &[&why(t)]), true),
    }
}
