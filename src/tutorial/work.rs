//! The learner's work on each lesson: the scenario as they last left it, kept in
//! localStorage next to the progress, so that opening a lesson (from the picker, the
//! overview, "Next lesson", a link, or by coming back to the tutorial from the sandbox)
//! shows that lesson's own scenario, not whatever the sandbox held. A lesson never opened
//! starts from its starting scenario. Storage that cannot be read is ignored (the lessons
//! start afresh); nothing here can fail the page.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::web;

/// The localStorage key.
pub const KEY: &str = "envelope-lab.lesson-work.v1";

/// Lessons whose work is kept; the least recently saved goes first.
const KEPT: usize = 24;

/// Each lesson's last scenario, least recently saved first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Work {
    lessons: Vec<(String, Value)>,
}

impl Work {
    /// The work saved in this browser (none when absent or unreadable).
    pub fn load() -> Work {
        match web::storage_get(KEY) {
            Ok(Some(text)) => serde_json::from_str(&text).unwrap_or_default(),
            _ => Work::default(),
        }
    }

    /// A lesson's saved scenario.
    pub fn get(&self, lesson: &str) -> Option<&Value> {
        self.lessons
            .iter()
            .find(|(id, _)| id == lesson)
            .map(|(_, v)| v)
    }

    /// Keeps a lesson's scenario (the most recent); false when it was already kept as is.
    pub fn put(&mut self, lesson: &str, scenario: &Value) -> bool {
        if self
            .lessons
            .last()
            .is_some_and(|(id, v)| id == lesson && v == scenario)
        {
            return false;
        }
        self.lessons.retain(|(id, _)| id != lesson);
        self.lessons.push((lesson.to_string(), scenario.clone()));
        if self.lessons.len() > KEPT {
            self.lessons.remove(0);
        }
        true
    }

    /// Keeps a lesson's scenario and saves the work in this browser when it changed.
    pub fn keep(&mut self, lesson: &str, scenario: &Value) {
        if self.put(lesson, scenario) {
            if let Ok(text) = serde_json::to_string(self) {
                web::storage_set(KEY, &text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_latest_work_per_lesson_is_kept_within_bounds() {
        let mut w = Work::default();
        assert!(w.put("a", &json!({"n": 1})));
        assert!(!w.put("a", &json!({"n": 1})), "unchanged");
        assert!(w.put("b", &json!({"n": 2})));
        assert!(w.put("a", &json!({"n": 3})));
        assert_eq!(w.get("a"), Some(&json!({"n": 3})));
        assert_eq!(w.get("b"), Some(&json!({"n": 2})));
        for i in 0..40 {
            w.put(&format!("l{i}"), &json!(i));
        }
        assert_eq!(w.lessons.len(), KEPT);
        assert_eq!(w.get("a"), None, "the oldest went first");
        assert_eq!(w.get("l39"), Some(&json!(39)));
        let back: Work = serde_json::from_str("{not json").unwrap_or_default();
        assert_eq!(back, Work::default());
    }
}
