//! The fuzz harnesses' mutation engine and runner (shared by `engine/tests/fuzz.rs` and the
//! web crate's `tests/fuzz_web.rs`). Deterministic: case `i` of a target always gets the
//! same input, from a fixed seed, so a failure names its case and reproduces.
//!
//! Inputs start from real documents (presets, lessons, policies, the reproducers) and get
//! one to four mutations: structural ones (a value replaced by a hostile one from a
//! palette, or by a subtree copied from elsewhere in the document, a member dropped or an
//! unknown one added) and textual ones (truncation, a stray token, a deleted or doubled
//! span, a character swapped), as the mutations that found `tests/repro/` did.

#![allow(dead_code)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Cases per target: `FUZZ_CASES` (the long run, `make fuzz`), else `default`.
pub fn cases(default: usize) -> usize {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// SplitMix64: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Values that broke, or could break, something: out-of-range numbers, far times, huge and
/// empty strings, deep nesting, wildcards and variables, the wrong type.
pub fn palette() -> Vec<Value> {
    let mut deep = json!(1);
    for _ in 0..70 {
        deep = json!([deep]);
    }
    vec![
        json!(4_294_967_296u64),
        json!(18_446_744_073_709_551_615u64),
        json!(-1),
        json!(0),
        json!(1e308),
        json!(0.5),
        json!(1_000_000),
        json!("100000000d"),
        json!("106751d"),
        json!("36500d"),
        json!("401d"),
        json!("9999-12-31T23:59:59Z"),
        json!("0000-01-01T00:00:00Z"),
        json!("1ms"),
        json!("0"),
        json!(""),
        json!("A".repeat(5000)),
        json!("${$}${?}${*}".repeat(300)),
        json!("*"),
        json!("alias/aws/s3"),
        json!("arn:aws:iam::123456789012:root"),
        json!("arn:aws:sts::123456789012:assumed-role/R/s"),
        json!("kms:*"),
        json!("\u{0}\u{feff}é"),
        json!(null),
        json!(true),
        json!([]),
        json!({}),
        json!({"AWS": "*"}),
        deep,
    ]
}

/// Stray tokens for JSON text.
pub const JSON_TOKENS: &[&str] = &[
    "{", "}", "[", "]", "\"", ":", ",", "\\", "nul", "1e99999", "é", "\u{feff}",
];

/// One mutated document from `seed`: usually one mutation (so that most inputs still get
/// past the decoder and exercise what follows), sometimes up to four; three in four are
/// structural (for JSON; a text that is not JSON gets textual ones).
pub fn mutate(rng: &mut Rng, seed: &str, palette: &[Value]) -> String {
    mutate_with(rng, seed, palette, JSON_TOKENS)
}

/// [`mutate`] with the stray tokens of another syntax (YAML for templates).
pub fn mutate_with(rng: &mut Rng, seed: &str, palette: &[Value], tokens: &[&str]) -> String {
    let mut text = seed.to_string();
    let count = if rng.below(10) < 7 {
        1
    } else {
        2 + rng.below(3)
    };
    for _ in 0..count {
        text = match rng.below(4) {
            0 => textual(rng, &text, tokens),
            _ => structural(rng, &text, palette, tokens),
        };
    }
    text
}

/// A structural mutation of a JSON document (a textual one when it is not JSON).
fn structural(rng: &mut Rng, text: &str, palette: &[Value], tokens: &[&str]) -> String {
    let Ok(mut doc) = serde_json::from_str::<Value>(text) else {
        return textual(rng, text, tokens);
    };
    let donor = random_node(rng, &doc).clone();
    let target = random_node_mut(rng, &mut doc);
    match rng.below(6) {
        0 | 1 => *target = rng.pick(palette).clone(),
        2 => *target = donor,
        3 => {
            if let Some(m) = target.as_object_mut() {
                if let Some(k) = m.keys().nth(rng.below(m.len())).cloned() {
                    m.remove(&k);
                }
            }
        }
        4 => {
            if let Some(m) = target.as_object_mut() {
                m.insert("unexpected_field".into(), rng.pick(palette).clone());
            } else if let Some(a) = target.as_array_mut() {
                for _ in 0..1 + rng.below(3) {
                    a.push(donor.clone());
                }
            }
        }
        _ => {
            if let Some(n) = target.as_u64() {
                *target = json!(n.wrapping_mul(1 + rng.below(1_000_000) as u64));
            } else if let Some(s) = target.as_str() {
                *target = json!(format!("{s}{s}"));
            }
        }
    }
    if rng.below(2) == 0 {
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    } else {
        doc.to_string()
    }
}

/// A textual mutation: truncation, a stray token, a deleted or doubled span, a swap.
fn textual(rng: &mut Rng, text: &str, tokens: &[&str]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = rng.below(chars.len() + 1);
    let span = (at + 1 + rng.below(40)).min(chars.len());
    let mut out: Vec<char> = chars.clone();
    match rng.below(5) {
        0 => out.truncate(at),
        1 => {
            let token = *rng.pick(tokens);
            out.splice(at..at, token.chars());
        }
        2 => {
            out.drain(at..span);
        }
        3 => {
            let copy: Vec<char> = chars[at..span].to_vec();
            out.splice(at..at, copy);
        }
        _ => {
            if at < out.len() {
                out[at] = *rng.pick(&['"', '0', 'x', ' ', '}', '\n']);
            }
        }
    }
    out.into_iter().collect()
}

fn random_node<'a>(rng: &mut Rng, mut v: &'a Value) -> &'a Value {
    loop {
        let stop = rng.below(4) == 0;
        let next = match v {
            Value::Object(m) if !m.is_empty() && !stop => m.values().nth(rng.below(m.len())),
            Value::Array(a) if !a.is_empty() && !stop => a.get(rng.below(a.len())),
            _ => None,
        };
        match next {
            Some(n) => v = n,
            None => return v,
        }
    }
}

fn random_node_mut<'a>(rng: &mut Rng, v: &'a mut Value) -> &'a mut Value {
    let len = match &*v {
        Value::Object(m) => m.len(),
        Value::Array(a) => a.len(),
        _ => 0,
    };
    if len == 0 || rng.below(4) == 0 {
        return v;
    }
    let i = rng.below(len);
    match v {
        Value::Object(m) => random_node_mut(rng, m.values_mut().nth(i).expect("i < len")),
        Value::Array(a) => random_node_mut(rng, &mut a[i]),
        other => other,
    }
}

/// Runs `check` on `cases` inputs mutated from `seeds`: every panic and every broken
/// property is a failure naming its case; the slowest case must take under `limit`. A
/// passing check says what became of the input (`refused`, `ran`, …), tallied in the line
/// printed (seen with `--nocapture`): `fuzz <target>: <n> inputs in <t>, slowest <ms>`.
pub fn run(
    target: &str,
    seeds: &[String],
    cases: usize,
    limit: Duration,
    check: impl Fn(&str) -> Result<&'static str, String>,
) {
    assert!(!seeds.is_empty(), "{target}: no seed documents");
    let palette = palette();
    // Each seed as it is, then mutations.
    let input = |case: usize, rng: &mut Rng| match seeds.get(case) {
        Some(s) => s.clone(),
        None => {
            let seed = rng.pick(seeds).clone();
            mutate(rng, &seed, &palette)
        }
    };
    run_cases(
        target,
        seeds.len() + cases,
        limit,
        input,
        |s| preview(s),
        |s| check(s),
    );
}

/// The runner under [`run`], for inputs of any shape: `input` makes case `i` from a
/// generator seeded by `i` alone (the same input on every run), `show` prints an input in
/// a failure report.
pub fn run_cases<T>(
    target: &str,
    total: usize,
    limit: Duration,
    input: impl Fn(usize, &mut Rng) -> T,
    show: impl Fn(&T) -> String,
    check: impl Fn(&T) -> Result<&'static str, String>,
) {
    let started = Instant::now();
    let mut slowest = (Duration::ZERO, 0);
    let mut failures = Vec::new();
    let mut tally = std::collections::BTreeMap::new();
    for case in 0..total {
        let mut rng = Rng::new(0x5EED_0000 ^ (case as u64).wrapping_mul(0x9E37_79B9));
        let input = input(case, &mut rng);
        let t0 = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| check(&input)));
        let took = t0.elapsed();
        if took > slowest.0 {
            slowest = (took, case);
        }
        let problem = match outcome {
            Ok(Ok(what)) => {
                *tally.entry(what).or_insert(0) += 1;
                None
            }
            Ok(Err(why)) => Some(why),
            Err(_) => Some("panicked".to_string()),
        };
        if let Some(why) = problem {
            failures.push(format!("case {case}: {why}\n  input: {}", show(&input)));
        }
        if took > limit {
            failures.push(format!(
                "case {case}: took {took:?} (limit {limit:?})\n  input: {}",
                show(&input)
            ));
        }
    }
    println!(
        "fuzz {target}: {total} inputs in {:.1?}, slowest {:.1?} (case {}); {tally:?}",
        started.elapsed(),
        slowest.0,
        slowest.1
    );
    assert!(
        failures.is_empty(),
        "fuzz {target}: {} failure(s):\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The first 400 characters of an input (and its length when cut).
pub fn preview(input: &str) -> String {
    let cut: String = input.chars().take(400).collect();
    if cut.len() < input.len() {
        format!("{cut}… ({} bytes)", input.len())
    } else {
        cut
    }
}
