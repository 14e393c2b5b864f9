//! The course's stack as four template files (a root with the bucket and three nested
//! stacks) imports into the built-in default scenario, runs the same, and breaks the same
//! way when the key policy and the role lose what makes PutRecord work.

use envelope_lab::cfn::{import, NoticeKind, Options, Upload};
use envelope_lab::sim::keys::customer_key_id;
use envelope_lab::sim::scenario::{Scenario, KINESIS_KEY_ID, S3_KEY_ID};
use envelope_lab::sim::Simulation;

const FILES: [&str; 4] = ["main.yaml", "kms.yaml", "kinesis.yaml", "lambda.yaml"];

fn seed_files() -> Vec<Upload> {
    FILES
        .iter()
        .map(|f| Upload {
            name: f.to_string(),
            text: std::fs::read_to_string(format!(
                "{}/tests/cfn/seed/{f}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        })
        .collect()
}

fn run(s: &Scenario) -> envelope_lab::sim::Summary {
    let mut sim = Simulation::new(s, 1).unwrap();
    sim.run_to_end();
    sim.summary()
}

#[test]
fn the_four_files_import_as_the_default_scenario() {
    let imported = import(&seed_files(), &Options::default()).unwrap();
    let s = imported.scenario.clone();

    // With default producer settings: 10 records, one SSE-KMS object under the S3 key.
    let summary = run(&s);
    assert_eq!(summary.records.produced, 10);
    assert_eq!(summary.records.delivered, 10);
    assert!(summary.denials.is_empty(), "{:?}", summary.denials);
    assert_eq!(summary.s3_objects.len(), 1);
    let o = &summary.s3_objects[0];
    assert_eq!((o.sse.as_str(), o.records), ("aws:kms", 10));
    let s3_key = s.keys.iter().position(|k| k.name == "S3Key").unwrap();
    assert!(o
        .kms_key_id
        .as_deref()
        .unwrap()
        .ends_with(&customer_key_id(&s, s3_key)));

    // The seed's key policies, exactly.
    let default = Scenario::default();
    for k in &default.keys {
        let mine = s.keys.iter().find(|x| x.name == k.name).unwrap();
        assert_eq!(mine.policy, k.policy, "{}", k.name);
    }

    // Everything else too, once the generated key ids are the default's and the roles
    // are in the default's order (nested stacks create them in another order): then the
    // trace is the built-in scenario's, byte for byte.
    let mut json = serde_json::to_string(&s).unwrap();
    for (name, id) in [("KinesisKey", KINESIS_KEY_ID), ("S3Key", S3_KEY_ID)] {
        let i = s.keys.iter().position(|k| k.name == name).unwrap();
        json = json.replace(&customer_key_id(&s, i), id);
    }
    let mut same: Scenario = serde_json::from_str(&json).unwrap();
    for k in &mut same.keys {
        k.key_id = Some(
            if k.name == "KinesisKey" {
                KINESIS_KEY_ID
            } else {
                S3_KEY_ID
            }
            .into(),
        );
    }
    same.roles
        .sort_by_key(|r| default.roles.iter().position(|d| d.name == r.name));
    assert_eq!(same, default);
    assert_eq!(run(&same).trace_sha256, run(&default).trace_sha256);

    // The learner is told what was filled in and what is ignored.
    let defaults: Vec<_> = imported
        .notices
        .iter()
        .filter(|n| n.kind == NoticeKind::Default)
        .collect();
    assert!(
        defaults
            .iter()
            .any(|n| n.file == "lambda.yaml"
                && n.message.en().contains("records_per_invocation = 10"))
    );
    assert!(imported
        .notices
        .iter()
        .any(|n| n.kind == NoticeKind::Ignored
            && n.path == "Resources.Bucket.Properties.AccessControl"
            && n.file == "main.yaml"
            && n.line == 20));
    assert!(imported
        .notices
        .iter()
        .all(|n| !n.message.ja().is_empty() && n.line > 0));
    assert_eq!(imported.code.len(), 1);
    assert!(imported.code[0].code.contains("put_record"));
}

#[test]
fn without_the_via_service_statement_and_the_role_permission_put_record_is_denied() {
    let mut files = seed_files();
    let cut = |text: &str, from: &str, to: &str| -> String {
        let a = text.find(from).unwrap();
        let b = text.find(to).unwrap() + to.len();
        format!("{}{}", &text[..a], &text[b..])
    };
    files[1].text = cut(&files[1].text, "# through-kinesis", "# end-through-kinesis");
    files[3].text = cut(
        &files[3].text,
        "# generate-data-key",
        "# end-generate-data-key",
    );
    let s = import(&files, &Options::default()).unwrap().scenario;
    let kinesis_key = s.keys.iter().find(|k| k.name == "KinesisKey").unwrap();
    assert_eq!(kinesis_key.policy["Statement"].as_array().unwrap().len(), 1);
    let summary = run(&s);
    assert_eq!(summary.records.put_ok, 0);
    let puts: Vec<_> = summary
        .denials
        .iter()
        .filter(|d| d.service == "kinesis")
        .collect();
    assert_eq!(puts.len(), 10);
    assert!(puts
        .iter()
        .all(|d| d.error_code == "KMSAccessDeniedException" && d.operation == "PutRecord"));
}

#[test]
fn parameters_account_region_and_stack_name_come_from_the_learner() {
    let options = Options {
        account: Some("210987654321".into()),
        region: Some("eu-west-1".into()),
        stack_name: Some("course".into()),
        params: [("Prefix".to_string(), "my-lab".to_string())].into(),
    };
    let s = import(&seed_files(), &options).unwrap().scenario;
    assert_eq!(
        (s.account.as_str(), s.region.as_str()),
        ("210987654321", "eu-west-1")
    );
    assert_eq!(s.streams[0].name, "my-lab-DataStream");
    assert_eq!(s.buckets[0].name, "my-lab");
    let k = &s.keys[0].policy["Statement"][0]["Condition"]["StringEquals"];
    assert_eq!(k["kms:ViaService"], "kinesis.eu-west-1.amazonaws.com");
    assert_eq!(k["kms:CallerAccount"], "210987654321");
    let summary = run(&s);
    assert_eq!(summary.records.delivered, 10);
}
