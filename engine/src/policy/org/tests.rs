//! Expected facts written by hand from the AWS pages the module cites.

use super::*;
use crate::policy::{Context, ContextValue, NamedPolicy};

fn policy(name: &str) -> NamedPolicy {
    NamedPolicy::parse(
        name,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    )
    .unwrap()
}

/// root ─ Workloads (ou-ab12-11111111) ─ Prod (ou-ab12-22222222) ─ 222222222222
///      └ Security (ou-ab12-33333333) ─ 333333333333 (log archive)
///      └ 111111111111 (management, directly under the root)
fn org() -> Organization {
    let ou = |id: &str, name: &str, parent: Option<&str>| Ou {
        id: id.into(),
        name: name.into(),
        parent: parent.map(str::to_string),
    };
    let acct = |id: &str, name: &str, parent: Option<&str>| Account {
        id: id.into(),
        name: name.into(),
        parent: parent.map(str::to_string),
    };
    let mut o = Organization {
        id: "o-a1b2c3d4e5".into(),
        root_id: "r-ab12".into(),
        management_account: "111111111111".into(),
        ous: vec![
            ou("ou-ab12-11111111", "Workloads", None),
            ou("ou-ab12-22222222", "Prod", Some("ou-ab12-11111111")),
            ou("ou-ab12-33333333", "Security", None),
        ],
        accounts: vec![
            acct("111111111111", "management", None),
            acct("222222222222", "workload", Some("ou-ab12-22222222")),
            acct("333333333333", "log-archive", Some("ou-ab12-33333333")),
        ],
        ..Organization::default()
    };
    o.scps.insert(Target::Root, vec![policy("FullAWSAccess")]);
    o.scps.insert(
        Target::Ou("ou-ab12-11111111".into()),
        vec![policy("FullAWSAccess"), policy("DenyLeaveOrg")],
    );
    o.scps
        .insert(Target::Account("222222222222".into()), vec![policy("A")]);
    o
}

fn text(c: &Context, k: &str) -> Option<Vec<String>> {
    c.get(k).map(|v: &ContextValue| v.as_slice().to_vec())
}

#[test]
fn org_paths_run_from_the_root_down() {
    let o = org();
    assert_eq!(
        o.org_path("222222222222").as_deref(),
        Some("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/")
    );
    assert_eq!(
        o.org_path("111111111111").as_deref(),
        Some("o-a1b2c3d4e5/r-ab12/")
    );
    assert_eq!(o.org_path("999999999999"), None);
}

#[test]
fn scp_levels_are_root_ous_account() {
    let l = org().scp_levels("222222222222");
    // root, Workloads, Prod (nothing attached), the account.
    assert_eq!(l.sizes, vec![1, 2, 0, 1]);
    let names: Vec<_> = l.policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["FullAWSAccess", "FullAWSAccess", "DenyLeaveOrg", "A"]
    );
    assert_eq!(org().scp_levels("999999999999"), Levels::default());
}

#[test]
fn principal_keys_inside_and_outside_the_org() {
    let o = org();
    let k = o
        .request_keys(
            Caller::Principal("arn:aws:sts::222222222222:assumed-role/Producer/s"),
            "333333333333",
        )
        .0;
    let one = |v: &str| Some(vec![v.to_string()]);
    assert_eq!(text(&k, "aws:PrincipalAccount"), one("222222222222"));
    assert_eq!(text(&k, "aws:PrincipalOrgID"), one("o-a1b2c3d4e5"));
    assert_eq!(
        text(&k, "aws:PrincipalOrgPaths"),
        one("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/")
    );
    assert_eq!(text(&k, "aws:PrincipalIsAWSService"), one("false"));
    assert_eq!(text(&k, "aws:ResourceAccount"), one("333333333333"));
    assert_eq!(text(&k, "aws:ResourceOrgID"), one("o-a1b2c3d4e5"));
    assert_eq!(
        text(&k, "aws:ResourceOrgPaths"),
        one("o-a1b2c3d4e5/r-ab12/ou-ab12-33333333/")
    );
    assert_eq!(text(&k, "aws:SourceAccount"), None);

    let outside = o
        .request_keys(
            Caller::Principal("arn:aws:iam::999999999999:user/mallory"),
            "333333333333",
        )
        .0;
    assert_eq!(text(&outside, "aws:PrincipalAccount"), one("999999999999"));
    assert_eq!(text(&outside, "aws:PrincipalOrgID"), None);
    assert_eq!(text(&outside, "aws:PrincipalOrgPaths"), None);
}

#[test]
fn service_principal_keys_carry_the_source() {
    let o = org();
    let one = |v: &str| Some(vec![v.to_string()]);
    let k = o
        .request_keys(
            Caller::Service {
                principal: "firehose.amazonaws.com",
                source_account: Some("222222222222"),
                source_arn: Some("arn:aws:firehose:ap-northeast-1:222222222222:deliverystream/d"),
            },
            "333333333333",
        )
        .0;
    assert_eq!(text(&k, "aws:PrincipalIsAWSService"), one("true"));
    assert_eq!(text(&k, "aws:PrincipalAccount"), None);
    assert_eq!(text(&k, "aws:PrincipalOrgID"), None);
    assert_eq!(text(&k, "aws:SourceAccount"), one("222222222222"));
    assert_eq!(text(&k, "aws:SourceOrgID"), one("o-a1b2c3d4e5"));
    assert_eq!(
        text(&k, "aws:SourceArn"),
        one("arn:aws:firehose:ap-northeast-1:222222222222:deliverystream/d")
    );
    let foreign = o
        .request_keys(
            Caller::Service {
                principal: "firehose.amazonaws.com",
                source_account: Some("999999999999"),
                source_arn: None,
            },
            "333333333333",
        )
        .0;
    assert_eq!(text(&foreign, "aws:SourceAccount"), one("999999999999"));
    assert_eq!(text(&foreign, "aws:SourceOrgID"), None);
}
