//! Firehose's buffering hints and the producer's invocations and records per invocation.

use yew::prelude::*;

use super::edit::{str_at, NumberField};
use crate::i18n::T;
use crate::Ctx;

#[function_component(FirehoseSettings)]
pub(super) fn firehose_settings() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = ctx.state.lang;
    html! {
        <>
            <p class="muted"><code>{ str_at(&ctx.state.scenario, "/delivery_streams/0/name") }</code></p>
            <fieldset class="settings-group">
                <legend>{ "Buffering hints" }</legend>
                <NumberField id="buffer-size" label={lang.t(T::BufferSize)} pointer="/delivery_streams/0/buffering/size_mb" min={1} max={128} />
                <NumberField id="buffer-interval" label={lang.t(T::BufferInterval)} pointer="/delivery_streams/0/buffering/interval_seconds" min={0} max={900} />
            </fieldset>
        </>
    }
}

#[function_component(ProducerSettings)]
pub(super) fn producer_settings() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = ctx.state.lang;
    html! {
        <>
            <p class="muted"><code>{ str_at(&ctx.state.scenario, "/producers/0/name") }</code></p>
            <NumberField id="producer-invocations" label={lang.t(T::Invocations)} pointer="/producers/0/invocations" min={0} max={100_000} />
            <NumberField id="producer-records" label={lang.t(T::Records)} pointer="/producers/0/records_per_invocation" min={1} max={500} />
        </>
    }
}
