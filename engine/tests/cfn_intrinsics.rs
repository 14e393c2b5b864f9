//! Every intrinsic function and pseudo parameter, in YAML short form and JSON long form:
//! both templates evaluate to the same values, as CloudFormation would.

use serde_json::{json, Value};

use envelope_lab::cfn::stack::{create, Settings, Source};
use envelope_lab::cfn::{import, yaml, NoticeKind, Options, Upload};

fn read(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/cfn/intrinsics/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The evaluated properties of `Probe` when `file` is uploaded before `exporter.yaml`
/// (it imports that stack's export, so it waits for it).
fn probe(file: &str) -> Value {
    let sources: Vec<Source> = [file, "exporter.yaml"]
        .iter()
        .enumerate()
        .map(|(i, f)| Source {
            name: f.to_string(),
            root: yaml::parse(i as u16, &read(f)).unwrap(),
        })
        .collect();
    let settings = Settings {
        account: "123456789012".into(),
        region: "ap-northeast-1".into(),
        ..Default::default()
    };
    let world = create(&sources, &settings).unwrap();
    assert!(
        world.resources.iter().all(|r| r.logical != "Skipped"),
        "a false condition skips the resource"
    );
    world
        .resources
        .iter()
        .find(|r| r.logical == "Probe")
        .unwrap()
        .props
        .to_json()
}

fn expected() -> Value {
    let arn = "arn:aws:kinesis:ap-northeast-1:123456789012:stream/s1";
    json!({
        "RefParam": "prod",
        "RefList": ["a", "b", "c"],
        "RefResource": "s1",
        "GetAttShort": arn,
        "GetAttLong": arn,
        "Sub": format!("intrinsics-prod-{arn}-${{Literal}}"),
        "SubMap": "prod-x",
        "Join": "a/prod/b",
        "Select": "z",
        "Split": ["a", "b"],
        "FindInMap": 2,
        "If": "yes-prod",
        "Either": "e1",
        "Base64": "aGVsbG8=",
        "GetAZs": ["ap-northeast-1a", "ap-northeast-1b", "ap-northeast-1c"],
        "ImportValue": "shared-from-exporter",
        "Pseudo": {
            "AccountId": "123456789012",
            "Region": "ap-northeast-1",
            "Partition": "aws",
            "StackName": "intrinsics",
            "URLSuffix": "amazonaws.com",
            "NotificationARNs": []
        },
        "StackIdPrefix": "arn:aws:cloudformation:ap-northeast-1:123456789012:stack",
        "Version": "2012-10-17",
        "Plain": "yes",
        "Number": 10
    })
}

#[test]
fn yaml_short_forms_evaluate() {
    assert_eq!(probe("intrinsics.yaml"), expected());
}

#[test]
fn json_long_forms_evaluate_the_same() {
    assert_eq!(probe("intrinsics.json"), expected());
}

#[test]
fn unknown_resource_types_are_listed_and_the_import_goes_on() {
    let files = vec![
        Upload {
            name: "intrinsics.yaml".into(),
            text: read("intrinsics.yaml"),
        },
        Upload {
            name: "exporter.yaml".into(),
            text: read("exporter.yaml"),
        },
    ];
    let out = import(&files, &Options::default()).unwrap();
    assert_eq!(out.scenario.streams.len(), 1);
    assert_eq!(out.scenario.streams[0].shards, 2);
    let listed: Vec<(&str, &str)> = out
        .notices
        .iter()
        .filter(|n| n.kind == NoticeKind::NotSimulated)
        .map(|n| (n.file.as_str(), n.path.as_str()))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("exporter.yaml", "Resources.Topic"),
            ("intrinsics.yaml", "Resources.Probe")
        ]
    );
    let topic = out
        .notices
        .iter()
        .find(|n| n.path == "Resources.Topic")
        .unwrap();
    assert!(
        topic.message.en().contains("AWS::SNS::Topic")
            && topic.message.ja().contains("シミュレートされません")
    );
    assert_eq!((topic.line, topic.column), (4, 5));
}

#[test]
fn other_regions_have_their_partition_and_suffix() {
    let text = "Resources:\n  P:\n    Type: Custom::P\n    Properties:\n      A: !Ref AWS::Partition\n      B: !Ref AWS::URLSuffix\n";
    let sources = vec![Source {
        name: "p.yaml".into(),
        root: yaml::parse(0, text).unwrap(),
    }];
    for (region, partition, suffix) in [
        ("cn-north-1", "aws-cn", "amazonaws.com.cn"),
        ("us-gov-west-1", "aws-us-gov", "amazonaws.com"),
    ] {
        let settings = Settings {
            account: "123456789012".into(),
            region: region.into(),
            ..Default::default()
        };
        let world = create(&sources, &settings).unwrap();
        assert_eq!(
            world.resources[0].props.to_json(),
            json!({"A": partition, "B": suffix})
        );
    }
}
