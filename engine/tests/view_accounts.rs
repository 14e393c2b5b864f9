//! The diagram's account boundaries (issue [4/6] §3), checked against the presets'
//! scenarios as written: which account each box is in, the account's name and OU from the
//! organization, and none for a pipeline in one account.

use envelope_lab::sim::view::{AccountBoundary, Stage};
use envelope_lab::sim::{presets, Simulation};

fn boundaries(preset: &str) -> Vec<AccountBoundary> {
    let p = presets::all()
        .iter()
        .find(|p| p.name == preset)
        .expect(preset);
    let mut sim = Simulation::new(&p.scenario(), 1).expect("builds");
    sim.run_to_end();
    sim.diagram(sim.steps().len()).accounts
}

fn in_account(b: &[AccountBoundary], stage: Stage) -> &AccountBoundary {
    b.iter()
        .find(|a| a.stages.contains(&stage))
        .expect("every box has an account")
}

#[test]
fn a_single_account_pipeline_draws_no_boundary() {
    for name in [
        "happy-path",
        "rcp-data-perimeter",
        "scp-deny-key-deletion",
        "client-side-happy-path",
    ] {
        assert!(boundaries(name).is_empty(), "{name}");
    }
}

#[test]
fn the_central_log_archive_puts_bucket_and_key_in_the_log_archive_account() {
    let b = boundaries("org-central-log-archive");
    assert_eq!(b.len(), 2, "{b:?}");
    let archive = in_account(&b, Stage::Bucket);
    assert_eq!(archive.id, "222222222222");
    assert_eq!(archive.stages, vec![Stage::Bucket, Stage::S3Key]);
    assert_eq!(archive.ous, vec!["Security".to_string()]);
    let workload = in_account(&b, Stage::Lambda);
    assert_eq!(workload.id, "123456789012");
    for s in [
        Stage::Stream,
        Stage::Firehose,
        Stage::KinesisKey,
        Stage::DestinationRole,
    ] {
        assert_eq!(in_account(&b, s).id, "123456789012", "{s:?}");
    }
    assert!(archive.name.is_some() && workload.name.is_some(), "{b:?}");
}

#[test]
fn the_cross_account_producer_runs_in_its_own_account() {
    let b = boundaries("org-cross-account-producer");
    assert_eq!(b.len(), 2, "{b:?}");
    let producer = in_account(&b, Stage::Lambda);
    assert_eq!(producer.id, "333333333333");
    assert_eq!(producer.stages, vec![Stage::Lambda, Stage::ProducerRole]);
    assert_eq!(in_account(&b, Stage::Stream).id, "123456789012");
    assert_eq!(in_account(&b, Stage::KinesisKey).id, "123456789012");
}
