//! A Japanese learner is sent to AWS's Japanese page (issue 20 §2): every AWS page the policy
//! engine, the linter and the fixes cite is cited inside Japanese text with its `/ja_jp/`
//! address and either the title AWS's Japanese page carries or a Japanese description —
//! never the English title or the English address. English keeps both as they were.

use envelope_lab::policy::sources::{self, JaName, Source};
use envelope_lab::policy::*;
use envelope_lab::sim::{presets, Simulation};

/// The Japanese address written out here, not with the engine's own function.
fn ja_url(url: &str) -> String {
    let rest = url
        .strip_prefix("https://docs.aws.amazon.com/")
        .expect("every cited page is on docs.aws.amazon.com");
    format!("https://docs.aws.amazon.com/ja_jp/{rest}")
}

/// Hiragana, katakana or CJK ideographs.
fn has_japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

#[test]
fn every_japanese_citation_has_the_japanese_address_and_no_english_title() {
    for s in sources::ALL {
        let ja = s.cite_ja();
        assert!(ja.contains(&ja_url(s.url)), "{ja}");
        assert!(ja.contains("/ja_jp/"), "{ja}");
        // The English address is not in it (the Japanese one differs by `/ja_jp/`).
        assert!(!ja.contains(s.url), "{ja}");
        // An English title (prose) is never quoted inside Japanese text. A title that is an
        // API name (`EncryptionConfiguration`) stays in English, as the glossary says.
        if s.title.contains(' ') {
            assert!(!ja.contains(s.title), "{ja}");
        }
        match s.ja {
            JaName::Title(t) => {
                assert!(ja.starts_with(&format!("「{t}」")), "{ja}");
                if s.title.contains(' ') {
                    assert!(has_japanese(t), "{t}");
                }
            }
            // A described page is not passed off as a title: no 「」 around it.
            JaName::About(d) => {
                assert!(has_japanese(d), "{d}");
                assert!(!ja.contains('「'), "{ja}");
                assert_eq!(ja, format!("{d} {}", ja_url(s.url)));
            }
        }
        // English keeps the English page.
        assert_eq!(s.cite(), format!("\"{}\", {}", s.title, s.url));
        assert!(!s.cite().contains("ja_jp"));
        assert_eq!(s.citation().en(), s.cite());
        assert_eq!(s.citation().ja(), ja);
    }
}

/// The Japanese titles as AWS's Japanese pages carry them (each page's heading, found with
/// the documentation search; see the report of the change for the addresses).
const CONFIRMED: &[(&str, &str)] = &[
    (
        "IAM/latest/UserGuide/access_policies_boundaries.html",
        "IAM エンティティのアクセス許可境界",
    ),
    (
        "IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
        "ポリシーの評価論理",
    ),
    (
        "IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
        "AWS JSON ポリシーの要素: NotPrincipal",
    ),
    (
        "IAM/latest/UserGuide/reference_policies_condition-keys.html",
        "AWS グローバル条件コンテキストキー",
    ),
    (
        "kms/latest/developerguide/alias-create.html",
        "エイリアスを作成する",
    ),
    (
        "kms/latest/developerguide/key-policies.html",
        "AWS KMS のキーポリシー",
    ),
    (
        "kms/latest/developerguide/grants.html",
        "AWS KMS でのグラント",
    ),
    (
        "kms/latest/developerguide/requests-per-second.html",
        "クォータのリクエスト",
    ),
    (
        "kms/latest/developerguide/key-state.html",
        "キーの AWS KMS キーステータス",
    ),
    (
        "firehose/latest/dev/writing-with-kinesis-streams.html",
        "Amazon Kinesis Data Streams のソース設定を構成する",
    ),
    (
        "organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html",
        "SCP 評価",
    ),
    (
        "organizations/latest/userguide/orgs_manage_policies_scps_syntax.html",
        "SCP 構文",
    ),
    (
        "organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html",
        "RCP 評価",
    ),
    // https://docs.aws.amazon.com/ja_jp/kms/latest/developerguide/key-policy-modifying-external-accounts.html
    (
        "kms/latest/developerguide/key-policy-modifying-external-accounts.html",
        "他のアカウントのユーザーに KMS キーの使用を許可する",
    ),
];

fn by_path(path: &str) -> Source {
    sources::ALL
        .into_iter()
        .find(|s| s.url == format!("https://docs.aws.amazon.com/{path}"))
        .unwrap_or_else(|| panic!("no source for {path}"))
}

#[test]
fn confirmed_pages_are_cited_by_their_japanese_titles() {
    for (path, title) in CONFIRMED {
        assert_eq!(
            by_path(path).cite_ja(),
            format!("「{title}」https://docs.aws.amazon.com/ja_jp/{path}")
        );
    }
    // Pages whose Japanese title could not be confirmed are described, not titled.
    for path in [
        "IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
        "kms/latest/developerguide/determining-access.html",
        "kms/latest/developerguide/resource-control-policies.html",
        "organizations/latest/userguide/orgs_manage_policies_scps.html",
        "organizations/latest/userguide/orgs_manage_policies_rcps.html",
        "organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html",
        "organizations/latest/userguide/orgs_reference_limits.html",
    ] {
        assert!(
            matches!(by_path(path).ja, JaName::About(_)),
            "{path} is described"
        );
    }
    assert_eq!(
        CONFIRMED.len() + 7 + 1,
        sources::ALL.len(),
        "every page is either confirmed, described, or the API name"
    );
}

#[test]
fn the_list_of_pages_holds_every_page_the_module_defines() {
    let file = include_str!("../src/policy/sources.rs");
    let defined = file.matches(": Source = Source {").count();
    assert_eq!(defined, sources::ALL.len());
    let mut urls: Vec<&str> = sources::ALL.iter().map(|s| s.url).collect();
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), sources::ALL.len(), "no page twice");
}

#[test]
fn a_lint_finding_in_japanese_cites_the_japanese_page() {
    let scp = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"kms:*Key","Resource":"*"}]}"#;
    let findings = lint(scp, PolicyKind::Scp);
    let f = findings
        .iter()
        .find(|f| f.code == "SCP_WILDCARD_NOT_AT_END")
        .expect("the SCP wildcard finding");
    let ja = f.message.ja();
    assert!(
        ja.contains("「SCP 構文」https://docs.aws.amazon.com/ja_jp/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html"),
        "{ja}"
    );
    assert!(!ja.contains("SCP syntax"), "{ja}");
    let en = f.message.en();
    assert!(
        en.contains("\"SCP syntax\", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html"),
        "{en}"
    );
    // The size finding cites a page whose Japanese title is garbled by AWS's machine
    // translation: it is described, with the Japanese address.
    let big = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":[{}],"Resource":"*"}}]}}"#,
        (0..400)
            .map(|i| format!("\"kms:Action{i:04}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    let size = lint(&big, PolicyKind::Scp);
    let ja = size
        .iter()
        .map(|f| f.message.ja())
        .find(|m| m.contains("orgs_reference_limits"))
        .expect("a size finding");
    assert!(
        ja.contains("AWS Organizations ユーザーガイドのクォータとサービス制限のページ https://docs.aws.amazon.com/ja_jp/organizations/latest/userguide/orgs_reference_limits.html"),
        "{ja}"
    );
    assert!(!ja.contains("Quotas and service limits"), "{ja}");
}

#[test]
fn a_policy_explanation_in_japanese_cites_the_japanese_page() {
    let id = [NamedPolicy::parse(
        "kms-admin",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#,
    )
    .expect("identity")];
    let req = Request::new(
        "arn:aws:iam::123456789012:user/admin",
        "kms:CreateAlias",
        "arn:aws:kms:ap-northeast-1:123456789012:alias/aws/s3",
    );
    let e = explain(&req, &PolicySet::new(&id));
    let text = e.rule.text();
    assert!(
        text.ja().contains(
            "「エイリアスを作成する」https://docs.aws.amazon.com/ja_jp/kms/latest/developerguide/alias-create.html"
        ),
        "{}",
        text.ja()
    );
    assert!(!text.ja().contains("Create aliases"), "{}", text.ja());
    assert!(text.en().contains(
        "\"Create aliases\", https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html"
    ));
}

#[test]
fn the_evaluation_path_cites_the_japanese_pages_of_a_kms_key() {
    let mut sim = Simulation::new(&presets::get("happy-path").unwrap(), 1).unwrap();
    sim.run_to_end();
    let path = sim
        .evaluation_path_at(7)
        .expect("GenerateDataKey was authorized");
    let ja: Vec<&str> = path.sources.iter().map(|s| s.ja()).collect();
    assert_eq!(
        ja,
        [
            "「ポリシーの評価論理」https://docs.aws.amazon.com/ja_jp/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
            "「AWS KMS のキーポリシー」https://docs.aws.amazon.com/ja_jp/kms/latest/developerguide/key-policies.html",
            "AWS KMS デベロッパーガイドの KMS キーへのアクセスを調べるページ https://docs.aws.amazon.com/ja_jp/kms/latest/developerguide/determining-access.html",
        ]
    );
}
