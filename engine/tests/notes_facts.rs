//! What the modelled notes say about AWS, checked against the pages they cite (issue 20 §2,
//! §6): each assertion fails on the wording the notes had before.

use envelope_lab::runtime::notes::Note;
use envelope_lab::sim::{presets, Simulation};

fn en(n: Note) -> &'static str {
    n.text().en()
}

fn ja(n: Note) -> &'static str {
    n.text().ja()
}

#[test]
fn firehose_retries_follow_the_current_retry_page() {
    // "Handle data delivery failures": DirectPut up to 24 h; a Kinesis Data Streams or MSK
    // source until the stream's retention. The pages no longer disagree.
    let e = en(Note::FirehoseRetention);
    assert!(e.contains("\"Handle data delivery failures\""), "{e}");
    assert!(e.contains("up to 24 hours for a Direct PUT source"), "{e}");
    assert!(
        e.contains("Kinesis Data Streams or Amazon MSK source"),
        "{e}"
    );
    assert!(!e.contains("without that exception"), "{e}");
    let j = ja(Note::FirehoseRetention);
    assert!(j.contains("「データ配信の失敗を処理する」"), "{j}");
    assert!(
        j.contains("https://docs.aws.amazon.com/ja_jp/firehose/latest/dev/retry.html"),
        "{j}"
    );
}

#[test]
fn cloudtrail_records_the_assume_role_a_service_makes() {
    let e = en(Note::ServiceAssumeRole);
    assert!(!e.contains("does not show"), "{e}");
    assert!(
        e.contains("CloudTrail records the AssumeRole a service makes"),
        "{e}"
    );
    assert!(e.contains("service principal as the caller"), "{e}");
    assert!(ja(Note::ServiceAssumeRole).contains(
        "https://docs.aws.amazon.com/ja_jp/IAM/latest/UserGuide/cloudtrail-integration.html"
    ));
}

#[test]
fn the_assume_role_step_shows_its_cloudtrail_event() {
    for (preset, error) in [
        ("happy-path", None),
        (
            "firehose-destination-role-trust-denied",
            Some("AccessDenied"),
        ),
    ] {
        let mut sim = Simulation::new(&presets::get(preset).unwrap(), 1).unwrap();
        sim.run_to_end();
        let step = sim
            .steps()
            .iter()
            .find(|s| {
                s.operation == "AssumeRole"
                    && s.principal.as_ref() == "firehose.amazonaws.com"
                    && s.outcome.code() == error
            })
            .unwrap_or_else(|| panic!("{preset}: Firehose's AssumeRole"))
            .clone();
        let ev = sim.cloudtrail(&step).expect("a CloudTrail event");
        assert_eq!(ev["eventSource"], "sts.amazonaws.com", "{preset}");
        assert_eq!(ev["eventName"], "AssumeRole", "{preset}");
        assert_eq!(ev["userIdentity"]["type"], "AWSService", "{preset}");
        assert_eq!(ev["userIdentity"]["invokedBy"], "firehose.amazonaws.com");
        assert!(ev["requestParameters"]["roleArn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:iam::123456789012:role/"));
        match error {
            None => assert!(ev["responseElements"]["assumedRoleUser"]["arn"]
                .as_str()
                .unwrap()
                .starts_with("arn:aws:sts::123456789012:assumed-role/")),
            Some(code) => {
                assert_eq!(ev["errorCode"], code);
                assert!(ev["responseElements"].is_null());
            }
        }
    }
}

#[test]
fn bucket_key_request_counts_are_labelled_as_the_labs_model() {
    let e = en(Note::BucketKey);
    assert!(e.contains("as the lab models it"), "{e}");
    assert!(
        e.contains("Both the count and the hour are the lab's model"),
        "{e}"
    );
    assert!(ja(Note::BucketKey).contains("このラボのモデル"));
}

#[test]
fn the_kms_quota_page_documents_the_one_second_window() {
    let e = en(Note::KmsQuota);
    assert!(
        e.contains("the KMS request quotas page counts requests per second"),
        "{e}"
    );
    assert!(!e.contains("(modelled window)"), "{e}");
}

#[test]
fn start_stream_encryption_can_take_minutes() {
    let e = en(Note::StreamUpdating);
    assert!(e.contains("can take minutes"), "{e}");
    assert!(!e.contains("(AWS: a few seconds, up to 5 s more)"), "{e}");
    assert!(ja(Note::StreamUpdating).contains("数分かかることもあり"));
}

#[test]
fn the_put_record_page_documents_the_kms_access_denied_description() {
    let e = en(Note::KinesisPutDenial);
    assert!(
        e.contains(
            "The ciphertext references a key that doesn't exist or that you don't have access to."
        ),
        "{e}"
    );
    assert!(!e.contains("not its message"), "{e}");
}

#[test]
fn the_log_without_role_note_adds_no_cause_the_english_lacks() {
    let j = ja(Note::LogWithoutRole);
    assert!(!j.contains("ため"), "{j}");
}

#[test]
fn no_note_has_a_space_after_a_japanese_full_stop() {
    for n in Note::ALL {
        let j = ja(n);
        assert!(!j.contains("。 "), "{n:?}: {j}");
        assert!(!j.contains("、 "), "{n:?}: {j}");
    }
}

#[test]
fn a_japanese_note_links_the_japanese_page() {
    for n in Note::ALL {
        let j = ja(n);
        for (at, _) in j.match_indices("https://docs.aws.amazon.com/") {
            let rest = &j[at + "https://docs.aws.amazon.com/".len()..];
            assert!(rest.starts_with("ja_jp/"), "{n:?}: {j}");
        }
    }
}
