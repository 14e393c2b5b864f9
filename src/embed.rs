//! The postMessage protocol between the app and a page that embeds it (README, "postMessage API"; docs/ARCHITECTURE.md).
//!
//! Outbound, to `window.parent`: `{"source": "envelope-lab", "type": "ready" | "step" |
//! "denial" | "lessonComplete", …}`. Inbound, from the parent only: `{"type":
//! "loadScenario", "scenario": {…}}`, `{"type": "step", "count"?: n}`, `{"type": "reset"}`.
//! This module is the pure part (message shapes); `web.rs` wires it to the window.

use serde::Deserialize;
use serde_json::{json, Value};

/// The `source` field of every message the app sends.
pub const SOURCE: &str = "envelope-lab";

/// A message from the embedding page.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Inbound {
    /// Replace the scenario (the whole scenario JSON document).
    LoadScenario {
        scenario: Value,
        #[serde(default)]
        seed: Option<u64>,
    },
    /// Step forward `count` times (default 1).
    Step {
        #[serde(default)]
        count: Option<u32>,
    },
    /// Back to step 0.
    Reset,
}

/// Reads an inbound message; `None` for anything that is not one (other scripts' messages).
pub fn parse_inbound(data: &Value) -> Option<Inbound> {
    if data.get("source").and_then(Value::as_str) == Some(SOURCE) {
        return None; // our own announcement echoed back
    }
    serde_json::from_value(data.clone()).ok()
}

/// `ready`: the app is listening.
pub fn ready(version: &str, total_steps: usize) -> Value {
    json!({"source": SOURCE, "type": "ready", "version": version, "steps": total_steps})
}

/// `step`: the current step changed.
pub fn step(step: usize, total: usize, operation: Option<&str>, outcome: Option<&str>) -> Value {
    json!({"source": SOURCE, "type": "step", "step": step, "total": total,
           "operation": operation, "outcome": outcome})
}

/// `denial`: the step just reached was denied / failed.
pub fn denial(step: usize, code: &str, message: &str) -> Value {
    json!({"source": SOURCE, "type": "denial", "step": step, "code": code, "message": message})
}

/// `lessonComplete`: a lesson's goal was met.
pub fn lesson_complete(lesson: &str) -> Value {
    json!({"source": SOURCE, "type": "lessonComplete", "lesson": lesson})
}

/// `error`: an inbound message was understood but could not be applied.
pub fn error(message: &str) -> Value {
    json!({"source": SOURCE, "type": "error", "message": message})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inbound() {
        assert_eq!(
            parse_inbound(&json!({"type": "reset"})),
            Some(Inbound::Reset)
        );
        assert_eq!(
            parse_inbound(&json!({"type": "step"})),
            Some(Inbound::Step { count: None })
        );
        assert_eq!(
            parse_inbound(&json!({"type": "step", "count": 3})),
            Some(Inbound::Step { count: Some(3) })
        );
        assert!(matches!(
            parse_inbound(&json!({"type": "loadScenario", "scenario": {"version": 1}})),
            Some(Inbound::LoadScenario { .. })
        ));
        assert_eq!(parse_inbound(&json!({"type": "nope"})), None);
        assert_eq!(parse_inbound(&json!("text")), None);
        assert_eq!(
            parse_inbound(&json!({"source": SOURCE, "type": "reset"})),
            None
        );
    }
}
