//! Scenario validation: everything serde cannot check, each failure naming its JSON path.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::Value;

use crate::cloud::iam::parse_document;
use crate::esdk::cache::{CacheLimits, MAX_MESSAGES_LIMIT};
use crate::policy::PolicyError;
use crate::runtime::clock::{SimTime, MS};
use crate::sim::keys::{customer_key_id, resolve_key, KeyRef};
use crate::sim::scenario::{
    BlobSource, ClientSideSpec, DataKeyCachingSpec, EncryptionType, EventSpec, KmsOperation,
    ProducerApi, ProducerSpec, Scenario, ScenarioError, SseAlgorithm, PUT_RECORDS_LIMIT,
    SCENARIO_VERSION,
};
use crate::text::Catalogue;

/// Upper bound on records one scenario may produce (keeps a shared link from freezing a tab).
pub const MAX_RECORDS: u64 = 5_000_000;
/// Records all client-side producers may seal (real cryptography per record: about 300
/// a second natively with the default, signing suite; see `benches/client_side.rs`).
pub const MAX_CLIENT_SIDE_RECORDS: u64 = 10_000;

/// An error at `path` in English and Japanese (every message below has both).
fn err(
    path: impl Into<String>,
    en: impl Into<Cow<'static, str>>,
    ja: impl Into<Cow<'static, str>>,
) -> ScenarioError {
    ScenarioError::new(path, en, ja)
}

/// A policy document at `path` that the policy parser rejected: the error's path goes on
/// into the document (`keys[1].policy.Statement[1].Principal_`), so that a scenario text
/// places it at the file's line and column; the parser's message in English and (framed)
/// in Japanese.
pub(crate) fn policy_error(path: &str, e: PolicyError) -> ScenarioError {
    let path = if e.path.is_empty() {
        path.to_string()
    } else {
        format!("{path}.{}", e.path)
    };
    let ja = format!(
        "ポリシードキュメントが正しくありません: {}",
        e.message.get("ja")
    );
    ScenarioError::new(path, e.message.into_en(), ja)
}

fn check_policy(doc: &Value, path: &str) -> Result<(), ScenarioError> {
    parse_document(doc)
        .map(|_| ())
        .map_err(|e| policy_error(path, e))
}

crate::catalogue! {
    /// What a name names, for messages.
    enum What {
        Role => "role", "ロール";
        RoleName => "role name", "ロール名";
        Key => "key", "キー";
        Stream => "stream", "ストリーム";
        StreamName => "stream name", "ストリーム名";
        Producer => "producer", "プロデューサー";
        FunctionName => "function name", "関数名";
        Bucket => "bucket", "バケット";
        DeliveryStream => "delivery stream", "Firehose ストリーム";
        DeliveryStreamName => "delivery stream name", "Firehose ストリーム名";
        SessionName => "session name", "セッション名";
    }
}

/// A name AWS limits to `max` characters of `[A-Za-z0-9+=,.@_-]`; `what` says what it names.
fn check_name(name: &str, path: &str, what: What, max: usize) -> Result<(), ScenarioError> {
    let (en, ja) = what.pair();
    if name.is_empty() || name.len() > max {
        return Err(err(
            path,
            format!("{en} must be 1–{max} characters"),
            format!("{ja}は 1～{max} 文字で指定してください"),
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
    {
        return Err(err(
            path,
            format!("{en} {name:?} has characters AWS does not allow"),
            format!("{ja} {name:?} には AWS で使用できない文字が含まれています"),
        ));
    }
    Ok(())
}

fn unique<'a>(
    names: impl Iterator<Item = &'a str>,
    path: &str,
    what: What,
) -> Result<(), ScenarioError> {
    let (en, ja) = what.pair();
    let mut seen = BTreeSet::new();
    for (i, n) in names.enumerate() {
        if !seen.insert(n) {
            return Err(err(
                format!("{path}[{i}].name"),
                format!("duplicate {en} name {n:?}"),
                format!("{ja}名 {n:?} が重複しています"),
            ));
        }
    }
    Ok(())
}

fn role_exists(s: &Scenario, role: &str, path: &str) -> Result<(), ScenarioError> {
    if s.roles.iter().any(|r| r.name == role) {
        Ok(())
    } else {
        Err(err(
            path,
            format!("no role named {role:?} in roles"),
            format!("roles に {role:?} という名前のロールがありません"),
        ))
    }
}

/// ScheduleKeyDeletion is one of the KMS operations a principal of another account cannot
/// call (the KMS API Reference, ScheduleKeyDeletion: "Cross-account use: No").
fn same_account_as_key(
    s: &Scenario,
    role: &str,
    key: &str,
    path: &str,
) -> Result<(), ScenarioError> {
    let role_account = s
        .roles
        .iter()
        .find(|r| r.name == role)
        .and_then(|r| r.account.as_deref())
        .unwrap_or(&s.account);
    let key_account = s
        .keys
        .iter()
        .position(|k| k.name == key)
        .map_or(s.account.as_str(), |i| crate::sim::keys::key_account(s, i));
    if role_account == key_account {
        return Ok(());
    }
    Err(err(
        path,
        format!("role {role:?} is in account {role_account} and the key in {key_account}: ScheduleKeyDeletion cannot be called across accounts (KMS API Reference: \"Cross-account use: No\")"),
        format!("ロール {role:?} はアカウント {role_account}、キーはアカウント {key_account} にあります。ScheduleKeyDeletion はアカウントをまたいで呼び出せません (KMS API リファレンス: 「Cross-account use: No」)"),
    ))
}

fn stream_exists(s: &Scenario, stream: &str, path: &str) -> Result<(), ScenarioError> {
    if s.streams.iter().any(|r| r.name == stream) {
        Ok(())
    } else {
        Err(err(
            path,
            format!("no stream named {stream:?} in streams"),
            format!("streams に {stream:?} という名前のストリームがありません"),
        ))
    }
}

fn bucket_exists(s: &Scenario, bucket: &str, path: &str) -> Result<(), ScenarioError> {
    if s.buckets.iter().any(|r| r.name == bucket) {
        Ok(())
    } else {
        Err(err(
            path,
            format!("no bucket named {bucket:?} in buckets"),
            format!("buckets に {bucket:?} という名前のバケットがありません"),
        ))
    }
}

fn key_exists(s: &Scenario, key: &str, path: &str) -> Result<KeyRef, ScenarioError> {
    resolve_key(s, key).ok_or_else(|| {
        err(
            path,
            format!("no KMS key {key:?} (use a key name from keys, an alias, a key id, a key ARN, alias/aws/kinesis or alias/aws/s3)"),
            format!("KMS キー {key:?} がありません (keys のキー名、エイリアス、キー ID、キー ARN、alias/aws/kinesis、alias/aws/s3 のいずれかを指定してください)"),
        )
    })
}

fn customer_key(s: &Scenario, key: &str, path: &str) -> Result<(), ScenarioError> {
    match key_exists(s, key, path)? {
        KeyRef::Customer(_) => Ok(()),
        _ => Err(err(
            path,
            "AWS managed keys cannot be disabled, enabled or deleted",
            "AWS マネージドキーは無効化、有効化、削除できません",
        )),
    }
}

/// Validates `s` (see [`Scenario::validate`]): each part in document order, so the first
/// error reported is the first in the document.
pub fn validate(s: &Scenario) -> Result<(), ScenarioError> {
    check_header(s)?;
    check_roles(s)?;
    check_keys(s)?;
    check_streams(s)?;
    check_producers(s)?;
    check_buckets(s)?;
    check_delivery_streams(s)?;
    check_readers(s)?;
    check_events(s)?;
    check_kms(s)?;
    check_organization(s)
}

/// The organization, read as `eval` reads it (located errors under `organization`), and
/// every role's `account`: 12 digits.
fn check_organization(s: &Scenario) -> Result<(), ScenarioError> {
    for (i, r) in s.roles.iter().enumerate() {
        if let Some(a) = &r.account {
            if !crate::policy::is_account_id(a) {
                return Err(err(
                    format!("roles[{i}].account"),
                    "an account id is 12 digits",
                    "アカウント ID は 12 桁の数字です",
                ));
            }
        }
    }
    let org = match &s.organization {
        Some(v) => Some(crate::org::OrgState::from_json(v).map_err(org_error)?),
        None => None,
    };
    check_resource_accounts(s, org.as_ref())
}

/// Every key's, stream's, delivery stream's and bucket's `account`: 12 digits, and the
/// scenario's own account or one of its organization's (a resource lives in an account the
/// scenario describes; a role may stand for an outsider).
fn check_resource_accounts(
    s: &Scenario,
    org: Option<&crate::org::OrgState>,
) -> Result<(), ScenarioError> {
    let known = |a: &str| {
        a == s.account || org.is_some_and(|o| o.organization.accounts.iter().any(|x| x.id == a))
    };
    let fields = s
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| (format!("keys[{i}].account"), &k.account))
        .chain(
            s.streams
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("streams[{i}].account"), &x.account)),
        )
        .chain(
            s.delivery_streams
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("delivery_streams[{i}].account"), &x.account)),
        )
        .chain(
            s.buckets
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("buckets[{i}].account"), &x.account)),
        );
    for (path, account) in fields {
        let Some(a) = account.as_deref() else {
            continue;
        };
        if !crate::policy::is_account_id(a) {
            return Err(err(
                path,
                "an account id is 12 digits",
                "アカウント ID は 12 桁の数字です",
            ));
        }
        if !known(a) {
            let (en, ja) = if org.is_some() {
                (
                    format!("account {a} is neither the scenario's account ({}) nor an account of its organization", s.account),
                    format!("アカウント {a} は、シナリオのアカウント ({}) でも organization のアカウントでもありません", s.account),
                )
            } else {
                (
                    format!("account {a} is not the scenario's account ({}); declare it in an organization to place resources in it", s.account),
                    format!("アカウント {a} はシナリオのアカウント ({}) ではありません。このアカウントにリソースを置くには organization で宣言してください", s.account),
                )
            };
            return Err(err(path, en, ja));
        }
    }
    Ok(())
}

/// An `organization` the reader rejected, at its own path (`organization.accounts[1].id`).
pub(crate) fn org_error(e: PolicyError) -> ScenarioError {
    let ja = format!(
        "organization の記述が正しくありません: {}",
        e.message.get("ja")
    );
    ScenarioError::new(e.path.clone(), e.message.into_en(), ja)
}

/// The version, account, region and start time.
fn check_header(s: &Scenario) -> Result<(), ScenarioError> {
    if s.version != SCENARIO_VERSION {
        return Err(err(
            "version",
            format!(
                "unsupported scenario version {} (this build reads version {SCENARIO_VERSION})",
                s.version
            ),
            format!(
                "シナリオのバージョン {} はサポートされていません (このビルドが読み込めるのはバージョン {SCENARIO_VERSION} です)",
                s.version
            ),
        ));
    }
    if s.account.len() != 12 || !s.account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(
            "account",
            "an AWS account id is 12 digits",
            "AWS アカウント ID は 12 桁の数字です",
        ));
    }
    let parts: Vec<&str> = s.region.split('-').collect();
    if parts.len() < 3
        || !parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
    {
        return Err(err(
            "region",
            format!("{:?} is not a region name like ap-northeast-1", s.region),
            format!(
                "{:?} は ap-northeast-1 のようなリージョン名ではありません",
                s.region
            ),
        ));
    }
    s.start()?;
    Ok(())
}

/// Role names and every policy a role holds.
fn check_roles(s: &Scenario) -> Result<(), ScenarioError> {
    unique(s.roles.iter().map(|r| r.name.as_str()), "roles", What::Role)?;
    for (i, r) in s.roles.iter().enumerate() {
        let p = format!("roles[{i}]");
        check_name(&r.name, &format!("{p}.name"), What::RoleName, 64)?;
        check_policy(&r.trust_policy, &format!("{p}.trust_policy"))?;
        for (j, pol) in r.inline_policies.iter().enumerate() {
            check_policy(&pol.document, &format!("{p}.inline_policies[{j}].document"))?;
        }
        for (j, pol) in r.attached_policies.iter().enumerate() {
            check_policy(
                &pol.document,
                &format!("{p}.attached_policies[{j}].document"),
            )?;
        }
        if let Some(b) = &r.permissions_boundary {
            check_policy(b, &format!("{p}.permissions_boundary"))?;
        }
    }
    Ok(())
}

/// Key names, ids, aliases, policies and grants.
fn check_keys(s: &Scenario) -> Result<(), ScenarioError> {
    unique(s.keys.iter().map(|k| k.name.as_str()), "keys", What::Key)?;
    for (i, k) in s.keys.iter().enumerate() {
        let p = format!("keys[{i}]");
        if k.name.is_empty() || k.name.starts_with("alias/") || k.name.starts_with("arn:") {
            return Err(err(
                format!("{p}.name"),
                "a key name is a plain label such as KinesisKey",
                "キー名は KinesisKey のような単純なラベルです (alias/ や arn: で始まる名前は使用できません)",
            ));
        }
        if let Some(id) = &k.key_id {
            if id.is_empty()
                || id.len() > 64
                || !id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
            {
                return Err(err(
                    format!("{p}.key_id"),
                    "a key id is a UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab",
                    "キー ID は 1234abcd-12ab-34cd-56ef-1234567890ab のような UUID です",
                ));
            }
        }
        for (j, a) in k.aliases.iter().enumerate() {
            if !a.starts_with("alias/") || a.starts_with("alias/aws/") || a.len() <= 6 {
                return Err(err(
                    format!("{p}.aliases[{j}]"),
                    "an alias starts with alias/ and may not use the reserved alias/aws/ prefix",
                    "エイリアスは alias/ で始まります。予約済みのプレフィックス alias/aws/ は使用できません",
                ));
            }
        }
        check_policy(&k.policy, &format!("{p}.policy"))?;
        for (j, g) in k.grants.iter().enumerate() {
            if g.operations.is_empty() {
                return Err(err(
                    format!("{p}.grants[{j}].operations"),
                    "a grant needs at least one operation",
                    "グラントには 1 つ以上のオペレーションが必要です",
                ));
            }
        }
    }
    let mut ids = BTreeSet::new();
    for i in 0..s.keys.len() {
        if !ids.insert(customer_key_id(s, i)) {
            return Err(err(
                format!("keys[{i}].key_id"),
                "two keys share this key id",
                "このキー ID は 2 つのキーで使われています",
            ));
        }
    }
    Ok(())
}

/// Stream names, shards, retention and encryption.
fn check_streams(s: &Scenario) -> Result<(), ScenarioError> {
    unique(
        s.streams.iter().map(|r| r.name.as_str()),
        "streams",
        What::Stream,
    )?;
    for (i, st) in s.streams.iter().enumerate() {
        let p = format!("streams[{i}]");
        check_name(&st.name, &format!("{p}.name"), What::StreamName, 128)?;
        if !(1..=64).contains(&st.shards) {
            return Err(err(
                format!("{p}.shards"),
                "the simulator supports 1–64 shards",
                "シミュレーターで使用できるシャード数は 1～64 です",
            ));
        }
        if !(24..=8760).contains(&st.retention_hours) {
            return Err(err(
                format!("{p}.retention_hours"),
                "Kinesis retention is 24–8760 hours",
                "Kinesis のデータ保持期間は 24～8760 時間です",
            ));
        }
        if let Some(doc) = &st.policy {
            check_policy(doc, &format!("{p}.policy"))?;
        }
        match (st.encryption.encryption_type, &st.encryption.key) {
            (EncryptionType::Kms, None) => {
                return Err(err(
                    format!("{p}.encryption.key"),
                    "encryption type KMS needs a key",
                    "暗号化タイプ KMS にはキーが必要です",
                ));
            }
            (EncryptionType::Kms, Some(k)) => {
                key_exists(s, k, &format!("{p}.encryption.key"))?;
            }
            (EncryptionType::None, Some(_)) => {
                return Err(err(
                    format!("{p}.encryption.key"),
                    "encryption type NONE takes no key",
                    "暗号化タイプ NONE にはキーを指定できません",
                ));
            }
            (EncryptionType::None, None) => {}
        }
    }
    Ok(())
}

/// Producers: names, references, bounds, times and the total record count.
fn check_producers(s: &Scenario) -> Result<(), ScenarioError> {
    unique(
        s.producers.iter().map(|r| r.name.as_str()),
        "producers",
        What::Producer,
    )?;
    let mut total: u64 = 0;
    let mut client_side_total: u64 = 0;
    for (i, pr) in s.producers.iter().enumerate() {
        let p = format!("producers[{i}]");
        check_name(&pr.name, &format!("{p}.name"), What::FunctionName, 64)?;
        role_exists(s, &pr.role, &format!("{p}.role"))?;
        stream_exists(s, &pr.stream, &format!("{p}.stream"))?;
        if pr.invocations > 1_000_000 {
            return Err(err(
                format!("{p}.invocations"),
                "at most 1,000,000 invocations",
                "呼び出し回数は最大 1,000,000 回です",
            ));
        }
        if !(1..=100_000).contains(&pr.records_per_invocation) {
            return Err(err(
                format!("{p}.records_per_invocation"),
                "1–100,000 records per invocation",
                "1 回の呼び出しあたりのレコード数は 1～100,000 です",
            ));
        }
        if !(1..=1000).contains(&pr.concurrency) {
            return Err(err(
                format!("{p}.concurrency"),
                "concurrency is 1–1000",
                "同時実行数は 1～1000 です",
            ));
        }
        if pr.partition_key.is_empty() || pr.partition_key.chars().count() > 256 {
            return Err(err(
                format!("{p}.partition_key"),
                "a partition key is 1–256 characters",
                "パーティションキーは 1～256 文字です",
            ));
        }
        let spacing = s.duration_at(&pr.record_spacing, &format!("{p}.record_spacing"))?;
        let iv = s.duration_at(&pr.invocation_interval, &format!("{p}.invocation_interval"))?;
        if iv <= 0 {
            return Err(err(
                format!("{p}.invocation_interval"),
                "must be greater than zero",
                "0 より大きい値を指定してください",
            ));
        }
        let first = s.time_at(&pr.start, &format!("{p}.start"))?;
        check_producer_schedule(pr, first, iv, spacing, &p)?;
        if let Some(c) = &pr.client_side {
            check_client_side(s, c, &format!("{p}.client_side"))?;
            client_side_total = client_side_total
                .saturating_add(pr.invocations as u64 * pr.records_per_invocation as u64);
            if client_side_total > MAX_CLIENT_SIDE_RECORDS {
                return Err(err(
                    format!("{p}.client_side"),
                    format!("{client_side_total} records sealed client-side; the simulator seals at most {MAX_CLIENT_SIDE_RECORDS} (each is real AES-GCM and, for the default suite, a real ECDSA P-384 key pair and signature: a few hundred records a second)"),
                    format!("クライアント側で暗号化するレコードは {client_side_total} 件です。シミュレーターで暗号化できるのは最大 {MAX_CLIENT_SIDE_RECORDS} 件です (各レコードで実際に AES-GCM を使い、デフォルトのスイートでは ECDSA P-384 のキーペアの生成と署名も実際に行うため、1 秒間に数百件程度です)"),
                ));
            }
        }
        total = total.saturating_add(pr.invocations as u64 * pr.records_per_invocation as u64);
    }
    if total > MAX_RECORDS {
        return Err(err(
            "producers",
            format!("{total} records in all; the simulator takes at most {MAX_RECORDS}"),
            format!("レコード数は合計 {total} 件です。シミュレーターで扱えるのは最大 {MAX_RECORDS} 件です"),
        ));
    }
    Ok(())
}

/// A producer's client-side encryption: a customer managed key (the SDK's KMS keyring
/// calls GenerateDataKey on it), no `aws-crypto-` context key (reserved by the SDK), and
/// caching thresholds in the SDK's ranges.
fn check_client_side(s: &Scenario, c: &ClientSideSpec, p: &str) -> Result<(), ScenarioError> {
    client_side_key(s, &c.key, &format!("{p}.key"))?;
    for k in c.encryption_context.keys() {
        if k.starts_with("aws-crypto-") {
            return Err(err(
                format!("{p}.encryption_context.{k}"),
                "encryption context keys starting with aws-crypto- are reserved by the AWS Encryption SDK",
                "aws-crypto- で始まる暗号化コンテキストのキーは AWS Encryption SDK が予約しています",
            ));
        }
    }
    if let Some(d) = &c.data_key_caching {
        cache_limits(s, d, &format!("{p}.data_key_caching"))?;
    }
    Ok(())
}

/// The key of a client-side producer or reader: a customer managed key (the SDK's KMS
/// keyring calls KMS directly, which an AWS managed key's policy never allows).
fn client_side_key(s: &Scenario, key: &str, path: &str) -> Result<(), ScenarioError> {
    match key_exists(s, key, path)? {
        KeyRef::Customer(_) => Ok(()),
        _ => Err(err(
            path,
            "client-side encryption needs a customer managed key: an AWS managed key's policy allows only its service to use it",
            "クライアント側の暗号化にはカスタマーマネージドキーが必要です。AWS マネージドキーのキーポリシーはそのサービス経由の使用しか許可しません",
        )),
    }
}

/// The caching thresholds of `d` in milliseconds and counts, checked as the SDK does.
pub(crate) fn cache_limits(
    s: &Scenario,
    d: &DataKeyCachingSpec,
    p: &str,
) -> Result<CacheLimits, ScenarioError> {
    let age = s.duration_at(&d.max_age, &format!("{p}.max_age"))?;
    let mut limits = CacheLimits::with_max_age((age / MS).max(0) as u64);
    if let Some(m) = d.max_messages {
        limits.max_messages = m;
    }
    if let Some(b) = d.max_bytes {
        limits.max_bytes = b;
    }
    limits.validate().map_err(|_| {
        let (field, en, ja) = if limits.max_age_ms == 0 {
            (
                "max_age",
                "max_age must be at least 1 ms",
                "max_age は 1 ms 以上です",
            )
        } else if limits.max_messages == 0 || limits.max_messages > MAX_MESSAGES_LIMIT {
            (
                "max_messages",
                "max_messages is 1 to 2^32",
                "max_messages は 1～2^32 です",
            )
        } else {
            (
                "max_bytes",
                "max_bytes is 0 to 2^63 - 1",
                "max_bytes は 0～2^63 - 1 です",
            )
        };
        err(format!("{p}.{field}"), en, ja)
    })?;
    Ok(limits)
}

/// The producer's last record falls at or before [`SimTime::LATEST`] (else its time could
/// not be written): the last wave's start, then its last record.
fn check_producer_schedule(
    pr: &ProducerSpec,
    first: SimTime,
    interval: i64,
    spacing: i64,
    p: &str,
) -> Result<(), ScenarioError> {
    let waves = pr.invocations.div_ceil(pr.concurrency.max(1)).max(1);
    let too_late = |field: &str| {
        err(
            format!("{p}.{field}"),
            format!(
                "the producer's last record would be after {}, the latest time the simulator represents",
                SimTime::LATEST.iso_seconds()
            ),
            format!(
                "プロデューサーの最後のレコードが {} より後になります。シミュレーターが扱えるのはこの時刻までです",
                SimTime::LATEST.iso_seconds()
            ),
        )
    };
    let last_wave = interval
        .checked_mul(i64::from(waves - 1))
        .and_then(|d| first.0.checked_add(d))
        .filter(|&t| t <= SimTime::LATEST.0)
        .ok_or_else(|| too_late("invocation_interval"))?;
    // One call per record, or one PutRecords per batch of up to 500.
    let calls = match pr.api {
        ProducerApi::PutRecord => pr.records_per_invocation,
        ProducerApi::PutRecords => pr.records_per_invocation.div_ceil(PUT_RECORDS_LIMIT),
    };
    spacing
        .checked_mul(i64::from(calls.saturating_sub(1)))
        .and_then(|d| last_wave.checked_add(d))
        .filter(|&t| t <= SimTime::LATEST.0)
        .map(|_| ())
        .ok_or_else(|| too_late("record_spacing"))
}

/// Bucket names, default encryption, policies and existing objects.
fn check_buckets(s: &Scenario) -> Result<(), ScenarioError> {
    unique(
        s.buckets.iter().map(|r| r.name.as_str()),
        "buckets",
        What::Bucket,
    )?;
    for (i, b) in s.buckets.iter().enumerate() {
        let p = format!("buckets[{i}]");
        if b.name.len() < 3
            || b.name.len() > 63
            || !b
                .name
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.')
        {
            return Err(err(
                format!("{p}.name"),
                "bucket names are 3–63 lowercase letters, digits, dots and hyphens",
                "バケット名は 3～63 文字の英小文字、数字、ピリオド、ハイフンです",
            ));
        }
        match b.default_encryption.sse {
            SseAlgorithm::None => {
                return Err(err(
                    format!("{p}.default_encryption.sse"),
                    "buckets always have default encryption (AES256 or aws:kms) since January 2023",
                    "2023 年 1 月以降、バケットには常にデフォルトの暗号化 (AES256 または aws:kms) が設定されています",
                ));
            }
            SseAlgorithm::Aes256 if b.default_encryption.kms_key.is_some() => {
                return Err(err(
                    format!("{p}.default_encryption.kms_key"),
                    "AES256 takes no KMS key",
                    "AES256 には KMS キーを指定できません",
                ));
            }
            _ => {}
        }
        if let Some(k) = &b.default_encryption.kms_key {
            key_exists(s, k, &format!("{p}.default_encryption.kms_key"))?;
        }
        if let Some(pol) = &b.policy {
            check_policy(pol, &format!("{p}.policy"))?;
        }
        let mut keys = BTreeSet::new();
        for (j, o) in b.existing_objects.iter().enumerate() {
            let op = format!("{p}.existing_objects[{j}]");
            if o.key.is_empty() || o.key.len() > 1024 {
                return Err(err(
                    format!("{op}.key"),
                    "an object key is 1–1024 bytes",
                    "オブジェクトキーは 1～1024 バイトです",
                ));
            }
            if !keys.insert(o.key.as_str()) {
                return Err(err(
                    format!("{op}.key"),
                    "duplicate object key",
                    "オブジェクトキーが重複しています",
                ));
            }
            if let Some(k) = &o.kms_key {
                if o.sse != Some(SseAlgorithm::AwsKms) {
                    return Err(err(
                        format!("{op}.kms_key"),
                        "kms_key needs sse aws:kms",
                        "kms_key を指定するには sse を aws:kms にしてください",
                    ));
                }
                key_exists(s, k, &format!("{op}.kms_key"))?;
            }
        }
    }
    Ok(())
}

/// Delivery streams: names, references, buffering, prefix, compression, encryption.
fn check_delivery_streams(s: &Scenario) -> Result<(), ScenarioError> {
    unique(
        s.delivery_streams.iter().map(|r| r.name.as_str()),
        "delivery_streams",
        What::DeliveryStream,
    )?;
    for (i, d) in s.delivery_streams.iter().enumerate() {
        let p = format!("delivery_streams[{i}]");
        check_name(&d.name, &format!("{p}.name"), What::DeliveryStreamName, 64)?;
        stream_exists(s, &d.source_stream, &format!("{p}.source_stream"))?;
        role_exists(s, &d.source_role, &format!("{p}.source_role"))?;
        role_exists(s, &d.destination_role, &format!("{p}.destination_role"))?;
        bucket_exists(s, &d.bucket, &format!("{p}.bucket"))?;
        if !(1..=128).contains(&d.buffering.size_mb) {
            return Err(err(
                format!("{p}.buffering.size_mb"),
                "SizeInMBs is 1–128",
                "SizeInMBs は 1～128 です",
            ));
        }
        if d.buffering.interval_seconds > 900 {
            return Err(err(
                format!("{p}.buffering.interval_seconds"),
                "IntervalInSeconds is 0–900",
                "IntervalInSeconds は 0～900 です",
            ));
        }
        if d.prefix.len() > 1024 || d.prefix.contains("!{") {
            return Err(err(
                format!("{p}.prefix"),
                "a prefix is at most 1024 characters; custom !{...} expressions are not simulated",
                "プレフィックスは最大 1024 文字です。カスタムの !{...} 式はシミュレートされません",
            ));
        }
        if d.compression != "UNCOMPRESSED" {
            return Err(err(
                format!("{p}.compression"),
                "only UNCOMPRESSED is simulated",
                "シミュレートされるのは UNCOMPRESSED のみです",
            ));
        }
        if let Some(e) = &d.encryption {
            key_exists(s, &e.kms_key, &format!("{p}.encryption.kms_key"))?;
        }
    }
    Ok(())
}

/// Readers: role, bucket and time.
fn check_readers(s: &Scenario) -> Result<(), ScenarioError> {
    for (i, r) in s.readers.iter().enumerate() {
        let p = format!("readers[{i}]");
        role_exists(s, &r.role, &format!("{p}.role"))?;
        bucket_exists(s, &r.bucket, &format!("{p}.bucket"))?;
        s.time_at(&r.at, &format!("{p}.at"))?;
        if let Some(c) = &r.client_side {
            client_side_key(s, &c.key, &format!("{p}.client_side.key"))?;
        }
    }
    Ok(())
}

/// Scheduled events: times and what each refers to.
fn check_events(s: &Scenario) -> Result<(), ScenarioError> {
    for (i, e) in s.events.iter().enumerate() {
        let p = format!("events[{i}]");
        s.time_at(e.at(), &format!("{p}.at"))?;
        match e {
            EventSpec::DisableKey { key, .. }
            | EventSpec::EnableKey { key, .. }
            | EventSpec::CancelKeyDeletion { key, .. }
            | EventSpec::DeleteKey { key, .. } => customer_key(s, key, &format!("{p}.key"))?,
            EventSpec::ScheduleKeyDeletion {
                key,
                pending_window_days,
                role,
                ..
            } => {
                customer_key(s, key, &format!("{p}.key"))?;
                if let Some(role) = role {
                    role_exists(s, role, &format!("{p}.role"))?;
                    same_account_as_key(s, role, key, &format!("{p}.role"))?;
                }
                if !(7..=30).contains(pending_window_days) {
                    return Err(err(
                        format!("{p}.pending_window_days"),
                        "PendingWindowInDays is 7–30",
                        "PendingWindowInDays は 7～30 です",
                    ));
                }
            }
            EventSpec::StartStreamEncryption { stream, key, .. } => {
                stream_exists(s, stream, &format!("{p}.stream"))?;
                key_exists(s, key, &format!("{p}.key"))?;
            }
            EventSpec::StopStreamEncryption { stream, .. } => {
                stream_exists(s, stream, &format!("{p}.stream"))?
            }
            EventSpec::SetBucketEncryption {
                bucket, encryption, ..
            } => {
                bucket_exists(s, bucket, &format!("{p}.bucket"))?;
                if encryption.sse == SseAlgorithm::None {
                    return Err(err(
                        format!("{p}.encryption.sse"),
                        "default encryption is AES256 or aws:kms",
                        "デフォルトの暗号化は AES256 または aws:kms です",
                    ));
                }
                if let Some(k) = &encryption.kms_key {
                    key_exists(s, k, &format!("{p}.encryption.kms_key"))?;
                }
            }
            EventSpec::CopyInPlace {
                role,
                bucket,
                sse,
                kms_key,
                ..
            } => {
                role_exists(s, role, &format!("{p}.role"))?;
                bucket_exists(s, bucket, &format!("{p}.bucket"))?;
                if *sse == Some(SseAlgorithm::None) {
                    return Err(err(
                        format!("{p}.sse"),
                        "a copy is encrypted with AES256 or aws:kms",
                        "コピーは AES256 または aws:kms で暗号化されます",
                    ));
                }
                if kms_key.is_some() && *sse != Some(SseAlgorithm::AwsKms) {
                    return Err(err(
                        format!("{p}.kms_key"),
                        "a KMS key is sent only with sse aws:kms",
                        "KMS キーは sse が aws:kms の場合にだけ送ります",
                    ));
                }
                if let Some(k) = kms_key {
                    key_exists(s, k, &format!("{p}.kms_key"))?;
                }
            }
            EventSpec::GetObject { role, bucket, .. } => {
                role_exists(s, role, &format!("{p}.role"))?;
                bucket_exists(s, bucket, &format!("{p}.bucket"))?;
            }
            EventSpec::KmsRequest { .. } => check_kms_request(s, e, &p)?,
        }
    }
    Ok(())
}

/// An API call made directly to KMS: role, session name, key and ciphertext.
fn check_kms_request(s: &Scenario, e: &EventSpec, p: &str) -> Result<(), ScenarioError> {
    let EventSpec::KmsRequest {
        role,
        operation,
        key,
        ciphertext_from,
        session_name,
        ..
    } = e
    else {
        return Ok(());
    };
    role_exists(s, role, &format!("{p}.role"))?;
    if let Some(n) = session_name {
        check_name(n, &format!("{p}.session_name"), What::SessionName, 64)?;
    }
    if let Some(k) = key {
        key_exists(s, k, &format!("{p}.key"))?;
    }
    match operation {
        KmsOperation::Decrypt => {
            if ciphertext_from.is_none() {
                return Err(err(
                    format!("{p}.ciphertext_from"),
                    "Decrypt needs ciphertext_from ({\"kinesis_data_key\": n} or {\"s3_object\": n})",
                    "Decrypt には ciphertext_from ({\"kinesis_data_key\": n} または {\"s3_object\": n}) が必要です",
                ));
            }
        }
        _ => {
            if key.is_none() {
                return Err(err(
                    format!("{p}.key"),
                    "this operation needs a key",
                    "このオペレーションにはキーが必要です",
                ));
            }
            if ciphertext_from.is_some() {
                return Err(err(
                    format!("{p}.ciphertext_from"),
                    "only Decrypt takes a ciphertext",
                    "暗号文を指定できるのは Decrypt のみです",
                ));
            }
        }
    }
    if let Some(BlobSource::KinesisDataKey(n) | BlobSource::S3Object(n)) = ciphertext_from {
        if *n > 1_000_000 {
            return Err(err(
                format!("{p}.ciphertext_from"),
                "index too large",
                "インデックスが大きすぎます",
            ));
        }
    }
    Ok(())
}

/// The KMS settings.
fn check_kms(s: &Scenario) -> Result<(), ScenarioError> {
    if s.kms.request_quota_per_second == 0 {
        return Err(err(
            "kms.request_quota_per_second",
            "must be at least 1",
            "1 以上を指定してください",
        ));
    }
    Ok(())
}
