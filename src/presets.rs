//! The sandbox's preset picker: every engine preset with its one-line description (English
//! or Japanese, from the engine); loading one replaces the scenario as one undoable edit.

use yew::prelude::*;

use envelope_lab::sim::presets;

use super::i18n::{Lang, T};
use super::state::Action;
use super::Ctx;

/// `(name, description in lang, error code)` of every preset, in teaching order.
pub fn preset_list(lang: Lang) -> Vec<(&'static str, &'static str, Option<&'static str>)> {
    presets::all()
        .iter()
        .map(|p| (p.name, p.description.get(lang.code()), p.error_code))
        .collect()
}

/// The scenario of a preset as the JSON document the state keeps.
pub fn preset_scenario(name: &str) -> Option<serde_json::Value> {
    presets::get(name).and_then(|s| serde_json::to_value(s).ok())
}

#[function_component(PresetPicker)]
pub fn preset_picker() -> Html {
    let chosen = use_state(|| presets::all().first().map(|p| p.name).unwrap_or(""));
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = ctx.state.lang;
    let list = preset_list(lang);
    let current = list.iter().find(|(n, _, _)| *n == *chosen).copied();
    let on_change = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            if let Some(p) = presets::all().iter().find(|p| p.name == value) {
                chosen.set(p.name);
            }
        })
    };
    let on_load = {
        let state = ctx.state.clone();
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(doc) = preset_scenario(&chosen) {
                state.dispatch(Action::ReplaceScenario {
                    scenario: doc,
                    label: format!("preset {}", *chosen),
                });
            }
        })
    };
    html! {
        <section class="presets card" aria-labelledby="presets-title">
            <h2 id="presets-title" class="section-title">{ lang.t(T::Presets) }</h2>
            <div class="preset-row">
                <label for="preset-select" class="visually-hidden">{ lang.t(T::Presets) }</label>
                <select id="preset-select" onchange={on_change} aria-describedby="preset-description">
                    { for list.iter().map(|(name, _, code)| html! {
                        <option value={*name} selected={*name == *chosen}>
                            { *name }{ code.map(|c| format!(" ({c})")).unwrap_or_default() }
                        </option>
                    }) }
                </select>
                <button type="button" class="btn small" id="preset-load" onclick={on_load}>{ lang.t(T::LoadPreset) }</button>
            </div>
            if let Some((_, description, _)) = current {
                <p class="muted small" id="preset-description">{ description }</p>
            }
        </section>
    }
}
