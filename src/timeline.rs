//! The timeline: one row per step so far (virtualised), and the expanded row's tabs:
//! Request / Response, Authorization, Envelope, CloudTrail.

use std::rc::Rc;

use yew::prelude::*;

use super::cause::{AuthorizationTab, CauseBanner};
use super::envelope::EnvelopeTab;
use super::fixes::{RunFixes, F};
use super::grouped_rows::{self, Item};
use super::i18n::{grouped, Lang, T};
use super::policy_editor::pretty;
use super::state::{Action, Tab};
use super::summary_bar::TimelineTools;
use super::view::RowView;
use super::virtual_list::{VirtualList, ROW_HEIGHT, TALL_ROW_HEIGHT};
use super::Ctx;

fn short_principal(p: &str) -> &str {
    // arn:aws:sts::123456789012:assumed-role/Role/Session → Role/Session
    p.split_once(":assumed-role/")
        .map(|(_, r)| r)
        .or_else(|| p.rsplit_once(":role/").map(|(_, r)| r))
        .unwrap_or(p)
}

/// An error code with a line-break opportunity before each capitalised word
/// (`KMS·Access·Denied·Exception`), so a narrow column wraps it between words, never inside
/// one.
fn code_html(code: &str) -> Html {
    let mut parts: Vec<Html> = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in code.chars() {
        if c.is_ascii_uppercase() && prev_lower && !word.is_empty() {
            parts.push(html! { <>{ std::mem::take(&mut word) }<wbr /></> });
        }
        prev_lower = c.is_ascii_lowercase();
        word.push(c);
    }
    parts.push(html! { { word } });
    html! { <>{ for parts }</> }
}

/// How a row stands against the cursor.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RowPlace {
    /// Reached and passed.
    Past,
    /// The current step.
    Current,
    /// Listed because it was reached before, after the cursor now.
    Ahead,
}

/// One row's cells (inside the virtual list's `<li>`).
pub fn row_html(
    row: &RowView,
    lang: Lang,
    expanded: bool,
    place: RowPlace,
    onclick: Callback<MouseEvent>,
) -> Html {
    let outcome = match &row.error {
        None => html! { <span class="outcome ok">{ "✓ " }{ lang.t(T::OutcomeOk) }</span> },
        Some((code, _)) => {
            html! { <span class="outcome denied">{ "✗ " }{ code_html(code) }</span> }
        }
    };
    let outcome_title = row.error.as_ref().map(|(code, message)| {
        if message.is_empty() {
            code.clone()
        } else {
            format!("{code}: {message}")
        }
    });
    let class = classes!(
        "tl-row",
        row.error.is_some().then_some("denied"),
        (place == RowPlace::Current).then_some("current"),
        (place == RowPlace::Ahead).then_some("ahead"),
        expanded.then_some("expanded")
    );
    let indent = "↳ ".repeat(row.depth.min(3));
    let actor = super::i18n::actor(&row.actor, lang);
    let op_title = match &row.target {
        Some(t) => format!("{} {t}", row.operation),
        None => row.operation.clone(),
    };
    html! {
        <button type="button" {class} aria-expanded={expanded.to_string()} aria-controls="step-details"
                aria-current={(place == RowPlace::Current).then_some("step")}
                data-step={row.index.to_string()} {onclick}>
            <span class="c-n">{ row.index + 1 }</span>
            <span class="c-time">{ &row.time }</span>
            <span class="c-actor" title={actor.clone()}>{ indent }{ actor }{ " → " }{ &row.service }</span>
            <span class="c-op" title={op_title}>
                { &row.operation }
                if let Some(target) = &row.target { { " " }<span class="op-target">{ target }</span> }
            </span>
            <span class="c-principal" title={row.principal.clone()}>{ short_principal(&row.principal) }</span>
            <span class="c-outcome" title={outcome_title}>{ outcome }</span>
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
    // Every step reached since the run (re)started; those after the cursor are marked ahead.
    let count = s.listed().min(ctx.run.len());
    let cursor = s.cursor;
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
            let onclick = {
                let state = state.clone();
                Callback::from(move |_: MouseEvent| {
                    state.dispatch(if is_expanded {
                        Action::Expand(None)
                    } else {
                        Action::Show { row: i, tab: None }
                    })
                })
            };
            let place = if current {
                RowPlace::Current
            } else if i + 1 > cursor {
                RowPlace::Ahead
            } else {
                RowPlace::Past
            };
            row_html(&row, lang, is_expanded, place, onclick)
        }
    };
    let (shown, render, follow) = match (*layout).clone() {
        None => {
            let render = Callback::from(move |i: usize| row_of(i, i + 1 == cursor));
            (count, render, cursor.min(count).checked_sub(1))
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
                .or(cursor.min(count).checked_sub(1))
                .and_then(|r| layout.item_of(r))
                .filter(|&i| i < shown)
                .or(shown.checked_sub(1)));
            let toggled = toggled.clone();
            let current_row = cursor.min(count).checked_sub(1);
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
                <VirtualList count={shown} {render} {follow} label={lang.t(T::Timeline)} id="timeline-list"
                    row_height={if s.narrow { TALL_ROW_HEIGHT } else { ROW_HEIGHT }} />
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
    // Opened (or moved to another step): bring the details into view.
    use_effect_with(props.index, |_| {
        super::web::scroll_into_view("step-details")
    });
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
                <h3>{ format!("#{} {}{} · {} → {}", i + 1, row.operation, row.target.as_ref().map(|t| format!(" {t}")).unwrap_or_default(), super::i18n::actor(&row.actor, lang), row.service) }</h3>
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
