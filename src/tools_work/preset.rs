//! The `Preset` job: the scenario of an organization or client-side preset. The page lists
//! every preset (`presets::catalog`) and builds the classic ones itself
//! (`presets::get_core`); the others' builders (`sim::org_presets`,
//! `sim::client_side_presets`, ~57 KB of code) are linked only here, so a learner who never
//! picks one never downloads them with the app (docs/SIZE.md step 15).

use serde_json::Value;

use envelope_lab::sim::presets;

/// The scenario document of the organization or client-side preset `name` (None for a
/// classic preset, which the page builds itself, and for an unknown name).
pub fn document(name: &str) -> Option<Value> {
    presets::get_lazy(name).and_then(|s| serde_json::to_value(s).ok())
}

#[cfg(test)]
mod tests {
    use super::super::{answer, to_json, Answer, Job};
    use envelope_lab::sim::presets;

    /// The job's answer over the worker's wire, as the page reads it.
    fn asked(name: &str) -> Option<serde_json::Value> {
        let job = to_json(&Job::Preset {
            id: 7,
            name: name.into(),
        });
        let Ok(Answer::PresetBuilt { id, scenario }) = serde_json::from_str(&answer(&job)) else {
            panic!("not a preset answer for {name}");
        };
        assert_eq!(id, 7);
        scenario
    }

    #[test]
    fn every_lazy_preset_is_the_engines_scenario() {
        let lazy: Vec<_> = presets::catalog().iter().filter(|p| !p.is_core()).collect();
        assert_eq!(lazy.len(), 15, "8 organization and 7 client-side presets");
        for p in lazy {
            let expected =
                serde_json::to_value(presets::get(p.name).expect("builds")).expect("serialises");
            assert_eq!(asked(p.name), Some(expected.clone()), "{}", p.name);
            // What the page decodes it into is the same scenario.
            let decoded = envelope_lab::sim::Scenario::from_value(&expected).expect("valid");
            assert_eq!(Some(decoded), presets::get(p.name), "{}", p.name);
        }
    }

    #[test]
    fn an_unknown_or_classic_preset_is_none() {
        assert_eq!(asked("no-such-preset"), None);
        assert_eq!(asked(""), None);
        // The page builds these itself (presets::get_core).
        assert_eq!(asked("happy-path"), None);
        assert_eq!(asked("bucket-policy-require-this-key"), None);
    }
}
