//! The timeline: one row per step so far (virtualised), and the expanded row's tabs:
//! Request / Response, Authorization, Envelope, CloudTrail.

use std::rc::Rc;

use yew::prelude::*;

use super::cause::{AuthorizationTab, CauseBanner};
use super::fixes::{RunFixes, F};
use super::grouped_rows::{self, Item};
use super::i18n::{grouped, Lang, T};
use super::policy_editor::pretty;
use super::state::{Action, Tab};
use super::summary_bar::TimelineTools;
use super::view::{EnvelopeView, RowView};
use super::virtual_list::VirtualList;
use super::Ctx;

fn short_principal(p: &str) -> &str {
    // arn:aws:sts::123456789012:assumed-role/Role/Session → Role/Session
    p.split_once(":assumed-role/")
        .map(|(_, r)| r)
        .or_else(|| p.rsplit_once(":role/").map(|(_, r)| r))
        .unwrap_or(p)
}

/// One row's cells (inside the virtual list's `<li>`).
pub fn row_html(
    row: &RowView,
    lang: Lang,
    expanded: bool,
    current: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    let outcome = match &row.error {
        None => html! { <span class="outcome ok">{ "✓ " }{ lang.t(T::OutcomeOk) }</span> },
        Some((code, _)) => html! { <span class="outcome denied">{ "✗ " }{ code.clone() }</span> },
    };
    let class = classes!(
        "tl-row",
        row.error.is_some().then_some("denied"),
        current.then_some("current"),
        expanded.then_some("expanded")
    );
    let indent = "↳ ".repeat(row.depth.min(3));
    html! {
        <button type="button" {class} aria-expanded={expanded.to_string()} aria-controls="step-details"
                data-step={row.index.to_string()} {onclick}>
            <span class="c-n">{ row.index + 1 }</span>
            <span class="c-time">{ &row.time }</span>
            <span class="c-actor" title={super::i18n::actor(&row.actor, lang)}>{ indent }{ super::i18n::actor(&row.actor, lang) }{ " → " }{ &row.service }</span>
            <span class="c-op">{ &row.operation }</span>
            <span class="c-principal" title={row.principal.clone()}>{ short_principal(&row.principal) }</span>
            <span class="c-outcome">{ outcome }</span>
        </button>
    }
}

#[function_component(Timeline)]
pub fn timeline() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let count = s.cursor.min(ctx.run.len());
    let ready = grouped_rows::use_grouping(&ctx.run, s);
    let layout = {
        let run = ctx.run.clone();
        let state = (*ctx.state).clone();
        let key = (
            s.revision,
            s.run_done,
            s.filter.clone(),
            s.grouping(),
            s.open_groups.clone(),
            s.expanded,
            ready,
        );
        use_memo(key, move |_| {
            grouped_rows::entries(&run, &state)
                .map(|e| Rc::new(grouped_rows::layout(e, &state.open_groups, state.expanded)))
        })
    };
    let idle_open = use_state(|| None::<usize>);
    // The group the learner just opened or closed stays in view (until the cursor moves).
    let toggled = use_state(|| None::<usize>);
    {
        let toggled = toggled.clone();
        use_effect_with(s.cursor, move |_| toggled.set(None));
    }
    let row_of = {
        let run = ctx.run.clone();
        let state = ctx.state.clone();
        let expanded = s.expanded;
        move |i: usize, current: bool| {
            let Some(row) = run.row(i) else {
                return html! {};
            };
            let is_expanded = expanded == Some(i);
            let state = state.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                state.dispatch(Action::Expand(if is_expanded { None } else { Some(i) }))
            });
            row_html(&row, lang, is_expanded, current, onclick)
        }
    };
    let (shown, render, follow) = match (*layout).clone() {
        None => {
            let render = Callback::from(move |i: usize| row_of(i, i + 1 == count));
            (count, render, count.checked_sub(1))
        }
        Some(layout) => {
            let shown = layout.count(count);
            let state = ctx.state.clone();
            let run = ctx.run.clone();
            let idle_open = idle_open.clone();
            let toggled_item = (*toggled).and_then(|first| {
                layout.items.iter().position(|it| matches!(it, Item::Group { entry, .. } if layout.group(*entry).is_some_and(|g| g.first() == first)))
            });
            let follow = toggled_item.or(s
                .expanded
                .or(count.checked_sub(1))
                .and_then(|r| layout.item_of(r))
                .filter(|&i| i < shown)
                .or(shown.checked_sub(1)));
            let toggled = toggled.clone();
            let current_row = count.checked_sub(1);
            let render = Callback::from(move |i: usize| match layout.items.get(i) {
                Some(Item::Row(r)) => row_of(*r, Some(*r) == current_row),
                Some(Item::Member(r)) => {
                    html! { <div class="tl-member">{ row_of(*r, Some(*r) == current_row) }</div> }
                }
                Some(Item::Group { entry, open }) => match layout.group(*entry) {
                    Some(g) => {
                        let state = state.clone();
                        let toggled = toggled.clone();
                        let first = g.first();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            toggled.set(Some(first));
                            state.dispatch(Action::ToggleGroup(first));
                        });
                        grouped_rows::group_row(g, &run, count, *open, lang, onclick)
                    }
                    None => html! {},
                },
                Some(Item::Idle(entry)) => match layout.idle(*entry) {
                    Some(p) => {
                        let idle_open = idle_open.clone();
                        let entry = *entry;
                        let open = *idle_open == Some(entry);
                        let onclick = Callback::from(move |_: MouseEvent| {
                            idle_open.set(if open { None } else { Some(entry) })
                        });
                        grouped_rows::idle_row(p, lang, open, onclick)
                    }
                    None => html! {},
                },
                None => html! {},
            });
            (shown, render, follow)
        }
    };
    let idle_note = (*idle_open).and_then(|e| {
        (*layout)
            .as_ref()
            .and_then(|l| l.idle(e))
            .map(|p| p.note.get(lang.code()).to_string())
    });
    html! {
        <section class="timeline" aria-labelledby="timeline-title" id="timeline">
            <h2 id="timeline-title" class="section-title">{ lang.t(T::Timeline) }</h2>
            <TimelineTools />
            <div class="tl-head" aria-hidden="true">
                <span class="c-n">{ "#" }</span>
                <span class="c-time">{ lang.t(T::ColTime) }</span>
                <span class="c-actor">{ lang.t(T::ColActor) }</span>
                <span class="c-op">{ lang.t(T::ColOperation) }</span>
                <span class="c-principal">{ lang.t(T::ColPrincipal) }</span>
                <span class="c-outcome">{ lang.t(T::ColOutcome) }</span>
            </div>
            if count == 0 {
                <p class="muted empty">{ lang.t(T::NoStepsYet) }</p>
            } else if shown == 0 {
                <p class="muted empty" id="timeline-empty">{ lang.t(F::NoneMatch) }</p>
            } else {
                <VirtualList count={shown} {render} {follow} label={lang.t(T::Timeline)} id="timeline-list" />
            }
            if let Some(note) = idle_note {
                <p class="model-note" id="idle-note"><span class="badge derived">{ lang.t(F::Derived) }</span>{ note }</p>
            }
            if let Some(i) = s.expanded.filter(|&i| i < count) {
                <StepDetails index={i} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct StepDetailsProps {
    pub index: usize,
}

#[function_component(StepDetails)]
pub fn step_details(props: &StepDetailsProps) -> Html {
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
                        <pre class="json"><code>{ req.as_ref().map(pretty).unwrap_or_else(|| lang.t(T::NoneForStep).into()) }</code></pre>
                    </div>
                    <div>
                        <h4>{ lang.t(T::Response) }</h4>
                        <pre class={classes!("json", row.error.is_some().then_some("error"))}><code>{ resp.as_ref().map(pretty).unwrap_or_else(|| lang.t(T::NoneForStep).into()) }</code></pre>
                    </div>
                </div>
            }
        }
        Tab::Authorization => html! { <AuthorizationTab index={i} /> },
        Tab::Envelope => match ctx.run.envelope(i) {
            Some(env) => envelope_html(&env, lang),
            None => html! { <p class="muted">{ lang.t(T::NoneForStep) }</p> },
        },
        Tab::CloudTrail => match ctx.run.cloudtrail(i) {
            Some(event) => html! {
                <>
                    <pre class="json"><code>{ pretty(&event) }</code></pre>
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
                <h3>{ format!("#{} {} · {} → {}", i + 1, row.operation, super::i18n::actor(&row.actor, lang), row.service) }</h3>
                <button type="button" class="btn small" onclick={close}>{ lang.t(T::Close) }</button>
            </header>
            if let Some((code, message)) = &row.error {
                <p class="error-banner" role="status"><strong>{ code }</strong>{ if message.is_empty() { String::new() } else { format!(": {message}") } }</p>
            }
            if failed {
                <CauseBanner index={i} />
            }
            { for row.modelled.iter().map(|note| html! {
                <p class="model-note">{ lang.t(T::ModelNote) }{ " " }{ note.get(lang.code()) }</p>
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

/// The engine's notes on an envelope, in the UI language: what was sealed with which
/// algorithm, the path in steps, and the modelling note where AWS documents nothing.
fn envelope_extra(env: &EnvelopeView, lang: Lang) -> Html {
    let code = lang.code();
    let subject = env.subject.get(code);
    let algorithm = env.algorithm.as_str();
    let modelled = env.modelled.as_ref().map(|m| m.get(code)).unwrap_or("");
    html! {
        <div class="env-extra">
            if !subject.is_empty() || !algorithm.is_empty() {
                <p class="env-subject"><strong>{ subject }</strong>{ if algorithm.is_empty() { String::new() } else { format!(" · {algorithm}") } }</p>
            }
            if !env.path.is_empty() {
                <ol class="env-steps">{ for env.path.iter().map(|p| html! { <li>{ p.get(code) }</li> }) }</ol>
            }
            if !modelled.is_empty() {
                <p class="model-note"><strong>{ lang.t(T::Modelled) }{ ": " }</strong><span>{ modelled }</span></p>
            }
        </div>
    }
}

fn envelope_html(env: &EnvelopeView, lang: Lang) -> Html {
    let item = |label: T, value: &str, class: &'static str, note: Option<T>| {
        html! {
            <div class={classes!("env-item", class)}>
                <dt>{ lang.t(label) }{ note.map(|n| html! { <span class="env-note">{ " — " }{ lang.t(n) }</span> }) }</dt>
                <dd><code>{ if value.is_empty() { "—".to_string() } else { value.to_string() } }</code></dd>
            </div>
        }
    };
    let context = env
        .context
        .iter()
        .map(|(k, v)| format!("\"{k}\": \"{v}\""))
        .collect::<Vec<_>>()
        .join(",\n");
    html! {
        <div class="envelope">
            <p class="env-path">{ lang.t(if env.decrypt { T::DecryptPath } else { T::EncryptPath }) }</p>
            <dl>
                { item(T::KmsKey, &env.key_arn, "", None) }
                { item(T::Plaintext, &env.plaintext, "plain", None) }
                { item(T::PlaintextDataKey, &env.data_key_hex, "discarded", Some(T::DataKeyDiscarded)) }
                { item(T::Nonce, &env.nonce_hex, "", None) }
                { item(T::Ciphertext, &env.ciphertext, "cipher", None) }
                { item(T::EncryptedDataKey, &env.blob, "blob", None) }
                { item(T::EncryptionContext, &format!("{{{}}}", context), "context", None) }
            </dl>
            { envelope_extra(env, lang) }
        </div>
    }
}
