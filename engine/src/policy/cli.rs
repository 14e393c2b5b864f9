//! The logic of the `eval` and `lint` CLI commands, as library functions (the binary only
//! does I/O and exit codes). Input errors are located like policy errors, with paths such
//! as `identity_policies[0].Statement[1].Effect`.

use super::json::{self, Node, Value};
use super::parse::join;
use super::{
    explain, lint_policy_node, parse_policy_node, Context, Finding, Grant, NamedPolicy,
    PolicyError, PolicyKind, PolicySet, Request,
};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Everything the `eval` command reads, owned.
#[derive(Clone, Debug)]
pub struct EvalInput {
    pub request: Request,
    pub identity_policies: Vec<NamedPolicy>,
    pub resource_policy: Option<NamedPolicy>,
    pub permission_boundaries: Vec<NamedPolicy>,
    /// Every SCP, root level first (see `scp_levels`).
    pub service_control_policies: Vec<NamedPolicy>,
    /// How many SCPs each level holds; empty when the input gave one flat list.
    pub scp_levels: Vec<usize>,
    /// The names of the levels that are OUs, when an `organization` gave the levels.
    pub scp_level_names: Vec<Option<String>>,
    /// Every RCP of the resource's account, root level first (see `rcp_levels`).
    pub resource_control_policies: Vec<NamedPolicy>,
    pub rcp_levels: Vec<usize>,
    /// The organization's management account id.
    pub management_account: Option<String>,
    /// The key is an AWS managed key (RCPs do not apply to it).
    pub aws_managed_key: bool,
    pub grants: Vec<Grant>,
    /// The organization the input described, if any: it filled the request's organization
    /// keys and, unless given, the SCP and RCP levels and the management account.
    pub organization: Option<super::org::Organization>,
}

impl EvalInput {
    /// The policy set borrowing from this input.
    pub fn policy_set(&self) -> PolicySet<'_> {
        PolicySet {
            identity: &self.identity_policies,
            resource: self.resource_policy.as_ref(),
            boundaries: &self.permission_boundaries,
            scps: &self.service_control_policies,
            scp_levels: &self.scp_levels,
            scp_level_names: &self.scp_level_names,
            rcps: &self.resource_control_policies,
            rcp_levels: &self.rcp_levels,
            management_account: self.management_account.as_deref(),
            aws_managed_key: self.aws_managed_key,
            grants: &self.grants,
        }
    }
}

const TOP: [&str; 12] = [
    "request",
    "identity_policies",
    "resource_policy",
    "permission_boundaries",
    "service_control_policies",
    "scps",
    "resource_control_policies",
    "rcps",
    "management_account",
    "aws_managed_key",
    "grants",
    "organization",
];

fn err(node_pos: json::Pos, path: &str, msg: impl Into<Cow<'static, str>>) -> PolicyError {
    PolicyError::at(node_pos, path, msg)
}

/// Parses the `eval` input document.
pub fn parse_eval_input(input: &str) -> Result<EvalInput, PolicyError> {
    let root = json::parse(input)?;
    let members = root.as_object().ok_or_else(|| {
        err(
            root.pos,
            "",
            format!(
                "expected an object {{\"request\": …, \"identity_policies\": […]}}, found {}",
                root.value.kind().en()
            ),
        )
    })?;
    for m in members {
        if !TOP.contains(&m.key.as_str()) {
            return Err(err(
                m.key_pos,
                &m.key,
                format!(
                    "unknown field \"{}\"; expected one of {}",
                    m.key,
                    TOP.join(", ")
                ),
            ));
        }
    }
    let req_node = &root
        .get("request")
        .ok_or_else(|| err(root.pos, "", "missing required field \"request\""))?
        .value;
    let request = parse_request(req_node)?;
    let identity_node = &root
        .get("identity_policies")
        .ok_or_else(|| {
            err(
                root.pos,
                "",
                "missing required field \"identity_policies\" (use [] for none)",
            )
        })?
        .value;
    let identity_policies = policy_list(identity_node, "identity_policies", "IdentityPolicy")?;
    let resource_policy = match root.get("resource_policy") {
        None => None,
        Some(m) if m.value.value == Value::Null => None,
        Some(m) => {
            let default = if super::is_kms_key_arn(&request.resource) {
                "KeyPolicy"
            } else {
                "ResourcePolicy"
            };
            Some(named_policy(&m.value, "resource_policy", default)?)
        }
    };
    let permission_boundaries = match root.get("permission_boundaries") {
        None => Vec::new(),
        Some(m) => policy_list(&m.value, "permission_boundaries", "PermissionsBoundary")?,
    };
    let (service_control_policies, scp_levels) =
        levelled(&root, ["service_control_policies", "scps"], "SCP")?;
    let (resource_control_policies, rcp_levels) =
        levelled(&root, ["resource_control_policies", "rcps"], "RCP")?;
    let management_account = match root.get("management_account") {
        None => None,
        Some(m) => Some(
            m.value
                .as_str()
                .filter(|s| super::is_account_id(s))
                .ok_or_else(|| {
                    err(
                        m.value.pos,
                        "management_account",
                        "expected a 12-digit account id",
                    )
                })?
                .to_string(),
        ),
    };
    let aws_managed_key = match root.get("aws_managed_key") {
        None => false,
        Some(m) => match m.value.value {
            Value::Bool(b) => b,
            _ => {
                return Err(err(
                    m.value.pos,
                    "aws_managed_key",
                    "expected true or false",
                ))
            }
        },
    };
    let mut request = request;
    let mut service_control_policies = service_control_policies;
    let mut scp_levels = scp_levels;
    let mut scp_level_names = Vec::new();
    let mut resource_control_policies = resource_control_policies;
    let mut rcp_levels = rcp_levels;
    let mut management_account = management_account;
    let organization = match root.get("organization") {
        None => None,
        Some(m) => {
            let org = super::org::parse_organization(&m.value, "organization", &policy_list)?;
            org.fill_request(&mut request);
            let given = |keys: [&str; 2]| keys.iter().any(|k| root.get(k).is_some());
            if !given(["service_control_policies", "scps"]) && !org.scps.is_empty() {
                let account = super::org::principal_account(&request.principal).unwrap_or_default();
                let l = org.scp_levels(account);
                service_control_policies = l.policies;
                scp_levels = l.sizes;
                scp_level_names = l.names;
            }
            if !given(["resource_control_policies", "rcps"]) && !org.rcps.is_empty() {
                let account = super::org::resource_account(&request).unwrap_or_default();
                let l = org.rcp_levels(account);
                resource_control_policies = l.policies;
                rcp_levels = l.sizes;
            }
            if management_account.is_none() {
                management_account = Some(org.management_account.clone());
            }
            Some(org)
        }
    };
    let grants = match root.get("grants") {
        None => Vec::new(),
        Some(m) => {
            let Value::Array(items) = &m.value.value else {
                return Err(err(m.value.pos, "grants", "expected an array of grants"));
            };
            items
                .iter()
                .enumerate()
                .map(|(i, n)| parse_grant(n, &format!("grants[{i}]")))
                .collect::<Result<_, _>>()?
        }
    };
    Ok(EvalInput {
        request,
        identity_policies,
        resource_policy,
        permission_boundaries,
        service_control_policies,
        scp_levels,
        scp_level_names,
        resource_control_policies,
        rcp_levels,
        management_account,
        aws_managed_key,
        grants,
        organization,
    })
}

/// SCPs or RCPs under either of `keys`: a flat list of policies (one level, as before
/// levels existed) or a list of levels, root → OUs → account, each a list of policies.
/// Returns the policies in order and, for levels, how many each level holds.
fn levelled(
    root: &Node,
    keys: [&str; 2],
    default: &str,
) -> Result<(Vec<NamedPolicy>, Vec<usize>), PolicyError> {
    let found: Vec<_> = keys.iter().filter_map(|k| root.get(k)).collect();
    let Some(m) = found.first() else {
        return Ok((Vec::new(), Vec::new()));
    };
    if let Some(second) = found.get(1) {
        return Err(err(
            second.key_pos,
            &second.key,
            format!("give either \"{}\" or \"{}\", not both", keys[0], keys[1]),
        ));
    }
    let path = m.key.as_str();
    let Value::Array(items) = &m.value.value else {
        return policy_list(&m.value, path, default).map(|p| (p, Vec::new()));
    };
    if !items.iter().any(|n| matches!(n.value, Value::Array(_))) {
        return Ok((policy_list(&m.value, path, default)?, Vec::new()));
    }
    let mut policies = Vec::new();
    let mut sizes = Vec::new();
    for (level, n) in items.iter().enumerate() {
        let lp = format!("{path}[{level}]");
        if !matches!(n.value, Value::Array(_)) {
            return Err(err(
                n.pos,
                &lp,
                "expected a level (an array of policies): give every level as an array, root first",
            ));
        }
        let list = policy_list(n, &lp, &format!("{default}{level}."))?;
        sizes.push(list.len());
        policies.extend(list);
    }
    Ok((policies, sizes))
}

fn req_string(node: &Node, key: &str, path: &str) -> Result<Option<String>, PolicyError> {
    match node.get(key) {
        None => Ok(None),
        Some(m) => match &m.value.value {
            Value::String(s) => Ok(Some(s.clone())),
            Value::Null => Ok(None),
            _ => Err(err(
                m.value.pos,
                &join(path, key),
                format!("expected a string, found {}", m.value.value.kind().en()),
            )),
        },
    }
}

fn parse_request(node: &Node) -> Result<Request, PolicyError> {
    let path = "request";
    let members = node.as_object().ok_or_else(|| {
        err(
            node.pos,
            path,
            "expected an object {\"principal\", \"action\", \"resource\", …}",
        )
    })?;
    const KEYS: [&str; 5] = [
        "principal",
        "action",
        "resource",
        "resource_account",
        "context",
    ];
    for m in members {
        if !KEYS.contains(&m.key.as_str()) {
            return Err(err(
                m.key_pos,
                &join(path, &m.key),
                format!(
                    "unknown field \"{}\"; expected one of {}",
                    m.key,
                    KEYS.join(", ")
                ),
            ));
        }
    }
    let required = |k: &str| -> Result<String, PolicyError> {
        req_string(node, k, path)?
            .ok_or_else(|| err(node.pos, path, format!("missing required field \"{k}\"")))
    };
    let principal = required("principal")?;
    let action = required("action")?;
    let resource = required("resource")?;
    let resource_account = req_string(node, "resource_account", path)?;
    let context = match node.get("context") {
        None => Context::new(),
        Some(m) => parse_context(&m.value, &join(path, "context"))?,
    };
    Ok(Request {
        principal,
        action,
        resource,
        resource_account,
        context,
    })
}

fn scalar_text(n: &Node) -> Option<String> {
    match &n.value {
        Value::String(s) => Some(s.clone()),
        Value::Number(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn parse_context(node: &Node, path: &str) -> Result<Context, PolicyError> {
    let members = node
        .as_object()
        .ok_or_else(|| err(node.pos, path, "expected an object of condition keys"))?;
    let mut c = Context::new();
    for m in members {
        let p = join(path, &m.key);
        match &m.value.value {
            Value::Array(items) => {
                let mut vals = Vec::new();
                for (i, n) in items.iter().enumerate() {
                    vals.push(scalar_text(n).ok_or_else(|| {
                        err(
                            n.pos,
                            &format!("{p}[{i}]"),
                            "expected a string, number or boolean",
                        )
                    })?);
                }
                c.set_list(m.key.clone(), vals);
            }
            _ => {
                let v = scalar_text(&m.value).ok_or_else(|| {
                    err(
                        m.value.pos,
                        &p,
                        "expected a string, number, boolean or an array of them",
                    )
                })?;
                c.set(m.key.clone(), v);
            }
        }
    }
    Ok(c)
}

pub(crate) fn policy_list(
    node: &Node,
    path: &str,
    default: &str,
) -> Result<Vec<NamedPolicy>, PolicyError> {
    match &node.value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| named_policy(n, &format!("{path}[{i}]"), &format!("{default}{i}")))
            .collect(),
        _ => Err(err(
            node.pos,
            path,
            format!(
                "expected an array of policies, found {}",
                node.value.kind().en()
            ),
        )),
    }
}

/// A policy object, or `{"name": …, "policy": {…}}` (also `PolicyName`/`PolicyDocument`).
fn named_policy(node: &Node, path: &str, default: &str) -> Result<NamedPolicy, PolicyError> {
    let name_m = node.get("name").or_else(|| node.get("PolicyName"));
    let doc_m = node.get("policy").or_else(|| node.get("PolicyDocument"));
    if let Some(doc) = doc_m {
        let name = match name_m.map(|m| &m.value) {
            Some(n) => n
                .as_str()
                .ok_or_else(|| err(n.pos, &join(path, "name"), "expected a string"))?
                .to_string(),
            None => default.to_string(),
        };
        let policy = parse_policy_node(&doc.value, &join(path, &doc.key))?;
        return Ok(NamedPolicy::new(name, policy));
    }
    let policy = parse_policy_node(node, path)?;
    let name = policy.id.clone().unwrap_or_else(|| default.to_string());
    Ok(NamedPolicy::new(name, policy))
}

fn string_map(node: &Node, path: &str) -> Result<BTreeMap<String, String>, PolicyError> {
    let members = node.as_object().ok_or_else(|| {
        err(
            node.pos,
            path,
            "expected an object of encryption-context pairs",
        )
    })?;
    members
        .iter()
        .map(|m| {
            m.value
                .as_str()
                .map(|v| (m.key.clone(), v.to_string()))
                .ok_or_else(|| err(m.value.pos, &join(path, &m.key), "expected a string"))
        })
        .collect()
}

fn parse_grant(node: &Node, path: &str) -> Result<Grant, PolicyError> {
    if node.as_object().is_none() {
        return Err(err(
            node.pos,
            path,
            "expected a grant object {\"GranteePrincipal\", \"Operations\", …}",
        ));
    }
    let pick = |a: &str, b: &str| node.get(a).or_else(|| node.get(b));
    let grantee = pick("grantee_principal", "GranteePrincipal").ok_or_else(|| {
        err(
            node.pos,
            path,
            "missing required field \"GranteePrincipal\"",
        )
    })?;
    let grantee_principal = grantee
        .value
        .as_str()
        .ok_or_else(|| {
            err(
                grantee.value.pos,
                &join(path, &grantee.key),
                "expected a string",
            )
        })?
        .to_string();
    let ops = pick("operations", "Operations")
        .ok_or_else(|| err(node.pos, path, "missing required field \"Operations\""))?;
    let ops_path = join(path, &ops.key);
    let operations = match &ops.value.value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| {
                n.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| err(n.pos, &format!("{ops_path}[{i}]"), "expected a string"))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Value::String(s) => vec![s.clone()],
        _ => {
            return Err(err(
                ops.value.pos,
                &ops_path,
                "expected an array of operation names",
            ))
        }
    };
    let mut equals = None;
    let mut subset = None;
    if let Some(m) = pick("encryption_context_equals", "EncryptionContextEquals") {
        equals = Some(string_map(&m.value, &join(path, &m.key))?);
    }
    if let Some(m) = pick("encryption_context_subset", "EncryptionContextSubset") {
        subset = Some(string_map(&m.value, &join(path, &m.key))?);
    }
    if let Some(c) = pick("constraints", "Constraints") {
        let cp = join(path, &c.key);
        if let Some(m) = c.value.get("EncryptionContextEquals") {
            equals = Some(string_map(&m.value, &join(&cp, &m.key))?);
        }
        if let Some(m) = c.value.get("EncryptionContextSubset") {
            subset = Some(string_map(&m.value, &join(&cp, &m.key))?);
        }
    }
    Ok(Grant {
        grantee_principal,
        operations,
        encryption_context_equals: equals,
        encryption_context_subset: subset,
    })
}

/// Runs `eval`: `{"decision", "reason", "message", "explanation"}`, and `fixes` (verified
/// edits of the input, see [`super::fix::eval_fixes`]) when the decision is not Allowed,
/// with `no_fix_reason` (`{en, ja}`) when there is none.
pub fn eval_json(input: &str) -> Result<serde_json::Value, PolicyError> {
    let parsed = parse_eval_input(input)?;
    let e = explain(&parsed.request, &parsed.policy_set());
    let mut out = serde_json::json!({
        "decision": e.decision,
        "reason": e.reason,
        "message": e.message,
        "explanation": e,
    });
    if !e.decision.is_allowed() {
        let report = super::fix::eval_report(input, &parsed);
        out["fixes"] = serde_json::to_value(report.fixes).unwrap_or_default();
        if let Some(r) = report.no_fix_reason {
            out["no_fix_reason"] = serde_json::to_value(r).unwrap_or_default();
        }
        if !report.rejected.is_empty() {
            out["rejected"] = serde_json::to_value(report.rejected).unwrap_or_default();
        }
    }
    Ok(out)
}

/// The `--kind` values, as help and errors list them.
pub const KINDS: &str = "identity, trust, key, bucket, resource, scp, rcp or boundary";

/// Parses a `--kind` value (see [`KINDS`]).
pub fn parse_kind(s: &str) -> Option<PolicyKind> {
    match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
        "identity" => Some(PolicyKind::Identity),
        "trust" | "trustpolicy" | "assumerole" => Some(PolicyKind::TrustPolicy),
        "key" | "keypolicy" | "kms" => Some(PolicyKind::KeyPolicy),
        "bucket" | "bucketpolicy" | "s3" => Some(PolicyKind::BucketPolicy),
        "resource" | "resourcepolicy" => Some(PolicyKind::ResourcePolicy),
        "scp" | "servicecontrolpolicy" => Some(PolicyKind::Scp),
        "rcp" | "resourcecontrolpolicy" => Some(PolicyKind::Rcp),
        "boundary" | "permissionsboundary" => Some(PolicyKind::Boundary),
        _ => None,
    }
}

/// Guesses what a policy is for: statements with a Principal and only `sts:` actions make a
/// trust policy, only `kms:` actions (or `*`) a key policy, only `s3:` actions a bucket
/// policy, other Principal statements a resource policy; without a Principal, identity.
pub fn guess_kind(input: &str) -> PolicyKind {
    let Ok(node) = json::parse(input) else {
        return PolicyKind::Identity;
    };
    let statements: Vec<&Node> = match node.get("Statement").map(|m| &m.value) {
        Some(
            n @ Node {
                value: Value::Object(_),
                ..
            },
        ) => vec![n],
        Some(Node {
            value: Value::Array(items),
            ..
        }) => items.iter().collect(),
        _ => return PolicyKind::Identity,
    };
    let has_principal = statements
        .iter()
        .any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some());
    if !has_principal {
        return PolicyKind::Identity;
    }
    // Every action of every statement is `*` or of one of `services`.
    let all_of = |services: &[&str]| {
        statements.iter().all(|s| {
            let Some(a) = s.get("Action").or_else(|| s.get("NotAction")) else {
                return true;
            };
            let texts: Vec<&str> = match &a.value.value {
                Value::String(t) => vec![t.as_str()],
                Value::Array(items) => items.iter().filter_map(Node::as_str).collect(),
                _ => Vec::new(),
            };
            texts.iter().all(|t| {
                let lower = t.to_ascii_lowercase();
                services
                    .iter()
                    .any(|s| *t == *s || lower.strip_prefix(s).is_some_and(|r| r.starts_with(':')))
            })
        })
    };
    if all_of(&["sts"]) {
        PolicyKind::TrustPolicy
    } else if all_of(&["*", "kms"]) {
        PolicyKind::KeyPolicy
    } else if all_of(&["s3"]) {
        PolicyKind::BucketPolicy
    } else {
        PolicyKind::ResourcePolicy
    }
}

/// Runs `lint` and returns the findings.
pub fn lint_findings(input: &str, kind: Option<PolicyKind>) -> Vec<Finding> {
    let kind = kind.unwrap_or_else(|| guess_kind(input));
    match json::parse(input) {
        Ok(node) => lint_policy_node(&node, kind),
        Err(_) => super::lint(input, kind),
    }
}

/// Findings as JSON (an array).
pub fn lint_json(input: &str, kind: Option<PolicyKind>) -> serde_json::Value {
    serde_json::to_value(lint_findings(input, kind)).unwrap_or(serde_json::Value::Null)
}

/// Findings for people, one block per finding.
pub fn lint_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "No findings.\n".to_string();
    }
    let mut out = String::new();
    for f in findings {
        let sev = f.severity.code();
        let path = if f.path.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.path)
        };
        out.push_str(&format!(
            "{sev} {} at line {}, column {}{path}: {}\n  fix: {}\n",
            f.code,
            f.line,
            f.column,
            f.message.en(),
            f.fix.en()
        ));
    }
    out
}
