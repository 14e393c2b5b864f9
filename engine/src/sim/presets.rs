//! Presets: the happy path and every denial a learner should be able to cause, each a small
//! edit of the seed stack with a stable name, a one-line description (English and Japanese)
//! and the outcome a learner should see.

use serde::Serialize;
use serde_json::{json, Value};

use crate::sim::client_side_presets;
use crate::text::Text;

use crate::sim::scenario::{
    root_only_key_policy, service_trust, BlobSource, BucketEncryptionSpec, EncryptionType,
    EventSpec, ExistingObjectSpec, KeyState, KmsOperation, PolicySpec, ProducerApi, ReaderSpec,
    RoleSpec, Scenario, SseAlgorithm, KINESIS_KEY_ID, S3_KEY_ID,
};

/// A named starting scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Preset {
    /// Stable name (`happy-path`, `kinesis-key-disabled`, …).
    pub name: &'static str,
    /// One line in English and Japanese.
    pub description: Text,
    /// The outcome: exception, where it surfaces, what happens to the data.
    pub outcome: &'static str,
    /// The error code a learner should meet (None for success paths).
    pub error_code: Option<&'static str>,
    #[serde(skip)]
    build: fn() -> Scenario,
}

impl Preset {
    /// The preset's scenario.
    pub fn scenario(&self) -> Scenario {
        (self.build)()
    }
}

/// Which part of the course a preset belongs to. The web app builds the classic presets
/// itself and asks the policy tools worker for the others, so their builders stay out of
/// its first download (issue 24).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// The seed stack and its edits, built in the page.
    Core,
    /// An AWS Organizations scenario (`sim::org_presets`).
    Organization,
    /// Client-side encryption (`sim::client_side_presets`): its scenario seals or opens
    /// with the Encryption SDK, so the page starts loading the cryptography when one is
    /// chosen.
    ClientSide,
}

/// What the preset list shows of a preset, without its builder.
#[derive(Debug, Clone)]
pub struct PresetInfo {
    /// Stable name (`happy-path`, `kinesis-key-disabled`, …).
    pub name: &'static str,
    /// One line in English and Japanese.
    pub description: Text,
    /// The outcome: exception, where it surfaces, what happens to the data.
    pub outcome: &'static str,
    /// The error code a learner should meet (None for success paths).
    pub error_code: Option<&'static str>,
    /// Core (built anywhere) or lazy (organization, client-side).
    pub family: Family,
}

impl PresetInfo {
    /// Whether the page builds it itself ([`get_core`]).
    pub fn is_core(&self) -> bool {
        self.family == Family::Core
    }
}

/// Every preset's metadata, in teaching order: no builder is referenced from here.
pub fn catalog() -> &'static [PresetInfo] {
    CATALOG
}

/// The metadata of the preset named `name`.
pub fn info(name: &str) -> Option<&'static PresetInfo> {
    CATALOG.iter().find(|p| p.name == name)
}

/// The scenario of the classic preset named `name` (None for an organization or
/// client-side preset, and for an unknown name).
pub fn get_core(name: &str) -> Option<Scenario> {
    core_builder(name).map(|build| build())
}

/// The scenario of the organization or client-side preset named `name` (None for a
/// classic preset, and for an unknown name): what the web app asks the policy tools worker
/// for, so the worker links none of the classic builders.
pub fn get_lazy(name: &str) -> Option<Scenario> {
    lazy_builder(name).map(|build| build())
}

/// Every preset, in teaching order.
pub fn all() -> &'static [Preset] {
    static ALL: std::sync::OnceLock<Vec<Preset>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        CATALOG
            .iter()
            .filter_map(|p| {
                let build = core_builder(p.name).or_else(|| lazy_builder(p.name))?;
                Some(Preset {
                    name: p.name,
                    description: p.description.clone(),
                    outcome: p.outcome,
                    error_code: p.error_code,
                    build,
                })
            })
            .collect()
    })
}

/// The scenario of the preset named `name`.
pub fn get(name: &str) -> Option<Scenario> {
    core_builder(name)
        .or_else(|| lazy_builder(name))
        .map(|build| build())
}

/// The preset named `name`.
pub fn find(name: &str) -> Option<&'static Preset> {
    all().iter().find(|p| p.name == name)
}

const ACCOUNT: &str = "123456789012";
const REGION: &str = "ap-northeast-1";
const BUCKET: &str = "dva-02-005";
const STREAM_ARN: &str = "arn:aws:kinesis:ap-northeast-1:123456789012:stream/dva-02-005-DataStream";

fn kinesis_key_arn() -> String {
    format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{KINESIS_KEY_ID}")
}
fn s3_key_arn() -> String {
    format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{S3_KEY_ID}")
}

fn role_mut<'a>(s: &'a mut Scenario, name: &str) -> Option<&'a mut RoleSpec> {
    s.roles.iter_mut().find(|r| r.name == name)
}

fn set_key_policy(s: &mut Scenario, key: &str, policy: Value) {
    if let Some(k) = s.keys.iter_mut().find(|k| k.name == key) {
        k.policy = policy;
    }
}

fn set_key_state(s: &mut Scenario, key: &str, state: KeyState) {
    if let Some(k) = s.keys.iter_mut().find(|k| k.name == key) {
        k.state = state;
    }
}

/// The Lambda role's policy without `kms:GenerateDataKey`.
fn lambda_role_without_kms(s: &mut Scenario) {
    if let Some(r) = role_mut(s, "DataSourceLambdaRole") {
        r.inline_policies = vec![PolicySpec {
            name: "DataSourceLambdaPolicy".into(),
            arn: None,
            document: json!({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": ["kinesis:PutRecord"], "Resource": [STREAM_ARN]}]
            }),
        }];
    }
}

fn add_role(s: &mut Scenario, name: &str, statements: Value) {
    s.roles.push(RoleSpec {
        name: name.into(),
        trust_policy: json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}}]
        }),
        inline_policies: vec![PolicySpec {
            name: format!("{name}Policy"),
            arn: None,
            document: json!({"Version": "2012-10-17", "Statement": statements}),
        }],
        attached_policies: vec![],
        permissions_boundary: None,
        account: None,
    });
}

fn happy_path() -> Scenario {
    Scenario::default()
}

fn sse_off() -> Scenario {
    let mut s = Scenario::default();
    if let Some(st) = s.streams.first_mut() {
        st.encryption.encryption_type = EncryptionType::None;
        st.encryption.key = None;
    }
    if let Some(d) = s.delivery_streams.first_mut() {
        d.encryption = None;
    }
    s
}

fn aws_managed_kinesis_key() -> Scenario {
    let mut s = Scenario::default();
    if let Some(st) = s.streams.first_mut() {
        st.encryption.key = Some("alias/aws/kinesis".into());
    }
    lambda_role_without_kms(&mut s);
    s
}

fn sse_enabled_mid_stream() -> Scenario {
    let mut s = Scenario::default();
    if let Some(st) = s.streams.first_mut() {
        st.encryption.encryption_type = EncryptionType::None;
        st.encryption.key = None;
    }
    if let Some(p) = s.producers.first_mut() {
        p.invocations = 2;
        p.invocation_interval = "1m".into();
    }
    s.events.push(EventSpec::StartStreamEncryption {
        at: "30s".into(),
        stream: "dva-02-005-DataStream".into(),
        key: "KinesisKey".into(),
    });
    s
}

fn producer_missing_generate_data_key() -> Scenario {
    let mut s = Scenario::default();
    set_key_policy(
        &mut s,
        "KinesisKey",
        root_only_key_policy(ACCOUNT, "dva-02-005-kinesis"),
    );
    lambda_role_without_kms(&mut s);
    s
}

fn firehose_source_missing_decrypt() -> Scenario {
    let mut s = Scenario::default();
    set_key_policy(
        &mut s,
        "KinesisKey",
        root_only_key_policy(ACCOUNT, "dva-02-005-kinesis"),
    );
    s
}

fn s3_destination_missing_kms() -> Scenario {
    let mut s = Scenario::default();
    set_key_policy(
        &mut s,
        "S3Key",
        root_only_key_policy(ACCOUNT, "dva-02-005-s3"),
    );
    s
}

fn key_state(state: KeyState) -> Scenario {
    let mut s = Scenario::default();
    set_key_state(&mut s, "KinesisKey", state);
    s
}

fn kinesis_key_disabled() -> Scenario {
    key_state(KeyState::Disabled)
}
fn kinesis_key_pending_deletion() -> Scenario {
    key_state(KeyState::PendingDeletion)
}
fn kinesis_key_deleted() -> Scenario {
    key_state(KeyState::Deleted)
}

fn kinesis_key_disabled_mid_run() -> Scenario {
    let mut s = Scenario::default();
    if let Some(p) = s.producers.first_mut() {
        p.invocations = 3;
        p.invocation_interval = "6m".into();
    }
    s.events.push(EventSpec::DisableKey {
        at: "5m".into(),
        key: "KinesisKey".into(),
    });
    s.events.push(EventSpec::EnableKey {
        at: "11m".into(),
        key: "KinesisKey".into(),
    });
    s
}

fn explicit_deny() -> Scenario {
    let mut s = Scenario::default();
    let mut policy =
        crate::sim::scenario::service_key_policy(ACCOUNT, REGION, "kinesis", "dva-02-005-kinesis");
    if let Some(st) = policy.get_mut("Statement").and_then(Value::as_array_mut) {
        st.push(json!({
            "Sid": "DenyProducerRole",
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Action": "kms:GenerateDataKey*",
            "Resource": "*",
            "Condition": {"ArnEquals": {"aws:PrincipalArn": format!("arn:aws:iam::{ACCOUNT}:role/DataSourceLambdaRole")}}
        }));
    }
    set_key_policy(&mut s, "KinesisKey", policy);
    s
}

fn via_service_mismatch() -> Scenario {
    let mut s = Scenario::default();
    lambda_role_without_kms(&mut s);
    s.events.push(EventSpec::KmsRequest {
        at: "1m".into(),
        role: "DataSourceLambdaRole".into(),
        session_name: None,
        operation: KmsOperation::GenerateDataKey,
        key: Some("KinesisKey".into()),
        encryption_context: Some(
            [("aws:kinesis:arn".to_string(), STREAM_ARN.to_string())]
                .into_iter()
                .collect(),
        ),
        ciphertext_from: None,
        tamper: false,
    });
    s
}

fn bucket_key_context_condition() -> Scenario {
    let mut s = Scenario::default();
    let policy = json!({
        "Version": "2012-10-17",
        "Id": "dva-02-005-s3",
        "Statement": [
            {
                "Sid": "ObjectsOfThisBucketOnly",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"kms:CallerAccount": ACCOUNT, "kms:ViaService": format!("s3.{REGION}.amazonaws.com")},
                    "StringLike": {"kms:EncryptionContext:aws:s3:arn": format!("arn:aws:s3:::{BUCKET}/*")}
                }
            },
            {"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "*", "Resource": "*"}
        ]
    });
    set_key_policy(&mut s, "S3Key", policy);
    if let Some(b) = s.buckets.first_mut() {
        b.default_encryption = BucketEncryptionSpec {
            sse: SseAlgorithm::AwsKms,
            kms_key: Some("S3Key".into()),
            bucket_key: true,
        };
    }
    s
}

fn reader_scenario(with_decrypt: bool) -> Scenario {
    let mut s = Scenario::default();
    let policy = json!({
        "Version": "2012-10-17",
        "Id": "dva-02-005-s3",
        "Statement": [
            {
                "Sid": "FirehoseDeliveryOnly",
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:role/KinesisS3DestinationRole")},
                "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": format!("s3.{REGION}.amazonaws.com")}}
            },
            {"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "*", "Resource": "*"}
        ]
    });
    set_key_policy(&mut s, "S3Key", policy);
    let mut statements = vec![
        json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [format!("arn:aws:s3:::{BUCKET}"), format!("arn:aws:s3:::{BUCKET}/*")]}),
    ];
    if with_decrypt {
        statements
            .push(json!({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": s3_key_arn()}));
    }
    add_role(&mut s, "AnalystRole", Value::Array(statements));
    s.readers.push(ReaderSpec {
        role: "AnalystRole".into(),
        at: "10m".into(),
        bucket: BUCKET.into(),
        prefix: "firehose/".into(),
        client_side: None,
    });
    s
}

fn reader_missing_decrypt() -> Scenario {
    reader_scenario(false)
}

fn auditor(s: &mut Scenario) {
    add_role(
        s,
        "AuditorRole",
        json!([{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": [kinesis_key_arn(), s3_key_arn()]}]),
    );
}

/// The auditor decrypting the stream's first data key at `at`, with `context` instead of
/// the blob's own when given, and one bit of the blob flipped when `tamper`.
fn auditor_decrypt(at: &str, context: Option<(&str, &str)>, tamper: bool) -> EventSpec {
    EventSpec::KmsRequest {
        at: at.into(),
        role: "AuditorRole".into(),
        session_name: None,
        operation: KmsOperation::Decrypt,
        key: None,
        encryption_context: context
            .map(|(k, v)| [(k.to_string(), v.to_string())].into_iter().collect()),
        ciphertext_from: Some(BlobSource::KinesisDataKey(0)),
        tamper,
    }
}

fn tampered_ciphertext() -> Scenario {
    let mut s = Scenario::default();
    auditor(&mut s);
    s.events.push(auditor_decrypt("1m", None, false));
    s.events.push(auditor_decrypt("2m", None, true));
    s
}

fn wrong_encryption_context() -> Scenario {
    let mut s = Scenario::default();
    auditor(&mut s);
    let other = "arn:aws:kinesis:ap-northeast-1:123456789012:stream/another-stream";
    s.events.push(auditor_decrypt(
        "1m",
        Some(("aws:kinesis:arn", other)),
        false,
    ));
    s
}

fn kms_throttling() -> Scenario {
    let mut s = Scenario::default();
    s.kms.request_quota_per_second = 2;
    if let Some(p) = s.producers.first_mut() {
        p.concurrency = 5;
        p.invocations = 5;
    }
    s
}

fn mixed_bucket_encryption() -> Scenario {
    let mut s = Scenario::default();
    add_role(
        &mut s,
        "BatchCopyRole",
        json!([
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": format!("arn:aws:s3:::{BUCKET}/*")},
            {"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": s3_key_arn()}
        ]),
    );
    if let Some(b) = s.buckets.first_mut() {
        b.existing_objects = vec![
            ExistingObjectSpec {
                key: "legacy/2019-report.json".into(),
                body: "{\"legacy\": true, \"year\": 2019}".into(),
                sse: Some(SseAlgorithm::None),
                kms_key: None,
                bucket_key: false,
            },
            ExistingObjectSpec {
                key: "legacy/2023-report.json".into(),
                body: "{\"legacy\": true, \"year\": 2023}".into(),
                sse: Some(SseAlgorithm::Aes256),
                kms_key: None,
                bucket_key: false,
            },
        ];
    }
    s.events.push(EventSpec::SetBucketEncryption {
        at: "1m".into(),
        bucket: BUCKET.into(),
        encryption: BucketEncryptionSpec {
            sse: SseAlgorithm::AwsKms,
            kms_key: Some("S3Key".into()),
            bucket_key: true,
        },
    });
    s.events.push(EventSpec::CopyInPlace {
        at: "10m".into(),
        role: "BatchCopyRole".into(),
        bucket: BUCKET.into(),
        prefix: "legacy/".into(),
        sse: Some(SseAlgorithm::AwsKms),
        kms_key: Some("S3Key".into()),
        bucket_key_enabled: Some(true),
    });
    s
}

fn producer_put_records() -> Scenario {
    let mut s = Scenario::default();
    if let Some(p) = s.producers.first_mut() {
        p.api = ProducerApi::PutRecords;
        p.invocations = 3;
    }
    // PutRecords is its own IAM action: the seed policy's kinesis:PutRecord does not cover it.
    if let Some(r) = role_mut(&mut s, "DataSourceLambdaRole") {
        if let Some(p) = r.inline_policies.first_mut() {
            p.document = json!({
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": ["kms:GenerateDataKey"], "Resource": [kinesis_key_arn()]},
                    {"Effect": "Allow", "Action": ["kinesis:PutRecord", "kinesis:PutRecords"], "Resource": [STREAM_ARN]}
                ]
            });
        }
    }
    s
}

fn lambda_role_trust_denied() -> Scenario {
    let mut s = Scenario::default();
    if let Some(r) = role_mut(&mut s, "DataSourceLambdaRole") {
        r.trust_policy = service_trust("ec2.amazonaws.com");
    }
    s
}

fn firehose_source_role_trust_denied() -> Scenario {
    let mut s = Scenario::default();
    // A common copy-paste slip: the source role trusts Lambda, not Firehose.
    if let Some(r) = role_mut(&mut s, "KinesisStreamSourceRole") {
        r.trust_policy = service_trust("lambda.amazonaws.com");
    }
    s
}

fn firehose_destination_role_trust_denied() -> Scenario {
    let mut s = Scenario::default();
    if let Some(r) = role_mut(&mut s, "KinesisS3DestinationRole") {
        r.trust_policy = service_trust("lambda.amazonaws.com");
    }
    s
}

/// The bucket policy with one Deny of `s3:PutObject` on the bucket's objects under
/// `condition`: the standard ways to refuse uploads that are not SSE-KMS (S3 User Guide,
/// "Bucket policy examples using condition keys").
fn deny_uploads_bucket_policy(s: &mut Scenario, sid: &str, condition: Value) {
    if let Some(b) = s.buckets.first_mut() {
        b.policy = Some(json!({
            "Version": "2012-10-17",
            "Id": format!("{BUCKET}-uploads"),
            "Statement": [{
                "Sid": sid,
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:PutObject",
                "Resource": format!("arn:aws:s3:::{BUCKET}/*"),
                "Condition": condition
            }]
        }));
    }
}

fn deny_not_sse_kms(s: &mut Scenario) {
    let c = json!({"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}});
    deny_uploads_bucket_policy(s, "DenyUploadsNotSseKms", c);
}

fn deny_missing_sse_header(s: &mut Scenario) {
    let c = json!({"Null": {"s3:x-amz-server-side-encryption": "true"}});
    deny_uploads_bucket_policy(s, "DenyMissingEncryptionHeader", c);
}

fn deny_other_keys(s: &mut Scenario) {
    let c = json!({"StringNotEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": s3_key_arn()}});
    deny_uploads_bucket_policy(s, "DenyOtherKmsKeys", c);
}

/// A legacy SSE-S3 object and a batch copy at 10 minutes rewriting it with `sse` (absent:
/// no encryption header) and `kms_key`: a second writer, so each bucket-policy preset shows
/// what its Deny refuses beside what it lets through.
fn copy_job(s: &mut Scenario, sse: Option<SseAlgorithm>, kms_key: Option<&str>) {
    add_role(
        s,
        "BatchCopyRole",
        json!([
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": format!("arn:aws:s3:::{BUCKET}/*")},
            {"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": s3_key_arn()}
        ]),
    );
    if let Some(b) = s.buckets.first_mut() {
        b.existing_objects.push(ExistingObjectSpec {
            key: "legacy/2023-report.json".into(),
            body: "{\"legacy\": true, \"year\": 2023}".into(),
            sse: Some(SseAlgorithm::Aes256),
            kms_key: None,
            bucket_key: false,
        });
    }
    s.events.push(EventSpec::CopyInPlace {
        at: "10m".into(),
        role: "BatchCopyRole".into(),
        bucket: BUCKET.into(),
        prefix: "legacy/".into(),
        sse,
        kms_key: kms_key.map(str::to_string),
        bucket_key_enabled: None,
    });
}

fn bucket_policy_require_sse_kms() -> Scenario {
    let mut s = Scenario::default();
    deny_not_sse_kms(&mut s);
    copy_job(&mut s, Some(SseAlgorithm::Aes256), None);
    s
}

fn bucket_policy_deny_missing_sse_header() -> Scenario {
    let mut s = Scenario::default();
    deny_missing_sse_header(&mut s);
    copy_job(&mut s, None, None);
    s
}

fn bucket_policy_require_this_key() -> Scenario {
    let mut s = Scenario::default();
    deny_other_keys(&mut s);
    copy_job(&mut s, Some(SseAlgorithm::AwsKms), None);
    s
}

/// Firehose without its own EncryptionConfiguration, the bucket encrypting by default with
/// the S3 key: the objects would be SSE-KMS, but the request sends no encryption header.
fn bucket_policy_null_with_default_encryption() -> Scenario {
    let mut s = Scenario::default();
    deny_missing_sse_header(&mut s);
    if let Some(d) = s.delivery_streams.first_mut() {
        d.encryption = None;
    }
    if let Some(b) = s.buckets.first_mut() {
        b.default_encryption = BucketEncryptionSpec {
            sse: SseAlgorithm::AwsKms,
            kms_key: Some("S3Key".into()),
            bucket_key: false,
        };
    }
    s
}

static CATALOG: &[PresetInfo] = &[
    PresetInfo {
        name: "happy-path",
        description: Text::lit(
            "The seed stack: 10 records, SSE-KMS on the stream and on the S3 object, all delivered.",
            "基本構成です。10 件のレコードがストリームと S3 の両方で KMS により暗号化され、すべて配信されます。",
        ),
        outcome: "All 10 records are delivered in one SSE-KMS object after the 300 s buffer interval.",
        error_code: None,
        family: Family::Core,
    },
    PresetInfo {
        name: "sse-off",
        description: Text::lit(
            "No stream encryption and no Firehose KMS config: records travel in plaintext and land SSE-S3.",
            "ストリームの暗号化も Firehose の KMS 設定もありません。レコードはプレーンテキストのまま流れ、S3 では SSE-S3 で保存されます。",
        ),
        outcome: "Delivered; no KMS call at all; the object is SSE-S3 (AES256).",
        error_code: None,
        family: Family::Core,
    },
    PresetInfo {
        name: "aws-managed-kinesis-key",
        description: Text::lit(
            "Stream SSE with alias/aws/kinesis: no IAM change needed for producer or consumer.",
            "AWS マネージドキー alias/aws/kinesis でストリームを暗号化します。IAM の変更は不要です。",
        ),
        outcome: "Delivered; GenerateDataKey and Decrypt use the AWS managed key through Kinesis.",
        error_code: None,
        family: Family::Core,
    },
    PresetInfo {
        name: "sse-enabled-mid-stream",
        description: Text::lit(
            "Encryption is switched on at 30 s: the stream holds plaintext and encrypted records side by side.",
            "30 秒後に暗号化を有効にします。ストリームにはプレーンテキストのレコードと暗号化されたレコードが混在します。",
        ),
        outcome: "All 20 delivered; the first 10 records have no EncryptionType, the next 10 have KMS.",
        error_code: None,
        family: Family::Core,
    },
    PresetInfo {
        name: "producer-missing-generate-data-key",
        description: Text::lit(
            "Root-only Kinesis key policy and a producer role without kms:GenerateDataKey.",
            "Kinesis のキーポリシーはルートだけを許可し、プロデューサーのロールには kms:GenerateDataKey がありません。",
        ),
        outcome: "KMSAccessDeniedException at the producer's PutRecord; no record enters the stream.",
        error_code: Some("KMSAccessDeniedException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "firehose-source-missing-decrypt",
        description: Text::lit(
            "Root-only Kinesis key policy; Firehose's source role has no kms:Decrypt.",
            "Kinesis のキーポリシーはルートだけを許可し、Firehose のソースロールには kms:Decrypt がありません。",
        ),
        outcome: "Kinesis.KMS.AccessDeniedException in the Firehose log; records wait and are lost when the 24 h retention ends.",
        error_code: Some("Kinesis.KMS.AccessDeniedException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "s3-destination-missing-kms",
        description: Text::lit(
            "Root-only S3 key policy; Firehose's destination role cannot use the S3 key.",
            "S3 用のキーポリシーはルートだけを許可し、Firehose の送信先ロールは S3 用のキーを使えません。",
        ),
        outcome: "S3.AccessDenied in the Firehose log; delivery is retried and the data is lost after 24 h (the source stream's retention period).",
        error_code: Some("S3.AccessDenied"),
        family: Family::Core,
    },
    PresetInfo {
        name: "kinesis-key-disabled",
        description: Text::lit(
            "The Kinesis key is disabled.",
            "Kinesis 用のキーが無効になっています。",
        ),
        outcome: "KMSDisabledException at the producer's PutRecord; no record enters the stream.",
        error_code: Some("KMSDisabledException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "kinesis-key-disabled-mid-run",
        description: Text::lit(
            "The Kinesis key is disabled at 5 min and re-enabled at 11 min; invocations run every 6 min.",
            "5 分後に Kinesis 用のキーを無効にし、11 分後に再び有効にします。呼び出しは 6 分ごとです。",
        ),
        outcome: "The second invocation's puts fail with KMSDisabledException; the first and third are delivered.",
        error_code: Some("KMSDisabledException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "kinesis-key-pending-deletion",
        description: Text::lit(
            "The Kinesis key is scheduled for deletion.",
            "Kinesis 用のキーが削除保留中です。",
        ),
        outcome: "KMSInvalidStateException at the producer's PutRecord; no record enters the stream.",
        error_code: Some("KMSInvalidStateException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "kinesis-key-deleted",
        description: Text::lit(
            "The Kinesis key has been deleted.",
            "Kinesis 用のキーが削除されています。",
        ),
        outcome: "KMSNotFoundException at the producer's PutRecord; no record enters the stream.",
        error_code: Some("KMSNotFoundException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "explicit-deny",
        description: Text::lit(
            "The Kinesis key policy has a Deny statement for the producer role.",
            "Kinesis 用のキーポリシーに、プロデューサーのロールに対する Deny ステートメントがあります。",
        ),
        outcome: "KMSAccessDeniedException at the producer (explicit deny wins over every Allow).",
        error_code: Some("KMSAccessDeniedException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "via-service-mismatch",
        description: Text::lit(
            "The Lambda role calls GenerateDataKey directly; the key policy only allows it via Kinesis.",
            "Lambda のロールが GenerateDataKey を直接呼び出します。キーポリシーが許可しているのは Kinesis 経由の呼び出しだけです。",
        ),
        outcome: "AccessDeniedException for the direct call at 1 min; puts through Kinesis still succeed.",
        error_code: Some("AccessDeniedException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "bucket-key-context-condition",
        description: Text::lit(
            "The S3 key policy pins kms:EncryptionContext:aws:s3:arn to object ARNs; Bucket Key turns the context into the bucket ARN.",
            "S3 用のキーポリシーが kms:EncryptionContext:aws:s3:arn をオブジェクトの ARN に限定しています。バケットキーを使うと、暗号化コンテキストはバケットの ARN になります。",
        ),
        outcome: "S3.AccessDenied in the Firehose log; retried and lost after 24 h (the source stream's retention period).",
        error_code: Some("S3.AccessDenied"),
        family: Family::Core,
    },
    PresetInfo {
        name: "reader-missing-decrypt",
        description: Text::lit(
            "An analyst role with s3:GetObject but no kms:Decrypt opens the delivered object.",
            "s3:GetObject はあっても kms:Decrypt のないアナリストのロールが、配信されたオブジェクトを開きます。",
        ),
        outcome: "AccessDenied at the reader's GetObject (the Knowledge Center's \"The ciphertext refers to a customer master key …\" text); the object itself is kept.",
        error_code: Some("AccessDenied"),
        family: Family::Core,
    },
    PresetInfo {
        name: "tampered-ciphertext",
        description: Text::lit(
            "An auditor decrypts the stream's first data key, then a copy with one bit flipped.",
            "監査用のロールがストリームの最初のデータキーを復号し、次に 1 ビットを改ざんしたコピーを復号します。",
        ),
        outcome: "The first Decrypt succeeds; the tampered one fails with InvalidCiphertextException.",
        error_code: Some("InvalidCiphertextException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "wrong-encryption-context",
        description: Text::lit(
            "An auditor decrypts the stream's data key with another stream's ARN as encryption context.",
            "監査用のロールが、別のストリームの ARN を暗号化コンテキストにしてストリームのデータキーを復号します。",
        ),
        outcome: "InvalidCiphertextException: the context is additional authenticated data and must match exactly.",
        error_code: Some("InvalidCiphertextException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "kms-throttling",
        description: Text::lit(
            "KMS quota set to 2 requests/s; five concurrent Lambda environments each need a data key at once.",
            "KMS のクォータを 1 秒あたり 2 リクエストに設定しています。5 つの同時実行環境が、それぞれ同時にデータキーを要求します。",
        ),
        outcome: "KMSThrottlingException at the producers whose GenerateDataKey exceeded the quota; their records are rejected.",
        error_code: Some("KMSThrottlingException"),
        family: Family::Core,
    },
    PresetInfo {
        name: "mixed-bucket-encryption",
        description: Text::lit(
            "A bucket with unencrypted and SSE-S3 objects switches to SSE-KMS with a Bucket Key; old objects are copied in place.",
            "暗号化されていないオブジェクトと SSE-S3 のオブジェクトがあるバケットを、SSE-KMS とバケットキーに切り替えます。既存のオブジェクトはインプレースでコピーして再暗号化します。",
        ),
        outcome: "Before the copy the inventory shows NOT-SSE and SSE-S3; afterwards every object is SSE-KMS with a Bucket Key.",
        error_code: None,
        family: Family::Core,
    },
    PresetInfo {
        name: "producer-put-records",
        description: Text::lit(
            "The producer batches each invocation's 10 records into one PutRecords call (IAM action kinesis:PutRecords).",
            "プロデューサーが 1 回の呼び出しの 10 件のレコードを、1 回の PutRecords でまとめて書き込みます (IAM アクションは kinesis:PutRecords)。",
        ),
        outcome: "Three PutRecords calls with FailedRecordCount 0; all 30 records delivered in SSE-KMS objects.",
        error_code: None,
        family: Family::Core,
    },
    PresetInfo {
        name: "lambda-role-trust-denied",
        description: Text::lit(
            "The Lambda execution role trusts ec2.amazonaws.com instead of lambda.amazonaws.com.",
            "Lambda の実行ロールの信頼ポリシーが、lambda.amazonaws.com ではなく ec2.amazonaws.com を信頼しています。",
        ),
        outcome: "sts:AssumeRole AccessDenied; the invocation fails (InvalidParameterValueException, modelled) and no record is put.",
        error_code: Some("AccessDenied"),
        family: Family::Core,
    },
    PresetInfo {
        name: "firehose-source-role-trust-denied",
        description: Text::lit(
            "Firehose's source role trusts lambda.amazonaws.com instead of firehose.amazonaws.com.",
            "Firehose のソースロールの信頼ポリシーが、firehose.amazonaws.com ではなく lambda.amazonaws.com を信頼しています。",
        ),
        outcome: "sts:AssumeRole AccessDenied; Firehose never calls Kinesis, logs Kinesis.AccessDenied (modelled wording) and retries; the records expire after 24 h and are lost.",
        error_code: Some("AccessDenied"),
        family: Family::Core,
    },
    PresetInfo {
        name: "firehose-destination-role-trust-denied",
        description: Text::lit(
            "Firehose's S3 destination role trusts lambda.amazonaws.com instead of firehose.amazonaws.com.",
            "Firehose の S3 送信先ロールの信頼ポリシーが、firehose.amazonaws.com ではなく lambda.amazonaws.com を信頼しています。",
        ),
        outcome: "sts:AssumeRole AccessDenied; no PutObject is made; Firehose logs S3.AccessDenied and retries for 24 h (the source stream's retention period), then the batch is lost.",
        error_code: Some("S3.AccessDenied"),
        family: Family::Core,
    },
    PresetInfo {
        name: "bucket-policy-require-sse-kms",
        description: Text::lit(
            "The bucket policy denies any upload whose x-amz-server-side-encryption is not aws:kms; Firehose asks for SSE-KMS under its KMS key, a batch copy for AES256.",
            "バケットポリシーが、x-amz-server-side-encryption が aws:kms でないアップロードを拒否します。Firehose は KMS キーを指定して SSE-KMS を、バッチコピーは AES256 を要求します。",
        ),
        outcome: "Firehose delivers (its PutObject carries s3:x-amz-server-side-encryption = aws:kms); the AES256 copy is denied by the bucket policy (AccessDenied).",
        error_code: Some("AccessDenied"),
        family: Family::Core,
    },
    PresetInfo {
        name: "bucket-policy-deny-missing-sse-header",
        description: Text::lit(
            "The bucket policy denies any upload without an encryption header (Null condition); Firehose asks for SSE-KMS under its KMS key, a batch copy sends no encryption header.",
            "バケットポリシーが、暗号化ヘッダーのないアップロードを拒否します (Null 条件)。Firehose は KMS キーを指定して SSE-KMS を要求し、バッチコピーは暗号化ヘッダーを送りません。",
        ),
        outcome: "Firehose delivers (the header is present, so the Null condition is false); the copy without a header is denied (AccessDenied).",
        error_code: Some("AccessDenied"),
        family: Family::Core,
    },
    PresetInfo {
        name: "bucket-policy-null-with-default-encryption",
        description: Text::lit(
            "The same Null Deny, but Firehose has no EncryptionConfiguration and relies on the bucket's default SSE-KMS encryption.",
            "同じ Null 条件の Deny ですが、Firehose には EncryptionConfiguration がなく、バケットのデフォルトの暗号化 (SSE-KMS) に任せています。",
        ),
        outcome: "S3.AccessDenied in the Firehose log: a request relying on default encryption sends no x-amz-server-side-encryption header, so the Null check denies it; retried and lost after 24 h.",
        error_code: Some("S3.AccessDenied"),
        family: Family::Core,
    },
    PresetInfo {
        name: "bucket-policy-require-this-key",
        description: Text::lit(
            "The bucket policy denies uploads whose x-amz-server-side-encryption-aws-kms-key-id is not the S3 key's ARN; Firehose names that key, a batch copy asks for aws:kms without naming one.",
            "バケットポリシーが、x-amz-server-side-encryption-aws-kms-key-id が S3 用のキーの ARN でないアップロードを拒否します。Firehose はそのキーを指定し、バッチコピーはキーを指定せずに aws:kms を要求します。",
        ),
        outcome: "Firehose delivers (its PutObject carries the S3 key's ARN); the copy naming no key is denied (AccessDenied): the key-id condition key is absent and StringNotEquals matches.",
        error_code: Some("AccessDenied"),
        family: Family::Core,
    },
    PresetInfo {
        name: "rcp-data-perimeter",
        description: Text::lit(
            "An organization's RCP draws a data perimeter around the stream's key: a partner account's role is denied although the key policy trusts its account; a role of another member account passes.",
            "組織の RCP がストリームのキーの周りにデータ境界を作ります。キーポリシーがアカウントを信頼していても、組織外のパートナーアカウントのロールは拒否され、別のメンバーアカウントのロールは許可されます。",
        ),
        outcome: "Delivered; the partner's direct DescribeKey at 1 min is denied by RCP DataPerimeter (explicit deny, attached at the root); the audit account's at 2 min succeeds.",
        error_code: Some("AccessDeniedException"),
        family: Family::Organization,
    },
    PresetInfo {
        name: "scp-deny-key-deletion",
        description: Text::lit(
            "An SCP on the workload OU denies kms:ScheduleKeyDeletion to every principal except BreakGlassRole: the key administrator's own policy and the key policy allow it, the SCP does not.",
            "ワークロード OU の SCP が、BreakGlassRole 以外のすべてのプリンシパルに kms:ScheduleKeyDeletion を拒否します。キー管理者の IAM ポリシーとキーポリシーは許可していますが、SCP が許可しません。",
        ),
        outcome: "Delivered; KeyAdminRole's ScheduleKeyDeletion of RetiredKey at 1 min is denied by SCP DenyKeyDeletion (explicit deny, attached to OU Workloads); BreakGlassRole's at 2 min puts the key in PendingDeletion.",
        error_code: Some("AccessDeniedException"),
        family: Family::Organization,
    },
    PresetInfo {
        name: "org-central-log-archive",
        description: Text::lit(
            "A central log archive: the workload account's Firehose delivers into a bucket of the log-archive account, encrypted with that account's key (bucket policy, key policy, the Firehose role's policy, Object Ownership BucketOwnerEnforced).",
            "集中ログアーカイブです。ワークロードアカウントの Firehose が、ログアーカイブアカウントのバケットに、そのアカウントのキーで暗号化して配信します (バケットポリシー、キーポリシー、Firehose ロールのポリシー、オブジェクト所有者 BucketOwnerEnforced)。",
        ),
        outcome: "Delivered; PutObject and the GenerateDataKey S3 makes for it pass both accounts' policies; the objects belong to the log-archive account, whose auditor reads them at 10 min.",
        error_code: None,
        family: Family::Organization,
    },
    PresetInfo {
        name: "org-cross-account-producer",
        description: Text::lit(
            "A cross-account producer: a Lambda of the producer account writes to the data account's stream, encrypted with the data account's key (stream policy, key policy, the producer account's IAM).",
            "クロスアカウントのプロデューサーです。プロデューサーアカウントの Lambda が、データアカウントのキーで暗号化されたデータアカウントのストリームに書き込みます (ストリームポリシー、キーポリシー、プロデューサーアカウントの IAM)。",
        ),
        outcome: "Delivered; PutRecord is allowed by the role's policy and the stream policy, the GenerateDataKey Kinesis makes for it by the role's policy and the key policy's statement for the producer account.",
        error_code: None,
        family: Family::Organization,
    },
    PresetInfo {
        name: "org-mistake-iam-missing",
        description: Text::lit(
            "The key policy trusts the producer account, but the producer account's IAM does not allow kms:GenerateDataKey on the key.",
            "キーポリシーはプロデューサーアカウントを信頼していますが、プロデューサーアカウントの IAM ポリシーがキーに対する kms:GenerateDataKey を許可していません。",
        ),
        outcome: "KMSAccessDeniedException on PutRecord: the key policy delegates to the producer account, whose role policy does not allow (denied by the producer account's IAM, 333333333333).",
        error_code: Some("KMSAccessDeniedException"),
        family: Family::Organization,
    },
    PresetInfo {
        name: "org-mistake-key-policy-missing",
        description: Text::lit(
            "The reverse: the producer account's IAM allows kms:GenerateDataKey on the data account's key, but the key policy does not trust the producer account.",
            "逆の場合です。プロデューサーアカウントの IAM はデータアカウントのキーに対する kms:GenerateDataKey を許可していますが、キーポリシーがプロデューサーアカウントを信頼していません。",
        ),
        outcome: "KMSAccessDeniedException on PutRecord: no key policy statement allows the producer account's role (denied by the data account's key policy, 123456789012).",
        error_code: Some("KMSAccessDeniedException"),
        family: Family::Organization,
    },
    PresetInfo {
        name: "org-mistake-object-writer",
        description: Text::lit(
            "The central log archive with ACLs enabled (Object Ownership ObjectWriter) and no bucket-owner-full-control: the objects Firehose writes stay the workload account's.",
            "ACL を有効にした集中ログアーカイブ (オブジェクト所有者 ObjectWriter) で、bucket-owner-full-control がありません。Firehose が書き込んだオブジェクトはワークロードアカウントの所有のままです。",
        ),
        outcome: "Delivered, but the log-archive account's auditor gets AccessDenied on GetObject: the object belongs to the workload account (123456789012), whose default object ACL grants only itself; the bucket policy does not apply to it (modelled: Firehose sends no ACL).",
        error_code: Some("AccessDenied"),
        family: Family::Organization,
    },
    PresetInfo {
        name: "org-mistake-scp-ou-level",
        description: Text::lit(
            "An SCP lacks an Allow at one OU level: FullAWSAccess is attached at the root, OU Workloads and the account, but OU Prod (between Workloads and the account) has only an allow-list SCP without kinesis:PutRecord.",
            "ある OU 階層で SCP の Allow が欠けています。ルート、OU Workloads、アカウントには FullAWSAccess がアタッチされていますが、その間の OU Prod には kinesis:PutRecord を含まない許可リスト型の SCP しかありません。",
        ),
        outcome: "AccessDeniedException on every PutRecord: no SCP attached at OU Prod allows kinesis:PutRecord (an Allow is needed at every level from the root to the account; denied by the SCPs of the caller's account, 123456789012); nothing is delivered.",
        error_code: Some("AccessDeniedException"),
        family: Family::Organization,
    },
    PresetInfo {
        name: "client-side-happy-path",
        description: Text::lit(
            "Client-side encryption: the producer seals each record with the AWS Encryption SDK under its own key (ProducerKey) before PutRecord; the stream has no SSE, so Kinesis and Firehose carry SDK messages they cannot read, and the analyst decrypts them from S3 with kms:Decrypt.",
            "クライアント側の暗号化: プロデューサーが PutRecord の前に、自分のキー (ProducerKey) を使って AWS Encryption SDK で各レコードを暗号化します。ストリームの SSE はオフなので、Kinesis と Firehose は読めない SDK メッセージを運び、アナリストが kms:Decrypt で S3 から復号します。",
        ),
        outcome: "All 10 records are delivered as AWS Encryption SDK messages; the producer calls GenerateDataKey itself 10 times (direct calls: no invokedBy, no kms:ViaService) and the analyst decrypts all 10 with 10 direct Decrypt calls.",
        error_code: None,
        family: Family::ClientSide,
    },
    PresetInfo {
        name: "client-side-key-via-service-only",
        description: Text::lit(
            "Client-side encryption under a key whose policy allows use only through Kinesis (kms:ViaService), as a key policy written for SSE does.",
            "クライアント側の暗号化ですが、キーポリシーは Kinesis 経由 (kms:ViaService) の使用しか許可しません。SSE のために書いたキーポリシーと同じです。",
        ),
        outcome: "AccessDeniedException on the producer's own GenerateDataKey: the call is direct (no kms:ViaService), so no key policy statement allows it; the SDK raises GenerateDataKeyFailed and no record is put.",
        error_code: Some("AccessDeniedException"),
        family: Family::ClientSide,
    },
    PresetInfo {
        name: "client-side-reader-missing-decrypt",
        description: Text::lit(
            "Client-side encryption; the analyst may read the S3 objects but has no kms:Decrypt on the producer's key.",
            "クライアント側の暗号化です。アナリストは S3 のオブジェクトを読めますが、プロデューサーのキーに対する kms:Decrypt がありません。",
        ),
        outcome: "GetObject succeeds (S3 returns the SDK messages), but the analyst's Decrypt of the encrypted data key is denied with AccessDeniedException and the SDK raises DecryptDataKeyFailed: only holders of kms:Decrypt on ProducerKey can read the plaintext.",
        error_code: Some("AccessDeniedException"),
        family: Family::ClientSide,
    },
    PresetInfo {
        name: "client-side-wrong-encryption-context",
        description: Text::lit(
            "Client-side encryption; the analyst requires the encryption context purpose=audit-log, but the producer sealed with purpose=ticker-feed.",
            "クライアント側の暗号化です。アナリストは暗号化コンテキスト purpose=audit-log を要求しますが、プロデューサーが暗号化に使ったのは purpose=ticker-feed です。",
        ),
        outcome: "KMS Decrypt succeeds (the SDK sends the context stored in the message header), then the required-context check fails with EncryptionContextMismatch and no plaintext is returned.",
        error_code: Some("EncryptionContextMismatch"),
        family: Family::ClientSide,
    },
    PresetInfo {
        name: "client-side-tampered-object",
        description: Text::lit(
            "Client-side encryption; one bit of each stored SDK message's first frame was flipped before the analyst reads it.",
            "クライアント側の暗号化です。アナリストが読む前に、保存された各 SDK メッセージの最初のフレームの 1 ビットが反転されています。",
        ),
        outcome: "KMS Decrypt and the header checks succeed, then the frame's AES-GCM tag does not verify: BodyAuthenticationFailed, and no plaintext is returned.",
        error_code: Some("BodyAuthenticationFailed"),
        family: Family::ClientSide,
    },
    PresetInfo {
        name: "client-side-caching",
        description: Text::lit(
            "Client-side encryption with data key caching (max_age 5 minutes): compare the KMS calls with client-side-happy-path, which has no cache.",
            "データキーのキャッシュ (max_age 5 分) を使うクライアント側の暗号化です。キャッシュのない client-side-happy-path と比べると、KMS の呼び出し回数の違いがわかります。",
        ),
        outcome: "All 10 records are delivered; the producer calls GenerateDataKey once instead of 10 times (9 calls saved), and one data key protects every record (the security trade-off).",
        error_code: None,
        family: Family::ClientSide,
    },
    PresetInfo {
        name: "client-side-both-layers",
        description: Text::lit(
            "Both layers: the producer seals each record client-side, and the stream (KinesisKey) and the bucket (S3Key) still encrypt server-side around the SDK messages.",
            "二重の暗号化: プロデューサーがクライアント側で各レコードを暗号化し、さらにストリーム (KinesisKey) とバケット (S3Key) がその SDK メッセージをサーバー側で暗号化します。",
        ),
        outcome: "All 10 records are delivered; Kinesis and S3 encrypt and decrypt as in happy-path, but what they decrypt is an SDK message: the analyst needs kms:Decrypt on S3Key to read the object and on ProducerKey to read the records.",
        error_code: None,
        family: Family::ClientSide,
    },
];

/// The builder of a classic preset (the seed stack and its edits: what the page builds
/// itself).
fn core_builder(name: &str) -> Option<fn() -> Scenario> {
    Some(match name {
        "happy-path" => happy_path,
        "sse-off" => sse_off,
        "aws-managed-kinesis-key" => aws_managed_kinesis_key,
        "sse-enabled-mid-stream" => sse_enabled_mid_stream,
        "producer-missing-generate-data-key" => producer_missing_generate_data_key,
        "firehose-source-missing-decrypt" => firehose_source_missing_decrypt,
        "s3-destination-missing-kms" => s3_destination_missing_kms,
        "kinesis-key-disabled" => kinesis_key_disabled,
        "kinesis-key-disabled-mid-run" => kinesis_key_disabled_mid_run,
        "kinesis-key-pending-deletion" => kinesis_key_pending_deletion,
        "kinesis-key-deleted" => kinesis_key_deleted,
        "explicit-deny" => explicit_deny,
        "via-service-mismatch" => via_service_mismatch,
        "bucket-key-context-condition" => bucket_key_context_condition,
        "reader-missing-decrypt" => reader_missing_decrypt,
        "tampered-ciphertext" => tampered_ciphertext,
        "wrong-encryption-context" => wrong_encryption_context,
        "kms-throttling" => kms_throttling,
        "mixed-bucket-encryption" => mixed_bucket_encryption,
        "producer-put-records" => producer_put_records,
        "lambda-role-trust-denied" => lambda_role_trust_denied,
        "firehose-source-role-trust-denied" => firehose_source_role_trust_denied,
        "firehose-destination-role-trust-denied" => firehose_destination_role_trust_denied,
        "bucket-policy-require-sse-kms" => bucket_policy_require_sse_kms,
        "bucket-policy-deny-missing-sse-header" => bucket_policy_deny_missing_sse_header,
        "bucket-policy-null-with-default-encryption" => bucket_policy_null_with_default_encryption,
        "bucket-policy-require-this-key" => bucket_policy_require_this_key,
        _ => return None,
    })
}

/// The builder of an organization or client-side preset: only [`get`] and [`all`] reach
/// these, so a build that calls only [`get_core`] and [`catalog`] (the web app) links none
/// of them; the page asks the policy tools worker for their scenarios.
fn lazy_builder(name: &str) -> Option<fn() -> Scenario> {
    Some(match name {
        "rcp-data-perimeter" => crate::sim::org_presets::rcp_data_perimeter,
        "scp-deny-key-deletion" => crate::sim::org_presets::scp_deny_key_deletion,
        "org-central-log-archive" => crate::sim::org_presets::central_log_archive,
        "org-cross-account-producer" => crate::sim::org_presets::cross_account_producer,
        "org-mistake-iam-missing" => crate::sim::org_presets::mistake_iam_missing,
        "org-mistake-key-policy-missing" => crate::sim::org_presets::mistake_key_policy_missing,
        "org-mistake-object-writer" => crate::sim::org_presets::mistake_object_writer,
        "org-mistake-scp-ou-level" => crate::sim::org_presets::mistake_scp_ou_level,
        "client-side-happy-path" => client_side_presets::happy_path,
        "client-side-key-via-service-only" => client_side_presets::key_via_service_only,
        "client-side-reader-missing-decrypt" => client_side_presets::reader_missing_decrypt,
        "client-side-wrong-encryption-context" => client_side_presets::wrong_context,
        "client-side-tampered-object" => client_side_presets::tampered,
        "client-side-caching" => client_side_presets::caching,
        "client-side-both-layers" => client_side_presets::both_layers,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_lists_every_preset_in_order() {
        let listed: Vec<&str> = catalog().iter().map(|p| p.name).collect();
        let built: Vec<&str> = all().iter().map(|p| p.name).collect();
        assert_eq!(listed, built);
        assert_eq!(built.len(), 42);
        for (info, preset) in catalog().iter().zip(all()) {
            assert_eq!(info.description, preset.description);
            assert_eq!(info.outcome, preset.outcome);
            assert_eq!(info.error_code, preset.error_code);
        }
    }

    #[test]
    fn core_presets_build_alone_and_lazy_ones_are_organization_or_client_side() {
        for info in catalog() {
            let scenario = get(info.name).expect("every listed preset builds");
            assert_eq!(
                get_core(info.name).is_some(),
                info.is_core(),
                "{}",
                info.name
            );
            if let Some(core) = get_core(info.name) {
                assert_eq!(core, scenario, "{}", info.name);
            }
            assert_eq!(
                get_lazy(info.name).is_some(),
                !info.is_core(),
                "{}",
                info.name
            );
            if let Some(lazy) = get_lazy(info.name) {
                assert_eq!(lazy, scenario, "{}", info.name);
            }
            assert_eq!(
                scenario.uses_client_side(),
                info.family == Family::ClientSide,
                "{}: the picker's client-side flag",
                info.name
            );
            assert_eq!(
                scenario.organization.is_some(),
                info.family == Family::Organization,
                "{}: organization presets",
                info.name
            );
        }
        assert!(get_core("no-such-preset").is_none() && get("no-such-preset").is_none());
        assert!(info("org-central-log-archive").is_some_and(|p| !p.is_core()));
    }
}
