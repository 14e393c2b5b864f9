//! A policy editor bound to a pointer of the scenario, showing a fix's statement and preview.

use serde_json::Value;
use yew::prelude::*;

use envelope_lab::policy::PolicyKind;

use super::edit::try_edit;
use crate::editors::policy_editor::PolicyEditor;
use crate::state::Action;
use crate::Ctx;

#[derive(Properties, PartialEq)]
pub(super) struct ScenarioPolicyProps {
    pub(super) id: AttrValue,
    pub(super) label: AttrValue,
    pub(super) pointer: AttrValue,
    pub(super) kind: PolicyKind,
    #[prop_or(14)]
    pub(super) rows: u32,
}

/// A policy editor bound to a pointer of the scenario. When "Show me" opened this document,
/// the fix's statement is highlighted, and until the fix is applied the editor shows the
/// document with the fix, read-only.
#[function_component(ScenarioPolicy)]
pub(super) fn scenario_policy(props: &ScenarioPolicyProps) -> Html {
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
            removed={preview.map(|p| crate::fixes::removed_statements(&s.scenario, p, &props.pointer)).unwrap_or_default()} />
    }
}
