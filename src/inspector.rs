//! The settings of the selected diagram element: key policy and key state, role policies,
//! stream encryption, buffering hints, Bucket Key and default encryption, reader roles, the
//! producer, and the whole scenario as JSON. Every change becomes an `Action::Edit` of the
//! scenario document (undoable); invalid text stays in the editor as a draft.

use serde_json::{json, Value};
use yew::prelude::*;

use envelope_lab::policy::PolicyKind;

use super::fixes::F;
use super::i18n::{Lang, T};
use super::policy_editor::{error_context, pretty, PolicyEditor};
use super::runner;
use super::state::{Action, Selection, State};
use super::Ctx;
use envelope_lab::sim::scenario::json_error_text;

fn find_index(doc: &Value, list: &str, name: &str) -> Option<usize> {
    doc.get(list)?
        .as_array()?
        .iter()
        .position(|item| item.get("name").and_then(Value::as_str) == Some(name))
}

/// The `name` of every item of a top-level list of the scenario (`roles`, `keys`, …).
pub fn names_in(doc: &Value, list: &str) -> Vec<String> {
    doc.get(list)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.get("name").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn str_at<'a>(doc: &'a Value, pointer: &str) -> &'a str {
    doc.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

/// Applies an edit if the resulting scenario is valid; returns the engine's complaint
/// otherwise.
pub fn try_edit(
    state: &UseReducerHandle<State>,
    pointer: &str,
    value: Value,
    label: String,
    coalesce: Option<String>,
) -> Result<(), String> {
    let mut doc = (*state.scenario).clone();
    if !super::state::set_pointer(&mut doc, pointer, value.clone()) {
        return Err(state.lang.f(T::CannotBeSet, &[&pointer]));
    }
    runner::validate(&doc).map_err(|e| e.located().get(state.lang.code()).to_string())?;
    state.dispatch(Action::Edit {
        pointer: pointer.into(),
        value,
        label,
        coalesce,
    });
    Ok(())
}

/// A select's change handler: writes the chosen value at `pointer` as one undoable edit
/// labelled "`what` value"; a refused edit's reason goes to `error`.
fn on_select_edit(
    state: &UseReducerHandle<State>,
    error: &UseStateHandle<Option<String>>,
    pointer: &'static str,
    what: &'static str,
) -> Callback<Event> {
    let state = state.clone();
    let error = error.clone();
    Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let value = select.value();
        let label = format!("{what} {value}");
        error.set(try_edit(&state, pointer, json!(value), label, None).err());
    })
}

#[derive(Properties, PartialEq)]
struct ScenarioPolicyProps {
    id: AttrValue,
    label: AttrValue,
    pointer: AttrValue,
    kind: PolicyKind,
    #[prop_or(14)]
    rows: u32,
}

/// A policy editor bound to a pointer of the scenario. When "Show me" opened this document,
/// the fix's statement is highlighted, and until the fix is applied the editor shows the
/// document with the fix, read-only.
#[function_component(ScenarioPolicy)]
fn scenario_policy(props: &ScenarioPolicyProps) -> Html {
    let external = use_state(|| None::<String>);
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let spot = s
        .spotlight
        .as_ref()
        .filter(|sp| sp.pointer == props.pointer.as_str());
    let preview = spot.and_then(|sp| sp.preview.as_ref());
    let value = preview
        .unwrap_or(&s.scenario)
        .pointer(&props.pointer)
        .cloned()
        .unwrap_or(Value::Null);
    let highlight = spot
        .and_then(|sp| sp.statement.as_deref())
        .and_then(|p| p.strip_prefix(props.pointer.as_str()))
        .map(str::to_string);
    let draft = s
        .drafts
        .get(props.id.as_str())
        .cloned()
        .filter(|_| preview.is_none());
    let on_draft = {
        let state = ctx.state.clone();
        let id = props.id.to_string();
        Callback::from(move |text: Option<String>| {
            state.dispatch(Action::SetDraft {
                editor: id.clone(),
                text,
            })
        })
    };
    let on_valid = {
        let state = ctx.state.clone();
        let pointer = props.pointer.to_string();
        let id = props.id.to_string();
        let label = props.label.to_string();
        let external = external.clone();
        Callback::from(move |doc: Value| {
            let result = try_edit(&state, &pointer, doc, label.clone(), Some(id.clone()));
            external.set(result.err());
        })
    };
    // A draft that differs from the applied value but parses means the scenario rejected it.
    let external_error = (*external).clone().filter(|_| draft.is_some());
    html! {
        <PolicyEditor id={props.id.clone()} label={props.label.clone()} {value} {draft} kind={props.kind}
            lang={s.lang} {on_draft} {on_valid} {external_error} rows={props.rows} {highlight} readonly={preview.is_some()}
            removed={preview.map(|p| super::fixes::removed_statements(&s.scenario, p, &props.pointer)).unwrap_or_default()} />
    }
}

#[function_component(Inspector)]
pub fn inspector() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let close = {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Select(None)))
    };
    let Some(selection) = s.selection.clone() else {
        return html! {
            <section class="inspector inspector-idle" aria-labelledby="inspector-title">
                <h2 id="inspector-title" class="section-title">{ lang.t(T::Inspector) }</h2>
                <p class="muted">{ lang.t(T::InspectorHint) }</p>
                <ScenarioButton />
            </section>
        };
    };
    let (title, body) = match &selection {
        Selection::Key(name) => (
            format!("{} {name}", lang.t(T::NodeKey)),
            key_settings(s, name),
        ),
        Selection::Role(name) => (lang.f(T::IamRoleNamed, &[name]), role_settings(s, name)),
        Selection::Stream => (
            lang.t(T::NodeStream).to_string(),
            html! { <StreamSettings /> },
        ),
        Selection::Firehose => (
            lang.t(T::NodeFirehose).to_string(),
            html! { <FirehoseSettings /> },
        ),
        Selection::Bucket => (
            lang.t(T::NodeBucket).to_string(),
            html! { <BucketSettings /> },
        ),
        Selection::Producer => (
            lang.t(T::NodeLambda).to_string(),
            html! { <ProducerSettings /> },
        ),
        Selection::Scenario => (
            lang.t(T::ScenarioJson).to_string(),
            html! { <ScenarioEditor /> },
        ),
    };
    html! {
        <section class="inspector" aria-labelledby="inspector-title">
            <header class="details-head">
                <h2 id="inspector-title" class="section-title">{ title }</h2>
                <button type="button" class="btn small" id="inspector-close" onclick={close}>{ lang.t(T::Close) }</button>
            </header>
            { spotlight_banner(&ctx.state) }
            { body }
        </section>
    }
}

/// Above the editor "Show me" opened: the fix's preview with Apply and Discard, or once
/// applied, what is highlighted.
fn spotlight_banner(state: &UseReducerHandle<State>) -> Html {
    let lang = state.lang;
    let Some(sp) = state.spotlight.clone() else {
        return html! {};
    };
    let discard = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Spotlight {
                selection: None,
                spotlight: None,
            })
        })
    };
    match sp.preview.clone() {
        Some(preview) => {
            let apply = {
                let state = state.clone();
                let label = sp.label.clone();
                Callback::from(move |_: MouseEvent| {
                    state.dispatch(Action::ApplyFix {
                        scenario: (*preview).clone(),
                        label: label.clone(),
                    })
                })
            };
            html! {
                <div class="spotlight-banner preview" id="spotlight-banner" role="status">
                    <p><strong>{ lang.t(F::FixPreview) }</strong>{ " " }{ lang.t(F::FixPreviewHint) }</p>
                    <div class="btn-row">
                        <button type="button" class="btn primary small" id="spotlight-apply" onclick={apply}>{ lang.t(F::FixApply) }</button>
                        <button type="button" class="btn small" id="spotlight-discard" onclick={discard}>{ lang.t(F::FixDiscard) }</button>
                    </div>
                </div>
            }
        }
        None => html! {
            <div class="spotlight-banner" id="spotlight-banner" role="status">
                <p>{ lang.t(F::FixApplied) }</p>
                <button type="button" class="btn small" onclick={discard}>{ lang.t(F::FixHideHighlight) }</button>
            </div>
        },
    }
}

#[function_component(ScenarioButton)]
fn scenario_button() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let state = ctx.state.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        state.dispatch(Action::Select(Some(Selection::Scenario)))
    });
    html! { <button type="button" class="btn" id="open-scenario-json" {onclick}>{ ctx.state.lang.t(T::ScenarioJson) }</button> }
}

fn key_settings(s: &State, name: &str) -> Html {
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

fn role_settings(s: &State, name: &str) -> Html {
    let lang = s.lang;
    let Some(i) = find_index(&s.scenario, "roles", name) else {
        return html! { <p class="muted">{ lang.t(T::NoneForStep) }</p> };
    };
    // A fix's preview may add an inline policy or a boundary: show what it shows.
    let doc = shown_scenario(s);
    let inline = doc
        .pointer(&format!("/roles/{i}/inline_policies"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let trust = format!("/roles/{i}/trust_policy");
    let boundary = format!("/roles/{i}/permissions_boundary");
    let spotlit = |p: &str| s.spotlight.as_ref().is_some_and(|sp| sp.pointer == p);
    html! {
        <>
            { for inline.iter().enumerate().map(|(j, p)| {
                let pname = p.get("name").and_then(Value::as_str).unwrap_or("policy").to_string();
                html! {
                    <ScenarioPolicy id={format!("role-{name}-{j}")} label={lang.f(T::InlinePolicy, &[&pname])}
                        pointer={format!("/roles/{i}/inline_policies/{j}/document")} kind={PolicyKind::Identity} rows={16} />
                }
            }) }
            if doc.pointer(&boundary).is_some_and(|b| !b.is_null()) {
                <ScenarioPolicy id={format!("boundary-{name}")} label={lang.t(T::PermissionsBoundary)}
                    pointer={boundary.clone()} kind={PolicyKind::Boundary} />
            }
            <details open={spotlit(&trust)}>
                <summary>{ lang.t(T::TrustPolicy) }</summary>
                <ScenarioPolicy id={format!("trust-{name}")} label={lang.t(T::TrustPolicy)}
                    pointer={format!("/roles/{i}/trust_policy")} kind={PolicyKind::TrustPolicy} rows={8} />
            </details>
        </>
    }
}

/// The scenario as the inspector shows it: a fix's preview while "Show me" shows one.
fn shown_scenario(s: &State) -> &Value {
    s.spotlight
        .as_ref()
        .and_then(|sp| sp.preview.as_deref())
        .unwrap_or(&s.scenario)
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
    let events: Vec<(usize, Value)> = s
        .scenario
        .get("events")
        .and_then(Value::as_array)
        .map(|ev| {
            ev.iter()
                .enumerate()
                .filter(|(_, e)| e.get("key").and_then(Value::as_str) == Some(props.name.as_str()))
                .map(|(i, e)| (i, e.clone()))
                .collect()
        })
        .unwrap_or_default();
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
                let mut events = state
                    .scenario
                    .get("events")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                events.push(json!({"action": action, "at": when, "key": key}));
                try_edit(
                    &state,
                    "/events",
                    Value::Array(events),
                    label_text.clone(),
                    None,
                )
            };
            error.set(result.err());
        });
        html! { <button type="button" class="btn" id={id} {onclick}>{ lang.t(label) }</button> }
    };
    let on_at = {
        let at = at.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            at.set(input.value());
        })
    };
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

fn event_item(state: &UseReducerHandle<State>, index: usize, event: &Value, lang: Lang) -> Html {
    let text = format!("{} @ {}", str_at(event, "/action"), str_at(event, "/at"));
    let state = state.clone();
    let label = format!("{} {text}", lang.t(T::Remove));
    let onclick = Callback::from(move |_: MouseEvent| {
        let mut events = state
            .scenario
            .get("events")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if index < events.len() {
            events.remove(index);
            let _ = try_edit(&state, "/events", Value::Array(events), label.clone(), None);
        }
    });
    html! { <li><code>{ text }</code>{ " " }<button type="button" class="btn small" {onclick}>{ lang.t(T::Remove) }</button></li> }
}

/// A number field bound to a pointer, validated by range and by the engine.
#[derive(Properties, PartialEq)]
struct NumberFieldProps {
    id: AttrValue,
    label: AttrValue,
    pointer: AttrValue,
    min: u64,
    max: u64,
}

#[function_component(NumberField)]
fn number_field(props: &NumberFieldProps) -> Html {
    let error = use_state(|| None::<String>);
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let applied = s
        .scenario
        .pointer(&props.pointer)
        .and_then(Value::as_u64)
        .map(|v| v.to_string())
        .unwrap_or_default();
    let text = s.drafts.get(props.id.as_str()).cloned().unwrap_or(applied);
    let oninput = {
        let state = ctx.state.clone();
        let error = error.clone();
        let id = props.id.to_string();
        let pointer = props.pointer.to_string();
        let label = props.label.to_string();
        let (min, max) = (props.min, props.max);
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            state.dispatch(Action::SetDraft {
                editor: id.clone(),
                text: Some(text.clone()),
            });
            match text.trim().parse::<u64>() {
                Ok(v) if (min..=max).contains(&v) => {
                    error.set(
                        try_edit(
                            &state,
                            &pointer,
                            json!(v),
                            format!("{label} = {v}"),
                            Some(id.clone()),
                        )
                        .err(),
                    );
                }
                _ => error.set(Some(lang.f(T::InvalidNumber, &[&min, &max]))),
            }
        })
    };
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ &props.label }</label>
            <input id={props.id.clone()} type="number" inputmode="numeric" min={props.min.to_string()} max={props.max.to_string()}
                class={classes!("short", error.is_some().then_some("invalid"))} value={text} {oninput}
                aria-invalid={error.is_some().to_string()} />
            if let Some(e) = &*error { <p class="editor-error small" role="alert">{ e }</p> }
        </div>
    }
}

#[function_component(StreamSettings)]
fn stream_settings() -> Html {
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
                let mut events = state
                    .scenario
                    .get("events")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                events.push(if turn_on {
                    json!({"action": "start_stream_encryption", "at": when, "stream": stream, "key": key})
                } else {
                    json!({"action": "stop_stream_encryption", "at": when, "stream": stream})
                });
                try_edit(&state, "/events", Value::Array(events), label, None)
            };
            error.set(result.err());
        })
    };
    let on_at = {
        let at = at.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            at.set(input.value());
        })
    };
    let on_key = on_select_edit(
        &ctx.state,
        &error,
        "/streams/0/encryption/key",
        "stream key",
    );
    let events: Vec<(usize, Value)> = s
        .scenario
        .get("events")
        .and_then(Value::as_array)
        .map(|ev| {
            ev.iter()
                .enumerate()
                .filter(|(_, e)| e.get("stream").is_some())
                .map(|(i, e)| (i, e.clone()))
                .collect()
        })
        .unwrap_or_default();
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

#[function_component(FirehoseSettings)]
fn firehose_settings() -> Html {
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
fn producer_settings() -> Html {
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

#[function_component(BucketSettings)]
fn bucket_settings() -> Html {
    let error = use_state(|| None::<String>);
    let reader_role = use_state(String::new);
    let reader_at = use_state(|| "10m".to_string());
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let bucket = str_at(&s.scenario, "/buckets/0/name").to_string();
    let bucket_key = s
        .scenario
        .pointer("/buckets/0/default_encryption/bucket_key")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let on_bucket_key = {
        let state = ctx.state.clone();
        let error = error.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let v = input.checked();
            error.set(
                try_edit(
                    &state,
                    "/buckets/0/default_encryption/bucket_key",
                    json!(v),
                    format!("Bucket Key {}", if v { "on" } else { "off" }),
                    None,
                )
                .err(),
            );
        })
    };
    let sse = str_at(&s.scenario, "/buckets/0/default_encryption/sse").to_string();
    let on_sse = on_select_edit(
        &ctx.state,
        &error,
        "/buckets/0/default_encryption/sse",
        "default encryption",
    );
    let roles = names_in(&s.scenario, "roles");
    let readers = s
        .scenario
        .get("readers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let add_reader = {
        let state = ctx.state.clone();
        let error = error.clone();
        let reader_role = reader_role.clone();
        let reader_at = reader_at.clone();
        let bucket = bucket.clone();
        let first = roles.first().cloned().unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            let role = if reader_role.is_empty() {
                first.clone()
            } else {
                (*reader_role).clone()
            };
            let mut readers = state
                .scenario
                .get("readers")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            readers.push(
                json!({"role": role, "at": reader_at.trim(), "bucket": bucket, "prefix": ""}),
            );
            error.set(
                try_edit(
                    &state,
                    "/readers",
                    Value::Array(readers),
                    format!("reader {role}"),
                    None,
                )
                .err(),
            );
        })
    };
    let on_role = {
        let reader_role = reader_role.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            reader_role.set(select.value());
        })
    };
    let on_at = {
        let reader_at = reader_at.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            reader_at.set(input.value());
        })
    };
    html! {
        <>
            <p class="muted"><code>{ &bucket }</code></p>
            <fieldset class="settings-group">
                <legend>{ lang.t(T::DefaultEncryption) }</legend>
                <div class="field">
                    <label for="bucket-sse">{ lang.t(T::DefaultEncryption) }</label>
                    <select id="bucket-sse" onchange={on_sse}>
                        { for [("AES256", "SSE-S3 (AES256)"), ("aws:kms", "SSE-KMS (aws:kms)")].iter().map(|(v, l)| html! {
                            <option value={*v} selected={*v == sse}>{ *l }</option>
                        }) }
                    </select>
                </div>
                <label class="check">
                    <input type="checkbox" id="bucket-key" checked={bucket_key} onchange={on_bucket_key} />
                    { lang.t(T::BucketKey) }
                </label>
                <p class="muted small">{ lang.t(T::BucketKeyHelp) }</p>
            </fieldset>
            if shown_scenario(s).pointer("/buckets/0/policy").is_some_and(|p| !p.is_null()) {
                <ScenarioPolicy id="bucket-policy" label={lang.t(F::BucketPolicy)}
                    pointer="/buckets/0/policy" kind={PolicyKind::BucketPolicy} />
            }
            <fieldset class="settings-group">
                <legend>{ lang.t(T::Readers) }</legend>
                <ul class="event-list">
                    { for readers.iter().enumerate().map(|(i, r)| {
                        let state = ctx.state.clone();
                        let label = format!("{} {}", lang.t(T::Remove), str_at(r, "/role"));
                        let onclick = Callback::from(move |_: MouseEvent| {
                            let mut readers = state.scenario.get("readers").and_then(Value::as_array).cloned().unwrap_or_default();
                            if i < readers.len() {
                                readers.remove(i);
                                let _ = try_edit(&state, "/readers", Value::Array(readers), label.clone(), None);
                            }
                        });
                        html! { <li><code>{ str_at(r, "/role") }</code>{ " " }{ lang.f(T::ReaderAt, &[&str_at(r, "/at")]) }{ " " }
                            <button type="button" class="btn small" {onclick}>{ lang.t(T::Remove) }</button></li> }
                    }) }
                </ul>
                <div class="inline-fields">
                    <div class="field">
                        <label for="reader-role">{ lang.t(T::Role) }</label>
                        <select id="reader-role" onchange={on_role}>
                            { for roles.iter().map(|r| html! { <option value={r.clone()} selected={*r == *reader_role}>{ r }</option> }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="reader-at">{ lang.t(T::ApplyAt) }</label>
                        <input id="reader-at" type="text" class="code short" value={(*reader_at).clone()} oninput={on_at} />
                    </div>
                    <button type="button" class="btn" id="add-reader" onclick={add_reader}>{ lang.t(T::AddReader) }</button>
                </div>
            </fieldset>
            if let Some(e) = &*error { <p class="editor-error" role="alert">{ e }</p> }
        </>
    }
}

/// The whole scenario as JSON, validated by the engine with path errors.
#[function_component(ScenarioEditor)]
fn scenario_editor() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    const ID: &str = "scenario-json";
    let preview = s.spotlight.as_ref().and_then(|sp| sp.preview.as_ref());
    let text = match preview {
        Some(doc) => pretty(doc),
        None => s
            .drafts
            .get(ID)
            .cloned()
            .unwrap_or_else(|| pretty(&s.scenario)),
    };
    let mut error_line = None;
    let problem: Option<String> = match serde_json::from_str::<Value>(&text) {
        Err(e) => {
            error_line = Some(e.line());
            let ctx_line = error_context(&text, e.line(), e.column())
                .map(|(src, caret)| format!("\n{:>4} | {src}\n     | {caret}", e.line()))
                .unwrap_or_default();
            let why = json_error_text(&e);
            Some(format!(
                "{}{ctx_line}",
                lang.f(T::ErrorAt, &[&e.line(), &e.column(), &why.get(lang.code())])
            ))
        }
        Ok(doc) => runner::validate(&doc)
            .err()
            .map(|e| lang.f(T::ErrorAtPath, &[&e.path, &e.message.get(lang.code())])),
    };
    // "Show me" on a document without an editor of its own: its statement (or the whole
    // setting) highlighted here.
    let highlight = s
        .spotlight
        .as_ref()
        .map(|sp| sp.statement.clone().unwrap_or_else(|| sp.pointer.clone()));
    let highlight = highlight.and_then(|p| super::code_area::pointer_lines(&text, &p));
    let invalid = problem.is_some();
    let oninput = {
        let state = ctx.state.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            state.dispatch(Action::SetDraft {
                editor: ID.into(),
                text: Some(text.clone()),
            });
            if let Ok(doc) = serde_json::from_str::<Value>(&text) {
                if runner::validate(&doc).is_ok() {
                    state.dispatch(Action::Edit {
                        pointer: String::new(),
                        value: doc,
                        label: "scenario JSON".into(),
                        coalesce: Some(ID.into()),
                    });
                }
            }
        })
    };
    html! {
        <div class="policy-editor">
            <label for={ID} class="editor-label">{ lang.t(T::ScenarioJson) }</label>
            <div class="editor-status" id="scenario-json-status" aria-live="polite">
                { match problem {
                    Some(p) => html! { <div class="editor-error" role="alert"><pre class="error-context" tabindex="0">{ p }</pre><p class="muted small">{ lang.t(T::EditorInvalid) }</p></div> },
                    None => html! { <p class="editor-ok">{ "✓ " }{ lang.t(T::EditorValid) }</p> },
                } }
            </div>
            <super::code_area::CodeArea id={ID} {text} {invalid} readonly={preview.is_some()} min_rows={28}
                described_by="scenario-json-status" {error_line} {highlight} {oninput} />
        </div>
    }
}
