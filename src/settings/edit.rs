//! Editing the scenario from a form: an edit applied only if the engine accepts the
//! result, a select or a number field bound to a JSON pointer, an event added or removed.

use serde_json::{json, Value};
use yew::prelude::*;

use crate::i18n::{Lang, T};
use crate::runner;
use crate::state::{Action, State};
use crate::Ctx;

pub(super) fn find_index(doc: &Value, list: &str, name: &str) -> Option<usize> {
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

pub(super) fn str_at<'a>(doc: &'a Value, pointer: &str) -> &'a str {
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
    if !crate::state::set_pointer(&mut doc, pointer, value.clone()) {
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

/// The scenario's scheduled events (none when it has no list).
fn events(doc: &Value) -> Vec<Value> {
    doc.get("events")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// The events that `about` picks, each with its place in the list (to remove it by).
pub(super) fn events_where(doc: &Value, about: impl Fn(&Value) -> bool) -> Vec<(usize, Value)> {
    let all = doc.get("events").and_then(Value::as_array);
    all.into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, e)| about(e))
        .map(|(i, e)| (i, e.clone()))
        .collect()
}

/// Schedules `event` (appended to the list) as one undoable edit labelled `label`, if the
/// engine accepts it.
pub(super) fn add_event(
    state: &UseReducerHandle<State>,
    event: Value,
    label: String,
) -> Result<(), String> {
    let mut events = events(&state.scenario);
    events.push(event);
    try_edit(state, "/events", Value::Array(events), label, None)
}

/// A text field's input handler that keeps what is typed in `field`.
pub(super) fn on_text(field: &UseStateHandle<String>) -> Callback<InputEvent> {
    let field = field.clone();
    Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        field.set(input.value());
    })
}

/// A select's change handler: writes the chosen value at `pointer` as one undoable edit
/// labelled "`what` value"; a refused edit's reason goes to `error`.
pub(super) fn on_select_edit(
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

pub(super) fn event_item(
    state: &UseReducerHandle<State>,
    index: usize,
    event: &Value,
    lang: Lang,
) -> Html {
    let text = format!("{} @ {}", str_at(event, "/action"), str_at(event, "/at"));
    let state = state.clone();
    let label = format!("{} {text}", lang.t(T::Remove));
    let onclick = Callback::from(move |_: MouseEvent| {
        let mut events = events(&state.scenario);
        if index < events.len() {
            events.remove(index);
            let _ = try_edit(&state, "/events", Value::Array(events), label.clone(), None);
        }
    });
    html! { <li><code>{ text }</code>{ " " }<button type="button" class="btn small" {onclick}>{ lang.t(T::Remove) }</button></li> }
}

/// A number field bound to a pointer, validated by range and by the engine.
#[derive(Properties, PartialEq)]
pub(super) struct NumberFieldProps {
    pub(super) id: AttrValue,
    pub(super) label: AttrValue,
    pub(super) pointer: AttrValue,
    pub(super) min: u64,
    pub(super) max: u64,
}

#[function_component(NumberField)]
pub(super) fn number_field(props: &NumberFieldProps) -> Html {
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
