//! Text in both course languages, side by side: `{"en": "…", "ja": "…"}`.

use serde::{Deserialize, Serialize};

/// The languages every lesson and question must provide.
pub const LANGUAGES: [&str; 2] = ["en", "ja"];

/// A text in English and Japanese.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English.
    #[serde(default)]
    pub en: String,
    /// Japanese.
    #[serde(default)]
    pub ja: String,
}

impl Text {
    /// A text with both languages.
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Text {
            en: en.into(),
            ja: ja.into(),
        }
    }

    /// The text for a language code (`en`, `ja`); English for any other code, and English
    /// when the Japanese text is missing.
    pub fn get(&self, lang: &str) -> &str {
        if lang == "ja" && !self.ja.trim().is_empty() {
            &self.ja
        } else {
            &self.en
        }
    }

    /// The language codes whose text is empty.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.en.trim().is_empty() {
            out.push("en");
        }
        if self.ja.trim().is_empty() {
            out.push("ja");
        }
        out
    }

    /// Paragraphs (separated by blank lines) in one language.
    pub fn paragraphs(&self, lang: &str) -> Vec<String> {
        self.get(lang)
            .split("\n\n")
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    }
}

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
