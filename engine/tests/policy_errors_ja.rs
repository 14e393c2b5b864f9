//! Every policy syntax/parse error and every lint finding has Japanese text (message and
//! fix) for the Japanese UI, while the English stays what the CLI prints.

use envelope_lab::policy::{lint, parse_policy, Finding, PolicyError, PolicyKind, Severity};
use envelope_lab::text::Text;
use std::collections::BTreeSet;

/// Documents that fail to parse, one per error the JSON and policy parsers produce.
fn bad() -> Vec<String> {
    let mut all: Vec<String> = BAD.iter().map(|s| s.to_string()).collect();
    all.push(format!("{}{}", "[".repeat(100), "]".repeat(100)));
    all
}

const BAD: &[&str] = &[
    // JSON syntax.
    "",
    "{\"Version\": \"2012-10-17\"} x",
    "{\"a\": tru}",
    "{\"a\": @}",
    "{\"a\": -}",
    "{\"a\": 1.}",
    "{\"a\": 1e}",
    "{\"a\": \"abc",
    "{\"a\": \"\\q\"}",
    "{\"a\": \"\\ud800x\"}",
    "{\"a\": \"\\ud800\\u0041\"}",
    "{\"a\": \"\\u12\"}",
    "{\"a\": \"tab\there\"}",
    "{\"a\": [1 2]}",
    "{\"a\": [1",
    "{\"a\": \"\\udc00\"}",
    "{\"a\" 1}",
    "{\"a\": 1 \"b\": 2}",
    "{\"a\": 1,",
    "{\"a\": 1",
    // Policy structure.
    "[]",
    "{\"Version\": \"2012-10-17\", \"Statment\": []}",
    "{\"Version\": \"2012-10-18\", \"Statement\": []}",
    "{\"Version\": [], \"Statement\": []}",
    "{\"Version\": \"2012-10-17\"}",
    "{\"Version\": \"2012-10-17\", \"Statement\": \"Allow\"}",
    "{\"Version\": \"2012-10-17\", \"Id\": 5, \"Statement\": []}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [null]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Efect\": \"Allow\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Action\": \"*\", \"Resource\": \"*\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"*\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": true, \"Action\": \"*\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"*\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"NotAction\": \"*\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"Decrypt\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": {}}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [1]}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": [], \"Effect\": \"Allow\", \"Action\": \"*\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"User\": \"x\"}, \"Action\": \"*\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"alice\"}, \"Action\": \"*\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"alice\", \"Action\": \"*\"}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": []}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"StringEqual\": {}}}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"StringEquals\": \"x\"}}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"StringEquals\": {\"kms:ViaService\": {}}}}]}",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"StringEquals\": {\"kms:ViaService\": [null]}}}]}",
];

/// Policies that parse but draw findings, with the kind they are linted as.
const LINTED: &[(&str, PolicyKind)] = &[
    (
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"arn:aws:kms:*:*:key/*"}]}"#,
        PolicyKind::KeyPolicy,
    ),
    (
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:GenerateDataKeys","Resource":"*","Condition":{"ForAllValues:StringEquals":{"kms:EncryptionContext:aws:s3:arn":"x"},"StringLike":{"kms:ViaServic":"s3.ap-northeast-1.amazonaws.com"}}}]}"#,
        PolicyKind::Identity,
    ),
    (
        r#"{"Version":"2008-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"},{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Resource":"*"}]}"#,
        PolicyKind::Identity,
    ),
    (
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt"},{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"kms:Decrypt","Resource":"*"}]}"#,
        PolicyKind::Identity,
    ),
    (
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"123456789012"},"NotAction":"kms:Decrypt","NotResource":"arn:aws:kms:*:*:key/x"},{"Effect":"Allow","Action":"s3:GetObject"}]}"#,
        PolicyKind::KeyPolicy,
    ),
    (
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"kms:CallerAccount":"123456789012"},"StringEquals":{"kms:EncryptionContextKeys":"a*"},"IpAddress":{"aws:SourceIp":"not-an-ip"},"Bool":{"aws:SecureTransport":"yes"},"DateGreaterThan":{"aws:CurrentTime":"soon"},"NumericLessThan":{"aws:MultiFactorAuthAge":"ten"},"ArnLike":{"aws:SourceArn":"arn:aws:s3:::b"}}}]}"#,
        PolicyKind::ResourcePolicy,
    ),
    (
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*","Condition":{"ForAllValues:StringEquals":{"kms:CallerAccount":"1"}}}]}"#,
        PolicyKind::Identity,
    ),
    (
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":"*"}]}"#,
        PolicyKind::Identity,
    ),
    (
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:PutRecordz","Resource":"*"}]}"#,
        PolicyKind::Identity,
    ),
    (
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#,
        PolicyKind::ResourcePolicy,
    ),
    ("{\"Version\": 1}", PolicyKind::Identity),
];

fn assert_japanese(label: &str, en: &str, ja: &str) {
    let t = Text::new(en.to_string(), ja.to_string());
    assert!(t.missing().is_empty(), "{label}: missing text {t:?}");
    assert!(t.ja_is_japanese(), "{label}: not Japanese: {ja:?}");
    assert_ne!(en, ja, "{label}: Japanese equals English");
}

fn check_error(src: &str, e: &PolicyError) {
    assert_japanese(src, e.message.en(), e.message.ja());
    assert_eq!(e.message.get("en"), e.message.en());
    assert_eq!(e.message.get("ja"), e.message.ja());
    assert_eq!(
        e.located("en"),
        e.to_string(),
        "{src}: English is the Display text"
    );
    let located = e.located("ja");
    assert!(
        located.starts_with(&format!("{} 行 {} 列", e.line, e.column)),
        "{src}: {located}"
    );
    assert!(located.ends_with(e.message.ja()), "{src}: {located}");
    if !e.path.is_empty() {
        assert!(located.contains(&format!("({})", e.path)), "{located}");
    }
}

fn check_finding(label: &str, f: &Finding) {
    assert_japanese(
        &format!("{label} {} message", f.code),
        f.message.en(),
        f.message.ja(),
    );
    assert_japanese(&format!("{label} {} fix", f.code), f.fix.en(), f.fix.ja());
    assert_eq!(f.message.get("ja"), f.message.ja());
    assert_eq!(f.fix.get("en"), f.fix.en());
}

#[test]
fn every_parse_error_has_japanese() {
    let mut messages = BTreeSet::new();
    let bad = bad();
    for src in &bad {
        let Err(e) = parse_policy(src) else {
            panic!("{src:?} should not parse");
        };
        check_error(src, &e);
        messages.insert(e.message.en().to_string());
        // The linter reports the same error as one ERROR finding, in both languages.
        let findings = lint(src, PolicyKind::Identity);
        assert_eq!(findings.len(), 1, "{src}: {findings:?}");
        assert_eq!(findings[0].code, "PARSE_ERROR");
        assert_eq!(findings[0].message, e.message);
        check_finding(src, &findings[0]);
    }
    // Each bad document hits a different error.
    assert_eq!(messages.len(), bad.len(), "{messages:#?}");
}

#[test]
fn japanese_parse_errors_read_as_aws_writes_them() {
    let e = parse_policy("{\"Version\":\"2012-10-17\",\n\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},\n  {\"Effect\":\"allow\",\"Action\":\"*\"}]}").unwrap_err();
    assert_eq!(
        e.located("ja"),
        "3 行 13 列 (Statement[1].Effect): \"Allow\" または \"Deny\" が必要ですが、指定された値は \"allow\" です"
    );
    let e = parse_policy(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[]},[]]}",
    )
    .unwrap_err();
    assert_eq!(
        e.message.en(),
        "expected a statement object, found an array"
    );
    assert_eq!(
        e.message.ja(),
        "ステートメントのオブジェクトが必要ですが、指定された値は配列です"
    );
    let e = parse_policy("{\"a\": tru}").unwrap_err();
    assert_eq!(
        e.message.en(),
        "invalid JSON: expected a JSON value (did you mean true?)"
    );
    assert_eq!(
        e.message.ja(),
        "JSON が無効です: JSON の値が必要です (true のことですか?)"
    );
}

#[test]
fn every_lint_finding_has_japanese() {
    let mut codes = BTreeSet::new();
    for (src, kind) in LINTED {
        for f in lint(src, *kind) {
            check_finding(src, &f);
            codes.insert(f.code);
        }
    }
    let all = [
        "PARSE_ERROR",
        "DUPLICATE_SID",
        "DUPLICATE_KEY",
        "MISSING_VERSION",
        "OLD_VERSION",
        "MISSING_PRINCIPAL",
        "UNSUPPORTED_ELEMENT",
        "ALLOW_WITH_NOT_PRINCIPAL",
        "PUBLIC_ACCESS",
        "KMS_ALL_ACTIONS_TO_EVERYONE",
        "ALLOW_WITH_NOT_ACTION",
        "MISSING_RESOURCE",
        "ALLOW_WITH_NOT_RESOURCE",
        "KEY_POLICY_RESOURCE_NOT_STAR",
        "NON_KMS_ACTION_IN_KEY_POLICY",
        "INVALID_ACTION",
        "INVALID_CONDITION_KEY",
        "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
        "FORANYVALUE_WITH_SINGLE_VALUED_KEY",
        "MISSING_QUALIFIER_FOR_MULTI_VALUED_KEY",
        "LIKE_WITHOUT_WILDCARD",
        "EQUALS_WITH_WILDCARD",
        "INVALID_CONDITION_VALUE",
        "KEY_POLICY_LOCKOUT",
    ];
    let missing: Vec<_> = all.iter().filter(|c| !codes.contains(**c)).collect();
    assert!(
        missing.is_empty(),
        "not exercised: {missing:?} (saw {codes:?})"
    );
}

#[test]
fn severity_labels_in_both_languages() {
    for s in [
        Severity::Error,
        Severity::SecurityWarning,
        Severity::Warning,
        Severity::Suggestion,
    ] {
        assert_japanese(s.code(), s.label("en"), s.label("ja"));
    }
    assert_eq!(Severity::SecurityWarning.code(), "SECURITY_WARNING");
    assert_eq!(Severity::SecurityWarning.label("ja"), "セキュリティ警告");
}

#[test]
fn the_cli_json_stays_english() {
    let findings = lint(
        r#"{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}"#,
        PolicyKind::Identity,
    );
    let v = serde_json::to_value(&findings).unwrap();
    let text = v.to_string();
    assert!(text.contains("The policy has no Version"), "{text}");
    assert!(
        !text.contains("message_ja") && !text.contains("fix_ja"),
        "{text}"
    );
    assert!(!Text::new("", text).ja_is_japanese());
}
