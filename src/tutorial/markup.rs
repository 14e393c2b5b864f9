//! The course files' small markup, rendered the same everywhere a lesson or a question
//! shows text: paragraphs separated by blank lines, `code` between backquotes. An ARN
//! wraps only after its `:` and `/` (never at a hyphen inside a key id or a name).

use yew::prelude::*;

use crate::Lang;
use envelope_lab::lessons::text::{spans, Span};
use envelope_lab::lessons::Text;

/// Where an ARN written in running text or JSON ends.
fn ends_arn(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ',' | ']' | '}' | '`' | '、' | '。')
}

/// Longest part of an ARN kept on one line; a longer one may wrap anywhere.
const KEEP: usize = 40;

/// An ARN as parts that stay whole, each followed by a place to wrap.
fn arn(token: &str) -> Html {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in token.char_indices() {
        if c == ':' || c == '/' {
            parts.push(&token[start..i + 1]);
            start = i + 1;
        }
    }
    if start < token.len() {
        parts.push(&token[start..]);
    }
    html! {
        <span class="arn">{ for parts.into_iter().map(|p| html! {
            <><span class={classes!((p.chars().count() <= KEEP).then_some("nb"))}>{ p }</span><wbr /></>
        }) }</span>
    }
}

/// Text with the ARNs in it wrapping at `:` and `/` only.
pub fn with_arns(text: &str) -> Html {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("arn:") {
        out.push(html! { { rest[..at].to_string() } });
        let after = &rest[at..];
        let end = after.find(ends_arn).unwrap_or(after.len());
        out.push(arn(&after[..end]));
        rest = &after[end..];
    }
    out.push(html! { { rest.to_string() } });
    html! { <>{ for out }</> }
}

/// One paragraph's inline text: plain text and `code`.
pub fn inline(text: &str) -> Html {
    html! {
        <>{ for spans(text).into_iter().map(|sp| match sp {
            Span::Plain(t) => with_arns(&t),
            Span::Code(t) => html! { <code>{ with_arns(&t) }</code> },
        }) }</>
    }
}

/// A text's paragraphs in the UI language.
pub fn rich(text: &Text, lang: Lang) -> Html {
    html! { <>{ for text.paragraphs(lang.code()).iter().map(|p| html! { <p>{ inline(p) }</p> }) }</> }
}
