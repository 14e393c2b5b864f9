//! The accounts the diagram draws as boundaries (issue [4/6] §3): which account each box
//! of the pipeline belongs to, with the account's name and OU path from the scenario's
//! organization. A scenario whose resources all sit in its own account gets none, so the
//! single-account diagram is drawn as before.
//!
//! Whose is what: a role, key, stream, delivery stream or bucket names its `account`
//! (absent: the scenario's); the producer function runs in its execution role's account
//! (a Lambda function's execution role belongs to the function's account); an AWS managed
//! key (`alias/aws/…`) belongs to the account of the service resource that uses it.

use serde_json::Value;

use crate::sim::scenario::Scenario;

use super::diagram::Diagram;
use super::stage::Stage;

/// One account of the pipeline and the boxes it holds.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AccountBoundary {
    /// The 12-digit account id.
    pub id: String,
    /// The account's name in the organization, if the scenario has one that lists it.
    pub name: Option<String>,
    /// The names of the OUs from the root down to the account (empty: directly under the
    /// root, or no organization).
    pub ous: Vec<String>,
    /// The boxes of the pipeline in this account, in the diagram's order.
    pub stages: Vec<Stage>,
}

/// Every box of the diagram, in its order.
const STAGES: [Stage; 9] = [
    Stage::Lambda,
    Stage::Stream,
    Stage::Firehose,
    Stage::Bucket,
    Stage::KinesisKey,
    Stage::S3Key,
    Stage::ProducerRole,
    Stage::SourceRole,
    Stage::DestinationRole,
];

/// Deepest OU nesting followed (AWS allows five levels under the root).
const MAX_OU_DEPTH: usize = 5;

/// The account of each box; empty when all are the scenario's own account.
pub fn boundaries(sc: &Scenario, d: &Diagram) -> Vec<AccountBoundary> {
    let mut out: Vec<AccountBoundary> = Vec::new();
    for stage in STAGES {
        let id = account_of(sc, d, stage).to_string();
        match out.iter_mut().find(|a| a.id == id) {
            Some(a) => a.stages.push(stage),
            None => out.push(AccountBoundary {
                id,
                stages: vec![stage],
                ..AccountBoundary::default()
            }),
        }
    }
    if out.len() < 2 {
        return Vec::new();
    }
    for a in &mut out {
        (a.name, a.ous) = named(sc.organization.as_ref(), &a.id);
    }
    out
}

fn role_account<'a>(sc: &'a Scenario, name: &str) -> Option<&'a str> {
    sc.roles
        .iter()
        .find(|r| r.name == name)
        .and_then(|r| r.account.as_deref())
}

fn key_account<'a>(sc: &'a Scenario, name: &str) -> Option<&'a str> {
    sc.keys
        .iter()
        .find(|k| k.name == name)
        .and_then(|k| k.account.as_deref())
}

fn account_of<'a>(sc: &'a Scenario, d: &Diagram, stage: Stage) -> &'a str {
    let stream = || sc.streams.iter().find(|s| s.name == d.stream);
    let firehose = || sc.delivery_streams.iter().find(|f| f.name == d.firehose);
    let bucket = || sc.buckets.iter().find(|b| b.name == d.bucket);
    let stream_account = || stream().and_then(|s| s.account.as_deref());
    let bucket_account = || bucket().and_then(|b| b.account.as_deref());
    let found = match stage {
        Stage::Lambda => role_account(sc, &d.producer_role),
        Stage::Stream => stream_account(),
        Stage::Firehose => firehose().and_then(|f| f.account.as_deref()),
        Stage::Bucket => bucket_account(),
        Stage::KinesisKey => key_account(sc, &d.kinesis_key).or_else(|| {
            // An AWS managed key is the stream's account's.
            d.kinesis_key
                .starts_with("alias/aws/")
                .then(stream_account)
                .flatten()
        }),
        Stage::S3Key => key_account(sc, &d.s3_key).or_else(|| {
            d.s3_key
                .starts_with("alias/aws/")
                .then(bucket_account)
                .flatten()
        }),
        Stage::ProducerRole => role_account(sc, &d.producer_role),
        Stage::SourceRole => role_account(sc, &d.source_role),
        Stage::DestinationRole => role_account(sc, &d.destination_role),
    };
    found.unwrap_or(&sc.account)
}

/// The account's name and its OUs' names (root first) from the organization document.
fn named(org: Option<&Value>, id: &str) -> (Option<String>, Vec<String>) {
    let Some(org) = org else {
        return (None, Vec::new());
    };
    let list = |key: &str| {
        org.get(key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    };
    let (accounts, ous) = (list("accounts"), list("ous"));
    let Some(account) = accounts.iter().find(|a| a["id"].as_str() == Some(id)) else {
        return (None, Vec::new());
    };
    let name = account["name"].as_str().map(str::to_string);
    let mut chain = Vec::new();
    let mut parent = account["parent"].as_str();
    while let Some(p) = parent.filter(|_| chain.len() < MAX_OU_DEPTH) {
        let Some(ou) = ous.iter().find(|o| o["id"].as_str() == Some(p)) else {
            break;
        };
        chain.push(ou["name"].as_str().unwrap_or(p).to_string());
        parent = ou["parent"].as_str();
    }
    chain.reverse();
    (name, chain)
}
