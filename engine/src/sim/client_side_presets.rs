//! The scenarios of the client-side encryption presets (issue [5/6]): the producer seals
//! each record with the AWS Encryption SDK under its own key (`ProducerKey`) before
//! PutRecord, and an analyst decrypts what Firehose wrote to S3. Their entries (names,
//! bilingual descriptions, expected outcomes) are in `presets.rs` with the others.

use serde_json::{json, Value};

use crate::sim::scenario::{
    via_service_statement, ClientSideSpec, ClientSuite, DataKeyCachingSpec, EncryptionType,
    KeySpec, KeyState, PolicySpec, ReaderClientSideSpec, ReaderSpec, RoleSpec, Scenario,
};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "ap-northeast-1";
const BUCKET: &str = "dva-02-005";
/// The producer's own key (client-side), beside the seed stack's KinesisKey and S3Key.
pub const PRODUCER_KEY: &str = "ProducerKey";
const PRODUCER_KEY_ID: &str = "0b5c8f2e-7a41-4d3b-9e6f-3c2a1d8e4f70";
/// The encryption context the producer seals with and the analyst requires.
pub const CONTEXT: (&str, &str) = ("purpose", "ticker-feed");

fn producer_key_arn() -> String {
    format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{PRODUCER_KEY_ID}")
}

fn s3_key_arn() -> String {
    format!(
        "arn:aws:kms:{REGION}:{ACCOUNT}:key/{}",
        crate::sim::scenario::S3_KEY_ID
    )
}

/// A key policy that lets the account's IAM policies decide (the account-root statement).
fn root_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Id": "producer-key",
        "Statement": [{
            "Sid": "EnableIAMPolicies",
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
            "Action": "kms:*",
            "Resource": "*"
        }]
    })
}

/// The seed stack plus `ProducerKey`, the producer sealing every record under it (default
/// suite, context purpose=ticker-feed, no caching), its role allowed
/// `kms:GenerateDataKey` on it, and `AnalystRole` reading (GetObject, Decrypt on both the
/// S3 key and ProducerKey) and decrypting every object at 10 minutes. Both layers of
/// encryption are on: the stream's and the bucket's SSE wrap the SDK messages.
pub fn both_layers() -> Scenario {
    let mut s = Scenario::default();
    s.keys.push(KeySpec {
        name: PRODUCER_KEY.into(),
        key_id: Some(PRODUCER_KEY_ID.into()),
        aliases: vec![],
        description: "The producer's key for client-side encryption".into(),
        policy: root_policy(),
        state: KeyState::Enabled,
        grants: vec![],
        account: None,
    });
    if let Some(r) = s
        .roles
        .iter_mut()
        .find(|r| r.name == "DataSourceLambdaRole")
    {
        r.inline_policies.push(PolicySpec {
            name: "ClientSideEncryption".into(),
            arn: None,
            document: json!({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": producer_key_arn()}]
            }),
        });
    }
    if let Some(p) = s.producers.first_mut() {
        p.client_side = Some(ClientSideSpec {
            key: PRODUCER_KEY.into(),
            encryption_context: [(CONTEXT.0.to_string(), CONTEXT.1.to_string())].into(),
            algorithm_suite: ClientSuite::CommitKeyEcdsaP384,
            data_key_caching: None,
        });
    }
    analyst(&mut s, true);
    s
}

/// `AnalystRole`: reads the bucket; `kms:Decrypt` on the S3 key, and on ProducerKey when
/// `decrypt_producer_key`; decrypts every object under `firehose/` at 10 minutes,
/// requiring the producer's context.
fn analyst(s: &mut Scenario, decrypt_producer_key: bool) {
    let mut keys = vec![s3_key_arn()];
    if decrypt_producer_key {
        keys.push(producer_key_arn());
    }
    s.roles.push(RoleSpec {
        name: "AnalystRole".into(),
        trust_policy: json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}}]
        }),
        inline_policies: vec![PolicySpec {
            name: "AnalystRolePolicy".into(),
            arn: None,
            document: json!({
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [format!("arn:aws:s3:::{BUCKET}"), format!("arn:aws:s3:::{BUCKET}/*")]},
                    {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": keys}
                ]
            }),
        }],
        attached_policies: vec![],
        permissions_boundary: None,
        account: None,
    });
    s.readers.push(ReaderSpec {
        role: "AnalystRole".into(),
        at: "10m".into(),
        bucket: BUCKET.into(),
        prefix: "firehose/".into(),
        client_side: Some(ReaderClientSideSpec {
            key: PRODUCER_KEY.into(),
            encryption_context: [(CONTEXT.0.to_string(), CONTEXT.1.to_string())].into(),
            tamper: false,
        }),
    });
}

/// Client-side encryption alone: the stream without SSE, Firehose writing with the
/// bucket's default (SSE-S3). Kinesis and Firehose move SDK messages they cannot read.
pub fn happy_path() -> Scenario {
    let mut s = both_layers();
    if let Some(st) = s.streams.first_mut() {
        st.encryption.encryption_type = EncryptionType::None;
        st.encryption.key = None;
    }
    if let Some(d) = s.delivery_streams.first_mut() {
        d.encryption = None;
    }
    s
}

/// ProducerKey's policy written for SSE: the account may only administer it, and every
/// principal of the account may use it only through Kinesis (`kms:ViaService`). The
/// producer's own GenerateDataKey is direct, so nothing allows it.
pub fn key_via_service_only() -> Scenario {
    let mut s = happy_path();
    if let Some(k) = s.keys.iter_mut().find(|k| k.name == PRODUCER_KEY) {
        k.policy = json!({
            "Version": "2012-10-17",
            "Id": "producer-key-via-kinesis",
            "Statement": [
                {
                    "Sid": "KeyAdministration",
                    "Effect": "Allow",
                    "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
                    "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Enable*", "kms:Disable*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"],
                    "Resource": "*"
                },
                via_service_statement(ACCOUNT, REGION, "kinesis")
            ]
        });
    }
    s
}

/// The analyst may read the objects (and decrypt the S3 key) but has no `kms:Decrypt` on
/// ProducerKey.
pub fn reader_missing_decrypt() -> Scenario {
    let mut s = happy_path();
    s.roles.retain(|r| r.name != "AnalystRole");
    s.readers.clear();
    analyst(&mut s, false);
    s
}

/// The analyst requires another encryption context than the producer sealed with.
pub fn wrong_context() -> Scenario {
    let mut s = happy_path();
    if let Some(c) = s.readers.first_mut().and_then(|r| r.client_side.as_mut()) {
        c.encryption_context = [(CONTEXT.0.to_string(), "audit-log".to_string())].into();
    }
    s
}

/// The stored objects were altered: one bit of each message's first frame is flipped.
pub fn tampered() -> Scenario {
    let mut s = happy_path();
    if let Some(c) = s.readers.first_mut().and_then(|r| r.client_side.as_mut()) {
        c.tamper = true;
    }
    s
}

/// The happy path with the SDK's caching materials manager (max_age 5 minutes): one
/// data key seals all ten records.
pub fn caching() -> Scenario {
    let mut s = happy_path();
    if let Some(c) = s.producers.first_mut().and_then(|p| p.client_side.as_mut()) {
        c.data_key_caching = Some(DataKeyCachingSpec {
            max_age: "5m".into(),
            max_messages: None,
            max_bytes: None,
        });
    }
    s
}
