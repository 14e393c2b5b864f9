//! Scenarios with an AWS Organizations organization (issue [4/6] §2): the seed stack's
//! account 123456789012 as a member account in OU Workloads of organization o-a1b2c3d4e5.
//!
//! Each is registered in `presets::all()`; their failures get fixes like any other
//! preset's (`engine/tests/sim_fixes.rs`), an SCP's or RCP's Deny only by editing that
//! policy, which the fix marks as a change of a control.

use serde_json::{json, Value};

use crate::sim::scenario::{
    EventSpec, KeySpec, KeyState, KmsOperation, PolicySpec, RoleSpec, Scenario,
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
