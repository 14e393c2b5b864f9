//! The Envelope tab of a step: what the step produced, the envelope drawn (one lane per
//! cryptographic operation, from the engine's `sim::envelope::figure`), the values with key
//! bytes in one encoding (base64 as AWS prints them, or hex), every record a PutRecords or
//! GetRecords carried, and the engine's path in words. A client-side record's AWS Encryption
//! SDK message is drawn field by field, inside any server-side layer (`sdk_message.rs`).

use yew::prelude::*;

use envelope_lab::sim::envelope::{Lane, Part, RecordLine};
use envelope_lab::sim::view::{Bytes, Encoding};

use crate::i18n::{Lang, T};
use crate::simulator::diagram::fit;
use crate::state::Action;
use crate::tutorial::with_arns;
use crate::view::EnvelopeView;
use crate::Ctx;

/// Geometry of the drawing: wide (lanes left to right) or upright (a phone).
struct Layout {
    width: i32,
    lane_height: i32,
}

const WIDE: Layout = Layout {
    width: 720,
    lane_height: 84,
};
const UPRIGHT: Layout = Layout {
    width: 340,
    lane_height: 172,
};

/// A box of the drawing at (x, y), `w` × `h`.
fn part_box(part: &Part, lang: Lang, (x, y, w, h): (i32, i32, i32, i32)) -> Html {
    let code = lang.code();
    let label = part.label.get(code).to_string();
    let note = part.note.as_ref().map(|n| n.get(code).to_string());
    let cx = x + w / 2;
    let label_y = if note.is_some() {
        y + h / 2 - 3
    } else {
        y + h / 2 + 5
    };
    html! {
        <g class={classes!("env-part", part.kind.code())}>
            <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="8" />
            <text class="env-part-label" x={cx.to_string()} y={label_y.to_string()}
                textLength={fit(&label, 7.6, w - 16)} lengthAdjust="spacingAndGlyphs">{ label.clone() }</text>
            if let Some(note) = note {
                <text class="env-part-note" x={cx.to_string()} y={(label_y + 17).to_string()}
                    textLength={fit(&note, 6.2, w - 16)} lengthAdjust="spacingAndGlyphs">{ note.clone() }</text>
            }
        </g>
    }
}

/// The key a lane goes through (`✗` first when it failed) and how.
fn via_texts(lane: &Lane, lang: Lang) -> (String, String) {
    let code = lang.code();
    let via = lane.via.get(code);
    let via = if lane.failed {
        format!("✗ {via}")
    } else {
        via.to_string()
    };
    let how = lane
        .how
        .as_ref()
        .map(|h| h.get(code).to_string())
        .unwrap_or_default();
    (via, how)
}

fn lane_wide(lane: &Lane, i: i32, lang: Lang) -> Html {
    let y = 6 + i * WIDE.lane_height;
    let (via, how) = via_texts(lane, lang);
    let mid = y + 32;
    html! {
        <g class={classes!("env-lane", lane.failed.then_some("failed"))}>
            { part_box(&lane.input, lang, (4, y, 206, 64)) }
            <line class="env-arrow" x1="214" y1={mid.to_string()} x2="502" y2={mid.to_string()} marker-end="url(#env-arrowhead)" />
            <text class="env-via" x="358" y={(mid - 8).to_string()} textLength={fit(&via, 6.9, 280)} lengthAdjust="spacingAndGlyphs">{ via.clone() }</text>
            <text class="env-how" x="358" y={(mid + 20).to_string()} textLength={fit(&how, 6.3, 280)} lengthAdjust="spacingAndGlyphs">{ how.clone() }</text>
            { part_box(&lane.output, lang, (510, y, 206, 64)) }
        </g>
    }
}

fn lane_upright(lane: &Lane, i: i32, lang: Lang) -> Html {
    let y = 6 + i * UPRIGHT.lane_height;
    let (via, how) = via_texts(lane, lang);
    html! {
        <g class={classes!("env-lane", lane.failed.then_some("failed"))}>
            { part_box(&lane.input, lang, (4, y, 332, 52)) }
            <line class="env-arrow" x1="30" y1={(y + 54).to_string()} x2="30" y2={(y + 98).to_string()} marker-end="url(#env-arrowhead)" />
            <text class="env-via start" x="46" y={(y + 74).to_string()} textLength={fit(&via, 6.9, 288)} lengthAdjust="spacingAndGlyphs">{ via.clone() }</text>
            <text class="env-how start" x="46" y={(y + 93).to_string()} textLength={fit(&how, 6.3, 288)} lengthAdjust="spacingAndGlyphs">{ how.clone() }</text>
            { part_box(&lane.output, lang, (4, y + 104, 332, 52)) }
        </g>
    }
}

/// The lanes as one SVG, with a text alternative that reads them in order.
fn figure(lanes: &[Lane], lang: Lang, upright: bool) -> Html {
    if lanes.is_empty() {
        return html! {};
    }
    let code = lang.code();
    let layout = if upright { &UPRIGHT } else { &WIDE };
    let height = 6 + lanes.len() as i32 * layout.lane_height - 12;
    let alt = lanes
        .iter()
        .map(|l| {
            format!(
                "{} → {} → {}",
                l.input.label.get(code),
                l.via.get(code),
                l.output.label.get(code)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <figure class={classes!("env-figure", upright.then_some("upright"))}>
            <svg viewBox={format!("0 0 {} {height}", layout.width)} role="img" aria-labelledby="env-figure-title">
                <title id="env-figure-title">{ format!("{}: {alt}", lang.t(T::EnvelopeDrawn)) }</title>
                <defs>
                    <marker id="env-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="env-arrowhead" />
                    </marker>
                </defs>
                { for lanes.iter().enumerate().map(|(i, l)| if upright { lane_upright(l, i as i32, lang) } else { lane_wide(l, i as i32, lang) }) }
            </svg>
        </figure>
    }
}

/// The base64 / hex switch for key bytes.
fn encoding_switch(ctx: &Ctx, lang: Lang) -> Html {
    let current = ctx.state.encoding;
    let button = |e: Encoding, label: T, id: &'static str| {
        let state = ctx.state.clone();
        let onclick = Callback::from(move |_: MouseEvent| state.dispatch(Action::SetEncoding(e)));
        html! {
            <button type="button" {id} class={classes!("seg", (current == e).then_some("on"))}
                    aria-pressed={(current == e).to_string()} {onclick}>{ lang.t(label) }</button>
        }
    };
    html! {
        <div class="env-encoding">
            <span id="env-encoding-label">{ lang.t(T::KeyBytes) }</span>
            <div class="segmented" role="group" aria-labelledby="env-encoding-label">
                { button(Encoding::Base64, T::Base64, "encoding-base64") }
                { button(Encoding::Hex, T::Hex, "encoding-hex") }
            </div>
        </div>
    }
}

/// One value of the list (`data-field` names it for tests and styling).
fn item(label: String, value: impl Into<Html>, class: &'static str, field: &'static str) -> Html {
    html! {
        <div class={classes!("env-item", class)} data-field={field}>
            <dt>{ label }</dt>
            <dd><code>{ value.into() }</code></dd>
        </div>
    }
}

/// The values the step has: none is shown empty.
fn values(env: &EnvelopeView, lang: Lang, encoding: Encoding) -> Html {
    let bytes = |b: &Bytes| (!b.is_empty()).then(|| b.encode(encoding));
    let mut items = Vec::new();
    if !env.key_arn.is_empty() {
        items.push(item(
            lang.t(T::KmsKey).into(),
            with_arns(&env.key_arn),
            "",
            "key",
        ));
    }
    if !env.plaintext.is_empty() {
        items.push(item(
            lang.t(T::Plaintext).into(),
            env.plaintext.clone(),
            "plain",
            "plaintext",
        ));
    }
    if let Some(v) = bytes(&env.data_key) {
        let label = format!(
            "{} — {}",
            lang.t(T::PlaintextDataKey),
            lang.t(T::DataKeyDiscarded)
        );
        items.push(item(label, v, "discarded", "data-key"));
    }
    if let Some(v) = bytes(&env.nonce) {
        items.push(item(lang.t(T::Nonce).into(), v, "", "nonce"));
    }
    if let Some(v) = bytes(&env.ciphertext) {
        items.push(item(
            lang.t(T::Ciphertext).into(),
            v,
            "cipher",
            "ciphertext",
        ));
    }
    if let Some(v) = bytes(&env.blob) {
        items.push(item(lang.t(T::EncryptedDataKey).into(), v, "blob", "blob"));
    }
    if !env.context.is_empty() {
        let context = env
            .context
            .iter()
            .map(|(k, v)| format!("\"{k}\": \"{v}\""))
            .collect::<Vec<_>>()
            .join(",\n");
        items.push(item(
            lang.t(T::EncryptionContext).into(),
            with_arns(&format!("{{{context}}}")),
            "context",
            "context",
        ));
    }
    html! { <dl>{ for items }</dl> }
}

fn record_row(i: usize, r: &RecordLine, lang: Lang) -> Html {
    let seq = r.sequence_number.as_deref().map(|s| {
        let tail = s.len().saturating_sub(10);
        (format!("…{}", &s[tail..]), s.to_string())
    });
    html! {
        <tr>
            <td class="num">{ i + 1 }</td>
            <td class="seq">
                { match seq {
                    Some((short, full)) => html! { <code title={full}>{ short }</code> },
                    None => html! { <span class="muted">{ lang.t(T::RecordRejected) }</span> },
                } }
            </td>
            <td class="etype">
                if r.encrypted { <code>{ "KMS" }</code> } else { <span class="muted">{ lang.t(T::EncryptionTypeAbsent) }</span> }
            </td>
            <td class="data"><code title={r.data.clone()}>{ &r.data }</code></td>
        </tr>
    }
}

/// Every record the step carried (the first ones, when there are many).
fn records(env: &EnvelopeView, lang: Lang) -> Html {
    if env.records.is_empty() {
        return html! {};
    }
    let more = env.records_total > env.records.len();
    html! {
        <table class="env-records">
            <caption>
                { lang.f(T::RecordsCarried, &[&env.records_total]) }
                if more { { " " }{ lang.f(T::RecordsFirstShown, &[&env.records.len()]) } }
            </caption>
            <thead><tr>
                <th scope="col" class="num">{ "#" }</th>
                <th scope="col" class="seq">{ "SequenceNumber" }</th>
                <th scope="col" class="etype">{ "EncryptionType" }</th>
                <th scope="col" class="data">{ lang.t(T::ColData) }</th>
            </tr></thead>
            <tbody>{ for env.records.iter().enumerate().map(|(i, r)| record_row(i, r, lang)) }</tbody>
        </table>
    }
}

/// The engine's notes on an envelope: what was sealed with which algorithm, the path in
/// steps, and the modelling note where AWS documents nothing.
fn extra(env: &EnvelopeView, lang: Lang, sealed: bool) -> Html {
    let code = lang.code();
    let produced = env.produced.get(code);
    let subject = env.subject.get(code);
    let modelled = env.modelled.as_ref().map(|m| m.get(code)).unwrap_or("");
    html! {
        <div class="env-extra">
            if !subject.is_empty() {
                <p class="env-subject"><strong>{ subject }</strong>
                    // The algorithm only where something was sealed or opened with it.
                    if sealed { { if lang == Lang::Ja { "、" } else { " · " } }{ &env.algorithm } }
                </p>
            }
            // The path in steps, unless it only repeats what the step produced.
            if env.path.iter().any(|p| p.get(code) != produced) {
                <ol class="env-steps">{ for env.path.iter().map(|p| html! { <li>{ p.get(code) }</li> }) }</ol>
            }
            if !modelled.is_empty() {
                <p class="model-note"><strong>{ lang.t(T::Modelled) }{ ": " }</strong><span>{ modelled }</span></p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct EnvelopeTabProps {
    pub envelope: EnvelopeView,
}

#[function_component(EnvelopeTab)]
pub fn envelope_tab(props: &EnvelopeTabProps) -> Html {
    let Some(ctx) = use_context::<Ctx>() else {
        return html! {};
    };
    let s = &*ctx.state;
    let lang = s.lang;
    let env = &props.envelope;
    let sealed = [&env.data_key, &env.nonce, &env.ciphertext, &env.blob]
        .iter()
        .any(|b| !b.is_empty());
    let has_bytes = sealed || env.sdk.is_some();
    html! {
        <div class="envelope">
            <p class="env-produced" id="env-produced"><strong>{ lang.t(T::ThisStep) }</strong>{ " " }{ env.produced.get(lang.code()) }</p>
            { figure(&env.lanes, lang, s.narrow) }
            if has_bytes { { encoding_switch(&ctx, lang) } }
            if let Some(m) = &env.sdk {
                { super::sdk_message::nested(m, &env.layers, lang, s.encoding) }
            }
            { values(env, lang, s.encoding) }
            { records(env, lang) }
            { extra(env, lang, sealed) }
        </div>
    }
}
