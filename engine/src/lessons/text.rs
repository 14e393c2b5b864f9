//! Text in both course languages, side by side: `{"en": "…", "ja": "…"}`.

pub use crate::text::Text;

/// The languages every lesson and question must provide.
pub const LANGUAGES: [&str; 2] = ["en", "ja"];

/// One piece of inline text: plain, or `code` (written between backquotes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Plain text.
    Plain(String),
    /// Text written between backquotes.
    Code(String),
}

/// Splits a paragraph into plain and `code` spans. An unmatched backquote stays literal.
pub fn spans(paragraph: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut rest = paragraph;
    while let Some(start) = rest.find('`') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('`') else {
            break;
        };
        if start > 0 {
            out.push(Span::Plain(rest[..start].to_string()));
        }
        out.push(Span::Code(after[..end].to_string()));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        out.push(Span::Plain(rest.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_fallback_and_spans() {
        let t = Text::new("a `b` c", "");
        assert_eq!(t.get("ja"), "a `b` c");
        assert_eq!(t.missing(), vec!["ja"]);
        assert_eq!(
            spans("a `b` c `d"),
            vec![
                Span::Plain("a ".into()),
                Span::Code("b".into()),
                Span::Plain(" c `d".into())
            ]
        );
    }
}
