//! Reading lesson and quiz files: the built-in course (embedded with `include_str!` in native
//! builds; the Wasm build fetches the same files) and author files given as JSON text.
//! Errors name the JSON path and the line and column; nothing here panics on bad input.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

use serde_json::Value;

use super::model::{Check, Lesson, QuizSet, LESSON_FORMAT, QUIZ_FORMAT};
use super::patch::Edit;
use crate::policy::json::{self, Seg};
use crate::sim::locate;
use crate::text::Text;

/// A file that could not be read as a lesson or quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadError {
    /// JSON path of the offending value (`.` for the document).
    pub path: String,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// Why, in English (what the CLI prints) and Japanese.
    #[serde(serialize_with = "crate::text::serialize_en")]
    pub message: Text,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.located().en())
    }
}

impl LoadError {
    /// Where and why in both languages: `line 3, column 7 (goal.checks[0]): …` in English
    /// (the [`fmt::Display`] text), `3 行 7 列 (goal.checks[0]): …` in Japanese.
    pub fn located(&self) -> Text {
        if self.line > 0 {
            let path = if self.path == "." { "" } else { &self.path };
            self.message.at_position(self.line, self.column, path)
        } else {
            self.message.at_path(&self.path)
        }
    }

    /// The error placed in the file `text` it came from: the line and column of its path.
    fn in_text(mut self, text: &str) -> Self {
        let pos = json::position_in(text, &self.path);
        (self.line, self.column) = (pos.line, pos.column);
        self
    }

    /// A `format` other than `expected`; `hint` follows in both languages.
    fn format(expected: &str, found: &str, hint: &Text) -> Self {
        LoadError {
            path: "format".into(),
            line: 0,
            column: 0,
            message: Text::new(
                format!("expected \"{expected}\", found {found:?}{}", hint.en()),
                format!(
                    "\"{expected}\" が必要ですが、指定された値は {found:?} です{}",
                    hint.ja()
                ),
            ),
        }
    }
}

impl std::error::Error for LoadError {}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, LoadError> {
    locate::decode_text(text, "レッスンファイルの形式が正しくありません", refine).map_err(|e| {
        let path = json::path_string(&e.path);
        let pos = e.pos.unwrap_or_default();
        LoadError {
            path: if path.is_empty() { ".".into() } else { path },
            line: pos.line,
            column: pos.column,
            message: e.message,
        }
    })
}

/// Goal checks (tagged by `type`) and scenario edits (tagged by `op`) are read whole before
/// their fields: find the field that failed.
fn refine(_: &[Seg], value: &Value, message: &str) -> Vec<Seg> {
    if value.get("type").is_some() {
        locate::narrow::<Check>(value, "type", message)
    } else if value.get("op").is_some() {
        locate::narrow::<Edit>(value, "op", message)
    } else {
        Vec::new()
    }
}

/// Reads a lesson file.
pub fn parse_lesson(text: &str) -> Result<Lesson, LoadError> {
    let lesson: Lesson = parse(text)?;
    if lesson.format != LESSON_FORMAT {
        static HINT: Text = Text::lit(
            " (is this a lesson file?)",
            " (レッスンファイルではない可能性があります)",
        );
        return Err(LoadError::format(LESSON_FORMAT, &lesson.format, &HINT).in_text(text));
    }
    Ok(lesson)
}

/// Reads a quiz file.
pub fn parse_quiz(text: &str) -> Result<QuizSet, LoadError> {
    let quiz: QuizSet = parse(text)?;
    if quiz.format != QUIZ_FORMAT {
        return Err(LoadError::format(QUIZ_FORMAT, &quiz.format, &Text::default()).in_text(text));
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

/// Declares the built-in course once: the file names (every build) and, natively, their
/// texts. The Wasm build leaves the texts out of the binary (they were ~240 KB of it) and
/// the tutorial fetches them from `lessons/` next to the page when it first opens.
macro_rules! course_files {
    ($($name:literal),* $(,)?) => {
        /// File names of the built-in lessons, in course order (served under `lessons/`).
        pub const BUILTIN_LESSON_FILES: &[&str] = &[$($name),*];

        /// The built-in lesson files: (file name, text). Native builds only.
        #[cfg(not(target_arch = "wasm32"))]
        pub const BUILTIN_LESSONS: &[(&str, &str)] =
            &[$(($name, include_str!(concat!("../../../lessons/", $name)))),*];
    };
}

course_files![
    "01-pipeline-in-the-clear.json",
    "02-kinesis-sse-aws-managed-key.json",
    "03-envelope-encryption-up-close.json",
    "04-your-own-key-producer.json",
    "05-consumer-side-firehose.json",
    "06-seed-key-policy-anatomy.json",
    "07-via-service.json",
    "08-encryption-context-conditions.json",
    "09-firehose-to-s3-sse-kms.json",
    "10-s3-bucket-keys.json",
    "11-key-states.json",
    "12-explicit-deny.json",
    "13-encrypting-an-existing-bucket.json",
    "14-key-policy-playground.json",
    "15-cost-and-performance.json",
    "16-deny-unencrypted-uploads.json",
    "17-encrypt-before-you-send.json",
    "18-sse-or-client-side.json",
    "19-cross-account-key-use.json",
    "20-central-log-archive.json",
    "21-data-perimeter-rcp.json",
];

/// File name of the built-in practice question set.
pub const BUILTIN_PRACTICE_FILE: &str = "practice-quiz.json";

/// The built-in practice question set: (file name, text). Native builds only.
#[cfg(not(target_arch = "wasm32"))]
pub const BUILTIN_PRACTICE: (&str, &str) = (
    BUILTIN_PRACTICE_FILE,
    include_str!("../../../lessons/practice-quiz.json"),
);

/// The built-in lessons compiled into this build: all of them natively, none in Wasm.
#[cfg(not(target_arch = "wasm32"))]
fn builtin_texts() -> impl Iterator<Item = &'static str> {
    BUILTIN_LESSONS.iter().map(|(_, text)| *text)
}

#[cfg(target_arch = "wasm32")]
fn builtin_texts() -> impl Iterator<Item = &'static str> {
    std::iter::empty()
}

/// Lessons that parse, in course order (`number`); files that do not parse are left out
/// (the test suite checks that every built-in one parses).
pub fn lessons_in_order<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<Lesson> {
    let mut out: Vec<Lesson> = texts
        .into_iter()
        .filter_map(|text| parse_lesson(text).ok())
        .collect();
    out.sort_by_key(|l| l.number);
    out
}

/// The built-in lessons compiled into this build, in course order (empty in Wasm, which
/// fetches them instead).
pub fn builtin_lessons() -> Vec<Lesson> {
    lessons_in_order(builtin_texts())
}

/// The built-in practice set (None only if the embedded file is broken, and in Wasm).
pub fn builtin_practice() -> Option<QuizSet> {
    #[cfg(not(target_arch = "wasm32"))]
    return parse_quiz(BUILTIN_PRACTICE.1).ok();
    #[cfg(target_arch = "wasm32")]
    return None;
}

/// A built-in lesson by id.
pub fn builtin_lesson(id: &str) -> Option<Lesson> {
    builtin_lessons().into_iter().find(|l| l.id == id)
}
