//! Quiz questions: single answer (radio buttons) or multiple answer (check boxes), checked
//! on request, with the explanation and a link to the scenario that demonstrates it. The
//! first answer submitted is the one that counts (the progress keeps it, and counts the
//! later attempts); a "Choose 2" question can be checked only with two choices made. The
//! choices appear in the learner's own order (`order`, from the progress's quiz seed); their
//! ids and the answers kept are the file's indices. Prompts, choices and explanations use
//! the lesson text's markup (`code`).

use std::rc::Rc;

use yew::prelude::*;

use super::markup::{inline, rich};
use super::strings::S;
use crate::Lang;
use envelope_lab::lessons::progress::is_correct;
use envelope_lab::lessons::{Question, QuestionKind, ScenarioLink};

#[derive(Properties, PartialEq)]
pub struct QuestionProps {
    pub question: Rc<Question>,
    pub lang: Lang,
    /// The first answer submitted (the one that counts), if any.
    pub answered: Option<Vec<usize>>,
    /// How many answers were submitted.
    #[prop_or_default]
    pub attempts: u32,
    /// Records an answer.
    pub on_answer: Callback<(String, Vec<usize>)>,
    /// Opens the linked scenario.
    pub on_open: Callback<ScenarioLink>,
    /// The file indices of the choices in the order this learner sees them.
    pub order: Vec<usize>,
}

/// One question.
#[function_component(QuestionView)]
pub fn question_view(props: &QuestionProps) -> Html {
    let q = &props.question;
    let lang = props.lang;
    let code = lang.code();
    let chosen = use_state(|| props.answered.clone().unwrap_or_default());
    // The answer checked last in this visit (a retry after the first, which counts).
    let last = use_state(|| None::<Vec<usize>>);
    let multiple = q.kind == QuestionKind::Multiple;
    let needed = if multiple { q.answers.unwrap_or(2) } else { 1 };
    let name = format!("q-{}", q.id);
    let shown: Vec<usize> = if props.order.len() == q.choices.len() {
        props.order.clone()
    } else {
        (0..q.choices.len()).collect()
    };
    let choices = shown.into_iter().filter_map(|i| q.choices.get(i).map(|c| (i, c))).map(|(i, c)| {
        let id = format!("{name}-{i}");
        let checked = chosen.contains(&i);
        let onchange = {
            let chosen = chosen.clone();
            Callback::from(move |_: Event| {
                let mut v = (*chosen).clone();
                if multiple {
                    if let Some(p) = v.iter().position(|x| *x == i) {
                        v.remove(p);
                    } else {
                        v.push(i);
                    }
                } else {
                    v = vec![i];
                }
                chosen.set(v);
            })
        };
        html! {
            <li>
                <input type={if multiple { "checkbox" } else { "radio" }} id={id.clone()} name={name.clone()}
                    {checked} {onchange} />
                <label for={id}>{ inline(c.text.get(code)) }</label>
            </li>
        }
    });
    let oncheck = {
        let chosen = chosen.clone();
        let last = last.clone();
        let on_answer = props.on_answer.clone();
        let id = q.id.clone();
        Callback::from(move |_: MouseEvent| {
            last.set(Some((*chosen).clone()));
            on_answer.emit((id.clone(), (*chosen).clone()))
        })
    };
    let result = props.answered.as_ref().map(|a| is_correct(q, a));
    // A retry's own verdict, when it differs from the first answer.
    let retry = (*last)
        .as_ref()
        .filter(|l| props.attempts > 1 && Some(*l) != props.answered.as_ref())
        .map(|l| is_correct(q, l));
    let link = q.scenario.clone().map(|link| {
        let on_open = props.on_open.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_open.emit(link.clone()));
        html! { <button type="button" class="btn small link-button" {onclick}>{ lang.t(S::OpenScenario) }</button> }
    });
    html! {
        <fieldset class="question" id={format!("question-{}", q.id)} data-id={q.id.clone()}>
            <legend>{ inline(q.prompt.get(code)) }</legend>
            if multiple {
                <p class="muted small">{ lang.f(S::ChooseN, &[&q.answers.unwrap_or(2)]) }</p>
            }
            <ul class="choices">{ for choices }</ul>
            <button type="button" class="btn small check-answer" onclick={oncheck} disabled={chosen.len() != needed}>
                { lang.t(S::CheckAnswer) }
            </button>
            if let Some(ok) = result {
                <div class={classes!("answer-result", if ok { "correct" } else { "incorrect" })} role="status">
                    <p><strong>{ if ok { lang.t(S::Correct) } else { lang.t(S::Incorrect) } }</strong>
                        if props.attempts > 1 {
                            { " " }<span class="muted small attempts">{ lang.f(S::FirstAnswerCounts, &[&props.attempts]) }</span>
                        }
                    </p>
                    if let Some(r) = retry {
                        <p class="retry">{ if r { lang.t(S::RetryCorrect) } else { lang.t(S::RetryIncorrect) } }</p>
                    }
                    { rich(&q.explanation, lang) }
                    { for link }
                    { super::sources::sources_html(&format!("sources-{}", q.id), &q.sources, &q.notes, lang) }
                </div>
            }
        </fieldset>
    }
}
