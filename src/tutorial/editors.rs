//! The lesson's editors: a policy editor (the UI's [`PolicyEditor`]) for policy documents and
//! a JSON editor for other scenario values (events, settings). Every valid change is an
//! `Edit` action, so it is undoable like any sandbox edit.

use serde_json::Value;
use yew::prelude::*;

use crate::state::Action;
use crate::{Ctx, Lang, PolicyEditor};
use envelope_lab::lessons::{patch, EditorSpec};
use envelope_lab::policy::PolicyKind;
use envelope_lab::sim::scenario::policy_kind_at;

fn is_policy(v: &Value) -> bool {
    v.get("Statement").is_some()
}

#[derive(Properties, PartialEq)]
pub struct LessonEditorProps {
    pub index: usize,
    pub spec: EditorSpec,
    pub lang: Lang,
}

/// One editor bound to a JSON pointer of the scenario.
#[function_component(LessonEditor)]
pub fn lesson_editor(props: &LessonEditorProps) -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = props.lang;
    let code = lang.code();
    let id = format!("lesson-editor-{}", props.index);
    let pointer = props.spec.pointer.clone();
    let value = patch::get(&ctx.state.scenario, &pointer)
        .cloned()
        .unwrap_or(Value::Null);
    let draft = ctx.state.drafts.get(&id).cloned();
    let label = props.spec.label.get(code).to_string();
    let on_valid = {
        let state = ctx.state.clone();
        let pointer = pointer.clone();
        let id = id.clone();
        let label = label.clone();
        Callback::from(move |v: Value| {
            state.dispatch(Action::Edit {
                pointer: pointer.clone(),
                value: v,
                label: label.clone(),
                coalesce: Some(id.clone()),
            })
        })
    };
    let on_draft = {
        let state = ctx.state.clone();
        let id = id.clone();
        Callback::from(move |text: Option<String>| {
            state.dispatch(Action::SetDraft {
                editor: id.clone(),
                text,
            })
        })
    };
    // The scenario says what kind of policy the pointer holds; another object with a
    // Statement is linted as an identity policy.
    let kind =
        policy_kind_at(&pointer).or_else(|| is_policy(&value).then_some(PolicyKind::Identity));
    if let Some(kind) = kind {
        return html! {
            <PolicyEditor id={id} label={label} value={value} draft={draft} kind={kind} lang={lang}
                on_draft={on_draft} on_valid={on_valid} rows={16} />
        };
    }
    // Any other JSON value.
    let text = draft.clone().unwrap_or_else(|| {
        if value.is_null() {
            "[]".to_string()
        } else {
            serde_json::to_string_pretty(&value).unwrap_or_default()
        }
    });
    let error = serde_json::from_str::<Value>(&text).err().map(|e| {
        envelope_lab::sim::scenario::json_error_text(&e)
            .get(code)
            .to_string()
    });
    let oninput = {
        let on_draft = on_draft.clone();
        let on_valid = on_valid.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            on_draft.emit(Some(text.clone()));
            if let Ok(v) = serde_json::from_str::<Value>(&text) {
                on_valid.emit(v);
            }
        })
    };
    html! {
        <div class="policy-editor">
            <label for={id.clone()} class="editor-label">{ label }</label>
            <textarea id={id.clone()} class={classes!("code", error.is_some().then_some("invalid"))}
                spellcheck="false" rows="12" value={text} aria-invalid={error.is_some().to_string()} {oninput} />
            if let Some(e) = error {
                <div class="editor-error" role="alert"><p>{ e }</p></div>
            }
        </div>
    }
}
