//! The first visit's welcome: three short steps (the pipeline, stepping through calls, the
//! lessons) that end in the first lesson, which is already loaded behind it. Each step
//! outlines the part of the page it talks about (see `Workspace`). Shown once: a learner
//! who has progress, work saved, or who came by a link or inside another page never sees it.

use yew::prelude::*;

use super::strings::S;
use crate::state::{Action, Mode};
use crate::{web, Ctx, Lang};

/// How many steps the welcome has.
pub const STEPS: u8 = 3;

#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    pub step: u8,
    pub lang: Lang,
    /// Lessons in the course, and the first one's number.
    pub lessons: usize,
    pub first: u32,
}

#[function_component(Welcome)]
pub fn welcome(props: &WelcomeProps) -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = props.lang;
    let step = props.step.min(STEPS - 1);
    let go = |to: Option<u8>| {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Welcome(to));
            web::scroll_to_top("lesson-col");
        })
    };
    let sandbox = {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Welcome(None));
            state.dispatch(Action::SetMode(Mode::Sandbox));
        })
    };
    let (title, body) = match step {
        0 => (lang.t(S::Welcome1Title).to_string(), lang.t(S::Welcome1)),
        1 => (lang.t(S::Welcome2Title).to_string(), lang.t(S::Welcome2)),
        _ => (
            lang.f(S::Welcome3Title, &[&props.lessons]),
            lang.t(S::Welcome3),
        ),
    };
    let last = step + 1 == STEPS;
    html! {
        <section class="welcome" id="welcome" aria-labelledby="welcome-title" data-step={step.to_string()}>
            <p class="muted small welcome-count">
                { lang.f(S::WelcomeStep, &[&(step + 1), &STEPS]) }
            </p>
            <h2 id="welcome-title" class="section-title">{ title }</h2>
            <p>{ body }</p>
            <div class="welcome-actions">
                if step > 0 {
                    <button type="button" class="btn" id="welcome-back" onclick={go(Some(step - 1))}>{ lang.t(S::WelcomeBack) }</button>
                }
                if last {
                    <button type="button" class="btn primary" id="welcome-start" onclick={go(None)}>
                        { lang.f(S::WelcomeStart, &[&props.first]) }
                    </button>
                } else {
                    <button type="button" class="btn primary" id="welcome-next" onclick={go(Some(step + 1))}>{ lang.t(S::WelcomeNext) }</button>
                }
                <button type="button" class="btn link-button" id="welcome-skip" onclick={sandbox}>{ lang.t(S::WelcomeSkip) }</button>
            </div>
        </section>
    }
}
