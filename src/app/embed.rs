//! The postMessage protocol between the app and a page that embeds it (README, "postMessage API"; docs/ARCHITECTURE.md).
//!
//! Outbound, to `window.parent`: `{"source": "envelope-lab", "type": "ready" | "step" |
//! "denial" | "lessonComplete" | "error", …}`. Inbound, from the parent only: `{"type":
//! "loadScenario", "scenario": {…}}`, `{"type": "loadLesson", "lesson": …}`, `{"type":
//! "step", "count"?: n}`, `{"type": "reset"}`; anything else is answered with an `error`
//! naming what was not understood. This module is the pure part (message shapes);
//! `web.rs` wires it to the window.

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
    /// Load a lesson (the lesson object, or its JSON text) and open it in the tutorial.
    LoadLesson { lesson: Value },
}

/// The message types the app accepts.
pub const INBOUND_TYPES: [&str; 4] = ["loadScenario", "loadLesson", "step", "reset"];

/// Reads an inbound message: `Ok(None)` for the app's own announcements echoed back, an
/// error saying what is wrong for anything else it does not understand.
pub fn parse_inbound(data: &Value) -> Result<Option<Inbound>, String> {
    if data.get("source").and_then(Value::as_str) == Some(SOURCE) {
        return Ok(None);
    }
    let kind = match data.get("type") {
        Some(Value::String(kind)) => kind,
        Some(other) => return Err(format!("the message type must be a string, not {other}")),
        None => {
            return Err(format!(
                "the message has no \"type\" (expected one of {})",
                INBOUND_TYPES.join(", ")
            ))
        }
    };
    if !INBOUND_TYPES.contains(&kind.as_str()) {
        return Err(format!(
            "unknown message type \"{kind}\" (expected one of {})",
            INBOUND_TYPES.join(", ")
        ));
    }
    serde_json::from_value(data.clone())
        .map(Some)
        .map_err(|e| format!("{kind}: {e}"))
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

/// `denial`: steps reached or passed over in one move failed: the first of them (its step
/// number, error code and message) and how many did.
pub fn denial(step: usize, code: &str, message: &str, count: usize) -> Value {
    json!({"source": SOURCE, "type": "denial", "step": step, "code": code, "message": message, "count": count})
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
            Ok(Some(Inbound::Reset))
        );
        assert_eq!(
            parse_inbound(&json!({"type": "step"})),
            Ok(Some(Inbound::Step { count: None }))
        );
        assert_eq!(
            parse_inbound(&json!({"type": "step", "count": 3})),
            Ok(Some(Inbound::Step { count: Some(3) }))
        );
        assert!(matches!(
            parse_inbound(&json!({"type": "loadScenario", "scenario": {"version": 1}})),
            Ok(Some(Inbound::LoadScenario { .. }))
        ));
        assert!(matches!(
            parse_inbound(&json!({"type": "loadLesson", "lesson": "{}"})),
            Ok(Some(Inbound::LoadLesson { .. }))
        ));
        assert_eq!(
            parse_inbound(&json!({"source": SOURCE, "type": "reset"})),
            Ok(None)
        );
    }

    #[test]
    fn what_is_not_understood_is_named() {
        let err = |v: Value| parse_inbound(&v).unwrap_err();
        assert!(err(json!({"type": "nope"})).starts_with("unknown message type \"nope\""));
        assert!(err(json!("text")).contains("no \"type\""));
        assert!(err(json!({"type": 3})).contains("must be a string"));
        assert!(err(json!({"type": "step", "count": "x"})).starts_with("step: "));
        assert!(err(json!({"type": "loadScenario"})).contains("scenario"));
    }
}
