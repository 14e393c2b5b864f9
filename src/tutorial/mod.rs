//! The tutorial: the split view (`Workspace`), the first visit's welcome, the lesson picker
//! and course overview, the lesson itself (`LessonView`: story, goal checklist live from
//! the current scenario, editors, hints, solution, quiz), the practice exam, progress
//! (localStorage, export/import), each lesson's own work, and loading an author's lesson
//! (file picker or `{"type": "loadLesson", "lesson": {…}}` from an embedding page). All AWS
//! logic lives in `envelope_lab::lessons`.
//!
//! Opening a lesson always shows that lesson's scenario: the learner's work on it if there
//! is some, else its starting scenario. Its goal counts only from the moment that scenario
//! is the one shown (a lesson opened by a link must not be judged on whatever the sandbox
//! held before). A link that carries its own scenario keeps it as the lesson's work.

mod bundled;
mod course;
mod editors;
mod goal;
mod layout;
mod lesson;
mod markup;
mod overview;
mod quiz;
mod report;
mod sources;
mod store;
mod strings;
mod tools;
mod welcome;
mod work;

pub use layout::Workspace;
/// ARNs that wrap at `:` and `/` only (the Envelope tab uses it too).
pub use markup::with_arns;

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::state::{Action, Mode};
use crate::tools_client::{load_preset, preset_now, preset_pending};
use crate::{runner, web, Ctx, Lang};
use course::Course;
use envelope_lab::lessons::{parse_file, progress::score, start, CourseFile, Lesson, Progress};
use envelope_lab::lessons::{Question, ScenarioLink};
use envelope_lab::text::Text;
use lesson::LessonView;
use overview::CourseOverview;
use strings::S;
use tools::{Message, ProgressTools};
use welcome::Welcome;
use work::Work;

/// The lesson the panel opened, the scenario it showed for it, and the revision at which
/// that scenario was first the one shown (`None` until then: the goal is not judged yet).
struct Opened {
    lesson: String,
    doc: Rc<Value>,
    seen: Option<u64>,
}

/// Progress from this browser, with the seed of the learner's quiz order made once.
fn load_progress() -> Progress {
    let mut p = store::load();
    if p.ensure_quiz_seed(web::random_id) {
        store::save(&p);
    }
    p
}

/// The lesson panel shown in Tutorial mode.
#[function_component(TutorialPanel)]
pub fn tutorial_panel() -> Html {
    let ctx = use_context::<Ctx>();
    let course = use_state(Course::initial);
    let progress = use_state(load_progress);
    let message = use_state(|| None as Message);
    let overview_open = use_state(|| false);
    let practice_open = use_state(|| false);
    let opened: Rc<RefCell<Option<Opened>>> = use_mut_ref(|| None);
    let work: Rc<RefCell<Work>> = use_mut_ref(Work::load);

    let open_lesson = open_callback(&ctx, &progress, &message, &overview_open, &opened, &work);
    let authored = use_course_fetch(&course);
    use_open_on_arrival(&ctx, &course, &progress, &opened, &open_lesson);
    let load_text = use_author_files(&course, &message, &open_lesson, &authored, &ctx);

    // Which lesson is shown, and whether its scenario is the one on screen yet.
    let revision = ctx.as_ref().map(|c| c.state.revision).unwrap_or(0);
    if let (Some(o), Some(c)) = (opened.borrow_mut().as_mut(), ctx.as_ref()) {
        if o.seen.is_none() && *c.state.scenario == *o.doc {
            o.seen = Some(revision);
        }
    }
    let (current_id, judged) = match &*opened.borrow() {
        Some(o) => (o.lesson.clone(), o.seen.is_some()),
        None => (
            wanted_lesson(&ctx, &course, &progress).unwrap_or_default(),
            false,
        ),
    };

    // The learner's work on the lesson is kept as they go.
    {
        let work = work.clone();
        let scenario = ctx.as_ref().map(|c| c.state.scenario.clone());
        use_effect_with(
            (revision, judged, current_id.clone()),
            move |(_, judged, id)| {
                if let (true, Some(doc)) = (*judged, scenario) {
                    work.borrow_mut().keep(id, &doc);
                }
            },
        );
    }
    // Progress announced to the page's own scripts (the SCORM adapter, see report.rs).
    use_effect_with(((*progress).clone(), (*course).clone()), |(p, c)| {
        if c.loaded {
            report::announce(&c.lessons, &c.practice, p);
        }
    });

    let Some(ctx) = ctx else {
        return html! {};
    };
    let lang = ctx.state.lang;
    let on_scenario = scenario_link(&ctx, &course, &message);
    let on_overview = {
        let open = overview_open.clone();
        Callback::from(move |()| {
            open.set(true);
            web::scroll_to_top("lesson-col");
        })
    };
    let on_error = {
        let message = message.clone();
        Callback::from(move |e: Text| message.set(Some((false, S::ScenarioError, e))))
    };
    let lesson = course.lesson(&current_id);
    let body = if let Some(step) = ctx.state.welcome {
        let first = course.lessons.first().map(|l| l.number).unwrap_or(1);
        html! { <Welcome {step} {lang} lessons={course.lessons.len()} {first} /> }
    } else if *overview_open {
        let close = {
            let open = overview_open.clone();
            Callback::from(move |()| open.set(false))
        };
        let on_open = {
            let open_lesson = open_lesson.clone();
            Callback::from(move |l| open_lesson.emit((l, false)))
        };
        html! {
            <CourseOverview lessons={course.lessons.clone()} progress={(*progress).clone()}
                current={current_id.clone()} {lang} {on_open} on_close={close} />
        }
    } else if let Some(lesson) = lesson.clone() {
        let (key, next) = (lesson.id.clone(), course.next_after(&lesson.id));
        html! {
            <LessonView {key} {next} {lesson}
                progress={progress.clone()} {judged} {lang} on_open={open_lesson.clone()}
                {on_overview} on_scenario={on_scenario.clone()} {on_error} />
        }
    } else {
        html! { <h2 id="lesson-title" class="section-title">{ lang.t(S::Lesson) }</h2> }
    };
    let notice = (*message).clone().map(|(ok, what, detail)| html! {
        <div class={classes!("notice", (!ok).then_some("warn"))} role={if ok { "status" } else { "alert" }} id="tutorial-message">
            { lang.t(what) }{ if detail.en().is_empty() { String::new() } else { format!(": {}", detail.get(lang.code())) } }
        </div>
    });
    let welcome = ctx.state.welcome.is_some();
    html! {
        <section class="lesson-panel" id="lesson-panel" aria-labelledby={if welcome { "welcome-title" } else { "lesson-title" }}
            data-lesson={lesson.as_ref().map(|l| l.id.clone())}>
            if !welcome {
                { course_status(&course, lang) }
                { picker(&course, &progress, &current_id, &open_lesson, &overview_open, lang) }
            }
            { for notice }
            { body }
            if !welcome {
                { practice(&course, &progress, &practice_open, lang, &on_scenario) }
                <ProgressTools progress={progress.clone()} message={message.clone()} {load_text} {lang} />
            }
        </section>
    }
}

/// The lesson to show before one is opened: the link's, else the learner's current one,
/// else the first.
fn wanted_lesson(ctx: &Option<Ctx>, course: &Course, progress: &Progress) -> Option<String> {
    let link = ctx.as_ref().and_then(|c| c.state.lesson.clone());
    link.filter(|id| course.lesson(id).is_some())
        .or_else(|| {
            progress
                .current
                .clone()
                .filter(|id| course.lesson(id).is_some())
        })
        .or_else(|| course.lessons.first().map(|l| l.id.clone()))
}

/// Opens a lesson (`true`: afresh from its starting scenario): it becomes the current
/// lesson, and its scenario (the learner's work on it, else its start) the one shown, as
/// one undoable edit.
fn open_callback(
    ctx: &Option<Ctx>,
    progress: &UseStateHandle<Progress>,
    message: &UseStateHandle<Message>,
    overview_open: &UseStateHandle<bool>,
    opened: &Rc<RefCell<Option<Opened>>>,
    work: &Rc<RefCell<Work>>,
) -> Callback<(Rc<Lesson>, bool)> {
    let (ctx, progress, message) = (ctx.clone(), progress.clone(), message.clone());
    let (overview_open, opened, work) = (overview_open.clone(), opened.clone(), work.clone());
    let open = {
        let message = message.clone();
        Callback::from(move |(l, afresh): (Rc<Lesson>, bool)| {
            let Some(ctx) = &ctx else { return };
            ctx.state.dispatch(Action::SetLesson(Some(l.id.clone())));
            let mut p = (*progress).clone();
            p.current = Some(l.id.clone());
            store::save(&p);
            progress.set(p);
            overview_open.set(false);
            let saved = (!afresh)
                .then(|| work.borrow().get(&l.id).cloned())
                .flatten()
                .filter(|doc| runner::validate(doc).is_ok());
            let doc = match saved {
                Some(doc) => Ok(doc),
                None => start::start_document_with(&l.scenario, &preset_now),
            };
            match doc {
                Ok(doc) => {
                    *opened.borrow_mut() = Some(Opened {
                        lesson: l.id.clone(),
                        doc: Rc::new(doc.clone()),
                        seen: None,
                    });
                    if ctx.state.seed != l.scenario.seed {
                        ctx.state.dispatch(Action::SetSeed(l.scenario.seed));
                    }
                    ctx.state.dispatch(Action::ReplaceScenario {
                        scenario: doc,
                        label: format!("Lesson {}: {}", l.number, l.title.en()),
                    });
                    ctx.state.dispatch(Action::Reset);
                }
                Err(e) => message.set(Some((false, S::ScenarioError, Text::en_only(e)))),
            }
            web::scroll_to_top("lesson-col");
        })
    };
    // A lesson that starts from an organization or client-side preset opens once the tools
    // worker has sent that preset (its solution and reset need it too).
    Callback::from(move |(l, afresh): (Rc<Lesson>, bool)| {
        let needs = l.scenario.preset.clone();
        after_preset(
            needs.as_deref(),
            &message,
            open.reform(move |()| (l.clone(), afresh)),
        );
    })
}

thread_local! {
    /// The latest scenario asked for by opening a lesson or a question's scenario link: an
    /// earlier one whose preset arrives later is not shown over it.
    static LATEST: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Runs `then` now when `preset` (if any) is one the page has, else once the tools worker
/// has sent it, with "Loading the scenario…" meanwhile and an alert if it could not; only
/// the latest such ask runs.
fn after_preset(preset: Option<&str>, message: &UseStateHandle<Message>, then: Callback<()>) {
    let token = LATEST.with(|t| {
        t.set(t.get().wrapping_add(1));
        t.get()
    });
    let Some(name) = preset.filter(|p| preset_pending(p)) else {
        return then.emit(());
    };
    message.set(Some((
        true,
        S::ScenarioLoading,
        Text::en_only(String::new()),
    )));
    let message = message.clone();
    load_preset(
        name,
        Callback::from(move |r: Result<Value, Text>| {
            if LATEST.with(|t| t.get()) != token {
                return;
            }
            match r {
                Ok(_) => {
                    message.set(None);
                    then.emit(());
                }
                Err(e) => message.set(Some((false, S::ScenarioError, e))),
            }
        }),
    );
}

/// The Wasm build fetches the built-in course the first time the panel opens. A lesson
/// loaded from a file or a message meanwhile is kept (it replaces a built-in of its id).
/// Returns the author files loaded so far.
#[hook]
fn use_course_fetch(course: &UseStateHandle<Course>) -> Rc<RefCell<Vec<CourseFile>>> {
    let authored: Rc<RefCell<Vec<CourseFile>>> = use_mut_ref(Vec::new);
    let (course, files) = (course.clone(), authored.clone());
    use_effect_with((), move |_| {
        if !course.loaded {
            let course = course.clone();
            web::fetch_texts(
                Course::urls(),
                Callback::from(move |texts| {
                    let mut next = Course::from_fetched(texts);
                    for file in files.borrow().iter() {
                        next = next.with_file(file.clone()).0;
                    }
                    course.set(next);
                }),
            );
        }
    });
    authored
}

/// Once the course is in, opens the lesson the page came for (a link's, the learner's
/// current one, or the first): a link's own scenario is kept as the lesson's work.
#[hook]
fn use_open_on_arrival(
    ctx: &Option<Ctx>,
    course: &UseStateHandle<Course>,
    progress: &UseStateHandle<Progress>,
    opened: &Rc<RefCell<Option<Opened>>>,
    open_lesson: &Callback<(Rc<Lesson>, bool)>,
) {
    let (ctx, course, progress) = (ctx.clone(), course.clone(), progress.clone());
    let (opened, open_lesson) = (opened.clone(), open_lesson.clone());
    let link = ctx.as_ref().and_then(|c| c.state.lesson.clone());
    use_effect_with((link, course.loaded), move |_| {
        let Some(c) = &ctx else { return };
        if !course.loaded {
            return;
        }
        let Some(l) = wanted_lesson(&ctx, &course, &progress).and_then(|id| course.lesson(&id))
        else {
            return;
        };
        if opened.borrow().as_ref().is_some_and(|o| o.lesson == l.id) {
            return;
        }
        if c.state.linked_scenario && c.state.revision == 0 {
            // The linked scenario is shown as it is; the lesson's preset (for its solution
            // and reset) is fetched meanwhile if the worker has it.
            if let Some(name) = l.scenario.preset.as_deref().filter(|p| preset_pending(p)) {
                load_preset(name, Callback::noop());
            }
            let mut p = (*progress).clone();
            p.current = Some(l.id.clone());
            store::save(&p);
            progress.set(p);
            *opened.borrow_mut() = Some(Opened {
                lesson: l.id.clone(),
                doc: c.state.scenario.clone(),
                seen: Some(0),
            });
            return;
        }
        open_lesson.emit((l, false));
    });
}

/// Author files from the file picker or an embedding page's `loadLesson` message: a lesson
/// joins the course and opens; a quiz file joins the practice exam.
#[hook]
fn use_author_files(
    course: &UseStateHandle<Course>,
    message: &UseStateHandle<Message>,
    open_lesson: &Callback<(Rc<Lesson>, bool)>,
    authored: &Rc<RefCell<Vec<CourseFile>>>,
    ctx: &Option<Ctx>,
) -> Callback<String> {
    let load_text = {
        let (course, message) = (course.clone(), message.clone());
        let (open_lesson, authored) = (open_lesson.clone(), authored.clone());
        Callback::from(move |text: String| match parse_file(&text) {
            Ok(file) => {
                authored.borrow_mut().push(file.clone());
                let (next, id) = course.with_file(file);
                let lesson = next.lesson(&id);
                course.set(next);
                message.set(Some((true, S::Loaded, Text::en_only(id.clone()))));
                if let Some(l) = lesson {
                    open_lesson.emit((l, true));
                }
            }
            Err(e) => message.set(Some((false, S::LoadFailed, e.located()))),
        })
    };
    // A lesson an embedding page sent (`loadLesson`; the app opened the tutorial for it):
    // taken from the state's inbox; a broken one is reported to the page too.
    let inbox = ctx.as_ref().and_then(|c| c.state.lesson_inbox.clone());
    let (state, cb_text) = (ctx.as_ref().map(|c| c.state.clone()), load_text.clone());
    use_effect_with(inbox.as_ref().map(|(n, _)| *n), move |_| {
        if let (Some((n, text)), Some(state)) = (inbox, state) {
            state.dispatch(Action::LessonTaken(n));
            if let Err(e) = parse_file(&text) {
                web::post_to_parent(&crate::embed::error(&format!(
                    "loadLesson: {}",
                    e.located().en()
                )));
            }
            cb_text.emit((*text).clone());
        }
    });
    load_text
}

/// A question's "Open the scenario": a preset or a lesson's start, in the sandbox.
/// An organization or client-side preset (the link's, or its lesson's start) is fetched
/// from the tools worker first (`after_preset`).
fn scenario_link(
    ctx: &Ctx,
    course: &Course,
    message: &UseStateHandle<Message>,
) -> Callback<ScenarioLink> {
    let (state, course, message) = (ctx.state.clone(), course.clone(), message.clone());
    let open = {
        let course = course.clone();
        Callback::from(move |link: ScenarioLink| {
            let doc = match (&link.preset, &link.lesson) {
                (Some(p), _) => preset_now(p),
                (None, Some(l)) => course
                    .lesson(l)
                    .and_then(|l| start::start_document_with(&l.scenario, &preset_now).ok()),
                _ => None,
            };
            if let Some(doc) = doc {
                state.dispatch(Action::ReplaceScenario {
                    scenario: doc,
                    label: "Quiz scenario".into(),
                });
                state.dispatch(Action::SetMode(Mode::Sandbox));
            }
        })
    };
    Callback::from(move |link: ScenarioLink| {
        let needs = match (&link.preset, &link.lesson) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(l)) => course.lesson(l).and_then(|l| l.scenario.preset.clone()),
            _ => None,
        };
        after_preset(
            needs.as_deref(),
            &message,
            open.reform(move |()| link.clone()),
        );
    })
}

fn course_status(course: &Course, lang: Lang) -> Html {
    if !course.loaded {
        html! { <p class="muted" id="course-loading" role="status">{ lang.t(S::CourseLoading) }</p> }
    } else if let Some(why) = &course.failed {
        html! { <p class="error-banner" id="course-load-failed" role="alert">{ lang.f(S::CourseLoadFailed, &[why]) }</p> }
    } else {
        html! {}
    }
}

/// The lesson picker, the course's progress and the overview button.
fn picker(
    course: &Course,
    progress: &Progress,
    current_id: &str,
    open_lesson: &Callback<(Rc<Lesson>, bool)>,
    overview_open: &UseStateHandle<bool>,
    lang: Lang,
) -> Html {
    let on_select = {
        let (course, open_lesson) = (course.clone(), open_lesson.clone());
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = course.lesson(&sel.value()) {
                open_lesson.emit((l, false));
            }
        })
    };
    let toggle = {
        let open = overview_open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let done = course
        .lessons
        .iter()
        .filter(|l| progress.is_completed(&l.id))
        .count();
    html! {
        <div class="field lesson-picker">
            <label for="lesson-select">{ lang.t(S::ChooseLesson) }</label>
            <select id="lesson-select" onchange={on_select}>
                { for course.lessons.iter().map(|l| html! {
                    <option value={l.id.clone()} selected={l.id == current_id}>
                        { format!("{}{}", if progress.is_completed(&l.id) { "✓ " } else { "" }, overview::numbered(l, lang)) }
                    </option>
                }) }
            </select>
            <div class="picker-row">
                <span class="muted small" id="course-progress">{ lang.f(S::CourseDone, &[&done, &course.lessons.len()]) }</span>
                <button type="button" class="btn small" id="overview-button" aria-pressed={overview_open.to_string()} onclick={toggle}>
                    { lang.t(S::Overview) }
                </button>
            </div>
        </div>
    }
}

/// The practice exam (hidden when a packaged course has none).
fn practice(
    course: &Course,
    progress: &UseStateHandle<Progress>,
    open: &UseStateHandle<bool>,
    lang: Lang,
    on_scenario: &Callback<ScenarioLink>,
) -> Html {
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let all: Vec<Question> = course
        .practice
        .iter()
        .flat_map(|q| q.questions.clone())
        .collect();
    let (ok, _) = score(&all, progress);
    if course.loaded && all.is_empty() {
        return html! {};
    }
    html! {
        <section class="practice" aria-labelledby="practice-title">
            <h3 id="practice-title" class="small-title">
                <button type="button" class="btn small" id="practice-toggle" aria-expanded={open.to_string()} onclick={toggle}>
                    { lang.t(S::Practice) }
                </button>
                { " " }<span class="muted small" id="practice-score">{ lang.f(S::PracticeScore, &[&ok, &all.len()]) }</span>
            </h3>
            if **open { { lesson::questions(&all, progress, lang, on_scenario) } }
        </section>
    }
}
