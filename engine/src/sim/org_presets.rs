//! Scenarios with an AWS Organizations organization (issue [4/6] §2): the seed stack's
//! account 123456789012 as a member account in OU Workloads of organization o-a1b2c3d4e5,
//! and the cross-account pipelines built on it (a central log archive, a producer writing
//! to another account's stream, and the classic mistakes of each). The cross-account rules
//! they show: IAM User Guide "Cross-account policy evaluation logic" (the caller's account
//! and the resource's must both allow), KMS Developer Guide "Allowing users in other
//! accounts to use a KMS key" (the key policy must allow the external account or principal,
//! and the external account's IAM policy must delegate it), Kinesis Data Streams "Share
//! access using resource-based policies", S3 User Guide "Controlling ownership of objects
//! and disabling ACLs for your bucket".
//!
//! Each is registered in `presets::all()`; their failures get fixes like any other
//! preset's (`engine/tests/sim_fixes.rs`), an SCP's or RCP's Deny only by editing that
//! policy, which the fix marks as a change of a control.

use serde_json::{json, Value};

use crate::sim::scenario::{
    BucketEncryptionSpec, BucketSpec, EventSpec, KeySpec, KeyState, KmsOperation, ObjectOwnership,
    PolicySpec, ReaderSpec, RoleSpec, Scenario, SseAlgorithm,
};

const ORG_ID: &str = "o-a1b2c3d4e5";
/// A partner's account, outside the organization.
const PARTNER: &str = "999999999999";
/// Another member account of the organization (the audit account).
const AUDIT: &str = "210987654321";

/// A role of `account` allowed to use any key (its own IAM half of a cross-account call).
fn role_in(name: &str, account: &str) -> RoleSpec {
    RoleSpec {
        name: name.into(),
        trust_policy: json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:root")}, "Action": "sts:AssumeRole"}]}),
        inline_policies: vec![PolicySpec {
            name: format!("{name}Policy"),
            arn: None,
            document: json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Action": ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*"}]}),
        }],
        attached_policies: vec![],
        permissions_boundary: None,
        account: Some(account.into()),
    }
}

fn describe_key(at: &str, role: &str) -> EventSpec {
    EventSpec::KmsRequest {
        at: at.into(),
        role: role.into(),
        session_name: None,
        operation: KmsOperation::DescribeKey,
        key: Some("KinesisKey".into()),
        encryption_context: None,
        ciphertext_from: None,
        tamper: false,
    }
}

/// The RCP of the AWS KMS Developer Guide's "Resource control policies in AWS KMS": deny KMS
/// use by principals outside the organization, and by services acting for accounts outside
/// it (the confused-deputy guard).
fn data_perimeter_rcp() -> Value {
    json!({"name": "DataPerimeter", "policy": {"Version": "2012-10-17", "Statement": [
        {"Sid": "RCPEnforceIdentityPerimeter", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
         "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG_ID},
                       "Bool": {"aws:PrincipalIsAWSService": "false"}}},
        {"Sid": "RCPEnforceConfusedDeputyProtection", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
         "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": ORG_ID},
                       "Bool": {"aws:PrincipalIsAWSService": "true"},
                       "Null": {"aws:SourceAccount": "false"}}}]}})
}

/// The seed stack; the stream's key also trusts the partner's and the audit account; each
/// account's role calls DescribeKey on it directly; the organization attaches the KMS
/// guide's data-perimeter RCP at the root.
pub fn rcp_data_perimeter() -> Scenario {
    let mut s = Scenario::default();
    s.roles.push(role_in("PartnerRole", PARTNER));
    s.roles.push(role_in("AuditRole", AUDIT));
    if let Some(k) = s.keys.iter_mut().find(|k| k.name == "KinesisKey") {
        if let Some(st) = k.policy["Statement"].as_array_mut() {
            st.push(json!({"Sid": "AllowPartnerAndAuditAccounts", "Effect": "Allow",
                "Principal": {"AWS": [format!("arn:aws:iam::{PARTNER}:root"), format!("arn:aws:iam::{AUDIT}:root")]},
                "Action": ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*"}));
        }
    }
    s.events.push(describe_key("1m", "PartnerRole"));
    s.events.push(describe_key("2m", "AuditRole"));
    s.organization = Some(json!({
        "id": ORG_ID, "root_id": "r-ab12", "management_account": "111111111111",
        "ous": [{"id": "ou-ab12-11111111", "name": "Workloads"}],
        "accounts": [{"id": "111111111111", "name": "management"},
                     {"id": s.account, "name": "workload", "parent": "ou-ab12-11111111"},
                     {"id": AUDIT, "name": "audit", "parent": "ou-ab12-11111111"}],
        "rcps": {"root": [data_perimeter_rcp()]}
    }));
    s
}

/// A role of the scenario's account whose identity policy lets it schedule any key's
/// deletion (and describe keys).
fn key_admin(name: &str, account: &str) -> RoleSpec {
    let mut role = role_in(name, account);
    role.inline_policies[0].document = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["kms:DescribeKey", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"], "Resource": "*"}]});
    role.account = None;
    role
}

/// The SCP that keeps every principal of the OU from scheduling a key's deletion except
/// the break-glass role (the Organizations guide's pattern of an exception for an
/// administrator role: `ArnNotLike` on `aws:PrincipalARN`).
fn deny_key_deletion_scp() -> Value {
    json!({"name": "DenyKeyDeletion", "policy": {"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyScheduleKeyDeletionExceptBreakGlass", "Effect": "Deny",
         "Action": "kms:ScheduleKeyDeletion", "Resource": "*",
         "Condition": {"ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::*:role/BreakGlassRole"}}}]}})
}

/// AWS's default SCP, attached at every level (an Allow is needed at each).
fn full_aws_access() -> Value {
    json!({"name": "FullAWSAccess", "policy": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}})
}

/// The seed stack with a retired key nobody uses; the workload OU's SCP denies
/// ScheduleKeyDeletion to every principal but BreakGlassRole. KeyAdminRole's call at
/// 1 min is denied by the SCP although its own policy and the key policy allow it;
/// BreakGlassRole's at 2 min schedules the deletion. The pipeline is untouched.
pub fn scp_deny_key_deletion() -> Scenario {
    let mut s = Scenario::default();
    let account = s.account.clone();
    s.keys.push(KeySpec {
        name: "RetiredKey".into(),
        key_id: Some("0b7e2c4d-5a6f-4e8b-9c1d-2e3f4a5b6c7d".into()),
        aliases: vec!["alias/retired".into()],
        description: "A key no longer used by the pipeline".into(),
        policy: json!({"Version": "2012-10-17", "Statement": [{"Sid": "Enable IAM User Permissions",
            "Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
            "Action": "kms:*", "Resource": "*"}]}),
        state: KeyState::Enabled,
        grants: vec![],
        account: None,
    });
    s.roles.push(key_admin("KeyAdminRole", &account));
    s.roles.push(key_admin("BreakGlassRole", &account));
    for (at, role) in [("1m", "KeyAdminRole"), ("2m", "BreakGlassRole")] {
        s.events.push(EventSpec::ScheduleKeyDeletion {
            at: at.into(),
            key: "RetiredKey".into(),
            pending_window_days: 30,
            role: Some(role.into()),
        });
    }
    s.organization = Some(json!({
        "id": ORG_ID, "root_id": "r-ab12", "management_account": "111111111111",
        "ous": [{"id": "ou-ab12-11111111", "name": "Workloads"}],
        "accounts": [{"id": "111111111111", "name": "management"},
                     {"id": account, "name": "workload", "parent": "ou-ab12-11111111"}],
        "scps": {"root": [full_aws_access()],
                 "ou-ab12-11111111": [full_aws_access(), deny_key_deletion_scp()],
                 account.clone(): [full_aws_access()]}
    }));
    s
}

/// The log-archive member account (OU Security): the central bucket and its key.
pub const LOG_ARCHIVE: &str = "222222222222";
/// A producer member account (OU Workloads) whose Lambda writes to the data account's stream.
pub const PRODUCER: &str = "333333333333";
/// The management account.
const MANAGEMENT: &str = "111111111111";
/// The central bucket in the log-archive account.
pub const ARCHIVE_BUCKET: &str = "central-log-archive-222222222222";
/// The log-archive account's key for the central bucket.
const ARCHIVE_KEY: &str = "LogArchiveKey";
/// Its key id (fixed, so that its ARN can be written in the other account's policies).
const ARCHIVE_KEY_ID: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/// The log-archive key's ARN, as the workload account names it.
pub fn archive_key_arn(s: &Scenario) -> String {
    format!(
        "arn:aws:kms:{}:{LOG_ARCHIVE}:key/{ARCHIVE_KEY_ID}",
        s.region
    )
}

/// The organization of the cross-account presets: the scenario's account and the producer
/// account in OU Workloads, the log-archive account in OU Security; no SCP or RCP (the
/// accounts' own policies decide).
fn organization(s: &Scenario) -> Value {
    json!({
        "id": ORG_ID, "root_id": "r-ab12", "management_account": MANAGEMENT,
        "ous": [{"id": "ou-ab12-11111111", "name": "Workloads"},
                {"id": "ou-ab12-22222222", "name": "Security"}],
        "accounts": [{"id": MANAGEMENT, "name": "management"},
                     {"id": s.account, "name": "workload", "parent": "ou-ab12-11111111"},
                     {"id": PRODUCER, "name": "producer", "parent": "ou-ab12-11111111"},
                     {"id": LOG_ARCHIVE, "name": "log-archive", "parent": "ou-ab12-22222222"}]
    })
}

fn role_mut<'a>(s: &'a mut Scenario, name: &str) -> Option<&'a mut RoleSpec> {
    s.roles.iter_mut().find(|r| r.name == name)
}

/// (a) The central log archive: the workload account's Firehose (its destination role
/// `KinesisS3DestinationRole`) delivers into a bucket of the log-archive account encrypted
/// with that account's key. The log-archive account's bucket policy lets the role write,
/// its key policy lets the role use the key through S3, the role's own policy allows both
/// (the workload's half), and Object Ownership is BucketOwnerEnforced, so the log-archive
/// account owns every object: its auditor reads them at 10 minutes.
pub fn central_log_archive() -> Scenario {
    central_log_archive_with(ObjectOwnership::BucketOwnerEnforced)
}

fn central_log_archive_with(ownership: ObjectOwnership) -> Scenario {
    let mut s = Scenario::default();
    let region = s.region.clone();
    let workload = s.account.clone();
    let role_arn = format!("arn:aws:iam::{workload}:role/KinesisS3DestinationRole");
    let key_arn = archive_key_arn(&s);
    let bucket_arn = format!("arn:aws:s3:::{ARCHIVE_BUCKET}");
    s.keys.push(KeySpec {
        name: ARCHIVE_KEY.into(),
        key_id: Some(ARCHIVE_KEY_ID.into()),
        aliases: vec![],
        description: "The log-archive account's key for the central bucket".into(),
        policy: json!({"Version": "2012-10-17", "Id": "log-archive-key", "Statement": [
            {"Sid": "EnableLogArchiveIAM", "Effect": "Allow",
             "Principal": {"AWS": format!("arn:aws:iam::{LOG_ARCHIVE}:root")}, "Action": "kms:*", "Resource": "*"},
            {"Sid": "AllowWorkloadFirehoseThroughS3", "Effect": "Allow",
             "Principal": {"AWS": role_arn},
             "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"kms:ViaService": format!("s3.{region}.amazonaws.com")}}}]}),
        state: KeyState::Enabled,
        grants: vec![],
        account: Some(LOG_ARCHIVE.into()),
    });
    s.buckets.push(BucketSpec {
        name: ARCHIVE_BUCKET.into(),
        default_encryption: BucketEncryptionSpec {
            sse: SseAlgorithm::AwsKms,
            kms_key: Some(ARCHIVE_KEY.into()),
            bucket_key: false,
        },
        policy: Some(json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "AllowWorkloadFirehose", "Effect": "Allow", "Principal": {"AWS": role_arn},
             "Action": ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket",
                        "s3:ListBucketMultipartUploads", "s3:PutObject"],
             "Resource": [bucket_arn, format!("{bucket_arn}/*")]}]})),
        existing_objects: vec![],
        account: Some(LOG_ARCHIVE.into()),
        object_ownership: Some(ownership),
    });
    if let Some(r) = role_mut(&mut s, "KinesisS3DestinationRole") {
        r.inline_policies = vec![PolicySpec {
            name: "KinesisS3DestinationPolicy".into(),
            arn: None,
            document: json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow",
                 "Action": ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket",
                            "s3:ListBucketMultipartUploads", "s3:PutObject"],
                 "Resource": [bucket_arn, format!("{bucket_arn}/*")]},
                {"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": key_arn},
                {"Effect": "Allow", "Action": ["logs:PutLogEvents"],
                 "Resource": [format!("arn:aws:logs:{region}:{workload}:log-group:/aws/kinesisfirehose/dva-02-005-FirehoseDeliveryStream:*")]}]}),
        }];
    }
    if let Some(d) = s.delivery_streams.first_mut() {
        d.bucket = ARCHIVE_BUCKET.into();
        // The scenario names the key; in AWS the workload account's Firehose names it by
        // its ARN (a key of another account has no alias or id the workload can use).
        d.encryption = Some(crate::sim::scenario::FirehoseEncryptionSpec {
            kms_key: ARCHIVE_KEY.into(),
        });
    }
    // The seed's own bucket is not used: the archive replaces it.
    s.buckets.retain(|b| b.name == ARCHIVE_BUCKET);
    s.roles.push(RoleSpec {
        name: "LogArchiveAuditorRole".into(),
        trust_policy: json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{LOG_ARCHIVE}:root")}, "Action": "sts:AssumeRole"}]}),
        inline_policies: vec![PolicySpec {
            name: "ReadTheArchive".into(),
            arn: None,
            document: json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [bucket_arn, format!("{bucket_arn}/*")]},
                {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arn}]}),
        }],
        attached_policies: vec![],
        permissions_boundary: None,
        account: Some(LOG_ARCHIVE.into()),
    });
    s.readers.push(ReaderSpec {
        role: "LogArchiveAuditorRole".into(),
        at: "10m".into(),
        bucket: ARCHIVE_BUCKET.into(),
        prefix: "firehose/".into(),
        client_side: None,
    });
    s.organization = Some(organization(&s));
    s
}

/// (e) The central log archive with ACLs enabled (Object Ownership `ObjectWriter`) and
/// Firehose sending no `bucket-owner-full-control`: every delivered object stays the
/// workload account's, and the log-archive account's auditor cannot read it although its
/// IAM policy and the key allow (the bucket policy does not reach objects another account
/// owns).
pub fn mistake_object_writer() -> Scenario {
    central_log_archive_with(ObjectOwnership::ObjectWriter)
}

/// (b) The cross-account producer: the data account (the scenario's) owns the stream and
/// its key; the Lambda's execution role `DataSourceLambdaRole` lives in the producer
/// account. The stream's resource policy lets the role put records, the key policy trusts
/// the producer account (which delegates with its own IAM), and the role's policy allows
/// `kinesis:PutRecord` on the stream and `kms:GenerateDataKey` on the key.
pub fn cross_account_producer() -> Scenario {
    let mut s = Scenario::default();
    let region = s.region.clone();
    let stream_arn = s
        .streams
        .first()
        .map(|st| format!("arn:aws:kinesis:{region}:{}:stream/{}", s.account, st.name))
        .unwrap_or_default();
    let role_arn = format!("arn:aws:iam::{PRODUCER}:role/DataSourceLambdaRole");
    if let Some(r) = role_mut(&mut s, "DataSourceLambdaRole") {
        r.account = Some(PRODUCER.into());
    }
    if let Some(st) = s.streams.first_mut() {
        st.policy = Some(
            json!({"Version": "2012-10-17", "Id": "writePolicy", "Statement": [
            {"Sid": "AllowProducerAccountLambda", "Effect": "Allow", "Principal": {"AWS": role_arn},
             "Action": ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"],
             "Resource": stream_arn}]}),
        );
    }
    if let Some(k) = s.keys.iter_mut().find(|k| k.name == "KinesisKey") {
        if let Some(st) = k.policy["Statement"].as_array_mut() {
            st.push(json!({"Sid": "AllowProducerAccount", "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{PRODUCER}:root")},
                "Action": ["kms:GenerateDataKey"], "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": format!("kinesis.{region}.amazonaws.com")}}}));
        }
    }
    s.organization = Some(organization(&s));
    s
}

/// (e) The key policy trusts the producer account, but the producer account's IAM does not
/// delegate: the role's policy allows PutRecord on the stream and nothing on the key.
pub fn mistake_iam_missing() -> Scenario {
    let mut s = cross_account_producer();
    if let Some(r) = role_mut(&mut s, "DataSourceLambdaRole") {
        for p in &mut r.inline_policies {
            if let Some(st) = p.document["Statement"].as_array_mut() {
                st.retain(|x| x["Action"] != json!(["kms:GenerateDataKey"]));
            }
        }
    }
    s
}

/// (e) The reverse: the producer account's IAM allows `kms:GenerateDataKey` on the data
/// account's key, but the key policy does not trust the producer account (its statements
/// name only the data account).
pub fn mistake_key_policy_missing() -> Scenario {
    let mut s = cross_account_producer();
    if let Some(k) = s.keys.iter_mut().find(|k| k.name == "KinesisKey") {
        if let Some(st) = k.policy["Statement"].as_array_mut() {
            st.retain(|x| x["Sid"] != "AllowProducerAccount");
        }
    }
    s
}

/// OU Prod, nested in OU Workloads (the organization of [`mistake_scp_ou_level`]).
pub const PROD_OU: &str = "ou-ab12-44444444";
/// OU Workloads.
const WORKLOADS_OU: &str = "ou-ab12-11111111";

/// The SCP OU Prod has in place of FullAWSAccess: an allow-list written for the delivery
/// side of the pipeline (S3, Firehose, CloudWatch Logs, KMS, STS, Lambda and Kinesis's
/// read actions) before the producer moved into the OU; it does not list
/// `kinesis:PutRecord` or `kinesis:PutRecords`.
fn prod_allow_list_scp() -> Value {
    json!({"name": "ProdDeliveryOnly", "policy": {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowTheDeliverySide", "Effect": "Allow",
         "Action": ["s3:*", "firehose:*", "logs:*", "kms:*", "sts:*", "lambda:*",
                    "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                    "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams",
                    "kinesis:SubscribeToShard"],
         "Resource": "*"}]}})
}

/// (e) An SCP that lacks an Allow at one OU level: the organization's root → OU Workloads →
/// OU Prod → the scenario's account. FullAWSAccess is attached at the root, at Workloads and
/// at the account; OU Prod has only `ProdDeliveryOnly`, an allow-list without
/// `kinesis:PutRecord`. An SCP Allow is needed at every level from the root to the account
/// (AWS Organizations User Guide, "SCP evaluation" — "How SCPs work with Allow": a
/// permission not allowed at some level, the account's OU included, is denied; SCPs are
/// inherited down the tree, "Inheritance for service control policies"), so the producer's
/// PutRecord is denied at OU Prod although the root, Workloads, the account, the role's own
/// policy and the key allow it. Nothing is delivered.
pub fn mistake_scp_ou_level() -> Scenario {
    let mut s = Scenario::default();
    let account = s.account.clone();
    s.organization = Some(json!({
        "id": ORG_ID, "root_id": "r-ab12", "management_account": MANAGEMENT,
        "ous": [{"id": WORKLOADS_OU, "name": "Workloads"},
                {"id": PROD_OU, "name": "Prod", "parent": WORKLOADS_OU}],
        "accounts": [{"id": MANAGEMENT, "name": "management"},
                     {"id": account, "name": "workload-prod", "parent": PROD_OU}],
        "scps": {"root": [full_aws_access()],
                 WORKLOADS_OU: [full_aws_access()],
                 PROD_OU: [prod_allow_list_scp()],
                 account.clone(): [full_aws_access()]}
    }));
    s
}
