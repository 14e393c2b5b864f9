//! Policy analysis for goal checks, done by the policy engine (never by string matching):
//! least-privilege probes of a role's identity policies, and playground requests against a
//! key policy.

use crate::policy::{
    catalog, evaluate, evaluate_rule, parse_policy, Context, Decision, Grant, NamedPolicy,
    PolicySet, Request,
};
use crate::sim::keys::{aws_managed_key_id, grant, resolve_key, KeyRef};
use crate::sim::scenario::{RoleSpec, Scenario};

use super::model::{Expect, PlaygroundCase};
use crate::text::Text;

/// The ARN of a key reference of the scenario.
pub fn key_arn(s: &Scenario, reference: &str) -> Option<String> {
    let id = match resolve_key(s, reference)? {
        KeyRef::Customer(i) => return Some(crate::sim::keys::customer_key_arn(s, i)),
        KeyRef::AwsKinesis => aws_managed_key_id(s, "kinesis"),
        KeyRef::AwsS3 => aws_managed_key_id(s, "s3"),
    };
    Some(format!("arn:aws:kms:{}:{}:key/{id}", s.region, s.account))
}

/// A role of the scenario.
pub fn role<'a>(s: &'a Scenario, name: &str) -> Option<&'a RoleSpec> {
    s.roles.iter().find(|r| r.name == name)
}

/// The session ARN the simulator gives a role in checks.
pub fn session_arn(s: &Scenario, role: &str) -> String {
    format!(
        "arn:aws:sts::{}:assumed-role/{role}/lesson-check",
        s.account
    )
}

/// A role's identity policies and permissions boundary, parsed.
pub fn role_policies(r: &RoleSpec) -> Result<(Vec<NamedPolicy>, Vec<NamedPolicy>), Text> {
    let mut identity = Vec::new();
    for p in r.inline_policies.iter().chain(r.attached_policies.iter()) {
        let parsed = parse_policy(&p.document.to_string()).map_err(|e| {
            Text::new(
                format!("policy {} of role {}: {e}", p.name, r.name),
                format!("ロール {} のポリシー {}: {e}", r.name, p.name),
            )
        })?;
        identity.push(NamedPolicy::new(p.name.clone(), parsed));
    }
    let mut boundary = Vec::new();
    if let Some(b) = &r.permissions_boundary {
        let parsed = parse_policy(&b.to_string()).map_err(|e| {
            Text::new(
                format!("permissions boundary of role {}: {e}", r.name),
                format!("ロール {} のアクセス許可の境界: {e}", r.name),
            )
        })?;
        boundary.push(NamedPolicy::new("PermissionsBoundary", parsed));
    }
    Ok((identity, boundary))
}

fn no_key(k: &str) -> Text {
    Text::new(
        format!("no key named {k:?}"),
        format!("{k:?} という名前のキーはありません"),
    )
}

fn no_role(r: &str) -> Text {
    Text::new(
        format!("no role named {r:?}"),
        format!("{r:?} という名前のロールはありません"),
    )
}

fn probe_keys(s: &Scenario) -> Vec<(Text, String)> {
    let mut keys: Vec<(Text, String)> = Vec::new();
    for (i, k) in s.keys.iter().enumerate() {
        keys.push((
            Text::new(k.name.clone(), k.name.clone()),
            crate::sim::keys::customer_key_arn(s, i),
        ));
    }
    for (name, service) in [("alias/aws/kinesis", "kinesis"), ("alias/aws/s3", "s3")] {
        keys.push((
            Text::new(name, name),
            format!(
                "arn:aws:kms:{}:{}:key/{}",
                s.region,
                s.account,
                aws_managed_key_id(s, service)
            ),
        ));
    }
    let other = "0f0f0f0f-1111-4222-8333-444455556666";
    keys.push((
        Text::new("another key of the account", "同じアカウントの別のキー"),
        format!("arn:aws:kms:{}:{}:key/{other}", s.region, s.account),
    ));
    keys.push((
        Text::new("a key in another region", "別のリージョンのキー"),
        format!("arn:aws:kms:eu-west-1:{}:key/{other}", s.account),
    ));
    keys.push((
        Text::new("a key in another account", "別のアカウントのキー"),
        format!("arn:aws:kms:{}:210987654321:key/{other}", s.region),
    ));
    keys
}

fn probe_contexts(s: &Scenario) -> Vec<Context> {
    let mut out = vec![Context::new()];
    for st in &s.streams {
        out.push(
            Context::new()
                .with(
                    "kms:ViaService",
                    format!("kinesis.{}.amazonaws.com", s.region),
                )
                .with(
                    "kms:EncryptionContext:aws:kinesis:arn",
                    format!(
                        "arn:aws:kinesis:{}:{}:stream/{}",
                        s.region, s.account, st.name
                    ),
                ),
        );
    }
    for b in &s.buckets {
        for arn in [
            format!("arn:aws:s3:::{}", b.name),
            format!("arn:aws:s3:::{}/firehose/object", b.name),
        ] {
            out.push(
                Context::new()
                    .with("kms:ViaService", format!("s3.{}.amazonaws.com", s.region))
                    .with("kms:EncryptionContext:aws:s3:arn", arn),
            );
        }
    }
    out
}

/// Least privilege: what the role's identity policies allow in the KMS namespace, probed
/// over every KMS action × every key (the scenario's, the AWS managed ones, and foreign
/// keys) × contexts (none, through Kinesis, through S3), with a key policy that delegates
/// to the account, so only IAM decides. Returns the problems (empty when the role allows
/// exactly `actions` on `keys`).
pub fn grants_only(
    s: &Scenario,
    role_name: &str,
    actions: &[String],
    keys: &[String],
) -> Result<Vec<Text>, Text> {
    let r = role(s, role_name).ok_or_else(|| no_role(role_name))?;
    let (identity, boundaries) = role_policies(r)?;
    let mut allowed_keys = Vec::new();
    for k in keys {
        allowed_keys.push(key_arn(s, k).ok_or_else(|| no_key(k))?);
    }
    let principal = session_arn(s, role_name);
    let key_policy = delegating_key_policy(s)?;
    let set = PolicySet::new(&identity)
        .with_resource(&key_policy)
        .with_boundaries(&boundaries);
    let kms_actions = catalog::service("kms")
        .map(|svc| svc.actions)
        .unwrap_or(&[]);
    let contexts = probe_contexts(s);
    let mut problems = Vec::new();
    let mut granted: Vec<(String, String)> = Vec::new();
    for action in kms_actions {
        let action = format!("kms:{action}");
        let action_ok = actions.iter().any(|a| a.eq_ignore_ascii_case(&action));
        for (key_name, arn) in probe_keys(s) {
            let key_ok = allowed_keys.contains(&arn);
            let allowed_somewhere = contexts.iter().any(|ctx| {
                let req = Request::new(principal.clone(), action.clone(), arn.clone())
                    .with_context(ctx.clone());
                evaluate(&req, &set) == Decision::Allowed
            });
            if !allowed_somewhere {
                continue;
            }
            if action_ok && key_ok {
                granted.push((action.clone(), arn.clone()));
            } else {
                problems.push(Text::new(
                    format!("{role_name} may call {action} on {}", key_name.en()),
                    format!(
                        "{role_name} が {} に対して {action} を呼び出せてしまいます",
                        key_name.ja()
                    ),
                ));
            }
        }
    }
    for a in actions {
        for k in &allowed_keys {
            if !granted
                .iter()
                .any(|(ga, gk)| ga.eq_ignore_ascii_case(a) && gk == k)
            {
                problems.push(Text::new(
                    format!("{role_name} may not call {a} on {k}"),
                    format!("{role_name} は {k} に対して {a} を呼び出せません"),
                ));
            }
        }
    }
    if problems.len() > 6 {
        let more = problems.len() - 5;
        problems.truncate(5);
        problems.push(Text::new(
            format!("… and {more} more"),
            format!("… ほか {more} 件"),
        ));
    }
    Ok(problems)
}

fn grants_of(s: &Scenario, key: &str) -> Vec<Grant> {
    s.keys
        .iter()
        .find(|k| k.name == key)
        .map(|k| k.grants.iter().map(grant).collect())
        .unwrap_or_default()
}

/// Principals of the account that the scenario names nowhere: an assumed-role session and
/// an IAM user whose names appear in no text of the scenario (so no statement can name
/// them), without identity policies. What they may do is what the key policy gives anyone
/// in the account.
pub fn other_principals(s: &Scenario) -> Vec<String> {
    let text = serde_json::to_string(s)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let name = (1..)
        .map(|n| {
            if n == 1 {
                "SomeOtherRole".to_string()
            } else {
                format!("SomeOtherRole{n}")
            }
        })
        .find(|n| !text.contains(&n.to_ascii_lowercase()))
        .unwrap_or_default();
    vec![
        format!("arn:aws:sts::{}:assumed-role/{name}/session", s.account),
        format!("arn:aws:iam::{}:user/{name}", s.account),
    ]
}

/// A key policy that only delegates to the account (the default key policy's first
/// statement), so that IAM alone decides.
fn delegating_key_policy(s: &Scenario) -> Result<NamedPolicy, Text> {
    let delegate = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"kms:*","Resource":"*"}}]}}"#,
        s.account
    );
    NamedPolicy::parse("DelegatingKeyPolicy", &delegate).map_err(|e| {
        Text::new(
            format!("internal key policy: {e}"),
            format!("内部のキーポリシー: {e}"),
        )
    })
}

/// The principals a case asks about, each with its identity policies and boundary.
type Asker = (String, Vec<NamedPolicy>, Vec<NamedPolicy>);

fn askers(s: &Scenario, i: usize, case: &PlaygroundCase) -> Result<Vec<Asker>, Text> {
    match (&case.role, &case.principal, case.other) {
        (Some(r), None, false) => {
            let spec = role(s, r).ok_or_else(|| {
                Text::new(
                    format!("cases[{i}]: no role named {r:?}"),
                    format!("cases[{i}]: {r:?} という名前のロールはありません"),
                )
            })?;
            let (id, b) = role_policies(spec)?;
            // A role of another account asks from there: its request is cross-account.
            let account = spec.account.as_deref().unwrap_or(&s.account);
            let principal = format!("arn:aws:sts::{account}:assumed-role/{r}/lesson-check");
            Ok(vec![(principal, id, b)])
        }
        (None, Some(p), false) => Ok(vec![(p.clone(), Vec::new(), Vec::new())]),
        (None, None, true) => Ok(other_principals(s)
            .into_iter()
            .map(|p| (p, Vec::new(), Vec::new()))
            .collect()),
        _ => Err(Text::new(
            format!("cases[{i}]: give exactly one of \"role\", \"principal\" and \"other\""),
            format!(
                "cases[{i}]: \"role\"、\"principal\"、\"other\" のうち 1 つだけを指定してください"
            ),
        )),
    }
}

/// Evaluates playground cases against a key of the scenario (with `iam_only`, against a
/// key policy that only delegates to the account, and without the key's grants). Returns
/// one line per case and principal whose decision differs from the expectation.
pub fn playground(
    s: &Scenario,
    key: &str,
    cases: &[PlaygroundCase],
    iam_only: bool,
) -> Result<Vec<Text>, Text> {
    let spec = s
        .keys
        .iter()
        .find(|k| k.name == key)
        .ok_or_else(|| no_key(key))?;
    let arn = key_arn(s, key).ok_or_else(|| no_key(key))?;
    let key_policy = if iam_only {
        delegating_key_policy(s)?
    } else {
        NamedPolicy::parse(key.to_string(), &spec.policy.to_string()).map_err(|e| {
            Text::new(
                format!("key policy of {key}: {e}"),
                format!("{key} のキーポリシー: {e}"),
            )
        })?
    };
    let grants = if iam_only {
        Vec::new()
    } else {
        grants_of(s, key)
    };
    let mut problems = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let mut ctx = Context::new();
        for (k, v) in &case.context {
            ctx.set(k.clone(), v.clone());
        }
        for (principal, identity, boundaries) in askers(s, i, case)? {
            let req = Request::new(principal.clone(), case.action.clone(), arn.clone())
                .with_context(ctx.clone());
            let set = PolicySet::new(&identity)
                .with_resource(&key_policy)
                .with_boundaries(&boundaries)
                .with_grants(&grants);
            let decision = evaluate_rule(&req, &set).decision();
            let ok = match case.expect {
                Expect::Allow => decision == Decision::Allowed,
                Expect::Deny => decision != Decision::Allowed,
                Expect::ExplicitDeny => decision == Decision::ExplicitlyDenied,
                Expect::ImplicitDeny => decision == Decision::ImplicitlyDenied,
            };
            if !ok {
                problems.push(unexpected(case, principal, decision));
            }
        }
    }
    Ok(problems)
}

fn unexpected(case: &PlaygroundCase, principal: String, decision: Decision) -> Text {
    let who = case.role.clone().unwrap_or(principal);
    let via = case
        .context
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ");
    Text::new(
        format!(
            "{who} {} ({via}): expected {:?}, got {decision:?}",
            case.action, case.expect
        ),
        format!(
            "{who} {} ({via}): 期待した判定は {:?} ですが、結果は {decision:?} でした",
            case.action, case.expect
        ),
    )
}
