//! The client-side envelope in the Envelope tab: the AWS Encryption SDK message the engine
//! read field by field (`sim::envelope::sdk`), drawn as nested boxes — the stream's or
//! bucket's server-side layer around it (when there is one), then the message's header,
//! header authentication, frames and footer. Boxes rather than a drawing so long values
//! (ARNs, base64) wrap at any width. Every word comes from the engine or the catalogue.

use yew::prelude::*;

use envelope_lab::sim::envelope::{Layer, SdkField, SdkMessage, SdkPart, SdkValue};
use envelope_lab::sim::view::{Bytes, Encoding};

use crate::i18n::{grouped, Lang, T};
use crate::tutorial::with_arns;

fn value(v: &SdkValue, lang: Lang, encoding: Encoding) -> Html {
    match v {
        SdkValue::Words(t) => html! { { t.get(lang.code()).to_string() } },
        SdkValue::Literal(s) => with_arns(s),
        SdkValue::Bytes { bytes, len } => {
            let written = Bytes(bytes.clone()).encode(encoding);
            if bytes.len() < *len {
                html! { <>{ format!("{written}…") }<span class="sdk-cut">{ format!(" ({})", lang.f(T::SdkFirstBytes, &[&bytes.len(), &len])) }</span></> }
            } else {
                html! { { written } }
            }
        }
    }
}

fn field(f: &SdkField, lang: Lang, encoding: Encoding) -> Html {
    let code = lang.code();
    let class = match f.code {
        "blob" | "key-arn" | "provider-id" => "blob",
        "context" => "context",
        "frame-tag" | "header-tag" | "signature" | "commitment" => "cipher",
        _ => "",
    };
    html! {
        <div class={classes!("env-item", "sdk-field", class)} data-field={f.code}>
            <dt>{ f.label.get(code) }</dt>
            <dd>
                <code>{ value(&f.value, lang, encoding) }</code>
                if let Some(note) = &f.note {
                    <span class="sdk-note">{ note.get(code) }</span>
                }
            </dd>
        </div>
    }
}

fn part(p: &SdkPart, lang: Lang, encoding: Encoding) -> Html {
    html! {
        <section class={classes!("sdk-part", format!("part-{}", p.code))} data-part={p.code}>
            <h5>{ p.title.get(lang.code()) }<span class="sdk-len">{ " · " }{ lang.f(T::SdkPartBytes, &[&grouped(p.len as u64)]) }</span></h5>
            <dl>{ for p.fields.iter().map(|f| field(f, lang, encoding)) }</dl>
        </section>
    }
}

/// The message box.
fn message(m: &SdkMessage, lang: Lang, encoding: Encoding) -> Html {
    html! {
        <div class="sdk-message" id="sdk-message" data-suite={m.suite_name}>
            <h4 class="sdk-title">{ lang.t(T::SdkMessageTitle) }</h4>
            <p class="sdk-size">{ lang.f(T::SdkMessageSize, &[&grouped(m.len as u64), &m.suite_name]) }</p>
            if m.of > 1 {
                <p class="sdk-of">{ lang.f(T::SdkMessageOf, &[&(m.index + 1), &m.of]) }</p>
            }
            { for m.parts.iter().map(|p| part(p, lang, encoding)) }
            if m.frames_hidden > 0 {
                <p class="muted small">{ lang.f(T::SdkFramesHidden, &[&m.frames_hidden]) }</p>
            }
        </div>
    }
}

/// A server-side layer with what it wraps inside.
fn layer(l: &Layer, inner: Html, lang: Lang) -> Html {
    let code = lang.code();
    html! {
        <div class={classes!("sdk-layer", format!("layer-{}", l.code))} data-layer={l.code}>
            <p class="sdk-layer-title"><strong>{ l.title.get(code) }</strong></p>
            <p class="sdk-layer-note">{ l.note.get(code) }</p>
            <p class="sdk-inside">{ lang.t(T::SdkInside) }</p>
            { inner }
        </div>
    }
}

/// The SDK message, nested in its server-side layers (outermost first).
pub fn nested(m: &SdkMessage, layers: &[Layer], lang: Lang, encoding: Encoding) -> Html {
    let inner = message(m, lang, encoding);
    let drawn = layers
        .iter()
        .rev()
        .fold(inner, |inside, l| layer(l, inside, lang));
    html! { <div class="sdk-nest">{ drawn }</div> }
}
