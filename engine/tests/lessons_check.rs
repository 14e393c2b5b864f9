//! `lessons check` over every built-in lesson and the practice set, and the quiz rules.

use std::collections::BTreeSet;

use envelope_lab::lessons::cli::{builtin_files, check_files};
use envelope_lab::lessons::load::{parse_lesson, parse_quiz, BUILTIN_LESSONS, BUILTIN_PRACTICE};
use envelope_lab::lessons::{builtin_lessons, builtin_practice, check_question, QuestionKind};

#[test]
fn every_builtin_lesson_passes_lessons_check() {
    let out = check_files(&builtin_files());
    assert!(out.ok, "{}", out.text);
}

#[test]
fn the_course_has_fifteen_lessons_in_order() {
    assert_eq!(BUILTIN_LESSONS.len(), 15);
    for (name, text) in BUILTIN_LESSONS {
        assert!(parse_lesson(text).is_ok(), "{name} does not parse");
    }
    let numbers: Vec<u32> = builtin_lessons().iter().map(|l| l.number).collect();
    assert_eq!(numbers, (1..=15).collect::<Vec<u32>>());
}

#[test]
fn every_question_has_the_right_number_of_correct_answers_and_both_languages() {
    let known: BTreeSet<String> = builtin_lessons().into_iter().map(|l| l.id).collect();
    let mut questions = Vec::new();
    for l in builtin_lessons() {
        assert!((2..=4).contains(&l.quiz.len()), "{}", l.id);
        questions.extend(l.quiz);
    }
    let practice = builtin_practice();
    assert!(practice.is_some(), "practice set does not parse");
    let practice = practice.map(|p| p.questions).unwrap_or_default();
    assert!(practice.len() >= 30);
    assert!(practice.iter().any(|q| q.kind == QuestionKind::Single));
    assert!(practice.iter().any(|q| q.kind == QuestionKind::Multiple));
    questions.extend(practice);
    let mut ids = BTreeSet::new();
    for q in &questions {
        assert!(ids.insert(q.id.clone()), "duplicate id {}", q.id);
        let correct = q.choices.iter().filter(|c| c.correct).count();
        match q.kind {
            QuestionKind::Single => assert_eq!(correct, 1, "{}", q.id),
            QuestionKind::Multiple => {
                assert!(correct >= 2, "{}", q.id);
                assert_eq!(Some(correct), q.answers, "{}", q.id);
            }
        }
        assert!(q.scenario.is_some(), "{} has no scenario link", q.id);
        let problems = check_question(q, &known);
        assert!(problems.is_empty(), "{problems:?}");
        for t in std::iter::once(&q.prompt)
            .chain(std::iter::once(&q.explanation))
            .chain(q.choices.iter().map(|c| &c.text))
        {
            assert!(t.missing().is_empty(), "{}: missing language", q.id);
        }
    }
}

#[test]
fn lessons_check_rejects_a_lesson_whose_start_already_meets_the_goal() {
    let text = BUILTIN_LESSONS[3].1;
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    // Start from the solved scenario: the goal is already met.
    v["scenario"] = serde_json::json!({"preset": "happy-path"});
    v["goal"]["checks"] =
        serde_json::json!([{"label": {"en": "ok", "ja": "ok"}, "check": {"type": "no_denials"}}]);
    let out = check_files(&[("x.json".into(), v.to_string())]);
    assert!(!out.ok);
    assert!(out.text.contains("already meets the goal"), "{}", out.text);
}

#[test]
fn lessons_check_reports_missing_language_unknown_preset_role_and_a_wrong_quiz() {
    let mut v: serde_json::Value = serde_json::from_str(BUILTIN_LESSONS[4].1).unwrap_or_default();
    v["title"]["ja"] = serde_json::json!("");
    v["goal"]["checks"][0] = serde_json::json!({"label": {"en": "x", "ja": "x"}, "check": {"type": "denial", "error_code": "X", "role": "NoSuchRole"}});
    v["quiz"][0]["choices"][1]["correct"] = serde_json::json!(true);
    v["quiz"][1]["scenario"] = serde_json::json!({"preset": "no-such-preset"});
    let out = check_files(&[("bad.json".into(), v.to_string())]);
    assert!(!out.ok);
    for needle in [
        "\"ja\" text is empty",
        "unknown role \"NoSuchRole\"",
        "2 choices are marked correct",
        "unknown preset \"no-such-preset\"",
    ] {
        assert!(
            out.text.contains(needle),
            "missing {needle:?} in\n{}",
            out.text
        );
    }
}

#[test]
fn practice_set_parses() {
    assert!(parse_quiz(BUILTIN_PRACTICE.1).is_ok());
}
