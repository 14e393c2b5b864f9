//! What each resource type is called once created, and what `Ref` and `Fn::GetAtt` give
//! for it (names, ids and ARNs in the simulated account). A name the template does not
//! give is the logical id (CloudFormation would generate `stack-LogicalId-RANDOM`; the lab
//! keeps names readable and says so in a notice).

use std::collections::{BTreeMap, BTreeSet};

use super::error::{Fail, Mark, NoticeKind, RawNotice};
use super::intrinsic::{url_suffix, Ident, Scope};
use super::yaml::Node;
use crate::runtime::rng::uuid_from_name;

/// Resource types the simulator models (each maps to part of the scenario).
pub const SIMULATED: &[&str] = &[
    "AWS::KMS::Key",
    "AWS::KMS::Alias",
    "AWS::Kinesis::Stream",
    "AWS::KinesisFirehose::DeliveryStream",
    "AWS::S3::Bucket",
    "AWS::S3::BucketPolicy",
    "AWS::Kinesis::ResourcePolicy",
    "AWS::IAM::Role",
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::Lambda::Function",
    "AWS::Logs::LogGroup",
    "AWS::Logs::LogStream",
    "AWS::CloudFormation::Stack",
];

/// Names already given, per kind of thing (`role`, `key`, …).
pub type Taken = BTreeSet<(&'static str, String)>;

/// The `Metadata.EnvelopeLab` mapping of a resource (what an exported template records
/// for the simulation: key ids, producer settings, …).
pub fn lab_metadata(metadata: Option<&Node>) -> Option<&Node> {
    metadata.and_then(|m| m.get("EnvelopeLab"))
}

/// Everything `identity` needs about the resource.
pub struct Decl<'a> {
    /// Logical id.
    pub logical: &'a str,
    /// Type.
    pub kind: &'a str,
    /// Evaluated properties (a mapping).
    pub props: &'a Node,
    /// Raw `Metadata`.
    pub metadata: Option<&'a Node>,
    /// Where the resource is.
    pub mark: Mark,
    /// `Resources.<logical>`.
    pub path: String,
}

/// The created resource's name and what `Ref`/`Fn::GetAtt` give.
pub fn identity(
    d: &Decl<'_>,
    scope: &Scope,
    taken: &mut Taken,
    notices: &mut Vec<RawNotice>,
) -> Result<(String, Ident), Fail> {
    // A resource of another account (the simulation's `account`, kept in its metadata)
    // gets ARNs in that account.
    let own_account = lab_metadata(d.metadata)
        .and_then(|m| m.get("account"))
        .and_then(Node::scalar_text);
    let a = own_account.as_ref().unwrap_or(&scope.account);
    let (r, p) = (&scope.region, scope.partition());
    let prop = |k: &str| d.props.get(k).and_then(Node::scalar_text);
    // `prop_name` None: the type has no name property (a key's scenario name is a label).
    let mut name = |class: &'static str, prop_name: Option<&str>, lower: bool| -> String {
        let explicit = prop_name.and_then(prop).or_else(|| {
            lab_metadata(d.metadata)
                .and_then(|m| m.get("name"))
                .and_then(Node::scalar_text)
        });
        if let Some(n) = explicit {
            taken.insert((class, n.clone()));
            return n;
        }
        let mut n = d.logical.to_string();
        let mut cut = None;
        if lower || taken.contains(&(class, n.clone())) {
            let max = max_len(class);
            n = generated(&scope.stack_name, d.logical, max);
            cut = (n.len() < scope.stack_name.len() + d.logical.len() + 1).then_some(max);
        }
        if lower {
            n = n.to_ascii_lowercase();
        }
        taken.insert((class, n.clone()));
        let Some(prop_name) = prop_name else {
            return n;
        };
        let (cut_en, cut_ja) = match cut {
            Some(m) => (format!("; shortened to {m} characters, the longest name the service accepts (modelled: AWS documents no rule for how CloudFormation shortens a generated name; the stack name is cut first)"), format!("。サービスが受け付ける最長の {m} 文字に短縮しています (モデル化: CloudFormation が生成名を短縮する規則は AWS のドキュメントにないため、スタック名から短縮します)")),
            None => (String::new(), String::new()),
        };
        notices.push(RawNotice::new(
            NoticeKind::Default,
            Fail::new(
                d.mark,
                d.path.clone(),
                format!("{} has no {prop_name}: the lab names it {n:?} (CloudFormation would generate a name){cut_en}", d.logical),
                format!("{} には {prop_name} がありません。ラボでは {n:?} という名前にします (CloudFormation では名前が自動生成されます){cut_ja}", d.logical),
            ),
        ));
        n
    };
    let attrs = |pairs: &[(&str, String)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    let ident = |reference: String, attrs: BTreeMap<String, String>| Ident {
        reference,
        attrs,
        placeholder: false,
    };
    Ok(match d.kind {
        "AWS::KMS::Key" => {
            let n = name("key", None, false);
            let id = key_id(d, a, &n);
            let arn = format!("arn:{p}:kms:{r}:{a}:key/{id}");
            (n, ident(id.clone(), attrs(&[("Arn", arn), ("KeyId", id)])))
        }
        "AWS::KMS::Alias" => {
            let n = prop("AliasName").unwrap_or_else(|| d.logical.to_string());
            (n.clone(), ident(n, BTreeMap::new()))
        }
        "AWS::Kinesis::Stream" => {
            let n = name("stream", Some("Name"), false);
            let arn = format!("arn:{p}:kinesis:{r}:{a}:stream/{n}");
            (n.clone(), ident(n, attrs(&[("Arn", arn)])))
        }
        "AWS::KinesisFirehose::DeliveryStream" => {
            let n = name("firehose", Some("DeliveryStreamName"), false);
            let arn = format!("arn:{p}:firehose:{r}:{a}:deliverystream/{n}");
            (n.clone(), ident(n, attrs(&[("Arn", arn)])))
        }
        "AWS::S3::Bucket" => {
            let n = name("bucket", Some("BucketName"), true);
            let sfx = url_suffix(r);
            let list = [
                ("Arn", format!("arn:{p}:s3:::{n}")),
                ("DomainName", format!("{n}.s3.{sfx}")),
                ("RegionalDomainName", format!("{n}.s3.{r}.{sfx}")),
                ("DualStackDomainName", format!("{n}.s3.dualstack.{r}.{sfx}")),
                ("WebsiteURL", format!("http://{n}.s3-website-{r}.{sfx}")),
            ];
            (n.clone(), ident(n, attrs(&list)))
        }
        "AWS::IAM::Role" => {
            let n = name("role", Some("RoleName"), false);
            let arn = format!("arn:{p}:iam::{a}:role/{n}");
            let id = format!("AROA{}", short_id(&format!("role:{a}:{n}")));
            (n.clone(), ident(n, attrs(&[("Arn", arn), ("RoleId", id)])))
        }
        "AWS::IAM::ManagedPolicy" => {
            let n = name("managed-policy", Some("ManagedPolicyName"), false);
            let path = prop("Path").unwrap_or_else(|| "/".into());
            let arn = format!("arn:{p}:iam::{a}:policy{path}{n}");
            let id = format!("ANPA{}", short_id(&format!("policy:{a}:{n}")));
            (
                n,
                ident(arn.clone(), attrs(&[("PolicyArn", arn), ("PolicyId", id)])),
            )
        }
        "AWS::IAM::Policy" => {
            let n = prop("PolicyName").unwrap_or_else(|| d.logical.to_string());
            (
                n.clone(),
                ident(
                    format!("{}-{}", scope.stack_name, d.logical),
                    attrs(&[("Id", n)]),
                ),
            )
        }
        "AWS::Lambda::Function" => {
            let n = name("function", Some("FunctionName"), false);
            let arn = format!("arn:{p}:lambda:{r}:{a}:function:{n}");
            (n.clone(), ident(n, attrs(&[("Arn", arn)])))
        }
        "AWS::Logs::LogGroup" => {
            let n = name("log-group", Some("LogGroupName"), false);
            let arn = format!("arn:{p}:logs:{r}:{a}:log-group:{n}:*");
            (n.clone(), ident(n, attrs(&[("Arn", arn)])))
        }
        "AWS::Logs::LogStream" => {
            let n = prop("LogStreamName")
                .unwrap_or_else(|| format!("{}-{}", scope.stack_name, d.logical));
            (n.clone(), ident(n, BTreeMap::new()))
        }
        "AWS::S3::BucketPolicy" | "AWS::Kinesis::ResourcePolicy" => {
            let n = format!("{}-{}", scope.stack_name, d.logical);
            (n.clone(), ident(n, BTreeMap::new()))
        }
        _ => {
            // Not simulated: a reference still resolves (to a readable placeholder), so
            // the rest of the template can be imported.
            let n = d.logical.to_string();
            let mut i = ident(n.clone(), BTreeMap::new());
            i.placeholder = true;
            (n, i)
        }
    })
}

/// The longest name each kind of resource takes (each service's naming rules: S3 bucket
/// names 3-63 characters, IAM role 64, managed policy 128, Kinesis stream 128, Firehose
/// stream 64, Lambda function 64, CloudWatch Logs group 512).
fn max_len(class: &str) -> usize {
    match class {
        "bucket" => 63,
        "role" | "firehose" | "function" => 64,
        "stream" | "managed-policy" => 128,
        "log-group" => 512,
        _ => usize::MAX,
    }
}

/// `stack-Logical`, shortened to `max` characters: the stack name is cut first, then the
/// logical id (both are ASCII: stack names and logical ids are alphanumeric or `-`).
pub fn generated(stack: &str, logical: &str, max: usize) -> String {
    let full = format!("{stack}-{logical}");
    if full.len() <= max {
        return full;
    }
    let logical: String = logical.chars().take(max.saturating_sub(2).max(1)).collect();
    let room = max.saturating_sub(logical.len() + 1).max(1);
    let stack: String = stack.chars().take(room).collect();
    let stack = stack.trim_end_matches('-');
    format!("{stack}-{logical}")
}

/// The key id: `Metadata.EnvelopeLab.KeyId` (an exported template keeps the scenario's),
/// else derived from the account and name as the scenario derives it.
fn key_id(d: &Decl<'_>, account: &str, name: &str) -> String {
    lab_metadata(d.metadata)
        .and_then(|m| m.get("key_id"))
        .and_then(Node::scalar_text)
        .unwrap_or_else(|| uuid_from_name(&format!("kms:{account}:{name}")))
}

/// A stable 17-character id suffix like IAM's (`AROA…`).
fn short_id(seed: &str) -> String {
    uuid_from_name(seed)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(17)
        .collect::<String>()
        .to_ascii_uppercase()
}
