//! One word per concept in the Japanese texts, as AWS's current Japanese documentation
//! writes it (the project's glossary): `lessons check` reports a variant in a lesson or
//! question, and the test suites run the same table over the UI catalogues, the presets'
//! descriptions and the engine's texts.

/// A variant that must not appear in Japanese text, and the term to write instead.
pub struct Variant {
    /// What must not appear.
    pub avoid: &'static str,
    /// What to write.
    pub write: &'static str,
}

/// The variants the course once mixed with the glossary's terms.
pub const JA_VARIANTS: &[Variant] = &[
    Variant {
        avoid: "平文",
        write: "プレーンテキスト",
    },
    Variant {
        avoid: "鍵",
        write: "キー",
    },
    Variant {
        avoid: "配信先ロール",
        write: "送信先ロール",
    },
    Variant {
        avoid: "宛先ロール",
        write: "送信先ロール",
    },
    Variant {
        avoid: "決定的",
        write: "決定論的",
    },
    Variant {
        avoid: "Deny 文",
        write: "Deny ステートメント",
    },
    Variant {
        avoid: "許可 (グラント)",
        write: "グラント",
    },
    Variant {
        avoid: "・",
        write: "、 (or と)",
    },
    Variant {
        avoid: "·",
        write: "、 (or と)",
    },
    Variant {
        avoid: "件のオブジェクト",
        write: "個のオブジェクト",
    },
];

/// Every variant found in one Japanese text: `"平文" (write "プレーンテキスト")`.
pub fn ja_problems(text: &str) -> Vec<String> {
    JA_VARIANTS
        .iter()
        .filter(|v| text.contains(v.avoid))
        .map(|v| format!("\"{}\" (write \"{}\")", v.avoid, v.write))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_found_and_the_terms_pass() {
        assert_eq!(
            ja_problems("データキーは平文で保存されません"),
            vec!["\"平文\" (write \"プレーンテキスト\")"]
        );
        assert!(ja_problems("プレーンテキストのデータキーと KMS キー").is_empty());
        assert!(ja_problems("決定論的なシミュレーション").is_empty());
        assert_eq!(ja_problems("Deny 文と鍵").len(), 2);
    }
}
