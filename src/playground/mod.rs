//! Key-policy playground: any KMS request against any key policy plus an IAM policy, decided
//! and explained by the policy engine. Ships with the seed stack's two key policies, a
//! root-only policy and an EventBridge API-destination connection key policy. A denied
//! request lists the engine's verified fixes of it (`fixes.rs`).

mod compare;
mod fixes;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

use envelope_lab::cloud::set_encryption_context;
use envelope_lab::policy::{explain, json, Context, NamedPolicy, PolicyKind, PolicySet, Request};
use envelope_lab::text::Text;

use crate::editors::policy_editor::{check_policy, pretty, PolicyEditor};
use crate::fixes::F;
use crate::i18n::{Lang, T};
use crate::step::authz::AuthorizationView;
use crate::step::eval_path::PathState;
use crate::tools_client::use_playground_path;
use compare::PolicyComparison;
use fixes::{eval_input, PlaygroundFixes};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "ap-northeast-1";

/// The inputs of one playground request.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    pub name: T,
    pub principal: String,
    pub action: String,
    pub key_arn: String,
    pub via_service: String,
    pub caller_account: String,
    pub context: String,
    pub key_policy: Value,
    pub iam_policy: Value,
}

fn key_arn(id: &str) -> String {
    format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{id}")
}

/// The seed stack's key policy for a service's key: the same document the sandbox's
/// KinesisKey and S3Key start with.
fn service_policy(service: &str) -> Value {
    envelope_lab::sim::scenario::service_key_policy(
        ACCOUNT,
        REGION,
        service,
        &format!("{service}-key-policy"),
    )
}

/// The examples offered in the picker.
pub fn examples() -> Vec<Example> {
    let no_kms = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "kinesis:PutRecord", "Resource": "*"}
    ]});
    // The Kinesis producer's request, which the root-only example asks again of a key
    // policy that trusts only the account.
    let kinesis = Example {
        name: T::ExampleKinesis,
        principal: format!("arn:aws:sts::{ACCOUNT}:assumed-role/DataSourceLambdaRole/DataSourceLambda"),
        action: "kms:GenerateDataKey".into(),
        key_arn: key_arn("4b1c7e2a-9d3f-4e6a-8b5c-0f1e2d3c4b5a"),
        via_service: format!("kinesis.{REGION}.amazonaws.com"),
        caller_account: ACCOUNT.into(),
        context: format!("{{\"aws:kinesis:arn\": \"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/dva-02-005-DataStream\"}}"),
        key_policy: service_policy("kinesis"),
        iam_policy: no_kms,
    };
    vec![
        kinesis.clone(),
        Example {
            name: T::ExampleS3,
            principal: format!("arn:aws:sts::{ACCOUNT}:assumed-role/KinesisS3DestinationRole/Firehose"),
            action: "kms:GenerateDataKey".into(),
            key_arn: key_arn("9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b"),
            via_service: format!("s3.{REGION}.amazonaws.com"),
            caller_account: ACCOUNT.into(),
            context: "{\"aws:s3:arn\": \"arn:aws:s3:::dva-02-005/firehose/2024/03/27/10/object\"}".into(),
            key_policy: service_policy("s3"),
            iam_policy: json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::dva-02-005/*"}
            ]}),
        },
        Example {
            name: T::ExampleEventBridge,
            principal: format!("arn:aws:sts::{ACCOUNT}:assumed-role/EventBridgeConnectionRole/events"),
            action: "kms:Decrypt".into(),
            key_arn: key_arn("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
            via_service: "secretsmanager.ap-northeast-1.amazonaws.com".into(),
            caller_account: ACCOUNT.into(),
            context: format!("{{\"SecretARN\": \"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:events!connection/datadog/1a2b3c\"}}"),
            key_policy: json!({
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "EventBridgeConnectionsViaSecretsManager",
                        "Effect": "Allow",
                        "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
                        "Action": "kms:*",
                        "Resource": "*",
                        "Condition": {"StringLike": {
                            "kms:ViaService": "secretsmanager.*.amazonaws.com",
                            "kms:EncryptionContext:SecretARN": "arn:aws:secretsmanager:*:*:secret:events!connection/*"
                        }}
                    },
                    {
                        "Sid": "AccountAdministrators",
                        "Effect": "Allow",
                        "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
                        "Action": "kms:*",
                        "Resource": "*"
                    }
                ]
            }),
            iam_policy: json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}
            ]}),
        },
        Example {
            name: T::ExampleRootOnly,
            key_policy: json!({"Version": "2012-10-17", "Statement": [{
                "Sid": "AccountRoot", "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
                "Action": "kms:*", "Resource": "*"
            }]}),
            ..kinesis
        },
    ]
}

/// The KMS actions offered.
pub const ACTIONS: [&str; 8] = [
    "kms:GenerateDataKey",
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:ReEncryptFrom",
    "kms:DescribeKey",
    "kms:CreateGrant",
    "kms:ScheduleKeyDeletion",
    "kms:PutKeyPolicy",
];

/// Builds the request (the encryption context text must be a JSON object of strings); a
/// problem with the context comes back in English and Japanese.
pub fn build_request(ex: &Example) -> Result<Request, Text> {
    let mut ctx = Context::new();
    if !ex.via_service.trim().is_empty() {
        ctx.set("kms:ViaService", ex.via_service.trim());
    }
    if !ex.caller_account.trim().is_empty() {
        ctx.set("kms:CallerAccount", ex.caller_account.trim());
    }
    let pairs = context_pairs(&ex.context)?;
    if !pairs.is_empty() {
        set_encryption_context(&mut ctx, &pairs);
    }
    Ok(Request::new(ex.principal.trim(), ex.action.trim(), ex.key_arn.trim()).with_context(ctx))
}

/// The encryption context typed in the playground: a JSON object of strings (the last of
/// duplicate keys wins); empty text is no context.
fn context_pairs(text: &str) -> Result<BTreeMap<String, String>, Text> {
    let mut out = BTreeMap::new();
    if text.trim().is_empty() {
        return Ok(out);
    }
    let both = |key: T, en: &[&dyn std::fmt::Display], ja: &[&dyn std::fmt::Display]| {
        Text::new(Lang::En.f(key, en), Lang::Ja.f(key, ja))
    };
    let node = json::parse(text).map_err(|e| {
        let (line, column) = (e.pos.line, e.pos.column);
        both(
            T::PgContextSyntax,
            &[&line, &column, &e.message.en()],
            &[&line, &column, &e.message.ja()],
        )
    })?;
    let members = node
        .as_object()
        .ok_or_else(|| both(T::PgContextNotObject, &[], &[]))?;
    for m in members {
        let Some(v) = m.value.as_str() else {
            let kind = &m.value.value;
            return Err(both(
                T::PgContextValue,
                &[&m.key, &kind.kind().en()],
                &[&m.key, &kind.kind().ja()],
            ));
        };
        out.insert(m.key.clone(), v.to_string());
    }
    Ok(out)
}

/// The `eval` input the policy tools worker works a request's path out from: its policies
/// named as the playground names them (the path's notes name them, and a policy's `Id`
/// would otherwise name it).
fn path_input(req: &Request, key_policy: &Value, iam_policy: &Value) -> Rc<Value> {
    Rc::new(eval_input(
        req,
        &json!({"name": "KeyPolicy", "policy": key_policy}),
        &json!({"name": "IamPolicy", "policy": iam_policy}),
    ))
}

/// A handler that changes the example being edited (if any) with what it hears.
fn edit_example<E: 'static>(
    current: &UseStateHandle<Option<Example>>,
    change: impl Fn(&mut Example, E) + 'static,
) -> Callback<E> {
    let current = current.clone();
    Callback::from(move |heard: E| {
        if let Some(mut ex) = (*current).clone() {
            change(&mut ex, heard);
            current.set(Some(ex));
        }
    })
}

#[derive(Properties, PartialEq)]
pub struct PlaygroundProps {
    pub lang: Lang,
}

#[function_component(Playground)]
pub fn playground(props: &PlaygroundProps) -> Html {
    let lang = props.lang;
    let all = examples();
    let current = use_state(|| all.first().cloned());
    let drafts = use_state(|| (None::<String>, None::<String>));
    let Some(ex) = (*current).clone() else {
        return html! {};
    };

    let field = |id: &'static str, label: T, value: String, set: fn(&mut Example, String)| {
        let oninput = edit_example(&current, move |ex, e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            set(ex, input.value());
        });
        html! {
            <div class="field">
                <label for={id}>{ lang.t(label) }</label>
                <input id={id} type="text" class="code" spellcheck="false" {value} {oninput} />
            </div>
        }
    };

    let on_example = {
        let current = current.clone();
        let drafts = drafts.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(ex) = select
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| examples().into_iter().nth(i))
            {
                current.set(Some(ex));
                drafts.set((None, None));
            }
        })
    };
    let on_action = edit_example(&current, |ex, e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        ex.action = select.value();
    });
    let selected_example = all.iter().position(|e| e.name == ex.name).unwrap_or(0);

    let key_draft_cb = {
        let drafts = drafts.clone();
        Callback::from(move |t: Option<String>| drafts.set((t, drafts.1.clone())))
    };
    let iam_draft_cb = {
        let drafts = drafts.clone();
        Callback::from(move |t: Option<String>| drafts.set((drafts.0.clone(), t)))
    };
    let key_valid = edit_example(&current, |ex, v: Value| ex.key_policy = v);
    let iam_valid = edit_example(&current, |ex, v: Value| ex.iam_policy = v);

    // Decide with the last valid policies.
    let key_text = drafts
        .0
        .clone()
        .filter(|t| check_policy(t).is_ok())
        .unwrap_or_else(|| pretty(&ex.key_policy));
    let iam_text = drafts
        .1
        .clone()
        .filter(|t| check_policy(t).is_ok())
        .unwrap_or_else(|| pretty(&ex.iam_policy));
    let code = lang.code();
    let result = (|| -> Result<_, String> {
        let req = build_request(&ex).map_err(|t| t.get(code).to_string())?;
        let key = NamedPolicy::parse("KeyPolicy", &key_text).map_err(|e| e.located(code))?;
        let iam = [NamedPolicy::parse("IamPolicy", &iam_text).map_err(|e| e.located(code))?];
        let set = PolicySet::new(&iam).with_resource(&key);
        // The `eval` input of this request: what the policy tools worker works the fixes
        // out from, and (its policies named as here) the path and the conditions that
        // protect nothing.
        let inputs = serde_json::from_str::<Value>(&key_text)
            .ok()
            .zip(serde_json::from_str::<Value>(&iam_text).ok())
            .map(|(k, i)| (Rc::new(eval_input(&req, &k, &i)), path_input(&req, &k, &i)));
        Ok((explain(&req, &set), inputs))
    })();
    // The evaluation path and the shadowed-condition notes, from the worker (an answer to
    // an earlier input is never shown for this one).
    let path_answer = use_playground_path(
        result
            .as_ref()
            .ok()
            .and_then(|(_, i)| i.as_ref().map(|(_, p)| p.clone())),
    );
    let path = PathState::of(path_answer);
    let shadowed = path
        .as_ref()
        .and_then(PathState::panel)
        .map(|p| p.shadowed())
        .unwrap_or_default();
    // A draft that does not parse: the result is from the last valid text.
    let invalid = |d: &Option<String>| d.as_ref().is_some_and(|t| check_policy(t).is_err());
    let outdated: Vec<&str> = [
        (invalid(&drafts.0), lang.t(T::KeyPolicy)),
        (invalid(&drafts.1), lang.t(T::PgIamPolicy)),
    ]
    .into_iter()
    .filter_map(|(bad, name)| bad.then_some(name))
    .collect();
    let on_fix = {
        let drafts = drafts.clone();
        edit_example(&current, move |ex, (key, iam): (Value, Value)| {
            ex.key_policy = key;
            ex.iam_policy = iam;
            drafts.set((None, None));
        })
    };
    let result_html = match result {
        Ok((explanation, inputs)) => {
            let input = inputs.map(|(fixes, _)| fixes);
            let denied = !explanation.decision.is_allowed();
            html! {
                <>
                    if !shadowed.is_empty() {
                        <div class="pg-shadowed" id="pg-shadowed" role="note">
                            <strong>{ lang.t(F::ShadowedTitle) }</strong>
                            <ul>{ for shadowed.iter().map(|f| html! { <li>{ f.get(code).to_string() }</li> }) }</ul>
                        </div>
                    }
                    <AuthorizationView {explanation} {lang} {path} />
                    if let (true, Some(input)) = (denied && outdated.is_empty(), input) {
                        <PlaygroundFixes {input} {lang} on_apply={on_fix} />
                    }
                </>
            }
        }
        Err(e) => html! { <p class="editor-error" role="alert">{ e }</p> },
    };

    // Each policy the learner changed, compared with the example's own.
    let original = &all[selected_example];
    let compare = |id: &'static str, name: T, before: &Value, after: &str, ty: &'static str| {
        let changed = serde_json::from_str::<Value>(after).ok().as_ref() != Some(before);
        changed.then(|| html! {
            <PolicyComparison {id} name={lang.t(name).to_string()} before={Rc::new(pretty(before))}
                after={Rc::new(after.to_string())} policy_type={ty} {lang} />
        })
    };
    let compared = html! {
        <>
            { for compare("pg-compare-key", T::KeyPolicy, &original.key_policy, &key_text, "RESOURCE_POLICY") }
            { for compare("pg-compare-iam", T::PgIamPolicy, &original.iam_policy, &iam_text, "IDENTITY_POLICY") }
        </>
    };

    html! {
        <section class="playground" aria-labelledby="pg-title">
            <h2 id="pg-title">{ lang.t(T::Playground) }</h2>
            <p class="muted">{ lang.t(T::PlaygroundIntro) }</p>
            <div class="pg-grid">
                <div class="pg-inputs">
                    <div class="field">
                        <label for="pg-example">{ lang.t(T::Example) }</label>
                        <select id="pg-example" onchange={on_example}>
                            { for all.iter().enumerate().map(|(i, e)| html! {
                                <option value={i.to_string()} selected={i == selected_example}>{ lang.t(e.name) }</option>
                            }) }
                        </select>
                    </div>
                    { field("pg-principal", T::PgPrincipal, ex.principal.clone(), |e, v| e.principal = v) }
                    <div class="field">
                        <label for="pg-action">{ lang.t(T::PgAction) }</label>
                        <select id="pg-action" onchange={on_action}>
                            { for ACTIONS.iter().map(|a| html! { <option value={*a} selected={*a == ex.action}>{ *a }</option> }) }
                        </select>
                    </div>
                    { field("pg-key", T::PgKeyArn, ex.key_arn.clone(), |e, v| e.key_arn = v) }
                    { field("pg-via", T::PgViaService, ex.via_service.clone(), |e, v| e.via_service = v) }
                    { field("pg-caller", T::PgCallerAccount, ex.caller_account.clone(), |e, v| e.caller_account = v) }
                    { field("pg-context", T::PgContext, ex.context.clone(), |e, v| e.context = v) }
                    <PolicyEditor id="pg-key-policy" label={lang.t(T::KeyPolicy)} value={ex.key_policy.clone()}
                        draft={drafts.0.clone()} kind={PolicyKind::KeyPolicy} {lang} on_draft={key_draft_cb} on_valid={key_valid} rows={16} />
                    <PolicyEditor id="pg-iam-policy" label={lang.t(T::PgIamPolicy)} value={ex.iam_policy.clone()}
                        draft={drafts.1.clone()} kind={PolicyKind::Identity} {lang} on_draft={iam_draft_cb} on_valid={iam_valid} rows={8} />
                </div>
                <section aria-labelledby="pg-result-title">
                    <h3 id="pg-result-title" class="small-title">{ lang.t(T::PgResult) }</h3>
                    <div class={classes!("pg-result", (!outdated.is_empty()).then_some("outdated"))} aria-live="polite">
                        if !outdated.is_empty() {
                            <p class="outdated-banner" id="pg-outdated" role="status">
                                <strong>{ lang.t(F::Outdated) }</strong>{ " " }{ lang.f(F::OutdatedWhy, &[&outdated.join(lang.t(F::And))]) }
                            </p>
                        }
                        <div class="pg-result-body">{ result_html }{ compared }</div>
                    </div>
                </section>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use envelope_lab::policy::Decision;

    fn decide(ex: &Example) -> Decision {
        let req = build_request(ex).unwrap();
        let key = NamedPolicy::parse("K", &pretty(&ex.key_policy)).unwrap();
        let iam = [NamedPolicy::parse("I", &pretty(&ex.iam_policy)).unwrap()];
        explain(&req, &PolicySet::new(&iam).with_resource(&key)).decision
    }

    #[test]
    fn examples_decide_as_the_lessons_say() {
        let ex = examples();
        assert_eq!(decide(&ex[0]), Decision::Allowed, "Kinesis via service");
        assert_eq!(decide(&ex[1]), Decision::Allowed, "S3 via service");
        assert_eq!(decide(&ex[2]), Decision::Allowed, "EventBridge connection");
        assert_eq!(
            decide(&ex[3]),
            Decision::ImplicitlyDenied,
            "root only, no IAM permission"
        );
        let mut direct = ex[0].clone();
        direct.via_service.clear();
        assert_eq!(decide(&direct), Decision::ImplicitlyDenied);
    }

    /// The path the worker works out from a request's `eval` input is the path of the
    /// request and policy set the playground decides with (the statements' parts name the
    /// same policies and statements as the playground's explanation), with the same notes
    /// on conditions that protect nothing.
    #[test]
    fn the_workers_path_is_the_playgrounds_own() {
        use crate::tools_work::eval_path::playground_path;
        use envelope_lab::policy::{evaluation_path, shadowed_conditions};
        let mut all = examples();
        let mut direct = all[0].clone();
        direct.via_service.clear();
        // A policy with an `Id`: still named as the playground names it.
        let mut with_id = all[2].clone();
        with_id.key_policy["Id"] = json!("connection-key-policy");
        all.push(direct);
        all.push(with_id);
        for ex in all {
            let req = build_request(&ex).unwrap();
            let key = NamedPolicy::parse("KeyPolicy", &pretty(&ex.key_policy)).unwrap();
            let iam = [NamedPolicy::parse("IamPolicy", &pretty(&ex.iam_policy)).unwrap()];
            let set = PolicySet::new(&iam).with_resource(&key);
            let own = evaluation_path(&req, &set);
            let input = path_input(&req, &ex.key_policy, &ex.iam_policy).to_string();
            let panel = playground_path(&input).expect("a path");
            let stages = panel.stages();
            assert_eq!(stages.len(), own.stages.len(), "{:?}", ex.name);
            for (row, st) in stages.iter().zip(&own.stages) {
                assert_eq!(row.stage, format!("{:?}", st.stage), "{:?}", ex.name);
                assert_eq!(
                    (row.stopped, &row.note),
                    (st.stopped, &st.note),
                    "{:?}",
                    ex.name
                );
            }
            for s in &own.statements {
                let (_, words) = panel.role(s.policy, s.statement).expect("a part");
                assert_eq!(words, s.role.label(), "{:?}", ex.name);
            }
            let notes: Vec<Text> = shadowed_conditions(&req, &set)
                .into_iter()
                .map(|f| f.text)
                .collect();
            assert_eq!(panel.shadowed(), notes, "{:?}", ex.name);
        }
    }
}
