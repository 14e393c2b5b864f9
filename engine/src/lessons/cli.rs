//! The logic of `envelope-lab lessons check` and `lessons list` (the binary only reads
//! files and sets the exit code).

use std::collections::{BTreeMap, BTreeSet};

use super::load::{self, CourseFile};
#[cfg(not(target_arch = "wasm32"))]
use super::load::{BUILTIN_LESSONS, BUILTIN_PRACTICE};
use super::model::Question;
use super::validate::{answer_positions, check_lesson, check_quiz_set};

/// The result of `lessons check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOutput {
    /// The report, one block per file.
    pub text: String,
    /// True when every file is fine.
    pub ok: bool,
}

/// The built-in files as (name, text).
#[cfg(not(target_arch = "wasm32"))]
pub fn builtin_files() -> Vec<(String, String)> {
    BUILTIN_LESSONS
        .iter()
        .chain(std::iter::once(&BUILTIN_PRACTICE))
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

/// Checks lesson and quiz files given as (name, text).
pub fn check_files(files: &[(String, String)]) -> CheckOutput {
    let parsed: Vec<(String, Result<CourseFile, load::LoadError>)> = files
        .iter()
        .map(|(n, t)| (n.clone(), load::parse_file(t)))
        .collect();
    let mut known: BTreeSet<String> = load::builtin_lessons().into_iter().map(|l| l.id).collect();
    for (_, f) in &parsed {
        if let Ok(CourseFile::Lesson(l)) = f {
            known.insert(l.id.clone());
        }
    }
    let mut text = String::new();
    let mut ok = true;
    let mut lesson_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut question_ids: BTreeMap<String, String> = BTreeMap::new();
    for (name, f) in &parsed {
        let mut problems = Vec::new();
        let summary = match f {
            Err(e) => {
                problems.push(e.to_string());
                String::new()
            }
            Ok(CourseFile::Lesson(l)) => {
                if let Some(other) = lesson_ids.insert(l.id.clone(), name.clone()) {
                    problems.push(format!("lesson id {} is also used by {other}", l.id));
                }
                for q in &l.quiz {
                    if let Some(other) = question_ids.insert(q.id.clone(), name.clone()) {
                        problems.push(format!("question id {} is also used in {other}", q.id));
                    }
                }
                let r = check_lesson(l, &known);
                problems.extend(r.problems);
                format!(
                    "lesson {} “{}”: start passes {}/{} checks, solution {}/{}, {} questions",
                    l.number,
                    l.title.en(),
                    r.start_passed.0,
                    r.start_passed.1,
                    r.solved_passed.0,
                    r.solved_passed.1,
                    l.quiz.len()
                )
            }
            Ok(CourseFile::Quiz(q)) => {
                for question in &q.questions {
                    if let Some(other) = question_ids.insert(question.id.clone(), name.clone()) {
                        problems.push(format!(
                            "question id {} is also used in {other}",
                            question.id
                        ));
                    }
                }
                problems.extend(check_quiz_set(q, &known));
                let single = q
                    .questions
                    .iter()
                    .filter(|x| x.kind == super::model::QuestionKind::Single)
                    .count();
                format!(
                    "quiz “{}”: {} questions ({} single, {} multiple answer)",
                    q.title.en(),
                    q.questions.len(),
                    single,
                    q.questions.len() - single
                )
            }
        };
        if problems.is_empty() {
            text.push_str(&format!("ok    {name}: {summary}\n"));
        } else {
            ok = false;
            text.push_str(&format!("FAIL  {name}: {summary}\n"));
            for p in problems {
                text.push_str(&format!("      - {p}\n"));
            }
        }
    }
    let questions: Vec<&Question> = parsed
        .iter()
        .flat_map(|(_, f)| match f {
            Ok(CourseFile::Lesson(l)) => l.quiz.iter().collect::<Vec<_>>(),
            Ok(CourseFile::Quiz(q)) => q.questions.iter().collect(),
            Err(_) => Vec::new(),
        })
        .collect();
    let course = answer_positions(&questions);
    if !course.is_empty() {
        ok = false;
        text.push_str(&format!("FAIL  course: {} questions\n", questions.len()));
        for p in course {
            text.push_str(&format!("      - {p}\n"));
        }
    }
    let failed = text
        .lines()
        .filter(|l| l.starts_with("FAIL") && !l.starts_with("FAIL  course:"))
        .count();
    text.push_str(&format!(
        "{} file(s) checked, {} failed\n",
        parsed.len(),
        failed
    ));
    CheckOutput { text, ok }
}

/// The `lessons list` text.
pub fn list_text(lang: &str) -> String {
    let mut out = String::new();
    for l in load::builtin_lessons() {
        out.push_str(&format!(
            "{:>2}  {:<40} {}\n",
            l.number,
            l.id,
            l.title.get(lang)
        ));
    }
    if let Some(p) = load::builtin_practice() {
        out.push_str(&format!(
            "    {:<40} {} ({} questions)\n",
            p.id,
            p.title.get(lang),
            p.questions.len()
        ));
    }
    out
}
