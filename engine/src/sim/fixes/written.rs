//! The fixes of a run as `envelope-lab run --summary` prints them: once per distinct
//! failure ([`FixGroup`]; each denial names its group by `fixes_id`), each option in the
//! shape `eval` prints ([`crate::policy::fix::WrittenFix`]) with what the run adds
//! (`least_privilege`, `changes_control`, `next_failure`, `also_allows`, `modelled`), and
//! `test` guards that quote a large value (a statement with a 1 MB principal) by its
//! SHA-256 and a short prefix, so the output stays proportional to the scenario.

use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::{DenialFixes, FixOption};
use crate::text::Text;

/// The longest guard value (as JSON) quoted whole.
pub const GUARD_LIMIT: usize = 512;

/// How much of a longer guard value is quoted.
pub const GUARD_PREFIX: usize = 120;

/// The fixes of one distinct failure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FixGroup {
    /// The number denials refer to (`fixes_id`).
    pub id: usize,
    /// The first failed step of the group.
    pub step: u32,
    /// The step whose failure the options fix.
    pub cause: u32,
    /// What failed, in one line.
    pub summary: Text,
    /// The options, in the engine's order.
    pub options: Vec<Value>,
    /// Why there is no option (only when `options` is empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_fix_reason: Option<Text>,
}

impl FixGroup {
    /// Group `id` of the fixes `f`.
    pub fn new(id: usize, f: &DenialFixes) -> FixGroup {
        FixGroup {
            id,
            step: f.step,
            cause: f.cause,
            summary: f.summary.clone(),
            options: f.options.iter().map(FixOption::written_json).collect(),
            no_fix_reason: f.no_fix_reason.clone(),
        }
    }
}

/// A `test` operation whose value is longer than [`GUARD_LIMIT`] as JSON, written with
/// the value's SHA-256 and its first [`GUARD_PREFIX`] characters instead.
fn bounded(edit: Value) -> Value {
    let long = edit["op"] == "test"
        && edit
            .get("value")
            .is_some_and(|v| v.to_string().len() > GUARD_LIMIT);
    if !long {
        return edit;
    }
    let text = edit["value"].to_string();
    let prefix: String = text.chars().take(GUARD_PREFIX).collect();
    json!({
        "op": "test",
        "path": edit["path"],
        "value_sha256": hex::encode(Sha256::digest(text.as_bytes())),
        "value_prefix": prefix,
    })
}

impl FixOption {
    /// The option as `run --summary` prints it: the `eval` shape, the run's own fields
    /// added, long guards bounded.
    pub fn written_json(&self) -> Value {
        let mut v = serde_json::to_value(self.written()).unwrap_or(Value::Null);
        let Some(obj) = v.as_object_mut() else {
            return v;
        };
        if let Some(Value::Array(edits)) = obj.remove("edit") {
            obj.insert(
                "edit".into(),
                Value::Array(edits.into_iter().map(bounded).collect()),
            );
        }
        let mut add = Map::new();
        add.insert("least_privilege".into(), json!(self.least_privilege));
        add.insert("changes_control".into(), json!(self.changes_control));
        add.insert("next_failure".into(), json!(self.next_failure));
        if !self.also_allows.is_empty() {
            let texts: Vec<&Text> = self.also_allows.iter().map(|p| &p.text).collect();
            add.insert("also_allows".into(), json!(texts));
        }
        if let Some(m) = &self.modelled {
            add.insert("modelled".into(), json!(m));
        }
        // Set, not appended: the policy engine's written shape may carry the same names.
        for (k, val) in add {
            obj.insert(k, val);
        }
        v
    }
}
