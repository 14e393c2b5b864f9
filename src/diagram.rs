//! The pipeline diagram as SVG: Lambda → Kinesis data stream → Firehose → S3 bucket, the two
//! KMS keys and the three roles. It renders a [`DiagramView`] (counts and the current step's
//! place), never engine types. Every element opens its settings; a text version follows the
//! SVG for screen readers and as a plain summary.

use yew::prelude::*;

use envelope_lab::sim::scenario::KeyState;
use envelope_lab::sim::view::Diagram as EngineDiagram;
pub use envelope_lab::sim::view::Stage;

use super::i18n::{grouped, Lang, T};
use super::state::Selection;

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
            caption: super::i18n::actor(&diagram.caption, lang),
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
}

struct Place {
    stage: Stage,
    x: i32,
    y: i32,
    w: i32,
    h: i32,
    kind: &'static str,
}

const BIG_W: i32 = 200;
const BIG_H: i32 = 104;
const PLACES: [Place; 9] = [
    Place {
        stage: Stage::Lambda,
        x: 20,
        y: 24,
        w: BIG_W,
        h: BIG_H,
        kind: "compute",
    },
    Place {
        stage: Stage::Stream,
        x: 270,
        y: 24,
        w: BIG_W,
        h: BIG_H,
        kind: "stream",
    },
    Place {
        stage: Stage::Firehose,
        x: 520,
        y: 24,
        w: BIG_W,
        h: BIG_H,
        kind: "stream",
    },
    Place {
        stage: Stage::Bucket,
        x: 770,
        y: 24,
        w: BIG_W,
        h: BIG_H,
        kind: "storage",
    },
    Place {
        stage: Stage::KinesisKey,
        x: 270,
        y: 196,
        w: BIG_W,
        h: 80,
        kind: "key",
    },
    Place {
        stage: Stage::S3Key,
        x: 770,
        y: 196,
        w: BIG_W,
        h: 80,
        kind: "key",
    },
    Place {
        stage: Stage::ProducerRole,
        x: 20,
        y: 196,
        w: BIG_W,
        h: 44,
        kind: "role",
    },
    Place {
        stage: Stage::SourceRole,
        x: 520,
        y: 196,
        w: BIG_W,
        h: 44,
        kind: "role",
    },
    Place {
        stage: Stage::DestinationRole,
        x: 520,
        y: 250,
        w: BIG_W,
        h: 44,
        kind: "role",
    },
];

fn place(stage: Stage) -> &'static Place {
    PLACES
        .iter()
        .find(|p| p.stage == stage)
        .unwrap_or(&PLACES[0])
}

fn centre(stage: Stage) -> (i32, i32) {
    let p = place(stage);
    (p.x + p.w / 2, p.y + p.h / 2)
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

fn texts(stage: Stage, view: &DiagramView, lang: Lang) -> (String, String, String) {
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
                lang.t(T::Separator),
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

/// A `textLength` that squeezes a line into `max` px when its estimated width is larger.
fn fit(text: &str, char_px: f64, max: i32) -> Option<String> {
    let width: f64 = text
        .chars()
        .map(|c| if c.is_ascii() { char_px } else { char_px * 1.9 })
        .sum();
    (width > f64::from(max)).then(|| max.to_string())
}

#[function_component(Diagram)]
pub fn diagram(props: &DiagramProps) -> Html {
    let view = &props.view;
    let lang = props.lang;
    let line = |a: Stage, b: Stage, class: &'static str, marker: bool| {
        let (pa, pb) = (place(a), place(b));
        let (x1, y1, x2, y2) = if pa.y == pb.y {
            (pa.x + pa.w, pa.y + pa.h / 2, pb.x - 8, pb.y + pb.h / 2)
        } else {
            (pa.x + pa.w / 2, pa.y + pa.h, pb.x + pb.w / 2, pb.y)
        };
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

    let nodes = PLACES.iter().map(|p| {
        let (title, subtitle, status) = texts(p.stage, view, lang);
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
        let label = lang.f(T::OpenSettings, &[&format!("{title} {subtitle}").trim()]);
        let cx = p.w / 2;
        let small = p.kind == "role";
        html! {
            <g class={class} transform={format!("translate({} {})", p.x, p.y)} role="button" tabindex="0"
               aria-label={label} data-stage={format!("{:?}", p.stage)} {onclick} {onkeydown}>
                <rect width={p.w.to_string()} height={p.h.to_string()} rx="10" />
                if small {
                    <text class="node-role" x={cx.to_string()} y="27">{ title }</text>
                } else {
                    <text class="node-title" x={cx.to_string()} y="28">{ title }</text>
                    <text class="node-subtitle" x={cx.to_string()} y="48"
                        textLength={fit(&subtitle, 6.6, p.w - 14)} lengthAdjust="spacingAndGlyphs">{ subtitle.clone() }</text>
                    { for status.split('\n').enumerate().map(|(i, line)| html! {
                        <text class="node-status" x={cx.to_string()} y={(70 + 18 * i as i32).to_string()}
                            textLength={fit(line, 6.4, p.w - 14)} lengthAdjust="spacingAndGlyphs">{ line.to_string() }</text>
                    }) }
                }
                if let Some((_, code)) = denied {
                    <text class="node-denied" x={cx.to_string()} y={(p.h + 18).to_string()}>{ format!("✗ {code}") }</text>
                }
            </g>
        }
    });

    let token = view.moving.map(|(from, to)| {
        let (x1, y1) = centre(from);
        let (x2, y2) = centre(to);
        let failed = view.denied.is_some();
        html! {
            <g key={view.step} class={classes!("token", failed.then_some("failed"))} aria-hidden="true">
                <circle r="9" cx="0" cy="0">
                    <animateMotion dur="0.6s" fill="freeze" path={format!("M {x1} {y1} L {x2} {y2}")} />
                </circle>
            </g>
        }
    });

    html! {
        <figure class="diagram-figure">
            <div class="diagram-scroll">
            <svg class="diagram" viewBox="0 0 990 320" role="group" aria-labelledby="diagram-title">
                <title id="diagram-title">{ lang.t(T::DiagramTitle) }</title>
                <defs>
                    <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                    </marker>
                </defs>
                { for flows }
                { for links }
                { for nodes }
                { for token }
            </svg>
            </div>
            <figcaption class="diagram-caption" aria-live="polite">
                { if view.caption.is_empty() { lang.t(T::NothingYet).to_string() } else { lang.f(T::CurrentStep, &[&view.caption]) } }
            </figcaption>
            <details class="diagram-text">
                <summary>{ lang.t(T::DiagramAsText) }</summary>
                <ul>
                    { for PLACES.iter().map(|p| {
                        let (title, subtitle, status) = texts(p.stage, view, lang);
                        let selection = selection(p.stage, view);
                        let on_select = props.on_select.clone();
                        let onclick = Callback::from(move |_: MouseEvent| on_select.emit(selection.clone()));
                        html! {
                            <li>
                                <button type="button" class="link" {onclick}>{ format!("{title} {subtitle}") }</button>
                                { if status.is_empty() { String::new() } else { format!(" — {}", status.replace('\n', " · ")) } }
                            </li>
                        }
                    }) }
                </ul>
            </details>
        </figure>
    }
}
