//! The evaluation path's words (issue 20 §2): AWS's order lists resource control policies
//! after the explicit-deny check (IAM User Guide, "Policy evaluation logic"), shown as a
//! stage that applies only when the organization attaches RCPs; stage outcomes read as
//! states, not buttons; a statement whose conditions alone failed says so.

use envelope_lab::policy::*;
use envelope_lab::sim::{presets, Simulation};

#[test]
fn resource_control_policies_are_a_stage_after_the_deny_check() {
    let mut sim = Simulation::new(&presets::get("happy-path").unwrap(), 1).unwrap();
    sim.run_to_end();
    let path = sim
        .evaluation_path_at(7)
        .expect("GenerateDataKey was authorized");
    let stages: Vec<Stage> = path.stages.iter().map(|s| s.stage).collect();
    assert_eq!(&stages[..3], [Stage::ExplicitDeny, Stage::Rcp, Stage::Scp]);
    let rcp = &path.stages[1];
    assert_eq!(rcp.outcome, StageOutcome::NotApplicable);
    assert!(!rcp.stopped);
    assert_eq!(rcp.label.en(), "Resource control policies");
    assert_eq!(rcp.label.ja(), "リソースコントロールポリシー (RCP)");
    assert!(rcp
        .note
        .en()
        .contains("applies when the organization attaches RCPs"));
}

#[test]
fn stage_outcomes_read_as_states() {
    let passed = StageOutcome::Passed.label();
    assert_eq!(passed.en(), "No decision here");
    assert_eq!(passed.ja(), "ここでは判定なし");
    for o in [
        StageOutcome::Denied,
        StageOutcome::Allowed,
        StageOutcome::Passed,
        StageOutcome::NotApplicable,
        StageOutcome::NotReached,
    ] {
        assert_ne!(o.label().en(), "Passed on", "{o:?}");
        assert_ne!(o.label().ja(), "次へ", "{o:?}");
        assert!(o.label().missing().is_empty(), "{o:?}");
    }
}

#[test]
fn statement_roles_say_what_they_mean() {
    assert_eq!(StatementRole::Deciding.label().ja(), "判定の根拠");
    let near = StatementRole::NotMatched { near: true }.label();
    assert_eq!(near.en(), "not matched: only its conditions failed");
    assert!(!near.en().contains("(conditions only)"));
    assert_eq!(near.ja(), "不一致 (条件だけが不成立)");
    assert_eq!(
        StatementRole::NotMatched { near: false }.label().en(),
        "not matched"
    );
}

#[test]
fn a_japanese_learner_is_sent_to_the_japanese_evaluation_page() {
    let mut sim = Simulation::new(&presets::get("happy-path").unwrap(), 1).unwrap();
    sim.run_to_end();
    let path = sim
        .evaluation_path_at(7)
        .expect("GenerateDataKey was authorized");
    let first = &path.sources[0];
    assert!(first.en().contains("Policy evaluation logic"));
    assert_eq!(
        first.ja(),
        "「ポリシーの評価論理」https://docs.aws.amazon.com/ja_jp/IAM/latest/UserGuide/reference_policies_evaluation-logic.html"
    );
}

#[test]
fn every_source_of_a_kms_path_sends_a_japanese_learner_to_a_japanese_page() {
    let mut sim = Simulation::new(&presets::get("happy-path").unwrap(), 1).unwrap();
    sim.run_to_end();
    let path = sim
        .evaluation_path_at(7)
        .expect("GenerateDataKey was authorized");
    assert_eq!(path.sources.len(), 3, "{:?}", path.sources);
    for s in &path.sources {
        assert!(
            s.ja().contains("https://docs.aws.amazon.com/ja_jp/"),
            "{}",
            s.ja()
        );
        assert!(!s.ja().contains("Key policies in AWS KMS"), "{}", s.ja());
        assert!(!s.ja().contains("Determining access"), "{}", s.ja());
    }
    // The title AWS's Japanese key-policy page carries.
    assert!(path.sources[1]
        .ja()
        .starts_with("「AWS KMS のキーポリシー」"));
}
