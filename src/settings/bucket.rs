//! The S3 bucket's settings: default encryption, Bucket Key, its bucket policy when it has
//! one, and the roles that read objects from it.

use serde_json::{json, Value};
use yew::prelude::*;

use envelope_lab::policy::PolicyKind;

use super::edit::{names_in, on_select_edit, on_text, str_at, try_edit};
use super::policy::ScenarioPolicy;
use super::shown_scenario;
use crate::fixes::F;
use crate::i18n::T;
use crate::Ctx;

#[function_component(BucketSettings)]
pub(super) fn bucket_settings() -> Html {
    let error = use_state(|| None::<String>);
    let reader_role = use_state(String::new);
    let reader_at = use_state(|| "10m".to_string());
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let bucket = str_at(&s.scenario, "/buckets/0/name").to_string();
    let bucket_key = s
        .scenario
        .pointer("/buckets/0/default_encryption/bucket_key")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let on_bucket_key = {
        let state = ctx.state.clone();
        let error = error.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let v = input.checked();
            error.set(
                try_edit(
                    &state,
                    "/buckets/0/default_encryption/bucket_key",
                    json!(v),
                    format!("Bucket Key {}", if v { "on" } else { "off" }),
                    None,
                )
                .err(),
            );
        })
    };
    let sse = str_at(&s.scenario, "/buckets/0/default_encryption/sse").to_string();
    let on_sse = on_select_edit(
        &ctx.state,
        &error,
        "/buckets/0/default_encryption/sse",
        "default encryption",
    );
    let roles = names_in(&s.scenario, "roles");
    let readers = s
        .scenario
        .get("readers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let add_reader = {
        let state = ctx.state.clone();
        let error = error.clone();
        let reader_role = reader_role.clone();
        let reader_at = reader_at.clone();
        let bucket = bucket.clone();
        let first = roles.first().cloned().unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            let role = if reader_role.is_empty() {
                first.clone()
            } else {
                (*reader_role).clone()
            };
            let mut readers = state
                .scenario
                .get("readers")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            readers.push(
                json!({"role": role, "at": reader_at.trim(), "bucket": bucket, "prefix": ""}),
            );
            error.set(
                try_edit(
                    &state,
                    "/readers",
                    Value::Array(readers),
                    format!("reader {role}"),
                    None,
                )
                .err(),
            );
        })
    };
    let on_role = {
        let reader_role = reader_role.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            reader_role.set(select.value());
        })
    };
    let on_at = on_text(&reader_at);
    html! {
        <>
            <p class="muted"><code>{ &bucket }</code></p>
            <fieldset class="settings-group">
                <legend>{ lang.t(T::DefaultEncryption) }</legend>
                <div class="field">
                    <label for="bucket-sse">{ lang.t(T::DefaultEncryption) }</label>
                    <select id="bucket-sse" onchange={on_sse}>
                        { for [("AES256", "SSE-S3 (AES256)"), ("aws:kms", "SSE-KMS (aws:kms)")].iter().map(|(v, l)| html! {
                            <option value={*v} selected={*v == sse}>{ *l }</option>
                        }) }
                    </select>
                </div>
                <label class="check">
                    <input type="checkbox" id="bucket-key" checked={bucket_key} onchange={on_bucket_key} />
                    { lang.t(T::BucketKey) }
                </label>
                <p class="muted small">{ lang.t(T::BucketKeyHelp) }</p>
            </fieldset>
            if shown_scenario(s).pointer("/buckets/0/policy").is_some_and(|p| !p.is_null()) {
                <ScenarioPolicy id="bucket-policy" label={lang.t(F::BucketPolicy)}
                    pointer="/buckets/0/policy" kind={PolicyKind::BucketPolicy} />
            }
            <fieldset class="settings-group">
                <legend>{ lang.t(T::Readers) }</legend>
                <ul class="event-list">
                    { for readers.iter().enumerate().map(|(i, r)| {
                        let state = ctx.state.clone();
                        let label = format!("{} {}", lang.t(T::Remove), str_at(r, "/role"));
                        let onclick = Callback::from(move |_: MouseEvent| {
                            let mut readers = state.scenario.get("readers").and_then(Value::as_array).cloned().unwrap_or_default();
                            if i < readers.len() {
                                readers.remove(i);
                                let _ = try_edit(&state, "/readers", Value::Array(readers), label.clone(), None);
                            }
                        });
                        html! { <li><code>{ str_at(r, "/role") }</code>{ " " }{ lang.f(T::ReaderAt, &[&str_at(r, "/at")]) }{ " " }
                            <button type="button" class="btn small" {onclick}>{ lang.t(T::Remove) }</button></li> }
                    }) }
                </ul>
                <div class="inline-fields">
                    <div class="field">
                        <label for="reader-role">{ lang.t(T::Role) }</label>
                        <select id="reader-role" onchange={on_role}>
                            { for roles.iter().map(|r| html! { <option value={r.clone()} selected={*r == *reader_role}>{ r }</option> }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="reader-at">{ lang.t(T::ApplyAt) }</label>
                        <input id="reader-at" type="text" class="code short" value={(*reader_at).clone()} oninput={on_at} />
                    </div>
                    <button type="button" class="btn" id="add-reader" onclick={add_reader}>{ lang.t(T::AddReader) }</button>
                </div>
            </fieldset>
            if let Some(e) = &*error { <p class="editor-error" role="alert">{ e }</p> }
        </>
    }
}
