//! What S3 answers a reader it refuses (issue 11 item 16), following the S3 User Guide's
//! "Troubleshoot access denied (403 Forbidden) errors"
//! (https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html):
//! since August 2024 a caller of the bucket's account gets IAM's sentence with its reason and
//! the object ARN in quotes; a reader refused by KMS gets the AWS Knowledge Center's text
//! (https://repost.aws/knowledge-center/s3-download-object-ciphertext-error), labelled
//! because reports from 2025 show IAM's sentence instead.

use envelope_lab::runtime::notes::Note;
use envelope_lab::sim::{presets, Scenario, Simulation};
use serde_json::{json, Value};

fn reader_scenario(statement: Value, bucket_policy: Option<Value>) -> Scenario {
    let p = presets::all()
        .iter()
        .find(|p| p.name == "reader-missing-decrypt")
        .expect("preset");
    let mut v: Value = serde_json::to_value(p.scenario()).unwrap();
    let roles = v["roles"].as_array_mut().unwrap();
    let analyst = roles
        .iter_mut()
        .find(|r| r["name"] == "AnalystRole")
        .expect("AnalystRole");
    analyst["inline_policies"][0]["document"]["Statement"] = json!([statement]);
    if let Some(bp) = bucket_policy {
        v["buckets"][0]["policy"] = bp;
    }
    serde_json::from_value(v).unwrap()
}

/// (code, message, notes) of the analyst's failed GetObject; the notes leave out
/// `Note::S3RequestKeys`, which every S3 object request carries (its signature keys are
/// modelled, s3_condition_keys.rs), to show what the error itself carries.
fn analyst_get(s: &Scenario) -> (String, String, Vec<Note>) {
    let mut sim = Simulation::new(s, 1).unwrap();
    sim.run_to_end();
    let step = sim
        .steps()
        .iter()
        .find(|st| st.operation == "GetObject" && !st.outcome.is_ok())
        .expect("a refused GetObject");
    let envelope_lab::sim::Outcome::Error { code, message } = &step.outcome else {
        unreachable!()
    };
    (
        code.to_string(),
        message.to_string(),
        step.modelled
            .iter()
            .filter(|n| *n != Note::S3RequestKeys)
            .collect(),
    )
}

#[test]
fn a_reader_refused_by_kms_gets_the_knowledge_center_text_labelled() {
    let p = presets::all()
        .iter()
        .find(|p| p.name == "reader-missing-decrypt")
        .unwrap();
    let (code, message, notes) = analyst_get(&p.scenario());
    assert_eq!(code, "AccessDenied");
    assert_eq!(message, "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.");
    assert_eq!(notes, [Note::S3ReadKmsDenial]);
    assert!(Note::S3ReadKmsDenial.text().en().contains("2025"));
}

#[test]
fn a_same_account_reader_without_get_object_gets_iam_sentence_with_quoted_arn() {
    let s = reader_scenario(
        json!({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::dva-02-005"}),
        None,
    );
    let (code, message, notes) = analyst_get(&s);
    assert_eq!(code, "AccessDenied");
    assert!(
        message.starts_with("User: arn:aws:sts::123456789012:assumed-role/AnalystRole/"),
        "{message}"
    );
    assert!(
        message.contains(" is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::dva-02-005/firehose/"),
        "{message}"
    );
    assert!(
        message.ends_with("\" because no identity-based policy allows the s3:GetObject action"),
        "{message}"
    );
    assert!(notes.is_empty(), "documented text, no note: {notes:?}");
}

#[test]
fn an_explicit_deny_in_the_bucket_policy_is_named() {
    let s = reader_scenario(
        json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::dva-02-005/*"}),
        Some(json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::dva-02-005/*",
            "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/AnalystRole"}}
        }]})),
    );
    let (code, message, _) = analyst_get(&s);
    assert_eq!(code, "AccessDenied");
    assert!(
        message.ends_with("\" with an explicit deny in a resource-based policy"),
        "{message}"
    );
}
