//! "Compared with the example before your edits": Access Analyzer's `CheckNoNewAccess` of an
//! edited policy against the example's own, so a learner sees what an edit (or an applied
//! fix) newly grants or takes away. Computed by the engine's `policy::compare` in the policy
//! tools worker (`src/tools_work.rs`), as `envelope-lab check no-new-access` does.

use std::rc::Rc;

use yew::prelude::*;

use crate::fixes::F;
use crate::i18n::Lang;
use crate::tools_client::use_no_new_access;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub id: &'static str,
    /// The policy's name as the editor labels it.
    pub name: String,
    pub before: Rc<String>,
    pub after: Rc<String>,
    /// `IDENTITY_POLICY` or `RESOURCE_POLICY`.
    pub policy_type: &'static str,
    pub lang: Lang,
}

#[function_component(PolicyComparison)]
pub fn policy_comparison(p: &CompareProps) -> Html {
    let lang = p.lang;
    let code = lang.code();
    let result = use_no_new_access(p.before.clone(), p.after.clone(), p.policy_type);
    let list = |items: &[envelope_lab::text::Text]| {
        html! { <ul>{ for items.iter().map(|t| html! { <li>{ t.get(code) }</li> }) }</ul> }
    };
    let body = match result.as_deref() {
        None => html! { <p class="muted small">{ lang.t(F::CompareWorking) }</p> },
        Some(c) => match &c.error {
            Some(e) => html! { <p class="muted small">{ e.get(code) }</p> },
            None => html! {
                <>
                    <p class={classes!("pg-compare-verdict", if c.pass { "pass" } else { "fail" })}>
                        { lang.t(if c.pass { F::CompareNoNew } else { F::CompareNew }) }
                    </p>
                    if !c.new_access.is_empty() { { list(&c.new_access) } }
                    if !c.removed_access.is_empty() {
                        <p>{ lang.t(F::CompareRemoved) }</p>
                        { list(&c.removed_access) }
                    }
                    if !c.exhaustive {
                        <p class="muted small">{ lang.t(F::CompareSampled) }</p>
                    }
                </>
            },
        },
    };
    html! {
        <div class="pg-compare" id={p.id} role="note">
            <strong>{ lang.f(F::CompareTitle, &[&p.name]) }</strong>
            { body }
        </div>
    }
}
