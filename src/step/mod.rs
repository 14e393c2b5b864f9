//! An open step: its heading, error, cause and modelled notes, and its tabs — Fix (on a
//! failed step), Request / Response, Authorization (`authz.rs`, with the evaluation path,
//! `eval_path.rs`, and the cause's own authorization, `cause.rs`), Envelope
//! (`envelope.rs`, with a client-side SDK message in `sdk_message.rs`) and CloudTrail.

pub mod authz;
pub mod cause;
pub mod envelope;
pub mod eval_path;
pub mod sdk_message;

use yew::prelude::*;

use crate::fixes::{RunFixes, F};
use crate::i18n::{grouped, T};
use crate::policy_editor::pretty;
use crate::state::{Action, Tab};
use crate::{web, Ctx};
use cause::{AuthorizationTab, CauseBanner};
use envelope::EnvelopeTab;

#[derive(Properties, PartialEq)]
pub struct StepDetailsProps {
    pub index: usize,
}

#[function_component(StepDetails)]
pub fn step_details(props: &StepDetailsProps) -> Html {
    // Opened (or moved to another step): bring the details into view.
    use_effect_with(props.index, |_| web::scroll_into_view("step-details"));
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let i = props.index;
    let Some(row) = ctx.run.row(i) else {
        return html! {};
    };
    let failed = row.error.is_some();
    let mut tabs = vec![
        (Tab::Request, lang.t(T::TabRequest), "tab-request"),
        (
            Tab::Authorization,
            lang.t(T::TabAuthorization),
            "tab-authorization",
        ),
        (Tab::Envelope, lang.t(T::TabEnvelope), "tab-envelope"),
        (Tab::CloudTrail, lang.t(T::TabCloudTrail), "tab-cloudtrail"),
    ];
    if failed {
        tabs.insert(0, (Tab::Fix, lang.t(F::TabFix), "tab-fix"));
    }
    // The Fix tab exists only on a failed step.
    let tab = if s.tab == Tab::Fix && !failed {
        Tab::Request
    } else {
        s.tab
    };
    let body = match tab {
        Tab::Fix => html! { <RunFixes row={i} /> },
        Tab::Request => {
            let (req, resp) = ctx.run.request_response(i);
            html! {
                <div class="rr">
                    <div>
                        <h4>{ lang.t(T::Request) }</h4>
                        <pre class="json" tabindex="0"><code>{ req.as_ref().map(pretty).unwrap_or_else(|| lang.t(T::NoneForStep).into()) }</code></pre>
                    </div>
                    <div>
                        <h4>{ lang.t(T::Response) }</h4>
                        <pre class={classes!("json", row.error.is_some().then_some("error"))} tabindex="0"><code>{ resp.as_ref().map(pretty).unwrap_or_else(|| lang.t(T::NoneForStep).into()) }</code></pre>
                    </div>
                </div>
            }
        }
        Tab::Authorization => html! { <AuthorizationTab index={i} /> },
        Tab::Envelope => match ctx.run.envelope(i) {
            Some(envelope) => html! { <EnvelopeTab {envelope} /> },
            None => html! { <p class="muted">{ lang.t(T::NoneForStep) }</p> },
        },
        Tab::CloudTrail => match ctx.run.cloudtrail(i) {
            Some(event) => html! {
                <>
                    <pre class="json" tabindex="0"><code>{ pretty(&event) }</code></pre>
                    <p class="model-note cloudtrail-note"><strong>{ lang.t(T::Modelled) }{ ": " }</strong><span>{ envelope_lab::sim::view::CLOUDTRAIL_NOTE.get(lang.code()) }</span></p>
                </>
            },
            None => html! { <p class="muted">{ lang.t(T::NoCloudTrail) }</p> },
        },
    };
    let close = {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Expand(None)))
    };
    html! {
        <section class="step-details" id="step-details" aria-label={lang.f(T::StepDetails, &[&grouped(i as u64 + 1)])}>
            <header class="details-head">
                <h3 id="step-details-title" tabindex="-1">{ format!("#{} {}{} · {} → {}", i + 1, row.operation, row.target.as_ref().map(|t| format!(" {t}")).unwrap_or_default(), crate::i18n::actor(&row.actor, lang), row.service) }</h3>
                <button type="button" class="btn small" onclick={close}>{ lang.t(T::Close) }</button>
            </header>
            if let Some((code, message)) = &row.error {
                <p class="error-banner" role="status"><strong>{ code }</strong>{ if message.is_empty() { String::new() } else { format!(": {message}") } }</p>
            }
            if failed {
                <CauseBanner index={i} />
            }
            { for row.modelled.iter().map(|note| html! {
                <p class="model-note">{ crate::i18n::model_note(note, lang) }</p>
            }) }
            <div class="tabs" role="tablist">
                { for tabs.iter().map(|(t, label, id)| {
                    let state = ctx.state.clone();
                    let this = *t;
                    let onclick = Callback::from(move |_: MouseEvent| state.dispatch(Action::SetTab(this)));
                    html! {
                        <button type="button" role="tab" id={*id} class={classes!("tab", (tab == this).then_some("selected"))}
                                aria-selected={(tab == this).to_string()} aria-controls="tab-panel" {onclick}>{ *label }</button>
                    }
                }) }
            </div>
            <div class="tab-panel" id="tab-panel" role="tabpanel">{ body }</div>
        </section>
    }
}
