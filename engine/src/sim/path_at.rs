//! What a JSON text holds at a byte offset: the values and member names that start, end or
//! enclose it, each by its JSON path.
//!
//! Why: serde_json reports where it stopped (a line and a column) but not the path of the
//! value it stopped at. [`crate::sim::locate`] turns that place back into a path with this
//! scan, instead of a path-tracking wrapper around the decoder (serde_path_to_error), which
//! is monomorphised around every visitor of the scenario and lesson types: about 200 KB of
//! the web app's Wasm (docs/SIZE.md). The scan runs only after a decode failed and reads
//! only up to the offset, so text serde never reached (or that does not parse) is no matter.

use crate::policy::json::Seg;

/// What ends just before one byte offset of a JSON text (the text up to the offset is what
/// a decoder had read), and what is open there.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct At {
    /// The object member whose name (closing quote included) ends at the offset.
    pub key_end: Option<Vec<Seg>>,
    /// The value whose last byte (a closing `}` or `]` for an object or array) is just
    /// before the offset.
    pub value_end: Option<Vec<Seg>>,
    /// The object or array whose opening `{` or `[` is just before the offset.
    pub opened: Option<Vec<Seg>>,
    /// The innermost object or array open at the offset (empty: the document).
    pub enclosing: Vec<Seg>,
}

/// One open object or array while scanning.
enum Frame {
    /// An object: the name of the member being read, and whether its `:` has been read
    /// (a string is then a value, not a name).
    Object { key: Option<String>, in_value: bool },
    /// An array: the index of the element being read.
    Array { index: usize },
}

/// The path of a value begun now: every open container's current member or element.
fn child_path(stack: &[Frame]) -> Vec<Seg> {
    stack
        .iter()
        .filter_map(|f| match f {
            Frame::Object { key, .. } => key.clone().map(Seg::Key),
            Frame::Array { index } => Some(Seg::Index(*index)),
        })
        .collect()
}

/// The path of the innermost open container itself.
fn container_path(stack: &[Frame]) -> Vec<Seg> {
    match stack.split_last() {
        Some((_, outer)) => child_path(outer),
        None => Vec::new(),
    }
}

/// Scans `text` up to `offset` (a byte offset).
pub fn at(text: &str, offset: usize) -> At {
    let b = text.as_bytes();
    let mut out = At::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < b.len() && i < offset {
        let c = b.get(i).copied().unwrap_or_default();
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Object { key, in_value }) => {
                        *key = None;
                        *in_value = false;
                    }
                    Some(Frame::Array { index }) => *index += 1,
                    None => {}
                }
                i += 1;
            }
            b'{' | b'[' => {
                if i + 1 == offset {
                    out.opened = Some(child_path(&stack));
                }
                stack.push(if c == b'{' {
                    Frame::Object {
                        key: None,
                        in_value: false,
                    }
                } else {
                    Frame::Array { index: 0 }
                });
                i += 1;
            }
            b'}' | b']' => {
                if i + 1 == offset {
                    out.value_end = Some(container_path(&stack));
                }
                stack.pop();
                i += 1;
            }
            b'"' => {
                let end = string_end(b, i);
                match stack.last_mut() {
                    Some(Frame::Object { key, in_value }) if !*in_value => {
                        *key = Some(unescape(text.get(i..end).unwrap_or_default()));
                        if end == offset {
                            out.key_end = Some(child_path(&stack));
                        }
                    }
                    _ => scalar(&mut out, &stack, i, end, offset),
                }
                i = end;
            }
            _ => {
                // A number or a literal (true, false, null): up to the next delimiter.
                let mut end = i + 1;
                while b.get(end).is_some_and(|c| {
                    !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b':')
                }) {
                    end += 1;
                }
                scalar(&mut out, &stack, i, end, offset);
                i = end;
            }
        }
    }
    out.enclosing = container_path(&stack);
    out
}

/// Notes a scalar value spanning `start..end` if its last byte, or a byte in it (serde_json
/// refuses `true` where an enum is expected on seeing the `t`), is just before `offset`.
fn scalar(out: &mut At, stack: &[Frame], start: usize, end: usize, offset: usize) {
    if start < offset && offset <= end {
        out.value_end = Some(child_path(stack));
    }
}

/// Offset just past the string starting with the quote at `start` (the text's end if it
/// is not closed).
fn string_end(b: &[u8], start: usize) -> usize {
    let mut j = start + 1;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

/// A member name as written (quotes included) to its text: escapes are rare in names, so
/// only those go through serde_json.
fn unescape(quoted: &str) -> String {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(quoted);
    if inner.contains('\\') {
        serde_json::from_str(quoted).unwrap_or_else(|_| inner.to_string())
    } else {
        inner.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::json::path_string;

    fn p(path: &Option<Vec<Seg>>) -> Option<String> {
        path.as_deref().map(path_string)
    }

    #[test]
    fn values_and_names_just_before_an_offset() {
        let text = r#"{"a": [1, {"b": "x"}], "c\"d": true}"#;
        let off = |s: &str| text.find(s).expect("in the text");
        // Just past `1`.
        assert_eq!(p(&at(text, off("1") + 1).value_end), Some("a[0]".into()));
        // Just past the `{` of the second element.
        let obj = at(text, off("{\"b\"") + 1);
        assert_eq!(p(&obj.opened), Some("a[1]".into()));
        assert_eq!(path_string(&obj.enclosing), "a[1]");
        // Just past the name "b".
        let key = at(text, off("\"b\"") + 3);
        assert_eq!(p(&key.key_end), Some("a[1].b".into()));
        // Just past the `}` closing a[1], and past the `]` closing a.
        assert_eq!(p(&at(text, off("}]") + 1).value_end), Some("a[1]".into()));
        assert_eq!(p(&at(text, off("}]") + 2).value_end), Some("a".into()));
        // An escaped name is read as its text.
        let t = at(text, off("true") + 4);
        assert_eq!(t.value_end, Some(vec![Seg::Key("c\"d".into())]));
        // The whole document, past the end, and text that does not parse after the offset.
        assert_eq!(at(text, text.len()).value_end, Some(Vec::new()));
        assert_eq!(at(text, 1000).enclosing, Vec::<Seg>::new());
        assert_eq!(p(&at("[1, 2, }}}", 5).value_end), Some("[1]".into()));
        // Inside a value.
        assert_eq!(p(&at(text, off("true") + 1).value_end), Some("c\"d".into()));
    }
}
