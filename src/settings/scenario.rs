//! The whole scenario as JSON, validated by the engine with path errors, and the button
//! that opens it.

use serde_json::Value;
use yew::prelude::*;

use envelope_lab::sim::scenario::json_error_text;

use crate::editors::code_area::{pointer_lines, CodeArea};
use crate::editors::policy_editor::{error_context, pretty};
use crate::i18n::T;
use crate::runner;
use crate::state::{Action, Selection};
use crate::Ctx;

#[function_component(ScenarioButton)]
pub(super) fn scenario_button() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let state = ctx.state.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        state.dispatch(Action::Select(Some(Selection::Scenario)))
    });
    html! { <button type="button" class="btn" id="open-scenario-json" {onclick}>{ ctx.state.lang.t(T::ScenarioJson) }</button> }
}

/// The whole scenario as JSON, validated by the engine with path errors.
#[function_component(ScenarioEditor)]
pub(super) fn scenario_editor() -> Html {
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
    let edited = preview.is_none() && s.drafts.contains_key(ID);
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
    let highlight = highlight.and_then(|p| pointer_lines(&text, &p));
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
                    None => html! { <p class="editor-ok">{ "✓ " }{ lang.t(if edited { T::EditorValid } else { T::EditorValidUnedited }) }</p> },
                } }
            </div>
            <CodeArea id={ID} {text} {invalid} readonly={preview.is_some()} min_rows={28}
                described_by="scenario-json-status" {error_line} {highlight} {oninput} />
        </div>
    }
}
