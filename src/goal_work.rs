//! A lesson's goal checked by the policy tools worker: the job (the goal, the scenario
//! document as text, the lesson's seed, the learner's typed answers), the worker's side
//! (a run of the scenario to its end, `lessons::Observation`, then the goal's checks), the
//! answer kept as JSON in the app ([`GoalReport`]), and the hook the lesson asks through
//! ([`use_goal_check`]).
//!
//! The checklist used to run a whole simulation of its own on the page's thread on every
//! scenario revision and typed answer; now the worker does, so `lessons::checks` (every
//! check's code and its sentences in both languages) and `Observation` are in the worker's
//! Wasm only (tests/browser/tools.test.mjs checks the built files). The worker has the
//! native client-side cryptography, so a client-side lesson's goal is checked without
//! waiting for the page's cryptography module. See docs/ARCHITECTURE.md ("The policy tools
//! worker").

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use yew::prelude::*;

use envelope_lab::lessons::{evaluate_goal, start, CheckResult, Goal, Lesson, Observation};
use envelope_lab::text::Text;

use crate::tools_client::use_answer;
use crate::tools_work::{Answer, Job};

/// What the lesson asks the worker: its goal's checks on the scenario document (as text)
/// run with the lesson's seed, with the learner's typed answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalJob {
    pub goal: Goal,
    pub scenario: String,
    pub seed: u64,
    pub answers: BTreeMap<String, f64>,
}

/// The worker's answer as JSON: `{"checks": [{"passed": …, "detail": {"en", "ja"}}, …]}`,
/// one per check of the goal in order, or `{"error": {"en", "ja"}}` when the scenario does
/// not run (`path: explanation`). The app reads it through the accessors below rather than
/// a derived decoder (docs/SIZE.md, steps 8 and 12: a decoder costs the app more code than
/// it saves).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalReport(pub Value);

/// A [`Text`] written as JSON (`{"en": …, "ja": …}`) read back.
fn text_at(v: &Value) -> Text {
    let get = |l: &str| v[l].as_str().unwrap_or_default().to_string();
    Text::new(get("en"), get("ja"))
}

impl GoalReport {
    /// The report of the engine's results (in the worker).
    pub fn of(results: &Result<Vec<CheckResult>, Text>) -> GoalReport {
        GoalReport(match results {
            Ok(checks) => serde_json::json!({ "checks": checks }),
            Err(e) => serde_json::json!({ "error": e }),
        })
    }

    /// Why the scenario does not run, when it does not.
    pub fn error(&self) -> Option<Text> {
        self.0.get("error").map(text_at)
    }

    /// Each check's outcome and what was found, in the goal's order.
    pub fn checks(&self) -> Vec<(bool, Text)> {
        self.0["checks"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| (c["passed"] == true, text_at(&c["detail"])))
            .collect()
    }

    /// Every check passed (and there is at least one): the goal is met.
    pub fn met(&self) -> bool {
        let checks = self.checks();
        !checks.is_empty() && checks.iter().all(|(passed, _)| *passed)
    }
}

/// The last run the worker observed, per (scenario text, seed): typing an answer checks the
/// goal again without running the scenario again.
struct LastObservation {
    scenario: String,
    seed: u64,
    observed: Result<Observation, Text>,
}

thread_local! {
    static LAST: RefCell<Option<LastObservation>> = const { RefCell::new(None) };
}

/// Runs the scenario document (text) to its end with `seed`, as the checklist always did
/// (`Simulation::new`: its own run, independent of the page's stepping position).
fn observe(scenario: &str, seed: u64) -> Result<Observation, Text> {
    let doc: Value = serde_json::from_str(scenario).map_err(|e| {
        Text::new(
            format!("the scenario is not JSON: {e}"),
            format!("シナリオが JSON ではありません: {e}"),
        )
    })?;
    let parsed = start::parse_scenario(&doc)?;
    Observation::run_text(&parsed, seed)
}

impl GoalJob {
    /// Does the job (in the worker; natively for the render tests).
    pub fn run(self) -> GoalReport {
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            let same =
                matches!(&*last, Some(l) if l.seed == self.seed && l.scenario == self.scenario);
            if !same {
                *last = Some(LastObservation {
                    observed: observe(&self.scenario, self.seed),
                    scenario: self.scenario,
                    seed: self.seed,
                });
            }
            let results = match last.as_mut().map(|l| &mut l.observed) {
                Some(Ok(o)) => {
                    o.answers = self.answers;
                    Ok(evaluate_goal(&self.goal, o))
                }
                Some(Err(e)) => Err(e.clone()),
                None => Ok(Vec::new()),
            };
            GoalReport::of(&results)
        })
    }
}

/// Which check to ask for: the lesson's goal (with its seed) on the page's scenario at
/// revision `revision`, with the typed answers. Two asks are equal when they are for the
/// same lesson, revision and answers (the revision names the scenario), so an answer is used
/// only for the very ask it answers.
#[derive(Clone, Debug)]
pub struct GoalAsk {
    pub lesson: Rc<Lesson>,
    pub revision: u64,
    pub scenario: Rc<Value>,
    pub answers: BTreeMap<String, f64>,
}

impl PartialEq for GoalAsk {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && self.answers == other.answers
            && (Rc::ptr_eq(&self.lesson, &other.lesson)
                || (self.lesson.goal == other.lesson.goal
                    && self.lesson.scenario.seed == other.lesson.scenario.seed))
    }
}

/// What the worker answered: the report, or why the worker could not check the goal.
pub type GoalAnswer = Result<Rc<GoalReport>, Text>;

/// The lesson's goal checked by the policy tools worker (None until its answer to this very
/// ask is there, so an earlier revision's ticks are never shown, or counted, for this one).
#[hook]
pub fn use_goal_check(ask: GoalAsk) -> Option<GoalAnswer> {
    use_answer(
        Some(ask),
        |ask, id| Job::LessonGoal {
            id,
            job: GoalJob {
                goal: ask.lesson.goal.clone(),
                scenario: ask.scenario.to_string(),
                seed: ask.lesson.scenario.seed,
                answers: ask.answers.clone(),
            },
        },
        |answer| match answer {
            Answer::GoalChecked { report, .. } => Some(Rc::new(report)),
            _ => None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools_work::{answer, to_json};
    use envelope_lab::lessons::{builtin_lessons, start::start_document};

    fn ask(lesson: &Lesson, doc: &Value, answers: BTreeMap<String, f64>) -> GoalReport {
        let job = to_json(&Job::LessonGoal {
            id: 11,
            job: GoalJob {
                goal: lesson.goal.clone(),
                scenario: doc.to_string(),
                seed: lesson.scenario.seed,
                answers,
            },
        });
        let Ok(Answer::GoalChecked { id, report }) = serde_json::from_str(&answer(&job)) else {
            panic!("not a goal answer");
        };
        assert_eq!(id, 11);
        report
    }

    /// What the page computed on its own thread before: the engine's checks on its own run.
    fn direct(
        lesson: &Lesson,
        doc: &Value,
        answers: &BTreeMap<String, f64>,
    ) -> Result<Vec<CheckResult>, Text> {
        let parsed = start::parse_scenario(doc)?;
        let obs =
            Observation::run_text(&parsed, lesson.scenario.seed)?.with_answers(answers.clone());
        Ok(evaluate_goal(&lesson.goal, &obs))
    }

    fn same(report: &GoalReport, expected: &Result<Vec<CheckResult>, Text>, name: &str) {
        match expected {
            Ok(results) => {
                assert_eq!(report.error(), None, "{name}");
                let checks = report.checks();
                assert_eq!(checks.len(), results.len(), "{name}");
                for ((passed, detail), r) in checks.iter().zip(results) {
                    assert_eq!(*passed, r.passed, "{name}");
                    assert_eq!(*detail, r.detail, "{name}");
                }
                assert_eq!(
                    report.met(),
                    envelope_lab::lessons::all_passed(results),
                    "{name}"
                );
            }
            Err(e) => {
                assert_eq!(report.error().as_ref(), Some(e), "{name}");
                assert!(report.checks().is_empty() && !report.met(), "{name}");
            }
        }
    }

    /// Every built-in lesson's goal, on its start and on its solved scenario, comes back
    /// from the worker as the engine's checks say, in both languages (the solved one met).
    #[test]
    fn every_lesson_goal_survives_the_trip() {
        let lessons = builtin_lessons();
        assert!(lessons.len() > 10);
        for lesson in &lessons {
            let answers = lesson.solution.answers.clone();
            for (doc, answers, solved) in [
                (
                    start_document(&lesson.scenario).expect("start"),
                    BTreeMap::new(),
                    false,
                ),
                (
                    start::solved_document(lesson).expect("solved"),
                    answers,
                    true,
                ),
            ] {
                let name = format!("{} solved={solved}", lesson.id);
                let expected = direct(lesson, &doc, &answers);
                let report = ask(lesson, &doc, answers.clone());
                same(&report, &expected, &name);
                if solved {
                    assert!(report.met(), "{name}");
                }
                for (_, detail) in report.checks() {
                    assert!(!detail.en().is_empty(), "{name}");
                }
            }
        }
    }

    /// Typed answers are checked on the kept run: a wrong, a missing and the right answer
    /// give what the engine says of each, and a scenario that does not validate is the
    /// engine's located error in both languages.
    #[test]
    fn answers_and_errors_survive_the_trip() {
        let lessons = builtin_lessons();
        let lesson = lessons
            .iter()
            .find(|l| !l.solution.answers.is_empty())
            .expect("a lesson with typed answers");
        let doc = start::solved_document(lesson).expect("solved");
        let right = lesson.solution.answers.clone();
        let wrong: BTreeMap<String, f64> = right
            .iter()
            .map(|(k, v)| (k.clone(), v * 10.0 + 7.0))
            .collect();
        for answers in [right.clone(), wrong, BTreeMap::new(), right] {
            let report = ask(lesson, &doc, answers.clone());
            same(&report, &direct(lesson, &doc, &answers), &lesson.id);
        }
        let mut broken = doc.clone();
        broken["region"] = Value::from(7);
        let report = ask(lesson, &broken, BTreeMap::new());
        let error = report.error().expect("a scenario error");
        assert!(error.ja_is_japanese(), "{}", error.ja());
        same(
            &report,
            &direct(lesson, &broken, &BTreeMap::new()),
            "broken",
        );
        // Back to the lesson's scenario: its own run, not the broken one's error.
        let report = ask(lesson, &doc, lesson.solution.answers.clone());
        assert!(report.met());
    }
}
