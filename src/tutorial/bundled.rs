//! The course carried inside the page. The single-file build (`make bundle`, see
//! scripts/bundle.mjs) has no `lessons/` folder next to it: it embeds the lessons it was
//! built with, in the course author's order, as a non-executable data block
//! `<script type="application/json" id="envelope-lab-course">{"lessons": […], "practice": […]}`.
//! The served site has no such block and fetches the files on demand instead.

use std::rc::Rc;

use serde_json::Value;

use super::Course;
use crate::web;
use envelope_lab::lessons::{parse_lesson, parse_quiz};

/// The id of the data block.
pub const BLOCK_ID: &str = "envelope-lab-course";

impl Course {
    /// The course embedded in the page, if the page carries one.
    pub(super) fn embedded() -> Option<Course> {
        web::data_block(BLOCK_ID).map(|text| Course::from_block(&text))
    }

    /// Reads a data block: lessons keep the block's order (the author's choice, not the
    /// lesson numbers). A broken block or file is named in `failed`; the rest is used.
    pub(super) fn from_block(text: &str) -> Course {
        let mut failed = Vec::new();
        let block = serde_json::from_str::<Value>(text)
            .map_err(|e| e.to_string())
            .and_then(|v| match v {
                Value::Object(mut m) => {
                    let mut list = |key: &str| match m.remove(key) {
                        Some(Value::Array(a)) => Ok(a),
                        None if key == "practice" => Ok(vec![]),
                        _ => Err(format!("\"{key}\" must be a list")),
                    };
                    Ok((list("lessons")?, list("practice")?))
                }
                _ => Err("expected a JSON object".into()),
            });
        let (block_lessons, block_practice) = block.unwrap_or_else(|e| {
            failed.push(format!("{BLOCK_ID}: {e}"));
            (vec![], vec![])
        });
        let mut lessons = Vec::new();
        for (i, v) in block_lessons.iter().enumerate() {
            match parse_lesson(&v.to_string()) {
                Ok(l) => lessons.push(Rc::new(l)),
                Err(e) => failed.push(format!("{BLOCK_ID}: lessons[{i}]: {e}")),
            }
        }
        let mut practice = Vec::new();
        for (i, v) in block_practice.iter().enumerate() {
            match parse_quiz(&v.to_string()) {
                Ok(q) => practice.push(q),
                Err(e) => failed.push(format!("{BLOCK_ID}: practice[{i}]: {e}")),
            }
        }
        Course {
            lessons: Rc::new(lessons),
            practice: Rc::new(practice),
            loaded: true,
            failed: (!failed.is_empty()).then(|| failed.join("; ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(n: u32) -> Value {
        let text = include_str!("../../lessons/01-pipeline-in-the-clear.json");
        let mut v: Value = serde_json::from_str(text).unwrap();
        v["id"] = Value::from(format!("l{n}"));
        v["number"] = Value::from(n);
        v
    }

    #[test]
    fn keeps_the_authors_order_and_reports_broken_parts() {
        let practice: Value =
            serde_json::from_str(include_str!("../../lessons/practice-quiz.json")).unwrap();
        let block = serde_json::json!({"lessons": [lesson(7), lesson(1), {"format": 1}], "practice": [practice]});
        let c = Course::from_block(&block.to_string());
        let ids: Vec<&str> = c.lessons.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["l7", "l1"]);
        assert_eq!(c.practice.len(), 1);
        assert!(c.loaded);
        assert!(c.failed.as_deref().unwrap_or("").contains("lessons[2]"));

        for bad in ["", "{", "[]", "{\"lessons\": 3}"] {
            let c = Course::from_block(bad);
            assert!(
                c.lessons.is_empty() && c.loaded && c.failed.is_some(),
                "{bad}"
            );
        }
    }
}
