//! Text in both UI languages, side by side: `{"en": "…", "ja": "…"}`. Shared by the engine
//! (goal-check details, envelope explanations) and the course files; the UI picks a language.
//! The Japanese follows AWS's Japanese documentation; API names, error codes, ARNs and
//! policy JSON keys stay in English inside Japanese sentences.

use serde::{Deserialize, Serialize};

/// The text for a language code from an English/Japanese pair: the Japanese for `ja`
/// unless it is empty, else the English. The one rule every bilingual message follows
/// (`Text::get`, and the errors that keep their English and Japanese in two fields).
pub fn pick<'a>(en: &'a str, ja: &'a str, lang: &str) -> &'a str {
    if lang == "ja" && !ja.trim().is_empty() {
        ja
    } else {
        en
    }
}

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
        pick(&self.en, &self.ja, lang)
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

    /// Whether the Japanese text contains Japanese characters (kana or kanji).
    pub fn ja_is_japanese(&self) -> bool {
        self.ja.chars().any(is_japanese)
    }

    /// Joins texts with a separator per language.
    pub fn join(texts: &[Text], en_sep: &str, ja_sep: &str) -> Text {
        Text {
            en: texts
                .iter()
                .map(|t| t.en.as_str())
                .collect::<Vec<_>>()
                .join(en_sep),
            ja: texts
                .iter()
                .map(|t| t.ja.as_str())
                .collect::<Vec<_>>()
                .join(ja_sep),
        }
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

/// Hiragana, katakana, CJK ideographs, or the ideographic full stop and comma.
pub fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3002}' | '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_detection_and_join() {
        assert!(Text::new("a", "データキー").ja_is_japanese());
        assert!(!Text::new("a", "KMS").ja_is_japanese());
        let j = Text::join(&[Text::new("a", "あ"), Text::new("b", "い")], "; ", "。");
        assert_eq!(j, Text::new("a; b", "あ。い"));
    }
}
