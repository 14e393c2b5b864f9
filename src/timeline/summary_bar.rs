//! The run summary bar above the timeline (the engine's `RunSummaryView`): records produced,
//! stored in the stream, delivered, lost and pending; KMS calls by operation; failed steps;
//! the first failure as a link (it opens that step on its Fix tab); the outcome in one
//! sentence. Below it the timeline's tools: the filter (all · failures · KMS calls · one
//! service), grouping of repeated steps, and previous / next failure (also keys `p` / `n`).
//!
//! The summary counts the whole run, so it is computed once the run is complete (a long run
//! shows its progress instead): nothing here slows the sliced run down.

use yew::prelude::*;

use crate::i18n::grouped;

use crate::fixes::F;
use crate::runner::RunHandle;
use crate::state::{Action, RowFilter, State, Tab};
use crate::web;
use crate::Ctx;
use envelope_lab::sim::view::RunSummaryView;

/// The services a learner can filter the timeline by (the trace's service names).
pub const SERVICES: [(&str, &str); 7] = [
    ("lambda", "Lambda"),
    ("kinesis", "Kinesis Data Streams"),
    ("kms", "KMS"),
    ("firehose", "Firehose"),
    ("s3", "S3"),
    ("sts", "STS"),
    ("logs", "CloudWatch Logs"),
];

/// The failed step after (or before) the current one: the current row is the last step
/// shown (`cursor - 1`); from the start when nothing is shown.
pub fn failure_from(run: &RunHandle, cursor: usize, forward: bool) -> Option<usize> {
    let current = cursor.checked_sub(1);
    if forward {
        run.next_failure(current)
    } else {
        current.and_then(|r| run.previous_failure(r))
    }
}

/// The action that opens the failure after or before the current step, if there is one.
pub fn jump(run: &RunHandle, s: &State, forward: bool) -> Option<Action> {
    if !s.run_done {
        return None;
    }
    // An open step is the one the learner reads: move from it.
    let cursor = s.expanded.map(|r| r + 1).unwrap_or(s.cursor);
    failure_from(run, cursor, forward).map(|row| Action::Show {
        row,
        tab: Some(Tab::Fix),
    })
}

fn filter_value(f: &RowFilter) -> String {
    match f {
        RowFilter::All => "all".into(),
        RowFilter::Failures => "failures".into(),
        RowFilter::KmsCalls => "kms-calls".into(),
        RowFilter::Service(s) => format!("service:{s}"),
    }
}

fn filter_of(v: &str) -> RowFilter {
    match v {
        "failures" => RowFilter::Failures,
        "kms-calls" => RowFilter::KmsCalls,
        other => match other.strip_prefix("service:") {
            Some(s) if SERVICES.iter().any(|(id, _)| *id == s) => RowFilter::Service(s.into()),
            _ => RowFilter::All,
        },
    }
}

/// Runs up to this many steps are summed up in the frame that shows their end; a longer
/// run's summary (it counts every record) is computed on a task of its own just after.
const SUMMARY_NOW: usize = 20_000;

/// The summary of the completed run: at once for a short run, after the current task for a
/// long one (the frame that shows the end of a 100,000-record run stays short).
#[hook]
fn use_summary(run: &RunHandle, s: &State) -> Option<std::rc::Rc<RunSummaryView>> {
    let ready = use_state(|| 0u32);
    let guard = use_mut_ref(|| None::<web::Guard>);
    let later = s.run_done && s.total > SUMMARY_NOW;
    {
        let run = run.clone();
        let ready = ready.clone();
        use_effect_with((s.revision, later), move |(_, later)| {
            *guard.borrow_mut() = None;
            if *later && run.summary_if_ready().is_none() {
                *guard.borrow_mut() = Some(web::soon(move || {
                    let _ = run.summary();
                    ready.set(ready.wrapping_add(1));
                }));
            }
        });
    }
    match (s.run_done, later) {
        (false, _) => None,
        (true, false) => run.summary(),
        // Natively (server rendering) there is no later task: sum up now.
        (true, true) if web::now_ms() <= 0.0 => run.summary(),
        (true, true) => run.summary_if_ready(),
    }
}

#[function_component(SummaryBar)]
pub fn summary_bar() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let code = lang.code();
    let summary = use_summary(&ctx.run, s);
    let Some(v) = summary else {
        return html! {
            <section class="summary-bar" id="summary-bar" aria-label={lang.t(F::SummaryTitle)}>
                <p class="muted small" id="run-outcome">{ lang.f(F::SummaryRunning, &[&grouped(s.total as u64)]) }</p>
            </section>
        };
    };
    let count = |id: &'static str, label: F, n: u64, class: Option<&'static str>| {
        html! {
            <div class={classes!("sum-item", class.filter(|_| n > 0))} id={id}>
                <dt>{ lang.t(label) }</dt><dd>{ grouped(n) }</dd>
            </div>
        }
    };
    let first = v.first_failure.map(|r| r as usize);
    let open_first = first.map(|row| {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Show {
                row,
                tab: Some(Tab::Fix),
            })
        })
    });
    let kms = if v.kms_calls.is_empty() {
        lang.t(F::SummaryNone).to_string()
    } else {
        v.kms_calls
            .iter()
            .map(|(op, n)| format!("{op} {}", grouped(*n)))
            .collect::<Vec<_>>()
            .join(lang.t(F::ListSep))
    };
    html! {
        <section class={classes!("summary-bar", (v.failures > 0).then_some("has-failures"))} id="summary-bar" aria-label={lang.t(F::SummaryTitle)}>
            // What happened to the records, and apart from it, the steps that failed.
            <p class="run-outcome" id="run-outcome" aria-live="polite" tabindex="-1">
                <span class={classes!("outcome-mark", if v.all_delivered() { "ok" } else { "denied" })} aria-hidden="true">{ if v.all_delivered() { "✓" } else { "✗" } }</span>
                { v.outcome.get(code) }
                if let Some(failed) = &v.failed_steps {
                    { " " }<span class="failed-steps"><span class="failed-mark" aria-hidden="true">{ "✗ " }</span>{ failed.get(code) }</span>
                }
            </p>
            <dl class="sum-counts">
                { count("sum-produced", F::SumProduced, v.produced, None) }
                { count("sum-stored", F::SumStored, v.stored, None) }
                { count("sum-delivered", F::SumDelivered, v.delivered, None) }
                { count("sum-lost", F::SumLost, v.lost, Some("bad")) }
                { count("sum-pending", F::SumPending, v.pending, Some("warn")) }
                <div class="sum-item sum-kms" id="sum-kms">
                    <dt>{ lang.t(F::SumKmsCalls) }</dt>
                    <dd>{ kms }{ if v.kms_failed > 0 { lang.f(F::SumKmsFailed, &[&grouped(v.kms_failed)]) } else { String::new() } }</dd>
                </div>
                { count("sum-failures", F::SumFailures, v.failures as u64, Some("bad")) }
            </dl>
            if let (Some(row), Some(onclick)) = (first, open_first) {
                <p class="first-failure">
                    <span>{ lang.t(F::FirstFailure) }{ ": " }</span>
                    <button type="button" class="link-button" id="first-failure" {onclick}>
                        { first_failure_label(&ctx.run, row, lang) }
                    </button>
                </p>
            }
        </section>
    }
}

/// "#7 GenerateDataKey — AccessDeniedException".
fn first_failure_label(run: &RunHandle, row: usize, lang: crate::i18n::Lang) -> String {
    match run.row(row) {
        Some(r) => {
            let code = r.error.map(|(c, _)| c).unwrap_or_default();
            lang.f(
                F::StepLink,
                &[&grouped(row as u64 + 1), &r.operation, &code],
            )
        }
        None => lang.f(F::StepLink, &[&grouped(row as u64 + 1), &"", &""]),
    }
}

/// The timeline's tools: filter, grouping, previous / next failure.
#[function_component(TimelineTools)]
pub fn timeline_tools() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let on_filter = {
        let state = ctx.state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::SetFilter(filter_of(&select.value())));
        })
    };
    let on_grouped = {
        let state = ctx.state.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::SetGrouped(Some(input.checked())));
        })
    };
    // Whether there is a failure to go to: found at once for a short run; for a long one
    // the buttons stay enabled while the run has failures (the search runs on a click).
    let failures = ctx.run.summary_if_ready().map(|v| v.failures > 0);
    let nav = |forward: bool| {
        let state = ctx.state.clone();
        let run = ctx.run.clone();
        let disabled = if !s.run_done {
            true
        } else if s.total <= SUMMARY_NOW {
            jump(&ctx.run, s, forward).is_none()
        } else {
            failures != Some(true)
        };
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Some(a) = jump(&run, &state, forward) {
                state.dispatch(a);
            }
        });
        (onclick, disabled)
    };
    let (prev, prev_off) = nav(false);
    let (next, next_off) = nav(true);
    let current = filter_value(&s.filter);
    let option = |value: String, label: String| {
        let selected = value == current;
        html! { <option {value} {selected}>{ label }</option> }
    };
    html! {
        <div class="timeline-tools" role="group" aria-label={lang.t(F::TimelineTools)}>
            <label class="inline-field">
                <span>{ lang.t(F::Show) }</span>
                <select id="timeline-filter" onchange={on_filter}>
                    { option("all".into(), lang.t(F::FilterAll).into()) }
                    { option("failures".into(), lang.t(F::FilterFailures).into()) }
                    { option("kms-calls".into(), lang.t(F::FilterKms).into()) }
                    { for SERVICES.iter().map(|(id, name)| option(format!("service:{id}"), lang.f(F::FilterService, &[name]))) }
                </select>
            </label>
            <label class="inline-field check">
                <input type="checkbox" id="group-steps" checked={s.grouping()} onchange={on_grouped} />
                <span>{ lang.t(F::GroupRepeated) }</span>
            </label>
            <div class="btn-group">
                <button type="button" class="btn small" id="prev-failure" onclick={prev} disabled={prev_off} title="p" aria-keyshortcuts="p">
                    <span aria-hidden="true">{ "⇡ " }</span>{ lang.t(F::PrevFailure) }
                </button>
                <button type="button" class="btn small" id="next-failure" onclick={next} disabled={next_off} title="n" aria-keyshortcuts="n">
                    <span aria-hidden="true">{ "⇣ " }</span>{ lang.t(F::NextFailure) }
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_select() {
        let mut all = vec![RowFilter::All, RowFilter::Failures, RowFilter::KmsCalls];
        all.extend(
            SERVICES
                .iter()
                .map(|(id, _)| RowFilter::Service(id.to_string())),
        );
        for f in all {
            assert_eq!(filter_of(&filter_value(&f)), f);
        }
        assert_eq!(filter_of("service:nope"), RowFilter::All);
        assert_eq!(filter_of(""), RowFilter::All);
    }
}
