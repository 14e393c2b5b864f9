//! Every preset exported as a template passes the AWS CloudFormation linter (cfn-lint, from
//! PyPI, installed by `scripts/setup.sh test` into `.venv/`) with no error, and importing
//! the export gives back the same scenario: the same trace, byte for byte, for the same
//! seed. The linter must be there: without it this test fails (it never skips).

#[path = "cfn/lint.rs"]
mod lint;

use std::path::PathBuf;

use serde_json::json;

use envelope_lab::cfn::{export, import, Options, Upload};
use envelope_lab::sim::scenario::{PolicySpec, Scenario};
use envelope_lab::sim::{presets, Simulation};

fn trace_hash(s: &Scenario, seed: u64) -> String {
    let mut sim = Simulation::new(s, seed).unwrap();
    sim.run_to_end();
    sim.summary().trace_sha256
}

fn reimport(s: &Scenario) -> Scenario {
    let text = export(s);
    let files = [Upload {
        name: "exported.yaml".into(),
        text,
    }];
    import(&files, &Options::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario
}

#[test]
fn every_preset_exports_a_template_cfn_lint_accepts() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cfn-exports");
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = vec![];
    for p in presets::all() {
        let path = dir.join(format!("{}.yaml", p.name));
        std::fs::write(&path, export(&p.scenario())).unwrap();
        files.push(path);
        // One template per account (issue [4/6] §3) for a scenario spanning several.
        let per_account = envelope_lab::cfn::export_accounts(&p.scenario());
        if per_account.len() > 1 {
            for (account, text) in per_account {
                let path = dir.join(format!("{}-{account}.yaml", p.name));
                std::fs::write(&path, text).unwrap();
                files.push(path);
            }
        }
    }
    let errors = lint::errors(&files);
    assert!(errors.is_empty(), "cfn-lint errors: {errors:#?}");
}

#[test]
fn every_preset_survives_export_and_import() {
    for p in presets::all() {
        let s = p.scenario();
        let back = reimport(&s);
        assert_eq!(back, s, "{}", p.name);
        for seed in [1, 7] {
            assert_eq!(
                trace_hash(&back, seed),
                trace_hash(&s, seed),
                "{} seed {seed}",
                p.name
            );
        }
    }
}

/// Two things a template cannot keep as written, and why the trace does not change.
#[test]
fn explained_differences_leave_the_trace_alone() {
    let mut s = Scenario::default();
    // 1. An attached customer managed policy written without an ARN comes back with the
    //    ARN CloudFormation gives it (arn:aws:iam::<account>:policy/<name>); the simulator
    //    evaluates the document, never the ARN.
    s.roles[0].attached_policies.push(PolicySpec {
        name: "ExtraRead".into(),
        arn: None,
        document: json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
    });
    // 2. A key named by its ARN comes back named by the key's name (the template refers
    //    to the key with !GetAtt); both resolve to the same key.
    let arn = format!(
        "arn:aws:kms:ap-northeast-1:123456789012:key/{}",
        envelope_lab::sim::scenario::KINESIS_KEY_ID
    );
    s.streams[0].encryption.key = Some(arn);
    let back = reimport(&s);
    assert_ne!(back, s);
    assert_eq!(
        back.roles[0].attached_policies[0].arn.as_deref(),
        Some("arn:aws:iam::123456789012:policy/ExtraRead")
    );
    assert_eq!(
        back.streams[0].encryption.key.as_deref(),
        Some("KinesisKey")
    );
    let mut expected = s.clone();
    expected.roles[0].attached_policies[0].arn =
        Some("arn:aws:iam::123456789012:policy/ExtraRead".into());
    expected.streams[0].encryption.key = Some("KinesisKey".into());
    assert_eq!(back, expected, "nothing else differs");
    assert_eq!(trace_hash(&back, 1), trace_hash(&s, 1));
}

#[test]
fn an_aws_managed_policy_exports_as_its_arn() {
    let mut s = Scenario::default();
    let arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    let (name, document) = envelope_lab::cfn::managed::lookup(arn).unwrap();
    s.roles[0].attached_policies.push(PolicySpec {
        name: name.into(),
        arn: Some(arn.into()),
        document,
    });
    s.roles[0].permissions_boundary = Some(
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kinesis:*", "kms:*"], "Resource": "*"}]}),
    );
    let text = export(&s);
    assert!(
        text.contains(&format!("- {arn}")) || text.contains(&format!("- \"{arn}\"")),
        "{text}"
    );
    assert!(text.contains("PermissionsBoundary: !Ref DataSourceLambdaRoleBoundary"));
    assert_eq!(reimport(&s), s);
}

/// The first resource of `Type` in an exported template, read back as JSON.
fn resource_of_type(template: &str, ty: &str) -> serde_json::Value {
    let root = envelope_lab::cfn::yaml::parse(0, template)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .to_json();
    root["Resources"]
        .as_object()
        .and_then(|rs| rs.values().find(|r| r["Type"] == ty))
        .cloned()
        .unwrap_or_else(|| panic!("no {ty} in\n{template}"))
}

/// Issue [5/6] §4: a client-side producer's settings (key, encryption context, algorithm
/// suite, data key caching) travel in its Lambda function's `Metadata.EnvelopeLab`, which
/// CloudFormation does not read, and come back on import: for every client-side preset and
/// for settings the presets do not use (the other suite, every caching threshold, a second
/// context pair, the key named by ARN or by alias, a tampering reader). Each export passes
/// cfn-lint; each import is the same scenario with the same trace for two seeds.
#[test]
fn client_side_settings_travel_in_the_functions_metadata_and_come_back() {
    use envelope_lab::sim::scenario::{ClientSuite, DataKeyCachingSpec};
    let mut cases: Vec<(String, Scenario)> = presets::all()
        .iter()
        .map(|p| (p.name.to_string(), p.scenario()))
        .filter(|(_, s)| s.producers.iter().any(|p| p.client_side.is_some()))
        .collect();
    assert_eq!(
        cases.len(),
        7,
        "the seven client-side presets of issue [5/6]"
    );

    let producer_key =
        "arn:aws:kms:ap-northeast-1:123456789012:key/0b5c8f2e-7a41-4d3b-9e6f-3c2a1d8e4f70";
    let mut other = presets::get("client-side-caching").unwrap();
    if let Some(c) = other.producers[0].client_side.as_mut() {
        c.key = producer_key.into();
        c.algorithm_suite = ClientSuite::CommitKey;
        c.encryption_context
            .insert("tenant".into(), "example-corp".into());
        c.data_key_caching = Some(DataKeyCachingSpec {
            max_age: "90s".into(),
            max_messages: Some(3),
            max_bytes: Some(4096),
        });
    }
    if let Some(c) = other.readers[0].client_side.as_mut() {
        c.key = producer_key.into();
        c.tamper = true;
    }
    cases.push(("other settings".into(), other));
    let mut alias = presets::get("client-side-happy-path").unwrap();
    alias.keys[2].aliases.push("alias/producer-records".into());
    for c in alias
        .producers
        .iter_mut()
        .filter_map(|p| p.client_side.as_mut())
    {
        c.key = "alias/producer-records".into();
    }
    cases.push(("key by alias".into(), alias));

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cfn-client-side");
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = vec![];
    for (i, (name, s)) in cases.iter().enumerate() {
        s.validate().unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let text = export(s);
        let function = resource_of_type(&text, "AWS::Lambda::Function");
        let want = serde_json::to_value(&s.producers[0].client_side).unwrap();
        assert_eq!(
            function["Metadata"]["EnvelopeLab"]["producer"]["client_side"], want,
            "{name}"
        );
        let props = function["Properties"].to_string();
        for k in ["client_side", "data_key_caching", "algorithm_suite"] {
            assert!(!props.contains(k), "{name}: {k} in Properties: {props}");
        }
        let path = dir.join(format!("case-{i}.yaml"));
        std::fs::write(&path, &text).unwrap();
        files.push(path);

        let back = reimport(s);
        assert_eq!(&back, s, "{name}");
        for seed in [1, 7] {
            assert_eq!(
                trace_hash(&back, seed),
                trace_hash(s, seed),
                "{name} seed {seed}"
            );
        }
    }
    let errors = lint::errors(&files);
    assert!(errors.is_empty(), "cfn-lint errors: {errors:#?}");
}
