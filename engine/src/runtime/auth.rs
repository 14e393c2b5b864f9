//! What a trace step keeps of the authorization it was decided by: the request by reference
//! (who, which action, which resource, through which service, with which encryption
//! context), as indices into the services' state. The cloud rebuilds the full policy
//! request from it on demand (`Cloud::build_request`).

/// IAM actions the simulation authorizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// `kinesis:PutRecord`
    KinesisPutRecord,
    /// `kinesis:GetRecords`
    KinesisGetRecords,
    /// `kinesis:GetShardIterator`
    KinesisGetShardIterator,
    /// `kinesis:DescribeStream`
    KinesisDescribeStream,
    /// `kms:GenerateDataKey`
    KmsGenerateDataKey,
    /// `kms:Decrypt`
    KmsDecrypt,
    /// `kms:Encrypt`
    KmsEncrypt,
    /// `kms:DescribeKey`
    KmsDescribeKey,
    /// `s3:PutObject`
    S3PutObject,
    /// `s3:GetObject`
    S3GetObject,
    /// `sts:AssumeRole`
    StsAssumeRole,
    /// `logs:PutLogEvents`
    LogsPutLogEvents,
    /// `kinesis:PutRecords` (last so existing variants keep their order)
    KinesisPutRecords,
    /// `kms:ScheduleKeyDeletion` (a role's own call; the account's administrator is not
    /// authorized, as before)
    KmsScheduleKeyDeletion,
}

impl Action {
    /// The IAM action name.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::KinesisPutRecord => "kinesis:PutRecord",
            Action::KinesisGetRecords => "kinesis:GetRecords",
            Action::KinesisGetShardIterator => "kinesis:GetShardIterator",
            Action::KinesisDescribeStream => "kinesis:DescribeStream",
            Action::KmsGenerateDataKey => "kms:GenerateDataKey",
            Action::KmsDecrypt => "kms:Decrypt",
            Action::KmsEncrypt => "kms:Encrypt",
            Action::KmsDescribeKey => "kms:DescribeKey",
            Action::S3PutObject => "s3:PutObject",
            Action::S3GetObject => "s3:GetObject",
            Action::StsAssumeRole => "sts:AssumeRole",
            Action::LogsPutLogEvents => "logs:PutLogEvents",
            Action::KinesisPutRecords => "kinesis:PutRecords",
            Action::KmsScheduleKeyDeletion => "kms:ScheduleKeyDeletion",
        }
    }

    /// The API operation: the action's name without its service prefix (`PutRecord`).
    pub fn operation(self) -> &'static str {
        let name = self.as_str();
        let service = match self {
            Action::KinesisPutRecord
            | Action::KinesisPutRecords
            | Action::KinesisGetRecords
            | Action::KinesisGetShardIterator
            | Action::KinesisDescribeStream => "kinesis:",
            Action::KmsGenerateDataKey
            | Action::KmsDecrypt
            | Action::KmsEncrypt
            | Action::KmsDescribeKey
            | Action::KmsScheduleKeyDeletion => "kms:",
            Action::S3PutObject | Action::S3GetObject => "s3:",
            Action::StsAssumeRole => "sts:",
            Action::LogsPutLogEvents => "logs:",
        };
        name.get(service.len()..).unwrap_or(name)
    }

    /// Whether this is an S3 object action (its request carries S3's condition keys).
    pub fn is_s3(self) -> bool {
        matches!(self, Action::S3PutObject | Action::S3GetObject)
    }

    /// Whether this is a KMS action.
    pub fn is_kms(self) -> bool {
        matches!(
            self,
            Action::KmsGenerateDataKey
                | Action::KmsDecrypt
                | Action::KmsEncrypt
                | Action::KmsDescribeKey
                | Action::KmsScheduleKeyDeletion
        )
    }
}

/// Who makes a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Principal {
    /// An assumed-role session (index into `Iam::sessions`).
    Session(u16),
    /// A service principal such as `lambda.amazonaws.com` (for AssumeRole).
    Service(&'static str),
}

/// The resource a request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    /// KMS key (index into `Kms::keys`).
    Key(u16),
    /// Kinesis stream.
    Stream(u16),
    /// S3 object by name (index into `S3::names`).
    Object(u32),
    /// IAM role.
    Role(u16),
    /// A Firehose delivery stream's log group.
    LogGroup(u16),
}

/// The service a KMS request came through (`kms:ViaService`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Via {
    /// Called directly.
    Direct,
    /// `kinesis.<region>.amazonaws.com`.
    Kinesis,
    /// `s3.<region>.amazonaws.com`.
    S3,
}

impl Via {
    /// Service name (`kinesis`, `s3`) or `None` for direct calls.
    pub fn service(self) -> Option<&'static str> {
        match self {
            Via::Direct => None,
            Via::Kinesis => Some("kinesis"),
            Via::S3 => Some("s3"),
        }
    }
}

/// An encryption context by reference (rebuilt as strings on demand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CtxRef {
    /// No context.
    None,
    /// `{"aws:kinesis:arn": <stream ARN>}`.
    Stream(u16),
    /// `{"aws:s3:arn": <object ARN>}` (index into `S3::names`).
    Object(u32),
    /// `{"aws:s3:arn": <bucket ARN>}` (Bucket Key).
    Bucket(u16),
    /// A context given by a scenario event (index into `Cloud::custom_contexts`).
    Custom(u32),
}

/// `x-amz-server-side-encryption` as a request sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SseHeader {
    /// `AES256` (SSE-S3).
    Aes256,
    /// `aws:kms` (SSE-KMS).
    AwsKms,
}

impl SseHeader {
    /// The header's value.
    pub fn as_str(self) -> &'static str {
        match self {
            SseHeader::Aes256 => "AES256",
            SseHeader::AwsKms => "aws:kms",
        }
    }
}

/// The headers of an S3 object request that S3's condition keys come from. A key exists in
/// the request context only when the request sends its header: a PutObject relying on the
/// bucket's default encryption sends none (S3 User Guide, "Specifying server-side
/// encryption with AWS KMS (SSE-KMS)"; docs/ARCHITECTURE.md, "Where each AWS service lives").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct S3Headers {
    /// `x-amz-server-side-encryption`.
    pub sse: Option<SseHeader>,
    /// `x-amz-server-side-encryption-aws-kms-key-id` (index into `Kms::keys`; sent as the
    /// key's ARN).
    pub kms_key: Option<u16>,
    /// `x-amz-copy-source` of a CopyObject (index into `S3::names`).
    pub copy_source: Option<u32>,
}

impl S3Headers {
    /// No header that a condition key reads.
    pub const NONE: S3Headers = S3Headers {
        sse: None,
        kms_key: None,
        copy_source: None,
    };
}

/// Everything needed to rebuild one authorization request (kept in a trace step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AuthReq {
    /// Caller.
    pub principal: Principal,
    /// Action.
    pub action: Action,
    /// Resource.
    pub resource: Resource,
    /// Service the call came through.
    pub via: Via,
    /// Encryption context of a KMS request.
    pub ctx: CtxRef,
    /// Headers of an S3 object request.
    pub s3: S3Headers,
}

impl AuthReq {
    /// A request `principal` makes itself (not through another service), with no
    /// encryption context.
    pub fn direct(principal: Principal, action: Action, resource: Resource) -> AuthReq {
        AuthReq {
            principal,
            action,
            resource,
            via: Via::Direct,
            ctx: CtxRef::None,
            s3: S3Headers::NONE,
        }
    }

    /// The same request with these S3 headers.
    pub fn with_s3(self, s3: S3Headers) -> AuthReq {
        AuthReq { s3, ..self }
    }
}
