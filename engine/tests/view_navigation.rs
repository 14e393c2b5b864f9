//! The run summary bar, the grouped and filtered timeline with Firehose's derived idle polls,
//! next and previous failure, and the cause of a failed parent step (issue 12 items 2-4).

use envelope_lab::policy::Decision;
use envelope_lab::sim::view::{RowFilter, TimelineEntry};
use envelope_lab::sim::{presets, Simulation};

fn run(name: &str) -> Simulation {
    let mut sim = Simulation::new(&presets::get(name).expect("preset"), 1).expect("builds");
    sim.run_to_end();
    sim
}

#[test]
fn the_summary_bar_says_the_outcome_in_one_sentence() {
    let v = run("happy-path").run_summary();
    assert_eq!(
        (v.produced, v.stored, v.delivered, v.lost, v.pending),
        (10, 10, 10, 0, 0)
    );
    assert_eq!(
        v.outcome.en(),
        "10 of 10 records delivered in 1 object, SSE-KMS."
    );
    assert_eq!(
        v.outcome.ja(),
        "10 件中 10 件のレコードを 1 個のオブジェクトに配信しました (SSE-KMS)。"
    );
    assert_eq!(v.first_failure, None);
    assert!(v.kms_calls.contains(&("GenerateDataKey".to_string(), 2)));
    let v = run("producer-missing-generate-data-key").run_summary();
    assert_eq!(v.first_failure, Some(6));
    assert_eq!(v.failures, 20);
    assert_eq!(
        v.outcome.en(),
        "0 of 10 records delivered; 10 rejected by the stream."
    );
    let v = run("firehose-source-missing-decrypt").run_summary();
    assert_eq!(v.outcome.en(), "0 of 10 records delivered; 10 lost.");
}

#[test]
fn a_day_of_retries_reads_in_a_screen() {
    let sim = run("firehose-source-missing-decrypt");
    assert_eq!(sim.steps().len(), 906);
    let t = sim.timeline(&RowFilter::All);
    assert!(t.len() <= 12, "{} entries", t.len());
    let retries = t
        .iter()
        .find_map(|e| match e {
            TimelineEntry::Repeated(g) if g.repeats > 100 => Some(g),
            _ => None,
        })
        .expect("the retries are one group");
    assert_eq!(
        (retries.first(), retries.repeats, retries.period),
        (17, 296, 3)
    );
    let head = &sim.steps()[retries.first()];
    assert_eq!(
        (head.operation, head.outcome.code()),
        ("GetRecords", Some("KMSAccessDeniedException"))
    );
    assert_eq!(retries.from, "2024-03-27T10:57:59.000000Z");
    assert_eq!(retries.rows.len(), 296 * 3);
    // Failures only: GetRecords and Decrypt alternate, 296 times, then the expiry.
    let failures = sim.rows_matching(&RowFilter::Failures);
    assert_eq!(failures.len(), 593);
    assert!(sim.timeline(&RowFilter::Failures).len() <= 3);
    assert_eq!(sim.next_failure(None), Some(17));
    assert_eq!(sim.next_failure(Some(17)), Some(18));
    assert_eq!(sim.next_failure(Some(18)), Some(20));
    assert_eq!(sim.previous_failure(20), Some(18));
    assert_eq!(sim.previous_failure(17), None);
    assert_eq!(sim.next_failure(Some(905)), None);
    let kms = sim.rows_matching(&RowFilter::KmsCalls);
    assert!(kms.iter().all(|&r| sim.steps()[r].service == "kms"));
    let s3 = sim.rows_matching(&RowFilter::Service("kinesis".into()));
    assert!(s3.iter().all(|&r| sim.steps()[r].service == "kinesis"));
}

#[test]
fn idle_polls_are_derived_once_per_second_per_shard() {
    let sim = run("happy-path");
    let polls: Vec<_> = sim
        .timeline(&RowFilter::All)
        .into_iter()
        .filter_map(|e| match e {
            TimelineEntry::IdlePolls(p) => Some(p),
            _ => None,
        })
        .collect();
    // GetRecords at 10:57:59 returns the 10 records; the buffer flushes 300 s later.
    let total: u64 = polls.iter().map(|p| p.count).sum();
    assert_eq!(total, 300);
    let gap = &polls[0];
    assert_eq!((gap.after, gap.count, gap.shards), (Some(18), 299, 1));
    assert_eq!(gap.from, "2024-03-27T10:58:00.000000Z");
    assert_eq!(gap.to, "2024-03-27T11:02:58.000000Z");
    assert!(gap.note.en().contains("once per second for each shard"));
    assert!(gap.note.en().starts_with("Derived"));
    assert!(gap.note.ja_is_japanese());
    // Not in the trace, and not in views that hide GetRecords.
    assert_eq!(sim.steps().len(), 21);
    for f in [
        RowFilter::Failures,
        RowFilter::KmsCalls,
        RowFilter::Service("s3".into()),
    ] {
        assert!(sim
            .timeline(&f)
            .iter()
            .all(|e| !matches!(e, TimelineEntry::IdlePolls(_))));
    }
    // A failing Firehose retries on its own schedule: no idle polls while it fails.
    let failing = run("firehose-source-missing-decrypt");
    let idle: u64 = failing
        .timeline(&RowFilter::All)
        .iter()
        .map(|e| match e {
            TimelineEntry::IdlePolls(p) => p.count,
            _ => 0,
        })
        .sum();
    assert_eq!(idle, 0);
}

#[test]
fn a_failed_put_record_shows_the_generate_data_key_that_caused_it() {
    let sim = run("producer-missing-generate-data-key");
    let c = sim.cause_at(6).expect("PutRecord failed");
    assert_eq!((c.row, c.own), (7, false));
    assert_eq!(
        (c.operation.as_str(), c.code.as_str()),
        ("GenerateDataKey", "AccessDeniedException")
    );
    let a = c.authorization.expect("decided by policy");
    assert_eq!(a.decision, Decision::ImplicitlyDenied);
    assert!(a.reason.starts_with("key policy statement 0 delegates"));
    // The PutRecord's own authorization (kinesis:PutRecord) stays available: it was allowed.
    assert_eq!(
        sim.authorization_at(6).map(|e| e.decision),
        Some(Decision::Allowed)
    );
    let own = sim.cause_at(7).expect("the KMS call failed");
    assert!(own.own);
    assert!(sim.cause_at(5).is_none(), "Invoke succeeded");
    // Expiry and abandoned delivery point back to what kept the data from moving.
    let decrypt = run("firehose-source-missing-decrypt");
    let expiry = decrypt.cause_at(905).expect("expired");
    assert_eq!(expiry.operation, "Decrypt");
    let trust = run("lambda-role-trust-denied");
    let invoke = trust.cause_at(5).expect("Invoke failed");
    assert_eq!((invoke.operation.as_str(), invoke.row), ("AssumeRole", 4));
}
