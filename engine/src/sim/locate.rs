//! Where an error in a scenario or lesson document is: its JSON path and, for a text, the
//! line and column a learner finds it at.
//!
//! serde_json says where it stopped reading (a line and a byte column), not which value
//! failed; this module turns the place into a path and fixes what defeats it. A syntax
//! error: the project's own positioned parser ([`json::parse`]) re-reads the text and
//! names the innermost value and what it expected. Any other error: the shortest prefix of
//! the text that fails alike ends with the culprit, whose path a scan of that prefix
//! ([`path_at`]) gives; the line and column are then the positioned parse's for that path
//! (serde_json's point past the value). An internally tagged enum (a scenario event, a
//! lesson check) is read whole before its fields, so the culprit is the whole event:
//! [`narrow`] finds the field by trying the event with one field at a time.
//!
//! The path used to come from serde_path_to_error, a wrapper tracking it while decoding;
//! its copy of every visitor of the scenario and lesson types was ~200 KB of the web
//! app's Wasm (docs/SIZE.md, step 8). Finding it after a failure costs nothing on success.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::policy::json::{self, Pos, Seg};
use crate::sim::path_at;
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
    let e = match T::deserialize(&mut *de) {
        Ok(v) => match de.end() {
            Ok(()) => return Ok(v),
            Err(e) => return Err(trailing_error(text, &e, frame_ja)),
        },
        Err(e) => e,
    };
    if e.is_syntax() || e.is_eof() {
        if let Err(s) = json::parse(text) {
            return Err(from_syntax(s));
        }
    }
    let message = message(&e, frame_ja);
    let mut path = path_of::<T>(text, &e);
    // The rest of the text may not parse (serde stopped at the first problem): then
    // serde's own position is the best there is (its column is 0 for a value that starts
    // a line; columns count from 1).
    let serde_pos = (e.line() > 0).then_some(Pos {
        line: e.line(),
        column: e.column().max(1),
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

/// The path of the value serde_json stopped at. serde_json reports the place it had read
/// to (a line and a 0-based byte column), and that is not always just past the culprit:
/// a decoder that fails inside an object or array still reads on to its end (`}`, or `,`
/// and the next element's start), a value read whole before its fields (an internally
/// tagged event or check) fails only after its closing `}`, and an object or array where
/// something else is expected is refused when its `{` or `[` is seen, before reading it.
/// So the end of the culprit is found as the shortest prefix of the text that fails to
/// decode with the same message, among the few that end at or just before that place
/// (each a decode of `T`: the same decoder, no second copy of it in the build). What
/// ends there is the culprit:
/// - a member's name: an unknown field (the member), else (an unknown enum variant
///   written as `{"name": …}`, a duplicate field) the object holding it;
/// - a value (a scalar, or an object or array up to its closing brace): that value;
/// - an opening `{` or `[`: that object or array.
fn path_of<T: DeserializeOwned>(text: &str, e: &serde_json::Error) -> Vec<Seg> {
    let Some(place) = byte_offset(text, e.line(), e.column()) else {
        return Vec::new();
    };
    let want = bare(e);
    let end = culprit_end::<T>(text, place, &want).unwrap_or(place);
    let at = path_at::at(text, end);
    if let Some(mut path) = at.key_end {
        if !want.starts_with("unknown field") {
            path.pop();
        }
        return path;
    }
    at.value_end.or(at.opened).unwrap_or(at.enclosing)
}

/// The shortest prefix of `text` (as a length) that fails to decode as `T` with the
/// message `want`, tried from before what serde_json reads after a failed value (spaces,
/// one `,`, `}` or `]`, spaces) to one byte past `place` (a `{` or `[` it refused on
/// sight). None if none does.
fn culprit_end<T: DeserializeOwned>(text: &str, place: usize, want: &str) -> Option<usize> {
    let b = text.as_bytes();
    let space = |i: usize| i > 0 && matches!(b.get(i - 1), Some(b' ' | b'\t' | b'\n' | b'\r'));
    let mut lo = place.min(b.len());
    while space(lo) {
        lo -= 1;
    }
    if lo > 0 && matches!(b.get(lo - 1), Some(b',' | b'}' | b']')) {
        lo -= 1;
        while space(lo) {
            lo -= 1;
        }
    }
    let last = (place + 1).min(b.len());
    (lo..=last)
        .filter(|&p| p == lo || p >= place || !space(p))
        .find(|&p| {
            text.get(..p).is_some_and(|prefix| {
                let de = &mut serde_json::Deserializer::from_str(prefix);
                T::deserialize(de).err().is_some_and(|e| bare(&e) == want)
            })
        })
}

/// serde_json's message without its position.
fn bare(e: &serde_json::Error) -> String {
    let en = e.to_string();
    match en.rfind(" at line ") {
        Some(i) if e.line() > 0 => en.get(..i).unwrap_or(&en).to_string(),
        _ => en,
    }
}

/// The byte offset of serde_json's (1-based line, 0-based byte column); None when serde
/// gave no place (line 0).
fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += text.get(start..)?.find('\n')? + 1;
    }
    Some(start + column)
}

/// The value at `path` in `doc`.
fn value_at<'a>(doc: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    let mut v = doc;
    for seg in path {
        v = match seg {
            Seg::Key(k) => v.get(k.as_str())?,
            Seg::Index(i) => v.get(*i)?,
        };
    }
    Some(v)
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
    json_detail_text(e, bare(e), frame_ja)
}

/// Applies `refine` to the value at `path` in `doc`.
fn refine_at(doc: &Value, path: &[Seg], message: &str, refine: Refine) -> Vec<Seg> {
    match value_at(doc, path) {
        Some(v) => refine(path, v, message),
        None => Vec::new(),
    }
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
