//! A KMS key's settings: its state now or at a time (an event), and its key policy.

use serde_json::{json, Value};
use yew::prelude::*;

use envelope_lab::policy::PolicyKind;

use super::edit::{add_event, event_item, events_where, find_index, on_text, str_at, try_edit};
use super::policy::ScenarioPolicy;
use crate::i18n::T;
use crate::state::State;
use crate::Ctx;

pub(super) fn key_settings(s: &State, name: &str) -> Html {
    let lang = s.lang;
    let Some(i) = find_index(&s.scenario, "keys", name) else {
        return html! { <p class="muted">{ lang.t(T::NoneForStep) }</p> };
    };
    html! {
        <>
            <KeyStateEditor index={i} name={name.to_string()} />
            <ScenarioPolicy id={format!("key-policy-{name}")} label={format!("{} — {name}", lang.t(T::KeyPolicy))}
                pointer={format!("/keys/{i}/policy")} kind={PolicyKind::KeyPolicy} rows={20} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct KeyStateProps {
    index: usize,
    name: String,
}

#[function_component(KeyStateEditor)]
fn key_state_editor(props: &KeyStateProps) -> Html {
    let at = use_state(String::new);
    let error = use_state(|| None::<String>);
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let current = str_at(&s.scenario, &format!("/keys/{}/state", props.index)).to_string();
    let shown = match current.as_str() {
        "Disabled" => lang.t(T::StateDisabled),
        "PendingDeletion" => lang.t(T::StatePendingDeletion),
        "Deleted" => lang.t(T::StateDeleted),
        _ => lang.t(T::StateEnabled),
    };
    let events = events_where(&s.scenario, |e| {
        e.get("key").and_then(Value::as_str) == Some(props.name.as_str())
    });
    let button = |label: T, state_name: &'static str, action: &'static str, id: &'static str| {
        let state = ctx.state.clone();
        let at = at.clone();
        let error = error.clone();
        let index = props.index;
        let key = props.name.clone();
        let label_text = format!("{} ({key})", lang.t(label));
        let onclick = Callback::from(move |_: MouseEvent| {
            let when = at.trim().to_string();
            let result = if when.is_empty() {
                try_edit(
                    &state,
                    &format!("/keys/{index}/state"),
                    json!(state_name),
                    label_text.clone(),
                    None,
                )
            } else {
                add_event(
                    &state,
                    json!({"action": action, "at": when, "key": key}),
                    label_text.clone(),
                )
            };
            error.set(result.err());
        });
        html! { <button type="button" class="btn" id={id} {onclick}>{ lang.t(label) }</button> }
    };
    let on_at = on_text(&at);
    html! {
        <fieldset class="settings-group">
            <legend>{ lang.t(T::KeyState) }{ ": " }<strong id="key-state-value">{ shown }</strong></legend>
            <div class="field">
                <label for="key-state-at">{ lang.t(T::KeyStateAt) }</label>
                <input id="key-state-at" type="text" class="code short" placeholder="30s" value={(*at).clone()} oninput={on_at} />
            </div>
            <div class="btn-row">
                { button(T::EnableKey, "Enabled", "enable_key", "key-enable") }
                { button(T::DisableKey, "Disabled", "disable_key", "key-disable") }
                { button(T::ScheduleDeletion, "PendingDeletion", "schedule_key_deletion", "key-schedule-deletion") }
                { button(T::DeleteKeyNow, "Deleted", "delete_key", "key-delete") }
            </div>
            if let Some(e) = &*error { <p class="editor-error" role="alert">{ e }</p> }
            if !events.is_empty() {
                <ul class="event-list">
                    { for events.iter().map(|(i, e)| event_item(&ctx.state, *i, e, lang)) }
                </ul>
            }
        </fieldset>
    }
}
