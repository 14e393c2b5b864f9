//! Native render tests (yew `ssr`): what the app shows, without a browser.

use envelope_lab::policy::{explain, NamedPolicy, PolicySet, Request};
use envelope_lab_web::link::{encode_scenario, Link};
use envelope_lab_web::{App, AppProps, AuthorizationView, Lang, VirtualList, T};
use yew::prelude::*;

async fn render(fragment: &str, languages: &[&str]) -> String {
    let props = AppProps {
        fragment: Some(fragment.to_string()),
        languages: Some(languages.iter().map(|s| s.to_string()).collect()),
        saved: None,
    };
    yew::ServerRenderer::<App>::with_props(move || props)
        .render()
        .await
}

#[tokio::test(flavor = "current_thread")]
async fn first_page_shows_title_diagram_controls_and_top_bar() {
    let html = render("", &["en-US"]).await;
    assert!(html.contains("Envelope Lab"), "title missing");
    for node in [
        "Lambda (producer)",
        "Kinesis data stream",
        "Firehose stream",
        "S3 bucket",
        "KinesisKey",
        "S3Key",
        "DataSourceLambdaRole",
    ] {
        assert!(html.contains(node), "diagram lacks {node}");
    }
    for id in [
        "step-button",
        "back-button",
        "reset-button",
        "play-button",
        "end-button",
        "seed-input",
        "new-seed",
        "lang-select",
        "undo-button",
        "share-button",
        "mode-tutorial",
        "mode-sandbox",
        "mode-playground",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no #{id}");
    }
    assert!(html.contains("No steps yet"), "empty timeline text");
    assert!(html.contains("Step 0 of"), "counter");
}

#[tokio::test(flavor = "current_thread")]
async fn a_link_lands_on_its_step_with_rows() {
    let html = render("#step=5&seed=3", &["en"]).await;
    assert!(html.contains("Step 5 of"), "counter at 5");
    assert_eq!(html.matches("class=\"tl-row").count(), 5, "five rows");
}

#[tokio::test(flavor = "current_thread")]
async fn japanese_follows_the_browser_and_the_link() {
    let html = render("", &["ja-JP", "en"]).await;
    assert!(html.contains(Lang::Ja.t(T::Step)), "ステップ");
    assert!(html.contains("キー") && html.contains("サンドボックス"));
    let html = render("#lang=en", &["ja-JP"]).await;
    assert!(html.contains(">Step"), "lang=en overrides");
}

#[tokio::test(flavor = "current_thread")]
async fn broken_and_future_links_explain_and_fall_back() {
    let html = render("#s=v1.%%%", &["en"]).await;
    assert!(html.contains("could not be read"), "broken link notice");
    assert!(html.contains("KinesisKey"), "default scenario shown");
    let html = render("#s=v7.e30", &["en"]).await;
    assert!(html.contains("newer Envelope Lab"), "future link notice");
    let bad = encode_scenario(&serde_json::json!({"version": 1}));
    let html = render(&format!("#s={bad}"), &["en"]).await;
    assert!(html.contains("is not valid"), "invalid scenario notice");
}

#[tokio::test(flavor = "current_thread")]
async fn corrupted_storage_is_reported_and_replaced() {
    let props = AppProps {
        fragment: Some(String::new()),
        languages: Some(vec!["en".into()]),
        saved: Some("{not json".into()),
    };
    let html = yew::ServerRenderer::<App>::with_props(move || props)
        .render()
        .await;
    assert!(html.contains("could not be read"), "storage notice");
    assert!(html.contains("step-button"), "the app still renders");
}

#[tokio::test(flavor = "current_thread")]
async fn embed_mode_hides_the_top_bar_and_playground_mode_shows_the_playground() {
    let html = render("#embed=1", &["en"]).await;
    assert!(
        !html.contains("id=\"share-button\""),
        "no top bar in embed mode"
    );
    assert!(html.contains("step-button"));
    let html = render("#mode=playground", &["en"]).await;
    assert!(html.contains("Key-policy playground"));
    assert!(
        html.contains("Deciding rule"),
        "playground explains a decision"
    );
    assert!(html.contains("kms:ViaService"));
    let link = Link::parse("#mode=tutorial");
    assert!(link.mode.is_some());
    let html = render("#mode=tutorial", &["en"]).await;
    assert!(html.contains("id=\"lesson-panel\""), "lesson slot");
}

#[derive(Properties, PartialEq)]
struct ListProps {
    count: usize,
}

#[function_component(List)]
fn list(props: &ListProps) -> Html {
    let render = Callback::from(|i: usize| html! { <span class="r">{ format!("row {i}") }</span> });
    html! { <VirtualList count={props.count} {render} label="rows" /> }
}

#[tokio::test(flavor = "current_thread")]
async fn ten_thousand_rows_render_only_a_window() {
    let html = yew::ServerRenderer::<List>::with_props(|| ListProps { count: 10_000 })
        .render()
        .await;
    let rows = html.matches("class=\"r\"").count();
    assert!(rows > 0 && rows < 40, "{rows} rows in the DOM");
    assert!(html.contains("row 0"));
    assert!(!html.contains("row 9999"));
    assert!(
        html.contains(&format!("height=\"{}\"", (10_000 - rows) * 30)),
        "spacer holds the rest"
    );
}

#[derive(Properties, PartialEq)]
struct AuthProps {
    lang: Lang,
}

#[function_component(Auth)]
fn auth(props: &AuthProps) -> Html {
    let key = NamedPolicy::parse(
        "KinesisKey",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}"#,
    )
    .expect("policy");
    let role = [NamedPolicy::parse("Producer", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:PutRecord","Resource":"*"}]}"#).expect("policy")];
    let req = Request::new(
        "arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/s",
        "kms:GenerateDataKey",
        "arn:aws:kms:ap-northeast-1:123456789012:key/k",
    );
    let explanation = explain(&req, &PolicySet::new(&role).with_resource(&key));
    html! { <AuthorizationView {explanation} lang={props.lang} /> }
}

#[tokio::test(flavor = "current_thread")]
async fn authorization_view_names_the_deciding_rule_in_both_languages() {
    let html = yew::ServerRenderer::<Auth>::with_props(|| AuthProps { lang: Lang::En })
        .render()
        .await;
    assert!(html.contains("Implicit deny"), "{html}");
    assert!(html.contains("delegates to account"), "{html}");
    assert!(html.contains("not authorized to perform: kms:GenerateDataKey"));
    let html = yew::ServerRenderer::<Auth>::with_props(|| AuthProps { lang: Lang::Ja })
        .render()
        .await;
    assert!(html.contains("暗黙的な拒否"), "{html}");
    assert!(html.contains("委任"), "{html}");
}

#[derive(Properties, PartialEq)]
struct PathProps {
    lang: Lang,
    /// 0: waiting for the worker, 1: its answer, 2: its failure.
    state: usize,
}

/// The Authorization view while the policy tools worker works the path out, once it has,
/// and when it failed: the decision and statements are drawn in every state.
#[function_component(WithPath)]
fn with_path(props: &PathProps) -> Html {
    use envelope_lab_web::tools_work::eval_path::playground_path;
    use envelope_lab_web::PathState;
    use std::rc::Rc;
    let key = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}"#;
    let iam = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:PutRecord","Resource":"*"}]}"#;
    let req = Request::new(
        "arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/s",
        "kms:GenerateDataKey",
        "arn:aws:kms:ap-northeast-1:123456789012:key/k",
    );
    let key_policy = [NamedPolicy::parse("KeyPolicy", key).expect("policy")];
    let role = [NamedPolicy::parse("IamPolicy", iam).expect("policy")];
    let explanation = explain(&req, &PolicySet::new(&role).with_resource(&key_policy[0]));
    let input = serde_json::json!({
        "request": {"principal": req.principal, "action": req.action, "resource": req.resource},
        "identity_policies": [{"name": "IamPolicy", "policy": serde_json::from_str::<serde_json::Value>(iam).expect("json")}],
        "resource_policy": {"name": "KeyPolicy", "policy": serde_json::from_str::<serde_json::Value>(key).expect("json")},
    });
    let path = Some(match props.state {
        0 => PathState::Loading,
        1 => PathState::Ready(Rc::new(
            playground_path(&input.to_string()).expect("a path"),
        )),
        _ => PathState::Failed(envelope_lab::text::Text::new("it stopped", "停止しました")),
    });
    html! { <AuthorizationView {explanation} lang={props.lang} {path} /> }
}

#[tokio::test(flavor = "current_thread")]
async fn the_path_is_announced_while_loading_then_drawn_or_its_failure_said() {
    let render = |lang, state| async move {
        yew::ServerRenderer::<WithPath>::with_props(move || PathProps { lang, state })
            .render()
            .await
    };
    for (lang, loading, stopped, failed, deciding) in [
        (
            Lang::En,
            "Loading the evaluation path…",
            "Evaluation stopped here",
            "The evaluation path could not be worked out: it stopped",
            "not matched",
        ),
        (
            Lang::Ja,
            "評価の経路を読み込んでいます…",
            "ここで評価が終了",
            "評価の経路を求められませんでした: 停止しました",
            "不一致",
        ),
    ] {
        let html = render(lang, 0).await;
        assert!(
            html.contains("aria-busy=\"true\"") && html.contains(loading),
            "{html}"
        );
        assert!(html.contains("role=\"status\""), "{html}");
        assert!(
            !html.contains("eval-stage") && !html.contains("badge role"),
            "{html}"
        );
        let html = render(lang, 1).await;
        assert!(
            !html.contains(loading) && html.contains("aria-busy=\"false\""),
            "{html}"
        );
        assert!(
            html.contains("data-stage=\"IdentityPolicies\"") && html.contains(stopped),
            "{html}"
        );
        assert!(
            html.contains("badge role") && html.contains(deciding),
            "{html}"
        );
        let html = render(lang, 2).await;
        assert!(
            html.contains("role=\"alert\"") && html.contains(failed),
            "{html}"
        );
        assert!(!html.contains("eval-stage"), "{html}");
        // The decision is drawn in every state.
        for state in 0..3 {
            let html = render(lang, state).await;
            assert!(html.contains("class=\"decision denied\""), "{html}");
        }
    }
}

#[derive(Properties, PartialEq)]
struct RuleProps {
    lang: Lang,
    case: usize,
}

/// Decisions whose explanation cites its AWS source: a resource policy past a permissions
/// boundary through `Principal: "*"`, a reserved AWS managed alias, and a long request value.
#[function_component(Rule)]
fn rule(props: &RuleProps) -> Html {
    let p = |name: &str, json: &str| NamedPolicy::parse(name, json).expect("policy");
    let explanation = match props.case {
        0 => {
            let bucket = p(
                "Bucket",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#,
            );
            let boundary = [p(
                "Boundary",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"#,
            )];
            let req = Request::new(
                "arn:aws:sts::123456789012:assumed-role/R/s",
                "s3:GetObject",
                "arn:aws:s3:::b/k",
            )
            .with_resource_account("123456789012");
            explain(
                &req,
                &PolicySet::new(&[])
                    .with_resource(&bucket)
                    .with_boundaries(&boundary),
            )
        }
        1 => {
            let admin = [p(
                "Admin",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#,
            )];
            let req = Request::new(
                "arn:aws:iam::123456789012:user/a",
                "kms:DeleteAlias",
                "arn:aws:kms:ap-northeast-1:123456789012:alias/aws/s3",
            );
            explain(&req, &PolicySet::new(&admin))
        }
        _ => {
            let cond = [p(
                "Cond",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"s3:prefix":"b*"}}}]}"#,
            )];
            let mut ctx = envelope_lab::policy::Context::new();
            ctx.set("s3:prefix", "x".repeat(5_000));
            let req = Request::new(
                "arn:aws:iam::123456789012:user/a",
                "s3:GetObject",
                "arn:aws:s3:::b/k",
            )
            .with_context(ctx);
            explain(&req, &PolicySet::new(&cond))
        }
    };
    html! { <AuthorizationView {explanation} lang={props.lang} /> }
}

async fn render_rule(case: usize, lang: Lang) -> String {
    yew::ServerRenderer::<Rule>::with_props(move || RuleProps { lang, case })
        .render()
        .await
}

#[tokio::test(flavor = "current_thread")]
async fn explanations_cite_their_aws_source_in_both_languages() {
    let boundaries =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html";
    let en = render_rule(0, Lang::En).await;
    assert!(en.contains("past the permissions boundary"), "{en}");
    assert!(en.contains(boundaries) && en.contains("modelled"), "{en}");
    let ja = render_rule(0, Lang::Ja).await;
    assert!(
        ja.contains("アクセス許可の境界を越えて許可されます"),
        "{ja}"
    );
    // A Japanese learner is sent to AWS's Japanese page, by its Japanese title.
    let boundaries_ja =
        "「IAM エンティティのアクセス許可境界」https://docs.aws.amazon.com/ja_jp/IAM/latest/UserGuide/access_policies_boundaries.html";
    assert!(
        ja.contains(boundaries_ja) && ja.contains("モデル化"),
        "{ja}"
    );
    assert!(!ja.contains(boundaries), "{ja}");

    let aliases = "https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html";
    let en = render_rule(1, Lang::En).await;
    assert!(
        en.contains("reserves these aliases for AWS managed keys") && en.contains(aliases),
        "{en}"
    );
    let ja = render_rule(1, Lang::Ja).await;
    assert!(
        ja.contains("AWS マネージドキー用に予約")
            && ja.contains("「エイリアスを作成する」https://docs.aws.amazon.com/ja_jp/kms/latest/developerguide/alias-create.html")
            && !ja.contains(aliases),
        "{ja}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_long_request_value_is_shown_once_shortened() {
    let en = render_rule(2, Lang::En).await;
    assert!(en.contains("(5000 characters)"), "{en}");
    assert!(!en.contains(&"x".repeat(201)));
    let ja = render_rule(2, Lang::Ja).await;
    assert!(ja.contains("(全 5000 文字)"), "{ja}");
}
