//! Native render tests (yew `ssr`): a scenario error reaches the learner in the UI language
//! (a shared link's scenario, saved work, a broken link), in English and in Japanese.

use envelope_lab::sim::Scenario;
use envelope_lab_web::link::encode_scenario;
use envelope_lab_web::{App, AppProps};
use serde_json::{json, Value};

async fn render(fragment: &str, languages: &[&str], saved: Option<String>) -> String {
    let props = AppProps {
        fragment: Some(fragment.to_string()),
        languages: Some(languages.iter().map(|s| s.to_string()).collect()),
        saved,
    };
    yew::ServerRenderer::<App>::with_props(move || props)
        .render()
        .await
}

fn seed() -> Value {
    serde_json::to_value(Scenario::default()).expect("the seed scenario serialises")
}

#[tokio::test(flavor = "current_thread")]
async fn a_link_scenario_error_is_shown_in_the_ui_language() {
    let mut doc = seed();
    doc["producers"][0]["role"] = json!("NoSuchRole");
    let fragment = format!("#s={}", encode_scenario(&doc));

    let html = render(&format!("{fragment}&lang=ja"), &["ja-JP"], None).await;
    assert!(html.contains("このリンクのシナリオは無効です"), "notice");
    assert!(
        html.contains("producers[0].role: roles に"),
        "path then Japanese"
    );
    assert!(
        html.contains("という名前のロールがありません"),
        "Japanese reason"
    );
    assert!(
        !html.contains("no role named"),
        "no English reason in Japanese"
    );

    let html = render(&format!("{fragment}&lang=en"), &["en"], None).await;
    assert!(html.contains("is not valid"), "English notice");
    assert!(html.contains("no role named"), "English reason");
    assert!(
        !html.contains("という名前のロール"),
        "no Japanese in English"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_serde_error_in_a_link_is_framed_in_japanese() {
    let mut doc = seed();
    doc["streams"][0]["shard_count"] = json!(2);
    let fragment = format!("#s={}&lang=ja", encode_scenario(&doc));
    let html = render(&fragment, &["ja"], None).await;
    assert!(
        html.contains("不明なフィールド `shard_count` です"),
        "unknown field"
    );
    assert!(!html.contains("unknown field"), "no English sentence");
}

#[tokio::test(flavor = "current_thread")]
async fn saved_work_and_broken_links_are_explained_in_japanese() {
    let mut doc = seed();
    doc["version"] = json!(2);
    let saved = json!({"v": 1, "scenario": doc, "seed": 1}).to_string();
    let html = render("#lang=ja", &["ja"], Some(saved)).await;
    assert!(
        html.contains("このブラウザに保存された作業を読み込めませんでした"),
        "storage notice"
    );
    assert!(
        html.contains("シナリオのバージョン 2 はサポートされていません"),
        "Japanese reason"
    );

    // The browser test (flows.test.mjs) saves this one.
    let saved = json!({"v": 1, "scenario": {"version": 2}, "seed": 1}).to_string();
    let html = render("#lang=ja", &["ja"], Some(saved)).await;
    assert!(
        html.contains("必須のフィールド `account` がありません"),
        "serde reason"
    );

    let html = render("#lang=ja", &["ja"], Some("{not json".into())).await;
    assert!(
        html.contains("保存されたデータの形式が正しくありません"),
        "corrupt storage reason"
    );

    let html = render("#s=v1.%%%&lang=ja", &["ja"], None).await;
    assert!(html.contains("このリンクを読み込めませんでした"), "notice");
    assert!(html.contains("base64url ではありません"), "Japanese reason");
}
