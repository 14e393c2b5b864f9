//! Reading lesson and quiz files: the built-in course (embedded with `include_str!`, so the
//! Wasm build carries it) and author files given as JSON text. Errors name the JSON path
//! and the line and column; nothing here panics on bad input.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

use super::model::{Lesson, QuizSet, LESSON_FORMAT, QUIZ_FORMAT};

/// A file that could not be read as a lesson or quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadError {
    /// JSON path of the offending value (`.` for the document).
    pub path: String,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// Why.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "line {}, column {} ({}): {}",
                self.line, self.column, self.path, self.message
            )
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for LoadError {}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, LoadError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        LoadError {
            path: if path.is_empty() || path == "." {
                ".".into()
            } else {
                path
            },
            line: inner.line(),
            column: inner.column(),
            message: strip_position(&inner.to_string()),
        }
    })
}

/// serde_json appends " at line L column C"; the error carries those separately.
fn strip_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// Reads a lesson file.
pub fn parse_lesson(text: &str) -> Result<Lesson, LoadError> {
    let lesson: Lesson = parse(text)?;
    if lesson.format != LESSON_FORMAT {
        return Err(LoadError {
            path: "format".into(),
            line: 0,
            column: 0,
            message: format!(
                "expected \"{LESSON_FORMAT}\", found {:?} (is this a lesson file?)",
                lesson.format
            ),
        });
    }
    Ok(lesson)
}

/// Reads a quiz file.
pub fn parse_quiz(text: &str) -> Result<QuizSet, LoadError> {
    let quiz: QuizSet = parse(text)?;
    if quiz.format != QUIZ_FORMAT {
        return Err(LoadError {
            path: "format".into(),
            line: 0,
            column: 0,
            message: format!("expected \"{QUIZ_FORMAT}\", found {:?}", quiz.format),
        });
    }
    Ok(quiz)
}

/// A lesson or quiz file.
#[derive(Debug, Clone, PartialEq)]
pub enum CourseFile {
    /// A lesson.
    Lesson(Box<Lesson>),
    /// A question set.
    Quiz(QuizSet),
}

/// Reads a lesson or a quiz file, telling them apart by `format`.
pub fn parse_file(text: &str) -> Result<CourseFile, LoadError> {
    let probe: serde_json::Value = parse(text)?;
    match probe.get("format").and_then(|f| f.as_str()) {
        Some(QUIZ_FORMAT) => parse_quiz(text).map(CourseFile::Quiz),
        _ => parse_lesson(text).map(|l| CourseFile::Lesson(Box::new(l))),
    }
}

/// The built-in lesson files: (file name, text).
pub const BUILTIN_LESSONS: &[(&str, &str)] = &[
    (
        "01-pipeline-in-the-clear.json",
        include_str!("../../lessons/01-pipeline-in-the-clear.json"),
    ),
    (
        "02-kinesis-sse-aws-managed-key.json",
        include_str!("../../lessons/02-kinesis-sse-aws-managed-key.json"),
    ),
    (
        "03-envelope-encryption-up-close.json",
        include_str!("../../lessons/03-envelope-encryption-up-close.json"),
    ),
    (
        "04-your-own-key-producer.json",
        include_str!("../../lessons/04-your-own-key-producer.json"),
    ),
    (
        "05-consumer-side-firehose.json",
        include_str!("../../lessons/05-consumer-side-firehose.json"),
    ),
    (
        "06-seed-key-policy-anatomy.json",
        include_str!("../../lessons/06-seed-key-policy-anatomy.json"),
    ),
    (
        "07-via-service.json",
        include_str!("../../lessons/07-via-service.json"),
    ),
    (
        "08-encryption-context-conditions.json",
        include_str!("../../lessons/08-encryption-context-conditions.json"),
    ),
    (
        "09-firehose-to-s3-sse-kms.json",
        include_str!("../../lessons/09-firehose-to-s3-sse-kms.json"),
    ),
    (
        "10-s3-bucket-keys.json",
        include_str!("../../lessons/10-s3-bucket-keys.json"),
    ),
    (
        "11-key-states.json",
        include_str!("../../lessons/11-key-states.json"),
    ),
    (
        "12-explicit-deny.json",
        include_str!("../../lessons/12-explicit-deny.json"),
    ),
    (
        "13-encrypting-an-existing-bucket.json",
        include_str!("../../lessons/13-encrypting-an-existing-bucket.json"),
    ),
    (
        "14-key-policy-playground.json",
        include_str!("../../lessons/14-key-policy-playground.json"),
    ),
    (
        "15-cost-and-performance.json",
        include_str!("../../lessons/15-cost-and-performance.json"),
    ),
];

/// The built-in practice question set.
pub const BUILTIN_PRACTICE: (&str, &str) = (
    "practice-quiz.json",
    include_str!("../../lessons/practice-quiz.json"),
);

/// The built-in lessons that parse, in course order (the test suite checks that all do).
pub fn builtin_lessons() -> Vec<Lesson> {
    let mut out: Vec<Lesson> = BUILTIN_LESSONS
        .iter()
        .filter_map(|(_, text)| parse_lesson(text).ok())
        .collect();
    out.sort_by_key(|l| l.number);
    out
}

/// The built-in practice set (None only if the embedded file is broken).
pub fn builtin_practice() -> Option<QuizSet> {
    parse_quiz(BUILTIN_PRACTICE.1).ok()
}

/// A built-in lesson by id.
pub fn builtin_lesson(id: &str) -> Option<Lesson> {
    builtin_lessons().into_iter().find(|l| l.id == id)
}
