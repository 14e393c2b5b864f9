//! The sandbox's preset picker: every engine preset with its one-line description (English
//! or Japanese, from the engine); loading one replaces the scenario as one undoable edit.
//! It says what the current scenario is: a preset, a preset edited, or a custom scenario
//! (a link, an import, an embedding page's loadScenario, a lesson).
//!
//! The list is the engine's catalogue (names and descriptions, no builders). The classic
//! presets are built in the page; an organization or client-side preset is asked of the
//! policy tools worker the first time (`tools_client::load_preset`), the Load button busy
//! meanwhile, so their builders stay out of the app's Wasm (docs/SIZE.md step 15).

use serde_json::Value;
use yew::prelude::*;

use envelope_lab::sim::presets::{self, Family};
use envelope_lab::text::Text;

use crate::i18n::{Lang, T};
use crate::state::Action;
use crate::tools_client::{load_preset, preset_now, preset_pending};
use crate::Ctx;

/// `(name, description in lang, error code)` of every preset, in teaching order.
pub fn preset_list(lang: Lang) -> Vec<(&'static str, &'static str, Option<&'static str>)> {
    presets::catalog()
        .iter()
        .map(|p| (p.name, p.description.get(lang.code()), p.error_code))
        .collect()
}

/// The scenario of a preset as the JSON document the state keeps, if the page has it now
/// (a classic preset, or an organization or client-side one the worker has sent).
pub fn preset_scenario(name: &str) -> Option<Value> {
    preset_now(name)
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

/// The origin of `scenario`, loaded from the preset `base` (if it was). Compared with the
/// presets the page has: a scenario equal to an organization or client-side preset the
/// worker has not sent yet is that preset only through `base` (what the page remembers
/// of the loaded preset, saved work included), and reads as the preset until the worker's
/// copy tells edited from not (the picker asks for it).
pub fn origin(scenario: &Value, base: Option<&str>) -> Origin {
    if let Some(name) = base.and_then(presets::info).map(|p| p.name) {
        return match preset_scenario(name) {
            Some(doc) if doc != *scenario => Origin::Edited(name),
            _ => Origin::Preset(name),
        };
    }
    presets::catalog()
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
    // The organization or client-side preset being fetched from the tools worker, and why
    // the last fetch failed.
    let loading = use_state(|| None::<&'static str>);
    let failed = use_state(|| None::<Text>);
    // Bumped when the worker has sent the base preset's scenario (the origin is then
    // compared with it).
    let fetched = use_state(|| 0u32);
    let ctx = use_context::<Ctx>();
    let revision = ctx.as_ref().map_or(0, |c| c.state.revision);
    {
        let chosen = chosen.clone();
        use_effect_with(revision, move |_| chosen.set(None));
    }
    let base = ctx.as_ref().and_then(|c| c.state.preset.clone());
    {
        let fetched = fetched.clone();
        use_effect_with(base.clone(), move |base| {
            if let Some(base) = base.as_deref().filter(|b| preset_pending(b)) {
                load_preset(
                    base,
                    Callback::from(move |r: Result<Value, Text>| {
                        if r.is_ok() {
                            fetched.set(*fetched + 1);
                        }
                    }),
                );
            }
        });
    }
    let origin = {
        let scenario = ctx.as_ref().map(|c| c.state.scenario.clone());
        use_memo(
            (revision, base.clone(), *fetched),
            move |_| match scenario {
                Some(doc) => origin(&doc, base.as_deref()),
                None => Origin::Custom,
            },
        )
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
            let info = presets::info(&value);
            if info.is_some_and(|p| p.family == Family::ClientSide) {
                crate::esdk_client::preload();
            }
            chosen.set(info.map(|p| p.name));
        })
    };
    let on_load = {
        let state = ctx.state.clone();
        let (loading, failed) = (loading.clone(), failed.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(name) = shown else { return };
            if loading.is_some() {
                return;
            }
            failed.set(None);
            if preset_pending(name) {
                loading.set(Some(name));
            }
            let (state, loading, failed) = (state.clone(), loading.clone(), failed.clone());
            load_preset(
                name,
                Callback::from(move |r: Result<Value, Text>| {
                    loading.set(None);
                    match r {
                        Ok(doc) => state.dispatch(Action::LoadPreset {
                            name: name.to_string(),
                            scenario: doc,
                        }),
                        Err(e) => failed.set(Some(e)),
                    }
                }),
            );
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
                <button type="button" class="btn small" id="preset-load" onclick={on_load}
                    disabled={shown.is_none() || loading.is_some()} aria-busy={loading.is_some().then_some("true")}>
                    // The status line below says it is loading, once.
                    { lang.t(T::LoadPreset) }
                </button>
            </div>
            if let Some(name) = *loading {
                <p class="muted small" id="preset-loading" role="status" data-preset={name}>{ lang.t(T::PresetLoading) }</p>
            }
            if let Some(why) = &*failed {
                <p class="error-banner" id="preset-load-failed" role="alert">{ lang.f(T::PresetLoadFailed, &[&why.get(lang.code())]) }</p>
            }
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
