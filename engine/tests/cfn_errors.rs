//! Problems in templates are errors that say where (file, line, column, template path) and
//! why, in English and Japanese.

use envelope_lab::cfn::{import, CfnError, Options, Upload};

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
