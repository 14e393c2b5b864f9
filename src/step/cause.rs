//! A failed step's cause first (the engine's `Simulation::cause_at`): a PutRecord that failed
//! because its nested GenerateDataKey was denied shows that call, its decision and deciding
//! rule above the tabs, and its Authorization tab leads with the nested call's authorization
//! and evaluation path; the step's own authorization (Allowed: the caller may call
//! PutRecord) stays available below, folded, no longer the headline.

use yew::prelude::*;

use crate::i18n::grouped;

use super::authz::{denying_account, rule_reason, AuthorizationView};
use super::eval_path::PathState;
use crate::fixes::F;
use crate::i18n::T;
use crate::state::{Action, Tab};
use crate::tools_client::{use_eval_path, EvalPathAsk, RunAsk};
use crate::Ctx;

#[derive(Properties, PartialEq)]
pub struct StepProps {
    /// The step (0-based).
    pub index: usize,
}

/// Above the tabs of a failed step whose failure came from another step: what failed,
/// how it was decided, and links to it and to the fixes.
#[function_component(CauseBanner)]
pub fn cause_banner(props: &StepProps) -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = ctx.state.lang;
    let Some(cause) = ctx.run.cause(props.index) else {
        return html! {};
    };
    if cause.own {
        // The step failed by itself: only an S3 object another account owns (its ACL, not a
        // policy, refused) needs saying, since the Authorization tab shows the policies allowing.
        return match cause.object_owner.as_ref().and(cause.denied_by.as_ref()) {
            Some(owner) => html! {
                <div class="cause-banner" id="cause-banner" role="note">
                    <p class="denied-by">{ owner.get(lang.code()) }</p>
                </div>
            },
            None => html! {},
        };
    }
    let open = {
        let state = ctx.state.clone();
        let row = cause.row;
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Show {
                row,
                tab: Some(Tab::Authorization),
            })
        })
    };
    let fix = {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetTab(Tab::Fix)))
    };
    let step = grouped(cause.row as u64 + 1);
    html! {
        <div class="cause-banner" id="cause-banner" role="note">
            <p><strong>{ lang.f(F::CausedBy, &[&step, &crate::i18n::actor(&cause.actor, lang), &cause.operation, &cause.code]) }</strong></p>
            if let Some(a) = &cause.authorization {
                <p class="cause-rule">
                    <span class="decision-word">{ lang.t(T::Decision) }{ ": " }{ decision(a, lang) }</span>
                    { " — " }{ rule_reason(&a.rule, lang) }
                </p>
                if let Some(whose) = denying_account(a, lang).filter(|_| cause.object_owner.is_none()) {
                    <p class="denied-by">{ whose }</p>
                }
            }
            if let Some(owner) = cause.object_owner.as_ref().and(cause.denied_by.as_ref()) {
                <p class="denied-by">{ owner.get(lang.code()) }</p>
            }
            <div class="btn-row">
                <button type="button" class="btn small" id="cause-open" onclick={open}>{ lang.f(F::OpenStep, &[&step]) }</button>
                <button type="button" class="btn small primary" id="cause-fix" onclick={fix}>{ lang.t(F::FixOpenTab) }</button>
            </div>
        </div>
    }
}

fn decision(a: &envelope_lab::policy::Explanation, lang: crate::i18n::Lang) -> &'static str {
    use envelope_lab::policy::Decision;
    match a.decision {
        Decision::Allowed => lang.t(T::Allowed),
        Decision::ExplicitlyDenied => lang.t(T::ExplicitDeny),
        Decision::ImplicitlyDenied => lang.t(T::ImplicitDeny),
    }
}

/// The Authorization tab: the cause's authorization first when another step made this one
/// fail, each with its evaluation path. The decision and statements are the page's own
/// (`explain`, which the simulation runs anyway); the paths come from the policy tools
/// worker (`tools_client::use_eval_path`), asked when the tab opens on a row and shown only
/// for this row of this run.
#[function_component(AuthorizationTab)]
pub fn authorization_tab(props: &StepProps) -> Html {
    let ctx = use_context::<Ctx>();
    let i = props.index;
    let own = ctx.as_ref().and_then(|c| c.run.authorization(i));
    let cause = ctx.as_ref().and_then(|c| c.run.cause(i)).filter(|c| !c.own);
    let ask = |row: usize| {
        ctx.as_ref().map(|c| EvalPathAsk {
            run: RunAsk {
                revision: c.state.revision,
                seed: c.state.seed,
                scenario: c.state.scenario.clone(),
            },
            row: row as u32,
        })
    };
    // Asked only for a decision the page shows: the step's own, and its cause's.
    let own_path = use_eval_path(own.as_ref().and_then(|_| ask(i)));
    let cause_path = use_eval_path(
        cause
            .as_ref()
            .filter(|c| c.authorization.is_some())
            .and_then(|c| ask(c.row)),
    );
    let Some(ctx) = ctx else {
        return html! {};
    };
    let lang = ctx.state.lang;
    let own = own.map(|explanation| {
        let path = PathState::of(own_path);
        html! { <AuthorizationView {explanation} {lang} {path} /> }
    });
    match cause {
        Some(c) => {
            let step = grouped(c.row as u64 + 1);
            let path = PathState::of(cause_path);
            html! {
                <>
                    <section class="cause-authz" id="cause-authz">
                        <h4>{ lang.f(F::CauseAuthz, &[&step, &c.operation]) }</h4>
                        if let Some(explanation) = c.authorization.clone() {
                            <AuthorizationView {explanation} {lang} {path} />
                        } else {
                            <p class="muted">{ lang.t(F::CauseNoPolicy) }</p>
                        }
                    </section>
                    if let Some(own) = own {
                        <details class="own-authz" id="own-authz">
                            <summary>{ lang.t(F::OwnAuthz) }</summary>
                            { own }
                        </details>
                    }
                </>
            }
        }
        None => own.unwrap_or_else(|| html! { <p class="muted">{ lang.t(T::NoneForStep) }</p> }),
    }
}
