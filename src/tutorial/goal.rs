//! The goal checklist: evaluates the lesson's checks on the current scenario (a run of the
//! engine of its own, so it does not depend on the stepping position) and lists them.

use std::collections::BTreeMap;

use yew::prelude::*;

use super::strings::S;
use crate::Lang;
use envelope_lab::lessons::{evaluate_goal, start, CheckResult, Lesson, Observation};
use envelope_lab::text::Text;

/// Evaluates a lesson's goal on a scenario document. A scenario that does not validate is
/// an error in English and Japanese (`path: explanation`).
pub fn evaluate(
    lesson: &Lesson,
    scenario: &serde_json::Value,
    answers: &BTreeMap<String, f64>,
) -> Result<Vec<CheckResult>, Text> {
    let parsed = start::parse_scenario(scenario)?;
    let obs = Observation::run_text(&parsed, lesson.scenario.seed)?.with_answers(answers.clone());
    Ok(evaluate_goal(&lesson.goal, &obs))
}

#[derive(Properties, PartialEq)]
pub struct ChecklistProps {
    pub lesson: std::rc::Rc<Lesson>,
    pub results: std::rc::Rc<Result<Vec<CheckResult>, Text>>,
    pub lang: Lang,
}

/// The checklist.
#[function_component(Checklist)]
pub fn checklist(props: &ChecklistProps) -> Html {
    let lang = props.lang;
    let code = lang.code();
    match &*props.results {
        Err(e) => html! {
            <div class="editor-error" role="alert" id="goal-error">
                <strong>{ lang.t(S::ScenarioError) }</strong>{ ": " }{ e.get(code) }
            </div>
        },
        Ok(results) => {
            let met = !results.is_empty() && results.iter().all(|r| r.passed);
            html! {
                <div class="goal-checklist">
                    <ul class="checklist" id="goal-checklist">
                        { for props.lesson.goal.checks.iter().zip(results.iter()).map(|(item, r)| html! {
                            <li class={classes!("check", if r.passed { "passed" } else { "failed" })}
                                data-passed={r.passed.to_string()}>
                                <span class="tick" aria-hidden="true">{ if r.passed { "✓" } else { "○" } }</span>
                                <span class="visually-hidden">{ if r.passed { "✓ " } else { "✗ " } }</span>
                                <span>{ item.label.get(code) }</span>
                                <div class="muted small check-detail">{ super::markup::with_arns(r.detail.get(code)) }</div>
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
    }
}
