//! One timeline row: step number, time, actor → service, operation and target, principal
//! and outcome, in a button that opens the step.

use yew::prelude::*;

use crate::i18n::{Lang, T};
use crate::view::RowView;

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
pub(crate) fn code_html(code: &str) -> Html {
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
    let actor = crate::i18n::actor(&row.actor, lang);
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
