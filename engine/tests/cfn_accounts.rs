//! CloudFormation across accounts (issue [4/6] §3): templates imported each into its own
//! account, `AWS::Kinesis::ResourcePolicy` as a stream's resource-based policy, and one
//! exported template per account. The expected decisions are written by hand from the
//! AWS rules the presets follow (a cross-account call needs both the caller's account and
//! the resource's account to allow it); the exports go through cfn-lint (cfn_roundtrip.rs).

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use envelope_lab::cfn::{
    cli::assign_accounts, export, export_accounts, import, import_accounts, CfnError, Options,
    Upload,
};
use envelope_lab::sim::scenario::Scenario;
use envelope_lab::sim::{presets, Simulation};

const DATA: &str = "111111111111";
const PRODUCER: &str = "222222222222";

fn fixture(name: &str) -> Upload {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cfn/accounts")
        .join(name);
    Upload {
        name: name.into(),
        text: std::fs::read_to_string(path).unwrap(),
    }
}

fn two_accounts(data: Upload, producer: Upload) -> Result<Scenario, CfnError> {
    let accounts = [Some(DATA.to_string()), Some(PRODUCER.to_string())];
    import_accounts(&[data, producer], &accounts, &Options::default()).map(|i| i.scenario)
}

fn summary(s: &Scenario, seed: u64) -> Value {
    let mut sim = Simulation::new(s, seed).unwrap();
    sim.run_to_end();
    serde_json::to_value(sim.summary()).unwrap()
}

/// The denials of a run: (operation, error code, principal's account, denying policy,
/// denying account).
fn denials(s: &Scenario) -> Vec<(String, String, String, String, String)> {
    let sum = summary(s, 1);
    sum["denials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let principal = d["principal"].as_str().unwrap_or_default();
            let account = principal.split(':').nth(4).unwrap_or_default();
            (
                d["operation"].as_str().unwrap_or_default().to_string(),
                d["error_code"].as_str().unwrap_or_default().to_string(),
                account.to_string(),
                d["denied_by"]["policy"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                d["denied_by"]["account"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

fn without(text: &str, from: &str, to: &str) -> String {
    let i = text.find(from).unwrap();
    let j = text[i..].find(to).map(|j| i + j).unwrap_or(text.len());
    format!("{}{}", &text[..i], &text[j..])
}

#[test]
fn each_template_is_created_in_its_own_account() {
    let s = two_accounts(fixture("data.yaml"), fixture("producer.yaml")).unwrap();
    assert_eq!(
        s.account, DATA,
        "the first file's account is the scenario's"
    );
    let stream = &s.streams[0];
    assert_eq!(
        stream.account, None,
        "the stream is in the scenario's account"
    );
    let policy = stream
        .policy
        .as_ref()
        .expect("the ResourcePolicy is the stream's policy");
    assert_eq!(
        policy["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::222222222222:role/ProducerRole"
    );
    assert_eq!(
        policy["Statement"][0]["Resource"],
        "arn:aws:kinesis:ap-northeast-1:111111111111:stream/orders"
    );
    assert_eq!(s.keys[0].account, None);
    assert_eq!(
        s.keys[0].policy["Statement"][0]["Principal"]["AWS"], "arn:aws:iam::111111111111:root",
        "AWS::AccountId in the data account's template"
    );
    let role = s.roles.iter().find(|r| r.name == "ProducerRole").unwrap();
    assert_eq!(role.account.as_deref(), Some(PRODUCER));
    assert_eq!(
        role.inline_policies[0].document["Statement"][2]["Resource"],
        "arn:aws:logs:ap-northeast-1:222222222222:*",
        "AWS::AccountId in the producer account's template"
    );
    assert_eq!(s.producers[0].stream, "orders");
    assert_eq!(s.producers[0].role, "ProducerRole");
    // Stream policy, key policy and the producer's IAM all allow: every record is put.
    let sum = summary(&s, 1);
    assert_eq!(sum["records"]["put_ok"], 10);
    assert_eq!(denials(&s), vec![]);
}

#[test]
fn the_missing_half_is_denied_by_the_data_account() {
    let data = fixture("data.yaml");
    // The key policy no longer trusts the producer account: KMS denies GenerateDataKey.
    let no_key = Upload {
        text: without(
            &data.text,
            "          - Sid: AllowProducerAccount",
            "  Stream:\n",
        ),
        ..data.clone()
    };
    let s = two_accounts(no_key, fixture("producer.yaml")).unwrap();
    let d = denials(&s);
    let key_denials: Vec<_> = d.iter().filter(|x| x.0 == "GenerateDataKey").collect();
    assert_eq!(key_denials.len(), 10, "{d:?}");
    for x in key_denials {
        assert_eq!(
            (x.1.as_str(), x.2.as_str(), x.4.as_str()),
            ("AccessDeniedException", PRODUCER, DATA),
            "the producer account's role, denied by the data account's key policy"
        );
    }
    assert_eq!(summary(&s, 1)["records"]["put_ok"], 0);
    // No stream policy: Kinesis denies the other account's PutRecord.
    let no_policy = Upload {
        text: without(&data.text, "  StreamPolicy:", "\u{0}"),
        ..data
    };
    let s = two_accounts(no_policy, fixture("producer.yaml")).unwrap();
    assert_eq!(s.streams[0].policy, None);
    let d = denials(&s);
    assert!(!d.is_empty());
    for x in &d {
        assert_eq!(
            (x.0.as_str(), x.1.as_str(), x.2.as_str(), x.4.as_str()),
            ("PutRecord", "AccessDeniedException", PRODUCER, DATA),
            "{d:?}"
        );
    }
}

#[test]
fn a_wrong_account_in_an_arn_is_a_located_error() {
    // The Lambda names its role with the data account's id: no template of that account
    // declares ProducerRole.
    let p = fixture("producer.yaml");
    let wrong = Upload {
        text: p.text.replace(
            "Role: !GetAtt ProducerRole.Arn",
            "Role: arn:aws:iam::111111111111:role/ProducerRole",
        ),
        ..p
    };
    let e = two_accounts(fixture("data.yaml"), wrong).unwrap_err();
    assert_eq!(e.file, "producer.yaml");
    assert_eq!(
        (e.line, e.path.as_str()),
        (40, "Resources.Producer.Properties.Role")
    );
    assert!(
        e.message.en().contains("in account 111111111111"),
        "{}",
        e.message.en()
    );
    assert!(e
        .message
        .en()
        .contains("declare ProducerRole in account 222222222222"));
    assert!(e
        .message
        .get("ja")
        .contains("アカウント 222222222222 で宣言"));
    // A key named by its ARN with the producer account's id: not the data account's key.
    let s = two_accounts(fixture("data.yaml"), fixture("producer.yaml")).unwrap();
    let id = envelope_lab::sim::keys::customer_key_id(&s, 0);
    let d = fixture("data.yaml");
    for (account, ok) in [(DATA, true), (PRODUCER, false)] {
        let arn = format!("arn:aws:kms:ap-northeast-1:{account}:key/{id}");
        let data = Upload {
            text: d
                .text
                .replace("KeyId: !GetAtt StreamKey.Arn", &format!("KeyId: {arn}")),
            ..d.clone()
        };
        match two_accounts(data, fixture("producer.yaml")) {
            Ok(s) => assert!(ok, "{arn}: {:?}", s.streams[0].encryption),
            Err(e) => {
                assert!(!ok, "{arn}: {e}");
                assert!(e.path.ends_with("StreamEncryption.KeyId"), "{}", e.path);
                assert!(e
                    .message
                    .en()
                    .contains("is not a KMS key of these templates"));
            }
        }
    }
    // A stream's resource policy in another account's template.
    let p = fixture("producer.yaml");
    let foreign = Upload {
        text: format!("{}  Foreign:\n    Type: AWS::Kinesis::ResourcePolicy\n    Properties:\n      ResourceArn: !Sub \"arn:aws:kinesis:${{AWS::Region}}:${{DataAccount}}:stream/orders\"\n      ResourcePolicy: {{Version: \"2012-10-17\", Statement: []}}\n", p.text),
        ..p
    };
    let data = fixture("data.yaml");
    let data = Upload {
        text: without(&data.text, "  StreamPolicy:", "\u{0}"),
        ..data
    };
    let e = two_accounts(data, foreign).unwrap_err();
    assert_eq!(e.path, "Resources.Foreign.Properties.ResourceArn");
    assert!(
        e.message.en().contains("only the stream's owner"),
        "{}",
        e.message.en()
    );
    assert!(e.message.get("ja").contains("ストリームの所有者だけ"));
}

#[test]
fn a_bad_account_id_is_an_error_in_both_languages() {
    let accounts = [Some(DATA.to_string()), Some("12345".to_string())];
    let files = [fixture("data.yaml"), fixture("producer.yaml")];
    let e = import_accounts(&files, &accounts, &Options::default()).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("producer.yaml", 1));
    assert!(e.message.en().contains("\"12345\""));
    assert!(e.message.en().contains("12 digits"));
    assert!(e.message.get("ja").contains("12 桁"));
    // The command line's placement rules.
    let f = |v: &[(usize, &str)]| -> Vec<(usize, String)> {
        v.iter().map(|(i, s)| (*i, s.to_string())).collect()
    };
    let files = f(&[(2, "data.yaml"), (4, "producer.yaml")]);
    let (all, each) = assign_accounts(&files, &f(&[(1, DATA), (3, PRODUCER)])).unwrap();
    assert_eq!(
        (all, each),
        (None, vec![Some(DATA.into()), Some(PRODUCER.into())])
    );
    let one = assign_accounts(&files, &f(&[(5, DATA)])).unwrap();
    assert_eq!(
        one,
        (Some(DATA.into()), vec![]),
        "one --account: every file, anywhere"
    );
    let e = assign_accounts(&files, &f(&[(1, DATA), (3, PRODUCER), (5, "333333333333")]));
    let e = e.unwrap_err();
    assert!(e
        .en()
        .contains("--account 333333333333 has no files after it"));
    assert!(e.get("ja").contains("ファイルがありません"));
    let three = f(&[(2, "data.yaml"), (4, "producer.yaml"), (6, "third.yaml")]);
    let e = assign_accounts(&three, &f(&[(3, DATA), (5, PRODUCER)])).unwrap_err();
    assert!(
        e.en().contains("data.yaml comes before any --account"),
        "{}",
        e.en()
    );
    let e = assign_accounts(&files, &f(&[(1, DATA), (3, "2222")])).unwrap_err();
    assert!(e.en().contains("12 digits") && e.get("ja").contains("12 桁"));
}

#[test]
fn exports_are_per_account() {
    let exporter = "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: Exported\n      AssumeRolePolicyDocument: {Version: \"2012-10-17\", Statement: []}\nOutputs:\n  Arn:\n    Value: !GetAtt Role.Arn\n    Export: {Name: shared-role}\n";
    let importer = "Resources:\n  Other:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Join [\"-\", [copy-of, !Select [1, !Split [\"/\", !ImportValue shared-role]]]]\n      AssumeRolePolicyDocument: {Version: \"2012-10-17\", Statement: []}\n";
    let files = [
        Upload {
            name: "a.yaml".into(),
            text: exporter.into(),
        },
        Upload {
            name: "b.yaml".into(),
            text: importer.into(),
        },
    ];
    // One account: the import finds the export.
    let s = import(&files, &Options::default()).unwrap().scenario;
    assert!(s.roles.iter().any(|r| r.name == "Exported"));
    // Two accounts: an export is seen only in its own account (and Region).
    let accounts = [Some(DATA.to_string()), Some(PRODUCER.to_string())];
    let e = import_accounts(&files, &accounts, &Options::default()).unwrap_err();
    assert_eq!(e.file, "b.yaml");
    assert!(e.message.en().contains(
        "exported by a.yaml in account 111111111111, but this stack is in account 222222222222"
    ));
    assert!(e
        .message
        .get("ja")
        .contains("エクスポートはアカウントとリージョンごと"));
}

/// Every preset as one template per account, imported back with those accounts: the same
/// run (trace and summary; fixes name scenario paths, which follow the import's order).
#[test]
fn every_preset_round_trips_one_template_per_account() {
    let mut several = 0;
    for p in presets::all() {
        let s = p.scenario();
        let templates = export_accounts(&s);
        if templates.len() == 1 {
            assert_eq!(
                templates[0].1,
                export(&s),
                "{}: one account, one template",
                p.name
            );
            assert!(s.other_accounts().is_empty());
            continue;
        }
        several += 1;
        assert_eq!(
            templates[0].0, s.account,
            "{}: the scenario's account first",
            p.name
        );
        let files: Vec<Upload> = templates
            .iter()
            .map(|(a, t)| Upload {
                name: format!("{a}.yaml"),
                text: t.clone(),
            })
            .collect();
        let accounts: Vec<Option<String>> =
            templates.iter().map(|(a, _)| Some(a.clone())).collect();
        let given = import_accounts(&files, &accounts, &Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", p.name))
            .scenario;
        // The templates say their accounts: no --account is needed.
        let said = import(&files, &Options::default()).unwrap().scenario;
        assert_eq!(said, given, "{}", p.name);
        for seed in [1, 7] {
            let (mut a, mut b) = (summary(&s, seed), summary(&given, seed));
            a.as_object_mut().unwrap().remove("fixes");
            b.as_object_mut().unwrap().remove("fixes");
            assert_eq!(a, b, "{} seed {seed}", p.name);
        }
        // The same resources, each in its account.
        let accounts_of = |s: &Scenario| {
            let mut v: Vec<(String, Option<String>)> = s
                .roles
                .iter()
                .map(|r| (format!("role {}", r.name), r.account.clone()))
                .chain(
                    s.keys
                        .iter()
                        .map(|k| (format!("key {}", k.name), k.account.clone())),
                )
                .chain(
                    s.streams
                        .iter()
                        .map(|x| (format!("stream {}", x.name), x.account.clone())),
                )
                .chain(
                    s.buckets
                        .iter()
                        .map(|x| (format!("bucket {}", x.name), x.account.clone())),
                )
                .chain(
                    s.delivery_streams
                        .iter()
                        .map(|x| (format!("firehose {}", x.name), x.account.clone())),
                )
                .collect();
            v.sort();
            v
        };
        assert_eq!(accounts_of(&given), accounts_of(&s), "{}", p.name);
        assert_eq!(given.organization, s.organization, "{}", p.name);
        assert_eq!(
            given.streams.iter().map(|x| &x.policy).collect::<Vec<_>>(),
            s.streams.iter().map(|x| &x.policy).collect::<Vec<_>>(),
            "{}",
            p.name
        );
    }
    assert!(
        several >= 6,
        "the organization presets span several accounts ({several})"
    );
}

/// The decisions the organization presets stand for, after the per-account round trip.
#[test]
fn the_org_presets_decide_the_same_per_account() {
    let back = |name: &str| {
        let s = presets::get(name).unwrap();
        let t = export_accounts(&s);
        let files: Vec<Upload> = t
            .iter()
            .map(|(a, t)| Upload {
                name: format!("{a}.yaml"),
                text: t.clone(),
            })
            .collect();
        let accounts: Vec<Option<String>> = t.iter().map(|(a, _)| Some(a.clone())).collect();
        import_accounts(&files, &accounts, &Options::default())
            .unwrap()
            .scenario
    };
    // (b) the cross-account producer: stream policy, key policy and IAM allow.
    let s = back("org-cross-account-producer");
    assert_eq!(summary(&s, 1)["records"]["delivered"], 10);
    assert_eq!(denials(&s), vec![]);
    // (e) the producer account's IAM lacks kms:GenerateDataKey: its own account denies.
    let s = back("org-mistake-iam-missing");
    let d = denials(&s);
    assert!(d.iter().any(|x| x.0 == "GenerateDataKey"));
    for x in d.iter().filter(|x| x.0 == "GenerateDataKey") {
        assert_eq!(
            (x.2.as_str(), x.4.as_str()),
            ("333333333333", "333333333333"),
            "{x:?}"
        );
    }
    // (e) the key policy lacks the producer account: the data account denies.
    let s = back("org-mistake-key-policy-missing");
    for x in denials(&s).iter().filter(|x| x.0 == "GenerateDataKey") {
        assert_eq!(
            (x.2.as_str(), x.4.as_str()),
            ("333333333333", "123456789012"),
            "{x:?}"
        );
    }
    // (a) the central log archive: delivered into the log-archive account's bucket.
    let s = back("org-central-log-archive");
    assert_eq!(summary(&s, 1)["records"]["delivered"], 10);
    assert_eq!(s.buckets[0].account.as_deref(), Some("222222222222"));
    // (c) the data perimeter: the partner's DescribeKey is denied by the RCP.
    let s = back("rcp-data-perimeter");
    let d = denials(&s);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0].0.as_str(), d[0].2.as_str()),
        ("DescribeKey", "999999999999")
    );
    assert_eq!(d[0].3, "resource_rcp");
}

#[test]
fn per_account_templates_hold_only_their_accounts_resources() {
    let s = presets::get("org-cross-account-producer").unwrap();
    let t = export_accounts(&s);
    assert_eq!(
        t.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
        vec!["123456789012", "333333333333"]
    );
    let (data, producer) = (&t[0].1, &t[1].1);
    assert!(data.contains("Type: \"AWS::Kinesis::Stream\""));
    assert!(data.contains("Type: \"AWS::Kinesis::ResourcePolicy\""));
    assert!(
        data.contains("organization:"),
        "the organization travels with the first"
    );
    assert!(!data.contains("AWS::Lambda::Function"));
    assert!(data.contains("AWS: \"arn:aws:iam::333333333333:role/DataSourceLambdaRole\""));
    assert!(producer.contains("Type: \"AWS::Lambda::Function\""));
    assert!(!producer.contains("AWS::Kinesis::Stream"));
    assert!(!producer.contains("AWS::KMS::Key"));
    assert!(!producer.contains("organization:"));
    // Another account's stream is named by its ARN, and the code puts by StreamARN.
    assert!(producer.contains(
        "KINESIS_STREAM_ARN: !Sub \"arn:aws:kinesis:${AWS::Region}:123456789012:stream/"
    ));
    assert!(producer.contains("StreamARN=STREAM_ARN"));
    // No resource carries an account of its own: each template's is its account.
    for (a, text) in &t {
        assert!(!text.contains("\n        account:"), "{a}");
        assert!(text.contains(&format!("    account: \"{a}\"\n")));
    }
    // The stream's policy is no longer simulation metadata in the one-template export.
    assert!(export(&s).contains("AWS::Kinesis::ResourcePolicy"));
    assert!(!export(&s).contains("policy:\n        Version"));
}

#[test]
fn the_command_line_imports_and_exports_per_account() {
    let bin = env!("CARGO_BIN_EXE_envelope-lab");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cfn-accounts-cli");
    let _ = std::fs::remove_dir_all(&dir);
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cfn/accounts");
    let (d, p) = (fixtures.join("data.yaml"), fixtures.join("producer.yaml"));
    let out = Command::new(bin)
        .args(["import", "cfn", "--account", DATA])
        .arg(&d)
        .args(["--account", PRODUCER])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: Scenario = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        s,
        two_accounts(fixture("data.yaml"), fixture("producer.yaml")).unwrap()
    );
    let out = Command::new(bin)
        .args(["import", "cfn", "--account", DATA, "--account", PRODUCER])
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--account 111111111111 has no files after it"),
        "{err}"
    );
    assert!(err.contains("ファイルがありません"), "{err}");
    // Without --out-dir: the one template as before, and a notice on stderr.
    let out = Command::new(bin)
        .args(["export", "cfn", "--preset", "org-central-log-archive"])
        .output()
        .unwrap();
    let s = presets::get("org-central-log-archive").unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), export(&s));
    assert!(String::from_utf8_lossy(&out.stderr).contains("spans 2 accounts; --out-dir DIR"));
    // export --out-dir: one file per account, printed; importing them gives the run back.
    let out = Command::new(bin)
        .args([
            "export",
            "cfn",
            "--preset",
            "org-central-log-archive",
            "--out-dir",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(listed.len(), 2);
    assert!(listed[0].ends_with("123456789012.yaml") && listed[1].ends_with("222222222222.yaml"));
    let imported = Command::new(bin)
        .args(["import", "cfn"])
        .args(&listed)
        .output()
        .unwrap();
    assert!(imported.status.success());
    let scenario = dir.join("back.json");
    std::fs::write(&scenario, &imported.stdout).unwrap();
    let run = |args: &[&str]| {
        let o = Command::new(bin)
            .args(["run", "--summary"])
            .args(args)
            .output()
            .unwrap();
        let mut v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v.as_object_mut().unwrap().remove("fixes");
        v
    };
    assert_eq!(
        run(&["--scenario", scenario.to_str().unwrap()]),
        run(&["--preset", "org-central-log-archive"])
    );
}

/// A nested stack is created in its parent's account (CloudFormation has no cross-account
/// nesting): a nested file given another account is refused where the parent names it.
#[test]
fn a_nested_template_given_another_account_is_refused() {
    let seed = |n: &str| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/cfn/seed")
            .join(n);
        Upload {
            name: n.into(),
            text: std::fs::read_to_string(path).unwrap(),
        }
    };
    let files: Vec<Upload> = ["main.yaml", "kms.yaml", "kinesis.yaml", "lambda.yaml"]
        .iter()
        .map(|n| seed(n))
        .collect();
    let same: Vec<Option<String>> = vec![Some(DATA.into()); 4];
    let s = import_accounts(&files, &same, &Options::default())
        .unwrap()
        .scenario;
    assert_eq!(s.account, DATA);
    assert!(
        s.other_accounts().is_empty(),
        "one account: nothing carries its own"
    );
    let mut other = same.clone();
    other[1] = Some(PRODUCER.into());
    let e = import_accounts(&files, &other, &Options::default()).unwrap_err();
    assert_eq!(e.file, "main.yaml");
    assert!(e.path.ends_with("TemplateURL"), "{}", e.path);
    assert!(
        e.message.en().contains("given for account 222222222222"),
        "{}",
        e.message.en()
    );
    assert!(e
        .message
        .get("ja")
        .contains("親スタックのアカウント (111111111111)"));
}

/// Templates exported before one template per account kept a stream's policy in its
/// `Metadata.EnvelopeLab`: they still import.
#[test]
fn a_stream_policy_in_older_metadata_still_imports() {
    let text = "Resources:\n  S:\n    Type: AWS::Kinesis::Stream\n    Metadata:\n      EnvelopeLab:\n        policy: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Principal: {AWS: \"arn:aws:iam::222222222222:root\"}, Action: \"kinesis:PutRecord\", Resource: \"*\"}]}\n    Properties: {Name: s, ShardCount: 1, RetentionPeriodHours: 24}\n";
    let files = [Upload {
        name: "old.yaml".into(),
        text: text.into(),
    }];
    let s = import(&files, &Options::default()).unwrap().scenario;
    assert_eq!(
        s.streams[0].policy.as_ref().unwrap()["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::222222222222:root"
    );
}
