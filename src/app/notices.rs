//! The notices above the workspace: a bad link, unreadable saved work, an import or export
//! that failed, a run that could not start or was cut at its budget. Each says why in the
//! UI language and can be dismissed (except the budget's, shown while its run is).

use yew::prelude::*;

use envelope_lab::sim::Audience;
use envelope_lab::text::Text;

use super::state::{Action, Notice, State};
use super::RunHandle;
use crate::i18n::{Lang, T};

/// The notices block, or nothing when there is none.
pub(super) fn notices(state: &UseReducerHandle<State>, run: &RunHandle) -> Html {
    let s = &**state;
    let lang = s.lang;
    let notices = s.notices.iter().enumerate().map(|(i, n)| {
        if *n == Notice::LinkOpened {
            return link_opened(state);
        }
        let dispatch = state.dispatcher();
        let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Dismiss(i)));
        let (text, warn) = notice_text(n, lang);
        html! {
            <div class={classes!("notice", warn.then_some("warn"))} role={if warn { "alert" } else { "status" }}>
                <span>{ text }</span>
                <button type="button" class="btn small" {onclick}>{ lang.t(T::Dismiss) }</button>
            </div>
        }
    });
    // A run cut at its budget says so for as long as it is the run shown.
    let budget = s.run_done.then(|| run.budget_stop()).flatten().map(|stop| {
        html! {
            <div class="notice warn" id="budget-notice" role="status">
                <span>{ stop.notice(Audience::Page).get(lang.code()).to_string() }</span>
            </div>
        }
    });
    let crypto = run.waiting().then(|| crypto_notice(state, run));
    if s.notices.is_empty() && budget.is_none() && crypto.is_none() {
        return html! {};
    }
    html! { <div class="notices">{ for crypto }{ for notices }{ for budget }</div> }
}

/// A client-side scenario waits for its cryptography module: loading, or why it could not
/// be loaded (the scenario is kept) with a button to try again.
fn crypto_notice(state: &UseReducerHandle<State>, run: &RunHandle) -> Html {
    let lang = state.lang;
    match crate::esdk_client::status() {
        crate::esdk_client::Status::Failed(why) => {
            let retry = {
                let (run, dispatch, revision) = (run.clone(), state.dispatcher(), state.revision);
                Callback::from(move |_: MouseEvent| {
                    super::run_loop::await_crypto(
                        run.clone(),
                        dispatch.clone(),
                        Default::default(),
                        revision,
                    );
                    // Re-render: the notice says it is loading again.
                    dispatch.dispatch(Action::RunProgress {
                        revision,
                        total: 0,
                        done: false,
                    });
                })
            };
            html! {
                <div class="notice warn" id="crypto-failed" role="alert">
                    <span>{ lang.f(T::CryptoFailed, &[&why]) }</span>
                    <button type="button" class="btn small" id="crypto-retry" onclick={retry}>{ lang.t(T::CryptoRetry) }</button>
                </div>
            }
        }
        _ => html! {
            <div class="notice" id="crypto-loading" role="status">
                <span>{ lang.t(T::CryptoLoading) }</span>
            </div>
        },
    }
}

/// The scenario from a link is shown; the saved work is kept: back to it, or keep this.
fn link_opened(state: &UseReducerHandle<State>) -> Html {
    let lang = state.lang;
    let on = |action: Action| {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(action.clone()))
    };
    html! {
        <div class="notice" id="link-opened" role="status">
            <span>{ lang.t(T::LinkOpened) }</span>
            <button type="button" class="btn small primary" id="link-back" onclick={on(Action::BackToSaved)}>{ lang.t(T::LinkBack) }</button>
            <button type="button" class="btn small" id="link-keep" onclick={on(Action::KeepLinked)}>{ lang.t(T::LinkKeep) }</button>
        </div>
    }
}

fn notice_text(n: &Notice, lang: Lang) -> (String, bool) {
    let why = |t: &Text| t.get(lang.code()).to_string();
    match n {
        Notice::BadLink(t) => (lang.f(T::BadLink, &[&why(t)]), true),
        Notice::FutureLink(v) => (lang.f(T::FutureLink, &[&format!("v{v}")]), true),
        Notice::BadLinkScenario(t) => (lang.f(T::BadLinkScenario, &[&why(t)]), true),
        Notice::StorageCorrupt(t) => (lang.f(T::StorageCorrupt, &[&why(t)]), true),
        Notice::ImportFailed(t) => (lang.f(T::ImportFailed, &[&why(t)]), true),
        Notice::ExportFailed(t) => (lang.f(T::ExportFailed, &[&why(t)]), true),
        Notice::Imported => (lang.t(T::Imported).into(), false),
        Notice::LinkCopied => (lang.t(T::LinkCopied).into(), false),
        Notice::LinkReady => (lang.t(T::LinkReady).into(), false),
        Notice::EngineError(t) => (lang.f(T::EngineError, &[&why(t)]), true),
        Notice::LinkOpened => (lang.t(T::LinkOpened).into(), false),
    }
}
