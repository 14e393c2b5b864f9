//! The "who can read the plaintext" panel: for the scenario's layers (server-side,
//! client-side, both), each role's reach at the stream, through Firehose and at an S3
//! object — the engine's `Simulation::plaintext_view`, evaluated from the policies. The
//! policy tools worker computes it on its own replay of the run
//! (`crate::tools_client::use_plaintext_view`), so neither the replay nor the view's code
//! and sentences are in the app's Wasm or on the page's thread; the panel says it is waiting
//! meanwhile, and why if the worker fails. One card per role (three labelled cells), so it
//! reads the same in the side column and on a phone, without a table to scroll sideways.

use yew::prelude::*;

use envelope_lab::text::Text;

use crate::i18n::{Lang, T};
use crate::tools_client::{use_plaintext_view, RunAsk};
use crate::tools_work::PlaintextPanel;
use crate::Ctx;

fn cell(label: T, (code, words): &(String, Text), lang: Lang) -> Html {
    html! {
        <div class={classes!("reach-cell", format!("reach-{code}"))} data-reach={code.clone()}>
            <dt>{ lang.t(label) }</dt>
            <dd>{ words.get(lang.code()).to_string() }</dd>
        </div>
    }
}

fn view(p: &PlaintextPanel, lang: Lang) -> Html {
    let code = lang.code();
    html! {
        <>
            <p class="reach-layers" id="plaintext-layers" data-layers={p.layers_code().to_string()}>{ p.layers().get(code).to_string() }</p>
            <p class="muted small">{ lang.t(T::PlaintextCaption) }</p>
            <ul class="reach-list" id="plaintext-roles">
                { for p.rows().into_iter().map(|(role, [stream, firehose, object])| html! {
                    <li class="reach-role" data-role={role.clone()}>
                        <h3 class="small-title">{ role }</h3>
                        <dl class="reach-cells">
                            { cell(T::PlaintextStream, &stream, lang) }
                            { cell(T::PlaintextFirehose, &firehose, lang) }
                            { cell(T::PlaintextObject, &object, lang) }
                        </dl>
                    </li>
                }) }
            </ul>
            if !p.has_object() {
                <p class="muted small">{ lang.t(T::PlaintextNoObject) }</p>
            }
            <p class="muted small reach-method">{ p.method().get(code).to_string() }</p>
        </>
    }
}

#[function_component(WhoCanRead)]
pub fn who_can_read() -> Html {
    let ctx = use_context::<Ctx>();
    // Asked once per finished run (the worker keeps its answer per scenario and seed).
    let ask = ctx.as_ref().filter(|c| c.state.run_done).map(|c| RunAsk {
        revision: c.state.revision,
        seed: c.state.seed,
        scenario: c.state.scenario.clone(),
    });
    let answer = use_plaintext_view(ask);
    let Some(ctx) = ctx else {
        return html! {};
    };
    let lang = ctx.state.lang;
    let status = |text: String| html! { <p class="muted" id="plaintext-status" aria-live="polite">{ text }</p> };
    html! {
        <div class="plaintext" id="who-can-read" aria-busy={(ctx.state.run_done && answer.is_none()).to_string()}>
            { match answer.filter(|_| ctx.state.run_done) {
                Some(Ok(Some(p))) => view(&p, lang),
                Some(Ok(None)) => status(lang.t(T::PlaintextNoRun).to_string()),
                Some(Err(why)) => html! {
                    <p class="editor-error" id="plaintext-status" role="alert">{ lang.f(T::PlaintextFailed, &[&why.get(lang.code())]) }</p>
                },
                None if ctx.state.run_done => status(lang.t(T::PlaintextComputing).to_string()),
                None => status(lang.t(T::PlaintextPending).to_string()),
            } }
        </div>
    }
}
