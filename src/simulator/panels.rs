//! Side panels: the S3 object browser (inventory view, open an object as a role), the
//! Firehose CloudWatch error log, and KMS usage and cost at a learner-chosen scale.

use serde_json::Value;
use yew::prelude::*;

use crate::editors::policy_editor::pretty;
use crate::i18n::{grouped, Lang, T};
use crate::state::{Action, Panel, Scale};
use crate::step::authz::AuthorizationView;
use envelope_lab::sim::view::{client_side_estimate, estimate, Estimate};

use crate::view::{ObjectRead, UsageView};
use crate::Ctx;

#[function_component(SidePanel)]
pub fn side_panel() -> Html {
    let ctx = use_context::<Ctx>();
    // A panel opened from the top bar, or still open on entering a mode, is brought into
    // view (below a lesson, or far below on a phone): its switch is pressed only while it
    // can be seen.
    let opened = ctx.as_ref().and_then(|c| c.state.panel);
    let mode = ctx.as_ref().map(|c| c.state.mode);
    use_effect_with((opened, mode), |(opened, _)| {
        if opened.is_some() {
            crate::web::scroll_into_view("side-panel");
        }
    });
    let Some(ctx) = ctx else {
        return html! {};
    };
    let Some(panel) = ctx.state.panel else {
        return html! {};
    };
    let lang = ctx.state.lang;
    let (title, body) = match panel {
        Panel::Objects => (T::PanelObjects, html! { <ObjectBrowser /> }),
        Panel::Logs => (T::PanelLogs, html! { <ErrorLog /> }),
        Panel::Cost => (T::PanelCost, html! { <CostPanel /> }),
        Panel::Plaintext => (
            T::PanelPlaintext,
            html! { <super::plaintext::WhoCanRead /> },
        ),
    };
    let close = {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::TogglePanel(panel)))
    };
    html! {
        <section class="side-panel" id="side-panel" aria-labelledby="side-panel-title">
            <header class="details-head">
                <h2 id="side-panel-title" class="section-title">{ lang.t(title) }</h2>
                <button type="button" class="btn small" onclick={close}>{ lang.t(T::Close) }</button>
            </header>
            { body }
        </section>
    }
}

/// The roles a learner can open objects as: every role of the scenario; the default is the
/// scenario's first reader, else the role Firehose writes the objects with, else the first.
pub fn reader_roles(scenario: &Value) -> (Vec<String>, String) {
    let roles = crate::settings::names_in(scenario, "roles");
    let default = ["/readers/0/role", "/delivery_streams/0/destination_role"]
        .iter()
        .filter_map(|p| scenario.pointer(p).and_then(Value::as_str))
        .find(|r| roles.iter().any(|x| x == r))
        .map(str::to_string)
        .or_else(|| roles.first().cloned())
        .unwrap_or_default();
    (roles, default)
}

#[function_component(ObjectBrowser)]
fn object_browser() -> Html {
    let role = use_state(String::new);
    let opened = use_state(|| None::<(String, String, usize, ObjectRead)>);
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let objects = ctx.run.objects(s.cursor);
    let (roles, default) = reader_roles(&s.scenario);
    let chosen = if role.is_empty() || !roles.contains(&role) {
        default
    } else {
        (*role).clone()
    };
    let on_role = {
        let role = role.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            role.set(select.value());
        })
    };
    html! {
        <div class="objects">
            <p class="muted small">{ lang.f(T::ObjectsAtStep, &[&grouped(s.cursor as u64)]) }</p>
            <div class="field">
                <label for="open-as-role">{ lang.t(T::OpenAsRole) }</label>
                <select id="open-as-role" onchange={on_role}>
                    { for roles.iter().map(|r| html! { <option value={r.clone()} selected={*r == chosen}>{ r }</option> }) }
                </select>
            </div>
            if objects.is_empty() {
                <p class="muted">{ lang.t(T::NoObjects) }</p>
            } else {
                <h3 class="small-title">{ lang.t(T::Inventory) }</h3>
                <ul class="inventory object-list">
                    { for objects.iter().map(|o| {
                        let run = ctx.run.clone();
                        let opened = opened.clone();
                        let key = o.key.clone();
                        let label = lang.f(T::OpenObjectAs, &[&chosen]);
                        let chosen = chosen.clone();
                        let cursor = s.cursor;
                        let onclick = Callback::from(move |_: MouseEvent| {
                            let read = run.open_object(&key, &chosen, cursor);
                            opened.set(Some((key.clone(), chosen.clone(), cursor, read)));
                        });
                        html! {
                            <li>
                                <code class="break object-key">{ &o.key }</code>
                                <div class="object-meta">
                                    <span>{ lang.t(T::Size) }{ ": " }{ o.size }</span>
                                    <span>{ lang.t(T::EncryptionStatus) }{ ": " }<strong>{ &o.encryption_status }</strong></span>
                                    <span>{ lang.t(T::BucketKeyStatus) }{ ": " }{ if o.bucket_key { "ENABLED" } else { "DISABLED" } }</span>
                                    <button type="button" class="btn small open-object" title={label.clone()} aria-label={format!("{label}: {}", o.key)} {onclick}>{ lang.t(T::OpenObject) }</button>
                                </div>
                                if let Some(n) = o.sdk_messages {
                                    <p class="object-sdk small">{ lang.f(T::ObjectSdkMessages, &[&n]) }</p>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            if let Some((key, as_role, at, read)) = &*opened {
                { object_read(key, as_role, *at, read, lang) }
            }
        </div>
    }
}

fn object_read(key: &str, role: &str, at: usize, read: &ObjectRead, lang: Lang) -> Html {
    html! {
        <section class={classes!("object-read", if read.ok { "ok" } else { "denied" })} id="object-read" aria-live="polite">
            <h3 class="small-title">{ lang.f(T::ObjectOpened, &[&role, &at]) }</h3>
            <p><code class="break">{ key }</code></p>
            if let Some((code, message)) = &read.error {
                <p class="error-banner" id="object-read-error"><strong>{ code }</strong>{ format!(": {message}") }</p>
            }
            { for read.error_notes.iter().map(|n| html! {
                <p class="model-note object-read-note"><strong>{ lang.t(T::Modelled) }{ ": " }</strong><span>{ n.get(lang.code()) }</span></p>
            }) }
            if !read.headers.is_empty() {
                <h4>{ lang.t(T::Headers) }</h4>
                <dl class="headers" id="object-read-headers">
                    { for read.headers.iter().map(|(k, v)| html! { <><dt><code>{ k }</code></dt><dd><code class="break">{ v }</code></dd></> }) }
                </dl>
            }
            if read.ok {
                <h4>{ lang.t(T::Body) }</h4>
                <pre class="json object-body" id="object-read-body" tabindex="0"><code>{ &read.body }</code></pre>
            }
            if let Some(explanation) = &read.explanation {
                <details open={!read.ok} class="object-authz">
                    <summary>{ lang.t(T::WhyDecision) }</summary>
                    <AuthorizationView explanation={explanation.clone()} {lang} />
                </details>
            }
            if !read.steps.is_empty() {
                <p class="muted small">{ lang.t(T::ObjectReadSteps) }</p>
                <ul class="object-steps small">
                    { for read.steps.iter().map(|st| html! { <li><code>{ st }</code></li> }) }
                </ul>
            }
        </section>
    }
}

#[function_component(ErrorLog)]
fn error_log() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let logs = ctx.run.logs(s.cursor);
    let group = s
        .scenario
        .pointer("/delivery_streams/0/cloudwatch_logging/log_group")
        .and_then(Value::as_str)
        .unwrap_or("");
    let stream = s
        .scenario
        .pointer("/delivery_streams/0/cloudwatch_logging/log_stream")
        .and_then(Value::as_str)
        .unwrap_or("S3Delivery");
    html! {
        <div class="logs">
            <p class="muted small">{ lang.f(T::LogGroup, &[&group, &stream]) }</p>
            if logs.is_empty() {
                <p class="muted">{ lang.t(T::NoLogErrors) }</p>
            } else {
                <ol class="log-events">
                    { for logs.iter().map(|e| html! { <li><time class="muted small">{ &e.time }</time><pre class="json error" tabindex="0"><code>{ pretty(&e.message) }</code></pre></li> }) }
                </ol>
            }
        </div>
    }
}

fn usage_rows(now: Option<&UsageView>, run: &UsageView) -> Vec<(String, Option<u64>, u64)> {
    let mut ops: Vec<String> = run.by_operation.iter().map(|(o, _)| o.clone()).collect();
    if let Some(now) = now {
        for (o, _) in &now.by_operation {
            if !ops.contains(o) {
                ops.push(o.clone());
            }
        }
    }
    let count = |u: &UsageView, op: &str| {
        u.by_operation
            .iter()
            .find(|(o, _)| o == op)
            .map(|(_, c)| *c)
            .unwrap_or(0)
    };
    ops.into_iter()
        .map(|op| {
            let at = now.map(|u| count(u, &op));
            let all = count(run, &op);
            (op, at, all)
        })
        .collect()
}

#[function_component(CostPanel)]
fn cost_panel() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let usage: UsageView = ctx.run.usage();
    let now: Option<UsageView> = ctx.run.usage_at(s.cursor);
    let scale = s.scale;
    let field = |id: &'static str, label: T, value: u32, set: fn(&mut Scale, u32)| {
        let state = ctx.state.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().trim().parse::<u32>() {
                let mut sc = state.scale;
                set(&mut sc, v.min(10_000_000));
                state.dispatch(Action::SetScale(sc));
            }
        });
        html! {
            <div class="field">
                <label for={id}>{ lang.t(label) }</label>
                <input id={id} type="number" min="0" class="short" value={value.to_string()} {oninput} />
            </div>
        }
    };
    let est = estimate(&scale, usage.bucket_key, usage.customer_keys.max(1));
    let n = |v: f64| grouped(v.round() as u64);
    let dash = || "—".to_string();
    let whole = if s.run_done {
        T::WholeRun
    } else {
        T::WholeRunSoFar
    };
    let at_step = lang.f(T::AtStep, &[&grouped(s.cursor as u64)]);
    html! {
        <div class="cost">
            <h3 class="small-title">{ lang.t(T::RequestsByOperation) }</h3>
            <div class="table-wrap">
            <table class="usage" id="kms-usage">
                <thead><tr>
                    <th scope="col">{ lang.t(T::Operation) }</th>
                    <th scope="col" class="num" id="usage-at-step">{ at_step.clone() }</th>
                    <th scope="col" class="num">{ lang.t(whole) }</th>
                </tr></thead>
                <tbody>
                    { for usage_rows(now.as_ref(), &usage).into_iter().map(|(op, at, count)| html! {
                        <tr>
                            <td><code>{ &op }</code></td>
                            <td class="num" data-op-at={op.clone()}>{ at.map(grouped).unwrap_or_else(dash) }</td>
                            <td class="num" data-op={op.clone()}>{ grouped(count) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            <h3 class="small-title">{ lang.t(T::DataKeyReuse) }</h3>
            if let Some(now) = &now {
                <p id="data-key-reuse-at-step"><span class="scope-label">{ at_step.clone() }{ ": " }</span>{ lang.f(T::DataKeyReuseText, &[&grouped(now.records_encrypted), &grouped(now.kinesis_data_keys)]) }</p>
            }
            <p><span class="scope-label">{ lang.t(whole) }{ ": " }</span>{ lang.f(T::DataKeyReuseText, &[&grouped(usage.records_encrypted), &grouped(usage.kinesis_data_keys)]) }</p>
            <h3 class="small-title">{ lang.t(T::BucketKeySavings) }</h3>
            if let Some(now) = &now {
                <p id="bucket-key-usage-at-step"><span class="scope-label">{ at_step.clone() }{ ": " }</span>{ lang.f(T::BucketKeySavingsText, &[&grouped(now.objects), &grouped(now.s3_kms_requests)]) }</p>
            }
            <p id="bucket-key-usage"><span class="scope-label">{ lang.t(whole) }{ ": " }</span>{ lang.f(T::BucketKeySavingsText, &[&grouped(usage.objects), &grouped(usage.s3_kms_requests)]) }</p>
            <fieldset class="settings-group">
                <legend>{ lang.t(T::Scale) }</legend>
                <div class="inline-fields">
                    { field("scale-shards", T::Shards, scale.shards, |s, v| s.shards = v) }
                    { field("scale-rps", T::RecordsPerSecond, scale.records_per_second, |s, v| s.records_per_second = v) }
                    { field("scale-producers", T::Producers, scale.producers, |s, v| s.producers = v) }
                    { field("scale-consumers", T::Consumers, scale.consumers, |s, v| s.consumers = v) }
                    { field("scale-objects", T::ObjectsPerHour, scale.objects_per_hour, |s, v| s.objects_per_hour = v) }
                </div>
            </fieldset>
            <p class="cost-total"><strong>{ lang.t(T::MonthlyCost) }{ ": " }{ format!("${:.2}", est.request_cost + est.key_cost) }</strong></p>
            <p>{ lang.f(T::CostBreakdown, &[&n(est.total_requests), &format!("{:.2}", est.request_cost), &format!("{:.2}", est.key_cost), &grouped(usage.customer_keys.max(1))]) }</p>
            <ul>
                <li>{ lang.f(T::CostBucketKeyOff, &[&n(est.s3_without_bucket_key)]) }</li>
                <li>{ lang.f(T::CostBucketKeyOn, &[&n(est.s3_with_bucket_key)]) }</li>
            </ul>
            <p class="muted small">{ lang.t(T::CostModel) }</p>
            { client_side_cost(&usage, &scale, &est, lang) }
            <RunSummary />
        </div>
    }
}

/// A duration in milliseconds, in minutes when whole.
fn duration(ms: u64, lang: Lang) -> String {
    if ms.is_multiple_of(60_000) {
        lang.f(T::DurationMinutes, &[&grouped(ms / 60_000)])
    } else {
        lang.f(T::DurationSeconds, &[&format!("{}", ms as f64 / 1000.0)])
    }
}

/// The client-side producers' KMS requests (the SDK's own GenerateDataKey calls, with and
/// without data key caching) beside the stream's server-side model; shown only when a
/// producer seals client-side. Counts and the estimate come from the engine.
fn client_side_cost(usage: &UsageView, scale: &Scale, sse: &Estimate, lang: Lang) -> Html {
    if usage.client_side.is_empty() {
        return html! {};
    }
    let n = |v: f64| grouped(v.round() as u64);
    html! {
        <section class="client-side-cost" id="client-side-cost" aria-labelledby="client-side-cost-title">
            <h3 class="small-title" id="client-side-cost-title">{ lang.t(T::ClientSideCost) }</h3>
            { for usage.client_side.iter().map(|c| {
                let caching = match c.caching {
                    Some((max_age, _)) => lang.f(T::CachingOn, &[&duration(max_age, lang), &grouped(c.calls_saved)]),
                    None => lang.t(T::CachingOff).to_string(),
                };
                // Without a cache configured, the comparison uses the SDK's example of
                // five minutes.
                let (max_age, max_messages) = c.caching.unwrap_or((300_000, 1 << 32));
                let month = client_side_estimate(scale, max_age, max_messages);
                html! {
                    <div class="cs-producer" data-producer={c.producer.clone()}>
                        <p class="cs-run" data-calls={c.generate_calls.to_string()} data-saved={c.calls_saved.to_string()}>
                            { lang.f(T::ClientSideRunCalls, &[&c.producer, &grouped(c.records_sealed), &grouped(c.generate_calls), &caching]) }
                        </p>
                        <p class="cs-month">{ lang.f(T::ClientSideMonthly, &[&n(month.without_caching), &n(month.with_caching), &duration(max_age, lang)]) }</p>
                    </div>
                }
            }) }
            <p class="cs-tradeoff" id="caching-tradeoff">{ lang.t(T::CachingTradeoff) }</p>
            <p class="cs-sse">{ lang.f(T::SseComparison, &[&grouped(usage.kinesis_kms_requests), &n(sse.kinesis_requests)]) }</p>
            <p class="model-note"><strong>{ lang.t(T::Modelled) }{ ": " }</strong><span>{ lang.t(T::SseComparisonModel) }</span></p>
        </section>
    }
}

/// The run's trace SHA-256: the same scenario and seed give the same hash natively
/// (`envelope-lab run --summary`) and here in Wasm.
#[function_component(RunSummary)]
pub fn run_summary() -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let hash = ctx.run.trace_sha256();
    html! {
        <details class="run-summary" id="run-summary">
            <summary>{ lang.t(T::RunSummary) }</summary>
            if let Some((hash, steps)) = hash {
                <dl class="headers">
                    <dt>{ lang.t(T::Seed) }</dt><dd><code id="run-seed">{ s.seed }</code></dd>
                    <dt>{ lang.t(T::StepsTotal) }</dt><dd><code id="run-steps">{ steps }</code></dd>
                    <dt>{ "trace_sha256" }</dt><dd><code class="break" id="trace-sha256">{ hash }</code></dd>
                </dl>
                <p class="muted small">{ lang.t(T::TraceHashNote) }</p>
            } else {
                <p class="muted small">{ lang.f(T::Computing, &[&grouped(s.total as u64)]) }</p>
            }
        </details>
    }
}
