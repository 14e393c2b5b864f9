//! The goal checklist: the lesson's checks on the current scenario, computed by the policy
//! tools worker on a run of its own (`crate::goal_work`), so they do not depend on the
//! stepping position and neither the run nor the checks' code is on the page's thread or in
//! its Wasm. Until the worker's answer for this very revision and these answers is there,
//! the list shows its labels and "Checking…" (`aria-busy`), never an earlier revision's
//! ticks; a worker that fails is an alert, and the lesson stays usable.

use std::rc::Rc;

use yew::prelude::*;

use super::strings::S;
use crate::goal_work::GoalAnswer;
use crate::Lang;
use envelope_lab::lessons::Lesson;

#[derive(Properties, PartialEq)]
pub struct ChecklistProps {
    pub lesson: Rc<Lesson>,
    /// The worker's answer to the current ask (None while it is on its way).
    pub answer: Option<GoalAnswer>,
    pub lang: Lang,
}

/// The checklist's labels without outcomes (while checking, or when it cannot be checked).
fn labels(lesson: &Lesson, code: &str) -> Html {
    html! {
        <ul class="checklist" id="goal-checklist">
            { for lesson.goal.checks.iter().map(|item| html! {
                <li class="check pending">
                    <span class="tick" aria-hidden="true">{ "·" }</span>
                    <span>{ item.label.get(code) }</span>
                </li>
            }) }
        </ul>
    }
}

/// The checklist.
#[function_component(Checklist)]
pub fn checklist(props: &ChecklistProps) -> Html {
    let lang = props.lang;
    let code = lang.code();
    match &props.answer {
        None => html! {
            <div class="goal-checklist" aria-busy="true">
                { labels(&props.lesson, code) }
                <p id="goal-checking" class="muted" aria-live="polite">{ lang.t(S::GoalChecking) }</p>
            </div>
        },
        Some(Err(why)) => html! {
            <div class="goal-checklist" aria-busy="false">
                { labels(&props.lesson, code) }
                <p class="editor-error" role="alert" id="goal-check-failed">
                    { lang.f(S::GoalCheckFailed, &[&why.get(code)]) }
                </p>
            </div>
        },
        Some(Ok(report)) => match report.error() {
            Some(e) => html! {
                <div class="editor-error" role="alert" id="goal-error">
                    <strong>{ lang.t(S::ScenarioError) }</strong>{ ": " }{ e.get(code).to_string() }
                </div>
            },
            None => {
                let met = report.met();
                html! {
                    <div class="goal-checklist" aria-busy="false">
                        <ul class="checklist" id="goal-checklist">
                            { for props.lesson.goal.checks.iter().zip(report.checks()).map(|(item, (passed, detail))| html! {
                                <li class={classes!("check", if passed { "passed" } else { "failed" })}
                                    data-passed={passed.to_string()}>
                                    <span class="tick" aria-hidden="true">{ if passed { "✓" } else { "○" } }</span>
                                    <span class="visually-hidden">{ if passed { "✓ " } else { "✗ " } }</span>
                                    <span>{ item.label.get(code) }</span>
                                    <div class="muted small check-detail">{ super::markup::with_arns(detail.get(code)) }</div>
                                </li>
                            }) }
                        </ul>
                        <p id="goal-status" class={classes!(if met { "editor-ok" } else { "muted" })} aria-live="polite"
                            data-met={met.to_string()}>
                            { if met { lang.t(S::GoalMet) } else { lang.t(S::GoalNotMet) } }
                        </p>
                    </div>
                }
            }
        },
    }
}
