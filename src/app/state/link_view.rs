//! A scenario from a link, shown beside the saved work: opening a link never writes over
//! the work saved in this browser. The saved work is kept aside (`State::aside`, not saved
//! over) until the learner goes back to it, keeps the link's scenario instead, or edits or
//! undoes their way back to it.

use std::rc::Rc;

use serde_json::Value;

use super::{Notice, State};
use crate::storage::Saved;

impl State {
    /// What is saved in this browser for this state (the sandbox and preferences).
    pub fn saved(&self) -> Saved {
        Saved {
            v: 1,
            scenario: (*self.scenario).clone(),
            seed: self.seed,
            lang: Some(self.lang.code().into()),
            mode: Some(self.mode.code().into()),
            speed: Some(self.speed),
            step: Some(self.cursor),
            preset: self.preset.clone(),
            scale: Some([
                self.scale.shards,
                self.scale.records_per_second,
                self.scale.producers,
                self.scale.consumers,
                self.scale.objects_per_hour,
            ]),
        }
    }

    /// Whether the state may be saved now (not inside another page, no link's scenario
    /// shown over the saved work).
    pub fn saving(&self) -> bool {
        !self.embed && self.aside.is_none()
    }

    /// Shows a link's scenario as one undoable edit; the work as it is now is kept aside.
    pub(super) fn open_link(&mut self, scenario: Value, seed: Option<u64>) {
        let same = scenario == *self.scenario && seed.is_none_or(|s| s == self.seed);
        if same {
            return;
        }
        if self.aside.is_none() && !self.embed {
            self.aside = Some(Rc::new(self.saved()));
            self.notices.retain(|n| *n != Notice::LinkOpened);
            self.notices.push(Notice::LinkOpened);
        }
        if let Some(seed) = seed {
            self.seed = seed;
        }
        self.replace_scenario(scenario, "link".into());
        self.preset = None;
        self.cursor = 0;
        self.playing = false;
        self.scenario_changed();
        self.spotlight = None;
    }

    /// Back to the saved work: its scenario (one undoable edit), seed and preset.
    pub(super) fn back_to_saved(&mut self) {
        let Some(saved) = self.aside.take() else {
            return;
        };
        self.notices.retain(|n| *n != Notice::LinkOpened);
        let seed_changed = saved.seed != self.seed;
        self.seed = saved.seed;
        let replaced = self.replace_scenario(saved.scenario.clone(), "saved work".into());
        self.preset = saved.preset.clone();
        if replaced || seed_changed {
            self.cursor = 0;
            self.playing = false;
            self.pending_step = saved.step.filter(|&n| n > 0);
            self.scenario_changed();
            self.spotlight = None;
        }
    }

    /// The link's scenario becomes the work: saving resumes (over the work put aside).
    pub(super) fn keep_linked(&mut self) {
        self.aside = None;
        self.notices.retain(|n| *n != Notice::LinkOpened);
    }

    /// Once the scenario shown is the saved work again (an Undo, an edit), nothing is
    /// aside any more.
    pub(super) fn settle_aside(&mut self) {
        let back = self
            .aside
            .as_ref()
            .is_some_and(|a| a.scenario == *self.scenario && a.seed == self.seed);
        if back {
            self.keep_linked();
        }
    }
}
