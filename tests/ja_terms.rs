//! One word per concept in Japanese, as the glossary decides (`envelope_lab::lessons::style`):
//! no variant the course once mixed in (平文, 鍵, 配信先ロール, 決定的, Deny 文, 許可 (グラント), a
//! middle dot between Japanese terms…) appears in the Japanese texts of the web app or the
//! engine. The lesson files are checked by `lessons check` (engine/tests/lessons_check.rs).

use std::fs;
use std::path::{Path, PathBuf};

use envelope_lab::lessons::style::JA_VARIANTS;
use envelope_lab::sim::presets;
use envelope_lab::text::is_japanese;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Whether a separator sits next to Japanese text (spaces aside) somewhere in the line: the
/// English texts use a middle dot between their own words.
fn between_japanese(line: &str, dot: &str) -> bool {
    line.match_indices(dot).any(|(i, _)| {
        let before = line[..i].trim_end().chars().next_back();
        let after = line[i + dot.len()..].trim_start().chars().next();
        before.is_some_and(is_japanese) || after.is_some_and(is_japanese)
    })
}

#[test]
fn no_variant_of_a_glossary_term_in_the_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("engine/src"), &mut files);
    assert!(files.len() > 50, "sources found: {}", files.len());
    let mut found = Vec::new();
    for file in files {
        // The table of variants names them.
        if file.ends_with("lessons/style.rs") {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            for v in JA_VARIANTS {
                let dot = v.avoid == "·" || v.avoid == "・";
                if line.contains(v.avoid) && (!dot || between_japanese(line, v.avoid)) {
                    found.push(format!(
                        "{}:{}: {:?} (write {:?})",
                        file.display(),
                        n + 1,
                        v.avoid,
                        v.write
                    ));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn preset_descriptions_are_polite_and_use_the_terms() {
    for p in presets::all() {
        let ja = p.description.ja();
        assert!(ja.trim_end().ends_with("。"), "{}: {ja}", p.name);
        for sentence in ja.split('。').filter(|s| !s.trim().is_empty()) {
            let s = sentence.trim_end_matches(')').trim();
            assert!(
                s.ends_with("ます")
                    || s.ends_with("です")
                    || s.ends_with("せん")
                    || s.contains("ます (")
                    || s.contains("です ("),
                "{}: not です/ます style: {sentence}",
                p.name
            );
        }
    }
}
