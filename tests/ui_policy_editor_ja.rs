//! Native render tests (yew `ssr`) of the policy editor: its parse errors and lint findings
//! follow the UI language.

use envelope_lab::policy::PolicyKind;
use envelope_lab_web::{build_request, check_policy, examples, Lang, PolicyEditor};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct EditorProps {
    draft: String,
    kind: PolicyKind,
    lang: Lang,
}

#[function_component(Editor)]
fn editor(props: &EditorProps) -> Html {
    html! {
        <PolicyEditor id="p" label="Policy" value={serde_json::json!({})} draft={props.draft.clone()}
            kind={props.kind} lang={props.lang} on_draft={Callback::noop()} on_valid={Callback::noop()} />
    }
}

async fn render(draft: &str, kind: PolicyKind, lang: Lang) -> String {
    let draft = draft.to_string();
    yew::ServerRenderer::<Editor>::with_props(move || EditorProps { draft, kind, lang })
        .render()
        .await
}

const BAD_EFFECT: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"kms:*\", \"Resource\": \"*\"}]\n}";
const BROKEN_JSON: &str =
    "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ { \"Effect\": \"Allow\" \"Action\": \"kms:*\" } ]\n}";
const PUBLIC: &str =
    r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}"#;

#[tokio::test(flavor = "current_thread")]
async fn the_editor_shows_parse_errors_in_the_ui_language() {
    let en = render(BAD_EFFECT, PolicyKind::KeyPolicy, Lang::En).await;
    assert!(
        en.contains(r#"Line 3, column 28: expected "Allow" or "Deny", found "allow""#),
        "{en}"
    );
    let ja = render(BAD_EFFECT, PolicyKind::KeyPolicy, Lang::Ja).await;
    assert!(
        ja.contains(
            r#"3 行 28 列: "Allow" または "Deny" が必要ですが、指定された値は "allow" です"#
        ),
        "{ja}"
    );
    assert!(ja.contains("(Statement[0].Effect)"), "{ja}");
    assert!(!ja.contains("expected"), "{ja}");

    let ja = render(BROKEN_JSON, PolicyKind::KeyPolicy, Lang::Ja).await;
    assert!(
        ja.contains(
            r#"3 行 38 列: JSON が無効です: メンバー "Effect" の後に ',' または '}' が必要ですが、'"' があります"#
        ),
        "{ja}"
    );
    assert!(
        ja.contains("(Statement[0])"),
        "the value the error is in: {ja}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_editor_shows_lint_findings_in_the_ui_language() {
    let en = render(PUBLIC, PolicyKind::KeyPolicy, Lang::En).await;
    assert!(en.contains("The policy has no Version"), "{en}");
    assert!(en.contains("Security warning"), "{en}");
    let ja = render(PUBLIC, PolicyKind::KeyPolicy, Lang::Ja).await;
    assert!(ja.contains("ポリシーに Version がありません。"), "{ja}");
    assert!(
        ja.contains(r#"最初の要素として "Version": "2012-10-17" を追加してください。"#),
        "{ja}"
    );
    assert!(ja.contains("セキュリティ警告"), "{ja}");
    assert!(ja.contains("PUBLIC_ACCESS"), "the code stays: {ja}");
    assert!(!ja.contains("The policy has no Version"), "{ja}");
    assert!(!ja.contains("Security warning"), "{ja}");
}

#[test]
fn check_policy_keeps_english_and_japanese() {
    let e = check_policy(BAD_EFFECT).unwrap_err();
    assert_eq!(
        e.message.en(),
        "expected \"Allow\" or \"Deny\", found \"allow\""
    );
    assert!(e.message.get("ja").contains("が必要ですが"));
    // Valid for the policy parser, refused by serde_json (a number out of range).
    let e = check_policy(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":1e999}}}}"#)
        .unwrap_err();
    assert!(
        e.message
            .get("ja")
            .starts_with("この JSON は読み込めません: "),
        "{e:?}"
    );
}

#[test]
fn the_playground_context_errors_are_in_both_languages() {
    let mut ex = examples().remove(0);
    for (context, en, ja) in [
        (
            "{\"a\": ",
            "Encryption context: line 1, column 7: expected a JSON value",
            "暗号化コンテキスト: 1 行 7 列: JSON の値が必要です",
        ),
        (
            "[\"a\"]",
            "must be a JSON object of strings",
            "値が文字列の JSON オブジェクト",
        ),
        (
            "{\"a\": 1}",
            "value of \"a\" must be a string, not a number",
            "\"a\" の値には文字列を指定してください (指定された値: 数値)",
        ),
    ] {
        ex.context = context.to_string();
        let Err(t) = build_request(&ex) else {
            panic!("{context} should be refused");
        };
        assert!(t.en().contains(en), "{t:?}");
        assert!(t.ja().contains(ja), "{t:?}");
    }
    ex.context = "{\"a\": \"1\", \"a\": \"2\"}".into();
    let req = build_request(&ex).expect("a valid context");
    let value = req
        .context
        .get("kms:EncryptionContext:a")
        .map(|v| v.as_slice().to_vec());
    assert_eq!(
        value,
        Some(vec!["2".to_string()]),
        "the last duplicate wins"
    );
}

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

#[tokio::test(flavor = "current_thread")]
async fn a_trust_policy_is_linted_as_one() {
    let en = render(TRUST, PolicyKind::TrustPolicy, Lang::En).await;
    assert!(!en.contains("MISSING_RESOURCE"), "{en}");
    assert!(en.contains("RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"), "{en}");
    assert!(en.contains("confused deputy"), "{en}");
    let ja = render(TRUST, PolicyKind::TrustPolicy, Lang::Ja).await;
    assert!(ja.contains("混乱した代理"), "{ja}");
    assert!(!ja.contains("confused deputy"), "{ja}");
}
