//! The settings of the selected diagram element: key policy and key state (`key.rs`), role
//! policies (`role.rs`), stream encryption (`stream.rs`), buffering hints and the producer
//! (`pipeline.rs`), Bucket Key, default encryption and reader roles (`bucket.rs`), and the
//! whole scenario as JSON (`scenario.rs`). Every change becomes an `Action::Edit` of the
//! scenario document (undoable, `edit.rs`); invalid text stays in the editor as a draft.
//! Above the editor "Show me" opened, a fix's preview with Apply and Discard.

mod bucket;
mod edit;
mod key;
mod pipeline;
mod policy;
mod role;
mod scenario;
mod stream;

pub use edit::names_in;

use serde_json::Value;
use yew::prelude::*;

use crate::fixes::F;
use crate::i18n::T;
use crate::state::{Action, Selection, State};
use crate::Ctx;
use bucket::BucketSettings;
use key::key_settings;
use pipeline::{FirehoseSettings, ProducerSettings};
use role::role_settings;
use scenario::{ScenarioButton, ScenarioEditor};
use stream::StreamSettings;

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

/// The scenario as the inspector shows it: a fix's preview while "Show me" shows one.
pub(super) fn shown_scenario(s: &State) -> &Value {
    s.spotlight
        .as_ref()
        .and_then(|sp| sp.preview.as_deref())
        .unwrap_or(&s.scenario)
}
