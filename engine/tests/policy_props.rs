//! Property tests: the fast path agrees with the explained path; parsing and linting never
//! panic on arbitrary input.
//!
//! What `fast_path_equals_explained_path` is, and is not: both paths run the one
//! `evaluate::decide()` with a different recorder, so it checks that they stay consistent
//! (the recorder changes nothing, every statement is explained). It cannot find a wrong
//! decision: a rule that is wrong is wrong on both paths alike. Correctness lives in the
//! case files of `tests/policy_cases/`, each naming its AWS source (and in
//! `policy_cases.rs`, which runs them).

use envelope_lab::policy::*;
use proptest::prelude::*;

const ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:GenerateDataKey",
    "kms:*",
    "kms:Generate*",
    "kinesis:PutRecord",
    "s3:GetObject",
    "*",
    "KMS:decrypt",
    "s3:Get?bject",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:kms:ap-northeast-1:123456789012:key/k1",
    "arn:aws:kms:*:123456789012:key/*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b/${aws:username}/*",
    "arn:aws:kinesis:*:*:stream/s",
];
const PRINCIPALS: &[&str] = &[
    r#""*""#,
    r#"{"AWS": "*"}"#,
    r#"{"AWS": "123456789012"}"#,
    r#"{"AWS": "arn:aws:iam::123456789012:root"}"#,
    r#"{"AWS": "arn:aws:iam::111122223333:root"}"#,
    r#"{"AWS": "arn:aws:iam::123456789012:role/R"}"#,
    r#"{"AWS": ["arn:aws:sts::123456789012:assumed-role/R/S", "arn:aws:iam::123456789012:user/u"]}"#,
    r#"{"Service": "kinesis.amazonaws.com"}"#,
];
const CONDITIONS: &[&str] = &[
    r#"{"StringEquals": {"kms:ViaService": "kinesis.ap-northeast-1.amazonaws.com"}}"#,
    r#"{"StringNotEquals": {"kms:CallerAccount": "123456789012"}}"#,
    r#"{"StringLike": {"kms:ViaService": "*.amazonaws.com"}}"#,
    r#"{"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["aws:kinesis:arn"]}}"#,
    r#"{"ForAnyValue:StringLike": {"kms:EncryptionContextKeys": "aws:*"}}"#,
    r#"{"Null": {"kms:ViaService": "true"}}"#,
    r#"{"BoolIfExists": {"aws:SecureTransport": "true"}}"#,
    r#"{"NumericLessThan": {"s3:max-keys": "10"}}"#,
    r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/R"}}"#,
    r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
    r#"{"DateLessThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"}}"#,
];
const REQ_PRINCIPALS: &[&str] = &[
    "arn:aws:sts::123456789012:assumed-role/R/S",
    "arn:aws:sts::111122223333:assumed-role/R/S",
    "arn:aws:iam::123456789012:user/u",
    "kinesis.amazonaws.com",
    "arn:aws:iam::123456789012:role/R",
];
const REQ_RESOURCES: &[&str] = &[
    "arn:aws:kms:ap-northeast-1:123456789012:key/k1",
    "arn:aws:s3:::b/u/x",
    "arn:aws:kinesis:ap-northeast-1:123456789012:stream/s",
];

fn statement(with_principal: bool) -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::sample::subsequence(ACTIONS.to_vec(), 1..3),
        any::<bool>(),
        prop::sample::select(RESOURCES.to_vec()),
        prop::sample::select(PRINCIPALS.to_vec()),
        prop::option::of(prop::sample::select(CONDITIONS.to_vec())),
        any::<bool>(),
    )
        .prop_map(
            move |(allow, actions, not_action, resource, principal, cond, not_principal)| {
                let effect = if allow || !not_action {
                    if allow {
                        "Allow"
                    } else {
                        "Deny"
                    }
                } else {
                    "Deny"
                };
                let action_key = if not_action && !allow {
                    "NotAction"
                } else {
                    "Action"
                };
                let actions = serde_json::to_string(&actions).unwrap();
                let mut s = format!(
                    r#"{{"Effect": "{effect}", "{action_key}": {actions}, "Resource": "{resource}""#
                );
                if with_principal {
                    let pk = if not_principal && !allow {
                        "NotPrincipal"
                    } else {
                        "Principal"
                    };
                    s.push_str(&format!(r#", "{pk}": {principal}"#));
                }
                if let Some(c) = cond {
                    s.push_str(&format!(r#", "Condition": {c}"#));
                }
                s.push('}');
                s
            },
        )
}

fn policy(with_principal: bool) -> impl Strategy<Value = Policy> {
    prop::collection::vec(statement(with_principal), 0..4).prop_map(|sts| {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            sts.join(",")
        );
        parse_policy(&text).expect("generated policies parse")
    })
}

fn request() -> impl Strategy<Value = Request> {
    (
        prop::sample::select(REQ_PRINCIPALS.to_vec()),
        prop::sample::select(vec![
            "kms:Decrypt",
            "kms:GenerateDataKey",
            "s3:GetObject",
            "kinesis:PutRecord",
        ]),
        prop::sample::select(REQ_RESOURCES.to_vec()),
        prop::option::of(prop::sample::select(vec![
            "kinesis.ap-northeast-1.amazonaws.com",
            "s3.ap-northeast-1.amazonaws.com",
        ])),
        prop::option::of(prop::sample::subsequence(
            vec!["aws:kinesis:arn".to_string(), "x".to_string()],
            0..2,
        )),
    )
        .prop_map(|(p, a, r, via, keys)| {
            let mut ctx = Context::new();
            if let Some(v) = via {
                ctx.set("kms:ViaService", v);
            }
            if let Some(k) = keys {
                ctx.set_list("kms:EncryptionContextKeys", k);
            }
            Request::new(p, a, r).with_context(ctx)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A consistency check between the two paths through one `decide()`, not a correctness
    /// test (see the module comment).
    #[test]
    fn fast_path_equals_explained_path(
        req in request(),
        identity in prop::collection::vec(policy(false), 0..3),
        resource in prop::option::of(policy(true)),
        boundary in prop::option::of(policy(false)),
        scp in prop::option::of(policy(false)),
        grant_op in prop::option::of(prop::sample::select(vec!["Decrypt", "GenerateDataKey"])),
    ) {
        let identity: Vec<NamedPolicy> = identity.into_iter().enumerate().map(|(i, p)| NamedPolicy::new(format!("P{i}"), p)).collect();
        let resource = resource.map(|p| NamedPolicy::new("R", p));
        let boundaries: Vec<NamedPolicy> = boundary.into_iter().map(|p| NamedPolicy::new("B", p)).collect();
        let scps: Vec<NamedPolicy> = scp.into_iter().map(|p| NamedPolicy::new("S", p)).collect();
        let grants: Vec<Grant> = grant_op.into_iter().map(|op| Grant {
            grantee_principal: "arn:aws:iam::123456789012:role/R".into(),
            operations: vec![op.into()],
            ..Grant::default()
        }).collect();
        let mut set = PolicySet::new(&identity).with_boundaries(&boundaries).with_scps(&scps).with_grants(&grants);
        if let Some(r) = &resource {
            set = set.with_resource(r);
        }
        let ex = explain(&req, &set);
        prop_assert_eq!(evaluate(&req, &set), ex.decision);
        prop_assert_eq!(evaluate_rule(&req, &set), ex.rule.clone());
        prop_assert_eq!(ex.decision == Decision::Allowed, ex.message.is_none());
        // Every statement of every policy is explained.
        let n: usize = identity.len() + resource.iter().count() + boundaries.len() + scps.len();
        prop_assert_eq!(ex.policies.len(), n);
    }

    #[test]
    fn parsing_never_panics_on_arbitrary_text(s in "\\PC*") {
        let _ = parse_policy(&s);
        let _ = lint(&s, PolicyKind::KeyPolicy);
        let _ = cli::eval_json(&s);
    }

    #[test]
    fn parsing_never_panics_on_json_like_text(s in r#"[\{\}\[\]":,a-zA-Z0-9 *?$\\.\-_/]{0,200}"#) {
        let _ = parse_policy(&s);
        let _ = lint(&s, PolicyKind::Identity);
        let _ = cli::eval_json(&s);
    }

    #[test]
    fn parsing_never_panics_on_mutated_policies(
        cut in 0usize..400,
        insert in "[\\{\\}\\[\\]\":,*$ ]{0,3}",
    ) {
        let base = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["kms:*"],"Resource":"*","Condition":{"StringLike":{"kms:ViaService":"s3.*.amazonaws.com"},"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["a"]}}}]}"#;
        let cut = cut.min(base.len());
        let mut s = String::new();
        s.push_str(&base[..cut]);
        s.push_str(&insert);
        s.push_str(&base[cut..]);
        if let Ok(p) = parse_policy(&s) {
            let np = NamedPolicy::new("p", p);
            let req = Request::new("arn:aws:sts::123456789012:assumed-role/R/S", "kms:Decrypt", "arn:aws:kms:r:123456789012:key/k");
            let set = PolicySet::default().with_resource(&np);
            prop_assert_eq!(evaluate(&req, &set), explain(&req, &set).decision);
        }
        let _ = lint(&s, PolicyKind::KeyPolicy);
    }
}
