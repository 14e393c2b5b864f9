//! The fix corpus (`tests/fix_cases/*.json`): guardrail, cross-account, service-principal
//! and SCP denials written by hand, each with the option kinds `eval` must offer in order
//! (the first is the one a learner trusts) and whether the first is least privilege (and,
//! where it matters, what the first edit must contain: a dead statement it supersedes
//! removed).
//!
//! Every option is checked from outside the fix pipeline:
//! - its JSON Patch applied to the input makes `eval` allow the request;
//! - a request matrix written here (not `policy::compare`): the caller, a same-account role
//!   without IAM policies, one whose IAM allows everything, a role of another account whose
//!   IAM allows everything, the principals the documents name; the KMS and S3 actions a
//!   reviewer cares about; the request's resource and another one; the request's context,
//!   each key dropped, each key given another value (another account's source for a
//!   service), `kms:ViaService` added — each evaluated by `eval` before and after. The
//!   option may newly deny nothing, and `least_privilege` must be true exactly when all it
//!   newly allows is the denied request itself (the caller, action, resource and the
//!   context values the request carries).
//!
//! A property test does the same over random small key and identity policies.

use envelope_lab::patch;
use envelope_lab::policy::cli::{eval_json, parse_eval_input, EvalInput};
use envelope_lab::policy::{evaluate, Decision, NamedPolicy, PolicySet, Request};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const OTHER_ACCOUNT: &str = "999988887777";

fn cases() -> Vec<(String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fix_cases");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("fix_cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, serde_json::from_str(&text).expect("case JSON"))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn account_of(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or("")
}

/// One request of the matrix: principal (and its IAM), action, resource, context.
#[derive(Clone, Debug, PartialEq)]
struct Probe {
    principal: String,
    /// `None`: the caller's own identity policies; `Some(false)`: none; `Some(true)`: `*`.
    iam_all: Option<bool>,
    action: String,
    resource: String,
    context: Map<String, Value>,
}

fn allow_all() -> Value {
    json!([{"name": "All", "policy": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}])
}

/// The principals a document names in `Principal`/`NotPrincipal` (role and user ARNs).
fn named_principals(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "Principal" || k == "NotPrincipal" {
                    let mut texts = Vec::new();
                    collect_strings(x, &mut texts);
                    for t in texts {
                        let named = t.contains(":role/")
                            || t.contains(":user/")
                            || t.ends_with(".amazonaws.com");
                        if named && !out.contains(&t) {
                            out.push(t);
                        }
                    }
                } else {
                    named_principals(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| named_principals(x, out)),
        _ => {}
    }
}

/// (key, value) of every condition value the documents name.
fn condition_values(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "Condition" {
                    for block in x.as_object().into_iter().flat_map(|b| b.values()) {
                        for (key, vals) in block.as_object().into_iter().flatten() {
                            let mut texts = Vec::new();
                            collect_strings(vals, &mut texts);
                            for t in texts {
                                if !out.contains(&(key.clone(), t.clone())) {
                                    out.push((key.clone(), t));
                                }
                            }
                        }
                    }
                } else {
                    condition_values(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| condition_values(x, out)),
        _ => {}
    }
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// The role of a session ARN (`…:assumed-role/R/s` → account and R), or the ARN.
fn role_of(arn: &str) -> String {
    match arn.split_once(":assumed-role/") {
        Some((head, rest)) => format!("{head}:{}", rest.split('/').next().unwrap_or("")),
        None => arn.to_string(),
    }
}

fn session_of(role_arn: &str) -> String {
    let acct = account_of(role_arn);
    let name = role_arn.rsplit('/').next().unwrap_or("R");
    format!("arn:aws:sts::{acct}:assumed-role/{name}/matrix")
}

/// The matrix of an input.
fn matrix(input: &Value) -> Vec<Probe> {
    let req = &input["request"];
    let caller = req["principal"].as_str().unwrap().to_string();
    let action = req["action"].as_str().unwrap().to_string();
    let resource = req["resource"].as_str().unwrap().to_string();
    let ctx = req["context"].as_object().cloned().unwrap_or_default();
    let service = !caller.starts_with("arn:");
    let home = if service {
        ctx.get("aws:SourceAccount")
            .and_then(Value::as_str)
            .unwrap_or("111122223333")
            .to_string()
    } else {
        account_of(&caller).to_string()
    };
    let mut principals = vec![(caller.clone(), None)];
    principals.push((
        format!("arn:aws:sts::{home}:assumed-role/MatrixNoIam/m"),
        Some(false),
    ));
    principals.push((
        format!("arn:aws:sts::{home}:assumed-role/MatrixAdmin/m"),
        Some(true),
    ));
    principals.push((
        format!("arn:aws:sts::{OTHER_ACCOUNT}:assumed-role/MatrixOutsider/m"),
        Some(true),
    ));
    // The resource's account too, when the caller is in another one.
    let owner = account_of(&resource).to_string();
    if !owner.is_empty() && owner != home {
        principals.push((
            format!("arn:aws:sts::{owner}:assumed-role/MatrixNoIam/m"),
            Some(false),
        ));
        principals.push((
            format!("arn:aws:sts::{owner}:assumed-role/MatrixAdmin/m"),
            Some(true),
        ));
    }
    // A role of every account the documents name, whose IAM allows everything.
    let text = docs_text(input);
    for (i, _) in text.match_indices("arn:aws:iam::") {
        let acct = &text[i + 13..];
        let acct: String = acct.chars().take_while(char::is_ascii_digit).collect();
        let p = format!("arn:aws:sts::{acct}:assumed-role/MatrixAccountRole/m");
        if acct.len() == 12 && acct != home && !principals.iter().any(|(x, _)| *x == p) {
            principals.push((p, Some(true)));
        }
    }
    let mut named = Vec::new();
    named_principals(input, &mut named);
    for n in named {
        let s = if n.contains(":role/") {
            session_of(&n)
        } else {
            n.clone()
        };
        // Another session of the caller's own role carries the caller's IAM: it is the
        // caller, not an outsider.
        if role_of(&s) == role_of(&caller) {
            continue;
        }
        let iam = !s.ends_with(".amazonaws.com");
        if s != caller && !principals.iter().any(|(p, _)| *p == s) {
            principals.push((s, Some(iam)));
        }
    }
    let (actions, other_resource): (Vec<&str>, String) = if resource.starts_with("arn:aws:s3") {
        (
            vec![
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:PutBucketPolicy",
            ],
            format!(
                "{}/matrix-other-object",
                resource.split('/').next().unwrap()
            ),
        )
    } else {
        (
            vec![
                "kms:Decrypt",
                "kms:Encrypt",
                "kms:GenerateDataKey",
                "kms:ScheduleKeyDeletion",
                "kms:PutKeyPolicy",
                "kms:CreateGrant",
                "kms:DescribeKey",
            ],
            format!(
                "{}:key/00000000-aaaa-4bbb-8ccc-matrixotherkey",
                resource.rsplit_once(":key/").map_or("", |x| x.0)
            ),
        )
    };
    let mut actions: Vec<String> = actions.into_iter().map(str::to_string).collect();
    if !actions.contains(&action) {
        actions.push(action.clone());
    }
    // Per key (the request's, the documents' condition keys, kms:ViaService): the
    // request's value, each value a document names, another value, and absent; every
    // combination (the source pair of a service goes together).
    let mut keys: Vec<String> = ctx.keys().cloned().collect();
    let mut named_values = Vec::new();
    condition_values(input, &mut named_values);
    for (k, _) in &named_values {
        if !keys.iter().any(|x| x.eq_ignore_ascii_case(k)) {
            keys.push(k.clone());
        }
    }
    if !service && !keys.iter().any(|k| k == "kms:ViaService") {
        keys.push("kms:ViaService".into());
    }
    let derived = |k: &str| {
        let l = k.to_ascii_lowercase();
        l.starts_with("aws:principal") || l == "kms:calleraccount" || l == "aws:sourceaccount"
    };
    keys.retain(|k| !derived(k));
    let mut contexts: Vec<Map<String, Value>> = vec![Map::new()];
    for k in &keys {
        let mut options: Vec<Option<Vec<(String, Value)>>> = vec![None];
        let mut push = |o: Vec<(String, Value)>| {
            if !options.contains(&Some(o.clone())) {
                options.push(Some(o));
            }
        };
        if k == "aws:SourceArn" {
            if let (Some(a), Some(acct)) = (ctx.get("aws:SourceArn"), ctx.get("aws:SourceAccount"))
            {
                push(vec![
                    (k.clone(), a.clone()),
                    ("aws:SourceAccount".into(), acct.clone()),
                ]);
            }
            push(vec![
                (
                    k.clone(),
                    json!(format!(
                        "arn:aws:events:ap-northeast-1:{OTHER_ACCOUNT}:rule/Z"
                    )),
                ),
                ("aws:SourceAccount".into(), json!(OTHER_ACCOUNT)),
            ]);
            for (nk, v) in &named_values {
                if nk.eq_ignore_ascii_case(k) {
                    push(vec![
                        (k.clone(), json!(v)),
                        ("aws:SourceAccount".into(), json!(account_of(v))),
                    ]);
                }
            }
        } else {
            if let Some(v) = ctx.get(k) {
                push(vec![(k.clone(), v.clone())]);
            }
            for (nk, v) in &named_values {
                if nk.eq_ignore_ascii_case(k) {
                    push(vec![(k.clone(), json!(v))]);
                }
            }
            push(vec![(k.clone(), json!("matrix-other-value"))]);
            if k == "kms:ViaService" {
                push(vec![(
                    k.clone(),
                    json!("kinesis.ap-northeast-1.amazonaws.com"),
                )]);
            }
        }
        let mut next = Vec::new();
        for c in &contexts {
            for o in &options {
                let mut c = c.clone();
                for (x, v) in o.iter().flatten() {
                    c.insert(x.clone(), v.clone());
                }
                next.push(c);
            }
        }
        contexts = next;
    }
    let mut out = Vec::new();
    for (p, iam) in &principals {
        for a in &actions {
            for r in [&resource, &other_resource] {
                for c in &contexts {
                    let service_only = ["aws:SourceArn", "aws:SourceAccount"];
                    // Only a service sends a source; a service calls KMS for itself, not
                    // through another service.
                    if p.starts_with("arn:") && c.keys().any(|k| service_only.contains(&k.as_str()))
                    {
                        continue;
                    }
                    if !p.starts_with("arn:") && c.contains_key("kms:ViaService") {
                        continue;
                    }
                    out.push(Probe {
                        principal: p.clone(),
                        iam_all: *iam,
                        action: a.clone(),
                        resource: r.clone(),
                        context: c.clone(),
                    });
                }
            }
        }
    }
    out
}

/// An input's documents, parsed once.
struct Docs {
    own: String,
    caller: String,
    parsed: EvalInput,
    all: Vec<NamedPolicy>,
}

impl Docs {
    fn new(docs: &Value) -> Docs {
        let parsed = parse_eval_input(&docs.to_string()).expect("valid input");
        let all = vec![NamedPolicy::parse("All", &allow_all()[0]["policy"].to_string()).unwrap()];
        Docs {
            own: docs["request"]["resource"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            caller: docs["request"]["principal"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            parsed,
            all,
        }
    }

    /// Whether the documents allow the probe: the caller with its own policies, the others
    /// with theirs; the request's resource with its policy and grants, another key with
    /// the default key policy; SCPs for the caller's account only.
    fn allows(&self, probe: &Probe, defaults: &[NamedPolicy]) -> bool {
        let p = &self.parsed;
        let mut set = PolicySet::default();
        match probe.iam_all {
            None => {
                set.identity = &p.identity_policies;
                set.boundaries = &p.permission_boundaries;
            }
            Some(true) => set.identity = &self.all,
            Some(false) => {}
        }
        if probe.resource == self.own || probe.resource.starts_with("arn:aws:s3") {
            set.resource = p.resource_policy.as_ref();
            set.grants = &p.grants;
        } else {
            let acct = account_of(&probe.resource);
            set.resource = defaults.iter().find(|d| d.name == acct);
        }
        let same_account = account_of(&probe.principal) == account_of(&self.caller)
            || (!self.caller.starts_with("arn:") && probe.principal == self.caller);
        if same_account {
            set.scps = &p.service_control_policies;
        }
        let mut req = Request::new(&probe.principal, &probe.action, &probe.resource);
        req.context =
            serde_json::from_value(Value::Object(probe.context.clone())).expect("context");
        evaluate(&req, &set) == Decision::Allowed
    }
}

/// The default key policy of each account the probes' resources are in (named by account).
fn default_policies(probes: &[Probe]) -> Vec<NamedPolicy> {
    let mut out: Vec<NamedPolicy> = Vec::new();
    for p in probes {
        let acct = account_of(&p.resource);
        if acct.is_empty() || out.iter().any(|d| d.name == acct) {
            continue;
        }
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{acct}:root")}, "Action": "kms:*", "Resource": "*"}]});
        out.push(NamedPolicy::parse(acct, &doc.to_string()).unwrap());
    }
    out
}

/// KMS operations that carry an encryption context (the others never do).
const EC_OPERATIONS: [&str; 9] = [
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:CreateGrant",
];

/// The denied request itself: the caller, the action, the resource, and the context
/// values it carries for keys some document (before, or after any option) tests and the
/// action provides; keys it does not carry may take any value.
fn in_class(input: &Value, tested_text: &str, p: &Probe) -> bool {
    let req = &input["request"];
    let ctx = req["context"].as_object().cloned().unwrap_or_default();
    let action = req["action"].as_str().unwrap();
    let tested = |k: &str| {
        let lower = k.to_ascii_lowercase();
        let provided =
            !lower.starts_with("kms:encryptioncontext") || EC_OPERATIONS.contains(&action);
        provided && tested_text.contains(&format!("\"{lower}\""))
    };
    p.principal == req["principal"].as_str().unwrap()
        && p.action == action
        && p.resource == req["resource"].as_str().unwrap()
        && ctx
            .iter()
            .filter(|(k, _)| tested(k))
            .all(|(k, v)| p.context.get(k) == Some(v))
}

/// The documents' text (without the request), lower-cased.
fn docs_text(v: &Value) -> String {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("request");
    }
    v.to_string().to_ascii_lowercase()
}

/// Checks every option of `input` against the matrix; returns the options' kinds and
/// least-privilege labels.
fn check_options(name: &str, input: &Value) -> Vec<(String, bool)> {
    let out = eval_json(&input.to_string()).expect("valid input");
    assert_ne!(out["decision"], "Allowed", "{name}: the case is a denial");
    let fixes = out["fixes"].as_array().cloned().unwrap_or_default();
    assert!(
        !fixes.is_empty() || out.get("no_fix_reason").is_some(),
        "{name}: no fix and no reason"
    );
    let probes = matrix(input);
    let defaults = default_policies(&probes);
    let docs_before = Docs::new(input);
    let before: Vec<bool> = probes
        .iter()
        .map(|p| docs_before.allows(p, &defaults))
        .collect();
    let mut tested_text = docs_text(input);
    for f in &fixes {
        let edit: Vec<patch::Edit> = serde_json::from_value(f["edit"].clone()).expect("patch");
        if let Ok(d) = patch::apply(input, &edit) {
            tested_text.push_str(&docs_text(&d));
        }
    }
    let mut seen = Vec::new();
    for f in &fixes {
        let kind = f["kind"].as_str().unwrap().to_string();
        let edit: Vec<patch::Edit> = serde_json::from_value(f["edit"].clone()).expect("patch");
        let after_doc =
            patch::apply(input, &edit).unwrap_or_else(|e| panic!("{name} {kind}: {e:?}"));
        let again = eval_json(&after_doc.to_string()).expect("still valid");
        assert_eq!(
            again["decision"], "Allowed",
            "{name} {kind}: not allowed after"
        );
        // A changed call keeps every policy: the matrix runs on the documents as they were.
        let docs = Docs::new(if kind == "change_call" {
            input
        } else {
            &after_doc
        });
        let mut outside = Vec::new();
        for (p, was) in probes.iter().zip(&before) {
            let is = docs.allows(p, &defaults);
            assert!(
                !*was || is,
                "{name} {kind}: newly denies {} {} {} {:?}",
                p.principal,
                p.action,
                p.resource,
                p.context
            );
            if is && !was && !in_class(input, &tested_text, p) {
                outside.push(p.clone());
            }
        }
        let lp = f["least_privilege"].as_bool().expect("least_privilege");
        assert_eq!(
            lp,
            outside.is_empty(),
            "{name} {kind}: labelled least_privilege={lp}, the matrix finds {} request(s) outside the class: {:?}; the engine says it also allows {}; input {input}",
            outside.len(),
            outside.first(),
            f["also_allows"]
        );
        assert_eq!(
            lp,
            f["also_allows"].as_array().is_some_and(Vec::is_empty),
            "{name} {kind}: also_allows agrees with the label"
        );
        let words = serde_json::to_string(&f["also_allows"]).unwrap();
        for internal in [
            "MatrixAdmin",
            "RoleWithoutIamPolicies",
            "AnyRoleOfThisAccount",
            "RoleAllowedEverything",
            "any-other-value",
            "EnvelopeLabProbe",
            "envelope-lab-probe",
        ] {
            assert!(
                !words.contains(internal),
                "{name} {kind}: internal name {internal} in {words}"
            );
        }
        seen.push((kind, lp));
    }
    seen
}

#[test]
fn every_case_offers_its_expected_options_first_and_labels_them_by_the_matrix() {
    let all = cases();
    assert!(all.len() >= 12, "the corpus");
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for (name, case) in &all {
        let input = &case["input"];
        let seen = check_options(name, input);
        let kinds: Vec<&str> = seen.iter().map(|(k, _)| k.as_str()).collect();
        let expected: Vec<&str> = case["kinds"]
            .as_array()
            .expect("kinds")
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert_eq!(kinds, expected, "{name}: option kinds in order");
        assert_eq!(
            Some(kinds[0]),
            case["first"].as_str(),
            "{name}: first option"
        );
        assert_eq!(
            Some(seen[0].1),
            case["first_least_privilege"].as_bool(),
            "{name}: the first option's label"
        );
        if let Some(must) = case["first_edit_contains"].as_array() {
            let out = eval_json(&input.to_string()).unwrap();
            let first = serde_json::to_string(&out["fixes"][0]["edit"]).unwrap();
            for m in must {
                let m = m.as_str().unwrap();
                assert!(
                    first.contains(m),
                    "{name}: the first edit lacks {m}: {first}"
                );
            }
        }
        if let Some(forbid) = case["forbid_in_edits"].as_array() {
            let out = eval_json(&input.to_string()).unwrap();
            let edits = serde_json::to_string(&out["fixes"]).unwrap();
            for f in forbid {
                let f = f.as_str().unwrap();
                assert!(!edits.contains(f), "{name}: an edit writes {f}");
            }
        }
        for (kind, lp) in &seen {
            let class = if *lp {
                "good"
            } else if kind == "remove_deny" || kind == "narrow_deny" {
                "removed"
            } else {
                "labelled broader"
            };
            *counts.entry(class).or_default() += 1;
        }
    }
    eprintln!("fixes per class over the corpus: {counts:?}");
}

#[test]
fn a_cross_account_option_says_which_half_it_changes() {
    for (name, case) in cases() {
        if case["category"] != "cross-account" {
            continue;
        }
        let out = eval_json(&case["input"].to_string()).unwrap();
        let text = out["fixes"][0]["explanation"]["en"].as_str().unwrap();
        assert!(!text.contains("Within one account"), "{name}: {text}");
        assert!(text.contains("another account"), "{name}: {text}");
    }
}

#[test]
fn a_service_statement_keeps_to_its_source() {
    for (name, case) in cases() {
        if case["category"] != "service-principal" {
            continue;
        }
        let out = eval_json(&case["input"].to_string()).unwrap();
        for f in out["fixes"].as_array().unwrap() {
            let text = serde_json::to_string(&f["edit"]).unwrap();
            assert!(
                text.contains("aws:SourceArn") || f["kind"] == "change_call",
                "{name} {}: no aws:SourceArn in {text}",
                f["kind"]
            );
        }
    }
}

#[test]
fn guardrail_options_say_they_change_a_control() {
    for (name, case) in cases() {
        let out = eval_json(&case["input"].to_string()).unwrap();
        for f in out["fixes"].as_array().unwrap() {
            let kind = f["kind"].as_str().unwrap();
            let control = f["changes_control"].as_bool().unwrap();
            match kind {
                "remove_deny" | "narrow_deny" | "deny_exception" | "scp_statement" => {
                    assert!(control, "{name} {kind}: changes a control")
                }
                "change_call" => assert!(!control, "{name}: a changed call keeps every control"),
                _ => {}
            }
            if kind == "remove_deny" {
                assert!(
                    f["explanation"]["en"]
                        .as_str()
                        .unwrap()
                        .contains("Removes a control"),
                    "{name}: remove_deny is marked"
                );
            }
            if kind.starts_with("scp") || case["category"] == "scp" && kind != "change_call" {
                assert!(
                    f["explanation"]["en"]
                        .as_str()
                        .unwrap()
                        .contains("every account"),
                    "{name} {kind}: an SCP edit says it reaches every account"
                );
            }
        }
    }
}

/// Random small worlds: a key policy and an identity policy drawn from pieces.
fn statement_strategy() -> impl Strategy<Value = Value> {
    let principals = prop_oneof![
        Just(json!({"AWS": "arn:aws:iam::111122223333:root"})),
        Just(json!({"AWS": "arn:aws:iam::111122223333:role/App"})),
        Just(json!({"AWS": "arn:aws:iam::444455556666:root"})),
        Just(json!("*")),
        Just(json!({"Service": "events.amazonaws.com"})),
    ];
    let actions = prop_oneof![
        Just(json!("kms:Decrypt")),
        Just(json!("kms:GenerateDataKey")),
        Just(json!(["kms:Decrypt", "kms:GenerateDataKey"])),
        Just(json!("kms:*")),
    ];
    let conditions = prop_oneof![
        Just(Value::Null),
        Just(json!({"StringEquals": {"kms:ViaService": "kinesis.ap-northeast-1.amazonaws.com"}})),
        Just(json!({"StringEquals": {"kms:EncryptionContext:purpose": ["billing"]}})),
        Just(json!({"StringEquals": {"kms:CallerAccount": "111122223333"}})),
        Just(
            json!({"StringNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin"}})
        ),
    ];
    (prop::bool::weighted(0.8), principals, actions, conditions).prop_map(|(allow, p, a, c)| {
        let mut s = json!({"Effect": if allow {"Allow"} else {"Deny"}, "Principal": p, "Action": a, "Resource": "*"});
        if !c.is_null() {
            s["Condition"] = c;
        }
        s
    })
}

fn request_strategy() -> impl Strategy<Value = Value> {
    let principal = prop_oneof![
        Just("arn:aws:sts::111122223333:assumed-role/App/s"),
        Just("arn:aws:sts::444455556666:assumed-role/Partner/s"),
    ];
    let action = prop_oneof![Just("kms:Decrypt"), Just("kms:GenerateDataKey")];
    let via = prop::bool::ANY;
    let purpose = prop_oneof![Just(None), Just(Some("billing")), Just(Some("orders"))];
    (principal, action, via, purpose).prop_map(|(p, a, via, purpose)| {
        let mut ctx = Map::new();
        if via {
            ctx.insert("kms:ViaService".into(), json!("kinesis.ap-northeast-1.amazonaws.com"));
        }
        if let Some(v) = purpose {
            ctx.insert("kms:EncryptionContext:purpose".into(), json!(v));
        }
        json!({"principal": p, "action": a,
            "resource": "arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "context": ctx})
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, .. ProptestConfig::default() })]

    /// Over random small key and identity policies, every option of a denied request
    /// newly denies nothing, and one labelled least privilege opens nothing else, by the
    /// matrix.
    #[test]
    fn random_policies_least_privilege_opens_nothing_else(
        key in prop::collection::vec(statement_strategy(), 1..4),
        identity_allows in prop::bool::ANY,
        request in request_strategy(),
    ) {
        let identity = if identity_allows {
            json!([{"name": "P", "policy": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": request["action"].clone(), "Resource": "*"}]}}])
        } else {
            json!([{"name": "P", "policy": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}])
        };
        let input = json!({"request": request, "identity_policies": identity,
            "resource_policy": {"Version": "2012-10-17", "Statement": key}});
        let out = eval_json(&input.to_string()).expect("valid");
        prop_assume!(out["decision"] != "Allowed");
        check_options("random", &input);
    }
}
