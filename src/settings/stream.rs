//! The Kinesis data stream's settings: server-side encryption on or off, now or at a time,
//! and its key.

use serde_json::{json, Value};
use yew::prelude::*;

use super::edit::{
    add_event, event_item, events_where, names_in, on_select_edit, on_text, str_at, try_edit,
};
use crate::i18n::T;
use crate::Ctx;

#[function_component(StreamSettings)]
pub(super) fn stream_settings() -> Html {
    let at = use_state(String::new);
    let error = use_state(|| None::<String>);
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let on = str_at(&s.scenario, "/streams/0/encryption/type") == "KMS";
    let stream = str_at(&s.scenario, "/streams/0/name").to_string();
    let key_names = names_in(&s.scenario, "keys");
    let key = s
        .scenario
        .pointer("/streams/0/encryption/key")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| key_names.first().cloned())
        .unwrap_or_default();
    let set = |turn_on: bool| {
        let state = ctx.state.clone();
        let at = at.clone();
        let error = error.clone();
        let key = key.clone();
        let stream = stream.clone();
        Callback::from(move |_: Event| {
            let when = at.trim().to_string();
            let label = format!("SSE {} {stream}", if turn_on { "on" } else { "off" });
            let result = if when.is_empty() {
                let value = if turn_on {
                    json!({"type": "KMS", "key": key})
                } else {
                    json!({"type": "NONE"})
                };
                try_edit(&state, "/streams/0/encryption", value, label, None)
            } else {
                let event = if turn_on {
                    json!({"action": "start_stream_encryption", "at": when, "stream": stream, "key": key})
                } else {
                    json!({"action": "stop_stream_encryption", "at": when, "stream": stream})
                };
                add_event(&state, event, label)
            };
            error.set(result.err());
        })
    };
    let on_at = on_text(&at);
    let on_key = on_select_edit(
        &ctx.state,
        &error,
        "/streams/0/encryption/key",
        "stream key",
    );
    let events = events_where(&s.scenario, |e| e.get("stream").is_some());
    let on_true = set(true);
    let on_false = set(false);
    html! {
        <>
            <p class="muted"><code>{ stream }</code></p>
            <fieldset class="settings-group">
                <legend>{ lang.t(T::StreamEncryption) }</legend>
                <div class="field">
                    <label for="sse-at">{ lang.t(T::KeyStateAt) }</label>
                    <input id="sse-at" type="text" class="code short" placeholder="30s" value={(*at).clone()} oninput={on_at} />
                </div>
                <div class="radio-row">
                    <label><input type="radio" name="sse" id="sse-on" checked={on} onchange={on_true} />{ lang.t(T::EncryptionOn) }</label>
                    <label><input type="radio" name="sse" id="sse-off" checked={!on} onchange={on_false} />{ lang.t(T::EncryptionOff) }</label>
                </div>
                if on {
                    <div class="field">
                        <label for="sse-key">{ lang.t(T::EncryptionKey) }</label>
                        <select id="sse-key" onchange={on_key}>
                            { for key_names.iter().map(|k| html! { <option value={k.clone()} selected={*k == key}>{ k }</option> }) }
                        </select>
                    </div>
                }
                if let Some(e) = &*error { <p class="editor-error" role="alert">{ e }</p> }
                if !events.is_empty() {
                    <ul class="event-list">{ for events.iter().map(|(i, e)| event_item(&ctx.state, *i, e, lang)) }</ul>
                }
            </fieldset>
        </>
    }
}
