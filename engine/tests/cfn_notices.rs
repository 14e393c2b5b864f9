//! What the importer tells the learner about a template it accepts or refuses: every
//! property of a mapped resource is used, listed as ignored, or refused with a located
//! error; every default the lab fills in is listed. One small stack, varied per test.

use envelope_lab::cfn::{import, CfnError, Imported, Notice, NoticeKind, Options, Upload};
use envelope_lab::text::is_japanese;

/// A key, a stream, a bucket, two roles, a delivery stream and a producer function.
/// `@STREAM@`, `@BUCKET@`, `@DEST@`, `@EXTRA@` and `@FN@` are replaced per test.
const BASE: &str = "\
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}
            Action: kms:*
            Resource: '*'
  Stream:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: lab-stream
@STREAM@
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: lab-bucket
@BUCKET@
  FirehoseRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {Service: firehose.amazonaws.com}
            Action: sts:AssumeRole
  LambdaRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
@ROLE@
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamType: KinesisStreamAsSource
      KinesisStreamSourceConfiguration:
        KinesisStreamARN: !GetAtt Stream.Arn
        RoleARN: !GetAtt FirehoseRole.Arn
@DEST@
  Producer:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt LambdaRole.Arn
      Runtime: python3.12
      Handler: index.handler
      Code:
        ZipFile: |
          def handler(event, context):
              pass
      Environment:
        Variables:
          STREAM: !Ref Stream
@EXTRA@
";

const STREAM: &str = "      ShardCount: 1\n      RetentionPeriodHours: 24";
const BUCKET: &str = "      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: AES256";
const DEST: &str = "      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Bucket.Arn
        RoleARN: !GetAtt FirehoseRole.Arn
        CloudWatchLoggingOptions:
          Enabled: true
          LogGroupName: /aws/kinesisfirehose/lab";

/// The stack with the parts the test names replaced (the others as above).
fn stack(parts: &[(&str, &str)]) -> String {
    let mut t = BASE.to_string();
    for (k, v) in parts {
        t = t.replace(k, v);
    }
    for (k, v) in [
        ("@STREAM@", STREAM),
        ("@BUCKET@", BUCKET),
        ("@DEST@", DEST),
        ("@ROLE@", ""),
        ("@EXTRA@", ""),
    ] {
        t = t.replace(k, v);
    }
    t
}

fn files(t: &str) -> Vec<Upload> {
    vec![Upload {
        name: "stack.yaml".into(),
        text: t.to_string(),
    }]
}

fn ok(t: &str) -> Imported {
    let out = import(&files(t), &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    for n in &out.notices {
        assert!(
            n.line > 0 && n.message.ja().chars().any(is_japanese),
            "{n:?}"
        );
    }
    out
}

fn fail(t: &str) -> CfnError {
    let e = import(&files(t), &Options::default()).unwrap_err();
    assert!(
        e.line > 0 && e.message.ja().chars().any(is_japanese),
        "{e:?}"
    );
    e
}

/// The one notice at `path`.
fn at<'a>(out: &'a Imported, path: &str) -> &'a Notice {
    let found: Vec<_> = out.notices.iter().filter(|n| n.path == path).collect();
    assert_eq!(found.len(), 1, "{path}: {:#?}", out.notices);
    found[0]
}

/// The line (1-based) of the first line of `t` containing `needle`.
fn line_of(t: &str, needle: &str) -> u32 {
    t.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1
}

#[test]
fn the_base_stack_imports_without_defaults_for_stream_bucket_or_logging() {
    let out = ok(&stack(&[]));
    let paths: Vec<_> = out.notices.iter().map(|n| n.path.as_str()).collect();
    assert!(
        !paths.iter().any(|p| p.starts_with("Resources.Stream")
            || p.starts_with("Resources.Bucket")
            || p.contains("CloudWatchLoggingOptions")),
        "{paths:?}"
    );
    assert!(out.scenario.delivery_streams[0].cloudwatch_logging.enabled);
}

#[test]
fn a_second_bucket_encryption_rule_is_a_located_error() {
    let bucket = format!(
        "{BUCKET}\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms"
    );
    let t = stack(&[("@BUCKET@", &bucket)]);
    let e = fail(&t);
    assert_eq!(
        e.path,
        "Resources.Bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[1]"
    );
    let second = t
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("- ServerSideEncryptionByDefault"))
        .nth(1)
        .unwrap()
        .0 as u32
        + 1;
    assert_eq!(
        (e.file.as_str(), e.line, e.column),
        ("stack.yaml", second, 13)
    );
    assert!(e.message.en().contains("one rule"), "{}", e.message.en());
    assert!(e.message.ja().contains("1 つ"), "{}", e.message.ja());
}

#[test]
fn an_alias_of_an_aws_managed_key_or_of_another_alias_is_a_located_error() {
    for target in ["alias/aws/kinesis", "alias/lab-key"] {
        let extra = format!(
            "  KeyAlias:\n    Type: AWS::KMS::Alias\n    Properties:\n      AliasName: alias/lab-key\n      TargetKeyId: !Ref Key\n  Second:\n    Type: AWS::KMS::Alias\n    Properties:\n      AliasName: alias/second\n      TargetKeyId: {target}\n"
        );
        let t = stack(&[("@EXTRA@", &extra)]);
        let e = fail(&t);
        assert_eq!(e.path, "Resources.Second.Properties.TargetKeyId", "{e}");
        assert_eq!(e.line, line_of(&t, &format!("TargetKeyId: {target}")));
        assert_eq!(e.column, 20);
        assert!(
            e.message.en().contains(target) && e.message.en().contains("key ID or key ARN"),
            "{}",
            e.message.en()
        );
        assert!(
            e.message.ja().contains("キー ID またはキー ARN"),
            "{}",
            e.message.ja()
        );
    }
    // The alias of a key of the templates still lands on the key.
    let extra = "  KeyAlias:\n    Type: AWS::KMS::Alias\n    Properties:\n      AliasName: alias/lab-key\n      TargetKeyId: !GetAtt Key.Arn\n";
    let out = ok(&stack(&[("@EXTRA@", extra)]));
    assert_eq!(
        out.scenario.keys[0].aliases,
        vec!["alias/lab-key".to_string()]
    );
}

#[test]
fn both_s3_destinations_are_a_located_error() {
    let dest = format!(
        "{DEST}\n      S3DestinationConfiguration:\n        BucketARN: !GetAtt Bucket.Arn\n        RoleARN: !GetAtt FirehoseRole.Arn"
    );
    let t = stack(&[("@DEST@", &dest)]);
    let e = fail(&t);
    assert_eq!(
        e.path,
        "Resources.Delivery.Properties.S3DestinationConfiguration"
    );
    assert_eq!(
        (e.line, e.column),
        (line_of(&t, "      S3DestinationConfiguration:") + 1, 9)
    );
    assert!(
        e.message.en().contains("only one destination"),
        "{}",
        e.message.en()
    );
    assert!(
        e.message.ja().contains("送信先は 1 つ"),
        "{}",
        e.message.ja()
    );
}

#[test]
fn the_runtime_of_inline_code_is_used_not_ignored() {
    let out = ok(&stack(&[]));
    assert!(
        !out.notices.iter().any(|n| n.path.ends_with(".Runtime")),
        "{:#?}",
        out.notices
    );
    assert_eq!(out.code[0].runtime, "python3.12");
}

#[test]
fn shard_count_of_an_on_demand_stream_is_listed_as_ignored() {
    let t = stack(&[(
        "@STREAM@",
        "      ShardCount: 3\n      RetentionPeriodHours: 48\n      StreamModeDetails:\n        StreamMode: ON_DEMAND",
    )]);
    let out = ok(&t);
    let n = at(&out, "Resources.Stream.Properties.ShardCount");
    assert_eq!(n.kind, NoticeKind::Ignored);
    assert_eq!((n.line, n.column), (line_of(&t, "ShardCount: 3"), 19));
    assert!(n.message.en().contains("ON_DEMAND"), "{}", n.message.en());
    assert!(n.message.ja().contains("ON_DEMAND"), "{}", n.message.ja());
    assert_eq!(out.scenario.streams[0].shards, 4);
    assert_eq!(out.scenario.streams[0].retention_hours, 48);
}

#[test]
fn a_stream_without_retention_gets_24_hours_listed_among_the_defaults() {
    let t = stack(&[("@STREAM@", "      ShardCount: 1")]);
    let out = ok(&t);
    let n = at(&out, "Resources.Stream.Properties.RetentionPeriodHours");
    assert_eq!(n.kind, NoticeKind::Default);
    assert_eq!(n.line, line_of(&t, "  Stream:") + 1);
    assert!(n.message.en().contains("24 hours"), "{}", n.message.en());
    assert!(n.message.ja().contains("24 時間"), "{}", n.message.ja());
    assert_eq!(out.scenario.streams[0].retention_hours, 24);
}

#[test]
fn a_bucket_without_encryption_gets_sse_s3_listed_among_the_defaults() {
    let t = stack(&[("@BUCKET@", "")]);
    let out = ok(&t);
    let n = at(&out, "Resources.Bucket.Properties.BucketEncryption");
    assert_eq!(n.kind, NoticeKind::Default);
    assert_eq!(n.line, line_of(&t, "  Bucket:") + 1);
    assert!(
        n.message.en().contains("SSE-S3") && n.message.en().contains("January 2023"),
        "{}",
        n.message.en()
    );
    assert!(n.message.ja().contains("SSE-S3"), "{}", n.message.ja());
}

#[test]
fn logging_options_without_enabled_mean_logging_off_and_say_so() {
    let dest = DEST.replace("          Enabled: true\n", "");
    let t = stack(&[("@DEST@", &dest)]);
    let out = ok(&t);
    assert!(!out.scenario.delivery_streams[0].cloudwatch_logging.enabled);
    let n = at(
        &out,
        "Resources.Delivery.Properties.ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions",
    );
    assert_eq!(n.kind, NoticeKind::Default);
    assert_eq!(n.line, line_of(&t, "CloudWatchLoggingOptions:") + 1);
    assert!(
        n.message.en().contains("no Enabled") && n.message.en().contains("modelled"),
        "{}",
        n.message.en()
    );
    assert!(n.message.ja().contains("モデル化"), "{}", n.message.ja());
}

#[test]
fn a_managed_policy_named_by_the_role_and_naming_the_role_is_attached_once() {
    // The role names the policy by ARN and the policy names the role by its literal name
    // (a `!Ref` both ways would be a circular dependency, in CloudFormation too).
    let role = "      RoleName: lab-producer\n      ManagedPolicyArns:\n        - !Ref WritePolicy";
    let extra = "  WritePolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      Roles: [lab-producer]\n      PolicyDocument:\n        Version: 2012-10-17\n        Statement:\n          - Effect: Allow\n            Action: kinesis:PutRecord\n            Resource: '*'\n";
    let out = ok(&stack(&[("@ROLE@", role), ("@EXTRA@", extra)]));
    let lambda = out
        .scenario
        .roles
        .iter()
        .find(|r| r.name == "lab-producer")
        .unwrap();
    assert_eq!(
        lambda.attached_policies.len(),
        1,
        "{:#?}",
        lambda.attached_policies
    );
}
