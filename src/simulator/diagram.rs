//! The pipeline diagram as SVG: Lambda → Kinesis data stream → Firehose → S3 bucket, the two
//! KMS keys and the three roles. It renders a [`DiagramView`] (counts and the current step's
//! place), never engine types. Every element opens its settings; a text version follows the
//! SVG for screen readers and as a plain summary.

use yew::prelude::*;

use envelope_lab::sim::scenario::KeyState;
use envelope_lab::sim::view::Diagram as EngineDiagram;
pub use envelope_lab::sim::view::Stage;

use crate::i18n::{grouped, Lang, T};
use crate::state::Selection;

/// What the diagram shows: the engine's diagram at a step (its fields read through this
/// view), with the key states and the caption in the UI language.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DiagramView {
    pub diagram: EngineDiagram,
    /// The stream key's state, translated.
    pub kinesis_key_state: String,
    /// The bucket key's state, translated.
    pub s3_key_state: String,
    /// The current step, described (for the text version), translated.
    pub caption: String,
}

impl std::ops::Deref for DiagramView {
    type Target = EngineDiagram;
    fn deref(&self) -> &EngineDiagram {
        &self.diagram
    }
}

impl DiagramView {
    /// The engine's diagram, its key states and caption in `lang`.
    pub fn new(diagram: EngineDiagram, lang: Lang) -> Self {
        DiagramView {
            kinesis_key_state: lang.t(state_text(diagram.kinesis_key_state)).to_string(),
            s3_key_state: lang.t(state_text(diagram.s3_key_state)).to_string(),
            caption: crate::i18n::actor(&diagram.caption, lang),
            diagram,
        }
    }
}

fn state_text(state: KeyState) -> T {
    match state {
        KeyState::Enabled => T::StateEnabled,
        KeyState::Disabled => T::StateDisabled,
        KeyState::PendingDeletion => T::StatePendingDeletion,
        KeyState::Deleted => T::StateDeleted,
    }
}

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub view: DiagramView,
    pub lang: Lang,
    /// Open an element's settings.
    #[prop_or_default]
    pub on_select: Callback<Selection>,
    #[prop_or_default]
    pub selected: Option<Selection>,
    /// Stand the pipeline upright (a phone).
    #[prop_or_default]
    pub upright: bool,
}

struct Place {
    stage: Stage,
    x: i32,
    y: i32,
    w: i32,
    h: i32,
    kind: &'static str,
}

const fn at(stage: Stage, (x, y, w, h): (i32, i32, i32, i32), kind: &'static str) -> Place {
    Place {
        stage,
        x,
        y,
        w,
        h,
        kind,
    }
}

const BIG_W: i32 = 200;
const BIG_H: i32 = 104;

/// The pipeline left to right, keys and roles below their services.
const WIDE: [Place; 9] = [
    at(Stage::Lambda, (20, 24, BIG_W, BIG_H), "compute"),
    at(Stage::Stream, (270, 24, BIG_W, BIG_H), "stream"),
    at(Stage::Firehose, (520, 24, BIG_W, BIG_H), "stream"),
    at(Stage::Bucket, (770, 24, BIG_W, BIG_H), "storage"),
    at(Stage::KinesisKey, (270, 196, BIG_W, 80), "key"),
    at(Stage::S3Key, (770, 196, BIG_W, 80), "key"),
    at(Stage::ProducerRole, (20, 196, BIG_W, 44), "role"),
    at(Stage::SourceRole, (520, 196, BIG_W, 44), "role"),
    at(Stage::DestinationRole, (520, 250, BIG_W, 44), "role"),
];
const WIDE_VIEW: (i32, i32) = (990, 320);

/// Upright, for a phone: the pipeline top to bottom, keys and roles beside their services.
const UPRIGHT: [Place; 9] = [
    at(Stage::Lambda, (8, 10, 196, BIG_H), "compute"),
    at(Stage::Stream, (8, 158, 196, BIG_H), "stream"),
    at(Stage::Firehose, (8, 306, 196, BIG_H), "stream"),
    at(Stage::Bucket, (8, 454, 196, BIG_H), "storage"),
    at(Stage::ProducerRole, (222, 40, 130, 44), "role"),
    at(Stage::KinesisKey, (222, 170, 130, 80), "key"),
    at(Stage::SourceRole, (222, 308, 130, 44), "role"),
    at(Stage::DestinationRole, (222, 362, 130, 44), "role"),
    at(Stage::S3Key, (222, 466, 130, 80), "key"),
];
const UPRIGHT_VIEW: (i32, i32) = (360, 584);

fn place(places: &[Place; 9], stage: Stage) -> &Place {
    places
        .iter()
        .find(|p| p.stage == stage)
        .unwrap_or(&places[0])
}

fn centre(p: &Place) -> (f64, f64) {
    (
        f64::from(p.x) + f64::from(p.w) / 2.0,
        f64::from(p.y) + f64::from(p.h) / 2.0,
    )
}

/// A line joining two boxes: straight across where they sit side by side, straight down
/// (or up) where one is above the other.
fn connect(a: &Place, b: &Place) -> (i32, i32, i32, i32) {
    let (top, bottom) = (a.y.max(b.y), (a.y + a.h).min(b.y + b.h));
    if bottom > top {
        let y = (top + bottom) / 2;
        return if a.x < b.x {
            (a.x + a.w, y, b.x, y)
        } else {
            (a.x, y, b.x + b.w, y)
        };
    }
    let (left, right) = (a.x.max(b.x), (a.x + a.w).min(b.x + b.w));
    let x = if right > left {
        (left + right) / 2
    } else {
        a.x + a.w / 2
    };
    if a.y < b.y {
        (x, a.y + a.h, x, b.y)
    } else {
        (x, a.y, x, b.y + b.h)
    }
}

/// Where the segment from the centre of `p` towards `to` leaves the box, `pad` beyond it.
fn edge(p: &Place, to: (f64, f64), pad: f64) -> (f64, f64) {
    let (cx, cy) = centre(p);
    let (dx, dy) = (to.0 - cx, to.1 - cy);
    let scale = |d: f64, size: i32| {
        if d == 0.0 {
            f64::INFINITY
        } else {
            (f64::from(size) / 2.0 + pad) / d.abs()
        }
    };
    let s = scale(dx, p.w).min(scale(dy, p.h));
    if !s.is_finite() {
        return (cx, cy);
    }
    (cx + dx * s, cy + dy * s)
}

/// The path of a record travelling from one box to another: from the edge of the first to
/// just before the second, along the arrow between them, so it covers no name.
fn token_path(a: &Place, b: &Place) -> String {
    let (x1, y1) = edge(a, centre(b), 10.0);
    let (x2, y2) = edge(b, centre(a), 11.0);
    format!("M {x1:.0} {y1:.0} L {x2:.0} {y2:.0}")
}

/// The settings a diagram element opens.
pub fn selection(stage: Stage, view: &DiagramView) -> Selection {
    match stage {
        Stage::Lambda => Selection::Producer,
        Stage::Stream => Selection::Stream,
        Stage::Firehose => Selection::Firehose,
        Stage::Bucket => Selection::Bucket,
        Stage::KinesisKey => Selection::Key(view.kinesis_key.clone()),
        Stage::S3Key => Selection::Key(view.s3_key.clone()),
        Stage::ProducerRole => Selection::Role(view.producer_role.clone()),
        Stage::SourceRole => Selection::Role(view.source_role.clone()),
        Stage::DestinationRole => Selection::Role(view.destination_role.clone()),
    }
}

/// A box's title, subtitle and status lines (`\n` between lines; `upright` boxes are
/// narrower, so the stream's status takes two lines).
fn texts(stage: Stage, view: &DiagramView, lang: Lang, upright: bool) -> (String, String, String) {
    let t = |k| lang.t(k).to_string();
    match stage {
        Stage::Lambda => (t(T::NodeLambda), view.producer.clone(), String::new()),
        Stage::Stream => (
            t(T::NodeStream),
            view.stream.clone(),
            format!(
                "{}{}{}",
                if view.stream_encrypted {
                    lang.t(T::SseOn)
                } else {
                    lang.t(T::SseOff)
                },
                if upright { "\n" } else { lang.t(T::Separator) },
                lang.f(
                    T::RecordsInShard,
                    &[
                        &grouped(view.shard_records as u64),
                        &grouped(view.shard_encrypted as u64)
                    ]
                )
            ),
        ),
        Stage::Firehose => (
            t(T::NodeFirehose),
            view.firehose.clone(),
            lang.f(T::RecordsInBuffer, &[&grouped(view.buffered as u64)]),
        ),
        Stage::Bucket => (
            t(T::NodeBucket),
            view.bucket.clone(),
            lang.f(T::ObjectsInBucket, &[&grouped(view.objects as u64)]),
        ),
        Stage::KinesisKey => (
            t(T::NodeKey),
            view.kinesis_key.clone(),
            view.kinesis_key_state.clone(),
        ),
        Stage::S3Key => (
            t(T::NodeKey),
            view.s3_key.clone(),
            view.s3_key_state.clone(),
        ),
        Stage::ProducerRole => (view.producer_role.clone(), String::new(), String::new()),
        Stage::SourceRole => (view.source_role.clone(), String::new(), String::new()),
        Stage::DestinationRole => (view.destination_role.clone(), String::new(), String::new()),
    }
}

/// Room around the boxes of an account's boundary: (left and right, top with the label,
/// bottom).
const WIDE_PAD: (i32, i32, i32) = (10, 18, 8);
const UPRIGHT_PAD: (i32, i32, i32) = (5, 16, 6);

/// The boundaries of the accounts the pipeline spans: one rectangle around each account's
/// boxes, or one around each of its boxes where that rectangle would take in a box of
/// another account. Each with its label.
fn account_boxes(
    view: &DiagramView,
    places: &[Place; 9],
    (side, top, bottom): (i32, i32, i32),
    lang: Lang,
) -> Vec<((i32, i32, i32, i32), String)> {
    let around = |ps: &[&Place]| {
        let x0 = ps.iter().map(|p| p.x).min().unwrap_or(0) - side;
        let y0 = ps.iter().map(|p| p.y).min().unwrap_or(0) - top;
        let x1 = ps.iter().map(|p| p.x + p.w).max().unwrap_or(0) + side;
        let y1 = ps.iter().map(|p| p.y + p.h).max().unwrap_or(0) + bottom;
        (x0, y0, x1 - x0, y1 - y0)
    };
    let mut out = Vec::new();
    for a in &view.accounts {
        let label = crate::i18n::account_label(a, lang);
        let mine: Vec<&Place> = a.stages.iter().map(|s| place(places, *s)).collect();
        let whole = around(&mine);
        let (x, y, w, h) = whole;
        let takes_in_another = places.iter().any(|p| {
            !a.stages.contains(&p.stage)
                && p.x < x + w
                && x < p.x + p.w
                && p.y < y + h
                && y < p.y + p.h
        });
        if takes_in_another {
            out.extend(mine.iter().map(|p| (around(&[p]), label.clone())));
        } else {
            out.push((whole, label));
        }
    }
    out
}

/// A `textLength` that squeezes a line into `max` px when its estimated width is larger.
pub(crate) fn fit(text: &str, char_px: f64, max: i32) -> Option<String> {
    let width: f64 = text
        .chars()
        .map(|c| if c.is_ascii() { char_px } else { char_px * 1.9 })
        .sum();
    (width > f64::from(max)).then(|| max.to_string())
}

/// The exception under a denied box, kept inside the drawing (`view_w` wide).
fn denied_text(p: &Place, code: &str, view_w: i32) -> Html {
    let text = format!("✗ {code}");
    let width = (text.chars().count() as i32 * 8).min(view_w - 8);
    let centre = (p.x + p.w / 2).clamp(4 + width / 2, view_w - 4 - width / 2);
    html! {
        <text class="node-denied" x={(centre - p.x).to_string()} y={(p.h + 18).to_string()}
            textLength={fit(&text, 8.0, view_w - 8)} lengthAdjust="spacingAndGlyphs">{ text.clone() }</text>
    }
}

#[function_component(Diagram)]
pub fn diagram(props: &DiagramProps) -> Html {
    let view = &props.view;
    let lang = props.lang;
    let upright = props.upright;
    let (places, (view_w, view_h)) = if upright {
        (&UPRIGHT, UPRIGHT_VIEW)
    } else {
        (&WIDE, WIDE_VIEW)
    };
    let line = |a: Stage, b: Stage, class: &'static str, marker: bool| {
        let (x1, y1, mut x2, mut y2) = connect(place(places, a), place(places, b));
        if marker {
            // Leave room for the arrowhead.
            x2 -= 8 * (x2 - x1).signum();
            y2 -= 8 * (y2 - y1).signum();
        }
        html! {
            <line class={class} x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()}
                  marker-end={marker.then_some("url(#arrowhead)")} />
        }
    };
    let flows = [
        (Stage::Lambda, Stage::Stream),
        (Stage::Stream, Stage::Firehose),
        (Stage::Firehose, Stage::Bucket),
    ]
    .map(|(a, b)| line(a, b, "arrow", true));
    let links = [
        (Stage::Stream, Stage::KinesisKey, "key-link"),
        (Stage::Bucket, Stage::S3Key, "key-link"),
        (Stage::Lambda, Stage::ProducerRole, "role-link"),
        (Stage::Firehose, Stage::SourceRole, "role-link"),
    ]
    .map(|(a, b, c)| line(a, b, c, false));

    let nodes = places.iter().map(|p| {
        let (title, subtitle, status) = texts(p.stage, view, lang, upright);
        let denied = view.denied.as_ref().filter(|(s, _)| *s == p.stage);
        let selection = selection(p.stage, view);
        let class = classes!(
            "node",
            p.kind,
            (view.active == Some(p.stage)).then_some("active"),
            denied.is_some().then_some("denied"),
            (props.selected.as_ref() == Some(&selection)).then_some("selected"),
        );
        let onclick = {
            let on_select = props.on_select.clone();
            let selection = selection.clone();
            Callback::from(move |_: MouseEvent| on_select.emit(selection.clone()))
        };
        let onkeydown = {
            let on_select = props.on_select.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    e.stop_propagation();
                    on_select.emit(selection.clone());
                }
            })
        };
        let cx = p.w / 2;
        let small = p.kind == "role";
        html! {
            // Named by the texts it shows (so a spoken "click Kinesis data stream" finds it);
            // what it does is the figure's hint.
            <g class={class} transform={format!("translate({} {})", p.x, p.y)} role="button" tabindex="0"
               aria-describedby="diagram-hint" data-stage={format!("{:?}", p.stage)} {onclick} {onkeydown}>
                <rect width={p.w.to_string()} height={p.h.to_string()} rx="10" />
                if small {
                    <text class="node-role" x={cx.to_string()} y="27"
                        textLength={fit(&title, if upright { 6.7 } else { 7.8 }, p.w - 10)} lengthAdjust="spacingAndGlyphs">{ title.clone() }</text>
                } else {
                    <text class="node-title" x={cx.to_string()} y="28"
                        textLength={fit(&title, 9.0, p.w - 12)} lengthAdjust="spacingAndGlyphs">{ title.clone() }</text>
                    <text class="node-subtitle" x={cx.to_string()} y="48"
                        textLength={fit(&subtitle, 6.6, p.w - 14)} lengthAdjust="spacingAndGlyphs">{ subtitle.clone() }</text>
                    { for status.split('\n').enumerate().map(|(i, line)| html! {
                        <text class="node-status" x={cx.to_string()} y={(70 + 18 * i as i32).to_string()}
                            textLength={fit(line, 6.4, p.w - 14)} lengthAdjust="spacingAndGlyphs">{ line.to_string() }</text>
                    }) }
                }
                if let Some((_, code)) = denied {
                    { denied_text(p, code, view_w) }
                }
            </g>
        }
    });

    let pad = if upright { UPRIGHT_PAD } else { WIDE_PAD };
    let boundaries = account_boxes(view, places, pad, lang).into_iter().map(|((x, y, w, h), label)| {
        html! {
            <g class="account-boundary" transform={format!("translate({x} {y})")}>
                <rect width={w.to_string()} height={h.to_string()} rx="12" />
                <text class="account-label" x="8" y="12"
                    textLength={fit(&label, 6.2, w - 14)} lengthAdjust="spacingAndGlyphs">{ label }</text>
            </g>
        }
    });
    // Room above the first row for its account's label.
    let top = if view.accounts.is_empty() { 0 } else { pad.1 };
    let (view_y, view_h) = (-top, view_h + top);

    let token = view.moving.map(|(from, to)| {
        let path = token_path(place(places, from), place(places, to));
        let failed = view.denied.is_some();
        html! {
            <g key={view.step} class={classes!("token", failed.then_some("failed"))} aria-hidden="true">
                <circle r="9" cx="0" cy="0">
                    <animateMotion dur="0.6s" fill="freeze" {path} />
                </circle>
            </g>
        }
    });

    html! {
        <figure class="diagram-figure">
            <div class="diagram-scroll">
            <svg class={classes!("diagram", upright.then_some("upright"))} viewBox={format!("0 {view_y} {view_w} {view_h}")} role="group" aria-labelledby="diagram-title">
                <title id="diagram-title">{ lang.t(T::DiagramTitle) }</title>
                <defs>
                    <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                    </marker>
                </defs>
                { for boundaries }
                { for flows }
                { for links }
                { for nodes }
                { for token }
            </svg>
            </div>
            <p id="diagram-hint" class="visually-hidden">{ lang.t(T::OpenSettings) }</p>
            <figcaption class="diagram-caption" aria-live="polite">
                { if view.caption.is_empty() { lang.t(T::NothingYet).to_string() } else { lang.f(T::CurrentStep, &[&view.caption]) } }
            </figcaption>
            <details class="diagram-text">
                <summary>{ lang.t(T::DiagramAsText) }</summary>
                <ul>
                    { for WIDE.iter().map(|p| {
                        let (title, subtitle, status) = texts(p.stage, view, lang, false);
                        let selection = selection(p.stage, view);
                        let on_select = props.on_select.clone();
                        let onclick = Callback::from(move |_: MouseEvent| on_select.emit(selection.clone()));
                        html! {
                            <li>
                                <button type="button" class="link" {onclick}>{ format!("{title} {subtitle}") }</button>
                                { if status.is_empty() { String::new() } else { format!(" — {}", status.replace('\n', " · ")) } }
                                { for view.accounts.iter().find(|a| a.stages.contains(&p.stage)).map(|a| format!(" ({})", crate::i18n::account_label(a, lang))) }
                            </li>
                        }
                    }) }
                </ul>
            </details>
        </figure>
    }
}
