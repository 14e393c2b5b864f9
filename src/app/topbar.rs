//! The top bar: brand, mode (Tutorial / Sandbox / Playground), seed, language, undo/redo,
//! share, export/import, and the side-panel switches (where the mode shows side panels).
//! On a phone it folds into a menu. Hidden in embed mode.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::runner;
use super::state::{Action, Mode, Notice, Panel};
use super::web;
use super::Ctx;
use crate::i18n::{history_label, Lang, T};
use envelope_lab::text::Text;

#[function_component(TopBar)]
pub fn top_bar() -> Html {
    let reader = use_mut_ref(|| None::<web::Guard>);
    let seed_text = use_state(|| None::<String>);
    let menu_open = use_state(|| false);
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let state = ctx.state.clone();

    let mode_button = |m: Mode, label: T| {
        let state = state.clone();
        let menu_open = menu_open.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            menu_open.set(false);
            state.dispatch(Action::SetMode(m))
        });
        html! {
            <button type="button" class={classes!("seg", (s.mode == m).then_some("on"))} id={format!("mode-{}", m.code())}
                    aria-pressed={(s.mode == m).to_string()} {onclick}>{ lang.t(label) }</button>
        }
    };
    let on_lang = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = Lang::from_code(&select.value()) {
                state.dispatch(Action::SetLang(l));
            }
        })
    };
    let seed_value = (*seed_text).clone().unwrap_or_else(|| s.seed.to_string());
    let on_seed = {
        let state = state.clone();
        let seed_text = seed_text.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            if let Ok(v) = text.trim().parse::<u64>() {
                state.dispatch(Action::SetSeed(v));
                seed_text.set(None);
            } else {
                seed_text.set(Some(text));
            }
        })
    };
    let new_seed = {
        let state = state.clone();
        let seed_text = seed_text.clone();
        Callback::from(move |_: MouseEvent| {
            seed_text.set(None);
            state.dispatch(Action::SetSeed(web::random_seed()));
        })
    };
    let undo = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Undo))
    };
    let redo = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Redo))
    };
    let share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let fragment = super::share_link(&state).to_fragment();
            web::replace_fragment(&fragment);
            let url = web::page_url();
            let notice = if web::copy_text(&url) {
                Notice::LinkCopied
            } else {
                Notice::LinkReady
            };
            state.dispatch(Action::Notify(notice));
        })
    };
    let export = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let text = serde_json::to_string_pretty(&*state.scenario).unwrap_or_default();
            web::download("envelope-lab-scenario.json", &text);
        })
    };
    let import = {
        let state = state.clone();
        let reader: Rc<RefCell<Option<web::Guard>>> = reader.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let state = state.clone();
            let done = Callback::from(move |result: Result<String, String>| {
                let outcome = result
                    .map_err(|e| Text::new(e.clone(), e))
                    .and_then(|text| runner::import_text(&text).map_err(|e| e.located()));
                match outcome {
                    Ok(doc) => {
                        state.dispatch(Action::ReplaceScenario {
                            scenario: doc,
                            label: "import".into(),
                        });
                        state.dispatch(Action::Notify(Notice::Imported));
                    }
                    Err(e) => state.dispatch(Action::Notify(Notice::ImportFailed(e))),
                }
            });
            *reader.borrow_mut() = web::read_file(&input, done);
            input.set_value("");
        })
    };
    let panel_button = |p: Panel, label: T, id: &'static str| {
        let state = state.clone();
        let menu_open = menu_open.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            menu_open.set(false);
            state.dispatch(Action::TogglePanel(p))
        });
        html! {
            <button type="button" class={classes!("btn", "small", (s.panel == Some(p)).then_some("on"))} {id}
                    aria-pressed={(s.panel == Some(p)).to_string()} {onclick}>{ lang.t(label) }</button>
        }
    };
    let undo_title = s
        .undo
        .last()
        .map(|e| lang.f(T::UndoWhat, &[&history_label(&e.label, lang)]));
    let redo_title = s
        .redo
        .last()
        .map(|e| lang.f(T::RedoWhat, &[&history_label(&e.label, lang)]));
    let toggle_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |_: MouseEvent| menu_open.set(!*menu_open))
    };
    let mode_name = match s.mode {
        Mode::Tutorial => T::ModeTutorial,
        Mode::Sandbox => T::ModeSandbox,
        Mode::Playground => T::ModePlayground,
    };
    // Side panels show beside the simulation, which the playground does not show.
    let panels = s.mode != Mode::Playground;
    html! {
        <header class="topbar">
            <div class="brand-block">
                <h1 class="brand">{ "Envelope Lab" }</h1>
                <p class="tagline">{ lang.t(T::Tagline) }</p>
            </div>
            <button type="button" class="btn small menu-toggle" id="menu-toggle" aria-expanded={menu_open.to_string()}
                    aria-controls="topbar-menu" onclick={toggle_menu}>
                <span aria-hidden="true">{ "☰ " }</span>
                <span class="menu-label">{ lang.t(T::Menu) }</span>
                <span class="more-label">{ lang.t(T::MoreTools) }</span>
                <span class="current-mode">{ lang.t(mode_name) }</span>
            </button>
            <div id="topbar-menu" class={classes!("bar-menu", menu_open.then_some("open"))}>
            <nav class="bar-row" aria-label={lang.t(T::Mode)}>
                <div class="segmented" role="group" aria-label={lang.t(T::Mode)}>
                    { mode_button(Mode::Tutorial, T::ModeTutorial) }
                    { mode_button(Mode::Sandbox, T::ModeSandbox) }
                    { mode_button(Mode::Playground, T::ModePlayground) }
                </div>
                <div class="inline-field">
                    <label for="seed-input">{ lang.t(T::Seed) }</label>
                    <input id="seed-input" type="text" inputmode="numeric" class="code seed" value={seed_value} oninput={on_seed} />
                    <button type="button" class="btn small" id="new-seed" onclick={new_seed}>{ lang.t(T::NewSeed) }</button>
                </div>
                <div class="inline-field">
                    <label for="lang-select">{ lang.t(T::Language) }</label>
                    <select id="lang-select" onchange={on_lang}>
                        { for Lang::ALL.iter().map(|l| html! { <option value={l.code()} selected={*l == lang}>{ l.native_name() }</option> }) }
                    </select>
                </div>
            </nav>
            <div class="bar-row bar-tools">
                <button type="button" class="btn small" id="undo-button" onclick={undo} disabled={s.undo.is_empty()} title={undo_title}>
                    <span aria-hidden="true">{ "↶ " }</span>{ lang.t(T::Undo) }
                </button>
                <button type="button" class="btn small" id="redo-button" onclick={redo} disabled={s.redo.is_empty()} title={redo_title}>
                    <span aria-hidden="true">{ "↷ " }</span>{ lang.t(T::Redo) }
                </button>
                <button type="button" class="btn small" id="share-button" onclick={share}>{ lang.t(T::ShareLink) }</button>
                <button type="button" class="btn small" id="export-button" onclick={export}>{ lang.t(T::ExportJson) }</button>
                <label class="btn small file-label" for="import-input">{ lang.t(T::ImportJson) }</label>
                <input type="file" id="import-input" class="visually-hidden" accept="application/json,.json" onchange={import} />
                <crate::cfn_dialog::CfnButtons />
                if panels {
                    <span class="bar-sep" aria-hidden="true"></span>
                    { panel_button(Panel::Objects, T::PanelObjects, "panel-objects") }
                    { panel_button(Panel::Logs, T::PanelLogs, "panel-logs") }
                    { panel_button(Panel::Cost, T::PanelCost, "panel-cost") }
                    { panel_button(Panel::Plaintext, T::PanelPlaintext, "panel-plaintext") }
                }
            </div>
            </div>
        </header>
    }
}
