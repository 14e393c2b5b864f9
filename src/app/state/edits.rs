//! Scenario edits: a value set at a JSON pointer, a whole scenario replaced, and the undo
//! and redo stacks (consecutive edits from one editor coalesced into one entry).

use std::rc::Rc;

use serde_json::Value;

use super::State;

/// An entry of the undo or redo stack: the document before/after, what the edit was, and
/// the preset that document was loaded from.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub scenario: Rc<Value>,
    pub label: String,
    pub preset: Option<String>,
}

/// How many scenario versions undo keeps.
pub const UNDO_LIMIT: usize = 200;

/// Sets `value` at `pointer` (RFC 6901), creating object members that are missing.
/// Returns false when the path goes through a non-container or an index out of range.
pub fn set_pointer(doc: &mut Value, pointer: &str, value: Value) -> bool {
    if pointer.is_empty() {
        *doc = value;
        return true;
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return false;
    };
    let tokens: Vec<String> = rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut node = doc;
    for (i, token) in tokens.iter().enumerate() {
        let last = i + 1 == tokens.len();
        if node.is_null() {
            *node = Value::Object(Default::default());
        }
        node = match node {
            Value::Object(map) => {
                if last {
                    map.insert(token.clone(), value);
                    return true;
                }
                map.entry(token.clone()).or_insert(Value::Null)
            }
            Value::Array(items) => {
                let Ok(index) = token.parse::<usize>() else {
                    return false;
                };
                if last {
                    if index < items.len() {
                        items[index] = value;
                    } else if index == items.len() {
                        items.push(value);
                    } else {
                        return false;
                    }
                    return true;
                }
                match items.get_mut(index) {
                    Some(item) => item,
                    None => return false,
                }
            }
            _ => return false,
        };
    }
    false
}

impl State {
    pub(super) fn push_history(&mut self, label: String, coalesce: Option<String>) {
        let same_editor = coalesce.is_some() && coalesce == self.coalescing;
        if !same_editor {
            self.undo.push(HistoryEntry {
                scenario: self.scenario.clone(),
                label,
                preset: self.preset.clone(),
            });
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
            }
        }
        self.coalescing = coalesce;
        self.redo.clear();
    }

    /// Undo (`back`) or redo: moves one history entry to the other stack and makes its
    /// scenario current, returning to the same step. False when there is nothing to move.
    pub(super) fn travel(&mut self, back: bool) -> bool {
        let (from, to) = if back {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let Some(entry) = from.pop() else {
            return false;
        };
        to.push(HistoryEntry {
            scenario: self.scenario.clone(),
            label: entry.label,
            preset: self.preset.take(),
        });
        self.scenario = entry.scenario;
        self.preset = entry.preset;
        self.coalescing = None;
        self.drafts = Rc::default();
        self.scenario_changed();
        self.spotlight = None;
        if self.cursor > 0 {
            self.pending_step = Some(self.cursor);
        }
        true
    }

    /// Makes `scenario` the scenario as one undoable edit (the caller then says where the
    /// cursor goes and calls `scenario_changed`); false when it is the same scenario.
    pub(super) fn replace_scenario(&mut self, scenario: Value, label: String) -> bool {
        if scenario == *self.scenario {
            return false;
        }
        self.push_history(label, None);
        self.scenario = Rc::new(scenario);
        self.drafts = Rc::default();
        true
    }

    pub(super) fn scenario_changed(&mut self) {
        self.revision += 1;
        self.reached = 0;
        self.debounce = false;
        self.total = 0;
        self.run_done = false;
        self.expanded = self.expanded.filter(|&i| i < self.cursor);
        self.open_groups = Rc::default();
        // A preview was computed for the scenario before this change.
        if let Some(sp) = self.spotlight.as_mut() {
            sp.preview = None;
        }
    }
}
