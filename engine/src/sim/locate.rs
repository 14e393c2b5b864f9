//! Where an error in a scenario or lesson document is: its JSON path and, for a text, the
//! line and column a learner finds it at.
//!
//! serde reports a path ([`serde_path_to_error`]) but three things defeat it, and this
//! module fixes each. A syntax error leaves the path half-read (`roles[1].trust_policy.?`):
//! the project's own positioned parser ([`json::parse`]) re-reads the text and names the
//! innermost value and what it expected. serde_json's line and column for a wrong value
//! point past it: the path is looked up in the positioned parse instead. An internally
//! tagged enum (a scenario event, a lesson check) is read whole before its fields, so
//! serde only names the event (and points at its closing brace): [`narrow`] finds the
//! field by trying the event with one field at a time.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::policy::json::{self, Pos, Seg};
use crate::sim::scenario::json_detail_text;
use crate::text::Text;

/// A document that did not decode: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Path of the offending value (empty for the document itself).
    pub path: Vec<Seg>,
    /// Line and column in the text (None for a document decoded from a value).
    pub pos: Option<Pos>,
    /// Why, in English and Japanese.
    pub message: Text,
}

/// Given the path serde stopped at, the value there and serde's message, the path further
/// in (empty when there is nothing to add). See [`narrow`].
pub type Refine = fn(&[Seg], &Value, &str) -> Vec<Seg>;

/// Decodes JSON text as `T`; `frame_ja` says in Japanese what did not read (e.g. "the
/// scenario's format is not valid") before a serde message with no Japanese shape.
pub fn decode_text<T: DeserializeOwned>(
    text: &str,
    frame_ja: &str,
    refine: Refine,
) -> Result<T, DecodeError> {
    // A byte-order mark is invisible in an editor; serde_json would refuse it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let de = &mut serde_json::Deserializer::from_str(text);
    // `end` refuses text after the document (`{…} ]]`), which `deserialize` alone accepts.
    let e = match serde_path_to_error::deserialize(&mut *de) {
        Ok(v) => match de.end() {
            Ok(()) => return Ok(v),
            Err(e) => return Err(trailing_error(text, &e, frame_ja)),
        },
        Err(e) => e,
    };
    let mut path = segments(e.path());
    let inner = e.into_inner();
    if inner.is_syntax() || inner.is_eof() {
        if let Err(s) = json::parse(text) {
            return Err(from_syntax(s));
        }
    }
    let message = message(&inner, frame_ja);
    // The rest of the text may not parse (serde stopped at the first problem): then
    // serde's own position is the best there is (its column is 0 for a value that starts
    // a line; columns count from 1).
    let serde_pos = (inner.line() > 0).then_some(Pos {
        line: inner.line(),
        column: inner.column().max(1),
    });
    let pos = match json::parse(text) {
        Ok(root) => {
            if let Ok(doc) = serde_json::from_str::<Value>(text) {
                path.extend(refine_at(&doc, &path, message.en(), refine));
            }
            Some(json::position(&root, &path))
        }
        Err(_) => serde_pos,
    };
    Err(DecodeError { path, pos, message })
}

/// A syntax error serde found after the document was read (text after its end): the
/// positioned parser's error, which names it, else serde's own position.
fn trailing_error(text: &str, e: &serde_json::Error, frame_ja: &str) -> DecodeError {
    match json::parse(text) {
        Err(s) => from_syntax(s),
        Ok(_) => DecodeError {
            path: Vec::new(),
            pos: Some(Pos {
                line: e.line().max(1),
                column: e.column().max(1),
            }),
            message: message(e, frame_ja),
        },
    }
}

/// The positioned parser's syntax error as a decode error.
fn from_syntax(s: json::SyntaxError) -> DecodeError {
    DecodeError {
        path: s.path,
        pos: Some(s.pos),
        message: Text::new(
            format!("invalid JSON: {}", s.message.en()),
            format!("JSON の構文が正しくありません: {}", s.message.ja()),
        ),
    }
}

/// Decodes a JSON value as `T` (the web app's documents: no text, so no line and column).
/// It goes through the value's text: every `T` then has one decoder in the build, the
/// text's, instead of a second one for `Value` (the web app's Wasm is smaller by that
/// second copy of the scenario's and lessons' decoders; docs/SIZE.md). The cost is one
/// serialisation of a document of a few kilobytes.
pub fn decode_value<T: DeserializeOwned>(
    value: &Value,
    frame_ja: &str,
    refine: Refine,
) -> Result<T, DecodeError> {
    decode_text(&value.to_string(), frame_ja, refine).map_err(|e| DecodeError { pos: None, ..e })
}

/// serde's message without its position (the error carries that apart), in English and
/// Japanese.
fn message(e: &serde_json::Error, frame_ja: &str) -> Text {
    let en = e.to_string();
    let en = match en.rfind(" at line ") {
        Some(i) if e.line() > 0 => en.get(..i).unwrap_or(&en).to_string(),
        _ => en,
    };
    json_detail_text(e, en, frame_ja)
}

/// serde_path_to_error's path as segments; a segment it could not name (`?`) ends it.
fn segments(path: &serde_path_to_error::Path) -> Vec<Seg> {
    use serde_path_to_error::Segment;
    let mut out = Vec::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push(Seg::Index(*index)),
            Segment::Map { key } => out.push(Seg::Key(key.clone())),
            Segment::Enum { variant } => out.push(Seg::Key(variant.clone())),
            Segment::Unknown => break,
        }
    }
    out
}

/// Applies `refine` to the value at `path` in `doc`.
fn refine_at(doc: &Value, path: &[Seg], message: &str, refine: Refine) -> Vec<Seg> {
    let mut v = doc;
    for seg in path {
        let next = match seg {
            Seg::Key(k) => v.get(k.as_str()),
            Seg::Index(i) => v.get(*i),
        };
        match next {
            Some(n) => v = n,
            None => return Vec::new(),
        }
    }
    refine(path, v, message)
}

/// Most candidates [`narrow`] tries (each decodes a copy of one field).
const MAX_TRIES: usize = 64;

/// The field of an internally tagged enum value (`{"action": "disable_key", …}`, tag
/// `action`) that makes it fail with `message`, as a path inside the value (deeper for a
/// field that is itself an object). serde reads such a value whole before its fields and
/// so cannot say which field failed; here each field is decoded alone with the tag: the
/// first that fails with the same message is the one. A missing field has no place but
/// the value itself; a wrong tag is the tag. Empty when nothing can be singled out.
pub fn narrow<T: DeserializeOwned>(value: &Value, tag: &str, message: &str) -> Vec<Seg> {
    let Some(tag_value) = value.get(tag) else {
        return Vec::new();
    };
    if message.starts_with("missing field") {
        return Vec::new();
    }
    let fails_alike = |candidate: Map<String, Value>| {
        serde_json::from_value::<T>(Value::Object(candidate))
            .err()
            .is_some_and(|e| e.to_string() == message)
    };
    let with_tag = |mut m: Map<String, Value>| {
        m.insert(tag.to_string(), tag_value.clone());
        m
    };
    if fails_alike(with_tag(Map::new())) {
        return vec![Seg::Key(tag.to_string())];
    }
    let mut path: Vec<String> = Vec::new();
    let mut focus = value;
    let mut tries = 0;
    while let Some(members) = focus.as_object() {
        let mut found = None;
        for (k, v) in members {
            if path.is_empty() && k == tag {
                continue;
            }
            tries += 1;
            if tries > MAX_TRIES {
                break;
            }
            // The field alone, nested under the path found so far.
            let mut inner = Map::new();
            inner.insert(k.clone(), v.clone());
            for p in path.iter().rev() {
                let mut outer = Map::new();
                outer.insert(p.clone(), Value::Object(inner));
                inner = outer;
            }
            if fails_alike(with_tag(inner)) {
                found = Some((k, v));
                break;
            }
        }
        match found {
            Some((k, v)) => {
                path.push(k.clone());
                focus = v;
            }
            None => break,
        }
    }
    path.into_iter().map(Seg::Key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::EventSpec;
    use serde_json::json;

    fn narrowed(event: Value) -> Vec<Seg> {
        let message = serde_json::from_value::<EventSpec>(event.clone())
            .expect_err("the event is invalid")
            .to_string();
        narrow::<EventSpec>(&event, "action", &message)
    }

    #[test]
    fn the_failing_field_of_an_event_is_found() {
        let key = |k: &str| vec![Seg::Key(k.to_string())];
        assert_eq!(
            narrowed(
                json!({"action": "get_object", "at": "1m", "role": "R", "bucket": "b", "key": 100000})
            ),
            key("key")
        );
        assert_eq!(
            narrowed(
                json!({"action": "schedule_key_deletion", "at": "1m", "key": "K", "pending_window_days": 4294967296u64})
            ),
            key("pending_window_days")
        );
        assert_eq!(
            narrowed(json!({"action": "disable_key", "at": "1m", "key": "K", "colour": "red"})),
            key("colour")
        );
        assert_eq!(
            narrowed(json!({"action": "disable_keys", "at": "1m", "key": "K"})),
            key("action")
        );
        assert_eq!(
            narrowed(
                json!({"action": "set_bucket_encryption", "at": "1m", "bucket": "b", "encryption": {"sse": "DES"}})
            ),
            vec![Seg::Key("encryption".into()), Seg::Key("sse".into())]
        );
        assert_eq!(
            narrowed(json!({"action": "disable_key", "at": "1m"})),
            Vec::<Seg>::new(),
            "a missing field is the event's"
        );
    }
}
