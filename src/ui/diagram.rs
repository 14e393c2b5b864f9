//! The pipeline diagram as SVG: Lambda → Kinesis Data Stream → Firehose → S3, with the two
//! KMS keys underneath. The highlighted element follows the current step.

use yew::prelude::*;

/// Which part of the pipeline the current step is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Idle,
    Lambda,
    Stream,
    KinesisKey,
    Firehose,
    S3Key,
    Bucket,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Idle,
        Stage::Lambda,
        Stage::KinesisKey,
        Stage::Stream,
        Stage::Firehose,
        Stage::S3Key,
        Stage::Bucket,
    ];

    pub fn caption(self) -> &'static str {
        match self {
            Stage::Idle => "ready",
            Stage::Lambda => "Lambda produces a record",
            Stage::KinesisKey => "Kinesis asks KinesisKey for a data key",
            Stage::Stream => "the record is stored encrypted in the shard",
            Stage::Firehose => "Firehose reads and buffers the record",
            Stage::S3Key => "S3 asks S3Key for a data key",
            Stage::Bucket => "the object lands in the bucket",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub active: Stage,
}

struct Node {
    stage: Stage,
    x: i32,
    y: i32,
    title: &'static str,
    subtitle: &'static str,
    kind: &'static str,
}

const NODES: [Node; 6] = [
    Node { stage: Stage::Lambda, x: 10, y: 20, title: "Lambda", subtitle: "DataSourceLambda", kind: "compute" },
    Node { stage: Stage::Stream, x: 230, y: 20, title: "Kinesis Data Stream", subtitle: "dva-02-005-DataStream", kind: "stream" },
    Node { stage: Stage::Firehose, x: 450, y: 20, title: "Firehose", subtitle: "DeliveryStream", kind: "stream" },
    Node { stage: Stage::Bucket, x: 670, y: 20, title: "S3 bucket", subtitle: "dva-02-005", kind: "storage" },
    Node { stage: Stage::KinesisKey, x: 230, y: 170, title: "KMS key", subtitle: "KinesisKey", kind: "key" },
    Node { stage: Stage::S3Key, x: 670, y: 170, title: "KMS key", subtitle: "S3Key", kind: "key" },
];

const W: i32 = 180;
const H: i32 = 70;

#[function_component(Diagram)]
pub fn diagram(props: &DiagramProps) -> Html {
    let arrows = [(0usize, 1usize), (1, 2), (2, 3)].map(|(a, b)| {
        let (from, to) = (&NODES[a], &NODES[b]);
        html! { <line class="arrow" x1={(from.x + W).to_string()} y1={(from.y + H / 2).to_string()} x2={(to.x - 6).to_string()} y2={(to.y + H / 2).to_string()} marker-end="url(#arrowhead)" /> }
    });
    let key_links = [(1usize, 4usize), (3, 5)].map(|(a, b)| {
        let (from, to) = (&NODES[a], &NODES[b]);
        html! { <line class="key-link" x1={(from.x + W / 2).to_string()} y1={(from.y + H).to_string()} x2={(to.x + W / 2).to_string()} y2={to.y.to_string()} /> }
    });
    let nodes = NODES.iter().map(|n| {
        let class = classes!("node", n.kind, (n.stage == props.active).then_some("active"));
        html! {
            <g class={class} transform={format!("translate({} {})", n.x, n.y)}>
                <rect width={W.to_string()} height={H.to_string()} rx="10" />
                <text class="node-title" x={(W / 2).to_string()} y="30">{ n.title }</text>
                <text class="node-subtitle" x={(W / 2).to_string()} y="52">{ n.subtitle }</text>
            </g>
        }
    });
    html! {
        <svg class="diagram" viewBox="0 0 860 250" role="img" aria-labelledby="diagram-title diagram-desc">
            <title id="diagram-title">{ "Pipeline: Lambda → Kinesis Data Stream → Firehose → S3 bucket" }</title>
            <desc id="diagram-desc">{ "Lambda puts records into a Kinesis data stream encrypted with KinesisKey; Firehose reads them and delivers objects to an S3 bucket encrypted with S3Key." }</desc>
            <defs>
                <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                </marker>
            </defs>
            { for arrows }
            { for key_links }
            { for nodes }
        </svg>
    }
}
