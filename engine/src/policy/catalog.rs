//! Actions and condition keys of the services Envelope Lab simulates, for lint findings.
//!
//! Tables for KMS, Kinesis, Firehose and Lambda list every action in the Service
//! Authorization Reference at the time of writing; S3, IAM and CloudWatch Logs list the
//! common actions only, so an unknown action there is a WARNING rather than an ERROR.

/// One service's table.
pub struct Service {
    pub prefix: &'static str,
    pub actions: &'static [&'static str],
    /// Service-specific condition keys; a trailing `/` or `:` marks a prefix
    /// (`kms:EncryptionContext:` + context key).
    pub condition_keys: &'static [&'static str],
    /// True when the tables are complete (unknown names are errors).
    pub complete: bool,
}

#[rustfmt::skip]
pub const SERVICES: &[Service] = &[
    Service {
        prefix: "kms",
        actions: &[
            "CancelKeyDeletion", "ConnectCustomKeyStore", "CreateAlias", "CreateCustomKeyStore",
            "CreateGrant", "CreateKey", "Decrypt", "DeleteAlias", "DeleteCustomKeyStore",
            "DeleteImportedKeyMaterial", "DeriveSharedSecret", "DescribeCustomKeyStores",
            "DescribeKey", "DisableKey", "DisableKeyRotation", "DisconnectCustomKeyStore",
            "EnableKey", "EnableKeyRotation", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext",
            "GenerateMac", "GenerateRandom", "GetKeyPolicy", "GetKeyRotationStatus",
            "GetParametersForImport", "GetPublicKey", "ImportKeyMaterial", "ListAliases",
            "ListGrants", "ListKeyPolicies", "ListKeyRotations", "ListKeys", "ListResourceTags",
            "ListRetirableGrants", "PutKeyPolicy", "ReEncryptFrom", "ReEncryptTo", "ReplicateKey",
            "RetireGrant", "RevokeGrant", "RotateKeyOnDemand", "ScheduleKeyDeletion", "Sign",
            "SynchronizeMultiRegionKey", "TagResource", "UntagResource", "UpdateAlias",
            "UpdateCustomKeyStore", "UpdateKeyDescription", "UpdatePrimaryRegion", "Verify",
            "VerifyMac",
        ],
        condition_keys: &[
            "kms:BypassPolicyLockoutSafetyCheck", "kms:CallerAccount", "kms:CustomerMasterKeySpec",
            "kms:CustomerMasterKeyUsage", "kms:DataKeyPairSpec", "kms:EncryptionAlgorithm",
            "kms:EncryptionContext:", "kms:EncryptionContextKeys", "kms:ExpirationModel",
            "kms:GrantConstraintType", "kms:GrantIsForAWSResource", "kms:GrantOperations",
            "kms:GranteePrincipal", "kms:KeyAgreementAlgorithm", "kms:KeyOrigin", "kms:KeySpec",
            "kms:KeyUsage", "kms:MacAlgorithm", "kms:MessageType", "kms:MultiRegion",
            "kms:MultiRegionKeyType", "kms:PrimaryRegion", "kms:ReEncryptOnSameKey",
            "kms:RecipientAttestation:", "kms:ReplicaRegion", "kms:RequestAlias",
            "kms:ResourceAliases", "kms:RetiringPrincipal", "kms:RotationPeriodInDays",
            "kms:ScheduleKeyDeletionPendingWindowInDays", "kms:SigningAlgorithm", "kms:ValidTo",
            "kms:ViaService", "kms:WrappingAlgorithm", "kms:WrappingKeySpec",
        ],
        complete: true,
    },
    Service {
        prefix: "kinesis",
        actions: &[
            "AddTagsToStream", "CreateStream", "DecreaseStreamRetentionPeriod",
            "DeleteResourcePolicy", "DeleteStream", "DeregisterStreamConsumer",
            "DescribeAccountSettings", "DescribeLimits", "DescribeStream",
            "DescribeStreamConsumer", "DescribeStreamSummary", "DisableEnhancedMonitoring",
            "EnableEnhancedMonitoring", "GetRecords", "GetResourcePolicy", "GetShardIterator",
            "IncreaseStreamRetentionPeriod", "ListShards", "ListStreamConsumers", "ListStreams",
            "ListTagsForResource", "ListTagsForStream", "MergeShards", "PutRecord", "PutRecords",
            "PutResourcePolicy", "RegisterStreamConsumer", "RemoveTagsFromStream", "SplitShard",
            "StartStreamEncryption", "StopStreamEncryption", "SubscribeToShard", "TagResource",
            "UntagResource", "UpdateAccountSettings", "UpdateMaxRecordSize", "UpdateShardCount",
            "UpdateStreamMode", "UpdateStreamWarmThroughput",
        ],
        condition_keys: &[],
        complete: true,
    },
    Service {
        prefix: "firehose",
        actions: &[
            "CreateDeliveryStream", "DeleteDeliveryStream", "DescribeDeliveryStream",
            "ListDeliveryStreams", "ListTagsForDeliveryStream", "PutRecord", "PutRecordBatch",
            "StartDeliveryStreamEncryption", "StopDeliveryStreamEncryption", "TagDeliveryStream",
            "UntagDeliveryStream", "UpdateDestination",
        ],
        condition_keys: &[],
        complete: true,
    },
    Service {
        prefix: "lambda",
        actions: &[
            "AddLayerVersionPermission", "AddPermission", "CreateAlias", "CreateCodeSigningConfig",
            "CreateEventSourceMapping", "CreateFunction", "CreateFunctionUrlConfig", "DeleteAlias",
            "DeleteCodeSigningConfig", "DeleteEventSourceMapping", "DeleteFunction",
            "DeleteFunctionCodeSigningConfig", "DeleteFunctionConcurrency",
            "DeleteFunctionEventInvokeConfig", "DeleteFunctionUrlConfig", "DeleteLayerVersion",
            "DeleteProvisionedConcurrencyConfig", "DisableReplication", "EnableReplication",
            "GetAccountSettings", "GetAlias", "GetCodeSigningConfig", "GetEventSourceMapping",
            "GetFunction", "GetFunctionCodeSigningConfig", "GetFunctionConcurrency",
            "GetFunctionConfiguration", "GetFunctionEventInvokeConfig",
            "GetFunctionRecursionConfig", "GetFunctionUrlConfig", "GetLayerVersion",
            "GetLayerVersionPolicy", "GetPolicy", "GetProvisionedConcurrencyConfig",
            "GetRuntimeManagementConfig", "InvokeAsync", "InvokeFunction", "InvokeFunctionUrl",
            "ListAliases", "ListCodeSigningConfigs", "ListEventSourceMappings",
            "ListFunctionEventInvokeConfigs", "ListFunctionUrlConfigs", "ListFunctions",
            "ListFunctionsByCodeSigningConfig", "ListLayerVersions", "ListLayers",
            "ListProvisionedConcurrencyConfigs", "ListTags", "ListVersionsByFunction",
            "PublishLayerVersion", "PublishVersion", "PutFunctionCodeSigningConfig",
            "PutFunctionConcurrency", "PutFunctionEventInvokeConfig", "PutFunctionRecursionConfig",
            "PutProvisionedConcurrencyConfig", "PutRuntimeManagementConfig",
            "RemoveLayerVersionPermission", "RemovePermission", "TagResource", "UntagResource",
            "UpdateAlias", "UpdateCodeSigningConfig", "UpdateEventSourceMapping",
            "UpdateFunctionCode", "UpdateFunctionCodeSigningConfig", "UpdateFunctionConfiguration",
            "UpdateFunctionEventInvokeConfig", "UpdateFunctionUrlConfig",
        ],
        condition_keys: &[
            "lambda:CodeSigningConfigArn", "lambda:EventSourceToken", "lambda:FunctionArn",
            "lambda:FunctionUrlAuthType", "lambda:InvokedViaFunctionUrl", "lambda:Layer",
            "lambda:Principal", "lambda:SecurityGroupIds", "lambda:SourceFunctionArn",
            "lambda:SubnetIds", "lambda:VpcIds",
        ],
        complete: true,
    },
    Service {
        prefix: "s3",
        actions: &[
            "AbortMultipartUpload", "BypassGovernanceRetention", "CreateAccessPoint", "CreateBucket",
            "CreateJob", "DeleteAccessPoint", "DeleteBucket", "DeleteBucketPolicy",
            "DeleteBucketWebsite", "DeleteObject", "DeleteObjectTagging", "DeleteObjectVersion",
            "DeleteObjectVersionTagging", "GetAccelerateConfiguration", "GetAccessPoint",
            "GetAnalyticsConfiguration", "GetBucketAcl", "GetBucketCORS", "GetBucketLocation",
            "GetBucketLogging", "GetBucketNotification", "GetBucketObjectLockConfiguration",
            "GetBucketOwnershipControls", "GetBucketPolicy", "GetBucketPolicyStatus",
            "GetBucketPublicAccessBlock", "GetBucketRequestPayment", "GetBucketTagging",
            "GetBucketVersioning", "GetBucketWebsite", "GetEncryptionConfiguration",
            "GetInventoryConfiguration", "GetLifecycleConfiguration", "GetMetricsConfiguration",
            "GetObject", "GetObjectAcl", "GetObjectAttributes", "GetObjectLegalHold",
            "GetObjectRetention", "GetObjectTagging", "GetObjectVersion", "GetObjectVersionAcl",
            "GetObjectVersionAttributes", "GetObjectVersionTagging", "GetReplicationConfiguration",
            "ListAccessPoints", "ListAllMyBuckets", "ListBucket", "ListBucketMultipartUploads",
            "ListBucketVersions", "ListJobs", "ListMultipartUploadParts", "PutAccelerateConfiguration",
            "PutAnalyticsConfiguration", "PutBucketAcl", "PutBucketCORS", "PutBucketLogging",
            "PutBucketNotification", "PutBucketObjectLockConfiguration", "PutBucketOwnershipControls",
            "PutBucketPolicy", "PutBucketPublicAccessBlock", "PutBucketRequestPayment",
            "PutBucketTagging", "PutBucketVersioning", "PutBucketWebsite",
            "PutEncryptionConfiguration", "PutInventoryConfiguration", "PutLifecycleConfiguration",
            "PutMetricsConfiguration", "PutObject", "PutObjectAcl", "PutObjectLegalHold",
            "PutObjectRetention", "PutObjectTagging", "PutObjectVersionAcl",
            "PutObjectVersionTagging", "PutReplicationConfiguration", "ReplicateDelete",
            "ReplicateObject", "ReplicateTags", "RestoreObject",
        ],
        condition_keys: &[
            "s3:AccessPointNetworkOrigin", "s3:DataAccessPointAccount", "s3:DataAccessPointArn",
            "s3:ExistingObjectTag/", "s3:LocationConstraint", "s3:RequestObjectTag/",
            "s3:RequestObjectTagKeys", "s3:ResourceAccount", "s3:TlsVersion", "s3:VersionId",
            "s3:authType", "s3:delimiter", "s3:max-keys", "s3:object-lock-legal-hold",
            "s3:object-lock-mode", "s3:object-lock-remaining-retention-days",
            "s3:object-lock-retain-until-date", "s3:prefix", "s3:signatureAge",
            "s3:signatureversion", "s3:x-amz-acl", "s3:x-amz-content-sha256",
            "s3:x-amz-copy-source", "s3:x-amz-grant-full-control", "s3:x-amz-grant-read",
            "s3:x-amz-grant-read-acp", "s3:x-amz-grant-write", "s3:x-amz-grant-write-acp",
            "s3:x-amz-metadata-directive", "s3:x-amz-server-side-encryption",
            "s3:x-amz-server-side-encryption-aws-kms-key-id",
            "s3:x-amz-server-side-encryption-customer-algorithm", "s3:x-amz-storage-class",
            "s3:x-amz-website-redirect-location",
        ],
        complete: false,
    },
    Service {
        prefix: "iam",
        actions: &[
            "AttachRolePolicy", "AttachUserPolicy", "CreateAccessKey", "CreatePolicy",
            "CreatePolicyVersion", "CreateRole", "CreateServiceLinkedRole", "CreateUser",
            "DeleteAccessKey", "DeletePolicy", "DeleteRole", "DeleteRolePermissionsBoundary",
            "DeleteRolePolicy", "DeleteUser", "DeleteUserPolicy", "DetachRolePolicy",
            "DetachUserPolicy", "GenerateCredentialReport", "GetPolicy", "GetPolicyVersion",
            "GetRole", "GetRolePolicy", "GetUser", "GetUserPolicy", "ListAccessKeys",
            "ListAttachedRolePolicies", "ListPolicies", "ListRolePolicies", "ListRoles",
            "ListUsers", "PassRole", "PutRolePermissionsBoundary", "PutRolePolicy",
            "PutUserPermissionsBoundary", "PutUserPolicy", "SimulatePrincipalPolicy", "TagRole",
            "UntagRole", "UpdateAssumeRolePolicy", "UpdateRole",
        ],
        condition_keys: &[
            "iam:AWSServiceName", "iam:AssociatedResourceArn", "iam:FIDO-FIPS-140-2-certification",
            "iam:OrganizationsPolicyId", "iam:PassedToService", "iam:PermissionsBoundary",
            "iam:PolicyARN", "iam:ResourceTag/",
        ],
        complete: false,
    },
    Service {
        prefix: "logs",
        actions: &[
            "AssociateKmsKey", "CreateLogDelivery", "CreateLogGroup", "CreateLogStream",
            "DeleteLogGroup", "DeleteLogStream", "DeleteResourcePolicy", "DeleteRetentionPolicy",
            "DescribeLogGroups", "DescribeLogStreams", "DescribeResourcePolicies",
            "DisassociateKmsKey", "FilterLogEvents", "GetLogEvents", "GetQueryResults",
            "ListTagsForResource", "PutLogEvents", "PutMetricFilter", "PutResourcePolicy",
            "PutRetentionPolicy", "PutSubscriptionFilter", "StartQuery", "StopQuery", "TagResource",
            "UntagResource",
        ],
        condition_keys: &[],
        complete: false,
    },
];

/// Global condition keys (a trailing `/` marks a prefix).
#[rustfmt::skip]
pub const GLOBAL_KEYS: &[&str] = &[
    "aws:AssumedRoot", "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast",
    "aws:CurrentTime", "aws:Ec2InstanceSourcePrivateIPv4", "aws:Ec2InstanceSourceVpc",
    "aws:EpochTime", "aws:FederatedProvider", "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent", "aws:PrincipalAccount", "aws:PrincipalArn",
    "aws:PrincipalIsAWSService", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalTag/",
    "aws:PrincipalType", "aws:RequestTag/", "aws:RequestedRegion", "aws:ResourceAccount",
    "aws:ResourceOrgID", "aws:ResourceOrgPaths", "aws:ResourceTag/", "aws:SecureTransport",
    "aws:SourceAccount", "aws:SourceArn", "aws:SourceIdentity", "aws:SourceIp",
    "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc", "aws:SourceVpcArn",
    "aws:SourceVpce", "aws:TagKeys", "aws:TokenIssueTime", "aws:UserAgent", "aws:ViaAWSService",
    "aws:VpcSourceIp", "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths", "aws:referer",
    "aws:userid", "aws:username",
];

/// Multi-valued condition keys (need `ForAnyValue:`/`ForAllValues:`).
#[rustfmt::skip]
pub const MULTI_VALUED_KEYS: &[&str] = &[
    "aws:CalledVia", "aws:PrincipalOrgPaths", "aws:PrincipalServiceNamesList",
    "aws:ResourceOrgPaths", "aws:SourceOrgPaths", "aws:TagKeys", "aws:VpceOrgPaths",
    "kms:EncryptionContextKeys", "kms:GrantOperations", "kms:ResourceAliases",
    "s3:RequestObjectTagKeys",
];

/// KMS condition keys that only some KMS operations provide, with those operations (AWS KMS
/// Developer Guide, "AWS KMS condition keys"; a trailing `:` marks a prefix). A statement that
/// lists other actions next to such a key gets Access Analyzer's "Unsupported action for
/// condition key". Keys provided by every key operation (kms:CallerAccount, kms:ViaService,
/// kms:KeySpec…) are not listed.
#[rustfmt::skip]
pub const KMS_KEY_OPERATIONS: &[(&str, &[&str])] = &[
    ("kms:EncryptionContext:", ENCRYPTION_CONTEXT_OPERATIONS),
    ("kms:EncryptionContextKeys", ENCRYPTION_CONTEXT_OPERATIONS),
    ("kms:GrantConstraintType", &["CreateGrant"]),
    ("kms:GrantOperations", &["CreateGrant"]),
    ("kms:GranteePrincipal", &["CreateGrant"]),
    ("kms:RetiringPrincipal", &["CreateGrant"]),
    ("kms:GrantIsForAWSResource", &["CreateGrant", "ListGrants", "RevokeGrant"]),
    ("kms:BypassPolicyLockoutSafetyCheck", &["CreateKey", "PutKeyPolicy"]),
    ("kms:ExpirationModel", &["ImportKeyMaterial"]),
    ("kms:ValidTo", &["ImportKeyMaterial"]),
    ("kms:ReEncryptOnSameKey", &["ReEncryptFrom", "ReEncryptTo"]),
    ("kms:WrappingAlgorithm", &["GetParametersForImport"]),
    ("kms:WrappingKeySpec", &["GetParametersForImport"]),
];

/// The operations that take an encryption context (RetireGrant is included: a grant's
/// constraints can name one).
#[rustfmt::skip]
const ENCRYPTION_CONTEXT_OPERATIONS: &[&str] = &[
    "CreateGrant", "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom",
    "ReEncryptTo", "RetireGrant",
];

/// The KMS operations that provide a condition key, when only some do.
pub fn operations_for_key(key: &str) -> Option<&'static [&'static str]> {
    KMS_KEY_OPERATIONS
        .iter()
        .find(|(k, _)| key_in(&[k], key))
        .map(|(_, ops)| *ops)
}

/// The table for a service prefix (case-insensitive).
pub fn service(prefix: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|s| s.prefix.eq_ignore_ascii_case(prefix))
}

/// Whether an action pattern (with wildcards) matches any action of its service.
/// `None` when the service is not in the table.
pub fn action_known(pattern: &str) -> Option<bool> {
    let (svc, name) = pattern.split_once(':')?;
    let s = service(svc)?;
    let g = super::Glob::new(name);
    Some(s.actions.iter().any(|a| g.matches_ignore_ascii_case(a)))
}

fn key_in(list: &[&str], key: &str) -> bool {
    list.iter().any(|k| {
        if k.ends_with('/') || k.ends_with(':') {
            key.len() > k.len()
                && key
                    .get(..k.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(k))
        } else {
            k.eq_ignore_ascii_case(key)
        }
    })
}

/// Whether a condition key is known: `Some(true|false)` for `aws:` keys and services in the
/// table, `None` for other services.
pub fn condition_key_known(key: &str) -> Option<bool> {
    let (prefix, _) = key.split_once(':')?;
    if prefix.eq_ignore_ascii_case("aws") {
        return Some(key_in(GLOBAL_KEYS, key));
    }
    let s = service(prefix)?;
    Some(key_in(s.condition_keys, key))
}

/// Whether the key is multi-valued.
pub fn is_multi_valued(key: &str) -> bool {
    key_in(MULTI_VALUED_KEYS, key)
}

/// Whether the key is known and single-valued.
pub fn is_single_valued(key: &str) -> bool {
    condition_key_known(key) == Some(true) && !is_multi_valued(key)
}

/// Whether the table for the key's service is complete.
pub fn complete_for(name: &str) -> bool {
    let prefix = name.split_once(':').map_or(name, |(p, _)| p);
    service(prefix).is_some_and(|s| s.complete)
}
