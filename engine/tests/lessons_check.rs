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
fn the_course_has_twenty_one_lessons_in_order() {
    assert_eq!(BUILTIN_LESSONS.len(), 21);
    for (i, (name, text)) in BUILTIN_LESSONS.iter().enumerate() {
        let l = parse_lesson(text).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        // The file name says the number and starts with the id's number.
        assert_eq!(l.number as usize, i + 1, "{name}");
        assert!(name.starts_with(&format!("{:02}-", l.number)), "{name}");
        assert!(
            l.id.starts_with(&format!("{:02}-", l.number)),
            "{name}: {}",
            l.id
        );
    }
    let numbers: Vec<u32> = builtin_lessons().iter().map(|l| l.number).collect();
    assert_eq!(numbers, (1..=21).collect::<Vec<u32>>());
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
    for i in 0..4 {
        v["quiz"][0]["choices"][i]["correct"] = serde_json::json!(true);
    }
    v["quiz"][1]["scenario"] = serde_json::json!({"preset": "no-such-preset"});
    let out = check_files(&[("bad.json".into(), v.to_string())]);
    assert!(!out.ok);
    for needle in [
        "\"ja\" text is empty",
        "unknown role \"NoSuchRole\"",
        "4 choices are marked correct",
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
    let q = parse_quiz(BUILTIN_PRACTICE.1).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(q.id, "practice");
    // p35–p43: organizations, cross-account keys and the central log archive.
    assert_eq!(q.questions.len(), 43);
    let ids: Vec<String> = (1..=43).map(|i| format!("p{i:02}")).collect();
    assert_eq!(
        q.questions.iter().map(|x| x.id.clone()).collect::<Vec<_>>(),
        ids
    );
    assert_eq!(
        q.title.en(),
        "Practice exam: KMS encryption for streaming pipelines"
    );
    assert!(!q.title.ja().is_empty());
}

#[test]
fn every_builtin_lesson_says_what_it_taught_in_both_languages() {
    for l in builtin_lessons() {
        assert!(l.takeaway.missing().is_empty(), "{} has no takeaway", l.id);
        assert!(!l.takeaway.en().contains('\n'), "{}: one line", l.id);
    }
    // A lesson without one is reported.
    let mut v: serde_json::Value = serde_json::from_str(BUILTIN_LESSONS[0].1).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.remove("takeaway");
    }
    let out = check_files(&[("x.json".into(), v.to_string())]);
    assert!(!out.ok);
    assert!(
        out.text.contains("takeaway: the \"en\" text is empty"),
        "{}",
        out.text
    );
}

/// A course whose correct answers all sit at one position is refused; the built-in course
/// spreads them (no position holds more than a third of its single-answer questions).
#[test]
fn lessons_check_flags_a_course_whose_correct_answers_cluster() {
    let mut files = builtin_files();
    let questions: Vec<_> = builtin_lessons()
        .into_iter()
        .flat_map(|l| l.quiz)
        .chain(builtin_practice().map(|p| p.questions).unwrap_or_default())
        .collect();
    let multiple = questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Multiple)
        .count();
    let positions: Vec<usize> = questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Single)
        .filter_map(|q| q.choices.iter().position(|c| c.correct))
        .collect();
    for pos in 0..4 {
        let n = positions.iter().filter(|&&p| p == pos).count();
        assert!(
            3 * n <= positions.len(),
            "position {pos} holds {n} of {}",
            positions.len()
        );
    }
    // Move every correct choice first, as the course once did.
    for (_, text) in files.iter_mut() {
        let mut v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let list = if v.get("quiz").is_some() {
            "quiz"
        } else {
            "questions"
        };
        if let Some(qs) = v.get_mut(list).and_then(|q| q.as_array_mut()) {
            for q in qs {
                if let Some(cs) = q.get_mut("choices").and_then(|c| c.as_array_mut()) {
                    cs.sort_by_key(|c| !c["correct"].as_bool().unwrap_or(false));
                }
            }
        }
        *text = v.to_string();
    }
    let out = check_files(&files);
    assert!(!out.ok);
    assert!(
        out.text.contains(&format!(
            "the correct answer is choice 1 in {n} of {n} single-answer questions",
            n = positions.len()
        )),
        "{}",
        out.text
    );
    assert!(
        out.text.contains(&format!(
            "{multiple} of {multiple} multiple-answer questions list their correct choices first"
        )),
        "{}",
        out.text
    );
    // One lesson alone is too few questions to judge.
    assert!(
        check_files(&files[..1]).ok,
        "{}",
        check_files(&files[..1]).text
    );
}

#[test]
fn lessons_check_reports_japanese_variants_of_the_glossary_terms() {
    let mut v: serde_json::Value = serde_json::from_str(BUILTIN_LESSONS[2].1).unwrap_or_default();
    v["hints"][0]["ja"] =
        serde_json::json!("データキーは平文で保存されません。鍵は KMS にあります。");
    let out = check_files(&[("x.json".into(), v.to_string())]);
    assert!(!out.ok);
    assert!(
        out.text
            .contains("hints[0]: the Japanese uses \"平文\" (write \"プレーンテキスト\")"),
        "{}",
        out.text
    );
    assert!(
        out.text
            .contains("hints[0]: the Japanese uses \"鍵\" (write \"キー\")"),
        "{}",
        out.text
    );
}

/// An `eval` fact the engine does not agree with fails `lessons check`: p35 says the SCP
/// stops the administrator's ScheduleKeyDeletion; claiming it is allowed, or denied by the
/// key policy, is refused.
#[test]
fn lessons_check_refuses_an_eval_fact_the_engine_contradicts() {
    let mut v: serde_json::Value = serde_json::from_str(BUILTIN_PRACTICE.1).unwrap_or_default();
    let qs = v["questions"].as_array_mut().expect("questions");
    let q = qs.iter_mut().find(|q| q["id"] == "p35").expect("p35");
    assert_eq!(q["verify"][0]["type"], "eval");
    assert_eq!(q["verify"][0]["denied_by"], "caller_scp");
    let original = v.clone();
    let check = |v: &serde_json::Value| check_files(&[("p.json".into(), v.to_string())]);
    assert!(check(&original).ok, "{}", check(&original).text);
    let mut allow = original.clone();
    set_p35(&mut allow, "expect", "allow");
    let out = check(&allow);
    assert!(!out.ok);
    assert!(
        out.text
            .contains("question p35.verify[0]: the engine decides ExplicitlyDenied"),
        "{}",
        out.text
    );
    let mut side = original.clone();
    set_p35(&mut side, "denied_by", "resource_policy");
    let out = check(&side);
    assert!(!out.ok);
    assert!(
        out.text
            .contains("as the deciding side, not ResourcePolicy"),
        "{}",
        out.text
    );
}

fn set_p35(v: &mut serde_json::Value, field: &str, value: &str) {
    if let Some(q) = v["questions"]
        .as_array_mut()
        .and_then(|qs| qs.iter_mut().find(|q| q["id"] == "p35"))
    {
        q["verify"][0][field] = serde_json::json!(value);
    }
}

/// A `verify` fact is read only by `lessons check` (the page keeps it as written): one
/// that is not a fact (an unknown kind, a missing or unknown field) still fails the check,
/// named by its question and place, and the file still loads.
#[test]
fn lessons_check_refuses_a_verify_fact_that_is_not_one() {
    let v: serde_json::Value = serde_json::from_str(BUILTIN_PRACTICE.1).unwrap_or_default();
    let check = |v: &serde_json::Value| check_files(&[("p.json".into(), v.to_string())]);
    type Break = fn(&mut serde_json::Value);
    let broken: [(&str, Break); 3] = [
        ("unknown variant `guess`", |f| f["type"] = "guess".into()),
        ("missing field `expect`", |f| {
            f.as_object_mut().map(|m| m.remove("expect"));
        }),
        ("unknown field `extra`", |f| f["extra"] = 1.into()),
    ];
    for (want, breaks) in broken {
        let mut bad = v.clone();
        let q = bad["questions"]
            .as_array_mut()
            .and_then(|qs| qs.iter_mut().find(|q| q["id"] == "p35"))
            .expect("p35");
        breaks(&mut q["verify"][0]);
        let out = check(&bad);
        assert!(!out.ok, "{want}");
        assert!(
            out.text.contains("question p35.verify[0]: ") && out.text.contains(want),
            "{want}: {}",
            out.text
        );
        let quiz = envelope_lab::lessons::parse_quiz(&bad.to_string());
        assert!(quiz.is_ok(), "the file still loads: {quiz:?}");
    }
}
