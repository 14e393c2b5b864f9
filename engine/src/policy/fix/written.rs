//! A fix as the command line prints it, the same shape for `eval` and `run --summary`:
//! `{kind, where, also?, edit, explanation: {en, ja}, verified, least_privilege,
//! also_allows: [{en, ja}], also_denies: [{en, ja}], changes_control}` — where the edit goes
//! (the document and its JSON pointer, the pointer of the new or changed statement), the
//! JSON Patch, why it works, that the engine checked it, and what the before/after
//! comparison (`policy::compare`) measured. The web app's policy tools worker sends the
//! page its fixes as this same JSON, so it also reads back (what is left out is empty).

use serde::{Deserialize, Serialize};

use crate::patch::Edit;
use crate::text::Text;

/// Where an edit goes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// What kind of document (`inline_policy`, `key_policy`, `identity_policy`, …).
    pub document: String,
    /// JSON pointer of the document in the input.
    pub pointer: String,
    /// JSON pointer of the statement (or grant) added or changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// The document named for people, in both languages.
    pub label: Text,
}

/// One fix, written out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrittenFix {
    pub kind: String,
    #[serde(rename = "where")]
    pub place: Place,
    /// Further documents the same fix edits (a Deny removed and an Allow added).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Place>,
    /// RFC 6902 JSON Patch on the input document, with `test` guards.
    pub edit: Vec<Edit>,
    pub explanation: Text,
    pub verified: bool,
    /// Measured: it newly allows nothing outside the denied request's class.
    pub least_privilege: bool,
    /// What else it newly allows, in words.
    pub also_allows: Vec<Text>,
    /// What it newly denies, in words (empty for every offered fix).
    pub also_denies: Vec<Text>,
    /// It removes, narrows or bypasses a control (a Deny, an SCP, a boundary, a condition).
    pub changes_control: bool,
}
