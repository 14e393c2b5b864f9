//! The engine's learner-facing text is bilingual: every goal-check detail and every envelope
//! explanation (subject, numbered path, notes) has English and a Japanese text written in
//! Japanese, for every preset and every built-in lesson (its start and its solution).

use envelope_lab::lessons::{builtin_lessons, evaluate, start, Check, Observation};
use envelope_lab::sim::{presets, Scenario, Simulation};
use envelope_lab::text::Text;

fn assert_bilingual(what: &str, t: &Text) {
    assert!(!t.en().trim().is_empty(), "{what}: empty English ({t:?})");
    assert!(!t.ja().trim().is_empty(), "{what}: empty Japanese ({t:?})");
    assert!(
        t.ja() != t.en() && t.ja_is_japanese(),
        "{what}: Japanese is not Japanese: {:?} (en {:?})",
        t.ja(),
        t.en()
    );
}

/// Checks the envelope text of every step of a run; returns how many envelopes it saw.
fn check_envelopes(label: &str, scenario: &Scenario) -> usize {
    let mut sim = Simulation::new(scenario, 1).unwrap_or_else(|e| panic!("{label}: {e}"));
    sim.run_to_end();
    let mut seen = 0;
    for step in sim.steps() {
        // A step's "modelled" note is shown in the Japanese UI in Japanese.
        for note in step.modelled.texts() {
            assert_bilingual(&format!("{label} step {} modelled note", step.index), note);
        }
        let Some(env) = sim.envelope(step) else {
            continue;
        };
        seen += 1;
        let at = format!("{label} step {} {}", step.index, step.operation);
        assert_bilingual(&format!("{at} subject"), &env.subject);
        assert_bilingual(&format!("{at} data key note"), &env.data_key_note);
        assert!(!env.path.is_empty(), "{at}: no path");
        for (i, p) in env.path.iter().enumerate() {
            assert_bilingual(&format!("{at} path[{i}]"), p);
        }
        if let Some(m) = &env.modelled {
            assert_bilingual(&format!("{at} modelled"), m);
        }
        assert_bilingual(&format!("{at} produced"), &env.produced);
        for (i, lane) in env.lanes.iter().enumerate() {
            // API names (CiphertextBlob, InvalidCiphertextException) stay English in both.
            for (what, t) in [("input", &lane.input.label), ("output", &lane.output.label)] {
                assert!(
                    !t.en().is_empty() && !t.ja().is_empty(),
                    "{at} lane {i} {what}: {t:?}"
                );
            }
            assert_bilingual(&format!("{at} lane {i} via"), &lane.via);
            if let Some(how) = &lane.how {
                assert!(
                    !how.en().is_empty() && !how.ja().is_empty(),
                    "{at} lane {i} how"
                );
            }
            for note in [&lane.input.note, &lane.output.note].into_iter().flatten() {
                assert_bilingual(&format!("{at} lane {i} note"), note);
            }
        }
    }
    seen
}

/// Every scenario the test looks at: the presets, and each lesson's start and solution.
fn scenarios() -> Vec<(String, Scenario, std::collections::BTreeMap<String, f64>)> {
    let mut out: Vec<_> = presets::all()
        .iter()
        .map(|p| {
            (
                format!("preset {}", p.name),
                p.scenario(),
                Default::default(),
            )
        })
        .collect();
    for lesson in builtin_lessons() {
        let started = start::start_scenario(&lesson)
            .unwrap_or_else(|e| panic!("lesson {} start: {e}", lesson.id));
        out.push((
            format!("lesson {} start", lesson.id),
            started,
            Default::default(),
        ));
        let solved = start::solved_document(&lesson)
            .and_then(|d| start::to_scenario(&d))
            .unwrap_or_else(|e| panic!("lesson {} solution: {e}", lesson.id));
        out.push((
            format!("lesson {} solved", lesson.id),
            solved,
            lesson.solution.answers.clone(),
        ));
    }
    out
}

#[test]
fn every_envelope_text_is_bilingual() {
    let mut seen = 0;
    for (label, scenario, _) in scenarios() {
        seen += check_envelopes(&label, &scenario);
    }
    assert!(seen > 0, "no envelope was produced");
}

#[test]
fn every_goal_check_detail_is_bilingual() {
    let lessons = builtin_lessons();
    // Every check of every lesson, evaluated on every scenario (presets, lesson starts and
    // solutions), so both the passing and the failing wording of each check is exercised.
    let checks: Vec<(String, &Check)> = lessons
        .iter()
        .flat_map(|l| {
            l.goal
                .checks
                .iter()
                .enumerate()
                .map(move |(i, c)| (format!("{} check {i}", l.id), &c.check))
        })
        .collect();
    assert!(!checks.is_empty());
    let (mut passed, mut failed) = (0, 0);
    for (label, scenario, answers) in scenarios() {
        let obs = Observation::run(&scenario, 1)
            .unwrap_or_else(|e| panic!("{label}: {e}"))
            .with_answers(answers);
        for (name, check) in &checks {
            let r = evaluate(check, &obs);
            if r.passed {
                passed += 1;
            } else {
                failed += 1;
            }
            assert_bilingual(&format!("{name} on {label}"), &r.detail);
        }
    }
    assert!(passed > 0 && failed > 0, "{passed} passed, {failed} failed");
}

#[test]
fn english_check_details_keep_their_wording() {
    let Some(lesson) = envelope_lab::lessons::builtin_lesson("04-your-own-key-producer") else {
        panic!("lesson 4 missing")
    };
    let solved = start::solved_document(&lesson)
        .and_then(|d| start::to_scenario(&d))
        .unwrap_or_else(|e| panic!("{e}"));
    let obs = Observation::run(&solved, lesson.scenario.seed).unwrap_or_else(|e| panic!("{e}"));
    let details: Vec<Text> = lesson
        .goal
        .checks
        .iter()
        .map(|c| evaluate(&c.check, &obs).detail)
        .collect();
    assert!(
        details.iter().any(|d| d.en().ends_with("records delivered")
            && d.ja().contains("件のレコードが配信されました")),
        "{details:?}"
    );
}
