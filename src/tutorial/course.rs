//! The course the tutorial shows: the lessons and practice sets, from the page (the
//! single-file build), compiled in (natively), or fetched (the Wasm build), plus the files
//! an author loads.

use std::rc::Rc;

use envelope_lab::lessons::{
    builtin_lessons, builtin_practice, lessons_in_order, parse_quiz, CourseFile, Lesson, QuizSet,
    BUILTIN_LESSON_FILES, BUILTIN_PRACTICE_FILE,
};

/// Everything the panel keeps between renders.
#[derive(Clone, PartialEq)]
pub struct Course {
    pub lessons: Rc<Vec<Rc<Lesson>>>,
    pub practice: Rc<Vec<QuizSet>>,
    /// The built-in files are in (natively at once; in Wasm once fetched).
    pub loaded: bool,
    /// Why built-in files could not be fetched.
    pub failed: Option<String>,
}

impl Course {
    /// The course carried in the page (the single-file build), else the built-in one.
    pub fn initial() -> Self {
        Course::embedded().unwrap_or_else(Course::builtin)
    }

    /// The course compiled into this build: complete natively; empty in Wasm, which fetches
    /// the files when the panel first opens, so they are not part of the Wasm download.
    pub fn builtin() -> Self {
        let lessons: Vec<Rc<Lesson>> = builtin_lessons().into_iter().map(Rc::new).collect();
        Course {
            loaded: !lessons.is_empty(),
            lessons: Rc::new(lessons),
            practice: Rc::new(builtin_practice().into_iter().collect()),
            failed: None,
        }
    }

    /// The course from fetched files: the lessons of `BUILTIN_LESSON_FILES`, then the
    /// practice set. Files that failed are named in `failed`; the rest are used.
    pub fn from_fetched(mut texts: Vec<Result<String, String>>) -> Self {
        let practice = texts.pop();
        let mut failed = Vec::new();
        let mut lessons = Vec::new();
        for t in texts {
            match t {
                Ok(text) => lessons.push(text),
                Err(e) => failed.push(e),
            }
        }
        let practice = match practice {
            Some(Ok(text)) => parse_quiz(&text).ok(),
            Some(Err(e)) => {
                failed.push(e);
                None
            }
            None => None,
        };
        Course {
            lessons: Rc::new(
                lessons_in_order(lessons.iter().map(String::as_str))
                    .into_iter()
                    .map(Rc::new)
                    .collect(),
            ),
            practice: Rc::new(practice.into_iter().collect()),
            loaded: true,
            failed: (!failed.is_empty()).then(|| failed.join("; ")),
        }
    }

    /// The URLs of the built-in files, relative to the page, in `from_fetched` order.
    pub fn urls() -> Vec<String> {
        BUILTIN_LESSON_FILES
            .iter()
            .chain(std::iter::once(&BUILTIN_PRACTICE_FILE))
            .map(|f| format!("lessons/{f}"))
            .collect()
    }

    pub fn lesson(&self, id: &str) -> Option<Rc<Lesson>> {
        self.lessons.iter().find(|l| l.id == id).cloned()
    }

    pub fn with_file(&self, file: CourseFile) -> (Self, String) {
        let mut next = self.clone();
        match file {
            CourseFile::Lesson(l) => {
                let id = l.id.clone();
                let mut v: Vec<Rc<Lesson>> = next
                    .lessons
                    .iter()
                    .filter(|x| x.id != id)
                    .cloned()
                    .collect();
                v.push(Rc::new(*l));
                next.lessons = Rc::new(v);
                (next, id)
            }
            CourseFile::Quiz(q) => {
                let id = q.id.clone();
                let mut v: Vec<QuizSet> = next
                    .practice
                    .iter()
                    .filter(|x| x.id != id)
                    .cloned()
                    .collect();
                v.push(q);
                next.practice = Rc::new(v);
                (next, String::new())
            }
        }
    }

    /// The lesson after `id` in the course's order.
    pub fn next_after(&self, id: &str) -> Option<Rc<Lesson>> {
        let i = self.lessons.iter().position(|l| l.id == id)?;
        self.lessons.get(i + 1).cloned()
    }
}
