//! The run's options that are not policy edits, and what their places and texts say (issue
//! 19 §6): throttling gets retry with backoff (labelled modelled) and its quota and
//! concurrency options are not called least privilege; a grant's place is the key's grants,
//! not its key policy; "Modelled:" is never doubled.

use envelope_lab::sim::fixes::DenialFixes;
use envelope_lab::sim::{presets, SimOptions, Simulation};

fn first_failure_fixes(name: &str) -> DenialFixes {
    let s = presets::get(name).expect("preset");
    let mut sim = Simulation::with_options(&s, 1, SimOptions::default()).expect("runs");
    sim.run_to_end();
    let step = sim
        .steps()
        .iter()
        .find(|s| !s.outcome.is_ok())
        .expect("a failure")
        .index;
    sim.fixes_for(step).expect("fixes")
}

#[test]
fn throttling_says_retry_with_backoff_and_its_options_are_not_least_privilege() {
    let f = first_failure_fixes("kms-throttling");
    let note = f
        .notes
        .iter()
        .find(|n| n.en().contains("backoff"))
        .expect("retry with backoff");
    assert!(note.en().contains("Modelled"), "{}", note.en());
    assert!(note.get("ja").contains("バックオフ"));
    assert!(!f.options.is_empty());
    for o in &f.options {
        assert!(!o.least_privilege, "{}", o.kind.as_str());
        let m = o.modelled.as_ref().expect("modelled");
        // The UI writes "Modelled:" before it: the text itself must not start with it.
        assert!(
            !m.en().to_ascii_lowercase().starts_with("modelled"),
            "{}",
            m.en()
        );
    }
}

#[test]
fn a_grant_goes_in_the_keys_grants_not_its_key_policy() {
    let f = first_failure_fixes("producer-missing-generate-data-key");
    let grant = f
        .options
        .iter()
        .find(|o| o.kind.as_str() == "grant")
        .expect("a grant option");
    let place = &grant.targets[0];
    assert_eq!(place.document.as_str(), "grants");
    assert!(
        place.label.en().starts_with("grants of"),
        "{}",
        place.label.en()
    );
    assert!(!place.label.en().contains("key policy"));
    assert!(place.label.get("ja").contains("グラント"));
    assert!(place.pointer.ends_with("/grants"), "{}", place.pointer);
}
