//! The evaluation path of one decision (the engine's `policy::EvaluationPath`, worked out by
//! the policy tools worker: `tools_work::eval_path`): AWS's documented order (explicit deny
//! check → SCPs → resource-based or key policy → identity-based policies → permissions
//! boundary → session policy, and grants for a KMS key) drawn as a row of stages, each with
//! what it said for this request, the stage where the evaluation stopped marked in words and
//! shape (not colour alone), and the stages never reached greyed. Each statement's part
//! (deciding, redundant, contributing, not matched) is shown beside it by the Authorization
//! view. While the worker works, the path's place says so (`aria-busy`); if it fails, why.

use std::rc::Rc;

use yew::prelude::*;

use crate::fixes::F;
use crate::i18n::Lang;
use crate::tools_work::eval_path::PathPanel;
use envelope_lab::text::Text;

/// Where the path stands: asked and not yet answered, answered, or the worker failed.
#[derive(Clone, Debug, PartialEq)]
pub enum PathState {
    Loading,
    Ready(Rc<PathPanel>),
    Failed(Text),
}

impl PathState {
    /// The state of a worker's answer to the current ask (`None`: not there yet). A row
    /// without a path (no authorization) is `None`: nothing to draw.
    pub fn of(answer: Option<Result<Option<Rc<PathPanel>>, Text>>) -> Option<PathState> {
        match answer {
            None => Some(PathState::Loading),
            Some(Ok(Some(panel))) => Some(PathState::Ready(panel)),
            Some(Ok(None)) => None,
            Some(Err(why)) => Some(PathState::Failed(why)),
        }
    }

    /// The panel, once it is there.
    pub fn panel(&self) -> Option<&PathPanel> {
        match self {
            PathState::Ready(p) => Some(p),
            _ => None,
        }
    }
}

/// A statement's part as a badge (its class and words come from the worker).
pub fn role_badge(class: &str, text: &Text, lang: Lang) -> Html {
    html! { <span class={classes!("badge", "role", class.to_string())}>{ text.get(lang.code()).to_string() }</span> }
}

#[derive(Properties, PartialEq)]
pub struct EvaluationPathProps {
    pub path: PathState,
    pub lang: Lang,
}

#[function_component(EvaluationPathView)]
pub fn evaluation_path_view(props: &EvaluationPathProps) -> Html {
    let lang = props.lang;
    let code = lang.code();
    let title = lang.t(F::EvalPathTitle);
    let panel = match &props.path {
        PathState::Ready(panel) => panel,
        PathState::Loading => {
            return html! {
                <section class="eval-path loading" aria-label={title} aria-busy="true">
                    <h4>{ title }</h4>
                    <p class="muted eval-path-status" role="status">{ lang.t(F::EvalPathLoading) }</p>
                </section>
            }
        }
        PathState::Failed(why) => {
            return html! {
                <section class="eval-path" aria-label={title}>
                    <h4>{ title }</h4>
                    <p class="editor-error eval-path-status" role="alert">{ lang.f(F::EvalPathFailed, &[&why.get(code)]) }</p>
                </section>
            }
        }
    };
    html! {
        <section class="eval-path" aria-label={title} aria-busy="false">
            <h4>{ title }</h4>
            <ol class="eval-stages">
                { for panel.stages().into_iter().map(|st| html! {
                    <li class={classes!("eval-stage", st.class.clone(), st.stopped.then_some("stopped"))} data-stage={st.stage.clone()}>
                        <div class="stage-head">
                            <span class="stage-glyph" aria-hidden="true">{ st.glyph.clone() }</span>
                            <strong>{ st.label.get(code).to_string() }</strong>
                        </div>
                        <div class="stage-outcome">{ st.outcome.get(code).to_string() }</div>
                        if st.stopped {
                            <div class="stage-stop">{ "■ " }{ lang.t(F::StoppedHere) }</div>
                        }
                        <p class="stage-note">{ st.note.get(code).to_string() }</p>
                    </li>
                }) }
            </ol>
            <div class="muted small eval-sources">
                <span>{ lang.t(F::Sources) }{ ": " }</span>
                // AWS's pages in the learner's language where AWS has one (the engine says).
                <ul>{ for panel.sources().iter().map(|s| html! { <li>{ s.get(code).to_string() }</li> }) }</ul>
            </div>
        </section>
    }
}
