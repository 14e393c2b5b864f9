//! Where a lesson leads: the card shown once its goal is met (what the lesson taught, the
//! next lesson, the overview) and the course overview (every lesson with how it was
//! completed, its quiz score and, once completed, what it taught; each opens the lesson).

use std::rc::Rc;

use yew::prelude::*;

use super::markup::inline;
use super::strings::S;
use crate::Lang;
use envelope_lab::lessons::progress::score;
use envelope_lab::lessons::{Lesson, Progress};

/// What the learner has done in a lesson, as the overview shows it.
fn status(lesson: &Lesson, progress: &Progress) -> (&'static str, S) {
    match progress.completed.get(&lesson.id).map(String::as_str) {
        Some("solution") => ("solution", S::DoneSolution),
        Some("fix") => ("fix", S::DoneFix),
        Some(_) => ("edited", S::DoneEdited),
        None => {
            let touched = progress.current.as_deref() == Some(lesson.id.as_str())
                || progress.hints.get(&lesson.id).is_some_and(|&n| n > 0)
                || lesson
                    .quiz
                    .iter()
                    .any(|q| progress.answers.contains_key(&q.id));
            if touched {
                ("open", S::InProgress)
            } else {
                ("new", S::NotStarted)
            }
        }
    }
}

/// "N. Title" in the UI language.
pub fn numbered(lesson: &Lesson, lang: Lang) -> String {
    format!("{}. {}", lesson.number, lesson.title.get(lang.code()))
}

#[derive(Properties, PartialEq)]
pub struct LessonDoneProps {
    pub lesson: Rc<Lesson>,
    pub next: Option<Rc<Lesson>>,
    pub lang: Lang,
    pub on_open: Callback<Rc<Lesson>>,
    pub on_overview: Callback<()>,
}

/// The goal is met: what the lesson taught, and where to go next.
#[function_component(LessonDone)]
pub fn lesson_done(props: &LessonDoneProps) -> Html {
    let lang = props.lang;
    let takeaway = props.lesson.takeaway.get(lang.code());
    let overview = {
        let cb = props.on_overview.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let next = props.next.clone().map(|next| {
        let on_open = props.on_open.clone();
        let label = lang.f(S::NextLesson, &[&numbered(&next, lang)]);
        let onclick = Callback::from(move |_: MouseEvent| on_open.emit(next.clone()));
        html! {
            <button type="button" class="btn primary" id="next-lesson" {onclick}>
                { label }<span aria-hidden="true">{ " ▶" }</span>
            </button>
        }
    });
    html! {
        <section class="lesson-done" id="lesson-done" aria-labelledby="lesson-done-title">
            <h3 id="lesson-done-title" class="small-title">{ "✓ " }{ lang.t(S::Learned) }</h3>
            if !takeaway.trim().is_empty() {
                <p class="takeaway" id="lesson-takeaway">{ inline(takeaway) }</p>
            }
            if next.is_none() {
                <p class="muted">{ lang.t(S::CourseFinished) }</p>
            }
            <div class="lesson-actions">
                { for next }
                <button type="button" class="btn" id="open-overview-done" onclick={overview}>{ lang.t(S::Overview) }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    pub lessons: Rc<Vec<Rc<Lesson>>>,
    pub progress: Progress,
    pub current: String,
    pub lang: Lang,
    pub on_open: Callback<Rc<Lesson>>,
    pub on_close: Callback<()>,
}

/// Every lesson of the course with the learner's progress in it.
#[function_component(CourseOverview)]
pub fn course_overview(props: &OverviewProps) -> Html {
    let lang = props.lang;
    let lc = lang.code();
    let done = props
        .lessons
        .iter()
        .filter(|l| props.progress.is_completed(&l.id))
        .count();
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let item = |l: &Rc<Lesson>| {
        let (code, label) = status(l, &props.progress);
        let (correct, _) = score(&l.quiz, &props.progress);
        let onclick = {
            let (on_open, l) = (props.on_open.clone(), l.clone());
            Callback::from(move |_: MouseEvent| on_open.emit(l.clone()))
        };
        let completed = props.progress.is_completed(&l.id);
        html! {
            <li class={classes!("overview-item", (l.id == props.current).then_some("current"))}
                data-lesson={l.id.clone()} data-status={code}>
                <button type="button" class="btn link-button overview-open" {onclick}
                    aria-label={lang.f(S::OpenLesson, &[&l.number])}>{ numbered(l, lang) }</button>
                <span class={classes!("overview-status", format!("status-{code}"))}>
                    { if completed { "✓ " } else { "" } }{ lang.t(label) }
                </span>
                if !l.quiz.is_empty() {
                    <span class="muted small">{ lang.f(S::QuizTally, &[&correct, &l.quiz.len()]) }</span>
                }
                if completed && !l.takeaway.get(lc).trim().is_empty() {
                    <p class="small takeaway">{ inline(l.takeaway.get(lc)) }</p>
                }
            </li>
        }
    };
    html! {
        <section class="course-overview" id="course-overview" aria-labelledby="course-overview-title">
            <div class="details-head">
                <h2 id="course-overview-title" class="section-title">{ lang.t(S::Overview) }</h2>
                <button type="button" class="btn small" id="close-overview" onclick={close}>{ lang.t(S::CloseOverview) }</button>
            </div>
            <p class="overview-progress">
                <label for="overview-meter">{ lang.f(S::CourseDone, &[&done, &props.lessons.len()]) }</label>
                <progress id="overview-meter" max={props.lessons.len().max(1).to_string()} value={done.to_string()} />
            </p>
            <ol class="overview-list">{ for props.lessons.iter().map(item) }</ol>
        </section>
    }
}
