//! A service whose AssumeRole is denied (the trust policy does not name its service
//! principal) does nothing with the role: Lambda's invocation fails and puts nothing;
//! Firehose makes no Kinesis or S3 call, logs the error and retries, and the data is lost.

use envelope_lab::runtime::notes::Note;
use envelope_lab::sim::{presets, Simulation};

fn run(name: &str, invocations: Option<u32>) -> Simulation {
    let mut s = presets::get(name).unwrap();
    if let Some(n) = invocations {
        s.producers[0].invocations = n;
    }
    let mut sim = Simulation::new(&s, 1).unwrap();
    sim.run_to_end();
    assert!(sim.is_finished());
    sim
}

fn count(sim: &Simulation, service: &str, op: &str) -> usize {
    sim.steps()
        .iter()
        .filter(|s| s.service == service && s.operation == op)
        .count()
}

fn sessions_of(sim: &Simulation, role: &str) -> Vec<bool> {
    sim.cloud()
        .sessions()
        .into_iter()
        .filter(|(_, r, _)| *r == role)
        .map(|(_, _, usable)| usable)
        .collect()
}

#[test]
fn allowed_assume_role_gives_usable_sessions() {
    let sim = run("happy-path", None);
    for (arn, _, usable) in sim.cloud().sessions() {
        assert!(usable, "{arn}");
    }
    assert!(sim
        .steps()
        .iter()
        .filter(|s| s.operation == "AssumeRole")
        .all(|s| s.outcome.is_ok()));
}

#[test]
fn lambda_cannot_run_without_its_role() {
    let sim = run("lambda-role-trust-denied", Some(3));
    let assume: Vec<_> = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "AssumeRole" && &*s.principal == "lambda.amazonaws.com")
        .collect();
    // Every invocation tries again, on the same session slot.
    assert_eq!(assume.len(), 3);
    assert!(assume
        .iter()
        .all(|s| s.outcome.code() == Some("AccessDenied")));
    assert_eq!(sessions_of(&sim, "DataSourceLambdaRole"), vec![false]);
    let invokes: Vec<_> = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "Invoke")
        .collect();
    assert_eq!(invokes.len(), 3);
    for i in invokes {
        assert_eq!(i.outcome.code(), Some("InvalidParameterValueException"));
        assert!(i.modelled.contains(Note::LambdaRole));
    }
    assert_eq!(count(&sim, "kinesis", "PutRecord"), 0);
    assert_eq!(count(&sim, "kms", "GenerateDataKey"), 0);
    let sum = sim.summary();
    assert_eq!(sum.records.produced, 0);
    assert_eq!(sum.producers[0].produced, 0);
}

#[test]
fn firehose_without_its_source_role_never_reads() {
    let sim = run("firehose-source-role-trust-denied", None);
    for op in ["DescribeStream", "GetShardIterator", "GetRecords"] {
        assert_eq!(count(&sim, "kinesis", op), 0, "{op}");
    }
    assert_eq!(count(&sim, "s3", "PutObject"), 0);
    // Firehose keeps retrying AssumeRole (one session slot, never usable).
    assert_eq!(sessions_of(&sim, "KinesisStreamSourceRole"), vec![false]);
    let retries = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "AssumeRole" && s.outcome.code() == Some("AccessDenied"))
        .count();
    assert!(retries > 1);
    let sum = sim.summary();
    let e = sum
        .firehose_errors
        .iter()
        .find(|e| e.error_code == "Kinesis.AccessDenied")
        .expect("Kinesis.AccessDenied logged");
    assert!(e.message.contains("trust policy"), "{}", e.message);
    assert!(e.message.contains("role/KinesisStreamSourceRole"));
    // The log is written with the (usable) destination role.
    assert!(sim
        .steps()
        .iter()
        .filter(|s| s.operation == "PutLogEvents")
        .all(|s| s.outcome.is_ok() && s.principal.contains("KinesisS3DestinationRole")));
    // Unread records leave the stream's retention and are lost.
    assert_eq!(sum.records.put_ok, 10);
    assert_eq!(sum.records.read_by_firehose, 0);
    assert_eq!(sum.records.lost, 10);
    assert_eq!(sum.get_records.ok + sum.get_records.failed, 0);
    assert!(sim
        .steps()
        .iter()
        .any(|s| s.operation == "RetentionPeriodExpired"));
}

#[test]
fn firehose_without_its_destination_role_never_writes() {
    let sim = run("firehose-destination-role-trust-denied", None);
    assert_eq!(count(&sim, "s3", "PutObject"), 0);
    assert_eq!(sessions_of(&sim, "KinesisS3DestinationRole"), vec![false]);
    let sum = sim.summary();
    assert_eq!(sum.records.read_by_firehose, 10);
    assert_eq!(sum.records.delivered, 0);
    assert_eq!(sum.records.lost, 10);
    assert!(sum
        .firehose_errors
        .iter()
        .any(|e| e.error_code == "S3.AccessDenied" && e.message.contains("trust policy")));
    assert!(sum.s3_objects.is_empty());
    assert!(sim.steps().iter().any(|s| s.operation == "DeliveryExpired"));
    // Logged without delivery-role credentials: marked as the simulator's model.
    let logs: Vec<_> = sim
        .steps()
        .iter()
        .filter(|s| s.operation == "PutLogEvents")
        .collect();
    assert!(!logs.is_empty());
    for l in logs {
        assert!(l.modelled.contains(Note::LogWithoutRole));
        assert_eq!(&*l.principal, "firehose.amazonaws.com");
    }
}
