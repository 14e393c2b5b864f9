//! The tutorial's engine: the lesson and quiz file format (one JSON file per lesson, English
//! and Japanese side by side), loading (built-in lessons embedded in the binary and author
//! files from JSON text), scenario construction (a preset plus JSON Patch edits), goal
//! checks over the scenario, the run and policy analysis, hints, solutions as edits,
//! quizzes, progress, and the `lessons check` verifier.
//!
//! Never imports web code; compiles for wasm32.

pub mod checks;
pub mod cli;
pub mod lint;
pub mod load;
pub mod model;
pub mod observe;
/// Scenario edits (RFC 6902 JSON Patch); the module lives at [`crate::patch`], below `sim`,
/// so that fixes computed by the simulation can be written as edits too.
pub use crate::patch;
pub mod policies;
pub mod progress;
pub mod scope;
pub mod shuffle;
pub mod sources;
pub mod start;
pub mod style;
pub mod text;
pub mod validate;

pub use checks::{all_passed, evaluate, evaluate_goal, CheckResult};
pub use load::{
    builtin_lesson, builtin_lessons, builtin_practice, lessons_in_order, parse_file, parse_lesson,
    parse_quiz, CourseFile, LoadError, BUILTIN_LESSON_FILES, BUILTIN_PRACTICE_FILE,
};
pub use model::*;
pub use observe::Observation;
pub use patch::{apply as apply_edits, Edit, EditError};
pub use progress::Progress;
pub use text::Text;
pub use validate::{check_lesson, check_question, check_quiz_set, LessonReport};
