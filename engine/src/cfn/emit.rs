//! Writes a YAML template: block mappings and sequences, short-form tags (`!Ref`, `!GetAtt`,
//! `!Sub`), literal blocks for code, and scalars quoted whenever a YAML 1.1 or 1.2 reader
//! (CloudFormation, cfn-lint's PyYAML, this importer) could read them as anything but the
//! string they are.

/// A value of the template being written.
#[derive(Debug, Clone, PartialEq)]
pub enum Y {
    /// A string.
    Str(String),
    /// A number, written as is.
    Num(String),
    /// A boolean.
    Bool(bool),
    /// `null`.
    Null,
    /// A sequence.
    Seq(Vec<Y>),
    /// A mapping in order.
    Map(Vec<(String, Y)>),
    /// `!Tag value` (the short form of an intrinsic function).
    Tag(&'static str, Box<Y>),
    /// A multi-line string written as a literal block (`|`).
    Block(String),
}

impl Y {
    /// A string.
    pub fn s(v: impl Into<String>) -> Y {
        Y::Str(v.into())
    }

    /// `!Ref name`.
    pub fn reference(name: &str) -> Y {
        Y::Tag("!Ref", Box::new(Y::s(name)))
    }

    /// `!GetAtt resource.attribute`.
    pub fn get_att(resource: &str, attr: &str) -> Y {
        Y::Tag("!GetAtt", Box::new(Y::s(format!("{resource}.{attr}"))))
    }

    /// A mapping from pairs.
    pub fn map(pairs: Vec<(&str, Y)>) -> Y {
        Y::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    fn inline(&self) -> Option<String> {
        match self {
            Y::Str(s) => Some(scalar(s)),
            Y::Num(n) => Some(n.clone()),
            Y::Bool(b) => Some(b.to_string()),
            Y::Null => Some("null".into()),
            Y::Seq(v) if v.is_empty() => Some("[]".into()),
            Y::Map(v) if v.is_empty() => Some("{}".into()),
            Y::Tag(t, v) => v.inline().map(|x| format!("{t} {x}")),
            _ => None,
        }
    }
}

/// The YAML text of a document.
pub fn to_yaml(doc: &Y) -> String {
    let mut out = String::new();
    match doc {
        Y::Map(entries) => map(&mut out, entries, 0),
        other => {
            out.push_str(&other.inline().unwrap_or_default());
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// After `key:` or `- `: the rest of the value, starting on the same line.
fn value(out: &mut String, v: &Y, indent: usize) {
    if let Some(s) = v.inline() {
        out.push(' ');
        out.push_str(&s);
        out.push('\n');
        return;
    }
    match v {
        Y::Map(entries) => {
            out.push('\n');
            map(out, entries, indent + 2);
        }
        Y::Seq(items) => {
            out.push('\n');
            seq(out, items, indent + 2);
        }
        Y::Block(text) => block(out, text, indent + 2),
        Y::Tag(t, inner) => {
            out.push(' ');
            out.push_str(t);
            value(out, inner, indent);
        }
        _ => out.push('\n'),
    }
}

fn map(out: &mut String, entries: &[(String, Y)], indent: usize) {
    for (k, v) in entries {
        pad(out, indent);
        out.push_str(&key(k));
        out.push(':');
        value(out, v, indent);
    }
}

fn seq(out: &mut String, items: &[Y], indent: usize) {
    for item in items {
        pad(out, indent);
        out.push('-');
        match item {
            Y::Map(entries) if !entries.is_empty() => {
                // `- Key: value` with the following keys under the first.
                let mut first = String::new();
                map(&mut first, entries, indent + 2);
                out.push(' ');
                out.push_str(first.trim_start());
            }
            Y::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                seq(out, inner, indent + 2);
            }
            other => value(out, other, indent),
        }
    }
}

fn block(out: &mut String, text: &str, indent: usize) {
    let body = text.trim_end_matches('\n');
    out.push_str(" |\n");
    for line in body.lines() {
        if !line.is_empty() {
            pad(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !needs_quotes(k)
    {
        k.to_string()
    } else {
        quoted(k)
    }
}

/// A string scalar: plain when every reader agrees it is this string, else double-quoted.
pub fn scalar(s: &str) -> String {
    let plain_chars = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./:@+=,*".contains(c));
    let starts_ok = s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
    if !s.is_empty()
        && plain_chars
        && starts_ok
        && !s.ends_with(':')
        && !s.contains("::")
        && !needs_quotes(s)
    {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// Words a YAML 1.1 reader takes for booleans or null, and anything the 1.2 core schema
/// does not read as a string.
fn needs_quotes(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
    ) || !matches!(super::yaml::core(s), super::yaml::V::Str(_))
        || s.starts_with(|c: char| c.is_ascii_digit())
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::yaml::parse;

    #[test]
    fn written_yaml_reads_back() {
        let doc = Y::map(vec![
            ("Version", Y::s("2012-10-17")),
            ("A", Y::reference("B")),
            (
                "List",
                Y::Seq(vec![
                    Y::map(vec![("K", Y::s("yes")), ("L", Y::Num("3".into()))]),
                    Y::s("x: y"),
                ]),
            ),
            (
                "kms:ViaService",
                Y::Tag(
                    "!Sub",
                    Box::new(Y::s("kinesis.${AWS::Region}.amazonaws.com")),
                ),
            ),
            (
                "Code",
                Y::Block("import os\n\ndef f():\n    return 1\n".into()),
            ),
            ("Empty", Y::Map(vec![])),
        ]);
        let text = to_yaml(&doc);
        let n = parse(0, &text).unwrap_or_else(|e| panic!("{text}\n{e:?}"));
        assert_eq!(
            n.get("Version").and_then(|v| v.as_str()),
            Some("2012-10-17")
        );
        assert_eq!(
            n.get("Code").and_then(|v| v.as_str()),
            Some("import os\n\ndef f():\n    return 1\n")
        );
        assert!(text.contains("Version: \"2012-10-17\""), "{text}");
        assert!(text.contains("- K: \"yes\"\n    L: 3\n"), "{text}");
        assert!(
            text.contains("\"kms:ViaService\": !Sub kinesis.${AWS::Region}.amazonaws.com")
                || text.contains("\"kms:ViaService\": !Sub \"kinesis"),
            "{text}"
        );
    }
}
