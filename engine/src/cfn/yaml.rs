//! Reads a template (YAML or JSON, which YAML 1.2 contains) into a tree of [`Node`]s that
//! keep their line and column. Plain scalars follow the YAML 1.2 core schema, as
//! CloudFormation reads them: `Version: 2012-10-17` is the string "2012-10-17", `yes` is a
//! string, `true` a boolean, `10` a number. Short-form tags (`!Ref X`, `!GetAtt A.B`, …)
//! become their long forms (`{"Ref": "X"}`), so the evaluator sees one form.
//!
//! Bounded: file size, nesting depth, node count and bytes after alias expansion (a
//! "billion laughs" document fails fast, located at the alias that crossed the limit).

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use std::borrow::Cow;

use super::error::{Fail, Mark, NoticeKind, RawNotice};
use super::limits;

/// A value of the template with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value starts (for a tagged value: where its tag starts).
    pub mark: Mark,
    /// The value.
    pub v: V,
}

/// The kinds of value.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    /// `null`, `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order (keys are unique).
    Map(Vec<Entry>),
}

/// One key of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Where the key is.
    pub mark: Mark,
    /// The value.
    pub value: Node,
}

impl Node {
    /// A node of value `v` at `mark`.
    pub fn new(mark: Mark, v: V) -> Node {
        Node { mark, v }
    }

    /// A string node.
    pub fn str(mark: Mark, s: impl Into<String>) -> Node {
        Node::new(mark, V::Str(s.into()))
    }

    /// The value of key `k` when this is a mapping.
    pub fn get(&self, k: &str) -> Option<&Node> {
        match &self.v {
            V::Map(entries) => entries.iter().find(|e| e.key == k).map(|e| &e.value),
            _ => None,
        }
    }

    /// The entries when this is a mapping.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.v {
            V::Map(e) => Some(e),
            _ => None,
        }
    }

    /// The string when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.v {
            V::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as CloudFormation passes it on as a string (numbers and booleans too).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.v {
            V::Str(s) => Some(s.clone()),
            V::Int(i) => Some(i.to_string()),
            V::Float(f) => Some(f.to_string()),
            V::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// When this is a one-key mapping whose key names an intrinsic function (`Ref`,
    /// `Fn::…`, `Condition`): that key and its argument.
    pub fn intrinsic(&self) -> Option<(&str, &Node)> {
        match &self.v {
            V::Map(e) if e.len() == 1 => {
                let k = e[0].key.as_str();
                (k == "Ref" || k == "Condition" || k.starts_with("Fn::")).then(|| (k, &e[0].value))
            }
            _ => None,
        }
    }

    /// The value as JSON (for policy documents and the scenario).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.v {
            V::Null => Value::Null,
            V::Bool(b) => Value::Bool(*b),
            V::Int(i) => Value::from(*i),
            V::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(f.to_string())),
            V::Str(s) => Value::String(s.clone()),
            V::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            V::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// The number of nodes and scalar bytes of this tree (what an alias to it costs).
    fn size(&self) -> (usize, usize) {
        match &self.v {
            V::Str(s) => (1, s.len()),
            V::Seq(items) => items.iter().fold((1, 0), |(n, b), i| {
                let (a, c) = i.size();
                (n + a, b + c)
            }),
            V::Map(entries) => entries.iter().fold((1, 0), |(n, b), e| {
                let (a, c) = e.value.size();
                (n + a + 1, b + c + e.key.len())
            }),
            _ => (1, 8),
        }
    }
}

/// The short-form tags CloudFormation accepts and their long names.
pub const SHORT_FORMS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("FindInMap", "Fn::FindInMap"),
    ("GetAtt", "Fn::GetAtt"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("Sub", "Fn::Sub"),
    ("Transform", "Fn::Transform"),
    ("And", "Fn::And"),
    ("Equals", "Fn::Equals"),
    ("If", "Fn::If"),
    ("Not", "Fn::Not"),
    ("Or", "Fn::Or"),
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
];

/// A collection being read.
enum Frame {
    Seq {
        mark: Mark,
        anchor: usize,
        tag: Option<String>,
        items: Vec<Node>,
    },
    Map {
        mark: Mark,
        anchor: usize,
        tag: Option<String>,
        entries: Vec<Entry>,
        key: Option<(String, Mark)>,
    },
}

struct Builder {
    file: u16,
    stack: Vec<Frame>,
    anchors: Vec<(usize, Node, (usize, usize))>,
    nodes: usize,
    bytes: usize,
    root: Option<Node>,
    documents: usize,
    /// Keys written twice in one mapping: the earlier value is dropped.
    duplicates: Vec<RawNotice>,
}

fn mark(file: u16, span: &Span) -> Mark {
    Mark {
        file,
        line: span.start.line() as u32,
        col: span.start.col() as u32 + 1,
    }
}

fn syntax(at: Mark, en: impl Into<Cow<'static, str>>, ja: impl Into<Cow<'static, str>>) -> Fail {
    Fail::new(at, "", en, ja)
}

/// Parses one template file (index `file` in the upload).
pub fn parse(file: u16, text: &str) -> Result<Node, Fail> {
    parse_noting(file, text).map(|(n, _)| n)
}

/// Parses one template file, with a notice for each key written twice in one mapping.
/// CloudFormation accepts such a template (YAML and JSON alike) and uses the last value, as
/// public reports of templates deployed that way show (the User Guide says nothing); the
/// lab does the same and says which value it dropped.
pub fn parse_noting(file: u16, text: &str) -> Result<(Node, Vec<RawNotice>), Fail> {
    let start = Mark {
        file,
        line: 1,
        col: 1,
    };
    if text.len() > limits::FILE_BYTES {
        return Err(syntax(
            start,
            format!(
                "the file is {} bytes; a template may have at most {} bytes (CloudFormation takes 1 MB from an S3 object, 51,200 bytes in a request body)",
                text.len(),
                limits::FILE_BYTES
            ),
            format!(
                "ファイルは {} バイトです。テンプレートは最大 {} バイトです (CloudFormation の上限は、S3 オブジェクトのテンプレートで 1 MB、リクエスト本文で 51,200 バイトです)",
                text.len(),
                limits::FILE_BYTES
            ),
        ));
    }
    let mut b = Builder {
        file,
        stack: Vec::new(),
        anchors: Vec::new(),
        nodes: 0,
        bytes: 0,
        root: None,
        documents: 0,
        duplicates: Vec::new(),
    };
    for item in Parser::new_from_str(text) {
        match item {
            Ok((event, span)) => b.event(event, &span)?,
            Err(e) => {
                let m = e.marker();
                let at = Mark {
                    file,
                    line: m.line() as u32,
                    col: m.col() as u32 + 1,
                };
                return Err(syntax(
                    at,
                    format!("the template is not valid YAML or JSON: {}", e.info()),
                    format!(
                        "テンプレートが YAML または JSON として正しくありません: {}",
                        e.info()
                    ),
                ));
            }
        }
    }
    let root = b.root.ok_or_else(|| {
        syntax(
            start,
            "the file is empty: a template is a mapping with Resources",
            "ファイルが空です。テンプレートは Resources を含むマッピングです",
        )
    })?;
    Ok((root, b.duplicates))
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: &Span) -> Result<(), Fail> {
        let at = mark(self.file, span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(syntax(
                        at,
                        "a template is one YAML document; this file has a second one",
                        "テンプレートは 1 つの YAML ドキュメントです。このファイルには 2 つ目のドキュメントがあります",
                    ));
                }
                Ok(())
            }
            Event::Scalar(value, style, anchor, tag) => {
                let node = scalar(at, &value, style, tag.as_deref())?;
                self.count(at, 1, value.len())?;
                self.finish(node, anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(at)?;
                self.stack.push(Frame::Seq {
                    mark: at,
                    anchor,
                    tag: tag.map(|t| tag_name(&t)),
                    items: Vec::new(),
                });
                Ok(())
            }
            Event::MappingStart(anchor, tag) => {
                self.open(at)?;
                self.stack.push(Frame::Map {
                    mark: at,
                    anchor,
                    tag: tag.map(|t| tag_name(&t)),
                    entries: Vec::new(),
                    key: None,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(id) => {
                let Some((_, node, (n, bytes))) = self.anchors.iter().find(|a| a.0 == id) else {
                    return Err(syntax(at, "unknown alias", "不明なエイリアスです"));
                };
                let (node, n, bytes) = (node.clone(), *n, *bytes);
                self.count(at, n, bytes)?;
                let mut node = node;
                node.mark = at;
                self.finish(node, 0)
            }
            _ => Ok(()),
        }
    }

    fn open(&mut self, at: Mark) -> Result<(), Fail> {
        if self.stack.len() >= limits::DEPTH {
            return Err(syntax(
                at,
                format!("nested more than {} levels deep", limits::DEPTH),
                format!("入れ子が {} 段を超えています", limits::DEPTH),
            ));
        }
        self.count(at, 1, 0)
    }

    /// Counts nodes and bytes read (aliases count what they copy).
    fn count(&mut self, at: Mark, n: usize, bytes: usize) -> Result<(), Fail> {
        self.nodes = self.nodes.saturating_add(n);
        self.bytes = self.bytes.saturating_add(bytes);
        if self.nodes > limits::NODES || self.bytes > limits::EXPANDED_BYTES {
            return Err(syntax(
                at,
                format!(
                    "the template expands to more than {} values or {} bytes (anchors and aliases included)",
                    limits::NODES,
                    limits::EXPANDED_BYTES
                ),
                format!(
                    "テンプレートを展開すると {} 個または {} バイトを超えます (アンカーとエイリアスを含みます)",
                    limits::NODES,
                    limits::EXPANDED_BYTES
                ),
            ));
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), Fail> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (node, anchor, tag) = match frame {
            Frame::Seq {
                mark,
                anchor,
                tag,
                items,
            } => (Node::new(mark, V::Seq(items)), anchor, tag),
            Frame::Map {
                mark,
                anchor,
                tag,
                entries,
                ..
            } => (Node::new(mark, V::Map(entries)), anchor, tag),
        };
        let node = match tag {
            Some(t) => apply_tag(node, &t)?,
            None => node,
        };
        self.finish(node, anchor)
    }

    /// Adds a finished node to its parent (or makes it the document).
    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), Fail> {
        if anchor != 0 {
            // Keeping the anchored copy costs what it holds, so nested anchors stay bounded.
            let size = node.size();
            self.count(node.mark, size.0, size.1)?;
            self.anchors.retain(|a| a.0 != anchor);
            self.anchors.push((anchor, node.clone(), size));
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    let k = key_text(&node)?;
                    *key = Some((k, node.mark));
                    Ok(())
                }
                Some((k, kmark)) => {
                    if let Some(i) = entries.iter().position(|e| e.key == k) {
                        let first = entries.remove(i);
                        let path = path_of(&self.stack[..self.stack.len() - 1], &k);
                        self.duplicates.push(duplicate(&k, first.mark, kmark, path));
                        let Some(Frame::Map { entries, .. }) = self.stack.last_mut() else {
                            unreachable!("the frame matched above");
                        };
                        entries.push(Entry {
                            key: k,
                            mark: kmark,
                            value: node,
                        });
                        return Ok(());
                    }
                    entries.push(Entry {
                        key: k,
                        mark: kmark,
                        value: node,
                    });
                    Ok(())
                }
            },
        }
    }
}

fn key_text(node: &Node) -> Result<String, Fail> {
    match (&node.v, node.scalar_text()) {
        (V::Null, _) => Ok(String::new()),
        (_, Some(s)) => Ok(s),
        _ => Err(syntax(
            node.mark,
            "a mapping key must be a plain value (a string), not a list, a mapping or a function",
            "マッピングのキーは単純な値 (文字列) にしてください。リスト、マッピング、関数は使用できません",
        )),
    }
}

/// The template path of `key` inside the frames `outer` (each map's key being read, each
/// sequence's next index).
fn path_of(outer: &[Frame], key: &str) -> String {
    let mut path = String::new();
    for f in outer {
        match f {
            Frame::Map {
                key: Some((k, _)), ..
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Seq { items, .. } => path.push_str(&format!("[{}]", items.len())),
            Frame::Map { .. } => {}
        }
    }
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    path
}

fn duplicate(key: &str, first: Mark, second: Mark, path: String) -> RawNotice {
    RawNotice::new(
        NoticeKind::Ignored,
        Fail::new(
            first,
            path,
            format!("{key:?} is written twice in this mapping (here and at line {}): CloudFormation uses the last value, so this one is ignored", second.line),
            format!("{key:?} がこのマッピングに 2 回書かれています (ここと {} 行目)。CloudFormation は最後の値を使用するため、この値は無視されます", second.line),
        ),
    )
}

fn tag_name(t: &Tag) -> String {
    if t.handle == "tag:yaml.org,2002:" {
        format!("!!{}", t.suffix)
    } else {
        format!("{}{}", t.handle, t.suffix)
    }
}

/// Turns a short-form tag into the long form, or applies a standard `!!` tag.
fn apply_tag(node: Node, tag: &str) -> Result<Node, Fail> {
    if let Some(name) = tag.strip_prefix("!!") {
        return standard_tag(node, name);
    }
    let short = tag.strip_prefix('!').unwrap_or(tag);
    if short.is_empty() {
        return Ok(node);
    }
    match SHORT_FORMS.iter().find(|(s, _)| *s == short) {
        Some((_, long)) => {
            let at = node.mark;
            Ok(Node::new(
                at,
                V::Map(vec![Entry {
                    key: (*long).to_string(),
                    mark: at,
                    value: node,
                }]),
            ))
        }
        None => Err(syntax(
            node.mark,
            format!("unknown tag {tag}: CloudFormation's short forms are !Ref, !Sub, !GetAtt, !Join, !Select, !Split, !If, !Equals, !Not, !And, !Or, !FindInMap, !ImportValue, !Base64, !GetAZs, !Cidr, !Condition"),
            format!("不明なタグ {tag} です。CloudFormation の短縮形は !Ref、!Sub、!GetAtt、!Join、!Select、!Split、!If、!Equals、!Not、!And、!Or、!FindInMap、!ImportValue、!Base64、!GetAZs、!Cidr、!Condition です"),
        )),
    }
}

fn standard_tag(node: Node, name: &str) -> Result<Node, Fail> {
    let at = node.mark;
    let text = node.scalar_text();
    let v = match (name, &node.v, text) {
        ("str", _, Some(s)) => V::Str(s),
        ("str", V::Null, _) => V::Str(String::new()),
        ("map", V::Map(_), _) | ("seq", V::Seq(_), _) => return Ok(node),
        ("null", V::Null, _) => V::Null,
        (_, _, Some(s)) => match (name, core(&s)) {
            ("int", v @ V::Int(_)) | ("float", v @ V::Float(_)) | ("bool", v @ V::Bool(_)) => v,
            ("float", V::Int(i)) => V::Float(i as f64),
            _ => {
                return Err(syntax(
                    at,
                    format!("{s:?} is not a valid !!{name}"),
                    format!("{s:?} は有効な !!{name} ではありません"),
                ))
            }
        },
        _ => {
            return Err(syntax(
                at,
                format!("the tag !!{name} does not fit this value"),
                format!("タグ !!{name} はこの値に使用できません"),
            ))
        }
    };
    Ok(Node::new(at, v))
}

fn scalar(at: Mark, value: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Node, Fail> {
    let node = if style == ScalarStyle::Plain {
        Node::new(at, core(value))
    } else {
        Node::str(at, value)
    };
    match tag {
        Some(t) => apply_tag(node, &tag_name(t)),
        None => Ok(node),
    }
}

/// The YAML 1.2 core schema for a plain scalar.
pub fn core(s: &str) -> V {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return V::Null,
        "true" | "True" | "TRUE" => return V::Bool(true),
        "false" | "False" | "FALSE" => return V::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return V::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return V::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return V::Float(f64::NAN),
        _ => {}
    }
    let digits = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    if let Some(h) = s.strip_prefix("0x") {
        if digits(h, 16) {
            if let Ok(i) = i64::from_str_radix(h, 16) {
                return V::Int(i);
            }
        }
        return V::Str(s.into());
    }
    if let Some(o) = s.strip_prefix("0o") {
        if digits(o, 8) {
            if let Ok(i) = i64::from_str_radix(o, 8) {
                return V::Int(i);
            }
        }
        return V::Str(s.into());
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits(unsigned, 10) {
        return match s.parse::<i64>() {
            Ok(i) => V::Int(i),
            Err(_) => s.parse::<f64>().map(V::Float).unwrap_or(V::Str(s.into())),
        };
    }
    if is_float(unsigned) {
        if let Ok(f) = s.parse::<f64>() {
            return V::Float(f);
        }
    }
    V::Str(s.into())
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (the core schema's float, unsigned).
fn is_float(s: &str) -> bool {
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => digits(a) && digits(b) && !(a.is_empty() && b.is_empty()),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exp_ok = match exp {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    };
    mantissa_ok && exp_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_as_cloudformation_reads_it() {
        assert_eq!(core("2012-10-17"), V::Str("2012-10-17".into()));
        assert_eq!(core("2010-09-09"), V::Str("2010-09-09".into()));
        assert_eq!(core("yes"), V::Str("yes".into()));
        assert_eq!(core("10"), V::Int(10));
        assert_eq!(core("-3"), V::Int(-3));
        assert_eq!(core("0o17"), V::Int(15));
        assert_eq!(core("0x1F"), V::Int(31));
        assert_eq!(core("1.5e3"), V::Float(1500.0));
        assert_eq!(core("True"), V::Bool(true));
        assert_eq!(core("~"), V::Null);
        assert_eq!(core("1.2.3"), V::Str("1.2.3".into()));
        assert_eq!(core("e5"), V::Str("e5".into()));
    }

    #[test]
    fn short_forms_become_long_forms_with_positions() {
        let n = parse(0, "A: !Ref B\nC:\n  - !GetAtt D.Arn\n").unwrap();
        let a = n.get("A").unwrap();
        assert_eq!(
            a.intrinsic().map(|(k, v)| (k, v.as_str())),
            Some(("Ref", Some("B")))
        );
        assert_eq!((a.mark.line, a.mark.col), (1, 4));
        let c = n.get("C").unwrap();
        let V::Seq(items) = &c.v else { panic!() };
        assert_eq!(items[0].intrinsic().map(|(k, _)| k), Some("Fn::GetAtt"));
        assert_eq!((items[0].mark.line, items[0].mark.col), (3, 5));
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_and_unknown_tags_are_located() {
        let (n, notes) = parse_noting(0, "R:\n  - X: {A: 1, B: 0, A: 2}\n").unwrap();
        let x = n.get("R").unwrap();
        let V::Seq(items) = &x.v else { panic!() };
        let m = items[0].get("X").unwrap();
        assert_eq!(m.get("A").and_then(Node::scalar_text).as_deref(), Some("2"));
        assert_eq!(m.entries().unwrap().len(), 2);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].at.path, "R[0].X.A");
        assert_eq!((notes[0].at.mark.line, notes[0].at.mark.col), (2, 9));
        let e = parse(0, "A: !Reff B\n").unwrap_err();
        assert!(e.text.en().contains("unknown tag !Reff"), "{}", e.text.en());
    }

    #[test]
    fn billion_laughs_stops() {
        let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            doc.push_str(&format!(
                "{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let e = parse(0, &doc).unwrap_err();
        assert!(e.text.en().contains("expands to more than"));
    }
}
