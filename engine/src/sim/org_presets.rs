//! Scenarios with an AWS Organizations organization (issue [4/6] §2): the seed stack's
//! account 123456789012 as a member account in OU Workloads of organization o-a1b2c3d4e5.
//!
//! Not yet in `presets::all()`: every preset's failures must have a verified fix
//! (`engine/tests/sim_fixes.rs`), and the simulation's fix finder does not know SCPs and
//! RCPs yet (`sim::fixes::world` has no organization policies; an RCP's Deny can only be
//! fixed by editing the RCP, a control change). Registering it is one `Preset` entry
//! once it does.

use serde_json::{json, Value};

use crate::sim::scenario::{EventSpec, KmsOperation, PolicySpec, RoleSpec, Scenario};

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
