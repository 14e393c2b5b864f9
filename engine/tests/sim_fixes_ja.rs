//! The Japanese of every fix text the run offers (issue 19 §6): over every preset's
//! failures, the summary, each option's explanation, place, next failure and modelled note,
//! the notes, rejected reasons and the reason for no fix have no half-width space between a
//! Japanese word and a particle (「キーポリシー のステートメント」) and none after 「。」.

use std::collections::BTreeSet;

use envelope_lab::sim::fixes::{FixCache, FixKind};
use envelope_lab::sim::{presets, Simulation};
use envelope_lab::text::Text;

fn japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')
}

/// The first bad spacing in `s`, with a little context.
fn bad_spacing(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    for i in 1..chars.len().saturating_sub(1) {
        if chars[i] != ' ' {
            continue;
        }
        let (before, after) = (chars[i - 1], chars[i + 1]);
        let particle = "のをにがでとはへもや".contains(after);
        if (japanese(before) && particle) || before == '。' {
            let from = i.saturating_sub(12);
            return Some(chars[from..(i + 12).min(chars.len())].iter().collect());
        }
    }
    None
}

/// Every fix text of every preset's failures, with where it comes from; `policy`: also the
/// explanations the policy engine writes.
fn fix_texts(policy: bool) -> Vec<(String, Text)> {
    let mut texts: Vec<(String, Text)> = Vec::new();
    for p in presets::all() {
        let mut sim = Simulation::new(&p.scenario(), 1).expect("builds");
        sim.run_to_end();
        let mut cache = FixCache::new();
        let mut seen = BTreeSet::new();
        for s in sim.steps().iter().filter(|s| !s.outcome.is_ok()) {
            if !seen.insert((s.operation, s.principal.to_string())) {
                continue;
            }
            let Some(f) = cache.fixes_for(&sim, s.index) else {
                continue;
            };
            let at = |what: &str| format!("{} step {}: {what}", p.name, s.index);
            texts.push((at("summary"), f.summary.clone()));
            texts.extend(f.notes.iter().map(|n| (at("note"), n.clone())));
            texts.extend(f.no_fix_reason.iter().map(|n| (at("no fix"), n.clone())));
            texts.extend(
                f.rejected
                    .iter()
                    .map(|r| (at("rejected"), r.reason.clone())),
            );
            for o in &f.options {
                let k = o.kind.as_str();
                if policy || !matches!(o.kind, FixKind::Policy(_)) {
                    texts.push((at(k), o.explanation.clone()));
                }
                texts.extend(o.targets.iter().map(|t| (at(k), t.label.clone())));
                texts.extend(o.next_failure.iter().map(|t| (at(k), t.clone())));
                texts.extend(o.modelled.iter().map(|t| (at(k), t.clone())));
            }
        }
    }
    texts
}

fn check(texts: &[(String, Text)]) {
    assert!(texts.len() > 50, "{} texts", texts.len());
    let bad: Vec<String> = texts
        .iter()
        .filter_map(|(w, t)| bad_spacing(t.get("ja")).map(|b| format!("{w}: …{b}…")))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_runs_fix_texts_in_japanese_have_no_stray_half_width_spaces() {
    check(&fix_texts(false));
}

/// The policy engine's explanations (`policy::fix::texts`) too: a document label that ends
/// in Japanese (「KinesisKey のキーポリシー」) meeting a template's 「{doc} の」 is tidied where
/// the report leaves the engine.
#[test]
fn the_policy_engines_fix_texts_in_japanese_have_no_stray_half_width_spaces() {
    check(&fix_texts(true));
}

/// Wording that drifted from the English (issue 20 §6): "audit use per role" had become
/// 「管理できず」, and 「直接呼び出されており」 read as if the request were the one called.
#[test]
fn the_japanese_says_audit_and_a_direct_request_plainly() {
    let texts = fix_texts(true);
    for (w, t) in &texts {
        for old in ["管理できず", "直接呼び出されており"] {
            assert!(!t.get("ja").contains(old), "{w}: {}", t.get("ja"));
        }
    }
    let managed = texts
        .iter()
        .find(|(w, _)| w.ends_with("use_aws_managed_key"))
        .expect("an AWS managed key option");
    assert!(managed.1.en().contains("audit use per role"));
    assert!(managed.1.get("ja").contains("キーポリシーで監査することも"));
    let widen = texts
        .iter()
        .find(|(w, _)| w.starts_with("via-service-mismatch") && w.ends_with("widen_condition"))
        .expect("the widened kms:ViaService");
    assert!(
        widen
            .1
            .get("ja")
            .contains("サービス経由ではなく直接行われました"),
        "{}",
        widen.1.get("ja")
    );
}
