//! Reset · step back · step · play (speed) · run to end, and the step counter.

use yew::prelude::*;

use crate::i18n::{grouped, T};
use crate::state::{Action, SPEEDS};
use crate::Ctx;

#[function_component(Controls)]
pub fn controls() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let send = |a: Action| {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(a.clone()))
    };
    let on_speed = {
        let state = ctx.state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = select.value().parse() {
                state.dispatch(Action::SetSpeed(v));
            }
        })
    };
    let at_start = s.cursor == 0;
    let at_end = s.run_done && s.cursor >= s.total;
    let counter = if s.run_done {
        lang.f(
            T::StepCounter,
            &[&grouped(s.cursor as u64), &grouped(s.total as u64)],
        )
    } else {
        lang.f(T::Computing, &[&grouped(s.total as u64)])
    };
    html! {
        <section class="controls" aria-label={lang.t(T::Controls)}>
            <div class="btn-group">
                <button type="button" class="btn" id="reset-button" onclick={send(Action::Reset)} disabled={at_start} title="r">
                    { lang.t(T::Reset) }
                </button>
                <button type="button" class="btn" id="back-button" onclick={send(Action::StepBack)} disabled={at_start} title="←">
                    <span aria-hidden="true">{ "◀ " }</span>{ lang.t(T::StepBack) }
                </button>
                <button type="button" class="btn primary" id="step-button" onclick={send(Action::StepForward)} disabled={at_end} title="Space, →">
                    { lang.t(T::Step) }<span aria-hidden="true">{ " ▶" }</span>
                </button>
                if s.playing {
                    <button type="button" class="btn" id="play-button" aria-pressed="true" onclick={send(Action::SetPlaying(false))}>
                        { lang.t(T::Pause) }
                    </button>
                } else {
                    <button type="button" class="btn" id="play-button" aria-pressed="false" onclick={send(Action::SetPlaying(true))} disabled={at_end}>
                        { lang.t(T::Play) }
                    </button>
                }
                <button type="button" class="btn" id="end-button" onclick={send(Action::RunToEnd)} disabled={at_end}>
                    { lang.t(T::RunToEnd) }<span aria-hidden="true">{ " ▶▶" }</span>
                </button>
            </div>
            <label class="inline-field">
                <span>{ lang.t(T::Speed) }</span>
                <select id="speed-select" onchange={on_speed}>
                    { for SPEEDS.iter().map(|v| html! {
                        <option value={v.to_string()} selected={*v == s.speed}>{ lang.f(if *v == 1 { T::StepPerSecond } else { T::StepsPerSecond }, &[v]) }</option>
                    }) }
                </select>
            </label>
            <span class="step-counter" id="step-counter" aria-live="polite">{ counter }</span>
            <span class="kbd-hint muted small">{ lang.t(T::KeyboardHint) }</span>
        </section>
    }
}
