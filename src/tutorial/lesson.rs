//! One lesson as the learner works through it: title and completion, story, goal and its
//! checklist (checked by the policy tools worker on every scenario revision and typed
//! answer: `crate::goal_work`), the card that leads on once the goal is met, typed answers,
//! editors, hints, the solution, notes and the quiz. Keyed by the lesson in the panel, so
//! its own state (hints shown, solution open) starts afresh with each lesson.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use super::editors::LessonEditor;
use super::goal::Checklist;
use super::markup::rich;
use super::overview::LessonDone;
use super::quiz::QuestionView;
use super::store;
use super::strings::S;
use crate::goal_work::{use_goal_check, GoalAsk};
use crate::state::{Action, Mode};
use crate::{embed, web, Ctx, Lang};
use envelope_lab::lessons::{start, Lesson, Progress, ScenarioLink};
use envelope_lab::text::Text;

#[derive(Properties, PartialEq)]
pub struct LessonViewProps {
    pub lesson: Rc<Lesson>,
    /// The lesson after this one.
    pub next: Option<Rc<Lesson>>,
    pub progress: UseStateHandle<Progress>,
    /// This lesson's scenario (its start, or the learner's work on it) is the one shown, so
    /// its goal counts.
    pub judged: bool,
    pub lang: Lang,
    /// Opens a lesson (`true`: from its starting scenario, dropping the work on it).
    pub on_open: Callback<(Rc<Lesson>, bool)>,
    pub on_overview: Callback<()>,
    /// Opens a question's scenario in the sandbox.
    pub on_scenario: Callback<ScenarioLink>,
    /// Reports a scenario that cannot be built.
    pub on_error: Callback<Text>,
}

/// A typed number: `$3.05`, `1,200` and `3.05` all read; anything else is no answer.
fn typed_number(text: &str) -> Option<f64> {
    let v = text
        .trim()
        .trim_start_matches('$')
        .replace(',', "")
        .parse::<f64>()
        .ok()?;
    v.is_finite().then_some(v)
}

#[function_component(LessonView)]
pub fn lesson_view(props: &LessonViewProps) -> Html {
    let ctx = use_context::<Ctx>();
    let lesson = props.lesson.clone();
    let progress = props.progress.clone();
    let hints = use_state(|| progress.hints.get(&lesson.id).copied().unwrap_or(0));
    let show_solution = use_state(|| false);
    let applied = use_state(|| false);
    // Fixes applied before the lesson opened do not count; one applied since does.
    let fixes_at_open = {
        let n = ctx.as_ref().map(|c| c.state.fixes_applied).unwrap_or(0);
        use_state(move || n)
    };
    let fixed = ctx
        .as_ref()
        .is_some_and(|c| c.state.fixes_applied > *fixes_at_open);
    let answers = use_state(|| progress.inputs.get(&lesson.id).cloned().unwrap_or_default());

    // The goal, checked by the policy tools worker on every scenario revision and typed
    // answer; its answer counts only for the ask it answers (`GoalAsk`'s equality). The
    // worker has the native client-side cryptography, so a client-side lesson's goal needs
    // no cryptography module in the page and is not asked again when that loads.
    let revision = ctx.as_ref().map(|c| c.state.revision).unwrap_or(0);
    let scenario = ctx
        .as_ref()
        .map(|c| c.state.scenario.clone())
        .unwrap_or_default();
    let answer = use_goal_check(GoalAsk {
        lesson: lesson.clone(),
        revision,
        scenario,
        answers: (*answers).clone(),
    });
    let met = matches!(&answer, Some(Ok(r)) if r.met());
    let met_here = met && props.judged;

    // The lesson says whether the Fix tab may suggest fixes while it is open.
    {
        let state = ctx.as_ref().map(|c| c.state.clone());
        use_effect_with(lesson.fixes, move |offered| {
            if let Some(state) = &state {
                state.dispatch(Action::WithholdFixes(!offered));
            }
        });
    }

    // Completion: remembered, and announced to an embedding page.
    {
        let progress = progress.clone();
        let how = match (*applied, fixed) {
            (true, _) => "solution",
            (false, true) => "fix",
            (false, false) => "edited",
        };
        use_effect_with(
            (met_here, lesson.id.clone(), revision),
            move |(met, id, _)| {
                if *met && !progress.is_completed(id) {
                    let mut p = (*progress).clone();
                    p.complete(id, how);
                    store::save(&p);
                    progress.set(p);
                    web::post_to_parent(&embed::lesson_complete(id));
                }
            },
        );
    }

    let Some(ctx) = ctx else {
        return html! {};
    };
    let lang = props.lang;
    let completed = progress.completed.get(&lesson.id).cloned();
    let status = match (&completed, met_here) {
        (Some(_), true) => html! { { format!("✓ {}", lang.t(S::Completed)) } },
        (Some(how), false) => {
            let how = match how.as_str() {
                "solution" => S::DoneSolution,
                "fix" => S::DoneFix,
                _ => S::DoneEdited,
            };
            html! { { format!("✓ {}", lang.f(S::CompletedEarlier, &[&lang.t(how)])) } }
        }
        (None, _) => html! { { lang.t(S::NotCompleted) } },
    };
    let done = met_here.then(|| {
        let on_open = props.on_open.clone();
        html! {
            <LessonDone lesson={lesson.clone()} next={props.next.clone()} {lang}
                on_open={Callback::from(move |l| on_open.emit((l, false)))} on_overview={props.on_overview.clone()} />
        }
    });
    let restart = {
        let (on_open, lesson) = (props.on_open.clone(), lesson.clone());
        Callback::from(move |_: MouseEvent| on_open.emit((lesson.clone(), true)))
    };
    let sandbox = {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetMode(Mode::Sandbox)))
    };
    html! {
        <>
            <h2 id="lesson-title" class="section-title">
                { format!("{} {}. {}", lang.t(S::Lesson), lesson.number, lesson.title.get(lang.code())) }
            </h2>
            <p id="lesson-completion" class={classes!("small", if completed.is_some() { "editor-ok" } else { "muted" })}
                data-completed={completed.is_some().to_string()} data-met={met_here.to_string()}>
                { status }
            </p>
            <div class="lesson-actions">
                <button type="button" class="btn small" id="restart-lesson" onclick={restart}>{ lang.t(S::RestartLesson) }</button>
                <button type="button" class="btn small" id="open-in-sandbox" onclick={sandbox}>{ lang.t(S::OpenInSandbox) }</button>
            </div>
            <div class="story" id="lesson-story">{ rich(&lesson.story, lang) }</div>
            <h3 class="small-title">{ lang.t(S::Goal) }</h3>
            <div class="goal-text">{ rich(&lesson.goal.text, lang) }</div>
            <Checklist lesson={lesson.clone()} {answer} {lang} />
            { for done }
            { inputs(&lesson, &answers, &progress, lang) }
            { for lesson.editors.iter().enumerate().map(|(i, e)| html! {
                <LessonEditor key={format!("{}-{i}", lesson.id)} index={i} spec={e.clone()} {lang}
                    editable={Rc::new(lesson.editable_pointers())} />
            }) }
            { help(props, &hints, &show_solution, &applied, &answers, &ctx) }
            if !lesson.notes.is_empty() {
                <details class="notes">
                    <summary>{ lang.t(S::Notes) }</summary>
                    { for lesson.notes.iter().map(|n| html! { <div><span class="badge">{ lang.t(S::Modelled) }</span>{ rich(n, lang) }</div> }) }
                </details>
            }
            { super::sources::sources_html("lesson-sources", &lesson.sources, &[], lang) }
            <h3 class="small-title">{ lang.t(S::Quiz) }</h3>
            <div class="quiz" id="lesson-quiz">
                { questions(&lesson.quiz, &progress, lang, &props.on_scenario) }
            </div>
        </>
    }
}

/// The numbers the lesson asks the learner to type.
fn inputs(
    lesson: &Rc<Lesson>,
    answers: &UseStateHandle<BTreeMap<String, f64>>,
    progress: &UseStateHandle<Progress>,
    lang: Lang,
) -> Html {
    html! { <>{ for lesson.inputs.iter().map(|input| {
        let value = answers.get(&input.id).map(|v| v.to_string()).unwrap_or_default();
        let (answers, progress) = (answers.clone(), progress.clone());
        let (lesson_id, key) = (lesson.id.clone(), input.id.clone());
        let oninput = Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut a = (*answers).clone();
            match typed_number(&el.value()) {
                Some(v) => a.insert(key.clone(), v),
                None => a.remove(&key),
            };
            let mut p = (*progress).clone();
            p.inputs.insert(lesson_id.clone(), a.clone());
            store::save(&p);
            progress.set(p);
            answers.set(a);
        });
        let id = format!("lesson-input-{}", input.id);
        html! {
            <div class="field">
                <label for={id.clone()}>{ input.label.get(lang.code()) }</label>
                <input id={id} type="text" inputmode="decimal" class="short" {value} {oninput} />
                <span class="muted">{ " " }{ &input.unit }</span>
            </div>
        }
    }) }</> }
}

/// Hints one at a time, then the solution and the button that applies it.
fn help(
    props: &LessonViewProps,
    hints: &UseStateHandle<usize>,
    show_solution: &UseStateHandle<bool>,
    applied: &UseStateHandle<bool>,
    answers: &UseStateHandle<BTreeMap<String, f64>>,
    ctx: &Ctx,
) -> Html {
    let (lesson, lang) = (props.lesson.clone(), props.lang);
    let next_hint = {
        let (hints, progress) = (hints.clone(), props.progress.clone());
        let (id, max) = (lesson.id.clone(), lesson.hints.len());
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
        let (state, lesson) = (ctx.state.clone(), lesson.clone());
        let (answers, applied, on_error) =
            (answers.clone(), applied.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            if !lesson.solution.edits.is_empty() {
                match start::apply_solution_with(
                    &lesson,
                    &state.scenario,
                    &crate::tools_client::preset_now,
                ) {
                    Ok(doc) => {
                        applied.set(true);
                        state.dispatch(Action::ReplaceScenario {
                            scenario: doc,
                            label: format!("Solution of lesson {}", lesson.number),
                        });
                    }
                    Err(e) => on_error.emit(Text::en_only(e)),
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
    html! {
        <div class="hints">
            { for lesson.hints.iter().take(**hints).enumerate().map(|(i, h)| html! {
                <div class="hint" id={format!("hint-{i}")}><strong>{ format!("{} {}: ", lang.t(S::Hint), i + 1) }</strong>{ rich(h, lang) }</div>
            }) }
            if **hints < lesson.hints.len() {
                <button type="button" class="btn small" id="hint-button" onclick={next_hint}>{ lang.t(S::NextHint) }</button>
            } else if !**show_solution {
                <button type="button" class="btn small" id="solution-button" onclick={reveal}>{ lang.t(S::ShowSolution) }</button>
            }
            if **show_solution {
                <div class="solution" id="lesson-solution">
                    <strong>{ lang.t(S::Solution) }</strong>
                    { rich(&lesson.solution.text, lang) }
                    <button type="button" class="btn small" id="apply-solution" onclick={apply}>{ lang.t(S::ApplySolution) }</button>
                </div>
            }
        </div>
    }
}

/// Questions in the learner's order of choices; an answer is kept in the progress.
pub fn questions(
    qs: &[envelope_lab::lessons::Question],
    progress: &UseStateHandle<Progress>,
    lang: Lang,
    on_scenario: &Callback<ScenarioLink>,
) -> Html {
    let on_answer = {
        let progress = progress.clone();
        Callback::from(move |(id, chosen): (String, Vec<usize>)| {
            let mut p = (*progress).clone();
            p.answer(&id, chosen);
            store::save(&p);
            progress.set(p);
        })
    };
    html! { <>{ for qs.iter().map(|q| html! {
        <QuestionView key={q.id.clone()} question={Rc::new(q.clone())} {lang} order={progress.choice_order(q)}
            answered={progress.answers.get(&q.id).cloned()} attempts={progress.attempts_of(&q.id)} on_answer={on_answer.clone()} on_open={on_scenario.clone()} />
    }) }</> }
}
