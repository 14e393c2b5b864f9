//! Fuzzing as part of the suite (issue 11 item 14): mutated scenarios, `eval` inputs,
//! policies for `lint`, lesson files and CloudFormation templates, each asserting no panic, bounded time, output
//! proportional to the input, runs within their budget, and every error located (path and
//! line and column, in English and Japanese). The share-link and saved-work decoders are
//! fuzzed by the web crate's `tests/fuzz_web.rs` with the same mutation engine.
//!
//! `cargo test` runs a short deterministic pass (a few hundred inputs per target); `make
//! fuzz` runs the long one (`FUZZ_CASES=20000`, release build). A failure names its case:
//! the same case number gives the same input on every machine.

#[path = "fuzz/mutate.rs"]
mod mutate;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use envelope_lab::cfn::{import, Options, Upload};
use envelope_lab::lessons::load::{parse_file, BUILTIN_LESSONS};
use envelope_lab::lessons::start::{parse_scenario, solved_document, start_document};
use envelope_lab::lessons::{evaluate_goal, CourseFile, Observation};
use envelope_lab::policy::{cli, lint};
use envelope_lab::sim::{presets, Budget, Scenario, ScenarioError, SimOptions, Simulation};

/// Steps a fuzzed run may make (a budget like the page's, smaller to keep cases fast).
const FUZZ_STEPS: u32 = 20_000;

/// Longest one case may take (debug build, shared machine: generous; typical cases take
/// milliseconds).
const LIMIT: Duration = Duration::from_secs(20);

fn engine_file(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn files_in(rel: &str) -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// A text error is located: a line and column inside the text, and a message in both
/// languages.
fn located(
    what: &str,
    line: usize,
    column: usize,
    text: &str,
    en: &str,
    ja: &str,
) -> Result<(), String> {
    let lines = text.lines().count().max(1) + 1;
    if line == 0 || column == 0 || line > lines {
        return Err(format!(
            "{what}: not located in the text (line {line}, column {column})"
        ));
    }
    if en.is_empty() || ja.is_empty() {
        return Err(format!("{what}: a language is missing: {en:?} / {ja:?}"));
    }
    if !ja.chars().any(envelope_lab::text::is_japanese) {
        return Err(format!("{what}: the Japanese is not Japanese: {ja:?}"));
    }
    Ok(())
}

fn scenario_error(e: &ScenarioError, text: &str) -> Result<&'static str, String> {
    if e.path.is_empty() || e.path.contains('?') {
        return Err(format!("scenario error with path {:?}: {e}", e.path));
    }
    let m = e.located();
    located("scenario error", e.line, e.column, text, m.en(), m.ja()).map(|()| "refused")
}

// --- scenario decoder and runs ---------------------------------------------------------

fn scenario_seeds() -> Vec<String> {
    let mut seeds: Vec<String> = presets::all()
        .iter()
        .filter_map(|p| presets::get(p.name))
        .map(|s| s.to_json_pretty())
        .collect();
    seeds.extend(
        files_in("tests/repro")
            .into_iter()
            .filter(|t| t.contains("\"roles\"")),
    );
    seeds
}

fn check_scenario(text: &str) -> Result<&'static str, String> {
    let scenario = match Scenario::from_json(text) {
        Ok(s) => s,
        Err(e) => return scenario_error(&e, text),
    };
    let options = SimOptions {
        keep_steps: false,
        budget: Budget {
            max_steps: FUZZ_STEPS,
            horizon: Budget::DEFAULT_HORIZON,
        },
    };
    let mut sim = match Simulation::with_options(&scenario, 1, options) {
        Ok(sim) => sim,
        Err(e) => return scenario_error(&e.in_text(text), text),
    };
    sim.run_to_end();
    if !sim.is_finished() {
        return Err("run_to_end came back unfinished".into());
    }
    // The run stops between events: the one crossing the budget adds at most one step per
    // object it touches (objects come from earlier steps or from the input).
    let bound = 2 * u64::from(FUZZ_STEPS) + text.len() as u64;
    if u64::from(sim.step_count()) > bound {
        return Err(format!(
            "{} steps, more than the budget allows",
            sim.step_count()
        ));
    }
    let summary = serde_json::to_string(&sim.summary()).map_err(|e| e.to_string())?;
    if summary.len() > 1_000_000 + 400 * sim.step_count() as usize {
        return Err(format!("summary of {} bytes", summary.len()));
    }
    if let Some(stop) = sim.budget_stop() {
        let n = stop.notice(envelope_lab::sim::Audience::Page);
        if n.en().is_empty() || !n.ja_is_japanese() {
            return Err(format!("budget notice {n:?}"));
        }
        return Ok("ran to its budget");
    }
    Ok("ran")
}

#[test]
fn fuzz_scenarios() {
    mutate::run(
        "scenario",
        &scenario_seeds(),
        mutate::cases(300),
        LIMIT,
        check_scenario,
    );
}

// --- eval ------------------------------------------------------------------------------

/// Eval inputs: each policy of the case files as the identity and the resource policy of
/// its file's default request, and the reproducer.
fn eval_seeds() -> Vec<String> {
    let mut seeds = Vec::new();
    for text in files_in("tests/policy_cases") {
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let request = doc["defaults"]["request"].clone();
        for (name, policy) in doc["policies"].as_object().into_iter().flatten().take(4) {
            let input = serde_json::json!({
                "request": request,
                "identity_policies": [{"name": name, "policy": policy}],
                "resource_policy": policy,
            });
            seeds.push(serde_json::to_string_pretty(&input).unwrap_or_default());
        }
    }
    seeds.push(engine_file(
        "tests/repro/eval-quadratic-variable-pattern.json",
    ));
    seeds
}

fn check_eval(text: &str) -> Result<&'static str, String> {
    match cli::eval_json(text) {
        // The eval document's own shape errors are the command line's and English only
        // (PolicyError::at); errors inside its policies come from the policy parser in
        // both languages.
        Err(e) => {
            let ja = match e.message.ja() {
                "" => "英語のみ",
                ja => ja,
            };
            located("eval error", e.line, e.column, text, e.message.en(), ja).map(|()| "refused")
        }
        Ok(out) => {
            let len = out.to_string().len();
            // Linear in the input (issue 11 item 7): long values are kept once.
            if len > 64 * text.len() + 200_000 {
                return Err(format!(
                    "{len} bytes of output for {} bytes of input",
                    text.len()
                ));
            }
            Ok("decided")
        }
    }
}

#[test]
fn fuzz_eval() {
    mutate::run("eval", &eval_seeds(), mutate::cases(300), LIMIT, check_eval);
}

// --- lint ------------------------------------------------------------------------------

/// Policies: every policy document of every preset and of the case files.
fn lint_seeds() -> Vec<String> {
    let mut seeds = Vec::new();
    for text in files_in("tests/policy_cases")
        .iter()
        .chain(&files_in("tests/lint_cases"))
    {
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else {
            continue;
        };
        for policy in doc["policies"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, p)| p)
        {
            seeds.push(serde_json::to_string_pretty(policy).unwrap_or_default());
        }
    }
    let s = serde_json::to_value(Scenario::default()).unwrap_or_default();
    for pointer in [
        "/keys/0/policy",
        "/roles/0/trust_policy",
        "/roles/0/inline_policies/0/document",
    ] {
        if let Some(p) = s.pointer(pointer) {
            seeds.push(serde_json::to_string_pretty(p).unwrap_or_default());
        }
    }
    seeds
}

fn check_lint(text: &str) -> Result<&'static str, String> {
    for kind in [
        "identity", "trust", "key", "bucket", "resource", "scp", "boundary",
    ] {
        let kind = cli::parse_kind(kind).ok_or("kind")?;
        let findings = lint(text, kind);
        if findings.len() > text.len() + 16 {
            return Err(format!(
                "{} findings for {} bytes",
                findings.len(),
                text.len()
            ));
        }
        for f in &findings {
            located(
                &f.code,
                f.line,
                f.column,
                text,
                f.message.en(),
                f.message.get("ja"),
            )?;
            if f.fix.en().is_empty() || f.fix.get("ja").is_empty() {
                return Err(format!("{}: no fix", f.code));
            }
        }
    }
    Ok(if text.contains("Statement") {
        "linted"
    } else {
        "linted (no Statement)"
    })
}

#[test]
fn fuzz_lint() {
    mutate::run("lint", &lint_seeds(), mutate::cases(300), LIMIT, check_lint);
}

// --- lesson files ----------------------------------------------------------------------

/// Runs a lesson's scenario document within the fuzz budget and checks its goal; a refusal
/// must be explained in both languages (the tutorial shows it).
fn run_goal(doc: &serde_json::Value, lesson: &envelope_lab::lessons::Lesson) -> Result<(), String> {
    let scenario = match parse_scenario(doc) {
        Ok(s) => s,
        Err(t) if t.ja_is_japanese() => return Ok(()),
        Err(t) => return Err(format!("lesson scenario refused without Japanese: {t:?}")),
    };
    let options = SimOptions {
        keep_steps: true,
        budget: Budget {
            max_steps: FUZZ_STEPS,
            horizon: Budget::DEFAULT_HORIZON,
        },
    };
    let mut sim = Simulation::with_options(&scenario, 1, options).map_err(|e| e.to_string())?;
    sim.run_to_end();
    let _ = evaluate_goal(&lesson.goal, &Observation::of(&sim));
    Ok(())
}

fn check_lesson(text: &str) -> Result<&'static str, String> {
    match parse_file(text) {
        Err(e) => {
            let m = e.located();
            located("lesson error", e.line, e.column, text, m.en(), m.ja()).map(|()| "refused")
        }
        Ok(CourseFile::Quiz(q)) => {
            let known: BTreeSet<String> = BUILTIN_LESSONS
                .iter()
                .filter_map(|(_, t)| envelope_lab::lessons::parse_lesson(t).ok())
                .map(|l| l.id)
                .collect();
            let _ = envelope_lab::lessons::validate::check_quiz_set(&q, &known);
            Ok("quiz checked")
        }
        Ok(CourseFile::Lesson(l)) => {
            if let Ok(doc) = start_document(&l.scenario) {
                run_goal(&doc, &l)?;
            }
            if let Ok(doc) = solved_document(&l) {
                run_goal(&doc, &l)?;
            }
            Ok("lesson ran")
        }
    }
}

#[test]
fn fuzz_lessons() {
    let seeds: Vec<String> = BUILTIN_LESSONS.iter().map(|(_, t)| t.to_string()).collect();
    mutate::run("lessons", &seeds, mutate::cases(150), LIMIT, check_lesson);
}

// --- CloudFormation templates ------------------------------------------------------------

/// Stray YAML (and CloudFormation) tokens for template mutations.
const YAML_TOKENS: &[&str] = &[
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "!Join ",
    "!Select ",
    "!Split ",
    "!If ",
    "!ImportValue ",
    "!FindInMap ",
    "!Condition ",
    "!Equals ",
    "&a ",
    "*a",
    "{",
    "}",
    "[",
    "]",
    ":",
    ": ",
    "- ",
    "\n",
    "  ",
    "\t",
    "${",
    "}",
    "Fn::Sub",
    "AWS::NoValue",
    "AWS::AccountId",
    "'",
    "\"",
    "#",
    "|\n",
    ">\n",
    "---\n",
    "!!str ",
    "!!int ",
    "~",
    "Ref",
    "Outputs.",
    ".Arn",
    "DependsOn: KMSStack\n",
    "Condition: X\n",
    "\u{3042}",
    "\\",
    "%",
];

fn cfn_fixtures(dir: &str, names: &[&str]) -> Vec<Upload> {
    names
        .iter()
        .map(|n| Upload {
            name: n.to_string(),
            text: engine_file(&format!("tests/cfn/{dir}/{n}")),
        })
        .collect()
}

/// An import is a scenario that runs within its budget, or an error located in a file
/// (line and column) in both languages.
fn check_cfn(files: &[Upload]) -> Result<&'static str, String> {
    let imported = match import(files, &Options::default()) {
        Ok(i) => i,
        Err(e) => {
            let text = files
                .iter()
                .find(|f| f.name == e.file)
                .map_or("", |f| f.text.as_str());
            if e.file.is_empty() {
                return Err(format!("error names no file: {e:?}"));
            }
            let m = &e.message;
            return located(
                "template error",
                e.line as usize,
                e.column as usize,
                text,
                m.en(),
                m.ja(),
            )
            .map(|()| "refused");
        }
    };
    let text = imported.scenario.to_json_pretty();
    check_scenario(&text).map(|_| "imported and ran")
}

#[test]
fn fuzz_cfn() {
    let sets = [
        cfn_fixtures(
            "seed",
            &["main.yaml", "kms.yaml", "kinesis.yaml", "lambda.yaml"],
        ),
        cfn_fixtures("intrinsics", &["intrinsics.yaml", "exporter.yaml"]),
        cfn_fixtures("intrinsics", &["intrinsics.json", "exporter.yaml"]),
    ];
    let palette = mutate::palette();
    let total = sets.len() + mutate::cases(600);
    let input = |case: usize, rng: &mut mutate::Rng| {
        let mut files = sets[case % sets.len()].clone();
        if case >= sets.len() {
            let i = rng.below(files.len());
            files[i].text = mutate::mutate_with(rng, &files[i].text, &palette, YAML_TOKENS);
        }
        files
    };
    let show = |files: &Vec<Upload>| {
        files
            .iter()
            .map(|f| format!("{}: {}", f.name, mutate::preview(&f.text)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    mutate::run_cases("cloudformation", total, LIMIT, input, show, |f| {
        check_cfn(f)
    });
}

// --- the bytes every command reads -----------------------------------------------------

#[test]
fn fuzz_utf8_input() {
    let seeds: Vec<String> = scenario_seeds().into_iter().take(3).collect();
    let mut rng = mutate::Rng::new(0xB17E5);
    for case in 0..mutate::cases(300) {
        let mut bytes = rng.pick(&seeds).clone().into_bytes();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(bytes.len());
            bytes.insert(at, *rng.pick(&[0xff, 0xc3, 0xe3, 0x80, 0xf0, 0xed]));
        }
        match envelope_lab::text::decode_utf8(&bytes) {
            Ok(_) => {}
            Err(t) => {
                let offset = std::str::from_utf8(&bytes).err().map(|e| e.valid_up_to());
                let want = format!("at byte offset {}", offset.unwrap_or(usize::MAX));
                assert!(t.en().contains(&want), "case {case}: {}", t.en());
                assert!(t.ja_is_japanese(), "case {case}");
            }
        }
    }
}
