//! An IAM role's settings: its inline policies, permissions boundary and trust policy.

use serde_json::Value;
use yew::prelude::*;

use envelope_lab::policy::PolicyKind;

use super::edit::find_index;
use super::policy::ScenarioPolicy;
use super::shown_scenario;
use crate::i18n::T;
use crate::state::State;

pub(super) fn role_settings(s: &State, name: &str) -> Html {
    let lang = s.lang;
    let Some(i) = find_index(&s.scenario, "roles", name) else {
        return html! { <p class="muted">{ lang.t(T::NoneForStep) }</p> };
    };
    // A fix's preview may add an inline policy or a boundary: show what it shows.
    let doc = shown_scenario(s);
    let inline = doc
        .pointer(&format!("/roles/{i}/inline_policies"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let trust = format!("/roles/{i}/trust_policy");
    let boundary = format!("/roles/{i}/permissions_boundary");
    let spotlit = |p: &str| s.spotlight.as_ref().is_some_and(|sp| sp.pointer == p);
    html! {
        <>
            { for inline.iter().enumerate().map(|(j, p)| {
                let pname = p.get("name").and_then(Value::as_str).unwrap_or("policy").to_string();
                html! {
                    <ScenarioPolicy id={format!("role-{name}-{j}")} label={lang.f(T::InlinePolicy, &[&pname])}
                        pointer={format!("/roles/{i}/inline_policies/{j}/document")} kind={PolicyKind::Identity} rows={16} />
                }
            }) }
            if doc.pointer(&boundary).is_some_and(|b| !b.is_null()) {
                <ScenarioPolicy id={format!("boundary-{name}")} label={lang.t(T::PermissionsBoundary)}
                    pointer={boundary.clone()} kind={PolicyKind::Boundary} />
            }
            <details open={spotlit(&trust)}>
                <summary>{ lang.t(T::TrustPolicy) }</summary>
                <ScenarioPolicy id={format!("trust-{name}")} label={lang.t(T::TrustPolicy)}
                    pointer={format!("/roles/{i}/trust_policy")} kind={PolicyKind::TrustPolicy} rows={8} />
            </details>
        </>
    }
}
