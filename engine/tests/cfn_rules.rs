//! Rules CloudFormation and the services apply to a template, applied by the import with a
//! located, bilingual error or notice: alphanumeric logical IDs, a key ARN where Firehose
//! wants one, roots that import each other's exports, generated names within the service's
//! length, and Japanese errors with no English description inside.

use envelope_lab::cfn::{import, CfnError, NoticeKind, Options, Upload};
use envelope_lab::text::is_japanese;

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
    assert!(e.line > 0, "{e:?}");
    assert!(e.message.ja().chars().any(is_japanese), "{e:?}");
    e
}

const KEY: &str = "  Key:\n    Type: AWS::KMS::Key\n";

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
    let t =
        format!("Parameters:\n  my-param:\n    Type: String\n    Default: x\nResources:\n{KEY}");
    let e = fail(&[("t.yaml", &t)]);
    assert_eq!((e.path.as_str(), e.line), ("Parameters.my-param", 2));
    let t = format!("Resources:\n{KEY}Outputs:\n  key-id:\n    Value: !Ref Key\n");
    let e = fail(&[("t.yaml", &t)]);
    assert_eq!((e.path.as_str(), e.line), ("Outputs.key-id", 5));
    // Alphanumeric ids, digits first included, are fine.
    let t = "Resources:\n  1Key:\n    Type: AWS::KMS::Key\n";
    assert!(import(&up(&[("t.yaml", t)]), &Options::default()).is_ok());
}

fn firehose(key_arn: &str) -> String {
    format!(
        "Resources:
{KEY}  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: my-bucket
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: r
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {{Service: firehose.amazonaws.com}}
            Action: sts:AssumeRole
  Stream:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: s
      ShardCount: 1
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamType: KinesisStreamAsSource
      KinesisStreamSourceConfiguration:
        KinesisStreamARN: !GetAtt Stream.Arn
        RoleARN: !GetAtt Role.Arn
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Bucket.Arn
        RoleARN: !GetAtt Role.Arn
        EncryptionConfiguration:
          KMSEncryptionConfig:
            AWSKMSKeyARN: {key_arn}
"
    )
}

#[test]
fn a_key_id_where_firehose_wants_a_key_arn_is_refused() {
    let e = fail(&[("t.yaml", &firehose("!Ref Key"))]);
    assert_eq!(e.line, 35);
    assert!(
        e.path.ends_with("KMSEncryptionConfig.AWSKMSKeyARN"),
        "{}",
        e.path
    );
    assert!(
        e.message.en().contains("not the ARN of a KMS key"),
        "{}",
        e.message.en()
    );
    assert!(e.message.en().contains("Fn::GetAtt"));
    assert!(e.message.ja().contains("キー ID"));
    let ok = import(
        &up(&[("t.yaml", &firehose("!GetAtt Key.Arn"))]),
        &Options::default(),
    );
    let s = ok.unwrap().scenario;
    assert_eq!(
        s.delivery_streams[0].encryption.as_ref().unwrap().kms_key,
        "Key"
    );
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
        let t = format!("Resources:\n{KEY}    Properties:\n      Description:\n        {c}\n");
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
