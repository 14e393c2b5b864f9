//! Text in both UI languages, side by side: the one bilingual type of the project. It holds
//! the course files' texts (`{"en": "…", "ja": "…"}`), the engine's explanations and error
//! messages, the modelled notes, and the web app's string catalogues ([`catalogue!`]).
//! Fixed texts are `'static` pairs built at compile time ([`Text::lit`]); texts made at run
//! time own their strings ([`Text::new`]). The Japanese follows AWS's Japanese
//! documentation; API names, error codes, ARNs and policy JSON keys stay in English inside
//! Japanese sentences.

use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt::Display;

/// A text in English and Japanese. Serialized as `{"en": "…", "ja": "…"}` (a missing
/// language reads as empty); unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    en: Cow<'static, str>,
    #[serde(default)]
    ja: Cow<'static, str>,
}

impl Text {
    /// A fixed text in both languages, usable in `const` and `static` items (no
    /// allocation). Both languages must be non-empty: in a constant, an empty one is a
    /// compile error.
    pub const fn lit(en: &'static str, ja: &'static str) -> Self {
        let (en, ja) = both(en, ja);
        Text {
            en: Cow::Borrowed(en),
            ja: Cow::Borrowed(ja),
        }
    }

    /// A text made at run time, in both languages. Literals are kept, not copied.
    // Not inlined: the Wasm build calls it from hundreds of places, and a call is smaller.
    #[inline(never)]
    pub fn new(en: impl Into<Cow<'static, str>>, ja: impl Into<Cow<'static, str>>) -> Self {
        Text {
            en: en.into(),
            ja: ja.into(),
        }
    }

    /// A text with English only (the CLI's own input errors); [`Text::get`] falls back to
    /// the English in every language.
    pub fn en_only(en: impl Into<Cow<'static, str>>) -> Self {
        Text {
            en: en.into(),
            ja: Cow::Borrowed(""),
        }
    }

    /// The English.
    pub fn en(&self) -> &str {
        &self.en
    }

    /// The Japanese as written (empty when there is none; see [`Text::get`]).
    pub fn ja(&self) -> &str {
        &self.ja
    }

    /// The English, owned.
    pub fn into_en(self) -> String {
        self.en.into_owned()
    }

    /// The text for a language code (`en`, `ja`): the Japanese for `ja` unless it is empty,
    /// else the English; English for any other code. The one rule every bilingual text
    /// follows.
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

    /// Whether the Japanese text contains Japanese characters (kana or kanji).
    pub fn ja_is_japanese(&self) -> bool {
        self.ja.chars().any(is_japanese)
    }

    /// Both languages rewritten by `f` (given the text and its language code).
    pub fn map(&self, f: impl Fn(&str, &str) -> String) -> Text {
        Text::new(f(&self.en, "en"), f(self.get("ja"), "ja"))
    }

    /// The text placed at a JSON path: `path: …` in both languages.
    pub fn at_path(&self, path: &str) -> Text {
        self.map(|m, _| format!("{path}: {m}"))
    }

    /// The text placed at a 1-based line and column of a document, with the JSON path when
    /// there is one: `line 3, column 7 (Statement[1]): …`, `3 行 7 列 (Statement[1]): …`.
    pub fn at_position(&self, line: usize, column: usize, path: &str) -> Text {
        let path = if path.is_empty() {
            String::new()
        } else {
            format!(" ({path})")
        };
        Text::new(
            format!("line {line}, column {column}{path}: {}", self.en),
            format!("{line} 行 {column} 列{path}: {}", self.get("ja")),
        )
    }

    /// Joins texts with a separator per language.
    pub fn join(texts: &[Text], en_sep: &str, ja_sep: &str) -> Text {
        Text::new(
            texts.iter().map(Text::en).collect::<Vec<_>>().join(en_sep),
            texts.iter().map(Text::ja).collect::<Vec<_>>().join(ja_sep),
        )
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

/// Serializes a [`Text`] as its English string: for the errors whose JSON (the CLI's
/// output) has always carried the English message only. Use with
/// `#[serde(serialize_with = "crate::text::serialize_en")]`.
pub fn serialize_en<S: Serializer>(text: &Text, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(text.en())
}

/// Replaces `{0}`, `{1}`, … in `template` with `args`; unknown placeholders stay as written.
/// `{0:one|many}` is the English noun for a count: `one` when argument 0 reads `1`, else
/// `many` (`"{0} {0:object|objects}"` gives `1 object`, `2 objects`). Counts are passed
/// through [`grouped`] first, so every number the UI shows is written one way.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let (index, forms) = match after[..close].split_once(':') {
                Some((i, forms)) => (i, Some(forms.split_once('|')?)),
                None => (&after[..close], None),
            };
            let arg = args.get(placeholder(index)?)?.to_string();
            let text = match forms {
                Some((one, _)) if arg == "1" => one.to_string(),
                Some((_, many)) => many.to_string(),
                None => arg,
            };
            Some((text, close))
        });
        match arg {
            Some((text, close)) => {
                out.push_str(&text);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A whole number as the UI and the course write it: digits grouped by three with commas
/// (`100,000`; AWS's Japanese documentation groups the same way: `100,000 件`).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The placeholder indices a template uses (`{0}` and `{0:one|many}` both use 0), sorted
/// and without repeats: a catalogue's two languages must use the same ones.
pub fn placeholders(template: &str) -> Vec<usize> {
    let mut out: Vec<usize> = template
        .split('{')
        .skip(1)
        .filter_map(|part| {
            let inner = &part[..part.find('}')?];
            placeholder(inner.split_once(':').map_or(inner, |(i, _)| i))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The index a placeholder names: one or two decimal digits.
fn placeholder(digits: &str) -> Option<usize> {
    let ok = (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| {
        digits
            .bytes()
            .fold(0, |n, b| n * 10 + usize::from(b - b'0'))
    })
}

/// A key of a string catalogue declared with [`catalogue!`]: its text in both languages.
pub trait Catalogue: Copy {
    /// The key's English and Japanese, as written in the catalogue.
    fn pair(self) -> (&'static str, &'static str);

    /// The key's text (no allocation).
    fn text(self) -> Text {
        let (en, ja) = self.pair();
        Text {
            en: Cow::Borrowed(en),
            ja: Cow::Borrowed(ja),
        }
    }
}

/// `(en, ja)`, refusing an empty language: evaluated at compile time in [`Text::lit`]
/// constants and for every [`catalogue!`] key, where a panic is a compile error.
#[doc(hidden)]
pub const fn both(en: &'static str, ja: &'static str) -> (&'static str, &'static str) {
    assert!(!en.is_empty(), "a text needs its English");
    assert!(!ja.is_empty(), "a text needs its Japanese");
    (en, ja)
}

/// Declares a string catalogue: an enum of keys and, for each, its English and Japanese
/// as `'static` strings (read with [`Catalogue::text`], or [`Catalogue::pair`]). Every key must be given both languages, non-empty; anything less
/// does not compile:
///
/// ```
/// envelope_lab::catalogue! {
///     /// Buttons.
///     pub enum Button {
///         Save => "Save", "保存";
///         Cancel => "Cancel", "キャンセル";
///     }
/// }
/// use envelope_lab::text::Catalogue;
/// assert_eq!(Button::Cancel.text().get("ja"), "キャンセル");
/// assert_eq!(Button::ALL.len(), 2);
/// ```
///
/// A key without its Japanese:
///
/// ```compile_fail
/// envelope_lab::catalogue! {
///     pub enum Button {
///         Save => "Save";
///     }
/// }
/// ```
///
/// A key whose Japanese is empty (the table is built at compile time):
///
/// ```compile_fail
/// envelope_lab::catalogue! {
///     pub enum Button {
///         Save => "Save", "";
///     }
/// }
/// ```
#[macro_export]
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$key_meta:meta])* $key:ident => $en:expr, $ja:expr; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name { $( $(#[$key_meta])* $key, )* }

        impl $name {
            /// Every key, in declaration order.
            #[allow(dead_code)]
            pub const ALL: &'static [$name] = &[$($name::$key,)*];
        }

        // Every key has both languages, non-empty (checked at compile time).
        const _: () = { $( $crate::text::both($en, $ja); )* };

        impl $crate::text::Catalogue for $name {
            fn pair(self) -> (&'static str, &'static str) {
                match self { $( $name::$key => ($en, $ja), )* }
            }
        }
    };
}

/// Reads input bytes as UTF-8 text (every command's file or stdin, a dropped file). Invalid
/// input is refused with where: the byte offset of the first bad byte (0-based, what `cmp`
/// and hex editors show), and its line and column.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, Text> {
    let e = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(s),
        Err(e) => e,
    };
    let at = e.valid_up_to();
    let good = bytes.get(..at).unwrap_or_default();
    let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // The prefix is valid UTF-8, so its characters can be counted.
    let column = 1 + std::str::from_utf8(good.get(line_start..).unwrap_or_default())
        .map_or(0, |s| s.chars().count());
    let byte = bytes.get(at).copied().unwrap_or_default();
    Err(Text::new(
        format!(
            "not UTF-8 text: byte 0x{byte:02X} at byte offset {at} (line {line}, column {column}) does not start a valid UTF-8 character"
        ),
        format!(
            "UTF-8 のテキストではありません: バイトオフセット {at} ({line} 行 {column} 列) のバイト 0x{byte:02X} は有効な UTF-8 文字ではありません"
        ),
    ))
}

/// AWS's edition of one of its pages in a language: for `ja`, `/ja_jp/` on
/// docs.aws.amazon.com, `/jp/` on aws.amazon.com, `/ja/` on repost.aws (as AWS's own
/// language switchers address them); any other page or language, the page itself. The one
/// place both the course's sources and the engine's citations get their Japanese address.
pub fn aws_page_in(url: &str, lang: &str) -> String {
    if lang != "ja" {
        return url.to_string();
    }
    for (host, prefix) in [
        ("https://docs.aws.amazon.com/", "ja_jp/"),
        ("https://aws.amazon.com/", "jp/"),
        ("https://repost.aws/", "ja/"),
    ] {
        if let Some(rest) = url.strip_prefix(host) {
            if !rest.starts_with(prefix) {
                return format!("{host}{prefix}{rest}");
            }
        }
    }
    url.to_string()
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
        let j = Text::join(&[Text::new("a", "あ"), Text::lit("b", "い")], "; ", "。");
        assert_eq!(j, Text::new("a; b", "あ。い"));
    }

    #[test]
    fn static_and_owned_texts_are_equal_and_serialize_alike() {
        const STATIC: Text = Text::lit("Key", "キー");
        let owned = Text::new("Key", "キー");
        assert_eq!(STATIC, owned);
        let json = serde_json::to_string(&STATIC).unwrap_or_default();
        assert_eq!(json, r#"{"en":"Key","ja":"キー"}"#);
        assert_eq!(serde_json::to_string(&owned).unwrap_or_default(), json);
        let read: Text = serde_json::from_str(r#"{"en":"Key"}"#).unwrap_or_default();
        assert_eq!((read.en(), read.ja(), read.get("ja")), ("Key", "", "Key"));
        assert!(serde_json::from_str::<Text>(r#"{"en":"a","fr":"b"}"#).is_err());
    }

    #[test]
    fn invalid_utf8_is_located_by_byte_offset() {
        assert_eq!(decode_utf8("é ok".as_bytes()), Ok("é ok"));
        let e = decode_utf8(b"{\n  \"a\": \"\xc3\xa9\xff\"}").unwrap_err();
        assert!(
            e.en()
                .contains("byte 0xFF at byte offset 12 (line 2, column 10)"),
            "{}",
            e.en()
        );
        assert!(
            e.ja().contains("バイトオフセット 12 (2 行 10 列)"),
            "{}",
            e.ja()
        );
        let cut = decode_utf8(b"ab\xe3\x81").unwrap_err();
        assert!(cut
            .en()
            .contains("byte 0xE3 at byte offset 2 (line 1, column 3)"));
    }

    #[test]
    fn english_only_falls_back() {
        let t = Text::en_only("bad input");
        assert_eq!(t.get("ja"), "bad input");
        assert_eq!(t.missing(), vec!["ja"]);
    }

    #[test]
    fn fill_and_map() {
        assert_eq!(fill("Step {0} of {1}", &[&3, &"10"]), "Step 3 of 10");
        assert_eq!(fill("{x} {9} {", &[]), "{x} {9} {");
        assert_eq!(
            fill("{1}/{0} {10} {} {+1}", &[&"a", &"b"]),
            "b/a {10} {} {+1}"
        );
        assert_eq!(
            Text::en_only("oops").at_path("p"),
            Text::new("p: oops", "p: oops")
        );
        let why = Text::lit("bad", "不正です");
        assert_eq!(why.at_path("a.b"), Text::new("a.b: bad", "a.b: 不正です"));
        assert_eq!(
            why.at_position(3, 7, "a"),
            Text::new("line 3, column 7 (a): bad", "3 行 7 列 (a): 不正です")
        );
        assert_eq!(why.at_position(1, 2, "").en(), "line 1, column 2: bad");
    }

    #[test]
    fn counts_are_grouped_and_take_the_right_noun() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(100_000), "100,000");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
        let t = "{0} {0:object|objects} in {1}";
        assert_eq!(fill(t, &[&grouped(1), &"b"]), "1 object in b");
        assert_eq!(fill(t, &[&grouped(0), &"b"]), "0 objects in b");
        assert_eq!(fill(t, &[&grouped(100_000), &"b"]), "100,000 objects in b");
        // A malformed plural stays as written.
        assert_eq!(fill("{0:one} {0:a|b", &[&1]), "{0:one} {0:a|b");
        assert_eq!(placeholders("{1} {0:a|b} {0} {x}"), vec![0, 1]);
        assert_eq!(placeholders("オブジェクト {0} 個"), vec![0]);
    }
}
