//! A small JSON parser that remembers where every value starts.
//!
//! Why hand-written: `serde_json` reports positions only for *syntax* errors, but policy
//! errors are mostly semantic ("Effect must be Allow or Deny") and must point at the
//! offending value (line, column, JSON path). Keeping a position on every node lets the
//! policy parser and the linter report exactly where a problem is. The parser is
//! iterative over characters, recursive only per nesting level, and caps nesting depth so
//! that hostile input cannot overflow the stack. It never panics.

use crate::text::{Catalogue, Text};
use std::borrow::Cow;

/// Where a value starts in the source: 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A JSON value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

/// JSON value kinds. Object members keep their order and duplicates (the linter reports them).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Numbers keep their source text: policies compare them as strings or decimals.
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

/// One `"key": value` member of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// A syntax error with its position, in English (what the CLI prints) and Japanese (for
/// the Japanese UI), and the path of the innermost value it is in (empty at the top).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: Text,
    pub path: Vec<Seg>,
}

impl SyntaxError {
    fn new(pos: Pos, en: impl Into<Cow<'static, str>>, ja: impl Into<Cow<'static, str>>) -> Self {
        SyntaxError {
            pos,
            message: Text::new(en, ja),
            path: Vec::new(),
        }
    }

    /// The error seen from the container holding the value it is in: `seg` goes first.
    /// Paths are built only as an error travels out (nothing is kept while parsing).
    fn inside(mut self, seg: Seg) -> Self {
        self.path.insert(0, seg);
        self
    }
}

/// One step of a path into a JSON document: an object member or an array element.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path as the project writes it: `roles[1].trust_policy`, `Statement[0].Effect`; empty
/// for the document itself.
pub fn path_string(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// Reads a path written by [`path_string`] (`.` and the empty string are the document).
/// A name holding `.` or `[` cannot be told apart from a deeper path; the paths the engine
/// writes name fields, whose names hold neither.
pub fn parse_path(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, mut rest) = match part.find('[') {
            Some(i) => part.split_at(i),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(Seg::Key(name.to_string()));
        }
        while let Some(close) = rest.find(']') {
            match rest.get(1..close).and_then(|n| n.parse().ok()) {
                Some(i) => out.push(Seg::Index(i)),
                None => out.push(Seg::Key(rest.get(..=close).unwrap_or(rest).to_string())),
            }
            rest = rest.get(close + 1..).unwrap_or_default();
        }
    }
    out
}

/// Where the value at `path` is written in the document `root` came from: the member's
/// name for an object member (the field a learner looks for), the value itself for an
/// array element. A path going further than the document stops at the deepest value that
/// exists. The last member of a duplicated name is the one JSON readers keep.
pub fn position(root: &Node, path: &[Seg]) -> Pos {
    let mut node = root;
    let mut pos = root.pos;
    for seg in path {
        let next = match (seg, &node.value) {
            (Seg::Key(k), Value::Object(members)) => members
                .iter()
                .rev()
                .find(|m| m.key == *k)
                .map(|m| (m.key_pos, &m.value)),
            (Seg::Index(i), Value::Array(items)) => items.get(*i).map(|n| (n.pos, n)),
            _ => None,
        };
        match next {
            Some((p, n)) => (pos, node) = (p, n),
            None => break,
        }
    }
    pos
}

/// Where the value at `path` (as [`path_string`] writes it) is in the JSON `text` (a
/// leading byte-order mark ignored, as the decoders do). For a text this parser refuses
/// (nesting deeper than [`MAX_DEPTH`], which serde_json still reads), where it stopped.
pub fn position_in(text: &str, path: &str) -> Pos {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match parse(text) {
        Ok(root) => position(&root, &parse_path(path)),
        Err(s) => s.pos,
    }
}

/// A member name cut to a readable length for messages (an input may hold any name).
fn short(name: &str) -> String {
    const MAX: usize = 40;
    if name.chars().count() <= MAX {
        return name.to_string();
    }
    let cut: String = name.chars().take(MAX).collect();
    format!("{cut}…")
}

/// Deepest nesting accepted; real policies nest about five levels.
pub const MAX_DEPTH: usize = 64;

impl Value {
    /// The kind's name, for "expected X, found Y" messages: English, and Japanese as AWS's
    /// Japanese documentation writes it.
    pub fn kind(&self) -> Text {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
        .text()
    }
}

crate::catalogue! {
    /// The kinds of JSON value, named for messages.
    enum Kind {
        Null => "null", "null";
        Bool => "a boolean", "ブール値";
        Number => "a number", "数値";
        String => "a string", "文字列";
        Array => "an array", "配列";
        Object => "an object", "オブジェクト";
    }
}

impl Node {
    /// The members if this is an object.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The text if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The last member named `key` (exact match), as JSON parsers that keep the last
    /// duplicate do.
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| m.key == key)
    }
}

/// Parses a complete JSON document (one value, surrounded only by whitespace).
pub fn parse(src: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        src,
        offset: 0,
        line: 1,
        column: 1,
    };
    p.skip_ws();
    let node = p.value(0)?;
    p.skip_ws();
    if p.peek().is_some() {
        return Err(p.error(
            "unexpected text after the end of the JSON document",
            "JSON ドキュメントの終わりの後に余分なテキストがあります",
        ));
    }
    Ok(node)
}

struct Parser<'a> {
    src: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

crate::catalogue! {
    /// A character the parser requires, named for "expected X" errors.
    enum Expected {
        Quote => "'\"'", "'\"'";
        OpenBracket => "'['", "'['";
        OpenBrace => "'{'", "'{'";
        Colon => "':' after the member name", "メンバー名の後の ':'";
    }
}

impl Parser<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn error(
        &self,
        en: impl Into<Cow<'static, str>>,
        ja: impl Into<Cow<'static, str>>,
    ) -> SyntaxError {
        SyntaxError::new(self.pos(), en, ja)
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.offset..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.offset += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u{feff}' {
                self.bump();
            } else {
                break;
            }
        }
    }

    /// Consumes `want`; `what` names it in English and Japanese for the error.
    fn expect_char(&mut self, want: char, what: Expected) -> Result<(), SyntaxError> {
        let (en, ja) = what.pair();
        match self.peek() {
            Some(c) if c == want => {
                self.bump();
                Ok(())
            }
            Some(c) => Err(self.error(
                format!("expected {en}, found '{c}'"),
                format!("{ja} が必要ですが、'{c}' があります"),
            )),
            None => Err(self.error(
                format!("expected {en}, found the end of the input"),
                format!("{ja} が必要ですが、入力が終わっています"),
            )),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error(
                format!("nesting deeper than {MAX_DEPTH} levels"),
                format!("入れ子が {MAX_DEPTH} 階層を超えています"),
            ));
        }
        let pos = self.pos();
        let value = match self.peek() {
            None => {
                return Err(self.error(
                    "expected a JSON value, found the end of the input",
                    "JSON の値が必要ですが、入力が終わっています",
                ))
            }
            Some('{') => self.object(depth)?,
            Some('[') => self.array(depth)?,
            Some('"') => Value::String(self.string()?),
            Some('t') => self.literal("true", Value::Bool(true))?,
            Some('f') => self.literal("false", Value::Bool(false))?,
            Some('n') => self.literal("null", Value::Null)?,
            Some(c) if c == '-' || c.is_ascii_digit() => self.number()?,
            Some(c) => {
                return Err(self.error(
                    format!("expected a JSON value, found '{c}'"),
                    format!("JSON の値が必要ですが、'{c}' があります"),
                ))
            }
        };
        Ok(Node { pos, value })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        let ok = self
            .src
            .get(self.offset..)
            .is_some_and(|rest| rest.starts_with(word));
        if !ok {
            return Err(self.error(
                format!("expected a JSON value (did you mean {word}?)"),
                format!("JSON の値が必要です ({word} のことですか?)"),
            ));
        }
        for _ in 0..word.len() {
            self.bump();
        }
        Ok(value)
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.offset;
        if self.peek() == Some('-') {
            self.bump();
        }
        let digits = |p: &mut Self| {
            let mut n = 0;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.bump();
                n += 1;
            }
            n
        };
        if digits(self) == 0 {
            return Err(self.error("expected a digit", "数字が必要です"));
        }
        if self.peek() == Some('.') {
            self.bump();
            if digits(self) == 0 {
                return Err(self.error(
                    "expected a digit after the decimal point",
                    "小数点の後に数字が必要です",
                ));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            if digits(self) == 0 {
                return Err(
                    self.error("expected a digit in the exponent", "指数部に数字が必要です")
                );
            }
        }
        let text = self.src.get(start..self.offset).unwrap_or_default();
        Ok(Value::Number(text.to_string()))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.expect_char('"', Expected::Quote)?;
        let mut out = String::new();
        loop {
            let here = self.pos();
            match self.bump() {
                None => {
                    return Err(SyntaxError::new(
                        here,
                        "unterminated string",
                        "文字列が閉じられていません",
                    ))
                }
                Some('"') => return Ok(out),
                Some('\\') => match self.bump() {
                    Some('"') => out.push('"'),
                    Some('\\') => out.push('\\'),
                    Some('/') => out.push('/'),
                    Some('b') => out.push('\u{8}'),
                    Some('f') => out.push('\u{c}'),
                    Some('n') => out.push('\n'),
                    Some('r') => out.push('\r'),
                    Some('t') => out.push('\t'),
                    Some('u') => {
                        let hi = self.hex4()?;
                        let code = if (0xD800..0xDC00).contains(&hi) {
                            // A high surrogate must be followed by \uDC00..\uDFFF.
                            if self.bump() != Some('\\') || self.bump() != Some('u') {
                                return Err(self.error(
                                    "expected a low surrogate \\uXXXX",
                                    "下位サロゲート \\uXXXX が必要です",
                                ));
                            }
                            let lo = self.hex4()?;
                            if !(0xDC00..0xE000).contains(&lo) {
                                return Err(
                                    self.error("invalid low surrogate", "下位サロゲートが無効です")
                                );
                            }
                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                        } else {
                            hi
                        };
                        match char::from_u32(code) {
                            Some(c) => out.push(c),
                            None => {
                                return Err(
                                    self.error("invalid \\u escape", "\\u エスケープが無効です")
                                )
                            }
                        }
                    }
                    Some(c) => {
                        return Err(SyntaxError::new(
                            here,
                            format!("invalid escape '\\{c}' in string"),
                            format!("文字列内のエスケープ '\\{c}' は無効です"),
                        ))
                    }
                    None => {
                        return Err(self.error("unterminated string", "文字列が閉じられていません"))
                    }
                },
                Some(c) if (c as u32) < 0x20 => {
                    return Err(SyntaxError::new(
                        here,
                        "control character in string (escape it)",
                        "文字列に制御文字が含まれています (エスケープしてください)",
                    ))
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            match self.bump().and_then(|c| c.to_digit(16)) {
                Some(d) => v = v * 16 + d,
                None => {
                    return Err(self.error(
                        "expected four hex digits after \\u",
                        "\\u の後に 4 桁の 16 進数が必要です",
                    ))
                }
            }
        }
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.expect_char('[', Expected::OpenBracket)?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            let i = items.len();
            items.push(self.value(depth + 1).map_err(|e| e.inside(Seg::Index(i)))?);
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                Some(c) => {
                    return Err(self.error(
                        format!("expected ',' or ']' after element [{i}], found '{c}'"),
                        format!("要素 [{i}] の後に ',' または ']' が必要ですが、'{c}' があります"),
                    ))
                }
                None => {
                    return Err(self.error(
                        format!(
                            "expected ',' or ']' after element [{i}], found the end of the input"
                        ),
                        format!(
                            "要素 [{i}] の後に ',' または ']' が必要ですが、入力が終わっています"
                        ),
                    ))
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.expect_char('{', Expected::OpenBrace)?;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            let key_pos = self.pos();
            // '}' closes an empty object only: after a ',' another member must follow.
            let (or_en, or_ja) = if members.is_empty() {
                (" or '}'", " または '}'")
            } else {
                ("", "")
            };
            match self.peek() {
                Some('"') => {}
                Some(c) => {
                    return Err(self.error(
                        format!("expected a member name in double quotes{or_en}, found '{c}'"),
                        format!("二重引用符で囲んだメンバー名{or_ja}が必要ですが、'{c}' があります"),
                    ))
                }
                None => {
                    return Err(self.error(
                        format!("expected a member name in double quotes{or_en}, found the end of the input"),
                        format!("二重引用符で囲んだメンバー名{or_ja}が必要ですが、入力が終わっています"),
                    ))
                }
            }
            let key = self.string()?;
            let inside = |e: SyntaxError| e.inside(Seg::Key(key.clone()));
            self.skip_ws();
            self.expect_char(':', Expected::Colon).map_err(inside)?;
            self.skip_ws();
            let value = self.value(depth + 1).map_err(inside)?;
            members.push(Member {
                key,
                key_pos,
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    return Ok(Value::Object(members));
                }
                Some(c) => {
                    let key = short(members.last().map_or("", |m: &Member| &m.key));
                    return Err(self.error(
                        format!("expected ',' or '}}' after the member \"{key}\", found '{c}'"),
                        format!("メンバー \"{key}\" の後に ',' または '}}' が必要ですが、'{c}' があります"),
                    ));
                }
                None => {
                    let key = short(members.last().map_or("", |m: &Member| &m.key));
                    return Err(self.error(
                        format!("expected ',' or '}}' after the member \"{key}\", found the end of the input"),
                        format!("メンバー \"{key}\" の後に ',' または '}}' が必要ですが、入力が終わっています"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let n = parse("{\n  \"a\": [1, \"x\"]\n}").unwrap();
        let m = n.get("a").unwrap();
        assert_eq!(m.key_pos, Pos { line: 2, column: 3 });
        assert_eq!(m.value.pos, Pos { line: 2, column: 8 });
    }

    #[test]
    fn errors_are_located() {
        let e = parse("{\"a\": tru}").unwrap_err();
        assert_eq!(e.pos.column, 7);
        assert!(parse("[1,]").is_err());
        assert!(parse("\"\\ud800\"").is_err());
        let deep = "[".repeat(1000);
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn syntax_errors_name_the_value_they_are_in() {
        let e = parse("{\"roles\": [{\"name\": \"a\"}, {\"trust\": {").unwrap_err();
        assert_eq!(path_string(&e.path), "roles[1].trust");
        assert_eq!(
            e.message.en(),
            "expected a member name in double quotes or '}', found the end of the input"
        );
        let e = parse("{\"a\": {\"b\": 1 \"c\": 2}}").unwrap_err();
        assert_eq!(path_string(&e.path), "a");
        assert_eq!(
            e.message.en(),
            "expected ',' or '}' after the member \"b\", found '\"'"
        );
        assert!(e.message.ja().contains("メンバー \"b\" の後に"));
        let e = parse("[1, 2 3]").unwrap_err();
        assert_eq!((path_string(&e.path), e.pos.column), (String::new(), 7));
        assert!(e.message.en().contains("after element [1]"));
        let e = parse("{\"a\": [tru]}").unwrap_err();
        assert_eq!(path_string(&e.path), "a[0]");
    }

    #[test]
    fn paths_are_written_read_and_found() {
        let path = parse_path("roles[1].inline_policies[0].document.Statement[2]");
        assert_eq!(
            path_string(&path),
            "roles[1].inline_policies[0].document.Statement[2]"
        );
        assert_eq!(parse_path("."), Vec::<Seg>::new());
        assert_eq!(
            parse_path("m[0][1]"),
            vec![Seg::Key("m".into()), Seg::Index(0), Seg::Index(1)]
        );
        let doc =
            parse("{\n  \"a\": [\n    {\"b\": 1},\n    {\"b\": 2, \"c\": 3}\n  ]\n}").unwrap();
        let at = |p: &str| {
            let pos = position(&doc, &parse_path(p));
            (pos.line, pos.column)
        };
        assert_eq!(at("a[1].c"), (4, 14), "a member: its name");
        assert_eq!(at("a[1]"), (4, 5), "an element: the value");
        assert_eq!(
            at("a[1].zzz.y"),
            (4, 5),
            "beyond the document: the deepest value"
        );
        assert_eq!(at(""), (1, 1));
    }
}
