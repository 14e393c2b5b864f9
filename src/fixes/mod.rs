//! The Fix tab: the engine's verified fixes of a failure (`Simulation::fixes_for`, or for
//! the playground `policy::fix::eval_fixes`, both computed by the policy tools worker:
//! `src/tools_client.rs`), each with where it goes (document, statement
//! index and Sid), the exact JSON, the explanation and trade-off in the UI language, and
//! badges (verified, least privilege, modelled). **Apply** makes the fix one undoable edit
//! of the scenario; **Show me** opens the document's editor with the fix previewed and its
//! statement highlighted. Nothing here decides which fix is right: the engine offers only
//! fixes it re-ran or re-evaluated.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use envelope_lab::patch::{self, Edit};
use envelope_lab::policy::fix::WrittenFix;
use envelope_lab::sim::fixes::{DocumentKind, FixAll, FixOption, FixTarget};
use envelope_lab::text::Text;

mod prefetch;
pub mod strings;

pub use prefetch::use_prefetch_fixes;

use super::i18n::{Lang, T};
use super::policy_editor::pretty;
use super::state::{Action, Selection, Spotlight};
use super::tools_client::{ask_fix_all, use_run_fixes, RunAsk, RunFixesAsk};
use super::web;
use super::Ctx;
pub use strings::F;

/// A fix option as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct FixItem {
    /// The engine's stable kind (`identity_statement`, `enable_key`, …).
    pub kind: String,
    /// The document it edits ("key policy of KinesisKey").
    pub place: Text,
    /// The statement it adds or changes: index and Sid, when it is a statement.
    pub statement: Option<(usize, Option<String>)>,
    /// The edits (JSON Patch) without their guards, each with the value it removes (the
    /// guard's quote of it) for a removal.
    pub edits: Vec<(Edit, Option<Value>)>,
    pub explanation: Text,
    pub verified: bool,
    /// Nothing else newly allowed, as the engine's comparison measured it (`None`: not
    /// reported).
    pub least_privilege: Option<bool>,
    /// What else it newly allows (a removed Deny, a widened condition).
    pub also_allows: Vec<Text>,
    pub modelled: Option<Text>,
    /// It removes or narrows a control someone wrote on purpose (a Deny, a condition).
    pub changes_control: bool,
    /// Where the verification re-run stops next: `None` not reported (the playground),
    /// `Some(None)` the run completes.
    pub next_failure: Option<Option<Text>>,
}

/// The label of a kind of fix.
fn kind_label(kind: &str, lang: Lang) -> String {
    let key = match kind {
        "change_call" => F::FixKindChangeCall,
        "deny_exception" => F::FixKindDenyException,
        "identity_statement" => F::FixKindIdentityStatement,
        "key_policy_statement" => F::FixKindKeyPolicyStatement,
        "grant" => F::FixKindGrant,
        "resource_policy_statement" => F::FixKindResourcePolicyStatement,
        "trust_statement" => F::FixKindTrustStatement,
        "trust_principal" => F::FixKindTrustPrincipal,
        "boundary_statement" => F::FixKindBoundaryStatement,
        "scp_statement" => F::FixKindScpStatement,
        "remove_deny" => F::FixKindRemoveDeny,
        "narrow_deny" => F::FixKindNarrowDeny,
        "widen_condition" => F::FixKindWidenCondition,
        "context_condition" => F::FixKindContextCondition,
        "enable_key" => F::FixKindEnableKey,
        "cancel_key_deletion" => F::FixKindCancelKeyDeletion,
        "remove_event" => F::FixKindRemoveEvent,
        "use_aws_managed_key" => F::FixKindUseAwsManagedKey,
        "disable_bucket_key" => F::FixKindDisableBucketKey,
        "raise_kms_quota" => F::FixKindRaiseKmsQuota,
        "lower_concurrency" => F::FixKindLowerConcurrency,
        "original_ciphertext" => F::FixKindOriginalCiphertext,
        "matching_context" => F::FixKindMatchingContext,
        "firehose_encryption" => F::FixKindFirehoseEncryption,
        other => return other.to_string(),
    };
    lang.t(key).to_string()
}

/// The index and Sid of the statement at `pointer` in `doc` (`…/Statement/1`).
pub fn statement_at(doc: &Value, pointer: &str) -> Option<(usize, Option<String>)> {
    let index = pointer.rsplit('/').next()?.parse::<usize>().ok()?;
    let sid = patch::get(doc, pointer)
        .and_then(|s| s.get("Sid"))
        .and_then(Value::as_str)
        .map(str::to_string);
    Some((index, sid))
}

/// The edits that change something (the `test` guards only protect them), each removal
/// with the value its guard quotes (what it removes).
pub fn changes(edits: &[Edit]) -> Vec<(Edit, Option<Value>)> {
    let guarded = |path: &str| {
        edits.iter().find_map(|e| match e {
            Edit::Test { path: p, value } if p == path => Some(value.clone()),
            _ => None,
        })
    };
    edits
        .iter()
        .filter(|e| !matches!(e, Edit::Test { .. }))
        .map(|e| match e {
            Edit::Remove { path } => (e.clone(), guarded(path)),
            _ => (e.clone(), None),
        })
        .collect()
}

/// Documents whose parts are statements (a grant or an event is not one).
fn has_statements(d: DocumentKind) -> bool {
    matches!(
        d,
        DocumentKind::InlinePolicy
            | DocumentKind::AttachedPolicy
            | DocumentKind::PermissionsBoundary
            | DocumentKind::TrustPolicy
            | DocumentKind::KeyPolicy
            | DocumentKind::BucketPolicy
            | DocumentKind::StreamPolicy
            | DocumentKind::ServiceControlPolicy
            | DocumentKind::ResourceControlPolicy
    )
}

impl FixItem {
    /// A run's fix option; `patched` is the scenario with it applied (for the Sid).
    pub fn of_option(o: &FixOption, patched: Option<&Value>) -> FixItem {
        let target = o.targets.first();
        FixItem {
            kind: o.kind.as_str().to_string(),
            place: target.map(|t| t.label.clone()).unwrap_or_default(),
            statement: target
                .filter(|t| has_statements(t.document))
                .and_then(|t| t.statement.as_deref())
                .zip(patched)
                .and_then(|(p, doc)| statement_at(doc, p)),
            edits: changes(&o.edits),
            explanation: o.explanation.clone(),
            verified: o.verified,
            least_privilege: Some(o.least_privilege),
            also_allows: o.also_allows.iter().map(|p| p.text.clone()).collect(),
            modelled: o.modelled.clone(),
            changes_control: o.changes_control,
            next_failure: Some(o.next_failure.clone()),
        }
    }
}

impl FixItem {
    /// A playground fix (the engine's `eval` fixes); `patched` is the input with it applied.
    pub fn of_written(w: &WrittenFix, patched: Option<&Value>) -> FixItem {
        let is_policy = !w.place.document.contains("grant");
        FixItem {
            kind: w.kind.clone(),
            place: w.place.label.clone(),
            statement: w
                .place
                .statement
                .as_deref()
                .filter(|_| is_policy)
                .zip(patched)
                .and_then(|(p, doc)| statement_at(doc, p)),
            edits: changes(&w.edit),
            explanation: w.explanation.clone(),
            verified: w.verified,
            least_privilege: Some(w.least_privilege),
            also_allows: w.also_allows.clone(),
            modelled: None,
            changes_control: w.changes_control,
            next_failure: None,
        }
    }
}

/// One edit as the learner reads it: what happens where, and the JSON (what a removal
/// takes away, struck through).
fn edit_html((e, removed): &(Edit, Option<Value>), lang: Lang) -> Html {
    let (what, path, value) = match e {
        Edit::Add { path, value } => (F::EditAdd, path, Some(value)),
        Edit::Replace { path, value } => (F::EditReplace, path, Some(value)),
        Edit::Remove { path } => (F::EditRemove, path, None),
        Edit::Move { path, .. } | Edit::Copy { path, .. } => (F::EditMove, path, None),
        Edit::Test { path, value } => (F::EditAdd, path, Some(value)),
    };
    html! {
        <div class="fix-edit">
            <p class="fix-edit-what">{ lang.t(what) }{ " " }<code>{ path }</code></p>
            if let Some(v) = value {
                <pre class="json fix-json"><code>{ pretty(v) }</code></pre>
            }
            if let Some(v) = removed {
                <pre class="json fix-json fix-removed" aria-label={lang.t(F::FixRemovedLines)}><del>{ pretty(v) }</del></pre>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FixListProps {
    pub items: Rc<Vec<FixItem>>,
    pub lang: Lang,
    /// Wording of the verified badge (the run re-ran; the playground re-evaluated).
    pub verified_text: F,
    pub on_apply: Callback<usize>,
    /// "Show me" (absent where there is no other editor to open).
    #[prop_or_default]
    pub on_show: Option<Callback<usize>>,
}

/// The options, least privilege first (the engine's order).
#[function_component(FixList)]
pub fn fix_list(props: &FixListProps) -> Html {
    let lang = props.lang;
    let code = lang.code();
    html! {
        <ol class="fix-options">
            { for props.items.iter().enumerate().map(|(i, f)| {
                let apply = props.on_apply.reform(move |_: MouseEvent| i);
                let show = props.on_show.as_ref().map(|cb| cb.reform(move |_: MouseEvent| i));
                let statement = f.statement.as_ref().map(|(n, sid)| match sid {
                    Some(sid) => format!("{} (Sid \"{sid}\")", lang.f(T::StatementN, &[n])),
                    None => lang.f(T::StatementN, &[n]),
                });
                html! {
                    <li class="fix-option" id={format!("fix-option-{i}")} data-kind={f.kind.clone()}>
                        <div class="fix-head">
                            <h4>{ format!("{}. ", i + 1) }{ kind_label(&f.kind, lang) }</h4>
                            <span class="fix-badges">
                                if f.verified {
                                    <span class="badge verified" title={lang.t(props.verified_text)}>{ "✓ " }{ lang.t(F::FixVerified) }</span>
                                }
                                if f.least_privilege == Some(true) {
                                    <span class="badge least">{ lang.t(F::FixLeastPrivilege) }</span>
                                } else if f.least_privilege == Some(false) {
                                    <span class="badge broad">{ lang.t(F::FixBroader) }</span>
                                }
                                if f.modelled.is_some() {
                                    <span class="badge modelled">{ lang.t(T::Modelled) }</span>
                                }
                                if f.changes_control {
                                    <span class="badge control" title={lang.t(F::FixChangesControlWhy)}>{ lang.t(F::FixChangesControl) }</span>
                                }
                            </span>
                        </div>
                        <p class="fix-where"><strong>{ lang.t(F::FixWhere) }{ ": " }</strong>{ f.place.get(code) }
                            if let Some(st) = statement { { lang.t(F::ListSep) }{ st } }</p>
                        { for f.edits.iter().map(|e| edit_html(e, lang)) }
                        <p class="fix-why">{ f.explanation.get(code) }</p>
                        if f.changes_control {
                            <p class="fix-control">{ lang.t(F::FixChangesControlWhy) }</p>
                        }
                        if let Some(next) = &f.next_failure {
                            <p class="fix-next">{ match next {
                                Some(t) => lang.f(F::FixNextFailure, &[&t.get(code)]),
                                None => lang.t(F::FixNextNone).to_string(),
                            } }</p>
                        }
                        // Listed unless the explanation already names each one.
                        if f.also_allows.iter().any(|t| !f.explanation.get(code).contains(t.get(code))) {
                            <div class="fix-also">
                                <strong>{ lang.t(F::FixAlsoAllows) }</strong>
                                <ul>{ for f.also_allows.iter().map(|t| html! { <li>{ t.get(code) }</li> }) }</ul>
                            </div>
                        }
                        if let Some(m) = &f.modelled {
                            <p class="model-note"><strong>{ lang.t(T::Modelled) }{ ": " }</strong>{ m.get(code) }</p>
                        }
                        <p class="muted small">{ lang.t(props.verified_text) }</p>
                        <div class="btn-row">
                            <button type="button" class="btn primary small fix-apply" onclick={apply}>{ lang.t(F::FixApply) }</button>
                            if let Some(show) = show {
                                <button type="button" class="btn small fix-show" onclick={show}>{ lang.t(F::FixShowMe) }</button>
                            }
                        </div>
                    </li>
                }
            }) }
        </ol>
    }
}

/// The inspector selection that shows a fix's document: its own editor where the inspector
/// has one, else the scenario JSON editor.
pub fn selection_for(target: &FixTarget, doc: &Value, edits: &[Edit]) -> Selection {
    let tokens = patch::tokens(&target.pointer).unwrap_or_default();
    let index = tokens.get(1).and_then(|t| t.parse::<usize>().ok());
    let name = |list: &str| {
        index
            .and_then(|i| patch::get(doc, &format!("/{list}/{i}/name")))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let first = index == Some(0);
    let named = |list: &str, make: fn(String) -> Selection| name(list).map(make);
    let chosen = match target.document {
        DocumentKind::InlinePolicy
        | DocumentKind::TrustPolicy
        | DocumentKind::PermissionsBoundary => named("roles", Selection::Role),
        DocumentKind::KeyPolicy | DocumentKind::KeyState => named("keys", Selection::Key),
        DocumentKind::BucketPolicy | DocumentKind::BucketEncryption if first => {
            Some(Selection::Bucket)
        }
        DocumentKind::StreamEncryption if first => Some(Selection::Stream),
        DocumentKind::Producer if first => Some(Selection::Producer),
        DocumentKind::Events => event_owner(doc, edits),
        _ => None,
    };
    chosen.unwrap_or(Selection::Scenario)
}

/// The editor that lists an event a fix adds or removes: its key's, or the stream's.
fn event_owner(doc: &Value, edits: &[Edit]) -> Option<Selection> {
    let event = edits.iter().find_map(|e| match e {
        Edit::Add { value, .. } => Some(value.clone()),
        Edit::Remove { path } => patch::get(doc, path).cloned(),
        _ => None,
    })?;
    if let Some(key) = event.get("key").and_then(Value::as_str) {
        return Some(Selection::Key(key.to_string()));
    }
    event.get("stream").map(|_| Selection::Stream)
}

/// The statements of the document at `pointer` that `before` has and `after` (a fix's
/// preview) does not: what Apply removes, for "Show me" to strike through.
pub fn removed_statements(before: &Value, after: &Value, pointer: &str) -> Vec<Value> {
    let list = |doc: &Value| -> Vec<Value> {
        match doc.pointer(&format!("{pointer}/Statement")) {
            Some(Value::Array(a)) => a.clone(),
            Some(one) => vec![one.clone()],
            None => Vec::new(),
        }
    };
    let mut kept = list(after);
    let mut out = Vec::new();
    for st in list(before) {
        match kept.iter().position(|k| *k == st) {
            Some(i) => {
                kept.remove(i);
            }
            None => out.push(st),
        }
    }
    out
}

/// The scenario with a fix applied (the engine's [`FixOption::apply_to`]); `None` when it
/// no longer applies (the scenario was edited since the fixes were computed).
pub fn patched(scenario: &Value, option: &FixOption) -> Option<Value> {
    option.apply_to(scenario).ok()
}

#[derive(Properties, PartialEq)]
pub struct RunFixesProps {
    /// The failed step (0-based).
    pub row: usize,
}

/// The Fix tab of a failed step: computed by the policy tools worker once the run is
/// complete (each option is re-run by the engine there, off the page's thread), then shown
/// with Apply and Show me.
#[function_component(RunFixes)]
pub fn run_fixes(props: &RunFixesProps) -> Html {
    let problem = use_state(|| false);
    let ctx = use_context::<Ctx>();
    let ask = ctx
        .as_ref()
        .filter(|c| c.state.run_done)
        .map(|c| RunFixesAsk {
            run: RunAsk {
                revision: c.state.revision,
                seed: c.state.seed,
                scenario: c.state.scenario.clone(),
            },
            step: props.row as u32,
        });
    let answer = use_run_fixes(ask);
    let Some(ctx) = ctx else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let code = lang.code();
    if s.fixes_withheld && s.mode == crate::state::Mode::Tutorial {
        return html! { <p class="muted" id="fix-status">{ lang.t(F::FixWithheld) }</p> };
    }
    let Some(answer) = answer.filter(|_| s.run_done) else {
        let text = if s.run_done {
            F::FixComputing
        } else {
            F::FixWaitRun
        };
        return html! { <p class="muted" id="fix-status" aria-live="polite">{ lang.t(text) }</p> };
    };
    let fixes = match answer {
        Ok(fixes) => fixes,
        Err(why) => {
            return html! { <p class="editor-error" id="fix-status" role="alert">{ why.get(code) }</p> }
        }
    };
    let Some(shown) = fixes else {
        return html! { <p class="muted" id="fix-status">{ lang.t(F::FixNotFailed) }</p> };
    };
    let fixes = &shown.fixes;
    let patched_docs: Vec<Option<Rc<Value>>> = fixes
        .options
        .iter()
        .map(|o| patched(&s.scenario, o).map(Rc::new))
        .collect();
    let items: Rc<Vec<FixItem>> = Rc::new(
        fixes
            .options
            .iter()
            .zip(&patched_docs)
            .map(|(o, p)| FixItem::of_option(o, p.as_deref()))
            .collect(),
    );
    let labels: Rc<Vec<String>> = Rc::new(
        fixes
            .options
            .iter()
            .map(|o| {
                let place = o.targets.first().map(|t| t.label.get(code)).unwrap_or("");
                lang.f(
                    F::FixUndoLabel,
                    &[&kind_label(o.kind.as_str(), lang), &place],
                )
            })
            .collect(),
    );
    let on_apply = {
        let state = ctx.state.clone();
        let docs = patched_docs.clone();
        let problem = problem.clone();
        let labels = labels.clone();
        Callback::from(move |i: usize| match docs.get(i).cloned().flatten() {
            Some(doc) => {
                problem.set(false);
                state.dispatch(Action::ApplyFix {
                    scenario: (*doc).clone(),
                    label: labels.get(i).cloned().unwrap_or_default(),
                });
            }
            None => problem.set(true),
        })
    };
    let on_show = {
        let state = ctx.state.clone();
        let docs = patched_docs.clone();
        let shown = shown.clone();
        let problem = problem.clone();
        Callback::from(move |i: usize| {
            let (Some(o), Some(Some(doc))) = (shown.fixes.options.get(i), docs.get(i)) else {
                problem.set(true);
                return;
            };
            let Some(target) = o.targets.first() else {
                return;
            };
            let selection = selection_for(target, &state.scenario, &o.edits);
            state.dispatch(Action::Spotlight {
                selection: Some(selection),
                spotlight: Some(Spotlight {
                    pointer: target.pointer.clone(),
                    statement: target.statement.clone(),
                    preview: Some(doc.clone()),
                    label: labels.get(i).cloned().unwrap_or_default(),
                }),
            });
            web::reveal_id("inspector-title");
        })
    };
    html! {
        <div class="fixes" id="fixes">
            <p class="fix-summary"><strong>{ fixes.summary.get(code) }</strong></p>
            if fixes.cause != fixes.step {
                <p class="muted small">{ lang.f(F::FixForCause, &[&(fixes.cause + 1)]) }</p>
            }
            if let Some(rule) = &shown.rule {
                <p class="deciding-rule"><strong>{ lang.t(T::DecidingRule) }{ ": " }</strong>{ rule.get(code) }</p>
            }
            { for fixes.notes.iter().map(|n| html! { <p class="model-note">{ n.get(code) }</p> }) }
            if *problem {
                <p class="editor-error" role="alert">{ lang.t(F::FixNoLongerApplies) }</p>
            }
            if items.is_empty() {
                <p class="muted">{ lang.t(F::FixNone) }</p>
                if let Some(why) = &fixes.no_fix_reason {
                    <p class="fix-no-reason">{ why.get(code) }</p>
                }
            } else {
                <FixList {items} {lang} verified_text={F::FixVerifiedRun} {on_apply} on_show={Some(on_show)} />
            }
            <FixAllPanel />
            if !fixes.rejected.is_empty() {
                <details class="fix-rejected">
                    <summary>{ lang.f(F::FixRejected, &[&fixes.rejected.len()]) }</summary>
                    <ul>
                        { for fixes.rejected.iter().map(|r| html! {
                            <li><strong>{ kind_label(r.kind.as_str(), lang) }</strong>{ ": " }{ r.reason.get(code) }</li>
                        }) }
                    </ul>
                </details>
            }
        </div>
    }
}

/// What Fix all computed, for the scenario revision it was computed for.
type FixAllResult = (u64, Result<Rc<FixAll>, Text>);

/// **Fix all**: the first fix of each failure in turn (the engine's `sim::fixes::fix_all`,
/// computed by the policy tools worker), listed before anything changes, then applied as
/// one undoable edit.
#[function_component(FixAllPanel)]
pub fn fix_all_panel() -> Html {
    let result = use_state(|| None::<FixAllResult>);
    let computing = use_state(|| false);
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let code = lang.code();
    let revision = s.revision;
    let compute = {
        let (result, computing, state) = (result.clone(), computing.clone(), ctx.state.clone());
        Callback::from(move |_: MouseEvent| {
            computing.set(true);
            let (result, computing, revision) = (result.clone(), computing.clone(), state.revision);
            ask_fix_all(
                &state.scenario,
                state.seed,
                Callback::from(move |all| {
                    result.set(Some((revision, all)));
                    computing.set(false);
                }),
            );
        })
    };
    let current = (*result).clone().filter(|(rev, _)| *rev == revision);
    let body = match current {
        None if *computing => {
            html! { <p class="muted" aria-live="polite">{ lang.t(F::FixAllComputing) }</p> }
        }
        None => html! {},
        Some((_, Err(e))) => html! { <p class="editor-error" role="alert">{ e.get(code) }</p> },
        Some((_, Ok(all))) if all.steps.is_empty() => html! {
            <p class="muted" id="fix-all-none">{ all.remaining.as_ref().map_or_else(|| lang.t(F::FixAllNothing).to_string(), |r| lang.f(F::FixAllLeft, &[&r.get(code)])) }</p>
        },
        Some((_, Ok(all))) => {
            let apply = {
                let state = ctx.state.clone();
                let all = all.clone();
                Callback::from(move |_: MouseEvent| {
                    state.dispatch(Action::ApplyFix {
                        scenario: all.scenario.clone(),
                        label: state.lang.f(F::FixAllUndoLabel, &[&all.steps.len()]),
                    })
                })
            };
            html! {
                <div class="fix-all-list" id="fix-all-list">
                    <p>{ lang.t(F::FixAllIntro) }</p>
                    <ol>
                        { for all.steps.iter().map(|st| {
                            let place = st.option.targets.first().map(|t| t.label.get(code)).unwrap_or("");
                            html! {
                                <li class="fix-all-step" data-kind={st.option.kind.as_str()}>
                                    <span class="fix-all-failure">{ st.failure.get(code) }</span>
                                    { " → " }<strong>{ kind_label(st.option.kind.as_str(), lang) }</strong>
                                    { lang.t(F::ListSep) }{ place }
                                </li>
                            }
                        }) }
                    </ol>
                    if let Some(r) = &all.remaining {
                        <p class="fix-all-left">{ lang.f(F::FixAllLeft, &[&r.get(code)]) }</p>
                    }
                    <button type="button" class="btn primary small" id="fix-all-apply" onclick={apply}>
                        { lang.f(F::FixAllApply, &[&all.steps.len()]) }
                    </button>
                </div>
            }
        }
    };
    html! {
        <div class="fix-all" id="fix-all">
            <button type="button" class="btn small" id="fix-all-compute" onclick={compute} disabled={*computing}>{ lang.t(F::FixAll) }</button>
            { body }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use envelope_lab::policy::cli::parse_eval_input;
    use envelope_lab::policy::fix::eval_fixes;
    use envelope_lab::sim::{presets, SimOptions, Simulation};

    /// Every kind the engine names (`policy::fix::FixKind` and the run's own), written by
    /// hand: a kind added to the engine without a label here shows its internal name.
    const KINDS: &[&str] = &[
        "change_call",
        "identity_statement",
        "key_policy_statement",
        "grant",
        "resource_policy_statement",
        "trust_statement",
        "trust_principal",
        "boundary_statement",
        "scp_statement",
        "deny_exception",
        "remove_deny",
        "narrow_deny",
        "widen_condition",
        "context_condition",
        "enable_key",
        "cancel_key_deletion",
        "remove_event",
        "use_aws_managed_key",
        "disable_bucket_key",
        "raise_kms_quota",
        "lower_concurrency",
        "original_ciphertext",
        "matching_context",
        "firehose_encryption",
    ];

    #[test]
    fn every_kind_of_fix_has_a_label_in_both_languages() {
        for k in KINDS {
            for lang in [Lang::En, Lang::Ja] {
                let label = kind_label(k, lang);
                assert!(label != *k && !label.contains('_'), "{k}: {label}");
            }
        }
    }

    fn render(items: Vec<FixItem>, verified_text: F) -> String {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        rt.block_on(
            yew::ServerRenderer::<FixList>::with_props(move || FixListProps {
                items: Rc::new(items),
                lang: Lang::En,
                verified_text,
                on_apply: Callback::noop(),
                on_show: None,
            })
            .render(),
        )
    }

    /// The run's Fix tab and the playground's list read the engine's measure of a control
    /// the same way: the badge on exactly the options the engine says change one, and the
    /// option that removes the Deny last.
    #[test]
    fn run_and_playground_fixes_carry_the_engines_control_label_and_order() {
        let s = presets::get("explicit-deny").expect("preset");
        let mut sim = Simulation::with_options(&s, 1, SimOptions::default()).expect("runs");
        sim.run_to_end();
        let step = sim
            .steps()
            .iter()
            .find(|s| !s.outcome.is_ok())
            .expect("a failure")
            .index;
        let fixes = sim.fixes_for(step).expect("fixes");
        let items: Vec<FixItem> = fixes
            .options
            .iter()
            .map(|o| FixItem::of_option(o, None))
            .collect();
        assert_eq!(
            items.first().map(|i| i.kind.as_str()),
            Some("deny_exception")
        );
        assert_eq!(items.last().map(|i| i.kind.as_str()), Some("remove_deny"));
        let html = render(items.clone(), F::FixVerifiedRun);
        let badges = html.matches("badge control").count();
        assert_eq!(badges, items.iter().filter(|i| i.changes_control).count());
        assert!(items[0].changes_control, "an exception narrows the Deny");
        assert!(
            html.contains("Add an exception to the explicit Deny"),
            "{html}"
        );
        assert!(!html.contains(">1. deny_exception"), "{html}");

        // The playground: the same Deny as an eval input.
        let input = serde_json::json!({
            "request": {
                "principal": "arn:aws:iam::123456789012:role/DataSourceLambdaRole",
                "action": "kms:GenerateDataKey",
                "resource": "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "context": {"kms:ViaService": "kinesis.ap-northeast-1.amazonaws.com"}
            },
            "identity_policies": [{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": "*"}]}],
            "resource_policy": {"Version": "2012-10-17", "Statement": [
                {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"},
                {"Sid": "DenyProducerRole", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "kms:GenerateDataKey*", "Resource": "*",
                 "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/DataSourceLambdaRole"}}}]}
        });
        let text = input.to_string();
        let parsed = parse_eval_input(&text).expect("eval input");
        let written = eval_fixes(&text, &parsed);
        assert!(written.iter().any(|w| w.changes_control), "{written:?}");
        let items: Vec<FixItem> = written
            .iter()
            .map(|w| FixItem::of_written(w, None))
            .collect();
        for (w, i) in written.iter().zip(&items) {
            assert_eq!(w.changes_control, i.changes_control, "{}", w.kind);
            assert_eq!(Some(w.least_privilege), i.least_privilege, "{}", w.kind);
        }
        let html = render(items.clone(), F::FixVerifiedEval);
        assert_eq!(
            html.matches("badge control").count(),
            items.iter().filter(|i| i.changes_control).count()
        );
    }
}
