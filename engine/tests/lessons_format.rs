//! The lesson format: round trip, located errors for bad author files (never a panic),
//! JSON Patch edits, solutions applied as edits, progress export/import.

use envelope_lab::lessons::load::{parse_file, BUILTIN_LESSONS};
use envelope_lab::lessons::progress::{is_correct, score};
use envelope_lab::lessons::start::{apply_solution, start_document, to_scenario};
use envelope_lab::lessons::{
    builtin_lesson, evaluate_goal, parse_lesson, CourseFile, Observation, Progress,
};

#[test]
fn every_lesson_round_trips_through_serde() {
    for (name, text) in BUILTIN_LESSONS {
        let lesson = parse_lesson(text);
        assert!(lesson.is_ok(), "{name}: {:?}", lesson.err());
        let Ok(lesson) = lesson else { continue };
        let again = serde_json::to_string_pretty(&lesson).unwrap_or_default();
        assert_eq!(parse_lesson(&again).ok(), Some(lesson), "{name}");
    }
}

#[test]
fn bad_author_files_give_located_errors() {
    let cases = [
        ("", "line 1, column 1: invalid JSON: expected a JSON value, found the end of the input"),
        ("{\"format\": \"envelope-lab-lesson/1\", \"id\": ", "line 1, column 43 (id): invalid JSON: expected a JSON value"),
        ("[]", "expected"),
        ("{\"format\": \"envelope-lab-lesson/1\", \"id\": 4}", "invalid type"),
        ("{\"format\": \"something-else\"}", "missing field"),
        ("{\"format\": \"envelope-lab-quiz/1\", \"id\": \"x\", \"title\": {\"en\": \"a\", \"ja\": \"b\"}, \"questions\": [{\"id\": \"q\", \"kind\": \"several\"}]}", "unknown variant"),
    ];
    for (text, want) in cases {
        match parse_file(text) {
            Ok(_) => panic!("{text:?} parsed"),
            Err(e) => {
                assert!(e.to_string().contains(want), "{text:?}: {e}");
                // The UI's Japanese: located the same way, explained in Japanese.
                let located = e.located();
                assert_eq!(located.en(), e.to_string());
                assert!(located.ja_is_japanese(), "{text:?}: {located:?}");
                let place = if e.line > 0 && e.path == "." {
                    format!("{} 行 {} 列: ", e.line, e.column)
                } else if e.line > 0 {
                    format!("{} 行 {} 列 ({}): ", e.line, e.column, e.path)
                } else {
                    format!("{}: ", e.path)
                };
                assert!(located.ja().starts_with(&place), "{located:?}");
            }
        }
    }
    let e = parse_file("{\"format\": \"envelope-lab-lesson/1\", \"id\": 4}").err();
    assert_eq!(
        e.map(|e| e.located().ja().to_string()).unwrap_or_default(),
        "1 行 37 列 (id): 値の型が正しくありません。integer `4` ではなく a string を指定してください"
    );
    // A typo in a goal check names the path and the line.
    let text =
        BUILTIN_LESSONS[3]
            .1
            .replacen("\"type\": \"no_denials\"", "\"type\": \"no_denial\"", 1);
    let e = parse_lesson(&text)
        .err()
        .map(|e| (e.path.clone(), e.line, e.to_string()));
    let Some((path, line, msg)) = e else {
        panic!("typo accepted")
    };
    assert!(path.starts_with("goal.checks[0]"), "{path}");
    assert!(line > 1, "{msg}");
    assert!(msg.contains("no_denial"), "{msg}");
    // An unknown field is rejected too.
    let text = BUILTIN_LESSONS[0].1.replacen("\"hints\"", "\"hint\"", 1);
    assert!(parse_lesson(&text).is_err());
    // Garbage never panics.
    let text = BUILTIN_LESSONS[0].1;
    for n in (0..text.len()).step_by(7) {
        if let Some(prefix) = text.get(..n) {
            assert!(parse_file(prefix).is_err());
        }
    }
}

#[test]
fn quiz_files_are_told_apart_from_lessons() {
    let q = parse_file(envelope_lab::lessons::load::BUILTIN_PRACTICE.1);
    assert!(matches!(q, Ok(CourseFile::Quiz(_))));
    assert!(matches!(
        parse_file(BUILTIN_LESSONS[0].1),
        Ok(CourseFile::Lesson(_))
    ));
}

#[test]
fn lesson_four_goal_ticks_when_the_policy_is_edited_by_hand() {
    let Some(lesson) = builtin_lesson("04-your-own-key-producer") else {
        panic!("lesson 4 missing")
    };
    let start = start_document(&lesson.scenario).unwrap_or_default();
    let run = |doc: &serde_json::Value| {
        let s = to_scenario(doc).unwrap_or_default();
        let o = Observation::run(&s, 1).unwrap_or_else(|e| panic!("{e}"));
        evaluate_goal(&lesson.goal, &o)
    };
    assert!(!run(&start).iter().all(|r| r.passed));
    // Too broad: kms:* on * — the pipeline works, but least privilege fails.
    let mut broad = start.clone();
    if let Some(a) = broad["roles"][0]["inline_policies"][0]["document"]["Statement"].as_array_mut()
    {
        a.push(serde_json::json!({"Effect": "Allow", "Action": "kms:*", "Resource": "*"}));
    }
    let r = run(&broad);
    assert!(r[0].passed && r[1].passed && !r[2].passed, "{r:?}");
    assert!(
        r[2].detail.en().contains("may call"),
        "{}",
        r[2].detail.en()
    );
    // Narrow: exactly what is needed.
    let mut narrow = start.clone();
    let key = "arn:aws:kms:ap-northeast-1:123456789012:key/4b1c7e2a-9d3f-4e6a-8b5c-0f1e2d3c4b5a";
    if let Some(a) =
        narrow["roles"][0]["inline_policies"][0]["document"]["Statement"].as_array_mut()
    {
        a.push(serde_json::json!({"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": key}));
    }
    assert!(run(&narrow).iter().all(|r| r.passed));
    // The solution applies to an edited document, or falls back to the start.
    let solved = apply_solution(&lesson, &broad).unwrap_or_default();
    assert!(run(&solved).iter().all(|r| r.passed));
}

#[test]
fn progress_exports_and_imports() {
    let mut p = Progress::new();
    assert!(p.complete("04-your-own-key-producer", "edited"));
    assert!(!p.complete("04-your-own-key-producer", "solution"));
    p.answers.insert("l04-q1".into(), vec![3]);
    assert!(p.ensure_quiz_seed(|| "0123456789abcdef".into()));
    assert!(!p.ensure_quiz_seed(|| "another".into()), "made once");
    let text = p.export();
    assert_eq!(Progress::import(&text).ok(), Some(p.clone()));
    // A bad file is refused with a reason in both languages.
    let why = |text: &str| Progress::import(text).err().unwrap_or_default();
    let e = why("{\"v\": 2}");
    assert_eq!(
        e.en(),
        "progress format v2 is not supported by this version"
    );
    assert_eq!(
        e.ja(),
        "進捗ファイルの形式 v2 はこのバージョンでは読み込めません"
    );
    let e = why("not json");
    assert!(e.en().starts_with("not a progress file: expected"), "{e:?}");
    assert!(
        e.ja()
            .starts_with("進捗ファイルではありません: JSON の構文が正しくありません: "),
        "{e:?}"
    );
    let e = why("{\"nope\": 1}");
    assert!(
        e.ja()
            .starts_with("進捗ファイルではありません: 不明なフィールド `nope` です。"),
        "{e:?}"
    );
    let Some(lesson) = builtin_lesson("04-your-own-key-producer") else {
        panic!()
    };
    assert!(is_correct(&lesson.quiz[0], &[3]));
    assert!(!is_correct(&lesson.quiz[0], &[3, 1]));
    assert_eq!(score(&lesson.quiz, &p), (1, 1));
    // The learner sees the choices in an order drawn from the seed: the same after an
    // export and import, a permutation of the file's order.
    let order = p.choice_order(&lesson.quiz[0]);
    let back = Progress::import(&text).unwrap_or_default();
    assert_eq!(back.choice_order(&lesson.quiz[0]), order);
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        (0..lesson.quiz[0].choices.len()).collect::<Vec<_>>()
    );
}
