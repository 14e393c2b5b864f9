//! Announces the learner's progress to scripts in the same page: a DOM event
//! `envelope-lab:progress` on the window whenever progress changes (and once the course is
//! in). The SCORM adapter of the packaged build (static/scorm/adapter.js) turns it into the
//! LMS's completion, score and suspend data; without a listener nothing happens. Scores
//! come from the engine's own `score`, so the adapter decides nothing about answers.

use std::rc::Rc;

use serde_json::{Map, Value};

use crate::web;
use envelope_lab::lessons::{progress::score, Lesson, Progress, Question, QuizSet};

/// The event's name.
pub const EVENT: &str = "envelope-lab:progress";

fn tally(questions: &[Question], p: &Progress) -> Value {
    let (correct, answered) = score(questions, p);
    let mut m = Map::new();
    m.insert("correct".into(), correct.into());
    m.insert("answered".into(), answered.into());
    m.insert("total".into(), questions.len().into());
    Value::Object(m)
}

/// The event's detail: the progress document as stored, and per lesson of the course (in
/// its order) whether it is completed and its quiz tally, and the practice exam's tally.
/// Built by hand rather than with `json!`/`to_value`, which cost ~14 KB of Wasm.
pub fn summary(lessons: &[Rc<Lesson>], practice: &[QuizSet], p: &Progress) -> Value {
    let practice: Vec<Question> = practice
        .iter()
        .flat_map(|q| q.questions.iter().cloned())
        .collect();
    let lessons = lessons
        .iter()
        .map(|l| {
            let mut m = Map::new();
            m.insert("id".into(), l.id.clone().into());
            m.insert("completed".into(), p.is_completed(&l.id).into());
            // How: `edited`, `solution` or `fix` (the adapter reports it to the LMS).
            if let Some(how) = p.completed.get(&l.id) {
                m.insert("how".into(), how.clone().into());
            }
            m.insert("quiz".into(), tally(&l.quiz, p));
            Value::Object(m)
        })
        .collect::<Vec<_>>();
    let mut m = Map::new();
    m.insert(
        "progress".into(),
        serde_json::from_str(&p.export()).unwrap_or(Value::Null),
    );
    m.insert("lessons".into(), Value::Array(lessons));
    m.insert("practice".into(), tally(&practice, p));
    Value::Object(m)
}

/// Dispatches the event.
pub fn announce(lessons: &[Rc<Lesson>], practice: &[QuizSet], p: &Progress) {
    web::dispatch_event(EVENT, &summary(lessons, practice, p));
}

#[cfg(test)]
mod tests {
    use super::*;
    use envelope_lab::lessons::{parse_lesson, parse_quiz};

    #[test]
    fn summary_counts_completion_and_answers() {
        let l = parse_lesson(include_str!("../../lessons/04-your-own-key-producer.json")).unwrap();
        let q = parse_quiz(include_str!("../../lessons/practice-quiz.json")).unwrap();
        let mut p = Progress::new();
        p.complete(&l.id, "fix");
        let right: Vec<usize> = (l.quiz[0].choices.iter().enumerate())
            .filter(|(_, c)| c.correct)
            .map(|(i, _)| i)
            .collect();
        p.answers.insert(l.quiz[0].id.clone(), right);
        p.answers.insert(q.questions[0].id.clone(), vec![99]);
        let s = summary(&[Rc::new(l.clone())], std::slice::from_ref(&q), &p);
        assert_eq!(s["lessons"][0]["id"], l.id.as_str());
        assert_eq!(s["lessons"][0]["completed"], true);
        assert_eq!(s["lessons"][0]["quiz"]["correct"], 1);
        assert_eq!(s["lessons"][0]["quiz"]["answered"], 1);
        assert_eq!(s["lessons"][0]["quiz"]["total"], l.quiz.len());
        assert_eq!(s["practice"]["correct"], 0);
        assert_eq!(s["practice"]["answered"], 1);
        assert_eq!(s["practice"]["total"], q.questions.len());
        assert_eq!(s["progress"]["completed"][&l.id], "fix");
        assert_eq!(s["lessons"][0]["how"], "fix");
    }
}
