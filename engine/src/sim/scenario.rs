//! The scenario: every setting of the simulated pipeline as one versioned serde document.
//! `Scenario::default()` is the seed stack (the course's pipeline; docs/ARCHITECTURE.md).
//! Unknown fields and impossible values are errors naming the JSON path
//! (`streams[0].shards: …`).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use crate::policy::json::{self, Seg};
use crate::runtime::clock::{parse_at_text, parse_duration_text, SimTime};
use crate::sim::locate::{self, DecodeError};
use crate::text::Text;

pub use crate::cloud::kinesis::PUT_RECORDS_LIMIT;
pub use crate::cloud::kms::KeyState;
pub use crate::cloud::lambda::ProducerApi;
pub use crate::cloud::s3::SseAlgorithm;

/// The only scenario format version this build reads.
pub const SCENARIO_VERSION: u32 = 1;

/// A scenario that failed to parse or validate: where (`path`, JSON-path style such as
/// `streams[0].encryption.key`, and for a scenario read from text the line and column of
/// that field) and why, in English (what the CLI prints; the JSON carries it alone) and in
/// Japanese (what the Japanese UI shows). Paths, field names, ARNs and API names stay in
/// English inside the Japanese sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioError {
    /// JSON path of the offending value (`.` for the document itself). A policy document's
    /// error goes on into the document (`keys[1].policy.Statement[1].Principal_`).
    pub path: String,
    /// The explanation in English and Japanese.
    #[serde(serialize_with = "crate::text::serialize_en")]
    pub message: Text,
    /// 1-based line of the value in the scenario text (0: not read from text).
    #[serde(skip_serializing_if = "is_zero")]
    pub line: usize,
    /// 1-based column (characters) of the value in the scenario text (0: not read from text).
    #[serde(skip_serializing_if = "is_zero")]
    pub column: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl ScenarioError {
    /// An error at `path`, explained in English and Japanese.
    // Not inlined: validation calls it from many places, and a call is smaller in Wasm.
    #[inline(never)]
    pub fn new(
        path: impl Into<String>,
        en: impl Into<Cow<'static, str>>,
        ja: impl Into<Cow<'static, str>>,
    ) -> Self {
        ScenarioError::from_text(path, Text::new(en, ja))
    }

    /// An error at `path` from a bilingual text.
    pub fn from_text(path: impl Into<String>, message: Text) -> Self {
        ScenarioError {
            path: path.into(),
            message,
            line: 0,
            column: 0,
        }
    }

    /// A document that did not decode (see [`locate`]).
    fn decoding(e: DecodeError) -> Self {
        let path = json::path_string(&e.path);
        let pos = e.pos.unwrap_or_default();
        ScenarioError {
            path: if path.is_empty() { ".".into() } else { path },
            message: e.message,
            line: pos.line,
            column: pos.column,
        }
    }

    /// The error placed in the scenario `text` it came from: the line and column of its
    /// path (the deepest part of it the text has).
    pub fn in_text(mut self, text: &str) -> Self {
        let pos = json::position_in(text, &self.path);
        (self.line, self.column) = (pos.line, pos.column);
        self
    }

    /// An error from serde_json (not JSON, or not the scenario's shape): the detail is
    /// serde's English; the Japanese frames it (see [`json_error_text`]).
    pub fn malformed(path: impl Into<String>, e: &serde_json::Error) -> Self {
        ScenarioError::from_text(path, json_error_text(e))
    }

    /// Where and why in both languages: `line 213, column 9 (keys[1].policy.Statement[1]):
    /// …` for a scenario read from text, `path: explanation` otherwise (what the UI shows).
    pub fn located(&self) -> Text {
        if self.line == 0 {
            return self.message.at_path(&self.path);
        }
        let path = if self.path == "." { "" } else { &self.path };
        self.message.at_position(self.line, self.column, path)
    }
}

/// A serde_json error in a scenario, in English (serde's own message) and Japanese (see
/// [`json_error_text_or`]).
pub fn json_error_text(e: &serde_json::Error) -> Text {
    json_error_text_or(e, "シナリオの形式が正しくありません")
}

/// A serde_json error in English (serde's own message) and Japanese: a syntax error is
/// framed as "the JSON syntax is not valid", a shape error goes through
/// [`serde_detail_ja_or`] with `frame`.
pub fn json_error_text_or(e: &serde_json::Error, frame: &str) -> Text {
    json_detail_text(e, e.to_string(), frame)
}

/// [`json_error_text_or`] for the error's English as the caller words it (`en`, e.g.
/// serde's message without its position).
pub fn json_detail_text(e: &serde_json::Error, en: String, frame: &str) -> Text {
    let ja = if e.is_syntax() || e.is_eof() {
        format!("JSON の構文が正しくありません: {en}")
    } else {
        serde_detail_ja_or(&en, frame)
    };
    Text::new(en, ja)
}

/// Japanese for a serde / serde_json error message in a scenario (see [`serde_detail_ja_or`]);
/// an unknown shape is framed as "the scenario's format is not valid".
pub fn serde_detail_ja(detail: &str) -> String {
    serde_detail_ja_or(detail, "シナリオの形式が正しくありません")
}

/// Japanese for a serde / serde_json error message (`unknown field `x`, expected one of …`,
/// `missing field `x``, `invalid type: …, expected …`, `… at line 3 column 7`). The common
/// shapes become Japanese sentences keeping field names and values as written; anything
/// else is `frame` (what is not valid) followed by serde's English.
pub fn serde_detail_ja_or(detail: &str, frame: &str) -> String {
    let (body, place) = split_position(detail);
    let place = place
        .map(|(line, column)| format!(" (行 {line}、列 {column})"))
        .unwrap_or_default();
    let expected = |e: &str| -> String {
        let e = e.strip_prefix("one of ").unwrap_or(e);
        e.replace(" or ", ", ")
    };
    let sentence = if let Some(rest) = body.strip_prefix("unknown field ") {
        match rest.split_once(", expected ") {
            Some((field, exp)) => format!(
                "不明なフィールド {field} です。指定できるフィールド: {}",
                expected(exp)
            ),
            None => match rest.split_once(", there are no fields") {
                Some((field, _)) => {
                    format!("不明なフィールド {field} です。ここにはフィールドを指定できません")
                }
                None => format!("不明なフィールド {rest} です"),
            },
        }
    } else if let Some(rest) = body.strip_prefix("unknown variant ") {
        match rest.split_once(", expected ") {
            Some((value, exp)) => {
                format!("不明な値 {value} です。指定できる値: {}", expected(exp))
            }
            None => format!("不明な値 {rest} です"),
        }
    } else if let Some(field) = body.strip_prefix("missing field ") {
        format!("必須のフィールド {field} がありません")
    } else if let Some(field) = body.strip_prefix("duplicate field ") {
        format!("フィールド {field} が重複しています")
    } else if let Some(rest) = body.strip_prefix("invalid type: ") {
        match rest.rsplit_once(", expected ") {
            Some((got, exp)) => {
                format!("値の型が正しくありません。{got} ではなく {exp} を指定してください")
            }
            None => format!("値の型が正しくありません: {rest}"),
        }
    } else if let Some(rest) = body.strip_prefix("invalid value: ") {
        match rest.rsplit_once(", expected ") {
            Some((got, exp)) => {
                format!("値が正しくありません。{got} ではなく {exp} を指定してください")
            }
            None => format!("値が正しくありません: {rest}"),
        }
    } else if let Some(rest) = body.strip_prefix("invalid length ") {
        match rest.split_once(", expected ") {
            Some((len, exp)) => {
                format!("要素の数が正しくありません ({len} 個)。{exp} を指定してください")
            }
            None => format!("要素の数が正しくありません: {rest}"),
        }
    } else {
        return format!("{frame}: {detail}");
    };
    format!("{sentence}{place}")
}

/// Splits serde_json's trailing ` at line N column M` off a message.
fn split_position(detail: &str) -> (&str, Option<(&str, &str)>) {
    if let Some((body, pos)) = detail.rsplit_once(" at line ") {
        if let Some((line, column)) = pos.split_once(" column ") {
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if digits(line) && digits(column) {
                return (body, Some((line, column)));
            }
        }
    }
    (detail, None)
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.located().en())
    }
}

impl std::error::Error for ScenarioError {}

/// Every setting of a simulation. Field names are the JSON names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be 1.
    pub version: u32,
    /// The AWS account id (12 digits).
    pub account: String,
    /// The region, e.g. `ap-northeast-1`.
    pub region: String,
    /// When the simulated clock starts (RFC 3339).
    pub start_time: String,
    /// IAM roles with their trust, inline and attached policies.
    pub roles: Vec<RoleSpec>,
    /// Customer managed KMS keys. The AWS managed `alias/aws/kinesis` and `alias/aws/s3`
    /// always exist and need no entry.
    pub keys: Vec<KeySpec>,
    /// Kinesis data streams.
    pub streams: Vec<StreamSpec>,
    /// Lambda producers writing to streams.
    pub producers: Vec<ProducerSpec>,
    /// Firehose delivery streams (source: a Kinesis stream; destination: S3).
    pub delivery_streams: Vec<DeliveryStreamSpec>,
    /// S3 buckets.
    pub buckets: Vec<BucketSpec>,
    /// Roles that open every object under a prefix at a given time. Always written (even
    /// empty) so an edit can append with `add /readers/-`.
    #[serde(default)]
    pub readers: Vec<ReaderSpec>,
    /// Changes and calls at given times (key state, stream encryption, bucket key, copy in
    /// place, direct KMS requests, …). Always written (even empty) so an edit can append
    /// with `add /events/-`.
    #[serde(default)]
    pub events: Vec<EventSpec>,
    /// KMS account settings.
    #[serde(default)]
    pub kms: KmsSettings,
    /// An AWS Organizations organization around the scenario's accounts, in the form
    /// `eval` takes it (`org::parse_organization`): accounts, OUs, and SCPs and RCPs
    /// attached at `root`, an OU or an account. Absent (the default): no organization, so
    /// no SCP or RCP applies and no organization condition key is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Value>,
}

/// An IAM role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    /// Role name (the ARN is `arn:aws:iam::<account>:role/<name>`).
    pub name: String,
    /// Who may assume the role (a policy document).
    pub trust_policy: Value,
    /// Inline policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline_policies: Vec<PolicySpec>,
    /// Attached managed policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attached_policies: Vec<PolicySpec>,
    /// Optional permissions boundary (a policy document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<Value>,
    /// The account the role belongs to (12 digits); absent: the scenario's `account`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// A named policy document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// Policy name.
    pub name: String,
    /// Managed policy ARN (attached policies only; optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The policy document (JSON object).
    pub document: Value,
}

/// A customer managed KMS key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySpec {
    /// Logical name used to refer to the key elsewhere in the scenario (e.g. `KinesisKey`).
    pub name: String,
    /// Key id (UUID). When absent it is derived from the account and name, so ARNs do
    /// not change with the seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Aliases (`alias/...`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Key policy document.
    pub policy: Value,
    /// Initial key state.
    #[serde(default)]
    pub state: KeyState,
    /// Grants on the key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<GrantSpec>,
    /// The account the key belongs to (12 digits): the scenario's `account` or one of the
    /// organization's accounts; absent: the scenario's `account`. Its ARN names this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// A KMS grant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantSpec {
    /// Grantee principal ARN.
    pub grantee_principal: String,
    /// Allowed operations, e.g. `["Decrypt", "GenerateDataKey"]`.
    pub operations: Vec<String>,
    /// Grant constraint `EncryptionContextEquals`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub encryption_context_equals: BTreeMap<String, String>,
    /// Grant constraint `EncryptionContextSubset`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub encryption_context_subset: BTreeMap<String, String>,
}

/// Kinesis `EncryptionType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum EncryptionType {
    /// No server-side encryption.
    #[default]
    #[serde(rename = "NONE")]
    None,
    /// Server-side encryption with a KMS key.
    #[serde(rename = "KMS")]
    Kms,
}

/// Stream encryption settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StreamEncryptionSpec {
    /// `NONE` or `KMS`.
    #[serde(rename = "type")]
    pub encryption_type: EncryptionType,
    /// Key reference (key name, `alias/...`, key id or key ARN); required for `KMS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// A Kinesis data stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    /// Stream name.
    pub name: String,
    /// Number of shards (1–64 in the simulator).
    #[serde(default = "one")]
    pub shards: u32,
    /// Retention period in hours (24–8760).
    #[serde(default = "h24")]
    pub retention_hours: u32,
    /// Server-side encryption at the start.
    #[serde(default)]
    pub encryption: StreamEncryptionSpec,
    /// The account the stream belongs to (12 digits): the scenario's `account` or one of the
    /// organization's accounts; absent: the scenario's `account`. Its ARN names this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The stream's resource-based policy (Kinesis Data Streams `PutResourcePolicy`): what
    /// principals of other accounts may do with it. Absent: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Value>,
}

/// A Lambda function that writes records to a stream with `PutRecord`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProducerSpec {
    /// Function name (also the role session name, as Lambda does).
    pub name: String,
    /// Execution role name.
    pub role: String,
    /// Target stream name.
    pub stream: String,
    /// Number of invocations.
    #[serde(default = "one")]
    pub invocations: u32,
    /// Records put per invocation (the seed function puts 10).
    #[serde(default = "ten")]
    pub records_per_invocation: u32,
    /// Time between two records of one invocation.
    #[serde(default = "ms20")]
    pub record_spacing: String,
    /// Time between two invocation waves.
    #[serde(default = "min1")]
    pub invocation_interval: String,
    /// Offset of the first invocation from the start time.
    #[serde(default = "zero")]
    pub start: String,
    /// Partition key of every record.
    #[serde(default = "partitionkey")]
    pub partition_key: String,
    /// Concurrent execution environments; each has its own credentials, so Kinesis keeps
    /// one data key per environment.
    #[serde(default = "one")]
    pub concurrency: u32,
    /// Which Kinesis API the function calls: one `PutRecord` per record (the seed
    /// function), or one `PutRecords` per invocation (batches of up to 500).
    #[serde(default)]
    pub api: ProducerApi,
    /// Client-side encryption: each record is sealed in the AWS Encryption SDK's message
    /// format before it is put (absent: records are put as the seed function builds them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_side: Option<ClientSideSpec>,
}

/// A producer's client-side encryption with the AWS Encryption SDK and its KMS keyring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientSideSpec {
    /// The KMS key the SDK calls GenerateDataKey on (a key name, alias, id or ARN).
    pub key: String,
    /// The encryption context (no keys starting `aws-crypto-`, which the SDK reserves).
    #[serde(default)]
    pub encryption_context: BTreeMap<String, String>,
    /// The algorithm suite (the SDK's default when absent).
    #[serde(default)]
    pub algorithm_suite: ClientSuite,
    /// Data key caching (the SDK's caching materials manager); absent or null: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_key_caching: Option<DataKeyCachingSpec>,
}

/// The committing suites the lab implements, by the SDK's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ClientSuite {
    /// 0x0478, no signature.
    #[serde(rename = "AES_256_GCM_HKDF_SHA512_COMMIT_KEY")]
    CommitKey,
    /// 0x0578, the SDK's default: ECDSA P-384 signature in the footer.
    #[default]
    #[serde(rename = "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384")]
    CommitKeyEcdsaP384,
}

/// The caching materials manager's security thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataKeyCachingSpec {
    /// How long a cached data key may be used (a duration, e.g. `5m`; required by the SDK).
    pub max_age: String,
    /// Messages per data key (1 to 2^32; the SDK's default 2^32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_messages: Option<u64>,
    /// Plaintext bytes per data key (the SDK's default 2^63 - 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bytes: Option<u64>,
}

/// Firehose buffering hints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BufferingHints {
    /// Size hint in MiB (1–128).
    #[serde(default = "five")]
    pub size_mb: u32,
    /// Interval hint in seconds (0–900).
    #[serde(default = "s300")]
    pub interval_seconds: u32,
}

impl Default for BufferingHints {
    fn default() -> Self {
        BufferingHints {
            size_mb: 5,
            interval_seconds: 300,
        }
    }
}

/// Firehose `KMSEncryptionConfig` for the S3 destination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirehoseEncryptionSpec {
    /// `AWSKMSKeyARN`: a key reference.
    pub kms_key: String,
}

/// Firehose CloudWatch logging options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggingSpec {
    /// Whether delivery errors are logged.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Log group; default `/aws/kinesisfirehose/<name>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group: Option<String>,
    /// Log stream; default `S3Delivery`.
    #[serde(default = "s3delivery")]
    pub log_stream: String,
}

impl Default for LoggingSpec {
    fn default() -> Self {
        LoggingSpec {
            enabled: true,
            log_group: None,
            log_stream: "S3Delivery".into(),
        }
    }
}

/// A Firehose delivery stream reading a Kinesis stream and writing S3 objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryStreamSpec {
    /// Delivery stream name.
    pub name: String,
    /// Source stream name (`KinesisStreamAsSource`).
    pub source_stream: String,
    /// Role Firehose assumes to read the source.
    pub source_role: String,
    /// Role Firehose assumes to write to S3.
    pub destination_role: String,
    /// Destination bucket name.
    pub bucket: String,
    /// S3 prefix; `YYYY/MM/dd/HH/` is appended as Firehose does for a prefix without
    /// expressions.
    #[serde(default)]
    pub prefix: String,
    /// Buffering hints.
    #[serde(default)]
    pub buffering: BufferingHints,
    /// `CompressionFormat`; only `UNCOMPRESSED` is simulated.
    #[serde(default = "uncompressed")]
    pub compression: String,
    /// `KMSEncryptionConfig`; absent means `NoEncryption` (the bucket default applies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<FirehoseEncryptionSpec>,
    /// CloudWatch logging options.
    #[serde(default)]
    pub cloudwatch_logging: LoggingSpec,
    /// The account the delivery stream belongs to (12 digits): the scenario's `account` or one of the
    /// organization's accounts; absent: the scenario's `account`. Its ARN names this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// Bucket default encryption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct BucketEncryptionSpec {
    /// `AES256` or `aws:kms`.
    #[serde(default)]
    pub sse: SseAlgorithm,
    /// Key reference for `aws:kms`; absent means `alias/aws/s3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key: Option<String>,
    /// S3 Bucket Key enabled.
    #[serde(default)]
    pub bucket_key: bool,
}

/// An object that already exists when the simulation starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExistingObjectSpec {
    /// Object key.
    pub key: String,
    /// Object body (UTF-8).
    pub body: String,
    /// How it was encrypted; absent means the bucket default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sse: Option<SseAlgorithm>,
    /// Key reference when `sse` is `aws:kms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key: Option<String>,
    /// Whether it was written with a Bucket Key.
    #[serde(default)]
    pub bucket_key: bool,
}

/// An S3 bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketSpec {
    /// Bucket name.
    pub name: String,
    /// Default encryption.
    #[serde(default)]
    pub default_encryption: BucketEncryptionSpec,
    /// Optional bucket policy document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Value>,
    /// Objects present at the start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub existing_objects: Vec<ExistingObjectSpec>,
    /// The account the bucket belongs to (12 digits): the scenario's `account` or one of the
    /// organization's accounts; absent: the scenario's `account`. Its ARN names this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// S3 Object Ownership; absent: `BucketOwnerEnforced`, the setting of every new bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_ownership: Option<ObjectOwnership>,
}

pub use crate::cloud::s3::ObjectOwnership;

/// A role that opens (GetObject) every object under a prefix at a given time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderSpec {
    /// Role name.
    pub role: String,
    /// When (offset like `10m` or RFC 3339).
    pub at: String,
    /// Bucket name.
    pub bucket: String,
    /// Key prefix; empty means every object.
    #[serde(default)]
    pub prefix: String,
    /// The reader decrypts the AWS Encryption SDK messages in each object it opened
    /// (absent: it only reads the objects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_side: Option<ReaderClientSideSpec>,
}

/// How a reader decrypts client-side encrypted records: the SDK's KMS keyring in strict
/// mode (only `key` may decrypt), and the encryption context the reader requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderClientSideSpec {
    /// The KMS key the reader's keyring may call Decrypt with (a key name, alias, id or ARN).
    pub key: String,
    /// Pairs the message's encryption context must hold (checked after the header is
    /// authenticated, as the SDKs' required-encryption-context check does).
    #[serde(default)]
    pub encryption_context: BTreeMap<String, String>,
    /// Flip one bit in the first frame of each message before decrypting (someone altered
    /// the stored object): the frame's AES-GCM tag no longer verifies.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tamper: bool,
}

/// KMS operations a scenario can call directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KmsOperation {
    /// GenerateDataKey.
    GenerateDataKey,
    /// Decrypt.
    Decrypt,
    /// Encrypt.
    Encrypt,
    /// DescribeKey.
    DescribeKey,
}

/// Where a direct `Decrypt` takes its CiphertextBlob from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum BlobSource {
    /// The n-th data key Kinesis generated (0-based), with its context.
    KinesisDataKey(u32),
    /// The encrypted data key stored with the n-th S3 object written during the run
    /// (0-based), with its context.
    S3Object(u32),
}

/// A change or call at a point in simulated time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventSpec {
    /// `DisableKey`.
    DisableKey {
        /// When.
        at: String,
        /// Key reference.
        key: String,
    },
    /// `EnableKey`.
    EnableKey {
        /// When.
        at: String,
        /// Key reference.
        key: String,
    },
    /// `ScheduleKeyDeletion`.
    ScheduleKeyDeletion {
        /// When.
        at: String,
        /// Key reference.
        key: String,
        /// Waiting period (7–30 days).
        #[serde(default = "d30")]
        pending_window_days: u32,
        /// The role that calls it (authorized: its identity policy, the key policy, the
        /// organization's SCPs and RCPs); absent, the account's administrator does, as
        /// before, without authorization.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
    },
    /// `CancelKeyDeletion` (the key returns to Disabled, as in KMS).
    CancelKeyDeletion {
        /// When.
        at: String,
        /// Key reference.
        key: String,
    },
    /// The key is deleted (end of the waiting period).
    DeleteKey {
        /// When.
        at: String,
        /// Key reference.
        key: String,
    },
    /// `StartStreamEncryption`.
    StartStreamEncryption {
        /// When.
        at: String,
        /// Stream name.
        stream: String,
        /// Key reference.
        key: String,
    },
    /// `StopStreamEncryption`.
    StopStreamEncryption {
        /// When.
        at: String,
        /// Stream name.
        stream: String,
    },
    /// `PutBucketEncryption`.
    SetBucketEncryption {
        /// When.
        at: String,
        /// Bucket name.
        bucket: String,
        /// New default encryption.
        encryption: BucketEncryptionSpec,
    },
    /// `CopyObject` of every object under a prefix onto itself (as S3 Batch Operations
    /// does), re-encrypting with the given settings.
    CopyInPlace {
        /// When.
        at: String,
        /// Caller role name.
        role: String,
        /// Bucket name.
        bucket: String,
        /// Key prefix.
        #[serde(default)]
        prefix: String,
        /// `x-amz-server-side-encryption` of each copy; absent, the copy sends none and S3
        /// applies the bucket's default encryption.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sse: Option<SseAlgorithm>,
        /// Key reference for `aws:kms`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kms_key: Option<String>,
        /// `BucketKeyEnabled` on the copy request; absent, the request does not send it and
        /// S3 applies the bucket's Bucket Key setting.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bucket_key_enabled: Option<bool>,
    },
    /// One `GetObject`.
    GetObject {
        /// When.
        at: String,
        /// Caller role name.
        role: String,
        /// Bucket name.
        bucket: String,
        /// Object key.
        key: String,
    },
    /// A KMS request made directly by a role (not through a service).
    KmsRequest {
        /// When.
        at: String,
        /// Caller role name.
        role: String,
        /// Session name; default the session the role normally has.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session_name: Option<String>,
        /// Operation.
        operation: KmsOperation,
        /// Key reference (optional for Decrypt, where the blob names the key).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        /// Encryption context sent with the request. For Decrypt from a `ciphertext_from`
        /// source, absent means "the context the blob was made with".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        encryption_context: Option<BTreeMap<String, String>>,
        /// For Decrypt: where the CiphertextBlob comes from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ciphertext_from: Option<BlobSource>,
        /// For Decrypt: flip one bit of the blob's sealed bytes first.
        #[serde(default)]
        tamper: bool,
    },
}

impl EventSpec {
    /// The event's `at` string.
    pub fn at(&self) -> &str {
        match self {
            EventSpec::DisableKey { at, .. }
            | EventSpec::EnableKey { at, .. }
            | EventSpec::ScheduleKeyDeletion { at, .. }
            | EventSpec::CancelKeyDeletion { at, .. }
            | EventSpec::DeleteKey { at, .. }
            | EventSpec::StartStreamEncryption { at, .. }
            | EventSpec::StopStreamEncryption { at, .. }
            | EventSpec::SetBucketEncryption { at, .. }
            | EventSpec::CopyInPlace { at, .. }
            | EventSpec::GetObject { at, .. }
            | EventSpec::KmsRequest { at, .. } => at,
        }
    }
}

/// KMS account-level settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KmsSettings {
    /// Shared quota for symmetric cryptographic requests per second (10,000 in
    /// ap-northeast-1). Calls made on your behalf by Kinesis and S3 count.
    #[serde(default = "quota")]
    pub request_quota_per_second: u32,
}

impl Default for KmsSettings {
    fn default() -> Self {
        KmsSettings {
            request_quota_per_second: 10_000,
        }
    }
}

fn one() -> u32 {
    1
}
fn five() -> u32 {
    5
}
fn ten() -> u32 {
    10
}
fn h24() -> u32 {
    24
}
fn d30() -> u32 {
    30
}
fn s300() -> u32 {
    300
}
fn quota() -> u32 {
    10_000
}
fn yes() -> bool {
    true
}
fn ms20() -> String {
    "20ms".into()
}
fn min1() -> String {
    "1m".into()
}
fn zero() -> String {
    "0s".into()
}
fn partitionkey() -> String {
    "partitionkey".into()
}
fn uncompressed() -> String {
    "UNCOMPRESSED".into()
}
fn s3delivery() -> String {
    "S3Delivery".into()
}

/// Key id of the seed stack's Kinesis key.
pub const KINESIS_KEY_ID: &str = "4b1c7e2a-9d3f-4e6a-8b5c-0f1e2d3c4b5a";
/// Key id of the seed stack's S3 key.
pub const S3_KEY_ID: &str = "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";

impl Default for Scenario {
    /// The seed stack: the course's Lambda → Kinesis → Firehose → S3 pipeline (README).
    fn default() -> Self {
        seed_stack("123456789012", "ap-northeast-1", "dva-02-005")
    }
}

/// A key policy allowing every principal of the account through one service, plus the
/// account root (the shape of the seed stack's key policies).
pub fn service_key_policy(account: &str, region: &str, service: &str, id: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Id": id,
        "Statement": [
            via_service_statement(account, region, service),
            {
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
                "Action": "*",
                "Resource": "*"
            }
        ]
    })
}

/// The key policy statement letting every principal of the account use the key for
/// encryption through one service (`kms:ViaService`), as AWS managed keys' policies do.
pub fn via_service_statement(account: &str, region: &str, service: &str) -> Value {
    json!({
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        "Resource": "*",
        "Condition": {"StringEquals": {
            "kms:CallerAccount": account,
            "kms:ViaService": format!("{service}.{region}.amazonaws.com")
        }}
    })
}

/// A key policy with only the account-root statement (IAM policies decide).
pub fn root_only_key_policy(account: &str, id: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Id": id,
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
            "Action": "*",
            "Resource": "*"
        }]
    })
}

/// A trust policy letting one AWS service assume the role.
pub fn service_trust(service: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": [service]}}]
    })
}

/// What kind of policy document lives at a JSON pointer of a scenario, so that editors lint
/// it as what it is (a trust policy has no Resource, a key policy's Resource is "*"…); `None`
/// where no policy document lives.
pub fn policy_kind_at(pointer: &str) -> Option<crate::policy::PolicyKind> {
    use crate::policy::PolicyKind;
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let index = |s: &str| s.parse::<usize>().is_ok();
    match parts.as_slice() {
        ["keys", i, "policy"] if index(i) => Some(PolicyKind::KeyPolicy),
        ["buckets", i, "policy"] if index(i) => Some(PolicyKind::BucketPolicy),
        ["streams", i, "policy"] if index(i) => Some(PolicyKind::ResourcePolicy),
        ["roles", i, "trust_policy"] if index(i) => Some(PolicyKind::TrustPolicy),
        ["roles", i, "permissions_boundary"] if index(i) => Some(PolicyKind::Boundary),
        ["roles", i, "inline_policies" | "attached_policies", j, "document"]
            if index(i) && index(j) =>
        {
            Some(PolicyKind::Identity)
        }
        // The organization's policies: `{name, policy}` entries or bare documents.
        ["organization", "scps", _, i, "policy"] | ["organization", "scps", _, i] if index(i) => {
            Some(PolicyKind::Scp)
        }
        ["organization", "rcps", _, i, "policy"] | ["organization", "rcps", _, i] if index(i) => {
            Some(PolicyKind::Rcp)
        }
        _ => None,
    }
}

fn seed_stack(account: &str, region: &str, prefix: &str) -> Scenario {
    let stream = format!("{prefix}-DataStream");
    let stream_arn = format!("arn:aws:kinesis:{region}:{account}:stream/{stream}");
    let kinesis_key_arn = format!("arn:aws:kms:{region}:{account}:key/{KINESIS_KEY_ID}");
    let bucket_arn = format!("arn:aws:s3:::{prefix}");
    let firehose = format!("{prefix}-FirehoseDeliveryStream");
    let log_group = format!("/aws/kinesisfirehose/{firehose}");
    Scenario {
        version: SCENARIO_VERSION,
        account: account.into(),
        region: region.into(),
        start_time: "2024-03-27T10:57:58Z".into(),
        roles: vec![
            RoleSpec {
                name: "DataSourceLambdaRole".into(),
                trust_policy: service_trust("lambda.amazonaws.com"),
                inline_policies: vec![PolicySpec {
                    name: "DataSourceLambdaPolicy".into(),
                    arn: None,
                    document: json!({
                        "Version": "2012-10-17",
                        "Statement": [
                            {"Effect": "Allow", "Action": ["kms:GenerateDataKey"], "Resource": [kinesis_key_arn]},
                            {"Effect": "Allow", "Action": ["kinesis:PutRecord"], "Resource": [stream_arn]}
                        ]
                    }),
                }],
                attached_policies: vec![],
                permissions_boundary: None,
                account: None,
            },
            RoleSpec {
                name: "KinesisStreamSourceRole".into(),
                trust_policy: service_trust("firehose.amazonaws.com"),
                inline_policies: vec![PolicySpec {
                    name: "KinesisStreamSourcePolicy".into(),
                    arn: None,
                    document: json!({
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Action": ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
                            "Resource": [stream_arn]
                        }]
                    }),
                }],
                attached_policies: vec![],
                permissions_boundary: None,
                account: None,
            },
            RoleSpec {
                name: "KinesisS3DestinationRole".into(),
                trust_policy: service_trust("firehose.amazonaws.com"),
                inline_policies: vec![PolicySpec {
                    name: "KinesisS3DestinationPolicy".into(),
                    arn: None,
                    document: json!({
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
                                "Resource": [bucket_arn, format!("{bucket_arn}/*")]
                            },
                            {
                                "Effect": "Allow",
                                "Action": ["logs:PutLogEvents"],
                                "Resource": [format!("arn:aws:logs:{region}:{account}:log-group:{log_group}:*")]
                            }
                        ]
                    }),
                }],
                attached_policies: vec![],
                permissions_boundary: None,
                account: None,
            },
        ],
        keys: vec![
            KeySpec {
                name: "KinesisKey".into(),
                key_id: Some(KINESIS_KEY_ID.into()),
                aliases: vec![],
                description: String::new(),
                policy: service_key_policy(
                    account,
                    region,
                    "kinesis",
                    &format!("{prefix}-kinesis"),
                ),
                state: KeyState::Enabled,
                grants: vec![],
                account: None,
            },
            KeySpec {
                name: "S3Key".into(),
                key_id: Some(S3_KEY_ID.into()),
                aliases: vec![],
                description: String::new(),
                policy: service_key_policy(account, region, "s3", &format!("{prefix}-s3")),
                state: KeyState::Enabled,
                grants: vec![],
                account: None,
            },
        ],
        streams: vec![StreamSpec {
            name: stream.clone(),
            shards: 1,
            retention_hours: 24,
            encryption: StreamEncryptionSpec {
                encryption_type: EncryptionType::Kms,
                key: Some("KinesisKey".into()),
            },
            account: None,
            policy: None,
        }],
        producers: vec![ProducerSpec {
            name: "DataSourceLambda".into(),
            role: "DataSourceLambdaRole".into(),
            stream: stream.clone(),
            invocations: 1,
            records_per_invocation: 10,
            record_spacing: ms20(),
            invocation_interval: min1(),
            start: zero(),
            partition_key: partitionkey(),
            concurrency: 1,
            api: ProducerApi::PutRecord,
            client_side: None,
        }],
        delivery_streams: vec![DeliveryStreamSpec {
            name: firehose,
            source_stream: stream,
            source_role: "KinesisStreamSourceRole".into(),
            destination_role: "KinesisS3DestinationRole".into(),
            bucket: prefix.into(),
            prefix: "firehose/".into(),
            buffering: BufferingHints::default(),
            compression: uncompressed(),
            encryption: Some(FirehoseEncryptionSpec {
                kms_key: "S3Key".into(),
            }),
            cloudwatch_logging: LoggingSpec {
                enabled: true,
                log_group: Some(log_group),
                log_stream: "S3Delivery".into(),
            },
            account: None,
        }],
        buckets: vec![BucketSpec {
            name: prefix.into(),
            default_encryption: BucketEncryptionSpec::default(),
            policy: None,
            existing_objects: vec![],
            account: None,
            object_ownership: None,
        }],
        readers: vec![],
        events: vec![],
        kms: KmsSettings::default(),
        organization: None,
    }
}

/// What did not read, in Japanese, before a serde message with no Japanese shape.
const FRAME_JA: &str = "シナリオの形式が正しくありません";

/// serde names only the event when one of its fields is wrong (events are internally
/// tagged by `action`): find the field.
fn refine_event(path: &[Seg], value: &Value, message: &str) -> Vec<Seg> {
    match path {
        [Seg::Key(events), Seg::Index(_)] if events == "events" => {
            locate::narrow::<EventSpec>(value, "action", message)
        }
        _ => Vec::new(),
    }
}

impl Scenario {
    /// Parses and validates a scenario text; errors name the JSON path and the line and
    /// column of the offending value (inside a policy document too).
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario =
            locate::decode_text(text, FRAME_JA, refine_event).map_err(ScenarioError::decoding)?;
        scenario.validate().map_err(|e| e.in_text(text))?;
        Ok(scenario)
    }

    /// Parses and validates a scenario document held as a JSON value (the web app's, which
    /// has no text to point into); errors name the JSON path.
    pub fn from_value(doc: &Value) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario =
            locate::decode_value(doc, FRAME_JA, refine_event).map_err(ScenarioError::decoding)?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Whether a producer seals or a reader opens with the Encryption SDK (client-side
    /// encryption: the web app loads its cryptography module before running such a run).
    pub fn uses_client_side(&self) -> bool {
        self.producers.iter().any(|p| p.client_side.is_some())
            || self.readers.iter().any(|r| r.client_side.is_some())
    }

    /// Pretty JSON (the document `envelope-lab scenario` prints).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }

    /// The simulated start time.
    pub fn start(&self) -> Result<SimTime, ScenarioError> {
        SimTime::parse_rfc3339_text(&self.start_time)
            .map_err(|m| ScenarioError::from_text("start_time", m))
    }

    /// Checks every value a serde type cannot: ranges, references between sections,
    /// durations, policy documents. Returns the first problem found.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        crate::sim::validate::validate(self)
    }

    /// Parses a time field at `path` relative to the start.
    pub fn time_at(&self, at: &str, path: &str) -> Result<SimTime, ScenarioError> {
        let start = self.start()?;
        let t = parse_at_text(at, start).map_err(|m| ScenarioError::from_text(path, m))?;
        if t < start {
            return Err(ScenarioError::new(
                path,
                "is before the scenario's start_time",
                "シナリオの start_time より前の時刻です",
            ));
        }
        Ok(t)
    }

    /// Every `account` a role, key, stream, delivery stream or bucket names that is not the
    /// scenario's own, with the JSON path of its first use (in document order).
    pub fn other_accounts<'a>(&'a self) -> Vec<(String, &'a str)> {
        let mut out: Vec<(String, &str)> = Vec::new();
        let mut add = |path: String, a: &'a Option<String>| {
            if let Some(a) = a.as_deref() {
                if a != self.account && !out.iter().any(|(_, b)| *b == a) {
                    out.push((path, a));
                }
            }
        };
        for (i, r) in self.roles.iter().enumerate() {
            add(format!("roles[{i}].account"), &r.account);
        }
        for (i, k) in self.keys.iter().enumerate() {
            add(format!("keys[{i}].account"), &k.account);
        }
        for (i, st) in self.streams.iter().enumerate() {
            add(format!("streams[{i}].account"), &st.account);
        }
        for (i, d) in self.delivery_streams.iter().enumerate() {
            add(format!("delivery_streams[{i}].account"), &d.account);
        }
        for (i, b) in self.buckets.iter().enumerate() {
            add(format!("buckets[{i}].account"), &b.account);
        }
        out
    }

    /// Parses a duration field at `path`.
    pub fn duration_at(&self, d: &str, path: &str) -> Result<i64, ScenarioError> {
        parse_duration_text(d).map_err(|m| ScenarioError::from_text(path, m))
    }
}
