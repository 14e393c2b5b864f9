//! Learner progress (completed lessons, quiz answers, hints seen) as one JSON document kept
//! in the browser's localStorage, with export and import. Importing never panics: a bad
//! document gives an error and leaves the current progress alone.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::sim::scenario::json_error_text_or;
use crate::text::Text;

/// The localStorage key.
pub const STORAGE_KEY: &str = "envelope-lab.progress.v1";

/// Progress in the course.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// Format version (1).
    #[serde(default = "v1")]
    pub v: u32,
    /// Completed lesson id → how it was completed: `edited` (the learner's own edits),
    /// `solution` (after the solution was applied) or `fix` (after a fix the Fix tab
    /// suggested was applied).
    #[serde(default)]
    pub completed: BTreeMap<String, String>,
    /// Question id → the chosen choice indices of the first answer submitted: the one that
    /// counts (see [`Progress::answer`]).
    #[serde(default)]
    pub answers: BTreeMap<String, Vec<usize>>,
    /// Question id → how many answers were submitted, when more than one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attempts: BTreeMap<String, u32>,
    /// Lesson id → hints revealed.
    #[serde(default)]
    pub hints: BTreeMap<String, usize>,
    /// Lesson id → whether the solution was shown.
    #[serde(default)]
    pub solutions_shown: BTreeMap<String, bool>,
    /// Lesson id → typed answers.
    #[serde(default)]
    pub inputs: BTreeMap<String, BTreeMap<String, f64>>,
    /// The lesson the learner is working on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// A random id made once per browser: the seed of the order in which this learner sees
    /// each question's choices (see `lessons::shuffle`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz_seed: Option<String>,
}

fn v1() -> u32 {
    1
}

impl Progress {
    /// Empty progress.
    pub fn new() -> Self {
        Progress {
            v: 1,
            ..Default::default()
        }
    }

    /// Reads an exported or stored document.
    pub fn import(text: &str) -> Result<Progress, Text> {
        let p: Progress = serde_json::from_str(text).map_err(|e| {
            json_error_text_or(&e, "形式が正しくありません").map(|m, lang| match lang {
                "ja" => format!("進捗ファイルではありません: {m}"),
                _ => format!("not a progress file: {m}"),
            })
        })?;
        if p.v != 1 {
            return Err(Text::new(
                format!("progress format v{} is not supported by this version", p.v),
                format!(
                    "進捗ファイルの形式 v{} はこのバージョンでは読み込めません",
                    p.v
                ),
            ));
        }
        Ok(p)
    }

    /// The document to store or export.
    pub fn export(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }

    /// Marks a lesson completed (keeps the first way it was completed).
    pub fn complete(&mut self, lesson: &str, how: &str) -> bool {
        if self.completed.contains_key(lesson) {
            return false;
        }
        self.completed.insert(lesson.to_string(), how.to_string());
        true
    }

    /// The seed of this learner's choice order, made by `fresh` the first time (a random
    /// id in the browser, a fixed one in tests). True when it was just made.
    pub fn ensure_quiz_seed(&mut self, fresh: impl FnOnce() -> String) -> bool {
        if self.quiz_seed.as_deref().is_some_and(|s| !s.is_empty()) {
            return false;
        }
        self.quiz_seed = Some(fresh());
        true
    }

    /// The order in which this learner sees a question's choices (file indices).
    pub fn choice_order(&self, q: &super::model::Question) -> Vec<usize> {
        super::shuffle::choice_order(
            self.quiz_seed.as_deref().unwrap_or(""),
            &q.id,
            q.choices.len(),
        )
    }

    /// Records a submitted answer: the first one counts and is kept; later ones only add
    /// to the question's attempts. True when this answer is the one that counts.
    pub fn answer(&mut self, question: &str, chosen: Vec<usize>) -> bool {
        if self.answers.contains_key(question) {
            let n = self.attempts.entry(question.to_string()).or_insert(1);
            *n = n.saturating_add(1);
            return false;
        }
        self.answers.insert(question.to_string(), chosen);
        true
    }

    /// How many answers were submitted to a question.
    pub fn attempts_of(&self, question: &str) -> u32 {
        match self.answers.contains_key(question) {
            false => 0,
            true => self.attempts.get(question).copied().unwrap_or(1).max(1),
        }
    }

    /// Whether a lesson is completed.
    pub fn is_completed(&self, lesson: &str) -> bool {
        self.completed.contains_key(lesson)
    }
}

/// Whether a set of chosen indices is exactly the set of correct choices.
pub fn is_correct(q: &super::model::Question, chosen: &[usize]) -> bool {
    let mut want: Vec<usize> = q
        .choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.correct)
        .map(|(i, _)| i)
        .collect();
    let mut got = chosen.to_vec();
    want.sort_unstable();
    got.sort_unstable();
    got.dedup();
    want == got
}

/// (correct, answered) over a list of questions, judged by each question's first answer.
pub fn score(questions: &[super::model::Question], p: &Progress) -> (usize, usize) {
    let mut correct = 0;
    let mut answered = 0;
    for q in questions {
        if let Some(a) = p.answers.get(&q.id) {
            answered += 1;
            if is_correct(q, a) {
                correct += 1;
            }
        }
    }
    (correct, answered)
}
