//! The sandbox's preset picker: every engine preset with its one-line description (English
//! or Japanese, from the engine); loading one replaces the scenario as one undoable edit.
//! It says what the current scenario is: a preset, a preset edited, or a custom scenario
//! (a link, an import, an embedding page's loadScenario, a lesson).

use serde_json::Value;
use yew::prelude::*;

use envelope_lab::sim::presets;

use crate::i18n::{Lang, T};
use crate::state::Action;
use crate::Ctx;

/// `(name, description in lang, error code)` of every preset, in teaching order.
pub fn preset_list(lang: Lang) -> Vec<(&'static str, &'static str, Option<&'static str>)> {
    presets::all()
        .iter()
        .map(|p| (p.name, p.description.get(lang.code()), p.error_code))
        .collect()
}

/// The scenario of a preset as the JSON document the state keeps.
pub fn preset_scenario(name: &str) -> Option<Value> {
    presets::get(name).and_then(|s| serde_json::to_value(s).ok())
}

/// What the current scenario is.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Exactly this preset.
    Preset(&'static str),
    /// Loaded from this preset, then edited.
    Edited(&'static str),
    /// Not a preset.
    Custom,
}

/// The origin of `scenario`, loaded from the preset `base` (if it was).
pub fn origin(scenario: &Value, base: Option<&str>) -> Origin {
    let known = |name: &str| {
        presets::all()
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.name)
    };
    if let Some(name) = base.and_then(known) {
        return if preset_scenario(name).as_ref() == Some(scenario) {
            Origin::Preset(name)
        } else {
            Origin::Edited(name)
        };
    }
    presets::all()
        .iter()
        .find(|p| preset_scenario(p.name).as_ref() == Some(scenario))
        .map_or(Origin::Custom, |p| Origin::Preset(p.name))
}

impl Origin {
    /// How the picker names it.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Origin::Preset(name) => name.to_string(),
            Origin::Edited(name) => lang.f(T::PresetEdited, &[name]),
            Origin::Custom => lang.t(T::CustomScenario).to_string(),
        }
    }
}

#[function_component(PresetPicker)]
pub fn preset_picker() -> Html {
    // A preset chosen in the list but not loaded yet; forgotten when the scenario changes.
    let chosen = use_state(|| None::<&'static str>);
    let ctx = use_context::<Ctx>();
    let revision = ctx.as_ref().map_or(0, |c| c.state.revision);
    {
        let chosen = chosen.clone();
        use_effect_with(revision, move |_| chosen.set(None));
    }
    let origin = {
        let scenario = ctx.as_ref().map(|c| c.state.scenario.clone());
        let base = ctx.as_ref().and_then(|c| c.state.preset.clone());
        use_memo((revision, base.clone()), move |_| match scenario {
            Some(doc) => origin(&doc, base.as_deref()),
            None => Origin::Custom,
        })
    };
    let Some(ctx) = ctx else {
        return html! {};
    };
    let lang = ctx.state.lang;
    let list = preset_list(lang);
    let shown = (*chosen).or(match *origin {
        Origin::Preset(name) => Some(name),
        _ => None,
    });
    let current = shown.and_then(|n| list.iter().find(|(name, _, _)| *name == n).copied());
    let on_change = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            // A client-side preset chosen: its cryptography module starts downloading now,
            // so loading the preset rarely waits for it (crate::esdk_client).
            if presets::get(&value).is_some_and(|s| s.uses_client_side()) {
                crate::esdk_client::preload();
            }
            chosen.set(
                presets::all()
                    .iter()
                    .find(|p| p.name == value)
                    .map(|p| p.name),
            );
        })
    };
    let on_load = {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(doc) = shown.and_then(preset_scenario) {
                state.dispatch(Action::LoadPreset {
                    name: shown.unwrap_or_default().to_string(),
                    scenario: doc,
                });
            }
        })
    };
    let description = match (current, &*origin) {
        (Some((_, description, code)), _) => match code {
            Some(code) => format!("{description} ({code})"),
            None => description.to_string(),
        },
        (None, Origin::Edited(name)) => lang.f(T::EditedScenarioHelp, &[name]),
        (None, _) => lang.t(T::CustomScenarioHelp).to_string(),
    };
    html! {
        <section class="presets card" aria-labelledby="presets-title">
            <h2 id="presets-title" class="section-title">{ lang.t(T::Presets) }</h2>
            <p class="preset-current" id="preset-current" data-origin={match *origin { Origin::Preset(_) => "preset", Origin::Edited(_) => "edited", Origin::Custom => "custom" }}>
                { lang.t(T::CurrentScenario) }{ " " }<strong>{ origin.label(lang) }</strong>
            </p>
            <div class="preset-row">
                <label for="preset-select" class="visually-hidden">{ lang.t(T::Presets) }</label>
                <select id="preset-select" onchange={on_change} aria-describedby="preset-description">
                    if shown.is_none() {
                        <option value="" selected=true disabled=true>{ origin.label(lang) }</option>
                    }
                    { for list.iter().map(|(name, _, _)| html! {
                        <option value={*name} selected={Some(*name) == shown}>{ *name }</option>
                    }) }
                </select>
                <button type="button" class="btn small" id="preset-load" onclick={on_load} disabled={shown.is_none()}>{ lang.t(T::LoadPreset) }</button>
            </div>
            <p class="muted small" id="preset-description">{ description }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        let happy = preset_scenario("happy-path").unwrap();
        assert_eq!(origin(&happy, None), Origin::Preset("happy-path"));
        assert_eq!(
            origin(&crate::runner::default_scenario(), None),
            Origin::Preset("happy-path"),
            "the default scenario is the happy path"
        );
        assert_eq!(
            origin(&happy, Some("happy-path")),
            Origin::Preset("happy-path")
        );
        let mut edited = happy.clone();
        edited["producers"][0]["invocations"] = serde_json::json!(7);
        assert_eq!(
            origin(&edited, Some("happy-path")),
            Origin::Edited("happy-path")
        );
        assert_eq!(origin(&edited, None), Origin::Custom);
        assert_eq!(origin(&edited, Some("no-such-preset")), Origin::Custom);
        assert_eq!(Origin::Edited("p").label(Lang::Ja), "p (編集済み)");
        assert_eq!(Origin::Custom.label(Lang::En), "custom scenario");
    }
}
