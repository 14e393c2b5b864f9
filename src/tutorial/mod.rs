//! The tutorial: lesson picker, story, goal checklist (live from the current scenario),
//! editors, hint → solution, quiz, practice exam, progress (localStorage, export/import) and
//! loading an author's own lesson (file picker or `{"type": "loadLesson", "lesson": {…}}`
//! from an embedding page). All AWS logic lives in `envelope_lab::lessons`.

mod bundled;
mod editors;
mod goal;
mod quiz;
mod report;
mod sources;
mod store;
mod strings;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::state::{Action, Mode};
use crate::{embed, web, Ctx, Lang};
use editors::LessonEditor;
use envelope_lab::lessons::{
    builtin_lessons, builtin_practice, lessons_in_order, parse_file, parse_quiz, progress::score,
    start, text::spans, text::Span, CourseFile, Lesson, Progress, QuizSet, ScenarioLink,
    BUILTIN_LESSON_FILES, BUILTIN_PRACTICE_FILE,
};
use envelope_lab::sim::presets;
use envelope_lab::text::Text;
use goal::Checklist;
use quiz::QuestionView;
use strings::S;

fn paragraph(p: &str) -> Html {
    html! {
        <p>{ for spans(p).into_iter().map(|sp| match sp {
            Span::Plain(t) => html! { { t } },
            Span::Code(t) => html! { <code>{ t }</code> },
        }) }</p>
    }
}

fn rich(text: &envelope_lab::lessons::Text, lang: Lang) -> Html {
    html! { <>{ for text.paragraphs(lang.code()).iter().map(|p| paragraph(p)) }</> }
}

/// Everything the panel keeps between renders.
#[derive(Clone, PartialEq)]
struct Course {
    lessons: Rc<Vec<Rc<Lesson>>>,
    practice: Rc<Vec<QuizSet>>,
    /// The built-in files are in (natively at once; in Wasm once fetched).
    loaded: bool,
    /// Why built-in files could not be fetched.
    failed: Option<String>,
}

impl Course {
    /// The course carried in the page (the single-file build), else the built-in one.
    fn initial() -> Self {
        Course::embedded().unwrap_or_else(Course::builtin)
    }

    /// The course compiled into this build: complete natively; empty in Wasm, which fetches
    /// the files when the panel first opens, so they are not part of the Wasm download.
    fn builtin() -> Self {
        let lessons: Vec<Rc<Lesson>> = builtin_lessons().into_iter().map(Rc::new).collect();
        Course {
            loaded: !lessons.is_empty(),
            lessons: Rc::new(lessons),
            practice: Rc::new(builtin_practice().into_iter().collect()),
            failed: None,
        }
    }

    /// The course from fetched files: the lessons of `BUILTIN_LESSON_FILES`, then the
    /// practice set. Files that failed are named in `failed`; the rest are used.
    fn from_fetched(mut texts: Vec<Result<String, String>>) -> Self {
        let practice = texts.pop();
        let mut failed = Vec::new();
        let mut lessons = Vec::new();
        for t in texts {
            match t {
                Ok(text) => lessons.push(text),
                Err(e) => failed.push(e),
            }
        }
        let practice = match practice {
            Some(Ok(text)) => parse_quiz(&text).ok(),
            Some(Err(e)) => {
                failed.push(e);
                None
            }
            None => None,
        };
        Course {
            lessons: Rc::new(
                lessons_in_order(lessons.iter().map(String::as_str))
                    .into_iter()
                    .map(Rc::new)
                    .collect(),
            ),
            practice: Rc::new(practice.into_iter().collect()),
            loaded: true,
            failed: (!failed.is_empty()).then(|| failed.join("; ")),
        }
    }

    /// The URLs of the built-in files, relative to the page, in `from_fetched` order.
    fn urls() -> Vec<String> {
        BUILTIN_LESSON_FILES
            .iter()
            .chain(std::iter::once(&BUILTIN_PRACTICE_FILE))
            .map(|f| format!("lessons/{f}"))
            .collect()
    }

    fn lesson(&self, id: &str) -> Option<Rc<Lesson>> {
        self.lessons.iter().find(|l| l.id == id).cloned()
    }

    fn with_file(&self, file: CourseFile) -> (Self, String) {
        let mut next = self.clone();
        match file {
            CourseFile::Lesson(l) => {
                let id = l.id.clone();
                let mut v: Vec<Rc<Lesson>> = next
                    .lessons
                    .iter()
                    .filter(|x| x.id != id)
                    .cloned()
                    .collect();
                v.push(Rc::new(*l));
                next.lessons = Rc::new(v);
                (next, id)
            }
            CourseFile::Quiz(q) => {
                let id = q.id.clone();
                let mut v: Vec<QuizSet> = next
                    .practice
                    .iter()
                    .filter(|x| x.id != id)
                    .cloned()
                    .collect();
                v.push(q);
                next.practice = Rc::new(v);
                (next, String::new())
            }
        }
    }
}

/// The lesson panel shown in Tutorial mode.
#[function_component(TutorialPanel)]
pub fn tutorial_panel() -> Html {
    let ctx = use_context::<Ctx>();
    let course = use_state(Course::initial);
    let progress = use_state(store::load);
    let hints = use_state(|| 0usize);
    let show_solution = use_state(|| false);
    // (succeeded, what happened, detail): the frame is translated when shown.
    let message = use_state(|| None::<(bool, S, Text)>);
    let practice_open = use_state(|| false);
    let answers = use_state(BTreeMap::<String, f64>::new);
    let applied_solution = use_state(|| false);
    let guards: Rc<RefCell<Vec<web::Guard>>> = use_mut_ref(Vec::new);

    let current_id = ctx
        .as_ref()
        .and_then(|c| c.state.lesson.clone())
        .filter(|id| course.lesson(id).is_some() && progress.current.is_none())
        .or_else(|| progress.current.clone())
        .or_else(|| course.lessons.first().map(|l| l.id.clone()))
        .unwrap_or_default();
    let lesson = course.lesson(&current_id);

    // The lesson started in this page and the scenario revision from which its starting
    // scenario is the one shown: until then its goal is not judged (a link used to count
    // the sandbox's scenario against the lesson's goal before the lesson had loaded).
    let started: Rc<RefCell<Option<(String, u64)>>> = use_mut_ref(|| None);

    // Starts a lesson: its scenario becomes the current one (one undoable edit).
    let start_lesson = {
        let started = started.clone();
        let ctx = ctx.clone();
        let progress = progress.clone();
        let hints = hints.clone();
        let show_solution = show_solution.clone();
        let applied = applied_solution.clone();
        let answers = answers.clone();
        let message = message.clone();
        Callback::from(move |l: Rc<Lesson>| {
            let Some(ctx) = &ctx else { return };
            let mut p = (*progress).clone();
            p.current = Some(l.id.clone());
            store::save(&p);
            hints.set(p.hints.get(&l.id).copied().unwrap_or(0));
            show_solution.set(false);
            applied.set(false);
            answers.set(p.inputs.get(&l.id).cloned().unwrap_or_default());
            progress.set(p);
            match start::start_document(&l.scenario) {
                Ok(doc) => {
                    let from = ctx.state.revision + u64::from(doc != *ctx.state.scenario);
                    *started.borrow_mut() = Some((l.id.clone(), from));
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
        })
    };

    // The Wasm build fetches the built-in course the first time the panel opens. A lesson
    // loaded from a file or a message meanwhile is kept (it replaces a built-in of its id).
    let authored: Rc<RefCell<Vec<CourseFile>>> = use_mut_ref(Vec::new);
    {
        let course = course.clone();
        let authored = authored.clone();
        use_effect_with((), move |_| {
            if !course.loaded {
                let course = course.clone();
                web::fetch_texts(
                    Course::urls(),
                    Callback::from(move |texts| {
                        let mut next = Course::from_fetched(texts);
                        for file in authored.borrow().iter() {
                            next = next.with_file(file.clone()).0;
                        }
                        course.set(next);
                    }),
                );
            }
        });
    }

    // A link with lesson=… (or the first visit: the first lesson) starts that lesson once
    // the course is in.
    {
        let start_lesson = start_lesson.clone();
        let course = course.clone();
        let progress_current = progress.current.clone();
        let link_lesson = ctx.as_ref().and_then(|c| c.state.lesson.clone());
        use_effect_with((link_lesson, course.loaded), move |(link, _)| {
            let wanted = match link {
                Some(id) => (Some(id) != progress_current.as_ref()).then(|| id.clone()),
                None if progress_current.is_none() => course.lessons.first().map(|l| l.id.clone()),
                None => None,
            };
            if let Some(l) = wanted.and_then(|id| course.lesson(&id)) {
                start_lesson.emit(l);
            }
        });
    }

    // Loads an author file (file picker or postMessage).
    let load_text = {
        let course = course.clone();
        let message = message.clone();
        let start_lesson = start_lesson.clone();
        let authored = authored.clone();
        Callback::from(move |text: String| match parse_file(&text) {
            Ok(file) => {
                authored.borrow_mut().push(file.clone());
                let (next, id) = course.with_file(file);
                let lesson = next.lesson(&id);
                course.set(next);
                message.set(Some((true, S::Loaded, Text::en_only(id.clone()))));
                if let Some(l) = lesson {
                    start_lesson.emit(l);
                }
            }
            Err(e) => message.set(Some((false, S::LoadFailed, e.located()))),
        })
    };
    {
        let load_text = load_text.clone();
        let guards = guards.clone();
        use_effect_with((), move |_| {
            let cb = Callback::from(move |data: Value| {
                if data.get("type").and_then(Value::as_str) == Some("loadLesson") {
                    if let Some(l) = data.get("lesson") {
                        let text = match l {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        load_text.emit(text);
                    }
                }
            });
            if let Some(g) = web::on_parent_message(cb) {
                guards.borrow_mut().push(g);
            }
        });
    }

    // The goal, evaluated on every scenario revision.
    let revision = ctx.as_ref().map(|c| c.state.revision).unwrap_or(0);
    let scenario = ctx
        .as_ref()
        .map(|c| c.state.scenario.clone())
        .unwrap_or_default();
    let results = {
        let lesson = lesson.clone();
        let answers_key = serde_json::to_string(&*answers).unwrap_or_default();
        let answers = (*answers).clone();
        use_memo(
            (revision, current_id.clone(), answers_key),
            move |_| match &lesson {
                Some(l) => goal::evaluate(l, &scenario, &answers),
                None => Ok(vec![]),
            },
        )
    };
    let met = matches!(&*results, Ok(r) if !r.is_empty() && r.iter().all(|x| x.passed));

    // Completion: remembered, and announced to an embedding page.
    {
        let progress = progress.clone();
        let id = current_id.clone();
        let how = if *applied_solution {
            "solution"
        } else {
            "edited"
        };
        // A lesson started here counts once its scenario is shown; one carried over from an
        // earlier visit (the learner's saved work) counts at once.
        let judged = match &*started.borrow() {
            Some((sid, from)) => *sid == id && revision >= *from,
            None => progress.current.as_deref() == Some(id.as_str()),
        };
        use_effect_with(
            (met && judged, id.clone(), revision),
            move |(met, id, _)| {
                if *met && !id.is_empty() && !progress.is_completed(id) {
                    let mut p = (*progress).clone();
                    p.complete(id, how);
                    store::save(&p);
                    progress.set(p);
                    web::post_to_parent(&embed::lesson_complete(id));
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
    let lc = lang.code();

    let on_select = {
        let course = course.clone();
        let start_lesson = start_lesson.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = course.lesson(&sel.value()) {
                start_lesson.emit(l);
            }
        })
    };
    let done = progress.completed.len();
    let course_status = if !course.loaded {
        html! { <p class="muted" id="course-loading" role="status">{ lang.t(S::CourseLoading) }</p> }
    } else if let Some(why) = &course.failed {
        html! { <p class="error-banner" id="course-load-failed" role="alert">{ lang.f(S::CourseLoadFailed, &[why]) }</p> }
    } else {
        html! {}
    };
    let picker = html! {
        <div class="field lesson-picker">
            <label for="lesson-select">{ lang.t(S::ChooseLesson) }</label>
            <select id="lesson-select" onchange={on_select}>
                { for course.lessons.iter().map(|l| html! {
                    <option value={l.id.clone()} selected={l.id == current_id}>
                        { format!("{}{}. {}", if progress.is_completed(&l.id) { "✓ " } else { "" }, l.number, l.title.get(lc)) }
                    </option>
                }) }
            </select>
            <span class="muted small" id="course-progress">{ format!("{done}/{} {}", course.lessons.len(), lang.t(S::CourseDone)) }</span>
        </div>
    };

    let on_answer = {
        let progress = progress.clone();
        Callback::from(move |(id, chosen): (String, Vec<usize>)| {
            let mut p = (*progress).clone();
            p.answers.insert(id, chosen);
            store::save(&p);
            progress.set(p);
        })
    };
    let on_open = {
        let state = ctx.state.clone();
        let course = course.clone();
        Callback::from(move |link: ScenarioLink| {
            let doc = match (&link.preset, &link.lesson) {
                (Some(p), _) => presets::get(p).and_then(|s| serde_json::to_value(s).ok()),
                (None, Some(l)) => course
                    .lesson(l)
                    .and_then(|l| start::start_document(&l.scenario).ok()),
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
    let questions = |qs: &[envelope_lab::lessons::Question]| -> Html {
        html! { <>{ for qs.iter().map(|q| html! {
            <QuestionView key={q.id.clone()} question={Rc::new(q.clone())} {lang}
                answered={progress.answers.get(&q.id).cloned()} on_answer={on_answer.clone()} on_open={on_open.clone()} />
        }) }</> }
    };

    // Progress export / import and author files.
    let export = {
        let progress = progress.clone();
        Callback::from(move |_: MouseEvent| {
            web::download("envelope-lab-progress.json", &progress.export())
        })
    };
    let import = {
        let progress = progress.clone();
        let message = message.clone();
        let guards = guards.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let progress = progress.clone();
            let message = message.clone();
            let cb = Callback::from(move |r: Result<String, String>| {
                match r.map_err(Text::en_only).and_then(|t| Progress::import(&t)) {
                    Ok(p) => {
                        store::save(&p);
                        progress.set(p);
                        message.set(Some((true, S::ProgressImported, Text::default())));
                    }
                    Err(e) => message.set(Some((false, S::LoadFailed, e))),
                }
            });
            if let Some(g) = web::read_file(&input, cb) {
                guards.borrow_mut().push(g);
            }
        })
    };
    let load_file = {
        let guards = guards.clone();
        let load_text = load_text.clone();
        let message = message.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let load_text = load_text.clone();
            let message = message.clone();
            let cb = Callback::from(move |r: Result<String, String>| match r {
                Ok(t) => load_text.emit(t),
                Err(e) => message.set(Some((false, S::LoadFailed, Text::en_only(e)))),
            });
            if let Some(g) = web::read_file(&input, cb) {
                guards.borrow_mut().push(g);
            }
        })
    };
    let notice = (*message).clone().map(|(ok, what, detail)| html! {
        <div class={classes!("notice", (!ok).then_some("warn"))} role={if ok { "status" } else { "alert" }} id="tutorial-message">
            { lang.t(what) }{ if detail.en().is_empty() { String::new() } else { format!(": {}", detail.get(lang.code())) } }
        </div>
    });
    let tools = html! {
        <details class="tutorial-tools">
            <summary>{ lang.t(S::Progress) }</summary>
            <button type="button" class="btn small" id="export-progress" onclick={export}>{ lang.t(S::ExportProgress) }</button>
            <div class="field">
                <label for="import-progress">{ lang.t(S::ImportProgress) }</label>
                <input type="file" id="import-progress" accept="application/json,.json" onchange={import} />
            </div>
            <div class="field">
                <label for="load-lesson">{ lang.t(S::LoadLesson) }</label>
                <input type="file" id="load-lesson" accept="application/json,.json" onchange={load_file} />
            </div>
        </details>
    };
    let practice = {
        let open = practice_open.clone();
        let toggle = Callback::from(move |_: MouseEvent| open.set(!*open));
        let sets = course.practice.clone();
        let all: Vec<envelope_lab::lessons::Question> =
            sets.iter().flat_map(|q| q.questions.clone()).collect();
        let (ok, _) = score(&all, &progress);
        // A packaged course may be built without the practice exam.
        let hidden = course.loaded && all.is_empty();
        html! {
            if !hidden {
            <section class="practice" aria-labelledby="practice-title">
                <h3 id="practice-title" class="small-title">
                    <button type="button" class="btn small" id="practice-toggle" aria-expanded={practice_open.to_string()} onclick={toggle}>
                        { lang.t(S::Practice) }
                    </button>
                    { " " }<span class="muted small" id="practice-score">{ lang.f(S::PracticeScore, &[&ok, &all.len()]) }</span>
                </h3>
                if *practice_open { { questions(&all) } }
            </section>
            }
        }
    };

    let Some(lesson) = lesson else {
        return html! {
            <section class="lesson-panel" id="lesson-panel" aria-labelledby="lesson-title">
                <h2 id="lesson-title" class="section-title">{ lang.t(S::Lesson) }</h2>
                { course_status }{ picker }{ for notice }{ tools }{ practice }
            </section>
        };
    };

    let next_hint = {
        let hints = hints.clone();
        let progress = progress.clone();
        let id = lesson.id.clone();
        let max = lesson.hints.len();
        Callback::from(move |_: MouseEvent| {
            let n = (*hints + 1).min(max);
            hints.set(n);
            let mut p = (*progress).clone();
            p.hints.insert(id.clone(), n);
            store::save(&p);
            progress.set(p);
        })
    };
    let reveal = {
        let show = show_solution.clone();
        Callback::from(move |_: MouseEvent| show.set(true))
    };
    let apply = {
        let state = ctx.state.clone();
        let lesson = lesson.clone();
        let answers = answers.clone();
        let applied = applied_solution.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            if !lesson.solution.edits.is_empty() {
                match start::apply_solution(&lesson, &state.scenario) {
                    Ok(doc) => {
                        applied.set(true);
                        state.dispatch(Action::ReplaceScenario {
                            scenario: doc,
                            label: format!("Solution of lesson {}", lesson.number),
                        });
                    }
                    Err(e) => message.set(Some((false, S::ScenarioError, Text::en_only(e)))),
                }
            }
            if !lesson.solution.answers.is_empty() {
                applied.set(true);
                let mut a = (*answers).clone();
                a.extend(lesson.solution.answers.clone());
                answers.set(a);
            }
        })
    };
    let restart = {
        let start_lesson = start_lesson.clone();
        let lesson = lesson.clone();
        Callback::from(move |_: MouseEvent| start_lesson.emit(lesson.clone()))
    };
    let sandbox = {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetMode(Mode::Sandbox)))
    };
    let inputs = lesson.inputs.iter().map(|input| {
        let value = answers
            .get(&input.id)
            .map(|v| v.to_string())
            .unwrap_or_default();
        let answers = answers.clone();
        let progress = progress.clone();
        let lesson_id = lesson.id.clone();
        let key = input.id.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut a = (*answers).clone();
            match el
                .value()
                .trim()
                .trim_start_matches('$')
                .replace(',', "")
                .parse::<f64>()
            {
                Ok(v) if v.is_finite() => {
                    a.insert(key.clone(), v);
                }
                _ => {
                    a.remove(&key);
                }
            }
            let mut p = (*progress).clone();
            p.inputs.insert(lesson_id.clone(), a.clone());
            store::save(&p);
            progress.set(p);
            answers.set(a);
        });
        let id = format!("lesson-input-{}", input.id);
        html! {
            <div class="field">
                <label for={id.clone()}>{ input.label.get(lc) }</label>
                <input id={id} type="text" inputmode="decimal" class="short" {value} {oninput} />
                <span class="muted">{ " " }{ &input.unit }</span>
            </div>
        }
    });

    html! {
        <section class="lesson-panel" id="lesson-panel" aria-labelledby="lesson-title" data-lesson={lesson.id.clone()}>
            { course_status }{ picker }
            { for notice }
            <h2 id="lesson-title" class="section-title">
                { format!("{} {}. {}", lang.t(S::Lesson), lesson.number, lesson.title.get(lc)) }
            </h2>
            <p id="lesson-completion" class={classes!("small", if progress.is_completed(&lesson.id) { "editor-ok" } else { "muted" })}
                data-completed={progress.is_completed(&lesson.id).to_string()}>
                { if progress.is_completed(&lesson.id) { format!("✓ {}", lang.t(S::Completed)) } else { lang.t(S::NotCompleted).to_string() } }
            </p>
            <div class="lesson-actions">
                <button type="button" class="btn small" id="restart-lesson" onclick={restart}>{ lang.t(S::RestartLesson) }</button>
                <button type="button" class="btn small" id="open-in-sandbox" onclick={sandbox}>{ lang.t(S::OpenInSandbox) }</button>
            </div>
            <div class="story" id="lesson-story">{ rich(&lesson.story, lang) }</div>
            <h3 class="small-title">{ lang.t(S::Goal) }</h3>
            <div class="goal-text">{ rich(&lesson.goal.text, lang) }</div>
            <Checklist lesson={lesson.clone()} results={results.clone()} {lang} />
            { for inputs }
            { for lesson.editors.iter().enumerate().map(|(i, e)| html! {
                <LessonEditor key={format!("{}-{i}", lesson.id)} index={i} spec={e.clone()} {lang} />
            }) }
            <div class="hints">
                { for lesson.hints.iter().take(*hints).enumerate().map(|(i, h)| html! {
                    <div class="hint" id={format!("hint-{i}")}><strong>{ format!("{} {}: ", lang.t(S::Hint), i + 1) }</strong>{ rich(h, lang) }</div>
                }) }
                if *hints < lesson.hints.len() {
                    <button type="button" class="btn small" id="hint-button" onclick={next_hint}>{ lang.t(S::NextHint) }</button>
                } else if !*show_solution {
                    <button type="button" class="btn small" id="solution-button" onclick={reveal}>{ lang.t(S::ShowSolution) }</button>
                }
                if *show_solution {
                    <div class="solution" id="lesson-solution">
                        <strong>{ lang.t(S::Solution) }</strong>
                        { rich(&lesson.solution.text, lang) }
                        <button type="button" class="btn small" id="apply-solution" onclick={apply}>{ lang.t(S::ApplySolution) }</button>
                    </div>
                }
            </div>
            if !lesson.notes.is_empty() {
                <details class="notes">
                    <summary>{ lang.t(S::Notes) }</summary>
                    { for lesson.notes.iter().map(|n| html! { <div><span class="badge">{ lang.t(S::Modelled) }</span>{ rich(n, lang) }</div> }) }
                </details>
            }
            { sources::sources_html("lesson-sources", &lesson.sources, &[], lang) }
            <h3 class="small-title">{ lang.t(S::Quiz) }</h3>
            <div class="quiz" id="lesson-quiz">{ questions(&lesson.quiz) }</div>
            { practice }
            { tools }
        </section>
    }
}
