//! The evaluation path of one decision (the engine's `policy::EvaluationPath`): AWS's
//! documented order (explicit deny check → SCPs → resource-based or key policy →
//! identity-based policies → permissions boundary → session policy, and grants for a KMS
//! key) drawn as a row of stages, each with what it said for this request, the stage where
//! the evaluation stopped marked in words and shape (not colour alone), and the stages never
//! reached greyed. Each statement's part (deciding, redundant, contributing, not matched)
//! is shown beside it by the Authorization view.

use yew::prelude::*;

use envelope_lab::policy::{EvaluationPath, StageOutcome, StatementRole};

use crate::fixes::F;
use crate::i18n::Lang;

fn outcome_text(o: StageOutcome, lang: Lang) -> (&'static str, &'static str, String) {
    let (class, glyph) = match o {
        StageOutcome::Denied => ("denied", "✗"),
        StageOutcome::Allowed => ("allowed", "✓"),
        StageOutcome::Passed => ("passed", "→"),
        StageOutcome::NotApplicable => ("na", "–"),
        StageOutcome::NotReached => ("not-reached", "·"),
    };
    (class, glyph, o.label().get(lang.code()).to_string())
}

/// A statement's part as a badge's class and text.
pub fn role_badge(role: StatementRole, lang: Lang) -> Html {
    let class = match role {
        StatementRole::Deciding => "deciding",
        StatementRole::Redundant => "redundant",
        StatementRole::Contributing => "contributing",
        StatementRole::NotMatched { near: true } => "near",
        StatementRole::NotMatched { near: false } => "unmatched",
    };
    let text = role.label().get(lang.code()).to_string();
    html! { <span class={classes!("badge", "role", class)}>{ text }</span> }
}

#[derive(Properties, PartialEq)]
pub struct EvaluationPathProps {
    pub path: EvaluationPath,
    pub lang: Lang,
}

#[function_component(EvaluationPathView)]
pub fn evaluation_path_view(props: &EvaluationPathProps) -> Html {
    let lang = props.lang;
    let code = lang.code();
    html! {
        <section class="eval-path" aria-label={lang.t(F::EvalPathTitle)}>
            <h4>{ lang.t(F::EvalPathTitle) }</h4>
            <ol class="eval-stages">
                { for props.path.stages.iter().map(|st| {
                    let (class, glyph, word) = outcome_text(st.outcome, lang);
                    html! {
                        <li class={classes!("eval-stage", class, st.stopped.then_some("stopped"))} data-stage={format!("{:?}", st.stage)}>
                            <div class="stage-head">
                                <span class="stage-glyph" aria-hidden="true">{ glyph }</span>
                                <strong>{ st.label.get(code) }</strong>
                            </div>
                            <div class="stage-outcome">{ word }</div>
                            if st.stopped {
                                <div class="stage-stop">{ "■ " }{ lang.t(F::StoppedHere) }</div>
                            }
                            <p class="stage-note">{ st.note.get(code) }</p>
                        </li>
                    }
                }) }
            </ol>
            <div class="muted small eval-sources">
                <span>{ lang.t(F::Sources) }{ ": " }</span>
                // AWS's pages in the learner's language where AWS has one (the engine says).
                <ul>{ for props.path.sources.iter().map(|s| html! { <li>{ s.get(code) }</li> }) }</ul>
            </div>
        </section>
    }
}
