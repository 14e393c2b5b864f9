//! The scenario's KMS keys by reference: what a key name, alias, key id or ARN in a
//! scenario resolves to, the key ids (stable per account, not per seed), and the index a
//! resolved key has in the simulated KMS. Validation, the builder, the scheduler and the
//! lessons' policy checks all resolve keys here.

use serde_json::{json, Map, Value};

use crate::policy::Grant;
use crate::runtime::rng::uuid_from_name;
use crate::sim::scenario::{
    via_service_statement, BucketEncryptionSpec, GrantSpec, Scenario, SseAlgorithm,
};

/// A resolved key reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRef {
    /// Index into `Scenario::keys`.
    Customer(usize),
    /// `alias/aws/kinesis`.
    AwsKinesis,
    /// `alias/aws/s3`.
    AwsS3,
}

/// The account owning customer managed key `i`: its own `account`, else the scenario's.
pub fn key_account(s: &Scenario, i: usize) -> &str {
    s.keys
        .get(i)
        .and_then(|k| k.account.as_deref())
        .unwrap_or(&s.account)
}

/// The key id (UUID) of a customer managed key: explicit, or derived from its account +
/// name.
pub fn customer_key_id(s: &Scenario, i: usize) -> String {
    match s.keys.get(i) {
        Some(k) => k
            .key_id
            .clone()
            .unwrap_or_else(|| uuid_from_name(&format!("kms:{}:{}", key_account(s, i), k.name))),
        None => String::new(),
    }
}

/// The ARN of customer managed key `i` (in its own account).
pub fn customer_key_arn(s: &Scenario, i: usize) -> String {
    format!(
        "arn:aws:kms:{}:{}:key/{}",
        s.region,
        key_account(s, i),
        customer_key_id(s, i)
    )
}

/// The key id of an AWS managed key (stable per account and region).
pub fn aws_managed_key_id(s: &Scenario, service: &str) -> String {
    uuid_from_name(&format!("kms:aws/{service}:{}:{}", s.account, s.region))
}

/// Resolves a key reference: a key `name`, an alias, a key id or a key/alias ARN (a key of
/// another account by its full key ARN).
pub fn resolve_key(s: &Scenario, r: &str) -> Option<KeyRef> {
    if r.starts_with("arn:") {
        if let Some(i) = (0..s.keys.len()).find(|&i| customer_key_arn(s, i) == r) {
            return Some(KeyRef::Customer(i));
        }
    }
    let prefix = format!("arn:aws:kms:{}:{}:", s.region, s.account);
    let short = r.strip_prefix(&prefix).unwrap_or(r);
    let short = short.strip_prefix("key/").unwrap_or(short);
    match short {
        "alias/aws/kinesis" => return Some(KeyRef::AwsKinesis),
        "alias/aws/s3" => return Some(KeyRef::AwsS3),
        _ => {}
    }
    if short == aws_managed_key_id(s, "kinesis") {
        return Some(KeyRef::AwsKinesis);
    }
    if short == aws_managed_key_id(s, "s3") {
        return Some(KeyRef::AwsS3);
    }
    s.keys
        .iter()
        .enumerate()
        .find(|(i, k)| {
            k.name == short
                || k.aliases.iter().any(|a| a == short)
                || customer_key_id(s, *i) == short
        })
        .map(|(i, _)| KeyRef::Customer(i))
}

/// The ARN of the scenario's key with id `key_id`.
pub fn key_arn(s: &Scenario, key_id: &str) -> String {
    format!("arn:aws:kms:{}:{}:key/{key_id}", s.region, s.account)
}

/// Index of a resolved key in `Kms::keys` (customer keys first, then aws/kinesis, aws/s3).
pub fn key_index(s: &Scenario, r: &str) -> Option<u16> {
    Some(match resolve_key(s, r)? {
        KeyRef::Customer(i) => i as u16,
        KeyRef::AwsKinesis => s.keys.len() as u16,
        KeyRef::AwsS3 => aws_s3_index(s),
    })
}

/// Index of `aws/s3` in `Kms::keys`.
pub fn aws_s3_index(s: &Scenario) -> u16 {
    s.keys.len() as u16 + 1
}

/// The KMS key of a bucket's default encryption: the key it names, `aws/s3` when it names
/// none; None unless the default is SSE-KMS.
pub fn default_encryption_key(s: &Scenario, e: &BucketEncryptionSpec) -> Option<u16> {
    match e.sse {
        SseAlgorithm::AwsKms => Some(
            e.kms_key
                .as_deref()
                .and_then(|k| key_index(s, k))
                .unwrap_or(aws_s3_index(s)),
        ),
        _ => None,
    }
}

/// A scenario's grant as the policy engine reads it (an empty constraint is no constraint).
pub fn grant(g: &GrantSpec) -> Grant {
    Grant {
        grantee_principal: g.grantee_principal.clone(),
        operations: g.operations.clone(),
        encryption_context_equals: (!g.encryption_context_equals.is_empty())
            .then(|| g.encryption_context_equals.clone()),
        encryption_context_subset: (!g.encryption_context_subset.is_empty())
            .then(|| g.encryption_context_subset.clone()),
    }
}

/// The key policy AWS gives its managed key for `service` (`label` is the service's name
/// in the statement's Sid, e.g. `Amazon Kinesis`).
pub fn aws_managed_key_policy(account: &str, region: &str, service: &str, label: &str) -> Value {
    let mut via = Map::new();
    via.insert(
        "Sid".into(),
        json!(format!("Allow access through {label} for all principals in the account that are authorized to use {label}")),
    );
    if let Value::Object(statement) = via_service_statement(account, region, service) {
        via.extend(statement);
    }
    json!({
        "Version": "2012-10-17",
        "Id": format!("auto-{service}-1"),
        "Statement": [
            via,
            {
                "Sid": "Allow direct access to key metadata to the account",
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
                "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
                "Resource": "*"
            }
        ]
    })
}
