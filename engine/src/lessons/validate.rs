//! `envelope-lab lessons check`: verifies a lesson (its starting scenario builds and — where
//! the lesson asks for a fix — does not meet the goal, the solution does, every referenced
//! preset, role, key, producer, stream and input exists, both languages are complete, the
//! quiz is well formed, every lesson and question names its sources and the engine agrees
//! with the facts a question asks it to verify) and a question set.

use std::collections::BTreeSet;

use super::checks::{all_passed, evaluate_goal};
use super::model::{Check, Lesson, Question, QuestionKind, QuizSet, ScenarioLink};
use super::observe::Observation;
use super::text::Text;
use super::{lint, patch, scope, sources, start};
use crate::sim::presets;
use crate::sim::Scenario;

/// The outcome of checking one lesson.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LessonReport {
    /// Problems found (empty = the lesson is fine).
    pub problems: Vec<String>,
    /// Checks the starting scenario passes / total.
    pub start_passed: (usize, usize),
    /// Checks the solved scenario passes / total.
    pub solved_passed: (usize, usize),
}

fn texts(where_: &str, t: &Text, out: &mut Vec<String>) {
    for lang in t.missing() {
        out.push(format!("{where_}: the \"{lang}\" text is empty"));
    }
    for p in super::style::ja_problems(t.ja()) {
        out.push(format!("{where_}: the Japanese uses {p}"));
    }
}

/// Problems of one question (languages, choices, the number of correct answers, link).
pub fn check_question(q: &Question, known_lessons: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let at = format!("question {}", q.id);
    if q.id.trim().is_empty() {
        out.push("a question has an empty id".into());
    }
    texts(&format!("{at}.prompt"), &q.prompt, &mut out);
    texts(&format!("{at}.explanation"), &q.explanation, &mut out);
    for (i, c) in q.choices.iter().enumerate() {
        texts(&format!("{at}.choices[{i}]"), &c.text, &mut out);
    }
    let correct = q.choices.iter().filter(|c| c.correct).count();
    match q.kind {
        QuestionKind::Single => {
            if q.choices.len() < 3 {
                out.push(format!(
                    "{at}: a single-answer question needs at least 3 choices"
                ));
            }
            if correct != 1 {
                out.push(format!(
                    "{at}: single answer but {correct} choices are marked correct"
                ));
            }
            if q.answers.is_some_and(|n| n != 1) {
                out.push(format!("{at}: single answer but \"answers\" is not 1"));
            }
        }
        QuestionKind::Multiple => match q.answers {
            None => out.push(format!(
                "{at}: multiple answer needs \"answers\" (how many to choose)"
            )),
            Some(n) => {
                if n < 2 {
                    out.push(format!("{at}: multiple answer needs \"answers\" ≥ 2"));
                }
                if correct != n {
                    out.push(format!(
                        "{at}: says choose {n} but {correct} choices are marked correct"
                    ));
                }
                if q.choices.len() <= n + 1 {
                    out.push(format!("{at}: needs more than {} choices", n + 1));
                }
            }
        },
    }
    if !q.exam.is_empty() && !["DVA", "SCS", "DEA"].contains(&q.exam.as_str()) {
        out.push(format!("{at}: exam must be DVA, SCS or DEA"));
    }
    if let Some(link) = &q.scenario {
        out.extend(
            check_link(link, known_lessons)
                .into_iter()
                .map(|p| format!("{at}: {p}")),
        );
    }
    for (i, n) in q.notes.iter().enumerate() {
        texts(&format!("{at}.notes[{i}]"), n, &mut out);
    }
    out.extend(sources::check_sources(&at, &q.sources));
    out.extend(sources::check_verify(q));
    out
}

fn check_link(link: &ScenarioLink, known_lessons: &BTreeSet<String>) -> Vec<String> {
    match (&link.preset, &link.lesson) {
        (Some(p), None) if presets::find(p).is_none() => vec![format!("unknown preset {p:?}")],
        (None, Some(l)) if !known_lessons.contains(l) => vec![format!("unknown lesson {l:?}")],
        (Some(_), None) | (None, Some(_)) => vec![],
        _ => vec!["a scenario link needs exactly one of \"preset\" and \"lesson\"".into()],
    }
}

fn references(check: &Check, s: &Scenario, inputs: &BTreeSet<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let role = |r: &Option<String>, out: &mut Vec<String>| {
        if let Some(r) = r {
            if !s.roles.iter().any(|x| &x.name == r) {
                out.push(format!("unknown role {r:?}"));
            }
        }
    };
    let key = |k: &str, out: &mut Vec<String>| {
        if super::policies::key_arn(s, k).is_none() {
            out.push(format!("unknown key {k:?}"));
        }
    };
    match check {
        Check::Denial { role: r, .. }
        | Check::NoDenialOf { role: r, .. }
        | Check::Steps { role: r, .. } => role(r, &mut out),
        Check::RolePolicyGrantsOnly { role: r, keys, .. } => {
            role(&Some(r.clone()), &mut out);
            for k in keys {
                key(k, &mut out);
            }
        }
        Check::ObjectsAll {
            kms_key: Some(k), ..
        } => key(k, &mut out),
        Check::Playground { key: k, cases, .. } => {
            if !s.keys.iter().any(|x| &x.name == k) {
                out.push(format!("unknown customer managed key {k:?}"));
            }
            for c in cases {
                role(&c.role, &mut out);
            }
        }
        Check::ProducerRecords { producer, .. }
            if !s.producers.iter().any(|p| &p.name == producer) =>
        {
            out.push(format!("unknown producer {producer:?}"));
        }
        Check::StreamRecords {
            stream: Some(st), ..
        } if !s.streams.iter().any(|x| &x.name == st) => {
            out.push(format!("unknown stream {st:?}"));
        }
        Check::EventPresent { key: Some(k), .. } => key(k, &mut out),
        Check::Answer { input, .. } if !inputs.contains(input.as_str()) => {
            out.push(format!("unknown input {input:?}"));
        }
        _ => {}
    }
    out
}

fn run_goal(
    lesson: &Lesson,
    doc: &serde_json::Value,
    answers: bool,
) -> Result<(usize, usize), String> {
    let scenario = start::to_scenario(doc)?;
    let mut obs = Observation::run(&scenario, lesson.scenario.seed)?;
    if answers {
        obs = obs.with_answers(lesson.solution.answers.clone());
    }
    let results = evaluate_goal(&lesson.goal, &obs);
    let passed = results.iter().filter(|r| r.passed).count();
    Ok((passed, results.len()))
}

/// Every problem of a lesson. `known_lessons` are the ids quiz links may point to.
pub fn check_lesson(lesson: &Lesson, known_lessons: &BTreeSet<String>) -> LessonReport {
    let mut out = Vec::new();
    let mut report = LessonReport::default();
    if lesson.id.trim().is_empty() {
        out.push("id is empty".into());
    }
    texts("title", &lesson.title, &mut out);
    texts("summary", &lesson.summary, &mut out);
    texts("story", &lesson.story, &mut out);
    texts("goal.text", &lesson.goal.text, &mut out);
    for (i, c) in lesson.goal.checks.iter().enumerate() {
        texts(&format!("goal.checks[{i}].label"), &c.label, &mut out);
    }
    if lesson.goal.checks.is_empty() {
        out.push("goal.checks is empty".into());
    }
    for (i, e) in lesson.editors.iter().enumerate() {
        texts(&format!("editors[{i}].label"), &e.label, &mut out);
    }
    for (i, e) in lesson.inputs.iter().enumerate() {
        texts(&format!("inputs[{i}].label"), &e.label, &mut out);
    }
    if lesson.hints.is_empty() {
        out.push("hints is empty".into());
    }
    for (i, h) in lesson.hints.iter().enumerate() {
        texts(&format!("hints[{i}]"), h, &mut out);
    }
    texts("solution.text", &lesson.solution.text, &mut out);
    texts("takeaway", &lesson.takeaway, &mut out);
    for (i, n) in lesson.notes.iter().enumerate() {
        texts(&format!("notes[{i}]"), n, &mut out);
    }
    out.extend(sources::check_sources("lesson", &lesson.sources));
    if !(2..=4).contains(&lesson.quiz.len()) {
        out.push(format!(
            "quiz has {} questions; a lesson needs 2–4",
            lesson.quiz.len()
        ));
    }
    for q in &lesson.quiz {
        out.extend(check_question(q, known_lessons));
    }
    let inputs: BTreeSet<&str> = lesson.inputs.iter().map(|i| i.id.as_str()).collect();
    for k in lesson.solution.answers.keys() {
        if !inputs.contains(k.as_str()) {
            out.push(format!("solution.answers: unknown input {k:?}"));
        }
    }
    if lesson.solution.edits.is_empty()
        && lesson.solution.answers.is_empty()
        && !lesson.goal.starts_met
    {
        out.push("solution has neither edits nor answers".into());
    }

    // Scenarios.
    let start_doc = match start::start_document(&lesson.scenario) {
        Ok(d) => Some(d),
        Err(e) => {
            out.push(format!("scenario: {e}"));
            None
        }
    };
    if let Some(doc) = &start_doc {
        match start::to_scenario(doc) {
            Ok(s) => {
                for (i, c) in lesson.goal.checks.iter().enumerate() {
                    for p in references(&c.check, &s, &inputs) {
                        out.push(format!("goal.checks[{i}]: {p}"));
                    }
                }
                for (i, e) in lesson.editors.iter().enumerate() {
                    let parent = e.pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
                    let creatable = patch::get(doc, parent).is_some_and(|v| v.is_object());
                    if patch::get(doc, &e.pointer).is_none() && !creatable {
                        out.push(format!("editors[{i}]: nothing at {}", e.pointer));
                    }
                }
                match run_goal(lesson, doc, false) {
                    Ok((p, n)) => {
                        report.start_passed = (p, n);
                        if lesson.goal.starts_met && p != n {
                            out.push(format!(
                                "starts_met, but the starting scenario passes {p} of {n} checks"
                            ));
                        }
                        if !lesson.goal.starts_met && p == n && n > 0 {
                            out.push("the starting scenario already meets the goal".into());
                        }
                    }
                    Err(e) => out.push(format!("starting scenario: {e}")),
                }
            }
            Err(e) => out.push(format!("starting scenario does not validate: {e}")),
        }
        out.extend(lint_problems("starting scenario", doc));
        out.extend(shortcut_problems(lesson, doc));
        match start::solved_document(lesson) {
            Ok(solved) => {
                out.extend(scope_problems(lesson, "solution", doc, &solved));
                out.extend(lint_problems("solution", &solved));
                out.extend(solution_problems(lesson, &solved, &mut report));
            }
            Err(e) => out.push(e),
        }
    }
    report.problems = out;
    report
}

/// Lint ERRORs of every policy of a scenario document: a lesson never starts from, nor
/// teaches, a policy that will not work as written.
fn lint_problems(what: &str, doc: &serde_json::Value) -> Vec<String> {
    lint::errors(doc)
        .into_iter()
        .map(|(pointer, f)| {
            format!(
                "{what}: lint ERROR {} in {pointer} at {}: {}",
                f.code,
                f.path,
                f.message.en()
            )
        })
        .collect()
}

/// Changes of `after` (the solution or a shortcut) outside the lesson's editable parts.
fn scope_problems(
    lesson: &Lesson,
    what: &str,
    start: &serde_json::Value,
    after: &serde_json::Value,
) -> Vec<String> {
    let editable = lesson.editable_pointers();
    scope::outside(start, after, &editable)
        .into_iter()
        .map(|p| {
            format!(
                "{what} changes {p}, which the lesson does not let the learner change (editable: {})",
                editable.join(", ")
            )
        })
        .collect()
}

/// Each shortcut applies to the start and either changes a part the learner may not change
/// or fails at least one check of the goal.
fn shortcut_problems(lesson: &Lesson, start: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for (i, sc) in lesson.shortcuts.iter().enumerate() {
        let what = format!("shortcuts[{i}] ({})", sc.note);
        let doc = match patch::apply(start, &sc.edits) {
            Ok(d) => d,
            Err(e) => {
                out.push(format!("{what}: {e}"));
                continue;
            }
        };
        // A shortcut through a read-only part is refused by the editors: it cannot meet
        // the goal however the checks judge it.
        if !scope_problems(lesson, &what, start, &doc).is_empty() {
            continue;
        }
        match run_goal(lesson, &doc, true) {
            Ok((p, n)) if p == n => out.push(format!(
                "{what} meets the goal ({p} of {n} checks): a check must test the point it misses"
            )),
            Ok(_) => {}
            Err(e) => out.push(format!("{what}: {e}")),
        }
    }
    out
}

/// The solution meets every check (else: which checks fail, and why).
fn solution_problems(
    lesson: &Lesson,
    solved: &serde_json::Value,
    report: &mut LessonReport,
) -> Vec<String> {
    let (p, n) = match run_goal(lesson, solved, true) {
        Ok(r) => r,
        Err(e) => return vec![format!("solved scenario: {e}")],
    };
    report.solved_passed = (p, n);
    if p == n {
        return Vec::new();
    }
    let detail = start::to_scenario(solved)
        .ok()
        .and_then(|s| Observation::run(&s, lesson.scenario.seed).ok())
        .map(|o| o.with_answers(lesson.solution.answers.clone()))
        .map(|o| failed_checks(lesson, &o))
        .unwrap_or_default();
    vec![format!(
        "the solution passes only {p} of {n} checks: {detail}"
    )]
}

/// The checks an observation fails, with what was found: `“label”: detail; …`.
fn failed_checks(lesson: &Lesson, o: &Observation) -> String {
    evaluate_goal(&lesson.goal, o)
        .into_iter()
        .zip(&lesson.goal.checks)
        .filter(|(r, _)| !r.passed)
        .map(|(r, c)| format!("“{}”: {}", c.label.en(), r.detail.en()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Problems of a question set (the practice exam).
pub fn check_quiz_set(set: &QuizSet, known_lessons: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    texts("title", &set.title, &mut out);
    if set.questions.is_empty() {
        out.push("no questions".into());
    }
    let mut ids = BTreeSet::new();
    for q in &set.questions {
        if !ids.insert(q.id.clone()) {
            out.push(format!("duplicate question id {}", q.id));
        }
        out.extend(check_question(q, known_lessons));
    }
    out
}

/// Fewest single-answer questions over which the position of the correct choice is judged.
const MIN_SINGLE: usize = 8;
/// Fewest multiple-answer questions over which a leading block of correct choices is judged.
const MIN_MULTIPLE: usize = 4;

/// Where a course's correct answers sit: a problem when more than half of its single-answer
/// questions list the correct choice at one position, or more than half of its
/// multiple-answer questions list the correct choices first. Learners see the choices
/// shuffled, but a file with a pattern teaches its authors the pattern.
pub fn answer_positions(questions: &[&Question]) -> Vec<String> {
    let mut out = Vec::new();
    let singles: Vec<usize> = questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Single)
        .filter_map(|q| q.choices.iter().position(|c| c.correct))
        .collect();
    if singles.len() >= MIN_SINGLE {
        let most = (0..=singles.iter().copied().max().unwrap_or(0))
            .map(|pos| (pos, singles.iter().filter(|&&p| p == pos).count()))
            .max_by_key(|&(_, n)| n);
        if let Some((pos, n)) = most.filter(|&(_, n)| 2 * n > singles.len()) {
            out.push(format!(
                "the correct answer is choice {} in {n} of {} single-answer questions: spread the correct choices over the positions",
                pos + 1,
                singles.len()
            ));
        }
    }
    let multiples: Vec<&&Question> = questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Multiple)
        .collect();
    let leading = multiples
        .iter()
        .filter(|q| {
            let n = q.choices.iter().filter(|c| c.correct).count();
            n > 0 && q.choices.iter().take(n).all(|c| c.correct)
        })
        .count();
    if multiples.len() >= MIN_MULTIPLE && 2 * leading > multiples.len() {
        out.push(format!(
            "{leading} of {} multiple-answer questions list their correct choices first: mix them with the others",
            multiples.len()
        ));
    }
    out
}

/// Whether a goal is met by a run (convenience for callers that already ran it).
pub fn goal_met(lesson: &Lesson, o: &Observation) -> bool {
    all_passed(&evaluate_goal(&lesson.goal, o))
}
