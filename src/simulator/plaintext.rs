//! The "who can read the plaintext" panel: for the scenario's layers (server-side,
//! client-side, both), each role's reach at the stream, through Firehose and at an S3
//! object — the engine's `Simulation::plaintext_view`, evaluated from the policies. One
//! card per role (three labelled cells), so it reads the same in the side column and on a
//! phone, without a table to scroll sideways.

use yew::prelude::*;

use envelope_lab::sim::view::{PlaintextView, Reach, PLAINTEXT_METHOD};

use crate::i18n::{Lang, T};
use crate::Ctx;

fn cell(label: T, reach: Reach, lang: Lang) -> Html {
    let code = reach.code();
    html! {
        <div class={classes!("reach-cell", format!("reach-{code}"))} data-reach={code}>
            <dt>{ lang.t(label) }</dt>
            <dd>{ reach.text().get(lang.code()).to_string() }</dd>
        </div>
    }
}

fn view(v: &PlaintextView, lang: Lang) -> Html {
    let code = lang.code();
    html! {
        <>
            <p class="reach-layers" id="plaintext-layers" data-layers={v.layers.code()}>{ v.layers.text().get(code).to_string() }</p>
            <p class="muted small">{ lang.t(T::PlaintextCaption) }</p>
            <ul class="reach-list" id="plaintext-roles">
                { for v.rows.iter().map(|r| html! {
                    <li class="reach-role" data-role={r.role.clone()}>
                        <h3 class="small-title">{ &r.role }</h3>
                        <dl class="reach-cells">
                            { cell(T::PlaintextStream, r.stream, lang) }
                            { cell(T::PlaintextFirehose, r.firehose, lang) }
                            { cell(T::PlaintextObject, r.s3_object, lang) }
                        </dl>
                    </li>
                }) }
            </ul>
            if !v.has_object {
                <p class="muted small">{ lang.t(T::PlaintextNoObject) }</p>
            }
            <p class="muted small reach-method">{ PLAINTEXT_METHOD.get(code) }</p>
        </>
    }
}

#[function_component(WhoCanRead)]
pub fn who_can_read() -> Html {
    let ctx = use_context::<Ctx>();
    let revision = ctx.as_ref().map(|c| c.run.revision());
    let done = ctx.as_ref().is_some_and(|c| c.state.run_done);
    // Computed once per finished run (it replays the run to ask).
    let computed = {
        let run = ctx.as_ref().map(|c| c.run.clone());
        use_memo((revision, done), move |_| {
            run.and_then(|r| r.plaintext_view())
        })
    };
    let Some(ctx) = ctx else {
        return html! {};
    };
    let lang = ctx.state.lang;
    html! {
        <div class="plaintext" id="who-can-read">
            { match &*computed {
                Some(v) => view(v, lang),
                None => html! { <p class="muted">{ lang.t(T::PlaintextPending) }</p> },
            } }
        </div>
    }
}
