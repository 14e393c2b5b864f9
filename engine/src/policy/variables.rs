//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, any context key,
//! defaults `${key, 'default'}` and the escapes `${*}`, `${?}`, `${$}`.
//!
//! Variables are recognised only in `2012-10-17` policies, in `Resource`/`NotResource` and in
//! the values of String and ARN condition operators. A variable whose key is missing (and
//! has no default) or is multi-valued makes that value match nothing, as in IAM.
//! Text coming from a variable or an escape is literal: a `*` in a user name is not a
//! wildcard.

use super::context::RequestView;
use super::wildcard::{literal_pieces, pattern_pieces, Glob};

/// A value split into text and variables.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Template {
    pub parts: Vec<Part>,
}

/// One piece of a [`Template`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Policy text (wildcards significant where the operator allows them).
    Text(String),
    /// Literal text from an escape such as `${*}`.
    Literal(String),
    /// A variable reference.
    Var {
        /// As written, e.g. `aws:PrincipalTag/team`.
        key: String,
        key_lower: String,
        default: Option<String>,
    },
}

impl Template {
    /// A template of plain text (variables disabled).
    pub fn plain(text: &str) -> Self {
        Template {
            parts: vec![Part::Text(text.to_string())],
        }
    }

    /// Splits `text` into parts. With `enabled == false` (old policy versions) the whole text
    /// is plain. A `${` without a closing `}` is kept as text.
    pub fn parse(text: &str, enabled: bool) -> Self {
        if !enabled || !text.contains("${") {
            return Template::plain(text);
        }
        let mut parts = Vec::new();
        let mut buf = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let (before, after_open) = rest.split_at(start);
            buf.push_str(before);
            let inner_and_more = after_open.get(2..).unwrap_or_default();
            let Some(end) = inner_and_more.find('}') else {
                buf.push_str(after_open);
                rest = "";
                break;
            };
            let inner = inner_and_more.get(..end).unwrap_or_default();
            rest = inner_and_more.get(end + 1..).unwrap_or_default();
            match inner {
                "*" | "?" | "$" => {
                    if !buf.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut buf)));
                    }
                    parts.push(Part::Literal(inner.to_string()));
                }
                _ => {
                    let (key, default) = split_default(inner);
                    if key.is_empty() {
                        buf.push_str("${");
                        buf.push_str(inner);
                        buf.push('}');
                        continue;
                    }
                    if !buf.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut buf)));
                    }
                    parts.push(Part::Var {
                        key: key.to_string(),
                        key_lower: key.to_ascii_lowercase(),
                        default,
                    });
                }
            }
        }
        buf.push_str(rest);
        if !buf.is_empty() || parts.is_empty() {
            parts.push(Part::Text(buf));
        }
        Template { parts }
    }

    /// True when any part is a variable or an escape (the value must be resolved per request).
    pub fn is_dynamic(&self) -> bool {
        self.parts.iter().any(|p| !matches!(p, Part::Text(_)))
    }

    /// True when any part is a variable (the value depends on the request). Escapes such as
    /// `${*}` are fixed text, so a template with only escapes is compiled once.
    pub fn has_variables(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Var { .. }))
    }

    /// The variables referenced.
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var { key, .. } => Some(key.as_str()),
            _ => None,
        })
    }

    /// Resolves to a string (wildcard characters in policy text kept as they are).
    /// `None` when a variable cannot be resolved.
    pub fn resolve_string(&self, view: &RequestView<'_>) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) | Part::Literal(t) => out.push_str(t),
                Part::Var {
                    key_lower, default, ..
                } => out.push_str(&resolve_var(view, key_lower, default.as_deref())?),
            }
        }
        Some(out)
    }

    /// The length of [`Template::resolve_string`]'s result, without building it.
    pub fn resolved_len(&self, view: &RequestView<'_>) -> Option<usize> {
        self.parts.iter().try_fold(0usize, |n, p| {
            Some(
                n + match p {
                    Part::Text(t) | Part::Literal(t) => t.len(),
                    Part::Var {
                        key_lower, default, ..
                    } => with_var(view, key_lower, default.as_deref(), str::len)?,
                },
            )
        })
    }

    /// Resolves to a wildcard pattern: policy text keeps `*`/`?` as wildcards, escapes and
    /// variable values are literal. Built in one pass (linear in the pattern's length).
    pub fn resolve_glob(&self, view: &RequestView<'_>) -> Option<Glob> {
        let mut pieces = Vec::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => pieces.extend(pattern_pieces(t)),
                Part::Literal(t) => pieces.extend(literal_pieces(t)),
                Part::Var {
                    key_lower, default, ..
                } => pieces.extend(literal_pieces(&resolve_var(
                    view,
                    key_lower,
                    default.as_deref(),
                )?)),
            }
        }
        Some(Glob::from_pieces(pieces))
    }

    /// The pattern of a template without variables (escapes are literal); a variable, if
    /// any, stands as its literal name.
    pub fn static_glob(&self) -> Glob {
        let mut pieces = Vec::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => pieces.extend(pattern_pieces(t)),
                Part::Literal(t) => pieces.extend(literal_pieces(t)),
                Part::Var { key, .. } => pieces.extend(literal_pieces(key)),
            }
        }
        Glob::from_pieces(pieces)
    }
}

fn split_default(inner: &str) -> (&str, Option<String>) {
    if let Some((k, d)) = inner.split_once(',') {
        let d = d.trim();
        if d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'') {
            let v = d.get(1..d.len() - 1).unwrap_or_default();
            return (k.trim(), Some(v.to_string()));
        }
    }
    (inner.trim(), None)
}

fn resolve_var(view: &RequestView<'_>, key_lower: &str, default: Option<&str>) -> Option<String> {
    with_var(view, key_lower, default, str::to_string)
}

/// Applies `f` to a variable's value: the key's single value, else the default when the key
/// is missing. Multi-valued keys cannot be used as variables.
fn with_var<T>(
    view: &RequestView<'_>,
    key_lower: &str,
    default: Option<&str>,
    f: impl FnOnce(&str) -> T,
) -> Option<T> {
    if view.ctx.get_lower(key_lower).is_some_and(|v| v.is_multi()) {
        return None;
    }
    match view.values(key_lower) {
        Some(v) if v.len() == 1 => v.iter().next().map(f),
        Some(v) if v.len() > 1 => None,
        _ => default.map(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_parts() {
        let t = Template::parse("arn:aws:s3:::b/${aws:username}/${*}x", true);
        assert_eq!(t.parts.len(), 5);
        assert!(t.is_dynamic());
        let t = Template::parse("${aws:PrincipalTag/team, 'all'}", true);
        assert_eq!(
            t.parts,
            vec![Part::Var {
                key: "aws:PrincipalTag/team".into(),
                key_lower: "aws:principaltag/team".into(),
                default: Some("all".into())
            }]
        );
        assert!(!Template::parse("${aws:username}", false).is_dynamic());
        assert!(!Template::parse("${unclosed", true).is_dynamic());
    }
}
