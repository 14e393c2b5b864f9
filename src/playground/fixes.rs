//! The playground's Fix list for a denied request: the playground's inputs written as the
//! `eval` command's input document (the request, the IAM policy, the key policy), the
//! engine's verified fixes of it (`policy::fix::eval_fixes`, each re-evaluated after its
//! JSON Patch is applied), and Apply putting the patched policies back into the editors.

use std::rc::Rc;

use serde_json::{json, Value};
use yew::prelude::*;

use envelope_lab::patch;
use envelope_lab::policy::Request;

use crate::fixes::{FixItem, FixList, F};
use crate::i18n::Lang;
use crate::tools_client::use_eval_fixes;

/// The `eval` input of a playground request with these policies.
pub fn eval_input(req: &Request, key_policy: &Value, iam_policy: &Value) -> Value {
    let context = serde_json::to_value(&req.context).unwrap_or_else(|_| json!({}));
    json!({
        "request": {
            "principal": req.principal,
            "action": req.action,
            "resource": req.resource,
            "context": context,
        },
        "identity_policies": [iam_policy],
        "resource_policy": key_policy,
    })
}

/// The key policy and IAM policy of an `eval` input.
fn policies_of(doc: &Value) -> Option<(Value, Value)> {
    Some((
        doc.get("resource_policy")?.clone(),
        doc.pointer("/identity_policies/0")?.clone(),
    ))
}

#[derive(Properties, PartialEq)]
pub struct PlaygroundFixesProps {
    /// The `eval` input of the denied request.
    pub input: Rc<Value>,
    pub lang: Lang,
    /// The key policy and IAM policy with a fix applied.
    pub on_apply: Callback<(Value, Value)>,
}

#[function_component(PlaygroundFixes)]
pub fn playground_fixes(props: &PlaygroundFixesProps) -> Html {
    let lang = props.lang;
    // Computed in the policy tools worker (src/tools_client.rs).
    let written = use_eval_fixes(props.input.clone());
    let computing = written.is_none();
    // Why none is offered (for a KMS operation that cannot be called across accounts, what
    // to do instead), shown as the run's Fix tab shows its reason.
    let why = written.as_ref().and_then(|w| w.1.clone());
    let fixes = use_memo((props.input.clone(), written), |(input, written)| {
        let fixes = written
            .as_deref()
            .map(|(f, _)| f.as_slice())
            .unwrap_or_default();
        let patched: Vec<Option<Value>> = fixes
            .iter()
            .map(|f| patch::apply(input, &f.edit).ok())
            .collect();
        let items: Vec<FixItem> = fixes
            .iter()
            .zip(&patched)
            .map(|(f, p)| FixItem::of_written(f, p.as_ref()))
            .collect();
        (Rc::new(items), patched)
    });
    let (items, patched) = (*fixes).clone();
    let on_apply = {
        let cb = props.on_apply.clone();
        Callback::from(move |i: usize| {
            if let Some(pair) = patched
                .get(i)
                .cloned()
                .flatten()
                .as_ref()
                .and_then(policies_of)
            {
                cb.emit(pair);
            }
        })
    };
    html! {
        <section class="fixes pg-fixes" id="pg-fixes" aria-labelledby="pg-fixes-title">
            <h3 id="pg-fixes-title" class="small-title">{ lang.t(F::TabFix) }</h3>
            if computing {
                <p class="muted">{ lang.t(F::FixComputing) }</p>
            } else if items.is_empty() {
                <p class="muted">{ lang.t(F::FixNone) }</p>
                if let Some(why) = &why {
                    <p class="fix-no-reason">{ why.get(lang.code()) }</p>
                }
            } else {
                <FixList {items} {lang} verified_text={F::FixVerifiedEval} {on_apply} />
            }
        </section>
    }
}
