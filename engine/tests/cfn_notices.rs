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
      AssumeRolePolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {Service: firehose.amazonaws.com}, Action: sts:AssumeRole}]}
  LambdaRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
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

/// Importing `t` fails at `path`, `line`, `column`, saying each of `en` and `ja`.
fn refused(t: &str, path: &str, line: u32, column: u32, en: &[&str], ja: &str) {
    let e = fail(t);
    assert_eq!(
        (e.file.as_str(), e.path.as_str(), e.line, e.column),
        ("stack.yaml", path, line, column),
        "{e}"
    );
    text_says(&e.message, en, ja);
}

/// The one notice at `path`.
fn at<'a>(out: &'a Imported, path: &str) -> &'a Notice {
    let found: Vec<_> = out.notices.iter().filter(|n| n.path == path).collect();
    assert_eq!(found.len(), 1, "{path}: {:#?}", out.notices);
    found[0]
}

/// The one notice at `path`: of `kind`, on `line`, saying each of `en` and `ja`.
fn says<'a>(
    out: &'a Imported,
    path: &str,
    kind: NoticeKind,
    line: u32,
    en: &[&str],
    ja: &str,
) -> &'a Notice {
    let n = at(out, path);
    assert_eq!((n.kind, n.line), (kind, line), "{n:?}");
    text_says(&n.message, en, ja);
    n
}

/// Importing the stack with `parts` lists one default at `path`, on the line after
/// the line holding `anchor`, saying each of `en` and `ja`.
fn listed_default(
    parts: &[(&str, &str)],
    anchor: &str,
    path: &str,
    en: &[&str],
    ja: &str,
) -> Imported {
    let t = stack(parts);
    let out = ok(&t);
    says(
        &out,
        path,
        NoticeKind::Default,
        line_of(&t, anchor) + 1,
        en,
        ja,
    );
    out
}

/// `text` holds every part of `en` and, in Japanese, `ja`.
fn text_says(text: &envelope_lab::text::Text, en: &[&str], ja: &str) {
    assert!(en.iter().all(|p| text.en().contains(p)), "{}", text.en());
    assert!(text.ja().contains(ja), "{}", text.ja());
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
    let second = t
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("- ServerSideEncryptionByDefault"))
        .nth(1)
        .unwrap()
        .0 as u32
        + 1;
    let path = "Resources.Bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[1]";
    refused(&t, path, second, 13, &["one rule"], "1 つ");
}

#[test]
fn an_alias_of_an_aws_managed_key_or_of_another_alias_is_a_located_error() {
    for target in ["alias/aws/kinesis", "alias/lab-key"] {
        let extra = format!(
            "  KeyAlias:\n    Type: AWS::KMS::Alias\n    Properties:\n      AliasName: alias/lab-key\n      TargetKeyId: !Ref Key\n  Second:\n    Type: AWS::KMS::Alias\n    Properties:\n      AliasName: alias/second\n      TargetKeyId: {target}\n"
        );
        let t = stack(&[("@EXTRA@", &extra)]);
        let line = line_of(&t, &format!("TargetKeyId: {target}"));
        let path = "Resources.Second.Properties.TargetKeyId";
        let en = [target, "key ID or key ARN"];
        refused(&t, path, line, 20, &en, "キー ID またはキー ARN");
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
    let line = line_of(&t, "      S3DestinationConfiguration:") + 1;
    let path = "Resources.Delivery.Properties.S3DestinationConfiguration";
    refused(
        &t,
        path,
        line,
        9,
        &["only one destination"],
        "Firehose ストリームの送信先は 1 つ",
    );
}

/// The glossary's terms: Firehose ストリーム (not 配信ストリーム), 管理ポリシー (not
/// マネージドポリシー), in what the importer says.
#[test]
fn an_unknown_managed_policy_is_a_kanri_policy_in_japanese() {
    let role = "      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/NotAPolicyTheLabKnows";
    let t = stack(&[("@ROLE@", role)]);
    let out = ok(&t);
    let n = out
        .notices
        .iter()
        .find(|n| n.message.en().contains("NotAPolicyTheLabKnows"))
        .expect("the unknown managed policy is listed");
    assert!(
        n.message.ja().contains("管理ポリシー"),
        "{}",
        n.message.ja()
    );
    assert!(!n.message.ja().contains("マネージドポリシー"));
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
    let line = line_of(&t, "ShardCount: 3");
    let path = "Resources.Stream.Properties.ShardCount";
    let n = says(
        &out,
        path,
        NoticeKind::Ignored,
        line,
        &["ON_DEMAND"],
        "ON_DEMAND",
    );
    assert_eq!(n.column, 19);
    assert_eq!(out.scenario.streams[0].shards, 4);
    assert_eq!(out.scenario.streams[0].retention_hours, 48);
}

#[test]
fn a_stream_without_retention_gets_24_hours_listed_among_the_defaults() {
    let parts = [("@STREAM@", "      ShardCount: 1")];
    let path = "Resources.Stream.Properties.RetentionPeriodHours";
    let out = listed_default(&parts, "  Stream:", path, &["24 hours"], "24 時間");
    assert_eq!(out.scenario.streams[0].retention_hours, 24);
}

#[test]
fn a_bucket_without_encryption_gets_sse_s3_listed_among_the_defaults() {
    let path = "Resources.Bucket.Properties.BucketEncryption";
    let en = ["SSE-S3", "January 2023"];
    let out = listed_default(&[("@BUCKET@", "")], "  Bucket:", path, &en, "SSE-S3");
    assert_eq!(
        out.scenario.buckets[0].default_encryption,
        Default::default()
    );
}

#[test]
fn logging_options_without_enabled_mean_logging_off_and_say_so() {
    let dest = DEST.replace("          Enabled: true\n", "");
    let path =
        "Resources.Delivery.Properties.ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions";
    let en = ["no Enabled", "modelled"];
    let anchor = "CloudWatchLoggingOptions:";
    let out = listed_default(&[("@DEST@", &dest)], anchor, path, &en, "モデル化");
    assert!(!out.scenario.delivery_streams[0].cloudwatch_logging.enabled);
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

#[test]
fn unread_members_of_encryption_settings_are_listed_as_ignored() {
    let t = stack(&[
        (
            "@STREAM@",
            "      ShardCount: 1\n      RetentionPeriodHours: 24\n      StreamEncryption:\n        EncryptionType: KMS\n        KeyId: !GetAtt Key.Arn\n        StreamKeyNote: a",
        ),
        (
            "@BUCKET@",
            "      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n              RuleNote: b\n            BlockedEncryptionTypes: {}",
        ),
        (
            "@DEST@",
            "      ExtendedS3DestinationConfiguration:\n        BucketARN: !GetAtt Bucket.Arn\n        RoleARN: !GetAtt FirehoseRole.Arn\n        EncryptionConfiguration:\n          NoEncryptionConfig: NoEncryption\n          EncNote: c\n        CloudWatchLoggingOptions:\n          Enabled: true\n          LogGroupName: /aws/kinesisfirehose/lab",
        ),
    ]);
    let out = ok(&t);
    for (path, needle, key) in [
        ("Resources.Stream.Properties.StreamEncryption.StreamKeyNote", "StreamKeyNote", "StreamKeyNote"),
        (
            "Resources.Bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.RuleNote",
            "RuleNote",
            "RuleNote",
        ),
        (
            "Resources.Bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].BlockedEncryptionTypes",
            "BlockedEncryptionTypes",
            "BlockedEncryptionTypes",
        ),
        (
            "Resources.Delivery.Properties.ExtendedS3DestinationConfiguration.EncryptionConfiguration.EncNote",
            "EncNote",
            "EncNote",
        ),
    ] {
        says(&out, path, NoticeKind::Ignored, line_of(&t, needle), &[key, "ignored"], key);
    }
    assert!(out.scenario.delivery_streams[0].encryption.is_none());
}

#[test]
fn a_key_id_where_firehose_wants_a_key_arn_is_refused() {
    let dest = |arn: &str| {
        format!("{DEST}\n        EncryptionConfiguration:\n          KMSEncryptionConfig:\n            AWSKMSKeyARN: {arn}")
    };
    let t = stack(&[("@DEST@", &dest("!Ref Key"))]);
    let path = "Resources.Delivery.Properties.ExtendedS3DestinationConfiguration.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN";
    let line = line_of(&t, "AWSKMSKeyARN");
    refused(
        &t,
        path,
        line,
        27,
        &["not the ARN of a KMS key", "Fn::GetAtt"],
        "キー ID",
    );
    let s = ok(&stack(&[("@DEST@", &dest("!GetAtt Key.Arn"))])).scenario;
    assert_eq!(
        s.delivery_streams[0].encryption.as_ref().unwrap().kms_key,
        "Key"
    );
}
