//! A fix as the command line prints it, the same shape for `eval` and `run --summary`:
//! `{kind, where, also?, edit, explanation: {en, ja}, verified}` — where the edit goes (the
//! document and its JSON pointer, the pointer of the new or changed statement), the JSON
//! Patch, why it works, and that the engine checked it.

use serde::Serialize;

use crate::patch::Edit;
use crate::text::Text;

/// Where an edit goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WrittenFix {
    pub kind: String,
    #[serde(rename = "where")]
    pub place: Place,
    /// Further documents the same fix edits (a Deny removed and an Allow added).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Place>,
    /// RFC 6902 JSON Patch on the input document, with `test` guards.
    pub edit: Vec<Edit>,
    pub explanation: Text,
    pub verified: bool,
}
