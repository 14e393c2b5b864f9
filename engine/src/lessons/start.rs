//! Building a lesson's scenario: the base (a preset or an inline document) as JSON, then
//! the edits; and the solved scenario (start + solution edits).

use serde_json::Value;

use super::model::{Lesson, ScenarioSource};
use super::patch;
use crate::sim::presets;
use crate::sim::Scenario;
use crate::text::Text;

/// A preset's scenario as JSON, by name: [`every_preset`], or the web app's own (which
/// builds the classic presets and has the others from the policy tools worker).
pub type PresetDocs<'a> = &'a dyn Fn(&str) -> Option<Value>;

/// Every preset's scenario document ([`presets::get`]).
pub fn every_preset(name: &str) -> Option<Value> {
    presets::get(name).and_then(|s| serde_json::to_value(s).ok())
}

/// The base document of a source, before edits.
pub fn base_document(source: &ScenarioSource) -> Result<Value, String> {
    base_document_with(source, &every_preset)
}

/// The base document of a source, its preset taken from `presets`.
pub fn base_document_with(source: &ScenarioSource, presets: PresetDocs) -> Result<Value, String> {
    match (&source.preset, &source.inline) {
        (Some(name), None) => presets(name).ok_or_else(|| format!("unknown preset {name:?}")),
        (None, Some(doc)) => Ok(doc.clone()),
        (Some(_), Some(_)) => Err("give either \"preset\" or \"inline\", not both".into()),
        (None, None) => Err("give a \"preset\" name or an \"inline\" scenario".into()),
    }
}

/// The starting scenario document (base + edits), not yet validated.
pub fn start_document(source: &ScenarioSource) -> Result<Value, String> {
    start_document_with(source, &every_preset)
}

/// The starting scenario document, its preset taken from `presets`.
pub fn start_document_with(source: &ScenarioSource, presets: PresetDocs) -> Result<Value, String> {
    let base = base_document_with(source, presets)?;
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
    solved_document_with(lesson, &every_preset)
}

/// The solved scenario document, the start's preset taken from `presets`.
pub fn solved_document_with(lesson: &Lesson, presets: PresetDocs) -> Result<Value, String> {
    let start = start_document_with(&lesson.scenario, presets)?;
    patch::apply(&start, &lesson.solution.edits).map_err(|e| format!("solution.edits: {e}"))
}

/// Applies the solution to the learner's current document; when the learner's edits
/// conflict with the solution's (a `test` fails or a path is gone), the solution is
/// applied to the starting scenario instead.
pub fn apply_solution(lesson: &Lesson, current: &Value) -> Result<Value, String> {
    apply_solution_with(lesson, current, &every_preset)
}

/// [`apply_solution`], the start's preset taken from `presets`.
pub fn apply_solution_with(
    lesson: &Lesson,
    current: &Value,
    presets: PresetDocs,
) -> Result<Value, String> {
    match patch::apply(current, &lesson.solution.edits) {
        Ok(doc) if to_scenario(&doc).is_ok() => Ok(doc),
        _ => solved_document_with(lesson, presets),
    }
}
