//! Problems in templates are errors that say where (file, line, column, template path) and
//! why, in English and Japanese.

use envelope_lab::cfn::{import, CfnError, NoticeKind, Options, Upload};

fn up(files: &[(&str, &str)]) -> Vec<Upload> {
    files
        .iter()
        .map(|(n, t)| Upload {
            name: n.to_string(),
            text: t.to_string(),
        })
        .collect()
}

fn fail(files: &[(&str, &str)]) -> CfnError {
    let e = import(&up(files), &Options::default()).unwrap_err();
    assert!(
        !e.message.en().is_empty() && e.message.ja().chars().any(envelope_lab::text::is_japanese),
        "{e:?}"
    );
    e
}

const KEY: &str = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n";

#[test]
fn a_missing_nested_template_names_the_stack_the_url_and_the_file_to_add() {
    let root = "Resources:\n  KMSStack:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://bucket.s3.amazonaws.com/course/kms.yaml?versionId=3\n";
    let e = fail(&[("main.yaml", root)]);
    assert_eq!((e.file.as_str(), e.line, e.column), ("main.yaml", 5, 20));
    assert_eq!(e.path, "Resources.KMSStack.Properties.TemplateURL");
    assert!(
        e.message.en().contains("KMSStack")
            && e.message
                .en()
                .contains("https://bucket.s3.amazonaws.com/course/kms.yaml?versionId=3")
            && e.message.en().contains("add the file \"kms.yaml\""),
        "{}",
        e.message.en()
    );
    assert!(e.message.ja().contains("\"kms.yaml\" を追加してください"));
    assert!(e
        .located()
        .en()
        .starts_with("main.yaml:5:20 Resources.KMSStack.Properties.TemplateURL: "));
    assert!(e
        .located()
        .ja()
        .starts_with("main.yaml (行 5、列 20) Resources.KMSStack.Properties.TemplateURL: "));
}

#[test]
fn an_unresolvable_get_att_is_located() {
    let t = format!("{KEY}  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      StreamEncryption:\n        EncryptionType: KMS\n        KeyId: !GetAtt Key.Arnn\n");
    let e = fail(&[("t.yaml", &t)]);
    assert_eq!((e.line, e.column), (10, 16));
    assert_eq!(
        e.path,
        "Resources.Stream.Properties.StreamEncryption.KeyId.Fn::GetAtt"
    );
    assert!(
        e.message
            .en()
            .contains("Key has no attribute \"Arnn\" (it has: Arn, KeyId)"),
        "{}",
        e.message.en()
    );
    let t = t.replace("Key.Arnn", "Missing.Arn");
    let e = fail(&[("t.yaml", &t)]);
    assert!(
        e.message.en().contains("Missing, which is not a resource"),
        "{}",
        e.message.en()
    );
}

#[test]
fn circular_dependencies_are_named() {
    let t = "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    DependsOn: B\n  B:\n    Type: AWS::Logs::LogGroup\n    DependsOn: [A]\n";
    let e = fail(&[("c.yaml", t)]);
    assert!(
        e.message
            .en()
            .contains("circular dependency between resources: A → B → A"),
        "{}",
        e.message.en()
    );
    assert_eq!((e.line, e.path.as_str()), (3, "Resources.A"));
    let t = "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Ref B\n  B:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Sub \"${A}-b\"\n";
    let e = fail(&[("c.yaml", t)]);
    assert!(e.message.en().contains("A → B → A"), "{}", e.message.en());
    assert!(e.message.ja().contains("循環"));
    let t = "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    DependsOn: Nope\n";
    assert!(fail(&[("c.yaml", t)])
        .message
        .en()
        .contains("DependsOn names \"Nope\""));
}

#[test]
fn circular_conditions_and_nesting_are_errors() {
    let t = "Conditions:\n  A: !Condition B\n  B: !Not [!Condition A]\nResources:\n  L:\n    Type: AWS::Logs::LogGroup\n";
    assert!(fail(&[("c.yaml", t)]).message.en().contains("A → B → A"));
    let a = "Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://x/b.yaml\n";
    let b = "Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://x/a.yaml\n";
    let e = fail(&[
        ("a.yaml", a),
        ("b.yaml", b),
        ("root.yaml", &a.replace("b.yaml", "a.yaml")),
    ]);
    assert!(
        e.message.en().contains("cannot nest in a circle"),
        "{}",
        e.message.en()
    );
}

#[test]
fn syntax_and_shape_errors_are_located() {
    let e = fail(&[("bad.yaml", "Resources:\n  A: [1, 2\n")]);
    assert_eq!(e.file, "bad.yaml");
    assert!(e.line >= 2 && e.message.en().contains("not valid YAML or JSON"));
    let e = fail(&[(
        "bad.json",
        "{\"Resources\": {\"A\": {\"Type\": \"AWS::Logs::LogGroup\" \"x\"}}}",
    )]);
    assert_eq!(e.file, "bad.json");
    assert!(e.line == 1 && e.column > 30, "{e:?}");
    let e = fail(&[("t.yaml", "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Cidr [a, 1, 2]\n")]);
    assert!(e.message.en().contains("Fn::Cidr is not supported"));
    let e = fail(&[("t.yaml", "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Reff x\n")]);
    assert!(e.message.en().contains("unknown tag !Reff"));
    assert_eq!((e.line, e.column), (5, 21));
    let e = fail(&[(
        "t.yaml",
        "Transform: AWS::Serverless-2016-10-31\nResources: {}\n",
    )]);
    assert_eq!(e.path, "Transform");
    let e = fail(&[(
        "t.yaml",
        "Parameters:\n  P:\n    Type: String\nResources:\n  A:\n    Type: AWS::Logs::LogGroup\n",
    )]);
    assert!(
        e.message.en().contains("--param P=VALUE"),
        "{}",
        e.message.en()
    );
    assert_eq!((e.line, e.path.as_str()), (3, "Parameters.P"));
    let e = fail(&[(
        "t.yaml",
        "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    Propertes: {}\n",
    )]);
    assert_eq!(e.path, "Resources.A.Propertes");
}

#[test]
fn values_the_simulator_cannot_run_point_back_into_the_template() {
    let t = "Resources:\n  S:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      RetentionPeriodHours: 5\n";
    let e = fail(&[("s.yaml", t)]);
    assert_eq!((e.line, e.path.as_str()), (3, "Resources.S"));
    assert!(
        e.message.en().contains("retention_hours") && e.message.en().contains("24–8760"),
        "{}",
        e.message.en()
    );
    let t = "Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeySpec: RSA_2048\n";
    let e = fail(&[("k.yaml", t)]);
    assert_eq!(
        (e.line, e.path.as_str()),
        (5, "Resources.K.Properties.KeySpec")
    );
}

#[test]
fn bad_parameter_values_are_refused() {
    let t = "Parameters:\n  E:\n    Type: String\n    AllowedValues: [a, b]\nResources:\n  A:\n    Type: AWS::Logs::LogGroup\n";
    let opts = Options {
        params: [("E".to_string(), "c".to_string())].into(),
        ..Default::default()
    };
    let e = import(&up(&[("t.yaml", t)]), &opts).unwrap_err();
    assert!(e.message.en().contains("not one of AllowedValues (a, b)"));
    let opts = Options {
        params: [("Nope".to_string(), "c".to_string())].into(),
        ..Default::default()
    };
    let e = import(
        &up(&[("t.yaml", &t.replace("AllowedValues: [a, b]", "Default: a"))]),
        &opts,
    )
    .unwrap_err();
    assert!(e
        .message
        .en()
        .contains("no root template declares the parameter \"Nope\""));
}

// Rules CloudFormation and the services apply: alphanumeric logical IDs, roots that import
// each other's exports, generated names within the service's length, and Japanese errors
// with no English description inside.

const RES_KEY: &str = "  Key:\n    Type: AWS::KMS::Key\n";

#[test]
fn logical_ids_with_a_hyphen_a_space_or_an_underscore_are_refused() {
    for (id, section) in [
        ("My-Key", "Resources"),
        ("\"My Key\"", "Resources"),
        ("My_Key", "Resources"),
    ] {
        let t = format!("Resources:\n  {id}:\n    Type: AWS::KMS::Key\n");
        let e = fail(&[("t.yaml", &t)]);
        assert_eq!((e.line, e.column), (2, 3), "{id}");
        assert!(e.path.starts_with(section));
        assert!(
            e.message.en().contains("not alphanumeric"),
            "{}",
            e.message.en()
        );
        assert!(e.message.ja().contains("論理 ID"));
    }
    let t = format!(
        "Parameters:\n  my-param:\n    Type: String\n    Default: x\nResources:\n{RES_KEY}"
    );
    let e = fail(&[("t.yaml", &t)]);
    assert_eq!((e.path.as_str(), e.line), ("Parameters.my-param", 2));
    let t = format!("Resources:\n{RES_KEY}Outputs:\n  key-id:\n    Value: !Ref Key\n");
    let e = fail(&[("t.yaml", &t)]);
    assert_eq!((e.path.as_str(), e.line), ("Outputs.key-id", 5));
    // Alphanumeric ids, digits first included, are fine.
    let t = "Resources:\n  1Key:\n    Type: AWS::KMS::Key\n";
    assert!(import(&up(&[("t.yaml", t)]), &Options::default()).is_ok());
}

#[test]
fn roots_importing_each_others_exports_are_named_as_a_circle() {
    let a = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: !ImportValue from-b\nOutputs:\n  Out:\n    Value: !Ref Key\n    Export:\n      Name: from-a\n";
    let b = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: !ImportValue from-a\nOutputs:\n  Out:\n    Value: !Ref Key\n    Export:\n      Name: !Sub from-${AWS::Region}\n";
    // b exports "from-ap-northeast-1", not "from-a": a's import is simply missing.
    let e = fail(&[("a.yaml", a), ("b.yaml", b)]);
    assert!(
        e.message
            .en()
            .contains("no uploaded stack exports \"from-b\""),
        "{}",
        e.message.en()
    );
    let b = b.replace("from-${AWS::Region}", "from-b");
    let e = fail(&[("a.yaml", a), ("b.yaml", &b)]);
    assert_eq!((e.file.as_str(), e.line), ("a.yaml", 5));
    let en = e.message.en();
    assert!(
        en.contains("\"from-b\" is exported by b.yaml") && en.contains("circle"),
        "{en}"
    );
    assert!(!en.contains("no uploaded stack exports"), "{en}");
    assert!(e.message.ja().contains("循環"));
}

#[test]
fn a_generated_bucket_name_is_shortened_to_63_characters() {
    let t = "Resources:\n  LogsBucket:\n    Type: AWS::S3::Bucket\n";
    let options = Options {
        stack_name: Some(format!("course-{}", "x".repeat(70))),
        ..Options::default()
    };
    let imported = import(&up(&[("t.yaml", t)]), &options).unwrap();
    let name = &imported.scenario.buckets[0].name;
    assert_eq!(name.len(), 63, "{name}");
    assert!(
        name.starts_with("course-xxx") && name.ends_with("-logsbucket"),
        "{name}"
    );
    let n = imported
        .notices
        .iter()
        .find(|n| n.kind == NoticeKind::Default && n.path == "Resources.LogsBucket")
        .unwrap();
    assert!(n.message.en().contains("shortened to 63 characters"));
    assert!(n.message.en().contains("modelled"));
    assert!(n.message.ja().contains("モデル化"));
    // A short stack name is not touched.
    let imported = import(&up(&[("t.yaml", t)]), &Options::default()).unwrap();
    assert_eq!(imported.scenario.buckets[0].name, "t-logsbucket");
}

#[test]
fn japanese_errors_about_function_arguments_have_no_english_inside() {
    let cases = [
        "Fn::GetAZs: [x]",
        "Fn::Split: [[a], b]",
        "Fn::Join: [[x], [a]]",
        "Fn::Join: ['', x]",
        "Fn::Select: [[0], [a]]",
        "Fn::FindInMap: [[m], a, b]",
        "Fn::Base64: [x]",
        "Fn::Sub: [x, {V: [a]}]",
        "Fn::GetAtt: [Key, [Arn]]",
        "Fn::ImportValue: [x]",
        "Fn::Select: x",
        "Fn::Sub: 3",
        "Ref: [x]",
        "Fn::If: [a]",
    ];
    for c in cases {
        let t = format!("Resources:\n{RES_KEY}    Properties:\n      Description:\n        {c}\n");
        let e = fail(&[("t.yaml", &t)]);
        let ja = e.message.ja();
        // Names of functions and values quoted from the template are fine; English words
        // of the description are not.
        let english = ja
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_lowercase()))
            .filter(|w| !["true", "false"].contains(w))
            .collect::<Vec<_>>();
        assert!(english.is_empty(), "{c}: {ja} ({english:?})");
    }
}

#[test]
fn a_file_over_the_size_limit_states_cloudformations_two_quotas() {
    // The CloudFormation quotas page: 51,200 bytes for a template body in the request, 1 MB
    // for a template in an S3 object (not "1 MB" alone).
    let big = format!("{KEY}# {}\n", "x".repeat(1 << 20));
    let e = fail(&[("big.yaml", &big)]);
    assert_eq!(e.file, "big.yaml");
    for text in [e.message.en(), e.message.ja()] {
        assert!(text.contains("51,200") && text.contains("1 MB"), "{text}");
    }
}

/// (line, column) of the first line after `after` whose text is `key: <value>`: where the
/// value starts.
fn key_line(text: &str, after: &str, value: &str) -> (u32, u32, String) {
    let start = text.find(after).unwrap_or_else(|| panic!("no {after}"));
    let skip = text[..start].lines().count();
    let (i, line) = text
        .lines()
        .enumerate()
        .skip(skip)
        .find(|(_, l)| l.trim() == format!("key: {value}"))
        .unwrap_or_else(|| panic!("no key: {value} after {after}"));
    let column = line.find(value).unwrap() + 1;
    (i as u32 + 1, column as u32, line.to_string())
}

/// Issue [5/6] §4: a client-side setting the simulator refuses, in an exported template's
/// `Metadata.EnvelopeLab` (the function's producer settings, the template's readers), is
/// located at the member itself.
#[test]
fn a_refused_client_side_setting_is_located_in_the_metadata() {
    let s = envelope_lab::sim::presets::get("client-side-caching").unwrap();
    let text = envelope_lab::cfn::export(&s);
    // The producer's key.
    let (line, column, l) = key_line(&text, "AWS::Lambda::Function", "ProducerKey");
    let bad = text.replacen(&l, &l.replace("ProducerKey", "NoSuchKey"), 1);
    assert_ne!(bad, text);
    let e = fail(&[("t.yaml", &bad)]);
    assert_eq!(
        e.path,
        "Resources.DataSourceLambda.Metadata.EnvelopeLab.producer.client_side.key"
    );
    assert_eq!((e.line, e.column), (line, column));
    assert!(
        e.message.en().contains("no KMS key \"NoSuchKey\""),
        "{}",
        e.message.en()
    );
    // The reader's key: an AWS managed key cannot be a client-side key.
    let (line, column, l) = key_line(&text, "readers:", "ProducerKey");
    let bad = text.replacen(&l, &l.replace("ProducerKey", "alias/aws/s3"), 1);
    let e = fail(&[("t.yaml", &bad)]);
    assert_eq!(e.path, "Metadata.EnvelopeLab.readers[0].client_side.key");
    assert_eq!((e.line, e.column), (line, column));
    assert!(e.message.en().contains("readers[0].client_side.key"));
    // A max_age of zero.
    let bad = text.replacen("max_age: \"5m\"", "max_age: \"0s\"", 1);
    assert_ne!(bad, text);
    let e = fail(&[("t.yaml", &bad)]);
    assert_eq!(
        e.path,
        "Resources.DataSourceLambda.Metadata.EnvelopeLab.producer.client_side.data_key_caching.max_age"
    );
}
