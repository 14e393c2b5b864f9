//! Issue [4/6]: the fixes of a KMS operation whose API reference says "Cross-account use: No"
//! (ScheduleKeyDeletion) called on a key of another account. KMS refuses it whatever the
//! policies say (AWS KMS Developer Guide, "Allowing users in other accounts to use a KMS
//! key": granting another account kms:ScheduleKeyDeletion in a key policy has no effect), so
//! `eval` offers no edit and says why, in both languages, naming the key's account and what
//! to do instead. Checked from outside the fix code:
//! - through `eval_json` (what `envelope-lab eval` prints) for a user, a role and a role
//!   session of the other account: no option, no rejected candidate, the exact reason fields;
//! - by evaluating widened inputs (the key policy `"Principal": "*"` with `kms:*`, IAM `*`,
//!   a grant of the operation): still denied by the same rule, so "no edit helps" is true;
//! - the same request in the key's own account, denied for a missing IAM statement, still
//!   gets ordinary fixes, and the first one, applied, allows it;
//! - an explicit deny (an SCP, the caller's IAM) still decides first and is named first;
//! - a role of the key's account the caller may assume is named only when evaluation says
//!   the caller may assume it and it may make the call (`policy::fix::suggest` on a world).

use envelope_lab::patch;
use envelope_lab::policy::cli::{eval_json, parse_eval_input};
use envelope_lab::policy::fix::{
    suggest, Denied, Hints, ResourceKind, World, WorldPrincipal, WorldResource,
};
use envelope_lab::policy::{explain, parse_policy, NamedPolicy};
use serde_json::{json, Value};

const CALLER_ACCOUNT: &str = "222222222222";
const KEY_ACCOUNT: &str = "333333333333";
const KEY: &str =
    "arn:aws:kms:ap-northeast-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
/// The page the deciding rule's explanation cites (`sources::KMS_CROSS_ACCOUNT`).
const GUIDE: &str =
    "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html";
const GUIDE_JA: &str =
    "https://docs.aws.amazon.com/ja_jp/kms/latest/developerguide/key-policy-modifying-external-accounts.html";

fn other_account_principals() -> [(&'static str, &'static str); 3] {
    [
        (
            "arn:aws:iam::222222222222:user/KeyAdminUser",
            "KeyAdminUser",
        ),
        ("arn:aws:iam::222222222222:role/KeyAdmin", "KeyAdmin"),
        (
            "arn:aws:sts::222222222222:assumed-role/KeyAdmin/s",
            "KeyAdmin",
        ),
    ]
}

fn allow(action: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]})
}

/// The key policy: the key's account (delegating to its IAM) and the other account trusted.
fn key_policy_trusting_both() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "EnableIAMPolicies", "Effect": "Allow",
         "Principal": {"AWS": format!("arn:aws:iam::{KEY_ACCOUNT}:root")}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "TrustTheOtherAccount", "Effect": "Allow",
         "Principal": {"AWS": format!("arn:aws:iam::{CALLER_ACCOUNT}:root")}, "Action": "kms:*", "Resource": "*"}]})
}

fn input(principal: &str, identity: Value, key_policy: Value) -> Value {
    json!({
        "request": {"principal": principal, "action": "kms:ScheduleKeyDeletion", "resource": KEY},
        "identity_policies": [{"name": "KeyAdminPolicy", "policy": identity}],
        "resource_policy": key_policy
    })
}

fn eval(v: &Value) -> Value {
    eval_json(&v.to_string()).expect("eval input")
}

/// The reason a cross-account call without an explicit deny gets, exactly (the caller named
/// by `who`), written here from the KMS guide rather than copied from the engine's output.
fn expected_reason(who: &str) -> (String, String) {
    let key = "key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let en = format!(
        "No policy edit can allow this request. kms:ScheduleKeyDeletion is a KMS operation that cannot be called on a key in another account: the key {key} belongs to account {KEY_ACCOUNT} and the caller {who} is in account {CALLER_ACCOUNT}, and KMS lets other accounts use a key only for the operations whose API reference says \"Cross-account use: Yes\" (cryptographic operations, DescribeKey, GetPublicKey, GetKeyRotationStatus and the grant operations). So no edit in either account makes kms:ScheduleKeyDeletion work on this key from account {CALLER_ACCOUNT}: not the key policy (even \"Principal\": \"*\" with \"kms:*\"), not the caller's IAM policies, a grant, an SCP or an RCP (\"Allowing users in other accounts to use a KMS key\", {GUIDE}). Instead, call kms:ScheduleKeyDeletion with a principal of the key's own account {KEY_ACCOUNT}. Nothing here gives {who} such a principal: no role of account {KEY_ACCOUNT} here is both one {who} may assume and one allowed kms:ScheduleKeyDeletion on {key}. A key administrator of account {KEY_ACCOUNT} makes the call, or a role there that {who} is allowed to assume (its trust policy and {who}'s IAM allowing sts:AssumeRole) and that is allowed kms:ScheduleKeyDeletion (by the key policy, or by that account's IAM where the key policy delegates to it)."
    );
    let ja = format!(
        "ポリシーをどう変更しても、このリクエストは許可できません。kms:ScheduleKeyDeletion は別のアカウントのキーに対しては呼び出せない KMS オペレーションです。キー {key} はアカウント {KEY_ACCOUNT} のもので、呼び出し元 {who} はアカウント {CALLER_ACCOUNT} にあります。KMS が他のアカウントにキーの使用を認めるのは、API リファレンスで「Cross-account use: Yes」とされているオペレーション (暗号化オペレーション、DescribeKey、GetPublicKey、GetKeyRotationStatus、グラントのオペレーション) だけです。そのため、どちらのアカウントで何を変更しても、アカウント {CALLER_ACCOUNT} からこのキーに対して kms:ScheduleKeyDeletion は実行できません。キーポリシー (\"Principal\": \"*\" と \"kms:*\" にしても)、呼び出し元の IAM ポリシー、グラント、SCP、RCP のどれも同じです (出典: 「他のアカウントのユーザーに KMS キーの使用を許可する」{GUIDE_JA})。代わりに、キー自身のアカウント {KEY_ACCOUNT} のプリンシパルで kms:ScheduleKeyDeletion を呼び出してください。ここには、そのようなプリンシパルを {who} に与えるものはありません。アカウント {KEY_ACCOUNT} のロールのうち、{who} が引き受けられ、かつ {key} に対する kms:ScheduleKeyDeletion を許可されているものはありません。アカウント {KEY_ACCOUNT} のキー管理者が呼び出すか、{who} が引き受けることを許可され (ロールの信頼ポリシーと {who} の IAM が sts:AssumeRole を許可)、kms:ScheduleKeyDeletion を許可された (キーポリシーで、またはキーポリシーが委任している場合はそのアカウントの IAM で) ロールをそのアカウントで使ってください。"
    );
    (en, ja)
}

#[test]
fn a_cross_account_schedule_key_deletion_gets_no_option_and_the_exact_reason() {
    for (principal, who) in other_account_principals() {
        let out = eval(&input(
            principal,
            allow("kms:*"),
            key_policy_trusting_both(),
        ));
        assert_eq!(out["decision"], "ImplicitlyDenied", "{principal}");
        assert_eq!(
            out["explanation"]["rule"],
            json!({"rule": "kms_operation_not_cross_account",
                   "action": "kms:ScheduleKeyDeletion", "key_account": KEY_ACCOUNT}),
            "{principal}"
        );
        assert_eq!(out["fixes"], json!([]), "{principal}: no option is offered");
        assert!(
            out.get("rejected").is_none(),
            "{principal}: no candidate is even tried: {}",
            out["rejected"]
        );
        let (en, ja) = expected_reason(who);
        assert_eq!(
            out["no_fix_reason"],
            json!({"en": en, "ja": ja}),
            "{principal}"
        );
    }
}

#[test]
fn widening_every_policy_still_leaves_it_denied_by_the_same_rule() {
    let everyone = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}]});
    let aws_star = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": "*"}]});
    for (principal, _) in other_account_principals() {
        for key_policy in [
            key_policy_trusting_both(),
            everyone.clone(),
            aws_star.clone(),
        ] {
            for identity in [allow("kms:*"), allow("*"), allow("kms:ScheduleKeyDeletion")] {
                let mut v = input(principal, identity, key_policy.clone());
                // A grant can only allow its grant operations, and ScheduleKeyDeletion is not
                // one; given anyway, it changes nothing either.
                v["grants"] = json!([{"GranteePrincipal": principal,
                    "Operations": ["ScheduleKeyDeletion"]}]);
                let out = eval(&v);
                assert_eq!(out["decision"], "ImplicitlyDenied", "{principal} {v}");
                assert_eq!(
                    out["explanation"]["rule"]["rule"], "kms_operation_not_cross_account",
                    "{principal} {v}"
                );
                assert_eq!(out["fixes"], json!([]), "{principal} {v}");
                assert!(out["no_fix_reason"]["en"]
                    .as_str()
                    .unwrap()
                    .starts_with("No policy edit can allow this request."));
            }
        }
    }
}

#[test]
fn in_the_keys_own_account_a_missing_statement_still_gets_ordinary_fixes() {
    for principal in [
        "arn:aws:iam::333333333333:user/KeyAdminUser",
        "arn:aws:iam::333333333333:role/KeyAdmin",
        "arn:aws:sts::333333333333:assumed-role/KeyAdmin/s",
    ] {
        // The key policy delegates to the account's IAM; the caller's IAM allows only Decrypt.
        let v = input(principal, allow("kms:Decrypt"), key_policy_trusting_both());
        let out = eval(&v);
        assert_eq!(out["decision"], "ImplicitlyDenied", "{principal}");
        assert_ne!(
            out["explanation"]["rule"]["rule"], "kms_operation_not_cross_account",
            "{principal}"
        );
        assert!(out.get("no_fix_reason").is_none(), "{principal}: {out}");
        let fixes = out["fixes"].as_array().expect("fixes");
        assert!(!fixes.is_empty(), "{principal}: {out}");
        let kinds: Vec<&str> = fixes.iter().filter_map(|f| f["kind"].as_str()).collect();
        assert!(
            kinds.contains(&"identity_statement"),
            "{principal}: {kinds:?}"
        );
        // The first option, applied to the input, makes the request allowed.
        let edits: Vec<patch::Edit> =
            serde_json::from_value(fixes[0]["edit"].clone()).expect("edits");
        let fixed = patch::apply(&v, &edits).expect("applies");
        let parsed = parse_eval_input(&fixed.to_string()).expect("still an input");
        assert!(
            explain(&parsed.request, &parsed.policy_set())
                .decision
                .is_allowed(),
            "{principal}: {fixed}"
        );
    }
}

#[test]
fn an_explicit_deny_still_decides_first_and_is_named_first() {
    let scp_deny = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "ProtectKeys", "Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let iam_deny = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "kms:*", "Resource": "*"},
        {"Sid": "NoDeletion", "Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}]});
    for (principal, _) in other_account_principals() {
        let mut with_scp = input(principal, allow("kms:*"), key_policy_trusting_both());
        with_scp["service_control_policies"] = json!([{"name": "ProtectKeys", "policy": scp_deny}]);
        let with_iam = input(principal, iam_deny.clone(), key_policy_trusting_both());
        for (v, policy, sid) in [
            (with_scp, "ProtectKeys", "ProtectKeys"),
            (with_iam, "KeyAdminPolicy", "NoDeletion"),
        ] {
            let out = eval(&v);
            // The decision and the rule are the deny's, as before.
            assert_eq!(out["decision"], "ExplicitlyDenied", "{principal} {policy}");
            assert_eq!(
                out["explanation"]["rule"]["rule"], "explicit_deny",
                "{principal} {policy}"
            );
            assert_eq!(out["explanation"]["rule"]["policy"], policy);
            assert_eq!(out["fixes"], json!([]), "{principal} {policy}");
            let en = out["no_fix_reason"]["en"].as_str().unwrap();
            let ja = out["no_fix_reason"]["ja"].as_str().unwrap();
            assert!(
                en.starts_with("An explicit deny decides first (explicitly denied by"),
                "{en}"
            );
            let deny_at = en.find(&format!("Sid \"{sid}\"")).expect(en);
            let refusal_at = en.find("No policy edit can allow this request.").expect(en);
            assert!(deny_at < refusal_at, "{en}");
            assert!(
                en.contains(
                    "Removing or narrowing that Deny would not make the request work either."
                ),
                "{en}"
            );
            assert!(en.contains(&format!("principal of the key's own account {KEY_ACCOUNT}")));
            assert!(ja.starts_with("先に明示的な拒否で決まります ("), "{ja}");
            assert!(
                ja.contains("その Deny を削除したり狭めたりしても、このリクエストは成功しません。"),
                "{ja}"
            );
            assert!(ja.contains(&format!("Sid \"{sid}\"")), "{ja}");
            assert!(ja.contains(GUIDE_JA), "{ja}");
        }
    }
}

#[test]
fn a_cross_account_use_yes_operation_is_not_refused_and_keeps_its_fixes() {
    // Decrypt across accounts: the key policy trusts the other account, its IAM lacks the
    // statement: the ordinary missing half is offered.
    let mut v = input(
        "arn:aws:sts::222222222222:assumed-role/KeyAdmin/s",
        allow("kms:DescribeKey"),
        key_policy_trusting_both(),
    );
    v["request"]["action"] = json!("kms:Decrypt");
    let out = eval(&v);
    assert_eq!(out["decision"], "ImplicitlyDenied");
    assert!(out.get("no_fix_reason").is_none(), "{out}");
    assert!(!out["fixes"].as_array().unwrap().is_empty(), "{out}");
}

// ---- A world with roles: the path through a role of the key's account. ----

fn named(name: &str, v: &Value) -> NamedPolicy {
    NamedPolicy::new(name, parse_policy(&v.to_string()).expect("policy"))
}

fn principal(arn: &str, label: &str, identity: Value) -> WorldPrincipal {
    WorldPrincipal {
        arn: arn.into(),
        label: label.into(),
        identity: vec![named(&format!("{label}Policy"), &identity)],
        identity_json: vec![identity],
        preferred_policy: Some(0),
        boundary: vec![],
        boundary_json: None,
    }
}

/// The caller `Deployer` (account 222222222222), the role `KeyAdmin` of the key's account
/// (its session a principal, its trust policy a resource), and the key.
fn world(caller_identity: Value, trust: Value, admin_identity: Value) -> World {
    let key_policy = key_policy_trusting_both();
    World {
        account: KEY_ACCOUNT.into(),
        principals: vec![
            principal(
                "arn:aws:sts::222222222222:assumed-role/Deployer/s",
                "Deployer",
                caller_identity,
            ),
            principal(
                "arn:aws:sts::333333333333:assumed-role/KeyAdmin/s",
                "KeyAdmin",
                admin_identity,
            ),
        ],
        resources: vec![
            WorldResource {
                arn: KEY.into(),
                kind: ResourceKind::KmsKey,
                label: "RetiredKey".into(),
                policy: Some(named("key", &key_policy)),
                policy_json: Some(key_policy),
                grants: vec![],
                editable: true,
            },
            WorldResource {
                arn: "arn:aws:iam::333333333333:role/KeyAdmin".into(),
                kind: ResourceKind::Role,
                label: "KeyAdmin".into(),
                policy: Some(named("trust", &trust)),
                policy_json: Some(trust),
                grants: vec![],
                editable: true,
            },
        ],
        ..World::default()
    }
}

fn trusting(principal: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]})
}

fn caller_may(actions: &[&str]) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]})
}

fn reason_in(w: &World) -> (usize, String, String) {
    let req = envelope_lab::policy::Request::new(
        "arn:aws:sts::222222222222:assumed-role/Deployer/s",
        "kms:ScheduleKeyDeletion",
        KEY,
    );
    let hints = Hints::default();
    let report = suggest(
        w,
        Denied {
            request: &req,
            principal: 0,
            resource: Some(0),
            hints: &hints,
        },
    );
    let why = report.no_fix_reason.expect("a reason");
    (
        report.fixes.len(),
        why.en().to_string(),
        why.get("ja").to_string(),
    )
}

#[test]
fn a_role_the_caller_may_assume_is_named_only_when_evaluation_finds_the_path() {
    let deployer_role = "arn:aws:iam::222222222222:role/Deployer";
    // Both halves of the AssumeRole allow, and the role may schedule the deletion.
    let w = world(
        caller_may(&["kms:*", "sts:AssumeRole"]),
        trusting(deployer_role),
        caller_may(&["kms:ScheduleKeyDeletion"]),
    );
    let (n, en, ja) = reason_in(&w);
    assert_eq!(n, 0);
    assert!(
        en.contains("Here Deployer may assume KeyAdmin in account 333333333333"),
        "{en}"
    );
    assert!(
        en.contains("call kms:ScheduleKeyDeletion from a session of that role"),
        "{en}"
    );
    assert!(
        ja.contains("Deployer はアカウント 333333333333 の KeyAdmin を引き受けることができ"),
        "{ja}"
    );

    // The trust policy names another account: no path is claimed.
    let not_trusted = world(
        caller_may(&["kms:*", "sts:AssumeRole"]),
        trusting("arn:aws:iam::444444444444:root"),
        caller_may(&["kms:ScheduleKeyDeletion"]),
    );
    // The caller's own IAM does not allow sts:AssumeRole (across accounts both must).
    let no_iam = world(
        caller_may(&["kms:*"]),
        trusting(deployer_role),
        caller_may(&["kms:ScheduleKeyDeletion"]),
    );
    // The role may be assumed but may not schedule the deletion.
    let role_cannot = world(
        caller_may(&["kms:*", "sts:AssumeRole"]),
        trusting(deployer_role),
        caller_may(&["kms:DescribeKey"]),
    );
    for w in [not_trusted, no_iam, role_cannot] {
        let (n, en, ja) = reason_in(&w);
        assert_eq!(n, 0);
        assert!(!en.contains("may assume KeyAdmin"), "{en}");
        assert!(
            en.contains("Nothing here gives Deployer such a principal"),
            "{en}"
        );
        assert!(
            ja.contains("ここには、そのようなプリンシパルを Deployer に与えるものはありません"),
            "{ja}"
        );
    }
}
