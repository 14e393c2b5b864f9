//! A difference in plain words: requests grouped by who makes them (and for a service,
//! for which source) and how (through which service, with which condition values), each
//! group one sentence listing its actions and resources, in English and Japanese. The
//! names of the space's stand-ins (the role without IAM policies, another account) are
//! never shown: they are said as what they stand for.

use std::collections::BTreeMap;

use super::space::{Subject, Tag, TargetLabel, Who};
use super::{Point, Space};
use crate::policy::fix::{ProbeKind, ResourceKind};
use crate::policy::Request;
use crate::text::Text;

/// Sentences at most; the rest is counted.
pub const MAX_SENTENCES: usize = 6;
/// Actions named per sentence at most.
const MAX_ACTIONS: usize = 4;
/// Longest condition value quoted.
const MAX_QUOTE: usize = 80;

/// Actions that administer a key or a resource (listed first: they matter most).
const ADMIN: [&str; 10] = [
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
    "kms:CreateGrant",
    "kms:*",
    "s3:PutBucketPolicy",
    "s3:DeleteBucket",
    "iam:PassRole",
    "kinesis:DeleteStream",
    "kinesis:StopStreamEncryption",
];

fn quote(v: &str) -> String {
    if v.chars().count() <= MAX_QUOTE {
        v.to_string()
    } else {
        let head: String = v.chars().take(MAX_QUOTE).collect();
        format!("{head}…")
    }
}

/// What a service acting for a source acts for (`events.amazonaws.com` → EventBridge rule).
fn source_thing(service: &str) -> (&'static str, &'static str) {
    match service.split('.').next().unwrap_or("") {
        "events" => ("EventBridge rule", "EventBridge ルール"),
        "sns" => ("SNS topic", "SNS トピック"),
        "s3" => ("S3 bucket", "S3 バケット"),
        "cloudtrail" => ("CloudTrail trail", "CloudTrail の証跡"),
        "logs" => (
            "CloudWatch Logs log group",
            "CloudWatch Logs のロググループ",
        ),
        "firehose" => ("Firehose stream", "Firehose ストリーム"),
        "kinesis" => ("Kinesis data stream", "Kinesis データストリーム"),
        "lambda" => ("Lambda function", "Lambda 関数"),
        _ => ("resource", "リソース"),
    }
}

fn service_name(via: &str) -> String {
    match via.split('.').next().unwrap_or(via) {
        "kinesis" => "Kinesis".into(),
        "firehose" => "Firehose".into(),
        "s3" => "S3".into(),
        "lambda" => "Lambda".into(),
        "logs" => "CloudWatch Logs".into(),
        "sqs" => "SQS".into(),
        "sns" => "SNS".into(),
        other => other.to_string(),
    }
}

fn who_text(s: &Subject, source: Option<&Tag>) -> Text {
    let base = match &s.who {
        Who::World { label, .. } if label == super::check::THIS_ROLE => {
            Text::new(label.clone(), "このポリシーがアタッチされたロール")
        }
        Who::World { label, .. } | Who::Named { label } => Text::new(label.clone(), label.clone()),
        Who::Service { name } => Text::new(name.clone(), name.clone()),
        Who::NoIam { account } => Text::new(
            format!("a role in {account} with no IAM policy"),
            format!("IAM ポリシーのない {account} のロール"),
        ),
        Who::Admin { account } => Text::new(
            format!("a role in {account} whose IAM policy allows every action"),
            format!("IAM ポリシーがすべてのアクションを許可する {account} のロール"),
        ),
        Who::Account {
            account,
            fresh: false,
        } => Text::new(
            format!("every principal in {account}"),
            format!("{account} のすべてのプリンシパル"),
        ),
        Who::Account { fresh: true, .. } => Text::lit(
            "every principal in any other account",
            "他のアカウントのすべてのプリンシパル",
        ),
    };
    let Some(tag) = source else {
        return base;
    };
    let name = match &s.who {
        Who::Service { name } => name.as_str(),
        Who::World { label, .. } => label.as_str(),
        _ => "",
    };
    let (thing, thing_ja) = source_thing(name);
    let (en, ja) = match tag {
        Tag::Source { arn: Some(a), .. } => (
            format!("acting for {}", quote(a)),
            format!("{} のため", quote(a)),
        ),
        Tag::Source {
            arn: None,
            account: Some(acc),
        } => (
            format!("acting for any {thing} in {acc}"),
            format!("{acc} の任意の {thing_ja} のため"),
        ),
        Tag::Source {
            arn: None,
            account: None,
        } => (
            format!("acting for any {thing} in any account"),
            format!("任意のアカウントの任意の {thing_ja} のため"),
        ),
        Tag::Absent => (
            "with no source (aws:SourceArn absent)".to_string(),
            "ソースなし、aws:SourceArn がない".to_string(),
        ),
        _ => (String::new(), String::new()),
    };
    Text::new(
        format!("{} {en}", base.en()),
        format!("{} ({ja})", base.get("ja")),
    )
}

/// The tag the focus request has for a dimension's key.
fn focus_tag(space: &Space, d: usize, focus: Option<&Request>) -> Option<Tag> {
    let req = focus?;
    let dim = &space.dims[d];
    Some(match req.context.get(&dim.key) {
        Some(v) => match v.as_slice().first() {
            Some(x) => Tag::Named(x.clone()),
            None => Tag::Absent,
        },
        None => Tag::Absent,
    })
}

fn ctx_phrase(key: &str, tag: &Tag) -> Option<(String, String)> {
    let via = key.eq_ignore_ascii_case("kms:ViaService");
    Some(match (via, tag) {
        (true, Tag::Named(v)) => {
            let s = service_name(v);
            (format!("via {s}"), format!("{s} 経由"))
        }
        (true, Tag::Fresh) => ("via any other service".into(), "他のサービス経由".into()),
        (true, Tag::Absent) => ("directly".into(), "直接".into()),
        (false, Tag::Named(v)) => (
            format!("with {key} = {}", quote(v)),
            format!("{key} が {} のとき", quote(v)),
        ),
        (false, Tag::Fresh) => (
            format!("with any other {key}"),
            format!("{key} が他の値のとき"),
        ),
        (false, Tag::Absent) => (format!("without {key}"), format!("{key} がないとき")),
        _ => return None,
    })
}

fn target_text(space: &Space, t: usize) -> Text {
    let t = &space.targets[t];
    match &t.label {
        TargetLabel::Named(l) | TargetLabel::Pattern(l) => Text::new(quote(l), quote(l)),
        TargetLabel::OtherIn(l) => match t.kind {
            ResourceKind::Bucket => Text::new(
                format!("any other object in {l}"),
                format!("{l} の他のオブジェクト"),
            ),
            _ => Text::new(
                format!("anything else in {l}"),
                format!("{l} の他のリソース"),
            ),
        },
        TargetLabel::Outside { kind, account } => match *kind {
            "kms-key" => Text::new(
                format!("any other KMS key in {account}"),
                format!("{account} の他の KMS キー"),
            ),
            "bucket" => Text::lit("any other bucket", "他のバケット"),
            _ => Text::new(
                format!("any other {kind} in {account}"),
                format!("{account} の他の {kind}"),
            ),
        },
    }
}

fn list(items: &[String], max: usize, sep_en: &str, sep_ja: &str) -> Text {
    if items.len() <= max {
        return Text::new(items.join(sep_en), items.join(sep_ja));
    }
    let head = &items[..max - 1];
    let more = items.len() - head.len();
    Text::new(
        format!("{}{sep_en}and {more} more", head.join(sep_en)),
        format!("{} など {} 件", head.join(sep_ja), items.len()),
    )
}

/// One group of a difference.
#[derive(Default)]
struct Group {
    actions: Vec<String>,
    targets: Vec<usize>,
    context: bool,
}

/// One sentence of a difference, with its parts.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// Which way it differs from the denied request.
    pub kind: ProbeKind,
    pub who: String,
    pub actions: String,
    pub resources: String,
    pub text: Text,
}

/// Sentences describing `items` (points with the actions that count).
pub fn describe(
    space: &Space,
    items: &[(&Point, Vec<&str>)],
    focus: Option<&Request>,
) -> Vec<Text> {
    sentences(space, items, focus, None)
        .into_iter()
        .map(|s| s.text)
        .collect()
}

/// Sentences describing `items` the way a reviewer would say them; `focus` is the denied
/// request (condition values equal to its own are not repeated) and `caller` its principal
/// in the world.
pub fn sentences(
    space: &Space,
    items: &[(&Point, Vec<&str>)],
    focus: Option<&Request>,
    caller: Option<usize>,
) -> Vec<Sentence> {
    let mut groups: BTreeMap<(usize, String), (Text, Group)> = BTreeMap::new();
    for (p, actions) in items {
        let s = &space.subjects[p.subject];
        let mut source = None;
        let mut phrases: Vec<(String, String)> = Vec::new();
        for (d, o) in &p.opts {
            let dim = &space.dims[*d];
            let tag = &dim.opts[*o].tag;
            if matches!(tag, Tag::Source { .. })
                || (dim.key.eq_ignore_ascii_case("aws:SourceArn") && *tag == Tag::Absent)
            {
                source = Some(tag);
                continue;
            }
            if focus_tag(space, *d, focus).as_ref() == Some(tag) {
                continue;
            }
            if let Some(ph) = ctx_phrase(&dim.key, tag) {
                phrases.push(ph);
            }
        }
        let who = who_text(s, source);
        let context = !phrases.is_empty() || source.is_some();
        let (en, ja): (Vec<String>, Vec<String>) = phrases.into_iter().unzip();
        let who = if en.is_empty() {
            who
        } else {
            Text::new(
                format!("{} {}", who.en(), en.join(", ")),
                format!("{} ({})", who.get("ja"), ja.join("、")),
            )
        };
        let key = (p.subject, who.en().to_string());
        let entry = groups.entry(key).or_insert_with(|| (who, Group::default()));
        entry.1.context |= context;
        for a in actions {
            if !entry.1.actions.iter().any(|x| x == a) {
                entry.1.actions.push(a.to_string());
            }
        }
        if !entry.1.targets.contains(&p.target) {
            entry.1.targets.push(p.target);
        }
    }
    let total = groups.len();
    let mut out: Vec<Sentence> = groups
        .into_iter()
        .take(MAX_SENTENCES)
        .map(|((subject, _), (who, mut g))| {
            g.actions
                .sort_by_key(|a| !ADMIN.iter().any(|x| x.eq_ignore_ascii_case(a)));
            let actions = list(&g.actions, MAX_ACTIONS, ", ", "、");
            let targets: Vec<Text> = g.targets.iter().map(|t| target_text(space, *t)).collect();
            let targets = Text::join(&targets, ", ", "、");
            let kind = kind_of(space, subject, &g, focus, caller);
            Sentence {
                kind,
                who: who.en().to_string(),
                actions: actions.en().to_string(),
                resources: targets.en().to_string(),
                text: Text::new(
                    format!("{}: {} on {}", who.en(), actions.en(), targets.en()),
                    format!(
                        "{}: {} に対する {}",
                        who.get("ja"),
                        targets.get("ja"),
                        actions.get("ja")
                    ),
                ),
            }
        })
        .collect();
    if total > MAX_SENTENCES {
        let more = total - MAX_SENTENCES;
        out.push(Sentence {
            kind: ProbeKind::OtherPrincipal,
            who: String::new(),
            actions: String::new(),
            resources: String::new(),
            text: Text::new(
                format!("and {more} more kinds of request"),
                format!("ほかに {more} 種類のリクエスト"),
            ),
        });
    }
    out
}

fn kind_of(
    space: &Space,
    subject: usize,
    g: &Group,
    focus: Option<&Request>,
    caller: Option<usize>,
) -> ProbeKind {
    if caller.is_none() || space.subjects[subject].world != caller {
        return ProbeKind::OtherPrincipal;
    }
    let resource = focus.map(|r| r.resource.as_str());
    if g.targets
        .iter()
        .any(|t| Some(space.targets[*t].arn.as_str()) != resource)
    {
        return ProbeKind::OtherResource;
    }
    let action = focus.map(|r| r.action.as_str()).unwrap_or("");
    if g.actions.iter().any(|a| !a.eq_ignore_ascii_case(action)) {
        return ProbeKind::OtherAction;
    }
    ProbeKind::OtherContext
}
