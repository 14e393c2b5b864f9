//! Building a lesson's scenario: the base (a preset or an inline document) as JSON, then
//! the edits; and the solved scenario (start + solution edits).

use serde_json::Value;

use super::model::{Lesson, ScenarioSource};
use super::patch;
use crate::sim::presets;
use crate::sim::Scenario;
use crate::text::Text;

/// The base document of a source, before edits.
pub fn base_document(source: &ScenarioSource) -> Result<Value, String> {
    match (&source.preset, &source.inline) {
        (Some(name), None) => {
            let scenario = presets::get(name).ok_or_else(|| format!("unknown preset {name:?}"))?;
            serde_json::to_value(scenario).map_err(|e| e.to_string())
        }
        (None, Some(doc)) => Ok(doc.clone()),
        (Some(_), Some(_)) => Err("give either \"preset\" or \"inline\", not both".into()),
        (None, None) => Err("give a \"preset\" name or an \"inline\" scenario".into()),
    }
}

/// The starting scenario document (base + edits), not yet validated.
pub fn start_document(source: &ScenarioSource) -> Result<Value, String> {
    let base = base_document(source)?;
    patch::apply(&base, &source.edits).map_err(|e| format!("scenario.edits: {e}"))
}

/// Parses and validates a scenario document.
pub fn to_scenario(doc: &Value) -> Result<Scenario, String> {
    parse_scenario(doc).map_err(|t| t.into_en())
}

/// Parses and validates a scenario document; the error (`path: explanation`) in English
/// and Japanese, for the UI.
pub fn parse_scenario(doc: &Value) -> Result<Scenario, Text> {
    Scenario::from_value(doc).map_err(|e| e.located())
}

/// The lesson's starting scenario, validated.
pub fn start_scenario(lesson: &Lesson) -> Result<Scenario, String> {
    to_scenario(&start_document(&lesson.scenario)?)
}

/// The solved scenario document: the start with the solution's edits.
pub fn solved_document(lesson: &Lesson) -> Result<Value, String> {
    let start = start_document(&lesson.scenario)?;
    patch::apply(&start, &lesson.solution.edits).map_err(|e| format!("solution.edits: {e}"))
}

/// Applies the solution to the learner's current document; when the learner's edits
/// conflict with the solution's (a `test` fails or a path is gone), the solution is
/// applied to the starting scenario instead.
pub fn apply_solution(lesson: &Lesson, current: &Value) -> Result<Value, String> {
    match patch::apply(current, &lesson.solution.edits) {
        Ok(doc) if to_scenario(&doc).is_ok() => Ok(doc),
        _ => solved_document(lesson),
    }
}
